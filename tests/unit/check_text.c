/* check_text.c: unit tests of the text scanner (text.c): the code forms, the decoys, positions, splits, writers. */
#include "config.h"

#include <check.h>
#include <ctype.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "chars.h"
#include "db.h"
#include "input.h"
#include "match.h"
#include "pool.h"
#include "text-classify.h"
#include "text-rules.h"
#include "text-words.h"
#include "text.h"
#include "xalloc.h"

#define MAX_HITS	64
#define REF_2024_05_15	1715731200	/* 2024-05-15T00:00:00Z */
#define BUF_CAP		(260 * 1024)	/* the scanner's buffer: KEEP + CHUNK in text.c */

/* One finding as the tests look at it: its strings copied. */
struct hit {
	uint32_t		value;
	enum finding_form	form;
	uint64_t		line, offset;
	char			match[96];
	char			writer[96];
	char			host[96];
	char			method[96];
	int64_t			time;
};

struct hits {
	size_t		n;
	struct hit	h[MAX_HITS];
};

static struct db	*db;
static struct hits	 hits;

static void
load(void)
{
	const char	*dirs[] = { TEST_RULESDIR };
	char		*err = NULL;

	db = db_load(dirs, NULL, 1, &err);
	ck_assert_msg(db != NULL, "rules: %s", err != NULL ? err : "?");
}

static void
unload(void)
{
	db_free(db);
	db = NULL;
}

static void
copy(char *dst, size_t size, const char *src, size_t n)
{
	if (src == NULL) {
		dst[0] = '\0';
		return;
	}
	if (n >= size)
		n = size - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

static void
collect(void *ctx, const struct finding *f)
{
	struct hits	*hs = ctx;
	struct hit	*h;

	ck_assert_uint_lt(hs->n, MAX_HITS);
	h = &hs->h[hs->n++];
	h->value = f->value;
	h->form = f->form;
	h->line = f->line;
	h->offset = f->offset;
	h->time = f->time;
	copy(h->match, sizeof h->match, f->match, f->match_len);
	copy(h->writer, sizeof h->writer, f->writer, f->writer ? strlen(f->writer) : 0);
	copy(h->host, sizeof h->host, f->host, f->host ? strlen(f->host) : 0);
	copy(h->method, sizeof h->method, f->method, f->method ? strlen(f->method) : 0);
}

static void
on_error(void *ctx, const char *msg)
{
	ck_abort_msg("input error: %s", msg);
}

/* An input reading text[0..len) from an unlinked temporary file. */
static struct input *
mem_input(const char *text, size_t len)
{
	char	path[] = "/tmp/check_text.XXXXXX";
	int	fd = mkstemp(path);
	size_t	off = 0;

	ck_assert_int_ge(fd, 0);
	unlink(path);
	while (off < len) {
		ssize_t	n = write(fd, text + off, len - off);

		ck_assert_int_gt(n, 0);
		off += (size_t)n;
	}
	ck_assert_int_eq(lseek(fd, 0, SEEK_SET), 0);
	return input_fdopen(fd, "mem.log", on_error, NULL);
}

static struct scanner *
scanner(int all_codes)
{
	struct scan_opts	 o;
	struct scanner		*s;
	char			*err = NULL;

	memset(&o, 0, sizeof o);
	o.all_codes = all_codes;
	o.ts.reference = REF_2024_05_15;
	s = scanner_new(db, &o, &err);
	ck_assert_msg(s != NULL, "scanner: %s", err != NULL ? err : "?");
	return s;
}

/* Scans text[0..len) as one text input; the findings go to hits. */
static void
scan_len(const char *text, size_t len)
{
	struct scanner	*s = scanner(0);
	struct input	*in = mem_input(text, len);

	memset(&hits, 0, sizeof hits);
	scanner_text(s, in, "mem.log", collect, &hits);
	input_close(in);
	scanner_free(s);
}

static void
scan(const char *text)
{
	scan_len(text, strlen(text));
}

/* Asserts that a line of its own gives exactly one finding of value and form. */
static void
expect_one(const char *text, uint32_t value, enum finding_form form)
{
	scan(text);
	ck_assert_msg(hits.n == 1, "%zu findings in \"%s\"", hits.n, text);
	ck_assert_msg(hits.h[0].value == value, "0x%08X, not 0x%08X, in \"%s\"",
	    hits.h[0].value, value, text);
	ck_assert_msg(hits.h[0].form == form, "form %s, not %s, in \"%s\"",
	    finding_form_name(hits.h[0].form), finding_form_name(form), text);
}

static void
expect_none(const char *text)
{
	scan(text);
	ck_assert_msg(hits.n == 0, "%zu findings (the first 0x%08X, \"%s\") in \"%s\"", hits.n,
	    hits.h[0].value, hits.h[0].match, text);
}

START_TEST(test_hex)
{
	expect_one("VSS 12289: DeviceIoControl failed. hr = 0x8004230F, provider error.\n",
	    0x8004230F, FORM_HEX);
	ck_assert_str_eq(hits.h[0].match, "0x8004230F");
	expect_one("Snapshot of C: failed: Error 0x800423F3L\n", 0x800423F3, FORM_HEX);
	ck_assert_str_eq(hits.h[0].match, "0x800423F3L");
	expect_one("hr = 0X80070005, Access is denied.\n", 0x80070005, FORM_HEX);
	expect_one("volsnap: hr=0x80042306\n", 0x80042306, FORM_HEX);
	/* a success code only when it is a VSS_S_ name */
	expect_one("snapshot status 0x0004230A\n", 0x0004230A, FORM_HEX);
	expect_none("snapshot status 0x00000000\n");
}
END_TEST

START_TEST(test_bare_hex)
{
	expect_one("vshadow.exe: Returned HRESULT: 80042306\n", 0x80042306, FORM_BARE_HEX);
	ck_assert_str_eq(hits.h[0].match, "80042306");
	/* without 0x, only a code the database knows */
	expect_none("vshadow.exe: Returned HRESULT: 8123ABCD\n");
	/* inside a word */
	expect_none("VSS backup file backup_x80070005.vbk tag ID80042306\n");
}
END_TEST

START_TEST(test_decimal)
{
	expect_one("Snapshot attempt 1 of 3 failed, HResult=-2147212529\n", 0x8004230F,
	    FORM_SIGNED);
	ck_assert_str_eq(hits.h[0].match, "-2147212529");
	expect_one("Backup failed with error code '2147942405'\n", 0x80070005, FORM_UNSIGNED);
	expect_one("Backup 5: ErrorMessage %%2155348254\n", 0x8078011E, FORM_MSGREF);
	/* a decimal needs its key word */
	expect_none("VSS backup copied 2147942405 bytes of 3221225506 in 2155348254 ms\n");
	expect_none("VSS backup pid -2147212529 started\n");
}
END_TEST

START_TEST(test_names)
{
	expect_one("IVssAsync::QueryStatus returned VSS_E_INSUFFICIENT_STORAGE\n", 0x8004231F,
	    FORM_NAME);
	ck_assert_str_eq(hits.h[0].match, "VSS_E_INSUFFICIENT_STORAGE");
	/* a Win32 name is reported as its HRESULT */
	expect_one("Snapshot request refused: ERROR_ACCESS_DENIED\n", 0x80070005, FORM_NAME);
	/* names are in capitals, and whole words */
	expect_none("IVssAsync returned vss_e_insufficient_storage\n");
	expect_none("IVssAsync returned XVSS_E_INSUFFICIENT_STORAGE\n");
	expect_none("IVssAsync returned VSS_E_NO_SUCH_NAME_AT_ALL\n");
}
END_TEST

START_TEST(test_vssadmin)
{
	scan("Writer name: 'SqlServerWriter'\n"
	    "   Writer Id: {a65faa63-5ea8-4ebc-9dbd-a0c4db26912a}\n"
	    "   State: [8] Failed\n"
	    "   Last error: Retryable error\n"
	    "\n"
	    "Writer name: 'System Writer'\n"
	    "   State: [1] Stable\n"
	    "   Last error: No error\n");
	ck_assert_uint_eq(hits.n, 1);
	ck_assert_uint_eq(hits.h[0].value, 0x800423F3);
	ck_assert_int_eq(hits.h[0].form, FORM_PHRASE);
	ck_assert_str_eq(hits.h[0].match, "Retryable error");
	ck_assert_uint_eq(hits.h[0].line, 4);
	ck_assert_str_eq(hits.h[0].writer, "SqlServerWriter");
	/* not at a line start: no vssadmin field */
	expect_none("the log says Last error: Retryable error\n");
}
END_TEST

START_TEST(test_decoys)
{
	static const char *const decoys[] = {
		/* GUIDs and their groups */
		"VSS snapshot set {80042306-5f6a-4b7c-8d9e-0f1a2b3c4d5e}\n",
		"VSS instance {7848396d-00b1-47cd-8ba9-800423f3c402}\n",
		"VSS provider 800423F4-B5C7-4D3E-9A10-6F2B8C4D1E07 registered\n",
		/* addresses: longer than eight digits */
		"VSS buffer at 0xFFFFF80080042306, stack 0x00007FF6800423F3\n",
		/* checksums and hashes */
		"VSS backup block crc 80070057, hash 0x80070005, digest 0x800423F3\n",
		"VSS block sha1=80070005d1e2f3a4b5c69d8e7f60a1b2c3d4e5f6 crc32=800423F3\n",
		/* a hex dump */
		"0000: 80070005 800423F3 80042306 C0000022  ................\n",
		/* function arguments */
		"VSS CreateFileW(\"\\\\.\\C:\", 0x80000000, 0x00000003, NULL)\n",
		/* timestamps and epoch seconds */
		"2024-05-14 02:13:09.417 VSS session 1715652789 started at 1715652789\n",
		"VSS backup pid 2147942405 tid 2147754995 sequence 2155348254\n",
	};
	size_t	i;

	for (i = 0; i < sizeof decoys / sizeof decoys[0]; i++)
		expect_none(decoys[i]);
	/* the same code introduced by a key word is found */
	expect_one("VSS CreateFileW(\"x\", 0x3) failed, hr = 0x80070005\n", 0x80070005, FORM_HEX);
}
END_TEST

START_TEST(test_positions)
{
	const char	*text = "2024-05-14 02:13:09 VSS start\r\n"
	    "no code here\r\n"
	    "2024-05-14 02:13:10 VSS DoSnapshotSet failed. hr = 0x80042306\r\n"
	    "\r\n"
	    "last line without newline: VSS_E_PROVIDER_VETO";
	const char	*p = strstr(text, "0x80042306"), *q = strstr(text, "VSS_E_PROVIDER_VETO");

	scan(text);
	ck_assert_uint_eq(hits.n, 2);
	ck_assert_uint_eq(hits.h[0].line, 3);
	ck_assert_uint_eq(hits.h[0].offset, (uint64_t)(p - text));
	ck_assert_int_eq(hits.h[0].time, 1715652790);
	ck_assert_str_eq(hits.h[0].method, "DoSnapshotSet");
	ck_assert_uint_eq(hits.h[1].line, 5);
	ck_assert_uint_eq(hits.h[1].offset, (uint64_t)(q - text));
	ck_assert_uint_eq(hits.h[1].value, 0x80042306);
}
END_TEST

/*
 * A method is a name standing as a word of its own (method_re: \\b NAME \\b,
 * with case): next to a byte outside ASCII, a colon or a dot it counts; glued to
 * a letter, a digit or an underscore, or in other case, it does not.
 */
START_TEST(test_method_words)
{
	static const struct {
		const char	*line, *method;
	} t[] = {
		{ "VSS DoSnapshotSet failed. hr = 0x80042306\n", "DoSnapshotSet" },
		{ "VSS IVssBackupComponents::DoSnapshotSet failed. hr = 0x80042306\n", "DoSnapshotSet" },
		{ "VSS \xC3\xA9" "DoSnapshotSet\xC3\xA9 failed. hr = 0x80042306\n", "DoSnapshotSet" },
		{ "VSS (DoSnapshotSet). hr = 0x80042306\n", "DoSnapshotSet" },
		{ "VSS xDoSnapshotSet failed. hr = 0x80042306\n", "" },
		{ "VSS DoSnapshotSet2 failed. hr = 0x80042306\n", "" },
		{ "VSS DoSnapshotSet_ failed. hr = 0x80042306\n", "" },
		{ "VSS _DoSnapshotSet failed. hr = 0x80042306\n", "" },
		{ "VSS dosnapshotset failed. hr = 0x80042306\n", "" },
		{ "VSS DOSNAPSHOTSET failed. hr = 0x80042306\n", "" },
		{ "VSS IVssAsync::QueryStatus for DoSnapshotSet: hr = 0x80042306\n", NULL },
		/* words found 64 bytes at a time: a name across, at and after a block's end */
		{ "VSS a long line of words before the name of the method at DoSnapshotSet "
		    "failed. hr = 0x80042306\n", "DoSnapshotSet" },
		{ "VSS a long line of words before the name of the method, end: DoSnapshotSet "
		    "failed. hr = 0x80042306\n", "DoSnapshotSet" },
		{ "VSS a long line of words before the name of the method, one: x DoSnapshotSet "
		    "failed. hr = 0x80042306\n", "DoSnapshotSet" },
		{ "VSS a long line of words before the name of the method, ends: xDoSnapshotSet "
		    "failed. hr = 0x80042306\n", "" },
		{ "VSS a_long_line_of_words_glued_before_the_name_of_the_method_xxxxxxxDoSnapshotSet "
		    "failed. hr = 0x80042306\n", "" },
		{ "VSS a long line of words before the name of the method, two: xx DoSnapshotSet "
		    "failed. hr = 0x80042306\n", "DoSnapshotSet" },
		{ "VSS a long line of words before the name of the: DoSnapshotSet "
		    "failed. hr = 0x80042306\n", "DoSnapshotSet" },
		{ "VSS a long line of words before the name of the method, ends: xxDoSnapshotSet "
		    "failed. hr = 0x80042306\n", "" },
		{ "VSS a long line of words before the name of the method at (0x80042306): "
		    "DoSnapshotSet\n", "DoSnapshotSet" },
	};
	size_t	i;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		scan(t[i].line);
		ck_assert_uint_eq(hits.n, 1);
		if (t[i].method != NULL)
			ck_assert_msg(strcmp(hits.h[0].method, t[i].method) == 0,
			    "line %zu: method '%s', wanted '%s'", i, hits.h[0].method, t[i].method);
		else
			ck_assert_msg(hits.h[0].method[0] != '\0', "line %zu: no method", i);
	}
}
END_TEST

/*
 * text_introduced finds every key word of the rules' lists just before a
 * code, as written, in capitals and in small letters, after a word and
 * alone: the test of a key word's last byte, made before the walk back over
 * the word, must let each through.
 */
START_TEST(test_key_words_found)
{
	static const struct {
		const char	*list;
		size_t		 off;
	} sets[] = {
		{ "error", offsetof(struct scan_rules, err_words) },
		{ "decimal", offsetof(struct scan_rules, dec_words) },
		{ "not-code", offsetof(struct scan_rules, not_words) },
		{ "win32-call", offsetof(struct scan_rules, win32_calls) },
	};
	const char *const	*w;
	const struct scan_kwset	*set;
	struct scan_rules	*r;
	char			*err = NULL, line[256], kw[200];
	size_t			 i, k, n, v, len, tried = 0;

	r = scan_rules_new(db, &err);
	ck_assert_msg(r != NULL, "%s", err != NULL ? err : "?");
	for (i = 0; i < sizeof sets / sizeof sets[0]; i++) {
		set = (const struct scan_kwset *)(const void *)((const char *)r + sets[i].off);
		w = db_keywords(db, sets[i].list, &n);
		for (k = 0; k < n; k++) {
			for (v = 0; v < 4; v++) {
				snprintf(kw, sizeof kw, "%s", w[k]);
				for (len = 0; kw[len] != '\0' && v < 2; len++) {
					if ((unsigned char)kw[len] < 0x80)
						kw[len] = (char)(v == 0 ? toupper((unsigned char)kw[len]) :
						    tolower((unsigned char)kw[len]));
				}
				len = (size_t)snprintf(line, sizeof line, "%s%s 0x80042306",
				    v == 3 ? "" : "at ", kw);
				if (len >= sizeof line)
					continue;
				ck_assert_msg(text_introduced((const unsigned char *)line, len - 10, 0,
				    set), "[keywords %s] \"%s\" not found in \"%s\"", sets[i].list,
				    w[k], line);
				tried++;
			}
		}
	}
	ck_assert_uint_gt(tried, 100);
	scan_rules_free(r);
}
END_TEST

/*
 * Every first byte scan_rules marks as sure to start a record does: the
 * joined [record] regex matches a line opening with it, whatever follows.
 */
static size_t
ck_record_sure(const struct db *d)
{
	static const char	*rest[] = { "", "x", "y", " ", "\t", "1", "Log Name:", "\n" };
	struct scan_rules	*r;
	struct match_result	 m;
	char			*err = NULL, line[32];
	size_t			 k, n, sure = 0;
	int			 c;

	r = scan_rules_new(d, &err);
	ck_assert_msg(r != NULL, "%s", err != NULL ? err : "?");
	for (c = 0; c < 256; c++) {
		if (!r->record_sure[c])
			continue;
		sure++;
		for (k = 0; k < sizeof rest / sizeof rest[0]; k++) {
			line[0] = (char)c;
			n = 1 + (size_t)snprintf(line + 1, sizeof line - 1, "%s", rest[k]);
			ck_assert_msg(match_exec(r->record_re, line, n, 0, &m) == 1,
			    "byte 0x%02x then \"%s\": not a record's start", (unsigned)c, rest[k]);
		}
	}
	scan_rules_free(r);
	return sure;
}

/*
 * The first bytes text_record_start takes without the regex: the shipped
 * rules' ^[0-9] and ^[<\[]; none when the first [record] pattern is more
 * than one class (and so none of the later ones either); a negated class
 * and a caseless one as their regexes read them.
 */
START_TEST(test_record_sure)
{
	static const char	*own[] = {
		"[record timestamp]\nregex = ^[0-9](?=x)\n",
		"[record timestamp]\nregex = ^[[:digit:]]\n",
		"[record timestamp]\nregex = ^[0-9]x\n",
		"[record timestamp]\nregex = ^[\\d]\n",
		"[record timestamp]\nregex = ^[^a-z]\n",
		"[record timestamp]\nregex = ^[a-c]\ncaseless = yes\n",
	};
	/* the override keeps its place, first: ^[<\[] after it adds '<' and '[' */
	static const size_t	 want[] = { 0, 0, 0, 0, 256 - 26, 6 + 2 };
	const char		*dirs[2] = { TEST_RULESDIR, NULL };
	char			 dir[] = "/tmp/check_text.XXXXXX", path[64], *err = NULL;
	struct db		*d;
	struct scan_rules	*r;
	FILE			*f;
	size_t			 i;
	int			 c;

	ck_assert_uint_eq(ck_record_sure(db), 10 + 2);
	r = scan_rules_new(db, &err);
	for (c = '0'; c <= '9'; c++)
		ck_assert(r->record_sure[c]);
	ck_assert(r->record_sure['<'] && r->record_sure['['] && !r->record_sure['J']);
	scan_rules_free(r);
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/own.rules", dir);
	dirs[1] = dir;
	for (i = 0; i < sizeof own / sizeof own[0]; i++) {
		ck_assert_ptr_nonnull(f = fopen(path, "w"));
		fputs(own[i], f);
		ck_assert_int_eq(fclose(f), 0);
		d = db_load(dirs, NULL, 2, &err);
		ck_assert_msg(d != NULL, "rules: %s", err != NULL ? err : "?");
		ck_assert_msg(ck_record_sure(d) == want[i], "rules %zu: %zu sure bytes", i,
		    ck_record_sure(d));
		db_free(d);
	}
	ck_assert_int_eq(unlink(path), 0);
	ck_assert_int_eq(rmdir(dir), 0);
}
END_TEST

/* A plain search for "riter": what text_has_riter must answer. */
static int
ck_riter_plain(const char *p, size_t n)
{
	size_t	i;

	for (i = 0; i + 5 <= n; i++) {
		if (memcmp(p + i, "riter", 5) == 0)
			return 1;
	}
	return 0;
}

/* Does one of the rules' context patterns give a writer on the line? */
static int
ck_ctx_writer(const struct scan_rules *r, const char *line, size_t len)
{
	struct match_result	m;
	size_t			i;
	int			g;

	for (i = 0; i < r->nctx; i++) {
		if (r->ctx_pats[i]->re == NULL ||
		    match_exec(r->ctx_pats[i]->re, line, len, 0, &m) != 1)
			continue;
		if ((g = match_group(r->ctx_pats[i]->re, "writer")) > 0 && m.start[g] >= 0)
			return 1;
	}
	return 0;
}

/*
 * text_find_writer's test before the regexes (ctx_riter): the shipped
 * context patterns are the ones it knows; text_has_riter finds "riter" at
 * every place of lines of every length (the 16-byte steps and the tail);
 * no line whose writer a context pattern reads lacks it, however its
 * letters, blanks and quotes are varied; and a rules directory that
 * changes a context pattern turns the test off.
 */
/* The scan rules of the shipped rules and a file at path holding text (its db in *dp). */
static struct scan_rules *
rules_with(const char **dirs, const char *path, const char *text, struct db **dp)
{
	struct scan_rules	*r;
	FILE			*f;
	char			*err = NULL;

	ck_assert_ptr_nonnull(f = fopen(path, "w"));
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
	*dp = db_load(dirs, NULL, 2, &err);
	ck_assert_msg(*dp != NULL, "rules: %s", err != NULL ? err : "?");
	r = scan_rules_new(*dp, &err);
	ck_assert_msg(r != NULL, "%s", err != NULL ? err : "?");
	return r;
}

START_TEST(test_writer_riter)
{
	static const char	*lines[] = {
		"Writer 'SqlServerWriter' failed: Error 0x800423f4.",
		"writer \"Microsoft Exchange Writer\" is in a failed state",
		"Writer\t\t'X' 0x800423F3",
		"   Writer name: 'System Writer'",
		"Writer Name: Registry Writer; hr = 0x800423f2",
		"WriterName=[ASR Writer] Writer Instance",
		"WriterName = COM+ REGDB Writer  error 0x800423F4",
		"Writer name = Shadow Copy Optimization Writer#011 hr",
		"* WRITER \"BITS Writer\"",
		"the writers' state: 0x800423f3",
		"riter", "riter 'x'", "xWriter 'a'", "Writer''", "Writer 'a\"",
	};
	static const char	 vary[] = "WwRrIiTtEe \t'\"Nn:=[";
	const char		*dirs[2] = { TEST_RULESDIR, NULL };
	char			 dir[] = "/tmp/check_text.XXXXXX", path[64], *err = NULL;
	char			 buf[80], line[128];
	struct scan_rules	*r, *own;
	struct db		*d;
	size_t			 i, n, at, k, len;

	/* set beyond each line's end too: PCRE's JIT may read ahead of it */
	memset(line, ' ', sizeof line);
	r = scan_rules_new(db, &err);
	ck_assert_msg(r != NULL, "%s", err != NULL ? err : "?");
	ck_assert_uint_gt(r->nctx, 0);
	ck_assert_msg(r->ctx_riter, "the shipped writer patterns are not the known ones");
	for (n = 0; n < sizeof buf; n++) {
		for (at = 0; at <= n + 1; at++) {
			memset(buf, 'r', sizeof buf);	/* a decoy r at every place */
			if (at + 5 <= n)
				memcpy(buf + at, "riter", 5);
			else if (at < n)
				memcpy(buf + at, "riter", n - at);	/* cut short by the end */
			ck_assert_msg(text_has_riter(buf, n) == ck_riter_plain(buf, n),
			    "length %zu, place %zu", n, at);
		}
	}
	/* each line, and each with one byte of its first 24 changed to each of vary */
	for (i = 0; i < sizeof lines / sizeof lines[0]; i++) {
		len = strlen(lines[i]);
		for (at = 0; at <= 24 && at <= len; at++) {
			for (k = 0; k < sizeof vary; k++) {
				memcpy(line, lines[i], len + 1);
				if (at < len && k < sizeof vary - 1)
					line[at] = vary[k];
				ck_assert_int_eq(text_has_riter(line, len), ck_riter_plain(line, len));
				if (ck_ctx_writer(r, line, len))
					ck_assert_msg(text_has_riter(line, len),
					    "a writer in \"%s\" without \"riter\"", line);
			}
		}
	}
	scan_rules_free(r);
	/* a context pattern of one's own: the regexes are run on every line again */
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/own.rules", dir);
	dirs[1] = dir;
	own = rules_with(dirs, path,
	    "[pattern agent-name]\nliteral = agent=\nregex = agent=(?<writer>\\w+)\n", &d);
	ck_assert(!own->ctx_riter);
	ck_assert(own->ctx_hand);	/* the shipped pattern still comes first */
	scan_rules_free(own);
	db_free(d);
	/* writer-quoted changed: neither quick way stands for it */
	own = rules_with(dirs, path,
	    "[pattern writer-quoted]\nliteral = riter '\nregex = \\b[Ww]riter\\s*'(?<writer>[^']+)'\n", &d);
	ck_assert(!own->ctx_riter);
	ck_assert(!own->ctx_hand);
	scan_rules_free(own);
	db_free(d);
	ck_assert_int_eq(unlink(path), 0);
	ck_assert_int_eq(rmdir(dir), 0);
}
END_TEST

/* Compares text_writer_quoted with the shipped writer-quoted regex on one line. */
static void
ck_quoted_same(const struct match_re *re, const char *line, size_t len)
{
	struct match_result	m;
	size_t			ms = 0, ws = 0, we = 0;
	int			hand = text_writer_quoted(line, len, &ms, &ws, &we);
	int			g = match_group(re, "writer");

	ck_assert_int_gt(g, 0);
	if (match_exec(re, line, len, 0, &m) != 1) {
		ck_assert_msg(!hand, "the hand reader matches \"%.*s\"", (int)len, line);
		return;
	}
	ck_assert_msg(hand, "the hand reader misses \"%.*s\"", (int)len, line);
	ck_assert_msg((long)ms == m.start[0] && (long)ws == m.start[g] && (long)we == m.end[g],
	    "\"%.*s\": hand %zu [%zu, %zu), regex %ld [%ld, %ld)", (int)len, line, ms, ws, we,
	    m.start[0], m.start[g], m.end[g]);
}

/*
 * text_writer_quoted, which text_find_writer runs for the first context
 * pattern when it is the shipped writer-quoted: the same match as the regex
 * (start, name) on writer lines, on each with bytes changed to blanks of
 * every kind, quotes, word bytes, CR and LF and bytes above 0x7F, and on
 * names of 199 to 201 bytes; another first pattern turns it off.
 */
START_TEST(test_writer_quoted)
{
	static const char	*lines[] = {
		"Writer 'SqlServerWriter' failed: Error 0x800423f4.",
		"writer \"Microsoft Exchange Writer\" is in a failed state",
		"Writer\t\v'X' 0x800423F3", "xWriter 'a' Writer 'b'", "_writer 'a' writer \"b'",
		"Writer '' Writer ''x' writer 'y\"", "Writer \r\n'a'", "Writer 'a\rb' Writer 'c'",
		"\xe9Writer 'a'", "1Writer 'a' (Writer 'b')", "Writers 'a' writer  \f\"b\"",
		"Writer 'unclosed", "Writer", "riter 'a'", "WriterWriter 'a'",
	};
	static const char	 vary[] = "Ww \t\v\f\r\n'\"xY_9\xe9\x85\xa0";
	struct scan_rules	*r;
	char			*err = NULL, line[300];
	size_t			 i, at, k, len, n;

	memset(line, ' ', sizeof line);	/* PCRE's JIT may read ahead of the end */
	r = scan_rules_new(db, &err);
	ck_assert_msg(r != NULL, "%s", err != NULL ? err : "?");
	ck_assert_msg(r->ctx_hand, "the first context pattern is not the shipped writer-quoted");
	for (i = 0; i < sizeof lines / sizeof lines[0]; i++) {
		len = strlen(lines[i]);
		ck_quoted_same(r->ctx_pats[0]->re, lines[i], len);
		for (at = 0; at < len; at++) {
			for (k = 0; k < sizeof vary - 1; k++) {
				memcpy(line, lines[i], len);
				line[at] = vary[k];
				ck_quoted_same(r->ctx_pats[0]->re, line, len);
				ck_quoted_same(r->ctx_pats[0]->re, line, at + 1);	/* cut there */
			}
		}
	}
	/* names of 199, 200 and 201 bytes, closed or not */
	for (n = 195; n <= 205; n++) {
		memcpy(line, "VSS Writer '", 12);
		memset(line + 12, 'n', n);
		line[12 + n] = '\'';
		ck_quoted_same(r->ctx_pats[0]->re, line, 12 + n + 1);
		ck_quoted_same(r->ctx_pats[0]->re, line, 12 + n);
		line[12 + n] = 'n';
		ck_quoted_same(r->ctx_pats[0]->re, line, 12 + n + 1);
	}
	scan_rules_free(r);
}
END_TEST

/*
 * scan_range looks only at the anywhere literals whose rarest byte stands at
 * the classifier's hit (any_by): each literal is listed under its rarest
 * byte and no other; and each literal, the second of a pattern's included,
 * is found in a scan.
 */
START_TEST(test_any_by)
{
	struct scan_rules	*r;
	char			*err = NULL;
	size_t			 j;
	int			 b;

	r = scan_rules_new(db, &err);
	ck_assert_msg(r != NULL, "%s", err != NULL ? err : "?");
	ck_assert_uint_ge(r->nany, 3);
	for (j = 0; j < r->nany; j++) {
		for (b = 0; b < 256; b++)
			ck_assert_msg((r->any_by[b] >> j & 1) ==
			    ((unsigned char)r->any_lit[j][r->any_rare[j]] == b),
			    "literal %s, byte %d", r->any_lit[j], b);
	}
	scan_rules_free(r);
	/* rror, rreur, Failed resolving account */
	scan("2024-05-14 02:13:09 VSS backup: GetLastError() returned 5\n");
	ck_assert_uint_eq(hits.n, 1);
	ck_assert_uint_eq(hits.h[0].value, 0x80070005);
	scan("2024-05-14 02:13:09 sauvegarde VSS: erreur Win32 1392\n");
	ck_assert_uint_eq(hits.n, 1);
	ck_assert_uint_eq(hits.h[0].value, 0x80070570);
	scan("2024-05-14 02:13:09 VSS 8230: Failed resolving account spsearch with status 1376\n");
	ck_assert_uint_eq(hits.n, 1);
	ck_assert_uint_eq(hits.h[0].value, 0x80070560);
}
END_TEST

/* text_in_call_args a byte at a time, as it was: the reference of test_call_args. */
static int
ck_call_args_plain(const unsigned char *b, size_t pos, size_t lstart)
{
	size_t	p = pos, depth = 0;

	while (p > lstart && pos - p < 512) {
		int	c = b[--p];

		if (c == ')')
			depth++;
		else if (c == '(') {
			if (depth == 0)
				return p > lstart && (isalnum(b[p - 1]) || b[p - 1] == '_');
			depth--;
		}
	}
	return 0;
}

/*
 * text_in_call_args, which passes 16 bytes without a parenthesis at once,
 * answers as the walk a byte at a time: parentheses at every distance from
 * the code, the line's start and the 512-byte limit (just inside and out).
 */
START_TEST(test_call_args)
{
	static const char	 alpha[] = "ab_ (),";
	unsigned char		 b[700];
	unsigned int		 seed = 7;
	size_t			 i, n, pos, ls, d;

	/* one "f(" at each distance before the code, on a line of blanks */
	for (d = 1; d < 560; d++) {
		memset(b, ' ', sizeof b);
		pos = 650;
		if (d + 1 <= pos) {
			b[pos - d] = '(';
			b[pos - d - 1] = 'f';
		}
		for (ls = 0; ls < 40; ls += 13)
			ck_assert_msg(text_in_call_args(b, pos, ls) == ck_call_args_plain(b, pos, ls),
			    "distance %zu, line start %zu", d, ls);
	}
	/* random lines of a few bytes, parentheses often */
	for (n = 0; n < 20000; n++) {
		size_t	len = 1 + (size_t)(rand_r(&seed) % 680);

		for (i = 0; i < len; i++)
			b[i] = (unsigned char)(rand_r(&seed) % 40 == 0 ?
			    alpha[rand_r(&seed) % 7] : "xy z"[rand_r(&seed) % 4]);
		pos = (size_t)rand_r(&seed) % len;
		ls = pos > 0 ? (size_t)rand_r(&seed) % (pos + 1) : 0;
		ck_assert_msg(text_in_call_args(b, pos, ls) == ck_call_args_plain(b, pos, ls),
		    "line %zu: pos %zu, line start %zu", n, pos, ls);
	}
}
END_TEST

/*
 * pick_method's filter before the map: every method name of the rules gets
 * through it, and it turns away nearly all other words (a bit set by a name
 * passes a word by chance: about one in 600 with the shipped rules).
 */
START_TEST(test_method_filter)
{
	const struct db_method *const	*m;
	struct scan_rules		*r;
	char				*err = NULL, w[16];
	size_t				 n, i, len, passed = 0;
	uint32_t			 x = 2024;

	r = scan_rules_new(db, &err);
	ck_assert_msg(r != NULL, "%s", err != NULL ? err : "?");
	ck_assert_ptr_nonnull(r->method_names);
	ck_assert(r->method_upper);	/* method_runs' capitals mask is used */
	m = db_methods(db, &n);
	ck_assert_uint_gt(n, 50);
	for (i = 0; i < n; i++)
		ck_assert_msg(scan_method_maybe(r, m[i]->bare, strlen(m[i]->bare)),
		    "method %s turned away", m[i]->bare);
	for (i = 0; i < 2000; i++) {
		x = x * 1103515245 + 12345;
		len = 3 + (x >> 16) % 12;
		for (n = 0; n < len; n++) {
			x = x * 1103515245 + 12345;
			w[n] = (char)((n == 0 ? 'A' : 'a') + (x >> 16) % 26);
		}
		passed += (size_t)scan_method_maybe(r, w, len);
	}
	ck_assert_msg(passed < 40, "%zu of 2000 words let through", passed);
	scan_rules_free(r);
}
END_TEST

/* A code at every place around the end of the scanner's first buffer is found once, where it is. */
START_TEST(test_buffer_boundary)
{
	const char	*line = "hr = 0x80070005\n";
	size_t		 len = BUF_CAP + 256, at;
	char		*text = xmalloc(len + 1);

	for (at = BUF_CAP - 20; at < BUF_CAP + 4; at++) {
		size_t	i, nlines = 0;

		/* filler lines of 63 bytes and a newline, then the code at offset at + 5 */
		for (i = 0; i < at; i++)
			text[i] = i % 64 == 63 ? '\n' : 'x';
		text[at - 1] = '\n';
		for (i = 0; i < at; i++)
			nlines += text[i] == '\n';
		memcpy(text + at, line, strlen(line) + 1);
		scan_len(text, at + strlen(line));
		ck_assert_msg(hits.n == 1, "%zu findings with the line at %zu", hits.n, at);
		ck_assert_uint_eq(hits.h[0].offset, at + 5);
		ck_assert_uint_eq(hits.h[0].line, nlines + 1);
		ck_assert_uint_eq(hits.h[0].value, 0x80070005);
	}
	free(text);
}
END_TEST

/* Codes in one line longer than the buffer: the line is cut, no code is. */
START_TEST(test_long_line)
{
	static const char *const	codes[] = { " hr=0x80042306 ", " hr=0x8004230F ",
	    " hr=0x80070005 ", " hr=0x800423F3 ", " hr=0x800423F4 " };
	static const uint32_t		values[] = { 0x80042306, 0x8004230F, 0x80070005,
	    0x800423F3, 0x800423F4 };
	size_t				len = 3 * BUF_CAP, i;
	size_t				at[] = { 100, BUF_CAP - 9, BUF_CAP + 300,
	    2 * BUF_CAP - 150, 3 * BUF_CAP - 20 };
	char				*text = xmalloc(len + 1);

	for (i = 0; i < len; i++)
		text[i] = i % 7 == 6 ? ' ' : (char)('a' + i % 7);
	for (i = 0; i < 5; i++)
		memcpy(text + at[i], codes[i], 15);
	scan_len(text, len);
	ck_assert_uint_eq(hits.n, 5);
	for (i = 0; i < 5; i++) {
		ck_assert_uint_eq(hits.h[i].line, 1);
		ck_assert_uint_eq(hits.h[i].offset, at[i] + 4);
		ck_assert_uint_eq(hits.h[i].value, values[i]);
	}
	free(text);
}
END_TEST

/* An input scanned in two runs: the unfinished last line waits for the second. */
START_TEST(test_split_runs)
{
	const char	*first = "2024-05-14 02:13:09 VSS hr = 0x80070005\n"
	    "2024-05-14 02:13:10 VSS hr = 0x8004230F";
	const char	*all = "2024-05-14 02:13:09 VSS hr = 0x80070005\n"
	    "2024-05-14 02:13:10 VSS hr = 0x8004230F\n"
	    "2024-05-14 02:13:11 VSS hr = 0x80042306\n";
	struct scanner	*s = scanner(0);
	struct scan_pos	 start = { 0, 1 }, end;
	struct input	*in = mem_input(first, strlen(first));

	memset(&hits, 0, sizeof hits);
	scanner_text_from(s, in, "mem.log", &start, 1, &end, collect, &hits);
	input_close(in);
	ck_assert_uint_eq(hits.n, 1);
	ck_assert_uint_eq(hits.h[0].value, 0x80070005);
	ck_assert_uint_eq(end.line, 2);
	ck_assert_uint_eq(end.offset, strchr(first, '\n') - first + 1);
	/* the file has grown: the second run starts where the first ended */
	in = mem_input(all, strlen(all));
	ck_assert_uint_eq(input_skip(in, end.offset), end.offset);
	start = end;
	memset(&hits, 0, sizeof hits);
	scanner_text_from(s, in, "mem.log", &start, 1, &end, collect, &hits);
	input_close(in);
	ck_assert_uint_eq(hits.n, 2);
	ck_assert_uint_eq(hits.h[0].value, 0x8004230F);
	ck_assert_uint_eq(hits.h[0].line, 2);
	ck_assert_uint_eq(hits.h[0].offset, strstr(all, "0x8004230F") - all);
	ck_assert_uint_eq(hits.h[1].line, 3);
	ck_assert_uint_eq(end.offset, strlen(all));
	ck_assert_uint_eq(end.line, 4);
	scanner_free(s);
}
END_TEST

START_TEST(test_writers)
{
	/* named on the error's line */
	expect_one("VSS 8229: Writer 'SqlServerWriter' failed: hr = 0x800423F4\n", 0x800423F4,
	    FORM_HEX);
	ck_assert_str_eq(hits.h[0].writer, "SqlServerWriter");
	/* named after the error, in the record's context block */
	scan("2024-05-14 02:13:09 VSS error 0x800423F4. Operation:\n"
	    "   PrepareForSnapshot Event\n"
	    "Context:\n"
	    "   Writer Name: System Writer\n"
	    "   Writer Instance ID: {f4b2e6b1-0a6e-4c2d-9a0c-4c1a7c0e9d1a}\n"
	    "2024-05-14 02:13:10 VSS hr = 0x80042306\n");
	ck_assert_uint_eq(hits.n, 2);
	ck_assert_str_eq(hits.h[0].writer, "System Writer");
	ck_assert_uint_eq(hits.h[0].line, 1);
	/* the next record's writer is not the earlier error's */
	ck_assert_str_eq(hits.h[1].writer, "");
	/* a later record ends the wait: its writer is not given to the earlier error */
	scan("2024-05-14 02:13:09 VSS error 0x800423F4.\n"
	    "2024-05-14 02:13:10 VSS started\n"
	    "   Writer Name: System Writer\n");
	ck_assert_uint_eq(hits.n, 1);
	ck_assert_str_eq(hits.h[0].writer, "");
}
END_TEST

START_TEST(test_hosts)
{
	scan("<14>May 14 02:13:11 SRV01 Backup[912]: error '0x8078011E'\n");
	ck_assert_uint_eq(hits.n, 1);
	ck_assert_str_eq(hits.h[0].host, "SRV01");
	ck_assert_int_eq(hits.h[0].time, 1715652791);
}
END_TEST

START_TEST(test_field)
{
	struct scanner		*s = scanner(0);
	struct finding_event	 ev = { 8193, "VSS", 42, "Application", "HOST1", 2 };
	struct scan_field	 sf = { "app.xml", 17, &ev, 1715652789, 0, 1 };
	const char		*text = "Unexpected error calling routine. hr = 0x80070005.";

	memset(&hits, 0, sizeof hits);
	scanner_field(s, text, strlen(text), &sf, collect, &hits);
	ck_assert_uint_eq(hits.n, 1);
	ck_assert_uint_eq(hits.h[0].value, 0x80070005);
	ck_assert_uint_eq(hits.h[0].line, 17);
	ck_assert_uint_eq(hits.h[0].offset, strstr(text, "0x") - text);
	ck_assert_str_eq(hits.h[0].host, "HOST1");
	ck_assert_int_eq(hits.h[0].time, 1715652789);
	ck_assert_int_eq(scanner_could_report(s, 0x80070005, 0), 2);
	ck_assert_int_eq(scanner_could_report(s, 0x8123ABCD, 1), 0);
	ck_assert_int_eq(scanner_could_report(s, 0x00000000, 0), 0);
	ck_assert(scanner_about_vss(s, "the shadow copy", 15));
	ck_assert(!scanner_about_vss(s, "the printer", 11));
	scanner_free(s);
}
END_TEST

START_TEST(test_lines)
{
	struct scanner	*s = scanner(0);
	struct input	*in = mem_input("a\nb\nc", 5);

	memset(&hits, 0, sizeof hits);
	scanner_text(s, in, "mem.log", collect, &hits);
	input_close(in);
	ck_assert_uint_eq(scanner_lines(s), 3);
	in = mem_input("", 0);
	scanner_text(s, in, "mem.log", collect, &hits);
	input_close(in);
	ck_assert_uint_eq(scanner_lines(s), 0);
	scanner_free(s);
}
END_TEST

/* Fills n bytes from an alphabet rich in what the classifier tells apart. */
static void
fill_classy(unsigned char *b, size_t n, unsigned *seed)
{
	static const char	abc[] = "0123456789abcdefABCDEFxXgG_\n \t:L=-(),.\x80\xff?\xef";
	size_t			i;

	for (i = 0; i < n; i++) {
		*seed = *seed * 1103515245u + 12345u;
		b[i] = (unsigned char)abc[(*seed >> 16) % (sizeof abc - 1)];
	}
}

/* Classifies buf[lo, hi) with one instruction set; copies the masks and the carry out. */
static size_t
classify_with(enum classify_isa isa, const unsigned char *buf, size_t lo, size_t hi,
    struct classify_masks *m, uint64_t *ge8, struct classify_carry *k)
{
	static const unsigned char	firsts[] = " \tVWL", lits[] = "st:e";
	struct classify			*c = classify_new(firsts, 5, lits, 2);
	size_t				 nb;

	classify_triggers(c, (const unsigned char *)"?\xef", 2);	/* they join the underscores */

	ck_assert_int_eq(classify_use(c, isa), isa);
	nb = classify_range(c, buf, lo, hi, k);
	memcpy(m, c->m, (nb + 1) * sizeof *m);
	memcpy(ge8, c->ge8, (nb + 1) * sizeof *ge8);
	classify_free(c);
	return nb;
}

/*
 * classify_word_mask with each instruction set the CPU has is the words and
 * capitals of a byte at a time: every byte value at every place, and every
 * length of random bytes, which stand at the end of a page before one that
 * may not be read (no byte past the n is loaded).
 */
START_TEST(test_word_mask_paths)
{
	long			 pg = sysconf(_SC_PAGESIZE);
	unsigned char		*map, *b;
	enum classify_isa	 isa;
	uint64_t		 m, up, want, wup;
	size_t			 n, i;
	int			 c, at, tried = 0;

	map = mmap(NULL, 2 * (size_t)pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
	    -1, 0);
	ck_assert(map != MAP_FAILED);
	ck_assert_int_eq(mprotect(map + pg, (size_t)pg, PROT_NONE), 0);
	for (isa = CLASSIFY_ISA_SCALAR; isa <= CLASSIFY_ISA_AVX512; isa++) {
		struct classify	*cl = classify_new((const unsigned char *)" ", 1, NULL, 0);

		if (classify_use(cl, isa) != isa) {
			classify_free(cl);
			continue;	/* not on this CPU or in this build */
		}
		tried++;
		b = map + pg - 64;
		for (c = 0; c < 256; c++) {
			for (at = 0; at < 64; at++) {
				memset(b, 'x', 64);
				b[at] = (unsigned char)c;
				m = classify_word_mask(cl, b, 64, &up);
				want = chars_is_word(c) ? ~0ULL : ~(1ULL << at);
				wup = c >= 'A' && c <= 'Z' ? 1ULL << at : 0;
				ck_assert_msg(m == want && up == wup, "isa %d, byte 0x%02x at %d",
				    (int)isa, (unsigned)c, at);
			}
		}
		srand(16);
		for (n = 0; n <= 64; n++) {
			b = map + pg - n;
			for (i = 0; i < n; i++)
				b[i] = (unsigned char)(rand() % 4 == 0 ? '_' : rand() & 0xFF);
			for (want = wup = 0, i = 0; i < n; i++) {
				want |= (uint64_t)chars_is_word(b[i]) << i;
				wup |= (uint64_t)(b[i] >= 'A' && b[i] <= 'Z') << i;
			}
			m = classify_word_mask(cl, b, n, &up);
			ck_assert_msg(m == want && up == wup, "isa %d, length %zu", (int)isa, n);
		}
		classify_free(cl);
	}
	ck_assert_int_ge(tried, 2);
	munmap(map, 2 * (size_t)pg);
}
END_TEST

/*
 * Every instruction set gives the byte-at-a-time path's masks, for ranges
 * of every length and alignment: what VSSEXPLAIN_SIMD=scalar runs.
 */
START_TEST(test_classify_paths)
{
	enum { LEN = 1024 };
	static unsigned char		buf[LEN + 64];
	static struct classify_masks	m0[LEN / 64 + 2], m1[LEN / 64 + 2];
	static uint64_t			g0[LEN / 64 + 2], g1[LEN / 64 + 2];
	struct classify_carry		k0, k1;
	enum classify_isa		isa;
	unsigned			seed = 7;
	size_t				lo, hi, nb;
	int				round, tried = 0;

	for (round = 0; round < 40; round++) {
		fill_classy(buf, sizeof buf, &seed);
		lo = (size_t)round % 7;
		hi = lo + 1 + (size_t)(round * 37) % (LEN - 8);
		nb = classify_with(CLASSIFY_ISA_SCALAR, buf, lo, hi, m0, g0, &k0);
		for (isa = CLASSIFY_ISA_SSE2; isa <= CLASSIFY_ISA_AVX512; isa++) {
			struct classify	*c = classify_new((const unsigned char *)" ", 1, NULL, 0);
			int		 have = classify_use(c, isa) == isa;

			classify_free(c);
			if (!have)
				continue;	/* not on this CPU or in this build */
			tried++;
			ck_assert_uint_eq(classify_with(isa, buf, lo, hi, m1, g1, &k1), nb);
			ck_assert_msg(memcmp(m0, m1, (nb + 1) * sizeof *m0) == 0,
			    "masks differ: isa %d, range [%zu, %zu)", (int)isa, lo, hi);
			ck_assert(memcmp(g0, g1, (nb + 1) * sizeof *g0) == 0);
			ck_assert(memcmp(&k0, &k1, sizeof k0) == 0);
		}
	}
#if defined(__x86_64__)
	ck_assert_int_gt(tried, 0);	/* x86-64 always has SSE2 */
	{
		/* the widest the CPU has is taken: libgcc's own probe says which */
		struct classify		*c = classify_new((const unsigned char *)" ", 1, NULL, 0);
		enum classify_isa	 best = CLASSIFY_ISA_SSE2;

		__builtin_cpu_init();
		if (__builtin_cpu_supports("avx2"))
			best = CLASSIFY_ISA_AVX2;
		if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw"))
			best = CLASSIFY_ISA_AVX512;
		ck_assert_int_eq(classify_use(c, CLASSIFY_ISA_AVX512), best);
		ck_assert_int_eq(c->isa, best);
		classify_free(c);
	}
#endif
	/* a hand-checked block: the classes of a few known bytes */
	memset(buf, '.', 64);
	memcpy(buf, "0x800423F3_\n Last", 18);
	memcpy(buf + 20, "?\xef\xbc\x90", 4);	/* a trigger byte, a full-width 0's lead */
	classify_with(CLASSIFY_ISA_SCALAR, buf, 0, 64, m0, g0, &k0);
	ck_assert_uint_eq(m0[0].hex, 0x3fdull | 1ull << 14);	/* 0, 800423F3, the a of Last */
	ck_assert_uint_eq(m0[0].x, 1ull << 1);
	ck_assert_uint_eq(m0[0].us, 1ull << 10 | 1ull << 20 | 1ull << 21);
	ck_assert_uint_eq(m0[0].nl, 1ull << 11);
	ck_assert_uint_eq(m0[0].first, 1ull << 12 | 1ull << 13);	/* the blank, the L */
	ck_assert_uint_eq(m0[0].lit, 1ull << 15);	/* literal pairs "st" and ":e" */
	ck_assert_uint_eq(m0[0].lit2, 1ull << 16);
}
END_TEST

/*
 * The classes, which AVX2 and AVX-512 find by the bytes' nibbles, on blocks that hold
 * every byte value: each instruction set marks the bytes the scalar path
 * does.  Line-start sets of none to eight bytes, some sharing a nibble ('V'
 * 0x56, 'F' 0x46; '&' 0x26 is neither with ' ' 0x20), bytes above 0x7F among
 * them; none, one or two trigger bytes, and none to two literal pairs.
 */
START_TEST(test_classify_bytes)
{
	static const char	*sets[] = {
		"", " ", " \tVWL", " \tV(F[x\xff", "\x80\x90\xa0\xb0\xc0\xd0\xe0\xf0",
		"\x01\x12\x23\x34\x45\x56\x67\x78", "FV &6f\x06\x86",
	};
	enum { LEN = 1024 };
	static unsigned char		buf[LEN];
	static struct classify_masks	m0[LEN / 64 + 2];
	struct classify_carry		k;
	struct classify			*c;
	enum classify_isa		isa;
	size_t				i, t, nb, b;

	for (i = 0; i < LEN; i++)
		buf[i] = (unsigned char)(i * 97 + (i >> 8));	/* each byte four times */
	for (t = 0; t < sizeof sets / sizeof sets[0]; t++) {
		int	nf = (int)strlen(sets[t]);

		c = classify_new((const unsigned char *)sets[t], nf,
		    (const unsigned char *)"st:e", (int)(t % 3));
		if (t % 2 == 1)
			classify_triggers(c, (const unsigned char *)(t == 3 ? "\x80" : "?\xef"),
			    t == 3 ? 1 : 2);
		ck_assert_int_eq(classify_use(c, CLASSIFY_ISA_SCALAR), CLASSIFY_ISA_SCALAR);
		nb = classify_range(c, buf, 0, LEN, &k);
		memcpy(m0, c->m, (nb + 1) * sizeof *m0);
		/* the reference itself: a byte is marked when it is in the set */
		for (i = 0; i < LEN; i++)
			ck_assert_int_eq((int)(m0[i / 64].first >> (i % 64) & 1),
			    nf > 0 && memchr(sets[t], buf[i], (size_t)nf) != NULL);
		for (isa = CLASSIFY_ISA_SSE2; isa <= CLASSIFY_ISA_AVX512; isa++) {
			if (classify_use(c, isa) != isa)
				continue;
			ck_assert_uint_eq(classify_range(c, buf, 0, LEN, &k), nb);
			for (b = 0; b <= nb; b++)
				ck_assert_msg(memcmp(&c->m[b], &m0[b], sizeof m0[b]) == 0,
				    "set %zu, isa %d, block %zu", t, (int)isa, b);
		}
		classify_free(c);
	}
}
END_TEST

/*
 * Masks taken from a pool (classify_reserve, as a scanner does): the same
 * masks as those the classifier allocates itself, for ranges up to the
 * reserved length; a longer range moves them to memory of their own (the
 * pool's are not freed or grown: valgrind and ASan would tell), and the
 * pool is freed after the classifier.
 */
START_TEST(test_classify_reserve)
{
	enum { LEN = 4096, RES = 1000 };
	static unsigned char		buf[LEN];
	static struct classify_masks	m0[LEN / 64 + 2];
	static uint64_t			g0[LEN / 64 + 2];
	struct classify_carry		k0, k1;
	struct classify			*c;
	struct pool			*pool = pool_new();
	unsigned			seed = 11;
	size_t				hi, nb;
	int				round;

	c = classify_new((const unsigned char *)" \tVWL", 5, (const unsigned char *)"st:e", 2);
	classify_triggers(c, (const unsigned char *)"?\xef", 2);
	classify_reserve(c, pool, RES);
	ck_assert(c->pooled);
	ck_assert_uint_ge(c->nmask, RES / 64 + 2);
	classify_reserve(c, pool, RES / 2);	/* already enough: kept */
	ck_assert(c->pooled);
	for (round = 0; round < 12; round++) {
		fill_classy(buf, sizeof buf, &seed);
		/* up to the reserved length, then past it: the last rounds */
		hi = round < 8 ? 1 + (size_t)round * 137 % RES : RES + (size_t)round * 250;
		nb = classify_with(CLASSIFY_ISA_SCALAR, buf, 0, hi, m0, g0, &k0);
		ck_assert_uint_eq(classify_use(c, CLASSIFY_ISA_SCALAR), CLASSIFY_ISA_SCALAR);
		ck_assert_uint_eq(classify_range(c, buf, 0, hi, &k1), nb);
		ck_assert_int_eq(c->pooled, hi <= RES && round < 8);
		ck_assert_msg(memcmp(m0, c->m, (nb + 1) * sizeof *m0) == 0, "round %d", round);
		ck_assert(memcmp(g0, c->ge8, (nb + 1) * sizeof *g0) == 0);
		ck_assert(memcmp(&k0, &k1, sizeof k0) == 0);
	}
	ck_assert(!c->pooled);
	classify_free(c);
	pool_free(pool);
}
END_TEST

/* The rules command's warning: groups repeated without bound that hold such a repeat. */
START_TEST(test_nested_quantifiers)
{
	static const struct {
		const char	*re;
		long		 at;
	} t[] = {
		{ "(a+)+", 0 },
		{ "(?<writer>(a+)+)+$", 10 },
		{ "x(\\s*y)*", 1 },
		{ "((a|b)*c){2,}", 0 },
		{ "(a{1,})*", 0 },
		{ "(a+)+?", 0 },
		{ "(a|b)+", -1 },
		{ "(a+)?", -1 },
		{ "(a+){1,5}", -1 },
		{ "(a{2,5})+", -1 },
		{ "(?>a+)+", -1 },
		{ "(a++)+", -1 },
		{ "\\(a+\\)+", -1 },
		{ "[(a+)]+", -1 },
		{ "\\Q(a+)+\\E", -1 },
		{ "^\\s*Writer name:\\s*'(?<writer>[^'\\r\\n]{1,200})'", -1 },
		{ "(((", -1 },
		{ ")+", -1 },
	};
	size_t	i;

	for (i = 0; i < sizeof t / sizeof t[0]; i++)
		ck_assert_msg(match_nested_quantifier(t[i].re) == t[i].at, "%s: %ld, not %ld",
		    t[i].re, match_nested_quantifier(t[i].re), t[i].at);
}
END_TEST

/* A pattern that hits the match limit gives up: neither a match nor silence. */
START_TEST(test_match_gives_up)
{
	struct match_re		*re;
	struct match_result	 r;
	char			*err = NULL, line[200];

	memset(line, 'a', sizeof line - 2);
	line[sizeof line - 2] = '!';
	line[sizeof line - 1] = '\0';
	ck_assert_ptr_nonnull(re = match_compile("(?<w>(a+)+)+$", 0, &err));
	ck_assert_int_eq(match_exec(re, line, strlen(line), 0, &r), MATCH_GAVE_UP);
	ck_assert_int_eq(match_exec(re, "aaa", 3, 0, &r), 1);
	ck_assert_int_eq(match_exec(re, "b!", 2, 0, &r), 0);
	match_free(re);
}
END_TEST

/* The snapshots a piece takes at its cuts. */
struct snaps {
	unsigned char	*v;
	size_t		 n;
	struct hits	*found;
};

static int
take_snap(void *ctx, const struct scanner *s, uint64_t off)
{
	struct snaps	*sn = ctx;
	size_t		 size = scanner_snap_size();

	sn->v = xreallocarray(sn->v, sn->n + 1, size);
	scanner_snap(s, off, sn->found->n, (struct scan_snap *)(sn->v + sn->n++ * size));
	return 0;
}

#define SNAP_AT(sn, i)	((const struct scan_snap *)((sn)->v + (i) * scanner_snap_size()))

/*
 * A piece read from a cut (scanner_cut) agrees with the whole read at the
 * first cut of plain lines, and from there gives the same findings, lines
 * less the difference; a vssadmin line far before the cut (the input is
 * about VSS from there on) keeps them apart at every cut.
 */
static void
pieces(int vss_before)
{
	static struct hits	 whole, part;
	struct snaps		 a = { NULL, 0, &whole }, b = { NULL, 0, &part };
	struct scanner		*s = scanner(0);
	struct input		*in;
	char			*text = xmalloc(900000), *p = text;
	uint64_t		 cut, end, size;
	size_t			 i, j, agree = 0;
	int			 k = 0;

	memset(&whole, 0, sizeof whole);
	memset(&part, 0, sizeof part);
	while (p - text < 880000) {
		if (vss_before && k == 2500)
			p += sprintf(p, "Writer name: 'System Writer'\n   Last error: No error\n\n");
		p += sprintf(p, k % 3000 == 0 ? "2024-05-14 02:13:09 VSS hr = 0x800423F3 n %d\n" :
		    "2024-05-14 02:13:09 a line of no interest %d\n", k);
		k++;
	}
	size = (uint64_t)(p - text);
	in = mem_input(text, (size_t)size);
	ck_assert_int_eq(scanner_cut(input_fd(in), size, 0, size / 2, &cut), 0);
	ck_assert(cut >= size / 2 && cut < size && text[cut - 1] == '\n');
	ck_assert_int_eq(scanner_text_piece(s, in, -1, 0, "mem.log", take_snap, &a, collect,
	    &whole, &end), 0);
	ck_assert_uint_eq(end, size);
	ck_assert_int_eq(scanner_text_piece(s, NULL, input_fd(in), cut, "mem.log", take_snap, &b,
	    collect, &part, &end), 0);
	ck_assert_uint_eq(end, size);
	ck_assert_uint_eq(scanner_snap_off(SNAP_AT(&b, 0)), cut);
	ck_assert_uint_eq(scanner_snap_line(SNAP_AT(&b, 0)), 1);
	for (i = 0; i < a.n; i++) {
		for (j = 0; j < b.n; j++) {
			if (scanner_snap_off(SNAP_AT(&a, i)) != scanner_snap_off(SNAP_AT(&b, j)))
				continue;
			if (!scanner_snap_same(SNAP_AT(&a, i), SNAP_AT(&b, j)))
				continue;
			agree++;
			/* what follows that cut: the same findings */
			ck_assert_uint_eq(whole.n - scanner_snap_found(SNAP_AT(&a, i)),
			    part.n - scanner_snap_found(SNAP_AT(&b, j)));
			ck_assert_uint_eq(whole.h[whole.n - 1].offset, part.h[part.n - 1].offset);
			ck_assert_uint_eq(whole.h[whole.n - 1].line - part.h[part.n - 1].line,
			    scanner_snap_line(SNAP_AT(&a, i)) - scanner_snap_line(SNAP_AT(&b, j)));
		}
	}
	/* followed from any cut the scan passed, the cuts are those from the start */
	for (i = 0, j = 0; i < a.n; i++) {
		uint64_t	from = scanner_snap_off(SNAP_AT(&a, i)), c2;

		if (from >= cut)
			break;
		ck_assert_int_eq(scanner_cut(input_fd(in), size, from, size / 2, &c2), 0);
		ck_assert_uint_eq(c2, cut);
		j++;
	}
	ck_assert_uint_gt(j, 0);
	if (vss_before)
		ck_assert_uint_eq(agree, 0);
	else {
		ck_assert_uint_gt(agree, 0);
		ck_assert(scanner_snap_same(SNAP_AT(&a, a.n - b.n), SNAP_AT(&b, 0)));
	}
	/* a cut too near the end */
	ck_assert_int_eq(scanner_cut(input_fd(in), size, 0, size - 1000, &cut), -1);
	input_close(in);
	scanner_free(s);
	free(a.v);
	free(b.v);
	free(text);
}

START_TEST(test_pieces)
{
	pieces(0);
	pieces(1);
}
END_TEST

static Suite *
text_suite(void)
{
	Suite	*s = suite_create("text");
	TCase	*tc = tcase_create("scan");

	tcase_add_unchecked_fixture(tc, load, unload);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_hex);
	tcase_add_test(tc, test_bare_hex);
	tcase_add_test(tc, test_decimal);
	tcase_add_test(tc, test_names);
	tcase_add_test(tc, test_vssadmin);
	tcase_add_test(tc, test_decoys);
	tcase_add_test(tc, test_positions);
	tcase_add_test(tc, test_buffer_boundary);
	tcase_add_test(tc, test_long_line);
	tcase_add_test(tc, test_split_runs);
	tcase_add_test(tc, test_writers);
	tcase_add_test(tc, test_method_words);
	tcase_add_test(tc, test_method_filter);
	tcase_add_test(tc, test_record_sure);
	tcase_add_test(tc, test_writer_riter);
	tcase_add_test(tc, test_writer_quoted);
	tcase_add_test(tc, test_any_by);
	tcase_add_test(tc, test_call_args);
	tcase_add_test(tc, test_key_words_found);
	tcase_add_test(tc, test_hosts);
	tcase_add_test(tc, test_field);
	tcase_add_test(tc, test_lines);
	tcase_add_test(tc, test_classify_paths);
	tcase_add_test(tc, test_word_mask_paths);
	tcase_add_test(tc, test_classify_bytes);
	tcase_add_test(tc, test_classify_reserve);
	tcase_add_test(tc, test_nested_quantifiers);
	tcase_add_test(tc, test_match_gives_up);
	tcase_add_test(tc, test_pieces);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(text_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

/*
 * check_fast.c: unit tests of the quick paths of issue 16 against what they
 * stand for: json-out.c's word-at-a-time string quoting and its buffer
 * against a byte-by-byte model of the escaping rules, the jsonl format's
 * literal keys against the generic writer's keys and commas, and match.c's answers
 * without calling PCRE2 (least length, first bytes of an anchored pattern)
 * against PCRE2's own, chars.h's word mask against chars_is_word, and
 * inert.c's escaping by runs against its rules a byte at a time.
 */
#include "config.h"

#include <check.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chars.h"
#include "fmt.h"
#include "inert.h"
#include "json-out.h"
#include "match.h"
#include "tstamp.h"
#include "xalloc.h"

/* The escaping rules written out one byte at a time (see jw_quote), to out. */
static void
model_quote(FILE *out, const unsigned char *s, size_t n)
{
	size_t	i = 0, len;

	fputc('"', out);
	while (i < n) {
		unsigned char	c = s[i];

		if (c == '"' || c == '\\') {
			fprintf(out, "\\%c", c);
			i++;
		} else if (c == '\n' || c == '\r' || c == '\t') {
			fputs(c == '\n' ? "\\n" : c == '\r' ? "\\r" : "\\t", out);
			i++;
		} else if (c < 0x20 || c == 0x7F) {
			fprintf(out, "\\u%04x", c);
			i++;
		} else if (c < 0x80) {
			fputc(c, out);
			i++;
		} else if ((len = inert_utf8_len(s + i, n - i)) == 2 && c == 0xC2 && s[i + 1] < 0xA0) {
			fprintf(out, "\\u%04x", s[i + 1]);
			i += 2;
		} else if (len > 0) {
			fwrite(s + i, 1, len, out);
			i += len;
		} else if (c < 0xA0) {
			fprintf(out, "\\u%04x", c);
			i++;
		} else {
			fputc(0xC0 | c >> 6, out);
			fputc(0x80 | (c & 0x3F), out);
			i++;
		}
	}
	fputc('"', out);
}

/* jw_strn's output for s[0..n), as a string of the caller's. */
static char *
quoted(const unsigned char *s, size_t n, size_t *outlen)
{
	char		*buf = NULL;
	size_t		 len = 0;
	FILE		*f = open_memstream(&buf, &len);
	struct jw	 j;

	ck_assert_ptr_nonnull(f);
	jw_init(&j, f, 0);
	jw_open(&j, '[');
	jw_strn(&j, (const char *)s, n);
	jw_close(&j, ']');
	ck_assert_int_eq(fclose(f), 0);
	*outlen = len;
	return buf;
}

static char *
modelled(const unsigned char *s, size_t n, size_t *outlen)
{
	char	*buf = NULL;
	size_t	 len = 0;
	FILE	*f = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(f);
	fputc('[', f);
	model_quote(f, s, n);
	fputc(']', f);
	ck_assert_int_eq(fclose(f), 0);
	*outlen = len;
	return buf;
}

static void
same_as_model(const unsigned char *s, size_t n)
{
	char	*a, *b;
	size_t	 la, lb;

	a = quoted(s, n, &la);
	b = modelled(s, n, &lb);
	ck_assert_msg(la == lb && memcmp(a, b, la) == 0,
	    "jw_strn and the model differ on %zu bytes", n);
	free(a);
	free(b);
}

/*
 * Closes two memory streams written alike (open_memstream into *a and *b)
 * and checks that they hold the same bytes; frees both.
 */
static void
ck_streams_same(FILE *fa, char **a, size_t *la, FILE *fb, char **b, size_t *lb,
    const char *what)
{
	ck_assert_int_eq(fclose(fa), 0);
	ck_assert_int_eq(fclose(fb), 0);
	ck_assert_uint_eq(*la, *lb);
	ck_assert_msg(memcmp(*a, *b, *la) == 0, "%s differ", what);
	free(*a);
	free(*b);
}

/*
 * Every byte that needs care, at every place of a word and with every length
 * of tail: a special byte among plain ones, at every offset of strings of
 * 1..40 bytes (two 16-byte blocks, a word and a tail).
 */
START_TEST(test_quote_every_place)
{
	static const unsigned char specials[] = { '"', '\\', '\n', '\r', '\t', 0x00, 0x1F, 0x7F,
	    0x80, 0x9F, 0xA0, 0xC2, 0xC3, 0xE2, 0xF0, 0xFF, ' ', '~', 0x20, 0x21, 0x23, 0x5B, 0x5D };
	unsigned char	s[48];
	size_t		n, at, k;

	for (k = 0; k < sizeof specials; k++) {
		for (n = 1; n <= 40; n++) {
			for (at = 0; at < n; at++) {
				memset(s, 'a' + (int)(n % 26), n);
				s[at] = specials[k];
				same_as_model(s, n);
			}
		}
	}
}
END_TEST

/* Valid UTF-8, C1 controls, broken sequences, cut at every length. */
START_TEST(test_quote_utf8)
{
	const char	*t = "ab\xC3\xA9" "cdefgh\xE2\x82\xAC" "ijklmnop\xF0\x9F\x98\x80" "q\xC2\x9B"
	    "[31m\xC3(\xE2\x82" "z\xED\xA0\x80" "end";
	size_t		 n;

	for (n = 0; n <= strlen(t); n++)
		same_as_model((const unsigned char *)t, n);
	for (n = 0; n < strlen(t); n++)
		same_as_model((const unsigned char *)t + n, strlen(t) - n);
}
END_TEST

/* Random bytes, and strings longer than the writer's buffer (they go straight through). */
START_TEST(test_quote_random_long)
{
	unsigned char	*s = xmalloc(3 * JW_BUF);
	size_t		 i, round, n;
	uint32_t	 x = 12345;

	for (round = 0; round < 200; round++) {
		n = round < 190 ? round : (size_t)JW_BUF * (round - 189) / 4;
		for (i = 0; i < n; i++) {
			x = x * 1103515245 + 12345;
			/* mostly plain text, as logs are */
			s[i] = (x >> 16) % 8 == 0 ? (unsigned char)(x >> 8) : (unsigned char)('a' + (x >> 20) % 26);
		}
		same_as_model(s, n);
	}
	free(s);
}
END_TEST

/*
 * Strings one after another in one value, so that each finds the buffer
 * filled to another point (jw_quote copies a plain string at once when it
 * has room, else goes byte run by byte run); numbers as printf writes them.
 */
START_TEST(test_quote_fill_levels)
{
	static const long long	 nums[] = { 0, 1, 9, 10, 99, 100, 101, 999, 1000, 1000001,
	    -1, -10, -99, -100, 4294967295LL, 4294967296LL, 4294967299LL, 429496729600LL,
	    -4294967296LL, 9223372036854775807LL,
	    -9223372036854775807LL - 1 };
	unsigned char		 s[64];
	char			*buf = NULL, *expect = NULL, num[32];
	size_t			 len = 0, elen = 0, n, i, round;
	FILE			*f = open_memstream(&buf, &len), *e = open_memstream(&expect, &elen);
	struct jw		 j;
	uint32_t		 x = 99;

	ck_assert_ptr_nonnull(f);
	ck_assert_ptr_nonnull(e);
	jw_init(&j, f, 0);
	for (round = 0; round < 3000; round++) {
		n = round % 61;
		for (i = 0; i < n; i++) {
			x = x * 1103515245 + 12345;
			s[i] = (x >> 16) % 23 == 0 ? '"' : (unsigned char)('a' + (x >> 20) % 26);
		}
		jw_quote(&j, (const char *)s, n);
		model_quote(e, s, n);
		jw_vint(&j, nums[round % (sizeof nums / sizeof nums[0])]);
		snprintf(num, sizeof num, "%lld", nums[round % (sizeof nums / sizeof nums[0])]);
		fputs(num, e);
	}
	jw_flush(&j);
	ck_streams_same(f, &buf, &len, e, &expect, &elen, "jw_quote/jw_vint and the model");
}
END_TEST

/* A document larger than the buffer, and pretty printing: flushed whole, in order. */
START_TEST(test_buffer_flush)
{
	char		*buf = NULL, key[16];
	size_t		 len = 0, i;
	FILE		*f = open_memstream(&buf, &len);
	struct jw	 j;
	char		*expect, *p;

	ck_assert_ptr_nonnull(f);
	jw_init(&j, f, 1);
	jw_open(&j, '{');
	for (i = 0; i < 2000; i++) {
		snprintf(key, sizeof key, "k%zu", i);
		jw_kint(&j, key, (long long)i - 1000);
	}
	jw_close(&j, '}');
	fputc('\n', f);		/* the caller's own write, after the value */
	ck_assert_int_eq(fclose(f), 0);
	expect = xmalloc(2000 * 24 + 8);
	p = expect;
	p += sprintf(p, "{");
	for (i = 0; i < 2000; i++)
		p += sprintf(p, "%s\n  \"k%zu\": %lld", i > 0 ? "," : "", i, (long long)i - 1000);
	p += sprintf(p, "\n}\n");
	ck_assert_uint_eq(len, strlen(expect));
	ck_assert_str_eq(buf, expect);
	free(expect);
	free(buf);
}
END_TEST

/*
 * A finding as the generic writer puts it (jw_kstr and friends place keys
 * and commas): what the jsonl format wrote before its literal keys, and must
 * still write byte for byte.
 */
static void
generic_jsonl(FILE *f, const struct finding *x)
{
	const struct resolved	*r = &x->r;
	struct jw		 j;
	char			 buf[16];

	jw_init(&j, f, 0);
	jw_open(&j, '{');
	snprintf(buf, sizeof buf, "0x%08X", (unsigned)x->value);
	jw_kstr(&j, "code", buf);
	jw_kstr(&j, "name", resolved_name(r));
	jw_kstr(&j, "namespace", resolved_ns(r));
	jw_kstr(&j, "title", r->code != NULL ? r->code->title : NULL);
	jw_kstr(&j, "guidance", r->guidance != NULL ? r->guidance->id : NULL);
	jw_key(&j, "known");
	jw_bool(&j, r->known);
	jw_kstr(&j, "form", finding_form_name(x->form));
	jw_kstr(&j, "path", x->path);
	jw_kint(&j, "line", (long long)x->line);
	jw_kint(&j, "offset", (long long)x->offset);
	jw_key(&j, "time");
	jw_time(&j, x->time, x->nsec);
	jw_kstr(&j, "host", x->host);
	jw_kstr(&j, "writer", x->writer);
	jw_kstr(&j, "method", x->method);
	jw_key(&j, "match");
	jw_strn(&j, x->match, x->match_len);
	jw_key(&j, "text");
	jw_strn(&j, x->text, x->text_len);
	if (x->event != NULL) {
		jw_kint(&j, "event_id", x->event->event_id);
		jw_kstr(&j, "provider", x->event->provider);
		jw_key(&j, "record_id");
		if (x->event->record_id >= 0)
			jw_int(&j, x->event->record_id);
		else
			jw_null(&j);
		jw_kstr(&j, "computer", x->event->computer);
		jw_kstr(&j, "channel", x->event->channel);
		jw_key(&j, "level");
		if (x->event->level >= 0)
			jw_int(&j, x->event->level);
		else
			jw_null(&j);
	}
	jw_close(&j, '}');
	fputc('\n', f);
}

/* What fn writes for x, as a string of the caller's. */
static char *
written(void (*fn)(FILE *, const struct finding *), const struct finding *x, size_t *outlen)
{
	char	*buf = NULL;
	size_t	 len = 0;
	FILE	*f = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(f);
	fn(f, x);
	fn(f, x);	/* a second: nothing of the first is left over */
	ck_assert_int_eq(fclose(f), 0);
	*outlen = len;
	return buf;
}

/*
 * The jsonl format against the generic writer, with awkward values in every
 * field: control bytes, quotes, broken UTF-8, strings longer than the
 * writer's buffer, empty and absent fields, with and without an event.
 */
START_TEST(test_jsonl_literal_keys)
{
	const struct fmt	*jsonl = fmt_find("jsonl");
	static const char	*vals[] = { NULL, "", "plain", "q\"u\\o\te\n\r\x01\x7F",
	    "\xC3\xA9t\xC3\xA9 \xC2\x9B[31m \xFF\x80 \xE2\x82", "0123456789abcdefg" };
	char			*big = xmalloc(JW_BUF + 100);
	struct db_guidance	 g;
	struct db_code		 c;
	struct db_name		 nm;
	struct finding_event	 ev;
	struct finding		 x;
	size_t			 k, la, lb, nvals = sizeof vals / sizeof vals[0];
	char			*a, *b;

	ck_assert_ptr_nonnull(jsonl);
	memset(big, 'x', JW_BUF + 99);
	big[JW_BUF + 99] = '\0';
	big[17] = '"';
	for (k = 0; k < 3 * nvals + 2; k++) {
		const char	*v = k == 3 * nvals ? big : vals[k % nvals];
		const char	*w = k == 3 * nvals + 1 ? big : vals[(k + 1) % nvals];

		memset(&x, 0, sizeof x);
		memset(&g, 0, sizeof g);
		memset(&c, 0, sizeof c);
		memset(&nm, 0, sizeof nm);
		memset(&ev, 0, sizeof ev);
		x.value = (uint32_t)(0x800423F3u + k * 0x1111111u);
		x.form = (enum finding_form)(k % (FORM_BINARY + 1));
		x.path = w != NULL ? w : "p";
		x.line = k == 1 ? UINT64_C(18446744073709551615) : k * 1000003;
		x.offset = k * 77;
		x.match = w != NULL ? w : "";
		x.match_len = strlen(x.match);
		x.text = v != NULL ? v : "";
		x.text_len = strlen(x.text);
		x.time = k % 3 == 0 ? TSTAMP_NONE : (int64_t)1714633257 + (int64_t)k * 86400 * 400;
		x.nsec = k % 2 == 0 ? 657000000 : 999;
		x.host = v;
		x.writer = w;
		x.method = vals[(k + 2) % nvals];
		x.r.known = k % 2;
		if (k % 4 != 3) {
			nm.name = w != NULL ? w : "N";
			nm.ns = DB_NS_VSS;
			x.r.names[0] = &nm;
			x.r.nnames = 1;
		}
		if (k % 5 != 4) {
			c.title = v;
			c.name = &nm;
			x.r.code = &c;
		}
		if (k % 3 != 2) {
			g.id = w;
			x.r.guidance = &g;
		}
		if (k % 2 == 1) {
			ev.event_id = (long)k * 1000 - 5;
			ev.provider = v;
			ev.record_id = k % 4 == 1 ? -1 : (long long)k * 123456789;
			ev.computer = w;
			ev.channel = vals[(k + 3) % nvals];
			ev.level = k % 3 == 0 ? -1 : (int)k % 6;
			x.event = &ev;
		}
		a = written(jsonl->finding, &x, &la);
		b = written(generic_jsonl, &x, &lb);
		ck_assert_msg(la == lb && memcmp(a, b, la) == 0,
		    "case %zu: the jsonl format and the generic writer differ:\n%s\n%s", k, a, b);
		free(a);
		free(b);
	}
	free(big);
}
END_TEST

/* The jsonl format's line for x against the generic writer's. */
static void
ck_jsonl_same(const struct finding *x, const char *what)
{
	const struct fmt	*jsonl = fmt_find("jsonl");
	size_t			 la, lb;
	char			*a, *b;

	a = written(jsonl->finding, x, &la);
	b = written(generic_jsonl, x, &lb);
	ck_assert_msg(la == lb && memcmp(a, b, la) == 0, "%s: the jsonl format and the generic "
	    "writer differ:\n%s\n%s", what, a, b);
	free(a);
	free(b);
}

/*
 * The jsonl format's kept heads: a finding that repeats one gets its bytes,
 * and one that differs in anything the head shows does not, even when its
 * strings are at the same addresses with new text (a database freed and
 * another loaded), or when many codes share the slots.
 */
START_TEST(test_jsonl_heads)
{
	char			 name[16], gid[16], gid2[16], title[16], *big;
	struct db_guidance	 g, g2;
	struct db_code		 c;
	struct db_name		 nm;
	struct finding		 x;
	uint32_t		 k;

	memset(&x, 0, sizeof x);
	memset(&g, 0, sizeof g);
	memset(&g2, 0, sizeof g2);
	memset(&c, 0, sizeof c);
	memset(&nm, 0, sizeof nm);
	snprintf(name, sizeof name, "VSS_E_ONE");
	snprintf(gid, sizeof gid, "fix");
	snprintf(gid2, sizeof gid2, "fix");
	snprintf(title, sizeof title, "A title");
	nm.name = name;
	nm.ns = DB_NS_VSS;
	g.id = gid;
	g2.id = gid2;
	x.value = 0x800423F3u;
	x.path = "p";
	x.match = x.text = "m";
	x.match_len = x.text_len = 1;
	x.time = TSTAMP_NONE;
	x.r.names[0] = &nm;
	x.r.nnames = 1;
	x.r.guidance = &g;
	x.r.known = 1;
	ck_jsonl_same(&x, "first");
	ck_jsonl_same(&x, "again");
	snprintf(name, sizeof name, "VSS_E_\"TWO");	/* same address, new text */
	ck_jsonl_same(&x, "new name text");
	name[3] = '\0';
	ck_jsonl_same(&x, "shorter name");
	gid[0] = 'F';
	ck_jsonl_same(&x, "new guidance text");
	x.r.guidance = &g2;
	ck_jsonl_same(&x, "other guidance");
	x.r.known = 0;
	ck_jsonl_same(&x, "unknown");
	x.form = FORM_NAME;
	ck_jsonl_same(&x, "other form");
	c.title = title;
	x.r.code = &c;
	ck_jsonl_same(&x, "a title");
	title[0] = 'B';
	ck_jsonl_same(&x, "new title text");
	x.r.code = NULL;
	ck_jsonl_same(&x, "no title again");
	x.r.code = &c;
	x.r.win32_first = 1;
	x.r.nwin32 = 1;
	x.r.win32_names[0] = &nm;
	ck_jsonl_same(&x, "win32 first");
	x.r.win32_first = 0;
	x.r.nwin32 = 0;
	snprintf(gid, sizeof gid, "C:\\a.log");
	x.path = gid;
	ck_jsonl_same(&x, "a path");
	ck_jsonl_same(&x, "a path again");
	gid[3] = 'b';
	ck_jsonl_same(&x, "new path text");
	x.path = "p";
	for (k = 0; k < 200; k++) {
		/* codes that share slots, each written twice, in two rounds */
		x.value = 0x80070000u + (k % 100) * 37;
		x.r.known = (int)(k % 3 == 0);
		ck_jsonl_same(&x, "many codes");
		ck_jsonl_same(&x, "many codes again");
	}
	big = xmalloc(JW_BUF + 1);
	memset(big, 'N', JW_BUF);
	big[JW_BUF] = '\0';
	nm.name = big;		/* a head longer than the kept bytes */
	ck_jsonl_same(&x, "long name");
	ck_jsonl_same(&x, "long name again");
	big[5] = 'x';
	ck_jsonl_same(&x, "long name changed");
	free(big);
}
END_TEST

/*
 * jw_vstr_memo against jw_vstr, string after string into one value: the same
 * text again at the same address and at another, new text at the same
 * address, text to escape, NULL and "", strings longer than a memo keeps,
 * and the buffer filled to every point, so that some quoting is flushed
 * half-way (it must then not be kept).
 */
START_TEST(test_vstr_memo)
{
	static const char	*vals[] = { "SQL01.corp.example.com", "SQL01.corp.example.com",
	    "a\"b\\c\n\x01\xC2\x9B\xFF", "", NULL, "VSS", "Application" };
	char			 same[32], other[32], dashes[47], esc[JW_MEMO_TEXT + 1], *big;
	char			*a = NULL, *b = NULL;
	size_t			 la = 0, lb = 0, round, k;
	FILE			*fa = open_memstream(&a, &la), *fb = open_memstream(&b, &lb);
	struct jw		 ja, jb;
	struct jw_memo		 m;
	const char		*s;

	ck_assert_ptr_nonnull(fa);
	ck_assert_ptr_nonnull(fb);
	big = xmalloc(JW_MEMO_TEXT + 3);
	memset(big, 'L', JW_MEMO_TEXT + 2);
	big[JW_MEMO_TEXT + 2] = '\0';
	memset(&m, 0, sizeof m);
	memset(dashes, '-', sizeof dashes);
	jw_init(&ja, fa, 0);
	jw_init(&jb, fb, 0);
	for (round = 0; round < 2000; round++) {
		k = round % 11;
		if (k < 7)
			s = vals[k];
		else if (k == 7) {
			snprintf(same, sizeof same, "host%zu", round % 3);	/* new text, same address */
			s = same;
		} else if (k == 8) {
			snprintf(other, sizeof other, "host%zu", round % 3);	/* its text elsewhere */
			s = other;
		} else if (k == 9) {
			big[JW_MEMO_TEXT] = (char)('A' + round % 2);	/* one byte too long to keep */
			big[JW_MEMO_TEXT + 1] = round % 4 < 2 ? '\0' : 'x';
			s = big + (round % 4 < 2 ? 1 : 0);		/* exactly JW_MEMO_TEXT, or more */
		} else {
			/* 64 bytes quoted to 96 bytes (kept) or 97 (too long to keep) */
			memset(esc, 'e', JW_MEMO_TEXT);
			memset(esc, '"', (size_t)(JW_MEMO_QUOTED - 2 - JW_MEMO_TEXT) + round % 2);
			esc[JW_MEMO_TEXT] = '\0';
			s = esc;
		}
		jw_vstr_memo(&ja, &m, s);
		jw_vstr(&jb, s);
		/* a plain run that leaves the buffer at another point each time */
		jw_lit(&ja, dashes, round % 47);
		jw_lit(&jb, dashes, round % 47);
	}
	jw_flush(&ja);
	jw_flush(&jb);
	ck_streams_same(fa, &a, &la, fb, &b, &lb, "jw_vstr_memo and jw_vstr");
	free(big);
}
END_TEST

/*
 * The jsonl format's memos of host, writer and an event's strings: the same
 * text again, new text at the same address, a string dropped and back.
 */
START_TEST(test_jsonl_memos)
{
	char			 host[32], prov[32], comp[32], chan[32];
	struct finding_event	 ev;
	struct finding		 x;
	int			 k;

	memset(&x, 0, sizeof x);
	memset(&ev, 0, sizeof ev);
	x.value = 0x80042306u;
	x.path = "p";
	x.match = x.text = "m";
	x.match_len = x.text_len = 1;
	x.time = TSTAMP_NONE;
	x.event = &ev;
	ev.record_id = ev.level = -1;
	for (k = 0; k < 40; k++) {
		snprintf(host, sizeof host, "H%d", k / 3);
		snprintf(prov, sizeof prov, k % 5 == 4 ? "P\"%d" : "P%d", k / 4);
		snprintf(comp, sizeof comp, "C%d", k / 2);
		snprintf(chan, sizeof chan, "Ch%d", k / 7);
		x.host = k % 6 == 5 ? NULL : host;
		x.writer = k % 4 == 0 ? NULL : comp;
		x.method = k % 9 == 0 ? chan : NULL;
		ev.provider = prov;
		ev.computer = k % 8 == 7 ? NULL : comp;
		ev.channel = chan;
		ck_jsonl_same(&x, "event strings");
	}
}
END_TEST

/* match_exec's answer, or -2 when the pattern does not compile. */
static int
try(const char *pattern, int flags, const char *subject, size_t start)
{
	struct match_result	 r;
	struct match_re		*re;
	char			*err = NULL;
	int			 rc;

	if ((re = match_compile(pattern, flags, &err)) == NULL) {
		free(err);
		return -2;
	}
	rc = match_exec(re, subject, strlen(subject), start, &r);
	match_free(re);
	return rc;
}

/* The answers match.c gives without PCRE2 agree with PCRE2's. */
START_TEST(test_match_quick_no)
{
	/* anchored, one first byte */
	ck_assert_int_eq(try("^<\\d{1,3}>", 0, "<13>x", 0), 1);
	ck_assert_int_eq(try("^<\\d{1,3}>", 0, "2024 <13>", 0), 0);
	ck_assert_int_eq(try("^<\\d{1,3}>", 0, "", 0), 0);
	/* a letter without case: both cases start a match */
	ck_assert_int_eq(try("^abc", MATCH_CASELESS, "ABC", 0), 1);
	ck_assert_int_eq(try("^abc", MATCH_CASELESS, "aBc", 0), 1);
	ck_assert_int_eq(try("^(?i)xyz", 0, "XYZ", 0), 1);
	ck_assert_int_eq(try("^abc", 0, "ABC", 0), 0);
	/* anchored, a set of first bytes */
	ck_assert_int_eq(try("^(?:<\\d>)?(?:Jan|Feb) \\d", 0, "Feb 1", 0), 1);
	ck_assert_int_eq(try("^(?:<\\d>)?(?:Jan|Feb) \\d", 0, "<1>Jan 2", 0), 1);
	ck_assert_int_eq(try("^(?:<\\d>)?(?:Jan|Feb) \\d", 0, "Mar 1", 0), 0);
	ck_assert_int_eq(try("^(?:<\\d>)?(?:jan|feb) \\d", MATCH_CASELESS, "FEB 1", 0), 1);
	/* \A at a later start: anchored at the start offset */
	ck_assert_int_eq(try("\\Gab", 0, "xxab", 2), 1);
	ck_assert_int_eq(try("\\Gab", 0, "xxcb", 2), 0);
	ck_assert_int_eq(try("\\Gab", 0, "xxab", 4), 0);
	/* least length */
	ck_assert_int_eq(try("abc", 0, "ab", 0), 0);
	ck_assert_int_eq(try("abc", 0, "xabc", 1), 1);
	ck_assert_int_eq(try("abc", 0, "xabc", 2), 0);
	ck_assert_int_eq(try("a?", 0, "", 0), 1);
	ck_assert_int_eq(try("(?<=x)b", 0, "xb", 1), 1);
	/* pcre2_jit_match called directly: the checks pcre2_match would make */
	ck_assert_int_eq(try("a?", 0, "ab", 3), 0);		/* an offset beyond the subject */
	ck_assert_int_eq(try("a?", 0, "ab", 2), 1);
	ck_assert_int_eq(try("(*UTF)a.c", 0, "a\xFF" "c", 0), 0);	/* not UTF-8: no match */
	ck_assert_int_eq(try("(*UTF)a.$", 0, "a\xC3" "c", 0), 0);	/* unchecked, one character */
	ck_assert_int_eq(try("(*UTF)a.c", 0, "a\xC3\xA9" "c", 0), 1);
	ck_assert_int_eq(try("a.c", 0, "a\xFF" "c", 0), 1);
	/* a pattern that may start with anything is not filtered */
	ck_assert_int_eq(try("^.?z", 0, "\xFFz", 0), 1);
	ck_assert_int_eq(try("^[^a]", 0, "\x80", 0), 1);
}
END_TEST

/* A match's groups: those that took part, one that did not (-1), and every one past the last (-1). */
START_TEST(test_match_groups)
{
	struct match_result	 r;
	struct match_re		*re;
	char			*err = NULL;
	int			 i;

	re = match_compile("(a)(x)?(b)(c)?", 0, &err);
	ck_assert_ptr_nonnull(re);
	memset(&r, 0x5A, sizeof r);
	ck_assert_int_eq(match_exec(re, "zab", 3, 0, &r), 1);
	ck_assert_int_eq(r.start[0], 1);
	ck_assert_int_eq(r.end[0], 3);
	ck_assert_int_eq(r.start[1], 1);
	ck_assert_int_eq(r.start[2], -1);
	ck_assert_int_eq(r.end[2], -1);
	ck_assert_int_eq(r.start[3], 2);
	ck_assert_int_eq(r.end[3], 3);
	for (i = 4; i < MATCH_MAX_GROUPS; i++) {
		ck_assert_int_eq(r.start[i], -1);
		ck_assert_int_eq(r.end[i], -1);
	}
	match_free(re);
}
END_TEST

/* jw_vint's output for v, as a string of the caller's. */
static char *
written_int(long long v, size_t *outlen)
{
	char		*buf = NULL;
	size_t		 len = 0;
	FILE		*f = open_memstream(&buf, &len);
	struct jw	 j;

	ck_assert_ptr_nonnull(f);
	jw_init(&j, f, 0);
	jw_vint(&j, v);
	jw_flush(&j);
	ck_assert_int_eq(fclose(f), 0);
	*outlen = len;
	return buf;
}

/* jw_vint against printf's %lld: every length, both signs, the ends of the range. */
START_TEST(test_vint)
{
	long long	 v[64 + 8], p = 1;
	char		 want[32], *got;
	size_t		 n = 0, i, len;

	v[n++] = 0;
	v[n++] = LLONG_MAX;
	v[n++] = LLONG_MIN;
	v[n++] = LLONG_MIN + 1;
	for (i = 0; i < 19; i++) {
		v[n++] = p - 1;
		v[n++] = p;
		v[n++] = -p;
		if (i < 18)
			p *= 10;	/* up to 10^18: 10^19 is past LLONG_MAX */
	}
	v[n++] = 18446744073709551LL;
	for (i = 0; i < n; i++) {
		got = written_int(v[i], &len);
		snprintf(want, sizeof want, "%lld", v[i]);
		ck_assert_str_eq(got, want);
		ck_assert_uint_eq(len, strlen(want));
		free(got);
	}
}
END_TEST

/*
 * chars_word_mask against chars_is_word and A-Z a byte at a time: every
 * byte value at every place of a block, and every length, bits past it clear.
 */
START_TEST(test_word_mask)
{
	unsigned char	b[64];
	uint64_t	m, up, want, wup;
	size_t		n, i;
	int		c, at;

	for (c = 0; c < 256; c++) {
		for (at = 0; at < 64; at++) {
			memset(b, 'x', sizeof b);
			b[at] = (unsigned char)c;
			m = chars_word_mask(b, sizeof b, &up);
			want = chars_is_word(c) ? ~0ULL : ~(1ULL << at);
			wup = c >= 'A' && c <= 'Z' ? 1ULL << at : 0;
			ck_assert_msg(m == want && up == wup, "byte 0x%02x at %d: %016llx %016llx",
			    (unsigned)c, at, (unsigned long long)m, (unsigned long long)up);
		}
	}
	srand(16);
	for (n = 0; n <= 64; n++) {
		for (i = 0; i < sizeof b; i++)
			b[i] = (unsigned char)(rand() % 4 == 0 ? '_' : rand() & 0xFF);
		for (want = wup = 0, i = 0; i < n; i++) {
			want |= (uint64_t)chars_is_word(b[i]) << i;
			wup |= (uint64_t)(b[i] >= 'A' && b[i] <= 'Z') << i;
		}
		ck_assert_msg(chars_word_mask(b, n, &up) == want && up == wup, "length %zu", n);
	}
}
END_TEST

/*
 * inert.c's escaping one byte at a time, as it was before its runs of
 * printable ASCII were copied eight bytes at a time.
 */
static size_t
model_inert(char *out, const unsigned char *s, size_t n, int flags)
{
	char	*p = out;
	size_t	 i, k;

	for (i = 0; i < n; i++) {
		if ((s[i] < 0x20 && !(s[i] == '\t' && (flags & INERT_TAB))) || s[i] == 0x7f)
			p += sprintf(p, "\\x%02x", s[i]);
		else if (s[i] < 0x80)
			*p++ = (char)s[i];
		else if ((k = inert_utf8_len(s + i, n - i)) == 0)
			p += sprintf(p, "\\x%02x", s[i]);
		else if (k == 2 && s[i] == 0xc2 && s[i + 1] < 0xa0) {
			p += sprintf(p, "\\u%04x", s[i + 1]);
			i++;
		} else {
			for (; k > 0; k--)
				*p++ = (char)s[i++];
			i--;
		}
	}
	*p = '\0';
	return (size_t)(p - out);
}

/*
 * inert_copy against the model: every byte value at every place of 8 to 24
 * printable bytes (each place of a word, and a word's run cut at it), with
 * and without INERT_TAB; then random strings of every length up to 200 from
 * a mix of printable ASCII, controls, DEL, C1 controls and valid and broken
 * UTF-8.
 */
START_TEST(test_inert_runs)
{
	static const char	*bits[] = {
		"a", "Z", " ", "~", "\x7f", "\x1f", "\t", "\n", "\x80", "\xc2\x85", "\xc2\xa0",
		"\xc3\xa9", "\xe4\xb8\xad", "\xf0\x9f\x98\x80", "\xff", "\xe4\xb8", "0x800423F3",
	};
	unsigned char	in[256];
	char		got[INERT_MAX(256)], want[INERT_MAX(256)];
	size_t		n, len, at;
	int		c, flags, round;

	for (flags = 0; flags <= INERT_TAB; flags += INERT_TAB) {
		for (len = 8; len <= 24; len++) {
			for (at = 0; at < len; at++) {
				for (c = 0; c < 256; c++) {
					memset(in, 'q', len);
					in[at] = (unsigned char)c;
					n = inert_copy(got, (const char *)in, len, flags);
					ck_assert_uint_eq(n, model_inert(want, in, len, flags));
					ck_assert_msg(strcmp(got, want) == 0, "byte 0x%02x at %zu of %zu",
					    (unsigned)c, at, len);
				}
			}
		}
	}
	srand(7);
	for (round = 0; round < 4000; round++) {
		size_t	target = (size_t)round % 200;

		for (len = 0; len < target; ) {
			const char	*b = bits[rand() % (int)(sizeof bits / sizeof bits[0])];
			size_t		 bl = strlen(b);

			if (rand() % 3 != 0)
				b = "plain text ", bl = 11;
			if (len + bl > target)
				break;
			memcpy(in + len, b, bl);
			len += bl;
		}
		flags = round % 2 ? INERT_TAB : 0;
		n = inert_copy(got, (const char *)in, len, flags);
		ck_assert_uint_eq(n, model_inert(want, in, len, flags));
		ck_assert_msg(strcmp(got, want) == 0, "round %d", round);
		ck_assert_uint_eq(strlen(got), n);
	}
}
END_TEST

static Suite *
fast_suite(void)
{
	Suite	*s = suite_create("fast");
	TCase	*tc = tcase_create("core");

	tcase_set_timeout(tc, 60);	/* under valgrind and the sanitizers */
	tcase_add_test(tc, test_quote_every_place);
	tcase_add_test(tc, test_quote_utf8);
	tcase_add_test(tc, test_quote_random_long);
	tcase_add_test(tc, test_buffer_flush);
	tcase_add_test(tc, test_quote_fill_levels);
	tcase_add_test(tc, test_jsonl_literal_keys);
	tcase_add_test(tc, test_jsonl_heads);
	tcase_add_test(tc, test_vstr_memo);
	tcase_add_test(tc, test_jsonl_memos);
	tcase_add_test(tc, test_match_quick_no);
	tcase_add_test(tc, test_match_groups);
	tcase_add_test(tc, test_word_mask);
	tcase_add_test(tc, test_vint);
	tcase_add_test(tc, test_inert_runs);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(fast_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	match_thread_end();
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

/* check_input.c: unit tests of the input layer (gunzip, BOMs, UTF-16 decoding, streams). */
#include "config.h"

#include <sys/stat.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "input.h"
#include "source.h"
#include "xalloc.h"

#define MAX_MSGS	8

/*
 * The sample text: German with an umlaut, a character outside the BMP
 * (U+1F4BE, a surrogate pair in UTF-16), CJK and Greek, CRLF line ends.
 */
static const char sample[] =
    "Schattenkopie f\xc3\xbcr Volume C:\\ wurde erstellt.\r\n"
    "Writer name: 'System Writer' \xf0\x9f\x92\xbe (U+1F4BE)\r\n"
    "\xe5\x8d\xb7\xe5\xbd\xb1\xe5\x89\xaf\xe6\x9c\xac \xce\xa9 ok\r\n"
    "Last error: Timed out\r\n";

static char	tmpdir[] = "/tmp/check_input.XXXXXX";
static char	paths[4][PATH_MAX];
static int	npath;

struct errs {
	int	 n;
	char	*msg[MAX_MSGS];
};
static struct errs	errs;

struct out {
	char	*p;
	size_t	 len;
};

static void
on_error(void *ctx, const char *msg)
{
	struct errs	*e = ctx;

	if (e->n < MAX_MSGS)
		e->msg[e->n] = xstrdup(msg);
	e->n++;
}

static void
setup(void)
{
	strcpy(tmpdir, "/tmp/check_input.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
	memset(&errs, 0, sizeof errs);
}

static void
teardown(void)
{
	DIR		*d;
	struct dirent	*de;
	char		 path[PATH_MAX];
	int		 i;

	for (i = 0; i < errs.n && i < MAX_MSGS; i++)
		free(errs.msg[i]);
	if ((d = opendir(tmpdir)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", tmpdir, de->d_name);
		if (unlink(path) != 0)
			rmdir(path);
	}
	closedir(d);
	rmdir(tmpdir);
}

/* Returns the path of name in the temporary directory (four live at a time). */
static const char *
tpath(const char *name)
{
	char	*p = paths[npath++ % 4];

	snprintf(p, PATH_MAX, "%s/%s", tmpdir, name);
	return p;
}

static const char *
write_file(const char *name, const void *data, size_t len)
{
	const char	*path = tpath(name);
	FILE		*f = fopen(path, "wb");

	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(data, 1, len, f), len);
	ck_assert_int_eq(fclose(f), 0);
	return path;
}

/* Compresses data as one gzip member; the result is the caller's. */
static unsigned char *
gz(const void *data, size_t len, size_t *outlen)
{
	z_stream	 z;
	size_t		 cap;
	unsigned char	*o;

	memset(&z, 0, sizeof z);
	ck_assert_int_eq(deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8,
	    Z_DEFAULT_STRATEGY), Z_OK);
	cap = deflateBound(&z, len) + 64;
	o = xmalloc(cap);
	z.next_in = (unsigned char *)data;
	z.avail_in = len;
	z.next_out = o;
	z.avail_out = cap;
	ck_assert_int_eq(deflate(&z, Z_FINISH), Z_STREAM_END);
	*outlen = z.total_out;
	deflateEnd(&z);
	return o;
}

/* Appends a gzip member of data to a growing buffer. */
static void
gz_append(struct out *o, const void *data, size_t len)
{
	size_t		 n;
	unsigned char	*g = gz(data, len, &n);

	o->p = xrealloc(o->p, o->len + n);
	memcpy(o->p + o->len, g, n);
	o->len += n;
	free(g);
}

static void
put_unit(unsigned char **o, unsigned u, int be)
{
	*(*o)++ = be ? u >> 8 : u & 0xff;
	*(*o)++ = be ? u & 0xff : u >> 8;
}

/* Encodes valid UTF-8 s as UTF-16, independently of the module. */
static char *
to_utf16(const char *s, int be, int bom, size_t *outlen)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 n = strlen(s), i = 0;
	unsigned char		*buf = xmalloc(2 * n + 2), *o = buf;
	unsigned		 c;

	if (bom)
		put_unit(&o, 0xfeff, be);
	while (i < n) {
		if (p[i] < 0x80)
			c = p[i++];
		else if (p[i] < 0xe0) {
			c = (p[i] & 0x1f) << 6 | (p[i + 1] & 0x3f);
			i += 2;
		} else if (p[i] < 0xf0) {
			c = (p[i] & 0x0f) << 12 | (p[i + 1] & 0x3f) << 6 |
			    (p[i + 2] & 0x3f);
			i += 3;
		} else {
			c = (p[i] & 0x07) << 18 | (p[i + 1] & 0x3f) << 12 |
			    (p[i + 2] & 0x3f) << 6 | (p[i + 3] & 0x3f);
			i += 4;
		}
		if (c >= 0x10000) {
			put_unit(&o, 0xd800 + ((c - 0x10000) >> 10), be);
			put_unit(&o, 0xdc00 + ((c - 0x10000) & 0x3ff), be);
		} else
			put_unit(&o, c, be);
	}
	*outlen = o - buf;
	return (char *)buf;
}

/* Encodes a list of code units (valid or not) as UTF-16. */
static char *
units(const unsigned *u, size_t n, int be, size_t *outlen)
{
	unsigned char	*buf = xmalloc(2 * n + 1), *o = buf;
	size_t		 i;

	for (i = 0; i < n; i++)
		put_unit(&o, u[i], be);
	*outlen = o - buf;
	return (char *)buf;
}

/* Reads an input to its end with a buffer of bufsize bytes. */
static void
slurp(struct input *in, size_t bufsize, struct out *o)
{
	char	*buf = xmalloc(bufsize);
	size_t	 n, cap = 4096;

	o->p = xmalloc(cap);
	o->len = 0;
	while ((n = input_read(in, buf, bufsize)) > 0) {
		ck_assert_uint_le(n, bufsize);
		if (o->len + n > cap) {
			while (o->len + n > cap)
				cap *= 2;
			o->p = xrealloc(o->p, cap);
		}
		memcpy(o->p + o->len, buf, n);
		o->len += n;
	}
	ck_assert_uint_eq(input_read(in, buf, bufsize), 0);
	free(buf);
}

static struct input *
open_ok(const char *path)
{
	struct input	*in;
	char		*err = NULL;

	in = input_open(path, on_error, &errs, &err);
	ck_assert_msg(in != NULL, "input_open: %s", err);
	ck_assert_ptr_null(err);
	return in;
}

/* Opens path, reads it all and checks the output and the description. */
static void
expect_file(const char *path, size_t bufsize, const char *want, size_t wantlen,
    const char *desc)
{
	struct input	*in = open_ok(path);
	struct out	 o;

	ck_assert_str_eq(input_describe(in), desc);
	slurp(in, bufsize, &o);
	ck_assert_uint_eq(o.len, wantlen);
	ck_assert_mem_eq(o.p, want, wantlen);
	free(o.p);
	input_close(in);
}

static void
expect_no_errors(void)
{
	ck_assert_msg(errs.n == 0, "unexpected error: %s", errs.msg[0]);
}

static void
expect_error(int i, const char *want)
{
	ck_assert_int_gt(errs.n, i);
	ck_assert_str_eq(errs.msg[i], want);
}

/* Writes data to fd in small odd chunks with pauses, then exits (in a child). */
static void
write_chunks(int fd, const void *data, size_t len, useconds_t pause)
{
	static const size_t	 chunks[] = { 1, 3, 2, 5, 7, 11, 1, 13 };
	const char		*p = data;
	size_t			 i = 0, n;
	ssize_t			 w;

	while (len > 0) {
		n = chunks[i++ % (sizeof chunks / sizeof chunks[0])];
		if (n > len)
			n = len;
		if ((w = write(fd, p, n)) <= 0)
			_exit(1);
		p += w;
		len -= w;
		if (pause != 0)
			usleep(pause);
	}
	_exit(0);
}

/* Starts a child writing data to fd in small odd chunks. */
static pid_t
spawn_writer(int fd, const void *data, size_t len, useconds_t pause)
{
	pid_t	pid = fork();

	ck_assert_int_ne(pid, -1);
	if (pid == 0)
		write_chunks(fd, data, len, pause);
	return pid;
}

static void
wait_writer(pid_t pid)
{
	int	status;

	while (waitpid(pid, &status, 0) == -1)
		ck_assert_int_eq(errno, EINTR);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

/* Builds len bytes of varied, compressible but not trivial text. */
static char *
make_text(size_t len)
{
	static const char	*words[] = { "VSS_E_WRITERERROR_TIMEOUT", "0x800423f2",
	    "Writer", "name:", "'SqlServerWriter'", "State:", "[8]", "Failed",
	    "Last", "error:", "Non-retryable", "\r\n" };
	char			*t = xmalloc(len);
	unsigned		 x = 12345;
	size_t			 i = 0, k;
	const char		*w;

	while (i < len) {
		x = x * 1103515245 + 12345;
		w = words[(x >> 16) % (sizeof words / sizeof words[0])];
		for (k = 0; w[k] != '\0' && i < len; k++)
			t[i++] = w[k];
		if (i < len)
			t[i++] = ' ';
	}
	return t;
}

/*
 * Plain bytes.
 */

/*
 * The readers' window: it keeps what was not used, counts the offset of its
 * first byte, grows for a long need and says when the input has ended.
 */
START_TEST(test_window_fill)
{
	char			*text = make_text(5000);
	const char		*path = write_file("window.txt", text, 5000);
	struct input		*in = open_ok(path);
	struct input_window	 w = { NULL, 0, 0, 0, 0, 0 };

	ck_assert_uint_eq(input_fill(in, &w, 10, 64), w.len);
	ck_assert_uint_ge(w.len, 10);
	ck_assert_uint_ge(w.cap, 74);
	ck_assert_mem_eq(w.buf, text, w.len);
	w.pos = 7;
	ck_assert_uint_ge(input_fill(in, &w, 1000, 64), 1000);
	ck_assert_uint_eq(w.pos, 0);
	ck_assert_uint_eq(w.off, 7);
	ck_assert_mem_eq(w.buf, text + 7, 1000);
	ck_assert_int_eq(w.eof, 0);
	w.pos = 1000;
	ck_assert_uint_eq(input_fill(in, &w, 8000, 64), 5000 - 1007);
	ck_assert_int_eq(w.eof, 1);
	ck_assert_uint_eq(w.off, 1007);
	ck_assert_mem_eq(w.buf, text + 1007, 5000 - 1007);
	/* at the end it reads no more, and keeps what stands */
	ck_assert_uint_eq(input_fill(in, &w, 9000, 64), 5000 - 1007);
	free(w.buf);
	free(text);
	input_close(in);
	expect_no_errors();
}
END_TEST

START_TEST(test_plain_passthrough)
{
	const char	 text[] = "Writer name: 'System Writer'\r\n   State: [1] Stable\n"
	    "no final newline";
	const char	*path = write_file("plain.txt", text, sizeof text - 1);
	struct input	*in = open_ok(path);
	struct out	 o;

	ck_assert_str_eq(input_describe(in), "text");
	ck_assert_int_eq(input_encoding(in), INPUT_BYTES);
	ck_assert_int_eq(input_gzip(in), 0);
	ck_assert_str_eq(input_name(in), path);
	slurp(in, 65536, &o);
	ck_assert_uint_eq(o.len, sizeof text - 1);
	ck_assert_mem_eq(o.p, text, o.len);
	ck_assert_uint_eq(input_raw_bytes(in), sizeof text - 1);
	ck_assert_int_eq(input_failed(in), 0);
	free(o.p);
	input_close(in);
	expect_no_errors();
}
END_TEST

START_TEST(test_latin1_passthrough)
{
	const char	text[] = "Schattenkopie f\xfcr Volume \xe9\xe8\xff\xfe\r\n";

	expect_file(write_file("latin1.txt", text, sizeof text - 1), 7, text,
	    sizeof text - 1, "text");
	expect_no_errors();
}
END_TEST

START_TEST(test_utf8_bom_dropped)
{
	const char	 text[] = "\xef\xbb\xbf" "f\xc3\xbcr Volume\r\n";
	struct input	*in = open_ok(write_file("bom8.txt", text, sizeof text - 1));

	ck_assert_int_eq(input_encoding(in), INPUT_UTF8_BOM);
	input_close(in);
	expect_file(tpath("bom8.txt"), 2, text + 3, sizeof text - 4,
	    "UTF-8 with BOM");
	expect_no_errors();
}
END_TEST

START_TEST(test_empty_file)
{
	struct input	*in = open_ok(write_file("empty", "", 0));
	const char	*p = NULL;
	char		 buf[16];

	ck_assert_str_eq(input_describe(in), "text");
	ck_assert_uint_eq(input_peek(in, &p, 10), 0);
	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq(input_read(in, buf, sizeof buf), 0);
	ck_assert_uint_eq(input_read(in, buf, sizeof buf), 0);
	ck_assert_uint_eq(input_raw_bytes(in), 0);
	ck_assert_int_eq(input_failed(in), 0);
	input_close(in);
	expect_no_errors();
}
END_TEST

START_TEST(test_tiny_files)
{
	expect_file(write_file("one", "a", 1), 16, "a", 1, "text");
	expect_file(write_file("two", "hi", 2), 16, "hi", 2, "text");
	expect_file(write_file("a0", "A\0", 2), 16, "A\0", 2, "text");
	expect_file(write_file("a0b0", "A\0B\0", 4), 16, "AB", 2,
	    "UTF-16LE (no BOM)");
	expect_file(write_file("ffee", "\xff\xfe", 2), 16, "", 0, "UTF-16LE");
	expect_file(write_file("feff", "\xfe\xff", 2), 16, "", 0, "UTF-16BE");
	expect_file(write_file("efbb", "\xef\xbb", 2), 16, "\xef\xbb", 2, "text");
	expect_file(write_file("efbbbf", "\xef\xbb\xbf", 3), 16, "", 0,
	    "UTF-8 with BOM");
	expect_file(write_file("1f", "\x1f", 1), 16, "\x1f", 1, "text");
	expect_no_errors();
}
END_TEST

START_TEST(test_nul_bytes)
{
	const char	text[] = "abc\0def\0\0ghi\r\nState: [1] Stable\0\r\n";

	expect_file(write_file("nul.txt", text, sizeof text - 1), 5, text,
	    sizeof text - 1, "text");
	expect_no_errors();
}
END_TEST

START_TEST(test_ascii_with_odd_nuls)
{
	char	text[200];
	size_t	i;

	/* Even length, NULs at odd positions, but only a few: still text. */
	for (i = 0; i < sizeof text; i++)
		text[i] = 'a' + i % 26;
	text[1] = text[3] = text[51] = text[99] = text[151] = '\0';
	expect_file(write_file("odd-nuls", text, sizeof text), 64, text,
	    sizeof text, "text");
	expect_no_errors();
}
END_TEST

START_TEST(test_all_zeros)
{
	char	zeros[1000];

	memset(zeros, 0, sizeof zeros);
	expect_file(write_file("zeros", zeros, sizeof zeros), 100, zeros,
	    sizeof zeros, "text");
	expect_no_errors();
}
END_TEST

/*
 * UTF-16.
 */

/* The three ways Windows writes UTF-16: each is detected and decoded whole. */
static const struct {
	const char	*file;
	int		 big_endian, bom;
	enum input_encoding enc;
	const char	*kind;
} utf16_forms[] = {
	{ "le.txt", 0, 1, INPUT_UTF16LE, "UTF-16LE" },
	{ "be.txt", 1, 1, INPUT_UTF16BE, "UTF-16BE" },
	{ "nobom.txt", 0, 0, INPUT_UTF16LE_NOBOM, "UTF-16LE (no BOM)" },
};

START_TEST(test_utf16_forms)
{
	size_t		 len;
	char		*u = to_utf16(sample, utf16_forms[_i].big_endian, utf16_forms[_i].bom, &len);
	struct input	*in = open_ok(write_file(utf16_forms[_i].file, u, len));

	ck_assert_int_eq(input_encoding(in), utf16_forms[_i].enc);
	input_close(in);
	expect_file(tpath(utf16_forms[_i].file), 4096, sample, sizeof sample - 1,
	    utf16_forms[_i].kind);
	expect_no_errors();
	free(u);
}
END_TEST

START_TEST(test_utf16le_nobom_odd_length)
{
	size_t	len;
	char	*u = to_utf16("Writer name: 'System Writer'", 0, 0, &len);

	/* An odd length is not taken for BOM-less UTF-16. */
	expect_file(write_file("odd", u, len - 1), 16, u, len - 1, "text");
	expect_no_errors();
	free(u);
}
END_TEST

/*
 * BOM-less UTF-16LE is 7/8 of the high bytes zero and 3/4 of the low ones
 * text, in the first 512 bytes: 256 pairs, so at most 32 high bytes other
 * than zero.  The count stops early once there are more: the same answer
 * with the extra ones first, last or spread.
 */
START_TEST(test_utf16le_nobom_threshold)
{
	unsigned char	b[512];
	size_t		i, k, where;
	const char	*path;
	struct input	*in;

	for (k = 31; k <= 34; k++) {
		for (where = 0; where < 3; where++) {
			for (i = 0; i < sizeof b; i += 2) {
				b[i] = (unsigned char)('a' + i / 2 % 26);
				b[i + 1] = 0;
			}
			for (i = 0; i < k; i++) {
				size_t	pair = where == 0 ? i : where == 1 ? 255 - i : i * 7;

				b[2 * pair + 1] = 0x04;	/* Cyrillic, say */
			}
			path = write_file("threshold", b, sizeof b);
			in = open_ok(path);
			ck_assert_msg((input_encoding(in) == INPUT_UTF16LE_NOBOM) == (k <= 32),
			    "%zu high bytes not zero (%s): %s", k,
			    where == 0 ? "first" : where == 1 ? "last" : "spread",
			    input_describe(in));
			input_close(in);
		}
	}
}
END_TEST

START_TEST(test_read_sizes)
{
	size_t		 len, size;
	char		*le = to_utf16(sample, 0, 1, &len), *be, *nobom;
	const char	*p;
	struct out	 g = { NULL, 0 }, o;
	struct input	*in;
	struct {
		const char	*name, *desc;
	} files[] = {
		{ "le", "UTF-16LE" }, { "be", "UTF-16BE" },
		{ "nobom", "UTF-16LE (no BOM)" }, { "gz", "gzip, UTF-16LE" },
		{ "plain", "text" }, { "bom8", "UTF-8 with BOM" }
	};
	unsigned	 i;

	write_file("le", le, len);
	/* Two gzip members that split a code unit and a surrogate pair. */
	gz_append(&g, le, 63);
	gz_append(&g, le + 63, 34);
	gz_append(&g, le + 97, len - 97);
	write_file("gz", g.p, g.len);
	free(le);
	be = to_utf16(sample, 1, 1, &len);
	write_file("be", be, len);
	free(be);
	nobom = to_utf16(sample, 0, 0, &len);
	write_file("nobom", nobom, len);
	free(nobom);
	write_file("plain", sample, sizeof sample - 1);
	g.p = xrealloc(g.p, sizeof sample + 3);
	memcpy(g.p, "\xef\xbb\xbf", 3);
	memcpy(g.p + 3, sample, sizeof sample);
	write_file("bom8", g.p, sizeof sample + 2);
	free(g.p);

	for (i = 0; i < sizeof files / sizeof files[0]; i++) {
		for (size = 1; size <= 17; size++) {
			in = open_ok(tpath(files[i].name));
			ck_assert_str_eq(input_describe(in), files[i].desc);
			if (size % 2 == 1) {
				/* Peeking first changes nothing. */
				ck_assert_uint_eq(input_peek(in, &p, size * 3),
				    size * 3);
				ck_assert_mem_eq(p, sample, size * 3);
			}
			slurp(in, size, &o);
			ck_assert_msg(o.len == sizeof sample - 1 &&
			    memcmp(o.p, sample, o.len) == 0,
			    "%s, read size %zu: wrong output", files[i].name, size);
			free(o.p);
			input_close(in);
		}
	}
	expect_no_errors();
}
END_TEST

START_TEST(test_surrogate_across_buffer)
{
	/* BOM, 32766 units, then a pair whose halves are at 65534 and 65536. */
	size_t		 n = 1 + 32766 + 2 + 3, i, len;
	unsigned	*u = xmalloc(n * sizeof *u);
	char		*data, *want = xmalloc(32766 + 4 + 3);

	u[0] = 0xfeff;
	for (i = 1; i <= 32766; i++) {
		u[i] = 'a' + i % 26;
		want[i - 1] = 'a' + i % 26;
	}
	u[i++] = 0xd83d;
	u[i++] = 0xdcbe;
	memcpy(want + 32766, "\xf0\x9f\x92\xbe", 4);
	u[i++] = 0xe9;			/* é */
	u[i++] = '\n';
	memcpy(want + 32770, "\xc3\xa9\n", 3);
	n = i;
	data = units(u, n, 0, &len);
	expect_file(write_file("big", data, len), 65536, want, 32766 + 4 + 3,
	    "UTF-16LE");
	expect_file(tpath("big"), 4097, want, 32766 + 4 + 3, "UTF-16LE");
	expect_no_errors();
	free(data);
	free(want);
	free(u);
}
END_TEST

START_TEST(test_unpaired_high)
{
	static const unsigned	 u[] = { 0xfeff, 'a', 'b', 0xd800, 'c', 'd' };
	static const char	 want[] = "ab\xef\xbf\xbd" "cd";
	size_t			 len;
	char			*data = units(u, 6, 0, &len), msg[PATH_MAX + 100];
	const char		*path = write_file("hi", data, len);
	struct input		*in = open_ok(path);
	struct out		 o;

	slurp(in, 3, &o);
	ck_assert_uint_eq(o.len, sizeof want - 1);
	ck_assert_mem_eq(o.p, want, o.len);
	ck_assert_int_eq(input_failed(in), 1);
	input_close(in);
	ck_assert_int_eq(errs.n, 1);
	snprintf(msg, sizeof msg, "%s: invalid UTF-16 at byte 6 (unpaired "
	    "surrogate); replaced with U+FFFD", path);
	expect_error(0, msg);
	free(o.p);
	free(data);
}
END_TEST

START_TEST(test_unpaired_low_be)
{
	static const unsigned	 u[] = { 0xfeff, 'x', 0xdc00, 0xdbff, 0xdfff };
	static const char	 want[] = "x\xef\xbf\xbd\xf4\x8f\xbf\xbf";
	size_t			 len;
	char			*data = units(u, 5, 1, &len), msg[PATH_MAX + 100];
	const char		*path = write_file("lo", data, len);

	expect_file(path, 1, want, sizeof want - 1, "UTF-16BE");
	ck_assert_int_eq(errs.n, 1);
	snprintf(msg, sizeof msg, "%s: invalid UTF-16 at byte 4 (unpaired "
	    "surrogate); replaced with U+FFFD", path);
	expect_error(0, msg);
	free(data);
}
END_TEST

START_TEST(test_high_high_low)
{
	static const unsigned	 u[] = { 0xfeff, 0xd800, 0xd800, 0xdc00, 'z' };
	static const char	 want[] = "\xef\xbf\xbd\xf0\x90\x80\x80z";
	size_t			 len;
	char			*data = units(u, 5, 0, &len), msg[PATH_MAX + 100];
	const char		*path = write_file("hhl", data, len);

	expect_file(path, 2, want, sizeof want - 1, "UTF-16LE");
	ck_assert_int_eq(errs.n, 1);
	snprintf(msg, sizeof msg, "%s: invalid UTF-16 at byte 2 (unpaired "
	    "surrogate); replaced with U+FFFD", path);
	expect_error(0, msg);
	free(data);
}
END_TEST

START_TEST(test_high_at_end)
{
	static const unsigned	 u[] = { 0xfeff, 'o', 'k', 0xdbc0 };
	static const char	 want[] = "ok\xef\xbf\xbd";
	size_t			 len;
	char			*data = units(u, 4, 0, &len), msg[PATH_MAX + 100];
	const char		*path = write_file("end", data, len);

	expect_file(path, 5, want, sizeof want - 1, "UTF-16LE");
	ck_assert_int_eq(errs.n, 1);
	snprintf(msg, sizeof msg, "%s: invalid UTF-16 at byte 6 (unpaired "
	    "surrogate); replaced with U+FFFD", path);
	expect_error(0, msg);
	free(data);
}
END_TEST

START_TEST(test_odd_final_byte)
{
	const char	 data[] = "\xff\xfe" "a\0b\0c";
	const char	 want[] = "ab\xef\xbf\xbd";
	const char	*path = write_file("odd", data, sizeof data - 1);
	char		 msg[PATH_MAX + 100];

	expect_file(path, 1, want, sizeof want - 1, "UTF-16LE");
	ck_assert_int_eq(errs.n, 1);
	snprintf(msg, sizeof msg, "%s: invalid UTF-16 at byte 6 (odd final "
	    "byte); replaced with U+FFFD", path);
	expect_error(0, msg);
}
END_TEST

START_TEST(test_bad_count)
{
	static const unsigned	 u[] = { 0xfeff, 0xdc01, 'a', 0xd801, 'b',
	    0xdc02, 0xdc03, 'c', 0xd802 };
	static const char	 want[] = "\xef\xbf\xbd" "a\xef\xbf\xbd" "b"
	    "\xef\xbf\xbd\xef\xbf\xbd" "c\xef\xbf\xbd";
	size_t			 len;
	char			*data = units(u, 9, 0, &len), msg[PATH_MAX + 100];
	const char		*path = write_file("many", data, len);
	struct input		*in = open_ok(path);
	struct out		 o;

	slurp(in, 64, &o);
	ck_assert_uint_eq(o.len, sizeof want - 1);
	ck_assert_mem_eq(o.p, want, o.len);
	/* The count comes at the end of the data, not only at close. */
	ck_assert_int_eq(errs.n, 2);
	input_close(in);
	ck_assert_int_eq(errs.n, 2);
	snprintf(msg, sizeof msg, "%s: invalid UTF-16 at byte 2 (unpaired "
	    "surrogate); replaced with U+FFFD", path);
	expect_error(0, msg);
	snprintf(msg, sizeof msg, "%s: 4 more invalid UTF-16 units replaced",
	    path);
	expect_error(1, msg);
	free(o.p);
	free(data);
}
END_TEST

START_TEST(test_bad_count_at_close)
{
	static const unsigned	 u[] = { 0xfeff, 0xdc01, 0xdc02, 'a', 'b', 'c' };
	size_t			 len;
	char			*data = units(u, 6, 0, &len), msg[PATH_MAX + 100];
	const char		*path = write_file("early", data, len);
	struct input		*in = open_ok(path);
	char			 buf[6];

	/* Closed before the end: the count comes at close. */
	ck_assert_uint_eq(input_read(in, buf, sizeof buf), 6);
	ck_assert_mem_eq(buf, "\xef\xbf\xbd\xef\xbf\xbd", 6);
	ck_assert_int_eq(errs.n, 1);
	input_close(in);
	ck_assert_int_eq(errs.n, 2);
	snprintf(msg, sizeof msg, "%s: 1 more invalid UTF-16 unit replaced",
	    path);
	expect_error(1, msg);
	free(data);
}
END_TEST

START_TEST(test_committed_writers)
{
	FILE	*f = fopen(TEST_DATADIR "/input/writers.txt", "rb");
	char	 want[4096];
	size_t	 n;

	ck_assert_ptr_nonnull(f);
	n = fread(want, 1, sizeof want, f);
	fclose(f);
	ck_assert_uint_gt(n, 500);
	expect_file(TEST_DATADIR "/input/writers-utf16le-bom.txt", 256, want, n,
	    "UTF-16LE");
	expect_no_errors();
}
END_TEST

START_TEST(test_committed_nobom)
{
	FILE	*f = fopen(TEST_DATADIR "/input/shadows-de.txt", "rb");
	char	 want[4096];
	size_t	 n;

	ck_assert_ptr_nonnull(f);
	n = fread(want, 1, sizeof want, f);
	fclose(f);
	ck_assert_uint_gt(n, 500);
	ck_assert_ptr_nonnull(memmem(want, n, "Urspr\xc3\xbcngliches", 15));
	expect_file(TEST_DATADIR "/input/shadows-de-utf16le-nobom.txt", 100,
	    want, n, "UTF-16LE (no BOM)");
	expect_no_errors();
}
END_TEST

/*
 * Gzip.
 */

START_TEST(test_gzip_two_members)
{
	struct out	 g = { NULL, 0 };
	const char	*path;
	struct input	*in;

	gz_append(&g, "hello ", 6);
	gz_append(&g, "world\r\n", 7);
	path = write_file("two.gz", g.p, g.len);
	in = open_ok(path);
	ck_assert_int_eq(input_gzip(in), 1);
	ck_assert_int_eq(input_encoding(in), INPUT_BYTES);
	input_close(in);
	expect_file(path, 3, "hello world\r\n", 13, "gzip");
	expect_no_errors();
	free(g.p);
}
END_TEST

START_TEST(test_gzip_many_members)
{
	char		*text = make_text(100000);
	struct out	 g = { NULL, 0 };
	size_t		 off, n;

	/* Uneven members and an empty one, as pigz or cat may make them. */
	gz_append(&g, "", 0);
	for (off = 0, n = 1; off < 100000; off += n, n = n * 3 + 7) {
		if (n > 100000 - off)
			n = 100000 - off;
		gz_append(&g, text + off, n);
	}
	gz_append(&g, "", 0);
	expect_file(write_file("many.gz", g.p, g.len), 65536, text, 100000,
	    "gzip");
	expect_file(tpath("many.gz"), 13, text, 100000, "gzip");
	expect_no_errors();
	free(g.p);
	free(text);
}
END_TEST

START_TEST(test_gzip_utf16le)
{
	size_t		 len, glen;
	char		*u = to_utf16(sample, 0, 1, &len);
	unsigned char	*g = gz(u, len, &glen);
	const char	*path = write_file("le.gz", g, glen);
	struct input	*in = open_ok(path);
	struct out	 o;

	ck_assert_int_eq(input_gzip(in), 1);
	ck_assert_int_eq(input_encoding(in), INPUT_UTF16LE);
	ck_assert_str_eq(input_describe(in), "gzip, UTF-16LE");
	slurp(in, 7, &o);
	ck_assert_uint_eq(o.len, sizeof sample - 1);
	ck_assert_mem_eq(o.p, sample, o.len);
	ck_assert_uint_eq(input_raw_bytes(in), glen);
	input_close(in);
	expect_no_errors();
	free(o.p);
	free(g);
	free(u);
}
END_TEST

START_TEST(test_gzip_utf16le_nobom)
{
	size_t		 len, glen;
	char		*u = to_utf16(sample, 0, 0, &len);
	unsigned char	*g = gz(u, len, &glen);

	expect_file(write_file("nobom.gz", g, glen), 64, sample,
	    sizeof sample - 1, "gzip, UTF-16LE (no BOM)");
	expect_no_errors();
	free(g);
	free(u);
}
END_TEST

START_TEST(test_gzip_large_utf16)
{
	/* Inflate stops at arbitrary, often odd, places in a large input. */
	size_t		 i, n = 4000, len, glen, slen = strlen(sample);
	char		*text = xmalloc(n * slen + 1), *u;
	unsigned char	*g;

	for (i = 0; i < n; i++)
		memcpy(text + i * slen, sample, slen);
	text[n * slen] = '\0';
	u = to_utf16(text, 1, 1, &len);
	g = gz(u, len, &glen);
	write_file("large.gz", g, glen);
	expect_file(tpath("large.gz"), 65536, text, n * slen, "gzip, UTF-16BE");
	expect_file(tpath("large.gz"), 17, text, n * slen, "gzip, UTF-16BE");
	expect_no_errors();
	free(g);
	free(u);
	free(text);
}
END_TEST

START_TEST(test_gzip_truncated_middle)
{
	char		*text = make_text(200000), msg[PATH_MAX + 100];
	size_t		 glen, cut;
	unsigned char	*g = gz(text, 200000, &glen);
	const char	*path;
	struct input	*in;
	struct out	 o;

	cut = glen / 2;
	path = write_file("cut.gz", g, cut);
	in = open_ok(path);
	slurp(in, 4096, &o);
	ck_assert_uint_gt(o.len, 1000);
	ck_assert_uint_lt(o.len, 200000);
	ck_assert_mem_eq(o.p, text, o.len);
	ck_assert_int_eq(input_failed(in), 1);
	ck_assert_uint_eq(input_raw_bytes(in), cut);
	input_close(in);
	ck_assert_int_eq(errs.n, 1);
	snprintf(msg, sizeof msg, "%s: truncated gzip data: the stream ends at "
	    "compressed byte %zu", path, cut);
	expect_error(0, msg);
	free(o.p);
	free(g);
	free(text);
}
END_TEST

START_TEST(test_gzip_truncated_trailer)
{
	char		*text = make_text(5000), msg[PATH_MAX + 100];
	size_t		 glen;
	unsigned char	*g = gz(text, 5000, &glen);
	const char	*path = write_file("notrailer.gz", g, glen - 8);

	/* Only the CRC and length are missing: all the text is there. */
	expect_file(path, 100, text, 5000, "gzip");
	ck_assert_int_eq(errs.n, 1);
	snprintf(msg, sizeof msg, "%s: truncated gzip data: the stream ends at "
	    "compressed byte %zu", path, glen - 8);
	expect_error(0, msg);
	free(g);
	free(text);
}
END_TEST

START_TEST(test_gzip_truncated_header)
{
	const char	*path = write_file("hdr.gz", "\x1f\x8b\x08\x00\x00", 5);
	char		 msg[PATH_MAX + 100];
	struct input	*in;

	expect_file(path, 100, "", 0, "gzip");
	snprintf(msg, sizeof msg, "%s: truncated gzip data: the stream ends at "
	    "compressed byte 5", path);
	expect_error(0, msg);
	path = write_file("magic.gz", "\x1f\x8b", 2);
	in = open_ok(path);
	ck_assert_int_eq(input_gzip(in), 1);
	ck_assert_int_eq(input_failed(in), 1);
	input_close(in);
	snprintf(msg, sizeof msg, "%s: truncated gzip data: the stream ends at "
	    "compressed byte 2", path);
	expect_error(1, msg);
	ck_assert_int_eq(errs.n, 2);
}
END_TEST

START_TEST(test_gzip_corrupt_block)
{
	char		*text = make_text(3000), msg[PATH_MAX + 100];
	size_t		 glen;
	unsigned char	*g = gz(text, 3000, &glen);
	const char	*path;
	struct input	*in;
	struct out	 o;

	/* The first block header after the 10-byte gzip header: type 3. */
	g[10] |= 0x06;
	path = write_file("bad.gz", g, glen);
	in = open_ok(path);
	slurp(in, 1000, &o);
	ck_assert_uint_eq(o.len, 0);
	ck_assert_int_eq(input_failed(in), 1);
	input_close(in);
	ck_assert_int_eq(errs.n, 1);
	snprintf(msg, sizeof msg, "%s: corrupt gzip data at compressed byte 11: "
	    "invalid block type", path);
	expect_error(0, msg);
	free(o.p);
	free(g);
	free(text);
}
END_TEST

START_TEST(test_gzip_corrupt_second_member)
{
	char		*text = make_text(3000), msg[PATH_MAX + 100];
	size_t		 len1;
	struct out	 g = { NULL, 0 };
	const char	*path;

	gz_append(&g, text, 2000);
	len1 = g.len;
	gz_append(&g, text + 2000, 1000);
	g.p[len1 + 10] |= 0x06;
	path = write_file("bad2.gz", g.p, g.len);
	/* The first member is delivered whole. */
	expect_file(path, 10, text, 2000, "gzip");
	ck_assert_int_eq(errs.n, 1);
	snprintf(msg, sizeof msg, "%s: corrupt gzip data at compressed byte %zu: "
	    "invalid block type", path, len1 + 11);
	expect_error(0, msg);
	free(g.p);
	free(text);
}
END_TEST

START_TEST(test_gzip_corrupt_crc)
{
	char		*text = make_text(3000), msg[PATH_MAX + 100];
	size_t		 glen;
	unsigned char	*g = gz(text, 3000, &glen);
	const char	*path;

	g[glen - 6] ^= 0x55;
	path = write_file("crc.gz", g, glen);
	expect_file(path, 4096, text, 3000, "gzip");
	snprintf(msg, sizeof msg, "%s: corrupt gzip data at compressed byte %zu: "
	    "incorrect data check", path, glen - 4);
	expect_error(0, msg);
	ck_assert_int_eq(errs.n, 1);
	free(g);
	free(text);
}
END_TEST

START_TEST(test_gzip_flipped_bytes)
{
	char		*text = make_text(20000), prefix[PATH_MAX + 64];
	size_t		 glen, pos;
	unsigned char	*g = gz(text, 20000, &glen);
	const char	*path = tpath("flip.gz");
	struct input	*in;
	struct out	 o;
	int		 i;

	/* Whatever byte of the deflate data is damaged, the input fails. */
	for (pos = 10; pos < glen - 8; pos += 97) {
		g[pos] ^= 0xa5;
		write_file("flip.gz", g, glen);
		g[pos] ^= 0xa5;
		in = open_ok(path);
		slurp(in, 8192, &o);
		ck_assert_msg(input_failed(in), "flip at %zu not noticed", pos);
		input_close(in);
		free(o.p);
	}
	for (i = 0; i < errs.n && i < MAX_MSGS; i++) {
		snprintf(prefix, sizeof prefix, "%s: corrupt gzip data at "
		    "compressed byte ", path);
		if (strncmp(errs.msg[i], prefix, strlen(prefix)) == 0)
			continue;
		snprintf(prefix, sizeof prefix, "%s: truncated gzip data: ", path);
		ck_assert_msg(strncmp(errs.msg[i], prefix, strlen(prefix)) == 0,
		    "unexpected message %s", errs.msg[i]);
	}
	free(g);
	free(text);
}
END_TEST

START_TEST(test_gzip_trailing_garbage)
{
	struct out	 g = { NULL, 0 };
	const char	*path;
	char		 msg[PATH_MAX + 100];
	size_t		 len1;

	gz_append(&g, "abc\n", 4);
	len1 = g.len;
	g.p = xrealloc(g.p, g.len + 5);
	memcpy(g.p + g.len, "\0\0\0\0x", 5);
	path = write_file("garbage.gz", g.p, g.len + 5);
	expect_file(path, 2, "abc\n", 4, "gzip");
	ck_assert_int_eq(errs.n, 1);
	snprintf(msg, sizeof msg, "%s: trailing garbage after gzip data at "
	    "compressed byte %zu; ignored", path, len1);
	expect_error(0, msg);
	free(g.p);
}
END_TEST

/* Builds a gzip member of n MiB of zeros. */
static unsigned char *
gz_zeros(size_t mib, size_t *outlen)
{
	static unsigned char	 zeros[1 << 20];
	z_stream		 z;
	size_t			 cap = mib * 1100 + 1024, i;
	unsigned char		*o = xmalloc(cap);

	memset(&z, 0, sizeof z);
	ck_assert_int_eq(deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8,
	    Z_DEFAULT_STRATEGY), Z_OK);
	z.next_out = o;
	z.avail_out = cap;
	for (i = 0; i < mib; i++) {
		z.next_in = zeros;
		z.avail_in = sizeof zeros;
		ck_assert_int_ne(deflate(&z, i + 1 == mib ? Z_FINISH : Z_NO_FLUSH),
		    Z_STREAM_ERROR);
		ck_assert_uint_eq(z.avail_in, 0);
	}
	*outlen = z.total_out;
	deflateEnd(&z);
	return o;
}

/* Reads an input to the end, checking it is all zeros; returns the length. */
static uint64_t
count_zeros(struct input *in)
{
	static char	buf[256 * 1024];
	uint64_t	total = 0;
	size_t		n, i;
	int		nonzero = 0;

	/* One assertion per buffer: Check records each one. */
	while ((n = input_read(in, buf, sizeof buf)) > 0) {
		for (i = 0; i < n; i++)
			nonzero |= buf[i];
		total += n;
	}
	ck_assert_int_eq(nonzero, 0);
	return total;
}

START_TEST(test_gzip_bomb_limits)
{
	size_t		 glen;
	unsigned char	*g = gz_zeros(8, &glen);
	const char	*path = write_file("bomb.gz", g, glen);
	struct input	*in = open_ok(path);
	uint64_t	 total;
	char		 msg[PATH_MAX + 100];

	input_set_limits(in, 1 << 20, 100);
	total = count_zeros(in);
	ck_assert_uint_gt(total, 1 << 20);
	ck_assert_uint_lt(total, 2 << 20);
	ck_assert_int_eq(input_failed(in), 1);
	input_close(in);
	ck_assert_int_eq(errs.n, 1);
	snprintf(msg, sizeof msg, "%s: gzip data expands more than 100 times "
	    "(over 1 MiB); stopped reading (a gzip bomb?)", path);
	expect_error(0, msg);
	free(g);
}
END_TEST

START_TEST(test_gzip_ratio_within_limits)
{
	size_t		 glen;
	unsigned char	*g = gz_zeros(8, &glen);
	struct input	*in = open_ok(write_file("zeros.gz", g, glen));

	/* Zeros expand about 1030 times: under a ratio of 2000... */
	input_set_limits(in, 1 << 20, 2000);
	ck_assert_uint_eq(count_zeros(in), 8 << 20);
	input_close(in);
	/* ...and under the default size. */
	in = open_ok(tpath("zeros.gz"));
	ck_assert_uint_eq(count_zeros(in), 8 << 20);
	ck_assert_int_eq(input_failed(in), 0);
	input_close(in);
	/* Ratio 0 turns the guard off. */
	in = open_ok(tpath("zeros.gz"));
	input_set_limits(in, 0, 0);
	ck_assert_uint_eq(count_zeros(in), 8 << 20);
	input_close(in);
	expect_no_errors();
	free(g);
}
END_TEST

START_TEST(test_gzip_bomb_default)
{
	size_t		 glen;
	unsigned char	*g = gz_zeros(260, &glen);
	const char	*path = write_file("bomb260.gz", g, glen);
	struct input	*in = open_ok(path);
	uint64_t	 total;
	char		 msg[PATH_MAX + 100];

	total = count_zeros(in);
	ck_assert_uint_gt(total, INPUT_GZIP_MAX_BYTES);
	ck_assert_uint_lt(total, 260ULL << 20);
	input_close(in);
	ck_assert_int_eq(errs.n, 1);
	snprintf(msg, sizeof msg, "%s: gzip data expands more than 1000 times "
	    "(over 256 MiB); stopped reading (a gzip bomb?)", path);
	expect_error(0, msg);
	free(g);
}
END_TEST

/*
 * Opening.
 */

START_TEST(test_open_nonexistent)
{
	char		*err = NULL, want[PATH_MAX + 100];
	const char	*path = tpath("no-such-file");

	ck_assert_ptr_null(input_open(path, on_error, &errs, &err));
	snprintf(want, sizeof want, "cannot open %s: %s", path, strerror(ENOENT));
	ck_assert_str_eq(err, want);
	free(err);
	expect_no_errors();
}
END_TEST

START_TEST(test_open_directory)
{
	char	*err = NULL, want[PATH_MAX + 100];

	ck_assert_ptr_null(input_open(tmpdir, on_error, &errs, &err));
	snprintf(want, sizeof want, "cannot open %s: Is a directory", tmpdir);
	ck_assert_str_eq(err, want);
	free(err);
	expect_no_errors();
}
END_TEST

START_TEST(test_open_unreadable)
{
	char		*err = NULL, want[PATH_MAX + 100];
	const char	*path = write_file("secret", "x", 1);

	if (geteuid() == 0)
		return;		/* root reads anything */
	ck_assert_int_eq(chmod(path, 0), 0);
	ck_assert_ptr_null(input_open(path, on_error, &errs, &err));
	snprintf(want, sizeof want, "cannot open %s: %s", path, strerror(EACCES));
	ck_assert_str_eq(err, want);
	free(err);
}
END_TEST

START_TEST(test_read_error)
{
	int		 fd = open(tmpdir, O_RDONLY);
	struct input	*in;
	char		 buf[16];

	/* A directory descriptor fails in read(2), with EISDIR. */
	ck_assert_int_ne(fd, -1);
	in = input_fdopen(fd, "somedir", on_error, &errs);
	ck_assert_int_eq(input_failed(in), 1);
	ck_assert_uint_eq(input_read(in, buf, sizeof buf), 0);
	ck_assert_str_eq(input_describe(in), "text");
	input_close(in);
	ck_assert_int_eq(errs.n, 1);
	expect_error(0, "somedir: read error at byte 0: Is a directory");
	ck_assert_int_eq(fcntl(fd, F_GETFD), -1);	/* it took fd */
}
END_TEST

/* Opens path in the spare's memory and checks what it gives, as expect_file does. */
static void
expect_spare(struct input **spare, const char *path, const char *want, size_t wantlen,
    const char *desc, int gzip)
{
	struct input	*in;
	struct out	 o;
	char		*err = NULL;

	in = input_open_spare(path, on_error, &errs, &err, spare);
	ck_assert_msg(in != NULL, "input_open_spare: %s", err);
	ck_assert_ptr_null(*spare);
	ck_assert_str_eq(input_describe(in), desc);
	ck_assert_str_eq(input_name(in), path);
	ck_assert_int_eq(input_gzip(in), gzip);
	slurp(in, 5, &o);
	ck_assert_uint_eq(o.len, wantlen);
	ck_assert_mem_eq(o.p, want, wantlen);
	ck_assert_int_eq(input_failed(in), 0);
	free(o.p);
	*spare = input_recycle(in);
	ck_assert_ptr_eq(*spare, in);	/* the same memory, for the next */
}

/* One input's memory for many files: nothing of one shows in the next. */
START_TEST(test_open_spare)
{
	const char	 u16[] = "\xff\xfeh\0i\0\r\0\n\0";
	const char	 cr[] = "old\rmac\rlines";
	struct out	 g = { NULL, 0 };
	struct input	*spare = NULL, *first;
	char		*err = NULL;

	gz_append(&g, "zipped\n", 7);
	expect_spare(&spare, write_file("a.txt", u16, sizeof u16 - 1), "hi\r\n", 4, "UTF-16LE", 0);
	first = spare;
	expect_spare(&spare, write_file("b.gz", g.p, g.len), "zipped\n", 7, "gzip", 1);
	expect_spare(&spare, write_file("c.txt", cr, sizeof cr - 1), "old\nmac\nlines", 13,
	    "text", 0);
	expect_spare(&spare, write_file("d.txt", "", 0), "", 0, "text", 0);
	/* a failed open keeps the spare for the next */
	ck_assert_ptr_null(input_open_spare(tmpdir, on_error, &errs, &err, &spare));
	ck_assert_ptr_nonnull(err);
	free(err);
	ck_assert_ptr_eq(spare, first);
	expect_spare(&spare, write_file("e.txt", "plain\n", 6), "plain\n", 6, "text", 0);
	ck_assert_ptr_eq(spare, first);
	input_close(spare);	/* a recycled input is only freed */
	input_close(input_recycle(NULL));
	expect_no_errors();
	free(g.p);
}
END_TEST

START_TEST(test_close_null)
{
	input_close(NULL);
}
END_TEST

START_TEST(test_char_device)
{
	expect_file("/dev/null", 10, "", 0, "text");
	expect_no_errors();
}
END_TEST

/*
 * Peeking.
 */

/* looks_binary's rule a byte at a time: what source_looks_binary must say. */
static int
binary_ref(const unsigned char *p, size_t n)
{
	size_t	i, ctl = 0, nul = 0;

	for (i = 0; i < n; i++) {
		if (p[i] == 0)
			nul++;
		else if (p[i] < 0x20 && strchr("\t\n\f\r\x1b", p[i]) == NULL)
			ctl++;
	}
	return n > 0 && (ctl * 20 > n - nul || nul == n);
}

/*
 * Whether the first bytes of an input look binary, sixteen at a time: the
 * answer of a byte at a time, at every length (tails of 0 to 15 bytes, more
 * than 255 blocks, where the lane counts are summed), for text with a few
 * control bytes about the threshold of one in twenty, NUL padding, bytes
 * above 0x7F (which a signed compare would take for control bytes) and
 * every allowed control byte.
 */
START_TEST(test_looks_binary)
{
	static unsigned char	buf[5000];
	static const char	text[] = "2026-12-07 07:54:31 VSS hr = 0x800423F3\r\n\tx\f\x1b[0m ";
	unsigned		seed = 3;
	size_t			i, n, round;
	int			yes = 0, no = 0;

	ck_assert_int_eq(source_looks_binary("", 0), 0);
	ck_assert_int_eq(source_looks_binary("\0\0\0", 3), 1);	/* all NUL */
	memset(buf, 0xC3, sizeof buf);				/* é's lead byte, not control */
	ck_assert_int_eq(source_looks_binary((const char *)buf, 4096), 0);
	memset(buf, 0x01, sizeof buf);
	ck_assert_int_eq(source_looks_binary((const char *)buf, 4096), 1);
	for (round = 0; round < 600; round++) {
		unsigned	rate = round % 60;	/* control bytes per thousand */

		n = round < 40 ? round : (round * 7919) % sizeof buf;
		for (i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			if ((seed >> 8) % 1000 < rate)
				buf[i] = (unsigned char)((seed >> 20) % 0x20);	/* any below 0x20 */
			else if (round % 5 == 0 && i > n / 2)
				buf[i] = 0;				/* padded after a crash */
			else if ((seed >> 12) % 7 == 0)
				buf[i] = (unsigned char)(0x80 + (seed >> 16) % 0x80);
			else
				buf[i] = (unsigned char)text[(seed >> 16) % (sizeof text - 1)];
		}
		ck_assert_msg(source_looks_binary((const char *)buf, n) == binary_ref(buf, n),
		    "round %zu, %zu bytes", round, n);
		if (binary_ref(buf, n))
			yes++;
		else
			no++;
	}
	ck_assert_int_gt(yes, 50);	/* both answers were asked for */
	ck_assert_int_gt(no, 50);
}
END_TEST

START_TEST(test_peek)
{
	const char	 text[] = "hello, world\n";
	struct input	*in = open_ok(write_file("p", text, sizeof text - 1));
	const char	*p;
	char		 buf[64];

	ck_assert_uint_eq(input_peek(in, &p, 5), 5);
	ck_assert_mem_eq(p, "hello", 5);
	ck_assert_uint_eq(input_peek(in, &p, 2), 2);
	ck_assert_mem_eq(p, "he", 2);
	ck_assert_uint_eq(input_read(in, buf, 3), 3);
	ck_assert_mem_eq(buf, "hel", 3);
	ck_assert_uint_eq(input_peek(in, &p, 4), 4);
	ck_assert_mem_eq(p, "lo, ", 4);
	ck_assert_uint_eq(input_peek(in, &p, 100), sizeof text - 4);
	ck_assert_mem_eq(p, text + 3, sizeof text - 4);
	ck_assert_uint_eq(input_read(in, buf, sizeof buf), sizeof text - 4);
	ck_assert_mem_eq(buf, text + 3, sizeof text - 4);
	ck_assert_uint_eq(input_peek(in, &p, 100), 0);
	ck_assert_uint_eq(input_read(in, buf, sizeof buf), 0);
	input_close(in);
	expect_no_errors();
}
END_TEST

START_TEST(test_peek_large)
{
	char		*text = make_text(20000);
	struct input	*in = open_ok(write_file("big", text, 20000));
	const char	*p;
	char		 buf[100];
	struct out	 o;

	/* n is clamped to 4096. */
	ck_assert_uint_eq(input_peek(in, &p, 10000), 4096);
	ck_assert_mem_eq(p, text, 4096);
	ck_assert_uint_eq(input_read(in, buf, 100), 100);
	ck_assert_mem_eq(buf, text, 100);
	ck_assert_uint_eq(input_peek(in, &p, 4096), 4096);
	ck_assert_mem_eq(p, text + 100, 4096);
	slurp(in, 1000, &o);
	ck_assert_uint_eq(o.len, 20000 - 100);
	ck_assert_mem_eq(o.p, text + 100, o.len);
	input_close(in);
	expect_no_errors();
	free(o.p);
	free(text);
}
END_TEST

START_TEST(test_peek_utf16)
{
	size_t		 len;
	char		*u = to_utf16(sample, 0, 1, &len);
	struct input	*in = open_ok(write_file("p16", u, len));
	const char	*p;
	struct out	 o;
	size_t		 n;

	n = input_peek(in, &p, 4096);
	ck_assert_uint_eq(n, sizeof sample - 1);
	ck_assert_mem_eq(p, sample, n);
	slurp(in, 5, &o);
	ck_assert_uint_eq(o.len, sizeof sample - 1);
	ck_assert_mem_eq(o.p, sample, o.len);
	input_close(in);
	expect_no_errors();
	free(o.p);
	free(u);
}
END_TEST

/*
 * Streams: pipes, FIFOs, standard input, signals.
 */

/* Reads what a writer child sends through a pipe and checks it. */
static void
expect_pipe(const void *data, size_t len, int nonblock, const char *want,
    size_t wantlen, const char *desc)
{
	int		 fds[2];
	pid_t		 pid;
	struct input	*in;
	struct out	 o;

	ck_assert_int_eq(pipe(fds), 0);
	if (nonblock)
		ck_assert_int_ne(fcntl(fds[0], F_SETFL, O_NONBLOCK), -1);
	pid = spawn_writer(fds[1], data, len, 300);
	close(fds[1]);
	in = input_fdopen(fds[0], "pipe", on_error, &errs);
	ck_assert_str_eq(input_describe(in), desc);
	slurp(in, 7, &o);
	ck_assert_uint_eq(o.len, wantlen);
	ck_assert_mem_eq(o.p, want, wantlen);
	ck_assert_uint_eq(input_raw_bytes(in), len);
	input_close(in);
	wait_writer(pid);
	free(o.p);
}

START_TEST(test_pipe_utf16)
{
	size_t		 len;
	char		*u = to_utf16(sample, 0, 0, &len);

	/* Under 512 bytes: detection waits for the end of the stream. */
	expect_pipe(u, len, 0, sample, sizeof sample - 1, "UTF-16LE (no BOM)");
	free(u);
	u = to_utf16(sample, 1, 1, &len);
	expect_pipe(u, len, 1, sample, sizeof sample - 1, "UTF-16BE");
	free(u);
	expect_no_errors();
}
END_TEST

START_TEST(test_pipe_gzip)
{
	char		*text = make_text(1500), *u;
	struct out	 g = { NULL, 0 };
	size_t		 len;

	text[1499] = '\0';
	u = to_utf16(text, 0, 1, &len);
	gz_append(&g, u, 301);
	gz_append(&g, u + 301, len - 301);
	expect_pipe(g.p, g.len, 0, text, 1499, "gzip, UTF-16LE");
	expect_no_errors();
	free(g.p);
	free(u);
	free(text);
}
END_TEST

START_TEST(test_fifo)
{
	const char	*path = tpath("fifo");
	size_t		 glen;
	unsigned char	*g = gz(sample, sizeof sample - 1, &glen);
	pid_t		 pid;
	int		 fd;

	ck_assert_int_eq(mkfifo(path, 0600), 0);
	pid = fork();
	ck_assert_int_ne(pid, -1);
	if (pid == 0) {
		if ((fd = open(path, O_WRONLY)) == -1)
			_exit(1);
		write_chunks(fd, g, glen, 100);
	}
	expect_file(path, 9, sample, sizeof sample - 1, "gzip");
	wait_writer(pid);
	expect_no_errors();
	free(g);
}
END_TEST

START_TEST(test_stdin)
{
	int		 fds[2], saved = dup(STDIN_FILENO);
	struct out	 g = { NULL, 0 }, o;
	struct input	*in;
	pid_t		 pid;

	gz_append(&g, "first\n", 6);
	gz_append(&g, "second\n", 7);
	ck_assert_int_ne(saved, -1);
	ck_assert_int_eq(pipe(fds), 0);
	ck_assert_int_ne(dup2(fds[0], STDIN_FILENO), -1);
	close(fds[0]);
	pid = spawn_writer(fds[1], g.p, g.len, 0);
	close(fds[1]);
	in = open_ok("-");
	ck_assert_str_eq(input_name(in), "(standard input)");
	ck_assert_str_eq(input_describe(in), "gzip");
	slurp(in, 4, &o);
	ck_assert_uint_eq(o.len, 13);
	ck_assert_mem_eq(o.p, "first\nsecond\n", 13);
	input_close(in);
	/* Standard input is left open. */
	ck_assert_int_ne(fcntl(STDIN_FILENO, F_GETFD), -1);
	ck_assert_int_ne(dup2(saved, STDIN_FILENO), -1);
	close(saved);
	wait_writer(pid);
	expect_no_errors();
	free(o.p);
	free(g.p);
}
END_TEST

/*
 * Checks that what has arrived is delivered without waiting for more: the
 * writer stops after part of the data (in UTF-16, between the halves of a
 * surrogate pair) until the reader has read that part.
 */
static void
expect_no_wait(const char *data, size_t len, size_t part, const char *want,
    size_t wantpart, size_t wantlen)
{
	int		 fds[2], go[2];
	pid_t		 pid;
	struct input	*in;
	char		 buf[4096], c;
	size_t		 n, got = 0;

	ck_assert_int_eq(pipe(fds), 0);
	ck_assert_int_eq(pipe(go), 0);
	pid = fork();
	ck_assert_int_ne(pid, -1);
	if (pid == 0) {
		close(fds[0]);
		close(go[1]);
		if (write(fds[1], data, part) != (ssize_t)part ||
		    read(go[0], &c, 1) != 1 ||
		    write(fds[1], data + part, len - part) != (ssize_t)(len - part))
			_exit(1);
		_exit(0);
	}
	close(fds[1]);
	close(go[0]);
	alarm(5);	/* a reader that waits for more never gets it */
	in = input_fdopen(fds[0], "pipe", on_error, &errs);
	while (got < wantpart) {
		n = input_read(in, buf + got, sizeof buf - got);
		ck_assert_uint_gt(n, 0);
		got += n;
	}
	ck_assert_uint_eq(got, wantpart);
	ck_assert_mem_eq(buf, want, wantpart);
	ck_assert_int_eq(write(go[1], "g", 1), 1);
	while ((n = input_read(in, buf + got, sizeof buf - got)) > 0)
		got += n;
	alarm(0);
	ck_assert_uint_eq(got, wantlen);
	ck_assert_mem_eq(buf, want, wantlen);
	input_close(in);
	close(go[1]);
	wait_writer(pid);
}

START_TEST(test_pipe_no_wait)
{
	char		*text = xmalloc(1100), *u;
	struct out	 g = { NULL, 0 };
	size_t		 len;

	/* 700 ASCII characters, U+1F4BE, 10 more: the pause splits the pair. */
	memset(text, 'v', 700);
	memcpy(text + 700, "\xf0\x9f\x92\xbe" "0123456789", 15);
	u = to_utf16(text, 0, 1, &len);
	expect_no_wait(u, len, 2 + 1400 + 2, text, 700, 714);
	/* Plain bytes and gzip: the first member arrives alone. */
	expect_no_wait(text, 714, 600, text, 600, 714);
	gz_append(&g, text, 650);
	len = g.len;
	gz_append(&g, text + 650, 64);
	expect_no_wait(g.p, g.len, len, text, 650, 714);
	expect_no_errors();
	free(g.p);
	free(u);
	free(text);
}
END_TEST

static volatile sig_atomic_t	alarms;

static void
on_alarm(int sig)
{
	(void)sig;
	alarms++;
}

START_TEST(test_eintr)
{
	struct sigaction	 sa;
	struct itimerval	 it;
	char			*text = make_text(3000);
	size_t			 len;
	char			*u;

	text[2999] = '\0';
	u = to_utf16(text, 0, 1, &len);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_alarm;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0;	/* no SA_RESTART: read(2) fails with EINTR */
	ck_assert_int_eq(sigaction(SIGALRM, &sa, NULL), 0);
	memset(&it, 0, sizeof it);
	it.it_interval.tv_usec = it.it_value.tv_usec = 300;
	ck_assert_int_eq(setitimer(ITIMER_REAL, &it, NULL), 0);
	expect_pipe(u, len, 0, text, 2999, "UTF-16LE");
	memset(&it, 0, sizeof it);
	setitimer(ITIMER_REAL, &it, NULL);
	ck_assert_int_gt(alarms, 10);
	expect_no_errors();
	free(u);
	free(text);
}
END_TEST

/* A file cut while it is read (truncated in place) is a problem, said with where. */
START_TEST(test_shrunk_while_read)
{
	char		*text = make_text(600000), buf[4096], msg[PATH_MAX + 200];
	const char	*path = write_file("shrinks.log", text, 600000);
	struct input	*in = open_ok(path);
	size_t		 got = 0, k;

	got = input_read(in, buf, sizeof buf);
	ck_assert_uint_gt(got, 0);
	ck_assert_int_eq(truncate(path, 1000), 0);
	while ((k = input_read(in, buf, sizeof buf)) > 0)
		got += k;
	ck_assert_int_eq(input_failed(in), 1);
	input_close(in);
	ck_assert_int_eq(errs.n, 1);
	snprintf(msg, sizeof msg, "%s: the file shrank from 600000 to 1000 bytes while it "
	    "was read (truncated or rewritten?); read up to byte %zu", path, got);
	expect_error(0, msg);
	free(text);
}
END_TEST

/* A file that grows while it is read is an ordinary log. */
START_TEST(test_grown_while_read)
{
	char		*text = make_text(1000), buf[4096];
	const char	*path = write_file("grows.log", text, 1000);
	struct input	*in = open_ok(path);
	FILE		*f;

	ck_assert_uint_gt(input_read(in, buf, sizeof buf), 0);
	ck_assert_ptr_nonnull(f = fopen(path, "a"));
	fputs("more\n", f);
	fclose(f);
	while (input_read(in, buf, sizeof buf) > 0)
		;
	ck_assert_int_eq(input_failed(in), 0);
	input_close(in);
	ck_assert_int_eq(errs.n, 0);
	free(text);
}
END_TEST

static Suite *
input_suite(void)
{
	Suite	*s = suite_create("input");
	TCase	*tc;

	tc = tcase_create("plain");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_plain_passthrough);
	tcase_add_test(tc, test_window_fill);
	tcase_add_test(tc, test_latin1_passthrough);
	tcase_add_test(tc, test_utf8_bom_dropped);
	tcase_add_test(tc, test_empty_file);
	tcase_add_test(tc, test_tiny_files);
	tcase_add_test(tc, test_nul_bytes);
	tcase_add_test(tc, test_ascii_with_odd_nuls);
	tcase_add_test(tc, test_all_zeros);
	tcase_add_test(tc, test_shrunk_while_read);
	tcase_add_test(tc, test_grown_while_read);
	suite_add_tcase(s, tc);

	tc = tcase_create("utf16");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_utf16_forms, 0,
	    (int)(sizeof utf16_forms / sizeof utf16_forms[0]));
	tcase_add_test(tc, test_utf16le_nobom_odd_length);
	tcase_add_test(tc, test_utf16le_nobom_threshold);
	tcase_add_test(tc, test_read_sizes);
	tcase_add_test(tc, test_surrogate_across_buffer);
	tcase_add_test(tc, test_unpaired_high);
	tcase_add_test(tc, test_unpaired_low_be);
	tcase_add_test(tc, test_high_high_low);
	tcase_add_test(tc, test_high_at_end);
	tcase_add_test(tc, test_odd_final_byte);
	tcase_add_test(tc, test_bad_count);
	tcase_add_test(tc, test_bad_count_at_close);
	tcase_add_test(tc, test_committed_writers);
	tcase_add_test(tc, test_committed_nobom);
	suite_add_tcase(s, tc);

	tc = tcase_create("gzip");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_gzip_two_members);
	tcase_add_test(tc, test_gzip_many_members);
	tcase_add_test(tc, test_gzip_utf16le);
	tcase_add_test(tc, test_gzip_utf16le_nobom);
	tcase_add_test(tc, test_gzip_large_utf16);
	tcase_add_test(tc, test_gzip_truncated_middle);
	tcase_add_test(tc, test_gzip_truncated_trailer);
	tcase_add_test(tc, test_gzip_truncated_header);
	tcase_add_test(tc, test_gzip_corrupt_block);
	tcase_add_test(tc, test_gzip_corrupt_second_member);
	tcase_add_test(tc, test_gzip_corrupt_crc);
	tcase_add_test(tc, test_gzip_flipped_bytes);
	tcase_add_test(tc, test_gzip_trailing_garbage);
	tcase_add_test(tc, test_gzip_bomb_limits);
	tcase_add_test(tc, test_gzip_ratio_within_limits);
	tcase_add_test(tc, test_gzip_bomb_default);
	suite_add_tcase(s, tc);

	tc = tcase_create("open");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_open_nonexistent);
	tcase_add_test(tc, test_open_directory);
	tcase_add_test(tc, test_open_unreadable);
	tcase_add_test(tc, test_read_error);
	tcase_add_test(tc, test_close_null);
	tcase_add_test(tc, test_open_spare);
	tcase_add_test(tc, test_char_device);
	suite_add_tcase(s, tc);

	tc = tcase_create("peek");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_peek);
	tcase_add_test(tc, test_peek_large);
	tcase_add_test(tc, test_peek_utf16);
	tcase_add_test(tc, test_looks_binary);
	suite_add_tcase(s, tc);

	tc = tcase_create("stream");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_pipe_utf16);
	tcase_add_test(tc, test_pipe_gzip);
	tcase_add_test(tc, test_fifo);
	tcase_add_test(tc, test_stdin);
	tcase_add_test(tc, test_pipe_no_wait);
	tcase_add_test(tc, test_eintr);
	suite_add_tcase(s, tc);

	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(input_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

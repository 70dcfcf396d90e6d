/* check_unpack.c: unit tests of xz, bzip2 and zstd input (unpack.c through input.c). */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bzlib.h>
#include <lzma.h>
#include <zstd.h>

#include "input.h"
#include "unpack.h"

static char	dir[64];
static char	path[96];
static int	nerrs;
static char	lasterr[512];

static void
setup(void)
{
	strcpy(dir, "/tmp/check_unpack.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/copy", dir);
	nerrs = 0;
	lasterr[0] = '\0';
}

static void
teardown(void)
{
	unlink(path);
	rmdir(dir);
}

static void
on_error(void *ctx, const char *msg)
{
	(void)ctx;
	nerrs++;
	snprintf(lasterr, sizeof lasterr, "%s", msg);
}

/* Compresses src in the format kind, independently of the module; the caller frees it. */
static unsigned char *
pack(enum unpack_kind kind, const char *src, size_t n, size_t *outlen)
{
	size_t		 cap = n + n / 2 + 1024;
	unsigned char	*o = malloc(cap);
	unsigned	 bzlen = (unsigned)cap;

	ck_assert_ptr_nonnull(o);
	*outlen = 0;
	switch (kind) {
	case UNPACK_XZ:
		ck_assert_int_eq(lzma_easy_buffer_encode(6, LZMA_CHECK_CRC64, NULL,
		    (const uint8_t *)src, n, o, outlen, cap), LZMA_OK);
		break;
	case UNPACK_BZIP2:
		ck_assert_int_eq(BZ2_bzBuffToBuffCompress((char *)o, &bzlen, (char *)src,
		    (unsigned)n, 9, 0, 0), BZ_OK);
		*outlen = bzlen;
		break;
	case UNPACK_ZSTD:
		*outlen = ZSTD_compress(o, cap, src, n, 3);
		ck_assert(!ZSTD_isError(*outlen));
		break;
	default:
		ck_abort();
	}
	return o;
}

static void
put(const void *p, size_t n, const char *mode)
{
	FILE	*f = fopen(path, mode);

	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(p, 1, n, f), n);
	ck_assert_int_eq(fclose(f), 0);
}

/* Reads the file through the input layer with reads of bufsize bytes; the caller frees it. */
static char *
read_all(size_t bufsize, size_t *len, const char *desc)
{
	struct input	*in;
	char		*err = NULL, *out = NULL, *buf = malloc(bufsize);
	size_t		 n, cap = 0;

	ck_assert_ptr_nonnull(buf);
	in = input_open(path, on_error, NULL, &err);
	ck_assert_msg(in != NULL, "input_open: %s", err);
	ck_assert_int_eq(input_compressed(in), 1);
	ck_assert_int_eq(input_gzip(in), 0);
	ck_assert_str_eq(input_describe(in), desc);
	*len = 0;
	while ((n = input_read(in, buf, bufsize)) > 0) {
		if (*len + n > cap) {
			cap = (*len + n) * 2;
			out = realloc(out, cap);
			ck_assert_ptr_nonnull(out);
		}
		memcpy(out + *len, buf, n);
		*len += n;
	}
	input_close(in);
	free(buf);
	return out;
}

static char *
text(size_t n)
{
	char		*t = malloc(n + 1);
	unsigned	 x = 7;
	size_t		 i;

	ck_assert_ptr_nonnull(t);
	for (i = 0; i < n; i++) {
		x = x * 1103515245 + 12345;
		t[i] = (i % 61 == 60) ? '\n' : "0123456789abcdef VSS hr = 0x80042306"[(x >> 16) % 36];
	}
	t[n] = '\0';
	return t;
}

static const enum unpack_kind	kinds[] = { UNPACK_XZ, UNPACK_BZIP2, UNPACK_ZSTD };
static const char		*names[] = { "xz", "bzip2", "zstd" };

START_TEST(test_round_trip)
{
	static const size_t	sizes[] = { 0, 1, 4095, 4096, 70000, 300000 };
	static const size_t	bufs[] = { 1, 7, 4096, 65536 };
	size_t			s, b, plen, len;

	for (s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
		char		*t = text(sizes[s]), *got;
		unsigned char	*p = pack(kinds[_i], t, sizes[s], &plen);

		put(p, plen, "wb");
		for (b = 0; b < sizeof bufs / sizeof bufs[0]; b++) {
			if (sizes[s] > 100000 && bufs[b] < 4096)
				continue;
			got = read_all(bufs[b], &len, names[_i]);
			ck_assert_uint_eq(len, sizes[s]);
			ck_assert(len == 0 || memcmp(got, t, len) == 0);
			free(got);
		}
		ck_assert_msg(nerrs == 0, "%s: %s", names[_i], lasterr);
		free(p);
		free(t);
	}
}
END_TEST

START_TEST(test_concatenated)
{
	char		*a = text(5000), *b = text(3000), *got;
	unsigned char	*p, *q;
	size_t		 plen, qlen, len;

	p = pack(kinds[_i], a, 5000, &plen);
	q = pack(kinds[_i], b, 3000, &qlen);
	put(p, plen, "wb");
	put(q, qlen, "ab");
	got = read_all(999, &len, names[_i]);
	ck_assert_uint_eq(len, 8000);
	ck_assert_mem_eq(got, a, 5000);
	ck_assert_mem_eq(got + 5000, b, 3000);
	ck_assert_int_eq(nerrs, 0);
	free(got);
	free(p);
	free(q);
	free(a);
	free(b);
}
END_TEST

START_TEST(test_utf16_inside)
{
	static const char	u16[] = "\xff\xfeh\0r\0 \0=\0 \0x\0\n\0";
	unsigned char		*p;
	size_t			 plen, len;
	char			*got, want[64];

	p = pack(kinds[_i], u16, sizeof u16 - 1, &plen);
	put(p, plen, "wb");
	snprintf(want, sizeof want, "%s, UTF-16LE", names[_i]);
	got = read_all(64, &len, want);
	ck_assert_uint_eq(len, 7);
	ck_assert_mem_eq(got, "hr = x\n", 7);
	free(got);
	free(p);
}
END_TEST

START_TEST(test_truncated)
{
	char		*t = text(20000), *got, want[128];
	unsigned char	*p;
	size_t		 plen, len;

	p = pack(kinds[_i], t, 20000, &plen);
	put(p, plen / 2, "wb");
	got = read_all(4096, &len, names[_i]);
	ck_assert_uint_lt(len, 20000);
	ck_assert(len == 0 || memcmp(got, t, len) == 0);	/* what came is right */
	ck_assert_int_ge(nerrs, 1);
	snprintf(want, sizeof want, "%s: ", path);
	ck_assert_msg(strncmp(lasterr, want, strlen(want)) == 0, "%s", lasterr);
	ck_assert_msg(strstr(lasterr, names[_i]) != NULL, "%s", lasterr);
	ck_assert_msg(strstr(lasterr, "compressed byte") != NULL, "%s", lasterr);
	free(got);
	free(p);
	free(t);
}
END_TEST

START_TEST(test_corrupt)
{
	char		*t = text(20000), *got;
	unsigned char	*p;
	size_t		 plen, len, i;

	p = pack(kinds[_i], t, 20000, &plen);
	for (i = 40; i < plen - 40; i += 97)
		p[i] ^= 0x55;
	put(p, plen, "wb");
	got = read_all(4096, &len, names[_i]);
	ck_assert_uint_le(len, 20000 + 65536);	/* it ends, whatever came */
	ck_assert_int_ge(nerrs, 1);
	ck_assert_msg(strstr(lasterr, names[_i]) != NULL, "%s", lasterr);
	free(got);
	free(p);
	free(t);
}
END_TEST

START_TEST(test_sniff)
{
	ck_assert_int_eq(unpack_sniff((const unsigned char *)"\xfd" "7zXZ\0\0", 7), UNPACK_XZ);
	ck_assert_int_eq(unpack_sniff((const unsigned char *)"BZh9", 4), UNPACK_BZIP2);
	ck_assert_int_eq(unpack_sniff((const unsigned char *)"BZh is a word", 13), UNPACK_NONE);
	ck_assert_int_eq(unpack_sniff((const unsigned char *)"\x28\xb5\x2f\xfd", 4),
	    UNPACK_ZSTD);
	ck_assert_int_eq(unpack_sniff((const unsigned char *)"\xfd" "7z", 3), UNPACK_NONE);
	ck_assert_int_eq(unpack_sniff((const unsigned char *)"", 0), UNPACK_NONE);
	ck_assert_str_eq(unpack_name(UNPACK_ZSTD), "zstd");
}
END_TEST

static Suite *
unpack_suite(void)
{
	Suite	*s = suite_create("unpack");
	TCase	*tc;
	int	 n = (int)(sizeof kinds / sizeof kinds[0]);

	tc = tcase_create("formats");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_round_trip, 0, n);
	tcase_add_loop_test(tc, test_concatenated, 0, n);
	tcase_add_loop_test(tc, test_utf16_inside, 0, n);
	tcase_add_loop_test(tc, test_truncated, 0, n);
	tcase_add_loop_test(tc, test_corrupt, 0, n);
	tcase_add_test(tc, test_sniff);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(unpack_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

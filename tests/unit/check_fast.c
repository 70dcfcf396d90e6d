/*
 * check_fast.c: unit tests of the quick paths of issue 16 against what they
 * stand for: json-out.c's word-at-a-time string quoting and its buffer
 * against a byte-by-byte model of the escaping rules, and match.c's answers
 * without calling PCRE2 (least length, first bytes of an anchored pattern)
 * against PCRE2's own.
 */
#include "config.h"

#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inert.h"
#include "json-out.h"
#include "match.h"
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
 * Every byte that needs care, at every place of a word and with every length
 * of tail: a special byte among plain ones, at offsets 0..16 of strings of
 * 1..17 bytes (two words and a tail).
 */
START_TEST(test_quote_every_place)
{
	static const unsigned char specials[] = { '"', '\\', '\n', '\r', '\t', 0x00, 0x1F, 0x7F,
	    0x80, 0x9F, 0xA0, 0xC2, 0xC3, 0xE2, 0xF0, 0xFF, ' ', '~', 0x20, 0x21, 0x23, 0x5B, 0x5D };
	unsigned char	s[32];
	size_t		n, at, k;

	for (k = 0; k < sizeof specials; k++) {
		for (n = 1; n <= 17; n++) {
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
	/* a pattern that may start with anything is not filtered */
	ck_assert_int_eq(try("^.?z", 0, "\xFFz", 0), 1);
	ck_assert_int_eq(try("^[^a]", 0, "\x80", 0), 1);
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
	tcase_add_test(tc, test_match_quick_no);
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

/* check_wrap.c: unit tests of wrap.c: columns by display width (CJK takes two), breaks in text without blanks. */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wrap.h"

/* wrap() of text into a string, the caller's. */
static char *
wrapped(const char *text, int first, int indent, int width)
{
	char	*buf = NULL;
	size_t	 len = 0;
	FILE	*f = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(f);
	wrap(f, text, first, indent, width);
	fclose(f);
	return buf;
}

/* Every line of s (first starting at column first) fits in width columns. */
static void
assert_fits(const char *s, int first, int width)
{
	const char	*line = s, *nl;
	int		 w;

	for (; (nl = strchr(line, '\n')) != NULL; line = nl + 1) {
		w = first + wrap_width(line, (size_t)(nl - line));
		ck_assert_msg(w <= width, "line '%.*s' is %d columns, more than %d",
		    (int)(nl - line), line, w, width);
		first = 0;
	}
}

START_TEST(test_width)
{
	ck_assert_int_eq(wrap_width("", 0), 0);
	ck_assert_int_eq(wrap_width("abc", 3), 3);
	ck_assert_int_eq(wrap_width("\xc3\xa9t\xc3\xa9", 5), 3);		/* été */
	ck_assert_int_eq(wrap_width("\xe6\x9b\xb8\xe8\xbe\xbc", 6), 4);	/* 書込 */
	ck_assert_int_eq(wrap_width("\xe3\x82\xa2", 3), 2);		/* katakana A */
	ck_assert_int_eq(wrap_width("\xea\xb0\x80", 3), 2);		/* Hangul GA */
	ck_assert_int_eq(wrap_width("\xef\xbc\xa1", 3), 2);		/* fullwidth A */
	ck_assert_int_eq(wrap_width("e\xcc\x81", 3), 1);		/* e + combining acute */
	ck_assert_int_eq(wrap_width("\xf0\xa0\x80\x80", 4), 2);		/* U+20000 */
	ck_assert_int_eq(wrap_width("\xff\xfe", 2), 2);			/* not UTF-8 */
	ck_assert_int_eq(wrap_width("\xe6\x9b", 2), 2);			/* cut short */
}
END_TEST

START_TEST(test_ascii)
{
	char	*s = wrapped("the quick brown fox jumps over", 0, 2, 16);

	ck_assert_str_eq(s, "the quick brown\n  fox jumps over\n");
	free(s);
}
END_TEST

/* Japanese without blanks: broken between characters, two columns each. */
START_TEST(test_japanese)
{
	/* "ボリュームシャドウコピーの作成に失敗しました。" (23 characters + 。) */
	const char	*ja = "\xe3\x83\x9c\xe3\x83\xaa\xe3\x83\xa5\xe3\x83\xbc\xe3\x83\xa0"
	    "\xe3\x82\xb7\xe3\x83\xa3\xe3\x83\x89\xe3\x82\xa6\xe3\x82\xb3\xe3\x83\x94"
	    "\xe3\x83\xbc\xe3\x81\xae\xe4\xbd\x9c\xe6\x88\x90\xe3\x81\xab\xe5\xa4\xb1"
	    "\xe6\x95\x97\xe3\x81\x97\xe3\x81\xbe\xe3\x81\x97\xe3\x81\x9f\xe3\x80\x82";
	char		*s = wrapped(ja, 10, 10, 30);
	const char	*nl;

	assert_fits(s, 10, 30);
	/* ten characters a line: 10 + 20 = 30 columns */
	nl = strchr(s, '\n');
	ck_assert_int_eq(wrap_width(s, (size_t)(nl - s)), 20);
	/* the full stop stays with the character before it */
	ck_assert_msg(strncmp(strrchr(s, '\n') - 3, "\xe3\x80\x82", 3) == 0, "%s", s);
	ck_assert_msg(strstr(s, "\n          \xe3\x80\x82") == NULL, "。 starts a line: %s", s);
	free(s);
}
END_TEST

/* Chinese and English mixed: words stay whole, CJK breaks anywhere. */
START_TEST(test_mixed)
{
	/* "卷影复制服务 VSS 写入器 SqlServerWriter 失败，错误 0x800423F3 ..."; from width 28 */
	/* even SqlServerWriter fits a line of its own after the indent of 12 */
	const char	*zh = "\xe5\x8d\xb7\xe5\xbd\xb1\xe5\xa4\x8d\xe5\x88\xb6\xe6\x9c\x8d"
	    "\xe5\x8a\xa1 VSS \xe5\x86\x99\xe5\x85\xa5\xe5\x99\xa8 SqlServerWriter "
	    "\xe5\xa4\xb1\xe8\xb4\xa5\xef\xbc\x8c\xe9\x94\x99\xe8\xaf\xaf 0x800423F3 "
	    "\xe5\x8d\xb7\xe5\xbd\xb1\xe5\xa4\x8d\xe5\x88\xb6\xe6\x9c\x8d\xe5\x8a\xa1"
	    "\xe5\x8d\xb7\xe5\xbd\xb1\xe5\xa4\x8d\xe5\x88\xb6\xe6\x9c\x8d\xe5\x8a\xa1";
	char		*s;
	int		 width;

	for (width = 28; width <= 80; width += 3) {
		s = wrapped(zh, 12, 12, width);
		assert_fits(s, 12, width);
		ck_assert_ptr_nonnull(strstr(s, "SqlServerWriter"));
		ck_assert_ptr_nonnull(strstr(s, "0x800423F3"));
		free(s);
	}
}
END_TEST

static Suite *
wrap_suite(void)
{
	Suite	*s = suite_create("wrap");
	TCase	*tc = tcase_create("wrap");

	tcase_add_test(tc, test_width);
	tcase_add_test(tc, test_ascii);
	tcase_add_test(tc, test_japanese);
	tcase_add_test(tc, test_mixed);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(wrap_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

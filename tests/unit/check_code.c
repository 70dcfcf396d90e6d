/* check_code.c: unit tests of code.c, the code number parser and the HRESULT macros. */
#include "config.h"

#include <check.h>
#include <stdint.h>
#include <stdlib.h>

#include "code.h"

/* A string that must parse, the value and the form it must give. */
struct good {
	const char	*in;
	uint32_t	 value;
	enum code_form	 form;
};

static const struct good goods[] = {
	{ "0x800423F3", 0x800423F3u, CODE_HEX },
	{ "0x800423f3", 0x800423F3u, CODE_HEX },
	{ "0X800423F3", 0x800423F3u, CODE_HEX },
	{ "0x800423F3L", 0x800423F3u, CODE_HEX },
	{ "0x800423f3l", 0x800423F3u, CODE_HEX },
	{ "0x5", 0x5u, CODE_HEX },
	{ "0x00042309", 0x00042309u, CODE_HEX },
	{ "800423f3", 0x800423F3u, CODE_BARE_HEX },
	{ "800423F3", 0x800423F3u, CODE_BARE_HEX },
	{ "80070005", 0x80070005u, CODE_BARE_HEX },	/* 8 digits: hex, not decimal */
	{ "00000005", 0x5u, CODE_BARE_HEX },
	{ "-2147212301", 0x800423F3u, CODE_SIGNED },
	{ "-2147024891", 0x80070005u, CODE_SIGNED },
	{ "-2139619042", 0x8078011Eu, CODE_SIGNED },
	{ "-1", 0xFFFFFFFFu, CODE_SIGNED },
	{ "-0", 0x0u, CODE_SIGNED },
	{ "-2147483648", 0x80000000u, CODE_SIGNED },
	{ "2147754995", 0x800423F3u, CODE_UNSIGNED },
	{ "2155348254", 0x8078011Eu, CODE_UNSIGNED },
	{ "5", 0x5u, CODE_UNSIGNED },
	{ "0", 0x0u, CODE_UNSIGNED },
	{ "6002", 6002u, CODE_UNSIGNED },
	{ "4294967295", 0xFFFFFFFFu, CODE_UNSIGNED },
};

static const char *bads[] = {
	"4294967296",		/* one past the unsigned range */
	"9999999999",
	"-2147483649",		/* one past the signed range */
	"-4294967295",
	"0x",
	"0X",
	"0xL",
	"0x123456789",		/* nine hex digits */
	"0x800423F3LL",
	"0x800423G3",
	"0x-5",
	"12abc",
	"800423g3",		/* eight characters, not all hex */
	"800423f",		/* seven hex digits without 0x */
	"800423f3a",		/* nine */
	"",
	"-",
	"--5",
	" 5",
	"5 ",
	"0x800423F3 ",
	"12345678901",
	"VSS_E_BAD_STATE",
};

START_TEST(test_parse_good)
{
	const struct good	*g = &goods[_i];
	uint32_t		 v = 0xDEADBEEFu;
	enum code_form		 form = (enum code_form)-1;

	ck_assert_msg(code_parse(g->in, &v, &form) == 0, "'%s' was refused", g->in);
	ck_assert_msg(v == g->value, "'%s' gave 0x%08X, wanted 0x%08X", g->in, v, g->value);
	ck_assert_msg(form == g->form, "'%s' gave form %d, wanted %d", g->in, (int)form,
	    (int)g->form);
}
END_TEST

START_TEST(test_parse_bad)
{
	uint32_t	v = 0xDEADBEEFu;
	enum code_form	form;

	ck_assert_msg(code_parse(bads[_i], &v, &form) == -1, "'%s' was taken as 0x%08X",
	    bads[_i], v);
}
END_TEST

START_TEST(test_from_win32)
{
	ck_assert_uint_eq(code_from_win32(2), 0x80070002u);
	ck_assert_uint_eq(code_from_win32(5), 0x80070005u);
	ck_assert_uint_eq(code_from_win32(6002), 0x80071772u);
	ck_assert_uint_eq(code_from_win32(1376), 0x80070560u);
	ck_assert_uint_eq(code_from_win32(0), 0u);	/* S_OK stays S_OK */
	/* Only the low 16 bits survive, as in HRESULT_FROM_WIN32. */
	ck_assert_uint_eq(code_from_win32(0x10005), 0x80070005u);
	/* A value that is already an HRESULT (negative as a LONG) is kept. */
	ck_assert_uint_eq(code_from_win32(0x80042306u), 0x80042306u);
	ck_assert_uint_eq(code_from_win32(0xC0090001u), 0xC0090001u);
}
END_TEST

START_TEST(test_win32_of)
{
	uint32_t	w = 12345;

	ck_assert_int_eq(code_win32_of(0x80070005u, &w), 1);
	ck_assert_uint_eq(w, 5);
	ck_assert_int_eq(code_win32_of(0x80071772u, &w), 1);
	ck_assert_uint_eq(w, 6002);
	ck_assert_int_eq(code_win32_of(0x80070000u, &w), 1);
	ck_assert_uint_eq(w, 0);
	w = 12345;
	ck_assert_int_eq(code_win32_of(0x800423F3u, &w), 0);
	ck_assert_int_eq(code_win32_of(0x00070005u, &w), 0);	/* not a failure */
	ck_assert_int_eq(code_win32_of(0xC0070005u, &w), 0);
	ck_assert_int_eq(code_win32_of(0x80080005u, &w), 0);
	ck_assert_int_eq(code_win32_of(5, &w), 0);
	ck_assert_uint_eq(w, 12345);	/* untouched when it is no Win32 code */
}
END_TEST

START_TEST(test_nt_of)
{
	uint32_t	nt = 12345;

	ck_assert_int_eq(code_nt_of(0xD000009Au, &nt), 1);
	ck_assert_uint_eq(nt, 0xC000009Au);
	ck_assert_int_eq(code_nt_of(0xD0000022u, &nt), 1);
	ck_assert_uint_eq(nt, 0xC0000022u);
	ck_assert_int_eq(code_nt_of(0x90000005u, &nt), 1);	/* a warning NTSTATUS */
	ck_assert_uint_eq(nt, 0x80000005u);
	nt = 12345;
	ck_assert_int_eq(code_nt_of(0x80070005u, &nt), 0);
	ck_assert_int_eq(code_nt_of(0xC000009Au, &nt), 0);	/* the plain NTSTATUS */
	ck_assert_int_eq(code_nt_of(0x800423F3u, &nt), 0);
	ck_assert_uint_eq(nt, 12345);
}
END_TEST

START_TEST(test_layout)
{
	ck_assert_uint_eq(CODE_SEVERITY(0x80080024u), 1);
	ck_assert_uint_eq(CODE_FACILITY(0x80080024u), 8);
	ck_assert_uint_eq(CODE_LOW(0x80080024u), 0x24);
	ck_assert_int_eq(CODE_FAILED(0x80080024u), 1);

	ck_assert_uint_eq(CODE_SEVERITY(0xC0090001u), 1);
	ck_assert_uint_eq(CODE_FACILITY(0xC0090001u), 9);
	ck_assert_uint_eq(CODE_LOW(0xC0090001u), 1);

	ck_assert_uint_eq(CODE_SEVERITY(0x800423F3u), 1);
	ck_assert_uint_eq(CODE_FACILITY(0x800423F3u), 4);
	ck_assert_uint_eq(CODE_LOW(0x800423F3u), 0x23F3);

	ck_assert_uint_eq(CODE_SEVERITY(0x00042309u), 0);
	ck_assert_int_eq(CODE_FAILED(0x00042309u), 0);
	ck_assert_uint_eq(CODE_FACILITY(0x00042309u), 4);

	/* The facility field is 13 bits wide: it takes in the NT bit. */
	ck_assert_uint_eq(CODE_FACILITY(0xD000009Au), 0x1000);
	ck_assert_uint_eq(CODE_FACILITY(0x8078011Eu), 120);
	ck_assert_uint_eq(CODE_FACILITY(0xFFFFFFFFu), 0x1FFF);
}
END_TEST

static Suite *
code_suite(void)
{
	Suite	*s = suite_create("code");
	TCase	*tc;

	tc = tcase_create("parse");
	tcase_add_loop_test(tc, test_parse_good, 0, (int)(sizeof goods / sizeof goods[0]));
	tcase_add_loop_test(tc, test_parse_bad, 0, (int)(sizeof bads / sizeof bads[0]));
	suite_add_tcase(s, tc);

	tc = tcase_create("macros");
	tcase_add_test(tc, test_from_win32);
	tcase_add_test(tc, test_win32_of);
	tcase_add_test(tc, test_nt_of);
	tcase_add_test(tc, test_layout);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(code_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

/* check_strmap.c: unit tests of strmap.c (the string hash map) and pool.c (memory freed at once). */
#include "config.h"

#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "pool.h"
#include "strmap.h"
#include "xalloc.h"

#define NKEYS	20000	/* enough to grow the table many times */

/* Keys "k0".."kN-1", each the caller's to free. */
static char **
make_keys(size_t n)
{
	char	**k = xcalloc(n, sizeof *k);
	size_t	  i;

	for (i = 0; i < n; i++)
		k[i] = xasprintf("Key%zu", i);
	return k;
}

static void
free_keys(char **k, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		free(k[i]);
	free(k);
}

/* Fills m with keys, values their index + 1, and checks lookups and order. */
static void
fill_and_check(struct strmap *m, char **keys, size_t n)
{
	const char	*key;
	void		*v;
	char		 lower[32];
	size_t		 i, pos = 0;

	for (i = 0; i < n; i++)
		ck_assert_ptr_null(strmap_put(m, keys[i], (void *)(uintptr_t)(i + 1)));
	ck_assert_uint_eq(strmap_count(m), n);
	for (i = 0; i < n; i++) {
		snprintf(lower, sizeof lower, "kEY%zu", i);
		ck_assert_ptr_eq(strmap_get(m, lower), (void *)(uintptr_t)(i + 1));
	}
	ck_assert_ptr_null(strmap_get(m, "nokey"));
	/* iteration gives the keys in the order they were added */
	for (i = 0; strmap_next(m, &pos, &key, &v); i++) {
		ck_assert_ptr_eq(key, keys[i]);
		ck_assert_ptr_eq(v, (void *)(uintptr_t)(i + 1));
	}
	ck_assert_uint_eq(i, n);
}

START_TEST(test_map_malloc)
{
	char		**keys = make_keys(NKEYS);
	struct strmap	 *m = strmap_new();

	fill_and_check(m, keys, NKEYS);
	/* a second put replaces the value and keeps the key's place */
	ck_assert_ptr_eq(strmap_put(m, "KEY0", (void *)(uintptr_t)7), (void *)(uintptr_t)1);
	ck_assert_ptr_eq(strmap_get(m, "key0"), (void *)(uintptr_t)7);
	ck_assert_uint_eq(strmap_count(m), NKEYS);
	strmap_free(m);
	free_keys(keys, NKEYS);
}
END_TEST

START_TEST(test_map_pool_reserve)
{
	char		**keys = make_keys(NKEYS);
	struct pool	 *ar = pool_new();
	struct strmap	 *m = strmap_new_in(ar);
	void		**slot;

	strmap_reserve(m, 10);		/* too few: the map still grows */
	fill_and_check(m, keys, NKEYS / 2);
	strmap_reserve(m, NKEYS);	/* then room for all */
	for (size_t i = NKEYS / 2; i < NKEYS; i++) {
		slot = strmap_slot(m, keys[i]);
		ck_assert_ptr_null(*slot);
		*slot = (void *)(uintptr_t)(i + 1);
	}
	ck_assert_uint_eq(strmap_count(m), NKEYS);
	ck_assert_ptr_eq(strmap_get(m, keys[NKEYS - 1]), (void *)(uintptr_t)NKEYS);
	strmap_free(m);
	pool_free(ar);
	free_keys(keys, NKEYS);
}
END_TEST

/*
 * The hash reads 8 bytes at a time with bit 5 set (ASCII case folded): keys
 * equal but for case hash alike whatever their length, and the pairs the
 * fold also joins ('_' and DEL, '@' and '`') stay different keys.
 */
START_TEST(test_map_fold)
{
	static const char *const	 lower[] = { "a", "vss_e_bad_state", "x1234567",
					    "abcdefghijklmnopq", "error_too_many_open_files" };
	static const char *const	 upper[] = { "A", "VSS_E_BAD_STATE", "X1234567",
					    "ABCDEFGHIJKLMNOPQ", "ERROR_Too_Many_Open_FILES" };
	struct strmap			*m = strmap_new();
	size_t				 i;

	for (i = 0; i < sizeof lower / sizeof lower[0]; i++)
		strmap_put(m, lower[i], (void *)(uintptr_t)(i + 1));
	for (i = 0; i < sizeof upper / sizeof upper[0]; i++) {
		ck_assert_ptr_eq(strmap_get(m, upper[i]), (void *)(uintptr_t)(i + 1));
		ck_assert_ptr_eq(*strmap_slot_n(m, upper[i], strlen(upper[i])),
		    (void *)(uintptr_t)(i + 1));
	}
	ck_assert_uint_eq(strmap_count(m), 5);
	strmap_put(m, "long_name_x_", (void *)(uintptr_t)10);
	ck_assert_ptr_null(strmap_get(m, "long\x7fname\x7fx\x7f"));
	ck_assert_ptr_null(strmap_get(m, "@"));
	strmap_put(m, "`", (void *)(uintptr_t)11);
	ck_assert_ptr_null(strmap_get(m, "@"));
	ck_assert_ptr_eq(strmap_get(m, "LONG_NAME_X_"), (void *)(uintptr_t)10);
	ck_assert_uint_eq(strmap_count(m), 7);
	strmap_free(m);
}
END_TEST

/*
 * strmap_get_n on a span of a longer text: the key must be the whole span
 * (not a prefix, not longer), case folded as strcasecmp folds it (every
 * byte against every one-byte key), and a NUL inside the span matches no
 * key, not even one that ends there.
 */
START_TEST(test_map_get_n)
{
	static char	 keys[256][3];		/* "c\0\0": a NUL past each key's own */
	struct strmap	*m = strmap_new();
	char		 span[2];
	void		**slot;
	void		*want;
	int		 a, b;

	for (a = 1; a < 256; a++) {
		keys[a][0] = (char)a;
		slot = strmap_slot(m, keys[a]);
		if (*slot == NULL)
			*slot = (void *)(uintptr_t)a;	/* the first of a case pair */
	}
	for (b = 0; b < 256; b++) {
		span[0] = (char)b;
		span[1] = 'Z';		/* no NUL after the span */
		want = NULL;
		for (a = 1; a < 256 && b != 0; a++) {
			if (strcasecmp(keys[a], (char []){ (char)b, '\0' }) == 0) {
				want = (void *)(uintptr_t)a;
				break;
			}
		}
		ck_assert_msg(strmap_get_n(m, span, 1) == want, "byte %d", b);
	}
	strmap_put(m, "error", (void *)(uintptr_t)300);
	ck_assert_ptr_eq(strmap_get_n(m, "ERRORs", 5), (void *)(uintptr_t)300);
	ck_assert_ptr_null(strmap_get_n(m, "errors", 6));
	ck_assert_ptr_null(strmap_get_n(m, "erro", 4));
	ck_assert_ptr_null(strmap_get_n(m, "a\0", 2));	/* the key "a" ends where the NUL is */
	ck_assert_ptr_null(strmap_get_n(m, "e\0ror", 5));
	ck_assert_ptr_eq(strmap_get_n(m, "a", 1), (void *)(uintptr_t)'A');
	strmap_free(m);
}
END_TEST

START_TEST(test_map_empty)
{
	struct strmap	*m = strmap_new();
	const char	*key;
	void		*v;
	size_t		 pos = 0;

	ck_assert_ptr_null(strmap_get(m, ""));
	ck_assert_int_eq(strmap_next(m, &pos, &key, &v), 0);
	strmap_reserve(m, 0);
	strmap_free(m);
	strmap_free(NULL);
}
END_TEST

START_TEST(test_pool)
{
	struct pool	*ar = pool_new();
	unsigned char	*p[64];
	size_t		 sizes[] = { 0, 1, 15, 16, 17, 4096, 100000, (size_t)3 << 20, 7 };
	size_t		 i, j, k;

	/* zeroed, aligned and apart, including pieces larger than a chunk */
	for (k = 0; k < 64; k++) {
		size_t	n = sizes[k % (sizeof sizes / sizeof *sizes)];

		p[k] = pool_alloc(ar, n);
		ck_assert_ptr_nonnull(p[k]);
		ck_assert_uint_eq((uintptr_t)p[k] % 16, 0);
		for (i = 0; i < n && p[k][i] == 0; i++)
			;
		ck_assert_uint_eq(i, n);
		memset(p[k], (int)k + 1, n);
	}
	for (k = 0; k < 64; k++) {
		size_t	n = sizes[k % (sizeof sizes / sizeof *sizes)];

		for (j = 0; j < n; j += 997)
			ck_assert_uint_eq(p[k][j], (unsigned char)(k + 1));
	}
	ck_assert_ptr_nonnull(pool_array(ar, 1000, sizeof(double)));
	pool_free(ar);
	pool_free(NULL);
}
END_TEST

static Suite *
strmap_suite(void)
{
	Suite	*s = suite_create("strmap");
	TCase	*tc = tcase_create("map");

	tcase_add_test(tc, test_map_malloc);
	tcase_add_test(tc, test_map_pool_reserve);
	tcase_add_test(tc, test_map_fold);
	tcase_add_test(tc, test_map_get_n);
	tcase_add_test(tc, test_map_empty);
	tcase_add_test(tc, test_pool);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(strmap_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

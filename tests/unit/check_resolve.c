/* check_resolve.c: unit tests of resolve.c against the real rules/ database. */
#include "config.h"

#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "resolve.h"

static struct db	*db;

static void
setup(void)
{
	const char	*dirs[] = { TEST_RULESDIR };
	char		*err = NULL;

	db = db_load(dirs, NULL, 1, &err);
	ck_assert_msg(db != NULL, "rules/ did not load:\n%s", err ? err : "");
}

static void
teardown(void)
{
	db_free(db);
	db = NULL;
}

/* Resolves v as returned by method (a name, or NULL). */
static void
resolve_as(uint32_t v, const char *method, struct resolved *r)
{
	const struct db_method	*m = NULL;

	if (method != NULL) {
		m = db_method_find(db, method);
		ck_assert_msg(m != NULL, "no method %s", method);
	}
	memset(r, 0x5A, sizeof *r);	/* resolve() must set every field it reports */
	resolve(db, v, m, r);
	ck_assert_uint_eq(r->value, v);
}

/* Asserts the guidance class of a resolved code. */
#define ck_assert_guidance(r, want) do {				\
	ck_assert_ptr_nonnull((r)->guidance);				\
	ck_assert_str_eq((r)->guidance->id, (want));			\
} while (0)

START_TEST(test_access_denied)
{
	struct resolved	r;

	resolve_as(0x80070005u, NULL, &r);
	ck_assert_int_eq(r.known, 1);
	ck_assert_int_eq(r.nnames, 1);
	ck_assert_str_eq(r.names[0]->name, "E_ACCESSDENIED");
	ck_assert_int_eq(r.names[0]->ns, DB_NS_HRESULT);
	ck_assert_int_eq(r.has_win32, 1);
	ck_assert_uint_eq(r.win32, 5);
	ck_assert_int_eq(r.nwin32, 1);
	ck_assert_str_eq(r.win32_names[0]->name, "ERROR_ACCESS_DENIED");
	ck_assert_int_eq(r.has_nt, 0);
	ck_assert_ptr_nonnull(r.facility);
	ck_assert_str_eq(r.facility->name, "FACILITY_WIN32");
	ck_assert_ptr_nonnull(r.code);
	ck_assert_ptr_eq(r.code->name, r.names[0]);
	ck_assert_ptr_null(r.method_return);
	ck_assert_guidance(&r, "fix");
	ck_assert_str_eq(resolved_name(&r), "E_ACCESSDENIED");
	ck_assert_str_eq(resolved_ns(&r), "HRESULT");
}
END_TEST

/* A value found as a Win32 number is named in the Win32 namespace first. */
START_TEST(test_win32_first)
{
	struct resolved	r;

	resolve_as(0x80070005u, NULL, &r);
	ck_assert_int_eq(r.win32_first, 0);
	r.win32_first = 1;
	ck_assert_str_eq(resolved_name(&r), "ERROR_ACCESS_DENIED");
	ck_assert_str_eq(resolved_ns(&r), "Win32");
	resolve_as(0x80042306u, NULL, &r);
	r.win32_first = 1;	/* no Win32 name: the value's own */
	ck_assert_str_eq(resolved_name(&r), "VSS_E_PROVIDER_VETO");
}
END_TEST

START_TEST(test_file_not_found)
{
	struct resolved	r;

	resolve_as(0x80070002u, NULL, &r);
	ck_assert_int_eq(r.known, 1);
	ck_assert_int_eq(r.nnames, 0);
	ck_assert_int_eq(r.has_win32, 1);
	ck_assert_uint_eq(r.win32, 2);
	ck_assert_int_eq(r.nwin32, 1);
	ck_assert_str_eq(r.win32_names[0]->name, "ERROR_FILE_NOT_FOUND");
	ck_assert_ptr_nonnull(r.code);
	ck_assert_ptr_nonnull(r.code->description);
	ck_assert_str_eq(r.code->name->name, "ERROR_FILE_NOT_FOUND");
	ck_assert_ptr_nonnull(r.guidance);
	ck_assert_str_eq(resolved_name(&r), "ERROR_FILE_NOT_FOUND");
	ck_assert_str_eq(resolved_ns(&r), "Win32");
}
END_TEST

/* A Win32 number without a name is still taken apart. */
START_TEST(test_win32_unnamed)
{
	struct resolved	r;

	resolve_as(0x8007FFFEu, NULL, &r);
	ck_assert_int_eq(r.has_win32, 1);
	ck_assert_uint_eq(r.win32, 0xFFFE);
	ck_assert_int_eq(r.nwin32, 0);
	ck_assert_int_eq(r.known, 0);
	ck_assert_guidance(&r, "unknown");
	ck_assert_ptr_null(resolved_name(&r));
}
END_TEST

START_TEST(test_from_nt)
{
	struct resolved	r;

	resolve_as(0xD000009Au, NULL, &r);
	ck_assert_int_eq(r.known, 1);
	ck_assert_int_eq(r.nnames, 0);
	ck_assert_int_eq(r.has_win32, 0);
	ck_assert_int_eq(r.has_nt, 1);
	ck_assert_uint_eq(r.nt, 0xC000009Au);
	ck_assert_int_eq(r.nnt, 1);
	ck_assert_str_eq(r.nt_names[0]->name, "STATUS_INSUFFICIENT_RESOURCES");
	ck_assert_int_eq(r.nt_names[0]->ns, DB_NS_NTSTATUS);
	ck_assert_guidance(&r, "investigate");
	ck_assert_str_eq(resolved_name(&r), "STATUS_INSUFFICIENT_RESOURCES");
	ck_assert_str_eq(resolved_ns(&r), "NTSTATUS");
}
END_TEST

START_TEST(test_veto_by_method)
{
	struct resolved	r;

	resolve_as(0x80042306u, "DoSnapshotSet", &r);
	ck_assert_str_eq(resolved_name(&r), "VSS_E_PROVIDER_VETO");
	ck_assert_ptr_nonnull(r.method_return);
	ck_assert_str_eq(r.method_return->name->name, "VSS_E_PROVIDER_VETO");
	ck_assert_guidance(&r, "transient");
	ck_assert_int_eq(r.guidance->wait_minutes, 10);
	ck_assert_int_eq(r.guidance->max_retries, 3);

	resolve_as(0x8004230Fu, "DoSnapshotSet", &r);
	ck_assert_guidance(&r, "transient");

	resolve_as(0x80042306u, NULL, &r);
	ck_assert_ptr_null(r.method_return);
	ck_assert_guidance(&r, "investigate");

	/* A method that returns it without an override of its own. */
	resolve_as(0x80042306u, "Query", &r);
	ck_assert_ptr_nonnull(r.method_return);
	ck_assert_guidance(&r, "investigate");

	/* A method that does not return it at all. */
	resolve_as(0x800423F3u, "DoSnapshotSet", &r);
	ck_assert_ptr_null(r.method_return);
	ck_assert_guidance(&r, "transient");
}
END_TEST

START_TEST(test_unknown)
{
	struct resolved	r;

	resolve_as(0x80080024u, NULL, &r);
	ck_assert_int_eq(r.known, 0);
	ck_assert_int_eq(r.nnames, 0);
	ck_assert_int_eq(r.has_win32, 0);
	ck_assert_int_eq(r.has_nt, 0);
	ck_assert_ptr_null(r.code);
	ck_assert_guidance(&r, "unknown");
	ck_assert_ptr_nonnull(r.facility);
	ck_assert_str_eq(r.facility->name, "FACILITY_WINDOWS");
	ck_assert_ptr_null(resolved_name(&r));
	ck_assert_ptr_null(resolved_ns(&r));

	/* A gap in the VSS range. */
	resolve_as(0x80042305u, NULL, &r);
	ck_assert_int_eq(r.known, 0);
	ck_assert_guidance(&r, "unknown");
	ck_assert_str_eq(r.facility->name, "FACILITY_ITF");
}
END_TEST

START_TEST(test_success)
{
	struct resolved	r;

	resolve_as(0x00042309u, NULL, &r);
	ck_assert_int_eq(r.known, 1);
	ck_assert_str_eq(resolved_name(&r), "VSS_S_ASYNC_PENDING");
	ck_assert_str_eq(resolved_ns(&r), "VSS");
	ck_assert_guidance(&r, "info");

	/* A success value nobody names is still a success. */
	resolve_as(0x0004FFFEu, NULL, &r);
	ck_assert_int_eq(r.known, 0);
	ck_assert_int_eq(r.nnames, 0);
	ck_assert_ptr_null(r.code);
	ck_assert_guidance(&r, "info");
}
END_TEST

START_TEST(test_retryable)
{
	struct resolved	r;

	resolve_as(0x800423F3u, NULL, &r);
	ck_assert_int_eq(r.known, 1);
	ck_assert_int_eq(r.nnames, 1);
	ck_assert_str_eq(r.names[0]->name, "VSS_E_WRITERERROR_RETRYABLE");
	ck_assert_int_eq(r.names[0]->ns, DB_NS_VSS);
	ck_assert_int_eq(r.has_win32, 0);
	ck_assert_str_eq(r.facility->name, "FACILITY_ITF");
	ck_assert_ptr_nonnull(r.code);
	ck_assert_guidance(&r, "transient");
	ck_assert_int_eq(r.guidance->wait_minutes, 10);
	ck_assert_int_eq(r.guidance->max_retries, 3);
}
END_TEST

/* VSS and VDS share numbers: the VSS name comes first. */
START_TEST(test_collision)
{
	struct resolved	r;

	resolve_as(0x80042400u, NULL, &r);
	ck_assert_int_eq(r.nnames, 2);
	ck_assert_str_eq(r.names[0]->name, "VSS_E_CLUSTER_ERROR");
	ck_assert_str_eq(r.names[1]->name, "VDS_E_NOT_SUPPORTED");
	ck_assert_str_eq(resolved_name(&r), "VSS_E_CLUSTER_ERROR");
	ck_assert_ptr_eq(r.code, r.names[0]->code);

	resolve_as(0x80042301u, NULL, &r);
	ck_assert_int_eq(r.nnames, 2);
	ck_assert_str_eq(r.names[0]->name, "VSS_E_BAD_STATE");
	ck_assert_str_eq(r.names[1]->name, "FSRVP_E_BAD_STATE");
	ck_assert_guidance(&r, "requester");
}
END_TEST

/*
 * resolved_copy gives every field and every name in use, whatever the
 * struct held before: values with names of their own, Win32 names, NTSTATUS
 * names, a method's return and none at all.  resolved_same says so, and
 * says no when any one field in use differs.
 */
START_TEST(test_copy)
{
	static const uint32_t	 v[] = { 0x80070005u, 0x80042400u, 0xD000009Au, 0x80042306u,
	    0x80080024u, 0x00042309u, 0x80070002u };
	static const struct db_name	other;
	struct resolved		 r, c, d;
	size_t			 i;
	int			 m, f;

	for (i = 0; i < sizeof v / sizeof v[0]; i++) {
		for (m = 0; m < 2; m++) {
			resolve_as(v[i], m ? "DoSnapshotSet" : NULL, &r);
			r.win32_first = (int)i & 1;
			memset(&c, 0xA5, sizeof c);
			resolved_copy(&c, &r);
			ck_assert(resolved_same(&c, &r));
			ck_assert_uint_eq(c.value, r.value);
			ck_assert_ptr_eq(c.guidance, r.guidance);
			ck_assert_ptr_eq(resolved_name(&c), resolved_name(&r));
			ck_assert_ptr_eq(resolved_ns(&c), resolved_ns(&r));
			for (f = 0; f < 12; f++) {
				resolved_copy(&d, &r);
				switch (f) {
				case 0: d.value ^= 1; break;
				case 1: d.facility = &other; break;
				case 2: d.code = NULL; d.known ^= 1; break;
				case 3: d.method_return = d.method_return ? NULL : (void *)&other; break;
				case 4: d.guidance = NULL; break;
				case 5: d.win32_first ^= 1; break;
				case 6: d.nnames = d.nnames ? d.nnames - 1 : 1; d.names[0] = &other; break;
				case 7:
					if (d.nnames == 0)
						continue;
					d.names[d.nnames - 1] = &other;
					break;
				case 8:
					if (!d.has_win32)
						continue;
					d.win32 ^= 2;
					break;
				case 9:
					if (d.nwin32 == 0)
						continue;
					d.win32_names[0] = &other;
					break;
				case 10:
					if (d.nnt == 0)
						continue;
					d.nt_names[0] = &other;
					break;
				default: d.has_nt ^= 1; d.nt = 0; break;
				}
				ck_assert_msg(!resolved_same(&d, &r), "0x%08X: change %d not seen",
				    (unsigned)v[i], f);
			}
		}
	}
}
END_TEST

/* A [code VALUE] entry makes a code known that no header names. */
START_TEST(test_value_entry)
{
	struct resolved	r;

	resolve_as(0x8078011Eu, NULL, &r);
	ck_assert_int_eq(r.known, 1);
	ck_assert_int_eq(r.nnames, 0);
	ck_assert_ptr_nonnull(r.code);
	ck_assert_ptr_null(r.code->name);
	ck_assert_ptr_nonnull(r.code->title);
	ck_assert_ptr_nonnull(r.code->description);
	ck_assert_str_eq(r.facility->name, "FACILITY_BLB");
	ck_assert_guidance(&r, "fix");
	ck_assert_ptr_null(resolved_name(&r));
}
END_TEST

START_TEST(test_hresult_typed_error)
{
	struct resolved	r;

	resolve_as(0xC0090001u, NULL, &r);
	ck_assert_int_eq(r.nnames, 1);
	ck_assert_str_eq(r.names[0]->name, "ERROR_AUDITING_DISABLED");
	ck_assert_int_eq(r.has_win32, 0);
	ck_assert_int_eq(r.has_nt, 0);

	resolve_as(0x80071772u, NULL, &r);
	ck_assert_int_eq(r.nnames, 0);
	ck_assert_int_eq(r.nwin32, 1);
	ck_assert_str_eq(r.win32_names[0]->name, "ERROR_FILE_ENCRYPTED");
	ck_assert_uint_eq(r.win32, 6002);
	ck_assert_int_eq(r.known, 1);
}
END_TEST

static Suite *
resolve_suite(void)
{
	Suite	*s = suite_create("resolve");
	TCase	*tc = tcase_create("real");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_access_denied);
	tcase_add_test(tc, test_win32_first);
	tcase_add_test(tc, test_file_not_found);
	tcase_add_test(tc, test_win32_unnamed);
	tcase_add_test(tc, test_from_nt);
	tcase_add_test(tc, test_veto_by_method);
	tcase_add_test(tc, test_unknown);
	tcase_add_test(tc, test_success);
	tcase_add_test(tc, test_retryable);
	tcase_add_test(tc, test_collision);
	tcase_add_test(tc, test_copy);
	tcase_add_test(tc, test_value_entry);
	tcase_add_test(tc, test_hresult_typed_error);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(resolve_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

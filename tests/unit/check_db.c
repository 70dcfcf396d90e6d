/* check_db.c: unit tests of db.c, the loader and validator of the rules/ database. */
#include "config.h"

#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"

#define DATA(x)		TEST_DATADIR "/" x
#define MIN_DIR		DATA("rules-min")

/* Asserts that needle occurs in the text hay. */
#define ck_assert_has(hay, needle) \
	ck_assert_msg(strstr((hay), (needle)) != NULL, "no \"%s\" in:\n%s", (needle), (hay))
#define ck_assert_hasnt(hay, needle) \
	ck_assert_msg(strstr((hay), (needle)) == NULL, "unexpected \"%s\" in:\n%s", \
	    (needle), (hay))

/* The 81 names of vsserror.h (mingw-w64, SDK and windows-rs agree on them). */
static const struct {
	const char	*name;
	uint32_t	 value;
} vss_names[] = {
	{ "VSS_E_BAD_STATE", 0x80042301u },
	{ "VSS_E_UNEXPECTED", 0x80042302u },
	{ "VSS_E_PROVIDER_ALREADY_REGISTERED", 0x80042303u },
	{ "VSS_E_PROVIDER_NOT_REGISTERED", 0x80042304u },
	{ "VSS_E_PROVIDER_VETO", 0x80042306u },
	{ "VSS_E_PROVIDER_IN_USE", 0x80042307u },
	{ "VSS_E_OBJECT_NOT_FOUND", 0x80042308u },
	{ "VSS_S_ASYNC_PENDING", 0x00042309u },
	{ "VSS_S_ASYNC_FINISHED", 0x0004230Au },
	{ "VSS_S_ASYNC_CANCELLED", 0x0004230Bu },
	{ "VSS_E_VOLUME_NOT_SUPPORTED", 0x8004230Cu },
	{ "VSS_E_OBJECT_ALREADY_EXISTS", 0x8004230Du },
	{ "VSS_E_VOLUME_NOT_SUPPORTED_BY_PROVIDER", 0x8004230Eu },
	{ "VSS_E_UNEXPECTED_PROVIDER_ERROR", 0x8004230Fu },
	{ "VSS_E_CORRUPT_XML_DOCUMENT", 0x80042310u },
	{ "VSS_E_INVALID_XML_DOCUMENT", 0x80042311u },
	{ "VSS_E_MAXIMUM_NUMBER_OF_VOLUMES_REACHED", 0x80042312u },
	{ "VSS_E_FLUSH_WRITES_TIMEOUT", 0x80042313u },
	{ "VSS_E_HOLD_WRITES_TIMEOUT", 0x80042314u },
	{ "VSS_E_UNEXPECTED_WRITER_ERROR", 0x80042315u },
	{ "VSS_E_SNAPSHOT_SET_IN_PROGRESS", 0x80042316u },
	{ "VSS_E_MAXIMUM_NUMBER_OF_SNAPSHOTS_REACHED", 0x80042317u },
	{ "VSS_E_WRITER_INFRASTRUCTURE", 0x80042318u },
	{ "VSS_E_WRITER_NOT_RESPONDING", 0x80042319u },
	{ "VSS_E_WRITER_ALREADY_SUBSCRIBED", 0x8004231Au },
	{ "VSS_E_UNSUPPORTED_CONTEXT", 0x8004231Bu },
	{ "VSS_E_VOLUME_IN_USE", 0x8004231Du },
	{ "VSS_E_MAXIMUM_DIFFAREA_ASSOCIATIONS_REACHED", 0x8004231Eu },
	{ "VSS_E_INSUFFICIENT_STORAGE", 0x8004231Fu },
	{ "VSS_E_NO_SNAPSHOTS_IMPORTED", 0x80042320u },
	{ "VSS_E_SOME_SNAPSHOTS_NOT_IMPORTED", 0x80042321u },
	{ "VSS_S_SOME_SNAPSHOTS_NOT_IMPORTED", 0x00042321u },
	{ "VSS_E_MAXIMUM_NUMBER_OF_REMOTE_MACHINES_REACHED", 0x80042322u },
	{ "VSS_E_REMOTE_SERVER_UNAVAILABLE", 0x80042323u },
	{ "VSS_E_REMOTE_SERVER_UNSUPPORTED", 0x80042324u },
	{ "VSS_E_REVERT_IN_PROGRESS", 0x80042325u },
	{ "VSS_E_REVERT_VOLUME_LOST", 0x80042326u },
	{ "VSS_E_REBOOT_REQUIRED", 0x80042327u },
	{ "VSS_E_TRANSACTION_FREEZE_TIMEOUT", 0x80042328u },
	{ "VSS_E_TRANSACTION_THAW_TIMEOUT", 0x80042329u },
	{ "VSS_E_UNSELECTED_VOLUME", 0x8004232Au },
	{ "VSS_E_SNAPSHOT_NOT_IN_SET", 0x8004232Bu },
	{ "VSS_E_NESTED_VOLUME_LIMIT", 0x8004232Cu },
	{ "VSS_E_VOLUME_NOT_LOCAL", 0x8004232Du },
	{ "VSS_E_CLUSTER_TIMEOUT", 0x8004232Eu },
	{ "VSS_E_NOT_SUPPORTED", 0x8004232Fu },
	{ "VSS_E_WRITERERROR_PARTIAL_FAILURE", 0x80042336u },
	{ "VSS_E_WRITERERROR_INCONSISTENTSNAPSHOT", 0x800423F0u },
	{ "VSS_E_WRITERERROR_OUTOFRESOURCES", 0x800423F1u },
	{ "VSS_E_WRITERERROR_TIMEOUT", 0x800423F2u },
	{ "VSS_E_WRITERERROR_RETRYABLE", 0x800423F3u },
	{ "VSS_E_WRITERERROR_NONRETRYABLE", 0x800423F4u },
	{ "VSS_E_WRITERERROR_RECOVERY_FAILED", 0x800423F5u },
	{ "VSS_E_BREAK_REVERT_ID_FAILED", 0x800423F6u },
	{ "VSS_E_LEGACY_PROVIDER", 0x800423F7u },
	{ "VSS_E_MISSING_DISK", 0x800423F8u },
	{ "VSS_E_MISSING_HIDDEN_VOLUME", 0x800423F9u },
	{ "VSS_E_MISSING_VOLUME", 0x800423FAu },
	{ "VSS_E_AUTORECOVERY_FAILED", 0x800423FBu },
	{ "VSS_E_DYNAMIC_DISK_ERROR", 0x800423FCu },
	{ "VSS_E_NONTRANSPORTABLE_BCD", 0x800423FDu },
	{ "VSS_E_CANNOT_REVERT_DISKID", 0x800423FEu },
	{ "VSS_E_RESYNC_IN_PROGRESS", 0x800423FFu },
	{ "VSS_E_CLUSTER_ERROR", 0x80042400u },
	{ "VSS_E_ASRERROR_DISK_ASSIGNMENT_FAILED", 0x80042401u },
	{ "VSS_E_ASRERROR_DISK_RECREATION_FAILED", 0x80042402u },
	{ "VSS_E_ASRERROR_NO_ARCPATH", 0x80042403u },
	{ "VSS_E_ASRERROR_MISSING_DYNDISK", 0x80042404u },
	{ "VSS_E_ASRERROR_SHARED_CRIDISK", 0x80042405u },
	{ "VSS_E_ASRERROR_DATADISK_RDISK0", 0x80042406u },
	{ "VSS_E_ASRERROR_RDISK0_TOOSMALL", 0x80042407u },
	{ "VSS_E_ASRERROR_CRITICAL_DISKS_TOO_SMALL", 0x80042408u },
	{ "VSS_E_WRITER_STATUS_NOT_AVAILABLE", 0x80042409u },
	{ "VSS_E_ASRERROR_DYNAMIC_VHD_NOT_SUPPORTED", 0x8004240Au },
	{ "VSS_E_CRITICAL_VOLUME_ON_INVALID_DISK", 0x80042411u },
	{ "VSS_E_ASRERROR_RDISK_FOR_SYSTEM_DISK_NOT_FOUND", 0x80042412u },
	{ "VSS_E_ASRERROR_NO_PHYSICAL_DISK_AVAILABLE", 0x80042413u },
	{ "VSS_E_ASRERROR_FIXED_PHYSICAL_DISK_AVAILABLE_AFTER_DISK_EXCLUSION", 0x80042414u },
	{ "VSS_E_ASRERROR_CRITICAL_DISK_CANNOT_BE_EXCLUDED", 0x80042415u },
	{ "VSS_E_ASRERROR_SYSTEM_PARTITION_HIDDEN", 0x80042416u },
	{ "VSS_E_FSS_TIMEOUT", 0x80042417u },
};

/* The VSS values that VDS (vdserr.h) uses for other errors. */
static const struct {
	uint32_t	 value;
	const char	*vss;
	const char	*vds;
} collisions[] = {
	{ 0x80042400u, "VSS_E_CLUSTER_ERROR", "VDS_E_NOT_SUPPORTED" },
	{ 0x80042401u, "VSS_E_ASRERROR_DISK_ASSIGNMENT_FAILED", "VDS_E_INITIALIZED_FAILED" },
	{ 0x80042402u, "VSS_E_ASRERROR_DISK_RECREATION_FAILED", "VDS_E_INITIALIZE_NOT_CALLED" },
	{ 0x80042403u, "VSS_E_ASRERROR_NO_ARCPATH", "VDS_E_ALREADY_REGISTERED" },
	{ 0x80042404u, "VSS_E_ASRERROR_MISSING_DYNDISK", "VDS_E_ANOTHER_CALL_IN_PROGRESS" },
	{ 0x80042405u, "VSS_E_ASRERROR_SHARED_CRIDISK", "VDS_E_OBJECT_NOT_FOUND" },
	{ 0x80042406u, "VSS_E_ASRERROR_DATADISK_RDISK0", "VDS_E_INVALID_SPACE" },
	{ 0x80042407u, "VSS_E_ASRERROR_RDISK0_TOOSMALL", "VDS_E_PARTITION_LIMIT_REACHED" },
	{ 0x80042408u, "VSS_E_ASRERROR_CRITICAL_DISKS_TOO_SMALL", "VDS_E_PARTITION_NOT_EMPTY" },
	{ 0x80042409u, "VSS_E_WRITER_STATUS_NOT_AVAILABLE", "VDS_E_OPERATION_PENDING" },
	{ 0x8004240Au, "VSS_E_ASRERROR_DYNAMIC_VHD_NOT_SUPPORTED", "VDS_E_OPERATION_DENIED" },
	{ 0x80042411u, "VSS_E_CRITICAL_VOLUME_ON_INVALID_DISK", "VDS_E_BAD_COOKIE" },
	{ 0x80042412u, "VSS_E_ASRERROR_RDISK_FOR_SYSTEM_DISK_NOT_FOUND", "VDS_E_NO_MEDIA" },
	{ 0x80042413u, "VSS_E_ASRERROR_NO_PHYSICAL_DISK_AVAILABLE", "VDS_E_DEVICE_IN_USE" },
	{ 0x80042414u, "VSS_E_ASRERROR_FIXED_PHYSICAL_DISK_AVAILABLE_AFTER_DISK_EXCLUSION",
	    "VDS_E_DISK_NOT_EMPTY" },
	{ 0x80042415u, "VSS_E_ASRERROR_CRITICAL_DISK_CANNOT_BE_EXCLUDED",
	    "VDS_E_INVALID_OPERATION" },
	{ 0x80042416u, "VSS_E_ASRERROR_SYSTEM_PARTITION_HIDDEN", "VDS_E_PATH_NOT_FOUND" },
	{ 0x80042417u, "VSS_E_FSS_TIMEOUT", "VDS_E_DISK_NOT_INITIALIZED" },
};

/* A sample of names from every namespace, including each section's edges. */
static const struct {
	const char	*name;
	enum db_ns	 ns;
	uint32_t	 value;
} samples[] = {
	{ "VSS_E_BAD_STATE", DB_NS_VSS, 0x80042301u },
	{ "VSS_E_WRITERERROR_RETRYABLE", DB_NS_VSS, 0x800423F3u },
	{ "VSS_S_ASYNC_PENDING", DB_NS_VSS, 0x00042309u },
	{ "VSS_E_FSS_TIMEOUT", DB_NS_VSS, 0x80042417u },
	{ "SEC_E_OK", DB_NS_HRESULT, 0x00000000u },
	{ "S_OK", DB_NS_HRESULT, 0x00000000u },
	{ "E_ACCESSDENIED", DB_NS_HRESULT, 0x80070005u },
	{ "E_NOTIMPL", DB_NS_HRESULT, 0x80004001u },	/* not the legacy 0x80000001 */
	{ "E_FAIL", DB_NS_HRESULT, 0x80004005u },
	{ "E_UNEXPECTED", DB_NS_HRESULT, 0x8000FFFFu },
	{ "ERROR_AUDITING_DISABLED", DB_NS_HRESULT, 0xC0090001u },
	{ "REGDB_E_CLASSNOTREG", DB_NS_HRESULT, 0x80040154u },
	{ "CO_E_CLASS_CREATE_FAILED", DB_NS_HRESULT, 0x80080001u },
	{ "RPC_E_SERVERFAULT", DB_NS_HRESULT, 0x80010105u },
	{ "OLE_S_STATIC", DB_NS_HRESULT, 0x00040001u },
	{ "SEC_E_MULTIPLE_ACCOUNTS", DB_NS_HRESULT, 0x80090347u },
	{ "FWP_E_ACTION_INCOMPATIBLE_WITH_LAYER", DB_NS_HRESULT, 0x8032002Cu },
	{ "IORING_E_COMPLETION_QUEUE_TOO_FULL", DB_NS_HRESULT, 0x80460008u },
	{ "ERROR_SUCCESS", DB_NS_WIN32, 0 },
	{ "ERROR_FILE_NOT_FOUND", DB_NS_WIN32, 2 },
	{ "ERROR_ACCESS_DENIED", DB_NS_WIN32, 5 },
	{ "ERROR_NO_SUCH_ALIAS", DB_NS_WIN32, 1376 },
	{ "ERROR_FILE_ENCRYPTED", DB_NS_WIN32, 6002 },
	{ "ERROR_FILE_READ_ONLY", DB_NS_WIN32, 6009 },
	{ "ERROR_CANT_DELETE_LAST_ITEM", DB_NS_WIN32, 4335 },
	{ "ERROR_DS_ATT_IS_NOT_ON_OBJ", DB_NS_WIN32, 8310 },
	{ "EVENT_S_LAST", DB_NS_WIN32, 0x0004021Fu },
	{ "STATUS_INSUFFICIENT_RESOURCES", DB_NS_NTSTATUS, 0xC000009Au },
	{ "STATUS_INVALID_COMPUTER_NAME", DB_NS_NTSTATUS, 0xC0000122u },
	{ "STATUS_SERVER_HAS_OPEN_HANDLES", DB_NS_NTSTATUS, 0x80000024u },
	{ "RPC_NT_SEC_PKG_ERROR", DB_NS_NTSTATUS, 0xC0020057u },
	{ "STATUS_VHD_DIFFERENCING_CHAIN_ERROR_IN_PARENT", DB_NS_NTSTATUS, 0xC03A0019u },
	{ "FACILITY_NULL", DB_NS_FACILITY, 0 },
	{ "FACILITY_ITF", DB_NS_FACILITY, 4 },
	{ "FACILITY_WIN32", DB_NS_FACILITY, 7 },
	{ "FACILITY_WINDOWS", DB_NS_FACILITY, 8 },
	{ "FACILITY_BLB", DB_NS_FACILITY, 120 },
	{ "FACILITY_SQLITE", DB_NS_FACILITY, 1967 },
	{ "FACILITY_NT_BIT", DB_NS_FACILITY, 0x10000000u },
	{ "VDS_E_NOT_SUPPORTED", DB_NS_VDS, 0x80042400u },
	{ "VD_E_ABORT", DB_NS_VDI, 0x80770004u },
	{ "VD_E_CLOSE", DB_NS_VDI, 0x8077000Eu },
	{ "FSRVP_E_BAD_STATE", DB_NS_FSRVP, 0x80042301u },
	{ "FSRVP_E_SHADOWCOPYSET_ID_MISMATCH", DB_NS_FSRVP, 0x80042501u },
	{ "FSRVP_E_WAIT_FAILED", DB_NS_FSRVP, 0xFFFFFFFFu },
	{ "WSBAPP_E_COMPONENT_CONSISTENCY_CHECK_FAILED", DB_NS_WSB, 0x807A0001u },
	{ "WSBAPP_ASYNC_IN_PROGRESS", DB_NS_WSB, 0x007A0004u },
	{ "WSB_ONLINE_REGISTRATION_MISMATCH", DB_NS_WSB, 0x80850003u },
};

static struct db	*real;

/* Loads dirs (all required) and asserts that it works. */
static struct db *
load_ok(const char *const *dirs, size_t n)
{
	struct db	*db;
	char		*err = NULL;

	db = db_load(dirs, NULL, n, &err);
	ck_assert_msg(db != NULL, "%s did not load:\n%s", dirs[n - 1], err ? err : "(no text)");
	return db;
}

/* Loads dirs, asserts that it fails and returns the error text. */
static char *
load_bad(const char *const *dirs, size_t n)
{
	struct db	*db;
	char		*err = NULL;

	db = db_load(dirs, NULL, n, &err);
	ck_assert_msg(db == NULL, "%s loaded, but it is broken", dirs[n - 1]);
	ck_assert_msg(err != NULL && *err != '\0', "%s: no error text", dirs[n - 1]);
	return err;
}

/* Loads the minimal base with one broken overlay; returns the error text. */
static char *
load_overlay(const char *overlay)
{
	const char	*dirs[] = { MIN_DIR, overlay };

	return load_bad(dirs, 2);
}

static int
count_lines(const char *s)
{
	int	n = 0;

	for (; *s != '\0'; s++)
		n += *s == '\n';
	return n;
}

static void
real_setup(void)
{
	const char	*dirs[] = { TEST_RULESDIR };

	real = load_ok(dirs, 1);
}

static void
real_teardown(void)
{
	db_free(real);
	real = NULL;
}

START_TEST(test_vss_name)
{
	const struct db_name	*n = db_name_find(real, vss_names[_i].name);

	ck_assert_msg(n != NULL, "%s is not defined", vss_names[_i].name);
	ck_assert_str_eq(n->name, vss_names[_i].name);
	ck_assert_int_eq(n->ns, DB_NS_VSS);
	ck_assert_msg(n->value == vss_names[_i].value, "%s = 0x%08X, wanted 0x%08X",
	    n->name, n->value, vss_names[_i].value);
	ck_assert_msg(n->code != NULL, "%s has no [code] entry", n->name);
	ck_assert_ptr_eq(n->code->name, n);
	ck_assert_uint_eq(n->code->value, n->value);
	ck_assert_msg(n->code->description != NULL && *n->code->description != '\0',
	    "%s has no description", n->name);
	ck_assert_msg(n->code->guidance != NULL, "%s has no guidance class", n->name);
}
END_TEST

/* Exactly the 81 names are in namespace vss, none of them also an HRESULT name. */
START_TEST(test_vss_count)
{
	static const uint32_t		 ranges[][2] = {
		{ 0x00042300u, 0x000424FFu }, { 0x80042300u, 0x800425FFu }
	};
	const struct db_name *const	*a;
	size_t				 i, n, total = 0;
	uint32_t			 v;

	for (i = 0; i < 2; i++) {
		for (v = ranges[i][0]; v <= ranges[i][1]; v++) {
			n = db_names_of(real, DB_NS_VSS, v, &a);
			total += n;
			if (n > 0) {
				ck_assert_int_eq(a[0]->ns, DB_NS_VSS);
				ck_assert_uint_eq(a[0]->value, v);
				ck_assert_uint_eq(db_names_of(real, DB_NS_HRESULT, v, &a), 0);
			}
		}
	}
	ck_assert_uint_eq(total, sizeof vss_names / sizeof vss_names[0]);
	ck_assert_uint_eq(total, 81);
	ck_assert_uint_eq(db_names_of(real, DB_NS_VSS, 0x80042305u, &a), 0);	/* a gap */
	ck_assert_uint_ge(db_name_count(real), 6500);
}
END_TEST

/* Every NTSTATUS name of the headers is there, the severity constants too. */
START_TEST(test_no_severity_constants)
{
	const struct db_name	*n = db_name_find(real, "STATUS_SEVERITY_WARNING");

	ck_assert_ptr_nonnull(n);
	ck_assert_int_eq(n->ns, DB_NS_NTSTATUS);
	ck_assert_uint_eq(n->value, 2);
	ck_assert_ptr_nonnull(db_name_find(real, "STATUS_SUCCESS"));
}
END_TEST

START_TEST(test_sample_name)
{
	const struct db_name	*n = db_name_find(real, samples[_i].name);

	ck_assert_msg(n != NULL, "%s is not defined", samples[_i].name);
	ck_assert_str_eq(n->name, samples[_i].name);
	ck_assert_msg(n->ns == samples[_i].ns, "%s is in namespace %s, wanted %s", n->name,
	    db_ns_id(n->ns), db_ns_id(samples[_i].ns));
	ck_assert_msg(n->value == samples[_i].value, "%s = 0x%08X, wanted 0x%08X", n->name,
	    n->value, samples[_i].value);
}
END_TEST

START_TEST(test_case)
{
	const struct db_name	*n = db_name_find(real, "VSS_E_WRITERERROR_RETRYABLE");

	ck_assert_ptr_nonnull(n);
	ck_assert_ptr_eq(db_name_find(real, "vss_e_writererror_retryable"), n);
	ck_assert_ptr_eq(db_name_find(real, "Vss_E_WriterError_Retryable"), n);
	ck_assert_str_eq(db_name_find(real, "e_accessdenied")->name, "E_ACCESSDENIED");
	ck_assert_str_eq(db_name_find(real, "error_file_encrypted")->name,
	    "ERROR_FILE_ENCRYPTED");
	/* Names that web pages use but no header defines. */
	ck_assert_ptr_null(db_name_find(real, "ERROR_BACKUP_VOLUME_NOT_MIRRORED"));
	ck_assert_ptr_null(db_name_find(real, "VSS_E_WRITERERROR_RETRYABLE_"));
	ck_assert_ptr_null(db_name_find(real, "VSS_E_WRITERERROR"));
	ck_assert_ptr_null(db_name_find(real, ""));
}
END_TEST

START_TEST(test_ns_ids)
{
	ck_assert_str_eq(db_ns_id(DB_NS_VSS), "vss");
	ck_assert_str_eq(db_ns_id(DB_NS_HRESULT), "hresult");
	ck_assert_str_eq(db_ns_id(DB_NS_WIN32), "win32");
	ck_assert_str_eq(db_ns_id(DB_NS_NTSTATUS), "ntstatus");
	ck_assert_str_eq(db_ns_id(DB_NS_FACILITY), "facility");
	ck_assert_str_eq(db_ns_label(DB_NS_VSS), "VSS");
	ck_assert_str_eq(db_ns_label(DB_NS_VDS), "VDS");
	ck_assert_str_eq(db_ns_id(DB_NS_VDI), "vdi");
	ck_assert_str_eq(db_ns_label(DB_NS_VDI), "VDI");
	ck_assert_str_eq(db_ns_label(DB_NS_WIN32), "Win32");
	ck_assert_str_eq(db_ns_label(DB_NS_NTSTATUS), "NTSTATUS");
}
END_TEST

START_TEST(test_collision)
{
	const struct db_name *const	*a;
	uint32_t			 v = collisions[_i].value;

	ck_assert_uint_eq(db_names_of(real, DB_NS_VSS, v, &a), 1);
	ck_assert_str_eq(a[0]->name, collisions[_i].vss);
	ck_assert_int_eq(a[0]->ns, DB_NS_VSS);
	ck_assert_uint_eq(db_names_of(real, DB_NS_VDS, v, &a), 1);
	ck_assert_str_eq(a[0]->name, collisions[_i].vds);
	ck_assert_int_eq(a[0]->ns, DB_NS_VDS);
	ck_assert_uint_eq(a[0]->value, v);
}
END_TEST

/* A value with several names in one namespace lists them all. */
START_TEST(test_names_of_many)
{
	const struct db_name *const	*a;
	size_t				 n, i;
	int				 ok = 0, success = 0;

	n = db_names_of(real, DB_NS_WIN32, 0, &a);
	ck_assert_uint_ge(n, 2);
	for (i = 0; i < n; i++) {
		ck_assert_uint_eq(a[i]->value, 0);
		if (i > 0)	/* sorted by name, for output that does not change */
			ck_assert_msg(strcmp(a[i - 1]->name, a[i]->name) < 0, "%s before %s",
			    a[i - 1]->name, a[i]->name);
		ok += strcmp(a[i]->name, "NO_ERROR") == 0;
		success += strcmp(a[i]->name, "ERROR_SUCCESS") == 0;
	}
	ck_assert_int_eq(ok, 1);
	ck_assert_int_eq(success, 1);
	ck_assert_uint_eq(db_names_of(real, DB_NS_FSRVP, 0x80042301u, &a), 1);
	ck_assert_str_eq(a[0]->name, "FSRVP_E_BAD_STATE");
	ck_assert_uint_eq(db_names_of(real, DB_NS_FACILITY, 8, &a), 1);
	ck_assert_str_eq(a[0]->name, "FACILITY_WINDOWS");
	ck_assert_uint_eq(db_names_of(real, DB_NS_FACILITY, 3, &a), 1);
	ck_assert_str_eq(a[0]->name, "FACILITY_STORAGE");
	ck_assert_uint_eq(db_names_of(real, DB_NS_HRESULT, 0x80080024u, &a), 0);
	ck_assert_uint_eq(db_names_of(real, DB_NS_HRESULT, 0xFFFFFFFFu, &a), 0);
}
END_TEST

START_TEST(test_guidance)
{
	static const char		*required[] = { DB_REQUIRED_CLASSES };
	const struct db_guidance *const	*g;
	const struct db_guidance	*t;
	size_t				 n, i;

	for (i = 0; i < sizeof required / sizeof required[0]; i++) {
		t = db_guidance_find(real, required[i]);
		ck_assert_msg(t != NULL, "class %s is missing", required[i]);
		ck_assert_str_eq(t->id, required[i]);
		ck_assert_ptr_nonnull(t->title);
		ck_assert_ptr_nonnull(t->advice);
	}
	t = db_guidance_find(real, "transient");
	ck_assert_ptr_nonnull(t);
	ck_assert_int_eq(t->wait_minutes, 10);
	ck_assert_int_eq(t->max_retries, 3);
	t = db_guidance_find(real, "fix");
	ck_assert_ptr_nonnull(t);
	ck_assert_int_eq(t->wait_minutes, -1);
	ck_assert_int_eq(t->max_retries, -1);
	ck_assert_int_eq(db_guidance_find(real, "info")->wait_minutes, -1);
	ck_assert_ptr_null(db_guidance_find(real, "nosuch"));

	g = db_guidances(real, &n);
	ck_assert_uint_ge(n, 5);
	ck_assert_str_eq(g[0]->id, "exhausted");
	for (i = 1; i < n; i++)
		ck_assert_msg(g[i - 1]->order <= g[i]->order, "%s (%d) before %s (%d)",
		    g[i - 1]->id, g[i - 1]->order, g[i]->id, g[i]->order);
}
END_TEST

START_TEST(test_methods)
{
	const struct db_method *const	*all;
	const struct db_method		*m;
	const struct db_return		*r;
	size_t				 n, i;

	all = db_methods(real, &n);
	ck_assert_uint_eq(n, 107);
	for (i = 1; i < n; i++)
		ck_assert_msg(strcmp(all[i - 1]->name, all[i]->name) < 0, "%s before %s",
		    all[i - 1]->name, all[i]->name);

	m = db_method_find(real, "DoSnapshotSet");
	ck_assert_ptr_nonnull(m);
	ck_assert_str_eq(m->name, "DoSnapshotSet");
	ck_assert_ptr_nonnull(m->summary);
	ck_assert_ptr_eq(db_method_find(real, "dosnapshotset"), m);

	r = db_method_return(m, 0x80042306u);
	ck_assert_ptr_nonnull(r);
	ck_assert_str_eq(r->name->name, "VSS_E_PROVIDER_VETO");
	ck_assert_ptr_nonnull(r->meaning);
	ck_assert_ptr_nonnull(r->guidance);
	ck_assert_str_eq(r->guidance->id, "transient");
	r = db_method_return(m, 0x8004230Fu);
	ck_assert_ptr_nonnull(r);
	ck_assert_str_eq(r->name->name, "VSS_E_UNEXPECTED_PROVIDER_ERROR");
	ck_assert_ptr_nonnull(r->guidance);
	ck_assert_str_eq(r->guidance->id, "transient");
	r = db_method_return(m, 0x80070005u);
	ck_assert_ptr_nonnull(r);
	ck_assert_ptr_null(r->guidance);
	ck_assert_ptr_null(db_method_return(m, 0x800423F3u));

	/* Elsewhere the veto keeps its own class. */
	m = db_method_find(real, "Query");
	ck_assert_ptr_nonnull(m);
	r = db_method_return(m, 0x80042306u);
	ck_assert_ptr_nonnull(r);
	ck_assert_ptr_null(r->guidance);

	/* A qualified name is found by its full name and by the bare one. */
	m = db_method_find(real, "IVssEnumObject::Next");
	ck_assert_ptr_nonnull(m);
	ck_assert_str_eq(m->bare, "Next");
	ck_assert_ptr_eq(db_method_find(real, "Next"), m);
	ck_assert_ptr_null(db_method_find(real, "NoSuchMethod"));
}
END_TEST

START_TEST(test_disputes)
{
	static const uint32_t		 values[] = {
		0x80042301u, 0x800423F3u, 0x80070002u, 0x80071772u, 0x80080024u
	};
	const struct db_dispute *const	*d;
	size_t				 n, i;

	d = db_disputes(real, &n);
	ck_assert_uint_eq(n, 5);
	for (i = 0; i < n; i++) {
		ck_assert_msg(d[i]->value == values[i], "dispute %zu is 0x%08X", i,
		    d[i]->value);
		ck_assert_ptr_nonnull(d[i]->claim);
		ck_assert_ptr_nonnull(d[i]->explanation);
		ck_assert_ptr_nonnull(d[i]->claimed_name);
		/* Only "0x80070002 is ERROR_FILE_NOT_FOUND" is true. */
		ck_assert_int_eq(d[i]->verdict, d[i]->value == 0x80070002u);
	}
	ck_assert_str_eq(d[4]->claimed_name, "ERROR_BACKUP_VOLUME_NOT_MIRRORED");
	ck_assert_str_eq(d[1]->claimed_name, "VSS_E_PROVIDER_VETO");
}
END_TEST

START_TEST(test_value_codes)
{
	const struct db_code	*c = db_value_code(real, 0x8078011Eu);

	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(c->value, 0x8078011Eu);
	ck_assert_ptr_null(c->name);
	ck_assert_ptr_nonnull(c->title);
	ck_assert_ptr_nonnull(c->description);
	ck_assert_ptr_nonnull(c->guidance);
	ck_assert_ptr_nonnull(db_value_code(real, 0x8078015Bu));
	ck_assert_ptr_null(db_value_code(real, 0x80080024u));
	/* Named codes are not value entries. */
	ck_assert_ptr_null(db_value_code(real, 0x800423F3u));
	ck_assert_ptr_nonnull(db_name_find(real, "ERROR_FILE_NOT_FOUND")->code);
}
END_TEST

/* ---- small databases ---- */

START_TEST(test_min)
{
	const char		*dirs[] = { MIN_DIR };
	struct db		*db = load_ok(dirs, 1);
	const struct db_name	*n;
	size_t			 count;

	ck_assert_uint_eq(db_name_count(db), 6);
	n = db_name_find(db, "VSS_E_WRITERERROR_RETRYABLE");
	ck_assert_ptr_nonnull(n);
	ck_assert_str_eq(n->code->description,
	    "A writer failed with an error it considers temporary.");
	ck_assert_str_eq(n->code->note, "Run the whole backup again.");
	ck_assert_str_eq(n->code->guidance->id, "transient");
	ck_assert_ptr_null(db_name_find(db, "E_ACCESSDENIED")->code->guidance);
	ck_assert_ptr_null(db_name_find(db, "E_ACCESSDENIED")->code->note);
	ck_assert_uint_eq(db_name_find(db, "ERROR_ACCESS_DENIED")->value, 5);
	db_guidances(db, &count);
	ck_assert_uint_eq(count, 5);
	db_methods(db, &count);
	ck_assert_uint_eq(count, 0);
	db_disputes(db, &count);
	ck_assert_uint_eq(count, 0);
	db_free(db);
	db_free(NULL);
}
END_TEST

START_TEST(test_override)
{
	const char			*dirs[] = { MIN_DIR, DATA("rules-override") };
	struct db			*db = load_ok(dirs, 2);
	const struct db_name		*n;
	const struct db_guidance	*g;
	const struct db_code		*c;

	/* The description is replaced; the note and the class are kept. */
	n = db_name_find(db, "VSS_E_WRITERERROR_RETRYABLE");
	ck_assert_str_eq(n->code->description,
	    "Overridden: the writer asks for another attempt (test data).");
	ck_assert_str_eq(n->code->note, "Run the whole backup again.");
	ck_assert_str_eq(n->code->guidance->id, "transient");

	/* The title is replaced; the advice, order and retry policy are kept. */
	g = db_guidance_find(db, "transient");
	ck_assert_str_eq(g->title, "Overridden: try again later (test data)");
	ck_assert_str_eq(g->advice, "Wait, then run the backup again.");
	ck_assert_int_eq(g->order, 1);
	ck_assert_int_eq(g->wait_minutes, 10);
	ck_assert_int_eq(g->max_retries, 3);

	/* A name is added, with its entry. */
	n = db_name_find(db, "VSSX_TEST_E_ADDED");
	ck_assert_ptr_nonnull(n);
	ck_assert_int_eq(n->ns, DB_NS_WSB);
	ck_assert_uint_eq(n->value, 0x80780042u);
	ck_assert_ptr_nonnull(n->code);
	ck_assert_str_eq(n->code->guidance->id, "transient");
	ck_assert_uint_eq(db_name_count(db), 8);

	/* A class is added; zero minutes is a retry policy. */
	g = db_guidance_find(db, "immediate");
	ck_assert_ptr_nonnull(g);
	ck_assert_int_eq(g->wait_minutes, 0);
	ck_assert_int_eq(g->max_retries, 1);
	ck_assert_ptr_eq(db_name_find(db, "VSSX_TEST_E_NOW")->code->guidance, g);

	/* A [code VALUE] entry. */
	c = db_value_code(db, 0x8004230Fu);
	ck_assert_ptr_nonnull(c);
	ck_assert_str_eq(c->description, "Overridden by value: the provider failed (test data).");

	/* Files of one directory load in byte order of their names. */
	n = db_name_find(db, "E_ACCESSDENIED");
	ck_assert_str_eq(n->code->note, "Set by 20-later.rules.");
	ck_assert_str_eq(n->code->description, "Access was refused.");
	db_free(db);
}
END_TEST

START_TEST(test_crlf)
{
	const char		*dirs[] = { MIN_DIR, DATA("rules-crlf") };
	struct db		*db = load_ok(dirs, 2);
	const struct db_name	*n = db_name_find(db, "VSSX_E_CRLF");

	ck_assert_ptr_nonnull(n);
	ck_assert_uint_eq(n->value, 0x80042398u);
	ck_assert_str_eq(n->code->description, "Written with CRLF line ends.");
	ck_assert_str_eq(n->code->guidance->id, "investigate");
	db_free(db);
}
END_TEST

START_TEST(test_optional_dir)
{
	const char	*dirs[] = { MIN_DIR, DATA("rules-does-not-exist") };
	const int	 optional[] = { 0, 1 };
	struct db	*db;
	char		*err = NULL;

	db = db_load(dirs, optional, 2, &err);
	ck_assert_msg(db != NULL, "a missing optional directory broke the load:\n%s",
	    err ? err : "");
	ck_assert_ptr_nonnull(db_name_find(db, "E_ACCESSDENIED"));
	db_free(db);
}
END_TEST

START_TEST(test_required_dir)
{
	char	*err = load_overlay(DATA("rules-does-not-exist"));

	ck_assert_has(err, DATA("rules-does-not-exist"));
	ck_assert_has(err, "cannot read rules directory");
	free(err);
}
END_TEST

START_TEST(test_empty_dir)
{
	const char	*dirs[] = { DATA("rules-empty") };
	char		*err = load_bad(dirs, 1);

	ck_assert_has(err, "no *.rules file");
	free(err);
}
END_TEST

/* ---- broken databases: each names the file and line, and says what is wrong ---- */

#define BAD(dir)	DATA(dir) "/bad.rules"

START_TEST(test_bad_section_type)
{
	char	*err = load_overlay(DATA("rules-bad-section-type"));

	ck_assert_has(err, BAD("rules-bad-section-type") ":3: unknown section type 'codes'");
	ck_assert_int_eq(count_lines(err), 1);	/* not again for the key under it */
	free(err);
}
END_TEST

START_TEST(test_bad_value)
{
	char	*err = load_overlay(DATA("rules-bad-value"));

	ck_assert_has(err, BAD("rules-bad-value") ":3: bad value '0x8004230G'");
	ck_assert_has(err, BAD("rules-bad-value") ":4: bad value '0x123456789'");
	ck_assert_has(err, BAD("rules-bad-value") ":5: bad value '4294967296'");
	ck_assert_has(err, BAD("rules-bad-value") ":6: bad value '0x'");
	ck_assert_hasnt(err, BAD("rules-bad-value") ":7:");
	ck_assert_has(err, BAD("rules-bad-value") ":12: order must be a whole number");
	ck_assert_has(err, BAD("rules-bad-value") ":13: wait_minutes must be a whole number");
	ck_assert_int_eq(count_lines(err), 6);
	free(err);
}
END_TEST

START_TEST(test_bad_two_namespaces)
{
	char	*err = load_overlay(DATA("rules-bad-two-ns"));

	ck_assert_has(err, BAD("rules-bad-two-ns") ":3: name VSS_E_WRITERERROR_RETRYABLE "
	    "is already defined in namespace vss at " MIN_DIR "/names.rules:4");
	ck_assert_has(err, BAD("rules-bad-two-ns") ":4: name vss_e_writererror_retryable "
	    "is already defined in namespace vss");
	free(err);
}
END_TEST

START_TEST(test_bad_name_twice)
{
	char	*err = load_overlay(DATA("rules-bad-name-twice"));

	ck_assert_has(err, BAD("rules-bad-name-twice") ":4: name VSSX_E_TWICE defined twice "
	    "(first at line 3)");
	ck_assert_int_eq(count_lines(err), 1);
	free(err);
}
END_TEST

START_TEST(test_bad_key_twice)
{
	char	*err = load_overlay(DATA("rules-bad-key-twice"));

	ck_assert_has(err, BAD("rules-bad-key-twice") ":4: key 'description' given twice");
	ck_assert_int_eq(count_lines(err), 1);	/* overriding the base once is fine */
	free(err);
}
END_TEST

START_TEST(test_bad_section_repeat)
{
	char	*err = load_overlay(DATA("rules-bad-section-repeat"));

	ck_assert_has(err, BAD("rules-bad-section-repeat") ":5: section ");
	ck_assert_has(err, "repeated in the same file (first at line 2)");
	ck_assert_has(err, BAD("rules-bad-section-repeat") ":11: section ");
	ck_assert_int_eq(count_lines(err), 2);
	/* The message names the whole section, not the first word of it. */
	ck_assert_has(err, ":5: section [code E_ACCESSDENIED] repeated");
	ck_assert_has(err, ":11: section [names hresult] repeated");
	free(err);
}
END_TEST

START_TEST(test_bad_outside)
{
	char	*err = load_overlay(DATA("rules-bad-outside"));

	ck_assert_has(err, BAD("rules-bad-outside") ":2: entry outside a section");
	ck_assert_int_eq(count_lines(err), 1);
	free(err);
}
END_TEST

START_TEST(test_bad_undefined_name)
{
	char	*err = load_overlay(DATA("rules-bad-undefined-name"));

	ck_assert_has(err, BAD("rules-bad-undefined-name") ":2: [code VSSX_E_NOT_DEFINED]: "
	    "no such name in any [names] table");
	ck_assert_int_eq(count_lines(err), 1);
	free(err);
}
END_TEST

START_TEST(test_bad_guidance_ref)
{
	char	*err = load_overlay(DATA("rules-bad-guidance-ref"));

	ck_assert_has(err, "unknown guidance class 'retry-forever'");
	ck_assert_has(err, BAD("rules-bad-guidance-ref") ":7: unknown guidance class "
	    "'never-defined'");
	ck_assert_int_eq(count_lines(err), 2);
	/* Like the [method] one, it points at the "guidance =" line, not the header. */
	ck_assert_has(err, BAD("rules-bad-guidance-ref") ":3: unknown guidance class "
	    "'retry-forever'");
	free(err);
}
END_TEST

START_TEST(test_bad_vss_no_guidance)
{
	char	*err = load_overlay(DATA("rules-bad-vss-no-guidance"));

	ck_assert_has(err, BAD("rules-bad-vss-no-guidance") ":3: VSS code VSS_E_PROVIDER_VETO "
	    "has no [code] entry with a guidance class");
	ck_assert_has(err, BAD("rules-bad-vss-no-guidance") ":4: VSS code VSS_E_BAD_STATE "
	    "has no [code] entry with a guidance class");
	ck_assert_int_eq(count_lines(err), 2);
	free(err);
}
END_TEST

START_TEST(test_bad_no_class)
{
	const char	*dirs[] = { DATA("rules-bad-no-class") };
	char		*err = load_bad(dirs, 1);

	ck_assert_has(err, "the guidance class 'info' is not defined");
	ck_assert_hasnt(err, "'exhausted'");
	ck_assert_hasnt(err, "'unknown'");
	ck_assert_int_eq(count_lines(err), 1);
	free(err);
}
END_TEST

START_TEST(test_bad_retry_half)
{
	char	*err = load_overlay(DATA("rules-bad-retry-half"));

	ck_assert_has(err, BAD("rules-bad-retry-half") ":2: [guidance slow] gives wait_minutes "
	    "and max_retries together or neither");
	ck_assert_has(err, BAD("rules-bad-retry-half") ":8: [guidance vague] needs title, "
	    "advice and order");
	ck_assert_int_eq(count_lines(err), 2);
	free(err);
}
END_TEST

START_TEST(test_bad_header)
{
	char	*err = load_overlay(DATA("rules-bad-header"));

	ck_assert_has(err, BAD("rules-bad-header") ":2: section header must end with ']'");
	ck_assert_has(err, BAD("rules-bad-header") ":4: a section header is [TYPE ARG]");
	ck_assert_has(err, BAD("rules-bad-header") ":5: a section header is [TYPE ARG]");
	ck_assert_has(err, BAD("rules-bad-header") ":6: a section header is [TYPE ARG]");
	ck_assert_has(err, BAD("rules-bad-header") ":8: bad guidance id 'Bad_Id'");
	ck_assert_int_eq(count_lines(err), 5);	/* the lines under them are skipped */
	free(err);
}
END_TEST

START_TEST(test_bad_nul)
{
	char	*err = load_overlay(DATA("rules-bad-nul"));

	ck_assert_has(err, BAD("rules-bad-nul") ":2: file holds a NUL byte");
	free(err);
}
END_TEST

static Suite *
db_suite(void)
{
	Suite	*s = suite_create("db");
	TCase	*tc;

	tc = tcase_create("real");
	tcase_add_checked_fixture(tc, real_setup, real_teardown);
	tcase_add_loop_test(tc, test_vss_name, 0,
	    (int)(sizeof vss_names / sizeof vss_names[0]));
	tcase_add_test(tc, test_vss_count);
	tcase_add_test(tc, test_no_severity_constants);
	tcase_add_loop_test(tc, test_sample_name, 0, (int)(sizeof samples / sizeof samples[0]));
	tcase_add_test(tc, test_case);
	tcase_add_test(tc, test_ns_ids);
	tcase_add_loop_test(tc, test_collision, 0,
	    (int)(sizeof collisions / sizeof collisions[0]));
	tcase_add_test(tc, test_names_of_many);
	tcase_add_test(tc, test_guidance);
	tcase_add_test(tc, test_methods);
	tcase_add_test(tc, test_disputes);
	tcase_add_test(tc, test_value_codes);
	suite_add_tcase(s, tc);

	tc = tcase_create("dirs");
	tcase_add_test(tc, test_min);
	tcase_add_test(tc, test_override);
	tcase_add_test(tc, test_crlf);
	tcase_add_test(tc, test_optional_dir);
	tcase_add_test(tc, test_required_dir);
	tcase_add_test(tc, test_empty_dir);
	suite_add_tcase(s, tc);

	tc = tcase_create("broken");
	tcase_add_test(tc, test_bad_section_type);
	tcase_add_test(tc, test_bad_value);
	tcase_add_test(tc, test_bad_two_namespaces);
	tcase_add_test(tc, test_bad_name_twice);
	tcase_add_test(tc, test_bad_key_twice);
	tcase_add_test(tc, test_bad_section_repeat);
	tcase_add_test(tc, test_bad_outside);
	tcase_add_test(tc, test_bad_undefined_name);
	tcase_add_test(tc, test_bad_guidance_ref);
	tcase_add_test(tc, test_bad_vss_no_guidance);
	tcase_add_test(tc, test_bad_no_class);
	tcase_add_test(tc, test_bad_retry_half);
	tcase_add_test(tc, test_bad_header);
	tcase_add_test(tc, test_bad_nul);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(db_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

/* check_state.c: unit tests of state.c: saving and loading, identities, versions, damage. */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>

#include "state.h"

static char	dir[64];
static char	path[96];

static void
setup(void)
{
	strcpy(dir, "/tmp/check_state.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/st.json", dir);
}

static void
teardown(void)
{
	char	cmd[128];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

/* Writes text as the state file. */
static void
put(const char *text)
{
	FILE	*f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
}

/* Loads the state file, which must be refused with an error that contains want. */
static void
refused(const char *want)
{
	struct state	*st;
	char		*err = NULL;

	st = state_load(path, &err);
	ck_assert_ptr_null(st);
	ck_assert_ptr_nonnull(err);
	ck_assert_msg(strstr(err, want) != NULL, "error \"%s\" lacks \"%s\"", err, want);
	ck_assert_msg(strstr(err, "--reset-state") != NULL, "no advice in \"%s\"", err);
	free(err);
}

static struct state *
load_ok(void)
{
	struct state	*st;
	char		*err = NULL;

	st = state_load(path, &err);
	ck_assert_msg(st != NULL, "state_load: %s", err != NULL ? err : "");
	ck_assert_ptr_null(err);
	return st;
}

START_TEST(test_missing_is_empty)
{
	struct state	*st = load_ok();

	ck_assert_uint_eq(st->nfiles, 0);
	ck_assert_uint_eq(st->nevents, 0);
	ck_assert_uint_eq(st->nchains, 0);
	state_free(st);
}
END_TEST

/*
 * Files are found by their path, byte for byte: paths that differ only in
 * case are different files (the index compares without case and holds the
 * first), thousands of them are found, and a path not there is not.
 */
START_TEST(test_file_find)
{
	static const char	*names[] = { "/var/log/App.log", "/var/log/app.log",
	    "/var/log/APP.LOG", "/var/log/other.log" };
	struct state		*st = calloc(1, sizeof *st), *back;
	struct state_file	*f;
	char			 p[64], *err = NULL;
	size_t			 i;

	ck_assert_ptr_nonnull(st);
	ck_assert_ptr_null(state_file_find(st, names[0]));	/* an empty state */
	for (i = 0; i < 4; i++)
		state_file_get(st, names[i])->offset = 100 + i;
	for (i = 0; i < 3000; i++) {
		snprintf(p, sizeof p, "/srv/logs/d%zu/job-%zu.log", i % 17, i);
		state_file_get(st, p)->offset = i;
	}
	ck_assert_uint_eq(st->nfiles, 3004);
	ck_assert_ptr_eq(state_file_get(st, names[1]), state_file_find(st, names[1]));
	ck_assert_uint_eq(st->nfiles, 3004);			/* not added twice */
	ck_assert_ptr_null(state_file_find(st, "/var/log/aPP.log"));	/* a case not there */
	ck_assert_ptr_null(state_file_find(st, "/srv/logs/d0/job-3000.log"));
	ck_assert_int_eq(state_save(st, path, &err), 0);
	state_free(st);
	back = load_ok();
	for (i = 0; i < 4; i++) {
		f = state_file_find(back, names[i]);
		ck_assert_msg(f != NULL, "%s", names[i]);
		ck_assert_str_eq(f->path, names[i]);
		ck_assert_uint_eq(f->offset, 100 + i);
	}
	for (i = 0; i < 3000; i += 7) {
		snprintf(p, sizeof p, "/srv/logs/d%zu/job-%zu.log", i % 17, i);
		f = state_file_find(back, p);
		ck_assert_msg(f != NULL, "%s", p);
		ck_assert_uint_eq(f->offset, i);
	}
	state_free(back);
}
END_TEST

START_TEST(test_round_trip)
{
	static const char	 latin1[] = "/var/log/journal-\351t\351.log";
	static const char	*dirs[] = { "old", "/srv/\351t\351/archive" };
	struct state		*st = calloc(1, sizeof *st), *back;
	struct state_file	*f;
	struct state_events	*ev;
	struct state_copy	 c;
	int64_t			 times[2] = { 1715680800, 1715681460 };
	char			*err = NULL;

	ck_assert_ptr_nonnull(st);
	f = state_file_get(st, "/var/log/app.log");
	f->dev = 2049;
	f->ino = 1234567;
	f->size = 99999;
	f->head_crc = 0xDEADBEEF;
	f->head_len = STATE_HEAD;
	f->offset = 88888;
	f->line = 777;
	state_copy_make(&c, "abc", 3, 42);
	state_copy_add(f, &c);
	state_copy_make(&c, "", 0, 0);
	state_copy_add(f, &c);
	state_file_set_dirs(f, dirs, 2);
	f = state_file_get(st, latin1);
	f->gone = 1;
	f->offset = 5;
	ev = state_events_get(st, "FILESRV01", "Application");
	ev->max_record = 4711;
	ev->time = 1715680800;
	state_chain_add(st, "transient", 0x800423F3u, "FILESRV01", "Sauvegarde \351t\351", times,
	    2);
	ck_assert_int_eq(state_save(st, path, &err), 0);
	back = load_ok();

	ck_assert_uint_eq(back->nfiles, 2);
	f = state_file_find(back, "/var/log/app.log");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(f->dev, 2049);
	ck_assert_uint_eq(f->ino, 1234567);
	ck_assert_uint_eq(f->size, 99999);
	ck_assert_uint_eq(f->head_crc, 0xDEADBEEF);
	ck_assert_uint_eq(f->head_len, STATE_HEAD);
	ck_assert_uint_eq(f->offset, 88888);
	ck_assert_uint_eq(f->line, 777);
	ck_assert_int_eq(f->gone, 0);
	ck_assert_int_eq(f->legacy, 0);
	ck_assert_uint_eq(f->ncopies, 2);
	ck_assert_uint_eq(f->copies[0].size, 42);
	ck_assert_uint_eq(f->copies[0].head_len, 3);
	ck_assert_uint_eq(f->copies[0].head_crc, (uint32_t)crc32(0L, (const Bytef *)"abc", 3));
	ck_assert_uint_eq(f->copies[1].head_len, 0);
	ck_assert_uint_eq(f->ndirs, 2);
	ck_assert_str_eq(f->dirs[0], "old");
	ck_assert_str_eq(f->dirs[1], dirs[1]);	/* not UTF-8: byte for byte */

	f = state_file_find(back, latin1);
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(f->gone, 1);
	ck_assert_uint_eq(f->offset, 5);
	ck_assert_uint_eq(f->line, 1);
	ck_assert_uint_eq(f->ncopies, 0);
	ck_assert_uint_eq(f->ndirs, 0);

	ck_assert_uint_eq(back->nevents, 1);
	ck_assert_str_eq(back->events[0].computer, "FILESRV01");
	ck_assert_int_eq(back->events[0].max_record, 4711);
	ck_assert_int_eq(back->events[0].prev_max, 4711);
	ck_assert_int_eq(back->events[0].time, 1715680800);
	ck_assert_uint_eq(back->nchains, 1);
	ck_assert_str_eq(back->chains[0].writer, "Sauvegarde \351t\351");
	ck_assert_uint_eq(back->chains[0].value, 0x800423F3u);
	ck_assert_uint_eq(back->chains[0].ntimes, 2);
	ck_assert_int_eq(back->chains[0].times[1], 1715681460);
	state_free(st);
	state_free(back);
}
END_TEST

START_TEST(test_not_utf8_name)
{
	struct state	*st;

	/* path_hex wins over path; a bad one (odd length, not hex, a NUL) does not */
	put("{\"state_version\": 2, \"files\": ["
	    "{\"path\": \"a?.log\", \"path_hex\": \"61e92e6c6f67\", \"dev\": 1, \"ino\": 2, "
	    "\"size\": 3, \"head_crc\": 4, \"head_len\": 5, \"offset\": 6, \"line\": 7},"
	    "{\"path\": \"b.log\", \"path_hex\": \"626\", \"dev\": 1, \"ino\": 2, "
	    "\"size\": 3, \"head_crc\": 4, \"head_len\": 5, \"offset\": 6, \"line\": 7},"
	    "{\"path\": \"c.log\", \"path_hex\": \"63zz\", \"dev\": 1, \"ino\": 2, "
	    "\"size\": 3, \"head_crc\": 4, \"head_len\": 5, \"offset\": 6, \"line\": 7},"
	    "{\"path\": \"d.log\", \"path_hex\": \"640065\", \"dev\": 1, \"ino\": 2, "
	    "\"size\": 3, \"head_crc\": 4, \"head_len\": 5, \"offset\": 6, \"line\": 7}]}");
	st = load_ok();
	ck_assert_uint_eq(st->nfiles, 4);
	ck_assert_str_eq(st->files[0].path, "a\351.log");
	ck_assert_str_eq(st->files[1].path, "b.log");
	ck_assert_str_eq(st->files[2].path, "c.log");
	ck_assert_str_eq(st->files[3].path, "d.log");
	state_free(st);
}
END_TEST

START_TEST(test_match)
{
	struct state_file	e;
	const char		*head = "2026-12-02 line one\n2026-12-02 line two\n";
	size_t			 n = strlen(head);

	memset(&e, 0, sizeof e);
	e.dev = 7;
	e.ino = 8;
	e.head_len = 20;
	e.head_crc = (uint32_t)crc32(0L, (const Bytef *)head, 20);
	ck_assert_int_eq(state_file_match(&e, 7, 8, head, n), STATE_SAME_FILE);
	ck_assert_int_eq(state_file_match(&e, 7, 8, head, 20), STATE_SAME_FILE);
	/* another inode with the same start: a copy (copytruncate, compressed) */
	ck_assert_int_eq(state_file_match(&e, 7, 9, head, n), STATE_SAME_START);
	ck_assert_int_eq(state_file_match(&e, 6, 8, head, n), STATE_SAME_START);
	/* shorter than what was remembered, or another start: another file */
	ck_assert_int_eq(state_file_match(&e, 7, 8, head, 19), STATE_OTHER);
	ck_assert_int_eq(state_file_match(&e, 7, 8, "2026-12-03 line one\n", 20), STATE_OTHER);
	/* a file empty when read: every start matches, the inode decides */
	e.head_len = 0;
	e.head_crc = (uint32_t)crc32(0L, (const Bytef *)"", 0);
	ck_assert_int_eq(state_file_match(&e, 7, 8, "", 0), STATE_SAME_FILE);
	ck_assert_int_eq(state_file_match(&e, 1, 2, head, n), STATE_SAME_START);
}
END_TEST

START_TEST(test_copies)
{
	struct state_file	e;
	struct state_copy	a, b, b2, present[1];
	char			big[STATE_HEAD + 100];
	size_t			i;

	memset(&e, 0, sizeof e);
	memset(big, 'x', sizeof big);
	state_copy_make(&a, big, sizeof big, 5000);
	ck_assert_uint_eq(a.head_len, STATE_HEAD);	/* only the first 4 KiB count */
	state_copy_make(&b, "hello\n", 6, 6);
	state_copy_make(&b2, "hello\n", 6, 7);		/* same start, grown */
	ck_assert_int_eq(state_copy_covered(&e, &a), 0);
	state_copy_add(&e, &a);
	state_copy_add(&e, &a);
	ck_assert_uint_eq(e.ncopies, 1);
	ck_assert_int_eq(state_copy_covered(&e, &a), 1);
	state_copy_add(&e, &b);
	ck_assert_int_eq(state_copy_covered(&e, &b), 1);
	ck_assert_int_eq(state_copy_covered(&e, &b2), 0);
	/* the copies whose start is not there any more are forgotten */
	present[0] = b2;
	state_copy_prune(&e, present, 1);
	ck_assert_uint_eq(e.ncopies, 1);
	ck_assert_int_eq(state_copy_covered(&e, &b), 1);
	ck_assert_int_eq(state_copy_covered(&e, &a), 0);
	/* at most STATE_MAX_COPIES: the oldest go */
	for (i = 0; i < STATE_MAX_COPIES + 10; i++) {
		struct state_copy	c;

		state_copy_make(&c, "x", 1, i + 100);
		state_copy_add(&e, &c);
	}
	ck_assert_uint_eq(e.ncopies, STATE_MAX_COPIES);
	ck_assert_int_eq(state_copy_covered(&e, &b), 0);
	ck_assert_uint_eq(e.copies[e.ncopies - 1].size, STATE_MAX_COPIES + 109);
	free(e.copies);
}
END_TEST

START_TEST(test_version_1)
{
	struct state	*st;

	/* a state of the version before: read, its copies not known */
	put("{\"state_version\": 1, \"files\": [{\"path\": \"app.log\", \"dev\": 1, "
	    "\"ino\": 2, \"size\": 30, \"head_crc\": 4, \"head_len\": 30, \"offset\": 30, "
	    "\"line\": 2, \"rot_crc\": 9, \"rot_len\": 10}]}");
	st = load_ok();
	ck_assert_uint_eq(st->nfiles, 1);
	ck_assert_int_eq(st->files[0].legacy, 1);
	ck_assert_uint_eq(st->files[0].offset, 30);
	state_free(st);
}
END_TEST

static const struct {
	const char	*text;
	const char	*why;
} bads[] = {
	{ "", "not JSON" },
	{ "not json", "not JSON" },
	{ "{\"state_version\": 2, \"files\": [", "not JSON" },
	{ "{\"state_version\": 2, \"files\": []} trailing", "not JSON" },
	{ "[1, 2]", "not a JSON object" },
	{ "{\"files\": []}", "no state_version" },
	{ "{\"state_version\": 0, \"files\": []}", "no state_version" },
	{ "{\"state_version\": 3, \"files\": []}", "newer vssexplain" },
	{ "{\"state_version\": 2}", "no \"files\" list" },
	{ "{\"state_version\": 2, \"files\": [{\"dev\": 1}]}", "without a path" },
	{ "{\"state_version\": 2, \"files\": [{\"path\": \"a\", \"dev\": -1, \"ino\": 2, "
	  "\"size\": 3, \"head_crc\": 4, \"head_len\": 5, \"offset\": 6, \"line\": 7}]}",
	  "missing or negative" },
	{ "{\"state_version\": 2, \"files\": [{\"path\": \"a\", \"dev\": 1, \"ino\": 2, "
	  "\"size\": 3, \"head_crc\": 4, \"head_len\": 5000, \"offset\": 6, \"line\": 7}]}",
	  "out of range" },
	{ "{\"state_version\": 2, \"files\": [{\"path\": \"a\", \"dev\": 1, \"ino\": 2, "
	  "\"size\": 3, \"head_crc\": 4, \"head_len\": 5, \"offset\": 6, \"line\": 7, "
	  "\"copies\": [{\"head_crc\": 1, \"head_len\": 1}]}]}", "rotated copy" },
	{ "{\"state_version\": 2, \"files\": [{\"path\": \"a\", \"dev\": 1, \"ino\": 2, "
	  "\"size\": 3, \"head_crc\": 4, \"head_len\": 5, \"offset\": 6, \"line\": 7, "
	  "\"copies\": [{\"head_crc\": 1, \"head_len\": 9999, \"size\": 1}]}]}", "rotated copy" },
	{ "{\"state_version\": 2, \"files\": [{\"path\": \"a\", \"dev\": 1, \"ino\": 2, "
	  "\"size\": 3, \"head_crc\": 4, \"head_len\": 5, \"offset\": 6, \"line\": 7, "
	  "\"rotated_dirs\": [{\"name\": \"old\"}]}]}", "rotated directory" },
	{ "{\"state_version\": 2, \"files\": [], \"retry_chains\": [{\"class\": \"t\", "
	  "\"value\": 1, \"failures\": [\"yesterday\"]}]}", "bad time" },
};

START_TEST(test_corrupt)
{
	put(bads[_i].text);
	refused(bads[_i].why);
}
END_TEST

START_TEST(test_save_replaces)
{
	struct state	*st = calloc(1, sizeof *st), *back;
	char		*err = NULL, *bad;

	ck_assert_ptr_nonnull(st);
	put("garbage");
	state_file_get(st, "x.log");
	ck_assert_int_eq(state_save(st, path, &err), 0);
	back = load_ok();
	ck_assert_uint_eq(back->nfiles, 1);
	state_free(back);
	/* a directory that does not exist: an error, not a crash */
	bad = malloc(strlen(dir) + 32);
	ck_assert_ptr_nonnull(bad);
	sprintf(bad, "%s/no/such/st.json", dir);
	ck_assert_int_eq(state_save(st, bad, &err), -1);
	ck_assert_ptr_nonnull(strstr(err, "cannot write state file"));
	free(err);
	free(bad);
	state_free(st);
}
END_TEST

START_TEST(test_lock)
{
	char	*err = NULL;
	int	 fd, fd2;

	fd = state_lock(path, 0, &err);
	ck_assert_int_ge(fd, 0);
	fd2 = state_lock(path, 0, &err);
	ck_assert_int_eq(fd2, -1);
	ck_assert_ptr_nonnull(strstr(err, "another vssexplain run holds"));
	free(err);
	err = NULL;
	close(fd);
	fd2 = state_lock(path, 0, &err);
	ck_assert_int_ge(fd2, 0);
	close(fd2);
}
END_TEST

static Suite *
state_suite(void)
{
	Suite	*s = suite_create("state");
	TCase	*tc;

	tc = tcase_create("file");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_missing_is_empty);
	tcase_add_test(tc, test_round_trip);
	tcase_add_test(tc, test_file_find);
	tcase_add_test(tc, test_not_utf8_name);
	tcase_add_test(tc, test_version_1);
	tcase_add_loop_test(tc, test_corrupt, 0, (int)(sizeof bads / sizeof bads[0]));
	tcase_add_test(tc, test_save_replaces);
	tcase_add_test(tc, test_lock);
	suite_add_tcase(s, tc);

	tc = tcase_create("identity");
	tcase_add_test(tc, test_match);
	tcase_add_test(tc, test_copies);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(state_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

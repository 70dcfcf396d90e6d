/* check_tstamp.c: unit tests of tstamp.c: the stamp forms of the rules, --tz (offsets, zones, DST), user times. */
#include "config.h"

#include <check.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db.h"
#include "tstamp.h"

#define REF_2024_05_15	1715731200	/* 2024-05-15T00:00:00Z */

static struct db	*db;

static void
load(void)
{
	const char	*dirs[] = { TEST_RULESDIR };
	char		*err = NULL;

	db = db_load(dirs, NULL, 1, &err);
	ck_assert_msg(db != NULL, "rules: %s", err != NULL ? err : "?");
}

static void
unload(void)
{
	db_free(db);
	db = NULL;
}

/* The stamp of line in ISO form ("none" when there is none), read with tz. */
static const char *
stamp(const char *line, const char *tz, char *buf, size_t size)
{
	struct tstamp_opts	o = { tz, REF_2024_05_15 };
	struct tstamp		ts;

	if (!tstamp_find(db, &o, line, strlen(line), &ts)) {
		ck_assert(ts.sec == TSTAMP_NONE);
		snprintf(buf, size, "none");
	} else
		tstamp_format(ts.sec, ts.nsec, buf, size);
	return buf;
}

#define ck_stamp(line, tz, want) do {					\
	char	b_[64];							\
	ck_assert_str_eq(stamp((line), (tz), b_, sizeof b_), (want));	\
} while (0)

START_TEST(test_forms)
{
	static const struct {
		const char	*line, *want;
	} t[] = {
		{ "2024-05-14 02:13:09.412 [4132] ERROR", "2024-05-14T02:13:09.412Z" },
		{ "2024-05-14T02:13:09Z ERROR", "2024-05-14T02:13:09Z" },
		{ "2024-05-14T02:13:09.5+05:30 ERROR", "2024-05-13T20:43:09.500Z" },
		{ "2024-05-14 02:13:09 +0200 ERROR", "2024-05-14T00:13:09Z" },
		{ "2024-05-14 02:13:09,412 ERROR", "2024-05-14T02:13:09.412Z" },
		{ "2024/05/14 02:13:09 ERROR", "2024-05-14T02:13:09Z" },
		{ "[14.05.2024 02:13:09] Error", "2024-05-14T02:13:09Z" },
		{ "5/14/2024 2:13:09 AM ERROR", "2024-05-14T02:13:09Z" },
		{ "5/14/2024 2:13:09 PM ERROR", "2024-05-14T14:13:09Z" },
		{ "5/14/2024 12:13:09 AM ERROR", "2024-05-14T00:13:09Z" },
		{ "5/14/2024 12:13:09 PM ERROR", "2024-05-14T12:13:09Z" },
		{ "<134>1 2024-05-14T02:13:09.412+02:00 FILESRV01 VSS 1 - - x",
		    "2024-05-14T00:13:09.412Z" },
		{ "<14>May 14 02:13:09 FILESRV01 VSS[1234]: x", "2024-05-14T02:13:09Z" },
		{ "May  4 02:13:09 FILESRV01 VSS[1234]: x", "2024-05-04T02:13:09Z" },
		{ "no time here at all, hr = 0x80070005", "none" },
		{ "2024-13-14 02:13:09 month 13", "none" },
		{ "13/14/2024 2:13:09 PM", "none" },
	};
	size_t	i;

	for (i = 0; i < sizeof t / sizeof t[0]; i++)
		ck_stamp(t[i].line, NULL, t[i].want);
}
END_TEST

START_TEST(test_host)
{
	struct tstamp_opts	 o = { NULL, REF_2024_05_15 };
	struct tstamp		 ts;
	const char		*line = "<14>May 14 02:13:09 FILESRV01 VSS[1234]: hr = 0x80070005";

	ck_assert(tstamp_find(db, &o, line, strlen(line), &ts));
	ck_assert_uint_eq(ts.host_len, 9);
	ck_assert_int_eq(memcmp(line + ts.host_off, "FILESRV01", 9), 0);
	line = "2024-05-14T02:13:09Z ERROR";
	ck_assert(tstamp_find(db, &o, line, strlen(line), &ts));
	ck_assert_uint_eq(ts.host_len, 0);
}
END_TEST

START_TEST(test_search_span)
{
	char	line[400];

	/* a stamp past the first 160 bytes of a line is not looked for */
	memset(line, 'x', sizeof line);
	memcpy(line + 200, "2024-05-14T02:13:09Z", 20);
	line[sizeof line - 1] = '\0';
	ck_stamp(line, NULL, "none");
	memcpy(line + 100, "2024-05-14T03:13:09Z", 20);
	ck_stamp(line, NULL, "2024-05-14T03:13:09Z");
}
END_TEST

START_TEST(test_syslog_year)
{
	/* no year: the reference's, or the year before when a day or more ahead */
	ck_stamp("May 15 23:30:00 SRV VSS[1]: x", NULL, "2024-05-15T23:30:00Z");
	ck_stamp("May 16 00:30:00 SRV VSS[1]: x", NULL, "2023-05-16T00:30:00Z");
	ck_stamp("Dec 31 23:59:59 SRV VSS[1]: x", NULL, "2023-12-31T23:59:59Z");
}
END_TEST

START_TEST(test_fixed_offsets)
{
	ck_stamp("2024-05-14 02:13:09 ERROR", "UTC", "2024-05-14T02:13:09Z");
	ck_stamp("2024-05-14 02:13:09 ERROR", "+02:00", "2024-05-14T00:13:09Z");
	ck_stamp("2024-05-14 02:13:09 ERROR", "-0530", "2024-05-14T07:43:09Z");
	/* a stamp with its own zone ignores --tz */
	ck_stamp("2024-05-14T02:13:09Z ERROR", "+02:00", "2024-05-14T02:13:09Z");
	ck_stamp("2024-05-14 02:13:09 +0100 ERROR", "Europe/Berlin", "2024-05-14T01:13:09Z");
}
END_TEST

/* Europe/Berlin: CET (+1) in winter, CEST (+2) from 2024-03-31 02:00 to 2024-10-27 03:00. */
START_TEST(test_zone_dst)
{
	const char	*z = "Europe/Berlin";

	ck_stamp("2024-01-15 02:13:09 x", z, "2024-01-15T01:13:09Z");
	ck_stamp("2024-05-14 02:13:09 x", z, "2024-05-14T00:13:09Z");
	/* each side of the spring change */
	ck_stamp("2024-03-31 01:59:59 x", z, "2024-03-31T00:59:59Z");
	ck_stamp("2024-03-31 03:00:00 x", z, "2024-03-31T01:00:00Z");
	/* each side of the autumn change */
	ck_stamp("2024-10-27 01:59:59 x", z, "2024-10-26T23:59:59Z");
	ck_stamp("2024-10-27 03:00:00 x", z, "2024-10-27T02:00:00Z");
	/* a zone west of UTC, with other change dates */
	z = "America/New_York";
	ck_stamp("2024-03-10 01:59:59 x", z, "2024-03-10T06:59:59Z");
	ck_stamp("2024-03-10 03:00:00 x", z, "2024-03-10T07:00:00Z");
	ck_stamp("2024-03-31 01:59:59 x", z, "2024-03-31T05:59:59Z");
	/* and back: the cached zone follows a change of --tz */
	ck_stamp("2024-03-31 01:59:59 x", "Europe/Berlin", "2024-03-31T00:59:59Z");
	ck_stamp("2024-03-31 01:59:59 x", "+00:00", "2024-03-31T01:59:59Z");
	ck_stamp("2024-03-31 01:59:59 x", "Europe/Berlin", "2024-03-31T00:59:59Z");
}
END_TEST

/* The zone is set up once and stays: TZ names it after the first stamp, and later ones leave it. */
START_TEST(test_zone_once)
{
	const char	*tz;

	ck_stamp("2024-07-01 12:00:00 x", "Europe/Berlin", "2024-07-01T10:00:00Z");
	tz = getenv("TZ");
	ck_assert_ptr_nonnull(tz);
	ck_assert_str_eq(tz, "Europe/Berlin");
	ck_stamp("2024-01-01 12:00:00 x", "Europe/Berlin", "2024-01-01T11:00:00Z");
	ck_assert_ptr_eq(getenv("TZ"), tz);
}
END_TEST

#define NTHREADS	4
#define NSTAMPS		3000

/* Converts summer and winter stamps of one zone; returns the number of wrong ones. */
static void *
convert_many(void *arg)
{
	struct tstamp_opts	 o = { "Europe/Berlin", REF_2024_05_15 };
	struct tstamp		 ts;
	const char		*summer = "2024-07-01 12:00:00 x", *winter = "2024-01-01 12:00:00 x";
	long			 bad = 0;
	int			 i;

	(void)arg;
	for (i = 0; i < NSTAMPS; i++) {
		const char	*line = i % 2 ? summer : winter;
		int64_t		 want = i % 2 ? 1719828000 : 1704106800;

		if (!tstamp_find(db, &o, line, strlen(line), &ts) || ts.sec != want)
			bad++;
	}
	return (void *)bad;
}

START_TEST(test_zone_threads)
{
	pthread_t	t[NTHREADS];
	void		*bad;
	int		 i;

	for (i = 0; i < NTHREADS; i++)
		ck_assert_int_eq(pthread_create(&t[i], NULL, convert_many, NULL), 0);
	for (i = 0; i < NTHREADS; i++) {
		ck_assert_int_eq(pthread_join(t[i], &bad), 0);
		ck_assert_int_eq((long)bad, 0);
	}
}
END_TEST

START_TEST(test_check_tz)
{
	ck_assert_int_eq(tstamp_check_tz("UTC"), 0);
	ck_assert_int_eq(tstamp_check_tz("Z"), 0);
	ck_assert_int_eq(tstamp_check_tz("+02:00"), 0);
	ck_assert_int_eq(tstamp_check_tz("-0530"), 0);
	ck_assert_int_eq(tstamp_check_tz("Europe/Berlin"), 0);
	ck_assert_int_eq(tstamp_check_tz("Mars/Olympus"), -1);
	ck_assert_int_eq(tstamp_check_tz("../../etc/passwd"), -1);
	ck_assert_int_eq(tstamp_check_tz("/etc/passwd"), -1);
	ck_assert_int_eq(tstamp_check_tz(""), -1);
	ck_assert_int_eq(tstamp_check_tz("+15:00"), -1);
	ck_assert_int_eq(tstamp_check_tz("+02:60"), -1);
}
END_TEST

START_TEST(test_parse_user)
{
	struct tstamp_opts	o = { NULL, REF_2024_05_15 };
	int64_t			t;

	ck_assert_int_eq(tstamp_parse_user("2024-05-14", &o, &t), 0);
	ck_assert_int_eq(t, 1715644800);
	ck_assert_int_eq(tstamp_parse_user("2024-05-14T02:13:09Z", &o, &t), 0);
	ck_assert_int_eq(t, 1715652789);
	ck_assert_int_eq(tstamp_parse_user("2024-05-14T02:13:09.5+02:00", &o, &t), 0);
	ck_assert_int_eq(t, 1715652789 - 7200);
	/* minutes without seconds, with or without a zone (issue 20) */
	ck_assert_int_eq(tstamp_parse_user("2024-05-14T02:20", &o, &t), 0);
	ck_assert_int_eq(t, 1715653200);
	ck_assert_int_eq(tstamp_parse_user("2024-05-14T02:20Z", &o, &t), 0);
	ck_assert_int_eq(t, 1715653200);
	ck_assert_int_eq(tstamp_parse_user("2024-05-14 02:20+02:00", &o, &t), 0);
	ck_assert_int_eq(t, 1715653200 - 7200);
	ck_assert_int_eq(tstamp_parse_user("2024-05-14T02:13:00.5Z", &o, &t), 0);
	ck_assert_int_eq(t, 1715652780);
	ck_assert_int_eq(tstamp_parse_user("2024-05-14T02:2", &o, &t), -1);
	ck_assert_int_eq(tstamp_parse_user("2024-05-14T02", &o, &t), -1);
	ck_assert_int_eq(tstamp_parse_user("2024-05-14T02:20:", &o, &t), -1);
	ck_assert_int_eq(tstamp_parse_user("2024-05-14T02:20.5", &o, &t), -1);
	ck_assert_int_eq(tstamp_parse_user("2024-05-14T 2:20", &o, &t), -1);
	ck_assert_int_eq(tstamp_parse_user("2024-05-14T02:60", &o, &t), -1);
	ck_assert_int_eq(tstamp_parse_user("2024-05-14T", &o, &t), -1);
	ck_assert_int_eq(tstamp_parse_user("24h", &o, &t), 0);
	ck_assert_int_eq(t, REF_2024_05_15 - 86400);
	ck_assert_int_eq(tstamp_parse_user("90m", &o, &t), 0);
	ck_assert_int_eq(t, REF_2024_05_15 - 5400);
	ck_assert_int_eq(tstamp_parse_user("2w", &o, &t), 0);
	ck_assert_int_eq(t, REF_2024_05_15 - 14 * 86400);
	/* a local time with --tz: the zone's offset on that day */
	o.tz = "Europe/Berlin";
	ck_assert_int_eq(tstamp_parse_user("2024-05-14T02:13:09", &o, &t), 0);
	ck_assert_int_eq(t, 1715652789 - 7200);
	ck_assert_int_eq(tstamp_parse_user("2024-01-14T02:13:09", &o, &t), 0);
	ck_assert_int_eq(t, 1705194789);	/* 01:13:09Z */
	o.tz = NULL;
	ck_assert_int_eq(tstamp_parse_user("2024-13-01", &o, &t), -1);
	ck_assert_int_eq(tstamp_parse_user("2024-05-14T25:00:00", &o, &t), -1);
	ck_assert_int_eq(tstamp_parse_user("2024-05-14X", &o, &t), -1);
	ck_assert_int_eq(tstamp_parse_user("-5h", &o, &t), -1);
	ck_assert_int_eq(tstamp_parse_user("5y", &o, &t), -1);
	ck_assert_int_eq(tstamp_parse_user("2024-05-14T02:13:09+99:00", &o, &t), -1);
}
END_TEST

START_TEST(test_format)
{
	char	b[64];

	/* the length returned is the string's */
	ck_assert_uint_eq(tstamp_format(1715652789, 0, b, sizeof b), 20);
	ck_assert_str_eq(b, "2024-05-14T02:13:09Z");
	ck_assert_uint_eq(tstamp_format(1715652789, 412000000, b, sizeof b), 24);
	ck_assert_str_eq(b, "2024-05-14T02:13:09.412Z");
	tstamp_format(1715652789, 999999, b, sizeof b);
	ck_assert_str_eq(b, "2024-05-14T02:13:09Z");
	tstamp_format(-1, 0, b, sizeof b);
	ck_assert_str_eq(b, "1969-12-31T23:59:59Z");
	tstamp_format(951782400, 0, b, sizeof b);	/* a leap day */
	ck_assert_str_eq(b, "2000-02-29T00:00:00Z");
}
END_TEST

/*
 * tstamp_format's kept dates: days that share a place, in and out of order,
 * the first day (0, as an empty place's), days before it and a short buffer
 * give the dates of the general way, checked against gmtime_r.
 */
START_TEST(test_format_dates)
{
	static const int64_t	days[] = { 19857, 19865, 19857, 0, 8, -1, -8, 0, 19858, 19866,
	    2932896, 19857, -719162, 19921, 19857, 19985, 19921 };	/* 64 days apart too */
	char			b[64], want[64], small[21];
	struct tm		tm;
	time_t			t;
	size_t			i, k;

	for (k = 0; k < 2; k++) {
		for (i = 0; i < sizeof days / sizeof days[0]; i++) {
			t = (time_t)(days[i] * 86400 + 3723);
			ck_assert_ptr_nonnull(gmtime_r(&t, &tm));
			snprintf(want, sizeof want, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900,
			    tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
			if (tm.tm_year + 1900 < 0 || tm.tm_year + 1900 > 9999)
				continue;
			ck_assert_uint_eq(tstamp_format((int64_t)t, 0, b, sizeof b), strlen(want));
			ck_assert_str_eq(b, want);
			ck_assert_uint_eq(tstamp_format((int64_t)t, 0, small, sizeof small),
			    strlen(want));
			ck_assert_str_eq(small, want);
		}
	}
}
END_TEST

/*
 * Stamps read with patterns of one's own: a group name that comes twice
 * ((?J): the first group counts, as match_group answers), and a pattern
 * with more names than match.c keeps a list of, where tstamp asks for each
 * of its groups by name (read_groups' way around its one pass).
 */
START_TEST(test_group_names)
{
	const char	*dirs[2] = { TEST_RULESDIR, NULL };
	char		 dir[] = "/tmp/check_tstamp.XXXXXX", path[64], many[1024], *err = NULL;
	struct tstamp_opts o = { NULL, REF_2024_05_15 };
	struct tstamp	 ts;
	struct db	*own;
	FILE		*f;
	const char	*line;
	int		 i, n;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/own.rules", dir);
	ck_assert_ptr_nonnull(f = fopen(path, "w"));
	/* the names a01..a16 sort before h, m and s: those fall out of the list */
	n = snprintf(many, sizeof many, "^T~(?<Y>\\d{4})~(?<M>\\d\\d)~(?<D>\\d\\d)~(?<h>\\d\\d)"
	    "~(?<m>\\d\\d)~(?<s>\\d\\d)");
	for (i = 1; i <= 16; i++)
		n += snprintf(many + n, sizeof many - (size_t)n, "(?<a%02d>x)?", i);
	fprintf(f, "[timestamp many-names]\nregex = %s\n\n", many);
	fprintf(f, "[timestamp twice]\nregex = (?J)^U~(?:(?<Y>\\d{4})~|(?<Y>\\d{4})!)"
	    "(?<M>\\d\\d)~(?<D>\\d\\d)~(?<h>\\d\\d)~(?<m>\\d\\d)~(?<s>\\d\\d)\n");
	ck_assert_int_eq(fclose(f), 0);
	dirs[1] = dir;
	own = db_load(dirs, NULL, 2, &err);
	ck_assert_msg(own != NULL, "rules: %s", err != NULL ? err : "?");
	line = "T~2023~05~14~02~13~09 x";
	ck_assert(tstamp_find(own, &o, line, strlen(line), &ts));
	ck_assert(ts.sec == 1684030389);	/* 2023-05-14T02:13:09Z */
	line = "U~2023~05~14~02~13~09 x";
	ck_assert(tstamp_find(own, &o, line, strlen(line), &ts));
	ck_assert(ts.sec == 1684030389);
	/* the second Y: not the first group of the name, so no year: the reference year */
	line = "U~2023!05~14~02~13~09 x";
	ck_assert(tstamp_find(own, &o, line, strlen(line), &ts));
	ck_assert(ts.sec == 1715652789);	/* 2024-05-14T02:13:09Z */
	db_free(own);
	ck_assert_int_eq(unlink(path), 0);
	ck_assert_int_eq(rmdir(dir), 0);
}
END_TEST

/* tstamp_lead on line[0..len), when it answers, must say what tstamp_find says. */
static int
lead_same(const char *line, size_t len, const char *tz)
{
	struct tstamp_opts	o = { tz, REF_2024_05_15 };
	struct tstamp		fast, slow;

	if (!tstamp_lead(&o, line, len, &fast))
		return 0;
	ck_assert_msg(tstamp_find(db, &o, line, len, &slow), "only the quick way reads %.*s",
	    (int)len, line);
	ck_assert_msg(fast.sec == slow.sec && fast.nsec == slow.nsec, "%.*s (tz %s): %lld.%09ld,"
	    " the regexes %lld.%09ld", (int)len, line, tz ? tz : "-", (long long)fast.sec,
	    fast.nsec, (long long)slow.sec, slow.nsec);
	ck_assert(slow.host_len == 0 && fast.host_len == 0);
	ck_assert_ptr_null(fast.gave_up);
	return 1;
}

/*
 * The quick reader of stamps that open a line gives the regexes' answer:
 * on the forms it takes, on edge cases it must leave to them, and on every
 * one-byte change and every truncation of a set of stamps.
 */
START_TEST(test_lead)
{
	static const struct {
		const char	*line;
		int		 quick;		/* 1: the quick way must take it */
	} t[] = {
		{ "2024-05-02 07:00:57.657 ERROR [VSS] Writer failed: 0x800423f4", 1 },
		{ "2024-05-02T07:00:57 ERROR x", 1 },
		{ "2024-05-02 07:00:57,1234567891 x", 1 },	/* ten digits: nine read */
		{ "1999-12-31 23:59:60.5", 1 },
		{ "2024-05-02 07:00:57.", 1 },
		{ "2024-05-02 07:00:57.657Z x", 0 },		/* iso's zone */
		{ "2024-05-02 07:00:57 +02:00 x", 0 },
		{ "2024-05-02 07:00:57\t-0530 x", 0 },
		{ "2024-05-02 07:00:57.1234567891Z x", 1 },	/* no zone after nine */
		{ "2024-05-02T07:00:57Z host app[1]: x", 0 },	/* rfc3339 */
		{ "2024-05-02T07:00:57.123+01:00 host app: x", 0 },
		{ "2024-13-02 07:00:57 x", 0 },			/* fill() says no */
		{ "2024-05-00 07:00:57 x", 0 },
		{ "2024-05-32 07:00:57 x", 0 },
		{ "2024-05-02 24:00:57 x", 0 },
		{ "2024-00-02 07:00:57 2024/05/03 01:02:03", 0 },	/* a later pattern's */
		{ "2124-05-02 07:00:57 x", 0 },
		{ "2024-05-02 07:00:5", 0 },
		{ "<13>2024-05-02T07:00:57Z h a: x", 0 },
		{ "May  2 07:00:57 host x", 0 },
		{ "x 2024-05-02 07:00:57", 0 },
	};
	static const char	*base[] = {
		"2024-05-02 07:00:57.657 ERROR x",
		"2024-05-02T07:00:57 host app: x",
		"2023-12-31 23:59:59,123456789 x",
		"1970-01-01 00:00:00 Z+01:00",
		"2024-02-29T12:34:56.1Z",
		"2024-05-02 07:00:57 +0200",
	};
	static const char	 subst[] = "0123456789 T:-.,Z+<\t\v\r\n/aP\x85";
	const char		*tzs[] = { NULL, "+05:30" };
	char			 line[64];
	size_t			 i, k, at, len;
	int			 quick = 0;

	ck_assert(tstamp_lead_ok(db));
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		ck_assert_msg(lead_same(t[i].line, strlen(t[i].line), NULL) == t[i].quick,
		    "%s: quick %d", t[i].line, !t[i].quick);
		(void)lead_same(t[i].line, strlen(t[i].line), "+05:30");
	}
	for (i = 0; i < sizeof base / sizeof base[0]; i++) {
		len = strlen(base[i]);
		for (k = 0; k <= len; k++)
			quick += lead_same(base[i], k, NULL);
		for (at = 0; at < len; at++) {
			for (k = 0; k < sizeof subst - 1; k++) {
				memcpy(line, base[i], len + 1);
				line[at] = subst[k];
				quick += lead_same(line, len, tzs[k & 1]);
			}
		}
	}
	ck_assert_int_gt(quick, 500);	/* most changes keep a stamp it reads */
}
END_TEST

/* Rules whose stamp patterns differ turn the quick reader off. */
START_TEST(test_lead_rules)
{
	const char	*dirs[2] = { TEST_RULESDIR, NULL };
	char		 dir[] = "/tmp/check_tstamp.XXXXXX", path[64], *err = NULL;
	struct db	*own;
	FILE		*f;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/own.rules", dir);
	ck_assert_ptr_nonnull(f = fopen(path, "w"));
	fprintf(f, "[timestamp iso]\nregex = (?<Y>\\d{4})-(?<M>\\d\\d)-(?<D>\\d\\d) "
	    "(?<h>\\d\\d):(?<m>\\d\\d):(?<s>\\d\\d)\n");
	ck_assert_int_eq(fclose(f), 0);
	dirs[1] = dir;
	own = db_load(dirs, NULL, 2, &err);
	ck_assert_msg(own != NULL, "rules: %s", err != NULL ? err : "?");
	ck_assert(!tstamp_lead_ok(own));
	db_free(own);
	ck_assert_int_eq(unlink(path), 0);
	ck_assert_int_eq(rmdir(dir), 0);
}
END_TEST

static Suite *
tstamp_suite(void)
{
	Suite	*s = suite_create("tstamp");
	TCase	*tc = tcase_create("stamps");

	tcase_add_unchecked_fixture(tc, load, unload);
	tcase_add_test(tc, test_forms);
	tcase_add_test(tc, test_host);
	tcase_add_test(tc, test_group_names);
	tcase_add_test(tc, test_search_span);
	tcase_add_test(tc, test_syslog_year);
	tcase_add_test(tc, test_fixed_offsets);
	tcase_add_test(tc, test_zone_dst);
	tcase_add_test(tc, test_zone_once);
	tcase_add_test(tc, test_zone_threads);
	tcase_add_test(tc, test_check_tz);
	tcase_add_test(tc, test_parse_user);
	tcase_add_test(tc, test_format);
	tcase_add_test(tc, test_format_dates);
	tcase_add_test(tc, test_lead);
	tcase_add_test(tc, test_lead_rules);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(tstamp_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

/* tstamp.c: timestamps of log lines, read with the [timestamp] patterns of the rules. */
#include "config.h"

#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "match.h"
#include "tstamp.h"

#define SEARCH_SPAN	160

/* The fields of a broken-down time as matched. */
struct fields {
	int	Y, M, D, h, m, s;
	long	nsec;
	int	has_tz, tz_min;	/* offset east of UTC */
	int	pm, am;
};

static int
num(const char *s, long start, long end)
{
	int	v = 0;

	for (; start < end; start++)
		v = v * 10 + (s[start] - '0');
	return v;
}

/* The groups a timestamp pattern may have, as indices of struct groups. */
enum { G_Y, G_M, G_MON, G_D, G_H, G_MIN, G_S, G_F, G_AMPM, G_TZ, G_HOST, G_N };
static const char *const group_names[G_N] = {
	"Y", "M", "mon", "D", "h", "m", "s", "f", "ampm", "tz", "host"
};

/* The numbers of the groups a match set, -1 for those it did not. */
struct groups {
	int	g[G_N];
};

/* Which of our groups a name is, or -1: a switch, as this runs for every finding. */
static int
group_index(const char *n)
{
	if (n[0] != '\0' && n[1] == '\0') {
		switch (n[0]) {
		case 'Y':
			return G_Y;
		case 'M':
			return G_M;
		case 'D':
			return G_D;
		case 'h':
			return G_H;
		case 'm':
			return G_MIN;
		case 's':
			return G_S;
		case 'f':
			return G_F;
		default:
			return -1;
		}
	}
	switch (n[0]) {
	case 'm':
		return strcmp(n, "mon") == 0 ? G_MON : -1;
	case 'a':
		return strcmp(n, "ampm") == 0 ? G_AMPM : -1;
	case 't':
		return strcmp(n, "tz") == 0 ? G_TZ : -1;
	case 'h':
		return strcmp(n, "host") == 0 ? G_HOST : -1;
	default:
		return -1;
	}
}

/*
 * Reads which of our groups the pattern has and the match set: one pass
 * over the pattern's names.  A group per name with match_group was a third
 * of a timestamp's cost, most of it calls of strcmp (issue 16).
 */
static void
read_groups(const struct match_re *re, const struct match_result *r, struct groups *gr)
{
	const char	*name;
	int		 i, k, num;
	unsigned	 seen = 0;	/* a name twice, (?J): the first, as match_group */

	for (k = 0; k < G_N; k++)
		gr->g[k] = -1;
	for (i = 0; (num = match_group_at(re, i, &name)) != 0; i++) {
		if (num == MATCH_GROUPS_MORE) {
			/* names the list leaves out: ask for each */
			for (k = 0; k < G_N; k++)
				gr->g[k] = match_group(re, group_names[k]);
			break;
		}
		if ((k = group_index(name)) >= 0 && !(seen & 1u << k)) {
			gr->g[k] = num;
			seen |= 1u << k;
		}
	}
	for (k = 0; k < G_N; k++) {
		if (gr->g[k] <= 0 || r->start[gr->g[k]] < 0)
			gr->g[k] = -1;
	}
}

/* Days from 1970-01-01 to the given civil date (proleptic Gregorian). */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	int64_t		era;
	unsigned	yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (unsigned)((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1);
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static int64_t
utc_seconds(const struct fields *f)
{
	return days_from_civil(f->Y, f->M, f->D) * 86400 + f->h * 3600 + f->m * 60 + f->s;
}

/* Parses "+02:00", "-0530", "UTC", "Z"; returns -1 otherwise. */
static int
fixed_offset(const char *s, int *minutes)
{
	int	h, m = 0, sign;

	if (strcasecmp(s, "UTC") == 0 || strcmp(s, "Z") == 0 || strcasecmp(s, "GMT") == 0) {
		*minutes = 0;
		return 0;
	}
	if ((s[0] != '+' && s[0] != '-') || !isdigit((unsigned char)s[1]) ||
	    !isdigit((unsigned char)s[2]))
		return -1;
	sign = s[0] == '-' ? -1 : 1;
	h = (s[1] - '0') * 10 + (s[2] - '0');
	s += 3;
	if (*s == ':')
		s++;
	if (*s != '\0') {
		if (!isdigit((unsigned char)s[0]) || !isdigit((unsigned char)s[1]) || s[2] != '\0')
			return -1;
		m = (s[0] - '0') * 10 + (s[1] - '0');
	}
	if (h > 14 || m > 59)
		return -1;
	*minutes = sign * (h * 60 + m);
	return 0;
}

int
tstamp_check_tz(const char *tz)
{
	char	path[512];
	int	off;

	if (fixed_offset(tz, &off) == 0)
		return 0;
	if (strstr(tz, "..") != NULL || tz[0] == '/' || tz[0] == '\0')
		return -1;
	snprintf(path, sizeof path, "/usr/share/zoneinfo/%s", tz);
	return access(path, R_OK) == 0 ? 0 : -1;
}

/*
 * Local times of a named zone (--tz Europe/Berlin).  The C library converts
 * local time only in the process's own zone (there is no mktime_z), and
 * switching TZ per stamp with setenv is slow and unsafe with threads.  So the
 * zone becomes the process's zone once: the first conversion in a zone sets TZ
 * and runs tzset(), and from then on each stamp costs one mktime(), which
 * follows the zone's DST rules.  Nothing else in the program reads local time,
 * so leaving TZ set changes no other output.  A run has one --tz; only a second,
 * different zone (as the unit tests use) sets TZ again.  The lock makes that
 * switch, and mktime's use of TZ, safe when several threads convert stamps.
 */
static pthread_mutex_t	zone_lock = PTHREAD_MUTEX_INITIALIZER;
static char		zone_name[256];	/* the zone TZ is set to, "" before the first */

/* Makes tz the process's zone; the caller holds zone_lock. */
static void
use_zone(const char *tz)
{
	if (strcmp(zone_name, tz) != 0) {
		setenv("TZ", tz, 1);
		tzset();
		snprintf(zone_name, sizeof zone_name, "%s", tz);
	}
}

void
tstamp_prepare(const struct tstamp_opts *o)
{
	int	off;

	if (o->tz == NULL || fixed_offset(o->tz, &off) == 0)
		return;
	pthread_mutex_lock(&zone_lock);
	use_zone(o->tz);
	pthread_mutex_unlock(&zone_lock);
}

/* Converts local civil time in the named zone to UTC seconds. */
static int64_t
zone_seconds(const struct fields *f, const char *tz)
{
	struct tm	tm;
	time_t		t;

	memset(&tm, 0, sizeof tm);
	tm.tm_year = f->Y - 1900;
	tm.tm_mon = f->M - 1;
	tm.tm_mday = f->D;
	tm.tm_hour = f->h;
	tm.tm_min = f->m;
	tm.tm_sec = f->s;
	tm.tm_isdst = -1;
	pthread_mutex_lock(&zone_lock);
	use_zone(tz);
	t = mktime(&tm);
	pthread_mutex_unlock(&zone_lock);
	return (int64_t)t;
}

static int64_t
to_utc(const struct fields *f, const struct tstamp_opts *o)
{
	int	off;

	if (f->has_tz)
		return utc_seconds(f) - f->tz_min * 60;
	if (o->tz == NULL || fixed_offset(o->tz, &off) == 0)
		return utc_seconds(f) - (o->tz != NULL ? off * 60 : 0);
	return zone_seconds(f, o->tz);
}

static const char *months = "JanFebMarAprMayJunJulAugSepOctNovDec";

/* Reads the fields of a match; returns -1 when they make no valid time. */
static int
fill(const struct groups *gr, const struct match_result *r, const char *s,
    const struct tstamp_opts *o, struct fields *f)
{
	int	g;

	memset(f, 0, sizeof *f);
	if ((g = gr->g[G_Y]) > 0)
		f->Y = num(s, r->start[g], r->end[g]);
	if ((g = gr->g[G_M]) > 0)
		f->M = num(s, r->start[g], r->end[g]);
	else if ((g = gr->g[G_MON]) > 0) {
		const char	*p;
		char		 mon[4] = { 0 };

		memcpy(mon, s + r->start[g], 3);
		if ((p = strstr(months, mon)) == NULL)
			return -1;
		f->M = (int)(p - months) / 3 + 1;
	}
	if ((g = gr->g[G_D]) > 0)
		f->D = num(s, r->start[g], r->end[g]);
	if ((g = gr->g[G_H]) > 0)
		f->h = num(s, r->start[g], r->end[g]);
	if ((g = gr->g[G_MIN]) > 0)
		f->m = num(s, r->start[g], r->end[g]);
	if ((g = gr->g[G_S]) > 0)
		f->s = num(s, r->start[g], r->end[g]);
	if ((g = gr->g[G_F]) > 0) {
		long	i, scale = 100000000;

		for (i = r->start[g]; i < r->end[g] && scale > 0; i++, scale /= 10)
			f->nsec += (s[i] - '0') * scale;
	}
	if ((g = gr->g[G_AMPM]) > 0) {
		int	c = s[r->start[g]] | 0x20;

		if (f->h < 1 || f->h > 12)
			return -1;
		if (c == 'p' && f->h != 12)
			f->h += 12;
		else if (c == 'a' && f->h == 12)
			f->h = 0;
	}
	if ((g = gr->g[G_TZ]) > 0) {
		char	tz[16];
		long	n = r->end[g] - r->start[g];

		if (n >= (long)sizeof tz)
			return -1;
		memcpy(tz, s + r->start[g], (size_t)n);
		tz[n] = '\0';
		if (fixed_offset(tz, &f->tz_min) != 0)
			return -1;
		f->has_tz = 1;
	}
	if (gr->g[G_Y] < 0) {
		/* syslog: no year; take the reference year unless that is in the future */
		struct tm	tm;
		time_t		ref = o->reference;

		gmtime_r(&ref, &tm);
		f->Y = tm.tm_year + 1900;
		if (f->M < 1 || f->M > 12 || f->D < 1 || f->D > 31)
			return -1;
		if (to_utc(f, o) > (int64_t)ref + 86400)
			f->Y--;
	}
	if (f->M < 1 || f->M > 12 || f->D < 1 || f->D > 31 || f->h > 23 || f->m > 59 ||
	    f->s > 60)
		return -1;
	return 0;
}

int
tstamp_find(const struct db *db, const struct tstamp_opts *o, const char *line,
    size_t len, struct tstamp *ts)
{
	const struct db_pattern *const	*p;
	struct match_result		 r;
	struct groups			 gr;
	struct fields			 f;
	size_t				 n, i;
	int				 g;

	ts->sec = TSTAMP_NONE;
	ts->nsec = 0;
	ts->host_len = 0;
	ts->gave_up = NULL;
	if (len > SEARCH_SPAN)
		len = SEARCH_SPAN;
	p = db_timestamps(db, &n);
	for (i = 0; i < n; i++) {
		if (p[i]->re == NULL)
			continue;
		if ((g = match_exec(p[i]->re, line, len, 0, &r)) == MATCH_GAVE_UP &&
		    ts->gave_up == NULL)
			ts->gave_up = p[i]->id;		/* the next patterns may still say */
		if (g != 1)
			continue;
		read_groups(p[i]->re, &r, &gr);
		if (fill(&gr, &r, line, o, &f) != 0)
			continue;
		ts->sec = to_utc(&f, o);
		ts->nsec = f.nsec;
		if ((g = gr.g[G_HOST]) > 0) {
			ts->host_off = (size_t)r.start[g];
			ts->host_len = (size_t)(r.end[g] - r.start[g]);
		}
		return 1;
	}
	return 0;
}

/*
 * The quick reader of tstamp_lead.  It stands for the first four [timestamp]
 * patterns of the shipped rules and is used only while the database's list
 * opens with exactly these (tstamp_lead_ok): edit one and every line goes to
 * the regexes again.  On a line that opens with "YYYY-MM-DD" the three
 * anchored syslog forms cannot match: rfc5424 needs '<' first, bsd a month
 * name, and rfc3339 a 'T' and a zone right after the seconds or their
 * fraction (tstamp_lead leaves lines with a zone to the regexes).  So the
 * first pattern that can match is iso, and it matches at offset 0, the
 * leftmost place, with the groups read below.  Whatever this reader is
 * unsure of (a zone, a field fill() rejects, a line too short) it leaves to
 * tstamp_find.  The per-finding regex was a quarter of a finding's cost
 * (issue 16); tests/unit/check_tstamp.c compares the two ways on edge cases
 * and on mutations of many stamps.
 */
static const char *const lead_regex[] = {
	"^<\\d{1,3}>1 (?<Y>\\d{4})-(?<M>\\d\\d)-(?<D>\\d\\d)T(?<h>\\d\\d):(?<m>\\d\\d):"
	    "(?<s>\\d\\d)(?:[.,](?<f>\\d{1,9}))?(?<tz>Z|[+-]\\d\\d:?\\d\\d)? (?<host>[^\\s]{1,255})",
	"^(?:<\\d{1,3}>)?(?<Y>\\d{4})-(?<M>\\d\\d)-(?<D>\\d\\d)T(?<h>\\d\\d):(?<m>\\d\\d):"
	    "(?<s>\\d\\d)(?:[.,](?<f>\\d{1,9}))?(?<tz>Z|[+-]\\d\\d:?\\d\\d) "
	    "(?<host>[A-Za-z0-9][A-Za-z0-9._-]{0,254}) [^\\s:\\[]{1,64}(?:\\[\\d+\\])?:",
	"^(?:<\\d{1,3}>)?(?<mon>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) {1,2}"
	    "(?<D>\\d{1,2}) (?<h>\\d\\d):(?<m>\\d\\d):(?<s>\\d\\d) "
	    "(?<host>[A-Za-z0-9][A-Za-z0-9._-]{0,254})",
	"(?<![\\d.])(?<Y>(?:19|20)\\d\\d)-(?<M>[01]\\d)-(?<D>[0-3]\\d)[T ](?<h>[0-2]\\d):"
	    "(?<m>[0-5]\\d):(?<s>[0-6]\\d)(?:[.,](?<f>\\d{1,9}))?"
	    "(?:\\s?(?<tz>Z|[+-][01]\\d:?[0-5]\\d)(?!\\d))?",
};
#define NLEAD	(sizeof lead_regex / sizeof lead_regex[0])

int
tstamp_lead_ok(const struct db *db)
{
	const struct db_pattern *const	*p;
	size_t				 n, i;

	p = db_timestamps(db, &n);
	if (n < NLEAD)
		return 0;
	for (i = 0; i < NLEAD; i++) {
		if (p[i]->re == NULL || p[i]->caseless || p[i]->regex == NULL ||
		    strcmp(p[i]->regex, lead_regex[i]) != 0)
			return 0;
	}
	return 1;
}

/* Is c a digit from lo to hi? */
static inline int
digit_in(char c, char lo, char hi)
{
	return c >= lo && c <= hi;
}

/* Could c start the zone of iso or rfc3339? */
static inline int
zone_start(char c)
{
	return c == 'Z' || c == '+' || c == '-';
}

/* The number of two decimal digits at s. */
static inline int
two(const char *s)
{
	return (s[0] - '0') * 10 + (s[1] - '0');
}

int
tstamp_lead(const struct tstamp_opts *o, const char *l, size_t len, struct tstamp *ts)
{
	struct fields	f;
	size_t		p, e;

	if (len > SEARCH_SPAN)
		len = SEARCH_SPAN;
	/* iso's fields, at offset 0: (19|20)dd-[01]d-[0-3]d[T ][0-2]d:[0-5]d:[0-6]d */
	if (len < 19 || !((l[0] == '1' && l[1] == '9') || (l[0] == '2' && l[1] == '0')) ||
	    !digit_in(l[2], '0', '9') ||
	    !digit_in(l[3], '0', '9') || l[4] != '-' || !digit_in(l[5], '0', '1') ||
	    !digit_in(l[6], '0', '9') || l[7] != '-' || !digit_in(l[8], '0', '3') ||
	    !digit_in(l[9], '0', '9') || (l[10] != ' ' && l[10] != 'T') ||
	    !digit_in(l[11], '0', '2') || !digit_in(l[12], '0', '9') || l[13] != ':' ||
	    !digit_in(l[14], '0', '5') || !digit_in(l[15], '0', '9') || l[16] != ':' ||
	    !digit_in(l[17], '0', '6') || !digit_in(l[18], '0', '9'))
		return 0;
	/*
	 * Two digits at a time, each field on its own: num()'s loop was a
	 * chain of multiplications, each waiting for the last, and the
	 * fraction's scale a division a digit (issue 16).
	 */
	memset(&f, 0, sizeof f);
	f.Y = two(l) * 100 + two(l + 2);
	f.M = two(l + 5);
	f.D = two(l + 8);
	f.h = two(l + 11);
	f.m = two(l + 14);
	f.s = two(l + 17);
	p = 19;
	if (p + 1 < len && (l[p] == '.' || l[p] == ',') && digit_in(l[p + 1], '0', '9')) {
		static const long	scale[10] = { 1000000000, 100000000, 10000000, 1000000,
		    100000, 10000, 1000, 100, 10, 1 };
		long			v = 0;

		/* (?:[.,](?<f>\d{1,9}))?: greedy, up to nine digits */
		for (e = p + 1; e < len && e < p + 10 && digit_in(l[e], '0', '9'); e++)
			v = v * 10 + (l[e] - '0');
		f.nsec = v * scale[e - p - 1];
		p = e;
	}
	/*
	 * A zone: the regexes.  rfc3339's can only come right where the
	 * seconds or a fraction of at most nine digits end, which is p; iso's
	 * there too, or after one blank (any byte that is not printable ASCII
	 * is taken for one).
	 */
	if (p < len && zone_start(l[p]))
		return 0;
	if (p + 1 < len && zone_start(l[p + 1]) &&
	    ((unsigned char)l[p] <= ' ' || (unsigned char)l[p] >= 0x7F))
		return 0;
	/* fill()'s checks; the regexes try the later patterns on what fails them */
	if (f.M < 1 || f.M > 12 || f.D < 1 || f.D > 31 || f.h > 23 || f.m > 59 || f.s > 60)
		return 0;
	ts->sec = to_utc(&f, o);
	ts->nsec = f.nsec;
	ts->host_len = 0;
	ts->gave_up = NULL;
	return 1;
}

static void
put_digits(char *p, unsigned v, int n)
{
	while (n-- > 0) {
		p[n] = (char)('0' + v % 10);
		v /= 10;
	}
}

/*
 * The dates of the days formatted last, per thread, a place for each day
 * modulo DATE_SLOTS: a log's stamps come from a few days, and the civil date
 * and its digits were half of a stamp's cost (issue 16).  A day of 0 is
 * 1970-01-01, which no empty place can be taken for: days are checked.
 */
#define DATE_SLOTS	64	/* a power of two; an export's events span a month or two */

static __thread struct {
	int64_t	days;
	int	used;
	char	date[10];
} dates[DATE_SLOTS];

size_t
tstamp_format(int64_t sec, long nsec, char *buf, size_t size)
{
	int64_t	days = sec / 86400, rem = sec % 86400;
	int64_t	z, era, y;
	unsigned doe, yoe, doy, mp, d, m;
	size_t	slot;

	if (rem < 0) {
		rem += 86400;
		days--;
	}
	slot = (size_t)days & (DATE_SLOTS - 1);
	if (dates[slot].used && dates[slot].days == days && size >= 25) {
		memcpy(buf, dates[slot].date, sizeof dates[slot].date);
		goto clock;
	}
	/* civil_from_days */
	z = days + 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = (int64_t)yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	y += m <= 2;
	if (y < 0 || y > 9999 || size < 25) {
		/* out of the range a log can hold: the slow, general way */
		snprintf(buf, size, "%04lld-%02u-%02uT%02d:%02d:%02dZ", (long long)y, m, d,
		    (int)(rem / 3600), (int)(rem / 60 % 60), (int)(rem % 60));
		return size > 0 ? strlen(buf) : 0;
	}
	/* digits by hand: a report may hold millions of times */
	put_digits(buf, (unsigned)y, 4);
	buf[4] = '-';
	put_digits(buf + 5, m, 2);
	buf[7] = '-';
	put_digits(buf + 8, d, 2);
	memcpy(dates[slot].date, buf, sizeof dates[slot].date);
	dates[slot].days = days;
	dates[slot].used = 1;
clock:
	buf[10] = 'T';
	put_digits(buf + 11, (unsigned)(rem / 3600), 2);
	buf[13] = ':';
	put_digits(buf + 14, (unsigned)(rem / 60 % 60), 2);
	buf[16] = ':';
	put_digits(buf + 17, (unsigned)(rem % 60), 2);
	if (nsec >= 1000000) {
		buf[19] = '.';
		put_digits(buf + 20, (unsigned)(nsec / 1000000), 3);
		buf[23] = 'Z';
		buf[24] = '\0';
		return 24;
	}
	buf[19] = 'Z';
	buf[20] = '\0';
	return 20;
}

/* Are s[0] and s[1] digits? */
static int
two_digits(const char *s)
{
	return isdigit((unsigned char)s[0]) && isdigit((unsigned char)s[1]);
}

int
tstamp_parse_user(const char *s, const struct tstamp_opts *o, int64_t *out)
{
	struct fields	 f;
	char		*end;
	long		 n;
	int		 used = 0;

	n = strtol(s, &end, 10);
	if (end != s && *s != '-' && *s != '+' && end[0] != '\0' && end[1] == '\0' &&
	    strchr("smhdw", end[0]) != NULL && n >= 0) {
		static const long	unit[] = { 1, 60, 3600, 86400, 604800 };
		long			u = unit[strchr("smhdw", end[0]) - "smhdw"];

		if (n > INT64_MAX / 4 / u)
			return -1;	/* an age beyond any date */
		*out = (int64_t)o->reference - n * u;
		return 0;
	}
	memset(&f, 0, sizeof f);
	if (sscanf(s, "%4d-%2d-%2d%n", &f.Y, &f.M, &f.D, &used) != 3 || used != 10)
		return -1;
	s += used;
	if (*s == 'T' || *s == ' ') {
		/* hh:mm, then :ss if given: people type minutes more than seconds */
		if (!two_digits(s + 1) || s[3] != ':' || !two_digits(s + 4))
			return -1;
		f.h = (s[1] - '0') * 10 + s[2] - '0';
		f.m = (s[4] - '0') * 10 + s[5] - '0';
		s += 6;
		if (*s == ':') {
			if (!two_digits(s + 1))
				return -1;
			f.s = (s[1] - '0') * 10 + s[2] - '0';
			s += 3;
			if (*s == '.' || *s == ',') {
				s++;
				while (isdigit((unsigned char)*s))
					s++;
			}
		}
		if (*s != '\0') {
			if (fixed_offset(s, &f.tz_min) != 0)
				return -1;
			f.has_tz = 1;
		}
	} else if (*s != '\0')
		return -1;
	if (f.M < 1 || f.M > 12 || f.D < 1 || f.D > 31 || f.h > 23 || f.m > 59 || f.s > 60)
		return -1;
	*out = to_utc(&f, o);
	return 0;
}

/* check_report.c: unit tests of report.c (aggregation, retry chains), its view, the format table and merge. */
#include "config.h"

#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include "db.h"
#include "finding.h"
#include "fmt.h"
#include "merge.h"
#include "report.h"
#include "resolve.h"
#include "tstamp.h"

#define MIN		60
#define HOUR		3600
#define T0		((int64_t)1715680800)	/* 2024-05-14T10:00:00Z */

#define RETRYABLE	0x800423F3u	/* VSS_E_WRITERERROR_RETRYABLE: transient */
#define FLUSH		0x80042313u	/* VSS_E_FLUSH_WRITES_TIMEOUT: transient */
#define DENIED		0x80070005u	/* E_ACCESSDENIED: fix */
#define UNKNOWN		0x80080024u	/* no meaning recorded: unknown */
#define PENDING		0x00042309u	/* VSS_S_ASYNC_PENDING: info */

static struct db	*db;
static struct report	*rep;
static uint64_t		 lineno;
static const char	*fail_on;	/* --fail-on of the next report */

static void
setup(void)
{
	const char	*dirs[] = { TEST_RULESDIR };
	char		*err = NULL;

	db = db_load(dirs, NULL, 1, &err);
	ck_assert_msg(db != NULL, "rules/ did not load:\n%s", err ? err : "");
	rep = NULL;
	lineno = 0;
	fail_on = NULL;
}

static void
teardown(void)
{
	report_free(rep);
	rep = NULL;
	db_free(db);
	db = NULL;
}

/* Starts the report of a test: reference time at, a retry window, a format or NULL. */
static void
start(int64_t at, int64_t window, const char *format)
{
	struct report_opts	o;

	memset(&o, 0, sizeof o);
	o.fmt = format != NULL ? fmt_find(format) : NULL;
	o.fail_on = fail_on != NULL ? db_guidance_find(db, fail_on) : NULL;
	ck_assert(format == NULL || o.fmt != NULL);
	o.max_sources = 5;
	o.at = at;
	o.retry_window = window;
	rep = report_new(db, &o);
}

/* Adds a finding of value on host for writer at time t, resolved through the rules. */
static void
add(uint32_t value, const char *host, const char *writer, int64_t t)
{
	struct finding	f;
	char		text[64];

	memset(&f, 0, sizeof f);
	snprintf(text, sizeof text, "hr = 0x%08X", value);
	f.value = value;
	f.form = FORM_HEX;
	f.path = "test.log";
	f.line = ++lineno;
	f.match = text + 5;
	f.match_len = strlen(text + 5);
	f.text = text;
	f.text_len = strlen(text);
	f.time = t;
	f.host = host;
	f.writer = writer;
	resolve(db, value, NULL, &f.r);
	ck_assert_ptr_nonnull(f.r.guidance);
	report_add(rep, &f);
}

/* The code of value in the group of that id, or NULL. */
static const struct rcode *
code_in(const struct report_view *v, const char *group, uint32_t value)
{
	size_t	i;

	for (i = 0; i < v->ncodes; i++) {
		if (strcmp(v->codes[i].group->id, group) == 0 && v->codes[i].value == value)
			return &v->codes[i];
	}
	return NULL;
}

/* The one retry chain of value in the report, wherever it is grouped. */
static const struct cell *
chain_of(const char *host, const char *writer, uint32_t value)
{
	const struct report_view	*v = report_view(rep);
	const struct cell		*found = NULL;
	size_t				 i, k;

	for (i = 0; i < v->ncodes; i++) {
		const struct rcode	*c = &v->codes[i];

		for (k = 0; k < c->ncells && c->value == value; k++) {
			const struct cell	*x = c->cells[k];

			if ((host == NULL ? x->host == NULL : x->host != NULL &&
			    strcmp(x->host, host) == 0) &&
			    (writer == NULL ? x->writer == NULL : x->writer != NULL &&
			    strcmp(x->writer, writer) == 0)) {
				ck_assert_msg(found == NULL, "two chains for %s", host);
				found = x;
			}
		}
	}
	ck_assert_msg(found != NULL, "no chain of 0x%08X for %s", value, host ? host : "-");
	return found;
}

/* Asserts the evaluation of a chain. */
#define ck_chain(c, st, used, soon, before, next) do {				\
	ck_assert_str_eq(report_state_name((c)->state), (st));			\
	ck_assert_int_eq((c)->retries, (used));					\
	ck_assert_int_eq((c)->too_soon, (soon));				\
	ck_assert_int_eq((c)->earlier, (before));				\
	ck_assert_int_eq((c)->next_at, (next));					\
} while (0)

START_TEST(test_counts_and_groups)
{
	const struct report_view	*v;
	const struct rcode		*c;

	start(T0 + 5 * MIN, 24 * HOUR, NULL);
	add(DENIED, "FILESRV01", NULL, T0 - HOUR);
	add(DENIED, "FILESRV01", NULL, T0 - 2 * HOUR);
	add(DENIED, "BACKUP02", NULL, T0);
	add(UNKNOWN, "FILESRV01", NULL, TSTAMP_NONE);
	add(PENDING, NULL, NULL, T0);
	add(FLUSH, "SQL02", NULL, T0);
	add(FLUSH, "SQL03", NULL, T0);
	add(RETRYABLE, "FILESRV01", "SqlServerWriter", T0);
	v = report_view(rep);
	ck_assert_int_eq(report_count(rep), 8);
	ck_assert_int_eq(v->findings, 8);
	ck_assert_uint_eq(v->ncodes, 5);
	/* groups in the order of the rules, each with its totals */
	ck_assert_uint_eq(v->ngroups, 4);
	ck_assert_str_eq(v->groups[0].g->id, "transient");
	ck_assert_int_eq(v->groups[0].findings, 3);
	ck_assert_uint_eq(v->groups[0].ncodes, 2);
	ck_assert_str_eq(v->groups[1].g->id, "fix");
	ck_assert_int_eq(v->groups[1].findings, 3);
	ck_assert_str_eq(v->groups[2].g->id, "unknown");
	ck_assert_str_eq(v->groups[3].g->id, "info");
	/* within a group by count, then value */
	ck_assert_uint_eq(v->groups[0].codes[0]->value, FLUSH);
	ck_assert_uint_eq(v->groups[0].codes[1]->value, RETRYABLE);
	ck_assert_ptr_eq(v->worst, v->groups[0].g);
	ck_assert_int_eq(report_worst(rep), v->groups[0].g->order);
	/* a code: its count, span, hosts and their counts in name order */
	c = code_in(v, "fix", DENIED);
	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(c->count, 3);
	ck_assert_int_eq(c->first, T0 - 2 * HOUR);
	ck_assert_int_eq(c->last, T0);
	ck_assert_uint_eq(c->hosts.n, 2);
	ck_assert_str_eq(c->hosts.v[0], "FILESRV01");
	ck_assert_uint_eq(c->nhost_counts, 2);
	ck_assert_str_eq(c->host_counts[0].name, "BACKUP02");
	ck_assert_int_eq(c->host_counts[0].count, 1);
	ck_assert_str_eq(c->host_counts[1].name, "FILESRV01");
	ck_assert_int_eq(c->host_counts[1].count, 2);
	ck_assert_uint_eq(c->nsources, 3);
	ck_assert_str_eq(c->sources[0], "test.log:1");
	ck_assert_int_eq(c->chains, 0);
	ck_assert_int_eq(code_in(v, "unknown", UNKNOWN)->first, TSTAMP_NONE);
	ck_assert_int_eq(code_in(v, "transient", RETRYABLE)->chains, 1);
	/* findings per host over the report */
	ck_assert_uint_eq(v->nhosts, 4);
	ck_assert_str_eq(v->hosts[0].name, "BACKUP02");
	ck_assert_str_eq(v->hosts[1].name, "FILESRV01");
	ck_assert_int_eq(v->hosts[1].count, 4);
	ck_assert_str_eq(v->hosts[3].name, "SQL03");
}
END_TEST

START_TEST(test_empty)
{
	const struct report_view	*v;

	fail_on = "fix";
	start(T0, 24 * HOUR, NULL);
	v = report_view(rep);
	ck_assert_int_eq(v->findings, 0);
	ck_assert_uint_eq(v->ncodes, 0);
	ck_assert_uint_eq(v->ngroups, 0);
	ck_assert_ptr_null(v->worst);
	ck_assert_int_eq(report_worst(rep), -1);
	ck_assert_str_eq(v->fail_on->id, "fix");	/* as given */
}
END_TEST

/* One failure: wait ten minutes; at exactly ten minutes retry 1 is due. */
START_TEST(test_wait_then_due)
{
	const struct cell	*c;

	start(T0 + 5 * MIN, 24 * HOUR, NULL);
	add(RETRYABLE, "FILESRV01", "SqlServerWriter", T0);
	c = chain_of("FILESRV01", "SqlServerWriter", RETRYABLE);
	ck_chain(c, "wait", 0, 0, 0, T0 + 10 * MIN);
	ck_assert_int_eq(c->chain_first, T0);
	ck_assert_str_eq(c->class->id, "transient");
	report_free(rep);

	start(T0 + 10 * MIN, 24 * HOUR, NULL);
	add(RETRYABLE, "FILESRV01", "SqlServerWriter", T0);
	ck_chain(chain_of("FILESRV01", "SqlServerWriter", RETRYABLE), "due", 0, 0, 0,
	    T0 + 10 * MIN);
}
END_TEST

/* A failed first retry 11 minutes on: retry 2 waits until 10:21, then is due. */
START_TEST(test_second_retry)
{
	start(T0 + 15 * MIN, 24 * HOUR, NULL);
	add(RETRYABLE, "FILESRV01", "SqlServerWriter", T0);
	add(RETRYABLE, "FILESRV01", "SqlServerWriter", T0 + 11 * MIN);
	ck_chain(chain_of("FILESRV01", "SqlServerWriter", RETRYABLE), "wait", 1, 0, 0,
	    T0 + 21 * MIN);
	report_free(rep);

	start(T0 + 30 * MIN, 24 * HOUR, NULL);
	add(RETRYABLE, "FILESRV01", "SqlServerWriter", T0 + 11 * MIN);
	add(RETRYABLE, "FILESRV01", "SqlServerWriter", T0);
	ck_chain(chain_of("FILESRV01", "SqlServerWriter", RETRYABLE), "due", 1, 0, 0,
	    T0 + 21 * MIN);
}
END_TEST

/* The first failure and three retries: exhausted, and the code moves group. */
START_TEST(test_exhausted)
{
	const struct report_view	*v;
	const struct cell		*c;
	int				 i;

	start(T0 + HOUR, 24 * HOUR, NULL);
	for (i = 0; i < 3; i++)
		add(RETRYABLE, "FILESRV01", "SqlServerWriter", T0 + i * 11 * MIN);
	/* two retries used: the third is due, not yet exhausted */
	ck_chain(chain_of("FILESRV01", "SqlServerWriter", RETRYABLE), "due", 2, 0, 0,
	    T0 + 32 * MIN);
	ck_assert_ptr_nonnull(code_in(report_view(rep), "transient", RETRYABLE));
	add(RETRYABLE, "FILESRV01", "SqlServerWriter", T0 + 33 * MIN);
	c = chain_of("FILESRV01", "SqlServerWriter", RETRYABLE);
	ck_chain(c, "exhausted", 3, 0, 0, TSTAMP_NONE);
	ck_assert_int_eq(c->ntimes, 4);
	ck_assert_int_eq(c->times[3], T0 + 33 * MIN);
	v = report_view(rep);
	ck_assert_ptr_null(code_in(v, "transient", RETRYABLE));
	ck_assert_ptr_nonnull(code_in(v, "exhausted", RETRYABLE));
	ck_assert_int_eq(code_in(v, "exhausted", RETRYABLE)->count, 4);
	ck_assert_str_eq(v->worst->id, "exhausted");
	ck_assert_int_eq(report_worst(rep), 0);
	ck_assert_ptr_null(v->fail_on);
}
END_TEST

/* Exactly the wait apart counts as a retry. */
START_TEST(test_exhausted_exact_wait)
{
	int	i;

	start(T0 + 2 * HOUR, 24 * HOUR, NULL);
	for (i = 0; i < 4; i++)
		add(FLUSH, "SQL02", NULL, T0 + i * 10 * MIN);
	ck_chain(chain_of("SQL02", NULL, FLUSH), "exhausted", 3, 0, 0, TSTAMP_NONE);
}
END_TEST

/* A failure sooner than the wait is "retried too soon", not a retry. */
START_TEST(test_too_soon)
{
	int	i;

	start(T0 + 20 * MIN, 24 * HOUR, NULL);
	add(RETRYABLE, "FILESRV01", "SqlServerWriter", T0);
	add(RETRYABLE, "FILESRV01", "SqlServerWriter", T0 + 5 * MIN);
	add(RETRYABLE, "FILESRV01", "SqlServerWriter", T0 + 16 * MIN);
	ck_chain(chain_of("FILESRV01", "SqlServerWriter", RETRYABLE), "wait", 1, 1, 0,
	    T0 + 26 * MIN);
	report_free(rep);

	/* four failures two minutes apart: no retry counted, so not exhausted */
	start(T0 + 30 * MIN, 24 * HOUR, NULL);
	for (i = 0; i < 4; i++)
		add(FLUSH, "SQL02", NULL, T0 + i * 2 * MIN);
	ck_chain(chain_of("SQL02", NULL, FLUSH), "due", 0, 3, 0, T0 + 16 * MIN);
}
END_TEST

/* One failure logged twice is one attempt, but both count as findings. */
START_TEST(test_same_time_twice)
{
	const struct cell	*c;

	start(T0 + 30 * MIN, 24 * HOUR, NULL);
	add(FLUSH, "SQL02", NULL, T0);
	add(FLUSH, "SQL02", NULL, T0);
	add(FLUSH, "SQL02", NULL, T0 + 10 * MIN);
	c = chain_of("SQL02", NULL, FLUSH);
	ck_chain(c, "due", 1, 0, 0, T0 + 20 * MIN);
	ck_assert_int_eq(c->count, 3);
	ck_assert_uint_eq(c->ntimes, 3);
}
END_TEST

/* A gap longer than the retry window starts a new chain. */
START_TEST(test_new_chain)
{
	const struct cell	*c;

	start(T0 + 5 * MIN, 24 * HOUR, NULL);
	add(RETRYABLE, "FILESRV01", "SqlServerWriter", T0 - 25 * HOUR);
	add(RETRYABLE, "FILESRV01", "SqlServerWriter", T0 - 25 * HOUR + 11 * MIN);
	add(RETRYABLE, "FILESRV01", "SqlServerWriter", T0 - 25 * HOUR + 22 * MIN);
	add(RETRYABLE, "FILESRV01", "SqlServerWriter", T0);
	c = chain_of("FILESRV01", "SqlServerWriter", RETRYABLE);
	ck_chain(c, "wait", 0, 0, 1, T0 + 10 * MIN);
	ck_assert_int_eq(c->chain_first, T0);
	ck_assert_int_eq(c->count, 4);
	report_free(rep);

	/* within the window it is one chain: the third retry is due */
	start(T0 + 20 * MIN, 24 * HOUR, NULL);
	add(RETRYABLE, "FILESRV01", "SqlServerWriter", T0 - 23 * HOUR - 30 * MIN);
	add(RETRYABLE, "FILESRV01", "SqlServerWriter", T0 - 23 * HOUR - 19 * MIN);
	add(RETRYABLE, "FILESRV01", "SqlServerWriter", T0);
	c = chain_of("FILESRV01", "SqlServerWriter", RETRYABLE);
	ck_chain(c, "due", 2, 0, 0, T0 + 10 * MIN);
	ck_assert_int_eq(c->chain_first, T0 - 23 * HOUR - 30 * MIN);
	report_free(rep);

	/* a window of an hour: a gap of 79 minutes starts anew */
	start(T0 + 95 * MIN, HOUR, NULL);
	add(FLUSH, "SQL02", NULL, T0);
	add(FLUSH, "SQL02", NULL, T0 + 11 * MIN);
	add(FLUSH, "SQL02", NULL, T0 + 90 * MIN);
	ck_chain(chain_of("SQL02", NULL, FLUSH), "wait", 0, 0, 1, T0 + 100 * MIN);
}
END_TEST

/* Chains are per host and writer: one exhausted, one waiting, the code in both groups. */
START_TEST(test_separate_chains)
{
	const struct report_view	*v;
	int				 i;

	start(T0 + 40 * MIN, 24 * HOUR, NULL);
	for (i = 0; i < 4; i++)
		add(RETRYABLE, "FILESRV01", "SqlServerWriter", T0 + i * 11 * MIN);
	add(RETRYABLE, "FILESRV01", "Microsoft Exchange Writer", T0 + 35 * MIN);
	ck_chain(chain_of("FILESRV01", "SqlServerWriter", RETRYABLE), "exhausted", 3, 0, 0,
	    TSTAMP_NONE);
	ck_chain(chain_of("FILESRV01", "Microsoft Exchange Writer", RETRYABLE), "wait", 0, 0,
	    0, T0 + 45 * MIN);
	v = report_view(rep);
	ck_assert_int_eq(code_in(v, "exhausted", RETRYABLE)->count, 4);
	ck_assert_int_eq(code_in(v, "transient", RETRYABLE)->count, 1);
	report_free(rep);

	/* two hosts alternating are two chains of one retry each */
	start(T0 + HOUR, 24 * HOUR, NULL);
	add(RETRYABLE, "H1", "SqlServerWriter", T0);
	add(RETRYABLE, "H2", "SqlServerWriter", T0 + 11 * MIN);
	add(RETRYABLE, "H1", "SqlServerWriter", T0 + 22 * MIN);
	add(RETRYABLE, "H2", "SqlServerWriter", T0 + 33 * MIN);
	ck_chain(chain_of("H1", "SqlServerWriter", RETRYABLE), "due", 1, 0, 0, T0 + 32 * MIN);
	ck_chain(chain_of("H2", "SqlServerWriter", RETRYABLE), "due", 1, 0, 0, T0 + 43 * MIN);
	v = report_view(rep);
	ck_assert_ptr_null(code_in(v, "exhausted", RETRYABLE));
	ck_assert_uint_eq(code_in(v, "transient", RETRYABLE)->ncells, 2);
}
END_TEST

/* The cells of value: its chains, over every group it is in. */
static size_t
cells_of(uint32_t value)
{
	const struct report_view	*v = report_view(rep);
	size_t				 i, n = 0;

	for (i = 0; i < v->ncodes; i++) {
		if (v->codes[i].value == value)
			n += v->codes[i].ncells;
	}
	return n;
}

/*
 * A finding joins the chain of its code, host and writer whether the last
 * cells found (report.c's memo) have it or not: a host or writer that
 * differs makes a chain of its own, no host and an empty one are one, and a
 * code without retries has one cell whatever its hosts.
 */
START_TEST(test_cells_by_key)
{
	int	i;

	start(T0 + HOUR, 24 * HOUR, NULL);
	add(RETRYABLE, "H1", "W", T0);
	add(RETRYABLE, "H1", "W", T0 + 11 * MIN);
	add(RETRYABLE, "H2", "W", T0 + 12 * MIN);
	add(RETRYABLE, "H1", "W2", T0 + 13 * MIN);
	add(RETRYABLE, "H1", NULL, T0 + 14 * MIN);
	add(RETRYABLE, NULL, "W", T0 + 15 * MIN);
	add(RETRYABLE, "", "W", T0 + 26 * MIN);
	add(RETRYABLE, "H1", "", T0 + 27 * MIN);
	add(RETRYABLE, "H1", "W", T0 + 28 * MIN);
	ck_assert_uint_eq(cells_of(RETRYABLE), 5);
	ck_assert_int_eq(chain_of("H1", "W", RETRYABLE)->count, 3);
	ck_assert_int_eq(chain_of("H2", "W", RETRYABLE)->count, 1);
	ck_assert_int_eq(chain_of("H1", "W2", RETRYABLE)->count, 1);
	ck_assert_int_eq(chain_of("H1", NULL, RETRYABLE)->count, 2);
	ck_assert_int_eq(chain_of(NULL, "W", RETRYABLE)->count, 2);
	report_free(rep);

	start(T0 + HOUR, 24 * HOUR, NULL);
	add(0x80070005u, "H1", "W", T0);	/* E_ACCESSDENIED: fix, no retries */
	add(0x80070005u, "H2", "W2", T0 + MIN);
	add(0x80070005u, NULL, NULL, T0 + 2 * MIN);
	ck_assert_uint_eq(cells_of(0x80070005u), 1);
	ck_assert_int_eq(code_in(report_view(rep), "fix", 0x80070005u)->count, 3);
	report_free(rep);

	/* more codes than the memo has places: each its own cell, twice */
	start(T0 + HOUR, 24 * HOUR, NULL);
	for (i = 0; i < 80; i++)
		add(UNKNOWN + (uint32_t)(i % 40), "H", "W", T0 + i);
	for (i = 0; i < 40; i++) {
		ck_assert_uint_eq(cells_of(UNKNOWN + (uint32_t)i), 1);
		ck_assert_int_eq(code_in(report_view(rep), "unknown", UNKNOWN + (uint32_t)i)->count,
		    2);
	}
}
END_TEST

/*
 * A code's hosts and writers, named in turns and in other cases: each its
 * count, the first spelling kept (set_add answers the string it added last
 * without the map, and the map for any other).
 */
START_TEST(test_hosts_in_turns)
{
	static const char *const	hosts[] = { "H1", "H2", "h1", "H2", "H1", "H3", "h2", "H1" };
	static const char *const	writers[] = { "W", "w", "W", "W2", "w2", "W", "W", "W3" };
	const struct report_view	*v;
	const struct rcode		*c;
	size_t				 i;

	start(T0 + HOUR, 24 * HOUR, NULL);
	for (i = 0; i < sizeof hosts / sizeof hosts[0]; i++)
		add(DENIED, hosts[i], writers[i], T0 + (int64_t)i);
	v = report_view(rep);
	c = code_in(v, "fix", DENIED);
	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(c->count, 8);
	ck_assert_uint_eq(c->nhost_counts, 3);
	ck_assert_str_eq(c->host_counts[0].name, "H1");
	ck_assert_int_eq(c->host_counts[0].count, 4);
	ck_assert_str_eq(c->host_counts[1].name, "H2");
	ck_assert_int_eq(c->host_counts[1].count, 3);
	ck_assert_str_eq(c->host_counts[2].name, "H3");
	ck_assert_int_eq(c->host_counts[2].count, 1);
	ck_assert_uint_eq(c->writers.n, 3);
	ck_assert_str_eq(c->writers.v[0], "W");
	ck_assert_str_eq(c->writers.v[1], "W2");
	ck_assert_str_eq(c->writers.v[2], "W3");
}
END_TEST

/* The evaluation of the chain of RETRYABLE on H for W after adding times t[0..n) in order. */
static struct cell
chain_after(const int64_t *t, size_t n, int64_t at)
{
	struct cell	c;
	size_t		i;

	start(at, 24 * HOUR, NULL);
	for (i = 0; i < n; i++)
		add(RETRYABLE, "H", "W", t[i]);
	c = *chain_of("H", "W", RETRYABLE);
	report_free(rep);
	rep = NULL;
	return c;
}

/*
 * A chain's failure times are sorted before it is evaluated, by their bytes
 * when there are many (report.c's sort_times): in any order, before 1970
 * and across it too, many times give the evaluation of the same times in
 * order.
 */
START_TEST(test_many_times)
{
	static const int64_t	base[] = { T0, -86400 * 3, -10 * HOUR };
	int64_t			t[300], u[300];
	struct cell		a, b;
	uint32_t		x = 16;
	size_t			i, j, k, n;

	for (k = 0; k < sizeof base / sizeof base[0]; k++) {
		for (n = 40; n <= 300; n += 260) {
			for (i = 0; i < n; i++) {
				x = x * 1103515245 + 12345;
				t[i] = base[k] + (int64_t)(x >> 8) % (20 * HOUR);
				if (i % 7 == 0 && i > 0)
					t[i] = t[i - 1];	/* one failure logged twice */
			}
			memcpy(u, t, n * sizeof *t);
			for (i = 1; i < n; i++) {
				for (j = i; j > 0 && u[j - 1] > u[j]; j--) {
					int64_t	y = u[j];

					u[j] = u[j - 1];
					u[j - 1] = y;
				}
			}
			a = chain_after(t, n, base[k] + 21 * HOUR);
			b = chain_after(u, n, base[k] + 21 * HOUR);
			ck_assert_msg(a.state == b.state && a.retries == b.retries &&
			    a.too_soon == b.too_soon && a.earlier == b.earlier &&
			    a.next_at == b.next_at && a.chain_first == b.chain_first &&
			    a.first == b.first && a.last == b.last, "%zu times from %lld: the "
			    "evaluation depends on their order", n, (long long)base[k]);
			ck_assert_int_gt(a.retries + a.too_soon + a.earlier, 0);
		}
	}
}
END_TEST

/* Failures without a time count, but not as retries: the chain is due. */
START_TEST(test_untimed)
{
	const struct cell	*c;

	start(T0, 24 * HOUR, NULL);
	add(FLUSH, "SQL02", NULL, TSTAMP_NONE);
	add(FLUSH, "SQL02", NULL, TSTAMP_NONE);
	c = chain_of("SQL02", NULL, FLUSH);
	ck_chain(c, "due", 0, 0, 0, TSTAMP_NONE);
	ck_assert_int_eq(c->untimed, 2);
	ck_assert_int_eq(c->count, 2);
	ck_assert_int_eq(c->chain_first, TSTAMP_NONE);
}
END_TEST

/* --min-count drops codes seen fewer times; the worst class follows. */
START_TEST(test_min_count)
{
	const struct report_view	*v;

	start(T0 + HOUR, 24 * HOUR, NULL);
	report_min_count(rep, 2);
	add(RETRYABLE, "FILESRV01", "SqlServerWriter", T0);
	add(DENIED, "FILESRV01", NULL, T0);
	add(DENIED, "BACKUP02", NULL, T0);
	add(UNKNOWN, "FILESRV01", NULL, T0);
	v = report_view(rep);
	ck_assert_int_eq(report_count(rep), 4);
	ck_assert_int_eq(v->findings, 2);
	ck_assert_uint_eq(v->ncodes, 1);
	ck_assert_uint_eq(v->codes[0].value, DENIED);
	ck_assert_uint_eq(v->ngroups, 1);
	ck_assert_str_eq(v->worst->id, "fix");
	ck_assert_uint_eq(v->nhosts, 2);
	ck_assert_int_eq(v->hosts[1].count, 1);
	/* the count is of the code, over all its chains */
	add(RETRYABLE, "H2", "SqlServerWriter", T0);
	v = report_view(rep);
	ck_assert_uint_eq(v->ncodes, 2);
	ck_assert_str_eq(v->worst->id, "transient");
}
END_TEST

/* --guidance keeps groups as they stand after the evaluation. */
START_TEST(test_groups)
{
	const struct db_guidance	*only[1];
	const struct report_view	*v;
	int				 i;

	only[0] = db_guidance_find(db, "exhausted");
	ck_assert_ptr_nonnull(only[0]);
	start(T0 + HOUR, 24 * HOUR, NULL);
	report_groups(rep, only, 1);
	for (i = 0; i < 4; i++)
		add(RETRYABLE, "FILESRV01", "SqlServerWriter", T0 + i * 11 * MIN);
	add(RETRYABLE, "H2", "SqlServerWriter", T0);
	add(DENIED, "FILESRV01", NULL, T0);
	v = report_view(rep);
	ck_assert_uint_eq(v->ncodes, 1);
	ck_assert_str_eq(v->codes[0].group->id, "exhausted");
	ck_assert_int_eq(v->findings, 4);
}
END_TEST

struct chains_seen {
	int	n;
	size_t	ntimes;
	int64_t	first;
};

static void
count_chain(void *ctx, const char *class, uint32_t value, const char *host,
    const char *writer, const int64_t *times, size_t n)
{
	struct chains_seen	*s = ctx;

	ck_assert_str_eq(class, "transient");
	ck_assert_uint_eq(value, RETRYABLE);
	ck_assert_str_eq(host, "FILESRV01");
	ck_assert_str_eq(writer, "SqlServerWriter");
	s->n++;
	s->ntimes = n;
	s->first = times[0];
}

/* Failures of earlier runs count for retries, not as findings; chains go back out. */
START_TEST(test_seed)
{
	const struct report_view	*v;
	struct chains_seen		 seen;
	int64_t				 before[4] = { T0 - 30 * HOUR, T0, T0 + 11 * MIN,
					     T0 + 22 * MIN };

	start(T0 + HOUR, 24 * HOUR, NULL);
	report_seed(rep, "transient", RETRYABLE, "FILESRV01", "SqlServerWriter", before, 4);
	report_seed(rep, "fix", DENIED, "FILESRV01", NULL, before, 1);	/* no policy: ignored */
	v = report_view(rep);
	ck_assert_uint_eq(v->ncodes, 0);	/* seeds alone are no findings */
	add(RETRYABLE, "FILESRV01", "SqlServerWriter", T0 + 33 * MIN);
	v = report_view(rep);
	ck_assert_uint_eq(v->ncodes, 1);
	ck_assert_int_eq(v->codes[0].count, 1);
	ck_assert_str_eq(v->codes[0].group->id, "exhausted");
	ck_chain(chain_of("FILESRV01", "SqlServerWriter", RETRYABLE), "exhausted", 3, 0, 1,
	    TSTAMP_NONE);
	memset(&seen, 0, sizeof seen);
	report_chains(rep, count_chain, &seen);
	ck_assert_int_eq(seen.n, 1);
	ck_assert_uint_eq(seen.ntimes, 4);	/* the one 30 hours old is dropped */
	ck_assert_int_eq(seen.first, T0);
}
END_TEST

/* Writes the report into a temporary file; returns the file, rewound. */
static FILE *
written(void)
{
	FILE	*f = tmpfile();

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(report_write(rep, f), 0);
	rewind(f);
	return f;
}

static struct json_object *
parse_written(void)
{
	FILE			*f = written();
	char			 buf[65536];
	size_t			 n = fread(buf, 1, sizeof buf - 1, f);
	struct json_object	*doc;

	fclose(f);
	buf[n] = '\0';
	doc = json_tokener_parse(buf);
	ck_assert_msg(doc != NULL, "not JSON: %s", buf);
	return doc;
}

static struct json_object *
at(struct json_object *o, const char *key)
{
	struct json_object	*v = NULL;

	ck_assert_msg(json_object_object_get_ex(o, key, &v), "no \"%s\"", key);
	return v;
}

/* The json format writes the view: totals, groups, chains. */
START_TEST(test_json)
{
	struct json_object	*doc, *g, *ch;
	int			 i;

	start(T0 + HOUR, 24 * HOUR, "json");
	for (i = 0; i < 4; i++)
		add(RETRYABLE, "FILESRV01", "SqlServerWriter", T0 + i * 11 * MIN);
	add(DENIED, "FILESRV01", NULL, T0);
	doc = parse_written();
	ck_assert_int_eq(json_object_get_int(at(at(doc, "totals"), "findings")), 5);
	ck_assert_int_eq(json_object_get_int(at(at(doc, "totals"), "codes")), 2);
	ck_assert_int_eq(json_object_get_int(at(at(at(doc, "totals"), "by_guidance"),
	    "exhausted")), 4);
	ck_assert_str_eq(json_object_get_string(at(doc, "reference_time")),
	    "2024-05-14T11:00:00Z");
	g = json_object_array_get_idx(at(doc, "groups"), 0);
	ck_assert_str_eq(json_object_get_string(at(g, "guidance")), "exhausted");
	ch = json_object_array_get_idx(at(json_object_array_get_idx(at(g, "codes"), 0),
	    "retry_chains"), 0);
	ck_assert_str_eq(json_object_get_string(at(ch, "state")), "exhausted");
	ck_assert_int_eq(json_object_get_int(at(ch, "retries_used")), 3);
	ck_assert(json_object_get_type(at(ch, "next_at")) == json_type_null);
	ck_assert_str_eq(json_object_get_string(at(ch, "last_failure")),
	    "2024-05-14T10:33:00Z");
	json_object_put(doc);
}
END_TEST

/* What json writes, merge reads back to the same view. */
START_TEST(test_merge_back)
{
	const struct report_view	*v;
	char				 path[] = "/tmp/check_report.XXXXXX", *err = NULL;
	FILE				*f;
	int				 fd, i;

	start(T0 + HOUR, 24 * HOUR, "json");
	for (i = 0; i < 4; i++)
		add(RETRYABLE, "FILESRV01", "SqlServerWriter", T0 + i * 11 * MIN);
	add(RETRYABLE, "H2", "SqlServerWriter", T0 + 50 * MIN);
	add(DENIED, "FILESRV01", NULL, T0);
	add(DENIED, "BACKUP02", NULL, T0 + MIN);
	ck_assert_int_ne(fd = mkstemp(path), -1);
	ck_assert_ptr_nonnull(f = fdopen(fd, "w"));
	ck_assert_int_eq(report_write(rep, f), 0);
	fclose(f);
	report_free(rep);

	start(T0 + HOUR, 24 * HOUR, "text");
	ck_assert_int_eq(merge_file(rep, path, &err), 0);
	ck_assert_int_eq(merge_file(rep, path, &err), 0);	/* twice: counts add up */
	unlink(path);
	v = report_view(rep);
	ck_assert_int_eq(v->findings, 14);
	ck_assert_int_eq(code_in(v, "exhausted", RETRYABLE)->count, 8);
	ck_assert_int_eq(code_in(v, "transient", RETRYABLE)->count, 2);
	ck_assert_int_eq(code_in(v, "fix", DENIED)->count, 4);
	ck_assert_int_eq(code_in(v, "fix", DENIED)->last, T0 + MIN);
	ck_assert_uint_eq(code_in(v, "fix", DENIED)->nhost_counts, 2);
	ck_assert_int_eq(code_in(v, "fix", DENIED)->host_counts[1].count, 2);
	ck_chain(chain_of("H2", "SqlServerWriter", RETRYABLE), "due", 0, 0, 0, T0 + 60 * MIN);
	ck_assert_int_eq(chain_of("FILESRV01", "SqlServerWriter", RETRYABLE)->retries, 3);

	ck_assert_int_eq(merge_file(rep, "/nonexistent/report.json", &err), -1);
	ck_assert_ptr_nonnull(err);
	ck_assert(strstr(err, "/nonexistent/report.json") != NULL);
	free(err);
}
END_TEST

/* The streaming csv format: the header once, rows of the codes kept. */
START_TEST(test_csv_stream)
{
	FILE	*out = tmpfile(), *f;
	char	 line[2048];
	int	 rows = 0, headers = 0;

	ck_assert_ptr_nonnull(out);
	start(T0 + HOUR, 24 * HOUR, "csv");
	report_stream(rep, out);
	report_min_count(rep, 2);	/* rows are held until the counts are known */
	add(DENIED, "FILESRV01", NULL, T0);
	add(UNKNOWN, "FILESRV01", NULL, T0);
	add(DENIED, "BACKUP02", NULL, T0);
	ck_assert_int_eq(ftell(out), 0);
	ck_assert_int_eq(report_write(rep, out), 0);
	rewind(out);
	while (fgets(line, sizeof line, out) != NULL) {
		if (strncmp(line, "code,name,guidance,", 19) == 0)
			headers++;
		else {
			ck_assert_msg(strncmp(line, "0x80070005,E_ACCESSDENIED,fix,", 30) == 0,
			    "row %s", line);
			rows++;
		}
	}
	fclose(out);
	ck_assert_int_eq(headers, 1);
	ck_assert_int_eq(rows, 2);
	report_free(rep);

	/* no finding: the header alone */
	start(T0, 24 * HOUR, "csv");
	f = written();
	ck_assert_ptr_nonnull(fgets(line, sizeof line, f));
	ck_assert_str_eq(line, "code,name,guidance,path,line,offset,time,host,writer,method,"
	    "event_id,record_id,match,text\r\n");
	ck_assert_ptr_null(fgets(line, sizeof line, f));
	fclose(f);
}
END_TEST

START_TEST(test_fmt_table)
{
	char	*s;
	size_t	 i;

	ck_assert_str_eq(fmt_table[0]->name, "text");
	for (i = 0; fmt_table[i] != NULL; i++) {
		ck_assert_ptr_eq(fmt_find(fmt_table[i]->name), fmt_table[i]);
		/* a format writes a whole report, streams findings, or both */
		ck_assert(fmt_table[i]->write != NULL || fmt_table[i]->finding != NULL);
		ck_assert(!(fmt_table[i]->flags & FMT_STREAMS) || fmt_table[i]->finding != NULL);
		ck_assert(!(fmt_table[i]->flags & FMT_SUMMARY) || fmt_table[i]->write != NULL);
	}
	ck_assert_uint_eq(i, 8);
	ck_assert_ptr_null(fmt_find("xml"));
	ck_assert_ptr_null(fmt_find(NULL));
	ck_assert_ptr_null(fmt_find("JSON"));
	ck_assert_ptr_null(fmt_find("jsonl")->write);
	ck_assert_int_eq(fmt_find("csv")->flags, FMT_STREAMS | FMT_SUMMARY);
	s = fmt_names(0);
	ck_assert_str_eq(s, "text, json, jsonl, csv, html, oneline, nagios or prometheus");
	free(s);
	s = fmt_names(1);
	ck_assert_str_eq(s, "text, json, csv --summary, html, oneline, nagios or prometheus");
	/* only nagios decides the exit status */
	ck_assert_ptr_nonnull(fmt_find("nagios")->status);
	ck_assert_ptr_null(fmt_find("html")->status);
	free(s);
}
END_TEST

/* report_by: sections per host and per writer, with the counts that were kept. */
START_TEST(test_by)
{
	const struct report_view	*v;
	struct rby			*s;
	size_t				 n;

	start(T0 + 6 * HOUR, 24 * HOUR, NULL);
	add(DENIED, "SRV2", NULL, T0);
	add(DENIED, "SRV1", NULL, T0 + MIN);
	add(DENIED, "SRV1", "Writer A", T0 + 2 * MIN);
	add(RETRYABLE, "SRV1", "Writer A", T0);
	add(RETRYABLE, "SRV1", "Writer B", T0);
	add(RETRYABLE, "SRV1", "Writer B", T0 + 20 * MIN);
	add(UNKNOWN, NULL, NULL, T0);
	v = report_view(rep);

	/* hosts: by name, then the findings of no host; codes in report order */
	s = report_by(v, REPORT_BY_HOST, &n);
	ck_assert_uint_eq(n, 3);
	ck_assert_str_eq(s[0].name, "SRV1");
	ck_assert_int_eq(s[0].findings, 5);
	ck_assert_int_eq(s[0].partial, 0);
	ck_assert_uint_eq(s[0].ncodes, 2);
	ck_assert_uint_eq(s[0].codes[0].code->value, RETRYABLE);	/* transient first */
	ck_assert_int_eq(s[0].codes[0].count, 3);
	ck_assert_uint_eq(s[0].codes[1].code->value, DENIED);
	ck_assert_int_eq(s[0].codes[1].count, 2);
	ck_assert_str_eq(s[1].name, "SRV2");
	ck_assert_int_eq(s[1].findings, 1);
	ck_assert_ptr_null(s[2].name);
	ck_assert_uint_eq(s[2].ncodes, 1);
	ck_assert_uint_eq(s[2].codes[0].code->value, UNKNOWN);
	ck_assert_int_eq(s[2].codes[0].count, 1);
	report_by_free(s, n);

	/* writers: a retry chain is counted per writer; a code of one cell is not */
	s = report_by(v, REPORT_BY_WRITER, &n);
	ck_assert_uint_eq(n, 3);
	ck_assert_str_eq(s[0].name, "Writer A");
	ck_assert_uint_eq(s[0].ncodes, 2);
	ck_assert_int_eq(s[0].codes[0].count, 1);
	ck_assert_int_eq(s[0].codes[1].count, -1);
	ck_assert_int_eq(s[0].partial, 1);
	ck_assert_str_eq(s[1].name, "Writer B");
	ck_assert_int_eq(s[1].findings, 2);
	ck_assert_int_eq(s[1].partial, 0);
	ck_assert_ptr_null(s[2].name);		/* UNKNOWN; DENIED's rest is not known */
	ck_assert_uint_eq(s[2].ncodes, 1);
	ck_assert_uint_eq(s[2].codes[0].code->value, UNKNOWN);
	report_by_free(s, n);
	report_by_free(NULL, 0);
}
END_TEST

/* report_by of a report without findings: no section. */
START_TEST(test_by_empty)
{
	struct rby	*s;
	size_t		 n = 99;

	start(T0, 24 * HOUR, NULL);
	s = report_by(report_view(rep), REPORT_BY_HOST, &n);
	ck_assert_uint_eq(n, 0);
	report_by_free(s, n);
}
END_TEST

/* The one-line summary counts chains by state and codes by class; nagios decides the exit status. */
START_TEST(test_oneline_nagios)
{
	const struct db_guidance	*warn[1], *crit[1];
	struct report_opts		 o;
	char				*line;
	int				 i;

	start(T0 + HOUR, 24 * HOUR, "nagios");
	line = fmt_oneline_text(report_view(rep));
	ck_assert_str_eq(line, "no VSS failures");
	free(line);
	ck_assert_int_eq(report_status(rep, 0), 0);
	ck_assert_int_eq(report_status(rep, 1), 3);	/* trouble: UNKNOWN */
	for (i = 0; i < 4; i++)
		add(RETRYABLE, "FILESRV01", "SqlServerWriter", T0 + i * 11 * MIN);
	add(RETRYABLE, "SQL02", NULL, T0 + 55 * MIN);
	add(FLUSH, "SQL03", NULL, T0);
	add(DENIED, "SQL03", NULL, T0);
	add(UNKNOWN, NULL, NULL, T0);
	add(PENDING, NULL, NULL, T0);
	line = fmt_oneline_text(report_view(rep));
	ck_assert_str_eq(line, "1 exhausted, 1 retry due, 1 waiting until 11:05 UTC, "
	    "1 to fix, 1 to check on 3 hosts");
	free(line);
	/* no class chosen: OK whatever was found */
	ck_assert_int_eq(report_status(rep, 0), 0);
	report_free(rep);

	/* fix critical, unknown a warning */
	memset(&o, 0, sizeof o);
	o.fmt = fmt_find("nagios");
	o.at = T0 + HOUR;
	o.retry_window = 24 * HOUR;
	warn[0] = db_guidance_find(db, "unknown");
	crit[0] = db_guidance_find(db, "fix");
	o.alert[ALERT_WARNING] = warn;
	o.nalert[ALERT_WARNING] = 1;
	o.alert[ALERT_CRITICAL] = crit;
	o.nalert[ALERT_CRITICAL] = 1;
	rep = report_new(db, &o);
	add(UNKNOWN, NULL, NULL, T0);
	ck_assert_int_eq(report_status(rep, 0), 1);
	ck_assert_int_eq(report_status(rep, 1), 3);
	add(DENIED, "SQL03", NULL, T0);
	report_free(rep);
	rep = report_new(db, &o);
	add(DENIED, "SQL03", NULL, T0);
	ck_assert_int_eq(report_status(rep, 0), 2);
	ck_assert_int_eq(report_status(rep, 1), 2);	/* CRITICAL stands */
	/* a format that does not decide leaves it to the command */
	report_free(rep);
	start(T0, 24 * HOUR, "html");
	ck_assert_int_eq(report_status(rep, 1), -1);
}
END_TEST

static Suite *
report_suite(void)
{
	Suite	*s = suite_create("report");
	TCase	*tc = tcase_create("aggregate");
	TCase	*tr = tcase_create("retry");
	TCase	*tf = tcase_create("formats");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_counts_and_groups);
	tcase_add_test(tc, test_hosts_in_turns);
	tcase_add_test(tc, test_empty);
	tcase_add_test(tc, test_min_count);
	tcase_add_test(tc, test_groups);
	tcase_add_test(tc, test_by);
	tcase_add_test(tc, test_by_empty);
	suite_add_tcase(s, tc);
	tcase_add_checked_fixture(tr, setup, teardown);
	tcase_add_test(tr, test_wait_then_due);
	tcase_add_test(tr, test_second_retry);
	tcase_add_test(tr, test_exhausted);
	tcase_add_test(tr, test_exhausted_exact_wait);
	tcase_add_test(tr, test_too_soon);
	tcase_add_test(tr, test_same_time_twice);
	tcase_add_test(tr, test_new_chain);
	tcase_add_test(tr, test_separate_chains);
	tcase_add_test(tr, test_cells_by_key);
	tcase_add_test(tr, test_many_times);
	tcase_add_test(tr, test_untimed);
	tcase_add_test(tr, test_seed);
	suite_add_tcase(s, tr);
	tcase_add_checked_fixture(tf, setup, teardown);
	tcase_add_test(tf, test_json);
	tcase_add_test(tf, test_merge_back);
	tcase_add_test(tf, test_csv_stream);
	tcase_add_test(tf, test_fmt_table);
	tcase_add_test(tf, test_oneline_nagios);
	suite_add_tcase(s, tf);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(report_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

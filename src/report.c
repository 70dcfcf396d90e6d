/* report.c: aggregates findings into guidance groups, evaluates retry chains, writes reports. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "code.h"
#include "emit.h"
#include "jr.h"
#include "jw.h"
#include "report.h"
#include "strmap.h"
#include "tstamp.h"
#include "wrap.h"
#include "xalloc.h"

#define WIDTH	80
/* The most findings a merged report may claim for one code, chain or host. */
#define COUNT_MAX	((long)1 << 40)
#define COL	12

/* A set of strings, kept in insertion order, with a map for membership. */
struct strset {
	char		**v;
	size_t		  n;
	struct strmap	 *m;
};

enum chain_state { CHAIN_NONE, CHAIN_WAIT, CHAIN_DUE, CHAIN_EXHAUSTED };

static const char *state_names[] = { "none", "wait", "due", "exhausted" };

/*
 * The unit of aggregation.  For a class with a retry policy a cell is one
 * retry chain: the failures of one code on one host for one writer, with
 * every failure time.  For other classes a cell is one code, with the sets
 * of hosts and writers it was seen with.  Codes in the report are built from
 * cells when it is written: an exhausted chain moves to the exhausted group.
 */
struct cell {
	const struct db_guidance	*class;
	uint32_t			 value;
	struct resolved			 r;
	char				*host, *writer;	/* a chain's key, or NULL */
	long				 count;
	int64_t				 first, last;	/* TSTAMP_NONE: none timed */
	struct strset			 hosts, writers, methods, sources;
	long				*hostn;		/* findings per host, as hosts.v */
	long				 more_sources;
	int64_t				*times;		/* retry classes: failure times */
	size_t				 ntimes, captimes;
	long				 untimed;
	/* the evaluation */
	enum chain_state		 state;
	int				 retries, too_soon, earlier;
	int64_t				 next_at, chain_first;
};

/* A code in one group of the written report. */
struct rcode {
	const struct db_guidance	*group;
	uint32_t			 value;
	struct cell			**cells;
	size_t				  ncells;
	long				  count;
};

struct report {
	const struct db		*db;
	struct report_opts	 o;
	FILE			*out;		/* for the per-finding formats */
	struct strmap		*cells;		/* by key (owned) */
	struct cell		**list;		/* in order of creation */
	size_t			  nlist;
	struct report_input	*inputs;
	size_t			  ninputs;
	struct finding		**held;		/* per-finding output held for --min-count */
	size_t			  nheld;
	long			  min_count;
	const struct db_guidance *const *groups;	/* NULL: every group */
	size_t			  ngroups;
	long			  findings;
	int			  worst;
	int			  csv_header;
};

/* Adds v once; returns its index in s->v, or -1 for NULL. */
static long
set_add(struct strset *s, const char *v)
{
	void	*at;
	char	*copy;

	if (v == NULL)
		return -1;
	if (s->m == NULL)
		s->m = strmap_new();
	else if ((at = strmap_get(s->m, v)) != NULL)
		return (long)((uintptr_t)at - 1);
	copy = xstrdup(v);
	s->v = xreallocarray(s->v, s->n + 1, sizeof *s->v);
	s->v[s->n++] = copy;
	strmap_put(s->m, copy, (void *)(uintptr_t)s->n);	/* index + 1: never NULL */
	return (long)s->n - 1;
}

static void
set_free(struct strset *s)
{
	size_t	i;

	for (i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	strmap_free(s->m);
}

struct report *
report_new(const struct db *db, const struct report_opts *o)
{
	struct report	*r = xcalloc(1, sizeof *r);

	r->db = db;
	r->o = *o;
	if (r->o.max_sources <= 0)
		r->o.max_sources = 5;
	r->cells = strmap_new();
	r->worst = -1;
	r->min_count = 1;
	return r;
}

static void
cell_free(struct cell *c)
{
	free(c->host);
	free(c->writer);
	set_free(&c->hosts);
	set_free(&c->writers);
	set_free(&c->methods);
	set_free(&c->sources);
	free(c->times);
	free(c->hostn);
	free(c);
}

static void
finding_free(struct finding *f)
{
	free((char *)f->match);
	free((char *)f->text);
	free((char *)f->host);
	free((char *)f->writer);
	free((char *)f->method);
	free((char *)f->path);
	free(f);
}

void
report_free(struct report *r)
{
	const char	*key;
	void		*v;
	size_t		 pos = 0, i;

	if (r == NULL)
		return;
	while (strmap_next(r->cells, &pos, &key, &v))
		free((char *)key);
	strmap_free(r->cells);
	for (i = 0; i < r->nlist; i++)
		cell_free(r->list[i]);
	free(r->list);
	for (i = 0; i < r->ninputs; i++) {
		free((char *)r->inputs[i].path);
		free((char *)r->inputs[i].kind);
	}
	free(r->inputs);
	for (i = 0; i < r->nheld; i++)
		finding_free(r->held[i]);
	free(r->held);
	free(r);
}

/* Finds or makes the cell of a class, value, host and writer. */
static struct cell *
cell_get(struct report *r, const struct db_guidance *class, uint32_t value,
    const char *host, const char *writer)
{
	struct cell	*c;
	char		 stack[512], *key = stack;
	int		 chain = class->wait_minutes >= 0, n;

	n = snprintf(stack, sizeof stack, "%s\x1f%08X\x1f%s\x1f%s", class->id, value,
	    chain && host ? host : "", chain && writer ? writer : "");
	if (n >= (int)sizeof stack)
		key = xasprintf("%s\x1f%08X\x1f%s\x1f%s", class->id, value,
		    chain && host ? host : "", chain && writer ? writer : "");
	if ((c = strmap_get(r->cells, key)) != NULL) {
		if (key != stack)
			free(key);
		return c;
	}
	if (key == stack)
		key = xstrdup(stack);
	c = xcalloc(1, sizeof *c);
	c->class = class;
	c->value = value;
	resolve(r->db, value, NULL, &c->r);
	if (chain) {
		c->host = host ? xstrdup(host) : NULL;
		c->writer = writer ? xstrdup(writer) : NULL;
	}
	c->first = c->last = TSTAMP_NONE;
	strmap_put(r->cells, key, c);
	r->list = xreallocarray(r->list, r->nlist + 1, sizeof *r->list);
	r->list[r->nlist++] = c;
	return c;
}

static void
cell_time(struct cell *c, int64_t t)
{
	if (t == TSTAMP_NONE) {
		c->untimed++;
		return;
	}
	if (c->first == TSTAMP_NONE || t < c->first)
		c->first = t;
	if (c->last == TSTAMP_NONE || t > c->last)
		c->last = t;
	if (c->class->wait_minutes < 0)
		return;
	if (c->ntimes == c->captimes) {
		c->captimes = c->captimes ? c->captimes * 2 : 8;
		c->times = xreallocarray(c->times, c->captimes, sizeof *c->times);
	}
	c->times[c->ntimes++] = t;
}

static void
cell_source(struct report *r, struct cell *c, const char *src)
{
	if (c->sources.n < (size_t)r->o.max_sources) {
		if (c->sources.m == NULL || strmap_get(c->sources.m, src) == NULL)
			set_add(&c->sources, src);
	} else
		c->more_sources++;
}

/* *a += b, stopping at LONG_MAX: counts are summed over many reports, never wrapped. */
static void
count_add(long *a, long b)
{
	*a = b > 0 && *a > LONG_MAX - b ? LONG_MAX : *a + b;
}

/*
 * The count key of o in a report being merged: 0 when missing, -1 when it is
 * not a whole number from 0 to COUNT_MAX (the report is refused).
 */
static long
merge_count(struct json_object *o, const char *key)
{
	struct json_object	*v;
	int64_t			 n;

	if (!json_object_object_get_ex(o, key, &v))
		return 0;
	if (!json_object_is_type(v, json_type_int) || (n = json_object_get_int64(v)) < 0 ||
	    n > COUNT_MAX)
		return -1;
	return (long)n;
}

/* Counts n findings of a cell for host (none: not counted per host). */
static void
cell_host(struct cell *c, const char *host, long n)
{
	size_t	had = c->hosts.n;
	long	i = set_add(&c->hosts, host);

	if (i < 0)
		return;
	if (c->hosts.n != had) {
		c->hostn = xreallocarray(c->hostn, c->hosts.n, sizeof *c->hostn);
		c->hostn[i] = 0;
	}
	count_add(&c->hostn[i], n);
}

/* Where a finding was: path:line, or path#record for an event. */
static char *
source_of(const struct finding *f)
{
	if (f->event != NULL && f->event->record_id >= 0)
		return xasprintf("%s#%lld", f->path, f->event->record_id);
	return xasprintf("%s:%llu", f->path, (unsigned long long)f->line);
}

static void
note_worst(struct report *r, const struct db_guidance *g)
{
	if (g != NULL && (r->worst < 0 || g->order < r->worst))
		r->worst = g->order;
}

static void	write_csv_row(struct report *, FILE *, const struct finding *);
static void	write_csv_header(struct report *, FILE *);

/* Writes a finding in a per-finding format, or holds it for --min-count. */
static void
pass_finding(struct report *r, const struct finding *f)
{
	struct finding	*h;

	if (r->min_count > 1 || r->groups != NULL) {
		h = xmalloc(sizeof *h);
		*h = *f;
		h->match = xstrndup(f->match, f->match_len);
		h->text = xstrndup(f->text, f->text_len);
		h->host = f->host ? xstrdup(f->host) : NULL;
		h->writer = f->writer ? xstrdup(f->writer) : NULL;
		h->method = f->method ? xstrdup(f->method) : NULL;
		h->path = xstrdup(f->path);
		h->event = NULL;	/* not kept: the event is gone after the callback */
		r->held = xreallocarray(r->held, r->nheld + 1, sizeof *r->held);
		r->held[r->nheld++] = h;
		return;
	}
	if (r->o.format == REPORT_JSONL)
		emit_jsonl(r->out, f);
	else
		write_csv_row(r, r->out, f);
}

void
report_add(struct report *r, const struct finding *f)
{
	const struct db_guidance	*g = f->r.guidance;
	struct cell			*c;
	char				*src;

	if (g == NULL)
		return;
	r->findings++;
	c = cell_get(r, g, f->value, f->host, f->writer);
	c->count++;
	cell_time(c, f->time);
	cell_host(c, f->host, 1);
	set_add(&c->writers, f->writer);
	set_add(&c->methods, f->method);
	if (c->sources.n < (size_t)r->o.max_sources) {
		src = source_of(f);
		cell_source(r, c, src);
		free(src);
	} else
		c->more_sources++;
	if (r->o.format == REPORT_JSONL || (r->o.format == REPORT_CSV && !r->o.summary))
		pass_finding(r, f);
}

void
report_input(struct report *r, const struct report_input *in)
{
	struct report_input	*x;

	r->inputs = xreallocarray(r->inputs, r->ninputs + 1, sizeof *r->inputs);
	x = &r->inputs[r->ninputs++];
	*x = *in;
	x->path = xstrdup(in->path);
	x->kind = xstrdup(in->kind ? in->kind : "text");
}

void
report_groups(struct report *r, const struct db_guidance *const *groups, size_t n)
{
	r->groups = n > 0 ? groups : NULL;
	r->ngroups = n;
}

void
report_min_count(struct report *r, long n)
{
	r->min_count = n;
}

static int
cmp_time(const void *a, const void *b)
{
	int64_t	x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * Evaluates a retry chain: the first failure starts it; a later one at least
 * wait_minutes after the one before is a retry, a sooner one was "retried too
 * soon"; a gap longer than the retry window starts a new chain.
 */
static void
evaluate(struct report *r, struct cell *c)
{
	int64_t	wait = (int64_t)c->class->wait_minutes * 60, *t;
	size_t	i, n = 0, start = 0;

	c->state = CHAIN_NONE;
	if (c->class->wait_minutes < 0)
		return;
	if (c->ntimes > 1)
		qsort(c->times, c->ntimes, sizeof *c->times, cmp_time);
	/*
	 * One failure logged twice is one attempt; c->times keeps both, so that
	 * the report's "failures" still add up to the count when merged.
	 */
	t = xreallocarray(NULL, c->ntimes ? c->ntimes : 1, sizeof *t);
	for (i = 0; i < c->ntimes; i++) {
		if (n == 0 || c->times[i] != t[n - 1])
			t[n++] = c->times[i];
	}
	c->retries = c->too_soon = c->earlier = 0;
	c->next_at = TSTAMP_NONE;
	if (n == 0) {
		/* no time known: nothing to wait for */
		c->state = CHAIN_DUE;
		c->chain_first = TSTAMP_NONE;
		free(t);
		return;
	}
	for (i = 1; i < n; i++) {
		if (t[i] - t[i - 1] > r->o.retry_window) {
			start = i;
			c->earlier++;
		}
	}
	c->chain_first = t[start];
	for (i = start + 1; i < n; i++) {
		if (t[i] - t[i - 1] >= wait)
			c->retries++;
		else
			c->too_soon++;
	}
	if (c->retries >= c->class->max_retries)
		c->state = CHAIN_EXHAUSTED;
	else if (r->o.at >= t[n - 1] + wait)
		c->state = CHAIN_DUE;
	else {
		c->state = CHAIN_WAIT;
		c->next_at = t[n - 1] + wait;
	}
	if (c->state == CHAIN_DUE)
		c->next_at = t[n - 1] + wait;
	free(t);
}

static int
cmp_rcode(const void *a, const void *b)
{
	const struct rcode	*x = a, *y = b;

	if (x->group->order != y->group->order)
		return x->group->order < y->group->order ? -1 : 1;
	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return x->value < y->value ? -1 : x->value > y->value;
}

/* Builds the codes of the report from the cells; the caller frees them. */
static struct rcode *
build(struct report *r, size_t *n)
{
	const struct db_guidance	*exhausted = db_guidance_find(r->db, "exhausted");
	struct rcode			*codes = NULL;
	size_t				 ncodes = 0, i, k;

	for (i = 0; i < r->nlist; i++) {
		struct cell			*c = r->list[i];
		const struct db_guidance	*g = c->class;

		evaluate(r, c);
		if (c->count == 0)
			continue;	/* failures of earlier runs only (cron mode) */
		if (c->state == CHAIN_EXHAUSTED && exhausted != NULL)
			g = exhausted;
		for (k = 0; k < ncodes; k++) {
			if (codes[k].group == g && codes[k].value == c->value)
				break;
		}
		if (k == ncodes) {
			codes = xreallocarray(codes, ncodes + 1, sizeof *codes);
			memset(&codes[ncodes], 0, sizeof *codes);
			codes[ncodes].group = g;
			codes[ncodes].value = c->value;
			ncodes++;
		}
		codes[k].cells = xreallocarray(codes[k].cells, codes[k].ncells + 1,
		    sizeof *codes[k].cells);
		codes[k].cells[codes[k].ncells++] = c;
		count_add(&codes[k].count, c->count);
	}
	for (k = 0; k < ncodes; k++) {
		for (i = 0; r->groups != NULL && i < r->ngroups; i++) {
			if (r->groups[i] == codes[k].group)
				break;
		}
		if (codes[k].count < r->min_count || (r->groups != NULL && i == r->ngroups)) {
			codes[k].count = 0;
			continue;
		}
		note_worst(r, codes[k].group);
	}
	if (ncodes > 1)
		qsort(codes, ncodes, sizeof *codes, cmp_rcode);
	*n = ncodes;
	return codes;
}

static void
free_codes(struct rcode *codes, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		free(codes[i].cells);
	free(codes);
}

/* The union of one set over a code's cells, written by fn. */
static void
each_of(const struct rcode *c, size_t off, void (*fn)(void *, const char *), void *arg)
{
	struct strset	seen;
	size_t		i, k;

	memset(&seen, 0, sizeof seen);
	for (i = 0; i < c->ncells; i++) {
		const struct strset	*s = (const struct strset *)((const char *)c->cells[i] + off);

		for (k = 0; k < s->n; k++) {
			if (seen.m != NULL && strmap_get(seen.m, s->v[k]) != NULL)
				continue;
			set_add(&seen, s->v[k]);
			fn(arg, s->v[k]);
		}
	}
	set_free(&seen);
}

static void
json_each(void *arg, const char *s)
{
	jw_str(arg, s);
}

static void
json_set(struct jw *j, const char *key, const struct rcode *c, size_t off)
{
	jw_key(j, key);
	jw_open(j, '[');
	each_of(c, off, json_each, j);
	jw_close(j, ']');
}

static void
code_span(const struct rcode *c, int64_t *first, int64_t *last, long *more)
{
	size_t	i;

	*first = *last = TSTAMP_NONE;
	*more = 0;
	for (i = 0; i < c->ncells; i++) {
		const struct cell	*x = c->cells[i];

		if (x->first != TSTAMP_NONE && (*first == TSTAMP_NONE || x->first < *first))
			*first = x->first;
		if (x->last != TSTAMP_NONE && (*last == TSTAMP_NONE || x->last > *last))
			*last = x->last;
		*more += x->more_sources;
	}
}

static void
json_chain(struct jw *j, const struct cell *c)
{
	size_t	i;

	jw_open(j, '{');
	jw_kstr(j, "class", c->class->id);
	jw_kstr(j, "host", c->host);
	jw_kstr(j, "writer", c->writer);
	jw_kstr(j, "state", state_names[c->state]);
	jw_kint(j, "retries_used", c->retries);
	jw_kint(j, "max_retries", c->class->max_retries);
	jw_kint(j, "wait_minutes", c->class->wait_minutes);
	jw_ktime(j, "next_at", c->state == CHAIN_EXHAUSTED ? TSTAMP_NONE : c->next_at);
	jw_ktime(j, "first_failure", c->chain_first);
	jw_ktime(j, "last_failure", c->ntimes ? c->times[c->ntimes - 1] : TSTAMP_NONE);
	jw_kint(j, "retried_too_soon", c->too_soon);
	jw_kint(j, "earlier_chains", c->earlier);
	jw_kint(j, "untimed_failures", c->untimed);
	jw_key(j, "failures");
	jw_open(j, '[');
	for (i = 0; i < c->ntimes; i++)
		jw_time(j, c->times[i], 0);
	jw_close(j, ']');
	jw_close(j, '}');
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * "host_counts": the findings of a code per host, hosts in name order.  A
 * host merged from a report that did not count it is left out.
 */
static void
json_host_counts(struct jw *j, const struct rcode *c)
{
	struct strmap	*m = strmap_new();
	const char	**names = NULL;
	size_t		  n = 0, i, h;

	for (i = 0; i < c->ncells; i++) {
		const struct cell	*x = c->cells[i];

		for (h = 0; h < x->hosts.n; h++) {
			long	*cnt;

			if (x->hostn[h] == 0)
				continue;
			if ((cnt = strmap_get(m, x->hosts.v[h])) == NULL) {
				cnt = xcalloc(1, sizeof *cnt);
				strmap_put(m, x->hosts.v[h], cnt);
				names = xreallocarray(names, n + 1, sizeof *names);
				names[n++] = x->hosts.v[h];
			}
			count_add(cnt, x->hostn[h]);
		}
	}
	if (n > 1)
		qsort(names, n, sizeof *names, cmp_str);
	jw_key(j, "host_counts");
	jw_open(j, '{');
	for (i = 0; i < n; i++) {
		long	*cnt = strmap_get(m, names[i]);

		jw_kint(j, names[i], *cnt);
		free(cnt);
	}
	jw_close(j, '}');
	free(names);
	strmap_free(m);
}

static void
json_code(struct jw *j, const struct report *r, const struct rcode *c)
{
	const struct resolved	*res = &c->cells[0]->r;
	char			 hex[16];
	int64_t			 first, last;
	long			 more;
	size_t			 i, k, listed = 0;
	int			 chains = 0;

	snprintf(hex, sizeof hex, "0x%08X", c->value);
	code_span(c, &first, &last, &more);
	jw_open(j, '{');
	jw_kstr(j, "code", hex);
	jw_kstr(j, "name", resolved_name(res));
	jw_kstr(j, "namespace", resolved_ns(res));
	jw_kstr(j, "title", res->code != NULL ? res->code->title : NULL);
	jw_kstr(j, "description", res->code != NULL ? res->code->description : NULL);
	jw_kint(j, "count", c->count);
	jw_ktime(j, "first_seen", first);
	jw_ktime(j, "last_seen", last);
	json_set(j, "hosts", c, offsetof(struct cell, hosts));
	json_host_counts(j, c);
	json_set(j, "writers", c, offsetof(struct cell, writers));
	json_set(j, "methods", c, offsetof(struct cell, methods));
	jw_key(j, "sources");
	jw_open(j, '[');
	for (i = 0; i < c->ncells; i++) {
		for (k = 0; k < c->cells[i]->sources.n; k++) {
			if (listed < (size_t)r->o.max_sources) {
				jw_str(j, c->cells[i]->sources.v[k]);
				listed++;
			} else
				more++;
		}
	}
	jw_close(j, ']');
	jw_kint(j, "more_sources", more);
	for (i = 0; i < c->ncells; i++)
		chains |= c->cells[i]->class->wait_minutes >= 0;
	if (chains) {
		jw_key(j, "retry_chains");
		jw_open(j, '[');
		for (i = 0; i < c->ncells; i++)
			json_chain(j, c->cells[i]);
		jw_close(j, ']');
	}
	jw_close(j, '}');
}

static void
write_json(struct report *r, FILE *f, const struct rcode *codes, size_t n)
{
	const struct db_guidance *const	*gl;
	struct jw			 j;
	char				 buf[40];
	size_t				 ng, gi, i;
	long				 total = 0, ncodes = 0;
	int				 errors = 0;

	gl = db_guidances(r->db, &ng);
	jw_init(&j, f, 1);
	jw_open(&j, '{');
	jw_kint(&j, "schema_version", REPORT_SCHEMA_VERSION);
	jw_kstr(&j, "tool", PACKAGE_STRING);
	tstamp_format(r->o.at, 0, buf, sizeof buf);
	jw_kstr(&j, "reference_time", buf);
	jw_kint(&j, "retry_window_minutes", r->o.retry_window / 60);
	jw_key(&j, "inputs");
	jw_open(&j, '[');
	for (i = 0; i < r->ninputs; i++) {
		const struct report_input	*in = &r->inputs[i];

		jw_open(&j, '{');
		jw_kstr(&j, "path", in->path);
		jw_kstr(&j, "kind", in->kind);
		jw_kint(&j, "bytes", (long long)in->bytes);
		jw_kint(&j, "lines", (long long)in->lines);
		jw_kint(&j, "events", (long long)in->events);
		jw_kint(&j, "errors", in->errors);
		jw_close(&j, '}');
		errors += in->errors > 0;
	}
	jw_close(&j, ']');
	for (i = 0; i < n; i++) {
		if (codes[i].count > 0) {
			count_add(&total, codes[i].count);
			ncodes++;
		}
	}
	jw_key(&j, "totals");
	jw_open(&j, '{');
	jw_kint(&j, "inputs", (long long)r->ninputs);
	jw_kint(&j, "errors", errors);
	jw_kint(&j, "findings", total);
	jw_kint(&j, "codes", ncodes);
	jw_key(&j, "by_guidance");
	jw_open(&j, '{');
	for (gi = 0; gi < ng; gi++) {
		long	c = 0;

		for (i = 0; i < n; i++) {
			if (codes[i].group == gl[gi])
				count_add(&c, codes[i].count);
		}
		if (c > 0)
			jw_kint(&j, gl[gi]->id, c);
	}
	jw_close(&j, '}');
	jw_close(&j, '}');
	jw_key(&j, "groups");
	jw_open(&j, '[');
	for (gi = 0; gi < ng; gi++) {
		const struct db_guidance	*g = gl[gi];
		int				 any = 0;

		for (i = 0; i < n; i++)
			any |= codes[i].group == g && codes[i].count > 0;
		if (!any)
			continue;
		jw_open(&j, '{');
		jw_kstr(&j, "guidance", g->id);
		jw_kstr(&j, "title", g->title);
		jw_kstr(&j, "advice", g->advice);
		jw_key(&j, "retry");
		if (g->wait_minutes >= 0) {
			jw_open(&j, '{');
			jw_kint(&j, "wait_minutes", g->wait_minutes);
			jw_kint(&j, "max_retries", g->max_retries);
			jw_close(&j, '}');
		} else
			jw_null(&j);
		jw_key(&j, "codes");
		jw_open(&j, '[');
		for (i = 0; i < n; i++) {
			if (codes[i].group == g && codes[i].count > 0)
				json_code(&j, r, &codes[i]);
		}
		jw_close(&j, ']');
		jw_close(&j, '}');
	}
	jw_close(&j, ']');
	jw_close(&j, '}');
	fputc('\n', f);
}

/* Writes one CSV field (RFC 4180: quoted when it holds a comma, quote or line end). */
static void
csv_field(FILE *f, const char *s, size_t n, int last)
{
	size_t	i;

	if (s == NULL)
		s = "", n = 0;
	if (n > 0 && (memchr(s, ',', n) || memchr(s, '"', n) || memchr(s, '\n', n) ||
	    memchr(s, '\r', n))) {
		fputc('"', f);
		for (i = 0; i < n; i++) {
			if (s[i] == '"')
				fputc('"', f);
			fputc(s[i], f);
		}
		fputc('"', f);
	} else
		fwrite(s, 1, n, f);
	fputs(last ? "\r\n" : ",", f);
}

static void
csv_str(FILE *f, const char *s, int last)
{
	csv_field(f, s, s != NULL ? strlen(s) : 0, last);
}

static void
write_csv_row(struct report *r, FILE *f, const struct finding *x)
{
	char	buf[64];

	write_csv_header(r, f);
	snprintf(buf, sizeof buf, "0x%08X", x->value);
	csv_str(f, buf, 0);
	csv_str(f, resolved_name(&x->r), 0);
	csv_str(f, x->r.guidance ? x->r.guidance->id : NULL, 0);
	csv_str(f, x->path, 0);
	snprintf(buf, sizeof buf, "%llu", (unsigned long long)x->line);
	csv_str(f, buf, 0);
	snprintf(buf, sizeof buf, "%llu", (unsigned long long)x->offset);
	csv_str(f, buf, 0);
	if (x->time != TSTAMP_NONE)
		tstamp_format(x->time, x->nsec, buf, sizeof buf);
	csv_str(f, x->time != TSTAMP_NONE ? buf : NULL, 0);
	csv_str(f, x->host, 0);
	csv_str(f, x->writer, 0);
	csv_str(f, x->method, 0);
	if (x->event != NULL) {
		snprintf(buf, sizeof buf, "%ld", x->event->event_id);
		csv_str(f, buf, 0);
		snprintf(buf, sizeof buf, "%lld", x->event->record_id);
		csv_str(f, x->event->record_id >= 0 ? buf : NULL, 0);
	} else {
		csv_str(f, NULL, 0);
		csv_str(f, NULL, 0);
	}
	csv_field(f, x->match, x->match_len, 0);
	csv_field(f, x->text, x->text_len, 1);
}

static void
write_csv_header(struct report *r, FILE *f)
{
	if (r->csv_header)
		return;
	fputs("code,name,guidance,path,line,offset,time,host,writer,method,"
	    "event_id,record_id,match,text\r\n", f);
	r->csv_header = 1;
}

/* Appends s to a growing ";"-separated list. */
static void
join_each(void *arg, const char *s)
{
	char	**list = arg;
	char	 *old = *list;

	*list = old != NULL ? xasprintf("%s;%s", old, s) : xstrdup(s);
	free(old);
}

static char *
joined(const struct rcode *c, size_t off)
{
	char	*list = NULL;

	each_of(c, off, join_each, &list);
	return list;
}

static void
write_csv_summary(struct report *r, FILE *f, const struct rcode *codes, size_t n)
{
	size_t	i;

	fputs("guidance,code,name,count,first_seen,last_seen,hosts,writers,methods\r\n", f);
	for (i = 0; i < n; i++) {
		const struct rcode	*c = &codes[i];
		char			 buf[48], *s;
		int64_t			 first, last;
		long			 more;

		if (c->count == 0)
			continue;
		code_span(c, &first, &last, &more);
		csv_str(f, c->group->id, 0);
		snprintf(buf, sizeof buf, "0x%08X", c->value);
		csv_str(f, buf, 0);
		csv_str(f, resolved_name(&c->cells[0]->r), 0);
		snprintf(buf, sizeof buf, "%ld", c->count);
		csv_str(f, buf, 0);
		if (first != TSTAMP_NONE)
			tstamp_format(first, 0, buf, sizeof buf);
		csv_str(f, first != TSTAMP_NONE ? buf : NULL, 0);
		if (last != TSTAMP_NONE)
			tstamp_format(last, 0, buf, sizeof buf);
		csv_str(f, last != TSTAMP_NONE ? buf : NULL, 0);
		csv_str(f, s = joined(c, offsetof(struct cell, hosts)), 0);
		free(s);
		csv_str(f, s = joined(c, offsetof(struct cell, writers)), 0);
		free(s);
		csv_str(f, s = joined(c, offsetof(struct cell, methods)), 1);
		free(s);
	}
	(void)r;
}

/* ANSI colours of the group headings, by class id; others are bold only. */
static const char *
color_of(const char *id)
{
	static const struct {
		const char	*id, *sgr;
	} colors[] = {
		{ "exhausted", "1;31" }, { "transient", "1;33" }, { "busy", "1;33" },
		{ "reboot", "1;35" }, { "fix", "1;31" }, { "requester", "1;36" },
		{ "investigate", "1;34" }, { "unknown", "1;37" }, { "info", "1;32" },
	};
	size_t	i;

	for (i = 0; i < sizeof colors / sizeof colors[0]; i++) {
		if (strcmp(colors[i].id, id) == 0)
			return colors[i].sgr;
	}
	return "1";
}

static void
text_list(FILE *f, const char *label, const struct rcode *c, size_t off)
{
	char	*s = joined(c, off), *p;

	if (s == NULL)
		return;
	for (p = s; (p = strchr(p, ';')) != NULL; p++)
		*p = ',';	/* joined with ";" for CSV; ", " reads better */
	{
		char	*spaced = xmalloc(strlen(s) * 2 + 1), *q = spaced;

		for (p = s; *p != '\0'; p++) {
			*q++ = *p;
			if (*p == ',')
				*q++ = ' ';
		}
		*q = '\0';
		wrap_field(f, 2, label, COL, spaced, WIDTH);
		free(spaced);
	}
	free(s);
}

static void
text_chain(FILE *f, const struct report *r, const struct cell *c, int *first)
{
	char	 when[40], last[40], *line;
	char	 who[600];

	snprintf(who, sizeof who, "%s%s%s", c->host ? c->host : "(no host)",
	    c->writer ? ", writer " : "", c->writer ? c->writer : "");
	if (c->ntimes > 0)
		tstamp_format(c->times[c->ntimes - 1], 0, last, sizeof last);
	switch (c->state) {
	case CHAIN_EXHAUSTED:
		line = xasprintf("%s: all %d retries failed (last failure %s)", who,
		    c->class->max_retries, c->ntimes ? last : "at an unknown time");
		break;
	case CHAIN_DUE:
		line = c->ntimes == 0 ?
		    xasprintf("%s: retry %d of %d is due now (failure times unknown)", who,
		    c->retries + 1, c->class->max_retries) :
		    xasprintf("%s: retry %d of %d is due now (last failure %s)", who,
		    c->retries + 1, c->class->max_retries, last);
		break;
	case CHAIN_WAIT:
		tstamp_format(c->next_at, 0, when, sizeof when);
		line = xasprintf("%s: wait until %s, then retry (%d of %d)", who, when,
		    c->retries + 1, c->class->max_retries);
		break;
	default:
		return;
	}
	if (c->too_soon > 0 || c->earlier > 0) {
		char	*more = xasprintf("%s;%s%s%s", line,
		    c->too_soon ? " retried too soon " : "",
		    c->too_soon ? (c->too_soon == 1 ? "once" : "more than once") : "",
		    c->earlier ? " (earlier failures older than the retry window were "
		    "counted apart)" : "");

		free(line);
		line = more;
	}
	wrap_field(f, 2, *first ? "Retry" : "", COL, line, WIDTH);
	*first = 0;
	free(line);
	(void)r;
}

static void
text_code(FILE *f, const struct report *r, const struct rcode *c)
{
	const struct resolved	*res = &c->cells[0]->r;
	const char		*name = resolved_name(res);
	char			 a[40], b[40], *s;
	int64_t			 first, last;
	long			 more;
	size_t			 i, k, listed = 0;
	int			 head = 1;

	code_span(c, &first, &last, &more);
	if (name == NULL)
		name = res->code && res->code->title ? res->code->title : "(no name)";
	s = xasprintf("(%ld finding%s)", c->count, c->count == 1 ? "" : "s");
	if (COL + strlen(name) + 2 + strlen(s) <= WIDTH)
		fprintf(f, "\n0x%08X  %s  %s\n", c->value, name, s);
	else {
		/* a long title: wrapped under itself, the count on a line of its own */
		fprintf(f, "\n0x%08X  ", c->value);
		wrap(f, name, COL, COL, WIDTH);
		fprintf(f, "%*s%s\n", COL, "", s);
	}
	free(s);
	if (res->code != NULL)
		wrap_field(f, 2, "Meaning", COL, res->code->description, WIDTH);
	else
		wrap_field(f, 2, "Meaning", COL, "vssexplain knows no meaning for this code; "
		    "see 'vssexplain explain' for its layout", WIDTH);
	if (first != TSTAMP_NONE) {
		tstamp_format(first, 0, a, sizeof a);
		tstamp_format(last, 0, b, sizeof b);
		s = first == last ? xasprintf("%s", a) : xasprintf("%s to %s", a, b);
		wrap_field(f, 2, "Seen", COL, s, WIDTH);
		free(s);
	}
	text_list(f, "Hosts", c, offsetof(struct cell, hosts));
	text_list(f, "Writers", c, offsetof(struct cell, writers));
	text_list(f, "Methods", c, offsetof(struct cell, methods));
	for (i = 0; i < c->ncells; i++)
		text_chain(f, r, c->cells[i], &head);
	for (i = 0, head = 1; i < c->ncells; i++) {
		for (k = 0; k < c->cells[i]->sources.n; k++) {
			if (listed++ >= (size_t)r->o.max_sources) {
				more++;
				continue;
			}
			wrap_field(f, 2, head ? "Sources" : "", COL, c->cells[i]->sources.v[k],
			    WIDTH);
			head = 0;
		}
	}
	if (more > 0) {
		s = xasprintf("and %ld more", more);
		wrap_field(f, 2, "", COL, s, WIDTH);
		free(s);
	}
}

static void
write_text(struct report *r, FILE *f, const struct rcode *codes, size_t n)
{
	const struct db_guidance *const	*gl;
	struct strmap			*hosts = strmap_new();
	char				 buf[40], *s;
	size_t				 ng, gi, i, k;
	long				 total = 0, nhosts = 0;
	int				 errors = 0;

	gl = db_guidances(r->db, &ng);
	for (i = 0; i < r->ninputs; i++)
		errors += r->inputs[i].errors > 0;
	for (i = 0; i < n; i++)
		count_add(&total, codes[i].count);
	tstamp_format(r->o.at, 0, buf, sizeof buf);
	fprintf(f, "vssexplain report, %s\n", buf);
	fprintf(f, "%zu input%s scanned, %d with errors; %ld finding%s.\n", r->ninputs,
	    r->ninputs == 1 ? "" : "s", errors, total, total == 1 ? "" : "s");
	if (total == 0) {
		fprintf(f, "No VSS or backup error codes were found.\n");
		strmap_free(hosts);
		return;
	}
	fprintf(f, "\nSummary\n");
	for (gi = 0; gi < ng; gi++) {
		long	c = 0, nc = 0;

		for (i = 0; i < n; i++) {
			if (codes[i].group == gl[gi] && codes[i].count > 0) {
				count_add(&c, codes[i].count);
				nc++;
			}
		}
		if (c > 0)
			fprintf(f, "  %-12s %5ld finding%s %3ld code%s  %s\n", gl[gi]->id, c,
			    c == 1 ? " " : "s", nc, nc == 1 ? " " : "s", gl[gi]->title);
	}
	/* findings per host, in order of first appearance */
	for (i = 0; i < n; i++) {
		for (k = 0; k < codes[i].ncells && codes[i].count > 0; k++) {
			const struct cell	*c = codes[i].cells[k];
			size_t			 h;

			for (h = 0; h < c->hosts.n; h++) {
				long	*cnt = strmap_get(hosts, c->hosts.v[h]);

				if (c->hostn[h] == 0)
					continue;	/* merged without per-host counts */
				if (cnt == NULL) {
					cnt = xcalloc(1, sizeof *cnt);
					strmap_put(hosts, c->hosts.v[h], cnt);
					nhosts++;
				}
				count_add(cnt, c->hostn[h]);
			}
		}
	}
	if (nhosts > 0) {
		char		*line = NULL;
		const char	*key;
		void		*v;
		size_t		 pos = 0;
		char		**names = xcalloc((size_t)nhosts, sizeof *names);
		long		 m = 0;

		while (strmap_next(hosts, &pos, &key, &v))
			names[m++] = (char *)key;
		qsort(names, (size_t)m, sizeof *names, cmp_str);
		for (k = 0; k < (size_t)m; k++) {
			char	*old = line;

			line = xasprintf("%s%s%s %ld", old ? old : "", old ? ", " : "", names[k],
			    *(long *)strmap_get(hosts, names[k]));
			free(old);
		}
		wrap_field(f, 2, "Hosts", 15, line, WIDTH);
		free(line);
		free(names);
		pos = 0;
		while (strmap_next(hosts, &pos, &key, &v))
			free(v);
	}
	strmap_free(hosts);
	for (gi = 0; gi < ng; gi++) {
		const struct db_guidance	*g = gl[gi];
		int				 any = 0;

		for (i = 0; i < n; i++)
			any |= codes[i].group == g && codes[i].count > 0;
		if (!any)
			continue;
		s = xasprintf("%s (%s)", g->title, g->id);
		if (r->o.color)
			fprintf(f, "\n\033[%sm== %s ==\033[0m\n", color_of(g->id), s);
		else
			fprintf(f, "\n== %s ==\n", s);
		free(s);
		wrap(f, g->advice, 0, 0, WIDTH);
		if (g->wait_minutes >= 0) {
			s = xasprintf("Retry policy: wait %d minutes between attempts, at most %d "
			    "retries.", g->wait_minutes, g->max_retries);
			wrap(f, s, 0, 0, WIDTH);
			free(s);
		}
		for (i = 0; i < n; i++) {
			if (codes[i].group == g && codes[i].count > 0)
				text_code(f, r, &codes[i]);
		}
	}
}

/* The group of a held finding once its chain is evaluated. */
static const struct db_guidance *
finding_group(struct report *r, const struct finding *h)
{
	const struct db_guidance	*g = h->r.guidance, *ex;
	struct cell			*c;
	char				*key;

	if (g->wait_minutes < 0)
		return g;
	key = xasprintf("%s\x1f%08X\x1f%s\x1f%s", g->id, h->value, h->host ? h->host : "",
	    h->writer ? h->writer : "");
	c = strmap_get(r->cells, key);
	free(key);
	if (c != NULL && c->state == CHAIN_EXHAUSTED &&
	    (ex = db_guidance_find(r->db, "exhausted")) != NULL)
		return ex;
	return g;
}

int
report_write(struct report *r, FILE *f)
{
	struct rcode	*codes;
	size_t		 n, i;

	codes = build(r, &n);
	switch (r->o.format) {
	case REPORT_TEXT:
		write_text(r, f, codes, n);
		break;
	case REPORT_JSON:
		write_json(r, f, codes, n);
		break;
	case REPORT_CSV:
		if (r->o.summary) {
			write_csv_summary(r, f, codes, n);
			break;
		}
		/* FALLTHROUGH */
	case REPORT_JSONL:
		r->out = f;
		for (i = 0; i < r->nheld; i++) {
			struct finding			*h = r->held[i];
			const struct db_guidance	*g = finding_group(r, h);
			size_t				 k;

			for (k = 0; k < n; k++) {
				if (codes[k].group == g && codes[k].value == h->value &&
				    codes[k].count > 0)
					break;
			}
			if (k == n)
				continue;	/* below --min-count, or not a group asked for */
			if (r->o.format == REPORT_JSONL)
				emit_jsonl(f, h);
			else
				write_csv_row(r, f, h);
		}
		if (r->o.format == REPORT_CSV)
			write_csv_header(r, f);
		break;
	}
	free_codes(codes, n);
	fflush(f);
	return ferror(f) ? -1 : 0;
}

void
report_stream(struct report *r, FILE *f)
{
	r->out = f;
}

int
report_worst(const struct report *r)
{
	return r->worst;
}

long
report_count(const struct report *r)
{
	return r->findings;
}

/* Adds one code object of a report, under class (or the chain's own class). */
static int
merge_code(struct report *r, const struct db_guidance *group, struct json_object *code,
    char **err)
{
	struct json_object	*chains, *arr;
	const char		*hex = jr_str(code, "code");
	uint32_t		 value;
	enum code_form		 form;
	size_t			 i, k;

	if (hex == NULL || code_parse(hex, &value, &form) != 0) {
		*err = xstrdup("a code without a valid \"code\"");
		return -1;
	}
	if ((chains = jr_get(code, "retry_chains", json_type_array)) != NULL) {
		for (i = 0; i < json_object_array_length(chains); i++) {
			struct json_object		*ch = json_object_array_get_idx(chains, i);
			const struct db_guidance	*cls;
			struct cell			*c;
			struct json_object		*times;
			const char			*cid = jr_str(ch, "class");
			long				 before, u, more;

			cls = cid != NULL ? db_guidance_find(r->db, cid) : NULL;
			if (cls == NULL || cls->wait_minutes < 0) {
				*err = xasprintf("code %s: a retry chain of unknown class '%s'",
				    hex, cid ? cid : "");
				return -1;
			}
			c = cell_get(r, cls, value, jr_str(ch, "host"), jr_str(ch, "writer"));
			before = c->count;
			set_add(&c->writers, jr_str(ch, "writer"));
			if ((times = jr_get(ch, "failures", json_type_array)) != NULL) {
				for (k = 0; k < json_object_array_length(times); k++) {
					cell_time(c, jr_time(json_object_array_get_idx(times, k)));
					c->count++;
				}
			}
			if ((u = merge_count(ch, "untimed_failures")) < 0 ||
			    (more = merge_count(code, "more_sources")) < 0) {
				*err = xasprintf("code %s: a count out of range", hex);
				return -1;
			}
			count_add(&c->untimed, u);
			count_add(&c->count, u);
			cell_host(c, jr_str(ch, "host"), c->count - before);
			if (i == 0) {
				/* the code's lists go to its first chain */
				if ((arr = jr_get(code, "methods", json_type_array)) != NULL)
					for (k = 0; k < json_object_array_length(arr); k++)
						set_add(&c->methods, json_object_get_string(
						    json_object_array_get_idx(arr, k)));
				if ((arr = jr_get(code, "sources", json_type_array)) != NULL)
					for (k = 0; k < json_object_array_length(arr); k++)
						cell_source(r, c, json_object_get_string(
						    json_object_array_get_idx(arr, k)));
				count_add(&c->more_sources, more);
			}
		}
		return 0;
	}
	{
		struct cell		*c = cell_get(r, group, value, NULL, NULL);
		struct json_object	*hc;
		long			 n = merge_count(code, "count"), more;

		if (n < 0 || (more = merge_count(code, "more_sources")) < 0) {
			*err = xasprintf("code %s: a count out of range", hex);
			return -1;
		}
		count_add(&c->count, n);
		cell_time(c, jr_time(jr_get(code, "first_seen", json_type_string)));
		cell_time(c, jr_time(jr_get(code, "last_seen", json_type_string)));
		c->untimed = 0;
		/*
		 * The findings per host come from "host_counts"; a report without
		 * them tells them only when the code was seen on one host.
		 */
		hc = jr_get(code, "host_counts", json_type_object);
		if ((arr = jr_get(code, "hosts", json_type_array)) != NULL)
			for (k = 0; k < json_object_array_length(arr); k++) {
				const char	*h = json_object_get_string(
				    json_object_array_get_idx(arr, k));
				int64_t		 hn = hc != NULL && h != NULL ? jr_count(hc, h) : -1;

				cell_host(c, h, hc != NULL ? (hn > 0 && hn <= COUNT_MAX ? hn : 0) :
				    json_object_array_length(arr) == 1 ? n : 0);
			}
		if ((arr = jr_get(code, "writers", json_type_array)) != NULL)
			for (k = 0; k < json_object_array_length(arr); k++)
				set_add(&c->writers, json_object_get_string(json_object_array_get_idx(arr, k)));
		if ((arr = jr_get(code, "methods", json_type_array)) != NULL)
			for (k = 0; k < json_object_array_length(arr); k++)
				set_add(&c->methods, json_object_get_string(json_object_array_get_idx(arr, k)));
		if ((arr = jr_get(code, "sources", json_type_array)) != NULL)
			for (k = 0; k < json_object_array_length(arr); k++)
				cell_source(r, c, json_object_get_string(json_object_array_get_idx(arr, k)));
		count_add(&c->more_sources, more);
	}
	return 0;
}

int
report_merge_file(struct report *r, const char *path, char **err)
{
	struct json_object	*doc, *v, *groups, *inputs;
	enum json_tokener_error	 jerr;
	struct json_tokener	*tok;
	FILE			*f;
	char			 buf[65536];
	size_t			 n, i, k;
	int			 status = -1;
	char			*why = NULL;

	if ((f = fopen(path, "r")) == NULL) {
		*err = xasprintf("cannot open %s: %s", path, strerror(errno));
		return -1;
	}
	tok = json_tokener_new();
	doc = NULL;
	do {
		n = fread(buf, 1, sizeof buf, f);
		doc = json_tokener_parse_ex(tok, buf, (int)n);
		jerr = json_tokener_get_error(tok);
	} while (jerr == json_tokener_continue && n > 0);
	if (ferror(f))
		*err = xasprintf("%s: read error", path);
	else if (doc == NULL || jerr != json_tokener_success)
		*err = xasprintf("%s: not JSON (%s at byte %zu)", path,
		    jerr == json_tokener_continue ? "unexpected end" :
		    json_tokener_error_desc(jerr), (size_t)json_tokener_get_parse_end(tok));
	fclose(f);
	json_tokener_free(tok);
	if (*err != NULL) {
		json_object_put(doc);
		return -1;
	}
	if ((v = jr_get(doc, "schema_version", json_type_int)) == NULL ||
	    json_object_get_int(v) != REPORT_SCHEMA_VERSION ||
	    (groups = jr_get(doc, "groups", json_type_array)) == NULL) {
		*err = xasprintf("%s: not a vssexplain JSON report of schema version %d", path,
		    REPORT_SCHEMA_VERSION);
		goto out;
	}
	if ((inputs = jr_get(doc, "inputs", json_type_array)) != NULL) {
		for (i = 0; i < json_object_array_length(inputs); i++) {
			struct json_object	*in = json_object_array_get_idx(inputs, i);
			struct report_input	 ri;

			memset(&ri, 0, sizeof ri);
			ri.path = jr_str(in, "path") ? jr_str(in, "path") : "?";
			ri.kind = jr_str(in, "kind");
			if ((v = jr_get(in, "bytes", json_type_int)) != NULL)
				ri.bytes = (uint64_t)json_object_get_int64(v);
			if ((v = jr_get(in, "lines", json_type_int)) != NULL)
				ri.lines = (uint64_t)json_object_get_int64(v);
			if ((v = jr_get(in, "events", json_type_int)) != NULL)
				ri.events = (uint64_t)json_object_get_int64(v);
			if ((v = jr_get(in, "errors", json_type_int)) != NULL)
				ri.errors = json_object_get_int(v);
			report_input(r, &ri);
		}
	}
	for (i = 0; i < json_object_array_length(groups); i++) {
		struct json_object		*g = json_object_array_get_idx(groups, i), *codes;
		const char			*id = jr_str(g, "guidance");
		const struct db_guidance	*cls = id ? db_guidance_find(r->db, id) : NULL;

		if (cls == NULL || (codes = jr_get(g, "codes", json_type_array)) == NULL) {
			*err = xasprintf("%s: group %zu: unknown guidance class '%s'", path, i,
			    id ? id : "");
			goto out;
		}
		for (k = 0; k < json_object_array_length(codes); k++) {
			if (merge_code(r, cls, json_object_array_get_idx(codes, k), &why) != 0) {
				*err = xasprintf("%s: %s", path, why);
				free(why);
				goto out;
			}
		}
	}
	status = 0;
out:
	json_object_put(doc);
	return status;
}

void
report_seed(struct report *r, const char *class, uint32_t value, const char *host,
    const char *writer, const int64_t *times, size_t n)
{
	const struct db_guidance	*g = db_guidance_find(r->db, class);
	struct cell			*c;
	size_t				 i;

	if (g == NULL || g->wait_minutes < 0)
		return;
	c = cell_get(r, g, value, host, writer);
	for (i = 0; i < n; i++)
		cell_time(c, times[i]);
}

void
report_chains(struct report *r, report_chain_fn fn, void *ctx)
{
	size_t	i, k, from;

	for (i = 0; i < r->nlist; i++) {
		struct cell	*c = r->list[i];

		if (c->class->wait_minutes < 0 || c->ntimes == 0)
			continue;
		qsort(c->times, c->ntimes, sizeof *c->times, cmp_time);
		/* only what can still matter: failures within the retry window */
		for (from = 0, k = 0; k < c->ntimes; k++) {
			if (c->times[k] < r->o.at - r->o.retry_window)
				from = k + 1;
		}
		if (from < c->ntimes)
			fn(ctx, c->class->id, c->value, c->host, c->writer, c->times + from,
			    c->ntimes - from);
	}
}

/* report.c: aggregates findings into guidance groups, evaluates retry chains, builds the view. */
#include "config.h"

#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fmt.h"
#include "report.h"
#include "strmap.h"
#include "tstamp.h"
#include "xalloc.h"

/*
 * Cells are made as findings come in (cell_get); the view is built from them
 * on demand (report_view) and thrown away when a finding changes them.
 */
#define CELL_MEMO	16	/* a power of two */

struct report {
	const struct db		*db;
	struct report_opts	 o;
	FILE			*out;		/* for the streaming formats */
	struct strmap		*cells;		/* by key (owned) */
	struct cell		**list;		/* in order of creation */
	size_t			  nlist;
	size_t			  caplist;
	struct report_input	*inputs;
	size_t			  ninputs;
	size_t			  capinputs;
	struct finding		**held;		/* streamed findings held for --min-count */
	size_t			  nheld;
	size_t			  capheld;
	long			  min_count;
	const struct db_guidance *const *groups;	/* NULL: every group */
	size_t			  ngroups;
	long			  findings;
	int			  worst;
	int			  headed;	/* the streaming format's head is out */
	int			  built;	/* view is up to date */
	struct report_view	  view;
	/* the cells found last, by value: most logs repeat a few codes */
	struct cell		 *memo[CELL_MEMO];
};

static const char *state_names[] = { "none", "wait", "due", "exhausted" };

const char *
report_state_name(enum chain_state s)
{
	return state_names[s];
}

/* Adds v once; returns its index in s->v, or -1 for NULL. */
static long
set_add(struct strset *s, const char *v)
{
	void	*at;
	char	*copy;

	if (v == NULL)
		return -1;
	/*
	 * A log names the same writer or host finding after finding: the
	 * string of the last call, when v is the same, is the one the map
	 * would find (v equals a key of it), without the lookup.
	 */
	if (s->last != 0 && strcmp(s->v[s->last - 1], v) == 0)
		return (long)s->last - 1;
	if (s->m == NULL)
		s->m = strmap_new();
	else if ((at = strmap_get(s->m, v)) != NULL) {
		s->last = (size_t)(uintptr_t)at;
		return (long)((uintptr_t)at - 1);
	}
	copy = xstrdup(v);
	s->v = xreallocarray(s->v, s->n + 1, sizeof *s->v);
	s->v[s->n++] = copy;
	strmap_put(s->m, copy, (void *)(uintptr_t)s->n);	/* index + 1: never NULL */
	s->last = s->n;
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
	memset(s, 0, sizeof *s);
}

/* *a += b, stopping at LONG_MAX: counts are summed over many reports, never wrapped. */
static void
count_add(long *a, long b)
{
	*a = b > 0 && *a > LONG_MAX - b ? LONG_MAX : *a + b;
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

static void
view_free(struct report *r)
{
	struct report_view	*v = &r->view;
	size_t			 i;

	if (!r->built)
		return;
	for (i = 0; i < v->ncodes; i++) {
		struct rcode	*c = (struct rcode *)&v->codes[i];

		set_free(&c->hosts);
		set_free(&c->writers);
		set_free(&c->methods);
		free(c->host_counts);
		free(c->sources);
		free(c->cells);
	}
	free((struct rcode *)v->codes);
	for (i = 0; i < v->ngroups; i++)
		free(v->groups[i].codes);
	free((struct rgroup *)v->groups);
	free((struct rhost *)v->hosts);
	memset(v, 0, sizeof *v);
	r->built = 0;
}

void
report_free(struct report *r)
{
	const char	*key;
	void		*v;
	size_t		 pos = 0, i;

	if (r == NULL)
		return;
	view_free(r);
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

/*
 * The key of a cell in r->cells; a chain's includes its host and writer:
 * "ID\x1fVALUE\x1fHOST\x1fWRITER", put together by hand because every
 * finding makes one (snprintf was a tenth of a finding's cost).
 */
static char *
cell_key(const struct db_guidance *class, uint32_t value, const char *host,
    const char *writer, char *stack, size_t size)
{
	static const char	 hexd[] = "0123456789ABCDEF";
	int			 chain = class->wait_minutes >= 0, i;
	size_t			 li, lh, lw, n;
	char			*key, *p;

	host = chain && host ? host : "";
	writer = chain && writer ? writer : "";
	li = strlen(class->id);
	lh = strlen(host);
	lw = strlen(writer);
	n = li + lh + lw + 12;		/* three separators, eight digits, the NUL */
	key = n <= size ? stack : xmalloc(n);
	p = key;
	memcpy(p, class->id, li);
	p += li;
	*p++ = '\x1f';
	for (i = 28; i >= 0; i -= 4)
		*p++ = hexd[(value >> i) & 0xF];
	*p++ = '\x1f';
	memcpy(p, host, lh);
	p += lh;
	*p++ = '\x1f';
	memcpy(p, writer, lw);
	p[lw] = '\0';
	return key;
}

/*
 * Is c the cell of class, value, host and writer?  Yes only when cell_key
 * would give both the same key (a "no" may still share one: the map says).
 */
static int
cell_is(const struct cell *c, const struct db_guidance *class, uint32_t value,
    const char *host, const char *writer)
{
	if (c == NULL || c->class != class || c->value != value)
		return 0;
	if (class->wait_minutes < 0)
		return 1;	/* no chain: the key has no host or writer */
	return strcmp(c->host != NULL ? c->host : "", host != NULL ? host : "") == 0 &&
	    strcmp(c->writer != NULL ? c->writer : "", writer != NULL ? writer : "") == 0;
}

/*
 * Finds or makes the cell of a class, value, host and writer.  The last
 * cells found are asked first: building and hashing the key was a tenth of
 * a finding's cost at 10% failure lines (issue 16).
 */
static struct cell *
cell_get(struct report *r, const struct db_guidance *class, uint32_t value,
    const char *host, const char *writer)
{
	struct cell	*c, **m = &r->memo[(value * 2654435761u) >> 28 & (CELL_MEMO - 1)];
	char		 stack[512], *key;

	if (cell_is(*m, class, value, host, writer))
		return *m;
	key = cell_key(class, value, host, writer, stack, sizeof stack);
	if ((c = strmap_get(r->cells, key)) != NULL) {
		if (key != stack)
			free(key);
		*m = c;
		return c;
	}
	if (key == stack)
		key = xstrdup(stack);
	c = xcalloc(1, sizeof *c);
	c->class = class;
	c->value = value;
	resolve(r->db, value, NULL, &c->r);
	if (class->wait_minutes >= 0) {
		c->host = host ? xstrdup(host) : NULL;
		c->writer = writer ? xstrdup(writer) : NULL;
	}
	c->first = c->last = TSTAMP_NONE;
	strmap_put(r->cells, key, c);
	r->list = xgrow(r->list, r->nlist, &r->caplist, sizeof *r->list);
	r->list[r->nlist++] = c;
	*m = c;
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

/* Does the format write each finding as it comes (not its summary)? */
static int
streams(const struct report *r)
{
	const struct fmt	*f = r->o.fmt;

	return f != NULL && (f->flags & FMT_STREAMS) &&
	    !(r->o.summary && (f->flags & FMT_SUMMARY));
}

/* Writes one finding in the streaming format, after the format's head. */
static void
stream_finding(struct report *r, FILE *out, const struct finding *f)
{
	if (!r->headed && r->o.fmt->head != NULL)
		r->o.fmt->head(out);
	r->headed = 1;
	r->o.fmt->finding(out, f);
}

/* Writes a finding in the streaming format, or holds it for --min-count. */
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
		r->held = xgrow(r->held, r->nheld, &r->capheld, sizeof *r->held);
		r->held[r->nheld++] = h;
		return;
	}
	stream_finding(r, r->out, f);
}

void
report_add(struct report *r, const struct finding *f)
{
	const struct db_guidance	*g = f->r.guidance;
	struct cell			*c;
	char				*src;

	if (g == NULL)
		return;
	view_free(r);
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
	if (streams(r))
		pass_finding(r, f);
}

void
report_input(struct report *r, const struct report_input *in)
{
	struct report_input	*x;

	view_free(r);
	/* grown by one at a time, 20,000 inputs were 200 mremap calls */
	r->inputs = xgrow(r->inputs, r->ninputs, &r->capinputs, sizeof *r->inputs);
	x = &r->inputs[r->ninputs++];
	*x = *in;
	x->path = xstrdup(in->path);
	x->kind = xstrdup(in->kind ? in->kind : "text");
}

void
report_groups(struct report *r, const struct db_guidance *const *groups, size_t n)
{
	view_free(r);
	r->groups = n > 0 ? groups : NULL;
	r->ngroups = n;
}

void
report_min_count(struct report *r, long n)
{
	view_free(r);
	r->min_count = n;
}

static int
cmp_time(const void *a, const void *b)
{
	int64_t	x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * Sorts a chain's failure times.  A chain holds one time a finding, so at
 * 10% failure lines qsort and its calls of cmp_time were 600 instructions a
 * finding (issue 16): times already in order (a log read from its start)
 * are left as they are; many are sorted by their bytes, least first, the
 * passes whose byte all times share skipped (times of a few days share
 * five of eight); few go to qsort.  Integers: every sort gives the same.
 */
static void
sort_times(int64_t *v, size_t n)
{
	uint64_t	*a, *b, *t, and = ~(uint64_t)0, or = 0;
	size_t		 i, count[256];
	int		 shift;

	for (i = 1; i < n && v[i - 1] <= v[i]; i++)
		;
	if (i >= n)
		return;
	if (n < 64) {
		qsort(v, n, sizeof *v, cmp_time);
		return;
	}
	/* the sign bit flipped: unsigned order is then signed order */
	a = (uint64_t *)v;
	for (i = 0; i < n; i++) {
		a[i] ^= (uint64_t)1 << 63;
		and &= a[i];
		or |= a[i];
	}
	b = xreallocarray(NULL, n, sizeof *b);
	for (shift = 0; shift < 64; shift += 8) {
		if (((and ^ or) >> shift & 0xFF) == 0)
			continue;	/* one byte in every time: this pass keeps the order */
		memset(count, 0, sizeof count);
		for (i = 0; i < n; i++)
			count[a[i] >> shift & 0xFF]++;
		for (i = 1; i < 256; i++)
			count[i] += count[i - 1];
		for (i = n; i-- > 0;)
			b[--count[a[i] >> shift & 0xFF]] = a[i];
		t = a;
		a = b;
		b = t;
	}
	if (a != (uint64_t *)v) {
		memcpy(v, a, n * sizeof *v);
		b = a;
	}
	free(b);
	for (i = 0; i < n; i++)
		v[i] = (int64_t)((uint64_t)v[i] ^ (uint64_t)1 << 63);
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
		sort_times(c->times, c->ntimes);
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

/* Is g a group the report keeps (--guidance)? */
static int
group_kept(const struct report *r, const struct db_guidance *g)
{
	size_t	i;

	for (i = 0; r->groups != NULL && i < r->ngroups; i++) {
		if (r->groups[i] == g)
			return 1;
	}
	return r->groups == NULL;
}

/*
 * Evaluates the cells and makes the codes of the report from them, sorted;
 * codes dropped by --guidance or --min-count are left with a count of 0.
 */
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
		if (codes[k].count < r->min_count || !group_kept(r, codes[k].group))
			codes[k].count = 0;
	}
	if (ncodes > 1)
		qsort(codes, ncodes, sizeof *codes, cmp_rcode);
	*n = ncodes;
	return codes;
}

/* Findings per host summed over cells: a map of name to index + 1 into v. */
struct tally {
	struct strmap	*m;
	struct rhost	*v;
	size_t		 n;
};

static void
tally_cells(struct tally *t, struct cell *const *cells, size_t ncells)
{
	size_t	i, h;

	if (t->m == NULL)
		t->m = strmap_new();
	for (i = 0; i < ncells; i++) {
		const struct cell	*x = cells[i];

		for (h = 0; h < x->hosts.n; h++) {
			void	*at;

			if (x->hostn[h] == 0)
				continue;	/* merged without per-host counts */
			if ((at = strmap_get(t->m, x->hosts.v[h])) == NULL) {
				t->v = xreallocarray(t->v, t->n + 1, sizeof *t->v);
				t->v[t->n].name = x->hosts.v[h];
				t->v[t->n].count = 0;
				at = (void *)(uintptr_t)++t->n;
				strmap_put(t->m, x->hosts.v[h], at);
			}
			count_add(&t->v[(uintptr_t)at - 1].count, x->hostn[h]);
		}
	}
}

static int
cmp_rhost(const void *a, const void *b)
{
	return strcmp(((const struct rhost *)a)->name, ((const struct rhost *)b)->name);
}

/* Ends a tally: its hosts in name order, the caller's. */
static struct rhost *
tally_done(struct tally *t, size_t *n)
{
	if (t->n > 1)
		qsort(t->v, t->n, sizeof *t->v, cmp_rhost);
	strmap_free(t->m);
	*n = t->n;
	return t->v;
}

/* Fills in what the formats read of a code: its span, lists, hosts and sources. */
static void
code_finish(struct report *r, struct rcode *c)
{
	struct tally	t;
	size_t		i, k;

	memset(&t, 0, sizeof t);
	c->r = &c->cells[0]->r;
	c->first = c->last = TSTAMP_NONE;
	for (i = 0; i < c->ncells; i++) {
		const struct cell	*x = c->cells[i];

		if (x->first != TSTAMP_NONE && (c->first == TSTAMP_NONE || x->first < c->first))
			c->first = x->first;
		if (x->last != TSTAMP_NONE && (c->last == TSTAMP_NONE || x->last > c->last))
			c->last = x->last;
		c->more_sources += x->more_sources;
		c->chains |= x->class->wait_minutes >= 0;
		for (k = 0; k < x->hosts.n; k++)
			set_add(&c->hosts, x->hosts.v[k]);
		for (k = 0; k < x->writers.n; k++)
			set_add(&c->writers, x->writers.v[k]);
		for (k = 0; k < x->methods.n; k++)
			set_add(&c->methods, x->methods.v[k]);
		for (k = 0; k < x->sources.n; k++) {
			if (c->nsources < (size_t)r->o.max_sources) {
				c->sources = xreallocarray(c->sources, c->nsources + 1,
				    sizeof *c->sources);
				c->sources[c->nsources++] = x->sources.v[k];
			} else
				c->more_sources++;
		}
	}
	tally_cells(&t, c->cells, c->ncells);
	c->host_counts = tally_done(&t, &c->nhost_counts);
}

/* Makes the view from the sorted codes: the kept ones, their groups and hosts. */
static void
view_build(struct report *r, struct rcode *all, size_t nall)
{
	const struct db_guidance *const	*gl;
	struct report_view		*v = &r->view;
	struct rcode			*codes = xcalloc(nall ? nall : 1, sizeof *codes);
	struct rgroup			*groups;
	struct tally			 t;
	size_t				 n = 0, ng, i, k;

	memset(&t, 0, sizeof t);
	for (i = 0; i < nall; i++) {
		if (all[i].count == 0) {
			free(all[i].cells);
			continue;
		}
		codes[n] = all[i];
		code_finish(r, &codes[n]);
		count_add(&v->findings, codes[n].count);
		tally_cells(&t, codes[n].cells, codes[n].ncells);
		n++;
	}
	gl = db_guidances(r->db, &ng);
	groups = xcalloc(ng ? ng : 1, sizeof *groups);
	v->ngroups = 0;
	for (k = 0; k < ng; k++) {
		struct rgroup	*g = &groups[v->ngroups];

		g->g = gl[k];
		for (i = 0; i < n; i++) {
			if (codes[i].group != gl[k])
				continue;
			g->codes = xreallocarray(g->codes, g->ncodes + 1, sizeof *g->codes);
			g->codes[g->ncodes++] = &codes[i];
			count_add(&g->findings, codes[i].count);
		}
		if (g->ncodes > 0)
			v->ngroups++;
	}
	v->at = r->o.at;
	v->retry_window = r->o.retry_window;
	v->color = r->o.color;
	v->max_sources = r->o.max_sources;
	v->inputs = r->inputs;
	v->ninputs = r->ninputs;
	for (i = 0; i < r->ninputs; i++)
		v->input_errors += r->inputs[i].errors > 0;
	v->codes = codes;
	v->ncodes = n;
	v->groups = groups;
	v->hosts = tally_done(&t, &v->nhosts);
	v->worst = v->ngroups > 0 ? groups[0].g : NULL;
	v->fail_on = r->o.fail_on;
	v->by = r->o.by;
	memcpy(v->alert, r->o.alert, sizeof v->alert);
	memcpy(v->nalert, r->o.nalert, sizeof v->nalert);
	r->worst = v->worst != NULL ? v->worst->order : -1;
	r->built = 1;
}

static int	code_share(const struct rcode *, enum report_by, const char *, long *);

/*
 * Is code c seen without a host (writer)?  Yes when it has none, or when its
 * counts per host (writer) are all known and leave findings over.
 */
static int
code_share_none(const struct rcode *c, enum report_by by, long *count)
{
	const struct strset	*set = by == REPORT_BY_HOST ? &c->hosts : &c->writers;
	long			 sum = 0, n;
	size_t			 i;

	for (i = 0; i < set->n; i++) {
		if (!code_share(c, by, set->v[i], &n) || n < 0)
			return 0;
		count_add(&sum, n);
	}
	*count = c->count - sum;
	return *count > 0;
}

/*
 * Is code c seen with name (NULL: with none)?  *count gets its findings
 * there, or -1 when no count was kept per name.
 */
static int
code_share(const struct rcode *c, enum report_by by, const char *name, long *count)
{
	const struct strset	*set = by == REPORT_BY_HOST ? &c->hosts : &c->writers;
	long			 n = 0;
	size_t			 i;
	int			 known = 1;

	if (name == NULL)
		return code_share_none(c, by, count);
	if (set->m == NULL || strmap_get(set->m, name) == NULL)
		return 0;
	for (i = 0; i < c->ncells; i++) {
		const struct cell	*x = c->cells[i];
		void			*at;

		if (by == REPORT_BY_HOST) {
			if (x->hosts.m == NULL || (at = strmap_get(x->hosts.m, name)) == NULL)
				continue;
			if (x->hostn[(uintptr_t)at - 1] > 0)
				count_add(&n, x->hostn[(uintptr_t)at - 1]);
			else
				known = 0;	/* merged without per-host counts */
		} else if (x->writer != NULL && strcasecmp(x->writer, name) == 0)
			count_add(&n, x->count);	/* a chain: its writer's own */
		else if (x->writers.m != NULL && strmap_get(x->writers.m, name) != NULL)
			known = 0;	/* a cell of many writers */
	}
	*count = known ? n : -1;
	return 1;
}

static int
cmp_rby(const void *a, const void *b)
{
	return strcmp(((const struct rby *)a)->name, ((const struct rby *)b)->name);
}

struct rby *
report_by(const struct report_view *v, enum report_by by, size_t *n)
{
	struct strmap	*seen = strmap_new();
	struct rby	*s = NULL;
	size_t		 ns = 0, i, k;
	int		 none = 0;
	long		 count;

	for (i = 0; i < v->ncodes; i++) {
		const struct strset	*set = by == REPORT_BY_HOST ? &v->codes[i].hosts :
					    &v->codes[i].writers;

		none |= code_share_none(&v->codes[i], by, &count);
		for (k = 0; k < set->n; k++) {
			if (strmap_get(seen, set->v[k]) != NULL)
				continue;
			strmap_put(seen, set->v[k], &s);	/* any pointer: present */
			s = xreallocarray(s, ns + 1, sizeof *s);
			memset(&s[ns], 0, sizeof *s);
			s[ns++].name = set->v[k];
		}
	}
	strmap_free(seen);
	if (ns > 1)
		qsort(s, ns, sizeof *s, cmp_rby);
	if (none) {
		s = xreallocarray(s, ns + 1, sizeof *s);
		memset(&s[ns++], 0, sizeof *s);
	}
	for (k = 0; k < ns; k++) {
		for (i = 0; i < v->ncodes; i++) {
			if (!code_share(&v->codes[i], by, s[k].name, &count))
				continue;
			s[k].codes = xreallocarray(s[k].codes, s[k].ncodes + 1,
			    sizeof *s[k].codes);
			s[k].codes[s[k].ncodes].code = &v->codes[i];
			s[k].codes[s[k].ncodes++].count = count;
			if (count >= 0)
				count_add(&s[k].findings, count);
			else
				s[k].partial = 1;
		}
	}
	*n = ns;
	return s;
}

void
report_by_free(struct rby *s, size_t n)
{
	size_t	i;

	for (i = 0; i < n && s != NULL; i++)
		free(s[i].codes);
	free(s);
}

const struct report_view *
report_view(struct report *r)
{
	struct rcode	*all;
	size_t		 n;

	if (!r->built) {
		all = build(r, &n);
		view_build(r, all, n);
		free(all);
	}
	return &r->view;
}

/* The group of a held finding once its chain is evaluated. */
static const struct db_guidance *
finding_group(struct report *r, const struct finding *h)
{
	const struct db_guidance	*g = h->r.guidance, *ex;
	struct cell			*c;
	char				 stack[512], *key;

	if (g->wait_minutes < 0)
		return g;
	key = cell_key(g, h->value, h->host, h->writer, stack, sizeof stack);
	c = strmap_get(r->cells, key);
	if (key != stack)
		free(key);
	if (c != NULL && c->state == CHAIN_EXHAUSTED &&
	    (ex = db_guidance_find(r->db, "exhausted")) != NULL)
		return ex;
	return g;
}

/* Writes the findings held back, those of the codes the view kept. */
static void
write_held(struct report *r, FILE *f, const struct report_view *v)
{
	size_t	i, k;

	for (i = 0; i < r->nheld; i++) {
		struct finding			*h = r->held[i];
		const struct db_guidance	*g = finding_group(r, h);

		for (k = 0; k < v->ncodes; k++) {
			if (v->codes[k].group == g && v->codes[k].value == h->value)
				break;
		}
		if (k < v->ncodes)
			stream_finding(r, f, h);
	}
	if (!r->headed && r->o.fmt->head != NULL)
		r->o.fmt->head(f);
	r->headed = 1;
}

int
report_write(struct report *r, FILE *f)
{
	const struct report_view	*v = report_view(r);

	if (r->o.fmt == NULL)
		return 0;
	if (streams(r))
		write_held(r, f, v);
	else
		r->o.fmt->write(f, v);
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

int
report_status(struct report *r, int trouble)
{
	if (r->o.fmt == NULL || r->o.fmt->status == NULL)
		return -1;
	return r->o.fmt->status(report_view(r), trouble);
}

long
report_count(const struct report *r)
{
	return r->findings;
}

const struct db *
report_db(const struct report *r)
{
	return r->db;
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
	view_free(r);
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
		sort_times(c->times, c->ntimes);
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

struct cell *
report_cell(struct report *r, const struct db_guidance *class, uint32_t value,
    const char *host, const char *writer)
{
	view_free(r);
	return cell_get(r, class, value, host, writer);
}

void
report_cell_failure(struct cell *c, int64_t t)
{
	cell_time(c, t);
	c->count++;
}

void
report_cell_untimed(struct cell *c, long n)
{
	count_add(&c->untimed, n);
	count_add(&c->count, n);
}

void
report_cell_seen(struct cell *c, long n, int64_t first, int64_t last)
{
	count_add(&c->count, n);
	cell_time(c, first);
	cell_time(c, last);
	c->untimed = 0;
}

void
report_cell_host(struct cell *c, const char *host, long n)
{
	cell_host(c, host, n);
}

void
report_cell_add(struct report *r, struct cell *c, enum report_set which, const char *s)
{
	switch (which) {
	case REPORT_WRITERS:
		set_add(&c->writers, s);
		break;
	case REPORT_METHODS:
		set_add(&c->methods, s);
		break;
	case REPORT_SOURCES:
		cell_source(r, c, s);
		break;
	}
}

void
report_cell_more(struct cell *c, long n)
{
	count_add(&c->more_sources, n);
}

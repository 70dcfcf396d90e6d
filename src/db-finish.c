/* db-finish.c: checks the entries of all rules files against each other and builds the database's lookup tables. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "pool.h"
#include "code.h"
#include "db.h"
#include "db-loader.h"
#include "match.h"
#include "strmap.h"
#include "xalloc.h"

static const struct db_guidance *
resolve_guidance(struct loader *l, const char *id, const struct src *src)
{
	const struct db_guidance	*g;

	if (id == NULL)
		return NULL;
	if ((g = strmap_get(l->db->guidance, id)) == NULL)
		loader_problem(l, src, "unknown guidance class '%s'", id);
	return g;
}

static int
cmp_name(const void *a, const void *b)
{
	const struct db_name	*x = *(const struct db_name *const *)a;
	const struct db_name	*y = *(const struct db_name *const *)b;

	if (x->value != y->value)
		return x->value < y->value ? -1 : 1;
	return ((const struct xname *)x)->seq < ((const struct xname *)y)->seq ? -1 : 1;
}

static int
cmp_guidance(const void *a, const void *b)
{
	const struct db_guidance	*x = *(const struct db_guidance *const *)a;
	const struct db_guidance	*y = *(const struct db_guidance *const *)b;

	if (x->order != y->order)
		return x->order < y->order ? -1 : 1;
	return strcmp(x->id, y->id);
}

static int
cmp_method(const void *a, const void *b)
{
	return strcmp((*(const struct db_method *const *)a)->name,
	    (*(const struct db_method *const *)b)->name);
}

static int
cmp_dispute(const void *a, const void *b)
{
	uint32_t	x = (*(const struct db_dispute *const *)a)->value;
	uint32_t	y = (*(const struct db_dispute *const *)b)->value;

	return x < y ? -1 : x > y;
}

static void
finish_guidance(struct loader *l)
{
	static const char	*required[] = { DB_REQUIRED_CLASSES };
	struct db	*db = l->db;
	const char	*key;
	void		*v;
	size_t		 pos = 0, i;

	db->glist = xcalloc(strmap_count(db->guidance), sizeof *db->glist);
	while (strmap_next(db->guidance, &pos, &key, &v)) {
		struct xguidance	*g = v;

		if (g->g.title == NULL || g->g.advice == NULL || g->g.order == UNSET)
			loader_problem(l, &g->src, "[guidance %s] needs title, advice and order", key);
		if ((g->g.wait_minutes == UNSET) != (g->g.max_retries == UNSET))
			loader_problem(l, &g->src, "[guidance %s] gives wait_minutes and max_retries "
			    "together or neither", key);
		if (g->g.wait_minutes == UNSET)
			g->g.wait_minutes = g->g.max_retries = -1;
		db->glist[db->nglist++] = &g->g;
	}
	qsort(db->glist, db->nglist, sizeof *db->glist, cmp_guidance);
	for (i = 0; i < sizeof required / sizeof *required; i++) {
		if (strmap_get(db->guidance, required[i]) == NULL) {
			struct src	at = { "rules", 0, -1 };

			loader_problem(l, &at, "the guidance class '%s' is not defined", required[i]);
		}
	}
}

static void
finish_codes(struct loader *l)
{
	struct db	*db = l->db;
	struct strmap	*maps[2] = { db->codes, db->vcodes };
	const char	*key;
	void		*v;
	size_t		 pos, i;

	for (i = 0; i < 2; i++) {
		for (pos = 0; strmap_next(maps[i], &pos, &key, &v);) {
			struct xcode	*c = v;

			if (c->c.description == NULL)
				loader_problem(l, &c->src, "[code %s] has no description", key);
			c->c.guidance = resolve_guidance(l, c->guidance_id, &c->guidance_src);
			if (c->key == NULL)
				continue;
			if ((c->c.name = strmap_get(db->names, c->key)) == NULL) {
				loader_problem(l, &c->src, "[code %s]: no such name in any [names] table",
				    c->key);
				continue;
			}
			c->c.value = c->c.name->value;
			((struct db_name *)c->c.name)->code = &c->c;
		}
	}
	/* the value codes by number, for db_value_code */
	for (db->vmask = 16; db->vmask < strmap_count(db->vcodes) * 2; db->vmask *= 2)
		;
	db->vtab = xcalloc(db->vmask, sizeof *db->vtab);
	db->vmask--;
	for (pos = 0; strmap_next(db->vcodes, &pos, &key, &v);) {
		struct xcode	*c = v;

		for (i = db_value_hash(c->c.value) & db->vmask; db->vtab[i] != NULL;
		    i = (i + 1) & db->vmask)
			;
		db->vtab[i] = c;
	}
}

static void
finish_methods(struct loader *l)
{
	struct db	*db = l->db;
	const char	*key;
	void		*v;
	size_t		 pos = 0, i;

	db->mlist = xcalloc(strmap_count(db->methods), sizeof *db->mlist);
	while (strmap_next(db->methods, &pos, &key, &v)) {
		struct xmethod	*m = v;

		m->m.returns = xcalloc(m->nr, sizeof *m->m.returns);
		for (i = 0; i < m->nr; i++) {
			struct xreturn		*x = &m->r[i];
			struct db_return	*r = &m->m.returns[m->m.nreturns];

			if (x->meaning == NULL) {
				loader_problem(l, &x->src, "[method %s]: %s has a guidance but no meaning",
				    key, x->code);
				continue;
			}
			if ((r->name = strmap_get(db->names, x->code)) == NULL) {
				loader_problem(l, &x->src, "[method %s]: no such name %s", key, x->code);
				continue;
			}
			r->meaning = x->meaning;
			r->guidance = resolve_guidance(l, x->guidance_id, &x->src);
			m->m.nreturns++;
		}
		db->mlist[db->nmlist++] = &m->m;
	}
	qsort(db->mlist, db->nmlist, sizeof *db->mlist, cmp_method);
}

static void
finish_disputes(struct loader *l)
{
	struct db	*db = l->db;
	const char	*key;
	void		*v;
	size_t		 pos = 0;

	db->dlist = xcalloc(strmap_count(db->disputes), sizeof *db->dlist);
	while (strmap_next(db->disputes, &pos, &key, &v)) {
		struct xdispute	*d = v;

		if (d->d.claim == NULL || d->d.explanation == NULL || d->d.verdict == UNSET)
			loader_problem(l, &d->src, "[disputed %s] needs claim, verdict and explanation",
			    key);
		db->dlist[db->ndlist++] = &d->d;
	}
	qsort(db->dlist, db->ndlist, sizeof *db->dlist, cmp_dispute);
}

static void
finish_lists(struct loader *l)
{
	struct db	*db = l->db;
	const char	*key;
	void		*v;
	size_t		 pos = 0, i;

	while (strmap_next(db->lists, &pos, &key, &v)) {
		struct xlist	*x = v;

		for (i = 0; i < x->nphrases; i++) {
			x->phrases[i].name = strmap_get(db->names, x->phrase_names[i]);
			if (x->phrases[i].name == NULL)
				loader_problem(l, &x->phrase_src[i], "[%s]: no such name %s", key,
				    x->phrase_names[i]);
		}
	}
	for (pos = 0; strmap_next(db->patterns, &pos, &key, &v);) {
		struct xpattern	*x = v;
		char		*err = NULL;

		if (x->p.regex == NULL || (x->kind == XP_PATTERN && x->p.literal == NULL)) {
			loader_problem(l, &x->src, "[%s] needs %s", key,
			    x->kind != XP_PATTERN ? "a regex" : "a literal and a regex");
			continue;
		}
		x->p.re = match_compile(x->p.regex, x->p.caseless ? MATCH_CASELESS : 0, &err);
		if (x->p.re == NULL) {
			loader_problem(l, &x->src, "[%s]: %s", key, err);
			free(err);
		}
	}
}

static void
finish_names(struct loader *l)
{
	struct db	*db = l->db;
	size_t		 count[DB_NS_COUNT] = { 0 }, i, k;
	int		 ns;

	/* count first: each namespace's array is allocated at its size */
	for (i = 0; i < db->nnlist; i++)
		count[NAME_AT(db, i)->n.ns]++;
	for (ns = 0; ns < DB_NS_COUNT; ns++)
		db->byvalue[ns] = pool_array(db->pool, count[ns] + 1, sizeof **db->byvalue);
	for (i = 0; i < db->nnlist; i++) {
		struct xname	*n = NAME_AT(db, i);

		db->byvalue[n->n.ns][db->nbyvalue[n->n.ns]++] = &n->n;
		if (n->n.ns == DB_NS_VSS && (n->n.code == NULL || n->n.code->guidance == NULL)) {
			struct src	at = { db->paths[n->file], n->line, n->file };

			loader_problem(l, &at, "VSS code %s has no [code] entry with a guidance class",
			    n->n.name);
		}
	}
	for (ns = 0; ns < DB_NS_COUNT; ns++) {
		/* the shipped tables are in value order already: sort only when needed */
		for (k = 1; k < db->nbyvalue[ns]; k++) {
			if (cmp_name(&db->byvalue[ns][k - 1], &db->byvalue[ns][k]) > 0)
				break;
		}
		if (k < db->nbyvalue[ns])
			qsort(db->byvalue[ns], db->nbyvalue[ns], sizeof **db->byvalue, cmp_name);
	}
}

static int
cmp_event(const void *a, const void *b)
{
	const struct db_event	*x = *(const struct db_event *const *)a;
	const struct db_event	*y = *(const struct db_event *const *)b;
	int			 c = strcasecmp(x->provider, y->provider);

	if (c != 0)
		return c;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* Checks each [event] entry and ties its code and guidance to the database. */
static void
finish_events(struct loader *l)
{
	struct db	*db = l->db;
	const char	*key;
	void		*v;
	size_t		 pos = 0;

	db->elist = xcalloc(strmap_count(db->events) + 1, sizeof *db->elist);
	while (strmap_next(db->events, &pos, &key, &v)) {
		struct xevent		*x = v;
		const struct db_name	*n;
		uint32_t		 value;

		db->elist[db->nelist++] = &x->e;
		if (x->e.id != DB_EVENT_ANY && x->seen[7] != 0)
			loader_problem(l, &x->src, "[event %s]: related belongs to [event PROVIDER/*]", key);
		if (x->e.id != DB_EVENT_ANY && x->e.title == NULL)
			loader_problem(l, &x->src, "[event %s] has no title", key);
		if (x->code_id == NULL) {
			if (x->e.code.description != NULL || x->guidance_id != NULL ||
			    x->e.code.note != NULL)
				loader_problem(l, &x->src, "[event %s]: description, note and guidance "
				    "belong to an event with a code", key);
			continue;
		}
		if (x->e.id == DB_EVENT_ANY) {
			loader_problem(l, &x->code_src, "[event %s]: a code belongs to one event id", key);
			continue;
		}
		if (x->e.code.description == NULL || x->guidance_id == NULL)
			loader_problem(l, &x->src, "[event %s] has a code but no description or "
			    "guidance", key);
		if (loader_parse_value(x->code_id, &value) == 0)
			x->e.code.value = value;
		else if ((n = db_name_find(db, x->code_id)) != NULL) {
			x->e.code.name = n;
			x->e.code.value = n->ns == DB_NS_WIN32 ? code_from_win32(n->value) :
			    n->value;
		} else {
			loader_problem(l, &x->code_src, "[event %s]: code %s is neither a value nor a "
			    "defined name", key, x->code_id);
			continue;
		}
		x->e.code.title = x->e.title;
		x->e.code.guidance = resolve_guidance(l, x->guidance_id, &x->guidance_src);
		x->e.failure = 1;
	}
	qsort(db->elist, db->nelist, sizeof *db->elist, cmp_event);
}

void
loader_finish(struct loader *l)
{
	finish_guidance(l);
	finish_codes(l);
	finish_methods(l);
	finish_disputes(l);
	finish_names(l);
	finish_lists(l);
	finish_events(l);
}

/* db.c: the error database once loaded: lookups by name, value, method and event, and freeing it. */
#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "pool.h"
#include "db.h"
#include "db-int.h"
#include "match.h"
#include "strmap.h"
#include "xalloc.h"

static const char *ns_ids[DB_NS_COUNT] = {
	"vss", "hresult", "wsb", "fsrvp", "vds", "vdi", "ntstatus", "win32", "facility"
};
static const char *ns_labels[DB_NS_COUNT] = {
	"VSS", "HRESULT", "WSB", "FSRVP", "VDS", "VDI", "NTSTATUS", "Win32", "facility"
};

const char *
db_ns_id(enum db_ns ns)
{
	return ns_ids[ns];
}

const char *
db_ns_label(enum db_ns ns)
{
	return ns_labels[ns];
}

static void
free_map(struct strmap *m, int keys_owned, void (*each)(void *))
{
	const char	*key;
	void		*v;
	size_t		 pos = 0;

	if (m == NULL)
		return;
	while (strmap_next(m, &pos, &key, &v)) {
		if (each != NULL)
			each(v);	/* v itself is in the pool */
		if (keys_owned)
			free((char *)key);
	}
	strmap_free(m);
}

static void
free_map_values(const struct strmap *m, void (*each)(void *))
{
	const char	*key;
	void		*v;
	size_t		 pos = 0;

	while (strmap_next(m, &pos, &key, &v))
		each(v);
}

static void
free_list(void *v)
{
	struct xlist	*x = v;

	free(x->words);
	free(x->phrases);
	free(x->phrase_names);
	free(x->phrase_src);
}

static void
free_pattern(void *v)
{
	match_free((struct match_re *)((struct xpattern *)v)->p.re);
}

static void
free_event(void *v)
{
	struct xevent	*x = v;

	free(x->fields);
	free(x->field_src);
	free(x->field_seen);
}

static void
free_method(void *v)
{
	struct xmethod	*m = v;

	free(m->r);
	free(m->m.returns);
}

void
db_free(struct db *db)
{
	size_t	i;

	if (db == NULL)
		return;
	if (db->image) {
		/* one block in the pool, but for the patterns compiled since */
		struct pool	*pool = db->pool;

		free_map_values(db->patterns, free_pattern);
		pool_free(pool);
		return;
	}
	strmap_free(db->names);	/* the names are in blocks of the pool */
	free(db->nblocks);
	free_map(db->guidance, 0, NULL);
	free_map(db->codes, 0, NULL);
	free_map(db->vcodes, 1, NULL);
	free(db->vtab);
	free_map(db->methods, 0, free_method);
	free_map(db->disputes, 1, NULL);
	free_map(db->lists, 1, free_list);
	free_map(db->patterns, 1, free_pattern);
	free_map(db->events, 1, free_event);
	strmap_free(db->providers);
	free(db->elist);
	free(db->plist);
	free(db->tlist);
	free(db->rlist);
	free(db->glist);
	free(db->mlist);
	free(db->dlist);
	for (i = 0; i < db->nfiles; i++)
		free(db->paths[i]);	/* the text is in the pool */
	free(db->bufs);
	free(db->paths);
	pool_free(db->pool);
	free(db);
}

const struct db_name *
db_name_find(const struct db *db, const char *name)
{
	struct xname	*n = strmap_get(db->names, name);

	return n != NULL ? &n->n : NULL;
}

size_t
db_names_of(const struct db *db, enum db_ns ns, uint32_t value,
    const struct db_name *const **out)
{
	const struct db_name	**a = db->byvalue[ns];
	size_t			  lo = 0, hi = db->nbyvalue[ns], end;

	while (lo < hi) {
		size_t	mid = lo + (hi - lo) / 2;

		if (a[mid]->value < value)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (end = lo; end < db->nbyvalue[ns] && a[end]->value == value; end++)
		;
	*out = a + lo;
	return end - lo;
}

const struct db_code *
db_value_code(const struct db *db, uint32_t value)
{
	size_t	i;

	if (db->vtab == NULL)
		return NULL;
	for (i = db_value_hash(value) & db->vmask; db->vtab[i] != NULL; i = (i + 1) & db->vmask) {
		if (db->vtab[i]->c.value == value)
			return &db->vtab[i]->c;
	}
	return NULL;
}

const struct db_guidance *
db_guidance_find(const struct db *db, const char *id)
{
	struct xguidance	*g = strmap_get(db->guidance, id);

	return g != NULL ? &g->g : NULL;
}

const struct db_guidance *const *
db_guidances(const struct db *db, size_t *n)
{
	*n = db->nglist;
	return db->glist;
}

const struct db_method *
db_method_find(const struct db *db, const char *name)
{
	struct xmethod	*m = strmap_get(db->methods, name);
	size_t		 i;

	if (m != NULL)
		return &m->m;
	for (i = 0; i < db->nmlist; i++) {
		if (strcasecmp(db->mlist[i]->bare, name) == 0)
			return db->mlist[i];
	}
	return NULL;
}

const struct db_method *const *
db_methods(const struct db *db, size_t *n)
{
	*n = db->nmlist;
	return db->mlist;
}

const struct db_return *
db_method_return(const struct db_method *m, uint32_t value)
{
	size_t	i;

	for (i = 0; i < m->nreturns; i++) {
		if (m->returns[i].name->value == value &&
		    m->returns[i].name->ns != DB_NS_WIN32)
			return &m->returns[i];
	}
	return NULL;
}

const struct db_dispute *const *
db_disputes(const struct db *db, size_t *n)
{
	*n = db->ndlist;
	return db->dlist;
}

size_t
db_name_count(const struct db *db)
{
	return strmap_count(db->names);
}

const char *const *
db_keywords(const struct db *db, const char *list, size_t *n)
{
	char		 key[64];
	struct xlist	*x;

	snprintf(key, sizeof key, "keywords %s", list);
	if ((x = strmap_get(db->lists, key)) == NULL) {
		*n = 0;
		return NULL;
	}
	*n = x->nwords;
	return x->words;
}

const struct db_phrase *
db_phrases(const struct db *db, const char *list, size_t *n)
{
	char		 key[64];
	struct xlist	*x;

	snprintf(key, sizeof key, "phrases %s", list);
	if ((x = strmap_get(db->lists, key)) == NULL) {
		*n = 0;
		return NULL;
	}
	*n = x->nphrases;
	return x->phrases;
}

static pthread_mutex_t	compile_lock = PTHREAD_MUTEX_INITIALIZER;

/*
 * A database read from the cache has its patterns' text but not their
 * compiled form: compiled at the first use, which explain and rules never
 * make.  They compiled when the cache was written, with the same PCRE2.
 */
static void
compile_patterns(const struct db *cdb)
{
	struct db	*db = (struct db *)cdb;
	const char	*key;
	void		*v;
	size_t		 pos = 0;

	if (!db->image)
		return;
	pthread_mutex_lock(&compile_lock);
	while (!db->compiled && strmap_next(db->patterns, &pos, &key, &v)) {
		struct xpattern	*x = v;
		char		*err = NULL;

		x->p.re = match_compile(x->p.regex, x->p.caseless ? MATCH_CASELESS : 0, &err);
		free(err);
	}
	db->compiled = 1;
	pthread_mutex_unlock(&compile_lock);
}

const struct db_pattern *const *
db_patterns(const struct db *db, size_t *n)
{
	compile_patterns(db);
	*n = db->nplist;
	return db->plist;
}

const struct db_pattern *const *
db_timestamps(const struct db *db, size_t *n)
{
	compile_patterns(db);
	*n = db->ntlist;
	return db->tlist;
}

const struct db_pattern *const *
db_records(const struct db *db, size_t *n)
{
	compile_patterns(db);
	*n = db->nrlist;
	return db->rlist;
}

const struct db_pattern *const *
db_pattern_texts(const struct db *db, int list, size_t *n)
{
	switch (list) {
	case DB_LIST_TIMESTAMP:
		*n = db->ntlist;
		return db->tlist;
	case DB_LIST_RECORD:
		*n = db->nrlist;
		return db->rlist;
	default:
		*n = db->nplist;
		return db->plist;
	}
}

const struct db_name *const *
db_names_all(const struct db *db, enum db_ns ns, size_t *n)
{
	*n = db->nbyvalue[ns];
	return db->byvalue[ns];
}

size_t
db_value_codes(const struct db *db, const struct db_code ***out)
{
	const char	*key;
	void		*v;
	size_t		 pos = 0, n = 0;

	*out = xcalloc(strmap_count(db->vcodes) + 1, sizeof **out);
	while (strmap_next(db->vcodes, &pos, &key, &v))
		(*out)[n++] = &((struct xcode *)v)->c;
	return n;
}

const struct db_event *
db_event_find(const struct db *db, const char *provider, long id)
{
	char		 key[256];
	struct xevent	*x;

	if (strlen(provider) > 200)
		return NULL;
	if (id == DB_EVENT_ANY)
		snprintf(key, sizeof key, "%s/*", provider);
	else
		snprintf(key, sizeof key, "%s/%ld", provider, id);
	x = strmap_get(db->events, key);
	return x != NULL ? &x->e : NULL;
}

int
db_event_provider(const struct db *db, const char *provider)
{
	const struct db_event	*any;

	if (strmap_get(db->providers, provider) == NULL)
		return DB_PROVIDER_NONE;
	any = db_event_find(db, provider, DB_EVENT_ANY);
	return any != NULL && !any->related ? DB_PROVIDER_OTHER : DB_PROVIDER_VSS;
}

const struct db_event *const *
db_events(const struct db *db, size_t *n)
{
	*n = db->nelist;
	return db->elist;
}

/* resolve.c: turns a code value into names, meaning and guidance. */
#include "config.h"

#include <string.h>

#include "code.h"
#include "resolve.h"

/* Appends the names of v in namespaces [from, to) to out. */
static int
collect(const struct db *db, uint32_t v, enum db_ns from, enum db_ns to,
    const struct db_name **out)
{
	const struct db_name *const	*a;
	size_t				 n, i;
	int				 count = 0, ns;

	for (ns = from; ns < (int)to; ns++) {
		n = db_names_of(db, (enum db_ns)ns, v, &a);
		for (i = 0; i < n && count < RESOLVE_MAX_NAMES; i++)
			out[count++] = a[i];
	}
	return count;
}

/* Moves names that have a [code] entry to the front, keeping the order otherwise. */
static void
prefer_described(const struct db_name **names, int n)
{
	const struct db_name	*tmp[RESOLVE_MAX_NAMES];
	int			 i, k = 0;

	for (i = 0; i < n; i++) {
		if (names[i]->code != NULL)
			tmp[k++] = names[i];
	}
	for (i = 0; i < n; i++) {
		if (names[i]->code == NULL)
			tmp[k++] = names[i];
	}
	for (i = 0; i < n; i++)
		names[i] = tmp[i];
}

/* The first [code] entry among names, or NULL. */
static const struct db_code *
first_code(const struct db_name *const *names, int n, int want_guidance)
{
	int	i;

	for (i = 0; i < n; i++) {
		const struct db_code	*c = names[i]->code;

		if (c != NULL && (!want_guidance || c->guidance != NULL))
			return c;
	}
	return NULL;
}

static const struct db_code *
find_code(const struct db *db, const struct resolved *r, int want_guidance)
{
	const struct db_code	*c = db_value_code(db, r->value);

	if (c != NULL && (!want_guidance || c->guidance != NULL))
		return c;
	if ((c = first_code(r->names, r->nnames, want_guidance)) != NULL)
		return c;
	if ((c = first_code(r->win32_names, r->nwin32, want_guidance)) != NULL)
		return c;
	return first_code(r->nt_names, r->nnt, want_guidance);
}

void
resolve(const struct db *db, uint32_t v, const struct db_method *method,
    struct resolved *r)
{
	const struct db_name *const	*a;
	const struct db_code		*gc;

	r->value = v;
	r->win32_first = 0;
	r->nnames = collect(db, v, DB_NS_VSS, DB_NS_WIN32, r->names);
	prefer_described(r->names, r->nnames);
	r->nwin32 = r->nnt = 0;
	if ((r->has_win32 = code_win32_of(v, &r->win32)))
		r->nwin32 = collect(db, r->win32, DB_NS_WIN32, DB_NS_WIN32 + 1,
		    r->win32_names);
	if ((r->has_nt = r->nnames == 0 && code_nt_of(v, &r->nt)))
		r->nnt = collect(db, r->nt, DB_NS_NTSTATUS, DB_NS_NTSTATUS + 1, r->nt_names);
	r->facility = db_names_of(db, DB_NS_FACILITY, CODE_FACILITY(v), &a) > 0 ? a[0] : NULL;
	r->code = find_code(db, r, 0);
	r->known = r->nnames > 0 || r->nwin32 > 0 || r->nnt > 0 || r->code != NULL;
	r->method_return = method != NULL ? db_method_return(method, v) : NULL;
	if (r->method_return != NULL && r->method_return->guidance != NULL)
		r->guidance = r->method_return->guidance;
	else if ((gc = find_code(db, r, 1)) != NULL)
		r->guidance = gc->guidance;
	else if (!CODE_FAILED(v))
		r->guidance = db_guidance_find(db, "info");
	else
		r->guidance = db_guidance_find(db, r->known ? "investigate" : "unknown");
}

#define RES_AT(m)	offsetof(struct resolved, m)
_Static_assert(RES_AT(names) < RES_AT(nnames) && RES_AT(nnames) < RES_AT(win32_names) &&
    RES_AT(win32_names) < RES_AT(nwin32) && RES_AT(nwin32) < RES_AT(nt_names) &&
    RES_AT(nt_names) < RES_AT(nnt), "resolved_parts wants each list of names before its count");

void
resolved_parts(const int nn[3], size_t from[4], size_t to[4])
{
	from[0] = 0;
	to[0] = RES_AT(names) + (size_t)nn[0] * sizeof(void *);
	from[1] = RES_AT(nnames);
	to[1] = RES_AT(win32_names) + (size_t)nn[1] * sizeof(void *);
	from[2] = RES_AT(nwin32);
	to[2] = RES_AT(nt_names) + (size_t)nn[2] * sizeof(void *);
	from[3] = RES_AT(nnt);
	to[3] = sizeof(struct resolved);
}

/*
 * A finding queued by the text reader took a copy of the whole struct and
 * a clearing of it before: 450 bytes twice, with "rep" string moves whose
 * start-up costs more than the copy; two thirds of the queueing's samples
 * in a profile by time (perf), which counting instructions does not show
 * (issue 16).
 */
void
resolved_copy(struct resolved *dst, const struct resolved *src)
{
	size_t	from[4], to[4];
	int	nn[3], i;

	nn[0] = src->nnames;
	nn[1] = src->nwin32;
	nn[2] = src->nnt;
	resolved_parts(nn, from, to);
	for (i = 0; i < 4; i++)
		memcpy((unsigned char *)dst + from[i], (const unsigned char *)src + from[i],
		    to[i] - from[i]);
}

int
resolved_same(const struct resolved *a, const struct resolved *b)
{
	int	i;

	if (a->value != b->value || a->nnames != b->nnames || a->has_win32 != b->has_win32 ||
	    a->nwin32 != b->nwin32 || a->has_nt != b->has_nt || a->nnt != b->nnt ||
	    a->facility != b->facility || a->code != b->code ||
	    a->method_return != b->method_return || a->guidance != b->guidance ||
	    a->known != b->known || a->win32_first != b->win32_first ||
	    (a->has_win32 && a->win32 != b->win32) || (a->has_nt && a->nt != b->nt))
		return 0;
	for (i = 0; i < a->nnames; i++) {
		if (a->names[i] != b->names[i])
			return 0;
	}
	for (i = 0; i < a->nwin32; i++) {
		if (a->win32_names[i] != b->win32_names[i])
			return 0;
	}
	for (i = 0; i < a->nnt; i++) {
		if (a->nt_names[i] != b->nt_names[i])
			return 0;
	}
	return 1;
}

const char *
resolved_name(const struct resolved *r)
{
	if (r->win32_first && r->nwin32 > 0)
		return r->win32_names[0]->name;
	if (r->nnames > 0)
		return r->names[0]->name;
	if (r->code != NULL && r->code->name == NULL && r->code->title != NULL)
		return NULL;
	if (r->nwin32 > 0)
		return r->win32_names[0]->name;
	if (r->nnt > 0)
		return r->nt_names[0]->name;
	return NULL;
}

const char *
resolved_ns(const struct resolved *r)
{
	if (r->win32_first && r->nwin32 > 0)
		return db_ns_label(DB_NS_WIN32);
	if (r->nnames > 0)
		return db_ns_label(r->names[0]->ns);
	if (r->nwin32 > 0)
		return db_ns_label(DB_NS_WIN32);
	if (r->nnt > 0)
		return db_ns_label(DB_NS_NTSTATUS);
	return NULL;
}

/* gaveup.c: the rules whose patterns gave up in an input, told once each with their place, then counted. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "gaveup.h"
#include "xalloc.h"

#define GAVE_UP_RULES	32	/* rules counted per input; more are told but not counted */

struct gaveup {
	gaveup_fn	 problem;
	void		*ctx;
	char		*path;		/* the input they count for (a copy) */
	const char	*rule[GAVE_UP_RULES];	/* the rules' names live as long as the rules */
	unsigned long	 n[GAVE_UP_RULES];
	size_t		 nrules;
	unsigned long	 total;		/* in every input */
};

struct gaveup *
gaveup_new(void)
{
	return xcalloc(1, sizeof(struct gaveup));
}

void
gaveup_free(struct gaveup *gu)
{
	if (gu == NULL)
		return;
	gaveup_end(gu);
	free(gu);
}

void
gaveup_sink(struct gaveup *gu, gaveup_fn fn, void *ctx)
{
	gu->problem = fn;
	gu->ctx = ctx;
}

unsigned long
gaveup_total(const struct gaveup *gu)
{
	return gu->total;
}

void
gaveup_end(struct gaveup *gu)
{
	char	*msg;
	size_t	 i;

	for (i = 0; i < gu->nrules; i++) {
		if (gu->n[i] < 2 || gu->problem == NULL)
			continue;
		msg = xasprintf("%s: rule %s gave up %lu times in all", gu->path, gu->rule[i],
		    gu->n[i]);
		gu->problem(gu->ctx, msg);
		free(msg);
	}
	gu->nrules = 0;
	free(gu->path);
	gu->path = NULL;
}

void
gaveup_input(struct gaveup *gu, const char *path)
{
	if (path == NULL)
		path = "-";
	if (gu->path != NULL && strcmp(gu->path, path) == 0)
		return;
	gaveup_end(gu);
	gu->path = xstrdup(path);
}

void
gaveup_note(struct gaveup *gu, const char *rule, uint64_t line)
{
	char	*msg;
	size_t	 i;

	gu->total++;
	if (gu->path == NULL)
		gu->path = xstrdup("-");
	for (i = 0; i < gu->nrules && strcmp(gu->rule[i], rule) != 0; i++)
		;
	if (i < gu->nrules) {
		gu->n[i]++;
		return;
	}
	if (gu->nrules < GAVE_UP_RULES) {
		gu->rule[gu->nrules] = rule;
		gu->n[gu->nrules++] = 1;
	}
	if (gu->problem == NULL)
		return;
	msg = xasprintf("%s:%llu: rule %s gave up (a match limit was hit; the line is read "
	    "without it)", gu->path, (unsigned long long)line, rule);
	gu->problem(gu->ctx, msg);
	free(msg);
}

/* filter.c: decides which findings a report keeps. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "code.h"
#include "filter.h"
#include "match.h"
#include "tstamp.h"
#include "xalloc.h"

struct filter {
	int64_t			 since, until;
	const struct db_guidance **classes;	/* NULL: all */
	size_t			   nclasses;
	int			   exhausted;	/* "exhausted" is one of them */
	uint32_t		  *codes;	/* ignored codes */
	size_t			   ncodes;
	char			 **writers;	/* ignored writers */
	size_t			   nwriters;
	struct match_re		 **res;		/* ignored line patterns */
	size_t			   nres;
};

struct filter *
filter_new(void)
{
	struct filter	*f = xcalloc(1, sizeof *f);

	f->since = f->until = TSTAMP_NONE;
	return f;
}

void
filter_free(struct filter *f)
{
	size_t	i;

	if (f == NULL)
		return;
	free(f->classes);
	free(f->codes);
	for (i = 0; i < f->nwriters; i++)
		free(f->writers[i]);
	free(f->writers);
	for (i = 0; i < f->nres; i++)
		match_free(f->res[i]);
	free(f->res);
	free(f);
}

void
filter_times(struct filter *f, int64_t since, int64_t until)
{
	f->since = since;
	f->until = until;
}

int
filter_classes(struct filter *f, const struct db *db, const char *list, char **err)
{
	char	*copy = xstrdup(list), *p, *word;

	for (p = copy; (word = strsep(&p, ",")) != NULL;) {
		const struct db_guidance	*g;

		if (*word == '\0')
			continue;
		if ((g = db_guidance_find(db, word)) == NULL) {
			*err = xasprintf("unknown guidance class '%s'", word);
			free(copy);
			return -1;
		}
		f->classes = xreallocarray(f->classes, f->nclasses + 1, sizeof *f->classes);
		f->classes[f->nclasses++] = g;
		if (strcmp(g->id, "exhausted") == 0)
			f->exhausted = 1;
	}
	free(copy);
	return 0;
}

static void
add_code(struct filter *f, uint32_t v)
{
	f->codes = xreallocarray(f->codes, f->ncodes + 1, sizeof *f->codes);
	f->codes[f->ncodes++] = v;
}

/* Understands one line of an ignore file. */
static int
ignore_line(struct filter *f, const struct db *db, char *line, char **why)
{
	const struct db_name	*n;
	enum code_form		 form;
	struct match_re		*re;
	uint32_t		 v;

	if (code_parse(line, &v, &form) == 0) {
		add_code(f, v);
		return 0;
	}
	if ((n = db_name_find(db, line)) != NULL && n->ns != DB_NS_FACILITY) {
		add_code(f, n->ns == DB_NS_WIN32 ? code_from_win32(n->value) : n->value);
		return 0;
	}
	if (strncmp(line, "writer ", 7) == 0) {
		char	*w = line + 7;

		while (*w == ' ')
			w++;
		if (*w == '\0') {
			*why = xstrdup("'writer' needs a writer name");
			return -1;
		}
		f->writers = xreallocarray(f->writers, f->nwriters + 1, sizeof *f->writers);
		f->writers[f->nwriters++] = xstrdup(w);
		return 0;
	}
	if ((re = match_compile(line, 0, why)) == NULL)
		return -1;
	f->res = xreallocarray(f->res, f->nres + 1, sizeof *f->res);
	f->res[f->nres++] = re;
	return 0;
}

int
filter_ignore_file(struct filter *f, const struct db *db, const char *path, char **err)
{
	FILE	*fp;
	char	*line = NULL, *why = NULL;
	size_t	 cap = 0;
	ssize_t	 len;
	long	 lineno = 0;
	int	 status = 0;

	if ((fp = fopen(path, "r")) == NULL) {
		*err = xasprintf("cannot open ignore file %s: %s", path, strerror(errno));
		return -1;
	}
	while ((len = getline(&line, &cap, fp)) != -1) {
		char	*p = line, *e;

		lineno++;
		while (*p == ' ' || *p == '\t')
			p++;
		e = p + strlen(p);
		while (e > p && (e[-1] == '\n' || e[-1] == '\r' || e[-1] == ' ' || e[-1] == '\t'))
			e--;
		*e = '\0';
		if (*p == '\0' || *p == '#')
			continue;
		if (ignore_line(f, db, p, &why) != 0) {
			*err = xasprintf("%s:%ld: %s", path, lineno, why);
			free(why);
			status = -1;
			break;
		}
	}
	if (status == 0 && ferror(fp)) {
		*err = xasprintf("%s: read error", path);
		status = -1;
	}
	free(line);
	fclose(fp);
	return status;
}

const struct db_guidance *const *
filter_class_list(const struct filter *f, size_t *n)
{
	*n = f->nclasses;
	return f->classes;
}

int
filter_pass(const struct filter *f, const struct finding *x)
{
	struct match_result	r;
	size_t			i;

	if (x->time != TSTAMP_NONE) {
		if (f->since != TSTAMP_NONE && x->time < f->since)
			return 0;
		if (f->until != TSTAMP_NONE && x->time >= f->until)
			return 0;
	}
	if (f->classes != NULL) {
		for (i = 0; i < f->nclasses; i++) {
			if (f->classes[i] == x->r.guidance)
				break;
		}
		/* an exhausted chain is found among the failures of its class */
		if (i == f->nclasses && !(f->exhausted && x->r.guidance != NULL &&
		    x->r.guidance->wait_minutes >= 0))
			return 0;
	}
	for (i = 0; i < f->ncodes; i++) {
		if (f->codes[i] == x->value)
			return 0;
	}
	for (i = 0; x->writer != NULL && i < f->nwriters; i++) {
		if (strcasecmp(f->writers[i], x->writer) == 0)
			return 0;
	}
	for (i = 0; i < f->nres; i++) {
		if (match_exec(f->res[i], x->text, x->text_len, 0, &r) == 1)
			return 0;
	}
	return 1;
}

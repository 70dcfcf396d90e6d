/* cron.c: decides what part of a log is new since the last run, as logtail2 does. */
#include "config.h"

#include <sys/stat.h>

#include <glob.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <zlib.h>

#include "cron.h"
#include "xalloc.h"

/* The identity of an open input: its inode and a CRC of its first bytes. */
struct ident {
	uint64_t	dev, ino, size;
	uint32_t	crc;
	uint32_t	len;	/* bytes the CRC covers */
};

static void
say(void (*fn)(void *, const char *), void *ctx, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
say(void (*fn)(void *, const char *), void *ctx, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) == -1)
		abort();
	va_end(ap);
	if (fn != NULL)
		fn(ctx, msg);
	free(msg);
}

/* Fills the identity of in, with a CRC over its first want bytes (or fewer). */
static void
identify(struct input *in, uint32_t want, struct ident *id)
{
	struct stat	 st;
	const char	*p;
	size_t		 n;

	memset(id, 0, sizeof id[0]);
	if (fstat(input_fd(in), &st) == 0) {
		id->dev = (uint64_t)st.st_dev;
		id->ino = (uint64_t)st.st_ino;
		id->size = (uint64_t)st.st_size;
	}
	n = input_peek(in, &p, want);
	id->len = (uint32_t)n;
	id->crc = (uint32_t)crc32(0L, (const Bytef *)p, (uInt)n);
}

/* Is in the file that e remembers (same start; same inode unless compressed)? */
static int
is_remembered(struct input *in, const struct state_file *e, int by_inode_too)
{
	struct ident	id;

	identify(in, e->head_len, &id);
	if (id.len != e->head_len || id.crc != e->head_crc)
		return 0;
	return !by_inode_too || (id.dev == e->dev && id.ino == e->ino);
}

/*
 * When the remembered file was empty its start identifies nothing: a copy
 * is taken for it when it is not empty and is not the copy read last time.
 */
static int
is_new_copy(struct input *in, const struct state_file *e)
{
	struct ident	id;

	identify(in, STATE_HEAD, &id);
	return id.len > 0 && !(id.len == e->rot_len && id.crc == e->rot_crc);
}

/* Builds a glob pattern: "%s" in pat becomes path, its glob characters escaped. */
static char *
expand(const char *pat, const char *path)
{
	size_t		 n = strlen(pat) + 1, i;
	const char	*p;
	char		*out, *q;

	for (p = pat; (p = strstr(p, "%s")) != NULL; p += 2)
		n += strlen(path) * 2;
	out = q = xmalloc(n);
	for (p = pat; *p != '\0';) {
		if (p[0] == '%' && p[1] == 's') {
			for (i = 0; path[i] != '\0'; i++) {
				if (strchr("*?[]\\", path[i]) != NULL)
					*q++ = '\\';
				*q++ = path[i];
			}
			p += 2;
		} else
			*q++ = *p++;
	}
	*q = '\0';
	return out;
}

/* Finds the rotated copy of path that e remembers; returns it open, and its name. */
static struct input *
find_rotated(struct cron *c, const char *path, const struct state_file *e, char **name)
{
	size_t	i, k;

	for (i = 0; i < c->nrotated; i++) {
		char	*pat = expand(c->rotated[i], path);
		glob_t	 g;

		if (glob(pat, 0, NULL, &g) == 0) {
			for (k = g.gl_pathc; k-- > 0;) {	/* newest dated name first */
				struct input	*in;
				char		*err = NULL;

				if (strcmp(g.gl_pathv[k], path) == 0)
					continue;
				if ((in = input_open(g.gl_pathv[k], NULL, NULL, &err)) == NULL) {
					free(err);
					continue;
				}
				if (e->head_len == 0 ? is_new_copy(in, e) :
				    is_remembered(in, e, 0)) {
					*name = xstrdup(g.gl_pathv[k]);
					globfree(&g);
					free(pat);
					/* reopen with error reporting for the real read */
					input_close(in);
					return input_open(*name, NULL, NULL, &err);
				}
				input_close(in);
			}
		}
		globfree(&g);
		free(pat);
	}
	return NULL;
}

/*
 * Reads the rest of a rotated copy, from where the last run stopped in it.
 * Returns 1 and sets *end and *name (the caller's) when there was one.
 */
static int
finish_rotated(struct cron *c, struct scanner *sc, const char *path,
    struct state_file *e, finding_fn emit, void *ctx, const char *why,
    struct scan_pos *end, char **name)
{
	struct scan_pos	 start;
	struct input	*rot;
	struct ident	 id;

	*name = NULL;
	if ((rot = find_rotated(c, path, e, name)) == NULL) {
		say(c->notice, c->ctx, "%s %s, and no rotated copy of it was found: lines "
		    "written after the last run may be missing", path, why);
		return 0;
	}
	say(c->notice, c->ctx, "%s %s: reading the rest of %s first", path, why, *name);
	identify(rot, STATE_HEAD, &id);
	e->rot_crc = id.crc;
	e->rot_len = id.len;
	start.offset = e->offset;
	start.line = e->line;
	*end = start;
	if (input_skip(rot, e->offset) == e->offset)
		scanner_text_from(sc, rot, *name, &start, 0, end, emit, ctx);
	input_close(rot);
	return 1;
}

/* Was the (empty when last read) file copied away and truncated since? */
static int
rotated_since(struct cron *c, const char *path, const struct state_file *e)
{
	struct input	*rot;
	char		*name = NULL;

	if ((rot = find_rotated(c, path, e, &name)) == NULL)
		return 0;
	input_close(rot);
	free(name);
	return 1;
}

void
cron_text(struct cron *c, struct scanner *sc, struct input *in, const char *path,
    finding_fn emit, void *ctx)
{
	struct state_file	*e = state_file_find(c->st, path);
	struct scan_pos		 start = { 0, 1 }, end;
	struct ident		 now, old;
	char			*name;

	/* the identity of the file's start, before anything is skipped */
	identify(in, STATE_HEAD, &now);
	if (e != NULL) {
		identify(in, e->head_len, &old);
		if (old.dev == e->dev && old.ino == e->ino && old.len == e->head_len &&
		    old.crc == e->head_crc && old.size >= e->offset &&
		    (e->head_len > 0 || !rotated_since(c, path, e))) {
			/* the same file, grown or not: go on where the last run stopped */
			if (input_skip(in, e->offset) == e->offset) {
				start.offset = e->offset;
				start.line = e->line;
			}
		} else if (finish_rotated(c, sc, path, e, emit, ctx,
		    old.dev == e->dev && old.ino == e->ino ?
		    "was truncated (copytruncate)" : "was rotated", &end, &name))
			free(name);
	}
	scanner_text_from(sc, in, path, &start, 1, &end, emit, ctx);
	e = state_file_get(c->st, path);
	e->dev = now.dev;
	e->ino = now.ino;
	e->size = now.size;
	e->head_crc = now.crc;
	e->head_len = now.len;
	e->offset = end.offset;
	e->line = end.line;
}

void
cron_missing(struct cron *c, struct scanner *sc, const char *path, finding_fn emit,
    void *ctx)
{
	struct state_file	*e = state_file_find(c->st, path);
	struct scan_pos		 end;
	struct input		*rot;
	struct ident		 id;
	char			*name = NULL, *err = NULL;

	if (e == NULL) {
		say(c->notice, c->ctx, "%s does not exist (yet); nothing to read", path);
		return;
	}
	/* rotated, and the new file not created yet: finish the old one */
	if (!finish_rotated(c, sc, path, e, emit, ctx, "is missing", &end, &name))
		return;
	/* remember the rotated copy as read to its end */
	if ((rot = input_open(name, NULL, NULL, &err)) != NULL) {
		identify(rot, e->head_len, &id);
		e->dev = id.dev;
		e->ino = id.ino;
		e->size = id.size;
		e->offset = end.offset;
		e->line = end.line;
		input_close(rot);
	}
	free(err);
	free(name);
}

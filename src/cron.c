/* cron.c: decides what part of a log is new since the last run, across every logrotate style. */
#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <fnmatch.h>
#include <glob.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cron.h"
#include "evjson.h"
#include "xalloc.h"

#define SIZE_UNKNOWN	UINT64_MAX

/* A file that may be a rotated copy of a log. */
struct cand {
	char		*name;
	uint64_t	 dev, ino;
	int64_t		 mtime;		/* nanoseconds */
	enum state_match m;		/* against the remembered file */
	struct state_copy id;		/* size SIZE_UNKNOWN until needed */
	char		*err;		/* could not be read: why */
};

struct cands {
	struct cand	*v;
	size_t		 n;
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
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	if (fn != NULL)
		fn(ctx, msg);
	free(msg);
}

/* How a log of one format is read on from a place: as text, or as JSON Lines. */
struct reader {
	struct scanner	*sc;
	struct evjson	*json;		/* NULL: text */
};

/* Reads in from start (it is positioned there); with whole, only whole lines. */
static void
read_from(const struct reader *rd, struct cron *c, struct input *in, const char *path,
    const struct scan_pos *start, int whole, struct scan_pos *end, finding_fn emit,
    void *ctx)
{
	if (rd->json != NULL)
		evjson_scan(rd->json, in, path, start, whole, end, emit, c->problem, c->notice,
		    c->ctx);
	else
		scanner_text_from(rd->sc, in, path, start, whole, end, emit, ctx);
}

/* Counts the decoded bytes of an input just opened: a seek when it is plain text. */
static uint64_t
content_size(struct input *in)
{
	enum input_encoding	enc = input_encoding(in);
	struct stat		st;

	if (!input_compressed(in) && (enc == INPUT_BYTES || enc == INPUT_UTF8_BOM) &&
	    fstat(input_fd(in), &st) == 0 && S_ISREG(st.st_mode)) {
		if (enc == INPUT_UTF8_BOM)
			return st.st_size >= 3 ? (uint64_t)st.st_size - 3 : 0;
		return (uint64_t)st.st_size;
	}
	return input_skip(in, SIZE_UNKNOWN);
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

/*
 * A directory's names, listed once in a run and sorted, for the patterns of
 * rotated copies.  glob() read the whole directory for each pattern and each
 * new log: a first run over a directory of n logs listed it 3n times (20,000
 * logs in 200 directories: 120,000 getdents calls, a second of system time;
 * a directory of 10,000 logs would be 30,000 listings of 10,000 names).
 * Now a pattern's names are those that begin with its literal start, found
 * by a binary search, and then matched with fnmatch as glob matches them.
 * A copy rotated while the run goes is found by the next run.
 */
struct cron_listing {
	struct cron_listing	*next;
	char			*dir;
	char			**names;	/* sorted by strcmp */
	size_t			 n;
	int			 ok;		/* it could be read */
};

static int
cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static const struct cron_listing *
listing(struct cron *c, const char *dir)
{
	struct cron_listing	*l;
	struct dirent		*de;
	DIR			*d;
	size_t			 cap = 0;

	for (l = c->listings; l != NULL; l = l->next) {
		if (strcmp(l->dir, dir) == 0)
			return l;
	}
	l = xcalloc(1, sizeof *l);
	l->dir = xstrdup(dir);
	l->next = c->listings;
	c->listings = l;
	if ((d = opendir(dir)) == NULL)
		return l;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		l->names = xgrow(l->names, l->n, &cap, sizeof *l->names);
		l->names[l->n++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (l->n > 1)
		qsort(l->names, l->n, sizeof *l->names, cmp_name);
	l->ok = 1;
	return l;
}

void
cron_end(struct cron *c)
{
	struct cron_listing	*l, *next;
	size_t			 i;

	for (l = c->listings; l != NULL; l = next) {
		next = l->next;
		for (i = 0; i < l->n; i++)
			free(l->names[i]);
		free(l->names);
		free(l->dir);
		free(l);
	}
	c->listings = NULL;
	for (i = 0; i < c->nfinished; i++)
		free(c->finished[i]);
	free(c->finished);
	c->finished = NULL;
	c->nfinished = 0;
}

/* Does the escaped pattern s (up to end) hold a glob character that is not escaped? */
static int
has_magic(const char *s, const char *end)
{
	for (; s < end; s++) {
		if (*s == '\\' && s + 1 < end)
			s++;
		else if (*s == '*' || *s == '?' || *s == '[')
			return 1;
	}
	return 0;
}

/* Copies the escaped s (up to end) without its escapes, up to its first glob character. */
static char *
literal(const char *s, const char *end)
{
	char	*out = xmalloc((size_t)(end - s) + 1), *q = out;

	for (; s < end; s++) {
		if (*s == '\\' && s + 1 < end)
			*q++ = *++s;
		else if (*s == '*' || *s == '?' || *s == '[')
			break;
		else
			*q++ = *s;
	}
	*q = '\0';
	return out;
}

/* Where key is, or would be, in the listing's sorted names. */
static size_t
lower_bound(const struct cron_listing *l, const char *key)
{
	size_t	lo = 0, hi = l->n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (strcmp(l->names[mid], key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int
cmp_coll(const void *a, const void *b)
{
	return strcoll(*(char *const *)a, *(char *const *)b);
}

/*
 * The paths pattern matches, as glob(pattern, 0) gives them (sorted the way
 * it sorts them), from the listing of its directory; NULL for none.  A
 * pattern whose directory part holds glob characters, or whose name holds
 * none (glob then looks the name up, which needs no right to list the
 * directory), is given to glob.
 */
static char **
match_rotated(struct cron *c, const char *pat, size_t *np)
{
	const char		*slash = strrchr(pat, '/'), *base = slash != NULL ? slash + 1 : pat;
	const struct cron_listing *l;
	char			*dir, *lit, **out = NULL;
	size_t			 len, n = 0, cap = 0, i;

	*np = 0;
	if ((slash != NULL && has_magic(pat, slash)) || !has_magic(base, base + strlen(base))) {
		glob_t	g;

		if (glob(pat, 0, NULL, &g) == 0 && g.gl_pathc > 0) {
			out = xreallocarray(NULL, g.gl_pathc, sizeof *out);
			for (i = 0; i < g.gl_pathc; i++)
				out[i] = xstrdup(g.gl_pathv[i]);
			*np = g.gl_pathc;
		}
		globfree(&g);
		return out;
	}
	dir = slash == NULL ? xstrdup(".") : slash == pat ? xstrdup("/") : literal(pat, slash);
	l = listing(c, dir);
	if (!l->ok) {
		free(dir);
		return NULL;
	}
	lit = literal(base, base + strlen(base));
	len = strlen(lit);
	/* the first name not below lit: those that begin with it follow */
	for (i = lower_bound(l, lit); i < l->n && strncmp(l->names[i], lit, len) == 0; i++) {
		/* glob's own rules: a leading dot is matched only by a dot */
		if (fnmatch(base, l->names[i], FNM_PERIOD) != 0)
			continue;
		out = xgrow(out, n, &cap, sizeof *out);
		/* the directory as glob writes it: without the escapes */
		out[n++] = slash == NULL ? xstrdup(l->names[i]) : slash == pat ?
		    xasprintf("/%s", l->names[i]) : xasprintf("%s/%s", dir, l->names[i]);
	}
	free(lit);
	free(dir);
	if (n > 1)	/* qsort takes no NULL, even for none */
		qsort(out, n, sizeof *out, cmp_coll);
	*np = n;
	return out;
}

/* Is name in the listing? */
static int
listed(const struct cron_listing *l, const char *name)
{
	size_t	i = lower_bound(l, name);

	return i < l->n && strcmp(l->names[i], name) == 0;
}

/* The path of name in a directory as the walker wrote it: "" (none), "/", "logs", "./logs". */
static char *
path_in(const char *dir, const char *name)
{
	if (*dir == '\0')
		return xstrdup(name);
	return xasprintf("%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", name);
}

/*
 * Is base a rotated copy, by one of the patterns that start with the log's
 * name ("%s.[0-9]*"), of a regular file of directory logdir, or of a log
 * the state remembers there that is gone from it (*gone set)?  The log's
 * path, written with keydir as its directory (logdir as the walker wrote
 * it: the state's key), or NULL.
 */
static char *
copy_in(struct cron *c, const char *logdir, const char *keydir, const char *base, int *gone)
{
	const struct cron_listing	*l = listing(c, logdir);
	size_t				 i, cut, n = strlen(base);
	struct stat			 st;

	if (!l->ok)
		return NULL;
	for (i = 0; i < c->nrotated; i++) {
		const char	*suffix = c->rotated[i] + 2;

		if (strncmp(c->rotated[i], "%s", 2) != 0 || strstr(suffix, "%s") != NULL ||
		    strchr(suffix, '/') != NULL || *suffix == '\0')
			continue;
		for (cut = 1; cut < n; cut++) {
			char	*log, *pat, *lp;
			int	 hit;

			/* a literal first byte of the suffix must stand at the cut */
			if (strchr("*?[\\", *suffix) == NULL && base[cut] != *suffix)
				continue;
			log = xstrndup(base, cut);
			lp = path_in(keydir, log);
			*gone = !listed(l, log);
			if (*gone && state_file_find(c->st, lp) == NULL) {
				free(log);
				free(lp);
				continue;
			}
			pat = expand(c->rotated[i], log);
			hit = fnmatch(pat, base, FNM_PERIOD) == 0;
			free(pat);
			free(log);
			/* a gone log was rotated without "create", or removed */
			if (hit && (*gone || (stat(lp, &st) == 0 && S_ISREG(st.st_mode))))
				return lp;
			free(lp);
		}
	}
	return NULL;
}

char *
cron_copy_of(struct cron *c, const char *path, int *gone)
{
	const char	*slash = strrchr(path, '/'), *base = slash != NULL ? slash + 1 : path;
	char		*dir, *log;
	size_t		 i, len, dlen;

	*gone = 0;
	if (strcmp(path, "-") == 0)
		return NULL;	/* standard input has no directory */
	dir = slash == NULL ? xstrdup("") : slash == path ? xstrdup("/") :
	    xstrndup(path, (size_t)(slash - path));
	log = copy_in(c, *dir != '\0' ? dir : ".", dir, base, gone);
	/* logrotate's olddir, relative: the copies stand in DIR below the log's directory */
	dlen = strlen(dir);
	for (i = 0; log == NULL && i < c->ndirs; i++) {
		len = strlen(c->dirs[i]);
		if (c->dirs[i][0] == '/' || len == 0)
			continue;
		if (dlen == len && strcmp(dir, c->dirs[i]) == 0) {
			log = copy_in(c, ".", "", base, gone);
		} else if (dlen > len && dir[dlen - len - 1] == '/' &&
		    strcmp(dir + dlen - len, c->dirs[i]) == 0) {
			char	*up = xstrndup(dir, dlen - len - 1);

			if (*up == '\0') {
				free(up);
				up = xstrdup("/");
			}
			log = copy_in(c, up, up, base, gone);
			free(up);
		}
	}
	free(dir);
	if (log == NULL)
		*gone = 0;
	return log;
}

/* Keeps the first problem of a candidate, as the reason it is not read. */
static void
keep_first(void *ctx, const char *msg)
{
	char	**err = ctx;

	if (*err == NULL)
		*err = xstrdup(msg);
}

/* Adds name to the candidates unless it is the log itself or already there. */
static void
add_cand(struct cands *cs, const char *name, const struct state_file *e,
    const struct stat *logst)
{
	struct cand	*k;
	struct input	*in;
	struct stat	 st;
	const char	*head;
	size_t		 i, n;

	if (stat(name, &st) != 0 || !S_ISREG(st.st_mode))
		return;
	if (logst != NULL && st.st_dev == logst->st_dev && st.st_ino == logst->st_ino)
		return;	/* the log itself, or a link to it */
	for (i = 0; i < cs->n; i++) {
		if (cs->v[i].dev == (uint64_t)st.st_dev && cs->v[i].ino == (uint64_t)st.st_ino)
			return;
	}
	cs->v = xreallocarray(cs->v, cs->n + 1, sizeof *cs->v);
	k = &cs->v[cs->n++];
	memset(k, 0, sizeof *k);
	k->name = xstrdup(name);
	k->dev = (uint64_t)st.st_dev;
	k->ino = (uint64_t)st.st_ino;
	k->mtime = (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
	k->m = STATE_OTHER;
	if ((in = input_open(name, keep_first, &k->err, &k->err)) == NULL)
		return;
	n = input_peek(in, &head, STATE_HEAD);
	k->m = state_file_match(e, k->dev, k->ino, head, n);
	state_copy_make(&k->id, head, n, SIZE_UNKNOWN);
	input_close(in);
}

/*
 * Lists the files that may be rotated copies of path: the names the patterns
 * give, in the log's directory and in each directory of rotated copies.
 */
static void
collect(struct cron *c, const char *path, const struct state_file *e,
    const struct stat *logst, struct cands *cs)
{
	const char	*slash = strrchr(path, '/'), *base = slash != NULL ? slash + 1 : path;
	size_t		 d, i, k;

	memset(cs, 0, sizeof *cs);
	for (d = 0; d <= e->ndirs; d++) {
		char	*prefix;

		if (d == 0)
			prefix = xstrdup(path);
		else if (e->dirs[d - 1][0] == '/' || slash == NULL)
			prefix = xasprintf("%s/%s", e->dirs[d - 1], base);
		else
			prefix = xasprintf("%.*s/%s/%s", (int)(slash - path), path,
			    e->dirs[d - 1], base);
		for (i = 0; i < c->nrotated; i++) {
			char	*pat = expand(c->rotated[i], prefix), **m;
			size_t	 n;

			m = match_rotated(c, pat, &n);
			for (k = 0; k < n; k++) {
				if (strcmp(m[k], path) != 0)
					add_cand(cs, m[k], e, logst);
				free(m[k]);
			}
			free(m);
			free(pat);
		}
		free(prefix);
	}
}

static void
free_cands(struct cands *cs)
{
	size_t	i;

	for (i = 0; i < cs->n; i++) {
		free(cs->v[i].name);
		free(cs->v[i].err);
	}
	free(cs->v);
}

/* Fills in the decoded size of a candidate; SIZE_UNKNOWN when it cannot be read. */
static uint64_t
cand_size(struct cand *k)
{
	struct input	*in;
	char		*err = NULL;

	if (k->id.size != SIZE_UNKNOWN || k->err != NULL)
		return k->id.size;
	if ((in = input_open(k->name, keep_first, &k->err, &err)) == NULL) {
		k->err = err;
		return SIZE_UNKNOWN;
	}
	k->id.size = content_size(in);
	input_close(in);
	if (k->err != NULL)
		k->id.size = SIZE_UNKNOWN;
	return k->id.size;
}

/*
 * Picks the copy that continues the remembered file: the one with its inode
 * (rename, and no compression yet), else the newest that starts as it did, is
 * at least as long as what was read of it, and was not covered already (read
 * to its end, or there before the log was first read).  grown: only a copy
 * with more in it than was read (the log has the same inode and start).
 */
static struct cand *
choose(struct cands *cs, const struct state_file *e, int grown)
{
	struct cand	*best = NULL, *k;
	size_t		 i;

	for (i = 0; i < cs->n && !grown; i++) {
		if (cs->v[i].m == STATE_SAME_FILE && cs->v[i].err == NULL)
			return &cs->v[i];
	}
	if (e->legacy && e->head_len == 0)
		return NULL;	/* nothing tells an old copy from a new one */
	for (i = 0; i < cs->n; i++) {
		k = &cs->v[i];
		if (k->m != STATE_SAME_START || k->err != NULL)
			continue;
		if (cand_size(k) == SIZE_UNKNOWN || k->id.size < e->offset + (grown != 0) ||
		    state_copy_covered(e, &k->id))
			continue;
		if (best == NULL || k->mtime > best->mtime)
			best = k;
	}
	return best;
}

/* Is there a covered copy of the remembered file with nothing more in it? */
static int
read_already(struct cands *cs, const struct state_file *e)
{
	size_t	i;

	for (i = 0; i < cs->n; i++) {
		if (cs->v[i].m != STATE_OTHER && cs->v[i].err == NULL &&
		    cand_size(&cs->v[i]) == e->offset && state_copy_covered(e, &cs->v[i].id))
			return 1;
	}
	return 0;
}

/* Remembers every candidate but skip as covered; forgets the copies that are gone. */
static void
cover(struct state_file *e, struct cands *cs, const struct cand *skip, int all)
{
	struct state_copy	*present = xcalloc(cs->n + 1, sizeof *present);
	size_t			 i;

	for (i = 0; i < cs->n; i++) {
		present[i] = cs->v[i].id;
		if (all && &cs->v[i] != skip && cand_size(&cs->v[i]) != SIZE_UNKNOWN)
			state_copy_add(e, &cs->v[i].id);
	}
	state_copy_prune(e, present, cs->n);
	free(present);
}

/* The identity of the log as it is now, to remember after reading it. */
struct now {
	struct stat	st;
	int		have_st;
	char		head[STATE_HEAD];
	size_t		n;
};

static void
look(struct input *in, struct now *now)
{
	const char	*p;

	now->have_st = fstat(input_fd(in), &now->st) == 0;
	now->n = input_peek(in, &p, STATE_HEAD);
	if (now->n > 0)
		memcpy(now->head, p, now->n);
}

/* Reads a candidate from start; it is then covered.  Returns 0 when it could not be opened. */
static int
read_cand(struct cron *c, const struct reader *rd, struct state_file *e, struct cand *k,
    const struct scan_pos *start, finding_fn emit, void *ctx, struct scan_pos *end)
{
	struct input	*in;
	char		*err = NULL;

	if (cand_size(k) == SIZE_UNKNOWN)
		return 0;
	if ((in = input_open(k->name, c->problem, c->ctx, &err)) == NULL) {
		say(c->problem, c->ctx, "%s", err);
		free(err);
		return 0;
	}
	*end = *start;
	if (input_skip(in, start->offset) == start->offset)
		read_from(rd, c, in, k->name, start, 0, end, emit, ctx);
	input_close(in);
	state_copy_add(e, &k->id);
	return 1;
}

static int
by_mtime(const void *a, const void *b)
{
	const struct cand	*x = *(const struct cand *const *)a, *y = *(const struct cand *const *)b;

	return (x->mtime > y->mtime) - (x->mtime < y->mtime);
}

/*
 * After a run that found the log missing: files that were created under its
 * name and rotated away before this run.  They are the copies not covered,
 * unlike the remembered one, and newer than it; they are read whole, oldest
 * first.  Returns the last one read, or NULL.
 */
static struct cand *
read_successors(struct cron *c, const struct reader *rd, struct state_file *e,
    struct cands *cs, finding_fn emit, void *ctx, struct scan_pos *end)
{
	struct cand	**v = xcalloc(cs->n + 1, sizeof *v), *last = NULL;
	struct scan_pos	  start = { 0, 1 };
	int64_t		  ref = INT64_MIN;
	size_t		  i, n = 0;

	for (i = 0; i < cs->n; i++) {
		if (cs->v[i].m != STATE_OTHER && cs->v[i].err == NULL && cs->v[i].mtime > ref)
			ref = cs->v[i].mtime;
	}
	for (i = 0; i < cs->n && ref != INT64_MIN; i++) {
		struct cand	*k = &cs->v[i];

		if (k->m == STATE_OTHER && k->err == NULL && k->mtime > ref &&
		    cand_size(k) != SIZE_UNKNOWN && !state_copy_covered(e, &k->id))
			v[n++] = k;
	}
	qsort(v, n, sizeof *v, by_mtime);
	for (i = 0; i < n; i++) {
		say(c->notice, c->ctx, "%s was created and rotated since the last run: "
		    "reading %s", e->path, v[i]->name);
		if (read_cand(c, rd, e, v[i], &start, emit, ctx, end))
			last = v[i];
	}
	free(v);
	return last;
}

/* What finish_copy read last: its name and identity, and where it ended. */
struct last {
	char		*name;
	struct state_copy id;
	struct scan_pos	 end;
};

/*
 * Reads the rest of the rotated copy of the remembered file e, from where
 * the last run stopped in it.  why says what happened to path, for the
 * notice; quiet: no notice when no copy is found, which is no news; grown:
 * the log is the same file (see choose).  Returns
 * 1 and fills *last (the caller frees its name) when a copy was read; it is
 * then covered.
 */
static int
finish_copy(struct cron *c, const struct reader *rd, const char *path, struct state_file *e,
    const struct stat *logst, const char *why, int quiet, int grown, finding_fn emit,
    void *ctx, struct last *last)
{
	struct scan_pos	 start;
	struct cands	 cs;
	struct cand	*k, *s = NULL;
	size_t		 i;

	memset(last, 0, sizeof *last);
	collect(c, path, e, logst, &cs);
	if ((k = choose(&cs, e, grown)) == NULL) {
		for (i = 0; i < cs.n; i++) {
			if (cs.v[i].err != NULL) {
				/* it could be the copy: say why it was not read */
				say(c->problem, c->ctx, "rotated copy of %s not read: %s", path,
				    cs.v[i].err);
			}
		}
		if (!quiet && !read_already(&cs, e))
			say(c->notice, c->ctx, "%s %s, and no rotated copy of it was found: "
			    "lines written after the last run may be missing", path, why);
	} else {
		if (!quiet || cand_size(k) > e->offset)
			say(c->notice, c->ctx, "%s %s: reading the rest of %s first", path, why,
			    k->name);
		start.offset = e->offset;
		start.line = e->line;
		if (!read_cand(c, rd, e, k, &start, emit, ctx, &last->end))
			k = NULL;
	}
	if (e->gone)
		s = read_successors(c, rd, e, &cs, emit, ctx, &last->end);
	if (s != NULL)
		k = s;
	if (k != NULL) {
		last->name = xstrdup(k->name);
		last->id = k->id;
	}
	cover(e, &cs, k, e->legacy);
	free_cands(&cs);
	return k != NULL;
}

/* Remembers the log as read up to end. */
static void
remember(struct state_file *e, const struct now *now, const struct scan_pos *end)
{
	struct state_copy	id;

	e->dev = now->have_st ? (uint64_t)now->st.st_dev : 0;
	e->ino = now->have_st ? (uint64_t)now->st.st_ino : 0;
	e->size = now->have_st ? (uint64_t)now->st.st_size : 0;
	state_copy_make(&id, now->head, now->n, 0);
	e->head_crc = id.head_crc;
	e->head_len = id.head_len;
	e->offset = end->offset;
	e->line = end->line;
	e->gone = 0;
	e->legacy = 0;
}

/* Applies the directories given on the command line to the entry of a log. */
static void
set_dirs(const struct cron *c, struct state_file *e)
{
	if (c->ndirs > 0)
		state_file_set_dirs(e, c->dirs, c->ndirs);
}

/* Reads what is new in a log of either format (see cron_text). */
static void
cron_read(struct cron *c, const struct reader *rd, struct input *in, const char *path,
    finding_fn emit, void *ctx)
{
	struct state_file	*e = state_file_find(c->st, path);
	struct scan_pos		 start = { 0, 1 }, end;
	struct now		*now = xmalloc(sizeof *now);
	const struct stat	*logst;
	enum state_match	 m;
	struct last		 last;

	/* the identity of the file's start, before anything is skipped */
	look(in, now);
	logst = now->have_st ? &now->st : NULL;
	memset(&last, 0, sizeof last);
	if (e == NULL) {
		/* a new log: the copies there now are older than anything to report */
		struct cands	cs;

		e = state_file_get(c->st, path);
		set_dirs(c, e);
		collect(c, path, e, logst, &cs);
		cover(e, &cs, NULL, 1);
		free_cands(&cs);
	} else {
		set_dirs(c, e);
		m = state_file_match(e, logst != NULL ? (uint64_t)logst->st_dev : 0,
		    logst != NULL ? (uint64_t)logst->st_ino : 0, now->head, now->n);
		if (m == STATE_SAME_FILE && !e->gone && logst != NULL &&
		    (uint64_t)logst->st_size >= e->size) {
			/*
			 * The same file, grown or not: go on where the last run
			 * stopped.  When it was small then, it could also have
			 * been copied and truncated, and have grown again with
			 * the same start (a header line): a new copy with more
			 * in it than was read says so.
			 */
			if (e->head_len < STATE_HEAD && finish_copy(c, rd, path, e, logst,
			    "was truncated (copytruncate)", 1, 1, emit, ctx, &last))
				;	/* the log is read from its start */
			else if (input_skip(in, e->offset) == e->offset) {
				start.offset = e->offset;
				start.line = e->line;
			}
		} else {
			int	same_inode = logst != NULL && !e->gone &&
			    (uint64_t)logst->st_dev == e->dev && (uint64_t)logst->st_ino == e->ino;

			(void)finish_copy(c, rd, path, e, logst, e->gone ? "was created again" :
			    same_inode ? "was truncated (copytruncate)" : "was rotated", e->gone,
			    0, emit, ctx, &last);
		}
		free(last.name);
	}
	read_from(rd, c, in, path, &start, 1, &end, emit, ctx);
	e = state_file_get(c->st, path);
	remember(e, now, &end);
	free(now);
}

void
cron_text(struct cron *c, struct scanner *sc, struct input *in, const char *path,
    finding_fn emit, void *ctx)
{
	struct reader	rd = { sc, NULL };

	cron_read(c, &rd, in, path, emit, ctx);
}

void
cron_json(struct cron *c, struct evjson *json, struct input *in, const char *path,
    finding_fn emit, void *ctx)
{
	struct reader	rd = { NULL, json };

	cron_read(c, &rd, in, path, emit, ctx);
}

void
cron_missing(struct cron *c, struct scanner *sc, const char *path, finding_fn emit,
    void *ctx)
{
	/* a rotated copy of a log that is gone is read as text */
	struct reader		 rd = { sc, NULL };
	struct state_file	*e = state_file_find(c->st, path);
	struct last		 last;
	struct stat		 st;
	size_t			 i;

	/* once a run: named twice, or met through several of its copies */
	for (i = 0; i < c->nfinished; i++)
		if (strcmp(c->finished[i], path) == 0)
			return;
	c->finished = xreallocarray(c->finished, c->nfinished + 1, sizeof *c->finished);
	c->finished[c->nfinished++] = xstrdup(path);
	if (e == NULL) {
		say(c->notice, c->ctx, "%s does not exist (yet); nothing to read", path);
		return;
	}
	set_dirs(c, e);
	/* rotated, and the new file not created yet: finish the old one */
	if (!finish_copy(c, &rd, path, e, NULL, "is missing", e->gone, 0, emit, ctx, &last))
		return;
	/* remember the copy read last as read to its end */
	if (stat(last.name, &st) == 0) {
		e->dev = (uint64_t)st.st_dev;
		e->ino = (uint64_t)st.st_ino;
		e->size = (uint64_t)st.st_size;
		e->head_crc = last.id.head_crc;
		e->head_len = last.id.head_len;
		e->offset = last.end.offset;
		e->line = last.end.line;
		e->gone = 1;
	}
	free(last.name);
}

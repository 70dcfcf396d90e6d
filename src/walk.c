/* walk.c: opens each input named on the command line, descending into directories with -r. */
#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "walk.h"
#include "xalloc.h"

/* A directory being walked, to notice loops through symbolic links. */
struct dirid {
	dev_t		 dev;
	ino_t		 ino;
	struct dirid	*up;
};

/* Hands a problem on path to the caller's callback. */
static void __attribute__((format(printf, 4, 5)))
say(struct walk *w, enum walk_problem how, const char *path, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	w->problem(w->ctx, how, path, msg);
	free(msg);
}

/* Passes on a problem the input layer meets while reading. */
static void
input_problem(void *ctx, const char *msg)
{
	struct walk	*w = ctx;

	say(w, WALK_ERROR, NULL, "%s", msg);
}

/* Opens and hands over one file (or stdin); explicit says the user named it. */
void
walk_file(struct walk *w, const char *path, int explicit)
{
	struct input	*in;
	char		*err = NULL;

	/* one input's memory for all: its 64 KiB buffer is not set up anew per file */
	if ((in = input_open_spare(path, input_problem, w, &err, &w->spare)) == NULL) {
		say(w, WALK_FAILED, path, "%s", err);
		free(err);
		return;
	}
	w->fn(w->ctx, path, in, explicit);
	input_close(w->spare);	/* NULL but when fn walked on (stdin named twice) */
	w->spare = input_recycle(in);
}

void
walk_end(struct walk *w)
{
	input_close(w->spare);
	w->spare = NULL;
}

/* Hands over one file: opened now, or by path to be opened later. */
static void
visit_file(struct walk *w, const char *path, int explicit)
{
	if (w->file != NULL)
		w->file(w->ctx, path, explicit);
	else
		walk_file(w, path, explicit);
}

/* A directory's entry: its path, and whether readdir said it is a regular file. */
struct entry {
	char	*path;
	int	 regular;
};

static int
cmp_name(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->path, ((const struct entry *)b)->path);
}

static void	visit(struct walk *, const char *, int, struct dirid *);

/* Walks a directory's entries in name order. */
static void
visit_dir(struct walk *w, const char *path, const struct stat *st, struct dirid *up)
{
	struct dirid	 me, *d;
	DIR		*dir;
	struct dirent	*de;
	struct entry	*names = NULL;
	size_t		 n = 0, i;

	for (d = up; d != NULL; d = d->up) {
		if (d->dev == st->st_dev && d->ino == st->st_ino) {
			say(w, WALK_SKIPPED, path, "%s: skipped: a directory loop "
			    "(symbolic link back to a parent)", path);
			return;
		}
	}
	if ((dir = opendir(path)) == NULL) {
		say(w, WALK_ERROR, path, "cannot read directory %s: %s", path,
		    strerror(errno));
		return;
	}
	while ((de = readdir(dir)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		names = xreallocarray(names, n + 1, sizeof *names);
		names[n].path = xasprintf("%s%s%s", path,
		    path[strlen(path) - 1] == '/' ? "" : "/", de->d_name);
#ifdef DT_REG
		names[n].regular = de->d_type == DT_REG;
#else
		names[n].regular = 0;
#endif
		n++;
	}
	closedir(dir);
	if (n > 1)
		qsort(names, n, sizeof *names, cmp_name);
	me.dev = st->st_dev;
	me.ino = st->st_ino;
	me.up = up;
	for (i = 0; i < n; i++) {
		const char	*base = strrchr(names[i].path, '/') + 1;
		size_t		 k;

		for (k = 0; k < w->nexclude; k++) {
			if (fnmatch(w->exclude[k], base, 0) == 0)
				break;
		}
		/*
		 * A regular file needs no stat: of all visit checks, it passes
		 * them (one system call less a file, in the thread that walks)
		 */
		if (k == w->nexclude && names[i].regular)
			visit_file(w, names[i].path, 0);
		else if (k == w->nexclude)
			visit(w, names[i].path, 0, &me);
		free(names[i].path);
	}
	free(names);
}

static void
visit(struct walk *w, const char *path, int explicit, struct dirid *up)
{
	struct stat	st;

	if (stat(path, &st) == -1) {
		if (explicit && errno == ENOENT && w->missing != NULL) {
			w->missing(w->ctx, path);
			return;
		}
		if (!explicit && errno == ELOOP) {
			say(w, WALK_SKIPPED, path, "%s: skipped: a loop of symbolic links",
			    path);
			return;
		}
		if (!explicit && lstat(path, &st) == 0) {
			say(w, WALK_SKIPPED, path, "%s: skipped: a dangling symbolic link",
			    path);
			return;
		}
		say(w, WALK_FAILED, path, "cannot open %s: %s", path, strerror(errno));
		return;
	}
	if (S_ISDIR(st.st_mode)) {
		if (!w->recursive) {
			say(w, WALK_FAILED, path, "%s is a directory (use -r to scan what "
			    "it holds)", path);
			return;
		}
		visit_dir(w, path, &st, up);
		return;
	}
	if (!S_ISREG(st.st_mode) && !(explicit && S_ISFIFO(st.st_mode))) {
		say(w, explicit ? WALK_ERROR : WALK_SKIPPED, path,
		    "%s: skipped: not a regular file%s", path,
		    explicit ? "" : " (a named pipe or device is read only when named)");
		return;
	}
	visit_file(w, path, explicit);
}

void
walk_path(struct walk *w, const char *path)
{
	if (strcmp(path, "-") == 0) {
		visit_file(w, path, 1);
		return;
	}
	visit(w, path, 1, NULL);
}

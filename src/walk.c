/* walk.c: opens each input named on the command line, descending into directories with -r. */
#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "evxml.h"
#include "walk.h"
#include "xalloc.h"

/* A directory being walked, to notice loops through symbolic links. */
struct dirid {
	dev_t		 dev;
	ino_t		 ino;
	struct dirid	*up;
};

static void
input_problem(void *ctx, const char *msg)
{
	struct walk	*w = ctx;

	fprintf(stderr, "vssexplain: %s\n", msg);
	w->errors++;
}

/* Names a binary format by its magic number, or returns NULL. */
static const char *
binary_format(const char *p, size_t n)
{
	static const struct {
		const char	*magic;
		size_t		 len;
		const char	*what;
	} formats[] = {
		{ "\177ELF", 4, "an executable" },
		{ "PK\003\004", 4, "a zip archive: unpack it first" },
		{ "MSCF\0\0\0\0", 8, "a cabinet (.cab) archive: expand it first" },
		{ "7z\274\257\047\034", 6, "a 7-Zip archive: unpack it first" },
		{ "Rar!\032\007", 6, "a RAR archive: unpack it first" },
		{ "\211PNG\r\n\032\n", 8, "an image" },
		{ "%PDF-", 5, "a PDF document" },
		{ "SQLite format 3", 16, "an SQLite database" },
		{ "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8, "an OLE compound file (an old Office document "
		    "or MSI)" },
		{ "BZh", 3, "compressed with bzip2 (only gzip is read): decompress it first" },
		{ "\3757zXZ\0", 6, "compressed with xz (only gzip is read): decompress it first" },
		{ "\050\265\057\375", 4, "compressed with zstd (only gzip is read): "
		    "decompress it first" },
	};
	size_t	i;

	for (i = 0; i < sizeof formats / sizeof formats[0]; i++) {
		if (n >= formats[i].len && memcmp(p, formats[i].magic, formats[i].len) == 0)
			return formats[i].what;
	}
	return NULL;
}

/* Is path named as a binary event log (.evtx, maybe compressed)? */
static int
named_evtx(const char *path)
{
	static const char *const	 ends[] = { ".evtx", ".evtx.gz", ".evtx.xz", ".evtx.bz2",
	    ".evtx.zst" };
	size_t				 i, n = strlen(path), k;

	for (i = 0; i < sizeof ends / sizeof ends[0]; i++) {
		k = strlen(ends[i]);
		if (n > k && strcasecmp(path + n - k, ends[i]) == 0)
			return 1;
	}
	return 0;
}

/*
 * Does data look binary?  Control bytes other than NUL decide: a log padded
 * with NUL bytes after a crash is still text.
 */
static int
looks_binary(const char *p, size_t n)
{
	size_t	i, ctl = 0, nul = 0;

	for (i = 0; i < n; i++) {
		unsigned char	c = (unsigned char)p[i];

		if (c == 0)
			nul++;
		else if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' &&
		    c != 0x1b)
			ctl++;
	}
	return n > 0 && (ctl * 20 > n - nul || nul == n);
}

/* Opens and hands over one file (or stdin); explicit says the user named it. */
static void
visit_file(struct walk *w, const char *path, int explicit)
{
	struct input	*in;
	const char	*peek, *kind;
	char		*err = NULL;
	size_t		 n;

	if ((in = input_open(path, input_problem, w, &err)) == NULL) {
		fprintf(stderr, "vssexplain: %s\n", err);
		free(err);
		w->errors++;
		if (w->failed != NULL)
			w->failed(w->ctx, path);
		return;
	}
	if (input_binary(in) && w->evtx != NULL) {	/* a binary event log */
		w->inputs++;
		w->evtx(w->ctx, path, in);
		input_close(in);
		return;
	}
	if (named_evtx(path)) {		/* named so, but no event log inside */
		fprintf(stderr, "vssexplain: %s: not an EVTX file (no ElfFile header)%s\n", path,
		    input_compressed(in) ? " after decompression" : "");
		w->errors++;
		if (w->failed != NULL)
			w->failed(w->ctx, path);
		input_close(in);
		return;
	}
	n = input_peek(in, &peek, 4096);
	/* a file named on the command line is read unless it is a known binary format */
	if ((kind = binary_format(peek, n)) != NULL ||
	    (!explicit && looks_binary(peek, n) && (kind = "binary data, not text"))) {
		fprintf(stderr, "vssexplain: %s: skipped: %s\n", path, kind);
		if (explicit) {
			w->errors++;
			if (w->failed != NULL)
				w->failed(w->ctx, path);
		}
		input_close(in);
		return;
	}
	switch (evxml_sniff(peek, n, &kind)) {
	case EVXML_REFUSED:
		fprintf(stderr, "vssexplain: %s: skipped: %s\n", path, kind);
		if (explicit) {
			w->errors++;
			if (w->failed != NULL)
				w->failed(w->ctx, path);
		}
		input_close(in);
		return;
	case EVXML_EVENTS:
		w->inputs++;
		(w->events != NULL ? w->events : w->fn)(w->ctx, path, in);
		input_close(in);
		return;
	case EVXML_NONE:
		break;
	}
	w->inputs++;
	w->fn(w->ctx, path, in);
	input_close(in);
}

static int
cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void	visit(struct walk *, const char *, int, struct dirid *);

/* Walks a directory's entries in name order. */
static void
visit_dir(struct walk *w, const char *path, const struct stat *st, struct dirid *up)
{
	struct dirid	 me, *d;
	DIR		*dir;
	struct dirent	*de;
	char		**names = NULL;
	size_t		  n = 0, i;

	for (d = up; d != NULL; d = d->up) {
		if (d->dev == st->st_dev && d->ino == st->st_ino) {
			fprintf(stderr, "vssexplain: %s: skipped: a directory loop "
			    "(symbolic link back to a parent)\n", path);
			return;
		}
	}
	if ((dir = opendir(path)) == NULL) {
		fprintf(stderr, "vssexplain: cannot read directory %s: %s\n", path,
		    strerror(errno));
		w->errors++;
		return;
	}
	while ((de = readdir(dir)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		names = xreallocarray(names, n + 1, sizeof *names);
		names[n++] = xasprintf("%s%s%s", path,
		    path[strlen(path) - 1] == '/' ? "" : "/", de->d_name);
	}
	closedir(dir);
	if (n > 1)
		qsort(names, n, sizeof *names, cmp_name);
	me.dev = st->st_dev;
	me.ino = st->st_ino;
	me.up = up;
	for (i = 0; i < n; i++) {
		const char	*base = strrchr(names[i], '/') + 1;
		size_t		 k;

		for (k = 0; k < w->nexclude; k++) {
			if (fnmatch(w->exclude[k], base, 0) == 0)
				break;
		}
		if (k == w->nexclude)
			visit(w, names[i], 0, &me);
		free(names[i]);
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
			fprintf(stderr, "vssexplain: %s: skipped: a loop of symbolic links\n", path);
			return;
		}
		if (!explicit && lstat(path, &st) == 0) {
			fprintf(stderr, "vssexplain: %s: skipped: a dangling symbolic link\n", path);
			return;
		}
		fprintf(stderr, "vssexplain: cannot open %s: %s\n", path, strerror(errno));
		w->errors++;
		if (w->failed != NULL)
			w->failed(w->ctx, path);
		return;
	}
	if (S_ISDIR(st.st_mode)) {
		if (!w->recursive) {
			fprintf(stderr, "vssexplain: %s is a directory (use -r to scan what "
			    "it holds)\n", path);
			w->errors++;
			if (w->failed != NULL)
				w->failed(w->ctx, path);
			return;
		}
		visit_dir(w, path, &st, up);
		return;
	}
	if (!S_ISREG(st.st_mode) && !(explicit && S_ISFIFO(st.st_mode))) {
		fprintf(stderr, "vssexplain: %s: skipped: not a regular file%s\n", path,
		    explicit ? "" : " (a named pipe or device is read only when named)");
		if (explicit)
			w->errors++;
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

/* source.h: the table of input formats: how each is known by its first bytes, and who reads it. */
#ifndef VSSEXPLAIN_SOURCE_H
#define VSSEXPLAIN_SOURCE_H

#include <stddef.h>

#include "finding.h"
#include "input.h"
#include "report.h"

struct cron;
struct evjson;
struct evxml;
struct scanner;

/* The readers one input's work has, and where findings and problems go. */
struct source_ctx {
	struct scanner	*scanner;
	struct evxml	*events;
	struct evjson	*json;		/* events shipped as JSON */
	struct cron	*cron;		/* cron mode, for text; NULL: off */
	finding_fn	 emit;
	void		(*problem)(void *ctx, const char *msg);
	void		(*notice)(void *ctx, const char *msg);	/* not an error */
	void		*ctx;
	char		 kind[48];	/* room for the kind of input read last */
};

/* One input format: a row of source_table. */
struct source {
	const char	*name;
	/* 1: data (the first bytes) is of this format; -1: it is, but refused (*why) */
	int		(*sniff)(const char *p, size_t n, const char **why);
	/* Reads the input into findings; fills the kind, lines and events of ri. */
	void		(*scan)(struct source_ctx *, struct input *, const char *path,
			    struct report_input *ri);
};

/*
 * The format of an open input by its first bytes, or NULL with *why when it
 * is skipped: a known binary format, or (when not explicit, that is not named
 * by the user) anything that looks binary.
 */
const struct source	*source_pick(struct input *, int explicit, const char **why);

/*
 * Is the input named as a binary event log (.evtx, maybe compressed) without
 * being one?  Then *why says so, and reading it is an error.
 */
int			 source_misnamed(const char *path, struct input *, const char **why);

/*
 * Do n bytes look binary: more than one in twenty of the bytes that are not
 * NUL are control bytes other than tab, newline, form feed, carriage return
 * and escape, or all are NUL?
 */
int			 source_looks_binary(const char *p, size_t n);

#endif

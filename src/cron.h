/* cron.h: incremental scanning: only what is new since the last run, across log rotation. */
#ifndef VSSEXPLAIN_CRON_H
#define VSSEXPLAIN_CRON_H

#include "input.h"
#include "text.h"
#include "state.h"

/*
 * Where rotated copies of FILE are looked for; "%s" stands for FILE.  These
 * cover every name logrotate gives: FILE.N, FILE.N.gz (or .xz, .bz2, .zst),
 * and dateext with any dateformat that starts with '-', '.' or '_' and a
 * number (the default -%Y%m%d, -%Y%m%d-%s, ...), compressed or not.
 */
#define CRON_ROTATED_DEFAULT	"%s.[0-9]*", "%s-[0-9]*", "%s_[0-9]*"

struct cron {
	struct state		 *st;
	const char *const	 *rotated;	/* patterns */
	size_t			  nrotated;
	/*
	 * Other directories of rotated copies (logrotate's olddir), relative
	 * to the log's directory unless absolute.  When given they replace
	 * those the state remembers for each log; else those are used.
	 */
	const char *const	 *dirs;
	size_t			  ndirs;
	void			(*notice)(void *ctx, const char *msg);
	void			(*problem)(void *ctx, const char *msg);	/* an input error */
	void			 *ctx;
	struct cron_listing	 *listings;	/* directories listed in this run (cron.c) */
	char			**finished;	/* missing logs read through their copies this run */
	size_t			  nfinished;
};

/* Frees what the run kept (the directories it listed). */
void	cron_end(struct cron *);
/*
 * Is path, by its name, a rotated copy of another regular file in its
 * directory (or, for a relative --rotated-dir, in the directory above),
 * or of a log the state remembers there that is gone (*gone set: rotated
 * without "create", or removed)?  Then that log's path, the caller's to
 * free; else NULL.  Such a copy is read through its log, never as a log of
 * its own: a gone log's rest through cron_missing.
 */
char	*cron_copy_of(struct cron *, const char *path, int *gone);

/*
 * Scans what is new in the text input at path (already open as in): from the
 * remembered offset when it is the same file, else the rest of its rotated
 * copy first and then the new file from the start.  Only whole lines are
 * read; the state entry of path is updated.
 */
void	cron_text(struct cron *, struct scanner *, struct input *, const char *path,
	    finding_fn, void *ctx);
/* The same for a JSON Lines file (events shipped as JSON), read by json. */
struct evjson;
void	cron_json(struct cron *, struct evjson *json, struct input *, const char *path,
	    finding_fn, void *ctx);
/* Handles a path that does not exist (any more): finishes its rotated copy, if any. */
void	cron_missing(struct cron *, struct scanner *, const char *path, finding_fn,
	    void *ctx);

#endif

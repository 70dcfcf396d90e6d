/* pipeline.h: the scan run: paths to inputs, inputs to findings, findings to one report. */
#ifndef VSSEXPLAIN_PIPELINE_H
#define VSSEXPLAIN_PIPELINE_H

#include <stddef.h>

#include "report.h"
#include "text.h"

struct db;
struct filter;

/* Everything a scan run needs, checked by the caller (cmd-scan.c). */
struct pipeline_opts {
	struct scan_opts	 so;		/* for the readers of text and events */
	struct report_opts	 ro;
	struct filter		*filter;	/* the caller's; findings outside it are dropped */
	long			 min_count;	/* > 1: only codes found so often */
	const char		*output;	/* --output FILE, or NULL for standard output */
	int			 recursive;
	int			 quiet;		/* --quiet: no notices, only errors */
	int			 jobs;		/* threads reading inputs; 1: the main thread reads */
	const char		**exclude;	/* with recursive: names skipped (globs) */
	size_t			  nexclude;
	/* cron mode: with a state file, only what is new is read */
	const char		*state;
	int			 reset_state, dry_run, lock_timeout;
	const char		**rotated;	/* patterns; none: CRON_ROTATED_DEFAULT */
	size_t			  nrotated;
	const char		**rotated_dirs;
	size_t			  nrotated_dirs;
};

/*
 * Scans the paths (none: standard input) into one report written to the
 * output; in cron mode the state is locked, and saved once the report is
 * out (unless dry_run).  Sets *worst to the report's worst guidance order
 * (-1: nothing), and *fmt_status to the exit status the format decides
 * (report_status; -1: none).  Returns 0, or -1 when something went wrong
 * (after its message): an unreadable input, no input at all, a failed write.
 */
int	pipeline_run(const struct db *, const struct pipeline_opts *, char **paths, int npaths,
	    int *worst, int *fmt_status);

#endif

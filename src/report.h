/* report.h: groups findings by guidance and evaluates retries; a format (fmt.h) writes the result. */
#ifndef VSSEXPLAIN_REPORT_H
#define VSSEXPLAIN_REPORT_H

#include <stdint.h>
#include <stdio.h>

#include "db.h"
#include "finding.h"
#include "report-view.h"

struct fmt;

struct report_opts {
	const struct fmt	*fmt;		/* what report_write writes (fmt_find) */
	int			 summary;	/* a streaming format's summary variant */
	int			 color;		/* text: ANSI colours */
	int			 max_sources;	/* sources listed per code */
	int64_t			 at;		/* reference time (UTC seconds) */
	int64_t			 retry_window;	/* seconds; older failures start a chain */
	const struct db_guidance *fail_on;	/* --fail-on, for the view; or NULL */
	int			 by;		/* --by: REPORT_BY_* sections, for the view */
	const struct db_guidance *const *alert[ALERT_LEVELS];	/* for the view */
	size_t			 nalert[ALERT_LEVELS];
};

struct report;

/* The report keeps its own copies of everything it is given but the alert lists of opts. */
struct report	*report_new(const struct db *, const struct report_opts *);
void		 report_free(struct report *);
/* The streaming formats (jsonl, csv) write each finding to f as it is added. */
void		 report_stream(struct report *, FILE *f);
void		 report_add(struct report *, const struct finding *);
void		 report_input(struct report *, const struct report_input *);
/*
 * Keeps only the codes of these groups, as they stand after retry evaluation
 * (so "exhausted" can be asked for).  Call before the first report_add.
 */
void		 report_groups(struct report *, const struct db_guidance *const *, size_t n);
/* Drops codes seen fewer than n times.  Call before report_write. */
void		 report_min_count(struct report *, long n);
/*
 * Evaluates retries at the reference time and returns what the formats
 * read; valid until the report changes or is freed.
 */
const struct report_view *report_view(struct report *);
/* Evaluates and writes the report in its format; returns -1 on a write error. */
int		 report_write(struct report *, FILE *);
/*
 * The most urgent class found, as its order (lower is more urgent), or -1
 * when there is no finding.  Valid after report_write or report_view.
 */
int		 report_worst(const struct report *);
/*
 * The exit status the format decides (fmt.h), with trouble: something had
 * errors; -1 when the format leaves it to the command.
 */
int		 report_status(struct report *, int trouble);
/* Adds failures of earlier runs to a retry chain; they count for retries, not as findings. */
void		 report_seed(struct report *, const char *class, uint32_t value,
		    const char *host, const char *writer, const int64_t *times, size_t n);
typedef void	(*report_chain_fn)(void *ctx, const char *class, uint32_t value,
		    const char *host, const char *writer, const int64_t *times, size_t n);
/* Calls fn for each retry chain with its failures within the retry window. */
void		 report_chains(struct report *, report_chain_fn fn, void *ctx);
/* The findings added (before --guidance and --min-count). */
long		 report_count(const struct report *);
/* The database the report resolves codes with. */
const struct db	*report_db(const struct report *);

/*
 * What a report read back (merge.c) tells of a code or retry chain.  A cell
 * is found or made by its class, value and, for a class with a retry policy,
 * host and writer.  Counts add up without wrapping.
 */
enum report_set { REPORT_WRITERS, REPORT_METHODS, REPORT_SOURCES };

struct cell	*report_cell(struct report *, const struct db_guidance *, uint32_t value,
		    const char *host, const char *writer);
/* One failure at t (TSTAMP_NONE: at an unknown time). */
void		 report_cell_failure(struct cell *, int64_t t);
/* n failures at unknown times. */
void		 report_cell_untimed(struct cell *, long n);
/* n findings seen from first to last; how many were untimed is not known. */
void		 report_cell_seen(struct cell *, long n, int64_t first, int64_t last);
/* n of the cell's findings were on host. */
void		 report_cell_host(struct cell *, const char *host, long n);
/* Adds s to a list of the cell: sources beyond max_sources are only counted. */
void		 report_cell_add(struct report *, struct cell *, enum report_set, const char *s);
/* n more sources than are listed. */
void		 report_cell_more(struct cell *, long n);

#endif

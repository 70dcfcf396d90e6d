/* report.h: groups findings by guidance, evaluates retries, writes the reports. */
#ifndef VSSEXPLAIN_REPORT_H
#define VSSEXPLAIN_REPORT_H

#include <stdint.h>
#include <stdio.h>

#include "db.h"
#include "scan.h"

#define REPORT_SCHEMA_VERSION	1

enum report_format { REPORT_TEXT, REPORT_JSON, REPORT_JSONL, REPORT_CSV };

struct report_opts {
	enum report_format	 format;
	int			 summary;	/* csv: one row per code and group */
	int			 color;		/* text: ANSI colours */
	int			 max_sources;	/* sources listed per code */
	int64_t			 at;		/* reference time (UTC seconds) */
	int64_t			 retry_window;	/* seconds; older failures start a chain */
};

/* What was read from one input, for the report's list of inputs. */
struct report_input {
	const char	*path;
	const char	*kind;		/* "text", "gzip, UTF-16LE", "event-xml", ... */
	uint64_t	 bytes;
	uint64_t	 lines;
	uint64_t	 events;
	int		 errors;
};

struct report;

/* The report keeps its own copies of everything it is given. */
struct report	*report_new(const struct db *, const struct report_opts *);
void		 report_free(struct report *);
/* The per-finding formats (jsonl, csv) write each finding to f as it is added. */
void		 report_stream(struct report *, FILE *f);
void		 report_add(struct report *, const struct finding *);
void		 report_input(struct report *, const struct report_input *);
/*
 * Adds a JSON report written by "scan --format json" (for merge).  Returns -1
 * and sets *err (the caller's) when the file is not such a report.
 */
int		 report_merge_file(struct report *, const char *path, char **err);
/*
 * Keeps only the codes of these groups, as they stand after retry evaluation
 * (so "exhausted" can be asked for).  Call before the first report_add.
 */
void		 report_groups(struct report *, const struct db_guidance *const *, size_t n);
/* Drops codes seen fewer than n times.  Call before report_write. */
void		 report_min_count(struct report *, long n);
/* Evaluates retries and writes the report; returns -1 on a write error. */
int		 report_write(struct report *, FILE *);
/*
 * The most urgent class found, as its order (lower is more urgent), or -1
 * when there is no finding.  Valid after report_write.
 */
int		 report_worst(const struct report *);
/* Adds failures of earlier runs to a retry chain; they count for retries, not as findings. */
void		 report_seed(struct report *, const char *class, uint32_t value,
		    const char *host, const char *writer, const int64_t *times, size_t n);
typedef void	(*report_chain_fn)(void *ctx, const char *class, uint32_t value,
		    const char *host, const char *writer, const int64_t *times, size_t n);
/* Calls fn for each retry chain with its failures within the retry window. */
void		 report_chains(struct report *, report_chain_fn fn, void *ctx);
long		 report_count(const struct report *);

#endif

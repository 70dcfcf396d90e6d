/* report-view.h: the evaluated report as the formats read it; read-only, owned by report.c. */
#ifndef VSSEXPLAIN_REPORT_VIEW_H
#define VSSEXPLAIN_REPORT_VIEW_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "resolve.h"

/* The schema of the JSON report, which merge reads back. */
#define REPORT_SCHEMA_VERSION	1

struct strmap;

/* Strings in the order first added; m is report.c's, for membership. */
struct strset {
	char		**v;
	size_t		  n;
	struct strmap	 *m;
	size_t		  last;		/* index + 1 of the string added last, or 0 */
};

/* The levels of a monitoring check that classes can be set to (--warning, --critical). */
enum alert_level { ALERT_WARNING, ALERT_CRITICAL, ALERT_LEVELS };

/* Where a retry chain stands at the reference time; CHAIN_NONE: no retry policy. */
enum chain_state { CHAIN_NONE, CHAIN_WAIT, CHAIN_DUE, CHAIN_EXHAUSTED };

/* What was read from one input, for the report's list of inputs. */
struct report_input {
	const char	*path;
	const char	*kind;		/* "text", "gzip, UTF-16LE", "event-xml", ... */
	uint64_t	 bytes;
	uint64_t	 lines;
	uint64_t	 events;
	int		 errors;
};

/*
 * The unit of aggregation.  For a class with a retry policy a cell is one
 * retry chain: the failures of one code on one host for one writer, with
 * every failure time.  For other classes a cell is one code, with the sets
 * of hosts and writers it was seen with.  Codes in the report are built from
 * cells when it is evaluated: an exhausted chain moves to the exhausted group.
 */
struct cell {
	const struct db_guidance	*class;
	uint32_t			 value;
	struct resolved			 r;
	char				*host, *writer;	/* a chain's key, or NULL */
	long				 count;		/* findings */
	int64_t				 first, last;	/* TSTAMP_NONE: none timed */
	struct strset			 hosts, writers, methods, sources;
	long				*hostn;		/* findings per host, as hosts.v */
	long				 more_sources;	/* beyond sources */
	int64_t				*times;		/* retry classes: failure times, */
	size_t				 ntimes, captimes;	/* sorted once evaluated */
	long				 untimed;	/* failures without a time */
	/* the evaluation */
	enum chain_state		 state;
	int				 retries;	/* retries used */
	int				 too_soon;	/* failures sooner than the wait */
	int				 earlier;	/* chains before this one, apart */
	int64_t				 next_at;	/* when the next retry is due */
	int64_t				 chain_first;	/* the first failure of this chain */
};

/* Findings of one host: a code's (rcode) or the whole report's. */
struct rhost {
	const char	*name;
	long		 count;
};

/* A code in one group of the evaluated report, from one or more cells. */
struct rcode {
	const struct db_guidance	*group;
	uint32_t			 value;
	const struct resolved		*r;		/* what the code is */
	long				 count;		/* findings */
	int64_t				 first, last;	/* TSTAMP_NONE: none timed */
	struct strset			 hosts, writers, methods;	/* over its cells */
	struct rhost			*host_counts;	/* in name order; hosts */
	size_t				 nhost_counts;	/* merged without a count left out */
	const char			**sources;	/* at most max_sources */
	size_t				 nsources;
	long				 more_sources;	/* found elsewhere too */
	struct cell			**cells;	/* its chains when chains is set */
	size_t				 ncells;
	int				 chains;	/* a class of a cell has a retry policy */
};

/* One guidance group that has findings, with its codes in report order. */
struct rgroup {
	const struct db_guidance	 *g;
	const struct rcode		**codes;
	size_t				  ncodes;
	long				  findings;
};

/*
 * The report once evaluated at the reference time: the codes left after
 * --guidance and --min-count, grouped and sorted; what every format writes.
 */
struct report_view {
	int64_t				 at;		/* the reference time */
	int64_t				 retry_window;	/* seconds */
	int				 color;		/* ANSI colours asked for */
	int				 max_sources;
	const struct report_input	*inputs;
	size_t				 ninputs;
	size_t				 input_errors;	/* inputs with errors */
	long				 findings;	/* in the codes below */
	const struct rcode		*codes;		/* by group order, count, value */
	size_t				 ncodes;
	const struct rgroup		*groups;	/* in the order of the rules */
	size_t				 ngroups;
	const struct rhost		*hosts;		/* findings per host, name order */
	size_t				 nhosts;
	const struct db_guidance	*worst;		/* most urgent group, or NULL */
	int				 by;		/* --by: REPORT_BY_* sections asked for */
	/*
	 * The exit status is 1 when worst is as urgent as fail_on (its order
	 * is not greater), 2 when an input had errors; NULL: not told.
	 */
	const struct db_guidance	*fail_on;
	/* The classes a monitoring check warns or goes critical on (nagios). */
	const struct db_guidance *const	*alert[ALERT_LEVELS];
	size_t				 nalert[ALERT_LEVELS];
};

/* The name of a chain state in reports: "none", "wait", "due", "exhausted". */
const char	*report_state_name(enum chain_state);

/* What the sections of --by are about. */
enum report_by {
	REPORT_BY_HOST = 0x1,
	REPORT_BY_WRITER = 0x2
};

/* A code as seen with one host or writer. */
struct rby_code {
	const struct rcode	*code;
	long			 count;		/* findings with it; -1: not known */
};

/*
 * One host's or writer's share of the report, for --by: the codes seen with
 * it, in report order.  Per-host counts are known unless a merged report
 * left them out; per-writer counts only for retry chains, which are kept
 * per writer (other codes keep a set of writers, not a count each).
 */
struct rby {
	const char		*name;		/* NULL: the codes seen with none */
	long			 findings;	/* the sum of the known counts */
	int			 partial;	/* a count is not known */
	struct rby_code		*codes;
	size_t			 ncodes;
};

/*
 * The sections of v by host or by writer: in name order (bytewise), then the
 * one of the codes seen with none.  The caller frees them with report_by_free;
 * they point into v and are valid as long as it is.
 */
struct rby	*report_by(const struct report_view *v, enum report_by, size_t *n);
void		 report_by_free(struct rby *, size_t n);

#endif

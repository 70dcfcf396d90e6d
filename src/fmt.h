/* fmt.h: the table of report formats; a new format is one fmt-NAME.c file and one row of fmt_table. */
#ifndef VSSEXPLAIN_FMT_H
#define VSSEXPLAIN_FMT_H

#include <stddef.h>
#include <stdio.h>

#include "finding.h"
#include "report-view.h"

/* Flags of a format. */
#define FMT_STREAMS	0x1	/* writes each finding as it is found (head, finding) */
#define FMT_SUMMARY	0x2	/* streams, and write is its --summary variant */

/*
 * A format writes either each finding as it comes (a streaming format:
 * finding, after head) or the whole evaluated report (write), or both, the
 * second as its --summary.  merge needs write.  Errors show in ferror().
 */
struct fmt {
	const char	*name;		/* as --format takes it */
	const char	*help;		/* what it is, for usage: "a finding a line" */
	int		 flags;
	/* Written once before the first finding, or at the end when there is none. */
	void		(*head)(FILE *);
	/* Writes one finding; its strings live only during the call. */
	void		(*finding)(FILE *, const struct finding *);
	/* Writes the whole report (NULL: the format only streams). */
	void		(*write)(FILE *, const struct report_view *);
	/*
	 * The exit status when the format decides it (nagios), from the
	 * report, or with v NULL when no report could be made; trouble: an
	 * input or the output had errors.  NULL: the usual exit status.
	 */
	int		(*status)(const struct report_view *v, int trouble);
};

/* Every format, the default (text) first, then NULL; each row is defined in its fmt-NAME.c. */
extern const struct fmt *const	fmt_table[];

/* The format of this name, or NULL. */
const struct fmt	*fmt_find(const char *name);
/*
 * The names for a message, as in "text, json, jsonl or csv": all of them, or
 * with whole set those that write a whole report (a summary variant says
 * "csv --summary").  The string is the caller's.
 */
char			*fmt_names(int whole);
/*
 * What the one-line summary counts.  Retry chains (a code on a host for a
 * writer) are counted by where they stand; codes without a retry policy by
 * whether a fix is known (fix) or a person has to look (every class but info).
 */
struct fmt_tally {
	long	exhausted, due, waiting, fix, check;
	int64_t	next;		/* the first time a waiting chain may retry, or TSTAMP_NONE */
};

void			 fmt_tally(const struct report_view *, struct fmt_tally *);
/*
 * The report in a few words, for an e-mail subject or a status line: "2
 * exhausted, 3 retries due, 1 waiting until 02:22 UTC, 4 to fix on 5 hosts"
 * or "no VSS failures" (fmt-oneline.c).  Only numbers and our own words, no
 * text of a log, so it is a safe mail header; the string is the caller's.
 */
char			*fmt_oneline_text(const struct report_view *);

#endif

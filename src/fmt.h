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

#endif

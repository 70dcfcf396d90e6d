/* filter.h: which findings a report keeps: time range, classes, and an ignore file. */
#ifndef VSSEXPLAIN_FILTER_H
#define VSSEXPLAIN_FILTER_H

#include <stdint.h>

#include "db.h"
#include "text.h"

struct filter;

struct filter	*filter_new(void);
void		 filter_free(struct filter *);
/* Keeps findings from since on and before until (TSTAMP_NONE: no bound). */
void		 filter_times(struct filter *, int64_t since, int64_t until);
/*
 * Keeps only these classes, given as "fix,transient"; -1 and *err on an unknown
 * one.  "exhausted" keeps the findings of every class with a retry policy: the
 * report decides which chains are exhausted (see filter_class_list).
 */
int		 filter_classes(struct filter *, const struct db *, const char *, char **err);
/* The classes given to filter_classes, or NULL (*n = 0) when all are kept. */
const struct db_guidance *const *filter_class_list(const struct filter *, size_t *n);
/*
 * Reads an ignore file: one rule a line, '#' comments.  A line that is a code
 * (0x800423F3, -2147212301) or a known name ignores that code; "writer NAME"
 * ignores a writer; anything else is a regular expression matched against the
 * line of the finding.  -1 and *err ("file:line: problem") when it is broken.
 */
int		 filter_ignore_file(struct filter *, const struct db *, const char *path,
		    char **err);
/* Does the finding pass? */
int		 filter_pass(const struct filter *, const struct finding *);

#endif

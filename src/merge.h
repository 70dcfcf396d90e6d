/* merge.h: reads JSON reports (scan --format json) back into a report, for merge. */
#ifndef VSSEXPLAIN_MERGE_H
#define VSSEXPLAIN_MERGE_H

#include "report.h"

/*
 * Adds the report in the file at path to r.  Returns -1 and sets *err (the
 * caller's) when the file is not such a report.
 */
int	merge_file(struct report *r, const char *path, char **err);

#endif

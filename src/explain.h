/* explain.h: the "vssexplain explain CODE..." command. */
#ifndef VSSEXPLAIN_EXPLAIN_H
#define VSSEXPLAIN_EXPLAIN_H

#include <stdio.h>

#include "db.h"

enum explain_format { EXPLAIN_TEXT, EXPLAIN_JSON };

struct explain_opts {
	enum explain_format	 format;
	int			 win32;		/* numbers are Win32 error numbers */
	const char		*method;	/* explain as returned by this method */
};

/*
 * Explains each argument on out; problems with an argument go to err.
 * Returns 0 when every input was known, 1 when any was unknown, 2 when an
 * argument is not a code at all.
 */
int	explain_run(const struct db *, const struct explain_opts *, char **args, int nargs,
	    FILE *out, FILE *err);

#endif

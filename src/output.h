/* output.h: where a report goes: standard output, or an --output file replaced atomically. */
#ifndef VSSEXPLAIN_OUTPUT_H
#define VSSEXPLAIN_OUTPUT_H

#include <stdio.h>

/* An open report destination; the temporary file is removed if a signal ends the program. */
struct output {
	const char	*path;		/* --output FILE, or NULL for standard output */
	char		*tmp;		/* the temporary file beside it, while open */
	FILE		*f;
};

/*
 * Opens where the report goes: stdout when path is NULL, else a temporary
 * file beside path.  Returns the stream, or NULL after a message.
 */
FILE	*output_open(struct output *, const char *path);
/*
 * Finishes the report (ok: it was written without error): flushes stdout, or
 * syncs the temporary file and renames it over the path.  Returns 0, or -1
 * after a message (the old file is then left as it was).
 */
int	 output_close(struct output *, int ok);

#endif

/* wrap.h: word-wrapped text output for the human-readable formats. */
#ifndef VSSEXPLAIN_WRAP_H
#define VSSEXPLAIN_WRAP_H

#include <stdio.h>

/*
 * Writes text wrapped at width columns.  The first line starts at column
 * first (the caller has already written that much); every following line is
 * indented by indent spaces.  Ends with a newline.
 */
void	wrap(FILE *, const char *text, int first, int indent, int width);
/* Writes "label" padded to indent columns after lead spaces, then wraps text. */
void	wrap_field(FILE *, int lead, const char *label, int indent, const char *text,
	    int width);

#endif

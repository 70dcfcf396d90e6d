/* wrap.h: word-wrapped text output for the human-readable formats. */
#ifndef VSSEXPLAIN_WRAP_H
#define VSSEXPLAIN_WRAP_H

#include <stddef.h>
#include <stdio.h>

/*
 * Writes text wrapped at width columns.  The first line starts at column
 * first (the caller has already written that much); every following line is
 * indented by indent spaces.  Ends with a newline.
 */
void	wrap(FILE *, const char *text, int first, int indent, int width);
/*
 * The terminal columns of n bytes of UTF-8: CJK and other wide characters
 * take two, combining marks none; a byte that is not UTF-8 takes one.
 */
int	wrap_width(const char *, size_t n);
/* Writes "label" padded to indent columns after lead spaces, then wraps text. */
void	wrap_field(FILE *, int lead, const char *label, int indent, const char *text,
	    int width);

#endif

/* text-words.h: the text reader's checks of the bytes around a candidate code (no scanner state: a buffer and a line start). */
#ifndef VSSEXPLAIN_TEXT_WORDS_H
#define VSSEXPLAIN_TEXT_WORDS_H

#include <stddef.h>

struct scan_kwset;

/*
 * Is the word just before b[pos] (past a few separators) a key word of set,
 * looking no further back than the line start lstart?
 */
int	text_introduced(const unsigned char *b, size_t pos, size_t lstart,
	    const struct scan_kwset *set);
/* Is b[pos] inside the argument list of a function call on its line? */
int	text_in_call_args(const unsigned char *b, size_t pos, size_t lstart);
/* Is the 8-digit group at b[pos] one of several in a hex dump on [lstart, lend)? */
int	text_in_dump(const unsigned char *b, size_t pos, size_t lstart, size_t lend);

#endif

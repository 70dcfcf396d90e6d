/* arena.h: strings copied one after another into one growing block, found again by their offset. */
#ifndef VSSEXPLAIN_ARENA_H
#define VSSEXPLAIN_ARENA_H

#include <stddef.h>

/*
 * A reader keeps the strings of the record it is filling in an arena and
 * hands out offsets, which stay valid when the block moves as it grows.  The
 * arena is one allocation: NULL is an empty one, free() frees it, and the
 * functions that add take its address because they may move it.
 */
struct arena;

#define ARENA_NONE	((size_t)-1)	/* the offset of no string */

/*
 * Copies p[0..n) as a string of its own, ended by a NUL that stays, and
 * returns its offset; p NULL adds nothing and returns ARENA_NONE.
 */
size_t		 arena_add(struct arena **, const char *p, size_t n);
/*
 * Copies p[0..n) at the end and returns where it went.  A NUL follows it but
 * is not kept: the next arena_append goes on with the same string, which
 * arena_add(a, "", 0) ends.
 */
size_t		 arena_append(struct arena **, const char *p, size_t n);
/* How many bytes are in use: the offset the next string gets. */
size_t		 arena_len(const struct arena *);
/* The string at off (NULL for ARENA_NONE); valid until the arena next grows. */
const char	*arena_str(const struct arena *, size_t off);
/* Drops what was added from off on (an offset arena_len gave), keeping the memory. */
void		 arena_cut(struct arena *, size_t off);
/* Empties the arena for the next record, keeping its memory. */
void		 arena_clear(struct arena *);

#endif

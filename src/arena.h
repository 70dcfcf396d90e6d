/* arena.h: zeroed memory handed out in order and freed all at once, on huge pages where the system allows. */
#ifndef VSSEXPLAIN_ARENA_H
#define VSSEXPLAIN_ARENA_H

#include <stddef.h>

struct arena;

struct arena	*arena_new(void);
/* n zeroed bytes, aligned for any type; never NULL (out of memory aborts). */
void		*arena_alloc(struct arena *, size_t n);
/* n elements of size each, zeroed; aborts on overflow as xcalloc does. */
void		*arena_array(struct arena *, size_t n, size_t size);
/* Frees everything the arena handed out, and the arena. */
void		 arena_free(struct arena *);

#endif

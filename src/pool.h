/* pool.h: zeroed memory handed out in order and freed all at once, on huge pages where the system allows. */
#ifndef VSSEXPLAIN_POOL_H
#define VSSEXPLAIN_POOL_H

#include <stddef.h>

struct pool;

struct pool	*pool_new(void);
/* n zeroed bytes, aligned for any type; never NULL (out of memory aborts). */
void		*pool_alloc(struct pool *, size_t n);
/* n elements of size each, zeroed; aborts on overflow as xcalloc does. */
void		*pool_array(struct pool *, size_t n, size_t size);
/* Frees everything the pool handed out, and the pool. */
void		 pool_free(struct pool *);

#endif

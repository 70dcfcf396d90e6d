/* strmap-int.h: the map's layout, for strmap.c and the rules cache (db-cache.c), which copies maps whole. */
#ifndef VSSEXPLAIN_STRMAP_INT_H
#define VSSEXPLAIN_STRMAP_INT_H

#include <stddef.h>
#include <stdint.h>

struct pool;

/*
 * The table holds only a hash and an index into the entries, which are kept
 * in insertion order: 8 bytes a slot instead of 24, and growing rehashes the
 * small table alone.  The rules' names table has thousands of keys and every
 * page it touches costs a page fault at each start of the program.
 */
struct slot {
	uint32_t	 hash;
	uint32_t	 idx;	/* entry + 1; 0 for an empty slot */
};

struct entry {
	const char	*key;
	void		*value;
};

struct strmap {
	struct pool	*ar;	/* where the table and entries are, or NULL: malloc */
	struct slot	*slots;
	size_t		 cap;	/* a power of two */
	struct entry	*ents;
	size_t		 count, ecap;
};

#endif

/* pool.c: zeroed memory handed out in order and freed all at once, on huge pages where the system allows. */
#include "config.h"

#include <sys/mman.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pool.h"
#include "xalloc.h"

/*
 * Why: the rules database is about a megabyte of small pieces (the files'
 * text, thousands of names, their hash table), loaded at every start.  Each
 * 4 KiB page the loader touches for the first time is a page fault, and on a
 * virtual machine a page fault can cost 20 us or more: two or three hundred
 * of them were most of "vssexplain explain"'s run time.  A chunk of 2 MiB,
 * aligned and marked MADV_HUGEPAGE, is one fault instead when transparent
 * huge pages are enabled ("always" or "madvise"), and plain pages otherwise.
 *
 * Under AddressSanitizer each piece is its own calloc instead, so that an
 * overrun is still caught at the piece's end.
 */
#if defined(__SANITIZE_ADDRESS__)
#define ARENA_MALLOC	1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ARENA_MALLOC	1
#endif
#endif

#define CHUNK		((size_t)2 << 20)	/* a huge page on x86-64 and arm64 */
#define ALIGN		16

struct chunk {
	struct chunk	*next;
	char		*base;
	size_t		 size, used;
};

struct pool {
	struct chunk	*head;	/* the chunk being filled, then older ones */
#ifdef ARENA_MALLOC
	void		**ptrs;
	size_t		  nptrs, cap;
#endif
};

struct pool *
pool_new(void)
{
	return xcalloc(1, sizeof(struct pool));
}

#ifndef ARENA_MALLOC
/* Maps size bytes (a multiple of CHUNK) at a CHUNK boundary, so that huge pages fit. */
static char *
map_aligned(size_t size)
{
	char		*p, *a;
	uintptr_t	 u;

	p = mmap(NULL, size + CHUNK, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		xalloc_oom();
	u = ((uintptr_t)p + CHUNK - 1) & ~(uintptr_t)(CHUNK - 1);
	a = (char *)u;
	if (a > p)
		munmap(p, (size_t)(a - p));
	if (a + size < p + size + CHUNK)
		munmap(a + size, (size_t)(p + size + CHUNK - (a + size)));
#ifdef MADV_HUGEPAGE
	(void)madvise(a, size, MADV_HUGEPAGE);	/* a hint: without it, plain pages */
#endif
	return a;
}
#endif

void *
pool_alloc(struct pool *ar, size_t n)
{
#ifdef ARENA_MALLOC
	if (ar->nptrs == ar->cap) {
		ar->cap = ar->cap ? ar->cap * 2 : 64;
		ar->ptrs = xreallocarray(ar->ptrs, ar->cap, sizeof *ar->ptrs);
	}
	return ar->ptrs[ar->nptrs++] = xcalloc(1, n != 0 ? n : 1);
#else
	struct chunk	*c = ar->head;
	void		*p;

	if (n > SIZE_MAX - 2 * CHUNK)
		xalloc_oom();
	n = n != 0 ? (n + ALIGN - 1) & ~(size_t)(ALIGN - 1) : ALIGN;
	if (c == NULL || c->size - c->used < n) {
		size_t	size = (n + CHUNK - 1) & ~(CHUNK - 1);

		c = xcalloc(1, sizeof *c);
		c->base = map_aligned(size);
		c->size = size;
		c->next = ar->head;
		ar->head = c;
	}
	p = c->base + c->used;
	c->used += n;
	return p;
#endif
}

void *
pool_array(struct pool *ar, size_t n, size_t size)
{
	if (size != 0 && n > SIZE_MAX / size)
		xalloc_oom();
	return pool_alloc(ar, n * size);
}

void
pool_free(struct pool *ar)
{
	struct chunk	*c, *next;

	if (ar == NULL)
		return;
#ifdef ARENA_MALLOC
	while (ar->nptrs > 0)
		free(ar->ptrs[--ar->nptrs]);
	free(ar->ptrs);
#endif
	for (c = ar->head; c != NULL; c = next) {
		next = c->next;
		munmap(c->base, c->size);
		free(c);
	}
	free(ar);
}

/* arena.c: the strings of a record in one growing block (arena.h). */
#include "config.h"

#include <string.h>

#include "arena.h"
#include "xalloc.h"

struct arena {
	size_t	len, cap;	/* bytes in use, and room in s */
	char	s[];
};

size_t
arena_append(struct arena **ap, const char *p, size_t n)
{
	struct arena	*a = *ap;
	size_t		 off = a != NULL ? a->len : 0, cap;

	if (a == NULL || off + n + 1 > a->cap) {
		cap = (off + n + 1) * 2;
		a = xrealloc(a, sizeof *a + cap);
		a->len = off;
		a->cap = cap;
		*ap = a;
	}
	if (n > 0)
		memcpy(a->s + off, p, n);
	a->len += n;
	a->s[a->len] = '\0';
	return off;
}

size_t
arena_add(struct arena **ap, const char *p, size_t n)
{
	size_t	off;

	if (p == NULL)
		return ARENA_NONE;
	off = arena_append(ap, p, n);
	(*ap)->len++;		/* the NUL stays */
	return off;
}

size_t
arena_len(const struct arena *a)
{
	return a != NULL ? a->len : 0;
}

const char *
arena_str(const struct arena *a, size_t off)
{
	return off == ARENA_NONE || a == NULL ? NULL : a->s + off;
}

void
arena_cut(struct arena *a, size_t off)
{
	if (a != NULL && off < a->len) {
		a->len = off;
		a->s[off] = '\0';
	}
}

void
arena_clear(struct arena *a)
{
	if (a != NULL)
		a->len = 0;
}

/* strmap.c: open-addressing hash map keyed by case-insensitive ASCII strings. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pool.h"
#include "strmap.h"
#include "strmap-int.h"
#include "xalloc.h"

/*
 * The key's bytes 8 at a time, each with bit 5 set: that folds ASCII case
 * (and a few other pairs, which costs only a collision), so that keys equal
 * to strcasecmp hash alike.  A byte at a time (FNV-1a) was a fifth of
 * loading the rules, whose names table has thousands of keys.
 */
static uint32_t
hash_n(const char *s, size_t n)
{
	size_t		i;
	uint64_t	h = 0x9e3779b97f4a7c15ull ^ n, w;

	for (; n >= 8; s += 8, n -= 8) {
		memcpy(&w, s, 8);
		h = (h ^ (w | 0x2020202020202020ull)) * 0xff51afd7ed558ccdull;
		h ^= h >> 32;
	}
	for (w = 0, i = 0; i < n; i++)
		w |= (uint64_t)(unsigned char)s[i] << (8 * i);
	h = (h ^ (w | 0x2020202020202020ull)) * 0xc4ceb9fe1a85ec53ull;
	h ^= h >> 29;
	return (uint32_t)h;
}

static uint32_t
hash(const char *s)
{
	return hash_n(s, strlen(s));
}

/* n zeroed elements, from the map's pool or from malloc. */
static void *
zalloc(const struct strmap *m, size_t n, size_t size)
{
	return m->ar != NULL ? pool_array(m->ar, n, size) : xcalloc(n, size);
}

/* Gives back what zalloc gave: a pool's memory goes with the pool. */
static void
release(const struct strmap *m, void *p)
{
	if (m->ar == NULL)
		free(p);
}

struct strmap *
strmap_new_in(struct pool *ar)
{
	struct strmap	*m = xcalloc(1, sizeof *m);

	m->ar = ar;
	m->cap = 64;
	m->slots = zalloc(m, m->cap, sizeof *m->slots);
	return m;
}

struct strmap *
strmap_new(void)
{
	return strmap_new_in(NULL);
}

void
strmap_free(struct strmap *m)
{
	if (m == NULL)
		return;
	release(m, m->slots);
	release(m, m->ents);
	free(m);
}

/* Makes room for n entries. */
static void
grow_entries(struct strmap *m, size_t n)
{
	struct entry	*e;

	if (m->ar == NULL) {
		m->ents = xreallocarray(m->ents, n, sizeof *m->ents);
	} else {
		e = pool_array(m->ar, n, sizeof *e);
		if (m->count > 0)
			memcpy(e, m->ents, m->count * sizeof *e);
		m->ents = e;
	}
	m->ecap = n;
}

/*
 * Is the key k the n bytes of s, ASCII case aside?  As strcasecmp in the C
 * locale (the program sets no other), in line: strcasecmp's call, its
 * locale's table and a strlen of the key were a third of a lookup, and the
 * text reader looks up a word or two for each finding (issue 16).
 */
static inline int
same_key(const char *k, const char *s, size_t n)
{
	size_t		i;
	unsigned	x, y;

	for (i = 0; i < n; i++) {
		x = (unsigned char)k[i];
		y = (unsigned char)s[i];
		if (x != y) {
			if ((x | 0x20) != (y | 0x20) || (x | 0x20) - 'a' > 'z' - 'a')
				return 0;	/* also at the end of k: its NUL is no letter */
		} else if (x == '\0')
			return 0;	/* a NUL in s: not past the end of k */
	}
	return k[n] == '\0';
}

static struct slot *
find_hashed(const struct strmap *m, const char *key, size_t len, uint32_t h)
{
	size_t	i = h & (m->cap - 1);

	while (m->slots[i].idx != 0 && (m->slots[i].hash != h ||
	    !same_key(m->ents[m->slots[i].idx - 1].key, key, len)))
		i = (i + 1) & (m->cap - 1);
	return &m->slots[i];
}

/* Makes the table hold n keys at most half full. */
static void
resize(struct strmap *m, size_t n)
{
	size_t	cap, i, j;

	for (cap = m->cap; cap < n * 2; cap *= 2)
		;
	if (cap == m->cap)
		return;
	release(m, m->slots);
	m->cap = cap;
	m->slots = zalloc(m, m->cap, sizeof *m->slots);
	for (i = 0; i < m->count; i++) {
		uint32_t	h = hash(m->ents[i].key);

		for (j = h & (m->cap - 1); m->slots[j].idx != 0; j = (j + 1) & (m->cap - 1))
			;
		m->slots[j].hash = h;
		m->slots[j].idx = (uint32_t)i + 1;
	}
}

void
strmap_reserve(struct strmap *m, size_t n)
{
	if (n > m->ecap)
		grow_entries(m, n);
	resize(m, n);
}

void **
strmap_slot(struct strmap *m, const char *key)
{
	return strmap_slot_n(m, key, strlen(key));
}

void **
strmap_slot_n(struct strmap *m, const char *key, size_t len)
{
	struct slot	*s;
	uint32_t	 h = hash_n(key, len);

	if ((m->count + 1) * 2 > m->cap)
		resize(m, m->count + 1);
	s = find_hashed(m, key, len, h);
	if (s->idx == 0) {
		if (m->count == m->ecap)
			grow_entries(m, m->ecap ? m->ecap * 2 : 16);
		m->ents[m->count].key = key;
		m->ents[m->count].value = NULL;
		s->hash = h;
		s->idx = (uint32_t)++m->count;
	}
	return &m->ents[s->idx - 1].value;
}

void *
strmap_put(struct strmap *m, const char *key, void *value)
{
	void	**v = strmap_slot(m, key);
	void	 *prev = *v;

	*v = value;
	return prev;
}

void *
strmap_get(const struct strmap *m, const char *key)
{
	return strmap_get_n(m, key, strlen(key));
}

void *
strmap_get_n(const struct strmap *m, const char *key, size_t len)
{
	const struct slot	*s = find_hashed(m, key, len, hash_n(key, len));

	return s->idx != 0 ? m->ents[s->idx - 1].value : NULL;
}

size_t
strmap_count(const struct strmap *m)
{
	return m->count;
}

int
strmap_next(const struct strmap *m, size_t *pos, const char **key, void **value)
{
	if (*pos >= m->count)
		return 0;
	*key = m->ents[*pos].key;
	*value = m->ents[(*pos)++].value;
	return 1;
}

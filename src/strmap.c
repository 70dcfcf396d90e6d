/* strmap.c: open-addressing hash map keyed by case-insensitive ASCII strings. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <strings.h>

#include "strmap.h"
#include "xalloc.h"

struct slot {
	const char	*key;
	void		*value;
	uint32_t	 hash;
};

struct strmap {
	struct slot	*slots;
	size_t		 cap;	/* a power of two */
	size_t		 count;
};

/* FNV-1a over the lower-cased bytes. */
static uint32_t
hash(const char *s)
{
	uint32_t	h = 2166136261u;
	unsigned char	c;

	while ((c = (unsigned char)*s++) != '\0') {
		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		h = (h ^ c) * 16777619u;
	}
	return h;
}

struct strmap *
strmap_new(void)
{
	struct strmap	*m = xcalloc(1, sizeof *m);

	m->cap = 64;
	m->slots = xcalloc(m->cap, sizeof *m->slots);
	return m;
}

void
strmap_free(struct strmap *m)
{
	if (m == NULL)
		return;
	free(m->slots);
	free(m);
}

static struct slot *
find_hashed(const struct strmap *m, const char *key, uint32_t h)
{
	size_t	i = h & (m->cap - 1);

	while (m->slots[i].key != NULL && (m->slots[i].hash != h ||
	    strcasecmp(m->slots[i].key, key) != 0))
		i = (i + 1) & (m->cap - 1);
	return &m->slots[i];
}

static struct slot *
find(const struct strmap *m, const char *key)
{
	return find_hashed(m, key, hash(key));
}

static void
grow(struct strmap *m)
{
	struct slot	*old = m->slots;
	size_t		 oldcap = m->cap, i;

	m->cap *= 2;
	m->slots = xcalloc(m->cap, sizeof *m->slots);
	for (i = 0; i < oldcap; i++) {
		if (old[i].key != NULL)
			*find_hashed(m, old[i].key, old[i].hash) = old[i];
	}
	free(old);
}

void **
strmap_slot(struct strmap *m, const char *key)
{
	struct slot	*s;
	uint32_t	 h = hash(key);

	if ((m->count + 1) * 2 > m->cap)
		grow(m);
	s = find_hashed(m, key, h);
	if (s->key == NULL) {
		s->key = key;
		s->value = NULL;
		s->hash = h;
		m->count++;
	}
	return &s->value;
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
	return find(m, key)->value;
}

size_t
strmap_count(const struct strmap *m)
{
	return m->count;
}

int
strmap_next(const struct strmap *m, size_t *pos, const char **key, void **value)
{
	while (*pos < m->cap) {
		const struct slot	*s = &m->slots[(*pos)++];

		if (s->key != NULL) {
			*key = s->key;
			*value = s->value;
			return 1;
		}
	}
	return 0;
}

/* strmap.h: a hash map from ASCII strings (compared without case) to pointers. */
#ifndef VSSEXPLAIN_STRMAP_H
#define VSSEXPLAIN_STRMAP_H

#include <stddef.h>

struct pool;
struct strmap;

struct strmap	*strmap_new(void);
/* A map whose table and entries are taken from a pool, and freed with it. */
struct strmap	*strmap_new_in(struct pool *);
/* Frees the map, not the keys or values. */
void		 strmap_free(struct strmap *);
/* The key must outlive the map.  Returns the previous value, or NULL. */
void		*strmap_put(struct strmap *, const char *key, void *value);
void		*strmap_get(const struct strmap *, const char *key);
/* The same for the len bytes at key, which need no NUL after them. */
void		*strmap_get_n(const struct strmap *, const char *key, size_t len);
/*
 * The value's place for key, in one lookup: a new key is added with a NULL
 * value for the caller to set.  The key must outlive the map.
 */
void		**strmap_slot(struct strmap *, const char *key);
/* The same for a key of len bytes (strlen(key)), known already. */
void		**strmap_slot_n(struct strmap *, const char *key, size_t len);
/* Makes room for n keys in all, so that adding them does not grow the map again. */
void		 strmap_reserve(struct strmap *, size_t n);
size_t		 strmap_count(const struct strmap *);
/* Iterates in the order the keys were added: start with *pos = 0; returns 0 at the end. */
int		 strmap_next(const struct strmap *, size_t *pos, const char **key, void **value);

#endif

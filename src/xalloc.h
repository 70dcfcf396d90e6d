/* xalloc.h: allocation that never returns NULL (out of memory aborts). */
#ifndef VSSEXPLAIN_XALLOC_H
#define VSSEXPLAIN_XALLOC_H

#include <stdarg.h>
#include <stddef.h>

/* Says "out of memory" and aborts. */
void	 xalloc_oom(void) __attribute__((noreturn));
void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xrealloc(void *, size_t);
void	*xreallocarray(void *, size_t, size_t);
/*
 * An array of n elements of size each, with room for one more: *cap, its
 * room, doubles when it is full (16 at first), so that adding one at a time
 * costs a copy of the array now and then, not at every addition.
 */
void	*xgrow(void *, size_t n, size_t *cap, size_t size);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
/* Returned strings are the caller's to free. */
char	*xasprintf(const char *, ...) __attribute__((format(printf, 1, 2)));
char	*xvasprintf(const char *, va_list) __attribute__((format(printf, 1, 0)));

#endif

/* match.h: regular expressions (PCRE2, JIT-compiled); the only module that sees pcre2.h. */
#ifndef VSSEXPLAIN_MATCH_H
#define VSSEXPLAIN_MATCH_H

#include <stddef.h>

struct match_re;

#define MATCH_CASELESS	0x1
#define MATCH_MAX_GROUPS 16

/* A successful match: whole match and each capture, as offsets; -1 when unset. */
struct match_result {
	long	start[MATCH_MAX_GROUPS];
	long	end[MATCH_MAX_GROUPS];
};

/* Compiles pattern; on error returns NULL and sets *err (the caller's string). */
struct match_re	*match_compile(const char *pattern, int flags, char **err);
void		 match_free(struct match_re *);
/*
 * Frees the calling thread's match data (made by its first match_exec):
 * each thread of scan -j before it ends, main at exit.
 */
void		 match_thread_end(void);
/* Searches s[0..len) from offset start; returns 1 on a match, 0 otherwise. */
int		 match_exec(const struct match_re *, const char *s, size_t len, size_t start,
		    struct match_result *);
/* The number of a named group, or -1. */
int		 match_group(const struct match_re *, const char *name);

#endif

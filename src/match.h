/* match.h: regular expressions (PCRE2, JIT-compiled); the only module that sees pcre2.h. */
#ifndef VSSEXPLAIN_MATCH_H
#define VSSEXPLAIN_MATCH_H

#include <stddef.h>

struct match_re;

#define MATCH_CASELESS	0x1
#define MATCH_MAX_GROUPS 16

/*
 * What one match may cost: backtracking steps, nested backtracking frames
 * (the interpreter only; JIT code has its own stack) and KiB of heap.
 */
#ifndef MATCH_LIMIT		/* lower ones measure the headroom (doc/bad-inputs.md) */
#define MATCH_LIMIT		1000000
#endif
#ifndef MATCH_DEPTH_LIMIT
#define MATCH_DEPTH_LIMIT	10000
#endif
#ifndef MATCH_HEAP_LIMIT_KIB
#define MATCH_HEAP_LIMIT_KIB	20480
#endif

#define MATCH_GAVE_UP	(-1)	/* match_exec: a limit was hit; no answer */

/* A successful match: whole match and each capture, as offsets; -1 when unset. */
struct match_result {
	long	start[MATCH_MAX_GROUPS];
	long	end[MATCH_MAX_GROUPS];
};

/* Compiles pattern; on error returns NULL and sets *err (the caller's string). */
struct match_re	*match_compile(const char *pattern, int flags, char **err);
void		 match_free(struct match_re *);
/*
 * Frees the calling thread's match data (made by its first match_exec); other
 * threads' is freed when they end.  main calls it before it returns, so that
 * leak checkers see nothing left.
 */
void		 match_thread_end(void);
/*
 * Searches s[0..len) from offset start; returns 1 on a match, 0 otherwise,
 * MATCH_GAVE_UP when the pattern hit one of the limits above (callers must
 * not take it for a match: test with > 0 or == 1).
 */
int		 match_exec(const struct match_re *, const char *s, size_t len, size_t start,
		    struct match_result *);
/*
 * Where a group that holds an unbounded quantifier is itself repeated
 * without bound, as in (a+)+ or (\s*x)*: the offset of its '(', or -1.  Such
 * a pattern may try exponentially many ways on a line that almost matches.
 * A rough look (no PCRE2 parse), for the rules command to warn.
 */
long		 match_nested_quantifier(const char *pattern);
/* The number of a named group, or -1. */
int		 match_group(const struct match_re *, const char *name);
/*
 * The pattern's named groups one at a time, i from 0, for a caller that
 * reads many groups of each match (a timestamp's, issue 16): one pass over
 * them rather than a match_group for each name.  Sets *name and returns the
 * group's number (-1 when beyond MATCH_MAX_GROUPS); past the last returns 0,
 * or MATCH_GROUPS_MORE when the pattern has names this list leaves out
 * (match_group still finds those).
 */
#define MATCH_GROUPS_MORE	(-2)
int		 match_group_at(const struct match_re *, int i, const char **name);

#endif

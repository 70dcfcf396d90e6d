/* match.c: a thin wrapper over PCRE2 with JIT and per-thread match data. */
#include "config.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "match.h"
#include "xalloc.h"

#define GROUP_CACHE	16	/* group names kept per pattern */

/*
 * A compiled pattern may be used by several threads at once (the database's
 * patterns are shared, and tstamp converts stamps from any thread), so after
 * match_compile nothing in it changes but the JIT flag, set once under
 * jit_lock.  The match data that pcre2_match writes is each thread's own,
 * freed when the thread ends (match_thread_end for the main thread).
 */
struct match_re {
	int			 jit;	/* JIT-compiled yet: done on first use (JIT_*) */
	/* the named groups, read from the pattern when it is compiled */
	char			 gname[GROUP_CACHE][16];
	int			 gnum[GROUP_CACHE];
	int			 ngroup;
	int			 gmore;	/* more (or longer) names than the table holds */
	pcre2_code		*code;
	pcre2_match_context	*mc;
	/*
	 * What PCRE2's own study says a match needs, to answer "no" without
	 * the call (most timestamp and record patterns are tried on lines
	 * they cannot match at their first byte): the match's least length,
	 * and for an anchored pattern the bytes it can start with.
	 */
	uint32_t		 minlen;
	int			 anchored_first;	/* anchored, and first[] is known */
	unsigned char		 first[32];		/* a bit for each first byte */
};

static pthread_mutex_t	jit_lock = PTHREAD_MUTEX_INITIALIZER;

/* struct match_re's jit */
#define JIT_NOT_YET	0
#define JIT_TRIED	1	/* pcre2_match, which runs the JIT code if there is any */
#define JIT_DIRECT	2	/* pcre2_jit_match may be called directly */
static pthread_once_t	md_once = PTHREAD_ONCE_INIT;
static pthread_key_t	md_key;		/* its destructor frees a thread's match data */
static __thread pcre2_match_data *tls_md;	/* the thread's match data, for speed */

static void
md_free(void *md)
{
	pcre2_match_data_free(md);
}

static void
md_key_make(void)
{
	if (pthread_key_create(&md_key, md_free) != 0)
		abort();
	/* here, not in main: a run that matches nothing need not page it in at exit */
	if (atexit(match_thread_end) != 0)
		abort();
}

/* The calling thread's match data, made on its first match. */
static inline pcre2_match_data *
thread_md(void)
{
	if (tls_md == NULL) {
		(void)pthread_once(&md_once, md_key_make);
		if ((tls_md = pcre2_match_data_create(MATCH_MAX_GROUPS, NULL)) == NULL ||
		    pthread_setspecific(md_key, tls_md) != 0)
			abort();
	}
	return tls_md;
}

void
match_thread_end(void)
{
	if (tls_md == NULL)
		return;
	(void)pthread_setspecific(md_key, NULL);
	pcre2_match_data_free(tls_md);
	tls_md = NULL;
}

/* Reads the pattern's named groups into its table. */
static void
read_groups(struct match_re *re)
{
	PCRE2_SPTR	tab;
	uint32_t	count, size, i;
	size_t		len;

	if (pcre2_pattern_info(re->code, PCRE2_INFO_NAMECOUNT, &count) != 0 ||
	    pcre2_pattern_info(re->code, PCRE2_INFO_NAMEENTRYSIZE, &size) != 0 ||
	    pcre2_pattern_info(re->code, PCRE2_INFO_NAMETABLE, &tab) != 0)
		return;
	for (i = 0; i < count; i++, tab += size) {
		int	n = (tab[0] << 8) | tab[1];

		len = strlen((const char *)tab + 2);
		if (re->ngroup == GROUP_CACHE || len >= sizeof re->gname[0]) {
			re->gmore = 1;
			continue;
		}
		memcpy(re->gname[re->ngroup], tab + 2, len + 1);
		re->gnum[re->ngroup++] = n < MATCH_MAX_GROUPS ? n : -1;
	}
}

/* Reads what a match must start with and its least length (see struct match_re). */
static void
read_start(struct match_re *re)
{
	const uint8_t	*bm;
	uint32_t	 all, type, unit;

	if (pcre2_pattern_info(re->code, PCRE2_INFO_MINLENGTH, &re->minlen) != 0)
		re->minlen = 0;
	if (pcre2_pattern_info(re->code, PCRE2_INFO_ALLOPTIONS, &all) != 0 ||
	    (all & PCRE2_ANCHORED) == 0 ||
	    pcre2_pattern_info(re->code, PCRE2_INFO_FIRSTCODETYPE, &type) != 0)
		return;
	if (type == 1 && pcre2_pattern_info(re->code, PCRE2_INFO_FIRSTCODEUNIT, &unit) == 0 &&
	    unit < 256) {
		/* a letter may be matched without case: both are let through */
		re->first[unit >> 3] |= (unsigned char)(1u << (unit & 7));
		if (((unit | 0x20) >= 'a' && (unit | 0x20) <= 'z')) {
			unit ^= 0x20;
			re->first[unit >> 3] |= (unsigned char)(1u << (unit & 7));
		}
		re->anchored_first = 1;
	} else if (type == 0 && pcre2_pattern_info(re->code, PCRE2_INFO_FIRSTBITMAP, &bm) == 0 &&
	    bm != NULL) {
		memcpy(re->first, bm, sizeof re->first);
		re->anchored_first = 1;
	}
}

struct match_re *
match_compile(const char *pattern, int flags, char **err)
{
	struct match_re	*re;
	PCRE2_UCHAR	 msg[256];
	PCRE2_SIZE	 off;
	uint32_t	 opts = PCRE2_NEVER_BACKSLASH_C;
	int		 code;

	if (flags & MATCH_CASELESS)
		opts |= PCRE2_CASELESS;
	re = xcalloc(1, sizeof *re);
	re->code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, opts, &code,
	    &off, NULL);
	if (re->code == NULL) {
		pcre2_get_error_message(code, msg, sizeof msg);
		*err = xasprintf("bad regular expression at offset %zu: %s", (size_t)off,
		    (char *)msg);
		free(re);
		return NULL;
	}
	read_groups(re);
	read_start(re);
	re->mc = pcre2_match_context_create(NULL);
	/*
	 * Bounds the work one subject may cost, whatever the pattern: a rule
	 * with nested quantifiers gives up instead of stalling the run.  The
	 * shipped rules stay far below these on the bench logs.
	 */
	pcre2_set_match_limit(re->mc, MATCH_LIMIT);
	pcre2_set_depth_limit(re->mc, MATCH_DEPTH_LIMIT);
	pcre2_set_heap_limit(re->mc, MATCH_HEAP_LIMIT_KIB);
	return re;
}

void
match_free(struct match_re *re)
{
	if (re == NULL)
		return;
	pcre2_match_context_free(re->mc);
	pcre2_code_free(re->code);
	free(re);
}

/*
 * JIT-compiles re; says whether pcre2_jit_match may stand for pcre2_match: it
 * does not check UTF-8 (a pattern may turn UTF on with (*UTF)), and needs
 * the JIT code to exist.
 */
static int
direct_jit(const struct match_re *re)
{
	uint32_t	opts;

	if (pcre2_jit_compile(re->code, PCRE2_JIT_COMPLETE) != 0)
		return 0;
	if (pcre2_pattern_info(re->code, PCRE2_INFO_ALLOPTIONS, &opts) != 0 ||
	    (opts & PCRE2_UTF))
		return 0;
	return 1;
}

int
match_exec(const struct match_re *re, const char *s, size_t len, size_t start,
    struct match_result *r)
{
	pcre2_match_data	*md;
	PCRE2_SIZE		*ov;
	int			 rc, i, n, jit;

	if (start > len || len - start < re->minlen)
		return 0;	/* pcre2_match says PCRE2_ERROR_BADOFFSET to the first */
	if (re->anchored_first && (start >= len ||
	    !(re->first[(unsigned char)s[start] >> 3] & (1u << ((unsigned char)s[start] & 7)))))
		return 0;
	md = thread_md();
	if ((jit = __atomic_load_n(&re->jit, __ATOMIC_ACQUIRE)) == JIT_NOT_YET) {
		/* the database compiles every pattern; only those used pay for JIT */
		pthread_mutex_lock(&jit_lock);
		if ((jit = re->jit) == JIT_NOT_YET) {
			jit = direct_jit(re) ? JIT_DIRECT : JIT_TRIED;
			__atomic_store_n(&((struct match_re *)re)->jit, jit, __ATOMIC_RELEASE);
		}
		pthread_mutex_unlock(&jit_lock);
	}
	/*
	 * pcre2_jit_match skips pcre2_match's checks of its arguments, which
	 * cost as much as a short match (a timestamp's, issue 16): the one that
	 * matters here, an offset beyond the subject, is made above.
	 */
	if (jit == JIT_DIRECT)
		rc = pcre2_jit_match(re->code, (PCRE2_SPTR)s, len, start, 0, md, re->mc);
	else
		rc = pcre2_match(re->code, (PCRE2_SPTR)s, len, start, 0, md, re->mc);
	if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ||
	    rc == PCRE2_ERROR_HEAPLIMIT || rc == PCRE2_ERROR_JIT_STACKLIMIT)
		return MATCH_GAVE_UP;
	if (rc <= 0)
		return 0;
	ov = pcre2_get_ovector_pointer(md);
	n = rc < MATCH_MAX_GROUPS ? rc : MATCH_MAX_GROUPS;
	for (i = 0; i < n; i++) {
		if (ov[2 * i] != PCRE2_UNSET) {
			r->start[i] = (long)ov[2 * i];
			r->end[i] = (long)ov[2 * i + 1];
		} else
			r->start[i] = r->end[i] = -1;
	}
	/* the groups past the last that took part: -1, all bits set, at once */
	memset(r->start + n, 0xFF, (size_t)(MATCH_MAX_GROUPS - n) * sizeof r->start[0]);
	memset(r->end + n, 0xFF, (size_t)(MATCH_MAX_GROUPS - n) * sizeof r->end[0]);
	return 1;
}

int
match_group(const struct match_re *re, const char *name)
{
	int	n, i;

	/* the first byte first: called for every group of every finding's timestamp */
	for (i = 0; i < re->ngroup; i++) {
		if (re->gname[i][0] == name[0] && strcmp(re->gname[i], name) == 0)
			return re->gnum[i];
	}
	if (!re->gmore)
		return -1;
	n = pcre2_substring_number_from_name(re->code, (PCRE2_SPTR)name);
	return n > 0 && n < MATCH_MAX_GROUPS ? n : -1;
}

int
match_group_at(const struct match_re *re, int i, const char **name)
{
	if (i < 0 || i >= re->ngroup)
		return re->gmore ? MATCH_GROUPS_MORE : 0;
	*name = re->gname[i];
	return re->gnum[i];
}

/*
 * The length of a quantifier at p (?, +, *, {n}, {n,m}, {n,}, each maybe lazy
 * or possessive), or 0; *unb says whether it repeats without bound and gives
 * back what it took (a possessive one does not).
 */
static size_t
quantifier(const char *p, int *unb)
{
	const char	*q = p;

	*unb = 0;
	if (*p == '?' || *p == '+' || *p == '*') {
		*unb = *p != '?';
		q = p + 1;
	} else if (*p == '{') {
		for (q = p + 1; *q >= '0' && *q <= '9'; q++)
			;
		if (q == p + 1)
			return 0;
		if (*q == ',') {
			*unb = q[1] == '}';
			for (q++; *q >= '0' && *q <= '9'; q++)
				;
		}
		if (*q++ != '}')
			return 0;
	} else
		return 0;
	if (*q == '+')
		*unb = 0;
	if (*q == '+' || *q == '?')
		q++;
	return (size_t)(q - p);
}

#define NEST_MAX	64

long
match_nested_quantifier(const char *pat)
{
	struct {
		long	start;
		int	inner;		/* holds an unbounded quantifier */
		int	atomic;		/* (?>...): gives no backtracking back */
	}		 st[NEST_MAX];
	const char	*p;
	int		 depth = 0, inner, unb;
	size_t		 q;

	st[0].start = 0;
	st[0].inner = st[0].atomic = 0;
	for (p = pat; *p != '\0'; p++) {
		switch (*p) {
		case '\\':
			if (p[1] == 'Q') {	/* \Q...\E: literal */
				const char	*e = strstr(p + 2, "\\E");

				p = e != NULL ? e + 1 : p + strlen(p) - 1;
				continue;
			}
			if (p[1] != '\0')
				p++;
			break;
		case '[':
			/* a class: ']' first stands for itself */
			for (p++, p += *p == '^', p += *p == ']'; *p != '\0' && *p != ']'; p++) {
				if (*p == '\\' && p[1] != '\0')
					p++;
			}
			if (*p == '\0')
				return -1;
			break;
		case '(':
			if (depth + 1 >= NEST_MAX)
				return -1;
			depth++;
			st[depth].start = (long)(p - pat);
			st[depth].inner = 0;
			st[depth].atomic = p[1] == '?' && p[2] == '>';
			continue;
		case ')':
			if (depth == 0)
				return -1;
			inner = st[depth].inner && !st[depth].atomic;
			depth--;
			q = quantifier(p + 1, &unb);
			if (inner && unb)
				return st[depth + 1].start;
			st[depth].inner |= inner || unb;
			p += q;
			continue;
		default:
			break;
		}
		q = quantifier(p + 1, &unb);
		st[depth].inner |= unb;
		p += q;
	}
	return -1;
}

/* match.c: a thin wrapper over PCRE2 with JIT and per-thread match data. */
#include "config.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "match.h"
#include "xalloc.h"

#define GROUP_CACHE	16	/* group names remembered per pattern */

/*
 * A pattern is shared by the threads of scan -j (the database's patterns
 * are), so after match_compile nothing in it changes but the JIT flag, which
 * is set once under jit_lock.  The match data, which pcre2_match writes, is
 * each thread's own.
 */
struct match_re {
	int			 jit;	/* JIT-compiled yet: done on first use */
	/* the named groups, for match_group, read from the pattern when compiled */
	char			 gname[GROUP_CACHE][16];
	int			 gnum[GROUP_CACHE];
	int			 ngroup;
	int			 gmore;	/* more (or longer) names than the table holds */
	pcre2_code		*code;
	pcre2_match_context	*mc;
};

static pthread_mutex_t			jit_lock = PTHREAD_MUTEX_INITIALIZER;
static __thread pcre2_match_data	*thread_md;	/* this thread's, made on first use */

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
	re->mc = pcre2_match_context_create(NULL);
	/* Bounds the work one subject may cost, whatever the pattern. */
	pcre2_set_match_limit(re->mc, 1000000);
	pcre2_set_depth_limit(re->mc, 10000);
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

void
match_thread_end(void)
{
	pcre2_match_data_free(thread_md);
	thread_md = NULL;
}

int
match_exec(const struct match_re *re, const char *s, size_t len, size_t start,
    struct match_result *r)
{
	PCRE2_SIZE	*ov;
	int		 rc, i;

	if (!__atomic_load_n(&re->jit, __ATOMIC_ACQUIRE)) {
		/* the database compiles every pattern; only those used pay for JIT */
		pthread_mutex_lock(&jit_lock);
		if (!re->jit) {
			(void)pcre2_jit_compile(re->code, PCRE2_JIT_COMPLETE);
			__atomic_store_n(&((struct match_re *)re)->jit, 1, __ATOMIC_RELEASE);
		}
		pthread_mutex_unlock(&jit_lock);
	}
	if (thread_md == NULL)
		thread_md = pcre2_match_data_create(MATCH_MAX_GROUPS, NULL);
	rc = pcre2_match(re->code, (PCRE2_SPTR)s, len, start, 0, thread_md, re->mc);
	if (rc <= 0)
		return 0;
	ov = pcre2_get_ovector_pointer(thread_md);
	for (i = 0; i < MATCH_MAX_GROUPS; i++) {
		if (i < rc && ov[2 * i] != PCRE2_UNSET) {
			r->start[i] = (long)ov[2 * i];
			r->end[i] = (long)ov[2 * i + 1];
		} else
			r->start[i] = r->end[i] = -1;
	}
	return 1;
}

int
match_group(const struct match_re *re, const char *name)
{
	int	n, i;

	for (i = 0; i < re->ngroup; i++) {
		if (strcmp(re->gname[i], name) == 0)
			return re->gnum[i];
	}
	if (!re->gmore)
		return -1;
	n = pcre2_substring_number_from_name(re->code, (PCRE2_SPTR)name);
	return n > 0 && n < MATCH_MAX_GROUPS ? n : -1;
}

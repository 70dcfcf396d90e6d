/* text-rules.h: what the text scanner compiles from the database once: known values, key words, patterns. */
#ifndef VSSEXPLAIN_TEXT_RULES_H
#define VSSEXPLAIN_TEXT_RULES_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "text-classify.h"

struct match_re;
struct strmap;

#define SCAN_RULES_MAX_ANY	8	/* literals of the patterns with scope anywhere */
#if SCAN_RULES_MAX_ANY > 8
#error "any_by holds a bit for each literal in a byte"
#endif
#define SCAN_RULES_MAX_TRIG	8	/* literals of the patterns with scope trigger */

/* The key words that end in one word: alone, or after the words of a longer key word. */
struct scan_kw {
	int		  alone;	/* the word alone is a key word */
	char		**before;	/* "failed" of "failed with", lower-cased */
	size_t		  nbefore;
};

/*
 * A [keywords] list as the scanner matches it: by last word, and the key words
 * written with non-ASCII letters at their end (失敗しました), which are matched
 * as the end of the text before a code, since such scripts put no blank
 * between words.
 */
/* A bare method name and the method db_method_find gives for it. */
struct scan_method {
	const char		*bare;
	const struct db_method	*m;
};

struct scan_kwset {
	struct strmap	 *last;		/* last word -> struct scan_kw */
	struct scan_kw	**kws;
	size_t		  nkws;
	char		**tails;
	size_t		  ntails;
	/* a cheap first test: the last bytes (lower case) and lengths of the last words */
	unsigned char	  last_byte[256];
	size_t		  minlen, maxlen;
};

/*
 * An open-addressing set of 32-bit values: the failure codes the database
 * knows.  A bit for each upper half that occurs answers most "no" without a
 * probe: random hex (checksums, dumps) rarely shares a known code's facility.
 */
struct scan_vset {
	uint32_t	*v;
	size_t		 mask;
	int		 has_zero;
	uint64_t	 top[65536 / 64];	/* bit v >> 16: some value has that upper half */
};

/*
 * The scanner's knowledge, read from the database by scan_rules_new and not
 * changed after: it could be shared by several scanners.  The pattern arrays
 * point into the database.
 */
struct scan_rules {
	struct scan_vset	 known;		/* values with a name or an entry */
	struct match_re		*vss_re;	/* words of [keywords context] and context-path */
	struct match_re		*about_re;	/* words of [keywords context] only: for events */
	struct match_re		*method_re;	/* every method name; NULL with method_names */
	/*
	 * The same names for a quicker look (text-queue.c's pick_method): when
	 * every bare name is made of word characters, method_re's matches are
	 * just the maximal runs of word characters that are a name.
	 */
	struct strmap		*method_names;	/* bare name -> struct scan_method, or NULL */
	struct scan_method	*methods;
	unsigned char		 method_first[256];	/* first bytes of the names */
	int			 method_upper;	/* every one a capital A-Z */
	uint64_t		 method_bits[1024];	/* scan_method_maybe's, 64 Kibit */
	unsigned char		 word[256];	/* chars_is_word, as a table */
	size_t			 method_min, method_max;	/* their lengths */
	struct match_re		*record_re;	/* [record] starts, or NULL */
	/*
	 * First bytes that start a record whatever follows (leading [record]
	 * patterns of form ^[...]): text_record_start needs no regex for them.
	 */
	unsigned char		 record_sure[256];
	int			 ts_lead;	/* tstamp_lead may read the stamps */
	struct scan_kwset	 err_words;	/* [keywords error] */
	struct scan_kwset	 dec_words;	/* [keywords decimal] */
	struct scan_kwset	 not_words;	/* [keywords not-code] */
	struct scan_kwset	 win32_calls;	/* [keywords win32-call] */
	char			**words;	/* the strings of the sets */
	size_t			  nwords;
	const struct db_pattern	**start_pats, **ctx_pats;
	size_t			  nstart, nctx;
	int			  ctx_riter;	/* each context pattern needs "riter" */
	int			  ctx_hand;	/* ctx_pats[0] is writer-quoted: text_writer_quoted */
	/* context patterns with a code group: they vouch for a number on its line */
	const struct db_pattern	**code_pats;
	size_t			  ncode;
	/* each literal of the anywhere patterns, with its pattern */
	const struct db_pattern	 *any_pats[SCAN_RULES_MAX_ANY];
	char			 *any_lit[SCAN_RULES_MAX_ANY];
	size_t			  nany;
	size_t			 *start_len;	/* literal lengths of start_pats */
	unsigned char		  start_first[256];	/* first bytes of those literals */
	size_t			  any_rare[SCAN_RULES_MAX_ANY];	/* each literal's rarest byte */
	size_t			  any_len[SCAN_RULES_MAX_ANY];
	/* by byte: the literals whose rarest byte it is, bit j for any_lit[j] (scan_range) */
	uint8_t			  any_by[256];
	/* for the classifier: bytes that start an interesting line, literal bytes */
	unsigned char		  firsts[CLASSIFY_MAX_FIRST];
	int			  nfirst;
	unsigned char		  lits[2 * CLASSIFY_MAX_LIT];	/* distinct pairs */
	size_t			  nlits;
	/* the literals of the trigger patterns, found by a rare byte of each */
	const struct db_pattern	 *trig_pats[SCAN_RULES_MAX_TRIG];
	char			 *trig_lit[SCAN_RULES_MAX_TRIG];
	size_t			  trig_len[SCAN_RULES_MAX_TRIG];
	size_t			  trig_at[SCAN_RULES_MAX_TRIG];	/* the rare byte's offset */
	size_t			  ntrig_lit;
	unsigned char		  trig[CLASSIFY_MAX_TRIG];	/* distinct rare bytes */
	int			  ntrig;
};

/* Compiles the rules; NULL with *err (the caller's) when they cannot be used. */
struct scan_rules	*scan_rules_new(const struct db *, char **err);
void			 scan_rules_free(struct scan_rules *);

static inline uint32_t
scan_vset_hash(uint32_t v)
{
	v ^= v >> 16;
	v *= 0x7feb352d;
	v ^= v >> 15;
	return v;
}

/*
 * Could the word w[0..n) be one of method_names?  A bit for each name's
 * first, second and last bytes and length: most words of a log line are
 * turned away without the map's look-up (issue 16), which cost 500
 * instructions a finding.  Exact case, as method_re.
 */
static inline uint32_t
scan_method_key(const char *w, size_t n)
{
	const unsigned char	*u = (const unsigned char *)w;
	uint32_t		 k;

	k = (uint32_t)u[0] | (uint32_t)u[n > 1] << 8 | (uint32_t)u[n - 1] << 16 |
	    (uint32_t)n << 24;
	return (k * 0x9E3779B1u) >> 16;
}

static inline int
scan_method_maybe(const struct scan_rules *r, const char *w, size_t n)
{
	uint32_t	k = scan_method_key(w, n);

	return (int)(r->method_bits[k >> 6] >> (k & 63) & 1);
}

/* Does the database know the value (a name, a [code] entry, a Win32 number as HRESULT)? */
static inline int
scan_rules_known(const struct scan_rules *r, uint32_t v)
{
	const struct scan_vset	*set = &r->known;
	size_t			 i;

	if (v == 0)
		return set->has_zero;
	if ((set->top[v >> 22] >> (v >> 16 & 63) & 1) == 0)
		return 0;
	for (i = scan_vset_hash(v) & set->mask; set->v[i] != 0; i = (i + 1) & set->mask) {
		if (set->v[i] == v)
			return 1;
	}
	return 0;
}

#define HAND_MAX	4096	/* the longest line text_writer_quoted reads for the regex */
/* The shipped writer-quoted pattern's leftmost match: its start, the name's span. */
int	text_writer_quoted(const char *line, size_t len, size_t *ms, size_t *ws, size_t *we);
/* Does [p, p + n) hold the bytes "riter", which ctx_riter says every context pattern needs? */
int	text_has_riter(const char *p, size_t n);

#endif

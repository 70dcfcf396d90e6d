/* text-words.c: what the bytes around a candidate code say: the key word before it, a call's argument list, a hex dump. */
#include "config.h"

#include <stddef.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "chars.h"
#include "strmap.h"
#include "text-rules.h"
#include "text-words.h"

#define IDENT_MAX	48		/* the longest identifier a key word may end */
#define SEP_SKIP	8		/* separators allowed between a key word and a code */
#define CALL_BACK	512		/* bytes text_in_call_args looks back */

/* Bytes that may stand between a key word and the code it introduces. */
static const unsigned char sep_table[256] = {
	[' '] = 1, ['\t'] = 1, ['='] = 1, [':'] = 1, ['\''] = 1, ['"'] = 1, ['('] = 1,
	['['] = 1, ['{'] = 1, ['#'] = 1, [','] = 1, ['<'] = 1, ['-'] = 1
};

static inline int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c | 0x20 : c;
}

/*
 * Does the text of [lstart, p) end with the words w (lower case; a blank in w
 * stands for a run of blanks) after a byte that is no part of a word?  With
 * tail, w may end a longer run of letters (scripts without blanks).
 */
static int
ends_with(const unsigned char *b, size_t lstart, size_t p, const char *w, int tail)
{
	size_t	k = strlen(w);

	while (k > 0) {
		if (w[k - 1] == ' ') {
			if (p == lstart || (b[p - 1] != ' ' && b[p - 1] != '\t'))
				return 0;
			while (p > lstart && (b[p - 1] == ' ' || b[p - 1] == '\t'))
				p--;
		} else if (p == lstart || lower(b[--p]) != (unsigned char)w[k - 1])
			return 0;
		k--;
	}
	return tail || p == lstart || !chars_is_word(b[p - 1]);
}

/* Is the word [st, e) a key word of set, or the end of one that begins before st? */
static int
kw_match(const unsigned char *b, size_t lstart, size_t st, size_t e, int whole,
    const struct scan_kwset *set)
{
	const struct scan_kw	*kw;
	size_t			 i;

	if (e - st >= 32)
		return 0;	/* no key word is so long */
	if ((kw = strmap_get_n(set->last, (const char *)b + st, e - st)) == NULL)
		return 0;
	if (kw->alone)
		return 1;
	for (i = 0; whole && i < kw->nbefore; i++) {
		if (st > lstart && (b[st - 1] == ' ' || b[st - 1] == '\t') &&
		    ends_with(b, lstart, st - 1, kw->before[i], 0))
			return 1;
	}
	return 0;
}

/*
 * Is the word just before pos (past a few separators and an empty call's
 * "()") one of the key words of set?  The word may be the last part of an
 * identifier: com_error, GetLastError, hResult (after an underscore, or where
 * a capital follows a small letter or digit).  A key word in letters outside
 * ASCII may end a longer run of them (失敗しました).
 */
int
text_introduced(const unsigned char *b, size_t pos, size_t lstart, const struct scan_kwset *set)
{
	size_t	p = pos, e, st, k;

	for (k = 0; k < SEP_SKIP && p > lstart && sep_table[b[p - 1]]; k++)
		p--;
	if (p >= lstart + 2 && b[p - 1] == ')' && b[p - 2] == '(')
		p -= 2;		/* GetLastError() = 5 */
	e = p;
	if (e > lstart && chars_is_word(b[e - 1]) && !set->last_byte[lower(b[e - 1])])
		return 0;	/* the cheap test below, before the walk back (issue 16) */
	while (p > lstart && e - p < IDENT_MAX && chars_is_word(b[p - 1]))
		p--;
	if (p == e) {
		if (p == lstart || b[p - 1] < 0x80)
			return 0;
		for (k = 0; k < set->ntails; k++) {
			if (ends_with(b, lstart, e, set->tails[k], 1))
				return 1;
		}
		return 0;
	}
	if (p > lstart && chars_is_word(b[p - 1]))
		return 0;	/* no key word ends so long an identifier */
	if (!set->last_byte[lower(b[e - 1])])
		return 0;	/* the cheap test: no key word ends so */
	for (st = e - p > set->maxlen ? e - set->maxlen : p; st + set->minlen <= e; st++) {
		if (st > p && b[st - 1] != '_' && !(b[st] >= 'A' && b[st] <= 'Z' &&
		    ((b[st - 1] >= 'a' && b[st - 1] <= 'z') || chars_is_digit(b[st - 1]))))
			continue;
		if (b[st] != '_' && kw_match(b, lstart, st, e, st == p, set))
			return 1;
	}
	return 0;
}

/*
 * Is pos inside the argument list of a function call, like CreateFileW(...,
 * 0x80000000)?  The walk back to the line's start (or 512 bytes) passes 16
 * bytes without a parenthesis at once: a byte at a time was 2% of a scan
 * (issue 16); check_text's test_call_args compares it with that walk.
 */
int
text_in_call_args(const unsigned char *b, size_t pos, size_t lstart)
{
	size_t	p = pos, depth = 0;

	while (p > lstart && pos - p < CALL_BACK) {
		int	c;

#ifdef __SSE2__
		/* the 16 bytes before p, when the walk would read them all */
		if (p - lstart >= 16 && pos - p + 16 <= CALL_BACK) {
			__m128i	v = _mm_loadu_si128((const __m128i *)(const void *)(b + p - 16));

			if (_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('(')),
			    _mm_cmpeq_epi8(v, _mm_set1_epi8(')')))) == 0) {
				p -= 16;
				continue;
			}
		}
#endif
		c = b[--p];

		if (c == ')')
			depth++;
		else if (c == '(') {
			if (depth == 0)
				return p > lstart && chars_is_word(b[p - 1]);
			depth--;
		}
	}
	return 0;
}

/* Is the 8-digit group at pos one of several in a hex dump? */
int
text_in_dump(const unsigned char *b, size_t pos, size_t lstart, size_t lend)
{
	size_t	i;
	int	left = pos >= lstart + 9 && b[pos - 1] == ' ', right;

	for (i = 2; left && i <= 9; i++)
		left = chars_is_hex(b[pos - i]);
	right = pos + 17 <= lend && b[pos + 8] == ' ';
	for (i = 9; right && i < 17; i++)
		right = chars_is_hex(b[pos + i]);
	return left || right;
}

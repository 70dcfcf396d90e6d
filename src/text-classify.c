/* text-classify.c: classifies text 64 bytes at a time into bit masks, with SSE2 where there is SSE2. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "chars.h"
#include "text-classify.h"
#include "xalloc.h"

#if defined(__SSE2__)
typedef __m128i firstvec;
#else
typedef unsigned char firstvec;
#endif

struct classify *
classify_new(const unsigned char *firsts, int nfirst, const unsigned char *lits, int nlit)
{
	struct classify	*c = xcalloc(1, sizeof *c);

	if (nfirst > CLASSIFY_MAX_FIRST)
		nfirst = CLASSIFY_MAX_FIRST;
	if (nlit > CLASSIFY_MAX_LIT)
		nlit = CLASSIFY_MAX_LIT;
	memcpy(c->firsts, firsts, (size_t)nfirst);
	c->nfirst = nfirst;
	memcpy(c->lits, lits, 2 * (size_t)nlit);
	c->nlit = nlit;
	return c;
}

void
classify_free(struct classify *c)
{
	if (c == NULL)
		return;
	free(c->m);
	free(c->ge8);
	free(c);
}

/*
 * Classifies 64 bytes into bit masks; fv holds the nf line-start bytes, lv
 * the rarest byte of each of the na literals and the byte after it.
 */
static inline void
classify64(const firstvec *fv, int nf, const firstvec *lv, int na,
    const unsigned char *p, struct classify_masks *m)
{
#if defined(__SSE2__)
	const __m128i	k80 = _mm_set1_epi8((char)0x80);
	const __m128i	c0 = _mm_set1_epi8('0'), ca = _mm_set1_epi8('a');
	const __m128i	lim10 = _mm_set1_epi8((char)(10 ^ 0x80));
	const __m128i	lim6 = _mm_set1_epi8((char)(6 ^ 0x80));
	const __m128i	c20 = _mm_set1_epi8(0x20), cus = _mm_set1_epi8('_');
	const __m128i	cnl = _mm_set1_epi8('\n');
	const __m128i	lim7 = _mm_set1_epi8((char)(7 ^ 0x80)), cx = _mm_set1_epi8('x');
	uint64_t	h = 0, u = 0, n = 0, f = 0, hi = 0, xx = 0, li = 0, li2 = 0;
	int		k, j;

	for (k = 0; k < 4; k++) {
		__m128i	v = _mm_loadu_si128((const __m128i *)(const void *)(p + 16 * k));
		__m128i	d = _mm_xor_si128(_mm_sub_epi8(v, c0), k80);
		__m128i	a = _mm_xor_si128(_mm_sub_epi8(_mm_or_si128(v, c20), ca), k80);
		__m128i	dig = _mm_cmplt_epi8(d, lim10), af = _mm_cmplt_epi8(a, lim6);
		__m128i	x = _mm_or_si128(dig, af);
		__m128i	hm = _mm_or_si128(_mm_and_si128(dig, _mm_cmpgt_epi8(d, lim7)), af);
		__m128i	fm = _mm_setzero_si128();

		(void)j;
		fm = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, fv[0]), _mm_cmpeq_epi8(v, fv[1])),
		    _mm_or_si128(_mm_cmpeq_epi8(v, fv[2]), _mm_cmpeq_epi8(v, fv[3])));
		for (j = 4; j < nf; j++)
			fm = _mm_or_si128(fm, _mm_cmpeq_epi8(v, fv[j]));
		h |= (uint64_t)(unsigned)_mm_movemask_epi8(x) << (16 * k);
		u |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, cus)) << (16 * k);
		n |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, cnl)) << (16 * k);
		f |= (uint64_t)(unsigned)_mm_movemask_epi8(fm) << (16 * k);
		hi |= (uint64_t)(unsigned)_mm_movemask_epi8(hm) << (16 * k);
		if (na > 0) {
			__m128i	lm = _mm_cmpeq_epi8(v, lv[0]), lm2 = _mm_cmpeq_epi8(v, lv[1]);

			for (j = 1; j < na; j++) {
				lm = _mm_or_si128(lm, _mm_cmpeq_epi8(v, lv[2 * j]));
				lm2 = _mm_or_si128(lm2, _mm_cmpeq_epi8(v, lv[2 * j + 1]));
			}
			li |= (uint64_t)(unsigned)_mm_movemask_epi8(lm) << (16 * k);
			li2 |= (uint64_t)(unsigned)_mm_movemask_epi8(lm2) << (16 * k);
		}
		xx |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_or_si128(v, c20),
		    cx)) << (16 * k);
	}
	m->hex = h;
	m->us = u;
	m->nl = n;
	m->first = f;
	m->high = hi;
	m->x = xx;
	m->lit = li;
	m->lit2 = li2;
#else
	int	i, k;

	memset(m, 0, sizeof *m);
	for (i = 0; i < 64; i++) {
		m->hex |= (uint64_t)chars_is_hex(p[i]) << i;
		m->us |= (uint64_t)(p[i] == '_') << i;
		m->nl |= (uint64_t)(p[i] == '\n') << i;
		m->first |= (uint64_t)(memchr(fv, p[i], (size_t)nf) != NULL) << i;
		m->high |= (uint64_t)(chars_is_hex(p[i]) && (p[i] > '7')) << i;
		m->x |= (uint64_t)((p[i] | 0x20) == 'x') << i;
		for (k = 0; k < na; k++) {
			m->lit |= (uint64_t)(p[i] == lv[2 * k]) << i;
			m->lit2 |= (uint64_t)(p[i] == lv[2 * k + 1]) << i;
		}
	}
#endif
}

size_t
classify_range(struct classify *c, const unsigned char *buf, size_t lo, size_t hi,
    struct classify_carry *k)
{
	size_t		nb = (hi - lo + 63) / 64, bi;
	firstvec	fv[CLASSIFY_MAX_FIRST], lv[2 * CLASSIFY_MAX_LIT];

	if (nb + 1 > c->nmask) {
		c->nmask = nb + 1;
		c->m = xreallocarray(c->m, c->nmask, sizeof *c->m);
		c->ge8 = xreallocarray(c->ge8, c->nmask, sizeof *c->ge8);
	}
	for (bi = 0; bi < CLASSIFY_MAX_FIRST; bi++) {
		/* unused places repeat the first byte, so four compares always do */
		unsigned char	b = c->firsts[bi < (size_t)c->nfirst ? bi : 0];
#if defined(__SSE2__)
		fv[bi] = _mm_set1_epi8((char)b);
#else
		fv[bi] = b;
#endif
	}
	for (bi = 0; bi < 2 * (size_t)c->nlit; bi++) {
#if defined(__SSE2__)
		lv[bi] = _mm_set1_epi8((char)c->lits[bi]);
#else
		lv[bi] = c->lits[bi];
#endif
	}
	/* every block but the last two may read two bytes into the next one */
	for (bi = 0; bi + 2 < nb; bi++)
		classify64(fv, c->nfirst, lv, c->nlit, buf + lo + 64 * bi, &c->m[bi]);
	for (; bi < nb; bi++) {
		/* the last blocks, padded: the bytes after hi are not ours to read */
		unsigned char	last[130];
		size_t		n = hi - lo - 64 * bi;

		if (n > sizeof last)
			n = sizeof last;
		memset(last, '.', sizeof last);
		memcpy(last, buf + lo + 64 * bi, n);
		classify64(fv, c->nfirst, lv, c->nlit, last, &c->m[bi]);
	}
	memset(&c->m[nb], 0, sizeof c->m[nb]);
	/* ge8: bit i set when bytes i..i+7 are all hex digits (by doubling) */
	for (bi = 0; bi < nb; bi++) {
		uint64_t	x = c->m[bi].hex, n = c->m[bi + 1].hex;
		uint64_t	x2 = x & (x >> 1 | n << 63), n2 = n & n >> 1;
		uint64_t	x4 = x2 & (x2 >> 2 | n2 << 62), n4 = n2 & n2 >> 2;

		c->ge8[bi] = x4 & (x4 >> 4 | n4 << 60);
	}
	c->ge8[nb] = 0;
	k->top = 0;
	k->nl = lo > 0 && buf[lo - 1] == '\n';
	k->x = lo > 0 && (buf[lo - 1] | 0x20) == 'x';
	return nb;
}

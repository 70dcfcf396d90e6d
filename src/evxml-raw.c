/* evxml-raw.c: the raw bytes of one XML event, 64 at a time: where it ends, may it hold a finding. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__SSE2__) && defined(__x86_64__) && defined(__GNUC__) && \
    (defined(__clang__) || __GNUC__ >= 5)
#define ENDS_AVX2	/* compiled for any x86-64, chosen at run time */
#include <immintrin.h>
#endif

#include "chars.h"
#include "code.h"
#include "evxml-raw.h"
#include "match.h"
#include "xalloc.h"

#define MAX_LIT		6	/* pattern literals looked for in raw bytes */
#define CACHE_SIZE	512	/* values whose reportability is remembered */

/*
 * The raw look.  Each event span is classified 64 bytes at a time with
 * vector compares into bit masks: '<' and '>', line ends, hex digits, the
 * tags that matter (the end tag, an inner event, comments, CDATA and
 * processing instructions, <Binary>) and rare bytes (entity references,
 * underscores of code names, control bytes, the first bytes of the
 * literals of patterns that find codes).  Only the bits set are looked at
 * one by one.  The answer errs towards parsing, never the other way.
 */
struct evxml_raw {
	const struct db		*db;
	const struct scanner	*scanner;
	struct event_ctx	*events;
	int			 all_codes;
	const char		*lits[MAX_LIT];	/* literals of patterns that find codes */
	size_t			 litlen[MAX_LIT];
	int			 nlit;
	int			 lit_slow;	/* some cannot be looked for with masks */
	int			 parse_all;	/* $VSSEXPLAIN_PARSE_ALL: no raw decisions */
	int			 avx2;		/* classify_ends may use AVX2 */
	int			 avx512;	/* both classifiers may use AVX-512 (F, BW) */
	uint32_t		 cache_v[CACHE_SIZE];
	signed char		 cache_c[CACHE_SIZE];	/* -1: empty */
	struct event_bin	 bin;
	char			*scratch;
	size_t			 scap;
	uint64_t		 nends;		/* events looked at for their end only */
	uint64_t		 nfull;		/* and in full */

	/* the event being looked at */
	const char		*qname;		/* its element's name as written */
	size_t			 qlen;
};

/* The byte classes of 64 bytes of an event, one bit per byte. */
struct rawmask {
	uint64_t	 lt, gt, nl, hex;
	/* tags to look at: "</" and "<" with the event name's first byte, "<!", "<?", "<B" */
	uint64_t	 tag;
	/* rare bytes: '&', '_', control bytes, a pattern literal's first three */
	uint64_t	 rare;
};

/*
 * Collects the literals of the patterns that find codes by themselves.  Not
 * those of trigger and indented patterns (FastCopy's, .NET's inner exception,
 * full-width hex): each literal looked for costs every event its compares,
 * and these forms are read in the fields of the events parsed anyway.
 */
static void
collect_literals(struct evxml_raw *x)
{
	const struct db_pattern *const	*p;
	size_t				 n, i;

	p = db_patterns(x->db, &n);
	for (i = 0; i < n; i++) {
		const char	*l = p[i]->literal, *bar;

		if (p[i]->scope == DB_SCOPE_CONTEXT || p[i]->scope == DB_SCOPE_TRIGGER ||
		    p[i]->scope == DB_SCOPE_INDENTED || p[i]->re == NULL ||
		    (match_group(p[i]->re, "phrase") <= 0 && match_group(p[i]->re, "win32") <= 0))
			continue;
		for (; l != NULL; l = bar != NULL ? bar + 1 : NULL) {
			size_t	len;

			bar = strchr(l, '|');
			len = bar != NULL ? (size_t)(bar - l) : strlen(l);
			if (len < 3 || x->nlit == MAX_LIT) {
				x->lit_slow = 1;
				continue;
			}
			x->lits[x->nlit] = l;
			x->litlen[x->nlit++] = len;
		}
	}
}

struct evxml_raw *
evxml_raw_new(const struct db *db, const struct scanner *scanner, struct event_ctx *events,
    int all_codes)
{
	struct evxml_raw	*x = xcalloc(1, sizeof *x);
#if defined(ENDS_AVX2)
	const char		*simd;
#endif

	x->db = db;
	x->scanner = scanner;
	x->events = events;
	x->all_codes = all_codes;
	memset(x->cache_c, -1, sizeof x->cache_c);
	collect_literals(x);
	/* for tests: the raw look must never change the findings */
	x->parse_all = getenv("VSSEXPLAIN_PARSE_ALL") != NULL;
#if defined(ENDS_AVX2)
	/* for tests: $VSSEXPLAIN_SIMD (avx2, sse2, scalar) narrows it as for the text scanner */
	simd = getenv("VSSEXPLAIN_SIMD");
	__builtin_cpu_init();
	x->avx2 = __builtin_cpu_supports("avx2") && (simd == NULL ||
	    (strcmp(simd, "sse2") != 0 && strcmp(simd, "scalar") != 0));
	x->avx512 = x->avx2 && simd == NULL && __builtin_cpu_supports("avx512f") &&
	    __builtin_cpu_supports("avx512bw");
#endif
	return x;
}

void
evxml_raw_free(struct evxml_raw *x)
{
	if (x == NULL)
		return;
	/* for tests: how the events were looked at */
	if (getenv("VSSEXPLAIN_DEBUG_IO") != NULL && x->nends + x->nfull > 0)
		fprintf(stderr, "vssexplain: debug: raw look: %llu events to their end only "
		    "(their provider about VSS), %llu in full\n", (unsigned long long)x->nends,
		    (unsigned long long)x->nfull);
	event_bin_clear(&x->bin);
	free(x->scratch);
	free(x);
}

#define BLOCK_PAD	(64 + 16)	/* a block, and what its loads read past it */

/*
 * The 64-byte block at b + base for the classifiers, which read up to two
 * bytes past it (and whole 16-byte loads): in place when that much is
 * there, else copied into pad and filled out with spaces.
 */
static const unsigned char *
block_at(const unsigned char *b, size_t lim, size_t base, unsigned char pad[BLOCK_PAD])
{
	size_t	n;

	if (base + 64 + 2 <= lim)
		return b + base;
	n = lim > base ? lim - base : 0;
	memset(pad, ' ', BLOCK_PAD);
	memcpy(pad, b + base, n < BLOCK_PAD ? n : BLOCK_PAD);
	return pad;
}

/* Loads the masks of the 64-byte block at b + base; bytes from lim on read as blanks. */
static void
classify(const struct evxml_raw *x, const unsigned char *b, size_t lim, size_t base,
    struct rawmask *m)
{
	unsigned char		 pad[BLOCK_PAD];
	const unsigned char	*p;
	unsigned char		 q0 = (unsigned char)x->qname[0];
	int			 k, j;

	p = block_at(b, lim, base, pad);
	memset(m, 0, sizeof *m);
#if defined(__SSE2__)
	{
		const __m128i	k80 = _mm_set1_epi8((char)0x80), c0 = _mm_set1_epi8('0');
		const __m128i	ca = _mm_set1_epi8('a'), c20 = _mm_set1_epi8(0x20);
		const __m128i	lim10 = _mm_set1_epi8((char)(10 ^ 0x80));
		const __m128i	lim6 = _mm_set1_epi8((char)(6 ^ 0x80));
		const __m128i	c1f = _mm_set1_epi8(0x1f), cq = _mm_set1_epi8((char)q0);
		const __m128i	clt = _mm_set1_epi8('<'), cgt = _mm_set1_epi8('>');
		const __m128i	cnl = _mm_set1_epi8('\n'), ctab = _mm_set1_epi8('\t');
		const __m128i	ccr = _mm_set1_epi8('\r'), camp = _mm_set1_epi8('&');
		const __m128i	cus = _mm_set1_epi8('_'), csl = _mm_set1_epi8('/');
		const __m128i	cbang = _mm_set1_epi8('!'), cques = _mm_set1_epi8('?');
		const __m128i	cB = _mm_set1_epi8('B');
		__m128i		l0[MAX_LIT], l1[MAX_LIT], l2[MAX_LIT];

		for (j = 0; j < x->nlit; j++) {
			l0[j] = _mm_set1_epi8(x->lits[j][0]);
			l1[j] = _mm_set1_epi8(x->lits[j][1]);
			l2[j] = _mm_set1_epi8(x->lits[j][2]);
		}
		for (k = 0; k < 4; k++) {
			const unsigned char *q = p + 16 * k;
			__m128i	v = _mm_loadu_si128((const __m128i *)(const void *)q);
			__m128i	v1 = _mm_loadu_si128((const __m128i *)(const void *)(q + 1));
			__m128i	v2 = _mm_loadu_si128((const __m128i *)(const void *)(q + 2));
			__m128i	lt = _mm_cmpeq_epi8(v, clt), nl = _mm_cmpeq_epi8(v, cnl);
			__m128i	d = _mm_xor_si128(_mm_sub_epi8(v, c0), k80);
			__m128i	a = _mm_xor_si128(_mm_sub_epi8(_mm_or_si128(v, c20), ca), k80);
			__m128i	hex = _mm_or_si128(_mm_cmplt_epi8(d, lim10), _mm_cmplt_epi8(a, lim6));
			__m128i	ctl = _mm_andnot_si128(_mm_or_si128(_mm_or_si128(nl,
			    _mm_cmpeq_epi8(v, ctab)), _mm_cmpeq_epi8(v, ccr)),
			    _mm_cmpeq_epi8(_mm_max_epu8(v, c1f), c1f));
			__m128i	after = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v1, cq),
			    _mm_and_si128(_mm_cmpeq_epi8(v1, csl), _mm_cmpeq_epi8(v2, cq))),
			    _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v1, cbang),
			    _mm_cmpeq_epi8(v1, cques)), _mm_cmpeq_epi8(v1, cB)));
			__m128i	rare = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, camp),
			    _mm_cmpeq_epi8(v, cus)), ctl);
			int	s = 16 * k;

			for (j = 0; j < x->nlit; j++)
				rare = _mm_or_si128(rare, _mm_and_si128(_mm_and_si128(
				    _mm_cmpeq_epi8(v, l0[j]), _mm_cmpeq_epi8(v1, l1[j])),
				    _mm_cmpeq_epi8(v2, l2[j])));
			m->lt |= (uint64_t)(unsigned)_mm_movemask_epi8(lt) << s;
			m->gt |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, cgt)) << s;
			m->nl |= (uint64_t)(unsigned)_mm_movemask_epi8(nl) << s;
			m->hex |= (uint64_t)(unsigned)_mm_movemask_epi8(hex) << s;
			m->tag |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_and_si128(lt, after)) << s;
			m->rare |= (uint64_t)(unsigned)_mm_movemask_epi8(rare) << s;
		}
	}
#else
	for (k = 0; k < 64; k++) {
		uint64_t	bit = (uint64_t)1 << k;
		unsigned char	c = p[k];

		if (c == '<') {
			m->lt |= bit;
			if (p[k + 1] == q0 || (p[k + 1] == '/' && p[k + 2] == q0) ||
			    p[k + 1] == '!' || p[k + 1] == '?' || p[k + 1] == 'B')
				m->tag |= bit;
		}
		m->gt |= c == '>' ? bit : 0;
		m->nl |= c == '\n' ? bit : 0;
		m->hex |= chars_is_hex(c) ? bit : 0;
		if (c == '&' || c == '_' || (c < 0x20 && c != '\t' && c != '\n' && c != '\r'))
			m->rare |= bit;
		for (j = 0; j < x->nlit; j++) {
			if (c == (unsigned char)x->lits[j][0] &&
			    p[k + 1] == (unsigned char)x->lits[j][1] &&
			    p[k + 2] == (unsigned char)x->lits[j][2])
				m->rare |= bit;
		}
	}
#endif
}

#if defined(ENDS_AVX2)
/* classify_ends with AVX2: the same masks, 32 bytes at a time. */
static __attribute__((target("avx2"))) void
classify_ends_avx2(const struct evxml_raw *x, const unsigned char *b, size_t lim, size_t base,
    struct rawmask *m)
{
	unsigned char		 pad[BLOCK_PAD];
	const unsigned char	*p;
	const __m256i		 cq = _mm256_set1_epi8(x->qname[0]), clt = _mm256_set1_epi8('<');
	const __m256i		 cnl = _mm256_set1_epi8('\n'), csl = _mm256_set1_epi8('/');
	const __m256i		 cbang = _mm256_set1_epi8('!'), cques = _mm256_set1_epi8('?');
	const __m256i		 cB = _mm256_set1_epi8('B');
	int			 k;

	p = block_at(b, lim, base, pad);
	memset(m, 0, sizeof *m);
	for (k = 0; k < 2; k++) {
		const unsigned char *q = p + 32 * k;
		__m256i	v = _mm256_loadu_si256((const __m256i *)(const void *)q);
		__m256i	v1 = _mm256_loadu_si256((const __m256i *)(const void *)(q + 1));
		__m256i	v2 = _mm256_loadu_si256((const __m256i *)(const void *)(q + 2));
		__m256i	lt = _mm256_cmpeq_epi8(v, clt);
		__m256i	after = _mm256_or_si256(_mm256_or_si256(_mm256_cmpeq_epi8(v1, cq),
		    _mm256_and_si256(_mm256_cmpeq_epi8(v1, csl), _mm256_cmpeq_epi8(v2, cq))),
		    _mm256_or_si256(_mm256_or_si256(_mm256_cmpeq_epi8(v1, cbang),
		    _mm256_cmpeq_epi8(v1, cques)), _mm256_cmpeq_epi8(v1, cB)));
		int	s = 32 * k;

		m->lt |= (uint64_t)(uint32_t)_mm256_movemask_epi8(lt) << s;
		m->nl |= (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, cnl)) << s;
		m->tag |= (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_and_si256(lt, after)) <<
		    s;
	}
}

/*
 * The masks of classify_ends from the block's bytes v, those one on (v1) and
 * two on (v2), with AVX-512 (F, BW): each compare gives the block's 64-bit
 * mask as it stands.
 */
static inline __attribute__((target("avx512f,avx512bw"), always_inline)) void
ends_avx512(const struct evxml_raw *x, __m512i v, __m512i v1, __m512i v2, struct rawmask *m)
{
	const __m512i	cq = _mm512_set1_epi8(x->qname[0]);
	__mmask64	lt = _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('<'));

	m->lt = lt;
	m->nl = _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('\n'));
	m->tag = lt & (_mm512_cmpeq_epi8_mask(v1, cq) |
	    (_mm512_cmpeq_epi8_mask(v1, _mm512_set1_epi8('/')) & _mm512_cmpeq_epi8_mask(v2, cq)) |
	    _mm512_cmpeq_epi8_mask(v1, _mm512_set1_epi8('!')) |
	    _mm512_cmpeq_epi8_mask(v1, _mm512_set1_epi8('?')) |
	    _mm512_cmpeq_epi8_mask(v1, _mm512_set1_epi8('B')));
}

/* classify_ends with AVX-512 (F, BW): the block is one vector, with two more loads. */
static __attribute__((target("avx512f,avx512bw"))) void
classify_ends_avx512(const struct evxml_raw *x, const unsigned char *b, size_t lim,
    size_t base, struct rawmask *m)
{
	unsigned char		 pad[BLOCK_PAD];
	const unsigned char	*p = block_at(b, lim, base, pad);

	memset(m, 0, sizeof *m);
	ends_avx512(x, _mm512_loadu_si512((const void *)p), _mm512_loadu_si512((const void *)
	    (p + 1)), _mm512_loadu_si512((const void *)(p + 2)), m);
}

/* classify with AVX-512 (F, BW): the masks of classify_ends, then the others. */
static __attribute__((target("avx512f,avx512bw"))) void
classify_avx512(const struct evxml_raw *x, const unsigned char *b, size_t lim, size_t base,
    struct rawmask *m)
{
	unsigned char		 pad[BLOCK_PAD];
	const unsigned char	*p = block_at(b, lim, base, pad);
	const __m512i		 v = _mm512_loadu_si512((const void *)p);
	const __m512i		 v1 = _mm512_loadu_si512((const void *)(p + 1));
	const __m512i		 v2 = _mm512_loadu_si512((const void *)(p + 2));
	__mmask64		 rare;
	int			 j;

	ends_avx512(x, v, v1, v2, m);
	m->gt = _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('>'));
	/* 0-9, then a-f and A-F (the 0x20 bit set): unsigned differences below 10 and 6 */
	m->hex = _mm512_cmplt_epu8_mask(_mm512_sub_epi8(v, _mm512_set1_epi8('0')),
	    _mm512_set1_epi8(10)) | _mm512_cmplt_epu8_mask(_mm512_sub_epi8(_mm512_or_si512(v,
	    _mm512_set1_epi8(0x20)), _mm512_set1_epi8('a')), _mm512_set1_epi8(6));
	/* '&', '_', control bytes but TAB, LF and CR, and the literals' first three bytes */
	rare = _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('&')) |
	    _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('_')) |
	    (_mm512_cmple_epu8_mask(v, _mm512_set1_epi8(0x1f)) & ~(m->nl |
	    _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('\t')) |
	    _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('\r'))));
	for (j = 0; j < x->nlit; j++)
		rare |= _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8(x->lits[j][0])) &
		    _mm512_cmpeq_epi8_mask(v1, _mm512_set1_epi8(x->lits[j][1])) &
		    _mm512_cmpeq_epi8_mask(v2, _mm512_set1_epi8(x->lits[j][2]));
	m->rare = rare;
}
#endif

/*
 * Loads the masks the end of an event is found by ('<', line ends, the tags
 * to look at) for the 64-byte block at b + base, as classify does; the
 * others are left empty.  For events the rules want by their provider alone.
 */
static void
classify_ends(const struct evxml_raw *x, const unsigned char *b, size_t lim, size_t base,
    struct rawmask *m)
{
#if defined(ENDS_AVX2)
	if (x->avx512) {
		classify_ends_avx512(x, b, lim, base, m);
		return;
	}
	if (x->avx2) {
		classify_ends_avx2(x, b, lim, base, m);
		return;
	}
#endif
#if defined(__SSE2__)
	unsigned char		 pad[BLOCK_PAD];
	const unsigned char	*p;
	const __m128i		 cq = _mm_set1_epi8(x->qname[0]), clt = _mm_set1_epi8('<');
	const __m128i		 cnl = _mm_set1_epi8('\n'), csl = _mm_set1_epi8('/');
	const __m128i		 cbang = _mm_set1_epi8('!'), cques = _mm_set1_epi8('?');
	const __m128i		 cB = _mm_set1_epi8('B');
	int			 k;

	p = block_at(b, lim, base, pad);
	memset(m, 0, sizeof *m);
	for (k = 0; k < 4; k++) {
		const unsigned char *q = p + 16 * k;
		__m128i	v = _mm_loadu_si128((const __m128i *)(const void *)q);
		__m128i	v1 = _mm_loadu_si128((const __m128i *)(const void *)(q + 1));
		__m128i	v2 = _mm_loadu_si128((const __m128i *)(const void *)(q + 2));
		__m128i	lt = _mm_cmpeq_epi8(v, clt);
		__m128i	after = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v1, cq),
		    _mm_and_si128(_mm_cmpeq_epi8(v1, csl), _mm_cmpeq_epi8(v2, cq))),
		    _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v1, cbang),
		    _mm_cmpeq_epi8(v1, cques)), _mm_cmpeq_epi8(v1, cB)));
		int	s = 16 * k;

		m->lt |= (uint64_t)(unsigned)_mm_movemask_epi8(lt) << s;
		m->nl |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, cnl)) << s;
		m->tag |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_and_si128(lt, after)) << s;
	}
#else
	classify(x, b, lim, base, m);
#endif
}

/* How a value could be reported (see scanner_could_report), remembered. */
static int
could(struct evxml_raw *x, uint32_t v, int bare)
{
	uint32_t	key = v ^ (bare ? 0x9e3779b9u : 0);
	size_t		i = (key * 2654435761u) >> (32 - 9);

	if (x->cache_c[i] < 0 || x->cache_v[i] != key) {
		x->cache_v[i] = key;
		x->cache_c[i] = (signed char)scanner_could_report(x->scanner, v, bare);
	}
	return x->cache_c[i];
}

/* Looks at a run of eight or more hex digits at b[p]: could it be reported? */
static int
raw_number(struct evxml_raw *x, const unsigned char *b, size_t lim, size_t p)
{
	unsigned long long	 d = 0;
	uint32_t		 v = 0;
	size_t			 n = 0, e, i;
	int			 cls, prefixed;

	while (p + n < lim && n < 11 && chars_is_hex(b[p + n]))
		n++;
	if (n > 10)
		return 0;
	e = p + n;
	if (n == 8) {
		prefixed = p >= 2 && (b[p - 1] | 0x20) == 'x' && b[p - 2] == '0' &&
		    (p == 2 || !chars_is_word(b[p - 3]));
		if (!prefixed && p > 0 && chars_is_word(b[p - 1]))
			return 0;
		if (prefixed && e < lim && (b[e] | 0x20) == 'l')
			e++;
		if (e < lim && chars_is_word(b[e]))
			return 0;
		/* a GUID's groups */
		if ((e + 5 < lim && b[e] == '-' && chars_is_hex(b[e + 1]) && chars_is_hex(b[e + 4])) ||
		    (p >= 5 && b[p - 1] == '-' && chars_is_hex(b[p - 2])))
			return 0;
		for (i = 0; i < 8; i++)
			v = v << 4 | (uint32_t)(b[p + i] <= '9' ? b[p + i] - '0' :
			    (b[p + i] | 0x20) - 'a' + 10);
		cls = could(x, v, !prefixed);
	} else {
		if ((p > 0 && chars_is_word(b[p - 1])) || (e < lim && chars_is_word(b[e])))
			return 0;
		for (i = 0; i < n; i++) {
			if (b[p + i] > '9')
				return 0;
			d = d * 10 + (unsigned)(b[p + i] - '0');
		}
		if (p > 0 && b[p - 1] == '-') {
			if (d == 0 || d > 0x80000000ull)
				return 0;
			v = (uint32_t)(0x100000000ull - d);
		} else if (d > 0xFFFFFFFFull)
			return 0;
		else
			v = (uint32_t)d;
		if (!CODE_FAILED(v))
			return 0;
		cls = could(x, v, 0);
	}
	return cls > 0;
}

/* Looks at the word around an underscore at b[p]: a code name that could be reported? */
static int
raw_name(struct evxml_raw *x, const unsigned char *b, size_t lim, size_t p, size_t *skip)
{
	const struct db_name	*nm;
	size_t			 st = p, en = p, i;
	char			 tok[80];
	uint32_t		 v;
	int			 cls;

	while (st > 0 && p - st < 64 && chars_is_word(b[st - 1]))
		st--;
	while (en < lim && en - p < 64 && chars_is_word(b[en]))
		en++;
	*skip = en;
	if (en - st < 3 || en - st >= sizeof tok || (st > 0 && chars_is_word(b[st - 1])) ||
	    (en < lim && chars_is_word(b[en])) || !(b[st] >= 'A' && b[st] <= 'Z'))
		return 0;
	for (i = st; i < en; i++) {
		if (b[i] >= 'a' && b[i] <= 'z')
			return 0;
		tok[i - st] = (char)b[i];
	}
	tok[en - st] = '\0';
	if ((nm = db_name_find(x->db, tok)) == NULL || nm->ns == DB_NS_FACILITY)
		return 0;
	v = nm->ns == DB_NS_WIN32 ? code_from_win32(nm->value) : nm->value;
	cls = could(x, v, 0);
	return cls > 0;
}

/* Is there one of the five predefined entities at b[0..n)? */
static int
plain_entity(const unsigned char *b, size_t n)
{
	static const char	*ents[] = { "&lt;", "&gt;", "&amp;", "&quot;", "&apos;" };
	size_t			 i;

	for (i = 0; i < 5; i++) {
		size_t	len = strlen(ents[i]);

		if (n >= len && memcmp(b, ents[i], len) == 0)
			return 1;
	}
	return 0;
}

/* Counts the newlines of b[from, to) into rs. */
static void
count_nl(const unsigned char *b, size_t from, size_t to, struct evxml_rawscan *rs)
{
	size_t	i;

	for (i = from; i < to; i++) {
		if (b[i] == '\n') {
			rs->nl++;
			rs->last_nl = i + 1;
		}
	}
}

/*
 * Is there an end tag of the event at b[p]?  Returns the offset after it, 0
 * when it is another tag, or (size_t)-1 when more bytes are needed.
 */
static size_t
end_tag(const struct evxml_raw *x, const unsigned char *b, size_t lim, size_t p)
{
	size_t	j = p + 2 + x->qlen;

	if (j > lim)
		return (size_t)-1;
	if (memcmp(b + p + 2, x->qname, x->qlen) != 0)
		return 0;
	while (j < lim && chars_is_blank(b[j]))
		j++;
	if (j >= lim)
		return (size_t)-1;
	return b[j] == '>' ? j + 1 : 0;
}

/* Is there a start tag of another event at b[p]?  -1: more bytes are needed. */
static int
start_tag(const struct evxml_raw *x, const unsigned char *b, size_t lim, size_t p)
{
	size_t	j = p + 1 + x->qlen;

	if (j >= lim)
		return -1;
	return memcmp(b + p + 1, x->qname, x->qlen) == 0 &&
	    (chars_is_blank(b[j]) || b[j] == '>' || b[j] == '/');
}

/* Could decoded binary text hold something the scanner reports?  Errs towards yes. */
static int
text_cand(const struct evxml_raw *x, const char *t, size_t n)
{
	size_t	i, run = 0;
	int	j;

	for (i = 0; i <= n; i++) {
		if (i < n && chars_is_hex((unsigned char)t[i])) {
			run++;
			continue;
		}
		if ((run >= 8 && run <= 10) || (i < n && t[i] == '_'))
			return 1;
		run = 0;
	}
	for (j = 0; j < x->nlit; j++) {
		if (memmem(t, n, x->lits[j], x->litlen[j]) != NULL)
			return 1;
	}
	return 0;
}

/*
 * Does a <Binary> at b[p] hold text with something that looks like a code?
 * Notes in rs whether its text is about VSS.
 */
static int
raw_binary(struct evxml_raw *x, const unsigned char *b, size_t lim, size_t p,
    struct evxml_rawscan *rs)
{
	const unsigned char	*end;
	const char		*t, *colon = strchr(x->qname, ':');
	size_t			 tn, pre = colon != NULL ? (size_t)(colon - x->qname) + 1 : 0;

	/* <Binary>, or with the prefix the event's name has */
	if (lim - p < 8 + pre || memcmp(b + p + 1, x->qname, pre) != 0 ||
	    memcmp(b + p + 1 + pre, "Binary>", 7) != 0)
		return 0;
	p += pre;
	if ((end = memmem(b + p + 8, lim - p - 8, "</", 2)) == NULL)
		return 0;
	if ((t = event_bin_text(&x->bin, (const char *)b + p + 8, (size_t)(end - (b + p + 8)),
	    &tn)) == NULL)
		return 0;
	if (!rs->binvss)
		rs->binvss = scanner_about_vss(x->scanner, t, tn);
	return text_cand(x, t, tn);
}

/* Is the text of the event (outside markup, after its <System>) about VSS? */
static int
raw_context(struct evxml_raw *x, const unsigned char *b, size_t n)
{
	const unsigned char	*p = b, *hit;
	size_t			 i, k = 0;

	while ((hit = memmem(p, n - (size_t)(p - b), "System>", 7)) != NULL) {
		p = hit + 7;
		if (hit > b && (hit[-1] == '/' || hit[-1] == ':'))
			break;
	}
	if (hit == NULL)
		p = b;
	if (n + 1 > x->scap) {
		x->scap = n + 1;
		x->scratch = xrealloc(x->scratch, x->scap);
	}
	/* text bytes are kept, each tag becomes a line end */
	for (i = (size_t)(p - b); i < n;) {
		const unsigned char	*gt;

		if (b[i] != '<') {
			x->scratch[k++] = (char)b[i++];
			continue;
		}
		x->scratch[k++] = '\n';
		if ((gt = memchr(b + i, '>', n - i)) == NULL)
			break;
		i = (size_t)(gt - b) + 1;
	}
	return scanner_about_vss(x->scanner, x->scratch, k);
}

/*
 * Damage a skipped event must not hide: a '<' inside a tag (a tag cut short),
 * or a '<' that no name, '/', '!' or '?' follows.  Neither can stand in
 * well-formed XML outside comments and CDATA, which are always parsed.  The
 * '<' and '>' of 64 bytes from base come as masks; *open says whether a tag
 * is open before them.  Returns 0 when the event must go to the parser,
 * which then names the damage and where it is.
 */
static int
markup_ok(const unsigned char *b, size_t lim, size_t base, uint64_t lt, uint64_t gt,
    int *open)
{
	uint64_t	e = lt | gt;

	while (e != 0) {
		int	bit = __builtin_ctzll(e);
		size_t	p = base + (size_t)bit;

		e &= e - 1;
		if (((gt >> bit) & 1) != 0) {
			*open = 0;
			continue;
		}
		if (*open || (p + 1 < lim && !chars_is_xml_name_start(b[p + 1]) && b[p + 1] != '/' &&
		    b[p + 1] != '!' && b[p + 1] != '?'))
			return 0;
		*open = 1;
	}
	return 1;
}

/*
 * Looks at the raw bytes of the event that starts at b[0] (lim bytes are
 * there): finds its end and decides whether it may hold a finding.  With
 * ends_only (an event to be parsed anyway) it only finds the end: rs->parse
 * is set from the start, which leaves the tags alone to look at, and only
 * the masks they need are loaded.
 */
static void
raw_scan(struct evxml_raw *x, const unsigned char *b, size_t lim, struct evxml_rawscan *rs,
    int ends_only)
{
	struct rawmask	cur, nxt;
	size_t		nb = (lim + 63) / 64, i, skip = 0;
	uint64_t	prevg = 0;
	int		text = 0, open = 0;
	void		(*load)(const struct evxml_raw *, const unsigned char *, size_t, size_t,
			    struct rawmask *) = ends_only ? classify_ends : classify;

#if defined(ENDS_AVX2)
	if (x->avx512 && !ends_only)
		load = classify_avx512;
#endif

	memset(rs, 0, sizeof *rs);
	rs->parse = ends_only;
	if (nb == 0) {
		rs->incomplete = 1;
		return;
	}
	load(x, b, lim, 0, &cur);
	for (i = 0; i < nb; i++) {
		size_t		base = 64 * i;
		uint64_t	valid, ev, c, n, c2, n2, c4, n4, g, runs, tags;

		if (i + 1 < nb)
			load(x, b, lim, base + 64, &nxt);
		else
			memset(&nxt, 0, sizeof nxt);
		valid = lim - base >= 64 ? ~(uint64_t)0 : ((uint64_t)1 << (lim - base)) - 1;
		if (!rs->parse && !markup_ok(b, lim, base, cur.lt & valid, cur.gt & valid, &open))
			rs->parse = 1;
		/* runs of eight or more hex digits, by doubling */
		c = cur.hex;
		n = nxt.hex;
		c2 = c & (c >> 1 | n << 63);
		n2 = n & n >> 1;
		c4 = c2 & (c2 >> 2 | n2 << 62);
		n4 = n2 & n2 >> 2;
		g = c4 & (c4 >> 4 | n4 << 60);
		runs = g & ~(g << 1 | prevg);
		prevg = g >> 63;
		ev = cur.tag;
		if (!rs->parse)
			ev |= cur.rare | (rs->cand ? 0 : runs);
		ev &= valid;
		while (ev != 0) {
			int		bit = __builtin_ctzll(ev), ch;
			size_t		p = base + (size_t)bit, e;
			uint64_t	one = (uint64_t)1 << bit;

			ev &= ev - 1;
			if (cur.tag & one) {
				if (p + 2 >= lim) {
					rs->incomplete = 1;
					return;
				}
				ch = b[p + 1];
				if (ch == '/' && (e = end_tag(x, b, lim, p)) != 0) {
					if (e == (size_t)-1) {
						rs->incomplete = 1;
						return;
					}
					rs->nl += (uint64_t)__builtin_popcountll(cur.nl & (one - 1));
					if (cur.nl & (one - 1))
						rs->last_nl = base + 64 -
						    (size_t)__builtin_clzll(cur.nl & (one - 1));
					count_nl(b, p, e, rs);
					rs->end = e;
					return;
				}
				if (ch == x->qname[0] && p > 0) {
					int	st = start_tag(x, b, lim, p);

					if (st < 0) {
						rs->incomplete = 1;
						return;
					}
					if (st) {
						rs->nested = p;
						return;
					}
				}
				if (!rs->parse && (ch == '!' || ch == '?' ||
				    ((ch == 'B' || ch == x->qname[0]) && raw_binary(x, b, lim, p, rs))))
					rs->parse = 1;
				continue;
			}
			if (rs->parse)
				continue;
			ch = b[p];
			if (cur.rare & one) {
				if ((ch == '&' && !plain_entity(b + p, lim - p)) ||
				    (ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r')) {
					rs->parse = 1;
					continue;
				}
			}
			if (rs->cand || ch == '&' || ch < 0x20)
				continue;
			/* the rest counts in text only, not in markup */
			tags = (cur.lt | cur.gt) & (one - 1);
			if (tags != 0 ? !((cur.gt >> (63 - __builtin_clzll(tags))) & 1) : !text)
				continue;
			if (ch == '_') {
				if (p >= skip && raw_name(x, b, lim, p, &skip))
					rs->cand = 1;
				continue;
			}
			if (cur.rare & one) {
				int	j;

				for (j = 0; j < x->nlit; j++) {
					if (lim - p >= x->litlen[j] &&
					    memcmp(b + p, x->lits[j], x->litlen[j]) == 0)
						rs->cand = 1;
				}
			}
			if (!rs->cand && (runs & one) && raw_number(x, b, lim, p))
				rs->cand = 1;
		}
		if (cur.nl & valid) {
			rs->nl += (uint64_t)__builtin_popcountll(cur.nl & valid);
			rs->last_nl = base + 64 - (size_t)__builtin_clzll(cur.nl & valid);
		}
		tags = (cur.lt | cur.gt) & valid;
		if (tags != 0)
			text = (cur.gt >> (63 - __builtin_clzll(tags))) & 1;
		cur = nxt;
	}
	rs->incomplete = 1;
}

/*
 * What the rules say about the provider in the event's <Provider>
 * (DB_PROVIDER_*), read in b[0..n).  *used is how many bytes the answer
 * rests on: it is the same in any longer b; SIZE_MAX when it rests on
 * where b ends.
 */
static int
raw_provider(struct evxml_raw *x, const unsigned char *b, size_t n, size_t *used)
{
	const unsigned char	*p = b, *end = b + (n < 8192 ? n : 8192), *hit;
	char			 val[EVENT_NAME_MAX];

	*used = SIZE_MAX;

	/* by its 'P', rare before it in an event: memmem costs more to start */
	while ((hit = (const unsigned char *)event_memmem((const char *)p, (size_t)(end - p),
	    "Provider", 8, 0)) != NULL) {
		const unsigned char	*q = hit + 8;

		p = hit + 8;
		if (hit == b || (hit[-1] != '<' && hit[-1] != ':') || q >= end || !chars_is_blank(*q))
			continue;
		while (q < end && *q != '>') {
			const unsigned char	*an = q;
			size_t			 k = 0;
			unsigned char		 quote;

			while (q < end && chars_is_blank(*q))
				q++;
			an = q;
			while (q < end && chars_is_xml_name(*q))
				q++;
			if (q == an)
				break;
			k = (size_t)(q - an);
			while (q < end && (chars_is_blank(*q) || *q == '='))
				q++;
			if (q >= end || (*q != '"' && *q != '\''))
				break;
			quote = *q++;
			{
				const unsigned char	*vs = q;
				size_t			 vl;

				while (q < end && *q != quote)
					q++;
				vl = (size_t)(q - vs);
				q++;
				if (((k == 4 && memcmp(an, "Name", 4) == 0) ||
				    (k == 15 && memcmp(an, "EventSourceName", 15) == 0)) &&
				    vl < sizeof val) {
					int	kind;

					memcpy(val, vs, vl);
					val[vl] = '\0';
					if ((kind = event_provider(x->events, val)) != DB_PROVIDER_NONE) {
						*used = (size_t)(q - b);
						return kind;
					}
				}
			}
		}
		/* the tag's '>' or the byte that ended the look, unless it was end */
		if (q < end)
			*used = (size_t)(q - b) + 1;
		return 0;
	}
	return 0;
}

void
evxml_raw_scan(struct evxml_raw *x, const char *qname, const unsigned char *b, size_t lim,
    struct evxml_rawscan *rs)
{
	size_t	used = SIZE_MAX;
	int	kind = -1;

	x->qname = qname;
	x->qlen = strlen(qname);
	/*
	 * An event of a provider the rules know as about VSS is parsed whatever
	 * its text holds (a filtered export is nothing else): only its end is
	 * looked for.  The provider is first read in the bytes there are, the
	 * end not known yet, then again in the event alone, as
	 * evxml_raw_wanted reads it; should they differ, the event gets the
	 * full look.
	 */
	if (!x->parse_all && !x->lit_slow)
		kind = raw_provider(x, b, lim, &used);
	raw_scan(x, b, lim, rs, kind == DB_PROVIDER_VSS);
	if (kind == DB_PROVIDER_VSS && rs->end != 0 && used > rs->end) {
		kind = raw_provider(x, b, rs->end, &used);
		if (kind != DB_PROVIDER_VSS)
			raw_scan(x, b, lim, rs, 0);
	}
	/* kept for evxml_raw_wanted when the answer rests on the event alone */
	rs->provider = rs->end != 0 && used <= rs->end ? kind : -1;
	if (rs->end != 0) {
		if (kind == DB_PROVIDER_VSS)
			x->nends++;
		else
			x->nfull++;
	}
	x->qname = NULL;
}

int
evxml_raw_vss(struct evxml_raw *x, const unsigned char *b, size_t lim, size_t *used)
{
	if (x->parse_all || x->lit_slow)
		return 0;
	return raw_provider(x, b, lim, used) == DB_PROVIDER_VSS;
}

void
evxml_raw_ended(struct evxml_raw *x, size_t end, uint64_t nl, size_t last_nl,
    struct evxml_rawscan *rs)
{
	memset(rs, 0, sizeof *rs);
	rs->end = end;
	rs->parse = 1;
	rs->provider = DB_PROVIDER_VSS;
	rs->nl = nl;
	rs->last_nl = last_nl;
	x->nends++;
}

int
evxml_raw_wanted(struct evxml_raw *x, const unsigned char *b, const struct evxml_rawscan *rs)
{
	size_t	used;
	int	kind;

	/* when some pattern literal cannot be looked for with masks, every event is parsed */
	if (rs->parse || x->lit_slow || x->parse_all)
		return 1;
	kind = rs->provider >= 0 ? rs->provider : raw_provider(x, b, rs->end, &used);
	return kind == DB_PROVIDER_VSS || (rs->cand && (x->all_codes ||
	    (kind == DB_PROVIDER_NONE && (rs->binvss || raw_context(x, b, rs->end)))));
}

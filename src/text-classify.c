/* text-classify.c: classifies text 64 bytes at a time into bit masks, with AVX2 or SSE2 where the CPU has them. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#if defined(__SSE2__)
#define CLASSIFY_SSE2
#include <emmintrin.h>
#endif
#if defined(__SSE2__) && defined(__x86_64__) && defined(__GNUC__) && \
    (defined(__clang__) || __GNUC__ >= 5)
#define CLASSIFY_AVX2	/* compiled for any x86-64, chosen at run time */
#include <cpuid.h>
#include <immintrin.h>
#include <pthread.h>
#endif

#include "chars.h"
#include "pool.h"
#include "text-classify.h"
#include "xalloc.h"

#if defined(CLASSIFY_AVX2)
static pthread_once_t	avx2_once = PTHREAD_ONCE_INIT;
static int		avx2, avx512;

/*
 * Asks the CPU itself rather than __builtin_cpu_supports: that one brings
 * libgcc's constructor, which runs at every start, explain and --version
 * included, and costs page faults there.  AVX2 needs the CPU's flag and
 * the system saving the YMM registers (OSXSAVE, then XCR0's bits 1 and 2);
 * AVX-512 (F and BW) the flags and the system saving the opmask and ZMM
 * registers too (XCR0's bits 5 to 7).
 */
static void
avx2_probe(void)
{
	unsigned int	a, b, c, d, lo, hi;

	if (__get_cpuid(1, &a, &b, &c, &d) == 0 || (c & bit_OSXSAVE) == 0 ||
	    (c & bit_AVX) == 0)
		return;
	__asm__ volatile ("xgetbv" : "=a" (lo), "=d" (hi) : "c" (0));
	if ((lo & 6) != 6)
		return;
	if (__get_cpuid_count(7, 0, &a, &b, &c, &d) == 0 || (b & bit_AVX2) == 0)
		return;
	avx2 = 1;
	if ((b & bit_AVX512F) != 0 && (b & bit_AVX512BW) != 0 && (lo & 0xE6) == 0xE6)
		avx512 = 1;
}
#endif

/* The widest instructions this CPU and this build offer. */
static enum classify_isa
best_isa(void)
{
#if defined(CLASSIFY_AVX2)
	/* once: cpuid is dear in a virtual machine */
	(void)pthread_once(&avx2_once, avx2_probe);
	if (avx512)
		return CLASSIFY_ISA_AVX512;
	if (avx2)
		return CLASSIFY_ISA_AVX2;
#endif
#if defined(CLASSIFY_SSE2)
	return CLASSIFY_ISA_SSE2;
#else
	return CLASSIFY_ISA_SCALAR;
#endif
}

enum classify_isa
classify_use(struct classify *c, enum classify_isa want)
{
	enum classify_isa	best = best_isa();

	c->isa = want < best ? want : best;
	return c->isa;
}

#if defined(CLASSIFY_AVX2)
static uint64_t	word_mask_avx512(const unsigned char *, size_t, uint64_t *);
#endif

uint64_t
classify_word_mask(const struct classify *c, const unsigned char *p, size_t n, uint64_t *upper)
{
#if defined(CLASSIFY_AVX2)
	if (c->isa == CLASSIFY_ISA_AVX512)
		return word_mask_avx512(p, n, upper);
#else
	(void)c;
#endif
	return chars_word_mask(p, n, upper);
}

struct classify *
classify_new(const unsigned char *firsts, int nfirst, const unsigned char *lits, int nlit)
{
	struct classify		*c = xcalloc(1, sizeof *c);
	const char		*env = getenv("VSSEXPLAIN_SIMD");
	enum classify_isa	 want = CLASSIFY_ISA_AVX512;
	int			 i;

	if (nfirst > CLASSIFY_MAX_FIRST)
		nfirst = CLASSIFY_MAX_FIRST;
	if (nlit > CLASSIFY_MAX_LIT)
		nlit = CLASSIFY_MAX_LIT;
	/* unused places repeat the first byte, so four compares always do */
	for (i = 0; i < CLASSIFY_MAX_FIRST; i++)
		c->fb[i] = nfirst == 0 ? 0 : firsts[i < nfirst ? i : 0];
	c->nfirst = nfirst;
	if (nlit > 0)
		memcpy(c->lits, lits, 2 * (size_t)nlit);
	c->nlit = nlit;
	memset(c->trig, '_', sizeof c->trig);
	/* for tests: $VSSEXPLAIN_SIMD narrows the instructions used */
	if (env != NULL && strcmp(env, "scalar") == 0)
		want = CLASSIFY_ISA_SCALAR;
	else if (env != NULL && strcmp(env, "sse2") == 0)
		want = CLASSIFY_ISA_SSE2;
	else if (env != NULL && strcmp(env, "avx2") == 0)
		want = CLASSIFY_ISA_AVX2;
	classify_use(c, want);
	return c;
}

void
classify_triggers(struct classify *c, const unsigned char *trig, int ntrig)
{
	if (ntrig > CLASSIFY_MAX_TRIG)
		ntrig = CLASSIFY_MAX_TRIG;
	memset(c->trig, '_', sizeof c->trig);
	if (ntrig > 0)
		memcpy(c->trig, trig, (size_t)ntrig);
	c->ntrig = ntrig;
}

void
classify_free(struct classify *c)
{
	if (c == NULL)
		return;
	if (!c->pooled) {
		free(c->m);
		free(c->ge8);
	}
	free(c);
}

void
classify_reserve(struct classify *c, struct pool *pool, size_t len)
{
	size_t	n = (len + 63) / 64 + 1;

	if (n <= c->nmask)
		return;
	if (!c->pooled) {
		free(c->m);
		free(c->ge8);
	}
	c->m = pool_array(pool, n, sizeof *c->m);
	c->ge8 = pool_array(pool, n, sizeof *c->ge8);
	c->nmask = n;
	c->pooled = 1;
}

/*
 * Classifies 64 bytes into bit masks one byte at a time: the path of CPUs
 * without vectors, and the reference the vector paths are tested against.
 */
static void
classify64_scalar(const unsigned char *fb, int nf, const unsigned char *lb, int na,
    const unsigned char *tb, int nt, const unsigned char *p, struct classify_masks *m)
{
	int	i, k;

	memset(m, 0, sizeof *m);
	for (i = 0; i < 64; i++) {
		m->hex |= (uint64_t)chars_is_hex(p[i]) << i;
		m->us |= (uint64_t)(p[i] == '_' ||
		    (nt > 0 && memchr(tb, p[i], (size_t)nt) != NULL)) << i;
		m->nl |= (uint64_t)(p[i] == '\n') << i;
		m->first |= (uint64_t)(memchr(fb, p[i], (size_t)nf) != NULL) << i;
		m->high |= (uint64_t)(chars_is_hex(p[i]) && (p[i] > '7')) << i;
		m->x |= (uint64_t)((p[i] | 0x20) == 'x') << i;
		for (k = 0; k < na; k++) {
			m->lit |= (uint64_t)(p[i] == lb[2 * k]) << i;
			m->lit2 |= (uint64_t)(p[i] == lb[2 * k + 1]) << i;
		}
	}
}

#if defined(CLASSIFY_SSE2)
/*
 * Classifies 64 bytes into bit masks, 16 at a time; fv holds the nf
 * line-start bytes, lv the rarest byte of each of the na literals and the
 * byte after it, tv the nt trigger bytes.
 */
static inline void
classify64_sse2(const __m128i *fv, int nf, const __m128i *lv, int na, const __m128i *tv,
    int nt, const unsigned char *p, struct classify_masks *m)
{
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
		__m128i	fm, um = _mm_cmpeq_epi8(v, cus);

		/* both, always: an unused place repeats _ (a branch costs more) */
		um = _mm_or_si128(um, _mm_or_si128(_mm_cmpeq_epi8(v, tv[0]),
		    _mm_cmpeq_epi8(v, tv[1])));
		fm = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, fv[0]), _mm_cmpeq_epi8(v, fv[1])),
		    _mm_or_si128(_mm_cmpeq_epi8(v, fv[2]), _mm_cmpeq_epi8(v, fv[3])));
		for (j = 4; j < nf; j++)
			fm = _mm_or_si128(fm, _mm_cmpeq_epi8(v, fv[j]));
		h |= (uint64_t)(unsigned)_mm_movemask_epi8(x) << (16 * k);
		u |= (uint64_t)(unsigned)_mm_movemask_epi8(um) << (16 * k);
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
	m->first = nf > 0 ? f : 0;
	m->high = hi;
	m->x = xx;
	m->lit = li;
	m->lit2 = li2;
}

/* Classifies nb whole blocks at p with SSE2. */
static void
classify_blocks_sse2(const struct classify *c, const unsigned char *p, size_t nb,
    struct classify_masks *m)
{
	__m128i	fv[CLASSIFY_MAX_FIRST], lv[2 * CLASSIFY_MAX_LIT], tv[CLASSIFY_MAX_TRIG];
	size_t	i;

	for (i = 0; i < CLASSIFY_MAX_FIRST; i++)
		fv[i] = _mm_set1_epi8((char)c->fb[i]);
	for (i = 0; i < 2 * (size_t)c->nlit; i++)
		lv[i] = _mm_set1_epi8((char)c->lits[i]);
	for (i = 0; i < CLASSIFY_MAX_TRIG; i++)
		tv[i] = _mm_set1_epi8((char)c->trig[i]);
	for (i = 0; i < nb; i++)
		classify64_sse2(fv, c->nfirst, lv, c->nlit, tv, c->ntrig, p + 64 * i, &m[i]);
}
#endif

#if defined(CLASSIFY_AVX2)
/* The classes of the nibble tables below, a bit each. */
enum {
	B_DIG = 0x01, B_D89 = 0x02, B_AF = 0x04, B_X = 0x08, B_NL = 0x10, B_US = 0x20,
	B_T0 = 0x40, B_T1 = 0x80
};

/* The tables of a byte's classes by its low and its high nibble. */
struct nibbles {
	unsigned char	flo[16], fhi[16];	/* the line-start bytes, bit j for fb[j] */
	unsigned char	clo[16], chi[16];	/* the B_ classes */
};

/*
 * Bytes are classed by their two nibbles: bit b of a byte's class is set
 * in the table of its low nibble and in that of its high one exactly
 * when class b holds it, for classes that are every low nibble of a set
 * with every high one of another (0-9 is 0x30-0x39, a-f and A-F are 1-6
 * under 6 and 4).  Two shuffles and an AND class a vector at once, where
 * a compare was needed for each byte looked for (issue 16).  The SSE2
 * path, without shuffles, compares.  The line-start bytes have tables of
 * their own.
 */
static void
nibble_tables(const struct classify *c, struct nibbles *t)
{
	int	j;

	memset(t, 0, sizeof *t);
	for (j = 0; j < c->nfirst; j++) {
		t->flo[c->fb[j] & 0x0F] |= (unsigned char)(1u << j);
		t->fhi[c->fb[j] >> 4] |= (unsigned char)(1u << j);
	}
	for (j = 0; j <= 9; j++)
		t->clo[j] |= B_DIG;
	t->clo[8] |= B_D89;
	t->clo[9] |= B_D89;
	t->chi[3] |= B_DIG | B_D89;
	for (j = 1; j <= 6; j++)
		t->clo[j] |= B_AF;
	t->chi[4] |= B_AF;
	t->chi[6] |= B_AF;
	t->clo['x' & 0x0F] |= B_X;		/* x and X */
	t->chi['x' >> 4] |= B_X;
	t->chi['X' >> 4] |= B_X;
	t->clo['\n'] |= B_NL;
	t->chi['\n' >> 4] |= B_NL;
	t->clo['_' & 0x0F] |= B_US;
	t->chi['_' >> 4] |= B_US;
	/* the trigger bytes, a class each (an unused one repeats _) */
	t->clo[c->trig[0] & 0x0F] |= B_T0;
	t->chi[c->trig[0] >> 4] |= B_T0;
	t->clo[c->trig[1] & 0x0F] |= B_T1;
	t->chi[c->trig[1] >> 4] |= B_T1;
}

/* Classifies nb whole blocks at p with AVX2, 32 bytes at a time. */
static __attribute__((target("avx2"))) void
classify_blocks_avx2(const struct classify *c, const unsigned char *p, size_t nb,
    struct classify_masks *m)
{
	const __m256i	c0f = _mm256_set1_epi8(0x0F), zero = _mm256_setzero_si256();
	const __m256i	bhex = _mm256_set1_epi8(B_DIG | B_AF);
	const __m256i	bhigh = _mm256_set1_epi8(B_D89 | B_AF);
	const __m256i	bus = _mm256_set1_epi8((char)(B_US | B_T0 | B_T1));
	__m256i		flo, fhi, clo, chi, lv[2 * CLASSIFY_MAX_LIT];
	struct nibbles	t;
	int		nf = c->nfirst, na = c->nlit, j;
	size_t		i, k;

	nibble_tables(c, &t);
	flo = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)(const void *)t.flo));
	fhi = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)(const void *)t.fhi));
	clo = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)(const void *)t.clo));
	chi = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)(const void *)t.chi));
	for (i = 0; i < 2 * (size_t)na; i++)
		lv[i] = _mm256_set1_epi8((char)c->lits[i]);
	for (i = 0; i < nb; i++) {
		uint64_t	h = 0, u = 0, n = 0, f = 0, hi = 0, xx = 0, li = 0, li2 = 0;

		for (k = 0; k < 2; k++) {
			__m256i	v = _mm256_loadu_si256((const __m256i *)(const void *)
			    (p + 64 * i + 32 * k));
			__m256i	lo4 = _mm256_and_si256(v, c0f);
			__m256i	hi4 = _mm256_and_si256(_mm256_srli_epi16(v, 4), c0f);
			__m256i	cls = _mm256_and_si256(_mm256_shuffle_epi8(clo, lo4),
			    _mm256_shuffle_epi8(chi, hi4));
			/* in none of the classes asked: no bit of theirs */
			__m256i	fz = _mm256_cmpeq_epi8(_mm256_and_si256(
			    _mm256_shuffle_epi8(flo, lo4), _mm256_shuffle_epi8(fhi, hi4)), zero);
			__m256i	hz = _mm256_cmpeq_epi8(_mm256_and_si256(cls, bhex), zero);
			__m256i	hiz = _mm256_cmpeq_epi8(_mm256_and_si256(cls, bhigh), zero);
			__m256i	uz = _mm256_cmpeq_epi8(_mm256_and_si256(cls, bus), zero);
			unsigned	sh = 32 * (unsigned)k;

			h |= (uint64_t)(uint32_t)~_mm256_movemask_epi8(hz) << sh;
			u |= (uint64_t)(uint32_t)~_mm256_movemask_epi8(uz) << sh;
			/* a class's bit moved to the top of its byte, which movemask reads */
			n |= (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_slli_epi16(cls, 3)) << sh;
			f |= (uint64_t)(uint32_t)~_mm256_movemask_epi8(fz) << sh;
			hi |= (uint64_t)(uint32_t)~_mm256_movemask_epi8(hiz) << sh;
			xx |= (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_slli_epi16(cls, 4)) << sh;
			if (na > 0) {
				__m256i	lm = _mm256_cmpeq_epi8(v, lv[0]);
				__m256i	lm2 = _mm256_cmpeq_epi8(v, lv[1]);

				for (j = 1; j < na; j++) {
					lm = _mm256_or_si256(lm, _mm256_cmpeq_epi8(v, lv[2 * j]));
					lm2 = _mm256_or_si256(lm2, _mm256_cmpeq_epi8(v, lv[2 * j + 1]));
				}
				li |= (uint64_t)(uint32_t)_mm256_movemask_epi8(lm) << sh;
				li2 |= (uint64_t)(uint32_t)_mm256_movemask_epi8(lm2) << sh;
			}
		}
		m[i].hex = h;
		m[i].us = u;
		m[i].nl = n;
		m[i].first = nf > 0 ? f : 0;
		m[i].high = hi;
		m[i].x = xx;
		m[i].lit = li;
		m[i].lit2 = li2;
	}
}

/* classify_word_mask with AVX-512 (F and BW). */
static __attribute__((target("avx512f,avx512bw"))) uint64_t
word_mask_avx512(const unsigned char *p, size_t n, uint64_t *upper)
{
	__mmask64	k = n >= 64 ? ~(__mmask64)0 : ((__mmask64)1 << n) - 1;
	__m512i		v = _mm512_maskz_loadu_epi8(k, p);
	__mmask64	d, l, u;

	/* c - '0' <= 9 and (c | 0x20) - 'a' <= 25, unsigned; '_'; c - 'A' <= 25 */
	d = _mm512_cmple_epu8_mask(_mm512_sub_epi8(v, _mm512_set1_epi8('0')),
	    _mm512_set1_epi8(9));
	l = _mm512_cmple_epu8_mask(_mm512_sub_epi8(_mm512_or_si512(v, _mm512_set1_epi8(0x20)),
	    _mm512_set1_epi8('a')), _mm512_set1_epi8(25));
	u = _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('_'));
	*upper = (uint64_t)(_mm512_cmple_epu8_mask(_mm512_sub_epi8(v, _mm512_set1_epi8('A')),
	    _mm512_set1_epi8(25)) & k);
	return (uint64_t)((d | l | u) & k);
}

/*
 * Classifies nb whole blocks at p with AVX-512 (F and BW): a block is one
 * vector, and each class is one test into a mask register that is the
 * block's 64-bit mask as it stands, where AVX2 takes two halves, a compare
 * and a movemask each, shifted and joined.
 */
static __attribute__((target("avx512f,avx512bw"))) void
classify_blocks_avx512(const struct classify *c, const unsigned char *p, size_t nb,
    struct classify_masks *m)
{
	const __m512i	c0f = _mm512_set1_epi8(0x0F);
	const __m512i	bhex = _mm512_set1_epi8(B_DIG | B_AF);
	const __m512i	bhigh = _mm512_set1_epi8(B_D89 | B_AF);
	const __m512i	bus = _mm512_set1_epi8((char)(B_US | B_T0 | B_T1));
	const __m512i	bnl = _mm512_set1_epi8(B_NL), bx = _mm512_set1_epi8(B_X);
	__m512i		flo, fhi, clo, chi, lv[2 * CLASSIFY_MAX_LIT];
	struct nibbles	t;
	int		nf = c->nfirst, na = c->nlit, j;
	size_t		i;

	nibble_tables(c, &t);
	flo = _mm512_broadcast_i32x4(_mm_loadu_si128((const __m128i *)(const void *)t.flo));
	fhi = _mm512_broadcast_i32x4(_mm_loadu_si128((const __m128i *)(const void *)t.fhi));
	clo = _mm512_broadcast_i32x4(_mm_loadu_si128((const __m128i *)(const void *)t.clo));
	chi = _mm512_broadcast_i32x4(_mm_loadu_si128((const __m128i *)(const void *)t.chi));
	for (i = 0; i < 2 * (size_t)na; i++)
		lv[i] = _mm512_set1_epi8((char)c->lits[i]);
	for (i = 0; i < nb; i++) {
		__m512i		v = _mm512_loadu_si512((const void *)(p + 64 * i));
		__m512i		lo4 = _mm512_and_si512(v, c0f);
		__m512i		hi4 = _mm512_and_si512(_mm512_srli_epi16(v, 4), c0f);
		__m512i		cls = _mm512_and_si512(_mm512_shuffle_epi8(clo, lo4),
				    _mm512_shuffle_epi8(chi, hi4));
		__mmask64	li = 0, li2 = 0;

		m[i].hex = _mm512_test_epi8_mask(cls, bhex);
		m[i].us = _mm512_test_epi8_mask(cls, bus);
		m[i].nl = _mm512_test_epi8_mask(cls, bnl);
		m[i].first = nf > 0 ? _mm512_test_epi8_mask(_mm512_shuffle_epi8(flo, lo4),
		    _mm512_shuffle_epi8(fhi, hi4)) : 0;
		m[i].high = _mm512_test_epi8_mask(cls, bhigh);
		m[i].x = _mm512_test_epi8_mask(cls, bx);
		for (j = 0; j < na; j++) {
			li |= _mm512_cmpeq_epi8_mask(v, lv[2 * j]);
			li2 |= _mm512_cmpeq_epi8_mask(v, lv[2 * j + 1]);
		}
		m[i].lit = li;
		m[i].lit2 = li2;
	}
}
#endif

/* Classifies nb whole blocks at p with the instructions the classifier was given. */
static void
classify_blocks(const struct classify *c, const unsigned char *p, size_t nb,
    struct classify_masks *m)
{
	size_t	i;

	switch (c->isa) {
#if defined(CLASSIFY_AVX2)
	case CLASSIFY_ISA_AVX512:
		classify_blocks_avx512(c, p, nb, m);
		return;
	case CLASSIFY_ISA_AVX2:
		classify_blocks_avx2(c, p, nb, m);
		return;
#endif
#if defined(CLASSIFY_SSE2)
	case CLASSIFY_ISA_SSE2:
		classify_blocks_sse2(c, p, nb, m);
		return;
#endif
	default:
		for (i = 0; i < nb; i++)
			classify64_scalar(c->fb, c->nfirst, c->lits, c->nlit, c->trig, c->ntrig,
			    p + 64 * i, &m[i]);
		return;
	}
}

size_t
classify_range(struct classify *c, const unsigned char *buf, size_t lo, size_t hi,
    struct classify_carry *k)
{
	size_t	nb = (hi - lo + 63) / 64, whole = (hi - lo) / 64, bi;

	if (nb + 1 > c->nmask) {
		if (c->pooled) {	/* every mask is written anew below: nothing to copy */
			c->m = NULL;
			c->ge8 = NULL;
			c->pooled = 0;
		}
		c->nmask = nb + 1;
		c->m = xreallocarray(c->m, c->nmask, sizeof *c->m);
		c->ge8 = xreallocarray(c->ge8, c->nmask, sizeof *c->ge8);
	}
	classify_blocks(c, buf + lo, whole, c->m);
	if (whole < nb) {
		/* the last block, padded: the bytes after hi are not ours to read */
		unsigned char	last[64];

		memset(last, '.', sizeof last);
		memcpy(last, buf + lo + 64 * whole, hi - lo - 64 * whole);
		classify_blocks(c, last, 1, &c->m[whole]);
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

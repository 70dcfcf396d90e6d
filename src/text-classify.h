/* text-classify.h: the text scanner's prefilter: byte-class masks of 64-byte blocks and the candidates in them. */
#ifndef VSSEXPLAIN_TEXT_CLASSIFY_H
#define VSSEXPLAIN_TEXT_CLASSIFY_H

#include <stddef.h>
#include <stdint.h>

#define CLASSIFY_MAX_FIRST	8	/* bytes that may start an interesting line */
#define CLASSIFY_MAX_LIT	2	/* literals looked for anywhere: 3 compares a byte each */
#define CLASSIFY_MAX_TRIG	2	/* rare trigger bytes: a compare each, no mask of their own */

/* The instructions a classifier uses, narrowest first. */
enum classify_isa {
	CLASSIFY_ISA_SCALAR,	/* a byte at a time: any CPU */
	CLASSIFY_ISA_SSE2,
	CLASSIFY_ISA_AVX2,	/* chosen at run time when the CPU has it */
	CLASSIFY_ISA_AVX512	/* AVX-512 F and BW: likewise, before AVX2 */
};

/* The byte classes of one 64-byte block, one bit per byte. */
struct classify_masks {
	uint64_t	hex;	/* 0-9 a-f A-F */
	uint64_t	us;	/* _, and the trigger bytes */
	uint64_t	nl;	/* newline */
	uint64_t	first;	/* bytes that can start an interesting line */
	uint64_t	high;	/* 8 9 a-f A-F: a failure code's first digit */
	uint64_t	x;	/* x X: the end of an 0x prefix */
	uint64_t	lit;	/* a literal's rarest byte */
	uint64_t	lit2;	/* the byte after it */
};

/*
 * The classifier of one scanner.  It knows only bytes: which start a line
 * worth a look, and for each literal its rarest byte and the byte after it.
 * classify_range fills m[] and ge8[] for a range, one entry per block and a
 * zeroed one after the last, which classify_block reads as "the next block".
 * The struct is in the header so that classify_block can be inlined.
 */
struct classify {
	unsigned char		 fb[CLASSIFY_MAX_FIRST];	/* the first bytes, padded */
	int			 nfirst;
	enum classify_isa	 isa;
	unsigned char		 lits[2 * CLASSIFY_MAX_LIT];	/* rarest byte, byte after */
	int			 nlit;
	unsigned char		 trig[CLASSIFY_MAX_TRIG];	/* trigger bytes, padded with _ */
	int			 ntrig;
	struct classify_masks	*m;
	uint64_t		*ge8;	/* bit i: bytes i..i+7 are hex digits */
	size_t			 nmask;
	int			 pooled;	/* m and ge8 are a pool's (classify_reserve) */
};

/* What is carried from one block to the next: the last bits of the one before. */
struct classify_carry {
	uint64_t	top;	/* ge8's top bit */
	uint64_t	nl;	/* a newline ended the block */
	uint64_t	x;	/* an x ended the block */
};

/* The candidates of one block, one bit per byte. */
struct classify_cands {
	uint64_t	starts;		/* runs of 8 to 10 hex digits worth a look */
	uint64_t	exact8;		/* of those, runs of exactly eight */
	uint64_t	lstarts;	/* line starts with an interesting first byte */
	uint64_t	lit;		/* a literal's rarest byte and the one after */
	uint64_t	us;		/* underscores (code names) and trigger bytes */
	uint64_t	nl;		/* newlines */
};

/*
 * Prepares a classifier for at most CLASSIFY_MAX_FIRST line-start bytes and
 * nlit literals, lits holding each one's rarest byte and the byte after it.
 * It uses the widest instructions the CPU has, or those $VSSEXPLAIN_SIMD
 * (scalar, sse2) narrows it to; the masks are the same whichever it uses.
 */
struct classify	*classify_new(const unsigned char *firsts, int nfirst,
		    const unsigned char *lits, int nlit);
void		 classify_free(struct classify *);
struct pool;
/*
 * Takes the masks for ranges of up to len bytes from pool, which outlives c,
 * so that the memory a scanner touches at every refill lies in its pool's
 * huge page rather than in some 65 pages faulted in one by one (the refill
 * buffer takes as many).  A longer range gets masks of its own.
 */
void		 classify_reserve(struct classify *, struct pool *, size_t len);
/*
 * Sets up to CLASSIFY_MAX_TRIG trigger bytes: bytes rare in logs that mark
 * where a pattern's literal may be (a full-width digit's lead byte 0xEF, the
 * ? of \\?\).  They share the underscores' mask, so that they cost one
 * compare each and no mask of their own; the caller tells them apart by the
 * byte.
 */
void		 classify_triggers(struct classify *, const unsigned char *trig, int ntrig);
/* Uses want's instructions, or the widest below it the CPU has; returns those. */
enum classify_isa classify_use(struct classify *, enum classify_isa want);
/*
 * chars_word_mask of p[0..n), n at most 64, with c's instruction set: with
 * AVX-512 one load masked to the n bytes (none read past them) and four
 * compares into mask registers, where SSE2 takes four quarters, a copy of a
 * short tail and a shift and join for each (pick_method's words, issue 16).
 */
uint64_t	classify_word_mask(const struct classify *c, const unsigned char *p, size_t n,
		    uint64_t *upper);
/*
 * Classifies buf[lo, hi), never reading past hi, and sets the carry from the
 * byte before lo.  Returns the number of 64-byte blocks.
 */
size_t		 classify_range(struct classify *, const unsigned char *buf, size_t lo,
		    size_t hi, struct classify_carry *);

/* Finds the candidates of block bi of the range classified last. */
static inline void
classify_block(const struct classify *c, size_t bi, struct classify_carry *k,
    struct classify_cands *out)
{
	const struct classify_masks	*m = &c->m[bi], *next = &c->m[bi + 1];
	uint64_t			 g = c->ge8[bi], starts, exact8;

	/* runs of exactly 8 to 10 digits: a start whose bit 3 later is clear */
	starts = g & ~(g << 1 | k->top) & ~(g >> 3 | c->ge8[bi + 1] << 61);
	k->top = g >> 63;
	/* of those, eight digits only count after 0x or when failure-shaped */
	exact8 = starts & ~(m->hex >> 8 | next->hex << 56);
	starts &= ~exact8 | m->high | (m->x << 1 | k->x);
	k->x = m->x >> 63;
	out->starts = starts;
	out->exact8 = exact8;
	out->lstarts = m->first & (m->nl << 1 | k->nl);
	k->nl = m->nl >> 63;
	/* a literal's rare byte counts when the byte after it follows */
	out->lit = m->lit & (m->lit2 >> 1 | next->lit2 << 63);
	out->us = m->us;
	out->nl = m->nl;
}

#endif

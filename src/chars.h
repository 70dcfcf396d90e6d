/* chars.h: byte classes and hex digits, shared by the text and event readers and the code parser. */
#ifndef VSSEXPLAIN_CHARS_H
#define VSSEXPLAIN_CHARS_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

static inline int
chars_is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static inline int
chars_is_hex(int c)
{
	return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f');
}

static inline int
chars_is_alnum(int c)
{
	return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/* A byte of an identifier: letter, digit or underscore. */
static inline int
chars_is_word(int c)
{
	return chars_is_alnum(c) || c == '_';
}

#ifdef __SSE2__
/* chars_is_word of sixteen bytes, a bit each: signed compares of offset bytes. */
static inline unsigned
chars_word16(__m128i v)
{
	__m128i	d, l, u;

	/* c - '0' < 10 and (c | 0x20) - 'a' < 26, unsigned, as signed compares */
	d = _mm_cmplt_epi8(_mm_add_epi8(v, _mm_set1_epi8((char)(0x80 - '0'))),
	    _mm_set1_epi8((char)(0x80 + 10)));
	l = _mm_cmplt_epi8(_mm_add_epi8(_mm_or_si128(v, _mm_set1_epi8(0x20)),
	    _mm_set1_epi8((char)(0x80 - 'a'))), _mm_set1_epi8((char)(0x80 + 26)));
	u = _mm_cmpeq_epi8(v, _mm_set1_epi8('_'));
	return (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(d, l), u));
}
#endif

/*
 * Which of p[0..n) (n at most 64) are chars_is_word, bit i for p[i], and in
 * *upper which are capitals A-Z: the words of a line found a block at a
 * time, not a byte at a time (issue 16).
 */
static inline uint64_t
chars_word_mask(const unsigned char *p, size_t n, uint64_t *upper)
{
#ifdef __SSE2__
	unsigned char	tmp[64];
	uint64_t	m, u;
	__m128i		v;
	int		i;

	if (n < 64) {
		/* not past the end of the caller's bytes: NUL is neither */
		memset(tmp, 0, sizeof tmp);
		if (n > 0)
			memcpy(tmp, p, n);
		p = tmp;
	}
	m = u = 0;
	for (i = 0; i < 4; i++) {
		v = _mm_loadu_si128((const __m128i *)(p + 16 * i));
		m |= (uint64_t)chars_word16(v) << (16 * i);
		/* c - 'A' < 26, unsigned, as a signed compare */
		u |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmplt_epi8(_mm_add_epi8(v,
		    _mm_set1_epi8((char)(0x80 - 'A'))), _mm_set1_epi8((char)(0x80 + 26)))) <<
		    (16 * i);
	}
	*upper = u;
	return m;
#else
	uint64_t	m = 0, u = 0;
	size_t		i;

	for (i = 0; i < n; i++) {
		m |= (uint64_t)chars_is_word(p[i]) << i;
		u |= (uint64_t)(p[i] >= 'A' && p[i] <= 'Z') << i;
	}
	*upper = u;
	return m;
#endif
}

/* XML white space: space, tab, CR, LF. */
static inline int
chars_is_blank(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* A byte of an XML name (non-ASCII bytes: let the parser judge). */
static inline int
chars_is_xml_name(int c)
{
	return chars_is_word(c) || c == '-' || c == '.' || c == ':' || c >= 0x80;
}

/* Can an XML name start with byte c (non-ASCII bytes: let the parser judge)? */
static inline int
chars_is_xml_name_start(int c)
{
	return ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c == '_' || c == ':' || c >= 0x80;
}

/* The value of hex digit c, or -1. */
static inline int
chars_hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
		return (c | 0x20) - 'a' + 10;
	return -1;
}

#endif

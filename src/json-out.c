/* json-out.c (prefix jw_): streaming JSON output with correct escaping of any bytes. */
#include "config.h"

#include <stdint.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "db.h"
#include "inert.h"
#include "json-out.h"
#include "tstamp.h"

void
jw_init(struct jw *j, FILE *f, int pretty)
{
	j->f = f;
	j->pretty = pretty;
	j->depth = 0;
	j->after_key = 0;
	j->len = 0;
}

void
jw_flush(struct jw *j)
{
	if (j->len > 0)
		fwrite(j->buf, 1, j->len, j->f);
	j->len = 0;
}

/* Appends n bytes; what does not fit in buf at all goes straight through. */
static inline void
put(struct jw *j, const void *p, size_t n)
{
	if (n > sizeof j->buf - j->len) {
		jw_flush(j);
		if (n > sizeof j->buf) {
			fwrite(p, 1, n, j->f);
			return;
		}
	}
	memcpy(j->buf + j->len, p, n);
	j->len += n;
}

static inline void
put1(struct jw *j, char c)
{
	if (j->len == sizeof j->buf)
		jw_flush(j);
	j->buf[j->len++] = c;
}

static void
puts_(struct jw *j, const char *s)
{
	put(j, s, strlen(s));
}

/* Writes \u00XX for a control byte. */
static void
put_u(struct jw *j, unsigned char c)
{
	static const char	hexd[] = "0123456789abcdef";
	char			e[6] = { '\\', 'u', '0', '0', hexd[c >> 4], hexd[c & 0xF] };

	put(j, e, sizeof e);
}

static void
newline(struct jw *j)
{
	int	i;

	if (!j->pretty)
		return;
	put1(j, '\n');
	for (i = 0; i < j->depth; i++)
		put(j, "  ", 2);
}

/* Writes the comma and indentation before a value or key. */
static void
before(struct jw *j)
{
	if (j->after_key) {
		j->after_key = 0;
		return;
	}
	if (j->depth > 0) {
		if (j->count[j->depth - 1]++ > 0)
			put1(j, ',');
		newline(j);
	}
}

void
jw_open(struct jw *j, int bracket)
{
	before(j);
	put1(j, (char)bracket);
	if (j->depth < JW_MAX_DEPTH)
		j->count[j->depth] = 0;
	j->depth++;
}

void
jw_close(struct jw *j, int bracket)
{
	int	had = j->depth <= JW_MAX_DEPTH ? j->count[j->depth - 1] : 1;

	j->depth--;
	if (had)
		newline(j);
	put1(j, (char)bracket);
	if (j->depth == 0)
		jw_flush(j);
}

static size_t	plain_run(const unsigned char *, size_t);

void
jw_key(struct jw *j, const char *key)
{
	size_t	n = strlen(key);

	before(j);
	if (n + 4 <= sizeof j->buf && plain_run((const unsigned char *)key, n) == n) {
		/* the keys of our formats: written in one piece, nothing to escape */
		if (n + 4 > sizeof j->buf - j->len)
			jw_flush(j);
		j->buf[j->len++] = '"';
		memcpy(j->buf + j->len, key, n);
		j->len += n;
		j->buf[j->len++] = '"';
	} else
		jw_quote(j, key, n);
	if (j->pretty)
		put(j, ": ", 2);
	else
		put1(j, ':');
	j->after_key = 1;
}

/*
 * Marks, in the high bit of each byte of w, the bytes that are not plain
 * (below 0x20, '"', '\\', DEL, or with the high bit set): the usual "has a
 * byte less than / equal to" word tricks.  A borrow can mark a plain byte,
 * but only one above a byte that is truly marked, so the lowest mark is
 * exact.
 */
static inline uint64_t
not_plain(uint64_t w)
{
	const uint64_t	ones = 0x0101010101010101ULL;

	return ((w - ones * 0x20) | w | ((w ^ (ones * 0x22)) - ones) |
	    ((w ^ (ones * 0x5C)) - ones) | ((w ^ (ones * 0x7F)) - ones)) &
	    0x8080808080808080ULL;
}

/* plain[c]: byte c is written as it is (printable ASCII but '"' and '\\'). */
static const unsigned char plain[256] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};

#ifdef __SSE2__
/*
 * The bytes of v that are not plain, a bit each: a signed compare with 0x20
 * takes both the controls and every byte with the high bit set.
 */
static inline unsigned
not_plain16(__m128i v)
{
	__m128i	bad = _mm_or_si128(
	    _mm_or_si128(_mm_cmplt_epi8(v, _mm_set1_epi8(0x20)), _mm_cmpeq_epi8(v, _mm_set1_epi8('"'))),
	    _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\\')), _mm_cmpeq_epi8(v, _mm_set1_epi8(0x7F))));

	return (unsigned)_mm_movemask_epi8(bad);
}
#endif

/*
 * The length of the run of plain bytes at s (printable ASCII other than '"'
 * and '\\', written as they are), looked at sixteen bytes at a time with
 * SSE2 (every x86-64 has it; a finding's text, a quarter of the jsonl
 * writer's cost, issue 16), else eight at a time in a word, the tail (and
 * most keys) a byte at a time.
 */
static size_t
plain_run(const unsigned char *s, size_t n)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ && defined(__GNUC__)
	size_t		i = 0;
	uint64_t	w, bad;
#ifdef __SSE2__
	unsigned	m;

	for (; i + 16 <= n; i += 16) {
		if ((m = not_plain16(_mm_loadu_si128((const __m128i *)(s + i)))) != 0)
			return i + (size_t)__builtin_ctz(m);
	}
	if (i < n && n >= 16) {
		/* the tail as the last 16 bytes, those already found plain masked off */
		m = not_plain16(_mm_loadu_si128((const __m128i *)(s + n - 16))) &
		    (0xFFFFu << (16 - (n - i)));
		return m != 0 ? n - 16 + (size_t)__builtin_ctz(m) : n;
	}
#endif
	for (; i + 8 <= n; i += 8) {
		memcpy(&w, s + i, 8);
		if ((bad = not_plain(w)) != 0)
			return i + (size_t)__builtin_ctzll(bad) / 8;
	}
	if (i < n && n >= 8) {
		/*
		 * The tail as the last word, which overlaps bytes already
		 * found plain: those are masked off, and being plain they
		 * borrow from nothing above them.
		 */
		memcpy(&w, s + n - 8, 8);
		bad = not_plain(w) & (~0ULL << 8 * (8 - (n - i)));
		return bad != 0 ? n - 8 + (size_t)__builtin_ctzll(bad) / 8 : n;
	}
#else
	size_t		i = 0;
#endif
	while (i < n && plain[s[i]])
		i++;
	return i;
}

#ifdef __SSE2__
/*
 * plain_run for n >= 16 with the copy to d made in the same pass, sixteen
 * bytes at a time, as far as the run goes and at most 16 bytes beyond it
 * (d has n + 16 bytes of room): the text and match of each finding were
 * looked at once and then copied by a call of memcpy (issue 16).
 */
static inline size_t
copy_plain(char *d, const unsigned char *s, size_t n)
{
	__m128i		v;
	size_t		i;
	unsigned	m;

	for (i = 0; i + 16 <= n; i += 16) {
		v = _mm_loadu_si128((const __m128i *)(s + i));
		_mm_storeu_si128((__m128i *)(d + i), v);
		if ((m = not_plain16(v)) != 0)
			return i + (size_t)__builtin_ctz(m);
	}
	if (i < n) {
		/* the last 16 bytes, those already found plain masked off */
		v = _mm_loadu_si128((const __m128i *)(s + n - 16));
		_mm_storeu_si128((__m128i *)(d + n - 16), v);
		m = not_plain16(v) & (0xFFFFu << (16 - (n - i)));
		return m != 0 ? n - 16 + (size_t)__builtin_ctz(m) : n;
	}
	return n;
}
#endif

void
jw_quote(struct jw *j, const char *str, size_t n)
{
	const unsigned char	*s = (const unsigned char *)str;
	size_t			 i = 0, run, len;

	/* most strings are plain and have room: one copy between the quotes */
	if (n + 2 <= sizeof j->buf - j->len) {
#ifdef __SSE2__
		if (n >= 16 && n + 18 <= sizeof j->buf - j->len) {
			run = copy_plain(j->buf + j->len + 1, s, n);
			j->buf[j->len++] = '"';
			j->len += run;
			if (run == n) {
				j->buf[j->len++] = '"';
				return;
			}
			i = run;
			goto rest;
		}
#endif
		run = plain_run(s, n);
		j->buf[j->len++] = '"';
		memcpy(j->buf + j->len, s, run);
		j->len += run;
		if (run == n) {
			j->buf[j->len++] = '"';
			return;
		}
		i = run;
	} else
		put1(j, '"');
#ifdef __SSE2__
rest:
#endif
	while (i < n) {
		unsigned char	c;

#ifdef __SSE2__
		/* an event's text has a backslash or a line break every few words */
		if (n - i >= 16 && n - i <= sizeof j->buf - j->len) {
			run = copy_plain(j->buf + j->len, s + i, n - i);
			j->len += run;
			if ((i += run) == n)
				break;
		} else
#endif
		if ((run = plain_run(s + i, n - i)) > 0) {
			put(j, s + i, run);
			if ((i += run) == n)
				break;
		}
		c = s[i];
		if (c == '"' || c == '\\') {
			char	e[2] = { '\\', (char)c };

			put(j, e, 2);
			i++;
		} else if (c < 0x20 || c == 0x7F) {
			switch (c) {
			case '\n':
				put(j, "\\n", 2);
				break;
			case '\r':
				put(j, "\\r", 2);
				break;
			case '\t':
				put(j, "\\t", 2);
				break;
			default:
				put_u(j, c);
				break;
			}
			i++;
		} else if ((len = inert_utf8_len(s + i, n - i)) == 2 && c == 0xC2 && s[i + 1] < 0xA0) {
			put_u(j, s[i + 1]);	/* a C1 control: a terminal's CSI */
			i += 2;
		} else if (len > 0) {
			put(j, s + i, len);
			i += len;
		} else if (c < 0xA0) {
			/* Not UTF-8: the byte read as Latin-1, a C1 control escaped */
			put_u(j, c);
			i++;
		} else {
			/* Not UTF-8: read the byte as Latin-1. */
			char	l[2] = { (char)(0xC0 | c >> 6), (char)(0x80 | (c & 0x3F)) };

			put(j, l, 2);
			i++;
		}
	}
	put1(j, '"');
}

int
jw_utf8_valid(const char *s, size_t n)
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 i = 0, len;

	while (i < n) {
		if ((len = inert_utf8_len(u + i, n - i)) == 0)
			return 0;
		i += len;
	}
	return 1;
}

void
jw_strn(struct jw *j, const char *s, size_t n)
{
	before(j);
	jw_quote(j, s, n);
}

void
jw_str(struct jw *j, const char *s)
{
	before(j);
	jw_vstr(j, s);
}

void
jw_lit_slow(struct jw *j, const char *s, size_t n)
{
	put(j, s, n);
}

void
jw_vstr(struct jw *j, const char *s)
{
	if (s == NULL)
		put(j, "null", 4);
	else
		jw_quote(j, s, strlen(s));
}

void
jw_vstr_memo_slow(struct jw *j, struct jw_memo *m, const char *s)
{
	size_t	n = strlen(s), start = j->len, q;
	int	i;

	for (i = 0; i < JW_MEMO_WAYS; i++) {
		if (m->e[i].tlen == n && m->e[i].qlen > 0 && memcmp(s, m->e[i].text, n) == 0) {
			jw_lit(j, m->e[i].quoted, m->e[i].qlen);
			return;
		}
	}
	/* a byte quotes to six at most: with this room, nothing is flushed */
	if (n > JW_MEMO_TEXT || 6 * n + 2 > sizeof j->buf - start) {
		jw_quote(j, s, n);
		return;
	}
	jw_quote(j, s, n);
	if ((q = j->len - start) > JW_MEMO_QUOTED)
		return;
	i = (int)(m->next++ % JW_MEMO_WAYS);
	memcpy(m->e[i].text, s, n);
	m->e[i].tlen = n;
	m->e[i].qlen = q;
	memcpy(m->e[i].quoted, j->buf + start, q);
}

/* The decimal digits of 0 to 99, two each. */
static const char	digits2[] =
	"00010203040506070809101112131415161718192021222324252627282930313233343536373839"
	"40414243444546474849505152535455565758596061626364656667686970717273747576777879"
	"8081828384858687888990919293949596979899";

/*
 * Writes the decimal digits of u, two at a time, backwards from end; below
 * 2^32 (lines, offsets, event and record ids) in 32 bits, whose division by
 * 100 is a cheaper multiplication.
 */
static inline char *
digits_back(char *end, unsigned long long u)
{
	unsigned	k, w;

	while (u > UINT32_MAX) {
		k = (unsigned)(u % 100);
		u /= 100;
		end -= 2;
		memcpy(end, digits2 + 2 * k, 2);
	}
	w = (unsigned)u;
	while (w >= 100) {
		k = w % 100;
		w /= 100;
		end -= 2;
		memcpy(end, digits2 + 2 * k, 2);
	}
	if (w >= 10) {
		end -= 2;
		memcpy(end, digits2 + 2 * w, 2);
	} else
		*--end = (char)('0' + w);
	return end;
}

/* The number of decimal digits of u. */
static inline size_t
digit_count(unsigned long long u)
{
	static const unsigned long long	pow10[20] = {
		1ull, 10ull, 100ull, 1000ull, 10000ull, 100000ull, 1000000ull, 10000000ull,
		100000000ull, 1000000000ull, 10000000000ull, 100000000000ull,
		1000000000000ull, 10000000000000ull, 100000000000000ull,
		1000000000000000ull, 10000000000000000ull, 100000000000000000ull,
		1000000000000000000ull, 10000000000000000000ull
	};
	/* floor(log10) from the bit length (1233/4096 is just above log10(2)), then one compare */
	size_t	t = (size_t)(((64 - __builtin_clzll(u | 1)) * 1233) >> 12);

	return t + 1 - ((u | 1) < pow10[t]);
}

/*
 * Two digits at a time: a finding's line and offset cost a division a digit
 * (issue 16).  When buf has room the digits go straight to their place:
 * gathered in a stack buffer and copied eight bytes at a time, each load
 * spanned several two-byte stores, which the processor cannot forward (a
 * stall of some 15 cycles a load: jw_vint was 11% of a finding's time).
 */
void
jw_vint(struct jw *j, long long v)
{
	char			 buf[24], *p;
	unsigned long long	 u = v < 0 ? 0 - (unsigned long long)v : (unsigned long long)v;
	size_t			 n = digit_count(u) + (v < 0);

	if (sizeof j->buf - j->len >= n) {
		p = digits_back(j->buf + j->len + n, u);
		if (v < 0)
			*--p = '-';
		j->len += n;
		return;
	}
	p = digits_back(buf + sizeof buf, u);	/* 20 digits at most, and a sign */
	if (v < 0)
		*--p = '-';
	put(j, p, (size_t)(buf + sizeof buf - p));
}

void
jw_int(struct jw *j, long long v)
{
	before(j);
	jw_vint(j, v);
}

void
jw_bool(struct jw *j, int v)
{
	before(j);
	puts_(j, v ? "true" : "false");
}

void
jw_null(struct jw *j)
{
	before(j);
	put(j, "null", 4);
}

void
jw_kstr(struct jw *j, const char *key, const char *v)
{
	jw_key(j, key);
	jw_str(j, v);
}

void
jw_kint(struct jw *j, const char *key, long long v)
{
	jw_key(j, key);
	jw_int(j, v);
}

void
jw_kretry(struct jw *j, const struct db_guidance *g)
{
	jw_key(j, "retry");
	if (g != NULL && g->wait_minutes >= 0) {
		jw_open(j, '{');
		jw_kint(j, "wait_minutes", g->wait_minutes);
		jw_kint(j, "max_retries", g->max_retries);
		jw_close(j, '}');
	} else
		jw_null(j);
}

void
jw_vtime(struct jw *j, int64_t sec, long nsec)
{
	char	buf[48];
	size_t	n;

	if (sec == TSTAMP_NONE) {
		put(j, "null", 4);
		return;
	}
	/* digits and "-:.TZ": nothing to escape; in place when buf has room */
	if (sizeof j->buf - j->len >= sizeof buf) {
		j->buf[j->len] = '"';
		n = j->len + 1 + tstamp_format(sec, nsec, j->buf + j->len + 1, sizeof buf - 2);
		j->buf[n++] = '"';
		j->len = n;
		return;
	}
	buf[0] = '"';
	n = 1 + tstamp_format(sec, nsec, buf + 1, sizeof buf - 2);
	buf[n++] = '"';
	put(j, buf, n);
}

void
jw_time(struct jw *j, int64_t sec, long nsec)
{
	before(j);
	jw_vtime(j, sec, nsec);
}

void
jw_ktime(struct jw *j, const char *key, int64_t sec)
{
	jw_key(j, key);
	jw_time(j, sec, 0);
}

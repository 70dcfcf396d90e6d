/* inert.c: text taken from logs, made safe to print: no control character, no invalid UTF-8. */
#include "config.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inert.h"
#include "xalloc.h"

size_t
inert_utf8_len(const unsigned char *s, size_t n)
{
	size_t		len, i;
	uint32_t	c;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2;
		c = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3;
		c = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4;
		c = s[0] & 0x07;
	} else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	if ((len == 3 && (c < 0x800 || (c >= 0xd800 && c <= 0xdfff))) ||
	    (len == 4 && (c < 0x10000 || c > 0x10ffff)))
		return 0;
	return len;
}

/*
 * The length of the run of printable ASCII (0x20 to 0x7E) at s[0..n), eight
 * bytes at a time: a byte below 0x20 or above 0x7E sets its top bit in
 * below | above, and the lowest such bit marks the run's end exactly (the
 * borrows and carries that can set the bits of later bytes start at it).
 * Log lines are mostly such runs, and a byte at a time through the tests
 * below was a third of the CPU of a CSV report of many findings.
 */
static size_t
plain_run(const unsigned char *s, size_t n)
{
	const uint64_t	ones = 0x0101010101010101ull, tops = 0x8080808080808080ull;
	size_t		i = 0;
	uint64_t	w, bad;

	for (; i + 8 <= n; i += 8) {
		memcpy(&w, s + i, 8);
		bad = ((w - 0x20 * ones) | w | (w + ones)) & tops;
		if (bad != 0) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
			return i + (size_t)__builtin_ctzll(bad) / 8;
#else
			break;
#endif
		}
	}
	while (i < n && s[i] >= 0x20 && s[i] < 0x7f)
		i++;
	return i;
}

size_t
inert_copy(char *out, const char *str, size_t n, int flags)
{
	const unsigned char	*s = (const unsigned char *)str;
	char			*p = out;
	size_t			 i, k;

	for (i = 0; i < n; i++) {
		if ((k = plain_run(s + i, n - i)) > 0) {
			memcpy(p, s + i, k);
			p += k;
			if ((i += k) == n)
				break;
		}
		if ((s[i] < 0x20 && !(s[i] == '\t' && (flags & INERT_TAB))) || s[i] == 0x7f)
			p += sprintf(p, "\\x%02x", s[i]);
		else if (s[i] < 0x80)
			*p++ = (char)s[i];
		else if ((k = inert_utf8_len(s + i, n - i)) == 0)
			p += sprintf(p, "\\x%02x", s[i]);
		else if (k == 2 && s[i] == 0xc2 && s[i + 1] < 0xa0) {
			p += sprintf(p, "\\u%04x", s[i + 1]);	/* U+0080 to U+009F */
			i++;
		} else {
			for (; k > 0; k--)
				*p++ = (char)s[i++];
			i--;
		}
	}
	*p = '\0';
	return (size_t)(p - out);
}

/* Writes s[0..n) escaped and a newline to standard error. */
static void
warn_line(FILE *f, const char *prefix, const char *s, size_t n)
{
	char	*out = xmalloc(INERT_MAX(n));

	inert_copy(out, s, n, 0);
	fprintf(f, "%s%s\n", prefix, out);
	free(out);
}

static void __attribute__((format(printf, 2, 0)))
vwarn(FILE *f, const char *fmt, va_list ap)
{
	va_list	 again;
	char	*msg;
	int	 n;

	va_copy(again, ap);
	n = vsnprintf(NULL, 0, fmt, ap);
	if (n >= 0) {
		msg = xmalloc((size_t)n + 1);
		vsnprintf(msg, (size_t)n + 1, fmt, again);
		warn_line(f, "vssexplain: ", msg, (size_t)n);
		free(msg);
	}
	va_end(again);
}

void
inert_warn(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vwarn(stderr, fmt, ap);
	va_end(ap);
}

void
inert_fwarn(FILE *f, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vwarn(f, fmt, ap);
	va_end(ap);
}

void
inert_warn_lines(const char *text)
{
	const char	*nl;

	for (; *text != '\0'; text = nl + 1) {
		if ((nl = strchr(text, '\n')) == NULL) {
			warn_line(stderr, "", text, strlen(text));
			break;
		}
		warn_line(stderr, "", text, (size_t)(nl - text));
	}
}

char *
inert_dup(const char *s, int flags)
{
	size_t	n = s != NULL ? strlen(s) : 0;
	char	*out = xmalloc(INERT_MAX(n));

	inert_copy(out, s != NULL ? s : "", n, flags);
	return out;
}

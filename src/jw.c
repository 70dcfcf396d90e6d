/* jw.c: streaming JSON output with correct escaping of any bytes. */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "jw.h"
#include "tstamp.h"

/* One report is written by one thread: skip stdio's locking where glibc offers it. */
#if defined(__GLIBC__)
#undef fputc
#define fputc(c, f)		putc_unlocked((c), (f))
#define fputs(s, f)		fputs_unlocked((s), (f))
#define fwrite(p, n, m, f)	fwrite_unlocked((p), (n), (m), (f))
#endif

void
jw_init(struct jw *j, FILE *f, int pretty)
{
	memset(j, 0, sizeof *j);
	j->f = f;
	j->pretty = pretty;
}

static void
newline(struct jw *j)
{
	int	i;

	if (!j->pretty)
		return;
	fputc('\n', j->f);
	for (i = 0; i < j->depth; i++)
		fputs("  ", j->f);
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
			fputc(',', j->f);
		newline(j);
	}
}

void
jw_open(struct jw *j, int bracket)
{
	before(j);
	fputc(bracket, j->f);
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
	fputc(bracket, j->f);
}

void
jw_key(struct jw *j, const char *key)
{
	before(j);
	jw_quote(j->f, key, strlen(key));
	fputs(j->pretty ? ": " : ":", j->f);
	j->after_key = 1;
}

/* Length of a valid UTF-8 sequence at s (at most n bytes), or 0. */
static size_t
utf8_len(const unsigned char *s, size_t n)
{
	size_t		len, i;
	unsigned	cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		len = 2, cp = s[0] & 0x1F;
	else if (s[0] >= 0xE0 && s[0] <= 0xEF)
		len = 3, cp = s[0] & 0x0F;
	else if (s[0] >= 0xF0 && s[0] <= 0xF4)
		len = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3F);
	}
	if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
	    (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
		return 0;
	return len;
}

void
jw_quote(FILE *f, const char *str, size_t n)
{
	const unsigned char	*s = (const unsigned char *)str;
	size_t			 i = 0, run = 0, len;

	fputc('"', f);
	while (i < n) {
		unsigned char	c = s[i];

		if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') {
			i++;
			continue;	/* plain ASCII: written in runs below */
		}
		if (i > run)
			fwrite(s + run, 1, i - run, f);
		if (c == '"' || c == '\\') {
			fputc('\\', f);
			fputc(c, f);
			i++;
		} else if (c < 0x20 || c == 0x7F) {
			switch (c) {
			case '\n':
				fputs("\\n", f);
				break;
			case '\r':
				fputs("\\r", f);
				break;
			case '\t':
				fputs("\\t", f);
				break;
			default:
				fprintf(f, "\\u%04x", c);
				break;
			}
			i++;
		} else if ((len = utf8_len(s + i, n - i)) > 0) {
			fwrite(s + i, 1, len, f);
			i += len;
		} else {
			/* Not UTF-8: read the byte as Latin-1. */
			fputc(0xC0 | c >> 6, f);
			fputc(0x80 | (c & 0x3F), f);
			i++;
		}
		run = i;
	}
	if (i > run)
		fwrite(s + run, 1, i - run, f);
	fputc('"', f);
}

int
jw_utf8_valid(const char *s, size_t n)
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 i = 0, len;

	while (i < n) {
		if ((len = utf8_len(u + i, n - i)) == 0)
			return 0;
		i += len;
	}
	return 1;
}

void
jw_strn(struct jw *j, const char *s, size_t n)
{
	before(j);
	jw_quote(j->f, s, n);
}

void
jw_str(struct jw *j, const char *s)
{
	if (s == NULL)
		jw_null(j);
	else
		jw_strn(j, s, strlen(s));
}

void
jw_int(struct jw *j, long long v)
{
	char			 buf[24], *p = buf + sizeof buf;
	unsigned long long	 u = v < 0 ? 0 - (unsigned long long)v : (unsigned long long)v;

	before(j);
	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	if (v < 0)
		*--p = '-';
	fwrite(p, 1, (size_t)(buf + sizeof buf - p), j->f);
}

void
jw_bool(struct jw *j, int v)
{
	before(j);
	fputs(v ? "true" : "false", j->f);
}

void
jw_null(struct jw *j)
{
	before(j);
	fputs("null", j->f);
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
jw_time(struct jw *j, int64_t sec, long nsec)
{
	char	buf[48];

	if (sec == TSTAMP_NONE) {
		jw_null(j);
		return;
	}
	tstamp_format(sec, nsec, buf, sizeof buf);
	jw_str(j, buf);
}

void
jw_ktime(struct jw *j, const char *key, int64_t sec)
{
	jw_key(j, key);
	jw_time(j, sec, 0);
}

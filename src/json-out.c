/* json-out.c (prefix jw_): streaming JSON output with correct escaping of any bytes. */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "db.h"
#include "inert.h"
#include "json-out.h"
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
		} else if ((len = inert_utf8_len(s + i, n - i)) == 2 && c == 0xC2 && s[i + 1] < 0xA0) {
			fprintf(f, "\\u%04x", s[i + 1]);	/* a C1 control: a terminal's CSI */
			i += 2;
		} else if (len > 0) {
			fwrite(s + i, 1, len, f);
			i += len;
		} else if (c < 0xA0) {
			/* Not UTF-8: the byte read as Latin-1, a C1 control escaped */
			fprintf(f, "\\u%04x", c);
			i++;
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

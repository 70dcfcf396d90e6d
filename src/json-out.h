/* json-out.h (prefix jw_): a small streaming JSON writer for our reports (jw: JSON writer). */
#ifndef VSSEXPLAIN_JSON_OUT_H
#define VSSEXPLAIN_JSON_OUT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

struct db_guidance;

#define JW_MAX_DEPTH	32
#define JW_BUF		4096

/*
 * Writes one JSON text to a stream.  Commas are placed for the caller; with
 * pretty set, nesting is indented by two spaces.  Strings are written as
 * UTF-8: a byte sequence that is not valid UTF-8 is read as Latin-1, so no
 * input byte is dropped and the output is always valid JSON.  The text is
 * gathered in buf and goes to the stream when buf fills and when the
 * outermost value closes, so a finding of the jsonl format is one fwrite
 * rather than some forty small stdio calls (issue 16); the caller writes to
 * the stream itself only between values, at depth 0.
 */
struct jw {
	FILE	*f;
	int	 pretty;
	int	 depth;
	int	 count[JW_MAX_DEPTH];	/* members written at each level */
	int	 after_key;
	size_t	 len;			/* bytes waiting in buf */
	char	 buf[JW_BUF];
};

void	jw_init(struct jw *, FILE *, int pretty);
void	jw_open(struct jw *, int bracket);	/* '{' or '[' */
void	jw_close(struct jw *, int bracket);	/* '}' or ']' */
void	jw_key(struct jw *, const char *);
void	jw_str(struct jw *, const char *);	/* NULL writes null */
void	jw_strn(struct jw *, const char *, size_t);
void	jw_int(struct jw *, long long);
void	jw_bool(struct jw *, int);
void	jw_null(struct jw *);
/* Shorthands for "key": value. */
void	jw_kstr(struct jw *, const char *, const char *);
void	jw_kint(struct jw *, const char *, long long);
/*
 * Writes "retry": the retry policy of a guidance as {"wait_minutes",
 * "max_retries"}, or null when it has none or g is NULL (explain and the
 * JSON report write it alike).
 */
void	jw_kretry(struct jw *, const struct db_guidance *g);
/* Writes a time as ISO 8601 UTC (tstamp_format), TSTAMP_NONE as null. */
void	jw_time(struct jw *, int64_t sec, long nsec);
void	jw_ktime(struct jw *, const char *, int64_t sec);
/* Writes s[0..n) as a quoted JSON string (what jw_strn does without a comma). */
void	jw_quote(struct jw *, const char *, size_t);
/*
 * For a writer that places its own keys and commas: the jsonl format writes a
 * finding's fixed keys and punctuation as literal pieces, a third of the
 * writer's cost (issue 16).  These write no comma and leave the comma count
 * alone; use them for a whole value at depth 0, between jw_init and
 * jw_flush, not mixed with the calls above.
 */
void	jw_lit_slow(struct jw *, const char *, size_t);
#define JW_LIT(j, s)	jw_lit((j), "" s, sizeof(s) - 1)	/* a string literal */
void	jw_vstr(struct jw *, const char *);		/* quoted; NULL writes null */
void	jw_vint(struct jw *, long long);
void	jw_vtime(struct jw *, int64_t sec, long nsec);	/* as jw_time */
/*
 * Bytes as they are (valid JSON): inline, so that a literal's copy is a few
 * moves rather than a call of memcpy.
 */
static inline void
jw_lit(struct jw *j, const char *s, size_t n)
{
	if (n <= sizeof j->buf - j->len) {
		memcpy(j->buf + j->len, s, n);
		j->len += n;
	} else
		jw_lit_slow(j, s, n);
}

/*
 * The last few strings a field held and their quoted bytes, for
 * jw_vstr_memo: an event's provider, computer and channel, a log's writer,
 * are one of a few for many findings, and comparing is cheaper than quoting
 * again (issue 16).  Zeroed is empty.  A string longer than JW_MEMO_TEXT, or
 * quoted longer than JW_MEMO_QUOTED, is never kept.
 */
#define JW_MEMO_WAYS	4
#define JW_MEMO_TEXT	64
#define JW_MEMO_QUOTED	96
struct jw_memo {
	unsigned	 next;			/* the entry to replace */
	struct {
		size_t	 tlen;
		size_t	 qlen;			/* 0: empty */
		char	 text[JW_MEMO_TEXT];
		char	 quoted[JW_MEMO_QUOTED];
	}		 e[JW_MEMO_WAYS];
};

/* As jw_vstr, the quoting of s taken from m when m holds s, and kept there. */
void	jw_vstr_memo_slow(struct jw *, struct jw_memo *m, const char *s);
static inline void
jw_vstr_memo(struct jw *j, struct jw_memo *m, const char *s)
{
	if (s == NULL)
		jw_lit(j, "null", 4);	/* most logs name no host nor writer */
	else
		jw_vstr_memo_slow(j, m, s);
}

/* Hands what is gathered to the stream (jw_close does at depth 0). */
void	jw_flush(struct jw *);
/* Is s[0..n) valid UTF-8 (what jw_quote writes unchanged)? */
int	jw_utf8_valid(const char *, size_t);

#endif

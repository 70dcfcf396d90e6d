/* text-line.c: what the text reader learns of a candidate's line and record: its timestamp and host, a writer named near it, where records start and whether a record is about VSS. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "chars.h"
#include "code.h"
#include "gaveup.h"
#include "match.h"
#include "text-int.h"
#include "text-rules.h"
#include "xalloc.h"

void
text_copy_field(char *dst, const char *src, size_t n)
{
	if (n >= FIELD_MAX)
		n = FIELD_MAX - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/*
 * Does [p, p + n) hold "riter"?  Sixteen places at a time where SSE2 is:
 * memmem costs more to start than it takes to look through a line (issue 16).
 */
int
text_has_riter(const char *p, size_t n)
{
	const unsigned char	*u = (const unsigned char *)p;
	size_t			 i = 0;

	if (n < 5)
		return 0;
#ifdef __SSE2__
	/* a place i may start it when bytes i..i+2 are "rit": read up to i + 18 */
	for (; i + 18 <= n; i += 16) {
		__m128i		r = _mm_loadu_si128((const __m128i *)(const void *)(u + i));
		__m128i		t = _mm_loadu_si128((const __m128i *)(const void *)(u + i + 2));
		__m128i		e = _mm_loadu_si128((const __m128i *)(const void *)(u + i + 1));
		unsigned	m;

		m = (unsigned)_mm_movemask_epi8(_mm_and_si128(_mm_and_si128(
		    _mm_cmpeq_epi8(r, _mm_set1_epi8('r')), _mm_cmpeq_epi8(e, _mm_set1_epi8('i'))),
		    _mm_cmpeq_epi8(t, _mm_set1_epi8('t'))));
		while (m != 0) {
			size_t	at = i + (size_t)__builtin_ctz(m);

			if (at + 5 <= n && u[at + 3] == 'e' && u[at + 4] == 'r')
				return 1;
			m &= m - 1;
		}
	}
#endif
	for (; i + 5 <= n; i++) {
		if (u[i] == 'r' && memcmp(u + i, "riter", 5) == 0)
			return 1;
	}
	return 0;
}

/* \s of the regexes (PCRE2's C locale tables): blank, tab, LF, VT, FF, CR. */
static inline int
rx_space(unsigned char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/*
 * The shipped writer-quoted pattern read by hand, its leftmost match:
 * \b[Ww]riter\s+['"](?<writer>[^'"\r\n]{1,200})['"].  Nothing in it
 * backtracks into another answer: \s+ and the name's class hold no quote,
 * so the longest run of each is the only one that can be followed by a
 * quote.  Sets the match's start and the name's span; scan_rules'
 * ctx_hand says when it stands for ctx_pats[0].  Two regex calls on each
 * line that names a writer were a fifth of text_find_writer's cost after
 * ctx_riter (issue 16); check_text's test_writer_quoted compares the two.
 */
int
text_writer_quoted(const char *line, size_t len, size_t *ms, size_t *ws, size_t *we)
{
	const unsigned char	*u = (const unsigned char *)line;
	size_t			 i, p, e;

	for (i = 1; i + 5 <= len; i++) {
		if (u[i] != 'r' || memcmp(u + i, "riter", 5) != 0 ||
		    (u[i - 1] != 'W' && u[i - 1] != 'w') || (i >= 2 && chars_is_word(u[i - 2])))
			continue;
		for (p = i + 5; p < len && rx_space(u[p]); p++)
			;
		if (p == i + 5 || p >= len || (u[p] != '\'' && u[p] != '"'))
			continue;
		for (e = ++p; e < len && e - p < 200 && u[e] != '\'' && u[e] != '"' &&
		    u[e] != '\r' && u[e] != '\n'; e++)
			;
		if (e == p || e >= len || (u[e] != '\'' && u[e] != '"'))
			continue;
		*ms = i - 1;
		*ws = p;
		*we = e;
		return 1;
	}
	return 0;
}

/*
 * Runs the context patterns on a line; fills writer (and returns 1) when one
 * names it.  With field_only, only a match that opens the line counts: a
 * context block's "   Writer Name: X" field, not a writer named in the middle
 * of a line that has an error of its own.
 */
int
text_find_writer(const struct scanner *s, const char *line, size_t len, char *writer,
    int field_only)
{
	struct match_result	r;
	size_t			i, lead = 0;
	int			g;

	/* no "riter", no match of the shipped patterns (scan_rules' ctx_riter) */
	if (s->r->ctx_riter && !text_has_riter(line, len))
		return 0;
	while (lead < len && (line[lead] == ' ' || line[lead] == '\t'))
		lead++;
	i = 0;
	if (s->r->ctx_hand && len <= HAND_MAX) {
		size_t	ms, ws, we;

		/* the first pattern by hand; on a longer line PCRE might give up */
		if (text_writer_quoted(line, len, &ms, &ws, &we) && (!field_only || ms == lead)) {
			text_copy_field(writer, line + ws, we - ws);
			return 1;
		}
		i = 1;
	}
	for (; i < s->r->nctx; i++) {
		if (s->r->ctx_pats[i]->re == NULL || !text_rx(s, s->r->ctx_pats[i]->re,
		    s->r->ctx_pats[i]->id, line, len, 0, &r))
			continue;
		if (field_only && (size_t)r.start[0] != lead)
			continue;
		if ((g = match_group(s->r->ctx_pats[i]->re, "writer")) > 0 && r.start[g] >= 0) {
			text_copy_field(writer, line + r.start[g], (size_t)(r.end[g] - r.start[g]));
			return 1;
		}
	}
	return 0;
}

/* Fills the timestamp and host of the line info from the line's text. */
void
text_line_time(struct scanner *s, const char *line, size_t len)
{
	struct tstamp	ts;
	int		found;

	s->li.have_ts = 1;
	s->li.time = TSTAMP_NONE;
	s->li.host[0] = '\0';
	if (s->event != NULL) {
		s->li.time = s->ev_time;
		s->li.nsec = s->ev_nsec;
		return;
	}
	while (len > 0 && *line == '\0') {
		line++;		/* NUL padding left by a crash before the line */
		len--;
	}
	if (s->r->ts_lead && tstamp_lead(&s->o.ts, line, len, &ts))
		found = 1;
	else
		found = tstamp_find(s->db, &s->o.ts, line, len, &ts);
	if (ts.gave_up != NULL)
		text_gave_up(s, ts.gave_up);
	if (found) {
		s->li.time = ts.sec;
		s->li.nsec = ts.nsec;
		if (ts.host_len > 0)
			text_copy_field(s->li.host, line + ts.host_off, ts.host_len);
	}
}

/* Looks back over earlier lines of the record for a timestamp. */
void
text_record_time(struct scanner *s, size_t lstart)
{
	size_t	end = lstart, i;

	for (i = 0; i < LOOKBACK && end > 0 && s->li.time == TSTAMP_NONE; i++) {
		size_t	b = line_begin(s, end - 1), e = end - 1;

		if (e > b && s->buf[e - 1] == '\r')
			e--;
		text_line_time(s, (const char *)s->buf + b, e - b);
		end = b;
	}
	s->li.have_ts = 1;
}

/* Starts the line info for a new line number. */
void
text_lineinfo_reset(struct scanner *s)
{
	s->li.line = s->line;
	s->li.have_ts = 0;
	s->li.vss = -1;
	s->li.have_method = 0;
	s->li.have_writer = 0;
	s->li.host[0] = s->li.method[0] = s->li.writer[0] = '\0';
}

/* Does the line at p (n bytes, or more) start a record of its own ([record] rules)? */
int
text_record_start(const struct scanner *s, const unsigned char *p, size_t n)
{
	struct match_result	 r;
	const unsigned char	*nl;

	if (n == 0 || s->r->record_re == NULL)
		return 0;
	if (n > RECORD_HEAD)
		n = RECORD_HEAD;
	if ((nl = memchr(p, '\n', n)) != NULL)
		n = (size_t)(nl - p);
	if (n > 0 && s->r->record_sure[p[0]])
		return 1;	/* the regex's answer without running it (issue 16) */
	return text_rx(s, s->r->record_re, "(the [record] patterns)", (const char *)p, n, 0, &r);
}

/* Is the line, or an earlier line of its record, about VSS or backups? */
int
text_vss_context(struct scanner *s, size_t lstart, size_t lend)
{
	struct match_result	r;
	size_t			end = lstart, i;

	if (s->li.vss >= 0)
		return s->li.vss;
	s->li.vss = s->file_vss || text_rx(s, s->r->vss_re, "(the context keywords)",
	    (const char *)s->buf + lstart, lend - lstart, 0, &r);
	if (text_record_start(s, s->buf + lstart, lend - lstart))
		return s->li.vss;	/* a record of its own: earlier lines do not count */
	for (i = 0; i < RECORD_BACK && !s->li.vss && end > 0; i++) {
		size_t	b = line_begin(s, end - 1);

		s->li.vss = text_rx(s, s->r->vss_re, "(the context keywords)", (const char *)s->buf + b,
		    end - 1 - b, 0, &r);
		if (text_record_start(s, s->buf + b, end - 1 - b))
			break;	/* that line started the record */
		end = b;
	}
	return s->li.vss;
}


/* text.c, the text reader (prefix scanner_): finds error codes in text with a vector prefilter and checks each candidate. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chars.h"
#include "code.h"
#include "gaveup.h"
#include "input.h"
#include "match.h"
#include "text-classify.h"
#include "text-rules.h"
#include "text-words.h"
#include "text.h"
#include "strmap.h"
#include "xalloc.h"

#define CHUNK		(256 * 1024)	/* bytes read at a time */
#define KEEP		(4 * 1024)	/* processed bytes kept before new ones */
#define TEXT_MAX	1024		/* the longest line text reported */
#define LOOKAHEAD	24		/* lines after a finding searched for its writer */
#define RECORD_HEAD	64		/* bytes of a line that [record] starts are tried on */
#define LOOKBACK	8		/* lines before a finding searched for its timestamp */
#define RECORD_BACK	32		/* lines of a record before a code searched for VSS words */
#define FIELD_MAX	256		/* host, writer and method lengths */

/*
 * How the scanner works.  Text is read in chunks of CHUNK bytes into one
 * buffer that keeps the last KEEP processed bytes in front of the new ones, so
 * a candidate can always look back at what precedes it.  A chunk is cut after
 * its last newline (or, in a line longer than the buffer, at a byte that cannot
 * be part of a code), so no code is ever split.  Each chunk is classified 64
 * bytes at a time into bit masks (text-classify.c): hex digits, underscores
 * and newlines.  Only runs of eight or more hex digits (hex and decimal
 * codes), underscores (code names), line starts (vssadmin fields) and the
 * literals of the few patterns that may occur anywhere are looked at more
 * closely; everything else is skipped at memory speed.  A candidate is then
 * checked in C (boundaries, GUID and dump shapes, function arguments, the word
 * that introduces it: text-words.c) and, for the rare survivors, with PCRE2 (VSS words,
 * methods, writers, timestamps).  What the database says is compiled once
 * into struct scan_rules (text-rules.c).
 *
 * Records.  A line that matches a [record] rule (a timestamp, an Event
 * Viewer "Log Name:") starts a record; the lines after it that do not start
 * one of their own continue it (indented fields, an exception's stack, an
 * event's description).  A [keywords context] word anywhere in a record
 * vouches for the codes in it: the lines before a code are searched back to
 * the record's start (at most RECORD_BACK lines, within the KEEP bytes kept),
 * and a code that needs a vouching word and has none yet waits, unvouched,
 * while the record's next lines are read (at most LOOKAHEAD).  A code still
 * unvouched when its record ends is dropped.
 *
 * Findings wait in a queue while a writer name may still follow in the lines
 * of the same record (an event's context block names the writer after the
 * error) or while they wait to be vouched for; the queue is emitted in input
 * order.
 */

/* A finding waiting for its writer; its strings are offsets into the scanner's arena. */
struct pend {
	struct finding	 f;
	size_t		 match, text, host, writer, method;	/* NONE: no string */
	int		 unvouched;	/* no VSS word in its record yet */
	int		 closed;	/* a later line has findings: no writer for this one */
};

#define NONE	((size_t)-1)

/* What is known about the line being looked at, computed when first needed. */
struct lineinfo {
	uint64_t	 line;
	int		 have_ts;	/* timestamp looked for */
	int64_t		 time;
	long		 nsec;
	char		 host[FIELD_MAX];
	int		 vss;		/* -1 not yet known */
	int		 have_method;
	char		 method[FIELD_MAX];
	int		 have_writer;
	char		 writer[FIELD_MAX];
};

struct scanner {
	const struct db		*db;
	struct gaveup		*gu;		/* rules that gave up (a pointer: matching runs in const functions) */
	int			 gu_in_scan;	/* a scan is on: its line is where a rule gave up */
	uint64_t		 gu_line;	/* else this one (scanner_at) */
	struct scan_opts	 o;
	struct scan_rules	*r;		/* what the database says, compiled */

	/* the current input */
	const char		*path;
	finding_fn		 emit;
	void			*ctx;
	const struct finding_event *event;
	int64_t			 ev_time;
	long			 ev_nsec;
	unsigned char		*buf;
	size_t			 cap;
	uint64_t		 buf_off;	/* stream offset of buf[0] */
	uint64_t		 line;		/* of the current position */
	size_t			 line_start;	/* in buf; (size_t)-1 once dropped */
	int			 at_line_start;	/* the next chunk starts a line */
	size_t			 skip_until;	/* end of the last name token */
	size_t			 le;		/* end of the current line, when le_valid */
	size_t			 data_len;	/* bytes in buf, scanned or not */
	int			 le_valid;
	uint64_t		 event_line;	/* the line of the event being scanned */
	uint64_t		 line_count;	/* lines of the last text input */
	struct lineinfo		 li;
	char			 block_writer[FIELD_MAX];
	char			 block_host[FIELD_MAX];	/* Event Viewer "Computer:" */
	int			 in_record;	/* inside a "Log Name:" record */
	uint32_t		 record_codes[16];	/* codes found in that record */
	int			 nrecord_codes;
	int			 file_vss;	/* the input is about VSS */

	struct classify		*cls;		/* the prefilter */


	struct pend		*pend;
	size_t			 npend, pendcap;
	size_t			 nunvouched;	/* waiting findings not yet vouched for */
	char			*arena;		/* the strings of waiting findings */
	size_t			 alen, acap;
	uint64_t		 pend_line;	/* line of the oldest waiting finding */
};

/* Counts set bits without a library call (the baseline x86-64 has no popcnt). */
static inline int
popcount64(uint64_t x)
{
	x = x - ((x >> 1) & 0x5555555555555555ull);
	x = (x & 0x3333333333333333ull) + ((x >> 2) & 0x3333333333333333ull);
	x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0Full;
	return (int)((x * 0x0101010101010101ull) >> 56);
}

struct scanner *
scanner_new(const struct db *db, const struct scan_opts *o, char **err)
{
	struct scanner	*s = xcalloc(1, sizeof *s);

	s->db = db;
	s->o = *o;
	if ((s->r = scan_rules_new(db, err)) == NULL) {
		free(s);
		return NULL;
	}
	s->cls = classify_new(s->r->firsts, s->r->nfirst, s->r->lits, (int)s->r->nlits);
	s->cap = KEEP + CHUNK;
	s->buf = xmalloc(s->cap);
	s->gu = gaveup_new();
	return s;
}

void
scanner_problems(struct scanner *s, scanner_problem_fn fn, void *ctx)
{
	gaveup_sink(s->gu, fn, ctx);
}

unsigned long
scanner_gave_up(const struct scanner *s)
{
	return gaveup_total(s->gu);
}

void
scanner_at(struct scanner *s, const char *path, uint64_t line)
{
	gaveup_input(s->gu, path);
	s->gu_line = line;
}

/*
 * A rule's pattern hit a match limit on the current line: the line is read
 * as if it did not match, and the first time in an input it is a problem.
 */
static void
gave_up(const struct scanner *s, const char *rule)
{
	gaveup_note(s->gu, rule, !s->gu_in_scan ? s->gu_line :
	    s->event != NULL ? s->event_line : s->line);
}

/* match_exec for a rule's pattern: one that gives up is told, and counts as no match. */
static int
rx(const struct scanner *s, const struct match_re *re, const char *rule, const char *subj,
    size_t len, size_t start, struct match_result *r)
{
	int	rc;

	if ((rc = match_exec(re, subj, len, start, r)) != MATCH_GAVE_UP)
		return rc;
	gave_up(s, rule);
	return 0;
}

void
scanner_free(struct scanner *s)
{
	if (s == NULL)
		return;
	gaveup_free(s->gu);
	scan_rules_free(s->r);
	free(s->buf);
	classify_free(s->cls);
	free(s->pend);
	free(s->arena);
	free(s);
}

/*
 * The start of the line holding buffer position pos.  The current line's start
 * is known; when it was dropped from the buffer, the line began before it.
 */
static size_t
line_begin(const struct scanner *s, size_t pos)
{
	const unsigned char	*p;

	if (s->line_start == (size_t)-1)
		return 0;
	if (s->line_start <= pos)
		return s->line_start;
	p = memrchr(s->buf, '\n', pos);
	return p != NULL ? (size_t)(p - s->buf) + 1 : 0;
}

/* The end of the line holding pos (before its CR/LF), not after hi. */
static size_t
line_end(struct scanner *s, size_t pos, size_t hi)
{
	const unsigned char	*p;
	size_t			 e;

	if (s->le_valid && pos >= s->line_start && pos <= s->le && s->line_start != (size_t)-1)
		return s->le;
	p = memchr(s->buf + pos, '\n', hi - pos);
	e = p != NULL ? (size_t)(p - s->buf) : hi;
	if (e > pos && s->buf[e - 1] == '\r')
		e--;
	if (s->line_start != (size_t)-1 && pos >= s->line_start) {
		s->le = e;
		s->le_valid = 1;
	}
	return e;
}

static void
copy_field(char *dst, const char *src, size_t n)
{
	if (n >= FIELD_MAX)
		n = FIELD_MAX - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/*
 * Runs the context patterns on a line; fills writer (and returns 1) when one
 * names it.  With field_only, only a match that opens the line counts: a
 * context block's "   Writer Name: X" field, not a writer named in the middle
 * of a line that has an error of its own.
 */
static int
find_writer(const struct scanner *s, const char *line, size_t len, char *writer,
    int field_only)
{
	struct match_result	r;
	size_t			i, lead = 0;
	int			g;

	while (lead < len && (line[lead] == ' ' || line[lead] == '\t'))
		lead++;
	for (i = 0; i < s->r->nctx; i++) {
		if (s->r->ctx_pats[i]->re == NULL || !rx(s, s->r->ctx_pats[i]->re,
		    s->r->ctx_pats[i]->id, line, len, 0, &r))
			continue;
		if (field_only && (size_t)r.start[0] != lead)
			continue;
		if ((g = match_group(s->r->ctx_pats[i]->re, "writer")) > 0 && r.start[g] >= 0) {
			copy_field(writer, line + r.start[g], (size_t)(r.end[g] - r.start[g]));
			return 1;
		}
	}
	return 0;
}

/* Fills the timestamp and host of the line info from the line's text. */
static void
line_time(struct scanner *s, const char *line, size_t len)
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
	found = tstamp_find(s->db, &s->o.ts, line, len, &ts);
	if (ts.gave_up != NULL)
		gave_up(s, ts.gave_up);
	if (found) {
		s->li.time = ts.sec;
		s->li.nsec = ts.nsec;
		if (ts.host_len > 0)
			copy_field(s->li.host, line + ts.host_off, ts.host_len);
	}
}

/* Looks back over earlier lines of the record for a timestamp. */
static void
record_time(struct scanner *s, size_t lstart)
{
	size_t	end = lstart, i;

	for (i = 0; i < LOOKBACK && end > 0 && s->li.time == TSTAMP_NONE; i++) {
		size_t	b = line_begin(s, end - 1), e = end - 1;

		if (e > b && s->buf[e - 1] == '\r')
			e--;
		line_time(s, (const char *)s->buf + b, e - b);
		end = b;
	}
	s->li.have_ts = 1;
}

/* Starts the line info for a new line number. */
static void
lineinfo_reset(struct scanner *s)
{
	s->li.line = s->line;
	s->li.have_ts = 0;
	s->li.vss = -1;
	s->li.have_method = 0;
	s->li.have_writer = 0;
	s->li.host[0] = s->li.method[0] = s->li.writer[0] = '\0';
}

/* Does the line at p (n bytes, or more) start a record of its own ([record] rules)? */
static int
record_start(const struct scanner *s, const unsigned char *p, size_t n)
{
	struct match_result	 r;
	const unsigned char	*nl;

	if (n == 0 || s->r->record_re == NULL)
		return 0;
	if (n > RECORD_HEAD)
		n = RECORD_HEAD;
	if ((nl = memchr(p, '\n', n)) != NULL)
		n = (size_t)(nl - p);
	return rx(s, s->r->record_re, "(the [record] patterns)", (const char *)p, n, 0, &r);
}

/* Is the line, or an earlier line of its record, about VSS or backups? */
static int
vss_context(struct scanner *s, size_t lstart, size_t lend)
{
	struct match_result	r;
	size_t			end = lstart, i;

	if (s->li.vss >= 0)
		return s->li.vss;
	s->li.vss = s->file_vss || rx(s, s->r->vss_re, "(the context keywords)",
	    (const char *)s->buf + lstart, lend - lstart, 0, &r);
	if (record_start(s, s->buf + lstart, lend - lstart))
		return s->li.vss;	/* a record of its own: earlier lines do not count */
	for (i = 0; i < RECORD_BACK && !s->li.vss && end > 0; i++) {
		size_t	b = line_begin(s, end - 1);

		s->li.vss = rx(s, s->r->vss_re, "(the context keywords)", (const char *)s->buf + b,
		    end - 1 - b, 0, &r);
		if (record_start(s, s->buf + b, end - 1 - b))
			break;	/* that line started the record */
		end = b;
	}
	return s->li.vss;
}

/* Copies n bytes into the arena, NUL-terminated; returns their offset. */
static size_t
stash(struct scanner *s, const char *p, size_t n)
{
	size_t	off = s->alen;

	if (p == NULL)
		return NONE;
	if (s->alen + n + 1 > s->acap) {
		s->acap = (s->alen + n + 1) * 2;
		s->arena = xrealloc(s->arena, s->acap);
	}
	memcpy(s->arena + off, p, n);
	s->arena[off + n] = '\0';
	s->alen += n + 1;
	return off;
}

static const char *
unstash(const struct scanner *s, size_t off)
{
	return off == NONE ? NULL : s->arena + off;
}

/* Emits every waiting finding, in order. */
static void
flush(struct scanner *s)
{
	size_t	i;

	for (i = 0; i < s->npend; i++) {
		struct pend	*p = &s->pend[i];

		if (p->unvouched)
			continue;	/* its record ended without a word about VSS */
		p->f.match = unstash(s, p->match);
		p->f.text = unstash(s, p->text);
		p->f.host = unstash(s, p->host);
		p->f.writer = unstash(s, p->writer);
		p->f.method = unstash(s, p->method);
		s->emit(s->ctx, &p->f);
	}
	s->npend = 0;
	s->nunvouched = 0;
	s->alen = 0;
}

/* Gives waiting findings without a writer this one, then emits them unless some wait to be vouched for. */
static void
attach_writer(struct scanner *s, const char *writer)
{
	size_t	i, off = stash(s, writer, strlen(writer));

	for (i = 0; i < s->npend; i++) {
		if (s->pend[i].writer == NONE && !s->pend[i].closed)
			s->pend[i].writer = off;
	}
	if (s->nunvouched == 0)
		flush(s);
}

/* A word about VSS in the record: its waiting findings are vouched for. */
static void
vouch(struct scanner *s)
{
	size_t	i;

	for (i = 0; i < s->npend; i++)
		s->pend[i].unvouched = 0;
	s->nunvouched = 0;
}

/*
 * Chooses among the VSS methods a line names the one the code belongs to:
 * one whose rules give this code its own guidance, else one that returns the
 * code, else the first ("IVssAsync::QueryStatus for DoSnapshotSet").
 */
static void
pick_method(struct scanner *s, const char *line, size_t len, uint32_t value)
{
	struct match_result	 r;
	size_t			 at = 0;
	int			 best = -1, rank;

	s->li.method[0] = '\0';
	while (at < len && rx(s, s->r->method_re, "(the method names)", line, len, at, &r)) {
		const struct db_method	*m;
		const struct db_return	*ret;
		char			 name[FIELD_MAX];

		copy_field(name, line + r.start[1], (size_t)(r.end[1] - r.start[1]));
		m = db_method_find(s->db, name);
		ret = m != NULL ? db_method_return(m, value) : NULL;
		rank = ret == NULL ? 0 : ret->guidance == NULL ? 1 : 2;
		if (rank > best) {
			best = rank;
			memcpy(s->li.method, name, sizeof name);
		}
		at = (size_t)r.end[0] > at ? (size_t)r.end[0] : at + 1;
	}
}

/* Queues a finding at buffer span [ms, me) of the line [ls, le). */
static void
add_finding(struct scanner *s, uint32_t value, enum finding_form form, size_t ms,
    size_t me, size_t ls, size_t le, size_t lo, const char *writer, int unvouched)
{
	struct pend		*p;
	const char		*line = (const char *)s->buf + ls, *host;
	size_t			 i, ts, te;

	if (s->li.line != s->line)
		lineinfo_reset(s);
	/* one code said twice on a line (E_INVALIDARG (0x80070057)) is one finding */
	for (i = s->npend; i-- > 0;) {
		if (s->pend[i].f.line != s->line)
			break;
		if (s->pend[i].f.value == value)
			return;
	}
	/*
	 * A writer named after an error belongs to that error's record only: the
	 * findings of an earlier line stop waiting once a later line has its own.
	 */
	if (s->npend > 0 && s->pend[s->npend - 1].f.line != s->line) {
		if (s->nunvouched == 0)
			flush(s);
		else {
			for (i = 0; i < s->npend; i++)
				s->pend[i].closed = 1;
		}
	}
	if (s->in_record) {
		/* an Event Viewer record repeats its codes in its XML part: once is enough */
		for (i = 0; i < (size_t)s->nrecord_codes; i++) {
			if (s->record_codes[i] == value)
				return;
		}
		if (s->nrecord_codes < (int)(sizeof s->record_codes / sizeof s->record_codes[0]))
			s->record_codes[s->nrecord_codes++] = value;
	}
	if (!s->li.have_ts) {
		line_time(s, line, le - ls);
		if (s->li.time == TSTAMP_NONE && s->event == NULL)
			record_time(s, ls);
	}
	/* the method this code came from, when the line names several */
	pick_method(s, line, le - ls, value);
	if (!s->li.have_writer) {
		s->li.have_writer = 1;
		find_writer(s, line, le - ls, s->li.writer, 0);
	}
	if (s->npend == s->pendcap) {
		s->pendcap = s->pendcap ? s->pendcap * 2 : 16;
		s->pend = xreallocarray(s->pend, s->pendcap, sizeof *s->pend);
	}
	if (s->npend == 0)
		s->pend_line = s->line;
	p = &s->pend[s->npend++];
	memset(p, 0, sizeof *p);
	p->unvouched = unvouched;
	s->nunvouched += (size_t)unvouched;
	/* the line, or a window of TEXT_MAX bytes around the match in a long line */
	ts = ls;
	te = le;
	if (te - ts > TEXT_MAX) {
		ts = ms > ls + TEXT_MAX / 2 ? ms - TEXT_MAX / 2 : ls;
		te = ts + TEXT_MAX < le ? ts + TEXT_MAX : le;
	}
	while (ts < te && (s->buf[ts] == ' ' || s->buf[ts] == '\t'))
		ts++;
	p->match = stash(s, (const char *)s->buf + ms, me - ms);
	p->text = stash(s, (const char *)s->buf + ts, te - ts);
	if (writer == NULL && s->li.writer[0] != '\0')
		writer = s->li.writer;
	if (writer == NULL && s->block_writer[0] != '\0')
		writer = s->block_writer;
	p->writer = writer != NULL ? stash(s, writer, strlen(writer)) : NONE;
	if (s->li.host[0] != '\0')
		host = s->li.host;
	else if (s->block_host[0] != '\0')
		host = s->block_host;
	else if (s->event != NULL && s->event->computer != NULL)
		host = s->event->computer;
	else
		host = s->o.host;
	p->host = host != NULL ? stash(s, host, strlen(host)) : NONE;
	p->method = s->li.method[0] != '\0' ? stash(s, s->li.method, strlen(s->li.method)) :
	    NONE;
	p->f.value = value;
	p->f.form = form;
	p->f.path = s->path;
	p->f.line = s->event != NULL ? s->event_line : s->line;
	p->f.offset = s->buf_off + ms;
	p->f.match_len = me - ms;
	p->f.text_len = te - ts;
	p->f.time = s->li.time;
	p->f.nsec = s->li.nsec;
	p->f.event = s->event;
	resolve(s->db, value, s->li.method[0] != '\0' ? db_method_find(s->db, s->li.method) :
	    NULL, &p->f.r);
	p->f.r.win32_first = form == FORM_WIN32;
}

/* Does the value's resolution rest only on NTSTATUS names (no HRESULT meaning)? */
static int
nt_only(const struct resolved *r)
{
	int	i;

	if (r->nnames == 0)
		return 0;
	for (i = 0; i < r->nnames; i++) {
		if (r->names[i]->ns != DB_NS_NTSTATUS)
			return 0;
	}
	return 1;
}

#define CONSIDER_INTRO	1	/* an error word introduces the value */
#define CONSIDER_VOUCH	2	/* it needs a word about VSS in its record, even when known */

/* Decides whether a value found at [ms, me) is reported (how: CONSIDER_*), and queues it. */
static void
consider(struct scanner *s, uint32_t v, enum finding_form form, size_t ms, size_t me,
    size_t lo, size_t hi, int how)
{
	struct resolved	r;
	size_t		ls = line_begin(s, ms), le = line_end(s, me, hi);
	int		unvouched = 0;

	if (s->li.line != s->line)
		lineinfo_reset(s);
	resolve(s->db, v, NULL, &r);
	if (!CODE_FAILED(v)) {
		/* success codes only when the database names them as VSS codes */
		if (r.nnames == 0 || r.names[0]->ns != DB_NS_VSS)
			return;
	} else if (!s->o.all_codes) {
		if (!r.known && !(how & CONSIDER_INTRO))
			return;
		/* unknown codes and NTSTATUS values need a word about VSS in their record */
		if (!r.known || nt_only(&r) || (how & CONSIDER_VOUCH))
			unvouched = !vss_context(s, ls, le);
	}
	add_finding(s, v, form, ms, me, ls, le, lo, NULL, unvouched);
}

/*
 * The length of the prefix of a hex code that ends at pos, or 0: 0x; x alone
 * (SQL Server's "fails: x80770004"); 0× (U+00D7, a multiplication sign put in
 * by a word processor or a web page); &H (Visual Basic).
 */
static size_t
hex_prefix(const unsigned char *b, size_t pos)
{
	size_t	n;

	if (pos == 0)
		return 0;
	switch (b[pos - 1]) {
	case 'x':
	case 'X':
		n = pos >= 2 && b[pos - 2] == '0' ? 2 : 1;
		break;
	case 0x97:
		n = pos >= 3 && b[pos - 2] == 0xc3 && b[pos - 3] == '0' ? 3 : 0;
		break;
	case 'H':
	case 'h':
		n = pos >= 2 && b[pos - 2] == '&' ? 2 : 0;
		break;
	default:
		n = 0;
	}
	return n > 0 && (pos == n || !chars_is_word(b[pos - n - 1])) ? n : 0;
}

/*
 * A Win32 error written in decimal and again in hex between parentheses, as
 * robocopy writes it ("ERROR 5 (0x00000005) Copying File ..."): the decimal,
 * after an error word, is the finding when the two agree.
 */
static void
win32_echo(struct scanner *s, uint32_t v, size_t hx, size_t lo, size_t hi)
{
	const unsigned char	*b = s->buf;
	size_t			 ls = line_begin(s, hx), e, p, i;
	uint32_t		 d = 0;

	if (hx < ls + 4 || b[hx - 1] != '(' || b[hx - 2] != ' ' || hx + 10 >= hi ||
	    b[hx + 10] != ')')
		return;
	e = p = hx - 2;
	while (p > ls && e - p < 5 && chars_is_digit(b[p - 1]))
		p--;
	if (p == e || (p > ls && chars_is_word(b[p - 1])))
		return;
	for (i = p; i < e; i++)
		d = d * 10 + (uint32_t)(b[i] - '0');
	if (d == v && text_introduced(s->buf, p, ls, &s->r->err_words))
		consider(s, code_from_win32(v), FORM_WIN32, p, e, lo, hi, 1);
}

/* Examines a run of 8 to 10 hex digits starting at pos. */
static void
hex_run(struct scanner *s, size_t pos, size_t n, size_t lo, size_t hi)
{
	const unsigned char	*b = s->buf;
	size_t			 end, ls, plen;
	uint32_t		 v = 0;
	int			 prefixed, intro;

	/* n is 8 for a run of exactly eight, else the run has 9 or 10 digits */
	if (n != 8)
		n = pos + 9 < hi && chars_is_hex(b[pos + 9]) ? 10 : 9;
	end = pos + n;
	plen = hex_prefix(b, pos);
	prefixed = plen > 0;
	if (!prefixed && pos > 0 && chars_is_word(b[pos - 1]))
		return;		/* inside a word */
	if (end < hi && (b[end] | 0x20) == 'l' && prefixed && n == 8)
		end++;		/* 0x800423F3L */
	if (end < hi && chars_is_word(b[end]))
		return;
	if (end + 1 < hi && b[end] == '.' && chars_is_alnum(b[end + 1]))
		return;		/* a file name or a version: 0x80070005.txt */
	ls = line_begin(s, pos);
	if (n == 8) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
		uint64_t	x;

		/* eight hex digits to a number, all at once */
		memcpy(&x, b + pos, 8);
		x = (x & 0x0F0F0F0F0F0F0F0Full) + ((x >> 6) & 0x0101010101010101ull) * 9;
		x = (x & 0x00FF00FF00FF00FFull) << 4 | (x >> 8 & 0x00FF00FF00FF00FFull);
		x = (x & 0x0000FFFF0000FFFFull) << 8 | (x >> 16 & 0x0000FFFF0000FFFFull);
		v = (uint32_t)((x & 0xFFFFFFFFull) << 16 | x >> 32);
#else
		size_t	i;

		for (i = 0; i < 8; i++) {
			int	c = b[pos + i];

			v = v << 4 | (uint32_t)(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
		}
#endif
		/* the cheap tests first: most runs of eight digits are no code */
		if (CODE_FAILED(v)) {
			if (!prefixed && !scan_rules_known(s->r, v))
				return;	/* without 0x, only codes the database knows */
		} else {
			const struct db_name *const	*a;

			if (!prefixed || db_names_of(s->db, DB_NS_VSS, v, &a) == 0) {
				if (plen == 2 && v != 0 && v <= 0xFFFF)
					win32_echo(s, v, pos - 2, lo, hi);
				return;	/* success: only VSS_S_* codes */
			}
		}
		/* a GUID's first group, or a group inside a GUID */
		if (end + 5 < hi && b[end] == '-' && chars_is_hex(b[end + 1]) && chars_is_hex(b[end + 4]))
			return;
		if (pos >= 5 && b[pos - 1] == '-' && chars_is_hex(b[pos - 2]))
			return;
		if (prefixed) {
			/* function arguments (CreateFileW(..., 0x80000000)) unless "hr =" */
			intro = text_introduced(s->buf, pos - plen, ls, &s->r->err_words);
			if (!intro && text_in_call_args(s->buf, pos - plen, ls))
				return;
			if (!intro && text_introduced(s->buf, pos - plen, ls, &s->r->not_words))
				return;
			consider(s, v, FORM_HEX, pos - plen, end, lo, hi, intro);
			return;
		}
		if (text_introduced(s->buf, pos, ls, &s->r->not_words))
			return;
		if (text_in_dump(s->buf, pos, ls, line_end(s, pos, hi)))
			return;
		intro = text_introduced(s->buf, pos, ls, &s->r->err_words);
		if (!intro && text_in_call_args(s->buf, pos, ls))
			return;
		consider(s, v, FORM_BARE_HEX, pos, end, lo, hi, 1);
		return;
	}
	/* 9 or 10 decimal digits: a signed or unsigned decimal HRESULT */
	{
		unsigned long long	d = 0;
		size_t			i, start = pos;
		enum finding_form	form = FORM_UNSIGNED;

		for (i = 0; i < n; i++) {
			if (b[pos + i] > '9')
				return;
			d = d * 10 + (unsigned)(b[pos + i] - '0');
		}
		if (pos > 0 && b[pos - 1] == '-') {
			if (d > 0x80000000ull || d == 0)
				return;
			v = (uint32_t)(0x100000000ull - d);
			form = FORM_SIGNED;
			start = pos - 1;
		} else {
			if (d > 0xFFFFFFFFull)
				return;
			v = (uint32_t)d;
		}
		if (!CODE_FAILED(v))
			return;
		if (start >= 2 && b[start - 1] == '%' && b[start - 2] == '%' && form == FORM_UNSIGNED) {
			consider(s, v, FORM_MSGREF, start - 2, end, lo, hi, 1);
			return;
		}
		if (!text_introduced(s->buf, start, ls, &s->r->dec_words))
			return;
		consider(s, v, form, start, end, lo, hi, 1);
	}
}

/*
 * A [keywords win32-call] macro with a decimal Win32 error as its argument:
 * HRESULT_FROM_WIN32(1450).
 */
static void
win32_call(struct scanner *s, const char *tok, size_t en, size_t lo, size_t hi)
{
	const unsigned char	*b = s->buf;
	const struct scan_kw	*kw;
	size_t			 p = en + 1;
	uint32_t		 w = 0;

	if (en >= hi || b[en] != '(' || (kw = strmap_get(s->r->win32_calls.last, tok)) == NULL ||
	    !kw->alone)
		return;
	while (p < hi && p - en <= 5 && chars_is_digit(b[p]))
		w = w * 10 + (uint32_t)(b[p++] - '0');
	if (p == en + 1 || p >= hi || b[p] != ')' || w == 0 || w > 0xFFFF)
		return;
	consider(s, code_from_win32(w), FORM_WIN32, en + 1, p, lo, hi, 1);
}

/* Examines the word around an underscore at pos: a code name? */
static void
name_token(struct scanner *s, size_t pos, size_t lo, size_t hi)
{
	const unsigned char	*b = s->buf;
	const struct db_name	*n;
	size_t			 st = pos, en = pos, i;
	char			 tok[80];
	uint32_t		 v;

	while (st > lo && pos - st < 64 && chars_is_word(b[st - 1]))
		st--;
	while (en < hi && en - pos < 64 && chars_is_word(b[en]))
		en++;
	s->skip_until = en;
	if (en - st < 3 || en - st >= sizeof tok || (st > lo && chars_is_word(b[st - 1])) ||
	    (en < hi && chars_is_word(b[en])) || !(b[st] >= 'A' && b[st] <= 'Z'))
		return;
	for (i = st; i < en; i++) {
		if (b[i] >= 'a' && b[i] <= 'z')
			return;	/* code names are written in capitals */
		tok[i - st] = (char)b[i];
	}
	tok[en - st] = '\0';
	if ((n = db_name_find(s->db, tok)) == NULL) {
		win32_call(s, tok, en, lo, hi);
		return;
	}
	if (n->ns == DB_NS_FACILITY)
		return;
	v = n->ns == DB_NS_WIN32 ? code_from_win32(n->value) : n->value;
	consider(s, v, FORM_NAME, st, en, lo, hi, 1);
}

/* Runs the line-start patterns on the line beginning at pos. */
static void
line_start(struct scanner *s, size_t pos, size_t lo, size_t hi)
{
	const unsigned char	*b = s->buf;
	struct match_result	 r;
	size_t			 p = pos, le, i, k;
	int			 g;

	while (p < hi && (b[p] == ' ' || b[p] == '\t'))
		p++;
	if (p >= hi || b[p] == '\n' || b[p] == '\r') {
		s->block_writer[0] = '\0';	/* a blank line ends a vssadmin block */
		return;
	}
	if (!s->r->start_first[b[p]])
		return;
	for (i = 0; i < s->r->nstart; i++) {
		const char	*lit = s->r->start_pats[i]->literal;
		size_t		 len = s->r->start_len[i];

		if (p + len > hi || memcmp(b + p, lit, len) != 0)
			continue;
		le = line_end(s, p, hi);
		if (!rx(s, s->r->start_pats[i]->re, s->r->start_pats[i]->id, (const char *)b + pos,
		    le - pos, 0, &r))
			continue;
		if ((g = match_group(s->r->start_pats[i]->re, "record")) > 0 && r.start[g] >= 0) {
			s->in_record = 1;
			s->nrecord_codes = 0;
			s->block_host[0] = s->block_writer[0] = '\0';
			continue;
		}
		if ((g = match_group(s->r->start_pats[i]->re, "host")) > 0 && r.start[g] >= 0) {
			copy_field(s->block_host, (const char *)b + pos + r.start[g],
			    (size_t)(r.end[g] - r.start[g]));
			continue;
		}
		s->file_vss = 1;
		if ((g = match_group(s->r->start_pats[i]->re, "writer")) > 0 && r.start[g] >= 0)
			copy_field(s->block_writer, (const char *)b + pos + r.start[g],
			    (size_t)(r.end[g] - r.start[g]));
		if ((g = match_group(s->r->start_pats[i]->re, "phrase")) > 0 && r.start[g] >= 0) {
			const struct db_phrase	*ph;
			size_t			 nph;
			size_t			 plen = (size_t)(r.end[g] - r.start[g]);
			const char		*pt = (const char *)b + pos + r.start[g];

			ph = db_phrases(s->db, "last-error", &nph);
			for (k = 0; k < nph; k++) {
				uint32_t	v;

				if (strlen(ph[k].text) != plen ||
				    strncasecmp(ph[k].text, pt, plen) != 0)
					continue;
				v = ph[k].name->ns == DB_NS_WIN32 ?
				    code_from_win32(ph[k].name->value) : ph[k].name->value;
				if (CODE_FAILED(v)) {
					if (s->li.line != s->line)
						lineinfo_reset(s);
					add_finding(s, v, FORM_PHRASE, pos + (size_t)r.start[g],
					    pos + (size_t)r.end[g], pos, le, lo,
					    s->block_writer[0] ? s->block_writer : NULL, 0);
				}
				break;
			}
		}
	}
}

/* Runs an "anywhere" pattern hit at pos. */
static void
pattern_hit(struct scanner *s, const struct db_pattern *pat, size_t pos, size_t lo,
    size_t hi)
{
	struct match_result	 r;
	size_t			 ls, le, full, k;
	const char		*line;
	const unsigned char	*nl;
	int			 g;

	if (pat->digit_within > 0) {
		/* the cheap test first: a digit on the line, close after the literal */
		for (k = pos; k < s->data_len && k - pos < (size_t)pat->digit_within &&
		    s->buf[k] != '\n' && !chars_is_digit(s->buf[k]); k++)
			;
		if (k >= s->data_len || !chars_is_digit(s->buf[k]))
			return;
	}
	ls = line_begin(s, pos);
	le = line_end(s, pos, hi);
	line = (const char *)s->buf + ls;

	/* a message may run past the cut of a long line: look at all the bytes read */
	nl = memchr(s->buf + pos, '\n', s->data_len - pos);
	full = nl != NULL ? (size_t)(nl - s->buf) : s->data_len;
	if (!rx(s, pat->re, pat->id, line, le - ls, pos - ls, &r) &&
	    (full == le || !rx(s, pat->re, pat->id, line, full - ls, pos - ls, &r)))
		return;
	le = full > le && r.end[0] > (long)(le - ls) ? full : le;
	if ((g = match_group(pat->re, "win32")) > 0 && r.start[g] >= 0) {
		uint32_t	w = 0;
		long		i;

		for (i = r.start[g]; i < r.end[g] && w <= 0xFFFF; i++)
			w = w * 10 + (uint32_t)(line[i] - '0');
		if (w == 0 || w > 0xFFFF)
			return;
		if (s->li.line != s->line)
			lineinfo_reset(s);
		if (pat->vouch)
			consider(s, code_from_win32(w), FORM_WIN32, ls + (size_t)r.start[g],
			    ls + (size_t)r.end[g], lo, hi, CONSIDER_INTRO | CONSIDER_VOUCH);
		else
			add_finding(s, code_from_win32(w), FORM_WIN32, ls + (size_t)r.start[g],
			    ls + (size_t)r.end[g], ls, le, lo, NULL, 0);
	}
}

/* At the start of a line: ends the wait of queued findings, runs line-start patterns. */
static void
line_check(struct scanner *s, size_t pos, size_t lo, size_t hi)
{
	if (s->npend > 0) {
		struct match_result	r;
		size_t			le;
		char			w[FIELD_MAX];

		if (s->line - s->pend_line > LOOKAHEAD || record_start(s, s->buf + pos, hi - pos))
			flush(s);
		else {
			le = line_end(s, pos, hi);
			if (s->nunvouched > 0 && (s->file_vss || rx(s, s->r->vss_re,
			    "(the context keywords)", (const char *)s->buf + pos, le - pos, 0, &r)))
				vouch(s);
			if (s->r->nctx > 0 &&
			    find_writer(s, (const char *)s->buf + pos, le - pos, w, 1))
				attach_writer(s, w);
		}
	}
	line_start(s, pos, lo, hi);
}

/* Must every line be looked at: do findings wait for a writer, is a vssadmin block open? */
#define SLOW(s)	((s)->npend > 0 || (s)->block_writer[0] != '\0')

/*
 * Scans buf[lo, hi): everything before lo is context already scanned; hi is
 * after a newline or at a byte no code can contain.
 */
static void
scan_range(struct scanner *s, size_t lo, size_t hi)
{
	struct classify_carry	k;
	size_t			nb = classify_range(s->cls, s->buf, lo, hi, &k), bi, j;
	size_t			checked = (size_t)-1;

	s->le_valid = 0;
	if (s->at_line_start) {
		s->at_line_start = 0;
		line_check(s, lo, lo, hi);
		k.nl = 0;
	}
	for (bi = 0; bi < nb; bi++) {
		struct classify_cands	 c;
		uint64_t		 starts, exact8, lstarts, ev, nl, done, lit, us;
		size_t			 base = lo + 64 * bi;

		classify_block(s->cls, bi, &k, &c);
		starts = c.starts;
		exact8 = c.exact8;
		lstarts = c.lstarts;
		lit = c.lit;
		us = c.us;
		nl = c.nl;
		ev = starts | us | lstarts | lit;
		done = 0;
		if (SLOW(s))
			ev |= nl;
		while (ev != 0) {
			int	bit = __builtin_ctzll(ev);
			size_t	pos = base + (size_t)bit;
			uint64_t one = (uint64_t)1 << bit, before = nl & (one - 1) & ~done;

			ev &= ev - 1;
			if (before != 0) {
				/* the newlines passed since the last event */
				if (s->event == NULL)
					s->line += (uint64_t)popcount64(before);
				s->line_start = base + 64 - (size_t)__builtin_clzll(before);
				s->le_valid = 0;
				done |= before;
			}
			if (nl & one) {
				/* while findings wait for a writer, each line is looked at */
				done |= one;
				if (s->event == NULL)
					s->line++;
				s->line_start = pos + 1;
				s->le_valid = 0;
				if (pos + 1 < hi) {
					line_check(s, pos + 1, lo, hi);
					checked = pos + 1;
				} else
					s->at_line_start = 1;
				continue;
			}
			if (lit & one) {
				/* a literal's rarest byte: is the whole literal around it? */
				for (j = 0; j < s->r->nany; j++) {
					const char	*str = s->r->any_lit[j];
					size_t		 len = s->r->any_len[j], at;

					if (pos < s->r->any_rare[j])
						continue;
					at = pos - s->r->any_rare[j];
					if (at + len <= s->data_len &&
					    s->buf[at + len - 1] == (unsigned char)str[len - 1] &&
					    memcmp(s->buf + at, str, len) == 0)
						pattern_hit(s, s->r->any_pats[j], at, lo, hi);
				}
			}
			if ((lstarts & one) && pos != checked)
				line_check(s, pos, lo, hi);
			if (us & one) {
				if (pos >= s->skip_until)
					name_token(s, pos, lo, hi);
			} else if (starts & one)
				hex_run(s, pos, (exact8 & one) ? 8 : 9, lo, hi);
			if (SLOW(s))
				ev |= nl & ~(one | (one - 1)) & ~done;
		}
		if ((nl & ~done) != 0) {
			if (s->event == NULL)
				s->line += (uint64_t)popcount64(nl & ~done);
			s->line_start = base + 64 - (size_t)__builtin_clzll(nl & ~done);
			s->le_valid = 0;
		}
	}
	if (hi > lo && s->buf[hi - 1] == '\n' && !SLOW(s))
		s->at_line_start = 1;
}

/* Starts the per-input state. */
static void
begin(struct scanner *s, const char *path, finding_fn emit, void *ctx)
{
	gaveup_input(s->gu, path);	/* the fields of an event file come in many calls */
	s->gu_in_scan = 1;
	s->path = path;
	s->emit = emit;
	s->ctx = ctx;
	s->buf_off = 0;
	s->line = 1;
	s->line_start = 0;
	s->at_line_start = 1;
	s->skip_until = 0;
	s->block_writer[0] = s->block_host[0] = '\0';
	s->in_record = s->nrecord_codes = 0;
	s->file_vss = 0;
	s->li.line = 0;
	lineinfo_reset(s);
}

/* Where to cut a chunk that holds no newline: after a byte no code contains. */
static size_t
safe_cut(const struct scanner *s, size_t lo, size_t len)
{
	size_t	p = len > 128 ? len - 128 : lo;

	while (p > lo && (chars_is_word(s->buf[p - 1]) || s->buf[p - 1] == '-' ||
	    s->buf[p - 1] == '%'))
		p--;
	return p > lo ? p : (len > 128 ? len - 128 : len);
}

void
scanner_text(struct scanner *s, struct input *in, const char *path, finding_fn emit,
    void *ctx)
{
	struct scan_pos	start = { 0, 1 }, end;

	scanner_text_from(s, in, path, &start, 0, &end, emit, ctx);
}

void
scanner_text_from(struct scanner *s, struct input *in, const char *path,
    const struct scan_pos *start, int complete_lines, struct scan_pos *end,
    finding_fn emit, void *ctx)
{
	size_t	len = 0, lo = 0;
	int	eof = 0;

	s->event = NULL;
	begin(s, path, emit, ctx);
	s->buf_off = start->offset;
	s->line = start->line;
	while (!eof || lo < len) {
		size_t			 got, cut, keep;
		const unsigned char	*nl;

		while (!eof && len < s->cap) {
			if ((got = input_read(in, (char *)s->buf + len, s->cap - len)) == 0)
				eof = 1;
			len += got;
		}
		if (eof && !complete_lines)
			cut = len;
		else if ((nl = memrchr(s->buf + lo, '\n', len - lo)) != NULL)
			cut = (size_t)(nl - s->buf) + 1;
		else if (eof)
			cut = lo;	/* an unfinished last line waits for the next run */
		else
			cut = safe_cut(s, lo, len);
		s->data_len = len;
		if (cut > lo)
			scan_range(s, lo, cut);
		if (eof && (cut == len || complete_lines)) {
			len = cut;
			break;
		}
		/* keep KEEP bytes of context before the unscanned rest */
		keep = cut > KEEP ? cut - KEEP : 0;
		if (s->line_start != (size_t)-1 && s->line_start < keep) {
			/* a long line loses its start: remember what it said */
			if (s->li.line != s->line)
				lineinfo_reset(s);
			if (!s->li.have_ts) {
				size_t	e = line_end(s, s->line_start, cut);

				line_time(s, (const char *)s->buf + s->line_start,
				    e - s->line_start);
			}
			s->line_start = (size_t)-1;
		} else if (s->line_start != (size_t)-1)
			s->line_start -= keep;
		memmove(s->buf, s->buf + keep, len - keep);
		s->buf_off += keep;
		s->skip_until = s->skip_until > keep ? s->skip_until - keep : 0;
		len -= keep;
		lo = cut - keep;
	}
	flush(s);
	gaveup_end(s->gu);
	s->gu_in_scan = 0;
	end->offset = s->buf_off + len;
	end->line = s->line;
	/* lines: a last line without a newline counts, an empty input has none */
	s->line_count = s->buf_off + len == 0 ? 0 :
	    s->line - (len > 0 && s->buf[len - 1] == '\n');
}

void
scanner_field(struct scanner *s, const char *text, size_t len, const struct scan_field *sf,
    finding_fn emit, void *ctx)
{
	size_t	off = 0;

	begin(s, sf->path, emit, ctx);
	s->event = sf->event;
	s->event_line = sf->line;
	s->ev_time = sf->time;
	s->ev_nsec = sf->nsec;
	s->file_vss = sf->vss;
	while (off < len) {
		size_t	n = len - off > CHUNK ? CHUNK : len - off;

		memcpy(s->buf, text + off, n);
		s->data_len = n;
		s->line_start = 0;
		s->at_line_start = 1;
		s->skip_until = 0;
		lineinfo_reset(s);
		scan_range(s, 0, n);
		off += n;
	}
	flush(s);
	s->event = NULL;
	s->gu_in_scan = 0;
}

void
scanner_line(struct scanner *s, const char *text, size_t len, const char *path,
    const struct scan_pos *at, finding_fn emit, void *ctx)
{
	size_t	off = 0;

	begin(s, path, emit, ctx);
	s->event = NULL;
	s->line = at->line;
	while (off < len) {
		size_t	n = len - off > CHUNK ? CHUNK : len - off;

		memcpy(s->buf, text + off, n);
		s->buf_off = at->offset + off;
		s->data_len = n;
		s->line_start = 0;
		s->skip_until = 0;
		scan_range(s, 0, n);
		off += n;
	}
	flush(s);
}

uint64_t
scanner_lines(const struct scanner *s)
{
	return s->line_count;
}

int
scanner_could_report(const struct scanner *s, uint32_t v, int bare)
{
	struct resolved	r;

	resolve(s->db, v, NULL, &r);
	if (!CODE_FAILED(v))
		return !bare && r.nnames > 0 && r.names[0]->ns == DB_NS_VSS ? 2 : 0;
	if (bare && !scan_rules_known(s->r, v))
		return 0;
	if (s->o.all_codes || (r.known && !nt_only(&r)))
		return 2;
	return 1;
}

int
scanner_about_vss(const struct scanner *s, const char *text, size_t len)
{
	struct match_result	r;

	return rx(s, s->r->about_re, "(the context keywords)", text, len, 0, &r);
}

int
scanner_writer(const struct scanner *s, const char *text, size_t len, char *out,
    size_t size)
{
	const char	*p = text, *end = text + len, *nl;
	char		 w[FIELD_MAX];

	for (; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		if (find_writer(s, p, (size_t)(nl - p), w, 0)) {
			snprintf(out, size, "%s", w);
			return 1;
		}
	}
	return 0;
}

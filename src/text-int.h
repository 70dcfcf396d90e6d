/* text-int.h: the text reader's private state, shared by text.c (the scan loop and the candidates), text-line.c (what a line and its record say) and text-queue.c (findings waiting for their writer). */
#ifndef VSSEXPLAIN_TEXT_INT_H
#define VSSEXPLAIN_TEXT_INT_H

#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "finding.h"
#include "match.h"
#include "text.h"

struct classify;
struct gaveup;
struct resolved;
struct scan_rules;

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

#define NONE	ARENA_NONE

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
	const struct db_method *method_m;	/* method's entry (pick_method) */
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
	unsigned char		*buf;		/* in mem */
	size_t			 cap;
	struct pool		*mem;		/* buf and the classifier's masks */
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
	struct arena		*arena;		/* the strings of waiting findings */
	uint64_t		 pend_line;	/* line of the oldest waiting finding */
	struct text_rcache	*rcache;	/* text_resolve's, made on first use */

	struct scan_notes	*notes;		/* a piece's rules that gave up; NULL: told */
};

/* The rules that gave up in a piece scanned from a cut (scanner_text_piece). */
struct scan_notes {
	struct scan_note	*v;
	size_t			 n, cap;
	int			 on;
};


#define CONSIDER_INTRO	1	/* an error word introduces the value */
#define CONSIDER_VOUCH	2	/* it needs a word about VSS in its record, even when known */

/*
 * The start of the line holding buffer position pos.  The current line's start
 * is known; when it was dropped from the buffer, the line began before it.
 */
static inline size_t
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
static inline size_t
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

/* text.c */
/* A rule gave up (PCRE2 limit) on the current line: noted once per rule and input. */
void	text_gave_up(const struct scanner *s, const char *rule);
/* match_exec for a rule's pattern: one that gives up is told, and counts as no match. */
int	text_rx(const struct scanner *s, const struct match_re *re, const char *rule, const char *subj,
    size_t len, size_t start, struct match_result *r);

/* text-line.c */
/* Copies a field of n bytes, cut to FIELD_MAX - 1, NUL-terminated. */
void	text_copy_field(char *dst, const char *src, size_t n);
/* Finds a writer name on the line (field_only: only a "Writer Name:" field); copies it to writer. */
int	text_find_writer(const struct scanner *s, const char *line, size_t len, char *writer,
    int field_only);
/* Fills the timestamp and host of the line info from the line's text. */
void	text_line_time(struct scanner *s, const char *line, size_t len);
/* Looks back over earlier lines of the record for a timestamp. */
void	text_record_time(struct scanner *s, size_t lstart);
/* Starts the line info for a new line number. */
void	text_lineinfo_reset(struct scanner *s);
/* Does the line at p (n bytes, or more) start a record of its own ([record] rules)? */
int	text_record_start(const struct scanner *s, const unsigned char *p, size_t n);
/* Is the line, or an earlier line of its record, about VSS or backups? */
int	text_vss_context(struct scanner *s, size_t lstart, size_t lend);

/* text-queue.c */
/* Emits every waiting finding, in order. */
void	text_flush(struct scanner *s);
/* Gives waiting findings without a writer this one, then emits them unless some wait to be vouched for. */
void	text_attach_writer(struct scanner *s, const char *writer);
/* A word about VSS in the record: its waiting findings are vouched for. */
void	text_vouch(struct scanner *s);
/* Queues a finding at buffer span [ms, me) of the line [ls, le). */
/*
 * resolve() through a small cache of the scanner's: a log repeats the same
 * few codes, and a resolution (names in eight namespaces, entries, guidance)
 * costs about a thousand instructions.  The answer is the cache's own,
 * good until the next call.
 */
const struct resolved *text_resolve(struct scanner *s, uint32_t v, const struct db_method *m);
void	text_add_finding(struct scanner *s, uint32_t value, enum finding_form form, size_t ms,
    size_t me, size_t ls, size_t le, size_t lo, const char *writer, int unvouched);
/* Does the value's resolution rest only on NTSTATUS names (no HRESULT meaning)? */
int	text_nt_only(const struct resolved *r);
/* Decides whether a value found at [ms, me) is reported (how: CONSIDER_*), and queues it. */
void	text_consider(struct scanner *s, uint32_t v, enum finding_form form, size_t ms, size_t me,
    size_t lo, size_t hi, int how);

#endif

/* text.h, the text reader (prefix scanner_): the text-log scanner: finds every error code in a stream of text. */
#ifndef VSSEXPLAIN_TEXT_H
#define VSSEXPLAIN_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "finding.h"
#include "tstamp.h"

struct input;

struct scan_opts {
	int			 all_codes;	/* every failure-shaped code, anywhere */
	const char		*host;		/* for inputs that name none */
	struct tstamp_opts	 ts;
};

struct scanner;

typedef void	(*scanner_problem_fn)(void *ctx, const char *msg);

/* Prepares a scanner; NULL with *err (the caller's) when the rules do not compile. */
struct scanner	*scanner_new(const struct db *, const struct scan_opts *, char **err);
void		 scanner_free(struct scanner *);
/*
 * Where problems met while scanning go: a rule whose pattern gave up (hit a
 * match limit) on a line, "FILE:LINE: rule NAME gave up", once per rule and
 * input, and the count of such lines at the input's end.  Without it they
 * are only counted.
 */
void		 scanner_problems(struct scanner *, scanner_problem_fn, void *ctx);
/*
 * Where the event reader stands (an event's file and first line), for
 * problems met by scanner_writer and scanner_about_vss, which it calls
 * outside a scan.
 */
void		 scanner_at(struct scanner *, const char *path, uint64_t line);
/*
 * The input is over: tells its counts now, while they are still its own
 * (an event reader's would otherwise wait for the next input, which with
 * scan -j is another thread's, or for scanner_free).
 */
void		 scanner_input_end(struct scanner *);
/* The lines on which a rule gave up, in every input so far. */
unsigned long	 scanner_gave_up(const struct scanner *);
/*
 * A count that moves whenever a rule gives up, told or kept for a piece:
 * an answer of scanner_writer during which it did not move depends on the
 * text alone, and may be remembered.
 */
unsigned long	 scanner_gaveup_mark(const struct scanner *);
/* A place in a text input: the byte offset of a line start and its number. */
struct scan_pos {
	uint64_t	offset;
	uint64_t	line;
};

/*
 * Scans the text of an input from start (the input is already positioned
 * there); with complete_lines an unfinished last line is left for later.
 * Sets *end to where the next scan should start.
 */
void		 scanner_text_from(struct scanner *, struct input *, const char *path,
		    const struct scan_pos *start, int complete_lines, struct scan_pos *end,
		    finding_fn, void *ctx);
/* Scans the text of one input to its end; findings go to emit in input order. */
void		 scanner_text(struct scanner *, struct input *, const char *path,
		    finding_fn, void *ctx);
/* What the event reader knows about the event a field belongs to. */
struct scan_field {
	const char			*path;
	uint64_t			 line;		/* where the event starts */
	const struct finding_event	*event;
	int64_t				 time;		/* TSTAMP_NONE: unknown */
	long				 nsec;
	int				 vss;		/* the provider is about VSS */
};
/*
 * Scans one field of an event (Data, Message, ...): text[0..len).  Findings
 * carry the event's line and details; offsets count from the field's start.
 */
void		 scanner_field(struct scanner *, const char *text, size_t len,
		    const struct scan_field *, finding_fn, void *ctx);
/*
 * Could a failure-shaped value found in text be reported?  2: wherever it
 * stands; 1: only in text about VSS; 0: never (bare says it was written
 * without 0x).  For the event reader, which decides from raw bytes which
 * events need parsing.
 */
int		 scanner_could_report(const struct scanner *, uint32_t, int bare);
/*
 * Does text hold a word that makes it about VSS ([keywords context]; not the
 * path words of [keywords context-path], which vouch only for text records)?
 */
int		 scanner_about_vss(const struct scanner *, const char *text, size_t len);
/* Finds a writer named in text as the context patterns do; 1 when found. */
int		 scanner_writer(const struct scanner *, const char *text, size_t len,
		    char *out, size_t size);
/*
 * Scans one line of text that stands at *at in an input that is not all
 * text (a line of a JSON Lines file that is not JSON), as scanner_text would.
 */
void		 scanner_line(struct scanner *, const char *text, size_t len, const char *path,
		    const struct scan_pos *at, finding_fn, void *ctx);
/* The number of lines of the input scanned last. */
uint64_t	 scanner_lines(const struct scanner *);

/*
 * Reading one plain text file in pieces (scan -j; doc/scan-jobs.md).  The
 * scanner refills its buffer at cuts that depend on the bytes alone; a
 * piece starts on such a cut with the bytes kept before it and an empty
 * state, and a snapshot of the state at each cut says whether a scanner
 * that started elsewhere is, there, in the very state of the one before it:
 * from that cut on both give the same findings.
 */
struct scan_snap;
/* Called at each refill cut (stream offset off) of a piece; nonzero stops the scan there. */
typedef int	(*scan_cut_fn)(void *ctx, const struct scanner *, uint64_t off);
/* A rule that gave up on a line of a piece, kept for whoever merges the pieces. */
struct scan_note {
	const char	*rule;
	uint64_t	 line;
};
size_t		 scanner_snap_size(void);
/* Takes the state at the cut off; nfound: findings emitted so far. */
void		 scanner_snap(const struct scanner *, uint64_t off, size_t nfound,
		    struct scan_snap *);
/* May a scanner in state b go on in place of one in state a (lines aside)? */
int		 scanner_snap_same(const struct scan_snap *a, const struct scan_snap *b);
uint64_t	 scanner_snap_off(const struct scan_snap *);
uint64_t	 scanner_snap_line(const struct scan_snap *);
size_t		 scanner_snap_found(const struct scan_snap *);
size_t		 scanner_snap_notes(const struct scan_snap *);
/*
 * The first cut at or after want on which a piece of the plain file fd
 * (size bytes) may start; -1 when there is none before the last buffer.
 * The cuts are followed from the cut from: 0, a piece's start, or an offset
 * its at_cut was called with.
 */
int		 scanner_cut(int fd, uint64_t size, uint64_t from, uint64_t want, uint64_t *cut);
/*
 * Scans a piece: with in, the input from its start (as scanner_text); else
 * the file fd from the cut start, with lines counted from 1 there and the
 * rules that give up kept as notes.  at_cut is called at every cut.
 * Returns 1 when at_cut stopped it (nothing is flushed or told: see
 * scanner_piece_end), 0 at the end of the input, -1 on a read error
 * (errno is set).  *end is where it read to.
 */
int		 scanner_text_piece(struct scanner *, struct input *in, int fd, uint64_t start,
		    const char *path, scan_cut_fn at_cut, void *cctx, finding_fn, void *ctx,
		    uint64_t *end);
/* The notes of the last piece scanned from a cut. */
const struct scan_note *scanner_notes(const struct scanner *, size_t *n);
/* Tells a note of a later piece, its line made absolute, as if met here. */
void		 scanner_note(struct scanner *, const char *rule, uint64_t line);
/* Ends a piece that was stopped, once later pieces are merged: lines in the input. */
void		 scanner_piece_end(struct scanner *, uint64_t lines);

#endif

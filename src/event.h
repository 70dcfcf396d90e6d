/* event.h: one Windows event as every event reader fills it; the [event] rules find its codes. */
#ifndef VSSEXPLAIN_EVENT_H
#define VSSEXPLAIN_EVENT_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "finding.h"
#include "text.h"

#define EVENT_NAME_MAX	256	/* the longest provider, channel, computer or writer name kept */

/* What a field of an event holds. */
enum event_field_kind {
	EVENT_DATA,	/* an EventData insertion string, named or by position */
	EVENT_USERDATA,	/* the text of an element under UserData */
	EVENT_MESSAGE,	/* the rendered message */
	EVENT_BINARY	/* the binary data, written as hex (or base64) text */
};

/* One field of an event.  name is NUL-terminated; text need not be. */
struct event_field {
	enum event_field_kind	 kind;
	int			 index;		/* 1-based among the EVENT_DATA fields, else 0 */
	const char		*name;		/* Data Name or UserData element, or NULL */
	const char		*text;
	size_t			 len;
	const char		*written;	/* where text stands in the event's raw, or NULL */
};

/*
 * One event, as a reader fills it: an XML export, an .evtx record or a JSON
 * line.  Strings are the reader's and need live only during event_findings;
 * what is not known is NULL, or -1 for numbers (TSTAMP_NONE for the time).
 * raw, when given, is the event as written in its input (raw[0] at offset):
 * findings are placed where their code is written in it, else at offset.
 */
struct event {
	/* where the event is, for the findings */
	const char			*path;
	uint64_t			 line;		/* where the event starts, 1-based */
	uint64_t			 offset;	/* of its start, in the decoded input */
	const char			*raw;
	size_t				 raw_len;
	const char			*id_written;	/* where the event id stands in raw, or NULL */

	/* the System values */
	const char			*provider;	/* Provider Name */
	const char			*source;	/* EventSourceName of a classic event */
	long				 event_id;
	const char			*id_text;	/* the event id as written, or NULL */
	long				 qualifiers;
	int				 level;
	long long			 record_id;
	const char			*channel;
	const char			*computer;
	int64_t				 time;
	long				 nsec;

	const struct event_field	*fields;
	size_t				 nfields;
};

/* What can come of the events of a provider, before their strings are read (event_wanted). */
enum event_want {
	EVENT_WANT_NONE,	/* nothing: skip the event */
	EVENT_WANT_TEXT,	/* only codes in its text the scanner could report, with
				   words about VSS unless --all-codes: read it to look */
	EVENT_WANT_ALL		/* the rules know it: read it in full */
};

/* What an event reader counted in the input it read last. */
struct event_count {
	uint64_t	lines;		/* of the input */
	uint64_t	events;		/* events met */
	uint64_t	parsed;		/* ... and read in full */
	uint64_t	text;		/* lines that are no event, scanned as text (JSON) */
};

struct event_ctx;

/* Prepares what the events of one reader share; keeps db and scanner (the caller's), copies o. */
struct event_ctx	*event_ctx_new(const struct db *, struct scanner *, const struct scan_opts *o);
void			 event_ctx_free(struct event_ctx *);

/*
 * Finds the codes of one event: the [event] rules (a failure event, the
 * fields that hold codes, the binary data), then the text scanner in every
 * field.  Findings go to emit, once per code, with the event's writer.
 */
void		 event_findings(struct event_ctx *, const struct event *, finding_fn emit,
		    void *ctx);
/*
 * What the rules say about a provider name (DB_PROVIDER_*); NULL or "" is
 * DB_PROVIDER_NONE.  Answers are remembered in the context (one thread).
 */
int		 event_provider(struct event_ctx *, const char *provider);
/*
 * Could the rules make anything of an event of this provider and id (-1:
 * not known yet)?  A reader that has two names (Provider and
 * EventSourceName) asks for each and takes the larger answer.
 */
enum event_want	 event_wanted(struct event_ctx *, const char *provider, long event_id);

/* Buffers for decoding binary data: zero it before use, event_bin_clear when done. */
struct event_bin {
	unsigned char	*bytes;
	char		*text;
	size_t		 bcap, tcap;
};

/* Decodes hex (or base64) text into b->bytes; returns their number, or -1 when it is neither. */
long		 event_bin_decode(struct event_bin *b, const char *t, size_t len);
/*
 * The first s[0..len) in b[0..n), as memmem finds it, or NULL; looked for
 * by its byte s[key] (key < len), which should be rare in b: memmem costs
 * more to start than a few memchr calls on a short text.
 */
const char	*event_memmem(const char *b, size_t n, const char *s, size_t len, size_t key);
/*
 * The same for s with no byte known to be rare: the places where its first
 * and last bytes stand are found sixteen at a time and only those compared
 * in full, cheaper than memmem on an event's few hundred bytes.
 */
const char	*event_memmem_any(const char *b, size_t n, const char *s, size_t len);
/*
 * Decodes hex (or base64) text and returns the bytes as UTF-8 text (in
 * b->text, *n bytes) when they hold ASCII or UTF-16LE text, else NULL.
 */
const char	*event_bin_text(struct event_bin *b, const char *t, size_t len, size_t *n);
void		 event_bin_clear(struct event_bin *b);

/*
 * Reads an event's time, 2024-05-14T02:13:09.1234567Z (or with a blank for
 * the T, an offset for the Z, or no zone: UTC).  Returns 0, or -1 with
 * *t = TSTAMP_NONE when s is no such time.
 */
int		 event_parse_time(const char *s, int64_t *t, long *nsec);

#endif

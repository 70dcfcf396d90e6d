/* evxml.h: exported Windows event logs (XML): recognising them and reading their events. */
#ifndef VSSEXPLAIN_EVXML_H
#define VSSEXPLAIN_EVXML_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "text.h"

struct event_count;

struct input;

/* What the first bytes of an input say about it. */
enum evxml_kind {
	EVXML_NONE,	/* not XML this module reads: scan it as text */
	EVXML_EVENTS,	/* an event export (or XML with a DTD, which evxml_scan refuses) */
	EVXML_REFUSED	/* XML that holds no events, such as PowerShell's Export-Clixml */
};

/*
 * Recognises an input from its first decoded bytes (input_peek).  For
 * EVXML_REFUSED, *why is set to a message saying what to do instead.
 */
enum evxml_kind	 evxml_sniff(const char *p, size_t n, const char **why);

typedef void	(*evxml_error_fn)(void *ctx, const char *msg);

struct evxml;

/*
 * libxml2 is in the readers module (readers.h), loaded by the first event
 * that needs it and set up (silenced, in each thread) at each use; the
 * loader has it clean up at exit.
 */

/* The reader keeps db and scanner (the caller's) and a copy of o. */
struct evxml	*evxml_new(const struct db *, struct scanner *, const struct scan_opts *o);
void		 evxml_free(struct evxml *);
/*
 * Reads the events of one input, up to its end or its first damage.
 * Findings go to emit in input order; each problem goes to error as one
 * message, "path:line:column: what is wrong".  Returns 0, or -1 when the
 * input was damaged or refused (the findings before the damage stand).
 */
int		 evxml_scan(struct evxml *, struct input *, const char *path,
		    finding_fn emit, evxml_error_fn error, void *ctx);
/* Where an event read by evxml_event stands, for its findings and messages. */
struct evxml_place {
	const char	*path;
	const char	*place;		/* "chunk 3 / record 1234" */
	uint64_t	 offset;	/* of the event in its file */
};
/*
 * Reads one event given whole as UTF-8 XML (an .evtx record rendered by
 * libevtx): the same fields and findings as the same event in an export.
 * Findings carry line 0 and at->offset; a problem goes to error as
 * "path: place: what".  Returns 0, or -1 when the event was damaged.
 */
int		 evxml_event(struct evxml *, const char *xml, size_t len,
		    const struct evxml_place *at, finding_fn emit, evxml_error_fn error,
		    void *ctx);
/*
 * For readers that look before they parse (.evtx): what can come of the
 * events of a provider the rules name (enum event_want; -1 for a name the
 * rules do not know), and could an event whose values are text hold a
 * finding (the test the XML reader makes of a raw event; always with
 * --all-codes)?
 */
int		 evxml_provider_wanted(const struct evxml *, const char *provider);
int		 evxml_text_wanted(struct evxml *, const char *text, size_t len);
/* What was counted in the input read last (no lines of text: those are JSON's). */
const struct event_count *evxml_count(const struct evxml *);

#endif

/* evxml.h: exported Windows event logs (XML): recognising them and reading their events. */
#ifndef VSSEXPLAIN_EVXML_H
#define VSSEXPLAIN_EVXML_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "scan.h"

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

/* Sets libxml2 up; main calls it once, before any other use. */
void		 evxml_init(void);
void		 evxml_cleanup(void);

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
/* About the input read last: its lines, its events, and those parsed in full. */
uint64_t	 evxml_lines(const struct evxml *);
uint64_t	 evxml_events(const struct evxml *);
uint64_t	 evxml_parsed(const struct evxml *);

#endif

/* evxml-raw.h: the raw look at one XML event: where it ends, and whether it must be parsed. */
#ifndef VSSEXPLAIN_EVXML_RAW_H
#define VSSEXPLAIN_EVXML_RAW_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "event.h"
#include "text.h"

/* What the raw look at one event found. */
struct evxml_rawscan {
	size_t		 end;		/* just after the end tag; 0 while not seen */
	size_t		 nested;	/* where an inner start tag of an event stands, or 0 */
	int		 incomplete;	/* more bytes are needed to decide */
	int		 parse;		/* the raw look cannot judge it: it must be parsed */
	int		 cand;		/* its text holds a code the scanner could report */
	int		 binvss;	/* its binary data holds text about VSS */
	int		 provider;	/* its provider as the rules know it, or -1: not read */
	uint64_t	 nl;		/* newlines before end */
	size_t		 last_nl;	/* just after the last of them */
};

struct evxml_raw;

/*
 * Prepares the raw look; it keeps db, scanner and events (the caller's).
 * With all_codes every failure-shaped code counts, about VSS or not.
 */
struct evxml_raw	*evxml_raw_new(const struct db *, const struct scanner *,
			    struct event_ctx *events, int all_codes);
void			 evxml_raw_free(struct evxml_raw *);
/*
 * Looks at the event that starts at b[0] (lim bytes are there) and whose
 * element is named qname as written (with its prefix, if any).  The
 * answer is in *rs; with rs->incomplete, call again with more bytes.
 */
void			 evxml_raw_scan(struct evxml_raw *, const char *qname,
			    const unsigned char *b, size_t lim, struct evxml_rawscan *rs);
/*
 * Does evxml_raw_scan read the event at b[0..lim) to its end only, its
 * provider one the rules know as about VSS?  Asked before the end is known
 * (lim bytes are there); *used is how many bytes the answer rests on
 * (SIZE_MAX: on where b ends).  Then a reader that parses the event can find
 * its end itself, and the raw look need not scan it.
 */
int			 evxml_raw_vss(struct evxml_raw *, const unsigned char *b, size_t lim,
			    size_t *used);
/*
 * Fills *rs for the event b[0..end) as evxml_raw_scan fills it when
 * evxml_raw_vss said yes on no more than end bytes and end is where the
 * raw look would find the event's end: the first end tag of its element, no
 * other event's start tag before it.  Its line ends (nl, the offset just
 * after the last) are the caller's, which has read the event: they are not
 * counted again.
 */
void			 evxml_raw_ended(struct evxml_raw *, size_t end, uint64_t nl, size_t last_nl,
			    struct evxml_rawscan *rs);
/*
 * Must the event scanned last (b[0..rs->end)) be parsed?  It must when the
 * rules know its provider as about VSS, when its text holds a code the
 * scanner could report and words about VSS (or all_codes), and when the
 * raw look cannot judge it.  Errs towards parsing; $VSSEXPLAIN_PARSE_ALL
 * (read by evxml_raw_new) parses every event.
 */
int			 evxml_raw_wanted(struct evxml_raw *, const unsigned char *b,
			    const struct evxml_rawscan *rs);

#endif

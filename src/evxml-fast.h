/* evxml-fast.h: reading a plain XML event straight from its bytes, without libxml2. */
#ifndef VSSEXPLAIN_EVXML_FAST_H
#define VSSEXPLAIN_EVXML_FAST_H

#include <stddef.h>
#include <stdint.h>

#include "event.h"

struct evxml_fast;

/*
 * Prepares the fast reader.  $VSSEXPLAIN_PARSE_SLOW (for tests) turns it
 * off: every event is then parsed with libxml2.
 */
struct evxml_fast	*evxml_fast_new(void);
void			 evxml_fast_free(struct evxml_fast *);
/*
 * Reads the event span b[0..len), whose element is named qname, into the
 * System values, fields and raw text of ev (strings are the reader's, valid
 * until its next call; the place of the event is left to the caller).
 * Returns 0, or -1 when the event holds anything but the plain markup it
 * takes, and must be parsed in full: the values are then those libxml2
 * would give, or the parser finds what is wrong.
 */
int			 evxml_fast_event(struct evxml_fast *, const char *qname,
			    const char *b, size_t len, struct event *ev);
/*
 * Reads the event that starts at b[0] as evxml_fast_event does, where its
 * end is not known yet: it ends with its element's end tag, which must stand
 * within the avail bytes there are, and *end is set just after it.  An
 * element of the event's name inside it makes it give up, so the end is the
 * first end tag of that name, where the raw look (evxml-raw.c) finds it.
 */
int			 evxml_fast_event_open(struct evxml_fast *, const char *qname,
			    const char *b, size_t avail, struct event *ev, size_t *end);
/*
 * Sets where the event id and the binary data are written in ev->raw, as
 * both readers place them: after the first "EventID" tag, and after the
 * first "Binary>".  f are ev's fields, as the caller may write them.
 */
/*
 * The line ends (nl) in the event read last, and the offset just after the
 * last of them, as the raw look counts them: the reader counts them where it
 * passes them.
 */
void			 evxml_fast_lines(const struct evxml_fast *, uint64_t *nl,
			    size_t *last_nl);
void			 evxml_place_written(struct event *ev, struct event_field *f);

#endif

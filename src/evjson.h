/* evjson.h: Windows events shipped as JSON (Winlogbeat, NXLog, Get-WinEvent, evtx_dump): recognising and reading them. */
#ifndef VSSEXPLAIN_EVJSON_H
#define VSSEXPLAIN_EVJSON_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "text.h"

struct event_count;

struct evxml;
struct input;

/*
 * Does an input that starts with p[0..n) (decoded, input_peek) hold JSON
 * events: JSON Lines, a JSON array, an Elasticsearch response, or
 * evtx_dump's "Record N" lines with JSON after each?
 */
int		 evjson_sniff(const char *p, size_t n);

typedef void	(*evjson_msg_fn)(void *ctx, const char *msg);

struct evjson;

/*
 * The reader keeps db, scanner and look (the caller's; the XML reader lends
 * its raw look at events, to skip those that cannot matter) and a copy of o.
 */
struct evjson	*evjson_new(const struct db *, struct scanner *, const struct scan_opts *o,
		    struct evxml *look);
void		 evjson_free(struct evjson *);
/*
 * Reads the events of one input from start (the input is positioned there)
 * to its end, or with complete_lines to its last whole line (for --state;
 * JSON Lines only).  Findings go to emit in input order; damage goes to
 * error as "path:line:column: what is wrong", news (lines that are not
 * JSON) to notice.  Sets *end to where the next run starts.  Returns 0, or
 * -1 when the input was damaged (the findings before the damage stand).
 */
int		 evjson_scan(struct evjson *, struct input *, const char *path,
		    const struct scan_pos *start, int complete_lines, struct scan_pos *end,
		    finding_fn emit, evjson_msg_fn error, evjson_msg_fn notice, void *ctx);
/* What was counted in the input read last. */
const struct event_count *evjson_count(const struct evjson *);
/* The shape of the events read last: "winlogbeat", "nxlog", ...; "json" when none. */
const char	*evjson_shape(const struct evjson *);

#endif

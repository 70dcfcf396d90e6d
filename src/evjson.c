/* evjson.c: reads Windows events shipped as JSON, one value at a time, into the event model. */
#include "config.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <json-c/json.h>

#include "arena.h"
#include "chars.h"
#include "event.h"
#include "evjson.h"
#include "evjson-map.h"
#include "evxml.h"
#include "input.h"
#include "xalloc.h"

#define CHUNK		(256 * 1024)		/* bytes read at a time */
#define SPAN_MAX	(16 * 1024 * 1024)	/* the longest JSON value accepted */
#define NONE		EVJSON_NONE

/*
 * How JSON events are read.  The input is read in chunks into one buffer.
 * At the top level stand JSON Lines (one object a line, or objects one
 * after another), one array of objects (PowerShell's ConvertTo-Json), an
 * Elasticsearch search response (its hits.hits[] are read one by one), or
 * evtx_dump's "Record N" lines each followed by an object.  A value is never
 * parsed before its extent is known: an object on a line of its own ends at
 * the line's end; else its bytes are walked, minding strings and escapes,
 * until its brackets balance.  So only one event is held at a time, however
 * large the array or the response.  Each object is first looked at as raw
 * bytes: the provider names in it, and else the XML reader's test of text
 * (could it hold a code the scanner reports, and a word about VSS?).  Only
 * when that says it could matter is it parsed with json-c's tokener, its
 * shape recognised (Winlogbeat, NXLog, Get-WinEvent, evtx_dump; hits and
 * _source wrappers are unwrapped) and its fields put into a struct event
 * as the XML reader would, so that event.c gives the same findings.  The
 * look errs towards parsing ($VSSEXPLAIN_PARSE_ALL parses every object).
 * Lines that are not JSON are scanned as text and counted.  Damage is
 * reported with its line and column: a broken line of JSON Lines is passed
 * over, damage in an array or a response ends the input.
 */

static const char *const	shape_names[SHAPE_COUNT] = { "winlogbeat", "nxlog",
    "get-winevent", "evtx_dump" };

struct evjson {
	struct event_ctx	*events;
	struct evxml		*look;
	struct scanner		*scanner;
	json_tokener		*tok;
	int			 parse_all;

	/* the input being read */
	struct input		*in;
	const char		*path;
	finding_fn		 emit;
	evjson_msg_fn		 error, notice;
	void			*ctx;
	struct input_window	 w;		/* buf[pos, len) is still to read */
	int			 whole;		/* only whole lines (--state) */
	uint64_t		 line;		/* the line of buf[pos] */
	uint64_t		 line_off;	/* stream offset where that line starts */
	int			 failed, stop;
	struct event_count	 count;
	unsigned		 shapes;	/* 1 << enum shape, for those seen */

	/* the value being read: buf[pos, pos + span) */
	size_t			 span;
	uint64_t		 ev_line;
	struct jevent		 je;		/* its fields (evjson-map.c) */
	struct event_field	*efields;
	size_t			 efcap;
	char			 idtext[24];
	char			*pre;		/* the raw look's copy of a value */
	size_t			 precap;
};

/* Does p[0..n) start with s? */
static int
starts(const char *p, size_t n, const char *s)
{
	size_t	len = strlen(s);

	return n >= len && memcmp(p, s, len) == 0;
}

/* The index of the first byte at or after i that is not blank, or n. */
static size_t
skip_ws(const char *p, size_t n, size_t i)
{
	while (i < n && chars_is_blank((unsigned char)p[i]))
		i++;
	return i;
}

/* Is p[i..n) an "evtx_dump" record line, "Record 12"? */
static int
record_line(const char *p, size_t n)
{
	size_t	i = 7;

	if (!starts(p, n, "Record "))
		return 0;
	while (i < n && p[i] >= '0' && p[i] <= '9')
		i++;
	return i > 7 && (i == n || p[i] == '\r' || p[i] == '\n');
}

/* Does an object start at p[i]: '{' then a key or its end? */
static int
object_start(const char *p, size_t n, size_t i)
{
	if (i >= n || p[i] != '{')
		return 0;
	i = skip_ws(p, n, i + 1);
	return i < n && (p[i] == '"' || p[i] == '}');
}

/* Does an array of objects start at p[i]? */
static int
array_start(const char *p, size_t n, size_t i)
{
	if (i >= n || p[i] != '[')
		return 0;
	i = skip_ws(p, n, i + 1);
	return i < n && (p[i] == ']' || object_start(p, n, i) || p[i] == '[');
}

int
evjson_sniff(const char *p, size_t n)
{
	size_t	i = skip_ws(p, n, 0);
	const char *nl;

	if (i < n && record_line(p + i, n - i) && (nl = memchr(p + i, '\n', n - i)) != NULL)
		i = skip_ws(p, n, (size_t)(nl - p) + 1);
	return object_start(p, n, i) || array_start(p, n, i);
}

struct evjson *
evjson_new(const struct db *db, struct scanner *scanner, const struct scan_opts *o,
    struct evxml *look)
{
	struct evjson	*x = xcalloc(1, sizeof *x);

	x->events = event_ctx_new(db, scanner, o);
	x->look = look;
	x->scanner = scanner;
	if ((x->tok = json_tokener_new()) == NULL)
		abort();
	x->parse_all = getenv("VSSEXPLAIN_PARSE_ALL") != NULL;
	x->w.cap = 2 * CHUNK;
	x->w.buf = xmalloc(x->w.cap);
	return x;
}

void
evjson_free(struct evjson *x)
{
	if (x == NULL)
		return;
	json_tokener_free(x->tok);
	event_ctx_free(x->events);
	free(x->w.buf);
	evjson_jevent_free(&x->je);
	free(x->efields);
	free(x->pre);
	free(x);
}

const struct event_count *
evjson_count(const struct evjson *x)
{
	return &x->count;
}

const char *
evjson_shape(const struct evjson *x)
{
	int	i, found = -1;

	for (i = 0; i < SHAPE_COUNT; i++) {
		if (x->shapes & (1U << i)) {
			if (found >= 0)
				return "mixed";
			found = i;
		}
	}
	return found >= 0 ? shape_names[found] : "json";
}

/* Makes at least need bytes available from pos (fewer only at the end of the input). */
static size_t
fill(struct evjson *x, size_t need)
{
	return input_fill(x->in, &x->w, need, CHUNK);
}

/* How much to have in the buffer next, when avail bytes hold no end: at most SPAN_MAX. */
static size_t
grow(size_t avail)
{
	size_t	want = avail < CHUNK ? CHUNK : 2 * avail;

	return want > SPAN_MAX ? SPAN_MAX : want;
}

/* Moves pos forward by n bytes, counting lines. */
static void
advance(struct evjson *x, size_t n)
{
	const char	*p = x->w.buf + x->w.pos, *end = p + n, *nl;

	while ((nl = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		x->line++;
		x->line_off = x->w.off + (uint64_t)(nl - x->w.buf) + 1;
		p = nl + 1;
	}
	x->w.pos += n;
}

/* Reports damage at buf[at] (at or after pos) as path:line:column; with stop, reading ends. */
static void __attribute__((format(printf, 4, 5)))
damage(struct evjson *x, int stop, size_t at, const char *fmt, ...)
{
	va_list		 ap;
	char		*msg, *full;
	uint64_t	 line = x->line, ls = x->line_off;
	size_t		 i;

	for (i = x->w.pos; i < at && i < x->w.len; i++) {
		if (x->w.buf[i] == '\n') {
			line++;
			ls = x->w.off + i + 1;
		}
	}
	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) == -1)
		abort();
	va_end(ap);
	full = xasprintf("%s:%llu:%llu: %s", x->path, (unsigned long long)line,
	    (unsigned long long)(x->w.off + at - ls + 1), msg);
	x->error(x->ctx, full);
	free(full);
	free(msg);
	x->failed = 1;
	if (stop)
		x->stop = 1;
}

/*
 * Skips blanks from pos; returns 0 at the end of the input.  Blank lines
 * count as lines like any other.
 */
static int
skip_blanks(struct evjson *x)
{
	for (;;) {
		while (x->w.pos < x->w.len && chars_is_blank((unsigned char)x->w.buf[x->w.pos])) {
			if (x->w.buf[x->w.pos] == '\n') {
				x->line++;
				x->line_off = x->w.off + x->w.pos + 1;
			}
			x->w.pos++;
		}
		if (x->w.pos < x->w.len)
			return 1;
		if (fill(x, 1) == 0)
			return 0;
	}
}

/*
 * Finds the extent of the JSON value at pos: an object or array up to its
 * balancing bracket, a string, or a bare word (number, true, null).
 * Returns its length, or 0 after reporting damage (cut off, too long).
 */
static size_t
value_extent(struct evjson *x)
{
	size_t	i = 0, avail = fill(x, 1);
	int	depth = 0, str = 0, esc = 0;
	char	c0 = x->w.buf[x->w.pos];

	for (;;) {
		const char	*p = x->w.buf + x->w.pos;

		for (; i < avail; i++) {
			char	c = p[i];

			if (str) {
				if (esc)
					esc = 0;
				else if (c == '\\')
					esc = 1;
				else if (c == '"') {
					str = 0;
					if (depth == 0)
						return i + 1;
				}
			} else if (c == '"')
				str = 1;
			else if (c == '{' || c == '[')
				depth++;
			else if (c == '}' || c == ']') {
				if (--depth <= 0)
					return depth == 0 ? i + 1 : (i > 0 ? i : 1);
			} else if (depth == 0 && c0 != '{' && c0 != '[' && (c == ',' ||
			    chars_is_blank((unsigned char)c)))
				return i > 0 ? i : 1;
		}
		if (x->w.eof) {
			if (depth == 0 && !str && i > 0)
				return i;
			damage(x, 1, x->w.len, "the input ends inside a JSON %s that starts at "
			    "line %llu (cut off?)", c0 == '{' ? "object" : c0 == '[' ? "array" :
			    "value", (unsigned long long)x->line);
			return 0;
		}
		if (avail >= SPAN_MAX) {
			damage(x, 1, x->w.pos, "a JSON value longer than %d MiB: damaged, or not "
			    "an export of events", SPAN_MAX / (1024 * 1024));
			return 0;
		}
		avail = fill(x, grow(avail));
	}
}

/*
 * The extent of an object at pos that stands on a line of its own (JSON
 * Lines): up to the line end when the line ends with '}'.  0: it does not
 * (a pretty-printed object, or more on the line), or (*cut) with --state
 * the line is not finished yet.
 */
static size_t
line_object(struct evjson *x, int *cut)
{
	size_t		 avail = fill(x, 1), from = 0, n;
	const char	*nl;

	*cut = 0;
	for (;;) {
		if ((nl = memchr(x->w.buf + x->w.pos + from, '\n', avail - from)) != NULL)
			break;
		if (x->w.eof) {
			if (x->whole) {
				*cut = 1;
				return 0;
			}
			break;
		}
		if (avail >= SPAN_MAX)
			return 0;
		from = avail;
		avail = fill(x, grow(avail));
	}
	n = nl != NULL ? (size_t)(nl - (x->w.buf + x->w.pos)) : avail;
	while (n > 0 && chars_is_blank((unsigned char)x->w.buf[x->w.pos + n - 1]))
		n--;
	return n > 0 && x->w.buf[x->w.pos + n - 1] == '}' ? n : 0;
}

/* The value of key in the raw object p[0..n): where its string (after the quote) or number starts. */
static const char *
raw_value(const char *p, size_t n, const char *key, size_t from)
{
	size_t		 klen = strlen(key), i;
	const char	*hit, *end = p + n;

	while (from < n && (hit = memmem(p + from, n - from, key, klen)) != NULL) {
		i = skip_ws(p, n, (size_t)(hit - p) + klen);
		from = (size_t)(hit - p) + 1;
		if (i >= n || p[i] != ':')
			continue;
		i = skip_ws(p, n, i + 1);
		if (i < n && p[i] == '"')
			i++;
		return p + i < end ? p + i : NULL;
	}
	return NULL;
}

/* The provider keys of the shapes, as written in raw JSON (also as "winlog.provider_name"). */
static const char *const	provider_keys[] = { "provider_name\"", "source_name\"",
    "ProviderName\"", "SourceName\"", "\"Provider\"" };

/*
 * Could the raw object p[0..n) give a finding?  By its provider names: one
 * the rules know about VSS says yes, only names whose events the rules
 * ignore say no; else by the XML reader's test of its text.
 */
static int
raw_wanted(struct evjson *x, const char *p, size_t n)
{
	const char	*v, *e;
	char		 name[EVENT_NAME_MAX];
	size_t		 k, i, j, from;
	int		 w, best = -2;

	if (x->parse_all)
		return 1;
	for (k = 0; k < sizeof provider_keys / sizeof provider_keys[0]; k++) {
		for (from = 0; (v = raw_value(p, n, provider_keys[k], from)) != NULL;
		    from = (size_t)(v - p)) {
			if (k == 4) {
				/* evtx_dump: "Provider": {"#attributes": {"Name": "VSS"}} */
				if ((v = raw_value(v, (size_t)(p + n - v) < 256 ? (size_t)(p + n - v) :
				    256, "\"Name\"", 0)) == NULL)
					break;
			}
			if (v[-1] != '"')
				return 1;	/* not a string: let the parser judge */
			e = memchr(v, '"', (size_t)(p + n - v));
			if (e == NULL || memchr(v, '\\', (size_t)(e - v)) != NULL ||
			    (size_t)(e - v) >= sizeof name)
				return 1;
			memcpy(name, v, (size_t)(e - v));
			name[e - v] = '\0';
			w = evxml_provider_wanted(x->look, name);
			if (w == EVENT_WANT_ALL)
				return 1;
			if (w > best || (best == EVENT_WANT_NONE && w == -1))
				best = w;
			if (k == 4)
				break;
		}
	}
	if (best == EVENT_WANT_NONE)
		return 0;
	/* binary data in hex is decoded by the parser, which the raw look does not */
	if (memmem(p, n, "Binary\"", 7) != NULL)
		return 1;
	/* the text as the XML test reads it: escapes become what they stand for */
	if (n > x->precap) {
		x->precap = n;
		free(x->pre);
		x->pre = xmalloc(x->precap);
	}
	for (i = j = 0; i < n; i++) {
		if (p[i] != '\\' || i + 1 >= n) {
			x->pre[j++] = p[i];
			continue;
		}
		switch (p[++i]) {
		case 'n':
		case 'r':
		case 't':
			x->pre[j++] = ' ';
			break;
		case '"':
		case '\\':
		case '/':
			x->pre[j++] = p[i];
			break;
		default:
			return 1;	/* \u escapes: the parser judges */
		}
	}
	return evxml_text_wanted(x->look, x->pre, j);
}

/* The key the event id is written under in each shape. */
static const char *const	id_keys[SHAPE_COUNT] = { "\"event_id\"", "\"EventID\"",
    "\"Id\"", "\"EventID\"" };

/* Where the id's digits stand in the raw object, after its key; NULL when not found. */
static const char *
id_place(const char *raw, size_t n, const char *key, const char *id)
{
	const char	*k = memmem(raw, n, key, strlen(key)), *hit;
	size_t		 len = strlen(id), rest;

	if (k == NULL || len == 0)
		return NULL;
	rest = (size_t)(raw + n - k);
	if ((hit = memmem(k, rest < 128 ? rest : 128, id, len)) == NULL ||
	    (hit[-1] >= '0' && hit[-1] <= '9') ||
	    (hit + len < raw + n && hit[len] >= '0' && hit[len] <= '9'))
		return NULL;
	return hit;
}

/* Turns one parsed object into an event and its findings. */
static void
one_event(struct evjson *x, struct json_object *o, int shape)
{
	struct event	 ev;
	const char	*raw = x->w.buf + x->w.pos;
	size_t		 i;

	memset(&ev, 0, sizeof ev);
	ev.path = x->path;
	ev.line = x->ev_line;
	ev.offset = x->w.off + x->w.pos;
	ev.raw = raw;
	ev.raw_len = x->span;
	ev.event_id = ev.qualifiers = -1;
	ev.level = -1;
	ev.record_id = -1;
	evjson_fill(&x->je, o, shape, &ev);
	x->shapes |= 1U << shape;
	if (ev.event_id >= 0) {
		snprintf(x->idtext, sizeof x->idtext, "%ld", ev.event_id);
		ev.id_text = x->idtext;
		ev.id_written = id_place(raw, x->span, id_keys[shape], x->idtext);
	}
	if (x->je.nfields > x->efcap) {
		x->efcap = x->je.nfields;
		x->efields = xreallocarray(x->efields, x->efcap, sizeof *x->efields);
	}
	for (i = 0; i < x->je.nfields; i++) {
		const struct jfield	*f = &x->je.fields[i];
		struct event_field	*e = &x->efields[i];

		e->kind = f->kind;
		e->index = f->index;
		e->name = f->name;
		e->text = f->aoff != NONE ? arena_str(x->je.arena, f->aoff) : f->text;
		e->len = f->len;
		e->written = NULL;
		if (f->kind == EVENT_BINARY && f->key != NULL) {
			char	key[80];

			snprintf(key, sizeof key, "\"%s\"", f->key);
			e->written = raw_value(raw, x->span, key, 0);
		}
	}
	ev.fields = x->efields;
	ev.nfields = x->je.nfields;
	event_findings(x->events, &ev, x->emit, x->ctx);
}

/* Finds the events in a parsed value: an event, a hit's _source, a response's hits, a list. */
static void
handle(struct evjson *x, struct json_object *o, int depth)
{
	struct json_object	*v;
	int			 shape;
	size_t			 i;

	if (depth > 4 || o == NULL)
		return;
	if (json_object_is_type(o, json_type_array)) {
		for (i = 0; i < json_object_array_length(o); i++)
			handle(x, json_object_array_get_idx(o, i), depth + 1);
		return;
	}
	if (!json_object_is_type(o, json_type_object))
		return;
	if ((v = evjson_member(o, "_source")) != NULL && json_object_is_type(v, json_type_object)) {
		handle(x, v, depth + 1);
		return;
	}
	if ((v = evjson_member(o, "hits.hits")) != NULL && json_object_is_type(v, json_type_array)) {
		handle(x, v, depth + 1);
		return;
	}
	if ((shape = evjson_shape_of(o)) >= 0)
		one_event(x, o, shape);
}

/* Parses the value buf[pos, pos + span) and reads its events; 0 when it is damaged. */
static int
parse_span(struct evjson *x, int stop)
{
	struct json_object	*o;
	enum json_tokener_error	 err;
	size_t			 end;

	x->count.parsed++;
	json_tokener_reset(x->tok);
	o = json_tokener_parse_ex(x->tok, x->w.buf + x->w.pos, (int)x->span);
	err = json_tokener_get_error(x->tok);
#if JSON_C_VERSION_NUM >= ((0 << 16) | (15 << 8))
	end = json_tokener_get_parse_end(x->tok);
#else
	end = (size_t)x->tok->char_offset;
#endif
	if (o == NULL) {
		if (err == json_tokener_continue)
			damage(x, stop, x->w.pos + x->span, "the JSON value ends early");
		else
			damage(x, stop, x->w.pos + (end > 0 ? end - 1 : 0), "broken JSON: %s",
			    json_tokener_error_desc(err));
		return 0;
	}
	if (end < x->span)
		x->span = end;	/* another value follows on the line */
	handle(x, o, 0);
	json_object_put(o);
	return 1;
}

/*
 * Reads the value at pos: an object with events (or none), anything else is
 * passed over.  top: at the top level, where an object may be a line.
 * Returns 0 when reading stops.
 */
static int
read_value(struct evjson *x, int top)
{
	int	cut = 0;

	x->span = 0;
	if (top && x->w.buf[x->w.pos] == '{')
		x->span = line_object(x, &cut);
	if (cut)
		return 0;	/* an unfinished line waits for the next run */
	if (x->span == 0 && (x->span = value_extent(x)) == 0)
		return 0;
	if (x->span > SPAN_MAX) {
		/* the buffer may hold a little more than SPAN_MAX: the limit is the same */
		damage(x, 1, x->w.pos, "a JSON value longer than %d MiB: damaged, or not an "
		    "export of events", SPAN_MAX / (1024 * 1024));
		return 0;
	}
	x->ev_line = x->line;
	if (x->w.buf[x->w.pos] == '{' || x->w.buf[x->w.pos] == '[') {
		x->count.events += x->w.buf[x->w.pos] == '{';
		if (raw_wanted(x, x->w.buf + x->w.pos, x->span) && !parse_span(x, !top)) {
			const char	*nl;

			if (!top)
				return 0;
			/* a broken line: go on with the next one */
			if ((nl = memchr(x->w.buf + x->w.pos, '\n', x->span)) != NULL)
				x->span = (size_t)(nl - (x->w.buf + x->w.pos));
		}
	}
	advance(x, x->span);
	return 1;
}

/* Expects ',' (then more) or the closing bracket c after a member; 0: damage, reported. */
static int
next_member(struct evjson *x, char c, int *more)
{
	if (!skip_blanks(x)) {
		damage(x, 1, x->w.len, "the input ends inside the JSON %s (cut off?)",
		    c == ']' ? "array" : "object");
		return 0;
	}
	*more = x->w.buf[x->w.pos] == ',';
	if (*more || x->w.buf[x->w.pos] == c) {
		x->w.pos++;
		return 1;
	}
	damage(x, 1, x->w.pos, "expected ',' or '%c' here", c);
	return 0;
}

/* Reads an array at pos element by element; 0 when reading stops. */
static int
read_array(struct evjson *x)
{
	int	more = 1;

	x->w.pos++;
	while (more && !x->stop) {
		if (!skip_blanks(x)) {
			damage(x, 1, x->w.len, "the input ends inside the JSON array (cut off?)");
			return 0;
		}
		if (x->w.buf[x->w.pos] == ']') {
			x->w.pos++;
			return 1;
		}
		if (!read_value(x, 0) || !next_member(x, ']', &more))
			return 0;
		if (!more)
			return 1;
	}
	return 0;
}

/* Reads a member name at pos into key (cut to its size); 0 on damage. */
static int
read_key(struct evjson *x, char *key, size_t size)
{
	size_t	n;

	if (x->w.buf[x->w.pos] != '"') {
		damage(x, 1, x->w.pos, "expected a member name here");
		return 0;
	}
	if ((n = value_extent(x)) == 0)
		return 0;
	snprintf(key, size, "%.*s", (int)(n - 2), x->w.buf + x->w.pos + 1);
	advance(x, n);
	if (!skip_blanks(x) || x->w.buf[x->w.pos] != ':') {
		damage(x, 1, x->w.pos, "expected ':' after a member name");
		return 0;
	}
	x->w.pos++;
	return skip_blanks(x) ? 1 : (damage(x, 1, x->w.len, "the input ends after a member name"),
	    0);
}

/*
 * Reads an Elasticsearch search response at pos without holding it: the
 * outer object's "hits", and in it the array "hits", element by element (or
 * an _msearch's "responses", each read whole); other members are passed
 * over.  Returns 0 when reading stops.
 */
static int
read_response(struct evjson *x, int level)
{
	char	key[32];
	int	more = 1;

	x->w.pos++;
	while (more && !x->stop) {
		if (!skip_blanks(x)) {
			damage(x, 1, x->w.len, "the input ends inside the JSON object (cut off?)");
			return 0;
		}
		if (x->w.buf[x->w.pos] == '}') {
			x->w.pos++;
			return 1;
		}
		if (!read_key(x, key, sizeof key))
			return 0;
		if (strcmp(key, "hits") == 0 && level == 0 && x->w.buf[x->w.pos] == '{') {
			if (!read_response(x, 1))
				return 0;
		} else if ((strcmp(key, "hits") == 0 && level == 1 && x->w.buf[x->w.pos] == '[') ||
		    (strcmp(key, "responses") == 0 && level == 0 && x->w.buf[x->w.pos] == '[')) {
			/* the hits, or the responses of an _msearch, one by one */
			if (!read_array(x))
				return 0;
		} else {
			size_t	n = value_extent(x);

			if (n == 0)
				return 0;
			advance(x, n);
		}
		if (!next_member(x, '}', &more))
			return 0;
	}
	return !x->stop;
}

/* Is the object at pos a search response: does its first member name say so? */
static int
response_start(struct evjson *x)
{
	static const char *const	 keys[] = { "\"took\"", "\"timed_out\"", "\"_shards\"",
	    "\"hits\"", "\"_scroll_id\"", "\"pit_id\"" };
	size_t				 avail = fill(x, 64), i, k;
	const char			*p = x->w.buf + x->w.pos;

	i = skip_ws(p, avail, 1);
	for (k = 0; k < sizeof keys / sizeof keys[0]; k++) {
		if (starts(p + i, avail - i, keys[k]))
			return 1;
	}
	return 0;
}

/* Scans a line that is not JSON as text; evtx_dump's "Record N" lines are passed over. */
static int
text_line(struct evjson *x)
{
	struct scan_pos	 at;
	size_t		 avail = fill(x, 1), n, from = 0;
	const char	*nl;

	for (;;) {
		if ((nl = memchr(x->w.buf + x->w.pos + from, '\n', avail - from)) != NULL ||
		    x->w.eof || avail >= SPAN_MAX)
			break;
		from = avail;
		avail = fill(x, grow(avail));
	}
	if (nl == NULL && x->w.eof && x->whole)
		return 0;	/* an unfinished line waits for the next run */
	n = nl != NULL ? (size_t)(nl - (x->w.buf + x->w.pos)) + 1 : avail;
	if (!record_line(x->w.buf + x->w.pos, n)) {
		x->count.text++;
		at.offset = x->w.off + x->w.pos;
		at.line = x->line;
		scanner_line(x->scanner, x->w.buf + x->w.pos, n, x->path, &at, x->emit, x->ctx);
	}
	advance(x, n);
	return 1;
}

int
evjson_scan(struct evjson *x, struct input *in, const char *path,
    const struct scan_pos *start, int complete_lines, struct scan_pos *end,
    finding_fn emit, evjson_msg_fn error, evjson_msg_fn notice, void *ctx)
{
	char	*msg;
	int	 go = 1;

	x->in = in;
	x->path = path;
	x->emit = emit;
	x->error = error;
	x->notice = notice;
	x->ctx = ctx;
	x->whole = complete_lines;
	x->w.len = x->w.pos = 0;
	x->w.off = start->offset;
	x->line_off = start->offset;
	x->line = start->line;
	x->w.eof = x->failed = x->stop = 0;
	memset(&x->count, 0, sizeof x->count);
	x->shapes = 0;
	while (go && !x->stop && skip_blanks(x)) {
		size_t	avail = fill(x, 256);

		if (array_start(x->w.buf + x->w.pos, avail, 0))
			go = read_array(x);
		else if (object_start(x->w.buf + x->w.pos, avail, 0))
			go = response_start(x) ? read_response(x, 0) : read_value(x, 1);
		else
			go = text_line(x);
	}
	end->offset = x->w.off + x->w.pos;
	end->line = x->line;
	x->count.lines = x->line - 1 + (x->w.pos > 0 && x->w.buf[x->w.pos - 1] != '\n');
	if (x->count.text > 0 && notice != NULL) {
		msg = xasprintf("%s: %llu line%s that %s not JSON, scanned as text", path,
		    (unsigned long long)x->count.text, x->count.text == 1 ? "" : "s",
		    x->count.text == 1 ? "is" : "are");
		notice(ctx, msg);
		free(msg);
	}
	x->in = NULL;
	return x->failed ? -1 : 0;
}

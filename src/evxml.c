/* evxml.c: reads exported Windows event logs (XML) event by event into the event model. */
#include "config.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "chars.h"
#include "event.h"
#include "evxml-fast.h"
#include "evxml-raw.h"
#include "evxml.h"
#include "input.h"
#include "readers.h"
#include "xalloc.h"

#define CHUNK		(256 * 1024)		/* bytes read at a time */
#define SPAN_MAX	(4 * 1024 * 1024)	/* the longest event accepted */

/*
 * How events are read.  The input is read in chunks into one buffer; outside
 * the events a small hand-written reader accepts blanks, an XML declaration,
 * comments and an <Events> root, and refuses anything else, a DTD first of
 * all (nothing is ever loaded or expanded).  Each <Event>...</Event> span is
 * first looked at as raw bytes (evxml-raw.c): where it ends, and whether it
 * can hold a finding at all.  It can when its provider is one the rules say
 * is about VSS; when its text holds a number, name or pattern literal the
 * scanner could report and also a word about VSS (or --all-codes is given);
 * and when the raw look cannot judge it (character or entity references,
 * CDATA, comments, control bytes, binary data that decodes to such text).
 * The test errs towards parsing, never the other way: $VSSEXPLAIN_PARSE_ALL
 * parses every event, and the tests check that the findings stay the same.
 * Most events of a busy log (logons and the like) fail it and are skipped
 * without parsing.  The others are parsed with libxml2's reader from memory
 * (in the readers module, loaded then: readers.h),
 * with the encoding given (the input layer has decoded UTF-16 already), into
 * a struct event: the System values and fields, every <Data>, the text of
 * <UserData>, <Message> and <Binary>.  The event model (event.c) then turns
 * it into findings.  Memory use is bounded by the longest event.  A skipped
 * event is checked for its start and end tags and for tags cut short or
 * broken ('<' inside a tag, '<' before a byte no tag starts with): such an
 * event is parsed, so its damage is reported.  A wrong end tag name in an
 * event nobody parses goes unnoticed.
 */

/* A field of the event being parsed; strings are offsets into the arena. */
struct field {
	enum event_field_kind	 kind;
	int			 index;		/* 1-based among the <Data> elements, else 0 */
	size_t			 name, name_len;	/* Data Name or UserData element */
	size_t			 text, len;
};

struct evxml {
	const struct vssx_readers *readers;	/* the module, once an event needs it */
	void			*reader;	/* its libxml2 reader */
	struct event_ctx	*events;	/* the event model: rules and findings */
	struct evxml_raw	*raw;		/* the raw look at each event */
	struct evxml_fast	*fast;		/* reads plain events without libxml2 */

	/* the input being read */
	struct input		*in;
	const char		*path;
	finding_fn		 emit;
	evxml_error_fn		 error;
	void			*ctx;
	char			 encoding[48];
	char			*buf;
	size_t			 cap, len, pos;
	uint64_t		 buf_off;	/* stream offset of buf[0] */
	int			 eof;
	uint64_t		 line;		/* the line of buf[pos] */
	uint64_t		 line_off;	/* stream offset where that line starts */
	int			 root;		/* inside <Events> */
	char			 root_name[64];
	char			 qname[64];	/* the event element's name as written */
	int			 failed;	/* damage was reported */
	int			 stop;		/* ... and reading this input stops */
	struct event_count	 count;
	uint64_t		 nfast;		/* of count.parsed, read by evxml-fast.c */
	uint64_t		 nonepass;	/* of those, in one pass (one_pass) */

	/* the event being read: buf[pos, pos + span) */
	size_t			 span;
	uint64_t		 ev_line, ev_col;
	char			 provider[EVENT_NAME_MAX], source[EVENT_NAME_MAX];
	char			 channel[EVENT_NAME_MAX], computer[EVENT_NAME_MAX];
	char			 systime[64], idtext[16], leveltext[16], rectext[24];
	char			 qualtext[16];
	struct field		*fields;
	size_t			 nfields, fcap;
	struct event_field	*efields;	/* the fields as the event model takes them */
	size_t			 efcap;
	struct arena		*arena;		/* the fields' names and texts */
	const char		*place;		/* evxml_event: where the event is, for messages */
	int			 all_codes;
	char			*tbuf;		/* evxml_text_wanted: the text as an event */
	size_t			 tcap;
};

/* Does p[0..n) start with the string s? */
static int
starts(const char *p, size_t n, const char *s)
{
	size_t	len = strlen(s);

	return n >= len && memcmp(p, s, len) == 0;
}

/* The part of an element name after its namespace prefix. */
static const char *
local_name(const char *name)
{
	const char	*c = strchr(name, ':');

	return c != NULL ? c + 1 : name;
}

static const char clixml_help[] =
    "PowerShell Export-Clixml output, not an event-log export; export the "
    "events as XML instead: wevtutil qe Application /f:xml > app.xml, or in "
    "PowerShell: Get-WinEvent -LogName Application | ForEach-Object "
    "{ $_.ToXml() } | Set-Content app.xml";

/* Reads an element or DOCTYPE name at p[i..n) into name; returns its length. */
static size_t
sniff_name(const char *p, size_t n, size_t i, char *name, size_t size)
{
	size_t	k = 0;

	while (i + k < n && k + 1 < size && chars_is_xml_name((unsigned char)p[i + k])) {
		name[k] = p[i + k];
		k++;
	}
	name[k] = '\0';
	return k;
}

enum evxml_kind
evxml_sniff(const char *p, size_t n, const char **why)
{
	size_t		 i = 0;
	const char	*e;
	char		 name[64];

	*why = NULL;
	if (starts(p, n, "evtxexport ")) {
		/* evtxexport writes its version on a line of its own first */
		if ((e = memchr(p, '\n', n)) == NULL)
			return EVXML_NONE;
		i = (size_t)(e - p) + 1;
	}
	for (;;) {
		while (i < n && chars_is_blank((unsigned char)p[i]))
			i++;
		if (i >= n || p[i] != '<')
			return EVXML_NONE;
		if (starts(p + i, n - i, "<?")) {
			if ((e = memmem(p + i, n - i, "?>", 2)) == NULL)
				return EVXML_NONE;
			i = (size_t)(e - p) + 2;
		} else if (starts(p + i, n - i, "<!--")) {
			if ((e = memmem(p + i, n - i, "-->", 3)) == NULL)
				return EVXML_NONE;
			i = (size_t)(e - p) + 3;
		} else if (starts(p + i, n - i, "<!DOCTYPE")) {
			/* refused when read: a DTD for events, or one that declares entities */
			i += 9;
			while (i < n && chars_is_blank((unsigned char)p[i]))
				i++;
			sniff_name(p, n, i, name, sizeof name);
			if (strcmp(local_name(name), "Events") == 0 ||
			    strcmp(local_name(name), "Event") == 0 ||
			    memmem(p + i, n - i, "<!ENTITY", 8) != NULL)
				return EVXML_EVENTS;
			return EVXML_NONE;
		} else {
			sniff_name(p, n, i + 1, name, sizeof name);
			if (strcmp(local_name(name), "Events") == 0 ||
			    strcmp(local_name(name), "Event") == 0)
				return EVXML_EVENTS;
			if (strcmp(name, "Objs") == 0 && memmem(p + i, n - i,
			    "schemas.microsoft.com/powershell/2004/04", 40) != NULL) {
				*why = clixml_help;
				return EVXML_REFUSED;
			}
			return EVXML_NONE;
		}
	}
}

struct evxml *
evxml_new(const struct db *db, struct scanner *scanner, const struct scan_opts *o)
{
	struct evxml	*x = xcalloc(1, sizeof *x);

	x->events = event_ctx_new(db, scanner, o);
	x->raw = evxml_raw_new(db, scanner, x->events, o->all_codes);
	x->fast = evxml_fast_new();
	x->all_codes = o->all_codes;
	x->cap = 2 * CHUNK;
	x->buf = xmalloc(x->cap);
	return x;
}

void
evxml_free(struct evxml *x)
{
	if (x == NULL)
		return;
	free(x->tbuf);
	if (x->reader != NULL)
		x->readers->xml_free(x->reader);
	free(x->buf);
	free(x->fields);
	free(x->efields);
	free(x->arena);
	evxml_raw_free(x->raw);
	evxml_fast_free(x->fast);
	event_ctx_free(x->events);
	free(x);
}

const struct event_count *
evxml_count(const struct evxml *x)
{
	return &x->count;
}

/*
 * Makes at least need bytes available from pos (fewer only at the end of the
 * input) and returns how many are.  Moves the buffer: offsets into it are
 * only valid relative to pos afterwards.  input_fill does the work on the
 * reader's fields, which stand loose here until they become one window
 * (as in evjson.c) once the work on the event fast path has landed.
 */
static size_t
fill(struct evxml *x, size_t need)
{
	struct input_window	w;
	size_t			n;

	if (x->len - x->pos >= need || x->eof)
		return x->len - x->pos;
	w = (struct input_window){ x->buf, x->cap, x->len, x->pos, x->buf_off, x->eof };
	n = input_fill(x->in, &w, need, CHUNK);
	x->buf = w.buf;
	x->cap = w.cap;
	x->len = w.len;
	x->pos = w.pos;
	x->buf_off = w.off;
	x->eof = w.eof;
	return n;
}

/* Passes "path:line:column: message" to the error callback. */
static void
report(struct evxml *x, uint64_t line, uint64_t col, const char *msg)
{
	char	*full;

	if (x->place != NULL)
		full = xasprintf("%s: %s: %s", x->path, x->place, msg);
	else
		full = xasprintf("%s:%llu:%llu: %s", x->path, (unsigned long long)line,
		    (unsigned long long)col, msg);
	x->error(x->ctx, full);
	free(full);
	x->failed = 1;
}

/*
 * Reports damage at buf[at] (at or after pos).  With stop, reading this input
 * stops: damage outside events leaves no sure place to go on from.  Without,
 * the damage is inside the event at pos whose end is known: its findings
 * are lost, the next event is read.
 */
static void __attribute__((format(printf, 4, 5)))
damage(struct evxml *x, int stop, size_t at, const char *fmt, ...)
{
	va_list		 ap;
	char		*msg;
	uint64_t	 line = x->line, ls = x->line_off;
	size_t		 i;

	for (i = x->pos; i < at && i < x->len; i++) {
		if (x->buf[i] == '\n') {
			line++;
			ls = x->buf_off + i + 1;
		}
	}
	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) == -1)
		abort();
	va_end(ap);
	report(x, line, x->buf_off + at - ls + 1, msg);
	free(msg);
	if (stop)
		x->stop = 1;
}

/* Moves pos forward by n bytes, counting lines. */
static void
advance(struct evxml *x, size_t n)
{
	const char	*p = x->buf + x->pos, *end = p + n, *nl;

	while ((nl = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		x->line++;
		x->line_off = x->buf_off + (uint64_t)(nl - x->buf) + 1;
		p = nl + 1;
	}
	x->pos += n;
}

/* Skips past the next occurrence of s (what says what is skipped). */
static int
skip_past(struct evxml *x, const char *s, const char *what)
{
	size_t		 len = strlen(s), from = 0, avail;
	const char	*hit;

	for (;;) {
		avail = x->len - x->pos;
		if (avail >= len && (hit = memmem(x->buf + x->pos + from, avail - from, s,
		    len)) != NULL) {
			advance(x, (size_t)(hit - (x->buf + x->pos)) + len);
			return 1;
		}
		if (x->eof || avail >= SPAN_MAX) {
			damage(x, 1, x->pos, "%s that does not end", what);
			return 0;
		}
		from = avail >= len ? avail - len + 1 : 0;
		fill(x, avail + CHUNK);
	}
}

/* Takes the encoding from an XML declaration at the start of a single-byte input. */
static void
declared_encoding(struct evxml *x, const char *p, size_t n)
{
	const char	*e = memmem(p, n, "encoding", 8), *end = memmem(p, n, "?>", 2);
	char		 q, enc[48];
	size_t		 k = 0;

	if (e == NULL || end == NULL || e > end || input_encoding(x->in) != INPUT_BYTES)
		return;
	for (e += 8; e < end && (chars_is_blank((unsigned char)*e) || *e == '='); e++)
		;
	if (e >= end || (*e != '"' && *e != '\''))
		return;
	q = *e++;
	while (e < end && *e != q && k + 1 < sizeof enc)
		enc[k++] = *e++;
	enc[k] = '\0';
	/* UTF-16 was decoded by the input layer, if it really was UTF-16 */
	if (k == 0 || strncasecmp(enc, "utf-8", 5) == 0 || strncasecmp(enc, "utf8", 4) == 0 ||
	    strncasecmp(enc, "utf-16", 6) == 0 || strncasecmp(enc, "unicode", 7) == 0)
		return;
	snprintf(x->encoding, sizeof x->encoding, "%s", enc);
}

/* The length of the tag at pos (a quoted '>' does not end it); 0 on damage. */
static size_t
tag_length(struct evxml *x, int *empty)
{
	size_t	avail = fill(x, 4096), i;

	for (i = 1; i < avail; i++) {
		char		 c = x->buf[x->pos + i];
		const char	*e;

		if (c == '"' || c == '\'') {
			/* a quoted value ends at its quote: found at once, not byte by byte */
			if ((e = memchr(x->buf + x->pos + i + 1, c, avail - i - 1)) == NULL)
				break;
			i = (size_t)(e - (x->buf + x->pos));
		} else if (c == '>') {
			*empty = x->buf[x->pos + i - 1] == '/';
			return i + 1;
		}
	}
	if (x->eof)
		damage(x, 1, x->len, "the input ends inside a tag (cut off?)");
	else
		damage(x, 1, x->pos, "a tag longer than 4 KiB");
	return 0;
}

/* Skips the tag at pos. */
static int
skip_tag(struct evxml *x, int *empty)
{
	size_t	n = tag_length(x, empty);

	if (n == 0)
		return 0;
	advance(x, n);
	return 1;
}

/* Reads a tag name at buf[pos + off]; returns its length (0: none). */
static size_t
tag_name(struct evxml *x, size_t off, char *name, size_t size)
{
	size_t	avail = fill(x, 256), k = 0;

	while (off + k < avail && k + 1 < size && chars_is_xml_name((unsigned char)x->buf[x->pos + off + k])) {
		name[k] = x->buf[x->pos + off + k];
		k++;
	}
	name[k] = '\0';
	return off + k < avail && k + 1 < size ? k : 0;
}

/*
 * Reads what stands between events: blanks, declarations, comments, the root.
 * Returns 1 at the start of an event, 0 at the end of the input or on damage.
 */
static int
outside(struct evxml *x)
{
	char	name[64];
	size_t	avail, len;
	int	empty;

	for (;;) {
		if (x->pos >= x->len && fill(x, 1) == 0)
			return 0;
		if (chars_is_blank((unsigned char)x->buf[x->pos])) {
			if (x->buf[x->pos] == '\n') {
				x->line++;
				x->line_off = x->buf_off + x->pos + 1;
			}
			x->pos++;
			continue;
		}
		avail = fill(x, 256);
		if (x->buf_off + x->pos == 0 && starts(x->buf, avail, "evtxexport ")) {
			if (!skip_past(x, "\n", "a first line"))
				return 0;
			continue;
		}
		if (x->buf[x->pos] != '<') {
			damage(x, 1, x->pos, "text outside an event ('%.*s')", (int)(avail < 20 ?
			    avail : 20), x->buf + x->pos);
			return 0;
		}
		if (avail < 2) {
			damage(x, 1, x->pos, "the input ends inside markup");
			return 0;
		}
		if (starts(x->buf + x->pos, avail, "<?")) {
			if (x->root && starts(x->buf + x->pos, avail, "<?xml ")) {
				damage(x, 1, x->pos, "an XML declaration inside the document");
				return 0;
			}
			if (x->buf_off + x->pos == 0)
				declared_encoding(x, x->buf, avail);
			if (!skip_past(x, "?>", "a processing instruction"))
				return 0;
		} else if (starts(x->buf + x->pos, avail, "<!--")) {
			if (!skip_past(x, "-->", "a comment"))
				return 0;
		} else if (starts(x->buf + x->pos, avail, "<!DOCTYPE")) {
			damage(x, 1, x->pos, "a document type declaration (DTD): refused; event "
			    "exports have none, and vssexplain never loads DTDs or expands "
			    "entities");
			return 0;
		} else if (x->buf[x->pos + 1] == '/') {
			if (tag_name(x, 2, name, sizeof name) == 0 || !x->root ||
			    strcmp(name, x->root_name) != 0) {
				damage(x, 1, x->pos, "an end tag </%s> outside an event", name);
				return 0;
			}
			if (!skip_tag(x, &empty))
				return 0;
			x->root = 0;
		} else if ((len = tag_name(x, 1, name, sizeof name)) == 0) {
			damage(x, 1, x->pos, "markup that is not an element where an event "
			    "should start");
			return 0;
		} else if (strcmp(local_name(name), "Event") == 0) {
			size_t	n = tag_length(x, &empty);

			if (n == 0)
				return 0;
			if (empty) {
				x->count.events++;	/* <Event/>: nothing in it */
				advance(x, n);
				continue;
			}
			/* both are 64 bytes: tag_name ended the name within them */
			memcpy(x->qname, name, len + 1);
			return 1;
		} else if (strcmp(local_name(name), "Events") == 0 && !x->root) {
			if (!skip_tag(x, &empty))
				return 0;
			x->root = !empty;
			snprintf(x->root_name, sizeof x->root_name, "%s", name);
		} else {
			damage(x, 1, x->pos, "<%s> where an <Event> should start", name);
			return 0;
		}
	}
}

/* Rewrites "line N" in a libxml2 message, which counts from the event's first line. */
static char *
file_lines(const char *msg, uint64_t first)
{
	const char	*p = msg, *hit;
	char		*out = xstrdup(""), *tmp;

	while ((hit = strstr(p, "line ")) != NULL && hit[5] >= '0' && hit[5] <= '9') {
		char		*end;
		unsigned long	 n = strtoul(hit + 5, &end, 10);

		tmp = xasprintf("%s%.*sline %llu", out, (int)(hit - p), p,
		    (unsigned long long)(first + n - 1));
		free(out);
		out = tmp;
		p = end;
	}
	tmp = xasprintf("%s%s", out, p);
	free(out);
	return tmp;
}

/* Opens a field of the event; its text follows in the arena. */
static void
open_field(struct evxml *x, enum event_field_kind kind, int index, const char *name)
{
	struct field	*f;

	if (x->nfields == x->fcap) {
		x->fcap = x->fcap ? x->fcap * 2 : 16;
		x->fields = xreallocarray(x->fields, x->fcap, sizeof *x->fields);
	}
	f = &x->fields[x->nfields++];
	f->kind = kind;
	f->index = index;
	f->name_len = name != NULL ? strlen(name) : 0;
	if (arena_len(x->arena) > 0)
		arena_add(&x->arena, "", 0);	/* ends the text before */
	f->name = arena_add(&x->arena, name != NULL ? name : "", f->name_len);
	f->text = arena_len(x->arena);
	f->len = 0;
}

/* The places the text of the current node goes to. */
enum target {
	T_NONE,
	T_FIELD,
	T_SYSTEM
};

/* Where parse_span stands in the event libxml2's reader walks. */
struct walk {
	struct evxml	*x;
	enum target	 t;
	char		*sys;		/* T_SYSTEM: the value the text goes to */
	size_t		 syssize;
	int		 tdepth;	/* the depth of the element of the text */
	int		 section;	/* 1 System, 2 EventData, 3 UserData, 4 RenderingInfo */
	int		 ndata;		/* <Data> elements so far */
};

/* Reads an element start inside the event at depth; sets where its text goes. */
static void
element(struct walk *w, void *r, int depth, const char *name)
{
	struct evxml	*x = w->x;
	void		(*attribute)(void *, const char *, char *, size_t) =
			    x->readers->xml_attribute;
	char		 dname[EVENT_NAME_MAX];
	int		*section = &w->section, *ndata = &w->ndata;
	enum target	*t = &w->t;
	char		**sys = &w->sys;
	size_t		*syssize = &w->syssize;

	*t = T_NONE;
	if (depth == 1) {
		*section = strcmp(name, "System") == 0 ? 1 : strcmp(name, "EventData") == 0 ? 2 :
		    strcmp(name, "UserData") == 0 ? 3 : strcmp(name, "RenderingInfo") == 0 ? 4 : 0;
		return;
	}
	switch (*section) {
	case 1:
		if (depth != 2)
			return;
		if (strcmp(name, "Provider") == 0) {
			attribute(r, "Name", x->provider, sizeof x->provider);
			attribute(r, "EventSourceName", x->source, sizeof x->source);
			return;
		}
		if (strcmp(name, "TimeCreated") == 0) {
			attribute(r, "SystemTime", x->systime, sizeof x->systime);
			return;
		}
		if (strcmp(name, "EventID") == 0)
			attribute(r, "Qualifiers", x->qualtext, sizeof x->qualtext);
		*sys = strcmp(name, "EventID") == 0 ? x->idtext :
		    strcmp(name, "Level") == 0 ? x->leveltext :
		    strcmp(name, "EventRecordID") == 0 ? x->rectext :
		    strcmp(name, "Channel") == 0 ? x->channel :
		    strcmp(name, "Computer") == 0 ? x->computer : NULL;
		*syssize = *sys == x->idtext ? sizeof x->idtext : *sys == x->leveltext ?
		    sizeof x->leveltext : *sys == x->rectext ? sizeof x->rectext : EVENT_NAME_MAX;
		if (*sys != NULL)
			*t = T_SYSTEM;
		return;
	case 2:
		if (depth != 2)
			return;
		if (strcmp(name, "Data") == 0) {
			attribute(r, "Name", dname, sizeof dname);
			open_field(x, EVENT_DATA, ++*ndata, dname);
			*t = T_FIELD;
		} else if (strcmp(name, "Binary") == 0) {
			open_field(x, EVENT_BINARY, 0, NULL);
			*t = T_FIELD;
		}
		return;
	case 3:
		open_field(x, EVENT_USERDATA, 0, name);
		*t = T_FIELD;
		return;
	case 4:
		if (depth == 2 && strcmp(name, "Message") == 0) {
			open_field(x, EVENT_MESSAGE, 0, NULL);
			*t = T_FIELD;
		}
		return;
	}
}

/* Appends text to a System value (NUL-terminated, bounded). */
static void
sys_text(char *dst, size_t size, const char *s)
{
	size_t	n = strlen(dst);

	snprintf(dst + n, size - n, "%s", s);
}

static void
walk_element(void *ctx, void *node, int depth, const char *name, int empty)
{
	struct walk	*w = ctx;

	if (depth == 0)
		return;
	element(w, node, depth, name);
	w->tdepth = depth;
	if (empty)
		w->t = T_NONE;
}

static void
walk_text(void *ctx, const char *v)
{
	struct walk	*w = ctx;
	struct evxml	*x = w->x;
	size_t		 n = strlen(v);

	if (w->t == T_FIELD) {
		arena_append(&x->arena, v, n);
		x->fields[x->nfields - 1].len += n;
	} else if (w->t == T_SYSTEM)
		sys_text(w->sys, w->syssize, v);
}

static void
walk_end(void *ctx, int depth)
{
	struct walk	*w = ctx;

	if (depth == w->tdepth)
		w->t = T_NONE;
	if (depth == 1)
		w->section = 0;
}

/* Parses the event span with libxml2 into the event's values and fields. */
static int
parse_span(struct evxml *x)
{
	static const struct readers_xml_sink	 sink = { walk_element, walk_text, walk_end };
	struct walk				 w = { x, T_NONE, NULL, 0, -1, 0, 0 };
	struct readers_xml_error		 err;
	const char				*why;
	char					*msg;
	int					 ret;

	x->provider[0] = x->source[0] = x->channel[0] = x->computer[0] = '\0';
	x->systime[0] = x->idtext[0] = x->leveltext[0] = x->rectext[0] = '\0';
	x->qualtext[0] = '\0';
	x->nfields = 0;
	arena_clear(x->arena);
	if (x->readers == NULL && (x->readers = readers_get(&why)) == NULL) {
		damage(x, 1, x->pos, "this event needs the full XML parser: %s", why);
		return -1;
	}
	ret = x->readers->xml_walk(&x->reader, x->buf + x->pos, x->span, x->path, x->encoding,
	    &sink, &w, &err);
	if (ret == -2) {
		damage(x, 1, x->pos, "the XML parser cannot be set up for this event (encoding "
		    "%s)", x->encoding);
		return -1;
	}
	if (ret < 0) {
		if (err.msg == NULL) {
			damage(x, 0, x->pos, "malformed XML in this event");
			return -1;
		}
		msg = file_lines(err.msg, x->ev_line);
		report(x, x->ev_line + (uint64_t)(err.line > 0 ? err.line - 1 : 0),
		    err.line <= 1 ? x->ev_col + (uint64_t)(err.col > 0 ? err.col - 1 : 0) :
		    (uint64_t)err.col, msg);
		free(msg);
		free(err.msg);
		return -1;
	}
	return 0;
}

/* A number in the text of a System value, or -1. */
static long long
sys_number(const char *s)
{
	char		*end;
	long long	 n = strtoll(s, &end, 10);

	return end == s ? -1 : n;
}

/* A System name, or NULL when it is empty. */
static const char *
sys_name(const char *s)
{
	return s[0] != '\0' ? s : NULL;
}

/* Fills ev from the event parsed last, for the event model. */
static void
to_event(struct evxml *x, struct event *ev)
{
	const char	*span = x->buf + x->pos;
	size_t		 i;

	memset(ev, 0, sizeof *ev);
	ev->path = x->path;
	ev->line = x->ev_line;
	ev->offset = x->buf_off + x->pos;
	ev->raw = span;
	ev->raw_len = x->span;
	ev->provider = sys_name(x->provider);
	ev->source = sys_name(x->source);
	ev->event_id = (long)sys_number(x->idtext);
	ev->id_text = x->idtext;
	ev->qualifiers = (long)sys_number(x->qualtext);
	ev->level = (int)sys_number(x->leveltext);
	ev->record_id = sys_number(x->rectext);
	ev->channel = sys_name(x->channel);
	ev->computer = sys_name(x->computer);
	event_parse_time(x->systime, &ev->time, &ev->nsec);
	if (x->nfields > x->efcap) {
		x->efcap = x->nfields;
		x->efields = xreallocarray(x->efields, x->efcap, sizeof *x->efields);
	}
	for (i = 0; i < x->nfields; i++) {
		const struct field	*f = &x->fields[i];
		struct event_field	*e = &x->efields[i];

		e->kind = f->kind;
		e->index = f->index;
		e->name = f->name_len > 0 ? arena_str(x->arena, f->name) : NULL;
		e->text = arena_str(x->arena, f->text);
		e->len = f->len;
	}
	ev->fields = x->efields;
	ev->nfields = x->nfields;
	evxml_place_written(ev, x->efields);
}

/*
 * Reads the event at pos straight from its bytes when it is plain
 * (evxml-fast.c), into ev as to_event fills it; returns -1 when it must be
 * parsed in full instead.
 */
static int
fast_event(struct evxml *x, struct event *ev)
{
	if (strcmp(x->encoding, "UTF-8") != 0)
		return -1;
	memset(ev, 0, sizeof *ev);
	if (evxml_fast_event(x->fast, x->qname, x->buf + x->pos, x->span, ev) != 0)
		return -1;
	ev->path = x->path;
	ev->line = x->ev_line;
	ev->offset = x->buf_off + x->pos;
	return 0;
}

/*
 * Reads the event at pos in one pass when the raw look would only find its
 * end (its provider is about VSS, so it is read whatever it holds) and it is
 * plain: the fast reader finds the end itself, where the raw look would
 * scan the event for it first.  Returns 1 with *rs filled as the raw look
 * fills it and *ev read but for its place, or 0: the event takes both passes.
 */
static int
one_pass(struct evxml *x, struct evxml_rawscan *rs, struct event *ev)
{
	const char	*b = x->buf + x->pos;
	size_t		 avail = x->len - x->pos, used = SIZE_MAX, end, last_nl;
	uint64_t	 nl;

	if (strcmp(x->encoding, "UTF-8") != 0 ||
	    !evxml_raw_vss(x->raw, (const unsigned char *)b, avail, &used))
		return 0;
	memset(ev, 0, sizeof *ev);
	if (evxml_fast_event_open(x->fast, x->qname, b, avail, ev, &end) != 0 || used > end)
		return 0;
	evxml_fast_lines(x->fast, &nl, &last_nl);
	evxml_raw_ended(x->raw, end, nl, last_nl, rs);
	return 1;
}

/* Reads one event that starts at pos; returns 0 when reading must stop. */
static int
read_event(struct evxml *x)
{
	struct evxml_rawscan	 rs;
	struct event		 ev;
	size_t			 avail = x->len - x->pos, want;
	uint64_t		 start_line = x->line;
	int			 read;

	for (read = one_pass(x, &rs, &ev); !read;) {
		evxml_raw_scan(x->raw, x->qname, (const unsigned char *)x->buf + x->pos, avail,
		    &rs);
		if (!rs.incomplete)
			break;
		if (x->eof) {
			damage(x, 1, x->len, "the input ends inside the event that starts at line "
			    "%llu (cut off?)", (unsigned long long)start_line);
			return 0;
		}
		if (avail >= SPAN_MAX) {
			damage(x, 1, x->pos, "an event longer than %d MiB: damaged, or not an "
			    "event export", SPAN_MAX / (1024 * 1024));
			return 0;
		}
		want = avail < CHUNK ? CHUNK : 2 * avail;
		avail = fill(x, want > SPAN_MAX ? SPAN_MAX : want);
	}
	if (rs.nested != 0) {
		/* the cut-off event is lost; reading goes on with the new one */
		damage(x, 0, x->pos + rs.nested, "an event starts here before the one that starts "
		    "at line %llu has ended (that event is cut off)",
		    (unsigned long long)start_line);
		advance(x, rs.nested);
		return 1;
	}
	x->count.events++;
	x->span = rs.end;
	x->ev_line = x->line;
	x->ev_col = x->buf_off + x->pos - x->line_off + 1;
	if (read) {
		x->count.parsed++;
		x->nfast++;
		x->nonepass++;
		ev.path = x->path;
		ev.line = x->ev_line;
		ev.offset = x->buf_off + x->pos;
		event_findings(x->events, &ev, x->emit, x->ctx);
	} else if (evxml_raw_wanted(x->raw, (const unsigned char *)x->buf + x->pos, &rs)) {
		x->count.parsed++;
		if (fast_event(x, &ev) == 0) {
			x->nfast++;
			event_findings(x->events, &ev, x->emit, x->ctx);
		}
		else if (parse_span(x) == 0) {
			to_event(x, &ev);
			event_findings(x->events, &ev, x->emit, x->ctx);
		}
		/* else reported: the event is passed over */
	}
	x->line += rs.nl;
	if (rs.nl > 0)
		x->line_off = x->buf_off + x->pos + rs.last_nl;
	x->pos += rs.end;
	return 1;
}

int
evxml_scan(struct evxml *x, struct input *in, const char *path, finding_fn emit,
    evxml_error_fn error, void *ctx)
{
	x->in = in;
	x->path = path;
	x->emit = emit;
	x->error = error;
	x->ctx = ctx;
	snprintf(x->encoding, sizeof x->encoding, "UTF-8");
	x->len = x->pos = 0;
	x->buf_off = 0;
	x->eof = 0;
	x->line = 1;
	x->line_off = 0;
	x->root = 0;
	x->failed = 0;
	x->stop = 0;
	x->count.events = x->count.parsed = 0;
	x->nfast = x->nonepass = 0;
	while (!x->stop && outside(x)) {
		if (!read_event(x))
			break;
	}
	if (!x->stop && x->root)
		damage(x, 1, x->len, "the input ends before the end tag </%s> (cut off?)",
		    x->root_name);
	x->count.lines = x->line - (x->buf_off + x->len > 0 && x->len > 0 &&
	    x->buf[x->len - 1] == '\n');
	if (x->buf_off + x->len == 0)
		x->count.lines = 0;
	x->in = NULL;
	/* for tests: which reader read the events */
	if (getenv("VSSEXPLAIN_DEBUG_IO") != NULL)
		fprintf(stderr, "vssexplain: debug: %s: %llu events, %llu read, %llu of them "
		    "straight from their bytes (%llu in one pass)\n", path,
		    (unsigned long long)x->count.events, (unsigned long long)x->count.parsed,
		    (unsigned long long)x->nfast, (unsigned long long)x->nonepass);
	return x->failed ? -1 : 0;
}

int
evxml_event(struct evxml *x, const char *xml, size_t len, const struct evxml_place *at,
    finding_fn emit, evxml_error_fn error, void *ctx)
{
	struct event	 ev;
	char		*buf = x->buf;
	size_t		 cap = x->cap;
	int		 ret = -1;

	x->path = at->path;
	x->place = at->place;
	x->emit = emit;
	x->error = error;
	x->ctx = ctx;
	x->failed = 0;
	snprintf(x->encoding, sizeof x->encoding, "UTF-8");
	x->buf = (char *)(uintptr_t)xml;	/* only read while it stands in for the buffer */
	x->cap = x->len = x->span = len;
	x->pos = 0;
	x->buf_off = 0;
	x->line = x->ev_line = x->ev_col = 1;
	x->line_off = 0;
	x->count.events++;
	x->count.parsed++;
	if (parse_span(x) == 0) {
		to_event(x, &ev);
		/* a rendered record has no place in the file but its own */
		ev.line = 0;
		ev.offset = at->offset;
		ev.raw = NULL;
		ev.raw_len = 0;
		ev.id_written = NULL;
		for (size_t i = 0; i < ev.nfields; i++)
			x->efields[i].written = NULL;
		event_findings(x->events, &ev, emit, ctx);
		ret = 0;
	}
	x->buf = buf;
	x->cap = cap;
	x->len = x->pos = x->span = 0;
	x->place = NULL;
	return ret;
}

int
evxml_provider_wanted(const struct evxml *x, const char *provider)
{
	if (event_provider(x->events, provider) == DB_PROVIDER_NONE)
		return -1;
	return (int)event_wanted(x->events, provider, -1);
}

int
evxml_text_wanted(struct evxml *x, const char *text, size_t len)
{
	static const char	 head[] = "<Event><EventData><Data>", tail[] = "</Data></EventData></Event>";
	struct evxml_rawscan	 rs;
	size_t			 i, n = sizeof head - 1 + len + sizeof tail - 1;
	char			*p;

	if (x->all_codes)
		return 1;
	if (n > x->tcap) {
		x->tcap = n;
		free(x->tbuf);
		x->tbuf = xmalloc(x->tcap);
	}
	p = x->tbuf;
	memcpy(p, head, sizeof head - 1);
	p += sizeof head - 1;
	/* markup bytes would only make the raw look give up: they stand for themselves */
	for (i = 0; i < len; i++)
		*p++ = text[i] == '<' ? '(' : text[i] == '>' ? ')' : text[i] == '&' ? '+' : text[i];
	memcpy(p, tail, sizeof tail - 1);
	evxml_raw_scan(x->raw, "Event", (const unsigned char *)x->tbuf, n, &rs);
	return rs.incomplete || evxml_raw_wanted(x->raw, (const unsigned char *)x->tbuf, &rs);
}

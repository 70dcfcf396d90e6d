/* evxml.c: reads exported Windows event logs (XML) event by event and finds the codes in them. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlreader.h>

#include "chars.h"
#include "code.h"
#include "evxml.h"
#include "input.h"
#include "match.h"
#include "resolve.h"
#include "xalloc.h"

#define CHUNK		(256 * 1024)		/* bytes read at a time */
#define SPAN_MAX	(4 * 1024 * 1024)	/* the longest event accepted */
#define TEXT_MAX	1024			/* the longest text reported with a finding */
#define FIELD_MAX	256			/* provider, channel, computer, writer */
#define MAX_SEEN	64			/* codes remembered per event, against repeats */
#define MAX_LIT		6			/* pattern literals looked for in raw bytes */
#define CACHE_SIZE	512			/* values whose reportability is remembered */
#define XML_OPTIONS	(XML_PARSE_NONET | XML_PARSE_NOBLANKS | XML_PARSE_NOCDATA | \
			    XML_PARSE_COMPACT)

/*
 * How events are read.  The input is read in chunks into one buffer; outside
 * the events a small hand-written reader accepts blanks, an XML declaration,
 * comments and an <Events> root, and refuses anything else, a DTD first of
 * all (nothing is ever loaded or expanded).  Each <Event>...</Event> span is
 * first looked at as raw bytes, 64 at a time, with vector compares: the end
 * tag, and whether the event can hold a finding at all.  It can when its
 * provider is one the rules say is about VSS; when its text holds a number,
 * name or pattern literal the scanner could report and also a word about VSS
 * (or --all-codes is given); and when the raw look cannot judge it
 * (character or entity references, CDATA, comments, control bytes, binary
 * data that decodes to such text).  The test errs towards parsing, never the
 * other way: $VSSEXPLAIN_PARSE_ALL parses every event, and the tests check
 * that the findings stay the same.  Most events of a busy log (logons and the
 * like) fail it and are skipped without parsing.  The others are parsed with
 * libxml2's reader from memory, with the encoding given (the input layer has
 * decoded UTF-16 already), into fields: every <Data>, the text of <UserData>,
 * <Message> and <Binary>.  The rules' [event] knowledge and the text scanner
 * then turn the fields into findings, one per code and event.  Memory use is
 * bounded by the longest event.  A skipped event is checked for its start
 * and end tags and for tags cut short or broken ('<' inside a tag, '<' before
 * a byte no tag starts with): such an event is parsed, so its damage is
 * reported.  A wrong end tag name in an event nobody parses goes unnoticed.
 */

enum field_kind {
	F_DATA,
	F_USERDATA,
	F_MESSAGE,
	F_BINARY
};

/* A field of the event being read; strings are offsets into the arena. */
struct field {
	enum field_kind	 kind;
	int		 index;		/* 1-based among the <Data> elements, else 0 */
	size_t		 name, name_len;	/* Data Name or UserData element */
	size_t		 text, len;
};

/* What the raw look at one event found. */
struct rawscan {
	size_t		 end;		/* just after the end tag; 0 while not seen */
	size_t		 nested;	/* where an inner <Event starts, or 0 */
	int		 incomplete;	/* more bytes are needed to decide */
	int		 parse;		/* the event must be parsed */
	int		 cand;		/* its text holds a code the scanner could report */
	int		 binvss;	/* its binary data holds text about VSS */
	uint64_t	 nl;		/* newlines before end */
	size_t		 last_nl;	/* just after the last of them */
};

/* The byte classes of 64 bytes of an event, one bit per byte. */
struct rawmask {
	uint64_t	 lt, gt, nl, hex;
	/* tags to look at: "</" and "<" with the event name's first byte, "<!", "<?", "<B" */
	uint64_t	 tag;
	/* rare bytes: '&', '_', control bytes, a pattern literal's first three */
	uint64_t	 rare;
};

struct evxml {
	const struct db		*db;
	struct scanner		*scanner;
	struct scan_opts	 o;
	xmlTextReaderPtr	 reader;
	const char		*lits[MAX_LIT];	/* literals of patterns that find codes */
	size_t			 litlen[MAX_LIT];
	int			 nlit;
	int			 lit_slow;	/* some cannot be looked for with masks */
	int			 parse_all;	/* $VSSEXPLAIN_PARSE_ALL: no raw decisions */
	uint32_t		 cache_v[CACHE_SIZE];
	signed char		 cache_c[CACHE_SIZE];	/* -1: empty */

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
	size_t			 qlen;
	int			 failed;	/* damage was reported */
	int			 stop;		/* ... and reading this input stops */
	uint64_t		 nevents, nparsed, lines;

	/* the event being read: buf[pos, pos + span) */
	size_t			 span;
	uint64_t		 ev_line, ev_col;
	struct finding_event	 fe;
	char			 provider[FIELD_MAX], source[FIELD_MAX], channel[FIELD_MAX];
	char			 computer[FIELD_MAX], writer[FIELD_MAX];
	char			 systime[64], idtext[16], leveltext[16], rectext[24];
	int64_t			 time;
	long			 nsec;
	struct field		*fields;
	size_t			 nfields, fcap;
	char			*arena;
	size_t			 alen, acap;
	char			*scratch, *scratch2;
	size_t			 scap, scap2;
	uint32_t		 seen[MAX_SEEN];
	size_t			 nseen;
	int			 vss;
	char			*xerr;		/* libxml2's first error in the event */
	int			 xerr_line, xerr_col;
};

static long		 binary_bytes(struct evxml *, const char *, size_t);
static const char	*binary_text(struct evxml *, const unsigned char *, size_t, size_t *);

static int
is_name(int c)
{
	return chars_is_word(c) || c == '-' || c == '.' || c == ':' || c >= 0x80;
}

/* Can an XML name start with byte c (non-ASCII bytes: let the parser judge)? */
static int
is_name_start(int c)
{
	return ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c == '_' || c == ':' || c >= 0x80;
}

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

	while (i + k < n && k + 1 < size && is_name((unsigned char)p[i + k])) {
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

/* libxml2 reports through the reader's handler; nothing else may print. */
static void
xml_silent(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

void
evxml_init(void)
{
	xmlInitParser();
	xmlSetGenericErrorFunc(NULL, xml_silent);
}

void
evxml_cleanup(void)
{
	xmlCleanupParser();
}

/* Collects the literals of the patterns that find codes by themselves. */
static void
collect_literals(struct evxml *x)
{
	const struct db_pattern *const	*p;
	size_t				 n, i;

	p = db_patterns(x->db, &n);
	for (i = 0; i < n; i++) {
		const char	*l = p[i]->literal, *bar;

		if (p[i]->scope == DB_SCOPE_CONTEXT || p[i]->re == NULL ||
		    (match_group(p[i]->re, "phrase") <= 0 && match_group(p[i]->re, "win32") <= 0))
			continue;
		for (; l != NULL; l = bar != NULL ? bar + 1 : NULL) {
			size_t	len;

			bar = strchr(l, '|');
			len = bar != NULL ? (size_t)(bar - l) : strlen(l);
			if (len < 3 || x->nlit == MAX_LIT) {
				x->lit_slow = 1;
				continue;
			}
			x->lits[x->nlit] = l;
			x->litlen[x->nlit++] = len;
		}
	}
}

struct evxml *
evxml_new(const struct db *db, struct scanner *scanner, const struct scan_opts *o)
{
	struct evxml	*x = xcalloc(1, sizeof *x);

	x->db = db;
	x->scanner = scanner;
	x->o = *o;
	memset(x->cache_c, -1, sizeof x->cache_c);
	collect_literals(x);
	/* for tests: the raw look must never change the findings */
	x->parse_all = getenv("VSSEXPLAIN_PARSE_ALL") != NULL;
	x->cap = 2 * CHUNK;
	x->buf = xmalloc(x->cap);
	return x;
}

void
evxml_free(struct evxml *x)
{
	if (x == NULL)
		return;
	if (x->reader != NULL)
		xmlFreeTextReader(x->reader);
	free(x->buf);
	free(x->fields);
	free(x->arena);
	free(x->scratch);
	free(x->scratch2);
	free(x->xerr);
	free(x);
}

uint64_t
evxml_lines(const struct evxml *x)
{
	return x->lines;
}

uint64_t
evxml_events(const struct evxml *x)
{
	return x->nevents;
}

uint64_t
evxml_parsed(const struct evxml *x)
{
	return x->nparsed;
}

/*
 * Makes at least need bytes available from pos (fewer only at the end of the
 * input) and returns how many are.  Moves the buffer: offsets into it are
 * only valid relative to pos afterwards.
 */
static size_t
fill(struct evxml *x, size_t need)
{
	size_t	got;

	if (x->len - x->pos >= need || x->eof)
		return x->len - x->pos;
	if (x->pos > 0) {
		memmove(x->buf, x->buf + x->pos, x->len - x->pos);
		x->buf_off += x->pos;
		x->len -= x->pos;
		x->pos = 0;
	}
	if (need + CHUNK / 4 > x->cap) {
		x->cap = need + CHUNK;
		x->buf = xrealloc(x->buf, x->cap);
	}
	while (x->len < need && !x->eof) {
		if ((got = input_read(x->in, x->buf + x->len, x->cap - x->len)) == 0)
			x->eof = 1;
		x->len += got;
	}
	return x->len - x->pos;
}

/* Passes "path:line:column: message" to the error callback. */
static void
report(struct evxml *x, uint64_t line, uint64_t col, const char *msg)
{
	char	*full;

	full = xasprintf("%s:%llu:%llu: %s", x->path, (unsigned long long)line,
	    (unsigned long long)col, msg);
	x->error(x->ctx, full);
	free(full);
	x->failed = 1;
}

/*
 * Reports damage at buf[at] (at or after pos).  With stop, reading this input
 * stops: damage outside events leaves no sure place to go on from.  Damage
 * inside an event whose end tag was found is passed over to the next event.
 */
static void __attribute__((format(printf, 4, 0)))
vdamage(struct evxml *x, int stop, size_t at, const char *fmt, va_list ap)
{
	char		*msg;
	uint64_t	 line = x->line, ls = x->line_off;
	size_t		 i;

	for (i = x->pos; i < at && i < x->len; i++) {
		if (x->buf[i] == '\n') {
			line++;
			ls = x->buf_off + i + 1;
		}
	}
	if (vasprintf(&msg, fmt, ap) == -1)
		abort();
	report(x, line, x->buf_off + at - ls + 1, msg);
	free(msg);
	if (stop)
		x->stop = 1;
}

static void __attribute__((format(printf, 3, 4)))
damage(struct evxml *x, size_t at, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vdamage(x, 1, at, fmt, ap);
	va_end(ap);
}

/* Damage inside the event at pos whose end is known: its findings are lost, the next event is read. */
static void __attribute__((format(printf, 3, 4)))
flaw(struct evxml *x, size_t at, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vdamage(x, 0, at, fmt, ap);
	va_end(ap);
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
			damage(x, x->pos, "%s that does not end", what);
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
	char	q = 0;

	for (i = 1; i < avail; i++) {
		char	c = x->buf[x->pos + i];

		if (q != 0) {
			if (c == q)
				q = 0;
		} else if (c == '"' || c == '\'')
			q = c;
		else if (c == '>') {
			*empty = x->buf[x->pos + i - 1] == '/';
			return i + 1;
		}
	}
	if (x->eof)
		damage(x, x->len, "the input ends inside a tag (cut off?)");
	else
		damage(x, x->pos, "a tag longer than 4 KiB");
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

	while (off + k < avail && k + 1 < size && is_name((unsigned char)x->buf[x->pos + off + k])) {
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
	size_t	avail;
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
			damage(x, x->pos, "text outside an event ('%.*s')", (int)(avail < 20 ?
			    avail : 20), x->buf + x->pos);
			return 0;
		}
		if (avail < 2) {
			damage(x, x->pos, "the input ends inside markup");
			return 0;
		}
		if (starts(x->buf + x->pos, avail, "<?")) {
			if (x->root && starts(x->buf + x->pos, avail, "<?xml ")) {
				damage(x, x->pos, "an XML declaration inside the document");
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
			damage(x, x->pos, "a document type declaration (DTD): refused; event "
			    "exports have none, and vssexplain never loads DTDs or expands "
			    "entities");
			return 0;
		} else if (x->buf[x->pos + 1] == '/') {
			if (tag_name(x, 2, name, sizeof name) == 0 || !x->root ||
			    strcmp(name, x->root_name) != 0) {
				damage(x, x->pos, "an end tag </%s> outside an event", name);
				return 0;
			}
			if (!skip_tag(x, &empty))
				return 0;
			x->root = 0;
		} else if (tag_name(x, 1, name, sizeof name) == 0) {
			damage(x, x->pos, "markup that is not an element where an event "
			    "should start");
			return 0;
		} else if (strcmp(local_name(name), "Event") == 0) {
			size_t	n = tag_length(x, &empty);

			if (n == 0)
				return 0;
			if (empty) {
				x->nevents++;	/* <Event/>: nothing in it */
				advance(x, n);
				continue;
			}
			snprintf(x->qname, sizeof x->qname, "%s", name);
			x->qlen = strlen(name);
			return 1;
		} else if (strcmp(local_name(name), "Events") == 0 && !x->root) {
			if (!skip_tag(x, &empty))
				return 0;
			x->root = !empty;
			snprintf(x->root_name, sizeof x->root_name, "%s", name);
		} else {
			damage(x, x->pos, "<%s> where an <Event> should start", name);
			return 0;
		}
	}
}

/* Loads the masks of the 64-byte block at b + base; bytes from lim on read as blanks. */
static void
classify(const struct evxml *x, const unsigned char *b, size_t lim, size_t base,
    struct rawmask *m)
{
	unsigned char		 pad[64 + 16];
	const unsigned char	*p = b + base;
	unsigned char		 q0 = (unsigned char)x->qname[0];
	int			 k, j;

	if (base + 64 + 2 > lim) {
		size_t	n = lim > base ? lim - base : 0;

		memset(pad, ' ', sizeof pad);
		memcpy(pad, p, n < sizeof pad ? n : sizeof pad);
		p = pad;
	}
	memset(m, 0, sizeof *m);
#if defined(__SSE2__)
	{
		const __m128i	k80 = _mm_set1_epi8((char)0x80), c0 = _mm_set1_epi8('0');
		const __m128i	ca = _mm_set1_epi8('a'), c20 = _mm_set1_epi8(0x20);
		const __m128i	lim10 = _mm_set1_epi8((char)(10 ^ 0x80));
		const __m128i	lim6 = _mm_set1_epi8((char)(6 ^ 0x80));
		const __m128i	c1f = _mm_set1_epi8(0x1f), cq = _mm_set1_epi8((char)q0);
		const __m128i	clt = _mm_set1_epi8('<'), cgt = _mm_set1_epi8('>');
		const __m128i	cnl = _mm_set1_epi8('\n'), ctab = _mm_set1_epi8('\t');
		const __m128i	ccr = _mm_set1_epi8('\r'), camp = _mm_set1_epi8('&');
		const __m128i	cus = _mm_set1_epi8('_'), csl = _mm_set1_epi8('/');
		const __m128i	cbang = _mm_set1_epi8('!'), cques = _mm_set1_epi8('?');
		const __m128i	cB = _mm_set1_epi8('B');
		__m128i		l0[MAX_LIT], l1[MAX_LIT], l2[MAX_LIT];

		for (j = 0; j < x->nlit; j++) {
			l0[j] = _mm_set1_epi8(x->lits[j][0]);
			l1[j] = _mm_set1_epi8(x->lits[j][1]);
			l2[j] = _mm_set1_epi8(x->lits[j][2]);
		}
		for (k = 0; k < 4; k++) {
			const unsigned char *q = p + 16 * k;
			__m128i	v = _mm_loadu_si128((const __m128i *)(const void *)q);
			__m128i	v1 = _mm_loadu_si128((const __m128i *)(const void *)(q + 1));
			__m128i	v2 = _mm_loadu_si128((const __m128i *)(const void *)(q + 2));
			__m128i	lt = _mm_cmpeq_epi8(v, clt), nl = _mm_cmpeq_epi8(v, cnl);
			__m128i	d = _mm_xor_si128(_mm_sub_epi8(v, c0), k80);
			__m128i	a = _mm_xor_si128(_mm_sub_epi8(_mm_or_si128(v, c20), ca), k80);
			__m128i	hex = _mm_or_si128(_mm_cmplt_epi8(d, lim10), _mm_cmplt_epi8(a, lim6));
			__m128i	ctl = _mm_andnot_si128(_mm_or_si128(_mm_or_si128(nl,
			    _mm_cmpeq_epi8(v, ctab)), _mm_cmpeq_epi8(v, ccr)),
			    _mm_cmpeq_epi8(_mm_max_epu8(v, c1f), c1f));
			__m128i	after = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v1, cq),
			    _mm_and_si128(_mm_cmpeq_epi8(v1, csl), _mm_cmpeq_epi8(v2, cq))),
			    _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v1, cbang),
			    _mm_cmpeq_epi8(v1, cques)), _mm_cmpeq_epi8(v1, cB)));
			__m128i	rare = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, camp),
			    _mm_cmpeq_epi8(v, cus)), ctl);
			int	s = 16 * k;

			for (j = 0; j < x->nlit; j++)
				rare = _mm_or_si128(rare, _mm_and_si128(_mm_and_si128(
				    _mm_cmpeq_epi8(v, l0[j]), _mm_cmpeq_epi8(v1, l1[j])),
				    _mm_cmpeq_epi8(v2, l2[j])));
			m->lt |= (uint64_t)(unsigned)_mm_movemask_epi8(lt) << s;
			m->gt |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, cgt)) << s;
			m->nl |= (uint64_t)(unsigned)_mm_movemask_epi8(nl) << s;
			m->hex |= (uint64_t)(unsigned)_mm_movemask_epi8(hex) << s;
			m->tag |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_and_si128(lt, after)) << s;
			m->rare |= (uint64_t)(unsigned)_mm_movemask_epi8(rare) << s;
		}
	}
#else
	for (k = 0; k < 64; k++) {
		uint64_t	bit = (uint64_t)1 << k;
		unsigned char	c = p[k];

		if (c == '<') {
			m->lt |= bit;
			if (p[k + 1] == q0 || (p[k + 1] == '/' && p[k + 2] == q0) ||
			    p[k + 1] == '!' || p[k + 1] == '?' || p[k + 1] == 'B')
				m->tag |= bit;
		}
		m->gt |= c == '>' ? bit : 0;
		m->nl |= c == '\n' ? bit : 0;
		m->hex |= chars_is_hex(c) ? bit : 0;
		if (c == '&' || c == '_' || (c < 0x20 && c != '\t' && c != '\n' && c != '\r'))
			m->rare |= bit;
		for (j = 0; j < x->nlit; j++) {
			if (c == (unsigned char)x->lits[j][0] &&
			    p[k + 1] == (unsigned char)x->lits[j][1] &&
			    p[k + 2] == (unsigned char)x->lits[j][2])
				m->rare |= bit;
		}
	}
#endif
}

/* How a value could be reported (see scanner_could_report), remembered. */
static int
could(struct evxml *x, uint32_t v, int bare)
{
	uint32_t	key = v ^ (bare ? 0x9e3779b9u : 0);
	size_t		i = (key * 2654435761u) >> (32 - 9);

	if (x->cache_c[i] < 0 || x->cache_v[i] != key) {
		x->cache_v[i] = key;
		x->cache_c[i] = (signed char)scanner_could_report(x->scanner, v, bare);
	}
	return x->cache_c[i];
}

/* Looks at a run of eight or more hex digits at b[p]: could it be reported? */
static int
raw_number(struct evxml *x, const unsigned char *b, size_t lim, size_t p)
{
	unsigned long long	 d = 0;
	uint32_t		 v = 0;
	size_t			 n = 0, e, i;
	int			 cls, prefixed;

	while (p + n < lim && n < 11 && chars_is_hex(b[p + n]))
		n++;
	if (n > 10)
		return 0;
	e = p + n;
	if (n == 8) {
		prefixed = p >= 2 && (b[p - 1] | 0x20) == 'x' && b[p - 2] == '0' &&
		    (p == 2 || !chars_is_word(b[p - 3]));
		if (!prefixed && p > 0 && chars_is_word(b[p - 1]))
			return 0;
		if (prefixed && e < lim && (b[e] | 0x20) == 'l')
			e++;
		if (e < lim && chars_is_word(b[e]))
			return 0;
		/* a GUID's groups */
		if ((e + 5 < lim && b[e] == '-' && chars_is_hex(b[e + 1]) && chars_is_hex(b[e + 4])) ||
		    (p >= 5 && b[p - 1] == '-' && chars_is_hex(b[p - 2])))
			return 0;
		for (i = 0; i < 8; i++)
			v = v << 4 | (uint32_t)(b[p + i] <= '9' ? b[p + i] - '0' :
			    (b[p + i] | 0x20) - 'a' + 10);
		cls = could(x, v, !prefixed);
	} else {
		if ((p > 0 && chars_is_word(b[p - 1])) || (e < lim && chars_is_word(b[e])))
			return 0;
		for (i = 0; i < n; i++) {
			if (b[p + i] > '9')
				return 0;
			d = d * 10 + (unsigned)(b[p + i] - '0');
		}
		if (p > 0 && b[p - 1] == '-') {
			if (d == 0 || d > 0x80000000ull)
				return 0;
			v = (uint32_t)(0x100000000ull - d);
		} else if (d > 0xFFFFFFFFull)
			return 0;
		else
			v = (uint32_t)d;
		if (!CODE_FAILED(v))
			return 0;
		cls = could(x, v, 0);
	}
	return cls > 0;
}

/* Looks at the word around an underscore at b[p]: a code name that could be reported? */
static int
raw_name(struct evxml *x, const unsigned char *b, size_t lim, size_t p, size_t *skip)
{
	const struct db_name	*nm;
	size_t			 st = p, en = p, i;
	char			 tok[80];
	uint32_t		 v;
	int			 cls;

	while (st > 0 && p - st < 64 && chars_is_word(b[st - 1]))
		st--;
	while (en < lim && en - p < 64 && chars_is_word(b[en]))
		en++;
	*skip = en;
	if (en - st < 3 || en - st >= sizeof tok || (st > 0 && chars_is_word(b[st - 1])) ||
	    (en < lim && chars_is_word(b[en])) || !(b[st] >= 'A' && b[st] <= 'Z'))
		return 0;
	for (i = st; i < en; i++) {
		if (b[i] >= 'a' && b[i] <= 'z')
			return 0;
		tok[i - st] = (char)b[i];
	}
	tok[en - st] = '\0';
	if ((nm = db_name_find(x->db, tok)) == NULL || nm->ns == DB_NS_FACILITY)
		return 0;
	v = nm->ns == DB_NS_WIN32 ? code_from_win32(nm->value) : nm->value;
	cls = could(x, v, 0);
	return cls > 0;
}

/* Is there one of the five predefined entities at b[0..n)? */
static int
plain_entity(const unsigned char *b, size_t n)
{
	static const char	*ents[] = { "&lt;", "&gt;", "&amp;", "&quot;", "&apos;" };
	size_t			 i;

	for (i = 0; i < 5; i++) {
		if (starts((const char *)b, n, ents[i]))
			return 1;
	}
	return 0;
}

/* Counts the newlines of b[from, to) into rs. */
static void
count_nl(const unsigned char *b, size_t from, size_t to, struct rawscan *rs)
{
	size_t	i;

	for (i = from; i < to; i++) {
		if (b[i] == '\n') {
			rs->nl++;
			rs->last_nl = i + 1;
		}
	}
}

/*
 * Is there an end tag of the event at b[p]?  Returns the offset after it, 0
 * when it is another tag, or (size_t)-1 when more bytes are needed.
 */
static size_t
end_tag(const struct evxml *x, const unsigned char *b, size_t lim, size_t p)
{
	size_t	j = p + 2 + x->qlen;

	if (j > lim)
		return (size_t)-1;
	if (memcmp(b + p + 2, x->qname, x->qlen) != 0)
		return 0;
	while (j < lim && chars_is_blank(b[j]))
		j++;
	if (j >= lim)
		return (size_t)-1;
	return b[j] == '>' ? j + 1 : 0;
}

/* Is there a start tag of another event at b[p]?  -1: more bytes are needed. */
static int
start_tag(const struct evxml *x, const unsigned char *b, size_t lim, size_t p)
{
	size_t	j = p + 1 + x->qlen;

	if (j >= lim)
		return -1;
	return memcmp(b + p + 1, x->qname, x->qlen) == 0 &&
	    (chars_is_blank(b[j]) || b[j] == '>' || b[j] == '/');
}

/* Could decoded binary text hold something the scanner reports?  Errs towards yes. */
static int
text_cand(const struct evxml *x, const char *t, size_t n)
{
	size_t	i, run = 0;
	int	j;

	for (i = 0; i <= n; i++) {
		if (i < n && chars_is_hex((unsigned char)t[i])) {
			run++;
			continue;
		}
		if ((run >= 8 && run <= 10) || (i < n && t[i] == '_'))
			return 1;
		run = 0;
	}
	for (j = 0; j < x->nlit; j++) {
		if (memmem(t, n, x->lits[j], x->litlen[j]) != NULL)
			return 1;
	}
	return 0;
}

/*
 * Does a <Binary> at b[p] hold text with something that looks like a code?
 * Notes in rs whether its text is about VSS.
 */
static int
raw_binary(struct evxml *x, const unsigned char *b, size_t lim, size_t p, struct rawscan *rs)
{
	const unsigned char	*end;
	const char		*t, *colon = strchr(x->qname, ':');
	long			 n;
	size_t			 tn, pre = colon != NULL ? (size_t)(colon - x->qname) + 1 : 0;

	/* <Binary>, or with the prefix the event's name has */
	if (lim - p < 8 + pre || memcmp(b + p + 1, x->qname, pre) != 0 ||
	    memcmp(b + p + 1 + pre, "Binary>", 7) != 0)
		return 0;
	p += pre;
	if ((end = memmem(b + p + 8, lim - p - 8, "</", 2)) == NULL)
		return 0;
	if ((n = binary_bytes(x, (const char *)b + p + 8, (size_t)(end - (b + p + 8)))) < 0)
		return 0;
	if ((t = binary_text(x, (const unsigned char *)x->scratch, (size_t)n, &tn)) == NULL)
		return 0;
	if (!rs->binvss)
		rs->binvss = scanner_about_vss(x->scanner, t, tn);
	return text_cand(x, t, tn);
}

/* Is the text of the event (outside markup, after its <System>) about VSS? */
static int
raw_context(struct evxml *x, const unsigned char *b, size_t n)
{
	const unsigned char	*p = b, *hit;
	size_t			 i, k = 0;

	while ((hit = memmem(p, n - (size_t)(p - b), "System>", 7)) != NULL) {
		p = hit + 7;
		if (hit > b && (hit[-1] == '/' || hit[-1] == ':'))
			break;
	}
	if (hit == NULL)
		p = b;
	if (n + 1 > x->scap) {
		x->scap = n + 1;
		x->scratch = xrealloc(x->scratch, x->scap);
	}
	/* text bytes are kept, each tag becomes a line end */
	for (i = (size_t)(p - b); i < n;) {
		const unsigned char	*gt;

		if (b[i] != '<') {
			x->scratch[k++] = (char)b[i++];
			continue;
		}
		x->scratch[k++] = '\n';
		if ((gt = memchr(b + i, '>', n - i)) == NULL)
			break;
		i = (size_t)(gt - b) + 1;
	}
	return scanner_about_vss(x->scanner, x->scratch, k);
}

/*
 * Damage a skipped event must not hide: a '<' inside a tag (a tag cut short),
 * or a '<' that no name, '/', '!' or '?' follows.  Neither can stand in
 * well-formed XML outside comments and CDATA, which are always parsed.  The
 * '<' and '>' of 64 bytes from base come as masks; *open says whether a tag
 * is open before them.  Returns 0 when the event must go to the parser,
 * which then names the damage and where it is.
 */
static int
markup_ok(const unsigned char *b, size_t lim, size_t base, uint64_t lt, uint64_t gt,
    int *open)
{
	uint64_t	e = lt | gt;

	while (e != 0) {
		int	bit = __builtin_ctzll(e);
		size_t	p = base + (size_t)bit;

		e &= e - 1;
		if (((gt >> bit) & 1) != 0) {
			*open = 0;
			continue;
		}
		if (*open || (p + 1 < lim && !is_name_start(b[p + 1]) && b[p + 1] != '/' &&
		    b[p + 1] != '!' && b[p + 1] != '?'))
			return 0;
		*open = 1;
	}
	return 1;
}

/*
 * Looks at the raw bytes of the event that starts at b[0] (lim bytes are
 * there): finds its end and decides whether it may hold a finding.
 */
static void
raw_scan(struct evxml *x, const unsigned char *b, size_t lim, struct rawscan *rs)
{
	struct rawmask	cur, nxt;
	size_t		nb = (lim + 63) / 64, i, skip = 0;
	uint64_t	prevg = 0;
	int		text = 0, open = 0;

	memset(rs, 0, sizeof *rs);
	if (nb == 0) {
		rs->incomplete = 1;
		return;
	}
	classify(x, b, lim, 0, &cur);
	for (i = 0; i < nb; i++) {
		size_t		base = 64 * i;
		uint64_t	valid, ev, c, n, c2, n2, c4, n4, g, runs, tags;

		if (i + 1 < nb)
			classify(x, b, lim, base + 64, &nxt);
		else
			memset(&nxt, 0, sizeof nxt);
		valid = lim - base >= 64 ? ~(uint64_t)0 : ((uint64_t)1 << (lim - base)) - 1;
		if (!rs->parse && !markup_ok(b, lim, base, cur.lt & valid, cur.gt & valid, &open))
			rs->parse = 1;
		/* runs of eight or more hex digits, by doubling */
		c = cur.hex;
		n = nxt.hex;
		c2 = c & (c >> 1 | n << 63);
		n2 = n & n >> 1;
		c4 = c2 & (c2 >> 2 | n2 << 62);
		n4 = n2 & n2 >> 2;
		g = c4 & (c4 >> 4 | n4 << 60);
		runs = g & ~(g << 1 | prevg);
		prevg = g >> 63;
		ev = cur.tag;
		if (!rs->parse)
			ev |= cur.rare | (rs->cand ? 0 : runs);
		ev &= valid;
		while (ev != 0) {
			int		bit = __builtin_ctzll(ev), ch;
			size_t		p = base + (size_t)bit, e;
			uint64_t	one = (uint64_t)1 << bit;

			ev &= ev - 1;
			if (cur.tag & one) {
				if (p + 2 >= lim) {
					rs->incomplete = 1;
					return;
				}
				ch = b[p + 1];
				if (ch == '/' && (e = end_tag(x, b, lim, p)) != 0) {
					if (e == (size_t)-1) {
						rs->incomplete = 1;
						return;
					}
					rs->nl += (uint64_t)__builtin_popcountll(cur.nl & (one - 1));
					if (cur.nl & (one - 1))
						rs->last_nl = base + 64 -
						    (size_t)__builtin_clzll(cur.nl & (one - 1));
					count_nl(b, p, e, rs);
					rs->end = e;
					return;
				}
				if (ch == x->qname[0] && p > 0) {
					int	st = start_tag(x, b, lim, p);

					if (st < 0) {
						rs->incomplete = 1;
						return;
					}
					if (st) {
						rs->nested = p;
						return;
					}
				}
				if (!rs->parse && (ch == '!' || ch == '?' ||
				    ((ch == 'B' || ch == x->qname[0]) && raw_binary(x, b, lim, p, rs))))
					rs->parse = 1;
				continue;
			}
			if (rs->parse)
				continue;
			ch = b[p];
			if (cur.rare & one) {
				if ((ch == '&' && !plain_entity(b + p, lim - p)) ||
				    (ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r')) {
					rs->parse = 1;
					continue;
				}
			}
			if (rs->cand || ch == '&' || ch < 0x20)
				continue;
			/* the rest counts in text only, not in markup */
			tags = (cur.lt | cur.gt) & (one - 1);
			if (tags != 0 ? !((cur.gt >> (63 - __builtin_clzll(tags))) & 1) : !text)
				continue;
			if (ch == '_') {
				if (p >= skip && raw_name(x, b, lim, p, &skip))
					rs->cand = 1;
				continue;
			}
			if (cur.rare & one) {
				int	j;

				for (j = 0; j < x->nlit; j++) {
					if (lim - p >= x->litlen[j] &&
					    memcmp(b + p, x->lits[j], x->litlen[j]) == 0)
						rs->cand = 1;
				}
			}
			if (!rs->cand && (runs & one) && raw_number(x, b, lim, p))
				rs->cand = 1;
		}
		if (cur.nl & valid) {
			rs->nl += (uint64_t)__builtin_popcountll(cur.nl & valid);
			rs->last_nl = base + 64 - (size_t)__builtin_clzll(cur.nl & valid);
		}
		tags = (cur.lt | cur.gt) & valid;
		if (tags != 0)
			text = (cur.gt >> (63 - __builtin_clzll(tags))) & 1;
		cur = nxt;
	}
	rs->incomplete = 1;
}

/* What the rules say about the provider in the event's <Provider> (DB_PROVIDER_*). */
static int
raw_provider(struct evxml *x, const unsigned char *b, size_t n)
{
	const unsigned char	*p = b, *end = b + (n < 8192 ? n : 8192), *hit;
	char			 val[FIELD_MAX];

	while ((hit = memmem(p, (size_t)(end - p), "Provider", 8)) != NULL) {
		const unsigned char	*q = hit + 8;

		p = hit + 8;
		if (hit == b || (hit[-1] != '<' && hit[-1] != ':') || q >= end || !chars_is_blank(*q))
			continue;
		while (q < end && *q != '>') {
			const unsigned char	*an = q;
			size_t			 k = 0;
			unsigned char		 quote;

			while (q < end && chars_is_blank(*q))
				q++;
			an = q;
			while (q < end && is_name(*q))
				q++;
			if (q == an)
				break;
			k = (size_t)(q - an);
			while (q < end && (chars_is_blank(*q) || *q == '='))
				q++;
			if (q >= end || (*q != '"' && *q != '\''))
				break;
			quote = *q++;
			{
				const unsigned char	*vs = q;
				size_t			 vl;

				while (q < end && *q != quote)
					q++;
				vl = (size_t)(q - vs);
				q++;
				if (((k == 4 && memcmp(an, "Name", 4) == 0) ||
				    (k == 15 && memcmp(an, "EventSourceName", 15) == 0)) &&
				    vl < sizeof val) {
					int	kind;

					memcpy(val, vs, vl);
					val[vl] = '\0';
					if ((kind = db_event_provider(x->db, val)) != DB_PROVIDER_NONE)
						return kind;
				}
			}
		}
		return 0;
	}
	return 0;
}

/* Keeps the first error libxml2 reports while parsing an event. */
static void
xml_error(void *arg, xmlErrorPtr e)
{
	struct evxml	*x = arg;
	size_t		 n;

	if (e == NULL || e->level == XML_ERR_WARNING || e->domain == XML_FROM_NAMESPACE ||
	    x->xerr != NULL)
		return;
	x->xerr = xstrdup(e->message != NULL ? e->message : "malformed XML");
	n = strlen(x->xerr);
	while (n > 0 && chars_is_blank((unsigned char)x->xerr[n - 1]))
		x->xerr[--n] = '\0';
	x->xerr_line = e->line;
	x->xerr_col = e->int2;
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

/* Appends n bytes to the arena; returns their offset. */
static size_t
stash(struct evxml *x, const char *p, size_t n)
{
	size_t	off = x->alen;

	if (x->alen + n + 1 > x->acap) {
		x->acap = (x->alen + n + 1) * 2;
		x->arena = xrealloc(x->arena, x->acap);
	}
	memcpy(x->arena + x->alen, p, n);
	x->alen += n;
	x->arena[x->alen] = '\0';
	return off;
}

/* Opens a field of the event; its text follows in the arena. */
static void
open_field(struct evxml *x, enum field_kind kind, int index, const char *name)
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
	if (x->alen > 0)
		x->alen++;	/* keeps the NUL after the text before */
	f->name = stash(x, name != NULL ? name : "", f->name_len);
	x->alen++;
	f->text = x->alen;
	f->len = 0;
}

/* Copies an attribute's value into dst (size bytes); empty when it is missing. */
static void
attribute(xmlTextReaderPtr r, const char *name, char *dst, size_t size)
{
	xmlChar	*v = xmlTextReaderGetAttribute(r, (const xmlChar *)name);

	snprintf(dst, size, "%s", v != NULL ? (const char *)v : "");
	xmlFree(v);
}

/* The places the text of the current node goes to. */
enum target {
	T_NONE,
	T_FIELD,
	T_SYSTEM
};

/* Reads an element start inside the event at depth; sets where its text goes. */
static void
element(struct evxml *x, xmlTextReaderPtr r, int depth, int *section, enum target *t,
    char **sys, size_t *syssize, int *ndata)
{
	const char	*name = (const char *)xmlTextReaderConstLocalName(r);
	char		 dname[FIELD_MAX];

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
		*sys = strcmp(name, "EventID") == 0 ? x->idtext :
		    strcmp(name, "Level") == 0 ? x->leveltext :
		    strcmp(name, "EventRecordID") == 0 ? x->rectext :
		    strcmp(name, "Channel") == 0 ? x->channel :
		    strcmp(name, "Computer") == 0 ? x->computer : NULL;
		*syssize = *sys == x->idtext ? sizeof x->idtext : *sys == x->leveltext ?
		    sizeof x->leveltext : *sys == x->rectext ? sizeof x->rectext : FIELD_MAX;
		if (*sys != NULL)
			*t = T_SYSTEM;
		return;
	case 2:
		if (depth != 2)
			return;
		if (strcmp(name, "Data") == 0) {
			attribute(r, "Name", dname, sizeof dname);
			open_field(x, F_DATA, ++*ndata, dname);
			*t = T_FIELD;
		} else if (strcmp(name, "Binary") == 0) {
			open_field(x, F_BINARY, 0, NULL);
			*t = T_FIELD;
		}
		return;
	case 3:
		open_field(x, F_USERDATA, 0, name);
		*t = T_FIELD;
		return;
	case 4:
		if (depth == 2 && strcmp(name, "Message") == 0) {
			open_field(x, F_MESSAGE, 0, NULL);
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

/* Parses the event span with libxml2 into the event's values and fields. */
static int
parse_span(struct evxml *x)
{
	xmlTextReaderPtr	 r;
	const char		*p = x->buf + x->pos;
	enum target		 t = T_NONE;
	char			*sys = NULL, *msg;
	size_t			 syssize = 0;
	int			 ret, type, depth, tdepth = -1, section = 0, ndata = 0;

	x->provider[0] = x->source[0] = x->channel[0] = x->computer[0] = '\0';
	x->systime[0] = x->idtext[0] = x->leveltext[0] = x->rectext[0] = '\0';
	x->nfields = x->alen = 0;
	free(x->xerr);
	x->xerr = NULL;
	if (x->reader == NULL)
		x->reader = xmlReaderForMemory(p, (int)x->span, x->path, x->encoding, XML_OPTIONS);
	else if (xmlReaderNewMemory(x->reader, p, (int)x->span, x->path, x->encoding,
	    XML_OPTIONS) != 0) {
		xmlFreeTextReader(x->reader);
		x->reader = xmlReaderForMemory(p, (int)x->span, x->path, x->encoding,
		    XML_OPTIONS);
	}
	if ((r = x->reader) == NULL) {
		damage(x, x->pos, "the XML parser cannot be set up for this event (encoding "
		    "%s)", x->encoding);
		return -1;
	}
	xmlTextReaderSetStructuredErrorHandler(r, xml_error, x);
	while ((ret = xmlTextReaderRead(r)) == 1) {
		type = xmlTextReaderNodeType(r);
		depth = xmlTextReaderDepth(r);
		switch (type) {
		case XML_READER_TYPE_ELEMENT:
			if (depth == 0)
				break;
			element(x, r, depth, &section, &t, &sys, &syssize, &ndata);
			tdepth = depth;
			if (xmlTextReaderIsEmptyElement(r))
				t = T_NONE;
			break;
		case XML_READER_TYPE_TEXT:
		case XML_READER_TYPE_CDATA:
		case XML_READER_TYPE_WHITESPACE:
		case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
			if (t == T_FIELD) {
				const char	*v = (const char *)xmlTextReaderConstValue(r);
				size_t		 n = v != NULL ? strlen(v) : 0;

				stash(x, v != NULL ? v : "", n);
				x->fields[x->nfields - 1].len += n;
			} else if (t == T_SYSTEM)
				sys_text(sys, syssize, (const char *)xmlTextReaderConstValue(r));
			break;
		case XML_READER_TYPE_END_ELEMENT:
			if (depth == tdepth)
				t = T_NONE;
			if (depth == 1)
				section = 0;
			break;
		}
	}
	xmlTextReaderSetStructuredErrorHandler(r, NULL, NULL);
	if (ret < 0 || x->xerr != NULL) {
		if (x->xerr == NULL) {
			flaw(x, x->pos, "malformed XML in this event");
			return -1;
		}
		msg = file_lines(x->xerr, x->ev_line);
		report(x, x->ev_line + (uint64_t)(x->xerr_line > 0 ? x->xerr_line - 1 : 0),
		    x->xerr_line <= 1 ? x->ev_col + (uint64_t)(x->xerr_col > 0 ?
		    x->xerr_col - 1 : 0) : (uint64_t)x->xerr_col, msg);
		free(msg);
		return -1;
	}
	return 0;
}

/* Parses SystemTime (2024-05-14T02:13:09.1234567Z, or with a blank and no zone). */
static void
system_time(struct evxml *x)
{
	const char	*s = x->systime;
	int		 Y, M, D, h, m, sec, n = 0, k;
	long		 ns = 0;
	int64_t		 days, y;
	unsigned	 era, yoe, doy, doe;

	x->time = TSTAMP_NONE;
	x->nsec = 0;
	if (sscanf(s, "%4d-%2d-%2d%*1[T ]%2d:%2d:%2d%n", &Y, &M, &D, &h, &m, &sec, &n) != 6 ||
	    Y < 1 || M < 1 || M > 12 || D < 1 || D > 31 || h < 0 || h > 23 || m < 0 ||
	    m > 59 || sec < 0 || sec > 60)
		return;
	s += n;
	if (*s == '.') {
		for (k = 0, s++; *s >= '0' && *s <= '9'; s++, k++) {
			if (k < 9)
				ns = ns * 10 + (*s - '0');
		}
		for (; k < 9; k++)
			ns *= 10;
	}
	/* days from the civil date (Howard Hinnant's algorithm) */
	y = M <= 2 ? Y - 1 : Y;
	era = (unsigned)((y >= 0 ? y : y - 399) / 400);
	yoe = (unsigned)(y - (int64_t)era * 400);
	doy = (unsigned)((153 * (M > 2 ? M - 3 : M + 9) + 2) / 5 + D - 1);
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	days = (int64_t)era * 146097 + (int64_t)doe - 719468;
	x->time = days * 86400 + h * 3600 + m * 60 + sec;
	x->nsec = ns;
	if ((s[0] == '+' || s[0] == '-') && sscanf(s + 1, "%2d:%2d", &h, &m) == 2)
		x->time -= (s[0] == '+' ? 1 : -1) * (int64_t)(h * 3600 + m * 60);
}

/* Fills the event's details for findings. */
static void
event_details(struct evxml *x)
{
	char	*end;

	x->fe.event_id = strtol(x->idtext, &end, 10);
	if (end == x->idtext)
		x->fe.event_id = -1;
	x->fe.level = (int)strtol(x->leveltext, &end, 10);
	if (end == x->leveltext)
		x->fe.level = -1;
	x->fe.record_id = strtoll(x->rectext, &end, 10);
	if (end == x->rectext)
		x->fe.record_id = -1;
	x->fe.provider = x->provider[0] != '\0' ? x->provider : NULL;
	x->fe.channel = x->channel[0] != '\0' ? x->channel : NULL;
	x->fe.computer = x->computer[0] != '\0' ? x->computer : NULL;
	system_time(x);
}

/* The offset of the first place s is written in the event as a whole word, or of the event. */
static uint64_t
locate(struct evxml *x, const char *s, size_t n)
{
	const char	*b = x->buf + x->pos, *p = b, *end = b + x->span, *hit;

	while (n > 0 && (hit = memmem(p, (size_t)(end - p), s, n)) != NULL) {
		if ((hit == b || !chars_is_word((unsigned char)hit[-1]) || !chars_is_word((unsigned char)s[0])) &&
		    (hit + n == end || !chars_is_word((unsigned char)hit[n]) ||
		    !chars_is_word((unsigned char)s[n - 1])))
			return x->buf_off + x->pos + (size_t)(hit - b);
		p = hit + 1;
	}
	return x->buf_off + x->pos;
}

/* Hands a finding on: once per code and event, with the event's writer. */
static void
deliver(struct evxml *x, struct finding *f)
{
	size_t	i;

	for (i = 0; i < x->nseen; i++) {
		if (x->seen[i] == f->value)
			return;
	}
	if (x->nseen < MAX_SEEN)
		x->seen[x->nseen++] = f->value;
	if (f->writer == NULL && x->writer[0] != '\0')
		f->writer = x->writer;
	x->emit(x->ctx, f);
}

/* The scanner's findings in a field: placed in the input, then handed on. */
static void
from_scanner(void *ctx, const struct finding *f)
{
	struct evxml	*x = ctx;
	struct finding	 g = *f;

	g.offset = locate(x, f->match, f->match_len);
	deliver(x, &g);
}

/* Emits a finding the event reader itself made. */
static void
own_finding(struct evxml *x, uint32_t v, enum finding_form form, const char *match,
    size_t mlen, uint64_t offset, const char *text, size_t tlen, const struct db_event *ev)
{
	struct finding	f;

	memset(&f, 0, sizeof f);
	f.value = v;
	f.form = form;
	f.path = x->path;
	f.line = x->ev_line;
	f.offset = offset;
	f.match = match;
	f.match_len = mlen;
	f.text = text;
	f.text_len = tlen < TEXT_MAX ? tlen : TEXT_MAX;
	f.time = x->time;
	f.nsec = x->nsec;
	f.host = x->computer[0] != '\0' ? x->computer : x->o.host;
	f.event = &x->fe;
	resolve(x->db, v, NULL, &f.r);
	f.r.win32_first = form == FORM_WIN32;
	if (ev != NULL) {
		f.r.code = &ev->code;
		f.r.guidance = ev->code.guidance;
		f.r.known = 1;
	}
	deliver(x, &f);
}

/* The first line of a field's text, without leading blanks. */
static const char *
first_line(const char *t, size_t len, size_t *n)
{
	const char	*e;

	while (len > 0 && chars_is_blank((unsigned char)*t)) {
		t++;
		len--;
	}
	e = memchr(t, '\n', len);
	*n = e != NULL ? (size_t)(e - t) : len;
	while (*n > 0 && chars_is_blank((unsigned char)t[*n - 1]))
		(*n)--;
	return t;
}

/* The event's message, or its insertion strings joined, as the text of an event finding. */
static size_t
summary(struct evxml *x, char *out, size_t size)
{
	size_t	i, k = 0;
	int	blank = 0;

	for (i = 0; i < x->nfields; i++) {
		if (x->fields[i].kind == F_MESSAGE) {
			const char	*t;
			size_t		 n;

			t = first_line(x->arena + x->fields[i].text, x->fields[i].len, &n);
			n = n < size - 1 ? n : size - 1;
			memcpy(out, t, n);
			out[n] = '\0';
			return n;
		}
	}
	for (i = 0; i < x->nfields && k + 1 < size; i++) {
		const char	*t = x->arena + x->fields[i].text;
		size_t		 j;

		if (x->fields[i].kind == F_BINARY || x->fields[i].len == 0)
			continue;
		if (k > 0 && k + 3 < size) {
			memcpy(out + k, " | ", 3);
			k += 3;
		}
		for (j = 0, blank = 1; j < x->fields[i].len && k + 1 < size; j++) {
			if (chars_is_blank((unsigned char)t[j])) {
				if (!blank)
					out[k++] = ' ';
				blank = 1;
			} else {
				out[k++] = t[j];
				blank = 0;
			}
		}
		while (k > 0 && out[k - 1] == ' ')
			k--;
	}
	out[k] = '\0';
	return k;
}

/* Emits the finding of an event that means a failure by itself. */
static void
event_finding(struct evxml *x, const struct db_event *ev)
{
	char		 text[TEXT_MAX + 1];
	const char	*id = memmem(x->buf + x->pos, x->span, "EventID", 7);
	uint64_t	 off = x->buf_off + x->pos;
	size_t		 n = summary(x, text, sizeof text);

	/* the offset of the event id's text */
	if (id != NULL && (id = memchr(id, '>', x->span - (size_t)(id - (x->buf + x->pos)))) != NULL)
		off = x->buf_off + (uint64_t)(id + 1 - x->buf);
	own_finding(x, ev->code.value, FORM_EVENT, x->idtext, strlen(x->idtext), off, text, n,
	    ev);
}

/* Does the rule's field description fit this field? */
static const struct db_event_field *
field_rule(const struct db_event *ev, const struct evxml *x, const struct field *f)
{
	size_t	i;

	if (ev == NULL || f->kind != F_DATA)
		return NULL;
	for (i = 0; i < ev->nfields; i++) {
		const struct db_event_field	*r = &ev->fields[i];

		if (r->index != 0 ? r->index == f->index : f->name_len > 0 &&
		    strcasecmp(r->name, x->arena + f->name) == 0)
			return r;
	}
	return NULL;
}

/* Reads the code at the start of a field the rules say holds one, and emits it. */
static void
field_code(struct evxml *x, const struct field *f, enum db_field_form form)
{
	const char		*t = x->arena + f->text, *line;
	char			 tok[16], text[TEXT_MAX + 1];
	size_t			 n = 0, i = 0, ln;
	uint32_t		 v;
	enum code_form		 cf;
	enum finding_form	 ff;

	while (i < f->len && (chars_is_blank((unsigned char)t[i]) || t[i] == '[' || t[i] == '\''))
		i++;
	while (i + n < f->len && n + 1 < sizeof tok && (chars_is_word((unsigned char)t[i + n]) ||
	    (n == 0 && (t[i] == '-' || t[i] == '+'))))
		n++;
	if (n == 0 || n + 1 >= sizeof tok)
		return;
	memcpy(tok, t + i, n);
	tok[n] = '\0';
	if (form == DB_FIELD_WIN32) {
		char		*end;
		unsigned long	 w = strtoul(tok, &end, 10);

		if (*end != '\0' || w == 0 || w > 0xFFFF)
			return;
		v = code_from_win32((uint32_t)w);
		ff = FORM_WIN32;
	} else {
		if (code_parse(tok, &v, &cf) != 0)
			return;
		ff = cf == CODE_HEX ? FORM_HEX : cf == CODE_BARE_HEX ? FORM_BARE_HEX :
		    cf == CODE_SIGNED ? FORM_SIGNED : FORM_UNSIGNED;
		if (!CODE_FAILED(v) && scanner_could_report(x->scanner, v, 0) == 0)
			return;
	}
	/* a field that holds nothing but the number says little: the event's summary then */
	line = first_line(t, f->len, &ln);
	if (ln <= n + 1) {
		ln = summary(x, text, sizeof text);
		line = text;
	}
	own_finding(x, v, ff, tok, n, locate(x, tok, n), line, ln, NULL);
}

/* Decodes hex (or base64) binary data into scratch; returns its length, or -1. */
static long
binary_bytes(struct evxml *x, const char *t, size_t len)
{
	static const char	 b64[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t			 i, k = 0, nhex = 0;
	uint32_t		 acc = 0;
	int			 bits = 0;

	if (len + 1 > x->scap) {
		x->scap = len + 1;
		x->scratch = xrealloc(x->scratch, x->scap);
	}
	for (i = 0; i < len && (chars_is_hex((unsigned char)t[i]) || chars_is_blank((unsigned char)t[i])); i++)
		nhex += !chars_is_blank((unsigned char)t[i]);
	if (i == len) {
		if (nhex % 2 != 0)
			return -1;
		for (i = 0; i < len; i++) {
			if (chars_is_blank((unsigned char)t[i]))
				continue;
			acc = acc << 4 | (uint32_t)chars_hexval((unsigned char)t[i]);
			if (++bits == 2) {
				x->scratch[k++] = (char)acc;
				acc = 0;
				bits = 0;
			}
		}
		return (long)k;
	}
	for (i = 0; i < len; i++) {
		const char	*c;

		if (chars_is_blank((unsigned char)t[i]) || t[i] == '=')
			continue;
		if ((c = strchr(b64, t[i])) == NULL || t[i] == '\0')
			return -1;
		acc = acc << 6 | (uint32_t)(c - b64);
		if ((bits += 6) >= 8) {
			bits -= 8;
			x->scratch[k++] = (char)(acc >> bits);
		}
	}
	return (long)k;
}

/* The binary data as UTF-8 text when it holds ASCII or UTF-16LE text, or NULL. */
static const char *
binary_text(struct evxml *x, const unsigned char *b, size_t n, size_t *out)
{
	size_t	i, k = 0, good = 0;

	if (n < 4)
		return NULL;
	if (3 * n + 1 > x->scap2) {
		x->scap2 = 3 * n + 1;
		x->scratch2 = xrealloc(x->scratch2, x->scap2);
	}
	for (i = 0; i + 1 < n; i += 2)
		good += b[i + 1] == 0 && (b[i] == 0 || (b[i] >= 0x20 && b[i] < 0x7f) ||
		    b[i] == '\t' || b[i] == '\r' || b[i] == '\n');
	if (n % 2 == 0 && good * 10 >= (n / 2) * 9) {
		/* UTF-16LE: NULs between strings become line ends */
		for (i = 0; i + 1 < n; i += 2) {
			unsigned	c = b[i] | (unsigned)b[i + 1] << 8;

			if (c == 0)
				x->scratch2[k++] = '\n';
			else if (c < 0x80)
				x->scratch2[k++] = (char)c;
			else if (c < 0x800) {
				x->scratch2[k++] = (char)(0xC0 | c >> 6);
				x->scratch2[k++] = (char)(0x80 | (c & 0x3F));
			} else {
				if (c >= 0xD800 && c < 0xE000)
					c = 0xFFFD;
				x->scratch2[k++] = (char)(0xE0 | c >> 12);
				x->scratch2[k++] = (char)(0x80 | (c >> 6 & 0x3F));
				x->scratch2[k++] = (char)(0x80 | (c & 0x3F));
			}
		}
		*out = k;
		return x->scratch2;
	}
	for (i = 0, good = 0; i < n; i++)
		good += b[i] == 0 || (b[i] >= 0x20 && b[i] < 0x7f) || b[i] == '\t' ||
		    b[i] == '\r' || b[i] == '\n';
	if (good * 10 < n * 9)
		return NULL;
	for (i = 0; i < n; i++)
		x->scratch2[k++] = b[i] == 0 ? '\n' : (char)b[i];
	*out = k;
	return x->scratch2;
}

/* Reads the FinalStatus of an IO_ERROR_LOG_PACKET (VolSnap's binary data). */
static void
io_packet(struct evxml *x, const struct field *f)
{
	const char		*t = x->arena + f->text, *bin;
	const unsigned char	*b;
	long			 n = binary_bytes(x, t, f->len);
	uint64_t		 off = x->buf_off + x->pos;
	uint32_t		 st;
	char			 match[16];
	size_t			 lead = 0;

	if (n < 0x18)
		return;
	b = (const unsigned char *)x->scratch;
	st = (uint32_t)b[0x14] | (uint32_t)b[0x15] << 8 | (uint32_t)b[0x16] << 16 |
	    (uint32_t)b[0x17] << 24;
	if (!CODE_FAILED(st))
		return;
	while (lead < f->len && chars_is_blank((unsigned char)t[lead]))
		lead++;
	if (f->len >= lead + 0x30 && chars_is_hex((unsigned char)t[lead]))
		snprintf(match, sizeof match, "%.8s", t + lead + 0x28);
	else
		snprintf(match, sizeof match, "0x%08X", st);
	/* the offset of the status in the hex text, or of the event */
	if ((bin = memmem(x->buf + x->pos, x->span, "Binary>", 7)) != NULL &&
	    (size_t)(bin - (x->buf + x->pos)) + 7 + lead + 0x30 <= x->span &&
	    memcmp(bin + 7 + lead + 0x28, match, 8) == 0)
		off = x->buf_off + (uint64_t)(bin + 7 + lead + 0x28 - x->buf);
	own_finding(x, st, FORM_BINARY, match, strlen(match), off, t + lead, f->len - lead,
	    NULL);
}

/* The writer of the event: from the field the rules name, else from the context patterns. */
static void
event_writer(struct evxml *x, const struct db_event *rule, const struct db_event *any)
{
	const struct db_event	*e = rule != NULL && (rule->writer_index || rule->writer_name) ?
	    rule : any;
	size_t			 i, n;
	const char		*t;

	x->writer[0] = '\0';
	for (i = 0; e != NULL && i < x->nfields; i++) {
		const struct field	*f = &x->fields[i];

		if (f->kind != F_DATA || (e->writer_index ? f->index != e->writer_index :
		    e->writer_name == NULL || strcasecmp(e->writer_name, x->arena + f->name) != 0))
			continue;
		t = first_line(x->arena + f->text, f->len, &n);
		if (n > 0) {
			snprintf(x->writer, sizeof x->writer, "%.*s", (int)n, t);
			return;
		}
	}
	for (i = 0; i < x->nfields; i++) {
		if (x->fields[i].kind != F_BINARY && scanner_writer(x->scanner,
		    x->arena + x->fields[i].text, x->fields[i].len, x->writer, sizeof x->writer))
			return;
	}
}

/* The rule of the event: by provider name, else by its classic source name. */
static const struct db_event *
event_rule(struct evxml *x, long id)
{
	const struct db_event	*e = NULL;

	if (x->provider[0] != '\0')
		e = db_event_find(x->db, x->provider, id);
	if (e == NULL && x->source[0] != '\0')
		e = db_event_find(x->db, x->source, id);
	return e;
}

/* Turns the parsed event into findings. */
static void
event_findings(struct evxml *x)
{
	const struct db_event		*rule, *any;
	const struct db_event_field	*fr;
	struct scan_field		 sf;
	size_t				 i, tn;
	const char			*t;
	long				 n;
	int				 binary, kind;

	event_details(x);
	rule = x->fe.event_id >= 0 ? event_rule(x, x->fe.event_id) : NULL;
	any = event_rule(x, DB_EVENT_ANY);
	kind = x->provider[0] != '\0' ? db_event_provider(x->db, x->provider) : DB_PROVIDER_NONE;
	if (kind == DB_PROVIDER_NONE && x->source[0] != '\0')
		kind = db_event_provider(x->db, x->source);
	x->vss = kind == DB_PROVIDER_VSS;
	binary = rule != NULL && rule->binary >= 0 ? rule->binary :
	    any != NULL && any->binary >= 0 ? any->binary : DB_BINARY_TEXT;
	/* an event of another provider counts when its own text is about VSS */
	for (i = 0; !x->vss && kind == DB_PROVIDER_NONE && i < x->nfields; i++) {
		const struct field	*f = &x->fields[i];

		if (f->kind != F_BINARY)
			x->vss = scanner_about_vss(x->scanner, x->arena + f->text, f->len);
		else if ((n = binary_bytes(x, x->arena + f->text, f->len)) >= 0 &&
		    (t = binary_text(x, (const unsigned char *)x->scratch, (size_t)n, &tn)) != NULL)
			x->vss = scanner_about_vss(x->scanner, t, tn);
	}
	if (!x->vss && !x->o.all_codes)
		return;
	event_writer(x, rule, any);
	x->nseen = 0;
	if (rule != NULL && rule->failure)
		event_finding(x, rule);
	for (i = 0; i < x->nfields; i++) {
		if ((fr = field_rule(rule, x, &x->fields[i])) != NULL ||
		    (fr = field_rule(any, x, &x->fields[i])) != NULL)
			field_code(x, &x->fields[i], fr->form);
		else if (x->fields[i].kind == F_BINARY && binary == DB_BINARY_IO_PACKET)
			io_packet(x, &x->fields[i]);
	}
	sf.path = x->path;
	sf.line = x->ev_line;
	sf.event = &x->fe;
	sf.time = x->time;
	sf.nsec = x->nsec;
	sf.vss = x->vss;
	for (i = 0; i < x->nfields; i++) {
		const struct field	*f = &x->fields[i];

		if (f->len == 0)
			continue;
		if (f->kind != F_BINARY) {
			scanner_field(x->scanner, x->arena + f->text, f->len, &sf, from_scanner, x);
			continue;
		}
		if ((n = binary_bytes(x, x->arena + f->text, f->len)) < 0)
			continue;
		if ((t = binary_text(x, (const unsigned char *)x->scratch, (size_t)n, &tn)) != NULL)
			scanner_field(x->scanner, t, tn, &sf, from_scanner, x);
	}
}

/* Reads one event that starts at pos; returns 0 when reading must stop. */
static int
read_event(struct evxml *x)
{
	struct rawscan	rs;
	size_t		avail = x->len - x->pos, want;
	uint64_t	start_line = x->line;
	int		kind;

	for (;;) {
		raw_scan(x, (const unsigned char *)x->buf + x->pos, avail, &rs);
		if (!rs.incomplete)
			break;
		if (x->eof) {
			damage(x, x->len, "the input ends inside the event that starts at line "
			    "%llu (cut off?)", (unsigned long long)start_line);
			return 0;
		}
		if (avail >= SPAN_MAX) {
			damage(x, x->pos, "an event longer than %d MiB: damaged, or not an "
			    "event export", SPAN_MAX / (1024 * 1024));
			return 0;
		}
		want = avail < CHUNK ? CHUNK : 2 * avail;
		avail = fill(x, want > SPAN_MAX ? SPAN_MAX : want);
	}
	if (rs.nested != 0) {
		/* the cut-off event is lost; reading goes on with the new one */
		flaw(x, x->pos + rs.nested, "an event starts here before the one that starts "
		    "at line %llu has ended (that event is cut off)",
		    (unsigned long long)start_line);
		advance(x, rs.nested);
		return 1;
	}
	x->nevents++;
	x->span = rs.end;
	x->ev_line = x->line;
	x->ev_col = x->buf_off + x->pos - x->line_off + 1;
	/*
	 * Parsed: events of the providers the rules know, events whose text has
	 * a code the scanner could report and is about VSS (or --all-codes), and
	 * those whose raw bytes cannot be judged.  When some pattern literal
	 * cannot be looked for with masks, every event is.
	 */
	kind = rs.parse || x->lit_slow || x->parse_all ? DB_PROVIDER_VSS :
	    raw_provider(x, (const unsigned char *)x->buf + x->pos, rs.end);
	if (kind == DB_PROVIDER_VSS || (rs.cand && (x->o.all_codes || (kind == DB_PROVIDER_NONE &&
	    (rs.binvss || raw_context(x, (const unsigned char *)x->buf + x->pos, rs.end)))))) {
		x->nparsed++;
		if (parse_span(x) == 0)
			event_findings(x);
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
	x->nevents = x->nparsed = 0;
	while (!x->stop && outside(x)) {
		if (!read_event(x))
			break;
	}
	if (!x->stop && x->root)
		damage(x, x->len, "the input ends before the end tag </%s> (cut off?)",
		    x->root_name);
	x->lines = x->line - (x->buf_off + x->len > 0 && x->len > 0 &&
	    x->buf[x->len - 1] == '\n');
	if (x->buf_off + x->len == 0)
		x->lines = 0;
	x->in = NULL;
	return x->failed ? -1 : 0;
}

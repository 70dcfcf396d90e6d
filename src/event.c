/* event.c: turns one Windows event, however it was read, into findings: [event] rules, text scanner. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "chars.h"
#include "code.h"
#include "event.h"
#include "resolve.h"
#include "tstamp.h"
#include "xalloc.h"

#define TEXT_MAX	1024	/* the longest text reported with a finding */
#define MAX_SEEN	64	/* codes remembered per event, against repeats */
#define NMEMO		8	/* providers remembered per context */
#define NRULEMEMO	32	/* rules remembered per context: a VSS export has a dozen ids */
#define MEMO_NAME	64	/* the longest provider name remembered */
#define NRES		16	/* resolved codes remembered (a power of two) */
#define NTMEMO		4096	/* field texts remembered with what they hold (a power of two) */
#define TMEMO_MAX	4096	/* the longest field text remembered */

/*
 * A look-up in the rules remembered: db_event_find and db_event_provider
 * build a key and hash it at every call, and the events of an export come
 * from a few providers.  Names are remembered as written (the rules compare
 * them without case: another spelling is looked up on its own).
 */
struct memo {
	int			 set;
	long			 id;		/* a rule's: the event id or DB_EVENT_ANY */
	char			 provider[MEMO_NAME];
	char			 source[MEMO_NAME];	/* a rule's: the classic source */
	int			 kind;		/* a provider's: DB_PROVIDER_* */
	const struct db_event	*rule;
};

/*
 * A field's text and what is known of it: the fields of an export repeat
 * ("Operation: ... Automatic Shutdown", a writer's context block), each
 * line of a field is tried against every context pattern for a writer,
 * and most fields hold nothing the scanner reports.  Both answers depend
 * on the text alone (and, for the scanner, on whether the event is about
 * VSS); one during which a rule gave up is not kept, so that the next such
 * text tells it again.
 */
struct tmemo {
	char	*text;		/* a copy of the field's text, len bytes */
	size_t	 len, cap;
	int	 writer_known;	/* found and writer are the answer of scanner_writer */
	int	 found;
	unsigned quiet;		/* 1 << vss: the scanner found nothing in it, 4 << vss: in its binary data */
	char	 writer[EVENT_NAME_MAX];
	/* what the scanner found in it, for one of the quiet bits (kept: 0 for none) */
	unsigned kept;
	struct tfind *finds;
	size_t	 nfinds, capfinds;
	char	*str;		/* the findings' strings, and the host of the event scanned */
	size_t	 nstr, capstr;
	size_t	 evhost;	/* that host, in str, or NOSTR */
	unsigned long gen;	/* changes when the slot is given another text */
};

/*
 * A finding the scanner made in a field's text, kept to be made again
 * without the scan: a VSS export repeats the texts that hold codes too
 * ("0x80042306, The shadow copy provider had an unexpected error..."), and
 * scanning them is a fifth of the work.  What the finding owes its event
 * (path, line, time, place, writer when the text names none) is the next
 * event's; its strings are offsets in the memo's str.  A host equal to the
 * scanned event's may be that event's or one the text names: it is made
 * again only for an event of the same host.
 */
struct tfind {
	uint32_t		 value;
	enum finding_form	 form;
	size_t			 match, match_len, text, text_len;
	size_t			 writer, method, host;	/* NOSTR: none */
	int			 host_ev;		/* host was the event's */
	struct resolved		 r;
};

#define NOSTR	((size_t)-1)

/* A field's memo as looked up for the event (field_memo). */
struct fmemo {
	int		 set;
	struct tmemo	*m;		/* NULL: a text too long to keep */
	unsigned long	 gen;
};

/*
 * The state of the event being turned into findings.  One context serves
 * one reader, one event at a time: the codes already handed on (each code
 * once per event), the writer the event names, and the System values as
 * findings carry them.
 */
struct event_ctx {
	const struct db		*db;
	struct scanner		*scanner;
	struct scan_opts	 o;
	struct event_bin	 bin;

	/* the event of the current event_findings call */
	const struct event	*ev;
	finding_fn		 emit;
	void			*ctx;
	struct finding_event	 fe;
	char			 writer[EVENT_NAME_MAX];
	uint32_t		 seen[MAX_SEEN];
	size_t			 nseen;
	/* the event's summary once made (a failure and a field code may both want it) */
	char			 sum[TEXT_MAX + 1];
	size_t			 sum_len;
	int			 sum_set;
	/* the binary field io_packet decoded into bin.bytes, and their number */
	const struct event_field *bin_field;
	long			 bin_got;

	struct memo		 providers[NMEMO], rules[NRULEMEMO];
	unsigned		 nextprov, nextrule;	/* the entries to replace next */
	/* codes resolved for the rules' own findings, by value (a few recur) */
	struct resolved		 res[NRES];
	int			 res_set[NRES];
	struct tmemo		*tmemo;		/* NTMEMO of them, made at the first text */
	size_t			 nscanned;	/* the findings of the field being scanned */
	struct tmemo		*rec;		/* keeps them, or NULL */
	int			 rec_bad;	/* one of them cannot be kept */
	unsigned long		 gens;		/* the last tmemo.gen given */
	/*
	 * The memo of each field of the event once looked up, and its gen then
	 * (the writer and the scanner want the same texts: one look-up each).
	 */
	struct fmemo		*fmemo;
	size_t			 fmcap;
};

struct event_ctx *
event_ctx_new(const struct db *db, struct scanner *scanner, const struct scan_opts *o)
{
	struct event_ctx	*c = xcalloc(1, sizeof *c);

	c->db = db;
	c->scanner = scanner;
	c->o = *o;
	return c;
}

void
event_ctx_free(struct event_ctx *c)
{
	size_t	i;

	if (c == NULL)
		return;
	event_bin_clear(&c->bin);
	for (i = 0; c->tmemo != NULL && i < NTMEMO; i++) {
		free(c->tmemo[i].text);
		free(c->tmemo[i].finds);
		free(c->tmemo[i].str);
	}
	free(c->tmemo);
	free(c->fmemo);
	free(c);
}

/* A string that says something, or NULL. */
static const char *
given(const char *s)
{
	return s != NULL && s[0] != '\0' ? s : NULL;
}

int
event_provider(struct event_ctx *c, const char *provider)
{
	struct memo	*m;
	size_t		 i;
	int		 kind;

	if (given(provider) == NULL)
		return DB_PROVIDER_NONE;
	for (i = 0; i < NMEMO; i++) {
		m = &c->providers[i];
		if (m->set && strcmp(m->provider, provider) == 0)
			return m->kind;
	}
	kind = db_event_provider(c->db, provider);
	if (strlen(provider) < MEMO_NAME) {
		m = &c->providers[c->nextprov++ % NMEMO];
		m->set = 1;
		memcpy(m->provider, provider, strlen(provider) + 1);
		m->kind = kind;
	}
	return kind;
}

/* Does a rule make findings of its own, from the event's id, fields or binary data? */
static int
rule_finds(const struct db_event *e)
{
	return e != NULL && (e->failure || e->nfields > 0 || e->binary == DB_BINARY_IO_PACKET);
}

enum event_want
event_wanted(struct event_ctx *c, const char *provider, long event_id)
{
	int	kind = event_provider(c, provider);

	if (kind == DB_PROVIDER_VSS)
		return EVENT_WANT_ALL;
	if (kind == DB_PROVIDER_OTHER) {
		/* related = no: only --all-codes counts its codes at all */
		if (!c->o.all_codes)
			return EVENT_WANT_NONE;
		if ((event_id < 0 || rule_finds(db_event_find(c->db, provider, event_id))) ||
		    rule_finds(db_event_find(c->db, provider, DB_EVENT_ANY)))
			return EVENT_WANT_ALL;
	}
	return EVENT_WANT_TEXT;
}

void
event_bin_clear(struct event_bin *b)
{
	free(b->bytes);
	free(b->text);
	memset(b, 0, sizeof *b);
}

#define HB_BLANK	16	/* hexblank[]: an XML blank */
#define HB_OTHER	17	/* neither a blank nor a hex digit */
#define HB_ROW(a)	a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a
#define HB_O		HB_OTHER

/* The value of each hex digit, HB_BLANK for blanks, HB_OTHER else: binary data is read by it. */
static const unsigned char hexblank[256] = {
	HB_O, HB_O, HB_O, HB_O, HB_O, HB_O, HB_O, HB_O,		/* 0x00 */
	HB_O, HB_BLANK, HB_BLANK, HB_O, HB_O, HB_BLANK, HB_O, HB_O,
	HB_ROW(HB_O),						/* 0x10 */
	HB_BLANK, HB_O, HB_O, HB_O, HB_O, HB_O, HB_O, HB_O,	/* 0x20 */
	HB_O, HB_O, HB_O, HB_O, HB_O, HB_O, HB_O, HB_O,
	0, 1, 2, 3, 4, 5, 6, 7, 8, 9, HB_O, HB_O, HB_O, HB_O, HB_O, HB_O,	/* 0x30 */
	HB_O, 10, 11, 12, 13, 14, 15, HB_O, HB_O, HB_O, HB_O, HB_O, HB_O, HB_O,
	HB_O, HB_O,						/* 0x40 */
	HB_ROW(HB_O),						/* 0x50 */
	HB_O, 10, 11, 12, 13, 14, 15, HB_O, HB_O, HB_O, HB_O, HB_O, HB_O, HB_O,
	HB_O, HB_O,						/* 0x60 */
	HB_ROW(HB_O),						/* 0x70 */
	HB_ROW(HB_O), HB_ROW(HB_O), HB_ROW(HB_O), HB_ROW(HB_O),	/* 0x80 */
	HB_ROW(HB_O), HB_ROW(HB_O), HB_ROW(HB_O), HB_ROW(HB_O),
};
#undef HB_O
#undef HB_ROW

long
event_bin_decode(struct event_bin *b, const char *t, size_t len)
{
	static const char	 b64[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t			 i, k = 0, nhex = 0;
	uint32_t		 acc = 0;
	int			 bits = 0;

	if (len + 1 > b->bcap) {
		b->bcap = len + 1;
		b->bytes = xrealloc(b->bytes, b->bcap);
	}
	/* hex digits and blanks: read in one pass, by table */
	for (i = 0; i < len; i++) {
		unsigned	d = hexblank[(unsigned char)t[i]], d2;

		/* the common case first: two digits of a byte side by side */
		if (d < 16 && nhex % 2 == 0 && i + 1 < len &&
		    (d2 = hexblank[(unsigned char)t[i + 1]]) < 16) {
			b->bytes[k++] = (unsigned char)(d << 4 | d2);
			nhex += 2;
			i++;
			continue;
		}
		if (d == HB_BLANK)
			continue;
		if (d == HB_OTHER)
			break;
		acc = acc << 4 | d;
		if (++nhex % 2 == 0) {
			b->bytes[k++] = (unsigned char)acc;
			acc = 0;
		}
	}
	if (i == len)
		return nhex % 2 != 0 ? -1 : (long)k;
	/* else base64, from the start */
	acc = 0;
	k = 0;
	for (i = 0; i < len; i++) {
		const char	*c;

		if (chars_is_blank((unsigned char)t[i]) || t[i] == '=')
			continue;
		if ((c = strchr(b64, t[i])) == NULL || t[i] == '\0')
			return -1;
		acc = acc << 6 | (uint32_t)(c - b64);
		if ((bits += 6) >= 8) {
			bits -= 8;
			b->bytes[k++] = (unsigned char)(acc >> bits);
		}
	}
	return (long)k;
}

/* Is byte c plain text: printable ASCII, a tab or a line end? */
static int
text_byte(unsigned char c)
{
	return (c >= 0x20 && c < 0x7f) || c == '\t' || c == '\r' || c == '\n';
}

/* Writes UTF-16LE bytes b[0..n) as UTF-8 into b->text; NULs between strings become line ends. */
static size_t
utf16_text(struct event_bin *bin, const unsigned char *b, size_t n)
{
	size_t	i, k = 0;

	for (i = 0; i + 1 < n; i += 2) {
		unsigned	c = b[i] | (unsigned)b[i + 1] << 8;

		if (c == 0)
			bin->text[k++] = '\n';
		else if (c < 0x80)
			bin->text[k++] = (char)c;
		else if (c < 0x800) {
			bin->text[k++] = (char)(0xC0 | c >> 6);
			bin->text[k++] = (char)(0x80 | (c & 0x3F));
		} else {
			if (c >= 0xD800 && c < 0xE000)
				c = 0xFFFD;
			bin->text[k++] = (char)(0xE0 | c >> 12);
			bin->text[k++] = (char)(0x80 | (c >> 6 & 0x3F));
			bin->text[k++] = (char)(0x80 | (c & 0x3F));
		}
	}
	return k;
}

/* The text the got bytes decoded into bin->bytes hold (see event_bin_text), or NULL. */
static const char *
bytes_text(struct event_bin *bin, long got, size_t *out)
{
	const unsigned char	*b;
	size_t			 n, i, k = 0, good = 0;

	if (got < 4)
		return NULL;
	n = (size_t)got;
	b = bin->bytes;
	if (3 * n + 1 > bin->tcap) {
		bin->tcap = 3 * n + 1;
		bin->text = xrealloc(bin->text, bin->tcap);
	}
	for (i = 0; i + 1 < n; i += 2)
		good += b[i + 1] == 0 && (b[i] == 0 || text_byte(b[i]));
	if (n % 2 == 0 && good * 10 >= (n / 2) * 9) {
		*out = utf16_text(bin, b, n);
		return bin->text;
	}
	for (i = 0, good = 0; i < n; i++)
		good += b[i] == 0 || text_byte(b[i]);
	if (good * 10 < n * 9)
		return NULL;
	for (i = 0; i < n; i++)
		bin->text[k++] = b[i] == 0 ? '\n' : (char)b[i];
	*out = k;
	return bin->text;
}

const char *
event_bin_text(struct event_bin *bin, const char *t, size_t len, size_t *out)
{
	return bytes_text(bin, event_bin_decode(bin, t, len), out);
}

/* Is s "YYYY-MM-DDThh:mm:ss" (or with a space for the T), all digits where digits go? */
static int
plain_time(const char *s)
{
	/*
	 * Byte by byte in order (a shorter s ends at its NUL, which fails),
	 * each test written out: no walk of a form string at every event.
	 */
#define D(i)	((unsigned)((unsigned char)s[i] - '0') < 10)
	return D(0) && D(1) && D(2) && D(3) && s[4] == '-' && D(5) && D(6) && s[7] == '-' &&
	    D(8) && D(9) && (s[10] == 'T' || s[10] == ' ') && D(11) && D(12) && s[13] == ':' &&
	    D(14) && D(15) && s[16] == ':' && D(17) && D(18);
#undef D
}

/* The number written by the two digits at s. */
static int
two(const char *s)
{
	return (s[0] - '0') * 10 + (s[1] - '0');
}

int
event_parse_time(const char *s, int64_t *t, long *nsec)
{
	int		 Y, M, D, h, m, sec, n = 0, k;
	long		 ns = 0;
	int64_t		 days, y;
	unsigned	 era, yoe, doy, doe;

	*t = TSTAMP_NONE;
	*nsec = 0;
	if (plain_time(s)) {
		/* the form Windows writes: what sscanf below would read, read faster */
		Y = two(s) * 100 + two(s + 2);
		M = two(s + 5);
		D = two(s + 8);
		h = two(s + 11);
		m = two(s + 14);
		sec = two(s + 17);
		n = 19;
	} else if (sscanf(s, "%4d-%2d-%2d%*1[T ]%2d:%2d:%2d%n", &Y, &M, &D, &h, &m, &sec,
	    &n) != 6)
		return -1;
	if (Y < 1 || M < 1 || M > 12 || D < 1 || D > 31 || h < 0 || h > 23 || m < 0 ||
	    m > 59 || sec < 0 || sec > 60)
		return -1;
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
	*t = days * 86400 + h * 3600 + m * 60 + sec;
	*nsec = ns;
	if ((s[0] == '+' || s[0] == '-') && sscanf(s + 1, "%2d:%2d", &h, &m) == 2)
		*t -= (s[0] == '+' ? 1 : -1) * (int64_t)(h * 3600 + m * 60);
	return 0;
}

const char *
event_memmem(const char *b, size_t n, const char *s, size_t len, size_t key)
{
	const char	*p = b + key, *end = b + n;

	while (n >= len && p + (len - key) <= end &&
	    (p = memchr(p, s[key], (size_t)(end - p) - (len - key - 1))) != NULL) {
		if (memcmp(p - key, s, len) == 0)
			return p - key;
		p++;
	}
	return NULL;
}

const char *
event_memmem_any(const char *b, size_t n, const char *s, size_t len)
{
	size_t	i = 0;

	if (len == 0 || n < len)
		return len == 0 ? b : NULL;
#if defined(__SSE2__)
	{
		const __m128i	c0 = _mm_set1_epi8(s[0]), c1 = _mm_set1_epi8(s[len - 1]);

		for (; i + 16 + len - 1 <= n; i += 16) {
			unsigned	m = (unsigned)_mm_movemask_epi8(_mm_and_si128(
			    _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)(b + i)),
			    c0), _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)
			    (b + i + len - 1)), c1)));

			while (m != 0) {
				size_t	at = i + (size_t)__builtin_ctz(m);

				m &= m - 1;
				if (memcmp(b + at, s, len) == 0)
					return b + at;
			}
		}
	}
#endif
	/* the places left */
	for (; i + len <= n; i++) {
		if (b[i] == s[0] && memcmp(b + i, s, len) == 0)
			return b + i;
	}
	return NULL;
}

/* The input offset of p, a place in the event's raw. */
static uint64_t
raw_offset(const struct event *ev, const char *p)
{
	return ev->offset + (uint64_t)(p - ev->raw);
}

/* The offset of the first place s is written in the event as a whole word, or of the event. */
static uint64_t
locate(const struct event *ev, const char *s, size_t n)
{
	const char	*b = ev->raw, *p = b, *end, *hit;

	if (b == NULL)
		return ev->offset;
	end = b + ev->raw_len;
	/* codes as 0x... by their 'x', rare in an event's markup */
	while (n > 0 && (hit = n > 2 && s[1] == 'x' ? event_memmem(p, (size_t)(end - p), s, n, 1) :
	    event_memmem_any(p, (size_t)(end - p), s, n)) != NULL) {
		if ((hit == b || !chars_is_word((unsigned char)hit[-1]) ||
		    !chars_is_word((unsigned char)s[0])) &&
		    (hit + n == end || !chars_is_word((unsigned char)hit[n]) ||
		    !chars_is_word((unsigned char)s[n - 1])))
			return raw_offset(ev, hit);
		p = hit + 1;
	}
	return ev->offset;
}

/* Has the event handed on code v already? */
static int
seen(const struct event_ctx *c, uint32_t v)
{
	size_t	i;

	for (i = 0; i < c->nseen; i++) {
		if (c->seen[i] == v)
			return 1;
	}
	return 0;
}

/* Hands a finding on: once per code and event, with the event's writer. */
static void
deliver(struct event_ctx *c, struct finding *f)
{
	if (seen(c, f->value))
		return;
	if (c->nseen < MAX_SEEN)
		c->seen[c->nseen++] = f->value;
	if (f->writer == NULL && c->writer[0] != '\0')
		f->writer = c->writer;
	c->emit(c->ctx, f);
}

/* The host a finding of the event has when its text names none. */
static const char *
event_host(const struct event_ctx *c)
{
	return c->fe.computer != NULL ? c->fe.computer : c->o.host;
}

/* Copies s[0..n) and a NUL into m's strings; returns its offset there, NOSTR for NULL. */
static size_t
keep_str(struct tmemo *m, const char *s, size_t n)
{
	size_t	at = m->nstr;

	if (s == NULL)
		return NOSTR;
	if (m->capstr - m->nstr < n + 1) {
		m->capstr = (m->nstr + n + 1) * 2;
		m->str = xrealloc(m->str, m->capstr);
	}
	if (n > 0)
		memcpy(m->str + at, s, n);
	m->str[at + n] = '\0';
	m->nstr += n + 1;
	return at;
}

/* The string at offset at of m's, or NULL. */
static const char *
kept_str(const struct tmemo *m, size_t at)
{
	return at != NOSTR ? m->str + at : NULL;
}

/* Keeps finding f of the field being scanned in c->rec, unless it owes its event more than we know. */
static void
keep_finding(struct event_ctx *c, const struct finding *f)
{
	const struct event	*ev = c->ev;
	struct tmemo		*m = c->rec;
	struct tfind		*k;
	const char		*h = event_host(c);

	if (f->path != ev->path || f->line != ev->line || f->time != ev->time ||
	    f->nsec != ev->nsec || f->event != &c->fe) {
		c->rec_bad = 1;
		return;
	}
	if (m->nfinds == m->capfinds) {
		m->capfinds = m->capfinds ? m->capfinds * 2 : 4;
		m->finds = xreallocarray(m->finds, m->capfinds, sizeof *m->finds);
	}
	k = &m->finds[m->nfinds++];
	k->value = f->value;
	k->form = f->form;
	k->match = keep_str(m, f->match, f->match_len);
	k->match_len = f->match_len;
	k->text = keep_str(m, f->text, f->text_len);
	k->text_len = f->text_len;
	k->writer = keep_str(m, f->writer, f->writer != NULL ? strlen(f->writer) : 0);
	k->method = keep_str(m, f->method, f->method != NULL ? strlen(f->method) : 0);
	k->host_ev = f->host == h || (f->host != NULL && h != NULL && strcmp(f->host, h) == 0);
	k->host = k->host_ev ? NOSTR :
	    keep_str(m, f->host, f->host != NULL ? strlen(f->host) : 0);
	k->r = f->r;
}

/* The scanner's findings in a field: placed in the input, then handed on. */
static void
from_scanner(void *arg, const struct finding *f)
{
	struct event_ctx	*c = arg;
	struct finding		 g = *f;

	c->nscanned++;
	if (c->rec != NULL)
		keep_finding(c, f);
	/* most are the code the event's own finding gave: placed for nothing */
	if (seen(c, f->value))
		return;
	g.offset = locate(c->ev, f->match, f->match_len);
	deliver(c, &g);
}

/*
 * Makes again the findings m keeps for bit, when they are all this event's
 * to make; returns 0 (nothing handed on) when the text must be scanned.
 */
static int
replay(struct event_ctx *c, const struct tmemo *m, unsigned bit)
{
	const struct event	*ev = c->ev;
	const char		*h = event_host(c), *eh;
	struct finding		 g;
	size_t			 i;

	if (m->kept != bit)
		return 0;
	eh = kept_str(m, m->evhost);
	if (h != eh && (h == NULL || eh == NULL || strcmp(h, eh) != 0)) {
		for (i = 0; i < m->nfinds; i++) {
			if (m->finds[i].host_ev)
				return 0;
		}
	}
	for (i = 0; i < m->nfinds; i++) {
		const struct tfind	*k = &m->finds[i];

		if (seen(c, k->value))
			continue;	/* deliver would drop it */
		memset(&g, 0, sizeof g);
		g.value = k->value;
		g.form = k->form;
		g.path = ev->path;
		g.line = ev->line;
		g.match = kept_str(m, k->match);
		g.match_len = k->match_len;
		g.text = kept_str(m, k->text);
		g.text_len = k->text_len;
		g.time = ev->time;
		g.nsec = ev->nsec;
		g.host = k->host_ev ? h : kept_str(m, k->host);
		g.writer = kept_str(m, k->writer);
		g.method = kept_str(m, k->method);
		g.event = &c->fe;
		g.r = k->r;
		g.offset = locate(ev, g.match, g.match_len);
		deliver(c, &g);
	}
	return 1;
}

/* Starts keeping the findings of the scan of m's text (m NULL: none kept). */
static void
keep_start(struct event_ctx *c, struct tmemo *m)
{
	c->nscanned = 0;
	c->rec = m;
	c->rec_bad = 0;
	if (m == NULL)
		return;
	m->kept = 0;
	m->nfinds = m->nstr = 0;
	m->evhost = keep_str(m, event_host(c), event_host(c) != NULL ? strlen(event_host(c)) : 0);
}

/*
 * Ends the scan of m's text for bit: what it found is the answer for the
 * text unless a rule gave up meanwhile (mark: the scanner's before).
 */
static void
keep_end(struct event_ctx *c, struct tmemo *m, unsigned bit, unsigned long mark)
{
	c->rec = NULL;
	if (m == NULL || scanner_gaveup_mark(c->scanner) != mark)
		return;
	if (c->nscanned == 0)
		m->quiet |= bit;
	else if (!c->rec_bad)
		m->kept = bit;
}

/* What the rules say about code v (resolve without a method), remembered. */
static const struct resolved *
resolved(struct event_ctx *c, uint32_t v)
{
	size_t	i = (v * 2654435761u) >> 28 & (NRES - 1);

	if (!c->res_set[i] || c->res[i].value != v) {
		resolve(c->db, v, NULL, &c->res[i]);
		c->res_set[i] = 1;
	}
	return &c->res[i];
}

/* Hands on a finding the rules themselves made. */
static void
own_finding(struct event_ctx *c, uint32_t v, enum finding_form form, const char *match,
    size_t mlen, uint64_t offset, const char *text, size_t tlen, const struct db_event *rule)
{
	const struct event	*ev = c->ev;
	struct finding		 f;

	memset(&f, 0, sizeof f);
	f.value = v;
	f.form = form;
	f.path = ev->path;
	f.line = ev->line;
	f.offset = offset;
	f.match = match;
	f.match_len = mlen;
	f.text = text;
	f.text_len = tlen < TEXT_MAX ? tlen : TEXT_MAX;
	f.time = ev->time;
	f.nsec = ev->nsec;
	f.host = given(ev->computer) != NULL ? ev->computer : c->o.host;
	f.event = &c->fe;
	f.r = *resolved(c, v);
	f.r.win32_first = form == FORM_WIN32;
	if (rule != NULL) {
		f.r.code = &rule->code;
		f.r.guidance = rule->code.guidance;
		f.r.known = 1;
	}
	deliver(c, &f);
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

/* Appends a field's text to out[0..k) with its blanks run together; returns the new length. */
static size_t
squeeze(char *out, size_t k, size_t size, const char *t, size_t len)
{
	size_t	j;
	int	blank = 1;

	for (j = 0; j < len && k + 1 < size; j++) {
#if defined(__SSE2__)
		/*
		 * Sixteen bytes at a time while they and room for them last: the
		 * bytes above a space before the first other byte are copied in
		 * one move (the bytes stored beyond are written over later, or
		 * lie past the end); the other byte is taken one at a time below.
		 */
		if (len - j >= 16 && size - k > 16) {
			const __m128i	v = _mm_loadu_si128((const __m128i *)(const void *)(t + j));
			unsigned	m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_max_epu8(v,
					    _mm_set1_epi8(0x21)), v));
			size_t		r;

			_mm_storeu_si128((__m128i *)(void *)(out + k), v);
			if (m == 0xFFFF) {
				k += 16;
				j += 15;
				blank = 0;
				continue;
			}
			if ((r = (size_t)__builtin_ctz(~m)) > 0) {
				k += r;
				j += r;
				blank = 0;
			}
		}
#endif
		/* most bytes: above a space, no blank for certain */
		if ((unsigned char)t[j] > ' ') {
			out[k++] = t[j];
			blank = 0;
		} else if (chars_is_blank((unsigned char)t[j])) {
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
	return k;
}

/* The event's message, or its insertion strings joined, as the text of an event finding. */
static size_t
summary(const struct event *ev, char *out, size_t size)
{
	size_t	i, k = 0;

	for (i = 0; i < ev->nfields; i++) {
		if (ev->fields[i].kind == EVENT_MESSAGE) {
			const char	*t;
			size_t		 n;

			t = first_line(ev->fields[i].text, ev->fields[i].len, &n);
			n = n < size - 1 ? n : size - 1;
			memcpy(out, t, n);
			out[n] = '\0';
			return n;
		}
	}
	for (i = 0; i < ev->nfields && k + 1 < size; i++) {
		if (ev->fields[i].kind == EVENT_BINARY || ev->fields[i].len == 0)
			continue;
		if (k > 0 && k + 3 < size) {
			memcpy(out + k, " | ", 3);
			k += 3;
		}
		k = squeeze(out, k, size, ev->fields[i].text, ev->fields[i].len);
	}
	out[k] = '\0';
	return k;
}

/* The event's summary, made once per event. */
static const char *
event_summary(struct event_ctx *c, size_t *n)
{
	if (!c->sum_set) {
		c->sum_len = summary(c->ev, c->sum, sizeof c->sum);
		c->sum_set = 1;
	}
	*n = c->sum_len;
	return c->sum;
}

/* Hands on the finding of an event that means a failure by itself. */
static void
failure_finding(struct event_ctx *c, const struct db_event *rule)
{
	const struct event	*ev = c->ev;
	char			 id[24];
	const char		*match = ev->id_text, *text;
	size_t			 n;

	text = event_summary(c, &n);
	if (match == NULL) {
		snprintf(id, sizeof id, "%ld", ev->event_id);
		match = id;
	}
	own_finding(c, rule->code.value, FORM_EVENT, match, strlen(match),
	    ev->id_written != NULL ? raw_offset(ev, ev->id_written) : ev->offset, text, n, rule);
}

/* Does one of the rule's field descriptions fit this field? */
static const struct db_event_field *
field_rule(const struct db_event *rule, const struct event_field *f)
{
	size_t	i;

	if (rule == NULL || f->kind != EVENT_DATA)
		return NULL;
	for (i = 0; i < rule->nfields; i++) {
		const struct db_event_field	*r = &rule->fields[i];

		if (r->index != 0 ? r->index == f->index : given(f->name) != NULL &&
		    strcasecmp(r->name, f->name) == 0)
			return r;
	}
	return NULL;
}

/* Reads the code at the start of a field the rules say holds one, and hands it on. */
static void
field_code(struct event_ctx *c, const struct event_field *f, enum db_field_form form)
{
	const char		*t = f->text, *line;
	char			 tok[16];
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
		if (!CODE_FAILED(v) && scanner_could_report(c->scanner, v, 0) == 0)
			return;
	}
	/* a field that holds nothing but the number says little: the event's summary then */
	line = first_line(t, f->len, &ln);
	if (ln <= n + 1)
		line = event_summary(c, &ln);
	own_finding(c, v, ff, tok, n, locate(c->ev, tok, n), line, ln, NULL);
}

/* Reads the FinalStatus of an IO_ERROR_LOG_PACKET (VolSnap's binary data). */
static void
io_packet(struct event_ctx *c, const struct event_field *f)
{
	const struct event	*ev = c->ev;
	const char		*t = f->text, *w = f->written;
	const unsigned char	*b;
	long			 n = event_bin_decode(&c->bin, t, f->len);
	uint64_t		 off = ev->offset;
	uint32_t		 st;
	char			 match[16];
	size_t			 lead = 0;

	c->bin_field = f;
	c->bin_got = n;
	if (n < 0x18)
		return;
	b = c->bin.bytes;
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
	/* the offset of the status in the hex text as written, or of the event */
	if (w != NULL && ev->raw != NULL && (size_t)(w - ev->raw) + lead + 0x30 <= ev->raw_len &&
	    memcmp(w + lead + 0x28, match, 8) == 0)
		off = raw_offset(ev, w + lead + 0x28);
	own_finding(c, st, FORM_BINARY, match, strlen(match), off, t + lead, f->len - lead, NULL);
}

/* Does field f hold the writer by rule e (by index, else by name)? */
static int
writer_field(const struct db_event *e, const struct event_field *f)
{
	if (f->kind != EVENT_DATA)
		return 0;
	if (e->writer_index)
		return f->index == e->writer_index;
	return e->writer_name != NULL && strcasecmp(e->writer_name, f->name != NULL ? f->name : "") == 0;
}

/* The slot of a field text in the memo: its length and a few of its bytes. */
static size_t
tslot(const char *t, size_t n)
{
	uint64_t	h = n, a = 0, m = 0, b = 0;
	size_t		i;

	if (n >= 8) {
		memcpy(&a, t, 8);
		memcpy(&m, t + n / 2 - 4, 8);
		memcpy(&b, t + n - 8, 8);
	} else {
		for (i = 0; i < n; i++)
			a = a << 8 | (unsigned char)t[i];
	}
	h = (h ^ a) * 0x9E3779B97F4A7C15u;
	h = (h ^ m) * 0x9E3779B97F4A7C15u;
	h = (h ^ b) * 0x9E3779B97F4A7C15u;
	return (size_t)(h >> 48) & (NTMEMO - 1);
}

/*
 * The memo of text t[0..n): the one kept, else its slot made over to t
 * with nothing known; NULL for a text too long to keep.
 */
static struct tmemo *
text_memo(struct event_ctx *c, const char *t, size_t n)
{
	struct tmemo	*m;

	if (n > TMEMO_MAX)
		return NULL;
	/*
	 * Made here, not with the context: a reader of text logs makes one
	 * too, and 1.4 MiB written at its end cost it some 350 page faults.
	 */
	if (c->tmemo == NULL)
		c->tmemo = xcalloc(NTMEMO, sizeof *c->tmemo);
	m = &c->tmemo[tslot(t, n)];
	if (m->text != NULL && m->len == n && (n == 0 || memcmp(m->text, t, n) == 0))
		return m;
	if (n + 1 > m->cap) {
		m->cap = n + 1;
		m->text = xrealloc(m->text, m->cap);
	}
	if (n > 0)
		memcpy(m->text, t, n);
	m->len = n;
	m->writer_known = m->found = 0;
	m->quiet = m->kept = 0;
	m->gen = ++c->gens;
	return m;
}

/* text_memo of the event's field i, looked up once while its slot keeps the text. */
static struct tmemo *
field_memo(struct event_ctx *c, size_t i)
{
	struct fmemo	*fm = &c->fmemo[i];

	if (!fm->set || (fm->m != NULL && fm->m->gen != fm->gen)) {
		fm->m = text_memo(c, c->ev->fields[i].text, c->ev->fields[i].len);
		fm->gen = fm->m != NULL ? fm->m->gen : 0;
		fm->set = 1;
	}
	return fm->m;
}

/* scanner_writer on the text of field i into c->writer, remembered by the text. */
static int
field_writer(struct event_ctx *c, size_t i)
{
	const char	*t = c->ev->fields[i].text;
	size_t		 n = c->ev->fields[i].len;
	struct tmemo	*m = field_memo(c, i);
	unsigned long	 mark;
	int		 found;

	if (m != NULL && m->writer_known) {
		if (m->found)
			memcpy(c->writer, m->writer, strlen(m->writer) + 1);
		return m->found;
	}
	mark = scanner_gaveup_mark(c->scanner);
	found = scanner_writer(c->scanner, t, n, c->writer, sizeof c->writer);
	if (m != NULL && scanner_gaveup_mark(c->scanner) == mark) {
		m->writer_known = 1;
		m->found = found;
		if (found)
			memcpy(m->writer, c->writer, strlen(c->writer) + 1);
	}
	return found;
}

/* Finds the writer of the event: in the field the rules name, else by the context patterns. */
static void
event_writer(struct event_ctx *c, const struct db_event *rule, const struct db_event *any)
{
	const struct event	*ev = c->ev;
	const struct db_event	*e = rule != NULL && (rule->writer_index || rule->writer_name) ?
	    rule : any;
	size_t			 i, n;
	const char		*t;

	c->writer[0] = '\0';
	for (i = 0; e != NULL && i < ev->nfields; i++) {
		if (!writer_field(e, &ev->fields[i]))
			continue;
		t = first_line(ev->fields[i].text, ev->fields[i].len, &n);
		if (n > 0) {
			snprintf(c->writer, sizeof c->writer, "%.*s", (int)n, t);
			return;
		}
	}
	for (i = 0; i < ev->nfields; i++) {
		if (ev->fields[i].kind != EVENT_BINARY &&
		    field_writer(c, i))
			return;
	}
}

/* The rule of the event: by provider name, else by its classic source name. */
static const struct db_event *
event_rule(struct event_ctx *c, long id)
{
	const struct db_event	*e = NULL;
	const char		*p = given(c->ev->provider), *src = given(c->ev->source);
	size_t			 pn = p != NULL ? strlen(p) : 0, sn = src != NULL ? strlen(src) : 0;
	size_t			 i;
	struct memo		*m;
	int			 keep = pn < MEMO_NAME && sn < MEMO_NAME;

	for (i = 0; keep && i < NRULEMEMO; i++) {
		m = &c->rules[i];
		if (m->set && m->id == id && strcmp(m->provider, p != NULL ? p : "") == 0 &&
		    strcmp(m->source, src != NULL ? src : "") == 0)
			return m->rule;
	}
	if (p != NULL)
		e = db_event_find(c->db, p, id);
	if (e == NULL && src != NULL)
		e = db_event_find(c->db, src, id);
	if (keep) {
		m = &c->rules[c->nextrule++ % NRULEMEMO];
		m->set = 1;
		m->id = id;
		memcpy(m->provider, p != NULL ? p : "", pn + 1);
		memcpy(m->source, src != NULL ? src : "", sn + 1);
		m->rule = e;
	}
	return e;
}

/* Is the event about VSS: by its provider, else (a provider the rules do not know) by its text? */
static int
about_vss(struct event_ctx *c)
{
	const struct event	*ev = c->ev;
	const char		*t;
	size_t			 i, tn;
	int			 kind, vss;

	kind = event_provider(c, ev->provider);
	if (kind == DB_PROVIDER_NONE)
		kind = event_provider(c, ev->source);
	vss = kind == DB_PROVIDER_VSS;
	for (i = 0; !vss && kind == DB_PROVIDER_NONE && i < ev->nfields; i++) {
		const struct event_field	*f = &ev->fields[i];

		if (f->kind != EVENT_BINARY)
			vss = scanner_about_vss(c->scanner, f->text, f->len);
		else if ((t = event_bin_text(&c->bin, f->text, f->len, &tn)) != NULL)
			vss = scanner_about_vss(c->scanner, t, tn);
	}
	return vss;
}

/* Hands the text of field i to the scanner, unless the same text held nothing before. */
static void
scan_text(struct event_ctx *c, size_t i, const struct scan_field *sf)
{
	const char	*t = c->ev->fields[i].text;
	size_t		 n = c->ev->fields[i].len;
	struct tmemo	*m = field_memo(c, i);
	unsigned	 bit = sf->vss ? 2 : 1;
	unsigned long	 mark;

	if (m != NULL && ((m->quiet & bit) || replay(c, m, bit)))
		return;
	mark = scanner_gaveup_mark(c->scanner);
	keep_start(c, m);
	scanner_field(c->scanner, t, n, sf, from_scanner, c);
	keep_end(c, m, bit, mark);
}

/*
 * Hands the text binary data holds to the scanner, unless the same data
 * held nothing before (then it is not even decoded): the VSS events of an
 * export repeat theirs ("- Code: WRTWRTIC...- Call: ..."), and VolSnap's
 * packets hold no text.
 */
static void
scan_binary(struct event_ctx *c, const struct event_field *f, const struct scan_field *sf)
{
	struct tmemo	*m = text_memo(c, f->text, f->len);
	unsigned	 bit = sf->vss ? 8 : 4;
	unsigned long	 mark;
	const char	*t;
	size_t		 tn;

	if (m != NULL && ((m->quiet & bit) || replay(c, m, bit)))
		return;
	if (f == c->bin_field)
		t = bytes_text(&c->bin, c->bin_got, &tn);
	else {
		t = event_bin_text(&c->bin, f->text, f->len, &tn);
		c->bin_field = NULL;	/* bin.bytes are this field's now */
	}
	mark = scanner_gaveup_mark(c->scanner);
	keep_start(c, m);
	if (t != NULL)
		scanner_field(c->scanner, t, tn, sf, from_scanner, c);
	keep_end(c, m, bit, mark);
}

/* Hands the text of every field to the scanner; binary data when it holds text. */
static void
scan_fields(struct event_ctx *c, int vss)
{
	const struct event	*ev = c->ev;
	struct scan_field	 sf;
	size_t			 i;

	sf.path = ev->path;
	sf.line = ev->line;
	sf.event = &c->fe;
	sf.time = ev->time;
	sf.nsec = ev->nsec;
	sf.vss = vss;
	for (i = 0; i < ev->nfields; i++) {
		const struct event_field	*f = &ev->fields[i];

		if (f->len == 0)
			continue;
		if (f->kind != EVENT_BINARY)
			scan_text(c, i, &sf);
		else
			scan_binary(c, f, &sf);
	}
}

void
event_findings(struct event_ctx *c, const struct event *ev, finding_fn emit, void *ctx)
{
	const struct db_event		*rule, *any;
	const struct db_event_field	*fr;
	size_t				 i;
	int				 binary, vss;

	c->ev = ev;
	c->emit = emit;
	c->ctx = ctx;
	c->sum_set = 0;
	c->bin_field = NULL;
	if (ev->nfields > c->fmcap) {
		c->fmcap = ev->nfields;
		c->fmemo = xreallocarray(c->fmemo, c->fmcap, sizeof *c->fmemo);
	}
	for (i = 0; i < ev->nfields; i++)
		c->fmemo[i].set = 0;
	scanner_at(c->scanner, ev->path, ev->line);
	c->fe.event_id = ev->event_id;
	c->fe.provider = given(ev->provider);
	c->fe.record_id = ev->record_id;
	c->fe.channel = given(ev->channel);
	c->fe.computer = given(ev->computer);
	c->fe.level = ev->level;
	rule = ev->event_id >= 0 ? event_rule(c, ev->event_id) : NULL;
	any = event_rule(c, DB_EVENT_ANY);
	binary = rule != NULL && rule->binary >= 0 ? rule->binary :
	    any != NULL && any->binary >= 0 ? any->binary : DB_BINARY_TEXT;
	vss = about_vss(c);
	if (vss || c->o.all_codes) {
		event_writer(c, rule, any);
		c->nseen = 0;
		if (rule != NULL && rule->failure)
			failure_finding(c, rule);
		for (i = 0; i < ev->nfields; i++) {
			if ((fr = field_rule(rule, &ev->fields[i])) != NULL ||
			    (fr = field_rule(any, &ev->fields[i])) != NULL)
				field_code(c, &ev->fields[i], fr->form);
			else if (ev->fields[i].kind == EVENT_BINARY && binary == DB_BINARY_IO_PACKET)
				io_packet(c, &ev->fields[i]);
		}
		scan_fields(c, vss);
	}
	c->ev = NULL;
}

/* evxml-fast.c: the System values and fields of a plain XML event, read straight from its bytes. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "arena.h"
#include "chars.h"
#include "evxml-fast.h"
#include "inert.h"
#include "xalloc.h"

#define EVENT_NS	"http://schemas.microsoft.com/win/2004/08/events/event"
#define MAX_ATTRS	16	/* attributes of one tag; more: parsed in full */
#define MAX_DEPTH	8	/* elements open at once; more: parsed in full */
#define NOT_PLAIN	SIZE_MAX

/*
 * The fast reader.  A filtered export (every event a VSS one) makes every
 * event one the rules read in full, and libxml2's reader then costs most of
 * the time.  Events as Windows writes them use little of XML: elements
 * a few deep (Event, System or EventData, a value), attributes in quotes,
 * text with few references.  This reader takes exactly that and gives the
 * same values the libxml2 reader in evxml.c gives, by the same rules (which
 * element feeds which value, what is cut at what length); in text it
 * replaces the five predefined entities and character references.
 * Anything else (other references or references in attributes, CDATA,
 * comments, processing instructions, prefixes or namespaces other than the
 * event schema, UserData, elements more than MAX_DEPTH deep, CR, or tabs
 * and line ends in attributes that XML would normalise, control bytes, bytes that are not UTF-8 or not XML characters, duplicate
 * attributes, any syntax error) makes it give up, and the event is parsed
 * in full: the answer is either the full parse's or none.
 */

/*
 * A field read: strings are offsets into the arena, but for a text without
 * references, most, which stays where it stands in the span (at).
 */
struct fast_field {
	enum event_field_kind	 kind;
	int			 index;
	size_t			 name, name_len;
	size_t			 text, len;
	const unsigned char	*at;		/* the text in the span, or NULL */
};

/*
 * The line ends in a span, counted where the reader passes them (in text and
 * blanks in tags: elsewhere one is not plain), so that an event read in one
 * pass needs no pass of the raw look's to count them.
 */
struct lines {
	uint64_t		 nl;
	size_t			 last;		/* just after the last of them */
};

/* An attribute of the tag being read. */
struct attr {
	const unsigned char	*name, *value;
	size_t			 name_len, value_len;
};

struct evxml_fast {
	int			 off;		/* $VSSEXPLAIN_PARSE_SLOW */
	char			 provider[EVENT_NAME_MAX], source[EVENT_NAME_MAX];
	char			 channel[EVENT_NAME_MAX], computer[EVENT_NAME_MAX];
	char			 systime[64], idtext[16], leveltext[16], rectext[24];
	char			 qualtext[16];
	struct fast_field	*fields;
	size_t			 nfields, fcap;
	struct event_field	*efields;
	size_t			 efcap;
	struct arena		*arena;		/* the fields' strings */
	struct attr		 attrs[MAX_ATTRS];
	size_t			 nattrs;
	struct lines		 lines;		/* the line ends of the span read */
};

struct evxml_fast *
evxml_fast_new(void)
{
	struct evxml_fast	*f = xcalloc(1, sizeof *f);

	f->off = getenv("VSSEXPLAIN_PARSE_SLOW") != NULL;
	return f;
}

void
evxml_fast_free(struct evxml_fast *f)
{
	if (f == NULL)
		return;
	free(f->fields);
	free(f->efields);
	free(f->arena);
	free(f);
}

/*
 * The length of the UTF-8 character at p[0..n) (its first byte is not
 * ASCII) when it is a character XML allows, else 0.
 */
static size_t
utf8_char(const unsigned char *p, size_t n)
{
	size_t	len = inert_utf8_len(p, n);

	/* U+FFFE and U+FFFF (EF BF BE, EF BF BF) are UTF-8 but no XML characters */
	if (len == 3 && p[0] == 0xEF && p[1] == 0xBF && p[2] >= 0xBE)
		return 0;
	return len;
}

/* Puts code point c into out as UTF-8 when XML allows it; returns its length, else 0. */
static size_t
put_utf8(uint32_t c, unsigned char *out)
{
	if (c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c < 0x80)) {
		out[0] = (unsigned char)c;
		return 1;
	}
	if (c < 0x80 || (c >= 0xD800 && c <= 0xDFFF) || c == 0xFFFE || c == 0xFFFF ||
	    c > 0x10FFFF)
		return 0;
	if (c < 0x800) {
		out[0] = (unsigned char)(0xC0 | c >> 6);
		out[1] = (unsigned char)(0x80 | (c & 0x3F));
		return 2;
	}
	if (c < 0x10000) {
		out[0] = (unsigned char)(0xE0 | c >> 12);
		out[1] = (unsigned char)(0x80 | (c >> 6 & 0x3F));
		out[2] = (unsigned char)(0x80 | (c & 0x3F));
		return 3;
	}
	out[0] = (unsigned char)(0xF0 | c >> 18);
	out[1] = (unsigned char)(0x80 | (c >> 12 & 0x3F));
	out[2] = (unsigned char)(0x80 | (c >> 6 & 0x3F));
	out[3] = (unsigned char)(0x80 | (c & 0x3F));
	return 4;
}

/*
 * Reads the reference at p[0..n) (p[0] is '&'): one of the five entities
 * XML predefines or a character reference.  Returns its length and puts
 * what it stands for into out (*outlen bytes), or returns 0 when it is
 * anything else (the event is then parsed in full).
 */
static size_t
reference(const unsigned char *p, size_t n, unsigned char *out, size_t *outlen)
{
	uint32_t	c = 0;
	size_t		i;
	int		d, hex;

	/* the five entities by their first letter: no list to walk per reference */
	*outlen = 1;
	switch (n >= 4 ? p[1] : 0) {
	case 'l':
	case 'g':
		if (p[2] != 't' || p[3] != ';')
			return 0;
		out[0] = p[1] == 'l' ? '<' : '>';
		return 4;
	case 'a':
		if (n >= 5 && memcmp(p + 2, "mp;", 3) == 0) {
			out[0] = '&';
			return 5;
		}
		if (n >= 6 && memcmp(p + 2, "pos;", 4) == 0) {
			out[0] = '\'';
			return 6;
		}
		return 0;
	case 'q':
		if (n < 6 || memcmp(p + 2, "uot;", 4) != 0)
			return 0;
		out[0] = '"';
		return 6;
	case '#':
		break;
	default:
		return 0;
	}
	hex = p[2] == 'x';
	for (i = hex ? 3 : 2; i < n && p[i] != ';'; i++) {
		d = hex ? chars_hexval(p[i]) : p[i] >= '0' && p[i] <= '9' ? p[i] - '0' : -1;
		if (d < 0 || c > 0x10FFFF)
			return 0;
		c = c * (hex ? 16 : 10) + (uint32_t)d;
	}
	if (i >= n || i == (hex ? 3u : 2u) || (*outlen = put_utf8(c, out)) == 0)
		return 0;
	return i + 1;
}

/*
 * Checks one byte of text that may need a look (a mask hit): returns how many
 * bytes it takes, 0 when the text ends at it, NOT_PLAIN when the event must
 * be parsed in full.  stop is the byte that ends the text ('<' or a quote).
 */
static size_t
special(const unsigned char *b, size_t i, size_t n, int stop)
{
	unsigned char	c = b[i];

	if (c == stop)
		return 0;
	if (c >= 0x80) {
		size_t	len = utf8_char(b + i, n - i);

		return len != 0 ? len : NOT_PLAIN;
	}
	if (stop == '<') {
		unsigned char	out[4];
		size_t		outlen;

		/* text: a tab or a line end stands for itself, "]]>" is an error */
		if (c == '\t' || c == '\n')
			return 1;
		if (c == '&') {
			size_t	len = reference(b + i, n - i, out, &outlen);

			return len != 0 ? len : NOT_PLAIN;
		}
		if (c == ']')
			return i + 2 < n && b[i + 1] == ']' && b[i + 2] == '>' ? NOT_PLAIN : 1;
		if (c == '>' || c == '"' || c == '\'')
			return 1;
	} else if (c == '>' || c == ']' || c == '"' || c == '\'')
		return 1;	/* the other quote, in an attribute value */
	return NOT_PLAIN;	/* '&' or '<' in a value, CR, control bytes */
}

/* text_end past its first byte, which is not stop. */
static size_t __attribute__((noinline))
text_end_rest(const unsigned char *b, size_t i, size_t n, int stop, int *refs,
    struct lines *ln)
{
	size_t	k, skip = i;	/* bytes before skip belong to a character taken */

#if defined(__SSE2__)
	const __m128i	 lt = _mm_set1_epi8('<'), amp = _mm_set1_epi8('&');
	const __m128i	 br = _mm_set1_epi8(']'), sp = _mm_set1_epi8(0x20);
	const __m128i	 st = _mm_set1_epi8((char)stop);

	while (i + 16 <= n) {
		__m128i		v = _mm_loadu_si128((const __m128i *)(const void *)(b + i));
		/* signed: bytes below a space and bytes of 0x80 and above */
		unsigned	m = (unsigned)_mm_movemask_epi8(_mm_or_si128(
		    _mm_or_si128(_mm_cmpeq_epi8(v, lt), _mm_cmpeq_epi8(v, amp)),
		    _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, br), _mm_cmpeq_epi8(v, st)),
		    _mm_cmplt_epi8(v, sp))));

		while (m != 0) {
			size_t	at = i + (size_t)__builtin_ctz(m);

			m &= m - 1;
			if (at < skip)
				continue;
			/* the end, most hits, needs no call */
			if (b[at] == stop)
				return at;
			/* nor a line end or tab in text, which stands for itself */
			if (stop == '<' && (b[at] == '\n' || b[at] == '\t')) {
				if (b[at] == '\n') {
					ln->nl++;
					ln->last = at + 1;
				}
				continue;
			}
			if ((k = special(b, at, n, stop)) == NOT_PLAIN)
				return NOT_PLAIN;
			*refs |= b[at] == '&';
			skip = at + k;
		}
		i = skip > i + 16 ? skip : i + 16;
	}
	if (i < skip)
		i = skip;
#endif
	while (i < n) {
		unsigned char	c = b[i];

		if (c >= 0x20 && c < 0x80 && c != '<' && c != '&' && c != ']' && c != stop) {
			i++;
			continue;
		}
		k = special(b, i, n, stop);
		if (k == 0)
			return i;
		if (k == NOT_PLAIN)
			return NOT_PLAIN;
		*refs |= c == '&';
		if (c == '\n') {
			ln->nl++;
			ln->last = i + 1;
		}
		i += k;
	}
	return NOT_PLAIN;
}

/*
 * Finds where the text or attribute value at b[i..n) ends: the index of stop
 * ('<' or the closing quote), or NOT_PLAIN when it holds anything the fast
 * reader does not take (or does not end).  Sets *refs when it holds a
 * reference (only text may).
 */
static inline size_t
text_end(const unsigned char *b, size_t i, size_t n, int stop, int *refs, struct lines *ln)
{
	*refs = 0;
	/* most text between tags is none, "><": no call */
	if (i < n && b[i] == stop)
		return i;
#if defined(__SSE2__)
	/*
	 * Nor, most of the rest, a value or text that ends within 16 bytes with
	 * nothing to look at before its end: the first byte text_end_rest's
	 * mask would stop at is stop itself.
	 */
	if (i + 16 <= n) {
		__m128i		v = _mm_loadu_si128((const __m128i *)(const void *)(b + i));
		unsigned	m = (unsigned)_mm_movemask_epi8(_mm_or_si128(
		    _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('<')),
		    _mm_cmpeq_epi8(v, _mm_set1_epi8('&'))),
		    _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(']')),
		    _mm_cmpeq_epi8(v, _mm_set1_epi8((char)stop))),
		    _mm_cmplt_epi8(v, _mm_set1_epi8(0x20)))));

		if (m != 0 && b[i + (size_t)__builtin_ctz(m)] == stop)
			return i + (size_t)__builtin_ctz(m);
	}
#endif
	return text_end_rest(b, i, n, stop, refs, ln);
}

/* Skips blanks from i, counting line ends; returns the index of the first other byte. */
static inline size_t
skip_blanks(const unsigned char *b, size_t i, size_t n, struct lines *ln)
{
	/* most bytes looked at are no blank: one compare says so */
	while (i < n && b[i] <= ' ' && chars_is_blank(b[i])) {
		if (b[i] == '\n') {
			ln->nl++;
			ln->last = i + 1;
		}
		i++;
	}
	return i;
}

/*
 * The ASCII bytes of a name without a prefix (chars_is_xml_name but for ':'),
 * by table: names are most of what the reader reads byte by byte.
 */
#define N1	1, 1, 1, 1, 1, 1, 1, 1
static const unsigned char name_byte[256] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,		/* 0x00 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,		/* 0x10 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0,		/* 0x20: - . */
	N1, 1, 1, 0, 0, 0, 0, 0, 0,				/* 0x30: digits */
	0, 1, 1, 1, 1, 1, 1, 1, N1,				/* 0x40: A-O */
	N1, 1, 1, 1, 0, 0, 0, 0, 1,				/* 0x50: P-Z _ */
	0, 1, 1, 1, 1, 1, 1, 1, N1,				/* 0x60: a-o */
	N1, 1, 1, 1, 0, 0, 0, 0, 0,				/* 0x70: p-z */
};
#undef N1

/* Reads a name without a prefix at b[i..n); returns its length, 0 if there is none. */
static inline size_t
name_at(const unsigned char *b, size_t i, size_t n)
{
	size_t	k = i;

	/* a letter or '_': not ':' (a prefix) nor a byte beyond ASCII */
	if (i >= n || !(((b[i] | 0x20) >= 'a' && (b[i] | 0x20) <= 'z') || b[i] == '_'))
		return 0;
#if defined(__SSE2__)
	/* names are short: the first 16 bytes classed at once (name_byte's classes) */
	if (i + 16 <= n) {
		const __m128i	v = _mm_loadu_si128((const __m128i *)(const void *)(b + i));
		const __m128i	k80 = _mm_set1_epi8((char)0x80);
		__m128i		alpha = _mm_cmplt_epi8(_mm_xor_si128(_mm_sub_epi8(_mm_or_si128(v,
				    _mm_set1_epi8(0x20)), _mm_set1_epi8('a')), k80),
				    _mm_set1_epi8((char)(26 ^ 0x80)));
		__m128i		digit = _mm_cmplt_epi8(_mm_xor_si128(_mm_sub_epi8(v,
				    _mm_set1_epi8('0')), k80), _mm_set1_epi8((char)(10 ^ 0x80)));
		__m128i		other = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v,
				    _mm_set1_epi8('-')), _mm_cmpeq_epi8(v, _mm_set1_epi8('.'))),
				    _mm_cmpeq_epi8(v, _mm_set1_epi8('_')));
		unsigned	m = ~(unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(alpha,
				    digit), other)) & 0xFFFF;

		k = m != 0 ? i + (size_t)__builtin_ctz(m) : i + 16;
		if (m == 0)
			while (k < n && name_byte[b[k]])
				k++;
	} else
#endif
	while (k < n && name_byte[b[k]])
		k++;
	/* a prefix, or a byte beyond ASCII in the name: not plain */
	if (k < n && (b[k] == ':' || b[k] >= 0x80))
		return 0;
	return k - i;
}

/*
 * Reads the attributes of the tag whose name ends at b[i] into f->attrs;
 * returns the index after the tag's '>' (setting *empty for "/>"), or
 * NOT_PLAIN.  root: the event element, which may declare the event schema.
 */
static size_t
attributes(struct evxml_fast *f, const unsigned char *b, size_t i, size_t n, int root,
    int *empty)
{
	struct attr	*a;
	size_t		 j, k, len, end;
	int		 refs;

	f->nattrs = 0;
	for (;;) {
		j = skip_blanks(b, i, n, &f->lines);
		if (j >= n)
			return NOT_PLAIN;
		if (b[j] == '>') {
			*empty = 0;
			return j + 1;
		}
		if (b[j] == '/') {
			if (j + 1 >= n || b[j + 1] != '>')
				return NOT_PLAIN;
			*empty = 1;
			return j + 2;
		}
		/* an attribute must follow a blank */
		if (j == i || (len = name_at(b, j, n)) == 0 || f->nattrs == MAX_ATTRS)
			return NOT_PLAIN;
		a = &f->attrs[f->nattrs];
		a->name = b + j;
		a->name_len = len;
		j = skip_blanks(b, j + len, n, &f->lines);
		if (j >= n || b[j] != '=')
			return NOT_PLAIN;
		j = skip_blanks(b, j + 1, n, &f->lines);
		if (j >= n || (b[j] != '"' && b[j] != '\''))
			return NOT_PLAIN;
		if ((end = text_end(b, j + 1, n, b[j], &refs, &f->lines)) == NOT_PLAIN)
			return NOT_PLAIN;
		a->value = b + j + 1;
		a->value_len = end - (j + 1);
		for (k = 0; k < f->nattrs; k++)
			if (f->attrs[k].name_len == len && f->attrs[k].name[0] == a->name[0] &&
			    memcmp(f->attrs[k].name, a->name, len) == 0)
				return NOT_PLAIN;
		if (len == 5 && memcmp(a->name, "xmlns", 5) == 0 && (!root ||
		    a->value_len != sizeof EVENT_NS - 1 || memcmp(a->value, EVENT_NS,
		    sizeof EVENT_NS - 1) != 0))
			return NOT_PLAIN;
		f->nattrs++;
		i = end + 1;
	}
}

/* The attribute name (len bytes) of the tag read last, or NULL. */
static const struct attr *
attr_find(const struct evxml_fast *f, const char *name, size_t len)
{
	size_t	i;

	for (i = 0; i < f->nattrs; i++) {
		/* the first byte first: most names looked for are another's */
		if (f->attrs[i].name_len == len && f->attrs[i].name[0] == (unsigned char)name[0] &&
		    memcmp(f->attrs[i].name, name, len) == 0)
			return &f->attrs[i];
	}
	return NULL;
}

/*
 * The length of an attribute's value cut as snprintf cuts it into size bytes
 * (a value holds no NUL: control bytes are not plain); 0 when a is NULL.
 */
static size_t
attr_len(const struct attr *a, size_t size)
{
	if (a == NULL)
		return 0;
	return a->value_len < size - 1 ? a->value_len : size - 1;
}

/*
 * Copies the value of attribute name (len bytes) of the tag read last into
 * dst, cut as snprintf cuts; "" when missing.
 */
static void
attr_copy(const struct evxml_fast *f, const char *name, size_t len, char *dst, size_t size)
{
	const struct attr	*a = attr_find(f, name, len);
	size_t			 n = attr_len(a, size);

	if (n > 0)
		memcpy(dst, a->value, n);
	dst[n] = '\0';
}

/* attr_copy of the attribute named by a string literal into the array dst */
#define ATTR_COPY(f, name, dst)	attr_copy((f), "" name, sizeof(name) - 1, (dst), sizeof(dst))

/* Opens a field named by the Name attribute (Data) or none. */
static struct fast_field *
open_field(struct evxml_fast *f, enum event_field_kind kind, int index, int named)
{
	struct fast_field	*ff;
	const struct attr	*a = named ? attr_find(f, "Name", 4) : NULL;

	if (f->nfields == f->fcap) {
		f->fcap = f->fcap ? f->fcap * 2 : 16;
		f->fields = xreallocarray(f->fields, f->fcap, sizeof *f->fields);
	}
	ff = &f->fields[f->nfields++];
	ff->kind = kind;
	ff->index = index;
	/* the name as attr_copy would cut it into EVENT_NAME_MAX bytes */
	ff->name_len = attr_len(a, EVENT_NAME_MAX);
	ff->len = 0;
	ff->at = NULL;
	if (ff->name_len == 0) {
		/*
		 * No name, most fields: the text starts after a NUL that ends
		 * the text before, in one call; the name is not looked at.
		 */
		ff->name = 0;
		ff->text = arena_append(&f->arena, "", 1) + 1;
		return ff;
	}
	if (arena_len(f->arena) > 0)
		arena_add(&f->arena, "", 0);	/* keeps the NUL after the text before */
	ff->name = arena_add(&f->arena, (const char *)a->value, ff->name_len);
	ff->text = arena_append(&f->arena, "", 0);
	return ff;
}

/*
 * Appends the text b[0..n) to the arena, references replaced (refs: there
 * are some); returns its length.
 */
static size_t
stash_text(struct evxml_fast *f, const unsigned char *b, size_t n, int refs)
{
	const unsigned char	*amp;
	unsigned char		 out[4];
	size_t			 outlen, len, i = 0, at;

	if (!refs) {
		arena_append(&f->arena, (const char *)b, n);
		return n;
	}
	at = arena_len(f->arena);

	while ((amp = memchr(b + i, '&', n - i)) != NULL) {
		arena_append(&f->arena, (const char *)b + i, (size_t)(amp - (b + i)));
		i = (size_t)(amp - b);
		/* text_end checked it */
		len = reference(b + i, n - i, out, &outlen);
		arena_append(&f->arena, (const char *)out, outlen);
		i += len;
	}
	arena_append(&f->arena, (const char *)b + i, n - i);
	return arena_len(f->arena) - at;
}

/*
 * Adds the text b[0..n) to the field being read (refs: it holds references).
 * A field's first text without references is not copied: an event's field
 * texts need no NUL (event.h), and the span outlives the event's reading.
 * Another text (none in events as Windows writes them) joins it in the
 * arena, where the field's text starts (the field was opened last).
 */
static void
field_text(struct evxml_fast *f, struct fast_field *ff, const unsigned char *b, size_t n,
    int refs)
{
	if (ff->len == 0 && !refs) {
		ff->at = b;
		ff->len = n;
		return;
	}
	if (ff->at != NULL) {
		stash_text(f, ff->at, ff->len, 0);
		ff->at = NULL;
	}
	ff->len += stash_text(f, b, n, refs);
}

/* Appends text to a System value, cut as snprintf cuts. */
static void
sys_text(char *dst, size_t size, const unsigned char *p, size_t n)
{
	/* most values get one text, into an empty dst */
	size_t	have = dst[0] != '\0' ? strlen(dst) : 0;

	if (n > size - 1 - have)
		n = size - 1 - have;
	memcpy(dst + have, p, n);
	dst[have + n] = '\0';
}

/*
 * Is the name at p (len bytes, p + len <= end) the name at q, which stands
 * before it in the same span?  Names up to 16 bytes, most, are compared in
 * one SSE2 compare where 16 bytes can be read at both.
 */
static inline int
same_name(const unsigned char *p, const unsigned char *q, size_t len, const unsigned char *end)
{
#if defined(__SSE2__)
	if (len <= 16 && end - p >= 16) {
		unsigned	m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(
		    _mm_loadu_si128((const __m128i *)(const void *)p),
		    _mm_loadu_si128((const __m128i *)(const void *)q)));
		unsigned	want = (1u << len) - 1;

		return (m & want) == want;
	}
#endif
	return memcmp(p, q, len) == 0;
}

/* What the text of the element being read goes to. */
struct target {
	char			*sys;		/* a System value, or NULL */
	size_t			 size;
	struct fast_field	*field;		/* a field, or NULL */
};

/*
 * Reads the start of an element at depth 2 (a value) in section (1 System,
 * 2 EventData, 4 RenderingInfo, 0 another).
 */
static void
value_element(struct evxml_fast *f, const unsigned char *name, size_t len, int section,
    int *ndata, struct target *t)
{
#define IS(s)	(len == sizeof(s) - 1 && memcmp(name, s, len) == 0)
	t->sys = NULL;
	t->field = NULL;
	if (section == 4) {
		if (IS("Message"))
			t->field = open_field(f, EVENT_MESSAGE, 0, 0);
		return;
	}
	if (section == 0)
		return;
	if (section == 2) {
		if (IS("Data"))
			t->field = open_field(f, EVENT_DATA, ++*ndata, 1);
		else if (IS("Binary"))
			t->field = open_field(f, EVENT_BINARY, 0, 0);
		return;
	}
	if (IS("Provider")) {
		ATTR_COPY(f, "Name", f->provider);
		ATTR_COPY(f, "EventSourceName", f->source);
	} else if (IS("TimeCreated"))
		ATTR_COPY(f, "SystemTime", f->systime);
	else if (IS("EventID")) {
		ATTR_COPY(f, "Qualifiers", f->qualtext);
		t->sys = f->idtext;
		t->size = sizeof f->idtext;
	} else if (IS("Level")) {
		t->sys = f->leveltext;
		t->size = sizeof f->leveltext;
	} else if (IS("EventRecordID")) {
		t->sys = f->rectext;
		t->size = sizeof f->rectext;
	} else if (IS("Channel")) {
		t->sys = f->channel;
		t->size = sizeof f->channel;
	} else if (IS("Computer")) {
		t->sys = f->computer;
		t->size = sizeof f->computer;
	}
#undef IS
}

/*
 * The start tag of an event as Windows writes every one, the event schema its
 * only attribute: one compare instead of attributes(), which would read the
 * same.  Returns the index after its '>', or 0 when the tag is another
 * (attributes() reads it then).  The name (qlen bytes) has been compared.
 */
static size_t
plain_root(const unsigned char *b, size_t n, size_t qlen)
{
	static const char	 attr[] = " xmlns='" EVENT_NS "'>";
	const size_t		 len = sizeof attr - 1;
	const unsigned char	*p = b + 1 + qlen;

	/* " xmlns=", a quote, the schema, the same quote, '>' */
	if (n - 1 - qlen < len || memcmp(p, attr, 7) != 0 || (p[7] != '\'' && p[7] != '"') ||
	    memcmp(p + 8, attr + 8, len - 10) != 0 || p[len - 2] != p[7] || p[len - 1] != '>')
		return 0;
	return 1 + qlen + len;
}

/*
 * Reads the span into f's values and fields; returns 0, or -1 when it must be
 * parsed in full.  With end NULL the event is b[0..n) exactly; else it ends
 * where its element ends, within the n bytes there are, and *end is set.
 */
static int
read_span(struct evxml_fast *f, const char *qname, const unsigned char *b, size_t n,
    size_t *end)
{
	const unsigned char	*open[MAX_DEPTH];	/* the names of the open elements */
	size_t			 openlen[MAX_DEPTH], i, j, len, qlen = strlen(qname);
	int			 depth = 0, section = 0, ndata = 0, empty, refs;
	struct target		 t;

	if (strchr(qname, ':') != NULL || n < qlen + 1 || b[0] != '<' ||
	    memcmp(b + 1, qname, qlen) != 0)
		return -1;
	if ((i = plain_root(b, n, qlen)) == 0 &&
	    ((i = attributes(f, b, 1 + qlen, n, 1, &empty)) == NOT_PLAIN || empty))
		return -1;
	open[0] = b + 1;
	openlen[0] = qlen;
	depth = 1;
	memset(&t, 0, sizeof t);
	for (;;) {
		/* text up to the next tag */
		if ((j = text_end(b, i, n, '<', &refs, &f->lines)) == NOT_PLAIN)
			return -1;
		if (j > i) {
			if (depth == 3 && t.field != NULL)
				field_text(f, t.field, b + i, j - i, refs);
			else if (depth == 3 && t.sys != NULL && !refs)
				sys_text(t.sys, t.size, b + i, j - i);
			else if (depth == 3 && t.sys != NULL) {
				/* the arena lends room to undo the references */
				size_t	at = arena_len(f->arena);

				len = stash_text(f, b + i, j - i, refs);
				sys_text(t.sys, t.size, (const unsigned char *)arena_str(f->arena, at),
				    len);
				arena_cut(f->arena, at);
			}
			/* else text the full parse ignores too */
		}
		i = j + 1;
		if (i >= n)
			return -1;
		if (b[i] == '/') {
			/* an end tag: the name of the element open */
			len = openlen[depth - 1];
			if (n - i - 1 < len || !same_name(b + i + 1, open[depth - 1], len, b + n))
				return -1;
			j = skip_blanks(b, i + 1 + len, n, &f->lines);
			if (j >= n || b[j] != '>')
				return -1;
			i = j + 1;
			if (--depth == 0) {
				if (end == NULL)
					return i == n ? 0 : -1;
				*end = i;
				return 0;
			}
			if (depth == 1)
				section = 0;
			t.sys = NULL;
			t.field = NULL;
			continue;
		}
		if ((len = name_at(b, i, n)) == 0 || depth == MAX_DEPTH)
			return -1;	/* "<!", "<?", a prefix, elements too deep */
		/* an event inside the event: the raw look reports it (evxml-raw.c) */
		if (len == qlen && memcmp(b + i, qname, qlen) == 0)
			return -1;
		open[depth] = b + i;
		openlen[depth] = len;
		/* a tag without attributes, most of them, without the call */
		j = i + len;
		if (j < n && b[j] == '>') {
			f->nattrs = 0;
			empty = 0;
			j++;
		} else if ((j = attributes(f, b, j, n, 0, &empty)) == NOT_PLAIN)
			return -1;
		if (depth == 1) {
			if (len == 6 && memcmp(b + i, "System", 6) == 0)
				section = 1;
			else if (len == 9 && memcmp(b + i, "EventData", 9) == 0)
				section = 2;
			else if (len == 13 && memcmp(b + i, "RenderingInfo", 13) == 0)
				section = 4;
			else if (len == 8 && memcmp(b + i, "UserData", 8) == 0)
				return -1;	/* a field for every element: left to libxml2 */
			else
				section = 0;	/* read by nobody */
		} else if (depth == 2)
			value_element(f, b + i, len, section, &ndata, &t);
		else {
			/* text below a value is not read, nor the value's after it */
			t.sys = NULL;
			t.field = NULL;
		}
		i = j;
		if (!empty)
			depth++;
		else if (depth == 1)
			section = 0;
	}
}

/* A number in the text of a System value, or -1 (as evxml.c reads them). */
static long long
number(const char *s)
{
	char		*end;
	long long	 n = 0;
	size_t		 i;

	/* plain digits, too few to overflow (the values Windows writes), read here */
	for (i = 0; s[i] >= '0' && s[i] <= '9' && i < 18; i++)
		n = n * 10 + (s[i] - '0');
	if (i > 0 && s[i] == '\0')
		return n;
	n = strtoll(s, &end, 10);
	return end == s ? -1 : n;
}

/* Reads the event at b into ev (see evxml_fast_event); end as read_span takes it. */
static int
fast_event(struct evxml_fast *f, const char *qname, const char *b, size_t len,
    struct event *ev, size_t *end)
{
	size_t		 i;

	if (f->off)
		return -1;
	f->provider[0] = f->source[0] = f->channel[0] = f->computer[0] = '\0';
	f->systime[0] = f->idtext[0] = f->leveltext[0] = f->rectext[0] = '\0';
	f->qualtext[0] = '\0';
	f->nfields = 0;
	f->lines.nl = 0;
	f->lines.last = 0;
	arena_clear(f->arena);
	if (read_span(f, qname, (const unsigned char *)b, len, end) != 0)
		return -1;
	if (end != NULL)
		len = *end;
	/* as evxml.c's to_event makes them */
	ev->provider = f->provider[0] != '\0' ? f->provider : NULL;
	ev->source = f->source[0] != '\0' ? f->source : NULL;
	ev->event_id = (long)number(f->idtext);
	ev->id_text = f->idtext;
	ev->qualifiers = (long)number(f->qualtext);
	ev->level = (int)number(f->leveltext);
	ev->record_id = number(f->rectext);
	ev->channel = f->channel[0] != '\0' ? f->channel : NULL;
	ev->computer = f->computer[0] != '\0' ? f->computer : NULL;
	event_parse_time(f->systime, &ev->time, &ev->nsec);
	if (f->nfields > f->efcap) {
		f->efcap = f->nfields;
		f->efields = xreallocarray(f->efields, f->efcap, sizeof *f->efields);
	}
	for (i = 0; i < f->nfields; i++) {
		const struct fast_field	*ff = &f->fields[i];
		struct event_field	*e = &f->efields[i];

		e->kind = ff->kind;
		e->index = ff->index;
		e->name = ff->name_len > 0 ? arena_str(f->arena, ff->name) : NULL;
		e->text = ff->at != NULL ? (const char *)ff->at : arena_str(f->arena, ff->text);
		e->len = ff->len;
		e->written = NULL;
	}
	ev->fields = f->efields;
	ev->nfields = f->nfields;
	ev->raw = b;
	ev->raw_len = len;
	evxml_place_written(ev, f->efields);
	return 0;
}

int
evxml_fast_event(struct evxml_fast *f, const char *qname, const char *b, size_t len,
    struct event *ev)
{
	return fast_event(f, qname, b, len, ev, NULL);
}

int
evxml_fast_event_open(struct evxml_fast *f, const char *qname, const char *b, size_t avail,
    struct event *ev, size_t *end)
{
	return fast_event(f, qname, b, avail, ev, end);
}

void
evxml_fast_lines(const struct evxml_fast *f, uint64_t *nl, size_t *last_nl)
{
	*nl = f->lines.nl;
	*last_nl = f->lines.last;
}

void
evxml_place_written(struct event *ev, struct event_field *f)
{
	const char	*id, *bin = NULL;
	size_t		 i;

	/* the event id's text is after the first "EventID" and its tag's '>' */
	if ((id = event_memmem(ev->raw, ev->raw_len, "EventID", 7, 5)) != NULL)
		id = memchr(id, '>', ev->raw_len - (size_t)(id - ev->raw));
	ev->id_written = id != NULL ? id + 1 : NULL;
	/* binary data is placed by the first <Binary> of the event */
	for (i = 0; i < ev->nfields; i++) {
		f[i].written = NULL;
		if (f[i].kind != EVENT_BINARY)
			continue;
		/* by its 'B': the 'y' of Keywords and Security stand before it */
		if (bin == NULL)
			bin = event_memmem(ev->raw, ev->raw_len, "Binary>", 7, 0);
		f[i].written = bin != NULL ? bin + 7 : NULL;
	}
}

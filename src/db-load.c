/* db-load.c: reads and validates the rules/ files into a database, with file:line messages. */
#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "pool.h"
#include "code.h"
#include "db.h"
#include "db-int.h"
#include "db-loader.h"
#include "match.h"
#include "strmap.h"
#include "xalloc.h"

#define MAX_ERRORS	40


void
loader_problem(struct loader *l, const struct src *at, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg, *line;
	size_t	 n;

	if (++l->nerr > MAX_ERRORS)
		return;
	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	if (l->nerr == MAX_ERRORS)
		line = xasprintf("%s:%d: %s (further problems not shown)\n",
		    at->path, at->line, msg);
	else
		line = xasprintf("%s:%d: %s\n", at->path, at->line, msg);
	n = strlen(line);
	l->err = xrealloc(l->err, l->errlen + n + 1);
	memcpy(l->err + l->errlen, line, n + 1);
	l->errlen += n;
	free(line);
	free(msg);
}

/* A hex digit's value plus one, 0 for other bytes: the [names] rows are thousands of hex values. */
static const unsigned char hex_digit[256] = {
	['0'] = 1, ['1'] = 2, ['2'] = 3, ['3'] = 4, ['4'] = 5, ['5'] = 6, ['6'] = 7,
	['7'] = 8, ['8'] = 9, ['9'] = 10, ['a'] = 11, ['b'] = 12, ['c'] = 13,
	['d'] = 14, ['e'] = 15, ['f'] = 16, ['A'] = 11, ['B'] = 12, ['C'] = 13,
	['D'] = 14, ['E'] = 15, ['F'] = 16
};

int
loader_parse_value(const char *s, uint32_t *out)
{
	unsigned long long	 v = 0;
	const unsigned char	*p;
	const char		*q;
	int			 digits = 0;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		for (p = (const unsigned char *)s + 2; *p != '\0'; p++, digits++) {
			if (hex_digit[*p] == 0)
				return -1;
			v = v * 16 + (unsigned)(hex_digit[*p] - 1);
		}
		if (digits == 0 || digits > 8)
			return -1;
	} else {
		for (q = s; *q != '\0'; q++, digits++) {
			if (*q < '0' || *q > '9' || digits > 10)
				return -1;
			v = v * 10 + (unsigned)(*q - '0');
		}
		if (digits == 0 || v > 0xFFFFFFFFull)
			return -1;
	}
	*out = (uint32_t)v;
	return 0;
}

/* 1 for bytes that may start a name, 2 for those that may follow. */
static const unsigned char name_chars[256] = {
#define L3(c) [c] = 3
	L3('_'), L3('A'), L3('B'), L3('C'), L3('D'), L3('E'), L3('F'), L3('G'), L3('H'),
	L3('I'), L3('J'), L3('K'), L3('L'), L3('M'), L3('N'), L3('O'), L3('P'), L3('Q'),
	L3('R'), L3('S'), L3('T'), L3('U'), L3('V'), L3('W'), L3('X'), L3('Y'), L3('Z'),
	L3('a'), L3('b'), L3('c'), L3('d'), L3('e'), L3('f'), L3('g'), L3('h'), L3('i'),
	L3('j'), L3('k'), L3('l'), L3('m'), L3('n'), L3('o'), L3('p'), L3('q'), L3('r'),
	L3('s'), L3('t'), L3('u'), L3('v'), L3('w'), L3('x'), L3('y'), L3('z'),
#undef L3
	['0'] = 2, ['1'] = 2, ['2'] = 2, ['3'] = 2, ['4'] = 2, ['5'] = 2, ['6'] = 2,
	['7'] = 2, ['8'] = 2, ['9'] = 2
};

/* The length of a valid name, else 0. */
static size_t
valid_name(const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;

	if (!(name_chars[*p] & 1))
		return 0;
	while (name_chars[*++p] & 2)
		;
	return *p == '\0' ? (size_t)(p - (const unsigned char *)s) : 0;
}

static int
valid_id(const char *s)
{
	const char	*p;

	if (*s == '\0')
		return 0;
	for (p = s; *p != '\0'; p++) {
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-'))
			return 0;
	}
	return 1;
}

static int
parse_int(const char *s, int *out)
{
	char	*end;
	long	 v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (*s == '\0' || *end != '\0' || errno != 0 || v < 0 || v > 100000)
		return -1;
	*out = (int)v;
	return 0;
}

/* Trims s[0..len), which ends at its NUL. */
static char *
trim_n(char *s, size_t len)
{
	char	*e = s + len;

	while (s < e && (*s == ' ' || *s == '\t'))
		s++;
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		e--;
	*e = '\0';
	return s;
}

static char *
trim(char *s)
{
	return trim_n(s, strlen(s));
}

static char *
value_key(uint32_t v)
{
	return xasprintf("0x%08X", v);
}

/* Marks key k of the current section as set; complains when it was already. */
static int
once(struct loader *l, int *seen, const char *key)
{
	if (*seen == l->instance) {
		loader_problem(l, &l->at, "key '%s' given twice in this section", key);
		return 0;
	}
	*seen = l->instance;
	return 1;
}

/* Checks that a section is not repeated within one file. */
static int
section_repeat(struct loader *l, struct src *src, const char *what)
{
	if (src->file == l->at.file) {
		loader_problem(l, &l->at, "section %s repeated in the same file (first at line %d)",
		    what, src->line);
		return 1;
	}
	*src = l->at;
	return 0;
}


/* Is s a provider name: letters, digits and - _ . only? */
static int
valid_provider(const char *s)
{
	const char	*p;

	if (*s == '\0' || strlen(s) > 200)
		return 0;
	for (p = s; *p != '\0'; p++) {
		if (!(name_chars[(unsigned char)*p] & 2) && *p != '-' && *p != '.')
			return 0;
	}
	return 1;
}

/* Parses a whole number from 1 to max; -1 when s is not one. */
static long
small_number(const char *s, long max)
{
	long	v = 0;

	if (*s == '\0')
		return -1;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9' || (v = v * 10 + (*s - '0')) > max)
			return -1;
	}
	return v;
}

/* Opens [event PROVIDER/ID] or, with "*" for ID, a provider's defaults; cuts arg. */
static void
open_event(struct loader *l, char *arg, const char *hdr)
{
	struct db	*db = l->db;
	struct xevent	*x;
	char		*slash = strrchr(arg, '/'), *key;
	long		 id;

	if (slash == NULL) {
		loader_problem(l, &l->at, "an event section is [event PROVIDER/ID] or [event PROVIDER/*]");
		return;
	}
	*slash = '\0';
	if (strcmp(slash + 1, "*") == 0)
		id = DB_EVENT_ANY;
	else if ((id = small_number(slash + 1, 65535)) < 0) {
		loader_problem(l, &l->at, "bad event id '%s' (0 to 65535, or *)", slash + 1);
		return;
	}
	if (!valid_provider(arg)) {
		loader_problem(l, &l->at, "bad provider name '%s' (letters, digits, '-', '_' and '.')",
		    arg);
		return;
	}
	key = id == DB_EVENT_ANY ? xasprintf("%s/*", arg) : xasprintf("%s/%ld", arg, id);
	if ((x = strmap_get(db->events, key)) == NULL) {
		x = pool_alloc(db->pool, sizeof *x);
		x->e.provider = arg;
		x->e.id = id;
		x->e.binary = -1;
		x->e.related = 1;
		x->src.file = -1;
		strmap_put(db->events, key, x);
		if (strmap_get(db->providers, arg) == NULL)
			strmap_put(db->providers, arg, x);
	} else
		free(key);
	if (section_repeat(l, &x->src, hdr))
		return;
	l->sec = SEC_EVENT;
	l->entry = x;
}

/* Reads field.N = FORM or field.NAME = FORM. */
static void
event_field(struct loader *l, struct xevent *x, const char *key, const char *val)
{
	struct db_event_field	 f;
	const char		*spec = key + 6;
	size_t			 i;

	memset(&f, 0, sizeof f);
	if (strcmp(val, "code") == 0)
		f.form = DB_FIELD_CODE;
	else if (strcmp(val, "win32") == 0)
		f.form = DB_FIELD_WIN32;
	else {
		loader_problem(l, &l->at, "a field holds a 'code' or a 'win32' number, not '%s'", val);
		return;
	}
	if ((f.index = (int)small_number(spec, 99)) <= 0) {
		f.index = 0;
		if (!valid_name(spec)) {
			loader_problem(l, &l->at, "field.%s: a field is a number (1 for the first "
			    "<Data>) or a <Data Name=...>", spec);
			return;
		}
		f.name = spec;
	}
	for (i = 0; i < x->e.nfields; i++) {
		if (f.index != 0 ? x->fields[i].index == f.index :
		    x->fields[i].name != NULL && strcasecmp(x->fields[i].name, f.name) == 0)
			break;
	}
	if (i == x->e.nfields) {
		if (i == x->cap) {
			x->cap = x->cap ? x->cap * 2 : 4;
			x->fields = xreallocarray(x->fields, x->cap, sizeof *x->fields);
			x->field_src = xreallocarray(x->field_src, x->cap, sizeof *x->field_src);
			x->field_seen = xreallocarray(x->field_seen, x->cap, sizeof *x->field_seen);
		}
		x->field_seen[i] = 0;
		x->e.nfields++;
	}
	if (!once(l, &x->field_seen[i], key))
		return;
	x->fields[i] = f;
	x->field_src[i] = l->at;
	x->e.fields = x->fields;
}

static void
event_key(struct loader *l, struct xevent *x, const char *key, const char *val)
{
	static const char	*keys[] = {
		"title", "code", "description", "note", "guidance", "binary", "writer", "related"
	};
	size_t			 i;
	long			 n;

	if (strncmp(key, "field.", 6) == 0) {
		event_field(l, x, key, val);
		return;
	}
	for (i = 0; i < sizeof keys / sizeof *keys; i++) {
		if (strcmp(key, keys[i]) == 0)
			break;
	}
	if (i == sizeof keys / sizeof *keys) {
		loader_problem(l, &l->at, "unknown key '%s' in [event]", key);
		return;
	}
	if (!once(l, &x->seen[i], key))
		return;
	switch (i) {
	case 0:
		x->e.title = val;
		break;
	case 1:
		x->code_id = val;
		x->code_src = l->at;
		break;
	case 2:
		x->e.code.description = val;
		break;
	case 3:
		x->e.code.note = val;
		break;
	case 4:
		x->guidance_id = val;
		x->guidance_src = l->at;
		break;
	case 5:
		if (strcmp(val, "io-packet") == 0)
			x->e.binary = DB_BINARY_IO_PACKET;
		else if (strcmp(val, "text") == 0)
			x->e.binary = DB_BINARY_TEXT;
		else
			loader_problem(l, &l->at, "binary is io-packet or text");
		break;
	case 7:
		if (strcmp(val, "yes") == 0 || strcmp(val, "no") == 0)
			x->e.related = val[0] == 'y';
		else
			loader_problem(l, &l->at, "related is yes or no");
		break;
	default:
		x->e.writer_index = 0;
		x->e.writer_name = NULL;
		if ((n = small_number(val, 99)) > 0)
			x->e.writer_index = (int)n;
		else if (valid_name(val))
			x->e.writer_name = val;
		else
			loader_problem(l, &l->at, "writer is a field: a number or a <Data Name=...>");
		break;
	}
}

/*
 * The [code NAME] entry of a name of value v, so that [code 0x...] changes
 * the same entry as [code NAME] would instead of making a second one; NULL
 * when no name of v has one.  *twice is set when two names of v have one.
 */
static struct xcode *
named_code(const struct db *db, uint32_t v, struct xcode **twice)
{
	struct xcode		*found = NULL;
	const struct db_name	*n;
	const char		*key;
	void			*e;
	size_t			 pos = 0;

	*twice = NULL;
	while (strmap_next(db->codes, &pos, &key, &e)) {
		if ((n = strmap_get(db->names, key)) == NULL || n->value != v)
			continue;
		if (found != NULL) {
			*twice = e;
			break;
		}
		found = e;
	}
	return found;
}

static void
open_section(struct loader *l, const char *type, char *arg, const char *hdr)
{
	struct db	*db = l->db;
	uint32_t	 v;
	int		 i;

	l->instance++;
	l->sec = SEC_NONE;
	l->entry = NULL;
	l->broken = 1;
	if (strcmp(type, "guidance") == 0) {
		struct xguidance	*g;

		if (!valid_id(arg)) {
			loader_problem(l, &l->at, "bad guidance id '%s' (use a-z, 0-9 and -)", arg);
			return;
		}
		if ((g = strmap_get(db->guidance, arg)) == NULL) {
			g = pool_alloc(db->pool, sizeof *g);
			g->g.id = arg;
			g->g.order = g->g.wait_minutes = g->g.max_retries = UNSET;
			g->src.file = -1;
			strmap_put(db->guidance, arg, g);
		}
		if (section_repeat(l, &g->src, hdr))
			return;
		l->sec = SEC_GUIDANCE;
		l->entry = g;
	} else if (strcmp(type, "names") == 0) {
		for (i = 0; i < DB_NS_COUNT; i++) {
			if (strcmp(arg, db_ns_id((enum db_ns)i)) == 0)
				break;
		}
		if (i == DB_NS_COUNT) {
			loader_problem(l, &l->at, "unknown namespace '%s'", arg);
			return;
		}
		if (l->names_file[i] == l->at.file) {
			loader_problem(l, &l->at, "section %s repeated in the same file", hdr);
			return;
		}
		l->names_file[i] = l->at.file;
		l->sec = SEC_NAMES;
		l->ns = (enum db_ns)i;
	} else if (strcmp(type, "code") == 0) {
		struct xcode	*c, *other;
		struct strmap	*map = db->codes;
		const char	*key = arg;
		char		*owned = NULL;

		if (loader_parse_value(arg, &v) == 0 &&
		    (c = named_code(db, v, &other)) != NULL) {
			if (other != NULL) {
				loader_problem(l, &l->at, "[code %s] is both %s and %s: "
				    "write the name", arg, c->key, other->key);
				return;
			}
			map = db->codes;
			key = c->key;
		} else if (loader_parse_value(arg, &v) == 0) {
			map = db->vcodes;
			key = owned = value_key(v);
		} else if (!valid_name(arg)) {
			loader_problem(l, &l->at, "'%s' is neither a name nor a value", arg);
			return;
		}
		if ((c = strmap_get(map, key)) == NULL) {
			c = pool_alloc(db->pool, sizeof *c);
			c->src.file = -1;
			if (owned != NULL)
				c->c.value = v;
			else
				c->key = arg;
			strmap_put(map, key, c);
		} else
			free(owned);
		if (section_repeat(l, &c->src, hdr))
			return;
		l->sec = SEC_CODE;
		l->entry = c;
	} else if (strcmp(type, "method") == 0) {
		struct xmethod	*m;
		const char	*p;

		for (p = arg; *p != '\0'; p++) {
			if (!(*p == ':' || *p == '_' || (*p >= 'A' && *p <= 'Z') ||
			    (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')))
				break;
		}
		if (*p != '\0' || *arg == '\0') {
			loader_problem(l, &l->at, "bad method name '%s'", arg);
			return;
		}
		if ((m = strmap_get(db->methods, arg)) == NULL) {
			m = pool_alloc(db->pool, sizeof *m);
			m->m.name = arg;
			p = strrchr(arg, ':');
			m->m.bare = p != NULL ? p + 1 : arg;
			m->src.file = -1;
			strmap_put(db->methods, arg, m);
		}
		if (section_repeat(l, &m->src, hdr))
			return;
		l->sec = SEC_METHOD;
		l->entry = m;
	} else if (strcmp(type, "disputed") == 0) {
		struct xdispute	*d;
		char		*key;

		if (loader_parse_value(arg, &v) != 0) {
			loader_problem(l, &l->at, "[disputed] needs a value, not '%s'", arg);
			return;
		}
		key = value_key(v);
		if ((d = strmap_get(db->disputes, key)) == NULL) {
			d = pool_alloc(db->pool, sizeof *d);
			d->d.value = v;
			d->d.verdict = UNSET;
			d->src.file = -1;
			strmap_put(db->disputes, key, d);
		} else
			free(key);
		if (section_repeat(l, &d->src, hdr))
			return;
		l->sec = SEC_DISPUTED;
		l->entry = d;
	} else if (strcmp(type, "keywords") == 0 || strcmp(type, "phrases") == 0) {
		struct xlist	*x;
		char		*key = xasprintf("%s %s", type, arg);

		if (!valid_id(arg)) {
			loader_problem(l, &l->at, "bad list id '%s' (use a-z, 0-9 and -)", arg);
			free(key);
			return;
		}
		if ((x = strmap_get(db->lists, key)) == NULL) {
			x = pool_alloc(db->pool, sizeof *x);
			x->file = -1;
			strmap_put(db->lists, key, x);
		} else
			free(key);
		if (x->file == l->at.file) {
			loader_problem(l, &l->at, "section %s repeated in the same file", hdr);
			return;
		}
		x->file = l->at.file;
		l->sec = type[0] == 'k' ? SEC_KEYWORDS : SEC_PHRASES;
		l->entry = x;
	} else if (strcmp(type, "pattern") == 0 || strcmp(type, "timestamp") == 0 ||
	    strcmp(type, "record") == 0) {
		struct xpattern	*x;
		char		*key = xasprintf("%s %s", type, arg);

		if (!valid_id(arg)) {
			loader_problem(l, &l->at, "bad %s id '%s' (use a-z, 0-9 and -)", type, arg);
			free(key);
			return;
		}
		if ((x = strmap_get(db->patterns, key)) == NULL) {
			x = pool_alloc(db->pool, sizeof *x);
			x->p.id = arg;
			x->kind = type[0] == 't' ? XP_TIMESTAMP : type[0] == 'r' ? XP_RECORD :
			    XP_PATTERN;
			x->src.file = -1;
			strmap_put(db->patterns, key, x);
			if (x->kind == XP_RECORD) {
				if (db->nrlist == db->nrcap) {
					db->nrcap = db->nrcap ? db->nrcap * 2 : 8;
					db->rlist = xreallocarray(db->rlist, db->nrcap,
					    sizeof *db->rlist);
				}
				db->rlist[db->nrlist++] = &x->p;
			} else if (x->kind == XP_TIMESTAMP) {
				if (db->ntlist == db->ntcap) {
					db->ntcap = db->ntcap ? db->ntcap * 2 : 8;
					db->tlist = xreallocarray(db->tlist, db->ntcap,
					    sizeof *db->tlist);
				}
				db->tlist[db->ntlist++] = &x->p;
			} else {
				if (db->nplist == db->npcap) {
					db->npcap = db->npcap ? db->npcap * 2 : 8;
					db->plist = xreallocarray(db->plist, db->npcap,
					    sizeof *db->plist);
				}
				db->plist[db->nplist++] = &x->p;
			}
		} else
			free(key);
		if (section_repeat(l, &x->src, hdr))
			return;
		l->sec = SEC_PATTERN;
		l->entry = x;
	} else if (strcmp(type, "event") == 0)
		open_event(l, arg, hdr);
	else
		loader_problem(l, &l->at, "unknown section type '%s'", type);
}

static void
keyword_row(struct loader *l, struct xlist *x, const char *word)
{
	if (x->nwords == x->wcap) {
		x->wcap = x->wcap ? x->wcap * 2 : 16;
		x->words = xreallocarray(x->words, x->wcap, sizeof *x->words);
	}
	x->words[x->nwords++] = word;
}

static void
phrase_key(struct loader *l, struct xlist *x, const char *text, const char *name)
{
	size_t	i;

	if (!valid_name(name)) {
		loader_problem(l, &l->at, "'%s' is not a code name", name);
		return;
	}
	for (i = 0; i < x->nphrases; i++) {
		if (strcmp(x->phrases[i].text, text) == 0)
			break;
	}
	if (i == x->nphrases) {
		if (i == x->pcap) {
			x->pcap = x->pcap ? x->pcap * 2 : 16;
			x->phrases = xreallocarray(x->phrases, x->pcap, sizeof *x->phrases);
			x->phrase_names = xreallocarray(x->phrase_names, x->pcap,
			    sizeof *x->phrase_names);
			x->phrase_src = xreallocarray(x->phrase_src, x->pcap, sizeof *x->phrase_src);
		}
		x->nphrases++;
	} else if (x->phrase_src[i].file == l->at.file) {
		loader_problem(l, &l->at, "phrase '%s' given twice", text);
		return;
	}
	x->phrases[i].text = text;
	x->phrases[i].name = NULL;
	x->phrase_names[i] = name;
	x->phrase_src[i] = l->at;
}

static void
pattern_key(struct loader *l, struct xpattern *x, const char *key, const char *val)
{
	if (strcmp(key, "literal") == 0) {
		if (once(l, &x->seen[0], key))
			x->p.literal = val;
	} else if (strcmp(key, "regex") == 0) {
		if (once(l, &x->seen[1], key)) {
			x->p.regex = val;
			x->src = l->at;
		}
	} else if (strcmp(key, "scope") == 0) {
		if (!once(l, &x->seen[3], key))
			return;
		if (strcmp(val, "context") == 0)
			x->p.scope = DB_SCOPE_CONTEXT;
		else if (strcmp(val, "line-start") == 0)
			x->p.scope = DB_SCOPE_LINE_START;
		else if (strcmp(val, "anywhere") == 0)
			x->p.scope = DB_SCOPE_ANYWHERE;
		else if (strcmp(val, "trigger") == 0)
			x->p.scope = DB_SCOPE_TRIGGER;
		else if (strcmp(val, "indented") == 0)
			x->p.scope = DB_SCOPE_INDENTED;
		else
			loader_problem(l, &l->at,
			    "scope is context, line-start, indented, anywhere or trigger");
	} else if (strcmp(key, "digit_within") == 0) {
		char	*end;
		long	 n;

		if (!once(l, &x->seen[5], key))
			return;
		n = strtol(val, &end, 10);
		if (*val == '\0' || *end != '\0' || n < 1 || n > 256)
			loader_problem(l, &l->at, "digit_within is a number of bytes from 1 to 256");
		else
			x->p.digit_within = (int)n;
	} else if (strcmp(key, "context") == 0) {
		if (!once(l, &x->seen[4], key))
			return;
		if (strcmp(val, "record") == 0)
			x->p.vouch = 1;
		else if (strcmp(val, "any") == 0)
			x->p.vouch = 0;
		else
			loader_problem(l, &l->at, "context is record or any");
	} else if (strcmp(key, "caseless") == 0) {
		if (!once(l, &x->seen[2], key))
			return;
		if (strcmp(val, "yes") == 0)
			x->p.caseless = 1;
		else if (strcmp(val, "no") == 0)
			x->p.caseless = 0;
		else
			loader_problem(l, &l->at, "caseless is yes or no");
	} else
		loader_problem(l, &l->at, "unknown key '%s' in [%s]", key,
		    x->kind == XP_TIMESTAMP ? "timestamp" : x->kind == XP_RECORD ? "record" :
		    "pattern");
}

/* A zeroed name from the current block of names. */
static struct xname *
new_name(struct db *db)
{
	if (db->nnlist % DB_NAME_BLOCK == 0) {
		db->nblocks = xreallocarray(db->nblocks, db->nnblocks + 1, sizeof *db->nblocks);
		db->nblocks[db->nnblocks++] = pool_array(db->pool, DB_NAME_BLOCK,
		    sizeof **db->nblocks);
	}
	return &db->nblocks[db->nnblocks - 1][db->nnlist % DB_NAME_BLOCK];
}

static void
name_row(struct loader *l, char *line)
{
	void		**slot;
	struct xname	*n;
	char		*sp, *name;
	size_t		 len;
	uint32_t	 v;

	/*
	 * The line is trimmed: the value, blanks, the name up to the end.  The
	 * usual value, 0x and up to 8 hex digits, is read as it is scanned;
	 * anything else takes the long way, and its messages.
	 */
	v = 0;
	sp = line + 2;
	if (line[0] == '0' && (line[1] == 'x' || line[1] == 'X')) {
		for (; hex_digit[(unsigned char)*sp] != 0 && sp < line + 10; sp++)
			v = v * 16 + (uint32_t)(hex_digit[(unsigned char)*sp] - 1);
	}
	if (sp > line + 2 && (*sp == ' ' || *sp == '\t'))
		*sp++ = '\0';
	else {
		for (sp = line; *sp != '\0' && *sp != ' ' && *sp != '\t'; sp++)
			;
		if (*sp == '\0') {
			loader_problem(l, &l->at, "a [names] row is 'VALUE NAME'");
			return;
		}
		*sp++ = '\0';
		if (loader_parse_value(line, &v) != 0) {
			loader_problem(l, &l->at, "bad value '%s'", line);
			return;
		}
	}
	for (name = sp; *name == ' ' || *name == '\t'; name++)
		;
	if ((len = valid_name(name)) == 0) {
		loader_problem(l, &l->at, "bad name '%s'", name);
		return;
	}
	slot = strmap_slot_n(l->db->names, name, len);
	if ((n = *slot) != NULL) {
		if (n->n.ns != l->ns) {
			loader_problem(l, &l->at, "name %s is already defined in namespace %s at %s:%d",
			    name, db_ns_id(n->n.ns), l->db->paths[n->file], n->line);
			return;
		}
		if (n->file == l->at.file) {
			loader_problem(l, &l->at, "name %s defined twice (first at line %d)",
			    name, n->line);
			return;
		}
	} else {
		*slot = n = new_name(l->db);
		n->n.name = name;
		n->n.ns = l->ns;
		n->seq = (unsigned)l->db->nnlist++;
	}
	n->n.value = v;
	n->line = l->at.line;
	n->file = l->at.file;
}

static void
guidance_key(struct loader *l, struct xguidance *g, const char *key, const char *val)
{
	int	*target = NULL, i = -1;

	if (strcmp(key, "title") == 0) {
		if (once(l, &g->seen[0], key))
			g->g.title = val;
		return;
	}
	if (strcmp(key, "advice") == 0) {
		if (once(l, &g->seen[1], key))
			g->g.advice = val;
		return;
	}
	if (strcmp(key, "order") == 0)
		target = &g->g.order, i = 2;
	else if (strcmp(key, "wait_minutes") == 0)
		target = &g->g.wait_minutes, i = 3;
	else if (strcmp(key, "max_retries") == 0)
		target = &g->g.max_retries, i = 4;
	if (target == NULL) {
		loader_problem(l, &l->at, "unknown key '%s' in [guidance]", key);
		return;
	}
	if (!once(l, &g->seen[i], key))
		return;
	if (parse_int(val, target) != 0)
		loader_problem(l, &l->at, "%s must be a whole number from 0 to 100000", key);
}

static void
code_key(struct loader *l, struct xcode *c, const char *key, const char *val)
{
	static const char	*keys[] = { "title", "description", "note", "guidance" };
	size_t			 i;

	for (i = 0; i < 4; i++) {
		if (strcmp(key, keys[i]) == 0)
			break;
	}
	if (i == 4) {
		loader_problem(l, &l->at, "unknown key '%s' in [code]", key);
		return;
	}
	if (!once(l, &c->seen[i], key))
		return;
	switch (i) {
	case 0:
		c->c.title = val;
		break;
	case 1:
		c->c.description = val;
		break;
	case 2:
		c->c.note = val;
		break;
	default:
		c->guidance_id = val;
		c->guidance_src = l->at;
		break;
	}
}

static void
method_key(struct loader *l, struct xmethod *m, char *key, const char *val)
{
	struct xreturn	*r = NULL;
	char		*dot;
	size_t		 i;
	int		 is_guidance = 0;

	if (strcmp(key, "summary") == 0) {
		if (once(l, &m->seen_summary, key))
			m->m.summary = val;
		return;
	}
	if ((dot = strchr(key, '.')) != NULL) {
		if (strcmp(dot, ".guidance") != 0) {
			loader_problem(l, &l->at, "unknown key '%s' in [method]", key);
			return;
		}
		*dot = '\0';
		is_guidance = 1;
	}
	if (!valid_name(key)) {
		loader_problem(l, &l->at, "'%s' is not a code name", key);
		return;
	}
	for (i = 0; i < m->nr; i++) {
		if (strcasecmp(m->r[i].code, key) == 0) {
			r = &m->r[i];
			break;
		}
	}
	if (r == NULL) {
		if (m->nr == m->cap) {
			m->cap = m->cap ? m->cap * 2 : 8;
			m->r = xreallocarray(m->r, m->cap, sizeof *m->r);
		}
		r = &m->r[m->nr++];
		memset(r, 0, sizeof *r);
		r->code = key;
	}
	if (!once(l, &r->seen[is_guidance], is_guidance ? "CODE.guidance" : key))
		return;
	r->src = l->at;
	if (is_guidance)
		r->guidance_id = val;
	else
		r->meaning = val;
}

static void
dispute_key(struct loader *l, struct xdispute *d, const char *key, const char *val)
{
	static const char	*keys[] = { "claim", "verdict", "explanation", "claimed_name" };
	size_t			 i;

	for (i = 0; i < 4; i++) {
		if (strcmp(key, keys[i]) == 0)
			break;
	}
	if (i == 4) {
		loader_problem(l, &l->at, "unknown key '%s' in [disputed]", key);
		return;
	}
	if (!once(l, &d->seen[i], key))
		return;
	switch (i) {
	case 0:
		d->d.claim = val;
		break;
	case 1:
		if (strcmp(val, "true") == 0)
			d->d.verdict = 1;
		else if (strcmp(val, "false") == 0)
			d->d.verdict = 0;
		else
			loader_problem(l, &l->at, "verdict must be true or false");
		break;
	case 2:
		d->d.explanation = val;
		break;
	default:
		if (!valid_name(val))
			loader_problem(l, &l->at, "bad claimed_name '%s'", val);
		d->d.claimed_name = val;
		break;
	}
}

/* Parses line[0..len), NUL-terminated. */
static void
parse_line(struct loader *l, char *line, size_t len)
{
	char	*eq, *key, *val;

	line = trim_n(line, len);
	if (*line == '\0' || *line == '#')
		return;
	if (*line == '[') {
		char	*end = line + strlen(line) - 1, *type, *arg, *hdr, buf[128];
		size_t	 tlen, alen;

		if (*end != ']') {
			loader_problem(l, &l->at, "section header must end with ']'");
			l->sec = SEC_NONE;
			l->broken = 1;
			return;
		}
		*end = '\0';
		type = trim(line + 1);
		arg = type + strcspn(type, " \t");
		if (*arg != '\0')
			*arg++ = '\0';
		arg = trim(arg);
		if (*arg == '\0' || strpbrk(arg, " \t") != NULL) {
			loader_problem(l, &l->at, "a section header is [TYPE ARG] with one word ARG");
			l->sec = SEC_NONE;
			l->broken = 1;
			return;
		}
		/* "[TYPE ARG]" for messages, in buf when it fits (most do) */
		tlen = strlen(type);
		alen = strlen(arg);
		if (tlen + alen + 4 <= sizeof buf) {
			buf[0] = '[';
			memcpy(buf + 1, type, tlen);
			buf[1 + tlen] = ' ';
			memcpy(buf + 2 + tlen, arg, alen);
			memcpy(buf + 2 + tlen + alen, "]", 2);
			hdr = buf;
		} else
			hdr = xasprintf("[%s %s]", type, arg);
		open_section(l, type, arg, hdr);
		if (hdr != buf)
			free(hdr);
		if (l->sec != SEC_NONE)
			l->broken = 0;
		return;
	}
	if (l->sec == SEC_NAMES) {
		name_row(l, line);
		return;
	}
	if (l->sec == SEC_KEYWORDS) {
		keyword_row(l, l->entry, line);
		return;
	}
	if (l->sec == SEC_NONE && l->broken)
		return;
	if ((eq = strchr(line, '=')) == NULL) {
		loader_problem(l, &l->at, "expected 'key = value'");
		return;
	}
	*eq = '\0';
	key = trim(line);
	val = trim(eq + 1);
	if (*key == '\0' || *val == '\0') {
		loader_problem(l, &l->at, "empty key or value");
		return;
	}
	switch (l->sec) {
	case SEC_NONE:
		if (!l->broken)
			loader_problem(l, &l->at, "entry outside a section");
		break;	/* inside a broken section: already reported */
	case SEC_GUIDANCE:
		guidance_key(l, l->entry, key, val);
		break;
	case SEC_CODE:
		code_key(l, l->entry, key, val);
		break;
	case SEC_METHOD:
		method_key(l, l->entry, key, val);
		break;
	case SEC_DISPUTED:
		dispute_key(l, l->entry, key, val);
		break;
	case SEC_PHRASES:
		phrase_key(l, l->entry, key, val);
		break;
	case SEC_PATTERN:
		pattern_key(l, l->entry, key, val);
		break;
	case SEC_EVENT:
		event_key(l, l->entry, key, val);
		break;
	case SEC_NAMES:
	case SEC_KEYWORDS:
		break;
	}
}

/* Reads a whole file into a NUL-terminated buffer of the pool. */
static char *
slurp(struct pool *ar, const char *path, size_t *lenp, char **err)
{
	struct stat	 st;
	char		*buf;
	size_t		 len = 0;
	ssize_t		 n;
	int		 fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1 || fstat(fd, &st) == -1) {
		*err = xasprintf("%s: %s\n", path, strerror(errno));
		if (fd != -1)
			close(fd);
		return NULL;
	}
	if (!S_ISREG(st.st_mode) || st.st_size > 64 * 1024 * 1024) {
		*err = xasprintf("%s: not a regular file of at most 64 MiB\n", path);
		close(fd);
		return NULL;
	}
	buf = pool_alloc(ar, (size_t)st.st_size + 1);
	while (len < (size_t)st.st_size &&
	    (n = read(fd, buf + len, (size_t)st.st_size - len)) != 0) {
		if (n == -1) {
			if (errno == EINTR)
				continue;
			*err = xasprintf("%s: %s\n", path, strerror(errno));
			close(fd);
			return NULL;
		}
		len += (size_t)n;
	}
	close(fd);
	buf[len] = '\0';
	*lenp = len;
	return buf;
}

/*
 * The lines that start with a digit: about the [names] rows a file holds, so
 * that the names table is sized once for them instead of growing (a rough
 * count: a wrong one costs only time).
 */
static size_t
digit_lines(const char *buf)
{
	const char	*p;
	size_t		 n = 0;

	for (p = buf; p != NULL; p = strchr(p, '\n')) {
		if (*p == '\n')
			p++;
		if (*p >= '0' && *p <= '9')
			n++;
	}
	return n;
}

static void
load_file(struct loader *l, const char *path)
{
	struct db	*db = l->db;
	char		*buf, *line, *next, *err = NULL;
	size_t		 len;

	if ((buf = slurp(db->pool, path, &len, &err)) == NULL) {
		l->err = xrealloc(l->err, l->errlen + strlen(err) + 1);
		strcpy(l->err + l->errlen, err);
		l->errlen += strlen(err);
		l->nerr++;
		free(err);
		return;
	}
	db->bufs = xreallocarray(db->bufs, db->nfiles + 1, sizeof *db->bufs);
	db->paths = xreallocarray(db->paths, db->nfiles + 1, sizeof *db->paths);
	db->bufs[db->nfiles] = buf;
	db->paths[db->nfiles] = xstrdup(path);
	l->at.path = db->paths[db->nfiles];
	l->at.file = (int)db->nfiles++;
	l->at.line = 0;
	l->sec = SEC_NONE;
	l->entry = NULL;
	l->broken = 0;
	l->instance++;
	if (strlen(buf) != len) {
		struct src	 at = l->at;
		const char	*p;

		at.line = 1;
		for (p = buf; (p = strchr(p, '\n')) != NULL; p++)
			at.line++;
		loader_problem(l, &at, "file holds a NUL byte");
	}
	strmap_reserve(db->names, strmap_count(db->names) + digit_lines(buf));
	for (line = buf; line != NULL && *line != '\0'; line = next) {
		l->at.line++;
		if ((next = strchr(line, '\n')) != NULL) {
			*next++ = '\0';
			parse_line(l, line, (size_t)(next - 1 - line));
		} else
			parse_line(l, line, strlen(line));
	}
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * The names of the *.rules files in d, sorted, in an array to free: the one
 * list of them, so that the files the loader reads are those the rules
 * cache stamps (db-cache.c).
 */
char **
db_rules_names(DIR *d, size_t *np)
{
	struct dirent	*de;
	char		**files = NULL;
	size_t		  n = 0;

	while ((de = readdir(d)) != NULL) {
		size_t	len = strlen(de->d_name);

		if (de->d_name[0] == '.' || len < 7 ||
		    strcmp(de->d_name + len - 6, ".rules") != 0)
			continue;
		files = xreallocarray(files, n + 1, sizeof *files);
		files[n++] = xstrdup(de->d_name);
	}
	if (n > 1)
		qsort(files, n, sizeof *files, cmp_str);
	*np = n;
	return files;
}

static void
load_dir(struct loader *l, const char *dir, int optional)
{
	DIR		*d;
	char		**files = NULL;
	size_t		  n = 0, i;

	if ((d = opendir(dir)) == NULL) {
		if (optional && errno == ENOENT)
			return;
		l->at.path = dir;
		l->at.line = 0;
		l->nerr++;
		free(files);
		{
			char	*m = xasprintf("%s: cannot read rules directory: %s\n",
			    dir, strerror(errno));

			l->err = xrealloc(l->err, l->errlen + strlen(m) + 1);
			strcpy(l->err + l->errlen, m);
			l->errlen += strlen(m);
			free(m);
		}
		return;
	}
	files = db_rules_names(d, &n);
	closedir(d);
	for (i = 0; i < n; i++) {
		char	*path = xasprintf("%s/%s", dir, files[i]);

		load_file(l, path);
		free(path);
		free(files[i]);
	}
	free(files);
}

struct db *
db_load(const char *const *dirs, const int *optional, size_t ndirs, char **err)
{
	struct loader	 l;
	struct db	*db = xcalloc(1, sizeof *db);
	size_t		 i;

	memset(&l, 0, sizeof l);
	l.db = db;
	for (i = 0; i < DB_NS_COUNT; i++)
		l.names_file[i] = -1;
	db->pool = pool_new();
	db->names = strmap_new_in(db->pool);
	db->guidance = strmap_new_in(db->pool);
	db->codes = strmap_new_in(db->pool);
	db->vcodes = strmap_new_in(db->pool);
	db->methods = strmap_new_in(db->pool);
	db->disputes = strmap_new_in(db->pool);
	db->lists = strmap_new_in(db->pool);
	db->patterns = strmap_new_in(db->pool);
	db->events = strmap_new_in(db->pool);
	db->providers = strmap_new_in(db->pool);
	for (i = 0; i < ndirs; i++)
		load_dir(&l, dirs[i], optional != NULL && optional[i]);
	if (l.nerr == 0 && db->nfiles == 0) {
		l.err = xstrdup("no *.rules file found in the rules directories\n");
		l.nerr++;
	}
	if (l.nerr == 0) {
		loader_finish(&l);
	}
	if (l.nerr != 0) {
		*err = l.err;
		db_free(db);
		return NULL;
	}
	return db;
}

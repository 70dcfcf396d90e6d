/* text-rules.c: compiles what the text scanner needs from the database once: known values, key words, patterns. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chars.h"
#include "code.h"
#include "match.h"
#include "text-rules.h"
#include "strmap.h"
#include "tstamp.h"
#include "xalloc.h"

static void
vset_add(struct scan_vset *set, uint32_t v)
{
	size_t	i;

	if (v == 0) {
		set->has_zero = 1;
		return;
	}
	set->top[v >> 22] |= (uint64_t)1 << (v >> 16 & 63);
	for (i = scan_vset_hash(v) & set->mask; set->v[i] != 0 && set->v[i] != v; i = (i + 1) & set->mask)
		;
	set->v[i] = v;
}

/* Fills the set of values that have a name or an entry (Win32 numbers as HRESULTs). */
static void
known_values(struct scan_rules *s, const struct db *db)
{
	const struct db_name *const	*a;
	const struct db_code		**c;
	size_t				 total = 0, n, i;
	int				 ns;

	for (ns = 0; ns < DB_NS_FACILITY; ns++) {
		db_names_all(db, (enum db_ns)ns, &n);
		total += n;
	}
	total += db_value_codes(db, &c);
	for (s->known.mask = 1024; s->known.mask < total * 2; s->known.mask *= 2)
		;
	s->known.v = xcalloc(s->known.mask, sizeof *s->known.v);
	s->known.mask--;
	for (ns = 0; ns < DB_NS_FACILITY; ns++) {
		a = db_names_all(db, (enum db_ns)ns, &n);
		for (i = 0; i < n; i++)
			vset_add(&s->known, ns == DB_NS_WIN32 ? code_from_win32(a[i]->value) :
			    a[i]->value);
	}
	for (i = 0; c[i] != NULL; i++)
		vset_add(&s->known, c[i]->value);
	free(c);
}

/* Keeps a copy of n bytes of str, lower-cased, among the strings of the rules. */
static char *
keep_word(struct scan_rules *s, const char *str, size_t n)
{
	char	*w = xmalloc(n + 1);
	size_t	 i;

	for (i = 0; i < n; i++)
		w[i] = (char)(str[i] >= 'A' && str[i] <= 'Z' ? str[i] | 0x20 : str[i]);
	w[n] = '\0';
	s->words = xreallocarray(s->words, s->nwords + 1, sizeof *s->words);
	s->words[s->nwords++] = w;
	return w;
}

/*
 * Sorts the key words of a list by their last word; a key word whose last
 * word holds a non-ASCII byte goes to the tails, matched as a text's end.
 */
static void
kwset_build(struct scan_rules *s, const struct db *db, const char *list,
    struct scan_kwset *set)
{
	const char *const	*w;
	size_t			 nw, n, i;

	set->last = strmap_new();
	w = db_keywords(db, list, &nw);
	for (i = 0; i < nw; i++) {
		const char	*sp = strrchr(w[i], ' '), *last = sp != NULL ? sp + 1 : w[i], *p;
		struct scan_kw	*kw;

		for (p = last; *p != '\0' && (unsigned char)*p < 0x80; p++)
			;
		if (*p != '\0') {
			set->tails = xreallocarray(set->tails, set->ntails + 1, sizeof *set->tails);
			set->tails[set->ntails++] = keep_word(s, w[i], strlen(w[i]));
			continue;
		}
		n = strlen(last);
		if (n > 0) {
			set->last_byte[(unsigned char)keep_word(s, last + n - 1, 1)[0]] = 1;
			if (set->minlen == 0 || n < set->minlen)
				set->minlen = n;
			if (n > set->maxlen)
				set->maxlen = n;
		}
		if ((kw = strmap_get(set->last, last)) == NULL) {
			kw = xcalloc(1, sizeof *kw);
			set->kws = xreallocarray(set->kws, set->nkws + 1, sizeof *set->kws);
			set->kws[set->nkws++] = kw;
			strmap_put(set->last, keep_word(s, last, strlen(last)), kw);
		}
		if (sp == NULL) {
			kw->alone = 1;
			continue;
		}
		kw->before = xreallocarray(kw->before, kw->nbefore + 1, sizeof *kw->before);
		kw->before[kw->nbefore++] = keep_word(s, w[i], (size_t)(sp - w[i]));
	}
}

static void
kwset_free(struct scan_kwset *set)
{
	size_t	i;

	strmap_free(set->last);
	for (i = 0; i < set->nkws; i++) {
		free(set->kws[i]->before);
		free(set->kws[i]);
	}
	free(set->kws);
	free(set->tails);
}

/*
 * The offset of the byte of a literal least likely in a log, by a rough
 * rank: capitals and punctuation are rare, digits less so, then lower case,
 * and blanks are everywhere.  Not the last byte: the one after it is checked too.
 */
static size_t
rarest(const char *lit)
{
	size_t	i, best = 0;
	int	rank, low = 99;

	for (i = 0; lit[i] != '\0' && lit[i + 1] != '\0'; i++) {
		unsigned char	c = (unsigned char)lit[i];

		if (c == ' ' || c == '\t')
			rank = 5;
		else if (c >= 'a' && c <= 'z')
			rank = 4;
		else if (c >= '0' && c <= '9')
			rank = 3;
		else
			rank = 1;
		if (rank < low) {
			low = rank;
			best = i;
		}
	}
	return best;
}

/*
 * Builds one caseless alternation of words, spaces matching any blank run.
 * A NULL prefix puts a word boundary before each word that starts with a
 * letter or digit (a word in another script follows letters of its own).
 */
static struct match_re *
alternation(const char *const *w, size_t n, const char *prefix, const char *suffix,
    int caseless, char **err)
{
	struct match_re	*re;
	char		*pat;
	size_t		 len = (prefix ? strlen(prefix) : 0) + strlen(suffix) + 8, i, k;

	for (i = 0; i < n; i++)
		len += strlen(w[i]) * 4 + 4;
	pat = xmalloc(len);
	k = (size_t)sprintf(pat, "%s(?:", prefix ? prefix : "");
	for (i = 0; i < n; i++) {
		const char	*p;

		if (i > 0)
			pat[k++] = '|';
		if (prefix == NULL && chars_is_word((unsigned char)w[i][0])) {
			memcpy(pat + k, "\\b", 2);
			k += 2;
		}
		for (p = w[i]; *p != '\0'; p++) {
			if (*p == ' ') {
				memcpy(pat + k, "\\s+", 3);
				k += 3;
			} else if (chars_is_word((unsigned char)*p))
				pat[k++] = *p;
			else {
				pat[k++] = '\\';
				pat[k++] = *p;
			}
		}
	}
	k += (size_t)sprintf(pat + k, ")%s", suffix);
	re = match_compile(pat, caseless ? MATCH_CASELESS : 0, err);
	free(pat);
	return re;
}

/*
 * Is the regex one character class at the start of the line and nothing
 * else, ^[...], so that its answer on a line is its answer on the line's
 * first byte alone?  Read narrowly: only letters, digits, escaped
 * punctuation and plain punctuation other than brackets in the class; what
 * is not read here is simply not one.
 */
static int
first_byte_class(const char *re)
{
	const char	*p = re + 2;

	if (strncmp(re, "^[", 2) != 0)
		return 0;
	if (*p == '^')
		p++;
	if (*p == ']')
		return 0;
	for (; *p != ']'; p++) {
		if (*p == '\\') {
			p++;
			if (*p == '\0' || chars_is_alnum((unsigned char)*p))
				return 0;	/* \d, \x{..}, \Q: not read */
		} else if (*p == '\0' || *p == '[' || (unsigned char)*p < 0x20 ||
		    (unsigned char)*p >= 0x7F)
			return 0;
	}
	return p[1] == '\0';
}

/*
 * Fills sure[c] for the first bytes that start a record whatever follows:
 * those of the [record] patterns of form ^[...] that come before any other,
 * since the joined regex tries its alternatives in order and the first of
 * these matches at once.  Each class is read by its own regex on the byte.
 */
static void
record_sure(struct scan_rules *s, const struct db_pattern *const *p, size_t n)
{
	struct match_result	 r;
	struct match_re		*one;
	char			*err = NULL, c;
	size_t			 i;
	int			 b;

	for (i = 0; i < n && first_byte_class(p[i]->regex); i++) {
		if ((one = match_compile(p[i]->regex, p[i]->caseless ? MATCH_CASELESS : 0,
		    &err)) == NULL) {
			free(err);
			return;
		}
		for (b = 0; b < 256; b++) {
			c = (char)b;
			if (match_exec(one, &c, 1, 0, &r) == 1)
				s->record_sure[b] = 1;
		}
		match_free(one);
	}
}

/* Joins the [record] patterns into one regex; NULL (and *err unset) when there are none. */
static struct match_re *
record_starts(struct scan_rules *s, const struct db *db, char **err)
{
	const struct db_pattern *const	*p;
	struct match_re			*re;
	char				*pat = xstrdup(""), *t;
	size_t				 n, i;

	*err = NULL;
	p = db_records(db, &n);
	if (n == 0) {
		free(pat);
		return NULL;
	}
	for (i = 0; i < n; i++) {
		t = xasprintf("%s%s(?%s:%s)", pat, i > 0 ? "|" : "", p[i]->caseless ? "i" : "",
		    p[i]->regex);
		free(pat);
		pat = t;
	}
	re = match_compile(pat, 0, err);
	free(pat);
	if (re != NULL)
		record_sure(s, p, n);
	return re;
}

/*
 * Adds the literals of an anywhere pattern (alternatives split at '|'), each
 * with its rarest byte and the byte after it: the pair the classifier looks
 * for.  Literals that share a pair share the classifier's work.
 */
static int
any_literals(struct scan_rules *s, const struct db_pattern *p, char **err)
{
	const char	*lit = p->literal, *bar;
	size_t		 k;

	for (; ; lit = bar + 1) {
		size_t		 len = (bar = strchr(lit, '|')) != NULL ? (size_t)(bar - lit) :
				    strlen(lit), r;
		char		*one;

		if (len < 3 || s->nany == SCAN_RULES_MAX_ANY) {
			*err = xasprintf("[pattern %s]: the patterns of scope anywhere may have %d "
			    "literals in all, each of 3 or more bytes", p->id, SCAN_RULES_MAX_ANY);
			return -1;
		}
		one = xmalloc(len + 1);
		memcpy(one, lit, len);
		one[len] = '\0';
		r = rarest(one);
		for (k = 0; k < s->nlits; k++) {
			if (s->lits[2 * k] == (unsigned char)one[r] &&
			    s->lits[2 * k + 1] == (unsigned char)one[r + 1])
				break;
		}
		if (k == s->nlits && s->nlits == CLASSIFY_MAX_LIT) {
			free(one);
			*err = xasprintf("[pattern %s]: the literals of the patterns of scope "
			    "anywhere may have at most %d different rarest byte pairs", p->id,
			    CLASSIFY_MAX_LIT);
			return -1;
		}
		if (k == s->nlits) {
			s->lits[2 * k] = (unsigned char)one[r];
			s->lits[2 * k + 1] = (unsigned char)one[r + 1];
			s->nlits++;
		}
		s->any_lit[s->nany] = one;
		s->any_len[s->nany] = len;
		s->any_rare[s->nany] = r;
		s->any_by[(unsigned char)one[r]] |= (uint8_t)(1u << s->nany);
		s->any_pats[s->nany++] = p;
		if (bar == NULL)
			return 0;
	}
}

/*
 * The offset of the byte of a trigger literal that marks it: the first of
 * the rarest in logs, by a rough rank: the lead byte of a multi-byte
 * character, then punctuation seldom written (? ! ~ ^ |), capitals, other
 * punctuation, digits, small letters, blanks; never a hex digit, which may
 * start a hex run, nor _.  SIZE_MAX when the literal has no other byte.
 */
static size_t
trigger_byte(const char *lit)
{
	size_t	i, best = SIZE_MAX;
	int	rank, low = 99;

	for (i = 0; lit[i] != '\0'; i++) {
		unsigned char	c = (unsigned char)lit[i];

		if (chars_is_hex(c) || c == '_' || c == '\n')
			continue;	/* they start hex runs and names: no trigger */
		if (c >= 0xc0)
			rank = 0;
		else if (c >= 0x80 || strchr("?!~^|`", c) != NULL)
			rank = 1;
		else if (c >= 'A' && c <= 'Z')
			rank = 2;
		else if (c == ' ' || c == '\t')
			rank = 6;
		else if (c >= 'a' && c <= 'z')
			rank = 5;
		else if (c >= '0' && c <= '9')
			rank = 4;
		else
			rank = 3;
		if (rank < low) {
			low = rank;
			best = i;
		}
	}
	return best;
}

/*
 * Adds the literals of a trigger pattern (alternatives split at '|'), each
 * with the offset of its rare byte; at most CLASSIFY_MAX_TRIG different rare
 * bytes in all, each one compare of the prefilter.
 */
static int
trigger_literals(struct scan_rules *s, const struct db_pattern *p, char **err)
{
	const char	*lit = p->literal, *bar;
	int		 k;

	for (; ; lit = bar + 1) {
		size_t		 len = (bar = strchr(lit, '|')) != NULL ? (size_t)(bar - lit) :
				    strlen(lit), r;
		char		*one;

		if (len < 2 || s->ntrig_lit == SCAN_RULES_MAX_TRIG) {
			*err = xasprintf("[pattern %s]: the patterns of scope trigger may have %d "
			    "literals in all, each of 2 or more bytes", p->id, SCAN_RULES_MAX_TRIG);
			return -1;
		}
		one = xmalloc(len + 1);
		memcpy(one, lit, len);
		one[len] = '\0';
		if ((r = trigger_byte(one)) == SIZE_MAX) {
			free(one);
			*err = xasprintf("[pattern %s]: a literal of scope trigger needs a byte "
			    "other than hex digits and _", p->id);
			return -1;
		}
		for (k = 0; k < s->ntrig && s->trig[k] != (unsigned char)one[r]; k++)
			;
		if (k == s->ntrig && s->ntrig == CLASSIFY_MAX_TRIG) {
			free(one);
			*err = xasprintf("[pattern %s]: the literals of the patterns of scope "
			    "trigger may have at most %d different rare bytes",
			    p->id, CLASSIFY_MAX_TRIG);
			return -1;
		}
		if (k == s->ntrig)
			s->trig[s->ntrig++] = (unsigned char)one[r];
		s->trig_lit[s->ntrig_lit] = one;
		s->trig_len[s->ntrig_lit] = len;
		s->trig_at[s->ntrig_lit] = r;
		s->trig_pats[s->ntrig_lit++] = p;
		if (bar == NULL)
			return 0;
	}
}

/*
 * The quick look at method names (see struct scan_rules): built only when
 * every bare name is a word and no two differ only in case (the map ignores
 * case), so that it answers exactly as method_re does.
 */
static void
method_words(struct scan_rules *s, const struct db *db, const struct db_method *const *m,
    size_t n)
{
	struct scan_method	*sm;
	size_t			 i, len;
	uint32_t		 k;
	const char		*p;

	for (i = 0; i < n; i++) {
		for (p = m[i]->bare; *p != '\0'; p++) {
			if (!chars_is_word((unsigned char)*p))
				return;
		}
		if (p == m[i]->bare)
			return;
	}
	s->method_names = strmap_new();
	s->methods = xcalloc(n + 1, sizeof *s->methods);
	for (i = 0; i < 256; i++)
		s->word[i] = (unsigned char)chars_is_word((int)i);
	s->method_min = SIZE_MAX;
	for (i = 0; i < n; i++) {
		len = strlen(m[i]->bare);
		if ((sm = strmap_get(s->method_names, m[i]->bare)) != NULL) {
			if (strcmp(sm->bare, m[i]->bare) == 0)
				continue;	/* one bare name, two interfaces */
			strmap_free(s->method_names);
			free(s->methods);
			s->method_names = NULL;
			s->methods = NULL;
			return;
		}
		sm = &s->methods[i];
		sm->bare = m[i]->bare;
		sm->m = db_method_find(db, sm->bare);
		(void)strmap_put(s->method_names, sm->bare, sm);
		s->method_first[(unsigned char)sm->bare[0]] = 1;
		k = scan_method_key(sm->bare, len);
		s->method_bits[k >> 6] |= (uint64_t)1 << (k & 63);
		if (len < s->method_min)
			s->method_min = len;
		if (len > s->method_max)
			s->method_max = len;
	}
	s->method_upper = 1;
	for (i = 0; i < 256; i++) {
		if (s->method_first[i] && (i < 'A' || i > 'Z'))
			s->method_upper = 0;
	}
}

/*
 * The context patterns text_find_writer runs on every line with a code: the
 * shipped ones are these two, and a match of either holds the bytes "riter"
 * ([Ww]riter, Writer), so a line without them needs neither regex.  The
 * test stands only while every context pattern is one of these, without
 * case (edit one, add one, and every line goes to the regexes again).
 */
static const char *const riter_regex[] = {
	"\\b[Ww]riter\\s+['\"](?<writer>[^'\"\\r\\n]{1,200})['\"]",
	"\\bWriter\\s?[Nn]ame\\s*[:=]\\s*\\[?(?<writer>[A-Za-z0-9][^\\r\\n:;,{}#\\[\\]]{0,150}?)"
	    "\\s*(?:$|[;,{}\\]\\r\\n]|#01[12]|\\s{2}|\\s+Writer\\s+(?:Instance|Class)\\b)",
};

/* Do all the context patterns need "riter" on the line (riter_regex)? */
static int
ctx_need_riter(const struct scan_rules *s)
{
	size_t	i, k;

	for (i = 0; i < s->nctx; i++) {
		const struct db_pattern	*p = s->ctx_pats[i];

		if (p->re == NULL)
			continue;	/* text_find_writer passes it by */
		if (p->caseless || p->regex == NULL)
			return 0;
		for (k = 0; k < sizeof riter_regex / sizeof riter_regex[0]; k++) {
			if (strcmp(p->regex, riter_regex[k]) == 0)
				break;
		}
		if (k == sizeof riter_regex / sizeof riter_regex[0])
			return 0;
	}
	return 1;
}

struct scan_rules *
scan_rules_new(const struct db *db, char **err)
{
	struct scan_rules		*s = xcalloc(1, sizeof *s);
	const struct db_pattern *const	*p;
	const struct db_method *const	*m;
	const char			**names;
	const char *const		*w, *const *pw;
	size_t				 n, np, i;

	w = db_keywords(db, "context", &n);
	if ((s->about_re = alternation(w, n, NULL, "", 1, err)) == NULL)
		goto fail;
	/* text records: the context words and the path words */
	pw = db_keywords(db, "context-path", &np);
	names = xcalloc(n + np + 1, sizeof *names);
	if (n > 0)	/* w is NULL for an empty list */
		memcpy(names, w, n * sizeof *names);
	if (np > 0)
		memcpy(names + n, pw, np * sizeof *names);
	s->vss_re = alternation(names, n + np, NULL, "", 1, err);
	free(names);
	if (s->vss_re == NULL)
		goto fail;
	m = db_methods(db, &n);
	method_words(s, db, m, n);
	if (s->method_names == NULL) {
		/* names that are not words: the regex, which the quick look stands for */
		names = xcalloc(n + 1, sizeof *names);
		for (i = 0; i < n; i++)
			names[i] = m[i]->bare;
		s->method_re = alternation(names, n, "\\b(?<method>", "\\b)", 0, err);
		free(names);
		if (s->method_re == NULL)
			goto fail;
	}
	if ((s->record_re = record_starts(s, db, err)) == NULL && *err != NULL)
		goto fail;
	s->ts_lead = tstamp_lead_ok(db);
	kwset_build(s, db, "error", &s->err_words);
	kwset_build(s, db, "decimal", &s->dec_words);
	kwset_build(s, db, "not-code", &s->not_words);
	kwset_build(s, db, "win32-call", &s->win32_calls);
	known_values(s, db);
	p = db_patterns(db, &n);
	s->start_pats = xcalloc(n + 1, sizeof *s->start_pats);
	s->ctx_pats = xcalloc(n + 1, sizeof *s->ctx_pats);
	s->code_pats = xcalloc(n + 1, sizeof *s->code_pats);
	for (i = 0; i < n; i++) {
		if (p[i]->scope == DB_SCOPE_LINE_START || p[i]->scope == DB_SCOPE_INDENTED)
			s->start_pats[s->nstart++] = p[i];
		else if (p[i]->scope == DB_SCOPE_ANYWHERE) {
			if (any_literals(s, p[i], err) != 0)
				goto fail;
		} else if (p[i]->scope == DB_SCOPE_TRIGGER) {
			if (trigger_literals(s, p[i], err) != 0)
				goto fail;
		} else if (p[i]->re != NULL && match_group(p[i]->re, "code") > 0)
			s->code_pats[s->ncode++] = p[i];
		else
			s->ctx_pats[s->nctx++] = p[i];
	}
	s->ctx_riter = ctx_need_riter(s);
	s->ctx_hand = s->nctx > 0 && s->ctx_pats[0]->re != NULL && !s->ctx_pats[0]->caseless &&
	    s->ctx_pats[0]->regex != NULL && strcmp(s->ctx_pats[0]->regex, riter_regex[0]) == 0;
	s->start_len = xcalloc(s->nstart + 1, sizeof *s->start_len);
	s->firsts[s->nfirst++] = ' ';
	s->firsts[s->nfirst++] = '\t';
	for (i = 0; i < s->nstart; i++) {
		unsigned char	c = (unsigned char)s->start_pats[i]->literal[0];

		s->start_len[i] = strlen(s->start_pats[i]->literal);
		/* an indented line starts with a blank, a first byte the prefilter has */
		if (!s->start_first[c] && s->start_pats[i]->scope != DB_SCOPE_INDENTED) {
			if (s->nfirst == (int)sizeof s->firsts) {
				*err = xstrdup("too many line-start patterns (at most 6 first letters)");
				goto fail;
			}
			s->firsts[s->nfirst++] = c;
		}
		s->start_first[c] = 1;
	}
	return s;
fail:
	scan_rules_free(s);
	return NULL;
}

void
scan_rules_free(struct scan_rules *s)
{
	size_t	i;

	if (s == NULL)
		return;
	match_free(s->vss_re);
	match_free(s->about_re);
	match_free(s->method_re);
	if (s->method_names != NULL)
		strmap_free(s->method_names);
	free(s->methods);
	match_free(s->record_re);
	kwset_free(&s->err_words);
	kwset_free(&s->dec_words);
	kwset_free(&s->not_words);
	kwset_free(&s->win32_calls);
	for (i = 0; i < s->nwords; i++)
		free(s->words[i]);
	free(s->words);
	free(s->known.v);
	free(s->start_pats);
	free(s->start_len);
	for (i = 0; i < s->nany; i++)
		free(s->any_lit[i]);
	for (i = 0; i < s->ntrig_lit; i++)
		free(s->trig_lit[i]);
	free(s->ctx_pats);
	free(s->code_pats);
	free(s);
}

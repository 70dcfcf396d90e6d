/* scan-rules.c: compiles what the text scanner needs from the database once: known values, key words, patterns. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chars.h"
#include "code.h"
#include "match.h"
#include "scan-rules.h"
#include "strmap.h"
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

/* Collects the last word of each keyword, lower-cased, into a map. */
static struct strmap *
last_words(struct scan_rules *s, const struct db *db, const char *list)
{
	const char *const	*w;
	struct strmap		*m = strmap_new();
	size_t			 n, i;

	w = db_keywords(db, list, &n);
	for (i = 0; i < n; i++) {
		const char	*p = strrchr(w[i], ' ');

		s->words = xreallocarray(s->words, s->nwords + 1, sizeof *s->words);
		s->words[s->nwords] = xstrdup(p != NULL ? p + 1 : w[i]);
		strmap_put(m, s->words[s->nwords], s->words[s->nwords]);
		s->nwords++;
	}
	return m;
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

/* Builds one caseless alternation of words, spaces matching any blank run. */
static struct match_re *
alternation(const char *const *w, size_t n, const char *prefix, const char *suffix,
    int caseless, char **err)
{
	struct match_re	*re;
	char		*pat;
	size_t		 len = strlen(prefix) + strlen(suffix) + 8, i, k;

	for (i = 0; i < n; i++)
		len += strlen(w[i]) * 4 + 2;
	pat = xmalloc(len);
	k = (size_t)sprintf(pat, "%s(?:", prefix);
	for (i = 0; i < n; i++) {
		const char	*p;

		if (i > 0)
			pat[k++] = '|';
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

struct scan_rules *
scan_rules_new(const struct db *db, char **err)
{
	struct scan_rules		*s = xcalloc(1, sizeof *s);
	const struct db_pattern *const	*p;
	const struct db_method *const	*m;
	const char			**names;
	const char *const		*w;
	size_t				 n, i;

	w = db_keywords(db, "context", &n);
	if ((s->vss_re = alternation(w, n, "\\b", "", 1, err)) == NULL)
		goto fail;
	m = db_methods(db, &n);
	names = xcalloc(n + 1, sizeof *names);
	for (i = 0; i < n; i++)
		names[i] = m[i]->bare;
	s->method_re = alternation(names, n, "\\b(?<method>", "\\b)", 0, err);
	free(names);
	if (s->method_re == NULL)
		goto fail;
	s->err_words = last_words(s, db, "error");
	s->dec_words = last_words(s, db, "decimal");
	s->not_words = last_words(s, db, "not-code");
	known_values(s, db);
	p = db_patterns(db, &n);
	s->start_pats = xcalloc(n + 1, sizeof *s->start_pats);
	s->any_pats = xcalloc(n + 1, sizeof *s->any_pats);
	s->ctx_pats = xcalloc(n + 1, sizeof *s->ctx_pats);
	for (i = 0; i < n; i++) {
		if (p[i]->scope == DB_SCOPE_LINE_START)
			s->start_pats[s->nstart++] = p[i];
		else if (p[i]->scope == DB_SCOPE_ANYWHERE) {
			if (s->nany == SCAN_RULES_MAX_ANY || strlen(p[i]->literal) < 3 ||
			    strchr(p[i]->literal, '|') != NULL) {
				*err = xasprintf("[pattern %s]: at most %d patterns may have scope "
				    "anywhere, each with one literal of 3 or more bytes", p[i]->id,
				    SCAN_RULES_MAX_ANY);
				goto fail;
			}
			s->any_len[s->nany] = strlen(p[i]->literal);
			s->any_rare[s->nany] = rarest(p[i]->literal);
			s->any_pats[s->nany++] = p[i];
		}
		else
			s->ctx_pats[s->nctx++] = p[i];
	}
	s->start_len = xcalloc(s->nstart + 1, sizeof *s->start_len);
	s->firsts[s->nfirst++] = ' ';
	s->firsts[s->nfirst++] = '\t';
	for (i = 0; i < s->nstart; i++) {
		unsigned char	c = (unsigned char)s->start_pats[i]->literal[0];

		s->start_len[i] = strlen(s->start_pats[i]->literal);
		if (!s->start_first[c] && s->nfirst < (int)sizeof s->firsts)
			s->firsts[s->nfirst++] = c;
		s->start_first[c] = 1;
	}
	if (s->nstart > sizeof s->firsts - 2) {
		*err = xstrdup("too many line-start patterns (at most 6 first letters)");
		goto fail;
	}
	for (i = 0; i < s->nany; i++) {
		s->lits[2 * i] = (unsigned char)s->any_pats[i]->literal[s->any_rare[i]];
		s->lits[2 * i + 1] = (unsigned char)s->any_pats[i]->literal[s->any_rare[i] + 1];
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
	match_free(s->method_re);
	strmap_free(s->err_words);
	strmap_free(s->dec_words);
	strmap_free(s->not_words);
	for (i = 0; i < s->nwords; i++)
		free(s->words[i]);
	free(s->words);
	free(s->known.v);
	free(s->start_pats);
	free(s->start_len);
	free(s->any_pats);
	free(s->ctx_pats);
	free(s);
}

/* text.c, the text reader (prefix scanner_): finds error codes in text with a vector prefilter and checks each candidate. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chars.h"
#include "code.h"
#include "gaveup.h"
#include "input.h"
#include "match.h"
#include "pool.h"
#include "text-classify.h"
#include "text-int.h"
#include "text-rules.h"
#include "text-words.h"
#include "text.h"
#include "strmap.h"
#include "xalloc.h"

/* Counts set bits without a library call (the baseline x86-64 has no popcnt). */
static inline int
popcount64(uint64_t x)
{
	x = x - ((x >> 1) & 0x5555555555555555ull);
	x = (x & 0x3333333333333333ull) + ((x >> 2) & 0x3333333333333333ull);
	x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0Full;
	return (int)((x * 0x0101010101010101ull) >> 56);
}

struct scanner *
scanner_new(const struct db *db, const struct scan_opts *o, char **err)
{
	struct scanner	*s = xcalloc(1, sizeof *s);

	s->db = db;
	s->o = *o;
	if ((s->r = scan_rules_new(db, err)) == NULL) {
		free(s);
		return NULL;
	}
	s->cls = classify_new(s->r->firsts, s->r->nfirst, s->r->lits, (int)s->r->nlits);
	classify_triggers(s->cls, s->r->trig, s->r->ntrig);
	s->cap = KEEP + CHUNK;
	/*
	 * The refill buffer and the classifier's masks, the memory every
	 * refill touches, share one pool: one huge page where the system
	 * gives them, instead of some 130 page faults of 4 KiB at the first
	 * refills, which were a third of a cron run's system time over 1 MiB
	 * of new lines (a fault costs some 8 us on a virtual machine).  Zeroed
	 * (the pool's memory is): the PCRE2 JIT may look at bytes past a
	 * short first input's end, which valgrind reports as uninitialised
	 * (each -j thread's scanner has a first input).
	 */
	s->mem = pool_new();
	s->buf = pool_alloc(s->mem, s->cap);
	classify_reserve(s->cls, s->mem, s->cap);
	s->gu = gaveup_new();
	return s;
}

void
scanner_problems(struct scanner *s, scanner_problem_fn fn, void *ctx)
{
	gaveup_sink(s->gu, fn, ctx);
}

void
scanner_input_end(struct scanner *s)
{
	gaveup_end(s->gu);
}

unsigned long
scanner_gave_up(const struct scanner *s)
{
	return gaveup_total(s->gu);
}

unsigned long
scanner_gaveup_mark(const struct scanner *s)
{
	return gaveup_total(s->gu) + (s->notes != NULL ? s->notes->n : 0);
}

void
scanner_at(struct scanner *s, const char *path, uint64_t line)
{
	gaveup_input(s->gu, path);
	s->gu_line = line;
}

/*
 * A rule's pattern hit a match limit on the current line: the line is read
 * as if it did not match, and the first time in an input it is a problem.
 */
void
text_gave_up(const struct scanner *s, const char *rule)
{
	struct scan_notes	*n = s->notes;

	if (n != NULL && n->on) {
		/* a piece's: told by whoever merges it, if the part it is in counts */
		if (n->n == n->cap) {
			n->cap = n->cap ? n->cap * 2 : 8;
			n->v = xreallocarray(n->v, n->cap, sizeof *n->v);
		}
		n->v[n->n].rule = rule;
		n->v[n->n++].line = s->line;
		return;
	}
	gaveup_note(s->gu, rule, !s->gu_in_scan ? s->gu_line :
	    s->event != NULL ? s->event_line : s->line);
}

/* match_exec for a rule's pattern: one that gives up is told, and counts as no match. */
int
text_rx(const struct scanner *s, const struct match_re *re, const char *rule, const char *subj,
    size_t len, size_t start, struct match_result *r)
{
	int	rc;

	if ((rc = match_exec(re, subj, len, start, r)) != MATCH_GAVE_UP)
		return rc;
	text_gave_up(s, rule);
	return 0;
}

void
scanner_free(struct scanner *s)
{
	if (s == NULL)
		return;
	gaveup_free(s->gu);
	scan_rules_free(s->r);
	classify_free(s->cls);
	pool_free(s->mem);
	free(s->pend);
	free(s->arena);
	free(s->rcache);
	if (s->notes != NULL)
		free(s->notes->v);
	free(s->notes);
	free(s);
}

/*
 * The length of the prefix of a hex code that ends at pos, or 0: 0x; x alone
 * (SQL Server's "fails: x80770004"); 0× (U+00D7, a multiplication sign put in
 * by a word processor or a web page); &H (Visual Basic).
 */
static size_t
hex_prefix(const unsigned char *b, size_t pos)
{
	size_t	n;

	if (pos == 0)
		return 0;
	switch (b[pos - 1]) {
	case 'x':
	case 'X':
		n = pos >= 2 && b[pos - 2] == '0' ? 2 : 1;
		break;
	case 0x97:
		n = pos >= 3 && b[pos - 2] == 0xc3 && b[pos - 3] == '0' ? 3 : 0;
		break;
	case 'H':
	case 'h':
		n = pos >= 2 && b[pos - 2] == '&' ? 2 : 0;
		break;
	default:
		n = 0;
	}
	return n > 0 && (pos == n || !chars_is_word(b[pos - n - 1])) ? n : 0;
}

/*
 * A Win32 error written in decimal and again in hex between parentheses, as
 * robocopy writes it ("ERROR 5 (0x00000005) Copying File ..."): the decimal,
 * after an error word, is the finding when the two agree.
 */
static void
win32_echo(struct scanner *s, uint32_t v, size_t hx, size_t lo, size_t hi)
{
	const unsigned char	*b = s->buf;
	size_t			 ls = line_begin(s, hx), e, p, i;
	uint32_t		 d = 0;

	if (hx < ls + 4 || b[hx - 1] != '(' || b[hx - 2] != ' ' || hx + 10 >= hi ||
	    b[hx + 10] != ')')
		return;
	e = p = hx - 2;
	while (p > ls && e - p < 5 && chars_is_digit(b[p - 1]))
		p--;
	if (p == e || (p > ls && chars_is_word(b[p - 1])))
		return;
	for (i = p; i < e; i++)
		d = d * 10 + (uint32_t)(b[i] - '0');
	if (d == v && text_introduced(s->buf, p, ls, &s->r->err_words))
		text_consider(s, code_from_win32(v), FORM_WIN32, p, e, lo, hi, 1);
}

/*
 * Runs pat's regex on the line [ls, le) from its start, and again after each
 * match that ends before at: the first match that ends after at, or 0.
 */
static int
rx_reaching(const struct scanner *s, const struct db_pattern *pat, size_t ls, size_t le,
    size_t at, struct match_result *r)
{
	size_t	from = 0;

	while (text_rx(s, pat->re, pat->id, (const char *)s->buf + ls, le - ls, from, r)) {
		if ((size_t)r->end[0] > at - ls)
			return (size_t)r->start[0] <= at - ls;
		from = r->end[0] > r->start[0] ? (size_t)r->end[0] : (size_t)r->end[0] + 1;
		if (from > le - ls)
			break;
	}
	return 0;
}

/*
 * Does a [pattern] of scope context with a code group take the number at
 * [ms, me) of the line starting at ls, as a pywin32 excepinfo tuple does its
 * scode?  Its literal must stand on the line before the number: a cheap test
 * before the regex.  Returns how the number is considered, or 0.
 */
static int
code_pattern(struct scanner *s, size_t ms, size_t me, size_t ls, size_t hi)
{
	const struct db_pattern	*pat;
	struct match_result	 r;
	size_t			 le, i;
	int			 g;

	for (i = 0; i < s->r->ncode; i++) {
		pat = s->r->code_pats[i];
		if (pat->literal != NULL && memmem(s->buf + ls, ms - ls, pat->literal,
		    strlen(pat->literal)) == NULL)
			continue;
		le = line_end(s, me, hi);
		if (!rx_reaching(s, pat, ls, le, ms, &r))
			continue;
		g = match_group(pat->re, "code");
		if (r.start[g] == (long)(ms - ls) && r.end[g] == (long)(me - ls))
			return CONSIDER_INTRO | (pat->vouch ? CONSIDER_VOUCH : 0);
	}
	return 0;
}

/* Examines a run of 8 to 10 hex digits starting at pos. */
static void
hex_run(struct scanner *s, size_t pos, size_t n, size_t lo, size_t hi)
{
	const unsigned char	*b = s->buf;
	size_t			 end, ls, plen;
	uint32_t		 v = 0;
	int			 prefixed, intro;

	/* n is 8 for a run of exactly eight, else the run has 9 or 10 digits */
	if (n != 8)
		n = pos + 9 < hi && chars_is_hex(b[pos + 9]) ? 10 : 9;
	end = pos + n;
	plen = hex_prefix(b, pos);
	prefixed = plen > 0;
	if (!prefixed && pos > 0 && chars_is_word(b[pos - 1]))
		return;		/* inside a word */
	if (end < hi && (b[end] | 0x20) == 'l' && prefixed && n == 8)
		end++;		/* 0x800423F3L */
	if (end < hi && chars_is_word(b[end]))
		return;
	if (end + 1 < hi && b[end] == '.' && chars_is_alnum(b[end + 1]))
		return;		/* a file name or a version: 0x80070005.txt */
	ls = line_begin(s, pos);
	if (n == 8) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
		uint64_t	x;

		/* eight hex digits to a number, all at once */
		memcpy(&x, b + pos, 8);
		x = (x & 0x0F0F0F0F0F0F0F0Full) + ((x >> 6) & 0x0101010101010101ull) * 9;
		x = (x & 0x00FF00FF00FF00FFull) << 4 | (x >> 8 & 0x00FF00FF00FF00FFull);
		x = (x & 0x0000FFFF0000FFFFull) << 8 | (x >> 16 & 0x0000FFFF0000FFFFull);
		v = (uint32_t)((x & 0xFFFFFFFFull) << 16 | x >> 32);
#else
		size_t	i;

		for (i = 0; i < 8; i++) {
			int	c = b[pos + i];

			v = v << 4 | (uint32_t)(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
		}
#endif
		/* the cheap tests first: most runs of eight digits are no code */
		if (CODE_FAILED(v)) {
			if (!prefixed && !scan_rules_known(s->r, v))
				return;	/* without 0x, only codes the database knows */
		} else {
			const struct db_name *const	*a;

			if (!prefixed || db_names_of(s->db, DB_NS_VSS, v, &a) == 0) {
				if (plen == 2 && v != 0 && v <= 0xFFFF)
					win32_echo(s, v, pos - 2, lo, hi);
				return;	/* success: only VSS_S_* codes */
			}
		}
		/* a GUID's first group, or a group inside a GUID */
		if (end + 5 < hi && b[end] == '-' && chars_is_hex(b[end + 1]) && chars_is_hex(b[end + 4]))
			return;
		if (pos >= 5 && b[pos - 1] == '-' && chars_is_hex(b[pos - 2]))
			return;
		if (prefixed) {
			/* function arguments (CreateFileW(..., 0x80000000)) unless "hr =" */
			intro = text_introduced(s->buf, pos - plen, ls, &s->r->err_words);
			if (!intro && text_in_call_args(s->buf, pos - plen, ls))
				return;
			if (!intro && text_introduced(s->buf, pos - plen, ls, &s->r->not_words))
				return;
			text_consider(s, v, FORM_HEX, pos - plen, end, lo, hi, intro);
			return;
		}
		if (text_introduced(s->buf, pos, ls, &s->r->not_words))
			return;
		if (text_in_dump(s->buf, pos, ls, line_end(s, pos, hi)))
			return;
		intro = text_introduced(s->buf, pos, ls, &s->r->err_words);
		if (!intro && text_in_call_args(s->buf, pos, ls))
			return;
		text_consider(s, v, FORM_BARE_HEX, pos, end, lo, hi, 1);
		return;
	}
	/* 9 or 10 decimal digits: a signed or unsigned decimal HRESULT */
	{
		unsigned long long	d = 0;
		size_t			i, start = pos;
		enum finding_form	form = FORM_UNSIGNED;

		for (i = 0; i < n; i++) {
			if (b[pos + i] > '9')
				return;
			d = d * 10 + (unsigned)(b[pos + i] - '0');
		}
		if (pos > 0 && b[pos - 1] == '-') {
			if (d > 0x80000000ull || d == 0)
				return;
			v = (uint32_t)(0x100000000ull - d);
			form = FORM_SIGNED;
			start = pos - 1;
		} else {
			if (d > 0xFFFFFFFFull)
				return;
			v = (uint32_t)d;
		}
		if (!CODE_FAILED(v))
			return;
		if (start >= 2 && b[start - 1] == '%' && b[start - 2] == '%' && form == FORM_UNSIGNED) {
			text_consider(s, v, FORM_MSGREF, start - 2, end, lo, hi, 1);
			return;
		}
		if (text_introduced(s->buf, start, ls, &s->r->dec_words))
			text_consider(s, v, form, start, end, lo, hi, CONSIDER_INTRO);
		else if ((intro = code_pattern(s, start, end, ls, hi)) != 0)
			text_consider(s, v, form, start, end, lo, hi, intro);
	}
}

/*
 * A [keywords win32-call] macro with a decimal Win32 error as its argument:
 * HRESULT_FROM_WIN32(1450).
 */
static void
win32_call(struct scanner *s, const char *tok, size_t en, size_t lo, size_t hi)
{
	const unsigned char	*b = s->buf;
	const struct scan_kw	*kw;
	size_t			 p = en + 1;
	uint32_t		 w = 0;

	if (en >= hi || b[en] != '(' || (kw = strmap_get(s->r->win32_calls.last, tok)) == NULL ||
	    !kw->alone)
		return;
	while (p < hi && p - en <= 5 && chars_is_digit(b[p]))
		w = w * 10 + (uint32_t)(b[p++] - '0');
	if (p == en + 1 || p >= hi || b[p] != ')' || w == 0 || w > 0xFFFF)
		return;
	text_consider(s, code_from_win32(w), FORM_WIN32, en + 1, p, lo, hi, 1);
}

/* Examines the word around an underscore at pos: a code name? */
static void
name_token(struct scanner *s, size_t pos, size_t lo, size_t hi)
{
	const unsigned char	*b = s->buf;
	const struct db_name	*n;
	size_t			 st = pos, en = pos, i;
	char			 tok[80];
	uint32_t		 v;

	while (st > lo && pos - st < 64 && chars_is_word(b[st - 1]))
		st--;
	while (en < hi && en - pos < 64 && chars_is_word(b[en]))
		en++;
	s->skip_until = en;
	if (en - st < 3 || en - st >= sizeof tok || (st > lo && chars_is_word(b[st - 1])) ||
	    (en < hi && chars_is_word(b[en])) || !(b[st] >= 'A' && b[st] <= 'Z'))
		return;
	for (i = st; i < en; i++) {
		if (b[i] >= 'a' && b[i] <= 'z')
			return;	/* code names are written in capitals */
		tok[i - st] = (char)b[i];
	}
	tok[en - st] = '\0';
	if ((n = db_name_find(s->db, tok)) == NULL) {
		win32_call(s, tok, en, lo, hi);
		return;
	}
	if (n->ns == DB_NS_FACILITY)
		return;
	v = n->ns == DB_NS_WIN32 ? code_from_win32(n->value) : n->value;
	text_consider(s, v, FORM_NAME, st, en, lo, hi, 1);
}

static void	pattern_hit(struct scanner *, const struct db_pattern *, size_t, size_t, size_t);

/* Runs the line-start patterns on the line beginning at pos. */
static void
line_start(struct scanner *s, size_t pos, size_t lo, size_t hi)
{
	const unsigned char	*b = s->buf;
	struct match_result	 r;
	size_t			 p = pos, le, i, k;
	int			 g;

	while (p < hi && (b[p] == ' ' || b[p] == '\t'))
		p++;
	if (p >= hi || b[p] == '\n' || b[p] == '\r') {
		s->block_writer[0] = '\0';	/* a blank line ends a vssadmin block */
		return;
	}
	if (!s->r->start_first[b[p]])
		return;
	for (i = 0; i < s->r->nstart; i++) {
		const char	*lit = s->r->start_pats[i]->literal;
		size_t		 len = s->r->start_len[i];

		if (p + len > hi || memcmp(b + p, lit, len) != 0)
			continue;
		if (s->r->start_pats[i]->scope == DB_SCOPE_INDENTED) {
			if (p > pos)
				pattern_hit(s, s->r->start_pats[i], p, lo, hi);
			continue;
		}
		le = line_end(s, p, hi);
		if (!text_rx(s, s->r->start_pats[i]->re, s->r->start_pats[i]->id, (const char *)b + pos,
		    le - pos, 0, &r))
			continue;
		if ((g = match_group(s->r->start_pats[i]->re, "record")) > 0 && r.start[g] >= 0) {
			s->in_record = 1;
			s->nrecord_codes = 0;
			s->block_host[0] = s->block_writer[0] = '\0';
			continue;
		}
		if ((g = match_group(s->r->start_pats[i]->re, "host")) > 0 && r.start[g] >= 0) {
			text_copy_field(s->block_host, (const char *)b + pos + r.start[g],
			    (size_t)(r.end[g] - r.start[g]));
			continue;
		}
		s->file_vss = 1;
		if ((g = match_group(s->r->start_pats[i]->re, "writer")) > 0 && r.start[g] >= 0)
			text_copy_field(s->block_writer, (const char *)b + pos + r.start[g],
			    (size_t)(r.end[g] - r.start[g]));
		if ((g = match_group(s->r->start_pats[i]->re, "phrase")) > 0 && r.start[g] >= 0) {
			const struct db_phrase	*ph;
			size_t			 nph;
			size_t			 plen = (size_t)(r.end[g] - r.start[g]);
			const char		*pt = (const char *)b + pos + r.start[g];

			ph = db_phrases(s->db, "last-error", &nph);
			for (k = 0; k < nph; k++) {
				uint32_t	v;

				if (strlen(ph[k].text) != plen ||
				    strncasecmp(ph[k].text, pt, plen) != 0)
					continue;
				v = ph[k].name->ns == DB_NS_WIN32 ?
				    code_from_win32(ph[k].name->value) : ph[k].name->value;
				if (CODE_FAILED(v)) {
					if (s->li.line != s->line)
						text_lineinfo_reset(s);
					text_add_finding(s, v, FORM_PHRASE, pos + (size_t)r.start[g],
					    pos + (size_t)r.end[g], pos, le, lo,
					    s->block_writer[0] ? s->block_writer : NULL, 0);
				}
				break;
			}
		}
	}
}

/*
 * The value of eight hex digits in [p, e), each an ASCII one or a full-width
 * one (U+FF10-FF19, U+FF21-FF26, U+FF41-FF46: three bytes in UTF-8), as a
 * Japanese or Chinese input method writes them; -1 when they are not.
 */
static int64_t
wide_hex(const unsigned char *b, size_t p, size_t e)
{
	uint32_t	v = 0;
	int		n = 0, d;

	while (p < e) {
		if (chars_is_hex(b[p])) {
			d = b[p] <= '9' ? b[p] - '0' : (b[p] | 0x20) - 'a' + 10;
			p++;
		} else if (e - p >= 3 && b[p] == 0xef && b[p + 1] == 0xbc && b[p + 2] >= 0x90 &&
		    b[p + 2] <= 0x99) {
			d = b[p + 2] - 0x90;
			p += 3;
		} else if (e - p >= 3 && b[p] == 0xef && (b[p + 1] == 0xbc || b[p + 1] == 0xbd) &&
		    b[p + 2] >= (b[p + 1] == 0xbc ? 0xa1 : 0x81) &&
		    b[p + 2] <= (b[p + 1] == 0xbc ? 0xa6 : 0x86)) {
			d = b[p + 2] - (b[p + 1] == 0xbc ? 0xa1 : 0x81) + 10;
			p += 3;
		} else
			return -1;
		v = v << 4 | (uint32_t)d;
		n++;
	}
	return n == 8 ? (int64_t)v : -1;
}

/*
 * A pattern's hex group: a code in hex (full-width, or behind a prefix only
 * the pattern knows) whose match starts at ms on the line at ls, the digits
 * at [hs, he) (offsets in the line).  It is taken as a prefixed hex code is.
 */
static void
pattern_hex(struct scanner *s, const struct db_pattern *pat, size_t ls, size_t ms,
    size_t hs, size_t he, size_t lo, size_t hi)
{
	int64_t	v = wide_hex(s->buf, ls + hs, ls + he);
	int	intro;

	if (v < 0)
		return;
	if (s->li.line != s->line)
		text_lineinfo_reset(s);
	intro = text_introduced(s->buf, ls + ms, ls, &s->r->err_words);
	if (!intro && text_introduced(s->buf, ls + ms, ls, &s->r->not_words))
		return;
	text_consider(s, (uint32_t)v, FORM_HEX, ls + ms, ls + he, lo, hi,
	    (intro ? CONSIDER_INTRO : 0) | (pat->vouch ? CONSIDER_VOUCH : 0));
}

/* Runs an "anywhere" or trigger pattern hit at pos. */
static void
pattern_hit(struct scanner *s, const struct db_pattern *pat, size_t pos, size_t lo,
    size_t hi)
{
	struct match_result	 r;
	size_t			 ls, le, full, k;
	const char		*line;
	const unsigned char	*nl;
	int			 g;

	if (pat->digit_within > 0) {
		/* the cheap test first: a digit on the line, close after the literal */
		for (k = pos; k < s->data_len && k - pos < (size_t)pat->digit_within &&
		    s->buf[k] != '\n' && !chars_is_digit(s->buf[k]); k++)
			;
		if (k >= s->data_len || !chars_is_digit(s->buf[k]))
			return;
	}
	ls = line_begin(s, pos);
	le = line_end(s, pos, hi);
	line = (const char *)s->buf + ls;

	/* a message may run past the cut of a long line: look at all the bytes read */
	nl = memchr(s->buf + pos, '\n', s->data_len - pos);
	full = nl != NULL ? (size_t)(nl - s->buf) : s->data_len;
	if (pat->scope == DB_SCOPE_TRIGGER) {
		/* from the line's start: what the code needs may stand before the literal */
		if (!rx_reaching(s, pat, ls, le, pos, &r) &&
		    (full == le || !rx_reaching(s, pat, ls, full, pos, &r)))
			return;
	} else if (!text_rx(s, pat->re, pat->id, line, le - ls, pos - ls, &r) &&
	    (full == le || !text_rx(s, pat->re, pat->id, line, full - ls, pos - ls, &r)))
		return;
	le = full > le && r.end[0] > (long)(le - ls) ? full : le;
	if ((g = match_group(pat->re, "hex")) > 0 && r.start[g] >= 0) {
		pattern_hex(s, pat, ls, (size_t)r.start[0], (size_t)r.start[g],
		    (size_t)r.end[g], lo, hi);
		return;
	}
	if ((g = match_group(pat->re, "win32")) > 0 && r.start[g] >= 0) {
		uint32_t	w = 0;
		long		i;

		for (i = r.start[g]; i < r.end[g] && w <= 0xFFFF; i++)
			w = w * 10 + (uint32_t)(line[i] - '0');
		if (w == 0 || w > 0xFFFF)
			return;
		if (s->li.line != s->line)
			text_lineinfo_reset(s);
		if (pat->vouch)
			text_consider(s, code_from_win32(w), FORM_WIN32, ls + (size_t)r.start[g],
			    ls + (size_t)r.end[g], lo, hi, CONSIDER_INTRO | CONSIDER_VOUCH);
		else
			text_add_finding(s, code_from_win32(w), FORM_WIN32, ls + (size_t)r.start[g],
			    ls + (size_t)r.end[g], ls, le, lo, NULL, 0);
	}
}

/* A trigger byte at pos: is one of the trigger literals around it? */
static void
trigger_hit(struct scanner *s, size_t pos, size_t lo, size_t hi)
{
	const struct scan_rules	*r = s->r;
	size_t			 j, at;

	for (j = 0; j < r->ntrig_lit; j++) {
		const char	*lit = r->trig_lit[j];

		if (pos < r->trig_at[j] || s->buf[pos] != (unsigned char)lit[r->trig_at[j]])
			continue;
		/* the cheap test first: the literal's first and last bytes */
		at = pos - r->trig_at[j];
		if (at + r->trig_len[j] <= s->data_len && s->buf[at] == (unsigned char)lit[0] &&
		    s->buf[at + r->trig_len[j] - 1] == (unsigned char)lit[r->trig_len[j] - 1] &&
		    memcmp(s->buf + at, lit, r->trig_len[j]) == 0)
			pattern_hit(s, r->trig_pats[j], at, lo, hi);
	}
}

/* At the start of a line: ends the wait of queued findings, runs line-start patterns. */
static void
line_check(struct scanner *s, size_t pos, size_t lo, size_t hi)
{
	if (s->npend > 0) {
		struct match_result	r;
		size_t			le;
		char			w[FIELD_MAX];

		if (s->line - s->pend_line > LOOKAHEAD || text_record_start(s, s->buf + pos, hi - pos))
			text_flush(s);
		else {
			le = line_end(s, pos, hi);
			if (s->nunvouched > 0 && (s->file_vss || text_rx(s, s->r->vss_re,
			    "(the context keywords)", (const char *)s->buf + pos, le - pos, 0, &r)))
				text_vouch(s);
			if (s->r->nctx > 0 &&
			    text_find_writer(s, (const char *)s->buf + pos, le - pos, w, 1))
				text_attach_writer(s, w);
		}
	}
	line_start(s, pos, lo, hi);
}

/* Must every line be looked at: do findings wait for a writer, is a vssadmin block open? */
#define SLOW(s)	((s)->npend > 0 || (s)->block_writer[0] != '\0')

/*
 * Scans buf[lo, hi): everything before lo is context already scanned; hi is
 * after a newline or at a byte no code can contain.
 */
static void
scan_range(struct scanner *s, size_t lo, size_t hi)
{
	struct classify_carry	k;
	size_t			nb = classify_range(s->cls, s->buf, lo, hi, &k), bi, j;
	size_t			checked = (size_t)-1;

	s->le_valid = 0;
	if (s->at_line_start) {
		s->at_line_start = 0;
		line_check(s, lo, lo, hi);
		k.nl = 0;
	}
	for (bi = 0; bi < nb; bi++) {
		struct classify_cands	 c;
		uint64_t		 starts, exact8, lstarts, ev, nl, done, lit, us;
		unsigned		 w;
		size_t			 base = lo + 64 * bi;

		classify_block(s->cls, bi, &k, &c);
		starts = c.starts;
		exact8 = c.exact8;
		lstarts = c.lstarts;
		lit = c.lit;
		us = c.us;
		nl = c.nl;
		ev = starts | us | lstarts | lit;
		done = 0;
		if (SLOW(s))
			ev |= nl;
		while (ev != 0) {
			int	bit = __builtin_ctzll(ev);
			size_t	pos = base + (size_t)bit;
			uint64_t one = (uint64_t)1 << bit, before = nl & (one - 1) & ~done;

			ev &= ev - 1;
			if (before != 0) {
				/* the newlines passed since the last event */
				if (s->event == NULL)
					s->line += (uint64_t)popcount64(before);
				s->line_start = base + 64 - (size_t)__builtin_clzll(before);
				s->le_valid = 0;
				done |= before;
			}
			if (nl & one) {
				/* while findings wait for a writer, each line is looked at */
				done |= one;
				if (s->event == NULL)
					s->line++;
				s->line_start = pos + 1;
				s->le_valid = 0;
				if (pos + 1 < hi) {
					line_check(s, pos + 1, lo, hi);
					checked = pos + 1;
				} else
					s->at_line_start = 1;
				continue;
			}
			if (lit & one) {
				/*
				 * A literal's rarest byte: is the whole literal around
				 * it?  Only the literals whose rarest byte this is, in
				 * their order: a loop over all was 3% of a scan.
				 */
				for (w = s->r->any_by[s->buf[pos]]; w != 0; w &= w - 1) {
					const char	*str;
					size_t		 len, at;

					j = (size_t)__builtin_ctz(w);
					str = s->r->any_lit[j];
					len = s->r->any_len[j];
					if (pos < s->r->any_rare[j])
						continue;
					at = pos - s->r->any_rare[j];
					if (at + len <= s->data_len &&
					    s->buf[at + len - 1] == (unsigned char)str[len - 1] &&
					    memcmp(s->buf + at, str, len) == 0)
						pattern_hit(s, s->r->any_pats[j], at, lo, hi);
				}
			}
			if ((lstarts & one) && pos != checked)
				line_check(s, pos, lo, hi);
			if (us & one) {
				if (s->buf[pos] != '_')
					trigger_hit(s, pos, lo, hi);
				else if (pos >= s->skip_until)
					name_token(s, pos, lo, hi);
			} else if (starts & one)
				hex_run(s, pos, (exact8 & one) ? 8 : 9, lo, hi);
			if (SLOW(s))
				ev |= nl & ~(one | (one - 1)) & ~done;
		}
		if ((nl & ~done) != 0) {
			if (s->event == NULL)
				s->line += (uint64_t)popcount64(nl & ~done);
			s->line_start = base + 64 - (size_t)__builtin_clzll(nl & ~done);
			s->le_valid = 0;
		}
	}
	if (hi > lo && s->buf[hi - 1] == '\n' && !SLOW(s))
		s->at_line_start = 1;
}

/* Starts the per-input state. */
static void
begin(struct scanner *s, const char *path, finding_fn emit, void *ctx)
{
	gaveup_input(s->gu, path);	/* the fields of an event file come in many calls */
	s->gu_in_scan = 1;
	s->path = path;
	s->emit = emit;
	s->ctx = ctx;
	s->buf_off = 0;
	s->line = 1;
	s->line_start = 0;
	s->at_line_start = 1;
	s->skip_until = 0;
	s->block_writer[0] = s->block_host[0] = '\0';
	s->in_record = s->nrecord_codes = 0;
	s->file_vss = 0;
	s->li.line = 0;
	text_lineinfo_reset(s);
	if (s->notes != NULL)
		s->notes->on = 0;	/* only a piece's are kept */
}

/* Where to cut a chunk that holds no newline: after a byte no code contains. */
static size_t
safe_cut(const unsigned char *buf, size_t lo, size_t len)
{
	size_t	p = len > 128 ? len - 128 : lo;

	while (p > lo && (chars_is_word(buf[p - 1]) || buf[p - 1] == '-' ||
	    buf[p - 1] == '%'))
		p--;
	return p > lo ? p : (len > 128 ? len - 128 : len);
}

/* Where the text comes from: an input, or a plain file read at offsets. */
struct text_src {
	struct input	*in;
	int		 fd;
	uint64_t	 at;
	int		 err;		/* errno of a failed read */
};

static size_t
src_read(struct text_src *t, char *buf, size_t n)
{
	ssize_t	r;

	if (t->in != NULL)
		return input_read(t->in, buf, n);
	do
		r = pread(t->fd, buf, n, (off_t)t->at);
	while (r == -1 && errno == EINTR);
	if (r == -1) {
		t->err = errno;
		return 0;
	}
	t->at += (uint64_t)r;
	return (size_t)r;
}

/*
 * The scan loop: reads CHUNK bytes at a time behind buf[0, len), of which
 * [lo, len) is not yet scanned, and cuts each chunk after its last newline.
 * at_cut, when set, is called at each cut where KEEP bytes stand before
 * the unscanned rest; a nonzero answer stops the scan there (returns 1).
 * *lenp is what the buffer holds at the end.
 */
static int
scan_stream(struct scanner *s, struct text_src *t, size_t lo, size_t len, int complete_lines,
    scan_cut_fn at_cut, void *cctx, size_t *lenp)
{
	int	eof = 0;

	while (!eof || lo < len) {
		size_t			 got, cut, keep;
		const unsigned char	*nl;

		while (!eof && len < s->cap) {
			if ((got = src_read(t, (char *)s->buf + len, s->cap - len)) == 0)
				eof = 1;
			len += got;
		}
		if (eof && !complete_lines)
			cut = len;
		else if ((nl = memrchr(s->buf + lo, '\n', len - lo)) != NULL)
			cut = (size_t)(nl - s->buf) + 1;
		else if (eof)
			cut = lo;	/* an unfinished last line waits for the next run */
		else
			cut = safe_cut(s->buf, lo, len);
		s->data_len = len;
		if (cut > lo)
			scan_range(s, lo, cut);
		if (eof && (cut == len || complete_lines)) {
			len = cut;
			break;
		}
		/* keep KEEP bytes of context before the unscanned rest */
		keep = cut > KEEP ? cut - KEEP : 0;
		if (s->line_start != (size_t)-1 && s->line_start < keep) {
			/* a long line loses its start: remember what it said */
			if (s->li.line != s->line)
				text_lineinfo_reset(s);
			if (!s->li.have_ts) {
				size_t	e = line_end(s, s->line_start, cut);

				text_line_time(s, (const char *)s->buf + s->line_start,
				    e - s->line_start);
			}
			s->line_start = (size_t)-1;
		} else if (s->line_start != (size_t)-1)
			s->line_start -= keep;
		memmove(s->buf, s->buf + keep, len - keep);
		s->buf_off += keep;
		s->skip_until = s->skip_until > keep ? s->skip_until - keep : 0;
		len -= keep;
		lo = cut - keep;
		if (at_cut != NULL && lo == KEEP && at_cut(cctx, s, s->buf_off + lo)) {
			*lenp = len;
			return 1;
		}
	}
	*lenp = len;
	return 0;
}

/* The end of a text input: what waits is emitted, the counts are told. */
static void
text_end(struct scanner *s, size_t len, struct scan_pos *end)
{
	text_flush(s);
	gaveup_end(s->gu);
	s->gu_in_scan = 0;
	end->offset = s->buf_off + len;
	end->line = s->line;
	/* lines: a last line without a newline counts, an empty input has none */
	s->line_count = s->buf_off + len == 0 ? 0 :
	    s->line - (len > 0 && s->buf[len - 1] == '\n');
}

void
scanner_text(struct scanner *s, struct input *in, const char *path, finding_fn emit,
    void *ctx)
{
	struct scan_pos	start = { 0, 1 }, end;

	scanner_text_from(s, in, path, &start, 0, &end, emit, ctx);
}

void
scanner_text_from(struct scanner *s, struct input *in, const char *path,
    const struct scan_pos *start, int complete_lines, struct scan_pos *end,
    finding_fn emit, void *ctx)
{
	struct text_src	 t = { in, -1, 0, 0 };
	size_t		 len;

	s->event = NULL;
	begin(s, path, emit, ctx);
	s->buf_off = start->offset;
	s->line = start->line;
	(void)scan_stream(s, &t, 0, 0, complete_lines, NULL, NULL, &len);
	text_end(s, len, end);
}

void
scanner_field(struct scanner *s, const char *text, size_t len, const struct scan_field *sf,
    finding_fn emit, void *ctx)
{
	size_t	off = 0;

	begin(s, sf->path, emit, ctx);
	s->event = sf->event;
	s->event_line = sf->line;
	s->ev_time = sf->time;
	s->ev_nsec = sf->nsec;
	s->file_vss = sf->vss;
	while (off < len) {
		size_t	n = len - off > CHUNK ? CHUNK : len - off;

		memcpy(s->buf, text + off, n);
		s->data_len = n;
		s->line_start = 0;
		s->at_line_start = 1;
		s->skip_until = 0;
		text_lineinfo_reset(s);
		scan_range(s, 0, n);
		off += n;
	}
	text_flush(s);
	s->event = NULL;
	s->gu_in_scan = 0;
}

void
scanner_line(struct scanner *s, const char *text, size_t len, const char *path,
    const struct scan_pos *at, finding_fn emit, void *ctx)
{
	size_t	off = 0;

	begin(s, path, emit, ctx);
	s->event = NULL;
	s->line = at->line;
	while (off < len) {
		size_t	n = len - off > CHUNK ? CHUNK : len - off;

		memcpy(s->buf, text + off, n);
		s->buf_off = at->offset + off;
		s->data_len = n;
		s->line_start = 0;
		s->skip_until = 0;
		scan_range(s, 0, n);
		off += n;
	}
	text_flush(s);
}

uint64_t
scanner_lines(const struct scanner *s)
{
	return s->line_count;
}

int
scanner_could_report(const struct scanner *s, uint32_t v, int bare)
{
	struct resolved	r;

	resolve(s->db, v, NULL, &r);
	if (!CODE_FAILED(v))
		return !bare && r.nnames > 0 && r.names[0]->ns == DB_NS_VSS ? 2 : 0;
	if (bare && !scan_rules_known(s->r, v))
		return 0;
	if (s->o.all_codes || (r.known && !text_nt_only(&r)))
		return 2;
	return 1;
}

int
scanner_about_vss(const struct scanner *s, const char *text, size_t len)
{
	struct match_result	r;

	return text_rx(s, s->r->about_re, "(the context keywords)", text, len, 0, &r);
}

int
scanner_writer(const struct scanner *s, const char *text, size_t len, char *out,
    size_t size)
{
	const char	*p = text, *end = text + len, *nl;
	char		 w[FIELD_MAX];

	for (; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		if (text_find_writer(s, p, (size_t)(nl - p), w, 0)) {
			snprintf(out, size, "%s", w);
			return 1;
		}
	}
	return 0;
}

/*
 * Reading one file in pieces.  What a scanner carries from one cut to the
 * next, besides the bytes (the same in every piece, read from the same
 * offsets) and the line number (counted from the piece's start): no finding
 * may wait (a waiting one holds buffer offsets and strings of its own); the
 * current line's start and whether the next chunk starts a line; the end
 * of the last name token, where it lies beyond the cut; what is known about
 * the current line (nothing, once the line is passed: it is then computed
 * anew); the vssadmin block's writer, the Event Viewer record's host, codes
 * and whether one is open; whether the input is about VSS.  Everything
 * else is set anew at each refill or is the rules', the same in every
 * scanner.
 */
struct scan_snap {
	uint64_t	off, line;
	size_t		nfound, nnotes;
	int		quiet;		/* no finding waits */
	size_t		line_start, skip;
	int		at_line_start;
	struct lineinfo	li;		/* li.line unused */
	char		block_writer[FIELD_MAX], block_host[FIELD_MAX];
	int		in_record, nrecord_codes, file_vss;
	uint32_t	record_codes[16];
};

size_t
scanner_snap_size(void)
{
	return sizeof(struct scan_snap);
}

void
scanner_snap(const struct scanner *s, uint64_t off, size_t nfound, struct scan_snap *sn)
{
	memset(sn, 0, sizeof *sn);
	sn->off = off;
	sn->line = s->line;
	sn->nfound = nfound;
	sn->nnotes = s->notes != NULL && s->notes->on ? s->notes->n : 0;
	sn->quiet = s->npend == 0;
	sn->line_start = s->line_start;
	sn->skip = s->skip_until > KEEP ? s->skip_until : 0;	/* below the cut it stops nothing */
	sn->at_line_start = s->at_line_start;
	/* a passed line's info is as good as none: it is reset before use */
	sn->li.vss = -1;
	if (s->li.line == s->line) {
		sn->li.have_ts = s->li.have_ts;
		if (s->li.have_ts) {
			sn->li.time = s->li.time;
			sn->li.nsec = s->li.nsec;
		}
		sn->li.vss = s->li.vss;
		sn->li.have_method = s->li.have_method;
		sn->li.have_writer = s->li.have_writer;
		snprintf(sn->li.host, sizeof sn->li.host, "%s", s->li.host);
		snprintf(sn->li.method, sizeof sn->li.method, "%s", s->li.method);
		snprintf(sn->li.writer, sizeof sn->li.writer, "%s", s->li.writer);
	}
	snprintf(sn->block_writer, sizeof sn->block_writer, "%s", s->block_writer);
	snprintf(sn->block_host, sizeof sn->block_host, "%s", s->block_host);
	sn->in_record = s->in_record;
	sn->nrecord_codes = s->nrecord_codes;
	if (s->nrecord_codes > 0)
		memcpy(sn->record_codes, s->record_codes,
		    (size_t)s->nrecord_codes * sizeof s->record_codes[0]);
	sn->file_vss = s->file_vss;
}

int
scanner_snap_same(const struct scan_snap *a, const struct scan_snap *b)
{
	return a->quiet && b->quiet && a->off == b->off &&
	    a->line_start == b->line_start && a->skip == b->skip &&
	    a->at_line_start == b->at_line_start &&
	    a->li.have_ts == b->li.have_ts && a->li.time == b->li.time &&
	    a->li.nsec == b->li.nsec && a->li.vss == b->li.vss &&
	    a->li.have_method == b->li.have_method && a->li.have_writer == b->li.have_writer &&
	    strcmp(a->li.host, b->li.host) == 0 && strcmp(a->li.method, b->li.method) == 0 &&
	    strcmp(a->li.writer, b->li.writer) == 0 &&
	    strcmp(a->block_writer, b->block_writer) == 0 &&
	    strcmp(a->block_host, b->block_host) == 0 &&
	    a->in_record == b->in_record && a->nrecord_codes == b->nrecord_codes &&
	    memcmp(a->record_codes, b->record_codes, sizeof a->record_codes) == 0 &&
	    a->file_vss == b->file_vss;
}

uint64_t
scanner_snap_off(const struct scan_snap *sn)
{
	return sn->off;
}

uint64_t
scanner_snap_line(const struct scan_snap *sn)
{
	return sn->line;
}

size_t
scanner_snap_found(const struct scan_snap *sn)
{
	return sn->nfound;
}

size_t
scanner_snap_notes(const struct scan_snap *sn)
{
	return sn->nnotes;
}

/* Reads n bytes at off exactly; -1 otherwise. */
static int
pread_all(int fd, unsigned char *buf, size_t n, uint64_t off)
{
	ssize_t	r;

	while (n > 0) {
		if ((r = pread(fd, buf, n, (off_t)off)) == -1 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		buf += r;
		n -= (size_t)r;
		off += (uint64_t)r;
	}
	return 0;
}

/*
 * Follows the cuts of scan_stream from the file's start without scanning:
 * the last newline of each buffer is found by reading its last bytes only.
 * A cut the sequence is known to pass (0, or one at_cut was called on)
 * lets it start there: the cuts after it are the same.
 */
int
scanner_cut(int fd, uint64_t size, uint64_t from, uint64_t want, uint64_t *cut)
{
	unsigned char		*buf = xmalloc(KEEP + CHUNK);
	const unsigned char	*nl;
	uint64_t		 b = from > KEEP ? from - KEEP : 0, lo = from, end, c;
	size_t			 tail;
	int			 rc = -1;

	for (;;) {
		if ((end = b + KEEP + CHUNK) >= size)
			break;		/* the last buffer: its end is the input's */
		tail = end - lo > 4096 ? 4096 : (size_t)(end - lo);
		if (pread_all(fd, buf, tail, end - tail) != 0)
			break;
		if ((nl = memrchr(buf, '\n', tail)) != NULL)
			c = end - tail + (uint64_t)(nl - buf) + 1;
		else {
			/* a long line: the whole buffer, as safe_cut sees it */
			if (pread_all(fd, buf, (size_t)(end - b), b) != 0)
				break;
			nl = memrchr(buf + (lo - b), '\n', (size_t)(end - lo));
			c = b + (nl != NULL ? (uint64_t)(nl - buf) + 1 :
			    safe_cut(buf, (size_t)(lo - b), (size_t)(end - b)));
		}
		if (c - b > KEEP)
			b = c - KEEP;
		lo = c;
		if (c - b == KEEP && c >= want) {
			*cut = c;
			rc = 0;
			break;
		}
	}
	free(buf);
	return rc;
}

static void
drop_finding(void *ctx, const struct finding *f)
{
	(void)ctx;
	(void)f;
}

/*
 * Is the text before a cut likely to be about VSS (a vssadmin line sets
 * file_vss for the rest of the input)?  A piece that starts with the same
 * answer as the scan before it can agree with it at once: the first and
 * the last GUESS_WINDOW bytes before the cut are scanned for it.  Only a
 * guess: the snapshots decide.
 */
#define GUESS_WINDOW	(64 * 1024)
static int
guess_vss(struct scanner *s, int fd, uint64_t start)
{
	const unsigned char	*nl;
	uint64_t		 at[2];
	size_t			 n, i;
	int			 vss = 0;

	at[0] = 0;
	at[1] = start > 2 * GUESS_WINDOW ? start - GUESS_WINDOW : start;
	for (i = 0; i < 2 && !vss; i++) {
		n = start - at[i] < GUESS_WINDOW ? (size_t)(start - at[i]) : GUESS_WINDOW;
		if (n == 0 || pread_all(fd, s->buf, n, at[i]) != 0 ||
		    (nl = memrchr(s->buf, '\n', n)) == NULL)
			continue;
		begin(s, s->path, drop_finding, NULL);
		s->notes->on = 1;	/* and dropped */
		s->buf_off = at[i];
		s->data_len = n;
		scan_range(s, 0, (size_t)(nl - s->buf) + 1);
		text_flush(s);
		vss = s->file_vss;
	}
	s->notes->n = 0;
	return vss;
}

int
scanner_text_piece(struct scanner *s, struct input *in, int fd, uint64_t start,
    const char *path, scan_cut_fn at_cut, void *cctx, finding_fn emit, void *ctx,
    uint64_t *end)
{
	struct text_src	 t = { in, fd, start, 0 };
	struct scan_pos	 e;
	size_t		 len = 0, lo = 0;
	int		 rc;

	s->event = NULL;
	begin(s, path, emit, ctx);
	if (s->notes == NULL)
		s->notes = xcalloc(1, sizeof *s->notes);
	s->notes->n = 0;
	s->notes->on = in == NULL;
	if (in == NULL) {
		int	vss = guess_vss(s, fd, start);

		begin(s, path, emit, ctx);
		s->notes->on = 1;
		s->file_vss = vss;
		/* from a cut: the bytes kept before it, then as from a refill */
		if (start < KEEP || pread_all(fd, s->buf, KEEP, start - KEEP) != 0) {
			errno = EIO;
			s->notes->on = 0;
			*end = start;
			return -1;
		}
		len = lo = KEEP;
		s->buf_off = start - KEEP;
		s->at_line_start = s->buf[KEEP - 1] == '\n';
		s->line_start = s->at_line_start ? KEEP : (size_t)-1;
		(void)at_cut(cctx, s, start);
	}
	rc = scan_stream(s, &t, lo, len, 0, at_cut, cctx, &len);
	*end = s->buf_off + len;
	if (t.err != 0) {
		errno = t.err;
		rc = -1;
	}
	if (rc == 0)
		text_end(s, len, &e);
	return rc;
}

const struct scan_note *
scanner_notes(const struct scanner *s, size_t *n)
{
	*n = s->notes != NULL ? s->notes->n : 0;
	return s->notes != NULL ? s->notes->v : NULL;
}

void
scanner_note(struct scanner *s, const char *rule, uint64_t line)
{
	gaveup_note(s->gu, rule, line);
}

void
scanner_piece_end(struct scanner *s, uint64_t lines)
{
	gaveup_end(s->gu);
	s->gu_in_scan = 0;
	s->line_count = lines;
	arena_clear(s->arena);
	s->npend = s->nunvouched = 0;
}

/* text-queue.c: the text reader's queue of findings waiting for a writer name or a word about VSS in their record, emitted in input order. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chars.h"
#include "code.h"
#include "gaveup.h"
#include "match.h"
#include "strmap.h"
#include "text-classify.h"
#include "text-int.h"
#include "text-rules.h"
#include "xalloc.h"

/* Emits every waiting finding, in order. */
void
text_flush(struct scanner *s)
{
	size_t	i;

	for (i = 0; i < s->npend; i++) {
		struct pend	*p = &s->pend[i];

		if (p->unvouched)
			continue;	/* its record ended without a word about VSS */
		p->f.match = arena_str(s->arena, p->match);
		p->f.text = arena_str(s->arena, p->text);
		p->f.host = arena_str(s->arena, p->host);
		p->f.writer = arena_str(s->arena, p->writer);
		p->f.method = arena_str(s->arena, p->method);
		s->emit(s->ctx, &p->f);
	}
	s->npend = 0;
	s->nunvouched = 0;
	arena_clear(s->arena);
}

/* Gives waiting findings without a writer this one, then emits them unless some wait to be vouched for. */
void
text_attach_writer(struct scanner *s, const char *writer)
{
	size_t	i, off = arena_add(&s->arena, writer, strlen(writer));

	for (i = 0; i < s->npend; i++) {
		if (s->pend[i].writer == NONE && !s->pend[i].closed)
			s->pend[i].writer = off;
	}
	if (s->nunvouched == 0)
		text_flush(s);
}

/* A word about VSS in the record: its waiting findings are vouched for. */
void
text_vouch(struct scanner *s)
{
	size_t	i;

	for (i = 0; i < s->npend; i++)
		s->pend[i].unvouched = 0;
	s->nunvouched = 0;
}

/*
 * Chooses among the VSS methods a line names the one the code belongs to:
 * one whose rules give this code its own guidance, else one that returns the
 * code, else the first ("IVssAsync::QueryStatus for DoSnapshotSet").
 */
/*
 * Keeps method name (m, as db_method_find gives it) in s->li.method when it
 * ranks above *best for value.
 */
static void
rank_method(struct scanner *s, const char *name, size_t len, const struct db_method *m,
    uint32_t value, int *best)
{
	const struct db_return	*ret;
	int			 rank;

	ret = m != NULL ? db_method_return(m, value) : NULL;
	rank = ret == NULL ? 0 : ret->guidance == NULL ? 1 : 2;
	if (rank > *best) {
		*best = rank;
		text_copy_field(s->li.method, name, len);	/* not snprintf: 600 instructions */
		s->li.method_m = m;
	}
}

/*
 * The method names of a line the quick way (struct scan_rules): each maximal
 * run of word characters whose first byte and length could be a name's is
 * looked up; method_re would match exactly these runs, in the same order.
 * The runs are found 64 bytes at a time, from a mask of the word bytes: a
 * byte at a time was two thirds of this function's cost (issue 16).
 */
static void
method_runs(struct scanner *s, const char *line, size_t len, uint32_t value, int *best)
{
	const struct scan_rules	*r = s->r;
	const unsigned char	*u = (const unsigned char *)line;
	const struct scan_method *hit;
	size_t			 base, st, en;
	uint64_t		 w, up, starts, rest, carry = 0;

	for (base = 0; base < len; base += 64) {
		w = classify_word_mask(s->cls, u + base, len - base < 64 ? len - base : 64, &up);
		starts = w & ~(w << 1 | carry);		/* a run's first byte */
		carry = w >> 63;	/* a run that goes on into the next block */
		if (r->method_upper)
			starts &= up;	/* the others fail method_first below */
		while (starts != 0) {
			st = base + (size_t)__builtin_ctzll(starts);
			starts &= starts - 1;
			if ((rest = ~w >> (st - base)) != 0)
				en = st + (size_t)__builtin_ctzll(rest);
			else {
				/* the run reaches the block's end: follow it */
				for (en = base + 64; en < len && r->word[u[en]]; en++)
					;
			}
			if (!r->method_first[u[st]] || en - st < r->method_min ||
			    en - st > r->method_max || en - st >= FIELD_MAX ||
			    !scan_method_maybe(r, line + st, en - st))
				continue;
			/* the map ignores case, the regex does not */
			if ((hit = strmap_get_n(r->method_names, line + st, en - st)) == NULL ||
			    memcmp(hit->bare, line + st, en - st) != 0)
				continue;
			rank_method(s, line + st, en - st, hit->m, value, best);
		}
	}
}

/*
 * Chooses among the VSS methods a line names the one the code belongs to:
 * one whose rules give this code its own guidance, else one that returns the
 * code, else the first ("IVssAsync::QueryStatus for DoSnapshotSet").
 */
static void
pick_method(struct scanner *s, const char *line, size_t len, uint32_t value)
{
	struct match_result	 r;
	size_t			 at = 0;
	int			 best = -1;

	s->li.method[0] = '\0';
	s->li.method_m = NULL;
	if (s->r->method_names != NULL) {
		method_runs(s, line, len, value, &best);
		return;
	}
	while (at < len && text_rx(s, s->r->method_re, "(the method names)", line, len, at, &r)) {
		char	name[FIELD_MAX];

		text_copy_field(name, line + r.start[1], (size_t)(r.end[1] - r.start[1]));
		rank_method(s, name, strlen(name), db_method_find(s->db, name), value, &best);
		at = (size_t)r.end[0] > at ? (size_t)r.end[0] : at + 1;
	}
}

#define RCACHE_SLOTS	64	/* a power of two */

struct text_rcache {
	struct {
		int			 used;
		uint32_t		 value;
		const struct db_method	*method;
		struct resolved		 r;
	} slot[RCACHE_SLOTS];
};

/*
 * The resolution in the cache's slot, not a copy: text_consider only reads
 * it, and copying the struct at each candidate was 2% of a scan with many
 * findings (issue 16).
 */
const struct resolved *
text_resolve(struct scanner *s, uint32_t v, const struct db_method *m)
{
	uint32_t	h = (v ^ (uint32_t)((uintptr_t)m >> 4)) * 2654435761u;

	if (s->rcache == NULL)
		s->rcache = xcalloc(1, sizeof *s->rcache);
	h >>= 32 - 6;	/* the top six bits: RCACHE_SLOTS */
	if (s->rcache->slot[h].used && s->rcache->slot[h].value == v &&
	    s->rcache->slot[h].method == m)
		return &s->rcache->slot[h].r;
	resolve(s->db, v, m, &s->rcache->slot[h].r);
	s->rcache->slot[h].used = 1;
	s->rcache->slot[h].value = v;
	s->rcache->slot[h].method = m;
	return &s->rcache->slot[h].r;
}

/* Queues a finding at buffer span [ms, me) of the line [ls, le). */
void
text_add_finding(struct scanner *s, uint32_t value, enum finding_form form, size_t ms,
    size_t me, size_t ls, size_t le, size_t lo, const char *writer, int unvouched)
{
	struct pend		*p;
	const char		*line = (const char *)s->buf + ls, *host;
	size_t			 i, ts, te;

	if (s->li.line != s->line)
		text_lineinfo_reset(s);
	/* one code said twice on a line (E_INVALIDARG (0x80070057)) is one finding */
	for (i = s->npend; i-- > 0;) {
		if (s->pend[i].f.line != s->line)
			break;
		if (s->pend[i].f.value == value)
			return;
	}
	/*
	 * A writer named after an error belongs to that error's record only: the
	 * findings of an earlier line stop waiting once a later line has its own.
	 */
	if (s->npend > 0 && s->pend[s->npend - 1].f.line != s->line) {
		if (s->nunvouched == 0)
			text_flush(s);
		else {
			for (i = 0; i < s->npend; i++)
				s->pend[i].closed = 1;
		}
	}
	if (s->in_record) {
		/* an Event Viewer record repeats its codes in its XML part: once is enough */
		for (i = 0; i < (size_t)s->nrecord_codes; i++) {
			if (s->record_codes[i] == value)
				return;
		}
		if (s->nrecord_codes < (int)(sizeof s->record_codes / sizeof s->record_codes[0]))
			s->record_codes[s->nrecord_codes++] = value;
	}
	if (!s->li.have_ts) {
		text_line_time(s, line, le - ls);
		if (s->li.time == TSTAMP_NONE && s->event == NULL)
			text_record_time(s, ls);
	}
	/* the method this code came from, when the line names several */
	pick_method(s, line, le - ls, value);
	if (!s->li.have_writer) {
		s->li.have_writer = 1;
		text_find_writer(s, line, le - ls, s->li.writer, 0);
	}
	if (s->npend == s->pendcap) {
		s->pendcap = s->pendcap ? s->pendcap * 2 : 16;
		s->pend = xreallocarray(s->pend, s->pendcap, sizeof *s->pend);
	}
	if (s->npend == 0)
		s->pend_line = s->line;
	p = &s->pend[s->npend++];
	/* each field set below, the resolution's used parts only: no memset of 584 bytes */
	p->closed = 0;
	p->f.match = p->f.text = p->f.host = p->f.writer = p->f.method = NULL;
	p->unvouched = unvouched;
	s->nunvouched += (size_t)unvouched;
	/* the line, or a window of TEXT_MAX bytes around the match in a long line */
	ts = ls;
	te = le;
	if (te - ts > TEXT_MAX) {
		ts = ms > ls + TEXT_MAX / 2 ? ms - TEXT_MAX / 2 : ls;
		te = ts + TEXT_MAX < le ? ts + TEXT_MAX : le;
	}
	while (ts < te && (s->buf[ts] == ' ' || s->buf[ts] == '\t'))
		ts++;
	p->match = arena_add(&s->arena, (const char *)s->buf + ms, me - ms);
	p->text = arena_add(&s->arena, (const char *)s->buf + ts, te - ts);
	if (writer == NULL && s->li.writer[0] != '\0')
		writer = s->li.writer;
	if (writer == NULL && s->block_writer[0] != '\0')
		writer = s->block_writer;
	p->writer = writer != NULL ? arena_add(&s->arena, writer, strlen(writer)) : NONE;
	if (s->li.host[0] != '\0')
		host = s->li.host;
	else if (s->block_host[0] != '\0')
		host = s->block_host;
	else if (s->event != NULL && s->event->computer != NULL)
		host = s->event->computer;
	else
		host = s->o.host;
	p->host = host != NULL ? arena_add(&s->arena, host, strlen(host)) : NONE;
	p->method = s->li.method[0] != '\0' ?
	    arena_add(&s->arena, s->li.method, strlen(s->li.method)) : NONE;
	p->f.value = value;
	p->f.form = form;
	p->f.path = s->path;
	p->f.line = s->event != NULL ? s->event_line : s->line;
	p->f.offset = s->buf_off + ms;
	p->f.match_len = me - ms;
	p->f.text_len = te - ts;
	p->f.time = s->li.time;
	p->f.nsec = s->li.nsec;
	p->f.event = s->event;
	resolved_copy(&p->f.r, text_resolve(s, value, s->li.method_m));
	p->f.r.win32_first = form == FORM_WIN32;
}

/* Does the value's resolution rest only on NTSTATUS names (no HRESULT meaning)? */
int
text_nt_only(const struct resolved *r)
{
	int	i;

	if (r->nnames == 0)
		return 0;
	for (i = 0; i < r->nnames; i++) {
		if (r->names[i]->ns != DB_NS_NTSTATUS)
			return 0;
	}
	return 1;
}


/* Decides whether a value found at [ms, me) is reported (how: CONSIDER_*), and queues it. */
void
text_consider(struct scanner *s, uint32_t v, enum finding_form form, size_t ms, size_t me,
    size_t lo, size_t hi, int how)
{
	const struct resolved	*r;
	size_t			 ls = line_begin(s, ms), le = line_end(s, me, hi);
	int			 unvouched = 0;

	if (s->li.line != s->line)
		text_lineinfo_reset(s);
	r = text_resolve(s, v, NULL);
	if (!CODE_FAILED(v)) {
		/* success codes only when the database names them as VSS codes */
		if (r->nnames == 0 || r->names[0]->ns != DB_NS_VSS)
			return;
	} else if (!s->o.all_codes) {
		if (!r->known && !(how & CONSIDER_INTRO))
			return;
		/* unknown codes and NTSTATUS values need a word about VSS in their record */
		if (!r->known || text_nt_only(r) || (how & CONSIDER_VOUCH))
			unvouched = !text_vss_context(s, ls, le);
	}
	text_add_finding(s, v, form, ms, me, ls, le, lo, NULL, unvouched);
}


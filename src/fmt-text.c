/* fmt-text.c: the text format: the report for people, a section per guidance group, at most 80 columns. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "tstamp.h"
#include "wrap.h"
#include "xalloc.h"

#define WIDTH	80
#define COL	12

/* ANSI colours of the group headings, by class id; others are bold only. */
static const char *
color_of(const char *id)
{
	static const struct {
		const char	*id, *sgr;
	} colors[] = {
		{ "exhausted", "1;31" }, { "transient", "1;33" }, { "busy", "1;33" },
		{ "reboot", "1;35" }, { "fix", "1;31" }, { "requester", "1;36" },
		{ "investigate", "1;34" }, { "unknown", "1;37" }, { "info", "1;32" },
	};
	size_t	i;

	for (i = 0; i < sizeof colors / sizeof colors[0]; i++) {
		if (strcmp(colors[i].id, id) == 0)
			return colors[i].sgr;
	}
	return "1";
}

/* Writes a labelled list joined by ", " (a "," or ";" in a string reads as one too). */
static void
text_list(FILE *f, const char *label, const struct strset *s)
{
	size_t	len = 1, i;
	char	*line, *q;
	const char *p;

	if (s->n == 0)
		return;
	for (i = 0; i < s->n; i++)
		len += strlen(s->v[i]) * 2 + 2;
	q = line = xmalloc(len);
	for (i = 0; i < s->n; i++) {
		if (i > 0) {
			*q++ = ',';
			*q++ = ' ';
		}
		for (p = s->v[i]; *p != '\0'; p++) {
			*q++ = *p == ';' ? ',' : *p;
			if (*p == ',' || *p == ';')
				*q++ = ' ';
		}
	}
	*q = '\0';
	wrap_field(f, 2, label, COL, line, WIDTH);
	free(line);
}

static void
text_chain(FILE *f, const struct cell *c, int *first)
{
	char	 when[40], last[40], *line;
	char	 who[600];

	snprintf(who, sizeof who, "%s%s%s", c->host ? c->host : "(no host)",
	    c->writer ? ", writer " : "", c->writer ? c->writer : "");
	if (c->ntimes > 0)
		tstamp_format(c->times[c->ntimes - 1], 0, last, sizeof last);
	switch (c->state) {
	case CHAIN_EXHAUSTED:
		line = xasprintf("%s: all %d retries failed (last failure %s)", who,
		    c->class->max_retries, c->ntimes ? last : "at an unknown time");
		break;
	case CHAIN_DUE:
		line = c->ntimes == 0 ?
		    xasprintf("%s: retry %d of %d is due now (failure times unknown)", who,
		    c->retries + 1, c->class->max_retries) :
		    xasprintf("%s: retry %d of %d is due now (last failure %s)", who,
		    c->retries + 1, c->class->max_retries, last);
		break;
	case CHAIN_WAIT:
		tstamp_format(c->next_at, 0, when, sizeof when);
		line = xasprintf("%s: wait until %s, then retry (%d of %d)", who, when,
		    c->retries + 1, c->class->max_retries);
		break;
	default:
		return;
	}
	if (c->too_soon > 0 || c->earlier > 0) {
		char	*more = xasprintf("%s;%s%s%s", line,
		    c->too_soon ? " retried too soon " : "",
		    c->too_soon ? (c->too_soon == 1 ? "once" : "more than once") : "",
		    c->earlier ? " (earlier failures older than the retry window were "
		    "counted apart)" : "");

		free(line);
		line = more;
	}
	wrap_field(f, 2, *first ? "Retry" : "", COL, line, WIDTH);
	*first = 0;
	free(line);
}

static void
text_code(FILE *f, const struct rcode *c)
{
	const struct resolved	*res = c->r;
	const char		*name = resolved_name(res);
	char			 a[40], b[40], *s;
	size_t			 i;
	int			 head = 1;

	if (name == NULL)
		name = res->code && res->code->title ? res->code->title : "(no name)";
	s = xasprintf("(%ld finding%s)", c->count, c->count == 1 ? "" : "s");
	if (COL + strlen(name) + 2 + strlen(s) <= WIDTH)
		fprintf(f, "\n0x%08X  %s  %s\n", c->value, name, s);
	else {
		/* a long title: wrapped under itself, the count on a line of its own */
		fprintf(f, "\n0x%08X  ", c->value);
		wrap(f, name, COL, COL, WIDTH);
		fprintf(f, "%*s%s\n", COL, "", s);
	}
	free(s);
	if (res->code != NULL)
		wrap_field(f, 2, "Meaning", COL, res->code->description, WIDTH);
	else
		wrap_field(f, 2, "Meaning", COL, "vssexplain knows no meaning for this code; "
		    "see 'vssexplain explain' for its layout", WIDTH);
	if (c->first != TSTAMP_NONE) {
		tstamp_format(c->first, 0, a, sizeof a);
		tstamp_format(c->last, 0, b, sizeof b);
		s = c->first == c->last ? xasprintf("%s", a) : xasprintf("%s to %s", a, b);
		wrap_field(f, 2, "Seen", COL, s, WIDTH);
		free(s);
	}
	text_list(f, "Hosts", &c->hosts);
	text_list(f, "Writers", &c->writers);
	text_list(f, "Methods", &c->methods);
	for (i = 0; i < c->ncells; i++)
		text_chain(f, c->cells[i], &head);
	for (i = 0, head = 1; i < c->nsources; i++) {
		wrap_field(f, 2, head ? "Sources" : "", COL, c->sources[i], WIDTH);
		head = 0;
	}
	if (c->more_sources > 0) {
		s = xasprintf("and %ld more", c->more_sources);
		wrap_field(f, 2, "", COL, s, WIDTH);
		free(s);
	}
}

/* The summary: findings and codes per group, then findings per host. */
static void
text_summary(FILE *f, const struct report_view *v)
{
	char	*line = NULL, *old;
	size_t	 i;

	fprintf(f, "\nSummary\n");
	for (i = 0; i < v->ngroups; i++) {
		const struct rgroup	*g = &v->groups[i];

		fprintf(f, "  %-12s %5ld finding%s %3zu code%s  %s\n", g->g->id, g->findings,
		    g->findings == 1 ? " " : "s", g->ncodes, g->ncodes == 1 ? " " : "s",
		    g->g->title);
	}
	if (v->nhosts == 0)
		return;
	for (i = 0; i < v->nhosts; i++) {
		old = line;
		line = xasprintf("%s%s%s %ld", old ? old : "", old ? ", " : "", v->hosts[i].name,
		    v->hosts[i].count);
		free(old);
	}
	wrap_field(f, 2, "Hosts", 15, line, WIDTH);
	free(line);
}

/*
 * The sections of --by: for each host or writer, its findings and the codes
 * seen with it, one a line in report order (count, class, code, name).
 */
static void
text_by(FILE *f, const struct report_view *v, enum report_by by)
{
	const char	*what = by == REPORT_BY_HOST ? "host" : "writer";
	struct rby	*s;
	size_t		 n, i, k;
	char		*line, count[48];
	int		 col;

	s = report_by(v, by, &n);
	if (v->color)
		fprintf(f, "\n\033[1m== By %s ==\033[0m\n", what);
	else
		fprintf(f, "\n== By %s ==\n", what);
	for (i = 0; i < n; i++) {
		if (s[i].findings > 0 || !s[i].partial)
			snprintf(count, sizeof count, "%s%ld finding%s", s[i].partial ?
			    "at least " : "", s[i].findings, s[i].findings == 1 ? "" : "s");
		else
			snprintf(count, sizeof count, "findings not counted");
		line = xasprintf("%s%s: %s, %zu code%s", s[i].name != NULL ? s[i].name :
		    "(no ", s[i].name != NULL ? "" : by == REPORT_BY_HOST ? "host)" :
		    "writer)", count, s[i].ncodes, s[i].ncodes == 1 ? "" : "s");
		fputc('\n', f);
		wrap(f, line, 0, 2, WIDTH);
		free(line);
		for (k = 0; k < s[i].ncodes; k++) {
			const struct rby_code	*c = &s[i].codes[k];
			const char		*name = resolved_name(c->code->r);

			if (name == NULL)
				name = c->code->r->code && c->code->r->code->title ?
				    c->code->r->code->title : "(no name)";
			if (c->count >= 0)
				snprintf(count, sizeof count, "%ld", c->count);
			else
				snprintf(count, sizeof count, "-");
			col = fprintf(f, "  %6s  %-11s 0x%08X  ", count, c->code->group->id,
			    c->code->value);
			wrap(f, name, col, 34, WIDTH);
		}
	}
	report_by_free(s, n);
}

static void
text_write(FILE *f, const struct report_view *v)
{
	char	buf[40], *s;
	size_t	gi, i;

	tstamp_format(v->at, 0, buf, sizeof buf);
	fprintf(f, "vssexplain report, %s\n", buf);
	fprintf(f, "%zu input%s scanned, %zu with errors; %ld finding%s.\n", v->ninputs,
	    v->ninputs == 1 ? "" : "s", v->input_errors, v->findings,
	    v->findings == 1 ? "" : "s");
	if (v->findings == 0) {
		fprintf(f, "No VSS or backup error codes were found.\n");
		return;
	}
	text_summary(f, v);
	for (gi = 0; gi < v->ngroups; gi++) {
		const struct db_guidance	*g = v->groups[gi].g;

		s = xasprintf("%s (%s)", g->title, g->id);
		if (v->color)
			fprintf(f, "\n\033[%sm== %s ==\033[0m\n", color_of(g->id), s);
		else
			fprintf(f, "\n== %s ==\n", s);
		free(s);
		wrap(f, g->advice, 0, 0, WIDTH);
		if (g->wait_minutes >= 0) {
			s = xasprintf("Retry policy: wait %d minutes between attempts, at most %d "
			    "retries.", g->wait_minutes, g->max_retries);
			wrap(f, s, 0, 0, WIDTH);
			free(s);
		}
		for (i = 0; i < v->groups[gi].ncodes; i++)
			text_code(f, v->groups[gi].codes[i]);
	}
	if (v->by & REPORT_BY_HOST)
		text_by(f, v, REPORT_BY_HOST);
	if (v->by & REPORT_BY_WRITER)
		text_by(f, v, REPORT_BY_WRITER);
}

const struct fmt	fmt_text = {
	"text", "the report for people (default)", 0, NULL, NULL, text_write, NULL
};

/* fmt-oneline.c: the oneline format: the report in one line, for an e-mail subject or a status bar. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "tstamp.h"
#include "xalloc.h"

static void
tally_code(struct fmt_tally *t, const struct rcode *c)
{
	size_t	i;

	if (c->chains && c->ncells > 0) {
		for (i = 0; i < c->ncells; i++) {
			const struct cell	*x = c->cells[i];

			if (x->state == CHAIN_EXHAUSTED)
				t->exhausted++;
			else if (x->state == CHAIN_DUE)
				t->due++;
			else if (x->state == CHAIN_WAIT) {
				t->waiting++;
				if (t->next == TSTAMP_NONE || x->next_at < t->next)
					t->next = x->next_at;
			}
		}
	} else if (strcmp(c->group->id, "exhausted") == 0)
		t->exhausted++;
	else if (strcmp(c->group->id, "fix") == 0)
		t->fix++;
	else if (strcmp(c->group->id, "info") != 0)
		t->check++;
}

/* Appends ", TEXT" (or TEXT first) to *line. */
static void
add(char **line, char *text)
{
	char	*old = *line;

	*line = xasprintf("%s%s%s", old != NULL ? old : "", old != NULL ? ", " : "", text);
	free(old);
	free(text);
}

/* A time for the line: only the hour when it is within a day of the report's time. */
static void
short_time(int64_t t, int64_t at, char *buf, size_t size)
{
	char	iso[40];

	tstamp_format(t, 0, iso, sizeof iso);	/* 2024-05-14T02:22:00Z */
	if (t >= at && t - at < 86400)
		snprintf(buf, size, "%.5s UTC", iso + 11);
	else
		snprintf(buf, size, "%.10s %.5s UTC", iso, iso + 11);
}

void
fmt_tally(const struct report_view *v, struct fmt_tally *t)
{
	size_t	i;

	memset(t, 0, sizeof *t);
	t->next = TSTAMP_NONE;
	for (i = 0; i < v->ncodes; i++)
		tally_code(t, &v->codes[i]);
}

char *
fmt_oneline_text(const struct report_view *v)
{
	struct fmt_tally	 t;
	char			*line = NULL, when[40], *s;

	fmt_tally(v, &t);
	if (t.exhausted > 0)
		add(&line, xasprintf("%ld exhausted", t.exhausted));
	if (t.due > 0)
		add(&line, xasprintf("%ld %s due", t.due, t.due == 1 ? "retry" : "retries"));
	if (t.waiting > 0) {
		short_time(t.next, v->at, when, sizeof when);
		add(&line, xasprintf("%ld waiting until %s", t.waiting, when));
	}
	if (t.fix > 0)
		add(&line, xasprintf("%ld to fix", t.fix));
	if (t.check > 0)
		add(&line, xasprintf("%ld to check", t.check));
	if (line == NULL)
		line = xstrdup(v->findings > 0 ? "only success or information codes" :
		    "no VSS failures");
	else if (v->nhosts > 0) {
		s = xasprintf("%s on %zu host%s", line, v->nhosts, v->nhosts == 1 ? "" : "s");
		free(line);
		line = s;
	}
	if (v->input_errors > 0)
		add(&line, xasprintf("%zu input%s with errors", v->input_errors,
		    v->input_errors == 1 ? "" : "s"));
	return line;
}

static void
oneline_write(FILE *f, const struct report_view *v)
{
	char	*line = fmt_oneline_text(v);

	fprintf(f, "vssexplain: %s\n", line);
	free(line);
}

const struct fmt	fmt_oneline = {
	"oneline", "the report in one line, for a mail subject", 0, NULL, NULL,
	oneline_write, NULL
};

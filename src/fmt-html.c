/*
 * fmt-html.c: the html format: one self-contained page (inline CSS and SVG,
 * no script, nothing loaded from elsewhere) for a browser or an HTML e-mail.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "inert.h"
#include "tstamp.h"
#include "xalloc.h"

/* The timeline's geometry, in SVG user units (pixels). */
#define TL_LABEL	190	/* the host names on the left */
#define TL_PLOT		600	/* the time axis */
#define TL_ROW		22
#define TL_TOP		10
#define TL_AXIS		38	/* below the rows: ticks and their times */
#define TL_TICKS	4	/* intervals between the times on the axis */
#define TL_CHARS	28	/* of a host name in the chart; a longer one is cut */

/* The colour of a guidance class, by id; a class of local rules is grey. */
static const char *
class_color(const char *id)
{
	static const struct {
		const char	*id, *rgb;
	} colors[] = {
		{ "exhausted", "#8b1a1a" }, { "transient", "#e6a100" }, { "busy", "#e06c00" },
		{ "reboot", "#8e3fa8" }, { "fix", "#d93025" }, { "requester", "#00838f" },
		{ "investigate", "#1e6fd9" }, { "unknown", "#6b6b6b" }, { "info", "#2e8b3e" },
	};
	size_t	i;

	for (i = 0; i < sizeof colors / sizeof colors[0]; i++) {
		if (strcmp(colors[i].id, id) == 0)
			return colors[i].rgb;
	}
	return "#9e9e9e";
}

/*
 * Writes text as HTML: made inert first (no control character, no invalid
 * UTF-8 reaches the page), then & < > " and ' as character references, so
 * it is safe in element content and in quoted attribute values alike.
 */
static void
html_str(FILE *f, const char *s)
{
	char	*safe = inert_dup(s, 0), *p;

	for (p = safe; *p != '\0'; p++) {
		switch (*p) {
		case '&':
			fputs("&amp;", f);
			break;
		case '<':
			fputs("&lt;", f);
			break;
		case '>':
			fputs("&gt;", f);
			break;
		case '"':
			fputs("&quot;", f);
			break;
		case '\'':
			fputs("&#39;", f);
			break;
		default:
			fputc(*p, f);
		}
	}
	free(safe);
}

static void
html_time(FILE *f, int64_t t)
{
	char	buf[40];

	tstamp_format(t, 0, buf, sizeof buf);
	fputs(buf, f);
}

/* A colour swatch for a class. */
static void
html_swatch(FILE *f, const struct db_guidance *g)
{
	fprintf(f, "<span class=\"sw\" style=\"background:%s\"></span>", class_color(g->id));
}

static const char	html_style[] =
	"body{font-family:Arial,Helvetica,sans-serif;color:#1f1f1f;background:#fff;"
	"max-width:62em;margin:1em auto;padding:0 1em;line-height:1.4}\n"
	"h1{font-size:1.5em;margin:0 0 .3em}\n"
	"h2{font-size:1.25em;border-bottom:2px solid #ddd;margin:1.6em 0 .5em}\n"
	"h3{font-size:1.1em;margin:1.4em 0 .3em}\n"
	"h4{font-size:1em;margin:1.2em 0 .3em}\n"
	"table{border-collapse:collapse;margin:.4em 0}\n"
	"th,td{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}\n"
	"th{background:#f3f3f3}\n"
	"td.n{text-align:right}\n"
	"td.g{white-space:nowrap}\n"
	"table.kv th{width:6em;background:#fafafa}\n"
	".lead{font-size:1.15em;font-weight:bold}\n"
	".sw{display:inline-block;width:.8em;height:.8em;margin-right:.4em;border-radius:2px}\n"
	"code,.src{font-family:Consolas,Menlo,monospace}\n"
	".src{font-size:.9em;word-break:break-all}\n"
	"ul{margin:0;padding-left:1.2em}\n"
	".muted{color:#666}\n";

/* Where a retry chain stands, in words. */
static void
html_chain_state(FILE *f, const struct cell *c)
{
	switch (c->state) {
	case CHAIN_EXHAUSTED:
		fprintf(f, "all %d retries failed", c->class->max_retries);
		break;
	case CHAIN_DUE:
		fprintf(f, "retry %d of %d due now", c->retries + 1, c->class->max_retries);
		break;
	case CHAIN_WAIT:
		fputs("wait until ", f);
		html_time(f, c->next_at);
		fprintf(f, ", then retry %d of %d", c->retries + 1, c->class->max_retries);
		break;
	default:
		break;
	}
}

/* The summary table: per group its codes and findings, and for retry chains where they stand. */
static void
html_summary(FILE *f, const struct report_view *v)
{
	size_t	gi, i, k;

	fputs("<h2 id=\"summary\">Summary by guidance</h2>\n<table>\n<tr><th>Guidance</th>"
	    "<th>Codes</th><th>Findings</th><th>Retries</th></tr>\n", f);
	for (gi = 0; gi < v->ngroups; gi++) {
		const struct rgroup	*g = &v->groups[gi];
		long			 due = 0, wait = 0, ex = 0;
		int64_t			 next = TSTAMP_NONE;

		for (i = 0; i < g->ncodes; i++) {
			for (k = 0; g->codes[i]->chains && k < g->codes[i]->ncells; k++) {
				const struct cell	*c = g->codes[i]->cells[k];

				due += c->state == CHAIN_DUE;
				ex += c->state == CHAIN_EXHAUSTED;
				if (c->state == CHAIN_WAIT) {
					wait++;
					if (next == TSTAMP_NONE || c->next_at < next)
						next = c->next_at;
				}
			}
		}
		fputs("<tr><td>", f);
		html_swatch(f, g->g);
		fputs("<a href=\"#g-", f);
		html_str(f, g->g->id);
		fputs("\">", f);
		html_str(f, g->g->title);
		fputs("</a> <span class=\"muted\">(", f);
		html_str(f, g->g->id);
		fprintf(f, ")</span></td><td class=\"n\">%zu</td><td class=\"n\">%ld</td><td>",
		    g->ncodes, g->findings);
		if (ex > 0)
			fprintf(f, "%ld exhausted", ex);
		if (due > 0)
			fprintf(f, "%s%ld due now", ex ? "; " : "", due);
		if (wait > 0) {
			fprintf(f, "%s%ld waiting until ", ex || due ? "; " : "", wait);
			html_time(f, next);
		}
		fputs("</td></tr>\n", f);
	}
	fputs("</table>\n", f);
}

/* Writes a host name in the chart: cut at TL_CHARS characters, whole in its tooltip. */
static void
tl_label(FILE *f, const char *name)
{
	char	*cut = inert_dup(name, 0);
	size_t	 n = strlen(cut), i = 0, chars = 0, len;

	while (i < n && chars < TL_CHARS) {
		len = inert_utf8_len((const unsigned char *)cut + i, n - i);
		i += len > 0 ? len : 1;		/* inert text is valid UTF-8 */
		chars++;
	}
	if (i < n) {
		fputs("<title>", f);
		html_str(f, cut);
		fputs("</title>", f);
		cut[i] = '\0';
		html_str(f, cut);
		fputs("\xe2\x80\xa6", f);	/* U+2026, an ellipsis */
	} else
		html_str(f, cut);
	free(cut);
}

/* The row of a host in the timeline: its index in the view's hosts, or the last row (no host). */
static size_t
tl_row(const struct report_view *v, const char *host)
{
	size_t	i;

	for (i = 0; host != NULL && i < v->nhosts; i++) {
		if (strcmp(v->hosts[i].name, host) == 0)
			return i;
	}
	return v->nhosts;
}

static double
tl_x(int64_t t, int64_t lo, int64_t hi)
{
	return TL_LABEL + 40 + (double)(t - lo) * (TL_PLOT - 80) / (double)(hi - lo);
}

/* Does a code have findings that name no host? */
static int
hostless(const struct rcode *c)
{
	long	rest = c->count;
	size_t	i;

	for (i = 0; i < c->nhost_counts; i++)
		rest -= c->host_counts[i].count;
	return rest > 0;
}

/*
 * One mark of the timeline with its tooltip: a dot at first, and when last
 * differs a bar to last, with a dot at its end too when the times are this
 * host's own (dots: the times are the host's; a bar alone: the code's).
 */
static void
tl_mark(FILE *f, const struct rcode *c, const char *host, int64_t first, int64_t last,
    int dots, double y, int64_t lo, int64_t hi)
{
	const char	*rgb = class_color(c->group->id);
	const char	*name = resolved_name(c->r);

	fprintf(f, "<g><title>0x%08X ", c->value);
	html_str(f, name != NULL ? name : "");
	fputs(" (", f);
	html_str(f, c->group->id);
	fputs(") on ", f);
	html_str(f, host != NULL ? host : "no host");
	fputs(dots ? ", " : ", the code from ", f);
	html_time(f, first);
	if (last != first) {
		fputs(" to ", f);
		html_time(f, last);
	}
	fputs("</title>", f);
	if (last != first)
		fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
		    "stroke-width=\"4\" stroke-opacity=\"0.5\"/>", tl_x(first, lo, hi), y,
		    tl_x(last, lo, hi), y, rgb);
	if (dots || last == first)
		fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"5\" fill=\"%s\"/>",
		    tl_x(first, lo, hi), y, rgb);
	if (dots && last != first)
		fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"5\" fill=\"%s\"/>",
		    tl_x(last, lo, hi), y, rgb);
	fputs("</g>\n", f);
}

/*
 * The marks of one code: each failure of a retry chain; else its first to
 * last finding on each of its hosts, which are that host's own times only
 * when the code was found on one host.
 */
static void
tl_code(FILE *f, const struct report_view *v, const struct rcode *c, int64_t lo, int64_t hi)
{
	size_t	i, k;
	int	one;

	if (c->chains) {
		for (i = 0; i < c->ncells; i++) {
			const struct cell	*x = c->cells[i];
			double			 y = TL_TOP + TL_ROW * (tl_row(v, x->host) + 0.5);

			for (k = 0; k < x->ntimes; k++)
				tl_mark(f, c, x->host, x->times[k], x->times[k], 1, y, lo, hi);
		}
		return;
	}
	if (c->first == TSTAMP_NONE)
		return;
	one = c->nhost_counts + (hostless(c) ? 1 : 0) == 1;
	for (i = 0; i < c->nhost_counts; i++)
		tl_mark(f, c, c->host_counts[i].name, c->first, c->last, one,
		    TL_TOP + TL_ROW * (tl_row(v, c->host_counts[i].name) + 0.5), lo, hi);
	if (hostless(c))
		tl_mark(f, c, NULL, c->first, c->last, one, TL_TOP + TL_ROW * (v->nhosts + 0.5),
		    lo, hi);
}

/*
 * The timeline: a row per host (and one for findings that name none), the
 * failures on it over time coloured by class.  A retry chain shows each
 * failure; a code without a retry policy a bar from its first to its last
 * finding, which is all the report keeps of it.
 */
static void
html_timeline(FILE *f, const struct report_view *v)
{
	int64_t	lo = TSTAMP_NONE, hi = TSTAMP_NONE;
	size_t	rows, i, k;
	int	none = 0, height;
	char	buf[40];

	for (i = 0; i < v->ncodes; i++) {
		if (v->codes[i].first == TSTAMP_NONE)
			continue;
		if (lo == TSTAMP_NONE || v->codes[i].first < lo)
			lo = v->codes[i].first;
		if (hi == TSTAMP_NONE || v->codes[i].last > hi)
			hi = v->codes[i].last;
		none |= hostless(&v->codes[i]);
	}
	for (i = 0; i < v->ncodes; i++) {
		for (k = 0; v->codes[i].chains && k < v->codes[i].ncells; k++) {
			const struct cell	*x = v->codes[i].cells[k];

			none |= x->ntimes > 0 && tl_row(v, x->host) == v->nhosts;
		}
	}
	fputs("<h2 id=\"timeline\">Timeline</h2>\n", f);
	if (lo == TSTAMP_NONE) {
		fputs("<p>No finding carries a time.</p>\n", f);
		return;
	}
	if (hi - lo < 3600) {	/* a single moment: an hour around it */
		lo -= 1800;
		hi = lo + 3600;
	}
	rows = v->nhosts + (none ? 1 : 0);
	height = TL_TOP + TL_ROW * (int)rows + TL_AXIS;
	fprintf(f, "<svg width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" "
	    "aria-label=\"failures over time per host\" font-family=\"Arial,Helvetica,sans-serif\" "
	    "font-size=\"12\">\n", TL_LABEL + TL_PLOT, height, TL_LABEL + TL_PLOT, height);
	for (i = 0; i < rows; i++) {
		int	y = TL_TOP + TL_ROW * (int)i;

		fprintf(f, "<rect x=\"0\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>",
		    y, TL_LABEL + TL_PLOT, TL_ROW, i % 2 ? "#ffffff" : "#f4f4f4");
		fprintf(f, "<text x=\"4\" y=\"%d\">", y + TL_ROW - 7);
		tl_label(f, i < v->nhosts ? v->hosts[i].name : "(no host)");
		fputs("</text>\n", f);
	}
	for (i = 0; i <= TL_TICKS; i++) {
		int64_t	t = lo + (hi - lo) * (int64_t)i / TL_TICKS;
		double	x = tl_x(t, lo, hi);
		int	y = TL_TOP + TL_ROW * (int)rows;

		tstamp_format(t, 0, buf, sizeof buf);
		fprintf(f, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#bbb\"/>"
		    "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%.10s</text>"
		    "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%.5s</text>\n", x, TL_TOP,
		    x, y + 4, x, y + 16, buf, x, y + 30, buf + 11);
	}
	/* the most urgent classes last, so that they are drawn on top */
	for (i = v->ncodes; i > 0; i--)
		tl_code(f, v, &v->codes[i - 1], lo, hi);
	fputs("</svg>\n<p>", f);
	for (i = 0; i < v->ngroups; i++) {
		html_swatch(f, v->groups[i].g);
		html_str(f, v->groups[i].g->id);
		fputs(i + 1 < v->ngroups ? " &nbsp; " : "", f);
	}
	fputs("<br><span class=\"muted\">Times in UTC.  A dot is a failure on that host; a "
	    "bar without dots spans a code's first to last finding over all its hosts.</span>"
	    "</p>\n", f);
}

/* The findings of one code on one host (host NULL: those that name none). */
static long
host_count(const struct rcode *c, const char *host)
{
	long	rest = c->count;
	size_t	i;

	for (i = 0; i < c->nhost_counts; i++) {
		if (host != NULL && strcmp(c->host_counts[i].name, host) == 0)
			return c->host_counts[i].count;
		rest -= c->host_counts[i].count;
	}
	return host == NULL && rest > 0 ? rest : 0;
}

static void
html_code_name(FILE *f, const struct rcode *c)
{
	const char	*name = resolved_name(c->r);

	if (name == NULL && c->r->code != NULL)
		name = c->r->code->title;
	html_str(f, name != NULL ? name : "(no name)");
}

/* The table of one host: a row per code found on it, with its chains there. */
static void
html_host(FILE *f, const struct report_view *v, const char *host)
{
	size_t	i, k;
	long	n;

	fputs("<h3>", f);
	html_str(f, host != NULL ? host : "(no host)");
	fputs("</h3>\n<table>\n<tr><th>Code</th><th>Name</th><th>Guidance</th>"
	    "<th>Findings</th><th>Retries</th></tr>\n", f);
	for (i = 0; i < v->ncodes; i++) {
		const struct rcode	*c = &v->codes[i];
		int			 first = 1;

		if ((n = host_count(c, host)) == 0)
			continue;
		fputs("<tr><td><code><a href=\"#c-", f);
		html_str(f, c->group->id);
		fprintf(f, "-%08X\">0x%08X</a></code></td><td>", c->value, c->value);
		html_code_name(f, c);
		fputs("</td><td class=\"g\">", f);
		html_swatch(f, c->group);
		html_str(f, c->group->id);
		fprintf(f, "</td><td class=\"n\">%ld</td><td>", n);
		for (k = 0; c->chains && k < c->ncells; k++) {
			const struct cell	*x = c->cells[k];

			if ((x->host == NULL) != (host == NULL) ||
			    (host != NULL && strcmp(x->host, host) != 0) || x->state == CHAIN_NONE)
				continue;
			fputs(first ? "" : "<br>", f);
			if (x->writer != NULL) {
				html_str(f, x->writer);
				fputs(": ", f);
			}
			html_chain_state(f, x);
			first = 0;
		}
		fputs("</td></tr>\n", f);
	}
	fputs("</table>\n", f);
}

static void
html_hosts(FILE *f, const struct report_view *v)
{
	size_t	i;
	int	none = 0;

	fputs("<h2 id=\"hosts\">Hosts</h2>\n", f);
	for (i = 0; i < v->nhosts; i++)
		html_host(f, v, v->hosts[i].name);
	for (i = 0; i < v->ncodes; i++)
		none |= host_count(&v->codes[i], NULL) > 0;
	if (none)
		html_host(f, v, NULL);
}

/* A row of a code's table holding a list; nothing when the list is empty. */
static void
html_set(FILE *f, const char *label, const struct strset *s)
{
	size_t	i;

	if (s->n == 0)
		return;
	fprintf(f, "<tr><th>%s</th><td>", label);
	for (i = 0; i < s->n; i++) {
		fputs(i > 0 ? ", " : "", f);
		html_str(f, s->v[i]);
	}
	fputs("</td></tr>\n", f);
}

static void
html_code(FILE *f, const struct rcode *c)
{
	size_t	i;

	fputs("<h4 id=\"c-", f);
	html_str(f, c->group->id);
	fprintf(f, "-%08X\"><code>0x%08X</code> ", c->value, c->value);
	html_code_name(f, c);
	fprintf(f, " <span class=\"muted\">(%ld finding%s)</span></h4>\n<table class=\"kv\">\n",
	    c->count, c->count == 1 ? "" : "s");
	fputs("<tr><th>Meaning</th><td>", f);
	html_str(f, c->r->code != NULL ? c->r->code->description :
	    "vssexplain knows no meaning for this code; see 'vssexplain explain' for its layout");
	fputs("</td></tr>\n", f);
	if (c->first != TSTAMP_NONE) {
		fputs("<tr><th>Seen</th><td>", f);
		html_time(f, c->first);
		if (c->last != c->first) {
			fputs(" to ", f);
			html_time(f, c->last);
		}
		fputs("</td></tr>\n", f);
	}
	html_set(f, "Hosts", &c->hosts);
	html_set(f, "Writers", &c->writers);
	html_set(f, "Methods", &c->methods);
	if (c->chains && c->ncells > 0) {
		fputs("<tr><th>Retries</th><td><ul>\n", f);
		for (i = 0; i < c->ncells; i++) {
			const struct cell	*x = c->cells[i];

			fputs("<li>", f);
			html_str(f, x->host != NULL ? x->host : "(no host)");
			if (x->writer != NULL) {
				fputs(", writer ", f);
				html_str(f, x->writer);
			}
			fputs(": ", f);
			html_chain_state(f, x);
			if (x->ntimes > 0) {
				fputs(" (last failure ", f);
				html_time(f, x->times[x->ntimes - 1]);
				fputs(")", f);
			} else
				fputs(" (failure times unknown)", f);
			if (x->too_soon > 0)
				fputs("; retried too soon", f);
			fputs("</li>\n", f);
		}
		fputs("</ul></td></tr>\n", f);
	}
	if (c->nsources > 0) {
		fputs("<tr><th>Sources</th><td><ul class=\"src\">\n", f);
		for (i = 0; i < c->nsources; i++) {
			fputs("<li>", f);
			html_str(f, c->sources[i]);
			fputs("</li>\n", f);
		}
		if (c->more_sources > 0)
			fprintf(f, "<li>and %ld more</li>\n", c->more_sources);
		fputs("</ul></td></tr>\n", f);
	}
	fputs("</table>\n", f);
}

/* Per group its advice and retry policy, then each of its codes. */
static void
html_codes(FILE *f, const struct report_view *v)
{
	size_t	gi, i;

	fputs("<h2 id=\"codes\">Codes</h2>\n", f);
	for (gi = 0; gi < v->ngroups; gi++) {
		const struct db_guidance	*g = v->groups[gi].g;

		fputs("<h3 id=\"g-", f);
		html_str(f, g->id);
		fputs("\">", f);
		html_swatch(f, g);
		html_str(f, g->title);
		fputs(" <span class=\"muted\">(", f);
		html_str(f, g->id);
		fputs(")</span></h3>\n<p>", f);
		html_str(f, g->advice);
		if (g->wait_minutes >= 0)
			fprintf(f, " Retry policy: wait %d minutes between attempts, at most %d "
			    "retries.", g->wait_minutes, g->max_retries);
		fputs("</p>\n", f);
		for (i = 0; i < v->groups[gi].ncodes; i++)
			html_code(f, v->groups[gi].codes[i]);
	}
}

static void
html_write(FILE *f, const struct report_view *v)
{
	char	*line = fmt_oneline_text(v);

	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	    "<title>vssexplain: ", f);
	html_str(f, line);
	fprintf(f, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<h1>vssexplain report, ",
	    html_style);
	html_time(f, v->at);
	fputs("</h1>\n<p class=\"lead\">", f);
	html_str(f, line);
	fprintf(f, "</p>\n<p>%zu input%s scanned, %zu with errors; %ld finding%s on %zu host%s.</p>\n",
	    v->ninputs, v->ninputs == 1 ? "" : "s", v->input_errors, v->findings,
	    v->findings == 1 ? "" : "s", v->nhosts, v->nhosts == 1 ? "" : "s");
	free(line);
	if (v->findings > 0) {
		html_summary(f, v);
		html_timeline(f, v);
		html_hosts(f, v);
		html_codes(f, v);
	} else
		fputs("<p>No VSS or backup error codes were found.</p>\n", f);
	fputs("</body>\n</html>\n", f);
}

const struct fmt	fmt_html = {
	"html", "one self-contained page for a browser or e-mail", 0, NULL, NULL,
	html_write, NULL
};

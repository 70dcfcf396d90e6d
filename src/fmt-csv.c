/* fmt-csv.c: the csv format (RFC 4180): a row per finding as it is found, or with --summary a row per code. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "tstamp.h"
#include "xalloc.h"

/* Writes one CSV field (RFC 4180: quoted when it holds a comma, quote or line end). */
static void
csv_field(FILE *f, const char *s, size_t n, int last)
{
	size_t	i;

	if (s == NULL)
		s = "", n = 0;
	if (n > 0 && (memchr(s, ',', n) || memchr(s, '"', n) || memchr(s, '\n', n) ||
	    memchr(s, '\r', n))) {
		fputc('"', f);
		for (i = 0; i < n; i++) {
			if (s[i] == '"')
				fputc('"', f);
			fputc(s[i], f);
		}
		fputc('"', f);
	} else
		fwrite(s, 1, n, f);
	fputs(last ? "\r\n" : ",", f);
}

static void
csv_str(FILE *f, const char *s, int last)
{
	csv_field(f, s, s != NULL ? strlen(s) : 0, last);
}

/* A time as a field; TSTAMP_NONE is empty. */
static void
csv_time(FILE *f, int64_t t, long nsec)
{
	char	buf[48];

	if (t != TSTAMP_NONE)
		tstamp_format(t, nsec, buf, sizeof buf);
	csv_str(f, t != TSTAMP_NONE ? buf : NULL, 0);
}

static void
csv_head(FILE *f)
{
	fputs("code,name,guidance,path,line,offset,time,host,writer,method,"
	    "event_id,record_id,match,text\r\n", f);
}

static void
csv_finding(FILE *f, const struct finding *x)
{
	char	buf[64];

	snprintf(buf, sizeof buf, "0x%08X", x->value);
	csv_str(f, buf, 0);
	csv_str(f, resolved_name(&x->r), 0);
	csv_str(f, x->r.guidance ? x->r.guidance->id : NULL, 0);
	csv_str(f, x->path, 0);
	snprintf(buf, sizeof buf, "%llu", (unsigned long long)x->line);
	csv_str(f, buf, 0);
	snprintf(buf, sizeof buf, "%llu", (unsigned long long)x->offset);
	csv_str(f, buf, 0);
	csv_time(f, x->time, x->nsec);
	csv_str(f, x->host, 0);
	csv_str(f, x->writer, 0);
	csv_str(f, x->method, 0);
	if (x->event != NULL) {
		snprintf(buf, sizeof buf, "%ld", x->event->event_id);
		csv_str(f, buf, 0);
		snprintf(buf, sizeof buf, "%lld", x->event->record_id);
		csv_str(f, x->event->record_id >= 0 ? buf : NULL, 0);
	} else {
		csv_str(f, NULL, 0);
		csv_str(f, NULL, 0);
	}
	csv_field(f, x->match, x->match_len, 0);
	csv_field(f, x->text, x->text_len, 1);
}

/* A list as one field, its strings joined with ";". */
static void
csv_set(FILE *f, const struct strset *s, int last)
{
	char	*list = NULL, *old;
	size_t	 i;

	for (i = 0; i < s->n; i++) {
		old = list;
		list = old != NULL ? xasprintf("%s;%s", old, s->v[i]) : xstrdup(s->v[i]);
		free(old);
	}
	csv_str(f, list, last);
	free(list);
}

static void
csv_summary(FILE *f, const struct report_view *v)
{
	size_t	i;

	fputs("guidance,code,name,count,first_seen,last_seen,hosts,writers,methods\r\n", f);
	for (i = 0; i < v->ncodes; i++) {
		const struct rcode	*c = &v->codes[i];
		char			 buf[48];

		csv_str(f, c->group->id, 0);
		snprintf(buf, sizeof buf, "0x%08X", c->value);
		csv_str(f, buf, 0);
		csv_str(f, resolved_name(c->r), 0);
		snprintf(buf, sizeof buf, "%ld", c->count);
		csv_str(f, buf, 0);
		csv_time(f, c->first, 0);
		csv_time(f, c->last, 0);
		csv_set(f, &c->hosts, 0);
		csv_set(f, &c->writers, 0);
		csv_set(f, &c->methods, 1);
	}
}

const struct fmt	fmt_csv = {
	"csv", "a finding a row", FMT_STREAMS | FMT_SUMMARY, csv_head, csv_finding, csv_summary
};

/* fmt-csv.c: the csv format (RFC 4180): a row per finding as it is found, or with --summary a row per code. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "inert.h"
#include "tstamp.h"
#include "xalloc.h"

#define CSV_TAB		1	/* a TAB may stand as it is (the text column) */
#define CSV_NUMBER	2	/* a number vssexplain wrote: no formula guard */

/*
 * Writes one CSV cell so that it is inert wherever it is opened: C0 control
 * characters (but TAB in the text column), DEL and the C1 controls become
 * \xNN and \u00NN, bytes that are not UTF-8 become \xNN; a cell that starts
 * with = + - @ TAB or CR (a formula to a spreadsheet) gets a leading single
 * quote, unless it is a number vssexplain wrote; and the cell is quoted (RFC
 * 4180) when it holds a comma, a quote or such a guard.
 */
static void
csv_cell(FILE *f, const char *str, size_t n, int flags, int last)
{
	const unsigned char	*s = (const unsigned char *)(str != NULL ? str : "");
	char			*out, *p;
	int			 quote = 0;

	if (str == NULL)
		n = 0;
	p = out = xmalloc(INERT_MAX(n) + 1);
	if (n > 0 && s[0] != '\0' && !(flags & CSV_NUMBER) && strchr("=+-@\t\r", s[0]) != NULL) {
		*p++ = '\'';
		quote = 1;
	}
	inert_copy(p, (const char *)s, n, flags & CSV_TAB ? INERT_TAB : 0);
	if (quote || strpbrk(out, ",\"") != NULL) {
		fputc('"', f);
		for (p = out; *p != '\0'; p++) {
			if (*p == '"')
				fputc('"', f);
			fputc(*p, f);
		}
		fputc('"', f);
	} else
		fputs(out, f);
	fputs(last ? "\r\n" : ",", f);
	free(out);
}

static void
csv_field(FILE *f, const char *s, size_t n, int last)
{
	csv_cell(f, s, n, 0, last);
}

static void
csv_str(FILE *f, const char *s, int last)
{
	csv_cell(f, s, s != NULL ? strlen(s) : 0, 0, last);
}

/* A number vssexplain wrote, as a field. */
static void
csv_num(FILE *f, const char *s, int last)
{
	csv_cell(f, s, s != NULL ? strlen(s) : 0, CSV_NUMBER, last);
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
	csv_num(f, buf, 0);
	snprintf(buf, sizeof buf, "%llu", (unsigned long long)x->offset);
	csv_num(f, buf, 0);
	csv_time(f, x->time, x->nsec);
	csv_str(f, x->host, 0);
	csv_str(f, x->writer, 0);
	csv_str(f, x->method, 0);
	if (x->event != NULL) {
		snprintf(buf, sizeof buf, "%ld", x->event->event_id);
		csv_num(f, buf, 0);
		snprintf(buf, sizeof buf, "%lld", x->event->record_id);
		csv_num(f, x->event->record_id >= 0 ? buf : NULL, 0);
	} else {
		csv_str(f, NULL, 0);
		csv_str(f, NULL, 0);
	}
	csv_field(f, x->match, x->match_len, 0);
	csv_cell(f, x->text, x->text_len, CSV_TAB, 1);
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
		csv_num(f, buf, 0);
		csv_time(f, c->first, 0);
		csv_time(f, c->last, 0);
		csv_set(f, &c->hosts, 0);
		csv_set(f, &c->writers, 0);
		csv_set(f, &c->methods, 1);
	}
}

const struct fmt	fmt_csv = {
	"csv", "a finding a row", FMT_STREAMS | FMT_SUMMARY, csv_head, csv_finding, csv_summary,
	NULL
};

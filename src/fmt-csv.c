/* fmt-csv.c: the csv format (RFC 4180): a row per finding as it is found, or with --summary a row per code. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "inert.h"
#include "json-out.h"
#include "tstamp.h"
#include "xalloc.h"

#define CSV_TAB		1	/* a TAB may stand as it is (the text column) */

/*
 * A row is gathered in the JSON writer's buffer, used as a plain one
 * (jw_lit: bytes as they are), and goes to the stream in one write at its
 * end or when it fills the buffer: a stdio call for each cell and each
 * separator cost more than the rest of the format (issue 16).
 */
/* Ends a cell: a comma, or the row's line end, and then the row goes out. */
static void
cell_end(struct jw *r, int last)
{
	if (last) {
		jw_lit(r, "\r\n", 2);
		jw_flush(r);
	} else
		JW_LIT(r, ",");
}

/*
 * Writes one CSV cell so that it is inert wherever it is opened: C0 control
 * characters (but TAB in the text column), DEL and the C1 controls become
 * \xNN and \u00NN, bytes that are not UTF-8 become \xNN; a cell that starts
 * with = + - @ TAB or CR (a formula to a spreadsheet) gets a leading single
 * quote; and the cell is quoted (RFC 4180) when it holds a comma, a quote or
 * such a guard.  The last cell of a row ends it and writes it out.  Numbers
 * vssexplain wrote (a negative one too) go out as they are: csv_num.
 */
static void
csv_cell(struct jw *r, const char *str, size_t n, int flags, int last)
{
	const unsigned char	*s = (const unsigned char *)(str != NULL ? str : "");
	char			 small[1024], *out, *p, *q, *end;
	size_t			 need, len;
	int			 quote = 0;

	if (str == NULL)
		n = 0;
	/* the cells of a row are short, but a log line may be long */
	need = INERT_MAX(n) + 1;
	out = need <= sizeof small ? small : xmalloc(need);
	p = out;
	if (n > 0 && s[0] != '\0' && strchr("=+-@\t\r", s[0]) != NULL) {
		*p++ = '\'';
		quote = 1;
	}
	len = (size_t)(p - out) + inert_copy(p, (const char *)s, n, flags & CSV_TAB ? INERT_TAB : 0);
	end = out + len;
	if (quote || memchr(out, ',', len) != NULL || memchr(out, '"', len) != NULL) {
		/* quoted, each quote doubled */
		JW_LIT(r, "\"");
		for (p = out; (q = memchr(p, '"', (size_t)(end - p))) != NULL; p = q + 1) {
			jw_lit(r, p, (size_t)(q + 1 - p));
			JW_LIT(r, "\"");
		}
		jw_lit(r, p, (size_t)(end - p));
		JW_LIT(r, "\"");
	} else
		jw_lit(r, out, len);
	if (out != small)
		free(out);
	cell_end(r, last);
}

static void
csv_field(struct jw *r, const char *s, size_t n, int last)
{
	csv_cell(r, s, n, 0, last);
}

static void
csv_str(struct jw *r, const char *s, int last)
{
	csv_cell(r, s, s != NULL ? strlen(s) : 0, 0, last);
}

/* A number vssexplain wrote, as a field: no guard, nothing to escape or quote. */
static void
csv_unum(struct jw *r, unsigned long long v, int last)
{
	char	buf[24], *p = buf + sizeof buf;

	do
		*--p = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	jw_lit(r, p, (size_t)(buf + sizeof buf - p));
	cell_end(r, last);
}

static void
csv_num(struct jw *r, long long v, int last)
{
	if (v < 0) {
		JW_LIT(r, "-");
		csv_unum(r, 0 - (unsigned long long)v, last);
	} else
		csv_unum(r, (unsigned long long)v, last);
}

/* A code as a field: 0x and eight upper-case hex digits. */
static void
csv_code(struct jw *r, uint32_t v)
{
	static const char	hexd[] = "0123456789ABCDEF";
	char			buf[11];
	int			i;

	buf[0] = '0';
	buf[1] = 'x';
	for (i = 0; i < 8; i++)
		buf[2 + i] = hexd[(v >> (28 - 4 * i)) & 0xF];
	buf[10] = ',';
	jw_lit(r, buf, sizeof buf);
}

/* A time as a field; TSTAMP_NONE is empty. */
static void
csv_time(struct jw *r, int64_t t, long nsec)
{
	char	buf[48];

	if (t != TSTAMP_NONE)
		tstamp_format(t, nsec, buf, sizeof buf);
	csv_str(r, t != TSTAMP_NONE ? buf : NULL, 0);
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
	struct jw	r;

	jw_init(&r, f, 0);
	csv_code(&r, x->value);
	csv_str(&r, resolved_name(&x->r), 0);
	csv_str(&r, x->r.guidance ? x->r.guidance->id : NULL, 0);
	csv_str(&r, x->path, 0);
	csv_unum(&r, (unsigned long long)x->line, 0);
	csv_unum(&r, (unsigned long long)x->offset, 0);
	csv_time(&r, x->time, x->nsec);
	csv_str(&r, x->host, 0);
	csv_str(&r, x->writer, 0);
	csv_str(&r, x->method, 0);
	if (x->event != NULL) {
		csv_num(&r, x->event->event_id, 0);
		if (x->event->record_id >= 0)
			csv_num(&r, x->event->record_id, 0);
		else
			csv_str(&r, NULL, 0);
	} else {
		csv_str(&r, NULL, 0);
		csv_str(&r, NULL, 0);
	}
	csv_field(&r, x->match, x->match_len, 0);
	csv_cell(&r, x->text, x->text_len, CSV_TAB, 1);
}

/* A list as one field, its strings joined with ";". */
static void
csv_set(struct jw *r, const struct strset *s, int last)
{
	char	*list = NULL, *old;
	size_t	 i;

	for (i = 0; i < s->n; i++) {
		old = list;
		list = old != NULL ? xasprintf("%s;%s", old, s->v[i]) : xstrdup(s->v[i]);
		free(old);
	}
	csv_str(r, list, last);
	free(list);
}

static void
csv_summary(FILE *f, const struct report_view *v)
{
	size_t	i;

	fputs("guidance,code,name,count,first_seen,last_seen,hosts,writers,methods\r\n", f);
	for (i = 0; i < v->ncodes; i++) {
		const struct rcode	*c = &v->codes[i];
		struct jw		 r;

		jw_init(&r, f, 0);
		csv_str(&r, c->group->id, 0);
		csv_code(&r, c->value);
		csv_str(&r, resolved_name(c->r), 0);
		csv_num(&r, c->count, 0);
		csv_time(&r, c->first, 0);
		csv_time(&r, c->last, 0);
		csv_set(&r, &c->hosts, 0);
		csv_set(&r, &c->writers, 0);
		csv_set(&r, &c->methods, 1);
	}
}

const struct fmt	fmt_csv = {
	"csv", "a finding a row", FMT_STREAMS | FMT_SUMMARY, csv_head, csv_finding, csv_summary,
	NULL
};

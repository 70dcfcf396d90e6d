/* explain.c: looks up codes given on the command line and explains them. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "code.h"
#include "explain.h"
#include "inert.h"
#include "json-out.h"
#include "resolve.h"
#include "wrap.h"
#include "xalloc.h"

#define WIDTH	80
#define COL	14	/* where field values start */

enum kind {
	K_VALUE,	/* a number */
	K_WIN32,	/* a Win32 error number or ERROR_* name */
	K_NAME,		/* a defined name */
	K_CLAIMED,	/* a name that only web pages use */
	K_FACILITY,	/* a FACILITY_* name: not a code */
	K_UNKNOWN_NAME,	/* well formed, but defined nowhere */
};

struct item {
	const char		*input;
	enum kind		 kind;
	enum code_form		 form;
	uint32_t		 value;
	uint32_t		 win32;
	const struct db_name	*name;
	const struct db_dispute	*claim;
	struct resolved		 r;
	int			 as_win32;	/* a plain number that is also a Win32 error: */
	struct resolved		 w;		/* its HRESULT form, resolved */
};

/* A method that returns the value being explained. */
struct use {
	const struct db_method	*method;
	const struct db_return	*ret;
};

static const char *form_words[] = {
	"hexadecimal", "hexadecimal without 0x", "signed decimal", "unsigned decimal"
};

static int
is_name(const char *s)
{
	if (!(*s == '_' || (*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z')))
		return 0;
	return s[strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")]
	    == '\0';
}

/* A dispute whose claimed name is not a real name, or NULL. */
static const struct db_dispute *
claimed(const struct db *db, const char *name)
{
	const struct db_dispute *const	*d;
	size_t				 n, i;

	d = db_disputes(db, &n);
	for (i = 0; i < n; i++) {
		if (d[i]->claimed_name != NULL && strcasecmp(d[i]->claimed_name, name) == 0)
			return d[i];
	}
	return NULL;
}

/* Works out what an argument is; returns -1 (with a message) when it is no code. */
static int
classify(const struct db *db, const struct explain_opts *o, const char *in,
    struct item *it, FILE *err)
{
	memset(it, 0, sizeof *it);
	it->input = in;
	if (is_name(in)) {
		if ((it->name = db_name_find(db, in)) != NULL) {
			switch (it->name->ns) {
			case DB_NS_WIN32:
				it->kind = K_WIN32;
				it->win32 = it->name->value;
				it->value = code_from_win32(it->win32);
				break;
			case DB_NS_FACILITY:
				it->kind = K_FACILITY;
				return 0;
			default:
				it->kind = K_NAME;
				it->value = it->name->value;
				break;
			}
		} else if ((it->claim = claimed(db, in)) != NULL) {
			it->kind = K_CLAIMED;
			it->value = it->claim->value;
		} else {
			it->kind = K_UNKNOWN_NAME;
			return 0;
		}
	} else if (code_parse(in, &it->value, &it->form) == 0) {
		it->kind = K_VALUE;
		if (o->win32) {
			if (it->value > 0xFFFF) {
				inert_fwarn(err, "'%s' is not a Win32 error number "
				    "(0 to 65535)", in);
				return -1;
			}
			it->kind = K_WIN32;
			it->win32 = it->value;
			it->value = code_from_win32(it->win32);
		}
	} else {
		inert_fwarn(err, "'%s' is not a code: give a hexadecimal value "
		    "(0x800423F3), a decimal one (-2147212301) or a name", in);
		return -1;
	}
	return 0;
}

/*
 * A small decimal number given without --win32 is read as written (5 is
 * 0x00000005), but logs and people write Win32 errors that way too: when the
 * number has a Win32 name, its Win32 reading is resolved into it->w as well.
 */
static void
win32_reading(const struct db *db, struct item *it)
{
	if (it->kind != K_VALUE || it->value == 0 || it->value > 0xFFFF ||
	    (it->form != CODE_UNSIGNED && it->form != CODE_SIGNED))
		return;
	resolve(db, code_from_win32(it->value), NULL, &it->w);
	it->as_win32 = it->w.has_win32 && it->w.nwin32 > 0;
}

static int
cmp_use(const void *a, const void *b)
{
	const struct use	*x = a, *y = b;
	int			 c = strcmp(x->ret->meaning, y->ret->meaning);

	return c != 0 ? c : strcmp(x->method->name, y->method->name);
}

/* Collects the methods that return the value; the caller frees *out. */
static size_t
uses_of(const struct db *db, uint32_t value, struct use **out, int by_meaning)
{
	const struct db_method *const	*m;
	struct use			*u = NULL;
	size_t				 n, i, k = 0;

	m = db_methods(db, &n);
	for (i = 0; i < n; i++) {
		const struct db_return	*r = db_method_return(m[i], value);

		if (r == NULL)
			continue;
		u = xreallocarray(u, k + 1, sizeof *u);
		u[k].method = m[i];
		u[k++].ret = r;
	}
	if (by_meaning && k > 1)
		qsort(u, k, sizeof *u, cmp_use);
	*out = u;
	return k;
}

/* Does dispute d concern this value, directly or through a claimed name? */
static int
dispute_about(const struct db_dispute *d, const struct resolved *r)
{
	int	i;

	if (d->value == r->value)
		return 1;
	if (d->claimed_name == NULL)
		return 0;
	for (i = 0; i < r->nnames; i++) {
		if (strcasecmp(d->claimed_name, r->names[i]->name) == 0)
			return 1;
	}
	return 0;
}

static void
text_names(FILE *out, const struct resolved *r)
{
	char	buf[512];
	size_t	len = 0;
	int	i;

	buf[0] = '\0';
	for (i = 0; i < r->nnames && len < sizeof buf - 64; i++)
		len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s (%s)",
		    i ? ", " : "", r->names[i]->name, db_ns_label(r->names[i]->ns));
	if (r->nnames > 0)
		wrap_field(out, 2, "Names", COL, buf, WIDTH);
	else if (r->nwin32 > 0)
		wrap_field(out, 2, "Names", COL, "no HRESULT name is defined; it is the HRESULT "
		    "form of the Win32 error below", WIDTH);
	else if (r->nnt > 0)
		wrap_field(out, 2, "Names", COL, "no HRESULT name is defined; it is the HRESULT "
		    "form of the NTSTATUS below", WIDTH);
	else if (r->code != NULL && r->code->title != NULL)
		wrap_field(out, 2, "Names", COL, "no header defines a name for this value; "
		    "it is known from what Windows logs show", WIDTH);
	else if (CODE_FACILITY(r->value) == 4 && (r->value & 0xFFFFFF00u) >= 0x80042300u &&
	    (r->value & 0xFFFFFF00u) <= 0x80042400u)
		wrap_field(out, 2, "Names", COL, "no name is defined: an unknown value in the "
		    "VSS range of FACILITY_ITF", WIDTH);
	else
		wrap_field(out, 2, "Names", COL, "no name is defined for this value", WIDTH);
	if (r->has_win32) {
		len = (size_t)snprintf(buf, sizeof buf, "Win32 error %u", r->win32);
		for (i = 0; i < r->nwin32 && len < sizeof buf - 64; i++)
			len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s",
			    i ? ", " : " = ", r->win32_names[i]->name);
		if (r->nwin32 == 0)
			snprintf(buf + len, sizeof buf - len, " (no name is defined)");
		wrap_field(out, 2, "Win32", COL, buf, WIDTH);
	}
	if (r->has_nt) {
		len = (size_t)snprintf(buf, sizeof buf, "HRESULT_FROM_NT of 0x%08X", r->nt);
		for (i = 0; i < r->nnt && len < sizeof buf - 64; i++)
			len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s",
			    i ? ", " : " = ", r->nt_names[i]->name);
		wrap_field(out, 2, "NTSTATUS", COL, buf, WIDTH);
	}
}

static void
text_guidance(FILE *out, const struct resolved *r)
{
	const struct db_guidance	*g = r->guidance;
	char				*s;

	if (g == NULL)
		return;
	s = xasprintf("%s: %s", g->id, g->title);
	wrap_field(out, 2, "Guidance", COL, s, WIDTH);
	free(s);
	if (g->wait_minutes >= 0) {
		s = xasprintf("wait %d minute%s, then retry; at most %d retr%s",
		    g->wait_minutes, g->wait_minutes == 1 ? "" : "s", g->max_retries,
		    g->max_retries == 1 ? "y" : "ies");
		wrap_field(out, 2, "Retry", COL, s, WIDTH);
		free(s);
	}
	wrap_field(out, 2, "Advice", COL, g->advice, WIDTH);
}

static void
text_methods(FILE *out, const struct db *db, const struct resolved *r)
{
	struct use	*u;
	size_t		 n = uses_of(db, r->value, &u, 1), i, j;
	const char	*label = "Returned by";

	for (i = 0; i < n; i = j) {
		char	*list = NULL, *s;
		size_t	 len = 0;

		for (j = i; j < n && strcmp(u[j].ret->meaning, u[i].ret->meaning) == 0; j++) {
			size_t	add = strlen(u[j].method->name) + 2;

			list = xrealloc(list, len + add + 1);
			len += (size_t)sprintf(list + len, "%s%s", j > i ? ", " : "",
			    u[j].method->name);
		}
		s = xasprintf("%s: %s%s%s", list, u[i].ret->meaning,
		    u[i].ret->guidance != NULL ? " Guidance here: " : "",
		    u[i].ret->guidance != NULL ? u[i].ret->guidance->id : "");
		wrap_field(out, 2, label, COL, s, WIDTH);
		label = "";
		free(s);
		free(list);
	}
	free(u);
}

static void
text_disputes(FILE *out, const struct db *db, const struct resolved *r)
{
	const struct db_dispute *const	*d;
	size_t				 n, i;

	d = db_disputes(db, &n);
	for (i = 0; i < n; i++) {
		char	*s;

		if (!dispute_about(d[i], r))
			continue;
		s = xasprintf("%s \"%s\" %s", d[i]->verdict ? "TRUE:" : "FALSE:", d[i]->claim,
		    d[i]->explanation);
		wrap_field(out, 2, "Web claim", COL, s, WIDTH);
		free(s);
	}
}

/* The Win32 reading of a small number: its names and HRESULT form. */
static void
text_win32_reading(FILE *out, const struct item *it)
{
	const struct resolved	*w = &it->w;
	const char		*hname = resolved_name(w);
	char			 buf[512];
	size_t			 len;
	int			 i;

	if (!it->as_win32)
		return;
	len = (size_t)snprintf(buf, sizeof buf, "as a Win32 error, %u", w->win32);
	for (i = 0; i < w->nwin32 && len < sizeof buf - 160; i++)
		len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s",
		    i ? ", " : " is ", w->win32_names[i]->name);
	len += (size_t)snprintf(buf + len, sizeof buf - len, ", HRESULT 0x%08X", w->value);
	if (hname != NULL && strcmp(hname, w->win32_names[0]->name) != 0 &&
	    len < sizeof buf - 80)
		len += (size_t)snprintf(buf + len, sizeof buf - len, " (%s)", hname);
	if (len < sizeof buf - 40)
		snprintf(buf + len, sizeof buf - len, ": explain --win32 %u", w->win32);
	wrap_field(out, 2, "Win32", COL, buf, WIDTH);
}

static void
text_item(FILE *out, const struct db *db, const struct item *it)
{
	const struct resolved	*r = &it->r;
	const char		*name = resolved_name(r);
	char			*s;

	if (it->kind == K_FACILITY) {
		fprintf(out, "%s\n", it->input);
		s = xasprintf("%s is a facility number (%u), not an error code", it->name->name,
		    it->name->value);
		wrap_field(out, 2, "Note", COL, s, WIDTH);
		free(s);
		return;
	}
	if (it->kind == K_UNKNOWN_NAME) {
		fprintf(out, "%s\n", it->input);
		wrap_field(out, 2, "Names", COL, "no such name is defined in any header "
		    "vssexplain knows", WIDTH);
		return;
	}
	if (name == NULL && r->code != NULL && r->code->title != NULL)
		fprintf(out, "0x%08X  %s\n", r->value, r->code->title);
	else
		fprintf(out, "0x%08X  %s\n", r->value, name != NULL ? name : "(no name)");
	if (it->kind == K_VALUE)
		s = xasprintf("%s (%s)", it->input, form_words[it->form]);
	else if (it->kind == K_WIN32)
		s = xasprintf("%s: Win32 error %u, as an HRESULT 0x%08X", it->input, it->win32,
		    r->value);
	else if (it->kind == K_CLAIMED)
		s = xasprintf("%s: not a real Windows name; web pages attach it to 0x%08X",
		    it->input, r->value);
	else
		s = xasprintf("%s (%s name)", it->input, db_ns_label(it->name->ns));
	wrap_field(out, 2, "Input", COL, s, WIDTH);
	free(s);
	text_names(out, r);
	text_win32_reading(out, it);
	s = xasprintf("severity %u (%s), facility %u%s%s%s, code 0x%04X (%u)",
	    CODE_SEVERITY(r->value), CODE_FAILED(r->value) ? "failure" : "success",
	    CODE_FACILITY(r->value), r->facility ? " (" : "",
	    r->facility ? r->facility->name : "", r->facility ? ")" : "",
	    CODE_LOW(r->value), CODE_LOW(r->value));
	wrap_field(out, 2, "Layout", COL, s, WIDTH);
	free(s);
	if (r->code != NULL) {
		wrap_field(out, 2, "Meaning", COL, r->code->description, WIDTH);
		if (r->code->note != NULL)
			wrap_field(out, 2, "Note", COL, r->code->note, WIDTH);
	}
	text_guidance(out, r);
	text_methods(out, db, r);
	text_disputes(out, db, r);
}

static void
json_names(struct jw *j, const struct db_name *const *names, int n)
{
	int	i;

	jw_open(j, '[');
	for (i = 0; i < n; i++) {
		jw_open(j, '{');
		jw_kstr(j, "name", names[i]->name);
		jw_kstr(j, "namespace", db_ns_label(names[i]->ns));
		jw_close(j, '}');
	}
	jw_close(j, ']');
}

static void
json_item(struct jw *j, const struct db *db, const struct item *it)
{
	const struct resolved		*r = &it->r;
	const struct db_guidance	*g = r->guidance;
	const struct db_dispute *const	*d;
	struct use			*u;
	size_t				 n, i;
	char				 hex[16];

	jw_open(j, '{');
	jw_kstr(j, "input", it->input);
	if (it->kind == K_FACILITY || it->kind == K_UNKNOWN_NAME) {
		jw_key(j, "code");
		jw_null(j);
		jw_kstr(j, "error", it->kind == K_FACILITY ? "a facility, not a code" :
		    "no such name");
		jw_key(j, "known");
		jw_bool(j, 0);
		jw_close(j, '}');
		return;
	}
	snprintf(hex, sizeof hex, "0x%08X", r->value);
	jw_kstr(j, "code", hex);
	jw_kint(j, "value", r->value);
	jw_key(j, "known");
	jw_bool(j, r->known);
	jw_kstr(j, "name", resolved_name(r));
	jw_key(j, "names");
	json_names(j, r->names, r->nnames);
	jw_key(j, "title");
	jw_str(j, r->code != NULL ? r->code->title : NULL);
	jw_kint(j, "severity", CODE_SEVERITY(r->value));
	jw_kint(j, "facility", CODE_FACILITY(r->value));
	jw_kstr(j, "facility_name", r->facility != NULL ? r->facility->name : NULL);
	jw_kint(j, "hresult_code", CODE_LOW(r->value));
	jw_key(j, "win32");
	if (r->has_win32) {
		jw_open(j, '{');
		jw_kint(j, "code", r->win32);
		jw_key(j, "names");
		json_names(j, r->win32_names, r->nwin32);
		jw_close(j, '}');
	} else
		jw_null(j);
	jw_key(j, "ntstatus");
	if (r->has_nt) {
		snprintf(hex, sizeof hex, "0x%08X", r->nt);
		jw_open(j, '{');
		jw_kstr(j, "code", hex);
		jw_key(j, "names");
		json_names(j, r->nt_names, r->nnt);
		jw_close(j, '}');
	} else
		jw_null(j);
	jw_key(j, "win32_reading");
	if (it->as_win32) {
		snprintf(hex, sizeof hex, "0x%08X", it->w.value);
		jw_open(j, '{');
		jw_kint(j, "code", it->w.win32);
		jw_key(j, "names");
		json_names(j, it->w.win32_names, it->w.nwin32);
		jw_kstr(j, "hresult", hex);
		jw_kstr(j, "hresult_name", resolved_name(&it->w));
		jw_close(j, '}');
	} else
		jw_null(j);
	jw_kstr(j, "description", r->code != NULL ? r->code->description : NULL);
	jw_kstr(j, "note", r->code != NULL ? r->code->note : NULL);
	jw_kstr(j, "guidance", g != NULL ? g->id : NULL);
	jw_kstr(j, "guidance_title", g != NULL ? g->title : NULL);
	jw_kstr(j, "advice", g != NULL ? g->advice : NULL);
	jw_kretry(j, g);
	jw_key(j, "methods");
	jw_open(j, '[');
	n = uses_of(db, r->value, &u, 0);
	for (i = 0; i < n; i++) {
		jw_open(j, '{');
		jw_kstr(j, "method", u[i].method->name);
		jw_kstr(j, "name", u[i].ret->name->name);
		jw_kstr(j, "meaning", u[i].ret->meaning);
		jw_kstr(j, "guidance", u[i].ret->guidance ? u[i].ret->guidance->id : NULL);
		jw_close(j, '}');
	}
	free(u);
	jw_close(j, ']');
	jw_key(j, "disputed");
	jw_open(j, '[');
	d = db_disputes(db, &n);
	for (i = 0; i < n; i++) {
		if (!dispute_about(d[i], r))
			continue;
		snprintf(hex, sizeof hex, "0x%08X", d[i]->value);
		jw_open(j, '{');
		jw_kstr(j, "code", hex);
		jw_kstr(j, "claim", d[i]->claim);
		jw_kstr(j, "claimed_name", d[i]->claimed_name);
		jw_key(j, "verdict");
		jw_bool(j, d[i]->verdict);
		jw_kstr(j, "explanation", d[i]->explanation);
		jw_close(j, '}');
	}
	jw_close(j, ']');
	jw_close(j, '}');
}

int
explain_run(const struct db *db, const struct explain_opts *o, char **args, int nargs,
    FILE *out, FILE *err)
{
	const struct db_method	*method = NULL;
	struct jw		 j;
	struct item		 it;
	int			 i, status = 0, first = 1;

	if (o->method != NULL && (method = db_method_find(db, o->method)) == NULL) {
		inert_fwarn(err, "no VSS method '%s' is known", o->method);
		return 2;
	}
	if (o->format == EXPLAIN_JSON) {
		jw_init(&j, out, 1);
		jw_open(&j, '[');
	}
	for (i = 0; i < nargs; i++) {
		if (classify(db, o, args[i], &it, err) != 0) {
			status = 2;
			continue;
		}
		if (it.kind != K_FACILITY && it.kind != K_UNKNOWN_NAME)
			resolve(db, it.value, method, &it.r);
		win32_reading(db, &it);
		if (!it.r.known && status == 0)
			status = 1;
		if (o->format == EXPLAIN_JSON)
			json_item(&j, db, &it);
		else {
			if (!first)
				fputc('\n', out);
			text_item(out, db, &it);
		}
		first = 0;
	}
	if (o->format == EXPLAIN_JSON) {
		jw_close(&j, ']');
		fputc('\n', out);
	}
	return status;
}

/* emit.c: one finding at a time, for JSON Lines and the plain listing. */
#include "config.h"

#include <string.h>

#include "code.h"
#include "emit.h"
#include "json.h"
#include "tstamp.h"

void
emit_jsonl(FILE *f, const struct finding *x)
{
	const struct resolved	*r = &x->r;
	struct json		 j;
	char			 buf[48];

	json_init(&j, f, 0);
	json_open(&j, '{');
	snprintf(buf, sizeof buf, "0x%08X", x->value);
	json_kstr(&j, "code", buf);
	json_kstr(&j, "name", resolved_name(r));
	json_kstr(&j, "namespace", resolved_ns(r));
	json_kstr(&j, "title", r->code != NULL ? r->code->title : NULL);
	json_kstr(&j, "guidance", r->guidance != NULL ? r->guidance->id : NULL);
	json_key(&j, "known");
	json_bool(&j, r->known);
	json_kstr(&j, "form", finding_form_name(x->form));
	json_kstr(&j, "path", x->path);
	json_kint(&j, "line", (long long)x->line);
	json_kint(&j, "offset", (long long)x->offset);
	json_key(&j, "time");
	if (x->time != TSTAMP_NONE) {
		tstamp_format(x->time, x->nsec, buf, sizeof buf);
		json_str(&j, buf);
	} else
		json_null(&j);
	json_kstr(&j, "host", x->host);
	json_kstr(&j, "writer", x->writer);
	json_kstr(&j, "method", x->method);
	json_key(&j, "match");
	json_strn(&j, x->match, x->match_len);
	json_key(&j, "text");
	json_strn(&j, x->text, x->text_len);
	if (x->event != NULL) {
		json_kint(&j, "event_id", x->event->event_id);
		json_kstr(&j, "provider", x->event->provider);
		json_key(&j, "record_id");
		if (x->event->record_id >= 0)
			json_int(&j, x->event->record_id);
		else
			json_null(&j);
		json_kstr(&j, "computer", x->event->computer);
		json_kstr(&j, "channel", x->event->channel);
		json_key(&j, "level");
		if (x->event->level >= 0)
			json_int(&j, x->event->level);
		else
			json_null(&j);
	}
	json_close(&j, '}');
	fputc('\n', f);
}

void
emit_listing(FILE *f, const struct finding *x)
{
	const struct resolved	*r = &x->r;
	const char		*name = resolved_name(r);
	char			 t[48];

	fprintf(f, "%s:%llu: 0x%08X %s [%s]", x->path, (unsigned long long)x->line, x->value,
	    name != NULL ? name : (r->code && r->code->title ? r->code->title : "(no name)"),
	    r->guidance != NULL ? r->guidance->id : "unknown");
	if (x->time != TSTAMP_NONE) {
		tstamp_format(x->time, x->nsec, t, sizeof t);
		fprintf(f, " %s", t);
	}
	if (x->host != NULL)
		fprintf(f, " host=%s", x->host);
	if (x->writer != NULL)
		fprintf(f, " writer='%s'", x->writer);
	if (x->method != NULL)
		fprintf(f, " method=%s", x->method);
	fputc('\n', f);
	if (r->code != NULL)
		fprintf(f, "    %s\n", r->code->description);
}

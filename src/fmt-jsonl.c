/* fmt-jsonl.c: the jsonl format: each finding as one JSON object on one line, as it is found. */
#include "config.h"

#include <stdio.h>

#include "fmt.h"
#include "json-out.h"

static void
jsonl_finding(FILE *f, const struct finding *x)
{
	const struct resolved	*r = &x->r;
	struct jw		 j;
	char			 buf[16];

	jw_init(&j, f, 0);
	jw_open(&j, '{');
	{
		static const char	hexd[] = "0123456789ABCDEF";
		int			i;

		buf[0] = '0';
		buf[1] = 'x';
		for (i = 0; i < 8; i++)
			buf[2 + i] = hexd[(x->value >> (28 - 4 * i)) & 0xF];
		buf[10] = '\0';
	}
	jw_kstr(&j, "code", buf);
	jw_kstr(&j, "name", resolved_name(r));
	jw_kstr(&j, "namespace", resolved_ns(r));
	jw_kstr(&j, "title", r->code != NULL ? r->code->title : NULL);
	jw_kstr(&j, "guidance", r->guidance != NULL ? r->guidance->id : NULL);
	jw_key(&j, "known");
	jw_bool(&j, r->known);
	jw_kstr(&j, "form", finding_form_name(x->form));
	jw_kstr(&j, "path", x->path);
	jw_kint(&j, "line", (long long)x->line);
	jw_kint(&j, "offset", (long long)x->offset);
	jw_key(&j, "time");
	jw_time(&j, x->time, x->nsec);
	jw_kstr(&j, "host", x->host);
	jw_kstr(&j, "writer", x->writer);
	jw_kstr(&j, "method", x->method);
	jw_key(&j, "match");
	jw_strn(&j, x->match, x->match_len);
	jw_key(&j, "text");
	jw_strn(&j, x->text, x->text_len);
	if (x->event != NULL) {
		jw_kint(&j, "event_id", x->event->event_id);
		jw_kstr(&j, "provider", x->event->provider);
		jw_key(&j, "record_id");
		if (x->event->record_id >= 0)
			jw_int(&j, x->event->record_id);
		else
			jw_null(&j);
		jw_kstr(&j, "computer", x->event->computer);
		jw_kstr(&j, "channel", x->event->channel);
		jw_key(&j, "level");
		if (x->event->level >= 0)
			jw_int(&j, x->event->level);
		else
			jw_null(&j);
	}
	jw_close(&j, '}');
	fputc('\n', f);
}

const struct fmt	fmt_jsonl = {
	"jsonl", "a finding a line", FMT_STREAMS, NULL, jsonl_finding, NULL, NULL
};

/* fmt-jsonl.c: the jsonl format: each finding as one JSON object on one line, as it is found. */
#include "config.h"

#include <stdio.h>

#include "fmt.h"
#include "json-out.h"

/*
 * A finding's keys are always the same and in the same order, so they go out
 * with their punctuation as literal pieces and only the values are quoted:
 * jw_key and the comma bookkeeping were a third of the writer's cost, and the
 * writer a quarter of a scan's with many findings (issue 16).  The bytes are
 * those of jw_kstr and friends; tests/unit/check_fast.c compares the two.
 */
static void
jsonl_finding(FILE *f, const struct finding *x)
{
	static const char	 hexd[] = "0123456789ABCDEF";
	const struct resolved	*r = &x->r;
	struct jw		 j;
	char			 code[8];
	int			 i;

	for (i = 0; i < 8; i++)
		code[i] = hexd[(x->value >> (28 - 4 * i)) & 0xF];
	jw_init(&j, f, 0);
	JW_LIT(&j, "{\"code\":\"0x");
	jw_lit(&j, code, sizeof code);
	JW_LIT(&j, "\",\"name\":");
	jw_vstr(&j, resolved_name(r));
	JW_LIT(&j, ",\"namespace\":");
	jw_vstr(&j, resolved_ns(r));
	JW_LIT(&j, ",\"title\":");
	jw_vstr(&j, r->code != NULL ? r->code->title : NULL);
	JW_LIT(&j, ",\"guidance\":");
	jw_vstr(&j, r->guidance != NULL ? r->guidance->id : NULL);
	if (r->known)
		JW_LIT(&j, ",\"known\":true,\"form\":");
	else
		JW_LIT(&j, ",\"known\":false,\"form\":");
	jw_vstr(&j, finding_form_name(x->form));
	JW_LIT(&j, ",\"path\":");
	jw_vstr(&j, x->path);
	JW_LIT(&j, ",\"line\":");
	jw_vint(&j, (long long)x->line);
	JW_LIT(&j, ",\"offset\":");
	jw_vint(&j, (long long)x->offset);
	JW_LIT(&j, ",\"time\":");
	jw_vtime(&j, x->time, x->nsec);
	JW_LIT(&j, ",\"host\":");
	jw_vstr(&j, x->host);
	JW_LIT(&j, ",\"writer\":");
	jw_vstr(&j, x->writer);
	JW_LIT(&j, ",\"method\":");
	jw_vstr(&j, x->method);
	JW_LIT(&j, ",\"match\":");
	jw_quote(&j, x->match, x->match_len);
	JW_LIT(&j, ",\"text\":");
	jw_quote(&j, x->text, x->text_len);
	if (x->event != NULL) {
		JW_LIT(&j, ",\"event_id\":");
		jw_vint(&j, x->event->event_id);
		JW_LIT(&j, ",\"provider\":");
		jw_vstr(&j, x->event->provider);
		JW_LIT(&j, ",\"record_id\":");
		if (x->event->record_id >= 0)
			jw_vint(&j, x->event->record_id);
		else
			JW_LIT(&j, "null");
		JW_LIT(&j, ",\"computer\":");
		jw_vstr(&j, x->event->computer);
		JW_LIT(&j, ",\"channel\":");
		jw_vstr(&j, x->event->channel);
		JW_LIT(&j, ",\"level\":");
		if (x->event->level >= 0)
			jw_vint(&j, x->event->level);
		else
			JW_LIT(&j, "null");
	}
	JW_LIT(&j, "}\n");
	jw_flush(&j);
}

const struct fmt	fmt_jsonl = {
	"jsonl", "a finding a line", FMT_STREAMS, NULL, jsonl_finding, NULL, NULL
};

/* fmt-json.c: the json format: the whole evaluated report as one document (merge reads it back). */
#include "config.h"

#include <stdio.h>

#include "fmt.h"
#include "json-out.h"
#include "tstamp.h"

static void
json_set(struct jw *j, const char *key, const struct strset *s)
{
	size_t	i;

	jw_key(j, key);
	jw_open(j, '[');
	for (i = 0; i < s->n; i++)
		jw_str(j, s->v[i]);
	jw_close(j, ']');
}

static void
json_chain(struct jw *j, const struct cell *c)
{
	size_t	i;

	jw_open(j, '{');
	jw_kstr(j, "class", c->class->id);
	jw_kstr(j, "host", c->host);
	jw_kstr(j, "writer", c->writer);
	jw_kstr(j, "state", report_state_name(c->state));
	jw_kint(j, "retries_used", c->retries);
	jw_kint(j, "max_retries", c->class->max_retries);
	jw_kint(j, "wait_minutes", c->class->wait_minutes);
	jw_ktime(j, "next_at", c->state == CHAIN_EXHAUSTED ? TSTAMP_NONE : c->next_at);
	jw_ktime(j, "first_failure", c->chain_first);
	jw_ktime(j, "last_failure", c->ntimes ? c->times[c->ntimes - 1] : TSTAMP_NONE);
	jw_kint(j, "retried_too_soon", c->too_soon);
	jw_kint(j, "earlier_chains", c->earlier);
	jw_kint(j, "untimed_failures", c->untimed);
	jw_key(j, "failures");
	jw_open(j, '[');
	for (i = 0; i < c->ntimes; i++)
		jw_time(j, c->times[i], 0);
	jw_close(j, ']');
	jw_close(j, '}');
}

/* Findings per host, as an object in name order. */
static void
json_hosts(struct jw *j, const char *key, const struct rhost *h, size_t n)
{
	size_t	i;

	jw_key(j, key);
	jw_open(j, '{');
	for (i = 0; i < n; i++)
		jw_kint(j, h[i].name, h[i].count);
	jw_close(j, '}');
}

static void
json_code(struct jw *j, const struct rcode *c)
{
	const struct resolved	*res = c->r;
	char			 hex[16];
	size_t			 i;

	snprintf(hex, sizeof hex, "0x%08X", c->value);
	jw_open(j, '{');
	jw_kstr(j, "code", hex);
	jw_kstr(j, "name", resolved_name(res));
	jw_kstr(j, "namespace", resolved_ns(res));
	jw_kstr(j, "title", res->code != NULL ? res->code->title : NULL);
	jw_kstr(j, "description", res->code != NULL ? res->code->description : NULL);
	jw_kint(j, "count", c->count);
	jw_ktime(j, "first_seen", c->first);
	jw_ktime(j, "last_seen", c->last);
	json_set(j, "hosts", &c->hosts);
	json_hosts(j, "host_counts", c->host_counts, c->nhost_counts);
	json_set(j, "writers", &c->writers);
	json_set(j, "methods", &c->methods);
	jw_key(j, "sources");
	jw_open(j, '[');
	for (i = 0; i < c->nsources; i++)
		jw_str(j, c->sources[i]);
	jw_close(j, ']');
	jw_kint(j, "more_sources", c->more_sources);
	if (c->chains) {
		jw_key(j, "retry_chains");
		jw_open(j, '[');
		for (i = 0; i < c->ncells; i++)
			json_chain(j, c->cells[i]);
		jw_close(j, ']');
	}
	jw_close(j, '}');
}

static void
json_group(struct jw *j, const struct rgroup *rg)
{
	const struct db_guidance	*g = rg->g;
	size_t				 i;

	jw_open(j, '{');
	jw_kstr(j, "guidance", g->id);
	jw_kstr(j, "title", g->title);
	jw_kstr(j, "advice", g->advice);
	jw_kretry(j, g);
	jw_key(j, "codes");
	jw_open(j, '[');
	for (i = 0; i < rg->ncodes; i++)
		json_code(j, rg->codes[i]);
	jw_close(j, ']');
	jw_close(j, '}');
}

static void
json_write(FILE *f, const struct report_view *v)
{
	struct jw	j;
	size_t		i;

	jw_init(&j, f, 1);
	jw_open(&j, '{');
	jw_kint(&j, "schema_version", REPORT_SCHEMA_VERSION);
	jw_kstr(&j, "tool", PACKAGE_STRING);
	jw_ktime(&j, "reference_time", v->at);
	jw_kint(&j, "retry_window_minutes", v->retry_window / 60);
	jw_key(&j, "inputs");
	jw_open(&j, '[');
	for (i = 0; i < v->ninputs; i++) {
		const struct report_input	*in = &v->inputs[i];

		jw_open(&j, '{');
		jw_kstr(&j, "path", in->path);
		jw_kstr(&j, "kind", in->kind);
		jw_kint(&j, "bytes", (long long)in->bytes);
		jw_kint(&j, "lines", (long long)in->lines);
		jw_kint(&j, "events", (long long)in->events);
		jw_kint(&j, "errors", in->errors);
		jw_close(&j, '}');
	}
	jw_close(&j, ']');
	jw_key(&j, "totals");
	jw_open(&j, '{');
	jw_kint(&j, "inputs", (long long)v->ninputs);
	jw_kint(&j, "errors", (long long)v->input_errors);
	jw_kint(&j, "findings", v->findings);
	jw_kint(&j, "codes", (long long)v->ncodes);
	jw_key(&j, "by_guidance");
	jw_open(&j, '{');
	for (i = 0; i < v->ngroups; i++)
		jw_kint(&j, v->groups[i].g->id, v->groups[i].findings);
	jw_close(&j, '}');
	jw_close(&j, '}');
	jw_key(&j, "groups");
	jw_open(&j, '[');
	for (i = 0; i < v->ngroups; i++)
		json_group(&j, &v->groups[i]);
	jw_close(&j, ']');
	jw_close(&j, '}');
	fputc('\n', f);
}

const struct fmt	fmt_json = {
	"json", "the whole report as one document", 0, NULL, NULL, json_write, NULL
};

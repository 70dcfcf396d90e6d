/* fmt-prometheus.c: the prometheus format: the text exposition format, for node_exporter's textfile collector. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "inert.h"
#include "tstamp.h"
#include "xalloc.h"

/* Writes a HELP and a TYPE line: every metric here is a gauge (a scan's state, not a counter). */
static void
prom_family(FILE *f, const char *name, const char *help)
{
	fprintf(f, "# HELP %s %s\n# TYPE %s gauge\n", name, help, name);
}

/*
 * Writes a label: the value inert (so it is UTF-8 with no control character),
 * then with backslash and double quote escaped as the exposition format asks
 * (a newline cannot be left once inert).
 */
static void
prom_label(FILE *f, const char *name, const char *val, int first)
{
	char	*safe = inert_dup(val, 0), *p;

	fprintf(f, "%s%s=\"", first ? "" : ",", name);
	for (p = safe; *p != '\0'; p++) {
		if (*p == '\\' || *p == '"')
			fputc('\\', f);
		fputc(*p, f);
	}
	fputc('"', f);
	free(safe);
}

/* The labels every per-code sample has: guidance, code and name. */
static void
prom_code(FILE *f, const struct rcode *c, int first)
{
	char	code[16];

	snprintf(code, sizeof code, "0x%08X", c->value);
	prom_label(f, "guidance", c->group->id, first);
	prom_label(f, "code", code, 0);
	prom_label(f, "name", resolved_name(c->r) != NULL ? resolved_name(c->r) : "", 0);
}

/* Findings per host, class and code; those of no known host under host="". */
static void
prom_findings(FILE *f, const struct report_view *v)
{
	size_t	i, k;

	prom_family(f, "vssexplain_findings",
	    "VSS and backup failures found, per host, guidance class and code.");
	for (i = 0; i < v->ncodes; i++) {
		const struct rcode	*c = &v->codes[i];
		long			 rest = c->count;

		for (k = 0; k < c->nhost_counts; k++) {
			fputs("vssexplain_findings{", f);
			prom_label(f, "host", c->host_counts[k].name, 1);
			prom_code(f, c, 0);
			fprintf(f, "} %ld\n", c->host_counts[k].count);
			rest -= c->host_counts[k].count;
		}
		if (rest > 0 || c->nhost_counts == 0) {
			fputs("vssexplain_findings{host=\"\"", f);
			prom_code(f, c, 0);
			fprintf(f, "} %ld\n", rest > 0 ? rest : c->count);
		}
	}
}

/* Retry chains per host, class, code and state. */
static void
prom_chains(FILE *f, const struct report_view *v)
{
	size_t	i, k;

	prom_family(f, "vssexplain_retry_chains", "Retry chains (a code on a host for a "
	    "writer) by where they stand: due, wait or exhausted.");
	for (i = 0; i < v->ncodes; i++) {
		const struct rcode	*c = &v->codes[i];

		for (k = 0; c->chains && k < c->ncells; k++) {
			const struct cell	*x = c->cells[k];

			if (x->state == CHAIN_NONE)
				continue;
			fputs("vssexplain_retry_chains{", f);
			prom_label(f, "host", x->host != NULL ? x->host : "", 1);
			prom_label(f, "writer", x->writer != NULL ? x->writer : "", 0);
			prom_code(f, c, 0);
			prom_label(f, "state", report_state_name(x->state), 0);
			fputs("} 1\n", f);
		}
	}
}

static void
prom_write(FILE *f, const struct report_view *v)
{
	size_t	i;

	prom_findings(f, v);
	prom_family(f, "vssexplain_last_failure_timestamp_seconds",
	    "When a code was last found (Unix time), per guidance class and code.");
	for (i = 0; i < v->ncodes; i++) {
		if (v->codes[i].last == TSTAMP_NONE)
			continue;
		fputs("vssexplain_last_failure_timestamp_seconds{", f);
		prom_code(f, &v->codes[i], 1);
		fprintf(f, "} %lld\n", (long long)v->codes[i].last);
	}
	prom_chains(f, v);
	prom_family(f, "vssexplain_guidance_findings", "Findings per guidance class.");
	for (i = 0; i < v->ngroups; i++) {
		fputs("vssexplain_guidance_findings{", f);
		prom_label(f, "guidance", v->groups[i].g->id, 1);
		fprintf(f, "} %ld\n", v->groups[i].findings);
	}
	prom_family(f, "vssexplain_hosts", "Hosts with findings.");
	fprintf(f, "vssexplain_hosts %zu\n", v->nhosts);
	prom_family(f, "vssexplain_inputs", "Inputs scanned.");
	fprintf(f, "vssexplain_inputs %zu\n", v->ninputs);
	prom_family(f, "vssexplain_input_errors", "Inputs that had errors.");
	fprintf(f, "vssexplain_input_errors %zu\n", v->input_errors);
	prom_family(f, "vssexplain_scan_success",
	    "1 when every input was read without error, else 0.");
	fprintf(f, "vssexplain_scan_success %d\n", v->input_errors == 0);
	prom_family(f, "vssexplain_report_timestamp_seconds",
	    "The reference time of the report (--at, or when it was made).");
	fprintf(f, "vssexplain_report_timestamp_seconds %lld\n", (long long)v->at);
}

const struct fmt	fmt_prometheus = {
	"prometheus", "metrics for node_exporter's textfile collector", 0, NULL, NULL,
	prom_write, NULL
};

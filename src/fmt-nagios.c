/* fmt-nagios.c: the nagios format: a check of the Monitoring Plugins kind (status line, perfdata, exit 0-3). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "inert.h"
#include "xalloc.h"

/* The states of a check, which are its exit status too. */
enum check_state { CHECK_OK, CHECK_WARNING, CHECK_CRITICAL, CHECK_UNKNOWN };

static const char *const	state_name[] = { "OK", "WARNING", "CRITICAL", "UNKNOWN" };

#define HOSTS_SHOWN	5	/* hosts named per code in the long output */

/* The level a class is set to by --warning and --critical: OK, WARNING or CRITICAL. */
static enum check_state
class_level(const struct report_view *v, const struct db_guidance *g)
{
	size_t	i;

	for (i = 0; i < v->nalert[ALERT_CRITICAL]; i++) {
		if (v->alert[ALERT_CRITICAL][i] == g)
			return CHECK_CRITICAL;
	}
	for (i = 0; i < v->nalert[ALERT_WARNING]; i++) {
		if (v->alert[ALERT_WARNING][i] == g)
			return CHECK_WARNING;
	}
	return CHECK_OK;
}

/*
 * The state of the check: the most urgent level of a class found; an input
 * with errors makes it UNKNOWN unless it is CRITICAL anyway (a partial check
 * cannot say all is well, but what it did find stands).
 */
static enum check_state
check_state(const struct report_view *v, int trouble)
{
	enum check_state	st = CHECK_OK, lv;
	size_t			i;

	for (i = 0; i < v->ngroups; i++) {
		if ((lv = class_level(v, v->groups[i].g)) > st)
			st = lv;
	}
	if ((trouble || v->input_errors > 0) && st != CHECK_CRITICAL)
		st = CHECK_UNKNOWN;
	return st;
}

/*
 * Writes log text for the plugin output: inert, and without '|', which
 * would start the performance data.
 */
static void
nagios_str(FILE *f, const char *s)
{
	char	*safe = inert_dup(s, 0), *p;

	for (p = safe; *p != '\0'; p++) {
		if (*p == '|')
			fputs("\\x7c", f);
		else
			fputc(*p, f);
	}
	free(safe);
}

/* One line of the long output per code: its level, class, code, name, count and hosts. */
static void
nagios_code(FILE *f, const struct report_view *v, const struct rcode *c)
{
	const char	*name = resolved_name(c->r);
	size_t		 i;

	fprintf(f, "%s: %s 0x%08X ", state_name[class_level(v, c->group)], c->group->id,
	    c->value);
	nagios_str(f, name != NULL ? name : "(no name)");
	fprintf(f, ", %ld finding%s", c->count, c->count == 1 ? "" : "s");
	for (i = 0; i < c->hosts.n && i < HOSTS_SHOWN; i++) {
		fputs(i == 0 ? " on " : ", ", f);
		nagios_str(f, c->hosts.v[i]);
	}
	if (c->hosts.n > HOSTS_SHOWN)
		fprintf(f, " and %zu more", c->hosts.n - HOSTS_SHOWN);
	fputc('\n', f);
}

static void
nagios_write(FILE *f, const struct report_view *v)
{
	struct fmt_tally	 t;
	char			*line = fmt_oneline_text(v);
	size_t			 i;

	fmt_tally(v, &t);
	fprintf(f, "VSS %s - %s | exhausted=%ld;;;0 due=%ld;;;0 waiting=%ld;;;0 fix=%ld;;;0 "
	    "check=%ld;;;0 findings=%ld;;;0 hosts=%zu;;;0 input_errors=%zu;;;0\n",
	    state_name[check_state(v, 0)], line, t.exhausted, t.due, t.waiting, t.fix, t.check,
	    v->findings, v->nhosts, v->input_errors);
	free(line);
	for (i = 0; i < v->ncodes; i++)
		nagios_code(f, v, &v->codes[i]);
}

static int
nagios_status(const struct report_view *v, int trouble)
{
	if (v == NULL) {
		/* the monitoring system shows standard output, not the message */
		printf("VSS UNKNOWN - vssexplain could not check; see its error output\n");
		fflush(stdout);
		return CHECK_UNKNOWN;
	}
	return check_state(v, trouble);
}

const struct fmt	fmt_nagios = {
	"nagios", "a monitoring check: status line, perfdata, exit 0-3", 0, NULL, NULL,
	nagios_write, nagios_status
};

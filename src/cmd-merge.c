/* cmd-merge.c: the "merge" command: JSON reports of many hosts read back into one report. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "db.h"
#include "filter.h"
#include "fmt.h"
#include "inert.h"
#include "merge.h"
#include "output.h"
#include "report.h"

static int	cmd_merge_run(struct common *, int, char **);

const struct cli_cmd	cmd_merge_entry = {
	"merge", "merge [--format text|json|csv|html|oneline|nagios|prometheus]\n"
	"                       [OPTIONS] REPORT.json...",
	"Combine JSON reports (scan --format json) from many hosts into one report,\n"
	"with grouping and retry evaluation across them.  Takes --output, --at,\n"
	"--retry-window, --color, --fail-on, --max-sources, --min-count, --quiet,\n"
	"--by host|writer, and with --format nagios --warning and --critical, as\n"
	"scan does.  csv is its --summary.\n",
	cmd_scan_opts, cmd_merge_run, CLI_FORMATS_WHOLE,
	/*
	 * scan's report options but the filters and what reading logs takes:
	 * --format, --rules, --output, --color (--colour), --at,
	 * --retry-window, --fail-on, --warning, --critical, --min-count,
	 * --max-sources, --quiet, --by
	 */
	"fRoCAWFwcmMqb"
};

/* Takes the report options merge has. */
static int
merge_opt(void *arg, int key, const char *val)
{
	return cli_report_opt(arg, key, val) == 0 ? 0 : -1;
}

static int
cmd_merge_run(struct common *c, int argc, char **argv)
{
	struct cli_report	 r;
	struct output		 o;
	struct report		*rep;
	struct filter		*flt;
	struct db		*db;
	FILE			*out;
	char			*err = NULL;
	int			 i, status, errors = 0;

	memset(&r, 0, sizeof r);
	if ((status = cli_parse(c, &cmd_merge_entry, argc, argv, merge_opt, &r)) != 0)
		return status > 0 ? EXIT_OK : cli_report_failed(c->format);
	if (c->nargs == 0) {
		fprintf(stderr, "usage: vssexplain merge [--format FORMAT] REPORT.json...\n");
		return cli_report_failed(c->format);
	}
	if ((db = cli_load_db(c)) == NULL)
		return cli_report_failed(c->format);
	flt = filter_new();
	if (cli_report_setup(&r, c->format, db, flt) != 0 || r.ro.fmt->write == NULL) {
		if (r.ro.fmt != NULL && r.ro.fmt->write == NULL) {
			char	*names = fmt_names(1);

			inert_warn("merge writes %s", names);
			free(names);
		}
		cli_report_free(&r);
		filter_free(flt);
		db_free(db);
		return cli_report_failed(c->format);
	}
	r.ro.summary = (r.ro.fmt->flags & FMT_SUMMARY) != 0;
	rep = report_new(db, &r.ro);
	if (r.min_count > 1)
		report_min_count(rep, r.min_count);
	for (i = 0; i < c->nargs; i++) {
		if (merge_file(rep, c->args[i], &err) != 0) {
			struct report_input	ri;

			inert_warn("%s", err);
			free(err);
			err = NULL;
			errors++;
			/* among the inputs, so that a report says one had errors */
			memset(&ri, 0, sizeof ri);
			ri.path = c->args[i];
			ri.kind = "unreadable";
			ri.errors = 1;
			report_input(rep, &ri);
		}
	}
	if ((out = output_open(&o, r.output)) == NULL)
		errors++;
	else if (output_close(&o, report_write(rep, out) == 0) != 0)
		errors++;
	status = cli_report_status(&r, report_worst(rep), report_status(rep, errors > 0),
	    errors);
	cli_report_free(&r);
	report_free(rep);
	filter_free(flt);
	db_free(db);
	return status;
}

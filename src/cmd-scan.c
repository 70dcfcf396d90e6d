/* cmd-scan.c: the "scan" command: its options and their checks, then pipeline_run. */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "db.h"
#include "filter.h"
#include "inert.h"
#include "pipeline.h"
#include "tstamp.h"
#include "xalloc.h"

#define JOBS_MAX		1024
#define JOBS_DEFAULT_MAX	64	/* each thread compiles the rules: no more by default */

static int	cmd_scan_run(struct common *, int, char **);

/* Scan's options; merge takes its report options from here too (cmd-merge.c). */
const struct cli_opt	cmd_scan_opts[] = {
	{ "recursive", 'r', CLI_SHORT,
	  "  -r, --recursive     scan the files below directories\n" },
	{ "jobs", 'j', CLI_ARG | CLI_SHORT,
	  "  -j, --jobs N        read N files at a time (default: the online processors),\n"
	  "                      a large plain text log in N pieces; the report is the\n"
	  "                      same for any N\n" },
	{ "exclude", 'E', CLI_ARG,
	  "  --exclude GLOB      with -r: skip files and directories named so\n" },
	{ "format", 'f', CLI_ARG | CLI_SHORT,
	  "  --format FMT        text (default), json, jsonl (a finding a line), csv,\n"
	  "                      html (one page for a browser or mail), oneline (a\n"
	  "                      line for a mail subject), nagios (a monitoring check)\n"
	  "                      or prometheus (for node_exporter's textfile collector)\n" },
	{ "by", 'b', CLI_ARG,
	  "  --by host|writer    text: a section per host or per writer after the\n"
	  "                      groups (repeatable, or host,writer)\n" },
	{ "summary", 's', 0,
	  "  --summary           csv: one row per code and group instead of per finding\n" },
	{ "warning", 'w', CLI_ARG,
	  "  --warning LIST      nagios: classes that make the check WARNING (default\n"
	  "                      transient,busy,requester,investigate,unknown; none)\n" },
	{ "critical", 'c', CLI_ARG,
	  "  --critical LIST     nagios: classes that make it CRITICAL (default\n"
	  "                      exhausted,fix,reboot; none)\n" },
	{ "output", 'o', CLI_ARG,
	  "  --output FILE       write the report to FILE, atomically\n" },
	{ "color", 'C', CLI_ARG,
	  "  --color WHEN        auto (default), always or never\n" },
	{ "colour", 'C', CLI_ARG, NULL },
	{ "at", 'A', CLI_ARG,
	  "  --at TIME           reference time for retry evaluation (default: now)\n" },
	{ "retry-window", 'W', CLI_ARG,
	  "  --retry-window DUR  failures further apart start a new chain (default 24h)\n" },
	{ "since", 'S', CLI_ARG,
	  "  --since TIME, --until TIME   only findings in this time range (2024-05-14,\n"
	  "                      2024-05-14T02:20, 2024-05-14T02:13:09Z, or an age\n"
	  "                      such as 24h)\n" },
	{ "until", 'U', CLI_ARG, NULL },
	{ "guidance", 'g', CLI_ARG,
	  "  --guidance LIST     only these classes (fix,transient,...)\n" },
	{ "ignore", 'i', CLI_ARG,
	  "  --ignore FILE       codes, names, 'writer NAME' lines or regexes to silence\n" },
	{ "min-count", 'm', CLI_ARG,
	  "  --min-count N       only codes found at least N times\n" },
	{ "max-sources", 'M', CLI_ARG,
	  "  --max-sources N     sources listed per code (default 5)\n" },
	{ "fail-on", 'F', CLI_ARG,
	  "  --fail-on CLASS     exit 1 when a class at or before it is found\n"
	  "                      (default: unknown, that is anything but info)\n" },
	{ "all-codes", 'a', 0,
	  "  --all-codes         report every failure-shaped code, VSS-related or not\n" },
	{ "tz", 'z', CLI_ARG,
	  "  --tz ZONE           zone of timestamps that carry none: UTC (default),\n"
	  "                      +02:00, or a zone name such as Europe/Berlin\n" },
	{ "quiet", 'q', CLI_SHORT,
	  "  -q, --quiet         no notices on standard error, only errors (for cron)\n" },
	{ "host", 'H', CLI_ARG,
	  "  --host NAME         host to report for inputs that name none\n" },
	{ "rules", 'R', CLI_ARG, NULL },
	{ NULL, 0, 0, "Cron mode:\n" },
	{ "state", 'T', CLI_ARG,
	  "  --state FILE        remember what was read; scan only what is new, across\n"
	  "                      log rotation (see CRON USE in vssexplain(1)); missing\n"
	  "                      directories of FILE are made, mode 0700\n" },
	{ "rotated", 'P', CLI_ARG,
	  "  --rotated PATTERN   where rotated copies are (%s is the log; repeatable;\n"
	  "                      default %s.[0-9]* %s-[0-9]* %s_[0-9]*)\n" },
	{ "rotated-dir", 'D', CLI_ARG,
	  "  --rotated-dir DIR   rotated copies are also in DIR (logrotate's olddir;\n"
	  "                      relative to the log's directory; repeatable; kept)\n" },
	{ "lock-timeout", 'L', CLI_ARG,
	  "  --lock-timeout SEC  wait this long for another run's lock (default 60)\n" },
	{ "dry-run", 'N', 0,
	  "  --dry-run           report, but leave the state as it was\n" },
	{ "reset-state", 'X', 0,
	  "  --reset-state       start afresh, ignoring (and replacing) the state\n" },
	{ NULL, 0, 0, NULL }
};

const struct cli_cmd	cmd_scan_entry = {
	"scan", "scan [-r] [--format text|json|jsonl|csv|html|oneline|nagios|prometheus]\n"
	"                       [-j N] [OPTIONS] [PATH...]",
	"Find every VSS and backup error code in logs (text, gzip, UTF-16) and report\n"
	"them grouped by what to do.  No PATH, or '-', reads standard input.\n"
	"Event logs are known by content: XML exports, .evtx, and events as JSON\n"
	"(Winlogbeat, NXLog, Get-WinEvent | ConvertTo-Json, evtx_dump, Elasticsearch).\n",
	cmd_scan_opts, cmd_scan_run, CLI_FORMATS_ALL, NULL
};

/* Scan's options: the shared report options, then what reading logs takes. */
struct scan_args {
	struct cli_report	 rep;
	struct pipeline_opts	 po;
};

/* The default of --jobs: a thread for each processor online. */
static int
default_jobs(void)
{
	long	n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > JOBS_DEFAULT_MAX ? JOBS_DEFAULT_MAX : (int)n;
}

/* Appends val to a list of option values. */
static void
push(const char ***list, size_t *n, const char *val)
{
	*list = xreallocarray(*list, *n + 1, sizeof **list);
	(*list)[(*n)++] = val;
}

/* Takes one option of scan; prints what is wrong. */
static int
scan_opt(void *arg, int key, const char *val)
{
	struct scan_args	*a = arg;
	long			 n;
	int			 shared;

	if ((shared = cli_report_opt(&a->rep, key, val)) <= 0)
		return shared;
	switch (key) {
	case 'a':
		a->po.so.all_codes = 1;
		return 0;
	case 'z':
		if (tstamp_check_tz(val) != 0) {
			inert_warn("--tz '%s' is not UTC, an offset like "
			    "+02:00 or a zone name like Europe/Berlin", val);
			return -1;
		}
		a->rep.ts.tz = val;
		return 0;
	case 'j':
		if (cli_count("--jobs", val, 1, JOBS_MAX, &n) != 0)
			return -1;
		a->po.jobs = (int)n;
		return 0;
	case 'H':
		a->po.so.host = val;
		return 0;
	case 's':
		a->rep.ro.summary = 1;
		return 0;
	case 'T':
		a->po.state = val;
		return 0;
	case 'X':
		a->po.reset_state = 1;
		return 0;
	case 'N':
		a->po.dry_run = 1;
		return 0;
	case 'L':
		if (cli_count("--lock-timeout", val, 0, 86400, &n) != 0)
			return -1;
		a->po.lock_timeout = (int)n;
		return 0;
	case 'E':
		push(&a->po.exclude, &a->po.nexclude, val);
		return 0;
	case 'P':
		if (strstr(val, "%s") == NULL) {
			inert_warn("--rotated '%s' needs %%s where the log's "
			    "name goes, as in %%s.1.gz", val);
			return -1;
		}
		push(&a->po.rotated, &a->po.nrotated, val);
		return 0;
	case 'D':
		if (*val == '\0') {
			inert_warn("--rotated-dir needs a directory");
			return -1;
		}
		push(&a->po.rotated_dirs, &a->po.nrotated_dirs, val);
		return 0;
	}
	return -1;
}

static int
cmd_scan_run(struct common *c, int argc, char **argv)
{
	struct scan_args	 a;
	struct db		*db = NULL;
	struct filter		*flt = NULL;
	int			 i, status = -1, worst, fmt_status, trouble;

	memset(&a, 0, sizeof a);
	a.po.lock_timeout = 60;
	a.po.jobs = default_jobs();
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "-r") == 0 || strcmp(argv[i], "--recursive") == 0)
			a.po.recursive = 1;
	}
	if ((i = cli_parse(c, &cmd_scan_entry, argc, argv, scan_opt, &a)) != 0) {
		status = i > 0 ? EXIT_OK : -1;	/* -1: as the format says (nagios: 3) */
		goto out;
	}
	if ((a.po.reset_state || a.po.dry_run) && a.po.state == NULL) {
		inert_warn("--reset-state and --dry-run go with --state");
		goto out;
	}
	if ((db = cli_load_db(c)) == NULL)
		goto out;
	flt = filter_new();
	if (cli_report_setup(&a.rep, c->format, db, flt) != 0)
		goto out;
	a.po.so.ts = a.rep.ts;
	a.po.ro = a.rep.ro;
	a.po.filter = flt;
	a.po.min_count = a.rep.min_count;
	a.po.output = a.rep.output;
	a.po.quiet = a.rep.quiet;
	trouble = pipeline_run(db, &a.po, c->args, c->nargs, &worst, &fmt_status) != 0;
	status = cli_report_status(&a.rep, worst, fmt_status, trouble);
out:
	if (status < 0)
		status = cli_report_failed(c->format);
	cli_report_free(&a.rep);
	filter_free(flt);
	db_free(db);
	free(a.po.rotated);
	free(a.po.rotated_dirs);
	free(a.po.exclude);
	return status;
}

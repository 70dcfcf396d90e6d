/* main.c: command-line entry point: picks the command, loads the rules, sets the exit status. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cron.h"
#include "db.h"
#include "evxml.h"
#include "explain.h"
#include "filter.h"
#include "input.h"
#include "output.h"
#include "report.h"
#include "scan.h"
#include "state.h"
#include "tstamp.h"
#include "walk.h"
#include "xalloc.h"

#define EXIT_USAGE	2

/* What every command shares. */
struct common {
	const char	**rules;	/* --rules DIR, in order */
	size_t		  nrules;
	const char	 *format;
	char		**args;		/* the positional arguments */
	int		  nargs;
};

struct command {
	const char	*name;
	const char	*synopsis;
	const char	*help;
	int		(*run)(struct common *, int, char **);
};

static int	cmd_explain(struct common *, int, char **);
static int	cmd_rules(struct common *, int, char **);
static int	cmd_scan(struct common *, int, char **);
static int	cmd_merge(struct common *, int, char **);

static const struct command commands[] = {
	{ "explain", "explain [--format text|json] [--win32] [--method NAME] CODE...",
	  "Explain error codes: hex (0x800423F3, 800423f3, 0x800423F3L), decimal\n"
	  "(-2147212301, 2147754995) or names (VSS_E_WRITERERROR_RETRYABLE, E_ACCESSDENIED).\n"
	  "  --format FMT     text (default) or json\n"
	  "  --win32          numbers are Win32 error numbers (5 = ERROR_ACCESS_DENIED)\n"
	  "  --method NAME    explain the codes as returned by this VSS method\n",
	  cmd_explain },
	{ "scan", "scan [-r] [--format text|json|jsonl|csv] [OPTIONS] [PATH...]",
	  "Find every VSS and backup error code in logs (text, gzip, UTF-16) and report\n"
	  "them grouped by what to do.  No PATH, or '-', reads standard input.\n"
	  "  -r, --recursive     scan the files below directories\n"
	  "  --exclude GLOB      with -r: skip files and directories named so\n"
	  "  --format FMT        text (default), json, jsonl (a finding a line) or csv\n"
	  "  --summary           csv: one row per code and group instead of per finding\n"
	  "  --output FILE       write the report to FILE, atomically\n"
	  "  --color WHEN        auto (default), always or never\n"
	  "  --at TIME           reference time for retry evaluation (default: now)\n"
	  "  --retry-window DUR  failures further apart start a new chain (default 24h)\n"
	  "  --since TIME, --until TIME   only findings in this time range (2024-05-14,\n"
	  "                      2024-05-14T02:13:09Z, or an age such as 24h)\n"
	  "  --guidance LIST     only these classes (fix,transient,...)\n"
	  "  --ignore FILE       codes, names, 'writer NAME' lines or regexes to silence\n"
	  "  --min-count N       only codes found at least N times\n"
	  "  --max-sources N     sources listed per code (default 5)\n"
	  "  --fail-on CLASS     exit 1 when a class at or before it is found\n"
	  "                      (default: unknown, that is anything but info)\n"
	  "  --all-codes         report every failure-shaped code, VSS-related or not\n"
	  "  --tz ZONE           zone of timestamps that carry none: UTC (default),\n"
	  "                      +02:00, or a zone name such as Europe/Berlin\n"
	  "  --host NAME         host to report for inputs that name none\n"
	  "Cron mode:\n"
	  "  --state FILE        remember what was read; scan only what is new, across\n"
	  "                      log rotation (see CRON USE in vssexplain(1))\n"
	  "  --rotated PATTERN   where rotated copies are (%s is the log; repeatable;\n"
	  "                      default %s.[0-9]* %s-[0-9]* %s_[0-9]*)\n"
	  "  --rotated-dir DIR   rotated copies are also in DIR (logrotate's olddir;\n"
	  "                      relative to the log's directory; repeatable; kept)\n"
	  "  --lock-timeout SEC  wait this long for another run's lock (default 60)\n"
	  "  --dry-run           report, but leave the state as it was\n"
	  "  --reset-state       start afresh, ignoring (and replacing) the state\n",
	  cmd_scan },
	{ "merge", "merge [--format text|json|csv] [OPTIONS] REPORT.json...",
	  "Combine JSON reports (scan --format json) from many hosts into one report,\n"
	  "with grouping and retry evaluation across them.  Takes --output, --at,\n"
	  "--retry-window, --color, --fail-on, --max-sources, --min-count.\n",
	  cmd_merge },
	{ "rules", "rules [--rules DIR]...",
	  "Load and check the error database, then print what it holds.\n",
	  cmd_rules },
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static void
usage(FILE *f)
{
	size_t	i;

	fprintf(f, "usage: vssexplain [--rules DIR]... COMMAND [OPTIONS] [ARGS]\n\n"
	    "Explains Windows Volume Shadow Copy (VSS) backup failures.\n\nCommands:\n");
	for (i = 0; i < NCOMMANDS; i++)
		fprintf(f, "  vssexplain %s\n", commands[i].synopsis);
	fprintf(f, "\nCommon options:\n"
	    "  --rules DIR      also load DIR/*.rules (adds to or overrides the database)\n"
	    "  -h, --help       show help (vssexplain COMMAND --help for a command)\n"
	    "  -V, --version    show the version\n\n"
	    "Exit status: 0 all known / nothing found, 1 something unknown or found,\n"
	    "2 usage error or unreadable input.  See vssexplain(1).\n");
}

/* Is s a negative number, which getopt would take for options? */
static int
negative_number(const char *s)
{
	return s[0] == '-' && s[1] >= '0' && s[1] <= '9';
}

/*
 * Parses argv in order with getopt_long; positional arguments (negative
 * numbers included) are collected into c->args in the order given.  handle()
 * gets every option the command table does not cover itself.
 */
static int
parse_args(struct common *c, int argc, char **argv, const char *shortopts,
    const struct option *longopts, int (*handle)(void *, int, const char *),
    void *arg)
{
	int	ch;

	c->args = xcalloc((size_t)argc + 1, sizeof *c->args);
	optind = 1;
	opterr = 0;
	for (;;) {
		if (optind < argc && negative_number(argv[optind])) {
			c->args[c->nargs++] = argv[optind++];
			continue;
		}
		if ((ch = getopt_long(argc, argv, shortopts, longopts, NULL)) == -1)
			break;
		if (ch == 1) {
			c->args[c->nargs++] = optarg;
			continue;
		}
		if (ch == 'R') {
			c->rules = xreallocarray(c->rules, c->nrules + 1, sizeof *c->rules);
			c->rules[c->nrules++] = optarg;
			continue;
		}
		if (ch == 'f') {
			c->format = optarg;
			continue;
		}
		if (ch == 'r')
			continue;	/* taken before parsing */
		if (ch == '?' || ch == ':') {
			if (optopt != 0 && ch == '?')
				fprintf(stderr, "vssexplain: unknown option '-%c'\n", optopt);
			else if (ch == '?')
				fprintf(stderr, "vssexplain: unknown option '%s'\n",
				    argv[optind - 1]);
			else
				fprintf(stderr, "vssexplain: option '%s' needs a value\n",
				    argv[optind - 1]);
			return -1;
		}
		if (handle == NULL || handle(arg, ch, optarg) != 0)
			return -1;
	}
	while (optind < argc)
		c->args[c->nargs++] = argv[optind++];
	return 0;
}

/* The directory that holds this program, or NULL. */
static char *
exe_dir(void)
{
	char	buf[PATH_MAX], *slash;
	ssize_t	n = readlink("/proc/self/exe", buf, sizeof buf - 1);

	if (n <= 0)
		return NULL;
	buf[n] = '\0';
	if ((slash = strrchr(buf, '/')) == NULL)
		return NULL;
	*slash = '\0';
	return xstrdup(buf);
}

/*
 * The base rules directory: $VSSEXPLAIN_RULES, else the source tree's rules/
 * when this binary is the one in the build tree, else the installed one.
 */
static const char *
base_rules_dir(void)
{
	const char	*env = getenv("VSSEXPLAIN_RULES");
	char		*dir, real[PATH_MAX];
	int		 in_build;

	if (env != NULL && *env != '\0')
		return env;
	if ((dir = exe_dir()) == NULL)
		return VSSX_RULESDIR;
	in_build = realpath(VSSX_BUILDDIR, real) != NULL && strcmp(real, dir) == 0;
	free(dir);
	return in_build ? VSSX_SRC_RULESDIR : VSSX_RULESDIR;
}

static struct db *
load_db(const struct common *c)
{
	const char	**dirs = xcalloc(c->nrules + 2, sizeof *dirs);
	int		 *optional = xcalloc(c->nrules + 2, sizeof *optional);
	struct db	 *db;
	char		 *err = NULL;
	size_t		  n = 0, i;

	dirs[n++] = base_rules_dir();
	dirs[n] = VSSX_SYSCONFDIR "/vssexplain/rules.d";
	optional[n++] = 1;
	for (i = 0; i < c->nrules; i++)
		dirs[n++] = c->rules[i];
	db = db_load(dirs, optional, n, &err);
	if (db == NULL) {
		fputs(err, stderr);
		fputs("vssexplain: the error database is broken; nothing was done\n", stderr);
		free(err);
	}
	free(dirs);
	free(optional);
	return db;
}

static int
explain_opt(void *arg, int ch, const char *val)
{
	struct explain_opts	*o = arg;

	switch (ch) {
	case 'w':
		o->win32 = 1;
		return 0;
	case 'm':
		o->method = val;
		return 0;
	}
	return -1;
}

static int
cmd_explain(struct common *c, int argc, char **argv)
{
	static const struct option	 longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "win32", no_argument, NULL, 'w' },
		{ "method", required_argument, NULL, 'm' },
		{ "rules", required_argument, NULL, 'R' },
		{ NULL, 0, NULL, 0 }
	};
	struct explain_opts		 o;
	struct db			*db;
	int				 status;

	memset(&o, 0, sizeof o);
	if (parse_args(c, argc, argv, "-:f:wm:", longopts, explain_opt, &o) != 0)
		return EXIT_USAGE;
	if (c->format == NULL || strcmp(c->format, "text") == 0)
		o.format = EXPLAIN_TEXT;
	else if (strcmp(c->format, "json") == 0)
		o.format = EXPLAIN_JSON;
	else {
		fprintf(stderr, "vssexplain: explain --format is text or json, not '%s'\n",
		    c->format);
		return EXIT_USAGE;
	}
	if (c->nargs == 0) {
		fprintf(stderr, "usage: vssexplain %s\n", commands[0].synopsis);
		return EXIT_USAGE;
	}
	if ((db = load_db(c)) == NULL)
		return EXIT_USAGE;
	status = explain_run(db, &o, c->args, c->nargs, stdout, stderr);
	db_free(db);
	return status;
}

static int
cmd_rules(struct common *c, int argc, char **argv)
{
	static const struct option	 longopts[] = {
		{ "rules", required_argument, NULL, 'R' },
		{ NULL, 0, NULL, 0 }
	};
	const struct db_guidance *const	*g;
	struct db			*db;
	size_t				 n, i;

	if (parse_args(c, argc, argv, "-:", longopts, NULL, NULL) != 0)
		return EXIT_USAGE;
	if (c->nargs != 0) {
		fprintf(stderr, "usage: vssexplain %s\n", commands[3].synopsis);
		return EXIT_USAGE;
	}
	if ((db = load_db(c)) == NULL)
		return EXIT_USAGE;
	printf("names: %zu\n", db_name_count(db));
	db_methods(db, &n);
	printf("methods: %zu\n", n);
	db_disputes(db, &n);
	printf("disputed claims: %zu\n", n);
	g = db_guidances(db, &n);
	printf("guidance classes:");
	for (i = 0; i < n; i++)
		printf(" %s", g[i]->id);
	printf("\n");
	db_free(db);
	return 0;
}

/* Options of scan and merge, filled by report_opt. */
struct report_args {
	struct report_opts	 ro;
	const char		*output;
	const char		*color;
	const char		*at;
	const char		*window;
	const char		*since, *until;
	const char		*classes;
	const char		*ignore;
	const char		*fail_on;
	long			 min_count;
	struct scan_opts	 so;
	const char		*state;
	int			 reset_state, dry_run, lock_timeout;
	const char		**rotated;
	size_t			  nrotated;
	const char		**rotated_dirs;
	size_t			  nrotated_dirs;
	const char		**exclude;
	size_t			  nexclude;
};

/* What scan needs in its callbacks. */
struct scan_run {
	struct scanner	*scanner;
	struct report	*report;
	struct filter	*filter;
	struct walk	*walk;
	struct cron	*cron;		/* with --state */
	struct evxml	*events;	/* the reader of event-log XML */
};

static void
scan_emit(void *ctx, const struct finding *f)
{
	struct scan_run	*r = ctx;

	if (r->cron != NULL && f->event != NULL && f->event->record_id >= 0) {
		/* an export holds the events of earlier runs again: skip those */
		struct state_events	*e = state_events_get(r->cron->st, f->event->computer,
		    f->event->channel);

		if (f->event->record_id <= e->prev_max)
			return;
		if (f->event->record_id > e->max_record) {
			e->max_record = f->event->record_id;
			e->time = f->time;
		}
	}
	if (filter_pass(r->filter, f))
		report_add(r->report, f);
}

static void
notice(void *ctx, const char *msg)
{
	(void)ctx;
	fprintf(stderr, "vssexplain: notice: %s\n", msg);
}

static void
scan_missing(void *ctx, const char *path)
{
	struct scan_run	*r = ctx;

	cron_missing(r->cron, r->scanner, path, scan_emit, r);
}

static void
save_chain(void *ctx, const char *class, uint32_t value, const char *host,
    const char *writer, const int64_t *times, size_t n)
{
	state_chain_add(ctx, class, value, host, writer, times, n);
}

static void
scan_input(void *ctx, const char *path, struct input *in)
{
	struct scan_run		*r = ctx;
	struct report_input	 ri;
	int			 before = r->walk->errors;

	if (r->cron != NULL)
		cron_text(r->cron, r->scanner, in, path, scan_emit, r);
	else
		scanner_text(r->scanner, in, path, scan_emit, r);
	memset(&ri, 0, sizeof ri);
	ri.path = path;
	ri.kind = input_describe(in);
	ri.bytes = input_raw_bytes(in);
	ri.lines = scanner_lines(r->scanner);
	ri.errors = r->walk->errors - before;
	if (ri.errors == 0 && input_failed(in))
		ri.errors = 1;	/* reported while the walker peeked at it */
	report_input(r->report, &ri);
}

/* Reports damage in an event export; the exit status says it happened. */
static void
scan_problem(void *ctx, const char *msg)
{
	struct scan_run	*r = ctx;

	fprintf(stderr, "vssexplain: %s\n", msg);
	r->walk->errors++;
}

/* Reads an exported event log (XML); --state does not apply to it. */
static void
scan_events(void *ctx, const char *path, struct input *in)
{
	struct scan_run		*r = ctx;
	struct report_input	 ri;
	char			 kind[48];
	int			 before = r->walk->errors;

	evxml_scan(r->events, in, path, scan_emit, scan_problem, r);
	snprintf(kind, sizeof kind, "event-xml%s%s", strcmp(input_describe(in), "text") == 0 ?
	    "" : ", ", strcmp(input_describe(in), "text") == 0 ? "" : input_describe(in));
	memset(&ri, 0, sizeof ri);
	ri.path = path;
	ri.kind = kind;
	ri.bytes = input_raw_bytes(in);
	ri.lines = evxml_lines(r->events);
	ri.events = evxml_events(r->events);
	ri.errors = r->walk->errors - before;
	report_input(r->report, &ri);
}

/* Records an input that could not be read at all. */
static void
scan_failed(void *ctx, const char *path)
{
	struct scan_run		*r = ctx;
	struct report_input	 ri;

	memset(&ri, 0, sizeof ri);
	ri.path = path;
	ri.kind = "unreadable";
	ri.errors = 1;
	report_input(r->report, &ri);
}

/* Parses a duration such as 24h, 90m, 2d or 3600 (seconds). */
static int
parse_duration(const char *s, int64_t *out)
{
	char	*end;
	long	 n;

	errno = 0;
	n = strtol(s, &end, 10);
	if (end == s || n < 0 || errno != 0 || n > LONG_MAX / 86400)
		return -1;	/* LONG_MAX / 86400: no overflow in days */
	switch (*end) {
	case '\0':
	case 's':
		break;
	case 'm':
		n *= 60;
		break;
	case 'h':
		n *= 3600;
		break;
	case 'd':
		n *= 86400;
		break;
	default:
		return -1;
	}
	if (*end != '\0' && end[1] != '\0')
		return -1;
	*out = n;
	return 0;
}

/* Parses a whole number of option opt within [min, max]; prints what is wrong. */
static int
parse_count(const char *opt, const char *val, long min, long max, long *out)
{
	char	*end;
	long	 n;

	errno = 0;
	n = strtol(val, &end, 10);
	if (*val == '\0' || *end != '\0' || errno != 0 || n < min || n > max) {
		fprintf(stderr, "vssexplain: %s takes a whole number from %ld to %ld\n", opt,
		    min, max);
		return -1;
	}
	*out = n;
	return 0;
}

static int
report_opt(void *arg, int ch, const char *val)
{
	struct report_args	*a = arg;
	long			 n;

	switch (ch) {
	case 'a':
		a->so.all_codes = 1;
		return 0;
	case 'z':
		if (tstamp_check_tz(val) != 0) {
			fprintf(stderr, "vssexplain: --tz '%s' is not UTC, an offset like "
			    "+02:00 or a zone name like Europe/Berlin\n", val);
			return -1;
		}
		a->so.ts.tz = val;
		return 0;
	case 'H':
		a->so.host = val;
		return 0;
	case 'o':
		a->output = val;
		return 0;
	case 'C':
		a->color = val;
		return 0;
	case 'A':
		a->at = val;
		return 0;
	case 'W':
		a->window = val;
		return 0;
	case 'S':
		a->since = val;
		return 0;
	case 'U':
		a->until = val;
		return 0;
	case 'g':
		a->classes = val;
		return 0;
	case 'i':
		a->ignore = val;
		return 0;
	case 'F':
		a->fail_on = val;
		return 0;
	case 'm':
		return parse_count("--min-count", val, 1, LONG_MAX, &a->min_count);
	case 'M':
		if (parse_count("--max-sources", val, 1, 1000000, &n) != 0)
			return -1;
		a->ro.max_sources = (int)n;
		return 0;
	case 's':
		a->ro.summary = 1;
		return 0;
	case 'T':
		a->state = val;
		return 0;
	case 'X':
		a->reset_state = 1;
		return 0;
	case 'N':
		a->dry_run = 1;
		return 0;
	case 'L':
		if (parse_count("--lock-timeout", val, 0, 86400, &n) != 0)
			return -1;
		a->lock_timeout = (int)n;
		return 0;
	case 'E':
		a->exclude = xreallocarray(a->exclude, a->nexclude + 1, sizeof *a->exclude);
		a->exclude[a->nexclude++] = val;
		return 0;
	case 'P':
		if (strstr(val, "%s") == NULL) {
			fprintf(stderr, "vssexplain: --rotated '%s' needs %%s where the log's "
			    "name goes, as in %%s.1.gz\n", val);
			return -1;
		}
		a->rotated = xreallocarray(a->rotated, a->nrotated + 1, sizeof *a->rotated);
		a->rotated[a->nrotated++] = val;
		return 0;
	case 'D':
		if (*val == '\0') {
			fprintf(stderr, "vssexplain: --rotated-dir needs a directory\n");
			return -1;
		}
		a->rotated_dirs = xreallocarray(a->rotated_dirs, a->nrotated_dirs + 1,
		    sizeof *a->rotated_dirs);
		a->rotated_dirs[a->nrotated_dirs++] = val;
		return 0;
	}
	return -1;
}

static const struct option report_longopts[] = {
	{ "format", required_argument, NULL, 'f' },
	{ "recursive", no_argument, NULL, 'r' },
	{ "all-codes", no_argument, NULL, 'a' },
	{ "tz", required_argument, NULL, 'z' },
	{ "host", required_argument, NULL, 'H' },
	{ "rules", required_argument, NULL, 'R' },
	{ "output", required_argument, NULL, 'o' },
	{ "color", required_argument, NULL, 'C' },
	{ "colour", required_argument, NULL, 'C' },
	{ "at", required_argument, NULL, 'A' },
	{ "retry-window", required_argument, NULL, 'W' },
	{ "since", required_argument, NULL, 'S' },
	{ "until", required_argument, NULL, 'U' },
	{ "guidance", required_argument, NULL, 'g' },
	{ "ignore", required_argument, NULL, 'i' },
	{ "fail-on", required_argument, NULL, 'F' },
	{ "min-count", required_argument, NULL, 'm' },
	{ "max-sources", required_argument, NULL, 'M' },
	{ "summary", no_argument, NULL, 's' },
	{ "state", required_argument, NULL, 'T' },
	{ "reset-state", no_argument, NULL, 'X' },
	{ "dry-run", no_argument, NULL, 'N' },
	{ "lock-timeout", required_argument, NULL, 'L' },
	{ "rotated", required_argument, NULL, 'P' },
	{ "rotated-dir", required_argument, NULL, 'D' },
	{ "exclude", required_argument, NULL, 'E' },
	{ NULL, 0, NULL, 0 }
};

/* What merge takes of them: no filters, nothing about reading logs. */
static const struct option merge_longopts[] = {
	{ "format", required_argument, NULL, 'f' },
	{ "rules", required_argument, NULL, 'R' },
	{ "output", required_argument, NULL, 'o' },
	{ "color", required_argument, NULL, 'C' },
	{ "colour", required_argument, NULL, 'C' },
	{ "at", required_argument, NULL, 'A' },
	{ "retry-window", required_argument, NULL, 'W' },
	{ "fail-on", required_argument, NULL, 'F' },
	{ "min-count", required_argument, NULL, 'm' },
	{ "max-sources", required_argument, NULL, 'M' },
	{ NULL, 0, NULL, 0 }
};

/*
 * Checks the report options once the database is loaded: fills the report
 * options and the filter, and the --fail-on threshold.  Prints what is wrong.
 */
static int
setup_report(struct common *c, struct report_args *a, const struct db *db,
    struct filter *flt, int *fail_order)
{
	const struct db_guidance	*g;
	char				*err = NULL;
	int64_t				 t;

	a->so.ts.reference = time(NULL);
	if (a->at != NULL) {
		if (tstamp_parse_user(a->at, &a->so.ts, &t) != 0) {
			fprintf(stderr, "vssexplain: --at '%s' is not a time like "
			    "2024-05-14T02:13:09Z\n", a->at);
			return -1;
		}
		a->so.ts.reference = (time_t)t;
	}
	a->ro.at = a->so.ts.reference;
	a->ro.retry_window = 24 * 3600;
	if (a->window != NULL && parse_duration(a->window, &a->ro.retry_window) != 0) {
		fprintf(stderr, "vssexplain: --retry-window '%s' is not a duration like 24h\n",
		    a->window);
		return -1;
	}
	if (c->format == NULL || strcmp(c->format, "text") == 0)
		a->ro.format = REPORT_TEXT;
	else if (strcmp(c->format, "json") == 0)
		a->ro.format = REPORT_JSON;
	else if (strcmp(c->format, "jsonl") == 0)
		a->ro.format = REPORT_JSONL;
	else if (strcmp(c->format, "csv") == 0)
		a->ro.format = REPORT_CSV;
	else {
		fprintf(stderr, "vssexplain: --format is text, json, jsonl or csv, not '%s'\n",
		    c->format);
		return -1;
	}
	if (a->color == NULL || strcmp(a->color, "auto") == 0)
		a->ro.color = a->output == NULL && isatty(STDOUT_FILENO) &&
		    getenv("NO_COLOR") == NULL;
	else if (strcmp(a->color, "always") == 0)
		a->ro.color = 1;
	else if (strcmp(a->color, "never") == 0)
		a->ro.color = 0;
	else {
		fprintf(stderr, "vssexplain: --color is auto, always or never\n");
		return -1;
	}
	if ((a->since != NULL && tstamp_parse_user(a->since, &a->so.ts, &t) != 0) ||
	    (a->until != NULL && tstamp_parse_user(a->until, &a->so.ts, &t) != 0)) {
		fprintf(stderr, "vssexplain: --since and --until take a time like 2024-05-14, "
		    "2024-05-14T02:13:09Z or an age like 24h\n");
		return -1;
	}
	{
		int64_t	since = TSTAMP_NONE, until = TSTAMP_NONE;

		if (a->since != NULL)
			tstamp_parse_user(a->since, &a->so.ts, &since);
		if (a->until != NULL)
			tstamp_parse_user(a->until, &a->so.ts, &until);
		filter_times(flt, since, until);
	}
	if (a->classes != NULL && filter_classes(flt, db, a->classes, &err) != 0) {
		fprintf(stderr, "vssexplain: --guidance: %s\n", err);
		free(err);
		return -1;
	}
	if (a->ignore != NULL && filter_ignore_file(flt, db, a->ignore, &err) != 0) {
		fprintf(stderr, "vssexplain: %s\n", err);
		free(err);
		return -1;
	}
	g = db_guidance_find(db, a->fail_on != NULL ? a->fail_on : "unknown");
	if (g == NULL) {
		fprintf(stderr, "vssexplain: --fail-on: unknown guidance class '%s'\n", a->fail_on);
		return -1;
	}
	*fail_order = g->order;
	return 0;
}

/* Loads the state of cron mode under its lock; -1 after a message. */
static int
open_state(struct report_args *a, struct state **st, int *lockfd)
{
	char	*err = NULL;

	if ((*lockfd = state_lock(a->state, a->lock_timeout, &err)) == -1) {
		fprintf(stderr, "vssexplain: %s\n", err);
		free(err);
		return -1;
	}
	if (a->reset_state)
		*st = xcalloc(1, sizeof **st);
	else if ((*st = state_load(a->state, &err)) == NULL) {
		fprintf(stderr, "vssexplain: %s\n", err);
		free(err);
		return -1;
	}
	return 0;
}

static int
cmd_scan(struct common *c, int argc, char **argv)
{
	static const char	*rotated_default[] = { CRON_ROTATED_DEFAULT };
	struct report_args	 a;
	struct scan_run		 run;
	struct walk		 w;
	struct cron		 cron;
	struct state		*st = NULL;
	struct db		*db;
	struct filter		*flt = NULL;
	struct output		 o;
	FILE			*out = NULL;
	char			*err = NULL, *dash = (char *)"-";
	size_t			 k;
	int			 i, status = EXIT_USAGE, fail_order = 0, worst, lockfd = -1;

	memset(&a, 0, sizeof a);
	memset(&run, 0, sizeof run);
	memset(&w, 0, sizeof w);
	a.lock_timeout = 60;
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "-r") == 0 || strcmp(argv[i], "--recursive") == 0)
			w.recursive = 1;
	}
	if (parse_args(c, argc, argv, "-:f:r", report_longopts, report_opt, &a) != 0)
		goto out;
	if ((a.reset_state || a.dry_run) && a.state == NULL) {
		fprintf(stderr, "vssexplain: --reset-state and --dry-run go with --state\n");
		goto out;
	}
	if ((db = load_db(c)) == NULL)
		goto out;
	flt = filter_new();
	if (setup_report(c, &a, db, flt, &fail_order) != 0)
		goto out_db;
	if ((run.scanner = scanner_new(db, &a.so, &err)) == NULL) {
		fprintf(stderr, "vssexplain: the rules' patterns do not compile: %s\n", err);
		free(err);
		goto out_db;
	}
	if (a.state != NULL && open_state(&a, &st, &lockfd) != 0)
		goto out_db;
	if ((out = output_open(&o, a.output)) == NULL)
		goto out_db;
	run.report = report_new(db, &a.ro);
	report_stream(run.report, out);
	{
		const struct db_guidance *const	*only;
		size_t				 nonly;

		if ((only = filter_class_list(flt, &nonly)) != NULL)
			report_groups(run.report, only, nonly);
	}
	if (a.min_count > 1)
		report_min_count(run.report, a.min_count);
	if (st != NULL) {
		memset(&cron, 0, sizeof cron);
		cron.st = st;
		cron.rotated = a.nrotated > 0 ? a.rotated : rotated_default;
		cron.nrotated = a.nrotated > 0 ? a.nrotated :
		    sizeof rotated_default / sizeof rotated_default[0];
		cron.dirs = a.rotated_dirs;
		cron.ndirs = a.nrotated_dirs;
		cron.notice = notice;
		cron.problem = scan_problem;
		cron.ctx = &run;
		run.cron = &cron;
		w.missing = scan_missing;
		for (k = 0; k < st->nchains; k++)
			report_seed(run.report, st->chains[k].class, st->chains[k].value,
			    st->chains[k].host, st->chains[k].writer, st->chains[k].times,
			    st->chains[k].ntimes);
	}
	run.filter = flt;
	run.walk = &w;
	w.exclude = a.exclude;
	w.nexclude = a.nexclude;
	w.fn = scan_input;
	run.events = evxml_new(db, run.scanner, &a.so);
	w.events = scan_events;
	w.failed = scan_failed;
	w.ctx = &run;
	if (c->nargs == 0)
		walk_path(&w, dash);
	for (i = 0; i < c->nargs; i++)
		walk_path(&w, c->args[i]);
	if (output_close(&o, report_write(run.report, out) == 0) != 0)
		w.errors++;
	else if (st != NULL && !a.dry_run) {
		/* only once the report is out: a run that dies re-reads these lines */
		state_chains_clear(st);
		report_chains(run.report, save_chain, st);
		if (state_save(st, a.state, &err) != 0) {
			fprintf(stderr, "vssexplain: %s\n", err);
			free(err);
			w.errors++;
		}
	}
	worst = report_worst(run.report);
	if (w.errors > 0 || (w.inputs == 0 && st == NULL))
		status = EXIT_USAGE;
	else
		status = worst >= 0 && worst <= fail_order;
out_db:
	report_free(run.report);
	evxml_free(run.events);
	scanner_free(run.scanner);
	filter_free(flt);
	state_free(st);
	if (lockfd != -1)
		close(lockfd);
	db_free(db);
out:
	free(a.rotated);
	free(a.rotated_dirs);
	free(a.exclude);
	return status;
}

static int
cmd_merge(struct common *c, int argc, char **argv)
{
	struct report_args	 a;
	struct report		*rep;
	struct filter		*flt;
	struct db		*db;
	struct output		 o;
	FILE			*out;
	char			*err = NULL;
	int			 i, status, fail_order = 0, errors = 0, worst;

	memset(&a, 0, sizeof a);
	if (parse_args(c, argc, argv, "-:f:", merge_longopts, report_opt, &a) != 0)
		return EXIT_USAGE;
	if (c->nargs == 0) {
		fprintf(stderr, "usage: vssexplain merge [--format text|json|csv] REPORT.json...\n");
		return EXIT_USAGE;
	}
	if ((db = load_db(c)) == NULL)
		return EXIT_USAGE;
	flt = filter_new();
	if (setup_report(c, &a, db, flt, &fail_order) != 0 || a.ro.format == REPORT_JSONL) {
		if (a.ro.format == REPORT_JSONL)
			fprintf(stderr, "vssexplain: merge writes text, json or csv --summary\n");
		filter_free(flt);
		db_free(db);
		return EXIT_USAGE;
	}
	a.ro.summary = a.ro.format == REPORT_CSV;
	rep = report_new(db, &a.ro);
	if (a.min_count > 1)
		report_min_count(rep, a.min_count);
	for (i = 0; i < c->nargs; i++) {
		if (report_merge_file(rep, c->args[i], &err) != 0) {
			fprintf(stderr, "vssexplain: %s\n", err);
			free(err);
			err = NULL;
			errors++;
		}
	}
	if ((out = output_open(&o, a.output)) == NULL)
		errors++;
	else if (output_close(&o, report_write(rep, out) == 0) != 0)
		errors++;
	worst = report_worst(rep);
	status = errors > 0 ? EXIT_USAGE : worst >= 0 && worst <= fail_order;
	report_free(rep);
	filter_free(flt);
	db_free(db);
	return status;
}

int
main(int argc, char **argv)
{
	struct common	 c;
	size_t		 i;
	int		 status, first = 1;

	memset(&c, 0, sizeof c);
	evxml_init();
	atexit(evxml_cleanup);
	/* Options before the command: --rules DIR, --help, --version. */
	while (first < argc && argv[first][0] == '-') {
		const char	*a = argv[first];

		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			usage(stdout);
			return 0;
		}
		if (strcmp(a, "-V") == 0 || strcmp(a, "--version") == 0) {
			printf("vssexplain %s\n", PACKAGE_VERSION);
			return 0;
		}
		if (strcmp(a, "--rules") == 0 && first + 1 < argc) {
			c.rules = xreallocarray(c.rules, c.nrules + 1, sizeof *c.rules);
			c.rules[c.nrules++] = argv[first + 1];
			first += 2;
			continue;
		}
		if (strncmp(a, "--rules=", 8) == 0) {
			c.rules = xreallocarray(c.rules, c.nrules + 1, sizeof *c.rules);
			c.rules[c.nrules++] = a + 8;
			first++;
			continue;
		}
		fprintf(stderr, "vssexplain: unknown option '%s' before the command\n", a);
		usage(stderr);
		return EXIT_USAGE;
	}
	if (first >= argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	for (i = 0; i < NCOMMANDS; i++) {
		if (strcmp(argv[first], commands[i].name) != 0)
			continue;
		if (argc - first > 1 && (strcmp(argv[first + 1], "--help") == 0 ||
		    strcmp(argv[first + 1], "-h") == 0)) {
			printf("usage: vssexplain %s\n\n%s", commands[i].synopsis,
			    commands[i].help);
			return 0;
		}
		status = commands[i].run(&c, argc - first, argv + first);
		free(c.args);
		free(c.rules);
		return status;
	}
	fprintf(stderr, "vssexplain: unknown command '%s'\n", argv[first]);
	usage(stderr);
	return EXIT_USAGE;
}

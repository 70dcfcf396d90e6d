/* main.c: command-line entry point: picks the command, loads the rules, sets the exit status. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "db.h"
#include "emit.h"
#include "explain.h"
#include "input.h"
#include "scan.h"
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

static const struct command commands[] = {
	{ "explain", "explain [--format text|json] [--win32] [--method NAME] CODE...",
	  "Explain error codes: hex (0x800423F3, 800423f3, 0x800423F3L), decimal\n"
	  "(-2147212301, 2147754995) or names (VSS_E_WRITERERROR_RETRYABLE, E_ACCESSDENIED).\n"
	  "  --format FMT     text (default) or json\n"
	  "  --win32          numbers are Win32 error numbers (5 = ERROR_ACCESS_DENIED)\n"
	  "  --method NAME    explain the codes as returned by this VSS method\n",
	  cmd_explain },
	{ "scan", "scan [-r] [--format text|jsonl] [--all-codes] [--tz ZONE] [--host NAME] [PATH...]",
	  "Find every VSS and backup error code in text logs (plain, gzip, UTF-16) and explain\n"
	  "it.  No PATH, or '-', reads standard input.\n"
	  "  -r, --recursive  scan the files below directories\n"
	  "  --format FMT     text (default) or jsonl (one JSON object per finding)\n"
	  "  --all-codes      report every failure-shaped code, VSS-related or not\n"
	  "  --tz ZONE        zone of timestamps that carry none: UTC (default), +02:00,\n"
	  "                   or a zone name such as Europe/Berlin\n"
	  "  --host NAME      host to report for inputs that name none\n",
	  cmd_scan },
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
		fprintf(stderr, "usage: vssexplain %s\n", commands[2].synopsis);
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

/* What scan needs in its callbacks. */
struct scan_run {
	struct scanner	*scanner;
	int		 jsonl;
	long		 findings;
	long		 actionable;	/* findings of a class other than info */
};

static void
scan_emit(void *ctx, const struct finding *f)
{
	struct scan_run	*r = ctx;

	r->findings++;
	if (f->r.guidance == NULL || strcmp(f->r.guidance->id, "info") != 0)
		r->actionable++;
	if (r->jsonl)
		emit_jsonl(stdout, f);
	else
		emit_listing(stdout, f);
}

static void
scan_input(void *ctx, const char *path, struct input *in)
{
	struct scan_run	*r = ctx;

	scanner_text(r->scanner, in, path, scan_emit, r);
}

static int
scan_opt(void *arg, int ch, const char *val)
{
	struct scan_opts	*o = arg;

	switch (ch) {
	case 'a':
		o->all_codes = 1;
		return 0;
	case 'z':
		if (tstamp_check_tz(val) != 0) {
			fprintf(stderr, "vssexplain: --tz '%s' is not UTC, an offset like "
			    "+02:00 or a zone name like Europe/Berlin\n", val);
			return -1;
		}
		o->ts.tz = val;
		return 0;
	case 'H':
		o->host = val;
		return 0;
	}
	return -1;
}

static int
cmd_scan(struct common *c, int argc, char **argv)
{
	static const struct option	 longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "recursive", no_argument, NULL, 'r' },
		{ "all-codes", no_argument, NULL, 'a' },
		{ "tz", required_argument, NULL, 'z' },
		{ "host", required_argument, NULL, 'H' },
		{ "rules", required_argument, NULL, 'R' },
		{ NULL, 0, NULL, 0 }
	};
	struct scan_opts		 o;
	struct scan_run			 run;
	struct walk			 w;
	struct db			*db;
	char				*err = NULL, *dash = (char *)"-";
	int				 i, recursive = 0, status;

	memset(&o, 0, sizeof o);
	memset(&run, 0, sizeof run);
	memset(&w, 0, sizeof w);
	o.ts.reference = time(NULL);
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "-r") == 0 || strcmp(argv[i], "--recursive") == 0)
			recursive = 1;
	}
	if (parse_args(c, argc, argv, "-:f:r", longopts, scan_opt, &o) != 0)
		return EXIT_USAGE;
	if (c->format == NULL || strcmp(c->format, "text") == 0)
		run.jsonl = 0;
	else if (strcmp(c->format, "jsonl") == 0)
		run.jsonl = 1;
	else {
		fprintf(stderr, "vssexplain: scan --format is text or jsonl, not '%s'\n",
		    c->format);
		return EXIT_USAGE;
	}
	if ((db = load_db(c)) == NULL)
		return EXIT_USAGE;
	if ((run.scanner = scanner_new(db, &o, &err)) == NULL) {
		fprintf(stderr, "vssexplain: the rules' patterns do not compile: %s\n", err);
		free(err);
		db_free(db);
		return EXIT_USAGE;
	}
	w.recursive = recursive;
	w.fn = scan_input;
	w.ctx = &run;
	if (c->nargs == 0)
		walk_path(&w, dash);
	for (i = 0; i < c->nargs; i++)
		walk_path(&w, c->args[i]);
	fflush(stdout);
	if (ferror(stdout)) {
		fprintf(stderr, "vssexplain: error writing the output\n");
		w.errors++;
	}
	scanner_free(run.scanner);
	db_free(db);
	if (w.errors > 0 || w.inputs == 0)
		status = EXIT_USAGE;
	else
		status = run.actionable > 0;
	return status;
}

int
main(int argc, char **argv)
{
	struct common	 c;
	size_t		 i;
	int		 status, first = 1;

	memset(&c, 0, sizeof c);
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

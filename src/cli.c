/* cli.c: what the commands share: option tables to getopt, the rules database, the report options. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "db.h"
#include "filter.h"
#include "fmt.h"
#include "inert.h"
#include "xalloc.h"

void
cli_help(const struct cli_cmd *cmd, FILE *f)
{
	const struct cli_opt	*o;

	size_t			 i;

	fprintf(f, "usage: vssexplain %s\n\n%s", cmd->synopsis, cmd->help);
	for (o = cmd->opts; cmd->keys == NULL && (o->name != NULL || o->help != NULL); o++) {
		if (o->help != NULL)
			fputs(o->help, f);
	}
	if (cmd->formats == 0)
		return;
	fprintf(f, "Formats (--format FMT):\n");
	for (i = 0; fmt_table[i] != NULL; i++) {
		if (cmd->formats == CLI_FORMATS_WHOLE && fmt_table[i]->write == NULL)
			continue;
		fprintf(f, "  %-18s  %s%s\n", fmt_table[i]->name, fmt_table[i]->help,
		    cmd->formats == CLI_FORMATS_WHOLE && (fmt_table[i]->flags & FMT_SUMMARY) ?
		    " (its --summary form)" : "");
	}
}

/* Is s a negative number, which getopt would take for options? */
static int
negative_number(const char *s)
{
	return s[0] == '-' && s[1] >= '0' && s[1] <= '9';
}

/* Turns a command's table (its keys' rows) into getopt's: the long options and the short ones. */
static struct option *
getopt_tables(const struct cli_opt *opts, const char *keys, char **shortopts)
{
	const struct cli_opt	*o;
	struct option		*lo;
	char			*so;
	size_t			 n = 0, ns = 0;

	for (o = opts; o->name != NULL || o->help != NULL; o++)
		n++;
	lo = xcalloc(n + 3, sizeof *lo);
	so = xcalloc(2 * n + 5, 1);
	so[ns++] = '-';		/* positional arguments in order, as key 1 */
	so[ns++] = ':';		/* a missing value is ':' */
	so[ns++] = 'h';		/* every command's --help and --version */
	so[ns++] = 'V';
	lo[0].name = "help";
	lo[0].val = 'h';
	lo[1].name = "version";
	lo[1].val = 'V';
	n = 2;
	for (o = opts; o->name != NULL || o->help != NULL; o++) {
		if (o->name == NULL || (keys != NULL && strchr(keys, o->key) == NULL))
			continue;
		lo[n].name = o->name;
		lo[n].has_arg = (o->flags & CLI_ARG) ? required_argument : no_argument;
		lo[n++].val = o->key;
		if (o->flags & CLI_SHORT) {
			so[ns++] = (char)o->key;
			if (o->flags & CLI_ARG)
				so[ns++] = ':';
		}
	}
	*shortopts = so;
	return lo;
}

int
cli_parse(struct common *c, const struct cli_cmd *cmd, int argc, char **argv,
    cli_handle_fn handle, void *arg)
{
	struct option	*longopts;
	char		*shortopts;
	int		 ch, status = -1;

	longopts = getopt_tables(cmd->opts, cmd->keys, &shortopts);
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
		if (ch == 'h' || ch == 'V') {
			if (ch == 'h')
				cli_help(cmd, stdout);
			else
				printf("vssexplain %s\n", PACKAGE_VERSION);
			status = 1;
			goto out;
		}
		if (ch == '?' || ch == ':') {
			if (optopt != 0 && ch == '?')
				inert_warn("unknown option '-%c'", optopt);
			else if (ch == '?')
				inert_warn("unknown option '%s'",
				    argv[optind - 1]);
			else
				inert_warn("option '%s' needs a value",
				    argv[optind - 1]);
			goto out;
		}
		if (handle == NULL || handle(arg, ch, optarg) != 0)
			goto out;
	}
	while (optind < argc)
		c->args[c->nargs++] = argv[optind++];
	status = 0;
out:
	free(longopts);
	free(shortopts);
	return status;
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

int
cli_in_build_tree(void)
{
	char	*dir, real[PATH_MAX];
	int	 in_build;

	if ((dir = exe_dir()) == NULL)
		return 0;
	in_build = realpath(VSSX_BUILDDIR, real) != NULL && strcmp(real, dir) == 0;
	free(dir);
	return in_build;
}

/*
 * The base rules directory: $VSSEXPLAIN_RULES, else the source tree's rules/
 * when this binary is the one in the build tree, else the installed one.
 */
static const char *
base_rules_dir(void)
{
	const char	*env = getenv("VSSEXPLAIN_RULES");

	if (env != NULL && *env != '\0')
		return env;
	return cli_in_build_tree() ? VSSX_SRC_RULESDIR : VSSX_RULESDIR;
}

struct db *
cli_load_db(const struct common *c)
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
	db = db_load_cached(dirs, optional, n, &err);
	if (db == NULL) {
		inert_warn_lines(err);
		fputs("vssexplain: the error database is broken; nothing was done\n", stderr);
		free(err);
	}
	free(dirs);
	free(optional);
	return db;
}

int
cli_duration(const char *s, int64_t *out)
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

int
cli_count(const char *opt, const char *val, long min, long max, long *out)
{
	char	*end;
	long	 n;

	errno = 0;
	n = strtol(val, &end, 10);
	if (*val == '\0' || *end != '\0' || errno != 0 || n < min || n > max) {
		inert_warn("%s takes a whole number from %ld to %ld", opt,
		    min, max);
		return -1;
	}
	*out = n;
	return 0;
}

/* The shared report options that only keep their value, by key. */
static const struct {
	int	 key;
	size_t	 off;
} report_values[] = {
	{ 'o', offsetof(struct cli_report, output) },
	{ 'C', offsetof(struct cli_report, color) },
	{ 'A', offsetof(struct cli_report, at) },
	{ 'W', offsetof(struct cli_report, window) },
	{ 'S', offsetof(struct cli_report, since) },
	{ 'U', offsetof(struct cli_report, until) },
	{ 'g', offsetof(struct cli_report, classes) },
	{ 'i', offsetof(struct cli_report, ignore) },
	{ 'F', offsetof(struct cli_report, fail_on) },
	{ 'w', offsetof(struct cli_report, alert_list[ALERT_WARNING]) },
	{ 'c', offsetof(struct cli_report, alert_list[ALERT_CRITICAL]) },
};

/*
 * The classes a monitoring check warns and goes critical on when not told:
 * critical when only a person can help (retries used up, a fix, a restart),
 * warning for the rest but success and information.
 */
static const char *const	alert_default[ALERT_LEVELS] = {
	"transient,busy,requester,investigate,unknown",
	"exhausted,fix,reboot"
};

/* Adds the sections of a --by value, "host", "writer" or both with a comma. */
static int
report_by_names(const char *val, int *by)
{
	const char	*p = val;
	size_t		 n;

	do {
		n = strcspn(p, ",");
		if (n == 4 && strncmp(p, "host", 4) == 0)
			*by |= REPORT_BY_HOST;
		else if (n == 6 && strncmp(p, "writer", 6) == 0)
			*by |= REPORT_BY_WRITER;
		else {
			inert_warn("--by is host, writer or host,writer, not '%s'", val);
			return -1;
		}
		p += n;
	} while (*p++ == ',');
	return 0;
}

int
cli_report_opt(struct cli_report *r, int key, const char *val)
{
	long	n;
	size_t	i;

	for (i = 0; i < sizeof report_values / sizeof report_values[0]; i++) {
		if (report_values[i].key == key) {
			*(const char **)(void *)((char *)r + report_values[i].off) = val;
			return 0;
		}
	}
	switch (key) {
	case 'b':
		return report_by_names(val, &r->ro.by);
	case 'q':
		r->quiet = 1;
		return 0;
	case 'm':
		return cli_count("--min-count", val, 1, LONG_MAX, &r->min_count);
	case 'M':
		if (cli_count("--max-sources", val, 1, 1000000, &n) != 0)
			return -1;
		r->ro.max_sources = (int)n;
		return 0;
	}
	return 1;
}

/* Checks --at, --retry-window, --format and --color into r->ro. */
static int
setup_output(struct cli_report *r, const char *format)
{
	int64_t	t;

	r->ts.reference = time(NULL);
	if (r->at != NULL) {
		if (tstamp_parse_user(r->at, &r->ts, &t) != 0) {
			inert_warn("--at '%s' is not a time like "
			    "2024-05-14T02:13:09Z", r->at);
			return -1;
		}
		r->ts.reference = (time_t)t;
	}
	r->ro.at = r->ts.reference;
	r->ro.retry_window = 24 * 3600;
	if (r->window != NULL && cli_duration(r->window, &r->ro.retry_window) != 0) {
		inert_warn("--retry-window '%s' is not a duration like 24h",
		    r->window);
		return -1;
	}
	if ((r->ro.fmt = fmt_find(format != NULL ? format : "text")) == NULL) {
		char	*names = fmt_names(0);

		inert_warn("--format is %s, not '%s'", names, format);
		free(names);
		return -1;
	}
	if (r->color == NULL || strcmp(r->color, "auto") == 0)
		r->ro.color = r->output == NULL && isatty(STDOUT_FILENO) &&
		    getenv("NO_COLOR") == NULL;
	else if (strcmp(r->color, "always") == 0)
		r->ro.color = 1;
	else if (strcmp(r->color, "never") == 0)
		r->ro.color = 0;
	else {
		inert_warn("--color is auto, always or never");
		return -1;
	}
	return 0;
}

/* Reads --warning and --critical (or the defaults) into r->alert and r->ro. */
static int
setup_alerts(struct cli_report *r, const struct db *db)
{
	static const char *const	 opt[ALERT_LEVELS] = { "--warning", "--critical" };
	const struct db_guidance	*g;
	const char			*list, *q;
	char				*copy, *p, *word;
	size_t				 n;
	int				 lv, status = 0;

	if ((r->alert_list[ALERT_WARNING] != NULL || r->alert_list[ALERT_CRITICAL] != NULL) &&
	    r->ro.fmt->status == NULL) {
		inert_warn("--warning and --critical go with --format nagios");
		return -1;
	}
	for (lv = 0; lv < ALERT_LEVELS; lv++) {
		list = r->alert_list[lv] != NULL ? r->alert_list[lv] : alert_default[lv];
		/* at most one class a comma, and one more */
		for (n = 1, q = list; (q = strchr(q, ',')) != NULL; q++)
			n++;
		free(r->alert[lv]);
		r->alert[lv] = xcalloc(n, sizeof *r->alert[lv]);
		copy = xstrdup(list);
		for (n = 0, p = copy; (word = strsep(&p, ",")) != NULL;) {
			if (*word == '\0' || strcmp(word, "none") == 0)
				continue;
			if ((g = db_guidance_find(db, word)) != NULL)
				r->alert[lv][n++] = g;
			else if (r->alert_list[lv] != NULL) {
				/* the defaults may name classes that local rules lack */
				inert_warn("%s: unknown guidance class '%s'", opt[lv], word);
				status = -1;
			}
		}
		free(copy);
		r->ro.alert[lv] = r->alert[lv];
		r->ro.nalert[lv] = n;
	}
	return status;
}

int
cli_report_setup(struct cli_report *r, const char *format, const struct db *db,
    struct filter *flt)
{
	const struct db_guidance	*g;
	char				*err = NULL;
	int64_t				 since = TSTAMP_NONE, until = TSTAMP_NONE;

	if (setup_output(r, format) != 0)
		return -1;
	if ((r->since != NULL && tstamp_parse_user(r->since, &r->ts, &since) != 0) ||
	    (r->until != NULL && tstamp_parse_user(r->until, &r->ts, &until) != 0)) {
		inert_warn("--since and --until take a time like 2024-05-14, "
		    "2024-05-14T02:20, 2024-05-14T02:13:09Z or an age like 24h");
		return -1;
	}
	filter_times(flt, since, until);
	if (r->classes != NULL && filter_classes(flt, db, r->classes, &err) != 0) {
		inert_warn("--guidance: %s", err);
		free(err);
		return -1;
	}
	if (r->ignore != NULL && filter_ignore_file(flt, db, r->ignore, &err) != 0) {
		inert_warn("%s", err);
		free(err);
		return -1;
	}
	g = db_guidance_find(db, r->fail_on != NULL ? r->fail_on : "unknown");
	if (g == NULL) {
		inert_warn("--fail-on: unknown guidance class '%s'", r->fail_on);
		return -1;
	}
	r->fail_order = g->order;
	r->ro.fail_on = g;
	return setup_alerts(r, db);
}

int
cli_report_status(const struct cli_report *r, int worst, int fmt_status, int errors)
{
	if (fmt_status >= 0)
		return fmt_status;
	if (errors > 0)
		return EXIT_TROUBLE;
	return worst >= 0 && worst <= r->fail_order ? EXIT_FOUND : EXIT_OK;
}

int
cli_report_failed(const char *format)
{
	const struct fmt	*f = fmt_find(format);

	return f != NULL && f->status != NULL ? f->status(NULL, 1) : EXIT_TROUBLE;
}

void
cli_report_free(struct cli_report *r)
{
	int	lv;

	for (lv = 0; lv < ALERT_LEVELS; lv++) {
		free(r->alert[lv]);
		r->alert[lv] = NULL;
	}
}

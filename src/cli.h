/* cli.h: what the commands share: the option tables, argument parsing, the database, the report options. */
#ifndef VSSEXPLAIN_CLI_H
#define VSSEXPLAIN_CLI_H

#include <stddef.h>
#include <stdio.h>
#include <stdint.h>

#include "report.h"
#include "tstamp.h"

struct db;
struct filter;

/* The exit status of every command (see EXIT STATUS in vssexplain(1)). */
enum cli_exit {
	EXIT_OK = 0,		/* all known, nothing found */
	EXIT_FOUND = 1,		/* something unknown, or found at --fail-on or before */
	EXIT_TROUBLE = 2	/* usage error, unreadable input, broken database */
};

/* What every command shares. */
struct common {
	const char	**rules;	/* --rules DIR, in order */
	size_t		  nrules;
	const char	 *format;
	char		**args;		/* the positional arguments */
	int		  nargs;
};

/*
 * One option of a command: its long name, the key its handler gets (also a
 * short option when CLI_SHORT is set), whether it takes a value, and its
 * lines in the command's --help (NULL: not listed).  A row without a name is
 * a heading of the help only.  Keys 'R' (--rules), 'f' (--format) and 'r'
 * (taken before parsing) are handled by cli_parse itself; 'h' and 'V' are
 * its own --help and --version, which no table lists.
 */
struct cli_opt {
	const char	*name;
	int		 key;
	int		 flags;
#define CLI_ARG		0x1	/* takes a value */
#define CLI_SHORT	0x2	/* -KEY works too */
	const char	*help;
};

/* A command: one per cmd-*.c, listed in main.c's cmd_table[]. */
struct cli_cmd {
	const char		*name;
	const char		*synopsis;
	const char		*help;		/* printed before the options' lines */
	const struct cli_opt	*opts;		/* ended by a row of zeros */
	int			(*run)(struct common *, int argc, char **argv);
	int			 formats;	/* --help lists the report formats: */
#define CLI_FORMATS_ALL		1	/* every one of fmt_table */
#define CLI_FORMATS_WHOLE	2	/* those that write a whole report (merge) */
	/*
	 * NULL: every row of opts; else only the rows whose key is in it,
	 * for a command that takes some of another's options (merge takes
	 * scan's report options): its help names them, the rows' lines not.
	 */
	const char		*keys;
};

extern const struct cli_cmd	cmd_explain_entry;
extern const struct cli_cmd	cmd_scan_entry;
extern const struct cli_cmd	cmd_merge_entry;
extern const struct cli_cmd	cmd_rules_entry;
extern const struct cli_opt	cmd_scan_opts[];

/* Handles one option of a command: 0, or -1 after a message. */
typedef int	(*cli_handle_fn)(void *arg, int key, const char *val);

/*
 * Prints "usage: vssexplain SYNOPSIS", the help and the options' lines, then
 * the report formats of fmt_table when the command takes them (so that the
 * help and the shell completion, which reads it, know a new one at once).
 */
void		 cli_help(const struct cli_cmd *, FILE *);
/*
 * Parses argv (argv[0] is the command) in order by the command's table;
 * positional arguments (negative numbers included) go to c->args.  handle()
 * gets every option cli_parse does not take itself.  0, -1 after a message,
 * or 1 when --help or --version (-h, -V), which every command takes, was
 * answered: the command has nothing more to do.
 */
int		 cli_parse(struct common *, const struct cli_cmd *, int argc, char **argv,
		    cli_handle_fn handle, void *arg);
/* Loads the base rules, the system's rules.d and every --rules; NULL after a message. */
/* Is this binary the one in the build tree (not installed)? */
int		 cli_in_build_tree(void);
struct db	*cli_load_db(const struct common *);
/* Parses a whole number of option opt within [min, max]; -1 after a message. */
int		 cli_count(const char *opt, const char *val, long min, long max, long *out);
/* Parses a duration such as 24h, 90m, 2d or 3600 (seconds); -1 if it is none. */
int		 cli_duration(const char *, int64_t *out);

/* The report options that scan and merge share, as given and then checked. */
struct cli_report {
	struct report_opts	 ro;
	struct tstamp_opts	 ts;		/* --at as reference time; scan adds --tz */
	const char		*output;
	const char		*color;
	const char		*at;
	const char		*window;
	const char		*since, *until;
	const char		*classes;
	const char		*ignore;
	const char		*fail_on;
	const char		*alert_list[ALERT_LEVELS];	/* --warning, --critical */
	const struct db_guidance **alert[ALERT_LEVELS];	/* theirs, or the defaults */
	long			 min_count;
	int			 fail_order;	/* the order of the --fail-on class */
	int			 quiet;		/* --quiet: notices that are no error unsaid */
};

/* Handles a shared report option: 0, -1 after a message, 1 when key is not one. */
int		 cli_report_opt(struct cli_report *, int key, const char *val);
/*
 * Checks the report options once the database is loaded: fills r->ro, the
 * filter and r->fail_order; format is --format or NULL.  -1 after a message.
 */
int		 cli_report_setup(struct cli_report *, const char *format, const struct db *,
		    struct filter *);
/*
 * The exit status of a report: the one its format decides (fmt_status, -1:
 * none), else trouble, or whether something reached --fail-on.
 */
int		 cli_report_status(const struct cli_report *, int worst, int fmt_status,
		    int errors);
/* The exit status when no report could be made: the format's (nagios: 3), else 2. */
int		 cli_report_failed(const char *format);
void		 cli_report_free(struct cli_report *);

#endif

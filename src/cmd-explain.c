/* cmd-explain.c: the "explain" command: its options, then explain_run. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "db.h"
#include "explain.h"
#include "inert.h"

static int	cmd_explain_run(struct common *, int, char **);

static const struct cli_opt	cmd_explain_opts[] = {
	{ "format", 'f', CLI_ARG | CLI_SHORT,
	  "  --format FMT     text (default) or json\n" },
	{ "win32", 'w', CLI_SHORT,
	  "  --win32          numbers are Win32 error numbers (5 = ERROR_ACCESS_DENIED);\n"
	  "                   without it, a small decimal number is read as written and\n"
	  "                   its Win32 name is shown beside\n" },
	{ "method", 'm', CLI_ARG | CLI_SHORT,
	  "  --method NAME    explain the codes as returned by this VSS method\n" },
	{ "rules", 'R', CLI_ARG, NULL },
	{ NULL, 0, 0, NULL }
};

const struct cli_cmd	cmd_explain_entry = {
	"explain", "explain [--format text|json] [--win32] [--method NAME] CODE...",
	"Explain error codes: hex (0x800423F3, 800423f3, 0x800423F3L), decimal\n"
	"(-2147212301, 2147754995) or names (VSS_E_WRITERERROR_RETRYABLE, E_ACCESSDENIED).\n",
	cmd_explain_opts, cmd_explain_run, 0, NULL
};

/* Takes explain's own options. */
static int
explain_opt(void *arg, int key, const char *val)
{
	struct explain_opts	*o = arg;

	switch (key) {
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
cmd_explain_run(struct common *c, int argc, char **argv)
{
	struct explain_opts	 o;
	struct db		*db;
	int			 status;

	memset(&o, 0, sizeof o);
	if ((status = cli_parse(c, &cmd_explain_entry, argc, argv, explain_opt, &o)) != 0)
		return status > 0 ? EXIT_OK : EXIT_TROUBLE;
	if (c->format == NULL || strcmp(c->format, "text") == 0)
		o.format = EXPLAIN_TEXT;
	else if (strcmp(c->format, "json") == 0)
		o.format = EXPLAIN_JSON;
	else {
		inert_warn("explain --format is text or json, not '%s'",
		    c->format);
		return EXIT_TROUBLE;
	}
	if (c->nargs == 0) {
		fprintf(stderr, "usage: vssexplain %s\n", cmd_explain_entry.synopsis);
		return EXIT_TROUBLE;
	}
	if ((db = cli_load_db(c)) == NULL)
		return EXIT_TROUBLE;
	status = explain_run(db, &o, c->args, c->nargs, stdout, stderr);
	db_free(db);
	return status;
}

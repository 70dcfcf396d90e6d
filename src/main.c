/* main.c: command-line entry point: the options before the command, then the command table. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "inert.h"
#include "xalloc.h"

/* The commands, in the order usage lists them; each lives in its cmd-*.c. */
static const struct cli_cmd *const	cmd_table[] = {
	&cmd_explain_entry,
	&cmd_scan_entry,
	&cmd_merge_entry,
	&cmd_rules_entry,
};
#define NCOMMANDS (sizeof cmd_table / sizeof cmd_table[0])

static void
usage(FILE *f)
{
	size_t	i;

	fprintf(f, "usage: vssexplain [--rules DIR]... COMMAND [OPTIONS] [ARGS]\n\n"
	    "Explains Windows Volume Shadow Copy (VSS) backup failures.\n\nCommands:\n");
	for (i = 0; i < NCOMMANDS; i++)
		fprintf(f, "  vssexplain %s\n", cmd_table[i]->synopsis);
	fprintf(f, "\nCommon options:\n"
	    "  --rules DIR      also load DIR/*.rules (adds to or overrides the database)\n"
	    "  -h, --help       show help (vssexplain COMMAND --help for a command)\n"
	    "  -V, --version    show the version (after a command too)\n\n"
	    "Exit status: 0 all known / nothing found, 1 something unknown or found,\n"
	    "2 usage error or unreadable input; the nagios format: 0 OK, 1 WARNING, 2 CRITICAL,\n"
	    "3 UNKNOWN.  See vssexplain(1).\n");
}

/* Adds a --rules directory given before the command. */
static void
add_rules(struct common *c, const char *dir)
{
	c->rules = xreallocarray(c->rules, c->nrules + 1, sizeof *c->rules);
	c->rules[c->nrules++] = dir;
}

int
main(int argc, char **argv)
{
	const struct cli_cmd	*cmd;
	struct common		 c;
	size_t			 i;
	int			 status, first = 1;

	memset(&c, 0, sizeof c);
	/* Options before the command: --rules DIR, --help, --version. */
	while (first < argc && argv[first][0] == '-') {
		const char	*a = argv[first];

		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			usage(stdout);
			return EXIT_OK;
		}
		if (strcmp(a, "-V") == 0 || strcmp(a, "--version") == 0) {
			printf("vssexplain %s\n", PACKAGE_VERSION);
			return EXIT_OK;
		}
		if (strcmp(a, "--rules") == 0 && first + 1 < argc) {
			add_rules(&c, argv[first + 1]);
			first += 2;
			continue;
		}
		if (strncmp(a, "--rules=", 8) == 0) {
			add_rules(&c, a + 8);
			first++;
			continue;
		}
		inert_warn("unknown option '%s' before the command", a);
		usage(stderr);
		return EXIT_TROUBLE;
	}
	if (first >= argc) {
		usage(stderr);
		return EXIT_TROUBLE;
	}
	for (i = 0; i < NCOMMANDS; i++) {
		cmd = cmd_table[i];
		if (strcmp(argv[first], cmd->name) != 0)
			continue;
		if (argc - first > 1 && (strcmp(argv[first + 1], "--help") == 0 ||
		    strcmp(argv[first + 1], "-h") == 0)) {
			cli_help(cmd, stdout);
			return EXIT_OK;
		}
		status = cmd->run(&c, argc - first, argv + first);
		free(c.args);
		free(c.rules);
		return status;
	}
	inert_warn("unknown command '%s'", argv[first]);
	usage(stderr);
	return EXIT_TROUBLE;
}

/* cmd-rules.c: the "rules" command: loads and checks the database, then says what it holds. */
#include "config.h"

#include <stdio.h>

#include "cli.h"
#include "db.h"

static int	cmd_rules_run(struct common *, int, char **);

static const struct cli_opt	cmd_rules_opts[] = {
	{ "rules", 'R', CLI_ARG, NULL },
	{ NULL, 0, 0, NULL }
};

const struct cli_cmd	cmd_rules_entry = {
	"rules", "rules [--rules DIR]...",
	"Load and check the error database, then print what it holds.\n",
	cmd_rules_opts, cmd_rules_run, 0
};

static int
cmd_rules_run(struct common *c, int argc, char **argv)
{
	const struct db_guidance *const	*g;
	struct db			*db;
	size_t				 n, i;
	int				 parsed;

	if ((parsed = cli_parse(c, &cmd_rules_entry, argc, argv, NULL, NULL)) != 0)
		return parsed > 0 ? EXIT_OK : EXIT_TROUBLE;
	if (c->nargs != 0) {
		fprintf(stderr, "usage: vssexplain %s\n", cmd_rules_entry.synopsis);
		return EXIT_TROUBLE;
	}
	if ((db = cli_load_db(c)) == NULL)
		return EXIT_TROUBLE;
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
	return EXIT_OK;
}

/* cmd-rules.c: the "rules" command: loads and checks the database, then says what it holds. */
#include "config.h"

#include <stdio.h>

#include "cli.h"
#include "db.h"
#include "inert.h"
#include "match.h"

static int	cmd_rules_run(struct common *, int, char **);

static const struct cli_opt	cmd_rules_opts[] = {
	{ "rules", 'R', CLI_ARG, NULL },
	{ NULL, 0, 0, NULL }
};

const struct cli_cmd	cmd_rules_entry = {
	"rules", "rules [--rules DIR]...",
	"Load and check the error database, then print what it holds.\n",
	cmd_rules_opts, cmd_rules_run, 0, NULL
};

/* Warns about patterns whose nested repeats can take exponential time (they would give up). */
static void
warn_nested(const char *type, const struct db_pattern *const *p, size_t n)
{
	size_t	i;
	long	at;

	for (i = 0; i < n; i++) {
		if ((at = match_nested_quantifier(p[i]->regex)) < 0)
			continue;
		inert_warn("warning: [%s %s]: a repeated group that repeats inside, at "
		    "offset %ld of the regex (%.40s): on a long line it may give up", type,
		    p[i]->id, at, p[i]->regex + at);
	}
}

static int
cmd_rules_run(struct common *c, int argc, char **argv)
{
	const struct db_guidance *const	*g;
	const struct db_pattern *const	*p;
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
	/* the regexes' text: a cached database need not compile them for this */
	p = db_pattern_texts(db, DB_LIST_PATTERN, &n);
	warn_nested("pattern", p, n);
	p = db_pattern_texts(db, DB_LIST_TIMESTAMP, &n);
	warn_nested("timestamp", p, n);
	p = db_pattern_texts(db, DB_LIST_RECORD, &n);
	warn_nested("record", p, n);
	db_free(db);
	return EXIT_OK;
}

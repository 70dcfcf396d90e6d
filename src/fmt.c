/* fmt.c: the table of report formats and the lookup of a format by name. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "xalloc.h"

/* One row per format: the descriptor its fmt-NAME.c defines. */
extern const struct fmt	fmt_text, fmt_json, fmt_jsonl, fmt_csv, fmt_html, fmt_oneline,
			fmt_nagios, fmt_prometheus;

const struct fmt *const fmt_table[] = {
	&fmt_text,
	&fmt_json,
	&fmt_jsonl,
	&fmt_csv,
	&fmt_html,
	&fmt_oneline,
	&fmt_nagios,
	&fmt_prometheus,
	NULL
};

const struct fmt *
fmt_find(const char *name)
{
	size_t	i;

	for (i = 0; name != NULL && fmt_table[i] != NULL; i++) {
		if (strcmp(fmt_table[i]->name, name) == 0)
			return fmt_table[i];
	}
	return NULL;
}

char *
fmt_names(int whole)
{
	const struct fmt	*pick[16];
	char			*s = xstrdup(""), *old;
	size_t			 n = 0, i;

	for (i = 0; fmt_table[i] != NULL && n < sizeof pick / sizeof pick[0]; i++) {
		if (!whole || fmt_table[i]->write != NULL)
			pick[n++] = fmt_table[i];
	}
	for (i = 0; i < n; i++) {
		old = s;
		s = xasprintf("%s%s%s%s", old, i == 0 ? "" : i + 1 < n ? ", " : " or ",
		    pick[i]->name, whole && (pick[i]->flags & FMT_SUMMARY) ? " --summary" : "");
		free(old);
	}
	return s;
}

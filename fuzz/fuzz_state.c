/* fuzz_state.c: the cron state reader on any file; what loads must save and load again. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "feed.h"
#include "state.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char	 path[4200], copy[4200];
	struct state	*st, *again;
	char		*err = NULL;

	if (path[0] == '\0') {
		snprintf(path, sizeof path, "%s/state.json", feed_dir());
		snprintf(copy, sizeof copy, "%s/copy.json", feed_dir());
	}
	feed_write(path, data, size);
	if ((st = state_load(path, &err)) == NULL) {
		if (err == NULL)
			abort();
		free(err);
		return 0;
	}
	if (state_save(st, copy, &err) != 0) {
		fprintf(stderr, "fuzz: state_save: %s\n", err);
		abort();
	}
	if ((again = state_load(copy, &err)) == NULL) {
		fprintf(stderr, "fuzz: a state that loaded does not load once saved: %s\n", err);
		abort();
	}
	if (again->nfiles != st->nfiles || again->nevents != st->nevents ||
	    again->nchains != st->nchains) {
		fprintf(stderr, "fuzz: a saved state loads with other contents\n");
		abort();
	}
	state_free(again);
	state_free(st);
	return 0;
}

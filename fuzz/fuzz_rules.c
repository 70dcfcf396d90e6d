/* fuzz_rules.c: the database loader on any one .rules file, alone and after a base of rules. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "db.h"
#include "feed.h"
#include "text.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
emit(void *ctx, const struct finding *f)
{
	(void)ctx;
	(void)f;
}

/* Compiles the patterns of a database that loaded and scans a few lines with them. */
static void
try_scanner(const struct db *db)
{
	static const char	 text[] = "2024-05-14T02:13:09Z hr = 0x8004230f\n"
	    "Writer name: 'SqlServerWriter'\n   Last error: Retryable error\n"
	    "HResult=-2147212529 VSS_E_WRITERERROR_RETRYABLE %%2155348254\n";
	static const struct finding_event	 ev = { 8193, "VSS", 1, "Application", "H", 2 };
	struct scan_opts	 o;
	struct scan_field	 sf;
	struct scanner		*s;
	char			*err = NULL;

	memset(&o, 0, sizeof o);
	o.all_codes = 1;
	if ((s = scanner_new(db, &o, &err)) == NULL) {
		free(err);
		return;
	}
	memset(&sf, 0, sizeof sf);
	sf.path = "fuzz";
	sf.line = 1;
	sf.event = &ev;
	sf.vss = 1;
	scanner_field(s, text, sizeof text - 1, &sf, emit, NULL);
	scanner_free(s);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char	 dir[4200], file[4300];
	const char	*dirs[2];
	int		 optional[2] = { 0, 0 };
	struct db	*db;
	char		*err = NULL;

	if (dir[0] == '\0') {
		snprintf(dir, sizeof dir, "%s/rules", feed_dir());
		if (mkdir(dir, 0700) != 0)
			abort();
		snprintf(file, sizeof file, "%s/fuzz.rules", dir);
	}
	feed_write(file, data, size);
	/*
	 * A base, then the input: it may add, override or break them.  The base
	 * is the real rules for one input in 16 (they take long to load), the
	 * small database of the unit tests otherwise.
	 */
	dirs[0] = size % 16 == 0 ? VSSX_SRC_RULESDIR : TEST_RULES_MIN;
	dirs[1] = dir;
	db = db_load(dirs, optional, 2, &err);
	if ((db == NULL) == (err == NULL))
		abort();
	if (db != NULL)
		try_scanner(db);
	db_free(db);
	free(err);
	/* the input alone */
	err = NULL;
	db = db_load(dirs + 1, optional, 1, &err);
	if ((db == NULL) == (err == NULL))
		abort();
	db_free(db);
	free(err);
	return 0;
}

/* db-loader.h: the rules loader's state, shared by db-load.c (reading) and db-finish.c (checking); no other file includes it. */
#ifndef VSSEXPLAIN_DB_LOADER_H
#define VSSEXPLAIN_DB_LOADER_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>

#include "db-int.h"

#define UNSET		INT_MIN

enum section {
	SEC_NONE, SEC_GUIDANCE, SEC_NAMES, SEC_CODE, SEC_METHOD, SEC_DISPUTED,
	SEC_KEYWORDS, SEC_PHRASES, SEC_PATTERN, SEC_EVENT
};

/* The loader's state while it reads files. */
struct loader {
	struct db	*db;
	char		*err;
	size_t		 errlen;
	int		 nerr;
	struct src	 at;		/* the current line */
	int		 instance;	/* counts section headers */
	int		 broken;	/* the current section header was bad */
	enum section	 sec;
	void		*entry;		/* the current section's entry */
	enum db_ns	 ns;		/* for SEC_NAMES */
	int		 names_file[DB_NS_COUNT];
};

/* Adds "path:line: message" to the loader's errors. */
void	loader_problem(struct loader *, const struct src *, const char *, ...)
	    __attribute__((format(printf, 3, 4)));
/* Parses a VALUE: 0x and 1-8 hex digits, or decimal up to 4294967295; 0 or -1. */
int	loader_parse_value(const char *, uint32_t *);
/* Checks the loaded entries against each other and builds the lookup tables (db-finish.c). */
void	loader_finish(struct loader *);

#endif

/* walk.h: turns the paths given to "scan" into inputs: files, stdin, directory trees. */
#ifndef VSSEXPLAIN_WALK_H
#define VSSEXPLAIN_WALK_H

#include "input.h"

/* Called for each readable input; the walker closes it afterwards. */
typedef void	(*walk_fn)(void *ctx, const char *path, struct input *);

struct walk {
	int		 recursive;
	walk_fn		 fn;
	walk_fn		 events;	/* for event-log XML; NULL: fn reads it as text */
	walk_fn		 evtx;		/* for binary event logs (.evtx); NULL: refused */
	void		(*failed)(void *ctx, const char *path);	/* could not read it */
	void		(*missing)(void *ctx, const char *path);	/* if set: ENOENT is no error */
	void		*ctx;
	const char	**exclude;	/* names skipped below directories (globs) */
	size_t		  nexclude;
	int		 errors;	/* problems that make the exit status 2 */
	int		 inputs;	/* inputs handed to fn */
};

/* Visits path ("-" is standard input); messages go to standard error. */
void	walk_path(struct walk *, const char *path);

#endif

/* walk.h: turns the paths given to "scan" into open inputs: files, stdin, directory trees. */
#ifndef VSSEXPLAIN_WALK_H
#define VSSEXPLAIN_WALK_H

#include "input.h"

/* How a problem on a path counts. */
enum walk_problem {
	WALK_SKIPPED,	/* not read, and no error: a loop, a dangling link below a directory */
	WALK_ERROR,	/* an error: the exit status says it happened */
	WALK_FAILED	/* an error about a path that could not be read at all */
};

/* Called for each input opened; explicit: the user named it.  The walker closes it afterwards. */
typedef void	(*walk_fn)(void *ctx, const char *path, struct input *, int explicit);

/* The walker prints nothing: every problem goes to problem(), its message without a prefix. */
struct walk {
	int		 recursive;
	walk_fn		 fn;
	void		(*problem)(void *ctx, enum walk_problem, const char *path,
			    const char *msg);	/* path: NULL for a problem inside an input */
	void		(*missing)(void *ctx, const char *path);	/* if set: ENOENT is no error */
	/*
	 * If set, each file is handed to it by path, unopened, instead of
	 * being opened and passed to fn: scan -j opens it later, in a thread
	 * of its own, with walk_file.
	 */
	void		(*file)(void *ctx, const char *path, int explicit);
	void		*ctx;
	const char	**exclude;	/* names skipped below directories (globs) */
	size_t		  nexclude;
	struct input	 *spare;	/* the last input's memory, for the next (walk_end frees it) */
};

/* Visits path ("-" is standard input). */
void	walk_path(struct walk *, const char *path);
/* Opens a file (or "-") and hands it to fn, or tells problem why it cannot. */
void	walk_file(struct walk *, const char *path, int explicit);
/* Frees what the walker keeps between files. */
void	walk_end(struct walk *);

#endif

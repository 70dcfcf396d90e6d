/* output.c: the --output file, written beside its target and renamed over it when complete. */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "inert.h"
#include "output.h"
#include "safe-file.h"
#include "xalloc.h"

/* The temporary report, removed if a signal ends the program. */
static char *volatile	 output_tmp;

/* Removes the temporary report, then dies of the signal. */
static void
output_signal(int sig)
{
	if (output_tmp != NULL)
		unlink(output_tmp);
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Tells of a stale temporary report removed. */
static void
swept(void *ctx, const char *msg)
{
	(void)ctx;
	inert_warn("notice: %s", msg);
}

FILE *
output_open(struct output *o, const char *path)
{
	static const int	 sigs[] = { SIGHUP, SIGINT, SIGPIPE, SIGTERM };
	mode_t			 mask;
	char			*err;
	int			 fd, mode;
	size_t			 i;

	memset(o, 0, sizeof *o);
	o->path = path;
	if (path == NULL)
		return o->f = stdout;
	/* the report replaces path: never a link or another user's file */
	if (safe_check(path, "report", &mode, &err) != 0) {
		inert_warn("%s", err);
		free(err);
		return NULL;
	}
	safe_sweep(path, swept, NULL);
	for (i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		signal(sigs[i], output_signal);
	mask = umask(0);
	umask(mask);
	/* the mode of the report it replaces, or what '>' would give */
	if ((fd = safe_mkstemp(path, &o->tmp)) != -1) {
		output_tmp = o->tmp;
		fchmod(fd, mode != -1 ? (mode_t)mode : 0666 & ~mask);
	}
	if (fd == -1 || (o->f = fdopen(fd, "w")) == NULL) {
		inert_warn("cannot write %s: %s", path, strerror(errno));
		if (fd != -1) {
			close(fd);
			unlink(o->tmp);
		}
		output_tmp = NULL;
		free(o->tmp);
		o->tmp = NULL;
		return NULL;
	}
	return o->f;
}

int
output_close(struct output *o, int ok)
{
	int	status = 0;

	if (fflush(o->f) != 0 || ferror(o->f))
		ok = 0;
	if (o->tmp == NULL) {
		if (!ok)
			inert_warn("error writing the report");
		return ok ? 0 : -1;
	}
	if (ok && fsync(fileno(o->f)) != 0)
		ok = 0;
	if (fclose(o->f) != 0)
		ok = 0;
	if (ok && rename(o->tmp, o->path) != 0)
		ok = 0;
	if (!ok) {
		inert_warn("cannot write %s: %s; it was left as it was",
		    o->path, strerror(errno));
		unlink(o->tmp);
		status = -1;
	}
	output_tmp = NULL;
	free(o->tmp);
	o->tmp = NULL;
	o->f = NULL;
	return status;
}

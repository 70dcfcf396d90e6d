/* readers-load.c: finds and opens the readers module the first time an input needs it. */
#include "config.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "readers.h"

/* The tests and the fuzz targets link readers-static.c instead: the module's code is theirs. */

static pthread_once_t			 once = PTHREAD_ONCE_INIT;
static const struct vssx_readers	*loaded;
static char				 why_not[8192];	/* the path and dlerror() */

static void
load(void)
{
	const struct vssx_readers	*r;
	const char			*dir = getenv("VSSEXPLAIN_MODULE_DIR");
	char				 path[4096];
	void				*h;

	/* the build tree's binary uses the build tree's module, as it does its rules */
	if (dir == NULL || *dir == '\0')
		dir = cli_in_build_tree() ? VSSX_BUILDDIR "/.libs" : VSSX_MODULEDIR;
	snprintf(path, sizeof path, "%s/%s", dir, VSSX_READERS_FILE);
	/* RTLD_LOCAL: the module's libraries stay out of the program's way */
	if ((h = dlopen(path, RTLD_NOW | RTLD_LOCAL)) == NULL) {
		snprintf(why_not, sizeof why_not, "cannot load the module %s: %s", path,
		    dlerror());
		return;
	}
	if ((r = dlsym(h, VSSX_READERS_SYMBOL)) == NULL) {
		snprintf(why_not, sizeof why_not, "the module %s has no %s: %s", path,
		    VSSX_READERS_SYMBOL, dlerror());
		dlclose(h);
		return;
	}
	if (r->version != VSSX_READERS_VERSION || r->size != sizeof *r) {
		snprintf(why_not, sizeof why_not, "the module %s is of another vssexplain "
		    "(interface version %u, this program's is %u)", path, r->version,
		    VSSX_READERS_VERSION);
		dlclose(h);
		return;
	}
	loaded = r;	/* the handle stays open until the program ends */
	/* only now: a run without the module need not page in its cleanup */
	(void)atexit(readers_cleanup);
}

const struct vssx_readers *
readers_get(const char **why)
{
	pthread_once(&once, load);
	if (loaded == NULL && why != NULL)
		*why = why_not;
	return loaded;
}

void
readers_cleanup(void)
{
	/* registered with atexit by load, once the module is there */
	if (loaded != NULL)
		loaded->xml_cleanup();
}

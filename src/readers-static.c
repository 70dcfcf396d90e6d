/* readers-static.c: readers_get for the tests and fuzz targets, which link the module's code in. */
#include "config.h"

#include <stddef.h>

#include "readers.h"

const struct vssx_readers *
readers_get(const char **why)
{
	(void)why;
	return &vssx_readers;
}

void
readers_cleanup(void)
{
	vssx_readers.xml_cleanup();
}

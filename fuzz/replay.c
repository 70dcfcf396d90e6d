/* replay.c: a main for the fuzz targets without libFuzzer: runs each file named once. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "xalloc.h"

int	LLVMFuzzerInitialize(int *, char ***) __attribute__((weak));
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Reads all of path; NULL when it cannot be read. */
static uint8_t *
slurp(const char *path, size_t *n)
{
	FILE	*f;
	uint8_t	*p = NULL;
	size_t	 cap = 0, k;

	if ((f = fopen(path, "rb")) == NULL)
		return NULL;
	*n = 0;
	do {
		if (*n == cap)
			p = xrealloc(p, cap = cap * 2 + 65536);
		k = fread(p + *n, 1, cap - *n, f);
		*n += k;
	} while (k > 0);
	if (ferror(f)) {
		free(p);
		p = NULL;
	}
	fclose(f);
	return p;
}

int
main(int argc, char **argv)
{
	uint8_t	*p;
	size_t	 n;
	int	 i, status = 0;

	if (LLVMFuzzerInitialize != NULL)
		LLVMFuzzerInitialize(&argc, &argv);
	for (i = 1; i < argc; i++) {
		if ((p = slurp(argv[i], &n)) == NULL) {
			perror(argv[i]);
			status = 2;
			continue;
		}
		LLVMFuzzerTestOneInput(p, n);
		free(p);
	}
	return status;
}

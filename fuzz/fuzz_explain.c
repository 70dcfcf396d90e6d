/* fuzz_explain.c: explain on any arguments: the input split at NUL and newline bytes. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "explain.h"
#include "feed.h"
#include "xalloc.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/*
 * The first byte chooses: bit 0 --format json, bit 1 --win32, bit 2 the
 * first argument is the --method.  The rest is split into arguments.
 */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct explain_opts	 o;
	char			*text, **args;
	size_t			 i, n = 0, len;
	int			 status;

	if (size < 1)
		return 0;
	len = size - 1;
	text = xmalloc(len + 1);
	memcpy(text, data + 1, len);
	text[len] = '\0';
	args = xcalloc(len + 2, sizeof *args);
	args[n++] = text;
	for (i = 0; i < len; i++) {
		if (text[i] == '\0' || text[i] == '\n') {
			text[i] = '\0';
			args[n++] = text + i + 1;
		}
	}
	memset(&o, 0, sizeof o);
	o.format = data[0] & 1 ? EXPLAIN_JSON : EXPLAIN_TEXT;
	o.win32 = data[0] >> 1 & 1;
	if ((data[0] & 4) && n > 1) {
		o.method = args[0];
		status = explain_run(feed_db(), &o, args + 1, (int)n - 1, feed_devnull(), feed_devnull());
	} else
		status = explain_run(feed_db(), &o, args, (int)n, feed_devnull(), feed_devnull());
	if (status < 0 || status > 2)
		abort();
	free(args);
	free(text);
	return 0;
}

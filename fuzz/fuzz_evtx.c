/* fuzz_evtx.c: the .evtx reader (raw look, libevtx, the event model) on any file. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "evtx.h"
#include "evxml.h"
#include "feed.h"
#include "input.h"
#include "text.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/*
 * The first byte chooses: bit 0 renders every record (the prefilter off),
 * bit 1 --all-codes; the rest is the file.
 */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char		 path[4200];
	struct evtx_stats	 st;
	struct input		*in;
	char			*err = NULL;

	if (size < 1)
		return 0;
	if (path[0] == '\0')
		snprintf(path, sizeof path, "%s/fuzz.evtx", feed_dir());
	feed_write(path, data + 1, size - 1);
	if ((in = input_open(path, feed_message, NULL, &err)) == NULL) {
		free(err);
		return 0;
	}
	if (input_binary(in))
		evtx_scan(feed_evxml(data[0] & 2), in, "fuzz", data[0] & 1, feed_finding,
		    feed_message, feed_message, NULL, &st);
	else
		st.records = 0;
	feed_sink += st.records;
	input_close(in);
	return 0;
}

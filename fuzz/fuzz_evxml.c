/* fuzz_evxml.c: the event-XML reader on any bytes, read in random pieces. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "event.h"
#include "evxml.h"
#include "feed.h"
#include "input.h"
#include "text.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);


/* The first four bytes seed the read sizes; the rest is the input, sniffed as main does. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct event_count	*c;
	struct input			*in;
	const char			*p, *why = NULL;
	size_t				 n;
	uint32_t			 seed;

	if (size < 4)
		return 0;
	seed = (uint32_t)data[0] | (uint32_t)data[1] << 8 | (uint32_t)data[2] << 16 |
	    (uint32_t)data[3] << 24;
	in = feed_input(data + 4, size - 4, seed);
	input_set_limits(in, 1 << 20, INPUT_GZIP_MAX_RATIO);
	n = input_peek(in, &p, 4096);
	if (evxml_sniff(p, n, &why) == EVXML_EVENTS) {
		evxml_scan(feed_evxml(0), in, "fuzz", feed_finding, feed_message, NULL);
		c = evxml_count(feed_evxml(0));
		feed_sink += c->lines + c->events + c->parsed;
	}
	input_close(in);
	return 0;
}

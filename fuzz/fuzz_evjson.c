/* fuzz_evjson.c: the JSON event reader on any bytes, read in random pieces. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "event.h"
#include "evjson.h"
#include "feed.h"
#include "input.h"
#include "text.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/*
 * The first four bytes seed the read sizes; the fifth picks --all-codes
 * (bit 0), parsing every object (bit 1) and whole lines only, as --state
 * reads (bit 2).  The rest is the input, sniffed as main does.
 */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct scan_pos			 start = { 0, 1 }, end;
	const struct event_count	*c;
	struct evjson			*x;
	struct input			*in;
	const char			*p;
	size_t				 n;
	uint32_t			 seed;

	if (size < 5)
		return 0;
	seed = (uint32_t)data[0] | (uint32_t)data[1] << 8 | (uint32_t)data[2] << 16 |
	    (uint32_t)data[3] << 24;
	x = feed_evjson(data[4] & 1, data[4] & 2);
	in = feed_input(data + 5, size - 5, seed);
	input_set_limits(in, 1 << 20, INPUT_GZIP_MAX_RATIO);
	n = input_peek(in, &p, 4096);
	if (evjson_sniff(p, n)) {
		evjson_scan(x, in, "fuzz", &start, (data[4] & 4) != 0, &end, feed_finding,
		    feed_message, feed_message, NULL);
		c = evjson_count(x);
		feed_sink += c->lines + c->events + c->parsed + c->text + end.offset +
		    end.line + strlen(evjson_shape(x));
	}
	input_close(in);
	return 0;
}

/*
 * fuzz_evxml.c: the event-XML reader on any bytes, read in random pieces,
 * twice: with the fast reader of plain events (evxml-fast.c) and with every
 * event parsed by libxml2.  The two must give the same findings and the same
 * messages, byte for byte; a difference aborts, as a crash does.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "event.h"
#include "evxml.h"
#include "feed.h"
#include "finding.h"
#include "input.h"
#include "text.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* What a reader said, folded into one FNV-1a hash. */
struct digest {
	uint64_t	 h;
	unsigned long	 findings, messages;
};

static void
dg_bytes(struct digest *d, const void *p, size_t n)
{
	const unsigned char	*s = p;
	size_t			 i;

	for (i = 0; i < n; i++)
		d->h = (d->h ^ s[i]) * 1099511628211ull;
}

static void
dg_num(struct digest *d, uint64_t v)
{
	dg_bytes(d, &v, sizeof v);
}

/* A string with its end, so that "ab","c" and "a","bc" differ; NULL differs from "". */
static void
dg_str(struct digest *d, const char *s)
{
	if (s == NULL)
		dg_bytes(d, "\xff", 1);
	else
		dg_bytes(d, s, strlen(s) + 1);
}

static void
dg_finding(void *ctx, const struct finding *f)
{
	struct digest	*d = ctx;

	d->findings++;
	dg_num(d, f->value);
	dg_num(d, (uint64_t)f->form);
	dg_num(d, f->line);
	dg_num(d, f->offset);
	dg_num(d, f->match_len);
	dg_bytes(d, f->match, f->match_len);
	dg_num(d, f->text_len);
	dg_bytes(d, f->text, f->text_len);
	dg_num(d, (uint64_t)f->time);
	dg_num(d, (uint64_t)f->nsec);
	dg_str(d, f->host);
	dg_str(d, f->writer);
	dg_str(d, f->method);
	if (f->event != NULL) {
		dg_num(d, (uint64_t)f->event->event_id);
		dg_str(d, f->event->provider);
		dg_num(d, (uint64_t)f->event->record_id);
		dg_str(d, f->event->channel);
		dg_str(d, f->event->computer);
		dg_num(d, (uint64_t)f->event->level);
	}
	feed_finding(NULL, f);
}

static void
dg_message(void *ctx, const char *msg)
{
	struct digest	*d = ctx;

	d->messages++;
	dg_str(d, msg);
}

/* Reads the input with reader x; the digest of what it said in d. */
static void
read_with(struct evxml *x, const uint8_t *data, size_t size, uint32_t seed,
    struct digest *d)
{
	const struct event_count	*c;
	struct input			*in;

	memset(d, 0, sizeof *d);
	d->h = 14695981039346656037ull;
	in = feed_input(data, size, seed);
	input_set_limits(in, 1 << 20, INPUT_GZIP_MAX_RATIO);
	evxml_scan(x, in, "fuzz", dg_finding, dg_message, d);
	c = evxml_count(x);
	dg_num(d, c->lines);
	dg_num(d, c->events);
	dg_num(d, c->parsed);
	feed_close(in);
}

/* The first four bytes seed the read sizes; the rest is the input, sniffed as main does. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct digest	 fast, slow;
	struct input	*in;
	const char	*p, *why = NULL;
	size_t		 n;
	uint32_t	 seed;
	int		 events;

	if (size < 4)
		return 0;
	seed = (uint32_t)data[0] | (uint32_t)data[1] << 8 | (uint32_t)data[2] << 16 |
	    (uint32_t)data[3] << 24;
	in = feed_input(data + 4, size - 4, seed);
	n = input_peek(in, &p, 4096);
	events = evxml_sniff(p, n, &why) == EVXML_EVENTS;
	feed_close(in);
	if (!events)
		return 0;
	read_with(feed_evxml(0), data + 4, size - 4, seed, &fast);
	read_with(feed_evxml_slow(), data + 4, size - 4, seed, &slow);
	if (fast.h != slow.h || fast.findings != slow.findings ||
	    fast.messages != slow.messages)
		abort();	/* the fast reader read an event otherwise than libxml2 */
	feed_sink += fast.findings + fast.messages;
	return 0;
}

/* fuzz_text.c: the text pipeline (input layer, scanner) and scanner_field on any bytes. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "feed.h"
#include "input.h"
#include "text.h"
#include "tstamp.h"
#include "xalloc.h"

#define SCAN_CAP	(260 * 1024)	/* the scanner's buffer: KEEP + CHUNK in scan.c */

int	LLVMFuzzerInitialize(int *, char ***);
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static struct scanner	*scanners[2];	/* without and with --all-codes */
static unsigned long	 sink;

/* Touches every byte a finding points at, so that a bad pointer shows. */
static void
emit(void *ctx, const struct finding *f)
{
	size_t	i;

	(void)ctx;
	if (f->line == 0)
		abort();
	for (i = 0; i < f->match_len; i++)
		sink += (unsigned char)f->match[i];
	for (i = 0; i < f->text_len; i++)
		sink += (unsigned char)f->text[i];
	sink += strlen(f->path);
	if (f->host != NULL)
		sink += strlen(f->host);
	if (f->writer != NULL)
		sink += strlen(f->writer);
	if (f->method != NULL)
		sink += strlen(f->method);
	if (f->event != NULL && f->event->provider != NULL)
		sink += strlen(f->event->provider);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct scan_opts	 o;
	char			*err = NULL;
	int			 i;

	(void)argc;
	(void)argv;
	for (i = 0; i < 2; i++) {
		memset(&o, 0, sizeof o);
		o.all_codes = i;
		o.ts.reference = 1715731200;	/* 2024-05-15 */
		if ((scanners[i] = scanner_new(feed_db(), &o, &err)) == NULL)
			abort();
	}
	return 0;
}

/*
 * The first byte chooses: bit 0 --all-codes; bits 1-2 what comes before the
 * data (nothing, short lines, one long line: the last two put the data across
 * the scanner's buffer edge); bit 3 the data is a field of a VSS event too;
 * bit 4 complete lines only, as cron mode reads.  The next four seed the
 * read sizes; the rest is the input.
 */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct finding_event	 ev = { 8193, "VSS", 42, "Application", "HOST", 2 };
	struct scan_field			 sf;
	struct scan_pos				 start = { 0, 1 }, end;
	struct scanner				*s;
	struct input				*in;
	uint8_t					*buf = NULL;
	const uint8_t				*text;
	size_t					 len, pad = 0;
	uint32_t				 seed;
	unsigned				 mode;

	if (size < 5)
		return 0;
	mode = data[0];
	seed = (uint32_t)data[1] | (uint32_t)data[2] << 8 | (uint32_t)data[3] << 16 |
	    (uint32_t)data[4] << 24;
	text = data + 5;
	len = size - 5;
	s = scanners[mode & 1];
	if ((mode >> 1 & 3) == 1 || (mode >> 1 & 3) == 2) {
		pad = SCAN_CAP - (seed % 600);
		buf = xmalloc(pad + len);
		memset(buf, 'x', pad);
		if ((mode >> 1 & 3) == 1) {
			size_t	i;

			for (i = 79; i < pad; i += 80)
				buf[i] = '\n';
		}
		memcpy(buf + pad, text, len);
		text = buf;
		len += pad;
	}
	in = feed_input(text, len, seed);
	input_set_limits(in, 1 << 20, INPUT_GZIP_MAX_RATIO);
	if (mode & 16)
		scanner_text_from(s, in, "fuzz", &start, 1, &end, emit, NULL);
	else
		scanner_text(s, in, "fuzz", emit, NULL);
	input_close(in);
	if (mode & 8) {
		memset(&sf, 0, sizeof sf);
		sf.path = "fuzz";
		sf.line = 7;
		sf.event = &ev;
		sf.time = TSTAMP_NONE;
		sf.vss = 1;
		scanner_field(s, (const char *)text + pad, len - pad, &sf, emit, NULL);
	}
	free(buf);
	return 0;
}

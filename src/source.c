/* source.c: the input formats, known by their first bytes, and the binary formats refused. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "cron.h"
#include "event.h"
#include "evjson.h"
#include "evtx.h"
#include "evxml.h"
#include "text.h"
#include "source.h"

/* Names a binary format by its magic number, or returns NULL. */
static const char *
binary_format(const char *p, size_t n)
{
	static const struct {
		const char	*magic;
		size_t		 len;
		const char	*what;
	} formats[] = {
		{ "\177ELF", 4, "an executable" },
		{ "PK\003\004", 4, "a zip archive: unpack it first" },
		{ "MSCF\0\0\0\0", 8, "a cabinet (.cab) archive: expand it first" },
		{ "7z\274\257\047\034", 6, "a 7-Zip archive: unpack it first" },
		{ "Rar!\032\007", 6, "a RAR archive: unpack it first" },
		{ "\211PNG\r\n\032\n", 8, "an image" },
		{ "%PDF-", 5, "a PDF document" },
		{ "SQLite format 3", 16, "an SQLite database" },
		{ "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8, "an OLE compound file (an old Office document "
		    "or MSI)" },
		{ "BZh", 3, "compressed with bzip2 (only gzip is read): decompress it first" },
		{ "\3757zXZ\0", 6, "compressed with xz (only gzip is read): decompress it first" },
		{ "\050\265\057\375", 4, "compressed with zstd (only gzip is read): "
		    "decompress it first" },
	};
	size_t	i;

	for (i = 0; i < sizeof formats / sizeof formats[0]; i++) {
		if (n >= formats[i].len && memcmp(p, formats[i].magic, formats[i].len) == 0)
			return formats[i].what;
	}
	return NULL;
}

#ifdef __SSE2__
/* The sum of the sixteen byte counts in v. */
static inline size_t
sum_bytes(__m128i v)
{
	__m128i	s = _mm_sad_epu8(v, _mm_setzero_si128());

	return (size_t)_mm_cvtsi128_si32(s) + (size_t)_mm_extract_epi16(s, 4);
}
#endif

/*
 * Does data look binary?  Control bytes other than NUL decide: a log padded
 * with NUL bytes after a crash is still text.  Every input's first 4 KiB
 * is looked at: a byte at a time, that was as many instructions as reading
 * a small file (40% of them over 20,000 files of 8 KiB), so sixteen bytes
 * at a time where SSE2 is, counted in byte lanes (255 rounds at most before
 * they are summed, so that none overflows).
 */
int
source_looks_binary(const char *p, size_t n)
{
	size_t	i = 0, ctl = 0, nul = 0;

#ifdef __SSE2__
	const __m128i	z = _mm_setzero_si128(), c1f = _mm_set1_epi8(0x1f);
	const __m128i	nl = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r');
	const __m128i	tab = _mm_set1_epi8('\t'), ff = _mm_set1_epi8('\f');
	const __m128i	esc = _mm_set1_epi8(0x1b);

	while (n - i >= 16) {
		__m128i	nctl = z, nnul = z;
		int	k;

		for (k = 0; k < 255 && n - i >= 16; k++, i += 16) {
			__m128i	v = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
			__m128i	low = _mm_cmpeq_epi8(_mm_min_epu8(v, c1f), v);	/* v <= 0x1f */
			__m128i	isnul = _mm_cmpeq_epi8(v, z);
			__m128i	ok = _mm_or_si128(_mm_or_si128(isnul, _mm_cmpeq_epi8(v, nl)),
				    _mm_or_si128(_mm_cmpeq_epi8(v, cr), _mm_cmpeq_epi8(v, tab)));

			ok = _mm_or_si128(ok, _mm_or_si128(_mm_cmpeq_epi8(v, ff),
			    _mm_cmpeq_epi8(v, esc)));
			/* a lane of all ones is -1: subtracting it counts one */
			nctl = _mm_sub_epi8(nctl, _mm_andnot_si128(ok, low));
			nnul = _mm_sub_epi8(nnul, isnul);
		}
		ctl += sum_bytes(nctl);
		nul += sum_bytes(nnul);
	}
#endif
	for (; i < n; i++) {
		unsigned char	c = (unsigned char)p[i];

		if (c == 0)
			nul++;
		else if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' &&
		    c != 0x1b)
			ctl++;
	}
	return n > 0 && (ctl * 20 > n - nul || nul == n);
}

/* Is it a binary event log (.evtx)?  The input layer hands its bytes on undecoded. */
static int
evtx_sniff_row(const char *p, size_t n, const char **why)
{
	(void)why;
	return evtx_sniff(p, n);
}

/* Reads a binary event log; --state remembers its records as an export's. */
static void
evtx_scan_row(struct source_ctx *c, struct input *in, const char *path,
    struct report_input *ri)
{
	struct evtx_stats	st;

	evtx_scan(c->events, in, path, getenv("VSSEXPLAIN_PARSE_ALL") != NULL, c->emit,
	    c->problem, c->notice, c->ctx, &st);
	snprintf(c->kind, sizeof c->kind, "evtx%s%s", input_compressed(in) ? ", " : "",
	    input_compressed(in) ? input_describe(in) : "");
	ri->kind = c->kind;
	ri->events = (long)st.records;
}

/* Is it an event-log export (XML)?  XML that holds no events is refused. */
static int
evxml_sniff_row(const char *p, size_t n, const char **why)
{
	switch (evxml_sniff(p, n, why)) {
	case EVXML_REFUSED:
		return -1;
	case EVXML_EVENTS:
		return 1;
	case EVXML_NONE:
		break;
	}
	return 0;
}

/* Reads an exported event log (XML); --state does not apply to it. */
static void
evxml_scan_row(struct source_ctx *c, struct input *in, const char *path,
    struct report_input *ri)
{
	const char	*how;

	evxml_scan(c->events, in, path, c->emit, c->problem, c->ctx);
	how = input_describe(in);
	snprintf(c->kind, sizeof c->kind, "event-xml%s%s", strcmp(how, "text") == 0 ?
	    "" : ", ", strcmp(how, "text") == 0 ? "" : how);
	ri->kind = c->kind;
	ri->lines = evxml_count(c->events)->lines;
	ri->events = evxml_count(c->events)->events;
}

/* Are they events shipped as JSON (JSON Lines, an array, a search response)? */
static int
evjson_sniff_row(const char *p, size_t n, const char **why)
{
	(void)why;
	return evjson_sniff(p, n);
}

/* Reads JSON events; --state reads a growing JSON Lines file on from where it stopped. */
static void
evjson_scan_row(struct source_ctx *c, struct input *in, const char *path,
    struct report_input *ri)
{
	struct scan_pos	 start = { 0, 1 }, end;
	const char	*how = input_describe(in);

	if (c->cron != NULL)
		cron_json(c->cron, c->json, in, path, c->emit, c->ctx);
	else
		evjson_scan(c->json, in, path, &start, 0, &end, c->emit, c->problem, c->notice,
		    c->ctx);
	snprintf(c->kind, sizeof c->kind, "event-json (%s)%s%s", evjson_shape(c->json),
	    strcmp(how, "text") == 0 ? "" : ", ", strcmp(how, "text") == 0 ? "" : how);
	ri->kind = c->kind;
	ri->lines = evjson_count(c->json)->lines;
	ri->events = evjson_count(c->json)->events;
}

/* Anything else is text. */
static int
text_sniff(const char *p, size_t n, const char **why)
{
	(void)p;
	(void)n;
	(void)why;
	return 1;
}

/* Reads a text log, through cron mode when it is on. */
static void
text_scan_row(struct source_ctx *c, struct input *in, const char *path,
    struct report_input *ri)
{
	if (c->cron != NULL)
		cron_text(c->cron, c->scanner, in, path, c->emit, c->ctx);
	else
		scanner_text(c->scanner, in, path, c->emit, c->ctx);
	ri->kind = input_describe(in);
	ri->lines = scanner_lines(c->scanner);
}

/* The input formats, tried in order; the last takes anything. */
static const struct source	source_table[] = {
	{ "evtx", evtx_sniff_row, evtx_scan_row },
	{ "event-xml", evxml_sniff_row, evxml_scan_row },
	{ "event-json", evjson_sniff_row, evjson_scan_row },
	{ "text", text_sniff, text_scan_row },
};

const struct source *
source_pick(struct input *in, int explicit, const char **why)
{
	const char	*peek;
	size_t		 n, i;

	if (input_binary(in))		/* a binary event log: the evtx row */
		return &source_table[0];
	n = input_peek(in, &peek, 4096);
	/* a file named on the command line is read unless it is a known binary format */
	if ((*why = binary_format(peek, n)) != NULL)
		return NULL;
	if (!explicit && source_looks_binary(peek, n)) {
		*why = "binary data, not text";
		return NULL;
	}
	for (i = 0; i < sizeof source_table / sizeof source_table[0]; i++) {
		switch (source_table[i].sniff(peek, n, why)) {
		case 1:
			return &source_table[i];
		case -1:
			return NULL;
		}
	}
	return NULL;
}

int
source_misnamed(const char *path, struct input *in, const char **why)
{
	static const char *const	 ends[] = { ".evtx", ".evtx.gz", ".evtx.xz", ".evtx.bz2",
	    ".evtx.zst" };
	size_t				 i, n = strlen(path), k;

	if (input_binary(in))
		return 0;
	for (i = 0; i < sizeof ends / sizeof ends[0]; i++) {
		k = strlen(ends[i]);
		if (n > k && strcasecmp(path + n - k, ends[i]) == 0) {
			*why = input_compressed(in) ? "not an EVTX file (no ElfFile header) after "
			    "decompression" : "not an EVTX file (no ElfFile header)";
			return 1;
		}
	}
	return 0;
}

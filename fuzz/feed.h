/* feed.h: what the fuzz targets share: the database, temporary files, inputs from memory. */
#ifndef VSSEXPLAIN_FUZZ_FEED_H
#define VSSEXPLAIN_FUZZ_FEED_H

#include <stddef.h>
#include <stdio.h>
#include <stdint.h>

#include "db.h"

struct finding;
struct input;

/* The real error database, loaded once; aborts when it is broken. */
const struct db	*feed_db(void);
/* A stream to /dev/null, opened once, for output nobody reads. */
FILE		*feed_devnull(void);
/* A private temporary directory made once and removed at exit. */
const char	*feed_dir(void);
/* Writes data to path (truncating it); aborts on failure. */
void		 feed_write(const char *path, const uint8_t *data, size_t size);
/*
 * Opens an input whose reads return data in pieces: the lengths of the
 * pieces are drawn from seed, so every split point of the raw bytes is tried.
 * The descriptor is a pipe, so the input layer takes it for a stream.  One
 * such input at a time.
 */
struct input	*feed_input(const uint8_t *data, size_t size, uint32_t seed);
/* Closes it, so that reads of a file opened later under the same descriptor number are real. */
void		 feed_close(struct input *);

/* An event reader (and its text scanner) made once per all_codes value, with a fixed "now". */
struct evxml	*feed_evxml(int all_codes);
/* The same reader (all_codes 0) with every event parsed by libxml2 ($VSSEXPLAIN_PARSE_SLOW). */
struct evxml	*feed_evxml_slow(void);

/*
 * A JSON event reader made once per all_codes and parse_all value (every
 * object parsed, as with $VSSEXPLAIN_PARSE_ALL), with its own scanner.
 */
struct evjson	*feed_evjson(int all_codes, int parse_all);

/* Where fuzz targets hand findings and messages: every byte read, so nothing is optimised away. */
extern unsigned long	 feed_sink;
void		 feed_finding(void *ctx, const struct finding *);
void		 feed_message(void *ctx, const char *msg);

#endif

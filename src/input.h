/* input.h: reads one input (file or stdin) as a stream of text bytes. */
#ifndef VSSEXPLAIN_INPUT_H
#define VSSEXPLAIN_INPUT_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/*
 * The input layer hides how a file is stored.  It recognises, by content and
 * never by name: gzip (any number of members, zlib), then inside that
 * UTF-16LE or UTF-16BE with a BOM, BOM-less UTF-16LE (as PowerShell's '>'
 * writes it), UTF-8 with or without a BOM, and any other bytes (Latin-1 and
 * the like), which are passed through unchanged.  UTF-16 is decoded to UTF-8;
 * a UTF-8 BOM is dropped.  Memory use is fixed, whatever the input.
 *
 * Problems (corrupt gzip data, invalid UTF-16, read errors) are passed to
 * the error callback as complete messages naming the path and the byte
 * offset; after a corrupt gzip stream or a read error the input ends, after
 * invalid UTF-16 it goes on (the bad unit becomes U+FFFD).
 */
struct input;

typedef void	(*input_error_fn)(void *ctx, const char *msg);

enum input_encoding {
	INPUT_BYTES,		/* UTF-8, ASCII, Latin-1: passed through */
	INPUT_UTF8_BOM,
	INPUT_UTF16LE,
	INPUT_UTF16LE_NOBOM,
	INPUT_UTF16BE
};

/*
 * Opens path ("-" is standard input, named "(standard input)" and left open
 * by input_close).  Returns NULL and sets *err (the caller's).  Opening reads
 * the first bytes to recognise the format, so the accessors below are valid
 * at once.
 */
struct input	*input_open(const char *path, input_error_fn, void *ctx, char **err);
/*
 * input_open in the memory of *spare if it holds an input that
 * input_recycle gave (*spare is then NULL): a reader of many files sets
 * its buffers up once, not once per file.
 */
struct input	*input_open_spare(const char *path, input_error_fn, void *ctx, char **err,
		    struct input **spare);
/* Opens an already open descriptor; name is used in messages.  Takes fd. */
struct input	*input_fdopen(int fd, const char *name, input_error_fn, void *ctx);
void		 input_close(struct input *);
/* Closes in as input_close does, but keeps its memory for input_open_spare (or input_close). */
struct input	*input_recycle(struct input *);

/*
 * Gzip bomb guard: reading stops with an error once more than max_bytes have
 * been inflated and that is more than ratio times the compressed bytes read.
 * ratio 0 turns the guard off.
 */
#define INPUT_GZIP_MAX_BYTES	(256ULL * 1024 * 1024)
#define INPUT_GZIP_MAX_RATIO	1000
void		 input_set_limits(struct input *, uint64_t max_bytes, unsigned ratio);

/*
 * Returns up to n decoded bytes without consuming them (n at most 4096); fewer
 * only at the end of the input.  Sets *p to them.
 */
size_t		 input_peek(struct input *, const char **p, size_t n);
/*
 * Skips n decoded bytes (seeking in plain files, reading otherwise); returns
 * how many were skipped, fewer only at the end of the input.
 */
uint64_t	 input_skip(struct input *, uint64_t n);
/* Reads up to n decoded bytes into buf: > 0, 0 at the end, never < 0. */
size_t		 input_read(struct input *, char *buf, size_t n);

/*
 * A reader's sliding window on its input: buf[pos, len) is read and not yet
 * used, buf[0] stands at offset off of the decoded input, eof is set once
 * input_read said 0.  Zero it, or set buf and cap, before the first fill.
 */
struct input_window {
	char		*buf;
	size_t		 cap, len, pos;
	uint64_t	 off;
	int		 eof;
};

/*
 * Makes at least need bytes available from pos (fewer only at the end of
 * the input) and returns how many are, reading chunk bytes or more at a time.
 * Moves the bytes to the start of the buffer, which it may grow: offsets
 * into it are only valid relative to pos afterwards.
 */
size_t		 input_fill(struct input *, struct input_window *, size_t need,
		    size_t chunk);

int		 input_gzip(const struct input *);	/* was it gzip? */
int		 input_compressed(const struct input *);	/* gzip, or another format */
/* Is it a binary format (an .evtx) whose bytes input_read hands on undecoded? */
int		 input_binary(const struct input *);
enum input_encoding input_encoding(const struct input *);
const char	*input_describe(const struct input *);	/* "gzip, UTF-16LE" */
const char	*input_name(const struct input *);
uint64_t	 input_raw_bytes(const struct input *);	/* read from the file so far */
int		 input_failed(const struct input *);	/* did any problem occur? */
int		 input_fd(const struct input *);	/* the descriptor, for fstat */
/* A regular file's size when it was opened, without a system call; else 0. */
uint64_t	 input_size0(const struct input *);

#endif

/* unpack.h: streaming decompression of xz, bzip2 and zstd data (gzip is input.c's own). */
#ifndef VSSEXPLAIN_UNPACK_H
#define VSSEXPLAIN_UNPACK_H

#include <stddef.h>

enum unpack_kind {
	UNPACK_NONE,
	UNPACK_XZ,
	UNPACK_BZIP2,
	UNPACK_ZSTD
};

enum unpack_status {
	UNPACK_OK,		/* went on: call again with more input or output room */
	UNPACK_END,		/* the data ended cleanly with the input */
	UNPACK_ERROR		/* corrupt or truncated: *why says how */
};

struct unpack;

/* Which format the first n bytes of a file start, by their magic numbers. */
enum unpack_kind	 unpack_sniff(const unsigned char *p, size_t n);
const char		*unpack_name(enum unpack_kind);	/* "xz", "bzip2", "zstd" */
struct unpack		*unpack_new(enum unpack_kind);
void			 unpack_free(struct unpack *);
/*
 * Decompresses from src[0..srclen) into dst[0..dstlen); eof says that no
 * input follows src.  Sets *used and *made.  Concatenated streams (as xz,
 * bzip2 and zstd write them when appending) are one.
 */
enum unpack_status	 unpack_step(struct unpack *, const unsigned char *src, size_t srclen,
			    int eof, size_t *used, unsigned char *dst, size_t dstlen, size_t *made,
			    const char **why);

#endif

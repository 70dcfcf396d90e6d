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

/* bzip2's magic number: "BZh" and a block size digit. */
static inline int
unpack_bzip2_magic(const unsigned char *p, size_t n)
{
	return n >= 4 && p[0] == 'B' && p[1] == 'Z' && p[2] == 'h' && p[3] >= '1' &&
	    p[3] <= '9';
}

/* Which format the first n bytes of a file start, by their magic numbers (unpack.c). */
enum unpack_kind	 unpack_sniff(const unsigned char *p, size_t n);
const char		*unpack_name(enum unpack_kind);	/* "xz", "bzip2", "zstd" */

/*
 * The decoders (unpack-codec.c) are in the readers module: liblzma,
 * libzstd and libbz2 are loaded only when a rotated log compressed with
 * them is read, through struct vssx_readers of readers.h; the program
 * calls them there, never by these names.
 */
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

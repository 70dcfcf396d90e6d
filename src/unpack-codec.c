/* unpack-codec.c: the readers module's xz (liblzma), bzip2 (libbz2) and zstd (libzstd) decoders. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <bzlib.h>
#include <lzma.h>
#include <zstd.h>

#include "unpack.h"
#include "xalloc.h"

#define XZ_MEMLIMIT	(256ULL * 1024 * 1024)

struct unpack {
	enum unpack_kind kind;
	lzma_stream	 xz;
	bz_stream	 bz;
	int		 bz_open;	/* inside a bzip2 stream */
	ZSTD_DStream	*zs;
};

struct unpack *
unpack_new(enum unpack_kind kind)
{
	struct unpack	*u = xcalloc(1, sizeof *u);
	lzma_stream	 init = LZMA_STREAM_INIT;

	u->kind = kind;
	switch (kind) {
	case UNPACK_XZ:
		u->xz = init;
		if (lzma_stream_decoder(&u->xz, XZ_MEMLIMIT, LZMA_CONCATENATED) != LZMA_OK)
			abort();	/* out of memory */
		break;
	case UNPACK_ZSTD:
		if ((u->zs = ZSTD_createDStream()) == NULL)
			abort();
		ZSTD_initDStream(u->zs);
		break;
	default:
		break;	/* bzip2: a stream is opened at its magic number */
	}
	return u;
}

void
unpack_free(struct unpack *u)
{
	if (u == NULL)
		return;
	if (u->kind == UNPACK_XZ)
		lzma_end(&u->xz);
	if (u->bz_open)
		BZ2_bzDecompressEnd(&u->bz);
	ZSTD_freeDStream(u->zs);
	free(u);
}

static const char *
xz_error(lzma_ret r)
{
	switch (r) {
	case LZMA_MEMLIMIT_ERROR:
		return "needs more than 256 MiB of memory to decompress";
	case LZMA_FORMAT_ERROR:
		return "not xz data";
	case LZMA_OPTIONS_ERROR:
		return "unsupported xz options";
	case LZMA_BUF_ERROR:
		return "truncated xz data";
	default:
		return "corrupt xz data";
	}
}

static enum unpack_status
step_xz(struct unpack *u, const unsigned char *src, size_t srclen, int eof, size_t *used,
    unsigned char *dst, size_t dstlen, size_t *made, const char **why)
{
	lzma_ret	r;

	u->xz.next_in = src;
	u->xz.avail_in = srclen;
	u->xz.next_out = dst;
	u->xz.avail_out = dstlen;
	r = lzma_code(&u->xz, eof ? LZMA_FINISH : LZMA_RUN);
	*used = srclen - u->xz.avail_in;
	*made = dstlen - u->xz.avail_out;
	if (r == LZMA_STREAM_END)
		return UNPACK_END;
	if (r == LZMA_OK || (r == LZMA_BUF_ERROR && !eof))
		return UNPACK_OK;
	if (r == LZMA_BUF_ERROR && (*made > 0 || *used > 0))
		return UNPACK_OK;	/* progress: the error, if any, comes next time */
	*why = xz_error(r);
	return UNPACK_ERROR;
}

static enum unpack_status
step_bzip2(struct unpack *u, const unsigned char *src, size_t srclen, int eof,
    size_t *used, unsigned char *dst, size_t dstlen, size_t *made, const char **why)
{
	int	r;

	*used = *made = 0;
	if (!u->bz_open) {
		if (srclen == 0 && eof)
			return UNPACK_END;
		if (srclen < 4 && !eof)
			return UNPACK_OK;	/* wait for the magic number */
		if (!unpack_bzip2_magic(src, srclen)) {
			*why = "trailing garbage after bzip2 data";
			return UNPACK_ERROR;
		}
		memset(&u->bz, 0, sizeof u->bz);
		if (BZ2_bzDecompressInit(&u->bz, 0, 0) != BZ_OK)
			abort();
		u->bz_open = 1;
	}
	u->bz.next_in = (char *)(uintptr_t)src;
	u->bz.avail_in = (unsigned)srclen;
	u->bz.next_out = (char *)dst;
	u->bz.avail_out = (unsigned)dstlen;
	r = BZ2_bzDecompress(&u->bz);
	*used = srclen - u->bz.avail_in;
	*made = dstlen - u->bz.avail_out;
	if (r == BZ_STREAM_END) {
		BZ2_bzDecompressEnd(&u->bz);
		u->bz_open = 0;
		return eof && *used == srclen ? UNPACK_END : UNPACK_OK;
	}
	if (r == BZ_OK) {
		if (eof && *used == srclen && *made == 0) {
			*why = "truncated bzip2 data";
			return UNPACK_ERROR;
		}
		return UNPACK_OK;
	}
	*why = r == BZ_MEM_ERROR ? "out of memory decompressing bzip2 data" :
	    "corrupt bzip2 data";
	return UNPACK_ERROR;
}

static enum unpack_status
step_zstd(struct unpack *u, const unsigned char *src, size_t srclen, int eof,
    size_t *used, unsigned char *dst, size_t dstlen, size_t *made, const char **why)
{
	ZSTD_inBuffer	in = { src, srclen, 0 };
	ZSTD_outBuffer	out = { dst, dstlen, 0 };
	size_t		r;

	r = ZSTD_decompressStream(u->zs, &out, &in);
	*used = in.pos;
	*made = out.pos;
	if (ZSTD_isError(r)) {
		*why = ZSTD_getErrorName(r);
		return UNPACK_ERROR;
	}
	if (eof && in.pos == srclen && out.pos < dstlen) {
		if (r == 0)
			return UNPACK_END;
		if (out.pos == 0) {
			*why = "truncated zstd data";
			return UNPACK_ERROR;
		}
	}
	return UNPACK_OK;
}

enum unpack_status
unpack_step(struct unpack *u, const unsigned char *src, size_t srclen, int eof,
    size_t *used, unsigned char *dst, size_t dstlen, size_t *made, const char **why)
{
	*why = NULL;
	switch (u->kind) {
	case UNPACK_XZ:
		return step_xz(u, src, srclen, eof, used, dst, dstlen, made, why);
	case UNPACK_BZIP2:
		return step_bzip2(u, src, srclen, eof, used, dst, dstlen, made, why);
	case UNPACK_ZSTD:
		return step_zstd(u, src, srclen, eof, used, dst, dstlen, made, why);
	default:
		*used = *made = 0;
		return UNPACK_END;
	}
}

/* input.c: reads one input as decoded text, through gunzip and UTF-16 decoding. */
#include "config.h"

#include <sys/types.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "input.h"
#include "readers.h"
#include "unpack.h"
#include "xalloc.h"

#define BUF_SIZE	(64 * 1024)	/* the raw and the inflated buffer */
#define PEEK_SIZE	4096
#define SNIFF_SIZE	512		/* bytes looked at for BOM-less UTF-16 */
#define STDIN_NAME	"(standard input)"

struct buf {
	unsigned char	*p;
	size_t		 pos;		/* first unconsumed byte */
	size_t		 len;		/* bytes held */
};

/*
 * An input is three stages over fixed buffers:
 *
 *	fd --read(2)--> raw --inflate--> data --decode--> caller or peek area
 *
 * When the input is not gzip, data is raw itself.  A buffer is refilled
 * after its unconsumed tail (which is moved to the front first), so a gzip
 * header or a UTF-16 code unit split between two reads is completed by the
 * next one.  The decoder keeps a pending high surrogate and the bytes of a
 * character that did not fit the caller's buffer, so every read size gives
 * the same output.  Offsets in messages are counted in the raw stream for
 * gzip and read errors and in the data stream (after gunzip) for UTF-16.
 */
struct input {
	char		*name;
	int		 fd;
	int		 ownfd;		/* close fd at the end */
	input_error_fn	 errfn;
	void		*ctx;
	int		 failed;

	struct buf	 raw;
	int		 raweof;	/* end of file or read error */
	int		 rawerr;	/* read error, already reported */
	uint64_t	 rawbytes;
	uint64_t	 sysread;	/* bytes read(2) gave: for $VSSEXPLAIN_DEBUG_IO */
	int		 regular;	/* a regular file: it may be checked for shrinking */
	uint64_t	 size0;		/* its size when opened */
	int		 atzero;	/* opened here: the descriptor's offset is rawbytes */
	int		 eofnext;	/* a short read met the file's size: the end (sys_read) */

	int		 gzip;
	z_stream	 z;
	int		 member;	/* inside a gzip member */
	uint64_t	 zin;		/* compressed bytes consumed */
	uint64_t	 zout;		/* bytes inflated */
	uint64_t	 maxbytes;
	unsigned	 maxratio;
	struct buf	 inflated;
	struct unpack	*pack;		/* xz, bzip2, zstd: in place of gzip */
	enum unpack_kind packkind;
	const struct vssx_readers *codec; /* the module whose decoder pack is */

	struct buf	*data;		/* &raw or &inflated */
	int		 dataend;	/* no more data will come */
	uint64_t	 doff;		/* data stream offset of data->p[data->pos] */

	enum input_encoding enc;
	unsigned	 hi;		/* pending high surrogate, or 0 */
	uint64_t	 hioff;
	unsigned char	 out[4];	/* a character not yet delivered */
	size_t		 outpos, outlen;
	uint64_t	 bad;		/* invalid UTF-16 units */
	int		 badsummed;	/* count of the later ones reported */

	size_t		 peekpos, peeklen;
	char		 la;		/* a byte read ahead to decide a CR */
	int		 has_la;
	int		 cr_mode;	/* lone CRs: -1 not known yet, 0 none (LF file), 1 mended */
	int		 binary;	/* a binary format read as bytes: no decoding, no mending */
	char		 desc[32];
	/* buffers: input_open_spare zeroes what is above them, not them */
	char		 peek[PEEK_SIZE];
	unsigned char	 rawbuf[BUF_SIZE];
};

static const char *encoding_names[] = {
	[INPUT_BYTES] = NULL,
	[INPUT_UTF8_BOM] = "UTF-8 with BOM",
	[INPUT_UTF16LE] = "UTF-16LE",
	[INPUT_UTF16LE_NOBOM] = "UTF-16LE (no BOM)",
	[INPUT_UTF16BE] = "UTF-16BE"
};

/* Passes "NAME: message" to the error callback. */
static void __attribute__((format(printf, 2, 3)))
complain(struct input *in, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg, *full;

	in->failed = 1;
	if (in->errfn == NULL)
		return;
	/* not truncated: a module's path and dlerror() can be long */
	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	full = xasprintf("%s: %s", in->name, msg);
	in->errfn(in->ctx, full);
	free(full);
	free(msg);
}

static void
compact(struct buf *b)
{
	if (b->pos == 0)
		return;
	memmove(b->p, b->p + b->pos, b->len - b->pos);
	b->len -= b->pos;
	b->pos = 0;
}

/*
 * At the end of a regular file: was it cut while it was read (truncated in
 * place, rewritten)?  Then what was read may be a mix of two contents, or
 * stop short, and that is a problem, not an ordinary end.
 */
static void
shrunk(struct input *in)
{
	struct stat	sb;
	off_t		pos;

	if (!in->regular || fstat(in->fd, &sb) != 0)
		return;
	if (in->atzero)
		pos = (off_t)in->rawbytes;	/* no lseek: read and input_skip count it */
	else if ((pos = lseek(in->fd, 0, SEEK_CUR)) == (off_t)-1)
		return;
	if ((uint64_t)sb.st_size < in->size0 || sb.st_size < pos)
		complain(in, "the file shrank from %llu to %llu bytes while it was read "
		    "(truncated or rewritten?); read up to byte %llu",
		    (unsigned long long)in->size0, (unsigned long long)sb.st_size,
		    (unsigned long long)pos);
}

/* Reads up to n bytes from the descriptor into dst: > 0, 0 at the end, -1 on error. */
static ssize_t
sys_read(struct input *in, void *dst, size_t n)
{
	struct pollfd	 pfd;
	ssize_t		 r;
	int		 e;

	if (in->raweof)
		return 0;
	if (in->eofnext) {
		in->raweof = 1;		/* a clean end: shrunk() has nothing to say */
		return 0;
	}
	for (;;) {
		r = read(in->fd, dst, n);
		if (r >= 0) {
			in->sysread += (uint64_t)r;
			break;
		}
		e = errno;
		if (e == EINTR)
			continue;
		if (e == EAGAIN || e == EWOULDBLOCK) {
			pfd.fd = in->fd;
			pfd.events = POLLIN;
			(void)poll(&pfd, 1, -1);
			continue;
		}
		in->raweof = in->rawerr = 1;
		complain(in, "read error at byte %llu: %s",
		    (unsigned long long)in->rawbytes, strerror(e));
		return -1;
	}
	if (r == 0) {
		in->raweof = 1;
		shrunk(in);
		return 0;
	}
	in->rawbytes += r;
	/*
	 * A short read of a regular file opened here is its end: when it
	 * stops at the size the file had when it was opened, without a
	 * further call (the read itself says that the file had that size
	 * then); else when fstat still gives the size read to, not less than
	 * at the start, an fstat that the end's shrink check made anyway.
	 * That is in place of a read that gives 0, an fstat and an lseek:
	 * three system calls of seven for a small file (openat, fstat, read,
	 * close are left).  A file that grew meanwhile, or a file system
	 * whose reads come short before the end, is read on.
	 */
	if ((size_t)r < n && in->regular && in->atzero) {
		struct stat	sb;

		if (in->rawbytes == in->size0 ||
		    (fstat(in->fd, &sb) == 0 && (uint64_t)sb.st_size == in->rawbytes &&
		    (uint64_t)sb.st_size >= in->size0))
			in->eofnext = 1;
	}
	return r;
}

/* Reads more raw bytes after the unconsumed ones: > 0, 0 at the end, -1 on error. */
static ssize_t
read_more(struct input *in)
{
	struct buf	*b = &in->raw;
	ssize_t		 r;

	if (in->raweof)
		return 0;
	compact(b);
	if (b->len == BUF_SIZE)
		return -1;	/* not reached: callers consume first */
	if ((r = sys_read(in, b->p + b->len, BUF_SIZE - b->len)) > 0)
		b->len += r;
	return r;
}

/* Makes sure at least n raw bytes are unconsumed, unless the input ends. */
static int
raw_want(struct input *in, size_t n)
{
	while (in->raw.len - in->raw.pos < n) {
		if (read_more(in) <= 0)
			return 0;
	}
	return 1;
}

static voidpf
zalloc(voidpf opaque, uInt items, uInt size)
{
	(void)opaque;
	return xcalloc(items, size);
}

static void
zfree(voidpf opaque, voidpf p)
{
	(void)opaque;
	free(p);
}

/* Checks what starts a gzip member; reports trailing garbage. */
static int
member_start(struct input *in)
{
	const unsigned char	*p;

	if (!raw_want(in, 1))
		return 0;	/* a clean end between members */
	raw_want(in, 2);
	p = in->raw.p + in->raw.pos;
	if (in->raw.len - in->raw.pos >= 2 && p[0] == 0x1f && p[1] == 0x8b) {
		in->member = 1;
		return 1;
	}
	if (!in->rawerr) {
		complain(in, "trailing garbage after gzip data at compressed "
		    "byte %llu; ignored", (unsigned long long)in->zin);
	}
	return 0;
}

/* Reports a gzip bomb if the guard's limits are passed. */
static int
too_big(struct input *in)
{
	if (in->maxratio == 0 || in->zout <= in->maxbytes)
		return 0;
	if ((in->zout - 1) / in->maxratio < in->zin)
		return 0;
	complain(in, "gzip data expands more than %u times (over %llu MiB); "
	    "stopped reading (a gzip bomb?)", in->maxratio,
	    (unsigned long long)(in->zout >> 20));
	return 1;
}

/* Inflates more data after the unconsumed bytes: returns how many, 0 at the end. */
static size_t
inflate_more(struct input *in)
{
	struct buf	*o = &in->inflated, *r = &in->raw;
	size_t		 before, used, made;
	int		 ret;

	compact(o);
	before = o->len;
	while (o->len == before) {
		if (!in->member && !member_start(in))
			break;
		if (!raw_want(in, 1)) {
			if (!in->rawerr) {
				complain(in, "truncated gzip data: the stream "
				    "ends at compressed byte %llu",
				    (unsigned long long)in->zin);
			}
			break;
		}
		in->z.next_in = r->p + r->pos;
		in->z.avail_in = r->len - r->pos;
		in->z.next_out = o->p + o->len;
		in->z.avail_out = BUF_SIZE - o->len;
		ret = inflate(&in->z, Z_NO_FLUSH);
		used = (r->len - r->pos) - in->z.avail_in;
		made = (BUF_SIZE - o->len) - in->z.avail_out;
		r->pos += used;
		in->zin += used;
		o->len += made;
		in->zout += made;
		if (ret == Z_STREAM_END) {
			in->member = 0;
			inflateReset(&in->z);
		} else if ((ret != Z_OK && ret != Z_BUF_ERROR) ||
		    (used == 0 && made == 0)) {
			complain(in, "corrupt gzip data at compressed byte %llu: %s",
			    (unsigned long long)in->zin,
			    in->z.msg != NULL ? in->z.msg : zError(ret));
			break;
		}
		if (too_big(in))
			break;
		if (made != 0)
			return made;
	}
	in->dataend = 1;
	return o->len - before;
}

/* Decompresses more xz, bzip2 or zstd data after the unconsumed bytes: how many, 0 at the end. */
static size_t
unpack_more(struct input *in)
{
	struct buf		*o = &in->inflated, *r = &in->raw;
	size_t			 before, used, made;
	enum unpack_status	 st;
	const char		*why;
	int			 eof;

	compact(o);
	before = o->len;
	while (o->len == before) {
		if (r->len - r->pos < BUF_SIZE && !in->raweof)
			(void)read_more(in);
		if (in->rawerr)
			break;
		eof = in->raweof;
		st = in->codec->unpack_step(in->pack, r->p + r->pos, r->len - r->pos, eof, &used,
		    o->p + o->len, BUF_SIZE - o->len, &made, &why);
		r->pos += used;
		in->zin += used;
		o->len += made;
		in->zout += made;
		if (st == UNPACK_ERROR) {
			if (strstr(why, unpack_name(in->packkind)) != NULL)
				complain(in, "%s at compressed byte %llu", why,
				    (unsigned long long)in->zin);
			else
				complain(in, "corrupt %s data at compressed byte %llu: %s",
				    unpack_name(in->packkind), (unsigned long long)in->zin, why);
			break;
		}
		if (too_big(in) || st == UNPACK_END)
			break;
		if (made != 0)
			return made;
		if (used == 0 && eof) {
			complain(in, "truncated %s data: the stream ends at compressed byte "
			    "%llu", unpack_name(in->packkind), (unsigned long long)in->zin);
			break;
		}
	}
	in->dataend = 1;
	return o->len - before;
}

/* Adds more data after the unconsumed bytes: returns how many, 0 at the end. */
static size_t
fill_data(struct input *in)
{
	ssize_t	n;

	if (in->dataend)
		return 0;
	if (in->gzip)
		return inflate_more(in);
	if (in->pack != NULL)
		return unpack_more(in);
	n = read_more(in);
	if (n <= 0) {
		in->dataend = 1;
		return 0;
	}
	return n;
}

/* Says whether the start of the data looks like UTF-16LE without a BOM. */
static int
looks_utf16le(const unsigned char *p, size_t n)
{
	size_t	i, pairs, zero = 0, text = 0, most;

	if (n < 4 || n % 2 != 0)
		return 0;
	pairs = n / 2;
	/*
	 * At most this many high bytes may be other than zero (zero * 8 >=
	 * pairs * 7): a file of 8-bit text is told after some thirty pairs,
	 * not 256, at every input opened.
	 */
	most = pairs - (pairs * 7 + 7) / 8;
	for (i = 0; i < n; i += 2) {
		if (p[i + 1] == 0)
			zero++;
		else if (i / 2 + 1 - zero > most)
			return 0;
		if ((p[i] >= 0x20 && p[i] < 0x7f) ||
		    p[i] == '\r' || p[i] == '\n' || p[i] == '\t')
			text++;
	}
	return zero * 8 >= pairs * 7 && text * 4 >= pairs * 3;
}

/* Recognises gzip and the encoding from the first bytes; skips a BOM. */
static void
detect(struct input *in)
{
	struct buf		*d;
	const unsigned char	*p;
	size_t			 n, bom = 0;
	const char		*name, *packed, *why;

	raw_want(in, 2);
	if (in->raw.len >= 2 && in->raw.p[0] == 0x1f && in->raw.p[1] == 0x8b) {
		in->gzip = 1;
		in->z.zalloc = zalloc;
		in->z.zfree = zfree;
		if (inflateInit2(&in->z, 15 + 16) != Z_OK)
			abort();
		in->inflated.p = xmalloc(BUF_SIZE);
		in->data = &in->inflated;
	} else {
		raw_want(in, 6);
		if ((in->packkind = unpack_sniff(in->raw.p, in->raw.len)) != UNPACK_NONE) {
			in->inflated.p = xmalloc(BUF_SIZE);
			in->data = &in->inflated;
			/* no decoder, no data: the file is an error, not empty */
			if ((in->codec = readers_get(&why)) == NULL) {
				complain(in, "cannot decompress %s data: %s",
				    unpack_name(in->packkind), why);
				in->dataend = 1;
			} else
				in->pack = in->codec->unpack_new(in->packkind);
		}
	}
	d = in->data;
	while (d->len - d->pos < SNIFF_SIZE && fill_data(in) > 0)
		/* nothing */;
	p = d->p + d->pos;
	n = d->len - d->pos;
	if (n >= 8 && memcmp(p, "ElfFile", 8) == 0) {
		in->binary = 1;		/* an .evtx: its bytes are handed on as they are */
		in->cr_mode = 0;
	} else if (n >= 2 && p[0] == 0xff && p[1] == 0xfe) {
		in->enc = INPUT_UTF16LE;
		bom = 2;
	} else if (n >= 2 && p[0] == 0xfe && p[1] == 0xff) {
		in->enc = INPUT_UTF16BE;
		bom = 2;
	} else if (n >= 3 && p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf) {
		in->enc = INPUT_UTF8_BOM;
		bom = 3;
	} else if (looks_utf16le(p, n < SNIFF_SIZE ? n : SNIFF_SIZE))
		in->enc = INPUT_UTF16LE_NOBOM;
	d->pos += bom;
	in->doff += bom;

	name = encoding_names[in->enc];
	packed = in->gzip ? "gzip" : in->packkind != UNPACK_NONE ? unpack_name(in->packkind) :
	    NULL;
	if (packed != NULL && name != NULL)
		snprintf(in->desc, sizeof in->desc, "%s, %s", packed, name);
	else if (name != NULL)
		snprintf(in->desc, sizeof in->desc, "%s", name);
	else
		snprintf(in->desc, sizeof in->desc, "%s", packed != NULL ? packed : "text");
}

/* Reports how many more invalid UTF-16 units there were, once. */
static void
sum_bad(struct input *in)
{
	uint64_t	more = in->bad > 0 ? in->bad - 1 : 0;

	if (more == 0 || in->badsummed)
		return;
	in->badsummed = 1;
	complain(in, "%llu more invalid UTF-16 unit%s replaced",
	    (unsigned long long)more, more == 1 ? "" : "s");
}

/* Encodes code point c as UTF-8 into the character not yet delivered. */
static void
put_char(struct input *in, unsigned c)
{
	unsigned char	*o = in->out;

	in->outpos = 0;
	if (c < 0x80) {
		o[0] = c;
		in->outlen = 1;
	} else if (c < 0x800) {
		o[0] = 0xc0 | c >> 6;
		o[1] = 0x80 | (c & 0x3f);
		in->outlen = 2;
	} else if (c < 0x10000) {
		o[0] = 0xe0 | c >> 12;
		o[1] = 0x80 | ((c >> 6) & 0x3f);
		o[2] = 0x80 | (c & 0x3f);
		in->outlen = 3;
	} else {
		o[0] = 0xf0 | c >> 18;
		o[1] = 0x80 | ((c >> 12) & 0x3f);
		o[2] = 0x80 | ((c >> 6) & 0x3f);
		o[3] = 0x80 | (c & 0x3f);
		in->outlen = 4;
	}
}

/* Replaces an invalid unit with U+FFFD; reports the first of an input. */
static void
put_bad(struct input *in, uint64_t off, const char *why)
{
	if (in->bad++ == 0) {
		complain(in, "invalid UTF-16 at byte %llu (%s); replaced with "
		    "U+FFFD", (unsigned long long)off, why);
	}
	put_char(in, 0xfffd);
}

/*
 * Decodes UTF-16 until a character is ready in in->out.  Returns 1, 0 at the
 * end of the data, or -1 when that needs a read and may_read is 0.
 */
static int
next_utf16(struct input *in, int may_read)
{
	struct buf		*d = in->data;
	const unsigned char	*p;
	unsigned		 u, hi;
	uint64_t		 off;

	for (;;) {
		while (d->len - d->pos < 2) {
			if (!may_read)
				return -1;
			if (fill_data(in) > 0)
				continue;
			if (in->hi != 0) {
				in->hi = 0;
				put_bad(in, in->hioff, "unpaired surrogate");
			} else if (d->len - d->pos == 1) {
				d->pos++;
				put_bad(in, in->doff++, "odd final byte");
			} else {
				sum_bad(in);
				return 0;
			}
			return 1;
		}
		p = d->p + d->pos;
		if (in->enc == INPUT_UTF16BE)
			u = (unsigned)p[0] << 8 | p[1];
		else
			u = (unsigned)p[1] << 8 | p[0];
		if ((hi = in->hi) != 0) {
			in->hi = 0;
			if (u < 0xdc00 || u > 0xdfff) {
				/* Leave u to be decoded next time. */
				put_bad(in, in->hioff, "unpaired surrogate");
				return 1;
			}
		}
		off = in->doff;
		d->pos += 2;
		in->doff += 2;
		if (hi != 0)
			put_char(in, 0x10000 + ((hi - 0xd800) << 10) + (u - 0xdc00));
		else if (u >= 0xd800 && u <= 0xdbff) {
			in->hi = u;
			in->hioff = off;
			continue;
		} else if (u >= 0xdc00 && u <= 0xdfff)
			put_bad(in, off, "unpaired surrogate");
		else
			put_char(in, u);
		return 1;
	}
}

/*
 * Decodes whole valid characters straight into buf while the data and buf
 * both have room: the fast path.  Stops at anything else (a surrogate pair
 * split at the end of the data, an unpaired surrogate), which next_utf16
 * then deals with.
 */
static size_t
decode_run(struct input *in, unsigned char *o, size_t n)
{
	struct buf		*d = in->data;
	const unsigned char	*p = d->p + d->pos, *end = d->p + d->len;
	unsigned char		*start = o, *oend = o + n;
	int			 be = in->enc == INPUT_UTF16BE;
	unsigned		 u, u2;

	while (end - p >= 2 && oend - o >= 4) {
		u = (unsigned)p[!be] << 8 | p[be];
		if (u < 0x80)
			*o++ = u;
		else if (u < 0x800) {
			*o++ = 0xc0 | u >> 6;
			*o++ = 0x80 | (u & 0x3f);
		} else if (u < 0xd800 || u > 0xdfff) {
			*o++ = 0xe0 | u >> 12;
			*o++ = 0x80 | ((u >> 6) & 0x3f);
			*o++ = 0x80 | (u & 0x3f);
		} else {
			if (u > 0xdbff || end - p < 4)
				break;
			u2 = (unsigned)p[2 + !be] << 8 | p[2 + be];
			if (u2 < 0xdc00 || u2 > 0xdfff)
				break;
			u = 0x10000 + ((u - 0xd800) << 10) + (u2 - 0xdc00);
			*o++ = 0xf0 | u >> 18;
			*o++ = 0x80 | ((u >> 12) & 0x3f);
			*o++ = 0x80 | ((u >> 6) & 0x3f);
			*o++ = 0x80 | (u & 0x3f);
			p += 2;
		}
		p += 2;
	}
	in->doff += p - (d->p + d->pos);
	d->pos = p - d->p;
	return o - start;
}

/* Decodes UTF-16 into up to n bytes of buf; reads only while buf is empty. */
static size_t
read_utf16(struct input *in, char *buf, size_t n)
{
	size_t	done = 0, k;

	while (done < n) {
		if (in->outpos == in->outlen && in->hi == 0 &&
		    (k = decode_run(in, (unsigned char *)buf + done, n - done)) > 0) {
			done += k;
			continue;
		}
		if (in->outpos == in->outlen && next_utf16(in, done == 0) <= 0)
			break;
		k = in->outlen - in->outpos;
		if (k > n - done)
			k = n - done;
		memcpy(buf + done, in->out + in->outpos, k);
		in->outpos += k;
		done += k;
	}
	return done;
}

/* Copies data bytes into up to n bytes of buf. */
static size_t
read_bytes(struct input *in, char *buf, size_t n)
{
	struct buf	*d = in->data;
	size_t		 k;
	ssize_t		 r;

	if (in->data == &in->raw && d->pos == d->len && n >= BUF_SIZE && !in->dataend) {
		/* plain bytes, nothing buffered: read straight into the caller's buffer */
		if ((r = sys_read(in, buf, n)) <= 0) {
			in->dataend = 1;
			return 0;
		}
		in->doff += (uint64_t)r;
		return (size_t)r;
	}
	while (d->pos == d->len) {
		if (fill_data(in) == 0)
			return 0;
	}
	k = d->len - d->pos;
	if (k > n)
		k = n;
	memcpy(buf, d->p + d->pos, k);
	d->pos += k;
	in->doff += k;
	return k;
}

/* Produces decoded bytes, bypassing the peek area. */
static size_t
produce_inner(struct input *in, char *buf, size_t n)
{
	if (n == 0)
		return 0;
	switch (in->enc) {
	case INPUT_UTF16LE:
	case INPUT_UTF16LE_NOBOM:
	case INPUT_UTF16BE:
		return read_utf16(in, buf, n);
	default:
		return read_bytes(in, buf, n);
	}
}

static struct input	*fdopen_in(struct input *, int, const struct stat *, const char *,
			    int, input_error_fn, void *);

struct input *
input_open(const char *path, input_error_fn errfn, void *ctx, char **err)
{
	return input_open_spare(path, errfn, ctx, err, NULL);
}

struct input *
input_open_spare(const char *path, input_error_fn errfn, void *ctx, char **err,
    struct input **spare)
{
	struct input	*in;
	struct stat	 sb;
	int		 fd, isstdin = strcmp(path, "-") == 0, st;

	if (isstdin)
		fd = STDIN_FILENO;
	else {
		do
			fd = open(path, O_RDONLY | O_NOCTTY | O_CLOEXEC);
		while (fd == -1 && errno == EINTR);
		if (fd == -1) {
			*err = xasprintf("cannot open %s: %s", path,
			    strerror(errno));
			return NULL;
		}
	}
	if ((st = fstat(fd, &sb)) == 0 && S_ISDIR(sb.st_mode)) {
		if (!isstdin)
			close(fd);
		*err = xasprintf("cannot open %s: %s",
		    isstdin ? STDIN_NAME : path, strerror(EISDIR));
		return NULL;
	}
	if (spare != NULL && *spare != NULL) {
		in = *spare;
		*spare = NULL;
	} else
		in = xmalloc(sizeof *in);
	/* the one fstat: the type and size it gave are those input_fdopen takes */
	in = fdopen_in(in, fd, st == 0 ? &sb : NULL, isstdin ? STDIN_NAME : path, !isstdin,
	    errfn, ctx);
	in->ownfd = !isstdin;
	return in;
}

struct input *
input_fdopen(int fd, const char *name, input_error_fn errfn, void *ctx)
{
	struct stat	 sb;

	return fdopen_in(xmalloc(sizeof(struct input)), fd, fstat(fd, &sb) == 0 ? &sb : NULL,
	    name, 0, errfn, ctx);
}

/*
 * Sets up the input in the memory at in, with what fstat gave (NULL: it
 * failed); atzero when fd was opened here, at offset 0.  Only what stands
 * before the buffers is zeroed: every use of them follows a write.
 */
static struct input *
fdopen_in(struct input *in, int fd, const struct stat *sb, const char *name, int atzero,
    input_error_fn errfn, void *ctx)
{
	memset(in, 0, offsetof(struct input, peek));
	in->cr_mode = -1;
	in->atzero = atzero;
	if (sb != NULL && S_ISREG(sb->st_mode)) {
		in->regular = 1;
		in->size0 = (uint64_t)sb->st_size;
	}

	in->name = xstrdup(name);
	in->fd = fd;
	in->ownfd = 1;
	in->errfn = errfn;
	in->ctx = ctx;
	in->raw.p = in->rawbuf;
	in->data = &in->raw;
	in->maxbytes = INPUT_GZIP_MAX_BYTES;
	in->maxratio = INPUT_GZIP_MAX_RATIO;
	detect(in);
	return in;
}

/* Closes in, keeping only its memory, which input_open_spare uses again. */
struct input *
input_recycle(struct input *in)
{
	if (in == NULL)
		return NULL;
	sum_bad(in);
	/* for tests: what was read of the file, as against what was skipped */
	if (getenv("VSSEXPLAIN_DEBUG_IO") != NULL)
		fprintf(stderr, "vssexplain: debug: %s: %llu bytes read\n", in->name,
		    (unsigned long long)in->sysread);
	if (in->gzip)
		inflateEnd(&in->z);
	if (in->pack != NULL)
		in->codec->unpack_free(in->pack);
	if (in->ownfd)
		close(in->fd);
	free(in->inflated.p);
	free(in->name);
	in->name = NULL;	/* recycled: input_close only frees it */
	return in;
}

void
input_close(struct input *in)
{
	if (in == NULL)
		return;
	if (in->name != NULL)		/* else recycled already */
		(void)input_recycle(in);
	free(in);
}

void
input_set_limits(struct input *in, uint64_t max_bytes, unsigned ratio)
{
	in->maxbytes = max_bytes;
	in->maxratio = ratio;
}

/*
 * Produces decoded bytes with line ends mended: a CR that no LF follows (old
 * Mac line ends) becomes LF, byte for byte, so offsets do not move.  A CR at
 * the end of a read is decided by one byte of lookahead.
 */
static size_t
produce(struct input *in, char *buf, size_t n)
{
	size_t	k = 0;
	char	c, *p;

	if (n == 0)
		return 0;
	if (in->has_la) {
		buf[k++] = in->la;
		in->has_la = 0;
	}
	if (k < n)
		k += produce_inner(in, buf + k, n - k);
	if (k == 0 || in->cr_mode == 0)
		return k;
	if (in->cr_mode < 0 && memchr(buf, '\n', k) != NULL) {
		/* a file that has LF line ends has no lone CR to mend: stop looking */
		for (p = memchr(buf, '\r', k); p != NULL && p + 1 < buf + k && p[1] == '\n';
		    p = memchr(p + 1, '\r', (size_t)(buf + k - (p + 1))))
			;
		in->cr_mode = p == NULL || p + 1 >= buf + k ? 0 : 1;
		if (in->cr_mode == 0 && buf[k - 1] != '\r')
			return k;
	}
	for (p = memchr(buf, '\r', k - 1); p != NULL;
	    p = memchr(p + 1, '\r', (size_t)(buf + k - 1 - (p + 1)))) {
		if (p[1] != '\n')
			*p = '\n';
		if (p + 1 >= buf + k - 1)
			break;
	}
	if (buf[k - 1] == '\r') {
		if (produce_inner(in, &c, 1) == 0)
			buf[k - 1] = '\n';
		else {
			if (c != '\n')
				buf[k - 1] = '\n';
			in->la = c;
			in->has_la = 1;
		}
	}
	return k;
}

size_t
input_peek(struct input *in, const char **p, size_t n)
{
	size_t	k;

	if (n > PEEK_SIZE)
		n = PEEK_SIZE;
	if (in->peekpos + n > PEEK_SIZE) {
		memmove(in->peek, in->peek + in->peekpos, in->peeklen);
		in->peekpos = 0;
	}
	while (in->peeklen < n) {
		k = produce(in, in->peek + in->peekpos + in->peeklen,
		    n - in->peeklen);
		if (k == 0)
			break;
		in->peeklen += k;
	}
	*p = in->peek + in->peekpos;
	return in->peeklen < n ? in->peeklen : n;
}

size_t
input_read(struct input *in, char *buf, size_t n)
{
	size_t	k;

	if (in->peeklen == 0)
		return produce(in, buf, n);
	k = in->peeklen < n ? in->peeklen : n;
	memcpy(buf, in->peek + in->peekpos, k);
	in->peekpos += k;
	in->peeklen -= k;
	if (in->peeklen == 0)
		in->peekpos = 0;
	return k;
}

int
input_gzip(const struct input *in)
{
	return in->gzip;
}

int
input_binary(const struct input *in)
{
	return in->binary;
}

int
input_compressed(const struct input *in)
{
	return in->gzip || in->packkind != UNPACK_NONE;
}

enum input_encoding
input_encoding(const struct input *in)
{
	return in->enc;
}

const char *
input_describe(const struct input *in)
{
	return in->desc;
}

const char *
input_name(const struct input *in)
{
	return in->name;
}

uint64_t
input_raw_bytes(const struct input *in)
{
	return in->rawbytes;
}

int
input_failed(const struct input *in)
{
	return in->failed;
}

size_t
input_fill(struct input *in, struct input_window *w, size_t need, size_t chunk)
{
	size_t	got;

	if (w->len - w->pos >= need || w->eof)
		return w->len - w->pos;
	if (w->pos > 0) {
		memmove(w->buf, w->buf + w->pos, w->len - w->pos);
		w->off += w->pos;
		w->len -= w->pos;
		w->pos = 0;
	}
	if (need + chunk / 4 > w->cap) {
		w->cap = need + chunk;
		w->buf = xrealloc(w->buf, w->cap);
	}
	while (w->len < need && !w->eof) {
		if ((got = input_read(in, w->buf + w->len, w->cap - w->len)) == 0)
			w->eof = 1;
		w->len += got;
	}
	return w->len - w->pos;
}

uint64_t
input_skip(struct input *in, uint64_t n)
{
	struct buf	*d = in->data;
	uint64_t	 done = 0;
	size_t		 k;
	char		 scratch[8192];

	/* what the peek area holds comes first */
	k = in->peeklen < n ? in->peeklen : (size_t)n;
	in->peekpos += k;
	in->peeklen -= k;
	if (in->peeklen == 0)
		in->peekpos = 0;
	done += k;
	if (done < n && in->has_la) {
		in->has_la = 0;
		done++;
	}
	if (done < n && in->data == &in->raw &&
	    (in->enc == INPUT_BYTES || in->enc == INPUT_UTF8_BOM)) {
		/* plain bytes: drop what is buffered, then seek past the rest */
		uint64_t	want = n - done;
		off_t		pos;

		k = d->len - d->pos < want ? d->len - d->pos : (size_t)want;
		d->pos += k;
		in->doff += k;
		done += k;
		want -= k;
		if (want > 0 && d->pos == d->len && !in->raweof &&
		    (pos = lseek(in->fd, (off_t)want, SEEK_CUR)) != (off_t)-1) {
			in->rawbytes += want;
			in->doff += want;
			done += want;
		}
	}
	while (done < n) {
		size_t	r = input_read(in, scratch, n - done < sizeof scratch ?
		    (size_t)(n - done) : sizeof scratch);

		if (r == 0)
			break;
		done += r;
	}
	return done;
}

int
input_fd(const struct input *in)
{
	return in->fd;
}

uint64_t
input_size0(const struct input *in)
{
	return in->regular ? in->size0 : 0;
}

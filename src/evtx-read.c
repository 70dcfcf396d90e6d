/* evtx-read.c: the libevtx side of reading .evtx files (evtx_read), in the readers module. */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#ifdef HAVE_LIBEVTX
#include <libevtx.h>
#endif
#include <zlib.h>

#include "evtx.h"
#include "xalloc.h"

#define HEADER_SIZE	4096
#define CHUNK_SIZE	65536
#define RECORDS_START	512		/* the records of a chunk start after its header */
#define RECORD_HEADER	24		/* signature, size, identifier, written time */
#define MAX_TEMPLATES	128		/* provider verdicts remembered per chunk */
#define TEXT_MAX	(256 * 1024)	/* the longest value text handed to the filter */

/*
 * How records are chosen.  libevtx parses a record's whole binary XML as
 * soon as the record is fetched, which costs about as much as rendering it,
 * and keeps a list entry for every record of a file it opens, so this module
 * never gives libevtx the whole file.  It reads the file a chunk at a time
 * (64 KiB: checksums, record headers, exactly as libevtx lists them) and
 * looks at each record's raw binary XML: its template instance points to a
 * template definition in the chunk, whose static strings name the provider
 * (Windows writes one template per provider event).  A record whose template
 * names a provider the rules read in full is rendered; one of a provider the
 * rules rule out is not; the others are rendered when their substitution
 * values, written out as text, pass the XML reader's raw test.  Anything the
 * raw look cannot follow is rendered (the test errs towards rendering).  A
 * chunk with a record to render, or with what looks like a record in its
 * free space, is handed to libevtx as a file of one chunk in memory (the
 * file's header patched to say so; templates and names are chunk-local), so
 * memory stays flat and a broken chunk elsewhere cannot make libevtx refuse
 * the file.  Each fetched record's id is checked against the one found raw;
 * should the two lists disagree, that chunk is read the slow way: every
 * record fetched and judged after parsing, as are the records libevtx
 * recovers from free space.
 */


#ifdef HAVE_LIBEVTX
struct tmpl {
	uint32_t	offset;
	int		wanted;
};

/* Where the raw look found a record of the chunk being read. */
struct raw {
	uint64_t	id;
	uint32_t	offset;		/* in the chunk */
	int		wanted;
	int		done;		/* handed on */
};

struct evtx {
	int				 fd;
	const struct evtx_filter	*filter;
	const struct evtx_hooks		*hooks;
	struct evtx_stats		*stats;
	uint64_t			 size;		/* of the file */
	unsigned			 nchunks;	/* the header's count */
	unsigned char			 header[128];	/* the file's header, for one-chunk files */
	libevtx_file_t			*file;		/* reused for each chunk opened */
	libbfio_handle_t		*bfio;		/* ... through this memory range: */
	unsigned char			*mem;		/* a file of one chunk */
	unsigned char			*chunk;		/* its chunk: mem + HEADER_SIZE */
	unsigned			 chunkno;
	struct raw			*raw;		/* the chunk's records, as looked at raw */
	size_t				 nraw, sraw;
	struct tmpl			 tmpl[MAX_TEMPLATES];
	size_t				 ntmpl;
	char				*text;		/* the values of one record as text */
	size_t				 tlen, tsize;
	char				*xml;
	size_t				 xsize;
	uint64_t			 nfree;		/* records libevtx found in free space */
	uint64_t			 unreadable;	/* ... and could not read */
};

static uint16_t
le16(const unsigned char *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t
le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t
le64(const unsigned char *p)
{
	return le32(p) | (uint64_t)le32(p + 4) << 32;
}

/* Reports a problem at a place: "chunk N / record R: ..." (or as given). */
static void __attribute__((format(printf, 2, 3)))
problem(struct evtx *x, const char *fmt, ...)
{
	char	msg[512];
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	x->stats->problems++;
	if (x->hooks->problem != NULL)
		x->hooks->problem(x->hooks->ctx, msg);
}

/* The last line of a libevtx error (the innermost cause comes first, the call last). */
static void
error_text(libevtx_error_t *e, char *out, size_t size)
{
	char	buf[2048], *p, *line;

	snprintf(out, size, "unknown libevtx error");
	if (e == NULL || libevtx_error_sprint(e, buf, sizeof buf) < 0)
		return;
	buf[sizeof buf - 1] = '\0';
	line = buf;
	for (p = buf; *p != '\0'; p++)
		if (*p == '\n' && p[1] != '\0')
			line = p + 1;
	if ((p = strchr(line, '\n')) != NULL)
		*p = '\0';
	if (*line != '\0') {
		size_t	n = strlen(line);

		if (n >= size)
			n = size - 1;
		memcpy(out, line, n);
		out[n] = '\0';
	}
}

static int
read_at(int fd, void *buf, size_t n, uint64_t off)
{
	size_t	got = 0;

	while (got < n) {
		ssize_t	r = pread(fd, (char *)buf + got, n - got, (off_t)(off + got));

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		got += (size_t)r;
	}
	return 0;
}

/* Appends bytes to the value text. */
static void
text_add(struct evtx *x, const char *s, size_t n)
{
	if (x->tlen + n + 1 > TEXT_MAX)
		n = x->tlen + 1 < TEXT_MAX ? TEXT_MAX - x->tlen - 1 : 0;
	if (x->tlen + n + 1 > x->tsize) {
		x->tsize = x->tsize ? x->tsize * 2 : 4096;
		while (x->tsize < x->tlen + n + 1)
			x->tsize *= 2;
		x->text = xrealloc(x->text, x->tsize);
	}
	memcpy(x->text + x->tlen, s, n);
	x->tlen += n;
	x->text[x->tlen] = '\0';
}

/* Appends UTF-16LE text narrowed to bytes: ASCII as is, anything else as '?'. */
static void
text_utf16(struct evtx *x, const unsigned char *p, size_t n)
{
	char	buf[256];
	size_t	i, k = 0;

	for (i = 0; i + 1 < n; i += 2) {
		unsigned	c = le16(p + i);

		if (c == 0)
			continue;
		buf[k++] = c < 0x80 ? (char)c : '?';
		if (k == sizeof buf) {
			text_add(x, buf, k);
			k = 0;
		}
	}
	text_add(x, buf, k);
}

/*
 * What the UTF-16LE string p[0..2n) is worth as a provider name (see
 * evtx_filter), -1 when it is none the filter knows.  Names are ASCII.
 */
static int
provider_worth(const struct evtx *x, const unsigned char *p, size_t n)
{
	char	name[256];
	size_t	i;

	if (x->filter->provider == NULL || n == 0 || n >= sizeof name)
		return -1;
	for (i = 0; i < n; i++) {
		unsigned	c = le16(p + 2 * i);

		if (c == 0 || c >= 0x80)
			return -1;
		name[i] = (char)c;
	}
	name[n] = '\0';
	return x->filter->provider(x->filter->ctx, name);
}

/*
 * What does the template definition at chunk offset off say of its records
 * (as provider_worth; -1: it names no provider the filter knows)?  Its
 * static strings are value-text tokens: 0x05 or 0x45, the string type 0x01,
 * a length in characters and the characters.
 */
static int
template_wanted(struct evtx *x, uint32_t off)
{
	const unsigned char	*c = x->chunk;
	uint32_t		 size, i, end;
	size_t			 k;
	int			 wanted = -1;

	for (k = 0; k < x->ntmpl; k++)
		if (x->tmpl[k].offset == off)
			return x->tmpl[k].wanted;
	if ((uint64_t)off + 24 > CHUNK_SIZE)
		return 2;
	size = le32(c + off + 20);
	if ((uint64_t)off + 24 + size > CHUNK_SIZE)
		return 2;
	end = off + 24 + size;
	for (i = off + 24; i + 4 <= end && wanted != 2; i++) {
		uint16_t	len;
		int		w;

		if ((c[i] != 0x05 && c[i] != 0x45) || c[i + 1] != 0x01)
			continue;
		len = le16(c + i + 2);
		if (len > 0 && i + 4 + 2 * (uint32_t)len <= end &&
		    (w = provider_worth(x, c + i + 4, len)) > wanted)
			wanted = w;
	}
	if (x->ntmpl < MAX_TEMPLATES) {
		x->tmpl[x->ntmpl].offset = off;
		x->tmpl[x->ntmpl].wanted = wanted;
		x->ntmpl++;
	}
	return wanted;
}

/* Writes one substitution value out as text, as the rendered XML would show it. */
static int
value_text(struct evtx *x, unsigned type, const unsigned char *v, size_t n)
{
	char	num[32];
	int	len = -1;

	switch (type & 0x7f) {
	case 0x01:		/* UTF-16 string (0x81: an array of them) */
		if ((type & 0x80) == 0 && n >= 2 &&
		    provider_worth(x, v, n / 2 - (le16(v + n - 2) == 0)) == 2)
			return 1;	/* a provider given as a value */
		text_utf16(x, v, n);
		break;
	case 0x02:		/* ANSI string */
		text_add(x, (const char *)v, strnlen((const char *)v, n));
		break;
	case 0x07:		/* Int32 */
		if (n == 4)
			len = snprintf(num, sizeof num, "%" PRId32, (int32_t)le32(v));
		break;
	case 0x08:		/* UInt32 */
		if (n == 4)
			len = snprintf(num, sizeof num, "%" PRIu32, le32(v));
		break;
	case 0x09:		/* Int64 */
		if (n == 8)
			len = snprintf(num, sizeof num, "%" PRId64, (int64_t)le64(v));
		break;
	case 0x0a:		/* UInt64 */
		if (n == 8)
			len = snprintf(num, sizeof num, "%" PRIu64, le64(v));
		break;
	case 0x14:		/* HexInt32 */
		if (n == 4)
			len = snprintf(num, sizeof num, "0x%08" PRIx32, le32(v));
		break;
	case 0x15:		/* HexInt64 */
		if (n == 8)
			len = snprintf(num, sizeof num, "0x%016" PRIx64, le64(v));
		break;
	case 0x0e:		/* binary: text inside it, as UTF-16 and as bytes */
	case 0x21:		/* nested binary XML: its strings */
		text_utf16(x, v, n);
		text_add(x, "\n", 1);
		text_utf16(x, v + (n > 0), n > 0 ? n - 1 : 0);
		break;
	default:		/* GUIDs, times, SIDs, small numbers: never codes */
		return 0;
	}
	if (len > 0)
		text_add(x, num, (size_t)len);
	text_add(x, "\n", 1);
	return 0;
}

/*
 * Should the record at chunk offset off (size bytes) be rendered?  Follows
 * its template instance; 1 whenever the raw look cannot tell.
 */
static int
record_wanted(struct evtx *x, uint32_t off, uint32_t size)
{
	const unsigned char	*c = x->chunk, *b = c + off + RECORD_HEADER;
	uint32_t		 n = size - RECORD_HEADER - 4, p, toff, count, i, data;

	if (x->filter->all)
		return 1;
	/* fragment header 0f 01 01 00, template instance 0c, 1 byte, id, offset */
	if (n < 14 || b[0] != 0x0f || b[4] != 0x0c)
		return 1;
	toff = le32(b + 10);
	if (toff >= CHUNK_SIZE)
		return 1;
	switch (template_wanted(x, toff)) {
	case 2:
		return 1;
	case 0:
		return 0;	/* a provider whose events never count */
	}
	if (x->filter->text == NULL)
		return 0;
	p = 14;
	if (toff == off + RECORD_HEADER + 14) {		/* the definition follows */
		if (p + 24 > n)
			return 1;
		p += 24 + le32(b + p + 20);
	}
	if ((uint64_t)p + 4 > n)
		return 1;
	count = le32(b + p);
	p += 4;
	if ((uint64_t)p + 4 * (uint64_t)count > n)
		return 1;
	data = p + 4 * count;
	x->tlen = 0;
	for (i = 0; i < count; i++) {
		uint16_t	vsize = le16(b + p + 4 * i);

		if ((uint64_t)data + vsize > n)
			return 1;
		if (vsize > 0 && value_text(x, b[p + 4 * i + 2], b + data, vsize))
			return 1;
		data += vsize;
	}
	return x->tlen > 0 && x->filter->text(x->filter->ctx, x->text, x->tlen);
}

/* Judges a parsed record by its provider and its strings (the slow way). */
static int
parsed_wanted(struct evtx *x, libevtx_record_t *r)
{
	libevtx_error_t	*e = NULL;
	char		 name[512];
	size_t		 n;
	int		 ns = 0, k;

	if (x->filter->all)
		return 1;
	if (x->filter->provider != NULL &&
	    libevtx_record_get_utf8_source_name_size(r, &n, &e) == 1 && n > 0 &&
	    n <= sizeof name &&
	    libevtx_record_get_utf8_source_name(r, (uint8_t *)name, n, &e) == 1) {
		switch (x->filter->provider(x->filter->ctx, name)) {
		case 2:
			libevtx_error_free(&e);
			return 1;
		case 0:
			libevtx_error_free(&e);
			return 0;
		}
	}
	libevtx_error_free(&e);
	if (x->filter->text == NULL)
		return 0;
	x->tlen = 0;
	if (libevtx_record_get_number_of_strings(r, &ns, &e) != 1)
		ns = 0;
	for (k = 0; k < ns; k++) {
		char	*s;

		if (libevtx_record_get_utf8_string_size(r, k, &n, &e) != 1 || n == 0) {
			libevtx_error_free(&e);
			continue;
		}
		s = xmalloc(n);
		if (libevtx_record_get_utf8_string(r, k, (uint8_t *)s, n, &e) == 1) {
			text_add(x, s, strnlen(s, n));
			text_add(x, "\n", 1);
		}
		libevtx_error_free(&e);
		free(s);
	}
	if (libevtx_record_get_data_size(r, &n, &e) == 1 && n > 0 && n <= TEXT_MAX) {
		unsigned char	*d = xmalloc(n);

		if (libevtx_record_get_data(r, d, n, &e) == 1) {
			text_utf16(x, d, n);
			text_add(x, "\n", 1);
			text_utf16(x, d + 1, n - 1);
		}
		free(d);
	}
	libevtx_error_free(&e);
	return x->tlen > 0 && x->filter->text(x->filter->ctx, x->text, x->tlen);
}

/* Is chunk header c broken so badly that libevtx would refuse the whole file? */
static const char *
chunk_unusable(const unsigned char *c)
{
	uint32_t	fso = le32(c + 48), last = le32(c + 44);

	if (memcmp(c, "ElfChnk\0", 8) != 0)
		return NULL;
	if (fso < RECORDS_START || fso > CHUNK_SIZE)
		return "free space offset out of range";
	if (last > CHUNK_SIZE)
		return "last record offset out of range";
	return NULL;
}


/* Makes x->mem a file of one chunk, the one in x->chunk, and opens it with libevtx. */
static int
open_chunk(struct evtx *x, char *why, size_t size)
{
	libevtx_error_t	*e = NULL;
	unsigned char	*h = x->mem;

	memset(h, 0, HEADER_SIZE);
	memcpy(h, x->header, sizeof x->header);
	memset(h + 8, 0, 16);		/* first and last chunk number: 0 */
	h[42] = 1;			/* one chunk */
	h[43] = 0;
	memset(h + 120, 0, 4);		/* not dirty, not full */
	{
		uint32_t	crc = (uint32_t)crc32(0, h, 120);

		h[124] = (unsigned char)crc;
		h[125] = (unsigned char)(crc >> 8);
		h[126] = (unsigned char)(crc >> 16);
		h[127] = (unsigned char)(crc >> 24);
	}
	if (libbfio_memory_range_set(x->bfio, x->mem, HEADER_SIZE + CHUNK_SIZE,
	    (libbfio_error_t **)&e) != 1 ||
	    libevtx_file_open_file_io_handle(x->file, x->bfio, LIBEVTX_OPEN_READ, &e) != 1) {
		error_text(e, why, size);
		libevtx_error_free(&e);
		return -1;
	}
	return 0;
}

/*
 * Fetches record index of the open chunk (or of its recovered records) and
 * hands it on when judge is 0 or parsed_wanted() says so.  want, when
 * given, is the record the raw look found there: a record with another id
 * is not handed on and FETCH_MISMATCH returned.
 */
enum fetch { FETCH_OK, FETCH_FAILED, FETCH_MISMATCH };

static enum fetch
fetch(struct evtx *x, int index, int recovered, struct raw *want, int judge, uint64_t base)
{
	libevtx_record_t	*r = NULL;
	libevtx_error_t		*e = NULL;
	struct evtx_record	 rec;
	char			 why[512];
	uint64_t		 id = 0;
	size_t			 n = 0, i;
	enum fetch		 res = FETCH_FAILED;
	int			 ok;

	ok = recovered ? libevtx_file_get_recovered_record_by_index(x->file, index, &r, &e) :
	    libevtx_file_get_record_by_index(x->file, index, &r, &e);
	if (ok != 1) {
		error_text(e, why, sizeof why);
		if (want != NULL)
			problem(x, "chunk %u / record %" PRIu64 ": %s", x->chunkno, want->id, why);
		else if (recovered)
			x->unreadable++;	/* a fragment in free space: said once, at the end */
		else
			problem(x, "chunk %u: record %d: %s", x->chunkno, index + 1, why);
		goto out;
	}
	libevtx_record_get_identifier(r, &id, &e);
	if (want != NULL && id != want->id) {
		res = FETCH_MISMATCH;
		goto out;
	}
	if (want == NULL && !recovered)		/* the slow way: find it among the raw ones */
		for (i = 0; i < x->nraw; i++)
			if (x->raw[i].id == id) {
				if (x->raw[i].done) {
					res = FETCH_OK;
					goto out;
				}
				want = &x->raw[i];
				break;
			}
	if (judge && !parsed_wanted(x, r)) {
		res = FETCH_OK;
		goto out;
	}
	if (libevtx_record_get_utf8_xml_string_size(r, &n, &e) != 1 || n == 0 ||
	    (n > x->xsize && (free(x->xml), x->xml = xmalloc(x->xsize = n)) == NULL) ||
	    libevtx_record_get_utf8_xml_string(r, (uint8_t *)x->xml, n, &e) != 1) {
		error_text(e, why, sizeof why);
		problem(x, "chunk %u / record %" PRIu64 ": cannot render the event: %s",
		    x->chunkno, id, why);
		goto out;
	}
	rec.chunk = x->chunkno;
	rec.id = id;
	rec.offset = base + (want != NULL ? want->offset : 0);
	rec.recovered = recovered || x->chunkno >= x->nchunks;
	rec.xml = x->xml;
	rec.len = strnlen(x->xml, n);
	if (want != NULL)
		want->done = 1;
	x->stats->rendered++;
	if (x->hooks->record != NULL)
		x->hooks->record(x->hooks->ctx, &rec);
	res = FETCH_OK;
out:
	libevtx_error_free(&e);
	libevtx_record_free(&r, NULL);
	return res;
}

/* Walks the records of the chunk in x->chunk as libevtx lists them, into x->raw. */
static void
walk_chunk(struct evtx *x, uint32_t *end)
{
	const unsigned char	*c = x->chunk;
	uint32_t		 last = le32(c + 44), fso = le32(c + 48), off = RECORDS_START;
	uint32_t		 crc;

	crc = (uint32_t)crc32(0, c, 120);
	crc = (uint32_t)crc32(crc, c + 128, RECORDS_START - 128);
	if (crc != le32(c + 124))
		problem(x, "chunk %u: header checksum mismatch", x->chunkno);
	if (crc32(0, c + RECORDS_START, fso - RECORDS_START) != le32(c + 52))
		problem(x, "chunk %u: event records checksum mismatch", x->chunkno);
	x->ntmpl = 0;
	x->nraw = 0;
	while (off <= last && CHUNK_SIZE - off >= RECORD_HEADER + 4) {
		const unsigned char	*r = c + off;
		uint32_t		 size;
		size_t			 i;

		for (i = 0; i < RECORD_HEADER && r[i] == 0; i++)
			;
		if (i == RECORD_HEADER)
			break;
		size = le32(r + 4);
		if (memcmp(r, "**\0\0", 4) != 0 || size < RECORD_HEADER ||
		    size > CHUNK_SIZE - off - 4 || le32(r + size - 4) != size) {
			if (x->nraw > 0)
				problem(x, "chunk %u / record %" PRIu64 ": the record after it is "
				    "damaged (chunk offset %" PRIu32 "); the rest of the chunk is lost "
				    "unless libevtx recovers it", x->chunkno, x->raw[x->nraw - 1].id, off);
			else
				problem(x, "chunk %u: the first record is damaged (chunk offset %" PRIu32
				    "); the rest of the chunk is lost unless libevtx recovers it",
				    x->chunkno, off);
			break;
		}
		if (x->nraw == x->sraw) {
			x->sraw = x->sraw ? 2 * x->sraw : 256;
			x->raw = xreallocarray(x->raw, x->sraw, sizeof *x->raw);
		}
		x->raw[x->nraw].id = le64(r + 8);
		x->raw[x->nraw].offset = off;
		x->raw[x->nraw].done = 0;
		x->raw[x->nraw].wanted = size > RECORD_HEADER + 4 && record_wanted(x, off, size);
		x->nraw++;
		x->stats->records++;
		off += size;
	}
	*end = off;
}

/* Does the chunk hold what looks like a record after its records (in free space)? */
static int
free_records(const struct evtx *x, uint32_t end)
{
	return end < CHUNK_SIZE && memmem(x->chunk + end, CHUNK_SIZE - end, "**\0\0", 4) != NULL;
}

/* Reads the chunk in x->chunk (at file offset base): the raw look, then libevtx where needed. */
static void
read_chunk(struct evtx *x, uint64_t base)
{
	char		 why[512];
	const char	*bad;
	uint32_t	 end;
	size_t		 i, nwanted = 0;
	int		 n = 0, slow = 0, k;

	if (memcmp(x->chunk, "ElfChnk\0", 8) != 0) {
		if (x->chunkno < x->nchunks)
			problem(x, "chunk %u: no chunk signature: the chunk is skipped", x->chunkno);
		return;
	}
	if ((bad = chunk_unusable(x->chunk)) != NULL) {
		problem(x, "chunk %u: damaged chunk header (%s): the chunk is skipped",
		    x->chunkno, bad);
		return;
	}
	walk_chunk(x, &end);
	for (i = 0; i < x->nraw; i++)
		nwanted += x->raw[i].wanted;
	if (nwanted == 0 && !free_records(x, end))
		return;			/* libevtx need not look at it */
	if (open_chunk(x, why, sizeof why) < 0) {
		problem(x, "chunk %u: libevtx cannot read it: %s", x->chunkno, why);
		return;
	}
	if (libevtx_file_get_number_of_records(x->file, &n, NULL) != 1 || n != (int)x->nraw)
		slow = 1;
	for (i = 0; i < x->nraw && !slow; i++)
		if (x->raw[i].wanted && fetch(x, (int)i, 0, &x->raw[i], 0, base) == FETCH_MISMATCH)
			slow = 1;
	if (slow)		/* the two lists disagree: judge every record after parsing */
		for (k = 0; k < n; k++)
			fetch(x, k, 0, NULL, 1, base);
	n = 0;
	libevtx_file_get_number_of_recovered_records(x->file, &n, NULL);
	x->nfree += n;
	for (k = 0; k < n; k++)
		fetch(x, k, 1, NULL, 1, base);
	libevtx_file_close(x->file, NULL);
}

int
evtx_read(int fd, const struct evtx_filter *filter, const struct evtx_hooks *hooks,
    struct evtx_stats *stats, char **err)
{
	struct evtx	*x;
	libevtx_error_t	*e = NULL;
	char		 why[512];
	off_t		 end;
	uint64_t	 off;
	int		 ret = -1;

	memset(stats, 0, sizeof *stats);
	x = xcalloc(1, sizeof *x);
	x->fd = fd;
	x->filter = filter;
	x->hooks = hooks;
	x->stats = stats;
	x->mem = xmalloc(HEADER_SIZE + CHUNK_SIZE);
	x->chunk = x->mem + HEADER_SIZE;
	if ((end = lseek(fd, 0, SEEK_END)) < 0) {
		*err = xasprintf("cannot seek: %s", strerror(errno));
		goto out;
	}
	x->size = (uint64_t)end;
	if (x->size < sizeof x->header || read_at(fd, x->header, sizeof x->header, 0) < 0 ||
	    memcmp(x->header, "ElfFile\0", 8) != 0) {
		*err = xasprintf("not an EVTX file (no ElfFile header)");
		goto out;
	}
	if ((uint32_t)crc32(0, x->header, 120) != le32(x->header + 124))
		problem(x, "file header: checksum mismatch");
	x->nchunks = le16(x->header + 42);
	if (libevtx_file_initialize(&x->file, &e) != 1 ||
	    libbfio_memory_range_initialize(&x->bfio, (libbfio_error_t **)&e) != 1) {
		error_text(e, why, sizeof why);
		libevtx_error_free(&e);
		*err = xasprintf("libevtx cannot be set up: %s", why);
		goto out;
	}
	for (off = HEADER_SIZE; off < x->size; off += CHUNK_SIZE, x->chunkno++) {
		size_t	have = x->size - off < CHUNK_SIZE ? (size_t)(x->size - off) : CHUNK_SIZE;

		if (have < CHUNK_SIZE) {	/* cut short: the rest is read as zero bytes */
			problem(x, "chunk %u: the file ends inside the chunk (%zu of %d bytes)",
			    x->chunkno, have, CHUNK_SIZE);
			memset(x->chunk + have, 0, CHUNK_SIZE - have);
		}
		if (read_at(fd, x->chunk, have, off) < 0) {
			problem(x, "chunk %u: cannot read it: %s", x->chunkno, strerror(errno));
			continue;
		}
		read_chunk(x, off);
	}
	if (x->size < HEADER_SIZE + CHUNK_SIZE && x->size >= HEADER_SIZE)
		problem(x, "chunk 0: the file ends inside the chunk (0 of %d bytes)", CHUNK_SIZE);
	if (x->unreadable > 0 && hooks->notice != NULL) {
		snprintf(why, sizeof why, "%" PRIu64 " of %" PRIu64 " records left in free space "
		    "(deleted or overwritten) could not be read back", x->unreadable, x->nfree);
		hooks->notice(hooks->ctx, why);
	}
	ret = 0;
out:
	if (x->file != NULL)
		libevtx_file_free(&x->file, NULL);
	if (x->bfio != NULL)
		libbfio_handle_free(&x->bfio, NULL);
	free(x->mem);
	free(x->text);
	free(x->xml);
	free(x->raw);
	free(x);
	return ret;
}
#else	/* built --without-libevtx */
int
evtx_read(int fd, const struct evtx_filter *filter, const struct evtx_hooks *hooks,
    struct evtx_stats *stats, char **err)
{
	(void)fd;
	(void)filter;
	(void)hooks;
	memset(stats, 0, sizeof *stats);
	*err = xasprintf("a binary EVTX event log, and this vssexplain was built without "
	    "libevtx: export it as XML first (wevtutil qe LOG /f:xml, or evtxexport -f xml)");
	return -1;
}
#endif

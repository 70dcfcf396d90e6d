/* readers.h: the readers module (libxml2, libevtx, xz/bzip2/zstd), loaded when an input needs it. */
#ifndef VSSEXPLAIN_READERS_H
#define VSSEXPLAIN_READERS_H

#include <stddef.h>

#include "unpack.h"

struct evtx_filter;
struct evtx_hooks;
struct evtx_stats;

/*
 * libxml2 pulls in ICU and libstdc++, libevtx libbfio and more: loading
 * them cost every run, explain and rules included, some 4 ms of the
 * dynamic loader's work.  The code that calls them lives in a module of its
 * own (readers.so, in $(pkglibdir)), opened the first time an input needs a
 * full XML parse or an .evtx file is read.  So do the xz, bzip2 and zstd
 * decoders of logrotate's compressed rotated logs (rare; gzip, the common
 * case, stays zlib's in the program): one module, one loader and one path
 * to install and to find, rather than a second for three small libraries.  The module exports one symbol,
 * vssx_readers, this table; the program checks its version and size.
 *
 * The module never calls into the program: what it needs (where the text of
 * an XML node goes, what an .evtx record is worth) is passed in as
 * callbacks with each call.  So the program need not export its symbols
 * (-export-dynamic would put all of them in the dynamic symbol table, a
 * larger table for the dynamic loader to search at every start, and an
 * interface nobody wrote down).
 */
#define VSSX_READERS_VERSION	2
#define VSSX_READERS_SYMBOL	"vssx_readers"
#define VSSX_READERS_FILE	"readers.so"

/* What libxml2's reader found, node by node, in an event walked by xml_walk. */
struct readers_xml_sink {
	/* An element starts; node is for xml_attribute, valid during the call. */
	void	(*element)(void *ctx, void *node, int depth, const char *local_name,
		    int empty);
	void	(*text)(void *ctx, const char *text);	/* text, CDATA, blanks */
	void	(*end)(void *ctx, int depth);
};

/* libxml2's first error in an event (warnings and namespace errors are not). */
struct readers_xml_error {
	char	*msg;		/* malloc'ed, the caller's to free; NULL: none */
	int	 line, col;	/* counted from the event's first line */
};

struct vssx_readers {
	unsigned	 version;	/* VSSX_READERS_VERSION */
	size_t		 size;		/* sizeof (struct vssx_readers) */

	/*
	 * Walks the XML document p[0..n) (one event) in the given encoding
	 * with libxml2's reader, which *reader keeps between calls (NULL at
	 * first; xml_free frees it).  libxml2 prints nothing.  Returns 0;
	 * -1 for malformed XML (err->msg says why, when libxml2 did); -2
	 * when the reader cannot be set up for this encoding.
	 */
	int	(*xml_walk)(void **reader, const char *p, size_t n, const char *url,
		    const char *encoding, const struct readers_xml_sink *, void *ctx,
		    struct readers_xml_error *err);
	/* Copies the attribute name of node into dst; empty when it is missing. */
	void	(*xml_attribute)(void *node, const char *name, char *dst, size_t size);
	void	(*xml_free)(void *reader);
	void	(*xml_cleanup)(void);		/* at exit */

	/* evtx_read of evtx.h (evtx-read.c) */
	int	(*evtx_read)(int fd, const struct evtx_filter *, const struct evtx_hooks *,
		    struct evtx_stats *, char **err);

	/* unpack_new, unpack_free and unpack_step of unpack.h (unpack-codec.c) */
	struct unpack		*(*unpack_new)(enum unpack_kind);
	void			 (*unpack_free)(struct unpack *);
	enum unpack_status	 (*unpack_step)(struct unpack *, const unsigned char *src,
				    size_t srclen, int eof, size_t *used, unsigned char *dst,
				    size_t dstlen, size_t *made, const char **why);
};

/* The module's one exported symbol (VSSX_READERS_SYMBOL). */
extern const struct vssx_readers	vssx_readers;

/*
 * The module, loaded on first use (thread-safe); NULL when it cannot be,
 * with *why (static) saying which file and why.  Loaded from
 * $VSSEXPLAIN_MODULE_DIR when set, else from the build tree's .libs for
 * the build tree's binary, else from $(pkglibdir) (readers-load.c).
 * The fuzz targets and the unit tests link the module's code in, and
 * readers-static.c's readers_get, which loads nothing.
 */
const struct vssx_readers	*readers_get(const char **why);
/* Lets the module clean up at exit, if loaded (readers-load.c registers it with atexit). */
void				 readers_cleanup(void);

#endif

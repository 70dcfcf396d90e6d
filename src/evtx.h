/* evtx.h: reads binary Windows event logs (.evtx): a raw look at each record, libevtx for the ones that matter. */
#ifndef VSSEXPLAIN_EVTX_H
#define VSSEXPLAIN_EVTX_H

#include <stddef.h>
#include <stdint.h>

/* What decides which records are rendered (the rest are only looked at). */
struct evtx_filter {
	/* Records whose template names one of these providers (any case). */
	const char *const	 *providers;
	size_t			  nproviders;
	/*
	 * The other records: their substitution values as text (strings
	 * narrowed to bytes, numbers written out, one value a line); a
	 * record is rendered when this returns non-zero.  NULL: none is.
	 */
	int			(*text)(void *ctx, const char *text, size_t len);
	void			 *ctx;		/* for text */
	int			  all;		/* render every record */
};

/* A record rendered by libevtx. */
struct evtx_record {
	unsigned	 chunk;		/* 0-based chunk number */
	uint64_t	 id;		/* the event record identifier */
	uint64_t	 offset;	/* of the record in the file */
	int		 recovered;	/* found by libevtx outside the used records */
	const char	*xml;		/* the event as XML, UTF-8, NUL-terminated */
	size_t		 len;
};

struct evtx_hooks {
	void	(*record)(void *ctx, const struct evtx_record *);
	/* A problem with a place: "chunk N / record R: what" or "file header: what". */
	void	(*problem)(void *ctx, const char *msg);
	void	(*notice)(void *ctx, const char *msg);	/* not an error */
	void	 *ctx;
};

/* Counts of one file's reading. */
struct evtx_stats {
	uint64_t	records;	/* seen by the raw look */
	uint64_t	rendered;	/* handed to hooks->record */
	uint64_t	problems;
};

/* Does p[0..n) start like an .evtx file? */
int	evtx_sniff(const void *p, size_t n);
/*
 * Reads the .evtx file open as fd (a regular file: the caller spools pipes
 * and decompressed data to one).  Problems go to hooks->problem and reading
 * goes on; returns -1 with *err (the caller's) only when the file cannot be
 * read as EVTX at all.
 */
int	evtx_read(int fd, const struct evtx_filter *, const struct evtx_hooks *,
	    struct evtx_stats *, char **err);

#endif

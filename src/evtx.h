/* evtx.h: reads binary Windows event logs (.evtx): a raw look at each record, libevtx for the ones that matter. */
#ifndef VSSEXPLAIN_EVTX_H
#define VSSEXPLAIN_EVTX_H

#include <stddef.h>
#include <stdint.h>

#include "finding.h"

/* What decides which records are rendered (the rest are only looked at). */
struct evtx_filter {
	/*
	 * What a provider name is worth (enum event_want: 0 nothing, 1 look at
	 * the values with text, 2 render), or -1 for a name it does not know;
	 * asked for the static strings of each template.  NULL: none is known.
	 */
	int			(*provider)(void *ctx, const char *name);
	/*
	 * The other records: their substitution values as text (strings
	 * narrowed to bytes, numbers written out, one value a line); a
	 * record is rendered when this returns non-zero.  NULL: none is.
	 */
	int			(*text)(void *ctx, const char *text, size_t len);
	void			 *ctx;		/* for provider and text */
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
/* In the readers module (evtx-read.c): the program calls it through readers_get(). */
int	evtx_read(int fd, const struct evtx_filter *, const struct evtx_hooks *,
	    struct evtx_stats *, char **err);

struct evxml;
struct input;

/*
 * Scans an .evtx input (input_binary): every record the XML reader's rules
 * can make something of is rendered and read as that reader reads an
 * exported event, so the findings are those of the same events in an
 * export.  Problems go to error as "path: chunk N / record R: what" and
 * reading goes on; notices (not errors) go to notice; *st counts the
 * records.  parse_all renders every record.  Returns 0, or -1 when a
 * problem was reported.
 */
int	evtx_scan(struct evxml *, struct input *, const char *path, int parse_all,
	    finding_fn emit, void (*error)(void *, const char *),
	    void (*notice)(void *, const char *), void *ctx, struct evtx_stats *st);

#endif

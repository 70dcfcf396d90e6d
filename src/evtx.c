/* evtx.c: reads binary Windows event logs (.evtx): a raw look at each record, libevtx for the ones that matter. */
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

#include "evtx.h"
#include "evxml.h"
#include "input.h"
#include "readers.h"
#include "xalloc.h"

/*
 * The raw look at each record and libevtx's rendering of the ones that
 * matter are evtx_read's, in the readers module (evtx-read.c): this file
 * only recognises an .evtx file and hands evtx_read's records to the XML
 * reader.
 */

int
evtx_sniff(const void *p, size_t n)
{
	return n >= 8 && memcmp(p, "ElfFile\0", 8) == 0;
}

/* One evtx_scan run: the XML reader that reads each rendered record, and where things go. */
struct scan_run {
	struct evxml	*xml;
	const char	*path;
	finding_fn	 emit;
	void		(*error)(void *, const char *);
	void		(*notice)(void *, const char *);
	void		*ctx;
	int		 failed;
};

static int
run_provider(void *ctx, const char *name)
{
	struct scan_run	*s = ctx;

	return evxml_provider_wanted(s->xml, name);
}

static int
run_text(void *ctx, const char *text, size_t len)
{
	struct scan_run	*s = ctx;

	return evxml_text_wanted(s->xml, text, len);
}

static void
run_record(void *ctx, const struct evtx_record *r)
{
	struct scan_run		*s = ctx;
	struct evxml_place	 at;
	char			 place[96];

	snprintf(place, sizeof place, "%schunk %u / record %" PRIu64,
	    r->recovered ? "recovered, " : "", r->chunk, r->id);
	at.path = s->path;
	at.place = place;
	at.offset = r->offset;
	if (evxml_event(s->xml, r->xml, r->len, &at, s->emit, s->error, s->ctx) < 0)
		s->failed = 1;
}

static void
run_problem(void *ctx, const char *msg)
{
	struct scan_run	*s = ctx;
	char		*full = xasprintf("%s: %s", s->path, msg);

	s->failed = 1;
	s->error(s->ctx, full);
	free(full);
}

static void
run_notice(void *ctx, const char *msg)
{
	struct scan_run	*s = ctx;
	char		*full = xasprintf("%s: %s", s->path, msg);

	if (s->notice != NULL)
		s->notice(s->ctx, full);
	free(full);
}

/* Copies what is left of in into an unlinked temporary file; its descriptor, or -1 with errno. */
static int
spool(struct input *in)
{
	char		 path[4096], buf[65536];
	const char	*tmp = getenv("TMPDIR");
	size_t		 n;
	int		 fd;

	snprintf(path, sizeof path, "%s/vssexplain-evtx.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if ((fd = mkstemp(path)) < 0)
		return -1;
	unlink(path);
	while ((n = input_read(in, buf, sizeof buf)) > 0) {
		if (write(fd, buf, n) != (ssize_t)n) {
			int	e = errno;

			close(fd);
			errno = e != 0 ? e : ENOSPC;
			return -1;
		}
	}
	return fd;
}

int
evtx_scan(struct evxml *xml, struct input *in, const char *path, int parse_all,
    finding_fn emit, void (*error)(void *, const char *), void (*notice)(void *, const char *),
    void *ctx, struct evtx_stats *st)
{
	struct scan_run		 s = { xml, path, emit, error, notice, ctx, 0 };
	struct evtx_filter	 f = { run_provider, run_text, &s, parse_all };
	struct evtx_hooks	 h = { run_record, run_problem, run_notice, &s };
	const struct vssx_readers	*r;
	struct stat		 sb;
	const char		*why;
	char			*err = NULL;
	int			 fd = input_fd(in), copy = -1;

	memset(st, 0, sizeof *st);
	if ((r = readers_get(&why)) == NULL) {
		err = xasprintf("cannot read .evtx files: %s", why);
		goto fail;
	}
	if (input_compressed(in) || fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode)) {
		if ((copy = spool(in)) < 0) {
			err = xasprintf("cannot copy it to a temporary file: %s", strerror(errno));
			goto fail;
		}
		fd = copy;
	}
	if (r->evtx_read(fd, &f, &h, st, &err) < 0)
		goto fail;
	if (copy >= 0)
		close(copy);
	return s.failed ? -1 : 0;
fail:
	run_problem(&s, err);
	free(err);
	if (copy >= 0)
		close(copy);
	return -1;
}

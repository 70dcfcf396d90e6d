/* feed.c: what the fuzz targets share: the database, temporary files, inputs from memory. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db.h"
#include "feed.h"
#include "evjson.h"
#include "evxml.h"
#include "finding.h"
#include "input.h"
#include "text.h"

/*
 * The fuzz targets are linked with -Wl,--wrap=read: the input layer's read(2)
 * comes here.  Reads of the fed descriptor return the next piece of the fed
 * bytes; every other read goes to the real one.
 */
ssize_t	__real_read(int, void *, size_t);
ssize_t	__wrap_read(int, void *, size_t);

static struct {
	int		 fd;		/* the read end of the pipe, or -1 */
	const uint8_t	*data;
	size_t		 size, pos;
	uint32_t	 seed;
} feed = { -1, NULL, 0, 0, 0 };

static char	*tmpdir;

ssize_t
__wrap_read(int fd, void *buf, size_t n)
{
	size_t	k;

	if (fd != feed.fd || feed.fd == -1)
		return __real_read(fd, buf, n);
	if (feed.pos == feed.size)
		return 0;
	/* xorshift32: a piece of 1 to 4096 bytes, mostly short */
	feed.seed ^= feed.seed << 13;
	feed.seed ^= feed.seed >> 17;
	feed.seed ^= feed.seed << 5;
	k = (feed.seed & 0x100) ? 1 + (feed.seed & 0xf) : 1 + (feed.seed & 0xfff);
	if (k > n)
		k = n;
	if (k > feed.size - feed.pos)
		k = feed.size - feed.pos;
	memcpy(buf, feed.data + feed.pos, k);
	feed.pos += k;
	return (ssize_t)k;
}

struct input *
feed_input(const uint8_t *data, size_t size, uint32_t seed)
{
	int	p[2];

	if (pipe(p) != 0)
		abort();
	close(p[1]);
	feed.fd = p[0];
	feed.data = data;
	feed.size = size;
	feed.pos = 0;
	feed.seed = seed != 0 ? seed : 0x9e3779b9u;
	return input_fdopen(p[0], "fuzz", NULL, NULL);
}

void
feed_close(struct input *in)
{
	input_close(in);
	feed.fd = -1;	/* its number may be reused by a file opened next */
}

const struct db *
feed_db(void)
{
	static struct db	*db;
	const char		*dirs[1] = { VSSX_SRC_RULESDIR };
	int			 optional[1] = { 0 };
	char			*err = NULL;

	if (db == NULL && (db = db_load(dirs, optional, 1, &err)) == NULL) {
		fprintf(stderr, "fuzz: the rules in %s do not load: %s\n", dirs[0], err);
		abort();
	}
	return db;
}

FILE *
feed_devnull(void)
{
	static FILE	*devnull;

	if (devnull == NULL && (devnull = fopen("/dev/null", "w")) == NULL)
		abort();
	return devnull;
}

static void
remove_dir(void)
{
	char	cmd[4200];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		fprintf(stderr, "fuzz: cannot remove %s\n", tmpdir);
}

const char *
feed_dir(void)
{
	char	tmpl[] = "/tmp/vssx-fuzz.XXXXXX";

	if (tmpdir == NULL) {
		if (mkdtemp(tmpl) == NULL)
			abort();
		tmpdir = strdup(tmpl);
		atexit(remove_dir);
	}
	return tmpdir;
}

void
feed_write(const char *path, const uint8_t *data, size_t size)
{
	FILE	*f;

	if ((f = fopen(path, "w")) == NULL)
		abort();
	if (size > 0 && fwrite(data, 1, size, f) != size)
		abort();
	if (fclose(f) != 0)
		abort();
}

unsigned long	feed_sink;

void
feed_finding(void *ctx, const struct finding *f)
{
	size_t	i;

	(void)ctx;
	for (i = 0; i < f->match_len; i++)
		feed_sink += (unsigned char)f->match[i];
	for (i = 0; i < f->text_len; i++)
		feed_sink += (unsigned char)f->text[i];
	if (f->event != NULL) {
		if (f->event->provider != NULL)
			feed_sink += strlen(f->event->provider);
		if (f->event->channel != NULL)
			feed_sink += strlen(f->event->channel);
		if (f->event->computer != NULL)
			feed_sink += strlen(f->event->computer);
	}
}

void
feed_message(void *ctx, const char *msg)
{
	(void)ctx;
	feed_sink += strlen(msg);
}

struct evxml *
feed_evxml(int all_codes)
{
	static struct evxml	*readers[2];
	struct scanner		*sc;
	struct scan_opts	 o;
	char			*err = NULL;

	all_codes = all_codes != 0;
	if (readers[all_codes] == NULL) {
		memset(&o, 0, sizeof o);
		o.ts.reference = 1715731200;
		o.all_codes = all_codes;
		if ((sc = scanner_new(feed_db(), &o, &err)) == NULL)
			abort();
		readers[all_codes] = evxml_new(feed_db(), sc, &o);
	}
	return readers[all_codes];
}

struct evxml *
feed_evxml_slow(void)
{
	static struct evxml	*reader;
	struct scanner		*sc;
	struct scan_opts	 o;
	char			*err = NULL;

	if (reader == NULL) {
		memset(&o, 0, sizeof o);
		o.ts.reference = 1715731200;
		if ((sc = scanner_new(feed_db(), &o, &err)) == NULL)
			abort();
		/* the reader reads the variable when it is made */
		setenv("VSSEXPLAIN_PARSE_SLOW", "1", 1);
		reader = evxml_new(feed_db(), sc, &o);
		unsetenv("VSSEXPLAIN_PARSE_SLOW");
	}
	return reader;
}

struct evjson *
feed_evjson(int all_codes, int parse_all)
{
	static struct evjson	*readers[2][2];
	struct scanner		*sc;
	struct scan_opts	 o;
	char			*err = NULL;

	all_codes = all_codes != 0;
	parse_all = parse_all != 0;
	if (readers[all_codes][parse_all] == NULL) {
		memset(&o, 0, sizeof o);
		o.ts.reference = 1715731200;
		o.all_codes = all_codes;
		if ((sc = scanner_new(feed_db(), &o, &err)) == NULL)
			abort();
		/* the reader reads the variable when it is made */
		if (parse_all)
			setenv("VSSEXPLAIN_PARSE_ALL", "1", 1);
		readers[all_codes][parse_all] = evjson_new(feed_db(), sc, &o,
		    feed_evxml(all_codes));
		unsetenv("VSSEXPLAIN_PARSE_ALL");
	}
	return readers[all_codes][parse_all];
}

/* state.c: reads, writes and locks the cron-mode state file (JSON). */
#include "config.h"

#include <sys/file.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>
#include <zlib.h>

#include "chars.h"
#include "code.h"
#include "json-in.h"
#include "json-out.h"
#include "safe-file.h"
#include "state.h"
#include "strmap.h"
#include "tstamp.h"
#include "xalloc.h"

static char *
dup_or_null(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

void
state_free(struct state *st)
{
	size_t	i;

	if (st == NULL)
		return;
	for (i = 0; i < st->nfiles; i++) {
		free(st->files[i].path);
		free(st->files[i].copies);
		state_file_set_dirs(&st->files[i], NULL, 0);
	}
	free(st->files);
	strmap_free(st->byname);
	for (i = 0; i < st->nevents; i++) {
		free(st->events[i].computer);
		free(st->events[i].channel);
	}
	free(st->events);
	state_chains_clear(st);
	free(st);
}

/*
 * The file whose path is path, or NULL.  Found by a hash of the path, not by
 * comparing it with every file's: cron mode over a tree of 20,000 logs
 * spent three quarters of its time in strcmp.  The map compares without
 * case, so it holds the first of paths that differ only in case; a lookup
 * that lands on another of them looks at every file.
 */
struct state_file *
state_file_find(struct state *st, const char *path)
{
	uintptr_t	at;
	size_t		i;

	if (st->byname == NULL ||
	    (at = (uintptr_t)strmap_get(st->byname, path)) == 0)
		return NULL;	/* every path is in the map, under its case-folded self */
	if (strcmp(st->files[at - 1].path, path) == 0)
		return &st->files[at - 1];
	for (i = 0; i < st->nfiles; i++) {
		if (strcmp(st->files[i].path, path) == 0)
			return &st->files[i];
	}
	return NULL;
}

struct state_file *
state_file_get(struct state *st, const char *path)
{
	struct state_file	*f = state_file_find(st, path);
	void			**slot;

	if (f != NULL)
		return f;
	st->files = xgrow(st->files, st->nfiles, &st->capfiles, sizeof *st->files);
	f = &st->files[st->nfiles++];
	memset(f, 0, sizeof *f);
	f->path = xstrdup(path);
	f->line = 1;
	if (st->byname == NULL)
		st->byname = strmap_new();
	if (*(slot = strmap_slot(st->byname, f->path)) == NULL)	/* the first of its case */
		*slot = (void *)(uintptr_t)st->nfiles;
	return f;
}

enum state_match
state_file_match(const struct state_file *e, uint64_t dev, uint64_t ino, const char *head,
    size_t n)
{
	if (n < e->head_len ||
	    (uint32_t)crc32(0L, (const Bytef *)head, (uInt)e->head_len) != e->head_crc)
		return STATE_OTHER;
	return dev == e->dev && ino == e->ino ? STATE_SAME_FILE : STATE_SAME_START;
}

void
state_copy_make(struct state_copy *c, const char *head, size_t n, uint64_t size)
{
	if (n > STATE_HEAD)
		n = STATE_HEAD;
	c->head_len = (uint32_t)n;
	c->head_crc = (uint32_t)crc32(0L, (const Bytef *)head, (uInt)n);
	c->size = size;
}

static int
same_copy(const struct state_copy *a, const struct state_copy *b)
{
	return a->head_crc == b->head_crc && a->head_len == b->head_len && a->size == b->size;
}

int
state_copy_covered(const struct state_file *e, const struct state_copy *c)
{
	size_t	i;

	for (i = 0; i < e->ncopies; i++) {
		if (same_copy(&e->copies[i], c))
			return 1;
	}
	return 0;
}

void
state_copy_add(struct state_file *e, const struct state_copy *c)
{
	if (state_copy_covered(e, c))
		return;
	if (e->ncopies == STATE_MAX_COPIES) {
		memmove(e->copies, e->copies + 1, (e->ncopies - 1) * sizeof *e->copies);
		e->ncopies--;
	}
	e->copies = xreallocarray(e->copies, e->ncopies + 1, sizeof *e->copies);
	e->copies[e->ncopies++] = *c;
}

void
state_copy_prune(struct state_file *e, const struct state_copy *present, size_t n)
{
	size_t	i, k, kept = 0;

	for (i = 0; i < e->ncopies; i++) {
		for (k = 0; k < n; k++) {
			if (present[k].head_crc == e->copies[i].head_crc &&
			    present[k].head_len == e->copies[i].head_len)
				break;
		}
		if (k < n)
			e->copies[kept++] = e->copies[i];
	}
	e->ncopies = kept;
}

void
state_file_set_dirs(struct state_file *e, const char *const *dirs, size_t n)
{
	size_t	i;

	for (i = 0; i < e->ndirs; i++)
		free(e->dirs[i]);
	free(e->dirs);
	e->dirs = n > 0 ? xcalloc(n, sizeof *e->dirs) : NULL;
	for (i = 0; i < n; i++)
		e->dirs[i] = xstrdup(dirs[i]);
	e->ndirs = n;
}

static int
same(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

struct state_events *
state_events_get(struct state *st, const char *computer, const char *channel)
{
	struct state_events	*e;
	size_t			 i;

	for (i = 0; i < st->nevents; i++) {
		if (same(st->events[i].computer, computer) && same(st->events[i].channel, channel))
			return &st->events[i];
	}
	st->events = xreallocarray(st->events, st->nevents + 1, sizeof *st->events);
	e = &st->events[st->nevents++];
	memset(e, 0, sizeof *e);
	e->computer = dup_or_null(computer);
	e->channel = dup_or_null(channel);
	e->max_record = e->prev_max = -1;
	e->time = TSTAMP_NONE;
	return e;
}

void
state_chains_clear(struct state *st)
{
	size_t	i;

	for (i = 0; i < st->nchains; i++) {
		free(st->chains[i].class);
		free(st->chains[i].host);
		free(st->chains[i].writer);
		free(st->chains[i].times);
	}
	free(st->chains);
	st->chains = NULL;
	st->nchains = 0;
}

void
state_chain_add(struct state *st, const char *class, uint32_t value, const char *host,
    const char *writer, const int64_t *times, size_t n)
{
	struct state_chain	*c;

	st->chains = xreallocarray(st->chains, st->nchains + 1, sizeof *st->chains);
	c = &st->chains[st->nchains++];
	c->class = xstrdup(class);
	c->value = value;
	c->host = dup_or_null(host);
	c->writer = dup_or_null(writer);
	c->times = xcalloc(n + 1, sizeof *c->times);
	if (n > 0)
		memcpy(c->times, times, n * sizeof *times);
	c->ntimes = n;
}

/* Reads a whole small file; NULL and *err on failure, errno ENOENT kept. */
static char *
slurp(const char *path, char **err)
{
	FILE	*f = NULL;
	char	*buf = NULL;
	size_t	 len = 0, cap = 0, n;
	int	 fd;

	/* cron runs as root where others may write: never through a link */
	if ((fd = safe_open(path, O_RDONLY, 0, "state file", err)) == -1 ||
	    (f = fdopen(fd, "r")) == NULL) {
		if (fd != -1) {
			*err = xasprintf("cannot read state file %s: %s", path, strerror(errno));
			close(fd);
		}
		return NULL;
	}
	do {
		if (len + 65536 + 1 > cap) {
			cap = (len + 65536 + 1) * 2;
			buf = xrealloc(buf, cap);
		}
		n = fread(buf + len, 1, cap - len - 1, f);
		len += n;
	} while (n > 0 && len < 256u * 1024 * 1024);
	if (ferror(f)) {
		*err = xasprintf("cannot read state file %s: read error", path);
		free(buf);
		fclose(f);
		return NULL;
	}
	fclose(f);
	buf[len] = '\0';
	return buf;
}

/*
 * Strings are kept byte for byte: one that is not UTF-8 (a Latin-1 file name,
 * a writer named in a Latin-1 log) is written as KEY, read as Latin-1 for
 * people, and as KEY_hex, its bytes, which is what is read back.
 */
static void
kstr_exact(struct jw *j, const char *key, const char *s)
{
	static const char	 digits[] = "0123456789abcdef";
	char			 k[32], *hex;
	size_t			 n, i;

	jw_kstr(j, key, s);
	if (s == NULL || jw_utf8_valid(s, n = strlen(s)))
		return;
	hex = xmalloc(2 * n + 1);
	for (i = 0; i < n; i++) {
		hex[2 * i] = digits[(unsigned char)s[i] >> 4];
		hex[2 * i + 1] = digits[(unsigned char)s[i] & 15];
	}
	hex[2 * n] = '\0';
	snprintf(k, sizeof k, "%s_hex", key);
	jw_kstr(j, k, hex);
	free(hex);
}

/* The string member key of o as kstr_exact wrote it (the caller frees it), or NULL. */
static char *
str_exact(struct json_object *o, const char *key)
{
	const char	*s, *hex;
	char		 k[32], *out;
	size_t		 n, i;

	snprintf(k, sizeof k, "%s_hex", key);
	if ((hex = jr_str(o, k)) != NULL && (n = strlen(hex)) % 2 == 0) {
		out = xmalloc(n / 2 + 1);
		for (i = 0; i < n / 2; i++) {
			int	hi = chars_hexval(hex[2 * i]), lo = chars_hexval(hex[2 * i + 1]);

			if (hi < 0 || lo < 0 || (hi | lo) == 0)
				break;	/* not hex, or a NUL byte: use KEY */
			out[i] = (char)(hi << 4 | lo);
		}
		if (i == n / 2) {
			out[i] = '\0';
			return out;
		}
		free(out);
	}
	return (s = jr_str(o, key)) != NULL ? xstrdup(s) : NULL;
}

/* Reads the covered copies and the directories of a file entry; NULL or what is wrong. */
static const char *
parse_copies(struct state_file *f, struct json_object *o)
{
	struct json_object	*a, *c;
	size_t			 i, n;

	f->legacy = (a = jr_get(o, "copies", json_type_array)) == NULL;
	if (a != NULL) {
		for (i = 0; i < json_object_array_length(a); i++) {
			struct state_copy	cp;
			int64_t			crc, len, size;

			c = json_object_array_get_idx(a, i);
			crc = jr_count(c, "head_crc");
			len = jr_count(c, "head_len");
			size = jr_count(c, "size");
			if (crc < 0 || crc > 0xFFFFFFFF || len < 0 || len > STATE_HEAD || size < 0)
				return "a rotated copy with a missing or bad number";
			cp.head_crc = (uint32_t)crc;
			cp.head_len = (uint32_t)len;
			cp.size = (uint64_t)size;
			state_copy_add(f, &cp);
		}
	}
	if ((a = jr_get(o, "rotated_dirs", json_type_array)) != NULL) {
		n = json_object_array_length(a);
		f->dirs = n > 0 ? xcalloc(n, sizeof *f->dirs) : NULL;
		for (i = 0; i < n; i++) {
			char	*d = str_exact(json_object_array_get_idx(a, i), "dir");

			if (d == NULL)
				return "a rotated directory without a name";
			f->dirs[f->ndirs++] = d;
		}
	}
	return NULL;
}

/* Fills st from the document; returns a description of what is wrong, or NULL. */
static const char *
parse(struct state *st, struct json_object *doc)
{
	struct json_object	*a, *o, *c;
	size_t			 i, k;
	int64_t			 version;

	if (!json_object_is_type(doc, json_type_object))
		return "not a JSON object";
	version = jr_count(doc, "state_version");
	if (version < 1 || version > STATE_VERSION)
		return version > STATE_VERSION ? "written by a newer vssexplain (state_version "
		    "too high)" : "not a vssexplain state file (no state_version)";
	if ((a = jr_get(doc, "files", json_type_array)) == NULL)
		return "no \"files\" list";
	for (i = 0; i < json_object_array_length(a); i++) {
		struct state_file	*f;
		const char		*why;
		char			*path;
		int64_t			 v[7];

		o = json_object_array_get_idx(a, i);
		if ((path = str_exact(o, "path")) == NULL)
			return "a file without a path";
		v[0] = jr_count(o, "dev");
		v[1] = jr_count(o, "ino");
		v[2] = jr_count(o, "size");
		v[3] = jr_count(o, "head_crc");
		v[4] = jr_count(o, "head_len");
		v[5] = jr_count(o, "offset");
		v[6] = jr_count(o, "line");
		for (k = 0; k < 7; k++) {
			if (v[k] < 0) {
				free(path);
				return "a file entry with a missing or negative number";
			}
		}
		if (v[3] > 0xFFFFFFFF || v[4] > STATE_HEAD || v[6] < 1) {
			free(path);
			return "a file entry with a number out of range";
		}
		f = state_file_get(st, path);
		free(path);
		f->dev = (uint64_t)v[0];
		f->ino = (uint64_t)v[1];
		f->size = (uint64_t)v[2];
		f->head_crc = (uint32_t)v[3];
		f->head_len = (uint32_t)v[4];
		f->offset = (uint64_t)v[5];
		f->line = (uint64_t)v[6];
		f->gone = (c = jr_get(o, "gone", json_type_boolean)) != NULL &&
		    json_object_get_boolean(c);
		if ((why = parse_copies(f, o)) != NULL)
			return why;
	}
	if ((a = jr_get(doc, "events", json_type_array)) != NULL) {
		for (i = 0; i < json_object_array_length(a); i++) {
			struct state_events	*e;
			char			*computer, *channel;

			o = json_object_array_get_idx(a, i);
			computer = str_exact(o, "computer");
			channel = str_exact(o, "channel");
			e = state_events_get(st, computer, channel);
			free(computer);
			free(channel);
			e->max_record = e->prev_max = jr_count(o, "max_record");
			e->time = jr_time(jr_get(o, "time", json_type_string));
		}
	}
	if ((a = jr_get(doc, "retry_chains", json_type_array)) != NULL) {
		for (i = 0; i < json_object_array_length(a); i++) {
			struct json_object	*t;
			char			*host, *writer;
			int64_t			*times, code;
			size_t			 n;

			o = json_object_array_get_idx(a, i);
			code = jr_count(o, "value");
			if (jr_str(o, "class") == NULL || code < 0 || code > 0xFFFFFFFF ||
			    (t = jr_get(o, "failures", json_type_array)) == NULL)
				return "a retry chain without class, value or failures";
			n = json_object_array_length(t);
			times = xcalloc(n + 1, sizeof *times);
			for (k = 0; k < n; k++) {
				if ((times[k] = jr_time(json_object_array_get_idx(t, k))) ==
				    TSTAMP_NONE) {
					free(times);
					return "a retry chain with a bad time";
				}
			}
			host = str_exact(o, "host");
			writer = str_exact(o, "writer");
			state_chain_add(st, jr_str(o, "class"), (uint32_t)code, host, writer, times, n);
			free(host);
			free(writer);
			free(times);
		}
	}
	return NULL;
}

struct state *
state_load(const char *path, char **err)
{
	struct state		*st = xcalloc(1, sizeof *st);
	struct json_tokener	*tok;
	struct json_object	*doc;
	const char		*why;
	char			*text;

	*err = NULL;
	if ((text = slurp(path, err)) == NULL) {
		if (*err != NULL) {
			state_free(st);
			return NULL;
		}
		return st;	/* no state yet */
	}
	tok = json_tokener_new();
	doc = json_tokener_parse_ex(tok, text, (int)strlen(text));
	if (doc == NULL || json_tokener_get_error(tok) != json_tokener_success ||
	    (size_t)json_tokener_get_parse_end(tok) < strlen(text) - strspn(text +
	    json_tokener_get_parse_end(tok), " \t\r\n")) {
		*err = xasprintf("state file %s is corrupt: not JSON (at byte %zu); "
		    "use --reset-state to start afresh", path,
		    (size_t)json_tokener_get_parse_end(tok));
		json_object_put(doc);
		json_tokener_free(tok);
		free(text);
		state_free(st);
		return NULL;
	}
	json_tokener_free(tok);
	free(text);
	if ((why = parse(st, doc)) != NULL) {
		*err = xasprintf("state file %s is corrupt: %s; use --reset-state to start "
		    "afresh", path, why);
		json_object_put(doc);
		state_free(st);
		return NULL;
	}
	json_object_put(doc);
	return st;
}

static void
write_state(const struct state *st, FILE *f)
{
	struct jw	j;
	size_t		i, k;

	jw_init(&j, f, 1);
	jw_open(&j, '{');
	jw_kint(&j, "state_version", STATE_VERSION);
	jw_ktime(&j, "updated", (int64_t)time(NULL));
	jw_key(&j, "files");
	jw_open(&j, '[');
	for (i = 0; i < st->nfiles; i++) {
		const struct state_file	*x = &st->files[i];

		jw_open(&j, '{');
		kstr_exact(&j, "path", x->path);
		jw_kint(&j, "dev", (long long)x->dev);
		jw_kint(&j, "ino", (long long)x->ino);
		jw_kint(&j, "size", (long long)x->size);
		jw_kint(&j, "head_crc", x->head_crc);
		jw_kint(&j, "head_len", x->head_len);
		jw_kint(&j, "offset", (long long)x->offset);
		jw_kint(&j, "line", (long long)x->line);
		if (x->gone) {
			jw_key(&j, "gone");
			jw_bool(&j, 1);
		}
		jw_key(&j, "copies");
		jw_open(&j, '[');
		for (k = 0; k < x->ncopies; k++) {
			jw_open(&j, '{');
			jw_kint(&j, "head_crc", x->copies[k].head_crc);
			jw_kint(&j, "head_len", x->copies[k].head_len);
			jw_kint(&j, "size", (long long)x->copies[k].size);
			jw_close(&j, '}');
		}
		jw_close(&j, ']');
		if (x->ndirs > 0) {
			jw_key(&j, "rotated_dirs");
			jw_open(&j, '[');
			for (k = 0; k < x->ndirs; k++) {
				jw_open(&j, '{');
				kstr_exact(&j, "dir", x->dirs[k]);
				jw_close(&j, '}');
			}
			jw_close(&j, ']');
		}
		jw_close(&j, '}');
	}
	jw_close(&j, ']');
	jw_key(&j, "events");
	jw_open(&j, '[');
	for (i = 0; i < st->nevents; i++) {
		jw_open(&j, '{');
		kstr_exact(&j, "computer", st->events[i].computer);
		kstr_exact(&j, "channel", st->events[i].channel);
		jw_kint(&j, "max_record", st->events[i].max_record);
		jw_ktime(&j, "time", st->events[i].time);
		jw_close(&j, '}');
	}
	jw_close(&j, ']');
	jw_key(&j, "retry_chains");
	jw_open(&j, '[');
	for (i = 0; i < st->nchains; i++) {
		const struct state_chain	*c = &st->chains[i];

		jw_open(&j, '{');
		jw_kstr(&j, "class", c->class);
		jw_kint(&j, "value", c->value);
		kstr_exact(&j, "host", c->host);
		kstr_exact(&j, "writer", c->writer);
		jw_key(&j, "failures");
		jw_open(&j, '[');
		for (k = 0; k < c->ntimes; k++)
			jw_time(&j, c->times[k], 0);
		jw_close(&j, ']');
		jw_close(&j, '}');
	}
	jw_close(&j, ']');
	jw_close(&j, '}');
	fputc('\n', f);
}

int
state_save(const struct state *st, const char *path, char **err)
{
	char	*tmp = NULL, *dcopy, *dir;
	FILE	*f = NULL;
	int	 fd, dfd, mode, ok = 0;

	if (safe_check(path, "state file", &mode, err) != 0)
		return -1;	/* --reset-state read nothing: a planted link is met here */
	if ((fd = safe_mkstemp(path, &tmp)) != -1 && (f = fdopen(fd, "w")) != NULL) {
		write_state(st, f);
		ok = fflush(f) == 0 && !ferror(f) && fsync(fd) == 0;
		ok = fclose(f) == 0 && ok;
		ok = ok && rename(tmp, path) == 0;
	} else if (fd != -1)
		close(fd);
	if (!ok) {
		*err = xasprintf("cannot write state file %s: %s", path, strerror(errno));
		if (tmp != NULL)
			unlink(tmp);
		free(tmp);
		return -1;
	}
	free(tmp);
	/* the rename itself must survive a crash: sync the directory */
	dcopy = xstrdup(path);
	dir = dirname(dcopy);
	if ((dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) != -1) {
		(void)fsync(dfd);
		close(dfd);
	}
	free(dcopy);
	return 0;
}

/*
 * Creates the missing directories above the state file, parents too, each
 * 0700 (the state tells which logs were read and what failed, so only its
 * owner reads it); existing ones stay as they are.  -1 and *err on failure.
 */
static int
make_state_dir(const char *path, char **err)
{
	char		*dcopy = xstrdup(path), *dir = dirname(dcopy), *p;
	struct stat	 sb;
	int		 status = 0;

	if (stat(dir, &sb) == 0) {	/* the usual case: nothing to do */
		if (!S_ISDIR(sb.st_mode)) {
			*err = xasprintf("cannot create directory %s for the state file: "
			    "%s", dir, strerror(ENOTDIR));
			status = -1;
		}
		goto out;
	}
	for (p = dir + 1; ; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		if (p[-1] != '/') {
			char	c = *p;

			*p = '\0';
			if (mkdir(dir, 0700) == -1 && errno != EEXIST) {
				*err = xasprintf("cannot create directory %s for the state file: "
				    "%s", dir, strerror(errno));
				status = -1;
				goto out;
			}
			*p = c;
		}
		if (*p == '\0')
			break;
	}
out:
	free(dcopy);
	return status;
}

int
state_lock(const char *path, int timeout, char **err)
{
	char		*lock = xasprintf("%s.lock", path);
	struct timespec	 pause = { 0, 100 * 1000 * 1000 };
	int		 fd, tries = timeout * 10;

	if (make_state_dir(path, err) != 0) {
		free(lock);
		return -1;
	}
	if ((fd = safe_open(lock, O_RDWR | O_CREAT, 0644, "lock file", err)) == -1) {
		free(lock);
		return -1;
	}
	while (flock(fd, LOCK_EX | LOCK_NB) == -1) {
		if (errno != EWOULDBLOCK && errno != EINTR) {
			*err = xasprintf("cannot lock %s: %s", lock, strerror(errno));
			break;
		}
		if (tries-- <= 0) {
			*err = xasprintf("another vssexplain run holds %s; gave up after %d "
			    "seconds (--lock-timeout)", lock, timeout);
			break;
		}
		nanosleep(&pause, NULL);
	}
	free(lock);
	if (*err != NULL) {
		close(fd);
		return -1;
	}
	return fd;
}

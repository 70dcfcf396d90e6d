/*
 * db-cache.c: the rules database compiled into one relocatable image, kept in
 * a cache file and used while every rules source is unchanged.
 *
 * Parsing the rules costs most of a short command's run.  After a load
 * without a single problem, the database is copied into one block: every
 * object once, each pointer written as an offset into the block and marked in
 * a bitmap (one bit a word), so a later run reads the block in one read,
 * adds the block's address to each marked word and has the database, hash
 * tables and sorted arrays included, without parsing or hashing.  The copy
 * knows the type of every pointer it writes: nothing is guessed.
 *
 * The file starts with a stamp of every source: each directory's path, its
 * inode and times (a file added or removed changes them) and each *.rules
 * file's name, size, inode and times.  A run whose stamp differs, or whose
 * program, layout or PCRE2 library differs, or whose file is short or fails
 * its checksum, parses the rules as before and writes the cache anew: the
 * rules stay the one source of truth, and their messages are those of the
 * parser on every run, for no cache is written for rules with a problem.
 * A cache that cannot be read or written is passed over in silence.
 */
#include "config.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "db.h"
#include "db-int.h"
#include "pool.h"
#include "strmap-int.h"
#include "xalloc.h"

#define CACHE_FORMAT	1		/* change with any change of what the image holds */
#define CACHE_MAGIC	"VSSXRDB\n"
#define RACY_SECONDS	2		/* a source newer than this is not cached yet */
#define CACHE_MAX	((uint64_t)256 << 20)	/* a larger file is not ours */

struct cache_head {
	char		magic[8];
	uint64_t	layout;		/* program, format, struct layout, PCRE2 */
	uint64_t	stamp_len;	/* the sources' stamp, padded to 16 */
	uint64_t	image_len;	/* the image, a multiple of 16 */
	uint64_t	bits_len;	/* the pointer bitmap, in bytes */
	uint64_t	sum;		/* of everything after the header */
};

/* A growing byte string. */
struct buf {
	char	*p;
	size_t	 len, cap;
};

static void
buf_add(struct buf *b, const void *p, size_t n)
{
	if (n == 0)
		return;
	if (b->cap - b->len < n) {
		while (b->cap - b->len < n)
			b->cap = b->cap ? b->cap * 2 : 4096;
		b->p = xrealloc(b->p, b->cap);
	}
	memcpy(b->p + b->len, p, n);
	b->len += n;
}

static void
buf_u64(struct buf *b, uint64_t v)
{
	buf_add(b, &v, sizeof v);
}

static void
buf_str(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s) + 1);
}

static uint64_t
fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char	*s = p;

	while (n-- > 0)
		h = (h ^ *s++) * 0x100000001b3ull;
	return h;
}

/*
 * A Fletcher-like sum in 64-bit lanes, two vectors at a time: finds a
 * truncated, damaged or foreign file at a small fraction of the cost of
 * parsing (a byte-wise hash was a third of a run that used the cache).
 */
typedef uint64_t v2u64 __attribute__((vector_size(16)));

static uint64_t
checksum(const char *p, size_t n)
{
	v2u64		a = { 1, 2 }, b = { 3, 4 }, c = { 5, 6 }, d = { 7, 8 }, w, x;
	uint64_t	t = 0, lanes[8];

	for (; n >= 32; p += 32, n -= 32) {
		memcpy(&w, p, 16);
		memcpy(&x, p + 16, 16);
		a += w;
		b += a;
		c += x;
		d += c;
	}
	for (; n > 0; p++, n--)
		t = t * 31 + (unsigned char)*p;
	memcpy(lanes, &a, 16);
	memcpy(lanes + 2, &b, 16);
	memcpy(lanes + 4, &c, 16);
	memcpy(lanes + 6, &d, 16);
	return fnv(t ^ 0xcbf29ce484222325ull, lanes, sizeof lanes);
}

/*
 * What makes an image of another build unreadable: the executable file, the
 * program's version, the format, the structs' sizes and the PCRE2 library.
 */
static uint64_t
layout_stamp(void)
{
	static const size_t	sizes[] = {
		sizeof(void *), sizeof(size_t), sizeof(struct db), sizeof(struct src),
		sizeof(struct xname), sizeof(struct xcode), sizeof(struct xguidance),
		sizeof(struct xmethod), sizeof(struct xreturn), sizeof(struct db_return),
		sizeof(struct xdispute), sizeof(struct xpattern), sizeof(struct xlist),
		sizeof(struct db_phrase), sizeof(struct xevent), sizeof(struct db_event_field),
		sizeof(struct strmap), sizeof(struct slot), sizeof(struct entry),
		offsetof(struct xcode, c), offsetof(struct xevent, e), DB_NAME_BLOCK,
		DB_NS_COUNT, CACHE_FORMAT
	};
	char		pcre[64] = "", self[PATH_MAX];
	uint64_t	h = 0xcbf29ce484222325ull, exe[4] = { 0, 0, 0, 0 };
	struct stat	st;
	ssize_t		n;

	/*
	 * The executable itself: a rebuild of the same version is another
	 * program.  Through its path, as valgrind gives the program's own.
	 */
	if ((n = readlink("/proc/self/exe", self, sizeof self - 1)) > 0) {
		self[n] = '\0';
		if (stat(self, &st) != 0)
			memset(&st, 0, sizeof st);
		exe[0] = (uint64_t)st.st_ino;
		exe[1] = (uint64_t)st.st_size;
		exe[2] = (uint64_t)st.st_mtim.tv_sec;
		exe[3] = (uint64_t)st.st_mtim.tv_nsec;
	}
	(void)pcre2_config(PCRE2_CONFIG_VERSION, pcre);
	h = fnv(h, exe, sizeof exe);
	h = fnv(h, sizes, sizeof sizes);
	h = fnv(h, PACKAGE_VERSION, sizeof PACKAGE_VERSION);
	return fnv(h, pcre, strnlen(pcre, sizeof pcre));
}

static void
stamp_stat(struct buf *b, const struct stat *st, time_t *newest)
{
	if (st->st_mtim.tv_sec > *newest)
		*newest = st->st_mtim.tv_sec;
	buf_u64(b, (uint64_t)st->st_dev);
	buf_u64(b, (uint64_t)st->st_ino);
	buf_u64(b, (uint64_t)st->st_size);
	buf_u64(b, (uint64_t)st->st_mtim.tv_sec);
	buf_u64(b, (uint64_t)st->st_mtim.tv_nsec);
	buf_u64(b, (uint64_t)st->st_ctim.tv_sec);
	buf_u64(b, (uint64_t)st->st_ctim.tv_nsec);
}

/*
 * The stamp of the rules sources, read as db_load reads them, and the newest
 * modification time in it; returns 0 when one cannot be read (the parser
 * then says why).
 */
static int
source_stamp(const char *const *dirs, const int *optional, size_t ndirs, struct buf *b,
    time_t *newest)
{
	struct stat	 st;
	DIR		*d;
	char		**files, *path;
	size_t		  n, i, k;
	int		  ok = 1;

	for (i = 0; i < ndirs && ok; i++) {
		buf_str(b, dirs[i]);
		if ((d = opendir(dirs[i])) == NULL) {
			if (optional != NULL && optional[i] && errno == ENOENT) {
				buf_u64(b, 0);
				continue;
			}
			ok = 0;
			break;
		}
		if (fstat(dirfd(d), &st) != 0) {
			closedir(d);
			ok = 0;
			break;
		}
		buf_u64(b, 1);
		stamp_stat(b, &st, newest);
		files = db_rules_names(d, &n);
		closedir(d);
		buf_u64(b, n);
		for (k = 0; k < n; k++) {
			path = xasprintf("%s/%s", dirs[i], files[k]);
			if (stat(path, &st) != 0) {
				memset(&st, 0, sizeof st);
				ok = 0;
			}
			buf_str(b, files[k]);
			stamp_stat(b, &st, newest);
			free(path);
			free(files[k]);
		}
		free(files);
	}
	while (b->len % 16 != 0)
		buf_add(b, "", 1);
	return ok;
}

/*
 * The cache file: $VSSEXPLAIN_CACHE_DIR ("" or "off": none), else
 * $XDG_CACHE_HOME/vssexplain, else $HOME/.cache/vssexplain; named after the
 * rules directories' real paths, so that two sets of rules keep two files.
 * Sets *dirp to the directory (to create); NULL when there is no cache.
 */
static char *
cache_path(const char *const *dirs, size_t ndirs, char **dirp)
{
	const char	*env = getenv("VSSEXPLAIN_CACHE_DIR"), *home;
	char		*dir, *real;
	uint64_t	 h = 0xcbf29ce484222325ull;
	size_t		 i;

	if (env != NULL) {
		if (*env == '\0' || strcmp(env, "off") == 0)
			return NULL;
		dir = xstrdup(env);
	} else if ((home = getenv("XDG_CACHE_HOME")) != NULL && *home == '/')
		dir = xasprintf("%s/vssexplain", home);
	else if ((home = getenv("HOME")) != NULL && *home == '/')
		dir = xasprintf("%s/.cache/vssexplain", home);
	else
		return NULL;
	for (i = 0; i < ndirs; i++) {
		const char	*name;

		real = realpath(dirs[i], NULL);
		name = real != NULL ? real : dirs[i];
		h = fnv(h, name, strlen(name) + 1);
		free(real);
	}
	*dirp = dir;
	return xasprintf("%s/rules-%016llx.db", dir, (unsigned long long)h);
}

/*
 * Reads the cache at path into a new pool and relocates it; NULL when it is
 * missing, foreign, stale or damaged.
 */
static struct db *
cache_read(const char *path, const struct buf *stamp)
{
	struct cache_head	 h;
	struct stat		 st;
	struct pool		*pool;
	struct db		*db;
	char			*p, *image;
	const uint64_t		*bits;
	uint64_t		 total, w, *slot;
	size_t			 i, nw;
	ssize_t			 r;
	int			 fd;

	/*
	 * Only the user's own file, which no one else may write: the image
	 * is trusted as the parser's output, so another user's must not count.
	 */
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) == -1)
		return NULL;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_uid != geteuid() ||
	    (st.st_mode & (S_IWGRP | S_IWOTH)) != 0 || (uint64_t)st.st_size < sizeof h ||
	    (uint64_t)st.st_size > CACHE_MAX ||
	    read(fd, &h, sizeof h) != (ssize_t)sizeof h ||
	    memcmp(h.magic, CACHE_MAGIC, sizeof h.magic) != 0 || h.layout != layout_stamp() ||
	    h.stamp_len != stamp->len || h.image_len < sizeof(struct db) ||
	    h.image_len > CACHE_MAX || h.image_len % 16 != 0 || h.stamp_len > CACHE_MAX ||
	    h.bits_len != (h.image_len / 8 + 63) / 64 * 8) {
		close(fd);
		return NULL;
	}
	total = h.stamp_len + h.image_len + h.bits_len;
	if ((uint64_t)st.st_size != sizeof h + total) {
		close(fd);
		return NULL;
	}
	/* the pool's memory: one huge page where the system has them, not a fault a page */
	pool = pool_new();
	p = pool_alloc(pool, (size_t)total);
	r = read(fd, p, (size_t)total);
	close(fd);
	if (r != (ssize_t)total || memcmp(p, stamp->p, stamp->len) != 0 ||
	    checksum(p, (size_t)total) != h.sum) {
		pool_free(pool);
		return NULL;
	}
	image = p + h.stamp_len;
	bits = (const uint64_t *)(void *)(image + h.image_len);
	nw = (size_t)h.bits_len / 8;
	/* no bit past the image's last word */
	if (nw > 0 && (h.image_len / 8) % 64 != 0 &&
	    (bits[nw - 1] >> ((h.image_len / 8) % 64)) != 0)
		goto bad;
	for (i = 0; i < nw; i++) {
		uint64_t	*word = (uint64_t *)(void *)image + i * 64;

		for (w = bits[i]; w != 0; w &= w - 1) {
			slot = word + __builtin_ctzll(w);
			if (*slot >= h.image_len)
				goto bad;
			*slot += (uintptr_t)image;
		}
	}
	db = (struct db *)(void *)image;
	db->pool = pool;
	db->image = 1;
	return db;
bad:
	pool_free(pool);
	return NULL;
}

/* The image being built: a copy of each object, and where each original went. */
struct img {
	struct buf	 b;
	struct fix {
		size_t		 at;	/* a pointer's place in the image */
		const void	*to;	/* what it pointed to */
	}		*fix;
	size_t		 nfix, fixcap;
	struct memo {
		uintptr_t	 from;
		size_t		 off;
	}		*memo;		/* open addressing, from 0 for empty */
	size_t		 mcap, mcount;
	int		 failed;
};

static size_t
memo_hash(uintptr_t p)
{
	uint64_t	h = (uint64_t)p * 0x9e3779b97f4a7c15ull;

	return (size_t)(h >> 32);
}

static void
memo_put(struct img *im, const void *from, size_t off)
{
	size_t	i;

	if ((im->mcount + 1) * 2 > im->mcap) {
		struct memo	*old = im->memo;
		size_t		 ocap = im->mcap;

		im->mcap = im->mcap ? im->mcap * 2 : 4096;
		im->memo = xcalloc(im->mcap, sizeof *im->memo);
		for (i = 0; i < ocap; i++) {
			size_t	j;

			if (old[i].from == 0)
				continue;
			for (j = memo_hash(old[i].from) & (im->mcap - 1); im->memo[j].from != 0;
			    j = (j + 1) & (im->mcap - 1))
				;
			im->memo[j] = old[i];
		}
		free(old);
	}
	for (i = memo_hash((uintptr_t)from) & (im->mcap - 1); im->memo[i].from != 0;
	    i = (i + 1) & (im->mcap - 1)) {
		if (im->memo[i].from == (uintptr_t)from)
			return;		/* the first copy stays the one */
	}
	im->memo[i].from = (uintptr_t)from;
	im->memo[i].off = off;
	im->mcount++;
}

/* The place of an original's copy, or (size_t)-1. */
static size_t
memo_get(const struct img *im, const void *from)
{
	size_t	i;

	if (im->mcap == 0)
		return (size_t)-1;
	for (i = memo_hash((uintptr_t)from) & (im->mcap - 1); im->memo[i].from != 0;
	    i = (i + 1) & (im->mcap - 1)) {
		if (im->memo[i].from == (uintptr_t)from)
			return im->memo[i].off;
	}
	return (size_t)-1;
}

/* Copies n elements of size bytes each, registering each; returns the copy's place. */
static size_t
img_array(struct img *im, const void *p, size_t n, size_t size)
{
	static const char	zero[16];
	size_t			off, i;

	while (im->b.len % 16 != 0)
		buf_add(&im->b, "", 1);
	off = im->b.len;
	if (p == NULL)
		return off;	/* nothing to point to: the pointer stays NULL */
	if (n == 0) {
		/* an empty array keeps its non-NULL pointer */
		buf_add(&im->b, zero, sizeof zero);
		memo_put(im, p, off);
		return off;
	}
	buf_add(&im->b, p, n * size);
	for (i = 0; i < n; i++)
		memo_put(im, (const char *)p + i * size, off + i * size);
	return off;
}

static size_t
img_obj(struct img *im, const void *p, size_t size)
{
	return img_array(im, p, 1, size);
}

/* Points the pointer at off to the copy of to, once every object is copied. */
static void
img_ref(struct img *im, size_t at, const void *to)
{
	memset(im->b.p + at, 0, sizeof(void *));
	if (to == NULL)
		return;
	if (im->nfix == im->fixcap) {
		im->fixcap = im->fixcap ? im->fixcap * 2 : 4096;
		im->fix = xreallocarray(im->fix, im->fixcap, sizeof *im->fix);
	}
	im->fix[im->nfix].at = at;
	im->fix[im->nfix++].to = to;
}

static void
img_str(struct img *im, size_t at, const char *s)
{
	if (s != NULL && memo_get(im, s) == (size_t)-1) {
		size_t	off = im->b.len;

		buf_add(&im->b, s, strlen(s) + 1);
		memo_put(im, s, off);
	}
	img_ref(im, at, s);
}

#define F(base, type, field)	((base) + offsetof(type, field))

/* An array of n pointers at *at, each pointing to an object copied elsewhere. */
static void
img_ptrs(struct img *im, size_t at, const void *const *v, size_t n)
{
	size_t	off, i;

	if (v == NULL) {
		img_ref(im, at, NULL);
		return;
	}
	off = img_array(im, v, n, sizeof *v);
	for (i = 0; i < n; i++)
		img_ref(im, off + i * sizeof *v, v[i]);
	img_ref(im, at, v);
}

static void
img_src(struct img *im, size_t off)
{
	const struct src	*s = (const struct src *)(void *)(im->b.p + off);

	img_str(im, F(off, struct src, path), s->path);
}

/* A struct read back from the image: im->b.p moves as the image grows. */
#define AT(type, off)	((type *)(void *)(im->b.p + (off)))

static void
img_code(struct img *im, size_t off)
{
	img_ref(im, F(off, struct db_code, name), AT(struct db_code, off)->name);
	img_str(im, F(off, struct db_code, title), AT(struct db_code, off)->title);
	img_str(im, F(off, struct db_code, description), AT(struct db_code, off)->description);
	img_str(im, F(off, struct db_code, note), AT(struct db_code, off)->note);
	img_ref(im, F(off, struct db_code, guidance), AT(struct db_code, off)->guidance);
}

static void
val_xcode(struct img *im, const void *v)
{
	size_t	off;

	if (memo_get(im, v) != (size_t)-1)
		return;
	off = img_obj(im, v, sizeof(struct xcode));
	img_code(im, F(off, struct xcode, c));
	img_str(im, F(off, struct xcode, key), AT(struct xcode, off)->key);
	img_str(im, F(off, struct xcode, guidance_id), AT(struct xcode, off)->guidance_id);
	img_src(im, F(off, struct xcode, src));
	img_src(im, F(off, struct xcode, guidance_src));
}

static void
val_xguidance(struct img *im, const void *v)
{
	size_t	off = img_obj(im, v, sizeof(struct xguidance));

	img_str(im, F(off, struct xguidance, g.id), AT(struct xguidance, off)->g.id);
	img_str(im, F(off, struct xguidance, g.title), AT(struct xguidance, off)->g.title);
	img_str(im, F(off, struct xguidance, g.advice), AT(struct xguidance, off)->g.advice);
	img_src(im, F(off, struct xguidance, src));
}

static void
val_xmethod(struct img *im, const void *v)
{
	const struct xmethod	*m = v;
	size_t			 off = img_obj(im, v, sizeof *m), a, i;

	img_str(im, F(off, struct xmethod, m.name), m->m.name);
	img_str(im, F(off, struct xmethod, m.bare), m->m.bare);
	img_str(im, F(off, struct xmethod, m.summary), m->m.summary);
	if (m->m.returns != NULL) {
		a = img_array(im, m->m.returns, m->m.nreturns, sizeof *m->m.returns);
		for (i = 0; i < m->m.nreturns; i++) {
			size_t	r = a + i * sizeof *m->m.returns;

			img_ref(im, F(r, struct db_return, name), m->m.returns[i].name);
			img_str(im, F(r, struct db_return, meaning), m->m.returns[i].meaning);
			img_ref(im, F(r, struct db_return, guidance), m->m.returns[i].guidance);
		}
	}
	img_ref(im, F(off, struct xmethod, m.returns), m->m.returns);
	if (m->r != NULL) {
		a = img_array(im, m->r, m->nr, sizeof *m->r);
		for (i = 0; i < m->nr; i++) {
			size_t	r = a + i * sizeof *m->r;

			img_str(im, F(r, struct xreturn, code), m->r[i].code);
			img_str(im, F(r, struct xreturn, meaning), m->r[i].meaning);
			img_str(im, F(r, struct xreturn, guidance_id), m->r[i].guidance_id);
			img_src(im, F(r, struct xreturn, src));
		}
		AT(struct xmethod, off)->cap = m->nr;
	}
	img_ref(im, F(off, struct xmethod, r), m->r);
	img_src(im, F(off, struct xmethod, src));
}

static void
val_xdispute(struct img *im, const void *v)
{
	const struct xdispute	*d = v;
	size_t			 off = img_obj(im, v, sizeof *d);

	img_str(im, F(off, struct xdispute, d.claim), d->d.claim);
	img_str(im, F(off, struct xdispute, d.explanation), d->d.explanation);
	img_str(im, F(off, struct xdispute, d.claimed_name), d->d.claimed_name);
	img_src(im, F(off, struct xdispute, src));
}

static void
val_xpattern(struct img *im, const void *v)
{
	const struct xpattern	*x = v;
	size_t			 off = img_obj(im, v, sizeof *x);

	img_str(im, F(off, struct xpattern, p.id), x->p.id);
	img_str(im, F(off, struct xpattern, p.literal), x->p.literal);
	img_str(im, F(off, struct xpattern, p.regex), x->p.regex);
	img_ref(im, F(off, struct xpattern, p.re), NULL);	/* compiled again when needed */
	img_src(im, F(off, struct xpattern, src));
}

static void
val_xlist(struct img *im, const void *v)
{
	const struct xlist	*x = v;
	size_t			 off = img_obj(im, v, sizeof *x), a, i;

	if (x->words != NULL) {
		a = img_array(im, x->words, x->nwords, sizeof *x->words);
		for (i = 0; i < x->nwords; i++)
			img_str(im, a + i * sizeof *x->words, x->words[i]);
	}
	img_ref(im, F(off, struct xlist, words), x->words);
	if (x->phrases != NULL) {
		a = img_array(im, x->phrases, x->nphrases, sizeof *x->phrases);
		for (i = 0; i < x->nphrases; i++) {
			size_t	r = a + i * sizeof *x->phrases;

			img_str(im, F(r, struct db_phrase, text), x->phrases[i].text);
			img_ref(im, F(r, struct db_phrase, name), x->phrases[i].name);
		}
		a = img_array(im, x->phrase_names, x->nphrases, sizeof *x->phrase_names);
		for (i = 0; i < x->nphrases; i++)
			img_str(im, a + i * sizeof *x->phrase_names, x->phrase_names[i]);
		a = img_array(im, x->phrase_src, x->nphrases, sizeof *x->phrase_src);
		for (i = 0; i < x->nphrases; i++)
			img_src(im, a + i * sizeof *x->phrase_src);
	}
	img_ref(im, F(off, struct xlist, phrases), x->phrases);
	img_ref(im, F(off, struct xlist, phrase_names), x->phrase_names);
	img_ref(im, F(off, struct xlist, phrase_src), x->phrase_src);
	AT(struct xlist, off)->wcap = x->nwords;
	AT(struct xlist, off)->pcap = x->nphrases;
}

static void
val_xevent(struct img *im, const void *v)
{
	const struct xevent	*x = v;
	size_t			 off = img_obj(im, v, sizeof *x), a, i;

	img_str(im, F(off, struct xevent, e.provider), x->e.provider);
	img_str(im, F(off, struct xevent, e.title), x->e.title);
	img_code(im, F(off, struct xevent, e.code));
	img_str(im, F(off, struct xevent, e.writer_name), x->e.writer_name);
	if (x->fields != NULL) {
		a = img_array(im, x->fields, x->e.nfields, sizeof *x->fields);
		for (i = 0; i < x->e.nfields; i++)
			img_str(im, F(a + i * sizeof *x->fields, struct db_event_field, name),
			    x->fields[i].name);
		a = img_array(im, x->field_src, x->e.nfields, sizeof *x->field_src);
		for (i = 0; i < x->e.nfields; i++)
			img_src(im, a + i * sizeof *x->field_src);
		(void)img_array(im, x->field_seen, x->e.nfields, sizeof *x->field_seen);
		AT(struct xevent, off)->cap = x->e.nfields;
	}
	img_ref(im, F(off, struct xevent, e.fields), x->e.fields);
	img_ref(im, F(off, struct xevent, fields), x->fields);
	img_ref(im, F(off, struct xevent, field_src), x->field_src);
	img_ref(im, F(off, struct xevent, field_seen), x->field_seen);
	img_str(im, F(off, struct xevent, code_id), x->code_id);
	img_str(im, F(off, struct xevent, guidance_id), x->guidance_id);
	img_src(im, F(off, struct xevent, src));
	img_src(im, F(off, struct xevent, code_src));
	img_src(im, F(off, struct xevent, guidance_src));
}

/*
 * A map with its table as it is (no rehashing on load), and each value
 * copied by each (NULL: the values are copied elsewhere).
 */
static void
img_map(struct img *im, size_t at, const struct strmap *m,
    void (*each)(struct img *, const void *))
{
	size_t	off, a, i;

	off = img_obj(im, m, sizeof *m);
	AT(struct strmap, off)->ar = NULL;
	AT(struct strmap, off)->ecap = m->count;
	(void)img_array(im, m->slots, m->cap, sizeof *m->slots);
	img_ref(im, F(off, struct strmap, slots), m->slots);
	if (m->ents != NULL) {
		a = img_array(im, m->ents, m->count, sizeof *m->ents);
		for (i = 0; i < m->count; i++) {
			size_t	e = a + i * sizeof *m->ents;

			img_str(im, F(e, struct entry, key), m->ents[i].key);
			if (each != NULL && memo_get(im, m->ents[i].value) == (size_t)-1)
				each(im, m->ents[i].value);
			img_ref(im, F(e, struct entry, value), m->ents[i].value);
		}
	}
	img_ref(im, F(off, struct strmap, ents), m->ents);
	img_ref(im, at, m);
}

/*
 * Builds the image of db: on return im->b holds it and bits the bitmap of
 * its pointers; 0 when a pointer leads out of the database.
 */
static int
img_build(struct img *im, const struct db *db, struct buf *bits)
{
	size_t	off, a, i, n;
	int	ns;

	off = img_obj(im, db, sizeof *db);
	img_ref(im, F(off, struct db, pool), NULL);
	img_ref(im, F(off, struct db, bufs), NULL);	/* entries have their strings */
	a = img_array(im, db->paths, db->nfiles, sizeof *db->paths);
	for (i = 0; i < db->nfiles; i++)
		img_str(im, a + i * sizeof *db->paths, db->paths[i]);
	img_ref(im, F(off, struct db, paths), db->paths);
	/* the names' blocks first, whole, so that each name is one copy */
	a = img_array(im, db->nblocks, db->nnblocks, sizeof *db->nblocks);
	for (i = 0; i < db->nnblocks; i++) {
		size_t	b = img_array(im, db->nblocks[i], DB_NAME_BLOCK, sizeof(struct xname));
		size_t	k;

		img_ref(im, a + i * sizeof *db->nblocks, db->nblocks[i]);
		for (k = 0; k < DB_NAME_BLOCK; k++) {
			const struct xname	*x = &db->nblocks[i][k];
			size_t			 r = b + k * sizeof *x;

			img_str(im, F(r, struct xname, n.name), x->n.name);
			img_ref(im, F(r, struct xname, n.code), x->n.code);
		}
	}
	img_ref(im, F(off, struct db, nblocks), db->nblocks);
	img_map(im, F(off, struct db, names), db->names, NULL);
	img_map(im, F(off, struct db, guidance), db->guidance, val_xguidance);
	img_map(im, F(off, struct db, codes), db->codes, val_xcode);
	img_map(im, F(off, struct db, vcodes), db->vcodes, val_xcode);
	img_ptrs(im, F(off, struct db, vtab), (const void *const *)db->vtab, db->vmask + 1);
	img_map(im, F(off, struct db, methods), db->methods, val_xmethod);
	img_map(im, F(off, struct db, disputes), db->disputes, val_xdispute);
	img_map(im, F(off, struct db, lists), db->lists, val_xlist);
	img_map(im, F(off, struct db, patterns), db->patterns, val_xpattern);
	img_ptrs(im, F(off, struct db, plist), (const void *const *)db->plist, db->nplist);
	img_ptrs(im, F(off, struct db, tlist), (const void *const *)db->tlist, db->ntlist);
	img_ptrs(im, F(off, struct db, rlist), (const void *const *)db->rlist, db->nrlist);
	AT(struct db, off)->npcap = db->nplist;
	AT(struct db, off)->ntcap = db->ntlist;
	AT(struct db, off)->nrcap = db->nrlist;
	for (ns = 0; ns < DB_NS_COUNT; ns++)
		img_ptrs(im, F(off, struct db, byvalue) + ns * sizeof *db->byvalue,
		    (const void *const *)db->byvalue[ns], db->nbyvalue[ns] + 1);
	img_ptrs(im, F(off, struct db, glist), (const void *const *)db->glist, db->nglist);
	img_ptrs(im, F(off, struct db, mlist), (const void *const *)db->mlist, db->nmlist);
	img_ptrs(im, F(off, struct db, dlist), (const void *const *)db->dlist, db->ndlist);
	img_map(im, F(off, struct db, events), db->events, val_xevent);
	img_map(im, F(off, struct db, providers), db->providers, NULL);
	img_ptrs(im, F(off, struct db, elist), (const void *const *)db->elist, db->nelist + 1);
	while (im->b.len % 16 != 0)
		buf_add(&im->b, "", 1);

	/* every pointer to the place of its target's copy, and its bit */
	n = (im->b.len / 8 + 63) / 64 * 8;
	bits->p = xcalloc(1, n != 0 ? n : 1);
	bits->len = bits->cap = n;
	for (i = 0; i < im->nfix; i++) {
		uint64_t	to = memo_get(im, im->fix[i].to);

		if (to == (uint64_t)-1 || im->fix[i].at % 8 != 0)
			return 0;	/* out of the database: no image */
		memcpy(im->b.p + im->fix[i].at, &to, sizeof to);
		((uint64_t *)(void *)bits->p)[im->fix[i].at / 512] |=
		    (uint64_t)1 << (im->fix[i].at / 8 % 64);
	}
	return 1;
}

/* mkdir -p, for the cache's directory. */
static int
make_dirs(char *dir)
{
	char	*s;

	for (s = dir + 1; *s != '\0'; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
			*s = '/';
			return -1;
		}
		*s = '/';
	}
	return mkdir(dir, 0700) != 0 && errno != EEXIST ? -1 : 0;
}

static int
write_all(int fd, const void *p, size_t n)
{
	const char	*s = p;
	ssize_t		 r;

	while (n > 0) {
		if ((r = write(fd, s, n)) <= 0) {
			if (r < 0 && errno == EINTR)
				continue;
			return -1;
		}
		s += r;
		n -= (size_t)r;
	}
	return 0;
}

/* Writes db's image to path, through a temporary file renamed over it; silent on failure. */
static void
cache_write(const struct db *db, char *dir, const char *path, const struct buf *stamp)
{
	struct cache_head	 h;
	struct img		 im;
	struct buf		 bits = { NULL, 0, 0 }, all = { NULL, 0, 0 };
	char			*tmp = NULL;
	int			 fd = -1;

	memset(&im, 0, sizeof im);
	if (!img_build(&im, db, &bits))
		goto out;
	buf_add(&all, stamp->p, stamp->len);
	buf_add(&all, im.b.p, im.b.len);
	buf_add(&all, bits.p, bits.len);
	memset(&h, 0, sizeof h);
	memcpy(h.magic, CACHE_MAGIC, sizeof h.magic);
	h.layout = layout_stamp();
	h.stamp_len = stamp->len;
	h.image_len = im.b.len;
	h.bits_len = bits.len;
	h.sum = checksum(all.p, all.len);
	if (make_dirs(dir) != 0)
		goto out;
	tmp = xasprintf("%s.XXXXXX", path);
	if ((fd = mkstemp(tmp)) == -1)
		goto out;
	if (write_all(fd, &h, sizeof h) != 0 || write_all(fd, all.p, all.len) != 0 ||
	    close(fd) != 0) {
		fd = -1;
		(void)unlink(tmp);
		goto out;
	}
	fd = -1;
	if (rename(tmp, path) != 0)
		(void)unlink(tmp);
out:
	if (fd != -1) {
		(void)close(fd);
		(void)unlink(tmp);
	}
	free(tmp);
	free(all.p);
	free(bits.p);
	free(im.b.p);
	free(im.fix);
	free(im.memo);
}

struct db *
db_load_cached(const char *const *dirs, const int *optional, size_t ndirs, char **err)
{
	struct buf	 stamp = { NULL, 0, 0 };
	struct db	*db = NULL;
	char		*dir = NULL, *path;
	time_t		 newest = 0;

	if ((path = cache_path(dirs, ndirs, &dir)) == NULL)
		return db_load(dirs, optional, ndirs, err);
	if (!source_stamp(dirs, optional, ndirs, &stamp, &newest)) {
		free(stamp.p);
		stamp.p = NULL;
	} else if ((db = cache_read(path, &stamp)) != NULL)
		goto out;
	/*
	 * Parsed: cached only when it loaded without a single problem, and
	 * not while a source is seconds old: a second edit within the clock's
	 * tick could keep its size and times, and the cache would hide it.
	 */
	if ((db = db_load(dirs, optional, ndirs, err)) != NULL && stamp.p != NULL &&
	    newest < time(NULL) - RACY_SECONDS)
		cache_write(db, dir, path, &stamp);
out:
	free(stamp.p);
	free(path);
	free(dir);
	return db;
}

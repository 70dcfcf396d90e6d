/*
 * db-int.h: the database's entries as db.c and db-load.c share them, and
 * db-cache.c copies them; no other file includes it.  A pointer added to any
 * of these structs must be added to db-cache.c's copy too, which writes each
 * pointer by name (and CACHE_FORMAT raised when the meaning of a field changes).
 */
#ifndef VSSEXPLAIN_DB_INT_H
#define VSSEXPLAIN_DB_INT_H

#include <dirent.h>
#include <stddef.h>
#include <stdint.h>

#include "db.h"

struct pool;
struct strmap;

/* Where an entry was defined, for messages. */
struct src {
	const char	*path;
	int		 line;
	int		 file;		/* index of the file, to spot repeats */
};

struct xguidance {
	struct db_guidance	 g;
	struct src		 src;
	int			 seen[6];	/* section instance that set each key */
};

struct xcode {
	struct db_code		 c;
	const char		*key;		/* the NAME, or NULL for a value */
	const char		*guidance_id;
	struct src		 src;
	struct src		 guidance_src;	/* the "guidance =" line */
	int			 seen[4];
};

struct xreturn {
	const char	*code;
	const char	*meaning;
	const char	*guidance_id;
	struct src	 src;
	int		 seen[2];
};

struct xmethod {
	struct db_method	 m;
	struct xreturn		*r;
	size_t			 nr, cap;
	struct src		 src;
	int			 seen_summary;
};

struct xdispute {
	struct db_dispute	 d;
	struct src		 src;
	int			 seen[4];
};

struct xpattern {
	struct db_pattern	 p;
	struct src		 src;
	int			 seen[6];
	int			 kind;		/* XP_* */
};

#define XP_PATTERN	0	/* [pattern]: a literal and a regex */
#define XP_TIMESTAMP	1	/* [timestamp]: a regex */
#define XP_RECORD	2	/* [record]: a regex */

/* A [keywords] or [phrases] table. */
struct xlist {
	const char		**words;
	size_t			  nwords, wcap;
	struct db_phrase	 *phrases;
	const char		**phrase_names;
	struct src		 *phrase_src;
	size_t			  nphrases, pcap;
	int			  file;		/* where it was last opened */
};

#define DB_NAME_BLOCK	1024	/* names allocated at once: one table has thousands */

/* A name: its place is kept as line and file index, not a whole struct src (thousands of them). */
struct xname {
	struct db_name	 n;
	int		 line;
	int		 file;	/* index into db->paths */
	unsigned	 seq;	/* definition order, to list a value's names as written */
};

/*
 * The database owns every file's text: entries point into those buffers, which
 * the parser cut into NUL-terminated strings in place.  Names are kept in a
 * hash map by name and, per namespace, in an array sorted by value.
 */
struct db {
	struct pool		 *pool;	/* the files' text, the entries and their maps */
	char			**bufs;
	char			**paths;
	size_t			  nfiles;

	struct strmap		 *names;
	size_t			  nnlist;	/* names, in definition order: */
	struct xname		**nblocks;	/* DB_NAME_BLOCK a block */
	size_t			  nnblocks;
	struct strmap		 *guidance;
	struct strmap		 *codes;	/* by NAME */
	struct strmap		 *vcodes;	/* by "0x%08X" (keys owned) */
	struct xcode		**vtab;		/* the same by value, open addressing: */
	size_t			  vmask;	/* db_value_code runs for every candidate */
	struct strmap		 *methods;
	struct strmap		 *disputes;	/* by "0x%08X" (keys owned) */
	struct strmap		 *lists;	/* [keywords] and [phrases], by "type id" (owned) */
	struct strmap		 *patterns;	/* [pattern] and [timestamp], by "type id" (owned) */
	const struct db_pattern	**plist;
	size_t			  nplist, npcap;
	const struct db_pattern	**tlist;
	size_t			  ntlist, ntcap;
	const struct db_pattern	**rlist;	/* [record] sections */
	size_t			  nrlist, nrcap;

	const struct db_name	**byvalue[DB_NS_COUNT];
	size_t			  nbyvalue[DB_NS_COUNT];
	const struct db_guidance **glist;
	size_t			  nglist;
	const struct db_method	**mlist;
	size_t			  nmlist;
	const struct db_dispute	**dlist;
	size_t			  ndlist;

	struct strmap		 *events;	/* [event], by "provider/id" (keys owned) */
	struct strmap		 *providers;	/* the providers [event] sections name */
	const struct db_event	**elist;
	size_t			  nelist;

	int			  image;	/* read from the cache: one block (db-cache.c) */
	int			  compiled;	/* the image's patterns compiled, under a lock */
};

/* The ith name in definition order. */
#define NAME_AT(db, i)	(&(db)->nblocks[(i) / DB_NAME_BLOCK][(i) % DB_NAME_BLOCK])

/* The slot of a value in db->vtab. */
static inline size_t
db_value_hash(uint32_t v)
{
	v ^= v >> 16;
	v *= 0x45d9f3bu;
	v ^= v >> 16;
	return v;
}

/* An [event] section while it loads; the public part is e. */
struct xevent {
	struct db_event		 e;
	struct db_event_field	*fields;
	struct src		*field_src;
	int			*field_seen;
	size_t			 cap;
	const char		*code_id;	/* code = NAME|VALUE, as written */
	const char		*guidance_id;
	struct src		 src;
	struct src		 code_src;
	struct src		 guidance_src;
	int			 seen[8];
};

/* The names of the *.rules files in a directory, sorted; each and the array to free (db-load.c). */
char	**db_rules_names(DIR *, size_t *);

#endif

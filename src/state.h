/* state.h: what cron mode remembers between runs, kept in one file written atomically. */
#ifndef VSSEXPLAIN_STATE_H
#define VSSEXPLAIN_STATE_H

#include <stddef.h>
#include <stdint.h>

#define STATE_VERSION	2	/* version 1 is read too */
#define STATE_HEAD	4096	/* bytes of a file's start that identify it */
#define STATE_MAX_COPIES 512	/* rotated copies remembered per file */

/*
 * The identity of a file's content, whatever its name, inode or compression:
 * a CRC-32 of its first (up to STATE_HEAD) decoded bytes and its decoded size.
 */
struct state_copy {
	uint32_t	 head_crc;
	uint32_t	 head_len;
	uint64_t	 size;
};

/* A text input: which file it was, and how far it was read. */
struct state_file {
	char		*path;
	uint64_t	 dev, ino;
	uint64_t	 size;		/* when last read */
	uint32_t	 head_crc;	/* CRC-32 of the first head_len decoded bytes */
	uint32_t	 head_len;
	uint64_t	 offset;	/* decoded bytes read: the next line starts here */
	uint64_t	 line;		/* the number of that line */
	int		 gone;		/* missing at the last run: dev, ino are its copy's */
	int		 legacy;	/* from a version 1 state: copies not known */
	/* rotated copies already covered: read to their end, or there before */
	struct state_copy *copies;
	size_t		 ncopies;
	char		**dirs;		/* other directories of rotated copies (olddir) */
	size_t		 ndirs;
};

/* How a file relates to a remembered one (state_file_match). */
enum state_match {
	STATE_OTHER,		/* another file */
	STATE_SAME_START,	/* starts as the remembered one did: a copy of it? */
	STATE_SAME_FILE		/* that, and the same inode */
};

/* An event-log export: the newest record already reported, per computer and channel. */
struct state_events {
	char		*computer;
	char		*channel;
	long long	 max_record;
	int64_t		 time;
	long long	 prev_max;	/* max_record as loaded: what this run skips */
};

/* Recent failures of a retry chain, so retries are counted across runs. */
struct state_chain {
	char		*class;
	uint32_t	 value;
	char		*host, *writer;	/* or NULL */
	int64_t		*times;
	size_t		 ntimes;
};

struct strmap;

struct state {
	struct state_file	*files;
	size_t			 nfiles;
	size_t			 capfiles;
	struct strmap		*byname;	/* a file's path to its index + 1 (state_file_find) */
	struct state_events	*events;
	size_t			 nevents;
	struct state_chain	*chains;
	size_t			 nchains;
};

/* Reads the state; a missing file is an empty state.  NULL and *err when it is corrupt. */
struct state	*state_load(const char *path, char **err);
void		 state_free(struct state *);
/* Writes the state atomically (temporary file, fsync, rename, fsync of the directory). */
int		 state_save(const struct state *, const char *path, char **err);
/*
 * Takes the lock of the state (PATH.lock, flock), waiting up to timeout
 * seconds, after creating the missing directories of PATH (mode 0700).
 * Returns the descriptor to keep open, or -1 and *err.
 */
int		 state_lock(const char *path, int timeout, char **err);

struct state_file	*state_file_find(struct state *, const char *path);
/*
 * Compares a file (its device and inode, and its first n decoded bytes) with
 * what e remembers of its file.
 */
enum state_match	 state_file_match(const struct state_file *e, uint64_t dev,
			    uint64_t ino, const char *head, size_t n);
/* Fills the identity of a content: its first n (up to STATE_HEAD) bytes and size. */
void			 state_copy_make(struct state_copy *, const char *head, size_t n,
			    uint64_t size);
/* Was a copy with this identity covered already? */
int			 state_copy_covered(const struct state_file *, const struct state_copy *);
/* Remembers a copy as covered (the oldest ones go past STATE_MAX_COPIES). */
void			 state_copy_add(struct state_file *, const struct state_copy *);
/* Forgets the covered copies whose start is none of present[0..n): they are gone. */
void			 state_copy_prune(struct state_file *, const struct state_copy *present,
			    size_t n);
/* Replaces the directories of rotated copies of e. */
void			 state_file_set_dirs(struct state_file *, const char *const *dirs,
			    size_t n);
/* Finds or adds the entry of path. */
struct state_file	*state_file_get(struct state *, const char *path);
struct state_events	*state_events_get(struct state *, const char *computer,
			    const char *channel);
/* Replaces the chains with a new set: the caller adds them with state_chain_add. */
void			 state_chains_clear(struct state *);
void			 state_chain_add(struct state *, const char *class, uint32_t value,
			    const char *host, const char *writer, const int64_t *times,
			    size_t n);

#endif

/* state.h: what cron mode remembers between runs, kept in one file written atomically. */
#ifndef VSSEXPLAIN_STATE_H
#define VSSEXPLAIN_STATE_H

#include <stddef.h>
#include <stdint.h>

#define STATE_VERSION	1
#define STATE_HEAD	4096	/* bytes of a file's start that identify it */

/* A text input: which file it was, and how far it was read. */
struct state_file {
	char		*path;
	uint64_t	 dev, ino;
	uint64_t	 size;		/* when last read */
	uint32_t	 head_crc;	/* CRC-32 of the first head_len decoded bytes */
	uint32_t	 head_len;
	uint64_t	 offset;	/* decoded bytes read: the next line starts here */
	uint64_t	 line;		/* the number of that line */
	uint32_t	 rot_crc;	/* the start of the rotated copy read last, */
	uint32_t	 rot_len;	/* so that it is not taken again */
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

struct state {
	struct state_file	*files;
	size_t			 nfiles;
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
 * seconds.  Returns the descriptor to keep open, or -1 and *err.
 */
int		 state_lock(const char *path, int timeout, char **err);

struct state_file	*state_file_find(struct state *, const char *path);
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

/* tstamp.h: finding and converting the timestamps of log lines. */
#ifndef VSSEXPLAIN_TSTAMP_H
#define VSSEXPLAIN_TSTAMP_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "db.h"

#define TSTAMP_NONE	INT64_MIN

/* How stamps without a zone are read, and the year of stamps without one. */
struct tstamp_opts {
	const char	*tz;		/* NULL or "UTC": UTC; "+02:00"; or a zone name */
	time_t		 reference;	/* for syslog stamps, which carry no year */
};

/* A time found on a line: UTC seconds and nanoseconds, and the host if any. */
struct tstamp {
	int64_t	 sec;		/* TSTAMP_NONE when there is none */
	long	 nsec;
	size_t	 host_off, host_len;	/* host_len 0: none */
	const char *gave_up;	/* a pattern that hit a match limit here (its id), or NULL */
};

/* Checks the --tz argument; returns -1 when it is not a zone. */
int	tstamp_check_tz(const char *);
/*
 * Sets the zone of o up before threads convert stamps: a named zone sets TZ,
 * and setenv must not run while another thread reads the environment.
 */
void	tstamp_prepare(const struct tstamp_opts *);
/* Finds the first known timestamp in line[0..len) (only its first 160 bytes are searched). */
int	tstamp_find(const struct db *, const struct tstamp_opts *, const char *line,
	    size_t len, struct tstamp *);
/*
 * Does the database's [timestamp] list open with the patterns tstamp_lead
 * stands for?  Only then may a caller use tstamp_lead.
 */
int	tstamp_lead_ok(const struct db *);
/*
 * The quick way for the common stamp that opens a line (2024-05-14 02:13:09.123):
 * 1 with *ts as tstamp_find would fill it; 0 when the line is not one it is
 * sure of, and tstamp_find must say.
 */
int	tstamp_lead(const struct tstamp_opts *, const char *line, size_t len, struct tstamp *);
/*
 * Formats as 2024-05-14T02:13:09Z (with .fff when there are milliseconds);
 * the length written.  Callers that want the length take it from here: a
 * strlen that loads the bytes just stored one at a time waits for them
 * (the processor cannot forward such stores to a wider load).
 */
size_t	tstamp_format(int64_t sec, long nsec, char *buf, size_t size);
/*
 * Parses a time given by the user: ISO 8601 (2024-05-14, 2024-05-14T02:13:09Z,
 * with or without zone) or a relative age from reference ("24h", "90m", "7d").
 */
int	tstamp_parse_user(const char *, const struct tstamp_opts *, int64_t *out);

#endif

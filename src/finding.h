/* finding.h: one code found in an input, as every reader hands it on; the bottom of the include graph. */
#ifndef VSSEXPLAIN_FINDING_H
#define VSSEXPLAIN_FINDING_H

#include <stddef.h>
#include <stdint.h>

#include "resolve.h"

/* How a code was written where it was found. */
enum finding_form {
	FORM_HEX,	/* 0x800423F3 */
	FORM_BARE_HEX,	/* 800423f3 */
	FORM_SIGNED,	/* -2147212301 */
	FORM_UNSIGNED,	/* 2147754995 */
	FORM_MSGREF,	/* %%2155348254 */
	FORM_NAME,	/* VSS_E_WRITERERROR_RETRYABLE */
	FORM_PHRASE,	/* vssadmin "Last error: Retryable error" */
	FORM_WIN32,	/* a decimal Win32 status: "with status 1376" */
	FORM_EVENT,	/* an event that means a failure without a code */
	FORM_BINARY	/* a status inside an event's binary data */
};

/* Where an event-log finding came from; all NULL / -1 for text. */
struct finding_event {
	long		 event_id;
	const char	*provider;
	long long	 record_id;
	const char	*channel;
	const char	*computer;
	int		 level;
};

/* One code found in an input.  Strings live only during the callback. */
struct finding {
	uint32_t		 value;
	enum finding_form	 form;
	const char		*path;
	uint64_t		 line;		/* 1-based */
	uint64_t		 offset;	/* of the match, in the decoded text */
	const char		*match;
	size_t			 match_len;
	const char		*text;		/* the line, at most 1 KiB of it */
	size_t			 text_len;
	int64_t			 time;		/* TSTAMP_NONE: unknown */
	long			 nsec;
	const char		*host;		/* or NULL */
	const char		*writer;	/* or NULL */
	const char		*method;	/* or NULL */
	const struct finding_event *event;	/* or NULL */
	struct resolved		 r;
};

/* Where a reader hands each finding; its strings live only during the call. */
typedef void	(*finding_fn)(void *ctx, const struct finding *);

/* The name of a form in reports ("hex", "name", ...). */
const char	*finding_form_name(enum finding_form);

#endif

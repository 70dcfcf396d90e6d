/* evtest.h: what the unit suites of the event model and readers (check_event, check_evxml, check_evjson) share. */
#ifndef VSSEXPLAIN_EVTEST_H
#define VSSEXPLAIN_EVTEST_H

#include <check.h>
#include <stdint.h>

#include "db.h"
#include "input.h"
#include "text.h"

#define MAX_F	16

/* A finding as the tests look at it; strings are copies, NULL when it has none. */
struct got {
	uint32_t		 value;
	enum finding_form	 form;
	uint64_t		 line, offset;
	int64_t			 time;
	long			 nsec;
	long			 event_id;	/* -2: no event */
	long long		 record_id;
	int			 level;
	char			*path, *provider, *computer, *channel, *host;
	char			*writer, *match, *text, *guidance, *title;
	char			*name;		/* resolved_name */
};

/* What the reader under test found, complained of and noted since the last evtest_clear. */
extern struct got	 got[MAX_F];
extern int		 ngot;
extern char		*errs[MAX_F];
extern int		 nerr, nnotice;

/* The real rules, a scanner over them and its options, and a scratch file (evtest_start). */
extern struct db	*db;
extern struct scanner	*scanner;
extern struct scan_opts	 opts;
extern char		 path[64];

/*
 * The callbacks that fill got, errs and nnotice.  With evtest_need_event
 * every finding must have an event; on_finding's ctx must be evtest_ctx.
 */
extern int		 evtest_need_event;
extern void		*evtest_ctx;
void		 on_finding(void *ctx, const struct finding *);
void		 on_error(void *ctx, const char *msg);
void		 on_notice(void *ctx, const char *msg);
void		 evtest_clear(void);

/*
 * Loads the rules and makes the scanner (all_codes as --all-codes, host as
 * --host) and, unless name is NULL, the scratch file /tmp/NAME.XXXXXX.
 */
void		 evtest_start(int all_codes, const char *host, const char *name);
/* Frees what evtest_start made and what was collected. */
void		 evtest_stop(void);
/* Clears what was collected, writes text to the scratch file and opens it. */
struct input	*evtest_input(const char *text);
/* Runs the suite with libxml2 set up; the exit status of main. */
int		 evtest_main(Suite *);

#endif

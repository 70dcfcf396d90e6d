/* pipeline.c: the scan run: walks the paths, reads each input into findings, writes the report. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cron.h"
#include "db.h"
#include "evxml.h"
#include "filter.h"
#include "input.h"
#include "output.h"
#include "pipeline.h"
#include "state.h"
#include "walk.h"
#include "xalloc.h"

struct pipeline;

/*
 * The work on inputs: the readers and the run the findings go to.  One
 * input at a time goes through pipeline_input(); a -j worker will own one
 * of these, and the run will release its findings in input order.
 */
struct pipe_worker {
	struct scanner	*scanner;	/* the reader of text */
	struct evxml	*events;	/* the reader of event-log XML */
	struct pipeline	*run;
};

/* One input as the walker hands it over: a job of a worker. */
struct pipe_job {
	const char	*path;
	struct input	*in;
	int		 events;	/* event-log XML, not text */
};

/* The run: what the findings of every input go into. */
struct pipeline {
	struct pipe_worker	 worker;
	struct report		*report;
	struct filter		*filter;
	struct walk		 walk;
	struct cron		 cron_mode;
	struct cron		*cron;		/* &cron_mode with --state */
};

/* Takes a finding: drops events read by an earlier run, then filters it into the report. */
static void
pipeline_emit(void *ctx, const struct finding *f)
{
	struct pipeline	*r = ctx;

	if (r->cron != NULL && f->event != NULL && f->event->record_id >= 0) {
		/* an export holds the events of earlier runs again: skip those */
		struct state_events	*e = state_events_get(r->cron->st, f->event->computer,
		    f->event->channel);

		if (f->event->record_id <= e->prev_max)
			return;
		if (f->event->record_id > e->max_record) {
			e->max_record = f->event->record_id;
			e->time = f->time;
		}
	}
	if (filter_pass(r->filter, f))
		report_add(r->report, f);
}

static void
notice(void *ctx, const char *msg)
{
	(void)ctx;
	fprintf(stderr, "vssexplain: notice: %s\n", msg);
}

/* Reports damage in an input; the exit status says it happened. */
static void
problem(void *ctx, const char *msg)
{
	struct pipeline	*r = ctx;

	fprintf(stderr, "vssexplain: %s\n", msg);
	r->walk.errors++;
}

/*
 * Reads one input into findings and records what was read: the text
 * scanner (through cron mode when on) or the reader of event-log XML.
 */
static void
pipeline_input(struct pipe_worker *w, const struct pipe_job *job)
{
	struct pipeline		*r = w->run;
	struct report_input	 ri;
	const char		*how;
	char			 kind[48];
	int			 before = r->walk.errors;

	memset(&ri, 0, sizeof ri);
	ri.path = job->path;
	if (job->events) {
		evxml_scan(w->events, job->in, job->path, pipeline_emit, problem, r);
		how = input_describe(job->in);
		snprintf(kind, sizeof kind, "event-xml%s%s", strcmp(how, "text") == 0 ?
		    "" : ", ", strcmp(how, "text") == 0 ? "" : how);
		ri.kind = kind;
		ri.lines = evxml_lines(w->events);
		ri.events = evxml_events(w->events);
	} else {
		if (r->cron != NULL)
			cron_text(r->cron, w->scanner, job->in, job->path, pipeline_emit, r);
		else
			scanner_text(w->scanner, job->in, job->path, pipeline_emit, r);
		ri.kind = input_describe(job->in);
		ri.lines = scanner_lines(w->scanner);
	}
	ri.bytes = input_raw_bytes(job->in);
	ri.errors = r->walk.errors - before;
	if (!job->events && ri.errors == 0 && input_failed(job->in))
		ri.errors = 1;	/* reported while the walker peeked at it */
	report_input(r->report, &ri);
}

/* The walker's callbacks: a text input, an event export, a missing or unreadable path. */
static void
walk_text(void *ctx, const char *path, struct input *in)
{
	struct pipeline	*r = ctx;
	struct pipe_job	 job = { path, in, 0 };

	pipeline_input(&r->worker, &job);
}

static void
walk_events(void *ctx, const char *path, struct input *in)
{
	struct pipeline	*r = ctx;
	struct pipe_job	 job = { path, in, 1 };

	pipeline_input(&r->worker, &job);
}

static void
walk_missing(void *ctx, const char *path)
{
	struct pipeline	*r = ctx;

	cron_missing(r->cron, r->worker.scanner, path, pipeline_emit, r);
}

static void
walk_failed(void *ctx, const char *path)
{
	struct pipeline		*r = ctx;
	struct report_input	 ri;

	memset(&ri, 0, sizeof ri);
	ri.path = path;
	ri.kind = "unreadable";
	ri.errors = 1;
	report_input(r->report, &ri);
}

/* Loads the state of cron mode under its lock; -1 after a message. */
static int
open_state(const struct pipeline_opts *o, struct state **st, int *lockfd)
{
	char	*err = NULL;

	if ((*lockfd = state_lock(o->state, o->lock_timeout, &err)) == -1) {
		fprintf(stderr, "vssexplain: %s\n", err);
		free(err);
		return -1;
	}
	if (o->reset_state)
		*st = xcalloc(1, sizeof **st);
	else if ((*st = state_load(o->state, &err)) == NULL) {
		fprintf(stderr, "vssexplain: %s\n", err);
		free(err);
		return -1;
	}
	return 0;
}

static void
save_chain(void *ctx, const char *class, uint32_t value, const char *host,
    const char *writer, const int64_t *times, size_t n)
{
	state_chain_add(ctx, class, value, host, writer, times, n);
}

/* Turns cron mode on: rotated copies, the walker's missing paths, the chains of earlier runs. */
static void
start_cron(struct pipeline *r, const struct pipeline_opts *o, struct state *st)
{
	static const char	*rotated_default[] = { CRON_ROTATED_DEFAULT };
	struct cron		*c = &r->cron_mode;
	size_t			 k;

	memset(c, 0, sizeof *c);
	c->st = st;
	c->rotated = o->nrotated > 0 ? o->rotated : rotated_default;
	c->nrotated = o->nrotated > 0 ? o->nrotated :
	    sizeof rotated_default / sizeof rotated_default[0];
	c->dirs = o->rotated_dirs;
	c->ndirs = o->nrotated_dirs;
	c->notice = notice;
	c->problem = problem;
	c->ctx = r;
	r->cron = c;
	r->walk.missing = walk_missing;
	for (k = 0; k < st->nchains; k++)
		report_seed(r->report, st->chains[k].class, st->chains[k].value,
		    st->chains[k].host, st->chains[k].writer, st->chains[k].times,
		    st->chains[k].ntimes);
}

/* Saves the state once the report is out: a run that dies re-reads these lines. */
static int
save_state(struct pipeline *r, struct state *st, const char *path)
{
	char	*err = NULL;

	state_chains_clear(st);
	report_chains(r->report, save_chain, st);
	if (state_save(st, path, &err) != 0) {
		fprintf(stderr, "vssexplain: %s\n", err);
		free(err);
		return -1;
	}
	return 0;
}

int
pipeline_run(const struct db *db, const struct pipeline_opts *o, char **paths, int npaths,
    int *worst)
{
	const struct db_guidance *const	*only;
	struct pipeline			 r;
	struct output			 out;
	struct state			*st = NULL;
	FILE				*f;
	char				*err = NULL, *dash = (char *)"-";
	size_t				 nonly;
	int				 i, lockfd = -1, status = -1;

	memset(&r, 0, sizeof r);
	*worst = -1;
	r.worker.run = &r;
	if ((r.worker.scanner = scanner_new(db, &o->so, &err)) == NULL) {
		fprintf(stderr, "vssexplain: the rules' patterns do not compile: %s\n", err);
		free(err);
		goto out;
	}
	if (o->state != NULL && open_state(o, &st, &lockfd) != 0)
		goto out;
	if ((f = output_open(&out, o->output)) == NULL)
		goto out;
	r.report = report_new(db, &o->ro);
	report_stream(r.report, f);
	if ((only = filter_class_list(o->filter, &nonly)) != NULL)
		report_groups(r.report, only, nonly);
	if (o->min_count > 1)
		report_min_count(r.report, o->min_count);
	if (st != NULL)
		start_cron(&r, o, st);
	r.filter = o->filter;
	r.walk.recursive = o->recursive;
	r.walk.exclude = o->exclude;
	r.walk.nexclude = o->nexclude;
	r.walk.fn = walk_text;
	r.worker.events = evxml_new(db, r.worker.scanner, &o->so);
	r.walk.events = walk_events;
	r.walk.failed = walk_failed;
	r.walk.ctx = &r;
	if (npaths == 0)
		walk_path(&r.walk, dash);
	for (i = 0; i < npaths; i++)
		walk_path(&r.walk, paths[i]);
	if (output_close(&out, report_write(r.report, f) == 0) != 0)
		r.walk.errors++;
	else if (st != NULL && !o->dry_run && save_state(&r, st, o->state) != 0)
		r.walk.errors++;
	*worst = report_worst(r.report);
	status = r.walk.errors > 0 || (r.walk.inputs == 0 && st == NULL) ? -1 : 0;
out:
	report_free(r.report);
	evxml_free(r.worker.events);
	scanner_free(r.worker.scanner);
	state_free(st);
	if (lockfd != -1)
		close(lockfd);
	return status;
}

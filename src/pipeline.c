/* pipeline.c: the scan run: walks the paths, reads each input into findings, writes the report. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cron.h"
#include "db.h"
#include "evjson.h"
#include "evxml.h"
#include "filter.h"
#include "inert.h"
#include "input.h"
#include "output.h"
#include "pipeline.h"
#include "safe-file.h"
#include "source.h"
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
	struct source_ctx	 src;	/* the readers; findings and problems go to the run */
	struct pipeline		*run;
};

/* One input as the walker hands it over: a job of a worker. */
struct pipe_job {
	const char		*path;
	struct input		*in;
	const struct source	*source;	/* its format */
};

/* The run: what the findings of every input go into. */
struct pipeline {
	struct pipe_worker	 worker;
	struct report		*report;
	struct filter		*filter;
	struct walk		 walk;
	struct cron		 cron_mode;
	struct cron		*cron;		/* &cron_mode with --state */
	int			 errors;	/* problems that make the exit status 2 */
	int			 inputs;	/* inputs read */
	int			 quiet;		/* --quiet: notices are not printed */
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

/* Says what is worth knowing but no error, unless --quiet. */
static void
notice(void *ctx, const char *msg)
{
	const struct pipeline	*r = ctx;

	if (!r->quiet)
		inert_warn("notice: %s", msg);
}

/* Reports damage in an input; the exit status says it happened. */
static void
problem(void *ctx, const char *msg)
{
	struct pipeline	*r = ctx;

	inert_warn("%s", msg);
	r->errors++;
}

/* Reads one input into findings by its format and records what was read. */
static void
pipeline_input(struct pipe_worker *w, const struct pipe_job *job)
{
	struct pipeline		*r = w->run;
	struct report_input	 ri;
	int			 before = r->errors;

	memset(&ri, 0, sizeof ri);
	ri.path = job->path;
	job->source->scan(&w->src, job->in, job->path, &ri);
	ri.bytes = input_raw_bytes(job->in);
	ri.errors = r->errors - before;
	if (strcmp(job->source->name, "text") == 0 && ri.errors == 0 &&
	    input_failed(job->in))
		ri.errors = 1;	/* reported while its format was sniffed */
	report_input(r->report, &ri);
}

/* Records an input that could not be read at all. */
static void
record_failed(struct pipeline *r, const char *path)
{
	struct report_input	 ri;

	memset(&ri, 0, sizeof ri);
	ri.path = path;
	ri.kind = "unreadable";
	ri.errors = 1;
	report_input(r->report, &ri);
}

/* Takes an opened input from the walker: picks its format, or says why it is skipped. */
static void
walk_input(void *ctx, const char *path, struct input *in, int explicit)
{
	struct pipeline	*r = ctx;
	struct pipe_job	 job;
	const char	*why = NULL;

	job.path = path;
	job.in = in;
	if (source_misnamed(path, in, &why)) {	/* named .evtx, but no event log inside */
		inert_warn("%s: %s", path, why);
		r->errors++;
		record_failed(r, path);
		return;
	}
	if ((job.source = source_pick(in, explicit, &why)) == NULL) {
		if (explicit || !r->quiet)
			inert_warn("%s: skipped: %s", path, why);
		if (explicit) {
			r->errors++;
			record_failed(r, path);
		}
		return;
	}
	r->inputs++;
	pipeline_input(&r->worker, &job);
}

/* Prints what the walker met; errors count, unreadable paths are recorded. */
static void
walk_problem(void *ctx, enum walk_problem how, const char *path, const char *msg)
{
	struct pipeline	*r = ctx;

	if (how != WALK_SKIPPED || !r->quiet)
		inert_warn("%s", msg);
	if (how != WALK_SKIPPED)
		r->errors++;
	if (how == WALK_FAILED)
		record_failed(r, path);
}

static void
walk_missing(void *ctx, const char *path)
{
	struct pipeline	*r = ctx;

	cron_missing(r->cron, r->worker.src.scanner, path, pipeline_emit, r);
}

/* Loads the state of cron mode under its lock; -1 after a message. */
static int
open_state(struct pipeline *r, const struct pipeline_opts *o, struct state **st, int *lockfd)
{
	char	*err = NULL;

	if ((*lockfd = state_lock(o->state, o->lock_timeout, &err)) == -1) {
		inert_warn("%s", err);
		free(err);
		return -1;
	}
	safe_sweep(o->state, notice, r);	/* under the lock: no run is writing it */
	if (o->reset_state)
		*st = xcalloc(1, sizeof **st);
	else if ((*st = state_load(o->state, &err)) == NULL) {
		inert_warn("%s", err);
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
	r->worker.src.cron = c;
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
		inert_warn("%s", err);
		free(err);
		return -1;
	}
	return 0;
}

int
pipeline_run(const struct db *db, const struct pipeline_opts *o, char **paths, int npaths,
    int *worst, int *fmt_status)
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
	*worst = *fmt_status = -1;
	r.quiet = o->quiet;
	r.worker.run = &r;
	r.worker.src.emit = pipeline_emit;
	r.worker.src.problem = problem;
	r.worker.src.notice = notice;
	r.worker.src.ctx = &r;
	if ((r.worker.src.scanner = scanner_new(db, &o->so, &err)) == NULL) {
		inert_warn("the rules' patterns do not compile: %s", err);
		free(err);
		goto out;
	}
	scanner_problems(r.worker.src.scanner, problem, &r);
	if (o->state != NULL && open_state(&r, o, &st, &lockfd) != 0)
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
	r.walk.fn = walk_input;
	r.walk.problem = walk_problem;
	r.worker.src.events = evxml_new(db, r.worker.src.scanner, &o->so);
	r.worker.src.json = evjson_new(db, r.worker.src.scanner, &o->so, r.worker.src.events);
	r.walk.ctx = &r;
	if (npaths == 0)
		walk_path(&r.walk, dash);
	for (i = 0; i < npaths; i++)
		walk_path(&r.walk, paths[i]);
	if (output_close(&out, report_write(r.report, f) == 0) != 0)
		r.errors++;
	else if (st != NULL && !o->dry_run && save_state(&r, st, o->state) != 0)
		r.errors++;
	*worst = report_worst(r.report);
	status = r.errors > 0 || (r.inputs == 0 && st == NULL) ? -1 : 0;
	*fmt_status = report_status(r.report, status != 0);
out:
	report_free(r.report);
	evjson_free(r.worker.src.json);
	evxml_free(r.worker.src.events);
	scanner_free(r.worker.src.scanner);
	state_free(st);
	if (lockfd != -1)
		close(lockfd);
	return status;
}

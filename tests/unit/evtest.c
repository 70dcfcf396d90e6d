/* evtest.c: the findings, errors and scratch file of the event readers' unit suites (evtest.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "evtest.h"
#include "evxml.h"
#include "readers.h"
#include "xalloc.h"

struct got		 got[MAX_F];
int			 ngot;
char			*errs[MAX_F];
int			 nerr, nnotice;
struct db		*db;
struct scanner		*scanner;
struct scan_opts	 opts;
char			 path[64];
int			 evtest_need_event;
void			*evtest_ctx;

static char *
dup0(const char *s, size_t n)
{
	return s != NULL ? xstrndup(s, n) : NULL;
}

static char *
dupz(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

void
on_finding(void *ctx, const struct finding *f)
{
	struct got	*g;

	ck_assert_ptr_eq(ctx, evtest_ctx);
	ck_assert_int_lt(ngot, MAX_F);
	g = &got[ngot++];
	memset(g, 0, sizeof *g);
	g->value = f->value;
	g->form = f->form;
	g->line = f->line;
	g->offset = f->offset;
	g->time = f->time;
	g->nsec = f->nsec;
	g->path = dupz(f->path);
	g->host = dupz(f->host);
	g->writer = dupz(f->writer);
	g->match = dup0(f->match, f->match_len);
	g->text = dup0(f->text, f->text_len);
	g->guidance = f->r.guidance ? xstrdup(f->r.guidance->id) : NULL;
	g->title = f->r.code && f->r.code->title ? xstrdup(f->r.code->title) : NULL;
	g->name = resolved_name(&f->r) != NULL ? xstrdup(resolved_name(&f->r)) : NULL;
	g->event_id = -2;
	if (evtest_need_event)
		ck_assert_ptr_nonnull(f->event);
	if (f->event != NULL) {
		g->event_id = f->event->event_id;
		g->record_id = f->event->record_id;
		g->level = f->event->level;
		g->provider = dupz(f->event->provider);
		g->computer = dupz(f->event->computer);
		g->channel = dupz(f->event->channel);
	}
}

void
on_error(void *ctx, const char *msg)
{
	(void)ctx;
	ck_assert_int_lt(nerr, MAX_F);
	errs[nerr++] = xstrdup(msg);
}

void
on_notice(void *ctx, const char *msg)
{
	(void)ctx;
	(void)msg;
	nnotice++;
}

void
evtest_clear(void)
{
	int	i;

	for (i = 0; i < ngot; i++) {
		free(got[i].path);
		free(got[i].host);
		free(got[i].provider);
		free(got[i].computer);
		free(got[i].channel);
		free(got[i].writer);
		free(got[i].match);
		free(got[i].text);
		free(got[i].guidance);
		free(got[i].title);
		free(got[i].name);
	}
	for (i = 0; i < nerr; i++)
		free(errs[i]);
	ngot = nerr = nnotice = 0;
}

void
evtest_start(int all_codes, const char *host, const char *name)
{
	const char	*dirs[] = { TEST_RULESDIR };
	char		*err = NULL;
	int		 fd;

	db = db_load(dirs, NULL, 1, &err);
	ck_assert_msg(db != NULL, "rules/ did not load:\n%s", err ? err : "");
	memset(&opts, 0, sizeof opts);
	opts.all_codes = all_codes;
	opts.host = host;
	scanner = scanner_new(db, &opts, &err);
	ck_assert_msg(scanner != NULL, "%s", err ? err : "");
	path[0] = '\0';
	if (name == NULL)
		return;
	snprintf(path, sizeof path, "/tmp/%s.XXXXXX", name);
	ck_assert_int_ge(fd = mkstemp(path), 0);
	close(fd);
}

void
evtest_stop(void)
{
	evtest_clear();
	scanner_free(scanner);
	db_free(db);
	if (path[0] != '\0')
		unlink(path);
}

struct input *
evtest_input(const char *text)
{
	struct input	*in;
	FILE		*f;
	char		*err = NULL;

	evtest_clear();
	ck_assert_ptr_nonnull(f = fopen(path, "w"));
	fputs(text, f);
	fclose(f);
	in = input_open(path, NULL, NULL, &err);
	ck_assert_msg(in != NULL, "%s", err ? err : "");
	return in;
}

int
evtest_main(Suite *s)
{
	SRunner	*sr = srunner_create(s);
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	readers_cleanup();	/* libxml2 leaves nothing for valgrind to report */
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

/* fmt-jsonl.c: the jsonl format: each finding as one JSON object on one line, as it is found. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "fmt.h"
#include "json-out.h"

/*
 * The head of a finding's line, from "code" to "path", depends on the code,
 * its resolution and the file only, and most logs repeat a few codes: the bytes
 * written for the last few heads are kept, each with the strings it was
 * written from, and a finding whose strings are the same (the same pointers,
 * and to be safe after a database is freed, the same text) gets them in one
 * copy.  Quoting these six strings was a third of the writer's cost (issue
 * 16).  A code may stand in either of two slots, so that two codes of a
 * log that hash alike do not push each other out at every finding (an
 * export of ten codes missed four times in ten with one way).  Per thread:
 * findings may be written from several.
 */
#define HEAD_SLOTS	32		/* a power of two; two ways for each hash */
#define HEAD_MAX	320		/* the bytes of a head kept, and of its strings */

enum { H_NAME, H_NS, H_TITLE, H_GUIDANCE, H_FORM, H_PATH, H_N };
/* The strings of static tables (db_ns_label, finding_form_name): the same address, the same text. */
#define H_STATIC	(1 << H_NS | 1 << H_FORM)

struct head {
	uint32_t	 value;
	int		 known, used;
	const char	*s[H_N];		/* the strings, as the finding gave them */
	unsigned short	 off[H_N];		/* their copies in text */
	unsigned short	 len;			/* the bytes written */
	char		 bytes[HEAD_MAX];
	char		 text[HEAD_MAX];
};

static __thread struct head	heads[HEAD_SLOTS];
static __thread unsigned char	head_victim[HEAD_SLOTS / 2];	/* the way to replace next */

/*
 * The quoting of the strings that repeat from finding to finding but not
 * with the code (kept in the head): host and writer of a log, an event's
 * provider, computer and channel.  Per thread, as the heads.
 */
enum { M_HOST, M_WRITER, M_METHOD, M_PROVIDER, M_COMPUTER, M_CHANNEL, M_N };
static __thread struct jw_memo	memos[M_N];

/* Is the head the one of value and strings v (pointers and text)? */
static int
head_is(const struct head *h, uint32_t value, int known, const char *const *v)
{
	int	i;

	if (!h->used || h->value != value || h->known != known)
		return 0;
	for (i = 0; i < H_N; i++) {
		if (h->s[i] != v[i] || (v[i] != NULL && (H_STATIC >> i & 1) == 0 &&
		    strcmp(v[i], h->text + h->off[i]) != 0))
			return 0;
	}
	return 1;
}

/* Keeps the head just written (buf[0..n)) with its strings, when they fit. */
static void
head_keep(struct head *h, uint32_t value, int known, const char *const *v, const char *buf,
    size_t n)
{
	size_t	at = 0, l;
	int	i;

	h->used = 0;
	if (n > sizeof h->bytes)
		return;
	for (i = 0; i < H_N; i++) {
		h->s[i] = v[i];
		h->off[i] = (unsigned short)at;
		if (v[i] == NULL)
			continue;
		if ((l = strlen(v[i]) + 1) > sizeof h->text - at)
			return;
		memcpy(h->text + at, v[i], l);
		at += l;
	}
	memcpy(h->bytes, buf, n);
	h->len = (unsigned short)n;
	h->value = value;
	h->known = known;
	h->used = 1;
}

/* Writes the head of a finding's object: "code" to the value of "path". */
static void
jsonl_head(struct jw *j, const struct finding *x)
{
	static const char	 hexd[] = "0123456789ABCDEF";
	const struct resolved	*r = &x->r;
	const char		*v[H_N];
	struct head		*h;
	char			 code[8];
	size_t			 start = j->len;
	unsigned		 pair;
	int			 i;

	v[H_NAME] = resolved_name(r);
	v[H_NS] = resolved_ns(r);
	v[H_TITLE] = r->code != NULL ? r->code->title : NULL;
	v[H_GUIDANCE] = r->guidance != NULL ? r->guidance->id : NULL;
	v[H_FORM] = finding_form_name(x->form);
	v[H_PATH] = x->path;
	pair = (x->value * 2654435761u) >> 28 & (HEAD_SLOTS / 2 - 1);
	for (i = 0; i < 2; i++) {
		h = &heads[2 * pair + i];
		if (head_is(h, x->value, r->known, v)) {
			jw_lit(j, h->bytes, h->len);
			return;
		}
	}
	h = &heads[2 * pair + head_victim[pair]];
	head_victim[pair] ^= 1;
	for (i = 0; i < 8; i++)
		code[i] = hexd[(x->value >> (28 - 4 * i)) & 0xF];
	JW_LIT(j, "{\"code\":\"0x");
	jw_lit(j, code, sizeof code);
	JW_LIT(j, "\",\"name\":");
	jw_vstr(j, v[H_NAME]);
	JW_LIT(j, ",\"namespace\":");
	jw_vstr(j, v[H_NS]);
	JW_LIT(j, ",\"title\":");
	jw_vstr(j, v[H_TITLE]);
	JW_LIT(j, ",\"guidance\":");
	jw_vstr(j, v[H_GUIDANCE]);
	if (r->known)
		JW_LIT(j, ",\"known\":true,\"form\":");
	else
		JW_LIT(j, ",\"known\":false,\"form\":");
	jw_vstr(j, v[H_FORM]);
	JW_LIT(j, ",\"path\":");
	jw_vstr(j, v[H_PATH]);
	if (start == 0 && j->len <= sizeof h->bytes)
		head_keep(h, x->value, r->known, v, j->buf, j->len);	/* all still in buf */
	else
		h->used = 0;
}

/*
 * A finding's keys are always the same and in the same order, so they go out
 * with their punctuation as literal pieces and only the values are quoted:
 * jw_key and the comma bookkeeping were a third of the writer's cost, and the
 * writer a quarter of a scan's with many findings (issue 16).  The bytes are
 * those of jw_kstr and friends; tests/unit/check_fast.c compares the two.
 */
static void
jsonl_finding(FILE *f, const struct finding *x)
{
	struct jw	j;

	jw_init(&j, f, 0);
	jsonl_head(&j, x);
	JW_LIT(&j, ",\"line\":");
	jw_vint(&j, (long long)x->line);
	JW_LIT(&j, ",\"offset\":");
	jw_vint(&j, (long long)x->offset);
	JW_LIT(&j, ",\"time\":");
	jw_vtime(&j, x->time, x->nsec);
	JW_LIT(&j, ",\"host\":");
	jw_vstr_memo(&j, &memos[M_HOST], x->host);
	JW_LIT(&j, ",\"writer\":");
	jw_vstr_memo(&j, &memos[M_WRITER], x->writer);
	JW_LIT(&j, ",\"method\":");
	jw_vstr_memo(&j, &memos[M_METHOD], x->method);
	JW_LIT(&j, ",\"match\":");
	jw_quote(&j, x->match, x->match_len);
	JW_LIT(&j, ",\"text\":");
	jw_quote(&j, x->text, x->text_len);
	if (x->event != NULL) {
		JW_LIT(&j, ",\"event_id\":");
		jw_vint(&j, x->event->event_id);
		JW_LIT(&j, ",\"provider\":");
		jw_vstr_memo(&j, &memos[M_PROVIDER], x->event->provider);
		JW_LIT(&j, ",\"record_id\":");
		if (x->event->record_id >= 0)
			jw_vint(&j, x->event->record_id);
		else
			JW_LIT(&j, "null");
		JW_LIT(&j, ",\"computer\":");
		jw_vstr_memo(&j, &memos[M_COMPUTER], x->event->computer);
		JW_LIT(&j, ",\"channel\":");
		jw_vstr_memo(&j, &memos[M_CHANNEL], x->event->channel);
		JW_LIT(&j, ",\"level\":");
		if (x->event->level >= 0)
			jw_vint(&j, x->event->level);
		else
			JW_LIT(&j, "null");
	}
	JW_LIT(&j, "}\n");
	jw_flush(&j);
}

const struct fmt	fmt_jsonl = {
	"jsonl", "a finding a line", FMT_STREAMS, NULL, jsonl_finding, NULL, NULL
};

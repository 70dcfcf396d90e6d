/* pipeline.c: the scan run: walks the paths, reads each input into findings, writes the report. */
#include "config.h"

#include <sys/mman.h>
#include <sys/stat.h>

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>		/* mallopt */
#endif

#include "cron.h"
#include "db.h"
#include "evjson.h"
#include "evxml.h"
#include "filter.h"
#include "inert.h"
#include "input.h"
#include "match.h"
#include "output.h"
#include "pipeline.h"
#include "safe-file.h"
#include "source.h"
#include "state.h"
#include "text.h"
#include "tstamp.h"
#include "walk.h"
#include "xalloc.h"

/*
 * Reading in parallel (-j N, N > 1).  The walker runs in the main thread and
 * queues each file, unopened, as a slot in walk order; up to N threads take
 * the slots in that order, each with readers of its own (a text scanner, an
 * event reader), and open and read the file.  All that reading an input
 * gives (its findings, its messages and errors, its line in the report's
 * list of inputs) is kept in its slot, and the main thread releases the
 * slots strictly in queue order: the messages to standard error (written
 * by inert_fwarn into the slot as inert_warn writes them), then the
 * findings through the filter into the report, then the input's record.  So
 * the report, in every format, and the messages (--quiet too) are those of
 * -j 1 byte for byte, whichever thread finishes first.  The walker's own messages (a
 * directory that cannot be read) become slots too, read from the start.
 * Findings pass in batches of BATCH: those of the first slot are released
 * while its file is still being read, so a large file's findings are not
 * all held, and reporting them overlaps reading.  At most SLOT_WINDOW slots
 * per thread wait, which bounds what inputs read ahead hold.  Each wake-up
 * of a thread costs far more than reading a small file, so the hand-over
 * goes by groups (doc/scan-jobs.md): the walker queues WAKE_AT files at a
 * time, a thread takes its share of the queue (up to TAKE_MAX) and marks
 * them read under one lock, and the release, once its window is full,
 * drains it by half, waiting for the last unread slot of those.  A large plain
 * text file is moreover read in pieces by several threads (struct
 * pipe_split below): its own thread reads from the start, the free threads
 * take over parts of what is left (piece_steal), and its slot's thread
 * merges their findings.
 *
 * The database and its patterns are shared and only read (match.c keeps the
 * match data each thread's own); each thread has readers of its own (a
 * scanner that compiles its own rules and counts the rules that gave up in
 * its input, an XML, an EVTX and a JSON event reader), none of which keeps
 * state outside itself: libxml2's error handlers are set per thread
 * (at each use, in the readers module), libevtx's file and json-c's
 * tokener are each reader's own.  Cron mode (--state) reads one input at a time: it follows each
 * log's offset and rotated copies in a state it updates as it reads, and
 * its runs read only what is new anyway.
 */
#define SLOT_WINDOW	128	/* slots waiting per thread, at most */
#define TAKE_MAX	8	/* files a thread takes from the queue at a time */
#define WAKE_AT		4	/* queued files that wake an idle thread */
#define RELEASE_EVERY	16	/* batches of the first slot that wake the release */
#define SPLIT_MIN	(32 * 1024 * 1024)	/* bytes of a piece of a file, at least */
#define RELEASE_SHARE	16	/* the reading is RELEASE_SHARE times the release's work */
#define SPLIT_MAX	64			/* pieces of a file, at most */
#define PIECE_NONE	SPLIT_MAX		/* no piece: after the last */
#define SLOT_BLOCK	(16 * 1024)	/* room for the strings of a slot's findings */
#define FIRST_BLOCK	2048		/* a list's first block: a small file's few strings */
#define PIECE_MAP	(2 * 1024 * 1024)	/* a later piece's batch: one huge page */
#define BATCH		64		/* findings handed over at a time */
#define FIRST_BATCH	4		/* a slot's first batch: most files give one or two */
#define REPORT_BUF	(256 * 1024)	/* a report file's stdio buffer */
#define SPARE_MAX	256		/* released batches and blocks kept for reuse, each */
#define SPARE_MAPS	4		/* released mappings of a later piece kept, at most */
#define SPARE_SNAPS	4		/* released blocks of snapshots of a file kept, at most */
#define SNAP_BLOCK	(256 * 1024)	/* bytes of a block of snapshots: some 180 */
#define SNAP_DENSE	64		/* a piece's first cuts with a snapshot each */
#define SNAP_EVERY	16		/* then a snapshot at every SNAP_EVERY-th cut */

struct pipeline;
struct pipe_split;

/* Memory for the strings of findings and records: blocks that never move. */
struct pipe_block {
	struct pipe_block	*next;
	size_t			 len, cap;
	int			 mapped;	/* in its batch's mapping: not freed alone */
	_Alignas(max_align_t) char data[];	/* block_alloc aligns from here */
};

/*
 * Findings of a slot, with their strings, handed to the release together.
 * A mapped batch (a later piece's) keeps them as records of held_put, n of
 * them in its first used bytes of finds, cap bytes of room: see held_put.
 */
struct pipe_batch {
	struct pipe_batch	*next;
	struct pipe_block	*blocks;
	size_t			 n, cap;
	size_t			 used;		/* mapped: the bytes of its records */
	size_t			 mapped;	/* the size of its mapping, or 0: malloc'd */
	struct finding		 finds[];
};

/*
 * A later piece's findings wait, all of them, until the piece before has
 * been read: tens of thousands for a large log, in memory its thread fills
 * for the first time, which is dear on this virtual machine (a 2 MiB
 * mapping took 7 to 11 ms to fill, strace -T).  A finding is 584 bytes, 450
 * of them its resolution, which most findings of a log share with many
 * others (a log repeats a few codes).  So a mapped batch keeps each finding
 * as a record of HELD_REC bytes: the finding up to its resolution, then a
 * pointer to the resolution, kept once in the batch's strings for the
 * findings of the batch that share it (held_res) in a packed form: the three
 * counts, then the resolution without the unused ends of its lists, 8-byte
 * aligned.  held_get gives the finding back.  With the resolution inline a
 * record was some 200 bytes: -j 2 on the bench's 1 GiB log mapped 13 blocks
 * of 2 MiB in all, now 9.
 */
#define HELD_HEAD	offsetof(struct finding, r)
#define HELD_COUNTS	16	/* three ints, aligned */
#define HELD_ALIGN(n)	(((n) + 7) & ~(size_t)7)
#define HELD_REC	HELD_ALIGN(HELD_HEAD + sizeof(void *))
#define HELD_RES_WAYS	8	/* a worker's packed resolutions of its batch, by hash */

static int
held_count(int n)
{
	return n < 0 ? 0 : n > RESOLVE_MAX_NAMES ? RESOLVE_MAX_NAMES : n;
}

/* The size of r packed, and its counts and spans in nn, from and to. */
static size_t
res_parts(const struct resolved *r, int nn[3], size_t from[4], size_t to[4])
{
	size_t	len = HELD_COUNTS;
	int	i;

	nn[0] = held_count(r->nnames);
	nn[1] = held_count(r->nwin32);
	nn[2] = held_count(r->nnt);
	resolved_parts(nn, from, to);
	for (i = 0; i < 4; i++)
		len += to[i] - from[i];
	return HELD_ALIGN(len);
}

/* Packs r at at (8-byte aligned, of the size res_parts gives). */
static void
res_pack(unsigned char *at, const struct resolved *r)
{
	size_t	from[4], to[4], len = HELD_COUNTS;
	int	nn[3], i;

	(void)res_parts(r, nn, from, to);
	memcpy(at, nn, sizeof nn);
	for (i = 0; i < 4; i++) {
		memcpy(at + len, (const unsigned char *)r + from[i], to[i] - from[i]);
		len += to[i] - from[i];
	}
}

/* Unpacks the resolution at at into r: its parts in use. */
static void
res_unpack(const unsigned char *at, struct resolved *r)
{
	size_t	from[4], to[4], len = HELD_COUNTS;
	int	nn[3], i;

	memcpy(nn, at, sizeof nn);
	resolved_parts(nn, from, to);
	for (i = 0; i < 4; i++) {
		memcpy((unsigned char *)r + from[i], at + len, to[i] - from[i]);
		len += to[i] - from[i];
	}
}

/* Writes the record of f (its head) with its packed resolution res at at (8-byte aligned). */
static void
held_put(unsigned char *at, const struct finding *f, const unsigned char *res)
{
	memcpy(at, f, HELD_HEAD);
	memcpy(at + HELD_HEAD, &res, sizeof res);
}

/* Reads the record at at into f. */
static void
held_get(const unsigned char *at, struct finding *f)
{
	const unsigned char	*res;

	memcpy(f, at, HELD_HEAD);
	memcpy(&res, at + HELD_HEAD, sizeof res);
	res_unpack(res, &f->r);
}

/* Released batches, or blocks, of one size, in the order they came. */
struct spare_batches {
	struct pipe_batch	*head, *tail;
	size_t			 n;
};

struct spare_blocks {
	struct pipe_block	*head, *tail;
	size_t			 n;
};

/*
 * Batches and blocks of released slots, kept to be filled again.  With -j
 * a thread allocates the memory of its slots' findings and the main thread
 * frees it: malloc then never finds it in the thread's cache, and the
 * thread's arena grows and is faulted in page by page (some 60 ms of the
 * CPU -j 2 spent over -j 1 on 20,000 small files).  So the release hands
 * what it freed back to the pool, and a thread takes it from there with the
 * files it takes, all under the locks they take anyway.
 *
 * Malloc'd batches and blocks come in two sizes each: a slot's first batch
 * and a list's first block are small ([0]: FIRST_BATCH findings, FIRST_BLOCK
 * bytes), the later ones large ([1]: BATCH, SLOT_BLOCK).  A small file gives
 * a finding or two; had each of its slots a batch and a block of the large
 * sizes, the slots in flight would touch some 50 KiB each, and memory touched
 * for the first time costs a page fault every 4 KiB.
 */
struct pipe_spare {
	struct spare_batches	 batches[2];
	struct spare_blocks	 blocks[2];
	struct pipe_batch	*maps;			/* mapped, of PIECE_MAP bytes */
	size_t			 nmaps;
};

/* Pushes x at the end of list l, takes the first off, or moves list from to the end of to. */
#define SPARE_LIST_FNS(name, list, type)					\
static void								\
name##_push(struct list *l, type *x)					\
{									\
	x->next = NULL;							\
	if (l->tail != NULL)						\
		l->tail->next = x;					\
	else								\
		l->head = x;						\
	l->tail = x;							\
	l->n++;								\
}									\
									\
static type *								\
name##_pop(struct list *l)						\
{									\
	type	*x = l->head;						\
									\
	if (x != NULL) {						\
		if ((l->head = x->next) == NULL)			\
			l->tail = NULL;					\
		l->n--;							\
	}								\
	return x;							\
}									\
									\
static void								\
name##_join(struct list *to, struct list *from)				\
{									\
	if (from->head == NULL)						\
		return;							\
	if (to->tail != NULL)						\
		to->tail->next = from->head;				\
	else								\
		to->head = from->head;					\
	to->tail = from->tail;						\
	to->n += from->n;						\
	from->head = from->tail = NULL;					\
	from->n = 0;							\
}
SPARE_LIST_FNS(sbatch, spare_batches, struct pipe_batch)
SPARE_LIST_FNS(sblock, spare_blocks, struct pipe_block)

/* One file of the walk, or a message of the walker, waiting to be released. */
struct pipe_slot {
	struct pipe_slot	*next;
	char			*path;
	int			 explicit;
	int			 job;		/* a file to read; else only the walker's message */
	int			 done;		/* read: it may be released (under the lock) */
	int			 held;		/* a later piece's: its findings wait for long */
	struct pipe_split	*split;		/* and its file's, told of each batch */
	struct pipe_batch	*batches, *last;	/* full ones, to release (under the lock) */
	size_t			 npub;		/* on that list (under the lock) */
	struct pipe_batch	*filling;	/* the reading thread's */
	struct pipe_block	*blocks;	/* the strings of the records */
	FILE			*msgf;		/* the messages, made at the first */
	char			*msgs;		/* msgf's text, for standard error */
	size_t			 msglen;
	int			 errors;
	size_t			 nfound;	/* findings kept */
	int			 inputs;	/* inputs read (for "no input at all") */
	struct report_input	 ri1;		/* the first record of report_input */
	char			 kind1[48];	/* its kind, where it fits */
	struct report_input	*ri;		/* the others */
	size_t			 nri;		/* records in all */
};

/*
 * The resolutions a worker packed last in the mapped batch it fills (see
 * held_res), by a hash of the value: valid while the batch is the one of gen.
 */
struct held_rcache {
	unsigned long		 gen;		/* the worker's batch when kept */
	const unsigned char	*packed;	/* in that batch's strings */
	struct resolved		 r;
};

/*
 * The work on inputs: the readers and the run the findings go to.  The main
 * thread's worker hands everything to the run at once; a -j thread's keeps
 * it in the slot it reads.
 */
struct pipe_worker {
	struct source_ctx	 src;	/* the readers; findings and problems go to the worker */
	struct held_rcache	 hrc[HELD_RES_WAYS];
	unsigned long		 hgen;	/* counts the mapped batches it began */
	struct pipeline		*run;
	struct pipe_slot	*slot;	/* where what is read is kept; NULL: straight to the run */
	struct walk		 walk;	/* a -j thread's: opens the files it reads */
	struct pipe_spare	 spare;	/* a -j thread's: memory for its slots' findings */
	struct scanner		*thief;	/* for half a piece while its own holds the first piece */
	int			 errors;	/* problems met in all */
	pthread_t		 thread;
};

/* One input as the walker hands it over: a job of a worker. */
struct pipe_job {
	const char		*path;
	struct input		*in;
	const struct source	*source;	/* its format */
};

/* The threads of -j and the slots between the walker, them and the release. */
struct pipe_pool {
	pthread_mutex_t		 lock;
	pthread_cond_t		 work;		/* a slot to read, or the end */
	pthread_cond_t		 done;		/* a slot read */
	struct pipe_slot	*head, *tail;	/* not yet released, in walk order */
	struct pipe_slot	*next;		/* the first file no thread has taken */
	size_t			 nslots;
	size_t			 queued;	/* files no thread has taken */
	int			 idle;		/* threads waiting for work */
	struct pipe_slot	*rwait;		/* the release waits for it to be read */
	struct pipe_slot	*pend, *pend_tail;	/* the walker's, not yet queued */
	size_t			 npend, npend_jobs;
	int			 end;		/* the walk is over */
	struct pipe_worker	*workers;
	int			 nworkers, maxworkers;	/* started; -j */
	struct pipe_piece	*pieces;	/* pieces of files no thread has taken */
	struct pipe_spare	 spare;		/* released memory, for the threads */
	struct pipe_spare	 back;		/* the release's, not yet handed back */
	int			 reading;	/* files being read: they may yet queue pieces */
	uint64_t		 split_min;	/* SPLIT_MIN, or VSSEXPLAIN_SPLIT_MIN for tests */
	const char		*split_log;	/* VSSEXPLAIN_SPLIT_LOG: how files were split, for tests */
	int			 split_wait;	/* VSSEXPLAIN_SPLIT_WAIT: every piece is read, for tests */
	size_t			 snap_per;	/* snapshots in a block (VSSEXPLAIN_SPLIT_SNAPS for tests) */
	size_t			 snap_dense;	/* a piece's first cuts with a snapshot each (SNAP_DENSE) */
	size_t			 snap_every;	/* then one at every snap_every-th (SNAP_EVERY) */
	struct pipe_split	*splits;	/* files being read in pieces: work for a free thread */
	int			 steal;		/* may a free thread take over part of a piece? */
	uint64_t		 steal_min;	/* what must be left of it, at least */
	int			 split_slow;	/* VSSEXPLAIN_SPLIT_SLOW: this piece lags, for tests */
};

/*
 * One large plain text file read in pieces by several threads (see
 * doc/scan-jobs.md).  Piece 0 is read by the thread that took the file,
 * from its start, as -j 1 reads it; piece k from a refill cut near k/n of
 * the file, with an empty state.  Each piece past the first takes a
 * snapshot of its scanner's state at every cut; the piece before it
 * compares its own state with that one's at each cut past its start, and at
 * the first where they are the same (scanner_snap_same) it stops: from
 * there on the later piece gives the findings it would have given.  The
 * later piece's findings before that cut are dropped, its lines are
 * renumbered by the difference there.  A piece no thread has taken when
 * the one before reaches its start is not read at all; a piece that never
 * agrees only costs time, since the one before reads on through it.  A
 * thread that has ended its piece while another has much left takes over
 * the second half of that one's rest (piece_steal): a new piece, after it
 * in the file (after), which it stops at as at any other.
 */
enum { PIECE_QUEUED, PIECE_RUNNING, PIECE_CANCELLED, PIECE_DONE };

/* Snapshots of a piece, SNAP_BLOCK bytes of them at a time. */
struct snap_block {
	unsigned char		*p;
};

struct pipe_piece {
	struct pipe_split	*sp;
	struct pipe_piece	*qnext;		/* in the pool's queue */
	int			 k;
	uint64_t		 start;		/* the cut it starts on */
	int			 state;		/* PIECE_*, under the pool's lock */
	struct snap_block	*snaps;		/* its state at each cut (k > 0), under the lock */
	size_t			 nsnaps, nblocks;
	size_t			 ncuts;		/* the cuts it has passed (k > 0) */
	size_t			 taken;		/* and the snapshots it took */
	uint64_t		 ahead;		/* taken over this far ahead of where */
	int			 victim;	/* this piece read (else -1: cut at the start) */
	struct scan_snap	*cur;		/* its state at the current cut */
	int			 after;		/* the piece after it in the file, or PIECE_NONE */
	int			 succ;		/* the later piece it is compared with (after, or
						   one further on once that one is passed) */
	size_t			 si;		/* and where in that one's snapshots */
	uint64_t		 at;		/* the last cut it reached (under the lock) */
	struct give		*giver;		/* its thread hands on another piece's findings */
	int			 stopped;	/* it stopped in the state of piece stop_succ */
	int			 stop_succ;
	size_t			 stop_snap;	/* at that one's snapshot */
	uint64_t		 stop_line;	/* its own line number there */
	uint64_t		 lines;		/* read to the end: the lines it counted */
	uint64_t		 end;		/* where it read to */
	int			 err;		/* errno of a read error */
	struct pipe_slot	*slot;		/* a later piece's findings */
	struct scan_note	*notes;		/* and its rules that gave up */
	size_t			 nnotes;
};

struct pipe_split {
	struct pipe_pool	*pool;		/* its lock guards the pieces' states and snapshots */
	struct pipe_split	*next;		/* in the pool's list */
	const char		*path;
	int			 fd;
	uint64_t		 size;
	int			 n;
	int			 thieves;	/* threads looking for a piece to take half of */
	pthread_cond_t		 moved;		/* a piece took a snapshot, handed on findings, or ended */
	int			 snapwait;	/* threads waiting for a snapshot (under the lock) */
	int			 givewait;	/* threads waiting for a piece's findings (idem) */
	struct snap_block	 spare[SPARE_SNAPS];	/* blocks of snapshots no piece needs */
	int			 nspare;
	struct pipe_piece	 piece[SPLIT_MAX];
};

#define SNAP(pc, i)	((const struct scan_snap *)((pc)->snaps[(i) / (pc)->sp->pool->snap_per].p + \
			    (i) % (pc)->sp->pool->snap_per * scanner_snap_size()))

/* The run: what the findings of every input go into. */
struct pipeline {
	struct pipe_worker	 worker;	/* the main thread's */
	struct report		*report;
	struct filter		*filter;
	const struct db		*db;
	const struct scan_opts	*so;
	struct walk		 walk;
	struct cron		 cron_mode;
	struct cron		*cron;		/* &cron_mode with --state */
	struct pipe_pool	 pool;		/* with -j > 1 */
	int			 errors;	/* problems that make the exit status 2 */
	int			 inputs;	/* inputs read */
	int			 quiet;		/* --quiet: notices are not printed */
};

static int	pipeline_split(struct pipe_worker *, const struct pipe_job *,
		    struct report_input *);
static void	piece_run(struct pipe_worker *, struct pipe_piece *, struct scanner *);
static void	give_some(struct give *);
static int	steal_any(struct pipe_worker *);
static struct pipe_slot *slot_new(const char *, int, int);

/* Takes a finding: drops events read by an earlier run, then filters it into the report. */
static void
pipeline_emit(struct pipeline *r, const struct finding *f)
{
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

/* Which of spare's lists keeps a block of cap bytes, or -1. */
static int
block_class(size_t cap)
{
	return cap == FIRST_BLOCK ? 0 : cap == SLOT_BLOCK ? 1 : -1;
}

/*
 * Room for n bytes aligned to align in a list of blocks; a new block from
 * spare if it has one.  A list's first block is small (struct pipe_spare).
 */
static void *
block_alloc(struct pipe_block **list, struct pipe_spare *spare, size_t n, size_t align)
{
	struct pipe_block	*b = *list;
	size_t			 at = 0, cap;
	int			 k;

	if (b != NULL)
		at = (b->len + align - 1) & ~(align - 1);
	if (b == NULL || at > b->cap || b->cap - at < n) {
		cap = b == NULL ? FIRST_BLOCK : SLOT_BLOCK;
		cap = n > cap ? n : cap;
		if ((k = block_class(cap)) < 0 || spare == NULL ||
		    (b = sblock_pop(&spare->blocks[k])) == NULL)
			b = xmalloc(sizeof *b + cap);
		b->next = *list;
		b->cap = cap;
		b->mapped = 0;
		*list = b;
		at = 0;
	}
	b->len = at + n;
	return b->data + at;
}

/* A copy of p[0..n) and a NUL in the blocks, or NULL for NULL. */
static const char *
block_strn(struct pipe_block **list, struct pipe_spare *spare, const char *p, size_t n)
{
	char	*d;

	if (p == NULL)
		return NULL;
	d = block_alloc(list, spare, n + 1, 1);
	if (n > 0)
		memcpy(d, p, n);
	d[n] = '\0';
	return d;
}

static const char *
block_str(struct pipe_block **list, struct pipe_spare *spare, const char *p)
{
	return p != NULL ? block_strn(list, spare, p, strlen(p)) : NULL;
}

/* Frees a list of blocks, or keeps those of the common size in spare (if not NULL). */
static void
blocks_free(struct pipe_block *b, struct pipe_spare *spare)
{
	struct pipe_block	*nb;
	int			 k;

	for (; b != NULL; b = nb) {
		nb = b->next;
		if (b->mapped)
			continue;	/* in its batch's mapping */
		if (spare != NULL && (k = block_class(b->cap)) >= 0 &&
		    spare->blocks[k].n < SPARE_MAX)
			sblock_push(&spare->blocks[k], b);
		else
			free(b);
	}
}

/* Which of spare's lists keeps a malloc'd batch of cap findings, or -1. */
static int
batch_class(size_t cap)
{
	return cap == FIRST_BATCH ? 0 : cap == BATCH ? 1 : -1;
}

/* Frees a list of batches, or keeps the malloc'd ones and their blocks in spare. */
static void
batches_free(struct pipe_batch *b, struct pipe_spare *spare)
{
	struct pipe_batch	*nb;
	int			 k;

	for (; b != NULL; b = nb) {
		nb = b->next;
		blocks_free(b->blocks, spare);
		if (b->mapped && spare != NULL && spare->nmaps < SPARE_MAPS) {
			b->next = spare->maps;	/* its own block is made anew when it is taken */
			b->blocks = NULL;
			spare->maps = b;
			spare->nmaps++;
		} else if (b->mapped)
			(void)munmap(b, b->mapped);
		else if (spare != NULL && (k = batch_class(b->cap)) >= 0 &&
		    spare->batches[k].n < SPARE_MAX) {
			b->blocks = NULL;	/* they went to spare on their own */
			sbatch_push(&spare->batches[k], b);
		} else
			free(b);
	}
}

/* Moves the mappings from holds to to: only the threads reading a later piece use them. */
static void
spare_move_maps(struct pipe_spare *to, struct pipe_spare *from)
{
	struct pipe_batch	*b;

	while ((b = from->maps) != NULL) {
		from->maps = b->next;
		from->nmaps--;
		b->next = to->maps;
		to->maps = b;
		to->nmaps++;
	}
}

/*
 * Moves the batches and blocks from holds to the end of to, each size of
 * them where to holds fewer than below.
 */
static void
spare_move(struct pipe_spare *to, struct pipe_spare *from, size_t below)
{
	int	k;

	for (k = 0; k < 2; k++) {
		if (to->batches[k].n < below)
			sbatch_join(&to->batches[k], &from->batches[k]);
		if (to->blocks[k].n < below)
			sblock_join(&to->blocks[k], &from->blocks[k]);
	}
}

/* Frees what spare holds. */
static void
spare_free(struct pipe_spare *spare)
{
	int	k;

	for (k = 0; k < 2; k++) {
		batches_free(spare->batches[k].head, NULL);
		blocks_free(spare->blocks[k].head, NULL);
	}
	batches_free(spare->maps, NULL);
	memset(spare, 0, sizeof *spare);
}

/*
 * PIECE_MAP bytes mapped and filled at once, as one huge page where the
 * kernel gives them; NULL if they cannot be mapped.  Memory a thread fills
 * for the first time costs a page fault every 4 KiB, some 20 us each on
 * this virtual machine.
 */
static void *
map_filled(void)
{
	void	*m;

	if ((m = mmap(NULL, PIECE_MAP, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
	    -1, 0)) == MAP_FAILED)
		return NULL;
#ifdef MADV_HUGEPAGE
	(void)madvise(m, PIECE_MAP, MADV_HUGEPAGE);
#endif
#ifdef MADV_POPULATE_WRITE
	(void)madvise(m, PIECE_MAP, MADV_POPULATE_WRITE);
#endif
	return m;
}

/*
 * A batch for slot s.  A later piece's findings wait until the piece before
 * it has been read: tens of megabytes of them for a large log.  Taken from
 * malloc, each of their pages would be touched first there, one page fault
 * each: some 11,000 on a 1 GiB log, in the thread that reads the later
 * piece, a fifth of the CPU -j 2 spent over -j 1 where a fault costs some
 * 20 µs (a virtual machine).  Such a batch is a mapping of its own, one huge
 * page where the kernel gives them, filled in one go where it can, with
 * room for its findings' strings; one that cannot be mapped is malloc'd.
 */
static struct pipe_batch *
batch_new(const struct pipe_slot *s, struct pipe_spare *spare)
{
	struct pipe_batch	*b = NULL;
	struct pipe_block	*blk;
	size_t			 at, cap;
	void			*m;
	int			 k;

	if (s->held && spare != NULL && (b = spare->maps) != NULL) {
		/* one the release is done with: no mapping, no page to clear again */
		spare->maps = b->next;
		spare->nmaps--;
	} else if (s->held && (m = map_filled()) != NULL) {
		b = m;
		b->mapped = PIECE_MAP;
	}
	if (b != NULL) {
		/*
		 * Nine sixteenths of the mapping for the findings' records
		 * (HELD_REC, 128 bytes), the rest for their strings: a log
		 * line's are some 100 (more go to a block of their own), and
		 * the few resolutions they share.  Each part should fill about
		 * when the other does: memory filled and left unused is dear
		 * here (three quarters for the records, when a record held its
		 * resolution, left four fifths of the strings' part untouched).
		 */
		cap = PIECE_MAP / 16 * 9 - sizeof *b;
		at = sizeof *b + cap;
		at = (at + _Alignof(max_align_t) - 1) & ~(_Alignof(max_align_t) - 1);
		blk = (struct pipe_block *)((char *)b + at);
		blk->next = NULL;
		blk->len = 0;
		blk->cap = PIECE_MAP - at - sizeof *blk;
		blk->mapped = 1;
		b->blocks = blk;
	} else {
		/* a slot's first batch is small (struct pipe_spare) */
		cap = s->nfound == 0 ? FIRST_BATCH : BATCH;
		k = batch_class(cap);
		if (spare == NULL || (b = sbatch_pop(&spare->batches[k])) == NULL)
			b = xmalloc(sizeof *b + cap * sizeof b->finds[0]);
		b->mapped = 0;
		b->blocks = NULL;
	}
	b->next = NULL;
	b->n = b->used = 0;
	b->cap = cap;
	return b;
}

/* Puts the batch being filled on the slot's list for the release; the caller holds the lock. */
static void
slot_publish(struct pipe_slot *s)
{
	if (s->filling == NULL)
		return;
	if (s->last != NULL)
		s->last->next = s->filling;
	else
		s->batches = s->filling;
	s->last = s->filling;
	s->filling = NULL;
	s->npub++;
}

/*
 * The packed resolution r in mapped batch b, which w fills: the one kept
 * there for an earlier finding that has the same, else a new one in b's
 * strings.  A batch of a log's findings holds a few.
 */
static const unsigned char *
held_res(struct pipe_worker *w, struct pipe_batch *b, const struct resolved *r)
{
	struct held_rcache	*c;
	unsigned char		*at;
	int			 nn[3];
	size_t			 from[4], to[4], n;

	c = &w->hrc[((r->value * 2654435761u) >> 29) & (HELD_RES_WAYS - 1)];
	if (c->gen == w->hgen && c->packed != NULL && resolved_same(&c->r, r))
		return c->packed;
	n = res_parts(r, nn, from, to);
	at = block_alloc(&b->blocks, &w->spare, n, 8);
	res_pack(at, r);
	c->gen = w->hgen;
	c->packed = at;
	resolved_copy(&c->r, r);
	return at;
}

/* Keeps a finding, and the strings its callback only lends, for the release. */
static void
slot_finding(struct pipe_worker *w, const struct finding *f)
{
	struct pipe_pool	*p = &w->run->pool;
	struct pipe_spare	*sp = &w->spare;
	struct pipe_slot	*s = w->slot;
	struct pipe_batch	*b = s->filling;
	struct finding		*h, held;
	struct finding_event	*ev;

	if (b == NULL) {
		b = s->filling = batch_new(s, sp);
		w->hgen++;	/* what held_res kept was in another batch */
	}
	if (b->mapped) {
		h = &held;
		memcpy(h, f, HELD_HEAD);	/* the resolution goes by held_res */
	} else {
		h = &b->finds[b->n];
		*h = *f;
	}
	b->n++;
	s->nfound++;
	h->path = strcmp(f->path, s->path) == 0 ? s->path :
	    block_str(&b->blocks, sp, f->path);
	h->match = block_strn(&b->blocks, sp, f->match, f->match_len);
	h->text = block_strn(&b->blocks, sp, f->text, f->text_len);
	h->host = block_str(&b->blocks, sp, f->host);
	h->writer = block_str(&b->blocks, sp, f->writer);
	h->method = block_str(&b->blocks, sp, f->method);
	if (f->event != NULL) {
		ev = block_alloc(&b->blocks, sp, sizeof *ev, _Alignof(struct finding_event));
		*ev = *f->event;
		ev->provider = block_str(&b->blocks, sp, f->event->provider);
		ev->channel = block_str(&b->blocks, sp, f->event->channel);
		ev->computer = block_str(&b->blocks, sp, f->event->computer);
		h->event = ev;
	}
	if (b->mapped) {
		held_put((unsigned char *)b->finds + b->used, h, held_res(w, b, &f->r));
		b->used += HELD_REC;
	}
	if (b->mapped ? b->cap - b->used < HELD_REC : b->n == b->cap) {
		pthread_mutex_lock(&p->lock);
		slot_publish(s);
		if (s->split != NULL && s->split->givewait > 0)
			pthread_cond_broadcast(&s->split->moved);	/* piece_give takes them */
		/* a large file's thread takes what the release freed here */
		spare_move(sp, &p->spare, 1);
		if (s->held && sp->maps == NULL)
			spare_move_maps(sp, &p->spare);
		/* the release waits: wake it for a few batches, not for each */
		if (p->rwait != NULL && s == p->head && s->npub >= RELEASE_EVERY)
			pthread_cond_signal(&p->done);
		pthread_mutex_unlock(&p->lock);
	}
}

/* Frees a slot; the memory of its findings goes to spare, if not NULL. */
static void
slot_free(struct pipe_slot *s, struct pipe_spare *spare)
{
	batches_free(s->batches, spare);
	batches_free(s->filling, spare);
	blocks_free(s->blocks, spare);
	if (s->msgf != NULL)
		fclose(s->msgf);
	free(s->msgs);
	free(s->ri);
	free(s->path);
	free(s);
}

/* Takes a finding of the worker's input. */
static void
worker_emit(void *ctx, const struct finding *f)
{
	struct pipe_worker	*w = ctx;

	if (w->slot != NULL)
		slot_finding(w, f);
	else
		pipeline_emit(w->run, f);
}

/*
 * Says "vssexplain: MESSAGE" as inert_warn does, or keeps it so in the
 * worker's slot; error: it counts.
 */
static void __attribute__((format(printf, 3, 4)))
worker_say(struct pipe_worker *w, int error, const char *fmt, ...)
{
	struct pipe_slot	*s = w->slot;
	va_list			 ap;
	char			*msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	w->errors += error;
	if (s == NULL) {
		inert_warn("%s", msg);
		w->run->errors += error;
	} else {
		if (s->msgf == NULL &&
		    (s->msgf = open_memstream(&s->msgs, &s->msglen)) == NULL)
			abort();
		inert_fwarn(s->msgf, "%s", msg);
		s->errors += error;
	}
	free(msg);
}

/* Says what is worth knowing but no error, unless --quiet. */
static void
notice(void *ctx, const char *msg)
{
	struct pipe_worker	*w = ctx;

	if (!w->run->quiet)
		worker_say(w, 0, "notice: %s", msg);
}

/* Reports damage in an input; the exit status says it happened. */
static void
problem(void *ctx, const char *msg)
{
	worker_say(ctx, 1, "%s", msg);
}

/* Records what was read of an input, or keeps the record in the slot. */
static void
worker_record(struct pipe_worker *w, const struct report_input *ri)
{
	struct pipe_slot	*s = w->slot;
	struct report_input	*x;

	if (s == NULL) {
		report_input(w->run->report, ri);
		return;
	}
	if (s->nri == 0)
		x = &s->ri1;	/* the one a file gives: no memory of its own */
	else {
		s->ri = xreallocarray(s->ri, s->nri, sizeof *s->ri);
		x = &s->ri[s->nri - 1];
	}
	*x = *ri;
	x->path = ri->path == NULL ? NULL : strcmp(ri->path, s->path) == 0 ? s->path :
	    block_str(&s->blocks, &w->spare, ri->path);
	if (x == &s->ri1 && ri->kind != NULL && strlen(ri->kind) < sizeof s->kind1)
		x->kind = strcpy(s->kind1, ri->kind);
	else
		x->kind = block_str(&s->blocks, &w->spare, ri->kind);
	s->nri++;
}

/* Reads one input into findings by its format and records what was read. */
static void
pipeline_input(struct pipe_worker *w, const struct pipe_job *job)
{
	struct report_input	 ri;
	int			 before = w->errors;

	memset(&ri, 0, sizeof ri);
	ri.path = job->path;
	if (pipeline_split(w, job, &ri) != 0)
		job->source->scan(&w->src, job->in, job->path, &ri);
	scanner_input_end(w->src.scanner);
	ri.bytes = input_raw_bytes(job->in);
	ri.errors = w->errors - before;
	if (strcmp(job->source->name, "text") == 0 && ri.errors == 0 &&
	    input_failed(job->in))
		ri.errors = 1;	/* reported while its format was sniffed */
	worker_record(w, &ri);
}

/* Records an input that could not be read at all. */
static void
record_failed(struct pipe_worker *w, const char *path)
{
	struct report_input	 ri;

	memset(&ri, 0, sizeof ri);
	ri.path = path;
	ri.kind = "unreadable";
	ri.errors = 1;
	worker_record(w, &ri);
}

/* Takes an opened input from the walker: picks its format, or says why it is skipped. */
static void
walk_input(void *ctx, const char *path, struct input *in, int explicit)
{
	struct pipe_worker	*w = ctx;
	struct pipe_job		 job;
	const char		*why = NULL;
	char			*log;
	int			 gone;

	job.path = path;
	job.in = in;
	/*
	 * Cron mode: a rotated copy of a log beside it (-r over a directory
	 * that logrotate rotates) is read through its log, which follows it
	 * from where the last run stopped; read as a log of its own it was
	 * read whole again at each rotation, and its lines reported twice.
	 */
	if (w->run->cron != NULL && (log = cron_copy_of(w->run->cron, path, &gone)) != NULL) {
		if (explicit && !w->run->quiet)
			worker_say(w, 0, gone ? "%s: a rotated copy of %s, which is gone: read "
			    "as its rest" : "%s: a rotated copy of %s, read through it when that "
			    "log is read", path, log);
		/* a log gone since the last run: what it had not given, through its copies */
		if (gone)
			cron_missing(w->run->cron, w->src.scanner, log, worker_emit, w);
		free(log);
		return;
	}
	if (source_misnamed(path, in, &why)) {	/* named .evtx, but no event log inside */
		worker_say(w, 1, "%s: %s", path, why);
		record_failed(w, path);
		return;
	}
	if ((job.source = source_pick(in, explicit, &why)) == NULL) {
		if (explicit || !w->run->quiet)
			worker_say(w, explicit, "%s: skipped: %s", path, why);
		if (explicit)
			record_failed(w, path);
		return;
	}
	if (w->slot != NULL)
		w->slot->inputs++;
	else
		w->run->inputs++;
	pipeline_input(w, &job);
}

/* Prints what the walker met; errors count, unreadable paths are recorded. */
static void
walk_problem(void *ctx, enum walk_problem how, const char *path, const char *msg)
{
	struct pipe_worker	*w = ctx;

	if (how != WALK_SKIPPED || !w->run->quiet)
		worker_say(w, how != WALK_SKIPPED, "%s", msg);
	if (how == WALK_FAILED)
		record_failed(w, path);
}

static void
walk_missing(void *ctx, const char *path)
{
	struct pipe_worker	*w = ctx;

	cron_missing(w->run->cron, w->src.scanner, path, worker_emit, w);
}

/* Gives a worker its readers; -1 after a message. */
static int
worker_init(struct pipe_worker *w, struct pipeline *r)
{
	char	*err = NULL;

	memset(w, 0, sizeof *w);
	w->run = r;
	w->src.emit = worker_emit;
	w->src.problem = problem;
	w->src.notice = notice;
	w->src.ctx = w;
	if ((w->src.scanner = scanner_new(r->db, r->so, &err)) == NULL) {
		inert_warn("the rules' patterns do not compile: %s", err);
		free(err);
		return -1;
	}
	/* a rule that gave up is told in the input's messages, as any problem */
	scanner_problems(w->src.scanner, problem, w);
	w->src.events = evxml_new(r->db, w->src.scanner, r->so);
	w->src.json = evjson_new(r->db, w->src.scanner, r->so, w->src.events);
	w->walk.fn = walk_input;
	w->walk.problem = walk_problem;
	w->walk.ctx = w;
	return 0;
}

static void
worker_free(struct pipe_worker *w)
{
	spare_free(&w->spare);
	walk_end(&w->walk);
	evjson_free(w->src.json);
	evxml_free(w->src.events);
	scanner_free(w->src.scanner);
	scanner_free(w->thief);
}

/* Marks n slots read, under one lock: their last findings and the rest may be released. */
static void
slot_done(struct pipe_pool *p, struct pipe_slot **s, size_t n)
{
	size_t	i;

	pthread_mutex_lock(&p->lock);
	for (i = 0; i < n; i++) {
		slot_publish(s[i]);
		s[i]->done = 1;
		if (s[i] == p->rwait)
			pthread_cond_signal(&p->done);	/* only the main thread waits for it */
	}
	pthread_mutex_unlock(&p->lock);
}

/*
 * A -j thread: reads the files of the slots in walk order until the walk is
 * over.  It takes several queued files at once when the walker is ahead
 * (a share of the queue, so that the other threads get theirs), and sleeps
 * only when the queue is empty: the walker wakes it once some files wait.
 */
static void *
worker_main(void *arg)
{
	struct pipe_worker	*w = arg;
	struct pipe_pool	*p = &w->run->pool;
	struct pipe_slot	*take[TAKE_MAX];
	struct pipe_piece	*pc;
	size_t			 n, i, want;

	pthread_mutex_lock(&p->lock);
	for (;;) {
		if ((pc = p->pieces) != NULL) {
			/* a piece of a file first: the thread reading it waits for it */
			p->pieces = pc->qnext;
			pc->state = PIECE_RUNNING;
			pthread_cond_broadcast(&pc->sp->moved);
			pthread_mutex_unlock(&p->lock);
			piece_run(w, pc, w->src.scanner);
			pthread_mutex_lock(&p->lock);
			continue;
		}
		if (p->next == NULL) {
			if (p->end && p->reading == 0)
				break;
			if (steal_any(w) != 0)
				continue;
			p->idle++;
			pthread_cond_wait(&p->work, &p->lock);
			p->idle--;
			continue;
		}
		want = p->queued / (2 * (size_t)p->maxworkers);
		want = want < 1 ? 1 : want > TAKE_MAX ? TAKE_MAX : want;
		for (n = 0; n < want && p->next != NULL; n++) {
			take[n] = p->next;
			for (p->next = p->next->next; p->next != NULL && !p->next->job;
			    p->next = p->next->next)
				;
		}
		p->queued -= n;
		p->reading++;
		spare_move(&w->spare, &p->spare, 2 * TAKE_MAX);	/* what the release freed */
		pthread_mutex_unlock(&p->lock);
		for (i = 0; i < n; i++) {
			w->slot = take[i];
			walk_file(&w->walk, take[i]->path, take[i]->explicit);
			w->slot = NULL;
		}
		slot_done(p, take, n);
		pthread_mutex_lock(&p->lock);
		if (--p->reading == 0 && p->end)
			pthread_cond_broadcast(&p->work);	/* no more pieces: the end */
	}
	pthread_mutex_unlock(&p->lock);
	match_thread_end();
	return NULL;
}

/* Hands a released slot's messages, errors and records to the run, and frees it. */
static void
slot_finish(struct pipeline *r, struct pipe_slot *s)
{
	size_t	i;

	if (s->msgf != NULL) {
		fclose(s->msgf);
		s->msgf = NULL;
		fwrite(s->msgs, 1, s->msglen, stderr);
	}
	r->errors += s->errors;
	r->inputs += s->inputs;
	for (i = 0; i < s->nri; i++)
		report_input(r->report, i == 0 ? &s->ri1 : &s->ri[i - 1]);
	slot_free(s, &r->pool.back);
}

/*
 * Queues the walker's slots kept back, under one lock: a thread is woken
 * once for them, if one waits.
 */
static void
pool_flush(struct pipe_pool *p)
{
	struct pipe_slot	*x;

	if (p->pend == NULL)
		return;
	pthread_mutex_lock(&p->lock);
	if (p->tail != NULL)
		p->tail->next = p->pend;
	else
		p->head = p->pend;
	p->tail = p->pend_tail;
	p->nslots += p->npend;
	if (p->next == NULL) {
		for (x = p->pend; x != NULL && !x->job; x = x->next)
			;
		p->next = x;
	}
	p->queued += p->npend_jobs;
	if (p->queued > 0 && p->idle > 0)
		pthread_cond_signal(&p->work);
	pthread_mutex_unlock(&p->lock);
	p->pend = p->pend_tail = NULL;
	p->npend = p->npend_jobs = 0;
}

/* Hands a batch's findings to the run, in order. */
static void
batch_emit(struct pipeline *r, const struct pipe_batch *b)
{
	struct finding	 f;
	size_t		 i, at;

	if (!b->mapped) {
		for (i = 0; i < b->n; i++)
			pipeline_emit(r, &b->finds[i]);
		return;
	}
	for (i = at = 0; i < b->n; i++, at += HELD_REC) {
		held_get((const unsigned char *)b->finds + at, &f);
		pipeline_emit(r, &f);
	}
}

/*
 * Releases the slots in walk order until at most upto wait: the findings
 * of the first batch by batch as they come, the rest of each once its file
 * is read; all those read at the head at once.  When it must wait, it
 * waits for the last slot not yet read among those to go (or for a few
 * batches of the first), not for each: one wake-up for many small files.
 */
static void
pool_drain(struct pipeline *r, size_t upto)
{
	struct pipe_pool	*p = &r->pool;
	struct pipe_slot	*s, *x, *nx;
	struct pipe_batch	*got, *b;
	size_t			 i, n;

	pool_flush(p);
	pthread_mutex_lock(&p->lock);
	while (p->nslots > upto) {
		s = p->head;
		if (s->batches == NULL && !s->done) {
			p->rwait = NULL;
			for (x = s, i = p->nslots - upto; x != NULL && i > 0; x = x->next, i--)
				if (!x->done)
					p->rwait = x;
			if (p->queued > 0 && p->idle > 0)
				pthread_cond_broadcast(&p->work);	/* files for them */
			pthread_cond_wait(&p->done, &p->lock);
			p->rwait = NULL;
			continue;
		}
		/* the slots read, off the list; what the next one has found so far */
		for (x = s, n = 0; x != NULL && x->done; x = x->next)
			n++;
		if (n > 0) {
			if ((p->head = x) == NULL)
				p->tail = NULL;
			p->nslots -= n;
		}
		got = NULL;
		if (x != NULL && x->batches != NULL) {
			got = x->batches;
			x->batches = x->last = NULL;
			x->npub = 0;
		}
		pthread_mutex_unlock(&p->lock);
		for (; n > 0; n--, s = nx) {
			nx = s->next;
			for (b = s->batches; b != NULL; b = b->next)
				batch_emit(r, b);
			slot_finish(r, s);
		}
		for (b = got; b != NULL; b = b->next)
			batch_emit(r, b);
		batches_free(got, &p->back);
		pthread_mutex_lock(&p->lock);
		/* for the threads; what they do not take back is freed at once */
		spare_move_maps(&p->spare, &p->back);
		spare_move(&p->spare, &p->back, SPARE_MAX);
	}
	pthread_mutex_unlock(&p->lock);
}

/* Starts one more thread, if -j allows; 0 when it runs. */
static int
pool_grow(struct pipeline *r)
{
	struct pipe_pool	*p = &r->pool;
	struct pipe_worker	*w = &p->workers[p->nworkers];

	if (worker_init(w, r) != 0) {
		worker_free(w);
		return -1;
	}
	if (pthread_create(&w->thread, NULL, worker_main, w) != 0) {
		worker_free(w);
		return -1;
	}
	p->nworkers++;
	return 0;
}

/*
 * Queues a slot behind the others, a few at a time (one lock and at most
 * one wake-up for WAKE_AT files); starts threads at need.
 */
static void
pool_add(struct pipeline *r, struct pipe_slot *s)
{
	struct pipe_pool	*p = &r->pool;
	struct stat		 sb;

	if (p->pend_tail != NULL)
		p->pend_tail->next = s;
	else
		p->pend = s;
	p->pend_tail = s;
	p->npend++;
	p->npend_jobs += s->job;
	if (s->job && p->nworkers < p->maxworkers && stat(s->path, &sb) == 0 &&
	    S_ISREG(sb.st_mode) && (uint64_t)sb.st_size / p->split_min >= 2) {
		/*
		 * A file that may be read in pieces: threads for them.  The
		 * first takes the file at once and looks for where the pieces
		 * start while the others' rules compile (some 3 ms each, in
		 * this thread): the pieces start that much sooner.
		 */
		if (p->nworkers > 0 || pool_grow(r) == 0) {
			pool_flush(p);
			while (p->nworkers < p->maxworkers && pool_grow(r) == 0)
				;
		}
	}
	if (s->job && p->nworkers < p->maxworkers && pool_grow(r) != 0 &&
	    p->nworkers == 0) {
		/* no thread at all: the main thread reads the file itself */
		pool_flush(p);
		pthread_mutex_lock(&p->lock);
		p->next = NULL;
		p->queued = 0;
		pthread_mutex_unlock(&p->lock);
		r->worker.slot = s;
		walk_file(&r->worker.walk, s->path, s->explicit);
		r->worker.slot = NULL;
		slot_done(p, &s, 1);
	}
	if (p->npend_jobs >= WAKE_AT)
		pool_flush(p);
	if (p->nslots + p->npend > (size_t)p->maxworkers * SLOT_WINDOW)
		pool_drain(r, (size_t)p->maxworkers * SLOT_WINDOW / 2);
}

static struct pipe_slot *
slot_new(const char *path, int explicit, int job)
{
	struct pipe_slot	*s = xcalloc(1, sizeof *s);

	s->path = xstrdup(path);
	s->explicit = explicit;
	s->job = job;
	return s;
}

/* Takes a piece off the pool's queue: no thread will read it; the caller holds the lock. */
static void
piece_unqueue(struct pipe_pool *p, struct pipe_piece *pc)
{
	struct pipe_piece	**q;

	for (q = &p->pieces; *q != NULL; q = &(*q)->qnext) {
		if (*q == pc) {
			*q = pc->qnext;
			break;
		}
	}
	pc->state = PIECE_CANCELLED;
}

/* Frees a block of snapshots. */
static void
snap_block_free(struct snap_block *blk)
{
	free(blk->p);
}

/*
 * Piece pc's snapshots, once no piece can compare with them any more, for
 * the pieces to come (with leaps, a file has many pieces, each of which
 * would otherwise fill a block of memory new to the process); the caller
 * holds the pool's lock, or no other thread can reach sp any more.
 */
static void
snaps_release(struct pipe_split *sp, struct pipe_piece *pc)
{
	size_t	i;

	for (i = 0; i < pc->nblocks; i++) {
		if (sp->nspare < SPARE_SNAPS)
			sp->spare[sp->nspare++] = pc->snaps[i];
		else
			snap_block_free(&pc->snaps[i]);
	}
	free(pc->snaps);
	pc->snaps = NULL;
	pc->nblocks = pc->nsnaps = 0;
}

/*
 * At a cut of a piece: its snapshot, for the piece before it; then the
 * comparison with the piece after it, waiting for that one to reach the
 * cut.  1 stops the piece there.
 */
static int
piece_at_cut(void *ctx, const struct scanner *sc, uint64_t off)
{
	struct pipe_piece	*me = ctx, *j;
	struct snap_block	*blk;
	struct pipe_split	*sp = me->sp;
	struct pipe_pool	*p = sp->pool;
	const struct scan_snap	*js;
	size_t			 size = scanner_snap_size();
	int			 stop = 0;

	scanner_snap(sc, off, me->slot != NULL ? me->slot->nfound : 0, me->cur);
	if (p->split_slow == me->k + 1)
		(void)usleep(3000);	/* the tests' lagging piece: others take its work */
	pthread_mutex_lock(&p->lock);
	me->at = off;
	/*
	 * Snapshots are kept until the piece before reaches them, a leap
	 * later: 1.4 KiB each.  It agrees at the first cut as a rule, so one
	 * is taken at each of the first cuts (p->snap_dense, 16 MiB), then at
	 * every SNAP_EVERY-th: a piece before that has not agreed by then
	 * reads up to SNAP_EVERY cuts more to the next chance.  In
	 * blocks of SNAP_BLOCK, not an array grown by realloc (some 1,000
	 * page faults on a 1 GiB log), used again by the next pieces.
	 */
	if (me->k > 0 && (me->ncuts < p->snap_dense || me->ncuts % p->snap_every == 0)) {
		me->taken++;
		if (me->nsnaps == me->nblocks * p->snap_per) {
			me->snaps = xreallocarray(me->snaps, me->nblocks + 1, sizeof *me->snaps);
			blk = &me->snaps[me->nblocks++];
			if (sp->nspare > 0)
				*blk = sp->spare[--sp->nspare];	/* an earlier piece's */
			else
				blk->p = xmalloc(SNAP_BLOCK);
		}
		memcpy((unsigned char *)SNAP(me, me->nsnaps), me->cur, size);
		me->nsnaps++;
		if (sp->snapwait > 0)	/* a wake-up at every cut costs the thread given it */
			pthread_cond_broadcast(&sp->moved);
	}
	me->ncuts++;
	while (me->succ != PIECE_NONE) {
		j = &sp->piece[me->succ];
		if (j->state == PIECE_QUEUED && off >= j->start && !p->split_wait)
			piece_unqueue(p, j);	/* no thread came: this piece reads its part */
		if (j->state == PIECE_QUEUED && off >= j->start) {
			/* the tests' (-j threads are free soon): wait for a thread */
			pthread_cond_wait(&sp->moved, &p->lock);
			continue;
		}
		if (j->state == PIECE_CANCELLED) {
			me->succ = j->after;
			me->si = 0;
			continue;
		}
		if (off < j->start)
			break;
		while (me->si < j->nsnaps && scanner_snap_off(SNAP(j, me->si)) < off)
			me->si++;
		if (me->si < j->nsnaps) {
			js = SNAP(j, me->si);
			if (scanner_snap_off(js) == off && scanner_snap_same(me->cur, js)) {
				me->stopped = stop = 1;
				me->stop_succ = me->succ;
				me->stop_snap = me->si;
				me->stop_line = scanner_snap_line(me->cur);
			}
			break;
		}
		if (j->state == PIECE_DONE) {
			/* it ended before this cut: in the state of a later piece, or at the end */
			me->succ = j->stopped ? j->stop_succ : PIECE_NONE;
			me->si = 0;
			continue;
		}
		sp->snapwait++;
		pthread_cond_wait(&sp->moved, &p->lock);
		sp->snapwait--;
	}
	pthread_mutex_unlock(&p->lock);
	if (me->giver != NULL)
		give_some(me->giver);	/* the release gets them as they come */
	return stop;
}

/*
 * A -j thread reads a piece of a file after the first, with scanner sc:
 * its findings are kept apart.
 */
static void
piece_run(struct pipe_worker *w, struct pipe_piece *pc, struct scanner *sc)
{
	struct pipe_split	*sp = pc->sp;
	struct pipe_slot	*was = w->slot;
	const struct scan_note	*notes;
	int			 rc;

	pc->slot = slot_new(sp->path, 0, 1);
	pc->slot->held = 1;
	pc->slot->split = sp;
	w->slot = pc->slot;
	rc = scanner_text_piece(sc, NULL, sp->fd, pc->start, sp->path,
	    piece_at_cut, pc, worker_emit, w, &pc->end);
	w->slot = was;
	if (rc == -1)
		pc->err = errno;
	else if (rc == 0)
		pc->lines = scanner_lines(sc);
	notes = scanner_notes(sc, &pc->nnotes);
	if (pc->nnotes > 0) {
		pc->notes = xreallocarray(NULL, pc->nnotes, sizeof *pc->notes);
		memcpy(pc->notes, notes, pc->nnotes * sizeof *pc->notes);
	}
	/* what a piece cut short by an error leaves waiting is not the next input's */
	scanner_piece_end(sc, 0);
	pthread_mutex_lock(&sp->pool->lock);
	pc->state = PIECE_DONE;
	pthread_cond_broadcast(&sp->moved);
	pthread_mutex_unlock(&sp->pool->lock);
}

/*
 * piece_give's work on a mapped batch's records: drops the first skip,
 * moves the lines of the others by delta, and gives those whose path is
 * from (the piece's slot's, freed before the release) to's, or a copy.
 */
static void
held_shift(struct pipe_batch *b, size_t skip, uint64_t delta, const char *from,
    const char *to, struct pipe_spare *spare)
{
	unsigned char	*at = (unsigned char *)b->finds, *rec;
	struct finding	 f;
	size_t		 i, drop;

	i = skip < b->n ? skip : b->n;
	drop = i * HELD_REC;
	if (drop > 0) {
		memmove(at, at + drop, b->used - drop);
		b->used -= drop;
		b->n -= i;
	}
	for (i = 0, rec = at; i < b->n; i++) {
		memcpy(&f, rec, HELD_HEAD);	/* the head: the rest stays */
		f.line += delta;
		if (f.path == from)
			f.path = strcmp(from, to) == 0 ? to : block_str(&b->blocks, spare, from);
		memcpy(rec, &f, HELD_HEAD);
		rec += HELD_REC;
	}
}

/*
 * What a thread hands on of a later piece's findings: from its n-th on, to
 * the file's slot, lines moved by delta.  The batches move over with the
 * strings they own, under one lock, rather than each finding being copied
 * again; and they move as the piece fills them, not once it has ended, so
 * that the release writes them while the piece is still read (else it
 * wrote them all at the end, with one processor idle).
 */
struct give {
	struct pipe_worker	*w;
	struct pipe_slot	*s;		/* the file's slot */
	struct pipe_piece	*pc;
	size_t			 n;		/* its findings before the n-th are dropped */
	size_t			 at;		/* its findings looked at so far */
	uint64_t		 delta;
	/* the way along the pieces that took over, one after another (give_next) */
	struct pipe_piece	*prev;		/* the piece that stopped in pc's state */
	size_t			 notes;		/* pc's notes before this one are dropped */
	struct scanner		*sc;		/* the file's scanner, which tells the notes */
	const char		*path;
	FILE			*trace;		/* VSSEXPLAIN_SPLIT_LOG's, or NULL */
	int			 done;		/* the way has ended: */
	uint64_t		 lines;		/* the file's lines (0 after an error) */
	uint64_t		 end;		/* and where its last piece read to */
};

/*
 * Moves what g's piece has published to the file's slot; the caller holds
 * the pool's lock, let go meanwhile.  0 when there was nothing.
 */
static int
give_batches(struct give *g)
{
	struct pipe_pool	*p = &g->w->run->pool;
	struct pipe_slot	*s = g->s, *ps = g->pc->slot;
	struct pipe_batch	*b, *nb, *got, *first = NULL, *last = NULL;
	struct finding		*f;
	size_t			 i, skip, nb_moved = 0, nf = 0;

	if (g->pc->state == PIECE_DONE)
		slot_publish(ps);	/* the piece has ended: its slot is no thread's */
	if ((got = ps->batches) == NULL)
		return 0;
	ps->batches = ps->last = NULL;
	ps->npub = 0;
	pthread_mutex_unlock(&p->lock);
	for (b = got; b != NULL; b = nb) {
		nb = b->next;
		b->next = NULL;
		skip = g->n > g->at ? g->n - g->at : 0;
		g->at += b->n;
		if (skip >= b->n) {
			batches_free(b, NULL);
			continue;
		}
		if (b->mapped) {
			held_shift(b, skip, g->delta, ps->path, s->path, &g->w->spare);
			skip = 0;
		}
		if (skip > 0) {
			memmove(b->finds, b->finds + skip, (b->n - skip) * sizeof *b->finds);
			b->n -= skip;
		}
		for (i = 0; i < b->n && !b->mapped; i++) {
			f = &b->finds[i];
			f->line += g->delta;
			if (f->path == ps->path)	/* ps is freed before the release */
				f->path = strcmp(ps->path, s->path) == 0 ? s->path :
				    block_str(&b->blocks, &g->w->spare, ps->path);
		}
		nf += b->n;
		nb_moved++;
		if (last != NULL)
			last->next = b;
		else
			first = b;
		last = b;
	}
	pthread_mutex_lock(&p->lock);
	if (first == NULL)
		return 1;
	slot_publish(s);	/* what piece 0 found comes first */
	if (s->last != NULL)
		s->last->next = first;
	else
		s->batches = first;
	s->last = last;
	s->npub += nb_moved;
	s->nfound += nf;
	/* a piece's batches are large (batch_new): the count of findings tells */
	if (p->rwait != NULL && s == p->head &&
	    (s->npub >= RELEASE_EVERY || nf >= RELEASE_EVERY * BATCH))
		pthread_cond_signal(&p->done);
	return 1;
}

/* g on to the piece that took over where g->prev stopped. */
static void
give_start(struct give *g)
{
	struct pipe_pool	*p = &g->w->run->pool;
	struct pipe_piece	*pc = g->prev, *m = &pc->sp->piece[pc->stop_succ];
	uint64_t		 off, line;

	/* its snapshot where pc stopped (m may still add some: under the lock) */
	pthread_mutex_lock(&p->lock);
	off = scanner_snap_off(SNAP(m, pc->stop_snap));
	line = scanner_snap_line(SNAP(m, pc->stop_snap));
	g->n = scanner_snap_found(SNAP(m, pc->stop_snap));
	g->notes = scanner_snap_notes(SNAP(m, pc->stop_snap));
	pthread_mutex_unlock(&p->lock);
	if (g->trace != NULL)
		fprintf(g->trace, " to %llu, %d", (unsigned long long)off, m->k);
	g->delta = pc->stop_line + g->delta - line;
	g->pc = m;
	g->at = 0;
}

/*
 * Once g's piece has ended and all it found is handed on: its notes, told
 * by the file's scanner, and g on to the piece that took over where it
 * stopped (1), or the end of the way (0), read to the file's end or cut
 * short by a read error.  What is told goes to the file's slot, whichever
 * piece the thread reads meanwhile.
 */
static int
give_next(struct give *g)
{
	struct pipe_pool	*p = &g->w->run->pool;
	struct pipe_piece	*m = g->pc;
	struct pipe_slot	*was = g->w->slot;
	size_t			 i;

	/* every piece before m has ended, and none will be compared with prev again */
	pthread_mutex_lock(&p->lock);
	snaps_release(m->sp, g->prev);
	pthread_mutex_unlock(&p->lock);
	g->w->slot = g->s;
	for (i = g->notes; i < m->nnotes; i++)
		scanner_note(g->sc, m->notes[i].rule, m->notes[i].line + g->delta);
	g->end = m->end;
	if (m->err != 0) {
		worker_say(g->w, 1, "%s: read error at byte %llu: %s", g->path,
		    (unsigned long long)m->end, strerror(m->err));
		g->lines = 0;
		g->done = 1;
	} else if (!m->stopped) {
		g->lines = m->lines + g->delta;
		g->done = 1;
	}
	g->w->slot = was;
	if (g->done)
		return 0;
	g->prev = m;
	give_start(g);
	return 1;
}

/*
 * What g's piece has published so far, for a thread that reads meanwhile;
 * once that piece has ended, on along the pieces after it, so that what
 * they found goes to the release as it comes rather than wait in memory
 * until the thread has read its own piece (with leaps, see piece_leap).
 */
static void
give_some(struct give *g)
{
	struct pipe_pool	*p = &g->w->run->pool;
	int			 ended;

	do {
		if (g->done)
			return;
		pthread_mutex_lock(&p->lock);
		while (give_batches(g))
			;
		ended = g->pc->state == PIECE_DONE;
		pthread_mutex_unlock(&p->lock);
	} while (ended && give_next(g));
}

/* Hands on g's piece's findings until the piece has ended. */
static void
piece_give(struct give *g)
{
	struct pipe_pool	*p = &g->w->run->pool;
	struct pipe_split	*sp = g->pc->sp;

	pthread_mutex_lock(&p->lock);
	sp->givewait++;
	for (;;) {
		if (give_batches(g))
			continue;
		if (g->pc->state == PIECE_DONE)
			break;
		pthread_cond_wait(&sp->moved, &p->lock);
	}
	sp->givewait--;
	pthread_mutex_unlock(&p->lock);
}

/*
 * The running piece of sp with the most left to read (*left bytes, up to
 * *bound), or NULL; the caller holds the pool's lock.
 */
static struct pipe_piece *
most_left(struct pipe_split *sp, uint64_t *left, uint64_t *bound)
{
	struct pipe_piece	*v = NULL, *x;
	uint64_t		 b;
	int			 k;

	*left = *bound = 0;
	if (sp->n >= SPLIT_MAX)
		return NULL;	/* no room for another piece */
	for (k = 0; k < sp->n; k++) {
		x = &sp->piece[k];
		if (x->state != PIECE_RUNNING || x->succ != x->after)
			continue;	/* ended, or past the piece after it */
		b = x->after != PIECE_NONE ? sp->piece[x->after].start : sp->size;
		if (b > x->at && b - x->at > *left) {
			v = x;
			*bound = b;
			*left = b - x->at;
		}
	}
	return v;
}

/*
 * How far ahead of a piece's reader another piece may start: four times the
 * least piece (128 MiB), or more in a file so large that the pieces would
 * run out (SPLIT_MAX).  With a limit the memory of the findings held is
 * bounded by the file's findings in about two leaps, whatever its size.
 */
static uint64_t
piece_leap(const struct pipe_split *sp)
{
	uint64_t	leap = sp->pool->split_min * 4;

	return sp->size / (SPLIT_MAX / 2) > leap ? sp->size / (SPLIT_MAX / 2) : leap;
}

/*
 * A free thread takes over the second half of what is left of the piece of
 * sp with the most left (but no more than a leap ahead of where that piece
 * reads, piece_leap), when that is at least steal_min: a new piece,
 * put after that one in the file (it stops where the new one agrees with
 * it, as at any piece's start), read with scanner sc.  The pieces were cut
 * for threads that read alike; in a virtual machine one processor may read
 * for long at two thirds of the other's speed, and the thread that ended
 * first waited for the other (a tenth of the wall time of -j 2 on a 1 GiB
 * log in some runs).  g, when not NULL, is what the thread hands on
 * meanwhile, at each cut of its new piece; sc NULL, the scanner is the
 * thread's second (the file's own thread).  1 when it read a piece, -1 when
 * the pieces changed while it looked for a cut (another thread took that
 * half, say: worth another look), 0 when there is nothing to take.
 */
static int
piece_steal(struct pipe_worker *w, struct pipe_split *sp, struct scanner *sc, struct give *g)
{
	struct pipe_pool	*p = sp->pool;
	struct pipe_piece	*v, *q;
	uint64_t		 bound, left, from, cut, half;
	char			*err = NULL;
	int			 after;

	if (!p->steal)
		return 0;
	pthread_mutex_lock(&p->lock);
	if ((v = most_left(sp, &left, &bound)) == NULL || left < p->steal_min) {
		pthread_mutex_unlock(&p->lock);
		return 0;
	}
	from = v->at;
	after = v->after;
	pthread_mutex_unlock(&p->lock);
	/*
	 * Of the first piece, whose findings the release writes as they come,
	 * a little more than half of the rest (by RELEASE_SHARE, as piece_want
	 * cuts): the first piece ends first, and the release has written its
	 * findings when the others end, rather than all of theirs after it.
	 */
	half = v->k == 0 ? left / 2 - left / (2 * RELEASE_SHARE) : left / 2;
	/*
	 * But no more than a leap ahead of where that piece reads: what the
	 * new piece finds waits in memory until the pieces before it have
	 * been read, and memory the process fills for the first time is dear
	 * (see batch_new).  So the threads leapfrog: each piece a leap long,
	 * its findings handed on while the next is read, the same memory
	 * filled again, rather than half the file's findings held.
	 */
	if (half > piece_leap(sp))
		half = piece_leap(sp);
	if (scanner_cut(sp->fd, sp->size, from, from + half, &cut) != 0 || cut >= bound)
		return 0;
	if (sc == NULL) {
		/* the file's own thread: its scanner holds the first piece's state */
		if (w->thief == NULL && (w->thief = scanner_new(w->run->db, w->run->so,
		    &err)) != NULL)
			scanner_problems(w->thief, problem, w);
		free(err);	/* the same rules compiled for its own scanner: never */
		if ((sc = w->thief) == NULL)
			return 0;
	}
	pthread_mutex_lock(&p->lock);
	/* the piece may have gone on meanwhile, or another thread taken its half: again */
	if (v->state != PIECE_RUNNING || v->after != after || v->succ != after || v->at >= cut ||
	    sp->n >= SPLIT_MAX) {
		pthread_mutex_unlock(&p->lock);
		return -1;
	}
	q = &sp->piece[sp->n];
	q->sp = sp;
	q->k = sp->n;
	q->start = q->at = cut;
	q->ahead = cut - v->at;
	q->victim = v->k;
	q->after = q->succ = after;
	q->state = PIECE_RUNNING;
	q->cur = xmalloc(scanner_snap_size());
	q->giver = g;
	v->after = v->succ = q->k;
	v->si = 0;
	sp->n++;
	pthread_mutex_unlock(&p->lock);
	piece_run(w, q, sc);
	return 1;
}

/*
 * A free thread's work on files read in pieces: half of what the piece with
 * the most left has left, a leap at most (piece_steal).  The caller holds
 * the lock.  As piece_steal: 1 when it read one, -1 to look again, 0 for
 * nothing to take.
 */
static int
steal_any(struct pipe_worker *w)
{
	struct pipe_pool	*p = &w->run->pool;
	struct pipe_split	*sp = NULL, *x;
	uint64_t		 left, bound, most = 0;
	int			 got;

	if (!p->steal)
		return 0;
	for (x = p->splits; x != NULL; x = x->next) {
		if (most_left(x, &left, &bound) != NULL && left >= p->steal_min && left > most) {
			sp = x;
			most = left;
		}
	}
	if (sp == NULL)
		return 0;
	sp->thieves++;	/* sp is not freed meanwhile */
	pthread_mutex_unlock(&p->lock);
	got = piece_steal(w, sp, w->src.scanner, NULL);
	pthread_mutex_lock(&p->lock);
	sp->thieves--;
	pthread_cond_broadcast(&sp->moved);
	return got;
}

/*
 * Where piece k of n should start.  The release (the main thread) writes
 * the findings of every piece, about a sixteenth of the work of reading
 * them (RELEASE_SHARE); since it writes those of a later piece as that
 * piece reads on, the first piece is made shorter by that much, so that
 * its thread ends early and leaves its processor to the release while the
 * others read, and all end together: with n threads, each later piece is
 * (1 + 1/16) / n of the file and the first that less 1/16 (for -j 2, 47%
 * and 53%).  Even pieces left the release's writing of the second half for
 * the end, with one processor idle.
 */
static uint64_t
piece_want(uint64_t size, int n, int k)
{
	uint64_t	unit = size / ((uint64_t)n * RELEASE_SHARE);

	/* start_k = size * (k (1 + 1/R) / n - 1/R) = unit * (k (R + 1) - n) */
	return unit * ((uint64_t)k * (RELEASE_SHARE + 1) - (uint64_t)n);
}

/*
 * Reads a large plain text file in pieces, when -j allows; -1 when it is
 * read as a whole instead (anything but a plain regular file in the text
 * format, or too small to split).
 */
static int
pipeline_split(struct pipe_worker *w, const struct pipe_job *job, struct report_input *ri)
{
	struct pipe_pool	*p = &w->run->pool;
	struct pipe_split	*sp, **sl;
	struct pipe_piece	*pc;
	struct give		 g;
	struct stat		 sb;
	struct scanner		*sc = w->src.scanner;
	uint64_t		 size, cut, prev = 0, lines = 0, end0, end;
	char			 scratch[4096], *tracebuf = NULL;
	size_t			 cuts[SPLIT_MAX], taken[SPLIT_MAX];	/* for the split log */
	uint64_t		 ahead[SPLIT_MAX];
	int			 victim[SPLIT_MAX];
	size_t			 tracelen = 0;
	FILE			*trace = NULL;
	int			 n, k, fd, rc, npieces;

	if (w->slot == NULL || p->maxworkers < 2 || w->run->cron != NULL ||
	    strcmp(job->source->name, "text") != 0 || input_binary(job->in) ||
	    input_compressed(job->in) || input_encoding(job->in) != INPUT_BYTES ||
	    input_size0(job->in) / p->split_min < 2 ||	/* no system call for small files */
	    (fd = input_fd(job->in)) == -1 || fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode))
		return -1;
	size = (uint64_t)sb.st_size;
	if (size / p->split_min < 2)
		return -1;
	n = size / p->split_min < (uint64_t)p->maxworkers ? (int)(size / p->split_min) :
	    p->maxworkers;
	if (n > SPLIT_MAX)
		n = SPLIT_MAX;
	/*
	 * Where threads may take over part of a piece, this thread reads from
	 * the start at once and the free threads take over halves of what it
	 * has left (piece_steal), each finding its own cut: following the cuts
	 * to the middle of a 1 GiB log takes some 2,000 reads of their ends,
	 * 5 to 7 ms in which one processor was idle before any piece began.
	 * The tests' pieces (VSSEXPLAIN_SPLIT_WAIT) are cut here, the same on
	 * any machine.
	 */
	if (p->steal && !p->split_wait)
		n = 1;
	sp = xcalloc(1, sizeof *sp);
	sp->pool = p;
	sp->path = job->path;
	sp->fd = fd;
	sp->size = size;
	pthread_cond_init(&sp->moved, NULL);
	for (k = 0; k < n; k++) {
		pc = &sp->piece[k];
		if (k > 0 && (scanner_cut(fd, size, prev, piece_want(size, n, k), &cut) != 0 ||
		    cut <= prev))
			break;
		pc->sp = sp;
		pc->k = k;
		pc->victim = -1;
		pc->start = pc->at = prev = k > 0 ? cut : 0;
		pc->cur = xmalloc(scanner_snap_size());
		if (k > 0)
			sp->piece[k - 1].after = sp->piece[k - 1].succ = k;
		pc->after = pc->succ = PIECE_NONE;
		sp->n = k + 1;
	}
	/* the later pieces, for the threads that are free or become free */
	pthread_mutex_lock(&p->lock);
	for (k = sp->n - 1; k > 0; k--) {
		sp->piece[k].qnext = p->pieces;
		p->pieces = &sp->piece[k];
	}
	sp->piece[0].state = PIECE_RUNNING;
	sp->next = p->splits;
	p->splits = sp;
	pthread_cond_broadcast(&p->work);
	pthread_mutex_unlock(&p->lock);

	pc = &sp->piece[0];
	rc = scanner_text_piece(sc, job->in, fd, 0, job->path, piece_at_cut, pc, worker_emit, w,
	    &end0);
	pthread_mutex_lock(&p->lock);
	pc->state = PIECE_DONE;
	pthread_mutex_unlock(&p->lock);
	if (p->split_log != NULL &&
	    (trace = open_memstream(&tracebuf, &tracelen)) != NULL)
		fputs("0", trace);
	if (rc == 1) {
		/* the later pieces that took over, in turn */
		g = (struct give){ .w = w, .s = w->slot, .prev = pc, .sc = sc,
		    .path = job->path, .trace = trace };
		give_start(&g);
		for (;;) {
			/*
			 * Rather than wait, part of what a piece has left, if
			 * much is; meanwhile the findings of the pieces before
			 * go on to the release as they come (give_some), up to
			 * and with this thread's own.
			 */
			while (!g.done && piece_steal(w, sp, NULL, &g))
				;
			if (g.done)
				break;
			piece_give(&g);		/* returns once g's piece has ended */
			if (!give_next(&g))
				break;
		}
		lines = g.lines;
		end = g.end;
		scanner_piece_end(sc, lines);
		/* the input is read to where the last piece read: its counts and end checks */
		if (end > end0)
			(void)input_skip(job->in, end - end0);
		while (input_read(job->in, scratch, sizeof scratch) > 0)
			;
	}
	/* every piece has ended, or will not start, before they are freed */
	pthread_mutex_lock(&p->lock);
	for (sl = &p->splits; *sl != sp; sl = &(*sl)->next)
		;
	*sl = sp->next;		/* no thread comes to take over part of a piece */
	while (sp->thieves > 0)
		pthread_cond_wait(&sp->moved, &p->lock);
	for (k = 1; k < sp->n; k++) {
		if (sp->piece[k].state == PIECE_QUEUED)
			piece_unqueue(p, &sp->piece[k]);
		while (sp->piece[k].state == PIECE_RUNNING)
			pthread_cond_wait(&sp->moved, &p->lock);
	}
	pthread_mutex_unlock(&p->lock);
	for (k = 0; k < sp->n; k++) {
		pc = &sp->piece[k];
		cuts[k] = pc->ncuts;
		taken[k] = pc->taken;
		ahead[k] = pc->ahead;
		victim[k] = pc->victim;
		if (pc->slot != NULL)
			slot_free(pc->slot, NULL);
		snaps_release(sp, pc);
		free(pc->notes);
		free(pc->cur);
	}
	while (sp->nspare > 0)
		snap_block_free(&sp->spare[--sp->nspare]);
	npieces = sp->n;
	pthread_cond_destroy(&sp->moved);
	free(sp);
	if (trace != NULL) {
		FILE	*f;

		fclose(trace);
		pthread_mutex_lock(&p->lock);
		if ((f = fopen(p->split_log, "a")) != NULL) {
			if (n > 1) {
				fprintf(f, "%s: pieces wanted at", job->path);
				for (k = 1; k < n; k++)
					fprintf(f, " %llu", (unsigned long long)
					    piece_want(size, n, k));
				fputc('\n', f);
			} else
				fprintf(f, "%s: pieces taken over as threads come free\n",
				    job->path);
			fprintf(f, "%s: %d pieces: %s to the end\n", job->path, npieces, tracebuf);
			for (k = 1; k < npieces; k++) {
				fprintf(f, "%s: piece %d: ", job->path, k);
				if (victim[k] < 0)
					fputs("cut at the start", f);
				else
					fprintf(f, "taken %llu bytes ahead of piece %d",
					    (unsigned long long)ahead[k], victim[k]);
				fprintf(f, ", %zu cuts, %zu snapshots\n", cuts[k], taken[k]);
			}
			fclose(f);
		}
		pthread_mutex_unlock(&p->lock);
		free(tracebuf);
	}
	ri->kind = input_describe(job->in);
	ri->lines = scanner_lines(sc);
	return 0;
}

/*
 * The walker's file, with -j: queued for a thread to open and read.
 * Standard input is read once the inputs before it are released, by the
 * main thread: with "-" named twice, -j 1 reads it all the first time and
 * nothing the second, which two threads reading it at once would not.
 */
static void
pool_file(void *ctx, const char *path, int explicit)
{
	struct pipeline	*r = ctx;

	if (strcmp(path, "-") == 0) {
		pool_drain(r, 0);
		walk_file(&r->worker.walk, path, explicit);
		return;
	}
	pool_add(r, slot_new(path, explicit, 1));
}

/* The walker's problem, with -j: a slot of its own, in its place among the files. */
static void
pool_problem(void *ctx, enum walk_problem how, const char *path, const char *msg)
{
	struct pipeline		*r = ctx;
	struct pipe_slot	*s = slot_new(path != NULL ? path : "", 0, 0);

	r->worker.slot = s;
	walk_problem(&r->worker, how, path, msg);
	r->worker.slot = NULL;
	s->done = 1;
	pool_add(r, s);
}

/* Releases every slot once the walk is over, then ends the threads. */
static void
pool_finish(struct pipeline *r)
{
	struct pipe_pool	*p = &r->pool;
	int			 i;

	pool_flush(p);	/* before the end, which the threads take as no more files */
	pthread_mutex_lock(&p->lock);
	p->end = 1;
	pthread_cond_broadcast(&p->work);
	pthread_mutex_unlock(&p->lock);
	pool_drain(r, 0);
	for (i = 0; i < p->nworkers; i++) {
		pthread_join(p->workers[i].thread, NULL);
		worker_free(&p->workers[i]);
	}
	free(p->workers);
	spare_free(&p->spare);
	spare_free(&p->back);
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->work);
	pthread_cond_destroy(&p->done);
}

/* Sets the walker up to queue files for jobs threads. */
static void
pool_start(struct pipeline *r, int jobs)
{
	struct pipe_pool	*p = &r->pool;
	const char		*env;
	size_t			 n;

	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->work, NULL);
	pthread_cond_init(&p->done, NULL);
	p->maxworkers = jobs;
	p->workers = xcalloc((size_t)jobs, sizeof *p->workers);
	/* a smaller piece size, for the tests only: their inputs are small */
	if ((env = getenv("VSSEXPLAIN_SPLIT_MIN")) == NULL ||
	    (p->split_min = strtoull(env, NULL, 10)) == 0)
		p->split_min = SPLIT_MIN;
	p->split_log = getenv("VSSEXPLAIN_SPLIT_LOG");
	p->split_wait = (env = getenv("VSSEXPLAIN_SPLIT_WAIT")) != NULL && *env != '\0';
	/*
	 * Taking over half a piece depends on the threads' speeds: off where
	 * the tests want the same pieces on any machine, unless
	 * VSSEXPLAIN_STEAL (for tests only) says; VSSEXPLAIN_SPLIT_SLOW (idem)
	 * makes one piece lag, so that others take its work.
	 */
	p->steal = (env = getenv("VSSEXPLAIN_STEAL")) != NULL ? *env == '1' : !p->split_wait;
	p->steal_min = p->split_min / 2;
	if ((env = getenv("VSSEXPLAIN_SPLIT_SLOW")) != NULL && *env != '\0')
		p->split_slow = atoi(env) + 1;
	/*
	 * Fewer snapshots in a block, and fewer cuts with one each, for the
	 * tests (VSSEXPLAIN_SPLIT_SNAPS, VSSEXPLAIN_SPLIT_DENSE): their pieces
	 * have a few cuts.
	 */
	p->snap_per = SNAP_BLOCK / scanner_snap_size();
	if ((env = getenv("VSSEXPLAIN_SPLIT_SNAPS")) != NULL && (n = strtoul(env, NULL, 10)) > 0 &&
	    n < p->snap_per)
		p->snap_per = n;
	p->snap_dense = SNAP_DENSE;
	p->snap_every = SNAP_EVERY;
	if ((env = getenv("VSSEXPLAIN_SPLIT_DENSE")) != NULL && *env != '\0') {
		p->snap_dense = strtoul(env, NULL, 10);
		p->snap_every = 2;
	}
#if defined(__GLIBC__) && defined(M_TRIM_THRESHOLD)
	/*
	 * glibc gives each thread an arena of its own, and gives a thread
	 * arena's free top back to the system at every free: each file's
	 * reader (struct input, some 130 KiB) would be mapped and faulted in
	 * anew, which cost -j 2 a third more CPU than -j 1 on small files.
	 * Keep what was freed, as the main thread's arena does.
	 */
	mallopt(M_TRIM_THRESHOLD, 16 * 1024 * 1024);
	mallopt(M_MMAP_THRESHOLD, 1024 * 1024);
#endif
	/* the stamps' zone is set before any thread reads the environment */
	tstamp_prepare(&r->so->ts);
	r->walk.file = pool_file;
	r->walk.problem = pool_problem;
	r->walk.ctx = r;
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
	safe_sweep(o->state, notice, &r->worker);	/* under the lock: no run is writing it */
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
	c->ctx = &r->worker;
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

/*
 * A report that does not go to a terminal (a file, "scan > report", a pipe
 * to a mail or to jq, /dev/null) gets a buffer of REPORT_BUF, not stdio's
 * st_blksize (4 KiB): a report of 100 MB was some 25,000 write calls, and
 * on this kind of virtual machine each costs some 2.5 us of system time
 * and more of user time (a text log with 10% failure lines: 370 -> 310 ms),
 * time that with -j is taken from the threads that read.  A reader of the
 * pipe gets the report in larger pieces; none of it came line by line
 * before either (nothing flushes a finding on its own), and a report under
 * REPORT_BUF still comes whole at the end.  A terminal keeps stdio's line
 * buffer.  Standard output's buffer is set once: a later run in the same
 * process may have written.
 */
static void
report_buffer(FILE *f)
{
	static char	 buf_stdout[REPORT_BUF], buf_file[REPORT_BUF];
	static int	 stdout_set;

	if (isatty(fileno(f)))
		return;
	if (f != stdout)
		setvbuf(f, buf_file, _IOFBF, sizeof buf_file);
	else if (!stdout_set) {
		setvbuf(f, buf_stdout, _IOFBF, sizeof buf_stdout);
		stdout_set = 1;
	}
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
	char				*dash = (char *)"-";
	size_t				 nonly;
	int				 i, lockfd = -1, status = -1, jobs;

	memset(&r, 0, sizeof r);
	*worst = *fmt_status = -1;
	r.quiet = o->quiet;
	r.db = db;
	r.so = &o->so;
	if (worker_init(&r.worker, &r) != 0)
		goto out;
	if (o->state != NULL && open_state(&r, o, &st, &lockfd) != 0)
		goto out;
	if ((f = output_open(&out, o->output)) == NULL)
		goto out;
	report_buffer(f);
	r.report = report_new(db, &o->ro);
	report_stream(r.report, f);
	if ((only = filter_class_list(o->filter, &nonly)) != NULL)
		report_groups(r.report, only, nonly);
	if (o->min_count > 1)
		report_min_count(r.report, o->min_count);
	r.filter = o->filter;
	r.walk.recursive = o->recursive;
	r.walk.exclude = o->exclude;
	r.walk.nexclude = o->nexclude;
	r.walk.fn = walk_input;
	r.walk.problem = walk_problem;
	r.walk.ctx = &r.worker;
	if (st != NULL)
		start_cron(&r, o, st);
	/* cron mode reads one input at a time (see the top of this file) */
	jobs = st == NULL && o->jobs > 1 ? o->jobs : 1;
	if (jobs > 1)
		pool_start(&r, jobs);
	if (npaths == 0)
		walk_path(&r.walk, dash);
	for (i = 0; i < npaths; i++)
		walk_path(&r.walk, paths[i]);
	if (jobs > 1)
		pool_finish(&r);
	if (output_close(&out, report_write(r.report, f) == 0) != 0)
		r.errors++;
	else if (st != NULL && !o->dry_run && save_state(&r, st, o->state) != 0)
		r.errors++;
	*worst = report_worst(r.report);
	status = r.errors > 0 || (r.inputs == 0 && st == NULL) ? -1 : 0;
	*fmt_status = report_status(r.report, status != 0);
out:
	if (r.cron != NULL)
		cron_end(r.cron);
	report_free(r.report);
	walk_end(&r.walk);
	worker_free(&r.worker);
	state_free(st);
	if (lockfd != -1)
		close(lockfd);
	return status;
}

/* check_event.c: unit tests of the event model: events filled by hand, no XML, through the [event] rules. */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "db.h"
#include "event.h"
#include "evtest.h"
#include "text.h"
#include "tstamp.h"
#include "xalloc.h"

static struct event_ctx	*ctx;

/* Prepares the event model over the real rules; all_codes as --all-codes. */
static void
start(int all_codes)
{
	evtest_start(all_codes, "fallback-host", NULL);
	evtest_need_event = 1;
	evtest_ctx = &ngot;
	ctx = event_ctx_new(db, scanner, &opts);
}

static void
setup(void)
{
	start(0);
}

static void
teardown(void)
{
	event_ctx_free(ctx);
	evtest_stop();
}

/* An event of provider prov with the given fields and nothing else known. */
static void
fill(struct event *ev, const char *prov, long id, const struct event_field *f, size_t n)
{
	memset(ev, 0, sizeof *ev);
	ev->path = "t.evtx";
	ev->line = 7;
	ev->offset = 1000;
	ev->provider = prov;
	ev->event_id = id;
	ev->qualifiers = -1;
	ev->level = 2;
	ev->record_id = 4711;
	ev->channel = "Application";
	ev->time = TSTAMP_NONE;
	ev->fields = f;
	ev->nfields = n;
}

/* Turns ev into findings (the earlier ones are dropped); returns their number. */
static int
run(const struct event *ev)
{
	evtest_clear();
	event_findings(ctx, ev, on_finding, &ngot);
	return ngot;
}

#define DATA(i, t)	{ EVENT_DATA, (i), NULL, (t), sizeof(t) - 1, NULL }
#define NAMED(i, n, t)	{ EVENT_DATA, (i), (n), (t), sizeof(t) - 1, NULL }
#define BINARY(t)	{ EVENT_BINARY, 0, NULL, (t), sizeof(t) - 1, NULL }
#define MESSAGE(t)	{ EVENT_MESSAGE, 0, NULL, (t), sizeof(t) - 1, NULL }

/* A VolSnap IO_ERROR_LOG_PACKET: ErrorCode 0xC0060024, FinalStatus 0xC000009A at 0x14. */
#define PACKET	"00000000020030000000000024000680B20000009A0000C000000000000000000000000000000000"

/* VSS 8193/12289: "hr = %2", the code at the start of the second insertion string. */
START_TEST(test_field_rule)
{
	static const struct event_field	 right[] = {
		DATA(1, "CoCreateInstance"),
		DATA(2, "0x80049999, ?\n"),
	}, wrong[] = {
		DATA(1, "0x80049999"),
		DATA(2, "nothing here"),
	}, hr12289[] = {
		DATA(1, "DeviceIoControl(\\\\?\\fdc#generic_floppy_drive,0x00560000)"),
		DATA(2, "0x80070001, Incorrect function."),
	};
	static const char	 raw[] = "<Data>CoCreateInstance</Data><Data>0x80049999, ?</Data>";
	struct event		 ev;

	fill(&ev, "VSS", 8193, right, 2);
	ck_assert_int_eq(run(&ev), 1);
	ck_assert_uint_eq(got[0].value, 0x80049999u);
	ck_assert_int_eq(got[0].form, FORM_HEX);
	ck_assert_str_eq(got[0].match, "0x80049999");
	ck_assert_str_eq(got[0].guidance, "unknown");
	ck_assert_str_eq(got[0].path, "t.evtx");
	ck_assert_uint_eq(got[0].line, 7);
	ck_assert_int_eq(got[0].event_id, 8193);
	ck_assert_str_eq(got[0].host, "fallback-host");
	/* no raw: the finding stands at the event; with raw: where its code is written */
	ck_assert_uint_eq(got[0].offset, 1000);
	ev.raw = raw;
	ev.raw_len = strlen(raw);
	ev.computer = "SQL01";
	ck_assert_int_eq(run(&ev), 1);
	ck_assert_uint_eq(got[0].offset, 1000 + (uint64_t)(strstr(raw, "0x8004") - raw));
	ck_assert_str_eq(got[0].host, "SQL01");
	/* the rule names field 2: an unknown code in field 1 is nothing */
	fill(&ev, "VSS", 8193, wrong, 2);
	ck_assert_int_eq(run(&ev), 0);
	fill(&ev, "VSS", 12289, hr12289, 2);
	ck_assert_int_eq(run(&ev), 1);
	ck_assert_uint_eq(got[0].value, 0x80070001u);
	ck_assert_str_eq(got[0].text, "0x80070001, Incorrect function.");
}
END_TEST

/* VSS 8230 writes a decimal Win32 status; Windows Server Backup names its HRESULT field. */
START_TEST(test_field_forms)
{
	static const struct event_field	 win32[] = {
		DATA(1, "backupadmin"),
		DATA(2, "1376"),
	}, named[] = {
		NAMED(1, "HRESULT", "0x8078011e"),
		NAMED(2, "Other", "0x80049998"),
	};
	struct event			 ev;

	fill(&ev, "VSS", 8230, win32, 2);
	ck_assert_int_eq(run(&ev), 1);
	ck_assert_uint_eq(got[0].value, 0x80070560u);
	ck_assert_int_eq(got[0].form, FORM_WIN32);
	ck_assert_str_eq(got[0].match, "1376");
	/* a field of nothing but the number: the event's fields joined are the text */
	ck_assert_str_eq(got[0].text, "backupadmin | 1376");
	fill(&ev, "Microsoft-Windows-Backup", 5, named, 2);
	ck_assert_int_eq(run(&ev), 1);
	ck_assert_uint_eq(got[0].value, 0x8078011Eu);
	ck_assert_str_eq(got[0].match, "0x8078011e");
}
END_TEST

/* VSS 12301 and 12302 carry no code: the event itself is the finding. */
START_TEST(test_failure_event)
{
	static const struct event_field	 f12301[] = {
		DATA(1, "SqlServerWriter"),
		DATA(2, "\n\nOperation:\n   Gather writers' status\n"),
	}, f12302[] = {
		DATA(1, "\n\nOperation:\n   Gather writers' status\n"),
		MESSAGE("  An internal inconsistency was detected.\nMore"),
	};
	static const char	 raw[] = "<EventID>12301</EventID>";
	struct event		 ev;

	fill(&ev, "VSS", 12301, f12301, 2);
	ck_assert_int_eq(run(&ev), 1);
	ck_assert_uint_eq(got[0].value, 0x80042319u);
	ck_assert_int_eq(got[0].form, FORM_EVENT);
	ck_assert_str_eq(got[0].match, "12301");
	ck_assert_str_eq(got[0].guidance, "investigate");
	ck_assert_str_eq(got[0].text, "SqlServerWriter | Operation: Gather writers' status");
	ck_assert_uint_eq(got[0].offset, 1000);
	/* the id as written, and where */
	ev.raw = raw;
	ev.raw_len = strlen(raw);
	ev.id_written = raw + 9;
	ev.id_text = "12301";
	ck_assert_int_eq(run(&ev), 1);
	ck_assert_uint_eq(got[0].offset, 1009);
	/* the rendered message's first line is the text */
	fill(&ev, "VSS", 12302, f12302, 2);
	ck_assert_int_eq(run(&ev), 1);
	ck_assert_uint_eq(got[0].value, 0x8000FFFFu);
	ck_assert_str_eq(got[0].text, "An internal inconsistency was detected.");
	/* the same provider, an id without a rule: nothing */
	fill(&ev, "VSS", 8224, f12302, 2);
	ck_assert_int_eq(run(&ev), 0);
}
END_TEST

/* Hex and base64 binary data, and text in it (ASCII or UTF-16LE). */
START_TEST(test_binary_decoding)
{
	struct event_bin	 b;
	const char		*t;
	size_t			 n;

	memset(&b, 0, sizeof b);
	ck_assert_int_eq(event_bin_decode(&b, " 0a1B\n ff ", 10), 3);
	ck_assert_int_eq(b.bytes[0], 0x0a);
	ck_assert_int_eq(b.bytes[1], 0x1b);
	ck_assert_int_eq(b.bytes[2], 0xff);
	ck_assert_int_eq(event_bin_decode(&b, "abc", 3), -1);	/* an odd number of digits */
	ck_assert_int_eq(event_bin_decode(&b, "AAECAw==", 8), 4);
	ck_assert_int_eq(b.bytes[3], 3);
	ck_assert_int_eq(event_bin_decode(&b, "no*base64", 9), -1);
	/* hex read in one pass: CR and tabs are blanks; a later byte that is no hex digit makes it base64 */
	ck_assert_int_eq(event_bin_decode(&b, "\t0a\r\nB0 ", 8), 2);
	ck_assert_int_eq(b.bytes[1], 0xb0);
	/* a blank between the two digits of a byte; after it, pairs shifted by one */
	ck_assert_int_eq(event_bin_decode(&b, "0 a1\nB", 6), 2);
	ck_assert_int_eq(b.bytes[0], 0x0A);
	ck_assert_int_eq(b.bytes[1], 0x1B);
	ck_assert_int_eq(event_bin_decode(&b, "a bc d", 6), 2);
	ck_assert_int_eq(b.bytes[0], 0xAB);
	ck_assert_int_eq(b.bytes[1], 0xCD);
	ck_assert_int_eq(event_bin_decode(&b, "a bc", 4), -1);
	ck_assert_int_eq(event_bin_decode(&b, "AAEC0A0F", 8), 4);	/* all hex: hex */
	ck_assert_int_eq(b.bytes[3], 0x0f);
	ck_assert_int_eq(event_bin_decode(&b, "AAECAwQG\x80", 9), -1);
	ck_assert_int_eq(event_bin_decode(&b, "abc=", 4), 2);	/* base64: 0x69 0xB7 */
	ck_assert_int_eq(b.bytes[0], 0x69);
	ck_assert_int_eq(b.bytes[1], 0xb7);
	ck_assert_int_eq(event_bin_decode(&b, "", 0), 0);
	ck_assert_int_eq(event_bin_decode(&b, "0:", 2), -1);
	t = event_bin_text(&b, "5600530053002000660061006900", 28, &n);
	ck_assert_ptr_nonnull(t);
	ck_assert_int_eq(n, 7);
	ck_assert_int_eq(memcmp(t, "VSS fai", 7), 0);
	t = event_bin_text(&b, "6872203d2030783830", 18, &n);
	ck_assert_ptr_nonnull(t);
	ck_assert_int_eq(memcmp(t, "hr = 0x80", n), 0);
	ck_assert_ptr_null(event_bin_text(&b, "0102030405fe", 12, &n));
	ck_assert_ptr_null(event_bin_text(&b, "686a", 4, &n));	/* under four bytes */
	event_bin_clear(&b);
	ck_assert_ptr_null(b.bytes);
}
END_TEST

/* VolSnap: the event, then the FinalStatus of its IO_ERROR_LOG_PACKET. */
START_TEST(test_io_packet)
{
	static const char	 raw[] = "<Binary>" PACKET "</Binary>";
	struct event_field	 f[] = {
		NAMED(1, "DeviceName", "\\Device\\HarddiskVolumeShadowCopy1"),
		BINARY(PACKET),
	};
	static const struct event_field	 b64[] = {
		BINARY("AAAAAAIAMAAAAAAAJAAGgLIAAACaAADA"),
	}, ok[] = {
		BINARY("00000000020030000000000024000680B200000000000000000000000000000000000000"),
	};
	struct event		 ev;

	fill(&ev, "VolSnap", 36, f, 2);
	ck_assert_int_eq(run(&ev), 2);
	ck_assert_uint_eq(got[0].value, 0xC0060024u);
	ck_assert_int_eq(got[0].form, FORM_EVENT);
	ck_assert_str_eq(got[0].guidance, "fix");
	ck_assert_uint_eq(got[1].value, 0xC000009Au);
	ck_assert_int_eq(got[1].form, FORM_BINARY);
	ck_assert_str_eq(got[1].match, "9A0000C0");
	ck_assert_uint_eq(got[1].offset, 1000);
	/* placed where the status is written */
	f[1].written = raw + 8;
	ev.raw = raw;
	ev.raw_len = strlen(raw);
	ck_assert_int_eq(run(&ev), 2);
	ck_assert_uint_eq(got[1].offset, 1000 + 8 + 0x28);
	/* base64: the status as a value */
	fill(&ev, "VolSnap", 33, b64, 1);
	ck_assert_int_eq(run(&ev), 1);
	ck_assert_uint_eq(got[0].value, 0xC000009Au);
	ck_assert_str_eq(got[0].match, "0xC000009A");
	/* a FinalStatus of success is nothing */
	fill(&ev, "VolSnap", 33, ok, 1);
	ck_assert_int_eq(run(&ev), 0);
	/* the VSS source reads binary data as text, not as a packet */
	fill(&ev, "VSS", 8224, b64, 1);
	ck_assert_int_eq(run(&ev), 0);
}
END_TEST

/* Text in binary data is scanned, and makes an unknown provider's event about VSS. */
START_TEST(test_binary_text)
{
	static const struct event_field	 utf16[] = {
		BINARY("560053005300200073006E0061007000730068006F00740020006600610069006C0065"
		    "0064003A0020003000780038003000300034003200330046003300"),
	}, ascii[] = {
		DATA(1, "done"),
		BINARY("6872203d20307838303034323346332066726f6d207468652073657276696365"),
	};
	struct event			 ev;

	fill(&ev, "NightOwl Backup", 1, utf16, 1);
	ck_assert_int_eq(run(&ev), 1);
	ck_assert_uint_eq(got[0].value, 0x800423F3u);
	ck_assert_str_eq(got[0].match, "0x800423F3");
	/* "hr = 0x800423F3 from the service": a code, but no word about VSS */
	fill(&ev, "NightOwl Backup", 1, ascii, 2);
	ck_assert_int_eq(run(&ev), 0);
	fill(&ev, "VSS", 8224, ascii, 2);
	ck_assert_int_eq(run(&ev), 1);
	ck_assert_uint_eq(got[0].value, 0x800423F3u);
}
END_TEST

/* Codes the text scanner finds in a field are placed where the event writes them. */
START_TEST(test_scanned_field)
{
	static const struct event_field	 f[] = {
		DATA(1, "VSS snapshot failed: 0x800423F3"),
	};
	static const char		 raw[] = "<Data>VSS snapshot failed: 0x800423F3</Data>";
	struct event			 ev;

	fill(&ev, "NightOwl Backup", 1, f, 1);
	ck_assert_int_eq(run(&ev), 1);
	ck_assert_uint_eq(got[0].offset, 1000);
	ev.raw = raw;
	ev.raw_len = strlen(raw);
	ck_assert_int_eq(run(&ev), 1);
	ck_assert_uint_eq(got[0].value, 0x800423F3u);
	ck_assert_uint_eq(got[0].offset, 1000 + (uint64_t)(strstr(raw, "0x8004") - raw));
	ck_assert_uint_eq(got[0].line, 7);
}
END_TEST

/* The writer: from the field the rule names, else from a context block; each code once. */
START_TEST(test_writer)
{
	static const struct event_field	 f8229[] = {
		DATA(1, "0x800423f4, The writer experienced a non-transient error."),
		DATA(2, "\n\nOperation:\n   PrepareForSnapshot Event\n\nContext:\n"
		    "   Writer Name: SqlServerWriter\n"),
		MESSAGE("A VSS writer has rejected an event with error "
		    "0x800423F4, The writer experienced a non-transient error."),
	}, f12301[] = {
		DATA(1, "  Microsoft Hyper-V VSS Writer\n"),
		DATA(2, "Context:\n   Writer Name: Other Writer\n"),
	}, none[] = {
		DATA(1, "0x800423f4, The writer experienced a non-transient error."),
	};
	struct event			 ev;

	fill(&ev, "VSS", 8229, f8229, 3);
	ck_assert_int_eq(run(&ev), 1);
	ck_assert_uint_eq(got[0].value, 0x800423F4u);
	ck_assert_str_eq(got[0].writer, "SqlServerWriter");
	/* 12301: writer = 1 */
	fill(&ev, "VSS", 12301, f12301, 2);
	ck_assert_int_eq(run(&ev), 1);
	ck_assert_str_eq(got[0].writer, "Microsoft Hyper-V VSS Writer");
	fill(&ev, "VSS", 8229, none, 1);
	ck_assert_int_eq(run(&ev), 1);
	ck_assert_ptr_null(got[0].writer);
}
END_TEST

/* Events the rules want nothing of: logon audits; unknown providers without words about VSS. */
START_TEST(test_unwanted)
{
	static const struct event_field	 logon[] = {
		NAMED(1, "TargetUserName", "backup"),
		NAMED(2, "Status", "0xc000006d"),
	}, crash[] = {
		DATA(1, "app.exe"),
		DATA(2, "0x80070005"),
	};
	struct event			 ev;

	fill(&ev, "Microsoft-Windows-Security-Auditing", 4625, logon, 2);
	ck_assert_int_eq(run(&ev), 0);
	fill(&ev, "Application Error", 1000, crash, 2);
	ck_assert_int_eq(run(&ev), 0);
	fill(&ev, NULL, -1, crash, 2);
	ck_assert_int_eq(run(&ev), 0);
	teardown();
	start(1);
	/* --all-codes: every failure-shaped code counts */
	fill(&ev, "Microsoft-Windows-Security-Auditing", 4625, logon, 2);
	ck_assert_int_eq(run(&ev), 1);
	ck_assert_uint_eq(got[0].value, 0xC000006Du);
	fill(&ev, "Application Error", 1000, crash, 2);
	ck_assert_int_eq(run(&ev), 1);
	ck_assert_uint_eq(got[0].value, 0x80070005u);
}
END_TEST

/* The pre-check before an event's strings are read. */
START_TEST(test_wanted)
{
	ck_assert_int_eq(event_wanted(ctx, "VSS", 8193), EVENT_WANT_ALL);
	ck_assert_int_eq(event_wanted(ctx, "VSS", 1), EVENT_WANT_ALL);
	ck_assert_int_eq(event_wanted(ctx, "volsnap", 36), EVENT_WANT_ALL);
	ck_assert_int_eq(event_wanted(ctx, "Microsoft-Windows-Backup", -1), EVENT_WANT_ALL);
	ck_assert_int_eq(event_wanted(ctx, "Microsoft-Windows-Security-Auditing", 4625),
	    EVENT_WANT_NONE);
	ck_assert_int_eq(event_wanted(ctx, "NETLOGON", 5719), EVENT_WANT_NONE);
	ck_assert_int_eq(event_wanted(ctx, "NightOwl Backup", 1), EVENT_WANT_TEXT);
	ck_assert_int_eq(event_wanted(ctx, "", 1), EVENT_WANT_TEXT);
	ck_assert_int_eq(event_wanted(ctx, NULL, -1), EVENT_WANT_TEXT);
	ck_assert_int_eq(event_provider(ctx, "VSS"), DB_PROVIDER_VSS);
	ck_assert_int_eq(event_provider(ctx, "LsaSrv"), DB_PROVIDER_OTHER);
	ck_assert_int_eq(event_provider(ctx, "Application Error"), DB_PROVIDER_NONE);
	ck_assert_int_eq(event_provider(ctx, NULL), DB_PROVIDER_NONE);
	teardown();
	start(1);
	/* --all-codes: their text may count, but the rules themselves find nothing */
	ck_assert_int_eq(event_wanted(ctx, "Microsoft-Windows-Security-Auditing", 4625),
	    EVENT_WANT_TEXT);
	ck_assert_int_eq(event_wanted(ctx, "VSS", 8193), EVENT_WANT_ALL);
}
END_TEST

/*
 * Providers and rules looked up are remembered per context: the answers stay
 * those of the rules, for more names than are remembered, names too long to
 * be, other spellings, the same provider with other ids, and a rule found by
 * the classic source name.
 */
START_TEST(test_memo)
{
	static const struct event_field	 f12301[] = {
		DATA(1, "SqlServerWriter"),
		DATA(2, "\n\nOperation:\n   Gather writers' status\n"),
	}, f12302[] = {
		DATA(1, "\n\nOperation:\n   Gather writers' status\n"),
		MESSAGE("  An internal inconsistency was detected.\nMore"),
	}, win32[] = {
		DATA(1, "backupadmin"),
		DATA(2, "1376"),
	}, hex[] = {
		NAMED(1, "HRESULT", "0x80070560"),
	};
	static const struct {
		const char	*name;
		int		 kind;
	} names[] = {
		{ "VSS", DB_PROVIDER_VSS }, { "LsaSrv", DB_PROVIDER_OTHER },
		{ "Application Error", DB_PROVIDER_NONE }, { "volsnap", DB_PROVIDER_VSS },
		{ "NETLOGON", DB_PROVIDER_OTHER }, { "Microsoft-Windows-Backup", DB_PROVIDER_VSS },
		{ "vss", DB_PROVIDER_VSS }, { "NightOwl Backup", DB_PROVIDER_NONE },
		{ "VolSnap", DB_PROVIDER_VSS }, { "", DB_PROVIDER_NONE },
	};
	char		 longname[200];
	struct event	 ev;
	size_t		 i;
	int		 round;

	memset(longname, 'V', sizeof longname - 1);
	longname[sizeof longname - 1] = '\0';
	for (round = 0; round < 3; round++) {
		for (i = 0; i < sizeof names / sizeof names[0]; i++)
			ck_assert_int_eq(event_provider(ctx, names[i].name), names[i].kind);
		ck_assert_int_eq(event_provider(ctx, longname), DB_PROVIDER_NONE);
		ck_assert_int_eq(event_provider(ctx, NULL), DB_PROVIDER_NONE);
	}
	for (round = 0; round < 6; round++) {
		fill(&ev, "VSS", 12301, f12301, 2);
		ck_assert_int_eq(run(&ev), 1);
		ck_assert_uint_eq(got[0].value, 0x80042319u);
		fill(&ev, "VSS", 12302, f12302, 2);
		ck_assert_int_eq(run(&ev), 1);
		ck_assert_uint_eq(got[0].value, 0x8000FFFFu);
		/* the provider unknown, its classic source name VSS */
		fill(&ev, "Other", 12301, f12301, 2);
		ev.source = "VSS";
		ck_assert_int_eq(run(&ev), 1);
		ck_assert_uint_eq(got[0].value, 0x80042319u);
		/* the same provider without it, and a long name: no rule */
		fill(&ev, "Other", 12301, f12301, 2);
		ck_assert_int_eq(run(&ev), 0);
		fill(&ev, longname, 12301, f12301, 2);
		ev.source = "VSS";
		ck_assert_int_eq(run(&ev), 1);
		fill(&ev, "VSS", round % 2 != 0 ? 12301 : 1, f12301, 2);
		ck_assert_int_eq(run(&ev), round % 2 != 0 ? 1 : 0);
		/* a code resolved before: a Win32 status first named as such, or not */
		fill(&ev, "VSS", 8230, win32, 2);
		ck_assert_int_eq(run(&ev), 1);
		ck_assert_uint_eq(got[0].value, 0x80070560u);
		ck_assert_str_eq(got[0].name, "ERROR_NO_SUCH_ALIAS");
		ck_assert_str_eq(got[0].guidance, "fix");
		/* the summary is this event's, not the one the 12302 before made */
		ck_assert_str_eq(got[0].text, "backupadmin | 1376");
		fill(&ev, "Microsoft-Windows-Backup", 5, hex, 1);
		ck_assert_int_eq(run(&ev), 1);
		ck_assert_uint_eq(got[0].value, 0x80070560u);
		ck_assert_str_eq(got[0].name, "ERROR_NO_SUCH_ALIAS");
	}
}
END_TEST

/*
 * The writer a field's text names is remembered by the text: texts that
 * differ only between the bytes the memo looks at, a writer on a later
 * line, a text with none, a text too long to keep.
 */
START_TEST(test_writer_memo)
{
	static const char	 tail[] = "\n   Instance Id: {00000000-0000-0000-0000-000000000000}"
	    "\n   State: [5] Waiting for completion\n";
	char			 a[256], b[256], none[256], *big;
	struct event_field	 f[] = {
		DATA(1, "0x800423f4, The writer experienced a non-transient error."),
		DATA(2, ""),
	};
	struct event		 ev;
	size_t			 n, bn = 6000;
	int			 round;

	/* the same length, first, middle and last bytes; another writer */
	n = (size_t)snprintf(a, sizeof a, "Context:\n   Writer Name: AlphaWriter%s", tail);
	ck_assert_int_eq(snprintf(b, sizeof b, "Context:\n   Writer Name: BravoWriter%s", tail),
	    (int)n);
	ck_assert_int_eq(snprintf(none, sizeof none, "Context:\n   Writer Nane: AlphaWriter%s",
	    tail), (int)n);
	big = xmalloc(bn + 1);
	memset(big, 'x', bn);
	memcpy(big + bn - 30, "\n   Writer Name: LongWriter\n", 29);
	big[bn - 1] = '\n';
	big[bn] = '\0';
	for (round = 0; round < 3; round++) {
		f[1].text = a;
		f[1].len = n;
		fill(&ev, "VSS", 8229, f, 2);
		ck_assert_int_eq(run(&ev), 1);
		ck_assert_str_eq(got[0].writer, "AlphaWriter");
		f[1].text = b;
		ck_assert_int_eq(run(&ev), 1);
		ck_assert_str_eq(got[0].writer, "BravoWriter");
		f[1].text = none;
		ck_assert_int_eq(run(&ev), 1);
		ck_assert_ptr_null(got[0].writer);
		f[1].text = big;
		f[1].len = strlen(big);
		ck_assert_int_eq(run(&ev), 1);
		ck_assert_str_eq(got[0].writer, "LongWriter");
		f[1].text = "";
		f[1].len = 0;
		ck_assert_int_eq(run(&ev), 1);
		ck_assert_ptr_null(got[0].writer);
	}
	free(big);
}
END_TEST

/*
 * A field text the scanner found nothing in is not scanned again, but only
 * that very text, and only for an event as much about VSS: a text that
 * differs between the bytes the memo looks at, a code at its very start or
 * end, behind a character reference or in CDATA (the reader has replaced
 * them), non-ASCII text, a text too long to keep.
 */
START_TEST(test_quiet_memo)
{
	/* 112 bytes: the memo looks at 0-7, 52-59 and 104-111 */
	static const char	 quiet[] = "Operation: snapshot set 17 of 99, all done, none of them "
	    "failed or was retried at all here, Writer state: stable";
	static const struct {
		size_t		 at;
		const char	*code;
	} put[] = {
		{ 20, "0x800423F3 " },		/* between the bytes looked at */
		{ 0, "0x800423F3" },		/* at the very start */
		{ 101, " 0x800423F3" },		/* at the very end */
		{ 64, "\xC3\xA9t\xC3\xA9 0x800423F3 " },	/* after non-ASCII text */
	};
	char			 coded[sizeof quiet], *big;
	struct event_field	 f[] = { DATA(1, "") };
	struct event		 ev;
	size_t			 i, bn = 6000;
	int			 round;

	big = xmalloc(bn + 1);
	memset(big, ' ', bn);
	big[bn] = '\0';
	for (round = 0; round < 2; round++) {
		for (i = 0; i < sizeof put / sizeof put[0]; i++) {
			memcpy(coded, quiet, sizeof quiet);
			memcpy(coded + put[i].at, put[i].code, strlen(put[i].code));
			ck_assert_uint_eq(strlen(coded), strlen(quiet));
			f[0].text = quiet;
			f[0].len = strlen(quiet);
			fill(&ev, "VSS", 8224, f, 1);
			ck_assert_int_eq(run(&ev), 0);
			f[0].text = coded;
			ck_assert_int_eq(run(&ev), 1);
			ck_assert_uint_eq(got[0].value, 0x800423F3u);
			ck_assert_int_eq(run(&ev), 1);
		}
		/* a text too long to keep: scanned each time */
		f[0].text = big;
		f[0].len = bn;
		ck_assert_int_eq(run(&ev), 0);
		memcpy(big + bn - 12, "0x800423F3", 10);
		ck_assert_int_eq(run(&ev), 1);
		memset(big + bn - 12, ' ', 10);
	}
	free(big);
}
END_TEST

/*
 * What the scanner found in a field's text is made again for the next
 * event with that text, as that event's: its path, line, time, place in
 * the input, writer and host (the event's computer, else --host), but the
 * host a text names itself stays the text's.  An event not about VSS is
 * not scanned, whatever its text held before.
 */
START_TEST(test_found_memo)
{
	static const char	 coded[] = "Writer failed: 0x800423F3 while thawing";
	static const char	 named[] = "Computer: NAMED01\nWriter failed: 0x800423F3 while thawing";
	static const char	 raw[] = "<Data>x</Data><Data>Writer failed: 0x800423F3 while";
	static const char	*hosts[] = { "SQL01", "FS01", NULL, "SQL01" };
	static const char	*writers[] = { "AlphaWriter", "BravoWriter" };
	char			 ctx1[128], ctx2[128];
	struct event_field	 f[] = { DATA(1, ""), DATA(2, "") };
	struct event		 ev;
	size_t			 i;
	int			 round;

	snprintf(ctx1, sizeof ctx1, "Context:\n   Writer Name: %s\n", writers[0]);
	snprintf(ctx2, sizeof ctx2, "Context:\n   Writer Name: %s\n", writers[1]);
	for (round = 0; round < 8; round++) {
		i = (size_t)round % 4;
		f[0].text = coded;
		f[0].len = strlen(coded);
		f[1].text = round % 2 ? ctx2 : ctx1;
		f[1].len = strlen(f[1].text);
		fill(&ev, "VSS", 8229, f, 2);
		ev.path = round % 2 ? "b.xml" : "a.xml";
		ev.line = 10 + (uint64_t)round;
		ev.offset = 100 * (uint64_t)round;
		ev.time = 1700000000 + round;
		ev.nsec = round;
		ev.computer = hosts[i];
		if (round >= 4) {
			ev.raw = raw;
			ev.raw_len = strlen(raw);
		}
		ck_assert_int_eq(run(&ev), 1);
		ck_assert_uint_eq(got[0].value, 0x800423F3u);
		ck_assert_str_eq(got[0].path, ev.path);
		ck_assert_uint_eq(got[0].line, ev.line);
		ck_assert_int_eq(got[0].time, ev.time);
		ck_assert_int_eq(got[0].nsec, ev.nsec);
		ck_assert_uint_eq(got[0].offset, ev.offset +
		    (round >= 4 ? (uint64_t)(strstr(raw, "0x8004") - raw) : 0));
		ck_assert_str_eq(got[0].writer, writers[round % 2]);
		ck_assert_str_eq(got[0].host, hosts[i] != NULL ? hosts[i] : "fallback-host");
		ck_assert_str_eq(got[0].match, "0x800423F3");
		ck_assert_str_eq(got[0].text, coded);
		/* a host the text names, the first time the event's own too */
		f[0].text = named;
		f[0].len = strlen(named);
		ev.computer = i == 0 ? "NAMED01" : hosts[i];
		ck_assert_int_eq(run(&ev), 1);
		ck_assert_str_eq(got[0].host, "NAMED01");
		ck_assert_uint_eq(got[0].line, ev.line);
	}
	/* two codes, one said twice: each once, placed where it is first written */
	f[0].text = "0x800423F3 then 0x80042306, 0x800423F3 again";
	f[0].len = strlen(f[0].text);
	for (round = 0; round < 3; round++) {
		fill(&ev, "VSS", 8229, f, 1);
		ev.raw = "<Data>0x800423F3 then 0x80042306, 0x800423F3 again</Data>";
		ev.raw_len = strlen(ev.raw);
		ck_assert_int_eq(run(&ev), 2);
		ck_assert_uint_eq(got[0].value, 0x800423F3u);
		ck_assert_uint_eq(got[0].offset, 1006);
		ck_assert_uint_eq(got[1].value, 0x80042306u);
		ck_assert_uint_eq(got[1].offset, 1022);
	}
	/* an unknown code: reported for the VSS event only */
	f[0].text = "Disk failed: 0x80049999 at once";
	f[0].len = strlen(f[0].text);
	fill(&ev, "VSS", 8229, f, 1);
	ck_assert_int_eq(run(&ev), 1);
	fill(&ev, "Other", 1, f, 1);
	ck_assert_int_eq(run(&ev), 0);
	fill(&ev, "VSS", 8229, f, 1);
	ck_assert_int_eq(run(&ev), 1);
}
END_TEST

/* Counts the findings of test_many_fields by their code's low 16 bits. */
static void
count_finding(void *arg, const struct finding *f)
{
	unsigned char	*n = arg;

	n[f->value & 0xFFFF]++;
}

/*
 * An event of many fields, more than take a memo slot each: the texts
 * that share a slot do not take each other's findings, whether the
 * event's writer was looked for in them first or not.
 */
START_TEST(test_many_fields)
{
	enum { NF = 700 };
	struct event_field	*f = xcalloc(NF, sizeof *f);
	static unsigned char	 n[0x10000];
	char			*t;
	struct event		 ev;
	size_t			 i;
	int			 round;

	event_ctx_free(ctx);
	evtest_stop();
	start(1);
	t = xcalloc(NF, 32);
	for (i = 0; i < NF; i++) {
		f[i].kind = EVENT_DATA;
		f[i].index = (int)i + 1;
		f[i].text = t + 32 * i;
		f[i].len = (size_t)snprintf(t + 32 * i, 32, "step %zu: 0x8007%04zX", i, i + 1);
	}
	for (round = 0; round < 3; round++) {
		memset(n, 0, sizeof n);
		fill(&ev, "Other", 1, f, NF);
		event_findings(ctx, &ev, count_finding, n);
		for (i = 0; i < NF; i++)
			ck_assert_int_eq(n[i + 1], 1);
	}
	free(t);
	free(f);
}
END_TEST

/* The summary of DATA fields f[0..n) as event.c made it byte by byte (the reference). */
static size_t
ref_summary(const struct event_field *f, size_t n, char *out, size_t size)
{
	size_t	i, j, k = 0;
	int	blank;

	for (i = 0; i < n && k + 1 < size; i++) {
		if (f[i].len == 0)
			continue;
		if (k > 0 && k + 3 < size) {
			memcpy(out + k, " | ", 3);
			k += 3;
		}
		blank = 1;
		for (j = 0; j < f[i].len && k + 1 < size; j++) {
			unsigned char	c = (unsigned char)f[i].text[j];

			if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
				if (!blank)
					out[k++] = ' ';
				blank = 1;
			} else {
				out[k++] = (char)c;
				blank = 0;
			}
		}
		while (k > 0 && out[k - 1] == ' ')
			k--;
	}
	out[k] = '\0';
	return k;
}

/*
 * An event's summary, its fields' blanks run together, as the byte-by-byte
 * reference makes it: runs of every length about the 16 bytes taken at once,
 * control and non-ASCII bytes, blanks at the ends, fields cut at 1 KiB.
 */
START_TEST(test_summary_squeeze)
{
	static const char	 bytes[] = "ghijklmnopqrstuvwxyz     \t\n\r\x01\xC3\xA9_";
	struct event_field	 f[5];
	char			 t[5][800], want[1025];
	struct event		 ev;
	unsigned		 seed = 7;
	size_t			 i, j, n;
	int			 round;

	for (round = 0; round < 400; round++) {
		n = 1 + (size_t)round % 5;
		for (i = 0; i < n; i++) {
			size_t	len = (seed = seed * 1103515245u + 12345u) >> 16 &
			    (round % 3 == 0 ? 0x1FF : 0x3F);

			/* runs of one class (plain or blank) of any length */
			for (j = 0; j < len; j++) {
				seed = seed * 1103515245u + 12345u;
				t[i][j] = bytes[(seed >> 16) % (sizeof bytes - 1)];
				if ((seed >> 8 & 3) != 0 && j > 0)
					t[i][j] = t[i][j - 1] > ' ' ? (char)('g' + (seed >> 20) % 20) :
					    t[i][j - 1];
			}
			memset(&f[i], 0, sizeof f[i]);
			f[i].kind = EVENT_DATA;
			f[i].index = (int)i + 1;
			f[i].text = t[i];
			f[i].len = len;
		}
		ref_summary(f, n, want, sizeof want);
		fill(&ev, "VSS", 12301, f, n);
		ck_assert_int_eq(run(&ev), 1);
		ck_assert_str_eq(got[0].text, want);
	}
}
END_TEST

/*
 * Binary data that held nothing is not decoded again; the same hex digits
 * as a field's text are another thing (a field of hex digits holds no code).
 */
START_TEST(test_quiet_binary)
{
#define HR	"6872203d20307838303034323346332066726f6d207468652073657276696365"
#define NOHR	"6e6f7468696e67206f6620696e746572657374206174206c6c20696e20686572"
	static const struct event_field	 data[] = { DATA(1, HR) }, bin[] = { BINARY(HR) },
	    none[] = { BINARY(NOHR) }, both[] = { BINARY(NOHR), BINARY(HR) };
	struct event			 ev;
	int				 round;

	for (round = 0; round < 3; round++) {
		fill(&ev, "VSS", 8224, data, 1);
		ck_assert_int_eq(run(&ev), 0);
		fill(&ev, "VSS", 8224, none, 1);
		ck_assert_int_eq(run(&ev), 0);
		fill(&ev, "VSS", 8224, bin, 1);
		ck_assert_int_eq(run(&ev), 1);
		ck_assert_uint_eq(got[0].value, 0x800423F3u);
		fill(&ev, "VSS", 8224, both, 2);
		ck_assert_int_eq(run(&ev), 1);
		/* a VolSnap packet: decoded for its status, then found to hold no text */
		fill(&ev, "VolSnap", 33, both, 2);
		ck_assert_int_eq(run(&ev), 1);
		ck_assert_uint_eq(got[0].value, 0x800423F3u);
	}
#undef HR
#undef NOHR
}
END_TEST

/*
 * The binary data io_packet decoded is scanned as text without a second
 * decoding, but only its own: another binary field is decoded anew.
 */
START_TEST(test_binary_twice)
{
	static const struct event_field	 f[] = {
		BINARY("6872203d20307838303034323346332066726f6d207468652073657276696365"),
		BINARY(PACKET),
	}, g[] = {
		BINARY(PACKET),
		BINARY("6872203d20307838303034323346332066726f6d207468652073657276696365"),
	};
	struct event_field		 h[] = { BINARY("") };
	struct event			 ev;
	int				 round, i, text, status;

	for (round = 0; round < 2; round++) {
		fill(&ev, "VolSnap", 36, round == 0 ? f : g, 2);
		ck_assert_int_eq(run(&ev), 3);
		text = status = 0;
		for (i = 0; i < 3; i++) {
			text += got[i].value == 0x800423F3u;
			status += got[i].value == 0xC000009Au;
		}
		ck_assert_int_eq(text, 1);
		ck_assert_int_eq(status, 1);
	}
	/* the next event's field, at the same place, is its own binary data */
	h[0].text = PACKET;
	h[0].len = strlen(PACKET);
	fill(&ev, "VolSnap", 33, h, 1);
	ck_assert_int_eq(run(&ev), 1);
	ck_assert_uint_eq(got[0].value, 0xC000009Au);
	h[0].text = f[0].text;
	h[0].len = f[0].len;
	fill(&ev, "VSS", 8224, h, 1);
	ck_assert_int_eq(run(&ev), 1);
	ck_assert_uint_eq(got[0].value, 0x800423F3u);
}
END_TEST

/* event_memmem finds what memmem finds, whichever byte of the needle it looks for. */
START_TEST(test_memmem)
{
	char		 hay[64], needle[8];
	unsigned	 seed = 1;
	size_t		 hn, nn, key;
	int		 round, i;

	for (round = 0; round < 20000; round++) {
		hn = (seed = seed * 1103515245u + 12345u) >> 16 & 63;
		nn = 1 + ((seed = seed * 1103515245u + 12345u) >> 16) % 7;
		for (i = 0; i < (int)hn; i++)
			hay[i] = "ax0"[((seed = seed * 1103515245u + 12345u) >> 16) % 3];
		for (i = 0; i < (int)nn; i++)
			needle[i] = "ax0"[((seed = seed * 1103515245u + 12345u) >> 16) % 3];
		for (key = 0; key < nn; key++)
			ck_assert_ptr_eq(event_memmem(hay, hn, needle, nn, key),
			    memmem(hay, hn, needle, nn));
	}
	ck_assert_ptr_null(event_memmem("Event", 5, "EventID", 7, 5));
	ck_assert_ptr_null(event_memmem("", 0, "x", 1, 0));
}
END_TEST

/* event_memmem_any against memmem: hits across and at the end of its 16-byte steps. */
START_TEST(test_memmem_any)
{
	char		 hay[200], needle[12];
	unsigned	 seed = 7;
	size_t		 hn, nn;
	int		 round, i;

	for (round = 0; round < 20000; round++) {
		hn = ((seed = seed * 1103515245u + 12345u) >> 16) % sizeof hay;
		nn = 1 + ((seed = seed * 1103515245u + 12345u) >> 16) % sizeof needle;
		for (i = 0; i < (int)hn; i++)
			hay[i] = "ab1"[((seed = seed * 1103515245u + 12345u) >> 16) % 3];
		for (i = 0; i < (int)nn; i++)
			needle[i] = "ab1"[((seed = seed * 1103515245u + 12345u) >> 16) % 3];
		ck_assert_ptr_eq(event_memmem_any(hay, hn, needle, nn), memmem(hay, hn, needle, nn));
		/* the needle as the haystack's last bytes */
		if (hn >= nn) {
			memcpy(hay + hn - nn, needle, nn);
			ck_assert_ptr_eq(event_memmem_any(hay, hn, needle, nn),
			    memmem(hay, hn, needle, nn));
		}
	}
	ck_assert_ptr_null(event_memmem_any("Event", 5, "EventID", 7));
	ck_assert_ptr_null(event_memmem_any("", 0, "x", 1));
}
END_TEST

/* SystemTime, as XML and JSON exports write it. */
START_TEST(test_time)
{
	int64_t	t;
	long	ns;

	ck_assert_int_eq(event_parse_time("2024-05-14T02:13:09.4123456Z", &t, &ns), 0);
	ck_assert_int_eq(t, 1715652789);
	ck_assert_int_eq(ns, 412345600);
	ck_assert_int_eq(event_parse_time("2024-05-14 04:13:09+02:00", &t, &ns), 0);
	ck_assert_int_eq(t, 1715652789);
	ck_assert_int_eq(ns, 0);
	ck_assert_int_eq(event_parse_time("14.05.2024 02:13:09", &t, &ns), -1);
	ck_assert_int_eq(t, TSTAMP_NONE);
	ck_assert_int_eq(event_parse_time("", &t, &ns), -1);
}
END_TEST

/*
 * event_parse_time by sscanf alone, as it reads a time that is not in the
 * plain form: with timegm for the days, the fraction and offset as it reads
 * them.
 */
static int
time_by_sscanf(const char *s, int64_t *t, long *nsec)
{
	struct tm	tm;
	int		Y, M, D, h, m, sec, n = 0, k;
	long		ns = 0;

	if (sscanf(s, "%4d-%2d-%2d%*1[T ]%2d:%2d:%2d%n", &Y, &M, &D, &h, &m, &sec, &n) != 6 ||
	    Y < 1 || M < 1 || M > 12 || D < 1 || D > 31 || h < 0 || h > 23 || m < 0 ||
	    m > 59 || sec < 0 || sec > 60)
		return -1;
	memset(&tm, 0, sizeof tm);
	tm.tm_year = Y - 1900;
	tm.tm_mon = M - 1;
	tm.tm_mday = D;
	tm.tm_hour = h;
	tm.tm_min = m;
	tm.tm_sec = sec;
	*t = (int64_t)timegm(&tm);
	s += n;
	if (*s == '.') {
		for (k = 0, s++; *s >= '0' && *s <= '9'; s++, k++)
			if (k < 9)
				ns = ns * 10 + (*s - '0');
		for (; k < 9; k++)
			ns *= 10;
	}
	*nsec = ns;
	if ((s[0] == '+' || s[0] == '-') && sscanf(s + 1, "%2d:%2d", &h, &m) == 2)
		*t -= (s[0] == '+' ? 1 : -1) * (int64_t)(h * 3600 + m * 60);
	return 0;
}

/*
 * The plain form read without sscanf (plain_time) gives what sscanf gives,
 * and takes nothing else: every byte of a SystemTime, in turn, made every
 * other byte value (and the end of the string).
 */
START_TEST(test_time_plain)
{
	const char	*base = "2024-05-14T02:13:09.4123456Z";
	char		 s[32];
	int64_t		 t, want_t;
	long		 ns, want_ns;
	size_t		 i;
	int		 c, r, want;

	for (i = 0; i < 19; i++) {
		for (c = 0; c < 256; c++) {
			memcpy(s, base, strlen(base) + 1);
			s[i] = (char)c;
			want = time_by_sscanf(s, &want_t, &want_ns);
			r = event_parse_time(s, &t, &ns);
			ck_assert_msg(r == want, "%zu: byte %d: %d, not %d", i, c, r, want);
			if (r == 0) {
				ck_assert_msg(t == want_t, "%zu: byte %d", i, c);
				ck_assert_int_eq(ns, want_ns);
			}
		}
	}
	/* every length of the plain form, cut short */
	for (i = 0; i <= strlen(base); i++) {
		memcpy(s, base, i);
		s[i] = '\0';
		want = time_by_sscanf(s, &want_t, &want_ns);
		ck_assert_int_eq(event_parse_time(s, &t, &ns), want);
		if (want == 0)
			ck_assert_msg(t == want_t, "cut at %zu", i);
	}
}
END_TEST

/* A finding carries the event's time. */
START_TEST(test_event_time)
{
	static const struct event_field	 f[] = {
		DATA(1, "CoCreateInstance"),
		DATA(2, "0x80070005, Access is denied."),
	};
	struct event			 ev;

	fill(&ev, "VSS", 8193, f, 2);
	ev.time = 1715652789;
	ck_assert_int_eq(run(&ev), 1);
	ck_assert_int_eq(got[0].time, 1715652789);
	ck_assert_str_eq(got[0].provider, "VSS");
}
END_TEST

/*
 * The arena the readers keep an event's strings in: strings of their own,
 * one string appended in pieces, offsets that survive growth, and reuse.
 */
START_TEST(test_arena)
{
	struct arena	*a = NULL;
	size_t		 one, two, three, i;
	char		 big[300];

	ck_assert_uint_eq(arena_len(a), 0);
	ck_assert_ptr_null(arena_str(a, ARENA_NONE));
	ck_assert_uint_eq(arena_add(&a, NULL, 3), ARENA_NONE);
	one = arena_add(&a, "Writer", 6);
	two = arena_append(&a, "Sql", 3);
	ck_assert_uint_eq(arena_append(&a, "ServerWriter", 12), two + 3);
	ck_assert_str_eq(arena_str(a, two), "SqlServerWriter");
	arena_add(&a, "", 0);
	memset(big, 'x', sizeof big);
	three = arena_add(&a, big, sizeof big);
	ck_assert_uint_eq(three, two + 16);
	ck_assert_str_eq(arena_str(a, one), "Writer");
	ck_assert_str_eq(arena_str(a, two), "SqlServerWriter");
	for (i = 0; i < sizeof big; i++)
		ck_assert_int_eq(arena_str(a, three)[i], 'x');
	ck_assert_int_eq(arena_str(a, three)[sizeof big], '\0');
	ck_assert_uint_eq(arena_len(a), three + sizeof big + 1);
	/* a cut drops what came after the offset and ends the string there */
	arena_append(&a, "Writer", 6);
	arena_cut(a, three + 10);
	ck_assert_uint_eq(arena_len(a), three + 10);
	ck_assert_uint_eq(strlen(arena_str(a, three)), 10);
	arena_cut(a, three + 20);	/* past the end: nothing changes */
	ck_assert_uint_eq(arena_len(a), three + 10);
	arena_cut(NULL, 0);
	arena_clear(a);
	ck_assert_uint_eq(arena_len(a), 0);
	ck_assert_uint_eq(arena_add(&a, "x", 1), 0);
	free(a);
}
END_TEST

static Suite *
event_suite(void)
{
	Suite	*s = suite_create("event");
	TCase	*tc = tcase_create("model");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_field_rule);
	tcase_add_test(tc, test_field_forms);
	tcase_add_test(tc, test_failure_event);
	tcase_add_test(tc, test_binary_decoding);
	tcase_add_test(tc, test_io_packet);
	tcase_add_test(tc, test_binary_text);
	tcase_add_test(tc, test_scanned_field);
	tcase_add_test(tc, test_writer);
	tcase_add_test(tc, test_unwanted);
	tcase_add_test(tc, test_wanted);
	tcase_add_test(tc, test_memo);
	tcase_add_test(tc, test_writer_memo);
	tcase_add_test(tc, test_binary_twice);
	tcase_add_test(tc, test_quiet_memo);
	tcase_add_test(tc, test_quiet_binary);
	tcase_add_test(tc, test_found_memo);
	tcase_add_test(tc, test_many_fields);
	tcase_add_test(tc, test_summary_squeeze);
	tcase_add_test(tc, test_memmem);
	tcase_add_test(tc, test_memmem_any);
	tcase_add_test(tc, test_time);
	tcase_add_test(tc, test_time_plain);
	tcase_add_test(tc, test_arena);
	tcase_add_test(tc, test_event_time);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return evtest_main(event_suite());
}

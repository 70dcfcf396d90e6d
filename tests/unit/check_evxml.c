/* check_evxml.c: unit tests of the event-log XML reader and the [event] rules. */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "event.h"
#include "evtest.h"
#include "evxml-fast.h"
#include "evxml.h"
#include "xalloc.h"

#define NS	"http://schemas.microsoft.com/win/2004/08/events/event"

static struct evxml	*ev;

/* Prepares the reader over the real rules; all_codes as --all-codes. */
static void
start(int all_codes)
{
	evtest_start(all_codes, NULL, "check_evxml");
	evtest_need_event = 1;
	ev = evxml_new(db, scanner, &opts);
}

static void
setup(void)
{
	start(0);
}

static void
teardown(void)
{
	evxml_free(ev);
	evtest_stop();
}

/* Reads text as an event export; returns what evxml_scan returned. */
static int
scan(const char *text)
{
	struct input	*in = evtest_input(text);
	int		 r;

	r = evxml_scan(ev, in, "t.xml", on_finding, on_error, NULL);
	input_close(in);
	return r;
}

/* One event of provider prov with the given System extras and EventData. */
static char *
event(const char *prov, int id, const char *extra, const char *data)
{
	return xasprintf("<Event xmlns='" NS "'><System><Provider Name='%s'/><EventID>%d</EventID>"
	    "<Level>2</Level><TimeCreated SystemTime='2024-05-14T02:13:09.4123456Z'/>"
	    "<EventRecordID>4711</EventRecordID><Channel>Application</Channel>"
	    "<Computer>SQL01</Computer>%s</System><EventData>%s</EventData></Event>\n",
	    prov, id, extra, data);
}

/* Where the event id and the binary data are written: after the first "EventID" and "Binary>". */
START_TEST(test_place_written)
{
	static const struct {
		const char	*raw;
		long		 id, bin;	/* offsets, -1: none */
	} cases[] = {
		{ "<System><EventID Qualifiers='0'>12</EventID></System>"
		    "<EventData><Binary>0A0B</Binary></EventData>", 32, 72 },
		/* "I" and "y" before, the names cut short, in other words */
		{ "<ProcessID>y I Eventy EventI <Data>Binary</Data><EventID>7</EventID>"
		    "<Binary>00</Binary>", 57, 76 },
		{ "EventIDX>1 Binary>", 9, 18 },
		{ "<EventID>", 9, -1 },
		{ "EventID", -1, -1 },
		{ "EventI", -1, -1 },
		{ "Binary>", -1, 7 },
		{ "", -1, -1 },
	};
	struct event_field	 f[3];
	struct event		 e;
	size_t			 i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		memset(&e, 0, sizeof e);
		memset(f, 0, sizeof f);
		f[0].kind = EVENT_BINARY;
		f[1].kind = EVENT_DATA;
		f[2].kind = EVENT_BINARY;
		e.raw = cases[i].raw;
		e.raw_len = strlen(cases[i].raw);
		e.fields = f;
		e.nfields = 3;
		evxml_place_written(&e, f);
		ck_assert_int_eq(e.id_written != NULL ? e.id_written - e.raw : -1, cases[i].id);
		ck_assert_int_eq(f[0].written != NULL ? f[0].written - e.raw : -1, cases[i].bin);
		ck_assert_ptr_null(f[1].written);
		ck_assert_ptr_eq(f[2].written, f[0].written);
	}
}
END_TEST

/*
 * The event's start tag as Windows writes it is compared whole (plain_root in
 * evxml-fast.c); tags that only look like it are read attribute by attribute
 * and taken or refused as before.  Each is read alone, as its own span.
 */
START_TEST(test_fast_root)
{
	static const struct {
		const char	*head;
		int		 want;	/* evxml_fast_event's answer */
	} cases[] = {
		{ "<Event xmlns='" NS "'>", 0 },
		{ "<Event xmlns=\"" NS "\">", 0 },
		{ "<Event xmlns = '" NS "' >", 0 },
		{ "<Event xmlns='" NS "' Other='1'>", 0 },
		{ "<Event xmlns='" NS "\">", -1 },
		{ "<Event xmlns=\"" NS "'>", -1 },
		{ "<Event xmlns='" NS "'/>", -1 },
		{ "<Event xmlns='" NS "x'>", -1 },
		{ "<Event xmlns=x" NS "x>", -1 },
		{ "<Event xmlns='" NS "'x>", -1 },
		{ "<Event xmlnsx='" NS "'>", 0 },
		{ "<Event xmlns='urn:other'>", -1 },
		{ "<Event xmlns='", -1 },
		{ "<Event", -1 },
	};
	struct evxml_fast	*f = evxml_fast_new();
	struct event		 e;
	size_t			 i;
	char			*b;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		b = xasprintf("%s<System><Provider Name='VSS'/><EventID>8193</EventID></System>"
		    "<EventData><Data>0x800423f4</Data></EventData></Event>", cases[i].head);
		memset(&e, 0, sizeof e);
		ck_assert_msg(evxml_fast_event(f, "Event", b, strlen(b), &e) == cases[i].want,
		    "%s", cases[i].head);
		if (cases[i].want == 0) {
			ck_assert_str_eq(e.provider, "VSS");
			ck_assert_int_eq(e.event_id, 8193);
			ck_assert_uint_eq(e.nfields, 1);
			ck_assert_uint_eq(e.fields[0].len, 10);
			ck_assert_mem_eq(e.fields[0].text, "0x800423f4", 10);
		}
		/* the tag alone, cut anywhere, is never read past its end */
		memset(&e, 0, sizeof e);
		ck_assert_int_eq(evxml_fast_event(f, "Event", b, strlen(cases[i].head), &e), -1);
		free(b);
	}
	evxml_fast_free(f);
}
END_TEST

/*
 * The fields' names and texts as the fast reader keeps them: the unnamed ones
 * (made in one step by open_field) beside the named, empty and with
 * references; a text without references is where it stands in the event
 * (field_text), one with them in the reader's arena, ended by a NUL.
 */
START_TEST(test_fast_fields)
{
	static const char	*names[] = { NULL, "N", NULL, "M", NULL, NULL, "L" };
	static const char	*texts[] = { "x", "y", "", "", "z", "a&b", "" };
	const char		*b = "<Event xmlns='" NS "'><System><Provider Name='VSS'/>"
	    "</System><EventData><Data>x</Data><Data Name='N'>y</Data><Data/>"
	    "<Data Name='M'/><Data>z</Data><Data>a&amp;b</Data><Data Name='L'></Data>"
	    "</EventData></Event>";
	struct evxml_fast	*f = evxml_fast_new();
	struct event		 e;
	size_t			 i;

	memset(&e, 0, sizeof e);
	ck_assert_int_eq(evxml_fast_event(f, "Event", b, strlen(b), &e), 0);
	ck_assert_uint_eq(e.nfields, sizeof texts / sizeof texts[0]);
	for (i = 0; i < e.nfields; i++) {
		ck_assert_int_eq(e.fields[i].kind, EVENT_DATA);
		ck_assert_int_eq(e.fields[i].index, (int)i + 1);
		ck_assert_uint_eq(e.fields[i].len, strlen(texts[i]));
		ck_assert_mem_eq(e.fields[i].text, texts[i], e.fields[i].len);
		if (i == 5)
			ck_assert_str_eq(e.fields[i].text, texts[i]);
		else if (e.fields[i].len > 0)
			ck_assert(e.fields[i].text > b && e.fields[i].text < b + strlen(b) &&
			    e.fields[i].text[-1] == '>' && e.fields[i].text[e.fields[i].len] == '<');
		if (names[i] == NULL)
			ck_assert_ptr_null(e.fields[i].name);
		else
			ck_assert_str_eq(e.fields[i].name, names[i]);
	}
	evxml_fast_free(f);
}
END_TEST

START_TEST(test_sniff)
{
	static const struct {
		const char		*text;
		enum evxml_kind		 kind;
	} cases[] = {
		{ "<Event xmlns='" NS "'><System/></Event>", EVXML_EVENTS },
		{ "\n  <?xml version=\"1.0\" encoding=\"UTF-16\"?>\r\n<Events>\r\n<Event>", EVXML_EVENTS },
		{ "<!-- saved --><evt:Events xmlns:evt='x'>", EVXML_EVENTS },
		{ "evtxexport 20181227\n\n<Event xmlns=\"" NS "\">", EVXML_EVENTS },
		{ "<?xml version=\"1.0\"?><!DOCTYPE Events [<!ENTITY a \"b\">]><Events/>", EVXML_EVENTS },
		{ "<!DOCTYPE lolz [<!ENTITY lol \"lol\">]><lolz>&lol;</lolz>", EVXML_EVENTS },
		{ "<!DOCTYPE html><html><body>hr = 0x80042306</body></html>", EVXML_NONE },
		{ "<Objs Version=\"1.1.0.1\" xmlns=\"http://schemas.microsoft.com/powershell/2004/04\">",
		  EVXML_REFUSED },
		{ "<Objs Version=\"1.1.0.1\">", EVXML_NONE },
		{ "Log Name: Application\r\nEvent Xml:\r\n<Event xmlns=\"" NS "\">", EVXML_NONE },
		{ "2024-05-14 02:13:09 ERROR <Event> hr = 0x80042306", EVXML_NONE },
		{ "<EventData><Data>x</Data></EventData>", EVXML_NONE },
		{ "", EVXML_NONE },
	};
	const char	*why;
	size_t		 i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		ck_assert_msg(evxml_sniff(cases[i].text, strlen(cases[i].text), &why) == cases[i].kind,
		    "case %zu: %s", i, cases[i].text);
		if (cases[i].kind == EVXML_REFUSED)
			ck_assert_ptr_nonnull(strstr(why, "wevtutil qe Application /f:xml"));
	}
}
END_TEST

START_TEST(test_vss_event)
{
	char	*e = event("VSS", 8193, "", "<Data>CoCreateInstance</Data>"
	    "<Data>0x80070539, The security ID structure is invalid.\n</Data>");

	ck_assert_int_eq(scan(e), 0);
	free(e);
	ck_assert_int_eq(nerr, 0);
	ck_assert_int_eq(ngot, 1);
	ck_assert_uint_eq(got[0].value, 0x80070539u);
	ck_assert_int_eq(got[0].form, FORM_HEX);
	ck_assert_uint_eq(got[0].line, 1);
	ck_assert_int_eq(got[0].event_id, 8193);
	ck_assert_int_eq(got[0].record_id, 4711);
	ck_assert_int_eq(got[0].level, 2);
	ck_assert_str_eq(got[0].provider, "VSS");
	ck_assert_str_eq(got[0].text, "0x80070539, The security ID structure is invalid.");
	/* 2024-05-14T02:13:09.4123456Z */
	ck_assert_int_eq(got[0].time, 1715652789);
	ck_assert_int_eq(got[0].nsec, 412345600);
	ck_assert_uint_eq(evxml_count(ev)->events, 1);
	ck_assert_uint_eq(evxml_count(ev)->parsed, 1);
}
END_TEST

/* An unknown hr in the field the rules name is reported; elsewhere it needs a key word. */
START_TEST(test_field_rule)
{
	char	*e = event("VSS", 8193, "", "<Data>Routine</Data><Data>0x80049999, ?\n</Data>"
	    "<Data>also 0x80048888 here</Data>");

	ck_assert_int_eq(scan(e), 0);
	free(e);
	ck_assert_int_eq(ngot, 1);
	ck_assert_uint_eq(got[0].value, 0x80049999u);
	ck_assert_str_eq(got[0].guidance, "unknown");
	/* 8230: the status is a decimal Win32 number */
	e = event("VSS", 8230, "", "<Data>backupadmin</Data><Data>1376</Data>");
	scan(e);
	free(e);
	ck_assert_int_eq(ngot, 1);
	ck_assert_uint_eq(got[0].value, 0x80070560u);
	ck_assert_int_eq(got[0].form, FORM_WIN32);
	ck_assert_str_eq(got[0].match, "1376");
}
END_TEST

START_TEST(test_failure_event)
{
	char	*e = event("VSS", 12301, "", "<Data>SqlServerWriter</Data>"
	    "<Data>\n\nOperation:\n   Gather writers' status\n</Data>");

	scan(e);
	free(e);
	ck_assert_int_eq(ngot, 1);
	ck_assert_uint_eq(got[0].value, 0x80042319u);
	ck_assert_int_eq(got[0].form, FORM_EVENT);
	ck_assert_str_eq(got[0].match, "12301");
	ck_assert_str_eq(got[0].writer, "SqlServerWriter");
	ck_assert_str_eq(got[0].guidance, "investigate");
	ck_assert_ptr_nonnull(strstr(got[0].title, "12301"));
}
END_TEST

/* The writer named in a later field's context block is attached; a code is reported once. */
START_TEST(test_writer_and_repeats)
{
	char	*e = xasprintf("<Event xmlns='" NS "'><System><Provider Name='VSS'/><EventID>8229</EventID>"
	    "</System><EventData><Data>0x800423f4, The writer experienced a non-transient error.</Data>"
	    "<Data>\n\nOperation:\n   PrepareForSnapshot Event\n\nContext:\n   Writer Name: SqlServerWriter\n"
	    "</Data></EventData><RenderingInfo Culture='en-US'><Message>A VSS writer has rejected an event "
	    "with error 0x800423F4, The writer experienced a non-transient error.</Message></RenderingInfo>"
	    "</Event>");

	scan(e);
	free(e);
	ck_assert_int_eq(ngot, 1);
	ck_assert_uint_eq(got[0].value, 0x800423F4u);
	ck_assert_str_eq(got[0].writer, "SqlServerWriter");
	ck_assert_int_eq(got[0].time, TSTAMP_NONE);
	ck_assert_int_eq(got[0].record_id, -1);
}
END_TEST

/* VolSnap: the event, then the FinalStatus of its IO_ERROR_LOG_PACKET. */
START_TEST(test_volsnap_packet)
{
	char	*e = event("Volsnap", 36, "", "<Data Name='DeviceName'>\\Device\\HarddiskVolumeShadowCopy1</Data>"
	    "<Binary>00000000020030000000000024000680B20000009A0000C000000000000000000000000000000000</Binary>");

	scan(e);
	free(e);
	ck_assert_int_eq(ngot, 2);
	ck_assert_uint_eq(got[0].value, 0xC0060024u);
	ck_assert_int_eq(got[0].form, FORM_EVENT);
	ck_assert_str_eq(got[0].guidance, "fix");
	ck_assert_uint_eq(got[1].value, 0xC000009Au);
	ck_assert_int_eq(got[1].form, FORM_BINARY);
	ck_assert_str_eq(got[1].match, "9A0000C0");
}
END_TEST

/* Events of other providers: silent unless about VSS; logon audits never. */
START_TEST(test_other_providers)
{
	char	*a = event("Microsoft-Windows-Security-Auditing", 4625, "",
	    "<Data Name='TargetUserName'>backup</Data><Data Name='Status'>0xc000006d</Data>"
	    "<Data Name='SubStatus'>0xc000006a</Data><Data Name='TargetLogonId'>0x8a2b3c4d</Data>");
	char	*b = event("Application Error", 1000, "", "<Data>app.exe</Data><Data>c0000005</Data>"
	    "<Data>0x80070005</Data>");
	char	*c = event("NightOwl Backup", 1, "", "<Data>VSS snapshot failed: 0x800423F3</Data>");
	char	*all = xasprintf("<Events>%s%s%s</Events>", a, b, c);

	ck_assert_int_eq(scan(all), 0);
	ck_assert_int_eq(ngot, 1);
	ck_assert_uint_eq(got[0].value, 0x800423F3u);
	ck_assert_uint_eq(got[0].line, 3);
	ck_assert_uint_eq(evxml_count(ev)->events, 3);
	/* the logon failure and the crash are decided from raw bytes, unparsed */
	ck_assert_uint_eq(evxml_count(ev)->parsed, 1);
	ck_assert_uint_eq(evxml_count(ev)->lines, 4);
	teardown();
	start(1);
	/* --all-codes: every failure-shaped code, the logon id too */
	ck_assert_int_eq(scan(all), 0);
	ck_assert_int_eq(ngot, 6);
	ck_assert_uint_eq(got[0].value, 0xC000006Du);
	ck_assert_uint_eq(got[1].value, 0xC000006Au);
	ck_assert_uint_eq(got[2].value, 0x8A2B3C4Du);
	ck_assert_uint_eq(got[3].value, 0xC0000005u);
	ck_assert_uint_eq(got[4].value, 0x80070005u);
	ck_assert_uint_eq(got[5].value, 0x800423F3u);
	free(a);
	free(b);
	free(c);
	free(all);
}
END_TEST

/* What the raw bytes cannot judge is parsed: references, CDATA, binary text. */
START_TEST(test_hidden_codes)
{
	char	*e = event("Service Control Manager", 7023, "",
	    "<Data>Volume Shadow Copy</Data><Data>hr = &#x30;x80042306</Data>");

	scan(e);
	free(e);
	ck_assert_int_eq(ngot, 1);
	ck_assert_uint_eq(got[0].value, 0x80042306u);
	e = event("Service Control Manager", 7023, "",
	    "<Data>Volume Shadow Copy</Data><Data><![CDATA[error 0x80042306]]></Data>");
	scan(e);
	free(e);
	ck_assert_int_eq(ngot, 1);
	/* "VSS error 0x800423F3" in UTF-16LE, hex */
	e = event("NightOwl Backup", 9, "", "<Binary>5600530053002000650072007200"
	    "6F0072002000300078003800300030003400320033004600330000000000</Binary>");
	scan(e);
	free(e);
	ck_assert_int_eq(ngot, 1);
	ck_assert_uint_eq(got[0].value, 0x800423F3u);
	ck_assert_str_eq(got[0].text, "VSS error 0x800423F3");
}
END_TEST

START_TEST(test_truncated)
{
	char	*a = event("VSS", 8193, "", "<Data>x</Data><Data>0x80070539, invalid</Data>");
	char	*b = event("VSS", 8193, "", "<Data>x</Data><Data>0x80070005, denied</Data>");
	char	*t = xasprintf("%s%.*s", a, 200, b);

	ck_assert_int_eq(scan(t), -1);
	ck_assert_int_eq(ngot, 1);
	ck_assert_uint_eq(got[0].value, 0x80070539u);
	ck_assert_int_eq(nerr, 1);
	ck_assert_str_eq(errs[0], "t.xml:2:201: the input ends inside the event that starts at "
	    "line 2 (cut off?)");
	free(t);
	/* cut inside the start tag */
	t = xasprintf("%s%.*s", a, 30, b);
	ck_assert_int_eq(scan(t), -1);
	ck_assert_int_eq(ngot, 1);
	ck_assert_str_eq(errs[0], "t.xml:2:31: the input ends inside a tag (cut off?)");
	free(a);
	free(b);
	free(t);
}
END_TEST

START_TEST(test_malformed)
{
	char	*a = event("VSS", 8193, "", "<Data>x</Data><Data>0x80070539, invalid</Data>");
	char	*b = event("VSS", 8193, "", "<Data>x</Data>\n<Data>0x80070005, denied</Dat>");
	char	*c = event("VSS", 8193, "", "<Data>x</Data><Data>0x80070001, incorrect</Data>");
	char	*t = xasprintf("%s%s%s", a, b, c);

	/* the damaged event is passed over: the ones before and after it count */
	ck_assert_int_eq(scan(t), -1);
	ck_assert_int_eq(ngot, 2);
	ck_assert_int_eq(nerr, 1);
	ck_assert_msg(strncmp(errs[0], "t.xml:3:", 8) == 0 &&
	    strstr(errs[0], "Opening and ending tag mismatch: Data line 3 and Dat") != NULL,
	    "%s", errs[0]);
	free(a);
	free(b);
	free(c);
	free(t);
}
END_TEST

START_TEST(test_refused)
{
	ck_assert_int_eq(scan("<?xml version=\"1.0\"?>\n<!DOCTYPE Events [\n<!ENTITY a \"aaaa\">\n"
	    "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">\n]>\n<Events><Event><EventData><Data>&b;</Data>"
	    "</EventData></Event></Events>\n"), -1);
	ck_assert_int_eq(ngot, 0);
	ck_assert_int_eq(nerr, 1);
	ck_assert_msg(strncmp(errs[0], "t.xml:2:1: a document type declaration (DTD): refused", 53) == 0,
	    "%s", errs[0]);
	/* an entity without a DTD is no better */
	ck_assert_int_eq(scan("<Event xmlns='" NS "'><System><Provider Name='VSS'/></System>"
	    "<EventData><Data>&xxe;</Data></EventData></Event>"), -1);
	ck_assert_ptr_nonnull(strstr(errs[0], "Entity 'xxe' not defined"));
	/* markup that is not an event */
	ck_assert_int_eq(scan("<Events><Record/></Events>"), -1);
	ck_assert_str_eq(errs[0], "t.xml:1:9: <Record> where an <Event> should start");
}
END_TEST

/* The shapes of exports: rootless, pretty-printed, prefixed, empty events, banners. */
START_TEST(test_shapes)
{
	ck_assert_int_eq(scan("evtxexport 20181227\n\n<ev:Event xmlns:ev='" NS "'>\n  <ev:System>\n"
	    "    <ev:Provider Name='VSS'/>\n    <ev:EventID>12289</ev:EventID>\n  </ev:System>\n"
	    "  <ev:EventData>\n    <ev:Data>x</ev:Data>\n    <ev:Data>0x80070001, Incorrect function."
	    "</ev:Data>\n  </ev:EventData>\n</ev:Event>\n<Event/>\n"), 0);
	ck_assert_int_eq(nerr, 0);
	ck_assert_int_eq(ngot, 1);
	ck_assert_uint_eq(got[0].value, 0x80070001u);
	ck_assert_uint_eq(got[0].line, 3);
	ck_assert_uint_eq(evxml_count(ev)->events, 2);
	ck_assert_uint_eq(evxml_count(ev)->lines, 13);
	/* evtx_dump.py: a blank instead of the T, no zone */
	scan("<Events><Event><System><Provider Name='VSS'/><EventID>8194</EventID>"
	    "<TimeCreated SystemTime='2018-07-06 18:37:44.881628'/></System><EventData>"
	    "<Data>0x80070005, Access is denied.</Data></EventData></Event></Events>");
	ck_assert_int_eq(ngot, 1);
	ck_assert_int_eq(got[0].time, 1530902264);
	ck_assert_int_eq(got[0].nsec, 881628000);
}
END_TEST

/* Writes a rules file into a fresh directory; returns the directory (static). */
static const char *
rules_dir(const char *text)
{
	static char	dir[64];
	char		file[96];
	FILE		*f;

	strcpy(dir, "/tmp/check_evxml_rules.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(file, sizeof file, "%s/x.rules", dir);
	ck_assert_ptr_nonnull(f = fopen(file, "w"));
	fputs(text, f);
	fclose(f);
	return dir;
}

static void
rules_gone(const char *dir)
{
	char	file[96];

	snprintf(file, sizeof file, "%s/x.rules", dir);
	unlink(file);
	rmdir(dir);
}

/* The [event] section: what it accepts and what it refuses. */
START_TEST(test_event_rules)
{
	static const struct {
		const char	*text;
		const char	*problem;	/* NULL: loads */
	} cases[] = {
		{ "[event Foo/7]\ntitle = t\nfield.2 = code\nfield.Status = win32\nwriter = 1\n", NULL },
		{ "[event Foo/*]\nrelated = no\n", NULL },
		{ "[event Foo/7]\ntitle = t\ncode = E_ACCESSDENIED\ndescription = d\nguidance = fix\n", NULL },
		{ "[event Foo]\n", "[event PROVIDER/ID]" },
		{ "[event Foo/70000]\n", "bad event id" },
		{ "[event Fo o/1]\n", "one word" },
		{ "[event Foo/7]\nfield.2 = hex\ntitle = t\n", "a 'code' or a 'win32'" },
		{ "[event Foo/7]\ntitle = t\ncode = NO_SUCH_NAME\ndescription = d\nguidance = fix\n",
		  "neither a value nor a defined name" },
		{ "[event Foo/7]\ntitle = t\ncode = 0xC0060019\n", "no description or guidance" },
		{ "[event Foo/7]\ntitle = t\ndescription = d\n", "belong to an event with a code" },
		{ "[event Foo/*]\ncode = 0x80004005\n", "a code belongs to one event id" },
		{ "[event Foo/7]\ntitle = t\nrelated = no\n", "related belongs to" },
		{ "[event Foo/7]\nfield.1 = code\n", "has no title" },
		{ "[event Foo/7]\ntitle = t\ntitle = u\n", "given twice" },
		{ "[event Foo/7]\ntitle = t\nbinary = zip\n", "binary is io-packet or text" },
		{ "[event Foo/7]\ntitle = t\nflavour = x\n", "unknown key 'flavour'" },
	};
	size_t	i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char	*dirs[2] = { TEST_RULESDIR, rules_dir(cases[i].text) };
		struct db	*d;
		char		*err = NULL;

		d = db_load(dirs, NULL, 2, &err);
		if (cases[i].problem == NULL)
			ck_assert_msg(d != NULL, "case %zu: %s", i, err ? err : "");
		else
			ck_assert_msg(d == NULL && err != NULL && strstr(err, cases[i].problem) != NULL,
			    "case %zu: wanted '%s', got: %s", i, cases[i].problem, err ? err : "(loaded)");
		if (d != NULL && i == 0) {
			const struct db_event	*e = db_event_find(d, "foo", 7);

			ck_assert_ptr_nonnull(e);
			ck_assert_uint_eq(e->nfields, 2);
			ck_assert_int_eq(e->fields[0].index, 2);
			ck_assert_int_eq(e->fields[0].form, DB_FIELD_CODE);
			ck_assert_str_eq(e->fields[1].name, "Status");
			ck_assert_int_eq(e->fields[1].form, DB_FIELD_WIN32);
			ck_assert_int_eq(e->writer_index, 1);
			ck_assert_int_eq(db_event_provider(d, "FOO"), DB_PROVIDER_VSS);
			ck_assert_int_eq(db_event_provider(d, "Bar"), DB_PROVIDER_NONE);
		}
		if (d != NULL && i == 1)
			ck_assert_int_eq(db_event_provider(d, "foo"), DB_PROVIDER_OTHER);
		db_free(d);
		free(err);
		rules_gone(dirs[1]);
	}
}
END_TEST

/* The shipped knowledge: the failures without a code, and the providers. */
START_TEST(test_shipped_events)
{
	const struct db_event	*e;

	ck_assert_ptr_nonnull(e = db_event_find(db, "VSS", 12301));
	ck_assert_int_eq(e->failure, 1);
	ck_assert_uint_eq(e->code.value, 0x80042319u);
	ck_assert_ptr_nonnull(e->code.guidance);
	ck_assert_ptr_nonnull(e = db_event_find(db, "volsnap", 25));
	ck_assert_uint_eq(e->code.value, 0xC0060019u);
	ck_assert_ptr_nonnull(e = db_event_find(db, "VolSnap", DB_EVENT_ANY));
	ck_assert_int_eq(e->binary, DB_BINARY_IO_PACKET);
	ck_assert_ptr_nonnull(e = db_event_find(db, "VSS", 8230));
	ck_assert_int_eq(e->fields[0].form, DB_FIELD_WIN32);
	ck_assert_int_eq(db_event_provider(db, "Microsoft-Windows-Backup"), DB_PROVIDER_VSS);
	ck_assert_int_eq(db_event_provider(db, "Microsoft-Windows-Security-Auditing"),
	    DB_PROVIDER_OTHER);
	ck_assert_ptr_null(db_event_find(db, "VSS", 4625));
}
END_TEST

static Suite *
evxml_suite(void)
{
	Suite	*s = suite_create("evxml");
	TCase	*tc = tcase_create("events");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_sniff);
	tcase_add_test(tc, test_fast_root);
	tcase_add_test(tc, test_fast_fields);
	tcase_add_test(tc, test_place_written);
	tcase_add_test(tc, test_vss_event);
	tcase_add_test(tc, test_field_rule);
	tcase_add_test(tc, test_failure_event);
	tcase_add_test(tc, test_writer_and_repeats);
	tcase_add_test(tc, test_volsnap_packet);
	tcase_add_test(tc, test_other_providers);
	tcase_add_test(tc, test_hidden_codes);
	tcase_add_test(tc, test_truncated);
	tcase_add_test(tc, test_malformed);
	tcase_add_test(tc, test_refused);
	tcase_add_test(tc, test_shapes);
	tcase_add_test(tc, test_event_rules);
	tcase_add_test(tc, test_shipped_events);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return evtest_main(evxml_suite());
}

/* check_evjson.c: unit tests of the JSON event reader: recognising it, and each shape's fields. */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "event.h"
#include "evjson.h"
#include "evtest.h"
#include "evxml.h"
#include "xalloc.h"

static struct evxml	*look;
static struct evjson	*ej;

static void
setup(void)
{
	evtest_start(0, NULL, "check_evjson");
	look = evxml_new(db, scanner, &opts);
	ej = evjson_new(db, scanner, &opts, look);
}

static void
teardown(void)
{
	evjson_free(ej);
	evxml_free(look);
	evtest_stop();
}

/* Reads text from start (with whole: whole lines only); returns what evjson_scan returned. */
static int
scan_from(const char *text, uint64_t offset, uint64_t line, int whole, struct scan_pos *end)
{
	struct scan_pos	 start = { offset, line };
	struct input	*in = evtest_input(text);
	int		 r;

	ck_assert_uint_eq(input_skip(in, offset), offset);
	r = evjson_scan(ej, in, "t.json", &start, whole, end, on_finding, on_error, on_notice,
	    NULL);
	input_close(in);
	return r;
}

static int
scan(const char *text)
{
	struct scan_pos	end;

	return scan_from(text, 0, 1, 0, &end);
}

START_TEST(test_sniff)
{
	static const struct {
		const char	*text;
		int		 json;
	} cases[] = {
		{ "{\"winlog\":{}}\n", 1 },
		{ "\r\n  { \"a\": 1 }", 1 },
		{ "{}", 1 },
		{ "[\r\n    {\r\n        \"Id\":  8193", 1 },
		{ "[]", 1 },
		{ "Record 1\n{\n  \"Event\": {", 1 },
		{ "{65ee1dba-8ff4-4a58-ac1c-3470ee2f376a} failed: 0x80042306", 0 },
		{ "[2024-05-14 02:13:09] ERROR hr = 0x80042306", 0 },
		{ "[ERROR] {\"a\":1}", 0 },
		{ "Record 12 of the backup failed", 0 },
		{ "<Event xmlns='x'>", 0 },
		{ "", 0 },
	};
	size_t	i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		ck_assert_msg(evjson_sniff(cases[i].text, strlen(cases[i].text)) == cases[i].json,
		    "case %zu: %s", i, cases[i].text);
}
END_TEST

/* Winlogbeat 8: the System values, a field rule by paramN whatever the key order. */
START_TEST(test_winlogbeat)
{
	ck_assert_int_eq(scan("{\"@timestamp\":\"2024-05-14T02:13:09.412Z\",\"log\":{\"level\":"
	    "\"warning\"},\"host\":{\"name\":\"sql01\"},\"winlog\":{\"channel\":\"Application\","
	    "\"event_data\":{\"param1\":\"CORP\\\\svc\",\"param3\":\"ctx\",\"param2\":\"1376\"},"
	    "\"event_id\":\"8230\",\"provider_name\":\"VSS\",\"record_id\":\"48216\"}}\n"), 0);
	ck_assert_int_eq(ngot, 1);
	/* VSS 8230's second insertion string is a decimal Win32 status */
	ck_assert_uint_eq(got[0].value, 0x80070560);
	ck_assert_int_eq(got[0].form, FORM_WIN32);
	ck_assert_str_eq(got[0].match, "1376");
	ck_assert_int_eq(got[0].event_id, 8230);
	ck_assert_int_eq(got[0].record_id, 48216);
	ck_assert_int_eq(got[0].level, 3);
	ck_assert_str_eq(got[0].computer, "sql01");
	ck_assert_str_eq(got[0].channel, "Application");
	ck_assert_int_eq(got[0].time, 1715652789);
	ck_assert_int_eq(got[0].nsec, 412000000);
	ck_assert_uint_eq(got[0].line, 1);
	ck_assert_uint_eq(evjson_count(ej)->events, 1);
	ck_assert_str_eq(evjson_shape(ej), "winlogbeat");
	/* flattened names, and Winlogbeat 6's names at the top */
	ck_assert_int_eq(scan("{\"winlog.provider_name\":\"VSS\",\"winlog.event_id\":12301,"
	    "\"winlog.event_data\":{\"param1\":\"Microsoft Exchange Writer\"}}\n"
	    "{\"source_name\":\"VSS\",\"event_id\":12301,\"log_name\":\"Application\","
	    "\"computer_name\":\"EX01\",\"record_number\":\"7\",\"level\":\"Error\"}\n"), 0);
	ck_assert_int_eq(ngot, 2);
	ck_assert_uint_eq(got[0].value, 0x80042319);
	ck_assert_str_eq(got[0].writer, "Microsoft Exchange Writer");
	ck_assert_int_eq(got[1].record_id, 7);
	ck_assert_int_eq(got[1].level, 2);
	ck_assert_str_eq(got[1].computer, "EX01");
	ck_assert_uint_eq(got[1].line, 2);
}
END_TEST

/* Get-WinEvent: /Date(ms)/, Properties by position, a byte[] as binary data. */
START_TEST(test_winevent)
{
	ck_assert_int_eq(scan("[\r\n {\"Id\": 12289, \"ProviderName\": \"VSS\", \"Level\": 2,"
	    "\"RecordId\": 9, \"LogName\": \"Application\", \"MachineName\": \"FS01\","
	    "\"TimeCreated\": \"\\/Date(1715652789412)\\/\", \"Properties\": [{\"Value\": \"x\"},"
	    "{\"Value\": \"0x80070001, Incorrect function.\"}, {\"Value\": [45, 32, 67]}]}\r\n]\r\n"),
	    0);
	ck_assert_int_eq(ngot, 1);
	ck_assert_uint_eq(got[0].value, 0x80070001);
	ck_assert_int_eq(got[0].time, 1715652789);
	ck_assert_int_eq(got[0].nsec, 412000000);
	ck_assert_str_eq(got[0].computer, "FS01");
	ck_assert_uint_eq(got[0].line, 2);
	ck_assert_str_eq(evjson_shape(ej), "get-winevent");
	/* a time before 1970 rounds down */
	ck_assert_int_eq(scan("{\"Id\":12289,\"ProviderName\":\"VSS\",\"TimeCreated\":"
	    "\"/Date(-1500)/\",\"Properties\":[{\"Value\":\"0x80070001\"}]}"), 0);
	ck_assert_int_eq(ngot, 1);
	ck_assert_int_eq(got[0].time, -2);
	ck_assert_int_eq(got[0].nsec, 500000000);
}
END_TEST

/* NXLog: insertion strings flattened by name; evtx_dump: named Data with #attributes. */
START_TEST(test_nxlog_evtxdump)
{
	ck_assert_int_eq(scan("{\"EventTime\":\"2024-05-14 02:13:09\",\"Hostname\":\"FS01\","
	    "\"EventType\":\"ERROR\",\"EventID\":5,\"SourceName\":\"Microsoft-Windows-Backup\","
	    "\"Channel\":\"Microsoft-Windows-Backup\",\"RecordNumber\":3,"
	    "\"HRESULT\":\"0x8078011e\",\"DetailedHRESULT\":\"0x80070005\"}\n"), 0);
	ck_assert_int_eq(ngot, 2);
	ck_assert_uint_eq(got[0].value, 0x8078011E);
	ck_assert_uint_eq(got[1].value, 0x80070005);
	ck_assert_int_eq(got[0].level, 2);
	ck_assert_int_eq(got[0].time, 1715652789);
	ck_assert_str_eq(evjson_shape(ej), "nxlog");
	ck_assert_int_eq(scan("Record 3\n{\"Event\":{\"System\":{\"Provider\":{\"#attributes\":"
	    "{\"Name\":\"Microsoft-Windows-Backup\"}},\"EventID\":5,\"EventRecordID\":3},"
	    "\"EventData\":{\"Data\":[{\"#attributes\":{\"Name\":\"HRESULT\"},\"#text\":"
	    "\"0x8078011e\"}]}}}\n"), 0);
	ck_assert_int_eq(ngot, 1);
	ck_assert_uint_eq(got[0].value, 0x8078011E);
	ck_assert_uint_eq(got[0].line, 2);
	ck_assert_str_eq(evjson_shape(ej), "evtx_dump");
	ck_assert_int_eq(nnotice, 0);
}
END_TEST

/* Text lines among JSON Lines; --state's whole lines and start offset. */
START_TEST(test_text_and_state)
{
	static const char	 text[] = "{\"a\":1}\n2024-05-14 02:13:09 VSS error 0x8004230F\n"
	    "{\"winlog\":{\"provider_name\":\"VSS\",\"event_id\":12301,\"event_data\":"
	    "{\"param1\":\"W\"}}}";
	struct scan_pos		 end;

	ck_assert_int_eq(scan_from(text, 0, 1, 1, &end), 0);
	ck_assert_int_eq(ngot, 1);
	ck_assert_uint_eq(got[0].value, 0x8004230F);
	ck_assert_uint_eq(got[0].line, 2);
	ck_assert_uint_eq(got[0].offset, 8 + 30);
	ck_assert_int_eq(got[0].event_id, -2);
	ck_assert_int_eq(evjson_count(ej)->text, 1);
	ck_assert_int_eq(nnotice, 1);
	/* the unfinished last line is left for the next run */
	ck_assert_uint_eq(end.offset, strlen("{\"a\":1}\n2024-05-14 02:13:09 VSS error 0x8004230F\n"));
	ck_assert_uint_eq(end.line, 3);
	ck_assert_int_eq(scan_from(text, end.offset, end.line, 0, &end), 0);
	ck_assert_int_eq(ngot, 1);
	ck_assert_uint_eq(got[0].value, 0x80042319);
	ck_assert_uint_eq(got[0].line, 3);
	ck_assert_uint_eq(end.offset, strlen(text));
}
END_TEST

/* Damage: file:line:column, the events before kept. */
START_TEST(test_damage)
{
	ck_assert_int_eq(scan("{\"winlog\":{\"provider_name\":\"VSS\",\"event_id\":12301,"
	    "\"event_data\":{\"param1\":\"W\"}}}\n{\"winlog\":{\"provider_name\":\"VSS\",x}}\n"), -1);
	ck_assert_int_eq(ngot, 1);
	ck_assert_int_eq(nerr, 1);
	ck_assert_msg(strncmp(errs[0], "t.json:2:", 9) == 0, "%s", errs[0]);
	ck_assert_ptr_nonnull(strstr(errs[0], "broken JSON"));
	ck_assert_int_eq(scan("[{\"a\":\"b\"}, {\"c\":"), -1);
	ck_assert_int_eq(nerr, 1);
	ck_assert_msg(strstr(errs[0], "ends inside a JSON object") != NULL, "%s", errs[0]);
}
END_TEST

static Suite *
evjson_suite(void)
{
	Suite	*s = suite_create("evjson");
	TCase	*tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_sniff);
	tcase_add_test(tc, test_winlogbeat);
	tcase_add_test(tc, test_winevent);
	tcase_add_test(tc, test_nxlog_evtxdump);
	tcase_add_test(tc, test_text_and_state);
	tcase_add_test(tc, test_damage);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return evtest_main(evjson_suite());
}

# scan-events.sh: the event-log XML samples give exactly the findings in their
# expected files, from a file or from standard input, and the raw look at each
# event (which skips most of them unparsed) never changes the findings.
. "$top_srcdir/tests/e2e/setup.sh"
cd "$top_srcdir" || exit 99

n=0
for sample in samples/*.xml samples/*.xml.gz; do
	[ -f "$sample" ] || continue
	n=$((n + 1))
	expect_status 1 vssx scan --format jsonl --tz UTC "$sample"
	expect_same "$sample.expected.jsonl" "$tmp/out"
	[ -s "$tmp/err" ] && fail "$sample: unexpected messages: $(head -3 "$tmp/err")"
	# every event parsed in full: the same findings
	VSSEXPLAIN_PARSE_ALL=1 vssx scan --format jsonl --tz UTC "$sample" >"$tmp/all" 2>&1
	expect_same "$tmp/out" "$tmp/all"
	# from standard input, recognised by content: the same findings, path "-"
	vssx scan --format jsonl --tz UTC - <"$sample" >"$tmp/in" 2>&1
	sed "s|\"path\":\"-\"|\"path\":\"$sample\"|" "$tmp/in" >"$tmp/in2"
	expect_same "$tmp/out" "$tmp/in2"
done
[ "$n" -ge 5 ] || fail "only $n event-log samples in samples/"

# Each finding names its event; its line is where the <Event> starts.
vssx scan --format jsonl --tz UTC samples/backup-operational.xml >"$tmp/out"
expect_grep '"line":25,.*"event_id":5,"provider":"Microsoft-Windows-Backup","record_id":1872,"computer":"FS01.corp.example.com","channel":"Microsoft-Windows-Backup","level":2' "$tmp/out"
sed -n 25p samples/backup-operational.xml | grep -q '^<Event ' || fail "line 25 of backup-operational.xml is not where an event starts"

# The event that is a failure by itself carries its own explanation and class.
vssx scan --format jsonl --tz UTC samples/application-wevtutil.xml >"$tmp/out"
expect_grep '"code":"0x80042319","name":"VSS_E_WRITER_NOT_RESPONDING",.*"title":"VSS event 12301: [^"]*","guidance":"investigate",.*"form":"event",.*"writer":"Microsoft Hyper-V VSS Writer"' "$tmp/out"
# 8230's status is a decimal Win32 number; 8229's writer comes from its context block.
expect_grep '"code":"0x80070560",.*"form":"win32-decimal",.*"match":"1376"' "$tmp/out"
expect_grep '"code":"0x800423F4",.*"writer":"SqlServerWriter"' "$tmp/out"
# unrelated events of the same log stay silent: an access violation, a SQL login
expect_no_grep '"event_id":(1000|18456|8224),' "$tmp/out"

# VolSnap: the event itself, and the NTSTATUS in its IO_ERROR_LOG_PACKET.
vssx scan --format jsonl --tz UTC samples/system-eventviewer.xml >"$tmp/out"
expect_grep '"code":"0xC0000185","name":"STATUS_IO_DEVICE_ERROR",.*"form":"binary","path":"samples/system-eventviewer.xml","line":7,.*"match":"850100C0"' "$tmp/out"
expect_grep '"code":"0xC0060019",.*"guidance":"transient",.*"form":"event"' "$tmp/out"
expect_no_grep '"event_id":(33|153|7036),' "$tmp/out"

# The readable report names the events.
expect_status 1 vssx scan --tz UTC samples/application-rendered.xml
expect_grep 'E_INVALIDARG' "$tmp/out"

# scan -r reads the event exports beside the text logs.
expect_status 1 vssx scan -r --format jsonl --tz UTC samples
for sample in samples/*.xml samples/*.xml.gz; do
	grep -qF "\"path\":\"$sample\"" "$tmp/out" || fail "scan -r samples says nothing about $sample"
done

done_testing

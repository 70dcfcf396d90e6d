# scan-events-shapes.sh: real exports and awkward shapes.  The rendered
# System log of the public corpus (evtxexport, evtx_dump.py) holds no VSS
# failure: nothing by default, its other codes only with --all-codes; logon
# failures never count; codes behind character references, in CDATA, in
# binary UTF-16 text, under a namespace prefix and in windows-1252 are found.
. "$top_srcdir/tests/e2e/setup.sh"
cd "$data/events" || exit 99

for f in system-evtxexport.xml.gz system-evtx-dump.xml.gz; do
	expect_status 0 vssx scan --format jsonl "$f"
	[ -s "$tmp/out" ] && fail "$f: findings by default: $(head -c 300 "$tmp/out")"
	[ -s "$tmp/err" ] && fail "$f: messages: $(head -3 "$tmp/err")"
	expect_status 1 vssx scan --format jsonl --all-codes "$f"
	[ "$(grep -c '"code":"0xC00000A2",.*"provider":"Microsoft-Windows-Kernel-General"' "$tmp/out")" = 11 ] ||
	    fail "$f: --all-codes: not 11 findings of 0xC00000A2"
	[ "$(grep -c '"code":"0x8024001E",.*"provider":"Microsoft-Windows-WindowsUpdateClient"' "$tmp/out")" = 2 ] ||
	    fail "$f: --all-codes: not 2 findings of 0x8024001E"
	VSSEXPLAIN_PARSE_ALL=1 vssx scan --format jsonl --all-codes "$f" >"$tmp/all" 2>&1
	expect_same "$tmp/out" "$tmp/all"
done
# the two renderings describe the same events
vssx scan --format jsonl --all-codes system-evtxexport.xml.gz | sed 's/"path":"[^"]*","line":[0-9]*,"offset":[0-9]*,//' >"$tmp/a"
vssx scan --format jsonl --all-codes system-evtx-dump.xml.gz | sed 's/"path":"[^"]*","line":[0-9]*,"offset":[0-9]*,//' >"$tmp/b"
expect_same "$tmp/a" "$tmp/b"

# logon failures: a user named like a backup account changes nothing
vssx scan --format jsonl "$top_srcdir/samples/forwarded-events.xml.gz" >"$tmp/out"
expect_no_grep '"event_id":4625' "$tmp/out"
vssx scan --format jsonl --all-codes "$top_srcdir/samples/forwarded-events.xml.gz" >"$tmp/out"
expect_grep '"code":"0xC000006D",.*"event_id":4625' "$tmp/out"

# hidden codes in an event of another provider that is about VSS
for f in charref.xml cdata.xml; do
	expect_status 1 vssx scan --format jsonl "$f"
	expect_grep '"code":"0x80042306",.*"provider":"Service Control Manager"' "$tmp/out"
done
expect_status 0 vssx scan --format jsonl charref-other.xml
[ -s "$tmp/out" ] && fail "charref-other.xml: a finding in an event not about VSS"
expect_status 1 vssx scan --format jsonl binary-utf16.xml
expect_grep '"code":"0x800423F3",.*"text":"Snapshot failed: VSS error 0x800423F3"' "$tmp/out"
expect_status 1 vssx scan --format jsonl prefixed.xml
expect_grep '"code":"0x80070001",.*"event_id":12289' "$tmp/out"
expect_status 1 vssx scan --format jsonl windows-1252.xml
expect_grep '"text":"0x80070001, Unzulässige Funktion\."' "$tmp/out"
for f in *.xml *.xml.gz; do
	vssx scan --format jsonl "$f" >"$tmp/a" 2>&1
	VSSEXPLAIN_PARSE_ALL=1 vssx scan --format jsonl "$f" >"$tmp/b" 2>&1
	expect_same "$tmp/a" "$tmp/b"
done

done_testing

# scan-events-damaged.sh: a damaged event export keeps the findings before the
# damage, says "file:line:column: what is wrong", goes on with the next event
# when the damaged one's end is known, else with the next input, and exits 2; DTDs, entity bombs and external entities are refused quickly
# and in bounded memory; PowerShell's Export-Clixml is refused with advice.
. "$top_srcdir/tests/e2e/setup.sh"
cd "$data/events" || exit 99

# cut off inside the third event: the first two events' findings stand
expect_status 2 vssx scan --format jsonl truncated.xml
expect_grep '"code":"0x80070539"' "$tmp/out"
expect_grep '"code":"0x80070001"' "$tmp/out"
expect_no_grep '"code":"0x800423F4"' "$tmp/out"
expect_grep '^vssexplain: truncated\.xml:5:241: the input ends inside the event that starts at line 5' "$tmp/err"

# the next input is still read, and its findings reported
expect_status 2 vssx scan --format jsonl truncated.xml "$top_srcdir/samples/application-wevtutil.xml"
expect_grep '"path":"[^"]*samples/application-wevtutil.xml"' "$tmp/out"

# a misspelt end tag: libxml2's message, placed in the file; that event is
# lost, the events before and after it are read
expect_status 2 vssx scan --format jsonl malformed.xml
expect_grep '^vssexplain: malformed\.xml:5:[0-9]+: Opening and ending tag mismatch: Data line 5 and Date$' "$tmp/err"
expect_grep '"code":"0x80070539"' "$tmp/out"
expect_grep '"code":"0x800423F4"' "$tmp/out"
[ "$(grep -c '"code"' "$tmp/out")" = 2 ] || fail "malformed.xml: wanted 2 findings"

# an event that is cut off where the next one starts: the cut-off event is
# lost, reading goes on with the one that starts there
expect_status 2 vssx scan --format jsonl nested.xml
expect_grep '^vssexplain: nested\.xml:4:1: an event starts here before the one that starts at line 3 has ended' "$tmp/err"
expect_grep '"code":"0x80070539"' "$tmp/out"
expect_grep '"line":4,.*"code":"0x800423F4"|"code":"0x800423F4".*"line":4,' "$tmp/out"

# text between events; a root that never closes; an undefined entity
expect_status 2 vssx scan --format jsonl garbage.xml
expect_grep '^vssexplain: garbage\.xml:3:1: text outside an event' "$tmp/err"
expect_status 2 vssx scan --format jsonl unclosed-root.xml
expect_grep '^vssexplain: unclosed-root\.xml:6:1: the input ends before the end tag </Events>' "$tmp/err"
expect_grep '"code":"0x80070001"' "$tmp/out"
expect_status 2 vssx scan --format jsonl undefined-entity.xml
expect_grep "^vssexplain: undefined-entity\\.xml:3:[0-9]+: Entity 'xxe' not defined" "$tmp/err"

# hostile documents: refused before anything is parsed, fast, and in no more
# memory than a small good export takes (plus 16 MiB: a sanitizer build is big)
base=0
if [ -x /usr/bin/time ]; then
	/usr/bin/time -o "$tmp/rss" -f %M "$VSSEXPLAIN" scan --format jsonl prefixed.xml >/dev/null 2>&1
	base=$(tail -n 1 "$tmp/rss")
fi
for f in billion-laughs.xml lolz.xml xxe.xml; do
	start=$(date +%s)
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -o "$tmp/rss" -f %M "$VSSEXPLAIN" scan --format jsonl "$f" >"$tmp/out" 2>"$tmp/err"
		st=$?
		rss=$(tail -n 1 "$tmp/rss")
		[ "$rss" -le $((base + 16384)) ] || fail "$f: peak RSS $rss KiB, a good export $base KiB"
	else
		vssx scan --format jsonl "$f" >"$tmp/out" 2>"$tmp/err"
		st=$?
	fi
	[ "$st" = 2 ] || fail "$f: exit status $st, wanted 2"
	[ $(($(date +%s) - start)) -le 5 ] || fail "$f: took more than 5 seconds"
	expect_grep "^vssexplain: $f:2:1: a document type declaration \\(DTD\\): refused" "$tmp/err"
	[ -s "$tmp/out" ] && fail "$f: findings from a refused document"
done

# PowerShell Export-Clixml: recognised, refused with what to do instead
expect_status 2 vssx scan --format jsonl clixml.xml
expect_grep 'clixml\.xml: skipped: PowerShell Export-Clixml output, not an event-log export' "$tmp/err"
expect_grep 'wevtutil qe Application /f:xml' "$tmp/err"
expect_grep 'ForEach-Object \{ \$_\.ToXml\(\) \}' "$tmp/err"
[ -s "$tmp/out" ] && fail "clixml.xml: findings from a refused document"

# an event longer than the reader accepts
python3 -c "
import sys
sys.stdout.write(\"<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='VSS'/><EventID>8193</EventID></System><EventData><Data>\" + 'x' * (5 * 1024 * 1024) + '</Data></EventData></Event>\n')
" >"$tmp/huge.xml" || exit 99
expect_status 2 vssx scan --format jsonl "$tmp/huge.xml"
expect_grep 'huge\.xml:1:1: an event longer than 4 MiB' "$tmp/err"

done_testing

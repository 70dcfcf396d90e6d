# rules-limits.sh: a rule whose pattern backtracks without end, (a+)+ nested
# in a repeated group, gives up at the match limit instead of stalling the
# run: "FILE:LINE: rule NAME gave up" once per rule and input, the count of
# such lines at the end of the input, the rest of the input still read and
# the status 2.  The rules command warns about such a pattern.
. "$top_srcdir/tests/e2e/setup.sh"
cd "$tmp" || exit 99

mkdir evil
cat > evil/evil.rules <<'EOF'
[pattern evil]
literal = Writer
scope = line-start
regex = (?<writer>(a+)+)+$
EOF
# 60 a's and a '!' already take 2^60 tries without a limit; three such
# lines, and a finding after them
a=$(printf 'a%.0s' $(seq 1 60))
{
	printf 'Writer %s!\n' "$a"
	printf 'Writer %s!\n' "$a"
	printf '2024-05-14 02:13:09 VSS hr = 0x800423F3\n'
	printf 'Writer %s!\n' "$a"
	printf '2024-05-14 02:13:10 VSS hr = 0x80042306\n'
} > slow.log

start=$(date +%s)
expect_status 2 vssx --rules evil scan --format jsonl slow.log
end=$(date +%s)
[ $((end - start)) -le 20 ] || fail "the run took $((end - start)) s"
[ "$(grep -c 'gave up' "$tmp/err")" = 2 ] || fail "not one message and one count: $(cat "$tmp/err")"
expect_grep '^vssexplain: slow\.log:1: rule evil gave up' "$tmp/err"
expect_grep '^vssexplain: slow\.log: rule evil gave up 3 times in all$' "$tmp/err"
# the lines after it are read
expect_grep '"code":"0x800423F3"' "$tmp/out"
expect_grep '"code":"0x80042306"' "$tmp/out"

# the same input without the rule: no message, status 1
expect_status 1 vssx scan --format jsonl slow.log
[ -s "$tmp/err" ] && fail "stderr without the rule: $(cat "$tmp/err")"

# one line only: no count at the end
head -1 slow.log > one.log
expect_status 2 vssx --rules evil scan one.log
expect_grep '^vssexplain: one\.log:1: rule evil gave up' "$tmp/err"
expect_no_grep 'in all' "$tmp/err"

# in event exports: a context rule that gives up on the writer of each event,
# told at the line where the first event starts; twice per event (the look-up
# of the event's writer, then the field's scan), the second event's look-up
# too although its text is the first's (an answer that gave up is not kept)
mkdir evil-ctx
printf '[pattern evil]\nliteral = Writer\nregex = (?<writer>(b+)+)+$\n' > evil-ctx/e.rules
b=$(printf 'b%.0s' $(seq 1 60))
ev() {
	printf "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>"
	printf "<Provider Name='VSS'/><EventID Qualifiers='0'>12292</EventID><Level>2</Level>"
	printf "<TimeCreated SystemTime='2024-05-14T02:05:3%dZ'/><EventRecordID>%d</EventRecordID>" "$1" "$1"
	printf "<Channel>Application</Channel><Computer>HV02</Computer></System><EventData>"
	printf "<Data>hr = 0x800423F3 Writer %s!</Data></EventData></Event>\n" "$b"
}
{ echo '<Events>'; ev 1; ev 2; echo '</Events>'; } > slow.xml
expect_status 2 vssx --rules evil-ctx scan --format jsonl slow.xml
expect_grep '^vssexplain: slow\.xml:2: rule evil gave up' "$tmp/err"
expect_grep '^vssexplain: slow\.xml: rule evil gave up 4 times in all$' "$tmp/err"
[ "$(grep -c '"code":"0x800423F3"' "$tmp/out")" = 2 ] || fail "events lost: $(cat "$tmp/out")"
# a line-start rule that gives up on a field holding nothing else, in three
# events: each one's scan is told (a field text the scanner found nothing in
# is not scanned again, but one during which a rule gave up is)
qev() {
	printf "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>"
	printf "<Provider Name='VSS'/><EventID Qualifiers='0'>8224</EventID><Level>4</Level>"
	printf "<TimeCreated SystemTime='2024-05-14T02:05:3%dZ'/><EventRecordID>%d</EventRecordID>" "$1" "$1"
	printf "<Channel>Application</Channel><Computer>HV02</Computer></System><EventData>"
	printf "<Data>Writer %s!</Data></EventData></Event>\n" "$a"
}
{ echo '<Events>'; qev 1; qev 2; qev 3; echo '</Events>'; } > quiet.xml
expect_status 2 vssx --rules evil scan --format jsonl quiet.xml
expect_grep '^vssexplain: quiet\.xml:2: rule evil gave up' "$tmp/err"
expect_grep '^vssexplain: quiet\.xml: rule evil gave up 3 times in all$' "$tmp/err"

# the rules command warns, and does not refuse
expect_status 0 vssx --rules evil rules
expect_grep '^vssexplain: warning: \[pattern evil\]: a repeated group that repeats inside, at offset 10 ' "$tmp/err"
# the shipped rules have no such pattern
expect_status 0 vssx rules
expect_no_grep 'warning' "$tmp/err"
done_testing

# cron-json.sh: --state follows a growing JSON Lines file of events as it
# follows a text log: each run reads only the lines added since the last,
# and a line being written (no newline yet) waits for the next run.
. "$top_srcdir/tests/e2e/setup.sh"
cd "$tmp" || exit 99
at=2024-05-15T00:00:00Z

# without record ids, only the offset keeps a run from reporting again
sed 's/"record_id":[0-9]*,//' "$samples/winlogbeat.ndjson" >all.ndjson
codes() { sed -n 's/^{"code":"\([^"]*\)".*/\1/p' "$1" | tr '\n' ' '; }

head -2 all.ndjson >events.ndjson
expect_status 1 vssx scan --state st.json --at $at --format jsonl events.ndjson
[ "$(codes "$tmp/out")" = "0x80070424 0x80070057 " ] || fail "first run: $(codes "$tmp/out")"

expect_status 0 vssx scan --state st.json --at $at --format jsonl events.ndjson
[ -s "$tmp/out" ] && fail "second run reported again: $(head -c 300 "$tmp/out")"

# two lines more, and the last one still being written
sed -n 3,4p all.ndjson >>events.ndjson
sed -n 5p all.ndjson | tr -d '\n' >>events.ndjson
expect_status 1 vssx scan --state st.json --at $at --format jsonl events.ndjson
[ "$(codes "$tmp/out")" = "0x80070005 " ] || fail "third run: $(codes "$tmp/out")"
[ -s "$tmp/err" ] && fail "third run: messages: $(head -3 "$tmp/err")"
printf '\n' >>events.ndjson
expect_status 1 vssx scan --state st.json --at $at --format jsonl events.ndjson
[ "$(codes "$tmp/out")" = "0x800423F3 " ] || fail "fourth run: $(codes "$tmp/out")"
expect_grep '"line":5,' "$tmp/out"

done_testing

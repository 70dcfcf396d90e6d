#!/bin/sh
# cron-state.sh: the state file of cron mode: only new lines are reported,
# --dry-run leaves the state alone, a corrupt state is an error unless
# --reset-state, a held lock makes the second run give up, a missing log is a
# notice, and retries are counted across runs.
. "$top_srcdir/tests/e2e/setup.sh"
cd "$tmp" || exit 99
at=2024-05-14T12:00:00Z

line() {	# line TIME CODE SEQ
	printf '%s FILESRV01 VSS[1]: Writer '"'"'SqlServerWriter'"'"' failed, hr = %s (seq %s)\n' \
	    "$1" "$2" "$3" >> app.log
}
seqs() { sed -n 's/.*(seq \([0-9]*\)).*/\1/p' "$1" | sort -n | tr '\n' ' '; }

line '2024-05-14T10:00:00Z' 0x80042306 1
expect_status 1 vssx scan --state st.json --at $at --format jsonl app.log
[ "$(seqs "$tmp/out")" = "1 " ] || fail "first run: $(seqs "$tmp/out")"
[ -s st.json ] || fail "no state written"

# nothing new: nothing reported, exit 0
expect_status 0 vssx scan --state st.json --at $at --format jsonl app.log
[ -s "$tmp/out" ] && fail "second run reported again: $(cat "$tmp/out")"

# a line being written (no newline yet) waits for the next run
line '2024-05-14T10:01:00Z' 0x80042306 2
printf '2024-05-14T10:02:00Z FILESRV01 VSS[1]: hr = 0x80042306 (seq 3)' >> app.log
expect_status 1 vssx scan --state st.json --at $at --format jsonl app.log
[ "$(seqs "$tmp/out")" = "2 " ] || fail "unfinished line: $(seqs "$tmp/out")"
printf '\n' >> app.log

# --dry-run reports but does not advance
cp st.json before.json
expect_status 1 vssx scan --state st.json --dry-run --at $at --format jsonl app.log
[ "$(seqs "$tmp/out")" = "3 " ] || fail "dry run: $(seqs "$tmp/out")"
cmp -s st.json before.json || fail "--dry-run changed the state"
expect_status 1 vssx scan --state st.json --at $at --format jsonl app.log
[ "$(seqs "$tmp/out")" = "3 " ] || fail "after dry run: $(seqs "$tmp/out")"

# a corrupt state is an error, never a rescan; --reset-state starts afresh
printf '{"state_version": 1, "files": [{"path": 3}' > st.json
expect_status 2 vssx scan --state st.json --at $at --format jsonl app.log
expect_grep 'st.json.*corrupt.*--reset-state' "$tmp/err"
[ -s "$tmp/out" ] && fail "a corrupt state still reported findings"
printf 'not json at all' > st.json
expect_status 2 vssx scan --state st.json --at $at app.log
expect_status 1 vssx scan --state st.json --reset-state --at $at --format jsonl app.log
[ "$(seqs "$tmp/out")" = "1 2 3 " ] || fail "--reset-state: $(seqs "$tmp/out")"

# a missing log is a notice, not an error
expect_status 0 vssx scan --state st2.json --at $at nothere.log
expect_grep 'notice: nothere.log does not exist' "$tmp/err"
expect_status 0 vssx scan --quiet --state st2.json --at $at nothere.log
[ -s "$tmp/err" ] && fail "--quiet printed: $(head -3 "$tmp/err")"

# two runs on one state: the second waits for the lock, then gives up (exit 2)
# (the lock is held until the run is over, however slow the machine: under
# valgrind a run takes seconds to start)
if command -v flock >/dev/null 2>&1; then
	flock -o st.json.lock sh -c 'while [ ! -e release ]; do sleep 0.1; done' \
	    >/dev/null 2>&1 &
	holder=$!
	n=0
	while flock -n st.json.lock true && [ $n -lt 100 ]; do
		sleep 0.1
		n=$((n + 1))
	done
	expect_status 2 vssx scan --state st.json --lock-timeout 1 --at $at app.log
	expect_grep 'another vssexplain run holds st.json.lock' "$tmp/err"
	touch release
	wait "$holder"
fi

# an event export is exported whole each time: events already reported (by
# record id per computer and channel) are skipped, new ones are reported
cp "$samples/application-wevtutil.xml" export.xml
expect_status 1 vssx scan --state ev.json --at $at --format jsonl export.xml
n1=$(wc -l <"$tmp/out")
[ "$n1" -gt 0 ] || fail "the export gave no findings"
expect_status 0 vssx scan --state ev.json --at $at --format jsonl export.xml
[ -s "$tmp/out" ] && fail "the same export was reported again: $(head -c 300 "$tmp/out")"
max=$(sed -n 's/.*"max_record": \([0-9]*\).*/\1/p' ev.json | head -1)
[ -n "$max" ] || fail "no record id in the state"
# lower the remembered record id by one: the newest event comes back
sed "s/\"max_record\": $max/\"max_record\": $((max - 1))/" ev.json > ev2.json && mv ev2.json ev.json
expect_status 1 vssx scan --state ev.json --at $at --format jsonl export.xml
expect_grep "\"record_id\":$max" "$tmp/out"
expect_no_grep "\"record_id\":$((max - 1))," "$tmp/out"

# retries across runs: a transient code failing at 10:00, 10:11, 10:22 and
# 10:33 in four runs is exhausted in the fourth; each run saw one failure
rm -f app.log st.json
for t in 10:00 10:11 10:22 10:33; do
	line "2024-05-14T$t:00Z" 0x800423F3 "$t"
	expect_status 1 vssx scan --state st.json --at "2024-05-14T${t}:30Z" --format json app.log
done
python3 - "$tmp/out" <<'PY' || fail "retry state across runs"
import json, sys
d = json.load(open(sys.argv[1]))
g = [x for x in d["groups"] if x["guidance"] == "exhausted"]
assert g, [x["guidance"] for x in d["groups"]]
ch = g[0]["codes"][0]["retry_chains"][0]
assert ch["state"] == "exhausted" and ch["retries_used"] == 3, ch
assert g[0]["codes"][0]["count"] == 1, g[0]["codes"][0]["count"]
PY
# Names that are not UTF-8 (a Latin-1 file name, a writer named in a Latin-1
# log) are kept byte for byte (KEY_hex beside KEY): the next run knows the
# file, so nothing is read twice, and continues the writer's retry chain.
lat=$(printf 'journal-\351t\351.log')
printf '2024-05-14T10:00:00Z FILESRV01 VSS[1]: Writer '"'"'Sauvegarde \351t\351'"'"' failed, hr = 0x800423f3\n' >"$lat"
expect_status 1 vssx scan --state lat.json --at 2024-05-14T10:05:00Z --format jsonl "$lat"
grep -q '"path_hex": "6a6f75726e616c2de974e92e6c6f67"' lat.json || fail "no path_hex in lat.json"
grep -q '"writer_hex": ' lat.json || fail "no writer_hex in lat.json"
expect_status 0 vssx scan --state lat.json --at 2024-05-14T10:05:00Z --format jsonl "$lat"
[ -s "$tmp/out" ] && fail "a Latin-1 file name was read again: $(cat "$tmp/out")"
printf '2024-05-14T10:11:00Z FILESRV01 VSS[1]: Writer '"'"'Sauvegarde \351t\351'"'"' failed, hr = 0x800423f3\n' >>"$lat"
expect_status 1 vssx scan --state lat.json --at 2024-05-14T10:12:00Z --format json "$lat"
expect_grep '"retries_used": 1,' "$tmp/out"

# The state's missing directories are made, parents too, each 0700 and no
# more (umask allowing); an existing one keeps its mode (issue 20).
expect_status 1 vssx scan --state new/dir/st.json --at $at --format jsonl app.log
[ -s new/dir/st.json ] || fail "no state written in a new directory"
for d in new new/dir; do
	mode=$(stat -c %a "$d")
	[ "$mode" = 700 ] || fail "$d was made with mode $mode, not 700"
done
mkdir -m 755 open
expect_status 1 vssx scan --state open/sub/st.json --at $at --format jsonl app.log
[ "$(stat -c %a open)" = 755 ] || fail "an existing directory changed mode"
[ "$(stat -c %a open/sub)" = 700 ] || fail "open/sub not 700"
# a file in the way: exit 2, saying which directory, nothing scanned
: > afile
expect_status 2 vssx scan --state afile/st.json --at $at --format jsonl app.log
expect_grep '^vssexplain: cannot create directory afile for the state file: ' "$tmp/err"
[ -s "$tmp/out" ] && fail "scanned without a state: $(head -3 "$tmp/out")"

done_testing

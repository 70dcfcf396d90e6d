# cron-files-safe.sh: the state, its lock and the --output report are never
# opened through a symbolic link someone planted, nor taken over from another
# user: each is refused with a message, status 2, and the link's target is
# left untouched (or not made).  Temporary files a killed run left beside the
# report or the state are removed by the next run that writes it; others
# (a fresh one, one a live run holds, a name not ours) stay.
. "$top_srcdir/tests/e2e/setup.sh"
cd "$tmp" || exit 99

printf '2024-05-14 02:13:09 VSS hr = 0x800423F3\n' > app.log
printf 'precious\n' > target
cp target target.orig

# a link as the state file: refused, not read as "corrupt", the target kept
ln -s target st
expect_status 2 vssx scan --state st app.log
expect_grep "^vssexplain: state file st is a symbolic link; refused" "$tmp/err"
expect_no_grep 'corrupt' "$tmp/err"
[ -s "$tmp/out" ] && fail "a report from a refused state"
expect_same target.orig target
[ -L st ] || fail "the state link was replaced"
# --reset-state reads nothing, and still does not write through the link
expect_status 2 vssx scan --state st --reset-state app.log
expect_grep "^vssexplain: state file st is a symbolic link; refused" "$tmp/err"
expect_same target.orig target
[ -L st ] || fail "--reset-state replaced the state link"

# a link as the lock file: refused; a dangling one makes no file
ln -s nowhere st2.lock
expect_status 2 vssx scan --state st2 app.log
expect_grep "^vssexplain: lock file st2\.lock is a symbolic link; refused" "$tmp/err"
[ -e nowhere ] && fail "the lock link's target was made"
ln -s target st3.lock
expect_status 2 vssx scan --state st3 app.log
expect_grep "^vssexplain: lock file st3\.lock is a symbolic link; refused" "$tmp/err"
expect_same target.orig target
[ -e st2 ] || [ -e st3 ] && fail "a state was written after a refused lock"

# a link as the report: refused, the target kept, the link still there
ln -s target report.txt
expect_status 2 vssx scan --output report.txt app.log
expect_grep "^vssexplain: report report\.txt is a symbolic link; refused" "$tmp/err"
expect_same target.orig target
[ -L report.txt ] || fail "the report link was replaced"
ls report.txt.tmp.* >/dev/null 2>&1 && fail "a temporary report was left"
# nor a FIFO or a device
mkfifo fifo
expect_status 2 vssx scan --output fifo app.log
expect_grep "^vssexplain: report fifo is not a regular file; refused" "$tmp/err"

# another user's file (only root can make one here)
if [ "$(id -u)" = 0 ] && chown nobody target 2>/dev/null; then
	cp target.orig theirs
	chown nobody theirs
	expect_status 2 vssx scan --state theirs app.log
	expect_grep "^vssexplain: state file theirs is owned by uid [0-9]+, not by this user \(uid 0\); refused" "$tmp/err"
	cp target.orig theirs.lock && chown nobody theirs.lock
	expect_status 2 vssx scan --state theirs app.log
	expect_grep "^vssexplain: lock file theirs\.lock is owned by uid" "$tmp/err"
	expect_status 2 vssx scan --output theirs app.log
	expect_grep "^vssexplain: report theirs is owned by uid" "$tmp/err"
	expect_same target.orig theirs
fi

# the state written by a good run is the user's own, not readable by others
rm -f ok ok.lock
expect_status 1 vssx scan --state ok app.log
[ "$(stat -c %a ok)" = 600 ] || fail "the state's mode is $(stat -c %a ok)"

# stale temporary files: a killed run's old one goes, a fresh one, one a live
# run holds (locked), and names not ours stay
for f in report.json.tmp.Ab3dE9 report.json.tmp.held01 report.json.tmp.notours \
    report.json.tmp.Ab3dE9x other.tmp.Zz9Zz9; do
	printf 'half a report' > "$f"
	touch -d '-1 hour' "$f"
done
printf 'half a report' > report.json.tmp.fresh1
flock report.json.tmp.held01 sleep 30 &
holder=$!
sleep 0.3
expect_status 1 vssx scan --format json --output report.json app.log
expect_grep "^vssexplain: notice: removed \./report\.json\.tmp\.Ab3dE9, left by an earlier run that was killed$" "$tmp/err"
[ -e report.json.tmp.Ab3dE9 ] && fail "the stale temporary report stayed"
for f in report.json.tmp.held01 report.json.tmp.fresh1 report.json.tmp.notours \
    report.json.tmp.Ab3dE9x other.tmp.Zz9Zz9; do
	[ -e "$f" ] || fail "$f was removed"
done
kill "$holder" 2>/dev/null
wait "$holder" 2>/dev/null
python3 -c 'import json,sys; json.load(open(sys.argv[1]))' report.json || fail "no report"

# beside the state, under its lock
rm -f ok ok.lock
printf '{"half' > ok.tmp.Xy7Qw2
touch -d '-1 hour' ok.tmp.Xy7Qw2
expect_status 1 vssx scan --state ok app.log
expect_grep "^vssexplain: notice: removed \./ok\.tmp\.Xy7Qw2, left by an earlier run that was killed$" "$tmp/err"
[ -e ok.tmp.Xy7Qw2 ] && fail "the stale temporary state stayed"

# a run killed while it writes: its temporary report is gone after the next
# run.  The run to kill is the binary itself (under a wrapper such as valgrind,
# the signal would reach the wrapper); it waits on a FIFO no one writes to,
# its temporary report open.
mkfifo slow
sleep 60 > slow &
feeder=$!
"$VSSEXPLAIN" scan --output killed.txt slow app.log &
victim=$!
i=0
while ! ls killed.txt.tmp.* >/dev/null 2>&1 && [ $i -lt 200 ]; do
	sleep 0.1
	i=$((i + 1))
done
kill -9 "$victim"
wait "$victim" 2>/dev/null || :
kill "$feeder" 2>/dev/null
wait "$feeder" 2>/dev/null || :
ls killed.txt.tmp.* >/dev/null 2>&1 || fail "the killed run left no temporary file"
touch -d '-1 hour' killed.txt.tmp.*
expect_status 1 vssx scan --output killed.txt app.log
ls killed.txt.tmp.* >/dev/null 2>&1 && fail "the killed run's temporary report stayed"
[ -s killed.txt ] || fail "no report"
done_testing

#!/bin/sh
# cron-rotated-walk.sh: cron mode over a directory that logrotate rotates
# (-r DIR, as contrib/vssexplain-mail suggests): a rotated copy beside its
# log (FILE.1, FILE.2.gz, FILE-20240514, FILE_3) is read through its log,
# never as a log of its own, so that each line is reported once across
# rotations; read as a log of its own, the copy was read whole at each
# rotation.  The same for copies in a relative --rotated-dir below the log's
# directory.  A copy named on the command line is not read either, with a
# notice that says so; without --state every file is read.  Real logrotate
# rotates the logs (create, compress, delaycompress; dateext).
. "$top_srcdir/tests/e2e/setup.sh"
cd "$tmp" || exit 99
at=2024-05-14T12:00:00Z
command -v logrotate >/dev/null 2>&1 || { echo "SKIP: no logrotate" >&2; exit 77; }

line() {	# line FILE SEQ
	printf '2024-05-14T10:00:00Z FILESRV01 VSS[1]: Writer '"'"'SqlServerWriter'"'"' failed, hr = 0x80042306 (seq %s)\n' \
	    "$2" >> "$1"
}
seqs() { sed -n 's/.*(seq \([0-9]*\)).*/\1/p' "$1" | sort -n | tr '\n' ' '; }
# rotate CONF: logrotate forced, with its own state
rotate() {
	logrotate -f -s lr.state "$1" 2>lr.err || fail "logrotate $1: $(cat lr.err)"
}
run() {	# run WANT ARGS...: a cron run over the directory reports exactly WANT
	_want=$1
	shift
	expect_status "$([ -n "$_want" ] && echo 1 || echo 0)" vssx scan --state st.json \
	    --at $at --format jsonl "$@"
	[ "$(seqs "$tmp/out")" = "$_want" ] || fail "vssexplain $*: $(seqs "$tmp/out"), wanted $_want"
}

mkdir logs
cat >lr.conf <<EOC
$tmp/logs/backup.log {
	rotate 5
	create
	compress
	delaycompress
}
EOC
line logs/backup.log 1
line logs/backup.log 2
line logs/other.log 50
run "1 2 50 " -r logs
s=3
for round in 1 2 3 4; do
	line logs/backup.log $s
	rotate lr.conf
	line logs/backup.log $((s + 1))
	line logs/other.log $((s + 50))
	run "$s $((s + 1)) $((s + 50)) " -r logs
	s=$((s + 2))
done
[ -f logs/backup.log.3.gz ] || fail "logrotate left no backup.log.3.gz: $(ls logs)"
run "" -r logs

# a copy named on the command line: a notice, nothing read twice
line logs/backup.log 20
run "20 " logs/backup.log logs/backup.log.1
expect_grep 'backup.log.1: a rotated copy of logs/backup.log, read through it' "$tmp/err"
# without --state every file is read
expect_status 1 vssx scan --at $at --format jsonl -r logs
[ "$(grep -c '"code"' "$tmp/out")" -ge 12 ] || fail "without --state: $(seqs "$tmp/out")"

# dateext, and copies in a relative olddir below the log's directory
mkdir -p app/old
cat >lr2.conf <<EOC
$tmp/app/job.log {
	rotate 5
	create
	dateext
	dateformat -%Y%m%d-%s
	olddir old
}
EOC
line app/job.log 100
run "100 " --rotated-dir old -r app
line app/job.log 101
rotate lr2.conf
line app/job.log 102
run "101 102 " --rotated-dir old -r app
sleep 1		# dateformat's %s: another name
line app/job.log 103
rotate lr2.conf
line app/job.log 104
run "103 104 " --rotated-dir old -r app
[ "$(ls app/old | wc -l)" -eq 2 ] || fail "logrotate's olddir holds: $(ls app/old)"

# nocreate: the log is gone after each rotation until its program writes
# again, so only its copies are met; the state remembers the log, and what
# it had not given is read through the copy (once, however many copies),
# never the copy as a log of its own
mkdir gone
cat >lr3.conf <<EOC
$tmp/gone/backup.log {
	rotate 5
	nocreate
	compress
	delaycompress
}
EOC
line gone/backup.log 200
run "200 " -r gone
line gone/backup.log 201
rotate lr3.conf
[ ! -e gone/backup.log ] || fail "logrotate nocreate left the log: $(ls gone)"
run "201 " -r gone
expect_grep 'gone/backup.log is missing: reading the rest of gone/backup.log.1' "$tmp/err"
run "" -r gone
line gone/backup.log 202
run "202 " -r gone
line gone/backup.log 203
rotate lr3.conf
[ -f gone/backup.log.2.gz ] || fail "logrotate left no backup.log.2.gz: $(ls gone)"
run "203 " -r gone
run "" -r gone
# named, a gone log's copy is read as its rest
line gone/backup.log 204
rotate lr3.conf
run "204 " gone/backup.log.1
expect_grep 'backup.log.1: a rotated copy of gone/backup.log, which is gone' "$tmp/err"
run "" -r gone
# the walker's "./": the state's key is the path as it was written
mkdir dot
cd dot || exit 99
line x.log 300
run "300 " -r .
line x.log 301
mv x.log x.log.1
run "301 " -r .
expect_grep '\./x.log is missing: reading the rest of \./x.log.1' "$tmp/err"
run "" -r .
cd .. || exit 99
done_testing

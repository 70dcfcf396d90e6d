#!/bin/sh
# cron-job.sh: the job of contrib/vssexplain.cron, run as cron would (sh -c)
# with its paths moved into a temporary directory, prints nothing when there
# is nothing new to act on, the text report when a scan finds something, and
# the errors when a log cannot be read: cron mails exactly what needs a person.
. "$top_srcdir/tests/e2e/setup.sh"
: "${top_builddir:=$top_srcdir}"
cron=$top_builddir/contrib/vssexplain.cron
[ -f "$cron" ] || { echo "no $cron (make builds it)"; exit 99; }
: "${vssx_bindir:=/usr/local/bin}"
: "${vssx_localstatedir:=/usr/local/var}"
cd "$tmp" || exit 99
mkdir -p logs

# The job's command: the commented line's sixth field on, its program run
# through vssx (the wrapper of every test), its state and log paths here.
# (the first job; the second, the HTML mail, has a test of its own)
job=$(sed -n 's/^#[0-9*][^ ]* [^ ]* [^ ]* [^ ]* [^ ]*  *vssexplain  *//p' "$cron" | head -n 1)
[ -n "$job" ] || { fail "no job line in $cron"; done_testing; }
cmd=$(printf '%s\n' "$job" | sed \
    -e "s|$vssx_bindir/vssexplain|vssx|g" \
    -e "s|$vssx_localstatedir/lib/vssexplain|$tmp/state|g" \
    -e "s|/var/log/backup/|$tmp/logs/|g")
case $cmd in
*"$vssx_bindir"*|*/var/log/*) fail "paths left in the job: $cmd" ;;
esac
run_job() {	# as cron: one sh -c, standard output and error both mailed
	eval "$cmd" >"$tmp/mail" 2>&1
}

# No state directory yet, no log yet: no mail (--state makes the directory,
# --quiet keeps the notice about the missing log out).
run_job
[ -s "$tmp/mail" ] && fail "mail with nothing to act on: $(head -5 "$tmp/mail")"
[ -d state ] || fail "the state directory was not made"

# A failure is logged: the next run mails the text report.
printf '2024-05-14T02:13:09Z FILESRV01 VSS: Writer failed, hr = 0x80070005\n' >logs/a.log
run_job
expect_grep '^vssexplain report, ' "$tmp/mail"
expect_grep '^0x80070005  E_ACCESSDENIED  \(1 finding\)$' "$tmp/mail"
[ -s state/report.json ] || fail "no report.json"

# Nothing new since: no mail, though the old failure is still in the log.
run_job
[ -s "$tmp/mail" ] && fail "mail again for an old finding: $(head -5 "$tmp/mail")"

# A log that cannot be read is an error: the mail says which.
mkdir logs/bad.log
run_job
expect_grep 'bad\.log' "$tmp/mail"
rmdir logs/bad.log

done_testing

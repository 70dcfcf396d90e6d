#!/bin/sh
# contrib-mail.sh: contrib/vssexplain-mail (the mail job of the cron file and
# vssexplain-mail.service) mails the HTML report with the one-line summary as
# subject only when there is something to act on, and only what is new: run
# with a sendmail that keeps what it is given.
. "$top_srcdir/tests/e2e/setup.sh"
: "${top_builddir:=$top_srcdir}"
script=$top_builddir/contrib/vssexplain-mail
[ -x "$script" ] || { echo "no $script: run make first" >&2; exit 99; }
cd "$tmp" || exit 99

# the fake sendmail: its arguments, then the message, one file a mail
cat >sendmail <<'SH'
#!/bin/sh
n=$(ls "$MAILDIR" | wc -l)
{ echo "args: $*"; cat; } >"$MAILDIR/mail.$n"
SH
chmod +x sendmail
mkdir mails
# vssx through the wrapper: a script that the mail script runs as VSSEXPLAIN
# (the wrapper on one line: CI's valgrind command holds a newline)
wrapper=$(printf '%s' "${VSSEXPLAIN_WRAPPER:-}" | tr '\n' ' ')
cat >vssx.sh <<SH
#!/bin/sh
exec $wrapper "$VSSEXPLAIN" "\$@"
SH
chmod +x vssx.sh
to=ops@example.com
run() {
	MAILDIR=$tmp/mails SENDMAIL=$tmp/sendmail VSSEXPLAIN=$tmp/vssx.sh \
	    VSSX_MAILTO=$to VSSX_STATE=$tmp/state.json "$@"
}
export MAILDIR

printf '2024-05-14T23:00:00Z HOSTD VSS[2412]: 12289: Volume Shadow Copy Service error: Unexpected error DeviceIoControl. hr = 0x80070005, Access is denied.\n' >vss.log
run "$script" vss.log >out 2>err || fail "vssexplain-mail: exit $?: $(cat err)"
[ "$(ls mails | wc -l)" = 1 ] || fail "one mail wanted: $(ls mails)"
m=mails/mail.0
expect_grep '^args: -t -oi$' "$m"
expect_grep '^To: ops@example.com$' "$m"
expect_grep '^Subject: vssexplain: 1 to fix on 1 host$' "$m"
expect_grep '^Content-Type: text/html; charset=utf-8$' "$m"
# the body is the page: headers, a blank line, then the HTML
sed '1,/^$/d' "$m" >body.html
python3 "$top_srcdir/tests/e2e/html-check.py" body.html || fail "the mailed page is not well formed"
expect_grep 'E_ACCESSDENIED' body.html

# nothing new: no mail; something new: a mail of only that
run "$script" vss.log >out 2>err || fail "vssexplain-mail, nothing new: exit $?"
[ "$(ls mails | wc -l)" = 1 ] || fail "a mail with nothing new"
printf '2024-05-14T23:30:00Z HOSTE Backup[1]: backup failed with 0x80042302\n' >>vss.log
run "$script" vss.log >out 2>err || fail "vssexplain-mail, new: exit $?"
[ "$(ls mails | wc -l)" = 2 ] || fail "no mail for what is new"
expect_grep '^Subject: vssexplain: 1 to check on 1 host$' mails/mail.1

# no address: says so, sends nothing
to=
run "$script" vss.log >out 2>err && fail "no VSSX_MAILTO: exit 0"
expect_grep 'set VSSX_MAILTO' err
[ "$(ls mails | wc -l)" = 2 ] || fail "a mail without an address"
# a log that cannot be read: the mail says so, and the exit status is 2
to=ops@example.com
mkdir dir.log
run "$script" dir.log >out 2>err
[ $? = 2 ] || fail "an unreadable log: exit status not 2"
expect_grep '^Subject: vssexplain: no VSS failures, 1 input with errors$' mails/mail.2
# the cron file has the job, with the configured path of the script
expect_grep '^#23 6 \* \* \*  vssexplain  VSSX_MAILTO=[^ ]+ /[^ ]*/vssexplain-mail ' \
    "$top_builddir/contrib/vssexplain.cron"
done_testing

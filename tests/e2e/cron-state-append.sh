#!/bin/sh
# cron-state-append.sh: a cron-mode run over a log that grew reads only what
# was appended since the last run (the start of the file is looked at to know
# it is the same log, the rest is skipped by seeking), and reports only the
# new codes.  $VSSEXPLAIN_DEBUG_IO counts the bytes read(2) gave.
. "$top_srcdir/tests/e2e/setup.sh"
cd "$tmp" || exit 99
at=2024-05-14T12:00:00Z

printf '2024-05-14T09:00:00Z FILESRV01 VSS[1]: Writer failed, hr = 0x80042306\n' >app.log
yes '2024-05-14T09:30:00Z FILESRV01 backup[7]: copied C:\Data\report.docx (48213 bytes)' |
    head -n 13000 >>app.log
size=$(wc -c <app.log)
[ "$size" -gt 1000000 ] || fail "the log is only $size bytes"

# bytes FILE: the bytes read from app.log, as the debug lines in FILE count them
bytes() { sed -n 's/^vssexplain: debug: app.log: \([0-9]*\) bytes read$/\1/p' "$1" |
    awk '{ n += $1 } END { print n + 0 }'; }

VSSEXPLAIN_DEBUG_IO=1 vssx scan --state st.json --at $at --format jsonl app.log >out1 2>err1
[ $? -eq 1 ] || fail "first run: status not 1: $(cat err1)"
expect_grep '"code":"0x80042306"' out1
first=$(bytes err1)
[ "$first" -ge "$size" ] || fail "first run read $first bytes of $size"

printf '2024-05-14T10:00:00Z FILESRV01 VSS[1]: Writer failed, hr = 0x800423F4\n' >>app.log
VSSEXPLAIN_DEBUG_IO=1 vssx scan --state st.json --at $at --format jsonl app.log >out2 2>err2
[ $? -eq 1 ] || fail "second run: status not 1: $(cat err2)"
expect_grep '"code":"0x800423F4"' out2
expect_no_grep '0x80042306' out2
second=$(bytes err2)
# what was appended, and at most one buffer (64 KiB) from the start to know the file
[ "$second" -gt 0 ] && [ "$second" -le 70000 ] ||
    fail "second run read $second bytes of a $size-byte log that grew by one line"

# nothing new: nothing reported, and the old part is not read again
VSSEXPLAIN_DEBUG_IO=1 vssx scan --state st.json --at $at --format jsonl app.log >out3 2>err3
[ $? -eq 0 ] || fail "third run: status not 0: $(cat err3)"
[ -s out3 ] && fail "third run reported: $(cat out3)"
third=$(bytes err3)
[ "$third" -le 70000 ] || fail "third run read $third bytes with nothing new"

done_testing

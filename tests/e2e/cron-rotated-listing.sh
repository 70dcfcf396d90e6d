#!/bin/sh
# cron-rotated-listing.sh: cron mode lists a directory of logs once a run to
# find rotated copies (src/cron.c, match_rotated), not once for each pattern
# and each new log as glob() did: a first run over 60 new logs in one
# directory lists it a few times, not 180.  The copies it finds are those
# glob finds: in a directory whose name holds glob characters and a blank,
# for logs whose names do too, for copies named .1, -20240514 and _2, and
# not for a name that only begins like the log's.  Counting needs strace,
# which can be kept from tracing (a container): then only that part is
# skipped.
. "$top_srcdir/tests/e2e/setup.sh"
cd "$tmp" || exit 99
at=2024-05-14T12:00:00Z

line() {	# line FILE CODE SEQ
	printf '2024-05-14T10:00:00Z FILESRV01 VSS[1]: Writer '"'"'SqlServerWriter'"'"' failed, hr = %s (seq %s)\n' \
	    "$2" "$3" >> "$1"
}
seqs() { sed -n 's/.*(seq \([0-9]*\)).*/\1/p' "$1" | sort -n | tr '\n' ' '; }

d='logs[old] *x'
mkdir "$d"
# rotate LOG STYLE SEQ: the log moved to its copy (.1, -date or _2), and a
# new log begun with one line
rotate() {
	case $2 in
	dot)	mv "$1" "$1.1" ;;
	date)	mv "$1" "$1-20240514" ;;
	under)	mv "$1" "$1_2" ;;
	esac
	line "$1" 0x80042306 "$3"
}
n=0
for style in dot date under; do
	for name in "app-$style.log" "a[b]?-$style.log"; do
		n=$((n + 1))
		line "$d/$name" 0x800423F3 "$n"
	done
done
# a file whose name only begins like a log's: not its copy
line "$d/app-dot.log.old" 0x800423F3 99
set -- "$d/app-dot.log" "$d/a[b]?-dot.log" "$d/app-date.log" "$d/a[b]?-date.log" \
    "$d/app-under.log" "$d/a[b]?-under.log"
expect_status 1 vssx scan --state st.json --at $at --format jsonl "$@"
[ "$(seqs "$tmp/out")" = "1 2 3 4 5 6 " ] || fail "first run: $(seqs "$tmp/out")"

# lines added to each log, then each rotated and begun again: the second run
# reads the rest of each copy and the new log, and nothing twice
n=0
for style in dot date under; do
	for name in "app-$style.log" "a[b]?-$style.log"; do
		n=$((n + 1))
		line "$d/$name" 0x80042306 $((n + 10))
		rotate "$d/$name" "$style" $((n + 20))
	done
done
expect_status 1 vssx scan --state st.json --at $at --format jsonl "$@"
want="11 12 13 14 15 16 21 22 23 24 25 26 "
[ "$(seqs "$tmp/out")" = "$want" ] || fail "after rotation: $(seqs "$tmp/out"), wanted $want"
expect_grep '"path":"logs\[old\] \*x/a\[b\]\?-under\.log_2"' "$tmp/out"
expect_no_grep 'app-dot.log.old' "$tmp/out"
expect_status 0 vssx scan --state st.json --at $at --format jsonl "$@"

# how often a first run lists the directory of 60 new logs
command -v strace >/dev/null 2>&1 || { echo "SKIP: no strace" >&2; done_testing; }
strace -f -o /dev/null true 2>/dev/null || { echo "SKIP: strace cannot trace" >&2; done_testing; }
mkdir many
i=0
while [ $i -lt 60 ]; do
	line "many/job-$i.log" 0x800423F3 $i
	i=$((i + 1))
done
strace -f -qq -e trace=openat -e signal=none -o trace \
    sh -c 'exec "$@"' sh ${VSSEXPLAIN_WRAPPER:+$VSSEXPLAIN_WRAPPER} "$VSSEXPLAIN" \
    scan --state st2.json --at $at --format jsonl -r many >out 2>err
st=$?
[ "$st" -eq 1 ] || fail "status $st, wanted 1: $(head -3 err)"
[ "$(grep -c '"code"' out)" -eq 60 ] || fail "$(grep -c '"code"' out) findings, wanted 60"
# the walker opens it once, the rotated copies' search once more
k=$(grep -c 'openat(.*"many", O_RDONLY.*O_DIRECTORY' trace)
[ "$k" -le 2 ] || fail "the directory of 60 logs was opened $k times"
done_testing

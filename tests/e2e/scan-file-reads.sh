#!/bin/sh
# scan-file-reads.sh: a regular file is read with as few system calls as
# its size allows (src/input.c, sys_read).  A short read that stops at the
# size the file had when it was opened is the end: no read that returns 0,
# no fstat and no lseek for the shrink check after it, so a small file costs
# openat, fstat, read and close (it was seven calls: a tree of 20,000 files
# of 8 KiB spends most of its time in the kernel).  A file larger than the 64 KiB buffer
# still ends on a short read; an empty one on its one read of 0.  The report
# is that of the same files read through standard input.  Needs strace,
# which can be kept from tracing (a container): then the test is skipped.
. "$top_srcdir/tests/e2e/setup.sh"
cd "$tmp" || exit 99
at=--at=2024-05-20T00:00:00Z
command -v strace >/dev/null 2>&1 || { echo "SKIP: no strace" >&2; exit 77; }
strace -f -o /dev/null true 2>/dev/null || { echo "SKIP: strace cannot trace" >&2; exit 77; }

# lines LINES: a log of that many lines, one code in seven
lines() {
	awk -v n="$1" 'BEGIN {
		for (k = 0; k < n; k++)
			if (k % 7 == 3)
				printf "2024-05-14 03:%02d:%02d VSS writer W%d failed, hr = 0x800423F%d\n",
				    k / 60 % 60, k % 60, k % 7, k % 5
			else
				printf "2024-05-14 03:%02d:%02d job %d: copied %d files\n",
				    k / 60 % 60, k % 60, k, k * 13
	}'
}
lines 100 >small.log		# some 5 KB
lines 2000 >large.log		# some 100 KB: more than one buffer
: >empty.log

# the calls on each file, by vssexplain alone (strace -P: those on its path
# or on a descriptor opened for it)
strace -f -qq -e trace=openat,read,lseek,fstat,newfstatat,close -e signal=none \
    -P small.log -P large.log -P empty.log -o trace \
    sh -c 'exec "$@"' sh ${VSSEXPLAIN_WRAPPER:+$VSSEXPLAIN_WRAPPER} "$VSSEXPLAIN" \
    scan -j 1 --format jsonl "$at" small.log large.log empty.log >out 2>err
st=$?
[ "$st" -eq 1 ] || fail "status $st, wanted 1: $(head -3 err)"
grep -q 'openat(.*"small.log"' trace || fail "strace saw no call on the files: $(head -5 trace)"
# calls NAME FILE: the NAME calls on the descriptor FILE was opened on, until
# it was closed
calls() {
	awk -v name="$1" -v file="\"$2\"" '
	{ sub(/^[0-9]+ +/, "") }
	/^openat\(/ && index($0, file) { fd = $NF; next }
	fd != "" && index($0, "close(" fd ")") == 1 { fd = ""; next }
	fd != "" && (index($0, name "(" fd ",") == 1 ||
	    (name == "fstat" && index($0, "newfstatat(" fd ",") == 1)) { n++ }
	END { print n + 0 }' trace
}
n=$(calls read small.log)
[ "$n" -eq 1 ] || fail "small.log: $n read calls, wanted 1: $(grep -n . trace | head -20)"
n=$(calls lseek small.log)
[ "$n" -eq 0 ] || fail "small.log: $n lseek calls, wanted none"
n=$(calls fstat small.log)
[ "$n" -eq 1 ] || fail "small.log: $n fstat calls, wanted 1 (when it was opened)"
n=$(calls read large.log)
size=$(wc -c <large.log)
[ "$n" -eq $((size / 65536 + 1)) ] || fail "large.log ($size bytes): $n read calls, wanted $((size / 65536 + 1))"
n=$(calls lseek large.log)
[ "$n" -eq 0 ] || fail "large.log: $n lseek calls, wanted none"
n=$(calls read empty.log)
[ "$n" -eq 1 ] || fail "empty.log: $n read calls, wanted 1"

# what was found is what the same bytes give through a pipe
for f in small large; do
	vssx scan -j 1 --format jsonl "$at" - <"$f.log" >"$f.pipe"
	n=$(grep -c '"code"' "$f.pipe")
	[ "$n" -gt 0 ] || fail "$f.log: nothing found through the pipe"
	grep -c "\"path\":\"$f.log\"" out >"$f.count"
	[ "$(cat "$f.count")" -eq "$n" ] || fail "$f.log: $(cat "$f.count") findings, $n through a pipe"
done
done_testing

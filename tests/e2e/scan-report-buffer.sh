#!/bin/sh
# scan-report-buffer.sh: a report that does not go to a terminal (a regular
# file, standard output redirected to it or --output, a pipe, /dev/null)
# goes out in writes of 256 KiB, not of stdio's 4 KiB (src/pipeline.c,
# report_buffer): the system time of some 10,000 writes for a 40 MB report
# was a sixth of a scan's time, and with -j was taken from the threads that
# read.  The report is byte for byte the same whether it goes to a file, to
# --output or through a pipe, with -j 1 and -j 2.  Needs strace, which can
# be kept from tracing (a container): then the test is skipped.
. "$top_srcdir/tests/e2e/setup.sh"
cd "$tmp" || exit 99
at=--at=2024-05-20T00:00:00Z
command -v strace >/dev/null 2>&1 || { echo "SKIP: no strace" >&2; exit 77; }
strace -f -o /dev/null true 2>/dev/null || { echo "SKIP: strace cannot trace" >&2; exit 77; }

# some 3 MB of JSON lines
awk 'BEGIN {
	for (k = 0; k < 6000; k++)
		printf "2024-05-14 03:%02d:%02d VSS writer W%d failed, hr = 0x800423F%d\n",
		    k / 60 % 60, k % 60, k % 7, k % 5
}' >big.log

# traced OUT TRACE ARGS...: vssx ARGS under strace, its write calls in TRACE
traced() {
	_out=$1
	_trace=$2
	shift 2
	strace -f -qq -e trace=write -e signal=none -o "$_trace" \
	    sh -c 'exec "$@"' sh ${VSSEXPLAIN_WRAPPER:+$VSSEXPLAIN_WRAPPER} "$VSSEXPLAIN" \
	    "$@" >"$_out" 2>"$tmp/err"
	_st=$?
	[ "$_st" -ne 99 ] || [ -z "${VSSEXPLAIN_WRAPPER:-}" ] ||
		echo "$VSSEXPLAIN_WRAPPER: errors in: vssexplain $*" >>"$tmp/.wrapper-errors"
	[ "$_st" -eq 1 ] || fail "status $_st, wanted 1: vssexplain $*: $(head -3 "$tmp/err")"
}

# the write calls in a trace, but those to standard error and valgrind's
# own (to descriptors above 1000)
writes() {
	grep -Ec 'write\((1|[3-9]|[1-9][0-9]{1,2}),' "$1"
}

for j in 1 2; do
	traced "file.out.$j" "trace.file.$j" scan -j "$j" --format jsonl "$at" big.log
	size=$(wc -c <"file.out.$j")
	[ "$size" -gt 2000000 ] || fail "-j $j: a report of only $size bytes"
	# writes of 4 KiB would be some 750; of 256 KiB, 12
	n=$(writes "trace.file.$j")
	[ "$n" -le $((size / 131072 + 4)) ] || fail "-j $j: $n writes for $size bytes to a file"
	traced /dev/null "trace.output.$j" scan -j "$j" --format jsonl "$at" \
	    --output "output.out.$j" big.log
	n=$(writes "trace.output.$j")
	[ "$n" -le $((size / 131072 + 4)) ] || fail "-j $j: $n writes for $size bytes to --output"
	traced /dev/null "trace.null.$j" scan -j "$j" --format jsonl "$at" big.log
	n=$(writes "trace.null.$j")
	[ "$n" -le $((size / 131072 + 4)) ] || fail "-j $j: $n writes for $size bytes to /dev/null"
	# through a pipe: the trace is of vssexplain alone, not of cat
	strace -f -qq -e trace=write -e signal=none -o "trace.pipe.$j" \
	    sh -c 'exec "$@"' sh ${VSSEXPLAIN_WRAPPER:+$VSSEXPLAIN_WRAPPER} "$VSSEXPLAIN" \
	    scan -j "$j" --format jsonl "$at" big.log 2>/dev/null | cat >"pipe.out.$j"
	n=$(writes "trace.pipe.$j")
	[ "$n" -le $((size / 131072 + 4)) ] || fail "-j $j: $n writes for $size bytes to a pipe"
	expect_same "file.out.$j" "output.out.$j"
	expect_same "file.out.$j" "pipe.out.$j"
	expect_same file.out.1 "file.out.$j"
done
done_testing

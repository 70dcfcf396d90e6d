#!/bin/sh
# run.sh SRCDIR DIR SECONDS [TARGET...]: runs each fuzz target (DIR/fuzz_NAME,
# all of them by default) for SECONDS on its corpus DIR/corpus/NAME with its
# dictionary, one after the other, or until FUZZ_RUNS executions when that
# is set and comes first (the hardening goal: 10000000 or 1800 s).
# Findings (crash-*, leak-*, timeout-*, oom-*) go to DIR/findings/NAME/; exits 1 when there is any.
set -u
src=$1
dir=$2
secs=$3
shift 3
[ $# -gt 0 ] || set -- evjson evtx evxml explain merge rules state text
status=0
mkdir -p "$dir/findings"
for t in "$@"; do
	mkdir -p "$dir/findings/$t" "$dir/corpus/$t"
	start=$(date +%s)
	maxlen=65536
	[ "$t" = evtx ] && maxlen=200000	# a header and two chunks
	LSAN_OPTIONS="suppressions=$src/fuzz/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}" "$dir/fuzz_$t" -max_total_time="$secs" -runs="${FUZZ_RUNS:--1}" -timeout=10 -rss_limit_mb=2048 \
	    -max_len=$maxlen -dict="$src/fuzz/$t.dict" -artifact_prefix="$dir/findings/$t/" \
	    -print_final_stats=1 "$dir/corpus/$t" >"$dir/findings/$t.log" 2>&1
	echo "run.sh: fuzz_$t: $(grep -E '^stat::number_of_executed_units' "$dir/findings/$t.log" |
	    sed 's/.*: *//') executions in $(($(date +%s) - start)) s"
	if [ -n "$(ls "$dir/findings/$t")" ]; then
		echo "run.sh: fuzz_$t found:" "$dir/findings/$t"/* >&2
		tail -40 "$dir/findings/$t.log" >&2
		status=1
	fi
done
exit $status

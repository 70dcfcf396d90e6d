#!/bin/sh
# scan-events.sh: times "vssexplain scan --format jsonl" against
# "xmllint --stream --noout" on the same generated event-log export (XML) in
# the same run, checks that vssexplain finds exactly the failures the
# generator put in, and measures its peak memory.
# Usage: bench/scan-events.sh [SIZE_MIB] (default 512).  Needs python3,
# xmllint (libxml2-utils) and GNU time (time).  The export is generated once
# under bench/out/ (or $BENCH_DIR) and reused; RUNS sets the runs (default 5).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=bench/lib.sh
. "$here/lib.sh"
bench_setup 512 5 "$@"
bench_need xmllint libxml2-utils
xml=$dir/events-$size.xml
bench_generated gen-events.py "$xml" "$dir/events-$size.expected.json"
bench_python "$vssx" "$xml" "$dir/events-$size.expected.json" "$runs" <<'PY'
vssx, xml, want, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
expected_run(vssx, xml, want, runs, ["xmllint", "--stream", "--noout", xml],
             "xmllint --stream", "xmllint", "0.50", "  (target <= 32)")
PY

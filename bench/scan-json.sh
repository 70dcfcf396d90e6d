#!/bin/sh
# scan-json.sh: times "vssexplain scan --format jsonl" against
# "jq -c 'select(.winlog.provider_name=="VSS")'" on the same generated
# Winlogbeat NDJSON export in the same run (the goal: at most 0.25 times
# jq's time), checks that vssexplain finds exactly the failures the generator
# put in, and measures its peak memory.
# Usage: bench/scan-json.sh [SIZE_MIB] (default 256).  Needs python3, jq and
# GNU time (time).  The export is generated once under bench/out/ (or
# $BENCH_DIR) and reused; RUNS sets the runs (default 3).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=bench/lib.sh
. "$here/lib.sh"
bench_setup 256 3 "$@"
bench_need jq jq
nd=$dir/winlogbeat-$size.ndjson
bench_generated gen-json.py "$nd" "$dir/winlogbeat-$size.expected.json"
bench_python "$vssx" "$nd" "$dir/winlogbeat-$size.expected.json" "$runs" <<'PY'
vssx, nd, want, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
expected_run(vssx, nd, want, runs, ["jq", "-c", 'select(.winlog.provider_name=="VSS")', nd],
             "jq -c select(VSS)", "jq", "0.25", "")
PY

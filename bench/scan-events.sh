#!/bin/sh
# scan-events.sh: times "vssexplain scan -j 1 --format jsonl" (one core) against
# "xmllint --stream --noout" on the same generated event-log export (XML) in
# the same run, checks that vssexplain finds exactly the failures the
# generator put in, and measures its peak memory.  It does so for three
# exports: a typical mixed one (3% VSS, VolSnap and Backup events, the rest
# logons), one half VSS, and one of VSS events only, as a filtered export
# (wevtutil qe Application /q:"*[System[Provider[@Name='VSS']]]") gives.
# On one core (-j 1), as xmllint reads: the target of issue 16 is single-core.
# Usage: bench/scan-events.sh [SIZE_MIB] (default 512).  Needs python3,
# xmllint (libxml2-utils) and GNU time (time).  The exports are generated once
# under bench/out/ (or $BENCH_DIR) and reused; RUNS sets the runs (default 5),
# CASES the exports (default "mixed half vss").
set -eu
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=bench/lib.sh
. "$here/lib.sh"
bench_setup 512 5 "$@"
bench_need xmllint libxml2-utils
cases=${CASES:-mixed half vss}
for c in $cases; do
case $c in
mixed)	ratio=0.03; xml=$dir/events-$size.xml ;;
half)	ratio=0.5; xml=$dir/events-$size-half.xml ;;
vss)	ratio=1; xml=$dir/events-$size-vss.xml ;;
*)	echo "bench: unknown case $c (mixed, half, vss)" >&2; exit 2 ;;
esac
want=${xml%.xml}.expected.json
bench_generated gen-events.py "$xml" "$want" --vss-ratio "$ratio"
echo "== $c export (VSS, VolSnap and Backup events: $ratio)"
bench_python "$vssx" "$xml" "$want" "$runs" <<'PY'
vssx, xml, want, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
expected_run(vssx, xml, want, runs, ["xmllint", "--stream", "--noout", xml],
             "xmllint --stream", "xmllint", "0.50", "  (target <= 32)")
PY
done

#!/bin/sh
# scan-evtx.sh: times "vssexplain scan --format jsonl" on a binary event log
# (.evtx) against "evtxexport -f xml > /dev/null" (libevtx-utils) on the same
# file in the same run, checks that vssexplain finds the same codes as a scan
# of evtxexport's XML, and measures its peak memory on this file and on one of
# a quarter of its size (memory must stay flat).
# Usage: bench/scan-evtx.sh [SIZE_MIB] (default 128).  Needs python3,
# evtxexport and GNU time.  Files are generated once under bench/out/ (or
# $BENCH_DIR) by bench/gen-evtx.py and reused; RUNS sets the runs (default 5).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=bench/lib.sh
. "$here/lib.sh"
bench_setup 128 5 "$@"
bench_need evtxexport libevtx-utils
evtx=$dir/events-$size.evtx
small=$dir/events-$((size / 4)).evtx
[ -s "$evtx" ] || python3 "$here/gen-evtx.py" "$size" "$evtx"
[ -s "$small" ] || python3 "$here/gen-evtx.py" $((size / 4)) "$small"
cat "$evtx" > /dev/null	# into the page cache for both
bench_python "$vssx" "$evtx" "$small" "$runs" <<'PY'
vssx, evtx, small, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
ours = [vssx, "scan", "--format", "jsonl", evtx]
ref = ["evtxexport", "-f", "xml", evtx]
t = timed(ours, ref, runs)
_, _, rss_small = run([vssx, "scan", "--format", "jsonl", small])

def codes(cmd):
    """The (record, code) pairs a scan finds."""
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    return collections.Counter((json.loads(l).get("record_id"), json.loads(l)["code"])
                               for l in p.stdout.splitlines())
with tempfile.NamedTemporaryFile(suffix=".xml") as x:
    subprocess.run(ref, stdout=x, check=True)
    want = codes([vssx, "scan", "--format", "jsonl", x.name])
got = codes(ours)
print_times(evtx, t, "evtxexport -f xml", "evtxexport", "0.25")
print("peak RSS:               %.1f MiB; on a quarter of the size %.1f MiB  (target <= 32, flat)"
      % (t[4] / 1024, rss_small / 1024))
if got == want:
    print("findings:               %d, the same as a scan of evtxexport's XML" % sum(got.values()))
else:
    print("findings:               DIFFERENT from a scan of evtxexport's XML")
    for k in sorted(set(got) | set(want), key=str)[:20]:
        if got.get(k, 0) != want.get(k, 0):
            print("  %s: evtx %d, xml %d" % (k, got.get(k, 0), want.get(k, 0)))
    sys.exit(1)
PY

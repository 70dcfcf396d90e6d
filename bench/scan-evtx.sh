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
top=$(cd "$here/.." && pwd)
size=${1:-128}
dir=${BENCH_DIR:-$here/out}
vssx=${VSSEXPLAIN:-$top/vssexplain}
runs=${RUNS:-5}
command -v evtxexport >/dev/null || { echo "bench: evtxexport is needed: apt-get install libevtx-utils" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench: GNU time is needed: apt-get install time" >&2; exit 2; }
mkdir -p "$dir"
evtx=$dir/events-$size.evtx
small=$dir/events-$((size / 4)).evtx
[ -s "$evtx" ] || python3 "$here/gen-evtx.py" "$size" "$evtx"
[ -s "$small" ] || python3 "$here/gen-evtx.py" $((size / 4)) "$small"
cat "$evtx" > /dev/null	# into the page cache for both
python3 - "$vssx" "$evtx" "$small" "$runs" <<'PY'
import collections, json, os, statistics, subprocess, sys, tempfile, time
vssx, evtx, small, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])

def run(cmd, out=subprocess.DEVNULL):
    """Wall time, CPU time and peak RSS (KiB, from GNU time in the child) of one run."""
    t = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-f", "%U %S %M"] + cmd, stdout=out,
                       stderr=subprocess.PIPE, text=True)
    el = time.perf_counter() - t
    u, s, m = p.stderr.strip().splitlines()[-1].split()
    return el, float(u) + float(s), int(m)

ours = [vssx, "scan", "--format", "jsonl", evtx]
ref = ["evtxexport", "-f", "xml", evtx]
w_ours, w_ref, c_ours, c_ref, rss = [], [], [], [], 0
for _ in range(runs):             # interleaved, so both see the same machine
    a, ca, m = run(ours); w_ours.append(a); c_ours.append(ca); rss = max(rss, m)
    b, cb, _ = run(ref); w_ref.append(b); c_ref.append(cb)
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
mo, mr = statistics.median(w_ours), statistics.median(w_ref)
print("input:                  %s (%.0f MiB)" % (evtx, os.path.getsize(evtx) / 2**20))
print("vssexplain scan jsonl:  median %.3f s  (runs: %s)" % (mo, " ".join("%.3f" % x for x in w_ours)))
print("evtxexport -f xml:      median %.3f s  (runs: %s)" % (mr, " ".join("%.3f" % x for x in w_ref)))
print("ratio vssexplain/evtxexport, wall: %.2f  (target <= 0.25)" % (mo / mr))
print("ratio vssexplain/evtxexport, CPU:  %.2f" % (statistics.median(c_ours) / statistics.median(c_ref)))
print("peak RSS:               %.1f MiB; on a quarter of the size %.1f MiB  (target <= 32, flat)"
      % (rss / 1024, rss_small / 1024))
if got == want:
    print("findings:               %d, the same as a scan of evtxexport's XML" % sum(got.values()))
else:
    print("findings:               DIFFERENT from a scan of evtxexport's XML")
    for k in sorted(set(got) | set(want), key=str)[:20]:
        if got.get(k, 0) != want.get(k, 0):
            print("  %s: evtx %d, xml %d" % (k, got.get(k, 0), want.get(k, 0)))
    sys.exit(1)
PY

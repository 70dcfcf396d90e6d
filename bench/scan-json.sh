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
top=$(cd "$here/.." && pwd)
size=${1:-256}
dir=${BENCH_DIR:-$here/out}
vssx=${VSSEXPLAIN:-$top/vssexplain}
runs=${RUNS:-3}
command -v jq >/dev/null || { echo "bench: jq is needed: apt-get install jq" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench: GNU time is needed: apt-get install time" >&2; exit 2; }
mkdir -p "$dir"
nd=$dir/winlogbeat-$size.ndjson
want=$dir/winlogbeat-$size.expected.json
if [ ! -s "$nd" ] || [ ! -s "$want" ]; then
	python3 "$here/gen-json.py" "$size" "$nd" "$want"
fi
cat "$nd" > /dev/null	# into the page cache for both
python3 - "$vssx" "$nd" "$want" "$runs" <<'PY'
import collections, json, os, statistics, subprocess, sys, time
vssx, nd, want, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])

def run(cmd, out=subprocess.DEVNULL):
    """Wall time, CPU time and peak RSS (KiB, from GNU time in the child) of one run."""
    t = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-f", "%U %S %M"] + cmd, stdout=out,
                       stderr=subprocess.PIPE, text=True)
    el = time.perf_counter() - t
    u, s, m = p.stderr.strip().splitlines()[-1].split()
    return el, float(u) + float(s), int(m)

ours = [vssx, "scan", "--format", "jsonl", nd]
ref = ["jq", "-c", 'select(.winlog.provider_name=="VSS")', nd]
w_ours, w_ref, c_ours, c_ref, rss = [], [], [], [], 0
for _ in range(runs):             # interleaved, so both see the same machine
    a, ca, m = run(ours); w_ours.append(a); c_ours.append(ca); rss = max(rss, m)
    b, cb, _ = run(ref); w_ref.append(b); c_ref.append(cb)
# the findings: exactly the failures the generator wrote, no more, no less
with open(nd + ".jsonl", "w") as f:
    run(ours, f)
got = collections.Counter(json.loads(l)["code"] for l in open(nd + ".jsonl"))
expected = json.load(open(want))
mo, mr = statistics.median(w_ours), statistics.median(w_ref)
print("input:                  %s (%.0f MiB)" % (nd, os.path.getsize(nd) / 2**20))
print("vssexplain scan jsonl:  median %.3f s  (runs: %s)" % (mo, " ".join("%.3f" % x for x in w_ours)))
print("jq -c select(VSS):      median %.3f s  (runs: %s)" % (mr, " ".join("%.3f" % x for x in w_ref)))
print("ratio vssexplain/jq, wall: %.2f  (target <= 0.25)" % (mo / mr))
print("ratio vssexplain/jq, CPU:  %.2f" % (statistics.median(c_ours) / statistics.median(c_ref)))
print("peak RSS:               %.1f MiB" % (rss / 1024))
if dict(got) == expected:
    print("findings:               %d, exactly the expected ones" % sum(got.values()))
else:
    print("findings:               WRONG")
    for code in sorted(set(got) | set(expected)):
        if got.get(code, 0) != expected.get(code, 0):
            print("  %s: got %d, expected %d" % (code, got.get(code, 0), expected.get(code, 0)))
    sys.exit(1)
PY

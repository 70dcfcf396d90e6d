#!/bin/sh
# scan-events.sh: times "vssexplain scan --format jsonl" against
# "xmllint --stream --noout" on the same generated event-log export (XML) in
# the same run, checks that vssexplain finds exactly the failures the
# generator put in, and measures its peak memory.  It does so for three
# exports: a typical mixed one (3% VSS, VolSnap and Backup events, the rest
# logons), one half VSS, and one of VSS events only, as a filtered export
# (wevtutil qe Application /q:"*[System[Provider[@Name='VSS']]]") gives.
# Usage: bench/scan-events.sh [SIZE_MIB] (default 512).  Needs python3,
# xmllint (libxml2-utils) and GNU time (time).  The exports are generated once
# under bench/out/ (or $BENCH_DIR) and reused; RUNS sets the runs (default 5),
# CASES the exports (default "mixed half vss").
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
size=${1:-512}
dir=${BENCH_DIR:-$here/out}
vssx=${VSSEXPLAIN:-$top/vssexplain}
runs=${RUNS:-5}
cases=${CASES:-mixed half vss}
command -v xmllint >/dev/null || { echo "bench: xmllint is needed: apt-get install libxml2-utils" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench: GNU time is needed: apt-get install time" >&2; exit 2; }
mkdir -p "$dir"
for c in $cases; do
case $c in
mixed)	ratio=0.03; xml=$dir/events-$size.xml ;;
half)	ratio=0.5; xml=$dir/events-$size-half.xml ;;
vss)	ratio=1; xml=$dir/events-$size-vss.xml ;;
*)	echo "bench: unknown case $c (mixed, half, vss)" >&2; exit 2 ;;
esac
want=${xml%.xml}.expected.json
if [ ! -s "$xml" ] || [ ! -s "$want" ]; then
	python3 "$here/gen-events.py" "$size" "$xml" "$want" --vss-ratio "$ratio"
fi
cat "$xml" > /dev/null	# into the page cache for both
echo "== $c export (VSS, VolSnap and Backup events: $ratio)"
python3 - "$vssx" "$xml" "$want" "$runs" <<'PY'
import collections, json, resource, statistics, subprocess, sys, time
vssx, xml, want, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])

def run(cmd, out=subprocess.DEVNULL):
    """Wall time, CPU time and peak RSS (KiB, from GNU time in the child) of one run."""
    t = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-f", "%U %S %M"] + cmd, stdout=out,
                       stderr=subprocess.PIPE, text=True)
    el = time.perf_counter() - t
    u, s, m = p.stderr.strip().splitlines()[-1].split()
    return el, float(u) + float(s), int(m)

ours = [vssx, "scan", "--format", "jsonl", xml]
ref = ["xmllint", "--stream", "--noout", xml]
w_ours, w_ref, c_ours, c_ref, rss = [], [], [], [], 0
for _ in range(runs):             # interleaved, so both see the same machine
    a, ca, m = run(ours); w_ours.append(a); c_ours.append(ca); rss = max(rss, m)
    b, cb, _ = run(ref); w_ref.append(b); c_ref.append(cb)
# the findings: exactly the failures the generator wrote, no more, no less
with open(xml + ".jsonl", "w") as f:
    run(ours, f)
got = collections.Counter(json.loads(l)["code"] for l in open(xml + ".jsonl"))
expected = json.load(open(want))
mo, mr = statistics.median(w_ours), statistics.median(w_ref)
print("input:                  %s (%.0f MiB)" % (xml, __import__("os").path.getsize(xml) / 2**20))
print("vssexplain scan jsonl:  median %.3f s  (runs: %s)" % (mo, " ".join("%.3f" % x for x in w_ours)))
print("xmllint --stream:       median %.3f s  (runs: %s)" % (mr, " ".join("%.3f" % x for x in w_ref)))
print("ratio vssexplain/xmllint, wall: %.2f  (target <= 0.50)" % (mo / mr))
print("ratio vssexplain/xmllint, CPU:  %.2f" % (statistics.median(c_ours) / statistics.median(c_ref)))
print("peak RSS:               %.1f MiB  (target <= 32)" % (rss / 1024))
if dict(got) == expected:
    print("findings:               %d, exactly the expected ones" % sum(got.values()))
else:
    print("findings:               WRONG")
    for code in sorted(set(got) | set(expected)):
        if got.get(code, 0) != expected.get(code, 0):
            print("  %s: got %d, expected %d" % (code, got.get(code, 0), expected.get(code, 0)))
    sys.exit(1)
PY
done

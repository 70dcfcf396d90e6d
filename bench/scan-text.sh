#!/bin/sh
# scan-text.sh: times "vssexplain scan --format jsonl" against "rg -c" with a
# regex for the same code forms, on the same generated log in the same run,
# and measures peak memory on that file and on a 256 MiB file with no newline.
# Usage: bench/scan-text.sh [SIZE_MIB] (default 1024).  Needs rg, python3, GNU time.
# Files are generated once under bench/out/ (or $BENCH_DIR) and reused.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
size=${1:-1024}
dir=${BENCH_DIR:-$here/out}
vssx=${VSSEXPLAIN:-$top/vssexplain}
runs=${RUNS:-5}
mkdir -p "$dir"
log=$dir/textlog-$size.log
flat=$dir/noline-256.log
[ -s "$log" ] || python3 "$here/gen-textlog.py" "$size" "$log"
[ -s "$flat" ] || python3 "$here/gen-textlog.py" 256 "$flat" --no-newline
command -v rg >/dev/null || { echo "bench: ripgrep (rg) is needed: apt-get install ripgrep" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench: GNU time is needed: apt-get install time" >&2; exit 2; }
# The forms vssexplain extracts: 0x + 8 hex, 8 bare hex, 9-10 digit decimals
# (signed or not), code names, and vssadmin's "Last error".
re='0[xX][0-9a-fA-F]{8}|\b[0-9a-fA-F]{8}\b|-?\b[0-9]{9,10}\b|\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b|Last error'
cat "$log" > /dev/null	# into the page cache for both
python3 - "$vssx" "$log" "$flat" "$re" "$runs" <<'PY'
import resource, statistics, subprocess, sys, time
vssx, log, flat, regex, runs = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])

def run(cmd):
    """Wall time and peak RSS (KiB, measured by GNU time in the child) of one run of cmd."""
    t = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, text=True)
    el = time.perf_counter() - t
    return el, int(p.stderr.strip().splitlines()[-1])

ours = [vssx, "scan", "--format", "jsonl", log]
ref = ["rg", "-c", regex, log]
t_ours, t_ref, rss = [], [], 0
for _ in range(runs):             # interleaved, so both see the same machine
    a, m = run(ours); t_ours.append(a); rss = max(rss, m)
    b, _ = run(ref); t_ref.append(b)
mo, mr = statistics.median(t_ours), statistics.median(t_ref)
_, rss_flat = run([vssx, "scan", "--format", "jsonl", flat])
print("input:                %s" % log)
print("vssexplain scan jsonl: median %.3f s  (runs: %s)" % (mo, " ".join("%.3f" % x for x in t_ours)))
print("rg -c (same forms):    median %.3f s  (runs: %s)" % (mr, " ".join("%.3f" % x for x in t_ref)))
print("ratio vssexplain/rg:   %.2f  (target <= 0.50)" % (mo / mr))
print("peak RSS, this file:   %.1f MiB  (target <= 16)" % (rss / 1024))
print("peak RSS, 256 MiB with no newline: %.1f MiB  (target <= 16)" % (rss_flat / 1024))
PY

#!/bin/sh
# explain.sh: median wall time of "vssexplain explain 0x800423F3" (the whole
# error database is loaded on every run) timed in the same loop as /bin/true,
# so the machine's own start-up noise shows.  Target: <= 5 ms.
# Usage: bench/explain.sh [RUNS] (default 200).  Needs python3.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
vssx=${VSSEXPLAIN:-$here/../vssexplain}
runs=${1:-200}
python3 - "$vssx" "$runs" <<'PY'
import os, statistics, subprocess, sys, time
vssx, runs = sys.argv[1], int(sys.argv[2])
cmds = {"vssexplain explain 0x800423F3": [vssx, "explain", "0x800423F3"], "/bin/true": ["/bin/true"]}
times = {k: [] for k in cmds}
for _ in range(runs):                 # interleaved in one loop
    for k, c in cmds.items():
        t = time.perf_counter()
        subprocess.run(c, stdout=subprocess.DEVNULL, check=(k != "/bin/true"))
        times[k].append(time.perf_counter() - t)
for k, v in times.items():
    print("%-32s median %.2f ms  p90 %.2f ms" % (k, statistics.median(v) * 1000,
          sorted(v)[int(len(v) * 0.9)] * 1000))
m = statistics.median(times["vssexplain explain 0x800423F3"]) * 1000
b = statistics.median(times["/bin/true"]) * 1000
print("explain minus /bin/true:         %.2f ms  (target: explain <= 5 ms)" % (m - b))
PY

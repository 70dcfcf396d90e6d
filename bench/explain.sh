#!/bin/sh
# explain.sh: median wall time of "vssexplain explain 0x800423F3" and of
# "vssexplain rules" (the error database is loaded on every run), timed in the
# same loop as /bin/true and "vssexplain --version" (start-up and dynamic
# linking alone), so the machine's own noise shows.  Target (issue 16): each
# command <= 2 ms median more than /bin/true.  The page faults (minor faults)
# of each run are printed too: unlike the times they do not depend on the
# machine's load, and where page faults are dear (a virtual machine) they are
# most of the start-up.  libxml2 (with ICU and libstdc++), libevtx, liblzma,
# libzstd and libbz2 are in the readers module, which none of these commands
# loads.
# The compiled rules cache is kept in a temporary directory, warmed by a first
# run; the "no cache" lines (VSSEXPLAIN_CACHE_DIR=off) parse the rules at each
# run, as every run did before the cache.
# Usage: bench/explain.sh [RUNS] (default 200).  Needs python3.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
vssx=${VSSEXPLAIN:-$here/../vssexplain}
runs=${1:-200}
cache=$(mktemp -d "${TMPDIR:-/tmp}/vssx-bench.XXXXXX")
trap 'rm -rf "$cache"' EXIT
VSSEXPLAIN_CACHE_DIR=$cache
export VSSEXPLAIN_CACHE_DIR
"$vssx" rules >/dev/null
python3 - "$vssx" "$runs" <<'PY'
import os, resource, statistics, subprocess, sys, time
vssx, runs = sys.argv[1], int(sys.argv[2])
off = dict(os.environ, VSSEXPLAIN_CACHE_DIR="off")
cmds = {"vssexplain explain 0x800423F3": [vssx, "explain", "0x800423F3"],
        "vssexplain rules": [vssx, "rules"],
        "explain, no cache": [vssx, "explain", "0x800423F3"],
        "rules, no cache": [vssx, "rules"],
        "vssexplain --version": [vssx, "--version"],
        "/bin/true": ["/bin/true"]}
times = {k: [] for k in cmds}
faults = {k: [] for k in cmds}
for _ in range(runs):                 # interleaved in one loop
    for k, c in cmds.items():
        f = resource.getrusage(resource.RUSAGE_CHILDREN).ru_minflt
        t = time.perf_counter()
        subprocess.run(c, stdout=subprocess.DEVNULL, check=(k != "/bin/true"),
                       env=off if "no cache" in k else None)
        times[k].append(time.perf_counter() - t)
        faults[k].append(resource.getrusage(resource.RUSAGE_CHILDREN).ru_minflt - f)
for k, v in times.items():
    print("%-32s median %.2f ms  p90 %.2f ms  %d page faults" % (k,
          statistics.median(v) * 1000, sorted(v)[int(len(v) * 0.9)] * 1000,
          statistics.median(faults[k])))
b = statistics.median(times["/bin/true"]) * 1000
for k in ("vssexplain explain 0x800423F3", "vssexplain rules", "explain, no cache",
          "rules, no cache", "vssexplain --version"):
    m = statistics.median(times[k]) * 1000
    print("%-32s %.2f ms more than /bin/true%s" % (k, m - b,
          "" if "version" in k or "no cache" in k else "  (target <= 2 ms)"))
PY

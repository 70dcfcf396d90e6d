#!/bin/sh
# scan-jobs.sh: times "vssexplain scan -j 2" against "-j 1" on one large
# generated log and on a tree of many small files, with "rg -c" (which uses
# every core too) timed in the same, interleaved run.  Prints each speedup
# -j 1 / -j 2 (target >= 1.8 on 2 cores) and each ratio vssexplain/rg, by
# wall time, the CPU time -j 2 costs over -j 1, and the load average (the
# speedup needs idle processors), and checks that -j 1 and -j 2 wrote the
# same report.  "rg -c -j1" is timed too: rg's own speedup says what the
# machine allows.
# Usage: bench/scan-jobs.sh [SIZE_MIB [FILES]] (default 1024 and 20000).
# Needs rg and python3.  Inputs are generated once under bench/out/ (or
# $BENCH_DIR) and reused; RUNS sets the runs of each command (default 3).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
size=${1:-1024}
nfiles=${2:-20000}
dir=${BENCH_DIR:-$here/out}
vssx=${VSSEXPLAIN:-$top/vssexplain}
runs=${RUNS:-3}
mkdir -p "$dir"
log=$dir/textlog-$size.log
tree=$dir/tree-$nfiles
command -v rg >/dev/null || { echo "bench: ripgrep (rg) is needed: apt-get install ripgrep" >&2; exit 2; }
[ -s "$log" ] || python3 "$here/gen-textlog.py" "$size" "$log"
if [ ! -d "$tree" ]; then
	# the small files: 8 KiB pieces of a generated log, cut at line ends, 100 a directory
	[ -s "$dir/textlog-160.log" ] || python3 "$here/gen-textlog.py" 160 "$dir/textlog-160.log"
	python3 - "$dir/textlog-160.log" "$tree.tmp" "$nfiles" <<'PY'
import os, sys
src, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
with open(src, "rb") as f:
    data = f.read()
at = 0
for i in range(n):
    d = os.path.join(out, "d%03d" % (i // 100))
    os.makedirs(d, exist_ok=True)
    if at >= len(data):
        at = 0
    end = data.find(b"\n", at + 8192)
    end = len(data) if end < 0 else end + 1
    with open(os.path.join(d, "f%05d.log" % i), "wb") as g:
        g.write(data[at:end])
    at = end
PY
	mv "$tree.tmp" "$tree"
fi
# the stricter regex of issue 16, for the same code forms
strict='\b0x[0-9A-Fa-f]{8}L?\b|\b[0-9A-Fa-f]{8}\b|-?\b[0-9]{10}\b|\b(VSS|E|RPC|REGDB|CO|STG|DISP)_[ES]?_?[A-Z_]+\b|Last error: [A-Za-z -]+'
cat "$log" >/dev/null	# into the page cache
rg -c x "$tree" >/dev/null || :
python3 - "$vssx" "$log" "$tree" "$strict" "$runs" "$dir" <<'PY'
import filecmp, os, statistics, subprocess, sys, time
vssx, log, tree, strict, runs, out = sys.argv[1:7]
runs = int(sys.argv[5])

def run(cmd, to):
    """Wall time and CPU time (user + system, every thread) of one run of cmd.
    The report file is opened before the clock starts: truncating the last
    run's report (40 MB on the large log, some 7 ms) is the bench's work."""
    with open(to, "wb") as f:
        t = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=f, stderr=subprocess.DEVNULL)
        _, _, ru = os.wait4(p.pid, 0)
        t = time.perf_counter() - t
    return t, ru.ru_utime + ru.ru_stime

scan = [vssx, "scan", "--format", "jsonl", "--at", "2026-01-01T00:00:00Z"]
cmds = {}
for name, path, r in (("large log", log, []), ("small files", tree, ["-r"])):
    for j in ("1", "2"):
        cmds[(name, "-j " + j)] = scan + ["-j", j] + r + [path]
    cmds[(name, "rg -c")] = ["rg", "-c", "-uu", strict, path]  # -uu: bench/out is in .gitignore
    cmds[(name, "rg -j1")] = ["rg", "-c", "-uu", "-j1", strict, path]  # what one core gives rg
wall = {k: [] for k in cmds}
cpu = {k: [] for k in cmds}
for _ in range(runs):             # interleaved, so all see the same machine
    for k, c in cmds.items():
        w, u = run(c, os.path.join(out, "jobs-%s-%s.out" % (k[0][0], k[1][-2:].strip())))
        wall[k].append(w)
        cpu[k].append(u)
med = statistics.median
print("inputs: %s (%.0f MiB); %s (%d files)" % (log, os.path.getsize(log) / 2**20, tree,
      sum(len(f) for _, _, f in os.walk(tree))))
print("online processors: %d; load average: %.1f" % (os.cpu_count(), os.getloadavg()[0]))
for name in ("large log", "small files"):
    for k in ("-j 1", "-j 2", "rg -j1", "rg -c"):
        print("%-11s %-5s wall median %.3f s  cpu median %.3f s  (wall runs: %s)" % (
              name, k, med(wall[(name, k)]), med(cpu[(name, k)]),
              " ".join("%.3f" % x for x in wall[(name, k)])))
    same = filecmp.cmp(os.path.join(out, "jobs-%s-1.out" % name[0]),
                       os.path.join(out, "jobs-%s-2.out" % name[0]), shallow=False)
    print("%-11s speedup -j 1 / -j 2: %.2f  (target >= 1.80); reports the same: %s" % (
        name, med(wall[(name, "-j 1")]) / med(wall[(name, "-j 2")]), "yes" if same else "NO"))
    # the cost of a second processor changes from minute to minute on a
    # virtual machine (doc/scan-jobs.md): each command's fastest run says
    # what it gives in the quiet moments; the verdict stays the medians'
    print("%-11s fastest runs, -j 1 / -j 2: %.2f  (rg's own: %.2f)" % (
        name, min(wall[(name, "-j 1")]) / min(wall[(name, "-j 2")]),
        min(wall[(name, "rg -j1")]) / min(wall[(name, "rg -c")])))
    print("%-11s cpu -j 2 / -j 1: %.2f  (the cost of the threads; on a busy machine the" % (
        name, med(cpu[(name, "-j 2")]) / med(cpu[(name, "-j 1")])))
    print("%-11s   wall speedup is bounded by the idle processors, see the load average)" % "")
    print("%-11s rg's own speedup, -j1 / all cores: %.2f  (what this machine allows)" % (
        name, med(wall[(name, "rg -j1")]) / med(wall[(name, "rg -c")])))
    print("%-11s ratio vssexplain -j 2 / rg -c: %.2f" % (
        name, med(wall[(name, "-j 2")]) / med(wall[(name, "rg -c")])))
PY

#!/bin/sh
# scan-text.sh: times "vssexplain scan -j 1 --format jsonl" (one core: the target is
# single-core; scan-jobs.sh times -j) against "rg -c" with two
# regexes for the same code forms (the loose one below and the stricter one of
# issue 16), on generated logs with 1% and with 10% failure lines, all in the
# same run, and measures peak memory on the 1% file and on a 256 MiB file
# with no newline.  Prints each ratio vssexplain/rg (target <= 0.50) and
# vssexplain's throughput (target >= 1 GB/s), by wall time and by CPU time.
# Usage: bench/scan-text.sh [SIZE_MIB] (default 1024).  Needs rg, python3, GNU time.
# Files are generated once under bench/out/ (or $BENCH_DIR) and reused.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=bench/lib.sh
. "$here/lib.sh"
bench_setup 1024 5 "$@"
log1=$dir/textlog-$size.log
log10=$dir/textlog-$size-f10.log
flat=$dir/noline-256.log
[ -s "$log1" ] || python3 "$here/gen-textlog.py" "$size" "$log1"
[ -s "$log10" ] || python3 "$here/gen-textlog.py" "$size" "$log10" --fail-ratio 0.10
[ -s "$flat" ] || python3 "$here/gen-textlog.py" 256 "$flat" --no-newline
bench_need rg ripgrep "ripgrep (rg)"
# The forms vssexplain extracts: 0x + 8 hex, 8 bare hex, 9-10 digit decimals
# (signed or not), code names, and vssadmin's "Last error".
loose='0[xX][0-9a-fA-F]{8}|\b[0-9a-fA-F]{8}\b|-?\b[0-9]{9,10}\b|\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b|Last error'
# The same forms as issue 16 writes them, closer to what vssexplain accepts.
strict='\b0x[0-9A-Fa-f]{8}L?\b|\b[0-9A-Fa-f]{8}\b|-?\b[0-9]{10}\b|\b(VSS|E|RPC|REGDB|CO|STG|DISP)_[ES]?_?[A-Z_]+\b|Last error: [A-Za-z -]+'
cat "$log1" "$log10" > /dev/null	# into the page cache
python3 - "$vssx" "$log1" "$log10" "$flat" "$loose" "$strict" "$runs" <<'PY'
import os, statistics, subprocess, sys, time
vssx, log1, log10, flat, loose, strict = sys.argv[1:7]
runs = int(sys.argv[7])

def run(cmd):
    """Wall time, CPU time (user + system) and peak RSS (KiB) of one run of cmd."""
    t = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-f", "%e %U %S %M"] + cmd, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, text=True)
    el = time.perf_counter() - t
    f = p.stderr.strip().splitlines()[-1].split()
    return el, float(f[1]) + float(f[2]), int(f[3])

cmds = {}
for name, log in (("1%", log1), ("10%", log10)):
    cmds[("vssx", name)] = [vssx, "scan", "-j", "1", "--format", "jsonl", log]
    cmds[("rg loose", name)] = ["rg", "-c", loose, log]
    cmds[("rg strict", name)] = ["rg", "-c", strict, log]
wall = {k: [] for k in cmds}
cpu = {k: [] for k in cmds}
rss = 0
for _ in range(runs):             # interleaved, so all see the same machine
    for k, c in cmds.items():
        a, u, m = run(c)
        wall[k].append(a)
        cpu[k].append(u)
        if k == ("vssx", "1%"):
            rss = max(rss, m)
_, _, rss_flat = run([vssx, "scan", "-j", "1", "--format", "jsonl", flat])
med = lambda v: statistics.median(v)
print("inputs: %s (1%% failure lines), %s (10%%)" % (log1, log10))
for name, log in (("1%", log1), ("10%", log10)):
    size = os.path.getsize(log)
    for k in ("vssx", "rg loose", "rg strict"):
        print("%-3s %-10s wall median %.3f s  cpu median %.3f s  (wall runs: %s)" % (
            name, k, med(wall[(k, name)]), med(cpu[(k, name)]),
            " ".join("%.3f" % x for x in wall[(k, name)])))
    print("%-3s vssexplain: %.2f GB/s wall, %.2f GB/s cpu  (target >= 1.00)" % (
        name, size / med(wall[("vssx", name)]) / 1e9, size / med(cpu[("vssx", name)]) / 1e9))
    for k in ("rg loose", "rg strict"):
        print("%-3s ratio vssexplain/%-9s wall %.2f  cpu %.2f  (target <= 0.50)" % (
            name, k + ":", med(wall[("vssx", name)]) / med(wall[(k, name)]),
            med(cpu[("vssx", name)]) / med(cpu[(k, name)])))
print("peak RSS, 1%% file:     %.1f MiB  (target <= 16)" % (rss / 1024))
print("peak RSS, 256 MiB with no newline: %.1f MiB  (target <= 16)" % (rss_flat / 1024))
PY

# shellcheck shell=sh
# lib.sh: what the bench/scan-*.sh scripts share, sourced after they set
# $here (this directory): where things are, the checks for the tools they
# need, and bench_python, which runs their Python with the timing helpers.
# Environment: BENCH_DIR (where generated inputs are kept, default
# bench/out/), VSSEXPLAIN (the binary, default the one built here), RUNS.
# shellcheck disable=SC2034,SC2154	# the scripts set $here and use the rest
top=$(cd "$here/.." && pwd)
dir=${BENCH_DIR:-$here/out}
vssx=${VSSEXPLAIN:-$top/vssexplain}

# bench_setup SIZE RUNS [ARG]: the size in MiB (ARG, else SIZE) and the runs
# ($RUNS, else RUNS) in $size and $runs; makes $dir, and needs GNU time.
bench_setup() {
	size=${3:-$1}
	runs=${RUNS:-$2}
	bench_need_time
	mkdir -p "$dir"
}

# bench_generated GENERATOR INPUT EXPECTED [OPTION...]: makes INPUT and the
# findings expected in it with bench/GENERATOR (given the OPTIONs) unless both
# are there, then reads INPUT into the page cache, for vssexplain and the
# reference alike.
bench_generated() {
	gen=$1 input=$2 expect=$3
	shift 3
	if [ ! -s "$input" ] || [ ! -s "$expect" ]; then
		python3 "$here/$gen" "$size" "$input" "$expect" "$@"
	fi
	cat "$input" > /dev/null
}

# bench_need COMMAND PACKAGE [NAME]: stops the benchmark when COMMAND is missing.
bench_need() {
	command -v "$1" >/dev/null ||
	    { echo "bench: ${3:-$1} is needed: apt-get install $2" >&2; exit 2; }
}

# bench_need_time: stops the benchmark without GNU time, which measures peak memory.
bench_need_time() {
	[ -x /usr/bin/time ] || { echo "bench: GNU time is needed: apt-get install time" >&2; exit 2; }
}

# The helpers bench_python defines before the script's own code.
bench_py=$(cat <<'PY'
import collections, json, os, statistics, subprocess, sys, tempfile, time

def run(cmd, out=subprocess.DEVNULL):
    """Wall time, CPU time and peak RSS (KiB, from GNU time in the child) of one run."""
    t = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-f", "%U %S %M"] + cmd, stdout=out,
                       stderr=subprocess.PIPE, text=True)
    el = time.perf_counter() - t
    u, s, m = p.stderr.strip().splitlines()[-1].split()
    return el, float(u) + float(s), int(m)

def timed(ours, ref, runs):
    """Runs ours and ref in turn, so both see the same machine: the wall and
    CPU times of each, and our peak RSS."""
    w_ours, w_ref, c_ours, c_ref, rss = [], [], [], [], 0
    for _ in range(runs):
        a, ca, m = run(ours); w_ours.append(a); c_ours.append(ca); rss = max(rss, m)
        b, cb, _ = run(ref); w_ref.append(b); c_ref.append(cb)
    return w_ours, w_ref, c_ours, c_ref, rss

def print_times(path, t, ref_label, ref_name, target):
    """The input, both medians with their runs, and the ratios of wall and CPU time."""
    w_ours, w_ref, c_ours, c_ref = t[:4]
    mo, mr = statistics.median(w_ours), statistics.median(w_ref)
    print("input:                  %s (%.0f MiB)" % (path, os.path.getsize(path) / 2**20))
    print("vssexplain scan jsonl:  median %.3f s  (runs: %s)" % (mo, " ".join("%.3f" % x for x in w_ours)))
    print("%-24smedian %.3f s  (runs: %s)" % (ref_label + ":", mr, " ".join("%.3f" % x for x in w_ref)))
    print("ratio vssexplain/%s, wall: %.2f  (target <= %s)" % (ref_name, mo / mr, target))
    print("ratio vssexplain/%s, CPU:  %.2f" % (ref_name, statistics.median(c_ours) / statistics.median(c_ref)))

def codes_found(ours, path):
    """How often each code is found by ours, whose findings are kept in path.jsonl."""
    with open(path + ".jsonl", "w") as f:
        run(ours, f)
    with open(path + ".jsonl") as f:
        return collections.Counter(json.loads(l)["code"] for l in f)

def expected_run(vssx, path, want, runs, ref, ref_label, ref_name, target, rss_note, opts=()):
    """Times a scan of a generated input against ref (opts: more scan options), then checks its findings."""
    ours = [vssx, "scan", "-j", "1", "--format", "jsonl"] + list(opts) + [path]  # a single-core target
    t = timed(ours, ref, runs)
    got = codes_found(ours, path)
    print_times(path, t, ref_label, ref_name, target)
    print("peak RSS:               %.1f MiB%s" % (t[4] / 1024, rss_note))
    check_expected(got, want)

def check_expected(got, want):
    """Are they exactly the failures the generator wrote (want, its JSON), no more, no less?"""
    with open(want) as f:
        expected = json.load(f)
    if dict(got) == expected:
        print("findings:               %d, exactly the expected ones" % sum(got.values()))
        return
    print("findings:               WRONG")
    for code in sorted(set(got) | set(expected)):
        if got.get(code, 0) != expected.get(code, 0):
            print("  %s: got %d, expected %d" % (code, got.get(code, 0), expected.get(code, 0)))
    sys.exit(1)
PY
)

# bench_python ARG...: runs the Python on standard input after the helpers above.
bench_python() {
	python3 -c "$bench_py
$(cat)" "$@"
}

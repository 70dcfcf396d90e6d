#!/bin/sh
# report-prometheus.sh: --format prometheus is the text exposition format
# for node_exporter's textfile collector: findings per host, class and code,
# last failure times, retry chains, a scan success gauge, HELP and TYPE for
# each; label values escaped; written atomically with --output.  Checked by
# promtool check metrics when it is installed (Debian: prometheus), and
# always by a parser of the format here.
. "$top_srcdir/tests/e2e/setup.sh"
cd "$tmp" || exit 99

# parse FILE: every line a HELP, a TYPE or a sample of a family announced by
# them; label values only with the escapes \\ \" \n; no label set twice
parse() {
	python3 - "$1" <<'PY' || fail "$1 is not the exposition format"
import re, sys
data = open(sys.argv[1], "rb").read().decode("utf-8")
assert data.endswith("\n")
families, seen = {}, set()
label = r'[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*"'
sample = re.compile(r'([a-zA-Z_:][a-zA-Z0-9_:]*)(\{' + label + r'(?:,' + label + r')*\})? (-?[0-9]+(?:\.[0-9]+)?)')
for line in data[:-1].split("\n"):
    m = re.fullmatch(r"# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.+)", line)
    if m:
        if m.group(1) == "TYPE":
            assert m.group(3) == "gauge", line
            families[m.group(2)] = 0
        continue
    m = sample.fullmatch(line)
    assert m, "not a sample: %r" % line
    assert m.group(1) in families, "no TYPE before %r" % line
    assert line.rsplit(" ", 1)[0] not in seen, "twice: %r" % line
    seen.add(line.rsplit(" ", 1)[0])
    families[m.group(1)] += 1
for name in ("vssexplain_findings", "vssexplain_scan_success", "vssexplain_inputs",
             "vssexplain_last_failure_timestamp_seconds"):
    assert name in families, name
PY
}

# promtool FILE: the reference checker, when there is one
promcheck() {
	if command -v promtool >/dev/null 2>&1; then
		promtool check metrics <"$1" >"$tmp/prom.err" 2>&1 ||
		    fail "promtool check metrics $1: $(cat "$tmp/prom.err")"
	else
		echo "note: no promtool (Debian: prometheus); the parser check alone" >&2
	fi
}

printf '2024-05-14T23:00:00Z HOSTD VSS[2412]: 12289: Volume Shadow Copy Service error: Unexpected error DeviceIoControl. hr = 0x80070005, Access is denied.\n2024-05-14T23:05:00Z HOSTD VSS[2412]: hr = 0x80070005\n2024-05-14T23:10:00Z HOSTE VSS[1]: 8229: A VSS writer has rejected an event with error 0x800423f3, The writer experienced a transient error. Operation: PrepareForSnapshot Event Writer Name: WMI Writer\n' >a.log
at=--at=2024-05-15T00:00:00Z
expect_status 1 vssx scan "$at" --format prometheus --output metrics.prom a.log
[ -s "$tmp/out" ] && fail "--output: the metrics went to standard output too"
parse metrics.prom
promcheck metrics.prom
expect_grep '^vssexplain_findings\{host="HOSTD",guidance="fix",code="0x80070005",name="E_ACCESSDENIED"\} 2$' metrics.prom
expect_grep '^vssexplain_last_failure_timestamp_seconds\{guidance="fix",code="0x80070005",name="E_ACCESSDENIED"\} 1715727900$' metrics.prom
expect_grep '^vssexplain_retry_chains\{host="HOSTE",writer="WMI Writer",guidance="transient",code="0x800423F3",name="VSS_E_WRITERERROR_RETRYABLE",state="due"\} 1$' metrics.prom
expect_grep '^vssexplain_scan_success 1$' metrics.prom
expect_grep '^vssexplain_guidance_findings\{guidance="fix"\} 2$' metrics.prom
expect_grep '^# TYPE vssexplain_findings gauge$' metrics.prom
# no temporary file is left beside it
[ "$(ls -a | grep -c 'metrics')" = 1 ] || fail "files beside metrics.prom: $(ls -a)"

# nothing found, and an input with errors: the success gauge says so
: >empty.log
printf 'hr = 0x80070005\n' | gzip -c | head -c 20 >broken.log.gz
expect_status 2 vssx scan "$at" --format prometheus empty.log broken.log.gz
parse "$tmp/out"
promcheck "$tmp/out"
expect_grep '^vssexplain_scan_success 0$' "$tmp/out"
expect_grep '^vssexplain_input_errors 1$' "$tmp/out"
expect_no_grep '^vssexplain_findings\{' "$tmp/out"

# merge writes the metrics of many hosts' reports
expect_status 1 vssx scan "$at" --format json --output r.json a.log
expect_status 1 vssx merge "$at" --format prometheus r.json
parse "$tmp/out"
expect_grep '^vssexplain_findings\{host="HOSTD",' "$tmp/out"
done_testing

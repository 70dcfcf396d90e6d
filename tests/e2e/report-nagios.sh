#!/bin/sh
# report-nagios.sh: --format nagios is a check of the Monitoring Plugins
# kind: "VSS STATE - summary | perfdata", a line per code after it, exit 0
# OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN; --warning and --critical choose the
# classes; an input with errors or a usage error is UNKNOWN; with --state
# each check reports only what is new.
. "$top_srcdir/tests/e2e/setup.sh"
cd "$tmp" || exit 99

# shellcheck disable=SC2119	# the hosts alone, no extra failure
mixed_log >mixed.log
at=--at=2024-05-15T00:00:00Z

# perfdata FILE: the first line has "label=value;;;0" items after one '|',
# and no other line has a '|'
perfdata() {
	python3 - "$1" <<'PY' || fail "$1: bad plugin output: $(cat "$1")"
import re, sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
text, perf = lines[0].split(" | ")
assert re.match(r"VSS (OK|WARNING|CRITICAL|UNKNOWN) - \S", text), text
for item in perf.split(" "):
    assert re.fullmatch(r"[a-z_]+=\d+;;;0", item), item
assert all("|" not in l for l in lines[1:]), "a '|' in the long output"
PY
}

# the defaults: exhausted and fix are critical, investigate a warning
expect_status 2 vssx scan "$at" --format nagios mixed.log
expect_grep '^VSS CRITICAL - 1 exhausted, 1 waiting until 00:05 UTC, 1 to fix, 1 to check on 3 hosts \| exhausted=1;;;0 due=0;;;0 waiting=1;;;0 fix=1;;;0 check=1;;;0 findings=7;;;0 hosts=3;;;0 input_errors=0;;;0$' "$tmp/out"
expect_grep '^CRITICAL: exhausted 0x800423F3 VSS_E_WRITERERROR_RETRYABLE, 4 findings on HOSTA$' "$tmp/out"
expect_grep '^WARNING: transient 0x800423F3 VSS_E_WRITERERROR_RETRYABLE, 1 finding on HOSTB$' "$tmp/out"
expect_grep '^WARNING: investigate 0x80042302 ' "$tmp/out"
perfdata "$tmp/out"

# the classes chosen: warning only, nothing, critical for a waiting retry
expect_status 1 vssx scan "$at" --format nagios --critical none --warning exhausted,fix mixed.log
expect_grep '^VSS WARNING - ' "$tmp/out"
expect_grep '^OK: investigate 0x80042302 ' "$tmp/out"
expect_status 0 vssx scan "$at" --format nagios --critical none --warning none mixed.log
expect_grep '^VSS OK - 1 exhausted' "$tmp/out"
expect_status 2 vssx scan "$at" --format nagios --critical transient --guidance transient mixed.log
expect_grep '^VSS CRITICAL - 1 waiting until 00:05 UTC on 1 host \|' "$tmp/out"
expect_status 3 vssx scan "$at" --format nagios --critical bogus mixed.log
expect_grep "critical: unknown guidance class 'bogus'" "$tmp/err"
expect_grep '^VSS UNKNOWN - ' "$tmp/out"
expect_status 2 vssx scan "$at" --warning fix mixed.log
expect_grep 'go with --format nagios' "$tmp/err"

# nothing: OK; an unreadable input: UNKNOWN, unless something is critical
: >empty.log
expect_status 0 vssx scan "$at" --format nagios empty.log
expect_grep '^VSS OK - no VSS failures \| exhausted=0;;;0 ' "$tmp/out"
perfdata "$tmp/out"
printf '2024-05-14T23:00:00Z HOSTD hr = 0x80070005\n' | gzip -c | head -c 30 >broken.log.gz
expect_status 3 vssx scan "$at" --format nagios broken.log.gz empty.log
expect_grep '^VSS UNKNOWN - no VSS failures, 1 input with errors \|.* input_errors=1;;;0$' "$tmp/out"
expect_status 2 vssx scan "$at" --format nagios broken.log.gz mixed.log
expect_grep '^VSS CRITICAL - ' "$tmp/out"
# a usage error, a missing file: UNKNOWN too, with a status line
expect_status 3 vssx scan --format nagios --no-such-option mixed.log
expect_grep '^VSS UNKNOWN - ' "$tmp/out"
expect_status 3 vssx scan "$at" --format nagios no-such.log
expect_grep '^VSS UNKNOWN - ' "$tmp/out"

# --state: each check only what is new since the last
expect_status 2 vssx scan "$at" --format nagios --state st.json mixed.log
expect_grep '^VSS CRITICAL - ' "$tmp/out"
expect_status 0 vssx scan "$at" --format nagios --state st.json mixed.log
expect_grep '^VSS OK - no VSS failures ' "$tmp/out"
retryable 2024-05-14T23:58:00Z HOSTC "WMI Writer" >>mixed.log
expect_status 1 vssx scan "$at" --format nagios --state st.json mixed.log
expect_grep '^VSS WARNING - 1 waiting until 00:08 UTC on 1 host \|' "$tmp/out"
expect_status 0 vssx scan "$at" --format nagios --state st.json mixed.log

# merge: the same check over the reports of many hosts
expect_status 1 vssx scan "$at" --format json --output r.json mixed.log
expect_status 2 vssx merge "$at" --format nagios r.json
expect_grep '^VSS CRITICAL - 1 exhausted' "$tmp/out"
expect_status 1 vssx merge "$at" --format nagios --critical none r.json
expect_grep '^VSS WARNING - ' "$tmp/out"
expect_status 3 vssx merge "$at" --format nagios no-such.json
expect_grep '^VSS UNKNOWN - ' "$tmp/out"
done_testing

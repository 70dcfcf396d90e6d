# report-retry.sh: the retry evaluation of transient failures, one chain per
# (host, writer, code): wait, due, exhausted, retried too soon, a new chain
# after the retry window, and separate chains for writers and hosts.
. "$top_srcdir/tests/e2e/setup.sh"

command -v python3 >/dev/null 2>&1 || { echo "SKIP: no python3" >&2; exit 77; }


# flush TIME HOST: VSS_E_FLUSH_WRITES_TIMEOUT (0x80042313), named, no writer.
flush() {
	printf '%s %s VSS[2412]: 12298: Volume Shadow Copy Service error: The I/O writes cannot be flushed during the shadow copy creation period. hr = VSS_E_FLUSH_WRITES_TIMEOUT\n' \
	    "$1" "$2"
}

# scan_chains AT LOG [OPTION...]: scans LOG as JSON with --at AT (exit 1
# wanted) and writes one line per retry chain to $tmp/chains:
#   GROUP CODE HOST WRITER STATE USED/MAX next=T first=T last=T soon=N earlier=N
# (spaces in a writer become '_', null is None).
scan_chains() {
	at=$1
	log=$2
	shift 2
	expect_status 1 vssx scan --format json --at "$at" "$@" "$log"
	cp "$tmp/out" "$tmp/r.json"
	python3 -c '
import json, sys
with open(sys.argv[1]) as f:
    doc = json.load(f)
for g in doc["groups"]:
    for c in g["codes"]:
        for ch in c.get("retry_chains", []):
            print(g["guidance"], c["code"], ch["host"] or "-",
                  (ch["writer"] or "-").replace(" ", "_"), ch["state"],
                  "%d/%d" % (ch["retries_used"], ch["max_retries"]),
                  "next=%s" % ch["next_at"], "first=%s" % ch["first_failure"],
                  "last=%s" % ch["last_failure"],
                  "soon=%d" % ch["retried_too_soon"],
                  "earlier=%d" % ch["earlier_chains"])
' "$tmp/r.json" >"$tmp/chains" 2>"$tmp/pyerr" || fail "reading $log's report: $(cat "$tmp/pyerr")"
}

# expect_chains N: exactly N chains in $tmp/chains.
expect_chains() {
	got=$(wc -l <"$tmp/chains" | tr -d ' ')
	[ "$got" = "$1" ] || fail "$got retry chains, wanted $1: $(cat "$tmp/chains")"
}

# scan_text AT LOG [OPTION...]: the text report, without colour.
scan_text() {
	at=$1
	log=$2
	shift 2
	expect_status 1 vssx scan --color=never --at "$at" "$@" "$log"
	# joined, so that a wrapped line can be matched as one
	tr '\n' ' ' <"$tmp/out" | tr -s ' ' >"$tmp/flat"
	echo >>"$tmp/flat"
}

F3=0x800423F3
Z=:00Z

# --- wait: the next retry is not due yet ---------------------------------
# One failure (syslog time: the year comes from --at), 5 minutes later.
retryable 'May 14 10:00:00' FILESRV01 SqlServerWriter >"$tmp/wait1.log"
scan_chains 2024-05-14T10:05:00Z "$tmp/wait1.log"
expect_chains 1
expect_grep "^transient $F3 FILESRV01 SqlServerWriter wait 0/3 next=2024-05-14T10:10$Z first=2024-05-14T10:00$Z last=2024-05-14T10:00$Z soon=0 earlier=0\$" "$tmp/chains"
scan_text 2024-05-14T10:05:00Z "$tmp/wait1.log"
expect_grep '^== Passing condition: retry later \(transient\) ==$' "$tmp/out"
expect_grep '^Retry policy: wait 10 minutes between attempts, at most 3 retries\.$' "$tmp/out"
expect_grep ' Retry FILESRV01, writer SqlServerWriter: wait until 2024-05-14T10:10:00Z, then retry \(1 of 3\) ' "$tmp/flat"
expect_no_grep 'exhausted' "$tmp/out"

# A first retry 11 minutes later failed too: the second retry is due at 10:21.
{
	retryable 'May 14 10:00:00' FILESRV01 SqlServerWriter
	retryable 'May 14 10:11:00' FILESRV01 SqlServerWriter
} >"$tmp/wait2.log"
scan_chains 2024-05-14T10:15:00Z "$tmp/wait2.log"
expect_chains 1
expect_grep "^transient $F3 FILESRV01 SqlServerWriter wait 1/3 next=2024-05-14T10:21$Z first=2024-05-14T10:00$Z last=2024-05-14T10:11$Z soon=0 earlier=0\$" "$tmp/chains"
scan_text 2024-05-14T10:15:00Z "$tmp/wait2.log"
expect_grep ' Retry FILESRV01, writer SqlServerWriter: wait until 2024-05-14T10:21:00Z, then retry \(2 of 3\) ' "$tmp/flat"

# --- due: retry k of 3 now ------------------------------------------------
# Exactly ten minutes after the only failure, retry 1 is due.
scan_chains 2024-05-14T10:10:00Z "$tmp/wait1.log"
expect_grep "^transient $F3 FILESRV01 SqlServerWriter due 0/3 next=2024-05-14T10:10$Z " "$tmp/chains"
scan_text 2024-05-14T10:10:00Z "$tmp/wait1.log"
expect_grep ' Retry FILESRV01, writer SqlServerWriter: retry 1 of 3 is due now \(last failure 2024-05-14T10:00:00Z\) ' "$tmp/flat"
# Retry 2 of 3.
scan_chains 2024-05-14T10:30:00Z "$tmp/wait2.log"
expect_grep "^transient $F3 FILESRV01 SqlServerWriter due 1/3 next=2024-05-14T10:21$Z first=2024-05-14T10:00$Z last=2024-05-14T10:11$Z soon=0 earlier=0\$" "$tmp/chains"
# Retry 3 of 3: two retries used (ISO times this time).
{
	retryable 2024-05-14T10:00:00Z FILESRV01 SqlServerWriter
	retryable 2024-05-14T10:11:00Z FILESRV01 SqlServerWriter
	retryable 2024-05-14T10:22:00Z FILESRV01 SqlServerWriter
} >"$tmp/due3.log"
scan_chains 2024-05-14T10:40:00Z "$tmp/due3.log"
expect_chains 1
expect_grep "^transient $F3 FILESRV01 SqlServerWriter due 2/3 next=2024-05-14T10:32$Z first=2024-05-14T10:00$Z last=2024-05-14T10:22$Z soon=0 earlier=0\$" "$tmp/chains"
scan_text 2024-05-14T10:40:00Z "$tmp/due3.log"
expect_grep ' Retry FILESRV01, writer SqlServerWriter: retry 3 of 3 is due now \(last failure 2024-05-14T10:22:00Z\) ' "$tmp/flat"

# --- exhausted: the first failure and three retries, each >= 10 min apart --
{
	cat "$tmp/due3.log"
	retryable 2024-05-14T10:33:00Z FILESRV01 SqlServerWriter
} >"$tmp/exh.log"
scan_chains 2024-05-14T11:00:00Z "$tmp/exh.log"
expect_chains 1
expect_grep "^exhausted $F3 FILESRV01 SqlServerWriter exhausted 3/3 next=None first=2024-05-14T10:00$Z last=2024-05-14T10:33$Z soon=0 earlier=0\$" "$tmp/chains"
python3 -c '
import json, sys
doc = json.load(open(sys.argv[1]))
assert [g["guidance"] for g in doc["groups"]] == ["exhausted"], doc["groups"]
c = doc["groups"][0]["codes"][0]
assert c["code"] == "0x800423F3" and c["count"] == 4, c
assert doc["totals"]["by_guidance"] == {"exhausted": 4}, doc["totals"]
' "$tmp/r.json" 2>"$tmp/pyerr" || fail "exhausted JSON: $(cat "$tmp/pyerr")"
# Right after the last failure too: nothing is left to wait for.
scan_chains 2024-05-14T10:34:00Z "$tmp/exh.log"
expect_grep "^exhausted $F3 FILESRV01 SqlServerWriter exhausted 3/3 next=None " "$tmp/chains"
# Exactly ten minutes apart counts as a retry.
{
	flush 'May 14 10:00:00' SQL02
	flush 'May 14 10:10:00' SQL02
	flush 'May 14 10:20:00' SQL02
	flush 'May 14 10:30:00' SQL02
} >"$tmp/exh10.log"
scan_chains 2024-05-14T12:00:00Z "$tmp/exh10.log"
expect_chains 1
expect_grep "^exhausted 0x80042313 SQL02 - exhausted 3/3 next=None first=2024-05-14T10:00$Z last=2024-05-14T10:30$Z soon=0 earlier=0\$" "$tmp/chains"
# In text the exhausted group comes first, even before a fix-class code.
{
	printf '2024-05-14T09:00:00Z SQL02 VSS[2412]: 8193: Volume Shadow Copy Service error: hr = 0x80070005, Access is denied.\n'
	cat "$tmp/exh.log"
	retryable 2024-05-14T10:52:00Z HV01 'Microsoft Hyper-V VSS Writer'
} >"$tmp/exh-mixed.log"
scan_text 2024-05-14T11:00:00Z "$tmp/exh-mixed.log"
sed -n 's/^== .* (\([a-z]*\)) ==$/\1/p' "$tmp/out" | tr '\n' ' ' >"$tmp/sections"
echo >>"$tmp/sections"
expect_grep '^exhausted transient fix $' "$tmp/sections"
sed -n '/^Summary$/,/^$/p' "$tmp/out" | sed -n 2p >"$tmp/first-row"
expect_grep '^  exhausted +4 findings +1 code +Retries used up$' "$tmp/first-row"
expect_grep '^== Retries used up \(exhausted\) ==$' "$tmp/out"
expect_grep ' Retry FILESRV01, writer SqlServerWriter: all 3 retries failed \(last failure 2024-05-14T10:33:00Z\) ' "$tmp/flat"
expect_grep ' Retry HV01, writer Microsoft Hyper-V VSS Writer: wait until 2024-05-14T11:02:00Z, then retry \(1 of 3\) ' "$tmp/flat"

# --- retried too soon: noted, not counted as a retry --------------------
# 10:05 is only 5 minutes after 10:00; 10:16 is 11 minutes after 10:05.
{
	retryable 2024-05-14T10:00:00Z FILESRV01 SqlServerWriter
	retryable 2024-05-14T10:05:00Z FILESRV01 SqlServerWriter
	retryable 2024-05-14T10:16:00Z FILESRV01 SqlServerWriter
} >"$tmp/soon.log"
scan_chains 2024-05-14T10:20:00Z "$tmp/soon.log"
expect_chains 1
expect_grep "^transient $F3 FILESRV01 SqlServerWriter wait 1/3 next=2024-05-14T10:26$Z first=2024-05-14T10:00$Z last=2024-05-14T10:16$Z soon=1 earlier=0\$" "$tmp/chains"
scan_text 2024-05-14T10:20:00Z "$tmp/soon.log"
expect_grep 'wait until 2024-05-14T10:26:00Z, then retry \(2 of 3\); retried too soon once' "$tmp/flat"
# Four failures two minutes apart are no exhausted chain: no retry counted.
{
	flush 2024-05-14T10:00:00Z SQL02
	flush 2024-05-14T10:02:00Z SQL02
	flush 2024-05-14T10:04:00Z SQL02
	flush 2024-05-14T10:06:00Z SQL02
} >"$tmp/soon4.log"
scan_chains 2024-05-14T10:30:00Z "$tmp/soon4.log"
expect_chains 1
expect_grep "^transient 0x80042313 SQL02 - due 0/3 next=2024-05-14T10:16$Z first=2024-05-14T10:00$Z last=2024-05-14T10:06$Z soon=3 earlier=0\$" "$tmp/chains"
scan_text 2024-05-14T10:30:00Z "$tmp/soon4.log"
expect_grep ' Retry SQL02: retry 1 of 3 is due now \(last failure 2024-05-14T10:06:00Z\); retried too soon more than once' "$tmp/flat"

# --- a new chain after the retry window ---------------------------------
# Yesterday's chain used two retries; 24h38m later a failure starts anew.
{
	retryable 2024-05-13T09:00:00Z FILESRV01 SqlServerWriter
	retryable 2024-05-13T09:11:00Z FILESRV01 SqlServerWriter
	retryable 2024-05-13T09:22:00Z FILESRV01 SqlServerWriter
	retryable 2024-05-14T10:00:00Z FILESRV01 SqlServerWriter
} >"$tmp/window.log"
scan_chains 2024-05-14T10:05:00Z "$tmp/window.log"
expect_chains 1
expect_grep "^transient $F3 FILESRV01 SqlServerWriter wait 0/3 next=2024-05-14T10:10$Z first=2024-05-14T10:00$Z last=2024-05-14T10:00$Z soon=0 earlier=1\$" "$tmp/chains"
scan_text 2024-05-14T10:05:00Z "$tmp/window.log"
expect_grep 'then retry \(1 of 3\); \(earlier failures older than the retry window were counted apart\)' "$tmp/flat"
# Within 24 hours it is the same chain: the third retry is due.
{
	retryable 2024-05-13T10:30:00Z FILESRV01 SqlServerWriter
	retryable 2024-05-13T10:41:00Z FILESRV01 SqlServerWriter
	retryable 2024-05-14T10:00:00Z FILESRV01 SqlServerWriter
} >"$tmp/inwindow.log"
scan_chains 2024-05-14T10:20:00Z "$tmp/inwindow.log"
expect_grep "^transient $F3 FILESRV01 SqlServerWriter due 2/3 next=2024-05-14T10:10$Z first=2024-05-13T10:30$Z last=2024-05-14T10:00$Z soon=0 earlier=0\$" "$tmp/chains"
# Yesterday's exhausted chain does not make today's single failure exhausted.
{
	retryable 2024-05-13T02:00:00Z FILESRV01 SqlServerWriter
	retryable 2024-05-13T02:11:00Z FILESRV01 SqlServerWriter
	retryable 2024-05-13T02:22:00Z FILESRV01 SqlServerWriter
	retryable 2024-05-13T02:33:00Z FILESRV01 SqlServerWriter
	retryable 2024-05-14T03:00:00Z FILESRV01 SqlServerWriter
} >"$tmp/window-exh.log"
scan_chains 2024-05-14T03:05:00Z "$tmp/window-exh.log"
expect_chains 1
expect_grep "^transient $F3 FILESRV01 SqlServerWriter wait 0/3 next=2024-05-14T03:10$Z first=2024-05-14T03:00$Z last=2024-05-14T03:00$Z soon=0 earlier=1\$" "$tmp/chains"
# A custom window: with --retry-window 1h a gap of 79 minutes starts anew.
{
	flush 2024-05-14T10:00:00Z SQL02
	flush 2024-05-14T10:11:00Z SQL02
	flush 2024-05-14T11:30:00Z SQL02
} >"$tmp/window1h.log"
scan_chains 2024-05-14T11:35:00Z "$tmp/window1h.log"
expect_grep "^transient 0x80042313 SQL02 - wait 2/3 next=2024-05-14T11:40$Z first=2024-05-14T10:00$Z last=2024-05-14T11:30$Z soon=0 earlier=0\$" "$tmp/chains"
scan_chains 2024-05-14T11:35:00Z "$tmp/window1h.log" --retry-window 1h
expect_chains 1
expect_grep "^transient 0x80042313 SQL02 - wait 0/3 next=2024-05-14T11:40$Z first=2024-05-14T11:30$Z last=2024-05-14T11:30$Z soon=0 earlier=1\$" "$tmp/chains"
check_window() {
	python3 -c '
import json, sys
doc = json.load(open(sys.argv[1]))
assert doc["retry_window_minutes"] == int(sys.argv[2]), doc["retry_window_minutes"]
' "$tmp/r.json" "$1" 2>"$tmp/pyerr" || fail "retry_window_minutes: $(cat "$tmp/pyerr")"
}
check_window 60
scan_chains 2024-05-14T11:35:00Z "$tmp/window1h.log" --retry-window 90m
expect_grep "^transient 0x80042313 SQL02 - wait 2/3 " "$tmp/chains"
check_window 90

# --- separate chains ------------------------------------------------------
# Two writers on one host: one chain is exhausted, the other waits; the code
# is listed in both groups.
{
	cat "$tmp/exh.log"
	retryable 2024-05-14T10:35:00Z FILESRV01 'Microsoft Exchange Writer'
} >"$tmp/writers.log"
scan_chains 2024-05-14T10:40:00Z "$tmp/writers.log"
expect_chains 2
expect_grep "^exhausted $F3 FILESRV01 SqlServerWriter exhausted 3/3 next=None first=2024-05-14T10:00$Z last=2024-05-14T10:33$Z soon=0 earlier=0\$" "$tmp/chains"
expect_grep "^transient $F3 FILESRV01 Microsoft_Exchange_Writer wait 0/3 next=2024-05-14T10:45$Z first=2024-05-14T10:35$Z last=2024-05-14T10:35$Z soon=0 earlier=0\$" "$tmp/chains"
# Two hosts alternating: 10:00 and 10:22 on H1, 10:11 and 10:33 on H2 are
# two chains with one retry each, not one exhausted chain.
{
	retryable 'May 14 10:00:00' H1 SqlServerWriter
	retryable 'May 14 10:11:00' H2 SqlServerWriter
	retryable 'May 14 10:22:00' H1 SqlServerWriter
	retryable 'May 14 10:33:00' H2 SqlServerWriter
} >"$tmp/hosts.log"
scan_chains 2024-05-14T11:00:00Z "$tmp/hosts.log"
expect_chains 2
expect_grep "^transient $F3 H1 SqlServerWriter due 1/3 next=2024-05-14T10:32$Z first=2024-05-14T10:00$Z last=2024-05-14T10:22$Z soon=0 earlier=0\$" "$tmp/chains"
expect_grep "^transient $F3 H2 SqlServerWriter due 1/3 next=2024-05-14T10:43$Z first=2024-05-14T10:11$Z last=2024-05-14T10:33$Z soon=0 earlier=0\$" "$tmp/chains"
expect_no_grep '^exhausted' "$tmp/chains"

# --- a log that names no host: --host gives it one -----------------------
{
	echo '2024-05-14 10:00:00.120 [4132] ERROR VSS      | DoSnapshotSet failed. hr = 0x80042313'
	echo '2024-05-14 10:10:30.500 [4132] ERROR VSS      | DoSnapshotSet failed. hr = 0x80042313'
} >"$tmp/nohost.log"
scan_chains 2024-05-14T10:25:00Z "$tmp/nohost.log" --host BACKUP01
expect_chains 1
expect_grep "^transient 0x80042313 BACKUP01 - due 1/3 next=2024-05-14T10:20:30Z first=2024-05-14T10:00$Z last=2024-05-14T10:10:30Z soon=0 earlier=0\$" "$tmp/chains"

done_testing

# report-filters.sh: --since and --until (absolute, and relative to --at),
# --guidance, --ignore FILE, --min-count and --max-sources.
. "$top_srcdir/tests/e2e/setup.sh"

command -v python3 >/dev/null 2>&1 || { echo "SKIP: no python3" >&2; exit 77; }

at=2024-05-14T11:00:00Z
log=$tmp/filters.log
# One finding a line; line numbers are what the checks below list.
cat >"$log" <<'EOF'
2024-05-12T10:00:00Z HA VSS[1]: 8193: Volume Shadow Copy Service error: hr = 0x80070005, Access is denied.
2024-05-13T12:00:00Z HA VSS[1]: 8193: Volume Shadow Copy Service error: hr = 0x80070005, Access is denied.
2024-05-14T09:05:00Z HB VSS[1]: 8229: A VSS writer has rejected an event with error 0x800423f4. Writer Name: SqlServerWriter
2024-05-14T09:35:00Z HB VSS[1]: 8229: A VSS writer has rejected an event with error 0x800423f0. Writer Name: Microsoft Hyper-V VSS Writer
2024-05-14T10:02:00Z HA VSS[1]: 8193: Volume Shadow Copy Service error: hr = 0x80042302 during nightly-test-job 17
2024-05-14T10:15:00Z HA VSS[1]: 8193: Volume Shadow Copy Service error: hr = VSS_E_PROVIDER_IN_USE
2024-05-14T10:30:00Z HB VSS[1]: 8229: A VSS writer has rejected an event with error 0x800423f3. Writer Name: SqlServerWriter
2024-05-14T10:45:00Z HB VSS[1]: 8193: Volume Shadow Copy Service error: hr = 0x80080024
EOF

# kept WANTED [OPTION...]: the line numbers of the findings kept, as the
# per-finding CSV lists them, must be WANTED ("" for none).
kept() {
	wanted=$1
	shift
	if [ -n "$wanted" ]; then
		expect_status 1 vssx scan --at "$at" --format csv "$@" "$log"
	else
		expect_status 0 vssx scan --at "$at" --format csv "$@" "$log"
	fi
	got=$(python3 -c '
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
print(" ".join(r[4] for r in rows[1:]))
' "$tmp/out")
	[ "$got" = "$wanted" ] || fail "$*: kept lines '$got', wanted '$wanted'"
}

# check_json FILE PYTHON: runs the statements with the parsed FILE as "doc".
check_json() {
	python3 -c '
import json, sys
with open(sys.argv[1]) as f:
    doc = json.load(f)
codes = {c["code"]: c for g in doc["groups"] for c in g["codes"]}
'"$2" "$1" 2>"$tmp/pyerr" || fail "$2: $(cat "$tmp/pyerr")"
}

kept '1 2 3 4 5 6 7 8'

# --- --since and --until ----------------------------------------------------
kept '2 3 4 5 6 7 8' --since 24h
kept '2 3 4 5 6 7 8' --since 1d
kept '3 4 5 6 7 8' --since 2024-05-14
kept '5 6 7 8' --since 2024-05-14T10:02:00Z
kept '5 6 7 8' --since 2024-05-14T12:00:00+02:00
# minutes without seconds, with or without a zone (issue 20)
kept '5 6 7 8' --since 2024-05-14T10:02
kept '5 6 7 8' --since 2024-05-14T10:02Z
kept '5 6 7 8' --since 2024-05-14T12:02+02:00
kept '1 2 3 4' --until 2024-05-14T10:00
kept '6 7 8' --since 45m
kept '1 2 3 4' --until 1h
kept '1 2' --until 2h
kept '1 2 3 4' --until 2024-05-14T10:00:00Z
kept '1' --since 72h --until 24h
kept '2' --since 2024-05-13 --until 2024-05-14
kept '' --since 2024-05-15
# Relative times count back from --at, not from the clock.
kept '8' --since 20m
# In the JSON report the totals follow the filter.
expect_status 1 vssx scan --at "$at" --format json --since 24h "$log"
check_json "$tmp/out" '
assert doc["totals"]["findings"] == 7, doc["totals"]
assert codes["0x80070005"]["count"] == 1, codes["0x80070005"]
assert codes["0x80070005"]["first_seen"] == "2024-05-13T12:00:00Z"
'
# Not a time.
expect_status 2 vssx scan --at "$at" --since yesterday "$log"
expect_grep 'since' "$tmp/err"
expect_status 2 vssx scan --at "$at" --until 24x "$log"
expect_grep 'until' "$tmp/err"

# --- --guidance -------------------------------------------------------------
kept '1 2 3 4 7' --guidance fix,transient
kept '5' --guidance investigate
kept '8' --guidance unknown
kept '' --guidance reboot
expect_status 1 vssx scan --at "$at" --color=never --guidance fix,transient "$log"
sed -n 's/^== .* (\([a-z]*\)) ==$/\1/p' "$tmp/out" | tr '\n' ' ' >"$tmp/sections"
echo >>"$tmp/sections"
expect_grep '^transient fix $' "$tmp/sections"
expect_grep '^  fix +4 findings +3 codes ' "$tmp/out"
expect_no_grep '^  (busy|investigate|unknown) ' "$tmp/out"
# The exhausted group is a class of its own: --guidance exhausted shows an
# exhausted chain, --guidance fix does not.
{
	for t in 10:00 10:11 10:22 10:33; do
		echo "2024-05-14T$t:00Z SQL02 VSS[1]: 12298: Volume Shadow Copy Service error: hr = 0x80042313"
	done
	echo '2024-05-14T10:40:00Z SQL02 VSS[1]: 8193: Volume Shadow Copy Service error: hr = 0x80070005'
} >"$tmp/exh.log"
expect_status 1 vssx scan --at "$at" --format json --guidance exhausted "$tmp/exh.log"
check_json "$tmp/out" '
assert [g["guidance"] for g in doc["groups"]] == ["exhausted"], doc["groups"]
assert codes["0x80042313"]["count"] == 4, codes
assert codes["0x80042313"]["retry_chains"][0]["state"] == "exhausted"
'
expect_status 1 vssx scan --at "$at" --format csv --guidance exhausted "$tmp/exh.log"
[ "$(grep -c '^0x80042313,' "$tmp/out")" = 4 ] || fail "csv --guidance exhausted: $(cat "$tmp/out")"
expect_no_grep '^0x80070005,' "$tmp/out"
expect_status 1 vssx scan --at "$at" --format json --guidance exhausted,fix "$tmp/exh.log"
check_json "$tmp/out" '
assert [g["guidance"] for g in doc["groups"]] == ["exhausted", "fix"], doc["groups"]
'
# The failures of an exhausted chain left the transient group.
expect_status 0 vssx scan --at "$at" --format json --guidance transient "$tmp/exh.log"
check_json "$tmp/out" 'assert doc["groups"] == [], doc["groups"]'
expect_status 1 vssx scan --at "$at" --format json --guidance fix "$tmp/exh.log"
check_json "$tmp/out" '
assert [g["guidance"] for g in doc["groups"]] == ["fix"], doc["groups"]
'

# --- --ignore FILE ----------------------------------------------------------
printf '0x80070005\n' >"$tmp/ign-code"
kept '3 4 5 6 7 8' --ignore "$tmp/ign-code"
printf -- '-2147024891\n' >"$tmp/ign-decimal"
kept '3 4 5 6 7 8' --ignore "$tmp/ign-decimal"
printf 'VSS_E_PROVIDER_IN_USE\n' >"$tmp/ign-name"
kept '1 2 3 4 5 7 8' --ignore "$tmp/ign-name"
printf 'ERROR_ACCESS_DENIED\n' >"$tmp/ign-win32"
kept '3 4 5 6 7 8' --ignore "$tmp/ign-win32"
printf 'writer Microsoft Hyper-V VSS Writer\n' >"$tmp/ign-writer"
kept '1 2 3 5 6 7 8' --ignore "$tmp/ign-writer"
printf 'writer SqlServerWriter\n' >"$tmp/ign-writer2"
kept '1 2 4 5 6 8' --ignore "$tmp/ign-writer2"
printf 'nightly-test-job [0-9]+\n' >"$tmp/ign-regex"
kept '1 2 3 4 6 7 8' --ignore "$tmp/ign-regex"
# All at once, with comments, blank lines, indentation and CRLF line ends.
printf '# known noise on the test servers\r\n\r\n  0x80070005\r\nVSS_E_PROVIDER_IN_USE  \r\n# the Hyper-V host is rebuilt\r\nwriter Microsoft Hyper-V VSS Writer\r\n\tnightly-test-job\r\n' \
    >"$tmp/ign-all"
kept '3 7 8' --ignore "$tmp/ign-all"
# Everything ignored: nothing found, exit 0.
printf '0x80070005\n0x800423F4\n0x800423F0\n0x80042302\n0x80042307\n0x800423F3\n0x80080024\n' \
    >"$tmp/ign-every"
kept '' --ignore "$tmp/ign-every"
# A broken regular expression: file:line, exit 2, no report.
printf '# line 1\n0x80070005\nfoo(bar\nwriter X\n' >"$tmp/ign-broken"
expect_status 2 vssx scan --at "$at" --ignore "$tmp/ign-broken" "$log"
expect_grep "^vssexplain: $tmp/ign-broken:3: " "$tmp/err"
[ -s "$tmp/out" ] && fail "a report was written despite the broken ignore file"
# A missing ignore file.
expect_status 2 vssx scan --at "$at" --ignore "$tmp/no-such-file" "$log"
expect_grep "$tmp/no-such-file" "$tmp/err"

# --- --min-count ------------------------------------------------------------
kept '1 2' --min-count 2
kept '' --min-count 3
expect_status 1 vssx scan --at "$at" --format json --min-count 2 "$log"
check_json "$tmp/out" '
assert list(codes) == ["0x80070005"], list(codes)
assert doc["totals"]["findings"] == 2 and doc["totals"]["codes"] == 1, doc["totals"]
'
expect_status 1 vssx scan --at "$at" --color=never --min-count 2 "$log"
expect_grep '^0x80070005  E_ACCESSDENIED  \(2 findings\)$' "$tmp/out"
expect_no_grep '^0x800423F4' "$tmp/out"
expect_status 1 vssx scan --at "$at" --format jsonl --min-count 2 "$log"
[ "$(wc -l <"$tmp/out" | tr -d ' ')" = 2 ] || fail "jsonl --min-count 2: $(cat "$tmp/out")"
expect_status 0 vssx scan --at "$at" --color=never --min-count 3 "$log"
expect_grep 'No VSS or backup error codes were found' "$tmp/out"

# --- --max-sources ----------------------------------------------------------
: >"$tmp/many.log"
for m in 01 02 03 04 05 06 07; do
	echo "2024-05-14T10:$m:00Z HA VSS[1]: 8193: Volume Shadow Copy Service error: hr = 0x80070005" \
	    >>"$tmp/many.log"
done
expect_status 1 vssx scan --at "$at" --color=never --max-sources 2 "$tmp/many.log"
sed -n '/^  Sources/,$p' "$tmp/out" >"$tmp/sources"
printf '  Sources   %s:1\n            %s:2\n            and 5 more\n' "$tmp/many.log" \
    "$tmp/many.log" >"$tmp/want"
expect_same "$tmp/want" "$tmp/sources"
expect_status 1 vssx scan --at "$at" --format json --max-sources 2 "$tmp/many.log"
check_json "$tmp/out" '
c = codes["0x80070005"]
assert len(c["sources"]) == 2 and c["more_sources"] == 5, c
assert c["count"] == 7, c
'
# The default is 5.
expect_status 1 vssx scan --at "$at" --color=never "$tmp/many.log"
expect_grep "^            $tmp/many.log:5\$" "$tmp/out"
expect_no_grep ":6\$" "$tmp/out"
expect_grep '^            and 2 more$' "$tmp/out"
# Enough room: no "more".
expect_status 1 vssx scan --at "$at" --color=never --max-sources 10 "$tmp/many.log"
expect_grep "^            $tmp/many.log:7\$" "$tmp/out"
expect_no_grep 'more$' "$tmp/out"
# Over several retry chains (two hosts, three failures each).
: >"$tmp/chains.log"
for m in 00 20 40; do
	for h in H1 H2; do
		echo "2024-05-14T09:$m:00Z $h VSS[1]: 12298: Volume Shadow Copy Service error: hr = 0x80042313" \
		    >>"$tmp/chains.log"
	done
done
expect_status 1 vssx scan --at "$at" --color=never --max-sources 2 "$tmp/chains.log"
expect_grep '^            and 4 more$' "$tmp/out"
[ "$(grep -c "$tmp/chains.log:" "$tmp/out")" = 2 ] || fail "not 2 sources listed: $(cat "$tmp/out")"
expect_status 1 vssx scan --at "$at" --format json --max-sources 2 "$tmp/chains.log"
check_json "$tmp/out" '
c = codes["0x80042313"]
assert len(c["sources"]) == 2 and c["more_sources"] == 4, c
'
# Not a number.
expect_status 2 vssx scan --at "$at" --max-sources 0 "$log"
expect_status 2 vssx scan --at "$at" --min-count x "$log"

done_testing

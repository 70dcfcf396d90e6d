# report-formats.sh: the text, JSON and CSV reports of a small fleet's logs
# match their golden files; the order is deterministic; colour only when asked
# or on a terminal; text fits 80 columns; the JSON schema and RFC 4180 CSV.
. "$top_srcdir/tests/e2e/setup.sh"

command -v python3 >/dev/null 2>&1 || { echo "SKIP: no python3" >&2; exit 77; }

rep=$data/report
# The paths in the reports are as given: run from the data directory.
cd "$rep" || exit 99
at=2024-05-14T12:00:00Z
inputs='fleet.txt backup-agent.txt'

# report ARGS...: scans the fleet's logs (findings of every class: exit 1).
report() {
	# shellcheck disable=SC2086
	expect_status 1 vssx scan --at "$at" --host FILESRV01 "$@" $inputs
}

# check_json FILE PYTHON: runs the statements with the parsed FILE as "doc".
check_json() {
	python3 -c '
import json, os, sys
with open(sys.argv[1]) as f:
    doc = json.load(f)
'"$2" "$1" 2>"$tmp/pyerr" || fail "$2: $(cat "$tmp/pyerr")"
}

# --- golden files ---------------------------------------------------------
report --color=never
expect_same "$rep/fleet.expected.txt" "$tmp/out"
cp "$tmp/out" "$tmp/text1"
report --format json
cp "$tmp/out" "$tmp/json1"
# "tool" carries the version: checked apart, left out of the comparison.
grep -v '^  "tool": ' "$tmp/out" >"$tmp/json-notool"
expect_same "$rep/fleet.expected.json" "$tmp/json-notool"
expect_grep '^  "tool": "vssexplain [0-9][^"]*",$' "$tmp/out"
report --format csv
expect_same "$rep/fleet.expected.csv" "$tmp/out"
cp "$tmp/out" "$tmp/csv1"
report --format csv --summary
expect_same "$rep/fleet.expected-summary.csv" "$tmp/out"
cp "$tmp/out" "$tmp/summary1"

# --- deterministic: the same bytes every time -----------------------------
for _ in 2 3 4; do
	report --color=never
	expect_same "$tmp/text1" "$tmp/out"
	report --format json
	expect_same "$tmp/json1" "$tmp/out"
	report --format csv
	expect_same "$tmp/csv1" "$tmp/out"
	report --format csv --summary
	expect_same "$tmp/summary1" "$tmp/out"
done
# The summary's hosts are in name order with their own finding counts
# (0x80070005 was seen once on FILESRV01 and once on SQL02).
expect_grep '^  Hosts        EXCH01 1, FILESRV01 6, HV01 3, SQL02 8$' "$tmp/text1"

# --- colour ----------------------------------------------------------------
esc=$(printf '\033')
report --color=always
cp "$tmp/out" "$tmp/color"
expect_grep "^${esc}\\[[0-9;]*m== Retries used up \\(exhausted\\) ==${esc}\\[0m\$" "$tmp/color"
expect_grep "^${esc}\\[[0-9;]*m== Fix the cause first \\(fix\\) ==${esc}\\[0m\$" "$tmp/color"
# Without the escapes it is the plain report.
sed "s/${esc}\\[[0-9;]*m//g" "$tmp/color" >"$tmp/uncolored"
expect_same "$tmp/text1" "$tmp/uncolored"
# auto (the default) into a file or through --output: no escapes.
report --color=auto
expect_no_grep "$esc" "$tmp/out"
expect_same "$tmp/text1" "$tmp/out"
report
expect_no_grep "$esc" "$tmp/out"
report --color=auto --output "$tmp/auto.txt"
expect_no_grep "$esc" "$tmp/auto.txt"
report --color=never
expect_no_grep "$esc" "$tmp/out"
# JSON and CSV never carry escapes.
report --color=always --format json
expect_no_grep "$esc" "$tmp/out"
report --color=always --format csv
expect_no_grep "$esc" "$tmp/out"
# auto on a terminal: colour, unless NO_COLOR is set.
if command -v script >/dev/null 2>&1 &&
    script -qec true /dev/null >/dev/null 2>&1 </dev/null; then
	script -qec "'$VSSEXPLAIN' scan --at $at --host FILESRV01 $inputs" /dev/null \
	    </dev/null >"$tmp/tty" 2>&1
	expect_grep "${esc}\\[[0-9;]*m== Retries used up" "$tmp/tty"
	NO_COLOR=1 script -qec "'$VSSEXPLAIN' scan --at $at --host FILESRV01 $inputs" \
	    /dev/null </dev/null >"$tmp/tty" 2>&1
	expect_grep '== Retries used up' "$tmp/tty"
	expect_no_grep "$esc" "$tmp/tty"
else
	echo "note: no script(1) for a terminal; --color=auto on a tty not tested" >&2
fi

# --- 80 columns ----------------------------------------------------------
# Only a line holding a token too long to wrap (longer than 80 - 12) may be
# wider than 80 columns.
wide() {
	awk 'length($0) > 80 {
		long = 0
		for (i = 1; i <= NF; i++)
			if (length($i) > 68)
				long = 1
		if (!long)
			print FILENAME ":" FNR ": " length($0) " columns: " $0
	}' "$1" >"$tmp/wide"
	[ -s "$tmp/wide" ] && fail "text wider than 80 columns: $(cat "$tmp/wide")"
}
wide "$tmp/text1"
# Long writer and host names, many hosts, and a path longer than a line.
long=$tmp/a-backup-log-collected-from-every-file-server-of-the-contoso-datacenter-in-frankfurt-2024-05-14.log
: >"$long"
n=0
for h in FILESRV01 FILESRV02 FILESRV03 FILESRV04 FILESRV05 FILESRV06 FILESRV07 \
    FILESRV08 FILESRV09 FILESRV10 FILESRV11 FILESRV12; do
	n=$((n + 1))
	printf '2024-05-14T11:%02d:00Z %s VSS[1]: 8229: A VSS writer has rejected an event with error 0x800423f2. Writer Name: Contoso Enterprise Backup Agent Writer for SQL Server Analysis Services Instance Number Two\n' \
	    "$n" "$h" >>"$long"
	printf '2024-05-14T10:%02d:00Z %s.branch-office-with-a-rather-long-name.contoso.example VSS[1]: 8193: hr = 0x80070005, Access is denied.\n' \
	    "$n" "$h" >>"$long"
done
expect_status 1 vssx scan --at "$at" --color=never "$long"
cp "$tmp/out" "$tmp/long.txt"
wide "$tmp/long.txt"
expect_grep 'Contoso Enterprise' "$tmp/long.txt"

# --- the JSON schema -------------------------------------------------------
check_json "$tmp/json1" '
order = ["exhausted", "transient", "busy", "reboot", "fix", "requester",
         "investigate", "unknown", "info"]
assert doc["schema_version"] == 1, doc["schema_version"]
assert doc["reference_time"] == "2024-05-14T12:00:00Z", doc["reference_time"]
ins = doc["inputs"]
assert [i["path"] for i in ins] == ["fleet.txt", "backup-agent.txt"], ins
for i in ins:
    assert set(i) >= {"path", "kind", "bytes", "lines", "events", "errors"}, i
    assert i["kind"] == "text" and i["events"] == 0 and i["errors"] == 0, i
    assert i["bytes"] == os.path.getsize(i["path"]), i
    assert i["lines"] == sum(1 for _ in open(i["path"], "rb")), i
t = doc["totals"]
assert t["inputs"] == 2 and t["errors"] == 0, t
assert t["findings"] == 18 and t["codes"] == 12, t
ids = [g["guidance"] for g in doc["groups"]]
assert ids == ["exhausted", "transient", "busy", "fix", "investigate", "unknown",
               "info"], ids
assert sorted(ids, key=order.index) == ids
total = 0
for g in doc["groups"]:
    assert set(g) >= {"guidance", "title", "advice", "retry", "codes"}, g.keys()
    assert g["title"] and g["advice"], g
    if g["guidance"] == "transient":
        assert g["retry"] == {"wait_minutes": 10, "max_retries": 3}, g["retry"]
    else:
        assert g["retry"] is None, (g["guidance"], g["retry"])
    n = 0
    for c in g["codes"]:
        assert set(c) >= {"code", "name", "description", "count", "first_seen",
                          "last_seen", "hosts", "writers", "methods", "sources"}, c
        assert c["count"] > 0 and c["first_seen"] <= c["last_seen"], c
        assert all(isinstance(c[k], list) for k in ("hosts", "writers", "methods",
                                                    "sources")), c
        chains = c.get("retry_chains")
        if g["guidance"] in ("exhausted", "transient"):
            assert chains, c
            for ch in chains:
                assert set(ch) >= {"host", "writer", "state", "retries_used",
                                   "max_retries", "next_at", "first_failure",
                                   "last_failure"}, ch
                assert ch["state"] in ("wait", "due", "exhausted"), ch
                assert (ch["state"] == "exhausted") == (g["guidance"] == "exhausted"), ch
        else:
            assert not chains, c
        n += c["count"]
    assert t["by_guidance"][g["guidance"]] == n, (g["guidance"], n)
    total += n
assert total == t["findings"], total
codes = {c["code"]: c for g in doc["groups"] for c in g["codes"]}
c = codes["0x80070005"]
assert c["hosts"] == ["FILESRV01", "SQL02"] and c["name"] == "E_ACCESSDENIED", c
assert c["sources"] == ["fleet.txt:3", "fleet.txt:12"], c["sources"]
assert codes["0x80042306"]["methods"] == ["DoSnapshotSet"], codes["0x80042306"]
assert codes["0x800423F0"]["writers"] == ["Microsoft Hyper-V VSS Writer"]
assert codes["0x800423AB"]["name"] is None
'

# --- CSV: RFC 4180 ---------------------------------------------------------
# check_csv FILE PYTHON [ARG...]: the statements see "raw" (bytes), "rows"
# (parsed) and the ARGs as sys.argv[2:].
check_csv() {
	file=$1
	code=$2
	shift 2
	python3 -c '
import csv, io, sys
raw = open(sys.argv[1], "rb").read()
rows = list(csv.reader(io.StringIO(raw.decode("utf-8"), newline=""), strict=True))
'"$code" "$file" "$@" 2>"$tmp/pyerr" || fail "$file: $code: $(cat "$tmp/pyerr")"
}
check_csv "$tmp/csv1" '
assert raw.endswith(b"\r\n"), raw[-20:]
assert raw.count(b"\n") == raw.count(b"\r\n"), "a line end without CR"
head = ["code", "name", "guidance", "path", "line", "offset", "time", "host",
        "writer", "method", "event_id", "record_id", "match", "text"]
assert rows[0] == head, rows[0]
assert len(rows) == 19, len(rows)
assert all(len(r) == len(head) for r in rows), [len(r) for r in rows]
src = open("fleet.txt").read().split("\n")
for r in rows[1:]:
    if r[3] == "fleet.txt":
        assert r[13] == src[int(r[4]) - 1], (r[4], r[13])
by = {(r[3], r[4]): r for r in rows[1:]}
r = by[("fleet.txt", "5")]
assert "\"C:\\Program Files\\Microsoft SQL Server" in r[13], r[13]
assert r[0] == "0x800423F4" and r[8] == "SqlServerWriter" and r[7] == "SQL02", r
r = by[("backup-agent.txt", "2")]
assert r[9] == "DoSnapshotSet" and r[7] == "FILESRV01", r
'
# Commas, quotes and a bare carriage return: whatever text a finding has, the
# CSV gives it back unchanged (the same text as the jsonl report).
printf '2024-05-14T10:00:00Z HA VSS[1]: 8193: error "quoted", then a comma, hr = 0x80070005\rand, "more" after a CR: 0x80070057\r\n"quoted from the start", 0x80042302 ""\n' \
    >"$tmp/quote.log"
expect_status 1 vssx scan --at "$at" --format jsonl "$tmp/quote.log"
cp "$tmp/out" "$tmp/quote.jsonl"
expect_status 1 vssx scan --at "$at" --format csv "$tmp/quote.log"
check_csv "$tmp/out" '
import json
want = [json.loads(l) for l in open(sys.argv[2])]
assert len(rows) == len(want) + 1 == 4, (rows, want)
for r, w in zip(rows[1:], want):
    assert (r[0], r[4], r[13]) == (w["code"], str(w["line"]), w["text"]), (r, w)
assert any("\"" in r[13] and "," in r[13] for r in rows[1:]), rows
# a field with a quote, comma, CR or LF is quoted; others need not be
for line in raw.split(b"\r\n")[1:-1]:
    assert line.endswith(b"\"") or not any(c in line.rsplit(b",", 1)[-1] for c in b"\",\r\n"), line
' "$tmp/quote.jsonl"
# Long rows: a finding's text (cut at some 1 KiB) past a cell's own buffer
# (1 KiB), with quotes, commas, accents and control bytes (each written as
# four), in a file whose path is some 3,600 bytes long, so that the row
# passes its buffer (4 KiB); each row still gives back the jsonl report's text.
deep=$(python3 -c 'print("/".join(["d" * 200] * 18))')
mkdir -p "$tmp/$deep"
python3 -c '
import sys
mid = "".join("say \"%d\", then é,\x01 " % i for i in range(700))
with open(sys.argv[1], "w", encoding="utf-8") as f:
    f.write("2024-05-14T10:00:00Z HA VSS[1]: hr = 0x80070005 " + mid + "\n")
    f.write("2024-05-14T10:00:01Z HA VSS[1]: hr = 0x80042302 " + "\x01" * 1500 + "\n")
' "$tmp/$deep/long.log"
expect_status 1 vssx scan --at "$at" --format jsonl "$tmp/$deep/long.log"
cp "$tmp/out" "$tmp/long.jsonl"
expect_status 1 vssx scan --at "$at" --format csv "$tmp/$deep/long.log"
check_csv "$tmp/out" '
import json
want = [json.loads(l) for l in open(sys.argv[2])]
assert len(rows) == len(want) + 1 == 3, (len(rows), len(want))
for r, w in zip(rows[1:], want):
    text = w["text"].replace("\x01", "\\x01")	# the CSV shows control bytes as \\xNN
    assert (r[0], r[3], r[4], r[13]) == (w["code"], w["path"], str(w["line"]), text), r[0]
    assert len(r[13]) > 1000 and "\\x01" in r[13], len(r[13])
assert len(raw.split(b"\r\n")[2]) > 4096, len(raw.split(b"\r\n")[2])
' "$tmp/long.jsonl"
# --summary: one row per code and group.
check_csv "$tmp/summary1" '
assert raw.count(b"\n") == raw.count(b"\r\n"), "a line end without CR"
assert rows[0] == ["guidance", "code", "name", "count", "first_seen", "last_seen",
                   "hosts", "writers", "methods"], rows[0]
assert len(rows) == 13, len(rows)
assert sum(int(r[3]) for r in rows[1:]) == 18
assert [r[0] for r in rows[1:3]] == ["exhausted", "transient"], rows[1:3]
'
# No finding: the CSV still has its header.
printf 'nothing here\n' >"$tmp/empty.log"
expect_status 0 vssx scan --at "$at" --format csv "$tmp/empty.log"
check_csv "$tmp/out" 'assert len(rows) == 1 and rows[0][0] == "code", rows'
expect_status 0 vssx scan --at "$at" --format csv --summary "$tmp/empty.log"
check_csv "$tmp/out" 'assert len(rows) == 1 and rows[0][0] == "guidance", rows'

# --- jsonl: a finding a line ----------------------------------------------
report --format jsonl
python3 -c '
import json, sys
lines = open(sys.argv[1]).read().splitlines()
assert len(lines) == 18, len(lines)
for l in lines:
    d = json.loads(l)
    assert {"code", "guidance", "path", "line", "time", "host"} <= set(d), d
' "$tmp/out" 2>"$tmp/pyerr" || fail "jsonl: $(cat "$tmp/pyerr")"

done_testing

# report-merge.sh: merge combines the JSON reports of several hosts into one
# report of the same schema, with grouping and retry evaluation across them;
# a file that is not such a report is refused by name.
. "$top_srcdir/tests/e2e/setup.sh"

command -v python3 >/dev/null 2>&1 || { echo "SKIP: no python3" >&2; exit 77; }

# check_json FILE PYTHON [ARG...]: runs the statements with the parsed FILE as
# "doc", its codes by group and code as "codes" ({(group, code): code}) and
# the ARGs as sys.argv[2:].
check_json() {
	file=$1
	code=$2
	shift 2
	python3 -c '
import json, sys
with open(sys.argv[1]) as f:
    doc = json.load(f)
codes = {(g["guidance"], c["code"]): c for g in doc["groups"] for c in g["codes"]}
'"$code" "$file" "$@" 2>"$tmp/pyerr" || fail "$code: $(cat "$tmp/pyerr")"
}

# --- two hosts' reports ----------------------------------------------------
cat >"$tmp/filesrv01.log" <<'EOF'
2024-05-14T02:00:00Z FILESRV01 VSS[1]: 8229: A VSS writer has rejected an event with error 0x800423f3. Writer Name: SqlServerWriter
2024-05-14T02:13:09Z FILESRV01 VSS[1]: 8193: Volume Shadow Copy Service error: hr = 0x80070005, Access is denied.
2024-05-14T02:20:00Z FILESRV01 VSS[1]: 8193: Volume Shadow Copy Service error: hr = 0x80070005, Access is denied.
2024-05-14T03:00:00Z FILESRV01 VSS[1]: 8193: Volume Shadow Copy Service error: hr = 0x80042302
EOF
cat >"$tmp/sql02.log" <<'EOF'
2024-05-14T01:00:00Z SQL02 VSS[1]: 8193: Volume Shadow Copy Service error: hr = 0x80070005, Access is denied.
2024-05-14T02:05:00Z SQL02 VSS[1]: 8229: A VSS writer has rejected an event with error 0x800423f3. Writer Name: SqlServerWriter
2024-05-14T04:00:00Z SQL02 VSS[1]: 8193: Volume Shadow Copy Service error: hr = VSS_E_PROVIDER_IN_USE
2024-05-14T04:10:00Z SQL02 VSS[1]: async status VSS_S_ASYNC_FINISHED
EOF
expect_status 1 vssx scan --at 2024-05-14T05:00:00Z --format json "$tmp/filesrv01.log"
cp "$tmp/out" "$tmp/filesrv01.json"
expect_status 1 vssx scan --at 2024-05-14T06:00:00Z --format json "$tmp/sql02.log"
cp "$tmp/out" "$tmp/sql02.json"

expect_status 1 vssx merge --at 2024-05-14T12:00:00Z --format json "$tmp/filesrv01.json" \
    "$tmp/sql02.json"
cp "$tmp/out" "$tmp/merged.json"
check_json "$tmp/merged.json" '
assert doc["schema_version"] == 1, doc
assert doc["reference_time"] == "2024-05-14T12:00:00Z", doc["reference_time"]
t = doc["totals"]
assert t["findings"] == 8, t
assert t["inputs"] == 2 and t["errors"] == 0, t
assert t["codes"] == 5, t
assert t["by_guidance"] == {"transient": 2, "busy": 1, "fix": 3, "investigate": 1,
                            "info": 1}, t["by_guidance"]
assert [i["path"] for i in doc["inputs"]] == [sys.argv[2], sys.argv[3]], doc["inputs"]
assert [g["guidance"] for g in doc["groups"]] == ["transient", "busy", "fix",
                                                  "investigate", "info"], doc["groups"]
for g in doc["groups"]:
    assert g["title"] and g["advice"], g
c = codes[("fix", "0x80070005")]
assert c["count"] == 3, c
assert sorted(c["hosts"]) == ["FILESRV01", "SQL02"], c["hosts"]
assert c["first_seen"] == "2024-05-14T01:00:00Z", c
assert c["last_seen"] == "2024-05-14T02:20:00Z", c
assert len(c["sources"]) == 3, c["sources"]
c = codes[("transient", "0x800423F3")]
assert c["count"] == 2 and sorted(c["hosts"]) == ["FILESRV01", "SQL02"], c
ch = sorted(c["retry_chains"], key=lambda x: x["host"])
assert [x["host"] for x in ch] == ["FILESRV01", "SQL02"], ch
assert all(x["state"] == "due" and x["retries_used"] == 0 for x in ch), ch
assert codes[("busy", "0x80042307")]["hosts"] == ["SQL02"]
assert codes[("info", "0x0004230A")]["count"] == 1
' "$tmp/filesrv01.log" "$tmp/sql02.log"
# Text: both hosts in the summary, with their own counts.
expect_status 1 vssx merge --at 2024-05-14T12:00:00Z --color=never "$tmp/filesrv01.json" \
    "$tmp/sql02.json"
expect_grep '^2 inputs scanned, 0 with errors; 8 findings\.$' "$tmp/out"
expect_grep '^  Hosts        FILESRV01 4, SQL02 4$' "$tmp/out"
expect_grep '^  Hosts     FILESRV01, SQL02$' "$tmp/out"
expect_grep '^== Fix the cause first \(fix\) ==$' "$tmp/out"
expect_grep '^0x80070005  E_ACCESSDENIED  \(3 findings\)$' "$tmp/out"
# merge takes --quiet (-q) as scan does: the same report
cp "$tmp/out" "$tmp/loud.txt"
expect_status 1 vssx merge -q --at 2024-05-14T12:00:00Z --color=never "$tmp/filesrv01.json" \
    "$tmp/sql02.json"
expect_same "$tmp/loud.txt" "$tmp/out"
# The order of the reports does not change the counts.
expect_status 1 vssx merge --at 2024-05-14T12:00:00Z --format json "$tmp/sql02.json" \
    "$tmp/filesrv01.json"
check_json "$tmp/out" '
assert doc["totals"]["findings"] == 8, doc["totals"]
assert codes[("fix", "0x80070005")]["count"] == 3
'
# The JSON counts the findings of each code per host ("host_counts").
check_json "$tmp/merged.json" '
assert codes[("fix", "0x80070005")]["host_counts"] == {"FILESRV01": 2, "SQL02": 1}
assert codes[("busy", "0x80042307")]["host_counts"] == {"SQL02": 1}
'
# A merged report merges again to the same totals, and the same findings
# per host, also for a code seen on two hosts (0x80070005: 2 + 1).
expect_status 1 vssx merge --at 2024-05-14T12:00:00Z --format json "$tmp/merged.json"
check_json "$tmp/out" '
assert doc["totals"]["findings"] == 8 and doc["totals"]["codes"] == 5, doc["totals"]
assert codes[("fix", "0x80070005")]["host_counts"] == {"FILESRV01": 2, "SQL02": 1}
'
expect_status 1 vssx merge --at 2024-05-14T12:00:00Z --color=never "$tmp/merged.json"
expect_grep '^  Hosts        FILESRV01 4, SQL02 4$' "$tmp/out"
# A report without host_counts (an older vssexplain) still merges: a code
# seen on two hosts then counts for neither.
python3 -c '
import json, sys
doc = json.load(open(sys.argv[1]))
for g in doc["groups"]:
    for c in g["codes"]:
        c.pop("host_counts", None)
json.dump(doc, open(sys.argv[2], "w"))
' "$tmp/merged.json" "$tmp/old.json" || fail "cannot write old.json"
expect_status 1 vssx merge --at 2024-05-14T12:00:00Z --color=never "$tmp/old.json"
expect_grep '^  Hosts        FILESRV01 2, SQL02 3$' "$tmp/out"

# --- one chain split across two reports of one host ------------------------
chain() {
	echo "2024-05-14T$1:00Z SQL02 VSS[1]: 8229: A VSS writer has rejected an event with error 0x800423f3. Writer Name: SqlServerWriter"
}
{ chain 10:00; chain 10:11; } >"$tmp/early.log"
{ chain 10:22; chain 10:33; } >"$tmp/late.log"
expect_status 1 vssx scan --at 2024-05-14T10:15:00Z --format json "$tmp/early.log"
cp "$tmp/out" "$tmp/early.json"
expect_status 1 vssx scan --at 2024-05-14T10:40:00Z --format json "$tmp/late.log"
cp "$tmp/out" "$tmp/late.json"
# Apart, neither is exhausted.
check_json "$tmp/early.json" '
ch = codes[("transient", "0x800423F3")]["retry_chains"]
assert [(x["state"], x["retries_used"]) for x in ch] == [("wait", 1)], ch
'
check_json "$tmp/late.json" '
ch = codes[("transient", "0x800423F3")]["retry_chains"]
assert [(x["state"], x["retries_used"]) for x in ch] == [("wait", 1)], ch
'
# Together they are: first failure and three retries.
expect_status 1 vssx merge --at 2024-05-14T11:00:00Z --format json "$tmp/early.json" \
    "$tmp/late.json"
check_json "$tmp/out" '
assert [g["guidance"] for g in doc["groups"]] == ["exhausted"], doc["groups"]
c = codes[("exhausted", "0x800423F3")]
assert c["count"] == 4, c
ch = c["retry_chains"]
assert len(ch) == 1, ch
x = ch[0]
assert (x["host"], x["writer"], x["state"]) == ("SQL02", "SqlServerWriter", "exhausted"), x
assert x["retries_used"] == 3 and x["max_retries"] == 3 and x["next_at"] is None, x
assert x["first_failure"] == "2024-05-14T10:00:00Z", x
assert x["last_failure"] == "2024-05-14T10:33:00Z", x
'
expect_status 1 vssx merge --at 2024-05-14T11:00:00Z --color=never "$tmp/late.json" \
    "$tmp/early.json"
expect_grep '^== Retries used up \(exhausted\) ==$' "$tmp/out"
tr '\n' ' ' <"$tmp/out" | tr -s ' ' >"$tmp/flat"
expect_grep 'Retry SQL02, writer SqlServerWriter: all 3 retries failed \(last failure 2024-05-14T10:33:00Z\)' "$tmp/flat"
expect_status 1 vssx merge --at 2024-05-14T11:00:00Z --fail-on exhausted "$tmp/early.json" \
    "$tmp/late.json"
# merge evaluates at its own --at: the early chain alone is due at 10:21.
expect_status 1 vssx merge --at 2024-05-14T10:30:00Z --format json "$tmp/early.json"
check_json "$tmp/out" '
ch = codes[("transient", "0x800423F3")]["retry_chains"]
assert [(x["state"], x["retries_used"]) for x in ch] == [("due", 1)], ch
'
# The same failure in two reports (one event, two logs) keeps its count.
{ chain 10:00; chain 10:00; } >"$tmp/twice.log"
expect_status 1 vssx scan --at 2024-05-14T10:05:00Z --format json "$tmp/twice.log"
cp "$tmp/out" "$tmp/twice.json"
check_json "$tmp/twice.json" 'assert doc["totals"]["findings"] == 2, doc["totals"]'
expect_status 1 vssx merge --at 2024-05-14T10:05:00Z --format json "$tmp/twice.json"
check_json "$tmp/out" '
assert doc["totals"]["findings"] == 2, doc["totals"]
assert codes[("transient", "0x800423F3")]["count"] == 2
'

# --- not a report: refused by name, exit 2 ----------------------------------
printf 'May 14 02:13:09 FILESRV01 VSS[1234]: hr = 0x80070005\n' >"$tmp/plain.txt"
printf '{"findings": [1, 2, 3]}\n' >"$tmp/other.json"
printf '[{"code": "0x800423F3"}]\n' >"$tmp/array.json"
printf '{"schema_version": 99, "groups": []}\n' >"$tmp/future.json"
printf '{"schema_version": 1, "groups": [{"guidance": "nonsense", "codes": []}]}\n' \
    >"$tmp/badclass.json"
head -c 700 "$tmp/merged.json" >"$tmp/truncated.json"
: >"$tmp/empty.json"
for bad in plain.txt other.json array.json future.json badclass.json truncated.json empty.json; do
	expect_status 2 vssx merge --at 2024-05-14T12:00:00Z "$tmp/$bad"
	expect_grep "$tmp/$bad" "$tmp/err"
	# together with a good report: the good one is still reported
	expect_status 2 vssx merge --at 2024-05-14T12:00:00Z --format json "$tmp/filesrv01.json" \
	    "$tmp/$bad"
	expect_grep "$tmp/$bad" "$tmp/err"
	check_json "$tmp/out" 'assert doc["totals"]["findings"] == 4, doc["totals"]'
done
expect_status 2 vssx merge --at 2024-05-14T12:00:00Z "$tmp/no-such.json"
expect_grep "$tmp/no-such.json" "$tmp/err"

# --- merge --format csv: the summary rows -----------------------------------
expect_status 1 vssx merge --at 2024-05-14T12:00:00Z --format csv "$tmp/filesrv01.json" \
    "$tmp/sql02.json"
python3 -c '
import csv, io, sys
raw = open(sys.argv[1], "rb").read()
assert raw.count(b"\n") == raw.count(b"\r\n"), "a line end without CR"
rows = list(csv.reader(io.StringIO(raw.decode(), newline="")))
assert rows[0] == ["guidance", "code", "name", "count", "first_seen", "last_seen",
                   "hosts", "writers", "methods"], rows[0]
body = {(r[0], r[1]): r for r in rows[1:]}
assert len(body) == len(rows) - 1 == 5, rows
r = body[("fix", "0x80070005")]
assert r[2] == "E_ACCESSDENIED" and r[3] == "3", r
assert sorted(r[6].split(";")) == ["FILESRV01", "SQL02"], r
assert body[("transient", "0x800423F3")][7] == "SqlServerWriter"
assert sum(int(r[3]) for r in rows[1:]) == 8
' "$tmp/out" 2>"$tmp/pyerr" || fail "merge csv: $(cat "$tmp/pyerr")"
# A filter that merge does not apply must not be taken and ignored in
# silence: it is either applied or refused as a usage error.
for opt in '--guidance fix' '--since 2024-05-14T03:00:00Z' '--until 2024-05-14T02:00:00Z'; do
	# shellcheck disable=SC2086
	vssx merge --at 2024-05-14T12:00:00Z --format csv $opt "$tmp/filesrv01.json" \
	    "$tmp/sql02.json" >"$tmp/out" 2>"$tmp/err"
	st=$?
	if [ "$st" = 1 ]; then
		rows=$(grep -c '^[a-z]' "$tmp/out")
		# the header and fewer than the 5 rows of the whole report
		[ "$rows" -lt 6 ] || fail "merge $opt: taken but not applied: $(cat "$tmp/out")"
	elif [ "$st" != 2 ]; then
		fail "merge $opt: exit status $st"
	fi
done
# --min-count and --max-sources apply to the merged counts.
expect_status 1 vssx merge --at 2024-05-14T12:00:00Z --format json --min-count 2 \
    "$tmp/filesrv01.json" "$tmp/sql02.json"
check_json "$tmp/out" '
assert sorted(codes) == [("fix", "0x80070005"), ("transient", "0x800423F3")], sorted(codes)
assert doc["totals"]["findings"] == 5, doc["totals"]
'
expect_status 0 vssx merge --at 2024-05-14T12:00:00Z --min-count 4 "$tmp/filesrv01.json" \
    "$tmp/sql02.json"
expect_status 1 vssx merge --at 2024-05-14T12:00:00Z --format json --max-sources 1 \
    "$tmp/filesrv01.json" "$tmp/sql02.json"
check_json "$tmp/out" '
c = codes[("fix", "0x80070005")]
assert len(c["sources"]) == 1 and c["more_sources"] == 2, c
'
# jsonl makes no sense for a merge.
expect_status 2 vssx merge --at 2024-05-14T12:00:00Z --format jsonl "$tmp/filesrv01.json"

done_testing

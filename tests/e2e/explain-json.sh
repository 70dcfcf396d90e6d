# explain-json.sh: --format json writes one valid JSON array with the agreed keys.
. "$top_srcdir/tests/e2e/setup.sh"

command -v python3 >/dev/null 2>&1 || { echo "SKIP: no python3" >&2; exit 77; }

# check_json FILE PYTHON: runs the Python statements with the parsed FILE as
# "doc"; a failed assert fails the test.
check_json() {
	python3 -c '
import json, sys
with open(sys.argv[1]) as f:
    doc = json.load(f)
'"$2" "$1" 2>"$tmp/pyerr" || fail "$2: $(cat "$tmp/pyerr")"
}

expect_status 0 vssx explain --format json 0x800423F3 E_ACCESSDENIED 0x80042400
cp "$tmp/out" "$tmp/a.json"
check_json "$tmp/a.json" '
assert isinstance(doc, list) and len(doc) == 3, doc
keys = {"input", "code", "names", "severity", "facility", "guidance", "retry",
        "description", "methods"}
for item in doc:
    assert keys <= set(item), keys - set(item)
d = doc[0]
assert d["input"] == "0x800423F3", d["input"]
assert d["code"] == "0x800423F3", d["code"]
assert d["value"] == 0x800423F3, d["value"]
assert d["known"] is True
assert d["names"] == [{"name": "VSS_E_WRITERERROR_RETRYABLE", "namespace": "VSS"}], d["names"]
assert d["severity"] == 1 and d["facility"] == 4, (d["severity"], d["facility"])
assert d["facility_name"] == "FACILITY_ITF", d["facility_name"]
assert d["guidance"] == "transient", d["guidance"]
assert d["retry"] == {"wait_minutes": 10, "max_retries": 3}, d["retry"]
assert d["description"].startswith("A writer failed"), d["description"]
ms = [m["method"] for m in d["methods"]]
assert "IVssComponentEx2::WriterFailure" in ms and "WriterFailureEx" in ms, ms
assert all(m["name"] == "VSS_E_WRITERERROR_RETRYABLE" and m["meaning"]
           for m in d["methods"]), d["methods"]
assert [c["claimed_name"] for c in d["disputed"]] == ["VSS_E_PROVIDER_VETO"], d["disputed"]
assert d["disputed"][0]["verdict"] is False
'
# A fix-class code has no retry policy; a Win32-range code shows its number.
check_json "$tmp/a.json" '
d = doc[1]
assert d["input"] == "E_ACCESSDENIED" and d["code"] == "0x80070005", d
assert d["names"] == [{"name": "E_ACCESSDENIED", "namespace": "HRESULT"}], d["names"]
assert d["guidance"] == "fix", d["guidance"]
assert d["retry"] is None, d["retry"]
assert d["win32"]["code"] == 5, d["win32"]
assert d["win32"]["names"] == [{"name": "ERROR_ACCESS_DENIED", "namespace": "Win32"}]
assert d["facility"] == 7 and d["severity"] == 1
'
check_json "$tmp/a.json" '
d = doc[2]
assert d["code"] == "0x80042400"
assert d["names"] == [{"name": "VSS_E_CLUSTER_ERROR", "namespace": "VSS"},
                      {"name": "VDS_E_NOT_SUPPORTED", "namespace": "VDS"}], d["names"]
'

# Codes print as 0x and eight upper-case digits, whatever the input form.
expect_status 0 vssx explain --format json 0 800423f3 -2147024891 0x42309
check_json "$tmp/out" '
assert [d["code"] for d in doc] == ["0x00000000", "0x800423F3", "0x80070005",
                                    "0x00042309"], [d["code"] for d in doc]
assert doc[0]["severity"] == 0 and doc[3]["severity"] == 0
assert doc[3]["guidance"] == "info" and doc[3]["retry"] is None
'

# The Win32 reading of a small decimal number; null for the others (issue 20).
expect_status 1 vssx explain --format json 5 0x5
check_json "$tmp/out" '
w = doc[0]["win32_reading"]
assert w == {"code": 5, "names": [{"name": "ERROR_ACCESS_DENIED", "namespace": "Win32"}],
             "hresult": "0x80070005", "hresult_name": "E_ACCESSDENIED"}, w
assert doc[0]["code"] == "0x00000005", doc[0]["code"]
assert doc[1]["win32_reading"] is None, doc[1]
'

# An unknown code: known is false, the unknown class, no description.
expect_status 1 vssx explain --format json 0x80080024
check_json "$tmp/out" '
d = doc[0]
assert d["known"] is False and d["names"] == [] and d["description"] is None, d
assert d["facility"] == 8 and d["facility_name"] == "FACILITY_WINDOWS"
assert d["guidance"] == "unknown" and d["retry"] is None and d["methods"] == []
assert d["disputed"][0]["claimed_name"] == "ERROR_BACKUP_VOLUME_NOT_MIRRORED"
'

# A bad argument among good ones still leaves a valid array of the good ones.
expect_status 2 vssx explain --format json 0x800423F3 0xZZ
check_json "$tmp/out" '
assert len(doc) == 1 and doc[0]["code"] == "0x800423F3", doc
'
expect_grep "'0xZZ' is not a code" "$tmp/err"

done_testing

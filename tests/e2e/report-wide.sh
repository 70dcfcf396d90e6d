#!/bin/sh
# report-wide.sh: Japanese text, which has no blanks and two columns a
# character, is wrapped by display width: no line of explain or of the text
# report passes 80 columns, and no character is lost (issue 20).
. "$top_srcdir/tests/e2e/setup.sh"
command -v python3 >/dev/null 2>&1 || { echo "SKIP: no python3" >&2; exit 77; }
cd "$tmp" || exit 99
ja=$data/rules-override-ja

# fits FILE: every line is at most 80 columns (East Asian Wide and Fullwidth
# count two), and the description is all there once the lines are joined
fits() {
	python3 - "$1" "$ja/ja.rules" <<'PY' 2>"$tmp/pyerr" || fail "$1: $(cat "$tmp/pyerr")"
import sys, unicodedata
def width(s):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else
               0 if unicodedata.combining(c) else 1 for c in s)
text = open(sys.argv[1], encoding="utf-8").read()
for line in text.splitlines():
    assert width(line) <= 80, "%d columns: %s" % (width(line), line)
want = [l for l in open(sys.argv[2], encoding="utf-8")
        if l.startswith("description = ")][0].split(" = ", 1)[1].strip()
joined = "".join(l.strip() for l in text.splitlines())
assert want in joined, "description cut or changed"
PY
}

expect_status 0 vssx --rules "$ja" explain 0x80042306
fits "$tmp/out"
printf '2024-05-14T02:13:09Z FILESRV01 VSS: hr = 0x80042306\n' >a.log
expect_status 1 vssx --rules "$ja" scan --at 2024-05-14T03:00:00Z --color never a.log
fits "$tmp/out"

done_testing

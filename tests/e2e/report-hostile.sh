# report-hostile.sh: log text is hostile input.  Writer names, hosts, file
# names and matched lines holding spreadsheet formulas, terminal escapes
# (ESC ] 52 clipboard, ESC [ 2J, CSI as C1), BEL, a lone CR, NUL, invalid
# UTF-8, quotes, HTML (<script>, "><img onerror=...>) and very long values
# come out of every report format inert: no control byte but the format's
# own line ends, no cell a spreadsheet would evaluate, no markup in the HTML
# page, no '|' in the Nagios output but its own, and every machine format
# still parses.
. "$top_srcdir/tests/e2e/setup.sh"
cd "$tmp" || exit 99

long=$(printf 'A%.0s' $(seq 1 3000))
# a vssadmin block with a formula and escapes in the writer name, a syslog
# line whose host and text are hostile, in a file whose name has a quote, a
# comma and an ESC
name=$(printf 'bad,"name\033[2J.log')
{
	printf "Writer name: '=HYPERLINK(\"http://evil/x\",\"click\")'\n"
	printf '   Writer Id: {e8132975-6f93-4464-a53e-1050253ae220}\n'
	printf '   State: [8] Failed\n'
	printf '   Last error: Retryable error\n\n'
	printf "Writer name: '\033[31mEvil\033[0m \302\233Writer\377'\n"
	printf '   State: [8] Failed\n'
	printf '   Last error: Non-retryable error\n\n'
	printf "Writer name: '<script>alert(1)</script>\"><img src=x onerror=alert(2)>|&amp;'\n"
	printf '   State: [8] Failed\n'
	printf '   Last error: Retryable error\n\n'
	printf 'May 14 02:13:09 +cmd|calc\033]52;c;ZXZpbA==\007 VSS[1]: writer failed hr = 0x800423F3 \033[2J\r@x\000 %s\n' "$long"
	printf '2024-05-14 02:13:09 -2147212301 VSS error: HResult=-2147212301 =1+1 \177 \302\205 end\n'
} > "$name"

# no_controls FILE [ALLOWED]: no C0 byte (but \n, and those in ALLOWED), no DEL,
# no C1 control (UTF-8 \302\200-\302\237), no invalid byte \377
no_controls() {
	python3 - "$1" "${2:-}" <<'PY' || fail "$1: raw control bytes in the output"
import sys
data = open(sys.argv[1], "rb").read()
allowed = {10} | {ord(c) for c in sys.argv[2].encode().decode("unicode_escape")}
bad = [i for i, b in enumerate(data) if (b < 0x20 and b not in allowed) or b == 0x7f or b == 0xff]
bad += [i for i in range(len(data) - 1) if data[i] == 0xc2 and 0x80 <= data[i + 1] <= 0x9f]
if bad:
    print("raw control bytes at", bad[:10], repr(data[max(0, bad[0] - 20):bad[0] + 20]))
    sys.exit(1)
PY
}

opts="--at 2024-05-15T00:00:00Z --color=never"
# text, to a pipe and (with script(1), when there) to a terminal
expect_status 1 vssx scan $opts "$name"
cp "$tmp/out" text.out
no_controls text.out
expect_grep 'x1b\[31mEvil' text.out
if command -v script >/dev/null 2>&1 && [ -z "${VSSEXPLAIN_WRAPPER:-}" ]; then
	script -qec "$VSSEXPLAIN scan --at 2024-05-15T00:00:00Z '$tmp/$name'" /dev/null >tty.out 2>&1
	# a terminal gets colour from vssexplain itself (ESC [ ... m) and CR LF
	# line ends from the terminal; nothing else
	python3 - tty.out <<'PY' || fail "text to a terminal: control bytes from the log"
import re, sys
data = open(sys.argv[1], "rb").read()
data = re.sub(rb"\x1b\[[0-9;]*m", b"", data).replace(b"\r\n", b"\n")
if re.search(rb"[\x00-\x09\x0b-\x1f\x7f]|\xc2[\x80-\x9f]", data):
    sys.exit(1)
PY
	grep -q 'Evil' tty.out || fail "text to a terminal: the writer is missing"
fi

# JSON and JSON Lines: escaped by JSON itself, and they parse
expect_status 1 vssx scan $opts --format json "$name"
cp "$tmp/out" json.out
no_controls json.out
python3 -c 'import json,sys; json.load(open(sys.argv[1]))' json.out || fail "json does not parse"
expect_status 1 vssx scan $opts --format jsonl "$name"
cp "$tmp/out" jsonl.out
no_controls jsonl.out
python3 -c '
import json, sys
n = 0
for l in open(sys.argv[1], encoding="utf-8", errors="strict"):
    json.loads(l); n += 1
assert n >= 4, n' jsonl.out || fail "jsonl does not parse, or lost findings"

# CSV: parses; no formula cell; numbers stay numbers only where the column
# is numeric by definition
for f in "" --summary; do
	expect_status 1 vssx scan $opts --format csv $f "$name"
	cp "$tmp/out" csv.out
	no_controls csv.out '\r'
	python3 - csv.out <<'PY' || fail "csv$f: a formula cell, or it does not parse"
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))
head, rows = rows[0], rows[1:]
assert rows, "no rows"
numeric = {"line", "offset", "event_id", "record_id", "count"}
for r in rows:
    assert len(r) == len(head), r
    for h, cell in zip(head, r):
        if h not in numeric and cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
            print("formula cell", h, repr(cell)); sys.exit(1)
        if h in numeric and cell and not cell.isdigit():
            print("numeric column", h, repr(cell)); sys.exit(1)
PY
done
expect_grep "\"'=HYPERLINK" csv.out
# the path column keeps the file's name, escaped
expect_status 1 vssx scan $opts --format csv "$name"
expect_grep '"bad,""name\\x1b\[2J\.log"' "$tmp/out"
expect_grep "\"'-2147212301\"" "$tmp/out"
# a newline in a file name: escaped in every format, the CSV still one row a finding
nl=$(printf 'two\nlines.log')
printf '2024-05-14 02:13:09 VSS hr = 0x800423F3\n' > "$nl"
for f in text json jsonl csv; do
	expect_status 1 vssx scan $opts --format $f "$nl"
	cp "$tmp/out" nl.out
	no_controls nl.out '\r'
done
expect_status 1 vssx scan $opts --format csv "$nl"
[ "$(wc -l < "$tmp/out")" = 2 ] || fail "a newline in a file name split a CSV row"
expect_grep 'two\\x0alines\.log' "$tmp/out"
# Standard error: the names of files and rules, arguments and rules-file text
# come out escaped in every message, whatever a terminal would make of them
esc=$(printf 'e\033]52;c;ZXZpbA==\007\033[2J\302\233x\377\r\nforged: ok')
: > stderr.all
expect_status 2 vssx scan "$esc.missing"
cat "$tmp/err" >> stderr.all
expect_grep 'cannot open e\\x1b\]52;c;ZXZpbA==\\x07\\x1b\[2J\\u009bx\\xff\\x0d\\x0aforged: ok\.missing' "$tmp/err"
printf '2024-05-14 VSS hr = 0x800423F3\n' | gzip | head -c 30 > "$esc.gz"
printf '\377\376V\000S\000S\000 \000\000\334\n\000' > "$esc.utf16"
expect_status 2 vssx scan "$esc.gz" "$esc.utf16"
cat "$tmp/err" >> stderr.all
[ "$(grep -c '' "$tmp/err")" = 2 ] || fail "a file name split a message: $(cat "$tmp/err")"
expect_status 2 vssx scan -r --state "$esc.state" --output "$esc.out" .
cat "$tmp/err" >> stderr.all
ln -s nowhere "$esc.link"
expect_status 2 vssx scan --output "$esc.link" "$name"
cat "$tmp/err" >> stderr.all
expect_grep 'report e\\x1b.*\.link is a symbolic link' "$tmp/err"
expect_status 2 vssx explain "$esc"
cat "$tmp/err" >> stderr.all
# a rule that gives up on a hostile file; a broken rules file quoting escapes
mkdir rules-slow
printf '[pattern evil]\nliteral = Writer\nscope = line-start\nregex = (?<writer>(a+)+)+$\n' > rules-slow/a.rules
printf 'Writer %s!\n' "$(printf 'a%.0s' $(seq 1 40))" > "$esc.slow"
expect_status 2 vssx --rules rules-slow scan "$esc.slow"
cat "$tmp/err" >> stderr.all
expect_grep 'forged: ok\.slow:1: rule evil gave up' "$tmp/err"
mkdir rules-bad
printf '[co\033]0;title\007des x]\n' > rules-bad/b.rules
expect_status 2 vssx --rules rules-bad rules
cat "$tmp/err" >> stderr.all
expect_grep 'x1b\]0;title' "$tmp/err"
no_controls stderr.all
grep -q '^forged' stderr.all && fail "a file name forged a message line"

# the formats of whole reports, with a hostile --host for inputs that name none
# and a file named like markup
host=$(printf '"><img src=x onerror=alert(3)><script>x</script>|\033[2J\377\302\205')
tag='<script>alert(4)<\script>.log'
cp "$name" "$tag"
for f in html oneline nagios prometheus; do
	st=1
	[ "$f" = nagios ] && st=2
	expect_status $st vssx scan $opts --host "$host" --format $f "$name" "$tag"
	cp "$tmp/out" "$f.out"
	no_controls "$f.out"
done
# HTML: well formed, nothing that runs or loads, the hostile text there but escaped
python3 "$top_srcdir/tests/e2e/html-check.py" html.out || fail "html: markup from the log"
expect_no_grep '<(script|img)' html.out
expect_grep '&lt;script&gt;alert\(1\)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert\(2\)&gt;\|&amp;amp;' html.out
expect_grep '<h3>&quot;&gt;&lt;img src=x onerror=alert\(3\)&gt;&lt;script&gt;x&lt;/script&gt;\|\\x1b\[2J\\xff\\u0085</h3>' html.out
expect_grep '<li>&lt;script&gt;alert\(4\)&lt;\\script&gt;\.log:' html.out
expect_grep '<text x="4" y="[0-9]+"><title>&quot;&gt;&lt;img src=x onerror=alert\(3\)&gt;.*</title>&quot;&gt;&lt;img ' html.out
# Nagios: one '|', the one before the perfdata
[ "$(grep -c '|' nagios.out)" = 1 ] || fail "nagios: a '|' from the log: $(grep '|' nagios.out)"
expect_grep '^VSS CRITICAL - .* \| exhausted=0;;;0 ' nagios.out
expect_grep 'on &quot;&gt;|on "><img src=x onerror=alert\(3\)><script>x</script>\\x7c\\x1b\[2J' nagios.out
# Prometheus: label values escaped, and the file still parses
expect_grep 'host="\\"><img src=x onerror=alert\(3\)><script>x</script>\|\\\\x1b\[2J\\\\xff\\\\u0085"' prometheus.out
if command -v promtool >/dev/null 2>&1; then
	promtool check metrics <prometheus.out >prom.err 2>&1 ||
	    fail "prometheus: promtool check metrics: $(cat prom.err)"
fi
python3 - prometheus.out <<'PY' || fail "prometheus: a bad label value"
import re, sys
for line in open(sys.argv[1], encoding="utf-8", errors="strict"):
    if line.startswith("#"):
        continue
    assert re.fullmatch(r'[a-z_]+(\{([a-z_]+="([^"\\\n]|\\[\\"n])*",?)*\})? [0-9]+\n', line), line
PY
done_testing

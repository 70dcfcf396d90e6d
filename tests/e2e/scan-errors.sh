# scan-errors.sh: an input that cannot be read whole is named in a message
# (with the byte offset for corrupt data), the other inputs are still
# scanned and their findings printed, and the exit status is 2; under -r,
# files that are not text are skipped with a notice and loops end.
. "$top_srcdir/tests/e2e/setup.sh"
opts="--format jsonl --at 2024-05-15T00:00:00Z"
cd "$tmp" || exit 99

printf '2024-05-14 02:13:09 VSS DoSnapshotSet failed. hr = 0x80042306\n' >good.log
good='"path":"good.log","line":1,'

# has_finding CODE PATH: the output holds a finding of CODE in PATH.
has_finding() {
	grep -q "\"code\":\"$1\".*\"path\":\"$2\"" "$tmp/out" ||
	    fail "no finding of $1 in $2: $(cut -c1-160 "$tmp/out")"
}

# A path that does not exist, before and after a readable one.
expect_status 2 vssx scan $opts missing.log good.log
expect_grep 'missing\.log' "$tmp/err"
expect_grep "$good" "$tmp/out"
expect_status 2 vssx scan $opts good.log missing.log
expect_grep 'missing\.log' "$tmp/err"
expect_grep "$good" "$tmp/out"

# A directory without -r.
mkdir logs
cp good.log logs/a.log
expect_status 2 vssx scan $opts logs good.log
expect_grep 'logs.*-r' "$tmp/err"
expect_grep "$good" "$tmp/out"
expect_no_grep '"path":"logs/a.log"' "$tmp/out"

# A file that cannot be opened (when not running as root).
cp good.log locked.log
chmod 000 locked.log
if ! cat locked.log >/dev/null 2>&1; then
	expect_status 2 vssx scan $opts locked.log good.log
	expect_grep 'locked\.log' "$tmp/err"
	expect_grep "$good" "$tmp/out"
fi
chmod 644 locked.log

# A gzip file cut short: the code before the cut is found, the message
# names the file and the offset where the data ends, status 2.
awk 'BEGIN {
	print "2024-05-14 02:13:09.100 VSS PrepareForBackup failed. hr = 0x800423F4"
	for (i = 0; i < 4000; i++) printf "2024-05-14 02:13:%02d.%03d block %d checksum %d\n", i % 60, i % 1000, i, (i * 7919) % 100003
	print "2024-05-14 02:14:00.000 VSS final hr = 0x80042306"
}' >long.txt
gzip -n -c long.txt >whole.gz
size=$(wc -c <whole.gz)
head -c $((size / 2)) whole.gz >cut.gz
expect_status 2 vssx scan $opts cut.gz good.log
expect_grep "cut\.gz.*$((size / 2))" "$tmp/err"
has_finding 0x800423F4 cut.gz
expect_grep "$good" "$tmp/out"
expect_no_grep '"code":"0x80042306".*"path":"cut.gz"' "$tmp/out"

# A gzip file with a damaged byte: named, with an offset, status 2.
od -An -v -tu1 whole.gz | awk -v at=$((size / 2)) '
	{ for (i = 1; i <= NF; i++) { n++; printf "%c", (n == at ? 255 - $i : $i) } }' >bad.gz
if ! cmp -s whole.gz bad.gz; then
	expect_status 2 vssx scan $opts bad.gz good.log
	expect_grep 'bad\.gz.*[0-9]' "$tmp/err"
	has_finding 0x800423F4 bad.gz
	expect_grep "$good" "$tmp/out"
fi

# A gzip header and nothing else.
head -c 10 whole.gz >header.gz
expect_status 2 vssx scan $opts header.gz good.log
expect_grep 'header\.gz' "$tmp/err"
expect_grep "$good" "$tmp/out"

# u16 TEXT: TEXT (ASCII) as UTF-16LE code units.
u16() {
	printf '%s' "$1" | od -An -v -tu1 | awk '{ for (i = 1; i <= NF; i++) printf "%c%c", $i, 0 }'
}

# UTF-16LE with an unpaired surrogate between two lines with codes: the
# message names the file and the byte; both codes are found; status 2.
{
	printf '\377\376'
	u16 'hr = 0x80042306
'
	printf '\000\330'
	u16 'VSS error 0x80070057
'
} >bad16.txt
expect_status 2 vssx scan $opts bad16.txt good.log
expect_grep 'bad16\.txt.*[^0-9]34([^0-9]|$)' "$tmp/err"
has_finding 0x80042306 bad16.txt
has_finding 0x80070057 bad16.txt
expect_grep "$good" "$tmp/out"

# UTF-16 that ends in the middle of a code unit.
{ printf '\377\376'; u16 'hr = 0x80042306
'; printf 'x'; } >odd16.txt
expect_status 2 vssx scan $opts odd16.txt good.log
expect_grep 'odd16\.txt' "$tmp/err"
has_finding 0x80042306 odd16.txt
expect_grep "$good" "$tmp/out"

# Several bad inputs at once: each is named, the good one still scanned.
expect_status 2 vssx scan $opts missing.log cut.gz bad16.txt good.log
for f in missing.log cut.gz bad16.txt; do
	grep -qF "$f" "$tmp/err" || fail "no message names $f"
done
expect_grep "$good" "$tmp/out"

# Nothing readable at all: status 2, never 0.
expect_status 2 vssx scan $opts missing.log
[ -s "$tmp/out" ] && fail "output for no readable input: $(head -c 200 "$tmp/out")"

# -r over a tree holding files that are not text: each is skipped with a
# notice that names it; the logs, and a binary event log (.evtx, read as
# events: tests/e2e/scan-evtx.sh), are scanned; status 1 (findings), not 2.
mkdir -p tree/sub
cp good.log tree/sub/a.log
printf '2024-05-14 02:13:09 VSS hr = 0x800423F3\n' >tree/z.log
cp "$data/evtx/2-vss_7-System.evtx" tree/Application.evtx
printf '\177ELF\002\001\001\000\000\000\000\000\000\000\000\000' >tree/prog
head -c 1000 /dev/zero >>tree/prog
printf 'SQLite format 3\000' >tree/catalog.db
head -c 4000 /dev/zero >>tree/catalog.db
printf 'PK\003\004\024\000\000\000\010\000' >tree/logs.zip
head -c 500 /dev/zero >>tree/logs.zip
expect_status 1 vssx scan -r $opts tree
for f in tree/prog tree/catalog.db tree/logs.zip; do
	grep -qF "$f" "$tmp/err" || fail "no notice for $f: $(cat "$tmp/err")"
done
expect_no_grep 'Application\.evtx: (skipped|chunk|file header)' "$tmp/err"
has_finding 0x80042306 tree/sub/a.log
has_finding 0x800423F3 tree/z.log
expect_no_grep '"path":"tree/(Application.evtx|prog|catalog.db|logs.zip)"' "$tmp/out"

# Compressed data has about one control byte in ten, like any random data,
# so counting them misses some archives; this one is a cabinet, as Windows
# keeps in C:\Windows\Logs\CBS, with 388 control bytes in its first 4096.
# It is no more text than an executable: skipped with a notice.
awk 'BEGIN {
	printf "MSCF%c%c%c%c", 0, 0, 0, 0
	for (x = 198; n < 4088; n++) { x = (x * 75 + 74) % 65537; printf "%c", x % 256 }
}' >tree/CbsPersist_20240514021309.cab
expect_status 1 vssx scan -r $opts tree
grep -qF tree/CbsPersist_20240514021309.cab "$tmp/err" ||
    fail "no notice for the cabinet tree/CbsPersist_20240514021309.cab"
rm tree/CbsPersist_20240514021309.cab

# Named on the command line, a binary file is an error (status 2) and the
# other inputs are still scanned.
expect_status 2 vssx scan $opts tree/prog good.log
expect_grep 'tree/prog' "$tmp/err"
expect_grep "$good" "$tmp/out"

# --quiet (-q): the notices go, the report and the status stay; errors are
# still said (issue 20).
vssx scan -r $opts tree >"$tmp/loud" 2>/dev/null
expect_status 1 vssx scan -r --quiet $opts tree
[ -s "$tmp/err" ] && fail "--quiet printed: $(head -3 "$tmp/err")"
expect_same "$tmp/loud" "$tmp/out"
expect_status 1 vssx scan -q -r $opts tree
[ -s "$tmp/err" ] && fail "-q printed: $(head -3 "$tmp/err")"
expect_status 2 vssx scan --quiet $opts tree/prog good.log
expect_grep 'tree/prog' "$tmp/err"

# Symbolic link loops under -r end: a link to a parent directory, a link to
# the directory itself, and two links pointing at each other.
ln -s .. tree/sub/up
ln -s . tree/self
ln -s tree/loop-b tree/loop-a 2>/dev/null
ln -s loop-a tree/loop-b
rm -f tree/loop-a
ln -s loop-b tree/loop-a
if command -v timeout >/dev/null 2>&1; then
	timeout 20 "$VSSEXPLAIN" scan -r $opts tree >"$tmp/out" 2>"$tmp/err"
	st=$?
else
	vssx scan -r $opts tree >"$tmp/out" 2>"$tmp/err"
	st=$?
fi
[ "$st" = 124 ] && fail "scan -r did not end on a tree with symbolic link loops"
[ "$st" = 1 ] || fail "scan -r over links: status $st, wanted 1"
n=$(grep -c '"path":"tree/sub/a.log"' "$tmp/out")
[ "$n" = 1 ] || fail "tree/sub/a.log scanned $n times, wanted once"
expect_grep 'tree/sub/up' "$tmp/err"
expect_grep 'tree/self' "$tmp/err"
expect_grep 'tree/loop-a' "$tmp/err"

done_testing

# report-output.sh: --output FILE gets the whole report and stdout nothing;
# the file is replaced atomically (a new file renamed into place) and a run
# that cannot write it exits 2 leaving no partial or temporary file.
. "$top_srcdir/tests/e2e/setup.sh"

at=2024-05-14T11:00:00Z
log=$tmp/in.log
cat >"$log" <<'EOF'
2024-05-14T10:00:00Z FILESRV01 VSS[1]: 8193: Volume Shadow Copy Service error: hr = 0x80070005, Access is denied.
2024-05-14T10:30:00Z SQL02 VSS[1]: 8229: A VSS writer has rejected an event with error 0x800423f3. Writer Name: SqlServerWriter
EOF

# no_leftovers DIR: no temporary file of ours is left in DIR.
no_leftovers() {
	left=$(find "$1" -maxdepth 1 -name '*.tmp*' | head -5)
	[ -z "$left" ] || fail "temporary files left behind: $left"
}

# --- the file holds what stdout would have held; stdout is empty -------------
mkdir "$tmp/o"
for fmt in text json csv jsonl; do
	expect_status 1 vssx scan --at "$at" --format "$fmt" "$log"
	cp "$tmp/out" "$tmp/want-$fmt"
	[ -s "$tmp/want-$fmt" ] || fail "no $fmt report on stdout"
	expect_status 1 vssx scan --at "$at" --format "$fmt" --output "$tmp/o/report-$fmt" "$log"
	[ -s "$tmp/out" ] && fail "--format $fmt --output: stdout was written: $(head -3 "$tmp/out")"
	[ -s "$tmp/err" ] && fail "--format $fmt --output: stderr: $(head -3 "$tmp/err")"
	expect_same "$tmp/want-$fmt" "$tmp/o/report-$fmt"
done
expect_status 1 vssx scan --at "$at" --format csv --summary --output "$tmp/o/summary" "$log"
[ -s "$tmp/out" ] && fail "csv --summary --output: stdout was written"
expect_grep '^guidance,code,' "$tmp/o/summary"
no_leftovers "$tmp/o"

# --- an existing report is replaced by a new file, not rewritten in place ---
# A second name for the old file keeps the old content when the report is
# renamed into place; truncating and rewriting would change it.
echo 'the report of yesterday' >"$tmp/o/daily.json"
ln "$tmp/o/daily.json" "$tmp/o/daily.json.yesterday"
expect_status 1 vssx scan --at "$at" --format json --output "$tmp/o/daily.json" "$log"
expect_same "$tmp/want-json" "$tmp/o/daily.json"
expect_grep '^the report of yesterday$' "$tmp/o/daily.json.yesterday"
no_leftovers "$tmp/o"
# The new file is readable as a file made by '>' would be (umask 022: 0644),
# not private to the owner like a bare mkstemp file.
(
	umask 022
	vssx scan --at "$at" --output "$tmp/o/mode.txt" "$log" >/dev/null 2>&1
)
# shellcheck disable=SC2012
mode=$(ls -l "$tmp/o/mode.txt" | cut -c1-10)
[ "$mode" = "-rw-r--r--" ] || fail "--output file mode $mode, wanted -rw-r--r-- (umask 022)"

# --- the directory does not exist: exit 2, nothing made -------------------
expect_status 1 vssx scan --at "$at" "$log"
expect_status 2 vssx scan --at "$at" --output "$tmp/missing/report.txt" "$log"
expect_grep "$tmp/missing/report.txt" "$tmp/err"
[ -s "$tmp/out" ] && fail "report on stdout although --output was given"
[ -e "$tmp/missing" ] && fail "$tmp/missing was created"
for fmt in json csv jsonl; do
	expect_status 2 vssx scan --at "$at" --format "$fmt" --output "$tmp/missing/r" "$log"
	[ -e "$tmp/missing" ] && fail "$tmp/missing was created"
done
no_leftovers "$tmp"

# --- the output is a directory: exit 2, the directory untouched -------------
mkdir "$tmp/o/adir"
expect_status 2 vssx scan --at "$at" --output "$tmp/o/adir" "$log"
[ -d "$tmp/o/adir" ] || fail "$tmp/o/adir is no directory any more"
[ -z "$(ls -A "$tmp/o/adir")" ] || fail "$tmp/o/adir is not empty"
expect_grep "$tmp/o/adir" "$tmp/err"
no_leftovers "$tmp/o"

# --- a read-only directory: exit 2, the old report kept, no temporary file --
mkdir "$tmp/ro"
echo 'old report' >"$tmp/ro/report.txt"
chmod 555 "$tmp/ro"
if [ "$(id -u)" != 0 ]; then
	as_user() { "$@"; }
elif command -v setpriv >/dev/null 2>&1 && chmod 755 "$tmp" &&
    setpriv --reuid=65534 --regid=65534 --clear-groups "$VSSEXPLAIN" explain 0x800423F3 \
    >/dev/null 2>&1; then
	# root writes anywhere: run as nobody
	chmod 644 "$log"
	as_user() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
fi
if command -v as_user >/dev/null 2>&1; then
	for fmt in text json csv jsonl; do
		expect_status 2 as_user "$VSSEXPLAIN" scan --at "$at" --format "$fmt" \
		    --output "$tmp/ro/report.txt" "$log"
		expect_grep "$tmp/ro/report.txt" "$tmp/err"
		[ -s "$tmp/out" ] && fail "read-only --output: stdout was written"
		expect_grep '^old report$' "$tmp/ro/report.txt"
		[ "$(ls "$tmp/ro")" = report.txt ] || fail "left in $tmp/ro: $(ls "$tmp/ro")"
	done
	expect_status 2 as_user "$VSSEXPLAIN" scan --at "$at" --output "$tmp/ro/new.txt" "$log"
	[ -e "$tmp/ro/new.txt" ] && fail "$tmp/ro/new.txt was made"
	[ "$(ls "$tmp/ro")" = report.txt ] || fail "left in $tmp/ro: $(ls "$tmp/ro")"
else
	echo "note: root, and no setpriv to run as nobody: read-only directory not tested" >&2
fi
chmod 755 "$tmp/ro"

# --- an unreadable input: exit 2, the report of the others still written ---
expect_status 2 vssx scan --at "$at" --format json --output "$tmp/o/partial.json" \
    "$log" "$tmp/no-such.log"
[ -s "$tmp/out" ] && fail "stdout was written"
expect_grep '"code": "0x80070005"' "$tmp/o/partial.json"
expect_grep "\"path\": \"$tmp/no-such.log\"" "$tmp/o/partial.json"
no_leftovers "$tmp/o"

# --- a run that is killed leaves neither a report nor a temporary file -----
if command -v mkfifo >/dev/null 2>&1; then
	mkfifo "$tmp/fifo"
	mkdir "$tmp/k"
	# the writer keeps the pipe open, so the scan waits for more input
	sleep 30 >"$tmp/fifo" &
	holder=$!
	"$VSSEXPLAIN" scan --at "$at" --format jsonl --output "$tmp/k/report.jsonl" \
	    "$tmp/fifo" &
	scan=$!
	sleep 1
	kill -TERM "$scan" 2>/dev/null
	wait "$scan" 2>/dev/null
	kill "$holder" 2>/dev/null
	wait "$holder" 2>/dev/null
	[ -z "$(ls -A "$tmp/k")" ] || fail "a killed run left: $(ls -A "$tmp/k")"
fi

# --- merge --output: the same -----------------------------------------------
expect_status 1 vssx scan --at "$at" --format json --output "$tmp/o/a.json" "$log"
expect_status 1 vssx merge --at "$at" --format json --output "$tmp/o/merged.json" "$tmp/o/a.json"
[ -s "$tmp/out" ] && fail "merge --output: stdout was written"
expect_grep '"schema_version": 1' "$tmp/o/merged.json"
expect_status 2 vssx merge --at "$at" --output "$tmp/missing/merged.txt" "$tmp/o/a.json"
[ -e "$tmp/missing" ] && fail "$tmp/missing was created"
no_leftovers "$tmp/o"

done_testing

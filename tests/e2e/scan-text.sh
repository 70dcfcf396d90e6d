# scan-text.sh: every shape of text file gives the same findings with the
# right line, offset, text and time: LF, CRLF or CR line ends, no newline at
# the end, a UTF-8 byte order mark, and a log whose end was filled with NUL
# bytes by a crash.
. "$top_srcdir/tests/e2e/setup.sh"
opts="--format jsonl --at 2024-05-15T00:00:00Z"

# lines EOL: three log lines ended by EOL (printf notation), the last too.
lines() {
	printf "2024-05-14 02:13:09.100 VSS job started$1"
	printf "2024-05-14 02:13:10.200 VSS DoSnapshotSet failed. hr = 0x80042306$1"
	printf "2024-05-14 02:13:11.300 VSS Writer 'SqlServerWriter' Error 0x800423f4$1"
}

# summary FILE: "line offset time writer match text" of each finding.
summary() {
	sed -E 's/.*"line":([0-9]*),"offset":([0-9]*),"time":"([^"]*)".*"writer":("[^"]*"|null).*"match":"([^"]*)","text":"([^"]*)".*/\1|\2|\3|\4|\5|\6/' "$1"
}

# with LF line ends
lines '\n' >"$tmp/lf.log"
expect_status 1 vssx scan $opts "$tmp/lf.log"
summary "$tmp/out" >"$tmp/lf"
cat >"$tmp/want" <<'EOF'
2|95|2024-05-14T02:13:10.200Z|null|0x80042306|2024-05-14 02:13:10.200 VSS DoSnapshotSet failed. hr = 0x80042306
3|165|2024-05-14T02:13:11.300Z|"SqlServerWriter"|0x800423f4|2024-05-14 02:13:11.300 VSS Writer 'SqlServerWriter' Error 0x800423f4
EOF
expect_same "$tmp/want" "$tmp/lf"

# shift FILE N: the expected summary with offsets moved by N per line before.
shift_offsets() {
	awk -F'|' -v n="$2" 'BEGIN { OFS = "|" } { $2 += n * ($1 - 1); print }' "$1"
}

# CRLF: one byte more per line end, no CR in the text
lines '\r\n' >"$tmp/crlf.log"
vssx scan $opts "$tmp/crlf.log" >"$tmp/out" 2>&1
summary "$tmp/out" >"$tmp/got"
shift_offsets "$tmp/want" 1 >"$tmp/want.crlf"
expect_same "$tmp/want.crlf" "$tmp/got"

# CR alone (old Mac and some network devices): lines are counted and cut at CR
lines '\r' >"$tmp/cr.log"
vssx scan $opts "$tmp/cr.log" >"$tmp/out" 2>&1
summary "$tmp/out" >"$tmp/got"
expect_same "$tmp/want" "$tmp/got"

# no newline at the end
lines '\n' | head -c $(($(lines '\n' | wc -c) - 1)) >"$tmp/nofinal.log"
vssx scan $opts "$tmp/nofinal.log" >"$tmp/out" 2>&1
summary "$tmp/out" >"$tmp/got"
expect_same "$tmp/want" "$tmp/got"

# a UTF-8 byte order mark: offsets count the decoded text, without the mark
{ printf '\357\273\277'; lines '\r\n'; } >"$tmp/bom.log"
vssx scan $opts "$tmp/bom.log" >"$tmp/out" 2>&1
summary "$tmp/out" >"$tmp/got"
expect_same "$tmp/want.crlf" "$tmp/got"
[ -s "$tmp/err" ] && fail "UTF-8 with BOM: $(head -3 "$tmp/err")"
head -c 1 "$tmp/out" | grep -q '{' || fail "UTF-8 with BOM: no findings"

# A short log whose last cluster was filled with NUL bytes when the machine
# crashed, and which went on after the reboot: it is still a log.
{
	lines '\r\n'
	head -c 3900 /dev/zero
	printf '2024-05-14 02:20:00.000 VSS after restart: hr = 0x80070005\r\n'
} >"$tmp/crash.log"
expect_status 1 vssx scan $opts "$tmp/crash.log"
expect_grep '"code":"0x80042306".*"line":2,' "$tmp/out"
expect_grep '"code":"0x80070005".*"time":"2024-05-14T02:20:00Z"' "$tmp/out"
expect_no_grep 'skipped' "$tmp/err"

done_testing

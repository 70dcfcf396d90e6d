# scan-forms.sh: every form a code takes in a log is found, with the right
# value and form: hex with and without 0x, the L suffix, signed and unsigned
# decimal, %%NNNN message references, the decimal Win32 status of VSS 8230,
# names, vssadmin phrases.  Input: tests/data/scan/forms.txt, one form a line.
. "$top_srcdir/tests/e2e/setup.sh"

expect_status 1 vssx scan --format jsonl "$data/scan/forms.txt"
[ -s "$tmp/err" ] && fail "unexpected messages: $(head -3 "$tmp/err")"
sed 's/.*"code":"\([^"]*\)".*"form":"\([^"]*\)".*"line":\([0-9]*\),.*"match":"\([^"]*\)".*/\3 \1 \2 \4/' \
    "$tmp/out" >"$tmp/got"

# line code form match
cat >"$tmp/want" <<'EOF'
1 0x80070005 hex 0x80070005
2 0x8004230F hex 0X8004230F
3 0x800423F4 hex 0x800423f4
4 0x800423F3 hex 0x800423F3L
5 0x80042306 bare-hex 80042306
6 0x8004230F signed-decimal -2147212529
7 0x80070005 signed-decimal -2147024891
8 0x80070037 unsigned-decimal 2147942455
9 0x8078011E message-reference %%2155348254
10 0x80070560 win32-decimal 1376
11 0x8004231F name VSS_E_INSUFFICIENT_STORAGE
12 0x80070005 name ERROR_ACCESS_DENIED
13 0x800423F3 phrase Retryable error
14 0x80040154 hex 0x80040154
16 0x8078011E signed-decimal -2139619042
16 0x80070005 signed-decimal -2147024891
17 0x80073BC3 hex 0x80073bc3
18 0x80042335 hex 0x80042335
19 0x8078011E hex 0x8078011E
20 0x80070057 name E_INVALIDARG
21 0xC000009A hex 0xC000009A
22 0x80070560 win32-decimal 1376
22 0x80070525 win32-decimal 1317
EOF
while IFS= read -r row; do
	grep -qxF -- "$row" "$tmp/got" || fail "not found: $row"
done <"$tmp/want"
# nothing else: the closing bracket on line 15, hr = 0x00000000 on line 17,
# and one finding for a code said twice on a line (19, 20)
while IFS= read -r row; do
	grep -qxF -- "$row" "$tmp/want" || fail "unexpected finding: $row"
done <"$tmp/got"

# A code in the VSS range that no header defines is still reported after
# "hr =", as unknown.
expect_grep '"code":"0x80042335","name":null,.*"guidance":"unknown","known":false' "$tmp/out"
# The Windows Server Backup code no header names has its title.
expect_grep '"code":"0x8078011E","name":null,"namespace":null,"title":"[^"]+"' "$tmp/out"

# The same findings from standard input, path "-".
vssx scan --format jsonl - <"$data/scan/forms.txt" >"$tmp/stdin" 2>&1
sed 's/"path":"-"/"path":"%/' "$tmp/stdin" >"$tmp/stdin2"
sed 's/"path":"[^"]*"/"path":"%/' "$tmp/out" >"$tmp/file2"
expect_same "$tmp/file2" "$tmp/stdin2"


# Logs of localized Windows and backup programs: German, French and Spanish
# error words introduce codes (unknown ones and decimals too) on lines the
# localized words for shadow copies and backups mark as VSS-related; the
# same unknown code on a printer's error line is not reported.
expect_status 1 vssx scan --format jsonl "$data/scan/localized.txt"
sed 's/.*"code":"\([^"]*\)".*"form":"\([^"]*\)".*"line":\([0-9]*\),.*/\3 \1 \2/' "$tmp/out" >"$tmp/got"
cat >"$tmp/want" <<'EOF2'
1 0x80070005 hex
2 0x8004230F hex
3 0x807800C5 hex
4 0x8004230F signed-decimal
5 0x80991234 hex
6 0x80040154 hex
7 0x80070005 unsigned-decimal
8 0x80991234 hex
9 0x80991234 hex
EOF2
expect_same "$tmp/want" "$tmp/got"

done_testing

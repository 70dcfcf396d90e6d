# scan-trigger.sh: [pattern] sections of scope trigger (issue 14) are found
# by one rare byte of their literal, which the prefilter compares with the
# underscores: a rule of the user's that shares such a byte finds its code on
# every instruction set the prefilter may use, and a literal with no byte
# but hex digits and _, or a third different rare byte, is refused with the
# pattern named and status 2.  A pattern of scope indented (.NET's inner
# exception) is tried only where its literal follows a line's blanks.
. "$top_srcdir/tests/e2e/setup.sh"
cd "$tmp" || exit 99

mkdir ok four hexonly
# ? is the rare byte of the shipped FastCopy rule: a rule may share it
cat > ok/q.rules <<'EOF2'
[pattern qerr]
literal = ?ERR
scope = trigger
regex = \?ERR(?<win32>[1-9][0-9]{0,4})\b
EOF2
printf '2024-05-14 02:13:09 job ?ERR5 done\n2024-05-14 02:13:10 job ?ERR0 done, ?ERRx\n' > q.log
for simd in scalar sse2 avx2; do
	VSSEXPLAIN_SIMD=$simd
	export VSSEXPLAIN_SIMD
	expect_status 1 vssx --rules ok scan --format jsonl q.log
	[ "$(grep -c . "$tmp/out")" = 1 ] || fail "$simd: not one finding: $(cat "$tmp/out")"
	expect_grep '"code":"0x80070005".*"line":1,.*"match":"5"' "$tmp/out"
done
unset VSSEXPLAIN_SIMD
# without the rule the line says nothing
expect_status 0 vssx scan --format jsonl q.log

# the shipped rules use two rare bytes (?, the lead byte of a full-width
# character): a third is refused
printf '[pattern t4]\nliteral = ~oops\nscope = trigger\nregex = ~oops\n' > four/x.rules
expect_status 2 vssx --rules four scan q.log
expect_grep 'pattern t4.*at most 2 different rare bytes' "$tmp/err"

printf '[pattern hx]\nliteral = ab12\nscope = trigger\nregex = ab12\n' > hexonly/x.rules
expect_status 2 vssx --rules hexonly scan q.log
expect_grep 'pattern hx.*needs a byte other than hex digits and _' "$tmp/err"

# scope indented: the inner exception's line is taken, the same text at the
# start of a line is not (no trigger finds it there)
cat > net.log <<'EOF2'
2025-06-09 04:20:40.002 [6120] ERROR Worker   | backup worker 3 stopped
System.InvalidOperationException: The operation could not be completed.
 ---> System.ComponentModel.Win32Exception (5): Access is denied.
2025-06-09 04:20:41.002 [6120] ERROR Worker   | backup worker 4 stopped
---> System.ComponentModel.Win32Exception (32): The process cannot access the file.
EOF2
expect_status 1 vssx scan --format jsonl net.log
[ "$(grep -c . "$tmp/out")" = 1 ] || fail "not one finding: $(cat "$tmp/out")"
expect_grep '"code":"0x80070005".*"line":3,.*"match":"5"' "$tmp/out"

done_testing

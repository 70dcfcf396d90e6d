# scan-split.sh: findings do not depend on how the input arrives: split at
# any byte in a pipe (plain, UTF-16, gzip), or cut by the scanner's own
# buffer (a code across the 256 KiB buffer boundary, codes inside a line
# longer than 1 MiB).  Each code is found exactly once, at the right line
# and offset.
. "$top_srcdir/tests/e2e/setup.sh"
input=$data/scan/split.txt
opts="--format jsonl --at 2024-05-15T00:00:00Z"

# feed FILE K: FILE through a pipe in two writes, the first K bytes, a pause
# (about as long as the scanner takes to start, so that it mostly reads the
# first piece alone), then the rest.
feed() {
	{
		head -c "$2" "$1"
		sleep 0.005
		tail -c +"$(($2 + 1))" "$1"
	} | vssx scan $opts - 2>&1
}

# splits FILE WANT K...: each split position K gives WANT exactly.
splits() {
	f=$1
	w=$2
	shift 2
	bad=
	for k in "$@"; do
		feed "$f" "$k" >"$tmp/split" || :
		cmp -s "$w" "$tmp/split" || { bad="$bad $k"; diff "$w" "$tmp/split" | head -4 >&2; }
	done
	[ -z "$bad" ] || fail "$f: other findings when split after byte(s)$bad"
}

# positions FROM TO [STEP]: the numbers FROM, FROM + STEP, ... up to TO.
positions() {
	awk -v a="$1" -v b="$2" -v s="${3:-1}" 'BEGIN { for (k = a; k <= b; k += s) print k }'
}

# The unsplit findings: six codes in six forms, each once.
vssx scan $opts - <"$input" >"$tmp/whole" 2>&1
sed 's/.*"code":"\([^"]*\)".*"form":"\([^"]*\)".*"line":\([0-9]*\),.*/\3 \1 \2/' "$tmp/whole" \
    >"$tmp/got"
cat >"$tmp/want" <<'EOF'
1 0x80042306 hex
2 0x8004230F signed-decimal
4 0x800423F4 phrase
6 0x80070560 win32-decimal
7 0x8078011E hex
7 0x80070057 name
EOF
expect_same "$tmp/want" "$tmp/got"

# Plain text, split after every byte.
splits "$input" "$tmp/whole" $(positions 1 $(($(wc -c <"$input") - 1)))

# UTF-16LE with a byte order mark: same findings (offsets count decoded
# bytes, so they are the same too).
if command -v iconv >/dev/null 2>&1; then
	{ printf '\377\376'; iconv -f UTF-8 -t UTF-16LE "$input"; } >"$tmp/u16.txt"
	vssx scan $opts - <"$tmp/u16.txt" >"$tmp/u16.whole" 2>&1
	expect_same "$tmp/whole" "$tmp/u16.whole"
	# every byte of the start (the byte order mark, the first characters),
	# then every 7th: odd positions split a UTF-16 code unit
	n=$(wc -c <"$tmp/u16.txt")
	splits "$tmp/u16.txt" "$tmp/whole" $(positions 1 16) $(positions 17 $((n - 1)) 7)
fi

# gzip: split inside the header, the deflate data and the trailer.
gzip -n -c "$input" >"$tmp/split.gz"
vssx scan $opts - <"$tmp/split.gz" >"$tmp/gz.whole" 2>&1
expect_same "$tmp/whole" "$tmp/gz.whole"
n=$(wc -c <"$tmp/split.gz")
splits "$tmp/split.gz" "$tmp/whole" $(positions 1 24) $(positions 25 $((n - 13)) 5) \
    $(positions $((n - 12)) $((n - 1)))

# filler N: exactly N bytes of 100-byte lines of dots (no code, no word).
filler() {
	awk -v n="$1" 'BEGIN {
		s = sprintf("%99s", ""); gsub(/ /, ".", s)
		for (; n >= 100; n -= 100) print s
		if (n > 0) print substr(s, 1, n - 1)
	}'
}

# A code whose bytes straddle a buffer boundary of short lines: at 256 KiB,
# at the buffer size (256 KiB + 4 KiB kept), and at twice 256 KiB.
for at in 262144 266240 524288; do
	for back in 2 5 9; do
		start=$((at - back))	# offset of "0x80070005"
		{
			filler $((start - 9))
			printf 'ERROR hr=0x80070005 after the boundary\n'
			filler 300000
		} >"$tmp/boundary.log"
		line=$(($(head -c "$start" "$tmp/boundary.log" | wc -l) + 1))
		vssx scan $opts "$tmp/boundary.log" >"$tmp/out" 2>&1
		n=$(grep -c . "$tmp/out")
		[ "$n" = 1 ] || fail "code at $start (boundary $at): $n findings, wanted 1"
		expect_grep "\"code\":\"0x80070005\".*\"line\":$line,\"offset\":$start," "$tmp/out"
	done
done

# One line of 1.2 MiB holding 4095 different codes, each once, in fixed
# 302-byte steps: every one is found once, at its offset, with the time of
# the line's start; the short line after it is counted as line 2.
awk 'BEGIN {
	w = ""; for (j = 0; j < 55; j++) w = w " wxyz"
	printf "2024-05-14 02:13:09.412 VSS export:"	# 35 bytes
	for (i = 1; i < 4096; i++)
		printf " step %04d%s hr = 0x8007%04X;", i, w, i
	printf "\n2024-05-14 02:13:10.000 VSS hr = 0x80042306\n"
}' >"$tmp/long.log"
vssx scan $opts "$tmp/long.log" >"$tmp/out" 2>&1
# segment i (302 bytes) starts at 35 + 302 (i - 1); its code 291 bytes later
awk -F'"' '
	/"line":1,/ {
		code = $4; sub(/.*"offset":/, ""); sub(/,.*/, ""); off = $0
		i = 0; hex = substr(code, 7)
		for (j = 1; j <= 4; j++) i = i * 16 + index("0123456789ABCDEF", substr(hex, j, 1)) - 1
		if (off != 35 + 302 * (i - 1) + 291) { print "code " code " at offset " off; bad++ }
		if (seen[i]++) { print "code " code " found twice"; bad++ }
		n++
	}
	END { if (n != 4095) print n " findings on line 1, wanted 4095" }' "$tmp/out" >"$tmp/bad"
[ -s "$tmp/bad" ] && fail "long line: $(head -5 "$tmp/bad")"
n=$(grep -c '"time":"2024-05-14T02:13:09.412Z"' "$tmp/out")
[ "$n" = 4095 ] || fail "long line: $n findings with the time of the line start, wanted 4095"
expect_grep '"code":"0x80042306".*"line":2,.*"time":"2024-05-14T02:13:10Z"' "$tmp/out"

# Inside a line longer than the buffer, each form of code slides across
# the place where the scanner has to cut the line (near 260 KiB): every code
# is still found once.  The forms sit in one block; moving the block by d
# bytes puts the cut at each byte of it in turn.
awk 'BEGIN { printf "2024-05-14 02:13:09.412 VSS export:"; for (i = 0; i < 60000; i++) printf " wxyz" }' \
    >"$tmp/base"
forms=" hr = 0x80070005; HResult=-2147212529; error code '2147942455'; (%%2155348254);"
forms="$forms VSS_E_PROVIDER_VETO; E_INVALIDARG (0x80070057); Returned HRESULT: 800423f4;"
forms="$forms Error 0x800423F3L; 8230: Failed resolving account CONTOSO\\svc_bkp with status 1376. ;"
printf '%s\n' 0x80042306 0x8004230F 0x80070005 0x80070037 0x80070057 0x80070560 \
    0x8078011E 0x800423F3 0x800423F4 | sort >"$tmp/want"
len=${#forms}
bad=
for cut in 262144 266112; do
	d=1
	while [ "$d" -le $((len + 8)) ]; do
		{
			head -c $((cut - d)) "$tmp/base"
			printf '%s' "$forms"
			head -c 20000 "$tmp/base" | tail -c 15000
			printf '\n'
		} >"$tmp/cut.log"
		vssx scan $opts "$tmp/cut.log" >"$tmp/out" 2>&1
		sed 's/.*"code":"\([^"]*\)".*/\1/' "$tmp/out" | sort >"$tmp/got"
		if ! cmp -s "$tmp/want" "$tmp/got"; then
			bad="$bad
  block $d bytes before $cut: $(comm -3 "$tmp/want" "$tmp/got" | tr -s '\n\t' '  ')"
		fi
		d=$((d + 3))
	done
done
[ -z "$bad" ] || fail "codes missing (left) or extra (right) when a long line is cut:$bad"

done_testing

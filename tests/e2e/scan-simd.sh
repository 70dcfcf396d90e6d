# scan-simd.sh: the text scanner finds the same, byte for byte, whichever
# instructions its prefilter uses: $VSSEXPLAIN_SIMD=scalar (a byte at a time),
# sse2, avx2, and the default (AVX-512 where the CPU has it, else AVX2), on
# every text sample and on a log whose codes sit at every offset of a 64-byte
# block.
. "$top_srcdir/tests/e2e/setup.sh"
opts="--format jsonl --at 2024-05-15T00:00:00Z --all-codes"

# a code at each of 64 offsets, padded with hex-looking decoys
i=0
while [ $i -lt 64 ]; do
	pad=$(printf '%*s' $i '' | tr ' ' 'a')
	printf '2024-05-01 10:00:%02d ERROR [VSS] %s hr = 0x800423F3, %s E_UNEXPECTED 80042306 -2147212529\n' \
	    $((i % 60)) "$pad" "$pad"
	i=$((i + 1))
done >"$tmp/offsets.log"

n=0
for f in "$tmp/offsets.log" "$samples"/*.log "$samples"/*.txt "$data"/scan/*.txt; do
	VSSEXPLAIN_SIMD=scalar vssx scan $opts "$f" >"$tmp/scalar" 2>&1
	for isa in sse2 avx2 default; do
		if [ "$isa" = default ]; then
			vssx scan $opts "$f" >"$tmp/$isa" 2>&1
		else
			VSSEXPLAIN_SIMD=$isa vssx scan $opts "$f" >"$tmp/$isa" 2>&1
		fi
		cmp -s "$tmp/scalar" "$tmp/$isa" || { fail "$f: $isa differs from scalar"; diff "$tmp/scalar" "$tmp/$isa" | head -4 >&2; }
	done
	n=$((n + 1))
done
[ "$n" -ge 5 ] || fail "only $n inputs compared"
VSSEXPLAIN_SIMD=scalar vssx scan $opts "$tmp/offsets.log" >"$tmp/scalar" 2>&1
[ "$(grep -c '"code":"0x800423F3"' "$tmp/scalar")" -eq 64 ] || fail "not every 0x800423F3 of offsets.log found"
[ "$(grep -c '"form":"bare-hex"' "$tmp/scalar")" -eq 64 ] || fail "not every 80042306 of offsets.log found"
done_testing

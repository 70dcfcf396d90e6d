# evtx-writer.sh: the .evtx test files written by tests/evtx/mkevtx.py are
# read by two independent readers (libevtx's evtxexport and, when installed,
# python-evtx) with exactly the values written; the damaged variants are
# reported as damaged; the checked-in files are what make.sh writes.
. "$top_srcdir/tests/e2e/setup.sh"
command -v evtxexport >/dev/null 2>&1 || { echo "evtxexport missing (libevtx-utils)"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "python3 missing"; exit 77; }
evdir=$data/evtx
PYTHONDONTWRITEBYTECODE=1
export PYTHONDONTWRITEBYTECODE
check="python3 $top_srcdir/tests/evtx/checkevtx.py"
pyevtx=""
for p in /usr/bin/python3 python3; do
	if "$p" -c 'import Evtx.Evtx' 2>/dev/null; then pyevtx=$p; break; fi
done

sh "$evdir/make.sh" "$tmp" || fail "make.sh failed"
for f in basic two-chunks truncated bad-records-crc bad-chunk-header corrupt-file-header dirty not-evtx; do
	cmp -s "$tmp/$f.evtx" "$evdir/$f.evtx" || fail "$f.evtx differs from what make.sh writes"
done

# exports: every record with its values, in both readers
export_ok() { # NAME DESC [--records A-B]
	n=$1 desc=$2
	shift 2
	evtxexport -f xml "$tmp/$n.evtx" >"$tmp/$n.xml" 2>"$tmp/$n.err" || fail "evtxexport $n.evtx: $(tail -3 "$tmp/$n.err")"
	$check "$evdir/$desc.json" --evtxexport "$tmp/$n.xml" "$@" >"$tmp/$n.chk" 2>&1 ||
	    fail "evtxexport $n.evtx: $(head -5 "$tmp/$n.chk")"
	if [ -n "$pyevtx" ]; then
		"$pyevtx" "$top_srcdir/tests/evtx/checkevtx.py" "$evdir/$desc.json" --python-evtx "$tmp/$n.evtx" "$@" \
		    >"$tmp/$n.pchk" 2>&1 || fail "python-evtx $n.evtx: $(head -5 "$tmp/$n.pchk")"
	fi
}
export_ok basic basic
export_ok two-chunks two-chunks
export_ok dirty basic
export_ok corrupt-file-header two-chunks
export_ok bad-records-crc two-chunks

# the checker itself catches a wrong value
sed 's/0x8078011e/0x8078011f/' "$evdir/basic.json" >"$tmp/wrong.json"
if $check "$tmp/wrong.json" --evtxexport "$tmp/basic.xml" >"$tmp/wrong.out" 2>&1; then
	fail "checkevtx.py accepted a wrong HRESULT"
fi
expect_grep 'record 2: EventData' "$tmp/wrong.out"

# a few values straight from evtxexport's XML
expect_grep '<EventID Qualifiers="0">8193</EventID>' "$tmp/basic.xml"
expect_grep '<TimeCreated SystemTime="2024-05-14T02:13:09.412345600Z"/>' "$tmp/basic.xml"
expect_grep '<Binary>2D20436F6465</Binary>' "$tmp/basic.xml"
expect_grep '<Data Name="Flags">0x000000ff</Data>' "$tmp/basic.xml"
expect_grep 'EventSourceName="Software Protection Platform Service"' "$tmp/basic.xml"
[ "$(grep -c '<Event ' "$tmp/two-chunks.xml")" = 180 ] || fail "two-chunks: wanted 180 events"

# damage as the reader sees it
expect_status 0 evtxinfo "$tmp/two-chunks.evtx"
expect_no_grep 'Is corrupted' "$tmp/out"
for f in truncated bad-records-crc corrupt-file-header; do
	expect_status 0 evtxinfo "$tmp/$f.evtx"
	expect_grep 'Is corrupted' "$tmp/out"
done
expect_status 0 evtxinfo "$tmp/dirty.evtx"
expect_grep 'Is dirty' "$tmp/out"
# truncated inside chunk 2: the first chunk's 100 records are whole
export_ok truncated two-chunks --records 1001-1100
expect_status 1 evtxexport -f xml "$tmp/bad-chunk-header.evtx"
expect_grep 'invalid free space offset' "$tmp/err"
expect_status 1 evtxexport -f xml "$tmp/not-evtx.evtx"
expect_grep 'unable to read file header' "$tmp/err"

# the sample is what its generator writes, and both readers read all 33 records
python3 "$top_srcdir/tests/evtx/gen-vss-failures-evtx.py" "$tmp/vf.evtx" || fail "gen-vss-failures-evtx.py failed"
cmp -s "$tmp/vf.evtx" "$samples/vss-failures.evtx" || fail "samples/vss-failures.evtx differs from what its generator writes"
expect_status 0 evtxexport -f xml "$samples/vss-failures.evtx"
[ "$(grep -c '<Event ' "$tmp/out")" = 33 ] || fail "vss-failures.evtx: wanted 33 events"
expect_grep '<EventID Qualifiers="49158">36</EventID>' "$tmp/out"

done_testing

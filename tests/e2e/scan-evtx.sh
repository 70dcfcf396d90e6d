# scan-evtx.sh: binary event logs (.evtx) give the same findings as a scan of
# evtxexport's XML of the same file (every .evtx under tests/ and samples/,
# with and without --all-codes, and with the prefilter off); .evtx.gz,
# standard input and -r over a folder of logs; damaged files keep their good
# records, say "file: chunk N / record R: what" and exit 2.
. "$top_srcdir/tests/e2e/setup.sh"
command -v evtxexport >/dev/null 2>&1 || { echo "evtxexport (libevtx-utils) is not installed"; exit 77; }

# the findings of a jsonl scan without what differs by input kind
norm() {
	python3 -c '
import json, sys
for l in open(sys.argv[1]):
    d = json.loads(l)
    for k in ("path", "line", "offset", "text"):
        d.pop(k, None)
    print(json.dumps(d, sort_keys=True))' "$1" | sort
}

files=$(find "$top_srcdir/tests" "$top_srcdir/samples" -name '*.evtx' | sort)
[ -n "$files" ] || fail "no .evtx under tests/ or samples/"
n=0
for f in $files; do
	# damaged files (status 2) are read further than evtxexport reads them:
	# they are tested below
	vssx scan "$f" >/dev/null 2>&1
	[ $? -eq 2 ] && continue
	evtxexport -f xml "$f" > "$tmp/x.xml" 2>/dev/null || fail "evtxexport cannot read $f"
	for opt in "" --all-codes; do
		vssx scan $opt --format jsonl "$tmp/x.xml" > "$tmp/want.jsonl" 2>/dev/null
		vssx scan $opt --format jsonl "$f" > "$tmp/got.jsonl" 2>/dev/null
		norm "$tmp/want.jsonl" > "$tmp/want"
		norm "$tmp/got.jsonl" > "$tmp/got"
		expect_same "$tmp/want" "$tmp/got"
		VSSEXPLAIN_PARSE_ALL=1 vssx scan $opt --format jsonl "$f" > "$tmp/all.jsonl" 2>/dev/null
		norm "$tmp/all.jsonl" > "$tmp/all"
		expect_same "$tmp/got" "$tmp/all"
		n=$((n + $(wc -l < "$tmp/got")))
	done
done
[ "$n" -gt 0 ] || fail "no finding at all in the .evtx files: the comparison proves nothing"

# every test file, damaged or not, public or written: an answer (0, 1 or 2)
# within 20 s, never a crash; the damaged public ones say what and where
for f in $files; do
	timeout 20 "$VSSEXPLAIN" scan --all-codes --format jsonl "$f" >/dev/null 2>"$tmp/err"
	st=$?
	case $st in 0|1|2) ;; *) fail "$f: exit status $st" ;; esac
done
expect_status 2 vssx scan --all-codes "$top_srcdir/tests/data/evtx/MSExchange_Management_wec.evtx"
expect_grep 'MSExchange_Management_wec\.evtx: chunk 0 / record 1: ' "$tmp/err"
expect_status 2 vssx scan --all-codes "$top_srcdir/tests/data/evtx/sample_with_a_bad_chunk_magic.evtx"
expect_grep 'sample_with_a_bad_chunk_magic\.evtx: chunk 0: event records checksum mismatch' "$tmp/err"

real=$top_srcdir/tests/data/evtx/2-vss_7-System.evtx
vssx scan --all-codes --format jsonl "$real" > "$tmp/plain.jsonl" 2>/dev/null
norm "$tmp/plain.jsonl" > "$tmp/plain"
# findings carry the record: source file#record in the text report
expect_grep '"record_id":363' "$tmp/plain.jsonl"
expect_status 1 vssx scan --all-codes "$real"
expect_grep '2-vss_7-System\.evtx#363' "$tmp/out"
# the fragments libevtx cannot read back are a notice, not an error
expect_status 1 vssx scan --all-codes --format jsonl "$real"
expect_grep 'notice: .*25 of 25 records left in free space' "$tmp/err"

# compressed, from standard input, under -r
gzip -c "$real" > "$tmp/System.evtx.gz"
vssx scan --all-codes --format jsonl "$tmp/System.evtx.gz" > "$tmp/gz.jsonl" 2>/dev/null
norm "$tmp/gz.jsonl" > "$tmp/gz"
expect_same "$tmp/plain" "$tmp/gz"
vssx scan --all-codes --format jsonl - < "$real" > "$tmp/stdin.jsonl" 2>/dev/null
norm "$tmp/stdin.jsonl" > "$tmp/stdin"
expect_same "$tmp/plain" "$tmp/stdin"
mkdir -p "$tmp/winevt/Logs"
cp "$real" "$tmp/winevt/Logs/System.evtx"
cp "$real" "$tmp/winevt/Logs/Application.evtx"
expect_status 1 vssx scan -r --all-codes --format jsonl "$tmp/winevt"
[ "$(grep -c '"code"' "$tmp/out")" = $((2 * $(wc -l < "$tmp/plain"))) ] ||
    fail "-r over two copies: wanted twice the findings"

# cron: --state remembers an .evtx by its record ids, so a log Windows keeps
# overwriting (circular logging) reports each failure once
cp "$real" "$tmp/cron.evtx"
expect_status 1 vssx scan --all-codes --format jsonl --state "$tmp/state.json" "$tmp/cron.evtx"
[ "$(grep -c '"code"' "$tmp/out")" = "$(wc -l < "$tmp/plain")" ] || fail "first cron run: wanted every finding"
expect_status 0 vssx scan --all-codes --format jsonl --state "$tmp/state.json" "$tmp/cron.evtx"
[ "$(grep -c '"code"' "$tmp/out")" = 0 ] || fail "second cron run: the same records reported again"

# damage: python writes the damaged copies
damage() {	# damage OUT HOW
	python3 - "$real" "$1" "$2" <<'PY'
import struct, sys, zlib
src, out, how = sys.argv[1:]
b = bytearray(open(src, "rb").read())
C = lambda n: 4096 + n * 65536
if how == "cut":          # the file ends inside chunk 3
    b = b[:C(3) + 20000]
elif how == "records":    # a byte of chunk 2's records changed: its checksum fails
    b[C(2) + 3000] ^= 0x55
elif how == "header":     # the file header's checksum fails
    b[60] ^= 0xff
elif how == "chunkhdr":   # chunk 1's free space offset out of range
    struct.pack_into("<I", b, C(1) + 48, 0x7fffffff)
elif how == "notevtx":
    b = bytearray(b"this is not an event log\n" * 10)
open(out, "wb").write(b)
PY
}
damage "$tmp/cut.evtx" cut
expect_status 2 vssx scan --all-codes --format jsonl "$tmp/cut.evtx"
expect_grep '^vssexplain: .*cut\.evtx: chunk 3: the file ends inside the chunk \(20000 of 65536 bytes\)' "$tmp/err"
expect_grep '"record_id":58,' "$tmp/out"	# in chunk 0: still found

damage "$tmp/records.evtx" records
expect_status 2 vssx scan --all-codes --format jsonl "$tmp/records.evtx"
expect_grep '^vssexplain: .*records\.evtx: chunk 2: event records checksum mismatch' "$tmp/err"
expect_grep '"record_id":58,' "$tmp/out"

damage "$tmp/header.evtx" header
expect_status 2 vssx scan --all-codes --format jsonl "$tmp/header.evtx"
expect_grep '^vssexplain: .*header\.evtx: file header: checksum mismatch' "$tmp/err"
norm "$tmp/out" > "$tmp/header"
expect_same "$tmp/plain" "$tmp/header"

damage "$tmp/chunkhdr.evtx" chunkhdr
expect_status 2 vssx scan --all-codes --format jsonl "$tmp/chunkhdr.evtx"
expect_grep '^vssexplain: .*chunkhdr\.evtx: chunk 1: damaged chunk header \(free space offset out of range\): the chunk is skipped' "$tmp/err"
expect_grep '"record_id":58,' "$tmp/out"

damage "$tmp/not.evtx" notevtx
expect_status 2 vssx scan "$tmp/not.evtx"
expect_grep 'not\.evtx: not an EVTX file' "$tmp/err"
# a file header and nothing after it: a log cut off in its first chunk
head -c 4096 "$real" > "$tmp/header-only.evtx"
expect_status 2 vssx scan "$tmp/header-only.evtx"
expect_grep 'header-only\.evtx: chunk 0: the file ends inside the chunk \(0 of 65536 bytes\)' "$tmp/err"
: > "$tmp/empty.evtx"
expect_status 2 vssx scan "$tmp/empty.evtx" "$real"
expect_grep 'empty\.evtx: not an EVTX file' "$tmp/err"
done_testing

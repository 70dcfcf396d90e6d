# scan-module.sh: libxml2, libevtx and the xz, bzip2 and zstd decoders are in
# the readers module, loaded only when an input needs them: the program does
# not link their libraries, and when the
# module cannot be loaded, each input that needs it is an error naming the
# file, the module and why (status 2), and the other inputs are scanned.
. "$top_srcdir/tests/e2e/setup.sh"

# no libxml2 (nor ICU), libevtx, liblzma, libzstd or libbz2 to load at each
# start; gzip (zlib) is common enough to stay the program's
if command -v readelf >/dev/null 2>&1; then
	readelf -d "$VSSEXPLAIN" > "$tmp/dyn" || fail "readelf -d $VSSEXPLAIN"
	expect_grep 'NEEDED.*libpcre2' "$tmp/dyn"
	expect_grep 'NEEDED.*libz\.' "$tmp/dyn"
	expect_no_grep 'NEEDED.*(libxml2|libicu|libevtx|libbfio|liblzma|libzstd|libbz2)' "$tmp/dyn"
fi

# explain and rules never need the module
module_dir=${VSSEXPLAIN_MODULE_DIR-}
mkdir "$tmp/none"
VSSEXPLAIN_MODULE_DIR=$tmp/none
export VSSEXPLAIN_MODULE_DIR
expect_status 0 vssx explain 0x800423F3
expect_grep 'VSS_E_WRITERERROR_TIMEOUT|0x800423F3' "$tmp/out"

# an .evtx file, an XML event only libxml2 reads (CDATA), a text log
evtx=$samples/vss-failures.evtx
xml=$data/events/cdata.xml
log=$samples/backup-job.log
expect_status 2 vssx scan --format jsonl "$evtx" "$xml" "$log"
expect_grep "^vssexplain: $evtx: cannot read \\.evtx files: cannot load the module $tmp/none/readers\\.so: .*No such file" "$tmp/err"
expect_grep "^vssexplain: $xml:1:1: this event needs the full XML parser: cannot load the module $tmp/none/readers\\.so: " "$tmp/err"
vssx scan --format jsonl "$log" > "$tmp/log.jsonl" 2>"$tmp/log.err"
expect_no_grep . "$tmp/log.err"
[ -s "$tmp/log.jsonl" ] || fail "no findings in $log"
expect_same "$tmp/log.jsonl" "$tmp/out"

# a rotated log compressed with xz, bzip2 or zstd needs the module's
# decoders; gzip does not
for z in xz:.xz bzip2:.bz2 zstd:.zst; do
	command -v "${z%%:*}" >/dev/null 2>&1 || continue
	packed=$tmp/backup-job.log${z#*:}
	"${z%%:*}" -c < "$log" > "$packed" || fail "${z%%:*} $log"
	expect_status 2 vssx scan --format jsonl "$packed" "$log"
	expect_grep "^vssexplain: $packed: cannot decompress ${z%%:*} data: cannot load the module $tmp/none/readers\\.so: .*No such file" "$tmp/err"
	expect_same "$tmp/log.jsonl" "$tmp/out"
	set -- "$@" "$packed"
done
gzip -c < "$log" > "$tmp/backup-job.log.gz"
vssx scan --format jsonl "$tmp/backup-job.log.gz" > "$tmp/gz.jsonl" 2>"$tmp/gz.err"
expect_no_grep . "$tmp/gz.err"
[ -s "$tmp/gz.jsonl" ] || fail "no findings in a gzip'ed log without the module"

# a file that is no module
echo 'not a shared object' > "$tmp/none/readers.so"
expect_status 2 vssx scan --format jsonl "$evtx" "$log"
expect_grep "^vssexplain: $evtx: cannot read \\.evtx files: cannot load the module $tmp/none/readers\\.so: " "$tmp/err"
expect_same "$tmp/log.jsonl" "$tmp/out"

# with the module (the build tree's, or $VSSEXPLAIN_MODULE_DIR's), the same inputs read
if [ -n "$module_dir" ]; then VSSEXPLAIN_MODULE_DIR=$module_dir; else unset VSSEXPLAIN_MODULE_DIR; fi
expect_status 1 vssx scan --format jsonl "$evtx" "$xml" "$log"
expect_no_grep 'module' "$tmp/err"
vssx scan --format jsonl "$evtx" > "$tmp/evtx.jsonl" 2>/dev/null
[ -s "$tmp/evtx.jsonl" ] || fail "no findings in $evtx with the module"
for packed in "$@"; do
	expect_status 1 vssx scan --format jsonl "$packed"
	expect_no_grep . "$tmp/err"
	[ -s "$tmp/out" ] || fail "no findings in $packed with the module"
done

done_testing

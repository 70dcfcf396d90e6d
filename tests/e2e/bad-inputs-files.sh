# bad-inputs-files.sh: inputs that are empty, binary, full of NUL bytes,
# badly encoded, huge or hostile, inputs that are not files, and outputs that
# cannot be written: vssexplain never crashes or hangs, says what was wrong,
# and its exit status says it (doc/bad-inputs.md lists them all).
. "$top_srcdir/tests/e2e/setup.sh"
opts="--format jsonl --at 2024-05-15T00:00:00Z"
cd "$tmp" || exit 99
code='hr = 0x80042306'
printf '%s\n' "$code" >good.log

# An empty file: read, nothing found, status 0; the report counts it.
: >empty.log
expect_status 0 vssx scan $opts empty.log
[ -s "$tmp/out" ] && fail "findings in an empty file"
expect_status 0 vssx scan --format json empty.log
expect_grep '"path": *"empty.log"' "$tmp/out"

# Binary garbage (64 KiB, fixed seed) named on the command line: read as
# text, no crash; under -r it is skipped with a notice.
python3 -c 'import random, sys; random.seed(7)
sys.stdout.buffer.write(bytes(random.randrange(256) for _ in range(65536)))' >garbage.bin
vssx scan $opts garbage.bin >"$tmp/out" 2>"$tmp/err"
case $? in 0|1) ;; *) fail "binary garbage: exit status not 0 or 1" ;; esac
mkdir tree && cp garbage.bin tree/ && printf '%s\n' "$code" >tree/a.log
expect_status 1 vssx scan $opts -r tree
expect_grep 'garbage\.bin: skipped: binary data' "$tmp/err"

# NUL bytes around and between codes: each code is found on its line.
printf 'a\000b hr = 0x80042306 \000\000\nx\000\000\000 hr = 0x8004230f\n' >nul.log
expect_status 1 vssx scan $opts nul.log
expect_grep '"code":"0x80042306".*"line":1,' "$tmp/out"
expect_grep '"code":"0x8004230F".*"line":2,' "$tmp/out"
# nothing but NUL bytes (a preallocated log): no finding, no error
head -c 100000 /dev/zero >zeros.log
expect_status 0 vssx scan $opts zeros.log

# Invalid UTF-8 (a lone continuation byte, an overlong form, a UTF-16
# surrogate in UTF-8, a stray 0xFF): passed through, the code still found.
printf 'x \200 \300\257 \355\240\200 \377 %s\n' "$code" >bad-utf8.log
expect_status 1 vssx scan $opts bad-utf8.log
expect_grep '"code":"0x80042306"' "$tmp/out"

# A gzip bomb: 1 GiB of zeros in 64 gzip members of 1 MiB in all.  Reading
# stops at 256 MiB (1000 times the compressed size), with a message naming
# the file; status 2, in seconds.
head -c 16777216 /dev/zero | gzip -9 >z16.gz
i=0
while [ $i -lt 64 ]; do cat z16.gz; i=$((i + 1)); done >bomb.gz
timeout 60 "$VSSEXPLAIN" scan $opts bomb.gz >"$tmp/out" 2>"$tmp/err"
st=$?
[ "$st" = 2 ] || fail "gzip bomb: exit status $st, wanted 2"
expect_grep 'bomb\.gz: gzip data expands more than 1000 times \(over 256 MiB\)' "$tmp/err"
rm -f z16.gz bomb.gz

# A 1 GiB line, through a pipe: the codes after it are found at the right
# offset, in memory of a few MiB.  Skipped under a wrapper such as valgrind.
if [ -z "${VSSEXPLAIN_WRAPPER:-}" ]; then
	{ head -c 1073741824 /dev/zero | tr '\000' x; printf ' %s\nnext hr = 0x8004230f\n' "$code"; } |
	    timeout 300 "$VSSEXPLAIN" scan $opts - >"$tmp/out" 2>"$tmp/err"
	st=$?
	[ "$st" = 1 ] || fail "1 GiB line: exit status $st, wanted 1"
	expect_grep '"code":"0x80042306".*"line":1,"offset":1073741830,' "$tmp/out"
	expect_grep '"code":"0x8004230F".*"line":2,' "$tmp/out"
fi

# A FIFO named on the command line is read; under -r it is skipped.  A
# device is never read: named, it is an error.
mkfifo fifo
{ printf '%s\n' "$code" >fifo & } 2>/dev/null
timeout 20 "$VSSEXPLAIN" scan $opts fifo >"$tmp/out" 2>"$tmp/err"
st=$?
[ "$st" = 1 ] || fail "FIFO: exit status $st, wanted 1"
expect_grep '"path":"fifo"' "$tmp/out"
mkdir pipes && mkfifo pipes/p && printf '%s\n' "$code" >pipes/a.log
expect_status 1 timeout 20 "$VSSEXPLAIN" scan $opts -r pipes
expect_grep 'pipes/p: skipped: not a regular file' "$tmp/err"
expect_status 2 timeout 20 "$VSSEXPLAIN" scan $opts /dev/zero
expect_grep '/dev/zero: skipped: not a regular file' "$tmp/err"

# An unreadable file, when root can drop to nobody (scan-errors.sh does it
# for other users): named in a message, the other input still read, status 2.
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null 2>&1 && chmod 755 "$tmp" &&
    setpriv --reuid=65534 --regid=65534 --clear-groups "$VSSEXPLAIN" explain 5 \
    >/dev/null 2>&1; then
	mkdir -m 755 ro && cp good.log ro/ && printf '%s\n' "$code" >ro/locked.log &&
	    chmod 600 ro/locked.log && chmod 644 ro/good.log
	expect_status 2 setpriv --reuid=65534 --regid=65534 --clear-groups \
	    "$VSSEXPLAIN" scan $opts ro/locked.log ro/good.log
	expect_grep 'cannot open ro/locked\.log: Permission denied' "$tmp/err"
	expect_grep '"path":"ro/good.log"' "$tmp/out"
fi

# A full disk: the report on /dev/full is an error (status 2), in every format.
for fmt in text json jsonl csv; do
	vssx scan --format "$fmt" good.log >/dev/full 2>"$tmp/err"
	st=$?
	[ "$st" = 2 ] || fail "report on /dev/full ($fmt): exit status $st, wanted 2"
	expect_grep 'error writing the report' "$tmp/err"
done
# ...and on a full file system (a tiny tmpfs, when this may mount one), the
# report given by --output and the state: status 2, the message says why,
# the old report is left as it was and no temporary file stays.
mkdir full
if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=16k tmpfs full 2>/dev/null; then
	echo old >full/report.txt
	dd if=/dev/zero of=full/fill bs=1024 count=64 2>/dev/null
	expect_status 2 vssx scan --output full/report.txt good.log
	expect_grep 'cannot write full/report\.txt: No space left on device' "$tmp/err"
	[ "$(cat full/report.txt)" = old ] || fail "the old report was damaged"
	expect_status 2 vssx scan --state full/state.json good.log
	expect_grep 'cannot write state file full/state\.json: No space left on device' "$tmp/err"
	[ -e full/state.json ] && fail "a state was written on a full disk"
	ls full | grep -Ev '^(fill|report\.txt|state\.json\.lock)$' >"$tmp/left" &&
	    fail "temporary files left on the full disk: $(cat "$tmp/left")"
	umount full
fi

# Corrupt state files: each an error (status 2) that names the file and
# says --reset-state, never a rescan and never a crash.
printf '\000\001\002' >st-binary.json
: >st-empty.json
printf '{"state_version": 1, "files": [{"path": "x", "dev": 1' >st-cut.json
printf '{"state_version": 99, "files": []}' >st-version.json
printf '{"state_version": 1, "files": [{"path": "x", "dev": -1}]}' >st-negative.json
printf '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[' >st-deep.json
for s in st-binary st-empty st-cut st-version st-negative st-deep; do
	cp "$s.json" "$s.orig"
	expect_status 2 vssx scan $opts --state "$s.json" good.log
	expect_grep "$s\\.json.*(corrupt|reset-state)" "$tmp/err"
	[ -s "$tmp/out" ] && fail "$s: findings reported from a corrupt state"
	cmp -s "$s.json" "$s.orig" || fail "$s: the corrupt state was overwritten"
done

# Corrupt rules files (rules-broken.sh has one per kind of mistake): binary
# garbage and an empty file as an extra rules directory.
mkdir rules-garbage rules-void
cp garbage.bin rules-garbage/x.rules
: >rules-void/x.rules
expect_status 2 vssx --rules rules-garbage explain 0x800423F3
expect_grep 'rules-garbage/x\.rules:[0-9]+: ' "$tmp/err"
expect_status 0 vssx --rules rules-void explain 0x800423F3

# Corrupt reports given to merge: each named, the good one still merged,
# status 2.
vssx scan --format json --at 2024-05-15T00:00:00Z good.log >good.json
: >r-empty.json
cp garbage.bin r-garbage.json
printf '{"schema_version": 1, "groups": [{"codes": [' >r-cut.json
printf '{"schema_version": 2, "groups": []}' >r-version.json
printf '[1, 2, 3]' >r-array.json
for r in r-empty r-garbage r-cut r-version r-array; do
	expect_status 2 vssx merge --format json "$r.json" good.json
	expect_grep "$r\.json: not (JSON|a vssexplain JSON report)" "$tmp/err"
	expect_grep '"code": *"0x80042306"' "$tmp/out"
done

# Counts a report cannot hold (found by fuzz_merge: summing them overflowed):
# negative, or over 2^40 findings for one code, are refused with the code
# named; counts just within the bound are summed without wrapping.
big=9223372036854775807
printf '{"schema_version": 1, "groups": [{"guidance": "fix", "codes": [{"code": "0x80070005", "count": %s}]}]}' \
    "$big" >r-count.json
printf '{"schema_version": 1, "groups": [{"guidance": "fix", "codes": [{"code": "0x80070005", "count": 1, "more_sources": -1}]}]}' \
    >r-more.json
for r in r-count r-more; do
	expect_status 2 vssx merge --format json "$r.json" good.json
	expect_grep "$r\.json: groups\[0\]\.codes\[0\]\.(count|more_sources): -?[0-9]+ is not a whole number from 0 to 1099511627776" "$tmp/err"
	expect_grep '"code": *"0x80042306"' "$tmp/out"
done
# Numbers out of range anywhere in a report: a float (1e400, 2^62 written
# 4.611686018427388e18, 1.5), a negative one, a string, one beyond 64 bits;
# in a count, a host's count, a chain's untimed failures, an input's bytes
# and lines, the retry window.  Each refuses its report, named with the JSON
# path of the number; the good report is still merged.
for v in 1e400 4.611686018427388e18 -5 1.5 '"12"' 99999999999999999999; do
	printf '{"schema_version": 1, "groups": [{"guidance": "fix", "codes": [{"code": "0x80070005", "count": %s}]}]}' \
	    "$v" >n-count.json
	printf '{"schema_version": 1, "groups": [{"guidance": "fix", "codes": [{"code": "0x80070005", "count": 1, "hosts": ["h"], "host_counts": {"h": %s}}]}]}' \
	    "$v" >n-host.json
	printf '{"schema_version": 1, "groups": [{"guidance": "transient", "codes": [{"code": "0x800423F3", "retry_chains": [{"class": "transient", "untimed_failures": %s}]}]}]}' \
	    "$v" >n-chain.json
	printf '{"schema_version": 1, "inputs": [{"path": "a"}, {"path": "x", "bytes": %s}], "groups": []}' \
	    "$v" >n-bytes.json
	printf '{"schema_version": 1, "inputs": [{"path": "x", "lines": %s}], "groups": []}' \
	    "$v" >n-lines.json
	printf '{"schema_version": 1, "retry_window_minutes": %s, "groups": []}' "$v" >n-window.json
	for r in count:'groups\[0\]\.codes\[0\]\.count' \
	    host:'groups\[0\]\.codes\[0\]\.host_counts\.h' \
	    chain:'groups\[0\]\.codes\[0\]\.retry_chains\[0\]\.untimed_failures' \
	    bytes:'inputs\[1\]\.bytes' lines:'inputs\[0\]\.lines' window:'retry_window_minutes'; do
		expect_status 2 vssx merge --format json "n-${r%%:*}.json" good.json
		expect_grep "^vssexplain: n-${r%%:*}\.json: ${r#*:}: .* is not a whole number from 0 to [0-9]+$" "$tmp/err"
		expect_grep '"code": *"0x80042306"' "$tmp/out"
		expect_no_grep '"path": *"x"' "$tmp/out"
	done
done
# at the bounds: accepted
printf '{"schema_version": 1, "retry_window_minutes": 100000000, "inputs": [{"path": "x", "bytes": 4611686018427387904, "lines": 0}], "groups": []}' >n-edge.json
expect_status 1 vssx merge --format json n-edge.json good.json
expect_grep '"bytes": 4611686018427387904' "$tmp/out"
printf '{"schema_version": 1, "groups": [{"guidance": "fix", "codes": [{"code": "0x80070005", "count": 1099511627776}]}]}' \
    >r-max.json
expect_status 1 vssx merge --format json r-max.json r-max.json r-max.json
expect_grep '"findings": 3298534883328,' "$tmp/out"

# Ages and durations too large for any date (found by fuzz_state, which
# reads such ages in state files): usage errors, not overflows.
expect_status 2 vssx scan --since 9223372036854775807m good.log
expect_grep 'since' "$tmp/err"
expect_status 2 vssx scan --retry-window 999999999999999d good.log
expect_grep 'retry-window' "$tmp/err"

done_testing

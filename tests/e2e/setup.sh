# setup.sh: sourced by every end-to-end test.  Points at the built binary,
# makes a private temporary directory and removes it at exit, and offers a
# few assertions.  Run one test by hand with:
#   top_srcdir=$PWD VSSEXPLAIN=$PWD/vssexplain sh tests/e2e/NAME.sh
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${VSSEXPLAIN:=$top_srcdir/vssexplain}"
LC_ALL=C
export LC_ALL
unset VSSEXPLAIN_RULES
TZ=UTC
export TZ
samples=$top_srcdir/samples
data=$top_srcdir/tests/data
tmp=$(mktemp -d "${TMPDIR:-/tmp}/vssx-e2e.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
# The compiled rules cache goes to the test's own directory, never to $HOME.
VSSEXPLAIN_CACHE_DIR=$tmp/cache
export VSSEXPLAIN_CACHE_DIR
failures=0

# VSSEXPLAIN_WRAPPER: a command put before the binary in vssx, split at blanks,
# such as "valgrind -q --leak-check=full --error-exitcode=99".  Its status 99
# fails the test, whatever vssx's caller does with the status.
vssx() {
	${VSSEXPLAIN_WRAPPER:+$VSSEXPLAIN_WRAPPER} "$VSSEXPLAIN" "$@"
	_st=$?
	if [ "$_st" -eq 99 ] && [ -n "${VSSEXPLAIN_WRAPPER:-}" ]; then
		echo "$VSSEXPLAIN_WRAPPER: errors in: vssexplain $*" >>"$tmp/.wrapper-errors"
	fi
	return "$_st"
}

fail() {
	echo "FAIL: $*" >&2
	failures=$((failures + 1))
}

# expect_status WANT CMD...: runs CMD, output to $tmp/out and $tmp/err.
expect_status() {
	want=$1
	shift
	"$@" >"$tmp/out" 2>"$tmp/err"
	got=$?
	if [ "$got" != "$want" ]; then
		fail "exit status $got, wanted $want: $*"
		sed 's/^/  stderr: /' "$tmp/err" | head -20 >&2
	fi
}

# expect_grep PATTERN FILE: an extended regular expression must match.
expect_grep() {
	grep -Eq -- "$1" "$2" || fail "no match for /$1/ in $2: $(head -c 600 "$2")"
}

expect_no_grep() {
	if grep -Eq -- "$1" "$2"; then
		fail "unexpected match for /$1/ in $2: $(grep -E -- "$1" "$2" | head -3)"
	fi
}

# expect_same EXPECTED ACTUAL: files must be identical.
expect_same() {
	if ! cmp -s "$1" "$2"; then
		fail "$2 differs from $1"
		diff -u "$1" "$2" | head -40 >&2
	fi
}

# same_as_full_parse FILE [VAR=VALUE...]: a scan of the event export FILE
# (with the VARs set) gives the output, messages and status of the full
# libxml2 parse of every event, the reference, which runs without the wrapper.
# The outputs are left in $tmp/got.* and $tmp/full.*.
same_as_full_parse() {
	_f=$1
	shift
	(for _a in "$@"; do export "${_a?}"; done
	 vssx scan --format jsonl --tz UTC "$_f") >"$tmp/got.out" 2>"$tmp/got.err"
	_gst=$?
	VSSEXPLAIN_PARSE_ALL=1 VSSEXPLAIN_PARSE_SLOW=1 "$VSSEXPLAIN" scan --format jsonl --tz UTC \
	    "$_f" >"$tmp/full.out" 2>"$tmp/full.err"
	_fst=$?
	[ "$_gst" = "$_fst" ] || fail "$_f: exit status $_gst, the full parse's $_fst"
	expect_same "$tmp/full.out" "$tmp/got.out"
	expect_same "$tmp/full.err" "$tmp/got.err"
}

# retryable TIME HOST WRITER: VSS_E_WRITERERROR_RETRYABLE (0x800423F3) as
# rsyslog forwards the event; TIME is ISO 8601 or syslog's "May 14 10:00:00".
retryable() {
	printf '%s %s VSS[2412]: 8229: A VSS writer has rejected an event with error 0x800423f3, The writer experienced a transient error. Operation: PrepareForSnapshot Event Writer Name: %s\n' \
	    "$1" "$2" "$3"
}

# mixed_log [TIME HOST WRITER]: the hosts the report format tests share, on
# standard output: HOSTA's first try and three retries failed (20:00 to
# 21:00), HOSTB failed at 23:55 (then the retryable failure given, if any),
# and HOSTD has a code to fix and one to check; all on 2024-05-14.
mixed_log() {
	for t in 20:00 20:20 20:40 21:00; do
		retryable "2024-05-14T$t:00Z" HOSTA SqlServerWriter
	done
	retryable 2024-05-14T23:55:00Z HOSTB "WMI Writer"
	if [ $# -eq 3 ]; then
		retryable "$@"
	fi
	printf '2024-05-14T23:00:00Z HOSTD VSS[2412]: 12289: Volume Shadow Copy Service error: Unexpected error DeviceIoControl. hr = 0x80070005, Access is denied.\n'
	printf '2024-05-14T23:10:00Z HOSTD Backup[1]: backup failed with 0x80042302\n'
}

done_testing() {
	if [ -s "$tmp/.wrapper-errors" ]; then
		cat "$tmp/.wrapper-errors" >&2
		failures=$((failures + 1))
	fi
	if [ "$failures" -ne 0 ]; then
		echo "$failures failure(s) in $0" >&2
		exit 1
	fi
	exit 0
}

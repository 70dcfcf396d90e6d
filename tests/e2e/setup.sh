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

#!/bin/sh
# report-samples.sh: the grouped reports of the whole samples/ directory, in
# text, JSON and CSV, against the golden files beside the samples.  Refresh
# them after checking a change by hand:
#   REFRESH=1 top_srcdir=$PWD VSSEXPLAIN=$PWD/vssexplain sh tests/e2e/report-samples.sh
. "$top_srcdir/tests/e2e/setup.sh"
cd "$top_srcdir" || exit 99
opts="-r --exclude *.expected.* --exclude README --at 2024-05-15T00:00:00Z --color=never"
for f in text json csv; do
	want=samples/report.expected.$f
	vssx scan $opts --format "$f" samples >"$tmp/report.$f" 2>"$tmp/err"
	st=$?
	[ "$st" = 1 ] || fail "scan --format $f samples: exit status $st, wanted 1"
	# the tool's version is not part of what is compared
	sed '/"tool":/d' "$tmp/report.$f" >"$tmp/got.$f"
	if [ -n "${REFRESH:-}" ]; then
		cp "$tmp/got.$f" "$want"
		continue
	fi
	expect_same "$want" "$tmp/got.$f"
done
done_testing

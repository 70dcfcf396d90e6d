#!/bin/sh
# report-samples.sh: the grouped reports of the whole samples/ directory, in
# every format that writes a whole report (text, JSON, CSV, HTML, the one
# line, the Nagios check, Prometheus metrics), against the golden files
# beside the samples; and merge of the JSON report writes the same.  Refresh
# them after checking a change by hand:
#   REFRESH=1 top_srcdir=$PWD VSSEXPLAIN=$PWD/vssexplain sh tests/e2e/report-samples.sh
. "$top_srcdir/tests/e2e/setup.sh"
cd "$top_srcdir" || exit 99
opts="-r --exclude *.expected.* --exclude README --at 2024-05-15T00:00:00Z --color=never"
for f in text json csv html oneline nagios prometheus; do
	want=samples/report.expected.$f
	vssx scan $opts --format "$f" samples >"$tmp/report.$f" 2>"$tmp/err"
	st=$?
	# nagios: CRITICAL, as the samples hold codes of the class fix
	wst=1
	[ "$f" = nagios ] && wst=2
	[ "$st" = "$wst" ] || fail "scan --format $f samples: exit status $st, wanted $wst"
	# the tool's version is not part of what is compared
	sed '/"tool":/d' "$tmp/report.$f" >"$tmp/got.$f"
	if [ -n "${REFRESH:-}" ]; then
		cp "$tmp/got.$f" "$want"
		continue
	fi
	expect_same "$want" "$tmp/got.$f"
done
# merge reads the JSON report back into the same report in every format
for f in text html oneline nagios prometheus; do
	vssx merge --at 2024-05-15T00:00:00Z --color=never --format "$f" "$tmp/report.json" \
	    >"$tmp/merged.$f" 2>"$tmp/err"
	expect_same "$tmp/report.$f" "$tmp/merged.$f"
done
done_testing

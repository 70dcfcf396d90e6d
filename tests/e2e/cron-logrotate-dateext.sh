#!/bin/sh
# cron-logrotate-dateext.sh: cron runs over a log that the real logrotate
# rotates with dateext (Red Hat's default: app.log-YYYYMMDD, compressed),
# with the default and a custom dateformat: every failure line is reported
# exactly once.
. "$top_srcdir/tests/e2e/setup.sh"
. "$top_srcdir/tests/e2e/logrotate-sim.sh"

# logrotate makes one dated copy a day; to rotate many times a test day, each
# new copy is given an older date that no earlier one had (the days pass)
lr_day=0
lr_after_rotate() {
	for _f in app.log-"$(date +%Y%m%d)"*; do
		[ -e "$_f" ] || continue
		lr_day=$((lr_day + 1))
		mv "$_f" "app.log-$(printf '19%02d0101' "$lr_day")${_f#app.log-????????}"
	done
}
lr_simulate dateext 40 0 '	create
	dateext'
lr_day=0
lr_simulate dateext-compress 40 0 '	create
	dateext
	compress'
grep -q 'reading the rest of .*app\.log-19[0-9]*0101\.gz' "$lr_dir/notices" ||
    fail "dateext-compress: no dated gzip copy was finished"
lr_day=0
lr_simulate dateext-delaycompress 40 0 '	create
	dateext
	compress
	delaycompress'

# a custom dateformat with the time in seconds: real names, one rotation a
# second at most.  logrotate takes the time when it starts, which on a loaded
# machine can be a second after it was called, so the next rotation waits for
# a second later than the one the last logrotate ended in.  And 50 ms into
# it: logrotate reads the clock with time(), which on Linux is the coarse
# clock, behind date's by up to a tick; started just after the second turned,
# it could still take the last one (a CI run's "destination ... already exists").
lr_last=0
lr_after_rotate() { lr_last=$(date +%s); }
lr_before_rotate() {
	while [ "$(date +%s)" -le "$lr_last" ]; do sleep 0.1; done
	sleep 0.05
}
lr_simulate dateformat 24 0 '	create
	dateext
	dateformat -%Y%m%d-%s
	compress'
ls "$lr_dir" | grep -Eq '^app\.log-[0-9]{8}-[0-9]{10}\.gz$' ||
    fail "dateformat: no copy with the custom date name: $(ls "$lr_dir" | tr '\n' ' ')"
done_testing

#!/bin/sh
# cron-logrotate-kill.sh: cron runs, about a third of them killed with
# SIGKILL at random moments, over a log that the real logrotate rotates in
# several styles: every failure line is still reported at least once.
. "$top_srcdir/tests/e2e/setup.sh"
. "$top_srcdir/tests/e2e/logrotate-sim.sh"

lr_simulate kill-compress 40 1 '	create
	compress'
lr_simulate kill-delaycompress 40 1 '	create
	compress
	delaycompress'
lr_simulate kill-copytruncate 40 1 '	copytruncate
	compress'
lr_day=0
lr_after_rotate() {
	for _f in app.log-"$(date +%Y%m%d)"*; do
		[ -e "$_f" ] || continue
		lr_day=$((lr_day + 1))
		mv "$_f" "app.log-$(printf '19%02d0101' "$lr_day")${_f#app.log-????????}"
	done
}
lr_simulate kill-dateext 40 1 '	create
	dateext
	compress'
done_testing

#!/bin/sh
# cron-logrotate-stale.sh: cron runs over a log set that holds stale copies
# beside the new ones: copies older than the state (plain, gzip, xz, dated),
# every file starting with the same header line, and a switch from compress
# to nocompress that leaves old app.log.N.gz beside newer app.log.N.  The
# real logrotate rotates; every failure line is reported exactly once and no
# stale line ever.
. "$top_srcdir/tests/e2e/setup.sh"
. "$top_srcdir/tests/e2e/logrotate-sim.sh"

header='=== app.log opened by backupd 4.2 ==='
stale() {	# stale NAME FIRST-ID: a copy older than the state
	{
		[ -n "$header" ] && echo "$header"
		printf '2026-11-01 02:13:09 ERROR [VSS] snapshot failed, hr = 0x80042306 (seq %d)\n' \
		    "$2" "$(($2 + 1))"
	} > "$1"
}
set_up() {	# set_up NAME: the log (the header only) and its stale copies
	mkdir "$tmp/$1"
	[ -n "$header" ] && echo "$header" > "$tmp/$1/app.log"
	(cd "$tmp/$1" && stale app.log.1 900001 && stale app.log.2 900011 && gzip app.log.2 &&
	    stale app.log.3 900021 && xz app.log.3 && stale app.log-20200101 900031 &&
	    gzip app.log-20200101 && stale app.log-20200102 900041 && stale app.log.0 900051)
}
post="	postrotate
		echo '$header' >> $tmp/NAME/app.log
	endscript"

# half way through, compression is turned off: the .gz copies stay
lr_before_run() {
	[ "$1" = 20 ] && sed -i 's/^\tcompress$/\tnocompress/' lr.conf
	:
}
set_up mix
lr_simulate mix 40 0 "	create
	compress
	delaycompress
$(echo "$post" | sed "s/NAME/mix/")"
ls "$lr_dir" | grep -q '^app\.log\.4\.gz$' || fail "mix: no stale .gz copy was left"
ls "$lr_dir" | grep -q '^app\.log\.1$' || fail "mix: no plain copy beside them"
# the same without a header: an empty log has no start to tell it by
h=$header
header=
set_up mix-empty
lr_simulate mix-empty 40 0 "	create
	compress"
header=$h

# the same with copytruncate (no inode to tell the copy) and an empty log
lr_before_run() { :; }
set_up mix-copytruncate
lr_simulate mix-copytruncate 40 0 "	copytruncate
	compress
$(echo "$post" | sed "s/NAME/mix-copytruncate/")"

# dateext, compressed at once: the copies are told by their content only
set_up mix-dateext
lr_day=0
lr_after_rotate() {
	for _f in app.log-"$(date +%Y%m%d)"*; do
		[ -e "$_f" ] || continue
		lr_day=$((lr_day + 1))
		mv "$_f" "app.log-$(printf '20%02d0101' "$((lr_day + 20))")${_f#app.log-????????}"
	done
}
lr_simulate mix-dateext 40 0 "	create
	dateext
	compress
$(echo "$post" | sed "s/NAME/mix-dateext/")"

# a copy that cannot be read, and no other continues the log: an error
# naming it (exit 2), and a notice that lines may be missing
mkdir "$tmp/damaged" && cd "$tmp/damaged" || exit 99
printf '2026-12-02 02:13:09 ERROR [VSS] snapshot failed, hr = 0x80042306 (seq 1)\n' > app.log
expect_status 1 vssx scan --state st.json --format jsonl app.log
printf '2026-12-02 02:13:10 ERROR [VSS] snapshot failed, hr = 0x80042306 (seq 2)\n' >> app.log
gzip -c app.log | head -c 40 > app.log.1.gz
rm app.log
: > app.log
expect_status 2 vssx scan --state st.json --format jsonl app.log
expect_grep 'rotated copy of app.log not read: app.log.1.gz: truncated gzip data' "$tmp/err"
expect_grep 'no rotated copy of it was found' "$tmp/err"
done_testing

#!/bin/sh
# cron-logrotate.sh: cron runs over a log that the real logrotate rotates in
# its common styles (create, compress, delaycompress, copytruncate, no
# create): every failure line is reported exactly once.
. "$top_srcdir/tests/e2e/setup.sh"
. "$top_srcdir/tests/e2e/logrotate-sim.sh"

lr_simulate create 40 0 '	create'
lr_simulate compress 40 0 '	create
	compress'
grep -q 'reading the rest of .*app\.log\.1\.gz' "$lr_dir/notices" ||
    fail "compress: no gzip copy was finished"
lr_simulate delaycompress 40 0 '	create
	compress
	delaycompress'
lr_simulate nocreate 40 0 '	nocreate
	compress'
lr_simulate copytruncate 40 0 '	copytruncate'
grep -q 'copytruncate' "$lr_dir/notices" || fail "copytruncate: no truncation was seen"
lr_simulate copytruncate-compress 40 0 '	copytruncate
	compress'
done_testing

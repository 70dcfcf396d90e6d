#!/bin/sh
# cron-logrotate-olddir.sh: cron runs over a log that the real logrotate
# rotates into another directory (olddir, found with --rotated-dir, which
# the state remembers) and compresses with xz, bzip2 and zstd (compresscmd):
# every failure line is reported exactly once.
. "$top_srcdir/tests/e2e/setup.sh"
. "$top_srcdir/tests/e2e/logrotate-sim.sh"

mkdir "$tmp/olddir" "$tmp/olddir/old"
lr_simulate olddir 40 0 '	create
	olddir old
	compress
	delaycompress' --rotated-dir old
ls "$lr_dir/old" | grep -q '^app\.log\.2\.gz$' || fail "olddir: no copy in old/"
grep -q 'reading the rest of .*old/app\.log\.1' "$lr_dir/notices" ||
    fail "olddir: no copy in old/ was finished"

# given once, the directory is remembered in the state
mkdir "$tmp/olddir-once" "$tmp/olddir-once/archive"
lr_once="--rotated-dir $tmp/olddir-once/archive"
lr_simulate olddir-once 30 0 "	create
	olddir $tmp/olddir-once/archive
	compress"
lr_once=
grep -q '"rotated_dirs"' "$lr_dir/st.json" || fail "olddir-once: no rotated_dirs in the state"

# without it the copies are not found: lines are missing, and a notice says so
mkdir "$tmp/olddir-none" "$tmp/olddir-none/old"
before=$failures
lr_simulate olddir-none 30 0 '	create
	olddir old' 2>/dev/null
failures=$before	# lines lost were wanted here
[ "$lr_lost" -gt 0 ] || fail "olddir-none: nothing lost without --rotated-dir"
grep -q 'no rotated copy of it was found' "$lr_dir/notices" ||
    fail "olddir-none: no notice of the missing copy"

for z in xz:unxz:.xz bzip2:bunzip2:.bz2 zstd:unzstd:.zst; do
	prog=${z%%:*}
	rest=${z#*:}
	command -v "$prog" >/dev/null 2>&1 || { fail "$prog is not installed"; continue; }
	lr_simulate "compresscmd-$prog" 30 0 "	create
	compress
	compresscmd $(command -v "$prog")
	uncompresscmd $(command -v "${rest%%:*}")
	compressext ${rest#*:}"
	grep -q "reading the rest of .*app\.log\.1\\${rest#*:} first" "$lr_dir/notices" ||
	    fail "compresscmd-$prog: no ${rest#*:} copy was finished"
done
done_testing

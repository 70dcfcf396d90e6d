#!/bin/sh
# report-oneline.sh: --format oneline is one line fit for an e-mail subject:
# retry chains exhausted, due and waiting (until when), codes to fix and to
# check, hosts; "no VSS failures" when there is nothing; inputs with errors
# said; --summary of csv untouched by it.
. "$top_srcdir/tests/e2e/setup.sh"
cd "$tmp" || exit 99

# HOSTA: the first try and three retries failed; HOSTB: failed five minutes
# ago; HOSTC: an hour ago; HOSTD: a code to fix and one to check
mixed_log 2024-05-14T22:00:00Z HOSTC "WMI Writer" >mixed.log

at=--at=2024-05-15T00:00:00Z
expect_status 1 vssx scan "$at" --format oneline mixed.log
printf 'vssexplain: 1 exhausted, 1 retry due, 1 waiting until 00:05 UTC, 1 to fix, 1 to check on 4 hosts\n' >want
expect_same want "$tmp/out"
[ -s "$tmp/err" ] && fail "oneline wrote to stderr: $(cat "$tmp/err")"

# only the classes asked for; a wait not within a day of --at names the date
expect_status 1 vssx scan --at=2024-05-14T23:56:00Z --format oneline --guidance transient mixed.log
expect_grep '^vssexplain: 1 retry due, 1 waiting until 00:05 UTC on 2 hosts$' "$tmp/out"
expect_status 1 vssx scan --at=2024-05-13T00:00:00Z --format oneline --guidance transient \
    mixed.log
expect_grep '^vssexplain: 2 waiting until 2024-05-14 22:10 UTC on 2 hosts$' "$tmp/out"

# nothing found
: >empty.log
expect_status 0 vssx scan "$at" --format oneline empty.log
printf 'vssexplain: no VSS failures\n' >want
expect_same want "$tmp/out"

# an input with errors is said
printf '2024-05-14T23:00:00Z HOSTD hr = 0x80070005\n' | gzip -c | head -c 30 >broken.log.gz
expect_status 2 vssx scan "$at" --format oneline broken.log.gz mixed.log
expect_grep ', 1 input with errors$' "$tmp/out"

# merge writes it too; csv --summary is still csv's row per code
expect_status 1 vssx scan "$at" --format json --output r.json mixed.log
expect_status 1 vssx merge "$at" --format oneline r.json
expect_grep '^vssexplain: 1 exhausted, 1 retry due' "$tmp/out"
expect_status 1 vssx scan "$at" --format csv --summary mixed.log
expect_grep '^guidance,code,name,count,' "$tmp/out"
done_testing

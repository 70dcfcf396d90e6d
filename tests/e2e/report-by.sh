#!/bin/sh
# report-by.sh: --by host and --by writer add a section per host or writer to
# the text report, after the guidance groups: its findings and the codes seen
# with it, in report order; names in byte order, then those seen with none.
# scan and merge write the same sections (issue 20).
. "$top_srcdir/tests/e2e/setup.sh"
cd "$tmp" || exit 99
at=2024-05-14T06:00:00Z

cat >fleet.log <<'LOG'
2024-05-14T02:00:00Z FILESRV01 VSS[1]: 8229: A VSS writer has rejected an event with error 0x800423f3. Writer Name: SqlServerWriter
2024-05-14T02:13:09Z FILESRV01 VSS[1]: 8193: Volume Shadow Copy Service error: hr = 0x80070005, Access is denied.
2024-05-14T02:20:00Z FILESRV01 VSS[1]: 8193: Volume Shadow Copy Service error: hr = 0x80070005, Access is denied.
2024-05-14T03:00:00Z FILESRV01 VSS[1]: 8193: Volume Shadow Copy Service error: hr = 0x80042302
2024-05-14T01:00:00Z SQL02 VSS[1]: 8193: Volume Shadow Copy Service error: hr = 0x80070005, Access is denied.
2024-05-14T02:05:00Z SQL02 VSS[1]: 8229: A VSS writer has rejected an event with error 0x800423f3. Writer Name: SqlServerWriter
2024-05-14T02:06:00Z SQL02 VSS[1]: 8229: A VSS writer has rejected an event with error 0x800423f3. Writer Name: Exchange Writer
2024-05-14T04:00:00Z SQL02 VSS[1]: 8193: Volume Shadow Copy Service error: hr = VSS_E_PROVIDER_IN_USE
2024-05-14T04:10:00Z SQL02 VSS[1]: writer 'System Writer' hr = 0x80070005
2024-05-14T04:10:00Z VSS[1]: error 0x80042302
LOG

# by_sections FILE: the report from its first "== By" heading on
by_sections() { sed -n '/^== By /,$p' "$1"; }

cat >want-host <<'WANT'
== By host ==

FILESRV01: 4 findings, 3 codes
       1  transient   0x800423F3  VSS_E_WRITERERROR_RETRYABLE
       2  fix         0x80070005  E_ACCESSDENIED
       1  investigate 0x80042302  VSS_E_UNEXPECTED

SQL02: 5 findings, 3 codes
       2  transient   0x800423F3  VSS_E_WRITERERROR_RETRYABLE
       1  busy        0x80042307  VSS_E_PROVIDER_IN_USE
       2  fix         0x80070005  E_ACCESSDENIED

(no host): 1 finding, 1 code
       1  investigate 0x80042302  VSS_E_UNEXPECTED
WANT
# Writers: counted per writer for retry chains only; "-" where no count was
# kept (a code of several writers and none), "(no writer)" when the counts
# leave findings without one.
cat >want-writer <<'WANT'
== By writer ==

Exchange Writer: 1 finding, 1 code
       1  transient   0x800423F3  VSS_E_WRITERERROR_RETRYABLE

SqlServerWriter: 2 findings, 1 code
       2  transient   0x800423F3  VSS_E_WRITERERROR_RETRYABLE

System Writer: findings not counted, 1 code
       -  fix         0x80070005  E_ACCESSDENIED

(no writer): 3 findings, 2 codes
       1  busy        0x80042307  VSS_E_PROVIDER_IN_USE
       2  investigate 0x80042302  VSS_E_UNEXPECTED
WANT

expect_status 1 vssx scan --at $at --color never --by host fleet.log
by_sections "$tmp/out" >got
expect_same want-host got
# the rest of the report is the same as without --by
vssx scan --at $at --color never fleet.log >plain.txt
sed '/^== By /,$d' "$tmp/out" | sed '$d' >head.txt
expect_same plain.txt head.txt

expect_status 1 vssx scan --at $at --color never --by writer fleet.log
by_sections "$tmp/out" >got
expect_same want-writer got

# both: host first, whatever the order asked; host,writer is the same
cat want-host >want-both
echo >>want-both
cat want-writer >>want-both
for by in "--by writer --by host" "--by host,writer" "--by writer,host"; do
	expect_status 1 vssx scan --at $at --color never $by fleet.log
	by_sections "$tmp/out" >got
	expect_same want-both got
done

# the order of the lines does not change the sections
sort -r fleet.log >fleet-rev.log
expect_status 1 vssx scan --at $at --color never --by host,writer fleet-rev.log
by_sections "$tmp/out" >got
expect_same want-both got

# merge: the same sections from the hosts' JSON reports
grep FILESRV01 fleet.log >f.log
grep -v FILESRV01 fleet.log >s.log
vssx scan --at $at --format json --output f.json f.log
vssx scan --at $at --format json --output s.json s.log
expect_status 1 vssx merge --at $at --color never --by host,writer f.json s.json
by_sections "$tmp/out" >got
expect_same want-both got

# a host name from a log is text, never a terminal control sequence
printf '2024-05-14T02:00:00Z EVIL\033]0;x\007HOST VSS[1]: hr = 0x80042302\n' >evil.log
expect_status 1 vssx scan --at $at --color never --by host evil.log
expect_no_grep "$(printf '\033')" "$tmp/out"

# JSON carries hosts and writers already: --by changes nothing there
vssx scan --at $at --format json fleet.log >plain.json
expect_status 1 vssx scan --at $at --format json --by host,writer fleet.log
expect_same plain.json "$tmp/out"

# a wrong value: exit 2 and what --by takes
expect_status 2 vssx scan --at $at --by hosts fleet.log
expect_grep "^vssexplain: --by is host, writer or host,writer, not 'hosts'$" "$tmp/err"
expect_status 2 vssx scan --at $at --by host, fleet.log
expect_status 2 vssx merge --by '' f.json

done_testing

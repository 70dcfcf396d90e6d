# scan-fields.sh: what a finding says besides its code: the time in ISO 8601
# UTC from every supported stamp (--tz for stamps without a zone, --at for
# the year of syslog stamps), the host of syslog lines and --host, the writer
# (vssadmin blocks, Writer 'X', an event's context block, DiskShadow), and
# the method whose guidance applies (DoSnapshotSet makes a provider veto
# transient).
. "$top_srcdir/tests/e2e/setup.sh"
at=2024-05-15T00:00:00Z

# fields FILE: "line|time|host|writer|method|guidance" of each finding.
fields() {
	sed -E 's/.*"guidance":("[^"]*"|null),.*"line":([0-9]*),.*"time":("[^"]*"|null),"host":("[^"]*"|null),"writer":("[^"]*"|null),"method":("[^"]*"|null),.*/\2|\3|\4|\5|\6|\1/' \
	    "$1" | tr -d '"'
}

# --- Timestamps: tests/data/scan/stamps.txt, one form a line --------------
# line, then the time with --tz UTC, +02:00 and Europe/Berlin
cat >"$tmp/stamps" <<'EOF'
1 2024-05-14T02:13:09.412Z 2024-05-14T00:13:09.412Z 2024-05-14T00:13:09.412Z
2 2024-05-14T02:13:09Z 2024-05-14T02:13:09Z 2024-05-14T02:13:09Z
3 2024-05-13T20:43:09.500Z 2024-05-13T20:43:09.500Z 2024-05-13T20:43:09.500Z
4 2024-05-14T00:13:09Z 2024-05-14T00:13:09Z 2024-05-14T00:13:09Z
5 2024-05-14T02:13:09.412Z 2024-05-14T00:13:09.412Z 2024-05-14T00:13:09.412Z
6 2024-05-14T02:13:09Z 2024-05-14T00:13:09Z 2024-05-14T00:13:09Z
7 2024-05-14T02:13:09Z 2024-05-14T00:13:09Z 2024-05-14T00:13:09Z
8 2024-05-14T02:13:09.412Z 2024-05-14T00:13:09.412Z 2024-05-14T00:13:09.412Z
9 2024-05-14T02:13:09Z 2024-05-14T00:13:09Z 2024-05-14T00:13:09Z
10 2024-05-14T14:13:09Z 2024-05-14T12:13:09Z 2024-05-14T12:13:09Z
11 2024-05-14T00:13:09Z 2024-05-13T22:13:09Z 2024-05-13T22:13:09Z
12 2024-05-14T12:13:09Z 2024-05-14T10:13:09Z 2024-05-14T10:13:09Z
13 2024-05-14T00:13:09.412Z 2024-05-14T00:13:09.412Z 2024-05-14T00:13:09.412Z
14 2024-05-14T06:13:09.412Z 2024-05-14T06:13:09.412Z 2024-05-14T06:13:09.412Z
15 2024-05-14T02:13:09Z 2024-05-14T00:13:09Z 2024-05-14T00:13:09Z
16 2024-05-04T02:13:09Z 2024-05-04T00:13:09Z 2024-05-04T00:13:09Z
17 2024-01-15T02:13:09Z 2024-01-15T00:13:09Z 2024-01-15T01:13:09Z
EOF
col=2
for tz in UTC +02:00 Europe/Berlin; do
	expect_status 1 vssx scan --format jsonl --tz "$tz" --at "$at" "$data/scan/stamps.txt"
	fields "$tmp/out" | cut -d'|' -f1,2 | tr '|' ' ' >"$tmp/got"
	cut -d' ' -f1,$col "$tmp/stamps" >"$tmp/want"
	if ! cmp -s "$tmp/want" "$tmp/got"; then
		fail "times with --tz $tz (line time: wanted, got):
$(diff "$tmp/want" "$tmp/got" | grep '^[<>]')"
	fi
	col=$((col + 1))
done

# A bad zone is refused.
expect_status 2 vssx scan --tz Mars/Olympus "$data/scan/stamps.txt"
expect_grep 'Mars/Olympus' "$tmp/err"

# The year of a syslog stamp comes from --at (now by default): this year,
# or the year before when the stamp would lie more than a day ahead.
printf 'May 15 23:30:00 SRV VSS[1]: hr = 0x80070005\nMay 16 00:30:00 SRV VSS[1]: hr = 0x80070005\n' \
    >"$tmp/bsd.log"
vssx scan --format jsonl --at "$at" "$tmp/bsd.log" >"$tmp/out"
printf '1 2024-05-15T23:30:00Z\n2 2023-05-16T00:30:00Z\n' >"$tmp/want"
fields "$tmp/out" | cut -d'|' -f1,2 | tr '|' ' ' >"$tmp/got"
expect_same "$tmp/want" "$tmp/got"
printf 'Dec 31 23:59:59 SRV VSS[1]: hr = 0x80070005\n' >"$tmp/bsd.log"
vssx scan --format jsonl --at 2025-01-01T00:10:00Z "$tmp/bsd.log" >"$tmp/out"
expect_grep '"time":"2024-12-31T23:59:59Z"' "$tmp/out"
# without --at: today's stamp is this year's
today=$(date -u '+%b %e')
year=$(date -u +%Y)
printf '%s 00:00:01 SRV VSS[1]: hr = 0x80070005\n' "$today" >"$tmp/bsd.log"
vssx scan --format jsonl "$tmp/bsd.log" >"$tmp/out"
expect_grep "\"time\":\"$year-$(date -u +%m-%d)T00:00:01Z\"" "$tmp/out"

# A line without a stamp of its own takes the stamp of its record's first
# line (a message continued over several lines).
printf '%s\n' '2024-05-14 02:13:09.412 ERROR Snapshot failed:' \
    '    VSS hr = 0x80042306, provider veto' >"$tmp/rec.log"
vssx scan --format jsonl --at "$at" "$tmp/rec.log" >"$tmp/out"
expect_grep '"line":2,.*"time":"2024-05-14T02:13:09.412Z"' "$tmp/out"

# --- Hosts -----------------------------------------------------------------
# lines 13 to 16 of stamps.txt are syslog lines from FILESRV01, the others
# name no host; --host fills in only those.
vssx scan --format jsonl --at "$at" "$data/scan/stamps.txt" >"$tmp/out"
fields "$tmp/out" | awk -F'|' '{ print $1, $3 }' >"$tmp/got"
awk '{ print $1, ($1 >= 13 && $1 <= 16) ? "FILESRV01" : "null" }' "$tmp/stamps" >"$tmp/want"
expect_same "$tmp/want" "$tmp/got"
vssx scan --format jsonl --at "$at" --host BACKUP01 "$data/scan/stamps.txt" >"$tmp/out"
fields "$tmp/out" | awk -F'|' '{ print $1, $3 }' >"$tmp/got"
awk '{ print $1, ($1 >= 13 && $1 <= 16) ? "FILESRV01" : "BACKUP01" }' "$tmp/stamps" >"$tmp/want"
expect_same "$tmp/want" "$tmp/got"
# host names with dots and dashes, and an IP address as rsyslog writes it
printf '%s\n' 'May 14 02:13:09 fs01.corp.example.com VSS[1]: hr = 0x80070005' \
    '2024-05-14T02:13:09+02:00 sql-02 VSS[1]: hr = 0x80070005' \
    'May 14 02:13:09 10.20.1.37 VSS[1]: hr = 0x80070005' >"$tmp/hosts.log"
vssx scan --format jsonl --at "$at" "$tmp/hosts.log" >"$tmp/out"
fields "$tmp/out" | awk -F'|' '{ print $1, $3 }' >"$tmp/got"
printf '1 fs01.corp.example.com\n2 sql-02\n3 10.20.1.37\n' >"$tmp/want"
expect_same "$tmp/want" "$tmp/got"
# Event Viewer text names the computer
printf '%s\r\n' 'Log Name:      Application' 'Source:        VSS' \
    'Date:          5/14/2024 2:13:09 AM' 'Event ID:      8193' 'Level:         Error' \
    'Computer:      FS01.corp.example.com' 'Description:' \
    'Volume Shadow Copy Service error: Unexpected error calling routine CoCreateInstance.  hr = 0x80040154, Class not registered.' \
    >"$tmp/ev.txt"
vssx scan --format jsonl --at "$at" "$tmp/ev.txt" >"$tmp/out"
expect_grep '"line":8,.*"time":"2024-05-14T02:13:09Z","host":"FS01.corp.example.com"' "$tmp/out"

# --- Writers ---------------------------------------------------------------
# vssadmin list writers: each block's writer, and none after a blank line
printf '%s\n' "Writer name: 'System Writer'" '   State: [5] Waiting for completion' \
    '   Last error: Timed out' '' "Writer name: 'NTDS'" '   State: [11] Failed' \
    '   Last error: Non-retryable error' '' '   Last error: Retryable error' >"$tmp/w.txt"
vssx scan --format jsonl "$tmp/w.txt" >"$tmp/out"
fields "$tmp/out" | awk -F'|' '{ print $1, $4 }' >"$tmp/got"
printf '3 System Writer\n7 NTDS\n9 null\n' >"$tmp/want"
expect_same "$tmp/want" "$tmp/got"

# Writer 'X' and Writer "X" on the line of the code
printf '%s\n' "2024-05-14 02:14:13.312 WARN Writer 'SqlServerWriter' failed, Error 0x800423f4" \
    '2024-05-14 02:14:13.313 WARN Writer "Microsoft Exchange Writer" reported 0x800423f2' >"$tmp/q.log"
vssx scan --format jsonl "$tmp/q.log" >"$tmp/out"
expect_grep '"line":1,.*"writer":"SqlServerWriter"' "$tmp/out"
expect_grep '"line":2,.*"writer":"Microsoft Exchange Writer"' "$tmp/out"

# an event's context block, on the lines after the code
printf '%s\r\n' 'Description:' \
    'A VSS writer has rejected an event with error 0x800423f2, The writer'"'"'s timeout expired.' \
    '' 'Operation:' '   Freeze Event' '' 'Context:' '   Execution Context: Writer' \
    '   Writer Class Id: {e8132975-6f93-4464-a53e-1050253ae220}' '   Writer Name: System Writer' \
    '   Writer Instance ID: {7848396d-00b1-47cd-8ba9-769b7ce402d2}' >"$tmp/ctx.txt"
vssx scan --format jsonl "$tmp/ctx.txt" >"$tmp/out"
expect_grep '"line":2,.*"writer":"System Writer"' "$tmp/out"

# the same block flattened onto the event's line, single spaces, a name
# that ends in "Writer" like most writer names do
printf '%s\n' '2024-05-14T02:14:13+02:00 FS01 VSS[1]: 8229: A VSS writer has rejected an event with error 0x800423f2. Operation: Freeze Event Context: Execution Context: Writer Writer Class Id: {e8132975-6f93-4464-a53e-1050253ae220} Writer Name: System Writer Writer Instance ID: {7848396d-00b1-47cd-8ba9-769b7ce402d2}' \
    >"$tmp/flat.log"
vssx scan --format jsonl "$tmp/flat.log" >"$tmp/out"
expect_grep '"writer":"System Writer"' "$tmp/out"

# rsyslog escapes the event's line breaks as #012: not part of the name
printf '%s\n' 'May 14 02:14:20 EXCH01 VSS[3016]: 8229: A VSS writer has rejected an event with error 0x800423f2.#012#012Context:#012   Execution Context: Writer#012   Writer Name: Microsoft Exchange Writer#012   Writer Instance ID: {0c4f2d17-8b3e-4a5c-9d61-e27a3f08b4c9}' \
    >"$tmp/esc.log"
vssx scan --format jsonl --at "$at" "$tmp/esc.log" >"$tmp/out"
expect_grep '"writer":"Microsoft Exchange Writer"' "$tmp/out"

# a writer named by the next syslog record is not this record's writer
printf '%s\n' 'May 14 02:13:09 FS01 VSS[1234]: 8193: Unexpected error calling routine CoCreateInstance. hr = 0x80040154, Class not registered.' \
    'May 14 02:14:20 EXCH01 VSS[3016]: 8229: A VSS writer has rejected an event with error 0x800423f2. Writer Name: Microsoft Exchange Writer, Writer Instance ID: {0c4f2d17-8b3e-4a5c-9d61-e27a3f08b4c9}' \
    >"$tmp/two.log"
vssx scan --format jsonl --at "$at" "$tmp/two.log" >"$tmp/out"
fields "$tmp/out" | awk -F'|' '{ print $1, $3, $4 }' >"$tmp/got"
printf '1 FS01 null\n2 EXCH01 Microsoft Exchange Writer\n' >"$tmp/want"
expect_same "$tmp/want" "$tmp/got"

# Veeam's one-line job error: the decimal after "VSSControl:", the writer
# in square brackets, the writer state and the error code in brackets
printf '%s\n' "[22.11.2026 02:13:09] <01> Error    Failed to prepare guest for hot backup. Error: VSSControl: -2147212529 Backup job failed. Cannot create a shadow copy of the volumes containing writer's data. A VSS critical writer has failed. Writer name: [SqlServerWriter]. Class ID: [{a65faa63-5ea8-4ebc-9dbd-a0c4db26912a}]. Instance ID: [{4f2b6f0a-9a2e-4e1e-a7b1-0b2a6d3c9f10}]. Writer's state: [VSS_WS_FAILED_AT_PREPARE_SNAPSHOT]. Error code: [0x800423f4]." \
    >"$tmp/veeam.log"
vssx scan --format jsonl "$tmp/veeam.log" >"$tmp/out"
sed 's/.*"code":"\([^"]*\)".*"form":"\([^"]*\)".*"writer":"\([^"]*\)".*/\1 \2 \3/' "$tmp/out" >"$tmp/got"
printf '0x8004230F signed-decimal SqlServerWriter\n0x800423F4 hex SqlServerWriter\n' >"$tmp/want"
expect_same "$tmp/want" "$tmp/got"

# A pasted job log without stamps: the writer a later error names is not
# given to an earlier, unrelated error of the same paragraph
printf '%s\n' 'Error returned while creating the volume shadow copy:80042302' \
    'The COM class could not be created: [0x80040154, Class not registered ].' \
    'A VSS writer has rejected an event with error 0x800423f2. Writer Name: System Writer' \
    >"$tmp/paste.txt"
vssx scan --format jsonl "$tmp/paste.txt" >"$tmp/out"
fields "$tmp/out" | awk -F'|' '{ print $1, $4 }' >"$tmp/got"
printf '1 null\n2 null\n3 System Writer\n' >"$tmp/want"
expect_same "$tmp/want" "$tmp/got"

# ... while the context block after an event's error still names its writer
# when the error is the last code before it
printf '%s\n' 'Error returned while creating the volume shadow copy:80042302' \
    'A VSS writer has rejected an event with error 0x800423f2, The writer'"'"'s timeout expired.' \
    '' 'Context:' '   Execution Context: Writer' '   Writer Name: System Writer' >"$tmp/paste2.txt"
vssx scan --format jsonl "$tmp/paste2.txt" >"$tmp/out"
fields "$tmp/out" | awk -F'|' '{ print $1, $4 }' >"$tmp/got"
printf '1 null\n2 System Writer\n' >"$tmp/want"
expect_same "$tmp/want" "$tmp/got"

# DiskShadow's list writers status names the writer above its failure code
printf '%s\r\n' 'DISKSHADOW> list writers status' '' 'Listing writer status ...' '' \
    '* WRITER "System Writer"' '	- Status: 1 (VSS_WS_STABLE)' \
    '	- Writer Failure code: 0x00000000 (S_OK)' \
    '	- Writer ID: {e8132975-6f93-4464-a53e-1050253ae220}' \
    '	- Instance ID: {7848396d-00b1-47cd-8ba9-769b7ce402d2}' '' \
    '* WRITER "SqlServerWriter"' '	- Status: 8 (VSS_WS_FAILED_AT_PREPARE_SNAPSHOT)' \
    '	- Writer Failure code: 0x800423f4 (VSS_E_WRITERERROR_NONRETRYABLE)' \
    '	- Writer ID: {a65faa63-5ea8-4ebc-9dbd-a0c4db26912a}' \
    '	- Instance ID: {5f0e2d39-8c41-4b7a-9e33-1d7c6a0b2f84}' >"$tmp/ds.txt"
vssx scan --format jsonl "$tmp/ds.txt" >"$tmp/out"
fields "$tmp/out" | awk -F'|' '{ print $1, $4 }' >"$tmp/got"
echo '13 SqlServerWriter' >"$tmp/want"
expect_same "$tmp/want" "$tmp/got"

# --- Methods ---------------------------------------------------------------
# The provider veto is transient when DoSnapshotSet returned it, in
# whatever words; elsewhere it is for investigation.
printf '%s\n' '2024-05-14 02:14:13.311 ERROR DoSnapshotSet failed. hr = 0x80042306' \
    '2024-05-14 02:14:13.312 ERROR IVssBackupComponents::DoSnapshotSet returned VSS_E_PROVIDER_VETO' \
    '2024-05-14 02:14:13.313 ERROR pBackup->DoSnapshotSet(&pAsync) failed: 0x80042306' \
    '2024-05-14 02:14:13.314 ERROR Shadow copy creation failed, hr = 0x80042306' \
    '2024-05-14 02:14:13.315 ERROR BackupComplete failed. hr = 0x80042306' \
    '2024-05-14 02:14:13.316 ERROR IVssAsync::QueryStatus for DoSnapshotSet returned hr = 0x80042306' \
    >"$tmp/m.log"
vssx scan --format jsonl "$tmp/m.log" >"$tmp/out"
fields "$tmp/out" | awk -F'|' '{ print $1, $5, $6 }' >"$tmp/got"
cat >"$tmp/want" <<'EOF'
1 DoSnapshotSet transient
2 DoSnapshotSet transient
3 DoSnapshotSet transient
4 null investigate
5 BackupComplete investigate
6 DoSnapshotSet transient
EOF
while IFS= read -r row; do
	grep -qxF -- "$row" "$tmp/got" ||
	    fail "method: wanted '$row', got '$(grep "^${row%% *} " "$tmp/got")'"
done <"$tmp/want"
# a transient finding needs action: status 1
expect_status 1 vssx scan --format jsonl "$tmp/m.log"

done_testing

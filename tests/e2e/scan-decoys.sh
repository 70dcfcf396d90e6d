# scan-decoys.sh: what only looks like an error code gives no finding, not
# even with --all-codes, and logon failures (NTSTATUS in Security 4625) are
# reported only with --all-codes, whatever comes before them.
. "$top_srcdir/tests/e2e/setup.sh"
opts="--format jsonl --at 2024-05-15T00:00:00Z"

# tests/data/scan/decoys.txt: every line in VSS context, each holding
# failure-shaped numbers that are no code: GUIDs and their groups, 16-digit
# addresses, keyword masks, hex inside words, checksums with keys (crc32=,
# checksum:, md5, hash, digest) and without (sha1, sha256 columns), a hex
# dump, arguments of CreateFileW, RegOpenKeyExW and DeviceIoControl,
# hr = 0x00000000, epoch seconds, decimals without a key word, handles,
# thread ids, offsets and sizes.
for all in "" --all-codes; do
	expect_status 0 vssx scan $opts $all "$data/scan/decoys.txt"
	if [ -s "$tmp/out" ]; then
		fail "decoys gave findings${all:+ with $all}:
$(sed 's/.*"match":"\([^"]*\)","text":"\(.*\)"}$/  \1 in: \2/' "$tmp/out" | cut -c1-160)"
	fi
	[ -s "$tmp/err" ] && fail "decoys: unexpected messages: $(head -3 "$tmp/err")"
done

# Each decoy line alone too (nothing borrowed from the lines around it).
n=0
while IFS= read -r line; do
	n=$((n + 1))
	printf '%s\n' "$line" | vssx scan $opts --all-codes - >"$tmp/out" 2>&1
	[ -s "$tmp/out" ] && fail "decoy line $n alone: $(cut -c1-200 "$tmp/out")"
done <"$data/scan/decoys.txt"

# A Security 4625 logon failure: its NTSTATUS values are not VSS errors.
sec='Microsoft-Windows-Security-Auditing[636]: 4625: Logon failure. Logon ID: 0x3E7 Logon Type: 3 Account Name: svc_scan Status: 0xC000006D Sub Status: 0xC000006A Keywords: 0x8010000000000000'
vss='VSS[1234]: 8193: Unexpected error calling routine CoCreateInstance. hr = 0x80040154, Class not registered.'

# alone: nothing; with --all-codes both statuses, and nothing else
printf 'May 14 02:13:10 FILESRV01 %s\n' "$sec" >"$tmp/sec.log"
expect_status 0 vssx scan $opts "$tmp/sec.log"
[ -s "$tmp/out" ] && fail "4625 alone: $(cut -c1-200 "$tmp/out")"
expect_status 1 vssx scan $opts --all-codes "$tmp/sec.log"
sed 's/.*"code":"\([^"]*\)".*/\1/' "$tmp/out" >"$tmp/got"
printf '%s\n' 0xC000006D 0xC000006A >"$tmp/want"
expect_same "$tmp/want" "$tmp/got"

# after a VSS event, in each syslog form: the VSS finding only.  Every
# syslog line is a record of its own, so the VSS words of the line before
# do not make the logon failure VSS-related.
for form in bsd rfc3339 rfc5424; do
	case $form in
	bsd)	a='May 14 02:13:09 FILESRV01'; b='May 14 02:13:10 FILESRV01' ;;
	rfc3339) a='2024-05-14T02:13:09.100+02:00 FILESRV01'
		b='2024-05-14T02:13:10.100+02:00 FILESRV01' ;;
	rfc5424) a='<14>1 2024-05-14T02:13:09.100Z FILESRV01 VSS 1234 - -'
		b='<14>1 2024-05-14T02:13:10.100Z FILESRV01 Security 636 - -' ;;
	esac
	printf '%s %s\n%s %s\n' "$a" "$vss" "$b" "$sec" >"$tmp/mixed.log"
	vssx scan $opts "$tmp/mixed.log" >"$tmp/out" 2>&1
	sed 's/.*"code":"\([^"]*\)".*"line":\([0-9]*\),.*/\2 \1/' "$tmp/out" >"$tmp/got"
	echo '1 0x80040154' >"$tmp/want"
	if ! cmp -s "$tmp/want" "$tmp/got"; then
		fail "$form syslog, 4625 after a VSS event: findings $(tr '\n' ' ' <"$tmp/got")(wanted only 1 0x80040154)"
	fi
done

# NTSTATUS inside a VSS record is kept: VolSnap's FinalStatus.
printf '%s\n' 'May 14 02:13:12 FILESRV01 volsnap[4]: 25: The shadow copies of volume D: were deleted, FinalStatus 0xC000009A' \
    >"$tmp/volsnap.log"
vssx scan $opts "$tmp/volsnap.log" >"$tmp/out" 2>&1
expect_grep '"code":"0xC000009A","name":"STATUS_INSUFFICIENT_RESOURCES"' "$tmp/out"

done_testing

# report-exit.sh: the exit status of scan and merge: 0 nothing at or before
# the --fail-on class (default: anything but info), 1 something, 2 an input
# that could not be read (never 0 when nothing was read) or a usage error.
. "$top_srcdir/tests/e2e/setup.sh"

command -v python3 >/dev/null 2>&1 || { echo "SKIP: no python3" >&2; exit 77; }

at=2024-05-14T11:00:00Z

# finding FILE CLASS...: a log with one finding of each CLASS.
finding() {
	f=$1
	shift
	: >"$f"
	for class in "$@"; do
		case $class in
		exhausted)
			for t in 10:00 10:11 10:22 10:33; do
				echo "2024-05-14T$t:00Z SQL02 VSS[1]: 12298: Volume Shadow Copy Service error: hr = 0x80042313"
			done ;;
		transient)
			echo '2024-05-14T10:55:00Z SQL02 VSS[1]: 8229: A VSS writer has rejected an event with error 0x800423f3. Writer Name: SqlServerWriter' ;;
		busy)
			echo '2024-05-14T10:00:00Z HA VSS[1]: 8193: Volume Shadow Copy Service error: hr = VSS_E_PROVIDER_IN_USE' ;;
		reboot)
			echo '2024-05-14T10:00:00Z HA VSS[1]: 8193: Volume Shadow Copy Service error: hr = 0x80042327' ;;
		fix)
			echo '2024-05-14T10:00:00Z HA VSS[1]: 8193: Volume Shadow Copy Service error: hr = 0x80070005, Access is denied.' ;;
		requester)
			echo '2024-05-14T10:00:00Z HA VSS[1]: 8193: Volume Shadow Copy Service error: hr = VSS_E_BAD_STATE' ;;
		investigate)
			echo '2024-05-14T10:00:00Z HA VSS[1]: 8193: Volume Shadow Copy Service error: hr = 0x80042302' ;;
		unknown)
			echo '2024-05-14T10:00:00Z HA VSS[1]: 8193: Volume Shadow Copy Service error: hr = 0x80080024' ;;
		info)
			echo '2024-05-14T10:00:00Z HA VSS[1]: async status VSS_S_ASYNC_FINISHED' ;;
		esac >>"$f"
	done
}

# The fixtures find what they say.
for class in exhausted transient busy reboot fix requester investigate unknown info; do
	finding "$tmp/$class.log" "$class"
	vssx scan --at "$at" --format json "$tmp/$class.log" >"$tmp/$class.json" 2>/dev/null
	python3 -c '
import json, sys
doc = json.load(open(sys.argv[1]))
ids = [g["guidance"] for g in doc["groups"]]
assert ids == [sys.argv[2]], ids
' "$tmp/$class.json" "$class" 2>"$tmp/pyerr" || fail "fixture $class: $(tail -1 "$tmp/pyerr")"
done

# --- 0: nothing, or only info --------------------------------------------
printf '2024-05-14T10:00:00Z HA VSS[1]: 8224: The VSS service is shutting down due to idle timeout.\n' \
    >"$tmp/nothing.log"
for fmt in text json jsonl csv; do
	expect_status 0 vssx scan --at "$at" --format "$fmt" "$tmp/nothing.log"
	expect_status 0 vssx scan --at "$at" --format "$fmt" "$tmp/info.log"
done
: >"$tmp/empty.log"
expect_status 0 vssx scan --at "$at" "$tmp/empty.log"
expect_status 0 vssx scan --at "$at" - <"$tmp/nothing.log"

# --- 1: something; every class but info fails by default ------------------
for class in exhausted transient busy reboot fix requester investigate unknown; do
	for fmt in text json jsonl csv; do
		expect_status 1 vssx scan --at "$at" --format "$fmt" "$tmp/$class.log"
	done
done
expect_status 1 vssx scan --at "$at" --format csv --summary "$tmp/fix.log"
expect_status 1 vssx scan --at "$at" - <"$tmp/fix.log"
finding "$tmp/fix-info.log" info fix
expect_status 1 vssx scan --at "$at" "$tmp/fix-info.log"

# --- --fail-on C fails on C and every class before it ---------------------
order='exhausted transient busy reboot fix requester investigate unknown info'
for limit in $order; do
	fails=1
	for class in $order; do
		expect_status $fails vssx scan --at "$at" --fail-on "$limit" "$tmp/$class.log"
		[ "$class" = "$limit" ] && fails=0
	done
done
finding "$tmp/inv-unk.log" investigate unknown
expect_status 0 vssx scan --at "$at" --fail-on fix "$tmp/inv-unk.log"
expect_status 1 vssx scan --at "$at" --fail-on investigate "$tmp/inv-unk.log"
# A transient chain that is not exhausted does not fail --fail-on exhausted.
finding "$tmp/tr-exh.log" transient
expect_status 0 vssx scan --at "$at" --fail-on exhausted "$tmp/tr-exh.log"
finding "$tmp/tr-exh.log" transient exhausted
expect_status 1 vssx scan --at "$at" --fail-on exhausted "$tmp/tr-exh.log"
# Findings that a filter drops do not count.
expect_status 0 vssx scan --at "$at" --guidance investigate "$tmp/fix.log"
expect_status 0 vssx scan --at "$at" --min-count 2 "$tmp/fix.log"
expect_status 0 vssx scan --at "$at" --since 30m "$tmp/fix.log"
printf '0x80070005\n' >"$tmp/ignore"
expect_status 0 vssx scan --at "$at" --ignore "$tmp/ignore" "$tmp/fix.log"

# --- 2: an input that cannot be read; the others are still reported ----------
expect_status 2 vssx scan --at "$at" --color=never "$tmp/fix.log" "$tmp/no-such.log"
expect_grep '^0x80070005  E_ACCESSDENIED' "$tmp/out"
expect_grep "$tmp/no-such.log" "$tmp/err"
expect_status 2 vssx scan --at "$at" --color=never "$tmp/no-such.log" "$tmp/fix.log"
expect_grep '^0x80070005  E_ACCESSDENIED' "$tmp/out"
expect_status 2 vssx scan --at "$at" --format json "$tmp/fix.log" "$tmp/no-such.log"
python3 -c '
import json, sys
doc = json.load(open(sys.argv[1]))
assert doc["totals"]["findings"] == 1, doc["totals"]
assert doc["totals"]["errors"] == 1, doc["totals"]
ins = {i["path"]: i for i in doc["inputs"]}
assert ins[sys.argv[2]]["errors"] >= 1, ins
' "$tmp/out" "$tmp/no-such.log" 2>"$tmp/pyerr" || fail "unreadable input in JSON: $(cat "$tmp/pyerr")"
expect_status 2 vssx scan --at "$at" --format csv "$tmp/fix.log" "$tmp/no-such.log"
expect_grep '^0x80070005,' "$tmp/out"
# Unreadable and nothing found elsewhere: still 2.
expect_status 2 vssx scan --at "$at" "$tmp/nothing.log" "$tmp/no-such.log"
# --fail-on does not hide a read error.
expect_status 2 vssx scan --at "$at" --fail-on exhausted "$tmp/fix.log" "$tmp/no-such.log"
# A file that breaks off (truncated gzip): 2, and the report says so.
head -c 200 "$samples/backup-job.log.gz" >"$tmp/cut.log.gz"
expect_status 2 vssx scan --at "$at" --format json "$tmp/cut.log.gz"
python3 -c '
import json, sys
doc = json.load(open(sys.argv[1]))
assert doc["totals"]["errors"] >= 1, doc["totals"]
assert doc["inputs"][0]["errors"] >= 1, doc["inputs"]
' "$tmp/out" 2>"$tmp/pyerr" || fail "truncated gzip in JSON: $(cat "$tmp/pyerr")"

# --- 2, never 0, when nothing could be read --------------------------------
expect_status 2 vssx scan --at "$at" "$tmp/no-such.log"
expect_status 2 vssx scan --at "$at" --format json "$tmp/no-such.log"
expect_status 2 vssx scan --at "$at" "$tmp/no-such.log" "$tmp/no-such-either.log"
expect_status 2 vssx scan --at "$at" --fail-on info "$tmp/no-such.log"
mkdir "$tmp/dir" "$tmp/emptydir"
expect_status 2 vssx scan --at "$at" "$tmp/dir"
expect_status 2 vssx scan --at "$at" -r "$tmp/emptydir"
if [ "$(id -u)" != 0 ]; then
	cp "$tmp/fix.log" "$tmp/secret.log"
	chmod 000 "$tmp/secret.log"
	expect_status 2 vssx scan --at "$at" "$tmp/secret.log"
fi

# --- 2: usage errors --------------------------------------------------------
expect_status 2 vssx scan --at "$at" --format xml "$tmp/fix.log"
expect_grep 'format' "$tmp/err"
expect_status 2 vssx scan --at "$at" --format "" "$tmp/fix.log"
expect_status 2 vssx scan --at yesterday "$tmp/fix.log"
expect_grep 'at' "$tmp/err"
expect_status 2 vssx scan --at 2024-13-45T99:00:00Z "$tmp/fix.log"
expect_status 2 vssx scan --at "$at" --guidance fix,bogus "$tmp/fix.log"
expect_grep "bogus" "$tmp/err"
expect_status 2 vssx scan --at "$at" --fail-on bogus "$tmp/fix.log"
expect_grep "bogus" "$tmp/err"
expect_status 2 vssx scan --at "$at" --color=sometimes "$tmp/fix.log"
expect_status 2 vssx scan --at "$at" --retry-window soon "$tmp/fix.log"
expect_status 2 vssx scan --at "$at" --retry-window 10x "$tmp/fix.log"
expect_status 2 vssx scan --at "$at" --min-count 0 "$tmp/fix.log"
expect_status 2 vssx scan --at "$at" --bogus "$tmp/fix.log"
expect_status 2 vssx scan --at "$at" --fail-on "$tmp/fix.log"
# A usage error is reported before anything is scanned: no report.
[ -s "$tmp/out" ] && fail "a report was written after a usage error: $(head -3 "$tmp/out")"
expect_status 2 vssx merge --at "$at" --format xml "$tmp/fix.json"
expect_status 2 vssx merge --at "$at" --fail-on bogus "$tmp/fix.json"
expect_status 2 vssx merge --at yesterday "$tmp/fix.json"
expect_status 2 vssx merge --at "$at"

# --- merge: the same statuses ---------------------------------------------
expect_status 1 vssx merge --at "$at" "$tmp/fix.json"
expect_status 0 vssx merge --at "$at" "$tmp/info.json"
expect_status 0 vssx merge --at "$at" --fail-on fix "$tmp/investigate.json"
expect_status 1 vssx merge --at "$at" --fail-on fix "$tmp/busy.json" "$tmp/investigate.json"
expect_status 1 vssx merge --at "$at" --fail-on exhausted "$tmp/exhausted.json"
expect_status 2 vssx merge --at "$at" "$tmp/fix.json" "$tmp/no-such.json"
expect_grep 'E_ACCESSDENIED' "$tmp/out"
expect_status 2 vssx merge --at "$at" "$tmp/no-such.json"

# whole-number options out of range are usage errors, not silently wrapped
for bad in "--max-sources 99999999999" "--max-sources 0" "--min-count 0" "--min-count 1x" \
    "--lock-timeout -1"; do
	# shellcheck disable=SC2086
	expect_status 2 vssx scan $bad "$samples/backup-job.log"
	expect_grep 'takes a whole number from' "$tmp/err"
done

done_testing

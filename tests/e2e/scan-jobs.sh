#!/bin/sh
# scan-jobs.sh: scan -j N reads files in N threads, yet every format's report,
# every message and the exit status are byte for byte those of -j 1: on the
# samples (text, gzip, UTF-16, XML exports, .evtx, JSON events), on a tree of
# many small files of every kind, on one larger log, on damaged inputs of
# every kind (exit status 2 either way), with --quiet, with a rule that gives
# up (its messages and counts in their input's place), and in cron mode
# (--state), whose state file comes out the same too.  -j takes only a count
# from 1.
. "$top_srcdir/tests/e2e/setup.sh"
cd "$tmp" || exit 99
at=--at=2024-05-20T00:00:00Z

# Many small files below nested directories: text, gzip, UTF-16, event
# exports; the first files are the largest, so later ones are read first.
mkdir -p tree
cp -R "$samples" tree/samples
rm -f tree/samples/*.expected.* tree/samples/README
i=0
while [ $i -lt 60 ]; do
	d=tree/d$((i % 7))/e$((i % 3))
	mkdir -p "$d"
	{
		printf '2024-05-%02d 02:%02d:09 VSS DoSnapshotSet failed. hr = 0x8004230%d\n' \
		    $((i % 28 + 1)) $((i % 60)) $((i % 10))
		printf 'Writer name: '"'"'Writer %d'"'"'\n   Last error: Retryable error\n\n' $i
		printf '%s BACKUP01 backup[%d]: job %d ended with 0x800423F%d\n' \
		    "2024-05-1$((i % 9))T01:00:00Z" $i $i $((i % 5))
	} >"$d/f$i.log"
	case $((i % 5)) in
	1)	gzip -n "$d/f$i.log" ;;
	2)	iconv -f UTF-8 -t UTF-16 "$d/f$i.log" >"$d/f$i.txt" && rm "$d/f$i.log" ;;
	3)	cp "$samples/system-eventviewer.xml" "$d/f$i.xml" ;;
	esac
	i=$((i + 1))
done
# One larger log, with codes spread through it.
awk 'BEGIN {
	for (i = 0; i < 20000; i++) {
		if (i % 97 == 0)
			printf "2024-05-14 02:%02d:%02d.%03d VSS Writer %d failed, hr = 0x800423F%d\n", i / 60 % 60, i % 60, i % 1000, i % 13, i % 5
		else
			printf "2024-05-14 02:%02d:%02d.%03d block %d checksum %d\n", i / 60 % 60, i % 60, i % 1000, i, (i * 7919) % 100003
	}
}' >tree/a-large.log

# same_for_jobs NAME STATUS ARGS...: -j 1, 2 and 4 give STATUS and the same
# output and messages; STATUS "same": whatever -j 1 gives (a format's own).
# Each run reads standard input from $jobs_in (default /dev/null).
same_for_jobs() {
	name=$1
	want=$2
	shift 2
	if [ "$want" = same ]; then
		vssx scan -j 1 "$@" >/dev/null 2>&1 <"${jobs_in:-/dev/null}"
		want=$?
	fi
	for j in 1 2 4; do
		expect_status "$want" vssx scan -j "$j" "$@" <"${jobs_in:-/dev/null}"
		mv "$tmp/out" "$tmp/$name.out.$j"
		mv "$tmp/err" "$tmp/$name.err.$j"
	done
	[ -s "$tmp/$name.out.1" ] || fail "$name: no report"
	for j in 2 4; do
		expect_same "$tmp/$name.out.1" "$tmp/$name.out.$j"
		expect_same "$tmp/$name.err.1" "$tmp/$name.err.$j"
	done
}

# every format --help lists
fmts=$(vssx scan --help | sed -n '/^Formats/,/^$/s/^  \([a-z]*\) .*/\1/p')
[ "$(echo $fmts)" = "text json jsonl csv html oneline nagios prometheus" ] ||
    fail "the formats are now: $(echo $fmts): test the new ones"
for fmt in $fmts; do
	same_for_jobs "tree-$fmt" same -r --format "$fmt" "$at" tree
done
for k in evtx json ndjson xml gz txt; do
	grep -q "\.$k\"" tree-jsonl.out.1 || fail "no finding of a .$k input"
done
same_for_jobs summary 1 -r --format csv --summary "$at" tree
same_for_jobs filtered 1 -r --format jsonl --guidance transient --min-count 2 "$at" tree
grep -q '"path":"tree/d3/e2/f59.log"' tree-jsonl.out.1 || fail "the last small file is not reported"
grep -q '"path":"tree/a-large.log","line":19983,' tree-jsonl.out.1 ||
    fail "the large log's last code is not reported"

# Errors among the files: a missing path, a directory without -r, an
# unreadable file, damaged XML, a cut gzip file; each message in its place.
mkdir bad
cp tree/d0/e0/f0.log bad/a.log
printf '<Events><Event><System><Provider Name="VSS"/><EventID>12</EventID>' >bad/b.xml
printf '<Level>2</Level></System><EventData><Data>0x80042306</Data></Broken>\n' >>bad/b.xml
gzip -n -c tree/a-large.log | head -c 20000 >bad/c.log.gz
cp tree/d1/e1/f1.log.gz bad/d.log.gz
cp tree/d0/e0/f0.log bad/locked.log
chmod 000 bad/locked.log
printf '\177ELF\002\001\001' >bad/e.bin
ln -s nowhere bad/dangling	# the walker's own messages, between files
ln -s . bad/loop
# damaged events of every kind: JSON (a text line: a notice; a broken line; a
# search response cut off), .evtx (cut in its first chunk; no EVTX inside)
{
	head -2 "$samples/winlogbeat.ndjson"
	echo '2024-05-14 02:13:09 backup: VSS snapshot failed 0x8004230F'
	echo '{"winlog":{"provider_name":"VSS","event_id":12289},"message":tru}'
	tail -3 "$samples/winlogbeat.ndjson"
} >bad/f.ndjson
head -c 9000 "$samples/winlogbeat-search.json" >bad/g.json
head -c 4096 "$samples/vss-failures.evtx" >bad/h.evtx
cp tree/d0/e0/f0.log bad/i.evtx
same_for_jobs errors 2 -r --format jsonl "$at" bad missing.log tree/d0 bad/a.log
same_for_jobs errors-no-r 2 --format csv "$at" bad/a.log tree/d0 bad/b.xml bad/e.bin bad/d.log.gz
for fmt in $fmts; do
	same_for_jobs "errors-$fmt" same -r --format "$fmt" "$at" bad tree/d1 missing.log
done
for fmt in text jsonl nagios; do
	same_for_jobs "quiet-$fmt" same -r --quiet --format "$fmt" "$at" bad tree/d1
done
chmod 644 bad/locked.log
grep -q 'tree/d0.*-r' errors-no-r.err.1 || fail "directory without -r not named"
grep -q 'dangling' errors.err.1 || fail "dangling link not named: $(cat errors.err.1)"
grep -q 'b\.xml' errors.err.1 || fail "damaged XML not named: $(cat errors.err.1)"
grep -q 'c\.log\.gz' errors.err.1 || fail "cut gzip not named: $(cat errors.err.1)"
grep -q 'missing\.log' errors.err.1 || fail "missing path not named: $(cat errors.err.1)"
grep -q '"path":"bad/d.log.gz"' errors.out.1 || fail "a file after the damaged ones is not read"
for f in f.ndjson g.json h.evtx i.evtx; do
	grep -q "bad/$f" errors.err.1 || fail "damaged $f not named: $(cat errors.err.1)"
done
grep -q 'notice: bad/f.ndjson: 1 line that is not JSON' errors.err.1 ||
    fail "no notice: $(cat errors.err.1)"
# --quiet: no notice, no skipped file, the errors still there
grep -q 'notice' quiet-jsonl.err.1 && fail "--quiet: a notice: $(cat quiet-jsonl.err.1)"
grep -q 'skipped' quiet-jsonl.err.1 && fail "--quiet: a skipped file: $(cat quiet-jsonl.err.1)"
grep -q 'bad/h.evtx' quiet-jsonl.err.1 || fail "--quiet: an error lost: $(cat quiet-jsonl.err.1)"

# A rule that gives up: its message at the first line, its count at the end of
# each input (an event export's too), in the input's place.
mkdir evil slow
printf '[pattern evil]\nliteral = Writer\nregex = (?<writer>(a+)+)+$\n' >evil/e.rules
a=$(printf 'a%.0s' $(seq 1 60))
ev() {
	printf "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>"
	printf "<Provider Name='VSS'/><EventID Qualifiers='0'>12292</EventID><Level>2</Level>"
	printf "<TimeCreated SystemTime='2024-05-14T02:05:3%dZ'/><EventRecordID>%d</EventRecordID>" "$1" "$1"
	printf "<Channel>Application</Channel><Computer>HV02</Computer></System><EventData>"
	printf "<Data>hr = 0x800423F3 Writer %s!</Data></EventData></Event>\n" "$a"
}
for i in 1 2 3; do
	{ printf '2024-05-14 02:13:0%d VSS hr = 0x800423F3\n' $i;
	  printf 'Writer %s!\n' "$a" "$a" "$a"; } >slow/s$i.log
	{ echo '<Events>'; ev 1; ev 2; echo '</Events>'; } >slow/s$i.xml
done
cp tree/d0/e0/f0.log slow/t.log
same_for_jobs gave-up 2 --rules evil -r --format jsonl "$at" slow
[ "$(grep -c 'gave up .* times in all' gave-up.err.1)" -eq 6 ] ||
    fail "not a count for each input: $(cat gave-up.err.1)"

# Cron mode: the same report and the same state, first and second run.
for j in 1 4; do
	mkdir "cron$j"
	cp tree/a-large.log "cron$j/app.log"
	cp tree/d0/e0/f0.log "cron$j/other.log"
	(cd "cron$j" && expect_status 1 vssx scan -j $j --state st.json --format jsonl "$at" \
	    app.log other.log && mv "$tmp/out" first.out)
	printf '2024-05-14 03:00:00 VSS hr = 0x80042306\n' >>"cron$j/app.log"
	(cd "cron$j" && expect_status 1 vssx scan -j $j --state st.json --format jsonl "$at" \
	    app.log other.log && mv "$tmp/out" second.out)
done
expect_same cron1/first.out cron4/first.out
expect_same cron1/second.out cron4/second.out
# the copies are other files (their inode numbers differ), saved at other times
sed '/"ino":/d; /"updated":/d' cron1/st.json >cron1.state
sed '/"ino":/d; /"updated":/d' cron4/st.json >cron4.state
expect_same cron1.state cron4.state
[ "$(wc -l <cron1/second.out)" -eq 1 ] || fail "cron: the second run read again"

# Standard input, and -j larger than the number of files.
expect_status 1 vssx scan -j 8 --format jsonl "$at" <tree/d0/e0/f0.log
mv "$tmp/out" stdin.out.8
expect_status 1 vssx scan -j 1 --format jsonl "$at" - <tree/d0/e0/f0.log
expect_same stdin.out.8 "$tmp/out"
# named more than once, among files: read all at its first place, then empty
jobs_in=tree/a-large.log
same_for_jobs stdin-twice 1 --format jsonl "$at" tree/d1/e1/f1.log.gz - tree/d0/e0/f0.log - \
    tree/d2/e2/f2.txt
jobs_in=
grep -q '"path":"-"' stdin-twice.out.1 || fail "standard input not read"

# A count from 1 only.
for bad in 0 -1 two 1x ''; do
	expect_status 2 vssx scan -j "$bad" tree/d0/e0/f0.log
	expect_grep 'jobs' "$tmp/err"
done
expect_status 1 vssx scan --jobs=3 tree/d0/e0/f0.log

done_testing

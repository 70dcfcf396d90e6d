#!/bin/sh
# scan-jobs-batch.sh: with -j, the threads take queued files several at a
# time, the walker queues them a few at a time, and the release hands on
# every read file at the head at once, waiting only when its window is full
# (src/pipeline.c).  On a tree of 420 tiny files, with damaged files, the
# walker's own messages (dangling links, named pipes) and a larger log in
# front that keeps the first slot busy while the others pile up behind it,
# the report in every format and every message, in walk order, are byte for
# byte those of -j 1, with 2, 3 and 8 threads and with --quiet.
. "$top_srcdir/tests/e2e/setup.sh"
cd "$tmp" || exit 99
at=--at=2024-05-20T00:00:00Z

mkdir -p tree/sub
awk 'BEGIN {
	for (i = 0; i < 20000; i++) {
		if (i % 97 == 0)
			printf "2024-05-14 02:%02d:%02d VSS Writer %d failed, hr = 0x800423F%d\n", i / 60 % 60, i % 60, i % 13, i % 5
		else
			printf "2024-05-14 02:%02d:%02d block %d checksum %d\n", i / 60 % 60, i % 60, i, (i * 7919) % 100003
	}
}' >tree/a-large.log
i=0
while [ $i -lt 420 ]; do
	f=$(printf 'tree/f%03d' $i)
	[ $((i % 50)) -eq 49 ] && f=$(printf 'tree/sub/g%03d' $i)
	printf '2024-05-%02d 02:%02d:09 VSS DoSnapshotSet failed. hr = 0x8004230%d\n' \
	    $((i % 28 + 1)) $((i % 60)) $((i % 10)) >"$f.log"
	case $((i % 9)) in
	4)	# cut off inside the gzip stream
		gzip -n -c "$f.log" | head -c 20 >"$f.log.gz" && rm "$f.log" ;;
	7)	# an event that never ends
		printf '<Events><Event><System><Provider Name="VSS"/><EventID>%d</EventID>\n' \
		    $i >"$f.xml" && rm "$f.log" ;;
	esac
	[ $((i % 13)) -eq 5 ] && ln -s nowhere "$f.dangling"
	[ $((i % 31)) -eq 3 ] && mkfifo "$f.fifo"
	i=$((i + 1))
done

for j in 1 2 3 8; do
	expect_status 2 vssx scan -j "$j" -r --format jsonl "$at" tree
	mv "$tmp/out" "$tmp/jsonl.out.$j"
	mv "$tmp/err" "$tmp/jsonl.err.$j"
	expect_status 2 vssx scan -j "$j" -r --quiet --format text "$at" tree
	mv "$tmp/out" "$tmp/text.out.$j"
	mv "$tmp/err" "$tmp/text.err.$j"
done
# every kind of message is there, in walk order
expect_grep 'f004\.log\.gz: truncated gzip' jsonl.err.1
expect_grep 'f007\.xml:2:1: the input ends inside the event' jsonl.err.1
expect_grep 'f005\.dangling: skipped: a dangling symbolic link' jsonl.err.1
expect_grep 'f003\.fifo: skipped: not a regular file' jsonl.err.1
[ "$(grep -c 'f[0-9]*\.log"' jsonl.out.1)" -ge 280 ] || fail "too few findings of the tiny logs"
grep -o 'tree/[a-z/]*[0-9]*' jsonl.err.1 >order.1
sort -c order.1 2>/dev/null || fail "the messages of -j 1 are not in walk order"
expect_no_grep 'dangling|not a regular' text.err.1
for j in 2 3 8; do
	expect_same jsonl.out.1 "jsonl.out.$j"
	expect_same jsonl.err.1 "jsonl.err.$j"
	expect_same text.out.1 "text.out.$j"
	expect_same text.err.1 "text.err.$j"
done
done_testing

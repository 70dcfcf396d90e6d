#!/bin/sh
# scan-jobs-reuse.sh: with -j, the memory that a file's findings took is
# used again once the release has written them, and each thread opens its
# files into one reader that it keeps (src/pipeline.c, src/input.c).  On a
# tree that mixes files with hundreds of findings and long lines (many
# batches and string blocks each), event exports (findings with event
# fields), gzip, UTF-16 and CRLF logs, empty and binary files and tiny
# logs, nothing of one file shows in the next: the report in two formats
# and the messages are byte for byte those of -j 1, with 2 and 3 threads.
. "$top_srcdir/tests/e2e/setup.sh"
cd "$tmp" || exit 99
at=--at=2024-05-20T00:00:00Z

mkdir -p tree
pad=$(awk 'BEGIN { for (i = 0; i < 900; i++) printf "x"; }')
i=0
while [ $i -lt 120 ]; do
	f=$(printf 'tree/f%03d' $i)
	case $((i % 8)) in
	0)	# many findings, each with a line near the 1 KiB kept of it
		awk -v i=$i -v pad="$pad" 'BEGIN {
			for (k = 0; k < 150 + i; k++)
				printf "2024-05-14 03:%02d:%02d VSS writer W%d failed, hr = 0x800423F%d %s\n",
				    k / 60 % 60, k % 60, k % 7, k % 5, substr(pad, 1, 100 + 7 * k)
		}' >"$f.log" ;;
	1)	cp "$samples/application-wevtutil.xml" "$f.xml" ;;
	2)	gzip -n -c "$samples/backup-job.log" >"$f.log.gz" ;;
	3)	cp "$samples/vssadmin-writers-utf16.txt" "$f.txt" ;;
	4)	printf '2024-05-14 02:00:%02d VSS failed, hr = 0x8004230%d\r\n' \
		    $((i % 60)) $((i % 10)) >"$f.log" ;;
	5)	: >"$f.log" ;;
	6)	printf 'MZ\000\001\002binary\000' >"$f.bin" ;;
	7)	cp "$samples/system-eventviewer.xml" "$f.xml" ;;
	esac
	i=$((i + 1))
done

for j in 1 2 3; do
	vssx scan -j "$j" -r --format jsonl "$at" tree >"jsonl.out.$j" 2>"jsonl.err.$j"
	echo $? >"status.$j"
	vssx scan -j "$j" -r --format csv "$at" tree >"csv.out.$j" 2>"csv.err.$j"
done
[ "$(grep -c 'f000\.log"' jsonl.out.1)" -ge 150 ] || fail "too few findings of f000.log"
expect_grep 'f001\.xml' jsonl.out.1
expect_grep 'f002\.log\.gz' jsonl.out.1
expect_grep 'f003\.txt' jsonl.out.1
for j in 2 3; do
	expect_same status.1 "status.$j"
	expect_same jsonl.out.1 "jsonl.out.$j"
	expect_same jsonl.err.1 "jsonl.err.$j"
	expect_same csv.out.1 "csv.out.$j"
	expect_same csv.err.1 "csv.err.$j"
done
done_testing

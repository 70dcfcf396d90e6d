#!/bin/sh
# cron-sim.sh: many cron runs over a growing log that is rotated by
# rename-and-create, by copytruncate and with gzip, some runs killed with
# SIGKILL at random moments.  Every line written must be reported by a
# completed run at least once, and exactly once when no run was killed.
. "$top_srcdir/tests/e2e/setup.sh"
cd "$tmp" || exit 99
mkdir out

r=12345
rand() {	# rand N: a pseudo-random number below N, in $v
	r=$(( (r * 1103515245 + 12345) % 2147483648 ))
	v=$(( r / 65536 % $1 ))
}

n=0
write_lines() {
	rand 4
	k=0
	while [ "$k" -lt "$v" ]; do
		n=$((n + 1))
		printf '2024-05-14 02:13:09 ERROR [VSS] snapshot failed, hr = 0x80042306 (seq %d)\n' \
		    "$n" >> app.log
		k=$((k + 1))
	done
}

rotate() {
	rand 12
	case $v in
	0)	rm -f app.log.1 app.log.1.gz; mv app.log app.log.1; : > app.log ;;
	1)	rm -f app.log.1 app.log.1.gz; cp app.log app.log.1; : > app.log ;;
	2)	rm -f app.log.1 app.log.1.gz; mv app.log app.log.1; : > app.log
		gzip app.log.1 ;;
	esac
}

# simulate RUNS KILL: KILL is 1 to kill about a third of the runs
simulate() {
	i=0
	rm -f app.log* st.json* out/*
	: > app.log
	completed=yes
	while [ "$i" -lt "$1" ]; do
		i=$((i + 1))
		write_lines
		# rotate only after a completed run, as a log that is rotated twice
		# between two reads loses lines with any tool
		[ "$completed" = yes ] && rotate
		rand 3
		if [ "$2" = 1 ] && [ "$v" = 0 ]; then
			vssx scan --state st.json --format jsonl --output "out/$i.jsonl" app.log \
			    2>/dev/null &
			pid=$!
			rand 15
			sleep "0.00$v" 2>/dev/null || sleep 0
			kill -9 "$pid" 2>/dev/null
			wait "$pid" 2>/dev/null
			completed=no
		else
			vssx scan --state st.json --format jsonl --output "out/$i.jsonl" app.log \
			    2>>notices
			case $? in 0|1) completed=yes ;; *) fail "run $i failed"; completed=no ;; esac
		fi
	done
	vssx scan --state st.json --format jsonl --output out/last.jsonl app.log 2>>notices
	cat out/*.jsonl | sed -n 's/.*(seq \([0-9]*\)).*/\1/p' | sort -n > seen
	seq 1 "$n" > written
}

simulate 120 0
sort -n -u seen > seen.u
expect_same written seen.u
if ! cmp -s seen seen.u; then
	fail "without kills, lines were reported more than once: $(uniq -d seen | head -5 | tr '\n' ' ')"
fi
grep -q 'copytruncate' notices || fail "no copytruncate rotation was exercised"
grep -q '\.gz first' notices || fail "no gzip rotation was exercised"

n=0
simulate 120 1
sort -n -u seen > seen.u
expect_same written seen.u
done_testing

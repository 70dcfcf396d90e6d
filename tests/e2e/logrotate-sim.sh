# logrotate-sim.sh: sourced by the cron-logrotate-*.sh tests, after setup.sh.
# Drives the real logrotate (logrotate -f -s STATE CONF) over a growing log
# between cron runs of vssexplain scan --state, and checks that every failure
# line written is reported exactly once across the runs (at least once when
# runs are killed with SIGKILL at random moments).
#
#   lr_simulate NAME RUNS KILL 'CONF LINES' [VSSX OPTIONS...]
#
# runs in $tmp/NAME with the log $tmp/NAME/app.log.  Hooks a test may define
# (after the functions below are read): lr_before_rotate, lr_after_rotate
# (run around each logrotate, in the directory), lr_before_run N.
# $lr_once: options given to the first run only (they must be remembered).
# Afterwards: $lr_dups (ids reported more than once), $lr_lost (ids never
# reported), $lr_rotations, $lr_written, $lr_dir; $lr_dir/notices holds the
# runs' messages.  Under VSSEXPLAIN_WRAPPER (valgrind) RUNS is divided by 4.

PATH=$PATH:/usr/sbin:/sbin
if ! command -v logrotate >/dev/null 2>&1; then
	if [ -n "${CI:-}" ]; then
		echo "FAIL: logrotate is not installed (tools/deps.sh logrotate)" >&2
		exit 1
	fi
	echo "SKIP: logrotate is not installed" >&2
	exit 77
fi

lr_r=4242
lr_rand() {	# lr_rand N: a pseudo-random number below N, in $v
	lr_r=$(( (lr_r * 1103515245 + 12345) % 2147483648 ))
	v=$(( lr_r / 65536 % $1 ))
}

lr_before_rotate() { :; }
lr_after_rotate() { :; }
lr_before_run() { :; }

lr_n=0
# lr_write: appends 0 to 3 failure lines, each with its own id
lr_write() {
	lr_rand 4
	_k=0
	while [ "$_k" -lt "$v" ]; do
		lr_n=$((lr_n + 1))
		printf '2026-12-02 02:13:09 ERROR [VSS] snapshot failed, hr = 0x80042306 (seq %d)\n' \
		    "$lr_n" >> app.log
		_k=$((_k + 1))
	done
}

lr_rotate() {
	lr_before_rotate
	if logrotate -f -s lr.state lr.conf >>lr.out 2>&1; then
		lr_rotations=$((lr_rotations + 1))
	else
		fail "$lr_name: logrotate failed: $(tail -3 lr.out)"
	fi
	lr_after_rotate
}

lr_simulate() {
	lr_name=$1
	_runs=$2
	_kill=$3
	_conf=$4
	shift 4
	[ -n "${VSSEXPLAIN_WRAPPER:-}" ] && _runs=$(( (_runs + 3) / 4 ))
	lr_dir=$tmp/$lr_name
	mkdir -p "$lr_dir/out"
	cd "$lr_dir" || exit 99
	printf '%s/app.log {\n\trotate 4\n\tmissingok\n%s\n}\n' "$lr_dir" "$_conf" > lr.conf
	lr_rotations=0
	lr_n=${lr_first:-0}
	_first=$lr_n
	_i=0
	_completed=yes
	_since=0
	: >> app.log
	while [ "$_i" -lt "$_runs" ]; do
		_i=$((_i + 1))
		lr_write
		# rotate only after a completed run: a log rotated twice between two
		# reads loses lines with any tool
		# (and what is rotated before the first run is older than the
		# state: it is not read); at the latest every third run
		lr_rand 3
		_since=$((_since + 1))
		if [ "$_i" -gt 1 ] && [ "$_completed" = yes ] &&
		    { [ "$v" = 0 ] || [ "$_since" -ge 3 ]; }; then
			lr_rotate
			_since=0
		fi
		lr_before_run "$_i"
		_once=
		[ "$_i" = 1 ] && _once=${lr_once:-}
		lr_rand 3
		if [ "$_kill" = 1 ] && [ "$v" = 0 ]; then
			vssx scan --state st.json --format jsonl --output "out/$_i.jsonl" "$@" \
			    app.log 2>/dev/null &
			_pid=$!
			lr_rand 20
			sleep "0.0$v" 2>/dev/null || sleep 0
			kill -9 "$_pid" 2>/dev/null
			wait "$_pid" 2>/dev/null
			_completed=no
		else
			# shellcheck disable=SC2086
			vssx scan --state st.json --format jsonl --output "out/$_i.jsonl" $_once \
			    "$@" app.log 2>>notices
			case $? in
			0|1)	_completed=yes ;;
			*)	fail "$lr_name: run $_i failed: $(tail -3 notices)"
				break ;;
			esac
		fi
	done
	vssx scan --state st.json --format jsonl --output out/last.jsonl "$@" app.log \
	    2>>notices || [ $? = 1 ] || fail "$lr_name: the last run failed: $(tail -3 notices)"
	cat out/*.jsonl | sed -n 's/.*(seq \([0-9]*\)).*/\1/p' | sort -n > seen
	seq $((_first + 1)) "$lr_n" | sort > written
	sort -u seen > seen.u
	lr_written=$((lr_n - _first))
	lr_dups=$(uniq -d seen | wc -l)
	lr_lost=$(comm -23 written seen.u | wc -l)
	_extra=$(comm -13 written seen.u | head -5 | tr '\n' ' ')
	[ -n "$_extra" ] && fail "$lr_name: reported lines never written in this run: $_extra"
	[ "$lr_rotations" -ge 2 ] || fail "$lr_name: only $lr_rotations rotation(s)"
	echo "$lr_name: $_runs runs, $lr_rotations rotations, $lr_written lines," \
	    "$lr_dups reported twice, $lr_lost never reported" >&2
	[ "$lr_lost" -eq 0 ] || fail "$lr_name: $lr_lost line(s) never reported:" \
	    "$(comm -23 written seen.u | head -5 | tr '\n' ' ')"
	if [ "$_kill" = 0 ] && [ "$lr_dups" -ne 0 ]; then
		fail "$lr_name: $lr_dups line(s) reported more than once:" \
		    "$(uniq -d seen | head -5 | tr '\n' ' ')"
	fi
	cd "$tmp" || exit 99
}

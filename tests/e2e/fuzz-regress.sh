# fuzz-regress.sh: every input the fuzzers found a problem with
# (tests/data/fuzz-regress/NAME/, as fuzz_NAME reads it) runs again through
# the fuzz target's code (fuzz/replay_NAME) and, without its leading choice
# bytes, through vssexplain itself: no crash, no hang (10 s), and an exit
# status of 0, 1 or 2.
. "$top_srcdir/tests/e2e/setup.sh"
: "${top_builddir:=$top_srcdir}"

# status_ok WHAT STATUS: 0, 1 and 2 are answers; 124 is a hang; the rest a crash.
status_ok() {
	case $2 in
	0|1|2) ;;
	124) fail "$1: still running after 10 s" ;;
	*) fail "$1: exit status $2"; sed 's/^/  /' "$tmp/err" | head -20 >&2 ;;
	esac
}

# payload FILE SKIP: FILE without its first SKIP bytes, in $tmp/in.
payload() {
	tail -c +"$(($2 + 1))" "$1" >"$tmp/in"
}

n=0
for f in "$data"/fuzz-regress/*/*; do
	[ -f "$f" ] || continue
	name=$(basename "$(dirname "$f")")
	n=$((n + 1))
	timeout 10 "$top_builddir/fuzz/replay_$name" "$f" >"$tmp/out" 2>"$tmp/err"
	st=$?
	[ "$st" -eq 0 ] || status_ok "replay_$name $f" "$st"
	[ "$st" -ne 0 ] && [ "$st" -le 2 ] && fail "replay_$name $f: exit status $st"
	case $name in
	text)
		payload "$f" 5
		timeout 10 "$VSSEXPLAIN" scan --all-codes --format jsonl "$tmp/in" \
		    >"$tmp/out" 2>"$tmp/err"
		;;
	evtx)
		payload "$f" 1
		timeout 10 "$VSSEXPLAIN" scan --all-codes --format jsonl "$tmp/in" >"$tmp/out" 2>"$tmp/err"
		;;
	evxml)
		payload "$f" 4
		timeout 10 "$VSSEXPLAIN" scan --format jsonl "$tmp/in" >"$tmp/out" 2>"$tmp/err"
		;;
	merge)
		payload "$f" 1
		timeout 10 "$VSSEXPLAIN" merge "$tmp/in" >"$tmp/out" 2>"$tmp/err"
		;;
	state)
		cp "$f" "$tmp/state.json"
		timeout 10 "$VSSEXPLAIN" scan --state "$tmp/state.json" \
		    "$samples/backup-job.log" >"$tmp/out" 2>"$tmp/err"
		;;
	rules)
		rm -rf "$tmp/rules" && mkdir "$tmp/rules" && cp "$f" "$tmp/rules/fuzz.rules"
		timeout 10 "$VSSEXPLAIN" --rules "$tmp/rules" explain 0x800423F3 \
		    >"$tmp/out" 2>"$tmp/err"
		;;
	explain)
		payload "$f" 1
		tr '\000' '\n' <"$tmp/in" >"$tmp/args"
		set --
		while IFS= read -r a; do
			set -- "$@" "$a"
		done <"$tmp/args"
		timeout 10 "$VSSEXPLAIN" explain -- "$@" >"$tmp/out" 2>"$tmp/err"
		;;
	*)
		fail "$f: no fuzz target named $name"
		continue
		;;
	esac
	status_ok "vssexplain on $f" $?
done
[ "$n" -gt 0 ] || fail "no inputs in $data/fuzz-regress"
done_testing

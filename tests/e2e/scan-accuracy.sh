# scan-accuracy.sh: the code forms that real logs of backup tools print
# (tests/data/accuracy/, one file per form family, see its SOURCES.md and
# doc/forms.md) are each found, with the right value, name, namespace, form,
# line and matched text; and the decoy file beside each family gives no
# finding at all.  FAMILY.pending.jsonl, where there is one, holds findings
# of real codes that the scanner does not make yet (forms that need a
# prefilter trigger it lacks, see doc/forms.md): they are reported as
# PENDING, may be found without failing the test, and belong in the
# expectations once they are.  Also run by hand (make check-accuracy):
#   top_srcdir=$PWD VSSEXPLAIN=$PWD/vssexplain sh tests/e2e/scan-accuracy.sh
# FAMILY=robocopy (a space-separated list) runs only those families.
. "$top_srcdir/tests/e2e/setup.sh"
acc=$data/accuracy
opts="--format jsonl --tz UTC --at 2025-07-01T00:00:00Z"
families=${FAMILY:-"robocopy sqlserver-vdi pywin32 wer-crash dotnet-com win32-short prefix-variants unknown-in-failure-position multiline-record"}

# norm: JSON Lines findings (the tool's, or the expected subset) to one
# "line code name namespace form match" row each, sorted.  The fields come
# in the tool's order; a key cannot occur unescaped inside a JSON string, so
# the greedy gaps never reach into the text.
norm() {
	sed -E 's/^\{"code":"([^"]*)","name":(null|"[^"]*"),"namespace":(null|"[^"]*"),.*"form":"([^"]*)",.*"line":([0-9]+),.*"match":"(([^"\\]|\\.)*)".*$/\5 \1 \2 \3 \4 \6/' "$1" |
	    sort -k1,1n -k2
}

passed=0
failed=0
report=""
pending=""
for f in $families; do
	log=$acc/$f.log
	want=$acc/$f.expected.jsonl
	decoys=$acc/$f-decoys.log
	for x in "$log" "$want" "$decoys"; do
		[ -f "$x" ] || { fail "$f: missing $x"; continue 2; }
	done

	# The expectations themselves: one finding a row, each match on its line.
	n=0
	while IFS= read -r row; do
		n=$((n + 1))
		set -f; set -- $row; set +f
		case $row in
		*'{"code":'*) fail "$want:$n: not a finding row: $row"; continue ;;
		esac
		m=${row#* * * * * }
		sed -n "${1}p" "$log" | grep -qF -- "$m" ||
		    fail "$want:$n: '$m' is not on line $1 of $f.log"
	done <<EOF
$(norm "$want")
EOF

	ok=1
	vssx scan $opts "$log" >"$tmp/out" 2>"$tmp/err"
	st=$?
	[ -s "$tmp/err" ] && { ok=0; echo "$f: messages: $(head -3 "$tmp/err")" >&2; }
	[ "$st" -le 1 ] || { ok=0; echo "$f: exit status $st" >&2; }
	norm "$want" >"$tmp/want"
	norm "$tmp/out" >"$tmp/got"
	: >"$tmp/pend"
	[ -f "$acc/$f.pending.jsonl" ] && norm "$acc/$f.pending.jsonl" >"$tmp/pend"
	if [ -s "$tmp/pend" ]; then
		# found pending rows are no failure; the others are reported
		grep -vxF -f "$tmp/pend" "$tmp/got" >"$tmp/got2"
		mv "$tmp/got2" "$tmp/got"
		npend=$(grep -c . "$tmp/pend")
		nfound=$(norm "$tmp/out" | grep -cxF -f "$tmp/pend")
		pending="$pending  PENDING $f: $npend ($nfound found)
"
	fi
	if ! cmp -s "$tmp/want" "$tmp/got"; then
		ok=0
		echo "$f: findings differ (- expected, + found; line code name namespace form match):" >&2
		diff "$tmp/want" "$tmp/got" | sed -n 's/^</  -/p; s/^>/  +/p' >&2
	fi

	vssx scan $opts "$decoys" >"$tmp/out" 2>"$tmp/err"
	st=$?
	dok=1
	[ "$st" -eq 0 ] || dok=0
	[ -s "$tmp/out" ] && dok=0
	[ -s "$tmp/err" ] && dok=0
	if [ "$dok" -eq 0 ]; then
		echo "$f-decoys: exit status $st, findings:" >&2
		norm "$tmp/out" | sed 's/^/  +/' >&2
		sed 's/^/  stderr: /' "$tmp/err" | head -3 >&2
	fi

	for r in "$f:$ok" "$f-decoys:$dok"; do
		if [ "${r##*:}" -eq 1 ]; then
			passed=$((passed + 1))
			report="$report  PASS ${r%:*}
"
		else
			failed=$((failed + 1))
			failures=$((failures + 1))
			report="$report  FAIL ${r%:*}
"
		fi
	done
done

# Every name and value expected is a fact of the reference tables: the
# shared reference of the project (when it is beside the tree) for HRESULT,
# Win32 and NTSTATUS names, vdi-codes.csv for the VD_E_* ones.
# VSSX_REFERENCE names that folder where it is elsewhere.
ref=${VSSX_REFERENCE:-$top_srcdir/../shared/reference}/codes.csv
if [ -f "$ref" ]; then
	for f in $families; do
		norm "$acc/$f.expected.jsonl"
	done | while read -r line code name ns form match; do
		[ "$name" = null ] && continue
		name=$(echo "$name" | tr -d '"')
		case $ns in
		'"Win32"')
			w=$(printf '0x0000%s' "$(echo "$code" | cut -c7-10)")
			grep -qix "$name,win32,$w,[a-z.]*.\{0,1\}" "$ref" ||
			    echo "not in the reference: $name = Win32 $w" ;;
		'"VDI"')
			grep -qi "^$name,$code," "$acc/vdi-codes.csv" ||
			    echo "not in vdi-codes.csv: $name = $code" ;;
		*)
			grep -qix "$name,[a-z]*,$code,[a-z.]*.\{0,1\}" "$ref" ||
			    echo "not in the reference: $name = $code" ;;
		esac
	done >"$tmp/refcheck"
	[ -s "$tmp/refcheck" ] && fail "expected names: $(sort -u "$tmp/refcheck")"
fi

printf 'scan-accuracy:\n%s%s' "$report" "$pending" >&2
echo "accuracy: $passed passed, $failed failed" >&2
done_testing

#!/bin/sh
# completion-bash.sh: the bash completion (completion/vssexplain), sourced in
# bash, completes commands, options, option values and paths, and reads the
# options and format names from the help of the program being completed.
. "$top_srcdir/tests/e2e/setup.sh"
command -v bash >/dev/null 2>&1 || { echo "no bash: skipped"; exit 77; }
comp=$top_srcdir/completion/vssexplain

# the completions of a command line (the last word is completed), sorted, on
# one line
cat > "$tmp/drive.bash" <<'DRIVE'
. "$1" || exit 99
shift
COMP_WORDS=("$@")
COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
_vssexplain "${COMP_WORDS[0]}" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
printf '%s\n' "${COMPREPLY[@]}" | LC_ALL=C sort | tr '\n' ' '
DRIVE

# expect_comp WANT WORD...: the completions of WORD... must be WANT
expect_comp() {
	want=$1
	shift
	got=$(bash "$tmp/drive.bash" "$comp" "$@" 2>"$tmp/comp-err")
	got=${got% }
	[ "$got" = "$want" ] || fail "completing '$*': got '$got', wanted '$want'"
	[ -s "$tmp/comp-err" ] && fail "completing '$*' printed: $(head -3 "$tmp/comp-err")"
}

v=$VSSEXPLAIN
expect_comp "explain merge rules scan" "$v" ""
expect_comp "scan" "$v" sc
expect_comp "--help --rules --version -V -h" "$v" -
expect_comp "--format" "$v" scan --fo
expect_comp "--recursive" "$v" scan --rec
expect_comp "--jobs" "$v" scan --jo
expect_comp "" "$v" scan --jobs ""
expect_comp "" "$v" scan -j ""
expect_comp "--recursive --reset-state --retry-window" "$v" scan --re
expect_comp "csv html json jsonl nagios oneline prometheus text" "$v" scan --format ""
expect_comp "json jsonl" "$v" scan -r --format = j
expect_comp "json text" "$v" explain --format ""
expect_comp "csv html json nagios oneline prometheus text" "$v" merge --format ""
expect_comp "--critical" "$v" scan --cr
expect_comp "--warning" "$v" merge --wa
expect_comp "exhausted,fix" "$v" scan --critical exhausted,f
expect_comp "none" "$v" scan --warning no
expect_comp "nagios" "$v" merge --format na
expect_comp "always auto never" "$v" scan --color ""
expect_comp "fix,transient" "$v" scan --guidance fix,tr
expect_comp "transient" "$v" scan --fail-on tr
expect_comp "" "$v" scan --at ""
expect_comp "--win32" "$v" explain --w
expect_comp "--method" "$v" --rules /nowhere explain --m
expect_comp "--max-sources --min-count" "$v" merge --m
# options added by issue 20, and their values, from the help as the others
expect_comp "host writer" "$v" scan --by ""
expect_comp "host writer" "$v" merge --by ""
expect_comp "--quiet" "$v" scan --qu
expect_comp "--quiet" "$v" merge --qu
expect_comp "--version" "$v" explain --vers
expect_comp "--version" "$v" scan --vers

# paths: files for scan and --output, directories only for --rules
mkdir "$tmp/d" "$tmp/d/logs.d"
: > "$tmp/d/logs.txt"
cd "$tmp/d" || exit 99
expect_comp "logs.d logs.txt" "$v" scan -r log
expect_comp "logs.d logs.txt" "$v" scan --output log
expect_comp "logs.d" "$v" --rules log
expect_comp "" "$v" explain log

# what the help says is what is offered: a vssexplain with another format
# and option needs no change to the completion
mkdir "$tmp/fake"
cat > "$tmp/fake/vssexplain" <<'FAKE'
#!/bin/sh
case $1 in
scan) printf '%s\n' 'usage: vssexplain scan [--format text|xml] [PATH...]' \
	'  --frobnicate N   frobnicate' ;;
*) printf '%s\n' 'Commands:' '  vssexplain scan [OPTIONS]' '  vssexplain frob X' ;;
esac
FAKE
chmod +x "$tmp/fake/vssexplain"
expect_comp "text xml" "$tmp/fake/vssexplain" scan --format ""
expect_comp "--frobnicate" "$tmp/fake/vssexplain" scan --fr
expect_comp "frob scan" "$tmp/fake/vssexplain" ""
expect_comp "" "$tmp/fake/vssexplain" scan --frobnicate ""

# the formats come from the help's list of them (which the program writes
# from its table of formats) before the usage line's a|b|c
cat > "$tmp/fake/vssexplain" <<'FAKE'
#!/bin/sh
case $1 in
scan) printf '%s\n' 'usage: vssexplain scan [--format text|json] [PATH...]' \
	'  --format FMT   text or json' 'Formats (--format FMT):' \
	'  text                for people' '  html                for a browser' \
	'  nagios-check        for a monitor' ;;
*) printf '%s\n' 'Commands:' '  vssexplain scan [OPTIONS]' ;;
esac
FAKE
expect_comp "html nagios-check text" "$tmp/fake/vssexplain" scan --format ""
# and the real program lists every format --format takes: the names its
# error message gives are those completed
vssx scan --format nosuch </dev/null >/dev/null 2>"$tmp/fmt-err"
names=$(sed -n "s/^vssexplain: --format is \(.*\), not 'nosuch'\$/\1/p" "$tmp/fmt-err" |
    sed 's/, / /g; s/ or / /' | tr ' ' '\n' | LC_ALL=C sort | tr '\n' ' ')
[ -n "$names" ] || fail "no format names in: $(cat "$tmp/fmt-err")"
expect_comp "${names% }" "$v" scan --format ""

done_testing

# explain-status.sh: the exit status of explain: 0 all known, 1 something
# unknown, 2 a usage error or a broken database.
. "$top_srcdir/tests/e2e/setup.sh"

# All known.
expect_status 0 vssx explain 0x800423F3
expect_status 0 vssx explain 0x800423F3 E_ACCESSDENIED -2147024891 0x00042309
expect_status 0 vssx explain --win32 5 2
expect_status 0 vssx explain 0x8078011E
expect_status 0 vssx explain --method DoSnapshotSet 0x80042306
expect_grep '^  Guidance +transient: ' "$tmp/out"

# Something unknown: a value without a name or entry, an undefined name.
expect_status 1 vssx explain 0x80080024
expect_status 1 vssx explain FOO_E_BAR
expect_grep '^FOO_E_BAR$' "$tmp/out"
expect_grep 'no such name is defined' "$tmp/out"
expect_status 1 vssx explain 0x800423F3 0x80080024
expect_grep '^0x800423F3 ' "$tmp/out"
expect_status 1 vssx explain 0x80080024 0x800423F3
expect_grep '^0x800423F3 ' "$tmp/out"
expect_status 1 vssx explain --format json FOO_E_BAR

# Not a code at all; the good arguments are still explained.
for arg in 0xZZ 12abc 0x 0x123456789 4294967296 -2147483649 '' 'VSS E'; do
	expect_status 2 vssx explain "$arg"
	expect_grep 'is not a code' "$tmp/err"
done
expect_status 2 vssx explain 0x800423F3 0xZZ
expect_grep '^0x800423F3  VSS_E_WRITERERROR_RETRYABLE$' "$tmp/out"
expect_status 2 vssx explain 0xZZ 0x80080024
expect_grep '^0x80080024 ' "$tmp/out"
expect_status 2 vssx explain 0x80080024 0xZZ

# Usage errors.
expect_status 2 vssx
expect_grep '^usage: ' "$tmp/err"
expect_status 2 vssx explain
expect_grep '^usage: vssexplain explain' "$tmp/err"
expect_status 2 vssx explain --bogus 0x800423F3
expect_grep "unknown option '--bogus'" "$tmp/err"
expect_status 2 vssx explain -x 0x800423F3
expect_grep "unknown option '-x'" "$tmp/err"
expect_status 2 vssx explain --format xml 0x800423F3
expect_grep 'text or json' "$tmp/err"
expect_status 2 vssx explain 0x800423F3 --format
expect_status 2 vssx explain --method NoSuchMethod 0x800423F3
expect_status 2 vssx frobnicate
expect_grep "unknown command 'frobnicate'" "$tmp/err"
expect_status 2 vssx --bogus explain 0x800423F3

# A broken database: through --rules, or as the base directory.
expect_status 2 vssx --rules "$data/rules-bad-section-type" explain 0x800423F3
expect_status 2 vssx explain --rules "$data/rules-bad-header" 0x800423F3
expect_status 2 env VSSEXPLAIN_RULES="$data/rules-bad-no-class" "$VSSEXPLAIN" \
    explain 0x800423F3

# Help is no error.
expect_status 0 vssx --help
expect_grep '^usage: vssexplain' "$tmp/out"
expect_status 0 vssx -h
expect_status 0 vssx explain --help
expect_grep '^usage: vssexplain explain' "$tmp/out"
expect_grep '--format FMT' "$tmp/out"
expect_status 0 vssx explain -h
expect_status 0 vssx --version
expect_grep '^vssexplain [0-9]' "$tmp/out"

# --version and --help after every command, wherever the options are; the
# rest of the line is not run, and what is after the option is not read
# (issue 20).
for cmd in explain scan merge rules; do
	for opt in --version -V; do
		expect_status 0 vssx $cmd $opt
		expect_grep '^vssexplain [0-9]' "$tmp/out"
		[ -s "$tmp/err" ] && fail "$cmd $opt: stderr: $(head -3 "$tmp/err")"
	done
	expect_status 0 vssx $cmd --help
	expect_grep "^usage: vssexplain $cmd" "$tmp/out"
done
expect_status 0 vssx explain 0x800423F3 -V
[ "$(cat "$tmp/out")" = "vssexplain $("$VSSEXPLAIN" --version | cut -d' ' -f2)" ] ||
	fail "explain CODE -V printed more than the version: $(head -3 "$tmp/out")"
expect_status 0 vssx scan -r --state "$tmp/never/state.json" --version /nonexistent
[ -e "$tmp/never" ] && fail "scan --version did something"
expect_status 0 vssx merge --format json --help
expect_grep '^usage: vssexplain merge' "$tmp/out"
expect_status 0 vssx scan --retry-window 2h -h
expect_grep '^usage: vssexplain scan' "$tmp/out"
# a value that looks like the option is the option's value
expect_status 2 vssx explain --method -V 0x800423F3
expect_no_grep '^vssexplain [0-9]' "$tmp/out"

done_testing

# rules-broken.sh: a broken database is refused as a whole, with "file:line:"
# messages on stderr and nothing on stdout.
. "$top_srcdir/tests/e2e/setup.sh"

# refused: the last command exited 2, said where and why, and printed nothing.
refused() {
	[ -s "$tmp/out" ] && fail "stdout not empty: $(head -3 "$tmp/out")"
	expect_grep 'the error database is broken; nothing was done' "$tmp/err"
}

# Through --rules, before the command and after it.
bad=$data/rules-bad-section-type
expect_status 2 vssx --rules "$bad" explain 0x800423F3
refused
expect_grep "^$bad/bad\.rules:3: unknown section type 'codes'$" "$tmp/err"
expect_status 2 vssx --rules="$bad" explain 0x800423F3
refused
expect_status 2 vssx explain 0x800423F3 --rules "$bad"
refused
expect_grep "^$bad/bad\.rules:3: " "$tmp/err"
expect_status 2 vssx explain --format json --rules "$bad" 0x800423F3
refused

# Every problem is reported, each with its own line.
bad=$data/rules-bad-header
expect_status 2 vssx --rules "$bad" explain 0x800423F3
refused
for line in 2 4 5 6 8; do
	expect_grep "^$bad/bad\.rules:$line: " "$tmp/err"
done
expect_no_grep "^$bad/bad\.rules:(3|7|9): " "$tmp/err"

# [record] needs a regex; a pattern's context and digit_within have few values.
bad=$data/rules-bad-record
expect_status 2 vssx --rules "$bad" explain 0x800423F3
refused
expect_grep "^$bad/bad\.rules:2: \[record no-regex\] needs a regex$" "$tmp/err"
bad=$data/rules-bad-pattern-keys
expect_status 2 vssx --rules "$bad" explain 0x800423F3
refused
expect_grep "^$bad/bad\.rules:5: context is record or any$" "$tmp/err"
expect_grep "^$bad/bad\.rules:6: digit_within is a number of bytes from 1 to 256$" "$tmp/err"

# A regex that does not compile is reported at its line by every command,
# explain too: the database is checked whole even where patterns are unused.
bad=$data/rules-bad-regex
for cmd in "explain 0x800423F3" "rules" "scan $top_srcdir/samples/vssadmin-writers.txt"; do
	expect_status 2 vssx --rules "$bad" $cmd
	refused
	expect_grep "^$bad/bad\.rules:5: \[pattern broken-group\]: bad regular expression at offset [0-9]+: " \
	    "$tmp/err"
	expect_grep "^$bad/bad\.rules:9: \[timestamp broken-repeat\]: bad regular expression" "$tmp/err"
done

# Problems found once all files are read name the line too.
bad=$data/rules-bad-undefined-name
expect_status 2 vssx --rules "$bad" explain 0x800423F3
refused
expect_grep "^$bad/bad\.rules:2: \[code VSSX_E_NOT_DEFINED\]: no such name" "$tmp/err"

# An overlay that redefines a real name in another namespace.
bad=$data/rules-bad-two-ns
expect_status 2 vssx --rules "$bad" explain 0x800423F3
refused
expect_grep "^$bad/bad\.rules:3: name VSS_E_WRITERERROR_RETRYABLE is already defined in" "$tmp/err"
expect_grep "in namespace vss at $top_srcdir/rules/names\.rules:[0-9]+$" "$tmp/err"

# VSSEXPLAIN_RULES replaces the base directory: a broken one is refused too.
bad=$data/rules-bad-no-class
VSSEXPLAIN_RULES=$bad
export VSSEXPLAIN_RULES
expect_status 2 vssx explain 0x800423F3
refused
expect_grep "the guidance class 'info' is not defined" "$tmp/err"
expect_status 2 vssx rules
refused
VSSEXPLAIN_RULES=$data/rules-min
expect_status 2 vssx --rules "$data/rules-bad-key-twice" explain 0x800423F3
refused
expect_grep "^$data/rules-bad-key-twice/bad\.rules:4: key 'description' given twice" "$tmp/err"
expect_status 2 vssx --rules "$data/rules-bad-vss-no-guidance" explain 0x800423F3
refused
expect_grep "^$data/rules-bad-vss-no-guidance/bad\.rules:3: VSS code VSS_E_PROVIDER_VETO has no" \
    "$tmp/err"
# ...and a good one is used instead of rules/.
expect_status 0 vssx explain 0x800423F3
expect_grep '^  Meaning +A writer failed with an error it considers temporary\.$' "$tmp/out"
expect_status 1 vssx explain 0x80042306
unset VSSEXPLAIN_RULES

# A directory that cannot be read is an error, not an empty overlay.
expect_status 2 vssx --rules "$tmp/no-such-dir" explain 0x800423F3
refused
expect_grep "$tmp/no-such-dir: cannot read rules directory" "$tmp/err"
expect_status 2 vssx --rules "$data/rules-empty" --rules "$data/rules-bad-outside" rules
refused

# [code VALUE] for a value that two entries by name have: which one is meant?
expect_status 2 vssx --rules "$data/rules-bad-value-two-names" rules
refused
expect_grep "^$data/rules-bad-value-two-names/local\\.rules:13: \\[code 0x80780051\\] is both VSSX_TEST_E_(ONE|TWO) and VSSX_TEST_E_(ONE|TWO): write the name" "$tmp/err"

# The rules command checks the database the same way.
expect_status 2 vssx --rules "$data/rules-bad-value" rules
refused
expect_grep "^$data/rules-bad-value/bad\.rules:3: bad value" "$tmp/err"
expect_status 0 vssx rules
expect_grep '^methods: 107$' "$tmp/out"
expect_grep '^disputed claims: 5$' "$tmp/out"

done_testing

# rules-override.sh: --rules DIR adds to the database and overrides single keys
# of it, in the order the directories are given.
. "$top_srcdir/tests/e2e/setup.sh"

over=$data/rules-override
min=$data/rules-min

# flat FILE: FILE with its lines joined and runs of blanks squeezed.
flat() {
	tr '\n' ' ' <"$1" | tr -s ' ' >"$tmp/flat"
	echo >>"$tmp/flat"
}

# Without the overlay: the text of rules/.
expect_status 0 vssx explain 0x800423F3
expect_grep '^  Meaning +A writer failed' "$tmp/out"
expect_no_grep 'test data' "$tmp/out"
expect_status 1 vssx explain VSSX_TEST_E_ADDED

# A [code NAME] description and a [guidance] title are replaced; the rest stays.
expect_status 0 vssx --rules "$over" explain 0x800423F3
flat "$tmp/out"
expect_grep '^0x800423F3  VSS_E_WRITERERROR_RETRYABLE$' "$tmp/out"
expect_grep '^  Meaning +Overridden: the writer asks for another attempt \(test data\)\.$' \
    "$tmp/out"
expect_grep '^  Guidance +transient: Overridden: try again later \(test data\)$' "$tmp/out"
expect_grep '^  Retry +wait 10 minutes, then retry; at most 3 retries$' "$tmp/out"
expect_grep 'Advice The failure is usually caused by something short-lived' "$tmp/flat"
expect_grep 'Returned by .*WriterFailureEx' "$tmp/flat"
expect_grep 'Web claim FALSE: "0x800423F3 is VSS_E_PROVIDER_VETO\."' "$tmp/flat"

# The same through the explain command's own --rules, and in JSON.
expect_status 0 vssx explain --format json --rules "$over" VSS_E_WRITERERROR_RETRYABLE
expect_grep '"description": "Overridden: the writer asks for another attempt \(test data\)\."' \
    "$tmp/out"
expect_grep '"guidance_title": "Overridden: try again later \(test data\)"' "$tmp/out"

# A [code VALUE] entry describes a named code; the name is kept.
expect_status 0 vssx --rules "$over" explain 0x8004230F
expect_grep '^0x8004230F  VSS_E_UNEXPECTED_PROVIDER_ERROR$' "$tmp/out"
expect_grep '^  Meaning +Overridden by value: the provider failed \(test data\)\.$' "$tmp/out"

# A name added in a [names wsb] table is found by name and by value.
expect_status 0 vssx --rules "$over" explain VSSX_TEST_E_ADDED
expect_grep '^0x80780042  VSSX_TEST_E_ADDED$' "$tmp/out"
expect_grep '^  Input +VSSX_TEST_E_ADDED \(WSB name\)$' "$tmp/out"
expect_grep '^  Names +VSSX_TEST_E_ADDED \(WSB\)$' "$tmp/out"
expect_grep '^  Meaning +A name added by an override directory \(test data\)\.$' "$tmp/out"
expect_grep '^  Guidance +transient: ' "$tmp/out"
expect_status 0 vssx --rules "$over" explain 0x80780042
expect_grep '^0x80780042  VSSX_TEST_E_ADDED$' "$tmp/out"
expect_grep 'facility 120 \(FACILITY_BLB\)' "$tmp/out"

# A class added by the overlay; zero minutes is a retry policy too.
expect_status 0 vssx --rules "$over" explain VSSX_TEST_E_NOW
expect_grep '^  Guidance +immediate: Retry at once \(test data\)$' "$tmp/out"
expect_grep '^  Retry +wait 0 minutes, then retry; at most 1 ' "$tmp/out"
expect_status 0 vssx --rules "$over" explain --format json VSSX_TEST_E_NOW
expect_grep '"wait_minutes": 0,' "$tmp/out"

# The later of two files in one directory wins.
expect_status 0 vssx --rules "$over" explain E_ACCESSDENIED
expect_grep '^  Note +Set by 20-later\.rules\.$' "$tmp/out"
expect_grep '^  Meaning +Access was refused\.' "$tmp/out"

# The later of two directories wins, key by key.
expect_status 0 vssx --rules "$over" --rules "$min" explain 0x800423F3
expect_grep '^  Meaning +A writer failed with an error it considers temporary\.$' "$tmp/out"
expect_grep '^  Guidance +transient: Passing condition$' "$tmp/out"
expect_grep '^  Note +Run the whole backup again\.$' "$tmp/out"
expect_status 0 vssx --rules "$min" --rules "$over" explain 0x800423F3
expect_grep '^  Meaning +Overridden: ' "$tmp/out"
expect_grep '^  Note +Run the whole backup again\.$' "$tmp/out"

# [code 0x80042306] changes the entry of VSS_E_PROVIDER_VETO, as [code
# VSS_E_PROVIDER_VETO] would: a guidance alone is enough (issue 20).
expect_status 0 vssx --rules "$data/rules-override-value" explain 0x80042306
expect_grep '^0x80042306  VSS_E_PROVIDER_VETO$' "$tmp/out"
expect_grep '^  Meaning +The shadow copy provider refused' "$tmp/out"
expect_grep '^  Guidance +fix: ' "$tmp/out"
expect_status 0 vssx --rules "$data/rules-override-value" explain VSS_E_PROVIDER_VETO
expect_grep '^  Guidance +fix: ' "$tmp/out"

# An overlay on a base given by VSSEXPLAIN_RULES.
VSSEXPLAIN_RULES=$min
export VSSEXPLAIN_RULES
expect_status 0 vssx --rules "$over" explain VSSX_TEST_E_ADDED 0x800423F3
expect_grep '^0x80780042  VSSX_TEST_E_ADDED$' "$tmp/out"
expect_grep '^  Guidance +transient: Overridden: try again later \(test data\)$' "$tmp/out"
expect_status 1 vssx --rules "$over" explain VSS_E_BAD_STATE
unset VSSEXPLAIN_RULES

# Method names are found as words; with a method added whose name differs
# from another's only in case, they are found by the regex the word look-up
# stands for: each as it is written, and only where it stands alone.
printf '%s\n' '2024-05-14 02:00:00 VSS dosnapshotset failed: hr = 0x80042306' \
    '2024-05-14 02:00:01 VSS xdosnapshotset failed: hr = 0x80042306' \
    '2024-05-14 02:00:02 VSS DoSnapshotSet failed: hr = 0x80042306' \
    '2024-05-14 02:00:03 VSS DOSNAPSHOTSET failed: hr = 0x80042306' >"$tmp/methods.log"
expect_status 1 vssx --rules "$data/rules-method-names" scan --format csv "$tmp/methods.log"
cp "$tmp/out" "$tmp/with"
expect_grep ',dosnapshotset,' "$tmp/with"
expect_grep ',DoSnapshotSet,' "$tmp/with"
[ "$(grep -c ',dosnapshotset,' "$tmp/with")" -eq 1 ] ||
    fail "dosnapshotset found $(grep -c ',dosnapshotset,' "$tmp/with") times, wanted once"
[ "$(grep -c ',DoSnapshotSet,' "$tmp/with")" -eq 1 ] ||
    fail "DoSnapshotSet found $(grep -c ',DoSnapshotSet,' "$tmp/with") times, wanted once"
expect_status 1 vssx scan --format csv "$tmp/methods.log"
expect_no_grep ',dosnapshotset,' "$tmp/out"
[ "$(grep -c ',DoSnapshotSet,' "$tmp/out")" -eq 1 ] ||
    fail "without the overlay, DoSnapshotSet found $(grep -c ',DoSnapshotSet,' "$tmp/out") times, wanted once"

done_testing

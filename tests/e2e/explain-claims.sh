# explain-claims.sh: the five claims of the seed page, each answered with what
# the headers say (see rules/disputed.rules).
. "$top_srcdir/tests/e2e/setup.sh"

# flat FILE: FILE with its lines joined and runs of blanks squeezed, so that
# a phrase is found even where the text was wrapped.
flat() {
	tr '\n' ' ' <"$1" | tr -s ' ' >"$tmp/flat"
	echo >>"$tmp/flat"
}

# claims N: exactly N "Web claim" entries in $tmp/out.
claims() {
	got=$(grep -c '^  Web claim ' "$tmp/out")
	[ "$got" = "$1" ] || fail "$got web claims, wanted $1: $(head -3 "$tmp/out")"
}

# a. 0x80080024 has no name; facility 8 is FACILITY_WINDOWS, not FACILITY_STORAGE.
expect_status 1 vssx explain 0x80080024
flat "$tmp/out"
expect_grep '^0x80080024  \(no name\)$' "$tmp/out"
expect_grep '^  Names +no name is defined for this value$' "$tmp/out"
expect_grep 'Layout severity 1 \(failure\), facility 8 \(FACILITY_WINDOWS\)' "$tmp/flat"
expect_grep 'Guidance unknown: ' "$tmp/flat"
expect_grep 'Web claim FALSE: "0x80080024 is ERROR_BACKUP_VOLUME_NOT_MIRRORED' "$tmp/flat"
expect_grep 'FACILITY_STORAGE, which is 3' "$tmp/flat"
expect_grep 'ERROR_BACKUP_VOLUME_NOT_MIRRORED is not a real Windows name' "$tmp/flat"
claims 1

# The made-up name itself is recognised as made up, and leads to the same value.
expect_status 1 vssx explain ERROR_BACKUP_VOLUME_NOT_MIRRORED
flat "$tmp/out"
expect_grep '^0x80080024 ' "$tmp/out"
expect_grep 'Input ERROR_BACKUP_VOLUME_NOT_MIRRORED: not a real Windows name; web' "$tmp/flat"
expect_grep 'not a real Windows name; web pages attach it to 0x80080024' "$tmp/flat"
expect_grep 'Web claim FALSE: ' "$tmp/flat"
expect_status 1 vssx explain error_backup_volume_not_mirrored
expect_grep '^0x80080024 ' "$tmp/out"

# b. 0x800423F3 is VSS_E_WRITERERROR_RETRYABLE; VSS_E_PROVIDER_VETO is 0x80042306.
expect_status 0 vssx explain 0x800423F3
flat "$tmp/out"
expect_grep '^0x800423F3  VSS_E_WRITERERROR_RETRYABLE$' "$tmp/out"
expect_grep 'Web claim FALSE: "0x800423F3 is VSS_E_PROVIDER_VETO\."' "$tmp/flat"
expect_grep 'VSS_E_PROVIDER_VETO is a different code, 0x80042306' "$tmp/flat"
claims 1
expect_status 0 vssx explain VSS_E_PROVIDER_VETO
flat "$tmp/out"
expect_grep '^0x80042306  VSS_E_PROVIDER_VETO$' "$tmp/out"
expect_grep 'Web claim FALSE: "0x800423F3 is VSS_E_PROVIDER_VETO\."' "$tmp/flat"

# c. 0x80042301 is VSS_E_BAD_STATE; the maximum-snapshots error is 0x80042317.
expect_status 0 vssx explain 0x80042301
flat "$tmp/out"
expect_grep '^0x80042301  VSS_E_BAD_STATE$' "$tmp/out"
expect_grep 'Web claim FALSE: "0x80042301 is VSS_E_MAXIMUM_NUMBER_OF_SNAPSHOTS_REACHED\."' \
    "$tmp/flat"
expect_grep 'VSS_E_MAXIMUM_NUMBER_OF_SNAPSHOTS_REACHED is 0x80042317' "$tmp/flat"
claims 1
expect_status 0 vssx explain VSS_E_MAXIMUM_NUMBER_OF_SNAPSHOTS_REACHED
expect_grep '^0x80042317  VSS_E_MAXIMUM_NUMBER_OF_SNAPSHOTS_REACHED$' "$tmp/out"

# d. 0x80071772 is ERROR_FILE_ENCRYPTED (6002); ERROR_AUDITING_DISABLED is 0xC0090001.
expect_status 0 vssx explain 0x80071772
flat "$tmp/out"
expect_grep '^0x80071772  ERROR_FILE_ENCRYPTED$' "$tmp/out"
expect_grep '^  Win32 +Win32 error 6002 = ERROR_FILE_ENCRYPTED$' "$tmp/out"
expect_grep 'Web claim FALSE: "0x80071772 is ERROR_AUDITING_DISABLED\."' "$tmp/flat"
expect_grep 'ERROR_AUDITING_DISABLED is an HRESULT-typed code, 0xC0090001' "$tmp/flat"
claims 1
expect_status 0 vssx explain ERROR_AUDITING_DISABLED
flat "$tmp/out"
expect_grep '^0xC0090001  ERROR_AUDITING_DISABLED$' "$tmp/out"
expect_grep 'Layout severity 1 \(failure\), facility 9 ' "$tmp/flat"
expect_no_grep '^  Win32 ' "$tmp/out"
expect_status 0 vssx explain ERROR_FILE_ENCRYPTED
expect_grep '^0x80071772  ERROR_FILE_ENCRYPTED$' "$tmp/out"
expect_status 0 vssx explain --win32 6002
expect_grep '^0x80071772  ERROR_FILE_ENCRYPTED$' "$tmp/out"

# e. 0x80070002 is ERROR_FILE_NOT_FOUND: the one true claim.
expect_status 0 vssx explain 0x80070002
flat "$tmp/out"
expect_grep '^0x80070002  ERROR_FILE_NOT_FOUND$' "$tmp/out"
expect_grep '^  Win32 +Win32 error 2 = ERROR_FILE_NOT_FOUND$' "$tmp/out"
expect_grep 'Web claim TRUE: "0x80070002 is ERROR_FILE_NOT_FOUND\."' "$tmp/flat"
expect_no_grep 'FALSE:' "$tmp/out"
claims 1

# A code no claim is about shows none.
expect_status 0 vssx explain 0x80070003
claims 0

done_testing

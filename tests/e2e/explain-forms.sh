# explain-forms.sh: every way of writing a code reaches the same explanation,
# and the text shows the layout, the guidance and the methods.
. "$top_srcdir/tests/e2e/setup.sh"

# flat FILE: FILE with its lines joined and runs of blanks squeezed, so that
# a phrase is found even where the text was wrapped.
flat() {
	tr '\n' ' ' <"$1" | tr -s ' ' >"$tmp/flat"
	echo >>"$tmp/flat"
}

# The same code, written each way a log or a web page writes it.
for form in 0x800423F3 0x800423f3 0x800423F3L 800423f3 -2147212301 2147754995 \
    VSS_E_WRITERERROR_RETRYABLE vss_e_writererror_retryable; do
	expect_status 0 vssx explain "$form"
	head -1 "$tmp/out" >"$tmp/first"
	echo '0x800423F3  VSS_E_WRITERERROR_RETRYABLE' >"$tmp/want"
	expect_same "$tmp/want" "$tmp/first"
done
vssx explain 800423f3 >"$tmp/out"
expect_grep '^  Input +800423f3 \(hexadecimal without 0x\)$' "$tmp/out"
vssx explain -2147212301 >"$tmp/out"
expect_grep '^  Input +-2147212301 \(signed decimal\)$' "$tmp/out"
vssx explain 2147754995 >"$tmp/out"
expect_grep '^  Input +2147754995 \(unsigned decimal\)$' "$tmp/out"
vssx explain 0x800423F3L >"$tmp/out"
expect_grep '^  Input +0x800423F3L \(hexadecimal\)$' "$tmp/out"
vssx explain vss_e_writererror_retryable >"$tmp/out"
expect_grep '^  Input +vss_e_writererror_retryable \(VSS name\)$' "$tmp/out"
# Eight digits are hexadecimal, not decimal.
vssx explain 80070005 >"$tmp/out"
expect_grep '^0x80070005  E_ACCESSDENIED$' "$tmp/out"

# The whole text for 0x800423F3.
expect_status 0 vssx explain 0x800423F3
flat "$tmp/out"
expect_grep '^  Names +VSS_E_WRITERERROR_RETRYABLE \(VSS\)$' "$tmp/out"
expect_grep 'Layout severity 1 \(failure\), facility 4 \(FACILITY_ITF\), code 0x23F3 \(9203\)' \
    "$tmp/flat"
expect_grep '^  Meaning +A writer failed' "$tmp/out"
expect_grep '^  Guidance +transient: ' "$tmp/out"
expect_grep '^  Retry +wait 10 minutes, then retry; at most 3 retries$' "$tmp/out"
expect_grep '^  Advice ' "$tmp/out"
expect_grep '^  Returned by ' "$tmp/out"
for m in IVssComponentEx2::WriterFailure ReportableWriterFailure WriterFailureEx; do
	expect_grep "Returned by .*$m" "$tmp/flat"
done

# Names: an HRESULT name, and a Win32 number.
expect_status 0 vssx explain E_ACCESSDENIED
expect_grep '^0x80070005  E_ACCESSDENIED$' "$tmp/out"
expect_grep '^  Win32 +Win32 error 5 = ERROR_ACCESS_DENIED$' "$tmp/out"
expect_grep '^  Guidance +fix: ' "$tmp/out"
expect_no_grep '^  Retry ' "$tmp/out"
expect_status 0 vssx explain --win32 5
expect_grep '^0x80070005  E_ACCESSDENIED$' "$tmp/out"
expect_grep '^  Input +5: Win32 error 5, as an HRESULT 0x80070005$' "$tmp/out"
expect_grep 'ERROR_ACCESS_DENIED' "$tmp/out"
expect_status 0 vssx explain ERROR_ACCESS_DENIED
expect_grep '^0x80070005  ' "$tmp/out"
expect_grep '^  Input +ERROR_ACCESS_DENIED: Win32 error 5, as an HRESULT 0x80070005$' \
    "$tmp/out"
# A small decimal number is read as written, and its Win32 reading is named
# beside (issue 20): 1 is S_FALSE, and also ERROR_INVALID_FUNCTION.
expect_status 0 vssx explain 1
flat "$tmp/out"
expect_grep '^0x00000001  S_FALSE$' "$tmp/out"
expect_grep 'Win32 as a Win32 error, 1 is ERROR_INVALID_FUNCTION, HRESULT 0x80070001: explain --win32 1 Layout' "$tmp/flat"
expect_status 1 vssx explain 5
flat "$tmp/out"
expect_grep '^0x00000005  \(no name\)$' "$tmp/out"
expect_grep 'Win32 as a Win32 error, 5 is ERROR_ACCESS_DENIED, HRESULT 0x80070005 \(E_ACCESSDENIED\): explain --win32 5 Layout' "$tmp/flat"
# not for hex, not for 0, not beyond 65535, not with --win32 (said already)
for c in 0x5 0 70000 -1; do
	vssx explain $c >"$tmp/out" 2>&1
	expect_no_grep 'as a Win32 error' "$tmp/out"
done
expect_status 0 vssx explain --win32 5
expect_no_grep 'as a Win32 error' "$tmp/out"
expect_status 2 vssx explain --win32 70000
expect_grep 'not a Win32 error number' "$tmp/err"

# VSS and VDS use the same number for different errors: both are shown.
expect_status 0 vssx explain 0x80042400
expect_grep '^0x80042400  VSS_E_CLUSTER_ERROR$' "$tmp/out"
expect_grep '^  Names +VSS_E_CLUSTER_ERROR \(VSS\), VDS_E_NOT_SUPPORTED \(VDS\)$' "$tmp/out"

# A negative number after another argument is a code, not an option; the
# codes come out in the order given.
expect_status 0 vssx explain 0x80070005 -2147212301
grep '^0x' "$tmp/out" >"$tmp/heads"
printf '%s\n' '0x80070005  E_ACCESSDENIED' '0x800423F3  VSS_E_WRITERERROR_RETRYABLE' \
    >"$tmp/want"
expect_same "$tmp/want" "$tmp/heads"
expect_status 0 vssx explain --format text -2147024891 0x800423F3
grep '^0x' "$tmp/out" >"$tmp/heads"
expect_same "$tmp/want" "$tmp/heads"

done_testing

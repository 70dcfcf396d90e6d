#!/bin/sh
# report-html.sh: --format html is one well-formed, self-contained page
# (tests/e2e/html-check.py: elements closed in order, links only to its own
# ids, no script, nothing loaded from elsewhere) with the summary by
# guidance, the SVG timeline, a table per host and a section per code; for
# the samples, for an empty report, from merge, and with --output.
. "$top_srcdir/tests/e2e/setup.sh"
check="$top_srcdir/tests/e2e/html-check.py"
cd "$top_srcdir" || exit 99

opts="-r --exclude *.expected.* --exclude README --at 2024-05-15T00:00:00Z"
expect_status 1 vssx scan $opts --format html samples
cp "$tmp/out" "$tmp/samples.html"
python3 "$check" "$tmp/samples.html" || fail "the samples' page is not well formed"
expect_grep '^<title>vssexplain: 14 retries due, 12 to fix, 14 to check on 11 hosts</title>$' "$tmp/samples.html"
expect_grep '<h2 id="summary">Summary by guidance</h2>' "$tmp/samples.html"
expect_grep '<h2 id="timeline">Timeline</h2>' "$tmp/samples.html"
expect_grep '^<svg width="790" ' "$tmp/samples.html"
expect_grep '<h3>FS01.corp.example.com</h3>' "$tmp/samples.html"
expect_grep '<h4 id="c-fix-80070005"><code>0x80070005</code> E_ACCESSDENIED ' "$tmp/samples.html"
expect_grep '<tr><th>Retries</th><td><ul>' "$tmp/samples.html"
expect_grep '<li>samples/system-eventviewer.xml#210341</li>' "$tmp/samples.html"
# a colour per class, in the summary, the timeline and the legend
expect_grep 'fill="#d93025"' "$tmp/samples.html"
expect_grep '<span class="sw" style="background:#e6a100"></span>' "$tmp/samples.html"

cd "$tmp" || exit 99
# nothing found: still a whole page
: >empty.log
expect_status 0 vssx scan --at 2024-05-15T00:00:00Z --format html --output empty.html empty.log
[ -s "$tmp/out" ] && fail "--output: the page went to standard output too"
python3 "$check" empty.html || fail "the empty page is not well formed"
expect_grep '<p>No VSS or backup error codes were found.</p>' empty.html
expect_grep '<title>vssexplain: no VSS failures</title>' empty.html
# findings without a time: no chart, said so
printf 'hr = 0x80070005\n' >untimed.log
expect_status 1 vssx scan --at 2024-05-15T00:00:00Z --format html untimed.log
cp "$tmp/out" untimed.html
python3 "$check" untimed.html || fail "the page without times is not well formed"
expect_grep '<p>No finding carries a time.</p>' untimed.html
expect_grep '<h3>\(no host\)</h3>' untimed.html
# a long host name is cut in the chart (at a character, not a byte), whole in its tooltip
printf '2024-05-14T02:13:09Z hr = 0x800423F3\n' >one.log
expect_status 1 vssx scan --at 2024-05-15T00:00:00Z --format html \
    --host "$(printf 'ab\303\251cdefghijklmnopqrstuvwxyz0123456789')" one.log
expect_grep '<text x="4" y="25"><title>abécdefghijklmnopqrstuvwxyz0123456789</title>abécdefghijklmnopqrstuvwxyz0…</text>' "$tmp/out"
python3 "$check" "$tmp/out" || fail "the page with a long host is not well formed"
done_testing

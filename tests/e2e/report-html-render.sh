#!/bin/sh
# report-html-render.sh: the HTML report of the samples as headless Chromium
# draws it: the screenshot is not blank and shows the colours of the classes
# in the chart (the SVG was drawn), and the page holds no script and asks for
# nothing from elsewhere.  Skipped without chromium (Debian: chromium).
. "$top_srcdir/tests/e2e/setup.sh"
browser=
for b in chromium chromium-browser google-chrome; do
	command -v "$b" >/dev/null 2>&1 && { browser=$b; break; }
done
[ -n "$browser" ] || { echo "no chromium: skipped"; exit 77; }
cd "$top_srcdir" || exit 99

opts="-r --exclude *.expected.* --exclude README --at 2024-05-15T00:00:00Z"
expect_status 1 vssx scan $opts --format html --output "$tmp/report.html" samples
# nothing that runs, nothing loaded: no script, no src=, no link out, no url()
expect_no_grep '<script|javascript:| on[a-z]+=' "$tmp/report.html"
expect_no_grep ' (src|srcset)=|href="[^#]|url\(|@import|https?:' "$tmp/report.html"

# a browser of its own: its profile in $tmp, no network, a fixed window
HOME=$tmp timeout 120 "$browser" --headless --no-sandbox --disable-gpu \
    --user-data-dir="$tmp/profile" --no-first-run --hide-scrollbars \
    --proxy-server=127.0.0.1:9 --window-size=1000,800 \
    --screenshot="$tmp/shot.png" "file://$tmp/report.html" >"$tmp/chromium.log" 2>&1
[ -s "$tmp/shot.png" ] || fail "no screenshot: $(tail -5 "$tmp/chromium.log")"
# the colours of fix, transient and investigate: dots of the timeline
python3 "$top_srcdir/tests/e2e/png-colours.py" "$tmp/shot.png" d93025 e6a100 1e6fd9 \
    >"$tmp/png.out" 2>&1 || fail "the screenshot is blank or lacks the chart: $(cat "$tmp/png.out")"
# keep it for a look by hand: VSSX_KEEP_SHOT=FILE
[ -n "${VSSX_KEEP_SHOT:-}" ] && cp "$tmp/shot.png" "$VSSX_KEEP_SHOT"
done_testing

# scan-json-errors.sh: damage in JSON events.  A line of JSON Lines that is
# not JSON is scanned as text and counted; a broken line is reported as
# path:line:column and passed over; an array or a search response cut off or
# broken ends the input there: the events before it stand, exit status 2.
. "$top_srcdir/tests/e2e/setup.sh"
cd "$top_srcdir" || exit 99

nd=samples/winlogbeat.ndjson
{
	head -2 "$nd"
	echo '2024-05-14 02:13:09 backup: VSS snapshot failed 0x8004230F'
	echo '{"winlog":{"provider_name":"VSS","event_id":12289},"message":tru}'
	tail -3 "$nd"
} >"$tmp/mixed.ndjson"
expect_status 2 vssx scan --format jsonl "$tmp/mixed.ndjson"
expect_grep "^vssexplain: $tmp/mixed.ndjson:4:[0-9]+: broken JSON" "$tmp/err"
expect_grep "notice: $tmp/mixed.ndjson: 1 line that is not JSON, scanned as text" "$tmp/err"
# the text line's code, on its line; the events before and after the damage
expect_grep '"code":"0x8004230F",.*"line":3,' "$tmp/out"
expect_grep '"time":"2024-05-14T02:13:09' "$tmp/out"
for id in 93310 93311 93315 93318; do
	expect_grep "\"record_id\":$id" "$tmp/out"
done
# the broken line stays reported when no event of it is wanted
sed 's/"VSS"/"Other"/' "$tmp/mixed.ndjson" >"$tmp/m2.ndjson"
VSSEXPLAIN_PARSE_ALL=1 vssx scan --format jsonl "$tmp/m2.ndjson" >/dev/null 2>"$tmp/err"
expect_grep "m2.ndjson:4:[0-9]+: broken JSON" "$tmp/err"

# a search response cut off: the hits before the cut stand
head -c 9000 samples/winlogbeat-search.json >"$tmp/cut.json"
expect_status 2 vssx scan --format jsonl "$tmp/cut.json"
expect_grep "cut.json:[0-9]+:[0-9]+: the input ends inside a JSON object that starts at line [0-9]+ \(cut off\?\)" "$tmp/err"
[ "$(wc -l <"$tmp/out")" -eq 3 ] || fail "cut.json: not the 3 findings before the cut"

# an array with a broken element: reading stops there
{
	echo '['
	sed -n 1p "$nd" | sed 's/$/,/'
	echo '{"winlog": {"provider_name": "VSS", "event_id" 12}},'
	sed -n 3p "$nd"
	echo ']'
} >"$tmp/arr.json"
expect_status 2 vssx scan --format jsonl "$tmp/arr.json"
expect_grep "arr.json:3:[0-9]+: broken JSON: " "$tmp/err"
expect_grep '"record_id":93310' "$tmp/out"
expect_no_grep '"record_id":93315' "$tmp/out"
# ... and one that misses its comma
{ echo '['; sed -n 1p "$nd"; sed -n 3p "$nd"; echo ']'; } >"$tmp/comma.json"
expect_status 2 vssx scan --format jsonl "$tmp/comma.json"
expect_grep "comma.json:3:1: expected ',' or '\]' here" "$tmp/err"

# an object longer than 16 MiB is refused, memory stays bounded
{ printf '{"a":"'; head -c 17000000 /dev/zero | tr '\0' x; printf '"}\n'; } >"$tmp/big.json"
expect_status 2 vssx scan "$tmp/big.json"
expect_grep "big.json:1:1: a JSON value longer than 16 MiB" "$tmp/err"
rm -f "$tmp/big.json"

# no crash or silence on nasty shapes
printf '[\n{"a":1}' >"$tmp/open.json"
expect_status 2 vssx scan "$tmp/open.json"
expect_grep "open.json:2:8: the input ends inside the JSON array" "$tmp/err"
printf '{"a":"\\' >"$tmp/esc.json"
expect_status 2 vssx scan "$tmp/esc.json"
printf '[{"Event":{"System":{"EventID":{"#text":[1]}},"EventData":{"Data":{"#text":{"x":null}}}}}, 1, "s", [], null]\n' >"$tmp/odd.json"
expect_status 0 vssx scan "$tmp/odd.json"
[ -s "$tmp/err" ] && fail "odd.json: messages: $(head -3 "$tmp/err")"

done_testing

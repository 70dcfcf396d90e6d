# scan-json.sh: events shipped as JSON.  One set of events (the VSS failures
# of samples/application-rendered.xml) as Winlogbeat NDJSON, an Elasticsearch
# search response, NXLog to_json(), Get-WinEvent | ConvertTo-Json (UTF-16LE)
# and evtx_dump's JSON gives the findings the XML gives, whatever the input
# encoding and whether the raw look skips objects or not.
. "$top_srcdir/tests/e2e/setup.sh"
cd "$top_srcdir" || exit 99

opts="--format jsonl --tz UTC --at 2024-05-15T00:00:00Z"
# what stands where differs between formats; what was found must not
strip() {
	sed 's/"path":"[^"]*","line":[0-9]*,"offset":[0-9]*,//' "$@"
}

expect_status 1 vssx scan $opts samples/application-rendered.xml
strip "$tmp/out" >"$tmp/xml"
[ "$(wc -l <"$tmp/xml")" -eq 4 ] || fail "the XML set has not 4 findings"
for f in winlogbeat.ndjson winlogbeat-search.json nxlog.json get-winevent.json evtx-dump.json; do
	expect_status 1 vssx scan $opts "samples/$f"
	[ -s "$tmp/err" ] && fail "$f: messages: $(head -3 "$tmp/err")"
	strip "$tmp/out" >"$tmp/json"
	expect_same "$tmp/xml" "$tmp/json"
	# every object parsed: the same findings
	VSSEXPLAIN_PARSE_ALL=1 vssx scan $opts "samples/$f" >"$tmp/all" 2>&1
	expect_same "$tmp/out" "$tmp/all"
	# compressed, and through standard input
	gzip -c "samples/$f" >"$tmp/$f.gz"
	vssx scan $opts "$tmp/$f.gz" | strip >"$tmp/gz"
	expect_same "$tmp/xml" "$tmp/gz"
	vssx scan $opts - <"samples/$f" | strip >"$tmp/stdin"
	expect_same "$tmp/xml" "$tmp/stdin"
done

# the kind of input and its events, in the JSON report
vssx scan --format json samples/get-winevent.json >"$tmp/out"
expect_grep '"kind": ?"event-json \(get-winevent\), UTF-16LE' "$tmp/out"
vssx scan --format json samples/winlogbeat.ndjson >"$tmp/out"
expect_grep '"kind": ?"event-json \(winlogbeat\)"' "$tmp/out"
expect_grep '"events": ?5' "$tmp/out"

# not recognised by name: the same NDJSON as .log is read as JSON
cp samples/nxlog.json "$tmp/eventlog.log"
vssx scan $opts "$tmp/eventlog.log" | strip >"$tmp/named"
expect_same "$tmp/xml" "$tmp/named"

# an object per hit, as elasticdump writes an index
sed -n 's/^/{"_index":"winlogbeat","_id":"x","_source":/; s/$/}/p' samples/winlogbeat.ndjson >"$tmp/dump.json"
vssx scan $opts "$tmp/dump.json" | strip >"$tmp/dump"
expect_same "$tmp/xml" "$tmp/dump"

# the responses of an _msearch, one after another
{ printf '{"took":3,"responses":['; cat samples/winlogbeat-search.json; printf ']}\n'; } >"$tmp/msearch.json"
vssx scan $opts "$tmp/msearch.json" | strip >"$tmp/msearch"
expect_same "$tmp/xml" "$tmp/msearch"

# one JSON array on one line, and pretty-printed objects one after another
{ printf '['; sed '$!s/$/,/' samples/winlogbeat.ndjson | tr -d '\n'; printf ']'; } >"$tmp/one-line.json"
vssx scan $opts "$tmp/one-line.json" | strip >"$tmp/arr"
expect_same "$tmp/xml" "$tmp/arr"
grep -v '^Record ' samples/evtx-dump.json >"$tmp/pretty.json"
vssx scan $opts "$tmp/pretty.json" | strip >"$tmp/pretty"
expect_same "$tmp/xml" "$tmp/pretty"

# Winlogbeat 8 writes the event id as a string, 7 as a number
sed 's/"event_id":"\([0-9]*\)"/"event_id":\1/' samples/winlogbeat.ndjson >"$tmp/wlb7.ndjson"
vssx scan $opts "$tmp/wlb7.ndjson" | strip >"$tmp/wlb7"
expect_same "$tmp/xml" "$tmp/wlb7"

done_testing

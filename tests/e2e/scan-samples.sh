# scan-samples.sh: every sample in samples/ gives exactly the findings in its
# NAME.expected.jsonl, and scan -r samples reports on every sample.
. "$top_srcdir/tests/e2e/setup.sh"
cd "$top_srcdir" || exit 99

# The expected files were made with these options.  --at fixes "now": a
# syslog stamp without a year (May 14 02:13:09) takes its year from it.
opts="--format jsonl --tz UTC --at 2024-05-15T00:00:00Z"

nsamples=0
for expf in samples/*.expected.jsonl; do
	[ -f "$expf" ] || continue
	sample=${expf%.expected.jsonl}
	nsamples=$((nsamples + 1))
	if [ ! -f "$sample" ]; then
		fail "$expf has no sample $sample beside it"
		continue
	fi
	# an actionable finding in every sample: exit status 1
	expect_status 1 vssx scan $opts "$sample"
	expect_same "$expf" "$tmp/out"
	[ -s "$tmp/err" ] && fail "$sample: unexpected messages: $(head -3 "$tmp/err")"
	# from standard input: the same findings, path "-"
	vssx scan $opts - <"$sample" >"$tmp/out3" 2>&1
	sed "s|\"path\":\"-\"|\"path\":\"$sample\"|" "$tmp/out3" >"$tmp/out4"
	expect_same "$tmp/out" "$tmp/out4"
done
[ "$nsamples" -ge 6 ] || fail "only $nsamples expected files in samples/"

# The expected files themselves: each match stands at its offset in the
# decoded text and on its line; lines only grow; the path is the sample's.
if command -v python3 >/dev/null 2>&1; then
	# (an .evtx's findings stand at records, not lines: scan-evtx.sh checks those)
	python3 - $(ls samples/*.expected.jsonl | grep -v '\.evtx\.expected\.jsonl$') >"$tmp/selfcheck" 2>&1 <<'EOF'
import gzip, json, re, sys
for want in sys.argv[1:]:
    sample = want[:-len('.expected.jsonl')]
    raw = open(sample, 'rb').read()
    if raw[:2] == b'\x1f\x8b':
        raw = gzip.decompress(raw)
    if raw[:2] == b'\xff\xfe':
        raw = raw[2:].decode('utf-16-le').encode('utf-8')
    last = 0
    for n, l in enumerate(open(want, encoding='utf-8'), 1):
        f = json.loads(l)
        where = '%s:%d' % (want, n)
        m = f['match'].encode('utf-8')
        o = f['offset']
        if f['path'] != sample:
            print(where, 'path', f['path'])
        if raw[o:o + len(m)] != m:
            print(where, 'no', f['match'], 'at offset', o)
        if 'event_id' in f and re.search(r'\.(json|ndjson)$', sample):
            # a JSON event's finding is on the line where its object starts, at or before the match
            if raw[:o].count(b'\n') + 1 < f['line']:
                print(where, 'line', f['line'], 'is after the match at offset', o)
        elif 'event_id' in f:
            # an event's finding is on the line where its <Event> starts
            starts = list(re.finditer(rb'<(?:[\w.-]+:)?Event[\s/>]', raw[:o + 1]))
            if not starts or raw[:starts[-1].start()].count(b'\n') + 1 != f['line']:
                print(where, 'line', f['line'], 'is not where the event of offset', o, 'starts')
        elif raw[:o].count(b'\n') + 1 != f['line']:
            print(where, 'offset', o, 'is not on line', f['line'])
        if f['line'] < last:
            print(where, 'line', f['line'], 'after line', last)
        last = f['line']
        # an event's text is decoded XML, or a summary of its fields
        if 'event_id' not in f and f['text'].encode('utf-8') not in raw:
            print(where, 'text not in the sample')
EOF
	[ -s "$tmp/selfcheck" ] && fail "expected files: $(cat "$tmp/selfcheck")"
fi

# scan -r samples, as README.md shows it: findings (status 1), no messages;
# and in JSON Lines, findings from every sample.
expect_status 1 vssx scan -r samples
[ -s "$tmp/out" ] || fail "scan -r samples printed no report"
[ -s "$tmp/err" ] && fail "scan -r samples: unexpected messages: $(head -3 "$tmp/err")"
expect_status 1 vssx scan -r --max-sources 1000 samples
for expf in samples/*.expected.jsonl; do
	sample=${expf%.expected.jsonl}
	# a text log's source is path:line, an event's path#record
	grep -qF "$sample:" "$tmp/out" || grep -qF "$sample#" "$tmp/out" ||
	    fail "the report of scan -r samples does not name $sample"
done
expect_status 1 vssx scan -r $opts samples
for expf in samples/*.expected.jsonl; do
	sample=${expf%.expected.jsonl}
	grep -qF "\"path\":\"$sample\"" "$tmp/out" ||
	    fail "scan -r samples found nothing in $sample"
done

done_testing

#!/bin/sh
# corpus.sh SRCDIR OUT: builds the seed corpora OUT/NAME/ of the fuzz targets
# from samples/, tests/data/, rules/ and fuzz/seeds/, each file with the
# leading bytes its target reads as choices (see each fuzz_NAME.c).  The
# corpora are made, never committed.
set -eu
src=$1
out=$2
mkdir -p "$out"
for t in evjson evtx evxml explain merge rules state text; do
	mkdir -p "$out/$t"
done
n=0

# seed TARGET PREFIX FILE: copies FILE (at most 64 KiB of it) behind PREFIX,
# a printf(1) format of the choice bytes.
seed() {
	n=$((n + 1))
	{ printf "$2"; head -c 65536 "$3"; } >"$out/$1/seed-$n"
}

for f in "$src"/samples/* "$src"/tests/data/input/* "$src"/tests/data/scan/* \
    "$src"/tests/data/report/*.txt; do
	case $f in *.expected.*|*/README) continue ;; esac
	seed text '\000\001\000\000\000' "$f"	# plain, whole reads
	seed text '\001\223\047\031\007' "$f"	# --all-codes, pieces
	seed text '\012\071\101\002\011' "$f"	# lines before, event field
	seed text '\024\377\020\200\001' "$f"	# a long line before, complete lines
done
for f in "$src"/fuzz/seeds/evxml/* "$src"/samples/*.xml "$src"/samples/*.xml.gz \
    "$src"/tests/data/events/*; do
	[ -f "$f" ] || continue
	seed evxml '\000\000\000\000' "$f"
	seed evxml '\223\047\031\007' "$f"
	seed text '\010\071\101\002\011' "$f"
done
# JSON events: the samples in every shape, cut ones, and the hand-made seeds
for f in "$src"/samples/*.json "$src"/samples/*.ndjson "$src"/fuzz/seeds/evjson/*; do
	[ -f "$f" ] || continue
	seed evjson '\000\000\000\000\000' "$f"	# whole reads, the raw look
	seed evjson '\223\047\031\007\003' "$f"	# pieces, --all-codes, all parsed
	seed evjson '\012\071\101\002\004' "$f"	# whole lines (--state)
done
for f in "$src"/rules/*.rules "$src"/tests/data/rules-*/*.rules; do
	seed rules '' "$f"
done
for f in "$src"/fuzz/seeds/state/*; do
	seed state '' "$f"
done
for f in "$src"/fuzz/seeds/explain/*; do
	seed explain '\000' "$f"
done
seed explain '\001' "$src/fuzz/seeds/explain/args.txt"
seed explain '\002' "$src/fuzz/seeds/explain/win32.txt"
seed explain '\004' "$src/fuzz/seeds/explain/method.txt"
for f in "$src"/tests/data/report/*.json; do
	seed merge '\000' "$f"
	seed merge '\001' "$f"
	seed merge '\002' "$f"
done
# reports of the samples, when a built vssexplain is at hand
if [ -x ./vssexplain ]; then
	for f in "$src"/samples/*.log "$src"/samples/*.txt "$src"/fuzz/seeds/evxml/export.xml; do
		./vssexplain scan --format json --at 2024-05-15T00:00:00Z "$f" \
		    >"$out/merge/report.json" 2>/dev/null || :
		seed merge '\000' "$out/merge/report.json"
		rm -f "$out/merge/report.json"
	done
fi
# binary event logs, cut to their header and first two chunks
for f in "$src"/tests/data/evtx/*.evtx "$src"/samples/*.evtx; do
	[ -f "$f" ] || continue
	{ printf '\000'; head -c 135168 "$f"; } >"$out/evtx/seed-$((n = n + 1))"
	{ printf '\003'; head -c 69632 "$f"; } >"$out/evtx/seed-$((n = n + 1))"
done
echo "corpus.sh: $n seeds in $out"

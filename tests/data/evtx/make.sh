#!/bin/sh
# make.sh [OUTDIR]: writes the .evtx test files of this directory from their
# JSON descriptions with tests/evtx/mkevtx.py (into OUTDIR, default: here).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here}
mk() { python3 "$here/../../evtx/mkevtx.py" "$@"; }
mk "$here/basic.json" "$out/basic.evtx"
mk "$here/two-chunks.json" "$out/two-chunks.evtx"
# cut inside the second chunk: 4096 + 65536 + 20000 bytes
mk "$here/two-chunks.json" "$out/truncated.evtx" --truncate 89632
mk "$here/two-chunks.json" "$out/bad-records-crc.evtx" --bad-records-crc 1
mk "$here/two-chunks.json" "$out/bad-chunk-header.evtx" --bad-chunk-header 1
mk "$here/two-chunks.json" "$out/corrupt-file-header.evtx" --corrupt-file-header
mk "$here/basic.json" "$out/dirty.evtx" --dirty
mk "$here/basic.json" "$out/not-evtx.evtx" --not-evtx

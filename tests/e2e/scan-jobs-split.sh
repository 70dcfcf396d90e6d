#!/bin/sh
# scan-jobs-split.sh: scan -j N reads one large plain text file in pieces, yet
# every format's report, every message and the exit status are byte for byte
# those of -j 1.  VSSEXPLAIN_SPLIT_MIN (for tests only) makes pieces of a few
# hundred KiB instead of 32 MiB, and VSSEXPLAIN_SPLIT_LOG (for tests only)
# says where each later piece took over.  The logs: plain generated lines
# (a later piece takes over at once); pieces of the text samples cut at random
# lines and shuffled with CRLF lines, invalid UTF-8 bytes, a line longer than
# the buffer, findings waiting for a writer named lines later, so that vssadmin
# blocks, Event Viewer records and waiting findings stand across the cuts;
# vssadmin output at the top only (the input is about VSS from there on: a
# later piece that looked at the top starts so); vssadmin output halfway to
# the cut (no later piece ever agrees: the first reads it all); no newline at
# all; a rule that gives up in every piece.  VSSEXPLAIN_SPLIT_WAIT (for tests
# only) makes a piece wait for a thread to take the next rather than read its
# part itself, so that which piece takes over is the same on any machine.  Compressed, UTF-16 and BOM inputs are never
# split.
. "$top_srcdir/tests/e2e/setup.sh"
cd "$tmp" || exit 99
at=--at=2024-05-20T00:00:00Z
VSSEXPLAIN_SPLIT_MIN=200000
VSSEXPLAIN_SPLIT_LOG=$tmp/split.log
VSSEXPLAIN_SPLIT_WAIT=1
export VSSEXPLAIN_SPLIT_MIN VSSEXPLAIN_SPLIT_LOG VSSEXPLAIN_SPLIT_WAIT

python3 - "$samples" <<'PY' || exit 99
import random, sys
samples = sys.argv[1]
blocks = []
for name in ("backup-job.log", "de-sicherung.log", "windows-syslog.log",
             "event-viewer-text.txt", "vssadmin-writers.txt"):
    with open("%s/%s" % (samples, name), "rb") as f:
        blocks.append(f.read().splitlines(keepends=True))

def plain(rnd, i):
    if i % 97 == 0:
        return b"2024-05-14 02:%02d:%02d.%03d VSS Writer %d failed, hr = 0x800423F%d\n" % (
            i // 60 % 60, i % 60, i % 1000, i % 13, i % 5)
    return b"2024-05-14 02:%02d:%02d.%03d block %d checksum %d\n" % (
        i // 60 % 60, i % 60, i % 1000, i, rnd.randrange(10**9))

def write(name, parts):
    with open(name, "wb") as f:
        f.write(b"".join(parts))

rnd = random.Random(16)
write("plain.log", [plain(rnd, i) for i in range(30000)])

# the samples cut at random lines, mixed with what stands across a cut
for seed in (1, 2, 3):
    rnd = random.Random(seed)
    out, size, i = [], 0, 0
    while size < 1400000:
        r = rnd.random()
        if r < 0.45:
            b = rnd.choice(blocks)
            s = rnd.randrange(len(b))
            part = b[s:s + rnd.randrange(1, 40)]
        elif r < 0.8:
            part = [plain(rnd, i + k) for k in range(rnd.randrange(1, 60))]
            i += 60
        elif r < 0.85:
            # a finding whose writer is named lines later
            part = [b"2024-05-14 02:13:09 ERROR [VSS] OnFreeze failed: 0x800423F2\n"] + \
                [b"   detail line %d\n" % k for k in range(rnd.randrange(0, 30))] + \
                [b"   Writer Name: Writer %d\n" % rnd.randrange(100)]
        elif r < 0.9:
            part = [l.replace(b"\n", b"\r\n") for l in rnd.choice(blocks)[:20]]
        elif r < 0.95:
            part = [b"2024-05-14 02:13:%02d bad \xff\xfe\xc3 bytes hr = 0x8004230%d \xe2\x82\n"
                    % (rnd.randrange(60), rnd.randrange(10))]
        elif r < 0.97:
            part = [b"Unexpected error 0x80042306 in a VSS call " * rnd.randrange(1, 200) + b"\n"]
        else:
            part = [b"Log Name:      Application\nSource:        VSS\n",
                    b"Computer:      HOST%d\nDescription:\n" % rnd.randrange(9)]
        out += part
        size += sum(len(l) for l in part)
    if seed == 2:
        out.insert(len(out) // 2, b"x" * 300000 + b" hr = 0x80042306 " + b"y" * 1000 + b"\n")
    write("mix%d.log" % seed, out)

# vssadmin output first: every later line is about VSS in the first piece only
rnd = random.Random(4)
write("vss-top.log", blocks[4] + [plain(rnd, i) for i in range(25000)])
rnd = random.Random(8)
write("vss-mid.log", [plain(rnd, i) for i in range(7000)] + blocks[4] +
      [plain(rnd, i) for i in range(18000)])
# a vssadmin block that never ends: its writer is the findings' in every piece
rnd = random.Random(6)
write("vss-block.log", [plain(rnd, i) for i in range(10000)] + [b"Writer name: 'Block Writer'\n"] +
      [b"   Last error: %s\n" % (b"Retryable error" if i % 500 == 0 else b"No error")
       for i in range(40000)])
# a host named once, outside any record: the findings' host to the end
rnd = random.Random(7)
write("host.log", [plain(rnd, i) for i in range(10)] + [b"Computer:      HOSTX\n"] +
      [plain(rnd, i) for i in range(30000)])
# no newline at all
rnd = random.Random(5)
write("noline.log", [b"word%d VSS hr 0x8004230%d; " % (rnd.randrange(10**6), rnd.randrange(10))
                     for _ in range(60000)])
PY

# same_jobs NAME JOBS ARGS...: each -j in JOBS gives -j 1's status, output and messages.
same_jobs() {
	name=$1
	jobs=$2
	shift 2
	vssx scan -j 1 "$@" >"$name.out.1" 2>"$name.err.1" </dev/null
	want=$?
	for j in $jobs; do
		expect_status "$want" vssx scan -j "$j" "$@"
		mv "$tmp/out" "$name.out.$j"
		mv "$tmp/err" "$name.err.$j"
		expect_same "$name.out.1" "$name.out.$j"
		expect_same "$name.err.1" "$name.err.$j"
	done
	[ -s "$name.out.1" ] || fail "$name: no report"
}

# every format, on the plain log and on a mixed one
fmts=$(vssx scan --help | sed -n '/^Formats/,/^$/s/^  \([a-z]*\) .*/\1/p')
for fmt in $fmts; do
	same_jobs "plain-$fmt" 2 --format "$fmt" "$at" plain.log
	same_jobs "mix1-$fmt" 3 --format "$fmt" "$at" mix1.log
done
: >split.log
same_jobs plain "2 4" --format jsonl "$at" plain.log
grep -q '^plain.log: 2 pieces: 0 to [0-9]*, 1 to the end$' split.log ||
    fail "-j 2: the second piece did not take over: $(cat split.log)"
grep -q '^plain.log: 4 pieces: 0 to [0-9]*, 1 to [0-9]*, 2 to [0-9]*, 3 to the end$' split.log ||
    fail "-j 4: the later pieces did not take over: $(cat split.log)"
# the first piece is the shorter (its thread leaves room for the release):
# with 2 pieces it is 15/32 of the file, with 4 pieces 13/64 and the others 17/64
# (each piece starts on the first refill cut at or after where it is wanted)
size=$(wc -c <plain.log)
u2=$((size / 32))
u4=$((size / 64))
grep -q "^plain.log: pieces wanted at $((u2 * 15))\$" split.log ||
    fail "-j 2: the second piece is not wanted at 15/32 of $size: $(cat split.log)"
grep -q "^plain.log: pieces wanted at $((u4 * 13)) $((u4 * 30)) $((u4 * 47))\$" split.log ||
    fail "-j 4: the pieces are not wanted at 13/64, 30/64, 47/64 of $size: $(cat split.log)"
# findings near the end carry their line numbers and offsets
grep -q '"path":"plain.log","line":29974,' plain.out.1 || fail "the last code's line is wrong"

: >split.log
for f in mix1 mix2 mix3; do
	same_jobs "$f" "2 3 4" --format jsonl "$at" "$f.log"
	same_jobs "$f-all" "3" --all-codes --format jsonl "$at" "$f.log"
done
grep -q ', [123] to' split.log || fail "no piece of a mixed log took over: $(cat split.log)"
grep -q 'mix2.log: 2 pieces' split.log || fail "a mixed log was not split: $(cat split.log)"

: >split.log
same_jobs vss-top "2 4" --format jsonl "$at" vss-top.log
grep -q '^vss-top.log: 2 pieces: 0 to [0-9]*, 1 to the end$' split.log ||
    fail "vss-top.log: the second piece did not take over: $(cat split.log)"
same_jobs vss-mid 2 --format jsonl "$at" vss-mid.log
grep -q '^vss-mid.log: 2 pieces: 0 to the end$' split.log ||
    fail "the first piece did not read it all: $(cat split.log)"
# without VSSEXPLAIN_SPLIT_WAIT, whether or not the threads come in time
VSSEXPLAIN_SPLIT_WAIT=
same_jobs nowait "2 3 4" --format jsonl "$at" mix2.log plain.log
VSSEXPLAIN_SPLIT_WAIT=1
same_jobs noline "2 3" --format jsonl "$at" noline.log
same_jobs vss-block "2 4" --format jsonl "$at" vss-block.log
grep -q '"writer":"Block Writer","method":null,"match":"Retryable error"' vss-block.out.1 ||
    fail "no finding with the block's writer"
same_jobs host "2 4" --format jsonl "$at" host.log
[ "$(grep -c '"host":"HOSTX"' host.out.1)" -gt 300 ] || fail "the host is not the findings'"


# a later piece's snapshots go into blocks (256 KiB, some 180 of them each);
# VSSEXPLAIN_SPLIT_SNAPS (for tests only) puts 2 in a block, so that the
# pieces here, of a few cuts each, fill several: the comparisons find the
# same snapshots, and the piece that never agrees reads on as before
VSSEXPLAIN_SPLIT_SNAPS=2
export VSSEXPLAIN_SPLIT_SNAPS
: >split.log
same_jobs snaps-plain "2 4" --format jsonl "$at" plain.log
same_jobs snaps-mix "3" --format jsonl "$at" mix3.log
same_jobs snaps-mid "2" --format jsonl "$at" vss-mid.log
grep -q '^plain.log: 4 pieces: 0 to [0-9]*, 1 to [0-9]*, 2 to [0-9]*, 3 to the end$' split.log ||
    fail "snapshots in blocks: the later pieces did not take over: $(cat split.log)"
grep -q '^vss-mid.log: 2 pieces: 0 to the end$' split.log ||
    fail "snapshots in blocks: the first piece did not read it all: $(cat split.log)"
unset VSSEXPLAIN_SPLIT_SNAPS

# a piece takes a snapshot at each of its first 64 cuts, then at every 16th
# only (its snapshots wait in memory until the piece before comes); with
# VSSEXPLAIN_SPLIT_DENSE=N (for tests only) at each of its first N, then at
# every second: a piece before it that does not agree at the first cut does
# at a later one, or reads on; the reports are those of -j 1 all the same
VSSEXPLAIN_SPLIT_DENSE=1
export VSSEXPLAIN_SPLIT_DENSE
: >split.log
same_jobs dense-plain 2 --format jsonl "$at" plain.log
for f in mix1 mix2 mix3 vss-top vss-mid vss-block host noline; do
	same_jobs "dense-$f" "2 3" --format jsonl "$at" "$f.log"
done
# several files split at once: without VSSEXPLAIN_SPLIT_WAIT (see below)
VSSEXPLAIN_SPLIT_WAIT=
same_jobs dense-text "2 3" --format text "$at" mix2.log vss-block.log plain.log
VSSEXPLAIN_SPLIT_WAIT=1
line=$(grep -m 1 '^plain.log: piece 1: ' split.log) ||
    fail "no count of snapshots: $(cat split.log)"
cuts=$(echo "$line" | sed 's/.*, \([0-9]*\) cuts, .*/\1/')
snaps=$(echo "$line" | sed 's/.* \([0-9]*\) snapshots$/\1/')
[ "$cuts" -ge 4 ] && [ "$snaps" = $(((cuts + 1) / 2)) ] ||
    fail "not a snapshot at every second cut after the first: $line"
unset VSSEXPLAIN_SPLIT_DENSE

# a later piece keeps each resolution once for the findings of a batch that
# share it (held_res): one code with a method that overrides its guidance,
# one that only returns it and none; more codes than the worker keeps, some
# of them alike in its hash; all as -j 1 writes them
awk 'BEGIN { split("800423F0 800423F1 800423F2 800423F3 800423F4 80042301 80042302 " \
	"80042304 80042308 8004230C 8004230F 80042312 80042313 80070005 80070057 " \
	"80070020 8007000E 80004005", c, " ") }
	{ print } NR % 20 == 0 && NR > 15000 {
	k = int(NR / 20)
	if (k % 3 == 0) print "2024-05-14 03:00:00 VSS DoSnapshotSet failed, hr = 0x80042306"
	else if (k % 3 == 1) print "2024-05-14 03:00:00 VSS Query failed, hr = 0x80042306"
	else print "2024-05-14 03:00:00 VSS call failed, hr = 0x80042306"
	print "2024-05-14 03:00:01 VSS writer failed, hr = 0x" c[k % 18 + 1] }' plain.log >shared.log
: >split.log
for fmt in jsonl csv json; do
	same_jobs "shared-$fmt" 2 --format "$fmt" "$at" shared.log
done
grep -q '^shared.log: 2 pieces: 0 to [0-9]*, 1 to the end$' split.log ||
    fail "shared.log: the second piece did not take over: $(cat split.log)"
for m in '"guidance":"transient","known":true,"form":"hex","path":"shared.log","line":2[0-9]*,[^}]*"method":"DoSnapshotSet"' \
    '"guidance":"investigate","known":true,"form":"hex","path":"shared.log","line":2[0-9]*,[^}]*"method":"Query"' \
    '"guidance":"investigate","known":true,"form":"hex","path":"shared.log","line":2[0-9]*,[^}]*"method":null'; do
	grep -q "\"code\":\"0x80042306\"[^}]*$m" shared-jsonl.out.1 || fail "shared.log: no finding $m"
done

# a later piece keeps its findings shorter (the resolution's lists of names
# only as long as they are): codes named by each list, and by none, after
# the cut, come out as -j 1 writes them in every format
awk '{ print } NR % 50 == 0 && NR > 15000 {
	print "2024-05-14 03:00:00 VSS writer failed, hr = 0x800423F4"
	print "2024-05-14 03:00:01 VSS copy failed: 0x80070005 (access)"
	print "2024-05-14 03:00:02 VSS driver said 0xD0000022 at open"
	print "2024-05-14 03:00:03 VSS said 0x8004FFFF for nothing known" }' plain.log >names.log
: >split.log
for fmt in $fmts; do
	same_jobs "names-$fmt" 2 --all-codes --format "$fmt" "$at" names.log
done
grep -q '^names.log: 2 pieces: 0 to [0-9]*, 1 to the end$' split.log ||
    fail "names.log: the second piece did not take over: $(cat split.log)"
for name in VSS_E_WRITERERROR_NONRETRYABLE E_ACCESSDENIED STATUS_ACCESS_DENIED; do
	grep -q "$name" names-text.out.1 || fail "names.log: no $name in the report"
done

# a rule that gives up in every piece: its message at its first line, its count
mkdir evil
printf '[pattern evil]\nliteral = Writer\nregex = (?<writer>(a+)+)+$\n' >evil/e.rules
a=$(printf 'a%.0s' $(seq 1 60))
# after a finding, where a writer name is looked for: 8 times, one in each piece or more
awk -v a="$a" '{ print } (NR - 1) % 3977 == 0 { printf "Writer %s!\n", a }' plain.log >slow.log
: >split.log
same_jobs gave-up "2 4" --rules evil --format jsonl "$at" slow.log
grep -q 'slow.log:2: rule evil gave up' gave-up.err.1 || fail "no first give-up: $(cat gave-up.err.1)"
grep -q 'gave up 8 times in all' gave-up.err.1 || fail "no count: $(cat gave-up.err.1)"
grep -q ', 1 to' split.log || fail "slow.log: no piece took over: $(cat split.log)"

# a thread that has ended its piece takes over half of what another piece
# has left, when much is left (the machine's processors need not read
# alike).  VSSEXPLAIN_SPLIT_SLOW=N (for tests only) makes piece N wait at
# each of its cuts, so that it lags; VSSEXPLAIN_STEAL=1 (idem) allows taking
# over with VSSEXPLAIN_SPLIT_WAIT (without it, always).  Whichever piece lags, the reports are
# those of -j 1: plain lines, mixed logs with findings waiting for a writer
# and vssadmin blocks across the new cuts, a piece that never agrees, a
# rule that gives up.
cat plain.log plain.log plain.log plain.log >big.log
VSSEXPLAIN_STEAL=1
export VSSEXPLAIN_STEAL VSSEXPLAIN_SPLIT_SLOW
for slow in 0 1; do
	VSSEXPLAIN_SPLIT_SLOW=$slow
	: >split.log
	for run in 1 2 3; do
		same_jobs "steal$slow" 2 --format jsonl "$at" big.log
	done
	cp split.log "steal$slow.log"
	same_jobs "steal$slow-gave-up" 2 --rules evil --format jsonl "$at" slow.log
	# several files split at once: VSSEXPLAIN_SPLIT_WAIT would have each
	# thread wait in its first piece for another to take its next
	VSSEXPLAIN_SPLIT_WAIT=
	same_jobs "steal$slow-mix" "2 3" --format jsonl "$at" mix1.log mix2.log mix3.log \
	    vss-mid.log vss-block.log
	same_jobs "steal$slow-text" 2 --format text "$at" big.log mix3.log
	VSSEXPLAIN_SPLIT_WAIT=1
done
unset VSSEXPLAIN_SPLIT_SLOW
# which piece took over: a new one after the lagging piece 0, or after piece 1
# (ten pieces or more, and piece numbers of two digits, with leaps)
grep -Eq '^big.log: ([3-9]|[1-9][0-9]+) pieces: 0 to [0-9]+, ([2-9]|[1-9][0-9]+) to .*, 1 to the end$' steal0.log ||
    fail "no thread took over half of piece 0: $(cat steal0.log)"
grep -Eq '^big.log: ([3-9]|[1-9][0-9]+) pieces: 0 to [0-9]+, 1 to [0-9]+, ([2-9]|[1-9][0-9]+) to' steal1.log ||
    fail "no thread took over half of piece 1: $(cat steal1.log)"
VSSEXPLAIN_STEAL=
# without it, the tests' pieces (VSSEXPLAIN_SPLIT_WAIT) are those cut at the start
: >split.log
VSSEXPLAIN_SPLIT_SLOW=1 same_jobs nosteal 2 --format jsonl "$at" big.log
grep -q '^big.log: 2 pieces: 0 to [0-9]*, 1 to the end$' split.log ||
    fail "a piece was taken over with VSSEXPLAIN_SPLIT_WAIT: $(cat split.log)"

# without VSSEXPLAIN_SPLIT_WAIT, as users run it, no piece is cut at the
# start: the file's own thread reads from the start at once, and the free
# threads take over parts of what it has left, each finding its own cut
# (several threads at once with -j 3 and -j 4, one of them losing the race
# for a piece now and then); piece 0 lagging, they surely do
unset VSSEXPLAIN_STEAL
VSSEXPLAIN_SPLIT_WAIT=
: >split.log
VSSEXPLAIN_SPLIT_SLOW=0 same_jobs lazy "2 3 4" --format jsonl "$at" big.log
[ "$(grep -c '^big.log: pieces taken over as threads come free$' split.log)" = 3 ] ||
    fail "pieces were cut at the start: $(cat split.log)"
grep -q 'pieces wanted at' split.log && fail "pieces were cut at the start: $(cat split.log)"
# (with leaps a run may make ten pieces or more)
[ "$(grep -Ec '^big.log: ([2-9]|[1-9][0-9]+) pieces: 0 to [0-9]+, [1-9]' split.log)" = 3 ] ||
    fail "no thread took over part of the first piece: $(cat split.log)"
VSSEXPLAIN_SPLIT_SLOW=0 same_jobs lazy-mix "2 4" --format text "$at" mix1.log big.log mix3.log
# leaps: a free thread takes over at most four least pieces (800 KB here)
# ahead of where the piece it cuts is read, so that the threads leapfrog
# along a long file and what a piece finds waits in memory for about a
# leap's reading, not half the file's; the pieces are handed on as they
# end, the thread's own among them.  Taking over half of the rest made 2
# or 3 pieces of big.log (12 MB), the first some 5.7 MB ahead; leaps make
# 6 to 10 on an idle machine (how many depends on the threads' speeds: the
# split log says how far ahead each was taken, a cut at most past a leap)
: >split.log
for run in 1 2 3; do
	same_jobs "leap$run" "2 3" --format jsonl "$at" big.log
done
grep -q '^big.log: piece [0-9]*: taken [0-9]* bytes ahead of piece' split.log ||
    fail "no piece was taken over: $(cat split.log)"
sed -n 's/^big.log: piece [0-9]*: taken \([0-9]*\) bytes ahead.*/\1/p' split.log |
    while read -r n; do
	[ "$n" -le $((800000 + 262144 + 4096)) ] ||
	    echo "a piece was taken $n bytes ahead, past the leap"
done >leaps.err
[ -s leaps.err ] && fail "$(cat leaps.err): $(cat split.log)"
same_jobs leap-text 2 --format text "$at" big.log mix1.log
VSSEXPLAIN_SPLIT_WAIT=1

# neither compressed nor UTF-16 nor BOM inputs are split; nor with --state
gzip -n -c plain.log >plain.log.gz
iconv -f UTF-8 -t UTF-16 mix1.log >utf16.log 2>/dev/null || iconv -f LATIN1 -t UTF-16 mix1.log >utf16.log
{ printf '\357\273\277'; cat plain.log; } >bom.log
: >split.log
same_jobs others 2 --format jsonl "$at" plain.log.gz utf16.log bom.log
expect_status 1 vssx scan -j 2 --state st.json --format jsonl "$at" plain.log
[ -s split.log ] && fail "split: $(cat split.log)"

done_testing

#!/usr/bin/env python3
"""Writes a backup-style text log of a given size for the scan benchmark.

About 1% of the lines (or the share --fail-ratio gives) carry a VSS failure
code in one of the forms real logs use.  The other lines are what a backup job writes: progress and file lines
(about 60%) and decoys that look like codes but are not (about 39%): GUIDs,
16-digit addresses, hex checksums and dumps, function arguments and handles,
success codes, timestamps, epoch seconds and byte counts.  A pool of lines is
formatted once and drawn from at random, so gigabytes take seconds.
Usage: gen-textlog.py SIZE_MIB OUT [--no-newline] [--fail-ratio R]
(R: the share of failure lines, 0 to 0.6, default 0.01; the decoys stay at 39%)
"""
import random
import sys

PLAIN = [
    "{ts} INFO  [Job {job}] Backing up file C:\\Users\\{user}\\Documents\\Report {n}.docx ({n} KB)",
    "{ts} INFO  [Job {job}] Progress {pct}% ({n} of 1832 files), {n} MB/s",
    "{ts} DEBUG [Transfer] Sent {n} bytes to repository target \\\\nas01\\backup\\{user}",
    "{ts} INFO  [Scheduler] Job 'Nightly {user}' started by schedule, retention 14 days",
    "{ts} INFO  [VSS] Creating shadow copy set for volumes C:\\ D:\\ (attempt 1)",
    "{ts} INFO  [VSS] Writer 'System Writer' state: Stable, last error: none",
    "{ts} DEBUG [Catalog] Indexed {n} entries in {pct} ms",
]
DECOYS = [
    "{ts} INFO  [Job {job}] Processing volume \\\\?\\Volume{{{guid}}}\\ offset 0x{addr:016x} size {n}",
    "{ts} DEBUG [Agent] CreateFileW(\\\\?\\GLOBALROOT\\Device\\HarddiskVolumeShadowCopy{k}, 0x80000000, 0x00000003) returned handle 0x{h:08X}",
    "{ts} INFO  [Transfer] block {n} crc32={crc:08x} sha1={sha} bytes=65536",
    "{ts} DEBUG [Registry] RegOpenKeyExW(0x80000002, SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion) = 0",
    "{ts} INFO  [Catalog] session {guid} wrote {n} files in 00:01:12, hr = 0x00000000",
    "{ts} TRACE [Mem] dump {crc:08x} 03000000 04000000 ffff0000 b8000000 00000000 {crc2:08x}",
    "{ts} INFO  [Job {job}] Transferred {big} bytes at {n} KB/s, epoch {epoch}",
    "{ts} DEBUG [Net] connect to 10.1.{k}.{k2}:10005 keyword mask 0x8000000000000000 pid {job}",
]
FAILS = [
    "{ts} ERROR [VSS] DoSnapshotSet failed, hr = 0x80042306, The shadow copy provider had an unexpected error.",
    "{ts} ERROR [VSS] Writer 'SqlServerWriter' failed: Error 0x800423f4.",
    "{ts} ERROR [Job {job}] Backup failed with HResult=-2147212529",
    "{ts} ERROR [VSS] CoCreateInstance failed: E_INVALIDARG (0x80070057)",
    "{ts} WARN  [VSS] Returned HRESULT: 800423f3 (VSS_E_WRITERERROR_RETRYABLE)",
    "{ts} ERROR [Job {job}] Exit Code: -2147024891",
]


def line(rnd, tmpl, sec):
    hexd = "0123456789abcdef"
    ts = "2024-05-%02d %02d:%02d:%02d.%03d" % (1 + sec // 86400 % 28, sec // 3600 % 24,
                                              sec // 60 % 60, sec % 60, sec % 1000)
    guid = "%08x-%04x-%04x-%04x-%012x" % (rnd.getrandbits(32), rnd.getrandbits(16),
                                          rnd.getrandbits(16), rnd.getrandbits(16),
                                          rnd.getrandbits(48))
    return tmpl.format(
        ts=ts, job=rnd.randint(1000, 9999), guid=guid, addr=rnd.getrandbits(64),
        n=rnd.randint(1, 10**7), k=rnd.randint(1, 250), k2=rnd.randint(1, 250),
        h=rnd.getrandbits(12), crc=rnd.getrandbits(32), crc2=rnd.getrandbits(32),
        sha="".join(rnd.choice(hexd) for _ in range(40)), pct=rnd.randint(0, 100),
        user=rnd.choice(["alice", "bob", "svc_backup", "Administrator"]),
        big=rnd.randint(10**9, 10**10), epoch=rnd.randint(1600000000, 1800000000))


def main():
    size = int(sys.argv[1]) * 1024 * 1024
    out = sys.argv[2]
    sep = " " if "--no-newline" in sys.argv else "\n"
    ratio = 0.01
    if "--fail-ratio" in sys.argv:
        ratio = float(sys.argv[sys.argv.index("--fail-ratio") + 1])
        if not 0 <= ratio <= 0.6:
            sys.exit("gen-textlog.py: --fail-ratio must be between 0 and 0.6")
    rnd = random.Random(42)
    pool = []
    for i in range(60000):
        r = rnd.random()
        kind = FAILS if r < ratio else DECOYS if r < ratio + 0.39 else PLAIN
        pool.append(line(rnd, rnd.choice(kind), i * 7) + sep)
    written = 0
    with open(out, "w", encoding="ascii") as f:
        while written < size:
            block = "".join(rnd.choices(pool, k=4000))
            f.write(block)
            written += len(block)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Writes a binary .evtx event log of a given size for the .evtx reader benchmark, in seconds.

A few chunks are built once with tests/evtx/mkevtx.py: noise chunks (Security
4624/4625 logons with GUIDs and NTSTATUS values, Service Control Manager 7036,
Kernel-General 12/13) and one chunk where about half the records are VSS,
VolSnap and Windows Server Backup failures.  The file repeats them, patching
each record's id (record header and EventRecordID value) and both chunk
checksums, choosing the failure chunk so that about RATIO of all records are
failures (default 0.01).
Usage: gen-evtx.py SIZE_MIB OUT [--ratio R]
"""
import argparse
import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "evtx"))
import mkevtx  # noqa: E402

HOST = "BENCH01.corp.example.com"


def noise(i):
    t = "2024-05-%02dT%02d:%02d:%02d.%07dZ" % (1 + i % 28, i % 24, (i * 7) % 60, (i * 13) % 60, (i * 7919) % 10**7)
    k = i % 10
    if k < 6:
        return {"provider": "Microsoft-Windows-Security-Auditing", "guid": "{54849625-5478-4994-a5ba-3e3b0328c30d}",
                "event_id": 4624, "version": 2, "level": 0, "task": 12544, "keywords": "0x8020000000000000",
                "time": t, "channel": "Security", "computer": HOST, "process_id": 684, "thread_id": 900 + k,
                "data": [{"name": "SubjectUserSid", "value": "S-1-5-18"},
                         {"name": "TargetUserName", "value": "user%04d" % (i % 5000)},
                         {"name": "TargetLogonId", "value": "0x%x" % (0x1f00000 + i)},
                         {"name": "LogonGuid", "value": "{%08x-1d2c-4b3a-9e8f-%012x}" % (i, i * 2654435761 % 2**48)},
                         {"name": "IpAddress", "value": "10.%d.%d.%d" % (i % 250, (i // 7) % 250, (i // 11) % 250)}]}
    if k < 8:
        return {"provider": "Microsoft-Windows-Security-Auditing", "guid": "{54849625-5478-4994-a5ba-3e3b0328c30d}",
                "event_id": 4625, "version": 0, "level": 0, "task": 12546, "keywords": "0x8010000000000000",
                "time": t, "channel": "Security", "computer": HOST, "process_id": 684, "thread_id": 900 + k,
                "data": [{"name": "TargetUserName", "value": "admin%d" % (i % 97)},
                         {"name": "Status", "hex32": "0xc000006d"}, {"name": "SubStatus", "hex32": "0xc000006a"}]}
    if k < 9:
        return {"provider": "Service Control Manager", "guid": "{555908d1-a6d7-4695-8e1e-26931d2012f4}",
                "event_source_name": "Service Control Manager", "event_id": 7036, "qualifiers": 16384, "level": 4,
                "keywords": "0x8080000000000000", "time": t, "channel": "System", "computer": HOST,
                "data": [{"name": "param1", "value": "Volume Shadow Copy"},
                         {"name": "param2", "value": "running" if i % 2 else "stopped"},
                         {"name": "Binary", "value": "5600530053000000"}]}
    return {"provider": "Microsoft-Windows-Kernel-General", "guid": "{a68ca8b7-004f-d7b6-a698-07e2de0f1f5d}",
            "event_id": 12 + i % 2, "level": 4, "keywords": "0x8000000000000000", "time": t, "channel": "System",
            "computer": HOST, "data": [{"name": "MajorVersion", "uint32": 10}, {"name": "BuildVersion", "uint32": 20348}]}


def failure(i):
    t = "2024-05-%02dT%02d:%02d:%02d.%07dZ" % (1 + i % 28, i % 24, (i * 3) % 60, (i * 17) % 60, (i * 104729) % 10**7)
    k = i % 4
    if k == 0:
        return {"provider": "VSS", "event_id": 8193, "qualifiers": 0, "level": 2, "time": t, "channel": "Application",
                "computer": HOST, "data": ["CoCreateInstance", "0x80070005, Access is denied.\n",
                                           "\n\nOperation:\n   Instantiating VSS server"]}
    if k == 1:
        return {"provider": "VSS", "event_id": 8229, "qualifiers": 0, "level": 3, "time": t, "channel": "Application",
                "computer": HOST, "data": ["0x800423f4, The writer experienced a non-transient error.\n", "",
                                           "\n\nOperation:\n   PrepareForSnapshot Event\n\nContext:\n"
                                           "   Execution Context: Writer\n   Writer Name: SqlServerWriter"]}
    if k == 2:
        pkt = bytearray(40)
        pkt[12:16] = (0xC0060019).to_bytes(4, "little")
        return {"provider": "Volsnap", "guid": "{cb017cd2-1f37-4e65-82bc-3e91f6a37559}", "event_source_name": "volsnap",
                "event_id": 25, "qualifiers": 49158, "level": 2, "time": t, "channel": "System", "computer": HOST,
                "data": [{"name": "DeviceName", "value": "\\Device\\HarddiskVolumeShadowCopy%d" % (i % 64)},
                         {"name": "VolumeName", "value": "D:"}, {"binary": pkt.hex().upper()}]}
    return {"provider": "Microsoft-Windows-Backup", "guid": "{1db28f2e-8f80-4027-8c5a-a11f7f10f62d}", "event_id": 5,
            "level": 2, "task": 1, "keywords": "0x4000000000000000", "time": t, "channel": "Microsoft-Windows-Backup",
            "computer": HOST, "data": [{"name": "HRESULT", "value": "0x8078011e"},
                                       {"name": "DetailedHRESULT", "value": "0x80070005"}]}


def full_chunk(make):
    """Fill one chunk with make(0), make(1), ... until the next record does not fit."""
    chunk = mkevtx.Chunk()
    i = 0
    while True:
        ev = make(i)
        ev["record_id"] = i + 1
        try:
            chunk.add_record(ev)
        except mkevtx.ChunkFull:
            return chunk
        i += 1


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("size_mib", type=float)
    ap.add_argument("out")
    ap.add_argument("--ratio", type=float, default=0.01, help="share of records that are failures")
    a = ap.parse_args()
    noise_chunks = [full_chunk(lambda i, s=s: noise(i + s)) for s in (0, 1000, 2000)]
    mixed = full_chunk(lambda i: failure(i // 2) if i % 2 == 0 else noise(i + 3000))
    mixed_fail = sum(1 for _ in mixed.records) // 2 + len(mixed.records) % 2
    templates = [(c, bytearray(c.finish())) for c in noise_chunks + [mixed]]
    nchunks = max(1, int(a.size_mib * 1048576 - mkevtx.FILE_HEADER_SIZE) // mkevtx.CHUNK_SIZE)
    if nchunks > 0xFFFF:
        sys.exit("gen-evtx.py: at most 65535 chunks (4 GiB)")
    rid = 1
    records = failures = 0
    with open(a.out, "wb") as f:
        f.write(b"\0" * mkevtx.FILE_HEADER_SIZE)
        for n in range(nchunks):
            per = len(noise_chunks[0].records)
            use_mixed = failures < a.ratio * (records + per)
            src, body = templates[3] if use_mixed else templates[n % 3]
            buf = bytearray(body)
            for off, _, idpos in src.records:
                struct.pack_into("<Q", buf, off + 8, rid)
                struct.pack_into("<Q", buf, idpos, rid)
                rid += 1
            first = rid - len(src.records)
            mkevtx.finish_chunk_header(buf, first, rid - 1, src.last_record_offset, src.pos)
            f.write(buf)
            records += len(src.records)
            failures += mixed_fail if use_mixed else 0
        f.seek(0)
        f.write(mkevtx.file_header(nchunks, rid))
    print("gen-evtx.py: %s: %d chunks, %d records, %d failure records (%.4f)"
          % (a.out, nchunks, records, failures, failures / max(records, 1)), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

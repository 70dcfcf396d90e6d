#!/usr/bin/env python3
"""Writes samples/vss-failures.evtx: VSS, VolSnap and Windows Server Backup failures among ordinary events.

Two chunks, a few dozen records, made with tests/evtx/mkevtx.py.  The events
follow the shapes in samples/*.xml and the ids and fields in
/work/shared/reference/events.md; host names and GUIDs are made up.
Usage: gen-vss-failures-evtx.py [OUT]   (default: samples/vss-failures.evtx)
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import mkevtx  # noqa: E402

HOST = "FS02.corp.example.com"
DAY = "2024-05-14T"
VSS_BIN = ("- Code: CORVSSC00000505- Call: CORVSSC00000408- PID:  00001360- TID:  00004712- "
           "CMD:  C:\Windows\system32\vssvc.exe   - User: Name: NT AUTHORITY\SYSTEM").encode().hex().upper()
SCM_GUID = "{555908d1-a6d7-4695-8e1e-26931d2012f4}"
VOLSNAP_GUID = "{cb017cd2-1f37-4e65-82bc-3e91f6a37559}"
BACKUP_GUID = "{1db28f2e-8f80-4027-8c5a-a11f7f10f62d}"
KERNEL_GUID = "{a68ca8b7-004f-d7b6-a698-07e2de0f1f5d}"
AUDIT_GUID = "{54849625-5478-4994-a5ba-3e3b0328c30d}"


def ctx(operation, writer=None, cls=None, inst=None):
    s = "\n\nOperation:\n   %s\n\nContext:\n   Execution Context: %s" % (operation, "Writer" if writer else "Coordinator")
    if writer:
        s += "\n   Writer Class Id: %s\n   Writer Name: %s\n   Writer Instance ID: %s" % (cls, writer, inst)
    return s


def vss(eid, level, t, data, binary=True):
    ev = {"provider": "VSS", "event_id": eid, "qualifiers": 0, "level": level, "time": DAY + t,
          "channel": "Application", "computer": HOST, "data": list(data)}
    if binary:
        ev["data"].append({"binary": VSS_BIN})
    return ev


def io_packet(error_code, final_status, seq):
    """An IO_ERROR_LOG_PACKET: ErrorCode at 0x0c, FinalStatus at 0x14 (little-endian)."""
    b = bytearray(40)
    b[2:4] = (0).to_bytes(2, "little")
    b[4:6] = (2).to_bytes(2, "little")
    b[6:8] = (0x30).to_bytes(2, "little")
    b[12:16] = error_code.to_bytes(4, "little")
    b[16:20] = (0xB2).to_bytes(4, "little")
    b[20:24] = final_status.to_bytes(4, "little")
    b[24:28] = seq.to_bytes(4, "little")
    return b.hex().upper()


def volsnap(eid, qual, level, t, shadow, status, line, error_code, final_status):
    return {"provider": "Volsnap", "guid": VOLSNAP_GUID, "event_source_name": "volsnap",
            "event_id": eid, "qualifiers": qual, "level": level, "time": DAY + t, "channel": "System",
            "computer": HOST, "process_id": 4, "thread_id": 212,
            "data": [{"name": "DeviceName", "value": "\\Device\\HarddiskVolumeShadowCopy%d" % shadow},
                     {"name": "VolumeName", "value": "E:"},
                     {"name": "NTSTATUS", "value": status},
                     {"name": "SourceTag", "value": "178"},
                     {"name": "SourceFileID", "value": "0x0001"},
                     {"name": "SourceLine", "value": str(line)},
                     {"binary": io_packet(error_code, final_status, line)}]}


def scm(t, service, state, binary):
    return {"provider": "Service Control Manager", "guid": SCM_GUID,
            "event_source_name": "Service Control Manager", "event_id": 7036, "qualifiers": 16384,
            "level": 4, "keywords": "0x8080000000000000", "time": DAY + t, "channel": "System",
            "computer": HOST, "process_id": 668, "thread_id": 5120,
            "data": [{"name": "param1", "value": service}, {"name": "param2", "value": state},
                     {"name": "Binary", "value": binary}]}


def eventlog(eid, t):
    return {"provider": "EventLog", "event_id": eid, "qualifiers": 32768, "level": 4,
            "time": DAY + t, "channel": "System", "computer": HOST, "data": [{"binary": "00"}]}


def kernel_general(eid, t, when):
    return {"provider": "Microsoft-Windows-Kernel-General", "guid": KERNEL_GUID, "event_id": eid,
            "level": 4, "task": 0, "opcode": 0, "keywords": "0x8000000000000000", "time": DAY + t,
            "channel": "System", "computer": HOST, "process_id": 4, "thread_id": 8,
            "data": [{"name": "StopTime" if eid == 13 else "StartTime", "value": when},
                     {"name": "MajorVersion", "uint32": 10}, {"name": "MinorVersion", "uint32": 0},
                     {"name": "BuildVersion", "uint32": 20348}, {"name": "QfeVersion", "uint32": 2322},
                     {"name": "ServiceVersion", "uint32": 0}, {"name": "BootMode", "uint32": 0},
                     {"name": "StartTime" if eid == 12 else "Reason", "value": when if eid == 12 else "1"}]}


def logon(eid, t, n, status=None):
    data = [{"name": "SubjectUserSid", "value": "S-1-5-18"},
            {"name": "SubjectUserName", "value": "FS02$"},
            {"name": "SubjectDomainName", "value": "CORP"},
            {"name": "SubjectLogonId", "value": "0x3e7"},
            {"name": "TargetUserSid", "value": "S-1-5-21-3623811015-3361044348-30300820-%d" % (1100 + n)},
            {"name": "TargetUserName", "value": "svc-backup%d" % n},
            {"name": "TargetDomainName", "value": "CORP"}]
    if status:
        data += [{"name": "Status", "hex32": status}, {"name": "SubStatus", "hex32": "0xc000006a"}]
    else:
        data += [{"name": "TargetLogonId", "value": "0x%x" % (0x8d2f11 + n * 977)},
                 {"name": "LogonGuid", "value": "{%08x-5c1e-4f0b-9a2d-%012x}" % (0x3f9a0c21 + n, 0x6e1b7d2c9a00 + n)}]
    data += [{"name": "LogonType", "value": "3"}, {"name": "IpAddress", "value": "10.20.30.%d" % (40 + n)},
             {"name": "ProcessId", "hex64": "0x2a4"}]
    return {"provider": "Microsoft-Windows-Security-Auditing", "guid": AUDIT_GUID, "event_id": eid,
            "version": 2, "level": 0, "task": 12544 if eid == 4624 else 12546, "opcode": 0,
            "keywords": "0x8020000000000000" if eid == 4624 else "0x8010000000000000",
            "time": DAY + t, "channel": "Security", "computer": HOST, "process_id": 684,
            "thread_id": 2200 + n, "data": data}


def backup(eid, level, t, task, data, channel="Microsoft-Windows-Backup", qual=None):
    ev = {"provider": "Microsoft-Windows-Backup", "guid": BACKUP_GUID, "event_id": eid, "level": level,
          "task": task, "keywords": "0x4000000000000000", "time": DAY + t, "channel": channel,
          "computer": HOST, "process_id": 3340, "thread_id": 3344, "data": data}
    if qual is not None:
        ev["qualifiers"] = qual
        ev["keywords"] = "0x80000000000000"
    return ev


SQLW = ("SqlServerWriter", "{a65faa63-5ea8-4ebc-9dbd-a0c4db26912a}", "{3c1f0a2e-91d4-4b8c-a7e2-5d6f0b1c2e3a}")
SYSW = ("System Writer", "{e8132975-6f93-4464-a53e-1050253ae220}", "{7d2e9b14-0c3a-4f6e-8b1d-2a5c9e0f4b67}")

EVENTS = [
    eventlog(6005, "00:58:02.1180000Z"),
    kernel_general(12, "00:57:58.5000000Z", "2024-05-14T00:57:58.500000000Z"),
    scm("01:00:03.2210417Z", "Volume Shadow Copy", "running", "5600530053000000"),
    logon(4624, "01:00:04.7788120Z", 1),
    vss(8224, 4, "01:02:11.9043002Z", [ctx("Automatic Shutdown")], binary=False),
    backup(1, 4, "02:00:00.4820331Z", 1, [{"name": "BackupTemplateID", "value": "{6c1d8e37-9c2b-4a1e-bb21-0f5f2a1d7e90}"}]),
    vss(8193, 2, "02:00:09.4123456Z", ["CoCreateInstance", "0x80070005, Access is denied.\n",
                                     ctx("Instantiating VSS server")]),
    vss(8194, 2, "02:00:10.0291113Z", ["0x80070005, Access is denied.\n", ctx("Gathering Writer Data", *SYSW)]),
    logon(4625, "02:00:11.5000007Z", 2, status="0xc000006d"),
    {"provider": "Application Error", "event_id": 1000, "qualifiers": 0, "level": 2, "task": 100,
     "time": DAY + "02:00:12.7730159Z", "channel": "Application", "computer": HOST,
     "data": ["ReportAgent.exe", "4.2.118.0", "65f1c2a0", "ntdll.dll", "10.0.20348.2322", "b1a9c0f3",
              "c0000005", "000000000003e7a1", "1d4c", "01daa5a39a4e2d1f"]},
    vss(12289, 2, "02:01:44.6621900Z", ["DeviceIoControl(\\\\?\\Volume{0c2a5e31-0000-0000-0000-100000000000} - "
                                       "0000000000000458,0x0053c008,0000000000000000,0,00000000001E1A40,4096,[0])",
                                       "0x80070015, The device is not ready.\n",
                                       ctx("Processing PostFinalCommitSnapshots")]),
    vss(12293, 2, "02:01:44.7130046Z", ["{b5946137-7b9f-4925-af80-51abd60b20d5}",
                                       "PreFinalCommitSnapshots({4c2a0f1e-7d3b-4e9a-8c5f-1b2d3e4f5a6b}, 5)",
                                       "0x80042302, A Volume Shadow Copy Service component encountered an "
                                       "unexpected error.\nCheck the Application event log for more information.\n",
                                       ctx("Executing Asynchronous Operation")]),
    volsnap(35, 49158, 2, "02:01:45.0012300Z", 21, "c000007f", 5120, 0xC0060023, 0xC000007F),
    scm("02:02:00.0000451Z", "Volume Shadow Copy", "stopped", "5600530053000000"),
    logon(4624, "02:05:16.3020000Z", 3),
    vss(8229, 3, "02:14:13.5561200Z", ["0x800423f4, The writer experienced a non-transient error.  If the backup "
                                      "process is retried,\nthe error is likely to reoccur.\n",
                                      "Changes that the writer made to the writer components while handling the "
                                      "event will not be available to the requester.",
                                      ctx("PrepareForSnapshot Event", *SQLW)]),
    backup(5, 2, "02:14:51.1177260Z", 1, [
        {"name": "BackupTime", "value": "2024-05-14T02:00:00.482Z"},
        {"name": "ErrorMessage", "value": "%%2155348254"},
        {"name": "BackupTemplateID", "value": "{6c1d8e37-9c2b-4a1e-bb21-0f5f2a1d7e90}"},
        {"name": "HRESULT", "value": "0x8078011e"},
        {"name": "DetailedHRESULT", "value": "0x80070005"},
        {"name": "DetailedErrorMessage", "value": "%%2147942405"},
        {"name": "BackupState", "value": "14"},
        {"name": "BackupWriteStartTime", "value": ""},
        {"name": "BackupWriteEndTime", "value": ""}]),
    backup(14, 4, "02:14:51.2004410Z", 1, [{"name": "BackupTemplateID", "value": "{6c1d8e37-9c2b-4a1e-bb21-0f5f2a1d7e90}"}]),
    scm("02:30:00.1111111Z", "Windows Modules Installer", "running", "5400720075007300740065006400"),
    logon(4624, "02:31:07.0066000Z", 4),
    # second half: the evening run
    volsnap(33, 16390, 4, "20:40:02.9440000Z", 3, "00000000", 2210, 0x40060021, 0),
    volsnap(25, 49158, 2, "21:01:33.8720418Z", 22, "00000000", 3722, 0xC0060019, 0),
    volsnap(36, 49158, 2, "21:02:14.4471905Z", 23, "00000000", 6402, 0xC0060024, 0),
    vss(13, 2, "21:03:40.3300000Z", ["{e579ab5f-1cc4-44b4-bed9-de0991ff0623}",
                                    "Microsoft Software Shadow Copy provider 1.0",
                                    "0x8007045b, A system shutdown is in progress.\n",
                                    ctx("Obtaining a provider management interface")]),
    backup(521, 2, "21:03:41.5020000Z", 0, ["\u200e2024\u200e-\u200e05\u200e-\u200e14T21:00:05.123000000Z",
                                           "2147754758", "%%2147754758"],
           channel="Application", qual=49152),
    logon(4624, "21:04:00.4400000Z", 5),
    scm("21:10:00.0011000Z", "Volume Shadow Copy", "stopped", "5600530053000000"),
    logon(4625, "21:11:13.1300000Z", 6, status="0xc000006d"),
    vss(8224, 4, "21:14:11.9043002Z", [ctx("Automatic Shutdown")], binary=False),
    {"provider": "LoadPerf", "guid": "{122ee297-bb47-41ae-b265-1ca8d1886d40}", "event_id": 1000,
     "level": 4, "keywords": "0x80000000000000", "time": DAY + "22:00:10.2000000Z", "channel": "Application",
     "computer": HOST, "process_id": 5520, "thread_id": 5524,
     "user_data": {"element": "EventXML", "xmlns": "LoadPerf",
                   "fields": [["param1", "WmiApRpl"], ["param2", "WmiApRpl"],
                              ["binaryDataSize", "16"], ["binaryData", "0000000000000000"]]}},
    scm("23:58:00.7000000Z", "Windows Update", "stopped", "770075006100750073006500720076000000"),
    eventlog(6006, "23:59:01.9900000Z"),
    kernel_general(13, "23:59:02.5000000Z", "2024-05-14T23:59:02.500000000Z"),
]

DESC = {"first_record_id": 88101, "records_per_chunk": 20, "events": EVENTS}


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "..", "samples", "vss-failures.evtx")
    with open(out, "wb") as f:
        f.write(mkevtx.build_file(DESC))
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Writes an exported Windows event log (XML) of a given size for the event benchmark.

The export has an <Events> root and one event per line, as Event Viewer and
evtx_dump.py write them, with the event namespace on every event.  About 97%
of the events are Security logons (4624 successes with logon ids, GUIDs and
SIDs; 4625 failures with NTSTATUS values such as 0xc000006d), which must give
nothing.  The rest are VSS, VolSnap and Windows Server Backup failures in the
shapes Windows writes them, plus informational VSS and VolSnap events that
must stay silent.  Events are drawn at random from a pool formatted once, with
increasing record ids.  The findings vssexplain must report, as counts per
code, are written to EXPECTED as JSON.
Usage: gen-events.py SIZE_MIB OUT EXPECTED [--vss-ratio R]
(R: the share of VSS, VolSnap and Backup events, 0 to 1, default 0.03; the
rest are logons.  With 1 the export is what a filtered export such as
wevtutil qe Application /q:"*[System[Provider[@Name='VSS']]]" /f:xml gives:
every event is one the rules are about, and every one is read in full.)
"""
import json
import random
import sys

NS = "http://schemas.microsoft.com/win/2004/08/events/event"


def system(provider, eid, level, task, keywords, when, channel, computer,
           qualifiers=None, guid=None, source=None, pid=716, tid=4212):
    prov = "<Provider Name='%s'" % provider
    if guid:
        prov += " Guid='{%s}'" % guid
    if source:
        prov += " EventSourceName='%s'" % source
    prov += "/>"
    q = " Qualifiers='%d'" % qualifiers if qualifiers is not None else ""
    return ("<System>%s<EventID%s>%d</EventID><Version>0</Version><Level>%d</Level>"
            "<Task>%d</Task><Opcode>0</Opcode><Keywords>%s</Keywords>"
            "<TimeCreated SystemTime='%s'/><EventRecordID>\0</EventRecordID>"
            "<Correlation/><Execution ProcessID='%d' ThreadID='%d'/>"
            "<Channel>%s</Channel><Computer>%s</Computer><Security/></System>"
            % (prov, q, eid, level, task, keywords, when, pid, tid, channel, computer))


def data(items):
    out = []
    for name, value in items:
        if name is None:
            out.append("<Data>%s</Data>" % value)
        else:
            out.append("<Data Name='%s'>%s</Data>" % (name, value))
    return "<EventData>%s</EventData>" % "".join(out)


def event(sys_xml, body):
    return "<Event xmlns='%s'>%s%s</Event>\n" % (NS, sys_xml, body)


def stamp(rnd):
    return "2024-05-%02dT%02d:%02d:%02d.%07dZ" % (rnd.randint(1, 28), rnd.randint(0, 23),
                                                  rnd.randint(0, 59), rnd.randint(0, 59),
                                                  rnd.randint(0, 9999999))


def sid(rnd):
    return "S-1-5-21-%d-%d-%d-%d" % (rnd.randint(10**9, 4 * 10**9), rnd.randint(10**9, 4 * 10**9),
                                     rnd.randint(10**7, 10**9), rnd.randint(1000, 9999))


def guid(rnd):
    return "%08x-%04x-%04x-%04x-%012x" % (rnd.getrandbits(32), rnd.getrandbits(16),
                                          rnd.getrandbits(16), rnd.getrandbits(16),
                                          rnd.getrandbits(48))


USERS = ["alice", "bob", "administrator", "svc_sql", "SVC_WEB01", "jdoe", "helpdesk",
         "DC01$", "WS-0421$", "scanner"]
SEC_GUID = "54849625-5478-4994-a5ba-3e3b0328c30d"


def logon_ok(rnd):
    # logon ids: usually short, sometimes eight digits with the high bit set
    lid = rnd.choice(["0x%x" % rnd.getrandbits(24), "0x%08x" % (0x80000000 | rnd.getrandbits(31))])
    s = system("Microsoft-Windows-Security-Auditing", 4624, 0, 12544, "0x8020000000000000",
               stamp(rnd), "Security", "DC01.corp.example.com", guid=SEC_GUID,
               pid=rnd.randint(500, 900), tid=rnd.randint(1000, 9000))
    return event(s, data([
        ("SubjectUserSid", "S-1-5-18"), ("SubjectUserName", "DC01$"),
        ("SubjectDomainName", "CORP"), ("SubjectLogonId", "0x3e7"),
        ("TargetUserSid", sid(rnd)), ("TargetUserName", rnd.choice(USERS)),
        ("TargetDomainName", "CORP"), ("TargetLogonId", lid),
        ("LogonType", str(rnd.choice([2, 3, 3, 3, 5, 10]))),
        ("LogonProcessName", "Kerberos"), ("AuthenticationPackageName", "Kerberos"),
        ("WorkstationName", "-"), ("LogonGuid", "{%s}" % guid(rnd)),
        ("TransmittedServices", "-"), ("LmPackageName", "-"), ("KeyLength", "0"),
        ("ProcessId", "0x%x" % rnd.randint(0x200, 0x2000)),
        ("ProcessName", "C:\\Windows\\System32\\lsass.exe"),
        ("IpAddress", "10.1.%d.%d" % (rnd.randint(1, 250), rnd.randint(1, 250))),
        ("IpPort", str(rnd.randint(1024, 65535))), ("ImpersonationLevel", "%%1833"),
        ("RestrictedAdminMode", "-"), ("TargetOutboundUserName", "-"),
        ("TargetOutboundDomainName", "-"), ("VirtualAccount", "%%1843"),
        ("TargetLinkedLogonId", "0x0"), ("ElevatedToken", "%%1842")]))


def logon_failed(rnd):
    status, sub = rnd.choice([("0xc000006d", "0xc000006a"), ("0xc000006d", "0xc0000064"),
                              ("0xc000006e", "0xc0000072"), ("0xc000015b", "0x0"),
                              ("0xc0000234", "0x0"), ("0xc000006d", "0xc0000071")])
    s = system("Microsoft-Windows-Security-Auditing", 4625, 0, 12544, "0x8010000000000000",
               stamp(rnd), "Security", "DC01.corp.example.com", guid=SEC_GUID,
               pid=rnd.randint(500, 900), tid=rnd.randint(1000, 9000))
    return event(s, data([
        ("SubjectUserSid", "S-1-0-0"), ("SubjectUserName", "-"), ("SubjectDomainName", "-"),
        ("SubjectLogonId", "0x0"), ("TargetUserSid", "S-1-0-0"),
        ("TargetUserName", rnd.choice(USERS)), ("TargetDomainName", "CORP"),
        ("Status", status), ("FailureReason", "%%2313"), ("SubStatus", sub),
        ("LogonType", "3"), ("LogonProcessName", "NtLmSsp "),
        ("AuthenticationPackageName", "NTLM"),
        ("WorkstationName", "WS-%04d" % rnd.randint(1, 9999)), ("TransmittedServices", "-"),
        ("LmPackageName", "-"), ("KeyLength", "0"), ("ProcessId", "0x0"),
        ("ProcessName", "-"),
        ("IpAddress", "10.1.%d.%d" % (rnd.randint(1, 250), rnd.randint(1, 250))),
        ("IpPort", str(rnd.randint(1024, 65535)))]))


CONTEXT = ("\n\nOperation:\n   PrepareForSnapshot Event\n\nContext:\n   Execution Context: Writer\n"
           "   Writer Class Id: {a65faa63-5ea8-4ebc-9dbd-a0c4db26912a}\n"
           "   Writer Name: SqlServerWriter\n   Writer Instance Name: SQL Server:SQLWriter\n"
           "   Writer Instance ID: {%s}\n   Command Line: \"C:\\Program Files\\Microsoft SQL "
           "Server\\90\\Shared\\sqlwriter.exe\"\n   Process ID: 2424")


def vss(rnd, eid, level, items, binary=None):
    s = system("VSS", eid, level, 0, "0x80000000000000", stamp(rnd), "Application",
               "SQL01.corp.example.com", qualifiers=0, pid=0, tid=0)
    body = data(items)
    if binary:
        body = body.replace("</EventData>", "<Binary>%s</Binary></EventData>" % binary)
    return event(s, body)


def hexs(text):
    return text.encode("ascii").hex().upper()


def packet(code, status):
    b = bytearray(0x28)
    b[0x04:0x06] = (2).to_bytes(2, "little")
    b[0x0C:0x10] = code.to_bytes(4, "little")
    b[0x10:0x14] = (0xB2).to_bytes(4, "little")
    b[0x14:0x18] = status.to_bytes(4, "little")
    return bytes(b).hex().upper()


def volsnap(rnd, eid, level, code, status, qualifiers):
    s = system("Volsnap", eid, level, 0, "0x80000000000000", stamp(rnd), "System",
               "FS01.corp.example.com", qualifiers=qualifiers,
               guid="cb017cd2-1f37-4e65-82bc-3e91f6a37559", source="volsnap", pid=4, tid=212)
    return event(s, data([("DeviceName", "\\Device\\HarddiskVolumeShadowCopy%d" % rnd.randint(1, 40)),
                          ("VolumeName", "D:"), ("NTSTATUS", "%08x" % status),
                          ("SourceTag", "178"), ("SourceFileID", "0x0001"),
                          ("SourceLine", str(rnd.randint(1000, 9000)))]).replace(
        "</EventData>", "<Binary>%s</Binary></EventData>" % packet(code, status)))


def backup5(rnd):
    s = system("Microsoft-Windows-Backup", 5, 2, 0, "0x4000000000000000", stamp(rnd),
               "Microsoft-Windows-Backup", "FS01.corp.example.com",
               guid="1db28f2e-8f80-4027-8c5a-a11f7f10f62d", pid=3340, tid=3344)
    vol = ("&lt;VolumeInfo&gt;&lt;VolumeInfoItem Name=\"C:\" OriginalAccessPath=\"C:\" State=\"14\" "
           "HResult=\"-2139619042\" DetailedHResult=\"-2147024891\" PreviousState=\"0\" "
           "IsCritical=\"1\"/&gt;&lt;/VolumeInfo&gt;")
    return event(s, data([("BackupTime", "2024-05-14T01:00:12.482Z"), ("HRESULT", "0x8078011e"),
                          ("DetailedHRESULT", "0x80070005"), ("ErrorMessage", "%%2155348254"),
                          ("DetailedErrorMessage", "%%2147942405"),
                          ("BackupTemplateID", "{%s}" % guid(rnd)), ("BackupState", "14"),
                          ("VolumesInfo", vol), ("SourceSnapStartTime", "2024-05-14T01:00:20.000Z"),
                          ("SourceSnapEndTime", "2024-05-14T01:00:52.000Z")]))


# The failures and the codes each must give; informational events give none.
def failures(rnd):
    return [
        (vss(rnd, 8193, 2, [(None, "ConvertStringSidToSid name = NT SERVICE\\SQLWriter"),
                            (None, "0x80070539, The security ID structure is invalid.\n"),
                            (None, "\n\nOperation:\n   OnIdentify event\n   Gathering Writer Data\n")]),
         ["0x80070539"]),
        (vss(rnd, 8229, 3, [(None, "0x800423f4, The writer experienced a non-transient error.  "
                                   "If the backup process is retried,\nthe error is likely to reoccur.\n"),
                            (None, CONTEXT % guid(rnd))],
             binary=hexs("- Code: WRTWRTIC00005285- Call: WRTWRTIC00003431- PID:  00002424- "
                         "TID:  00002768- CMD:  \"C:\\Program Files\\Microsoft SQL Server\\90\\"
                         "Shared\\sqlwriter.exe\"  - User: Name: NT AUTHORITY\\SYSTEM, SID:S-1-5-18 ")),
         ["0x800423F4"]),
        (vss(rnd, 12289, 2, [(None, "DeviceIoControl(\\\\?\\fdc#generic_floppy_drive#6&amp;2cbf0e3d&amp;0&amp;0#"
                                    "{53f5630d-b6bf-11d0-94f2-00a0c91efb8b} - 0000000000000318,"
                                    "0x00560000,0000000000000000,0,0000000000201A00,4096,[0])"),
                             (None, "0x80070001, Incorrect function.\n"),
                             (None, "\n\nOperation:\n   Processing EndPrepareSnapshots\n")]),
         ["0x80070001"]),
        (vss(rnd, 12301, 2, [(None, "Microsoft Exchange Writer"),
                             (None, "\n\nOperation:\n   Gather writers' status\n")]),
         ["0x80042319"]),
        (vss(rnd, 8230, 3, [(None, "CORP\\svc_backup"), (None, "1376"),
                            (None, "\n\nOperation:\n   Initializing Writer\n")]),
         ["0x80070560"]),
        (volsnap(rnd, 25, 2, 0xC0060019, 0, 49158), ["0xC0060019"]),
        (volsnap(rnd, 36, 2, 0xC0060024, 0xC000009A, 49158), ["0xC0060024", "0xC000009A"]),
        (backup5(rnd), ["0x8078011E", "0x80070005"]),
        (vss(rnd, 8224, 4, [(None, "\n\nOperation:\n   Automatic Shutdown\n")]), []),
        (volsnap(rnd, 33, 4, 0x40060021, 0, 16390), []),
    ]


def main():
    args = sys.argv[1:]
    ratio = 0.03
    if "--vss-ratio" in args:
        i = args.index("--vss-ratio")
        ratio = float(args[i + 1])
        del args[i:i + 2]
        if not 0 <= ratio <= 1:
            sys.exit("gen-events.py: --vss-ratio takes a share from 0 to 1")
    if len(args) != 3:
        sys.exit("usage: gen-events.py SIZE_MIB OUT EXPECTED [--vss-ratio R]")
    size = int(args[0]) * 1024 * 1024
    out, expected_path = args[1], args[2]
    rnd = random.Random(4625)
    pool = make_pool(rnd, lambda ev: ev.split("\0"), ratio)
    write_events(rnd, pool, size, out, expected_path, "ascii",
                 "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Events>\n", "</Events>\n")


def make_pool(rnd, split, ratio=0.03):
    """6000 events to draw from, a share ratio of VSS, VolSnap and Backup
    events, the rest logons: (pre, post, codes), pre and post from
    split(event) around its record id."""
    pool = []
    for i in range(6000):
        r = rnd.random()
        if r < ratio:
            ev, codes = rnd.choice(failures(rnd))
        elif r < ratio + (1 - ratio) * 0.536:
            ev, codes = logon_ok(rnd), []
        else:
            ev, codes = logon_failed(rnd), []
        pre, post = split(ev)
        pool.append((pre, post, codes))
    return pool


def write_events(rnd, pool, size, out, expected_path, encoding, head="", tail=""):
    """Writes events drawn from pool ((pre, post, codes): the event is pre,
    its record id, post) to out until size characters, between head and
    tail, and how often each code was written to expected_path (JSON)."""
    expected = {}
    written = 0
    rid = 1000000
    with open(out, "w", encoding=encoding, newline="\n") as f:
        f.write(head)
        written += len(head)
        while written < size:
            chunk = []
            for pre, post, codes in rnd.choices(pool, k=500):
                rid += 1
                chunk.append(pre + str(rid) + post)
                for c in codes:
                    expected[c] = expected.get(c, 0) + 1
            block = "".join(chunk)
            f.write(block)
            written += len(block)
        f.write(tail)
    with open(expected_path, "w") as f:
        json.dump(expected, f, sort_keys=True, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()

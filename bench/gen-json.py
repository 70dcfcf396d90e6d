#!/usr/bin/env python3
"""Writes a Winlogbeat NDJSON export of a given size for the JSON event benchmark.

The events are those of gen-events.py (about 97% Security logons that must
give nothing, the rest VSS, VolSnap and Windows Server Backup failures and
informational events), each written as Winlogbeat 8 writes it, one object a
line (tools/events-to-json.py), with a rendered message for the logons as
Winlogbeat adds it.  The findings vssexplain must report, as counts per code,
are written to EXPECTED as JSON.
Usage: gen-json.py SIZE_MIB OUT EXPECTED
"""
import importlib.util
import json
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
MARK = 987654321


def load(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


GE = load("gen_events", os.path.join(HERE, "gen-events.py"))
EJ = load("events_to_json", os.path.join(HERE, "..", "tools", "events-to-json.py"))


def logon_message(e):
    d = dict((n, v) for n, v in e["data"])
    if e["id"] == 4624:
        head = "An account was successfully logged on."
    else:
        head = "An account failed to log on."
    return ("%s\n\nSubject:\n\tSecurity ID:\t\t%s\n\tAccount Name:\t\t%s\n\tAccount Domain:\t\t%s\n"
            "\tLogon ID:\t\t%s\n\nLogon Information:\n\tLogon Type:\t\t%s\n\n"
            "New Logon:\n\tSecurity ID:\t\t%s\n\tAccount Name:\t\t%s\n\tAccount Domain:\t\t%s\n\n"
            "Network Information:\n\tWorkstation Name:\t%s\n\tSource Network Address:\t%s\n"
            "\tSource Port:\t\t%s\n\nDetailed Authentication Information:\n"
            "\tLogon Process:\t\t%s\n\tAuthentication Package:\t%s"
            % (head, d.get("SubjectUserSid"), d.get("SubjectUserName"), d.get("SubjectDomainName"),
               d.get("SubjectLogonId"), d.get("LogonType"), d.get("TargetUserSid"),
               d.get("TargetUserName"), d.get("TargetDomainName"), d.get("WorkstationName"),
               d.get("IpAddress"), d.get("IpPort"), d.get("LogonProcessName"),
               d.get("AuthenticationPackageName")))


def line(xml):
    e = next(EJ.parse_events(xml.replace("\0", "1")))
    if e["provider"] == "Microsoft-Windows-Security-Auditing":
        e["message"] = logon_message(e)
    doc = EJ.winlogbeat(e)
    doc["winlog"]["record_id"] = MARK
    pre, post = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).split(str(MARK))
    return pre, post + "\n"


def main():
    size = int(sys.argv[1]) * 1024 * 1024
    out, expected_path = sys.argv[2], sys.argv[3]
    rnd = random.Random(4625)
    pool = GE.make_pool(rnd, line)
    GE.write_events(rnd, pool, size, out, expected_path, "utf-8")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Compare what an independent EVTX reader exported with the JSON description given to mkevtx.py."""

import argparse
import base64
import json
import os
import re
import sys
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mkevtx  # noqa: E402

NS = "{%s}" % mkevtx.EVENT_NS


def expected_events(desc):
    """Return {record id: event dict} with record ids assigned as mkevtx assigns them."""
    out = {}
    rid = desc.get("first_record_id", 1)
    for ev in desc["events"]:
        ev = dict(ev)
        ev.setdefault("record_id", rid)
        rid = ev["record_id"] + 1
        out[ev["record_id"]] = ev
    return out


def ticks_from_text(s, reader):
    """Parse a reader's SystemTime text to FILETIME ticks (python-evtx has microseconds only)."""
    m = re.match(r"(\d{4}-\d\d-\d\d)[T ](\d\d:\d\d:\d\d)(?:\.(\d+))?Z?$", s)
    if not m:
        raise ValueError("bad SystemTime %r" % s)
    frac = (m.group(3) or "")
    base = mkevtx.filetime_from_iso("%sT%sZ" % (m.group(1), m.group(2)))
    return base + int((frac + "0" * 9)[:9]) // 100


def binary_text(hexstr, reader):
    raw = bytes.fromhex(hexstr)
    if reader == "python-evtx":
        return base64.b64encode(raw).decode()
    return raw.hex().upper()


def expected_data_text(name, kind, value, reader):
    if kind == "binary":
        return binary_text(value, reader)
    if kind == "hex32":
        return "0x%08x" % mkevtx.parse_int(value)
    if kind == "hex64":
        return "0x%016x" % mkevtx.parse_int(value)
    if kind in ("uint32", "uint64"):
        return str(mkevtx.parse_int(value))
    return value


class Checker:
    def __init__(self, reader):
        self.reader = reader
        self.errors = []

    def eq(self, rid, what, got, want):
        if got != want:
            self.errors.append("%s: record %s: %s: got %r, wanted %r" % (self.reader, rid, what, got, want))

    def check(self, rid, ev, root):
        sysel = root.find(NS + "System")
        if sysel is None:
            self.errors.append("%s: record %s: no System element" % (self.reader, rid))
            return
        g = lambda tag: sysel.find(NS + tag)
        prov = g("Provider")
        self.eq(rid, "Provider Name", prov.get("Name"), ev["provider"])
        self.eq(rid, "Provider Guid", prov.get("Guid"), ev.get("guid"))
        self.eq(rid, "EventSourceName", prov.get("EventSourceName"), ev.get("event_source_name"))
        eid = g("EventID")
        self.eq(rid, "EventID", eid.text, str(ev["event_id"]))
        q = ev.get("qualifiers")
        self.eq(rid, "Qualifiers", eid.get("Qualifiers"), None if q is None else str(q))
        self.eq(rid, "Level", g("Level").text, str(ev.get("level", 4)))
        self.eq(rid, "Task", g("Task").text, str(ev.get("task", 0)))
        self.eq(rid, "Keywords", int(g("Keywords").text, 16),
                mkevtx.parse_int(ev.get("keywords", "0x80000000000000")))
        got_t = ticks_from_text(g("TimeCreated").get("SystemTime"), self.reader)
        want_t = mkevtx.filetime_from_iso(ev["time"])
        slack = 100 if self.reader == "python-evtx" else 0   # python-evtx goes through a float: µs, +-2µs
        if abs(got_t - want_t) > slack:
            self.eq(rid, "TimeCreated", g("TimeCreated").get("SystemTime"), ev["time"])
        self.eq(rid, "EventRecordID", g("EventRecordID").text, str(rid))
        self.eq(rid, "Channel", g("Channel").text, ev.get("channel", "Application"))
        self.eq(rid, "Computer", g("Computer").text, ev.get("computer", "HOST"))
        ex = g("Execution")
        self.eq(rid, "ProcessID", ex.get("ProcessID"), str(ev.get("process_id", 0)))
        self.eq(rid, "ThreadID", ex.get("ThreadID"), str(ev.get("thread_id", 0)))
        if "user_data" in ev:
            ud = ev["user_data"]
            udel = root.find(NS + "UserData")
            if udel is None or len(udel) != 1:
                self.errors.append("%s: record %s: no UserData child" % (self.reader, rid))
                return
            inner = udel[0]
            ns = "{%s}" % ud["xmlns"] if ud.get("xmlns") else ""
            self.eq(rid, "UserData element", inner.tag, ns + ud["element"])
            got = [(c.tag, c.text or "") for c in inner]
            want = [(ns + n, v) for n, v in ud["fields"]]
            self.eq(rid, "UserData fields", got, want)
        elif "data" in ev:
            edel = root.find(NS + "EventData")
            if edel is None:
                self.errors.append("%s: record %s: no EventData" % (self.reader, rid))
                return
            got = [(c.tag[len(NS):], c.get("Name"), c.text or "") for c in edel]
            want = []
            for item in ev["data"]:
                name, kind, value = mkevtx.data_item(item)
                tag = "Binary" if kind == "binary" and name is None else "Data"
                want.append((tag, name, expected_data_text(name, kind, value, self.reader)))
            self.eq(rid, "EventData (%d items)" % len(want), got, want)


def events_from_evtxexport(path):
    """Return [(record id, Element)] from `evtxexport -f xml` output."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    out = []
    for m in re.finditer(r"<Event xmlns=.*?</Event>", text, re.S):
        root = ET.fromstring(m.group(0))
        out.append((int(root.find(NS + "System/" + NS + "EventRecordID").text), root))
    return out


def events_from_python_evtx(path):
    import Evtx.Evtx as evtx
    out = []
    with evtx.Evtx(path) as log:
        for rec in log.records():
            root = ET.fromstring(rec.xml())
            out.append((int(root.find(NS + "System/" + NS + "EventRecordID").text), root))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("desc", help="the JSON description given to mkevtx.py")
    ap.add_argument("--evtxexport", metavar="XML", help="output of evtxexport -f xml")
    ap.add_argument("--python-evtx", metavar="EVTX", help="read this file with python-evtx")
    ap.add_argument("--records", metavar="FIRST-LAST", help="only these record ids are expected")
    a = ap.parse_args()
    with open(a.desc, encoding="utf-8") as f:
        want = expected_events(json.load(f))
    if a.records:
        lo, hi = (int(x) for x in a.records.split("-"))
        want = {k: v for k, v in want.items() if lo <= k <= hi}
    errors = []
    sources = []
    if a.evtxexport:
        sources.append(("evtxexport", lambda: events_from_evtxexport(a.evtxexport)))
    if a.python_evtx:
        sources.append(("python-evtx", lambda: events_from_python_evtx(a.python_evtx)))
    for reader, load in sources:
        ck = Checker(reader)
        got = load()
        ids = [rid for rid, _ in got]
        if ids != sorted(want):
            ck.errors.append("%s: record ids %s..%s (%d), wanted %s..%s (%d)" % (
                reader, ids[:1], ids[-1:], len(ids), min(want, default=None), max(want, default=None), len(want)))
        for rid, root in got:
            if rid in want:
                ck.check(rid, want[rid], root)
        errors += ck.errors
        if not ck.errors:
            print("%s: %d records as written" % (reader, len(got)))
    for e in errors[:40]:
        print("MISMATCH " + e, file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())

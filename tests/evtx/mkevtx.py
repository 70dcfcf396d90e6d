#!/usr/bin/env python3
"""Write Windows XML Event Log (.evtx) files from a JSON description of events (test inputs, stdlib only)."""

import argparse
import hashlib
import json
import struct
import sys
import zlib

CHUNK_SIZE = 65536
CHUNK_HEADER_SIZE = 512
FILE_HEADER_SIZE = 4096
EVENT_NS = "http://schemas.microsoft.com/win/2004/08/events/event"

# BinXML tokens
T_EOF, T_OPEN, T_CLOSE_START, T_CLOSE_EMPTY, T_END = 0x00, 0x01, 0x02, 0x03, 0x04
T_VALUE, T_ATTR, T_TEMPLATE, T_SUBST, T_OPTSUBST, T_FRAGMENT = 0x05, 0x06, 0x0C, 0x0D, 0x0E, 0x0F
MORE = 0x40

# value types
V_NULL, V_STRING, V_UINT8, V_UINT16, V_UINT32, V_UINT64 = 0x00, 0x01, 0x04, 0x06, 0x08, 0x0A
V_BINARY, V_FILETIME, V_HEX32, V_HEX64 = 0x0E, 0x11, 0x14, 0x15

# fixed substitution slots of the System part
S_LEVEL, S_TASK, S_OPCODE, S_KEYWORDS, S_TIME, S_RECID, S_PID, S_TID = range(8)
S_CHANNEL, S_COMPUTER, S_EVENTID, S_QUALIFIERS, S_VERSION = range(8, 13)
FIRST_DATA_SLOT = 13


def u8(v):
    return struct.pack("<B", v)


def u16(v):
    return struct.pack("<H", v)


def u32(v):
    return struct.pack("<I", v)


def u64(v):
    return struct.pack("<Q", v)


def utf16(s):
    return s.encode("utf-16-le")


def crc32(data):
    return zlib.crc32(data) & 0xFFFFFFFF


def filetime_from_iso(text):
    """Convert 'YYYY-MM-DDTHH:MM:SS[.fffffff]Z' to a FILETIME (100 ns ticks since 1601)."""
    import datetime
    text = text.rstrip("Z")
    frac = 0
    if "." in text:
        text, f = text.split(".", 1)
        frac = int((f + "0000000")[:7])
    dt = datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S")
    epoch = datetime.datetime(1601, 1, 1)
    delta = dt - epoch
    return (delta.days * 86400 + delta.seconds) * 10000000 + frac


def name_hash(name):
    """Return the 32-bit multiplicative hash of a name (only its low 16 bits are stored)."""
    h = 0
    for ch in name:
        h = (h * 65599 + ord(ch)) & 0xFFFFFFFF
    return h


def parse_int(v):
    if isinstance(v, str):
        return int(v, 0)
    return int(v)


# ---- event shape: the template tree and its substitution values ----------------------------

def data_item(item):
    """Normalise one EventData item to (name or None, kind, value)."""
    if isinstance(item, str):
        return (None, "string", item)
    name = item.get("name")
    for kind in ("binary", "hex32", "hex64", "uint32", "uint64", "string"):
        if kind in item:
            return (name, kind, item[kind])
    if "value" in item:
        return (name, "string", item["value"])
    raise ValueError("data item without a value: %r" % (item,))


KIND_TYPE = {"string": V_STRING, "binary": V_BINARY, "hex32": V_HEX32, "hex64": V_HEX64,
             "uint32": V_UINT32, "uint64": V_UINT64}


def encode_value(kind, value):
    """Return (type, bytes) of one substitution value."""
    if kind == "string":
        if value == "" or value is None:
            return (V_STRING, b"")
        return (V_STRING, utf16(value))
    if kind == "binary":
        return (V_BINARY, bytes.fromhex(value))
    if kind == "hex32":
        return (V_HEX32, u32(parse_int(value)))
    if kind == "hex64":
        return (V_HEX64, u64(parse_int(value)))
    if kind == "uint32":
        return (V_UINT32, u32(parse_int(value)))
    if kind == "uint64":
        return (V_UINT64, u64(parse_int(value)))
    raise ValueError("unknown value kind %r" % kind)


def elem(name, attrs=(), content=()):
    return ("elem", name, list(attrs), list(content))


def text(s):
    return ("text", s)


def sub(idx, vtype, optional=False):
    return ("sub", idx, vtype, optional)


def event_shape(ev):
    """Return (template key, element tree, list of (type, bytes) values) for one event."""
    provider_attrs = [("Name", text(ev["provider"]))]
    if ev.get("guid"):
        provider_attrs.append(("Guid", text(ev["guid"])))
    if ev.get("event_source_name"):
        provider_attrs.append(("EventSourceName", text(ev["event_source_name"])))
    qual = ev.get("qualifiers")
    eventid_attrs = [("Qualifiers", sub(S_QUALIFIERS, V_UINT16, True))] if qual is not None else []
    system = elem("System", content=[
        elem("Provider", provider_attrs),
        elem("EventID", eventid_attrs, [sub(S_EVENTID, V_UINT16)]),
        elem("Version", content=[sub(S_VERSION, V_UINT8, True)]),
        elem("Level", content=[sub(S_LEVEL, V_UINT8, True)]),
        elem("Task", content=[sub(S_TASK, V_UINT16, True)]),
        elem("Opcode", content=[sub(S_OPCODE, V_UINT8, True)]),
        elem("Keywords", content=[sub(S_KEYWORDS, V_HEX64, True)]),
        elem("TimeCreated", [("SystemTime", sub(S_TIME, V_FILETIME, True))]),
        elem("EventRecordID", content=[sub(S_RECID, V_UINT64, True)]),
        elem("Correlation"),
        elem("Execution", [("ProcessID", sub(S_PID, V_UINT32, True)),
                           ("ThreadID", sub(S_TID, V_UINT32, True))]),
        elem("Channel", content=[sub(S_CHANNEL, V_STRING)]),
        elem("Computer", content=[sub(S_COMPUTER, V_STRING)]),
        elem("Security"),
    ])
    values = [None] * FIRST_DATA_SLOT
    values[S_LEVEL] = (V_UINT8, u8(ev.get("level", 4)))
    values[S_TASK] = (V_UINT16, u16(ev.get("task", 0)))
    values[S_OPCODE] = (V_UINT8, u8(ev.get("opcode", 0)))
    values[S_KEYWORDS] = (V_HEX64, u64(parse_int(ev.get("keywords", "0x80000000000000"))))
    values[S_TIME] = (V_FILETIME, u64(filetime_from_iso(ev["time"])))
    values[S_RECID] = (V_UINT64, u64(ev["record_id"]))
    values[S_PID] = (V_UINT32, u32(ev.get("process_id", 0)))
    values[S_TID] = (V_UINT32, u32(ev.get("thread_id", 0)))
    values[S_CHANNEL] = encode_value("string", ev.get("channel", "Application"))
    values[S_COMPUTER] = encode_value("string", ev.get("computer", "HOST"))
    values[S_EVENTID] = (V_UINT16, u16(ev["event_id"]))
    values[S_QUALIFIERS] = (V_UINT16, u16(qual if qual is not None else 0))
    values[S_VERSION] = (V_UINT8, u8(ev.get("version", 0)))

    key = [ev["provider"], ev.get("guid"), ev.get("event_source_name"), qual is not None]
    body = []
    if "user_data" in ev:
        ud = ev["user_data"]
        fields = []
        for fname, fvalue in ud["fields"]:
            fields.append(elem(fname, content=[sub(len(values), V_STRING)]))
            values.append(encode_value("string", fvalue))
            key.append(("ud", fname))
        attrs = [("xmlns", text(ud["xmlns"]))] if ud.get("xmlns") else []
        body.append(elem("UserData", content=[elem(ud["element"], attrs, fields)]))
        key.append(("ude", ud["element"], ud.get("xmlns")))
    elif "data" in ev:
        items = []
        for item in ev["data"]:
            dname, kind, value = data_item(item)
            vtype, vbytes = encode_value(kind, value)
            tag = "Binary" if kind == "binary" and dname is None else "Data"
            attrs = [("Name", text(dname))] if dname is not None else []
            items.append(elem(tag, attrs, [sub(len(values), KIND_TYPE[kind])]))
            values.append((vtype, vbytes))
            key.append((tag, dname, kind))
        body.append(elem("EventData", content=items))
    root = elem("Event", [("xmlns", text(EVENT_NS))], [system] + body)
    return (tuple(key), root, values)


# ---- chunk writer ---------------------------------------------------------------------------

class ChunkFull(Exception):
    pass


class Chunk:
    """One 64 KiB chunk being filled with records; names and templates are shared within it."""

    def __init__(self):
        self.buf = bytearray(CHUNK_SIZE)
        self.pos = CHUNK_HEADER_SIZE
        self.names = {}          # name -> chunk offset of its name structure
        self.templates = {}      # template key -> (chunk offset of definition, template id)
        self.str_buckets = [0] * 64
        self.tpl_buckets = [0] * 32
        self.records = []        # (record offset, record id, offset of the EventRecordID value)
        self.last_record_offset = 0

    def add_record(self, ev):
        """Append one event record; raise ChunkFull (leaving the chunk unchanged) if it does not fit."""
        w = _RecordWriter(self, self.pos + 24)
        key, root, values = event_shape(ev)
        w.template_instance(key, root, values)
        binxml = w.out
        size = 24 + len(binxml) + 4
        pad = (-size) % 8
        size += pad
        if self.pos + size > CHUNK_SIZE:
            raise ChunkFull()
        rec = b"**\x00\x00" + u32(size) + u64(ev["record_id"]) + \
            u64(filetime_from_iso(ev.get("written", ev["time"]))) + bytes(binxml) + \
            b"\x00" * pad + u32(size)
        self.buf[self.pos:self.pos + size] = rec
        self.names.update(w.new_names)
        self.templates.update(w.new_templates)
        self.str_buckets = w.str_buckets
        self.tpl_buckets = w.tpl_buckets
        self.records.append((self.pos, ev["record_id"], self.pos + 24 + w.recid_value_pos))
        self.last_record_offset = self.pos
        self.pos += size

    def finish(self):
        """Fill in the chunk header and both checksums; return the 65536 bytes."""
        finish_chunk_header(self.buf, self.records[0][1], self.records[-1][1],
                            self.last_record_offset, self.pos,
                            self.str_buckets, self.tpl_buckets)
        return bytes(self.buf)


def finish_chunk_header(buf, first_id, last_id, last_off, free_off, str_buckets=None, tpl_buckets=None):
    """Write the chunk header fields, the records checksum and the header checksum into buf."""
    buf[0:8] = b"ElfChnk\x00"
    struct.pack_into("<QQQQIII", buf, 8, first_id, last_id, first_id, last_id, 128, last_off, free_off)
    struct.pack_into("<I", buf, 52, crc32(buf[CHUNK_HEADER_SIZE:free_off]))
    if str_buckets is not None:
        struct.pack_into("<64I", buf, 128, *str_buckets)
    if tpl_buckets is not None:
        struct.pack_into("<32I", buf, 384, *tpl_buckets)
    struct.pack_into("<I", buf, 124, crc32(bytes(buf[0:120]) + bytes(buf[128:512])))


class _RecordWriter:
    """Serialise the BinXML of one record at a known chunk offset (names/templates tentative)."""

    def __init__(self, chunk, base):
        self.chunk = chunk
        self.base = base
        self.out = bytearray()
        self.new_names = {}
        self.new_templates = {}
        self.str_buckets = list(chunk.str_buckets)
        self.tpl_buckets = list(chunk.tpl_buckets)
        self.recid_value_pos = None

    def here(self):
        return self.base + len(self.out)

    def name_ref(self, name):
        """Write a name offset; the name structure follows inline the first time in the chunk."""
        known = self.chunk.names.get(name, self.new_names.get(name))
        if known is not None:
            self.out += u32(known)
            return
        off = self.here() + 4
        self.out += u32(off)
        h = name_hash(name)
        bucket = h % 64
        self.out += u32(self.str_buckets[bucket]) + u16(h & 0xFFFF) + u16(len(name)) + utf16(name) + b"\0\0"
        self.str_buckets[bucket] = off
        self.new_names[name] = off

    def value_text(self, s, more=False):
        self.out += u8(T_VALUE | (MORE if more else 0)) + u8(V_STRING) + u16(len(s)) + utf16(s)

    def attr_value(self, node):
        if node[0] == "text":
            self.value_text(node[1])
        else:
            _, idx, vtype, optional = node
            self.out += u8(T_OPTSUBST if optional else T_SUBST) + u16(idx) + u8(vtype)

    def element(self, node):
        _, name, attrs, content = node
        start = len(self.out)
        self.out += u8(T_OPEN | (MORE if attrs else 0)) + u16(0xFFFF) + u32(0)
        self.name_ref(name)
        if attrs:
            list_pos = len(self.out)
            self.out += u32(0)
            for i, (aname, avalue) in enumerate(attrs):
                self.out += u8(T_ATTR | (MORE if i + 1 < len(attrs) else 0))
                self.name_ref(aname)
                self.attr_value(avalue)
            struct.pack_into("<I", self.out, list_pos, len(self.out) - list_pos - 4)
        if not content:
            self.out += u8(T_CLOSE_EMPTY)
        else:
            self.out += u8(T_CLOSE_START)
            for i, c in enumerate(content):
                if c[0] == "elem":
                    self.element(c)
                elif c[0] == "text":
                    self.value_text(c[1], more=i + 1 < len(content))
                else:
                    self.attr_value(c)
            self.out += u8(T_END)
        struct.pack_into("<I", self.out, start + 3, len(self.out) - start - 7)

    def template_instance(self, key, root, values):
        """Write fragment header, template instance (definition inline on first use) and values."""
        self.out += bytes([T_FRAGMENT, 1, 1, 0])
        known = self.chunk.templates.get(key)
        if known is not None:
            def_off, tid = known
            self.out += u8(T_TEMPLATE) + u8(1) + u32(tid) + u32(def_off)
        else:
            guid = hashlib.md5(repr(key).encode()).digest()
            tid = struct.unpack("<I", guid[:4])[0]
            def_off = self.here() + 10
            self.out += u8(T_TEMPLATE) + u8(1) + u32(tid) + u32(def_off)
            bucket = tid % 32
            self.out += u32(self.tpl_buckets[bucket]) + guid
            size_pos = len(self.out)
            self.out += u32(0)
            self.out += bytes([T_FRAGMENT, 1, 1, 0])
            self.element(root)
            self.out += u8(T_EOF)
            struct.pack_into("<I", self.out, size_pos, len(self.out) - size_pos - 4)
            self.tpl_buckets[bucket] = def_off
            self.new_templates[key] = (def_off, tid)
        self.out += u32(len(values))
        for vtype, data in values:
            self.out += u16(len(data)) + u8(vtype) + u8(0)
        for i, (vtype, data) in enumerate(values):
            if i == S_RECID:
                self.recid_value_pos = len(self.out)
            self.out += data
        self.out += u8(T_EOF)


# ---- file writer ----------------------------------------------------------------------------

def file_header(num_chunks, next_record_id, flags=0, major=3, minor=1):
    """Return the 4096-byte file header with its checksum."""
    hdr = bytearray(FILE_HEADER_SIZE)
    hdr[0:8] = b"ElfFile\x00"
    last = num_chunks - 1 if num_chunks else 0
    struct.pack_into("<QQQIHHHH", hdr, 8, 0, last, next_record_id, 128, minor, major,
                     FILE_HEADER_SIZE, num_chunks)
    struct.pack_into("<I", hdr, 120, flags)
    struct.pack_into("<I", hdr, 124, crc32(bytes(hdr[0:120])))
    return hdr


def build_chunks(events, per_chunk=None, first_record_id=1):
    """Place events into chunks (a new chunk when full or after per_chunk records); return Chunk list."""
    chunks = [Chunk()]
    rid = first_record_id
    for ev in events:
        ev = dict(ev)
        ev.setdefault("record_id", rid)
        rid = ev["record_id"] + 1
        if per_chunk and len(chunks[-1].records) >= per_chunk:
            chunks.append(Chunk())
        try:
            chunks[-1].add_record(ev)
        except ChunkFull:
            if not chunks[-1].records:
                raise ValueError("record %d does not fit in a chunk" % ev["record_id"])
            chunks.append(Chunk())
            chunks[-1].add_record(ev)
    if not chunks[-1].records:
        chunks.pop()
    return chunks


def build_file(desc):
    """Return the bytes of an .evtx file for a description dict (see the module's CLI help)."""
    damage = desc.get("damage", {})
    if damage.get("not_evtx"):
        return b"This is not an event log file.\r\n" * 64
    chunks = build_chunks(desc["events"], desc.get("records_per_chunk"), desc.get("first_record_id", 1))
    bodies = [bytearray(c.finish()) for c in chunks]
    next_id = chunks[-1].records[-1][1] + 1 if chunks else 1
    flags = 0
    if desc.get("dirty") or damage.get("dirty"):
        flags |= 1
    if desc.get("full"):
        flags |= 2
    hdr = file_header(len(chunks), next_id, flags, desc.get("major", 3), desc.get("minor", 1))
    for i in damage.get("bad_records_crc", []):
        struct.pack_into("<I", bodies[i], 52, struct.unpack_from("<I", bodies[i], 52)[0] ^ 0xDEADBEEF)
        struct.pack_into("<I", bodies[i], 124, crc32(bytes(bodies[i][0:120]) + bytes(bodies[i][128:512])))
    for i in damage.get("bad_chunk_header", []):
        struct.pack_into("<I", bodies[i], 48, 0x00FFFFF0)   # free space offset past the chunk; CRC left stale
    if damage.get("corrupt_file_header"):
        struct.pack_into("<Q", hdr, 16, 0x7FFFFFFF)          # last chunk number; CRC left stale
    data = bytes(hdr) + b"".join(bytes(b) for b in bodies)
    if "truncate" in damage:
        data = data[:damage["truncate"]]
    return data


def main(argv=None):
    ap = argparse.ArgumentParser(
        description="Write an .evtx file from a JSON description: {\"events\": [{\"provider\": ..., "
                    "\"event_id\": ..., \"qualifiers\": ..., \"level\": ..., \"time\": \"...Z\", "
                    "\"channel\": ..., \"computer\": ..., \"data\": [\"text\", {\"name\": n, \"value\": v}, "
                    "{\"binary\": \"hex\"}, {\"hex32\": n}], \"user_data\": {...}}], "
                    "\"records_per_chunk\": N, \"first_record_id\": N, \"dirty\": bool, \"damage\": {...}}")
    ap.add_argument("json", help="description file ('-' for stdin)")
    ap.add_argument("out", help="output .evtx file")
    ap.add_argument("--truncate", type=int, help="cut the file after this many bytes")
    ap.add_argument("--bad-records-crc", type=int, action="append", default=[], metavar="CHUNK",
                    help="spoil the event records checksum of chunk CHUNK (header CRC stays valid)")
    ap.add_argument("--bad-chunk-header", type=int, action="append", default=[], metavar="CHUNK",
                    help="corrupt the header of chunk CHUNK (free space offset out of range, stale CRC)")
    ap.add_argument("--corrupt-file-header", action="store_true", help="corrupt the file header (stale CRC)")
    ap.add_argument("--dirty", action="store_true", help="set the dirty flag in the file header")
    ap.add_argument("--not-evtx", action="store_true", help="write a file that is not EVTX")
    a = ap.parse_args(argv)
    with (sys.stdin if a.json == "-" else open(a.json, encoding="utf-8")) as f:
        desc = json.load(f)
    damage = desc.setdefault("damage", {})
    if a.truncate is not None:
        damage["truncate"] = a.truncate
    damage.setdefault("bad_records_crc", []).extend(a.bad_records_crc)
    damage.setdefault("bad_chunk_header", []).extend(a.bad_chunk_header)
    if a.corrupt_file_header:
        damage["corrupt_file_header"] = True
    if a.dirty:
        damage["dirty"] = True
    if a.not_evtx:
        damage["not_evtx"] = True
    with open(a.out, "wb") as f:
        f.write(build_file(desc))
    return 0


if __name__ == "__main__":
    sys.exit(main())

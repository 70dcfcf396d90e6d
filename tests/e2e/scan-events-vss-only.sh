#!/bin/sh
# scan-events-vss-only.sh: in an export of VSS events only (a filtered
# export), the raw look reads an event whose provider the rules know as about
# VSS to its end only, since it is parsed whatever it holds (evxml-raw.c).
# That must change nothing: findings, lines, messages and status are those
# of the full look at every event ($VSSEXPLAIN_PARSE_ALL) through libxml2
# ($VSSEXPLAIN_PARSE_SLOW), also where the provider is read past the end of
# its event or the event is damaged, nested or cut off.
. "$top_srcdir/tests/e2e/setup.sh"
cd "$tmp" || exit 99

python3 - <<'PY'
NS = "http://schemas.microsoft.com/win/2004/08/events/event"
def ev(data, provider="<Provider Name='VSS'/>", eid="8193", before="", tail="</Event>",
       rec="17", level="2"):
    return ("<Event xmlns='%s'>" % NS + before + "<System>" + provider +
            "<EventID Qualifiers='0'>" + eid + "</EventID><Level>" + level + "</Level>"
            "<TimeCreated SystemTime='2024-05-14T02:13:09.4123456Z'/>"
            "<EventRecordID>" + rec + "</EventRecordID><Channel>Application</Channel>"
            "<Computer>SQL01</Computer></System><EventData>" + data +
            "</EventData>" + tail + "\n")
code = "<Data>0x80070539, The security ID structure is invalid.</Data>"
hr = "<Data>\n\nOperation:\n   PrepareForSnapshot Event\n\nContext:\n   hr = 0x800423f4\n</Data>"
cases = {
    # plain ones, with line ends before and in their findings
    "plain": [ev(code), ev(hr), ev("<Data>\n\n\n</Data>" + code), ev(hr, eid="12289")] * 3,
    # the name of a provider by its classic source name, with a prefix, in capitals
    "names": [ev(code, provider="<Provider Name='Other' EventSourceName='VSS'/>"),
              ev(hr, provider="<Provider\tName = \"vss\" />"),
              ev(code, provider="<Provider Name='Microsoft-Windows-Backup'/>"),
              ev(code, provider="<Provider Name='Application Error'/>")],
    # no provider: the next event's is read before the end is known
    "next": [ev(code, provider=""), ev(hr), ev(hr, provider=""), ev(code)],
    # the first event ends inside its provider's tag, which names VSS after it
    "cut": [ev(code, provider="<Provider EventSourceName='</Event>\n' Name='VSS'/>"),
            ev(hr)],
    # the provider 8 KiB into the event: the raw look does not see it
    "far": [ev(hr, before="<Pad>" + "x" * 9000 + "</Pad>"), ev(code)],
    # damage in a VSS event: a tag cut short, a stray '<', an unknown entity
    "damaged": [ev("<Data <x>0x800423f4</Data>"), ev("<Data>a < b 0x800423f4</Data>"),
                ev("<Data>&bogus; 0x800423f4</Data>"), ev(hr)],
    # an event that starts before the one before it ends
    "nested": [ev(code, tail=""), ev(hr), ev(code)],
    # System numbers as the fast reader reads them, and as strtoll does
    "numbers": [ev(hr, rec=r, level=l, eid=e) for r, l, e in (
        ("123456789012345678", "2", "8193"), ("1234567890123456789", "02", "0008193"),
        ("99999999999999999999", " 2", "+8193"), ("-5", "2x", "8193 "), ("", "", ""),
        ("17 ", "\n2", "-1"), ("0", "0", "12301"))],
    # comments, CDATA and binary data in VSS events
    # texts that repeat (the event reader remembers those that hold nothing),
    # each between others that hold a code written with a character
    # reference, in CDATA, after non-ASCII text, split by a reference
    "repeat": [ev(d, eid="8224") for d in [
        q for c in ("&#x30;x800423F3 snapshot set 17 of 99, all done, none of them failed",
                    "<![CDATA[Operation: snapshot set 17 of 99, all done, none 0x800423F3]]>",
                    "Operation: snapsh&#xF6;t set 17 of 99, all done, none of them 0x800423F3",
                    "Operation: snapshot set 17 of 99, all done, 0x8004&#x32;3F3 none failed")
        for q in ("<Data>Operation: snapshot set 17 of 99, all done, none of them failed</Data>",
                  "<Data>" + c + "</Data>")] * 2],
    # line ends where the fast reader counts them for an event read in one
    # pass: in blanks in tags, between elements, in texts short and long,
    # beside references, tabs and characters beyond ASCII (a finding's line
    # is counted from them)
    "lines": [ev(code, provider="<Provider\nName='VSS'\n/>"),
              ev("\n<Data\n>\n0x800423f4</Data\n>\n" + code, before="\n\n"),
              ev("<Data>&amp;\n\t\u00e9\n" + "x" * 40 + "\n&#65;\n0x800423f4\n</Data>"),
              ev("<Data>\n</Data><Data>a\nb</Data><Data>" + "\n" * 40 + "0x800423f4</Data>"),
              ev(hr, eid="12289\n", level="\n2") + "\n\n",
              ev(code, before="<Pad>\u4e2d\n</Pad>\n" * 20)],
    "markup": [ev("<!-- 0x80042306 --><Data><![CDATA[0x800423f4]]></Data>"),
               ev("<Binary>680072003D003000780038003000300034003200330046003400</Binary>"),
               ev(hr)],
}
for name, evs in cases.items():
    with open(name + ".xml", "w", encoding="utf-8", newline="") as f:
        f.write("<?xml version='1.0' encoding='UTF-8'?>\n<Events>\n" + "".join(evs) +
                "</Events>\n")
# line ends in the last bytes there are, where the fast reader reads byte by
# byte; the export's end tag missing after them
with open("tail.xml", "w", encoding="utf-8", newline="") as f:
    f.write("<Events>\n" + ev(code) + ev(hr, tail="\n\t\n</Event\n>\n")[:-1] +
            ev(code, tail="\n\n</Event>").rstrip("\n"))
# cut off inside a VSS event
with open("cut-off.xml", "w", encoding="utf-8", newline="") as f:
    f.write("<Events>\n" + ev(code) + ev(hr)[:200])
PY

# compare FILE: default reading against the full look, through libxml2; the
# raw look with the widest vectors the CPU has (AVX-512 where it has them),
# with AVX2 and with SSE2
compare() {
	same_as_full_parse "$1"
	same_as_full_parse "$1" VSSEXPLAIN_SIMD=avx2
	same_as_full_parse "$1" VSSEXPLAIN_SIMD=sse2
}

for f in plain names next cut damaged nested markup numbers repeat lines tail cut-off; do
	[ -s "$f.xml" ] || fail "$f.xml was not made"
	compare "$f.xml"
done
# the findings are there: the comparison compared something
vssx scan --format jsonl --tz UTC plain.xml >out 2>err
[ "$(grep -c '"code":"0x800423F4"' out)" = 6 ] || fail "plain.xml: findings missing"
expect_grep '"line":25,' out
vssx scan --format jsonl --tz UTC repeat.xml >out 2>err
[ "$(grep -c '"code":"0x800423F3"' out)" = 8 ] || fail "repeat.xml: not one finding per coded event"

# How the events were looked at: VSS ones to their end only, the others
# (and those whose provider the raw look could read only past their end) in full.
VSSEXPLAIN_DEBUG_IO=1 vssx scan --format jsonl plain.xml >/dev/null 2>dbg
expect_grep 'raw look: 12 events to their end only \(their provider about VSS\), 0 in full' dbg
VSSEXPLAIN_DEBUG_IO=1 vssx scan --format jsonl names.xml >/dev/null 2>dbg
expect_grep 'raw look: 3 events to their end only .*, 1 in full' dbg
VSSEXPLAIN_DEBUG_IO=1 vssx scan --format jsonl next.xml >/dev/null 2>dbg
expect_grep 'raw look: 2 events to their end only .*, 2 in full' dbg
VSSEXPLAIN_DEBUG_IO=1 vssx scan --format jsonl cut.xml >/dev/null 2>dbg
expect_grep 'raw look: 0 events to their end only .*, 1 in full' dbg
# a provider beyond the first 8 KiB of its event is not read by the raw look
# (as before): that event gets the full look
VSSEXPLAIN_DEBUG_IO=1 vssx scan --format jsonl far.xml >/dev/null 2>dbg
expect_grep 'raw look: 1 events to their end only .*, 1 in full' dbg
VSSEXPLAIN_DEBUG_IO=1 VSSEXPLAIN_PARSE_ALL=1 vssx scan --format jsonl plain.xml >/dev/null 2>dbg
expect_grep 'raw look: 0 events to their end only .*, 12 in full' dbg

# Plain VSS events are read in one pass: the fast reader finds their end
# itself (the comparisons above hold it to the full look).  Not those it
# gives up on (damage, an event inside, markup, a provider read past the end),
# nor any when it is off.
VSSEXPLAIN_DEBUG_IO=1 vssx scan --format jsonl plain.xml >/dev/null 2>dbg
expect_grep 'plain.xml: 12 events, 12 read, 12 of them straight from their bytes \(12 in one pass\)' dbg
for want in damaged:1 nested:2 markup:2 cut:0 lines:6 tail:3; do
	f=${want%:*}
	VSSEXPLAIN_DEBUG_IO=1 vssx scan --format jsonl $f.xml >/dev/null 2>dbg
	n=$(sed -n 's/.*(\([0-9]*\) in one pass).*/\1/p' dbg)
	[ "$n" = "${want#*:}" ] || fail "$f.xml: $n events in one pass, not ${want#*:}"
done
VSSEXPLAIN_DEBUG_IO=1 VSSEXPLAIN_PARSE_SLOW=1 vssx scan --format jsonl plain.xml >/dev/null 2>dbg
expect_grep '\(0 in one pass\)' dbg

done_testing

#!/bin/sh
# scan-events-fast.sh: plain events are read straight from their bytes
# (evxml-fast.c) and give exactly what libxml2's full parse gives, findings
# and messages alike, for the samples, the damaged exports of tests/data and
# events with awkward content, in UTF-8 and UTF-16.  $VSSEXPLAIN_PARSE_SLOW
# turns the fast reader off; $VSSEXPLAIN_PARSE_ALL reads every event (not
# only those that may hold a finding), so that every one is compared.
. "$top_srcdir/tests/e2e/setup.sh"
cd "$tmp" || exit 99

# Events a VSS export may hold, each a finding unless it is damaged.
python3 - <<'PY'
NS = "http://schemas.microsoft.com/win/2004/08/events/event"
def ev(data, system="", head="<Event xmlns='%s'>" % NS, tail="</Event>", more=""):
    return (head + "<System><Provider Name='VSS'/><EventID Qualifiers='0'>8193</EventID>"
            "<Level>2</Level><TimeCreated SystemTime='2024-05-14T02:13:09.4123456Z'/>"
            "<EventRecordID>17</EventRecordID><Channel>Application</Channel>"
            "<Computer>SQL01</Computer>" + system + "</System><EventData>" + data +
            "</EventData>" + more + tail + "\n")
code = "<Data>0x80070539, The security ID structure is invalid.</Data>"
cases = [
    ev(code),
    ev("<Data>a &amp; b &lt;x&gt; &quot;q&quot; &apos;s&apos;</Data>" + code),
    ev("<Data>hr = 0x800423f4&#10;&#x41;&#65;&#13;&#x1F600;&#233;</Data>"),
    ev("<Data>&#0;0x800423f4</Data>"),
    ev("<Data>&#xD800;0x800423f4</Data>"),
    ev("<Data>&#1114112;0x800423f4</Data>"),
    ev("<Data>&#x;0x800423f4</Data>"),
    ev("<Data>&nbsp;0x800423f4</Data>"),
    ev("<Data><![CDATA[0x800423f4 <not a tag>]]></Data>"),
    ev("<Data>x ]]> 0x800423f4</Data>"),
    ev("<Data>\n\nOperation:\n   OnIdentify event\n\tGathering Writer Data\n</Data>" + code),
    ev("<Data>line one\r\nhr = 0x800423f4\r\n</Data>"),
    ev("<Data>   </Data><Data>\n</Data><Data></Data><Data/>" + code),
    ev("<Data Name='Status'>0x800423f4</Data><Data Name=\"Other\" >x</Data >"),
    ev("<Data Name = 'a&amp;b'>0x800423f4</Data>"),
    ev("<Data Name='a\tb'>0x800423f4</Data>"),
    ev("<Data Name='a\nb'>0x800423f4</Data>"),
    ev("<Data Name='a' Name='b'>0x800423f4</Data>"),
    ev("<Data Name=a>0x800423f4</Data>"),
    ev("<Data Name='a'Other='b'>0x800423f4</Data>"),
    ev("<Data>0x800423f4</Date>"),
    ev("<Data>0x800423f4<b>0x80070005</b> after 0x80042306</Data>"),
    ev(code, system="text beside <Version>0</Version> elements"),
    ev(code, more="<UserData><Info><Code>0x800423f4</Code>tail</Info></UserData>"),
    ev(code, more="<RenderingInfo Culture='en-US'><Message>Writer failed: 0x800423f4</Message>"
       "<Level>Error</Level><Keywords><Keyword>Classic</Keyword></Keywords></RenderingInfo>"),
    ev(code, head="<e:Event xmlns:e='%s'>" % NS, tail="</e:Event>"),
    ev(code, head="<Event xmlns='urn:other'>"),
    ev("<Data xmlns='urn:other'>0x800423f4</Data>"),
    ev("<Data xml:space='preserve'> 0x800423f4 </Data>"),
    ev("<Data>caf\u00e9 \u4e2d\u6587 \U0001F600 0x800423f4</Data>"),
    ev("<Data>bad \x01 control 0x800423f4</Data>"),
    ev("<Data>del \x7f byte 0x800423f4</Data>"),
    ev("<Data><!-- a comment -->0x800423f4</Data>"),
    ev("<Data><?pi x?>0x800423f4</Data>"),
    ev(code, system="<Provider Name='VSS' EventSourceName='%s'/>" % ("S" * 300)),
    ev(code, system="<Computer>%s</Computer><EventID>8229</EventID>" % ("C" * 300)),
    ev(code, system="<Level>\n</Level><Channel> </Channel>"),
    ev("<Binary>2D20436F64653A20</Binary>" + code),
    ev("<Data>" + "0x800423f4 " * 200 + "</Data>"),
    ev(code, system="<Execution ProcessID='1' ThreadID='2' />"),
    ev(code, system="<TimeCreated SystemTime='2024-05-14 02:13:09Z'/>"),
    ev(code, system="<TimeCreated SystemTime='not a time'/>"),
    ev("<Data>0x800423f4</Data>", head="<Event xmlns='%s' >" % NS),
    ev("<Data>0x800423f4</Data><d1><d2><d3><d4><d5><d6><d7><d8>x</d8></d7></d6></d5>"
       "</d4></d3></d2></d1>"),
    # names longer than the 16 bytes the reader classes at once, and what ends them
    ev("<Data Name='%s'>0x800423f4</Data>" % ("N" * 300)),
    ev(code, system="<AVeryLongElementName_1.2-3>x</AVeryLongElementName_1.2-3>"
       "<Execution ProcessIDOfTheWriterProcess='1' ThreadID='2'/>"),
    ev(code, system="<AVeryLongElementNameé>x</AVeryLongElementNameé>"),
    ev(code, system="<AVeryLongElementNam:x xmlns:AVeryLongElementNam='urn:x'/>"),
    ev(code, system="<Shorté>x</Shorté>"),
    # references in System values and in a Data text that ends within 16 bytes
    ev(code, system="<Computer>SQL&amp;01 &#x41;</Computer><Channel>A&lt;B</Channel>"),
    ev("<Data>&amp;0x800423f4&lt;</Data>"),
    # the event's start tag compared whole (plain_root), and tags like it that are not it
    ev(code, head="<Event xmlns=\"%s\">" % NS),
    ev(code, head="<Event xmlns='%s' x='1'>" % NS),
    ev(code, head="<Event  xmlns='%s'>" % NS),
    ev(code, head="<Event xmlns='%sx'>" % NS),
    ev(code, head="<Event xmlns='%s'>" % NS[:-1]),
    ev(code, head="<Event xmlnsx='%s'>" % NS),
    ev(code, head="<Event xmlns='%s'\t>" % NS),
    # texts and values that end within 16 bytes (text_end's one look), with a
    # byte to look at before the end, and ending at the 16th byte and after it
    ev("<Data>a\x01b</Data>" + code),
    ev("<Data>a\rb</Data>" + code),
    ev("<Data>a]]>b</Data>" + code),
    ev("<Data>a]b&lt;c</Data><Data>\u00e9&#65;</Data>" + code),
    ev("<Data>0123456789abcde</Data><Data>0123456789abcdef</Data>" + code),
    ev(code, system="<Level>&#50;</Level><Channel>A&amp;B</Channel><Computer>\u00e9</Computer>"),
    ev(code, system="<Provider Name='V&amp;S'/>"),
    ev(code, system="<Provider Name='V<S'/>"),
    ev(code, system="<Provider Name='V\x02S'/>"),
    ev("<Data>x</Data><Data Name='N'>y</Data><Data/><Data Name='M'/><Data>z</Data>" + code),
    # line ends and tabs taken in the 16-byte look, beside references and the end
    ev("<Data>\n\t\n&amp;\t0x800423f4\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n]]</Data>"),
]
with open("awkward.xml", "w", encoding="utf-8", newline="") as f:
    f.write("<?xml version='1.0' encoding='UTF-8'?>\n<Events>\n" + "".join(cases) + "</Events>\n")
# start tags like the plain one that break the export: one export each
for i, head in enumerate(("<Event xmlns='%s\">", "<Event xmlns=\"%s'>", "<Event xmlns='%s'/>")):
    with open("root-%d.xml" % i, "w", encoding="utf-8", newline="") as f:
        f.write("<Events>\n" + ev(code) + ev(code, head=head % NS) + ev(code) + "</Events>\n")
# references like the five entities that are none of them: one export each
refs = ("&lx;", "&gt", "&g;", "&am;", "&amp", "&apo;", "&apos", "&aps;", "&quo;", "&quot",
        "&q;", "&a;", "&#;", "&#x41", "&lt;&gt;&amp;&apos;&quot;&#65;&#x42;")
for i, r in enumerate(refs):
    with open("ref-%d.xml" % i, "w", encoding="utf-8", newline="") as f:
        f.write("<Events>\n" + ev(code) + ev("<Data>0x800423f4 " + r + "</Data>") +
                ev("<Data>" + r + "x; 0x800423f4</Data>") + ev(code) + "</Events>\n")
bad = b"<Events>\n"
for junk in (b"\xc0\x80", b"\x80", b"\xed\xa0\x80", b"\xef\xbf\xbe", b"\xf4\x90\x80\x80", b"\xc3"):
    bad += ev("<Data>bytes " + "\0" + " 0x800423f4</Data>").encode().replace(b"\0", junk)
bad += ev(code).encode() + b"</Events>\n"
with open("bad-utf8.xml", "wb") as f:
    f.write(bad)
PY
[ -s awkward.xml ] && [ -s bad-utf8.xml ] || fail "the awkward exports were not made"
{ printf '\377\376'; iconv -f UTF-8 -t UTF-16LE awkward.xml; } >awkward-utf16.xml ||
    fail "iconv"

# compare FILE: the same output, messages and status through both readers
# (every event read: those the raw look passes over too).
compare() {
	same_as_full_parse "$1" VSSEXPLAIN_PARSE_ALL=1
}

n=0
for f in "$samples"/*.xml "$data"/events/*.xml awkward.xml awkward-utf16.xml bad-utf8.xml \
    root-0.xml root-1.xml root-2.xml ref-*.xml; do
	[ -f "$f" ] || continue
	# exports refused before their first event do not reach either reader
	case $f in */billion-laughs.xml|*/lolz.xml|*/xxe.xml|*/clixml.xml) continue ;; esac
	compare "$f"
	n=$((n + 1))
done
[ "$n" -ge 16 ] || fail "only $n exports compared"

# The plain events were read straight from their bytes, the others parsed:
# the comparison above compared both readers.
VSSEXPLAIN_DEBUG_IO=1 VSSEXPLAIN_PARSE_ALL=1 vssx scan --format jsonl awkward.xml >/dev/null 2>dbg
expect_grep 'awkward.xml: 69 events, 69 read, 34 of them straight from their bytes' dbg
VSSEXPLAIN_DEBUG_IO=1 vssx scan --format jsonl "$samples/application-wevtutil.xml" >/dev/null 2>dbg
expect_grep 'application-wevtutil.xml: 9 events, ([1-9]) read, \1 of them straight' dbg
VSSEXPLAIN_DEBUG_IO=1 VSSEXPLAIN_PARSE_SLOW=1 vssx scan --format jsonl \
    "$samples/application-wevtutil.xml" >/dev/null 2>dbg
expect_grep 'read, 0 of them straight' dbg

done_testing

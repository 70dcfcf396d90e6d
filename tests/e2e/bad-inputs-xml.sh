# bad-inputs-xml.sh: damaged and hostile event exports (XML): cut off,
# malformed, a DTD with the billion laughs or an external entity, nesting
# thousands deep.  Each is named with file:line:column, the findings before
# the damage stand, nothing is fetched or expanded, and the status is 2.
. "$top_srcdir/tests/e2e/setup.sh"
opts="--format jsonl --at 2024-05-15T00:00:00Z"
cd "$tmp" || exit 99
ns=http://schemas.microsoft.com/win/2004/08/events/event

# event N CODE: one VSS 8193 event with record id N and CODE in its data.
event() {
	printf "<Event xmlns='%s'><System><Provider Name='VSS'/><EventID Qualifiers='0'>8193</EventID><Level>2</Level><TimeCreated SystemTime='2024-05-14T02:13:09.000Z'/><EventRecordID>%s</EventRecordID><Channel>Application</Channel><Computer>H1</Computer></System><EventData><Data>CoCreateInstance</Data><Data>hr = %s, Access is denied.</Data></EventData></Event>\n" \
	    "$ns" "$1" "$2"
}
head='<?xml version="1.0" encoding="UTF-8"?>'

# expect_damage FILE WANT_FINDINGS: status 2, a file:line:column message,
# and WANT_FINDINGS findings.
expect_damage() {
	expect_status 2 vssx scan $opts "$1"
	expect_grep "^vssexplain: $1:[0-9]+:[0-9]+: " "$tmp/err"
	got=$(grep -c '"code"' "$tmp/out")
	[ "$got" = "$2" ] || fail "$1: $got findings, wanted $2"
}

# Cut off inside the second event: the first one stands.
{ echo "$head"; echo '<Events>'; event 1 0x80070005; event 2 0x80042306; } >whole.xml
head -c $(($(wc -c <whole.xml) - 40)) whole.xml >cut.xml
expect_damage cut.xml 1

# Malformed: an attribute without quotes in the second event.
{ echo "$head"; echo '<Events>'; event 1 0x80070005; event 2 0x80042306 |
    sed 's/<Level>/<Level bad=2>/'; echo '</Events>'; } >malformed.xml
expect_damage malformed.xml 1

# Damage inside events that hold nothing to report (a logon event of the
# Security log, skipped without parsing when whole): a tag cut short, and a
# '<' no tag starts with.  Both are named; the VSS events around them stand.
logon() {
	printf "<Event xmlns='%s'><System><Provider Name='Microsoft-Windows-Security-Auditing'/><EventID>4624</EventID><Level>0</Level><TimeCreated SystemTime='2024-05-14T02:14:00.000Z'/><EventRecordID>%s</EventRecordID><Channel>Security</Channel><Computer>H1</Computer></System><EventData><Data Name='TargetUserName'>backup</Data><Data Name='LogonType'>3</Data></EventData></Event>\n" \
	    "$ns" "$1"
}
{ echo "$head"; echo '<Events>'; event 1 0x80070005; logon 2; event 3 0x80042306
  echo '</Events>'; } >logons.xml
expect_status 1 vssx scan $opts logons.xml
[ "$(grep -c '"code"' "$tmp/out")" = 2 ] || fail "logons.xml: wanted 2 findings"
{ echo "$head"; echo '<Events>'; event 1 0x80070005
  logon 2 | sed "s/<Data Name='LogonType'>/<Data Name='LogonType'/"; event 3 0x80042306
  echo '</Events>'; } >cutshort.xml
expect_damage cutshort.xml 2
{ echo "$head"; echo '<Events>'; event 1 0x80070005
  logon 2 | sed 's/backup</backup < 3</'; event 3 0x80042306; echo '</Events>'; } >lone-lt.xml
expect_damage lone-lt.xml 2

# The billion laughs: refused at the DTD, nothing expanded, in no time and
# little memory (the timeout would catch an expansion).
{ echo "$head"
  echo '<!DOCTYPE Events [ <!ENTITY a "aaaaaaaaaa">'
  for n in b c d e f g h i j; do
	  p=$(printf '%s' abcdefghij | sed "s/$n.*//" | tail -c 1)
	  printf '<!ENTITY %s "&%s;&%s;&%s;&%s;&%s;&%s;&%s;&%s;&%s;&%s;">\n' $n $p $p $p $p $p $p $p $p $p $p
  done
  echo ']>'; echo '<Events>'; event 1 '&j;0x80070005'; echo '</Events>'; } >laughs.xml
expect_status 2 timeout 20 "$VSSEXPLAIN" scan $opts laughs.xml
expect_grep 'laughs\.xml:[0-9]+:[0-9]+: .*(DTD|document type)' "$tmp/err"
expect_no_grep 'aaaaaaaaaa' "$tmp/out"

# External entities: a file and a URL; neither is read or fetched.
echo 'SECRET-8004230F' >secret.txt
{ echo "$head"
  echo "<!DOCTYPE Events [ <!ENTITY s SYSTEM \"file://$tmp/secret.txt\">"
  echo '<!ENTITY u SYSTEM "http://192.0.2.1/x"> ]>'
  echo '<Events>'; event 1 '&s;&u;0x80070005'; echo '</Events>'; } >xxe.xml
expect_status 2 timeout 20 "$VSSEXPLAIN" scan $opts xxe.xml
expect_grep 'xxe\.xml:[0-9]+:[0-9]+: .*(DTD|document type)' "$tmp/err"
expect_no_grep 'SECRET|8004230F' "$tmp/out"

# An entity reference that no DTD defines, inside an event.
{ echo "$head"; echo '<Events>'; event 1 '&s;0x80070005'; echo '</Events>'; } >undefined.xml
vssx scan $opts undefined.xml >"$tmp/out" 2>"$tmp/err"
case $? in 1|2) ;; *) fail "undefined entity: exit status not 1 or 2" ;; esac
expect_no_grep 'SECRET' "$tmp/out"

# Nesting 100000 deep inside an event, and 100000 events opened and never
# closed: an error each, no stack overflow, in no time.
python3 -c "
import sys
e = '''$(event 1 0x80070005)'''
sys.stdout.write('$head\n<Events>\n' + e.replace('CoCreateInstance', '<a>' * 100000 + '</a>' * 100000) + '</Events>\n')
" >deep.xml
vssx scan $opts deep.xml >"$tmp/out" 2>"$tmp/err"
case $? in 1|2) ;; *) fail "deep nesting: exit status not 1 or 2" ;; esac
python3 -c "import sys; sys.stdout.write('<Events>' + '<Event>' * 100000)" >open.xml
expect_status 2 timeout 20 "$VSSEXPLAIN" scan $opts open.xml

# Truncated gzip of an export: the events before the cut stand.
{ echo "$head"; echo '<Events>'; i=1; while [ $i -le 200 ]; do event $i 0x80070005; i=$((i + 1)); done
  echo '</Events>'; } | gzip -9 >many.xml.gz
head -c $(($(wc -c <many.xml.gz) / 2)) many.xml.gz >cut.xml.gz
vssx scan $opts cut.xml.gz >"$tmp/out" 2>"$tmp/err"
[ $? = 2 ] || fail "cut gzip export: exit status not 2"
expect_grep 'cut\.xml\.gz' "$tmp/err"

done_testing

#!/usr/bin/env python3
# events-to-json.py: writes the events of an XML export (wevtutil qe /f:xml /e,
# or /f:RenderedXml) in the JSON shapes log shippers give them, so that one set
# of events can be read in every format.  Made the samples/*.json* files:
#   tools/events-to-json.py samples/application-rendered.xml samples/
# Shapes: Winlogbeat 8 (NDJSON, and an Elasticsearch _search response), NXLog
# to_json(), Get-WinEvent | ConvertTo-Json (Windows PowerShell 5.1: UTF-16LE
# with BOM, CRLF), evtx_dump -o json (evtx crate 0.8).
import datetime
import json
import os
import sys
import xml.etree.ElementTree as ET

NS = '{http://schemas.microsoft.com/win/2004/08/events/event}'
LEVELS = {1: 'critical', 2: 'error', 3: 'warning', 4: 'information', 5: 'verbose'}


def text(e):
    return e.text if e is not None and e.text is not None else ''


def read_events(path):
    return parse_events(open(path, encoding='utf-8').read())


def parse_events(raw):
    # one <Event> after another: wrap them to parse them as one document
    root = ET.fromstring('<Events>' + raw[raw.find('<Event'):] + '</Events>')
    for ev in root.iter(NS + 'Event'):
        s = ev.find(NS + 'System')
        prov = s.find(NS + 'Provider')
        eid = s.find(NS + 'EventID')
        t = s.find(NS + 'TimeCreated').get('SystemTime')
        data, binary = [], None
        ed = ev.find(NS + 'EventData')
        if ed is not None:
            for d in ed:
                if d.tag == NS + 'Data':
                    data.append((d.get('Name'), text(d)))
                elif d.tag == NS + 'Binary':
                    binary = text(d)
        ri = ev.find(NS + 'RenderingInfo')
        yield {
            'provider': prov.get('Name'),
            'id': int(text(eid)),
            'qualifiers': int(eid.get('Qualifiers') or 0),
            'level': int(text(s.find(NS + 'Level'))),
            'record': int(text(s.find(NS + 'EventRecordID'))),
            'channel': text(s.find(NS + 'Channel')),
            'computer': text(s.find(NS + 'Computer')),
            'time': t,
            'data': data,
            'binary': binary,
            'message': text(ri.find(NS + 'Message')) if ri is not None else None,
        }


def when(t):
    # 2024-05-14T02:05:30.6610244Z, to milliseconds as the shippers keep it
    d = datetime.datetime.strptime(t[:26], '%Y-%m-%dT%H:%M:%S.%f')
    return d.replace(tzinfo=datetime.timezone.utc)


def iso_ms(t):
    return when(t).strftime('%Y-%m-%dT%H:%M:%S.') + '%03dZ' % (when(t).microsecond // 1000)


def winlogbeat(e):
    event_data = {}
    for i, (name, value) in enumerate(e['data'], 1):
        event_data[name or 'param%d' % i] = value
    if e['binary']:
        event_data['Binary'] = e['binary']
    doc = {
        '@timestamp': iso_ms(e['time']),
        'agent': {'type': 'winlogbeat', 'version': '8.13.4', 'name': e['computer'].split('.')[0]},
        'ecs': {'version': '8.0.0'},
        'event': {'code': str(e['id']), 'kind': 'event', 'provider': e['provider'],
                  'created': '2024-05-14T02:20:00.000Z'},
        'host': {'name': e['computer'].lower()},
        'log': {'level': LEVELS.get(e['level'], 'information')},
        'winlog': {
            'api': 'wineventlog',
            'channel': e['channel'],
            'computer_name': e['computer'],
            'event_data': event_data,
            'event_id': str(e['id']),
            'keywords': ['Classic'],
            'provider_name': e['provider'],
            'record_id': e['record'],
        },
    }
    if e['message'] is not None:
        doc['message'] = e['message']
    return doc


def nxlog(e):
    doc = {
        'EventTime': when(e['time']).strftime('%Y-%m-%d %H:%M:%S.%f'),
        'Hostname': e['computer'],
        'Keywords': 36028797018963968,
        'EventType': LEVELS.get(e['level'], 'information').upper().replace('INFORMATION', 'INFO'),
        'SeverityValue': {1: 5, 2: 4, 3: 3}.get(e['level'], 2),
        'Severity': {1: 'CRITICAL', 2: 'ERROR', 3: 'WARNING'}.get(e['level'], 'INFO'),
        'EventID': e['id'],
        'SourceName': e['provider'],
        'Task': 0,
        'RecordNumber': e['record'],
        'ProcessID': 0,
        'ThreadID': 0,
        'Channel': e['channel'],
        'Message': e['message'] or '',
        'Opcode': 'Info',
        'EventReceivedTime': '2024-05-14 02:20:00',
        'SourceModuleName': 'eventlog',
        'SourceModuleType': 'im_msvistalog',
    }
    named = [(n, v) for n, v in e['data'] if n]
    if named:
        doc.update(named)
    else:
        doc['EventData'] = [v for n, v in e['data']]
    if e['binary']:
        doc['Binary'] = e['binary']
    return doc


def winevent(e):
    ms = int(when(e['time']).timestamp() * 1000)
    return {
        'Id': e['id'],
        'Version': 0,
        'Qualifiers': e['qualifiers'],
        'Level': e['level'],
        'Task': 0,
        'Opcode': 0,
        'Keywords': 36028797018963968,
        'RecordId': e['record'],
        'ProviderName': e['provider'],
        'ProviderId': None,
        'LogName': e['channel'],
        'ProcessId': None,
        'ThreadId': None,
        'MachineName': e['computer'],
        'UserId': None,
        'TimeCreated': '/Date(%d)/' % ms,
        'ContainerLog': e['channel'],
        'MatchedQueryIds': [],
        'Bookmark': {},
        'LevelDisplayName': LEVELS.get(e['level'], 'information').capitalize(),
        'OpcodeDisplayName': 'Info',
        'TaskDisplayName': None,
        'KeywordsDisplayNames': ['Classic'],
        'Properties': [{'Value': v} for n, v in e['data']],
        'Message': e['message'],
    }


def evtxdump(e):
    if all(n for n, v in e['data']):
        event_data = {n: v for n, v in e['data']}
    else:
        values = [v for n, v in e['data']]
        event_data = {'Data': {'#text': values if len(values) != 1 else values[0]}}
    if e['binary']:
        event_data['Binary'] = e['binary']
    ev = {
        '#attributes': {'xmlns': 'http://schemas.microsoft.com/win/2004/08/events/event'},
        'System': {
            'Provider': {'#attributes': {'Name': e['provider']}},
            'EventID': {'#attributes': {'Qualifiers': e['qualifiers']}, '#text': e['id']},
            'Version': 0, 'Level': e['level'], 'Task': 0, 'Opcode': 0,
            'Keywords': '0x80000000000000',
            'TimeCreated': {'#attributes': {'SystemTime': e['time'][:26] + 'Z'}},
            'EventRecordID': e['record'],
            'Correlation': None,
            'Execution': {'#attributes': {'ProcessID': 0, 'ThreadID': 0}},
            'Channel': e['channel'],
            'Computer': e['computer'],
            'Security': None,
        },
        'EventData': event_data,
    }
    if e['message'] is not None:
        ev['RenderingInfo'] = {'#attributes': {'Culture': 'en-US'}, 'Message': e['message']}
    return {'Event': ev}


def main():
    src, out = sys.argv[1], sys.argv[2]
    events = list(read_events(src))
    with open(os.path.join(out, 'winlogbeat.ndjson'), 'w', encoding='utf-8') as f:
        for e in events:
            f.write(json.dumps(winlogbeat(e), ensure_ascii=False, separators=(',', ':')) + '\n')
    hits = [{'_index': '.ds-winlogbeat-8.13.4-2024.05.14-000001', '_id': 'Wb%06d' % e['record'],
             '_score': 1.0, '_source': winlogbeat(e)} for e in events]
    resp = {'took': 7, 'timed_out': False,
            '_shards': {'total': 1, 'successful': 1, 'skipped': 0, 'failed': 0},
            'hits': {'total': {'value': len(hits), 'relation': 'eq'}, 'max_score': 1.0,
                     'hits': hits}}
    with open(os.path.join(out, 'winlogbeat-search.json'), 'w', encoding='utf-8') as f:
        f.write(json.dumps(resp, ensure_ascii=False, indent=2) + '\n')
    with open(os.path.join(out, 'nxlog.json'), 'w', encoding='utf-8') as f:
        for e in events:
            f.write(json.dumps(nxlog(e), ensure_ascii=False, separators=(',', ':')) + '\n')
    body = json.dumps([winevent(e) for e in events], ensure_ascii=False, indent=4,
                      separators=(',', ':  ')).replace('/Date(', '\\/Date(').replace(')/"', ')\\/"')
    with open(os.path.join(out, 'get-winevent.json'), 'wb') as f:
        f.write(b'\xff\xfe' + body.replace('\n', '\r\n').encode('utf-16-le'))
    with open(os.path.join(out, 'evtx-dump.json'), 'w', encoding='utf-8') as f:
        for e in events:
            f.write('Record %d\n' % e['record'])
            f.write(json.dumps(evtxdump(e), ensure_ascii=False, indent=2) + '\n')


if __name__ == '__main__':
    main()

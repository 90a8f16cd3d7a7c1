#!/usr/bin/python3
"""Dev-time oracle, not part of `npm test`: dump every regex fail2ban builds from the stock filters
(default, every mode, every sample-file option set) with what Python's `re` finds on the texts
fail2ban hands those regexes while it processes its own sample logs.

Usage: /usr/bin/python3 test/regex-oracle/dump-regexes.py [--cross] > /tmp/f2b-regexes.json
Then:  node dist/test/regex-oracle/compare-regexes.js /tmp/f2b-regexes.json
--cross also runs every regex on the texts recorded for every other filter (slower, wider).
--mutate adds copies of each text with its first IPv4 address replaced by other address forms.
Uses the installed fail2ban package (reader, tag expansion, Filter) only as an oracle.
"""
import json
import os
import re
import sys

from fail2ban.client.filterreader import FilterReader
from fail2ban.server.failregex import Regex
from fail2ban.server.filter import Filter

CONFIG = '/etc/fail2ban'
LOGS = '/usr/lib/python3/dist-packages/fail2ban/tests/files/logs'
USEDNS = ('warn', 'no')

# Every text any Regex.search() receives while a filter processes the samples.
SEEN = []
_search = Regex.search


def _recording_search(self, tupleLines, orgLines=None):
    buf = tupleLines if isinstance(tupleLines, str) else Regex._tupleLinesBuf(tupleLines)
    SEEN.append(buf)
    return _search(self, tupleLines, orgLines)


Regex.search = _recording_search


def filter_names():
    names = [f[:-5] for f in os.listdir(os.path.join(CONFIG, 'filter.d')) if f.endswith('.conf')]
    return sorted(n for n in names if not n.endswith('common'))


def modes_of(name):
    """Mode values a filter defines: suffixes of keys like `mdre-<mode>` used as `<mdre-<mode>>`."""
    text = open(os.path.join(CONFIG, 'filter.d', name + '.conf'), encoding='utf-8').read()
    prefixes = set(re.findall(r'<([\w-]+)-<mode>', text))
    modes = set()
    for prefix in prefixes:
        modes.update(re.findall(r'^' + re.escape(prefix) + r'-(\w+)\s*=', text, re.M))
    return sorted(modes)


def sample_lines(name):
    """(filter option sets from the sample file, every log line of it and its addFILE files)."""
    files, opts, lines = [name], [], []
    while files:
        path = os.path.join(LOGS, files.pop(0))
        if not os.path.isfile(path):
            continue
        for line in open(path, encoding='utf-8', errors='surrogateescape'):
            m = re.match(r'^#+ ?(failJSON|filterOptions|fileOptions|addFILE):(.+)$', line)
            if m and m.group(1) == 'filterOptions':
                data = json.loads(m.group(2))
                opts.extend(data if isinstance(data, list) else [data])
            elif m and m.group(1) == 'addFILE':
                files.append(json.loads(m.group(2)))
            elif not line.startswith('#') and line.strip():
                lines.append(line.rstrip('\r\n'))
    return opts, lines


def option_sets(name, sample_opts):
    sets = [{}] + [{'mode': m} for m in modes_of(name)]
    for o in sample_opts:
        o = {k: v for k, v in o.items() if not k.startswith('test.')}
        if o not in sets:
            sets.append(o)
    return sets


def read_filter(name, opts):
    reader = FilterReader(name, 'jail', dict(opts), basedir=CONFIG)
    reader.read()
    reader.getOptions({})
    regexes, maxlines, datepattern = [], 1, None
    for cmd in reader.convert():
        values = cmd[3] if cmd[0] == 'multi-set' else [cmd[3]]
        for value in values:
            if cmd[2] in ('prefregex', 'addfailregex', 'addignoreregex'):
                regexes.append((cmd[2].replace('add', ''), value))
            elif cmd[2] == 'maxlines':
                maxlines = int(value)
            elif cmd[2] == 'datepattern':
                datepattern = value
    return regexes, maxlines, datepattern


def subjects_for(regexes, maxlines, datepattern, lines, journal):
    flt = Filter(None)
    flt.returnRawHost = True
    flt.checkAllRegex = True
    flt.checkFindTime = False
    for kind, value in regexes:
        if kind == 'prefregex':
            flt.prefRegex = value
        elif kind == 'failregex':
            flt.addFailRegex(value)
        else:
            flt.addIgnoreRegex(value)
    flt.setMaxLines(maxlines)
    if datepattern is not None:
        flt.setDatePattern(datepattern)
    del SEEN[:]
    for line in lines:
        try:
            flt.processLine(('', '', line) if journal else line, 1124013600 if journal else None)
        except Exception:  # a sample line fail2ban itself chokes on: keep what was seen
            pass
    return list(dict.fromkeys(SEEN))


ADDRESS_FORMS = ['2001:db8::1', '[2001:db8::1]', '::ffff:192.0.2.1', '192.0.2.1:5060', '2001:db8::1:5060',
                 '[2001:db8::1]:5060', 'fe80::', '::1', '::', '1:2:3:4:5:6:7:8', '12:34:56', 'dead:beef::1.2.3.4',
                 '999.1.2.3', '1.2.3.4.5', 'host-1.example.com', '::FFFF:192.0.2.1', '2001:DB8:0:0:8:800:200C:417A']
IPV4 = re.compile(r'(?:::ffff:)?\b\d{1,3}(?:\.\d{1,3}){3}\b')


def mutations(subject):
    m = IPV4.search(subject)
    if m is None:
        return []
    return [subject[:m.start()] + form + subject[m.end():] for form in ADDRESS_FORMS]


def run(regex, subject):
    m = regex.search(subject)
    if m is None:
        return None
    return {'span': [m.start(), m.end()], 'groups': m.groupdict()}


def main():
    entries = {}
    for name in filter_names():
        sample_opts, lines = sample_lines(name)
        for opts in option_sets(name, sample_opts):
            try:
                regexes, maxlines, datepattern = read_filter(name, opts)
                subjects = subjects_for(regexes, maxlines, datepattern, lines, opts.get('logtype') == 'journal')
            except Exception as e:
                print('skip %s %r: %s' % (name, opts, e), file=sys.stderr)
                continue
            for kind, raw in regexes:
                multiline = kind == 'failregex' and maxlines > 1
                for usedns in USEDNS:
                    key = (raw, multiline, usedns)
                    entry = entries.get(key)
                    if entry is None:
                        entry = entries[key] = {'raw': raw, 'multiline': multiline, 'usedns': usedns,
                                                'kind': kind, 'filters': [], 'subjects': []}
                    label = name + (json.dumps(opts, sort_keys=True) if opts else '')
                    if label not in entry['filters']:
                        entry['filters'].append(label)
                    entry['subjects'] = list(dict.fromkeys(entry['subjects'] + subjects))
    if '--mutate' in sys.argv:
        for entry in entries.values():
            entry['subjects'] = list(dict.fromkeys(entry['subjects'] + [m for s in entry['subjects'] for m in mutations(s)]))
    if '--cross' in sys.argv:
        pool = list(dict.fromkeys(s for e in entries.values() for s in e['subjects']))
        for entry in entries.values():
            entry['subjects'] = list(dict.fromkeys(entry['subjects'] + pool))
    out = []
    for entry in entries.values():
        try:
            compiled = Regex(entry['raw'], multiline=entry['multiline'], useDns=entry['usedns'])
        except Exception as e:
            entry['error'] = str(e)
            out.append(entry)
            continue
        entry['expanded'] = compiled.getRegex()
        entry['results'] = [run(compiled._regexObj, s) for s in entry['subjects']]
        out.append(entry)
    json.dump({'entries': out}, sys.stdout, ensure_ascii=True)


if __name__ == '__main__':
    main()

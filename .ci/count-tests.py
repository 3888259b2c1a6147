#!/usr/bin/env python3
"""Count real test cases from meson's testlog.json.

A TAP test contributes one case per `ok` / `not ok` line (a `# SKIP` counts
as skipped); any other test (exit-code protocol) counts as one case.
Prints `N passed, N failed[, N skipped]` as its last line and exits 1 when
anything failed or when no test ran.
"""
import json
import re
import sys

TAP = re.compile(r'^(not ok|ok)\b(.*)$')


def main(path):
    passed = failed = skipped = 0
    with open(path, encoding='utf-8', errors='replace') as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            entry = json.loads(line)
            result = entry.get('result', '')
            name = entry.get('name', '?')
            out = entry.get('stdout') or entry.get('stdo') or ''
            cases = [TAP.match(l.strip()) for l in out.splitlines()]
            cases = [m for m in cases if m]
            if entry.get('protocol') == 'tap' or cases:
                p = f = s = 0
                for m in cases:
                    rest = m.group(2)
                    if '# SKIP' in rest.upper() or '# skip' in rest:
                        s += 1
                    elif m.group(1) == 'ok':
                        p += 1
                    else:
                        f += 1
                if result not in ('OK', 'EXPECTEDFAIL', 'SKIP') and f == 0:
                    # crashed, timed out or bailed out: count it as a failure
                    f += 1
                passed += p
                failed += f
                skipped += s
            else:
                if result in ('OK', 'EXPECTEDFAIL'):
                    passed += 1
                elif result == 'SKIP':
                    skipped += 1
                else:
                    failed += 1
            if result not in ('OK', 'EXPECTEDFAIL', 'SKIP'):
                print(f'FAILED: {name} ({result})', file=sys.stderr)
    tail = f'{passed} passed, {failed} failed'
    if skipped:
        tail += f', {skipped} skipped'
    print(tail)
    return 1 if failed or passed == 0 else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1]))

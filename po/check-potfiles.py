#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""POTFILES.in must list, sorted, exactly the files that hold translatable
strings: C files calling _() / N_() / C_() / ngettext (), .ui files with
translatable="yes", and the desktop, metainfo and schema sources."""
import pathlib
import re
import sys

root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else '.')
C_CALL = re.compile(r'(?<![A-Za-z0-9_])(?:N_|C_|NC_|Q_|_|ngettext|g_dngettext)\s*\(\s*"')


def wanted():
    found = set()
    for path in sorted((root / 'app').rglob('*.c')):
        if C_CALL.search(path.read_text(encoding='utf-8')):
            found.add(path.relative_to(root).as_posix())
    for path in sorted((root / 'ui').rglob('*.ui')):
        if 'translatable="yes"' in path.read_text(encoding='utf-8'):
            found.add(path.relative_to(root).as_posix())
    for pattern in ('*.desktop.in', '*.metainfo.xml.in', '*.gschema.xml'):
        for path in (root / 'data').glob(pattern):
            found.add(path.relative_to(root).as_posix())
    return found


def listed():
    lines = (root / 'po' / 'POTFILES.in').read_text(encoding='utf-8').splitlines()
    return [l.strip() for l in lines if l.strip() and not l.startswith('#')]


def main():
    entries = listed()
    status = 0
    if entries != sorted(entries):
        print('po/POTFILES.in is not sorted')
        status = 1
    missing = sorted(wanted() - set(entries))
    extra = sorted(e for e in entries if not (root / e).is_file())
    for m in missing:
        print(f'po/POTFILES.in misses {m}')
    for e in extra:
        print(f'po/POTFILES.in lists {e}, which does not exist')
    if missing or extra:
        status = 1
    if status == 0:
        print(f'po/POTFILES.in lists all {len(entries)} files with translatable strings')
    return status


sys.exit(main())

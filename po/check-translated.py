#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every translatable string of the C sources and the .ui files has a
German translation in po/de.po (not missing, not fuzzy): xgettext reads
the files of POTFILES.in as the glib preset does, msgmerge matches the
catalog against them.  Skipped (77) without gettext's tools."""
import pathlib
import shutil
import subprocess
import sys
import tempfile

root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else '.')
KEYWORDS = ['_', 'N_', 'C_:1c,2', 'NC_:1c,2', 'g_dngettext:2,3', 'ngettext:1,2']


def main():
    tools = [shutil.which(t) for t in ('xgettext', 'msgmerge', 'msgattrib')]
    if None in tools:
        print('gettext tools not found')
        return 77
    sources = [l.strip() for l in (root / 'po' / 'POTFILES.in').read_text(encoding='utf-8').splitlines()
               if l.strip() and not l.startswith('#') and l.strip().endswith(('.c', '.ui'))]
    with tempfile.TemporaryDirectory() as tmp:
        pot = pathlib.Path(tmp) / 'strata.pot'
        merged = pathlib.Path(tmp) / 'de.po'
        subprocess.run([tools[0], '--from-code=UTF-8', '-o', str(pot),
                        *[f'--keyword={k}' for k in KEYWORDS], *sources],
                       cwd=root, check=True, stderr=subprocess.DEVNULL)
        subprocess.run([tools[1], '--quiet', '--no-fuzzy-matching', str(root / 'po' / 'de.po'), str(pot),
                        '-o', str(merged)], check=True)
        missing = subprocess.run([tools[2], '--untranslated', '--no-obsolete', str(merged)],
                                 check=True, capture_output=True, text=True).stdout
    ids = [block for block in missing.split('\n\n') if 'msgid ""\nmsgstr ""\n"Project-Id' not in block
           and block.strip()]
    for block in ids:
        print('untranslated in po/de.po:\n' + block + '\n')
    if ids:
        return 1
    print(f'po/de.po translates every string of the {len(sources)} C and .ui files')
    return 0


sys.exit(main())

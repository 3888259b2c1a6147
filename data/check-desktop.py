#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Validate the built desktop file.

desktop-file-validate must report no error and no warning (it exits 0 on
warnings, so its output is read), and the entry must carry what a GNOME
app needs: a main category, keywords, the stack dataset MIME type, an Exec
that takes URIs, startup notification, and no D-Bus activation (Strata has
no D-Bus service file).
"""

import shutil
import subprocess
import sys

MAIN_CATEGORIES = {"AudioVideo", "Audio", "Video", "Development", "Education",
                   "Game", "Graphics", "Network", "Office", "Science",
                   "Settings", "System", "Utility"}


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: check-desktop.py FILE.desktop")
    path = sys.argv[1]
    tool = shutil.which("desktop-file-validate")
    if tool is None:
        sys.exit("check-desktop: desktop-file-validate not found "
                 "(Debian package: desktop-file-utils)")
    res = subprocess.run([tool, path], capture_output=True, text=True,
                         check=False)
    out = (res.stdout + res.stderr).strip()
    if out:
        print(out)
    errors = []
    if res.returncode != 0:
        errors.append(f"desktop-file-validate exited with {res.returncode}")
    for line in out.splitlines():
        if ": warning:" in line or ": error:" in line:
            errors.append("desktop-file-validate: " + line.split(": ", 1)[1])

    keys, group = {}, None
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line.startswith("["):
                group = line
            elif group == "[Desktop Entry]" and "=" in line and not line.startswith("#"):
                k, v = line.split("=", 1)
                keys[k] = v
    cats = [c for c in keys.get("Categories", "").split(";") if c]
    if not MAIN_CATEGORIES & set(cats):
        errors.append(f"Categories {cats} has no main category")
    if not keys.get("Keywords", "").endswith(";") or len(keys.get("Keywords", "")) < 10:
        errors.append("Keywords missing or not ;-terminated")
    if keys.get("MimeType") != "application/x-strata-stack+json;":
        errors.append(f"MimeType is {keys.get('MimeType')!r}")
    if keys.get("Exec") != "strata %U":
        errors.append(f"Exec is {keys.get('Exec')!r}, expected 'strata %U'")
    if keys.get("StartupNotify") != "true":
        errors.append("StartupNotify is not true")
    if keys.get("Terminal") != "false":
        errors.append("Terminal is not false")
    if "DBusActivatable" in keys:
        errors.append("DBusActivatable is set but Strata has no D-Bus service")
    for k in ("Name", "Comment", "Icon"):
        if not keys.get(k):
            errors.append(f"{k} is missing")

    for e in errors:
        print("error: " + e)
    if errors:
        sys.exit(f"check-desktop: {len(errors)} error(s) in {path}")
    print(f"ok: {path}")


if __name__ == "__main__":
    main()

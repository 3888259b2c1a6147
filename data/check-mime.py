#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check the shared-mime-info definition of Strata stack datasets.

Installs the definition, next to the system's freedesktop.org.xml, into a
temporary XDG data folder, runs update-mime-database on it, and asks GIO
which type files named *.strata.json and *.json get.  Then installs the
desktop file there too, runs update-desktop-database and checks that GIO
picks Strata as the default application for stack datasets (what a
double-click in Files does).  GIO only accepts a desktop file whose Exec
program is in PATH: the built strata is used when given with --strata,
otherwise a stand-in named strata.  Also checks that the desktop file and
the metainfo name exactly the types the definition adds.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

NS = "{http://www.freedesktop.org/standards/shared-mime-info}"
STACK_TYPE = "application/x-strata-stack+json"

errors = []


def error(msg):
    errors.append(msg)


def tool(name, package):
    path = shutil.which(name)
    if path is None:
        sys.exit(f"check-mime: {name} not found (Debian package: {package})")
    return path


def content_type(gio, env, path):
    res = subprocess.run([gio, "info", "-a", "standard::content-type", path],
                         env=env, capture_output=True, text=True, check=False)
    for line in res.stdout.splitlines():
        line = line.strip()
        if line.startswith("standard::content-type:"):
            return line[len("standard::content-type:"):].strip()
    error(f"gio info {path} failed: {res.stderr.strip()}")
    return None


def check_default_app(tmp, desktop, update_desktop, gio, strata):
    apps = os.path.join(tmp, "applications")
    bindir = os.path.join(tmp, "bin")
    os.makedirs(apps)
    os.makedirs(bindir)
    shutil.copy(desktop, apps)
    res = subprocess.run([update_desktop, apps], capture_output=True,
                         text=True, check=False)
    if res.returncode != 0:
        error("update-desktop-database failed: " + res.stderr.strip())
        return
    exe = os.path.join(bindir, "strata")
    if strata:
        os.symlink(os.path.abspath(strata), exe)
        print(f"Exec program: {strata}")
    else:
        with open(exe, "w", encoding="utf-8") as f:
            f.write("#!/bin/sh\nexit 0\n")
        os.chmod(exe, 0o755)
        print("Exec program: a stand-in (the GUI is not built)")
    env = dict(os.environ, XDG_DATA_HOME=tmp, XDG_DATA_DIRS=tmp,
               XDG_CONFIG_HOME=os.path.join(tmp, "config"),
               XDG_CONFIG_DIRS=os.path.join(tmp, "config"),
               PATH=bindir + os.pathsep + os.environ.get("PATH", ""))
    res = subprocess.run([gio, "mime", STACK_TYPE], env=env,
                         capture_output=True, text=True, check=False)
    print(res.stdout.strip())
    want = os.path.basename(desktop)
    first = res.stdout.splitlines()[0] if res.stdout else ""
    if not first.startswith("Default application") or not first.endswith(": " + want):
        error(f"the default application for {STACK_TYPE} is not {want}: "
              f"{first or res.stderr.strip()}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mime_xml")
    ap.add_argument("desktop")
    ap.add_argument("metainfo")
    ap.add_argument("--strata", help="the built strata executable")
    args = ap.parse_args()
    mime_xml, desktop, metainfo = args.mime_xml, args.desktop, args.metainfo
    update = tool("update-mime-database", "shared-mime-info")
    update_desktop = tool("update-desktop-database", "desktop-file-utils")
    gio = tool("gio", "libglib2.0-bin")

    root = ET.parse(mime_xml).getroot()
    types = {t.get("type"): t for t in root.findall(NS + "mime-type")}
    if set(types) != {STACK_TYPE}:
        error(f"expected exactly the type {STACK_TYPE}, found {sorted(types)}")
    t = types.get(STACK_TYPE)
    if t is not None:
        globs = [g.get("pattern") for g in t.findall(NS + "glob")]
        if globs != ["*.strata.json"]:
            error(f"globs are {globs}, expected ['*.strata.json']")
        parents = [s.get("type") for s in t.findall(NS + "sub-class-of")]
        if parents != ["application/json"]:
            error(f"{STACK_TYPE} is a subclass of {parents}, not application/json")
        if not (t.findtext(NS + "comment") or "").strip():
            error("no <comment>")

    with open(desktop, encoding="utf-8") as f:
        lines = [l.strip() for l in f]
    mime_lines = [l.split("=", 1)[1] for l in lines if l.startswith("MimeType=")]
    if mime_lines != [STACK_TYPE + ";"]:
        error(f"desktop file MimeType= is {mime_lines}, expected {STACK_TYPE};")
    provided = [e.text.strip() for e in
                ET.parse(metainfo).getroot().findall("provides/mediatype")]
    if provided != [STACK_TYPE]:
        error(f"metainfo provides mediatypes {provided}, expected {STACK_TYPE}")

    system_db = None
    for d in ["/usr/share", "/usr/local/share"] + \
            os.environ.get("XDG_DATA_DIRS", "").split(":"):
        p = os.path.join(d, "mime", "packages", "freedesktop.org.xml")
        if d and os.path.isfile(p):
            system_db = p
            break
    if system_db is None:
        sys.exit("check-mime: freedesktop.org.xml not found "
                 "(Debian package: shared-mime-info)")

    with tempfile.TemporaryDirectory() as tmp:
        packages = os.path.join(tmp, "mime", "packages")
        os.makedirs(packages)
        shutil.copy(system_db, packages)
        shutil.copy(mime_xml, os.path.join(packages, "io.github.stratadash.Strata.xml"))
        # No fsync of every file: this is a throwaway copy.
        res = subprocess.run([update, "-V", os.path.join(tmp, "mime")],
                             env=dict(os.environ, PKGSYSTEM_ENABLE_FSYNC="0"),
                             capture_output=True, text=True, check=False)
        if res.returncode != 0:
            sys.exit(f"check-mime: update-mime-database failed:\n{res.stderr}")
        for line in res.stderr.splitlines():
            if "Unknown" in line or "Error" in line or "warning" in line.lower():
                error("update-mime-database: " + line.strip())

        with open(os.path.join(tmp, "mime", "globs2"), encoding="utf-8") as f:
            if not any(l.strip().endswith(f"{STACK_TYPE}:*.strata.json") for l in f):
                error("globs2 lacks *.strata.json")

        env = dict(os.environ, XDG_DATA_HOME=tmp, XDG_DATA_DIRS=tmp)
        samples = {
            "ai-cloud.strata.json": STACK_TYPE,
            "AI-CLOUD.STRATA.JSON": STACK_TYPE,
            "plain.json": "application/json",
        }
        for name, expected in samples.items():
            path = os.path.join(tmp, name)
            with open(path, "w", encoding="utf-8") as f:
                f.write('{"format": "strata-stack"}\n')
            got = content_type(gio, env, path)
            print(f"{name}: {got}")
            if got is not None and got != expected:
                error(f"{name} resolves to {got}, expected {expected}")

        check_default_app(tmp, desktop, update_desktop, gio, args.strata)

    for e in errors:
        print("error: " + e)
    if errors:
        sys.exit(f"check-mime: {len(errors)} error(s)")
    print("ok: *.strata.json resolves to " + STACK_TYPE)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Flatpak policy and app id consistency check.

The manifest may grant only what Strata needs: --share=ipc,
--socket=fallback-x11, --socket=wayland and --device=dri.  No filesystem
(files come through portals), no network, no session or system bus access.

Every file must agree on the app id: the manifest, the desktop file, the
metainfo, the icons, the GSettings schema id and path, the MIME definition,
the top-level meson.build (APP_ID and RESOURCE_BASE in config.h), the
GResource prefixes under ui/ and app/, and every app-id-like string in the
sources.
"""

import json
import os
import re
import sys
import xml.etree.ElementTree as ET

ALLOWED_FINISH_ARGS = ["--share=ipc", "--socket=fallback-x11",
                       "--socket=wayland", "--device=dri"]
FORBIDDEN_PREFIXES = {
    "--filesystem": "filesystem access (use portals)",
    "--share=network": "network access",
    "--socket=session-bus": "the whole session bus",
    "--socket=system-bus": "the whole system bus",
    "--talk-name": "a session bus name",
    "--own-name": "a session bus name",
    "--system-talk-name": "a system bus name",
    "--system-own-name": "a system bus name",
    "--socket=x11": "X11 without Wayland (use fallback-x11)",
    "--device=all": "all devices",
    "--persist": "a persistent home folder",
}
SKIP_DIRS = {".git", ".flatpak-builder", "flatpak-build", "repo", "subprojects"}
SOURCE_EXTS = (".c", ".h", ".xml", ".in", ".ui", ".json", ".build", ".desktop",
               ".py", ".md", ".css", ".txt", ".sh")

errors = []


def error(msg):
    errors.append(msg)


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def check_manifest(root, app_id):
    path = os.path.join(root, "flatpak", app_id + ".json")
    if not os.path.isfile(path):
        error(f"manifest {path} not found (its name must be the app id)")
        return
    m = json.loads(read(path))
    mid = m.get("id", m.get("app-id"))
    if mid != app_id:
        error(f"manifest id {mid!r} is not {app_id}")
    if m.get("command") != "strata":
        error(f"manifest command {m.get('command')!r} is not strata")
    if m.get("runtime") != "org.gnome.Platform" or m.get("sdk") != "org.gnome.Sdk":
        error("runtime/sdk must be org.gnome.Platform/org.gnome.Sdk")
    rv = str(m.get("runtime-version", ""))
    if not rv.isdigit() or int(rv) < 50:
        error(f"runtime-version {rv!r}: GNOME 50 is the floor")

    args = m.get("finish-args", [])
    for a in args:
        for prefix, what in FORBIDDEN_PREFIXES.items():
            if a == prefix or a.startswith(prefix + "=") or a.startswith(prefix + ":") \
                    or (prefix.count("=") and a.startswith(prefix)):
                error(f"finish-arg {a} grants {what}")
    if sorted(args) != sorted(ALLOWED_FINISH_ARGS) or len(set(args)) != len(args):
        error(f"finish-args are {args}, expected exactly {ALLOWED_FINISH_ARGS}")

    def walk(modules, where):
        for mod in modules:
            if isinstance(mod, str):
                error(f"{where}: external module file {mod} is not expected")
                continue
            name = mod.get("name", "?")
            bo = mod.get("build-options", {})
            if "--share=network" in bo.get("build-args", []):
                error(f"module {name} builds with network access")
            walk(mod.get("modules", []), f"module {name}")

    walk(m.get("modules", []), "manifest")
    if "--share=network" in m.get("build-options", {}).get("build-args", []):
        error("the manifest builds with network access")
    names = [mod.get("name") for mod in m.get("modules", []) if isinstance(mod, dict)]
    if names[-1:] != ["strata"]:
        error(f"the last module must be strata, modules are {names}")


def check_desktop(root, app_id):
    path = os.path.join(root, "data", app_id + ".desktop.in")
    if not os.path.isfile(path):
        error(f"{path} not found")
        return
    keys = {}
    for line in read(path).splitlines():
        if "=" in line and not line.startswith("#"):
            k, v = line.split("=", 1)
            keys[k.strip()] = v.strip()
    if keys.get("Icon") != app_id:
        error(f"desktop Icon={keys.get('Icon')} is not {app_id}")
    if keys.get("Exec", "").split(" ")[0] != "strata":
        error(f"desktop Exec={keys.get('Exec')} does not run strata")
    if "DBusActivatable" in keys:
        error("desktop file says DBusActivatable but the app has no D-Bus service file")


def check_metainfo(root, app_id):
    path = os.path.join(root, "data", app_id + ".metainfo.xml.in")
    if not os.path.isfile(path):
        error(f"{path} not found")
        return
    m = ET.parse(path).getroot()
    if (m.findtext("id") or "").strip() != app_id:
        error(f"metainfo <id> is not {app_id}")
    launch = [(e.text or "").strip() for e in m.findall("launchable")]
    if launch != [app_id + ".desktop"]:
        error(f"metainfo launchable {launch} is not {app_id}.desktop")


def check_schema(root, app_id, path_expected):
    path = os.path.join(root, "data", app_id + ".gschema.xml")
    if not os.path.isfile(path):
        error(f"{path} not found")
        return
    schemas = ET.parse(path).getroot().findall("schema")
    if len(schemas) != 1:
        error(f"expected one schema, found {len(schemas)}")
        return
    s = schemas[0]
    if s.get("id") != app_id:
        error(f"schema id {s.get('id')} is not {app_id}")
    if s.get("path") != path_expected + "/":
        error(f"schema path {s.get('path')} is not {path_expected}/")


def check_files_exist(root, app_id):
    for rel in (f"data/{app_id}.mime.xml",
                f"icons/hicolor/scalable/apps/{app_id}.svg",
                f"icons/hicolor/symbolic/apps/{app_id}-symbolic.svg"):
        if not os.path.isfile(os.path.join(root, rel)):
            error(f"{rel} not found")


def check_gresources(root, resource_base):
    for top in ("ui", "app"):
        for dirpath, dirs, files in os.walk(os.path.join(root, top)):
            for f in files:
                if not f.endswith(".gresource.xml"):
                    continue
                p = os.path.join(dirpath, f)
                for r in ET.parse(p).getroot().findall("gresource"):
                    prefix = (r.get("prefix") or "").rstrip("/")
                    if prefix != resource_base and \
                            not prefix.startswith(resource_base + "/"):
                        error(f"{os.path.relpath(p, root)}: prefix {prefix} is "
                              f"not under {resource_base}")


def check_sources(root, app_id, resource_base):
    """Every app-id-like string in the tree must be this app id."""
    org = app_id.rsplit(".", 1)[0]
    id_re = re.compile(re.escape(org) + r"\.[A-Za-z][A-Za-z0-9_]*")
    path_re = re.compile(re.escape("/" + org.replace(".", "/")) + r"/[A-Za-z][A-Za-z0-9_]*")
    for dirpath, dirs, files in os.walk(root):
        rel_dir = os.path.relpath(dirpath, root)
        dirs[:] = [d for d in dirs if d not in SKIP_DIRS
                   and not (rel_dir == "." and d.startswith("build"))
                   and not d.startswith("_")]
        for f in files:
            if not f.endswith(SOURCE_EXTS):
                continue
            p = os.path.join(dirpath, f)
            try:
                text = read(p)
            except (UnicodeDecodeError, OSError):
                continue
            for m in id_re.finditer(text):
                if m.group(0) != app_id:
                    error(f"{os.path.relpath(p, root)}: {m.group(0)} is not {app_id}")
            for m in path_re.finditer(text):
                if m.group(0) != resource_base:
                    error(f"{os.path.relpath(p, root)}: {m.group(0)} is not {resource_base}")


def check_gui_code(root):
    """The GApplication id and the GSettings schema come from APP_ID."""
    gui = os.path.join(root, "app", "gui")
    if not os.path.isdir(gui):
        return
    app_id_set = False
    app_sources = []
    calls = re.compile(r"(?:adw|gtk|g)_application_new\s*\(\s*([^,\s]+)"
                       r"|\"application-id\"\s*,\s*([^,\s)]+)"
                       r"|g_application_set_application_id\s*\([^,]+,\s*([^)\s]+)"
                       r"|g_settings_new\s*\(\s*([^)\s]+)")
    for f in sorted(os.listdir(gui)):
        if not f.endswith(".c"):
            continue
        if "application" in f:
            app_sources.append(f)
        for m in calls.finditer(read(os.path.join(gui, f))):
            arg = next(g for g in m.groups() if g)
            if arg != "APP_ID":
                error(f"app/gui/{f}: {m.group(0).strip()} should use APP_ID")
            elif "g_settings_new" not in m.group(0):
                app_id_set = True
    if app_sources and not app_id_set:
        error(f"{', '.join(app_sources)} never set the application id to APP_ID")


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: check-app-id.py SOURCE_ROOT")
    root = sys.argv[1]

    top = read(os.path.join(root, "meson.build"))
    m = re.search(r"^app_id\s*=\s*'([^']+)'", top, re.M)
    r = re.search(r"^resource_base\s*=\s*'([^']+)'", top, re.M)
    if not m or not r:
        sys.exit("check-app-id: app_id or resource_base not found in meson.build")
    app_id, resource_base = m.group(1), r.group(1)
    if "config_h.set_quoted('APP_ID', app_id)" not in top:
        error("meson.build does not put app_id into config.h as APP_ID")
    path_expected = "/" + app_id.replace(".", "/")
    if resource_base != path_expected:
        error(f"resource_base {resource_base} is not {path_expected}")
    if not re.fullmatch(r"[a-z][a-z0-9]*(\.[a-z][a-z0-9_]*)+\.[A-Z][A-Za-z0-9]*", app_id):
        error(f"app id {app_id} is not reverse-DNS")

    check_manifest(root, app_id)
    check_desktop(root, app_id)
    check_metainfo(root, app_id)
    check_schema(root, app_id, path_expected)
    check_files_exist(root, app_id)
    check_gresources(root, resource_base)
    check_sources(root, app_id, resource_base)
    check_gui_code(root)

    for e in errors:
        print("error: " + e)
    if errors:
        sys.exit(f"check-app-id: {len(errors)} error(s)")
    print(f"ok: every file agrees on {app_id}; the manifest grants only "
          + " ".join(ALLOWED_FINISH_ARGS))


if __name__ == "__main__":
    main()

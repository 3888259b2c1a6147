#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Validate the AppStream metainfo as strictly as Flathub does.

Runs `appstreamcli validate --no-net --explain --strict` on the metainfo and
`appstreamcli validate-tree` on a staged install tree (metainfo, desktop file
and icon), with the severity overrides Flathub's linter applies
(flatpak-builder-lint, appstream.py) plus a few more turned into errors.

Only raising overrides are applied: with --strict any info fails anyway, and
0.16 refuses to lower an error.  Overrides for tags this appstreamcli does not know are dropped and listed:
older releases (Debian 12 ships 0.16.1) reject an unknown tag in --override.
AppStream < 1.0 does not know <developer>; it is removed from the copy given
to those releases, and check-metainfo.py checks it instead.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

# Flathub's overrides (flatpak-builder-lint), then our additions.
FLATHUB_OVERRIDES = {
    "all-categories-ignored": "error",
    "category-invalid": "error",
    "cid-desktopapp-is-not-rdns": "error",
    "cid-domain-not-lowercase": "info",
    "cid-has-number-prefix": "error",
    "cid-missing-affiliation-gnome": "error",
    "cid-rdns-contains-hyphen": "error",
    "component-name-too-long": "info",
    "content-rating-missing": "error",
    "description-has-plaintext-url": "info",
    "desktop-app-launchable-omitted": "error",
    "desktop-file-not-found": "error",
    "developer-id-invalid": "info",
    "developer-id-missing": "error",
    "invalid-child-tag-name": "error",
    "metainfo-filename-cid-mismatch": "error",
    "metainfo-legacy-path": "error",
    "metainfo-multiple-components": "error",
    "name-has-dot-suffix": "error",
    "releases-info-missing": "error",
    "summary-too-long": "info",
    "unknown-tag": "error",
}
EXTRA_OVERRIDES = {
    "app-categories-missing": "error",
    "branding-color-invalid": "error",
    "desktop-app-launchable-missing": "error",
    "releases-not-in-order": "error",
    "release-time-missing": "error",
    "screenshot-default-missing": "error",
    "screenshot-no-caption": "error",
    "screenshot-media-url-not-secure": "error",
    "spdx-license-unknown": "error",
    "url-not-secure": "error",
}


def fail(msg):
    sys.exit("validate-appstream: " + msg)


def appstream_version(cli):
    out = subprocess.run([cli, "--version"], capture_output=True, text=True,
                         check=False).stdout
    m = re.search(r"(\d+)\.(\d+)(?:\.(\d+))?", out)
    if not m:
        fail(f"cannot read the AppStream version from {out!r}")
    return tuple(int(x or 0) for x in m.groups())


def known_tags(cli, probe_file, tags):
    """Tags this appstreamcli accepts in --override."""
    known, unknown = [], []
    for tag in tags:
        res = subprocess.run([cli, "validate", "--no-net",
                              f"--override={tag}=error", probe_file],
                             capture_output=True, text=True, check=False)
        if "not recognized" in res.stdout + res.stderr:
            unknown.append(tag)
        else:
            known.append(tag)
    return known, unknown


def strip_developer(text):
    stripped, n = re.subn(r"\s*<developer\b[^>]*>.*?</developer>", "", text,
                          flags=re.S)
    if n != 1:
        fail(f"expected one <developer> element, found {n}")
    return stripped


def run(cmd):
    print("$ " + " ".join(cmd), flush=True)
    res = subprocess.run(cmd, capture_output=True, text=True, check=False)
    sys.stdout.write(res.stdout)
    sys.stdout.write(res.stderr)
    return res.returncode


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--metainfo", required=True)
    ap.add_argument("--desktop", required=True)
    ap.add_argument("--icon", required=True)
    args = ap.parse_args()

    cli = shutil.which("appstreamcli")
    if cli is None:
        fail("appstreamcli not found (Debian package: appstream)")

    version = appstream_version(cli)
    print("AppStream " + ".".join(map(str, version)))

    with open(args.metainfo, encoding="utf-8") as f:
        text = f.read()
    if version < (1, 0, 0):
        print("note: AppStream < 1.0 does not know <developer>; it is "
              "checked by check-metainfo.py")
        text = strip_developer(text)

    base = os.path.basename(args.metainfo)
    with tempfile.TemporaryDirectory() as tmp:
        # Staged tree as it is installed, for validate-tree.
        share = os.path.join(tmp, "usr", "share")
        meta_dir = os.path.join(share, "metainfo")
        apps_dir = os.path.join(share, "applications")
        icon_dir = os.path.join(share, "icons", "hicolor", "scalable", "apps")
        for d in (meta_dir, apps_dir, icon_dir):
            os.makedirs(d)
        metainfo = os.path.join(meta_dir, base)
        with open(metainfo, "w", encoding="utf-8") as f:
            f.write(text)
        shutil.copy(args.desktop, apps_dir)
        shutil.copy(args.icon, icon_dir)

        # Only the raises: we run with --strict, so Flathub's downgrades to
        # "info" would still fail, and 0.16 refuses to downgrade errors.
        overrides = {t: s for t, s in
                     dict(FLATHUB_OVERRIDES, **EXTRA_OVERRIDES).items()
                     if s == "error"}
        known, unknown = known_tags(cli, metainfo, overrides)
        if unknown:
            print("note: this appstreamcli does not know these tags, not "
                  "overridden: " + ", ".join(unknown))
        if "unknown-tag" not in known or "content-rating-missing" not in known:
            fail("this appstreamcli does not know the basic issue tags")
        override = "--override=" + ",".join(f"{t}={overrides[t]}"
                                            for t in known)

        rc = run([cli, "validate", "--no-net", "--explain", "--strict",
                  override, metainfo])
        rc_tree = run([cli, "validate-tree", "--no-net", "--explain",
                       "--strict", override, tmp])

    if rc != 0 or rc_tree != 0:
        fail(f"validation failed (validate: {rc}, validate-tree: {rc_tree})")
    print("ok: metainfo and staged tree pass with Flathub's overrides")


if __name__ == "__main__":
    main()

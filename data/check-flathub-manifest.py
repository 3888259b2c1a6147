#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks the Flathub submission manifest against the development one.

flatpak/io.github.stratadash.Strata.json builds from the working tree
("type": "dir", for development); Flathub builds only from pinned sources.
flatpak/flathub/<app id>.json must:
  - be the development manifest except for the app's own sources (same id,
    runtime, sdk, command, finish-args, cleanup and modules), so the two
    never drift apart;
  - fetch every module from a git source pinned to a tag and a full commit,
    or from an archive with a sha256, never from a "dir";
  - pin the app to the tag v<project version>; when that tag exists in the
    local repository it must name the pinned commit.
Usage: check-flathub-manifest.py DEV_MANIFEST FLATHUB_MANIFEST VERSION [GIT_DIR]
"""
import json
import re
import subprocess
import sys


def fail(msg):
    sys.exit(f"{sys.argv[2]}: {msg}")


def git(git_dir, *args):
    """The output of git in @git_dir, or None when it fails."""
    r = subprocess.run(["git", "-C", git_dir, *args], capture_output=True, text=True)
    return r.stdout.strip() if r.returncode == 0 else None


def main():
    dev_path, hub_path, version = sys.argv[1:4]
    git_dir = sys.argv[4] if len(sys.argv) > 4 else None
    dev = json.load(open(dev_path, encoding="utf-8"))
    hub = json.load(open(hub_path, encoding="utf-8"))

    for key in ("id", "runtime", "runtime-version", "sdk", "command", "finish-args", "cleanup"):
        if dev.get(key) != hub.get(key):
            fail(f"{key} differs from the development manifest: {hub.get(key)!r} != {dev.get(key)!r}")
    dev_mods = {m["name"]: m for m in dev["modules"]}
    hub_mods = {m["name"]: m for m in hub["modules"]}
    if list(dev_mods) != list(hub_mods):
        fail(f"modules differ: {list(hub_mods)} != {list(dev_mods)}")

    for name, mod in hub_mods.items():
        other = {k: v for k, v in mod.items() if k != "sources"}
        dev_other = {k: v for k, v in dev_mods[name].items() if k != "sources"}
        if other != dev_other:
            fail(f"module {name} differs from the development manifest beyond its sources")
        if not mod.get("sources"):
            fail(f"module {name} has no sources")
        for src in mod["sources"]:
            kind = src.get("type")
            if kind == "git":
                if not src.get("url", "").startswith("https://"):
                    fail(f"module {name}: a git source needs an https url")
                if not re.fullmatch(r"[0-9a-f]{40}", src.get("commit", "")):
                    fail(f"module {name}: a git source needs a full 40-hex commit")
                if not src.get("tag"):
                    fail(f"module {name}: a git source needs a tag")
            elif kind == "archive":
                if not re.fullmatch(r"[0-9a-f]{64}", src.get("sha256", "")):
                    fail(f"module {name}: an archive needs its sha256")
            else:
                fail(f"module {name}: source type {kind!r} cannot be submitted to Flathub (git with tag and commit, or archive with sha256)")

    app = hub_mods.get("strata")
    if app is None:
        fail("no strata module")
    src = app["sources"][0]
    if src.get("type") == "git":
        if src.get("tag") != f"v{version}":
            fail(f"the app is pinned to tag {src.get('tag')!r}, the project version is {version} (tag v{version})")
        if git_dir and git(git_dir, "rev-parse", "--is-shallow-repository") == "false":
            # A full clone has every commit of the history: the pinned one
            # must be one of them, and the tag, when it exists, must name it.
            if git(git_dir, "rev-parse", "-q", "--verify", f"{src['commit']}^{{commit}}") is None:
                fail(f"the pinned commit {src['commit']} is not a commit of {git_dir}")
            tagged = git(git_dir, "rev-parse", "-q", "--verify", f"refs/tags/v{version}^{{commit}}")
            if tagged is not None and tagged != src["commit"]:
                fail(f"tag v{version} is {tagged}, the manifest pins {src['commit']}")
    print(f"{hub_path}: ok")


if __name__ == "__main__":
    main()

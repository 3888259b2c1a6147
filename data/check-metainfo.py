#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check what appstreamcli 0.16 cannot see in the metainfo, as Flathub does.

Developer id and name, a light and dark branding colour pair, at least three
screenshots each with exactly one caption and an image that exists in
data/screenshots, one default screenshot listed first, releases dated, not in
the future, newest first and with notes, the latest one matching the project
version, the summary length, and the launchable, URLs, content rating,
provides and device support entries.
"""

import argparse
import datetime
import os
import re
import struct
import sys
import xml.etree.ElementTree as ET

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SCREENSHOT_BASE = ("https://raw.githubusercontent.com/stratadash/strata/main/"
                   "data/screenshots/")

errors = []


def error(msg):
    errors.append(msg)


def untranslated(parent, tag):
    return [e for e in parent.findall(tag) if XML_LANG not in e.attrib]


def text_of(elem):
    return "".join(elem.itertext()).strip() if elem is not None else ""


def version_key(v):
    return [int(x) if x.isdigit() else x for x in re.split(r"[.\-~]", v)]


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    if len(head) < 24 or head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        return None
    return struct.unpack(">II", head[16:24])


def luminance(hex_colour):
    rgb = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
           for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(l1, l2):
    hi, lo = max(l1, l2), min(l1, l2)
    return (hi + 0.05) / (lo + 0.05)


def check_summary(root):
    summaries = untranslated(root, "summary")
    if len(summaries) != 1:
        error(f"expected one <summary>, found {len(summaries)}")
        return
    s = text_of(summaries[0])
    if not 10 <= len(s) <= 35:
        error(f"summary is {len(s)} characters, Flathub wants 10-35: {s!r}")
    if s.endswith("."):
        error("summary ends with a dot")
    names = untranslated(root, "name")
    if len(names) != 1 or not text_of(names[0]):
        error("expected one non-empty <name>")


def check_developer(root):
    devs = root.findall("developer")
    if len(devs) != 1:
        error(f"expected one <developer>, found {len(devs)}")
        return
    dev_id = devs[0].get("id", "")
    if not re.fullmatch(r"[a-z0-9\-]+(\.[a-zA-Z0-9_\-]+)+", dev_id):
        error(f"<developer> needs a reverse-DNS id attribute, got {dev_id!r}")
    names = untranslated(devs[0], "name")
    if len(names) != 1 or not text_of(names[0]):
        error("<developer> needs exactly one non-empty <name>")


def check_branding(root):
    colours = {}
    for c in root.findall("branding/color"):
        if c.get("type") != "primary":
            error(f"branding colour of type {c.get('type')!r}, expected primary")
            continue
        scheme = c.get("scheme_preference")
        value = (c.text or "").strip()
        if not re.fullmatch(r"#[0-9a-fA-F]{6}", value):
            error(f"branding colour {value!r} is not #rrggbb")
            continue
        if scheme in colours:
            error(f"two branding colours for scheme {scheme!r}")
        colours[scheme] = value
    if set(colours) != {"light", "dark"}:
        error("branding needs one primary colour for scheme_preference "
              f"light and one for dark, found {sorted(map(str, colours))}")
        return
    light, dark = luminance(colours["light"]), luminance(colours["dark"])
    if light <= dark:
        error("the light branding colour is darker than the dark one")
    # The store draws dark text on the light colour, light text on the dark.
    if contrast(light, 0.0) < 4.5:
        error(f"dark text on {colours['light']} has contrast "
              f"{contrast(light, 0.0):.1f} < 4.5")
    if contrast(dark, 1.0) < 4.5:
        error(f"white text on {colours['dark']} has contrast "
              f"{contrast(dark, 1.0):.1f} < 4.5")


def check_screenshots(root, screenshots_dir, require_files):
    shots = root.findall("screenshots/screenshot")
    if len(shots) < 3:
        error(f"{len(shots)} screenshots, at least 3 wanted")
    defaults = [i for i, s in enumerate(shots) if s.get("type") == "default"]
    if defaults != [0]:
        error(f"exactly the first screenshot must be the default, found {defaults}")
    seen = set()
    for i, shot in enumerate(shots, 1):
        captions = untranslated(shot, "caption")
        if len(captions) != 1:
            error(f"screenshot {i} has {len(captions)} captions, exactly one wanted")
        else:
            cap = text_of(captions[0])
            if not cap or len(cap) > 100:
                error(f"screenshot {i} caption is empty or over 100 characters")
            if cap.endswith("."):
                error(f"screenshot {i} caption ends with a dot")
        images = shot.findall("image")
        if len(images) != 1:
            error(f"screenshot {i} has {len(images)} images, one wanted")
            continue
        url = (images[0].text or "").strip()
        if url in seen:
            error(f"screenshot {i} repeats {url}")
        seen.add(url)
        if not url.startswith(SCREENSHOT_BASE) or not url.endswith(".png"):
            error(f"screenshot {i} URL {url} is not a PNG under {SCREENSHOT_BASE}")
            continue
        local = os.path.join(screenshots_dir, url[len(SCREENSHOT_BASE):])
        if not os.path.isfile(local):
            if require_files:
                error(f"screenshot {i}: {local} does not exist (taken from the app)")
            else:
                print(f"WARNING: screenshot {i}: {local} does not exist yet")
            continue
        size = png_size(local)
        if size is None:
            error(f"screenshot {i}: {local} is not a PNG")
        elif size[0] < 800 or size[1] < 500:
            error(f"screenshot {i}: {local} is {size[0]}x{size[1]}, too small")
        else:
            declared = (images[0].get("width"), images[0].get("height"))
            if declared != (None, None) and declared != tuple(map(str, size)):
                error(f"screenshot {i} declares {declared[0]}x{declared[1]}, "
                      f"{local} is {size[0]}x{size[1]}")


def check_releases(root, project_version, today):
    releases = root.findall("releases/release")
    if not releases:
        error("no releases")
        return
    dates = []
    for r in releases:
        v, d = r.get("version"), r.get("date")
        if not v or not d:
            error("every release needs a version and a date")
            return
        try:
            date = datetime.date.fromisoformat(d)
        except ValueError:
            error(f"release {v}: date {d!r} is not YYYY-MM-DD")
            return
        if date > today:
            error(f"release {v} is dated {d}, in the future (today is {today})")
        notes = r.find("description")
        if notes is None or len(text_of(notes)) < 20:
            error(f"release {v} has no real release notes")
        dates.append((date, version_key(v), v))
    if dates != sorted(dates, reverse=True):
        error("releases are not sorted newest first")
    if len({v for _, _, v in dates}) != len(dates):
        error("a release version is listed twice")
    if project_version and dates[0][2] != project_version:
        error(f"latest release {dates[0][2]} is not the project version "
              f"{project_version}")


def check_rest(root, app_id, license_id):
    if root.get("type") != "desktop-application":
        error("component type is not desktop-application")
    if text_of(root.find("id")) != app_id:
        error(f"<id> is not {app_id}")
    if text_of(root.find("metadata_license")) != "CC0-1.0":
        error("metadata_license is not CC0-1.0")
    if license_id and text_of(root.find("project_license")) != license_id:
        error(f"project_license is not {license_id}")
    launchables = [text_of(e) for e in root.findall("launchable")
                   if e.get("type") == "desktop-id"]
    if launchables != [app_id + ".desktop"]:
        error(f"launchable desktop-id should be {app_id}.desktop, got {launchables}")
    urls = {e.get("type"): text_of(e) for e in root.findall("url")}
    for kind in ("homepage", "bugtracker"):
        if not urls.get(kind, "").startswith("https://"):
            error(f"missing https <url type=\"{kind}\">")
    rating = root.find("content_rating")
    if rating is None or rating.get("type") != "oars-1.1":
        error("missing <content_rating type=\"oars-1.1\">")
    binaries = {text_of(e) for e in root.findall("provides/binary")}
    for b in ("strata", "strata-cli"):
        if b not in binaries:
            error(f"<provides> lacks <binary>{b}</binary>")
    lengths = root.findall("requires/display_length") + \
        root.findall("recommends/display_length")
    if not lengths:
        error("no display_length in <requires> or <recommends>")
    for e in lengths:
        if not text_of(e).isdigit() or int(text_of(e)) < 360:
            error(f"display_length {text_of(e)!r} is not a length >= 360")
    controls = {text_of(e) for p in ("requires", "recommends", "supports")
                for e in root.findall(p + "/control")}
    for c in ("keyboard", "pointing"):
        if c not in controls:
            error(f"control {c} is not declared")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("metainfo")
    ap.add_argument("--screenshots", required=True,
                    help="folder holding the screenshot PNGs")
    ap.add_argument("--require-screenshots", action="store_true",
                    help="fail when a screenshot PNG is missing")
    ap.add_argument("--app-id", default="io.github.stratadash.Strata")
    ap.add_argument("--version", default="", help="project version")
    ap.add_argument("--license", default="", help="project license (SPDX)")
    args = ap.parse_args()

    try:
        root = ET.parse(args.metainfo).getroot()
    except (OSError, ET.ParseError) as e:
        sys.exit(f"check-metainfo: cannot read {args.metainfo}: {e}")

    today = datetime.datetime.now(datetime.timezone.utc).date()
    check_summary(root)
    check_developer(root)
    check_branding(root)
    check_screenshots(root, args.screenshots, args.require_screenshots)
    check_releases(root, args.version, today)
    check_rest(root, args.app_id, args.license)

    for e in errors:
        print("error: " + e)
    if errors:
        sys.exit(f"check-metainfo: {len(errors)} error(s) in {args.metainfo}")
    print(f"ok: {args.metainfo}")


if __name__ == "__main__":
    main()

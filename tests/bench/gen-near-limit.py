#!/usr/bin/env python3
# gen-near-limit.py
#
# Copyright 2026 The Strata authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# A valid dataset near the documented limits (README, "Limits"), the shape
# of issue 16's freeze: 1,000 layers x 40 options, links among 20 layers
# (the limit of linked layers), 1,024 named strategies, learning curves,
# floors, fixed costs and ecosystem values over volumes 1e3 to 1e12.
# Seeded: the same file every run.
#
#   tests/bench/gen-near-limit.py [--layers N] [--options N]
#       [--strategies N] [--linked N] [--seed S] [--uncertain] > near-limit.json
#
# --uncertain makes every supplier_cost and unit_cost uncertain, from 0.8
# to 1.3 times its value (the Monte Carlo's benches); the other numbers
# are the same as without it.

import argparse
import json
import random
import sys


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--layers", type=int, default=1000)
    ap.add_argument("--options", type=int, default=40)
    ap.add_argument("--strategies", type=int, default=1024)
    ap.add_argument("--linked", type=int, default=20)
    ap.add_argument("--seed", type=int, default=16)
    ap.add_argument("--uncertain", action="store_true")
    ap.add_argument("--all-pairs", action="store_true")
    a = ap.parse_args()
    rnd = random.Random(a.seed)

    layers = []
    for i in range(a.layers):
        options = []
        for j in range(a.options):
            if (i + j) % 2 == 0:
                o = {"id": "n%d" % j, "mode": "neutral",
                     "supplier_cost": round(rnd.uniform(0.05, 1.0), 6),
                     "margin": round(rnd.uniform(0.2, 0.8), 4)}
            else:
                o = {"id": "i%d" % j, "mode": "integrated",
                     "unit_cost": round(rnd.uniform(0.1, 3.0), 6),
                     "learning_rate": round(rnd.uniform(0.05, 0.3), 4),
                     "reference_volume": float("%.4g" % (10 ** rnd.uniform(4, 10))),
                     "floor_cost": round(rnd.uniform(0, 0.05), 6)}
            o["fixed_cost"] = float("%.4g" % (10 ** rnd.uniform(3, 9)))
            if rnd.random() < 0.3:
                o["ecosystem_value"] = round(rnd.uniform(0, 0.2), 4)
            options.append(o)
        layers.append({"id": "l%d" % i, "options": options})

    if a.uncertain:
        for layer in layers:
            for o in layer["options"]:
                for key in ("supplier_cost", "unit_cost"):
                    if key in o:
                        v = o[key]
                        o[key] = {"value": v, "low": v * 0.8, "high": v * 1.3}

    step = max(1, a.layers // max(1, a.linked))
    linked = [k * step for k in range(a.linked)]
    links = []
    for k in range(len(linked) - 1):
        links.append({"from": "l%d" % linked[k], "to": "l%d" % linked[k + 1],
                      "saving": round(rnd.uniform(0.05, 0.4), 3)})
    if len(linked) > 2:
        links.append({"from": "l%d" % linked[-1], "to": "l%d" % linked[0], "saving": 0.1})
    if a.all_pairs:
        chained = {(l["from"], l["to"]) for l in links}
        for f in linked:
            for t in linked:
                pair = ("l%d" % f, "l%d" % t)
                if f != t and pair not in chained:
                    links.append({"from": pair[0], "to": pair[1],
                                  "saving": round(rnd.uniform(0.005, 0.05), 4)})

    strategies = []
    for s in range(a.strategies):
        choices = {}
        for _ in range(20):
            i = rnd.randrange(a.layers)
            choices["l%d" % i] = layers[i]["options"][rnd.randrange(a.options)]["id"]
        strategies.append({"id": "s%d" % s, "name": "Strategy %d" % s, "choices": choices})

    dataset = {
        "format": "strata-stack/1",
        "title": "Near-limit stack (generated)",
        "unit": "units",
        "currency": "USD",
        "price": 400,
        "volume": {"min": 1e3, "max": 1e12, "default": 1e8},
        "boundary_cost": 0.01,
        "layers": layers,
        "links": links,
        "strategies": strategies,
    }
    json.dump(dataset, sys.stdout, separators=(",", ":"))
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()

#!/usr/bin/python3
# bench-montecarlo-numpy.py
#
# Copyright 2026 The Strata authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
"""The peer of bench-montecarlo: the same Monte Carlo (MODEL.md section 6)
written the way an analyst would write it with numpy, vectorised over the
draws and the volumes.  Per dataset: N triangular draws of every uncertain
number (once per draw), the objective's cost of every preset and dataset
strategy and of the optimum (every combination of options, the least per
draw and volume) at V log-spaced volumes, P10/P50/P90 per strategy and
volume, P(A cheaper than each strategy), the share of draws whose optimum
integrates each layer, and the first break-even volume of A and B in each
draw (sign change on the grid, then 35 steps of bisection in log V) with
its P10/P50/P90.

Usage: bench-montecarlo-numpy.py [--draws N] [--points N] [--runs N] [FILE...]
Needs numpy (Debian: python3-numpy).  It draws its own random numbers, so
its figures agree with strata's statistically, not to the bit.
"""

import argparse
import itertools
import json
import os
import sys
import time

import numpy as np

FIELDS = ["supplier_cost", "price", "margin", "unit_cost", "learning_rate",
          "reference_volume", "floor_cost", "fixed_cost", "ecosystem_value"]


def number(rng, n, x, default=0.0):
    """A field as an array of n draws (or a scalar when it is certain)."""
    if x is None:
        return default
    if isinstance(x, dict):
        lo, mode, hi = x["low"], x["value"], x["high"]
        if hi > lo:
            return rng.triangular(lo, mode, hi, size=n)
        return mode
    return float(x)


def load(path, rng, n):
    d = json.load(open(path))
    vmin = d["volume"]["min"]
    layers = []
    for layer in d["layers"]:
        opts = []
        for o in layer["options"]:
            f = {k: number(rng, n, o.get(k)) for k in FIELDS}
            if "reference_volume" not in o:
                f["reference_volume"] = vmin
            f["integrated"] = o["mode"] == "integrated"
            if not f["integrated"]:
                f["price"] = (number(rng, n, o["price"]) if "price" in o
                              else f["supplier_cost"] / (1 - f["margin"]))
            opts.append(f)
        iface = layer.get("boundary_cost", d.get("boundary_cost", 0.0))
        layers.append({"id": layer["id"], "options": opts, "iface": iface,
                       "index": {o["id"]: j for j, o in enumerate(layer["options"])}})
    ids = [l["id"] for l in layers]
    links = [(ids.index(k["from"]), ids.index(k["to"]), number(rng, n, k["saving"]))
             for k in d.get("links", [])]
    strategies = {"all-neutral": [next((j for j, o in enumerate(l["options"]) if not o["integrated"]), 0)
                                  for l in layers],
                  "all-integrated": [next((j for j, o in enumerate(l["options"]) if o["integrated"]), 0)
                                     for l in layers],
                  "optimal": None}
    for s in d.get("strategies", []):
        strategies[s["id"]] = [l["index"].get(s["choices"].get(l["id"]), 0) for l in layers]
    return d, layers, links, strategies


def cost(layers, links, choices, v):
    """Effective unit cost of choices (one option per layer) at volumes v
    (shape draws x volumes, or broadcastable)."""
    n = len(layers)
    factor = [1.0] * n
    for a, b, s in links:
        if layers[a]["options"][choices[a]]["integrated"] and layers[b]["options"][choices[b]]["integrated"]:
            factor[b] = factor[b] * (1 - np.asarray(s)[..., None])
    total = 0.0
    for i, l in enumerate(layers):
        o = l["options"][choices[i]]
        if o["integrated"]:
            expo = np.log2(1 - np.asarray(o["learning_rate"]))[..., None]
            var = np.asarray(o["unit_cost"])[..., None] * (v / np.asarray(o["reference_volume"])[..., None]) ** expo
            var = np.maximum(np.asarray(o["floor_cost"])[..., None], var) * factor[i]
        else:
            var = np.asarray(o["price"])[..., None]
        total = total + var + np.asarray(o["fixed_cost"])[..., None] / v - np.asarray(o["ecosystem_value"])[..., None]
        if i + 1 < n:
            up = layers[i + 1]["options"][choices[i + 1]]
            if not (o["integrated"] and up["integrated"]):
                total = total + l["iface"]
    return total


def run(path, n, points, seed):
    rng = np.random.default_rng(seed)
    d, layers, links, strategies = load(path, rng, n)
    vmin, vmax = d["volume"]["min"], d["volume"]["max"]
    volumes = np.geomspace(vmin, vmax, points)
    v = np.broadcast_to(volumes, (n, points))
    combos = list(itertools.product(*[range(len(l["options"])) for l in layers]))
    # The optimum: every combination, least per draw and volume.
    all_costs = np.stack([cost(layers, links, c, v) for c in combos])
    best = np.argmin(all_costs, axis=0)
    optimum = np.take_along_axis(all_costs, best[None], axis=0)[0]
    integ = np.array([[l["options"][c[i]]["integrated"] for i, l in enumerate(layers)] for c in combos])
    layer_share = integ[best].mean(axis=0)            # volumes x layers
    costs = {}
    for sid, choices in strategies.items():
        costs[sid] = optimum if choices is None else cost(layers, links, choices, v)
    pct = {sid: np.percentile(c, [10, 50, 90], axis=0) for sid, c in costs.items()}
    own = [s["id"] for s in d.get("strategies", [])]
    a, b = "all-neutral", (own[0] if own else "all-integrated")
    ca = costs[a]
    cheaper = {sid: (ca < c - 1e-12 * (abs(ca) + abs(c))).mean(axis=0) for sid, c in costs.items()}
    # Break-even of A and B: first sign change on a 256-point grid, then bisection.
    grid = np.geomspace(vmin, vmax, 256)
    g = np.broadcast_to(grid, (n, 256))

    def gap(vv):
        ab = [strategies[a], strategies[b]]
        out = []
        for ch in ab:
            if ch is None:
                out.append(np.min(np.stack([cost(layers, links, c, vv) for c in combos]), axis=0))
            else:
                out.append(cost(layers, links, ch, vv))
        return np.sign(out[0] - out[1])

    sg = gap(g)
    change = (sg[:, 1:] != sg[:, :-1]) & (sg[:, 1:] != 0) & (sg[:, :-1] != 0)
    has = change.any(axis=1)
    k = np.argmax(change, axis=1)
    lo, hi = grid[k], grid[k + 1]
    s_lo = sg[np.arange(n), k]
    for _ in range(35):
        mid = np.sqrt(lo * hi)
        s = gap(mid[:, None])[:, 0]
        lo = np.where(s == s_lo, mid, lo)
        hi = np.where(s == s_lo, hi, mid)
    be = np.sqrt(lo * hi)[has]
    be_pct = np.percentile(be, [10, 50, 90]) if be.size else [np.nan] * 3
    return pct, cheaper, layer_share, be_pct, 1 - has.mean(), len(strategies)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--draws", type=int, default=10000)
    p.add_argument("--points", type=int, default=256)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("files", nargs="*")
    args = p.parse_args()
    root = os.environ.get("STRATA_SOURCE_ROOT", ".")
    files = args.files or [os.path.join(root, "data", "datasets", f + ".strata.json")
                           for f in ("ai-cloud-stack", "ai-model-lab", "consumer-devices", "retailer")]
    print(f"numpy {np.__version__} Monte Carlo, {args.draws} draws x {args.points} volumes, "
          f"best of {args.runs} runs")
    print(f"{'dataset':18} {'wall':>10} {'cpu':>10}  break-even P50")
    for f in files:
        best_wall = best_cpu = float("inf")
        for r in range(args.runs):
            t, c = time.perf_counter(), time.process_time()
            out = run(f, args.draws, args.points, 1)
            best_wall = min(best_wall, time.perf_counter() - t)
            best_cpu = min(best_cpu, time.process_time() - c)
        name = os.path.basename(f).replace(".strata.json", "")
        print(f"{name:18} {best_wall:8.3f} s {best_cpu:8.3f} s  {out[3][1]:.4g}")


if __name__ == "__main__":
    sys.exit(main())

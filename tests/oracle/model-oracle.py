#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""An independent oracle of MODEL.md sections 3 to 6 and 8, against strata-cli.

    tests/oracle/model-oracle.py STRATA_CLI [--seeds N] [--first S] [--only CASE]

Written from MODEL.md alone: it shares no code and no reading of the
contract with the C library, so a misreading there shows up as a
disagreement here.  Each seed writes a small random stack (1 to 6 layers,
1 to 3 options a layer, sometimes an exact clone of an option, uncertain
numbers, floors, links that may form cycles, a dataset strategy, a price;
for the roadmap cases 1 to 3 layers and a horizon of 1 to 6 years with
capex, build years, exit costs, experience, either learning and any start)
and checks the tool's answers against brute force over every strategy or
every roadmap:

- evaluate: every key of section 3 for Optimal, the presets and the
  dataset's strategy at six volumes; the presets' choices; Optimal's
  choices and its tie-breaks (fewer integrated layers, then earlier
  options).
- ladder: the grid's volumes and optimal choices, and every flip (layer,
  from, to, modes, volume to 1e-6), found by scanning 1,500 volumes and
  bisecting each change.
- long-ladder: the ladder on stacks of 8 to 48 layers (beyond brute
  force: the ladder's band search and groups) against an exact optimum by
  a dynamic programme along the chain over every mode pattern of the
  linked layers.
- breakeven (and long-breakeven, on the long stacks): crossings (volume,
  which is cheaper above) and equal stretches of Optimal / All integrated / the dataset's strategy
  against All neutral or Optimal.
- roadmap: the optimal roadmap's NPV against every roadmap, and every
  outcome and yearly row of it and of adopting All integrated now.
- switchpoints: for every field path the tool walks (1 to 3 layers), the
  values from a tenth to ten times today's where the decision at the
  default volume changes (the optimum, or All integrated against All
  neutral), with the decisions before and after.  As section 6 and the
  README say, a switch is where the exact difference of the two decisions
  changes sign: the oracle compares strategies by math.fsum () of their
  terms, so a cost they share cancels and no tie tolerance moves it.
- savings: section 8's switch points of savings_npv of adopting All
  integrated now, every field but whole years, with the signs before and
  after ("zero" within 1e-12 of the two NPVs, as the tool reads it).
- charts: the charts' data (export --data, a slide's numbers) at the
  default volume: the compare chart's every figure, the value chain's
  parts and shares (a layer's and its interface's, MODEL.md 3), the
  ladder's grid, the tornado's low/value/high and costs, largest swing
  first.
- montecarlo (statistical: the tool's random numbers are its own): the
  oracle's own 3,000 draws' distribution function at the tool's P10, P50
  and P90 of each strategy's cost over 20,000 draws, and the shares of
  draws where All neutral is cheaper and where the optimum integrates
  each layer, within five standard errors.

Prints TAP: one case per check and objective; a failing case lists its
seeds and what disagreed.  The stacks are written to a temporary folder
(kept with --keep DIR).
"""
import csv
import io
import itertools
import json
import math
import os
import random
import shutil
import subprocess
import sys
import tempfile

CLI = None


def num(rng, v, frac=0.15):
    if rng.random() < frac:
        lo = v * rng.uniform(0.5, 1.0)
        hi = v * rng.uniform(1.0, 1.5)
        return {"value": v, "low": lo, "high": hi}
    return v


def val(x):
    return x["value"] if isinstance(x, dict) else x


def harden(rng, ds):
    """Edges a stack may have: a cost every strategy shares that dwarfs the
    rest, a margin near 1, steep learning, an ecosystem value larger than
    the costs, one volume, a reference volume far outside the range, a
    floor above the unit cost."""
    vmin, vmax = ds["volume"]["min"], ds["volume"]["max"]
    options = [o for l in ds["layers"] for o in l["options"]]
    what = rng.choice(["shared", "margin", "learning", "ecosystem", "one-volume",
                       "reference", "floor"])
    if what == "shared":
        # a layer everyone buys at 1e3 to 1e6 a unit, or a fixed cost
        # that is that much a unit at the low end
        if rng.random() < 0.5:
            o = {"id": "o0", "mode": "neutral", "price": 10 ** rng.uniform(3, 6), "margin": 0.0}
        else:
            o = {"id": "o0", "mode": "neutral", "price": 0.0, "margin": 0.0,
                 "fixed_cost": vmin * 10 ** rng.uniform(3, 6)}
        ds["layers"].insert(rng.randint(0, len(ds["layers"])), {"id": "shared", "options": [o]})
    elif what == "margin":
        for o in options:
            if o["mode"] == "neutral" and rng.random() < 0.5:
                o["margin"] = rng.choice([0.99, 0.999, 0.9999])
    elif what == "learning":
        for o in options:
            if o["mode"] == "integrated" and rng.random() < 0.5:
                o["learning_rate"] = rng.choice([0.6, 0.8, 0.9])
    elif what == "ecosystem":
        for o in options:
            if rng.random() < 0.5:
                o["ecosystem_value"] = rng.uniform(2, 5)
    elif what == "one-volume":
        ds["volume"] = {"min": vmin, "max": vmin, "default": vmin}
    elif what == "reference":
        for o in options:
            if o["mode"] == "integrated":
                o["reference_volume"] = rng.choice([vmin * 1e-3, vmax * 1e3])
    else:
        for o in options:
            if o["mode"] == "integrated":
                o["floor_cost"] = val(o["unit_cost"]) * rng.uniform(1.0, 2.0)


def gen(seed, long=False):
    """A random small stack (section 2), the same for the same seed; @long:
    8 to 48 layers, no clones or edges, links among 4 layers at most."""
    rng = random.Random(seed)
    nl = rng.randint(8, 48) if long else rng.randint(1, 6)
    vmin = rng.choice([1.0, 1e3, 1e6, 1e8])
    vmax = vmin * 10 ** rng.randint(1, 7)
    vdef = math.exp(rng.uniform(math.log(vmin), math.log(vmax)))
    ds = {"format": "strata-stack/1", "title": "oracle %d" % seed,
          "unit": "u", "currency": "USD",
          "volume": {"min": vmin, "max": vmax, "default": vdef},
          "layers": []}
    if rng.random() < 0.6:
        ds["boundary_cost"] = rng.choice([0.0, 0.01, 0.1, 0.5])
    if rng.random() < 0.5:
        ds["price"] = rng.uniform(1, 10)
    scale = vmin * 10 ** rng.uniform(0, math.log10(vmax / vmin))
    for li in range(nl):
        layer = {"id": "l%d" % li, "options": []}
        if rng.random() < 0.3:
            layer["boundary_cost"] = rng.choice([0.0, 0.02, 0.3])
        no = rng.randint(1, 3)
        for oi in range(no):
            mode = rng.choice(["neutral", "integrated"])
            o = {"id": "o%d" % oi, "mode": mode}
            if mode == "neutral":
                if rng.random() < 0.7:
                    o["supplier_cost"] = num(rng, round(rng.uniform(0, 2), 3))
                else:
                    o["price"] = num(rng, round(rng.uniform(0, 3), 3))
                o["margin"] = rng.choice([0.0, 0.2, 0.5, 0.75, {"value": 0.5, "low": 0.3, "high": 0.6}])
                if rng.random() < 0.3:
                    o["fixed_cost"] = num(rng, rng.uniform(0, 0.3) * scale)
            else:
                o["unit_cost"] = num(rng, round(rng.uniform(0, 3), 3))
                if rng.random() < 0.7:
                    o["learning_rate"] = num(rng, rng.choice([0.0, 0.1, 0.2, 0.3]))
                if rng.random() < 0.5:
                    o["reference_volume"] = vmin * 10 ** rng.uniform(0, 3)
                if rng.random() < 0.4:
                    o["floor_cost"] = num(rng, round(rng.uniform(0, 0.8), 3))
                if rng.random() < 0.85:
                    o["fixed_cost"] = num(rng, rng.uniform(0, 2) * scale)
            if rng.random() < 0.3:
                o["ecosystem_value"] = num(rng, rng.choice([0.0, 0.1, 0.4]))
            if rng.random() < 0.2:
                o["latency_ms"] = rng.choice([0, 5, 20])
            layer["options"].append(o)
        # an exact clone now and then: ties
        if not long and rng.random() < 0.15:
            c = json.loads(json.dumps(rng.choice(layer["options"])))
            c["id"] = "o%d" % len(layer["options"])
            layer["options"].append(c)
        ds["layers"].append(layer)
    if not long and rng.random() < 0.3:
        harden(rng, ds)
    if nl >= 2 and rng.random() < 0.6:
        links = []
        among = rng.sample(range(nl), 4) if long else range(nl)
        for _ in range(rng.randint(1, 4)):
            a, b = rng.sample(among, 2)
            links.append({"from": "l%d" % a, "to": "l%d" % b,
                          "saving": num(rng, rng.choice([0.05, 0.2, 0.5]))})
        ds["links"] = links
    if rng.random() < 0.5:
        ch = {}
        for l in ds["layers"]:
            if rng.random() < 0.8:
                ch[l["id"]] = rng.choice(l["options"])["id"]
        ds["strategies"] = [{"id": "s1", "name": "S1", "choices": ch}]
    return ds


class Model:
    """Sections 3 and 5: a strategy's outcomes at V, and Optimal by brute force."""

    def __init__(self, ds):
        self.ds = ds
        self.L = ds["layers"]
        self.dbc = ds.get("boundary_cost", 0.0)
        self.price = ds.get("price")
        self.links = [(l["from"], l["to"], val(l["saving"])) for l in ds.get("links", [])]
        self.idx = {l["id"]: i for i, l in enumerate(self.L)}

    def opt(self, li, oi):
        return self.L[li]["options"][oi]

    def variable(self, o, V):
        """An option's variable cost at V before co-design (section 3)."""
        if o["mode"] == "neutral":
            if "price" in o:
                return val(o["price"])
            return val(o["supplier_cost"]) / (1 - val(o["margin"]))
        lr = val(o.get("learning_rate", 0.0))
        ref = o.get("reference_volume", self.ds["volume"]["min"])
        return max(val(o.get("floor_cost", 0.0)), val(o["unit_cost"]) * (V / ref) ** math.log2(1 - lr))

    def parts(self, ch, V):
        """Each layer's variable and fixed cost per unit, each interface's cost
        and the options, for evaluate () and terms ()."""
        n = len(self.L)
        opts = [self.opt(i, ch[i]) for i in range(n)]
        integ = [o["mode"] == "integrated" for o in opts]
        var = []
        smargin = 0.0
        for o in opts:
            var.append(self.variable(o, V))
            if o["mode"] == "neutral":
                smargin += var[-1] * val(o["margin"])
        for f, t, s in self.links:
            fi, ti = self.idx[f], self.idx[t]
            if integ[fi] and integ[ti]:
                var[ti] *= (1 - s)
        layer_cost = [var[i] + val(opts[i].get("fixed_cost", 0.0)) / V for i in range(n)]
        ifaces = [self.L[i].get("boundary_cost", self.dbc)
                  for i in range(n - 1) if not (integ[i] and integ[i + 1])]
        return opts, integ, var, layer_cost, ifaces, smargin

    def evaluate(self, ch, V):
        n = len(self.L)
        opts, integ, var, layer_cost, ifaces, smargin = self.parts(ch, V)
        iface = sum(ifaces)
        uc = sum(layer_cost) + iface
        eco = sum(val(o.get("ecosystem_value", 0.0)) for o in opts)
        r = {"unit_cost": uc, "ecosystem_value": eco,
             "effective_unit_cost": uc - eco, "annual_cost": uc * V,
             "supplier_margin": smargin,
             "capital_at_risk": sum(val(o.get("fixed_cost", 0.0)) for o in opts if o["mode"] == "integrated"),
             "supplier_share": (sum(layer_cost[i] for i in range(n) if not integ[i]) / uc) if uc != 0 else 0.0,
             "latency_ms": sum(o.get("latency_ms", 0) for o in opts)}
        if self.price is not None:
            r["unit_profit"] = self.price - uc
            r["annual_profit"] = r["unit_profit"] * V
            r["effective_unit_profit"] = self.price - (uc - eco)
        return r

    def terms(self, ch, V, objective):
        """The objective's cost of @ch at V by its parts, {part: amount}
        (each layer's variable and fixed cost, each interface, each
        ecosystem value), for exact differences (diff ())."""
        opts, integ, var, layer_cost, ifaces, smargin = self.parts(ch, V)
        t = {}
        for i, o in enumerate(opts):
            t[("variable", i)] = var[i]
            t[("fixed", i)] = val(o.get("fixed_cost", 0.0)) / V
            if objective == "effective":
                t[("ecosystem", i)] = -val(o.get("ecosystem_value", 0.0))
        for i in range(len(opts) - 1):
            if not (integ[i] and integ[i + 1]):
                t[("interface", i)] = self.L[i].get("boundary_cost", self.dbc)
        return t

    @staticmethod
    def diff(ta, tb):
        """The exact difference of two strategies' costs from their parts
        (math.fsum () of the parts where they differ: a part they share
        cancels) and the magnitude of those parts (the scale of their
        rounding)."""
        xs, mag = [], 0.0
        for k in set(ta) | set(tb):
            a, b = ta.get(k, 0.0), tb.get(k, 0.0)
            if a != b:
                xs += [a, -b]
                mag += abs(a) + abs(b)
        return math.fsum(xs), mag

    def exact_optimal(self, V, objective):
        """Optimal by exact differences (no tolerance): ties only where the
        difference is exactly 0, then fewer integrated layers, then earlier
        options."""
        best = bt = None
        for ch in self.all_strategies():
            t = self.terms(ch, V, objective)
            if best is not None:
                d = self.diff(t, bt)[0]
                if d > 0 or (d == 0 and (self.nint(ch), ch) >= (self.nint(best), best)):
                    continue
            best, bt = ch, t
        return best

    def optimal_dp(self, V, objective):
        """Optimal with no tie tolerance, for stacks too long to enumerate:
        every mode pattern of the linked layers (their co-design factors
        known), then a dynamic programme along the chain whose state is
        the mode below; ties by fewer integrated layers, then earlier
        options."""
        n = len(self.L)
        linked = sorted({self.idx[f] for f, t, s in self.links} | {self.idx[t] for f, t, s in self.links})
        base = []
        for i in range(n):
            row = []
            for o in self.L[i]["options"]:
                rest = val(o.get("fixed_cost", 0.0)) / V
                if objective == "effective":
                    rest -= val(o.get("ecosystem_value", 0.0))
                row.append((o["mode"] == "integrated", self.variable(o, V), rest))
            base.append(row)
        best = None
        for pattern in itertools.product((False, True), repeat=len(linked)):
            mode = dict(zip(linked, pattern))
            factor = [1.0] * n
            for f, t, s in self.links:
                if mode[self.idx[f]] and mode[self.idx[t]]:
                    factor[self.idx[t]] *= 1 - s
            states = {None: (0.0, 0, ())}
            for i in range(n):
                new = {}
                for k, (integ, plain, rest) in enumerate(base[i]):
                    if i in mode and mode[i] != integ:
                        continue
                    c_opt = plain * (factor[i] if integ else 1.0) + rest
                    for prev, (c, ni, ch) in states.items():
                        iface = 0.0
                        if i > 0 and not (prev and integ):
                            iface = self.L[i - 1].get("boundary_cost", self.dbc)
                        cand = (c + iface + c_opt, ni + integ, ch + (k,))
                        if integ not in new or cand < new[integ]:
                            new[integ] = cand
                states = new
                if not states:
                    break
            for cand in states.values():
                if best is None or cand < best:
                    best = cand
        return best[2]

    def obj(self, ch, V, objective):
        r = self.evaluate(ch, V)
        return r["effective_unit_cost"] if objective == "effective" else r["unit_cost"]

    def all_strategies(self):
        return itertools.product(*[range(len(l["options"])) for l in self.L])

    def nint(self, ch):
        return sum(1 for i, c in enumerate(ch) if self.opt(i, c)["mode"] == "integrated")

    def optimal(self, V, objective, tol=1e-12):
        allc = []
        for ch in self.all_strategies():
            c = self.obj(ch, V, objective)
            allc.append((c, ch))
        m = min(c for c, _ in allc)
        scale = max(1.0, abs(m))
        ties = [ch for c, ch in allc if c - m <= tol * scale]
        ties.sort(key=lambda ch: (self.nint(ch), ch))
        return ties[0], m, ties

    def names(self, ch):
        return {self.L[i]["id"]: self.opt(i, c)["id"] for i, c in enumerate(ch)}

    def from_names(self, d):
        ch = []
        for l in self.L:
            oid = d[l["id"]]
            ch.append([o["id"] for o in l["options"]].index(oid))
        return tuple(ch)



def rel(a, b):
    """Relative difference of two numbers."""
    return abs(a - b) / max(1e-300, abs(a), abs(b), 1e-12)


def samples(vmin, vmax, n, extra=()):
    """n log-spaced volumes across [vmin, vmax], with @extra (volumes the
    tool reported, and a hair either side of each: a short band between
    two samples is found only where something points at it)."""
    lmin, lmax = math.log(vmin), math.log(vmax)
    vs = {vmin, vmax}
    vs.update(math.exp(lmin + (lmax - lmin) * i / (n - 1)) for i in range(1, n - 1))
    for v in extra:
        for x in (v * (1 - 1e-7), v, v * (1 + 1e-7)):
            if vmin < x < vmax:
                vs.add(x)
    return sorted(vs)


def first_change(f, a, fa, b):
    """The least volume in (a, b] where f differs from fa (f(b) != fa), by
    bisection in log volume to a relative 1e-13."""
    for _ in range(200):
        if b / a - 1 < 1e-13:
            break
        mid = math.sqrt(a * b)
        if f(mid) == fa:
            a = mid
        else:
            b = mid
    return b


def changes(f, xs):
    """Every change of f over the ascending values @xs, one after another,
    each bisected: [(x, before, after)], f (x) being after."""
    fs = [f(x) for x in xs]
    found = []
    for k in range(1, len(xs)):
        a, fa = xs[k - 1], fs[k - 1]
        while fa != fs[k]:
            x = first_change(f, a, fa, xs[k])
            fx = f(x)
            found.append((x, fa, fx))
            a, fa = x, fx
    return fs, found


def flips_oracle(m, vmin, vmax, objective, extra=(), n=1000):
    """Every change of a layer's optimal option over [vmin, vmax]: (layer,
    from, to, volume)."""
    found = changes(lambda v: m.optimal(v, objective)[0], samples(vmin, vmax, n, extra))[1]
    return [(i, ca[i], cx[i], x) for x, ca, cx in found for i in range(len(ca)) if ca[i] != cx[i]]


def write(ds, workdir, name):
    """@ds written to @workdir as @name; its path."""
    fn = os.path.join(workdir, name)
    with open(fn, "w") as f:
        json.dump(ds, f)
    return fn


def check_evaluate(seed, objective, workdir):
    """Section 3 and 5 at six volumes: every key, the presets' choices,
    Optimal's choices and tie-breaks."""
    ds = gen(seed)
    fn = write(ds, workdir, "stack-%d.json" % seed)
    m = Model(ds)
    probs = []
    vmin, vmax = ds["volume"]["min"], ds["volume"]["max"]
    rng = random.Random(seed * 7 + 1)
    vols = [vmin, vmax, ds["volume"]["default"]] + [math.exp(rng.uniform(math.log(vmin), math.log(vmax))) for _ in range(3)]
    # evaluate presets and optimal
    args = ["evaluate", fn, "--format", "json", "--objective", objective,
            "--optimal", "--all-neutral", "--all-integrated"]
    if "strategies" in ds:
        args += ["--strategy", "s1"]
    for v in vols:
        args += ["--volume", repr(v)]
    out = run(args)
    for r in out["results"]:
        V = r["volume"]
        ch = m.from_names(r["choices"])
        if r["strategy"] == "optimal":
            best, bc, ties = m.optimal(V, objective)
            if ch != best:
                c = m.obj(ch, V, objective)
                if ch in ties:
                    probs.append("optimal tie-break at %g: cli %s oracle %s" % (V, ch, best))
                else:
                    probs.append("optimal at %g: cli %s (%.17g) oracle %s (%.17g)" % (V, ch, c, best, bc))
        elif r["strategy"] == "all-neutral":
            exp = tuple(next((k for k, o in enumerate(l["options"]) if o["mode"] == "neutral"), 0) for l in m.L)
            if ch != exp:
                probs.append("all-neutral choices %s expected %s" % (ch, exp))
        elif r["strategy"] == "all-integrated":
            exp = tuple(next((k for k, o in enumerate(l["options"]) if o["mode"] == "integrated"), 0) for l in m.L)
            if ch != exp:
                probs.append("all-integrated choices %s expected %s" % (ch, exp))
        elif r["strategy"] == "s1":
            sc = ds["strategies"][0]["choices"]
            exp = tuple([o["id"] for o in l["options"]].index(sc[l["id"]]) if l["id"] in sc else 0 for l in m.L)
            if ch != exp:
                probs.append("s1 choices %s expected %s" % (ch, exp))
        ev = m.evaluate(ch, V)
        for k, x in ev.items():
            if k not in r:
                probs.append("%s at %g: key %s missing" % (r["strategy"], V, k))
            elif rel(x, r[k]) > 1e-9 and abs(x - r[k]) > 1e-12:
                probs.append("%s at %g: %s cli %.17g oracle %.17g" % (r["strategy"], V, k, r[k], x))
        for k in r:
            if k not in ev and k not in ("strategy", "choices", "volume"):
                probs.append("%s: extra key %s" % (r["strategy"], k))
    return probs


def check_ladder(seed, objective, workdir, points=9):
    """Section 5's ladder: the grid, its optima and every flip."""
    ds = gen(seed)
    fn = write(ds, workdir, "stack-%d.json" % seed)
    m = Model(ds)
    probs = []
    vmin, vmax = ds["volume"]["min"], ds["volume"]["max"]
    # ladder
    lad = run(["ladder", fn, "--points", str(points), "--format", "json", "--objective", objective])
    for i, p in enumerate(lad["points"]):
        V = vmin * (vmax / vmin) ** (i / (points - 1)) if points > 1 else vmin
        if rel(V, p["volume"]) > 1e-12:
            probs.append("ladder point %d volume %r expected %r" % (i, p["volume"], V))
        ch = m.from_names(p["choices"])
        best, bc, ties = m.optimal(p["volume"], objective)
        if ch != best:
            probs.append("ladder point %g: cli %s oracle %s%s" % (p["volume"], ch, best, " (tie)" if ch in ties else ""))
    of = flips_oracle(m, vmin, vmax, objective, [f["volume"] for f in lad["flips"]])
    cf = []
    for f in lad["flips"]:
        li = m.idx[f["layer"]]
        opts = [o["id"] for o in m.L[li]["options"]]
        cf.append((li, opts.index(f["from"]), opts.index(f["to"]), f["volume"]))
        if m.opt(li, opts.index(f["from"]))["mode"] != f["from_mode"] or m.opt(li, opts.index(f["to"]))["mode"] != f["to_mode"]:
            probs.append("flip modes wrong %s" % f)
    used = [False] * len(cf)
    for o in of:
        hit = False
        for j, c in enumerate(cf):
            if not used[j] and c[:3] == o[:3] and rel(c[3], o[3]) < 1e-6:
                used[j] = hit = True
                break
        if not hit:
            probs.append("oracle flip not in cli: layer %d %d->%d at %.12g" % o)
    for j, c in enumerate(cf):
        if not used[j]:
            # verify: optimum just below and above differ in that layer
            lo = m.optimal(c[3] * (1 - 1e-7), objective)[0]
            hi = m.optimal(c[3] * (1 + 1e-7), objective)[0]
            tag = "real" if lo[c[0]] == c[1] and hi[c[0]] == c[2] else "NOT REAL"
            probs.append("cli flip not in oracle (%s): layer %d %d->%d at %.12g" % ((tag,) + c))
    return probs



def check_long_ladder(seed, objective, workdir, points=17):
    """Section 5's ladder on stacks of 8 to 48 layers (the band search and
    the groups of long stacks, not the short stacks' table of every
    strategy): the grid's optima and every flip against a dynamic
    programme's exact optimum (cost within 1e-9 where they differ: a tie)."""
    ds = gen(seed, long=True)
    fn = write(ds, workdir, "long-%d.json" % seed)
    m = Model(ds)
    probs = []
    vmin, vmax = ds["volume"]["min"], ds["volume"]["max"]
    lad = run(["ladder", fn, "--points", str(points), "--format", "json", "--objective", objective])
    for p in lad["points"]:
        ch, best = m.from_names(p["choices"]), m.optimal_dp(p["volume"], objective)
        if ch != best and rel(m.obj(ch, p["volume"], objective), m.obj(best, p["volume"], objective)) > 1e-9:
            probs.append("ladder point %g: cli %s oracle %s" % (p["volume"], ch, best))
    found = changes(lambda v: m.optimal_dp(v, objective),
                    samples(vmin, vmax, 300, [f["volume"] for f in lad["flips"]]))[1]
    of = [(i, ca[i], cx[i], x) for x, ca, cx in found for i in range(len(ca)) if ca[i] != cx[i]]
    cf = []
    for f in lad["flips"]:
        li = m.idx[f["layer"]]
        opts = [o["id"] for o in m.L[li]["options"]]
        cf.append((li, opts.index(f["from"]), opts.index(f["to"]), f["volume"]))
    def tied(o, c):
        # The tool's optimum counts costs within 1e-12 of the strategies'
        # magnitudes (the sum of every part's size) as tied, keeping the
        # strategy with fewer integrated layers: where a long stack's sum
        # dwarfs the flipping layer's slope, its flip lies up to 2e-6 of V
        # past the exact crossing, inside that band.  Accepted when the
        # strategies either side of the exact flip cost the same there
        # within it.
        if o[:3] != c[:3] or rel(o[3], c[3]) > 1e-4:
            return False
        before = m.optimal_dp(min(o[3], c[3]) * (1 - 1e-9), objective)
        after = m.optimal_dp(max(o[3], c[3]) * (1 + 1e-9), objective)
        ta, tb = m.terms(before, c[3], objective), m.terms(after, c[3], objective)
        d = m.diff(ta, tb)[0]
        mag = max(sum(abs(x) for x in ta.values()), sum(abs(x) for x in tb.values()))
        return abs(d) <= 2e-12 * mag

    for o in of:
        hit = next((c for c in cf if c[:3] == o[:3] and rel(c[3], o[3]) < 1e-6), None)
        hit = hit or next((c for c in cf if tied(o, c)), None)
        if hit is None:
            probs.append("oracle flip not in cli: layer %d %d->%d at %.12g" % o)
        else:
            cf.remove(hit)
    for c in cf:
        probs.append("cli flip not in oracle: layer %d %d->%d at %.12g" % c)
    return probs


def strat(m, ds, sid, V, objective):
    """The choices of strategy @sid at V (a preset, Optimal or "s1")."""
    if sid == "optimal":
        return m.optimal_dp(V, objective) if len(m.L) > 6 else m.optimal(V, objective)[0]
    if sid == "all-neutral":
        return tuple(next((k for k, o in enumerate(l["options"]) if o["mode"] == "neutral"), 0) for l in m.L)
    if sid == "all-integrated":
        return tuple(next((k for k, o in enumerate(l["options"]) if o["mode"] == "integrated"), 0) for l in m.L)
    sc = ds["strategies"][0]["choices"]
    return tuple([o["id"] for o in l["options"]].index(sc[l["id"]]) if l["id"] in sc else 0 for l in m.L)

def sgn(m, ds, a, b, V, objective):
    """The sign of A - B at V: 0 where the two run the same strategy or
    their exact difference is within the rounding of the parts where they
    differ (section 4's equal), Optimal being the optimum's strategy at V."""
    sa, sb = strat(m, ds, a, V, objective), strat(m, ds, b, V, objective)
    if sa == sb:
        return 0
    d, mag = m.diff(m.terms(sa, V, objective), m.terms(sb, V, objective))
    if abs(d) <= 1e-12 * mag:
        return 0
    # a strategy cheaper than Optimal only within the optimizer's tie
    # tolerance (section 5's tie rules kept the other): a tie
    if (a == "optimal" and d > 0) or (b == "optimal" and d < 0):
        return 0
    return 1 if d > 0 else -1


def check_long_breakeven(seed, objective, workdir):
    """check_breakeven () on the long stacks of check_long_ladder ()."""
    return check_breakeven(seed, objective, workdir, long=True)


def check_breakeven(seed, objective, workdir, long=False):
    """Section 4: crossings, which is cheaper above, equal stretches."""
    ds = gen(seed, long=long)
    fn = write(ds, workdir, "stack-%d.json" % seed)
    m = Model(ds)
    vmin, vmax = ds["volume"]["min"], ds["volume"]["max"]
    probs = []
    pairs = [("optimal", "all-neutral"), ("all-integrated", "all-neutral")]
    if "strategies" in ds:
        pairs.append(("s1", "optimal"))
    for a, b in pairs:
        out = run(["breakeven", fn, "--strategy", a, "--versus", b, "--format", "json", "--objective", objective])
        extra = [c["volume"] for c in out["crossings"]]
        for e in out["equal"]:
            extra += [e["from"], e["to"], math.sqrt(e["from"] * e["to"])]
        # every change of sign or of equality, one after another
        ss, found = changes(lambda v: sgn(m, ds, a, b, v, objective), samples(vmin, vmax, 1000, extra))
        trans = [(before, after, x) for x, before, after in found]
        # rounding makes a zone of "equal" a few ulps wide at a crossing:
        # a zone narrower than 1e-6 is the crossing
        merged = []
        for tr in trans:
            if merged and merged[-1][1] == 0 and tr[0] == 0 and tr[2] / merged[-1][2] - 1 < 1e-6:
                before = merged.pop()
                if before[0] != 0 and before[0] != tr[1]:
                    merged.append((before[0], tr[1], tr[2]))
                elif before[0] == 0:
                    merged.append((0, tr[1], tr[2]))
            else:
                merged.append(tr)
        trans = merged
        # expected crossings: sign change -1<->1 (maybe through short 0), and parting 0->+-1
        exp_cross = []
        for f_, t, v in trans:
            if t != 0:
                exp_cross.append((v, a if t < 0 else b))
        stretches = [[vmin, None]] if ss[0] == 0 else []
        for f_, t, v in trans:
            if t == 0:
                stretches.append([v, None])
            elif f_ == 0:
                stretches[-1][1] = v
        if stretches and stretches[-1][1] is None:
            stretches[-1][1] = vmax
        cl = [(c["volume"], c["cheaper_above"]) for c in out["crossings"]]
        # compare crossings
        used = [False]*len(cl)
        for v, w in exp_cross:
            ok = False
            for j, (cv, cw) in enumerate(cl):
                if not used[j] and cw == w and rel(cv, v) < 1e-6:
                    used[j] = ok = True
                    break
            if not ok:
                probs.append("%s vs %s: oracle crossing %.12g (%s cheaper above) not in cli %s" % (a, b, v, w, cl))
        for j, c in enumerate(cl):
            if not used[j]:
                probs.append("%s vs %s: cli crossing %s not in oracle %s" % (a, b, c, exp_cross))
        ce = [(e["from"], e["to"]) for e in out["equal"]]
        if len(ce) != len(stretches) or any(rel(x[0], y[0]) > 1e-6 or rel(x[1], y[1]) > 1e-6
                                            for x, y in zip(ce, stretches)):
            probs.append("%s vs %s: equal stretches cli %s oracle %s" % (a, b, ce, stretches))
    return probs


def genh(seed):
    """A random stack of 1 to 3 layers with a horizon (section 8)."""
    rng = random.Random(seed + 100000)
    ds = gen(seed)
    # keep brute force small
    ds["layers"] = ds["layers"][:rng.randint(1, 3)]
    ids = {l["id"] for l in ds["layers"]}
    if "links" in ds:
        ds["links"] = [k for k in ds["links"] if k["from"] in ids and k["to"] in ids]
        if not ds["links"]: del ds["links"]
    if "strategies" in ds:
        for s in ds["strategies"]:
            s["choices"] = {k: v for k, v in s["choices"].items() if k in ids}
    years = rng.randint(1, 6)
    vmin, vmax = ds["volume"]["min"], ds["volume"]["max"]
    h = {"first_year": 2026, "years": years,
         "discount_rate": rng.choice([0.0, 0.05, 0.1, {"value": 0.08, "low": 0.05, "high": 0.12}])}
    if rng.random() < 0.7:
        h["volume"] = {"first": math.exp(rng.uniform(math.log(vmin), math.log(vmax))),
                       "growth": rng.choice([0.0, 0.3, 1.0, -0.2])}
    else:
        h["volume"] = [math.exp(rng.uniform(math.log(vmin), math.log(vmax))) for _ in range(years)]
    if rng.random() < 0.4:
        h["start"] = rng.choice(["all-integrated", "s1" if "strategies" in ds else "all-neutral", "all-neutral"])
    if rng.random() < 0.5:
        h["learning"] = rng.choice(["annual", "cumulative"])
    ds["horizon"] = h
    scale = vmin * 10 ** rng.uniform(0, math.log10(vmax / vmin))
    for l in ds["layers"]:
        for o in l["options"]:
            if rng.random() < 0.6: o["capex"] = rng.uniform(0, 3) * scale
            if rng.random() < 0.5: o["build_years"] = rng.randint(0, 3)
            if rng.random() < 0.4: o["exit_cost"] = rng.uniform(0, 1) * scale
            if o["mode"] == "integrated" and rng.random() < 0.3: o["experience"] = rng.uniform(0, 5) * scale
    return ds

class Horizon:
    """Section 8: the cash of a roadmap year by year, its outcomes."""

    def __init__(self, ds, objective):
        self.ds, self.L = ds, ds["layers"]
        self.objective = objective
        h = ds["horizon"]
        self.n = h["years"]
        self.d = val(h["discount_rate"])
        if isinstance(h["volume"], list): self.V = h["volume"]
        else:
            f, g = val(h["volume"]["first"]), val(h["volume"]["growth"])
            self.V = [f * (1 + g) ** t for t in range(self.n)]
        self.cum = h.get("learning", "annual") == "cumulative"
        self.idx = {l["id"]: i for i, l in enumerate(self.L)}
        self.links = [(self.idx[k["from"]], self.idx[k["to"]], val(k["saving"])) for k in ds.get("links", [])]
        st = h.get("start", "all-neutral")
        self.start = self.strategy(st)
        self.price = ds.get("price")
    def strategy(self, sid):
        if sid == "all-neutral":
            return tuple(next((k for k, o in enumerate(l["options"]) if o["mode"] == "neutral"), 0) for l in self.L)
        if sid == "all-integrated":
            return tuple(next((k for k, o in enumerate(l["options"]) if o["mode"] == "integrated"), 0) for l in self.L)
        sc = next(s for s in self.ds["strategies"] if s["id"] == sid)["choices"]
        return tuple([o["id"] for o in l["options"]].index(sc[l["id"]]) if l["id"] in sc else 0 for l in self.L)
    def opt(self, i, k):
        return self.L[i]["options"][k]

    def by(self, i, k):
        return self.opt(i, k).get("build_years", 0)

    def plan_rows(self, plan):
        n, nl = self.n, len(self.L)
        made = {}  # (layer, option) -> units made in earlier years
        rows = []
        for t in range(n):
            V = self.V[t]
            run_ = []
            building = {}
            capex = exitc = 0.0
            for i in range(nl):
                sw = plan[i]
                if sw is None:
                    run_.append(self.start[i])
                    continue
                y, o = sw
                b = self.by(i, o)
                run_.append(o if t >= y + b else self.start[i])
                if y <= t < y + b:
                    building[i] = o
                c = val(self.opt(i, o).get("capex", 0.0))
                if b == 0:
                    if t == y:
                        capex += c
                elif y <= t < y + b:
                    capex += c / b
                if t == y + b: exitc += val(self.opt(i, self.start[i]).get("exit_cost", 0.0))
            opts = [self.opt(i, run_[i]) for i in range(nl)]
            integ = [o["mode"] == "integrated" for o in opts]
            var = []
            for i, o in enumerate(opts):
                if o["mode"] == "neutral":
                    p = val(o["price"]) if "price" in o else val(o["supplier_cost"]) / (1 - val(o["margin"]))
                    var.append(p)
                else:
                    lr = val(o.get("learning_rate", 0.0))
                    ref = o.get("reference_volume", self.ds["volume"]["min"])
                    X = V
                    if self.cum:
                        X = val(o.get("experience", 0.0)) + made.get((i, run_[i]), 0.0) + V / 2
                    var.append(max(val(o.get("floor_cost", 0.0)), val(o["unit_cost"]) * (X / ref) ** math.log2(1 - lr)))
            for f, to, s in self.links:
                if integ[f] and integ[to]:
                    var[to] *= (1 - s)
            uc = sum(var[i] + val(opts[i].get("fixed_cost", 0.0)) / V for i in range(nl))
            for i in range(nl - 1):
                if not (integ[i] and integ[i + 1]):
                    uc += self.L[i].get("boundary_cost", self.ds.get("boundary_cost", 0.0))
            eco = sum(val(o.get("ecosystem_value", 0.0)) for o in opts)
            cash = uc * V + capex + exitc
            rows.append({"year": 2026 + t, "volume": V, "run": tuple(run_), "building": building,
                         "unit_cost": uc, "capex": capex, "exit_cost": exitc, "cash_cost": cash,
                         "effective_cost": cash - eco * V})
            for i in range(nl):
                made[(i, run_[i])] = made.get((i, run_[i]), 0.0) + V
        return rows
    def outcome(self, plan):
        rows = self.plan_rows(plan)
        disc = [(1 + self.d) ** -t for t in range(self.n)]
        r = {"npv_cost": sum(x["cash_cost"] * disc[t] for t, x in enumerate(rows)),
             "npv_effective_cost": sum(x["effective_cost"] * disc[t] for t, x in enumerate(rows))}
        if self.price is not None:
            r["npv_profit"] = sum((self.price * x["volume"] - x["cash_cost"]) * disc[t] for t, x in enumerate(rows))
        return r, rows
    def key(self):
        return "npv_effective_cost" if self.objective == "effective" else "npv_cost"

    def ycost(self, x):
        return x["effective_cost"] if self.objective == "effective" else x["cash_cost"]

    def full(self, plan):
        r, rows = self.outcome(plan)
        r0, rows0 = self.outcome([None] * len(self.L))
        r["savings_npv"] = r0[self.key()] - r[self.key()]
        s, cum = 0.0, []
        for t in range(self.n):
            s += (self.ycost(rows0[t]) - self.ycost(rows[t])) * (1 + self.d) ** -t
            cum.append(s)
        pb = None
        for T in range(self.n):
            if all(c >= 0 for c in cum[T:]):
                pb = 2026 + T
                break
        r["payback_year"] = pb
        r["peak_funding"] = max(0.0, -min(cum))
        return r, rows, cum
    def roadmaps(self):
        per = []
        for i, l in enumerate(self.L):
            c = [None]
            for k in range(len(l["options"])):
                if k == self.start[i]:
                    continue
                for y in range(self.n):
                    if y + self.by(i, k) <= self.n - 1:
                        c.append((y, k))
            per.append(c)
        return itertools.product(*per)

def check_roadmap(seed, objective, workdir):
    """Section 8: the optimal roadmap against every roadmap, and every
    outcome and yearly row of it and of adopting All integrated now."""
    ds = genh(seed)
    fn = write(ds, workdir, "horizon-%d.json" % seed)
    h = Horizon(ds, objective)
    probs = []
    args = ["roadmap", fn, "--optimal", "--strategy", "all-integrated", "--format", "json", "--objective", objective]
    try:
        out = run(args)
    except RuntimeError as e:
        if "cannot be adopted now" not in str(e):
            raise
        out = run(["roadmap", fn, "--optimal", "--format", "json", "--objective", objective])
    best = None
    for rm in h.roadmaps():
        c = h.outcome(list(rm))[0][h.key()]
        if best is None or c < best[0]:
            best = (c, rm)
    for p in out["plans"]:
        plan = [None] * len(h.L)
        for sw in p["switches"]:
            i = h.idx[sw["layer"]]
            oid = [o["id"] for o in h.L[i]["options"]].index(sw["to"])
            plan[i] = (sw["decide_year"] - 2026, oid)
            if sw["runs_from"] != sw["decide_year"] + h.by(i, oid):
                probs.append("runs_from wrong %s" % sw)
        if p.get("strategy") == "all-integrated":
            tgt = h.strategy("all-integrated")
            exp = [None if tgt[i] == h.start[i] else (0, tgt[i]) for i in range(len(h.L))]
            if any(e is not None and e[0] + h.by(i, e[1]) > h.n - 1 for i, e in enumerate(exp)):
                probs.append("adopt plan beyond horizon? cli gave %s" % p["switches"])
                continue
            if plan != exp: probs.append("adopt plan %s expected %s" % (plan, exp))
        r, rows, cum = h.full(plan)
        if p.get("optimal"):
            if rel(r[h.key()], best[0]) > 1e-9 and abs(r[h.key()] - best[0]) > 1e-9:
                probs.append("optimal roadmap cli %s %.12g oracle %s %.12g" % (plan, r[h.key()], best[1], best[0]))
        for k, x in r.items():
            y = p.get(k, "MISSING")
            if x is None or y is None or y == "MISSING":
                if x != y: probs.append("%s: %s cli %s oracle %s (cum %s)" % (p.get("strategy", "optimal"), k, y, x, cum))
            elif rel(x, y) > 1e-9 and abs(x - y) > 1e-7:
                probs.append("%s: %s cli %.12g oracle %.12g (cum %s)" % (p.get("strategy", "optimal"), k, y, x, cum))
        for t, row in enumerate(p["years"]):
            o = rows[t]
            for k in ("volume", "unit_cost", "capex", "exit_cost", "cash_cost", "effective_cost"):
                if rel(o[k], row[k]) > 1e-9 and abs(o[k] - row[k]) > 1e-7:
                    probs.append("%s year %d: %s cli %.12g oracle %.12g" % (p.get("strategy", "optimal"), t, k, row[k], o[k]))
            ch = tuple([x["id"] for x in h.L[i]["options"]].index(row["choices"][l["id"]]) for i, l in enumerate(h.L))
            if ch != o["run"]: probs.append("year %d choices %s vs %s" % (t, ch, o["run"]))
            bd = {h.idx[k]: [x["id"] for x in h.L[h.idx[k]]["options"]].index(v) for k, v in row["building"].items()}
            if bd != o["building"]: probs.append("year %d building %s vs %s" % (t, bd, o["building"]))
    return probs



FRACTIONS = ("margin", "learning_rate", "saving")


def field_ref(ds, path):
    """The dict holding @path's number in @ds and its key (section 7's
    field paths)."""
    parts = path.split(".")
    if parts == ["boundary_cost"]:
        return ds, "boundary_cost"
    if parts[0] == "horizon":
        holder = ds["horizon"]
        for k in parts[1:-1]:
            holder = holder[k]
        return holder, parts[-1]
    if parts[0] == "links":
        return ds["links"][int(parts[1])], parts[2]
    layer = next(l for l in ds["layers"] if l["id"] == parts[1])
    if parts[2] == "boundary_cost":
        return layer, "boundary_cost"
    option = next(o for o in layer["options"] if o["id"] == parts[3])
    return option, parts[4]


def with_field(ds, path, x):
    copy = json.loads(json.dumps(ds))
    holder, key = field_ref(copy, path)
    if isinstance(holder.get(key), dict):
        holder[key]["value"] = x
    else:
        holder[key] = x
    return copy


def today_value(ds, holder, key):
    """Today's value of a field, its default where the file leaves it out."""
    if key in holder:
        return val(holder[key])
    if key == "boundary_cost":
        return ds.get("boundary_cost", 0.0)
    if key == "reference_volume":
        return ds["volume"]["min"]
    return 0.0


def walk(f, lo, hi, v, extra, n, zero):
    """Every change of the decision f (x) over [lo, hi], n log-spaced
    values and @extra: (x, before, after), before on the side of today's
    value @v (today's decision for a switch at it).  A @zero decision (a
    tie) narrower than 1e-6 of the value between two others is no state
    of its own: one switch from the one to the other, or none."""
    found = changes(f, samples(lo, hi, n, extra))[1]
    merged = []
    for t in found:
        if merged and merged[-1][2] == zero and t[1] == zero and t[0] / merged[-1][0] - 1 < 1e-6:
            before = merged.pop()
            if before[1] != t[2]:
                merged.append((t[0], before[1], t[2]))
        else:
            merged.append(t)
    out = []
    for x, d1, d2 in merged:
        if rel(x, v) < 1e-12:
            before = f(v)
            out.append((x, before, d1 if before == d2 else d2))
        else:
            out.append((x, d2, d1) if x < v else (x, d1, d2))
    return out


def compare_switches(probs, label, oracle, cli, hi, same=lambda a, b: a == b):
    """The tool's switches @cli of one field against the oracle's walk."""
    cli = list(cli)
    for x, before, after in oracle:
        hit = next((c for c in cli if rel(c["switch"], x) < 1e-6), None)
        if hit is None:
            probs.append("%s: oracle switch at %.12g (%s -> %s) not in cli %s"
                         % (label, x, before, after, [c["switch"] for c in cli]))
            continue
        cli.remove(hit)
        if not (same(hit["before"], before) and same(hit["after"], after)):
            probs.append("%s: switch at %.12g cli %s -> %s oracle %s -> %s"
                         % (label, x, hit["before"], hit["after"], before, after))
    for c in cli:
        # the oracle's walk stops 1e-9 short of 1 (powers near overflow
        # beyond); the tool's goes on to the last double
        if c["switch"] <= hi:
            probs.append("%s: cli switch at %.12g not in oracle" % (label, c["switch"]))


def check_switchpoints(seed, objective, workdir):
    """Section 6's switch points of every field the tool walks, for the
    optimum and for All integrated against All neutral."""
    ds = gen(seed)
    # brute force at every step of every field's walk: three layers at most
    ds["layers"] = ds["layers"][:3]
    ids = {l["id"] for l in ds["layers"]}
    if "links" in ds:
        ds["links"] = [k for k in ds["links"] if k["from"] in ids and k["to"] in ids] or None
        if ds["links"] is None:
            del ds["links"]
    if "strategies" in ds:
        del ds["strategies"]
    fn = write(ds, workdir, "switch-%d.json" % seed)
    V = ds["volume"]["default"]
    probs = []
    for pair in (None, ("all-integrated", "all-neutral")):
        args = ["switchpoints", fn, "--volume", repr(V), "--format", "json", "--objective", objective]
        if pair:
            args += ["--strategy", pair[0], "--versus", pair[1]]
        out = run(args)

        def decision(d):
            m = Model(d)
            # a switch is where the exact difference changes sign, not
            # where a tie tolerance first lets the decision change
            if pair is None:
                return json.dumps(m.names(m.exact_optimal(V, objective)), sort_keys=True)
            ta = m.terms(strat(m, d, pair[0], V, objective), V, objective)
            tb = m.terms(strat(m, d, pair[1], V, objective), V, objective)
            diff = m.diff(ta, tb)[0]
            if diff == 0:
                return json.dumps(None)
            return json.dumps(pair[0] if diff < 0 else pair[1])

        by_path = {}
        for sw in out["switches"]:
            by_path.setdefault(sw["path"], []).append(sw)
        paths = set(by_path) | set(out["robust"])
        for path in sorted(paths):
            holder, key = field_ref(ds, path)
            v = today_value(ds, holder, key)
            if v <= 0:
                if path in by_path:
                    probs.append("%s: value %g has switches %s" % (path, v, by_path[path]))
                continue
            lo, hi = v / 10, v * 10
            if key in FRACTIONS:
                hi = min(hi, 1 - 1e-9)
            f = lambda x: decision(with_field(ds, path, x))
            extra = [sw["switch"] for sw in by_path.get(path, [])] + [v]
            # a tie a few ulps wide at a switch of the pair is the switch
            oracle = walk(f, lo, hi, v, extra, 60, json.dumps(None))
            compare_switches(probs, path + (" (pair)" if pair else ""), oracle, by_path.get(path, []), hi,
                             lambda c, o: json.dumps(c, sort_keys=True) == o)
    return probs


def check_savings(seed, objective, workdir):
    """Section 8's switch points of savings_npv: for every field the tool
    walks but build_years (whole years), the values from a tenth to ten
    times today's where the sign of adopting All integrated now changes,
    with the signs before and after."""
    ds = genh(seed)
    fn = write(ds, workdir, "savings-%d.json" % seed)
    try:
        out = run(["switchpoints", fn, "--outcome", "savings_npv", "--strategy", "all-integrated",
                   "--format", "json", "--objective", objective])
    except RuntimeError as e:
        if "cannot be adopted now" in str(e):
            return []
        raise
    probs = []

    def decision(d):
        h = Horizon(d, objective)
        target = h.strategy("all-integrated")
        plan = [None if target[i] == h.start[i] else (0, target[i]) for i in range(len(h.L))]
        r, rows, cum = h.full(plan)
        r0 = h.outcome([None] * len(h.L))[0]
        scale = abs(r0[h.key()]) + abs(r[h.key()] + r["savings_npv"] - r0[h.key()]) + abs(r[h.key()])
        x = r["savings_npv"]
        # within the rounding of the two NPVs (1e-12 of them, as the tool
        # reads savings_npv): "zero".  Where a layer both plans run grows
        # without bound (a learning rate near 1 below its reference
        # volume), the NPVs outgrow any saving and both read "zero".
        if abs(x) <= 1e-12 * scale:
            return "zero"
        return "positive" if x > 0 else "negative"

    by_path = {}
    for sw in out["switches"]:
        by_path.setdefault(sw["path"], []).append(sw)
    for path in sorted(set(by_path) | set(out["robust"])):
        if path.endswith(".build_years") or path.endswith(".latency_ms"):
            continue
        holder, key = field_ref(ds, path)
        v = today_value(ds, holder, key)
        if v == 0:
            continue
        lo, hi = sorted((v / 10, v * 10))
        if key in FRACTIONS or key == "discount_rate":
            hi = min(hi, 1 - 1e-9)
        if key == "growth" and v < 0:
            lo = max(lo, -1 + 1e-9)
        if lo <= 0:
            continue  # a negative growth's walk: not checked here
        f = lambda x: decision(with_field(ds, path, x))
        extra = [sw["switch"] for sw in by_path.get(path, [])] + [v]
        compare_switches(probs, path, walk(f, lo, hi, v, extra, 40, "zero"), by_path.get(path, []), hi)
    return probs


def run_csv(args):
    """strata-cli's CSV answer to @args: its rows, the header first."""
    p = subprocess.run([CLI] + args, capture_output=True, text=True, timeout=300)
    if p.returncode != 0:
        raise RuntimeError("strata-cli %s: exit %d: %s" % (" ".join(args), p.returncode, p.stderr.strip()))
    return list(csv.reader(io.StringIO(p.stdout)))


def check_charts(seed, objective, workdir):
    """The charts' data (export --data, what a slide's numbers come from)
    against the oracle at the default volume: the compare chart's every
    figure, the value chain's parts and shares, the ladder's grid, and
    the tornado's numbers at their low and high (the strategy's cost with
    one number moved, swings sorted largest first)."""
    ds = gen(seed)
    fn = write(ds, workdir, "charts-%d.json" % seed)
    m = Model(ds)
    V = ds["volume"]["default"]
    probs = []
    base = ["export", fn, "--data", "--objective", objective, "-o", "-"]
    sids = ["all-neutral", "all-integrated", "optimal"]
    names = {"all-neutral": "All neutral", "all-integrated": "All integrated", "optimal": "Optimal"}

    def close(a, b):
        return rel(a, b) <= 1e-9 or abs(a - b) <= 1e-12

    rows = run_csv(base + ["--chart", "compare"] + sum((["--strategy", x] for x in sids), []))
    keys = ["unit_cost", "ecosystem_value", "effective_unit_cost", "supplier_margin", "supplier_share",
            "latency_ms", "annual_cost", "capital_at_risk", "unit_profit", "annual_profit", "effective_unit_profit"]
    for row in rows[1:]:
        sid = next(k for k, n in names.items() if n == row[0])
        ev = m.evaluate(strat(m, ds, sid, V, objective), V)
        for k, cell in zip(keys, row[2:]):
            if cell == "" and k not in ev:
                continue
            if k not in ev or not close(float(cell), ev[k]):
                probs.append("compare %s: %s csv %s oracle %s" % (row[0], k, cell, ev.get(k)))

    for sid in sids:
        ch = strat(m, ds, sid, V, objective)
        opts, integ, var, layer_cost, ifaces, smargin = m.parts(ch, V)
        uc = m.evaluate(ch, V)["unit_cost"]
        rows = run_csv(base + ["--chart", "value-chain", "--strategy", sid])
        if rows[0][-2:] != ["share of unit cost (fraction)", "interface share of unit cost (fraction)"]:
            probs.append("value chain header %s" % rows[0])
        for row in rows[1:]:
            i = [l.get("name", l["id"]) for l in m.L].index(row[2])
            o = opts[i]
            iface = 0.0
            if i + 1 < len(m.L) and not (integ[i] and integ[i + 1]):
                iface = m.L[i].get("boundary_cost", m.dbc)
            margin = var[i] * val(o["margin"]) if o["mode"] == "neutral" else 0.0
            want = [var[i], val(o.get("fixed_cost", 0.0)) / V, iface, margin,
                    val(o.get("ecosystem_value", 0.0)), o.get("latency_ms", 0),
                    layer_cost[i] / uc if uc != 0 else 0.0, iface / uc if uc != 0 else 0.0]
            for name, cell, w in zip(["variable", "fixed", "interface", "supplier margin", "ecosystem",
                                      "latency", "share", "interface share"], row[5:], want):
                if not close(float(cell), w):
                    probs.append("value chain %s %s: %s csv %s oracle %.17g" % (sid, row[2], name, cell, w))

    rows = run_csv(base + ["--chart", "ladder"])
    for row in rows[1:]:
        v = float(row[0])
        best = m.optimal(v, objective)[0]
        got = []
        for i, cell in enumerate(row[1:-1]):
            oname = cell.rsplit(" (", 1)[0]
            got.append([o.get("name", o["id"]) for o in m.L[i]["options"]].index(oname))
        if tuple(got) != best and m.obj(tuple(got), v, objective) - m.obj(best, v, objective) > 1e-9:
            probs.append("ladder csv at %g: %s oracle %s" % (v, got, best))
        if not close(float(row[-1]), m.obj(best, v, objective)):
            probs.append("ladder csv at %g: cost %s oracle %.17g" % (v, row[-1], m.obj(best, v, objective)))

    for sid in ("all-integrated", "optimal"):
        rows = run_csv(base + ["--chart", "tornado", "--strategy", sid])
        swings = []
        for row in rows[1:]:
            path, low, value, high = row[3], float(row[4]), float(row[5]), float(row[6])

            def cost(x):
                d = with_field(ds, path, x)
                mm = Model(d)
                return mm.obj(strat(mm, d, sid, V, objective), V, objective)

            at_low, base_, at_high = cost(low), cost(value), cost(high)
            for name, cell, w in (("at low", row[7], at_low), ("base", row[8], base_), ("at high", row[9], at_high)):
                if not close(float(cell), w):
                    probs.append("tornado %s %s: %s csv %s oracle %.17g" % (sid, path, name, cell, w))
            swings.append(float(row[10]))
            holder, key = field_ref(ds, path)
            x = holder[key]
            if not isinstance(x, dict) or (x["low"], x["value"], x["high"]) != (low, value, high):
                probs.append("tornado %s %s: low/value/high %s %s %s, the dataset's %s" % (sid, path, low, value, high, x))
        if swings != sorted(swings, reverse=True):
            probs.append("tornado %s: swings not largest first %s" % (sid, swings))
    return probs


def triangular(rng, x):
    """A draw of an uncertain number (section 6: triangular, mode value)."""
    if not isinstance(x, dict):
        return x
    lo, mode, hi = x["low"], x["value"], x["high"]
    if hi == lo:
        return mode
    return rng.triangular(lo, hi, mode)


def drawn(rng, ds):
    """@ds with every uncertain number replaced by a draw."""
    copy = json.loads(json.dumps(ds))
    for l in copy["layers"]:
        for o in l["options"]:
            for k in list(o):
                o[k] = triangular(rng, o[k])
    for k in copy.get("links", []):
        k["saving"] = triangular(rng, k["saving"])
    return copy


def check_montecarlo(seed, objective, workdir, draws=3000):
    """A statistical check of the Monte Carlo (its random numbers are its
    own): the oracle's own draws' distribution function at the tool's
    P10/P50/P90 of each strategy's cost is 0.1/0.5/0.9 within five
    standard errors, and so are the shares of draws where All neutral is
    cheaper than All integrated and where the optimum integrates each
    layer."""
    ds = gen(seed)
    ds["layers"] = ds["layers"][:3]
    ids = {l["id"] for l in ds["layers"]}
    if "links" in ds:
        ds["links"] = [k for k in ds["links"] if k["from"] in ids and k["to"] in ids]
        if not ds["links"]:
            del ds["links"]
    ds.pop("strategies", None)
    fn = write(ds, workdir, "montecarlo-%d.json" % seed)
    out = run(["montecarlo", fn, "--draws", "20000", "--points", "3", "--format", "json",
               "--objective", objective, "--strategy", "all-neutral", "--strategy", "all-integrated",
               "--strategy", "optimal", "--versus", "all-integrated"])
    vols = sorted({r["volume"] for r in out["results"]})
    rng = random.Random(seed)
    costs = {}
    cheaper = {v: 0 for v in vols}
    integrates = {(i, v): 0 for i in range(len(ds["layers"])) for v in vols}
    for _ in range(draws):
        d = drawn(rng, ds)
        m = Model(d)
        for v in vols:
            c = {}
            for sid in ("all-neutral", "all-integrated", "optimal"):
                ch = strat(m, d, sid, v, objective)
                c[sid] = m.obj(ch, v, objective)
                costs.setdefault((sid, v), []).append(c[sid])
                if sid == "optimal":
                    for i, k in enumerate(ch):
                        if m.opt(i, k)["mode"] == "integrated":
                            integrates[(i, v)] += 1
            if c["all-neutral"] < c["all-integrated"]:
                cheaper[v] += 1
    probs = []

    def share_ok(q, p, what, slack=0.0):
        se = math.sqrt(max(p * (1 - p), 1.0 / draws) / draws)
        if abs(q - p) > 5 * se + 0.005 + slack:
            probs.append("%s: tool %.4f oracle %.4f" % (what, p, q))

    for r in out["results"]:
        xs = costs[(r["strategy"], r["volume"])]
        for key, p in (("p10", 0.1), ("p50", 0.5), ("p90", 0.9)):
            x = r[key]
            lo = sum(1 for y in xs if y < x - 1e-9 * abs(x)) / draws
            hi = sum(1 for y in xs if y <= x + 1e-9 * abs(x)) / draws
            q = min(max(p, lo), hi)
            share_ok(q, p, "%s at %g: %s %.10g" % (r["strategy"], r["volume"], key, x))
    for pt in out["cheaper"]["points"]:
        share_ok(cheaper[pt["volume"]] / draws, pt["probability_a_cheaper"],
                 "all-neutral cheaper than all-integrated at %g" % pt["volume"], 0.01)
    for entry in out["optimal_integrates"]:
        i = [l["id"] for l in ds["layers"]].index(entry["layer"])
        for v, p in zip(vols, entry["probability"]):
            share_ok(integrates[(i, v)] / draws, p, "optimum integrates %s at %g" % (entry["layer"], v), 0.01)
    return probs


def run(args):
    """strata-cli's JSON answer to @args (a refusal raises)."""
    p = subprocess.run([CLI] + args, capture_output=True, text=True, timeout=300)
    if p.returncode != 0:
        raise RuntimeError("strata-cli %s: exit %d: %s" % (" ".join(args), p.returncode, p.stderr.strip()))
    return json.loads(p.stdout)


CASES = [
    ("evaluate", check_evaluate),
    ("ladder", check_ladder),
    ("long-ladder", check_long_ladder),
    ("breakeven", check_breakeven),
    ("long-breakeven", check_long_breakeven),
    ("roadmap", check_roadmap),
    ("switchpoints", check_switchpoints),
    ("montecarlo", check_montecarlo),
    ("savings", check_savings),
    ("charts", check_charts),
]


def main(argv):
    global CLI
    seeds, first, only, keep = 40, 0, None, None
    args = list(argv[1:])
    rest = []
    while args:
        a = args.pop(0)
        if a == "--seeds":
            seeds = int(args.pop(0))
        elif a == "--first":
            first = int(args.pop(0))
        elif a == "--only":
            only = args.pop(0)
        elif a == "--keep":
            keep = args.pop(0)
        else:
            rest.append(a)
    if len(rest) != 1:
        sys.exit(__doc__)
    CLI = rest[0]
    cases = [(n, f, o) for n, f in CASES for o in ("effective", "cash") if only in (None, n)]
    workdir = keep or tempfile.mkdtemp(prefix="strata-oracle-")
    os.makedirs(workdir, exist_ok=True)
    print("1..%d" % len(cases))
    failed = 0
    try:
        for k, (name, fn, objective) in enumerate(cases, 1):
            bad = []
            for seed in range(first, first + seeds):
                try:
                    probs = fn(seed, objective, workdir)
                except Exception as e:  # a refusal or a crash is a disagreement too
                    probs = ["%s: %s" % (type(e).__name__, e)]
                if probs:
                    bad.append((seed, probs))
            title = "%s, objective %s, seeds %d-%d" % (name, objective, first, first + seeds - 1)
            if bad:
                failed += 1
                print("not ok %d - %s" % (k, title))
                for seed, probs in bad:
                    print("# seed %d:" % seed)
                    for p in probs[:8]:
                        print("#     %s" % p)
            else:
                print("ok %d - %s" % (k, title))
            sys.stdout.flush()
    finally:
        if keep is None:
            shutil.rmtree(workdir, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

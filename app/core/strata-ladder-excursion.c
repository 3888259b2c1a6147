/* strata-ladder-excursion.c: the flips of an option cheapest over a band
 * narrower than a grid interval (MODEL.md section 5)
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "strata-model"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "strata/strata-model.h"

#include "strata-ladder-excursion-private.h"

/*
 * The ladder locates a layer's flips where its option differs at the two
 * ends of a grid interval, by bisection: one change each time.  An option
 * cheapest over a band narrower than the interval (a price and a fixed
 * cost against a learning curve cross twice) leaves the same option at
 * both ends, or (A -> B -> A -> C) shows only the last change, and the
 * band's two flips were lost: on stacks of 40 layers of 6 options, 4 of
 * 60 random datasets had one at the default 64 points, found by a dense
 * scan of the exact optimum (MODEL.md asks for every volume where a
 * layer's optimal option changes).
 *
 * The interval is cut at the flips located in it; over each part the
 * strategy X the lower end and those flips give is the context.  For each
 * layer i, running x in X, and each other option k the interval's window
 * keeps for it (an option optimal anywhere in the interval is in the
 * window), X with i swapped to k differs from X in i's own cost, its two
 * interfaces, and the variable costs of the integrated layers its links
 * reach (their co-design factor turns with i's mode):
 *
 *   D (t) = side (k, t) - side (x, t),   t = ln V.
 *
 * Each side is a constant, a fixed cost F e^-t and variable costs
 * max (floor, c e^(e t)) (e <= 0): each term convex and non-increasing in
 * t.  Over [t_u, t_w] D is therefore at least the larger of two bounds:
 * k's side at w less x's at u (both non-increasing); and k's side's
 * tangent at the middle less x's chord, a line whose least is at an end.
 * A branch and bound in t prunes where the bound is above -margin,
 * halves the part of least bound first, and stops at the first midpoint
 * where D < -margin: there the swap beats X, so X is not the optimum,
 * and the volume is a probe.  Each probe is solved; a layer whose option
 * there is not the one its flips say has its flips located again between
 * the interval's ends and every probe, as any other flip (a probe only
 * adds points to bisect from).  In rounds, so that a band found inside
 * another shows in the next round's contexts.
 *
 * Two layers an interface or links join may be cheaper moved together
 * over a band where neither alone is: the same search over the pair's
 * side with both swapped, for the pairs of options whose single swaps'
 * bounds leave room for it (_strata_ladder_pair_gain_bound ()).  Three
 * neighbours or more no link touches may be cheaper moved together, each
 * pair of them saving its interface, where no one or two of them are:
 * runs whose single swaps' bounds less their interfaces leave room for
 * it are searched as a chain of their candidates
 * (strata-ladder-excursion-run.c).  Three layers links join, the same
 * way, by the terms that read two or three of them
 * (strata-ladder-excursion-triple.c).  An excursion of four layers or
 * more that links join is not probed (but on a stack whose every
 * strategy strata-ladder-tiny.c lists: there every strategy is tried,
 * _strata_ladder_tiny_probes ()), nor a band within OWN_GAP of one of
 * its layer's own flips (there D is 0 at the flip, and the search would
 * follow it down to its rounding).
 */

#define PROBE_BUDGET 96  /* midpoints asked per layer and option */
#define PROBE_OPEN   48  /* parts of the interval kept open at once */
#define MAX_PROBES   64  /* probes of an interval */
#define PROBE_ROUNDS 4

/* The part of the objective's cost at volume @v that depends on layer @i
 * running option @o, the other layers as @x: its own cost, its two
 * interfaces, and the variable costs of the integrated layers its links
 * reach.  @curve (nullable): @o's learning curve at @v, known (the
 * window's at its ends: plan_curve (), the same double). */
static Side
side_at_curve (const Plan   *plan,
               const guint  *x,
               guint         i,
               guint         o,
               double        v,
               const double *curve)
{
  const StrataDataset *ds = plan->dataset;
  const PlanOption *opt = &plan->packed[plan->opt_offset[i] + o];
  int m = opt->mode;
  Side side = { opt->fixed / v, -opt->fixed / v, TRUE, opt->fixed, 0 };
  Choice c = { x, i, o, G_MAXUINT, 0 };
  /* What every factor below reads (a layer no link touches reads none). */
  guint32 modes = plan->linked_pos[i] >= 0 ? choice_linked_modes (plan, &c) : 0;

  side_add_variable (plan, &side, i, o, v,
                     m == STRATA_MODE_INTEGRATED && plan->linked_pos[i] >= 0
                       ? choice_factor (plan, &c, modes, i) : 1.0, curve);
  /* (The packed ecosystem value is the objective's: 0 under cash.) */
  if (plan->objective == STRATA_OBJECTIVE_EFFECTIVE)
    side.value -= opt->eco;
  if (i > 0 && interface_paid (choice_mode (plan, x, i - 1), m))
    side.value += plan->iface[i - 1];
  if (i + 1 < plan->n_layers && interface_paid (m, choice_mode (plan, x, i + 1)))
    side.value += plan->iface[i];
  if (plan->linked_pos[i] < 0)
    return side;

  /* The links from i in dataset order (the sum's order), each target
   * once: at its first link from i. */
  {
    guint p = (guint) plan->linked_pos[i], nl = plan->n_linked;

    for (guint q = plan->out_start[p]; q < plan->out_start[p + 1]; q++)
      {
        guint l = plan->out_list[q], t = ds->links[l].to;

        if (t == i || choice_mode (plan, x, t) != STRATA_MODE_INTEGRATED ||
            plan->first_link[(gsize) p * nl + plan->out_to[q]] != l)
          continue;
        side_add_variable (plan, &side, t, x[t], v, choice_factor (plan, &c, modes, t), NULL);
      }
  }
  return side;
}


/* The swap's side at @v: with its options (@to), else the context's. */
static Side
swap_side (const Plan  *plan,
           const guint *ctx,
           const Swap  *sw,
           gboolean     to,
           double       v)
{
  Choice c;

  if (sw->n == 3)
    return _strata_ladder_triple_side (plan, to ? sw->y : ctx, sw->layer, v);
  if (sw->n == 1)
    return side_at_curve (plan, ctx, sw->layer[0], to ? sw->to[0] : ctx[sw->layer[0]], v, NULL);
  c.x = ctx;
  c.i = sw->layer[0];
  c.j = sw->layer[1];
  c.oi = to ? sw->to[0] : ctx[c.i];
  c.oj = to ? sw->to[1] : ctx[c.j];
  return _strata_ladder_pair_side (plan, &c, v);
}

/* The least D = k - x can be over [@u, @w], from k's side at @w and x's
 * at @u: their constants' difference, the fixed costs' (F e^-t, one
 * term: its least at an end) and the variable costs' (each falls, so k's
 * are at least theirs at w and x's at most theirs at u).  Never below
 * k (w) - x (u), the bound of the sides as wholes. */
static inline double
split_bound (const Side *k_w,
             double      w,
             const Side *x_u,
             double      u)
{
  double kk = k_w->value - k_w->fixed / w - k_w->var;
  double kx = x_u->value - x_u->fixed / u - x_u->var;
  double df = k_w->fixed - x_u->fixed;

  return kk - kx + MIN (df / u, df / w) + (k_w->var - x_u->var);
}

/* A part [u, w] of the branch and bound: x's side at both ends. */
typedef struct
{
  double   u, w, bound;
  Side     x_u, x_w;
  gboolean k_convex;  /* k's side below its cap at u, so over the part */
} Part;

/* The least D over @part can be (see above), k's side at its middle
 * into @k_mid. */
static double
part_bound (const Plan  *plan,
            const guint *ctx,
            const Swap  *sw,
            const Part  *part,
            Side        *k_mid)
{
  double mid = sqrt (part->u * part->w), half = 0.5 * log (part->w / part->u);
  Side k_w = swap_side (plan, ctx, sw, TRUE, part->w);
  double bound = split_bound (&k_w, part->w, &part->x_u, part->u);

  *k_mid = swap_side (plan, ctx, sw, TRUE, mid);
  if (part->k_convex && part->x_u.convex)
    {
      double at_u = k_mid->value - k_mid->slope * half - part->x_u.value;
      double at_w = k_mid->value + k_mid->slope * half - part->x_w.value;

      bound = MAX (bound, MIN (at_u, at_w));
    }
  return bound;
}

/* A volume in (@lo, @hi) where the swap @sw beats its options in @ctx
 * by more than @margin, the rest as @ctx, or 0 when the branch and bound
 * finds none: the part of least bound first, so that a narrow band is
 * reached before the search spends itself where D only comes near 0.
 * @x_lo: x's side at @lo; @x_hi: at @hi, or NAN until a search needs it
 * (then set). */
double
_strata_ladder_swap_probe (const Plan  *plan,
                           const guint *ctx,
                           const Swap  *sw,
                           const Side  *x_lo,
                           Side        *x_hi,
                           double       lo,
                           double       hi,
                           double       margin,
                           double      *cheap,
                           Side        *k_hi_out)
{
  Part open[PROBE_OPEN];
  Side k_mid, k_hi;
  guint n_open = 0;
  /* The least bound of the parts the search closed without a probe
   * (together they cover [lo, hi]): D is at least it. */
  double closed = INFINITY, least;
  /* Parts where D may be below edge are searched: -margin, or an exact
   * tie's +TIE_SHARE margin where the tie rule gives the tie to the swap. */
  double tie = TIE_SHARE * margin, edge = sw->favoured ? tie : -margin;

  /* Most swaps stay dearer by the cheap bound alone (D over the part is
   * at least it: into @cheap, nullable; then raised to what the search
   * proved). */
  k_hi = sw->n == 1 ? side_at_curve (plan, ctx, sw->layer[0], sw->to[0], hi, sw->curve_hi)
                    : swap_side (plan, ctx, sw, TRUE, hi);
  least = split_bound (&k_hi, hi, x_lo, lo);
  if (k_hi_out != NULL)
    *k_hi_out = k_hi;
  if (cheap != NULL)
    *cheap = least;
  if (least > edge)
    return 0;
  /* x's side at hi, once per part of the interval (NAN: not yet). */
  if (isnan (x_hi->value))
    *x_hi = swap_side (plan, ctx, sw, FALSE, hi);
  open[0].u = lo;
  open[0].w = hi;
  open[0].x_u = *x_lo;
  open[0].x_w = *x_hi;
  open[0].k_convex = swap_side (plan, ctx, sw, TRUE, lo).convex;
  open[0].bound = part_bound (plan, ctx, sw, &open[0], &k_mid);
  n_open = open[0].bound <= edge;
  if (n_open == 0)
    closed = open[0].bound;
  for (guint budget = 0; n_open > 0 && budget < PROBE_BUDGET; budget++)
    {
      guint best = 0;
      Part part;
      Side x_mid;
      double mid, d_mid;

      for (guint e = 1; e < n_open; e++)
        if (open[e].bound < open[best].bound)
          best = e;
      part = open[best];
      open[best] = open[--n_open];
      mid = sqrt (part.u * part.w);
      if (!(mid > part.u && mid < part.w))
        {
          closed = MIN (closed, part.bound);
          continue;
        }
      x_mid = swap_side (plan, ctx, sw, FALSE, mid);
      d_mid = swap_side (plan, ctx, sw, TRUE, mid).value - x_mid.value;
      if (d_mid < -margin || (sw->favoured && fabs (d_mid) <= tie))
        return mid;
      if (part.w / part.u - 1 <= STRATA_VOLUME_PRECISION)
        {
          closed = MIN (closed, part.bound);
          continue;
        }
      for (int h = 0; h < 2; h++)
        {
          Part *child = &open[n_open];

          if (n_open == PROBE_OPEN)
            {
              closed = MIN (closed, part.bound);
              break;
            }
          child->u = h ? mid : part.u;
          child->w = h ? part.w : mid;
          child->x_u = h ? x_mid : part.x_u;
          child->x_w = h ? part.x_w : x_mid;
          child->k_convex = part.k_convex;
          child->bound = part_bound (plan, ctx, sw, child, &k_mid);
          if (child->bound <= edge)
            n_open++;
          else
            closed = MIN (closed, child->bound);
        }
    }
  for (guint e = 0; e < n_open; e++)
    closed = MIN (closed, open[e].bound);
  if (cheap != NULL)
    *cheap = MAX (*cheap, closed);
  return 0;
}


/* What a swap's tangent reads of its context: layer @i's neighbours'
 * modes (1 | bit 1 the one below integrated | bit 2 the one above). */
static inline guint8
anchor_key (const Plan  *plan,
            const guint *ctx,
            guint        i)
{
  return (guint8) (1 | (i > 0 && choice_mode (plan, ctx, i - 1) == STRATA_MODE_INTEGRATED) << 1 |
                   (i + 1 < plan->n_layers &&
                    choice_mode (plan, ctx, i + 1) == STRATA_MODE_INTEGRATED) << 2);
}

/* Keeps option @k of layer @i's side at @v (@k_v) as its tangent, for
 * the parts after: a layer no link touches, its side below its cap
 * there (so convex from there on). */
static inline void
anchor_set (Locator     *loc,
            const Plan  *plan,
            guint8       key,
            guint        i,
            guint        k,
            double       v,
            const Side  *k_v)
{
  guint idx = plan->opt_offset[i] + k;

  if (key == 0 || !k_v->convex || !(k_v->slope <= 0))
    return;
  loc->anchor[4 * idx] = v;
  loc->anchor[4 * idx + 1] = v == loc->hi ? loc->log_hi : log (v);
  loc->anchor[4 * idx + 2] = k_v->value;
  loc->anchor[4 * idx + 3] = k_v->slope;
  loc->anchor_key[idx] = key;
}

/* Whether the swap of layer @i to @k stays dearer than the context over
 * [@a, @b] by its tangent kept at a volume u <= @a with the same
 * neighbours' modes: k's side is convex from u on, so above that line,
 * which falls, so at least its value at @b; x's side falls, so at most
 * @x_a.  D over the part is at least the difference: into @cheap. */
static inline gboolean
anchor_holds (Locator     *loc,
              const Plan  *plan,
              guint8       key,
              guint        i,
              guint        k,
              guint        x,
              double       a,
              double       b,
              double       x_a,
              double       margin,
              double      *cheap)
{
  guint idx = plan->opt_offset[i] + k;
  const double *t = loc->anchor + 4 * (gsize) idx;

  if (key == 0 || loc->anchor_key[idx] != key || !(t[0] <= a))
    return FALSE;
  *cheap = t[2] + t[3] * ((b == loc->hi ? loc->log_hi : log (b)) - t[1]) - x_a;
  /* (Within the margin, the tie rule says: swap_probe ()'s edge.) */
  return *cheap > TIE_SHARE * margin || (*cheap > -margin && !tie_favours (plan, i, k, x));
}

/* Whether every other candidate of layer @i (@q0 to @q1 of the window)
 * stays dearer than the context's @x over [@a, @b] by its tangent
 * (anchor_holds ()), x's side at @a bounded by its value kept at a
 * volume before (x's side falls): then the part needs no side worked
 * out.  Each bound into @least and @cand_least. */
static gboolean
anchors_hold (Locator    *loc,
              const Plan *plan,
              guint8      key,
              guint       i,
              guint       x,
              guint       q0,
              guint       q1,
              double      a,
              double      b,
              double      margin,
              double     *least,
              double     *cand_least)
{
  const double *t = loc->anchor + 4 * (gsize) (plan->opt_offset[i] + x);
  double cheap[16];

  if (key == 0 || loc->anchor_key[plan->opt_offset[i] + x] != key || !(t[0] <= a) ||
      q1 - q0 > G_N_ELEMENTS (cheap))
    return FALSE;
  for (guint q = q0; q < q1; q++)
    {
      guint k = plan_option_at (plan, q);

      if (k != x && !anchor_holds (loc, plan, key, i, k, x, a, b, t[2], margin, &cheap[q - q0]))
        return FALSE;
    }
  for (guint q = q0; q < q1; q++)
    if (plan_option_at (plan, q) != x)
      {
        *least = MIN (*least, cheap[q - q0]);
        cand_least[plan_slot (plan, i, q)] = MIN (cand_least[plan_slot (plan, i, q)], cheap[q - q0]);
      }
  return TRUE;
}

/* The least sum of single swaps' bounds less interfaces of a run of
 * neighbours no link touches ending at the layer before, whether it
 * continues, and whether some run's is below -margin
 * (strata-ladder-excursion-run.c). */
typedef struct
{
  double   below;
  gboolean on, any;
} RunSums;

/* Layer @i's single swaps' least bound @least (NAN: it is in no run) into
 * @rs, and the least run ending at it into rd->below (NAN: none). */
static inline void
run_sums_add (Round    *rd,
              RunSums  *rs,
              guint     i,
              double    least)
{
  const Plan *plan = rd->plan;

  rd->below[i] = NAN;
  if (isnan (least) || plan->linked_pos[i] >= 0)
    {
      rs->on = FALSE;
      return;
    }
  rs->below = least + (rs->on ? MIN (0, rs->below - fabs (plan->iface[i - 1])) : 0);
  rs->any |= !(rs->below > -rd->margin);
  rd->below[i] = CLAMP (rs->below, -1e300, 1e300);
  rs->on = TRUE;
}

/* The probes of swaps of two layers or more, after the single swaps'
 * (@runs: a run of neighbours may be cheaper moved together). */
static guint
swaps_probes (Round   *rd,
              gboolean runs,
              double  *probes,
              guint    max_probes)
{
  guint m = rd->plan->n_linked, n_probes = 0;
  g_autofree double *gains = rd->gains = m > 0 ? g_new (double, (gsize) m * m) : NULL;

  if (n_probes < max_probes)
    n_probes += _strata_ladder_pair_probes (rd, probes + n_probes, max_probes - n_probes);
  if (runs && n_probes < max_probes)
    n_probes += _strata_ladder_run_probes (rd, probes + n_probes, max_probes - n_probes);
  if (n_probes < max_probes)
    n_probes += _strata_ladder_triple_probes (rd, probes + n_probes, max_probes - n_probes);
  return n_probes;
}

/* Probes over [@lo, @hi] for every layer of two candidates or more, over
 * each part between the flips @cuts (@n_cuts, ascending) of the layers
 * its side reads, @ctx (the strategy at @lo) following them and put back
 * after. */
static guint
excursion_probes (Locator          *loc,
                  const Plan       *plan,
                  double            lo,
                  double            hi,
                  guint            *ctx,
                  const StrataFlip *cuts,
                  guint             n_cuts,
                  double            margin,
                  double           *probes,
                  guint             max_probes)
{
  guint n_probes = 0, n = plan->n_layers;
  RunSums rs = { 0, FALSE, FALSE };
  Round rd = { plan, lo, hi, margin, ctx, cuts, n_cuts, loc->exc_b, FALSE, loc->exc_d,
               loc->exc_d + 3 * (gsize) n, loc->exc_d + n, loc->exc_u + n,
               loc->exc_d + 2 * (gsize) n };
  guint8 *cut = rd.cut;
  double *single_least = rd.single_least, *cand_least = rd.cand_least;

  /* A very short stack: every strategy (strata-ladder-tiny.c, _strata_ladder_tiny_probes ()). */
  if (_strata_ladder_tiny_probes (loc->tiny, plan, lo, hi, ctx, cuts, n_cuts, margin, probes,
                                  max_probes, &n_probes))
    return n_probes;
  memset (cut, 0, n);
  for (guint i = 0; i < n; i++)
    single_least[i] = -INFINITY;
  /* The layers that flip here: most layers read none of them. */
  for (guint c = 0; c < n_cuts; c++)
    {
      cut[cuts[c].layer] = 1;
      rd.linked_cut |= plan->linked_pos[cuts[c].layer] >= 0;
    }
  for (guint i = 0; i < n && n_probes < max_probes; i++)
    {
      guint q0, q1, n_read;
      double at = lo;
      Side x_lo, x_hi, k_hi;
      Swap sw = { 1, { 0, 0, 0 }, { 0, 0, 0 }, NULL, FALSE, NULL };
      gboolean reads, ends, own_start = FALSE;
      guint8 key = 0;
      double least = INFINITY, cheap = 0;

      plan_options (plan, i, &q0, &q1);
      if (q1 - q0 < 2)
        {
          run_sums_add (&rd, &rs, i, NAN);
          continue;
        }
      for (guint q = q0; q < q1; q++)
        cand_least[plan_slot (plan, i, q)] = INFINITY;
      reads = cut[i] || (i > 0 && cut[i - 1]) || (i + 1 < n && cut[i + 1]) ||
              (plan->linked_pos[i] >= 0 && rd.linked_cut);
      n_read = reads ? n_cuts : 0;
      for (guint c = 0; c <= n_read && n_probes < max_probes; c++)
        {
          double to, a, b;
          gboolean own_end;

          if (c < n_read && !reads_layer (plan, i, cuts[c].layer))
            continue;
          to = c < n_read ? cuts[c].volume : hi;
          own_end = c < n_read && cuts[c].layer == i;
          /* Next to a flip of its own, D is 0 at the flip: a band is
           * looked for from OWN_GAP of it on, not down to its rounding. */
          a = own_start ? at * (1 + OWN_GAP) : at;
          b = own_end ? to * (1 - OWN_GAP) : to;
          /* Over the whole window, the curves it holds at its ends. */
          ends = plan->window != NULL && a == plan->window->lo && b == plan->window->hi;
          if (b > a)
            {
              const double *x_curve = NULL;

              /* (A layer a link touches reads more of the context.) */
              key = plan->linked_pos[i] < 0 && loc->anchor != NULL ? anchor_key (plan, ctx, i) : 0;
              if (anchors_hold (loc, plan, key, i, ctx[i], q0, q1, a, b, margin, &least, cand_least))
                goto next_part;
              for (guint q = q0; q < q1 && ends && x_curve == NULL; q++)
                if (plan_option_at (plan, q) == ctx[i])
                  x_curve = &plan->window->curve_lo[q];
              x_lo = side_at_curve (plan, ctx, i, ctx[i], a, x_curve);
              x_hi.value = NAN;
              anchor_set (loc, plan, key, i, ctx[i], a, &x_lo);
            }
          for (guint q = q0; q < q1 && n_probes < max_probes && b > a; q++)
            {
              guint k = plan_option_at (plan, q);
              double v;

              if (k == ctx[i])
                continue;
              if (anchor_holds (loc, plan, key, i, k, ctx[i], a, b, x_lo.value, margin, &cheap))
                {
                  least = MIN (least, cheap);
                  cand_least[plan_slot (plan, i, q)] = MIN (cand_least[plan_slot (plan, i, q)], cheap);
                  continue;
                }
              sw.layer[0] = i;
              sw.to[0] = k;
              sw.favoured = tie_favours (plan, i, k, ctx[i]);
              sw.curve_hi = ends ? &plan->window->curve_hi[q] : NULL;
              v = _strata_ladder_swap_probe (plan, ctx, &sw, &x_lo, &x_hi, a, b, margin, &cheap, &k_hi);
              anchor_set (loc, plan, key, i, k, b, &k_hi);
              if (v > 0)
                probes[n_probes++] = v;
              least = MIN (least, cheap);
              cand_least[plan_slot (plan, i, q)] = MIN (cand_least[plan_slot (plan, i, q)], cheap);
            }
        next_part:
          if (c < n_read)
            {
              ctx[cuts[c].layer] = cuts[c].to_option;
              at = to;
            }
          own_start = own_end;
        }
      for (guint c = n_read; c-- > 0;)
        if (reads_layer (plan, i, cuts[c].layer))
          ctx[cuts[c].layer] = cuts[c].from_option;
      single_least[i] = least;
      run_sums_add (&rd, &rs, i, least);
    }
  return n_probes + swaps_probes (&rd, rs.any, probes + n_probes, max_probes - n_probes);
}

/* Layer @i's option at @v by the flips @cuts (@n_cuts, ascending) from
 * @from at the interval's lower end. */
static guint
option_by_flips (const StrataFlip *cuts,
                 guint             n_cuts,
                 guint             i,
                 guint             from,
                 double            v)
{
  for (guint c = 0; c < n_cuts && cuts[c].volume < v; c++)
    if (cuts[c].layer == i)
      from = cuts[c].to_option;
  return from;
}

/* Sorts @probes (@n of them) ascending, each with its row of @rows. */
static void
sort_probes (double *probes,
             guint  *rows,
             guint   n,
             guint   n_layers)
{
  for (guint s = 1; s < n; s++)
    for (guint t = s; t > 0 && probes[t - 1] > probes[t]; t--)
      {
        double v = probes[t];

        probes[t] = probes[t - 1];
        probes[t - 1] = v;
        for (guint i = 0; i < n_layers; i++)
          {
            guint k = rows[(gsize) t * n_layers + i];

            rows[(gsize) t * n_layers + i] = rows[(gsize) (t - 1) * n_layers + i];
            rows[(gsize) (t - 1) * n_layers + i] = k;
          }
      }
}

/* One round: new probes, their optima, and the flips located again of
 * every layer a probe contradicts; TRUE when some were. */
static gboolean
excursion_round (Locator     *loc,
                 const guint *row_lo,
                 const guint *row_hi,
                 guint        first_flip,
                 double       margin,
                 double      *probes,
                 guint      **rows,
                 guint       *n_probes)
{
  const Plan *plan = loc->plan;
  guint n = plan->n_layers, n_cuts = loc->flips->len - first_flip, n_old = *n_probes, found;
  /* (An empty list may hold no data: no pointer into it then.) */
  g_autofree StrataFlip *cuts = n_cuts == 0 ? NULL
                              : g_memdup2 (&g_array_index (loc->flips, StrataFlip, first_flip),
                                           n_cuts * sizeof (StrataFlip));
  guint *ctx = memcpy (loc->exc_u, row_lo, n * sizeof (guint));
  gboolean moved = FALSE;

  if (n_cuts > 1)
    qsort (cuts, n_cuts, sizeof (StrataFlip), _strata_ladder_compare_flips);
  found = excursion_probes (loc, plan, loc->lo, loc->hi, ctx, cuts, n_cuts, margin,
                            probes + n_old, MAX_PROBES - n_old);
  /* A swap the last round probed, its part unchanged, comes back at the
   * same volume: solved already. */
  for (guint s = n_old, kept = n_old; s < n_old + found; s++)
    {
      gboolean seen = FALSE;

      for (guint t = 0; t < kept && !seen; t++)
        seen = probes[t] == probes[s];
      if (!seen)
        probes[kept++] = probes[s];
      if (s + 1 == n_old + found)
        found = kept - n_old;
    }
  if (found == 0)
    return FALSE;
  if (*rows == NULL)
    *rows = g_new (guint, (gsize) MAX_PROBES * n);
  for (guint s = n_old; s < n_old + found; s++)
    _strata_plan_optimize_below (loc->plan, probes[s], *rows + (gsize) s * n, n - 1);
  *n_probes = n_old + found;
  loc->stats->excursion_probes += found;
  sort_probes (probes, *rows, *n_probes, n);

  for (guint i = 0; i < n && !job_cancelled (loc->job); i++)
    {
      guint from = row_lo[i], s;
      double at = loc->lo;

      for (s = 0; s < *n_probes; s++)
        if ((*rows)[(gsize) s * n + i] != option_by_flips (cuts, n_cuts, i, row_lo[i], probes[s]))
          break;
      if (s == *n_probes)
        continue;
      moved = TRUE;
      for (guint f = loc->flips->len; f-- > first_flip;)
        if (g_array_index (loc->flips, StrataFlip, f).layer == i)
          g_array_remove_index_fast (loc->flips, f);
      for (s = 0; s <= *n_probes; s++)
        {
          guint to = s < *n_probes ? (*rows)[(gsize) s * n + i] : row_hi[i];
          double v = s < *n_probes ? probes[s] : loc->hi;

          if (to != from)
            _strata_ladder_locate_flips (loc, i, at, from, v, to);
          from = to;
          at = v;
        }
    }
  return moved;
}

void
_strata_ladder_excursions (Locator     *loc,
                           const guint *row_lo,
                           const guint *row_hi,
                           guint        first_flip,
                           double       margin)
{
  double probes[MAX_PROBES];
  g_autofree guint *rows = NULL;
  guint n_probes = 0;

  if (!(loc->hi > loc->lo))
    return;
  loc->log_hi = log (loc->hi);
  for (guint r = 0; r < PROBE_ROUNDS && !job_cancelled (loc->job); r++)
    if (!excursion_round (loc, row_lo, row_hi, first_flip, margin, probes, &rows, &n_probes))
      break;
}

/* A one-layer swap's gap for _strata_ladder_solve (): @to's side less @from's. */
typedef struct
{
  const Plan  *plan;
  const guint *ctx;
  guint        layer, from, to;
} SwapGap;

static double
swap_gap (gconstpointer data,
          double        volume,
          double       *slope)
{
  const SwapGap *g = data;
  Side a = side_at_curve (g->plan, g->ctx, g->layer, g->from, volume, NULL);
  Side b = side_at_curve (g->plan, g->ctx, g->layer, g->to, volume, NULL);

  *slope = b.slope - a.slope;
  return b.value - a.value;
}

double
_strata_ladder_swap_root (const Plan  *plan,
                          const guint *ctx,
                          guint        layer,
                          guint        from,
                          guint        to,
                          double       lo,
                          double       hi)
{
  SwapGap g = { plan, ctx, layer, from, to };
  double slope, fx = swap_gap (&g, lo, &slope), fy = swap_gap (&g, hi, &slope);

  return !(fx > 0 && fy < 0) ? NAN : _strata_ladder_solve (swap_gap, &g, 0, lo, hi, fx, fy,
                                                            1e-11 * (fx - fy) / log (hi / lo));
}

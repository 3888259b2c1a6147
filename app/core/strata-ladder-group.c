/* strata-ladder-group.c: a bisection step decided by the few layers
 * that may change around the flipping one
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "strata-model"

#include "config.h"

#include <float.h>
#include <math.h>

#include "strata/strata-model.h"

#include "strata-ladder-private.h"

/*
 * Certificate (e) of strata-ladder-private.h (issue 15): a step the
 * others leave to a full optimum (a linked layer's change of mode, whose
 * pattern of linked modes turns; a neighbour's mode not certain), from
 * the interval's sets alone.
 *
 * The interval's bounds give each layer the set of its options that may
 * be in a strategy within SLOP of the cheapest somewhere in the interval
 * (strata-ladder-bounds.c); the optimizer's answer X is within SLOP of
 * the cheapest (certificate (a)), so every layer of X runs an option of
 * its set.  Let D be the layers whose set holds more than one option,
 * and C the part of D that the flipping layer i belongs to when two
 * layers of D are joined if they are neighbours, if a link joins them,
 * or if links from both reach one integrated layer outside D.  Over the
 * strategies of the sets, the cost is then F (the choices of C) plus
 * what the other layers of D choose plus a constant, exactly: C's own
 * costs with their co-design factors, the costs of the integrated layers
 * outside D that links from C reach (their factors turn with C), and the
 * interfaces next to a layer of C, whose other side is in C or runs the
 * one option of its set.  Let m be the choice of C of least F.  X runs
 * on C a choice within 2 SLOP of F (m) (and the rounding of the sums):
 * with a choice m' dearer than that, X would cost more than the same
 * strategy with m by 2 SLOP, more than the cheapest by SLOP.  When every
 * choice within 2 SLOP of m gives layer i the same option (m's alone,
 * or others that differ from it elsewhere, such as an option repeated
 * on another layer), that is layer i's option in X, and the step needs
 * no full optimum.
 *
 * Near the flip the two choices that meet there, m1 (the cheaper) and
 * m2, are within 2 SLOP of each other.  When they are the only ones
 * there, X runs one of the two strategies they make.  If they
 * run different patterns of the linked layers' modes, their keys in the
 * optimizer's search differ by F (m2) - F (m1) up to the rounding of
 * the keys' sums (the other terms are the same doubles), and the search
 * keeps (whatever the order it meets them in, and no cut drops the one
 * kept): the cheaper beyond the tie tolerance (1e-12 of the larger
 * magnitude, which lies between the interval's bounds), else the one
 * with fewer integrated layers, else the one whose choices come first
 * (they differ only on the group).  If they run one pattern, the
 * reconstruction's walk decides at the lowest layer where they differ,
 * between totals that differ by the same up to rounding, by the same
 * rule: its first pass keeps the better (cheaper beyond the tolerance,
 * else fewer integrated layers), its second the first option tied with
 * that, the earlier in the dataset; its totals' other parts are the
 * same doubles.  The search meets the other groups' choices too, and
 * the tolerance is not transitive: it is replayed only where every
 * other group has one choice cheaper than all its others by 2 SLOP
 * (checked over the whole bracket at once where bounds from its ends
 * tell, which serves the steps after within it).  Where the difference
 * is too near the tolerance for the magnitudes' bounds, the step is left
 * to a full optimum.  (Working out the two strategies' magnitudes there
 * instead, every other group decided, was tried: on 1000 x 40 with links
 * among 20 it told 10 more steps and cost 12 % more instructions.)
 *
 * Away from the flip most steps are told without working anything out,
 * by the group's fast-forward (group_forward ()).
 */

/* The rounding of a sum of F against its exact value: units of the last
 * place of its magnitude. */
#define GROUP_ROUNDING (64 * DBL_EPSILON)

#define GROUP_PARTS (3 * (GROUP_MAX_LAYERS * GROUP_MAX_OPTIONS + GROUP_MAX_LAYERS))

/* The mode the layer at @slot runs in the choice @pick. */
static inline int
slot_mode (const LadderGroup *g,
           const guint       *pick,
           gint8              slot)
{
  return slot >= 0 ? g->mode[slot][pick[slot]]
                   : slot == -1 ? STRATA_MODE_INTEGRATED : STRATA_MODE_NEUTRAL;
}

/* Option @k of layer @j at @volume: its base and the rest of its cost. */
static inline void
option_parts (const Plan *plan,
              guint       j,
              guint       k,
              double      volume,
              double     *base,
              double     *rest,
              double     *rest_mag)
{
  const StrataOption *option = &plan->dataset->layers[j].options[k];
  double fixed = option->fixed_cost.value / volume;
  double eco = plan->objective == STRATA_OBJECTIVE_CASH ? 0.0 : option->ecosystem_value.value;

  *base = ladder_variable_base (plan, j, k, volume);
  *rest = fixed - eco;
  *rest_mag = fabs (fixed) + fabs (eco);
}

/* Term @c of the choice @pick (a layer of the group, then a target):
 * its layer, option and co-design factor, and where its parts are. */
static inline guint
group_term (const Locator     *loc,
            const LadderGroup *g,
            const guint       *pick,
            guint              c,
            guint             *j,
            guint             *k,
            double            *f)
{
  gboolean own = c < g->n_layers;

  *j = own ? g->layers[c] : g->targets[c - g->n_layers];
  *k = own ? g->options[c][pick[c]] : set_only (loc, *j);
  *f = 1.0;
  if (!own || g->mode[c][pick[c]] == STRATA_MODE_INTEGRATED)
    for (guint l = g->link_start[c]; l < g->link_start[c + 1]; l++)
      if (slot_mode (g, pick, g->link_slot[l]) == STRATA_MODE_INTEGRATED)
        *f *= g->link_mult[l];
  return 3 * (own ? c * GROUP_MAX_OPTIONS + pick[c] : g->n_layers * GROUP_MAX_OPTIONS + c - g->n_layers);
}

/* The interfaces of the choice @pick: what they add, and to its
 * magnitude. */
static double
group_ifaces (const Locator     *loc,
              const LadderGroup *g,
              const guint       *pick,
              double            *mag)
{
  double cost = 0;

  for (guint q = 0; q < g->n_ifaces; q++)
    {
      guint e = g->ifaces[q];

      if (interface_paid (slot_mode (g, pick, g->iface_slot[q][0]),
                          slot_mode (g, pick, g->iface_slot[q][1])))
        {
          cost += loc->plan->iface[e];
          *mag += fabs (loc->plan->iface[e]);
        }
    }
  return cost;
}

/* F of the choice @pick at @volume and its magnitude (@parts: each
 * group option's and target's base, rest and magnitude of the rest). */
static double
group_cost (const Locator     *loc,
            const LadderGroup *g,
            const guint       *pick,
            const double      *parts,
            double            *mag)
{
  double cost = 0;

  *mag = 0;
  for (guint c = 0; c < g->n_layers + g->n_targets; c++)
    {
      guint j, k;
      double f;
      const double *p = parts + group_term (loc, g, pick, c, &j, &k, &f);

      cost += p[0] * f + p[1];
      *mag += fabs (p[0] * f) + p[2];
    }
  return cost + group_ifaces (loc, g, pick, mag);
}

/* Bounds of F of the choice @pick over [x, y] and of its magnitude, from
 * the parts at both ends (a base and the rest are each monotone). */
static void
group_cost_over (const Locator     *loc,
                 const LadderGroup *g,
                 const guint       *pick,
                 const double      *parts_x,
                 const double      *parts_y,
                 double            *lo,
                 double            *hi,
                 double            *mag)
{
  double iface;

  *lo = *hi = *mag = 0;
  for (guint c = 0; c < g->n_layers + g->n_targets; c++)
    {
      guint j, k, at;
      double f;
      const double *px, *py;

      at = group_term (loc, g, pick, c, &j, &k, &f);
      px = parts_x + at;
      py = parts_y + at;
      *lo += MIN (px[0] * f, py[0] * f) + MIN (px[1], py[1]);
      *hi += MAX (px[0] * f, py[0] * f) + MAX (px[1], py[1]);
      *mag += MAX (fabs (px[0] * f), fabs (py[0] * f)) + MAX (px[2], py[2]);
    }
  iface = group_ifaces (loc, g, pick, mag);
  *lo += iface;
  *hi += iface;
}

/* The choice of mix @idx of the odometer (its first layer turning
 * fastest). */
static void
mix_pick (const LadderGroup *g,
          guint              idx,
          guint             *pick)
{
  for (guint c = 0; c < g->n_layers; c++)
    {
      pick[c] = idx % g->n_options[c];
      idx /= g->n_options[c];
    }
}

/* The optimizer's search between the two patterns of choices @m1 (the
 * cheaper, by @delta) and @m2, when no other choice of the group is
 * within 2 SLOP: their patterns' keys differ by delta (up to the
 * rounding of the keys' sums, @round), and the search keeps the cheaper
 * beyond the tolerance, else the one with fewer integrated layers, else
 * the one whose choices come first (they differ only on the group).
 * (Or, of one pattern, the reconstruction's walk, by the same rule.)
 * Layer i's option in the one kept, or G_MAXUINT (*edge: the
 * difference too near the tolerance, given the magnitudes' bounds @mb). */
static guint
group_replay (const Locator     *loc,
              const MagBounds   *mb,
              const LadderGroup *g,
              const guint       *m1,
              const guint       *m2,
              guint              pos_i,
              double             delta,
              double             round,
              gboolean          *edge,
              gboolean          *search)
{
  const StrataLayer *layers = loc->dataset->layers;
  double tol_lo = STRATA_TIE_TOLERANCE * mb->sum_lo * (1 - 1e-9);
  double tol_hi = STRATA_TIE_TOLERANCE * mb->sum_hi * (1 + 1e-9);
  int n_int = 0;
  guint first = G_MAXUINT, top = 0, win_1 = TRUE;
  gboolean patterns_differ = FALSE;
  double sums;

  *edge = FALSE;
  for (guint c = 0; c < g->n_layers; c++)
    {
      guint j = g->layers[c];
      int a = layers[j].options[g->options[c][m1[c]]].mode;
      int b = layers[j].options[g->options[c][m2[c]]].mode;

      n_int += (a == STRATA_MODE_INTEGRATED) - (b == STRATA_MODE_INTEGRATED);
      patterns_differ = patterns_differ || (loc->plan->linked_pos[j] >= 0 && a != b);
      if (m1[c] == m2[c])
        continue;
      if (first == G_MAXUINT || j < g->layers[first])
        first = c;
      top = MAX (top, j);
    }
  *search = patterns_differ;
  if (!(mb->sum_hi < 1e300))
    return G_MAXUINT;
  /* The rounding of the optimizer's two sums against the difference, in
   * units of the last place of the largest magnitude: the search's
   * pattern keys add the segments and linked layers after the first
   * that differs (and a segment's own sum over its layers); the walk's
   * totals share the prefix below the lowest layer where the two differ
   * and the suffix above the highest, and each adds two terms a layer
   * between (its option, the interface) and three at the lowest. */
  sums = patterns_differ ? 4.0 * loc->plan->n_layers + 64
                         : 4.0 * (top - g->layers[first]) + 24;
  round += sums * DBL_EPSILON * loc->interval.sum_hi;

  if (delta > tol_hi + round)
    win_1 = TRUE;
  else if (delta < tol_lo - round)
    {
      /* Within the tolerance. */
      if (n_int != 0)
        win_1 = n_int < 0;
      else
        win_1 = g->options[first][m1[first]] < g->options[first][m2[first]];
    }
  else
    {
      *edge = TRUE;
      return G_MAXUINT;
    }
  return g->options[pos_i][(win_1 ? m1 : m2)[pos_i]];
}

/* Each group option's and target's base, rest and magnitude of the
 * rest at @volume, into @parts (GROUP_PARTS doubles). */
static void
group_parts (const Locator     *loc,
             const LadderGroup *g,
             double             volume,
             double            *parts)
{
  for (guint c = 0; c < g->n_layers; c++)
    for (guint q = 0; q < g->n_options[c]; q++)
      {
        double *p = parts + 3 * (c * GROUP_MAX_OPTIONS + q);

        option_parts (loc->plan, g->layers[c], g->options[c][q], volume, &p[0], &p[1], &p[2]);
      }
  for (guint c = 0; c < g->n_targets; c++)
    {
      double *p = parts + 3 * (g->n_layers * GROUP_MAX_OPTIONS + c);

      option_parts (loc->plan, g->targets[c], set_only (loc, g->targets[c]), volume, &p[0], &p[1],
                    &p[2]);
    }
}

/* F of every choice of group @g at @volume (an odometer, its first
 * layer turning fastest) into @costs, their magnitudes into @mags, and
 * the least's index into @best; 0 when one is not finite, else the
 * number of choices. */
static guint
group_costs (const Locator     *loc,
             const LadderGroup *g,
             double             volume,
             double            *costs,
             double            *mags,
             guint             *best)
{
  double parts[GROUP_PARTS];
  guint pick[GROUP_MAX_LAYERS] = { 0 }, n_mixes = 0;

  group_parts (loc, g, volume, parts);
  *best = 0;
  for (;;)
    {
      guint c;

      costs[n_mixes] = group_cost (loc, g, pick, parts, &mags[n_mixes]);
      if (!isfinite (costs[n_mixes]) || !isfinite (mags[n_mixes]))
        return 0;
      if (costs[n_mixes] < costs[*best])
        *best = n_mixes;
      n_mixes++;
      for (c = 0; c < g->n_layers; c++)
        {
          if (++pick[c] < g->n_options[c])
            break;
          pick[c] = 0;
        }
      if (c == g->n_layers)
        return n_mixes;
    }
}

/* Whether the choices @m and @best of a group are surely apart by more
 * than 2 SLOP. */
static inline gboolean
surely_out (const Locator *loc,
            const double  *costs,
            const double  *mags,
            guint          m,
            guint          best)
{
  return costs[m] - costs[best] > 2 * loc->slop + GROUP_ROUNDING * (mags[m] + mags[best]);
}

/* Bounds over [x, y] of F of every choice of group @g (the odometer's
 * order) and the largest magnitude; 0 when one is not finite, else the
 * number of choices. */
static guint
group_bounds_over (const Locator     *loc,
                   const LadderGroup *g,
                   double             x,
                   double             y,
                   double            *lo,
                   double            *hi,
                   double            *mag)
{
  double parts_x[GROUP_PARTS], parts_y[GROUP_PARTS];
  guint pick[GROUP_MAX_LAYERS], n_mixes = 1;

  *mag = 0;
  for (guint c = 0; c < g->n_layers; c++)
    n_mixes *= g->n_options[c];
  group_parts (loc, g, x, parts_x);
  group_parts (loc, g, y, parts_y);
  for (guint m = 0; m < n_mixes; m++)
    {
      double mg;

      mix_pick (g, m, pick);
      group_cost_over (loc, g, pick, parts_x, parts_y, &lo[m], &hi[m], &mg);
      if (!isfinite (lo[m]) || !isfinite (hi[m]) || !isfinite (mg))
        return 0;
      *mag = MAX (*mag, mg);
    }
  return n_mixes;
}

/* Whether group @other runs one choice in X at every volume of [x, y]:
 * its choice of least largest F there cheaper than every other's least
 * by 2 SLOP (and the sums' rounding). */
static gboolean
decided_over (const Locator     *loc,
              const LadderGroup *other,
              double             x,
              double             y)
{
  double lo[GROUP_MAX_MIXES], hi[GROUP_MAX_MIXES], mag;
  guint n_mixes = group_bounds_over (loc, other, x, y, lo, hi, &mag), best = 0;

  if (n_mixes == 0)
    return FALSE;
  for (guint m = 0; m < n_mixes; m++)
    if (hi[m] < hi[best])
      best = m;
  for (guint m = 0; m < n_mixes; m++)
    if (m != best && !(lo[m] > hi[best] + 2 * loc->slop + 4 * GROUP_ROUNDING * mag))
      return FALSE;
  return TRUE;
}

/* Whether every layer that may change outside @g (the other groups of
 * D) runs one choice in X at @volume, within the bracket [a, b]: its
 * group's cheapest, all its others beyond 2 SLOP; over the whole
 * bracket when the bounds from its ends tell (kept for the steps after
 * within it), else at @volume. */
static gboolean
others_decided (Locator           *loc,
                const LadderGroup *g,
                double             volume,
                double             a,
                double             b)
{
  double costs[GROUP_MAX_MIXES], mags[GROUP_MAX_MIXES];
  gboolean over = TRUE;

  if (!_strata_ladder_groups_ready (loc))
    return FALSE;
  if (loc->od_layer == g->layers[0] && a >= loc->od_x && b <= loc->od_y)
    return TRUE;
  for (guint q = 0; q < loc->gp_all->len; q++)
    {
      const LadderGroup *other = &g_array_index (loc->gp_all, LadderGroup, q);
      guint n_mixes, best;

      if (in_group (other, g->layers[0]))
        continue;
      if (over && decided_over (loc, other, a, b))
        continue;
      over = FALSE;
      n_mixes = group_costs (loc, other, volume, costs, mags, &best);
      if (n_mixes == 0)
        return FALSE;
      for (guint m = 0; m < n_mixes; m++)
        if (m != best && !surely_out (loc, costs, mags, m, best))
          return FALSE;
    }
  if (over)
    {
      loc->od_layer = g->layers[0];
      loc->od_x = a;
      loc->od_y = b;
    }
  return TRUE;
}

/* The group's fast-forward (issue 15), as the pair's
 * (strata-ladder-pair.c) for two choices of the group: over the
 * bracket [x, y], when every choice but @m1 and @m2 is dearer than one
 * of them by more than T = 2 SLOP (and the sums' rounding) at every
 * volume (bounds from the parts at the ends), and the difference D =
 * F (m2) - F (m1) is strictly monotone (bounds of its terms' slopes),
 * one volume where D is beyond T on one side tells every volume on that
 * side of it: there only one choice is within 2 SLOP of the cheapest,
 * and layer i's option is its. */

/* D at @volume from the terms where @m1 and @m2 differ, and its slope in
 * ln V (for Newton's steps only). */
static double
pair_gap (const Locator     *loc,
          const LadderGroup *g,
          const guint       *m1,
          const guint       *m2,
          double             volume,
          double            *slope)
{
  double d = 0, unused = 0;

  *slope = 0;
  for (guint c = 0; c < g->n_layers + g->n_targets; c++)
    {
      guint j, k[2];
      double f[2];

      group_term (loc, g, m1, c, &j, &k[0], &f[0]);
      group_term (loc, g, m2, c, &j, &k[1], &f[1]);
      if (k[0] == k[1] && f[0] == f[1])
        continue;
      for (int w = 0; w < 2; w++)
        {
          const StrataOption *option = &loc->dataset->layers[j].options[k[w]];
          double curve = plan_curve (loc->plan, j, k[w], volume);
          double base = plan_base_from_curve (loc->plan, j, k[w], volume, curve);
          double fixed = option->fixed_cost.value / volume;
          double eco = loc->plan->objective == STRATA_OBJECTIVE_CASH ? 0.0
                                                                   : option->ecosystem_value.value;
          double s = -fixed;

          if (!isnan (curve) && base == curve)
            s += f[w] * curve * plan_exponent (loc->plan, j, k[w]);
          d += (w ? 1 : -1) * (base * f[w] + (fixed - eco));
          *slope += (w ? 1 : -1) * s;
        }
    }
  return d + group_ifaces (loc, g, m2, &unused) - group_ifaces (loc, g, m1, &unused);
}

/* Bounds of the slope of D over [x, y]. */
static void
pair_gap_slope (const Locator     *loc,
                const LadderGroup *g,
                const guint       *m1,
                const guint       *m2,
                double             x,
                double             y,
                double            *lo,
                double            *hi)
{
  *lo = *hi = 0;
  for (guint c = 0; c < g->n_layers + g->n_targets; c++)
    {
      guint j, k1, k2;
      double f1, f2, lo1, hi1, lo2, hi2;

      group_term (loc, g, m1, c, &j, &k1, &f1);
      group_term (loc, g, m2, c, &j, &k2, &f2);
      if (k1 == k2 && f1 == f2)
        continue;
      option_slope (loc->plan, j, k1, f1, x, y, &lo1, &hi1);
      option_slope (loc->plan, j, k2, f2, x, y, &lo2, &hi2);
      *lo += lo2 - hi1;
      *hi += hi2 - lo1;
    }
}

/* pair_gap () for _strata_ladder_solve (). */
typedef struct
{
  const Locator     *loc;
  const LadderGroup *g;
  const guint       *m1, *m2;
} GroupGap;

static double
group_gap_at (gconstpointer data,
              double        volume,
              double       *slope)
{
  const GroupGap *p = data;

  return pair_gap (p->loc, p->g, p->m1, p->m2, volume, slope);
}

static void
group_forward (Locator           *loc,
               const LadderGroup *g,
               guint              pos_i,
               guint              best,
               guint              rival,
               double             x,
               double             y)
{
  double lo[GROUP_MAX_MIXES], hi[GROUP_MAX_MIXES], mag, ceiling, big, s_lo, s_hi, dx, dy;
  guint m1[GROUP_MAX_LAYERS], m2[GROUP_MAX_LAYERS], n_mixes, k1, k2;
  int sign;

  loc->gf_forward = FALSE;
  loc->gf_left = 0;
  loc->gf_right = INFINITY;
  n_mixes = group_bounds_over (loc, g, x, y, lo, hi, &mag);
  if (n_mixes == 0)
    return;
  big = 2 * loc->slop + 4 * GROUP_ROUNDING * mag;
  ceiling = MIN (hi[best], hi[rival]);
  for (guint m = 0; m < n_mixes; m++)
    if (m != best && m != rival && !(lo[m] > ceiling + big))
      return;

  mix_pick (g, best, m1);
  mix_pick (g, rival, m2);
  k1 = g->options[pos_i][m1[pos_i]];
  k2 = g->options[pos_i][m2[pos_i]];
  pair_gap_slope (loc, g, m1, m2, x, y, &s_lo, &s_hi);
  if (s_lo > 1e-9 * (fabs (s_lo) + fabs (s_hi)))
    sign = 1;
  else if (s_hi < -1e-9 * (fabs (s_lo) + fabs (s_hi)))
    sign = -1;
  else
    return;

  /* Where D <= -big, m2's option; where D >= big, m1's.  Rising, the
   * first lies below the second. */
  dx = pair_gap (loc, g, m1, m2, x, &s_lo);
  dy = pair_gap (loc, g, m1, m2, y, &s_lo);
  for (int side = 0; side < 2; side++)
    {
      double limit = (side == 0) == (sign > 0) ? -big : big, target = limit * 1.5, v, d, unused;
      GroupGap gap = { loc, g, m1, m2 };

      if (!((dx - target < 0) != (dy - target < 0)))
        continue;
      v = _strata_ladder_solve (group_gap_at, &gap, target, x, y, dx - target, dy - target,
                                big / 4);
      d = pair_gap (loc, g, m1, m2, v, &unused);
      if (!(v >= x && v <= y) || !(limit < 0 ? d <= limit : d >= limit))
        continue;
      if (side == 0)
        {
          loc->gf_left = v;
          loc->gf_left_k = limit < 0 ? k2 : k1;
        }
      else
        {
          loc->gf_right = v;
          loc->gf_right_k = limit < 0 ? k2 : k1;
        }
      loc->gf_forward = TRUE;
    }
}

/* The optimizer's choice between the group's choices @best and @other
 * (F of other less best @delta, worked out within @round) at @volume in
 * the bracket [a, b], replayed (group_replay ()): on the magnitudes'
 * bounds over the interval or the bracket, refined over the bracket near
 * the tolerance's edge; layer i's option, or G_MAXUINT. */
static guint
replay_step (Locator           *loc,
             const LadderGroup *g,
             guint              pos_i,
             guint              best,
             guint              other,
             double             delta,
             double             round,
             double             volume,
             double             a,
             double             b)
{
  guint m1[GROUP_MAX_LAYERS], m2[GROUP_MAX_LAYERS], k;
  const MagBounds *mb = loc->bracket.ok && a >= loc->bracket.x && b <= loc->bracket.y
                          ? &loc->bracket : &loc->interval;
  gboolean edge, search;

  mix_pick (g, best, m1);
  mix_pick (g, other, m2);
  k = group_replay (loc, mb, g, m1, m2, pos_i, delta, round, &edge, &search);
  /* Near the tolerance's edge: bounds of the magnitudes over the
   * bracket (as the certificate refines them; in the interval's window,
   * whose candidates they read). */
  if (edge && !loc->narrowed && !loc->no_refine && (a > mb->x || b < mb->y))
    {
      loc->stats->refinements++;
      _strata_ladder_magnitude_bounds (loc, &loc->bracket, a, b);
      if (loc->bracket.ok)
        k = group_replay (loc, &loc->bracket, g, m1, m2, pos_i, delta, round, &edge, &search);
    }
  /* The search between two patterns meets the other groups' choices too
   * (the tolerance is not transitive); the walk within one pattern
   * compares totals whose other parts are the same doubles. */
  if (k == G_MAXUINT || (search && !others_decided (loc, g, volume, a, b)))
    return G_MAXUINT;
  return k;
}

guint
_strata_ladder_group_choice (Locator *loc,
                             guint    i,
                             double   volume,
                             double   a,
                             double   b)
{
  LadderGroup *g = loc->group;
  double costs[GROUP_MAX_MIXES], mags[GROUP_MAX_MIXES];
  guint at_i[GROUP_MAX_MIXES], pick[GROUP_MAX_LAYERS];
  guint n_mixes, best, pos_i = 0, k, other = G_MAXUINT;
  gboolean near = FALSE;

  if (loc->gp_layer != i)
    {
      loc->gp_layer = i;
      loc->gp_valid = _strata_ladder_interval_ready (loc) && loc->slop > 0 && _strata_ladder_sets_full (loc) &&
                      _strata_ladder_group_setup (loc, g, i);
    }
  if (!loc->gp_valid)
    return G_MAXUINT;
  if (loc->gf_layer == i && loc->gf_forward && a >= loc->gf_x && b <= loc->gf_y &&
      (volume <= loc->gf_left || volume >= loc->gf_right))
    {
      loc->stats->group_steps++;
      loc->stats->group_forward_steps++;
      return volume <= loc->gf_left ? loc->gf_left_k : loc->gf_right_k;
    }

  for (guint c = 0; c < g->n_layers; c++)
    if (g->layers[c] == i)
      pos_i = c;
  n_mixes = group_costs (loc, g, volume, costs, mags, &best);
  if (n_mixes == 0)
    return G_MAXUINT;
  for (guint m = 0; m < n_mixes; m++)
    {
      mix_pick (g, m, pick);
      at_i[m] = g->options[pos_i][pick[pos_i]];
    }

  /* X runs one of the choices within 2 SLOP of the cheapest (and the
   * sums' rounding): layer i's option when they all give it the same. */
  k = at_i[best];
  for (guint m = 0; m < n_mixes; m++)
    if (m != best && !surely_out (loc, costs, mags, m, best))
      {
        if (at_i[m] != k)
          other = other == G_MAXUINT ? m : G_MAXUINT - 1;
        else
          near = TRUE;
      }
  if (other < G_MAXUINT - 1 && !near)
    {
      /* One other choice near, which gives layer i another option: the
       * optimizer's choice between the two, replayed. */
      k = replay_step (loc, g, pos_i, best, other, costs[other] - costs[best],
                       GROUP_ROUNDING * (mags[other] + mags[best]), volume, a, b);
      if (k == G_MAXUINT)
        return G_MAXUINT;
      loc->stats->replay_steps++;
    }
  else if (other != G_MAXUINT)
    return G_MAXUINT;
  else
    {
      /* Told without a near rival: the fast-forward over the bracket,
       * against the cheapest choice that gives layer i another option
       * (tried again once the bracket is 8 times narrower). */
      guint rival = G_MAXUINT;
      double width = log (b / a);

      for (guint m = 0; m < n_mixes; m++)
        if (at_i[m] != k && (rival == G_MAXUINT || costs[m] < costs[rival]))
          rival = m;
      if (rival != G_MAXUINT &&
          !(loc->gf_layer == i && a >= loc->gf_x && b <= loc->gf_y &&
            (loc->gf_forward || !(width <= loc->gf_failed / 8))))
        {
          loc->gf_layer = i;
          loc->gf_x = a;
          loc->gf_y = b;
          loc->gf_failed = width;
          group_forward (loc, g, pos_i, best, rival, a, b);
        }
    }
  loc->stats->group_steps++;
  return k;
}

gboolean
_strata_ladder_group_row (Locator *loc,
                          double   volume,
                          guint   *row)
{
  double costs[GROUP_MAX_MIXES], mags[GROUP_MAX_MIXES];
  guint pick[GROUP_MAX_LAYERS];

  if (!_strata_ladder_interval_ready (loc) || loc->slop <= 0 || !_strata_ladder_sets_full (loc) ||
      !_strata_ladder_groups_ready (loc))
    return FALSE;
  for (guint j = 0; j < loc->plan->n_layers; j++)
    if (!in_d (loc, j) && (row[j] = set_only (loc, j)) == G_MAXUINT)
      return FALSE;
  for (guint q = 0; q < loc->gp_all->len; q++)
    {
      const LadderGroup *g = &g_array_index (loc->gp_all, LadderGroup, q);
      guint n_mixes, best;

      n_mixes = group_costs (loc, g, volume, costs, mags, &best);
      if (n_mixes == 0)
        return FALSE;
      for (guint m = 0; m < n_mixes; m++)
        if (m != best && !surely_out (loc, costs, mags, m, best))
          return FALSE;
      mix_pick (g, best, pick);
      for (guint c = 0; c < g->n_layers; c++)
        row[g->layers[c]] = g->options[c][pick[c]];
    }
  return TRUE;
}

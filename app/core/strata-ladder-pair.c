/* strata-ladder-pair.c: a flip's bisection steps from its two options
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

/* The pair of a flip (issue 15): once the bisection's bracket [a, b] is
 * narrow enough that every other candidate of layer i is dearer than
 * both ends of the flip, @from and @above, at every volume of it, and
 * the neighbours' modes are certain over it, each step needs only those
 * two local sums at its volume: certificate (c) over the layer's
 * candidates would find the others apart and dearer (their keys' local
 * sums, at any volume of the bracket, lie between their values at its
 * ends, the costs being monotone in V, within a few units of the last
 * place of the rounding), and so take what the two's relation takes.
 * The two keys' magnitudes are bounded over the whole bracket (the
 * interval's bounds of the rest, the pair's own at the bracket's ends),
 * wider than local_choice ()'s at one volume: where the pair decides, so
 * would local_choice (); where it cannot tell, the step is asked the
 * usual way. */

/* Rounding of a local sum worked out at the bracket's ends against the
 * same sum's exact value: units of the last place of its magnitude. */
#define PAIR_ROUNDING (64 * DBL_EPSILON)

static gboolean
pair_setup (Locator *loc,
            guint    i,
            guint    from,
            guint    above,
            double   a,
            double   b)
{
  const Plan *plan = loc->plan;
  const StrataLayer *layer = &loc->dataset->layers[i];
  double t_lo[LOCAL_MAX_CANDIDATES], t_hi[LOCAL_MAX_CANDIDATES];
  double t_a[LOCAL_MAX_CANDIDATES], t_b[LOCAL_MAX_CANDIDATES];
  double m_lo[LOCAL_MAX_CANDIDATES], m_hi[LOCAL_MAX_CANDIDATES];
  guint q0, q1, n = 0, pos[2] = { G_MAXUINT, G_MAXUINT };
  double rest_lo, rest_hi;
  int below, above_mode;

  plan_options (plan, i, &q0, &q1);
  if (q1 - q0 > LOCAL_MAX_CANDIDATES || plan->linked_pos[i] >= 0 || !loc->interval.ok ||
      loc->slop <= 0 || !_strata_ladder_neighbours_over (loc, i, sqrt (a * b), a, b) ||
      !(loc->nb_layer == i && loc->nb_valid && loc->nb_x <= a && b <= loc->nb_y))
    return FALSE;
  below = loc->nb_below;
  above_mode = loc->nb_above;
  _strata_ladder_rest_bounds (loc, &loc->interval, i, &rest_lo, &rest_hi);

  for (guint q = q0; q < q1; q++, n++)
    {
      guint k = plan_option_at (plan, q);
      int mode = layer->options[k].mode;
      double ca, cb, ma, mb;

      local_sum (plan, i, k, mode, a, below, above_mode, &ca, &ma);
      local_sum (plan, i, k, mode, b, below, above_mode, &cb, &mb);
      if (!isfinite (ca) || !isfinite (cb) || !isfinite (ma) || !isfinite (mb))
        return FALSE;
      t_a[n] = ca;
      t_b[n] = cb;
      t_lo[n] = MIN (ca, cb);
      t_hi[n] = MAX (ca, cb);
      m_lo[n] = MIN (ma, mb);
      m_hi[n] = MAX (ma, mb);
      if (k == from)
        pos[0] = n;
      else if (k == above)
        pos[1] = n;
    }
  if (pos[0] == G_MAXUINT || pos[1] == G_MAXUINT)
    return FALSE;

  /* Every other candidate j apart from and dearer than both at every
   * volume: its least local sum less the other's largest beyond the
   * tolerance and local_relation ()'s rounding at the largest
   * magnitudes, and the roundings of the four sums at the ends. */
  for (guint j = 0; j < n; j++)
    {
      if (j == pos[0] || j == pos[1])
        continue;
      for (guint w = 0; w < 2; w++)
        {
          double mag = rest_hi + MAX (m_hi[j], m_hi[pos[w]]);
          double need = STRATA_TIE_TOLERANCE * mag * (1 + 1e-9) + 8 * DBL_EPSILON * mag +
                        2 * PAIR_ROUNDING * (m_hi[j] + m_hi[pos[w]]);

          if (!(t_lo[j] - t_hi[pos[w]] > need))
            return FALSE;
        }
    }

  /* The two in the order of the plan's candidates (the passes' order). */
  for (guint w = 0; w < 2; w++)
    {
      guint p = pos[0] < pos[1] ? pos[w] : pos[1 - w];
      guint k = plan_option_at (plan, q0 + p);

      loc->pr_keys[w].k = k;
      loc->pr_keys[w].mode = layer->options[k].mode;
      loc->pr_keys[w].mag_lo = rest_lo + m_lo[p];
      loc->pr_keys[w].mag_hi = rest_hi + m_hi[p];
      loc->pr_keys[w].local_hi = m_hi[p];
      loc->pr_keys[w].ends[0] = t_a[p];
      loc->pr_keys[w].ends[1] = t_b[p];
      loc->pr_keys[w].iface = (below >= 0 ? interface_between (plan, i - 1, below, loc->pr_keys[w].mode) : 0) +
                              (above_mode >= 0 ? interface_between (plan, i, loc->pr_keys[w].mode, above_mode) : 0);
    }
  loc->pr_below_mode = below;
  loc->pr_above_mode = above_mode;
  return TRUE;
}

/* The pair's fast-forward (issue 15).  The difference d (V) of the two
 * local sums (the first key's less the second's) is, exactly worked
 * out, a sum of terms monotone in t = ln V whose derivatives are bounded
 * over [x, y] by their values at the ends: a learning curve c (its base
 * between the floor and the cap) has derivative beta c, and 0 where the
 * floor or the cap holds it; a fixed cost F / V has -F / V.  When those
 * bounds leave d' one sign over [x, y], d is strictly monotone there,
 * and one volume where the worked-out d is beyond the tolerance (and
 * twice the rounding of a worked-out d) on the side of the first key
 * tells every volume on that side of it: the worked-out d there is
 * further out still, and the pair answers as it did.  Newton's method in
 * ln V finds such a volume on each side of the flip, next to the band
 * where the two are near the tolerance's edge; every bisection step
 * outside that band is then answered without working anything out. */

/* d at @volume and its derivative in ln V, for Newton's steps only (the
 * answers are told from local_sum ()'s doubles): one pow () a key. */
static double
pair_difference (const Locator *loc,
                 guint          i,
                 double         volume,
                 double        *slope)
{
  const Plan *plan = loc->plan;
  double d = 0;

  *slope = 0;
  for (guint w = 0; w < 2; w++)
    {
      guint k = loc->pr_keys[w].k;
      const StrataOption *option = &plan->dataset->layers[i].options[k];
      double curve = plan_curve (plan, i, k, volume);
      double base = plan_base_from_curve (plan, i, k, volume, curve);
      double fixed = option->fixed_cost.value / volume;
      double eco = plan->objective == STRATA_OBJECTIVE_CASH ? 0.0 : option->ecosystem_value.value;
      double cost = base + fixed - eco + loc->pr_keys[w].iface, s = -fixed;

      if (!isnan (curve) && base == curve)
        s += curve * plan_exponent (plan, i, k);
      d += w == 0 ? cost : -cost;
      *slope += w == 0 ? s : -s;
    }
  return d;
}

double
_strata_ladder_solve (LadderGapFunc  gap,
                      gconstpointer  data,
                      double         target,
                      double         x,
                      double         y,
                      double         gx,
                      double         gy,
                      double         close)
{
  double tx = log (x), ty = log (y);
  double t = tx + (ty - tx) * CLAMP (gx / (gx - gy), 0.0, 1.0);

  for (int it = 0; it < 40; it++)
    {
      double slope, g = gap (data, exp (t), &slope) - target, next;

      if (fabs (g) <= close || !isfinite (g))
        break;
      if ((g < 0) == (gx < 0))
        tx = t;
      else
        ty = t;
      next = slope != 0 ? t - g / slope : NAN;
      if (!(next > tx && next < ty))
        next = tx + (ty - tx) * 0.5;
      if (fabs (next - t) <= 4 * DBL_EPSILON * fabs (t) || ty - tx <= 4 * DBL_EPSILON * fabs (t))
        {
          t = next;
          break;
        }
      t = next;
    }
  return exp (t);
}

/* pair_difference () for _strata_ladder_solve (). */
typedef struct
{
  const Locator *loc;
  guint          i;
} PairGap;

static double
pair_gap_at (gconstpointer data,
             double        volume,
             double       *slope)
{
  const PairGap *p = data;

  return pair_difference (p->loc, p->i, volume, slope);
}

/* The pair's answer at @volume from local_sum ()'s doubles, and d there. */
static guint
pair_answer (Locator *loc,
             guint    i,
             double   volume,
             double  *d)
{
  LocalKey keys[2];

  for (guint w = 0; w < 2; w++)
    {
      double mag;

      keys[w].k = loc->pr_keys[w].k;
      keys[w].mode = loc->pr_keys[w].mode;
      keys[w].mag_lo = loc->pr_keys[w].mag_lo;
      keys[w].mag_hi = loc->pr_keys[w].mag_hi;
      local_sum (loc->plan, i, keys[w].k, keys[w].mode, volume, loc->pr_below_mode,
                 loc->pr_above_mode, &keys[w].cost, &mag);
      if (!isfinite (keys[w].cost))
        return G_MAXUINT;
    }
  *d = keys[0].cost - keys[1].cost;
  return _strata_ladder_replay_passes (keys, 2, 8);
}

static void
pair_forward (Locator *loc,
              guint    i,
              double   x,
              double   y)
{
  double lo0, hi0, lo1, hi1, slope_lo, slope_hi, scale, mag, tol, round, gap;
  double dx = loc->pr_keys[0].ends[0] - loc->pr_keys[1].ends[0];
  double dy = loc->pr_keys[0].ends[1] - loc->pr_keys[1].ends[1];
  int sign;

  loc->pr_forward = FALSE;
  loc->pr_left = 0;
  loc->pr_right = INFINITY;
  option_slope (loc->plan, i, loc->pr_keys[0].k, 1.0, x, y, &lo0, &hi0);
  option_slope (loc->plan, i, loc->pr_keys[1].k, 1.0, x, y, &lo1, &hi1);
  slope_lo = lo0 - hi1;
  slope_hi = hi0 - lo1;
  scale = fabs (lo0) + fabs (hi0) + fabs (lo1) + fabs (hi1);
  if (!isfinite (scale) || !isfinite (dx) || !isfinite (dy))
    return;
  if (slope_lo > 1e-9 * scale)
    sign = 1;
  else if (slope_hi < -1e-9 * scale)
    sign = -1;
  else
    return;

  /* Beyond local_relation ()'s tolerance and rounding at the pair's
   * largest magnitudes, and twice a worked-out d's rounding. */
  mag = MAX (loc->pr_keys[0].mag_hi, loc->pr_keys[1].mag_hi);
  tol = STRATA_TIE_TOLERANCE * mag * (1 + 1e-9) + 8 * DBL_EPSILON * mag;
  round = PAIR_ROUNDING * (loc->pr_keys[0].local_hi + loc->pr_keys[1].local_hi);
  gap = tol + 2 * round;

  /* Below the flip d is on one side (sign -1: d falls), above on the
   * other; each end is solved for d = -/+ (gap + 2 round) and kept when
   * the worked-out d there is beyond gap. */
  for (int side = 0; side < 2; side++)
    {
      double target = (side == 0 ? -sign : sign) * (gap + 2 * round), v, d;
      PairGap pg = { loc, i };
      guint k;

      if (!((dx - target < 0) != (dy - target < 0)))
        continue;
      v = _strata_ladder_solve (pair_gap_at, &pg, target, x, y, dx - target, dy - target,
                                round / 2);
      k = pair_answer (loc, i, v, &d);
      if (k == G_MAXUINT || !(v >= x && v <= y) ||
          !(side == 0 ? -sign * d > gap : sign * d > gap))
        continue;
      if (side == 0)
        {
          loc->pr_left = v;
          loc->pr_left_k = k;
        }
      else
        {
          loc->pr_right = v;
          loc->pr_right_k = k;
        }
      loc->pr_forward = TRUE;
    }
}

guint
_strata_ladder_pair_choice (Locator *loc,
                            guint    i,
                            guint    from,
                            guint    above,
                            double   volume,
                            double   a,
                            double   b)
{
  double d;
  guint k;

  if (!(loc->pr_layer == i && loc->pr_from == from && loc->pr_above == above &&
        loc->pr_valid && a >= loc->pr_x && b <= loc->pr_y))
    {
      double width = log (b / a);

      /* Tried again once the bracket is 8 times narrower. */
      if (loc->pr_layer == i && loc->pr_from == from && loc->pr_above == above &&
          !loc->pr_valid && !(width <= loc->pr_failed / 8))
        return G_MAXUINT;
      loc->pr_layer = i;
      loc->pr_from = from;
      loc->pr_above = above;
      loc->pr_valid = pair_setup (loc, i, from, above, a, b);
      loc->pr_failed = width;
      loc->pr_x = a;
      loc->pr_y = b;
      loc->pr_forward = FALSE;
      if (!loc->pr_valid)
        return G_MAXUINT;
      pair_forward (loc, i, a, b);
    }

  if (loc->pr_forward && (volume <= loc->pr_left || volume >= loc->pr_right))
    {
      loc->stats->pair_steps++;
      loc->stats->forward_steps++;
      return volume <= loc->pr_left ? loc->pr_left_k : loc->pr_right_k;
    }
  k = pair_answer (loc, i, volume, &d);
  if (k != G_MAXUINT)
    loc->stats->pair_steps++;
  return k;
}

/* The slope in ln V of packed option @o's cost over [x, y] with its
 * learning curve @cx at x and @cy at y: option_slope () at factor 1
 * from curves already worked out. */
static void
packed_slope (const PlanOption *o,
              double            x,
              double            y,
              double            cx,
              double            cy,
              double           *lo,
              double           *hi)
{
  double fx = -o->fixed / x, fy = -o->fixed / y;

  *lo = MIN (fx, fy);
  *hi = MAX (fx, fy);
  if (isnan (o->base))
    {
      double bx = o->exponent * cx, by = o->exponent * cy;
      double b_lo = MIN (bx, by), b_hi = MAX (bx, by);

      if (!(MIN (cx, cy) > o->floor && MAX (cx, cy) < o->cap))
        {
          b_lo = MIN (b_lo, 0);
          b_hi = MAX (b_hi, 0);
        }
      *lo += b_lo;
      *hi += b_hi;
    }
}

/* A lower bound, at every volume of the interval, of the cost of the
 * window's candidate at position @pk less that of the one at @pr (two
 * options of one layer no link touches: their costs are base + fixed /
 * V - ecosystem value), from their difference d at the interval's ends
 * and the bounds [s0, s1] of d's slope in ln V: d lies above d(x) + s0
 * t and above d(y) - s1 (w - t) at t = ln (V / x), w = ln (y / x), so
 * above the least of the larger of the two.  -INFINITY when a term is
 * not finite. */
double
_strata_ladder_gap_floor (const Locator *loc,
                          guint          i,
                          guint          pk,
                          guint          pr)
{
  const Plan *plan = loc->plan;
  const PlanOption *ok = &plan->packed[plan->opt_offset[i] + loc->ks_all[pk]];
  const PlanOption *orr = &plan->packed[plan->opt_offset[i] + loc->ks_all[pr]];
  double x = loc->lo, y = loc->hi, w = log (y / x);
  double ckx = loc->curves[2 * pk], cky = loc->curves[2 * pk + 1];
  double crx = loc->curves[2 * pr], cry = loc->curves[2 * pr + 1];
  double dx = (packed_base (ok, ckx) + ok->fixed / x - ok->eco) -
              (packed_base (orr, crx) + orr->fixed / x - orr->eco);
  double dy = (packed_base (ok, cky) + ok->fixed / y - ok->eco) -
              (packed_base (orr, cry) + orr->fixed / y - orr->eco);
  double k_lo, k_hi, r_lo, r_hi, s0, s1, floor;

  packed_slope (ok, x, y, ckx, cky, &k_lo, &k_hi);
  packed_slope (orr, x, y, crx, cry, &r_lo, &r_hi);
  s0 = k_lo - r_hi;
  s1 = k_hi - r_lo;
  if (s0 >= 0)
    floor = dx;
  else if (s1 <= 0)
    floor = dy;
  else
    {
      double t = CLAMP ((dx - dy + s1 * w) / (s1 - s0), 0.0, w);

      floor = MAX (dx + s0 * t, dy - s1 * (w - t));
    }
  return isfinite (floor) && isfinite (s0) && isfinite (s1) ? floor : -INFINITY;
}

/* strata-ladder-bounds.c: bounds over a range of volumes for the
 * ladder's certificate (the candidates' costs and magnitudes, SLOP, the
 * chain's messages, the magnitudes of strategies within SLOP)
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

/* Option @k of layer @i: plan_variable_base () at @volume (the same
 * operations, so the same double), and in *curve its learning curve
 * before the cap and the floor (NAN when it has none). */
static inline double
option_base_curve (const Plan *plan,
                   guint       i,
                   guint       k,
                   double      volume,
                   double     *curve)
{
  const StrataOption *option = &plan->dataset->layers[i].options[k];
  double v = option->unit_cost.value;

  *curve = NAN;
  if (option->mode != STRATA_MODE_INTEGRATED)
    return option_price (option);
  if (option->learning_rate.value != 0.0 && v != 0.0)
    {
      double e = plan->exponent != NULL ? plan->exponent[plan->opt_offset[i] + k]
                                        : option_learning_exponent (option);

      v *= pow (volume / option->reference_volume.value, e);
      *curve = v;
      v = MIN (v, MAX (STRATA_MAX_VARIABLE_COST, option->unit_cost.value));
    }
  return MAX (option->floor_cost.value, v);
}

/* Bounds of a learning curve worth @curve at volume R, at volume V with
 * t = e ln (V / R): curve * exp (t), exp (t) = 1 + t + t^2/2 + t^3/6
 * within t^4 e^|t| / 24 <= t^4 / 12 for |t| <= 1/16, with 1e-13 of room
 * for the roundings (of pow () at both volumes, of the log, of this
 * polynomial: a few units of the last place).  FALSE beyond. */
static inline gboolean
curve_near (double  curve,
            double  t,
            double *lo,
            double *hi)
{
  double p, r;

  if (!(fabs (t) <= 0.0625) || !(curve >= 0) || !(curve < INFINITY))
    return FALSE;
  p = 1 + t * (1 + t * (0.5 + t / 6));
  r = t * t * t * t / 12;
  *lo = curve * (p - r) * (1 - 1e-13);
  *hi = curve * (p + r) * (1 + 1e-13);
  return TRUE;
}

/* The four bounds of a candidate (least cost, largest cost, least
 * magnitude, largest magnitude) from those of its base over [x, y]. */
static inline void
candidate_fill (double             *c,
                const StrataOption *option,
                const Plan         *plan,
                double              f,
                double              b_min,
                double              b_max,
                double              x,
                double              y)
{
  double eco = plan->objective == STRATA_OBJECTIVE_CASH ? 0.0 : option->ecosystem_value.value;
  double fixed_x = option->fixed_cost.value / x;
  double fixed_y = option->fixed_cost.value / y;

  c[0] = b_min * f + MIN (fixed_x, fixed_y) - eco;
  c[1] = b_max + MAX (fixed_x, fixed_y) - eco;
  c[2] = b_min * f + MIN (fabs (fixed_x), fabs (fixed_y)) + fabs (eco);
  c[3] = b_max + MAX (fabs (fixed_x), fabs (fixed_y)) + fabs (eco);
}

/* The candidates of layer @i over [x, y]: bounds of their costs and
 * magnitudes into @c (4 per candidate, candidate_fill ()); with @curves,
 * each candidate's learning curve at x and y (2 per option, by
 * opt_offset), and with @ks its option.  FALSE if some base is negative
 * or not a number (the bounds need monotone magnitudes). */
static gboolean
candidates_over (Locator *loc,
                 guint    i,
                 double   x,
                 double   y,
                 double  *c,
                 double  *curves,
                 guint   *ks)
{
  const Plan *plan = loc->plan;
  const StrataLayer *layer = &loc->dataset->layers[i];
  double fmin = plan_least_factor (plan, i);
  guint q0, q1;

  plan_options (plan, i, &q0, &q1);
  for (guint q = q0; q < q1; q++, c += 4)
    {
      guint k = plan_option_at (plan, q);
      const StrataOption *option = &layer->options[k];
      double base_x, base_y, curve_x, curve_y;

      base_x = option_base_curve (plan, i, k, x, &curve_x);
      base_y = option_base_curve (plan, i, k, y, &curve_y);
      if (curves != NULL)
        {
          curves[2 * (plan->opt_offset[i] + k)] = curve_x;
          curves[2 * (plan->opt_offset[i] + k) + 1] = curve_y;
        }
      if (ks != NULL)
        ks[q - q0] = k;
      if (!(MIN (base_x, base_y) >= 0))
        return FALSE;
      candidate_fill (c, option, plan, option->mode == STRATA_MODE_INTEGRATED ? fmin : 1.0,
                      MIN (base_x, base_y), MAX (base_x, base_y), x, y);
    }
  return TRUE;
}

gboolean
_strata_ladder_candidate_bounds (Locator *loc,
                                 guint    i,
                                 double   x,
                                 double   y,
                                 double  *c)
{
  return candidates_over (loc, i, x, y, c, NULL, NULL);
}

/* Options @ks (@n_c of them) of layer @i over [x, y] within the
 * interval, as candidates_over (), but each learning curve from its
 * value at the interval's end @side (0 lo, 1 hi) when close enough
 * (curve_near (); @log_x and @log_y the logs of x and y over that end),
 * without a pow (). */
static gboolean
candidates_near (Locator     *loc,
                 guint        i,
                 const guint *ks,
                 guint        n_c,
                 double       x,
                 double       y,
                 int          side,
                 double       log_x,
                 double       log_y,
                 double      *c)
{
  const Plan *plan = loc->plan;
  const StrataLayer *layer = &loc->dataset->layers[i];
  double fmin = plan_least_factor (plan, i);

  for (guint q = 0; q < n_c; q++, c += 4)
    {
      guint k = ks[q];
      guint o = plan->opt_offset[i] + k;
      const StrataOption *option = &layer->options[k];
      double curve = loc->curves[2 * o + side], b_min, b_max, lo_x, hi_x, lo_y, hi_y;

      if (!isnan (curve) && plan->exponent != NULL &&
          curve_near (curve, plan->exponent[o] * log_x, &lo_x, &hi_x) &&
          curve_near (curve, plan->exponent[o] * log_y, &lo_y, &hi_y))
        {
          /* The cap and the floor are monotone. */
          double cap = MAX (STRATA_MAX_VARIABLE_COST, option->unit_cost.value);
          double fl = option->floor_cost.value;

          b_min = MAX (fl, MIN (MIN (lo_x, lo_y), cap));
          b_max = MAX (fl, MIN (MAX (hi_x, hi_y), cap));
        }
      else
        {
          double base_x = plan_variable_base (plan, i, k, x);
          double base_y = plan_variable_base (plan, i, k, y);

          b_min = MIN (base_x, base_y);
          b_max = MAX (base_x, base_y);
        }
      if (!(b_min >= 0))
        return FALSE;
      candidate_fill (c, option, plan, option->mode == STRATA_MODE_INTEGRATED ? fmin : 1.0,
                      b_min, b_max, x, y);
    }
  return TRUE;
}

/* SLOP over the interval: from the largest magnitude of a strategy of
 * candidates, M (certificate (a)).  The candidates' bounds over the
 * interval stay in loc->cand_all (their options in loc->ks_all), and
 * their learning curves at its ends in loc->curves, for
 * _strata_ladder_magnitude_bounds (). */
gboolean
_strata_ladder_slop (Locator *loc)
{
  const Plan *plan = loc->plan;
  double largest_sum = 0;

  for (guint i = 0; i < plan->n_layers; i++)
    {
      double *c = loc->cand_all + 4 * (gsize) plan->opt_offset[i];
      double largest = 0;
      guint q0, q1;

      if (!candidates_over (loc, i, loc->lo, loc->hi, c, loc->curves,
                            loc->ks_all + plan->opt_offset[i]))
        return FALSE;
      plan_options (plan, i, &q0, &q1);
      for (guint q = 0; q < q1 - q0; q++)
        largest = MAX (largest, c[4 * q + 3]);
      largest_sum += largest + fabs (plan->iface[i]);
    }
  if (!(largest_sum < 1e300))
    return FALSE;
  loc->slop = (16.0 * plan->n_layers + 64) * (STRATA_TIE_TOLERANCE + 8 * DBL_EPSILON) *
              largest_sum;
  return TRUE;
}

/* The modes layer @j may run in a strategy within SLOP of the cheapest
 * somewhere in [x, y] (bit 0 neutral, bit 1 integrated), from the bounds
 * of the chain's messages (chain_messages ()). */
static guint
chain_modes (const Locator *loc,
             guint          j)
{
  const Plan *plan = loc->plan;
  const double *ch = loc->chain;
  double s = 4 * loc->slop, d_lo, d_hi;

  if (plan->linked_pos[j] >= 0 || isnan (ch[4 * j]) || isnan (ch[4 * j + 1]))
    return 3;
  d_lo = ch[4 * j];
  d_hi = ch[4 * j + 1];
  if (j > 0)
    {
      d_lo += clamp_message (ch[4 * (j - 1) + 2], plan->iface[j - 1]);
      d_hi += clamp_message (ch[4 * (j - 1) + 3], plan->iface[j - 1]);
    }
  if (j + 1 < plan->n_layers)
    {
      d_lo += clamp_message (loc->chain_above[2 * (j + 1)], plan->iface[j]);
      d_hi += clamp_message (loc->chain_above[2 * (j + 1) + 1], plan->iface[j]);
    }
  if (d_hi < -s)
    return 2;
  if (d_lo > s)
    return 1;
  return 3;
}

/* The chain's min-plus messages over [x, y] (certificate (b)'s argument
 * along the whole chain): with delta_j the bounds of layer j's least
 * integrated cost less its least neutral one (ch[4 j], ch[4 j + 1]), the
 * cheapest cost of layers 0 .. j with j integrated less that with j
 * neutral is delta_j + g (that of 0 .. j - 1) (ch[4 j + 2], ch[4 j + 3])
 * and the same from the top (chain_above), with g (x) = clamp (x, 0, c)
 * - c monotone, so bounds give bounds; a linked layer passes on
 * [-c, 0] (any pattern of the linked layers' modes). */
static void
chain_messages (Locator *loc,
                guint    n)
{
  const Plan *plan = loc->plan;
  double *ch = loc->chain, *up = loc->chain_above;

  for (guint j = 0; j < n; j++)
    {
      gboolean open = plan->linked_pos[j] >= 0 || isnan (ch[4 * j]) || isnan (ch[4 * j + 1]);

      ch[4 * j + 2] = open ? -INFINITY : ch[4 * j];
      ch[4 * j + 3] = open ? INFINITY : ch[4 * j + 1];
      if (j > 0 && !open)
        {
          ch[4 * j + 2] += clamp_message (ch[4 * (j - 1) + 2], plan->iface[j - 1]);
          ch[4 * j + 3] += clamp_message (ch[4 * (j - 1) + 3], plan->iface[j - 1]);
        }
    }
  for (guint j = n; j-- > 0;)
    {
      gboolean open = plan->linked_pos[j] >= 0 || isnan (ch[4 * j]) || isnan (ch[4 * j + 1]);

      up[2 * j] = open ? -INFINITY : ch[4 * j];
      up[2 * j + 1] = open ? INFINITY : ch[4 * j + 1];
      if (j + 1 < n && !open)
        {
          up[2 * j] += clamp_message (up[2 * (j + 1)], plan->iface[j]);
          up[2 * j + 1] += clamp_message (up[2 * (j + 1) + 1], plan->iface[j]);
        }
    }
}

/* The candidates of layer @j that @b's bounds look at: over the
 * interval every candidate of the window (their bounds from
 * _strata_ladder_slop ()), over a bracket those of the interval's set;
 * their options into *ks, their bounds' room into *c. */
static inline guint
layer_candidates (Locator         *loc,
                  const MagBounds *b,
                  guint            j,
                  const guint    **ks,
                  double         **c)
{
  const Plan *plan = loc->plan;
  guint q0, q1;

  if (b == &loc->interval)
    {
      plan_options (plan, j, &q0, &q1);
      *ks = loc->ks_all + plan->opt_offset[j];
      *c = loc->cand_all + 4 * (gsize) plan->opt_offset[j];
      return q1 - q0;
    }
  *ks = loc->set_list + loc->set_start[j];
  *c = loc->cand_set + 4 * (gsize) loc->set_start[j];
  return loc->set_start[j + 1] - loc->set_start[j];
}

/* @b over [x, y]: per layer, the candidates that may be in a strategy
 * within SLOP of the cheapest somewhere in [x, y]: for a layer no link
 * touches, those of the modes the chain's messages leave it
 * (chain_modes ()) not dearer there than another candidate of their mode
 * by 2 SLOP, nor than one of the other mode by the interfaces (an
 * integrated candidate) or by nothing (a neutral one: swapping it for an
 * integrated one adds no interface cost) plus 2 SLOP; every candidate of
 * a linked layer.  The bounds of their magnitudes, and of the interfaces
 * from the modes they may run. */
void
_strata_ladder_magnitude_bounds (Locator   *loc,
                                 MagBounds *b,
                                 double     x,
                                 double     y)
{
  const Plan *plan = loc->plan;
  const StrataLayer *layers = loc->dataset->layers;
  guint n = plan->n_layers;
  guint prev_modes = 0;
  /* Over a bracket, the curves from the interval's nearer end. */
  int side = x * y > loc->lo * loc->hi;
  double end = side ? loc->hi : loc->lo, log_x = log (x / end), log_y = log (y / end);

  b->x = x;
  b->y = y;
  b->ok = FALSE;
  b->sum_lo = b->sum_hi = 0;
  for (guint j = 0; j < n; j++)
    {
      double least[2] = { INFINITY, INFINITY }, dearest[2] = { INFINITY, INFINITY };
      const guint *ks;
      double *c;
      guint n_c = layer_candidates (loc, b, j, &ks, &c);

      /* Over the interval: from _strata_ladder_slop (). */
      if (b == &loc->bracket && !candidates_near (loc, j, ks, n_c, x, y, side, log_x, log_y, c))
        return;
      if (n_c == 1)
        {
          /* One mode: its difference is infinite. */
          int m = layers[j].options[ks[0]].mode;

          loc->chain[4 * j] = loc->chain[4 * j + 1] = m == STRATA_MODE_INTEGRATED ? -INFINITY
                                                                                  : INFINITY;
          loc->dearest[2 * j + m] = c[1];
          loc->dearest[2 * j + 1 - m] = INFINITY;
          continue;
        }
      for (guint q = 0; q < n_c; q++)
        {
          int m = layers[j].options[ks[q]].mode;

          least[m] = MIN (least[m], c[4 * q]);
          dearest[m] = MIN (dearest[m], c[4 * q + 1]);
        }
      loc->chain[4 * j] = least[STRATA_MODE_INTEGRATED] - dearest[STRATA_MODE_NEUTRAL];
      loc->chain[4 * j + 1] = dearest[STRATA_MODE_INTEGRATED] - least[STRATA_MODE_NEUTRAL];
      loc->dearest[2 * j] = dearest[0];
      loc->dearest[2 * j + 1] = dearest[1];
    }
  chain_messages (loc, n);

  if (b == &loc->interval)
    loc->set_start[0] = 0;
  for (guint j = 0; j < n; j++)
    {
      const double *least_dearest = loc->dearest + 2 * j;
      double gap = plan->iface[j] + (j > 0 ? plan->iface[j - 1] : 0) + 2 * loc->slop;
      double lo = INFINITY, hi = 0;
      guint modes = 0, allowed, n_set = 0;
      const guint *ks;
      double *c;
      guint n_c = layer_candidates (loc, b, j, &ks, &c);

      /* A single candidate passes every test below but the first. */
      allowed = n_c == 1 ? 3 : chain_modes (loc, j);

      for (guint q = 0; q < n_c; q++)
        {
          int m = layers[j].options[ks[q]].mode;

          /* Out: of a mode the chain rules out, or dearer than a
           * candidate of its mode by 2 SLOP (the same interfaces), or
           * than one of the other mode by what the swap may add. */
          if (!(c[4 * q + 2] < INFINITY) ||
              (plan->linked_pos[j] < 0 &&
               (!(allowed & (1u << m)) ||
                c[4 * q] > least_dearest[m] + 2 * loc->slop ||
                c[4 * q] > least_dearest[1 - m] +
                           (m == STRATA_MODE_NEUTRAL ? 2 * loc->slop : gap))))
            continue;
          if (b == &loc->interval)
            loc->set_list[loc->set_start[j] + n_set++] = ks[q];
          lo = MIN (lo, c[4 * q + 2]);
          hi = MAX (hi, c[4 * q + 3]);
          modes |= 1u << m;
        }
      if (b == &loc->interval)
        loc->set_start[j + 1] = loc->set_start[j] + n_set;
      b->lo[2 * j] = lo;
      b->hi[2 * j] = hi;
      if (j > 0)
        {
          double ci = plan->iface[j - 1];

          /* Both surely integrated: no interface; one surely neutral:
           * the interface; else either. */
          b->lo[2 * j - 1] = prev_modes == 2 && modes == 2 ? 0 : !(prev_modes & 2) || !(modes & 2) ? ci : 0;
          b->hi[2 * j - 1] = prev_modes == 2 && modes == 2 ? 0 : ci;
          b->sum_lo += b->lo[2 * j - 1];
          b->sum_hi += b->hi[2 * j - 1];
        }
      b->sum_lo += lo;
      b->sum_hi += hi;
      prev_modes = modes;
    }
  b->lo[2 * n - 1] = b->hi[2 * n - 1] = 0;
  b->ok = b->sum_hi < 1e300 && b->sum_lo >= 0;
}

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

/* The candidates of layer @i over [x, y]: bounds of their costs and
 * magnitudes into loc->cand (4 per candidate: least cost, largest cost,
 * least magnitude, largest magnitude).  FALSE if some base is negative
 * or not a number (the bounds need monotone magnitudes). */
gboolean
_strata_ladder_candidate_bounds (Locator      *loc,
                       guint         i,
                       double        x,
                       double        y,
                       const guint8 *only,
                       double       *c)
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
      double eco = plan->objective == STRATA_OBJECTIVE_CASH ? 0.0 : option->ecosystem_value.value;
      double base_x, base_y;
      double fixed_x = option->fixed_cost.value / x;
      double fixed_y = option->fixed_cost.value / y;
      double f = option->mode == STRATA_MODE_INTEGRATED ? fmin : 1.0;
      double b_min, b_max;

      if (only != NULL && !only[plan->opt_offset[i] + k])
        {
          /* Out of the set over a wider range: out here too. */
          c[0] = c[1] = c[2] = INFINITY;
          c[3] = 0;
          continue;
        }
      base_x = plan_variable_base (plan, i, k, x);
      base_y = plan_variable_base (plan, i, k, y);
      b_min = MIN (base_x, base_y);
      b_max = MAX (base_x, base_y);
      if (!(b_min >= 0))
        return FALSE;
      c[0] = b_min * f + MIN (fixed_x, fixed_y) - eco;
      c[1] = b_max + MAX (fixed_x, fixed_y) - eco;
      c[2] = b_min * f + MIN (fabs (fixed_x), fabs (fixed_y)) + fabs (eco);
      c[3] = b_max + MAX (fabs (fixed_x), fabs (fixed_y)) + fabs (eco);
    }
  return TRUE;
}

/* SLOP over the interval: from the largest magnitude of a strategy of
 * candidates, M (certificate (a)). */
gboolean
_strata_ladder_slop (Locator *loc)
{
  const Plan *plan = loc->plan;
  double largest_sum = 0;

  for (guint i = 0; i < plan->n_layers; i++)
    {
      double largest = 0;
      guint q0, q1;

      if (!_strata_ladder_candidate_bounds (loc, i, loc->lo, loc->hi, NULL, loc->cand))
        return FALSE;
      plan_options (plan, i, &q0, &q1);
      for (guint q = 0; q < q1 - q0; q++)
        largest = MAX (largest, loc->cand[4 * q + 3]);
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
  const guint8 *only = b == &loc->bracket ? loc->in_set : NULL;
  guint n = plan->n_layers;
  guint prev_modes = 0;

  b->x = x;
  b->y = y;
  b->ok = FALSE;
  b->sum_lo = b->sum_hi = 0;
  for (guint j = 0; j < n; j++)
    {
      double *c = loc->cand_all + 4 * (gsize) plan->opt_offset[j];
      double least[2] = { INFINITY, INFINITY }, dearest[2] = { INFINITY, INFINITY };
      guint q0, q1;

      if (!_strata_ladder_candidate_bounds (loc, j, x, y, only, c))
        return;
      plan_options (plan, j, &q0, &q1);
      for (guint q = 0; q < q1 - q0; q++)
        {
          int m = layers[j].options[plan_option_at (plan, q0 + q)].mode;

          least[m] = MIN (least[m], c[4 * q]);
          dearest[m] = MIN (dearest[m], c[4 * q + 1]);
        }
      loc->chain[4 * j] = least[STRATA_MODE_INTEGRATED] - dearest[STRATA_MODE_NEUTRAL];
      loc->chain[4 * j + 1] = dearest[STRATA_MODE_INTEGRATED] - least[STRATA_MODE_NEUTRAL];
      loc->dearest[2 * j] = dearest[0];
      loc->dearest[2 * j + 1] = dearest[1];
    }
  chain_messages (loc, n);

  for (guint j = 0; j < n; j++)
    {
      const double *c = loc->cand_all + 4 * (gsize) plan->opt_offset[j];
      const double *least_dearest = loc->dearest + 2 * j;
      double gap = plan->iface[j] + (j > 0 ? plan->iface[j - 1] : 0) + 2 * loc->slop;
      double lo = INFINITY, hi = 0;
      guint q0, q1, modes = 0, allowed = chain_modes (loc, j);

      plan_options (plan, j, &q0, &q1);
      for (guint q = 0; q < q1 - q0; q++)
        {
          guint k = plan_option_at (plan, q0 + q);
          int m = layers[j].options[k].mode;

          /* Out: of a mode the chain rules out, or dearer than a
           * candidate of its mode by 2 SLOP (the same interfaces), or
           * than one of the other mode by what the swap may add. */
          if (b == &loc->interval)
            loc->in_set[plan->opt_offset[j] + k] = FALSE;
          if (!(c[4 * q + 2] < INFINITY) ||
              (plan->linked_pos[j] < 0 &&
               (!(allowed & (1u << m)) ||
                c[4 * q] > least_dearest[m] + 2 * loc->slop ||
                c[4 * q] > least_dearest[1 - m] +
                           (m == STRATA_MODE_NEUTRAL ? 2 * loc->slop : gap))))
            continue;
          if (b == &loc->interval)
            loc->in_set[plan->opt_offset[j] + k] = TRUE;
          lo = MIN (lo, c[4 * q + 2]);
          hi = MAX (hi, c[4 * q + 3]);
          modes |= 1u << m;
        }
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

/* strata-ladder-linked.c: deciding a bisection step of a layer a link
 * touches without a full optimum
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "strata-model"

#include "config.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "strata/strata-limits.h"
#include "strata/strata-model.h"

#include "strata-ladder-private.h"

/*
 * Certificate (d) of strata-ladder-private.h (issue 15): a linked
 * layer's change of option within one mode, where its mode and its
 * co-design factor are certain, is decided from its own candidates.
 */

/* The most the interface between layer @j and its neighbour on side
 * @side (1 above, -1 below; none past the chain's ends) can change when
 * j turns integrated (@to_int) or neutral, that neighbour running @nb
 * (-1 when not known): only an integrated pair has no interface. */
static inline double
iface_change_up (const Plan *plan,
                 guint       j,
                 int         side,
                 int         nb,
                 gboolean    to_int)
{
  double c;

  if (side > 0 ? j + 1 >= plan->n_layers : j == 0)
    return 0;
  c = side > 0 ? plan->iface[j] : plan->iface[j - 1];
  if (to_int)
    c = -c;
  if (nb == STRATA_MODE_NEUTRAL)
    return 0;
  return nb == STRATA_MODE_INTEGRATED ? c : MAX (c, 0);
}

/* The largest base of an integrated candidate of layer @t at @x or @y. */
static double
largest_integrated_base (const Locator *loc,
                         guint          t,
                         double         x,
                         double         y)
{
  const Plan *plan = loc->plan;
  double largest = 0;
  guint q0, q1;

  plan_options (plan, t, &q0, &q1);
  for (guint q = q0; q < q1; q++)
    {
      guint k = plan_option_at (plan, q);

      if (loc->dataset->layers[t].options[k].mode == STRATA_MODE_INTEGRATED)
        largest = MAX (largest, MAX (ladder_variable_base (plan, t, k, x),
                                     ladder_variable_base (plan, t, k, y)));
    }
  return largest;
}

/* Each target's largest base (and, with @known, its mode) is worked out
 * once however many links reach it: a file may hold 4096 links among 20
 * layers (issue 15: the ladder spent 70 % of its time here). */
double
_strata_ladder_links_saving (Locator  *loc,
                             guint     j,
                             double    x,
                             double    y,
                             gboolean  known)
{
  const Plan *plan = loc->plan;
  guint pos = (guint) plan->linked_pos[j];
  double largest[STRATA_MAX_LINKED_LAYERS], total = 0;
  gboolean done[STRATA_MAX_LINKED_LAYERS] = { FALSE };

  g_assert (plan->n_linked <= STRATA_MAX_LINKED_LAYERS);
  /* out_list holds each source's links in dataset order: the same sum. */
  for (guint q = plan->out_start[pos]; q < plan->out_start[pos + 1]; q++)
    {
      guint to = plan->out_to[q];

      if (!done[to])
        {
          guint t = plan->linked[to];

          done[to] = TRUE;
          if (known && _strata_ladder_neighbour_mode (loc, t, 1, x, y) == STRATA_MODE_NEUTRAL)
            largest[to] = -1;
          else
            largest[to] = largest_integrated_base (loc, t, x, y);
        }
      if (largest[to] >= 0)
        total += largest[to] * (1 - plan->out_mult[q]);
    }
  return total < 1e300 ? total : INFINITY;
}

/* Linked layer @j's mode in a strategy within SLOP of the cheapest at
 * every volume of [x, y] (-1 when not certain), when the bounds of
 * _strata_ladder_linked_modes () do not tell: as there, turning the
 * answer's j to the other mode (its candidate of least largest cost)
 * must save 4 SLOP, but the interfaces with its neighbours change by
 * what their modes, when certain (neighbour_mode ()), say (an integrated
 * neighbour's interface goes or comes, a neutral one's stays), and the
 * links out of j save nothing to a target surely neutral. */
static int
linked_mode_refined (Locator *loc,
                     guint    j,
                     double   x,
                     double   y)
{
  const Plan *plan = loc->plan;
  const StrataLayer *layer = &loc->dataset->layers[j];
  double least[2] = { INFINITY, INFINITY }, dearest[2] = { INFINITY, INFINITY };
  double s = 4 * loc->slop, up;
  int m = _strata_ladder_neighbour_mode (loc, j, 1, x, y), below = -1, above = -1;
  guint q0, q1;

  if (m >= 0 || loc->slop <= 0)
    return m;
  if (j > 0)
    below = _strata_ladder_neighbour_mode (loc, j - 1, -1, x, y);
  if (j + 1 < plan->n_layers)
    above = _strata_ladder_neighbour_mode (loc, j + 1, 1, x, y);
  /* Least cost at the least factor, largest at factor 1 (loc->cand is
   * the neighbours' scratch too: filled after them). */
  if (!_strata_ladder_candidate_bounds (loc, j, x, y, loc->cand))
    return -1;
  plan_options (plan, j, &q0, &q1);
  for (guint q = 0; q < q1 - q0; q++)
    {
      int mq = layer->options[plan_option_at (plan, q0 + q)].mode;

      least[mq] = MIN (least[mq], loc->cand[4 * q]);
      dearest[mq] = MIN (dearest[mq], loc->cand[4 * q + 1]);
    }
  /* Turning integrated: the links out of j only lower their targets. */
  up = dearest[STRATA_MODE_INTEGRATED] - least[STRATA_MODE_NEUTRAL] +
       iface_change_up (plan, j, -1, below, TRUE) + iface_change_up (plan, j, 1, above, TRUE);
  if (up < -s)
    return STRATA_MODE_INTEGRATED;
  up = dearest[STRATA_MODE_NEUTRAL] - least[STRATA_MODE_INTEGRATED] +
       iface_change_up (plan, j, -1, below, FALSE) + iface_change_up (plan, j, 1, above, FALSE) +
       _strata_ladder_links_saving (loc, j, x, y, TRUE);
  if (up < -s)
    return STRATA_MODE_NEUTRAL;
  return -1;
}

/* linked_mode_refined () with the neighbours' and targets' modes from
 * the bounds of _strata_ladder_neighbour_mode () alone (not refined in
 * turn: no recursion). */
int
_strata_ladder_linked_mode (Locator *loc,
                            guint    j,
                            double   x,
                            double   y)
{
  gboolean refining = loc->lk_refining;
  int m;

  loc->lk_refining = TRUE;
  m = linked_mode_refined (loc, j, x, y);
  loc->lk_refining = refining;
  return m;
}

/* Linked layer @i's mode in a strategy within SLOP of the cheapest at
 * every volume of [x, y], and then its co-design factor there (from its
 * sources' modes, multiplied in the order of plan_apply_pattern (): the
 * same double): FALSE when a mode is not certain. */
static gboolean
linked_mode_factor (Locator *loc,
                    guint    i,
                    double   x,
                    double   y,
                    int     *mode,
                    double  *factor)
{
  const Plan *plan = loc->plan;
  guint p = (guint) plan->linked_pos[i];
  int m = _strata_ladder_linked_mode (loc, i, x, y);
  double f = 1.0;

  if (m < 0)
    return FALSE;
  if (m == STRATA_MODE_INTEGRATED)
    for (guint q = plan->in_start[p]; q < plan->in_start[p + 1]; q++)
      {
        const PlanLink *link = &plan->links[plan->in_list[q]];
        int ms = _strata_ladder_linked_mode (loc, plan->linked[link->from_pos], x, y);

        if (ms < 0)
          return FALSE;
        if (ms == STRATA_MODE_INTEGRATED)
          f *= link->multiplier;
      }
  *mode = m;
  *factor = f;
  return TRUE;
}

/* Linked layer @i's mode and factor over the bisection's bracket [a, b]
 * (linked_mode_factor ()), remembered for the steps after as
 * neighbours_over () remembers the neighbours' modes: first over the
 * whole interval, then over each bracket asked, within the last that
 * failed only once 8 times narrower.  FALSE when not certain. */
static gboolean
linked_over (Locator *loc,
             guint    i,
             double   volume,
             double   a,
             double   b)
{
  double width = log (b / a);

  if (loc->lk_layer == i && loc->lk_valid && volume >= loc->lk_x && volume <= loc->lk_y)
    return TRUE;
  if (loc->lk_layer == i && !loc->lk_valid && a >= loc->lk_x && b <= loc->lk_y &&
      !(width <= loc->lk_failed / 8))
    return FALSE;
  if (loc->lk_layer != i && (a > loc->lo || b < loc->hi) &&
      linked_over (loc, i, volume, loc->lo, loc->hi))
    return TRUE;
  loc->lk_layer = i;
  loc->lk_failed = width;
  loc->lk_x = a;
  loc->lk_y = b;
  loc->lk_valid = volume >= a && volume <= b &&
                  linked_mode_factor (loc, i, a, b, &loc->lk_mode, &loc->lk_factor);
  return loc->lk_valid;
}

/* Certificate (d) for linked layer @i at @volume within [a, b] with the
 * magnitude bounds @mb: when its mode m and its co-design factor f are
 * certain (linked_over ()), the optimum's pattern runs i in m, and the
 * reconstruction compares only i's candidates of mode m, each total
 * t_k = P + key_k + I + A with P, I and A the same doubles for all of
 * them (the interfaces depend on the modes only) and key_k the
 * optimizer's option_key () at f: the same pairs as (c) without the
 * interfaces, whose magnitudes stay in the rest. */
guint
_strata_ladder_linked_choice (Locator         *loc,
                              const MagBounds *mb,
                              guint            i,
                              double           volume,
                              double           a,
                              double           b,
                              int             *why)
{
  const Plan *plan = loc->plan;
  const StrataLayer *layer = &loc->dataset->layers[i];
  guint q0, q1, n_keys = 0, k;
  LocalKey keys[LOCAL_MAX_CANDIDATES];
  double rest_lo, rest_hi, t_lo, t_hi;

  *why = 3;
  if (!linked_over (loc, i, volume, a, b))
    return G_MAXUINT;
  *why = 2;
  _strata_ladder_mag_take (loc, mb, 2 * i, &t_lo, &t_hi);
  rest_lo = MAX (mb->sum_lo - t_lo - 1e-12 * mb->sum_hi, 0);
  rest_hi = mb->sum_hi - t_hi + 1e-12 * mb->sum_hi;

  plan_options (plan, i, &q0, &q1);
  for (guint q = q0; q < q1; q++)
    {
      const StrataOption *option;
      LocalKey *key;
      double base, fixed, eco, cost, mag;

      k = plan_option_at (plan, q);
      option = &layer->options[k];
      if ((int) option->mode != loc->lk_mode)
        continue;
      base = ladder_variable_base (plan, i, k, volume);
      fixed = option->fixed_cost.value / volume;
      eco = plan->objective == STRATA_OBJECTIVE_CASH ? 0.0 : option->ecosystem_value.value;
      if (option->mode == STRATA_MODE_INTEGRATED)
        {
          cost = base * loc->lk_factor + (fixed - eco);
          mag = fabs (base * loc->lk_factor) + (fabs (fixed) + fabs (eco));
        }
      else
        {
          cost = base + (fixed - eco);
          mag = fabs (base) + (fabs (fixed) + fabs (eco));
        }
      if (!isfinite (cost) || !isfinite (mag))
        return G_MAXUINT;
      key = &keys[n_keys++];
      key->k = k;
      key->mode = option->mode;
      key->cost = cost;
      key->mag_lo = rest_lo + mag;
      key->mag_hi = rest_hi + mag;
    }
  k = n_keys > 0 ? _strata_ladder_replay_passes (keys, n_keys, 8) : G_MAXUINT;
  if (k != G_MAXUINT)
    loc->stats->linked_steps++;
  return k;
}


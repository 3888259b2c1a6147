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
#define PAIR_ROUNDING (32 * DBL_EPSILON)

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
    }
  loc->pr_below_mode = below;
  loc->pr_above_mode = above_mode;
  return TRUE;
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
  LocalKey keys[2];
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
      if (!loc->pr_valid)
        return G_MAXUINT;
    }

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
  k = _strata_ladder_replay_passes (keys, 2, 8);
  if (k != G_MAXUINT)
    loc->stats->pair_steps++;
  return k;
}

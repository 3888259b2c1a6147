/* strata-ladder-certificate.c: deciding a ladder's bisection step
 * without a full optimum
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

#include "strata/strata-model.h"

#include "strata-ladder-private.h"

/*
 * The certificate of MODEL.md section 5's ladder (issue 15): the layer,
 * its neighbours' modes and a short segment around it decide most steps;
 * strata-ladder-private.h says why each decision is the full optimum's.
 */

/* The least cost of a candidate of each mode of unlinked layer @j at
 * @volume: integrated less neutral (infinite when a mode has none). */
static double
mode_delta (const Locator *loc,
            guint          j,
            double         volume)
{
  const Plan *plan = loc->plan;
  const StrataLayer *layer = &loc->dataset->layers[j];
  double best[2] = { INFINITY, INFINITY };
  guint q0, q1;

  plan_options (plan, j, &q0, &q1);
  for (guint q = q0; q < q1; q++)
    {
      guint k = plan_option_at (plan, q);
      double cost, mag;

      option_cost_at (plan, j, k, volume, &cost, &mag);
      if (isnan (cost))
        return NAN;
      best[layer->options[k].mode] = MIN (best[layer->options[k].mode], cost);
    }
  return best[STRATA_MODE_INTEGRATED] - best[STRATA_MODE_NEUTRAL];
}

/* The interface between layer @j and its neighbour on side @side (1
 * above, -1 below), 0 past the ends. */
static inline double
side_interface (const Plan *plan,
                guint       j,
                int         side)
{
  if (side > 0)
    return j + 1 < plan->n_layers ? fabs (plan->iface[j]) : 0;
  return j > 0 ? fabs (plan->iface[j - 1]) : 0;
}

/* Bounds over [x, y] of mode_delta () of unlinked layer @j (at x when
 * x == y: mode_delta () itself): FALSE when they cannot be had.  Every
 * term of a cost is monotone in V, so each mode's least cost lies
 * between the least of its candidates' lower bounds and the least of
 * their upper bounds over [x, y] (_strata_ladder_candidate_bounds ()). */
static gboolean
mode_delta_over (Locator *loc,
                 guint    j,
                 double   x,
                 double   y,
                 double  *lo,
                 double  *hi)
{
  const Plan *plan = loc->plan;
  const StrataLayer *layer = &loc->dataset->layers[j];
  double least[2] = { INFINITY, INFINITY }, dearest[2] = { INFINITY, INFINITY };
  guint q0, q1;

  if (x == y)
    {
      *lo = *hi = mode_delta (loc, j, x);
      return !isnan (*lo);
    }
  if (!_strata_ladder_candidate_bounds (loc, j, x, y, loc->cand))
    return FALSE;
  plan_options (plan, j, &q0, &q1);
  for (guint q = 0; q < q1 - q0; q++)
    {
      int m = layer->options[plan_option_at (plan, q0 + q)].mode;

      least[m] = MIN (least[m], loc->cand[4 * q]);
      dearest[m] = MIN (dearest[m], loc->cand[4 * q + 1]);
    }
  *lo = least[STRATA_MODE_INTEGRATED] - dearest[STRATA_MODE_NEUTRAL];
  *hi = dearest[STRATA_MODE_INTEGRATED] - least[STRATA_MODE_NEUTRAL];
  return !isnan (*lo) && !isnan (*hi);
}

/* The mode neighbour @j of layer i = j - @side runs in the optimizer's
 * answer at every volume of [x, y] (certificate (b)), or -1.
 *
 * Along the chain (within any pattern of the linked layers' modes, for
 * unlinked layers), the difference D_j = S_j (integrated) - S_j (neutral)
 * of the cheapest completion beyond i with j in each mode is
 * D_j = delta_j + g (D_j'), where delta_j is j's own difference, j' is
 * the next layer beyond, and g (x) = clamp (x, 0, c) - c with c the
 * interface between j and j', so g lies in [-c, 0] (and D_j = delta_j at
 * the end of the chain).  Between i and j the interface c_i is 0 only
 * when both are integrated: j runs integrated whatever i runs when
 * D_j < -s, neutral when D_j > c_i + s, with s = 3 SLOP for the
 * optimizer's slack (its tie decisions, its rounding).  D_j' itself is
 * bounded the same way one layer further.  Over a range x < y the
 * deltas are bounds (mode_delta_over ()) and g is monotone, so the
 * conditions on the bounds hold at every volume of it; s is then 4 SLOP
 * (room for the roundings of the bounds, units of the last place of M). */
int
_strata_ladder_neighbour_mode (Locator *loc,
                               guint    j,
                               int      side,
                               double   x,
                               double   y)
{
  const Plan *plan = loc->plan;
  const StrataLayer *layer = &loc->dataset->layers[j];
  double d_lo, d_hi, c, c_i, g_lo, g_hi, s = (x == y ? 3 : 4) * loc->slop;
  guint q0, q1;

  if (plan->modes_present[j] == 1)
    return STRATA_MODE_NEUTRAL;
  if (plan->modes_present[j] == 2)
    return STRATA_MODE_INTEGRATED;
  plan_options (plan, j, &q0, &q1);
  if (plan->linked_pos[j] >= 0)
    {
      /* A linked layer's mode is known when the window left it
       * candidates of one mode, or when bounds of its candidates' costs
       * rule the other out (_strata_ladder_linked_modes ()), or with its
       * neighbours' modes (_strata_ladder_linked_mode ()). */
      int m = -1;
      guint modes;

      for (guint q = q0; q < q1; q++)
        {
          int mq = layer->options[plan_option_at (plan, q)].mode;

          if (m >= 0 && mq != m)
            {
              m = -1;
              break;
            }
          m = mq;
        }
      if (m >= 0 || loc->slop <= 0)
        return m;
      modes = _strata_ladder_linked_modes (loc, j, x, y);
      if (modes == 3 && !loc->lk_refining)
        return _strata_ladder_linked_mode (loc, j, x, y);
      return modes == 1 ? STRATA_MODE_NEUTRAL : modes == 2 ? STRATA_MODE_INTEGRATED : -1;
    }

  if (!mode_delta_over (loc, j, x, y, &d_lo, &d_hi))
    return -1;
  c = side_interface (plan, j, side);
  c_i = side_interface (plan, j, -side);
  if ((side > 0 && j + 1 >= plan->n_layers) || (side < 0 && j == 0))
    g_lo = g_hi = 0;
  else
    {
      guint next = side > 0 ? j + 1 : j - 1;
      double n_lo, n_hi;

      g_lo = -c;
      g_hi = 0;
      if (plan->linked_pos[next] < 0 && mode_delta_over (loc, next, x, y, &n_lo, &n_hi))
        {
          g_lo = clamp_message (n_lo - side_interface (plan, next, side), c);
          g_hi = clamp_message (n_hi, c);
          if (isnan (g_lo) || isnan (g_hi))
            g_lo = -c, g_hi = 0;
        }
    }
  if (d_hi + g_hi < -s)
    return STRATA_MODE_INTEGRATED;
  if (d_lo + g_lo > c_i + s)
    return STRATA_MODE_NEUTRAL;
  return -1;
}

/* Certificate (b) for layer @i over the bisection's bracket [a, b]: the
 * modes of both neighbours at every volume of it, remembered for the
 * steps after (a bracket only narrows).  Tried again for the same layer
 * only once the bracket is 8 times narrower (in log V) than where it
 * last failed.  FALSE when not certain over the bracket. */
gboolean
_strata_ladder_neighbours_over (Locator *loc,
                                guint    i,
                                double   volume,
                                double   a,
                                double   b)
{
  const Plan *plan = loc->plan;
  double width = log (b / a);

  if (loc->nb_layer == i && loc->nb_valid && volume >= loc->nb_x && volume <= loc->nb_y)
    return TRUE;
  if (loc->nb_layer == i && !loc->nb_valid && !(width <= loc->nb_failed / 8))
    return FALSE;
  /* A layer's first step: the neighbours' modes over the whole interval
   * serve every step of every flip of the layer there when certain. */
  if (loc->nb_layer != i && (a > loc->lo || b < loc->hi) &&
      _strata_ladder_neighbours_over (loc, i, volume, loc->lo, loc->hi))
    return TRUE;
  loc->nb_layer = i;
  loc->nb_valid = FALSE;
  loc->nb_failed = width;
  loc->nb_below = loc->nb_above = -1;
  if (!(volume >= a && volume <= b) ||
      (i > 0 && (loc->nb_below = _strata_ladder_neighbour_mode (loc, i - 1, -1, a, b)) < 0) ||
      (i + 1 < plan->n_layers && (loc->nb_above = _strata_ladder_neighbour_mode (loc, i + 1, 1, a, b)) < 0))
    return FALSE;
  loc->nb_valid = TRUE;
  loc->nb_x = a;
  loc->nb_y = b;
  return TRUE;
}

/* Certificate (c) for a pair: -1 surely @x cheaper beyond the tolerance,
 * 1 surely @y cheaper, 0 surely tied, 2 not sure. */
static int
local_relation (const LocalKey *x,
                const LocalKey *y,
                double          rounds)
{
  double d = x->cost - y->cost;
  /* Each t rounds four sums of at most its magnitude (half an ulp
   * each), and the comparison one more: 5 DBL_EPSILON, with room
   * (@rounds is 8 for one layer, more for a segment). */
  double round = rounds * DBL_EPSILON * MAX (x->mag_hi, y->mag_hi);
  double eps_hi = STRATA_TIE_TOLERANCE * MAX (x->mag_hi, y->mag_hi) * (1 + 1e-9);
  double eps_lo = STRATA_TIE_TOLERANCE * MAX (x->mag_lo, y->mag_lo) * (1 - 1e-9);

  if (fabs (d) > eps_hi + round)
    return d < 0 ? -1 : 1;
  if (fabs (d) < eps_lo - round)
    return 0;
  return 2;
}

/* key_better (x, y) of the optimizer on a certified relation: 1, 0, or
 * -1 when not sure. */
static int
local_better (const LocalKey *x,
              const LocalKey *y,
              double          rounds)
{
  int r = local_relation (x, y, rounds);

  if (r == 2)
    return -1;
  if (r == 0)
    return x->mode < y->mode;
  return r < 0;
}

/* plan_reconstruct ()'s two passes over a layer's candidates, on the
 * certified relations of their keys: the first finds the best key, the
 * second takes the first candidate tied with it (key_tied (): as cheap
 * within the tolerance, and as many integrated layers).  The candidate,
 * or G_MAXUINT when a comparison is not sure. */
guint
_strata_ladder_replay_passes (const LocalKey *keys,
                              guint           n_keys,
                              double          rounds)
{
  guint best = 0;

  for (guint q = 1; q < n_keys; q++)
    {
      int better = local_better (&keys[q], &keys[best], rounds);

      if (better < 0)
        return G_MAXUINT;
      if (better)
        best = q;
    }
  for (guint q = 0; q < n_keys; q++)
    {
      int r;

      if (keys[q].mode != keys[best].mode)
        continue;
      r = q == best ? 0 : local_relation (&keys[q], &keys[best], rounds);
      if (r == 2)
        return G_MAXUINT;
      if (r == 0)
        return keys[q].k;
    }
  return G_MAXUINT;
}

/* How far a segment reaches beyond layer i on each side. */
#define SEGMENT_REACH 4

/* A key of the segment: the sum of its own terms (options and
 * interfaces), their magnitude and integrated layers; the rest of the
 * strategy (the prefix below the segment, the cost-to-go above it) is
 * the same doubles in every key compared, and only its magnitude is
 * bounded. */
typedef struct
{
  double   cost, mag;
  int      n_int;
  gboolean finite;
} SegmentKey;

static inline SegmentKey
segment_add (SegmentKey a,
             double     cost,
             double     mag,
             int        n_int)
{
  SegmentKey r = { a.cost + cost, a.mag + mag, a.n_int + n_int, a.finite && isfinite (cost) };

  return r;
}

static inline SegmentKey
segment_add_interface (const Plan *plan,
                       SegmentKey  a,
                       guint       i,
                       int         m_low,
                       int         m_high)
{
  double c = interface_between (plan, i, m_low, m_high);

  return segment_add (a, c, fabs (c), 0);
}

static inline LocalKey
segment_local (const SegmentKey *x,
               guint             k,
               double            rest_lo,
               double            rest_hi)
{
  LocalKey r = { k, x->n_int, x->cost, rest_lo + x->mag, rest_hi + x->mag };

  return r;
}

/* key_better (x, y) of the optimizer on two keys of the segment: 1, 0,
 * or -1 when not sure.  An infinite key is never better (key_inf). */
static int
segment_better (const SegmentKey *x,
                const SegmentKey *y,
                double            rest_lo,
                double            rest_hi,
                double            rounds)
{
  LocalKey a, b;

  if (!x->finite)
    return 0;
  if (!y->finite)
    return 1;
  a = segment_local (x, 0, rest_lo, rest_hi);
  b = segment_local (y, 0, rest_lo, rest_hi);
  return local_better (&a, &b, rounds);
}

/* The end of the segment on side @side (-1 below, 1 above) of layer @i
 * at @volume: the last layer of it, and the mode the layer beyond runs
 * in the optimizer's answer (certificate (b) of that layer, whatever the
 * segment's end runs; -1 past the chain's end); FALSE when no layer
 * within SEGMENT_REACH has a certain mode, or the segment would take in
 * a layer a link touches. */
static gboolean
segment_end (Locator       *loc,
             guint          i,
             int            side,
             double         volume,
             guint         *end,
             int           *beyond)
{
  const Plan *plan = loc->plan;
  guint e = i;

  for (guint reach = 0;; reach++)
    {
      guint next, q0, q1;

      if ((side < 0 && e == 0) || (side > 0 && e + 1 >= plan->n_layers))
        {
          *end = e;
          *beyond = -1;
          return TRUE;
        }
      next = side < 0 ? e - 1 : e + 1;
      *beyond = _strata_ladder_neighbour_mode (loc, next, side, volume, volume);
      if (*beyond >= 0)
        {
          *end = e;
          return TRUE;
        }
      plan_options (plan, next, &q0, &q1);
      if (reach >= SEGMENT_REACH || plan->linked_pos[next] >= 0 ||
          q1 - q0 > LOCAL_MAX_CANDIDATES)
        return FALSE;
      e = next;
    }
}

/* Bounds of the rest of a strategy's magnitude outside the segment
 * [a, b]: every layer outside it, every interface but those from a - 1 up
 * to b + 1. */
static void
segment_rest (Locator         *loc,
              const MagBounds *mb,
              guint            a,
              guint            b,
              double          *rest_lo,
              double          *rest_hi)
{
  double lo = mb->sum_lo, hi = mb->sum_hi, t_lo, t_hi;

  for (guint idx = a > 0 ? 2 * a - 1 : 0; idx <= 2 * b + 1; idx++)
    {
      _strata_ladder_mag_take (loc, mb, idx, &t_lo, &t_hi);
      lo -= t_lo;
      hi -= t_hi;
    }
  *rest_lo = MAX (lo - 1e-12 * mb->sum_hi, 0);
  *rest_hi = hi + 1e-12 * mb->sum_hi;
}

/* Layer @i's option in the optimum at @volume when a neighbour's mode is
 * not certain (certificate (b) fails): the segment [a, b] around i whose
 * outer neighbours' modes are certain, all of its layers unlinked, is
 * solved as the optimizer's reconstruction solves it (its cost-to-go DP
 * from the top of the segment down, then its walk from a up to i), every
 * comparison certified as in (c): the keys compared share the prefix
 * below a and the cost-to-go above b (the same doubles), so their
 * difference is that of the segment's own sums up to a few roundings per
 * layer, and the tie tolerance lies between bounds from the rest of the
 * strategy's magnitude (in the cost-to-go DP, where the optimizer compares
 * keys of the layers above j alone, from 0 up: seed 12435 of
 * test-ladder's extremes, where a whole strategy's tolerance covered an
 * interface that the cost-to-go's did not).  The comparisons of one layer's options of one
 * mode (the DP's best per mode) involve only those options' own keys,
 * the same doubles as the optimizer's, and are made exactly.  G_MAXUINT
 * when it cannot tell (*why as certified_choice_with ()). */
static guint
segment_choice (Locator         *loc,
                const MagBounds *mb,
                guint            i,
                double           volume,
                int             *why)
{
  const Plan *plan = loc->plan;
  const StrataLayer *layers = loc->dataset->layers;
  SegmentKey suffix[2 * SEGMENT_REACH + 1][2], above[2 * SEGMENT_REACH + 1][2];
  SegmentKey prefix = { 0, 0, 0, TRUE };
  LocalKey keys[LOCAL_MAX_CANDIDATES];
  guint a, b, chosen = G_MAXUINT;
  int below_mode, above_mode, m_prev;
  double rest_lo, rest_hi, rounds;

  *why = 1;
  if (!segment_end (loc, i, -1, volume, &a, &below_mode) ||
      !segment_end (loc, i, 1, volume, &b, &above_mode))
    return G_MAXUINT;
  *why = 2;
  rounds = 8.0 * (b - a + 1) + 8;

  segment_rest (loc, mb, a, b, &rest_lo, &rest_hi);

  /* The cost-to-go, from b down to a, as plan_reconstruct () builds it:
   * above[j][m] is above_key (j, m), suffix[j][m] the suffix. */
  for (guint j = b + 1; j-- > a;)
    {
      guint s = j - a, q0, q1;
      Key c[2] = { key_inf, key_inf };

      plan_options (plan, j, &q0, &q1);
      for (guint q = q0; q < q1; q++)
        {
          guint k = plan_option_at (plan, q);
          int m = layers[j].options[k].mode;
          double cost, mag;

          option_cost_at (plan, j, k, volume, &cost, &mag);
          if (!isfinite (cost) || !isfinite (mag))
            return G_MAXUINT;
          c[m] = key_min (c[m], (Key) { cost, mag, m });
        }
      for (int m = 0; m < 2; m++)
        {
          SegmentKey ab = { 0, 0, 0, TRUE };

          if (j == b)
            {
              if (above_mode >= 0)
                ab = segment_add_interface (plan, ab, j, m, above_mode);
            }
          else
            {
              SegmentKey x0 = segment_add_interface (plan, suffix[s + 1][0], j, m, 0);
              SegmentKey x1 = segment_add_interface (plan, suffix[s + 1][1], j, m, 1);
              /* The optimizer compares cost-to-go keys, whose magnitude
               * is the layers' above j only: the rest of it is the
               * cost-to-go above b, between 0 and the rest's largest. */
              int better = segment_better (&x1, &x0, 0, rest_hi, rounds);

              if (better < 0)
                return G_MAXUINT;
              ab = better ? x1 : x0;
            }
          above[s][m] = ab;
          if (isfinite (c[m].cost))
            suffix[s][m] = segment_add (ab, c[m].cost, c[m].mag, c[m].n_integrated);
          else
            suffix[s][m] = (SegmentKey) { INFINITY, 0, 0, FALSE };
        }
    }

  /* The walk from a up to i: the best reachable total, then the first
   * option tied with it. */
  m_prev = below_mode;
  for (guint j = a; j <= i; j++)
    {
      guint s = j - a, q0, q1, n_keys = 0;

      plan_options (plan, j, &q0, &q1);
      for (guint q = q0; q < q1; q++)
        {
          guint k = plan_option_at (plan, q);
          int m = layers[j].options[k].mode;
          double cost, mag;
          SegmentKey t;

          option_cost_at (plan, j, k, volume, &cost, &mag);
          t = segment_add (prefix, cost, mag, m);
          if (m_prev >= 0)
            t = segment_add_interface (plan, t, j - 1, m_prev, m);
          t = segment_add (t, above[s][m].cost, above[s][m].mag, above[s][m].n_int);
          if (!t.finite || !above[s][m].finite || !isfinite (t.mag))
            return G_MAXUINT;
          keys[n_keys++] = segment_local (&t, k, rest_lo, rest_hi);
        }
      chosen = _strata_ladder_replay_passes (keys, n_keys, rounds);
      if (chosen == G_MAXUINT)
        return G_MAXUINT;
      {
        double cost, mag;
        int m = layers[j].options[chosen].mode;

        option_cost_at (plan, j, chosen, volume, &cost, &mag);
        prefix = segment_add (prefix, cost, mag, m);
        if (m_prev >= 0)
          prefix = segment_add_interface (plan, prefix, j - 1, m_prev, m);
        m_prev = m;
      }
    }
  loc->stats->segment_steps++;
  return chosen;
}

/* Bounds of the rest of a strategy's magnitude, @mb's less layer @i's
 * own terms and its two interfaces (with a margin for the rounding of
 * the sums). */
void
_strata_ladder_rest_bounds (Locator         *loc,
                            const MagBounds *mb,
                            guint            i,
                            double          *rest_lo,
                            double          *rest_hi)
{
  double lo = mb->sum_lo, hi = mb->sum_hi;

  for (guint idx = i > 0 ? 2 * i - 1 : 0; idx <= 2 * i + 1; idx++)
    {
      double t_lo, t_hi;

      _strata_ladder_mag_take (loc, mb, idx, &t_lo, &t_hi);
      lo -= t_lo;
      hi -= t_hi;
    }
  *rest_lo = MAX (lo - 1e-12 * mb->sum_hi, 0);
  *rest_hi = hi + 1e-12 * mb->sum_hi;
}

/* Certificate (c) for layer @i at @volume with its neighbours' modes
 * @below and @above (-1 past the chain's ends) and the magnitude bounds
 * @mb: the option the reconstruction picks, or G_MAXUINT when a pair is
 * near the edge of the tie tolerance. */
static guint
local_choice (Locator         *loc,
              const MagBounds *mb,
              guint            i,
              double           volume,
              int              below,
              int              above)
{
  const Plan *plan = loc->plan;
  const StrataLayer *layer = &loc->dataset->layers[i];
  guint q0, q1, n_keys = 0;
  LocalKey keys[LOCAL_MAX_CANDIDATES];
  double rest_lo, rest_hi;

  _strata_ladder_rest_bounds (loc, mb, i, &rest_lo, &rest_hi);
  plan_options (plan, i, &q0, &q1);
  for (guint q = q0; q < q1; q++)
    {
      LocalKey *key = &keys[n_keys++];
      double cost, mag;

      key->k = plan_option_at (plan, q);
      key->mode = layer->options[key->k].mode;
      local_sum (plan, i, key->k, key->mode, volume, below, above, &cost, &mag);
      if (!isfinite (cost) || !isfinite (mag))
        return G_MAXUINT;
      key->cost = cost;
      key->mag_lo = rest_lo + mag;
      key->mag_hi = rest_hi + mag;
    }

  return _strata_ladder_replay_passes (keys, n_keys, 8);
}

/* Layer @i's option in the optimum at @volume, within the bisection's
 * bracket [a, b], by the certificate with the magnitude bounds @mb, or
 * G_MAXUINT when it cannot tell (*why: 1 a neighbour's mode, 2 a pair
 * near the edge of the tie tolerance).  When only the neighbour below
 * is not certain (a layer a link touches, say) and no segment decides,
 * the reconstruction's prefix still ends in some mode there, the same
 * doubles for every option of i: if both modes give the same option,
 * that is the answer. */
static guint
certified_choice_with (Locator         *loc,
                       const MagBounds *mb,
                       guint            i,
                       double           volume,
                       double           a,
                       double           b,
                       int             *why)
{
  const Plan *plan = loc->plan;
  guint n = plan->n_layers, q0, q1, k, k1;
  int below = -1, above = -1;

  plan_options (plan, i, &q0, &q1);
  if (q1 - q0 > LOCAL_MAX_CANDIDATES)
    return G_MAXUINT;
  if (plan->linked_pos[i] >= 0)
    return _strata_ladder_linked_choice (loc, mb, i, volume, a, b, why);
  *why = 1;
  if (_strata_ladder_neighbours_over (loc, i, volume, a, b))
    {
      loc->stats->bracket_neighbours++;
      below = loc->nb_below;
      above = loc->nb_above;
    }
  else
    {
      if (i > 0)
        below = _strata_ladder_neighbour_mode (loc, i - 1, -1, volume, volume);
      if (i + 1 < n && !(i > 0 && below < 0))
        above = _strata_ladder_neighbour_mode (loc, i + 1, 1, volume, volume);
      if ((i > 0 && below < 0) || (i + 1 < n && above < 0))
        {
          k = segment_choice (loc, mb, i, volume, why);
          if (k != G_MAXUINT || *why != 1 || !(i > 0 && below < 0))
            return k;
          if (i + 1 < n && (above = _strata_ladder_neighbour_mode (loc, i + 1, 1, volume, volume)) < 0)
            return G_MAXUINT;
          k = local_choice (loc, mb, i, volume, STRATA_MODE_NEUTRAL, above);
          k1 = k == G_MAXUINT ? G_MAXUINT
                              : local_choice (loc, mb, i, volume, STRATA_MODE_INTEGRATED, above);
          if (k != G_MAXUINT && k == k1)
            {
              loc->stats->both_modes_steps++;
              return k;
            }
          *why = k == G_MAXUINT || k1 == G_MAXUINT ? 2 : 1;
          return G_MAXUINT;
        }
    }
  *why = 2;
  return local_choice (loc, mb, i, volume, below, above);
}

/* The interval's SLOP, bounds and sets, worked out at the first step
 * that asks (FALSE, and loc->slop -1, when they cannot be had). */
gboolean
_strata_ladder_interval_ready (Locator *loc)
{
  if (loc->interval.ok)
    return TRUE;
  if (loc->slop != 0 || !_strata_ladder_slop (loc))
    {
      loc->slop = -1;
      return FALSE;
    }
  _strata_ladder_magnitude_bounds (loc, &loc->interval, loc->lo, loc->hi);
  if (!loc->interval.ok)
    {
      loc->slop = -1;
      return FALSE;
    }
  return TRUE;
}

/* With the interval's magnitude bounds, then with the bracket's. */
guint
_strata_ladder_certified_choice (Locator *loc,
                                 guint    i,
                                 double   volume,
                                 double   a,
                                 double   b,
                                 int     *why)
{
  const MagBounds *mb;
  guint k;

  if (!_strata_ladder_interval_ready (loc))
    {
      *why = 0;
      return G_MAXUINT;
    }
  mb = loc->bracket.ok && a >= loc->bracket.x && b <= loc->bracket.y ? &loc->bracket
                                                                     : &loc->interval;
  k = certified_choice_with (loc, mb, i, volume, a, b, why);
  /* Near the edge of the tolerance: bounds of the magnitudes over the
   * bracket, tighter, when it is narrower than theirs. */
  if (k == G_MAXUINT && *why == 2 && !loc->no_refine && (a > mb->x || b < mb->y))
    {
      loc->stats->refinements++;
      _strata_ladder_magnitude_bounds (loc, &loc->bracket, a, b);
      if (loc->bracket.ok)
        k = certified_choice_with (loc, &loc->bracket, i, volume, a, b, why);
    }
  return k;
}


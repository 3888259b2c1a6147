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
#include <string.h>

#include "strata/strata-model.h"

#include "strata-ladder-private.h"

/* Packed option @o (the ladder's plan->packed): plan_variable_base ()
 * at @volume (the same operations, so the same double), and in *curve
 * its learning curve before the cap and the floor (NAN when it has
 * none). */
static inline double
option_base_curve (const Plan       *plan,
                   const PlanOption *o,
                   double            volume,
                   double           *curve)
{
  *curve = plan_memo_curve (plan, o, (guint) (o - plan->packed), volume);
  return packed_base (o, *curve);
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
candidate_fill (double           *c,
                const PlanOption *o,
                double            f,
                double            b_min,
                double            b_max,
                double            x,
                double            y)
{
  double eco = o->eco;
  double fixed_x = o->fixed / x;
  double fixed_y = o->fixed / y;

  c[0] = b_min * f + MIN (fixed_x, fixed_y) - eco;
  c[1] = b_max + MAX (fixed_x, fixed_y) - eco;
  c[2] = b_min * f + MIN (fabs (fixed_x), fabs (fixed_y)) + fabs (eco);
  c[3] = b_max + MAX (fabs (fixed_x), fabs (fixed_y)) + fabs (eco);
}

/* Where layer @j's candidates start in the locator's arrays by
 * candidate (cand_all, ks_all, curves): the window's own positions, so
 * that only as many entries are touched as there are candidates. */
static inline guint
cand_base (const Plan *plan,
           guint       j)
{
  return plan->window != NULL ? plan->window->cand_start[j] : plan->opt_offset[j];
}

/* The candidates of layer @i over [x, y]: bounds of their costs and
 * magnitudes into @c (4 per candidate, candidate_fill ()); with @curves,
 * each candidate's learning curve at x and y (2 per candidate), and with
 * @ks its option.  FALSE if some base is negative
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
  const PlanOption *opts = plan->packed + plan->opt_offset[i];
  const PlanWindow *w = plan->window;
  double fmin = plan_least_factor (plan, i);
  /* At the window's ends, its candidates' curves are known (the same
   * doubles as option_base_curve ()'s). */
  const double *known_x = w == NULL ? NULL : x == w->lo ? w->curve_lo : x == w->hi ? w->curve_hi : NULL;
  const double *known_y = w == NULL ? NULL : y == w->lo ? w->curve_lo : y == w->hi ? w->curve_hi : NULL;
  /* Else at the interval's lower end, the interval below's at its upper
   * end (the same doubles, in loc->curves). */
  gboolean held_x = known_x == NULL && curves != NULL && loc->curves_lo_known && x == loc->lo;
  guint q0, q1;

  plan_options (plan, i, &q0, &q1);
  for (guint q = q0; q < q1; q++, c += 4)
    {
      guint k = plan_option_at (plan, q);
      const PlanOption *o = &opts[k];
      double base_x, base_y, curve_x, curve_y;

      if (known_x != NULL)
        base_x = packed_base (o, curve_x = known_x[q]);
      else if (held_x)
        base_x = packed_base (o, curve_x = curves[2 * (q - q0) + 1]);
      else
        base_x = option_base_curve (plan, o, x, &curve_x);
      if (known_y != NULL)
        base_y = packed_base (o, curve_y = known_y[q]);
      else
        base_y = option_base_curve (plan, o, y, &curve_y);
      if (curves != NULL)
        {
          curves[2 * (q - q0)] = curve_x;
          curves[2 * (q - q0) + 1] = curve_y;
        }
      if (ks != NULL)
        ks[q - q0] = k;
      if (!(MIN (base_x, base_y) >= 0))
        return FALSE;
      candidate_fill (c, o, o->mode == STRATA_MODE_INTEGRATED ? fmin : 1.0,
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

/* Options @ks (@n_c of them, at @pos in loc->curves) of layer @i over
 * [x, y] within the interval, as candidates_over (), but each learning
 * curve from its value at the interval's end @side (0 lo, 1 hi) when close enough
 * (curve_near (); @log_x and @log_y the logs of x and y over that end),
 * without a pow (). */
static gboolean
candidates_near (Locator     *loc,
                 guint        i,
                 const guint *ks,
                 const guint *pos,
                 guint        n_c,
                 double       x,
                 double       y,
                 int          side,
                 double       log_x,
                 double       log_y,
                 double      *c)
{
  const Plan *plan = loc->plan;
  const PlanOption *opts = plan->packed + plan->opt_offset[i];
  double fmin = plan_least_factor (plan, i);

  for (guint q = 0; q < n_c; q++, c += 4)
    {
      const PlanOption *o = &opts[ks[q]];
      double curve = loc->curves[2 * pos[q] + side], b_min, b_max, lo_x, hi_x, lo_y, hi_y;

      if (!isnan (curve) &&
          curve_near (curve, o->exponent * log_x, &lo_x, &hi_x) &&
          curve_near (curve, o->exponent * log_y, &lo_y, &hi_y))
        {
          /* The cap and the floor are monotone. */
          b_min = MAX (o->floor, MIN (MIN (lo_x, lo_y), o->cap));
          b_max = MAX (o->floor, MIN (MAX (hi_x, hi_y), o->cap));
        }
      else
        {
          guint idx = (guint) (o - plan->packed);
          double base_x = packed_base (o, plan_memo_curve (plan, o, idx, x));
          double base_y = packed_base (o, plan_memo_curve (plan, o, idx, y));

          b_min = MIN (base_x, base_y);
          b_max = MAX (base_x, base_y);
        }
      if (!(b_min >= 0))
        return FALSE;
      candidate_fill (c, o, o->mode == STRATA_MODE_INTEGRATED ? fmin : 1.0, b_min, b_max, x, y);
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
      double *c = loc->cand_all + 4 * (gsize) cand_base (plan, i);
      double largest = 0;
      guint q0, q1;

      if (!candidates_over (loc, i, loc->lo, loc->hi, c, loc->curves + 2 * (gsize) cand_base (plan, i),
                            loc->ks_all + cand_base (plan, i)))
        return FALSE;
      plan_options (plan, i, &q0, &q1);
      for (guint q = 0; q < q1 - q0; q++)
        largest = MAX (largest, c[4 * q + 3]);
      largest_sum += largest + fabs (plan->iface[i]);
    }
  loc->curves_ready = TRUE;
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
/* The min-plus message of layer @j's chain bounds (ch[4 j], ch[4 j + 1])
 * from the layers below it, into ch[4 j + 2 ..]: open (unbounded) where a
 * link touches it or its bounds are not known. */
static inline void
message_from_below (const Plan *plan,
                    double     *ch,
                    guint       j)
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

/* The same from the layers above it (of @n), into up[2 j ..]. */
static inline void
message_from_above (const Plan   *plan,
                    const double *ch,
                    double       *up,
                    guint         j,
                    guint         n)
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

static void
chain_messages (Locator *loc,
                guint    n)
{
  const Plan *plan = loc->plan;
  double *ch = loc->chain, *up = loc->chain_above;

  for (guint j = 0; j < n; j++)
    message_from_below (plan, ch, j);
  for (guint j = n; j-- > 0;)
    message_from_above (plan, ch, up, j, n);
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
      *ks = loc->ks_all + cand_base (plan, j);
      *c = loc->cand_all + 4 * (gsize) cand_base (plan, j);
      return q1 - q0;
    }
  *ks = loc->set_list + loc->set_start[j];
  *c = loc->cand_set + 4 * (gsize) loc->set_start[j];
  return loc->set_start[j + 1] - loc->set_start[j];
}

/* Pass 1 of the bounds @b, for layer @j: its candidates' bounds (over a
 * bracket, worked out here) and the bounds of its own difference
 * integrated less neutral into loc->chain (infinite with one mode).
 * FALSE when the bounds cannot be had. */
static gboolean
layer_delta (Locator         *loc,
             const MagBounds *b,
             guint            j)
{
  const StrataLayer *layer = &loc->dataset->layers[j];
  double least[2] = { INFINITY, INFINITY }, dearest[2] = { INFINITY, INFINITY };
  const guint *ks;
  double *c;
  guint n_c = layer_candidates (loc, b, j, &ks, &c);

  /* Over the interval: from _strata_ladder_slop (). */
  if (b == &loc->bracket &&
      !candidates_near (loc, j, ks, loc->set_pos + loc->set_start[j], n_c, b->x, b->y, b->side,
                        b->log_x, b->log_y, c))
    return FALSE;
  if (b == &loc->interval)
    loc->dearest_at[2 * j] = loc->dearest_at[2 * j + 1] = G_MAXUINT;
  for (guint q = 0; q < n_c; q++)
    {
      int m = layer->options[ks[q]].mode;

      least[m] = MIN (least[m], c[4 * q]);
      if (c[4 * q + 1] < dearest[m])
        {
          dearest[m] = c[4 * q + 1];
          if (b == &loc->interval)
            loc->dearest_at[2 * j + m] = q;
        }
    }
  loc->chain[4 * j] = least[STRATA_MODE_INTEGRATED] - dearest[STRATA_MODE_NEUTRAL];
  loc->chain[4 * j + 1] = dearest[STRATA_MODE_INTEGRATED] - least[STRATA_MODE_NEUTRAL];
  loc->dearest[2 * j] = dearest[0];
  loc->dearest[2 * j + 1] = dearest[1];
  return TRUE;
}

/* For linked layer @j over [@b's x, y]: each of its @n_c candidates
 * @ks's least and largest cost at the least co-design factor of the
 * layer and at 1 (4 per candidate into loc->cand: least at fmin, least
 * at 1, largest at fmin, largest at 1; a neutral one's factor is 1), and
 * per mode the candidates of least largest cost at either factor
 * (@best: [2 m] at fmin, [2 m + 1] at 1, G_MAXUINT for none).  FALSE
 * when a bound is not finite.  A linked layer's cost in a strategy is
 * base * f + rest with f between fmin and 1 (every link's saving in
 * [0, 1)) and base >= 0, so the difference of two candidates of one mode
 * at the same factor is linear in f and bounded at each volume of [x, y]
 * by the bounds' difference at the factor's two ends. */
static gboolean
linked_factor_bounds (Locator         *loc,
                      const MagBounds *b,
                      guint            j,
                      const guint     *ks,
                      guint            n_c,
                      double           f_lo,
                      double           f_hi,
                      double          *mags,
                      guint           *best)
{
  const Plan *plan = loc->plan;
  const StrataLayer *layer = &loc->dataset->layers[j];
  double *c = loc->cand;

  for (guint e = 0; e < 4; e++)
    best[e] = G_MAXUINT;
  for (guint q = 0; q < n_c; q++, c += 4)
    {
      const StrataOption *option = &layer->options[ks[q]];
      double base_x = ladder_variable_base (plan, j, ks[q], b->x);
      double base_y = ladder_variable_base (plan, j, ks[q], b->y);
      double fixed_x = option->fixed_cost.value / b->x;
      double fixed_y = option->fixed_cost.value / b->y;
      double eco = plan->objective == STRATA_OBJECTIVE_CASH ? 0.0 : option->ecosystem_value.value;
      int m = option->mode;
      double f0 = m == STRATA_MODE_INTEGRATED ? f_lo : 1.0;
      double f1 = m == STRATA_MODE_INTEGRATED ? f_hi : 1.0;
      double b_min = MIN (base_x, base_y), b_max = MAX (base_x, base_y);

      if (!(b_min >= 0))
        return FALSE;
      c[0] = b_min * f0 + MIN (fixed_x, fixed_y) - eco;
      c[1] = b_min * f1 + MIN (fixed_x, fixed_y) - eco;
      c[2] = b_max * f0 + MAX (fixed_x, fixed_y) - eco;
      c[3] = b_max * f1 + MAX (fixed_x, fixed_y) - eco;
      if (mags != NULL)
        {
          mags[4 * q + 2] = b_min * f0 + MIN (fabs (fixed_x), fabs (fixed_y)) + fabs (eco);
          mags[4 * q + 3] = b_max * f1 + MAX (fabs (fixed_x), fabs (fixed_y)) + fabs (eco);
        }
      for (guint e = 0; e < 4; e++)
        if (!(fabs (c[e]) < 1e300))
          return FALSE;
      for (guint e = 0; e < 2; e++)
        if (best[2 * m + e] == G_MAXUINT || c[2 + e] < loc->cand[4 * best[2 * m + e] + 2 + e])
          best[2 * m + e] = q;
    }
  return TRUE;
}

/* Candidate @q of a linked layer (linked_factor_bounds ()) of mode @m is
 * dearer than one of @best of its mode by more than 2 SLOP at every
 * volume and factor: swapping them keeps the pattern, every factor and
 * interface, so no strategy within SLOP of the cheapest runs it. */
static inline gboolean
linked_dominated (const Locator *loc,
                  const guint   *best,
                  guint          q,
                  int            m)
{
  const double *c = loc->cand;

  for (guint e = 0; e < 2; e++)
    {
      guint r = best[2 * m + e];

      if (r != G_MAXUINT && r != q &&
          c[4 * q] > c[4 * r + 2] + 2 * loc->slop &&
          c[4 * q + 1] > c[4 * r + 3] + 2 * loc->slop)
        return TRUE;
    }
  return FALSE;
}

/* The modes linked layer @j may run in a strategy within SLOP of the
 * cheapest over [@x, @y], from the bounds of its @n_c candidates @ks
 * (linked_factor_bounds (), @best).  A strategy with j neutral turns
 * integrated (j's integrated candidate of least largest cost at factor
 * 1) for at most that cost less j's neutral one: the interfaces (but
 * one below 0, which it may drop) and the co-design factors only fall.
 * A strategy with j integrated turns neutral for at most j's neutral
 * cost less its integrated one at the least factor, plus its two
 * interfaces, plus what the links out of j save
 * (_strata_ladder_links_saving ()).  A change that saves 4 SLOP at every
 * volume rules the mode out. */
static guint
linked_modes (Locator       *loc,
              guint          j,
              const guint   *ks,
              guint          n_c,
              const guint   *best,
              double         x,
              double         y)
{
  const Plan *plan = loc->plan;
  const double *c = loc->cand;
  double s = 4 * loc->slop, least[2] = { INFINITY, INFINITY };
  double ifaces = fabs (plan->iface[j]) + (j > 0 ? fabs (plan->iface[j - 1]) : 0);
  /* What turning j integrated may add: an interface below 0 dropped. */
  double gain = MAX (-plan->iface[j], 0) + (j > 0 ? MAX (-plan->iface[j - 1], 0) : 0);
  guint bi = best[2 * STRATA_MODE_INTEGRATED + 1], bn = best[2 * STRATA_MODE_NEUTRAL + 1];
  const StrataLayer *layer = &loc->dataset->layers[j];

  if (bi == G_MAXUINT || bn == G_MAXUINT)
    return 3;
  for (guint q = 0; q < n_c; q++)
    {
      int m = layer->options[ks[q]].mode;

      /* At the least factor for integrated, at 1 for neutral. */
      least[m] = MIN (least[m], c[4 * q + (m == STRATA_MODE_INTEGRATED ? 0 : 1)]);
    }
  if (c[4 * bi + 3] - least[STRATA_MODE_NEUTRAL] + gain < -s)
    return 1u << STRATA_MODE_INTEGRATED;
  if (c[4 * bn + 3] - least[STRATA_MODE_INTEGRATED] + ifaces + _strata_ladder_links_saving (loc, j, x, y, FALSE) < -s)
    return 1u << STRATA_MODE_NEUTRAL;
  return 3;
}

guint
_strata_ladder_linked_modes (Locator *loc,
                             guint    j,
                             double   x,
                             double   y)
{
  MagBounds b = { 0 };
  const guint *ks;
  double *unused;
  guint best[4], n_c;

  /* Over the window's candidates (layer_candidates () of the interval). */
  b.x = x;
  b.y = y;
  n_c = layer_candidates (loc, &loc->interval, j, &ks, &unused);
  if (n_c == 0 ||
      !linked_factor_bounds (loc, &b, j, ks, n_c, plan_least_factor (loc->plan, j), 1.0, NULL,
                             best))
    return 3;
  return linked_modes (loc, j, ks, n_c, best, x, y);
}

/* The modes each linked layer may run in a strategy within SLOP over
 * [@b's x, y] (linked_modes ()), into b->modes, before the layers' sets
 * (which take the co-design factors from them). */
static void
linked_pre_modes (Locator   *loc,
                  MagBounds *b)
{
  const Plan *plan = loc->plan;

  for (guint p = 0; p < plan->n_linked; p++)
    {
      guint j = plan->linked[p], best[4], n_c;
      const guint *ks;
      double *unused;

      n_c = layer_candidates (loc, b, j, &ks, &unused);
      b->modes[j] = 3;
      if (n_c > 1 &&
          linked_factor_bounds (loc, b, j, ks, n_c, plan_least_factor (plan, j), 1.0, NULL, best))
        b->modes[j] = (guint8) linked_modes (loc, j, ks, n_c, best, b->x, b->y);
    }
}

/* Bounds of linked layer @j's co-design factor in a strategy within SLOP
 * over [@b's x, y], from the modes the layers linking into it may run
 * (b->modes). */
static void
linked_factor_range (const Locator   *loc,
                     const MagBounds *b,
                     guint            j,
                     double          *f_lo,
                     double          *f_hi)
{
  const Plan *plan = loc->plan;
  guint p = (guint) plan->linked_pos[j];

  *f_lo = *f_hi = 1.0;
  /* The same order as plan_least_factor (). */
  for (guint q = plan->in_start[p]; q < plan->in_start[p + 1]; q++)
    {
      const PlanLink *link = &plan->links[plan->in_list[q]];
      guint modes = b->modes[plan->linked[link->from_pos]];

      if (modes & (1u << STRATA_MODE_INTEGRATED))
        *f_lo *= link->multiplier;
      if (modes == 1u << STRATA_MODE_INTEGRATED)
        *f_hi *= link->multiplier;
    }
}

/* TRUE when candidate @q of layer @j (no link touches it) costs more
 * than candidate @r by more than @margin at every volume of the
 * interval, by their difference there (_strata_ladder_gap_floor ():
 * two costs may fall together without ever meeting, which their ranges
 * over the interval cannot tell), with room for the rounding of the
 * costs. */
static gboolean
dearer_throughout (const Locator *loc,
                   guint          j,
                   const double  *c,
                   guint          q,
                   guint          r,
                   double         margin)
{
  guint base = cand_base (loc->plan, j);

  if (r == G_MAXUINT || r == q)
    return FALSE;
  return _strata_ladder_gap_floor (loc, j, base + q, base + r) >
         margin + 16 * DBL_EPSILON * (c[4 * q + 3] + c[4 * r + 3]);
}

/* Pass 2 of the bounds @b, for layer @j (after the chain's messages):
 * its candidates that may be in a strategy within SLOP of the cheapest
 * (over the interval, into loc->set_list), the bounds of their
 * magnitudes and the modes they run. */
static void
layer_set (Locator   *loc,
           MagBounds *b,
           guint      j)
{
  const Plan *plan = loc->plan;
  const StrataLayer *layer = &loc->dataset->layers[j];
  const double *least_dearest = loc->dearest + 2 * j;
  double gap = plan->iface[j] + (j > 0 ? plan->iface[j - 1] : 0) + 2 * loc->slop;
  double lo = INFINITY, hi = 0;
  guint modes = 0, allowed, n_set = 0;
  const guint *ks;
  double *c;
  guint n_c = layer_candidates (loc, b, j, &ks, &c);

  guint best[4];
  gboolean linked = plan->linked_pos[j] >= 0;
  double f_lo = 1.0, f_hi = 1.0;
  gboolean linked_bounds;

  /* A linked layer's co-design factor in a strategy within SLOP: every
   * link from a layer surely integrated there applies, one from a layer
   * that may run either mode may (linked_pre_modes ()). */
  if (linked)
    linked_factor_range (loc, b, j, &f_lo, &f_hi);
  linked_bounds = linked && n_c > 1 && linked_factor_bounds (loc, b, j, ks, n_c, f_lo, f_hi, c, best);

  /* A single candidate passes every test below but the first. */
  allowed = n_c == 1 ? 3 : linked ? b->modes[j] : chain_modes (loc, j);
  for (guint q = 0; q < n_c; q++)
    {
      int m = layer->options[ks[q]].mode;

      /* Out: of a mode the chain rules out, or dearer than a candidate
       * of its mode by 2 SLOP (the same interfaces), or than one of the
       * other mode by what the swap may add; of a linked layer, dearer
       * than one of its mode by 2 SLOP at every factor. */
      if (!(c[4 * q + 2] < INFINITY) ||
          (linked_bounds && (!(allowed & (1u << m)) || linked_dominated (loc, best, q, m))) ||
          (!linked &&
           (!(allowed & (1u << m)) ||
            c[4 * q] > least_dearest[m] + 2 * loc->slop ||
            c[4 * q] > least_dearest[1 - m] + (m == STRATA_MODE_NEUTRAL ? 2 * loc->slop : gap) ||
            (b == &loc->interval && n_c > 1 &&
             dearer_throughout (loc, j, c, q, loc->dearest_at[2 * j + m], 2 * loc->slop)))))
        continue;
      if (b == &loc->interval)
        {
          loc->set_pos[loc->set_start[j] + n_set] = cand_base (plan, j) + q;
          loc->set_list[loc->set_start[j] + n_set++] = ks[q];
        }
      lo = MIN (lo, c[4 * q + 2]);
      hi = MAX (hi, c[4 * q + 3]);
      modes |= 1u << m;
    }
  if (b == &loc->interval)
    loc->set_start[j + 1] = loc->set_start[j] + n_set;
  b->lo[2 * j] = lo;
  b->hi[2 * j] = hi;
  b->modes[j] = (guint8) modes;
}

/* The bounds of the interface between layers @j and @j + 1 from the
 * modes they may run: both surely integrated, none; one surely
 * neutral, the interface; else either. */
static inline void
interface_bounds (const Plan      *plan,
                  const MagBounds *b,
                  guint            j,
                  double          *lo,
                  double          *hi)
{
  guint m0, m1;
  double c;

  if (j + 1 >= plan->n_layers)
    {
      *lo = *hi = 0;
      return;
    }
  m0 = b->modes[j];
  m1 = b->modes[j + 1];
  c = plan->iface[j];
  *lo = m0 == 2 && m1 == 2 ? 0 : !(m0 & 2) || !(m1 & 2) ? c : 0;
  *hi = m0 == 2 && m1 == 2 ? 0 : c;
}

/* After the interval's bounds: the layers left one candidate of a
 * learning curve that stays between its floor and its cap over the
 * interval, or of a base that does not depend on volume, are *fast*:
 * over a bracket their magnitudes are summed at once (the curves' sum
 * from its moments about the interval's ends, bracket_fast ()), their
 * mode is their candidate's, and only the other layers are bounded one
 * by one.  Their interfaces with each other are summed here. */
static void
fast_setup (Locator *loc)
{
  const Plan *plan = loc->plan;
  const StrataLayer *layers = loc->dataset->layers;
  double width = log (loc->hi / loc->lo);
  guint n = plan->n_layers;

  loc->n_explicit = 0;
  loc->fast_k = loc->fast_f = loc->fast_iface = 0;
  memset (loc->moments, 0, sizeof loc->moments);
  memset (loc->fast_emax, 0, sizeof loc->fast_emax);
  for (guint j = 0; j < n; j++)
    {
      gboolean fast = FALSE;

      if (plan->linked_pos[j] < 0 && plan->exponent != NULL &&
          loc->set_start[j + 1] - loc->set_start[j] == 1)
        {
          guint k = loc->set_list[loc->set_start[j]], o = plan->opt_offset[j] + k;
          guint at = loc->set_pos[loc->set_start[j]];
          const StrataOption *option = &layers[j].options[k];
          double eco = plan->objective == STRATA_OBJECTIVE_CASH ? 0.0 : option->ecosystem_value.value;
          double c0 = loc->curves[2 * at], c1 = loc->curves[2 * at + 1], e = plan->exponent[o];
          double cap = MAX (STRATA_MAX_VARIABLE_COST, option->unit_cost.value);

          if (isnan (c0) || isnan (c1))
            {
              /* No curve: the same base at every volume. */
              double base = ladder_variable_base (plan, j, k, loc->lo);

              if (base >= 0 && base < INFINITY)
                {
                  loc->fast_k += base;
                  fast = TRUE;
                }
            }
          else if (c0 > option->floor_cost.value && c1 > option->floor_cost.value &&
                   c0 < cap && c1 < cap && c0 >= 0 && c1 >= 0 && fabs (e) * width <= 0.125)
            {
              int g = e > 0;

              for (int side = 0; side < 2; side++)
                {
                  double term = side ? c1 : c0;

                  for (int p = 0; p < 5; p++, term *= e)
                    loc->moments[side][g][p] += term;
                  loc->moments[side][g][5] += fabs (term);
                }
              loc->fast_emax[g] = MAX (loc->fast_emax[g], fabs (e));
              fast = TRUE;
            }
          if (fast)
            {
              loc->fast_k += fabs (eco);
              loc->fast_f += fabs (option->fixed_cost.value);
              /* Their chain's messages: one mode. */
              loc->chain[4 * j + 2] = loc->chain[4 * j + 3] =
                loc->chain_above[2 * j] = loc->chain_above[2 * j + 1] =
                  option->mode == STRATA_MODE_INTEGRATED ? -INFINITY : INFINITY;
            }
        }
      loc->fast[j] = (guint8) fast;
      loc->bracket.modes[j] = loc->interval.modes[j];
      if (!fast)
        loc->explicit_layers[loc->n_explicit++] = j;
    }
  for (guint j = 0; j + 1 < n; j++)
    if (loc->fast[j] && loc->fast[j + 1])
      {
        double lo, hi;

        interface_bounds (plan, &loc->interval, j, &lo, &hi);
        loc->fast_iface += lo;  /* lo == hi: both modes known */
      }
}

/* The sum of the fast layers' learning curves over the bracket of @b,
 * from their moments about the interval's end b->side: each group (the
 * curves falling with volume, those rising) is monotone, and its sum at
 * t = ln (V / end) is sum_p M_p t^p / p! within M_5 |t|^5 e^(e |t|) / 120
 * (M_p the sum of curve * e^p, M_5 of curve * |e|^5). */
static void
bracket_fast (const Locator *loc,
              const MagBounds *b,
              double        *lo,
              double        *hi)
{
  double tm = MAX (fabs (b->log_x), fabs (b->log_y));

  *lo = *hi = 0;
  for (int g = 0; g < 2; g++)
    {
      const double *m = loc->moments[b->side][g];
      double at[2], r;

      for (int v = 0; v < 2; v++)
        {
          double t = v ? b->log_y : b->log_x;

          at[v] = m[0] + t * (m[1] + t / 2 * (m[2] + t / 3 * (m[3] + t / 4 * m[4])));
        }
      r = m[5] * tm * tm * tm * tm * tm / 120 * exp (loc->fast_emax[g] * tm);
      *lo += MIN (at[0], at[1]) - r;
      *hi += MAX (at[0], at[1]) + r;
    }
  *lo = MAX (*lo * (1 - 1e-12), 0);
  *hi *= 1 + 1e-12;
}

/* The bounds over a bracket within the interval: the fast layers at
 * once (fast_setup ()), the others one by one as over the interval,
 * their chain's messages through runs of them. */
static void
bracket_bounds (Locator   *loc,
                MagBounds *b)
{
  const Plan *plan = loc->plan;
  double *ch = loc->chain, *up = loc->chain_above;
  double fast_lo, fast_hi;

  for (guint e = 0; e < loc->n_explicit; e++)
    if (!layer_delta (loc, b, loc->explicit_layers[e]))
      return;
  for (guint e = 0; e < loc->n_explicit; e++)
    {
      guint j = loc->explicit_layers[e];

      message_from_below (plan, ch, j);
    }
  for (guint e = loc->n_explicit; e-- > 0;)
    {
      guint j = loc->explicit_layers[e];

      message_from_above (plan, ch, up, j, plan->n_layers);
    }
  linked_pre_modes (loc, b);
  bracket_fast (loc, b, &fast_lo, &fast_hi);
  b->sum_lo = fast_lo + loc->fast_k + loc->fast_f / b->y + loc->fast_iface;
  b->sum_hi = fast_hi + loc->fast_k + loc->fast_f / b->x + loc->fast_iface;
  for (guint e = 0; e < loc->n_explicit; e++)
    {
      guint j = loc->explicit_layers[e];
      double lo, hi;

      layer_set (loc, b, j);
      b->sum_lo += b->lo[2 * j];
      b->sum_hi += b->hi[2 * j];
      /* The interfaces next to it, each once. */
      if (j > 0)
        {
          interface_bounds (plan, b, j - 1, &lo, &hi);
          b->sum_lo += lo;
          b->sum_hi += hi;
        }
      if (j + 1 < plan->n_layers && loc->fast[j + 1])
        {
          interface_bounds (plan, b, j, &lo, &hi);
          b->sum_lo += lo;
          b->sum_hi += hi;
        }
    }
  b->ok = b->sum_hi < 1e300 && b->sum_lo >= 0;
}

/* @b over [x, y] (the interval, or a bracket within it): per layer, the
 * candidates that may be in a strategy within SLOP of the cheapest
 * somewhere in [x, y]: for a layer no link touches, those of the modes
 * the chain's messages leave it (chain_modes ()) not dearer there than
 * another candidate of their mode by 2 SLOP, nor than one of the other
 * mode by the interfaces (an integrated candidate) or by nothing (a
 * neutral one: swapping it for an integrated one adds no interface cost)
 * plus 2 SLOP; of a linked layer, those of the modes linked_modes ()
 * leaves it not dearer than one of their mode by 2 SLOP at every
 * co-design factor (linked_dominated ()).  The bounds of their
 * magnitudes (_strata_ladder_mag_take ()), and of the interfaces from the
 * modes they may run. */
void
_strata_ladder_magnitude_bounds (Locator   *loc,
                                 MagBounds *b,
                                 double     x,
                                 double     y)
{
  const Plan *plan = loc->plan;
  guint n = plan->n_layers;
  /* Over a bracket, the curves from the interval's nearer end. */
  double end;

  b->x = x;
  b->y = y;
  b->ok = FALSE;
  b->side = x * y > loc->lo * loc->hi;
  end = b->side ? loc->hi : loc->lo;
  b->log_x = log (x / end);
  b->log_y = log (y / end);
  b->sum_lo = b->sum_hi = 0;
  if (b == &loc->bracket)
    {
      bracket_bounds (loc, b);
      return;
    }
  for (guint j = 0; j < n; j++)
    if (!layer_delta (loc, b, j))
      return;
  chain_messages (loc, n);
  linked_pre_modes (loc, b);
  loc->set_start[0] = 0;
  for (guint j = 0; j < n; j++)
    layer_set (loc, b, j);
  for (guint j = 0; j < n; j++)
    {
      double lo, hi;

      interface_bounds (plan, b, j, &lo, &hi);
      b->sum_lo += b->lo[2 * j] + lo;
      b->sum_hi += b->hi[2 * j] + hi;
    }
  b->ok = b->sum_hi < 1e300 && b->sum_lo >= 0;
  if (b->ok)
    fast_setup (loc);
}

/* What to take off the sums of @mb for its entry @idx ([2 j] layer j,
 * [2 j + 1] the interface above it) to bound the rest: its own bounds
 * when the sums add them, its largest from the least sum and its least
 * from the largest for a fast layer over a bracket (summed apart). */
void
_strata_ladder_mag_take (Locator         *loc,
                         const MagBounds *mb,
                         guint            idx,
                         double          *take_lo,
                         double          *take_hi)
{
  guint j = idx / 2;
  double c[4];

  if (idx % 2)
    interface_bounds (loc->plan, mb, j, take_lo, take_hi);
  else if (mb == &loc->bracket && loc->fast[j])
    {
      const guint *ks = loc->set_list + loc->set_start[j];

      if (!candidates_near (loc, j, ks, loc->set_pos + loc->set_start[j], 1, mb->x, mb->y,
                            mb->side, mb->log_x, mb->log_y, c))
        c[2] = 0, c[3] = INFINITY;
      *take_lo = c[3];
      *take_hi = c[2];
    }
  else
    {
      *take_lo = mb->lo[idx];
      *take_hi = mb->hi[idx];
    }
}

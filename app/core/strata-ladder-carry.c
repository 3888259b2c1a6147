/* strata-ladder-carry.c: a short stack's grid point carried from the one before
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

/* On a short stack (fewer than GROUP_ROW_LAYERS layers, too many
 * strategies to add them all up: strata-ladder-tiny.c) the ladder's 64
 * grid optima were most of its time (issue 15), each a whole search, and
 * most grid intervals hold no flip.  This tells when the optimum S at a
 * grid point V0 is the optimum at the next one V too, without a search.
 *
 * When no cost rises with the volume (fixed costs and variable bases not
 * negative, learning exponents not above 0), an option's cost at V > V0
 * is at least its learning curve's base at V0 times r^e for its exponent
 * e, r the widest ratio of two grid points raised to the steps from V0
 * (a cap only holds a curve back), and not below its floor, times the
 * least co-design factor of its layer when it is integrated,
 * plus its variable base without a learning curve times that factor,
 * plus its fixed cost over V, less its ecosystem value.  Every strategy T
 * other than S differs from S at some layer i: T costs at least the least
 * such bound of a strategy with T's option at i, whatever the others run
 * (the cheapest prefix below i and suffix above it, in bounds, with the
 * interfaces their modes pay: a dynamic programme along the chain each
 * way).  Strategies are those of the window's candidates, the same at V0
 * and V (one window holds both), which are all the optimizer compares
 * there.  When the least of those bounds over every layer and every
 * candidate other than S's exceeds S's own cost at V by 1000 times the
 * optimizer's bound of every pair's tie tolerance at V0 (magnitudes do not
 * grow with the volume either), S is cheaper at V than every other
 * strategy of candidates by far more than the tie tolerance and the
 * roundings of the optimizer's sums: its search, its reconstruction and
 * every comparison in them keep S, so S is the optimum at V in the window,
 * whose argument makes it the optimum over every option (as
 * strata-ladder-tiny.c argues).  Otherwise V is solved, and becomes the
 * next V0; the learning curves at V0 are the optimizer's. */
#define CARRY_TOLERANCES 1e3

struct _LadderCarry
{
  guint    n_layers, n_options;
  gboolean held;
  guint    held_q;
  double   held_volume, threshold;
  guint    skip, backoff; /* after each failure in a row (links' factors,
                           * near ties) it skips twice as many grid points,
                           * up to 8, before it tries again */
  WindowMark window;  /* the window of V0 */
  guint   *row;       /* n_layers: S */
  guint   *alt;       /* n_layers: the cheapest strategy in bounds */
  guint   *arg;       /* 2 n_layers: each layer's cheapest candidate in
                       * bounds of each mode (by opt_offset) */
  guint   *start;     /* n_layers + 1: the candidates of each layer, */
  guint   *cand;      /* by plan->opt_offset */
  double  *least_f;   /* n_layers: each layer's least co-design factor */
  double  *below;     /* 2 n_layers: the cheapest prefix ending in mode m */
  double  *above;     /* 2 n_layers: the cheapest suffix starting in mode m */
  /* By option (plan->opt_offset), for the candidates: */
  double  *learn;     /* the learning curve's base at V0, else 0 */
  double  *flat;      /* the variable base without one, else 0 */
  double  *step;      /* (the widest ratio of two grid points)^its exponent
                       * (1 without a learning curve); NAN until a bound
                       * first asks (a few candidates a layer: a pow ()
                       * for each of 16,384 options was an eighth of a
                       * ladder's on 16 x 1024) */
  double   widest;    /* that ratio, held up by its rounding */
  double  *ratio;     /* their product over the grid points from V0, held
                       * back by the rounding of each product */
  double  *next;      /* the same one grid point on */
  double  *bound;     /* the bound at V */
};

LadderCarry *
_strata_ladder_carry_new (const Plan   *plan,
                          const double *volumes,
                          guint         n_points)
{
  const PlanOption *packed = plan_packed (plan);
  guint n = plan->n_layers, n_options = plan->n_options, targets = 0;
  LadderCarry *c;

  if (packed == NULL || n == 0 || n >= GROUP_ROW_LAYERS)
    return NULL;
  /* Where half the layers or more receive links, their least factors
   * leave the bounds too low to tell (generated stacks of 8 x 2 and
   * 20 x 3, every layer linked: few grid points carried, the ladder 2 to
   * 13 % slower with the attempts). */
  for (guint i = 0; i < n; i++)
    targets += plan->linked_pos[i] >= 0 && plan_least_factor (plan, i) < 1.0;
  if (2 * targets >= n)
    return NULL;
  for (guint o = 0; o < n_options; o++)
    if (!ladder_option_monotone (&packed[o]))
      return NULL;
  c = g_new0 (LadderCarry, 1);
  c->n_layers = n;
  c->n_options = n_options;
  c->row = g_new (guint, 5 * (gsize) n + 1 + n_options);
  c->start = c->row + n;
  c->cand = c->start + n + 1;
  c->alt = c->cand + n_options;
  c->arg = c->alt + n;
  c->least_f = g_new (double, 5 * (gsize) n + 6 * (gsize) n_options);
  c->below = c->least_f + n;
  c->above = c->below + 2 * (gsize) n;
  c->learn = c->above + 2 * (gsize) n;
  c->flat = c->learn + n_options;
  c->step = c->flat + n_options;
  c->ratio = c->step + n_options;
  c->next = c->ratio + n_options;
  c->bound = c->next + n_options;
  for (guint i = 0; i < n; i++)
    c->least_f[i] = plan_least_factor (plan, i);
  c->widest = _strata_ladder_widest_step (volumes, n_points);
  if (!isfinite (c->widest))
    {
      _strata_ladder_carry_free (c);
      return NULL;
    }
  for (guint o = 0; o < n_options; o++)
    c->step[o] = NAN;
  return c;
}

double
_strata_ladder_widest_step (const double *volumes,
                            guint         n_points)
{
  double widest = 1;

  for (guint q = 0; q + 1 < n_points; q++)
    widest = MAX (widest, volumes[q + 1] / volumes[q]);
  return widest * (1 + 1e-12);
}

gboolean
_strata_ladder_curve_steps (const Plan   *plan,
                            const double *volumes,
                            guint         n_points,
                            double       *step)
{
  const PlanOption *packed = plan_packed (plan);
  double widest = _strata_ladder_widest_step (volumes, n_points);

  for (guint o = 0; o < plan->n_options; o++)
    step[o] = _strata_ladder_curve_step (&packed[o], widest);
  return isfinite (widest);
}

void
_strata_ladder_carry_free (LadderCarry *c)
{
  if (c == NULL)
    return;
  g_free (c->row);
  g_free (c->least_f);
  g_free (c);
}

void
_strata_ladder_carry_solved (LadderCarry *c,
                             const Plan  *plan,
                             guint        q,
                             double       volume,
                             const guint *row)
{
  const PlanOption *packed = plan_packed (plan);
  guint m = 0;

  /* The optimum turned since the answer held (a flip): the failure this
   * follows was that, not a near tie, so the next grid point is tried at
   * once rather than solved too. */
  if (c->skip > 0 && memcmp (c->row, row, c->n_layers * sizeof (guint)) != 0)
    c->skip = c->backoff = 0;
  c->held = FALSE;
  c->threshold = CARRY_TOLERANCES * plan->eps;
  if (plan->volume != volume || !isfinite (c->threshold))
    return;
  for (guint i = 0; i < c->n_layers; i++)
    {
      guint q0, q1;

      c->start[i] = m;
      plan_options (plan, i, &q0, &q1);
      for (guint k = q0; k < q1; k++)
        {
          guint o = plan->opt_offset[i] + plan_option_at (plan, k);
          double var = plan->base[plan_slot (plan, i, k)];

          c->cand[m++] = o;
          c->learn[o] = isnan (packed[o].base) ? var : 0;
          c->flat[o] = isnan (packed[o].base) ? 0 : var;
          c->ratio[o] = 1.0;
        }
    }
  c->start[c->n_layers] = m;
  memcpy (c->row, row, c->n_layers * sizeof (guint));
  window_mark_take (&c->window, plan);
  c->held_volume = volume;
  c->held_q = q;
  c->held = TRUE;
}

/* The interface between layers @i and @i + 1 in modes @m and @m1. */
static inline double
iface_at (const Plan *plan,
          guint       i,
          int         m,
          int         m1)
{
  return m == STRATA_MODE_INTEGRATED && m1 == STRATA_MODE_INTEGRATED ? 0 : plan->iface[i];
}

/* The bounds at @volume of every candidate (c->bound), and the cheapest
 * prefixes and suffixes in them (c->below, c->above). */
static void
carry_bounds (LadderCarry *c,
              const Plan  *plan,
              double       volume)
{
  const PlanOption *packed = plan_packed (plan);
  guint n = c->n_layers;

  for (guint i = 0; i < n; i++)
    {
      double least[2] = { INFINITY, INFINITY };

      for (guint k = c->start[i]; k < c->start[i + 1]; k++)
        {
          guint o = c->cand[k];
          int m = packed[o].mode;
          double f = m == STRATA_MODE_INTEGRATED ? c->least_f[i] : 1.0, curve;

          if (isnan (c->step[o]))
            c->step[o] = _strata_ladder_curve_step (&packed[o], c->widest);
          c->next[o] = c->ratio[o] * c->step[o] * (1 - 4 * DBL_EPSILON);
          curve = ladder_curve_bound (&packed[o], c->learn[o], c->next[o]);
          c->bound[o] = f * (curve + c->flat[o]) + packed[o].fixed / volume - packed[o].eco;
          if (c->bound[o] < least[m])
            {
              least[m] = c->bound[o];
              c->arg[2 * i + m] = o;
            }
        }
      for (int m = 0; m < 2; m++)
        c->below[2 * i + m] = least[m] + (i == 0 ? 0
                                          : MIN (c->below[2 * (i - 1)] + iface_at (plan, i - 1, 0, m),
                                                 c->below[2 * (i - 1) + 1] + iface_at (plan, i - 1, 1, m)));
      c->above[2 * i] = least[0];
      c->above[2 * i + 1] = least[1];
    }
  for (guint i = n - 1; i-- > 0;)
    for (int m = 0; m < 2; m++)
      c->above[2 * i + m] += MIN (c->above[2 * (i + 1)] + iface_at (plan, i, m, 0),
                                  c->above[2 * (i + 1) + 1] + iface_at (plan, i, m, 1));
}

/* S's own cost at @volume, the model's double (_strata_ladder_row_cost ():
 * its factors from the links whose two ends it integrates, in the
 * dataset's order), its variable bases in @bases. */
static double
own_cost (const LadderCarry *c,
          const Plan        *plan,
          const guint       *row,
          double             volume,
          double            *bases)
{
  const PlanOption *packed = plan_packed (plan);
  double factor[GROUP_ROW_LAYERS];
  guint option[GROUP_ROW_LAYERS];
  guint n = c->n_layers;

  for (guint i = 0; i < n; i++)
    {
      factor[i] = 1.0;
      option[i] = plan->opt_offset[i] + row[i];
    }
  for (guint k = 0; k < plan->n_links; k++)
    {
      const PlanLink *link = &plan->links[k];
      guint from = plan->linked[link->from_pos], to = plan->linked[link->to_pos];

      if (packed[option[from]].mode == STRATA_MODE_INTEGRATED &&
          packed[option[to]].mode == STRATA_MODE_INTEGRATED)
        factor[to] *= link->multiplier;
    }
  return _strata_ladder_row_cost (plan, option, factor, volume, bases);
}

/* Whether every strategy but @s (its own cost @own at the bounds'
 * volume) costs more than @own by the threshold, in the bounds: each by
 * the first layer where it differs from @s. */
static gboolean
carry_holds (const LadderCarry *c,
             const Plan        *plan,
             const guint       *s,
             double             own)
{
  const PlanOption *packed = plan_packed (plan);
  guint n = c->n_layers;
  double others = INFINITY;

  for (guint i = 0; i < n && others > own + c->threshold; i++)
    for (guint k = c->start[i]; k < c->start[i + 1]; k++)
      if (c->cand[k] != plan->opt_offset[i] + s[i])
        {
          guint o = c->cand[k];
          int m = packed[o].mode;
          double t = c->bound[o];

          if (i > 0)
            t += MIN (c->below[2 * (i - 1)] + iface_at (plan, i - 1, 0, m),
                      c->below[2 * (i - 1) + 1] + iface_at (plan, i - 1, 1, m));
          if (i + 1 < n)
            t += MIN (c->above[2 * (i + 1)] + iface_at (plan, i, m, 0),
                      c->above[2 * (i + 1) + 1] + iface_at (plan, i, m, 1));
          others = MIN (others, t);
        }
  return isfinite (own) && others > own + c->threshold;
}

/* The cheapest strategy in the bounds (carry_bounds ()) into c->alt:
 * the chain's cheapest prefixes, followed down from the top layer. */
static void
carry_cheapest (LadderCarry *c,
                const Plan  *plan)
{
  guint n = c->n_layers;
  int m = c->below[2 * (n - 1) + 1] < c->below[2 * (n - 1)];

  for (guint i = n; i-- > 0;)
    {
      guint o = c->arg[2 * i + m];

      c->alt[i] = o - plan->opt_offset[i];
      if (i > 0)
        m = c->below[2 * (i - 1) + 1] + iface_at (plan, i - 1, 1, m) <
            c->below[2 * (i - 1)] + iface_at (plan, i - 1, 0, m);
    }
}

gboolean
_strata_ladder_carry_row (LadderCarry *c,
                          const Plan  *plan,
                          guint        q,
                          double       volume,
                          guint       *row,
                          double      *bases,
                          double      *cost)
{
  guint n = c->n_layers;
  double own;

  if (!c->held || q != c->held_q + 1 || !(volume > c->held_volume) || !window_mark_same (&c->window, plan))
    return FALSE;
  if (c->skip > 0)
    {
      c->skip--;
      return FALSE;
    }
  own = own_cost (c, plan, c->row, volume, bases);
  carry_bounds (c, plan, volume);
  if (!carry_holds (c, plan, c->row, own))
    {
      /* A flip since V0: the cheapest strategy in the bounds (at one
       * grid step, each within a few units of the last place of its
       * cost on a stack no link touches), proven the same way. */
      carry_cheapest (c, plan);
      if (memcmp (c->alt, c->row, n * sizeof (guint)) == 0 ||
          !carry_holds (c, plan, c->alt, own = own_cost (c, plan, c->alt, volume, bases)))
        {
          c->backoff = CLAMP (2 * c->backoff, 1, 8);
          c->skip = c->backoff;
          return FALSE;
        }
      memcpy (c->row, c->alt, n * sizeof (guint));
    }

  c->backoff = 0;
  *cost = own;
  memcpy (row, c->row, n * sizeof (guint));
  for (guint k = 0; k < c->start[n]; k++)
    c->ratio[c->cand[k]] = c->next[c->cand[k]];
  c->held_q = q;
  return TRUE;
}

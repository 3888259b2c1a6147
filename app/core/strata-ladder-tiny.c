/* strata-ladder-tiny.c: a grid point of a very short stack from all its strategies
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

/* On a stack of a few layers (the samples: four or five layers of two
 * options, 16 or 32 strategies) the ladder's 64 grid optima were two
 * thirds of its time (issue 15), each a whole search with its set-up.
 * There every strategy's cost is cheaper to add up than one search: what
 * of a strategy's cost does not depend on the volume (each layer's
 * co-design factor, which interfaces it pays) is worked out once per
 * ladder (_strata_ladder_tiny_new ()), and at a grid point each option's
 * terms once, then each strategy's cost is n products and sums.
 *
 * The cheapest strategy S and the least excess over it of any other come
 * out of that.  When the excess exceeds TINY_TOLERANCES times the tie
 * tolerance of the largest magnitude any strategy can have, S is cheaper
 * than every other strategy by far more than the tie tolerance and the
 * roundings of any order of summing the costs: the optimizer's search,
 * its reconstruction and every comparison in them keep S (and its window
 * holds S's options, its argument making its optimum the optimum over
 * every option), so S is the optimum there.  Otherwise (a tie, a cost
 * that is not finite) the optimizer is asked. */
#define TINY_TOLERANCES 1e3

struct _LadderTiny
{
  guint   n_layers, n_strategies;
  guint  *option;   /* n_strategies x n_layers: the option, by plan->opt_offset */
  double *coef;     /* n_strategies x n_layers: the factor of the option's base */
  double *iface;    /* n_strategies: the interfaces it pays */
  double *learn;    /* n_options at the grid point: the variable base, with a
                     * learning curve, else 0 */
  double *flat;     /* n_options: the variable base without one, else 0 */
  double *fixed;    /* n_options: fixed / V */
  /* No cost rises with the volume, nor any magnitude (fixed costs and
   * variable bases not negative, learning exponents not above 0); the
   * steepest exponent. */
  gboolean monotone;
  double   steepest;
  /* The last grid point worked out here, when held: its volume, the
   * answer and what it must beat the others by, and each strategy's cost
   * there in three parts: learning curves (times their factors), fixed
   * costs over the volume, the rest. */
  gboolean held;
  guint    held_q, held_s;
  double   held_volume, held_threshold;
  double  *part_learn, *part_fixed, *part_rest;
  /* n_options: (the widest ratio of two grid points)^the option's
   * exponent (1 without a learning curve), their product over the grid
   * points since the held one (held back by each product's rounding),
   * and the bound of the curve's base at the next grid point (not below
   * the option's floor): the second, tighter test of tiny_carry (). */
  double  *step, *ratio, *bound;
};

LadderTiny *
_strata_ladder_tiny_new (const Plan   *plan,
                         const double *volumes,
                         guint         n_points)
{
  const StrataDataset *dataset = plan->dataset;
  guint n = dataset->n_layers, count = 1;
  guint digit[TINY_MAX_LAYERS] = { 0 };
  double factor[TINY_MAX_LAYERS];
  LadderTiny *t;

  if (plan_packed (plan) == NULL || n == 0 || n > TINY_MAX_LAYERS)
    return NULL;
  for (guint i = 0; i < n; i++)
    {
      count *= dataset->layers[i].n_options;
      if ((gsize) count * n > TINY_MAX_WORK)
        return NULL;
    }

  t = g_new0 (LadderTiny, 1);
  t->n_layers = n;
  t->n_strategies = count;
  t->option = g_new (guint, (gsize) count * n);
  t->coef = g_new (double, (gsize) count * n + 4 * (gsize) count + 6 * (gsize) plan->n_options);
  t->iface = t->coef + (gsize) count * n;
  t->part_learn = t->iface + count;
  t->part_fixed = t->part_learn + count;
  t->part_rest = t->part_fixed + count;
  t->learn = t->part_rest + count;
  t->flat = t->learn + plan->n_options;
  t->fixed = t->flat + plan->n_options;
  t->step = t->fixed + plan->n_options;
  t->ratio = t->step + plan->n_options;
  t->bound = t->ratio + plan->n_options;
  t->monotone = _strata_ladder_curve_steps (plan, volumes, n_points, t->step);
  for (guint o = 0; o < plan->n_options; o++)
    {
      const PlanOption *wo = &plan_packed (plan)[o];

      if (!ladder_option_monotone (wo))
        t->monotone = FALSE;
      else if (isnan (wo->base))
        t->steepest = MIN (t->steepest, wo->exponent);
    }

  for (guint s = 0; s < count; s++)
    {
      guint *option = t->option + (gsize) s * n;
      double *coef = t->coef + (gsize) s * n;

      /* The factors as the model multiplies them (links in dataset
       * order), the interfaces as it pays them. */
      for (guint i = 0; i < n; i++)
        factor[i] = 1.0;
      for (guint k = 0; k < dataset->n_links; k++)
        {
          const StrataLink *link = &dataset->links[k];

          if (dataset->layers[link->from].options[digit[link->from]].mode == STRATA_MODE_INTEGRATED &&
              dataset->layers[link->to].options[digit[link->to]].mode == STRATA_MODE_INTEGRATED)
            factor[link->to] *= 1.0 - link->saving.value;
        }
      t->iface[s] = 0;
      for (guint i = 0; i < n; i++)
        {
          gboolean integrated = dataset->layers[i].options[digit[i]].mode == STRATA_MODE_INTEGRATED;

          option[i] = plan->opt_offset[i] + digit[i];
          coef[i] = integrated ? factor[i] : 1.0;
          if (i + 1 < n &&
              !(integrated &&
                dataset->layers[i + 1].options[digit[i + 1]].mode == STRATA_MODE_INTEGRATED))
            t->iface[s] += plan->iface[i];
        }

      /* The next strategy: layer 0's option turns fastest. */
      for (guint i = 0; i < n && ++digit[i] == dataset->layers[i].n_options; i++)
        digit[i] = 0;
    }
  return t;
}

void
_strata_ladder_tiny_free (LadderTiny *t)
{
  if (t == NULL)
    return;
  g_free (t->option);
  g_free (t->coef);
  g_free (t);
}

/* The second test of tiny_carry (): strategy @s's bound with each
 * option's own exponent (its curve's base at the held volume times
 * t->ratio, not below its floor), plus its fixed costs' part times @y,
 * plus the rest, exceeds @bar. */
static gboolean
tiny_bound_exceeds (LadderTiny *t,
                    const Plan *plan,
                    guint       s,
                    double      y,
                    double      bar)
{
  const PlanOption *packed = plan_packed (plan);
  const guint *option = t->option + (gsize) s * t->n_layers;
  const double *coef = t->coef + (gsize) s * t->n_layers;
  double c = t->part_fixed[s] * y + t->part_rest[s];

  for (guint i = 0; i < t->n_layers; i++)
    {
      guint o = option[i];

      c += coef[i] * ladder_curve_bound (&packed[o], t->learn[o], t->ratio[o]);
    }
  return c > bar;
}

/* Grid point @q at @volume from the one before it, held: each
 * strategy's cost there is at least its learning curves' part times
 * (volume / held volume)^steepest (a floor or a cap only holds a curve
 * back), plus its fixed costs' part times held volume / volume, plus the
 * rest; when every other strategy's bound exceeds the held answer's own
 * cost at @volume by the threshold (the tie tolerance's bound at the held
 * volume, where magnitudes are largest), it is the optimum there too. */
static gboolean
tiny_carry (LadderTiny *t,
            const Plan *plan,
            guint       q,
            double      volume,
            guint      *row,
            double     *bases,
            double     *cost)
{
  const guint *option = t->option + (gsize) t->held_s * t->n_layers;
  const double *coef = t->coef + (gsize) t->held_s * t->n_layers;
  double x, y = t->held_volume / volume, own, bar;

  if (!t->held || q != t->held_q + 1 || !(volume > t->held_volume))
    return FALSE;
  x = pow (volume / t->held_volume, t->steepest);
  own = _strata_ladder_row_cost (plan, option, coef, volume, bases);
  bar = own + t->held_threshold;
  if (!isfinite (bar))
    return FALSE;
  for (guint o = 0; o < plan->n_options; o++)
    t->ratio[o] *= t->step[o] * (1 - 4 * DBL_EPSILON);
  for (guint s = 0; s < t->n_strategies; s++)
    if (s != t->held_s &&
        !(t->part_learn[s] * x + t->part_fixed[s] * y + t->part_rest[s] > bar) &&
        !tiny_bound_exceeds (t, plan, s, y, bar))
      return FALSE;

  for (guint i = 0; i < t->n_layers; i++)
    row[i] = option[i] - plan->opt_offset[i];
  *cost = own;
  t->held_q = q;
  return TRUE;
}

double
_strata_ladder_row_cost (const Plan   *plan,
                         const guint  *option,
                         const double *coef,
                         double        volume,
                         double       *bases)
{
  const PlanOption *packed = plan_packed (plan);
  double unit = 0, eco = 0;
  guint n = plan->n_layers;

  for (guint i = 0; i < n; i++)
    {
      const PlanOption *wo = &packed[option[i]];
      gboolean integrated = wo->mode == STRATA_MODE_INTEGRATED;
      double base = packed_base (wo, packed_curve (wo, volume)), iface = 0;

      bases[i] = base;
      if (i + 1 < n && !(integrated && packed[option[i + 1]].mode == STRATA_MODE_INTEGRATED))
        iface = plan->iface[i];
      unit += (integrated ? base * coef[i] : base) + wo->fixed / volume + iface;
      eco += wo->eco;
    }
  return plan->objective == STRATA_OBJECTIVE_CASH ? unit : unit - eco;
}

gboolean
_strata_ladder_tiny_row (LadderTiny *t,
                         const Plan *plan,
                         guint       q,
                         double      volume,
                         guint      *row,
                         double     *bases,
                         double     *cost)
{
  const PlanOption *packed = plan_packed (plan);
  guint n = t->n_layers, best_s = 0;
  double scale = 0, best = INFINITY, second = INFINITY, threshold;

  *cost = NAN;
  if (t->monotone && tiny_carry (t, plan, q, volume, row, bases, cost))
    return TRUE;
  t->held = FALSE;

  /* Each option's terms, and the largest magnitude of a strategy. */
  for (guint i = 0; i < n; i++)
    {
      double largest = 0;

      for (guint o = plan->opt_offset[i]; o < plan->opt_offset[i + 1]; o++)
        {
          const PlanOption *wo = &packed[o];
          double var = packed_base (wo, packed_curve (wo, volume));

          t->learn[o] = isnan (wo->base) ? var : 0;
          t->flat[o] = isnan (wo->base) ? 0 : var;
          t->fixed[o] = wo->fixed / volume;
          largest = MAX (largest, fabs (var) + fabs (t->fixed[o]) + fabs (wo->eco));
        }
      scale += largest + fabs (plan->iface[i]);
    }
  threshold = TINY_TOLERANCES * STRATA_TIE_TOLERANCE * scale;
  if (!isfinite (threshold))
    return FALSE;

  for (guint s = 0; s < t->n_strategies; s++)
    {
      const guint *option = t->option + (gsize) s * n;
      const double *coef = t->coef + (gsize) s * n;
      double learn = 0, fixed = 0, rest = t->iface[s], c;

      for (guint i = 0; i < n; i++)
        {
          guint o = option[i];

          learn += coef[i] * t->learn[o];
          fixed += t->fixed[o];
          rest += coef[i] * t->flat[o] - packed[o].eco;
        }
      t->part_learn[s] = learn;
      t->part_fixed[s] = fixed;
      t->part_rest[s] = rest;
      c = learn + fixed + rest;
      if (c < best)
        second = best, best = c, best_s = s;
      else if (c < second)
        second = c;
    }
  if (!(second - best > threshold))
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      guint o = t->option[(gsize) best_s * n + i];

      row[i] = o - plan->opt_offset[i];
      bases[i] = t->learn[o] + t->flat[o];
    }
  for (guint o = 0; o < plan->n_options; o++)
    t->ratio[o] = 1.0;
  t->held = TRUE;
  t->held_q = q;
  t->held_s = best_s;
  t->held_volume = volume;
  t->held_threshold = threshold;
  return TRUE;
}

/* strata-ladder-tiny.c: a grid point of a very short stack from all its strategies
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "strata-model"

#include "config.h"

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
  double *var;      /* n_options: at the grid point */
  double *rest;     /* n_options */
};

LadderTiny *
_strata_ladder_tiny_new (const Plan *plan)
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
  t->coef = g_new (double, (gsize) count * n + count + 2 * (gsize) plan->n_options);
  t->iface = t->coef + (gsize) count * n;
  t->var = t->iface + count;
  t->rest = t->var + plan->n_options;

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

gboolean
_strata_ladder_tiny_row (LadderTiny *t,
                         const Plan *plan,
                         double      volume,
                         guint      *row,
                         double     *bases)
{
  const PlanOption *packed = plan_packed (plan);
  guint n = t->n_layers, best_s = 0;
  double scale = 0, best = INFINITY, second = INFINITY;

  /* Each option's terms, and the largest magnitude of a strategy. */
  for (guint i = 0; i < n; i++)
    {
      double largest = 0;

      for (guint o = plan->opt_offset[i]; o < plan->opt_offset[i + 1]; o++)
        {
          const PlanOption *wo = &packed[o];
          double fixed = wo->fixed / volume;

          t->var[o] = packed_base (wo, packed_curve (wo, volume));
          t->rest[o] = fixed - wo->eco;
          largest = MAX (largest, fabs (t->var[o]) + fabs (fixed) + fabs (wo->eco));
        }
      scale += largest + fabs (plan->iface[i]);
    }
  if (!isfinite (scale))
    return FALSE;

  for (guint s = 0; s < t->n_strategies; s++)
    {
      const guint *option = t->option + (gsize) s * n;
      const double *coef = t->coef + (gsize) s * n;
      double c = t->iface[s];

      for (guint i = 0; i < n; i++)
        c += coef[i] * t->var[option[i]] + t->rest[option[i]];
      if (c < best)
        second = best, best = c, best_s = s;
      else if (c < second)
        second = c;
    }
  if (!(second - best > TINY_TOLERANCES * STRATA_TIE_TOLERANCE * scale))
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      guint o = t->option[(gsize) best_s * n + i];

      row[i] = o - plan->opt_offset[i];
      bases[i] = t->var[o];
    }
  return TRUE;
}

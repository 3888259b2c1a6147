/* strata-breakeven.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "strata-model"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "strata/strata-model.h"

#include "strata-model-private.h"

/*
 * Break-even (MODEL.md section 4).
 */

/* Dense scan for break-even before refining each bracket. */
#define BREAKEVEN_GRID 4096

/* ------------------------------------------------------------------ */
/* Section 4: break-even                                                */
/* ------------------------------------------------------------------ */

typedef struct
{
  const StrataDataset  *dataset;
  const StrataStrategy *strategy[2];
  Plan                 *plan;       /* when either side is optimal */
  guint                *choices;    /* scratch for the optimal side */
  guint32               hint;       /* the optimum's last mode pattern */
} Diff;

static double
side_cost (Diff   *diff,
           guint   side,
           double  volume)
{
  const StrataStrategy *strategy = diff->strategy[side];

  if (strategy->choices != NULL)
    return strata_effective_unit_cost (diff->dataset, strategy->choices, volume);

  _strata_plan_optimize_hinted (diff->plan, volume, diff->choices, &diff->hint);
  return strata_effective_unit_cost (diff->dataset, diff->choices, volume);
}

static inline int
sign_of (double x)
{
  return x > 0 ? 1 : x < 0 ? -1 : 0;
}

/* The sign of eff(A) - eff(B).  A difference within rounding of the two
 * costs (STRATA_CHEAPER_TOLERANCE of their magnitudes) counts as 0: the optimum may
 * equal a fixed strategy while taking a different, equally cheap route,
 * and such noise must not read as a crossing. */
static int
diff_eval (Diff   *diff,
           double  volume,
           double *d_out,
           double *scale_out)
{
  double a = side_cost (diff, 0, volume);
  double b = side_cost (diff, 1, volume);

  if (d_out != NULL)
    *d_out = a - b;
  if (scale_out != NULL)
    *scale_out = fabs (a) + fabs (b);
  if (fabs (a - b) <= STRATA_CHEAPER_TOLERANCE * (fabs (a) + fabs (b)))
    return 0;
  return sign_of (a - b);
}

static int
diff_sign (Diff   *diff,
           double  volume)
{
  return diff_eval (diff, volume, NULL, NULL);
}

typedef struct
{
  double volume;
  double d;        /* eff(A) - eff(B) */
  double scale;    /* |eff(A)| + |eff(B)| */
  int    sign;     /* of d, 0 within rounding */
} Sample;

static int
compare_samples (gconstpointer a,
                 gconstpointer b)
{
  double x = ((const Sample *) a)->volume, y = ((const Sample *) b)->volume;

  return x < y ? -1 : x > y ? 1 : 0;
}

/* Two crossings closer together than the scan's step leave the same sign
 * on both sides of a dip of |d|.  Where |d| has a clear local minimum
 * between grid points [lo, hi] (clear: deeper than rounding), a golden-
 * section search over log V looks for a point of the opposite sign;
 * returns TRUE and fills @found when there is one. */
static gboolean
search_dip (Diff         *diff,
            const Sample *lo,
            const Sample *hi,
            int           s,
            Sample       *found)
{
  const double r = 0.6180339887498949;
  double a = log (lo->volume), b = log (hi->volume);
  double x1 = b - r * (b - a), x2 = a + r * (b - a);
  double f1, f2, d, scale;
  int sign;

  sign = diff_eval (diff, exp (x1), &d, &scale);
  if (sign == -s)
    goto hit1;
  f1 = s * d;
  sign = diff_eval (diff, exp (x2), &d, &scale);
  if (sign == -s)
    goto hit2;
  f2 = s * d;

  for (guint iter = 0; iter < 80 && b - a > 1e-12 * MAX (1.0, fabs (a)); iter++)
    {
      if (f1 < f2)
        {
          b = x2;
          x2 = x1;
          f2 = f1;
          x1 = b - r * (b - a);
          sign = diff_eval (diff, exp (x1), &d, &scale);
          if (sign == -s)
            goto hit1;
          f1 = s * d;
        }
      else
        {
          a = x1;
          x1 = x2;
          f1 = f2;
          x2 = a + r * (b - a);
          sign = diff_eval (diff, exp (x2), &d, &scale);
          if (sign == -s)
            goto hit2;
          f2 = s * d;
        }
    }
  return FALSE;

hit1:
  found->volume = exp (x1);
  goto hit;
hit2:
  found->volume = exp (x2);
hit:
  found->d = d;
  found->scale = scale;
  found->sign = -s;
  return found->volume > lo->volume && found->volume < hi->volume;
}

/* Volumes where the variable cost of an integrated option meets its floor:
 * unit_cost * (V/ref)^b = floor  =>  V = ref * (floor/unit_cost)^(1/b). */
static void
add_floor_kinks (const StrataOption *option,
                 double              min,
                 double              max,
                 GArray             *points)
{
  double b, v;

  if (option->mode != STRATA_MODE_INTEGRATED || option->learning_rate.value <= 0 ||
      option->floor_cost.value <= 0 || option->unit_cost.value <= option->floor_cost.value)
    return;

  b = log2 (1.0 - option->learning_rate.value);
  v = option->reference_volume.value *
      pow (option->floor_cost.value / option->unit_cost.value, 1.0 / b);
  if (isfinite (v) && v > min && v < max)
    g_array_append_val (points, v);
}

static void
add_strategy_kinks (const StrataDataset  *dataset,
                    const StrataStrategy *strategy,
                    GArray               *points)
{
  for (guint i = 0; i < dataset->n_layers; i++)
    {
      const StrataLayer *layer = &dataset->layers[i];

      if (strategy->choices != NULL)
        add_floor_kinks (&layer->options[strategy->choices[i]],
                         dataset->volume_min, dataset->volume_max, points);
      else
        for (guint k = 0; k < layer->n_options; k++)
          add_floor_kinks (&layer->options[k], dataset->volume_min, dataset->volume_max,
                           points);
    }
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y ? 1 : 0;
}

/* Bisection in log V on "the sign is still @s_lo" over [@lo, @hi], until
 * hi / lo - 1 < STRATA_VOLUME_PRECISION / 2; returns the geometric midpoint. */
static double
refine_sign (Diff   *diff,
             double  lo,
             double  hi,
             int     s_lo)
{
  while (hi / lo - 1.0 > STRATA_VOLUME_PRECISION / 2)
    {
      double mid = sqrt (lo * hi);

      if (mid <= lo || mid >= hi)
        break;
      if (diff_sign (diff, mid) == s_lo)
        lo = mid;
      else
        hi = mid;
    }
  return sqrt (lo * hi);
}

GArray *
strata_breakeven (const StrataDataset  *dataset,
                  const StrataStrategy *a,
                  const StrataStrategy *b)
{
  GArray *crossings = g_array_new (FALSE, FALSE, sizeof (StrataCrossing));
  g_autoptr(GArray) points = NULL;
  g_autoptr(GArray) samples = NULL;
  g_autofree guint *choices = NULL;
  Diff diff = { 0 };
  double last_volume = 0;
  int last_sign = 0;
  guint n_samples;

  g_return_val_if_fail (dataset != NULL, crossings);
  g_return_val_if_fail (a != NULL, crossings);
  g_return_val_if_fail (b != NULL, crossings);
  g_return_val_if_fail (dataset->volume_min > 0 && dataset->volume_max >= dataset->volume_min,
                        crossings);

  if (dataset->volume_max == dataset->volume_min)
    return crossings;

  diff.dataset = dataset;
  diff.strategy[0] = a;
  diff.strategy[1] = b;
  if (a->choices == NULL || b->choices == NULL)
    {
      diff.plan = _strata_plan_new (dataset, STRATA_OBJECTIVE_EFFECTIVE);
      if (diff.plan == NULL)
        return crossings;
      diff.choices = choices = g_new (guint, dataset->n_layers);
    }

  /* A dense log-spaced scan plus the volumes where either side's variable
   * costs reach their floors (the only kinks of the curves besides the
   * optimal side's changes of choice). */
  points = g_array_sized_new (FALSE, FALSE, sizeof (double), BREAKEVEN_GRID + 16);
  g_array_set_size (points, BREAKEVEN_GRID);
  strata_log_space (dataset->volume_min, dataset->volume_max, BREAKEVEN_GRID,
                    (double *) (gpointer) points->data);
  add_strategy_kinks (dataset, a, points);
  add_strategy_kinks (dataset, b, points);
  g_array_sort (points, compare_doubles);

  /* Every sample, then the hidden pairs of crossings in dips. */
  samples = g_array_sized_new (FALSE, FALSE, sizeof (Sample), points->len + 16);
  for (guint i = 0; i < points->len; i++)
    {
      Sample sample;

      sample.volume = g_array_index (points, double, i);
      if (i > 0 && sample.volume == g_array_index (points, double, i - 1))
        continue;
      sample.sign = diff_eval (&diff, sample.volume, &sample.d, &sample.scale);
      g_array_append_val (samples, sample);
    }

  n_samples = samples->len;
  for (guint i = 1; i + 1 < n_samples; i++)
    {
      const Sample *prev = &g_array_index (samples, Sample, i - 1);
      const Sample *cur = &g_array_index (samples, Sample, i);
      const Sample *next = &g_array_index (samples, Sample, i + 1);
      int s = cur->sign;
      double noise = 4 * STRATA_CHEAPER_TOLERANCE * cur->scale;
      Sample found;

      if (s == 0 || prev->sign != s || next->sign != s)
        continue;
      if (!(s * cur->d < s * prev->d - noise && s * cur->d < s * next->d - noise))
        continue;
      if (search_dip (&diff, prev, next, s, &found))
        g_array_append_val (samples, found);
    }
  if (samples->len > n_samples)
    g_array_sort (samples, compare_samples);

  for (guint i = 0; i < samples->len; i++)
    {
      const Sample *sample = &g_array_index (samples, Sample, i);
      int s = sample->sign;

      if (s == 0)
        continue;   /* carry the last nonzero sign across exact zeros */

      if (last_sign != 0 && s != last_sign)
        {
          StrataCrossing crossing;

          crossing.volume = refine_sign (&diff, last_volume, sample->volume, last_sign);
          /* s > 0: A - B > 0 above, so B is cheaper above. */
          crossing.cheaper_above = s > 0 ? 1 : 0;
          g_array_append_val (crossings, crossing);
        }
      last_sign = s;
      last_volume = sample->volume;
    }

  _strata_plan_free (diff.plan);
  return crossings;
}


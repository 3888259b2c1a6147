/* strata-breakeven-bound.c: the break-even scan, bounded
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "strata-model"

#include "config.h"

#include <math.h>
#include <string.h>

#include "strata-breakeven-private.h"
#include "strata-numeric-private.h"

/*
 * The break-even scan (strata-breakeven.c) takes the difference of two
 * strategies at thousands of volumes to find where its sign changes.  For
 * two strategies with fixed choices most of those samples can be known
 * without taking them.  Each layer's cost parts (the variable cost, the
 * fixed cost per unit, the interface cost: MODEL.md 3) are monotone in the
 * volume (a learning curve between its floor and its cap, a price, F/V, a
 * constant), so over a run of volumes [V0, V1] each lies between its
 * values at V0 and V1, and so do both strategies' costs and their
 * difference.  A run where the difference stays beyond the scan's
 * rounding band (STRATA_CHEAPER_TOLERANCE of the costs) with a wide
 * margin, at every volume of the run and not only at its points, has the
 * one sign there: only its ends are taken.  Runs that cannot be bounded so
 * are halved down to neighbouring points, which are taken as the scan
 * takes them.
 *
 * The scan's answer comes from where the sign changes between neighbouring
 * points and from the searches of dips (a local minimum of |d| between
 * two points of one sign, where two crossings may hide): a sign change
 * lies within a pair of neighbouring points taken here, and a dip search
 * can only find something inside a pair that could not be bounded, around
 * which the samples are taken and the scan's own test for a dip applied.
 * Where it would search, the bounded scan gives up and the scan takes
 * every point: the same samples, crossings and stretches either way
 * (test-export /bounded-scan compares them).
 */

/* Beyond rounding: the costs' parts are sums of a few roundings each. */
#define BOUND_MARGIN 1e-9

static gint bounded_off;
static guint bounded_scans;

void
_strata_breakeven_set_bounded (gboolean bounded)
{
  g_atomic_int_set (&bounded_off, !bounded);
}

gboolean
_strata_breakeven_get_bounded (void)
{
  return !g_atomic_int_get (&bounded_off);
}

guint
_strata_breakeven_bounded_scans (void)
{
  return g_atomic_int_get (&bounded_scans);
}

typedef struct
{
  const StrataDataset  *dataset;
  const guint          *choices[2];
  StrataObjective       objective;
  const double         *points;
  guint                 n;
  StrataLayerCost      *layers;     /* scratch, n_layers */
  double               *parts[2];   /* scratch, 3 * n_layers: at V0, V1 */
  StrataScanSampleFunc  sample;
  gpointer              sample_data;
  GArray               *exact;      /* StrataScanSample: the samples taken */
  guint32              *slot;       /* by point: 1 + its index in exact, or 0 */
  guint8               *end;        /* whether point i ends a run */
  GArray               *leaves;     /* guint j: [j, j + 1] not bounded */
  guint                 evaluations;
  guint                 budget;
} Bound;

/* Layer by layer the cost parts of @side at @volume into @parts; returns
 * what the objective takes off (the ecosystem value, or 0). */
static double
side_parts (Bound  *bound,
            guint   side,
            double  volume,
            double *parts)
{
  StrataOutcome outcome;

  strata_evaluate (bound->dataset, bound->choices[side], volume, &outcome, bound->layers);
  for (guint i = 0; i < bound->dataset->n_layers; i++)
    {
      parts[3 * i] = bound->layers[i].variable;
      parts[3 * i + 1] = bound->layers[i].fixed_per_unit;
      parts[3 * i + 2] = bound->layers[i].interface_cost;
    }
  bound->evaluations++;
  return bound->objective == STRATA_OBJECTIVE_CASH ? 0.0 : outcome.ecosystem_value;
}

/* The least and most cost of @side over [@v0, @v1], and the size of the
 * numbers summed (for the rounding margin). */
static void
side_range (Bound  *bound,
            guint   side,
            double  v0,
            double  v1,
            double *lo,
            double *hi,
            double *size)
{
  double eco0 = side_parts (bound, side, v0, bound->parts[0]);
  double eco1 = side_parts (bound, side, v1, bound->parts[1]);

  *lo = *hi = 0;
  *size = MAX (fabs (eco0), fabs (eco1));
  for (guint k = 0; k < 3 * bound->dataset->n_layers; k++)
    {
      double p0 = bound->parts[0][k], p1 = bound->parts[1][k];

      *lo += MIN (p0, p1);
      *hi += MAX (p0, p1);
      *size += MAX (fabs (p0), fabs (p1));
    }
  *lo -= MAX (eco0, eco1);
  *hi -= MIN (eco0, eco1);
}

/* The sign the difference has at every volume of [points[i0],
 * points[i1]], beyond rounding, or 0 when the bounds cannot tell. */
static int
run_sign (Bound *bound,
          guint  i0,
          guint  i1)
{
  double alo, ahi, asize, blo, bhi, bsize, scale, margin;

  side_range (bound, 0, bound->points[i0], bound->points[i1], &alo, &ahi, &asize);
  side_range (bound, 1, bound->points[i0], bound->points[i1], &blo, &bhi, &bsize);
  scale = MAX (fabs (alo), fabs (ahi)) + MAX (fabs (blo), fabs (bhi));
  margin = STRATA_CHEAPER_TOLERANCE * scale + BOUND_MARGIN * (asize + bsize);
  if (!isfinite (margin) || !isfinite (alo - bhi) || !isfinite (ahi - blo))
    return 0;
  if (alo - bhi > margin)
    return 1;
  if (ahi - blo < -margin)
    return -1;
  return 0;
}

/* The sample at point @i, taken once.  The few taken are kept together:
 * an array by point would touch a fresh page for most of them (a fault
 * costs more than a sample here). */
/* The pointer is good until the next call (which may append and move the
 * array). */
static const StrataScanSample *
exact_at (Bound *bound,
          guint  i)
{
  if (bound->slot[i] == 0)
    {
      StrataScanSample sample;

      bound->sample (bound->sample_data, bound->points[i], &sample);
      g_array_append_val (bound->exact, sample);
      bound->slot[i] = bound->exact->len;
    }
  return &g_array_index (bound->exact, StrataScanSample, bound->slot[i] - 1);
}

/* Splits [i0, i1] into runs of one sign and pairs of neighbouring points
 * that cannot be bounded; FALSE when it takes longer than the scan. */
static gboolean
split_runs (Bound *bound,
            guint  i0,
            guint  i1)
{
  int sign;

  if (bound->evaluations > bound->budget)
    return FALSE;
  if (i1 - i0 <= 1)
    {
      bound->end[i0] = bound->end[i1] = 1;
      g_array_append_val (bound->leaves, i0);
      return TRUE;
    }
  sign = run_sign (bound, i0, i1);
  if (sign != 0)
    {
      /* Its ends are taken as the scan takes them: they must agree. */
      bound->end[i0] = bound->end[i1] = 1;
      return exact_at (bound, i0)->sign == sign && exact_at (bound, i1)->sign == sign;
    }
  return split_runs (bound, i0, (i0 + i1) / 2) && split_runs (bound, (i0 + i1) / 2, i1);
}

/* Whether the scan would search a dip around point @i (its test, in
 * strata-breakeven.c's scan_samples). */
static gboolean
would_search_dip (Bound *bound,
                  guint  i)
{
  StrataScanSample prev, cur, next;
  double noise;
  int s;

  if (i == 0 || i + 1 >= bound->n)
    return FALSE;
  /* Copies: a sample made next may move the array the others are in. */
  prev = *exact_at (bound, i - 1);
  cur = *exact_at (bound, i);
  next = *exact_at (bound, i + 1);
  s = cur.sign;
  noise = 4 * STRATA_CHEAPER_TOLERANCE * cur.scale;
  if (s == 0 || prev.sign != s || next.sign != s)
    return FALSE;
  return s * cur.d < s * prev.d - noise && s * cur.d < s * next.d - noise;
}

GArray *
_strata_breakeven_bounded_scan (const StrataDataset  *dataset,
                                const StrataStrategy *a,
                                const StrataStrategy *b,
                                StrataObjective       objective,
                                const double         *points,
                                guint                 n_points,
                                StrataScanSampleFunc  sample,
                                gpointer              sample_data)
{
  g_autoptr(GArray) leaves = NULL;
  g_autofree StrataLayerCost *layers = NULL;
  g_autofree double *parts = NULL;
  g_autoptr(GArray) exact = NULL;
  g_autofree guint32 *slot = NULL;
  g_autofree guint8 *end = NULL;
  GArray *samples = NULL;
  Bound bound = { 0 };
  gboolean ok;

  if (!_strata_breakeven_get_bounded () || a->choices == NULL || b->choices == NULL ||
      n_points < 64 || dataset->n_layers == 0)
    return NULL;

  layers = g_new (StrataLayerCost, dataset->n_layers);
  parts = g_new (double, 6 * dataset->n_layers);
  exact = g_array_sized_new (FALSE, FALSE, sizeof (StrataScanSample), 64);
  slot = g_new0 (guint32, n_points);
  end = g_new0 (guint8, n_points);
  leaves = g_array_new (FALSE, FALSE, sizeof (guint));
  bound.dataset = dataset;
  bound.choices[0] = a->choices;
  bound.choices[1] = b->choices;
  bound.objective = objective;
  bound.points = points;
  bound.n = n_points;
  bound.layers = layers;
  bound.parts[0] = parts;
  bound.parts[1] = parts + 3 * dataset->n_layers;
  bound.sample = sample;
  bound.sample_data = sample_data;
  bound.exact = exact;
  bound.slot = slot;
  bound.end = end;
  bound.leaves = leaves;
  /* An evaluation of every layer's parts costs about two of a strategy's
   * cost: beyond a quarter of the scan's, bounding does not pay. */
  bound.budget = n_points / 4;

  ok = split_runs (&bound, 0, n_points - 1);
  /* Around each pair that could not be bounded, the scan's test for a
   * dip: where it would search one, so does the scan. */
  for (guint k = 0; ok && k < leaves->len; k++)
    {
      guint j = g_array_index (leaves, guint, k);

      ok = !would_search_dip (&bound, j) && !would_search_dip (&bound, j + 1);
    }
  if (!ok)
    return NULL;

  g_atomic_int_inc (&bounded_scans);
  samples = g_array_new (FALSE, FALSE, sizeof (StrataScanSample));
  for (guint i = 0; i < n_points; i++)
    if (bound.end[i] || bound.slot[i] != 0)
      g_array_append_val (samples, *exact_at (&bound, i));
  return samples;
}

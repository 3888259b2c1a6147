/* strata-breakeven-diff-private.h: the difference of two strategies'
 * costs as the break-even samples it, shared by the full scan
 * (strata-breakeven.c) and the first-crossing walk
 * (strata-breakeven-first.c)
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <math.h>

#include "strata/strata-model.h"

#include "strata-breakeven-private.h"
#include "strata-cost-memo-private.h"
#include "strata-model-private.h"

G_BEGIN_DECLS

typedef StrataScanSample Sample;

typedef struct
{
  const StrataDataset  *dataset;
  const StrataStrategy *strategy[2];
  StrataObjective       objective;
  Plan                 *plan;       /* when either side is optimal */
  guint                *choices;    /* scratch for the optimal side */
  guint32               hint;       /* the optimum's last mode pattern */
  gboolean              choices_known; /* choices hold an optimum (of the last solved) */
  double                range[2];   /* the volumes searched */
  double                window;     /* ratio of the optimizer's windows */
  double                win[2];     /* the current window, NaN before the first */
  StrataPairCostFunc    costs;      /* (nullable) the costs from elsewhere */
  gpointer              costs_data;
  StrataPairChoicesFunc costs_choices; /* (nullable) the optimum's choices from there */
  StrataCostMemo       *memo;       /* (nullable) costs found before */
  CostSet              *memo_costs[2]; /* (owned) each side's table in it */
  const double         *known[2];   /* (nullable) each side's cost at the volume asked */
  StrataJob            *job;        /* (nullable) cancellation, progress */
} Diff;

/* @diff set for @a against @b under @objective, the costs from @costs
 * (NULL: the model on @dataset); the rest zero. */
void     _strata_diff_init         (Diff                 *diff,
                                    const StrataDataset  *dataset,
                                    const StrataStrategy *a,
                                    const StrataStrategy *b,
                                    StrataObjective       objective,
                                    StrataPairCostFunc    costs,
                                    gpointer              costs_data);
/* A side's cost at @volume from the model (or the memo, or the costs
 * known): the path of _strata_diff_eval () without @costs. */
double   _strata_diff_side_cost    (Diff                 *diff,
                                    guint                 side,
                                    double                volume);
/* Appends to @points (ascending) the volumes in (@volume_min,
 * @volume_max) where a variable cost of either side reaches its floor,
 * and sorts them in. */
void     _strata_diff_add_kinks    (Diff                 *diff,
                                    double                volume_min,
                                    double                volume_max,
                                    GArray               *points);
/* Two crossings closer together than the scan's step leave the same sign
 * on both sides of a dip of |d|; searches the dip between @lo and @hi
 * for a point of the sign opposite to @s (TRUE: in @found). */
gboolean _strata_diff_search_dip   (Diff                 *diff,
                                    const Sample         *lo,
                                    const Sample         *hi,
                                    int                   s,
                                    Sample               *found);
/* Bisection in log V on "the sign is still @s_lo" over [@lo, @hi]. */
double   _strata_diff_refine       (Diff                 *diff,
                                    double                lo,
                                    double                hi,
                                    int                   s_lo);
/* Bisection in log V on the sign of the difference itself (no
 * tolerance) over [@lo, @hi], @s_lo its sign at @lo: where two
 * strategies cross. */
double   _strata_diff_refine_crossing (Diff              *diff,
                                       double             lo,
                                       double             hi,
                                       int                s_lo);
/* The run of equal samples [@first, @end) of @samples, added to @result
 * as an equal stretch (and where the curves part) or a crossing. */
void     _strata_diff_add_equal_run (Diff                *diff,
                                     StrataBreakeven     *result,
                                     GArray              *samples,
                                     guint                first,
                                     guint                end);

/* strata-breakeven-kinks.c: the volume where @option's variable cost
 * meets its floor, when an integrated option's learning curve does so
 * within (@min, @max): unit_cost * (V/ref)^b = floor. */
gboolean _strata_option_floor_kink (const StrataOption *option,
                                    double              min,
                                    double              max,
                                    double             *volume);

/* A floor kink of option @option of layer @layer, at @volume. */
typedef struct
{
  double volume;
  guint  layer, option;
} Kink;

/* Every option's floor kink within (@volume_min, @volume_max), ascending
 * (an optimal side's). */
GArray  *_strata_optimal_kinks     (const StrataDataset  *dataset,
                                    double                volume_min,
                                    double                volume_max);

/* What _strata_kink_may_bend () compares with: a margin far above any
 * tie tolerance, and per layer a bound of what its integrating saves the
 * layers its links go to (n_layers, owned by the caller). */
typedef struct
{
  double  margin;
  double *link_bound;
} KinkFilter;

gboolean _strata_kink_filter_init  (KinkFilter           *filter,
                                    const Diff           *diff,
                                    double                volume_min);
/* Whether the optimal side's cost curve may bend at @kink (a sample is
 * taken there); FALSE only when its option is provably not in the
 * optimum there. */
gboolean _strata_kink_may_bend     (const Diff           *diff,
                                    const Kink           *kink,
                                    const KinkFilter     *filter);

/* The kinks of a scan at @points: a fixed side's, as points; an optimal
 * side's (every option's, up to thousands on a long stack, each an
 * optimum) returned apart (ascending), each to be taken where the curve
 * may bend there (_strata_kink_may_bend (), with @filter, whose
 * link_bound the caller frees), or as points when the optimum's last
 * choices or @filter cannot be had.  NULL without an optimal side or
 * with the kinks as points. */
GArray  *_strata_diff_scan_kinks   (Diff                 *diff,
                                    double                volume_min,
                                    double                volume_max,
                                    GArray               *points,
                                    KinkFilter           *filter);

/* An empty result over [@volume_min, @volume_max]. */
StrataBreakeven *_strata_breakeven_result_new   (StrataObjective  objective,
                                                 double           volume_min,
                                                 double           volume_max);
void             _strata_breakeven_add_crossing (StrataBreakeven *result,
                                                 double           volume,
                                                 int              sign_above);

static inline int
sign_of (double x)
{
  return x > 0 ? 1 : x < 0 ? -1 : 0;
}

/* The sign of cost(A) - cost(B) under the objective.  A difference within
 * rounding of the two costs (STRATA_CHEAPER_TOLERANCE of their magnitudes)
 * counts as 0, equal: the optimum may equal a fixed strategy while taking a
 * different, equally cheap route, and such noise must not read as a
 * crossing. */
static inline int
_strata_diff_eval (Diff   *diff,
                   double  volume,
                   double *d_out,
                   double *scale_out)
{
  double a, b;

  /* Cancelled: every answer is "equal", at once; the result is dropped. */
  if (job_cancelled (diff->job))
    {
      if (d_out != NULL)
        *d_out = 0;
      if (scale_out != NULL)
        *scale_out = 0;
      return 0;
    }
  if (diff->costs != NULL)
    diff->costs (diff->costs_data, volume, &a, &b);
  else
    {
      a = _strata_diff_side_cost (diff, 0, volume);
      b = _strata_diff_side_cost (diff, 1, volume);
    }

  if (d_out != NULL)
    *d_out = a - b;
  if (scale_out != NULL)
    *scale_out = fabs (a) + fabs (b);
  if (fabs (a - b) <= STRATA_CHEAPER_TOLERANCE * (fabs (a) + fabs (b)))
    {
      /* Two fixed strategies within the rounding of their whole costs
       * may still differ in the parts where they differ, when a cost
       * both share dwarfs those (a layer bought at 1,000,000 a unit):
       * the exact difference of those parts tells, within their own
       * rounding, so a crossing is not read as a stretch of equal cost. */
      if (diff->costs == NULL && diff->strategy[0]->choices != NULL && diff->strategy[1]->choices != NULL)
        {
          double magnitude;
          double d = _strata_objective_unit_cost_difference_full (diff->dataset, diff->strategy[0]->choices,
                                                                  diff->strategy[1]->choices, diff->objective,
                                                                  volume, &magnitude);

          if (fabs (d) > STRATA_CHEAPER_TOLERANCE * magnitude)
            {
              if (d_out != NULL)
                *d_out = d;
              if (scale_out != NULL)
                *scale_out = magnitude;
              return sign_of (d);
            }
        }
      return 0;
    }
  return sign_of (a - b);
}

G_END_DECLS

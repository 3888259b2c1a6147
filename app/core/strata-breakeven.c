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

#include "strata-breakeven-diff-private.h"
#include "strata-numeric-private.h"

/*
 * Break-even (MODEL.md section 4): the one routine the CLI, the charts, the
 * summary and the Monte Carlo call.
 *
 * The objective's cost of A minus that of B is sampled on a log-spaced
 * scan (its size a parameter) plus the volumes where either side's
 * variable costs reach their floors; dips of |A - B| between samples are
 * searched for hidden pairs of crossings.  Samples whose difference is
 * within rounding of the costs (STRATA_CHEAPER_TOLERANCE) are equal.  A
 * run of equal samples is an equal stretch, its ends located by bisection;
 * where the curves part above a stretch is a break-even.  A sign change
 * between two unequal samples (or across an equal run too narrow to be a
 * stretch) is a break-even located by bisection on the sign of the
 * difference itself, so at the crossing, not at the edge of the band
 * where the difference is within the tolerance
 * (_strata_diff_refine_crossing ()).
 */

/* An equal run narrower than this (relative in V) is a single point where
 * the difference passes through zero, not a stretch. */
#define EQUAL_MIN_WIDTH (8 * STRATA_VOLUME_PRECISION)

/* A chart marks the break-evens of its current strategy against each other
 * strategy shown: every pair scans the same log-spaced volumes, and the
 * current strategy's cost at them is the same each time.  Within a scope
 * (_strata_breakeven_share_begin/end, per thread) the scan's volumes and
 * the shared strategy's costs at them are kept, each found once, the same
 * doubles (strata_objective_unit_cost at the same volume).  Only a
 * strategy with fixed choices whose costs come from nowhere else (no
 * memo table, no cost function) is shared. */
typedef struct
{
  const StrataDataset *dataset;
  guint               *choices;   /* (owned) the shared strategy's */
  StrataObjective      objective;
  double               range[2];  /* of the scan kept */
  guint                n_scan;
  double              *volumes;   /* (owned) its log-spaced volumes, or NULL */
  double              *cost;      /* (owned) the strategy's cost at each */
  guint8              *have;      /* (owned) whether cost[i] was found */
  guint                depth;
} SharedScan;

static GPrivate shared_scan_key = G_PRIVATE_INIT (NULL);

static void
shared_scan_free (SharedScan *shared)
{
  g_free (shared->choices);
  g_free (shared->volumes);
  g_free (shared->cost);
  g_free (shared->have);
  g_free (shared);
}

void
_strata_breakeven_share_begin (const StrataDataset  *dataset,
                               const StrataStrategy *strategy,
                               StrataObjective       objective)
{
  SharedScan *shared = g_private_get (&shared_scan_key);

  if (shared != NULL)
    {
      shared->depth++;   /* an inner scope shares the outer one's */
      return;
    }
  shared = g_new0 (SharedScan, 1);
  shared->depth = 1;
  if (dataset != NULL && strategy != NULL && strategy->choices != NULL)
    {
      shared->dataset = dataset;
      shared->choices = g_memdup2 (strategy->choices, sizeof (guint) * dataset->n_layers);
      shared->objective = objective;
    }
  g_private_set (&shared_scan_key, shared);
}

void
_strata_breakeven_share_end (void)
{
  SharedScan *shared = g_private_get (&shared_scan_key);

  g_return_if_fail (shared != NULL);
  if (--shared->depth > 0)
    return;
  g_private_set (&shared_scan_key, NULL);
  shared_scan_free (shared);
}

/* The scope's scan when it is this one's (same dataset, objective, range
 * and size), made so on first use; NULL outside a scope. */
static SharedScan *
shared_scan_for (const StrataDataset *dataset,
                 StrataObjective      objective,
                 double               volume_min,
                 double               volume_max,
                 guint                n_scan)
{
  SharedScan *shared = g_private_get (&shared_scan_key);

  if (shared == NULL || shared->dataset != dataset || shared->objective != objective)
    return NULL;
  if (shared->volumes == NULL)
    {
      shared->range[0] = volume_min;
      shared->range[1] = volume_max;
      shared->n_scan = n_scan;
      shared->volumes = g_new (double, n_scan);
      shared->cost = g_new (double, n_scan);
      shared->have = g_new0 (guint8, n_scan);
      strata_log_space (volume_min, volume_max, n_scan, shared->volumes);
    }
  if (shared->range[0] != volume_min || shared->range[1] != volume_max || shared->n_scan != n_scan)
    return NULL;
  return shared;
}

static gboolean
shared_strategy (const SharedScan     *shared,
                 const StrataStrategy *strategy)
{
  return strategy->choices != NULL && shared->choices != NULL &&
         memcmp (strategy->choices, shared->choices,
                 sizeof (guint) * shared->dataset->n_layers) == 0;
}

/* ------------------------------------------------------------------ */
/* Section 4: break-even                                                */
/* ------------------------------------------------------------------ */

/* The optimum at @volume into diff->choices, in the window that follows
 * the volumes asked. */
static void
solve_optimum (Diff   *diff,
               double  volume)
{
  _strata_plan_window_follow (diff->plan, diff->win, diff->range, diff->window, volume);
  _strata_plan_optimize_hinted (diff->plan, volume, diff->choices, &diff->hint);
  diff->choices_known = TRUE;
}

double
_strata_diff_side_cost (Diff   *diff,
                        guint   side,
                        double  volume)
{
  const StrataStrategy *strategy = diff->strategy[side];
  CostSet *memo_costs = diff->memo_costs[side];
  double cost;

  /* Neither side's costs depend on the other: after a flip of one, the
   * costs found before of the other (the optimum's, a preset's) are still
   * exact. */
  if (diff->known[side] != NULL)
    return *diff->known[side];
  if (memo_costs != NULL && _strata_memo_lookup (diff->memo, memo_costs, volume, &cost))
    return cost;
  if (strategy->choices != NULL && memo_costs != NULL)
    cost = _strata_memo_fixed_cost (diff->memo, strategy, volume);
  else if (strategy->choices != NULL)
    cost = strata_objective_unit_cost (diff->dataset, strategy->choices, diff->objective, volume);
  else
    {
      solve_optimum (diff, volume);
      cost = strata_objective_unit_cost (diff->dataset, diff->choices, diff->objective, volume);
    }
  if (memo_costs != NULL)
    _strata_memo_store (diff->memo, memo_costs, volume, cost);
  return cost;
}

static int
diff_sign (Diff   *diff,
           double  volume)
{
  return _strata_diff_eval (diff, volume, NULL, NULL);
}

static void
diff_sample (gpointer          data,
             double            volume,
             StrataScanSample *out)
{
  out->volume = volume;
  out->sign = _strata_diff_eval (data, volume, &out->d, &out->scale);
}

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
gboolean
_strata_diff_search_dip (Diff         *diff,
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

  sign = _strata_diff_eval (diff, exp (x1), &d, &scale);
  if (sign == -s)
    goto hit1;
  f1 = s * d;
  sign = _strata_diff_eval (diff, exp (x2), &d, &scale);
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
          sign = _strata_diff_eval (diff, exp (x1), &d, &scale);
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
          sign = _strata_diff_eval (diff, exp (x2), &d, &scale);
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

static void
add_floor_kinks (const StrataOption *option,
                 double              min,
                 double              max,
                 GArray             *points)
{
  double v;

  if (_strata_option_floor_kink (option, min, max, &v))
    g_array_append_val (points, v);
}

static void
add_strategy_kinks (const StrataDataset  *dataset,
                    const StrataStrategy *strategy,
                    double                volume_min,
                    double                volume_max,
                    GArray               *points)
{
  for (guint i = 0; i < dataset->n_layers; i++)
    {
      const StrataLayer *layer = &dataset->layers[i];

      if (strategy->choices != NULL)
        add_floor_kinks (&layer->options[strategy->choices[i]], volume_min, volume_max,
                         points);
      else
        for (guint k = 0; k < layer->n_options; k++)
          add_floor_kinks (&layer->options[k], volume_min, volume_max, points);
    }
}

/* Bisection in log V on "the sign is still @s_lo" (0: equal) over
 * [@lo, @hi], until
 * hi / lo - 1 < STRATA_VOLUME_PRECISION / 2; returns the geometric midpoint. */
double
_strata_diff_refine (Diff   *diff,
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

/* Where the difference itself changes sign between @lo (sign @s_lo) and
 * @hi (the other sign), by bisection in log V to the same precision:
 * the break-even of two strategies that cross.  Near a crossing the
 * difference is within the equality tolerance over a band of volumes as
 * wide as the tolerance over the difference's slope, which is wide
 * where the curves cross at a shallow angle (a cost of 10,000.001
 * against 10,000 + 1,000 / V: 2e-5 of V).  Bisecting on the sign with
 * the tolerance stopped at the band's lower edge, 2e-5 below the
 * crossing at 1e6; the difference's own sign changes at the crossing
 * (to rounding), so that is where this stops. */
double
_strata_diff_refine_crossing (Diff   *diff,
                              double  lo,
                              double  hi,
                              int     s_lo)
{
  while (hi / lo - 1.0 > STRATA_VOLUME_PRECISION / 2)
    {
      double mid = sqrt (lo * hi), d = 0;

      if (mid <= lo || mid >= hi)
        break;
      _strata_diff_eval (diff, mid, &d, NULL);
      if ((d > 0) - (d < 0) == s_lo)
        lo = mid;
      else
        hi = mid;
    }
  return sqrt (lo * hi);
}

/* Sorts @points, whose first @n_sorted are ascending already (the scan),
 * the few after them (the kinks) not: the same order g_array_sort gives
 * (equal doubles are the same double), without sorting the scan again. */
static void
sort_points (GArray *points,
             guint   n_sorted)
{
  double *p = (double *) (gpointer) points->data;

  for (guint i = n_sorted; i < points->len; i++)
    {
      double v = p[i];
      guint j = i;

      while (j > 0 && p[j - 1] > v)
        {
          p[j] = p[j - 1];
          j--;
        }
      p[j] = v;
    }
}

void
_strata_diff_add_kinks (Diff   *diff,
                        double  volume_min,
                        double  volume_max,
                        GArray *points)
{
  guint n_sorted = points->len;

  add_strategy_kinks (diff->dataset, diff->strategy[0], volume_min, volume_max, points);
  add_strategy_kinks (diff->dataset, diff->strategy[1], volume_min, volume_max, points);
  sort_points (points, n_sorted);
}

GArray *
_strata_diff_scan_kinks (Diff       *diff,
                         double      volume_min,
                         double      volume_max,
                         GArray     *points,
                         KinkFilter *filter)
{
  GArray *opt_kinks;
  guint n_sorted = points->len;

  if ((diff->strategy[0]->choices != NULL && diff->strategy[1]->choices != NULL) ||
      (diff->costs != NULL ? diff->costs_choices == NULL : diff->plan == NULL))
    {
      _strata_diff_add_kinks (diff, volume_min, volume_max, points);
      return NULL;
    }
  for (guint side = 0; side < 2; side++)
    if (diff->strategy[side]->choices != NULL)
      add_strategy_kinks (diff->dataset, diff->strategy[side], volume_min, volume_max, points);
  sort_points (points, n_sorted);
  opt_kinks = _strata_optimal_kinks (diff->dataset, volume_min, volume_max);
  if (opt_kinks->len == 0 || _strata_kink_filter_init (filter, diff, volume_min))
    return opt_kinks;
  g_array_unref (opt_kinks);
  n_sorted = points->len;
  add_strategy_kinks (diff->dataset, diff->strategy[diff->strategy[0]->choices != NULL], volume_min,
                      volume_max, points);
  sort_points (points, n_sorted);
  return NULL;
}

/* The samples at the optimal side's kinks from *@next up to @volume (not
 * at it, nor at a sample's volume), appended to @out after @n; returns
 * the new count. */
static guint
kink_samples (Diff             *diff,
              GArray           *kinks,
              guint            *next,
              const KinkFilter *filter,
              double            volume,
              Sample           *out,
              guint             n)
{
  while (*next < kinks->len && g_array_index (kinks, Kink, *next).volume <= volume)
    {
      const Kink *kink = &g_array_index (kinks, Kink, (*next)++);

      if (kink->volume == volume || (n > 0 && out[n - 1].volume >= kink->volume) ||
          !_strata_kink_may_bend (diff, kink, filter))
        continue;
      diff->known[0] = diff->known[1] = NULL;
      out[n].volume = kink->volume;
      out[n].sign = _strata_diff_eval (diff, kink->volume, &out[n].d, &out[n].scale);
      n++;
    }
  return n;
}

/* A local minimum of |d| between two samples of its sign may hide two
 * crossings: each searched, what it finds sorted in among @samples. */
static void
search_dips (Diff   *diff,
             GArray *samples)
{
  guint n_samples = samples->len;

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
      if (_strata_diff_search_dip (diff, prev, next, s, &found))
        g_array_append_val (samples, found);
    }
  if (samples->len > n_samples)
    g_array_sort (samples, compare_samples);
}

/* Samples of the difference: the scan, the kinks, then the volumes found
 * in dips, ascending. */
static GArray *
scan_samples (Diff   *diff,
              double  volume_min,
              double  volume_max,
              guint   n_scan)
{
  const StrataDataset *dataset = diff->dataset;
  g_autoptr(GArray) points = g_array_sized_new (FALSE, FALSE, sizeof (double), n_scan + 16);
  g_autoptr(GArray) opt_kinks = NULL;
  g_autofree double *known = NULL;
  g_autofree guint8 *have = NULL;
  SharedScan *shared = NULL;
  int shared_side = -1;
  guint next_scan = 0, next_kink = 0;
  KinkFilter filter = { 0, NULL };
  g_autofree double *filter_bounds = NULL;
  GArray *samples;
  Sample *out;
  guint n_samples;

  g_array_set_size (points, n_scan);
  if (diff->costs == NULL)
    shared = shared_scan_for (dataset, diff->objective, volume_min, volume_max, n_scan);
  if (shared != NULL)
    {
      memcpy (points->data, shared->volumes, sizeof (double) * n_scan);
      for (guint side = 0; side < 2 && shared_side < 0; side++)
        if (diff->memo_costs[side] == NULL && shared_strategy (shared, diff->strategy[side]))
          shared_side = (int) side;
    }
  else
    strata_log_space (volume_min, volume_max, n_scan, (double *) (gpointer) points->data);
  opt_kinks = _strata_diff_scan_kinks (diff, volume_min, volume_max, points, &filter);
  filter_bounds = filter.link_bound;

  /* Two strategies with fixed choices: most samples are known from
   * bounds (strata-breakeven-bound.c), the same samples walked. */
  if (diff->costs == NULL && diff->strategy[0]->choices != NULL &&
      diff->strategy[1]->choices != NULL)
    {
      double *p = (double *) (gpointer) points->data;
      guint n = 0;

      for (guint i = 0; i < points->len; i++)
        if (n == 0 || p[i] != p[n - 1])
          p[n++] = p[i];
      g_array_set_size (points, n);
      samples = _strata_breakeven_bounded_scan (dataset, diff->strategy[0], diff->strategy[1],
                                                diff->objective, p, n, diff_sample, diff);
      if (samples != NULL)
        return samples;
    }

  /* The costs remembered at the scan's volumes, looked up at once. */
  if (diff->memo_costs[0] != NULL)
    {
      known = g_new (double, 2 * points->len);
      have = g_new0 (guint8, 2 * points->len);
      _strata_memo_lookup_many (diff->memo, diff->memo_costs,
                                (const double *) (gpointer) points->data, points->len, known, have);
    }

  samples = g_array_sized_new (FALSE, FALSE, sizeof (Sample), points->len + 16);
  g_array_set_size (samples, points->len + (opt_kinks != NULL ? opt_kinks->len : 0));
  out = (Sample *) (gpointer) samples->data;
  n_samples = 0;
  for (guint i = 0; i < points->len; i++)
    {
      Sample *sample;
      double volume = g_array_index (points, double, i);

      if (i > 0 && volume == g_array_index (points, double, i - 1))
        continue;
      if ((i & 63) == 0)
        job_progress (diff->job, 0.9 * i / points->len);
      if (opt_kinks != NULL)
        n_samples = kink_samples (diff, opt_kinks, &next_kink, &filter, volume, out, n_samples);
      sample = &out[n_samples];
      for (guint side = 0; side < 2 && known != NULL; side++)
        diff->known[side] = have[side * points->len + i] ? &known[side * points->len + i] : NULL;
      if (shared_side >= 0)
        {
          /* The shared strategy's cost at a volume of the scan, found once
           * in the scope (a kink's is found here, as before). */
          while (next_scan < n_scan && shared->volumes[next_scan] < volume)
            next_scan++;
          diff->known[shared_side] = NULL;
          if (next_scan < n_scan && shared->volumes[next_scan] == volume && !job_cancelled (diff->job))
            {
              if (!shared->have[next_scan])
                {
                  shared->cost[next_scan] = _strata_diff_side_cost (diff, (guint) shared_side, volume);
                  shared->have[next_scan] = 1;
                }
              diff->known[shared_side] = &shared->cost[next_scan];
            }
        }
      sample->volume = volume;
      sample->sign = _strata_diff_eval (diff, volume, &sample->d, &sample->scale);
      n_samples++;
    }
  g_array_set_size (samples, n_samples);
  diff->known[0] = diff->known[1] = NULL;

  search_dips (diff, samples);
  return samples;
}

void
_strata_breakeven_add_crossing (StrataBreakeven *result,
                                double           volume,
                                int              sign_above)
{
  StrataCrossing crossing;

  crossing.volume = volume;
  /* A - B > 0 above: B is cheaper above. */
  crossing.cheaper_above = sign_above > 0 ? 1 : 0;
  g_array_append_val (result->crossings, crossing);
}

/* The side of @diff that is the optimum against a fixed strategy (0 or
 * 1), or -1: both fixed, both optimal, or costs from elsewhere. */
static int
optimal_side (const Diff *diff)
{
  if (diff->costs != NULL || diff->plan == NULL)
    return -1;
  if (diff->strategy[0]->choices == NULL && diff->strategy[1]->choices != NULL)
    return 0;
  if (diff->strategy[1]->choices == NULL && diff->strategy[0]->choices != NULL)
    return 1;
  return -1;
}

/* The sign of A - B at @volume from the optimum's own choices there, the
 * optimum on @side against a fixed strategy: 0 where it runs that
 * strategy (or one that differs from it, in the parts where the two
 * differ, by their rounding only), else the sign of the exact difference
 * of those parts.  The whole costs' difference is within their rounding
 * for a while after the optimum leaves the fixed strategy when a cost
 * both share dwarfs the layer that decides (fixed costs of 55,000 a unit
 * against a layer of 1.35: 1.3e-7 of V), so where Optimal parts from a
 * fixed strategy is told by this, and is the volume where the optimum's
 * choice changes: the ladder's flip. */
static int
diff_sign_optimum (Diff   *diff,
                   guint   side,
                   double  volume)
{
  const guint *fixed = diff->strategy[1 - side]->choices;
  double d, magnitude;

  if (job_cancelled (diff->job))
    return 0;
  solve_optimum (diff, volume);
  if (memcmp (diff->choices, fixed, diff->dataset->n_layers * sizeof *fixed) == 0)
    return 0;
  d = _strata_objective_unit_cost_difference_full (diff->dataset, side == 0 ? diff->choices : fixed,
                                                   side == 0 ? fixed : diff->choices,
                                                   diff->objective, volume, &magnitude);
  if (fabs (d) <= STRATA_CHEAPER_TOLERANCE * magnitude)
    return 0;
  /* The fixed side cheaper than the optimum: only by the optimizer's tie
   * tolerance (its rules then keep the strategy with fewer integrated
   * layers), which is a tie. */
  if (sign_of (d) == (side == 0 ? 1 : -1))
    return 0;
  return sign_of (d);
}

/* An end of an equal run between @lo (sign @s_lo) and @hi (sign @s_hi),
 * one of them 0: for an optimum against a fixed strategy, where the
 * optimum's choice leaves (or reaches) the fixed strategy
 * (diff_sign_optimum ()) when that tells the two ends apart as the
 * samples do; else by the samples' own sign (_strata_diff_refine ()). */
static double
refine_run_end (Diff   *diff,
                double  lo,
                double  hi,
                int     s_lo,
                int     s_hi)
{
  int side = optimal_side (diff);

  if (side >= 0 && diff_sign_optimum (diff, (guint) side, lo) == s_lo &&
      diff_sign_optimum (diff, (guint) side, hi) == s_hi)
    {
      while (hi / lo - 1.0 > STRATA_VOLUME_PRECISION / 2)
        {
          double mid = sqrt (lo * hi);

          if (mid <= lo || mid >= hi)
            break;
          if (diff_sign_optimum (diff, (guint) side, mid) == s_lo)
            lo = mid;
          else
            hi = mid;
        }
      return sqrt (lo * hi);
    }
  return _strata_diff_refine (diff, lo, hi, s_lo);
}

/* The run of equal samples [@first, @end) between the unequal samples
 * @first - 1 (if any) and @end (if any). */
void
_strata_diff_add_equal_run (Diff            *diff,
                            StrataBreakeven *result,
                            GArray          *samples,
                            guint            first,
                            guint            end)
{
  const Sample *below = first > 0 ? &g_array_index (samples, Sample, first - 1) : NULL;
  const Sample *above = end < samples->len ? &g_array_index (samples, Sample, end) : NULL;
  double from, to;

  from = below == NULL ? result->volume_min
                       : refine_run_end (diff, below->volume,
                                         g_array_index (samples, Sample, first).volume,
                                         below->sign, 0);
  to = above == NULL ? result->volume_max
                     : refine_run_end (diff, g_array_index (samples, Sample, end - 1).volume,
                                       above->volume, 0, above->sign);

  if (to / from - 1.0 > EQUAL_MIN_WIDTH ||
      (below == NULL && above == NULL))
    {
      StrataEqualStretch stretch = { from, to };

      g_array_append_val (result->equal, stretch);
      /* Where the curves part is the break-even an analyst means. */
      if (above != NULL)
        _strata_breakeven_add_crossing (result, to, above->sign);
    }
  else if (below != NULL && above != NULL && below->sign != above->sign)
    /* Passes through 0. */
    _strata_breakeven_add_crossing (result, _strata_diff_refine_crossing (diff, below->volume, above->volume,
                                                                          below->sign),
                                    above->sign);
}

static void
walk_samples (Diff            *diff,
              StrataBreakeven *result,
              GArray          *samples)
{
  guint i = 0;

  while (i < samples->len)
    {
      const Sample *sample = &g_array_index (samples, Sample, i);

      if (sample->sign == 0)
        {
          guint end = i;

          while (end < samples->len && g_array_index (samples, Sample, end).sign == 0)
            end++;
          _strata_diff_add_equal_run (diff, result, samples, i, end);
          i = end;
          continue;
        }

      if (i > 0)
        {
          const Sample *prev = &g_array_index (samples, Sample, i - 1);

          if (prev->sign != 0 && prev->sign != sample->sign)
            _strata_breakeven_add_crossing (result, _strata_diff_refine_crossing (diff, prev->volume, sample->volume,
                                                                                  prev->sign),
                                            sample->sign);
        }
      i++;
    }
}

static void
set_verdict (StrataBreakeven *result,
             GArray          *samples)
{
  result->verdict = STRATA_BREAKEVEN_MIXED;
  if (result->equal->len == 1 && result->crossings->len == 0 &&
      g_array_index (result->equal, StrataEqualStretch, 0).from == result->volume_min &&
      g_array_index (result->equal, StrataEqualStretch, 0).to == result->volume_max)
    result->verdict = STRATA_BREAKEVEN_EQUAL;
  else if (result->equal->len == 0 && result->crossings->len == 0 && samples->len > 0)
    result->verdict = g_array_index (samples, Sample, 0).sign < 0 ? STRATA_BREAKEVEN_A_CHEAPER
                                                                  : STRATA_BREAKEVEN_B_CHEAPER;
}

StrataBreakeven *
_strata_breakeven_result_new (StrataObjective objective,
                              double          volume_min,
                              double          volume_max)
{
  StrataBreakeven *result = g_new0 (StrataBreakeven, 1);

  result->objective = objective;
  result->volume_min = volume_min;
  result->volume_max = volume_max;
  result->crossings = g_array_new (FALSE, FALSE, sizeof (StrataCrossing));
  result->equal = g_array_new (FALSE, FALSE, sizeof (StrataEqualStretch));
  return result;
}

void
_strata_diff_init (Diff                 *diff,
                   const StrataDataset  *dataset,
                   const StrataStrategy *a,
                   const StrataStrategy *b,
                   StrataObjective       objective,
                   StrataPairCostFunc    costs,
                   gpointer              costs_data)
{
  memset (diff, 0, sizeof *diff);
  diff->dataset = dataset;
  diff->strategy[0] = a;
  diff->strategy[1] = b;
  diff->objective = objective;
  diff->costs = costs;
  diff->costs_data = costs_data;
}

static StrataBreakeven *
breakeven_find (const StrataDataset  *dataset,
                const StrataStrategy *a,
                const StrataStrategy *b,
                StrataObjective       objective,
                double                volume_min,
                double                volume_max,
                guint                 n_scan,
                StrataPairCostFunc    costs,
                gpointer              costs_data,
                StrataCostMemo    *memo,
                StrataJob            *job)
{
  StrataBreakeven *result;
  g_autoptr(GArray) samples = NULL;
  g_autofree guint *choices = NULL;
  Diff diff = { 0 };

  g_return_val_if_fail (dataset != NULL, NULL);
  g_return_val_if_fail (a != NULL, NULL);
  g_return_val_if_fail (b != NULL, NULL);

  if (volume_min <= 0 && volume_max <= 0)
    {
      volume_min = dataset->volume_min;
      volume_max = dataset->volume_max;
    }
  g_return_val_if_fail (volume_min > 0 && volume_max >= volume_min && isfinite (volume_max),
                        NULL);
  if (n_scan == 0)
    n_scan = STRATA_BREAKEVEN_DEFAULT_SCAN;
  n_scan = MAX (n_scan, 2);

  result = _strata_breakeven_result_new (objective, volume_min, volume_max);
  _strata_diff_init (&diff, dataset, a, b, objective, costs, costs_data);
  diff.memo = memo;
  diff.job = job;
  if (costs == NULL && (a->choices == NULL || b->choices == NULL))
    {
      diff.plan = _strata_plan_new (dataset, objective);
      if (diff.plan == NULL)
        return result;
      diff.choices = choices = g_new (guint, dataset->n_layers);
      diff.range[0] = volume_min;
      diff.range[1] = volume_max;
      diff.window = pow (volume_max / volume_min, 1.0 / STRATA_SCAN_WINDOWS);
      if (!isfinite (diff.window) || diff.window < 1)
        diff.window = 1;
      diff.win[0] = diff.win[1] = NAN;
      _strata_plan_window_base (diff.plan, volume_min, volume_max);
    }
  if (memo != NULL && costs == NULL)
    {
      diff.memo_costs[0] = _strata_memo_table (memo, a);
      diff.memo_costs[1] = _strata_memo_table (memo, b);
    }

  if (volume_max == volume_min || (costs == NULL && _strata_volume_independent (dataset)) ||
      (costs == NULL &&
       _strata_breakeven_optimum_apart (dataset, a, b, objective, volume_min, volume_max)))
    {
      /* One volume, or costs that are the same doubles at every volume
       * (and so the optimum, whose search sees the same doubles): the
       * scan's samples would all be the ends' (a stack of 855 layers of
       * that kind took 0.24 s here, 25 s in the fuzzer's build).  Or the
       * optimum clear of a fixed strategy everywhere: one side cheaper at
       * every volume, which the ends say (a scan of thousands of optima
       * would find no crossing). */
      samples = g_array_new (FALSE, FALSE, sizeof (Sample));
      for (int end = 0; end < (volume_max == volume_min ? 1 : 2); end++)
        {
          Sample sample;

          sample.volume = end ? volume_max : volume_min;
          sample.sign = _strata_diff_eval (&diff, sample.volume, &sample.d, &sample.scale);
          g_array_append_val (samples, sample);
        }
    }
  else
    samples = scan_samples (&diff, volume_min, volume_max, n_scan);

  walk_samples (&diff, result, samples);
  set_verdict (result, samples);

  _strata_plan_free (diff.plan);
  g_clear_pointer (&diff.memo_costs[0], _strata_cost_set_unref);
  g_clear_pointer (&diff.memo_costs[1], _strata_cost_set_unref);
  return result;
}

StrataBreakeven *
strata_breakeven_find (const StrataDataset  *dataset,
                       const StrataStrategy *a,
                       const StrataStrategy *b,
                       StrataObjective       objective,
                       double                volume_min,
                       double                volume_max,
                       guint                 n_scan)
{
  return _strata_breakeven_find_with (dataset, a, b, objective, volume_min, volume_max, n_scan,
                                      NULL, NULL);
}

StrataBreakeven *
strata_breakeven_find_full (const StrataDataset  *dataset,
                            const StrataStrategy *a,
                            const StrataStrategy *b,
                            StrataObjective       objective,
                            double                volume_min,
                            double                volume_max,
                            guint                 n_scan,
                            StrataCostMemo    *memo,
                            GCancellable         *cancellable,
                            StrataProgressFunc    progress,
                            gpointer              progress_data,
                            GError              **error)
{
  StrataJob job = { cancellable, progress, progress_data, FALSE, 0, 0 };
  StrataBreakeven *result;

  if (memo != NULL && !_strata_memo_is_for (memo, dataset, objective))
    memo = NULL;
  result = breakeven_find (dataset, a, b, objective, volume_min, volume_max, n_scan, NULL, NULL,
                           memo, &job);
  if (result != NULL && !job_finish (&job, error))
    g_clear_pointer (&result, strata_breakeven_free);
  return result;
}

StrataBreakeven *
_strata_breakeven_find_with (const StrataDataset  *values,
                             const StrataStrategy *a,
                             const StrataStrategy *b,
                             StrataObjective       objective,
                             double                volume_min,
                             double                volume_max,
                             guint                 n_scan,
                             StrataPairCostFunc    costs,
                             gpointer              costs_data)
{
  return breakeven_find (values, a, b, objective, volume_min, volume_max, n_scan, costs,
                         costs_data, NULL, NULL);
}

void
strata_breakeven_free (StrataBreakeven *breakeven)
{
  if (breakeven == NULL)
    return;
  g_clear_pointer (&breakeven->crossings, g_array_unref);
  g_clear_pointer (&breakeven->equal, g_array_unref);
  g_free (breakeven);
}

GArray *
strata_breakeven (const StrataDataset  *dataset,
                  const StrataStrategy *a,
                  const StrataStrategy *b)
{
  g_autoptr(StrataBreakeven) result = NULL;

  g_return_val_if_fail (dataset != NULL, g_array_new (FALSE, FALSE, sizeof (StrataCrossing)));

  result = strata_breakeven_find (dataset, a, b, STRATA_OBJECTIVE_DEFAULT, 0, 0, 0);
  if (result == NULL)
    return g_array_new (FALSE, FALSE, sizeof (StrataCrossing));
  return g_steal_pointer (&result->crossings);
}

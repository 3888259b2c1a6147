/* strata-ladder.c
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

#include "strata-optimizer-private.h"

/*
 * The integration ladder (MODEL.md section 5).
 */

/* ------------------------------------------------------------------ */
/* Section 5: the integration ladder                                    */
/* ------------------------------------------------------------------ */

static int
compare_flips (gconstpointer a,
               gconstpointer b)
{
  const StrataFlip *x = a, *y = b;

  if (x->volume != y->volume)
    return x->volume < y->volume ? -1 : 1;
  return x->layer < y->layer ? -1 : x->layer > y->layer ? 1 : 0;
}

/* Locating the flips of one interval [lo, hi] between two grid points,
 * in the optimizer's window for it. */
typedef struct
{
  const StrataDataset *dataset;
  Plan        *plan;
  guint       *scratch;   /* a full optimum */
  const guint *row_lo;    /* the optimum at lo */
  const guint *row_hi;    /* the optimum at hi */
  double       lo, hi;    /* the interval */
  double       mag_lo;    /* magnitude of the terms of row_lo at lo */
  double       mag_hi;    /* of row_hi at hi */
  double      *factor;    /* n_layers: scratch, co-design factors */
  GArray      *flips;
  StrataJob   *job;       /* cancellation */
} Locator;

static inline double interface_between (const Plan *plan,
                                        guint       i,
                                        int         m_low,
                                        int         m_high);

/* The magnitude of option @k of layer @i at @volume with co-design
 * factor @f, as the optimizer's keys count it. */
static double
option_magnitude (const Plan *plan,
                  guint       i,
                  guint       k,
                  double      f,
                  double      volume)
{
  const StrataOption *option = &plan->dataset->layers[i].options[k];
  double eco = plan->objective == STRATA_OBJECTIVE_CASH ? 0.0 : option->ecosystem_value.value;

  return fabs (plan_variable_base (plan, i, k, volume) * f) +
         fabs (option->fixed_cost.value / volume) + fabs (eco);
}

/* The magnitude of layer @i's terms in strategy @row (its option, the
 * interfaces to both neighbours) at @volume; @i is a layer no link
 * touches. */
static double
layer_magnitude (const Locator *loc,
                 const guint   *row,
                 guint          i,
                 double         volume)
{
  const StrataDataset *ds = loc->dataset;
  int m = ds->layers[i].options[row[i]].mode;
  double mag = option_magnitude (loc->plan, i, row[i], 1.0, volume);

  if (i > 0)
    mag += fabs (interface_between (loc->plan, i - 1, ds->layers[i - 1].options[row[i - 1]].mode, m));
  if (i + 1 < ds->n_layers)
    mag += fabs (interface_between (loc->plan, i, m, ds->layers[i + 1].options[row[i + 1]].mode));
  return mag;
}

/* The magnitude of the terms of strategy @row at @volume (the sum the
 * optimizer's tie tolerance is relative to); fills loc->factor. */
static double
row_magnitude (Locator     *loc,
               const guint *row,
               double       volume)
{
  const StrataDataset *ds = loc->dataset;
  double mag = 0;

  for (guint i = 0; i < ds->n_layers; i++)
    loc->factor[i] = 1.0;
  for (guint k = 0; k < ds->n_links; k++)
    {
      const StrataLink *link = &ds->links[k];

      if (ds->layers[link->from].options[row[link->from]].mode == STRATA_MODE_INTEGRATED &&
          ds->layers[link->to].options[row[link->to]].mode == STRATA_MODE_INTEGRATED)
        loc->factor[link->to] *= 1.0 - link->saving.value;
    }
  for (guint i = 0; i < ds->n_layers; i++)
    {
      mag += option_magnitude (loc->plan, i, row[i], loc->factor[i], volume);
      if (i + 1 < ds->n_layers)
        mag += fabs (interface_between (loc->plan, i, ds->layers[i].options[row[i]].mode,
                                        ds->layers[i + 1].options[row[i + 1]].mode));
    }
  return mag;
}

/* The magnitude of every term but layer @i's at @volume: interpolated in
 * log V between the two ends of the interval (it is smooth there; only
 * the edges of tie bands move with it, and every flip is checked). */
static double
other_magnitude (const Locator *loc,
                 guint          i,
                 double         volume)
{
  double a = loc->mag_lo - layer_magnitude (loc, loc->row_lo, i, loc->lo);
  double b = loc->mag_hi - layer_magnitude (loc, loc->row_hi, i, loc->hi);
  double t = loc->hi > loc->lo ? log (volume / loc->lo) / log (loc->hi / loc->lo) : 0;

  if (a > 0 && b > 0)
    return a * pow (b / a, t);
  return a + (b - a) * t;
}

/* Layer @layer's option in the exact optimum at @volume. */
static guint
full_choice (Locator *loc,
             guint    layer,
             double   volume)
{
  _strata_plan_optimize_hinted (loc->plan, volume, loc->scratch, NULL);
  return loc->scratch[layer];
}

static inline double
interface_between (const Plan *plan,
                   guint       i,
                   int         m_low,
                   int         m_high)
{
  if (m_low == STRATA_MODE_INTEGRATED && m_high == STRATA_MODE_INTEGRATED)
    return 0.0;
  return plan->iface[i];
}

/* Layer @i's best option at @volume with its neighbours in the modes they
 * run at both ends of the interval and no link touching it: its own cost
 * and the two interfaces, with section 5's tie rules (the tolerance of
 * the optimum's magnitude, then fewer integrated layers, then the earlier
 * option).  Only a guess of the full optimum's choice: every flip found
 * with it is checked by full optima on both sides. */
static guint
local_choice (const Locator *loc,
              guint          i,
              double         volume)
{
  const Plan *plan = loc->plan;
  const StrataLayer *layer = &loc->dataset->layers[i];
  int below = i > 0 ? (int) loc->dataset->layers[i - 1].options[loc->row_lo[i - 1]].mode : -1;
  int above = i + 1 < plan->n_layers
              ? (int) loc->dataset->layers[i + 1].options[loc->row_lo[i + 1]].mode : -1;
  double other = other_magnitude (loc, i, volume);
  Key best = key_inf;
  guint best_k = G_MAXUINT, q0, q1;

  plan_options (plan, i, &q0, &q1);
  for (int pass = 0; pass < 2; pass++)
    for (guint q = q0; q < q1; q++)
      {
        guint k = plan_option_at (plan, q);
        const StrataOption *option = &layer->options[k];
        int m = option->mode;
        double eco = plan->objective == STRATA_OBJECTIVE_CASH ? 0.0 : option->ecosystem_value.value;
        Key t = { plan_variable_base (plan, i, k, volume) + option->fixed_cost.value / volume - eco,
                  other + option_magnitude (plan, i, k, 1.0, volume), m };

        if (below >= 0)
          {
            double c = interface_between (plan, i - 1, below, m);
            t.cost += c;
            t.mag += fabs (c);
          }
        if (above >= 0)
          {
            double c = interface_between (plan, i, m, above);
            t.cost += c;
            t.mag += fabs (c);
          }
        if (pass == 0)
          {
            if (best_k == G_MAXUINT || key_better (t, best))
              best_k = k;
            best = key_min (best, t);
          }
        else if (key_tied (t, best))
          return k;
      }
  return best_k;
}

/* The layer's flip can be located from the layer alone: no link touches
 * it and its neighbours run the same modes at both ends. */
static gboolean
local_applies (const Locator *loc,
               guint          i)
{
  const StrataDataset *ds = loc->dataset;

  if (loc->plan->linked_pos[i] >= 0)
    return FALSE;
  if (i > 0 && ds->layers[i - 1].options[loc->row_lo[i - 1]].mode !=
               ds->layers[i - 1].options[loc->row_hi[i - 1]].mode)
    return FALSE;
  if (i + 1 < ds->n_layers && ds->layers[i + 1].options[loc->row_lo[i + 1]].mode !=
                              ds->layers[i + 1].options[loc->row_hi[i + 1]].mode)
    return FALSE;
  return TRUE;
}

/* Bisection in log V over [*a, *b] on "layer @layer runs @from", with the
 * full optimum (@local FALSE) or the local guess; *above receives the
 * option above the change.  The steps are the same either way, so where
 * the two agree on the final bracket they agree on every step (each step
 * lies outside it). */
static void
bisect (Locator  *loc,
        gboolean  local,
        guint     layer,
        guint     from,
        double   *a,
        double   *b,
        guint    *above)
{
  while (*b / *a - 1.0 > STRATA_VOLUME_PRECISION / 2)
    {
      double mid = sqrt (*a * *b);
      guint k;

      if (mid <= *a || mid >= *b || job_cancelled (loc->job))
        break;
      k = local ? local_choice (loc, layer, mid) : full_choice (loc, layer, mid);
      if (k == from)
        *a = mid;
      else
        {
          *b = mid;
          *above = k;
        }
    }
}

/* Every change of layer @layer's optimal option between @lo (option
 * @from) and @hi (option @to), each located by bisection to
 * STRATA_VOLUME_PRECISION: a mode flip or a change within one mode
 * (MODEL.md section 5).  Several changes in one interval are found one
 * after the other.  Most flips are located from the layer alone (issue
 * 15) and confirmed by two full optima, one on each side of the final
 * bracket; where that fails, by full optima at every step. */
static void
locate_flips (Locator *loc,
              guint    layer,
              double   lo,
              guint    from,
              double   hi,
              guint    to)
{
  const StrataLayer *l = &loc->dataset->layers[layer];
  gboolean local = local_applies (loc, layer);

  for (guint step = 0; step < 64 && from != to && !job_cancelled (loc->job); step++)
    {
      double a = lo, b = hi;
      guint above = to;
      StrataFlip flip;

      if (local && local_choice (loc, layer, lo) == from && local_choice (loc, layer, hi) == to)
        {
          bisect (loc, TRUE, layer, from, &a, &b, &above);
          if ((a != lo && full_choice (loc, layer, a) != from) ||
              (b != hi && full_choice (loc, layer, b) != above))
            {
              a = lo, b = hi, above = to;
              local = FALSE;
            }
        }
      else
        local = FALSE;
      if (!local)
        bisect (loc, FALSE, layer, from, &a, &b, &above);

      flip.layer = layer;
      flip.volume = sqrt (a * b);
      flip.from_option = from;
      flip.to_option = above;
      flip.from = l->options[from].mode;
      flip.to = l->options[above].mode;
      g_array_append_val (loc->flips, flip);

      lo = b;
      from = above;
    }
}

/* The optimum and its cost at grid point @p. */
static void
ladder_point (StrataLadder        *ladder,
              const StrataDataset *dataset,
              Plan                *plan,
              guint                p)
{
  guint *row = ladder->choices + (gsize) p * ladder->n_layers;

  _strata_plan_optimize_hinted (plan, ladder->volumes[p], row, NULL);
  ladder->costs[p] = strata_objective_unit_cost (dataset, row, ladder->objective,
                                                 ladder->volumes[p]);
}

/* One ladder being worked out. */
typedef struct
{
  StrataLadder        *ladder;
  const StrataDataset *dataset;
  Plan                *plan;
  StrataJob           *job;
  GArray              *flips;
  guint               *scratch;
  double              *factor;
  gboolean            *solved;   /* n_points: the grid point's optimum is known */
} Ladder;

/* Grid interval @p in the current window, which holds it: the optima at
 * both ends (once each), then the flips between them. */
static void
ladder_interval (Ladder *run,
                 guint   p)
{
  StrataLadder *ladder = run->ladder;
  guint n = ladder->n_layers;
  Locator loc = { 0 };
  gboolean magnitudes = FALSE;

  for (guint q = p; q <= p + 1; q++)
    if (!run->solved[q])
      {
        ladder_point (ladder, run->dataset, run->plan, q);
        run->solved[q] = TRUE;
      }

  loc.job = run->job;
  loc.dataset = run->dataset;
  loc.plan = run->plan;
  loc.scratch = run->scratch;
  loc.flips = run->flips;
  loc.factor = run->factor;
  loc.lo = ladder->volumes[p];
  loc.hi = ladder->volumes[p + 1];
  loc.row_lo = ladder->choices + (gsize) p * n;
  loc.row_hi = loc.row_lo + n;
  for (guint i = 0; i < n && !job_cancelled (run->job); i++)
    if (loc.row_lo[i] != loc.row_hi[i])
      {
        if (!magnitudes)
          {
            loc.mag_hi = row_magnitude (&loc, loc.row_hi, loc.hi);
            loc.mag_lo = row_magnitude (&loc, loc.row_lo, loc.lo);
            magnitudes = TRUE;
          }
        locate_flips (&loc, i, loc.lo, loc.row_lo[i], loc.hi, loc.row_hi[i]);
      }
  job_progress (run->job, (p + 1.0) / (ladder->n_points - 1));
}

/* The grid intervals p0 .. p1 - 1 in the current window, which spans
 * them: halves, each in its own window narrowed from this one. */
static void
ladder_intervals (Ladder *run,
                  guint   p0,
                  guint   p1)
{
  const double *volumes = run->ladder->volumes;
  guint mid;

  if (job_cancelled (run->job))
    return;
  if (p1 - p0 == 1)
    {
      ladder_interval (run, p0);
      return;
    }
  mid = p0 + (p1 - p0) / 2;
  _strata_plan_window_push (run->plan, volumes[p0], volumes[mid]);
  ladder_intervals (run, p0, mid);
  _strata_plan_window_pop (run->plan);
  _strata_plan_window_push (run->plan, volumes[mid], volumes[p1]);
  ladder_intervals (run, mid, p1);
  _strata_plan_window_pop (run->plan);
}

StrataLadder *
strata_ladder_new (const StrataDataset *dataset,
                   guint                n_points)
{
  return strata_ladder_new_full (dataset, STRATA_OBJECTIVE_EFFECTIVE, n_points);
}

StrataLadder *
strata_ladder_new_full (const StrataDataset *dataset,
                        StrataObjective      objective,
                        guint                n_points)
{
  return strata_ladder_new_cancellable (dataset, objective, n_points, NULL, NULL, NULL, NULL);
}

/* The ladder's progress: the share of grid intervals done, each with its
 * points and flips. */
StrataLadder *
strata_ladder_new_cancellable (const StrataDataset *dataset,
                               StrataObjective      objective,
                               guint                n_points,
                               GCancellable        *cancellable,
                               StrataProgressFunc   progress,
                               gpointer             progress_data,
                               GError             **error)
{
  StrataJob job = { cancellable, progress, progress_data, FALSE, 0, 0 };
  StrataLadder *ladder;
  g_autoptr(GArray) flips = NULL;
  g_autofree guint *scratch = NULL;
  g_autofree double *factor = NULL;
  g_autofree gboolean *solved = NULL;
  Plan *plan;
  guint n;

  g_return_val_if_fail (dataset != NULL, NULL);
  g_return_val_if_fail (n_points >= 2, NULL);
  g_return_val_if_fail (dataset->volume_min > 0 && dataset->volume_max >= dataset->volume_min,
                        NULL);

  plan = _strata_plan_new (dataset, objective);
  if (plan == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           "The dataset has no strategy to solve");
      return NULL;
    }

  n = dataset->n_layers;
  ladder = g_new0 (StrataLadder, 1);
  ladder->objective = objective;
  ladder->n_points = n_points;
  ladder->n_layers = n;
  ladder->volumes = g_new (double, n_points);
  ladder->choices = g_new (guint, (gsize) n_points * n);
  ladder->costs = g_new (double, n_points);

  strata_log_space (dataset->volume_min, dataset->volume_max, n_points, ladder->volumes);

  /* Every solve is made in a window of the optimizer that skips the
   * options that cannot be optimal there (strata-optimizer-window.c),
   * each from scratch (no warm start: the optimum at a volume never
   * depends on what was solved before).  The windows form a tree down to
   * the grid intervals, each narrowed from its parent's candidates; an
   * interval's window serves its two grid points and its flips. */
  _strata_plan_window_base (plan, ladder->volumes[0], ladder->volumes[n_points - 1]);
  flips = g_array_new (FALSE, FALSE, sizeof (StrataFlip));
  scratch = g_new (guint, n);
  factor = g_new (double, n);
  solved = g_new0 (gboolean, n_points);
  {
    Ladder run = { ladder, dataset, plan, &job, flips, scratch, factor, solved };

    ladder_intervals (&run, 0, n_points - 1);
  }
  _strata_plan_free (plan);

  if (!job_finish (&job, error))
    {
      strata_ladder_free (ladder);
      return NULL;
    }

  g_array_sort (flips, compare_flips);
  ladder->n_flips = flips->len;
  ladder->flips = (StrataFlip *) (gpointer) g_array_free (g_steal_pointer (&flips), FALSE);

  return ladder;
}

void
strata_ladder_free (StrataLadder *ladder)
{
  if (ladder == NULL)
    return;

  g_free (ladder->volumes);
  g_free (ladder->choices);
  g_free (ladder->costs);
  g_free (ladder->flips);
  g_free (ladder);
}


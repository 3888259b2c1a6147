/* strata-switchpoints.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "strata-uncertainty"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "strata/strata-horizon.h"
#include "strata/strata-switchpoints.h"

#include "strata-switchpoints-private.h"

/*
 * Switch points (MODEL.md section 6) on a sample: a copy of the dataset
 * whose numbers can be set (strata-uncertainty.c).  Each field in turn
 * takes values on a log-spaced walk from today's value out to each end of
 * its range (GRID_STEPS steps a side); where the decision differs between
 * two neighbours, bisection in log value on the exact model (the
 * optimizer, or the two strategies' costs) narrows the switch to 1e-9
 * relative, and the walk goes on from just beyond it, so several switches
 * between two neighbours are all found as long as the decisions differ at
 * the neighbours.  Where no decision comes back once left, the walk
 * decides its two ends first, then between differing decisions the two
 * grid points around the switch their costs predict (halving the grid
 * where that misses), and follows the bisection's path asking only the
 * decisions a prediction does not settle (strata-switchpoints-locate.c).
 */

/* ------------------------------------------------------------------ */

/* One plan for the walks, changed with the sample's numbers
 * (plan_follow ()), keeping the layers between solves: NULL when the
 * optimizer cannot search the dataset. */
static Plan *
finder_plan (Finder *finder)
{
  if (finder->plan == NULL)
    {
      finder->plan = _strata_plan_new (&finder->sample.copy, finder->points->objective);
      /* Every solve at the points' volume, each after one layer's
       * numbers changed: the others' kept. */
      if (finder->plan != NULL)
        _strata_plan_keep_layers (finder->plan);
    }
  return finder->plan;
}

/* strata_strategy_cost () of @s on the sample as it is now: an optimal
 * side from the finder's plan (the same choices as a new plan's, so the
 * same cost). */
static double
side_cost (Finder               *finder,
           const StrataStrategy *s)
{
  const StrataSwitchPoints *points = finder->points;
  const StrataDataset *copy = &finder->sample.copy;
  Plan *plan = s->choices == NULL ? finder_plan (finder) : NULL;
  g_autofree guint *choices = NULL;

  if (plan == NULL)
    return strata_strategy_cost (copy, s, points->objective, points->volume);
  choices = g_new (guint, MAX (copy->n_layers, 1));
  _strata_plan_optimize_hinted (plan, points->volume, choices, NULL);
  return strata_objective_unit_cost (copy, choices, points->objective, points->volume);
}

/* The decision with the sample's numbers as they are now, into @out
 * (n_dec guints). */
static void
decide_now (Finder *finder,
            guint  *out)
{
  const StrataSwitchPoints *points = finder->points;
  const StrataDataset *copy = &finder->sample.copy;

  if (points->a == NULL)
    {
      /* strata_optimize_full () would build a plan each time. */
      if (finder_plan (finder) != NULL)
        _strata_plan_optimize_hinted (finder->plan, points->volume, out, NULL);
      else
        strata_optimize_full (copy, points->objective, points->volume, out);
      return;
    }
  if (points->savings)
    {
      /* Adopting the optimum: the finder's plan at the first year's volume. */
      out[0] = (guint) (1 + _strata_switch_savings_sign (finder, points->a->choices == NULL
                                                                 ? finder_plan (finder) : NULL));
      return;
    }
  out[0] = (guint) (1 + _strata_switch_cheaper_of (side_cost (finder, points->a),
                                                    side_cost (finder, points->b)));
}

/* The optimum's plan after @field's number changed in the sample: the
 * same, to the bit, as a new plan on it (only the part the number feeds
 * is worked out again). */
static void
plan_follow (Finder *finder,
             guint   field)
{
  const StrataSwitchField *f = &g_array_index (finder->points->fields, StrataSwitchField, field);

  if (finder->plan == NULL)
    return;
  switch (f->kind)
    {
    case STRATA_SWITCH_FIELD_OPTION:
      _strata_plan_refresh (finder->plan, (int) f->layer);
      break;
    case STRATA_SWITCH_FIELD_BOUNDARY:
    case STRATA_SWITCH_FIELD_LAYER_BOUNDARY:
    case STRATA_SWITCH_FIELD_LINK:
      _strata_plan_reread (finder->plan);
      _strata_plan_refresh (finder->plan, -1);
      break;
    case STRATA_SWITCH_FIELD_HORIZON:
    default:
      /* Not read by the optimum (savings_npv has no plan): built again. */
      g_clear_pointer (&finder->plan, _strata_plan_free);
      break;
    }
}

static gint decisions, end_decisions;
/* Ends first, and the chain's bound (strata-switchpoints-bound.c): off,
 * the tests' whole walks decide every value with an optimum. */
static gint walk_ends_first = TRUE;

guint
_strata_switch_points_take_decisions (guint *at_ends)
{
  guint ends = (guint) g_atomic_int_and (&end_decisions, 0);

  if (at_ends != NULL)
    *at_ends = ends;
  return (guint) g_atomic_int_and (&decisions, 0);
}

void
_strata_switch_optimum_at (Finder *finder,
                           guint   field,
                           double  value,
                           guint  *out)
{
  const StrataSwitchPoints *points = finder->points;
  double *slot = finder->slots[field], keep = *slot;

  if (_strata_switch_memo_get (finder, (int) field, value, points->volume, out))
    return;
  *slot = value;
  plan_follow (finder, field);
  if (finder_plan (finder) != NULL)
    _strata_plan_optimize_hinted (finder->plan, points->volume, out, NULL);
  else
    strata_optimize_full (&finder->sample.copy, points->objective, points->volume, out);
  *slot = keep;
  plan_follow (finder, field);
  _strata_switch_memo_put (finder, (int) field, value, points->volume, out);
}

void
_strata_switch_decide (Finder *finder,
                       guint   field,
                       double  value,
                       guint  *out)
{
  double *slot = finder->slots[field];
  guint *whole = finder->ints[field];
  double keep;
  guint keep_whole;

  if (finder->today != NULL && g_atomic_int_get (&walk_ends_first) &&
      _strata_switch_known (finder, field, value, out))
    {
      /* No strategy running the option comes near today's optimum
       * there, or one beats every other by far: told without an
       * optimum. */
      return;
    }
  g_atomic_int_inc (&decisions);

  finder->moved = (int) field;
  if (whole != NULL)
    {
      keep_whole = *whole;
      *whole = (guint) value;
      decide_now (finder, out);
      *whole = keep_whole;
      finder->moved = -1;
      return;
    }
  keep = *slot;
  *slot = value;
  plan_follow (finder, field);
  decide_now (finder, out);
  *slot = keep;
  plan_follow (finder, field);
  finder->moved = -1;
}

/* The decision with every number at its value, where each walk starts:
 * the same for every field (decide () at a field's own value stores the
 * same number and refreshes the plan to the same doubles). */
static void
decide_today (Finder *finder,
              guint  *out)
{
  if (finder->today == NULL)
    {
      finder->today = g_new (guint, finder->n_dec);
      decide_now (finder, finder->today);
    }
  memcpy (out, finder->today, sizeof (guint) * finder->n_dec);
}

static gboolean
same (const Finder *finder,
      const guint  *x,
      const guint  *y)
{
  return memcmp (x, y, sizeof (guint) * finder->n_dec) == 0;
}

static void
add_switch (Finder      *finder,
            guint        field,
            double       at,
            const guint *before,
            const guint *after)
{
  StrataSwitchPoints *points = finder->points;
  const StrataSwitchField *f = &g_array_index (points->fields, StrataSwitchField, field);
  StrataSwitch sw = { 0 };

  sw.field = field;
  sw.value = f->value;
  sw.at = at;
  sw.ratio = at / f->value;
  sw.within_uncertainty = f->uncertain && at >= f->low && at <= f->high;
  if (points->a == NULL)
    {
      sw.before = g_memdup2 (before, sizeof (guint) * finder->n_dec);
      sw.after = g_memdup2 (after, sizeof (guint) * finder->n_dec);
    }
  else
    {
      sw.before_cheaper = (StrataSwitchCheaper) ((int) before[0] - 1);
      sw.after_cheaper = (StrataSwitchCheaper) ((int) after[0] - 1);
    }
  g_array_append_val (points->switches, sw);
}

void
_strata_switch_points_set_ends_first (gboolean ends_first)
{
  g_atomic_int_set (&walk_ends_first, ends_first);
}

/* Whether no decision can come back once left as @f's number moves one
 * way from today's (decision @d_today), so that a decision at the walk's
 * end equal to today's means no switch on the way.  Every strategy's
 * cost is affine in one quantity u that moves one way with the number:
 * an option's variable cost after its floor (times the co-design factor
 * of the strategy's links), its fixed cost or ecosystem value, a
 * boundary cost (times the strategy's interfaces that pay it), a link's
 * saving.  The least of lines in u holds each strategy over one stretch
 * of u at most, so the optimum never returns to a strategy it left; two
 * fixed strategies' difference is a line, whose sign changes once.  A
 * fixed strategy against the optimum: its cost less the optimum's is
 * convex in u, so the stretch where the two cost the same is one
 * stretch: a walk from there leaves it once at most, but one from
 * where the optimum is cheaper can cross it (a strategy optimal over a
 * middle stretch only).  savings_npv: where it moves one way with the
 * number (_strata_switch_savings_once ()). */
static gboolean
switches_at_most_once (Finder      *finder,
                       guint        field,
                       double       end,
                       const guint *d_today)
{
  const StrataSwitchPoints *points = finder->points;

  if (!g_atomic_int_get (&walk_ends_first))
    return FALSE;
  if (points->savings)
    return _strata_switch_savings_once (finder, field, end);
  if (points->a == NULL || (points->a->choices != NULL && points->b->choices != NULL))
    return TRUE;
  return (points->a->choices == NULL) != (points->b->choices == NULL) &&
         d_today[0] == (guint) (1 + STRATA_SWITCH_EQUAL);
}

/* Whether today's decision surely holds from today's value to @end,
 * told without an optimum (strata-switchpoints-bound.c); @once: no
 * decision comes back once left. */
static gboolean
holds_to_end (Finder  *finder,
              guint    field,
              double   end,
              gboolean once)
{
  const StrataSwitchField *f = &g_array_index (finder->points->fields, StrataSwitchField, field);
  const guint *d0;

  if (!once || finder->points->savings)
    return g_atomic_int_get (&walk_ends_first) && _strata_switch_pair_clear (finder, field, end);
  d0 = _strata_switch_d0 (finder);
  if (d0 != NULL && f->kind == STRATA_SWITCH_FIELD_OPTION && d0[f->layer] != f->option &&
      _strata_switch_field_costlier_when (finder, f) == (end > f->value ? 1 : -1))
    {
      /* The optimum does not run the option, and the walk only makes it
       * dearer: every strategy that runs it gets dearer, the others keep
       * their costs, so today's optimum stays the optimum all the way
       * (and as cheap as a fixed side that runs it). */
      return TRUE;
    }
  if (d0 != NULL && f->kind == STRATA_SWITCH_FIELD_OPTION && d0[f->layer] == f->option &&
      _strata_switch_field_costlier_when (finder, f) == (end > f->value ? -1 : 1) &&
      !_strata_switch_linked_into (finder, f->layer))
    {
      /* It runs the option, made cheaper, in a layer no link enters:
       * every strategy that runs it gets cheaper by the same amount. */
      return TRUE;
    }
  return _strata_switch_today_holds (finder, field, end);
}

/* A mid's decision on the plain bisection: asked each time; the last one
 * that is not the near end's is kept in d_mid (the decision at hi). */
typedef struct
{
  Finder      *finder;
  guint        field;
  const guint *d_near;
  guint       *d_mid;
  guint       *d_try;
} Plain;

static gboolean
plain_near (double   mid,
            gpointer data)
{
  Plain *plain = data;

  _strata_switch_decide (plain->finder, plain->field, mid, plain->d_try);
  if (same (plain->finder, plain->d_try, plain->d_near))
    return TRUE;
  memcpy (plain->d_mid, plain->d_try, sizeof (guint) * plain->finder->n_dec);
  return FALSE;
}

/* The walk from today's value to @end: every switch on the way.
 * Returns how many were found. */
static guint
walk (Finder *finder,
      guint   field,
      double  end)
{
  const StrataSwitchField *f = &g_array_index (finder->points->fields, StrataSwitchField, field);
  double value = f->value, log_span = log (end / value);
  guint n = finder->n_dec, found = 0;
  g_autofree guint *d_near = g_new (guint, n);
  g_autofree guint *d_next = g_new (guint, n);
  g_autofree guint *d_mid = g_new (guint, n);
  g_autofree guint *d_try = g_new (guint, n);
  g_autofree guint *grid = NULL;
  gboolean changed[GRID_STEPS + 1] = { FALSE };
  double near = value, at, root, last_at = value;
  gboolean once, pieces = FALSE;

  if (!(end != value && isfinite (log_span)))
    return 0;
  decide_today (finder, d_near);
  once = switches_at_most_once (finder, field, end, d_near);
  if (holds_to_end (finder, field, end, once))
    {
      /* The walk only makes an option today's optimum does not run
       * dearer, or no strategy running it comes near today's optimum at
       * the end, or a fixed strategy stays clear of the optimum all the
       * way: that is today's decision, and so is every value on the way. */
      return 0;
    }
  if (once || (pieces = g_atomic_int_get (&walk_ends_first) && _strata_switch_pieces (finder, field)))
    {
      /* Today's decision and the end's first, then only the grid points
       * between decisions that differ (or, savings_npv of the optimum,
       * pieces): the same points as the whole walk's, decided the same. */
      grid = g_new (guint, (GRID_STEPS + 1) * n);
      memcpy (grid, d_near, sizeof (guint) * n);
      g_atomic_int_inc (&end_decisions);
      _strata_switch_decide (finder, field, end, grid + GRID_STEPS * n);
      _strata_switch_grid_fill (finder, field, value, log_span, end, grid, changed, pieces);
    }
  for (guint k = 1; k <= GRID_STEPS && !job_cancelled (finder->job); k++)
    {
      double next = _strata_switch_grid_point (value, log_span, end, k);

      if (grid == NULL)
        _strata_switch_decide (finder, field, next, d_next);
      else if (changed[k])
        memcpy (d_next, grid + k * n, sizeof (guint) * n);
      else
        {
          near = next;
          continue;
        }
      while (!same (finder, d_near, d_next))
        {
          double lo = near, hi = next;

          /* lo keeps d_near; hi does not. */
          memcpy (d_mid, d_next, sizeof (guint) * n);
          if (grid != NULL && !pieces)
            _strata_switch_locate (finder, field, near, next, d_near, d_next, &lo, &hi, d_mid);
          else
            {
              Plain plain = { finder, field, d_near, d_mid, d_try };

              _strata_switch_bisect (&lo, &hi, plain_near, &plain, NULL);
            }
          at = copysign (sqrt (lo * hi), lo);
          switch (_strata_switch_raw_root (finder, field, value, lo, hi, end, d_near, d_mid, &root))
            {
            case STRATA_RAW_NEVER:
              /* The decision after differs from the one before only
               * within the optimum's tie tolerance, to the walk's end:
               * exactly, the one before stays cheaper all the way. */
              return found;
            case STRATA_RAW_MOVED:
              at = root;
              break;
            case STRATA_RAW_KEEP:
            default:
              break;
            }
          if (found > 0 && (fabs (at / last_at - 1.0) <= 2 * STRATA_VOLUME_PRECISION ||
                            _strata_switch_zero_band (finder, last_at, at, d_near, d_mid)))
            {
              /* A decision held only within the precision (an exact tie
               * between two others), or savings_npv's "zero" only within
               * its rounding: one switch, from the first to the last. */
              StrataSwitch *last = &g_array_index (finder->points->switches, StrataSwitch,
                                                   finder->points->switches->len - 1);

              if (fabs (at / last_at - 1.0) > 2 * STRATA_VOLUME_PRECISION)
                {
                  /* Where savings_npv crosses 0: the band's middle. */
                  last->at = (last_at + at) / 2;
                  last->ratio = last->at / last->value;
                  last->within_uncertainty = f->uncertain && last->at >= f->low && last->at <= f->high;
                }
              if (last->after != NULL)
                memcpy (last->after, d_mid, sizeof (guint) * n);
              else
                last->after_cheaper = (StrataSwitchCheaper) ((int) d_mid[0] - 1);
              if (last->after != NULL ? memcmp (last->before, last->after, sizeof (guint) * n) == 0
                                      : last->before_cheaper == last->after_cheaper)
                {
                  /* ... back where it was: no switch at all. */
                  g_array_set_size (finder->points->switches, finder->points->switches->len - 1);
                  found--;
                }
            }
          else
            {
              add_switch (finder, field, at, d_near, d_mid);
              last_at = at;
              found++;
            }
          near = hi;
          memcpy (d_near, d_mid, sizeof (guint) * n);
        }
      near = next;
    }
  return found;
}

/* The walk of an integer field from today's value to @end, one whole
 * step at a time: a switch at every value whose decision differs from
 * the one before it.  Returns how many were found. */
static guint
walk_whole (Finder *finder,
            guint   field,
            double  end)
{
  const StrataSwitchField *f = &g_array_index (finder->points->fields, StrataSwitchField, field);
  guint n = finder->n_dec, found = 0;
  g_autofree guint *d_near = g_new (guint, n);
  g_autofree guint *d_next = g_new (guint, n);
  int step = end > f->value ? 1 : -1;

  decide_today (finder, d_near);
  for (double k = f->value + step; (step > 0 ? k <= end : k >= end) && !job_cancelled (finder->job);
       k += step)
    {
      _strata_switch_decide (finder, field, k, d_next);
      if (!same (finder, d_near, d_next))
        {
          add_switch (finder, field, k, d_near, d_next);
          memcpy (d_near, d_next, sizeof (guint) * n);
          found++;
        }
    }
  return found;
}

/* ------------------------------------------------------------------ */

/* Whether A or B runs (layer, option) at any value of the field (the
 * fixed sides read their choices; an optimal side always may). */
static gboolean
pair_may_run (const StrataSwitchPoints *points,
              const StrataDataset      *dataset,
              const StrataSwitchField  *f)
{
  const StrataStrategy *sides[2] = { points->a, points->b };

  for (guint s = 0; s < 2; s++)
    {
      const guint *c = sides[s]->choices;

      if (c == NULL)
        return TRUE;
      if (f->kind == STRATA_SWITCH_FIELD_OPTION && c[f->layer] == f->option)
        return TRUE;
      if (f->kind == STRATA_SWITCH_FIELD_LINK)
        {
          const StrataLink *link = &dataset->links[f->link];

          if (dataset->layers[link->from].options[c[link->from]].mode == STRATA_MODE_INTEGRATED &&
              dataset->layers[link->to].options[c[link->to]].mode == STRATA_MODE_INTEGRATED)
            return TRUE;
        }
    }
  return FALSE;
}

/* savings_npv: whether adopting A now adopts @f's option (its capex and
 * build years count) or leaves it (its exit cost counts).  Neither field
 * moves which options A and the start resolve to. */
static gboolean
plan_switches (const StrataSwitchPoints *points,
               const StrataDataset      *dataset,
               const StrataSwitchField  *f)
{
  g_autofree guint *adopted = g_new (guint, MAX (dataset->n_layers, 1));
  g_autofree guint *start = g_new (guint, MAX (dataset->n_layers, 1));

  strata_horizon_adopted_choices (dataset, points->a,
                                  points->objective == STRATA_OBJECTIVE_CASH ? STRATA_HORIZON_CASH
                                                                             : STRATA_HORIZON_EFFECTIVE,
                                  adopted);
  strata_horizon_start_choices (dataset, start);
  if (adopted[f->layer] == start[f->layer])
    return FALSE;
  return (g_str_equal (f->field, "exit_cost") ? start : adopted)[f->layer] == f->option;
}

/* The exact reason a field cannot move the decision, or HAS_SWITCH when
 * it may (then the walk decides). */
static StrataSwitchReason
reason_before_walk (const StrataSwitchPoints *points,
                    const StrataDataset      *dataset,
                    const StrataSwitchField  *f)
{
  if (f->value == 0 || isnan (f->value))
    return STRATA_SWITCH_ZERO;
  if (g_str_equal (f->field, "latency_ms"))
    return STRATA_SWITCH_LATENCY_ONLY;
  if (f->kind == STRATA_SWITCH_FIELD_OPTION)
    {
      const StrataOption *option = &dataset->layers[f->layer].options[f->option];

      if (g_str_equal (f->field, "margin") && option->has_price)
        return STRATA_SWITCH_MARGIN_ONLY;
      if (g_str_equal (f->field, "ecosystem_value") && points->objective == STRATA_OBJECTIVE_CASH)
        return STRATA_SWITCH_NOT_COUNTED;
    }
  if (f->kind == STRATA_SWITCH_FIELD_LAYER_BOUNDARY && f->layer + 1 == dataset->n_layers)
    return STRATA_SWITCH_TOP_LAYER;
  if (f->kind == STRATA_SWITCH_FIELD_BOUNDARY)
    {
      gboolean used = FALSE;

      for (guint l = 0; l + 1 < dataset->n_layers; l++)
        used |= !dataset->layers[l].has_boundary_cost;
      if (!used)
        return dataset->n_layers > 1 ? STRATA_SWITCH_OVERRIDDEN : STRATA_SWITCH_TOP_LAYER;
    }
  if (points->savings && f->kind == STRATA_SWITCH_FIELD_OPTION &&
      (g_str_equal (f->field, "capex") || g_str_equal (f->field, "build_years") ||
       g_str_equal (f->field, "exit_cost")) &&
      !plan_switches (points, dataset, f))
    return STRATA_SWITCH_NOT_SWITCHED;
  if (points->a != NULL && (f->kind == STRATA_SWITCH_FIELD_OPTION ||
                            f->kind == STRATA_SWITCH_FIELD_LINK) &&
      !pair_may_run (points, dataset, f))
    return STRATA_SWITCH_NOT_CHOSEN;
  return STRATA_SWITCH_HAS_SWITCH;
}

static int
compare_switches (gconstpointer x,
                  gconstpointer y)
{
  const StrataSwitch *a = x, *b = y;
  double da = fabs (log (a->ratio)), db = fabs (log (b->ratio));

  if (da != db)
    return da < db ? -1 : 1;
  if (a->field != b->field)
    return a->field < b->field ? -1 : 1;
  return a->at < b->at ? -1 : a->at > b->at ? 1 : 0;
}

/* The fields' walks, on every core: each thread walks whole fields on a
 * sample of its own (its own shadow of @points: the same fields, the
 * switches it finds), and the switches are gathered in the order of the
 * fields, as one thread walking them in turn would find them. */
typedef struct
{
  StrataSwitchPoints   *points;
  const StrataDataset  *dataset;
  StrataJob            *job;       /* (nullable) the caller's */
  GAsyncQueue          *finders;   /* Walker: free for a field */
  GArray              **found;     /* per field: its switches, or NULL */
  GThread              *caller;    /* the thread the job's progress is told on */
  gint                  done;      /* fields done (atomic) */
} Walks;

typedef struct
{
  StrataSwitchPoints  shadow;
  Finder              finder;
  GPtrArray          *slots;
  StrataJob           job;         /* cancellation only */
} Walker;

static Walker *
walker_new (const Walks *walks)
{
  Walker *walker = g_new0 (Walker, 1);
  GArray *fields = g_array_new (FALSE, TRUE, sizeof (StrataSwitchField));

  g_array_set_clear_func (fields, _strata_switch_field_clear);
  walker->shadow = *walks->points;
  walker->shadow.fields = fields;
  walker->shadow.switches = NULL;
  walker->finder.bare = TRUE;
  walker->slots = _strata_switch_finder_init (&walker->finder, &walker->shadow, walks->dataset);
  if (walks->job != NULL)
    walker->job.cancellable = walks->job->cancellable;
  walker->finder.job = &walker->job;
  return walker;
}

static void
walker_free (Walker *walker)
{
  _strata_switch_finder_clear (&walker->finder);
  g_ptr_array_unref (walker->slots);
  g_array_unref (walker->shadow.fields);
  g_free (walker);
}

static void
walk_field (gpointer data,
            guint    i)
{
  Walks *walks = data;
  StrataSwitchField *f = &g_array_index (walks->points->fields, StrataSwitchField, i);
  Walker *walker;
  guint found = 0, done;

  walker = g_async_queue_pop (walks->finders);
  if (f->reason == STRATA_SWITCH_HAS_SWITCH && !job_cancelled (&walker->job))
    {
      walker->shadow.switches = g_array_new (FALSE, TRUE, sizeof (StrataSwitch));
      g_array_set_clear_func (walker->shadow.switches, _strata_switch_clear);
      if (walker->finder.ints[i] != NULL)
        {
          found += walk_whole (&walker->finder, i, f->range_high);
          found += walk_whole (&walker->finder, i, f->range_low);
        }
      else
        {
          found += walk (&walker->finder, i, f->range_high);
          found += walk (&walker->finder, i, f->range_low);
        }
      if (found == 0)
        f->reason = STRATA_SWITCH_HOLDS;
      walks->found[i] = g_steal_pointer (&walker->shadow.switches);
    }
  g_async_queue_push (walks->finders, walker);

  /* Told on the caller's thread only (a progress function may look for
   * its own state there, as a chart job does), and never once cancelled
   * (a report may cancel). */
  done = (guint) g_atomic_int_add (&walks->done, 1) + 1;
  if (g_thread_self () == walks->caller && walks->job != NULL &&
      !g_cancellable_is_cancelled (walks->job->cancellable))
    job_progress (walks->job, (double) done / walks->points->fields->len);
}

static gint walk_threads = 0;

void
_strata_switch_points_set_threads (guint n_threads)
{
  g_atomic_int_set (&walk_threads, (gint) MIN (n_threads, 8));
}

static void
walk_fields (StrataSwitchPoints  *points,
             const StrataDataset *dataset,
             StrataJob           *job)
{
  guint n = points->fields->len;
  guint n_threads = (guint) g_atomic_int_get (&walk_threads);
  Walks walks = { points, dataset, job, NULL, NULL, g_thread_self (), 0 };
  Walker *walker;

  if (n_threads == 0)
    n_threads = (guint) CLAMP (_strata_num_processors (), 1, 8);
  walks.finders = g_async_queue_new ();
  walks.found = g_new0 (GArray *, n);
  for (guint t = 0; t < MIN (n_threads, MAX (n, 1)); t++)
    g_async_queue_push (walks.finders, walker_new (&walks));

  job_progress (job, 0.0);
  _strata_parallel_for (n, n_threads, walk_field, &walks);

  while ((walker = g_async_queue_try_pop (walks.finders)) != NULL)
    {
      if (walker->job.cancelled && job != NULL)
        job->cancelled = TRUE;
      walker_free (walker);
    }
  for (guint i = 0; i < n; i++)
    if (walks.found[i] != NULL)
      {
        g_array_append_vals (points->switches, walks.found[i]->data, walks.found[i]->len);
        g_array_set_clear_func (walks.found[i], NULL);   /* moved */
        g_array_unref (walks.found[i]);
      }
  g_free (walks.found);
  g_async_queue_unref (walks.finders);

}

/* The switch points; NULL when @job was cancelled (checked before every
 * field and at every step of a field's walk: a field of a large dataset
 * takes up to a few hundred optima). */
static StrataSwitchPoints *
find (const StrataDataset  *dataset,
      double                volume,
      StrataObjective       objective,
      const StrataStrategy *a,
      const StrataStrategy *b,
      gboolean              savings,
      StrataJob            *job)
{
  g_autoptr(StrataSwitchPoints) points = NULL;
  g_autoptr(GPtrArray) slots = NULL;
  g_autofree guint *today = NULL;
  Finder finder = { 0 };

  points = g_new0 (StrataSwitchPoints, 1);
  points->volume = volume;
  points->objective = objective;
  points->a = a;
  points->b = b;
  points->savings = savings;
  points->n_layers = dataset->n_layers;
  points->fields = g_array_new (FALSE, TRUE, sizeof (StrataSwitchField));
  g_array_set_clear_func (points->fields, _strata_switch_field_clear);
  points->switches = g_array_new (FALSE, TRUE, sizeof (StrataSwitch));
  g_array_set_clear_func (points->switches, _strata_switch_clear);
  points->robust = g_array_new (FALSE, FALSE, sizeof (guint));

  slots = _strata_switch_finder_init (&finder, points, dataset);
  finder.job = job;
  today = g_new (guint, finder.n_dec);
  decide_now (&finder, today);
  if (a == NULL)
    points->today = g_steal_pointer (&today);
  else
    points->today_cheaper = (StrataSwitchCheaper) ((int) today[0] - 1);

  for (guint i = 0; i < points->fields->len; i++)
    {
      StrataSwitchField *f = &g_array_index (points->fields, StrataSwitchField, i);

      f->reason = reason_before_walk (points, dataset, f);
    }
  _strata_switch_finder_clear (&finder);
  walk_fields (points, dataset, job);
  if (job_cancelled (job))
    return NULL;

  for (guint i = 0; i < points->fields->len; i++)
    if (g_array_index (points->fields, StrataSwitchField, i).reason != STRATA_SWITCH_HAS_SWITCH)
      g_array_append_val (points->robust, i);

  g_array_sort (points->switches, compare_switches);
  return g_steal_pointer (&points);
}

StrataSwitchPoints *
strata_switch_points_find (const StrataDataset  *dataset,
                           double                volume,
                           StrataObjective       objective,
                           const StrataStrategy *a,
                           const StrataStrategy *b,
                           GError              **error)
{
  return strata_switch_points_find_full (dataset, volume, objective, a, b, NULL, NULL, NULL,
                                         error);
}

/* Runs find () as @cancellable's job: NULL and G_IO_ERROR_CANCELLED when
 * it was cancelled. */
static StrataSwitchPoints *
find_job (const StrataDataset  *dataset,
          double                volume,
          StrataObjective       objective,
          const StrataStrategy *a,
          const StrataStrategy *b,
          gboolean              savings,
          GCancellable         *cancellable,
          StrataProgressFunc    progress,
          gpointer              progress_data,
          GError              **error)
{
  StrataJob job = { cancellable, progress, progress_data, FALSE, 0, 0 };
  StrataSwitchPoints *points;

  if (cancellable != NULL && g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  points = find (dataset, volume, objective, a, b, savings, &job);
  if (!job_finish (&job, error))
    g_clear_pointer (&points, strata_switch_points_free);
  return points;
}

StrataSwitchPoints *
strata_switch_points_find_full (const StrataDataset  *dataset,
                                double                volume,
                                StrataObjective       objective,
                                const StrataStrategy *a,
                                const StrataStrategy *b,
                                GCancellable         *cancellable,
                                StrataProgressFunc    progress,
                                gpointer              progress_data,
                                GError              **error)
{
  g_return_val_if_fail (dataset != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);

  if (!(volume > 0 && isfinite (volume)))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "the volume must be a positive number");
      return NULL;
    }
  if ((a == NULL) != (b == NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "switch points of a pair need both strategies");
      return NULL;
    }
  if (dataset->n_layers == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "the dataset has no layers");
      return NULL;
    }
  return find_job (dataset, volume, objective, a, b, FALSE, cancellable, progress, progress_data,
                   error);
}

StrataSwitchPoints *
strata_switch_points_find_savings (const StrataDataset  *dataset,
                                   StrataObjective       objective,
                                   const StrataStrategy *strategy,
                                   GError              **error)
{
  return strata_switch_points_find_savings_full (dataset, objective, strategy, NULL, NULL, NULL,
                                                 error);
}

StrataSwitchPoints *
strata_switch_points_find_savings_full (const StrataDataset  *dataset,
                                        StrataObjective       objective,
                                        const StrataStrategy *strategy,
                                        GCancellable         *cancellable,
                                        StrataProgressFunc    progress,
                                        gpointer              progress_data,
                                        GError              **error)
{
  const StrataStrategy *start;
  g_autofree guint *choices = NULL;
  g_autofree StrataLayerPlan *plans = NULL;
  g_autoptr(GError) local = NULL;
  double v0;

  g_return_val_if_fail (dataset != NULL, NULL);
  g_return_val_if_fail (strategy != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);

  if (dataset->horizon == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "the dataset has no horizon, so there is no savings_npv (MODEL.md 8)");
      return NULL;
    }
  if (dataset->n_layers == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "the dataset has no layers");
      return NULL;
    }
  v0 = dataset->horizon->volume_listed ? dataset->horizon->volumes[0]
                                       : dataset->horizon->volume_first.value;
  choices = g_new (guint, dataset->n_layers);
  plans = g_new (StrataLayerPlan, dataset->n_layers);
  strata_horizon_adopted_choices (dataset, strategy,
                                  objective == STRATA_OBJECTIVE_CASH ? STRATA_HORIZON_CASH
                                                                     : STRATA_HORIZON_EFFECTIVE,
                                  choices);
  if (!strata_roadmap_adopt (dataset, choices, plans, &local))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "%s cannot be adopted now: %s", strategy->id, local->message);
      return NULL;
    }
  start = strata_dataset_find_strategy (dataset, dataset->horizon->start);
  if (start == NULL)
    start = &dataset->strategies[0];
  return find_job (dataset, v0, objective, strategy, start, TRUE, cancellable, progress,
                   progress_data, error);
}

StrataSwitchCheaper
strata_switch_points_decide (const StrataDataset      *dataset,
                             const StrataSwitchPoints *points,
                             guint                     field,
                             double                    value,
                             guint                    *choices)
{
  g_autoptr(GPtrArray) slots = NULL;
  g_autoptr(GArray) fields = g_array_new (FALSE, TRUE, sizeof (StrataSwitchField));
  StrataSwitchPoints shadow = *points;
  Finder finder = { 0 };
  guint decision[1] = { 1 };

  g_return_val_if_fail (field < points->fields->len, STRATA_SWITCH_EQUAL);

  g_array_set_clear_func (fields, _strata_switch_field_clear);
  shadow.fields = fields;
  finder.bare = TRUE;
  slots = _strata_switch_finder_init (&finder, &shadow, dataset);
  _strata_switch_decide (&finder, field, value, points->a == NULL ? choices : decision);
  _strata_switch_finder_clear (&finder);
  return points->a == NULL ? STRATA_SWITCH_EQUAL : (StrataSwitchCheaper) ((int) decision[0] - 1);
}

void
strata_switch_points_free (StrataSwitchPoints *points)
{
  if (points == NULL)
    return;
  g_clear_pointer (&points->today, g_free);
  g_clear_pointer (&points->fields, g_array_unref);
  g_clear_pointer (&points->switches, g_array_unref);
  g_clear_pointer (&points->robust, g_array_unref);
  g_free (points);
}

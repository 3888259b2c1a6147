/* strata-optimizer-window.c
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
 * Volume windows for the optimizer (issue 15).  The ladder and break-even
 * solve the optimum at thousands of nearby volumes; in a narrow window of
 * volumes most options of a layer are dearer than another option of the
 * same mode at every volume of the window, so they can never be optimal
 * there and the optimizer need not look at them.
 *
 * Every term of an option's cost is monotone in V (the learning curve,
 * its floor and cap, fixed/V; the ecosystem value is constant), so its
 * cost over [lo, hi] lies between the bounds its terms take at the two
 * ends, for any co-design factor between the least product of the links
 * into its layer and 1.  Option k is dropped when some option j of the
 * same mode and layer costs, at its dearest, less than k at its cheapest
 * by a margin of 16 tie tolerances of the largest strategy of the window
 * (the sum over layers of the largest magnitude of an option, plus the
 * interfaces): then swapping k for j saves more than any tie tolerance at
 * every volume of the window, so no strategy with k is optimal or tied
 * with the optimum, and the optimum, found among the rest, is the same
 * choice vector, bit for bit (tests/test-ladder.c checks it against the
 * search over every option).  Non-finite bounds keep every option.
 *
 * In a window the branch and bound's bound of every pair's tie tolerance
 * (plan->eps, strata-optimizer.c) is taken from the candidates alone:
 * every strategy the windowed search compares is made of them.  Its
 * pruning may then differ from the search over every option, but it
 * only ever cuts a branch none of whose strategies beats or ties the
 * best found so far, which offering them would leave as it is: the
 * answer is the same.
 */

#define WINDOW_MARGIN (16 * STRATA_TIE_TOLERANCE)

gboolean _strata_plan_windows_disabled = FALSE;

static void
window_destroy (PlanWindow *window)
{
  if (window == NULL)
    return;
  for (guint d = 0; d < PLAN_WINDOW_LEVELS; d++)
    {
      g_free (window->levels[d].start);
      g_free (window->levels[d].list);
      g_free (window->levels[d].curve_lo);
      g_free (window->levels[d].curve_hi);
      g_free (window->levels[d].curve_mid);
    }
  g_free (window->base_start);
  g_free (window->base);
  g_free (window->pos_lo);
  g_free (window->dearest);
  g_free (window->opts);
  g_free (window);
}

/* The windows of the last plans freed, kept for the next plans of a
 * dataset of the same shape (issue 15): their lists and curves are
 * arrays of up to n_options entries per level, which malloc would map
 * and unmap, or trim off its heap, at every ladder, each of which then
 * first-touched every page again (about 470 page faults a ladder's
 * windows on 512 x 64).  As the plans' blocks (strata-optimizer-plan.c):
 * up to PLAN_KEEP, the last freed taken first. */
static GMutex window_kept_lock;
static PlanWindow *window_kept[PLAN_KEEP];
static guint window_n_kept;

gint _strata_plan_windows_made;

void
_strata_plan_window_free (PlanWindow *window)
{
  PlanWindow *drop = window;

  if (window != NULL && !_strata_plan_keep_disabled)
    {
      g_mutex_lock (&window_kept_lock);
      drop = window_n_kept == PLAN_KEEP ? window_kept[0] : NULL;
      if (drop != NULL)
        memmove (window_kept, window_kept + 1, sizeof (PlanWindow *) * --window_n_kept);
      window_kept[window_n_kept++] = window;
      g_mutex_unlock (&window_kept_lock);
    }
  window_destroy (drop);
}

/* A kept window made for a dataset of this shape, or NULL. */
static PlanWindow *
window_take_kept (guint n,
                  guint n_options,
                  guint widest)
{
  PlanWindow *w = NULL;

  if (_strata_plan_keep_disabled)
    return NULL;
  g_mutex_lock (&window_kept_lock);
  for (guint k = window_n_kept; k-- > 0 && w == NULL;)
    if (window_kept[k]->n_layers == n && window_kept[k]->n_options == n_options &&
        window_kept[k]->widest == widest)
      {
        w = window_kept[k];
        memmove (window_kept + k, window_kept + k + 1, sizeof (PlanWindow *) * (--window_n_kept - k));
      }
  g_mutex_unlock (&window_kept_lock);
  return w;
}

/* What the plan's bounds read of each option, packed into @out
 * (n_options, by opt_offset). */
void
_strata_plan_pack (const Plan *plan,
                   PlanOption *out)
{
  for (guint i = 0; i < plan->n_layers; i++)
    for (guint k = 0; k < plan->dataset->layers[i].n_options; k++)
      {
        const StrataOption *option = &plan->dataset->layers[i].options[k];
        PlanOption *o = &out[plan->opt_offset[i] + k];
        gboolean curve = option->mode == STRATA_MODE_INTEGRATED &&
                         option->learning_rate.value != 0.0 && option->unit_cost.value != 0.0;

        o->fixed = option->fixed_cost.value;
        o->eco = plan->objective == STRATA_OBJECTIVE_CASH ? 0.0 : option->ecosystem_value.value;
        o->floor = option->floor_cost.value;
        o->cap = MAX (STRATA_MAX_VARIABLE_COST, option->unit_cost.value);
        o->unit = option->unit_cost.value;
        o->ref = option->reference_volume.value;
        o->exponent = plan_exponent (plan, i, k);
        o->base = curve ? NAN : plan_variable_base (plan, i, k, 1.0);
        o->mode = option->mode;
      }
}

/* What an option may cost over a window, and the largest magnitude of
 * its terms. */
typedef struct
{
  double lo, hi;          /* least and largest cost */
  double mag;
} Bounds;

/* Bounds of option @o (of mode @m) over [lo, hi], whose learning curve
 * is @curve_a at lo and @curve_b at hi (plan_curve ()). */
static inline Bounds
option_bounds (const PlanOption *o,
               int               m,
               double            fmin,
               double            lo,
               double            hi,
               double            curve_a,
               double            curve_b)
{
  double base_a, base_b;
  double fixed_a = o->fixed / lo;
  double fixed_b = o->fixed / hi;
  double eco = o->eco;
  double f = m == STRATA_MODE_INTEGRATED ? fmin : 1.0;
  double b_min, b_max;
  Bounds b;

  base_a = packed_base (o, curve_a);
  base_b = packed_base (o, curve_b);
  b_min = MIN (base_a, base_b);
  b_max = MAX (base_a, base_b);

  b.lo = MIN (b_min * f, b_min) + MIN (fixed_a, fixed_b) - eco;
  b.hi = MAX (b_max * f, b_max) + MAX (fixed_a, fixed_b) - eco;
  b.mag = MAX (fabs (base_a), fabs (base_b)) + MAX (fabs (fixed_a), fabs (fixed_b)) + fabs (eco);
  return b;
}

/* A list of options per layer: CSR, NULL for every option. */
typedef struct
{
  const guint *start;
  const guint *list;
} OptionList;

static inline void
list_range (const Plan       *plan,
            const OptionList *l,
            guint             i,
            guint            *q0,
            guint            *q1)
{
  *q0 = l->list != NULL ? l->start[i] : 0;
  *q1 = l->list != NULL ? l->start[i + 1] : plan->dataset->layers[i].n_options;
}

static inline guint
list_at (const OptionList *l,
         guint             q)
{
  return l->list != NULL ? l->list[q] : q;
}

/* Where @q of layer @i is among all the options of @l. */
static inline guint
list_pos (const Plan       *plan,
          const OptionList *l,
          guint             i,
          guint             q)
{
  return l->list != NULL ? q : plan->opt_offset[i] + q;
}

/* Where the learning curves of the candidates narrowed from (level @src,
 * or every option when NULL) at the end @x of a window come from: 0 its
 * end lo, 1 its end hi, 2 the end its children share (its mid), 3 worked
 * out and kept as its mid, 4 worked out. */
static int
curve_source (const PlanLevel *src,
              double           x,
              gboolean         other_new)
{
  if (src == NULL)
    return 4;
  if (x == src->lo)
    return 0;
  if (x == src->hi)
    return 1;
  if (x == src->mid)
    return 2;
  return other_new ? 4 : 3;
}

static inline double
curve_from (const PlanOption *o,
            PlanLevel        *src,
            int               source,
            guint             q,
            double            x)
{
  switch (source)
    {
    case 0:
      return src->curve_lo[q];
    case 1:
      return src->curve_hi[q];
    case 2:
      return src->curve_mid[q];
    case 3:
      return src->curve_mid[q] = packed_curve (o, x);
    default:
      return packed_curve (o, x);
    }
}

/* How a narrowing works out its candidates' learning curves. */
typedef struct
{
  double     lo, hi;
  PlanLevel *src;
  int        source_lo, source_hi;
} Ends;

/* Layer @i of a narrowing (the first of its two passes): each candidate's
 * learning curves at both ends, at its position in @to_lo and @to_hi,
 * its least cost at its position in w->pos_lo, the layer's least largest
 * cost of each mode in w->dearest.  Returns the layer's largest
 * magnitude of a candidate. */
static double
narrow_layer (Plan             *plan,
              guint             i,
              const Ends       *e,
              const OptionList *from,
              double           *to_lo,
              double           *to_hi)
{
  PlanWindow *w = plan->window;
  double fmin = plan_least_factor (plan, i), largest = 0;
  double dearest[2] = { INFINITY, INFINITY };
  guint q0, q1;

  list_range (plan, from, i, &q0, &q1);
  for (guint q = q0; q < q1; q++)
    {
      guint k = list_at (from, q), p = list_pos (plan, from, i, q);
      const PlanOption *o = &plan_packed (plan)[plan->opt_offset[i] + k];
      int m = o->mode;
      Bounds b;

      to_lo[p] = curve_from (o, e->src, e->source_lo, q, e->lo);
      to_hi[p] = curve_from (o, e->src, e->source_hi, q, e->hi);
      b = option_bounds (o, m, fmin, e->lo, e->hi, to_lo[p], to_hi[p]);
      w->pos_lo[p] = b.lo;
      largest = MAX (largest, b.mag);
      if (b.hi < dearest[m])
        dearest[m] = b.hi;
    }
  w->dearest[2 * i] = dearest[0];
  w->dearest[2 * i + 1] = dearest[1];
  return largest;
}

/* Narrows the candidates @from to those that may be optimal in [lo, hi],
 * into @to_start/@to.  @src is the level whose list @from is (its
 * candidates' learning curves at its ends and mid are reused: each pow ()
 * once per end, the same doubles), or NULL; the kept candidates' curves
 * at lo and hi go to @to_lo and @to_hi, which have room for every option
 * of @from (they hold them by position until the margin is known). */
static void
window_narrow (Plan             *plan,
               double            lo,
               double            hi,
               const OptionList *from,
               PlanLevel        *src,
               guint            *to_start,
               guint            *to,
               double           *to_lo,
               double           *to_hi)
{
  PlanWindow *w = plan->window;
  double scale = 0, margin;
  guint n_out = 0;
  Ends e = { lo, hi, src, curve_source (src, lo, FALSE), 0 };

  e.source_hi = curve_source (src, hi, e.source_lo == 3);
  /* hi reads the mid that lo would overwrite: lo is not kept. */
  if (e.source_lo == 3 && e.source_hi == 2)
    e.source_lo = 4;

  for (guint i = 0; i < plan->n_layers; i++)
    scale += narrow_layer (plan, i, &e, from, to_lo, to_hi) + fabs (plan->iface[i]);
  if (e.source_lo == 3)
    src->mid = lo;
  else if (e.source_hi == 3)
    src->mid = hi;
  margin = WINDOW_MARGIN * scale;
  if (!isfinite (margin))
    margin = INFINITY;

  /* The second pass: the candidates kept, moved down to their place
   * (never above the position they are read from). */
  for (guint i = 0; i < plan->n_layers; i++)
    {
      const PlanOption *opts = plan_packed (plan) + plan->opt_offset[i];
      guint q0, q1;

      list_range (plan, from, i, &q0, &q1);
      to_start[i] = n_out;
      for (guint q = q0; q < q1; q++)
        {
          guint k = list_at (from, q), p = list_pos (plan, from, i, q);

          /* Kept unless provably dearer: NaN bounds keep the option. */
          if (!(w->pos_lo[p] > w->dearest[2 * i + opts[k].mode] + margin))
            {
              to_lo[n_out] = to_lo[p];
              to_hi[n_out] = to_hi[p];
              to[n_out++] = k;
            }
        }
    }
  to_start[plan->n_layers] = n_out;
}

/* Level @d's lists, with room for @cap candidates (kept from one push
 * to the next, grown when a push needs more). */
static void
level_reserve (const Plan *plan,
               PlanWindow *w,
               guint       d,
               guint       cap)
{
  PlanLevel *level = &w->levels[d];

  if (level->start == NULL)
    {
      level->start = g_new (guint, plan->n_layers + 1);
      level->mid = NAN;
    }
  /* Nothing in them is kept: no copy.  An eighth more than asked, so
   * that the levels of one depth, narrowed from lists of about the same
   * length, seldom grow them again (a kept window's never once it has
   * served a ladder of its dataset). */
  if (level->list == NULL || cap > level->cap)
    {
      cap = MAX (cap + cap / 8, 1);
      g_free (level->list);
      g_free (level->curve_lo);
      g_free (level->curve_hi);
      g_free (level->curve_mid);
      level->list = g_new (guint, cap);
      level->curve_lo = g_new (double, cap);
      level->curve_hi = g_new (double, cap);
      level->curve_mid = g_new (double, cap);
      level->cap = cap;
    }
}

/* Makes level @d the current window. */
static void
window_level (PlanWindow *w,
              guint       d)
{
  PlanLevel *level = &w->levels[d];

  w->depth = d;
  w->cand_start = level->start;
  w->cand = level->list;
  w->curve_lo = level->curve_lo;
  w->curve_hi = level->curve_hi;
  w->lo = level->lo;
  w->hi = level->hi;
}

static PlanWindow *
window_ensure (Plan *plan)
{
  PlanWindow *w = plan->window;
  guint n = plan->n_layers, n_options = plan->n_options, widest = 0;

  if (w != NULL)
    return w;

  for (guint i = 0; i < n; i++)
    widest = MAX (widest, plan->dataset->layers[i].n_options);
  w = window_take_kept (n, n_options, widest);
  if (w != NULL)
    {
      /* Nothing of its contents is read before it is written again
       * (its options' table for this plan's dataset and objective). */
      w->base_lo = w->base_hi = NAN;
      w->levels[0].mid = NAN;
      window_level (w, 0);
      if (plan->packed == NULL)
        _strata_plan_pack (plan, w->opts);
      return w;
    }
  g_atomic_int_inc (&_strata_plan_windows_made);
  w = g_new0 (PlanWindow, 1);
  w->n_layers = n;
  w->n_options = n_options;
  w->widest = widest;
  w->base_start = g_new (guint, n + 1);
  w->base = g_new (guint, n_options);
  w->pos_lo = g_new (double, n_options);
  w->dearest = g_new (double, 2 * (gsize) n);
  w->opts = g_new (PlanOption, n_options);
  w->base_lo = w->base_hi = NAN;
  level_reserve (plan, w, 0, n_options);
  window_level (w, 0);
  if (plan->packed == NULL)
    _strata_plan_pack (plan, w->opts);
  return w;
}

void
_strata_plan_window_base (Plan   *plan,
                          double  lo,
                          double  hi)
{
  OptionList every = { NULL, NULL };
  PlanWindow *w;
  guint n = plan->n_layers;

  g_return_if_fail (lo > 0 && hi >= lo);
  if (_strata_plan_windows_disabled)
    return;

  w = window_ensure (plan);
  plan->window = w;
  window_narrow (plan, lo, hi, &every, NULL, w->base_start, w->base, w->levels[0].curve_lo,
                 w->levels[0].curve_hi);
  w->levels[0].mid = NAN;
  w->base_lo = lo;
  w->base_hi = hi;
  window_level (w, 0);
  memcpy (w->cand_start, w->base_start, sizeof (guint) * (n + 1));
  memcpy (w->cand, w->base, sizeof (guint) * w->base_start[n]);
  w->levels[0].lo = w->lo = lo;
  w->levels[0].hi = w->hi = hi;
  plan->volume = NAN;
}

void
_strata_plan_window (Plan   *plan,
                     double  lo,
                     double  hi)
{
  OptionList every = { NULL, NULL };
  PlanWindow *w;

  g_return_if_fail (lo > 0 && hi >= lo);
  if (_strata_plan_windows_disabled)
    return;

  w = window_ensure (plan);
  plan->window = w;
  window_level (w, 0);
  if (lo >= w->base_lo && hi <= w->base_hi)
    {
      OptionList base = { w->base_start, w->base };

      window_narrow (plan, lo, hi, &base, NULL, w->cand_start, w->cand, w->curve_lo, w->curve_hi);
    }
  else
    window_narrow (plan, lo, hi, &every, NULL, w->cand_start, w->cand, w->curve_lo, w->curve_hi);
  w->levels[0].mid = NAN;
  w->levels[0].lo = w->lo = lo;
  w->levels[0].hi = w->hi = hi;
  plan->volume = NAN;
}

void
_strata_plan_window_follow (Plan         *plan,
                            double        win[2],
                            const double  range[2],
                            double        ratio,
                            double        volume)
{
  double lo, hi;

  if (volume >= win[0] && volume <= win[1])
    return;
  lo = volume / pow (ratio, 0.25);
  hi = volume * ratio;
  if (!(lo >= range[0]))
    lo = MIN (range[0], volume);
  if (!(hi <= range[1]))
    hi = MAX (range[1], volume);
  _strata_plan_window (plan, lo, hi);
  win[0] = lo;
  win[1] = hi;
}

struct _PlanWindowCopy
{
  double  lo, hi;
  guint   n_layers;
  guint  *start, *list;        /* the candidates */
  double *curve_lo, *curve_hi; /* the candidates' curves at lo and hi */
};

PlanWindowCopy *
_strata_plan_window_copy (const Plan *plan)
{
  const PlanWindow *w = plan->window;
  guint n = plan->n_layers, n_cand;
  PlanWindowCopy *copy;
  gsize size;
  char *p;

  if (_strata_plan_windows_disabled || w == NULL)
    return NULL;
  n_cand = w->cand_start[n];
  size = sizeof (PlanWindowCopy) + sizeof (double) * 2 * (gsize) n_cand +
         sizeof (guint) * ((gsize) n + 1 + n_cand);
  copy = g_malloc (size);
  p = (char *) (copy + 1);
  copy->curve_lo = (double *) (gpointer) p;
  copy->curve_hi = copy->curve_lo + n_cand;
  copy->start = (guint *) (gpointer) (copy->curve_hi + n_cand);
  copy->list = copy->start + n + 1;
  copy->lo = w->lo;
  copy->hi = w->hi;
  copy->n_layers = n;
  memcpy (copy->start, w->cand_start, sizeof (guint) * (n + 1));
  memcpy (copy->list, w->cand, sizeof (guint) * n_cand);
  memcpy (copy->curve_lo, w->curve_lo, sizeof (double) * n_cand);
  memcpy (copy->curve_hi, w->curve_hi, sizeof (double) * n_cand);
  return copy;
}

/* As _strata_plan_window_base () over the copy's [lo, hi] would set it,
 * from the copy's lists (every option that may be optimal there). */
void
_strata_plan_window_take (Plan                 *plan,
                          const PlanWindowCopy *copy)
{
  PlanWindow *w;
  guint n = plan->n_layers;

  if (_strata_plan_windows_disabled || copy == NULL)
    return;
  g_return_if_fail (copy->n_layers == n);

  w = window_ensure (plan);
  plan->window = w;
  memcpy (w->base_start, copy->start, sizeof (guint) * (n + 1));
  memcpy (w->base, copy->list, sizeof (guint) * copy->start[n]);
  memcpy (w->levels[0].curve_lo, copy->curve_lo, sizeof (double) * copy->start[n]);
  memcpy (w->levels[0].curve_hi, copy->curve_hi, sizeof (double) * copy->start[n]);
  w->levels[0].mid = NAN;
  w->base_lo = copy->lo;
  w->base_hi = copy->hi;
  window_level (w, 0);
  memcpy (w->cand_start, w->base_start, sizeof (guint) * (n + 1));
  memcpy (w->cand, w->base, sizeof (guint) * w->base_start[n]);
  w->levels[0].lo = w->lo = copy->lo;
  w->levels[0].hi = w->hi = copy->hi;
  plan->volume = NAN;
}

/* Nested windows: [lo, hi] within the current window, narrowed from its
 * candidates rather than from the base window's.  That is as exact as a
 * window narrowed from the base: the current window's candidates hold
 * every option of every strategy optimal or tied with the optimum at any
 * volume of it, so the strategies the margin argument compares (the
 * optimum, and one with a dropped option swapped for a kept one) use
 * only its options, and the scale taken from them bounds both
 * tolerances.  The ladder narrows a tree of windows down to each grid interval, each
 * from a much shorter list than the base's. */
void
_strata_plan_window_push (Plan   *plan,
                          double  lo,
                          double  hi)
{
  PlanWindow *w = plan->window;
  guint d;

  if (_strata_plan_windows_disabled)
    return;
  g_return_if_fail (w != NULL && lo > 0 && hi >= lo && lo >= w->lo && hi <= w->hi);
  g_return_if_fail (w->depth + 1 < PLAN_WINDOW_LEVELS);

  d = w->depth + 1;
  level_reserve (plan, w, d, w->cand_start[plan->n_layers]);
  {
    OptionList from = { w->cand_start, w->cand };
    PlanLevel *level = &w->levels[d];

    window_narrow (plan, lo, hi, &from, &w->levels[w->depth], level->start, level->list,
                   level->curve_lo, level->curve_hi);
    level->mid = NAN;
    level->lo = lo;
    level->hi = hi;
  }
  window_level (w, d);
  plan->volume = NAN;
}

/* Back to the window the last push narrowed. */
void
_strata_plan_window_pop (Plan *plan)
{
  PlanWindow *w = plan->window;

  if (_strata_plan_windows_disabled)
    return;
  g_return_if_fail (w != NULL && w->depth > 0);
  window_level (w, w->depth - 1);
  plan->volume = NAN;
}

gboolean
_strata_plan_window_contains (const Plan *plan,
                              double      volume)
{
  return _strata_plan_windows_disabled ||
         (plan->window != NULL && volume >= plan->window->lo && volume <= plan->window->hi);
}

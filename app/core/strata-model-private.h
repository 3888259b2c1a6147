/* strata-model-private.h
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <math.h>

#include "strata/strata-limits.h"
#include "strata/strata-model.h"

#include "strata-numeric-private.h"

G_BEGIN_DECLS

/*
 * Shared by the files of the model: evaluation (strata-model.c), the
 * optimizer (strata-optimizer.c), break-even (strata-breakeven.c) and the
 * ladder (strata-ladder.c).
 */

static inline double
option_price (const StrataOption *option)
{
  /* MODEL.md 3: price = supplier_cost / (1 - margin), or given. */
  if (option->has_price)
    return option->price.value;
  return option->supplier_cost.value / (1.0 - option->margin.value);
}

/* The learning exponent of an integrated option: log2 (1 - learning_rate). */
static inline double
option_learning_exponent (const StrataOption *option)
{
  double lr = option->learning_rate.value;

  return lr != 0.0 && option->unit_cost.value != 0.0 ? log2 (1.0 - lr) : 0.0;
}

/* option_integrated_base () with its learning exponent worked out before
 * (option_learning_exponent (): the same double, so the same cost). */
static inline double
option_integrated_base_with (const StrataOption *option,
                             double              volume,
                             double              exponent)
{
  double lr = option->learning_rate.value;
  double v = option->unit_cost.value;

  /* Wright's law: unit_cost * (V / ref) ^ log2 (1 - lr).  With lr = 0 the
   * exponent is 0 and the cost is unit_cost at every volume. */
  if (lr != 0.0 && v != 0.0)
    {
      v *= pow (volume / option->reference_volume.value, exponent);
      /* Run far back below its reference volume the curve can overflow
       * (ratio 1e-60, exponent down to -53): it is capped, so every
       * outcome stays finite (strata-limits.h). */
      v = MIN (v, MAX (STRATA_MAX_VARIABLE_COST, option->unit_cost.value));
    }

  return MAX (option->floor_cost.value, v);
}

/* Integrated variable cost after the floor, before co-design. */
static inline double
option_integrated_base (const StrataOption *option,
                        double              volume)
{
  return option_integrated_base_with (option, volume, option_learning_exponent (option));
}

static inline double
option_variable_base (const StrataOption *option,
                      double              volume)
{
  if (option->mode == STRATA_MODE_INTEGRATED)
    return option_integrated_base (option, volume);
  return option_price (option);
}

static inline double
layer_interface (const StrataDataset *dataset,
                 guint                i)
{
  const StrataLayer *layer = &dataset->layers[i];

  return layer->has_boundary_cost ? layer->boundary_cost : dataset->boundary_cost;
}

/* MODEL.md 3: the market interface between two neighbouring layers is
 * paid unless both run integrated options. */
static inline gboolean
interface_paid (int m_low,
                int m_high)
{
  return !(m_low == STRATA_MODE_INTEGRATED && m_high == STRATA_MODE_INTEGRATED);
}

/* MODEL.md 5's last rule of ties: the earlier options in dataset order,
 * layer by layer bottom first (< 0 when @a comes first, 0 when equal). */
int    _strata_choices_compare            (const guint         *a,
                                           const guint         *b,
                                           guint                n);

/* The objective's cost of @a less that of @b, from the layers where the
 * two differ (in option, co-design factor or the layer above): the exact
 * difference, within the rounding of the two sums. */
double _strata_objective_unit_cost_difference (const StrataDataset *dataset,
                                               const guint         *a,
                                               const guint         *b,
                                               StrataObjective      objective,
                                               double               volume);
/* The same, and into @magnitude the sum of the parts it took without
 * their signs (the scale of its rounding). */
double _strata_objective_unit_cost_difference_full (const StrataDataset *dataset,
                                                    const guint         *a,
                                                    const guint         *b,
                                                    StrataObjective      objective,
                                                    double               volume,
                                                    double              *magnitude);

/* The sum of the magnitudes of every part of @choices' cost (each
 * layer's variable, fixed and interface costs and ecosystem value): the
 * scale of the optimizer's tie tolerance for that strategy. */
double _strata_objective_magnitude (const StrataDataset *dataset,
                                    const guint         *choices,
                                    StrataObjective      objective,
                                    double               volume);

typedef struct _StrataCostLayout StrataCostLayout;

StrataCostLayout *_strata_cost_layout_new  (const StrataDataset    *dataset,
                                            const guint            *choices);
void              _strata_cost_layout_free (StrataCostLayout       *layout);
gboolean          _strata_cost_layout_is   (const StrataCostLayout *layout,
                                            const guint            *choices);
double _strata_objective_unit_cost_layout (const StrataCostLayout *layout,
                                           StrataObjective         objective,
                                           double                  volume,
                                           guint                  *known_option,
                                           double                 *known_base,
                                           gboolean                keep_known);

double _strata_objective_unit_cost_known (const StrataDataset *dataset,
                                          const guint         *choices,
                                          StrataObjective      objective,
                                          double               volume,
                                          guint               *known_option,
                                          double              *known_base,
                                          gboolean             keep_known);

/* The optimizer's per-dataset state (strata-optimizer.c). */
typedef struct _StrataPlan Plan;

Plan     *_strata_plan_new             (const StrataDataset *dataset,
                                        StrataObjective      objective);
void      _strata_plan_free            (Plan                *plan);
void      _strata_plan_optimize_hinted (Plan                *plan,
                                        double               volume,
                                        guint               *choices_out,
                                        guint32             *hint);
/* The least cost (the objective's) of a strategy whose linked layers
 * run another pattern of modes than @skip's, the pattern the optimum at
 * @volume runs (its @hint after _strata_plan_optimize_hinted ()), to
 * within the tie tolerance; INFINITY when there is no other pattern. */
double    _strata_plan_other_patterns  (Plan                *plan,
                                        double               volume,
                                        guint32              skip);
/* After numbers of the plan's dataset changed in place (the switch
 * points' walks, strata-switchpoints.c): _strata_plan_reread () reads the
 * interfaces' boundary costs and the links' savings again;
 * _strata_plan_refresh () the options of layer @layer (-1: none) and
 * what the search reads beyond the layers, at the plan's volume.  The
 * plan is then the same, to the bit, as a new one on the dataset at that
 * volume.  Not for a plan with a window. */
void      _strata_plan_reread          (Plan                *plan);
/* Lets the plan keep, between solves at one volume, what each layer no
 * link touches gives the reconstruction of the optimum (its least option
 * by mode, the few options near it): a solve after
 * _strata_plan_refresh () of one layer then walks the few options of
 * each other layer that can be the best.  The same choices. */
void      _strata_plan_keep_layers     (Plan                *plan);
void      _strata_plan_refresh         (Plan                *plan,
                                        int                  layer);

/* Volume windows (strata-optimizer-window.c).  The optimum at any volume
 * in [lo, hi] is the same with and without a window; a window only lets
 * the optimizer skip the options that provably cannot be optimal there.
 * _strata_plan_window_base () sets the set later windows narrow (from
 * every option); _strata_plan_window () narrows it to [lo, hi], which
 * must lie within the base window. */
void      _strata_plan_window_base     (Plan                *plan,
                                        double               lo,
                                        double               hi);
void      _strata_plan_window          (Plan                *plan,
                                        double               lo,
                                        double               hi);
/* The optimal side of a scan is solved in windows of the optimizer, each
 * 1/STRATA_SCAN_WINDOWS of the range in log V (the same optimum, looking
 * only at the options that can be optimal in the window). */
#define STRATA_SCAN_WINDOWS 64

/* A window that follows a scan going up over @range (the break-even's,
 * the Monte Carlo kernel's): when @volume is outside @win (NaN: none
 * yet), the plan's window moves to [volume / ratio^(1/4), volume * ratio]
 * within @range (widened to take @volume), and @win says where. */
void      _strata_plan_window_follow   (Plan                *plan,
                                        double               win[2],
                                        const double         range[2],
                                        double               ratio,
                                        double               volume);
gboolean  _strata_plan_window_contains (const Plan          *plan,
                                        double               volume);
/* A window within the current one, narrowed from its candidates; _pop ()
 * returns to the current one. */
void      _strata_plan_window_push     (Plan                *plan,
                                        double               lo,
                                        double               hi);
void      _strata_plan_window_pop      (Plan                *plan);
/* The current window of a plan, copied (NULL without one), for another
 * plan of the same dataset and objective to take as its base window: a
 * window narrowed there without narrowing it again (the ladder's
 * threads). */
typedef struct _PlanWindowCopy PlanWindowCopy;
PlanWindowCopy *_strata_plan_window_copy (const Plan           *plan);
void      _strata_plan_window_take     (Plan                 *plan,
                                        const PlanWindowCopy *copy);
/* Tests and benchmarks only: TRUE makes the two calls above do nothing,
 * the optimizer's answers from every option, to compare against. */
extern gboolean _strata_plan_windows_disabled;
/* Tests only: TRUE makes plan_reconstruct () work out every option's
 * total (strata-optimizer.c, reconstruct_far ()). */
extern gboolean _strata_plan_far_disabled;
/* Tests: _strata_objective_unit_cost_difference_full () of a long stack
 * over every layer, as for a short one (the sparse path's oracle). */
extern gboolean _strata_difference_sparse_disabled;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Plan, _strata_plan_free)

/* The ladder's flips (strata-ladder.c): how many bisection steps its
 * certificate decided and how many took a full optimum, since the last
 * reset (tests and benchmarks; not thread-safe, counts only). */
typedef struct
{
  guint64 certified_steps;     /* of which: */
  guint64 segment_steps;       /*   by a segment around the layer */
  guint64 both_modes_steps;    /*   with the neighbour below in either mode */
  guint64 bracket_neighbours;  /*   with the neighbours' modes known over
                                *   the bisection's bracket */
  guint64 linked_steps;        /*   of a layer a link touches */
  guint64 pair_steps;          /*   by the pair of the flip alone, */
  guint64 forward_steps;       /*     of which told without a sum */
  guint64 shared_steps;        /* steps of a linked layer's mode change
                                * told by the full optimum another's asked
                                * for at that very volume */
  guint64 full_steps;          /* of which: */
  guint64 undecided_neighbour; /*   a neighbour's mode not certain */
  guint64 undecided_tie;       /*   a pair near the tolerance's edge */
  guint64 undecided_linked;    /*   a linked layer's mode or factor */
  guint64 refinements;         /* bracket bounds of the magnitudes */
  guint64 edge_steps;          /* steps at the tie tolerance's edge told
                                * by the certificate a hair either side */
  guint64 guessed_flips;       /* flips of a very short stack whose bracket
                                * closed a hair either side of where the
                                * optima at the interval's ends cost the
                                * same (strata-ladder-locate.c) */
  guint64 gallop_steps;        /* steps of a longer stack's flip away from
                                * its pair's root, after the guesses a hair
                                * either side of it missed */
  guint64 group_steps;         /* steps those left, told by the group of
                                * layers that may change with the flip, */
  guint64 replay_steps;        /*   of which by its two patterns' search, */
  guint64 group_forward_steps; /*   and without working anything out */
  guint64 group_rows;          /* grid points told by the groups */
  guint64 tiny_rows;           /* grid points from all strategies' costs
                                * (strata-ladder-tiny.c), */
  guint64 tiny_carried;        /*   of which from bounds of them and the
                                *   grid point before */
  guint64 carried_rows;        /* grid points of short stacks carried from
                                * the one before (strata-ladder-carry.c) */
  guint64 excursion_probes;    /* volumes solved inside a grid interval where
                                * a layer may leave the option it runs at
                                * both ends (strata-ladder-excursion.c) */
} StrataLadderStats;

extern StrataLadderStats _strata_ladder_stats;
/* Tests only: TRUE leaves a very short stack's bands inside a grid
 * interval to the swaps of one or two layers (strata-ladder-excursion.c),
 * not every strategy (strata-ladder-tiny.c). */
extern gboolean _strata_ladder_tiny_bands_disabled;
/* Tests only: TRUE bisects a longer stack's flips from the grid
 * interval, without guessing at its pair's root (strata-ladder-locate.c). */
extern gboolean _strata_ladder_gallop_disabled;

/* TRUE when no option's cost depends on the volume (no fixed cost, no
 * learning curve): every strategy's cost, and the optimum, are the same
 * doubles at every volume (strata-model.c). */
gboolean _strata_volume_independent (const StrataDataset *dataset);

/* The threads a ladder runs on (tests, benchmarks): 0 (the default) as
 * many as the machine has, up to 8, when it is large enough. */
void _strata_ladder_set_threads (guint n_threads);

/* The ladder's flips are found on a grid of at least 64 points, the
 * asked grid's intervals split evenly in log V (strata-ladder-grid.c):
 * its size for @n_points asked, its volumes (the asked ones at every
 * (size - 1) / (n_points - 1)-th), and a ladder on it cut down to the
 * asked points (@fine is taken). */
guint         _strata_ladder_grid_size   (guint         n_points);
void          _strata_ladder_grid        (double        volume_min,
                                          double        volume_max,
                                          guint         n_points,
                                          double       *grid);
StrataLadder *_strata_ladder_pick_points (StrataLadder *fine,
                                          guint         n_points);

/* The objective's costs of A and B at @volume, from elsewhere than the
 * model (the Monte Carlo's compiled model on a draw). */
typedef void (*StrataPairCostFunc) (gpointer  data,
                                    double    volume,
                                    double   *cost_a,
                                    double   *cost_b);
/* The choices of the optimal side at the volume last costed by the
 * StrataPairCostFunc of the same @data (n_layers), NULL when none is
 * known yet. */
typedef const guint *(*StrataPairChoicesFunc) (gpointer data);

/* strata_breakeven_find () with the costs from @costs (NULL: the model
 * on @values); @values gives the floors' kinks and the range (0, 0: its
 * own).  The one break-even routine: the Monte Carlo and the tornado run
 * it on their draws. */
StrataBreakeven *_strata_breakeven_find_with (const StrataDataset  *values,
                                              const StrataStrategy *a,
                                              const StrataStrategy *b,
                                              StrataObjective       objective,
                                              double                volume_min,
                                              double                volume_max,
                                              guint                 n_scan,
                                              StrataPairCostFunc    costs,
                                              gpointer              costs_data);

/* Break-evens of @strategy against several others in this thread, until
 * the matching _strata_breakeven_share_end (): the scan's volumes and
 * @strategy's costs at them are found once (strata-breakeven.c).  Scopes
 * nest; an inner one shares the outer one's. */
void _strata_breakeven_share_begin (const StrataDataset  *dataset,
                                    const StrataStrategy *strategy,
                                    StrataObjective       objective);
void _strata_breakeven_share_end   (void);

/* Long work that can be cancelled and reports its progress (the ladder,
 * break-even): job_cancelled () is cheap enough for inner loops (an
 * atomic read of the GCancellable's flag; it stays TRUE once it saw it
 * cancelled). */
typedef struct
{
  GCancellable       *cancellable;   /* (nullable) */
  StrataProgressFunc  progress;      /* (nullable) */
  gpointer            progress_data;
  gboolean            cancelled;
  double              reported;      /* the last fraction reported */
  gint64              last_time;     /* when, monotonic us */
} StrataJob;

static inline gboolean
job_cancelled (StrataJob *job)
{
  if (job == NULL || job->cancellable == NULL)
    return FALSE;
  if (!job->cancelled)
    job->cancelled = g_cancellable_is_cancelled (job->cancellable);
  return job->cancelled;
}

/* Reports @fraction (clamped, never going back) at most every 50 ms, and
 * always 1 at the end. */
static inline void
job_progress (StrataJob *job,
              double     fraction)
{
  gint64 now;

  if (job == NULL || job->progress == NULL)
    return;
  fraction = CLAMP (fraction, job->reported, 1.0);
  now = g_get_monotonic_time ();
  if (fraction < 1.0 && now - job->last_time < 50000)
    return;
  if (fraction == job->reported && job->last_time != 0)
    return;
  job->last_time = now;
  job->reported = fraction;
  job->progress (fraction, job->progress_data);
}

/* FALSE and G_IO_ERROR_CANCELLED when the job was cancelled. */
static inline gboolean
job_finish (StrataJob  *job,
            GError    **error)
{
  if (job->cancellable != NULL && (job->cancelled || g_cancellable_is_cancelled (job->cancellable)))
    {
      if (!g_cancellable_set_error_if_cancelled (job->cancellable, error))
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Cancelled");
      return FALSE;
    }
  job_progress (job, 1.0);
  return TRUE;
}

G_END_DECLS

/* strata-roadmap-mc.h
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "strata-horizon.h"
#include "strata-uncertainty.h"

G_BEGIN_DECLS

/*
 * The Monte Carlo of the decision over years (MODEL.md sections 6 and 8):
 * over N seeded draws, the P10/P50/P90 of `savings_npv` and of
 * `payback_year`, and the probability that the savings are positive, for
 * "adopt S now" of each strategy asked and for the optimal roadmap.
 *
 * Draw d takes the numbers of strata_rng_init_draw (seed, d): first the
 * uncertain numbers of section 6 in the order of strata_uncertain_list ()
 * (so a draw's costs are those of strata_monte_carlo_run () with the same
 * seed), then, continuing the same stream, the horizon's own uncertain
 * numbers (MODEL.md 8): each option's `capex` then `exit_cost`, layers
 * bottom first and options in order, then `horizon.discount_rate`,
 * `horizon.volume.first` and `horizon.volume.growth`; one uniform each,
 * through strata_triangular_inverse ().
 *
 * Common random numbers: in a draw every plan, the start plan they are
 * measured against and the optimum are evaluated on the same numbers.  As
 * in section 6 the optimum is solved again in every draw: the optimal
 * roadmap of a draw is the exact optimal roadmap of that draw's numbers
 * (strata_roadmap_optimal ()), and "adopt optimal now" adopts the optimal
 * strategy at that draw's first-year volume.  The start plan is the
 * horizon's start, resolved on the draw.
 *
 * A draw that never pays back has no payback year: the payback
 * percentiles are over the draws that have one (NAN when none has), with
 * the share of draws that have none beside them, as the break-even volumes
 * of section 6.  The savings are positive when savings_npv exceeds 1e-12
 * of the start plan's NPV (less is rounding).
 *
 * Every figure depends on the seed and the draws only, never on the
 * number of threads.
 */

/* Bound on the numbers a run keeps: plans x draws x (years + 2). */
#define STRATA_ROADMAP_MC_MAX_CELLS  (G_GUINT64_CONSTANT (1) << 25)

typedef struct
{
  guint                         n_draws;      /* 1 .. STRATA_MONTE_CARLO_MAX_DRAWS */
  guint64                       seed;
  guint                         n_threads;    /* 0: one per processor */
  StrataHorizonObjective        objective;
  gboolean                      optimal;      /* the optimal roadmap, first */
  const StrataStrategy *const  *strategies;   /* (array length=n_strategies) adopt each now, in order */
  guint                         n_strategies;
  /* (nullable) told the fraction of the draws done, a number that only
   * grows, after each draw, from whichever thread of the run
   * finished it (never two calls at once). */
  StrataProgressFunc            progress;
  gpointer                      progress_data;
} StrataRoadmapMcParams;

/* One plan of a run. */
typedef struct
{
  char    *strategy_id;      /* (owned) adopt this strategy now; NULL: the optimal roadmap */

  /* savings_npv over the draws */
  double   savings_p10;
  double   savings_p50;
  double   savings_p90;
  double   positive_share;   /* share of draws with savings_npv > 0 */

  /* payback_year (a calendar year) over the draws that pay back */
  guint    n_payback_draws;
  double   payback_p10;      /* NAN when no draw pays back */
  double   payback_p50;
  double   payback_p90;
  double   no_payback_share; /* share of draws that never pay back */

  /* The cumulative discounted savings to the end of each year (the
   * `savings` of StrataPlanYear) over the draws: n_years each. */
  double  *cumulative_p10;
  double  *cumulative_p50;
  double  *cumulative_p90;

  /* Adopting Optimal now runs each draw's optimum at the first year's
   * volume: in a draw where that optimum runs an option that takes longer
   * to build than the horizon, adopting it now is not a roadmap (MODEL.md
   * 8), and the draw is left out of this plan's figures above (each
   * share and percentile is over the draws that are).  Their share of
   * the draws; 0 for every other plan.  Every draw left out: the figures
   * are NAN (n_payback_draws 0, the cumulative ones NAN too). */
  double   not_roadmap_share;
} StrataRoadmapMcPlan;

typedef struct
{
  guint                   n_draws;
  guint64                 seed;
  guint                   n_uncertain;   /* numbers drawn per draw (section 6's and the horizon's) */
  guint                   n_years;
  int                     first_year;
  StrataHorizonObjective  objective;
  guint                   n_plans;
  StrataRoadmapMcPlan    *plans;         /* the optimal roadmap first (when asked), then each strategy */
} StrataRoadmapMc;

/* Runs the simulation; NULL with @error for a dataset without a horizon or
 * bad parameters (G_IO_ERROR_INVALID_ARGUMENT), a strategy that cannot be
 * adopted now on the dataset's own numbers (STRATA_DATASET_ERROR;
 * strata_plan_can_adopt () tells it first; a draw where it cannot is
 * left out of its figures: not_roadmap_share), or when @cancellable is
 * cancelled (G_IO_ERROR_CANCELLED). */
StrataRoadmapMc *strata_roadmap_mc_run  (const StrataDataset         *dataset,
                                         const StrataRoadmapMcParams *params,
                                         GCancellable                *cancellable,
                                         GError                     **error);
void             strata_roadmap_mc_free (StrataRoadmapMc             *mc);

/* The plan of @mc for @strategy_id (NULL: the optimal roadmap), or NULL. */
const StrataRoadmapMcPlan *
                 strata_roadmap_mc_find (const StrataRoadmapMc       *mc,
                                         const char                  *strategy_id);

/* The numbers of draw @draw of @seed as strata_roadmap_mc_run () uses
 * them, into @out (n_uncertain entries; returns n_uncertain; @out may be
 * NULL to count them). */
guint            strata_roadmap_mc_draw (const StrataDataset         *dataset,
                                         guint64                      seed,
                                         guint64                      draw,
                                         double                      *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StrataRoadmapMc, strata_roadmap_mc_free)

G_END_DECLS

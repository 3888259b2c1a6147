/* strata-mc-kept-private.h: what the Monte Carlo keeps from one run to
 * the next (the app runs it again after every flip and edit)
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "strata/strata-uncertainty.h"

G_BEGIN_DECLS

/* The buffer of a block's columns (strata-montecarlo.c). */
typedef struct
{
  double   *data;
  gsize     size;
  gboolean  mapped;
} StrataMcColumns;

/* Room for @n doubles, the last run's buffer when it is large enough;
 * freed, or kept for the next run. */
void _strata_mc_columns_alloc (StrataMcColumns *c,
                               gsize            n);
void _strata_mc_columns_free  (StrataMcColumns *c);

/* The optimum's cost at every draw and volume of a run, and how many
 * draws integrate each layer at each volume: all that a run asks of the
 * optimum, which depends on the dataset's numbers, the objective, the
 * seed, the draws and the volumes, never on the other strategies.  The
 * app runs the Monte Carlo again after every flip of the current
 * strategy: the next run with the same numbers takes these instead of
 * solving the optimum again (strata-montecarlo.c). */
typedef struct
{
  gatomicrefcount  ref_count;
  guint64          key;        /* _strata_mc_dataset_key () */
  StrataObjective  objective;
  guint64          seed;
  guint64          n_runs;
  guint            n_points;
  guint            n_layers;
  double          *cost;       /* [point * n_runs + draw] */
  gint            *integrated; /* [point * n_layers + layer] */
} StrataMcOptimum;

/* A digest of every number and structure a run's optimum reads (the
 * volumes, the layers' options with their ranges, the links): two
 * datasets of the same digest have the same optimum at every draw. */
guint64          _strata_mc_dataset_key     (const StrataDataset *dataset);

/* The optimum kept for these (a new reference), or NULL. */
StrataMcOptimum *_strata_mc_optimum_find    (const StrataDataset *dataset,
                                             StrataObjective      objective,
                                             guint64              seed,
                                             guint64              n_runs,
                                             guint                n_points);
/* A new one for a run to fill, or NULL when it would be too large to
 * keep. */
StrataMcOptimum *_strata_mc_optimum_new     (const StrataDataset *dataset,
                                             StrataObjective      objective,
                                             guint64              seed,
                                             guint64              n_runs,
                                             guint                n_points);
/* Kept for the next runs (the run that filled it ended). */
void             _strata_mc_optimum_keep    (StrataMcOptimum     *memo);
void             _strata_mc_optimum_unref   (StrataMcOptimum     *memo);
/* Tests: whether runs from now on keep and take the optimum (TRUE, the
 * default), and how many runs took one. */
void             _strata_mc_optimum_set_enabled (gboolean         enabled);
guint            _strata_mc_optimum_n_taken  (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StrataMcOptimum, _strata_mc_optimum_unref)

G_END_DECLS

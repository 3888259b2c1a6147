/* strata-breakeven-private.h: the break-even scan's samples, shared by
 * strata-breakeven.c and its bounded scan (strata-breakeven-bound.c)
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "strata/strata-model.h"

#include "strata-model-private.h"

G_BEGIN_DECLS

typedef struct
{
  double volume;
  double d;        /* eff(A) - eff(B) */
  double scale;    /* |eff(A)| + |eff(B)| */
  int    sign;     /* of d, 0 within rounding */
} StrataScanSample;

/* The sample of the difference at @volume, as the scan takes it. */
typedef void (*StrataScanSampleFunc) (gpointer          data,
                                      double            volume,
                                      StrataScanSample *out);

/* The samples the scan over the ascending, distinct @points would walk,
 * without taking each: the difference of @a and @b (both with fixed
 * choices) is bounded over runs of points from each layer's cost parts at
 * the run's ends, and a run whose bounds put every volume in it (not only
 * its points) on one side, beyond rounding, needs only its ends.  Returns
 * the samples at every run's ends, ascending, with every change of sign
 * between neighbouring points of @points; or NULL when the scan must take
 * every point: a dip the scan would search (two crossings between two
 * points) may be there, or bounding took too long. */
GArray *_strata_breakeven_bounded_scan (const StrataDataset  *dataset,
                                        const StrataStrategy *a,
                                        const StrataStrategy *b,
                                        StrataObjective       objective,
                                        const double         *points,
                                        guint                 n_points,
                                        StrataScanSampleFunc  sample,
                                        gpointer              sample_data);

/* The volume of the first crossing of @a and @b that
 * _strata_breakeven_find_with () on the same costs finds (NAN: none),
 * with the scan's log-spaced volumes given (@scan: @n_scan from
 * @values' volume_min to a larger volume_max, strata_log_space ()): the same
 * samples taken in the same order, stopping at the first crossing (the
 * Monte Carlo's break-even per draw, strata-montecarlo.c).  @choices
 * (nullable) gives the optimum's choices at the volume last costed, for
 * an optimal side's floor kinks to be left out where they cannot bend its
 * curve (_strata_kink_may_bend ()). */
double   _strata_breakeven_first_with (const StrataDataset  *values,
                                       const StrataStrategy *a,
                                       const StrataStrategy *b,
                                       StrataObjective       objective,
                                       const double         *scan,
                                       guint                 n_scan,
                                       StrataPairCostFunc    costs,
                                       StrataPairChoicesFunc choices,
                                       gpointer              costs_data);
/* TRUE when one of @a and @b is the optimal preset, the other a fixed
 * strategy, and the optimum's cost stays clear of the fixed one's at
 * every volume of [@volume_min, @volume_max]: the difference keeps one
 * sign, far from a tie, so the break-even of the two finds no crossing
 * there (FALSE: not shown, or not such a pair). */
gboolean _strata_breakeven_optimum_apart (const StrataDataset  *values,
                                          const StrataStrategy *a,
                                          const StrataStrategy *b,
                                          StrataObjective       objective,
                                          double                volume_min,
                                          double                volume_max);
/* Whether _strata_breakeven_optimum_apart () tries at all (TRUE unless
 * set otherwise; tests compare both). */
void     _strata_breakeven_set_apart     (gboolean              apart);
/* How many times it was tried and how many of those showed the optimum
 * apart, since the start (for tests). */
void     _strata_breakeven_apart_counts  (guint                *tried,
                                          guint                *shown);
/* Whether the break-even takes the bounded scan when it can (TRUE unless
 * set otherwise; tests compare both). */
void     _strata_breakeven_set_bounded (gboolean bounded);
gboolean _strata_breakeven_get_bounded (void);
/* How many scans bounds answered in this process. */
guint    _strata_breakeven_bounded_scans (void);
/* Whether an optimal side's floor kinks are taken only where its curve
 * may bend (TRUE unless set otherwise; tests compare both), and how many
 * were left out and taken in this process. */
void     _strata_breakeven_set_kink_filter (gboolean filter);
void     _strata_breakeven_kink_counts     (guint   *skipped,
                                            guint   *taken);

G_END_DECLS

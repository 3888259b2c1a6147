/* strata-uncertainty-private.h
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "strata/strata-horizon.h"
#include "strata/strata-uncertainty.h"

G_BEGIN_DECLS

/*
 * Shared by the files of MODEL.md section 6 (strata-uncertainty.c,
 * strata-montecarlo.c, strata-mc-kernel.c, strata-switchpoints.c).
 */

/* Differences this small relative to the costs are rounding, not "A is
 * cheaper" (the same rule as strata_breakeven()). */
#define STRATA_CHEAPER_TOLERANCE 1e-12

/* Relative precision in V of break-even volumes, and of switch points in
 * the value of a field. */
#define STRATA_VOLUME_PRECISION  1e-9

/* One uncertain number found in a dataset, with where it lives. */
typedef struct
{
  StrataUncertainKind  kind;
  guint                layer;
  guint                option;
  guint                link;
  const char          *field;
  StrataNumber        *number;   /* into the dataset walked */
  double               mode;     /* its value when collected */
} StrataSlot;

GArray *_strata_collect_slots (StrataLayer *layers,
                               guint        n_layers,
                               StrataLink  *links,
                               guint        n_links);

void    _strata_uncertain_fill  (StrataUncertain     *u,
                                 const StrataDataset *dataset,
                                 const StrataSlot    *slot);
void    _strata_uncertain_clear (gpointer             data);

/* A dataset copy whose numbers can be set: a shallow copy of the dataset
 * struct whose layers, options and links arrays are copies of their own.
 * Names, ids and strategies are borrowed from the original, which must
 * outlive it. */
typedef struct
{
  StrataDataset  copy;
  StrataLayer   *layers;     /* (owned) copies, with their options arrays */
  StrataLink    *links;      /* (owned) */
  GArray        *slots;      /* (owned) StrataSlot, pointing into the copies */
  /* With a horizon: a shallow copy of it (its volume list, start and
   * unknown keys borrowed) that copy.horizon points to, and the
   * horizon's uncertain numbers (MODEL.md 8) in draw order: each
   * option's capex then exit_cost (kind OPTION), layers bottom first and
   * options in order, then horizon.discount_rate, horizon.volume.first
   * and horizon.volume.growth (kind HORIZON); NULL without a horizon. */
  StrataHorizon *horizon;    /* (owned) (nullable) */
  GArray        *hslots;     /* (owned) (nullable) StrataSlot */
} StrataSample;

void    _strata_sample_init  (StrataSample        *sample,
                              const StrataDataset *dataset);
void    _strata_sample_clear (StrataSample        *sample);
/* Sets every uncertain number of @sample to draw @draw of @seed; @out,
 * when not NULL, receives the values. */
void    _strata_sample_draw  (StrataSample        *sample,
                              guint64              seed,
                              guint64              draw,
                              double              *out);

/* The three percentiles P10, P50, P90 of @values[0..n-1] (reordered),
 * each equal to strata_percentile() of the same values. */
void    _strata_percentiles3 (double              *values,
                              gsize                n,
                              double              *p10,
                              double              *p50,
                              double              *p90);

/* The same three percentiles as _strata_percentiles3 (), to the last
 * bit, found faster when they are close to a guess: @lo[i] <= @hi[i]
 * bracket where percentile i (10, 50, 90) is expected.  One pass counts
 * the values below each bracket and copies those inside it into
 * @scratch (3 * (@n + 1) doubles); a percentile whose two order
 * statistics both fall inside its bracket is selected among those few,
 * any other from the whole of @values as _strata_percentiles3 () does.
 * Returns how many of the three brackets held their percentile. */
guint   _strata_percentiles3_near (double              *values,
                                   gsize                n,
                                   const double        *lo,
                                   const double        *hi,
                                   double              *scratch,
                                   double              *out);

/* The same three percentiles as _strata_percentiles3 (), to the last
 * bit, into @out: on more than a few thousand values with brackets taken
 * from a sorted subsample and _strata_percentiles3_near () (a few times
 * faster than the full selection).  @scratch: NULL (allocated here) or
 * STRATA_PERCENTILES3_SCRATCH (@n) doubles.  Reorders @values. */
#define STRATA_PERCENTILES3_SCRATCH(n) (3 * ((gsize) (n) + 1) + (gsize) (n) / 16 + 1)
void    _strata_percentiles3_sampled (double              *values,
                                      gsize                n,
                                      double              *scratch,
                                      double              *out);

/* Runs @func (@data, task) for task in [0, @n_tasks) on up to @n_threads
 * threads (the caller's included), each task once. */
typedef void (*StrataTaskFunc) (gpointer data,
                                guint    task);

void    _strata_parallel_for (guint               n_tasks,
                              guint               n_threads,
                              StrataTaskFunc      func,
                              gpointer            data);

/* g_get_num_processors (), asked once: glibc reads it from sysfs at
 * every call (an open, a read and a close: about 0.1 ms of a 4 ms
 * ladder on 16 x 1024). */
guint   _strata_num_processors (void);

G_END_DECLS

/* strata-model.h
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "strata-dataset.h"

G_BEGIN_DECLS

/*
 * The arithmetic of MODEL.md sections 3 to 5.  Every function here is pure
 * and thread-safe for a finished dataset.  A "choices" vector holds one
 * option index per layer (dataset->n_layers entries).
 */

/* What the optimizer, the ladder, break-even, the Monte Carlo and the
 * tornado rank strategies by (MODEL.md section 3). */
typedef enum
{
  STRATA_OBJECTIVE_EFFECTIVE,   /* least effective_unit_cost (the default) */
  STRATA_OBJECTIVE_CASH,        /* least unit_cost: ecosystem value ignored */
} StrataObjective;

#define STRATA_OBJECTIVE_DEFAULT STRATA_OBJECTIVE_EFFECTIVE

/* "effective" or "cash", the --objective and JSON spelling. */
const char *strata_objective_to_string   (StrataObjective  objective);
/* Parses "effective" or "cash"; FALSE for anything else. */
gboolean    strata_objective_from_string (const char      *text,
                                          StrataObjective *objective);
/* The outcome key the objective minimizes: "effective_unit_cost" or
 * "unit_cost". */
const char *strata_objective_cost_key    (StrataObjective  objective);
/* The outcome key of the profit the objective puts first:
 * "effective_unit_profit" or "unit_profit". */
const char *strata_objective_profit_key  (StrataObjective  objective);

/* Outcomes of a strategy at a volume (MODEL.md section 3); the member names
 * are the JSON keys of strata-cli. */
typedef struct
{
  double   unit_cost;
  double   ecosystem_value;
  double   effective_unit_cost;
  double   annual_cost;
  double   supplier_margin;
  double   capital_at_risk;
  double   supplier_share;
  double   latency_ms;
  gboolean has_profit;        /* the dataset has a price */
  double   unit_profit;
  double   annual_profit;
  double   effective_unit_profit;  /* price - effective_unit_cost */
} StrataOutcome;

/* The outcome's cost under @objective: effective_unit_cost or unit_cost. */
double    strata_outcome_cost         (const StrataOutcome *outcome,
                                       StrataObjective      objective);

/* Per-layer breakdown of a strategy at a volume (for the value chain). */
typedef struct
{
  StrataMode mode;
  double     variable;           /* after floor and co-design */
  double     variable_base;      /* after floor, before co-design */
  double     codesign_factor;    /* product of (1 - saving) over active links into it */
  double     fixed_per_unit;     /* fixed_cost / V */
  double     interface_cost;     /* market interface to the layer above (0 for the top) */
  double     supplier_margin;    /* per unit, neutral only */
  double     ecosystem_value;
  double     latency_ms;
  /* MODEL.md 3's shares of the unit cost (0 when unit_cost is 0): the
   * layer's (variable + fixed/V) / unit_cost, and its interface to the
   * layer above, its own entry, interface / unit_cost.  Every layer's two
   * add up to 1. */
  double     share;
  double     interface_share;
} StrataLayerCost;

/* Evaluates @choices at @volume (> 0).  @layers may be NULL, else it
 * receives dataset->n_layers entries. */
void      strata_evaluate             (const StrataDataset *dataset,
                                       const guint         *choices,
                                       double               volume,
                                       StrataOutcome       *outcome,
                                       StrataLayerCost     *layers);

/* effective_unit_cost alone, the fast path for curves and scans. */
double    strata_effective_unit_cost  (const StrataDataset *dataset,
                                       const guint         *choices,
                                       double               volume);

/* The cost @objective ranks by (effective_unit_cost or unit_cost). */
double    strata_objective_unit_cost  (const StrataDataset *dataset,
                                       const guint         *choices,
                                       StrataObjective      objective,
                                       double               volume);

/* The exact optimum at @volume (MODEL.md section 5): fills @choices_out
 * (n_layers entries) and returns its effective_unit_cost.  Ties go to fewer
 * integrated layers, then to earlier options (compared layer by layer,
 * bottom first). */
double    strata_optimize             (const StrataDataset *dataset,
                                       double               volume,
                                       guint               *choices_out);

/* The same for any objective; returns the objective's cost of the optimum. */
double    strata_optimize_full        (const StrataDataset *dataset,
                                       StrataObjective      objective,
                                       double               volume,
                                       guint               *choices_out);

/* Fills @choices_out with the strategy's choices at @volume (resolving the
 * optimal preset); returns @choices_out. */
guint    *strata_strategy_resolve     (const StrataDataset  *dataset,
                                       const StrataStrategy *strategy,
                                       double                volume,
                                       guint                *choices_out);

/* The same, the optimal preset solved for @objective. */
guint    *strata_strategy_resolve_full (const StrataDataset  *dataset,
                                        const StrataStrategy *strategy,
                                        StrataObjective       objective,
                                        double                volume,
                                        guint                *choices_out);

/* effective_unit_cost of any strategy (optimal included) at @volume. */
double    strata_strategy_effective_cost (const StrataDataset  *dataset,
                                          const StrataStrategy *strategy,
                                          double                volume);

/* The cost @objective ranks by of any strategy (optimal solved for
 * @objective) at @volume. */
double    strata_strategy_cost        (const StrataDataset  *dataset,
                                       const StrataStrategy *strategy,
                                       StrataObjective       objective,
                                       double                volume);

/* TRUE when cost @a is cheaper than cost @b beyond the rounding of the
 * two (a tolerance of their magnitudes): how the Monte Carlo counts a
 * draw in which A is cheaper, and the sign the break-even scan reads. */
gboolean  strata_cost_cheaper         (double                a,
                                       double                b);

/* Break-even (MODEL.md section 4). */
typedef struct
{
  double volume;
  guint  cheaper_above;   /* 0: strategy a is cheaper above, 1: strategy b */
} StrataCrossing;

/* A stretch of volumes where the two costs are equal (within rounding). */
typedef struct
{
  double from;
  double to;
} StrataEqualStretch;

typedef enum
{
  STRATA_BREAKEVEN_MIXED,       /* crossings or equal stretches */
  STRATA_BREAKEVEN_A_CHEAPER,   /* a strictly cheaper at every volume */
  STRATA_BREAKEVEN_B_CHEAPER,   /* b strictly cheaper at every volume */
  STRATA_BREAKEVEN_EQUAL,       /* the same cost at every volume */
} StrataBreakevenVerdict;

typedef struct
{
  StrataObjective        objective;
  double                 volume_min;
  double                 volume_max;
  GArray                *crossings;  /* StrataCrossing, ascending */
  GArray                *equal;      /* StrataEqualStretch, ascending */
  StrataBreakevenVerdict verdict;
} StrataBreakeven;

#define STRATA_BREAKEVEN_DEFAULT_SCAN 4096

/* The one break-even routine (MODEL.md section 4).  Over [volume_min,
 * volume_max] (both 0: the dataset's range), every volume where the
 * objective's cost of @a minus that of @b changes sign, and every volume
 * where the two part after an equal stretch, ascending, located to a
 * relative precision of 1e-9 in V, each with the strategy cheaper above
 * it; and the equal stretches.  @n_scan log-spaced samples (0: the
 * default) find the brackets.  NULL only on a programming error. */
StrataBreakeven *strata_breakeven_find (const StrataDataset  *dataset,
                                        const StrataStrategy *a,
                                        const StrataStrategy *b,
                                        StrataObjective       objective,
                                        double                volume_min,
                                        double                volume_max,
                                        guint                 n_scan);
void             strata_breakeven_free (StrataBreakeven      *breakeven);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StrataBreakeven, strata_breakeven_free)

/* Long work (a ladder, a break-even against Optimal on a large dataset)
 * reports how far it is, a fraction in [0, 1] that only grows, from the
 * thread doing it, a few times a second at most. */
typedef void (*StrataProgressFunc) (double   fraction,
                                    gpointer user_data);

/* The objective's cost of strategies (the optimum, and the last few
 * fixed strategies asked) at the volumes asked so far, for one finished
 * (immutable) dataset and objective, remembered: what does not change
 * when a layer of another strategy flips.  Every cost is bit for bit the
 * one strata_strategy_cost () gives.  Thread-safe; refcounted (it holds a
 * reference on @dataset). */
typedef struct _StrataCostMemo StrataCostMemo;

StrataCostMemo *strata_cost_memo_new   (StrataDataset        *dataset,
                                        StrataObjective       objective);
StrataCostMemo *strata_cost_memo_ref   (StrataCostMemo       *memo);
void            strata_cost_memo_unref (StrataCostMemo       *memo);
/* strata_strategy_cost (@strategy at @volume), remembered. */
double          strata_cost_memo_cost  (StrataCostMemo       *memo,
                                        const StrataStrategy *strategy,
                                        double                volume);
/* strata_cost_memo_cost () at each of @n volumes, into @costs_out: the
 * same doubles.  For the optimum, the volumes not known yet are solved in
 * one go, in order of volume, each from the last (a curve of hundreds of
 * optima in a fraction of the time of as many single ones). */
void            strata_cost_memo_costs (StrataCostMemo       *memo,
                                        const StrataStrategy *strategy,
                                        const double         *volumes,
                                        guint                 n,
                                        double               *costs_out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StrataCostMemo, strata_cost_memo_unref)

/* strata_breakeven_find (), the same answer, with both sides' costs
 * taken from and added to @memo (nullable; used only when it is of
 * @dataset and @objective), stopping early when @cancellable is cancelled
 * (NULL and G_IO_ERROR_CANCELLED), reporting @progress (nullable). */
StrataBreakeven *strata_breakeven_find_full (const StrataDataset  *dataset,
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
                                             GError              **error);

/* The crossings of strata_breakeven_find() for the default objective over
 * the dataset's range (never NULL). */
GArray   *strata_breakeven            (const StrataDataset  *dataset,
                                       const StrataStrategy *a,
                                       const StrataStrategy *b);

/* The integration ladder (MODEL.md section 5). */
/* A change of a layer's optimal option: a mode flip (neutral to
 * integrated) or a change of option within one mode. */
typedef struct
{
  guint      layer;
  double     volume;          /* where the optimal option of this layer changes */
  StrataMode from;            /* mode of from_option */
  StrataMode to;              /* mode of to_option */
  guint      from_option;     /* option index below the volume */
  guint      to_option;       /* option index above it */
} StrataFlip;

typedef struct
{
  StrataObjective objective;
  guint    n_points;
  guint    n_layers;
  double  *volumes;        /* n_points, log-spaced over [min, max] */
  guint   *choices;        /* n_points * n_layers, row per volume */
  double  *costs;          /* n_points: the objective's cost of the optimum */
  StrataFlip *flips;       /* ascending by volume */
  guint    n_flips;
} StrataLadder;

/* The ladder for the default objective. */
StrataLadder *strata_ladder_new       (const StrataDataset *dataset,
                                       guint                n_points);
StrataLadder *strata_ladder_new_full  (const StrataDataset *dataset,
                                       StrataObjective      objective,
                                       guint                n_points);
/* strata_ladder_new_full (), stopping early when @cancellable is
 * cancelled (NULL and G_IO_ERROR_CANCELLED), reporting @progress
 * (nullable). */
StrataLadder *strata_ladder_new_cancellable (const StrataDataset *dataset,
                                             StrataObjective      objective,
                                             guint                n_points,
                                             GCancellable        *cancellable,
                                             StrataProgressFunc   progress,
                                             gpointer             progress_data,
                                             GError             **error);
void          strata_ladder_free      (StrataLadder        *ladder);

/* Log-spaced grid: volumes[i] = min * (max/min)^(i/(n-1)); n >= 2. */
void      strata_log_space            (double               min,
                                       double               max,
                                       guint                n,
                                       double              *out);

/* Orders two doubles ascending: a GCompareFunc for g_array_sort () and
 * qsort () over volumes and costs. */
int       strata_compare_doubles      (gconstpointer        a,
                                       gconstpointer        b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StrataLadder, strata_ladder_free)

G_END_DECLS

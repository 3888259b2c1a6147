/* strata-uncertainty.h
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "strata-dataset.h"
#include "strata-model.h"

G_BEGIN_DECLS

/*
 * Uncertainty (MODEL.md section 6): Monte Carlo over the dataset's
 * uncertain numbers and the tornado of one strategy at one volume.
 *
 * An uncertain number is a StrataNumber with uncertain == TRUE: a numeric
 * option field or a link saving given as {value, low, high}.  It follows a
 * triangular distribution on [low, high] whose mode is value.  Plain
 * numbers stay fixed.  All the arithmetic is strata-model's, run on a
 * copy of the dataset whose numbers hold the draw.
 *
 * Everything here is pure and runs in the caller's thread; a finished
 * dataset may be shared with a worker thread that runs it.
 */

/* -- random numbers --------------------------------------------------------- */

/* xoshiro256** 1.0 (Blackman and Vigna), seeded through splitmix64, so the
 * same seed gives the same numbers on every machine and every GLib. */
typedef struct
{
  guint64 s[4];
} StrataRng;

/* One step of splitmix64: advances *@state and returns the next output. */
guint64   strata_splitmix64              (guint64   *state);

void      strata_rng_init                (StrataRng *rng,
                                          guint64    seed);
guint64   strata_rng_next                (StrataRng *rng);
/* Uniform in [0, 1) with 53 random bits. */
double    strata_rng_next_double         (StrataRng *rng);

/* The generator of Monte Carlo draw @draw under @seed: every draw has its
 * own stream, so a draw's numbers do not depend on how many draws run. */
void      strata_rng_init_draw           (StrataRng *rng,
                                          guint64    seed,
                                          guint64    draw);

/* Inverse CDF of the triangular distribution on [@low, @high] with mode
 * @mode at @u in [0, 1]; returns @mode when low == high. */
double    strata_triangular_inverse      (double     low,
                                          double     mode,
                                          double     high,
                                          double     u);

/* The @p-th quantile (0 <= p <= 1) of @values by linear interpolation
 * between order statistics (Hyndman and Fan type 7, as R's default and
 * numpy's "linear"): with the values sorted x[0] <= ... <= x[n-1] and
 * h = (n - 1) p, it is x[floor h] + (h - floor h) (x[floor h + 1] - x[floor h]).
 * Reorders @values in place (a selection, O(n)); NaNs must not be present.
 * Returns NAN when @n is 0. */
double    strata_percentile              (double    *values,
                                          gsize      n,
                                          double     p);

/* -- the uncertain numbers of a dataset -------------------------------------- */

typedef enum
{
  STRATA_UNCERTAIN_OPTION,   /* a field of layers[layer].options[option] */
  STRATA_UNCERTAIN_LINK,     /* the saving of links[link] */
  STRATA_UNCERTAIN_HORIZON,  /* a number of the horizon (MODEL.md 8): field
                              * "discount_rate", "volume.first" or "volume.growth" */
} StrataUncertainKind;

typedef struct
{
  StrataUncertainKind  kind;
  guint                layer;    /* option: its layer */
  guint                option;   /* option: its index in the layer */
  guint                link;     /* link: its index */
  const char          *field;    /* (static) JSON key: "learning_rate", "saving", ... */
  char                *path;     /* JSON path: "layers[0].options[1].learning_rate",
                                  * "horizon.volume.growth" */
  char                *label;    /* "Chips / In-house accelerator: learning_rate",
                                  * "Link Chips → Models: saving",
                                  * "Horizon: volume.growth" */
  double               value;
  double               low;
  double               high;
} StrataUncertain;

/* Every uncertain number of @dataset in draw order: layers bottom first,
 * their options in order, each option's fields in the order supplier_cost
 * or price, margin, unit_cost, learning_rate, reference_volume, floor_cost,
 * fixed_cost, ecosystem_value, latency_ms; then the links in order.
 * Returns a GArray of StrataUncertain (never NULL; its strings are freed
 * with it). */
GArray   *strata_uncertain_list          (const StrataDataset *dataset);

/* -- Monte Carlo ------------------------------------------------------------- */

#define STRATA_MONTE_CARLO_MAX_DRAWS    1000000
#define STRATA_MONTE_CARLO_MAX_POINTS   1000
/* Bounds on one run's memory (strategies x draws costs kept at once) and
 * work (draws x volumes x (strategies + 2) evaluations). */
#define STRATA_MONTE_CARLO_MAX_CELLS      (G_GUINT64_CONSTANT (1) << 25)
#define STRATA_MONTE_CARLO_MAX_WORK       G_GUINT64_CONSTANT (4000000000)
#define STRATA_MONTE_CARLO_DEFAULT_DRAWS  1000
#define STRATA_MONTE_CARLO_DEFAULT_POINTS 32

typedef struct _StrataMonteCarlo StrataMonteCarlo;

/* Called in the thread that runs the simulation: @fraction of the work is
 * done; @estimate, when not NULL, is a first estimate (the same figures a
 * run of params->first_estimate draws gives), valid during the call. */
typedef void (*StrataMonteCarloProgress) (const StrataMonteCarlo *estimate,
                                          double                  fraction,
                                          gpointer                user_data);


typedef struct
{
  guint                         n_draws;      /* 1 .. STRATA_MONTE_CARLO_MAX_DRAWS */
  guint64                       seed;
  guint                         n_points;     /* 2 .. STRATA_MONTE_CARLO_MAX_POINTS */
  const StrataStrategy *const  *strategies;   /* (array length=n_strategies) (nullable) borrowed */
  guint                         n_strategies; /* 0: every strategy of the dataset */
  const StrataStrategy         *a;            /* the pair compared: A ... */
  const StrataStrategy         *b;            /* ... against B */
  StrataObjective             objective;
  guint                         n_threads;    /* 0: one per processor; the figures never depend on it */
  guint                         first_estimate; /* draws of a first estimate (0: none) */
  StrataMonteCarloProgress      progress;     /* (nullable) */
  gpointer                      progress_data;
} StrataMonteCarloParams;

/* Fills @params with the defaults for @dataset: 1000 draws, seed 1, 32
 * volumes, no strategy list (strategies NULL, n_strategies 0: the run then
 * takes every preset and dataset strategy, in dataset order), A =
 * all-neutral, B = the dataset's first own strategy (all-integrated when
 * it has none). */
void      strata_monte_carlo_params_init (StrataMonteCarloParams *params,
                                          const StrataDataset    *dataset);

struct _StrataMonteCarlo
{
  guint     n_draws;
  guint64   seed;
  guint     n_points;
  guint     n_strategies;
  guint     n_uncertain;      /* uncertain numbers drawn per draw */

  double   *volumes;          /* n_points, log-spaced over [volume.min, volume.max] */

  /* Percentiles of the objective's cost (effective_unit_cost, or
   * unit_cost under the cash objective) over the draws, row per strategy
   * (in the order of the params): [s * n_points + i]. */
  double   *p10;
  double   *p50;
  double   *p90;

  /* Share of draws in which A's cost is below B's by more
   * than rounding (1e-12 of their magnitudes), per volume. */
  double   *probability_a_cheaper;   /* n_points */

  /* The first break-even volume of A and B (as strata_breakeven(), on a scan) in each
   * draw: percentiles over the draws that have one (NAN when none has),
   * and the share of draws without any. */
  guint     n_crossing_draws;
  double    breakeven_p10;
  double    breakeven_p50;
  double    breakeven_p90;
  double    no_crossing_share;

  StrataObjective objective;

  /* P(A strictly cheaper than strategy s) per volume: [s * n_points + i]
   * (0 on A's own row). */
  double   *probability_cheaper;

  /* Per volume, the share of draws in which the optimum integrates each
   * layer: [i * n_layers + layer]. */
  guint     n_layers;
  double   *layer_integrated;

  /* The first break-even volume of every draw that has one, ascending
   * (n_crossing_draws of them; for histograms). */
  double   *breakeven_volumes;

  /* Which strategies the rows are (n_strategies ids, NULL-terminated)
   * and which are A and B: copies, so a result can be drawn by id
   * (strata-chart.h) after its dataset has gone. */
  char    **strategy_ids;
  char     *a_id;
  char     *b_id;
};

/* Runs the simulation on params->n_threads threads (the caller's among
 * them; it returns when done).  Draw d takes the numbers of
 * strata_rng_init_draw (seed, d) in the order of strata_uncertain_list(),
 * one uniform each, through strata_triangular_inverse(); every strategy,
 * A, B and the optimum are evaluated on the same draws (common random
 * numbers), and every figure depends only on the seed and the draws, never
 * on the number of threads.  "optimal" is solved again in every draw.
 * The first break-even of a draw is the first crossing that the one
 * break-even routine (strata_breakeven_find (), MODEL.md section 4) finds
 * on the draw with a scan of 256 volumes: a change of sign of
 * cost(A) - cost(B), or where the two part after an equal stretch,
 * located to 1e-9 relative.  Costs are those of the
 * objective: effective_unit_cost, or unit_cost under STRATA_OBJECTIVE_CASH.  Returns NULL and sets @error for bad
 * parameters (G_IO_ERROR_INVALID_ARGUMENT) or when @cancellable is
 * cancelled (G_IO_ERROR_CANCELLED). */
StrataMonteCarlo *strata_monte_carlo_run  (const StrataDataset          *dataset,
                                           const StrataMonteCarloParams *params,
                                           GCancellable                 *cancellable,
                                           GError                      **error);
void              strata_monte_carlo_free (StrataMonteCarlo             *result);
/* The checks strata_monte_carlo_run () makes before it starts (the
 * number of draws and volumes, the strategies, the size of the run):
 * FALSE with the same G_IO_ERROR_INVALID_ARGUMENT error when it would
 * refuse @params. */
gboolean          strata_monte_carlo_check (const StrataDataset          *dataset,
                                            const StrataMonteCarloParams *params,
                                            GError                      **error);

/* Writes into @out (n_uncertain entries, in the order of
 * strata_uncertain_list()) the numbers of draw @draw. */
void      strata_monte_carlo_draw        (const StrataDataset *dataset,
                                          guint64              seed,
                                          guint64              draw,
                                          double              *out);

/* -- tornado ----------------------------------------------------------------- */

/* Why a number moves nothing (MODEL.md section 6), exactly. */
typedef enum
{
  STRATA_TORNADO_MOVES = 0,        /* it moves the outcome */
  STRATA_TORNADO_NOT_CHOSEN,       /* its option is not chosen (by the strategy, or by A or B) */
  STRATA_TORNADO_LINK_INACTIVE,    /* its link is not active: an end runs neutral */
  STRATA_TORNADO_FLOOR_BINDS,      /* a floor binds across its whole range */
  STRATA_TORNADO_LATENCY_ONLY,     /* it only affects latency */
  STRATA_TORNADO_MARGIN_ONLY,      /* a margin on a given price: it moves the supplier's margin only */
  STRATA_TORNADO_SAME_IN_BOTH,     /* the gap: A and B both pay it, equally */
  STRATA_TORNADO_NO_BREAKEVEN,     /* no break-even in range at its low, value or high */
  STRATA_TORNADO_NOT_COUNTED,      /* ecosystem value, which the cash objective ignores */
  STRATA_TORNADO_TOO_SMALL,        /* it moves the outcome by less than 1e-9 of it */
  STRATA_TORNADO_NOT_SWITCHED,     /* savings_npv: a capex or exit cost of an option
                                    * that adopting the strategy neither adopts nor leaves */
} StrataTornadoReason;

#define STRATA_TORNADO_LAST_REASON STRATA_TORNADO_NOT_SWITCHED

/* A few words: "its option is not chosen", "a floor binds across its
 * whole range", ...; and the shortest form ("not chosen", "floor binds"). */
const char *strata_tornado_reason_text  (StrataTornadoReason reason);
const char *strata_tornado_reason_short (StrataTornadoReason reason);

/* The outcome a tornado swings (MODEL.md section 6). */
typedef enum
{
  STRATA_TORNADO_COST = 0,    /* the objective's cost of one strategy at V (the default) */
  STRATA_TORNADO_GAP,         /* cost(A) - cost(B) at V */
  STRATA_TORNADO_BREAKEVEN,   /* the first break-even volume of A and B (NAN: none) */
  STRATA_TORNADO_SAVINGS,     /* savings_npv of adopting one strategy now against the
                               * horizon's start plan (MODEL.md 8; the dataset must
                               * have a horizon): volume ignored */
} StrataTornadoOutcome;

/* The MODEL.md key of an outcome's figure ("effective_unit_cost" or
 * "unit_cost" by objective for COST and GAP, "breakeven_volume",
 * "savings_npv"), and a few words for people ("effective unit cost",
 * "savings NPV of adopting it now", ...). */
const char *strata_tornado_outcome_key  (StrataTornadoOutcome outcome,
                                         StrataObjective      objective);
/* "cost" (the default), "gap", "breakeven", "savings_npv": the names of
 * the CLI's --outcome; parses the same. */
const char *strata_tornado_outcome_to_string   (StrataTornadoOutcome  outcome);
gboolean    strata_tornado_outcome_from_string (const char           *text,
                                                StrataTornadoOutcome *outcome);

typedef struct
{
  StrataTornadoOutcome  outcome;
  const StrataStrategy *strategy;   /* COST, SAVINGS */
  const StrataStrategy *a;          /* GAP, BREAKEVEN */
  const StrataStrategy *b;
  double                volume;     /* COST, GAP: > 0 */
  StrataObjective     objective;
} StrataTornadoParams;

typedef struct
{
  StrataUncertain number;        /* which number, with its low, value, high */
  double          base;          /* outcome with every number at its value */
  double          outcome_low;   /* with this number at low, the others at value */
  double          outcome_high;  /* with this number at high */
  double          swing;         /* |outcome_high - outcome_low| (0 when NaN; infinite
                                  * when a break-even appears at one end only) */
  StrataTornadoReason reason;    /* STRATA_TORNADO_MOVES, or why it moves nothing */
} StrataTornadoEntry;

/* The effective unit cost of @strategy at @volume (> 0) with each
 * uncertain number in turn at its low and at its high while all others
 * stay at value; "optimal" is solved again for each.  Sorted by swing,
 * largest first (ties in the order of strata_uncertain_list()).  Returns a
 * GArray of StrataTornadoEntry (never NULL, empty when the dataset has no
 * uncertain numbers; its strings are freed with it). */
GArray   *strata_tornado                 (const StrataDataset  *dataset,
                                          const StrataStrategy *strategy,
                                          double                volume);

/* The same for the outcome of @params; NULL for a missing strategy, and
 * for SAVINGS when the dataset has no horizon or the strategy cannot be
 * adopted now (an option whose build years overrun the horizon).
 *
 * SAVINGS swings section 6's uncertain numbers and the horizon's own
 * (MODEL.md 8, in the draw order of strata-roadmap-mc.h): each option's
 * capex and exit_cost, then horizon.discount_rate, horizon.volume.first
 * and horizon.volume.growth, each at its low and high with all others at
 * value; the strategy and the start plan are resolved again at the first
 * year's volume each time, as strata_plan_adopt_now () does.  Integers
 * (build_years, years) and plain numbers have no low and high: the
 * switch points (strata-switchpoints.h) cover those. */
GArray   *strata_tornado_full            (const StrataDataset       *dataset,
                                          const StrataTornadoParams *params);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StrataMonteCarlo, strata_monte_carlo_free)

G_END_DECLS

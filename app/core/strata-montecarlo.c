/* strata-montecarlo.c
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

#include "strata-breakeven-private.h"
#include "strata-mc-kernel-private.h"
#include "strata-mc-kept-private.h"
#include "strata-model-private.h"
#include "strata-uncertainty-private.h"

/*
 * The Monte Carlo of MODEL.md section 6.
 *
 * The volumes are taken in blocks small enough that the costs of every
 * draw at every volume of a block fit in memory (columns of n_draws per
 * strategy and volume).  Within a block the draws are split into tasks of
 * DRAWS_PER_TASK consecutive draws that any thread may take; a task draws
 * each of its draws' numbers once, then evaluates every volume of the
 * block with the compiled model (strata-mc-kernel.c).  Every figure is a
 * function of whole columns (percentiles) or an integer count, so the
 * result does not depend on which thread ran which task.
 */

#define DRAWS_PER_TASK    64
#define BLOCK_BYTES       ((gsize) 48 << 20)
#define BREAKEVEN_SCAN    256

typedef struct
{
  const StrataDataset          *dataset;
  const StrataMonteCarloParams *params;
  const StrataStrategy *const  *strategies;
  guint                         n_strategies;
  guint                         n_cols;     /* strategies, then A and/or B when not among them */
  guint                         col_a, col_b;
  StrataKernel                 *kernel;
  guint                         n_layers;
  GCancellable                 *cancellable;
  gint                          cancelled;  /* atomic */

  guint64                       n_runs;
  guint                         n_points;
  const double                 *volumes;
  /* the break-even routine's scan, and A and B compiled on it */
  const double                 *scan;
  guint                         n_scan;
  StrataKernel                 *scan_kernel;

  /* the block under way */
  guint                         p0, n_block;
  double                       *columns;    /* (col * n_block + b) * n_runs + d */

  gint                         *cheaper;    /* n_strategies * n_points: A cheaper than s */
  gint                         *integrated; /* n_points * n_layers */
  guint                        *option_base; /* n_layers: where each layer's options start in */
  guint8                       *option_integ; /* 1 for each option that runs integrated */
  double                       *firsts;     /* n_runs, NAN: none */
  /* the first block's tasks find the break-evens: the scan is the grid,
   * A and B among the strategies */
  gboolean                      breakeven_in_pass;
  /* the optimum of an earlier run with the same numbers (opt_have: the
   * kernel then costs the fixed strategies alone, column kcol[c] of
   * run column c, G_MAXUINT for an optimal one), or one this run fills
   * (opt_fill) */
  StrataMcOptimum              *opt_have;
  StrataMcOptimum              *opt_fill;
  guint                        *kcol;
  guint                         n_kcols;
} Run;

void
strata_monte_carlo_params_init (StrataMonteCarloParams *params,
                                const StrataDataset    *dataset)
{
  const StrataStrategy *b = NULL;

  g_return_if_fail (params != NULL);
  g_return_if_fail (dataset != NULL);

  memset (params, 0, sizeof *params);
  params->n_draws = STRATA_MONTE_CARLO_DEFAULT_DRAWS;
  params->seed = 1;
  params->n_points = STRATA_MONTE_CARLO_DEFAULT_POINTS;

  /* No list: every preset and dataset strategy (strata_monte_carlo_run). */
  params->strategies = NULL;
  params->n_strategies = 0;

  params->a = strata_dataset_find_strategy (dataset, STRATA_STRATEGY_ALL_NEUTRAL);
  for (guint i = 0; i < dataset->n_strategies && b == NULL; i++)
    if (!dataset->strategies[i].preset)
      b = &dataset->strategies[i];
  if (b == NULL)
    b = strata_dataset_find_strategy (dataset, STRATA_STRATEGY_ALL_INTEGRATED);
  params->b = b;
}

void
strata_monte_carlo_free (StrataMonteCarlo *result)
{
  if (result == NULL)
    return;

  g_free (result->volumes);
  g_free (result->p10);
  g_free (result->p50);
  g_free (result->p90);
  g_free (result->probability_a_cheaper);
  g_free (result->probability_cheaper);
  g_free (result->layer_integrated);
  g_free (result->breakeven_volumes);
  g_strfreev (result->strategy_ids);
  g_free (result->a_id);
  g_free (result->b_id);
  g_free (result);
}

static gboolean
check_params (const StrataDataset          *dataset,
              const StrataMonteCarloParams *params,
              GError                      **error)
{
  if (params->n_draws < 1 || params->n_draws > STRATA_MONTE_CARLO_MAX_DRAWS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "the number of draws must be from 1 to %u, not %u",
                   STRATA_MONTE_CARLO_MAX_DRAWS, params->n_draws);
      return FALSE;
    }
  if (params->n_points < 2 || params->n_points > STRATA_MONTE_CARLO_MAX_POINTS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "the number of volumes must be from 2 to %u, not %u",
                   STRATA_MONTE_CARLO_MAX_POINTS, params->n_points);
      return FALSE;
    }
  if (params->n_strategies > 0 && params->strategies == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "the list of strategies is missing");
      return FALSE;
    }
  for (guint s = 0; s < params->n_strategies; s++)
    if (params->strategies[s] == NULL)
      {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                     "strategy %u is missing", s);
        return FALSE;
      }
  if (params->a == NULL || params->b == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "the strategies A and B to compare are missing");
      return FALSE;
    }
  if (dataset->n_layers == 0 || !(dataset->volume_min > 0) ||
      !(dataset->volume_max >= dataset->volume_min) || !isfinite (dataset->volume_max))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "the dataset has no layers or no usable volume range");
      return FALSE;
    }
  return TRUE;
}

/* strata_cost_cheaper (), inline in the draws' loop. */
static inline gboolean
a_cheaper (double a,
           double b)
{
  return isfinite (a) && isfinite (b) &&
         a < b - STRATA_CHEAPER_TOLERANCE * (fabs (a) + fabs (b));
}

/* The costs of A and B on a draw for the break-even routine: at the
 * points of its scan (which it visits first, in order) along the grid,
 * elsewhere directly.  The first @n_tile points of the scan may come
 * from the main pass (block_task ()), which costs them on the same grid
 * with the same products of Wright's law, so to the same bits. */
typedef struct
{
  StrataKernel      *kernel;   /* [A, B] */
  StrataKernelState *st;
  const double      *grid;
  guint              n_grid;
  guint              next;
  double             costs[2];
  const double      *tile_a;   /* the main pass's costs of A and B at */
  const double      *tile_b;   /* point j: tile_a[j * DRAWS_PER_TASK] */
  guint              n_tile;
  gint64             solved;   /* the volume of the last costs: costed by the
                                * kernel (-1), from the main pass (grid point),
                                * none yet in this draw (-2) */
} PairCosts;

static void
pair_costs (gpointer  data,
            double    volume,
            double   *cost_a,
            double   *cost_b)
{
  PairCosts *pc = data;

  while (pc->next < pc->n_grid && pc->grid[pc->next] < volume)
    pc->next++;
  if (pc->next < pc->n_tile && pc->grid[pc->next] == volume)
    {
      *cost_a = pc->tile_a[(gsize) pc->next * DRAWS_PER_TASK];
      *cost_b = pc->tile_b[(gsize) pc->next * DRAWS_PER_TASK];
      pc->solved = pc->next++;
      return;
    }
  if (pc->next < pc->n_grid && pc->grid[pc->next] == volume)
    {
      /* Wright's law chained as if every point before had been costed. */
      _strata_kernel_chain_to (pc->kernel, pc->st, pc->next);
      _strata_kernel_at_point (pc->kernel, pc->st, pc->next++, NULL, pc->costs, NULL);
    }
  else
    _strata_kernel_at (pc->kernel, pc->st, volume, NULL, pc->costs, NULL);
  pc->solved = -1;
  *cost_a = pc->costs[0];
  *cost_b = pc->costs[1];
}

/* The optimum's choices at the volume last costed (when a side is
 * optimal, the kernel solves it at every volume it costs), for the
 * break-even's kink filter.  Costs from the main pass: solved at that
 * grid point now, as the kernel would have, so that the kinks taken and
 * the answers are those of the walk on the kernel's own costs. */
static const guint *
pair_choices (gpointer data)
{
  PairCosts *pc = data;

  if (pc->solved == -2)
    return NULL;
  if (pc->solved >= 0)
    {
      guint point = (guint) pc->solved;

      _strata_kernel_chain_to (pc->kernel, pc->st, point);
      _strata_kernel_at_point (pc->kernel, pc->st, point, NULL, pc->costs, NULL);
      pc->solved = -1;
    }
  return _strata_kernel_state_choices (pc->st);
}

/* The first break-even of draw @d (@sample): the first crossing of the
 * one break-even routine (strata-breakeven.c) run on the draw. */
static void
breakeven_draw (Run          *run,
                StrataSample *sample,
                PairCosts    *pc,
                guint64       d)
{
  const StrataStrategy *a = run->params->a, *b = run->params->b;
  const StrataDataset *values = &sample->copy;

  _strata_kernel_load (run->scan_kernel, pc->st, values);
  pc->next = 0;
  pc->solved = -2;

  if (!(values->volume_max > values->volume_min))
    {
      g_autoptr(StrataBreakeven) found =
        _strata_breakeven_find_with (values, a, b, run->params->objective, 0, 0, run->n_scan,
                                     pair_costs, pc);

      run->firsts[d] = found->crossings->len > 0
                       ? g_array_index (found->crossings, StrataCrossing, 0).volume : NAN;
      return;
    }
  /* Only the first crossing: the scan stops there; none when the
   * optimum stays clear of the other side over the scan and the range
   * (its walk reads nothing outside them).  That is shown with a few
   * optima of the model's search: tried only where the kernel's optimum
   * is that search too (the walk's 260 optima a draw of a 120 x 41 stack
   * took 27 ms); from the patterns it listed, the walk is cheaper (the
   * samples' Monte Carlo of Optimal against All neutral took 10 to 35 %
   * longer with it). */
  if (_strata_kernel_is_fallback (run->scan_kernel) &&
      _strata_breakeven_optimum_apart (values, a, b, run->params->objective,
                                       MIN (run->scan[0], values->volume_min),
                                       MAX (run->scan[run->n_scan - 1], values->volume_max)))
    run->firsts[d] = NAN;
  else
    run->firsts[d] = _strata_breakeven_first_with (values, a, b, run->params->objective, run->scan,
                                                   run->n_scan, pair_costs, pair_choices, pc);
}

/* The first break-even of each draw of the task (when the main pass did
 * not find them). */
static void
breakeven_task (gpointer data,
                guint    task)
{
  Run *run = data;
  guint64 d0 = (guint64) task * DRAWS_PER_TASK;
  guint64 d1 = MIN (d0 + DRAWS_PER_TASK, run->n_runs);
  PairCosts pc = { run->scan_kernel, NULL, run->scan, run->n_scan, 0, { 0, 0 }, NULL, NULL, 0, -2 };
  StrataSample sample;

  if (g_atomic_int_get (&run->cancelled))
    return;
  pc.st = _strata_kernel_state_new (run->scan_kernel);
  _strata_sample_init (&sample, run->dataset);

  for (guint64 d = d0; d < d1; d++)
    {
      _strata_sample_draw (&sample, run->params->seed, d, NULL);
      breakeven_draw (run, &sample, &pc, d);
    }

  _strata_sample_clear (&sample);
  _strata_kernel_state_free (pc.st);
}

static void
block_task (gpointer data,
            guint    task)
{
  Run *run = data;
  guint64 d0 = (guint64) task * DRAWS_PER_TASK;
  guint64 d1 = MIN (d0 + DRAWS_PER_TASK, run->n_runs);
  guint n_cols = run->n_cols, n_block = run->n_block, nl = run->n_layers;
  g_autofree double *costs = g_new (double, n_cols);
  g_autofree guint *optimal = g_new (guint, MAX (nl, 1));
  g_autofree gint *cheaper = g_new0 (gint, (gsize) run->n_strategies * n_block);
  g_autofree gint *integrated = g_new0 (gint, (gsize) n_block * MAX (nl, 1));
  /* The task's costs, copied into the columns a row of draws at a time. */
  g_autofree double *tile = g_new (double, (gsize) run->n_strategies * n_block * DRAWS_PER_TASK);
  g_autofree double *kcosts = run->opt_have != NULL ? g_new (double, run->n_kcols) : NULL;
  guint n_tile = (guint) (d1 - d0);
  StrataKernelState *st;
  StrataSample sample;
  PairCosts pc = { run->scan_kernel, NULL, run->scan, run->n_scan, 0, { 0, 0 }, NULL, NULL, 0, -2 };

  if (g_atomic_int_get (&run->cancelled))
    return;
  if (run->cancellable != NULL && g_cancellable_is_cancelled (run->cancellable))
    {
      g_atomic_int_set (&run->cancelled, 1);
      return;
    }

  st = _strata_kernel_state_new (run->kernel);
  _strata_sample_init (&sample, run->dataset);
  if (run->breakeven_in_pass && run->p0 == 0)
    {
      pc.st = _strata_kernel_state_new (run->scan_kernel);
      pc.n_tile = n_block;
    }

  for (guint64 d = d0; d < d1; d++)
    {
      _strata_sample_draw (&sample, run->params->seed, d, NULL);
      _strata_kernel_load (run->kernel, st, &sample.copy);

      for (guint b = 0; b < n_block; b++)
        {
          gsize cell = (gsize) (run->p0 + b) * run->n_runs + d;

          if (run->opt_have != NULL)
            {
              /* The fixed strategies' costs; the optimum's kept. */
              _strata_kernel_at_point (run->kernel, st, run->p0 + b, NULL, kcosts, NULL);
              for (guint c = 0; c < n_cols; c++)
                costs[c] = run->kcol[c] != G_MAXUINT ? kcosts[run->kcol[c]] : run->opt_have->cost[cell];
            }
          else
            {
              double opt = _strata_kernel_at_point (run->kernel, st, run->p0 + b, NULL, costs, optimal);

              if (run->opt_fill != NULL)
                run->opt_fill->cost[cell] = opt;
              for (guint l = 0; l < nl; l++)
                integrated[(gsize) b * nl + l] += run->option_integ[run->option_base[l] + optimal[l]];
            }
          for (guint s = 0; s < run->n_strategies; s++)
            {
              tile[((gsize) s * n_block + b) * DRAWS_PER_TASK + (d - d0)] = costs[s];
              if (a_cheaper (costs[run->col_a], costs[s]))
                cheaper[(gsize) s * n_block + b]++;
            }
        }
      if (pc.st != NULL)
        {
          /* The break-even of the draw, its first points from the tile. */
          pc.tile_a = &tile[(gsize) run->col_a * n_block * DRAWS_PER_TASK + (d - d0)];
          pc.tile_b = &tile[(gsize) run->col_b * n_block * DRAWS_PER_TASK + (d - d0)];
          breakeven_draw (run, &sample, &pc, d);
        }
    }
  if (pc.st != NULL)
    _strata_kernel_state_free (pc.st);

  for (gsize c = 0; c < (gsize) run->n_strategies * n_block; c++)
    memcpy (&run->columns[c * run->n_runs + d0], &tile[c * DRAWS_PER_TASK],
            sizeof (double) * n_tile);

  /* Integer sums: the same whatever the order the tasks finish in. */
  for (guint s = 0; s < run->n_strategies; s++)
    for (guint b = 0; b < n_block; b++)
      if (cheaper[(gsize) s * n_block + b] != 0)
        g_atomic_int_add (&run->cheaper[(gsize) s * run->n_points + run->p0 + b],
                          cheaper[(gsize) s * n_block + b]);
  for (gsize i = 0; i < (gsize) n_block * nl; i++)
    if (integrated[i] != 0)
      g_atomic_int_add (&run->integrated[(gsize) run->p0 * nl + i], integrated[i]);

  _strata_sample_clear (&sample);
  _strata_kernel_state_free (st);
}

typedef struct
{
  Run              *run;
  StrataMonteCarlo *result;
} PercentileJob;

/* Percentile tasks take PERCENTILE_RUN consecutive volumes of one
 * strategy: from the third volume on, each percentile is looked for near
 * the straight line through the two before it (the columns of
 * neighbouring volumes differ little), which finds the same figures as a
 * selection over the whole column in about a third of the time. */
#define PERCENTILE_RUN 32
static void
percentile_task (gpointer data,
                 guint    task)
{
  PercentileJob *job = data;
  Run *run = job->run;
  guint runs_per_strategy = (run->n_block + PERCENTILE_RUN - 1) / PERCENTILE_RUN;
  guint s = task / runs_per_strategy;
  guint b0 = (task % runs_per_strategy) * PERCENTILE_RUN;
  guint b1 = MIN (b0 + PERCENTILE_RUN, run->n_block);
  g_autofree double *scratch = g_new (double, STRATA_PERCENTILES3_SCRATCH (run->n_runs));
  double prev[2][3];
  double widen = 1.0;

  for (guint b = b0; b < b1; b++)
    {
      gsize out = (gsize) s * run->n_points + run->p0 + b;
      double *column = &run->columns[((gsize) s * run->n_block + b) * run->n_runs];
      double q[3];
      gsize m = 0;

      /* Only finite figures have percentiles (as before: absurd figures at
       * an extreme volume drop out). */
      for (gsize i = 0; i < run->n_runs; i++)
        if (isfinite (column[i]))
          column[m++] = column[i];

      if (b < b0 + 2)
        /* No neighbours yet: brackets from a subsample. */
        _strata_percentiles3_sampled (column, m, scratch, q);
      else if (m > 64)
        {
          double lo[3], hi[3];
          double spread = fabs (prev[1][2] - prev[1][0]);

          for (guint i = 0; i < 3; i++)
            {
              double guess = 2.0 * prev[1][i] - prev[0][i];
              double step = fabs (prev[1][i] - prev[0][i]);
              /* A quarter of the last step, and a share of the spread
               * that shrinks as the draws grow (the percentiles' noise
               * from volume to volume): windows of 3-5 % of the column
               * at 10,000 draws (8 % before), about 1 miss in 500. */
              double half = widen * (0.25 * step + 0.2 / sqrt ((double) m) * spread) +
                            1e-12 * fabs (guess);

              lo[i] = guess - half;
              hi[i] = guess + half;
            }
          if (_strata_percentiles3_near (column, m, lo, hi, scratch, q) < 3)
            widen = MIN (widen * 2.0, 64.0);
          else
            widen = MAX (widen * 0.75, 1.0);
        }
      else
        _strata_percentiles3 (column, m, &q[0], &q[1], &q[2]);
      job->result->p10[out] = q[0];
      job->result->p50[out] = q[1];
      job->result->p90[out] = q[2];
      memcpy (prev[0], prev[1], sizeof prev[1]);
      memcpy (prev[1], q, sizeof q);
    }
}

static guint
thread_count (const StrataMonteCarloParams *params)
{
  guint n = params->n_threads;

  if (n == 0)
    n = (guint) MAX (_strata_num_processors (), 1);
  return MIN (n, 64);
}

static void
finish_breakeven (Run              *run,
                  StrataMonteCarlo *result)
{
  g_autofree double *finite = g_new (double, MAX (run->n_runs, 1));
  guint64 n = 0;

  for (guint64 d = 0; d < run->n_runs; d++)
    if (isfinite (run->firsts[d]))
      finite[n++] = run->firsts[d];

  qsort (finite, n, sizeof (double), strata_compare_doubles);
  result->breakeven_volumes = g_memdup2 (finite, sizeof (double) * MAX (n, 1));
  _strata_percentiles3 (finite, n, &result->breakeven_p10, &result->breakeven_p50,
                        &result->breakeven_p90);
  /* Without uncertain numbers the one run stands for every draw. */
  result->n_crossing_draws = (guint) (run->n_runs == result->n_draws ? n : n * result->n_draws);
  result->no_crossing_share = (double) (run->n_runs - n) / (double) run->n_runs;
  if (run->n_runs != result->n_draws && n > 0)
    {
      g_free (result->breakeven_volumes);
      result->breakeven_volumes = g_new (double, result->n_draws);
      for (guint d = 0; d < result->n_draws; d++)
        result->breakeven_volumes[d] = finite[0];
    }
}

/* Every block of volumes in turn; FALSE when cancelled. */
static gboolean
run_blocks (Run              *run,
            StrataMonteCarlo *result,
            guint             n_threads,
            double            fraction_from,
            double            fraction_to)
{
  const StrataMonteCarloParams *params = run->params;
  gsize per_volume = (gsize) run->n_strategies * run->n_runs * sizeof (double);
  guint block = (guint) CLAMP (BLOCK_BYTES / MAX (per_volume, 1), 1, run->n_points);
  guint n_tasks = (guint) ((run->n_runs + DRAWS_PER_TASK - 1) / DRAWS_PER_TASK);
  StrataMcColumns columns;
  gboolean ok = TRUE;

  _strata_mc_columns_alloc (&columns, (gsize) block * run->n_strategies * run->n_runs);
  run->columns = columns.data;
  for (run->p0 = 0; run->p0 < run->n_points; run->p0 += block)
    {
      PercentileJob job = { run, result };

      run->n_block = MIN (block, run->n_points - run->p0);
      _strata_parallel_for (n_tasks, n_threads, block_task, run);
      if (g_atomic_int_get (&run->cancelled))
        {
          ok = FALSE;
          break;
        }
      _strata_parallel_for (run->n_strategies *
                            ((run->n_block + PERCENTILE_RUN - 1) / PERCENTILE_RUN),
                            n_threads, percentile_task, &job);

      if (params->progress != NULL)
        params->progress (NULL, fraction_from + (fraction_to - fraction_from) *
                                (double) (run->p0 + run->n_block) / (double) run->n_points,
                          params->progress_data);
    }
  run->columns = NULL;
  _strata_mc_columns_free (&columns);
  if (!ok)
    return FALSE;

  if (run->n_runs == 1 && params->objective == STRATA_OBJECTIVE_EFFECTIVE)
    {
      /* Nothing uncertain: the one draw is the dataset, whose break-even
       * is the model's own (strata_breakeven ()). */
      g_autoptr(GArray) crossings = strata_breakeven (run->dataset, params->a, params->b);

      run->firsts[0] = crossings->len > 0 ? g_array_index (crossings, StrataCrossing, 0).volume
                                          : NAN;
    }
  else if (!run->breakeven_in_pass)
    _strata_parallel_for (n_tasks, n_threads, breakeven_task, run);
  return !g_atomic_int_get (&run->cancelled);
}

static StrataMonteCarlo *
result_new (const StrataDataset *dataset,
            guint                n_draws,
            guint64              seed,
            guint                n_points,
            guint                n_strategies)
{
  StrataMonteCarlo *result = g_new0 (StrataMonteCarlo, 1);
  gsize cells = (gsize) n_strategies * n_points;

  result->n_draws = n_draws;
  result->seed = seed;
  result->n_points = n_points;
  result->n_strategies = n_strategies;
  result->n_layers = dataset->n_layers;
  result->volumes = g_new (double, n_points);
  result->p10 = g_new (double, cells);
  result->p50 = g_new (double, cells);
  result->p90 = g_new (double, cells);
  result->probability_a_cheaper = g_new (double, n_points);
  result->probability_cheaper = g_new (double, cells);
  result->layer_integrated = g_new (double, (gsize) n_points * MAX (dataset->n_layers, 1));
  strata_log_space (dataset->volume_min, dataset->volume_max, n_points, result->volumes);
  return result;
}

/* One run of @n_draws draws with the strategies resolved. */
/* The kernel's columns: the strategies, then A and B where they are not
 * among them. */
static void
place_columns (Run                   *run,
               const StrataStrategy **cols)
{
  const StrataMonteCarloParams *params = run->params;

  memcpy (cols, run->strategies, sizeof (gpointer) * run->n_strategies);
  run->n_cols = run->n_strategies;
  run->col_a = run->col_b = G_MAXUINT;
  for (guint s = 0; s < run->n_strategies; s++)
    {
      if (run->strategies[s] == params->a && run->col_a == G_MAXUINT)
        run->col_a = s;
      if (run->strategies[s] == params->b && run->col_b == G_MAXUINT)
        run->col_b = s;
    }
  if (run->col_a == G_MAXUINT)
    {
      run->col_a = run->n_cols;
      cols[run->n_cols++] = params->a;
    }
  if (run->col_b == G_MAXUINT)
    {
      run->col_b = run->n_cols;
      cols[run->n_cols++] = params->b;
    }
}

/* The run's kernel: of every column, the optimum solved at every point;
 * with the optimum of an earlier run with the same numbers, of the
 * fixed strategies alone (@kcol, @kc: room for every column). */
static void
run_kernel (Run                   *run,
            const StrataStrategy **cols,
            guint                 *kcol,
            const StrataStrategy **kc)
{
  const StrataMonteCarloParams *params = run->params;
  gboolean count_eco = params->objective != STRATA_OBJECTIVE_CASH;

  run->opt_have = _strata_mc_optimum_find (run->dataset, params->objective, params->seed,
                                           run->n_runs, run->n_points);
  run->n_kcols = 0;
  for (guint c = 0; c < run->n_cols; c++)
    {
      kcol[c] = cols[c]->choices != NULL ? run->n_kcols : G_MAXUINT;
      if (cols[c]->choices != NULL)
        kc[run->n_kcols++] = cols[c];
    }
  if (run->opt_have != NULL && run->n_kcols > 0)
    {
      run->kcol = kcol;
      run->kernel = _strata_kernel_new (run->dataset, kc, run->n_kcols, count_eco);
      _strata_kernel_costs_only (run->kernel);
    }
  else
    {
      g_clear_pointer (&run->opt_have, _strata_mc_optimum_unref);
      run->opt_fill = _strata_mc_optimum_new (run->dataset, params->objective, params->seed,
                                              run->n_runs, run->n_points);
      run->kernel = _strata_kernel_new (run->dataset, cols, run->n_cols, count_eco);
    }
  _strata_kernel_set_grid (run->kernel, run->volumes, run->n_points);
}

/* The optimum's counts of integrated layers from the one kept, or into
 * the one filled, kept then for the next runs. */
static void
run_optimum_done (Run *run)
{
  gsize n = (gsize) run->n_points * MAX (run->n_layers, 1);

  if (run->opt_have != NULL)
    memcpy (run->integrated, run->opt_have->integrated, sizeof (gint) * n);
  else if (run->opt_fill != NULL)
    {
      memcpy (run->opt_fill->integrated, run->integrated, sizeof (gint) * n);
      _strata_mc_optimum_keep (run->opt_fill);
    }
}

/* The counts of the draws as shares of them. */
static void
fill_probabilities (const Run        *run,
                    StrataMonteCarlo *result)
{
  for (guint s = 0; s < run->n_strategies; s++)
    for (guint p = 0; p < run->n_points; p++)
      {
        gsize i = (gsize) s * run->n_points + p;

        result->probability_cheaper[i] = (double) run->cheaper[i] / (double) run->n_runs;
      }
  for (guint p = 0; p < run->n_points; p++)
    {
      if (run->col_b < run->n_strategies)
        result->probability_a_cheaper[p] =
          result->probability_cheaper[(gsize) run->col_b * run->n_points + p];
      for (guint l = 0; l < run->n_layers; l++)
        result->layer_integrated[(gsize) p * run->n_layers + l] =
          (double) run->integrated[(gsize) p * run->n_layers + l] / (double) run->n_runs;
    }
}

static StrataMonteCarlo *
run_once (const StrataDataset          *dataset,
          const StrataMonteCarloParams *params,
          const StrataStrategy *const  *strategies,
          guint                         n_strategies,
          guint                         n_draws,
          double                        fraction_from,
          double                        fraction_to,
          GCancellable                 *cancellable,
          GError                      **error)
{
  g_autoptr(StrataMonteCarlo) result = NULL;
  g_autofree const StrataStrategy **cols = g_new (const StrataStrategy *, n_strategies + 2);
  g_autofree const StrataStrategy **kcols = g_new (const StrataStrategy *, n_strategies + 2);
  g_autofree guint *kcol = g_new (guint, n_strategies + 2);
  g_autofree gint *cheaper = NULL;
  g_autofree gint *integrated = NULL;
  g_autofree double *firsts = NULL;
  g_autofree guint *option_base = NULL;
  g_autofree guint8 *option_integ = NULL;
  double scan[BREAKEVEN_SCAN];
  g_autoptr(GArray) slots = NULL;
  Run run = { 0 };
  gboolean ok;

  result = result_new (dataset, n_draws, params->seed, params->n_points, n_strategies);
  result->objective = params->objective;
  result->strategy_ids = g_new0 (char *, n_strategies + 1);
  for (guint s = 0; s < n_strategies; s++)
    result->strategy_ids[s] = g_strdup (strategies[s]->id);
  result->a_id = g_strdup (params->a->id);
  result->b_id = g_strdup (params->b->id);

  run.dataset = dataset;
  run.params = params;
  run.strategies = strategies;
  run.n_strategies = n_strategies;
  run.n_layers = dataset->n_layers;
  run.cancellable = cancellable;
  run.n_points = params->n_points;
  run.volumes = result->volumes;
  place_columns (&run, cols);

  slots = _strata_collect_slots (dataset->layers, dataset->n_layers, dataset->links,
                                 dataset->n_links);
  result->n_uncertain = slots->len;
  /* Without uncertain numbers every draw is the same: run one and let it
   * stand for all (the figures are identical, only faster). */
  run.n_runs = result->n_uncertain > 0 ? n_draws : 1;
  {
    const StrataStrategy *ab[2] = { params->a, params->b };

    strata_log_space (dataset->volume_min, dataset->volume_max, BREAKEVEN_SCAN, scan);
    run.scan = scan;
    run.n_scan = BREAKEVEN_SCAN;
    run.scan_kernel = _strata_kernel_new (dataset, ab, 2,
                                          params->objective != STRATA_OBJECTIVE_CASH);
    _strata_kernel_set_grid (run.scan_kernel, scan, BREAKEVEN_SCAN);
    if (params->a->choices != NULL && params->b->choices != NULL)
      _strata_kernel_costs_only (run.scan_kernel);
  }

  run.option_base = option_base = g_new (guint, MAX (dataset->n_layers, 1));
  {
    guint n_options = 0;

    for (guint l = 0; l < dataset->n_layers; l++)
      {
        option_base[l] = n_options;
        n_options += dataset->layers[l].n_options;
      }
    run.option_integ = option_integ = g_new (guint8, MAX (n_options, 1));
    for (guint l = 0; l < dataset->n_layers; l++)
      for (guint o = 0; o < dataset->layers[l].n_options; o++)
        option_integ[option_base[l] + o] =
          dataset->layers[l].options[o].mode == STRATA_MODE_INTEGRATED;
  }
  run.cheaper = cheaper = g_new0 (gint, (gsize) n_strategies * run.n_points);
  run.integrated = integrated = g_new0 (gint, (gsize) run.n_points * MAX (run.n_layers, 1));
  run.firsts = firsts = g_new (double, run.n_runs);
  run_kernel (&run, cols, kcol, kcols);

  run.breakeven_in_pass = !(run.n_runs == 1 && params->objective == STRATA_OBJECTIVE_EFFECTIVE) &&
                          run.n_points == BREAKEVEN_SCAN && run.col_a < n_strategies &&
                          run.col_b < n_strategies &&
                          memcmp (scan, result->volumes, sizeof scan) == 0;
  ok = run_blocks (&run, result, thread_count (params), fraction_from, fraction_to);
  if (ok)
    run_optimum_done (&run);
  g_clear_pointer (&run.opt_have, _strata_mc_optimum_unref);
  g_clear_pointer (&run.opt_fill, _strata_mc_optimum_unref);
  _strata_kernel_free (run.kernel);
  _strata_kernel_free (run.scan_kernel);
  if (!ok)
    {
      if (cancellable == NULL || !g_cancellable_set_error_if_cancelled (cancellable, error))
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled");
      return NULL;
    }

  fill_probabilities (&run, result);
  finish_breakeven (&run, result);

  if (run.col_b >= n_strategies)
    {
      /* B is not among the strategies: count it apart (rare; the CLI and
       * the app always list it). */
      g_autoptr(StrataMonteCarlo) pair = NULL;
      const StrataStrategy *ab[2] = { params->a, params->b };

      pair = run_once (dataset, params, ab, 2, n_draws, fraction_to, fraction_to, cancellable,
                       error);
      if (pair == NULL)
        return NULL;
      memcpy (result->probability_a_cheaper, pair->probability_a_cheaper,
              sizeof (double) * run.n_points);
    }
  return g_steal_pointer (&result);
}

/* The strategies a run takes: @params' list, else every preset and
 * dataset strategy (into @all, which the caller frees). */
static const StrataStrategy *const *
run_strategies (const StrataDataset           *dataset,
                const StrataMonteCarloParams  *params,
                const StrataStrategy        ***all,
                guint                         *n_strategies)
{
  *all = NULL;
  *n_strategies = params->n_strategies;
  if (params->n_strategies > 0)
    return params->strategies;
  *all = g_new (const StrataStrategy *, MAX (dataset->n_strategies, 1));
  for (guint s = 0; s < dataset->n_strategies; s++)
    (*all)[s] = &dataset->strategies[s];
  *n_strategies = dataset->n_strategies;
  return *all;
}

/* The checks of strata_monte_carlo_run () on the strategies it takes. */
static gboolean
check_run (const StrataDataset          *dataset,
           const StrataMonteCarloParams *params,
           guint                         n_strategies,
           GError                      **error)
{
  if (!check_params (dataset, params, error))
    return FALSE;
  if (n_strategies == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "no strategy to simulate");
      return FALSE;
    }
  if ((guint64) n_strategies * params->n_draws > STRATA_MONTE_CARLO_MAX_CELLS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "%u strategies x %u draws is too much to keep in memory (at most %"
                   G_GUINT64_FORMAT " figures per volume): fewer draws or strategies",
                   n_strategies, params->n_draws, STRATA_MONTE_CARLO_MAX_CELLS);
      return FALSE;
    }
  if ((guint64) params->n_draws * params->n_points * (n_strategies + 2) > STRATA_MONTE_CARLO_MAX_WORK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "%u draws x %u volumes x %u strategies is too long a run (at most %"
                   G_GUINT64_FORMAT " model evaluations): fewer draws, volumes or strategies",
                   params->n_draws, params->n_points, n_strategies, STRATA_MONTE_CARLO_MAX_WORK);
      return FALSE;
    }
  return TRUE;
}

gboolean
strata_monte_carlo_check (const StrataDataset          *dataset,
                          const StrataMonteCarloParams *params,
                          GError                      **error)
{
  g_autofree const StrataStrategy **all = NULL;
  guint n_strategies;

  g_return_val_if_fail (dataset != NULL, FALSE);
  g_return_val_if_fail (params != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  run_strategies (dataset, params, &all, &n_strategies);
  return check_run (dataset, params, n_strategies, error);
}

StrataMonteCarlo *
strata_monte_carlo_run (const StrataDataset          *dataset,
                        const StrataMonteCarloParams *params,
                        GCancellable                 *cancellable,
                        GError                      **error)
{
  g_autofree const StrataStrategy **all = NULL;
  const StrataStrategy *const *strategies;
  guint n_strategies;
  double split = 0;

  g_return_val_if_fail (dataset != NULL, NULL);
  g_return_val_if_fail (params != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  strategies = run_strategies (dataset, params, &all, &n_strategies);
  if (!check_run (dataset, params, n_strategies, error))
    return NULL;
  if (cancellable != NULL && g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  /* A first estimate: the first draws alone, which are the first draws
   * of the full run (every draw has its own stream). */
  if (params->first_estimate > 0 && params->first_estimate < params->n_draws)
    {
      g_autoptr(StrataMonteCarlo) estimate = NULL;

      split = (double) params->first_estimate / (double) (params->first_estimate + params->n_draws);
      estimate = run_once (dataset, params, strategies, n_strategies, params->first_estimate,
                           0, split, cancellable, error);
      if (estimate == NULL)
        return NULL;
      if (params->progress != NULL)
        params->progress (estimate, split, params->progress_data);
    }

  return run_once (dataset, params, strategies, n_strategies, params->n_draws, split, 1.0,
                   cancellable, error);
}

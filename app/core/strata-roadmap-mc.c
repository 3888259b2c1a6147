/* strata-roadmap-mc.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * The Monte Carlo of the decision over years (MODEL.md sections 6 and 8;
 * the rules are in strata-roadmap-mc.h).
 *
 * No arithmetic of its own: a draw sets the numbers of a sample of the
 * dataset (strata-uncertainty.c's, whose horizon is a copy of its own),
 * then every plan is evaluated by strata_plan_evaluate () and the optimum
 * solved by strata_roadmap_optimal () on it.  The draws are split into
 * tasks of DRAWS_PER_TASK consecutive draws that any thread may take; each
 * draw writes its own cells, and every figure is a percentile of whole
 * columns or a count, so the result does not depend on which thread ran
 * which draw.
 */

#define G_LOG_DOMAIN "strata-horizon"

#include "config.h"

#include <math.h>
#include <string.h>

#include "strata/strata-roadmap-mc.h"
#include "strata-horizon-private.h"
#include "strata-uncertainty-private.h"

#define DRAWS_PER_TASK 16

typedef struct
{
  const StrataDataset         *ds;
  const StrataRoadmapMcParams *params;
  guint                        n_plans;
  guint                        n_years;
  guint                        n_runs;      /* draws evaluated (1 when nothing is uncertain) */
  GCancellable                *cancellable;
  gint                         stop;        /* atomic: cancelled or failed */
  GMutex                       lock;
  GError                      *error;       /* (owned) the first failure */

  double                      *savings;     /* p * n_runs + d */
  double                      *payback;     /* p * n_runs + d, NAN: never */
  guint8                      *positive;    /* p * n_runs + d */
  double                      *cumulative;  /* (p * n_years + t) * n_runs + d */
  GPtrArray                   *solvers;     /* under lock: searches planned, free for a task */
  guint                        n_tasks;
  guint                        draws_done;  /* under lock */
} Run;

/* A sample of the dataset whose horizon is a copy of its own, with the
 * horizon's uncertain numbers (strata-uncertainty-private.h). */
typedef struct
{
  StrataSample   sample;
} Draws;

static void
draws_init (Draws               *draws,
            const StrataDataset *ds)
{
  _strata_sample_init (&draws->sample, ds);
}

static void
draws_clear (Draws *draws)
{
  _strata_sample_clear (&draws->sample);
}

static guint
draws_count (const Draws *draws)
{
  return draws->sample.slots->len + draws->sample.hslots->len;
}

/* Sets the sample to draw @draw of @seed: section 6's numbers as
 * strata_monte_carlo_run () draws them, then the horizon's, continuing the
 * same stream. */
static void
draws_set (Draws   *draws,
           guint64  seed,
           guint64  draw,
           double  *out)
{
  guint n6 = draws->sample.slots->len;
  StrataRng rng;

  _strata_sample_draw (&draws->sample, seed, draw, out);
  strata_rng_init_draw (&rng, seed, draw);
  for (guint i = 0; i < n6; i++)
    (void) strata_rng_next (&rng);
  for (guint i = 0; i < draws->sample.hslots->len; i++)
    {
      const StrataSlot *slot = &g_array_index (draws->sample.hslots, StrataSlot, i);
      double u = strata_rng_next_double (&rng);

      slot->number->value = strata_triangular_inverse (slot->number->low, slot->mode,
                                                       slot->number->high, u);
      if (out != NULL)
        out[n6 + i] = slot->number->value;
    }
}

guint
strata_roadmap_mc_draw (const StrataDataset *dataset,
                        guint64              seed,
                        guint64              draw,
                        double              *out)
{
  Draws draws;
  guint n;

  g_return_val_if_fail (dataset != NULL && dataset->horizon != NULL, 0);

  draws_init (&draws, dataset);
  n = draws_count (&draws);
  if (out != NULL)
    draws_set (&draws, seed, draw, out);
  draws_clear (&draws);
  return n;
}

static void
fail (Run    *run,
      GError *error)
{
  g_mutex_lock (&run->lock);
  if (run->error == NULL)
    run->error = error;
  else
    g_error_free (error);
  g_mutex_unlock (&run->lock);
  g_atomic_int_set (&run->stop, 1);
}

/* The roadmap of plan @p on the sample @ds (whose context is @c) into
 * @lp; the optimal one by @solver. */
static gboolean
plan_of (const Run           *run,
         const StrataDataset *ds,
         const HorizonCtx    *c,
         StrataRoadmapSolver *solver,
         guint                p,
         StrataLayerPlan     *lp,
         guint               *choices,
         GError             **error)
{
  const StrataRoadmapMcParams *params = run->params;
  const StrataStrategy *st;

  if (params->optimal)
    {
      if (p == 0)
        return _strata_roadmap_solver_run (solver, c, params->objective, lp, error);
      p--;
    }
  st = params->strategies[p];
  strata_horizon_adopted_choices (ds, st, params->objective, choices);
  if (!strata_roadmap_adopt (ds, choices, lp, error))
    {
      g_prefix_error (error, "%s cannot be adopted now: ", st->id);
      return FALSE;
    }
  return TRUE;
}

/* Draw @d of plan @p is not a roadmap: NAN in its columns, which
 * summarize () leaves out. */
static void
not_a_roadmap (Run   *run,
               guint  p,
               guint  d)
{
  gsize cell = (gsize) p * run->n_runs + d;

  run->savings[cell] = NAN;
  run->positive[cell] = 0;
  run->payback[cell] = NAN;
  for (guint t = 0; t < run->n_years; t++)
    run->cumulative[((gsize) p * run->n_years + t) * run->n_runs + d] = NAN;
}

static void
draw_task (gpointer data,
           guint    task)
{
  Run *run = data;
  const StrataDataset *ds = run->ds;
  guint d0 = task * DRAWS_PER_TASK, d1 = MIN (d0 + DRAWS_PER_TASK, run->n_runs);
  g_autofree StrataLayerPlan *lp = g_new0 (StrataLayerPlan, MAX (ds->n_layers, 1));
  g_autofree guint *choices = g_new0 (guint, MAX (ds->n_layers, 1));
  g_autofree double *start_cost = g_new (double, MAX (run->n_years, 1));
  StrataPlanResult *res = NULL;
  StrataRoadmapSolver *solver = NULL;
  Draws draws;

  if (g_atomic_int_get (&run->stop))
    return;
  /* A search planned by an earlier task (the same answers: the plan
   * depends on the structure alone), else a new one. */
  g_mutex_lock (&run->lock);
  if (run->solvers->len > 0)
    solver = g_ptr_array_steal_index_fast (run->solvers, run->solvers->len - 1);
  g_mutex_unlock (&run->lock);
  if (solver == NULL)
    solver = _strata_roadmap_solver_new ();
  draws_init (&draws, ds);
  for (guint d = d0; d < d1; d++)
    {
      HorizonCtx *c;

      if (g_atomic_int_get (&run->stop))
        break;
      if (run->cancellable != NULL && g_cancellable_is_cancelled (run->cancellable))
        {
          g_atomic_int_set (&run->stop, 1);
          break;
        }
      draws_set (&draws, run->params->seed, d, NULL);
      /* What every plan of the draw shares: the years' volumes and
       * discounts, the options' variable costs, the start plan's costs
       * (strata_plan_evaluate () of each plan, the same figures). */
      c = _strata_horizon_ctx_new (&draws.sample.copy);
      _strata_plan_start_costs (c, run->params->objective, start_cost);
      if (res == NULL)
        res = _strata_plan_result_new (c, run->params->objective);
      for (guint p = 0; p < run->n_plans; p++)
        {
          GError *error = NULL;
          gsize cell = (gsize) p * run->n_runs + d;
          double npv, start_npv;

          if (!plan_of (run, &draws.sample.copy, c, solver, p, lp, choices, &error))
            {
              /* Adopting this draw's optimum now is not a roadmap (an
               * option it runs takes longer to build than the horizon):
               * the draw is left out of the plan's figures.  Any other
               * failure stops the run. */
              if (g_error_matches (error, STRATA_DATASET_ERROR, STRATA_DATASET_ERROR_INVALID) &&
                  !(run->params->optimal && p == 0))
                {
                  g_clear_error (&error);
                  not_a_roadmap (run, p, d);
                  continue;
                }
              g_prefix_error (&error, "draw %u: ", d);
              fail (run, error);
              break;
            }
          _strata_plan_evaluate_ctx (c, lp, start_cost, res);
          npv = run->params->objective == STRATA_HORIZON_CASH ? res->npv_cost
                                                              : res->npv_effective_cost;
          start_npv = npv + res->savings_npv;
          run->savings[cell] = res->savings_npv;
          run->positive[cell] = res->savings_npv > STRATA_CHEAPER_TOLERANCE * fabs (start_npv);
          run->payback[cell] = res->has_payback ? (double) res->payback_year : NAN;
          for (guint t = 0; t < run->n_years; t++)
            run->cumulative[((gsize) p * run->n_years + t) * run->n_runs + d] = res->rows[t].savings;
        }
      _strata_horizon_ctx_free (c);
      /* After each draw, not each task: a draw of the optimal roadmap on
       * links that couple many layers takes seconds, a task of them
       * most of a minute. */
      if (run->params->progress != NULL)
        {
          g_mutex_lock (&run->lock);
          run->draws_done++;
          run->params->progress ((double) run->draws_done / run->n_runs, run->params->progress_data);
          g_mutex_unlock (&run->lock);
        }
    }
  strata_plan_result_free (res);
  g_mutex_lock (&run->lock);
  g_ptr_array_add (run->solvers, solver);
  g_mutex_unlock (&run->lock);
  draws_clear (&draws);
}

static guint
thread_count (const StrataRoadmapMcParams *params)
{
  guint n = params->n_threads;

  if (n == 0)
    n = (guint) MAX (_strata_num_processors (), 1);
  return MIN (n, 64);
}

static void
plan_clear (StrataRoadmapMcPlan *plan)
{
  g_free (plan->strategy_id);
  g_free (plan->cumulative_p10);
  g_free (plan->cumulative_p50);
  g_free (plan->cumulative_p90);
}

void
strata_roadmap_mc_free (StrataRoadmapMc *mc)
{
  if (mc == NULL)
    return;
  for (guint p = 0; p < mc->n_plans; p++)
    plan_clear (&mc->plans[p]);
  g_free (mc->plans);
  g_free (mc);
}

const StrataRoadmapMcPlan *
strata_roadmap_mc_find (const StrataRoadmapMc *mc,
                        const char            *strategy_id)
{
  g_return_val_if_fail (mc != NULL, NULL);

  for (guint p = 0; p < mc->n_plans; p++)
    if (g_strcmp0 (mc->plans[p].strategy_id, strategy_id) == 0)
      return &mc->plans[p];
  return NULL;
}

/* Moves the numbers of @column (n) whose draw is one of @valid to its
 * front, in order; returns how many. */
static guint
compact (double        *column,
         const double  *valid,
         guint          n)
{
  guint k = 0;

  for (guint d = 0; d < n; d++)
    if (!isnan (valid[d]))
      column[k++] = column[d];
  return k;
}

/* The figures of plan @p from the run's columns: over the draws in which
 * it is a roadmap (NAN savings mark the others, not_a_roadmap ()). */
static void
summarize (Run                 *run,
           guint                p,
           guint                n_draws,
           StrataRoadmapMcPlan *plan)
{
  guint n = run->n_runs, positive = 0, paid = 0, n_valid = 0;
  g_autofree double *scratch = g_new (double, STRATA_PERCENTILES3_SCRATCH (n));
  double q[3];
  double *savings = &run->savings[(gsize) p * n];
  double *payback = &run->payback[(gsize) p * n];

  for (guint d = 0; d < n; d++)
    {
      if (isnan (savings[d]))
        continue;
      n_valid++;
      positive += run->positive[(gsize) p * n + d];
      if (!isnan (payback[d]))
        payback[paid++] = payback[d];
    }
  plan->not_roadmap_share = 1.0 - (double) n_valid / n;
  plan->positive_share = n_valid > 0 ? (double) positive / n_valid : NAN;
  plan->n_payback_draws = n == n_draws ? paid : (paid > 0 ? n_draws : 0);
  plan->no_payback_share = n_valid > 0 ? 1.0 - (double) paid / n_valid : NAN;
  _strata_percentiles3_sampled (payback, paid, scratch, q);
  plan->payback_p10 = q[0];
  plan->payback_p50 = q[1];
  plan->payback_p90 = q[2];

  plan->cumulative_p10 = g_new (double, run->n_years);
  plan->cumulative_p50 = g_new (double, run->n_years);
  plan->cumulative_p90 = g_new (double, run->n_years);
  for (guint t = 0; t < run->n_years; t++)
    {
      double *column = &run->cumulative[((gsize) p * run->n_years + t) * n];

      _strata_percentiles3_sampled (column, compact (column, savings, n), scratch, q);
      plan->cumulative_p10[t] = q[0];
      plan->cumulative_p50[t] = q[1];
      plan->cumulative_p90[t] = q[2];
    }
  /* Last: the cumulative columns read which draws are left out here. */
  _strata_percentiles3_sampled (savings, compact (savings, savings, n), scratch, q);
  plan->savings_p10 = q[0];
  plan->savings_p50 = q[1];
  plan->savings_p90 = q[2];
}

typedef struct
{
  Run                         *run;
  const StrataRoadmapMcParams *params;
  StrataRoadmapMc             *mc;
} SummarizeJob;

/* Plan @task's figures (each plan's columns and figures are its own). */
static void
summarize_task (gpointer data,
                guint    task)
{
  SummarizeJob *job = data;
  const StrataRoadmapMcParams *params = job->params;
  guint s = params->optimal ? task - (task > 0) : task;

  if (!(params->optimal && task == 0))
    job->mc->plans[task].strategy_id = g_strdup (params->strategies[s]->id);
  summarize (job->run, task, params->n_draws, &job->mc->plans[task]);
}

StrataRoadmapMc *
strata_roadmap_mc_run (const StrataDataset         *dataset,
                       const StrataRoadmapMcParams *params,
                       GCancellable                *cancellable,
                       GError                     **error)
{
  g_autoptr(StrataRoadmapMc) mc = NULL;
  g_autofree StrataLayerPlan *lp = NULL;
  g_autofree guint *choices = NULL;
  Run run = { 0 };
  guint64 cells;
  guint n_plans, n_uncertain;

  g_return_val_if_fail (dataset != NULL, NULL);
  g_return_val_if_fail (params != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (dataset->horizon == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "the dataset has no horizon, so there is no roadmap");
      return NULL;
    }
  if (params->n_draws < 1 || params->n_draws > STRATA_MONTE_CARLO_MAX_DRAWS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "draws must be between 1 and %u (got %u)",
                   STRATA_MONTE_CARLO_MAX_DRAWS, params->n_draws);
      return NULL;
    }
  n_plans = params->n_strategies + (params->optimal ? 1 : 0);
  if (n_plans == 0 || (params->n_strategies > 0 && params->strategies == NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "no plan to simulate: ask for the optimal roadmap or a strategy");
      return NULL;
    }
  cells = (guint64) n_plans * params->n_draws * (dataset->horizon->years + 2);
  if (cells > STRATA_ROADMAP_MC_MAX_CELLS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "%u draws of %u plans over %u years keep %" G_GUINT64_FORMAT
                   " numbers, more than %" G_GUINT64_FORMAT ": ask for fewer draws or plans",
                   params->n_draws, n_plans, dataset->horizon->years, cells,
                   STRATA_ROADMAP_MC_MAX_CELLS);
      return NULL;
    }

  run.ds = dataset;
  run.params = params;
  run.n_plans = n_plans;
  run.n_years = dataset->horizon->years;
  run.cancellable = cancellable;
  g_mutex_init (&run.lock);

  /* A plan that cannot be made on the dataset's own numbers is refused
   * before any draw (build years are never drawn). */
  lp = g_new0 (StrataLayerPlan, MAX (dataset->n_layers, 1));
  choices = g_new0 (guint, MAX (dataset->n_layers, 1));
  {
    HorizonCtx *c = _strata_horizon_ctx_new (dataset);
    StrataRoadmapSolver *solver = _strata_roadmap_solver_new ();
    gboolean ok = TRUE;

    for (guint p = 0; p < n_plans && ok; p++)
      ok = plan_of (&run, dataset, c, solver, p, lp, choices, error);
    _strata_roadmap_solver_free (solver);
    _strata_horizon_ctx_free (c);
    if (!ok)
      {
        g_mutex_clear (&run.lock);
        return NULL;
      }
  }

  n_uncertain = strata_roadmap_mc_draw (dataset, params->seed, 0, NULL);
  /* Without uncertain numbers every draw is the same: one stands for all. */
  run.n_runs = n_uncertain > 0 ? params->n_draws : 1;
  run.savings = g_new (double, (gsize) n_plans * run.n_runs);
  run.payback = g_new (double, (gsize) n_plans * run.n_runs);
  run.positive = g_new0 (guint8, (gsize) n_plans * run.n_runs);
  run.cumulative = g_new (double, (gsize) n_plans * run.n_years * run.n_runs);

  run.n_tasks = (run.n_runs + DRAWS_PER_TASK - 1) / DRAWS_PER_TASK;
  run.solvers = g_ptr_array_new_with_free_func ((GDestroyNotify) _strata_roadmap_solver_free);
  _strata_parallel_for (run.n_tasks, thread_count (params), draw_task, &run);
  g_clear_pointer (&run.solvers, g_ptr_array_unref);

  if (run.error != NULL || g_atomic_int_get (&run.stop))
    {
      if (run.error != NULL)
        g_propagate_error (error, run.error);
      else if (cancellable == NULL || !g_cancellable_set_error_if_cancelled (cancellable, error))
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled");
      mc = NULL;
    }
  else
    {
      mc = g_new0 (StrataRoadmapMc, 1);
      mc->n_draws = params->n_draws;
      mc->seed = params->seed;
      mc->n_uncertain = n_uncertain;
      mc->n_years = run.n_years;
      mc->first_year = dataset->horizon->first_year;
      mc->objective = params->objective;
      mc->n_plans = n_plans;
      mc->plans = g_new0 (StrataRoadmapMcPlan, n_plans);
      {
        SummarizeJob job = { &run, params, mc };

        _strata_parallel_for (n_plans, thread_count (params), summarize_task, &job);
      }
    }

  g_free (run.savings);
  g_free (run.payback);
  g_free (run.positive);
  g_free (run.cumulative);
  g_mutex_clear (&run.lock);
  return g_steal_pointer (&mc);
}

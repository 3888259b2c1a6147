/* strata-chart-job.c: the charts' long model work, cancellable and remembered
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "strata-chart-private.h"

/*
 * A chart of a large dataset can spend seconds in the model (a ladder,
 * break-evens against Optimal, the optimal curve).  Two things keep that
 * away from the person using the app (issues 15 and 16):
 *
 * - What does not depend on the strategy being edited is remembered per
 *   dataset and objective: the ladder (the optimum at every volume, with
 *   its flips), the optimal strategy's cost at every volume asked
 *   (StrataCostMemo) and the optimum's switch points at a volume.  A flip of a layer of the current strategy then
 *   costs only the work that depends on it.  Datasets are immutable once
 *   finished; an entry holds a reference, so its address is not reused.
 *
 * - A thread can open a job (strata_chart_job_begin ()): the model work
 *   of the charts it draws then stops early when the job's GCancellable is
 *   cancelled, and reports its progress.  A cancelled result is never
 *   remembered.
 */

typedef struct
{
  GCancellable       *cancellable;
  StrataProgressFunc  progress;
  gpointer            progress_data;
  double              base;        /* the current stage: [base, base + span) */
  double              span;
  double              reported;
} Job;

static GPrivate current_job = G_PRIVATE_INIT (g_free);

void
strata_chart_job_begin (GCancellable       *cancellable,
                        StrataProgressFunc  progress,
                        gpointer            progress_data)
{
  Job *job = g_new0 (Job, 1);

  job->cancellable = cancellable;
  job->progress = progress;
  job->progress_data = progress_data;
  job->span = 1.0;
  g_private_replace (&current_job, job);
}

void
strata_chart_job_end (void)
{
  g_private_replace (&current_job, NULL);
}

static Job *
job_get (void)
{
  return g_private_get (&current_job);
}

GCancellable *
_strata_chart_job_cancellable (void)
{
  Job *job = job_get ();

  return job != NULL ? job->cancellable : NULL;
}

gboolean
_strata_chart_job_cancelled (void)
{
  Job *job = job_get ();

  return job != NULL && g_cancellable_is_cancelled (job->cancellable);
}

void
_strata_chart_job_stage (guint stage,
                         guint n_stages)
{
  Job *job = job_get ();

  if (job == NULL || n_stages == 0)
    return;
  job->base = (double) MIN (stage, n_stages) / n_stages;
  job->span = 1.0 / n_stages;
}

/* A StrataProgressFunc: the fraction of the current stage. */
static void
job_progress_cb (double   fraction,
                 gpointer data)
{
  Job *job = data;
  double total = job->base + job->span * CLAMP (fraction, 0.0, 1.0);

  if (total <= job->reported || job->progress == NULL)
    return;
  job->reported = total;
  job->progress (total, job->progress_data);
}

void
_strata_chart_job_report (double fraction)
{
  Job *job = job_get ();

  if (job != NULL)
    job_progress_cb (fraction, job);
}

/* -- remembered per dataset --------------------------------------------- */

#define N_LADDERS 4
#define N_MEMOS   4

typedef struct
{
  StrataDataset   *dataset;    /* (owned) ref */
  StrataObjective  objective;
  guint            n_points;
  StrataLadder    *ladder;
} LadderEntry;

static GMutex lock;
static LadderEntry ladders[N_LADDERS];
static guint next_ladder;
static StrataCostMemo *memos[N_MEMOS];
static StrataDataset *memo_datasets[N_MEMOS];   /* borrowed: the memo holds a ref */
static StrataObjective memo_objectives[N_MEMOS];
static guint next_memo;

static StrataLadder *
ladder_copy (const StrataLadder *ladder)
{
  StrataLadder *copy = g_new0 (StrataLadder, 1);

  *copy = *ladder;
  copy->volumes = g_memdup2 (ladder->volumes, sizeof (double) * ladder->n_points);
  copy->choices = g_memdup2 (ladder->choices, sizeof (guint) * ladder->n_points * ladder->n_layers);
  copy->costs = g_memdup2 (ladder->costs, sizeof (double) * ladder->n_points);
  copy->flips = g_memdup2 (ladder->flips, sizeof (StrataFlip) * ladder->n_flips);
  return copy;
}

StrataLadder *
_strata_chart_ladder (StrataDataset   *dataset,
                      StrataObjective  objective,
                      guint            n_points)
{
  Job *job = job_get ();
  StrataLadder *ladder = NULL;
  g_autoptr(GError) error = NULL;

  g_mutex_lock (&lock);
  for (guint i = 0; i < N_LADDERS && ladder == NULL; i++)
    if (ladders[i].dataset == dataset && ladders[i].objective == objective &&
        ladders[i].n_points == n_points)
      ladder = ladder_copy (ladders[i].ladder);
  g_mutex_unlock (&lock);
  if (ladder != NULL)
    return ladder;

  ladder = strata_ladder_new_cancellable (dataset, objective, n_points,
                                          job != NULL ? job->cancellable : NULL,
                                          job != NULL ? job_progress_cb : NULL, job, &error);
  if (ladder == NULL)
    return NULL;

  g_mutex_lock (&lock);
  {
    LadderEntry *entry = &ladders[next_ladder];

    next_ladder = (next_ladder + 1) % N_LADDERS;
    g_clear_pointer (&entry->dataset, strata_dataset_unref);
    g_clear_pointer (&entry->ladder, strata_ladder_free);
    entry->dataset = strata_dataset_ref (dataset);
    entry->objective = objective;
    entry->n_points = n_points;
    entry->ladder = ladder_copy (ladder);
  }
  g_mutex_unlock (&lock);
  return ladder;
}

#define N_SWITCHES 2

typedef struct
{
  StrataDataset      *dataset;   /* (owned) ref */
  double              volume;
  StrataObjective     objective;
  StrataSwitchPoints *points;
} SwitchEntry;

static SwitchEntry switches[N_SWITCHES];
static guint next_switch;

StrataSwitchPoints *
_strata_chart_optimum_switch_points (StrataDataset    *dataset,
                                     double            volume,
                                     StrataObjective   objective,
                                     GError          **error)
{
  Job *job = job_get ();
  StrataSwitchPoints *points = NULL;

  /* A cancelled job gets none, as the search it would run stops at once. */
  if (job != NULL && g_cancellable_set_error_if_cancelled (job->cancellable, error))
    return NULL;
  g_mutex_lock (&lock);
  for (guint i = 0; i < N_SWITCHES && points == NULL; i++)
    if (switches[i].dataset == dataset && switches[i].volume == volume &&
        switches[i].objective == objective)
      points = strata_switch_points_copy (switches[i].points);
  g_mutex_unlock (&lock);
  if (points != NULL)
    return points;

  points = strata_switch_points_find_full (dataset, volume, objective, NULL, NULL,
                                           job != NULL ? job->cancellable : NULL,
                                           job != NULL ? job_progress_cb : NULL, job, error);
  if (points == NULL)
    return NULL;

  g_mutex_lock (&lock);
  {
    SwitchEntry *entry = &switches[next_switch];

    next_switch = (next_switch + 1) % N_SWITCHES;
    g_clear_pointer (&entry->dataset, strata_dataset_unref);
    g_clear_pointer (&entry->points, strata_switch_points_free);
    entry->dataset = strata_dataset_ref (dataset);
    entry->volume = volume;
    entry->objective = objective;
    entry->points = strata_switch_points_copy (points);
  }
  g_mutex_unlock (&lock);
  return points;
}

StrataCostMemo *
_strata_chart_cost_memo (StrataDataset   *dataset,
                            StrataObjective  objective)
{
  StrataCostMemo *memo = NULL;

  g_mutex_lock (&lock);
  for (guint i = 0; i < N_MEMOS && memo == NULL; i++)
    if (memos[i] != NULL && memo_datasets[i] == dataset && memo_objectives[i] == objective)
      memo = strata_cost_memo_ref (memos[i]);
  if (memo == NULL)
    {
      memo = strata_cost_memo_new (dataset, objective);
      g_clear_pointer (&memos[next_memo], strata_cost_memo_unref);
      memos[next_memo] = strata_cost_memo_ref (memo);
      memo_datasets[next_memo] = dataset;
      memo_objectives[next_memo] = objective;
      next_memo = (next_memo + 1) % N_MEMOS;
    }
  g_mutex_unlock (&lock);
  return memo;
}

double
_strata_chart_strategy_cost (StrataDataset        *dataset,
                             const StrataStrategy *strategy,
                             StrataObjective       objective,
                             StrataCostMemo       *memo,
                             double                volume)
{
  if (memo != NULL)
    return strata_cost_memo_cost (memo, strategy, volume);
  return strata_strategy_cost (dataset, strategy, objective, volume);
}

StrataBreakeven *
_strata_chart_breakeven (StrataDataset        *dataset,
                         const StrataStrategy *a,
                         const StrataStrategy *b,
                         StrataObjective       objective)
{
  Job *job = job_get ();
  g_autoptr(StrataCostMemo) memo = NULL;

  memo = _strata_chart_cost_memo (dataset, objective);
  return strata_breakeven_find_full (dataset, a, b, objective, 0, 0, 0, memo,
                                     job != NULL ? job->cancellable : NULL,
                                     job != NULL ? job_progress_cb : NULL, job, NULL);
}

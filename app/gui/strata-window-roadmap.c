/* strata-window-roadmap.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "strata-window"

#include "config.h"

#include <glib/gi18n.h>

#include "strata/strata-format.h"
#include "strata/strata-roadmap-mc.h"

#include "strata-chart-render-private.h"
#include "strata-window-private.h"

/*
 * The Roadmap view's Monte Carlo (MODEL.md 6 and 8): the horizon's
 * uncertain numbers drawn STRATA_WINDOW_ROADMAP_DRAWS times (seed 1), the
 * optimal roadmap and adopting the current strategy now on the same
 * draws, exactly the run of `strata-cli export --chart roadmap --bands`.
 * The chart then shades the P10-P90 of the roadmap's cumulative savings
 * and gives P(savings > 0).  It runs in a worker thread on a copy of the
 * request (the dataset is immutable, the strategies copied), never on the
 * main thread.  A flip, an edit, a change of strategy or of objective
 * cancels the run under way and starts the next (only while the Roadmap
 * is on screen; a hidden view runs when it is shown); the volume and the
 * compared strategies do not matter to it.  While it runs, a small label
 * and progress bar sit in the view's bottom corner over the roadmap,
 * which is drawn at once without the band; the band never belongs to
 * choices that are no longer the current ones.
 */

#define PROGRESS_PERIOD_MS 50

/* Shared by the worker (which writes the progress) and the window. */
typedef struct
{
  RenderData             *render;     /* the dataset and copies of the strategies */
  StrataHorizonObjective  objective;
  int                     permille;   /* (atomic) progress */
} RoadmapJob;

static void
roadmap_job_clear (gpointer data)
{
  RoadmapJob *job = data;

  g_clear_pointer (&job->render, _strata_render_data_free);
}

static void
roadmap_job_unref (gpointer data)
{
  g_atomic_rc_box_release_full (data, roadmap_job_clear);
}

static void
roadmap_progress_cb (double   fraction,
                     gpointer user_data)
{
  RoadmapJob *job = user_data;

  g_atomic_int_set (&job->permille, (int) CLAMP (fraction * 1000.0, 0.0, 1000.0));
}

void
_strata_window_roadmap_mc_params (const StrataChartRequest *request,
                                  StrataRoadmapMcParams    *params,
                                  const StrataStrategy    **current)
{
  memset (params, 0, sizeof *params);
  params->n_draws = STRATA_WINDOW_ROADMAP_DRAWS;
  params->seed = 1;
  params->objective = request->objective == STRATA_OBJECTIVE_CASH ? STRATA_HORIZON_CASH
                                                                  : STRATA_HORIZON_EFFECTIVE;
  params->optimal = TRUE;
  if (request->current < request->n_strategies)
    {
      current[0] = request->strategies[request->current];
      params->strategies = current;
      params->n_strategies = 1;
    }
}

static void
roadmap_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  RoadmapJob *job = task_data;
  const StrataChartRequest *request = &job->render->request;
  const StrataStrategy *current[1];
  StrataRoadmapMcParams params;
  StrataRoadmapMc *result;
  GError *error = NULL;

  _strata_window_roadmap_mc_params (request, &params, current);
  params.progress = roadmap_progress_cb;
  params.progress_data = job;
  result = strata_roadmap_mc_run (request->dataset, &params, cancellable, &error);
  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, (GDestroyNotify) strata_roadmap_mc_free);
}

static gboolean
roadmap_is_wanted (StrataWindow *self)
{
  StrataDataset *dataset = _strata_window_dataset (self);

  return dataset != NULL && dataset->horizon != NULL &&
         g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "roadmap") == 0;
}

static void
roadmap_stop_polling (StrataWindow *self)
{
  g_clear_handle_id (&self->roadmap_source, g_source_remove);
  gtk_widget_set_visible (self->roadmap_status, FALSE);
}

static gboolean
roadmap_poll_cb (gpointer data)
{
  StrataWindow *self = data;
  RoadmapJob *job = self->roadmap_job;

  if (job != NULL)
    gtk_progress_bar_set_fraction (self->roadmap_progress, g_atomic_int_get (&job->permille) / 1000.0);
  return G_SOURCE_CONTINUE;
}

/* Puts @box (nullable) on the Roadmap view: into its request (which the
 * view draws from, on the main thread or in a worker) and as the box its
 * jobs hold, so that the run lives as long as anything draws it; the
 * window keeps its own reference until the view's request has let go. */
static void
roadmap_set_box (StrataWindow  *self,
                 StrataChartMc *box)
{
  StrataChartMc *old = self->roadmap_box;
  StrataChartRequest request;

  self->roadmap_box = box != NULL ? _strata_chart_mc_ref (box) : NULL;
  _strata_window_build_request (self, &request);
  request.monte_carlo = NULL;
  request.roadmap_monte_carlo = box != NULL ? box->roadmap : NULL;
  strata_chart_view_set_request (self->roadmap_view, request.dataset != NULL ? &request : NULL);
  _strata_chart_view_set_monte_carlo (self->roadmap_view, box);
  if (old != NULL)
    _strata_chart_mc_unref (old);
}

const StrataRoadmapMc *
_strata_window_get_roadmap_band (StrataWindow *self)
{
  g_return_val_if_fail (STRATA_IS_WINDOW (self), NULL);

  return self->roadmap_box != NULL ? ((StrataChartMc *) self->roadmap_box)->roadmap : NULL;
}

static void
roadmap_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  /* The task has no source object: its last reference may go in the
   * worker thread, and a widget must never be finalized there. */
  g_autoptr(StrataWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  StrataRoadmapMc *mc = g_task_propagate_pointer (G_TASK (result), &error);
  StrataChartMc *box;

  if (mc == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* A newer run took its place (or the window closed). */
      self->roadmap_cancelled++;
      return;
    }
  if (g_task_get_task_data (G_TASK (result)) != self->roadmap_job)
    {
      g_clear_pointer (&mc, strata_roadmap_mc_free);
      return;
    }

  g_clear_pointer (&self->roadmap_job, roadmap_job_unref);
  g_clear_object (&self->roadmap_cancellable);
  roadmap_stop_polling (self);
  if (mc == NULL)
    {
      /* Say why in the corner (a strategy that cannot be adopted now, a
       * run too large, ...); the roadmap stays drawn. */
      gtk_widget_set_visible (GTK_WIDGET (self->roadmap_progress), FALSE);
      gtk_label_set_label (self->roadmap_label, error->message);
      gtk_widget_set_visible (self->roadmap_status, TRUE);
      return;
    }

  box = _strata_chart_mc_new_roadmap (mc);
  roadmap_set_box (self, box);
  _strata_chart_mc_unref (box);
}

static void
roadmap_start (StrataWindow *self)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *draws = NULL;
  g_autofree char *text = NULL;
  StrataChartRequest request;
  RoadmapJob *job;

  _strata_window_build_request (self, &request);
  if (request.dataset == NULL || request.dataset->horizon == NULL || request.n_strategies == 0)
    return;
  request.monte_carlo = NULL;

  job = g_atomic_rc_box_new0 (RoadmapJob);
  job->render = _strata_render_data_new (STRATA_CHART_ROADMAP, &request, NULL, 1, 1, 1, 0);
  self->roadmap_job = g_atomic_rc_box_acquire (job);
  self->roadmap_cancellable = g_cancellable_new ();
  self->roadmap_stale = FALSE;
  self->roadmap_started++;

  draws = strata_format_figure (STRATA_WINDOW_ROADMAP_DRAWS);
  /* Translators: %s is a number of draws, such as "2,000" */
  text = g_strdup_printf (_("Drawing %s futures of the horizon…"), draws);
  gtk_label_set_label (self->roadmap_label, text);
  gtk_progress_bar_set_fraction (self->roadmap_progress, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->roadmap_progress), TRUE);
  gtk_widget_set_visible (self->roadmap_status, TRUE);
  if (self->roadmap_source == 0)
    self->roadmap_source = g_timeout_add (PROGRESS_PERIOD_MS, roadmap_poll_cb, self);

  task = g_task_new (NULL, self->roadmap_cancellable, roadmap_done_cb, g_object_ref (self));
  g_task_set_source_tag (task, roadmap_start);
  g_task_set_task_data (task, job, roadmap_job_unref);
  g_task_run_in_thread (task, roadmap_thread);
}

static void
roadmap_cancel (StrataWindow *self)
{
  if (self->roadmap_cancellable != NULL)
    g_cancellable_cancel (self->roadmap_cancellable);
  g_clear_object (&self->roadmap_cancellable);
  g_clear_pointer (&self->roadmap_job, roadmap_job_unref);
  roadmap_stop_polling (self);
}

void
_strata_window_update_roadmap_mc (StrataWindow *self,
                                  guint         what)
{
  g_return_if_fail (STRATA_IS_WINDOW (self));

  /* Only the plans drawn change the run: the volume and the compared
   * strategies do not. */
  if ((what & (STRATA_SCENARIO_CHANGED_DATASET | STRATA_SCENARIO_CHANGED_CHOICES |
               STRATA_SCENARIO_CHANGED_STRATEGY | STRATA_SCENARIO_CHANGED_OBJECTIVE)) != 0)
    {
      roadmap_cancel (self);
      if (self->roadmap_box != NULL)
        roadmap_set_box (self, NULL);
      self->roadmap_stale = TRUE;
    }

  if (self->roadmap_stale && self->roadmap_job == NULL && roadmap_is_wanted (self))
    roadmap_start (self);
}

void
_strata_window_dispose_roadmap_mc (StrataWindow *self)
{
  roadmap_cancel (self);
  /* The views are gone (disposed with the template) or go with the
   * window; their jobs hold boxes of their own. */
  g_clear_pointer (&self->roadmap_box, _strata_chart_mc_unref);
}

const StrataRoadmapMc *
_strata_window_get_roadmap_mc (StrataWindow *self,
                               gboolean     *running,
                               guint        *started,
                               guint        *cancelled)
{
  StrataChartMc *mc;

  g_return_val_if_fail (STRATA_IS_WINDOW (self), NULL);

  if (running != NULL)
    *running = self->roadmap_job != NULL;
  if (started != NULL)
    *started = self->roadmap_started;
  if (cancelled != NULL)
    *cancelled = self->roadmap_cancelled;
  mc = _strata_chart_view_get_monte_carlo (self->roadmap_view);
  return mc != NULL ? mc->roadmap : NULL;
}

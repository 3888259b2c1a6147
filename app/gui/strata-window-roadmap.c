/* strata-window-roadmap.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "strata-window"

#include "config.h"

#include <glib/gi18n.h>

#include "strata/strata-export.h"
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

static void
roadmap_progress_cb (double   fraction,
                     gpointer user_data)
{
  _strata_window_job_set_progress (user_data, fraction);
}

/* The deck's run (strata-export.h), which strata-cli export --chart
 * roadmap --bands makes too: the band on screen is the one in a deck. */
G_STATIC_ASSERT (STRATA_WINDOW_ROADMAP_DRAWS == STRATA_DECK_ROADMAP_DRAWS);

void
_strata_window_roadmap_mc_params (const StrataChartRequest *request,
                                  StrataRoadmapMcParams    *params,
                                  const StrataStrategy    **current)
{
  strata_deck_roadmap_mc_params (request, params, current);
}

static void
roadmap_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  StrataWindowJob *job = task_data;
  const StrataChartRequest *request = _strata_window_job_get_request (job);
  const StrataStrategy *current[1];
  StrataRoadmapMcParams params;
  StrataRoadmapMc *result;
  GError *error = NULL;

  _strata_window_roadmap_mc_params (request, &params, current);
  params.progress = roadmap_progress_cb;
  params.progress_data = job;
  result = strata_deck_roadmap_mc_run (request->dataset, &params, cancellable, &error);
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
  /* The page not built yet takes the box when it is. */
  if (self->roadmap_view != NULL)
    {
      strata_chart_view_set_request (self->roadmap_view, request.dataset != NULL ? &request : NULL);
      _strata_chart_view_set_monte_carlo (self->roadmap_view, box);
    }
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
  g_autoptr(StrataWindow) self = user_data;
  StrataRoadmapMc *mc = _strata_window_run_finish (&self->roadmap_run, result, NULL);
  StrataChartMc *box;

  /* Cancelled, superseded, or failed: the roadmap stays drawn without
   * the band (the status says why it failed). */
  if (mc == NULL)
    return;

  box = _strata_chart_mc_new_roadmap (mc);
  roadmap_set_box (self, box);
  _strata_chart_mc_unref (box);
}

static void
roadmap_start (StrataWindow *self)
{
  g_autofree char *draws = NULL;
  g_autofree char *text = NULL;
  StrataChartRequest request;

  _strata_window_build_request (self, &request);
  if (request.dataset == NULL || request.dataset->horizon == NULL || request.n_strategies == 0)
    return;
  request.monte_carlo = NULL;

  if (self->roadmap_run.status == NULL)
    _strata_window_run_init (&self->roadmap_run, self->roadmap_status, self->roadmap_label,
                             self->roadmap_progress, (GDestroyNotify) strata_roadmap_mc_free);
  self->roadmap_stale = FALSE;
  draws = strata_format_figure (STRATA_WINDOW_ROADMAP_DRAWS);
  /* Translators: %s is a number of draws, such as "2,000" */
  text = g_strdup_printf (_("Drawing %s futures of the horizon…"), draws);
  _strata_window_run_start (&self->roadmap_run, self, STRATA_CHART_ROADMAP, &request, text,
                            NULL, NULL, roadmap_thread, roadmap_done_cb);
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
      _strata_window_run_cancel (&self->roadmap_run);
      if (self->roadmap_box != NULL)
        roadmap_set_box (self, NULL);
      self->roadmap_stale = TRUE;
    }

  if (self->roadmap_stale && !_strata_window_run_is_running (&self->roadmap_run) && roadmap_is_wanted (self))
    roadmap_start (self);
}

void
_strata_window_dispose_roadmap_mc (StrataWindow *self)
{
  _strata_window_run_cancel (&self->roadmap_run);
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

  _strata_window_run_get_state (&self->roadmap_run, running, started, cancelled);
  mc = self->roadmap_view != NULL ? _strata_chart_view_get_monte_carlo (self->roadmap_view) : NULL;
  return mc != NULL ? mc->roadmap : NULL;
}

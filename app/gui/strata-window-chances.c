/* strata-window-chances.c
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
#include "strata/strata-uncertainty.h"

#include "strata-chart-render-private.h"
#include "strata-window-private.h"

/*
 * The Chances view and the bands on the cost curves: a Monte Carlo of the dataset's uncertain numbers
 * (strata-uncertainty.h) for the current strategy against the compared
 * ones, run in a worker thread on copies of the dataset and the
 * strategies, never on the main thread.  A flip, an edit, a change of
 * strategy or of the compared set cancels the run under way and starts
 * the next (only while the view is on screen; a hidden view runs when it
 * is shown).  A change of volume does not: the run covers the whole
 * volume range.  While it runs, a label and a progress bar over the view
 * say so; the chart never shows odds of choices that are no longer the
 * current ones.  The Bands toggle of the cost curves (win.show-bands,
 * remembered in the settings) draws the same run's P10-P90 bands and P50
 * lines there; a spinner by the toggle turns while they are computed.
 *
 * A run first delivers an estimate from its first CHANCES_FIRST_DRAWS
 * draws (the first draws of the full run: every draw has its own stream
 * of random numbers), shown at once with a "refining" note, then the
 * full run replaces it.  The estimate arrives within a few milliseconds
 * of a flip on the samples, the full run within about a tenth of a
 * second on an idle machine (tests/bench/bench-chances).
 */

#define CHANCES_DRAWS       STRATA_DECK_DRAWS
#define CHANCES_FIRST_DRAWS 200

/* The Chances run's own part of its job: the objective and, for the
 * first estimate, the window (taken on the main thread). */
typedef struct
{
  StrataObjective  objective;
  GWeakRef         window;
  GMainContext    *context;    /* the window's */
} ChancesJob;

static void
chances_job_free (gpointer data)
{
  ChancesJob *chances = data;

  g_weak_ref_clear (&chances->window);
  g_clear_pointer (&chances->context, g_main_context_unref);
  g_free (chances);
}

static void
chances_progress_cb (const StrataMonteCarlo *estimate,
                     double                  fraction,
                     gpointer                user_data)
{
  _strata_window_job_set_progress (user_data, fraction);
}

static void chances_show (StrataWindow     *self,
                          StrataMonteCarlo *mc,
                          gboolean          final);

typedef struct
{
  StrataWindowJob  *job;
  StrataMonteCarlo *estimate;
} Estimate;

static void
estimate_free (gpointer data)
{
  Estimate *e = data;

  g_clear_pointer (&e->estimate, strata_monte_carlo_free);
  _strata_window_job_unref (e->job);
  g_free (e);
}

/* On the main thread: the first estimate, if its run is still current
 * and has not finished meanwhile. */
static gboolean
estimate_show_cb (gpointer data)
{
  Estimate *e = data;
  ChancesJob *chances = e->job->data;
  g_autoptr(StrataWindow) self = g_weak_ref_get (&chances->window);

  if (self != NULL && self->chances_run.job == e->job)
    chances_show (self, g_steal_pointer (&e->estimate), FALSE);
  return G_SOURCE_REMOVE;
}

static void
chances_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  StrataWindowJob *job = task_data;
  ChancesJob *chances = job->data;
  const StrataChartRequest *request = _strata_window_job_get_request (job);
  StrataMonteCarloParams params;
  StrataMonteCarlo *result;
  GError *error = NULL;

  /* The current strategy (first) against each compared one, every
   * strategy on the same draws; B, for the break-even, the first of them:
   * the run of a deck's chances page (strata-export.h), so Export Deck
   * draws what the view shows. */
  strata_deck_monte_carlo_params (request, &params);
  params.objective = chances->objective;
  params.progress = chances_progress_cb;
  params.progress_data = job;

  /* The first estimate: a run of the first draws alone, which are the
   * first draws of the full run. */
  params.n_draws = CHANCES_FIRST_DRAWS;
  result = strata_monte_carlo_run (request->dataset, &params, cancellable, NULL);
  if (result != NULL)
    {
      Estimate *e = g_new0 (Estimate, 1);
      /* An idle source, never g_main_context_invoke (), which would run
       * the callback here in the worker when the main loop is idle. */
      GSource *source = g_idle_source_new ();

      e->job = _strata_window_job_ref (job);
      e->estimate = result;
      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_callback (source, estimate_show_cb, e, estimate_free);
      g_source_attach (source, chances->context);
      g_source_unref (source);
    }
  params.n_draws = CHANCES_DRAWS;

  result = strata_monte_carlo_run (request->dataset, &params, cancellable, &error);
  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, (GDestroyNotify) strata_monte_carlo_free);
}

static gboolean
bands_are_on (StrataWindow *self)
{
  g_autoptr(GVariant) state = NULL;

  if (self->bands_action == NULL)
    return FALSE;
  state = g_action_get_state (self->bands_action);
  return state != NULL && g_variant_get_boolean (state);
}

/* Whether a view on screen needs the run: the Chances view, or the cost
 * curves with their bands. */
static gboolean
chances_are_wanted (StrataWindow *self)
{
  const char *name = adw_view_stack_get_visible_child_name (self->view_stack);

  return g_strcmp0 (name, "chances") == 0 ||
         (bands_are_on (self) && g_strcmp0 (name, "cost-curves") == 0);
}

static void
chances_stop_spinner (StrataWindow *self)
{
  gtk_spinner_stop (GTK_SPINNER (self->bands_spinner));
  gtk_widget_set_visible (self->bands_spinner, FALSE);
}

static void
chances_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(StrataWindow) self = user_data;
  gboolean current;
  StrataMonteCarlo *mc = _strata_window_run_finish (&self->chances_run, result, &current);

  if (current)
    chances_stop_spinner (self);
  /* Cancelled, superseded, or failed (the status says why). */
  if (mc != NULL)
    chances_show (self, mc, TRUE);
}

/* Shows @mc (taken) in the Chances view and, when on, as the bands; a
 * first estimate (@final FALSE) keeps the run's progress on show. */
static void
chances_show (StrataWindow     *self,
              StrataMonteCarlo *mc,
              gboolean          final)
{
  StrataChartMc *box = _strata_chart_mc_new (mc);

  _strata_chart_view_set_monte_carlo (self->chances_view, box);
  if (bands_are_on (self))
    _strata_chart_view_set_monte_carlo (self->cost_curves_view, box);
  _strata_chart_mc_unref (box);
  if (!final)
    {
      self->chances_estimates++;
      g_autofree char *first = strata_format_figure (mc->n_draws);
      g_autofree char *all = strata_format_figure (CHANCES_DRAWS);
      /* Translators: the first %s is a number of draws ("200"), the
       * second the number of the full run ("2,000") */
      g_autofree char *text = g_strdup_printf (_("First estimate from %s draws; refining with %s…"),
                                               first, all);

      gtk_label_set_label (self->chances_label, text);
    }
}

static void
chances_start (StrataWindow *self)
{
  g_autofree char *draws = NULL;
  g_autofree char *text = NULL;
  StrataChartRequest request;
  ChancesJob *chances;

  _strata_window_build_request (self, &request);
  if (request.dataset == NULL || request.n_strategies == 0)
    return;

  chances = g_new0 (ChancesJob, 1);
  chances->objective = request.objective;
  g_weak_ref_init (&chances->window, self);
  chances->context = g_main_context_ref_thread_default ();
  self->chances_stale = FALSE;

  draws = strata_format_figure (CHANCES_DRAWS);
  /* Translators: %s is a number of draws, such as "2,000" */
  text = g_strdup_printf (_("Drawing %s futures of the uncertain numbers…"), draws);
  if (bands_are_on (self))
    {
      gtk_widget_set_visible (self->bands_spinner, TRUE);
      gtk_spinner_start (GTK_SPINNER (self->bands_spinner));
    }
  _strata_window_run_start (&self->chances_run, self, STRATA_CHART_CHANCES, &request, text,
                            chances, chances_job_free, chances_thread, chances_done_cb);
}

static void
chances_cancel (StrataWindow *self)
{
  _strata_window_run_cancel (&self->chances_run);
  chances_stop_spinner (self);
}

void
_strata_window_update_chances (StrataWindow *self,
                               guint         what)
{
  StrataChartRequest request;

  g_return_if_fail (STRATA_IS_WINDOW (self));

  if (what != 0)
    {
      _strata_window_build_request (self, &request);
      strata_chart_view_set_request (self->chances_view, request.dataset != NULL ? &request : NULL);
    }

  /* Anything but the volume changes the odds. */
  if ((what & ~(guint) STRATA_SCENARIO_CHANGED_VOLUME) != 0)
    {
      chances_cancel (self);
      _strata_chart_view_set_monte_carlo (self->chances_view, NULL);
      _strata_chart_view_set_monte_carlo (self->cost_curves_view, NULL);
      self->chances_stale = TRUE;
    }

  if (self->chances_stale && !_strata_window_run_is_running (&self->chances_run) && chances_are_wanted (self) &&
      _strata_window_dataset (self) != NULL)
    chances_start (self);
}

static void
on_bands_changed_cb (StrataWindow *self)
{
  StrataChartMc *mc = _strata_chart_view_get_monte_carlo (self->chances_view);

  if (!bands_are_on (self))
    {
      _strata_chart_view_set_monte_carlo (self->cost_curves_view, NULL);
      if (_strata_window_run_is_running (&self->chances_run) && !chances_are_wanted (self))
        {
          chances_cancel (self);
          self->chances_stale = TRUE;
        }
      return;
    }
  /* The result on show is current: the bands are ready at once. */
  if (mc != NULL && !self->chances_stale)
    _strata_chart_view_set_monte_carlo (self->cost_curves_view, mc);
  else if (_strata_window_run_is_running (&self->chances_run))
    {
      gtk_widget_set_visible (self->bands_spinner, TRUE);
      gtk_spinner_start (GTK_SPINNER (self->bands_spinner));
    }
  else
    self->chances_stale = TRUE;
  _strata_window_update_chances (self, 0);
}

void
_strata_window_init_chances (StrataWindow *self)
{
  g_return_if_fail (STRATA_IS_WINDOW (self));
  g_return_if_fail (self->bands_action == NULL);

  _strata_window_run_init (&self->chances_run, self->chances_status, self->chances_label,
                           self->chances_progress, (GDestroyNotify) strata_monte_carlo_free);

  if (self->settings != NULL)
    self->bands_action = g_settings_create_action (self->settings, "show-bands");
  else
    self->bands_action = G_ACTION (g_simple_action_new_stateful ("show-bands", NULL,
                                                                 g_variant_new_boolean (FALSE)));
  g_action_map_add_action (G_ACTION_MAP (self), self->bands_action);
  g_signal_connect_object (self->bands_action, "notify::state",
                           G_CALLBACK (on_bands_changed_cb), self, G_CONNECT_SWAPPED);
}

const StrataMonteCarlo *
_strata_window_get_shown_monte_carlo (StrataWindow *self)
{
  StrataChartMc *mc;

  g_return_val_if_fail (STRATA_IS_WINDOW (self), NULL);

  if (self->chances_view == NULL || self->chances_stale)
    return NULL;
  mc = _strata_chart_view_get_monte_carlo (self->chances_view);
  if (mc == NULL || !(bands_are_on (self) || _strata_window_get_view_kind (self) == STRATA_CHART_CHANCES))
    return NULL;
  return mc->result;
}

void
_strata_window_dispose_chances (StrataWindow *self)
{
  chances_cancel (self);
  if (self->bands_action != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->bands_action, self);
      /* A settings action lives as long as the settings: taken out of the
       * window's action group, a later change of "show-bands" (from
       * another window) no longer reaches this window's dead group. */
      g_action_map_remove_action (G_ACTION_MAP (self), "show-bands");
    }
  g_clear_object (&self->bands_action);
}

const StrataMonteCarlo *
_strata_window_get_chances (StrataWindow *self,
                            gboolean     *running,
                            guint        *started,
                            guint        *cancelled)
{
  StrataChartMc *mc;

  g_return_val_if_fail (STRATA_IS_WINDOW (self), NULL);

  _strata_window_run_get_state (&self->chances_run, running, started, cancelled);
  mc = _strata_chart_view_get_monte_carlo (self->chances_view);
  return mc != NULL ? mc->result : NULL;
}

void
_strata_window_cost_curves_buttons_mapped (StrataWindow *self)
{
  GtkWidget *buttons = self->cost_curves_buttons;
  int spinner = 0, natural = 0;

  g_return_if_fail (STRATA_IS_WINDOW (self));

  /* Their width with the spinner that shows while the bands run (so the
   * title does not move then), their margin, and a gap. */
  gtk_widget_measure (buttons, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
  if (!gtk_widget_get_visible (self->bands_spinner))
    gtk_widget_measure (self->bands_spinner, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &spinner, NULL, NULL);
  _strata_chart_view_set_title_inset (self->cost_curves_view,
                                      natural + spinner + 4 + gtk_widget_get_margin_end (buttons) + 12);
}

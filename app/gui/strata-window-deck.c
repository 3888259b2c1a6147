/* strata-window-deck.c: Export Deck in a worker thread
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "strata-window"

#include "config.h"

#include <glib/gi18n.h>

#include "strata/strata-export.h"

#include "strata-chart-render-private.h"
#include "strata-window-private.h"

/*
 * A deck draws every view again, with the switch points and the Monte
 * Carlo runs the views on screen have not made: a fraction of a second on
 * the samples, seconds near the limits (README, "Limits").  So it is drawn
 * in a worker from the scenario's immutable snapshot and the runs on show,
 * both held by reference, while the window stays live: a toast says the
 * deck is under way, then where it went, or why not.  Decks started one
 * after the other each write their own file (atomically, as every export
 * does); closing the window, even the last one, lets a started deck
 * finish (the application is held until it is written).
 */

typedef struct
{
  StrataScenarioRequest *scenario;  /* (owned) what @request points into */
  StrataChartMc         *mc;        /* (owned) (nullable) the Monte Carlo on show */
  StrataChartMc         *band;      /* (owned) (nullable) the Roadmap view's run */
  StrataChartRequest     request;
  StrataExportFormat     format;
  char                  *path;
  AdwToast              *toast;     /* (owned) "Exporting …", main thread only */
  GApplication          *application; /* (owned) (nullable) held until written, main thread only */
} DeckJob;

static void
deck_job_free (gpointer data)
{
  DeckJob *job = data;

  strata_scenario_request_unref (job->scenario);
  g_clear_pointer (&job->mc, _strata_chart_mc_unref);
  g_clear_pointer (&job->band, _strata_chart_mc_unref);
  g_free (job->path);
  g_free (job);
}

static void
deck_thread (GTask        *task,
             gpointer      source,
             gpointer      data,
             GCancellable *cancellable)
{
  DeckJob *job = data;
  g_autoptr(StrataMonteCarlo) mc = NULL;
  StrataChartRequest request = job->request;
  StrataExportOptions options;
  GError *error = NULL;
  gboolean written;

  /* The Monte Carlo on show goes into the deck (the cost curves' bands,
   * the chances page) only when it is the full run, never a first
   * estimate: then the deck's own run (the one the view runs) takes its
   * place. */
  if (request.monte_carlo != NULL && request.monte_carlo->n_draws < STRATA_DECK_DRAWS)
    request.monte_carlo = mc = strata_deck_monte_carlo (&request, NULL, NULL);

  strata_export_options_init (&options, job->format, STRATA_THEME_SLIDE);
  if (job->format == STRATA_EXPORT_PDF)
    written = strata_deck_export_pdf (&request, &options, job->path, &error);
  else
    written = strata_deck_export_dir (&request, &options, job->path, &error);
  if (written)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
deck_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr(StrataWindow) self = data;
  DeckJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *message = NULL;

  adw_toast_dismiss (job->toast);
  g_clear_object (&job->toast);
  g_assert (self->n_deck_jobs > 0);
  self->n_deck_jobs--;
  if (job->application != NULL)
    {
      g_application_release (job->application);
      g_clear_object (&job->application);
    }

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      _strata_window_show_error (self, error->message);
      return;
    }
  basename = g_path_get_basename (job->path);
  /* Translators: %s is a file name */
  message = g_strdup_printf (_("Exported “%s”"), basename);
  _strata_window_show_toast (self, message);
}

gboolean
_strata_window_start_deck (StrataWindow        *self,
                           StrataExportFormat   format,
                           const char          *path,
                           GError             **error)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *message = NULL;
  g_autofree char *escaped = NULL;
  DeckJob *job;

  g_return_val_if_fail (STRATA_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (self->request == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("No dataset is open"));
      return FALSE;
    }

  job = g_new0 (DeckJob, 1);
  job->scenario = strata_scenario_request_ref (self->request);
  /* Slides: the slide theme, a headline and a source line on every page,
   * from what the views on screen show. */
  _strata_window_build_export_request (self, &job->request);
  job->request.theme = STRATA_THEME_SLIDE;
  job->request.transparent = FALSE;
  if (job->request.monte_carlo != NULL)
    {
      job->mc = _strata_chart_mc_ref (_strata_chart_view_get_monte_carlo (self->chances_view));
      g_assert (job->mc->result == job->request.monte_carlo);
    }
  if (job->request.roadmap_monte_carlo != NULL)
    {
      job->band = _strata_chart_mc_ref (self->roadmap_box);
      g_assert (job->band->roadmap == job->request.roadmap_monte_carlo);
    }
  job->format = format;
  job->path = g_strdup (path);

  basename = g_path_get_basename (path);
  /* Translators: %s is a file or folder name; the deck is being drawn */
  message = g_strdup_printf (_("Exporting “%s”…"), basename);
  escaped = g_markup_escape_text (message, -1);
  job->toast = adw_toast_new (escaped);
  adw_toast_set_timeout (job->toast, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, g_object_ref (job->toast));

  /* The last window may close before the deck is written: the
   * application stays until it is. */
  if (gtk_window_get_application (GTK_WINDOW (self)) != NULL)
    {
      job->application = G_APPLICATION (g_object_ref (gtk_window_get_application (GTK_WINDOW (self))));
      g_application_hold (job->application);
    }
  self->n_deck_jobs++;
  task = g_task_new (NULL, NULL, deck_done_cb, g_object_ref (self));
  g_task_set_source_tag (task, _strata_window_start_deck);
  g_task_set_task_data (task, job, deck_job_free);
  g_task_run_in_thread (task, deck_thread);
  return TRUE;
}

gboolean
_strata_window_is_exporting_deck (StrataWindow *self)
{
  g_return_val_if_fail (STRATA_IS_WINDOW (self), FALSE);

  return self->n_deck_jobs > 0;
}

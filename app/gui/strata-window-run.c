/* strata-window-run.c: a model run in a worker, with its progress on show
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "strata-window"

#include "config.h"

#include "strata/strata-format.h"

#include "strata-window-private.h"

/*
 * What the Chances view's Monte Carlo and the Roadmap's share: a run in
 * a worker thread on copies of the request (the dataset is immutable,
 * the strategies copied), never on the main thread; a label and a
 * progress bar polled every PROGRESS_PERIOD_MS while it runs; the next
 * change cancels it, and a result that is no longer the current run's
 * is dropped, never shown.
 */

#define PROGRESS_PERIOD_MS 50
/* A run says how long it has left once it has run this long and that
 * much is left (the horizon's draws on links that couple many layers
 * can take most of an hour). */
#define ESTIMATE_AFTER_US  (3 * G_USEC_PER_SEC)

static void
strata_window_job_clear (gpointer data)
{
  StrataWindowJob *job = data;

  g_clear_pointer (&job->render, _strata_render_data_free);
  if (job->data_free != NULL)
    g_clear_pointer (&job->data, job->data_free);
}

StrataWindowJob *
_strata_window_job_ref (StrataWindowJob *job)
{
  return g_atomic_rc_box_acquire (job);
}

void
_strata_window_job_unref (gpointer job)
{
  g_atomic_rc_box_release_full (job, strata_window_job_clear);
}

void
_strata_window_job_set_progress (StrataWindowJob *job,
                                 double           fraction)
{
  g_atomic_int_set (&job->permille, (int) CLAMP (fraction * 1000.0, 0.0, 1000.0));
}

const StrataChartRequest *
_strata_window_job_get_request (StrataWindowJob *job)
{
  return &job->render->request;
}

void
_strata_window_run_init (StrataWindowRun *run,
                         GtkWidget       *status,
                         GtkLabel        *label,
                         GtkProgressBar  *progress,
                         GDestroyNotify   result_free)
{
  run->status = status;
  run->label = label;
  run->progress = progress;
  run->result_free = result_free;
}

static void
strata_window_run_stop_polling (StrataWindowRun *run)
{
  g_clear_handle_id (&run->source, g_source_remove);
  gtk_widget_set_visible (run->status, FALSE);
  g_clear_pointer (&run->text, g_free);
  g_clear_pointer (&run->left, g_free);
}

static gboolean
strata_window_run_poll_cb (gpointer data)
{
  StrataWindowRun *run = data;
  double fraction, elapsed;
  g_autofree char *left = NULL;

  if (run->job == NULL)
    return G_SOURCE_CONTINUE;
  fraction = g_atomic_int_get (&run->job->permille) / 1000.0;
  gtk_progress_bar_set_fraction (run->progress, fraction);
  elapsed = (double) (g_get_monotonic_time () - run->since);
  /* The rate so far, once there is some: the draws take about the same
   * time each. */
  if (run->text != NULL && elapsed >= ESTIMATE_AFTER_US && fraction > 0 && fraction < 1)
    left = strata_format_time_left (elapsed / G_USEC_PER_SEC * (1 - fraction) / fraction);
  if (g_strcmp0 (left, run->left) != 0)
    {
      g_autofree char *text = left != NULL ? g_strdup_printf ("%s\n%s", run->text, left) : NULL;

      gtk_label_set_label (run->label, text != NULL ? text : run->text);
      g_free (run->left);
      run->left = g_steal_pointer (&left);
    }
  return G_SOURCE_CONTINUE;
}

StrataWindowJob *
_strata_window_run_start (StrataWindowRun          *run,
                          gpointer                  window,
                          StrataChartKind           kind,
                          const StrataChartRequest *request,
                          const char               *text,
                          gpointer                  data,
                          GDestroyNotify            data_free,
                          GTaskThreadFunc           thread,
                          GAsyncReadyCallback       done)
{
  g_autoptr(GTask) task = NULL;
  StrataWindowJob *job;

  g_return_val_if_fail (run->job == NULL, NULL);

  job = g_atomic_rc_box_new0 (StrataWindowJob);
  job->render = _strata_render_data_new (kind, request, NULL, 1, 1, 1, 0);
  job->data = data;
  job->data_free = data_free;
  run->job = _strata_window_job_ref (job);
  run->cancellable = g_cancellable_new ();
  run->started++;

  gtk_label_set_label (run->label, text);
  g_free (run->text);
  run->text = g_strdup (text);
  g_clear_pointer (&run->left, g_free);
  run->since = g_get_monotonic_time ();
  gtk_progress_bar_set_fraction (run->progress, 0);
  gtk_widget_set_visible (GTK_WIDGET (run->progress), TRUE);
  gtk_widget_set_visible (run->status, TRUE);
  if (run->source == 0)
    run->source = g_timeout_add (PROGRESS_PERIOD_MS, strata_window_run_poll_cb, run);

  /* The task has no source object: its last reference may go in the
   * worker thread, and a widget must never be finalized there. */
  task = g_task_new (NULL, run->cancellable, done, g_object_ref (window));
  g_task_set_source_tag (task, _strata_window_run_start);
  g_task_set_task_data (task, job, _strata_window_job_unref);
  g_task_run_in_thread (task, thread);
  return job;
}

void
_strata_window_run_cancel (StrataWindowRun *run)
{
  if (run->cancellable != NULL)
    g_cancellable_cancel (run->cancellable);
  g_clear_object (&run->cancellable);
  g_clear_pointer (&run->job, _strata_window_job_unref);
  if (run->status != NULL)
    strata_window_run_stop_polling (run);
}

gpointer
_strata_window_run_finish (StrataWindowRun *run,
                           GAsyncResult    *result,
                           gboolean        *current)
{
  g_autoptr(GError) error = NULL;
  gpointer value = g_task_propagate_pointer (G_TASK (result), &error);

  if (current != NULL)
    *current = FALSE;
  if (value == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* A newer run took its place (or the window closed). */
      run->cancelled++;
      return NULL;
    }
  if (g_task_get_task_data (G_TASK (result)) != run->job)
    {
      g_clear_pointer (&value, run->result_free);
      return NULL;
    }

  if (current != NULL)
    *current = TRUE;
  g_clear_pointer (&run->job, _strata_window_job_unref);
  g_clear_object (&run->cancellable);
  strata_window_run_stop_polling (run);
  if (value == NULL)
    {
      /* Say why where the progress was (a dataset too large for a run,
       * a strategy that cannot be adopted now, ...). */
      gtk_widget_set_visible (GTK_WIDGET (run->progress), FALSE);
      gtk_label_set_label (run->label, error->message);
      gtk_widget_set_visible (run->status, TRUE);
    }
  return value;
}

gboolean
_strata_window_run_is_running (const StrataWindowRun *run)
{
  return run->job != NULL;
}

void
_strata_window_run_get_state (const StrataWindowRun *run,
                              gboolean              *running,
                              guint                 *started,
                              guint                 *cancelled)
{
  if (running != NULL)
    *running = run->job != NULL;
  if (started != NULL)
    *started = run->started;
  if (cancelled != NULL)
    *cancelled = run->cancelled;
}

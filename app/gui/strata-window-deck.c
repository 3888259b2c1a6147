/* strata-window-deck.c: Export Deck and Print in a worker thread
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
 *
 * Print and Print Deck draw the same way: the worker records each page
 * (the chart on screen in the light theme, or every slide of the deck)
 * into a cairo recording surface, then the print dialog opens and
 * GtkPrintOperation's pages replay them, scaled to the paper: vector
 * still, and the window never waits on a deck's drawing (seconds near
 * the limits).  The pages are those of the scenario when Print was
 * chosen.
 */

#define PAGE_WIDTH  1920
#define PAGE_HEIGHT 1080

typedef struct
{
  StrataScenarioRequest *scenario;  /* (owned) what @request points into */
  StrataChartMc         *mc;        /* (owned) (nullable) the Monte Carlo on show */
  StrataChartMc         *band;      /* (owned) (nullable) the Roadmap view's run */
  StrataChartRequest     request;
  StrataExportFormat     format;
  char                  *path;      /* (nullable) for a print: the PDF to print to
                                     * without the dialog (the tests) */
  gboolean               print;     /* record pages to print, not a file */
  gboolean               print_deck; /* every slide, or the chart @kind */
  StrataChartKind        kind;
  GPtrArray             *pages;     /* (owned) (nullable) the recorded pages */
  GApplication          *application; /* (owned) (nullable) held until written, main thread only */
} DeckJob;

static void
deck_job_free (gpointer data)
{
  DeckJob *job = data;

  strata_scenario_request_unref (job->scenario);
  g_clear_pointer (&job->mc, _strata_chart_mc_unref);
  g_clear_pointer (&job->band, _strata_chart_mc_unref);
  g_clear_pointer (&job->pages, g_ptr_array_unref);
  g_free (job->path);
  g_free (job);
}

/* In the worker: every page to print, recorded at 1920x1080. */
static void
record_pages (DeckJob                  *job,
              const StrataChartRequest *request)
{
  cairo_rectangle_t extents = { 0, 0, PAGE_WIDTH, PAGE_HEIGHT };
  guint n = job->print_deck ? strata_deck_n_pages (request) : 1;
  StrataExportOptions options;

  strata_export_options_init (&options, STRATA_EXPORT_PDF, request->theme);
  job->pages = g_ptr_array_new_with_free_func ((GDestroyNotify) cairo_surface_destroy);
  for (guint page = 0; page < n; page++)
    {
      cairo_surface_t *surface = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, &extents);
      cairo_t *cr = cairo_create (surface);

      if (job->print_deck)
        strata_deck_draw_page (request, &options, page, cr, PAGE_WIDTH, PAGE_HEIGHT);
      else
        strata_chart_draw_page (job->kind, request, &options, cr, PAGE_WIDTH, PAGE_HEIGHT);
      cairo_destroy (cr);
      g_ptr_array_add (job->pages, surface);
    }
}

static gint hold_decks;

void
_strata_window_hold_decks (gboolean hold)
{
  g_atomic_int_set (&hold_decks, hold);
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

  while (g_atomic_int_get (&hold_decks))
    g_usleep (1000);
  /* The Monte Carlo on show goes into the deck (the cost curves' bands,
   * the chances page) only when it is the full run, never a first
   * estimate: then the deck's own run (the one the view runs) takes its
   * place. */
  if ((!job->print || job->print_deck) &&
      request.monte_carlo != NULL && request.monte_carlo->n_draws < STRATA_DECK_DRAWS)
    request.monte_carlo = mc = strata_deck_monte_carlo (&request, NULL, NULL);

  if (job->print)
    {
      record_pages (job, &request);
      g_task_return_boolean (task, TRUE);
      return;
    }

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

/* Printing: each recorded page is a 16:9 slide scaled to fit the
 * printable area. */
static void
on_draw_page_cb (GtkPrintOperation *operation,
                 GtkPrintContext   *context,
                 int                page,
                 GPtrArray         *pages)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  double width = gtk_print_context_get_width (context);
  double height = gtk_print_context_get_height (context);
  double scale = MIN (width / PAGE_WIDTH, height / PAGE_HEIGHT);

  if (page < 0 || (guint) page >= pages->len)
    return;
  cairo_save (cr);
  cairo_translate (cr, (width - PAGE_WIDTH * scale) / 2, (height - PAGE_HEIGHT * scale) / 2);
  cairo_scale (cr, scale, scale);
  cairo_rectangle (cr, 0, 0, PAGE_WIDTH, PAGE_HEIGHT);
  cairo_clip (cr);
  cairo_set_source_surface (cr, g_ptr_array_index (pages, page), 0, 0);
  cairo_paint (cr);
  cairo_restore (cr);
}

static void print_pages (StrataWindow *self,
                         GTask        *task);

/* The next print job waiting, once the one running is done. */
static gboolean
print_next_cb (gpointer data)
{
  StrataWindow *self = data;
  g_autoptr(GTask) task = NULL;

  self->print_next = 0;
  if (self->printing == NULL && (task = g_queue_pop_head (&self->print_queue)) != NULL)
    print_pages (self, task);
  return G_SOURCE_REMOVE;
}

/* The print operation running ended (@result): its error, then the next
 * job, after the operation's own main loop (a PDF's) has returned. */
static void
print_finish (StrataWindow            *self,
              GtkPrintOperation       *operation,
              GtkPrintOperationResult  result)
{
  g_autoptr(GError) error = NULL;

  if (self->printing != operation)
    return;
  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      gtk_print_operation_get_error (operation, &error);
      _strata_window_show_error (self, error != NULL ? error->message : _("The pages could not be printed"));
    }
  g_signal_handlers_disconnect_by_data (operation, self);
  g_clear_object (&self->printing);
  if (!g_queue_is_empty (&self->print_queue) && self->print_next == 0)
    self->print_next = g_idle_add (print_next_cb, self);
}

static void
on_print_done_cb (GtkPrintOperation       *operation,
                  GtkPrintOperationResult  result,
                  StrataWindow            *self)
{
  print_finish (self, operation, result);
}

/* The print dialog (or, with the job's path, the PDF it would print) on
 * the pages @task recorded.  The dialog runs without a main loop of its
 * own: the window goes on, and a print job drawn while a dialog is open
 * waits for it (one dialog at a time, in the order they were chosen). */
static void
print_pages (StrataWindow *self,
             GTask        *task)
{
  DeckJob *job = g_task_get_task_data (task);
  g_autoptr(GtkPrintOperation) operation = NULL;
  g_autoptr(GtkPageSetup) setup = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  GtkPrintOperationResult result;

  if (self->printing != NULL)
    {
      g_queue_push_tail (&self->print_queue, g_object_ref (task));
      return;
    }
  operation = gtk_print_operation_new ();
  setup = gtk_page_setup_new ();
  name = _strata_window_suggest_name (self, job->print_deck ? "deck" : "", "pdf");

  /* Slides are wide: landscape unless the user says otherwise. */
  gtk_page_setup_set_orientation (setup, GTK_PAGE_ORIENTATION_LANDSCAPE);
  gtk_print_operation_set_default_page_setup (operation, setup);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_job_name (operation, name);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  gtk_print_operation_set_n_pages (operation, (int) job->pages->len);
  gtk_print_operation_set_allow_async (operation, TRUE);
  g_signal_connect_data (operation, "draw-page", G_CALLBACK (on_draw_page_cb),
                         g_ptr_array_ref (job->pages), (GClosureNotify) G_CALLBACK (g_ptr_array_unref), 0);
  g_signal_connect (operation, "done", G_CALLBACK (on_print_done_cb), self);
  self->printing = g_object_ref (operation);
  if (job->path != NULL)
    {
      /* A PDF is written before run () returns (never asynchronously). */
      gtk_print_operation_set_export_filename (operation, job->path);
      result = gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_EXPORT, GTK_WINDOW (self), &error);
    }
  else
    {
      result = gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                                        GTK_WINDOW (self), &error);
    }
  /* "done" has said it, unless the operation goes on. */
  if (result != GTK_PRINT_OPERATION_RESULT_IN_PROGRESS && self->printing == operation)
    {
      if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
        _strata_window_show_error (self, error->message);
      print_finish (self, operation, GTK_PRINT_OPERATION_RESULT_APPLY);
    }
}

/* The toast saying a deck or a print is being drawn: one for all the
 * window's jobs, shown at once (high priority) and dismissed when the last
 * ends, but never within PROGRESS_SHOWN_US of being shown.  libadwaita
 * 1.2 crashes when a toast that replaced another (a 500 ms show
 * animation) is dismissed within 200 ms: its hide animation ends first
 * and frees what the show animation's end still uses (g_object_unref in
 * adw_animation_skip; two prints one after the other did it). */
#define PROGRESS_SHOWN_US (600 * G_TIME_SPAN_MILLISECOND)

static void
progress_show (StrataWindow *self,
               const char   *message)
{
  g_autofree char *escaped = g_markup_escape_text (message, -1);

  g_clear_handle_id (&self->progress_dismiss, g_source_remove);
  if (self->progress_toast != NULL)
    {
      adw_toast_set_title (self->progress_toast, escaped);
      return;
    }
  self->progress_toast = adw_toast_new (escaped);
  self->progress_serial++;
  adw_toast_set_timeout (self->progress_toast, 0);
  adw_toast_set_priority (self->progress_toast, ADW_TOAST_PRIORITY_HIGH);
  self->progress_since = g_get_monotonic_time ();
  adw_toast_overlay_add_toast (self->toast_overlay, g_object_ref (self->progress_toast));
}

static gboolean
progress_dismiss_cb (gpointer data)
{
  StrataWindow *self = data;

  self->progress_dismiss = 0;
  self->progress_covered = 0;
  adw_toast_dismiss (self->progress_toast);
  g_clear_object (&self->progress_toast);
  return G_SOURCE_REMOVE;
}

/* When no job is left: PROGRESS_SHOWN_US after the toast last changed
 * place (shown, put back in the queue by an urgent toast, or shown again
 * after it), whether on screen or waiting (libadwaita 1.2 also fails an
 * assertion when a toast put back is shown again before its hiding has
 * ended, about 300 ms). */
static void
progress_hide (StrataWindow *self)
{
  gint64 left;

  if (self->n_deck_jobs > 0 || self->progress_toast == NULL || self->progress_dismiss != 0)
    return;
  left = self->progress_since + PROGRESS_SHOWN_US - g_get_monotonic_time ();
  if (left <= 0)
    progress_dismiss_cb (self);
  else
    self->progress_dismiss = g_timeout_add ((guint) (left / G_TIME_SPAN_MILLISECOND) + 1, progress_dismiss_cb, self);
}

/* An urgent toast over the progress toast went: the progress toast shows
 * again now, and its PROGRESS_SHOWN_US count from now (it replaces the
 * one dismissed, as when it was first shown). */
static void
on_urgent_dismissed_cb (AdwToast     *toast,
                        StrataWindow *self)
{
  /* One that covered a progress toast since gone does not count. */
  if (GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (toast), "strata-covered")) != self->progress_serial ||
      self->progress_toast == NULL || self->progress_covered == 0)
    return;
  if (--self->progress_covered > 0)
    return;
  self->progress_since = g_get_monotonic_time ();
  if (self->progress_dismiss != 0)
    {
      g_clear_handle_id (&self->progress_dismiss, g_source_remove);
      progress_hide (self);
    }
}

void
_strata_window_add_urgent_toast (StrataWindow *self,
                                 AdwToast     *toast)
{
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_clear_weak_pointer (&self->urgent_toast);
  g_set_weak_pointer (&self->urgent_toast, toast);
  if (self->progress_toast != NULL)
    {
      self->progress_covered++;
      self->progress_since = g_get_monotonic_time ();
      g_object_set_data (G_OBJECT (toast), "strata-covered", GUINT_TO_POINTER (self->progress_serial));
      g_signal_connect_object (toast, "dismissed", G_CALLBACK (on_urgent_dismissed_cb), self, 0);
    }
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
  if (self->progress_dismiss != 0)
    {
      /* Waiting out its time on screen: from now instead. */
      g_clear_handle_id (&self->progress_dismiss, g_source_remove);
      progress_hide (self);
    }
}

void
_strata_window_dispose_deck (StrataWindow *self)
{
  /* The overlay goes with the window, and its toasts. */
  g_clear_handle_id (&self->progress_dismiss, g_source_remove);
  g_clear_object (&self->progress_toast);
  g_clear_weak_pointer (&self->urgent_toast);
  /* A print dialog open goes with its parent; the jobs waiting for it
   * are dropped. */
  g_clear_handle_id (&self->print_next, g_source_remove);
  g_queue_clear_full (&self->print_queue, g_object_unref);
  if (self->printing != NULL)
    g_signal_handlers_disconnect_by_data (self->printing, self);
  g_clear_object (&self->printing);
}

static void
deck_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr(StrataWindow) self = data;
  DeckJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  g_assert (self->n_deck_jobs > 0);
  self->n_deck_jobs--;
  progress_hide (self);
  if (job->print && g_task_propagate_boolean (G_TASK (result), &error) &&
      gtk_widget_get_mapped (GTK_WIDGET (self)))
    print_pages (self, G_TASK (result));
  if (job->application != NULL)
    {
      g_application_release (job->application);
      g_clear_object (&job->application);
    }

  if (job->print)
    return;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      _strata_window_show_error (self, error->message);
      return;
    }
  _strata_window_show_exported (self, job->path);
}

/* A job on what the views on screen show, in @theme. */
static DeckJob *
deck_job_new (StrataWindow *self,
              StrataTheme   theme)
{
  DeckJob *job = g_new0 (DeckJob, 1);

  job->scenario = strata_scenario_request_ref (self->request);
  _strata_window_build_export_request (self, &job->request);
  job->request.theme = theme;
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
  return job;
}

/* Runs @job in a worker, with a toast saying @message until it is done. */
static void
deck_job_start (StrataWindow *self,
                DeckJob      *job,
                const char   *message)
{
  g_autoptr(GTask) task = NULL;

  progress_show (self, message);

  /* The last window may close before the deck is written: the
   * application stays until it is. */
  if (gtk_window_get_application (GTK_WINDOW (self)) != NULL)
    {
      job->application = G_APPLICATION (g_object_ref (gtk_window_get_application (GTK_WINDOW (self))));
      g_application_hold (job->application);
    }
  self->n_deck_jobs++;
  task = g_task_new (NULL, NULL, deck_done_cb, g_object_ref (self));
  g_task_set_source_tag (task, deck_job_start);
  g_task_set_task_data (task, job, deck_job_free);
  g_task_run_in_thread (task, deck_thread);
}

gboolean
_strata_window_start_deck (StrataWindow        *self,
                           StrataExportFormat   format,
                           const char          *path,
                           GError             **error)
{
  g_autofree char *basename = NULL;
  g_autofree char *message = NULL;
  DeckJob *job;

  g_return_val_if_fail (STRATA_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (self->request == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("No dataset is open"));
      return FALSE;
    }

  /* Slides: the slide theme, a headline and a source line on every page. */
  job = deck_job_new (self, STRATA_THEME_SLIDE);
  job->format = format;
  job->path = g_strdup (path);
  basename = g_path_get_basename (path);
  /* Translators: %s is a file or folder name; the deck is being drawn */
  message = g_strdup_printf (_("Exporting “%s”…"), basename);
  deck_job_start (self, job, message);
  return TRUE;
}

gboolean
_strata_window_start_print (StrataWindow  *self,
                            gboolean       deck,
                            const char    *pdf,
                            GError       **error)
{
  DeckJob *job;

  g_return_val_if_fail (STRATA_IS_WINDOW (self), FALSE);

  if (self->request == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("No dataset is open"));
      return FALSE;
    }

  /* The deck's slides, or the chart on screen on white paper. */
  job = deck_job_new (self, deck ? STRATA_THEME_SLIDE : STRATA_THEME_LIGHT);
  job->print = TRUE;
  job->print_deck = deck;
  job->kind = _strata_window_get_view_kind (self);
  job->path = g_strdup (pdf);
  deck_job_start (self, job, deck ? _("Drawing the deck to print…") : _("Drawing the chart to print…"));
  return TRUE;
}

gboolean
_strata_window_is_exporting_deck (StrataWindow *self)
{
  g_return_val_if_fail (STRATA_IS_WINDOW (self), FALSE);

  return self->n_deck_jobs > 0 || self->printing != NULL || !g_queue_is_empty (&self->print_queue);
}

/* strata-window-load.c: the window asks its session to load and follows
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "strata-window"

#include "config.h"

#include <glib/gi18n.h>

#include "strata-load-errors.h"
#include "strata-window-private.h"

/*
 * The session (strata-session.c) loads files in a worker and keeps Open
 * Recent; the window shows what came back: the dataset, or the error as
 * a toast (the first problem) and in the problems dialog (all of them).
 * A newer load supersedes the one under way: that one is cancelled and
 * its result never shown.
 */

typedef struct
{
  StrataWindow *window;       /* (owned) */
  GCancellable *cancellable;  /* (owned) this load's */
  gulong        handler;      /* cancels it when the window's is */
  char         *path;
  gboolean      fallback_to_sample;
} LoadData;

static void
load_data_free (LoadData *load)
{
  g_cancellable_disconnect (load->window->cancellable, load->handler);
  g_object_unref (load->cancellable);
  g_object_unref (load->window);
  g_free (load->path);
  g_free (load);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoadData, load_data_free)

static void
cancel_load_cb (GCancellable *window_cancellable,
                gpointer      load_cancellable)
{
  g_cancellable_cancel (load_cancellable);
}

/* The loader names the file by its full path on every line; the toast
 * shows the first problem with just the file name, and how many more. */
static char *
strata_window_summarize_error (const char *path,
                               const char *message)
{
  g_auto(GStrv) lines = g_strsplit (message, "\n", -1);
  g_autofree char *basename = path != NULL ? g_path_get_basename (path) : NULL;
  g_autoptr(GString) first = NULL;
  guint n_lines = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    if (lines[i][0] != '\0')
      n_lines++;

  first = g_string_new (lines[0] != NULL ? lines[0] : message);
  if (path != NULL && g_str_has_prefix (first->str, path))
    g_string_replace (first, path, basename, 1);

  if (n_lines > 1)
    /* Translators: appended to the first error of a file */
    g_string_append_printf (first,
                            ngettext (" (and %u more problem)", " (and %u more problems)", n_lines - 1),
                            n_lines - 1);

  return g_string_free (g_steal_pointer (&first), FALSE);
}

static void
strata_window_load_failed (StrataWindow *self,
                           LoadData     *load,
                           const GError *error)
{
  g_autofree char *message = strata_window_summarize_error (load->path, error->message);

  g_debug ("%s", error->message);
  if (_strata_window_dataset (self) == NULL && load->fallback_to_sample)
    strata_window_open_sample (self, STRATA_DEFAULT_SAMPLE);
  if (_strata_window_dataset (self) == NULL)
    _strata_window_show_error (self, message);
  else
    {
      g_free (self->last_error);
      self->last_error = g_strdup (message);
    }
  /* Every problem, by name and line, in full. */
  _strata_load_errors_present (GTK_WINDOW (self), load->path, error);
}

static void
strata_window_load_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  /* The window is held by the load's data, not as the task's source: its
   * last reference may not go in the worker thread. */
  g_autoptr(LoadData) load = user_data;
  StrataWindow *self = load->window;
  g_autoptr(StrataDataset) dataset = NULL;
  g_autoptr(GError) error = NULL;

  g_assert (self->n_loading > 0);
  self->n_loading--;

  dataset = strata_session_load_finish (STRATA_SESSION (object), result, &error);
  /* Superseded by a newer load, or the window closed. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (dataset == NULL)
    {
      strata_window_load_failed (self, load, error);
      return;
    }

  {
    g_autofree char *basename = g_path_get_basename (load->path);
    g_autoptr(GFile) file = g_file_new_for_path (load->path);

    _strata_window_set_dataset (self, dataset, file, basename);
  }
}

void
_strata_window_load_path (StrataWindow *self,
                          const char   *path,
                          gboolean      fallback_to_sample)
{
  LoadData *load;

  g_return_if_fail (STRATA_IS_WINDOW (self));

  /* The newest load wins: the one under way is not shown. */
  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();

  load = g_new0 (LoadData, 1);
  load->window = g_object_ref (self);
  load->cancellable = g_object_ref (self->load_cancellable);
  /* Closing the window cancels it too. */
  load->handler = g_cancellable_connect (self->cancellable, G_CALLBACK (cancel_load_cb),
                                         g_object_ref (load->cancellable), g_object_unref);
  load->path = g_strdup (path);
  load->fallback_to_sample = fallback_to_sample;

  self->n_loading++;
  strata_session_load_async (self->session, path, self->load_cancellable,
                             strata_window_load_cb, load);
}

void
_strata_window_dispose_load (StrataWindow *self)
{
  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
}

/**
 * strata_window_open:
 * @self: a #StrataWindow
 * @file: the dataset to open
 *
 * Loads @file in a worker thread.  If it fails, the current dataset stays
 * and a toast says why; a window that has no dataset yet falls back to the
 * default sample so that it is never empty.
 */
void
strata_window_open (StrataWindow *self,
                    GFile        *file)
{
  g_autofree char *path = NULL;

  g_return_if_fail (STRATA_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_autofree char *uri = g_file_get_uri (file);
      g_autofree char *message = NULL;

      /* Translators: %s is a URI */
      message = g_strdup_printf (_("%s: error: only local files can be opened"), uri);
      if (_strata_window_dataset (self) == NULL)
        strata_window_open_sample (self, STRATA_DEFAULT_SAMPLE);
      _strata_window_show_error (self, message);
      return;
    }

  _strata_window_load_path (self, path, TRUE);
}

void
strata_window_open_sample (StrataWindow *self,
                           const char   *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StrataDataset) dataset = NULL;
  g_autofree char *display_name = NULL;

  g_return_if_fail (STRATA_IS_WINDOW (self));
  g_return_if_fail (name != NULL);

  dataset = strata_session_load_sample (self->session, name, &display_name, &error);
  if (dataset == NULL)
    {
      g_autofree char *message = strata_window_summarize_error (NULL, error->message);

      _strata_window_show_error (self, message);
      return;
    }

  _strata_window_set_dataset (self, dataset, NULL, display_name);
}

void
_strata_window_update_recent_menu (StrataWindow *self)
{
  strata_session_fill_recent_menu (self->session, self->recent_section);
}

/* strata-window-dialogs.c: the window's file dialogs
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "strata-window"

#include "config.h"

#include <glib/gi18n.h>

#include "strata-file-chooser.h"
#include "strata-window-private.h"

/*
 * Open Dataset and every export's save dialog, through the one file
 * chooser wrapper (strata-file-chooser.c, which hides the GTK version's
 * dialog API).  Each starts in the session's last folder, and a file
 * written puts its folder there.  Save As (the dataset itself) lives with
 * saving, in strata-window-file.c.  And the questions the window asks
 * (unsaved changes, a file changed on disk, restoring a draft), one at a
 * time.
 */

static const struct {
  StrataExportFormat  format;
  const char         *name;
  const char         *mime_type;
} export_formats[] = {
  { STRATA_EXPORT_PNG, "png", "image/png" },
  { STRATA_EXPORT_SVG, "svg", "image/svg+xml" },
  { STRATA_EXPORT_PDF, "pdf", "application/pdf" },
};

GtkFileFilter *
_strata_window_new_filter (const char *name,
                           const char *pattern,
                           const char *mime_type)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  gtk_file_filter_add_pattern (filter, pattern);
  if (mime_type != NULL)
    gtk_file_filter_add_mime_type (filter, mime_type);
  return filter;
}

static GtkFileFilter *
strata_window_new_export_filter (StrataExportFormat format)
{
  for (guint i = 0; i < G_N_ELEMENTS (export_formats); i++)
    {
      if (export_formats[i].format == format)
        {
          g_autofree char *pattern = g_strdup_printf ("*.%s", export_formats[i].name);
          g_autofree char *upper = g_ascii_strup (export_formats[i].name, -1);

          return _strata_window_new_filter (upper, pattern, export_formats[i].mime_type);
        }
    }
  return gtk_file_filter_new ();
}

/* -- Open ------------------------------------------------------------------- */

static void
on_open_chosen_cb (GFile    *file,
                   gpointer  user_data)
{
  StrataWindow *self = user_data;

  if (file != NULL)
    strata_window_open (self, file);
}

void
_strata_window_run_open_dialog (StrataWindow *self)
{
  g_autoptr(GtkFileFilter) datasets = _strata_window_new_filter (_("Stack Datasets"), "*.strata.json",
                                                                 "application/json");
  g_autoptr(GtkFileFilter) all = _strata_window_new_filter (_("All Files"), "*", NULL);
  g_autoptr(GFile) folder = strata_session_dup_last_folder (self->session);
  GtkFileFilter *filters[] = { datasets, all, NULL };
  StrataFileChooserRequest request = {
    .action = STRATA_FILE_CHOOSER_OPEN,
    .title = _("Open Dataset"),
    .accept_label = _("_Open"),
    .filters = filters,
    .folder = folder,
  };

  gtk_file_filter_add_pattern (datasets, "*.json");
  strata_file_chooser_run (GTK_WINDOW (self), &request, on_open_chosen_cb,
                           g_object_ref (self), g_object_unref);
}

/* -- Exports ---------------------------------------------------------------- */

struct _StrataWindowWrite
{
  StrataWindow         *window;  /* (owned) */
  StrataWindowWriter    write;   /* NULL: the chart on screen with @chart */
  StrataExportSettings  chart;
  gboolean              started; /* @write only starts it: no toast here */
};

StrataWindowWrite *
_strata_window_write_new (StrataWindow               *self,
                          StrataWindowWriter          write,
                          const StrataExportSettings *chart)
{
  StrataWindowWrite *data = g_new0 (StrataWindowWrite, 1);

  g_return_val_if_fail ((write == NULL) != (chart == NULL), NULL);

  data->window = g_object_ref (self);
  data->write = write;
  if (chart != NULL)
    _strata_export_settings_copy (chart, &data->chart);
  return data;
}

StrataWindowWrite *
_strata_window_write_new_started (StrataWindow       *self,
                                  StrataWindowWriter  start)
{
  StrataWindowWrite *data = _strata_window_write_new (self, start, NULL);

  data->started = TRUE;
  return data;
}

void
_strata_window_write_free (StrataWindowWrite *data)
{
  g_clear_object (&data->window);
  _strata_export_settings_clear (&data->chart);
  g_free (data);
}

void
_strata_window_show_exported (StrataWindow *self,
                              const char   *path)
{
  g_autofree char *basename = g_path_get_basename (path);
  /* Translators: %s is a file name */
  g_autofree char *message = g_strdup_printf (_("Exported “%s”"), basename);

  _strata_window_show_toast (self, message);
}

/* Writes @file, remembers its folder and says so in a toast (or says
 * why not). */
void
_strata_window_write_chosen (StrataWindowWrite *data,
                             GFile             *file)
{
  StrataWindow *self = data->window;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_file_get_path (file);
  gboolean written;

  if (path == NULL)
    {
      _strata_window_show_error (self, data->write == NULL ? _("Charts can only be exported to local files")
                                                           : _("Files can only be exported to local folders"));
      return;
    }

  strata_session_remember_folder (self->session, path);
  if (data->write != NULL)
    written = data->write (self, path, &error);
  else
    written = _strata_window_export_to_file (self, &data->chart, path, &error);
  if (!written)
    {
      _strata_window_show_error (self, error->message);
      return;
    }
  if (!data->started)
    _strata_window_show_exported (self, path);
}

static void
on_write_chosen_cb (GFile    *file,
                    gpointer  user_data)
{
  if (file != NULL)
    _strata_window_write_chosen (user_data, file);
}

void
_strata_window_run_write_dialog (StrataWindowWrite *data,
                                 const char        *title,
                                 GtkFileFilter     *filter,
                                 const char        *name)
{
  StrataWindow *self = data->window;
  g_autoptr(GFile) folder = strata_session_dup_last_folder (self->session);
  g_autoptr(GtkFileFilter) owned = filter;
  GtkFileFilter *filters[] = { filter, NULL };
  StrataFileChooserRequest request = {
    .action = STRATA_FILE_CHOOSER_SAVE,
    .title = title,
    .accept_label = _("_Export"),
    .filters = filters,
    .folder = folder,
    .initial_name = name,
  };

  strata_file_chooser_run (GTK_WINDOW (self), &request, on_write_chosen_cb,
                           data, (GDestroyNotify) _strata_window_write_free);
}

void
_strata_window_choose_export_file (StrataWindow               *self,
                                   const StrataExportSettings *options)
{
  g_autofree char *name = NULL;

  g_return_if_fail (STRATA_IS_WINDOW (self));
  g_return_if_fail (options != NULL);

  if (_strata_window_dataset (self) == NULL)
    return;

  /* "ai-cloud-stack-cost-curves.png" */
  name = _strata_window_suggest_name (self, strata_chart_kind_to_string (_strata_window_get_view_kind (self)),
                                      strata_export_format_to_string (options->format));
  _strata_window_run_write_dialog (_strata_window_write_new (self, NULL, options), _("Export Chart"),
                                   strata_window_new_export_filter (options->format), name);
}

/* -- Questions -------------------------------------------------------------- */

AdwMessageDialog *
_strata_window_ask (StrataWindow             *self,
                    const char               *heading,
                    const char               *body,
                    const StrataWindowAnswer *answers,
                    guint                     n_answers,
                    guint                     default_answer)
{
  AdwMessageDialog *dialog;

  g_return_val_if_fail (n_answers > 0 && default_answer < n_answers, NULL);

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), heading, body));
  for (guint i = 0; i < n_answers; i++)
    {
      adw_message_dialog_add_response (dialog, answers[i].id, answers[i].label);
      adw_message_dialog_set_response_appearance (dialog, answers[i].id, answers[i].appearance);
    }
  adw_message_dialog_set_default_response (dialog, answers[default_answer].id);
  /* Escape: the first answer, which changes nothing. */
  adw_message_dialog_set_close_response (dialog, answers[0].id);
  g_set_weak_pointer (&self->dialog, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

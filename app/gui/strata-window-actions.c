/* strata-window-actions.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "strata-window"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "strata/strata-file.h"

#include "strata-export-dialog-private.h"
#include "strata-file-chooser.h"
#include "strata-load-errors.h"
#include "strata-window-private.h"

/*
 * The window's actions: opening (dialog, recent files, samples, drag and
 * drop), undo and redo, export and the clipboard.
 */

#define MAX_RECENT_FILES 10

static const struct {
  StrataExportFormat  format;
  const char         *name;
  const char         *mime_type;
} export_formats[] = {
  { STRATA_EXPORT_PNG, "png", "image/png" },
  { STRATA_EXPORT_SVG, "svg", "image/svg+xml" },
  { STRATA_EXPORT_PDF, "pdf", "application/pdf" },
};

void
_strata_export_settings_load (StrataExportSettings *export_settings,
                              GSettings            *settings)
{
  g_autofree char *format = NULL;
  g_autofree char *theme = NULL;

  memset (export_settings, 0, sizeof *export_settings);
  export_settings->format = STRATA_EXPORT_PNG;
  export_settings->width = 1920;
  export_settings->height = 1080;
  export_settings->scale = 1.0;
  export_settings->theme = STRATA_THEME_LIGHT;
  export_settings->transparent = FALSE;
  export_settings->action_title = FALSE;

  if (settings == NULL)
    return;

  format = g_settings_get_string (settings, "export-format");
  theme = g_settings_get_string (settings, "export-theme");
  if (!strata_export_format_from_string (format, &export_settings->format))
    export_settings->format = STRATA_EXPORT_PNG;
  if (!strata_theme_from_string (theme, &export_settings->theme))
    export_settings->theme = STRATA_THEME_LIGHT;
  export_settings->width = CLAMP (g_settings_get_int (settings, "export-width"),
                                  STRATA_CHART_MIN_SIZE, STRATA_CHART_MAX_SIZE);
  export_settings->height = CLAMP (g_settings_get_int (settings, "export-height"),
                                   STRATA_CHART_MIN_SIZE, STRATA_CHART_MAX_SIZE);
  export_settings->scale = CLAMP (g_settings_get_double (settings, "export-scale"), 1.0, 2.0);
  export_settings->transparent = g_settings_get_boolean (settings, "export-transparent");
  /* The slide theme's headline, as strata-cli export gives it. */
  export_settings->action_title = export_settings->theme == STRATA_THEME_SLIDE;
}

void
_strata_export_settings_save (const StrataExportSettings *export_settings,
                              GSettings                  *settings)
{
  if (settings == NULL)
    return;

  g_settings_set_string (settings, "export-format", strata_export_format_to_string (export_settings->format));
  g_settings_set_string (settings, "export-theme", strata_theme_to_string (export_settings->theme));
  g_settings_set_int (settings, "export-width", export_settings->width);
  g_settings_set_int (settings, "export-height", export_settings->height);
  g_settings_set_double (settings, "export-scale", export_settings->scale);
  g_settings_set_boolean (settings, "export-transparent", export_settings->transparent);
}

void
_strata_export_settings_copy (const StrataExportSettings *src,
                              StrataExportSettings       *dest)
{
  *dest = *src;
  dest->title = g_strdup (src->title);
}

void
_strata_export_settings_clear (StrataExportSettings *export_settings)
{
  g_clear_pointer (&export_settings->title, g_free);
}

void
_strata_export_settings_to_options (const StrataExportSettings *export_settings,
                                    StrataExportOptions        *options)
{
  strata_export_options_init (options, export_settings->format, export_settings->theme);
  options->width = export_settings->width;
  options->height = export_settings->height;
  options->scale = export_settings->scale;
  options->action_title = export_settings->action_title;
  options->title = export_settings->action_title ? export_settings->title : NULL;
}

void
_strata_window_update_actions (StrataWindow *self)
{
  gboolean has_dataset = _strata_window_dataset (self) != NULL;
  GtkWidget *widget = GTK_WIDGET (self);

  gtk_widget_action_set_enabled (widget, "win.undo", has_dataset && strata_scenario_can_undo (self->scenario));
  gtk_widget_action_set_enabled (widget, "win.redo", has_dataset && strata_scenario_can_redo (self->scenario));
  gtk_widget_action_set_enabled (widget, "win.save", has_dataset);
  gtk_widget_action_set_enabled (widget, "win.save-as", has_dataset);
  gtk_widget_action_set_enabled (widget, "win.export", has_dataset);
  gtk_widget_action_set_enabled (widget, "win.export-as", has_dataset);
  gtk_widget_action_set_enabled (widget, "win.export-to-file", has_dataset);
  gtk_widget_action_set_enabled (widget, "win.flip-layer", has_dataset);
  _strata_window_update_export_actions (self);
}

/* Recent files */

static char **
strata_window_dup_recent (StrataWindow *self)
{
  if (self->settings == NULL)
    return g_new0 (char *, 1);
  return g_settings_get_strv (self->settings, "recent-files");
}

void
_strata_window_update_recent_menu (StrataWindow *self)
{
  g_auto(GStrv) recent = strata_window_dup_recent (self);

  g_menu_remove_all (self->recent_section);

  for (guint i = 0; recent[i] != NULL; i++)
    {
      g_autofree char *basename = g_path_get_basename (recent[i]);
      g_autoptr(GString) label = g_string_new (basename);
      g_autoptr(GMenuItem) item = NULL;

      /* Menu labels use mnemonics. */
      g_string_replace (label, "_", "__", 0);
      item = g_menu_item_new (label->str, NULL);
      g_menu_item_set_action_and_target (item, "win.open-recent", "s", recent[i]);
      g_menu_append_item (self->recent_section, item);
    }

  if (recent[0] == NULL)
    g_menu_append (self->recent_section, _("No Recent Files"), "win.no-recent");
}

void
_strata_window_add_recent (StrataWindow *self,
                           const char   *path)
{
  g_auto(GStrv) recent = strata_window_dup_recent (self);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) updated = NULL;
  guint n = 1;

  if (self->settings == NULL)
    return;

  g_strv_builder_add (builder, path);
  for (guint i = 0; recent[i] != NULL && n < MAX_RECENT_FILES; i++)
    {
      if (g_strcmp0 (recent[i], path) == 0)
        continue;
      g_strv_builder_add (builder, recent[i]);
      n++;
    }
  updated = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "recent-files", (const char * const *) updated);
}

void
_strata_window_remove_recent (StrataWindow *self,
                              const char   *path)
{
  g_auto(GStrv) recent = strata_window_dup_recent (self);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) updated = NULL;

  if (self->settings == NULL || !g_strv_contains ((const char * const *) recent, path))
    return;

  for (guint i = 0; recent[i] != NULL; i++)
    if (g_strcmp0 (recent[i], path) != 0)
      g_strv_builder_add (builder, recent[i]);
  updated = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "recent-files", (const char * const *) updated);
}

static void
on_recent_files_changed_cb (StrataWindow *self)
{
  _strata_window_update_recent_menu (self);
}

GFile *
_strata_window_dup_last_folder (StrataWindow *self)
{
  g_autofree char *folder = NULL;

  if (self->settings == NULL)
    return NULL;

  folder = g_settings_get_string (self->settings, "last-folder");
  if (folder[0] == '\0' || !g_file_test (folder, G_FILE_TEST_IS_DIR))
    return NULL;
  return g_file_new_for_path (folder);
}

void
_strata_window_remember_folder (StrataWindow *self,
                                const char   *path)
{
  g_autofree char *folder = NULL;

  if (self->settings == NULL || path == NULL)
    return;

  folder = g_path_get_dirname (path);
  g_settings_set_string (self->settings, "last-folder", folder);
}

/* Loading */

typedef struct
{
  char     *path;
  gboolean  fallback_to_sample;
} LoadData;

static void
load_data_free (gpointer data)
{
  LoadData *load = data;

  g_free (load->path);
  g_free (load);
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
strata_window_load_thread (GTask        *task,
                           gpointer      source_object,
                           gpointer      task_data,
                           GCancellable *cancellable)
{
  LoadData *load = task_data;
  GError *error = NULL;
  StrataDataset *dataset;

  dataset = strata_dataset_load_file (load->path, &error);
  if (dataset == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, dataset, (GDestroyNotify) strata_dataset_unref);
}

static void
strata_window_load_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  /* The task has no source object: its last reference may go in the
   * worker thread, and a widget must never be finalized there. */
  g_autoptr(StrataWindow) self = user_data;
  LoadData *load = g_task_get_task_data (G_TASK (result));
  g_autoptr(StrataDataset) dataset = NULL;
  g_autoptr(GError) error = NULL;

  g_assert (self->n_loading > 0);
  self->n_loading--;

  dataset = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (dataset == NULL)
    {
      g_autofree char *message = strata_window_summarize_error (load->path, error->message);

      g_debug ("%s", error->message);
      _strata_window_remove_recent (self, load->path);
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
      return;
    }

  {
    g_autofree char *basename = g_path_get_basename (load->path);

    g_autoptr(GFile) file = g_file_new_for_path (load->path);

    _strata_window_set_dataset (self, dataset, file, basename);
    _strata_window_add_recent (self, load->path);
    _strata_window_remember_folder (self, load->path);
  }
}

void
_strata_window_load_path (StrataWindow *self,
                          const char   *path,
                          gboolean      fallback_to_sample)
{
  g_autoptr(GTask) task = NULL;
  LoadData *load;

  load = g_new0 (LoadData, 1);
  load->path = g_strdup (path);
  load->fallback_to_sample = fallback_to_sample;

  self->n_loading++;
  task = g_task_new (NULL, self->cancellable, strata_window_load_cb, g_object_ref (self));
  g_task_set_source_tag (task, _strata_window_load_path);
  g_task_set_task_data (task, load, load_data_free);
  g_task_run_in_thread (task, strata_window_load_thread);
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
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(StrataDataset) dataset = NULL;
  g_autofree char *resource = NULL;
  g_autofree char *display_name = NULL;
  gconstpointer data;
  gsize length;

  g_return_if_fail (STRATA_IS_WINDOW (self));
  g_return_if_fail (name != NULL);

  display_name = g_strdup_printf ("%s.strata.json", name);
  resource = g_strdup_printf (RESOURCE_BASE "/datasets/%s", display_name);
  bytes = g_resources_lookup_data (resource, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  if (bytes == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("%s: error: no such sample dataset"), display_name);

      _strata_window_show_error (self, message);
      return;
    }

  data = g_bytes_get_data (bytes, &length);
  dataset = strata_dataset_load_data (data, length, display_name, &error);
  if (dataset == NULL)
    {
      g_autofree char *message = strata_window_summarize_error (NULL, error->message);

      g_warning ("The bundled sample %s does not load: %s", display_name, error->message);
      _strata_window_show_error (self, message);
      return;
    }

  _strata_window_set_dataset (self, dataset, NULL, display_name);
}

/* File dialogs */

static GtkFileFilter *
strata_window_new_dataset_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Stack Datasets"));
  gtk_file_filter_add_pattern (filter, "*.strata.json");
  gtk_file_filter_add_pattern (filter, "*.json");
  gtk_file_filter_add_mime_type (filter, "application/json");
  return filter;
}

static GtkFileFilter *
strata_window_new_all_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("All Files"));
  gtk_file_filter_add_pattern (filter, "*");
  return filter;
}

static GtkFileFilter *
strata_window_new_export_filter (StrataExportFormat format)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  for (guint i = 0; i < G_N_ELEMENTS (export_formats); i++)
    {
      if (export_formats[i].format == format)
        {
          g_autofree char *pattern = g_strdup_printf ("*.%s", export_formats[i].name);
          g_autofree char *upper = g_ascii_strup (export_formats[i].name, -1);

          gtk_file_filter_set_name (filter, upper);
          gtk_file_filter_add_pattern (filter, pattern);
          gtk_file_filter_add_mime_type (filter, export_formats[i].mime_type);
        }
    }
  return filter;
}

typedef struct
{
  StrataWindow         *window;   /* (owned) */
  StrataExportSettings  options;
} ExportData;

static void
export_data_free (ExportData *data)
{
  g_clear_object (&data->window);
  _strata_export_settings_clear (&data->options);
  g_free (data);
}

static void
strata_window_export_chosen (StrataWindow               *self,
                             const StrataExportSettings *options,
                             GFile                      *file)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *basename = NULL;
  g_autofree char *message = NULL;

  if (path == NULL)
    {
      _strata_window_show_error (self, _("Charts can only be exported to local files"));
      return;
    }

  _strata_window_remember_folder (self, path);
  if (!_strata_window_export_to_file (self, options, path, &error))
    {
      _strata_window_show_error (self, error->message);
      return;
    }

  basename = g_path_get_basename (path);
  /* Translators: %s is a file name */
  message = g_strdup_printf (_("Exported “%s”"), basename);
  _strata_window_show_toast (self, message);
}

static void
on_open_chosen_cb (GFile    *file,
                   gpointer  user_data)
{
  StrataWindow *self = user_data;

  if (file != NULL)
    strata_window_open (self, file);
}

static void
strata_window_run_open_dialog (StrataWindow *self)
{
  g_autoptr(GtkFileFilter) datasets = strata_window_new_dataset_filter ();
  g_autoptr(GtkFileFilter) all = strata_window_new_all_filter ();
  g_autoptr(GFile) folder = _strata_window_dup_last_folder (self);
  GtkFileFilter *filters[] = { datasets, all, NULL };
  StrataFileChooserRequest request = {
    .action = STRATA_FILE_CHOOSER_OPEN,
    .title = _("Open Dataset"),
    .accept_label = _("_Open"),
    .filters = filters,
    .folder = folder,
  };

  strata_file_chooser_run (GTK_WINDOW (self), &request, on_open_chosen_cb,
                           g_object_ref (self), g_object_unref);
}

static void
on_export_chosen_cb (GFile    *file,
                     gpointer  user_data)
{
  ExportData *data = user_data;

  if (file != NULL)
    strata_window_export_chosen (data->window, &data->options, file);
}

static void
strata_window_run_save_dialog (StrataWindow *self,
                               ExportData   *data,
                               const char   *name)
{
  g_autoptr(GtkFileFilter) filter = strata_window_new_export_filter (data->options.format);
  g_autoptr(GFile) folder = _strata_window_dup_last_folder (self);
  GtkFileFilter *filters[] = { filter, NULL };
  StrataFileChooserRequest request = {
    .action = STRATA_FILE_CHOOSER_SAVE,
    .title = _("Export Chart"),
    .accept_label = _("_Export"),
    .filters = filters,
    .folder = folder,
    .initial_name = name,
  };

  strata_file_chooser_run (GTK_WINDOW (self), &request, on_export_chosen_cb,
                           data, (GDestroyNotify) export_data_free);
}

void
_strata_window_choose_export_file (StrataWindow               *self,
                                   const StrataExportSettings *options)
{
  g_autofree char *name = NULL;
  ExportData *data;

  g_return_if_fail (STRATA_IS_WINDOW (self));
  g_return_if_fail (options != NULL);

  if (_strata_window_dataset (self) == NULL)
    return;

  /* "ai-cloud-stack-cost-curves.png" */
  name = _strata_window_suggest_name (self, strata_chart_kind_to_string (_strata_window_get_view_kind (self)),
                                      strata_export_format_to_string (options->format));

  data = g_new0 (ExportData, 1);
  data->window = g_object_ref (self);
  _strata_export_settings_copy (options, &data->options);
  strata_window_run_save_dialog (self, data, name);
}

gboolean
_strata_window_export_to_file (StrataWindow               *self,
                               const StrataExportSettings *options,
                               const char                 *filename,
                               GError                    **error)
{
  StrataChartRequest request;
  StrataExportOptions export_options;

  g_return_val_if_fail (STRATA_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (filename != NULL, FALSE);

  if (_strata_window_dataset (self) == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("No dataset is open"));
      return FALSE;
    }

  _strata_window_build_request (self, &request);
  request.theme = options->theme;
  request.transparent = options->transparent;

  _strata_export_settings_to_options (options, &export_options);
  return strata_chart_export_full (_strata_window_get_view_kind (self), &request,
                                   &export_options, filename, error);
}

/* Actions */

static void
strata_window_open_confirmed (StrataWindow *self,
                              gpointer      data)
{
  strata_window_run_open_dialog (self);
}

static void
strata_window_open_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *param)
{
  /* Unsaved changes are asked about before another file replaces them. */
  _strata_window_when_saved (STRATA_WINDOW (widget), strata_window_open_confirmed, NULL, NULL);
}

static void
strata_window_open_sample_confirmed (StrataWindow *self,
                                     gpointer      name)
{
  strata_window_open_sample (self, name);
}

static void
strata_window_open_sample_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *param)
{
  _strata_window_when_saved (STRATA_WINDOW (widget), strata_window_open_sample_confirmed,
                             g_variant_dup_string (param, NULL), g_free);
}

static void
strata_window_open_recent_confirmed (StrataWindow *self,
                                     gpointer      path)
{
  _strata_window_load_path (self, path, FALSE);
}

static void
strata_window_open_recent_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *param)
{
  _strata_window_when_saved (STRATA_WINDOW (widget), strata_window_open_recent_confirmed,
                             g_variant_dup_string (param, NULL), g_free);
}

static void
strata_window_undo_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *param)
{
  _strata_window_undo (STRATA_WINDOW (widget));
}

static void
strata_window_redo_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *param)
{
  _strata_window_redo (STRATA_WINDOW (widget));
}

static void
strata_window_flip_layer_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *param)
{
  StrataWindow *self = STRATA_WINDOW (widget);
  guint layer = g_variant_get_uint32 (param);
  StrataDataset *dataset = _strata_window_dataset (self);

  if (dataset != NULL && layer < dataset->n_layers)
    _strata_window_flip_layer (self, layer);
}

static void
strata_window_show_export_dialog (StrataWindow *self,
                                  const char   *format)
{
  StrataExportSettings options;
  GtkWindow *dialog;

  _strata_export_settings_load (&options, self->settings);
  if (format != NULL && !strata_export_format_from_string (format, &options.format))
    return;

  dialog = strata_export_dialog_new (self, &options);
  gtk_window_present (dialog);
}

static void
strata_window_export_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *param)
{
  strata_window_show_export_dialog (STRATA_WINDOW (widget), NULL);
}

static void
strata_window_export_as_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *param)
{
  strata_window_show_export_dialog (STRATA_WINDOW (widget), g_variant_get_string (param, NULL));
}

/* Exports with the saved options straight to a path: the format follows
 * the extension.  For scripting and the tests; no dialog. */
static void
strata_window_export_to_file_action (GtkWidget  *widget,
                                     const char *action_name,
                                     GVariant   *param)
{
  StrataWindow *self = STRATA_WINDOW (widget);
  const char *path = g_variant_get_string (param, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  const char *dot = strrchr (path, '.');
  g_autofree char *extension = dot != NULL ? g_ascii_strdown (dot + 1, -1) : NULL;
  StrataExportSettings options;

  _strata_export_settings_load (&options, self->settings);
  if (extension == NULL || !strata_export_format_from_string (extension, &options.format))
    {
      g_autofree char *message = NULL;

      /* Translators: %s is a file name */
      message = g_strdup_printf (_("%s: error: the name must end in .png, .svg or .pdf"), path);
      _strata_window_show_error (self, message);
      return;
    }

  strata_window_export_chosen (self, &options, file);
}

static void
strata_window_open_dropped (StrataWindow *self,
                            gpointer      file)
{
  strata_window_open (self, file);
}

static gboolean
on_drop_cb (StrataWindow  *self,
            const GValue  *value,
            double         x,
            double         y,
            GtkDropTarget *target)
{
  GSList *files;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;

  files = gdk_file_list_get_files (g_value_get_boxed (value));
  if (files == NULL)
    return FALSE;

  /* One dataset per window: the first file. */
  _strata_window_when_saved (self, strata_window_open_dropped,
                             g_object_ref (files->data), g_object_unref);
  g_slist_free (files);
  return TRUE;
}


/* Keyboard Shortcuts (Ctrl+?): built when asked, not with every window
 * (GtkApplication builds gtk/help-overlay.ui at start, issue 15). */
static void
strata_window_show_help_overlay_action (GtkWidget  *widget,
                                        const char *action_name,
                                        GVariant   *parameter)
{
  g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource ("/io/github/stratadash/Strata/ui/help-overlay.ui");
  GtkWindow *overlay = GTK_WINDOW (gtk_builder_get_object (builder, "help_overlay"));

  gtk_window_set_transient_for (overlay, GTK_WINDOW (widget));
  gtk_window_present (overlay);
}

void
_strata_window_class_init_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.open", NULL, strata_window_open_action);
  gtk_widget_class_install_action (widget_class, "win.show-help-overlay", NULL,
                                   strata_window_show_help_overlay_action);
  gtk_widget_class_install_action (widget_class, "win.open-sample", "s", strata_window_open_sample_action);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", strata_window_open_recent_action);
  gtk_widget_class_install_action (widget_class, "win.undo", NULL, strata_window_undo_action);
  gtk_widget_class_install_action (widget_class, "win.redo", NULL, strata_window_redo_action);
  gtk_widget_class_install_action (widget_class, "win.flip-layer", "u", strata_window_flip_layer_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, strata_window_export_action);
  gtk_widget_class_install_action (widget_class, "win.export-as", "s", strata_window_export_as_action);
  gtk_widget_class_install_action (widget_class, "win.export-to-file", "s", strata_window_export_to_file_action);
  gtk_widget_class_install_property_action (widget_class, "win.show-sidebar", "show-sidebar");
  gtk_widget_class_install_property_action (widget_class, "win.log-y", "log-y");
  gtk_widget_class_install_property_action (widget_class, "win.view", "view");
  gtk_widget_class_install_property_action (widget_class, "win.objective", "objective");
  _strata_window_class_init_export (widget_class);
}

void
_strata_window_init_actions (StrataWindow *self)
{
  GtkDropTarget *target;

  target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect_object (target, "drop", G_CALLBACK (on_drop_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));

  if (self->settings != NULL)
    g_signal_connect_object (self->settings, "changed::recent-files",
                             G_CALLBACK (on_recent_files_changed_cb), self, G_CONNECT_SWAPPED);

  _strata_window_init_objective (self);
}

/* strata-window-file.c: New, Save, Save As, unsaved changes, the file on disk
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "strata-window"

#include "config.h"

#include <glib/gi18n.h>

#include "strata/strata-save.h"

#include "strata-file-chooser.h"
#include "strata-window-private.h"

/*
 * The document side of the window: where the dataset lives on disk
 * (self->file; NULL for a sample or a new dataset, which Save asks a name
 * for), saving it through strata_dataset_save_file() (atomic; a symlink
 * and the file's mode survive), the question before unsaved changes are
 * lost (closing, quitting, opening another file, New), and noticing the
 * file change on disk: reloaded when there is nothing unsaved, asked
 * otherwise.  The question itself is in strata-window-unsaved.c.
 */

/* A new dataset: two layers, each bought on the market or made in house,
 * so every chart has something to show from the first moment. */
static const char new_dataset_json[] =
  "{\n"
  "  \"format\": \"strata-stack/1\",\n"
  "  \"title\": \"Untitled stack\",\n"
  "  \"unit\": \"unit\",\n"
  "  \"currency\": \"USD\",\n"
  "  \"volume\": { \"min\": 1e6, \"max\": 1e12, \"default\": 1e9 },\n"
  "  \"layers\": [\n"
  "    { \"id\": \"components\", \"name\": \"Components\",\n"
  "      \"options\": [\n"
  "        { \"id\": \"market\", \"name\": \"Bought\", \"mode\": \"neutral\",\n"
  "          \"supplier_cost\": 0.5, \"margin\": 0.3 },\n"
  "        { \"id\": \"in-house\", \"name\": \"Made in house\", \"mode\": \"integrated\",\n"
  "          \"unit_cost\": 0.4, \"fixed_cost\": 1e8 } ] },\n"
  "    { \"id\": \"product\", \"name\": \"Product\",\n"
  "      \"options\": [\n"
  "        { \"id\": \"market\", \"name\": \"Bought\", \"mode\": \"neutral\",\n"
  "          \"supplier_cost\": 1, \"margin\": 0.4 },\n"
  "        { \"id\": \"in-house\", \"name\": \"Made in house\", \"mode\": \"integrated\",\n"
  "          \"unit_cost\": 0.8, \"fixed_cost\": 2e8 } ] }\n"
  "  ]\n"
  "}\n";

/* -- The file on disk ------------------------------------------------------ */

/* What tells our own save from another program's: the file's etag (its
 * modification time) and size. */
static char *
strata_window_stamp (GFile *file)
{
  g_autoptr(GFileInfo) info = NULL;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_ETAG_VALUE "," G_FILE_ATTRIBUTE_STANDARD_SIZE,
                            G_FILE_QUERY_INFO_NONE, NULL, NULL);
  if (info == NULL)
    return NULL;
  return g_strdup_printf ("%s/%" G_GOFFSET_FORMAT,
                          g_file_info_get_etag (info) != NULL ? g_file_info_get_etag (info) : "",
                          g_file_info_get_size (info));
}

static void
on_reload_response_cb (StrataWindow     *self,
                       const char       *response,
                       AdwMessageDialog *dialog)
{
  if (g_strcmp0 (response, "reload") == 0 && self->file != NULL)
    {
      g_autofree char *path = g_file_get_path (self->file);

      _strata_window_load_path (self, path, FALSE);
    }
}

static void
strata_window_ask_reload (StrataWindow *self)
{
  g_autofree char *name = g_file_get_basename (self->file);
  g_autofree char *body = NULL;
  const StrataWindowAnswer answers[] = {
    { "keep", _("_Keep Mine"), ADW_RESPONSE_DEFAULT },
    { "reload", _("_Reload"), ADW_RESPONSE_DESTRUCTIVE },
  };
  AdwMessageDialog *dialog;

  if (self->dialog != NULL)
    return;

  /* Translators: %s is a file name */
  body = g_strdup_printf (_("“%s” was changed by another program. Reloading it discards your unsaved changes."),
                          name);
  dialog = _strata_window_ask (self, _("File Changed on Disk"), body, answers, G_N_ELEMENTS (answers), 0);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_reload_response_cb), self, G_CONNECT_SWAPPED);
}

static gboolean
strata_window_check_disk_cb (gpointer data)
{
  StrataWindow *self = data;
  g_autofree char *stamp = NULL;
  g_autofree char *path = NULL;

  self->check_source = 0;
  if (self->file == NULL)
    return G_SOURCE_REMOVE;

  /* Gone (or half-way through another program's atomic rename): nothing
   * to load; the next event looks again. */
  stamp = strata_window_stamp (self->file);
  if (stamp == NULL || g_strcmp0 (stamp, self->disk_stamp) == 0)
    return G_SOURCE_REMOVE;

  g_free (self->disk_stamp);
  self->disk_stamp = g_steal_pointer (&stamp);
  path = g_file_get_path (self->file);
  if (!strata_scenario_get_modified (self->scenario))
    _strata_window_load_path (self, path, FALSE);
  else
    strata_window_ask_reload (self);
  return G_SOURCE_REMOVE;
}

static void
on_file_changed_cb (StrataWindow      *self,
                    GFile             *file,
                    GFile             *other,
                    GFileMonitorEvent  event,
                    GFileMonitor      *monitor)
{
  if (event == G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED || event == G_FILE_MONITOR_EVENT_PRE_UNMOUNT)
    return;

  /* Editors write in bursts; look once it has settled. */
  if (self->check_source != 0)
    g_source_remove (self->check_source);
  self->check_source = g_timeout_add (200, strata_window_check_disk_cb, self);
}

void
_strata_window_set_file (StrataWindow *self,
                         GFile        *file)
{
  g_return_if_fail (STRATA_IS_WINDOW (self));

  g_clear_handle_id (&self->check_source, g_source_remove);
  if (self->monitor != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->monitor, self);
      g_file_monitor_cancel (self->monitor);
      g_clear_object (&self->monitor);
    }
  g_clear_pointer (&self->disk_stamp, g_free);
  g_set_object (&self->file, file);
  if (file == NULL)
    return;

  self->disk_stamp = strata_window_stamp (file);
  self->monitor = g_file_monitor_file (file, G_FILE_MONITOR_NONE, NULL, NULL);
  if (self->monitor != NULL)
    g_signal_connect_object (self->monitor, "changed", G_CALLBACK (on_file_changed_cb),
                             self, G_CONNECT_SWAPPED);
}

/* -- Saving ---------------------------------------------------------------- */

gboolean
_strata_window_save_to (StrataWindow  *self,
                        GFile         *file,
                        GError       **error)
{
  StrataDataset *dataset = _strata_window_dataset (self);
  g_autofree char *path = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (STRATA_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (dataset == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("No dataset is open"));
      return FALSE;
    }
  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("Datasets can only be saved to local files"));
      return FALSE;
    }
  if (!strata_dataset_save_file (dataset, path, error))
    return FALSE;

  strata_scenario_mark_saved (self->scenario);
  name = g_file_get_basename (file);
  if (self->file == NULL || !g_file_equal (self->file, file))
    {
      g_free (self->display_name);
      self->display_name = g_strdup (name);
      _strata_window_set_file (self, file);
      strata_session_add_recent (self->session, path);
    }
  else
    {
      /* Our own write: not a change by another program. */
      g_free (self->disk_stamp);
      self->disk_stamp = strata_window_stamp (file);
    }
  strata_session_remember_folder (self->session, path);
  _strata_window_update_titles (self);
  return TRUE;
}

static void
strata_window_save_chosen (StrataWindow *self,
                           GFile        *file,
                           StrataWindowNext *then)
{
  g_autoptr(GError) error = NULL;

  if (!_strata_window_save_to (self, file, &error))
    {
      _strata_window_show_error (self, error->message);
      g_clear_pointer (&then, _strata_window_next_free);
      return;
    }
  _strata_window_next_run (self, then);
}

static char *
strata_window_suggest_name (StrataWindow *self)
{
  if (self->display_name != NULL && g_str_has_suffix (self->display_name, ".json"))
    return g_strdup (self->display_name);
  return g_strdup (_("untitled.strata.json"));
}

typedef struct
{
  StrataWindow *window;  /* (owned) */
  StrataWindowNext *then;    /* (nullable) */
} SaveAs;

static void
save_as_free (gpointer data)
{
  SaveAs *save_as = data;

  g_clear_pointer (&save_as->then, _strata_window_next_free);
  g_object_unref (save_as->window);
  g_free (save_as);
}

static void
on_save_as_chosen_cb (GFile    *file,
                      gpointer  user_data)
{
  SaveAs *save_as = user_data;

  if (file != NULL)
    strata_window_save_chosen (save_as->window, file, g_steal_pointer (&save_as->then));
}

static void
strata_window_run_save_as (StrataWindow *self,
                           StrataWindowNext *then)
{
  g_autoptr(GFile) last_folder = strata_session_dup_last_folder (self->session);
  g_autoptr(GFile) folder = self->file != NULL ? g_file_get_parent (self->file) : NULL;
  g_autoptr(GtkFileFilter) filter = _strata_window_new_filter (_("Stack Datasets"), "*.strata.json", NULL);
  g_autofree char *name = strata_window_suggest_name (self);
  GtkFileFilter *filters[] = { filter, NULL };
  StrataFileChooserRequest request = {
    .action = STRATA_FILE_CHOOSER_SAVE,
    .title = _("Save Dataset"),
    .accept_label = _("_Save"),
    .filters = filters,
    .folder = folder != NULL ? folder : last_folder,
    .initial_name = name,
  };
  SaveAs *save_as = g_new0 (SaveAs, 1);

  gtk_file_filter_add_pattern (filter, "*.json");
  save_as->window = g_object_ref (self);
  save_as->then = then;
  strata_file_chooser_run (GTK_WINDOW (self), &request, on_save_as_chosen_cb, save_as, save_as_free);
}

void
_strata_window_save_then (StrataWindow     *self,
                          StrataWindowNext *then)
{
  if (self->file != NULL)
    strata_window_save_chosen (self, self->file, then);
  else
    strata_window_run_save_as (self, then);
}

/* -- Actions --------------------------------------------------------------- */

StrataDataset *
_strata_window_new_dataset (void)
{
  g_autoptr(GError) error = NULL;
  StrataDataset *dataset;

  dataset = strata_dataset_load_data (new_dataset_json, sizeof new_dataset_json - 1,
                                      _("Untitled stack"), &error);
  /* The template is part of the program: tests/test-gui-editor.c loads it. */
  if (dataset == NULL)
    g_error ("The new dataset template does not load: %s", error->message);
  return dataset;
}

static void
strata_window_new_confirmed (StrataWindow *self,
                             gpointer      data)
{
  g_autoptr(StrataDataset) dataset = _strata_window_new_dataset ();

  _strata_window_set_dataset (self, dataset, NULL, NULL);
}

static void
strata_window_new_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  _strata_window_when_saved (STRATA_WINDOW (widget), strata_window_new_confirmed, NULL, NULL);
}

static void
strata_window_save_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *param)
{
  _strata_window_save_then (STRATA_WINDOW (widget), NULL);
}

static void
strata_window_save_as_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *param)
{
  strata_window_run_save_as (STRATA_WINDOW (widget), NULL);
}

void
_strata_window_class_init_file (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.new", NULL, strata_window_new_action);
  gtk_widget_class_install_action (widget_class, "win.save", NULL, strata_window_save_action);
  gtk_widget_class_install_action (widget_class, "win.save-as", NULL, strata_window_save_as_action);
}

void
_strata_window_dispose_file (StrataWindow *self)
{
  _strata_window_set_file (self, NULL);
  if (self->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->dialog));
  g_clear_weak_pointer (&self->dialog);
}

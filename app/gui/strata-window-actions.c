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

#include "strata-export-dialog-private.h"
#include "strata-window-private.h"

/*
 * The window's actions: opening (the dialog, Open Recent, the samples;
 * each after the unsaved-changes question), undo and redo, flipping a
 * layer, exporting the chart and the keyboard shortcuts.  Loading is the
 * session's (strata-window-load.c), the file dialogs are in
 * strata-window-dialogs.c, dropped files in strata-window-dnd.c.
 */

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

/* Actions */

static void
strata_window_open_confirmed (StrataWindow *self,
                              gpointer      data)
{
  _strata_window_run_open_dialog (self);
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
strata_window_open_recent_confirmed (StrataWindow *self,
                                     gpointer      path)
{
  _strata_window_load_path (self, path, FALSE);
}

/* win.open-sample and win.open-recent, once unsaved changes are saved
 * or discarded. */
static void
strata_window_open_named_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *param)
{
  StrataWindowThen then = g_str_equal (action_name, "win.open-sample") ? strata_window_open_sample_confirmed
                                                                       : strata_window_open_recent_confirmed;

  _strata_window_when_saved (STRATA_WINDOW (widget), then, g_variant_dup_string (param, NULL), g_free);
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
  StrataWindowWrite *write;

  _strata_export_settings_load (&options, self->settings);
  if (extension == NULL || !strata_export_format_from_string (extension, &options.format))
    {
      g_autofree char *message = NULL;

      /* Translators: %s is a file name */
      message = g_strdup_printf (_("%s: error: the name must end in .png, .svg or .pdf"), path);
      _strata_window_show_error (self, message);
      return;
    }

  write = _strata_window_write_new (self, NULL, &options);
  _strata_window_write_chosen (write, file);
  _strata_window_write_free (write);
}


/* Keyboard Shortcuts (Ctrl+?): built when first asked, not with every
 * window (GtkApplication builds gtk/help-overlay.ui at start, issue 15),
 * then kept.  Set as the window's help overlay, which is how its
 * shortcuts named by action find the application's accelerators (shown
 * otherwise as a blank: "Open a dataset" without Ctrl+O). */
static void
strata_window_show_help_overlay_action (GtkWidget  *widget,
                                        const char *action_name,
                                        GVariant   *parameter)
{
  GtkApplicationWindow *window = GTK_APPLICATION_WINDOW (widget);
  GtkShortcutsWindow *overlay = gtk_application_window_get_help_overlay (window);

  if (overlay == NULL)
    {
      g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource ("/io/github/stratadash/Strata/ui/help-overlay.ui");

      overlay = GTK_SHORTCUTS_WINDOW (gtk_builder_get_object (builder, "help_overlay"));
      gtk_application_window_set_help_overlay (window, overlay);
    }
  gtk_window_present (GTK_WINDOW (overlay));
}

void
_strata_window_class_init_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.open", NULL, strata_window_open_action);
  gtk_widget_class_install_action (widget_class, "win.show-help-overlay", NULL,
                                   strata_window_show_help_overlay_action);
  gtk_widget_class_install_action (widget_class, "win.open-sample", "s", strata_window_open_named_action);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", strata_window_open_named_action);
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
  _strata_window_init_dnd (self);
  g_signal_connect_object (self->session, "recent-changed",
                           G_CALLBACK (_strata_window_update_recent_menu), self, G_CONNECT_SWAPPED);

  _strata_window_init_objective (self);
}

/* strata-window-dnd.c: a dataset dropped on the window opens in it
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "strata-window"

#include "config.h"

#include "strata-window-private.h"

/*
 * Files dropped anywhere on the window: the first one replaces the
 * dataset, once unsaved changes have been saved or discarded.
 */

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

void
_strata_window_init_dnd (StrataWindow *self)
{
  GtkDropTarget *target;

  target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect_object (target, "drop", G_CALLBACK (on_drop_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));
}

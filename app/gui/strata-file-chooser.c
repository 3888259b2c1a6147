/* strata-file-chooser.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The one place that may use GtkFileDialog (GTK 4.10): the build pins
 * GDK_VERSION_MAX_ALLOWED to 4.8 everywhere else. */
#undef GDK_VERSION_MAX_ALLOWED
#define GDK_VERSION_MAX_ALLOWED G_ENCODE_VERSION (4, 10)

#include "config.h"

#include <glib/gi18n.h>

#include "strata-file-chooser.h"

typedef struct
{
  StrataFileChooserAction action;
  StrataFileChosenFunc    callback;
  gpointer                user_data;
  GDestroyNotify          destroy;
} Pending;

static Pending *
pending_new (StrataFileChooserAction action,
             StrataFileChosenFunc    callback,
             gpointer                user_data,
             GDestroyNotify          destroy)
{
  Pending *pending = g_new0 (Pending, 1);

  pending->action = action;
  pending->callback = callback;
  pending->user_data = user_data;
  pending->destroy = destroy;
  return pending;
}

static void
pending_finish (Pending *pending,
                GFile   *file)
{
  pending->callback (file, pending->user_data);
  if (pending->destroy != NULL)
    pending->destroy (pending->user_data);
  g_free (pending);
}

#if GTK_CHECK_VERSION (4, 10, 0)

static void
on_dialog_done_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Pending *pending = user_data;
  GtkFileDialog *dialog = GTK_FILE_DIALOG (object);
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  switch (pending->action)
    {
    case STRATA_FILE_CHOOSER_OPEN:
      file = gtk_file_dialog_open_finish (dialog, result, &error);
      break;
    case STRATA_FILE_CHOOSER_SAVE:
      file = gtk_file_dialog_save_finish (dialog, result, &error);
      break;
    case STRATA_FILE_CHOOSER_SELECT_FOLDER:
    default:
      file = gtk_file_dialog_select_folder_finish (dialog, result, &error);
      break;
    }
  if (error != NULL && !g_error_matches (error, GTK_DIALOG_ERROR, GTK_DIALOG_ERROR_DISMISSED))
    g_warning ("The file dialog failed: %s", error->message);
  pending_finish (pending, file);
}

void
strata_file_chooser_run (GtkWindow                      *parent,
                         const StrataFileChooserRequest *request,
                         StrataFileChosenFunc            callback,
                         gpointer                        user_data,
                         GDestroyNotify                  destroy)
{
  g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();
  Pending *pending;

  g_return_if_fail (request != NULL);
  g_return_if_fail (callback != NULL);

  pending = pending_new (request->action, callback, user_data, destroy);
  gtk_file_dialog_set_title (dialog, request->title);
  gtk_file_dialog_set_modal (dialog, TRUE);
  if (request->accept_label != NULL)
    gtk_file_dialog_set_accept_label (dialog, request->accept_label);
  if (request->filters != NULL && request->filters[0] != NULL)
    {
      g_autoptr(GListStore) filters = g_list_store_new (GTK_TYPE_FILE_FILTER);

      for (guint i = 0; request->filters[i] != NULL; i++)
        g_list_store_append (filters, request->filters[i]);
      gtk_file_dialog_set_filters (dialog, G_LIST_MODEL (filters));
      gtk_file_dialog_set_default_filter (dialog, request->filters[0]);
    }
  if (request->folder != NULL)
    gtk_file_dialog_set_initial_folder (dialog, request->folder);
  if (request->initial_name != NULL && request->action == STRATA_FILE_CHOOSER_SAVE)
    gtk_file_dialog_set_initial_name (dialog, request->initial_name);

  switch (request->action)
    {
    case STRATA_FILE_CHOOSER_OPEN:
      gtk_file_dialog_open (dialog, parent, NULL, on_dialog_done_cb, pending);
      break;
    case STRATA_FILE_CHOOSER_SAVE:
      gtk_file_dialog_save (dialog, parent, NULL, on_dialog_done_cb, pending);
      break;
    case STRATA_FILE_CHOOSER_SELECT_FOLDER:
    default:
      gtk_file_dialog_select_folder (dialog, parent, NULL, on_dialog_done_cb, pending);
      break;
    }
}

#else /* GTK < 4.10 */

static void
on_native_response_cb (GtkNativeDialog *native,
                       int              response,
                       gpointer         user_data)
{
  Pending *pending = user_data;
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
  gtk_native_dialog_destroy (native);
  g_object_unref (native);
  pending_finish (pending, file);
}

void
strata_file_chooser_run (GtkWindow                      *parent,
                         const StrataFileChooserRequest *request,
                         StrataFileChosenFunc            callback,
                         gpointer                        user_data,
                         GDestroyNotify                  destroy)
{
  static const GtkFileChooserAction actions[] = {
    [STRATA_FILE_CHOOSER_OPEN] = GTK_FILE_CHOOSER_ACTION_OPEN,
    [STRATA_FILE_CHOOSER_SAVE] = GTK_FILE_CHOOSER_ACTION_SAVE,
    [STRATA_FILE_CHOOSER_SELECT_FOLDER] = GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
  };
  GtkFileChooserNative *native;
  const char *accept;

  g_return_if_fail (request != NULL);
  g_return_if_fail (callback != NULL);
  g_return_if_fail ((guint) request->action < G_N_ELEMENTS (actions));

  accept = request->accept_label;
  if (accept == NULL)
    accept = request->action == STRATA_FILE_CHOOSER_SAVE ? _("_Save")
           : request->action == STRATA_FILE_CHOOSER_OPEN ? _("_Open") : _("_Select");
  native = gtk_file_chooser_native_new (request->title, parent, actions[request->action],
                                        accept, _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  if (request->filters != NULL)
    {
      for (guint i = 0; request->filters[i] != NULL; i++)
        gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), request->filters[i]);
      if (request->filters[0] != NULL)
        gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (native), request->filters[0]);
    }
  if (request->folder != NULL)
    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (native), request->folder, NULL);
  if (request->initial_name != NULL && request->action == STRATA_FILE_CHOOSER_SAVE)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), request->initial_name);
  g_signal_connect (native, "response", G_CALLBACK (on_native_response_cb),
                    pending_new (request->action, callback, user_data, destroy));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

#endif

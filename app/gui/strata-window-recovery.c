/* strata-window-recovery.c: unsaved edits survive a crash
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "strata-window"

#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "strata/strata-edit.h"
#include "strata/strata-save.h"

#include "strata-window-private.h"

/*
 * While a window has unsaved changes, a few seconds after the last one
 * its dataset is written as a draft to the user's state directory
 * ($XDG_STATE_HOME/strata/recovery, or $STRATA_RECOVERY_DIR): ID.strata.json
 * (the dataset as a save writes it) and then ID.ini (which file it belongs
 * to and its name; written last, so a draft without it is incomplete).
 * Saving, discarding and closing the window normally remove the draft;
 * a crash leaves it, and the next start offers to restore it: the file is
 * opened as it is on disk and the draft applied on top as one undoable
 * step, so the restored edits show as unsaved changes.
 */

#define AUTOSAVE_DELAY_MS 3000

char *
_strata_recovery_dir (void)
{
  const char *dir = g_getenv ("STRATA_RECOVERY_DIR");

  if (dir != NULL && *dir != '\0')
    return g_strdup (dir);
  return g_build_filename (g_get_user_state_dir (), "strata", "recovery", NULL);
}

static char *
draft_path (const char *id,
            const char *extension)
{
  g_autofree char *dir = _strata_recovery_dir ();
  g_autofree char *name = g_strconcat (id, extension, NULL);

  return g_build_filename (dir, name, NULL);
}

static void
remove_draft (const char *id)
{
  g_autofree char *info = draft_path (id, ".ini");
  g_autofree char *data = draft_path (id, ".strata.json");

  g_unlink (info);
  g_unlink (data);
}

gboolean
_strata_window_write_recovery (StrataWindow  *self,
                               GError       **error)
{
  StrataDataset *dataset = _strata_window_dataset (self);
  g_autofree char *dir = _strata_recovery_dir ();
  g_autofree char *data = NULL;
  g_autofree char *info = NULL;
  g_autofree char *text = NULL;
  g_autofree char *ini = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GKeyFile) keys = g_key_file_new ();

  g_return_val_if_fail (STRATA_IS_WINDOW (self), FALSE);

  if (dataset == NULL || self->recovery_id == NULL)
    return TRUE;
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "%s: %s", dir, g_strerror (errno));
      return FALSE;
    }
  data = draft_path (self->recovery_id, ".strata.json");
  info = draft_path (self->recovery_id, ".ini");
  text = strata_dataset_to_json (dataset);
  if (!g_file_set_contents_full (data, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error))
    return FALSE;

  path = self->file != NULL ? g_file_get_path (self->file) : NULL;
  g_key_file_set_string (keys, "Recovery", "file", path != NULL ? path : "");
  g_key_file_set_string (keys, "Recovery", "name", self->display_name != NULL ? self->display_name : "");
  ini = g_key_file_to_data (keys, NULL, NULL);
  return g_file_set_contents_full (info, ini, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

static gboolean
autosave_cb (gpointer data)
{
  StrataWindow *self = data;
  g_autoptr(GError) error = NULL;

  self->recovery_source = 0;
  if (strata_scenario_get_modified (self->scenario) && !_strata_window_write_recovery (self, &error))
    g_warning ("Could not write the recovery draft: %s", error->message);
  return G_SOURCE_REMOVE;
}

/* Every change restarts the wait; nothing unsaved removes the draft. */
static void
on_scenario_changed_cb (StrataWindow *self)
{
  const char *delay = g_getenv ("STRATA_AUTOSAVE_DELAY_MS");

  g_clear_handle_id (&self->recovery_source, g_source_remove);
  if (!strata_scenario_get_modified (self->scenario))
    {
      remove_draft (self->recovery_id);
      return;
    }
  self->recovery_source = g_timeout_add (delay != NULL ? (guint) atoi (delay) : AUTOSAVE_DELAY_MS,
                                         autosave_cb, self);
}

void
_strata_window_init_recovery (StrataWindow *self)
{
  self->recovery_id = g_uuid_string_random ();
  g_signal_connect_object (self->scenario, "changed", G_CALLBACK (on_scenario_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->scenario, "notify::modified", G_CALLBACK (on_scenario_changed_cb),
                           self, G_CONNECT_SWAPPED);
}

void
_strata_window_dispose_recovery (StrataWindow *self)
{
  g_clear_handle_id (&self->recovery_source, g_source_remove);
  /* Closed on purpose: the unsaved-changes question was answered. */
  if (self->recovery_id != NULL)
    remove_draft (self->recovery_id);
  g_clear_pointer (&self->recovery_id, g_free);
}

/* -- Restoring ------------------------------------------------------------- */

/* The newest complete draft left by another session, or NULL. */
static char *
find_draft (StrataWindow *self)
{
  g_autofree char *dir = _strata_recovery_dir ();
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  g_autofree char *newest = NULL;
  gint64 newest_time = G_MININT64;
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *id = NULL;
      GStatBuf st;

      if (!g_str_has_suffix (name, ".ini") || g_stat (path, &st) != 0)
        continue;
      id = g_strndup (name, strlen (name) - strlen (".ini"));
      if (g_strcmp0 (id, self->recovery_id) == 0 || (gint64) st.st_mtime < newest_time)
        continue;
      newest_time = st.st_mtime;
      g_free (newest);
      newest = g_steal_pointer (&id);
    }
  return g_steal_pointer (&newest);
}

static void
strata_window_restore (StrataWindow *self,
                       const char   *id)
{
  g_autofree char *info = draft_path (id, ".ini");
  g_autofree char *data = draft_path (id, ".strata.json");
  g_autoptr(GKeyFile) keys = g_key_file_new ();
  g_autoptr(StrataDataset) recovered = NULL;
  g_autoptr(StrataDataset) base = NULL;
  g_autoptr(StrataDraft) draft = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *name = NULL;

  if (!g_key_file_load_from_file (keys, info, G_KEY_FILE_NONE, &error))
    goto failed;
  path = g_key_file_get_string (keys, "Recovery", "file", NULL);
  name = g_key_file_get_string (keys, "Recovery", "name", NULL);
  recovered = strata_dataset_load_file (data, &error);
  if (recovered == NULL)
    goto failed;

  /* The file as it is on disk, then the draft on top: unsaved changes,
   * one undo away from the file. */
  if (path != NULL && *path != '\0')
    {
      base = strata_dataset_load_file (path, NULL);
      if (base != NULL)
        file = g_file_new_for_path (path);
    }
  if (base == NULL)
    base = _strata_window_new_dataset ();
  _strata_window_set_dataset (self, base, file, name != NULL && *name != '\0' ? name : NULL);
  draft = strata_draft_new (recovered);
  if (!strata_scenario_apply_draft (self->scenario, draft, _("Restore Unsaved Changes"), &error))
    goto failed;
  remove_draft (id);
  return;

failed:
  _strata_window_show_error (self, error->message);
}

static void
on_recovery_response_cb (AdwMessageDialog *dialog,
                         const char       *response,
                         StrataWindow     *self)
{
  const char *id = g_object_get_data (G_OBJECT (dialog), "strata-recovery-id");

  if (g_strcmp0 (response, "restore") == 0)
    strata_window_restore (self, id);
  else if (g_strcmp0 (response, "discard") == 0)
    remove_draft (id);
}

static gboolean
offer_recovery_cb (gpointer data)
{
  StrataWindow *self = data;
  g_autofree char *id = NULL;
  g_autofree char *info = NULL;
  g_autofree char *name = NULL;
  g_autofree char *body = NULL;
  g_autoptr(GKeyFile) keys = g_key_file_new ();
  const StrataWindowAnswer answers[] = {
    { "later", _("_Not Now"), ADW_RESPONSE_DEFAULT },
    { "discard", _("_Discard"), ADW_RESPONSE_DESTRUCTIVE },
    { "restore", _("_Restore"), ADW_RESPONSE_SUGGESTED },
  };
  AdwMessageDialog *dialog;

  /* After the first file has loaded, so that it does not replace what
   * is restored. */
  if (self->scenario == NULL || gtk_widget_in_destruction (GTK_WIDGET (self)))
    return G_SOURCE_REMOVE;
  if (self->n_loading > 0 || self->dialog != NULL)
    return G_SOURCE_CONTINUE;

  id = find_draft (self);
  if (id == NULL)
    return G_SOURCE_REMOVE;
  info = draft_path (id, ".ini");
  if (g_key_file_load_from_file (keys, info, G_KEY_FILE_NONE, NULL))
    name = g_key_file_get_string (keys, "Recovery", "name", NULL);

  /* Translators: %s is a file name */
  body = g_strdup_printf (_("Strata closed before changes to “%s” were saved. Restore them?"),
                          name != NULL && *name != '\0' ? name : _("Untitled stack"));
  dialog = _strata_window_ask (self, _("Restore Unsaved Changes?"), body, answers, G_N_ELEMENTS (answers), 2);
  g_object_set_data_full (G_OBJECT (dialog), "strata-recovery-id", g_steal_pointer (&id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_recovery_response_cb), self, 0);
  return G_SOURCE_REMOVE;
}

void
_strata_window_offer_recovery (StrataWindow *self)
{
  g_return_if_fail (STRATA_IS_WINDOW (self));

  g_timeout_add_full (G_PRIORITY_DEFAULT, 100, offer_recovery_cb, g_object_ref (self), g_object_unref);
}

/* strata-session.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "strata-session"

#include "config.h"

#include <glib/gi18n.h>

#include "strata-session.h"

/*
 * What outlives a window, after GNOME Text Editor's EditorSession: the
 * application owns one session; windows ask it to load a file (a GTask
 * in a worker thread) or a bundled sample and follow the result, and it
 * keeps Open Recent, the last folder and, at start, which file to
 * reopen, all in the application's settings.
 */

#define REOPEN_MARK_SECONDS 3

struct _StrataSession
{
  GObject    parent_instance;

  GSettings *settings;  /* (nullable) (owned) */
};

G_DEFINE_FINAL_TYPE (StrataSession, strata_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SETTINGS,
  N_PROPS
};

enum {
  RECENT_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
on_recent_files_changed_cb (StrataSession *self)
{
  g_signal_emit (self, signals[RECENT_CHANGED], 0);
}

static void
strata_session_constructed (GObject *object)
{
  StrataSession *self = STRATA_SESSION (object);

  G_OBJECT_CLASS (strata_session_parent_class)->constructed (object);

  if (self->settings != NULL)
    g_signal_connect_object (self->settings, "changed::recent-files",
                             G_CALLBACK (on_recent_files_changed_cb), self, G_CONNECT_SWAPPED);
}

static void
strata_session_finalize (GObject *object)
{
  StrataSession *self = STRATA_SESSION (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (strata_session_parent_class)->finalize (object);
}

static void
strata_session_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  StrataSession *self = STRATA_SESSION (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
strata_session_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  StrataSession *self = STRATA_SESSION (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
strata_session_class_init (StrataSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = strata_session_constructed;
  object_class->finalize = strata_session_finalize;
  object_class->get_property = strata_session_get_property;
  object_class->set_property = strata_session_set_property;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Open Recent changed (from this process or another). */
  signals[RECENT_CHANGED] =
    g_signal_new ("recent-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
strata_session_init (StrataSession *self)
{
}

StrataSession *
strata_session_new (GSettings *settings)
{
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  return g_object_new (STRATA_TYPE_SESSION, "settings", settings, NULL);
}

GSettings *
strata_session_get_settings (StrataSession *self)
{
  g_return_val_if_fail (STRATA_IS_SESSION (self), NULL);

  return self->settings;
}

/* -- Open Recent and the last folder -------------------------------------- */

char **
strata_session_dup_recent (StrataSession *self)
{
  g_return_val_if_fail (STRATA_IS_SESSION (self), NULL);

  if (self->settings == NULL)
    return g_new0 (char *, 1);
  return g_settings_get_strv (self->settings, "recent-files");
}

/* Open Recent without @path, with @path in front when @add. */
static void
strata_session_update_recent (StrataSession *self,
                              const char    *path,
                              gboolean       add)
{
  g_auto(GStrv) recent = strata_session_dup_recent (self);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) updated = NULL;
  guint n = 0;

  if (self->settings == NULL)
    return;
  if (!add && !g_strv_contains ((const char * const *) recent, path))
    return;

  if (add)
    {
      g_strv_builder_add (builder, path);
      n++;
    }
  for (guint i = 0; recent[i] != NULL && (!add || n < STRATA_SESSION_MAX_RECENT); i++)
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
strata_session_add_recent (StrataSession *self,
                           const char    *path)
{
  g_return_if_fail (STRATA_IS_SESSION (self));
  g_return_if_fail (path != NULL);

  strata_session_update_recent (self, path, TRUE);
}

void
strata_session_remove_recent (StrataSession *self,
                              const char    *path)
{
  g_return_if_fail (STRATA_IS_SESSION (self));
  g_return_if_fail (path != NULL);

  strata_session_update_recent (self, path, FALSE);
}

void
strata_session_fill_recent_menu (StrataSession *self,
                                 GMenu         *menu)
{
  g_auto(GStrv) recent = NULL;

  g_return_if_fail (STRATA_IS_SESSION (self));
  g_return_if_fail (G_IS_MENU (menu));

  recent = strata_session_dup_recent (self);
  g_menu_remove_all (menu);
  for (guint i = 0; recent[i] != NULL; i++)
    {
      g_autofree char *basename = g_path_get_basename (recent[i]);
      g_autoptr(GString) label = g_string_new (basename);
      g_autoptr(GMenuItem) item = NULL;

      /* Menu labels use mnemonics. */
      g_string_replace (label, "_", "__", 0);
      item = g_menu_item_new (label->str, NULL);
      g_menu_item_set_action_and_target (item, "win.open-recent", "s", recent[i]);
      g_menu_append_item (menu, item);
    }

  if (recent[0] == NULL)
    g_menu_append (menu, _("No Recent Files"), "win.no-recent");
}

GFile *
strata_session_dup_last_folder (StrataSession *self)
{
  g_autofree char *folder = NULL;

  g_return_val_if_fail (STRATA_IS_SESSION (self), NULL);

  if (self->settings == NULL)
    return NULL;

  folder = g_settings_get_string (self->settings, "last-folder");
  if (folder[0] == '\0' || !g_file_test (folder, G_FILE_TEST_IS_DIR))
    return NULL;
  return g_file_new_for_path (folder);
}

void
strata_session_remember_folder (StrataSession *self,
                                const char    *path)
{
  g_autofree char *folder = NULL;

  g_return_if_fail (STRATA_IS_SESSION (self));

  if (self->settings == NULL || path == NULL)
    return;

  folder = g_path_get_dirname (path);
  g_settings_set_string (self->settings, "last-folder", folder);
}

/* -- Loading ---------------------------------------------------------------- */

static void
strata_session_load_thread (GTask        *task,
                            gpointer      source_object,
                            gpointer      task_data,
                            GCancellable *cancellable)
{
  const char *path = task_data;
  GError *error = NULL;
  StrataDataset *dataset;

  dataset = strata_dataset_load_file (path, &error);
  if (dataset == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, dataset, (GDestroyNotify) strata_dataset_unref);
}

void
strata_session_load_async (StrataSession       *self,
                           const char          *path,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (STRATA_IS_SESSION (self));
  g_return_if_fail (path != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, strata_session_load_async);
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_run_in_thread (task, strata_session_load_thread);
}

StrataDataset *
strata_session_load_finish (StrataSession  *self,
                            GAsyncResult   *result,
                            GError        **error)
{
  const char *path;
  GError *local_error = NULL;
  StrataDataset *dataset;

  g_return_val_if_fail (STRATA_IS_SESSION (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == strata_session_load_async, NULL);

  path = g_task_get_task_data (G_TASK (result));
  dataset = g_task_propagate_pointer (G_TASK (result), &local_error);
  if (dataset != NULL)
    {
      strata_session_add_recent (self, path);
      strata_session_remember_folder (self, path);
    }
  else if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      strata_session_remove_recent (self, path);
    }
  if (local_error != NULL)
    g_propagate_error (error, local_error);
  return dataset;
}

StrataDataset *
strata_session_load_sample (StrataSession  *self,
                            const char     *name,
                            char          **display_name,
                            GError        **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *file_name = NULL;
  g_autofree char *resource = NULL;
  StrataDataset *dataset;
  gconstpointer data;
  gsize length;

  g_return_val_if_fail (STRATA_IS_SESSION (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  file_name = g_strdup_printf ("%s.strata.json", name);
  resource = g_strdup_printf (RESOURCE_BASE "/datasets/%s", file_name);
  bytes = g_resources_lookup_data (resource, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  if (bytes == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("%s: error: no such sample dataset"), file_name);
      return NULL;
    }

  data = g_bytes_get_data (bytes, &length);
  dataset = strata_dataset_load_data (data, length, file_name, &local_error);
  if (dataset == NULL)
    {
      g_warning ("The bundled sample %s does not load: %s", file_name, local_error->message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (display_name != NULL)
    *display_name = g_steal_pointer (&file_name);
  return dataset;
}

/* -- Reopening the last file ------------------------------------------------ */

static gboolean
clear_reopen_mark_cb (gpointer data)
{
  StrataSession *self = data;

  if (self->settings != NULL)
    g_settings_set_string (self->settings, "opening-file", "");
  return G_SOURCE_REMOVE;
}

char *
strata_session_begin_reopen (StrataSession  *self,
                             char          **refused)
{
  g_auto(GStrv) recent = NULL;
  g_autofree char *opening = NULL;

  g_return_val_if_fail (STRATA_IS_SESSION (self), NULL);

  if (refused != NULL)
    *refused = NULL;
  if (self->settings == NULL)
    return NULL;

  /* Back where the user left off; the sample on first start (or when
   * that file is gone, which also prunes it from Open Recent). */
  recent = strata_session_dup_recent (self);
  if (recent[0] == NULL)
    return NULL;

  /* Issue 16: a start that died while reopening this file must not be
   * repeated forever. */
  opening = g_settings_get_string (self->settings, "opening-file");
  if (opening[0] != '\0' && g_str_equal (opening, recent[0]))
    {
      g_settings_set_string (self->settings, "opening-file", "");
      if (refused != NULL)
        *refused = g_strdup (recent[0]);
      return NULL;
    }

  /* Marked until the file has loaded and drawn (a few seconds). */
  g_settings_set_string (self->settings, "opening-file", recent[0]);
  g_settings_sync ();
  g_timeout_add_seconds_full (G_PRIORITY_LOW, REOPEN_MARK_SECONDS, clear_reopen_mark_cb,
                              g_object_ref (self), g_object_unref);
  return g_strdup (recent[0]);
}

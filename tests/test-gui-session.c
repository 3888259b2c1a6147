/* test-gui-session.c: the application's session (strata-session.c)
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "strata-session.h"
#include "strata-test-gui.h"
#include "strata-window-private.h"

static StrataApplication *app;

/* A copy of the bundled @sample in a fresh temporary folder. */
static char *
copy_sample (const char *sample,
             const char *name,
             char      **dir)
{
  g_autofree char *source = g_build_filename (g_getenv ("STRATA_SOURCE_ROOT"), "data", "datasets",
                                              sample, NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  char *path;
  gsize length;

  if (*dir == NULL)
    {
      *dir = g_dir_make_tmp ("strata-session-XXXXXX", &error);
      g_assert_no_error (error);
    }
  g_file_get_contents (source, &contents, &length, &error);
  g_assert_no_error (error);
  path = g_build_filename (*dir, name, NULL);
  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);
  return path;
}

static StrataSession *
fresh_session (void)
{
  StrataSession *session = strata_application_get_session (app);
  GSettings *settings = strata_session_get_settings (session);

  g_assert_nonnull (settings);
  g_settings_reset (settings, "recent-files");
  g_settings_reset (settings, "last-folder");
  g_settings_reset (settings, "opening-file");
  return session;
}

typedef struct
{
  StrataDataset *dataset;
  GError        *error;
  gboolean       done;
} Load;

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Load *load = user_data;

  load->dataset = strata_session_load_finish (STRATA_SESSION (object), result, &load->error);
  load->done = TRUE;
}

static gboolean
is_load_done (gpointer data)
{
  return ((Load *) data)->done;
}

static void
count_cb (gpointer  instance,
          guint    *count)
{
  (*count)++;
}

/* A load that works: the dataset, the file at the top of Open Recent (and
 * in the menu the session fills), its folder remembered. */
static void
test_load (void)
{
  StrataSession *session = fresh_session ();
  g_autofree char *dir = NULL;
  g_autofree char *path = copy_sample ("consumer-devices.strata.json", "devices.strata.json", &dir);
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GFile) folder = NULL;
  g_autofree char *folder_path = NULL;
  g_autofree char *target = NULL;
  g_auto(GStrv) recent = NULL;
  Load load = { 0 };
  guint changed = 0;
  gulong handler;

  handler = g_signal_connect (session, "recent-changed", G_CALLBACK (count_cb), &changed);
  g_assert_null (strata_session_dup_last_folder (session));

  strata_session_load_async (session, path, NULL, load_cb, &load);
  g_assert_true (wait_until (is_load_done, &load));
  g_assert_no_error (load.error);
  g_assert_nonnull (load.dataset);
  g_assert_cmpstr (load.dataset->title, ==, "Consumer devices: the Apple playbook (illustrative)");
  g_assert_cmpstr (load.dataset->filename, ==, path);

  recent = strata_session_dup_recent (session);
  g_assert_cmpuint (g_strv_length (recent), ==, 1);
  g_assert_cmpstr (recent[0], ==, path);
  g_assert_cmpuint (changed, ==, 1);

  folder = strata_session_dup_last_folder (session);
  g_assert_nonnull (folder);
  folder_path = g_file_get_path (folder);
  g_assert_cmpstr (folder_path, ==, dir);

  strata_session_fill_recent_menu (session, menu);
  g_assert_cmpint (g_menu_model_get_n_items (G_MENU_MODEL (menu)), ==, 1);
  g_assert_true (g_menu_model_get_item_attribute (G_MENU_MODEL (menu), 0, G_MENU_ATTRIBUTE_TARGET, "s", &target));
  g_assert_cmpstr (target, ==, path);

  g_signal_handler_disconnect (session, handler);
  strata_dataset_unref (load.dataset);
  g_unlink (path);
  g_rmdir (dir);
  /* A folder that is gone is not offered. */
  g_clear_object (&folder);
  folder = strata_session_dup_last_folder (session);
  g_assert_null (folder);
}

/* A load that fails: an error naming the file, and the file out of Open
 * Recent; a cancelled one changes nothing. */
static void
test_load_fails (void)
{
  StrataSession *session = fresh_session ();
  g_autofree char *dir = NULL;
  g_autofree char *good = copy_sample ("retailer.strata.json", "good.strata.json", &dir);
  g_autofree char *broken = g_build_filename (dir, "broken.strata.json", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_auto(GStrv) recent = NULL;
  Load load = { 0 };

  g_assert_true (g_file_set_contents (broken, "{ \"format\": \"strata-stack/1\", \"title\": 42 }", -1, NULL));
  strata_session_add_recent (session, good);
  strata_session_add_recent (session, broken);

  strata_session_load_async (session, broken, NULL, load_cb, &load);
  g_assert_true (wait_until (is_load_done, &load));
  g_assert_null (load.dataset);
  g_assert_nonnull (load.error);
  g_assert_true (g_str_has_prefix (load.error->message, broken));
  recent = strata_session_dup_recent (session);
  g_assert_cmpuint (g_strv_length (recent), ==, 1);
  g_assert_cmpstr (recent[0], ==, good);
  g_clear_error (&load.error);
  g_clear_pointer (&recent, g_strfreev);

  /* Cancelled before it finished: no dataset, Open Recent untouched
   * (not even for a file that loads). */
  memset (&load, 0, sizeof load);
  strata_session_add_recent (session, broken);
  g_cancellable_cancel (cancellable);
  strata_session_load_async (session, good, cancellable, load_cb, &load);
  g_assert_true (wait_until (is_load_done, &load));
  g_assert_null (load.dataset);
  g_assert_error (load.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  recent = strata_session_dup_recent (session);
  g_assert_cmpuint (g_strv_length (recent), ==, 2);
  g_assert_cmpstr (recent[0], ==, broken);
  g_assert_cmpstr (recent[1], ==, good);
  g_clear_error (&load.error);

  g_unlink (good);
  g_unlink (broken);
  g_rmdir (dir);
}

/* Open Recent keeps the newest ten, each once. */
static void
test_recent_list (void)
{
  StrataSession *session = fresh_session ();
  g_autoptr(GMenu) menu = g_menu_new ();
  g_auto(GStrv) recent = NULL;

  strata_session_fill_recent_menu (session, menu);
  g_assert_cmpint (g_menu_model_get_n_items (G_MENU_MODEL (menu)), ==, 1);

  for (guint i = 0; i < STRATA_SESSION_MAX_RECENT + 2; i++)
    {
      g_autofree char *path = g_strdup_printf ("/nowhere/%u.strata.json", i);

      strata_session_add_recent (session, path);
    }
  recent = strata_session_dup_recent (session);
  g_assert_cmpuint (g_strv_length (recent), ==, STRATA_SESSION_MAX_RECENT);
  g_assert_cmpstr (recent[0], ==, "/nowhere/11.strata.json");
  g_assert_cmpstr (recent[STRATA_SESSION_MAX_RECENT - 1], ==, "/nowhere/2.strata.json");
  g_clear_pointer (&recent, g_strfreev);

  /* Again: to the front, not twice. */
  strata_session_add_recent (session, "/nowhere/5.strata.json");
  strata_session_remove_recent (session, "/nowhere/11.strata.json");
  strata_session_remove_recent (session, "/nowhere/not-there.strata.json");
  recent = strata_session_dup_recent (session);
  g_assert_cmpuint (g_strv_length (recent), ==, STRATA_SESSION_MAX_RECENT - 1);
  g_assert_cmpstr (recent[0], ==, "/nowhere/5.strata.json");
  g_assert_cmpstr (recent[1], ==, "/nowhere/10.strata.json");
  for (guint i = 1; recent[i] != NULL; i++)
    g_assert_cmpstr (recent[i], !=, "/nowhere/5.strata.json");

  strata_session_fill_recent_menu (session, menu);
  g_assert_cmpint (g_menu_model_get_n_items (G_MENU_MODEL (menu)), ==, STRATA_SESSION_MAX_RECENT - 1);
}

/* Without settings nothing is kept, and nothing breaks. */
static void
test_no_settings (void)
{
  g_autoptr(StrataSession) session = strata_session_new (NULL);
  g_auto(GStrv) recent = NULL;
  static char sentinel[] = "x";
  char *refused = sentinel;  /* an out argument: the call must set it */

  strata_session_add_recent (session, "/nowhere/a.strata.json");
  strata_session_remember_folder (session, "/tmp/a.strata.json");
  recent = strata_session_dup_recent (session);
  g_assert_cmpuint (g_strv_length (recent), ==, 0);
  g_assert_null (strata_session_dup_last_folder (session));
  g_assert_null (strata_session_begin_reopen (session, &refused));
  g_assert_null (refused);
}

static void
test_samples (void)
{
  StrataSession *session = strata_application_get_session (app);
  g_autoptr(StrataDataset) dataset = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;

  dataset = strata_session_load_sample (session, "ai-model-lab", &name, &error);
  g_assert_no_error (error);
  g_assert_nonnull (dataset);
  g_assert_cmpstr (name, ==, "ai-model-lab.strata.json");
  g_assert_cmpuint (dataset->n_layers, >, 1);
  g_clear_pointer (&name, g_free);

  g_assert_null (strata_session_load_sample (session, "no-such-sample", &name, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "no-such-sample.strata.json: error: no such sample dataset");
  g_assert_null (name);
}

/* At start the last file is reopened and marked until it has had time
 * to load; a start that finds the mark still there refuses it once. */
static void
test_reopen (void)
{
  StrataSession *session = fresh_session ();
  GSettings *settings = strata_session_get_settings (session);
  g_autofree char *path = NULL;
  g_autofree char *refused = NULL;
  g_autofree char *opening = NULL;

  g_assert_null (strata_session_begin_reopen (session, &refused));
  g_assert_null (refused);

  strata_session_add_recent (session, "/nowhere/last.strata.json");
  path = strata_session_begin_reopen (session, &refused);
  g_assert_cmpstr (path, ==, "/nowhere/last.strata.json");
  g_assert_null (refused);
  opening = g_settings_get_string (settings, "opening-file");
  g_assert_cmpstr (opening, ==, path);
  g_clear_pointer (&path, g_free);
  g_clear_pointer (&opening, g_free);

  /* As if that start died with the mark still set. */
  path = strata_session_begin_reopen (session, &refused);
  g_assert_null (path);
  g_assert_cmpstr (refused, ==, "/nowhere/last.strata.json");
  opening = g_settings_get_string (settings, "opening-file");
  g_assert_cmpstr (opening, ==, "");
  g_clear_pointer (&refused, g_free);

  /* The start after that tries again. */
  path = strata_session_begin_reopen (session, &refused);
  g_assert_cmpstr (path, ==, "/nowhere/last.strata.json");
  g_assert_null (refused);
  g_settings_reset (settings, "opening-file");
}

static gboolean
is_window_idle (gpointer data)
{
  return !_strata_window_is_loading (data);
}

/* The window through its session: a later open supersedes one under
 * way (whichever worker finishes first, the later file is shown and the
 * earlier never reaches Open Recent); a failed load keeps the dataset. */
static void
test_window_follows (void)
{
  StrataSession *session = fresh_session ();
  g_autofree char *dir = NULL;
  g_autofree char *first = copy_sample ("ai-model-lab.strata.json", "first.strata.json", &dir);
  g_autofree char *second = copy_sample ("retailer.strata.json", "second.strata.json", &dir);
  g_autofree char *broken = g_build_filename (dir, "broken.strata.json", NULL);
  g_autoptr(GFile) first_file = g_file_new_for_path (first);
  g_autoptr(GFile) second_file = g_file_new_for_path (second);
  g_autoptr(GFile) broken_file = g_file_new_for_path (broken);
  g_auto(GStrv) recent = NULL;
  StrataWindow *window = open_sample_window (app, "ai-cloud-stack");
  StrataDataset *before;

  strata_window_open (window, first_file);
  strata_window_open (window, second_file);
  g_assert_true (_strata_window_is_loading (window));
  g_assert_true (wait_until (is_window_idle, window));
  g_assert_cmpstr (_strata_window_get_dataset (window)->filename, ==, second);
  g_assert_true (g_file_equal (_strata_window_get_file (window), second_file));
  recent = strata_session_dup_recent (session);
  g_assert_cmpuint (g_strv_length (recent), ==, 1);
  g_assert_cmpstr (recent[0], ==, second);
  g_clear_pointer (&recent, g_strfreev);

  /* The menu of every window follows the session. */
  strata_session_add_recent (session, first);
  g_assert_cmpint (g_menu_model_get_n_items (G_MENU_MODEL (window->recent_section)), ==, 2);

  before = _strata_window_get_dataset (window);
  g_assert_true (g_file_set_contents (broken, "{ not json", -1, NULL));
  strata_window_open (window, broken_file);
  g_assert_true (wait_until (is_window_idle, window));
  g_assert_true (_strata_window_get_dataset (window) == before);
  g_assert_true (g_str_has_prefix (_strata_window_get_last_error (window), "broken.strata.json:"));
  recent = strata_session_dup_recent (session);
  g_assert_false (g_strv_contains ((const char * const *) recent, broken));

  close_window (window);
  g_unlink (first);
  g_unlink (second);
  g_unlink (broken);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  app = start_gui_tests (&argc, &argv);
  if (app == NULL)
    {
      g_test_skip ("no display");
      return g_test_run ();
    }

  gui_test_add ("/strata/gui/session/load", test_load);
  gui_test_add ("/strata/gui/session/load-fails", test_load_fails);
  gui_test_add ("/strata/gui/session/recent-list", test_recent_list);
  gui_test_add ("/strata/gui/session/no-settings", test_no_settings);
  gui_test_add ("/strata/gui/session/samples", test_samples);
  gui_test_add ("/strata/gui/session/reopen", test_reopen);
  gui_test_add ("/strata/gui/session/window-follows", test_window_follows);

  ret = g_test_run ();
  g_clear_object (&app);
  return ret;
}

/* test-hostile.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * Runs the hostile-input corpus (tests/data/hostile/expected.txt) and a
 * few generated cases (too big to keep in git, or not files at all)
 * through the loader and through `strata-cli validate`: every entry gets
 * its expected verdict and message, the tool exits 0 or 1 with one stderr
 * line per problem naming the file, and nothing dies from a signal.
 */

#include "config.h"

#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "strata/strata-dataset.h"

typedef struct
{
  char     *name;
  char     *path;
  gboolean  ok;
  char     *fragment;
} Entry;

static const char *cli_path;

static void
entry_free (gpointer data)
{
  Entry *e = data;

  g_free (e->name);
  g_free (e->path);
  g_free (e->fragment);
  g_free (e);
}

static void
check_loader (const Entry *e)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StrataDataset) ds = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *prefix = g_strconcat (e->path, ":", NULL);

  ds = strata_dataset_load_file (e->path, &error);
  if (e->ok)
    {
      g_assert_no_error (error);
      g_assert_nonnull (ds);
      g_assert_cmpuint (ds->n_layers, >, 0);
      return;
    }

  g_assert_null (ds);
  g_assert_nonnull (error);
  g_assert_true (error->domain == STRATA_DATASET_ERROR);
  g_test_message ("%s", error->message);
  if (strstr (error->message, e->fragment) == NULL)
    g_error ("%s: expected \"%s\" in the message, got:\n%s", e->name, e->fragment, error->message);

  /* One line a problem, each naming the file. */
  lines = g_strsplit (error->message, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_assert_true (g_str_has_prefix (lines[i], prefix));
      g_assert_nonnull (strstr (lines[i], ": error: "));
    }
}

static gboolean
run_cli (const char  *path,
         int         *status,
         char       **out,
         char       **err)
{
  const char *argv[] = { cli_path, "validate", path, NULL };
  g_autoptr(GError) error = NULL;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                     out, err, status, &error))
    g_error ("cannot run %s: %s", cli_path, error->message);
  return TRUE;
}

static void
cli_ready (void)
{
  /* strata-cli is built with the tests (every test depends on it), so a
   * missing binary is a failure, never a skip. */
  if (cli_path == NULL)
    {
      cli_path = g_getenv ("STRATA_CLI");
      if (cli_path == NULL || !g_file_test (cli_path, G_FILE_TEST_IS_EXECUTABLE))
        g_error ("strata-cli not found (STRATA_CLI=%s)", cli_path ? cli_path : "unset");
    }
}

static void
check_cli (const Entry *e)
{
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *prefix = g_strconcat (e->path, ":", NULL);
  g_auto(GStrv) lines = NULL;
  int status;

  cli_ready ();

  run_cli (e->path, &status, &out, &err);
  g_assert_false (WIFSIGNALED (status));
  g_assert_true (WIFEXITED (status));
  if (e->ok)
    {
      if (WEXITSTATUS (status) != 0)
        g_error ("%s: strata-cli validate exited %d: %s", e->name, WEXITSTATUS (status), err);
      return;
    }

  g_assert_cmpint (WEXITSTATUS (status), ==, 1);
  g_assert_nonnull (strstr (err, e->fragment));
  lines = g_strsplit (g_strchomp (err), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), >, 0);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (!g_str_has_prefix (lines[i], prefix))
        g_error ("%s: stderr line does not name the file: %s", e->name, lines[i]);
    }
}

static void
test_entry (gconstpointer data)
{
  const Entry *e = data;

  check_loader (e);
  check_cli (e);
}

/* -- generated cases ----------------------------------------------------- */

static char *
generated_dir (void)
{
  char *dir = g_build_filename (g_getenv ("G_TEST_BUILDDIR") != NULL ? g_getenv ("G_TEST_BUILDDIR")
                                                                      : g_get_tmp_dir (),
                                "hostile-generated", NULL);
  g_mkdir_with_parents (dir, 0755);
  return dir;
}

static const char HEAD[] =
  "{\"format\": \"strata-stack/1\", \"title\": \"generated\", \"unit\": \"u\", \"currency\": \"USD\",\n"
  " \"volume\": {\"min\": 1, \"max\": 1e6, \"default\": 10},\n"
  " \"layers\": [";

static char *
write_generated (const char *name,
                 GString    *text)
{
  g_autofree char *dir = generated_dir ();
  char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, text->str, text->len, NULL));
  g_string_free (text, TRUE);
  return path;
}

static char *
gen_deep (void)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (s, '[');
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (s, ']');
  return write_generated ("deep-100000.json", s);
}

static char *
gen_deep_objects (void)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < 100000; i++)
    g_string_append (s, "{\"a\":");
  g_string_append (s, "1");
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (s, '}');
  return write_generated ("deep-objects-100000.json", s);
}

static char *
gen_big (void)
{
  GString *s = g_string_new (HEAD);

  g_string_append (s, "{\"id\": \"a\", \"options\": [{\"id\": \"o\", \"mode\": \"integrated\", \"unit_cost\": 1}]}],\n \"x\": [");
  while (s->len < 17 * 1024 * 1024)
    g_string_append (s, "0.5, 0.25, 0.125, 1e-3, 7, ");
  g_string_append (s, "1]}\n");
  return write_generated ("big-17mib.json", s);
}

static GString *
one_layer_then (guint n_layers)
{
  GString *s = g_string_new (HEAD);

  for (guint i = 0; i < n_layers; i++)
    g_string_append_printf (s, "%s{\"id\": \"l%u\", \"options\": [{\"id\": \"o\", \"mode\": \"integrated\", \"unit_cost\": 1}]}",
                            i ? "," : "", i);
  g_string_append (s, "]");
  return s;
}

static char *
gen_values (void)
{
  GString *s = g_string_new (HEAD);

  g_string_append (s, "{\"id\": \"a\", \"options\": [{\"id\": \"o\", \"mode\": \"integrated\", \"unit_cost\": 1}]}],\n \"x\": [0");
  for (guint i = 0; i < 2000000; i++)
    g_string_append (s, ",0");
  g_string_append (s, "]}\n");
  return write_generated ("values-2000000.json", s);
}

static char *
gen_links (void)
{
  GString *s = one_layer_then (20);

  g_string_append (s, ",\n \"links\": [");
  for (guint i = 0; i < 4097; i++)
    g_string_append_printf (s, "%s{\"from\": \"l%u\", \"to\": \"l%u\", \"saving\": 0.01}", i ? "," : "",
                            i % 20, (i + 1) % 20);
  g_string_append (s, "]}");
  return write_generated ("links-4097.json", s);
}

static char *
gen_strategies (void)
{
  GString *s = one_layer_then (2);

  g_string_append (s, ",\n \"strategies\": [");
  for (guint i = 0; i < 1025; i++)
    g_string_append_printf (s, "%s{\"id\": \"s%u\"}", i ? "," : "", i);
  g_string_append (s, "]}");
  return write_generated ("strategies-1025.json", s);
}

static char *
gen_sources (void)
{
  GString *s = one_layer_then (2);

  g_string_append (s, ",\n \"sources\": [");
  for (guint i = 0; i < 4097; i++)
    g_string_append_printf (s, "%s{\"id\": \"s%u\", \"text\": \"t\"}", i ? "," : "", i);
  g_string_append (s, "]}");
  return write_generated ("sources-4097.json", s);
}

static char *
gen_cycle_ring (void)
{
  GString *s = one_layer_then (20);

  /* Every ordered pair of 20 layers: a dense cycle, still legal. */
  g_string_append (s, ",\n \"links\": [");
  for (guint i = 0, n = 0; i < 20; i++)
    for (guint j = 0; j < 20; j++)
      if (i != j)
        g_string_append_printf (s, "%s{\"from\": \"l%u\", \"to\": \"l%u\", \"saving\": 0.01}",
                                n++ ? "," : "", i, j);
  g_string_append (s, "]}");
  return write_generated ("links-all-pairs-20.json", s);
}

static char *
gen_fifo (void)
{
  g_autofree char *dir = generated_dir ();
  char *path = g_build_filename (dir, "fifo.json", NULL);

  g_unlink (path);
  g_assert_cmpint (mkfifo (path, 0644), ==, 0);
  return path;
}

static char *
gen_directory (void)
{
  g_autofree char *dir = generated_dir ();
  char *path = g_build_filename (dir, "folder.json", NULL);

  g_mkdir_with_parents (path, 0755);
  return path;
}

typedef struct
{
  const char *name;
  char     *(*make) (void);
  gboolean    ok;
  const char *fragment;
} Generated;

static const Generated generated[] = {
  { "deep-100000", gen_deep, FALSE, "nesting deeper than 64 levels" },
  { "deep-objects-100000", gen_deep_objects, FALSE, "nesting deeper than 64 levels" },
  { "big-17mib", gen_big, FALSE, "larger than the 16 MiB limit" },
  { "values-2000000", gen_values, FALSE, "more than 2000000 values" },
  { "links-4097", gen_links, FALSE, "links: 4097 links, more than the limit of 4096" },
  { "strategies-1025", gen_strategies, FALSE, "strategies: 1025 strategies, more than the limit of 1024" },
  { "sources-4097", gen_sources, FALSE, "sources: 4097 sources, more than the limit of 4096" },
  { "links-all-pairs-20", gen_cycle_ring, TRUE, NULL },
  { "fifo", gen_fifo, FALSE, "is a FIFO (named pipe), not a regular file" },
  { "directory", gen_directory, FALSE, "is a directory, not a file" },
};

static void
test_generated (gconstpointer data)
{
  const Generated *g = data;
  Entry e = { 0 };

  e.name = (char *) g->name;
  e.path = g->make ();
  e.ok = g->ok;
  e.fragment = (char *) g->fragment;
  check_loader (&e);
  check_cli (&e);
  if (g_file_test (e.path, G_FILE_TEST_IS_DIR))
    g_rmdir (e.path);
  else
    g_unlink (e.path);
  g_free (e.path);
}

static GPtrArray *
read_manifest (void)
{
  g_autofree char *manifest = g_test_build_filename (G_TEST_DIST, "data", "hostile", "expected.txt", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  GPtrArray *entries = g_ptr_array_new_with_free_func (entry_free);
  g_autoptr(GError) error = NULL;

  g_file_get_contents (manifest, &text, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = NULL;
      Entry *e;

      if (lines[i][0] == '\0' || lines[i][0] == '#')
        continue;
      fields = g_strsplit (lines[i], "\t", 3);
      g_assert_cmpuint (g_strv_length (fields), ==, 3);
      e = g_new0 (Entry, 1);
      e->name = g_strdup (fields[0]);
      e->path = g_test_build_filename (G_TEST_DIST, "data", "hostile", fields[0], NULL);
      g_assert_true (g_str_equal (fields[1], "ok") || g_str_equal (fields[1], "refused"));
      e->ok = g_str_equal (fields[1], "ok");
      e->fragment = g_strdup (fields[2]);
      g_assert_true (e->ok || *e->fragment != '\0');
      g_ptr_array_add (entries, e);
    }
  return entries;
}

/* Every file in the corpus folder is in the manifest, and vice versa. */
static void
test_manifest_complete (gconstpointer data)
{
  GPtrArray *entries = (GPtrArray *) data;
  g_autofree char *dir_path = g_test_build_filename (G_TEST_DIST, "data", "hostile", NULL);
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  GDir *dir = g_dir_open (dir_path, 0, NULL);
  const char *name;
  guint files = 0;

  for (guint i = 0; i < entries->len; i++)
    g_hash_table_add (names, ((Entry *) g_ptr_array_index (entries, i))->name);
  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      if (g_str_equal (name, "expected.txt"))
        continue;
      if (!g_hash_table_contains (names, name))
        g_error ("%s is not in expected.txt", name);
      files++;
    }
  g_dir_close (dir);
  g_assert_cmpuint (files, ==, entries->len);
  g_assert_cmpuint (files, >=, 60);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) entries = NULL;

  g_test_init (&argc, &argv, NULL);

  entries = read_manifest ();
  g_test_add_data_func ("/strata/hostile/manifest-complete", entries, test_manifest_complete);
  for (guint i = 0; i < entries->len; i++)
    {
      Entry *e = g_ptr_array_index (entries, i);
      g_autofree char *path = g_strdup_printf ("/strata/hostile/corpus/%s", e->name);

      g_test_add_data_func (path, e, test_entry);
    }
  for (guint i = 0; i < G_N_ELEMENTS (generated); i++)
    {
      g_autofree char *path = g_strdup_printf ("/strata/hostile/generated/%s", generated[i].name);

      g_test_add_data_func (path, &generated[i], test_generated);
    }

  return g_test_run ();
}

/* strata-test-cli.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdarg.h>
#include <string.h>
#include <sys/wait.h>

#include "strata-test-cli.h"

void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

const char *
test_cli_path (void)
{
  const char *path = g_getenv ("STRATA_CLI");

  if (path == NULL || !g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
    g_error ("STRATA_CLI does not name the strata-cli to test (run through meson test)");
  return path;
}

void
run_cli_v (Run               *run,
           const char *const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int wait_status = 0;

  g_ptr_array_add (argv, (gpointer) test_cli_path ());
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  memset (run, 0, sizeof *run);
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                &run->out, &run->err, &wait_status, &error);
  g_assert_no_error (error);
  if (!WIFEXITED (wait_status))
    g_error ("strata-cli %s died (wait status %d): %s",
             args[0] != NULL ? args[0] : "", wait_status, run->err);
  run->status = WEXITSTATUS (wait_status);
}

void
run_cli (Run        *run,
         const char *first,
         ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  va_list ap;

  va_start (ap, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  run_cli_v (run, (const char *const *) args->pdata);
}

char *
test_sample_path (const char *name)
{
  const char *root = g_getenv ("STRATA_SOURCE_ROOT");

  if (root == NULL)
    g_error ("STRATA_SOURCE_ROOT is not set (run through meson test)");
  return g_build_filename (root, "data", "datasets", name, NULL);
}

StrataDataset *
load_sample (const char *name)
{
  g_autofree char *path = test_sample_path (name);
  g_autoptr(GError) error = NULL;
  StrataDataset *dataset = strata_dataset_load_file (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (dataset);
  return dataset;
}

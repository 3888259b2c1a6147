/* test-fuzz-replay.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The fuzz target (tests/fuzz/fuzz-dataset.c) in the ordinary suite: every
 * file of its seed corpus (the hostile corpus and the samples) goes
 * through the same load, evaluate, optimize, break-even, ladder, Monte
 * Carlo and draw, with its assertions (every outcome of an accepted file
 * finite).  The libFuzzer build (-Dfuzzing=true, .ci/hardening) mutates
 * the same corpus.
 */

#include "config.h"

#include <stdint.h>
#include <string.h>

#include <glib.h>

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static guint
replay_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (path, name, NULL);
      g_autofree char *contents = NULL;
      gsize length;

      if (!g_str_has_suffix (name, ".json"))
        continue;
      g_assert_true (g_file_get_contents (file, &contents, &length, NULL));
      g_test_message ("%s", name);
      LLVMFuzzerTestOneInput ((const uint8_t *) contents, length);
      n++;
    }
  return n;
}

static void
test_replay (void)
{
  g_autofree char *hostile = g_test_build_filename (G_TEST_DIST, "data", "hostile", NULL);
  g_autofree char *samples = g_test_build_filename (G_TEST_DIST, "..", "data", "datasets", NULL);

  g_assert_cmpuint (replay_dir (hostile), >, 100);
  g_assert_cmpuint (replay_dir (samples), >=, 4);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/strata/fuzz/replay-corpus", test_replay);
  return g_test_run ();
}

/* test-cli-edit.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * `strata-cli set` and `strata-cli format`: the edit path without a
 * display.  Every field kind is set and read back from the written file;
 * every refusal exits 1 with one line naming the file and the path and
 * writes nothing; wrong usage exits 2.
 */

#include "config.h"

#include <string.h>
#include <sys/wait.h>

#include <glib/gstdio.h>

#include "strata/strata-dataset.h"

#include "strata-test-dataset.h"
#include "strata-test-cli.h"

typedef struct
{
  char *dir;
  char *sample;   /* a copy of the AI cloud stack sample */
  char *out;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GPtrArray) samples = test_sample_files ();
  g_autofree char *contents = NULL;
  gsize length;

  (void) data;
  f->dir = g_dir_make_tmp ("strata-cli-edit-XXXXXX", NULL);
  g_assert_nonnull (f->dir);
  f->sample = g_build_filename (f->dir, "stack.json", NULL);
  f->out = g_build_filename (f->dir, "out.json", NULL);
  for (guint i = 0; i < samples->len; i++)
    if (g_str_has_suffix (g_ptr_array_index (samples, i), "ai-cloud-stack.strata.json"))
      g_assert_true (g_file_get_contents (g_ptr_array_index (samples, i), &contents, &length, NULL));
  g_assert_nonnull (contents);
  g_assert_true (g_file_set_contents (f->sample, contents, length, NULL));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  (void) data;
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->sample);
  g_free (f->out);
}

static StrataDataset *
load (const char *path)
{
  g_autoptr(GError) error = NULL;
  StrataDataset *ds = strata_dataset_load_file (path, &error);

  g_assert_no_error (error);
  return ds;
}

static void
test_format (Fixture       *f,
             gconstpointer  data)
{
  g_auto(Run) run = { 0 };
  g_auto(Run) again = { 0 };
  g_autofree char *out2 = g_build_filename (f->dir, "out2.json", NULL);
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autoptr(StrataDataset) before = load (f->sample);
  g_autoptr(StrataDataset) after = NULL;

  (void) data;
  run_cli_v (&run, (const char *[]) { "format", f->sample, "-o", f->out, NULL });
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  run_cli_v (&again, (const char *[]) { "format", f->out, "-o", out2, NULL });
  g_assert_cmpint (again.status, ==, 0);
  g_assert_true (g_file_get_contents (f->out, &a, NULL, NULL));
  g_assert_true (g_file_get_contents (out2, &b, NULL, NULL));
  g_assert_cmpstr (a, ==, b);
  after = load (f->out);
  test_assert_dataset_equal (before, after);
  g_unlink (out2);
}

typedef struct
{
  const char *assignment;
  const char *says;   /* a line of the written file */
} Setting;

static void
test_set_every_kind (Fixture       *f,
                     gconstpointer  data)
{
  static const Setting settings[] = {
    { "layers.chips.options.in-house-accelerator.fixed_cost=3.5e9", "\"fixed_cost\": 3.5e9," },
    { "layers.chips.options.in-house-accelerator.learning_rate={\"value\":0.2,\"low\":0.1,\"high\":0.35}",
      "\"high\": 0.35" },
    { "layers.chips.options.merchant-gpu.margin=0.7", "\"margin\": 0.7," },
    { "boundary_cost=0.04", "\"boundary_cost\": 0.04," },
    { "price=7.25", "\"price\": 7.25," },
    { "layers.chips.boundary_cost=0.06", "\"boundary_cost\": 0.06," },
    { "links.1.saving=0.12", "\"saving\": 0.12," },
    { "title=My stack", "\"title\": \"My stack\"," },
    { "layers.cloud.name=\"Cloud\"", "\"name\": \"Cloud\"," },
    { "layers.models.description=Models, priced per token", "\"description\": \"Models, priced per token\"," },
    { "layers.platform.options.closed-platform.mode=neutral", "\"supplier_cost\": 0.1," },
    { "strategies.model-first.name=Models first", "\"name\": \"Models first\"," },
    { "sources.assumption.url=https://example.com/a", "\"url\": \"https://example.com/a\"" },
  };

  (void) data;
  for (guint i = 0; i < G_N_ELEMENTS (settings); i++)
    {
      g_auto(Run) run = { 0 };
      g_autofree char *text = NULL;
      g_autoptr(StrataDataset) ds = NULL;

      g_unlink (f->out);
      run_cli_v (&run, (const char *[]) { "set", f->sample, settings[i].assignment,
                                             "-o", f->out, NULL });
      g_assert_cmpint (run.status, ==, 0);
      g_assert_cmpstr (run.err, ==, "");
      g_assert_true (g_file_get_contents (f->out, &text, NULL, NULL));
      if (strstr (text, settings[i].says) == NULL)
        g_error ("%s: the file lacks %s", settings[i].assignment, settings[i].says);
      ds = load (f->out);
      g_assert_nonnull (ds);
    }
}

/* Several edits at once, in place, and the values read back. */
static void
test_set_in_place (Fixture       *f,
                   gconstpointer  data)
{
  g_auto(Run) run = { 0 };
  g_autoptr(StrataDataset) ds = NULL;

  (void) data;
  run_cli_v (&run, (const char *[]) { "set", f->sample,
                                         "layers.chips.id=silicon",
                                         "layers.silicon.options.in-house-accelerator.floor_cost=0.25",
                                         "volume.default=2e10",
                                         "-o", f->sample, NULL });
  g_assert_cmpint (run.status, ==, 0);
  ds = load (f->sample);
  g_assert_cmpstr (ds->layers[0].id, ==, "silicon");
  g_assert_cmpfloat (ds->layers[0].options[1].floor_cost.value, ==, 0.25);
  g_assert_cmpfloat (ds->volume_default, ==, 2e10);
  g_assert_cmpuint (ds->links[0].from, ==, 0);
}

static void
test_set_stdout (Fixture       *f,
                 gconstpointer  data)
{
  g_auto(Run) run = { 0 };

  (void) data;
  run_cli_v (&run, (const char *[]) { "set", f->sample, "price=8", "-o", "-", NULL });
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "\"price\": 8,"));
  g_assert_false (g_file_test (f->out, G_FILE_TEST_EXISTS));
}

static void
test_set_refusals (Fixture       *f,
                   gconstpointer  data)
{
  static const Setting refusals[] = {
    { "layers.nope.name=x", "layers.nope.name: no layer \"nope\"" },
    { "layers.chips.options.merchant-gpu.colour=red", "unknown field \"colour\"" },
    { "links.9.saving=0.1", "links.9.saving: no link 9" },
    { "layers.chips.options.merchant-gpu.margin=1.2", "a margin is at least 0 and below 1, got 1.2" },
    { "layers.chips.options.merchant-gpu.margin=lots", "not a JSON value" },
    { "layers.chips.options.merchant-gpu.margin={\"value\":0.5}", "must be a number or" },
    { "layers.chips.options.in-house-accelerator.fixed_cost=-5", "a fixed cost is 0 or more" },
    { "volume.default=5", "volume.default: must be between" },
    { "layers.chips.id=cloud", "layers.chips.id: the id \"cloud\" is taken" },
    { "title=", "a title is required" },
  };

  (void) data;
  for (guint i = 0; i < G_N_ELEMENTS (refusals); i++)
    {
      g_auto(Run) run = { 0 };
      g_autofree char *prefix = g_strdup_printf ("%s: error: ", f->sample);
      g_autofree char *path = g_strndup (refusals[i].assignment,
                                         strchr (refusals[i].assignment, '=') - refusals[i].assignment);

      run_cli_v (&run, (const char *[]) { "set", f->sample, refusals[i].assignment,
                                             "-o", f->out, NULL });
      g_test_message ("%s", run.err);
      g_assert_cmpint (run.status, ==, 1);
      g_assert_true (g_str_has_prefix (run.err, prefix));
      g_assert_nonnull (strstr (run.err, path));
      g_assert_nonnull (strstr (run.err, refusals[i].says));
      /* one line, nothing written */
      g_assert_cmpint (strchr (run.err, '\n') - run.err, ==, (int) strlen (run.err) - 1);
      g_assert_false (g_file_test (f->out, G_FILE_TEST_EXISTS));
    }
}

static void
test_usage (Fixture       *f,
            gconstpointer  data)
{
  const char **cases[] = {
    (const char *[]) { "set", f->sample, "price=8", NULL },
    (const char *[]) { "set", f->sample, "-o", f->out, NULL },
    (const char *[]) { "set", f->sample, "price", "-o", f->out, NULL },
    (const char *[]) { "set", "-o", f->out, NULL },
    (const char *[]) { "set", f->sample, "price=8", "--frobnicate", "-o", f->out, NULL },
    (const char *[]) { "format", f->sample, NULL },
    (const char *[]) { "format", f->sample, f->sample, "-o", f->out, NULL },
  };
  g_auto(Run) bad = { 0 };
  g_auto(Run) help = { 0 };
  g_autofree char *broken = g_build_filename (f->dir, "broken.json", NULL);

  (void) data;
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Run) run = { 0 };

      run_cli_v (&run, cases[i]);
      g_assert_cmpint (run.status, ==, 2);
      g_assert_nonnull (strstr (run.err, "--help"));
      g_assert_false (g_file_test (f->out, G_FILE_TEST_EXISTS));
    }

  /* a refused input file is exit 1 with the loader's message */
  g_assert_true (g_file_set_contents (broken, "{\"format\": \"strata-stack/1\",}", -1, NULL));
  run_cli_v (&bad, (const char *[]) { "format", broken, "-o", f->out, NULL });
  g_assert_cmpint (bad.status, ==, 1);
  g_assert_true (g_str_has_prefix (bad.err, broken));
  g_unlink (broken);

  run_cli_v (&help, (const char *[]) { "--help", NULL });
  g_assert_nonnull (strstr (help.out, "  set "));
  g_assert_nonnull (strstr (help.out, "  format "));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  test_cli_path ();   /* fails, never skips, outside meson test */

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/strata/cli/format", test_format);
  ADD ("/strata/cli/set/every-kind", test_set_every_kind);
  ADD ("/strata/cli/set/in-place", test_set_in_place);
  ADD ("/strata/cli/set/stdout", test_set_stdout);
  ADD ("/strata/cli/set/refusals", test_set_refusals);
  ADD ("/strata/cli/set/usage", test_usage);
#undef ADD

  return g_test_run ();
}

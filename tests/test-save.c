/* test-save.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * Saving: what strata_dataset_to_json() writes parses as JSON (json-glib
 * reads it back), loads to the same dataset, keeps the unknown keys, and
 * saving again gives the same text.
 */

#include "config.h"

#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "strata/strata-dataset.h"
#include "strata/strata-save.h"

#include "strata-test-dataset.h"

static const char DOC[] =
  "{\n"
  "  \"x_first\": \"unknown keys may come first\",\n"
  "  \"format\": \"strata-stack/1\",\n"
  "  \"title\": \"Round trip \\\"quoted\\\" \xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D \xF0\x9F\x9A\x80\",\n"
  "  \"description\": \"Line one\\nline two\\ttabbed\",\n"
  "  \"unit\": \"1M tokens\",\n"
  "  \"currency\": \"USD\",\n"
  "  \"price\": 4.1,\n"
  "  \"volume\": { \"min\": 1e-8, \"max\": 1e18, \"default\": 123456789.123 },\n"
  "  \"boundary_cost\": 0.01,\n"
  "  \"layers\": [\n"
  "    { \"id\": \"chips\", \"name\": \"Chips\", \"description\": \"Silicon\", \"boundary_cost\": 0, \"source\": \"s1\",\n"
  "      \"x_layer\": { \"deep\": [1, 2.5, -3e-300, true, null, \"s\", {}, []] },\n"
  "      \"options\": [\n"
  "        { \"id\": \"gpu\", \"mode\": \"neutral\", \"supplier_cost\": 0.1, \"margin\": { \"value\": 0.75, \"low\": 0.7, \"high\": 0.8 },\n"
  "          \"fixed_cost\": 5e6, \"ecosystem_value\": 0.001, \"latency_ms\": 2.5, \"x_opt\": 9007199254740992 },\n"
  "        { \"id\": \"asic\", \"name\": \"In-house\", \"mode\": \"integrated\", \"unit_cost\": 0.16, \"fixed_cost\": 2e9,\n"
  "          \"learning_rate\": { \"value\": 0.18, \"low\": 0.1, \"high\": 0.25 },\n"
  "          \"reference_volume\": 1e8, \"floor_cost\": 0.02, \"source\": [\"s1\", \"s2\"] }\n"
  "      ] },\n"
  "    { \"id\": \"models\", \"options\": [\n"
  "        { \"id\": \"thirdparty\", \"mode\": \"neutral\", \"price\": 1.2, \"margin\": 0 },\n"
  "        { \"id\": \"own\", \"mode\": \"integrated\", \"unit_cost\": { \"value\": 0.9, \"low\": 0.5, \"high\": 2 } }\n"
  "      ] }\n"
  "  ],\n"
  "  \"links\": [ { \"from\": \"chips\", \"to\": \"models\", \"saving\": 0.25, \"note\": \"co-designed\", \"x_link\": false },\n"
  "             { \"from\": \"models\", \"to\": \"chips\", \"saving\": { \"value\": 0.1, \"low\": 0, \"high\": 0.2 }, \"source\": \"s2\" } ],\n"
  "  \"strategies\": [ { \"id\": \"hybrid\", \"name\": \"Hybrid\", \"choices\": { \"chips\": \"asic\" }, \"x_strategy\": [] },\n"
  "                  { \"id\": \"plain\" } ],\n"
  "  \"sources\": [ { \"id\": \"s1\", \"text\": \"A source\", \"url\": \"https://example.com/?a=1&b=2\" },\n"
  "               { \"id\": \"s2\", \"text\": \"Another\", \"x_source\": 1.5 } ],\n"
  "  \"x_last\": { \"nested\": { \"a\": [1e-8, 1e18] } }\n"
  "}\n";

/* Save, re-parse with json-glib, reload, compare, save again. */
static void
round_trip (const StrataDataset *ds,
            const char          *what)
{
  g_autofree char *text = strata_dataset_to_json (ds);
  g_autofree char *again = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(StrataDataset) back = NULL;

  g_assert_nonnull (text);
  /* Never json-glib's "1e+18.0" or "1e-08.0". */
  g_assert_null (strstr (text, "e+"));
  g_assert_null (strstr (text, "e-0"));
  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);

  back = strata_dataset_load_data (text, strlen (text), what, &error);
  if (error != NULL)
    g_error ("%s does not load back:\n%s\n--- saved text ---\n%s", what, error->message, text);
  test_assert_dataset_equal (ds, back);

  again = strata_dataset_to_json (back);
  g_assert_cmpstr (again, ==, text);
}

static void
test_round_trip (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StrataDataset) ds = strata_dataset_load_data (DOC, strlen (DOC), "doc.json", &error);
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  round_trip (ds, "doc.json");

  text = strata_dataset_to_json (ds);
  g_test_message ("%s", text);
  /* figures as written, shortest round-trip form */
  g_assert_nonnull (strstr (text, "\"min\": 1e-8"));
  g_assert_nonnull (strstr (text, "\"max\": 1e18"));
  g_assert_nonnull (strstr (text, "\"default\": 123456789.123"));
  g_assert_nonnull (strstr (text, "\"x_opt\": 9007199254740992"));
  g_assert_nonnull (strstr (text, "-3e-300"));
  /* unknown keys written back where they were, the file's key order kept */
  g_assert_nonnull (strstr (text, "\"x_first\": \"unknown keys may come first\""));
  g_assert_true (strstr (text, "\"x_first\"") < strstr (text, "\"format\""));
  g_assert_nonnull (strstr (text, "\"x_strategy\": []"));
  g_assert_nonnull (strstr (text, "\"x_source\": 1.5"));
  g_assert_true (strstr (text, "\"format\"") < strstr (text, "\"title\""));
  g_assert_true (strstr (text, "\"fixed_cost\": 2e9") < strstr (text, "\"learning_rate\""));
  /* nothing added or left out that the file did not say */
  g_assert_nonnull (strstr (text, "\"choices\": {\n        \"chips\": \"asic\"\n      }"));
  g_assert_nonnull (strstr (text, "\"boundary_cost\": 0,"));
  g_assert_nonnull (strstr (text, "\"margin\": 0\n"));
  g_assert_null (strstr (text, "\"name\": \"models\""));
  g_assert_nonnull (strstr (text, "\"source\": [\"s1\", \"s2\"]"));
  /* the whole tree as the file had it */
  {
    g_autoptr(JsonNode) want = test_parse_json (DOC);
    g_autoptr(JsonNode) got = test_parse_json (text);

    test_assert_json_same (want, got);
  }
}

/* Every file of @folder whose name starts with @prefix loads and
 * round-trips; returns how many did. */
static guint
round_trip_folder (const char *folder,
                   const char *prefix)
{
  g_autoptr(GPtrArray) files = test_dataset_files (folder);
  guint n = 0;

  for (guint i = 0; i < files->len; i++)
    {
      const char *path = g_ptr_array_index (files, i);
      g_autofree char *name = g_path_get_basename (path);
      g_autoptr(StrataDataset) ds = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *contents = NULL;

      if (prefix != NULL && !g_str_has_prefix (name, prefix))
        continue;
      ds = strata_dataset_load_file (path, &error);
      g_assert_no_error (error);
      round_trip (ds, name);
      /* the saved tree is the file's tree, key for key */
      g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
      {
        g_autofree char *text = strata_dataset_to_json (ds);
        g_autoptr(JsonNode) want = test_parse_json (contents);
        g_autoptr(JsonNode) got = test_parse_json (text);

        test_assert_json_same (want, got);
      }
      n++;
    }
  g_test_message ("%u datasets round-tripped from %s", n, folder);
  return n;
}

static void
test_round_trip_corpus (void)
{
  g_autofree char *hostile = g_test_build_filename (G_TEST_DIST, "data", "hostile", NULL);
  g_autofree char *loader = g_test_build_filename (G_TEST_DIST, "data", "loader", NULL);

  g_assert_cmpuint (round_trip_folder (hostile, "ok-"), >, 0);
  g_assert_cmpuint (round_trip_folder (loader, NULL), >, 0);
}

static void
test_round_trip_samples (void)
{
  const char *root = g_getenv ("STRATA_SOURCE_ROOT");
  g_autofree char *samples = NULL;

  g_assert_nonnull (root);
  samples = g_build_filename (root, "data", "datasets", NULL);
  g_assert_cmpuint (round_trip_folder (samples, NULL), >=, 4);
}

/* A dataset built by hand saves too, and loads. */
static void
test_built_by_hand (void)
{
  g_autoptr(StrataDataset) ds = strata_dataset_new ();
  g_autofree char *text = NULL;

  ds->title = g_strdup ("Hand made");
  ds->unit = g_strdup ("devices");
  ds->currency = g_strdup ("EUR");
  ds->volume_min = 1;
  ds->volume_max = 1e9;
  ds->volume_default = 1e3;
  ds->n_layers = 1;
  ds->layers = g_new0 (StrataLayer, 1);
  ds->layers[0].id = g_strdup ("os");
  ds->layers[0].n_options = 1;
  ds->layers[0].options = g_new0 (StrataOption, 1);
  ds->layers[0].options[0].id = g_strdup ("own");
  ds->layers[0].options[0].mode = STRATA_MODE_INTEGRATED;
  ds->layers[0].options[0].unit_cost.value = 0.5;
  strata_dataset_finish (ds);

  round_trip (ds, "hand.json");
  text = strata_dataset_to_json (ds);
  g_assert_null (strstr (text, "strategies"));
  g_assert_null (strstr (text, "all-neutral"));
}

static void
test_save_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StrataDataset) ds = strata_dataset_load_data (DOC, strlen (DOC), "doc.json", &error);
  g_autofree char *dir = g_dir_make_tmp ("strata-save-XXXXXX", NULL);
  g_autofree char *target = g_build_filename (dir, "real.json", NULL);
  g_autofree char *link = g_build_filename (dir, "link.json", NULL);
  g_autoptr(StrataDataset) back = NULL;
  struct stat st;

  g_assert_true (g_file_set_contents (target, "{}", -1, NULL));
  g_assert_cmpint (g_chmod (target, 0600), ==, 0);
  g_assert_cmpint (symlink ("real.json", link), ==, 0);

  g_assert_true (strata_dataset_save_file (ds, link, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_lstat (link, &st), ==, 0);
  g_assert_true (S_ISLNK (st.st_mode));
  g_assert_cmpint (g_stat (target, &st), ==, 0);
  g_assert_cmpuint (st.st_mode & 07777, ==, 0600);

  back = strata_dataset_load_file (link, &error);
  g_assert_no_error (error);
  test_assert_dataset_equal (ds, back);

  g_unlink (link);
  g_unlink (target);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/strata/save/round-trip", test_round_trip);
  g_test_add_func ("/strata/save/round-trip-corpus", test_round_trip_corpus);
  g_test_add_func ("/strata/save/round-trip-samples", test_round_trip_samples);
  g_test_add_func ("/strata/save/built-by-hand", test_built_by_hand);
  g_test_add_func ("/strata/save/save-file", test_save_file);

  return g_test_run ();
}

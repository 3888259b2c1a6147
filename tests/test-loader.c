/* test-loader.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * One test per rule of MODEL.md section 2, each asserting the exact
 * message.  Every case starts from BASE (a valid dataset) and changes one
 * piece of text; the expected line and column are computed from where the
 * offending text sits in the changed document.
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "strata/strata-dataset.h"
#include "strata/strata-limits.h"

#define NAME "stack.json"

static const char BASE[] =
  "{\n"
  "  \"format\": \"strata-stack/1\",\n"
  "  \"title\": \"Test stack\",\n"
  "  \"description\": \"For the tests.\",\n"
  "  \"unit\": \"1M tokens\",\n"
  "  \"currency\": \"USD\",\n"
  "  \"price\": 4,\n"
  "  \"volume\": { \"min\": 1e6, \"max\": 1e12, \"default\": 1e9 },\n"
  "  \"boundary_cost\": 0.01,\n"
  "  \"layers\": [\n"
  "    { \"id\": \"chips\", \"name\": \"Chips\", \"boundary_cost\": 0.02, \"source\": \"s1\",\n"
  "      \"options\": [\n"
  "        { \"id\": \"gpu\", \"mode\": \"neutral\", \"supplier_cost\": 0.1, \"margin\": 0.75, \"fixed_cost\": 5e6 },\n"
  "        { \"id\": \"asic\", \"mode\": \"integrated\", \"unit_cost\": 0.16, \"fixed_cost\": 2e9,\n"
  "          \"learning_rate\": { \"value\": 0.18, \"low\": 0.1, \"high\": 0.25 },\n"
  "          \"reference_volume\": 1e8, \"floor_cost\": 0.02, \"ecosystem_value\": 0, \"latency_ms\": 3 }\n"
  "      ] },\n"
  "    { \"id\": \"models\", \"options\": [\n"
  "        { \"id\": \"thirdparty\", \"mode\": \"neutral\", \"price\": 1.2, \"margin\": 0.5, \"source\": [\"s1\", \"s2\"] },\n"
  "        { \"id\": \"own\", \"mode\": \"integrated\", \"unit_cost\": 0.9 }\n"
  "      ] }\n"
  "  ],\n"
  "  \"links\": [ { \"from\": \"chips\", \"to\": \"models\", \"saving\": 0.25, \"note\": \"co-designed\" } ],\n"
  "  \"strategies\": [ { \"id\": \"hybrid\", \"name\": \"Hybrid\", \"choices\": { \"chips\": \"asic\", \"models\": \"thirdparty\" } } ],\n"
  "  \"sources\": [ { \"id\": \"s1\", \"text\": \"A source\", \"url\": \"https://example.com\" },\n"
  "               { \"id\": \"s2\", \"text\": \"Another source\" } ]\n"
  "}\n";

/* BASE with the first @from replaced by @to. */
static char *
edit (const char *from,
      const char *to)
{
  const char *at = strstr (BASE, from);

  g_assert_nonnull (at);
  return g_strdup_printf ("%.*s%s%s", (int) (at - BASE), BASE, to, at + strlen (from));
}

/* "stack.json:L:C: error: " for the first occurrence of @marker in @doc
 * (characters counted as code points, both 1-based). */
static char *
prefix_at (const char *doc,
           const char *marker)
{
  const char *at;
  guint line = 1;
  const char *line_start = doc;

  if (marker == NULL)
    return g_strdup (NAME ": error: ");
  at = strstr (doc, marker);
  g_assert_nonnull (at);
  for (const char *q = doc; q < at; q++)
    if (*q == '\n')
      {
        line++;
        line_start = q + 1;
      }
  return g_strdup_printf (NAME ":%u:%ld: error: ", line,
                          g_utf8_strlen (line_start, at - line_start) + 1);
}

static StrataDataset *
load (const char  *doc,
      GError     **error)
{
  return strata_dataset_load_data (doc, strlen (doc), NAME, error);
}

/* @doc is refused with exactly one problem: @message at @marker. */
static void
assert_refused (const char *doc,
                int         code,
                const char *marker,
                const char *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StrataDataset) ds = NULL;
  g_autofree char *prefix = prefix_at (doc, marker);
  g_autofree char *expected = g_strconcat (prefix, message, NULL);

  ds = load (doc, &error);
  g_assert_null (ds);
  g_assert_error (error, STRATA_DATASET_ERROR, code);
  g_assert_cmpstr (error->message, ==, expected);
}

/* @doc is refused; one of the problems is @message at @marker. */
static void
assert_refused_with (const char *doc,
                     const char *marker,
                     const char *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StrataDataset) ds = NULL;
  g_autofree char *prefix = prefix_at (doc, marker);
  g_autofree char *expected = g_strconcat (prefix, message, NULL);
  g_auto(GStrv) lines = NULL;

  ds = load (doc, &error);
  g_assert_null (ds);
  g_assert_error (error, STRATA_DATASET_ERROR, STRATA_DATASET_ERROR_INVALID);
  lines = g_strsplit (error->message, "\n", -1);
  if (!g_strv_contains ((const char * const *) lines, expected))
    g_assert_cmpstr (error->message, ==, expected);
}

/* BASE with one edit is refused as invalid with @message at @marker. */
#define REFUSE(from, to, marker, message)                               \
  G_STMT_START {                                                        \
    g_autofree char *doc_ = edit (from, to);                            \
    assert_refused (doc_, STRATA_DATASET_ERROR_INVALID, marker, message); \
  } G_STMT_END

#define ACCEPT(from, to)                                                \
  G_STMT_START {                                                        \
    g_autofree char *doc_ = edit (from, to);                            \
    g_autoptr(GError) error_ = NULL;                                    \
    g_autoptr(StrataDataset) ds_ = load (doc_, &error_);                \
    g_assert_no_error (error_);                                         \
    g_assert_nonnull (ds_);                                             \
  } G_STMT_END

static const char *
data_path (const char *name)
{
  return g_test_get_filename (G_TEST_DIST, "data", "loader", name, NULL);
}

static void
test_base_loads (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StrataDataset) ds = load (BASE, &error);
  const StrataOption *gpu, *asic, *third;
  const StrataStrategy *hybrid;

  g_assert_no_error (error);
  g_assert_nonnull (ds);
  g_assert_cmpstr (ds->title, ==, "Test stack");
  g_assert_cmpstr (ds->description, ==, "For the tests.");
  g_assert_cmpstr (ds->unit, ==, "1M tokens");
  g_assert_cmpstr (ds->currency, ==, "USD");
  g_assert_true (ds->has_price);
  g_assert_cmpfloat (ds->price, ==, 4);
  g_assert_cmpfloat (ds->volume_min, ==, 1e6);
  g_assert_cmpfloat (ds->volume_max, ==, 1e12);
  g_assert_cmpfloat (ds->volume_default, ==, 1e9);
  g_assert_cmpfloat (ds->boundary_cost, ==, 0.01);
  g_assert_null (ds->filename);

  g_assert_cmpuint (ds->n_layers, ==, 2);
  g_assert_cmpstr (ds->layers[0].id, ==, "chips");
  g_assert_cmpstr (ds->layers[0].name, ==, "Chips");
  g_assert_true (ds->layers[0].has_boundary_cost);
  g_assert_cmpfloat (ds->layers[0].boundary_cost, ==, 0.02);
  g_assert_cmpstrv (ds->layers[0].sources, ((const char *[]) { "s1", NULL }));
  g_assert_false (ds->layers[1].has_boundary_cost);
  /* name and description default to the id */
  g_assert_cmpstr (ds->layers[1].name, ==, "models");
  g_assert_cmpstr (ds->layers[1].description, ==, "models");

  gpu = &ds->layers[0].options[0];
  g_assert_cmpint (gpu->mode, ==, STRATA_MODE_NEUTRAL);
  g_assert_false (gpu->has_price);
  g_assert_cmpfloat (gpu->supplier_cost.value, ==, 0.1);
  g_assert_cmpfloat (gpu->margin.value, ==, 0.75);
  g_assert_cmpfloat (gpu->fixed_cost.value, ==, 5e6);
  g_assert_cmpstr (gpu->name, ==, "gpu");

  asic = &ds->layers[0].options[1];
  g_assert_cmpint (asic->mode, ==, STRATA_MODE_INTEGRATED);
  g_assert_cmpfloat (asic->unit_cost.value, ==, 0.16);
  g_assert_true (asic->learning_rate.uncertain);
  g_assert_cmpfloat (asic->learning_rate.value, ==, 0.18);
  g_assert_cmpfloat (asic->learning_rate.low, ==, 0.1);
  g_assert_cmpfloat (asic->learning_rate.high, ==, 0.25);
  g_assert_false (asic->unit_cost.uncertain);
  g_assert_cmpfloat (asic->unit_cost.low, ==, 0.16);
  g_assert_cmpfloat (asic->unit_cost.high, ==, 0.16);
  g_assert_cmpfloat (asic->reference_volume.value, ==, 1e8);
  g_assert_cmpfloat (asic->floor_cost.value, ==, 0.02);
  g_assert_cmpfloat (asic->latency_ms.value, ==, 3);

  third = &ds->layers[1].options[0];
  g_assert_true (third->has_price);
  g_assert_cmpfloat (third->price.value, ==, 1.2);
  g_assert_cmpstrv (third->sources, ((const char *[]) { "s1", "s2", NULL }));

  /* reference_volume defaults to volume.min, other numbers to 0 */
  g_assert_cmpfloat (ds->layers[1].options[1].reference_volume.value, ==, 1e6);
  g_assert_cmpfloat (ds->layers[1].options[1].learning_rate.value, ==, 0);
  g_assert_cmpfloat (ds->layers[1].options[1].floor_cost.value, ==, 0);

  g_assert_cmpuint (ds->n_links, ==, 1);
  g_assert_cmpuint (ds->links[0].from, ==, 0);
  g_assert_cmpuint (ds->links[0].to, ==, 1);
  g_assert_cmpfloat (ds->links[0].saving.value, ==, 0.25);
  g_assert_cmpstr (ds->links[0].note, ==, "co-designed");

  g_assert_cmpuint (ds->n_strategies, ==, STRATA_N_PRESETS + 1);
  hybrid = strata_dataset_find_strategy (ds, "hybrid");
  g_assert_nonnull (hybrid);
  g_assert_cmpstr (hybrid->name, ==, "Hybrid");
  g_assert_cmpuint (hybrid->choices[0], ==, 1);
  g_assert_cmpuint (hybrid->choices[1], ==, 0);
  g_assert_nonnull (strata_dataset_find_strategy (ds, "optimal"));

  g_assert_cmpuint (ds->n_sources, ==, 2);
  g_assert_cmpstr (ds->sources[0].url, ==, "https://example.com");
  g_assert_null (ds->sources[1].url);
  g_assert_null (ds->extra);
}

static void
test_format (void)
{
  REFUSE ("\"format\": \"strata-stack/1\"", "\"format\": \"strata-stack/2\"", "\"strata-stack/2\"",
          "format: unsupported format \"strata-stack/2\" (this version of Strata reads \"strata-stack/1\")");
  REFUSE ("\"format\": \"strata-stack/1\",", "", "{",
          "format: missing (\"format\": \"strata-stack/1\" is required)");
  REFUSE ("\"format\": \"strata-stack/1\"", "\"format\": 1", "1,",
          "format: must be a string, got a number");
  assert_refused ("[1, 2]", STRATA_DATASET_ERROR_INVALID, "[",
                  "a dataset must be a JSON object {\"format\": \"strata-stack/1\", ...}, got a list");
}

static void
test_labels (void)
{
  REFUSE ("\"title\": \"Test stack\",", "", "{", "title: missing (a title is required)");
  REFUSE ("\"Test stack\"", "\" \"", "\" \"", "title: must not be empty");
  REFUSE ("\"unit\": \"1M tokens\"", "\"unit\": \"\"", "\"\"", "unit: must not be empty");
  REFUSE ("\"currency\": \"USD\"", "\"currency\": null", "null",
          "currency: must be a string, got null");
  REFUSE ("\"description\": \"For the tests.\"", "\"description\": [\"x\"]", "[\"x\"]",
          "description: must be a string, got a list");
}

static void
test_price (void)
{
  REFUSE ("\"price\": 4,", "\"price\": 0,", "0,", "price: must be greater than 0, got 0");
  REFUSE ("\"price\": 4,", "\"price\": -2.5,", "-2.5", "price: must be greater than 0, got -2.5");
  REFUSE ("\"price\": 4,", "\"price\": \"4\",", "\"4\"",
          "price: must be a number, got the string \"4\"");
  REFUSE ("\"price\": 4,", "\"price\": { \"value\": 4, \"low\": 3, \"high\": 5 },", "{ \"value\": 4",
          "price: must be a number, got an object");
  {
    g_autofree char *doc = edit ("\"price\": 4,", "");
    g_autoptr(StrataDataset) ds = load (doc, NULL);
    g_assert_nonnull (ds);
    g_assert_false (ds->has_price);
  }
}

static void
test_volume (void)
{
  REFUSE ("\"volume\": { \"min\": 1e6, \"max\": 1e12, \"default\": 1e9 },", "", "{",
          "volume: missing (the volume axis {\"min\", \"max\", \"default\"} is required)");
  REFUSE ("\"min\": 1e6", "\"min\": 0", "0, \"max\"", "volume.min: must be greater than 0, got 0");
  REFUSE ("\"min\": 1e6, ", "", "{ \"max\"", "volume.min: missing (volume.min is required)");
  REFUSE ("\"default\": 1e9", "\"default\": 1e13", "1e13",
          "volume.default: must be between volume.min (1e6) and volume.max (1e12), got 1e13");
  REFUSE ("\"default\": 1e9", "\"default\": 10", "10 }",
          "volume.default: must be between volume.min (1e6) and volume.max (1e12), got 10");
  REFUSE ("\"max\": 1e12", "\"max\": 1e5", "1e5",
          "volume.max: must be at least volume.min (1e6), got 1e5");
  REFUSE ("\"max\": 1e12", "\"max\": \"lots\"", "\"lots\"",
          "volume.max: must be a number, got the string \"lots\"");
  REFUSE ("\"default\": 1e9 }", "\"default\": 1e9, \"step\": 2 }", "2 }",
          "volume.step: unknown key (volume takes only min, max and default)");
  REFUSE ("\"volume\": { \"min\": 1e6, \"max\": 1e12, \"default\": 1e9 }", "\"volume\": 5", "5",
          "volume: must be an object, got a number");
  /* min == default == max is a valid (degenerate) axis */
  ACCEPT ("{ \"min\": 1e6, \"max\": 1e12, \"default\": 1e9 }", "{ \"min\": 5, \"max\": 5, \"default\": 5 }");
}

static void
test_boundary_cost (void)
{
  REFUSE ("\"boundary_cost\": 0.01", "\"boundary_cost\": -0.01", "-0.01",
          "boundary_cost: must be at least 0, got -0.01");
  REFUSE ("\"boundary_cost\": 0.02", "\"boundary_cost\": -1", "-1",
          "layers[0].boundary_cost: must be at least 0, got -1");
  REFUSE ("\"boundary_cost\": 0.02", "\"boundary_cost\": { \"value\": 1, \"low\": 0, \"high\": 2 }",
          "{ \"value\": 1", "layers[0].boundary_cost: must be a number, got an object");
  ACCEPT ("\"boundary_cost\": 0.01", "\"boundary_cost\": 0");
}

static void
test_layers (void)
{
  REFUSE ("\"layers\": [", "\"layerz\": [", "{", "layers: missing (the list of layers is required)");
  REFUSE ("\"id\": \"chips\"", "\"id\": \"Chips\"", "\"Chips\"",
          "layers[0].id: a layer id may hold only lowercase letters a-z, digits 0-9, '_' and '-', got \"Chips\"");
  REFUSE ("\"id\": \"chips\"", "\"id\": \"chips one\"", "\"chips one\"",
          "layers[0].id: a layer id may hold only lowercase letters a-z, digits 0-9, '_' and '-', got \"chips one\"");
  REFUSE ("\"id\": \"chips\", ", "", "{ \"name\": \"Chips\"",
          "layers[0].id: missing (a layer id is required)");
  REFUSE ("\"id\": \"chips\"", "\"id\": \"\"", "\"\"", "layers[0].id: must not be empty");
  REFUSE ("\"id\": \"models\"", "\"id\": \"chips\"", "\"chips\", \"options\"",
          "layers[1].id: duplicate layer id \"chips\" (also layers[0].id)");
  REFUSE ("\"options\": [\n        { \"id\": \"thirdparty\", \"mode\": \"neutral\", \"price\": 1.2, \"margin\": 0.5, \"source\": [\"s1\", \"s2\"] },\n"
          "        { \"id\": \"own\", \"mode\": \"integrated\", \"unit_cost\": 0.9 }\n      ]",
          "\"options\": []", "[]", "layers[1].options: a layer needs at least one option");
  REFUSE ("{ \"id\": \"models\", \"options\": [", "{ \"id\": \"models\", \"optionz\": [", "{ \"id\": \"models\"",
          "layers[1].options: missing (a layer's list of options is required)");
  REFUSE ("\"name\": \"Chips\"", "\"name\": 7", "7,", "layers[0].name: must be a string, got a number");
}

static void
test_empty_layers (void)
{
  const char *doc = "{\"format\": \"strata-stack/1\", \"title\": \"t\", \"unit\": \"u\", \"currency\": \"USD\",\n"
                    " \"volume\": {\"min\": 1, \"max\": 2, \"default\": 1}, \"layers\": []}";

  assert_refused (doc, STRATA_DATASET_ERROR_INVALID, "[]", "layers: a dataset needs at least one layer");
}

static void
test_options (void)
{
  REFUSE ("{ \"id\": \"gpu\", ", "{ ", "{ \"mode\": \"neutral\"",
          "layers[0].options[0].id: missing (an option id is required)");
  REFUSE ("\"id\": \"asic\"", "\"id\": \"gpu\"", "\"gpu\", \"mode\": \"integrated\"",
          "layers[0].options[1].id: duplicate option id \"gpu\" in layer \"chips\" (also layers[0].options[0].id)");
  /* the same option id in two layers is fine */
  ACCEPT ("\"id\": \"own\"", "\"id\": \"gpu\"");
  REFUSE ("\"mode\": \"neutral\", \"supplier_cost\"", "\"supplier_cost\"", "{ \"id\": \"gpu\"",
          "layers[0].options[0].mode: missing (mode (\"integrated\" or \"neutral\") is required)");
  REFUSE ("\"mode\": \"integrated\", \"unit_cost\": 0.16", "\"mode\": \"Integrated\", \"unit_cost\": 0.16",
          "\"Integrated\"", "layers[0].options[1].mode: must be \"integrated\" or \"neutral\", got \"Integrated\"");
  REFUSE ("{ \"id\": \"gpu\", \"mode\": \"neutral\", \"supplier_cost\": 0.1, \"margin\": 0.75, \"fixed_cost\": 5e6 }",
          "\"gpu\"", "\"gpu\"", "layers[0].options[0]: an option must be an object, got the string \"gpu\"");
}

static void
test_neutral (void)
{
  REFUSE ("\"supplier_cost\": 0.1,", "\"supplier_cost\": 0.1, \"price\": 0.4,", "{ \"id\": \"gpu\"",
          "layers[0].options[0]: a neutral option takes either supplier_cost or price, not both");
  REFUSE ("\"supplier_cost\": 0.1, ", "", "{ \"id\": \"gpu\"",
          "layers[0].options[0]: a neutral option needs supplier_cost (the supplier's own cost) or price (the price paid)");
  REFUSE ("\"supplier_cost\": 0.1", "\"supplier_cost\": -0.1", "-0.1",
          "layers[0].options[0].supplier_cost: must be at least 0, got -0.1");
  REFUSE ("\"price\": 1.2", "\"price\": -1", "-1", "layers[1].options[0].price: must be at least 0, got -1");
  REFUSE ("\"margin\": 0.75", "\"margin\": 1.5", "1.5",
          "layers[0].options[0].margin: must be at least 0 and less than 1, got 1.5");
  REFUSE ("\"margin\": 0.75", "\"margin\": 1", "1, \"fixed",
          "layers[0].options[0].margin: must be at least 0 and less than 1, got 1");
  REFUSE ("\"margin\": 0.75", "\"margin\": -0.25", "-0.25",
          "layers[0].options[0].margin: must be at least 0 and less than 1, got -0.25");
  REFUSE ("\"margin\": 0.75, ", "", "{ \"id\": \"gpu\"",
          "layers[0].options[0].margin: missing (a neutral option's margin, 0 <= margin < 1, is required)");
  REFUSE ("\"margin\": 0.75,", "\"margin\": 0.75, \"unit_cost\": 3,", "3,",
          "layers[0].options[0].unit_cost: applies only to integrated options (this option is neutral)");
  ACCEPT ("\"margin\": 0.75", "\"margin\": 0");
  ACCEPT ("\"supplier_cost\": 0.1", "\"supplier_cost\": 0");
}

static void
test_integrated (void)
{
  REFUSE ("\"unit_cost\": 0.16, ", "", "{ \"id\": \"asic\"",
          "layers[0].options[1].unit_cost: missing (an integrated option's unit_cost is required)");
  REFUSE ("\"unit_cost\": 0.16", "\"unit_cost\": -0.16", "-0.16",
          "layers[0].options[1].unit_cost: must be at least 0, got -0.16");
  REFUSE ("\"learning_rate\": { \"value\": 0.18, \"low\": 0.1, \"high\": 0.25 }", "\"learning_rate\": 1.0", "1.0",
          "layers[0].options[1].learning_rate: must be at least 0 and less than 1, got 1");
  REFUSE ("\"reference_volume\": 1e8", "\"reference_volume\": 0", "0, \"floor",
          "layers[0].options[1].reference_volume: must be greater than 0, got 0");
  REFUSE ("\"floor_cost\": 0.02", "\"floor_cost\": -0.02", "-0.02",
          "layers[0].options[1].floor_cost: must be at least 0, got -0.02");
  REFUSE ("\"unit_cost\": 0.9", "\"unit_cost\": 0.9, \"margin\": 0.2", "0.2 }",
          "layers[1].options[1].margin: applies only to neutral options (this option is integrated)");
  REFUSE ("\"unit_cost\": 0.9", "\"unit_cost\": 0.9, \"supplier_cost\": 0.2", "0.2 }",
          "layers[1].options[1].supplier_cost: applies only to neutral options (this option is integrated)");
  REFUSE ("\"unit_cost\": 0.9", "\"unit_cost\": true", "true",
          "layers[1].options[1].unit_cost: must be a number or an uncertain number {\"value\", \"low\", \"high\"}, got true");
}

static void
test_any_option (void)
{
  REFUSE ("\"fixed_cost\": 5e6", "\"fixed_cost\": -5e6", "-5e6",
          "layers[0].options[0].fixed_cost: must be at least 0, got -5e6");
  REFUSE ("\"ecosystem_value\": 0", "\"ecosystem_value\": -0.5", "-0.5",
          "layers[0].options[1].ecosystem_value: must be at least 0, got -0.5");
  REFUSE ("\"latency_ms\": 3", "\"latency_ms\": -3", "-3",
          "layers[0].options[1].latency_ms: must be at least 0, got -3");
  REFUSE ("\"latency_ms\": 3", "\"latency_ms\": \"3 ms\"", "\"3 ms\"",
          "layers[0].options[1].latency_ms: must be a number or an uncertain number {\"value\", \"low\", \"high\"}, got the string \"3 ms\"");
}

static void
test_uncertain (void)
{
  REFUSE ("\"low\": 0.1", "\"low\": 0.2", "{ \"value\": 0.18",
          "layers[0].options[1].learning_rate: an uncertain number needs low <= value <= high, got low 0.2, value 0.18, high 0.25");
  REFUSE ("\"high\": 0.25", "\"high\": 0.15", "{ \"value\": 0.18",
          "layers[0].options[1].learning_rate: an uncertain number needs low <= value <= high, got low 0.1, value 0.18, high 0.15");
  REFUSE ("\"high\": 0.25", "\"high\": 1.25", "1.25",
          "layers[0].options[1].learning_rate.high: must be at least 0 and less than 1, got 1.25");
  REFUSE ("\"low\": 0.1", "\"low\": -0.1", "-0.1",
          "layers[0].options[1].learning_rate.low: must be at least 0 and less than 1, got -0.1");
  REFUSE (", \"high\": 0.25 }", " }", "{ \"value\": 0.18",
          "layers[0].options[1].learning_rate.high: missing (an uncertain number needs value, low and high)");
  REFUSE ("\"high\": 0.25 }", "\"high\": 0.25, \"mode\": 0.2 }", "0.2 }",
          "layers[0].options[1].learning_rate.mode: unknown key in an uncertain number (it takes only value, low and high)");
  REFUSE ("\"value\": 0.18", "\"value\": \"0.18\"", "\"0.18\"",
          "layers[0].options[1].learning_rate.value: must be a number, got the string \"0.18\"");
  /* any numeric option and link field may be uncertain */
  ACCEPT ("\"margin\": 0.75", "\"margin\": { \"value\": 0.75, \"low\": 0.6, \"high\": 0.8 }");
  ACCEPT ("\"saving\": 0.25", "\"saving\": { \"value\": 0.25, \"low\": 0, \"high\": 0.5 }");
  ACCEPT ("\"fixed_cost\": 5e6", "\"fixed_cost\": { \"value\": 5e6, \"low\": 5e6, \"high\": 5e6 }");
  REFUSE ("\"saving\": 0.25", "\"saving\": { \"value\": 0.25, \"low\": 0, \"high\": 1 }", "1 }",
          "links[0].saving.high: must be at least 0 and less than 1, got 1");
}

static void
test_sources (void)
{
  REFUSE ("\"source\": \"s1\"", "\"source\": \"s9\"", "\"s9\"",
          "layers[0].source: unknown source \"s9\" (no entry of sources has this id)");
  REFUSE ("\"source\": [\"s1\", \"s2\"]", "\"source\": [\"s1\", \"s3\"]", "\"s3\"",
          "layers[1].options[0].source[1]: unknown source \"s3\" (no entry of sources has this id)");
  REFUSE ("\"source\": [\"s1\", \"s2\"]", "\"source\": [\"s1\", 2]", "2]",
          "layers[1].options[0].source[1]: a source id must be a string, got a number");
  REFUSE ("\"source\": \"s1\"", "\"source\": 1.5", "1.5",
          "layers[0].source: must be a source id or a list of source ids, got a number");
  REFUSE ("\"note\": \"co-designed\"", "\"note\": \"co-designed\", \"source\": \"nope\"", "\"nope\"",
          "links[0].source: unknown source \"nope\" (no entry of sources has this id)");
  {
    g_autofree char *doc = edit ("{ \"id\": \"s2\"", "{ \"id\": \"s1\"");
    assert_refused_with (doc, "\"s1\", \"text\": \"Another",
                         "sources[1].id: duplicate source id \"s1\" (also sources[0].id)");
  }
  REFUSE (", \"text\": \"Another source\"", "", "{ \"id\": \"s2\"",
          "sources[1].text: missing (the text of a source is required)");
  REFUSE ("\"text\": \"Another source\"", "\"text\": \"\"", "\"\" }",
          "sources[1].text: must not be empty");
  REFUSE ("\"url\": \"https://example.com\"", "\"url\": 55.5", "55.5",
          "sources[0].url: must be a string, got a number");
}

static void
test_links (void)
{
  REFUSE ("\"from\": \"chips\"", "\"from\": \"chip\"", "\"chip\"",
          "links[0].from: unknown layer \"chip\" (the layers are: chips, models)");
  REFUSE ("\"to\": \"models\"", "\"to\": \"chips\"", "\"chips\", \"saving\"",
          "links[0].to: a link must join two different layers, but from and to are both \"chips\"");
  REFUSE ("\"saving\": 0.25", "\"saving\": 1", "1, \"note\"",
          "links[0].saving: must be at least 0 and less than 1, got 1");
  REFUSE ("\"saving\": 0.25", "\"saving\": -0.1", "-0.1",
          "links[0].saving: must be at least 0 and less than 1, got -0.1");
  REFUSE ("\"saving\": 0.25, ", "", "{ \"from\"",
          "links[0].saving: missing (a link's saving, 0 <= saving < 1, is required)");
  REFUSE ("\"to\": \"models\", ", "", "{ \"from\"", "links[0].to: missing (a layer id is required)");
  /* a cycle is legal: co-design is often mutual */
  {
    g_autofree char *doc = edit ("\"note\": \"co-designed\" }",
                                 "\"note\": \"co-designed\" }, { \"from\": \"models\", \"to\": \"chips\", \"saving\": 0.1 }");
    g_autoptr(GError) error = NULL;
    g_autoptr(StrataDataset) ds = load (doc, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (ds->n_links, ==, 2);
    g_assert_cmpuint (ds->links[1].from, ==, 1);
    g_assert_cmpuint (ds->links[1].to, ==, 0);
  }
}

static void
test_strategies (void)
{
  REFUSE ("\"id\": \"hybrid\", ", "", "{ \"name\": \"Hybrid\"",
          "strategies[0].id: missing (a strategy id is required)");
  REFUSE ("\"id\": \"hybrid\"", "\"id\": \"optimal\"", "\"optimal\"",
          "strategies[0].id: \"optimal\" is the id of a preset every dataset has (all-neutral, all-integrated, optimal); choose another id");
  REFUSE ("\"id\": \"hybrid\"", "\"id\": \"all-neutral\"", "\"all-neutral\"",
          "strategies[0].id: \"all-neutral\" is the id of a preset every dataset has (all-neutral, all-integrated, optimal); choose another id");
  REFUSE ("\"models\": \"thirdparty\" } }", "\"models\": \"thirdparty\" } }, { \"id\": \"hybrid\" }",
          "\"hybrid\" }", "strategies[1].id: duplicate strategy id \"hybrid\" (also strategies[0].id)");
  REFUSE ("\"chips\": \"asic\"", "\"chipz\": \"asic\"", "\"asic\", \"models\"",
          "strategies[0].choices.chipz: unknown layer \"chipz\" (the layers are: chips, models)");
  REFUSE ("\"chips\": \"asic\"", "\"chips\": \"tpu\"", "\"tpu\"",
          "strategies[0].choices.chips: layer \"chips\" has no option \"tpu\" (its options are: gpu, asic)");
  REFUSE ("\"chips\": \"asic\"", "\"chips\": 1.5", "1.5",
          "strategies[0].choices.chips: must be an option id (a string), got a number");
  REFUSE ("\"choices\": { \"chips\": \"asic\", \"models\": \"thirdparty\" }", "\"choices\": [\"asic\"]", "[\"asic\"]",
          "strategies[0].choices: must be an object, got a list");
  /* a missing layer takes its first option */
  {
    g_autofree char *doc = edit ("\"models\": \"thirdparty\"", "\"models\": \"own\"");
    g_autofree char *doc2 = NULL;
    g_autoptr(StrataDataset) ds = NULL;
    const StrataStrategy *st;

    g_free (doc);
    doc = edit ("{ \"chips\": \"asic\", \"models\": \"thirdparty\" }", "{ \"models\": \"own\" }");
    ds = load (doc, NULL);
    g_assert_nonnull (ds);
    st = strata_dataset_find_strategy (ds, "hybrid");
    g_assert_cmpuint (st->choices[0], ==, 0);
    g_assert_cmpuint (st->choices[1], ==, 1);
    g_assert_false (st->preset);
  }
}

static void
test_text (void)
{
  REFUSE ("\"name\": \"Chips\"", "\"name\": \"Chi\\u0007ps\"", "\"Chi",
          "layers[0].name: contains the control character U+0007 (text may hold any character except control characters other than tab and line break)");
  REFUSE ("\"title\": \"Test stack\"", "\"title\": \"Test\\rstack\"", "\"Test",
          "title: contains the control character U+000D (text may hold any character except control characters other than tab and line break)");
  REFUSE ("\"For the tests.\"", "\"For\\u0085the tests.\"", "\"For",
          "description: contains the control character U+0085 (text may hold any character except control characters other than tab and line break)");
  /* tab and line break are fine; so are right-to-left text, emoji and
   * combining marks */
  ACCEPT ("\"For the tests.\"", "\"For\\tthe\\ntests.\"");
  {
    g_autofree char *doc = edit ("\"name\": \"Chips\"",
                                 "\"name\": \"\xD7\xA9\xD7\x91\xD7\x91\xD7\x99\xD7\x9D \xF0\x9F\x9A\x80 Cafe\xCC\x81 <b>&amp;\"");
    g_autoptr(StrataDataset) ds = load (doc, NULL);

    g_assert_nonnull (ds);
    g_assert_cmpstr (ds->layers[0].name, ==, "\xD7\xA9\xD7\x91\xD7\x91\xD7\x99\xD7\x9D \xF0\x9F\x9A\x80 Cafe\xCC\x81 <b>&amp;");
  }
}

static void
test_types (void)
{
  REFUSE ("\"layers\": [\n    {", "\"layers\": [\n    7, {", "7,", "layers[0]: a layer must be an object, got a number");
  REFUSE ("\"links\": [", "\"links\": {\"a\": 1}, \"x\": [", "{\"a\": 1}", "links: must be a list, got an object");
  REFUSE ("\"sources\": [ {", "\"sources\": [ \"s0\", {", "\"s0\"",
          "sources[0]: a source must be an object {\"id\", \"text\", \"url\"}, got the string \"s0\"");
  REFUSE ("\"strategies\": [ {", "\"strategies\": [ false, {", "false",
          "strategies[0]: a strategy must be an object {\"id\", \"name\", \"choices\"}, got false");
  REFUSE ("\"links\": [ {", "\"links\": [ null, {", "null",
          "links[0]: a link must be an object {\"from\", \"to\", \"saving\"}, got null");
}

/* Text from the file never breaks the one-line-per-problem rule. */
static void
test_printable_messages (void)
{
  REFUSE ("\"chips\": \"asic\"", "\"ch\\nips\": \"asic\"", "\"asic\", \"models\"",
          "strategies[0].choices.ch\\u000Aips: unknown layer \"ch\\u000Aips\" (the layers are: chips, models)");
  REFUSE ("\"source\": \"s1\"", "\"source\": \"s\\u0085\\r\"", "\"s\\u0085",
          "layers[0].source: unknown source \"s\\u0085\\u000D\" (no entry of sources has this id)");
  {
    g_autofree char *doc = edit ("\"title\": \"Test stack\",", "\"a\\nb\": 1, \"a\\nb\": 2,");
    assert_refused (doc, STRATA_DATASET_ERROR_SYNTAX, "\"a\\nb\": 2",
                    "duplicate key \"a\\u000Ab\" in the same object");
  }
}

/* A refused load returns NULL and touches nothing else: what the caller
 * had loaded before stays as it was. */
static void
test_failure_keeps_previous (void)
{
  g_autoptr(StrataDataset) current = load (BASE, NULL);
  g_autofree char *before = NULL;
  g_autofree char *bad = edit ("\"margin\": 0.75", "\"margin\": 7.5");
  g_autoptr(GError) error = NULL;
  StrataDataset *attempt;

  g_assert_nonnull (current);
  before = g_strdup_printf ("%s %u %g", current->title, current->n_layers,
                            current->layers[0].options[0].margin.value);
  attempt = load (bad, &error);
  g_assert_null (attempt);
  g_assert_nonnull (error);
  {
    g_autofree char *after = g_strdup_printf ("%s %u %g", current->title, current->n_layers,
                                              current->layers[0].options[0].margin.value);
    g_assert_cmpstr (before, ==, after);
  }
}

static void
test_id_length (void)
{
  g_autofree char *long_id = g_strnfill (STRATA_MAX_ID_LENGTH + 1, 'a');
  g_autofree char *ok_id = g_strnfill (STRATA_MAX_ID_LENGTH, 'a');
  g_autofree char *to = g_strdup_printf ("\"id\": \"%s\"", long_id);
  g_autofree char *to_ok = g_strdup_printf ("\"id\": \"%s\"", ok_id);
  g_autofree char *doc = edit ("\"id\": \"chips\"", to);
  g_autofree char *marker = g_strdup_printf ("\"%s", long_id);

  assert_refused (doc, STRATA_DATASET_ERROR_LIMIT, marker,
                  "layers[0].id: id is 129 bytes long, more than the limit of 128 bytes for ids");
  ACCEPT ("\"id\": \"hybrid\"", to_ok);
}

/* A dataset with @n layers, options, links... for the limits. */
static char *
generated (guint n_layers,
           guint n_options,
           guint n_links,
           guint linked_layers,
           guint n_strategies,
           guint n_sources)
{
  GString *out = g_string_new ("{\"format\": \"strata-stack/1\", \"title\": \"t\", \"unit\": \"u\", \"currency\": \"USD\",\n"
                               " \"volume\": {\"min\": 1, \"max\": 2, \"default\": 1},\n \"layers\": [");

  for (guint i = 0; i < n_layers; i++)
    {
      g_string_append_printf (out, "%s{\"id\": \"l%u\", \"options\": [", i ? "," : "", i);
      for (guint j = 0; j < (i == 0 ? n_options : 1); j++)
        g_string_append_printf (out, "%s{\"id\": \"o%u\", \"mode\": \"integrated\", \"unit_cost\": 1}",
                                j ? "," : "", j);
      g_string_append (out, "]}");
    }
  g_string_append (out, "],\n \"links\": [");
  for (guint i = 0; i < n_links; i++)
    g_string_append_printf (out, "%s{\"from\": \"l%u\", \"to\": \"l%u\", \"saving\": 0.1}",
                            i ? "," : "", i % linked_layers, (i + 1) % linked_layers);
  g_string_append (out, "],\n \"strategies\": [");
  for (guint i = 0; i < n_strategies; i++)
    g_string_append_printf (out, "%s{\"id\": \"s%u\"}", i ? "," : "", i);
  g_string_append (out, "],\n \"sources\": [");
  for (guint i = 0; i < n_sources; i++)
    g_string_append_printf (out, "%s{\"id\": \"s%u\", \"text\": \"t\"}", i ? "," : "", i);
  g_string_append (out, "]}");
  return g_string_free (out, FALSE);
}

static void
assert_limit (char       *doc,
              const char *marker,
              const char *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StrataDataset) ds = load (doc, &error);
  g_autofree char *prefix = prefix_at (doc, marker);
  g_autofree char *expected = g_strconcat (prefix, message, NULL);

  g_assert_null (ds);
  g_assert_error (error, STRATA_DATASET_ERROR, STRATA_DATASET_ERROR_LIMIT);
  g_assert_cmpstr (error->message, ==, expected);
  g_free (doc);
}

static void
assert_loads (char *doc)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StrataDataset) ds = load (doc, &error);

  g_assert_no_error (error);
  g_assert_nonnull (ds);
  g_free (doc);
}

static void
test_limits (void)
{
  /* at each limit: accepted */
  assert_loads (generated (STRATA_MAX_LAYERS, STRATA_MAX_OPTIONS, 40, 20, 4, 4));
  assert_loads (generated (20, 1, STRATA_MAX_LINKS, 20, STRATA_MAX_STRATEGIES, STRATA_MAX_SOURCES));

  /* one beyond: refused, naming the limit */
  assert_limit (generated (STRATA_MAX_LAYERS + 1, 1, 0, 1, 0, 0), "[{\"id\": \"l0\"",
                "layers: 1025 layers, more than the limit of 1024");
  assert_limit (generated (2, STRATA_MAX_OPTIONS + 1, 0, 1, 0, 0), "[{\"id\": \"o0\"",
                "layers[0].options: 1025 options in one layer, more than the limit of 1024");
  assert_limit (generated (20, 1, STRATA_MAX_LINKS + 1, 20, 0, 0), "[{\"from\"",
                "links: 4097 links, more than the limit of 4096");
  assert_limit (generated (21, 1, 21, 21, 0, 0), "[{\"from\"",
                "links: links touch 21 different layers, more than the limit of 20 (the exact optimizer tries every integrated/neutral pattern of the linked layers)");
  assert_limit (generated (2, 1, 0, 1, STRATA_MAX_STRATEGIES + 1, 0), "[{\"id\": \"s0\"}",
                "strategies: 1025 strategies, more than the limit of 1024");
  assert_limit (generated (2, 1, 0, 1, 0, STRATA_MAX_SOURCES + 1), "[{\"id\": \"s0\", \"text\"",
                "sources: 4097 sources, more than the limit of 4096");
}

/* Several problems: all reported, one a line, in file order. */
static void
test_many_problems (void)
{
  g_autofree char *doc = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(StrataDataset) ds = NULL;
  g_auto(GStrv) lines = NULL;
  char *tmp;

  doc = edit ("\"margin\": 0.75", "\"margin\": 1.5");
  tmp = doc;
  doc = g_strdup (doc);
  g_free (tmp);
  {
    /* three more edits in other places */
    const char *pairs[][2] = {
      { "\"price\": 4,", "\"price\": -4," },
      { "\"to\": \"models\"", "\"to\": \"nowhere\"" },
      { "\"chips\": \"asic\"", "\"chips\": \"tpu\"" },
    };
    for (guint i = 0; i < G_N_ELEMENTS (pairs); i++)
      {
        char *at = strstr (doc, pairs[i][0]);
        char *next = g_strdup_printf ("%.*s%s%s", (int) (at - doc), doc, pairs[i][1],
                                      at + strlen (pairs[i][0]));
        g_free (doc);
        doc = next;
      }
  }

  ds = load (doc, &error);
  g_assert_null (ds);
  g_assert_error (error, STRATA_DATASET_ERROR, STRATA_DATASET_ERROR_INVALID);
  lines = g_strsplit (error->message, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  g_assert_cmpstr (lines[0], ==, "stack.json:7:12: error: price: must be greater than 0, got -4");
  g_assert_cmpstr (lines[1], ==, "stack.json:13:75: error: layers[0].options[0].margin: must be at least 0 and less than 1, got 1.5");
  g_assert_cmpstr (lines[2], ==, "stack.json:23:39: error: links[0].to: unknown layer \"nowhere\" (the layers are: chips, models)");
  g_assert_cmpstr (lines[3], ==, "stack.json:24:77: error: strategies[0].choices.chips: layer \"chips\" has no option \"tpu\" (its options are: gpu, asic)");
}

static void
test_syntax_error_position (void)
{
  g_autofree char *doc = edit ("\"margin\": 0.75,", "\"margin\": 0.75,,");
  g_autoptr(GError) error = NULL;
  g_autoptr(StrataDataset) ds = load (doc, &error);

  g_assert_null (ds);
  g_assert_error (error, STRATA_DATASET_ERROR, STRATA_DATASET_ERROR_SYNTAX);
  g_assert_cmpstr (error->message, ==, "stack.json:13:80: error: unexpected ',', expected a key in double quotes");

  /* Issue 16, finding 8: CR-only (old Mac) and CR LF line endings count
   * lines like LF, for syntax and for rule errors. */
  for (guint e = 0; e < 2; e++)
    {
      const char *eol = e == 0 ? "\r" : "\r\n";
      g_auto(GStrv) lines = g_strsplit (doc, "\n", -1);
      g_autofree char *converted = g_strjoinv (eol, lines);
      g_autoptr(GError) err2 = NULL;
      g_autoptr(StrataDataset) ds2 = load (converted, &err2);
      g_autofree char *semantic = edit ("\"margin\": 0.75", "\"margin\": 1.5");
      g_auto(GStrv) slines = g_strsplit (semantic, "\n", -1);
      g_autofree char *sconverted = g_strjoinv (eol, slines);
      g_autoptr(GError) err3 = NULL;
      g_autoptr(StrataDataset) ds3 = load (sconverted, &err3);

      g_assert_null (ds2);
      g_assert_cmpstr (err2->message, ==, "stack.json:13:80: error: unexpected ',', expected a key in double quotes");
      g_autofree char *prefix = prefix_at (semantic, "1.5");
      g_autofree char *expected = g_strconcat (prefix, "layers[0].options[0].margin: must be at least 0 and less than 1, got 1.5", NULL);

      g_assert_true (g_str_has_prefix (prefix, "stack.json:13:"));
      g_assert_null (ds3);
      g_assert_cmpstr (err3->message, ==, expected);
    }
}

/* Unknown keys survive in the extra objects, at every level. */
static void
test_unknown_keys (void)
{
  g_autofree char *doc = NULL;
  g_autoptr(StrataDataset) ds = NULL;
  g_autoptr(GError) error = NULL;
  const char *edits[][2] = {
    { "\"boundary_cost\": 0.01,", "\"boundary_cost\": 0.01, \"x_top\": {\"nested\": [1, 2]}," },
    { "\"name\": \"Chips\",", "\"name\": \"Chips\", \"x_layer\": \"L\"," },
    { "\"fixed_cost\": 5e6 }", "\"fixed_cost\": 5e6, \"x_option\": 1.5e-8 }" },
    { "\"note\": \"co-designed\"", "\"note\": \"co-designed\", \"x_link\": true" },
    { "\"name\": \"Hybrid\"", "\"name\": \"Hybrid\", \"description\": \"Amazon-style\"" },
    { "\"text\": \"A source\"", "\"text\": \"A source\", \"x_source\": null" },
  };

  doc = g_strdup (BASE);
  for (guint i = 0; i < G_N_ELEMENTS (edits); i++)
    {
      char *at = strstr (doc, edits[i][0]);
      char *next;

      g_assert_nonnull (at);
      next = g_strdup_printf ("%.*s%s%s", (int) (at - doc), doc, edits[i][1], at + strlen (edits[i][0]));
      g_free (doc);
      doc = next;
    }

  ds = load (doc, &error);
  g_assert_no_error (error);
  g_assert_nonnull (ds->extra);
  g_assert_cmpuint (json_object_get_size (ds->extra), ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      json_object_get_object_member (ds->extra, "x_top"), "nested")), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (ds->layers[0].extra, "x_layer"), ==, "L");
  g_assert_cmpfloat (json_object_get_double_member (ds->layers[0].options[0].extra, "x_option"), ==, 1.5e-8);
  g_assert_null (ds->layers[0].options[1].extra);
  g_assert_true (json_object_get_boolean_member (ds->links[0].extra, "x_link"));
  g_assert_cmpstr (json_object_get_string_member (strata_dataset_find_strategy (ds, "hybrid")->extra,
                                                  "description"), ==, "Amazon-style");
  g_assert_true (json_object_get_null_member (ds->sources[0].extra, "x_source"));
}

static void
test_bom_and_names (void)
{
  g_autofree char *doc = g_strconcat ("\xEF\xBB\xBF", BASE, NULL);
  g_autoptr(StrataDataset) ds = load (doc, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(StrataDataset) bad = NULL;

  g_assert_nonnull (ds);

  /* a file name with a line break or invalid UTF-8 stays on one line */
  bad = strata_dataset_load_data ("[", 1, "two\nlines\xFF.json", &error);
  g_assert_null (bad);
  g_assert_cmpstr (error->message, ==, "two\\u000Alines\xEF\xBF\xBD.json:1:2: error: unexpected end of file: the '[' opened at line 1, column 1 is not closed");
  g_clear_error (&error);

  /* display_name NULL still gives a readable message */
  bad = strata_dataset_load_data ("{", 1, NULL, &error);
  g_assert_null (bad);
  g_assert_cmpstr (error->message, ==, "(data):1:2: error: unexpected end of file: the '{' opened at line 1, column 1 is not closed");
}

static void
test_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StrataDataset) ds = NULL;
  g_autofree char *dir = g_dir_make_tmp ("strata-loader-XXXXXX", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.json", NULL);
  g_autofree char *path = g_build_filename (dir, "ok.json", NULL);

  ds = strata_dataset_load_file (dir, &error);
  g_assert_null (ds);
  g_assert_error (error, STRATA_DATASET_ERROR, STRATA_DATASET_ERROR_FILE);
  g_assert_true (g_str_has_prefix (error->message, dir));
  g_assert_true (g_str_has_suffix (error->message, ": error: is a directory, not a file"));
  g_clear_error (&error);

  ds = strata_dataset_load_file (missing, &error);
  g_assert_null (ds);
  g_assert_error (error, STRATA_DATASET_ERROR, STRATA_DATASET_ERROR_FILE);
  g_assert_true (g_str_has_suffix (error->message, ": error: cannot read: No such file or directory"));
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (path, BASE, -1, NULL));
  ds = strata_dataset_load_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ds->filename, ==, path);
  g_clear_pointer (&ds, strata_dataset_unref);

  g_unlink (path);
  g_rmdir (dir);
}

/* The peers' benchmark dataset (64 options in one layer) loads. */
static void
test_peers_large (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StrataDataset) ds = strata_dataset_load_file (data_path ("cost-curves-large.strata.json"), &error);

  g_assert_no_error (error);
  g_assert_nonnull (ds);
  g_assert_cmpuint (ds->n_layers, ==, 2);
  g_assert_cmpuint (ds->layers[0].n_options, ==, 64);
}

/* Every message line names the file and says "error". */
static void
assert_well_formed (const GError *error)
{
  g_auto(GStrv) lines = g_strsplit (error->message, "\n", -1);

  g_assert_true (error->domain == STRATA_DATASET_ERROR);
  g_assert_cmpuint (g_strv_length (lines), >, 0);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_assert_true (g_str_has_prefix (lines[i], NAME ":"));
      g_assert_nonnull (strstr (lines[i], ": error: "));
    }
}

/* Cut the file anywhere: always a syntax error with a position, never a
 * crash or a half-loaded dataset. */
static void
test_every_prefix (void)
{
  gsize n = strlen (BASE);

  /* BASE ends with "}\n": the last two prefixes are whole documents. */
  for (gsize len = 0; len + 1 < n; len++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(StrataDataset) ds = strata_dataset_load_data (BASE, len, NAME, &error);

      g_assert_null (ds);
      g_assert_error (error, STRATA_DATASET_ERROR, STRATA_DATASET_ERROR_SYNTAX);
      assert_well_formed (error);
    }
}

/* Random byte changes (seeded): loaded or refused, with a well-formed
 * message, nothing else. */
static void
test_random_mutations (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (8259);
  gsize n = strlen (BASE);
  guint loaded = 0;

  for (guint run = 0; run < 3000; run++)
    {
      g_autofree char *doc = g_memdup2 (BASE, n);
      g_autoptr(GError) error = NULL;
      g_autoptr(StrataDataset) ds = NULL;
      guint changes = g_rand_int_range (rand, 1, 4);

      for (guint k = 0; k < changes; k++)
        doc[g_rand_int_range (rand, 0, (gint32) n)] = (char) g_rand_int_range (rand, 0, 256);

      ds = strata_dataset_load_data (doc, n, NAME, &error);
      if (ds != NULL)
        {
          g_assert_no_error (error);
          g_assert_cmpuint (ds->n_layers, >, 0);
          loaded++;
        }
      else
        assert_well_formed (error);
    }
  g_test_message ("%u of 3000 mutated documents still loaded", loaded);
}

/* Many problems: at most 100 spelled out, then a count. */
static void
test_problem_cap (void)
{
  GString *doc = g_string_new ("{\"format\": \"strata-stack/1\", \"title\": \"t\", \"unit\": \"u\", \"currency\": \"USD\",\n"
                               " \"volume\": {\"min\": 1, \"max\": 2, \"default\": 1},\n \"layers\": [{\"id\": \"a\", \"options\": [");
  g_autoptr(GError) error = NULL;
  g_autoptr(StrataDataset) ds = NULL;
  g_auto(GStrv) lines = NULL;

  for (guint i = 0; i < 150; i++)
    g_string_append_printf (doc, "%s\n{\"id\": \"o%u\", \"mode\": \"integrated\", \"unit_cost\": -1}", i ? "," : "", i);
  g_string_append (doc, "]}]}");

  ds = load (doc->str, &error);
  g_assert_null (ds);
  lines = g_strsplit (error->message, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 101);
  g_assert_cmpstr (lines[0], ==, "stack.json:4:49: error: layers[0].options[0].unit_cost: must be at least 0, got -1");
  g_assert_cmpstr (lines[100], ==, "stack.json: error: 50 more problems not shown");
  g_string_free (doc, TRUE);
}

/* Issue 16, findings 1, 4 and 7: every amount is at most 1e100 and every
 * volume lies in [1e-30, 1e30], so no accepted file can make an outcome
 * infinite or NaN (price 1e308 with ecosystem value 1e308 made inf - inf),
 * nor a volume ratio overflow (1e-155 to 1e155). */
static void
test_magnitudes (void)
{
  REFUSE ("\"price\": 1.2", "\"price\": 1e308", "1e308",
          "layers[1].options[0].price: must be at most 1e100 (the limit for any amount), got 1e308");
  REFUSE ("\"ecosystem_value\": 0", "\"ecosystem_value\": 1e101", "1e101",
          "layers[0].options[1].ecosystem_value: must be at most 1e100 (the limit for any amount), got 1e101");
  REFUSE ("\"fixed_cost\": 5e6", "\"fixed_cost\": { \"value\": 1, \"low\": 0, \"high\": 1.7976931348623157e308 }",
          "1.7976931348623157e308",
          "layers[0].options[0].fixed_cost.high: must be at most 1e100 (the limit for any amount), got 1.7976931348623157e308");
  REFUSE ("\"floor_cost\": 0.02", "\"floor_cost\": 1e308", "1e308",
          "layers[0].options[1].floor_cost: must be at most 1e100 (the limit for any amount), got 1e308");
  REFUSE ("\"price\": 4", "\"price\": 2e100", "2e100",
          "price: must be at most 1e100 (the limit for any amount), got 2e100");
  REFUSE ("\"boundary_cost\": 0.01", "\"boundary_cost\": 1e200", "1e200",
          "boundary_cost: must be at most 1e100 (the limit for any amount), got 1e200");
  REFUSE ("\"latency_ms\": 3", "\"latency_ms\": 1e300", "1e300",
          "layers[0].options[1].latency_ms: must be at most 1e100 (the limit for any amount), got 1e300");
  REFUSE ("\"min\": 1e6", "\"min\": 1e-155", "1e-155",
          "volume.min: must be at least 1e-30 and at most 1e30 (the limits for any volume), got 1e-155");
  REFUSE ("\"min\": 1e6", "\"min\": 5e-324", "5e-324",
          "volume.min: must be at least 1e-30 and at most 1e30 (the limits for any volume), got 5e-324");
  REFUSE ("\"max\": 1e12", "\"max\": 1e155", "1e155",
          "volume.max: must be at least 1e-30 and at most 1e30 (the limits for any volume), got 1e155");
  REFUSE ("\"reference_volume\": 1e8", "\"reference_volume\": 1e-40", "1e-40",
          "layers[0].options[1].reference_volume: must be at least 1e-30 and at most 1e30 (the limits for any volume), got 1e-40");
  ACCEPT ("\"price\": 1.2", "\"price\": 1e100");
  ACCEPT ("\"price\": 1.2", "\"price\": 5e-324");
  ACCEPT ("\"min\": 1e6, \"max\": 1e12", "\"min\": 1e-30, \"max\": 1e30");
}

/* Issue 16, finding 8: option, strategy and source ids follow the layer id
 * rule [a-z0-9_-]+ (MODEL.md section 2), so ids that only differ by Unicode
 * normalisation, a zero-width character or a homoglyph, and ids such as
 * "x=y,z" that --choices cannot name, are refused. */
static void
test_id_rules (void)
{
  REFUSE ("\"id\": \"gpu\"", "\"id\": \"x=y,z\"", "\"x=y,z\"",
          "layers[0].options[0].id: an option id may hold only lowercase letters a-z, digits 0-9, '_' and '-', got \"x=y,z\"");
  REFUSE ("\"id\": \"gpu\"", "\"id\": \"g\u200bpu\"", "\"g\u200bpu\"",
          "layers[0].options[0].id: an option id may hold only lowercase letters a-z, digits 0-9, '_' and '-', got \"g\u200bpu\"");
  REFUSE ("\"id\": \"hybrid\"", "\"id\": \"=HYPERLINK()\"", "\"=HYPERLINK()\"",
          "strategies[0].id: a strategy id may hold only lowercase letters a-z, digits 0-9, '_' and '-', got \"=HYPERLINK()\"");
  REFUSE ("\"id\": \"hybrid\"", "\"id\": \"hуbrid\"", "\"hуbrid\"",
          "strategies[0].id: a strategy id may hold only lowercase letters a-z, digits 0-9, '_' and '-', got \"hуbrid\"");
  {
    g_autofree char *doc = edit ("{ \"id\": \"s2\"", "{ \"id\": \"S 2\"");

    assert_refused_with (doc, "\"S 2\"",
          "sources[1].id: a source id may hold only lowercase letters a-z, digits 0-9, '_' and '-', got \"S 2\"");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/strata/loader/base-loads", test_base_loads);
  g_test_add_func ("/strata/loader/format", test_format);
  g_test_add_func ("/strata/loader/labels", test_labels);
  g_test_add_func ("/strata/loader/price", test_price);
  g_test_add_func ("/strata/loader/volume", test_volume);
  g_test_add_func ("/strata/loader/magnitudes", test_magnitudes);
  g_test_add_func ("/strata/loader/id-rules", test_id_rules);
  g_test_add_func ("/strata/loader/boundary-cost", test_boundary_cost);
  g_test_add_func ("/strata/loader/layers", test_layers);
  g_test_add_func ("/strata/loader/zero-layers", test_empty_layers);
  g_test_add_func ("/strata/loader/options", test_options);
  g_test_add_func ("/strata/loader/neutral", test_neutral);
  g_test_add_func ("/strata/loader/integrated", test_integrated);
  g_test_add_func ("/strata/loader/any-option", test_any_option);
  g_test_add_func ("/strata/loader/uncertain", test_uncertain);
  g_test_add_func ("/strata/loader/sources", test_sources);
  g_test_add_func ("/strata/loader/links", test_links);
  g_test_add_func ("/strata/loader/strategies", test_strategies);
  g_test_add_func ("/strata/loader/text", test_text);
  g_test_add_func ("/strata/loader/types", test_types);
  g_test_add_func ("/strata/loader/id-length", test_id_length);
  g_test_add_func ("/strata/loader/printable-messages", test_printable_messages);
  g_test_add_func ("/strata/loader/failure-keeps-previous", test_failure_keeps_previous);
  g_test_add_func ("/strata/loader/limits", test_limits);
  g_test_add_func ("/strata/loader/many-problems", test_many_problems);
  g_test_add_func ("/strata/loader/syntax-position", test_syntax_error_position);
  g_test_add_func ("/strata/loader/unknown-keys-kept", test_unknown_keys);
  g_test_add_func ("/strata/loader/bom-and-names", test_bom_and_names);
  g_test_add_func ("/strata/loader/file", test_file);
  g_test_add_func ("/strata/loader/peers-large", test_peers_large);
  g_test_add_func ("/strata/loader/problem-cap", test_problem_cap);
  g_test_add_func ("/strata/loader/every-prefix", test_every_prefix);
  g_test_add_func ("/strata/loader/random-mutations", test_random_mutations);

  return g_test_run ();
}

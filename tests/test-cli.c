/* test-cli.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"
#include "strata-test-cli.h"

#include <math.h>
#include <string.h>
#include <sys/wait.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

/*
 * Runs the built strata-cli ($STRATA_CLI) and checks exit codes, the JSON it
 * prints (parsed with json-glib), its CSV and its tables.
 *
 * The fixture tests/data/cli/small.strata.json, worked by hand (MODEL.md 3):
 *
 *   layers, bottom first, price 10, boundary_cost 0.1, volume 1000..1e6:
 *     parts    (boundary 0.2)
 *       buy      neutral     supplier_cost 2, margin 0.5 -> price 4,
 *                            supplier margin 2; fixed 1000; eco 0.5; 10 ms
 *       make     integrated  unit_cost 4 at 1000, learning 0.2, floor 1;
 *                            fixed 20000; 5 ms
 *                            make(V) = max (1, 4 * (V/1000)^log2(0.8))
 *                            make(4000)  = 4 * 0.8^2 = 2.56
 *                            make(64000) = 4 * 0.8^6 = 1.048576
 *                            make(1e6)   = 4 * 0.8^9.97 = 0.43 -> floor 1
 *     assembly (boundary: the dataset's 0.1)
 *       contract neutral     price 3, margin 0.25 -> supplier margin 0.75; 20 ms
 *       own      integrated  unit_cost 2.5; fixed 10000; 15 ms
 *     brand    (top: no interface above)
 *       licensed neutral     supplier_cost 0.8, margin 0.2 -> price 1,
 *                            supplier margin 0.2; eco 0.3
 *       house    integrated  unit_cost 0.5; fixed 5000
 *   link parts -> assembly, saving 0.2: own costs 2.5 * 0.8 = 2.0 when
 *   parts is also integrated.
 *
 * At V = 4000:
 *   all-neutral (buy, contract, licensed)
 *     unit_cost = (4 + 1000/4000) + 3 + 1 + 0.2 + 0.1 = 8.55
 *     ecosystem 0.5 + 0.3 = 0.8, effective 7.75, annual 8.55 * 4000 = 34200
 *     supplier margin 2 + 0.75 + 0.2 = 2.95, capital at risk 0
 *     supplier share (4.25 + 3 + 1) / 8.55 = 8.25 / 8.55, latency 30
 *     unit profit 10 - 8.55 = 1.45, annual profit 5800
 *   all-integrated (make, own, house)
 *     unit_cost = (2.56 + 5) + (2.0 + 2.5) + (0.5 + 1.25) + 0 + 0 = 13.81
 *     ecosystem 0, effective 13.81, annual 55240, supplier margin 0,
 *     capital 20000 + 10000 + 5000 = 35000, share 0, latency 20,
 *     unit profit -3.81, annual profit -15240
 *   vertical-parts (make; assembly and brand take their first options)
 *     unit_cost = (2.56 + 5) + 3 + 1 + 0.2 + 0.1 = 11.86 (no co-design:
 *     assembly is neutral); ecosystem 0.3, effective 11.56, supplier margin
 *     0.95, capital 20000, share (3 + 1) / 11.86, latency 25
 *   --choices assembly=own (buy, own, licensed)
 *     unit_cost = (4 + 0.25) + (2.5 + 2.5) + 1 + 0.2 + 0.1 = 10.55
 *     ecosystem 0.8, effective 9.75, supplier margin 2.2, capital 10000,
 *     share (4.25 + 1) / 10.55, latency 25
 *   optimal: all-neutral (every other combination is dearer at 4000)
 * At V = 64000:
 *   all-neutral:    4 + 1000/64000 + 3 + 1 + 0.3 = 8.315625, effective 7.515625
 *   all-integrated: 1.048576 + 0.3125 + 2.0 + 0.15625 + 0.5 + 0.078125
 *                   = 4.095451
 *
 * Closed forms over V (effective unit cost):
 *   N(V) all-neutral              = 7.5 + 1000/V
 *   P(V) make, own, licensed      = make(V) + 20000/V + 2.0 + 10000/V + 1
 *                                   + 0.1 - 0.3 = make(V) + 2.8 + 30000/V
 *   I(V) all-integrated           = make(V) + 2.5 + 35000/V
 *   N = I once, between 10000 (N 7.6 < I 7.906) and 12000 (N 7.583 > I 7.215)
 *   The optimum is N up to where N = P (near 10340: parts and assembly
 *   flip to integrated together), then P up to P = I, i.e. 0.3 = 5000/V,
 *   V = 50000/3 (brand flips), then I.
 */

#define REL_EPS 1e-9

static char *
fixture (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "cli", name, NULL);
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  if (error != NULL)
    g_error ("not JSON (%s):\n%s", error->message, text);
  return json_node_copy (json_parser_get_root (parser));
}

static JsonNode *
parse_json_file (const char *path)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static double
member_double (JsonObject *object,
               const char *key)
{
  JsonNode *node = json_object_get_member (object, key);

  if (node == NULL)
    g_error ("no key “%s”", key);
  g_assert_cmpint (json_node_get_node_type (node), ==, JSON_NODE_VALUE);
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return (double) json_node_get_int (node);
  g_assert_true (json_node_get_value_type (node) == G_TYPE_DOUBLE);
  return json_node_get_double (node);
}

static void
assert_close (double      value,
              double      expected,
              const char *what)
{
  double tolerance = REL_EPS * MAX (1.0, fabs (expected));

  if (!(fabs (value - expected) <= tolerance))
    g_error ("%s: got %.17g, expected %.17g", what, value, expected);
}

static double
make_cost (double volume)
{
  return MAX (1.0, 4 * pow (volume / 1000, log2 (0.8)));
}

static double
cost_neutral (double v)
{
  return 7.5 + 1000 / v;
}

static double
cost_parts_assembly (double v)
{
  return make_cost (v) + 2.8 + 30000 / v;
}

static double
cost_integrated (double v)
{
  return make_cost (v) + 2.5 + 35000 / v;
}

/* Bisection on a sign change of f - g in [lo, hi]. */
static double
solve (double (*f) (double),
       double (*g) (double),
       double   lo,
       double   hi)
{
  double flo = f (lo) - g (lo);

  g_assert_true (flo * (f (hi) - g (hi)) < 0);
  for (int i = 0; i < 200; i++)
    {
      double mid = (lo + hi) / 2;
      double fmid = f (mid) - g (mid);

      if ((fmid < 0) == (flo < 0))
        {
          lo = mid;
          flo = fmid;
        }
      else
        hi = mid;
    }
  return (lo + hi) / 2;
}

typedef struct
{
  const char *strategy;
  const char *choices[3];   /* parts, assembly, brand */
  double      volume;
  double      unit_cost;
  double      ecosystem_value;
  double      annual_cost;
  double      supplier_margin;
  double      capital_at_risk;
  double      supplier_share;
  double      latency_ms;
} Expected;

static void
check_result (JsonObject     *result,
              const Expected *e,
              double          price)
{
  static const char *layers[] = { "parts", "assembly", "brand" };
  JsonObject *choices = json_object_get_object_member (result, "choices");
  double effective = e->unit_cost - e->ecosystem_value;

  g_assert_cmpstr (json_object_get_string_member (result, "strategy"), ==, e->strategy);
  g_assert_cmpuint (json_object_get_size (choices), ==, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpstr (json_object_get_string_member (choices, layers[i]), ==, e->choices[i]);

  assert_close (member_double (result, "volume"), e->volume, "volume");
  assert_close (member_double (result, "unit_cost"), e->unit_cost, "unit_cost");
  assert_close (member_double (result, "ecosystem_value"), e->ecosystem_value, "ecosystem_value");
  assert_close (member_double (result, "effective_unit_cost"), effective, "effective_unit_cost");
  assert_close (member_double (result, "annual_cost"), e->annual_cost, "annual_cost");
  assert_close (member_double (result, "supplier_margin"), e->supplier_margin, "supplier_margin");
  assert_close (member_double (result, "capital_at_risk"), e->capital_at_risk, "capital_at_risk");
  assert_close (member_double (result, "supplier_share"), e->supplier_share, "supplier_share");
  assert_close (member_double (result, "latency_ms"), e->latency_ms, "latency_ms");

  if (price > 0)
    {
      assert_close (member_double (result, "unit_profit"), price - e->unit_cost, "unit_profit");
      assert_close (member_double (result, "annual_profit"),
                    (price - e->unit_cost) * e->volume, "annual_profit");
      assert_close (member_double (result, "effective_unit_profit"), price - effective,
                    "effective_unit_profit");
      g_assert_cmpuint (json_object_get_size (result), ==, 14);
    }
  else
    {
      g_assert_false (json_object_has_member (result, "unit_profit"));
      g_assert_false (json_object_has_member (result, "annual_profit"));
      g_assert_false (json_object_has_member (result, "effective_unit_profit"));
      g_assert_cmpuint (json_object_get_size (result), ==, 11);
    }
}

static const Expected neutral_4000 = {
  "all-neutral", { "buy", "contract", "licensed" }, 4000,
  8.55, 0.8, 34200, 2.95, 0, 8.25 / 8.55, 30
};
static const Expected integrated_4000 = {
  "all-integrated", { "make", "own", "house" }, 4000,
  13.81, 0, 55240, 0, 35000, 0, 20
};
static const Expected vertical_4000 = {
  "vertical-parts", { "make", "contract", "licensed" }, 4000,
  11.86, 0.3, 47440, 0.95, 20000, 4 / 11.86, 25
};
static const Expected custom_4000 = {
  "custom", { "buy", "own", "licensed" }, 4000,
  10.55, 0.8, 42200, 2.2, 10000, 5.25 / 10.55, 25
};
static const Expected neutral_64000 = {
  "all-neutral", { "buy", "contract", "licensed" }, 64000,
  8.315625, 0.8, 8.315625 * 64000, 2.95, 0, (4 + 1000.0 / 64000 + 3 + 1) / 8.315625, 30
};
static const Expected integrated_64000 = {
  "all-integrated", { "make", "own", "house" }, 64000,
  4.095451, 0, 4.095451 * 64000, 0, 35000, 0, 20
};

static void
test_help (void)
{
  static const char *commands[] = { "validate", "evaluate", "breakeven", "ladder", "export" };
  g_auto(Run) run;

  run_cli (&run, "--help", NULL);
  g_assert_cmpint (run.status, ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_assert_nonnull (strstr (run.out, commands[i]));
  run_clear (&run);

  run_cli (&run, "--version", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "strata-cli " PACKAGE_VERSION "\n");
  run_clear (&run);

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      run_cli (&run, commands[i], "--help", NULL);
      if (run.status != 0)
        g_error ("strata-cli %s --help exited %d: %s", commands[i], run.status, run.err);
      g_assert_nonnull (strstr (run.out, "Usage"));
      run_clear (&run);

      run_cli (&run, "help", commands[i], NULL);
      g_assert_cmpint (run.status, ==, 0);
      run_clear (&run);
    }

  run_cli (&run, "evaluate", "--help", NULL);
  g_assert_nonnull (strstr (run.out, "--volume"));
  g_assert_nonnull (strstr (run.out, "--choices"));
  g_assert_nonnull (strstr (run.out, "--all-neutral"));
}

static void
test_usage_errors (void)
{
  g_autofree char *small = fixture ("small.strata.json");
  const struct { const char *args[10]; const char *message; } cases[] = {
    { { NULL }, "Usage" },
    { { "frobnicate", NULL }, "unknown command “frobnicate”" },
    { { "--frob", NULL }, "unknown option" },
    { { "evaluate", NULL }, "missing FILE" },
    { { "evaluate", small, small, NULL }, "unexpected argument" },
    { { "evaluate", small, "--bogus", NULL }, "--bogus" },
    { { "evaluate", small, "--volume", "lots", NULL }, "“lots” is not a volume" },
    { { "evaluate", small, "--volume", "0", NULL }, "greater than zero" },
    { { "evaluate", small, "--volume", "-5", NULL }, "greater than zero" },
    { { "evaluate", small, "--volume", NULL }, "--volume" },
    { { "evaluate", small, "--format", "xml", NULL }, "unknown format “xml”" },
    { { "evaluate", small, "--strategy", "nope", NULL }, "unknown strategy “nope”" },
    { { "evaluate", small, "--strategy", "", NULL }, "needs a strategy id" },
    { { "evaluate", small, "--choices", "parts", NULL }, "“parts” is not LAYER=OPTION" },
    { { "evaluate", small, "--choices", "parts=make,parts=buy", NULL }, "named twice" },
    { { "evaluate", small, "--choices", "roof=tiles", NULL }, "unknown layer “roof”" },
    { { "evaluate", small, "--choices", "parts=steal", NULL }, "no option “steal”" },
    { { "evaluate", small, "--choices", "=,=", NULL }, "not LAYER=OPTION" },
    { { "breakeven", small, "--strategy", "all-neutral", NULL }, "--versus" },
    { { "breakeven", small, "--strategy", "all-neutral", "--versus", "x", NULL },
      "unknown strategy “x”" },
    { { "breakeven", small, "--strategy", "a", "--strategy", "b", "--versus", "c", NULL },
      "more than once" },
    { { "ladder", small, "--points", "1", NULL }, "from 2 to 100000" },
    { { "ladder", small, "--points", "100001", NULL }, "from 2 to 100000" },
    { { "ladder", small, "--points", "many", NULL }, "from 2 to 100000" },
    { { "ladder", small, "--points", "99999999999999999999999", NULL }, "from 2 to 100000" },
    { { "validate", NULL }, "missing FILE" },
    { { "help", "a", "b", NULL }, "help" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *const *a = cases[i].args;
      g_auto(Run) run;

      run_cli_v (&run, a);
      if (run.status != 2 || strstr (run.err, cases[i].message) == NULL)
        g_error ("case %u (%s %s): exit %d, stderr: %s", i, a[0], a[0] ? a[1] : "",
                 run.status, run.err);
      g_assert_cmpstr (run.out, ==, "");
      g_assert_nonnull (strstr (run.err, "--help"));
    }
}

static void
test_refused (void)
{
  g_autofree char *bad = fixture ("bad-margin.strata.json");
  g_autofree char *syntax = fixture ("syntax-error.strata.json");
  g_autofree char *missing = fixture ("does-not-exist.strata.json");
  g_autofree char *dir = fixture ("");
  const char *commands[] = { "validate", "evaluate", "ladder" };
  g_auto(Run) run;

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      run_cli (&run, commands[i], bad, NULL);
      g_assert_cmpint (run.status, ==, 1);
      g_assert_cmpstr (run.out, ==, "");
      /* FILE and the JSON path of the problem, one line. */
      g_assert_true (g_str_has_prefix (run.err, bad));
      g_assert_nonnull (strstr (run.err, "layers[0].options[0].margin"));
      g_assert_nonnull (strstr (run.err, "error"));
      g_assert_true (g_str_has_suffix (run.err, "\n"));
      run_clear (&run);
    }

  run_cli (&run, "breakeven", bad, "--strategy", "all-neutral", "--versus", "optimal", NULL);
  g_assert_cmpint (run.status, ==, 1);
  run_clear (&run);

  /* Syntax errors carry FILE:LINE:COL. */
  run_cli (&run, "validate", syntax, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_true (g_str_has_prefix (run.err, syntax));
  g_assert_true (g_regex_match_simple ("^[^\n]*:[0-9]+:[0-9]+: error: ", run.err, 0, 0));
  run_clear (&run);

  run_cli (&run, "validate", missing, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, missing));
  run_clear (&run);

  run_cli (&run, "evaluate", dir, NULL);
  g_assert_cmpint (run.status, ==, 1);
  run_clear (&run);

  run_cli (&run, "evaluate", "", NULL);
  g_assert_cmpint (run.status, ==, 1);
}

static void
test_validate (void)
{
  g_autofree char *small = fixture ("small.strata.json");
  g_autofree char *expected = NULL;
  g_auto(Run) run;

  run_cli (&run, "validate", small, NULL);
  g_assert_cmpint (run.status, ==, 0);
  /* 3 presets + 1 own strategy. */
  expected = g_strdup_printf ("%s: valid — 3 layers, 6 options, 4 strategies, 1 link\n", small);
  g_assert_cmpstr (run.out, ==, expected);
  g_assert_cmpstr (run.err, ==, "");
}

static void
test_evaluate_json (void)
{
  g_autofree char *small = fixture ("small.strata.json");
  g_autoptr(JsonNode) root = NULL;
  const Expected *expected[] = {
    &neutral_4000, &neutral_64000,
    &integrated_4000, &integrated_64000,
    &vertical_4000, NULL,
    &custom_4000, NULL,
  };
  JsonObject *object;
  JsonArray *results;
  g_auto(Run) run;

  /* Strategy-major, in the order asked; "4 k" and "6.4e4" are volumes too. */
  run_cli (&run, "evaluate", small, "--all-neutral", "--volume", "4k",
           "--strategy", "all-integrated", "--volume=6.4e4", "-s", "vertical-parts",
           "--choices", "assembly=own", "--format", "json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");

  root = parse_json (run.out);
  object = json_node_get_object (root);
  g_assert_cmpuint (json_object_get_size (object), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (object, "dataset"), ==,
                   "Widget stack (test fixture)");
  g_assert_cmpstr (json_object_get_string_member (object, "objective"), ==, "effective");
  results = json_object_get_array_member (object, "results");
  g_assert_cmpuint (json_array_get_length (results), ==, 8);

  for (guint i = 0; i < 8; i++)
    {
      JsonObject *result = json_array_get_object_element (results, i);

      if (expected[i] != NULL)
        check_result (result, expected[i], 10);
      else
        {
          /* The same strategy at 64000: only the volume order is checked
           * here; the figures follow the closed forms. */
          double v = member_double (result, "volume");
          g_assert_cmpfloat (v, ==, 64000);
        }
    }

  /* vertical-parts at 64000: make(64000) + 20000/64000 + 3 + 1 + 0.3. */
  assert_close (member_double (json_array_get_object_element (results, 5), "unit_cost"),
                1.048576 + 0.3125 + 4.3, "vertical-parts at 64000");
}

static void
test_evaluate_defaults (void)
{
  g_autofree char *small = fixture ("small.strata.json");
  g_autoptr(JsonNode) root = NULL;
  static const char *ids[] = { "all-neutral", "all-integrated", "optimal", "vertical-parts" };
  JsonArray *results;
  g_auto(Run) run;

  /* No strategy: every preset and dataset strategy; no volume: 4000. */
  run_cli (&run, "evaluate", small, "--format", "json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = parse_json (run.out);
  results = json_object_get_array_member (json_node_get_object (root), "results");
  g_assert_cmpuint (json_array_get_length (results), ==, G_N_ELEMENTS (ids));
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      JsonObject *result = json_array_get_object_element (results, i);
      g_assert_cmpstr (json_object_get_string_member (result, "strategy"), ==, ids[i]);
      g_assert_cmpfloat (member_double (result, "volume"), ==, 4000);
    }

  /* The optimum at 4000 is all-neutral, reported under its own id. */
  {
    Expected optimal = neutral_4000;
    optimal.strategy = "optimal";
    check_result (json_array_get_object_element (results, 2), &optimal, 10);
  }
  check_result (json_array_get_object_element (results, 0), &neutral_4000, 10);
  check_result (json_array_get_object_element (results, 1), &integrated_4000, 10);
  check_result (json_array_get_object_element (results, 3), &vertical_4000, 10);
}

static void
test_evaluate_optimal (void)
{
  g_autofree char *small = fixture ("small.strata.json");
  g_autoptr(JsonNode) root = NULL;
  JsonArray *results;
  JsonObject *r;
  g_auto(Run) run;

  /* At 1e6 the floor binds (make = 1) and everything is integrated:
   * 1 + 0.02 + 2.0 + 0.01 + 0.5 + 0.005 = 3.535.  At 13000, between the
   * two flips, parts and assembly are integrated and brand is not:
   * P(13000) = make(13000) + 2.8 + 30000/13000, unit = P + 0.3. */
  run_cli (&run, "evaluate", small, "--optimal", "--volume", "1M", "--volume", "13,000",
           "--format", "json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = parse_json (run.out);
  results = json_object_get_array_member (json_node_get_object (root), "results");
  g_assert_cmpuint (json_array_get_length (results), ==, 2);

  r = json_array_get_object_element (results, 0);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (r, "choices"),
                                                  "parts"), ==, "make");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (r, "choices"),
                                                  "brand"), ==, "house");
  assert_close (member_double (r, "unit_cost"), 3.535, "optimal at 1e6");
  assert_close (member_double (r, "capital_at_risk"), 35000, "capital at 1e6");

  r = json_array_get_object_element (results, 1);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (r, "choices"),
                                                  "assembly"), ==, "own");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (r, "choices"),
                                                  "brand"), ==, "licensed");
  assert_close (member_double (r, "effective_unit_cost"), cost_parts_assembly (13000),
                "optimal at 13000");
}

static void
test_evaluate_no_price (void)
{
  g_autofree char *noprice = fixture ("noprice.strata.json");
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  JsonArray *results;
  /* 3pl: price 2, margin 0.1 -> supplier margin 0.2; own: 1 + 150/500. */
  const Expected neutral = { "all-neutral", { NULL }, 500, 2, 0, 1000, 0.2, 0, 1, 0 };
  const Expected integrated = { "all-integrated", { NULL }, 500, 1.3, 0, 650, 0, 150, 0, 0 };
  const Expected *expected[] = { &neutral, &integrated };
  g_auto(Run) run;

  run_cli (&run, "evaluate", noprice, "--all-neutral", "--all-integrated", "--format", "json",
           NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = parse_json (run.out);
  object = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (object, "dataset"), ==,
                   "One layer, no price, \"quoted\" title");
  results = json_object_get_array_member (object, "results");
  g_assert_cmpuint (json_array_get_length (results), ==, 2);

  for (guint i = 0; i < 2; i++)
    {
      JsonObject *r = json_array_get_object_element (results, i);
      const Expected *e = expected[i];

      g_assert_cmpstr (json_object_get_string_member (r, "strategy"), ==, e->strategy);
      assert_close (member_double (r, "unit_cost"), e->unit_cost, "unit_cost");
      assert_close (member_double (r, "annual_cost"), e->annual_cost, "annual_cost");
      assert_close (member_double (r, "supplier_margin"), e->supplier_margin, "margin");
      assert_close (member_double (r, "capital_at_risk"), e->capital_at_risk, "capital");
      assert_close (member_double (r, "supplier_share"), e->supplier_share, "share");
      g_assert_false (json_object_has_member (r, "unit_profit"));
      g_assert_false (json_object_has_member (r, "annual_profit"));
      g_assert_cmpuint (json_object_get_size (r), ==, 11);
    }
}

/* A small RFC 4180 reader: records of fields, CRLF line ends. */
static GPtrArray *
parse_csv (const char *text)
{
  GPtrArray *records = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  GPtrArray *record = g_ptr_array_new_with_free_func (g_free);
  GString *field = g_string_new (NULL);
  const char *p = text;

  while (*p != '\0')
    {
      if (*p == '"' && field->len == 0)
        {
          p++;
          while (!(*p == '"' && p[1] != '"'))
            {
              g_assert_true (*p != '\0');
              if (*p == '"')
                p++;
              g_string_append_c (field, *p++);
            }
          p++;
          g_assert_true (*p == ',' || *p == '\r');
          continue;
        }
      if (*p == ',')
        {
          g_ptr_array_add (record, g_string_free (field, FALSE));
          field = g_string_new (NULL);
          p++;
          continue;
        }
      if (*p == '\r')
        {
          g_assert_true (p[1] == '\n');
          g_ptr_array_add (record, g_string_free (field, FALSE));
          field = g_string_new (NULL);
          g_ptr_array_add (records, record);
          record = g_ptr_array_new_with_free_func (g_free);
          p += 2;
          continue;
        }
      g_assert_true (*p != '\n');
      g_string_append_c (field, *p++);
    }

  /* Every record ends with CRLF. */
  g_assert_cmpuint (record->len, ==, 0);
  g_assert_cmpuint (field->len, ==, 0);
  g_ptr_array_unref (record);
  g_string_free (field, TRUE);
  return records;
}

static const char *
csv_field (GPtrArray *records,
           guint      row,
           guint      column)
{
  GPtrArray *record = g_ptr_array_index (records, row);

  g_assert_cmpuint (column, <, record->len);
  return g_ptr_array_index (record, column);
}

static void
test_evaluate_csv (void)
{
  g_autofree char *small = fixture ("small.strata.json");
  g_autoptr(GPtrArray) records = NULL;
  static const char *header[] = {
    "strategy", "choices", "volume", "unit_cost", "ecosystem_value", "effective_unit_cost",
    "annual_cost", "supplier_margin", "capital_at_risk", "supplier_share", "latency_ms",
    "unit_profit", "annual_profit", "effective_unit_profit", "objective",
  };
  g_auto(Run) run;

  run_cli (&run, "evaluate", small, "--all-neutral", "--all-integrated", "--format", "csv",
           NULL);
  g_assert_cmpint (run.status, ==, 0);
  records = parse_csv (run.out);
  g_assert_cmpuint (records->len, ==, 3);
  for (guint r = 0; r < records->len; r++)
    g_assert_cmpuint (((GPtrArray *) g_ptr_array_index (records, r))->len, ==,
                      G_N_ELEMENTS (header));
  for (guint c = 0; c < G_N_ELEMENTS (header); c++)
    g_assert_cmpstr (csv_field (records, 0, c), ==, header[c]);

  g_assert_cmpstr (csv_field (records, 1, 0), ==, "all-neutral");
  /* The choices field holds commas, so it is quoted; it reads back as the
   * --choices syntax. */
  g_assert_cmpstr (csv_field (records, 1, 1), ==, "parts=buy,assembly=contract,brand=licensed");
  g_assert_true (strstr (run.out, "\"parts=buy,assembly=contract,brand=licensed\"") != NULL);
  g_assert_cmpstr (csv_field (records, 1, 2), ==, "4e3");
  assert_close (g_ascii_strtod (csv_field (records, 1, 3), NULL), 8.55, "csv unit_cost");
  assert_close (g_ascii_strtod (csv_field (records, 1, 6), NULL), 34200, "csv annual_cost");
  assert_close (g_ascii_strtod (csv_field (records, 1, 9), NULL), 8.25 / 8.55, "csv share");
  assert_close (g_ascii_strtod (csv_field (records, 2, 3), NULL), 13.81, "csv integrated");
  assert_close (g_ascii_strtod (csv_field (records, 2, 12), NULL), -15240, "csv profit");
  g_assert_cmpstr (csv_field (records, 2, 8), ==, "35000");
  g_assert_cmpstr (csv_field (records, 2, 14), ==, "effective");
}

/* The README's example of `evaluate --format table` is the tool's own
 * output, line for line: each of its lines is the output's, or (ending
 * in "…", columns cut) the start of it; and the header names the
 * dataset's unit ("price: $6.00 per 1M tokens", "Volume: 1M tokens per
 * year"), as the charts' axes do. */
static void
test_readme_table (void)
{
  g_autofree char *readme_path = g_build_filename (g_getenv ("STRATA_SOURCE_ROOT"), "README.md", NULL);
  g_autofree char *readme = NULL;
  g_autofree char *sample = test_sample_path ("ai-cloud-stack.strata.json");
  g_auto(GStrv) block = NULL;
  g_auto(GStrv) out = NULL;
  g_auto(Run) run;
  const char *start, *end;
  g_autofree char *example = NULL;
  guint n;

  g_assert_true (g_file_get_contents (readme_path, &readme, NULL, NULL));
  start = strstr (readme, "`evaluate --format table` (the default) looks like this, for `strata-cli\n"
                          "evaluate $D --all-neutral --strategy amazon-hybrid --volume 1B --volume 50B`");
  g_assert_nonnull (start);
  start = strstr (start, "```\n");
  g_assert_nonnull (start);
  start += 4;
  end = strstr (start, "```");
  g_assert_nonnull (end);
  example = g_strndup (start, end - start);
  block = g_strsplit (example, "\n", -1);

  run_cli (&run, "evaluate", sample, "--all-neutral", "--strategy", "amazon-hybrid", "--volume", "1B",
           "--volume", "50B", NULL);
  g_assert_cmpint (run.status, ==, 0);
  out = g_strsplit (run.out, "\n", -1);
  n = g_strv_length (block);
  /* The block's last line is the empty one after its closing newline. */
  g_assert_cmpuint (n, >=, 10);
  g_assert_cmpuint (g_strv_length (out), >=, n);
  for (guint i = 0; i + 1 < n; i++)
    {
      if (g_str_has_suffix (block[i], "…"))
        {
          g_autofree char *head = g_strndup (block[i], strlen (block[i]) - strlen ("…"));

          g_strchomp (head);
          if (!g_str_has_prefix (out[i], head))
            g_test_message ("README line %u: \"%s\", the tool: \"%s\"", i, block[i], out[i]);
          g_assert_true (g_str_has_prefix (out[i], head));
        }
      else
        g_assert_cmpstr (block[i], ==, out[i]);
    }
  g_assert_nonnull (strstr (run.out, "\nUnit: 1M tokens · currency: USD · price: $6.00 per 1M tokens\n"
                                     "Volume: 1M tokens per year, 10 M to 100 B (default 10 B)\n"));
}

static void
test_evaluate_table (void)
{
  g_autofree char *small = fixture ("small.strata.json");
  g_autofree char *noprice = fixture ("noprice.strata.json");
  static const char *expected[] = {
    "Widget stack (test fixture)",
    "Unit: widget · currency: USD · price: $10.00 per widget",
    "Volume: widgets per year, 1 k to 1 M (default 4 k)",
    "Objective: effective (least effective_unit_cost = unit_cost - ecosystem_value)",
    "Strategy", "Unit cost", "Effective unit cost", "Supplier share", "Capital at risk",
    "All neutral", "All integrated", "Own parts only", "Custom",
    "$8.55", "$7.75", "$2.95", "96.5 %", "30 ms", "$34.2 k/yr", "$5.8 k/yr",
    "$13.81", "-$3.81", "-$15.2 k/yr", "$35 k/yr", "Effective unit profit",
    "parts=buy,assembly=own,brand=licensed",
  };
  g_auto(Run) run;
  g_auto(GStrv) lines = NULL;
  gsize header_width;

  run_cli (&run, "evaluate", small, "--all-neutral", "--all-integrated", "--strategy",
           "vertical-parts", "--choices", "assembly=own", NULL);
  g_assert_cmpint (run.status, ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    if (strstr (run.out, expected[i]) == NULL)
      g_error ("“%s” missing from:\n%s", expected[i], run.out);
  g_assert_null (strstr (run.out, "outside"));

  /* Aligned: every row of the main table is as wide as its header line
   * (the last column is right-aligned). */
  lines = g_strsplit (run.out, "\n", -1);
  g_assert_true (g_str_has_prefix (lines[6], "Strategy"));
  header_width = g_utf8_strlen (lines[6], -1);
  for (guint i = 8; i < 12; i++)
    g_assert_cmpuint (g_utf8_strlen (lines[i], -1), ==, header_width);
  run_clear (&run);

  /* A volume outside [min, max] is evaluated and marked. */
  run_cli (&run, "evaluate", small, "--all-neutral", "--volume", "2M", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "2 M*"));
  g_assert_nonnull (strstr (run.out, "* outside the dataset's volume range [1 k, 1 M]"));
  run_clear (&run);

  /* No price: no profit columns; no latency anywhere: no latency column. */
  run_cli (&run, "evaluate", noprice, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Unit: order · currency: EUR\n"));
  g_assert_nonnull (strstr (run.out, "Capital at risk"));
  g_assert_nonnull (strstr (run.out, "€2.00"));
  g_assert_null (strstr (run.out, "Latency"));
  g_assert_null (strstr (run.out, "profit"));
  run_clear (&run);

  run_cli (&run, "evaluate", small, "--all-neutral", "--volume", "2M", "--format", "json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.err, "volume 2 M is outside the dataset's range [1 k, 1 M]"));
  json_node_unref (parse_json (run.out));
}

static const char *samples[] = {
  "ai-cloud-stack.strata.json", "ai-model-lab.strata.json",
  "consumer-devices.strata.json", "retailer.strata.json",
};

static void
test_breakeven (void)
{
  g_autofree char *small = fixture ("small.strata.json");
  g_autofree char *noprice = fixture ("noprice.strata.json");
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  JsonArray *crossings;
  JsonObject *crossing;
  double volume;
  double hand;
  g_auto(Run) run;

  run_cli (&run, "breakeven", small, "--strategy", "all-neutral", "--versus", "all-integrated",
           "--format", "json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = parse_json (run.out);
  object = json_node_get_object (root);
  g_assert_cmpuint (json_object_get_size (object), ==, 5);
  g_assert_cmpstr (json_object_get_string_member (object, "objective"), ==, "effective");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "equal")), ==,
                    0);
  g_assert_cmpstr (json_object_get_string_member (object, "a"), ==, "all-neutral");
  g_assert_cmpstr (json_object_get_string_member (object, "b"), ==, "all-integrated");
  crossings = json_object_get_array_member (object, "crossings");
  g_assert_cmpuint (json_array_get_length (crossings), ==, 1);
  crossing = json_array_get_object_element (crossings, 0);
  g_assert_cmpuint (json_object_get_size (crossing), ==, 2);
  volume = member_double (crossing, "volume");
  g_assert_cmpfloat (volume, >, 10000);
  g_assert_cmpfloat (volume, <, 12000);
  hand = solve (cost_neutral, cost_integrated, 10000, 12000);
  g_assert_cmpfloat (fabs (volume - hand) / hand, <, 1e-8);
  g_assert_cmpstr (json_object_get_string_member (crossing, "cheaper_above"), ==,
                   "all-integrated");
  run_clear (&run);
  g_clear_pointer (&root, json_node_unref);

  /* Reversed, the same volume and the same side. */
  run_cli (&run, "breakeven", small, "--strategy", "all-integrated", "--versus", "all-neutral",
           "--format", "json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = parse_json (run.out);
  crossings = json_object_get_array_member (json_node_get_object (root), "crossings");
  g_assert_cmpuint (json_array_get_length (crossings), ==, 1);
  crossing = json_array_get_object_element (crossings, 0);
  g_assert_cmpfloat (fabs (member_double (crossing, "volume") - hand) / hand, <, 1e-8);
  g_assert_cmpstr (json_object_get_string_member (crossing, "cheaper_above"), ==,
                   "all-integrated");
  run_clear (&run);
  g_clear_pointer (&root, json_node_unref);

  /* Table. */
  run_cli (&run, "breakeven", small, "--strategy", "all-neutral", "--versus", "all-integrated",
           NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Break-even between All neutral (all-neutral) and "
                                     "All integrated (all-integrated) in [1 k, 1 M]"));
  g_assert_nonnull (strstr (run.out, "10.8 k"));
  run_clear (&run);

  /* CSV. */
  run_cli (&run, "breakeven", small, "--strategy", "all-neutral", "--versus", "all-integrated",
           "--format", "csv", NULL);
  g_assert_cmpint (run.status, ==, 0);
  {
    g_autoptr(GPtrArray) records = parse_csv (run.out);
    g_assert_cmpuint (records->len, ==, 2);
    g_assert_cmpstr (csv_field (records, 0, 0), ==, "kind");
    g_assert_cmpstr (csv_field (records, 0, 1), ==, "volume");
    g_assert_cmpstr (csv_field (records, 0, 2), ==, "cheaper_above");
    g_assert_cmpstr (csv_field (records, 1, 0), ==, "crossing");
    g_assert_cmpstr (csv_field (records, 1, 2), ==, "all-integrated");
    g_assert_cmpstr (csv_field (records, 1, 5), ==, "effective");
    g_assert_cmpfloat (fabs (g_ascii_strtod (csv_field (records, 1, 1), NULL) - hand) / hand,
                       <, 1e-8);
  }
  run_clear (&run);

  /* No crossing: over [200, 1000] own logistics (1 + 150/V <= 1.75) is
   * always cheaper than the 3PL's price of 2. */
  run_cli (&run, "breakeven", noprice, "--strategy", "all-neutral", "--versus",
           "all-integrated", "--format", "json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "{\"a\": \"all-neutral\", \"b\": \"all-integrated\", "
                                "\"objective\": \"effective\", \"crossings\": [], "
                                "\"equal\": []}\n");
  json_node_unref (parse_json (run.out));
  run_clear (&run);

  run_cli (&run, "breakeven", noprice, "--strategy", "all-neutral", "--versus",
           "all-integrated", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "No break-even between all-neutral and all-integrated "
                                     "in [200, 1 k]: All integrated is cheaper across the "
                                     "range."));
  run_clear (&run);

  /* Identical curves never change sign. */
  run_cli (&run, "breakeven", noprice, "--strategy", "all-neutral", "--versus",
           "same-as-neutral", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "All neutral and same-as-neutral have the same cost at "
                                     "every volume."));
}

/* MODEL.md 4 on the AI cloud stack: Optimal equals All neutral up to
 * 790 M and parts there (the break-even); Optimal equals the hybrid from
 * about 5.15 B up, so Optimal is not "cheaper across the range". */
static void
test_breakeven_equal (void)
{
  g_autofree char *path = test_sample_path ("ai-cloud-stack.strata.json");
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object, *crossing, *equal;
  g_auto(Run) run;

  run_cli (&run, "breakeven", path, "--strategy", "all-neutral", "--versus", "optimal",
           "--format", "json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = parse_json (run.out);
  object = json_node_get_object (root);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "crossings")),
                    ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "equal")),
                    ==, 1);
  crossing = json_array_get_object_element (json_object_get_array_member (object, "crossings"),
                                            0);
  equal = json_array_get_object_element (json_object_get_array_member (object, "equal"), 0);
  g_assert_cmpfloat (fabs (member_double (crossing, "volume") / 790e6 - 1), <, 1e-3);
  g_assert_cmpstr (json_object_get_string_member (crossing, "cheaper_above"), ==, "optimal");
  g_assert_cmpfloat (member_double (equal, "from"), ==, 1e7);
  g_assert_cmpfloat (member_double (equal, "to"), ==, member_double (crossing, "volume"));
  g_clear_pointer (&root, json_node_unref);
  run_clear (&run);

  run_cli (&run, "breakeven", path, "--strategy", "optimal", "--versus", "amazon-hybrid",
           "--format", "json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = parse_json (run.out);
  object = json_node_get_object (root);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "crossings")),
                    ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "equal")),
                    ==, 1);
  equal = json_array_get_object_element (json_object_get_array_member (object, "equal"), 0);
  g_assert_cmpfloat (fabs (member_double (equal, "from") / 5.15e9 - 1), <, 1e-2);
  g_assert_cmpfloat (member_double (equal, "to"), ==, 1e11);
  run_clear (&run);

  run_cli (&run, "breakeven", path, "--strategy", "optimal", "--versus", "amazon-hybrid", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_null (strstr (run.out, "across the range"));
  g_assert_nonnull (strstr (run.out, "10 M to 5.15 B: Optimal is cheaper"));
  g_assert_nonnull (strstr (run.out, "5.15 B to 100 B: the same cost"));
  run_clear (&run);

  run_cli (&run, "breakeven", path, "--strategy", "all-neutral", "--versus", "optimal", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "790 M"));
  g_assert_nonnull (strstr (run.out, "10 M to 790 M: the same cost"));
  g_assert_nonnull (strstr (run.out, "Objective: effective"));
  run_clear (&run);

  /* Under the cash objective the answer is named so. */
  run_cli (&run, "breakeven", path, "--strategy", "all-neutral", "--versus", "optimal",
           "--objective", "cash", "--format", "json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "\"objective\": \"cash\""));
}

static void
test_ladder (void)
{
  g_autofree char *small = fixture ("small.strata.json");
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  JsonArray *points;
  JsonArray *flips;
  double flip_low;
  double flip_high = 50000.0 / 3;
  static const char *layers[] = { "parts", "assembly", "brand" };
  g_auto(Run) run;

  flip_low = solve (cost_neutral, cost_parts_assembly, 10000, 11000);

  run_cli (&run, "ladder", small, "--points", "4", "--format", "json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = parse_json (run.out);
  object = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (object, "dataset"), ==,
                   "Widget stack (test fixture)");

  /* 4 points over [1e3, 1e6]: 1e3, 1e4, 1e5, 1e6. */
  points = json_object_get_array_member (object, "points");
  g_assert_cmpuint (json_array_get_length (points), ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      JsonObject *p = json_array_get_object_element (points, i);
      JsonObject *choices = json_object_get_object_member (p, "choices");
      double v = member_double (p, "volume");
      double expected;

      g_assert_cmpfloat (fabs (v - pow (10, 3 + i)) / v, <, 1e-12);
      g_assert_cmpuint (json_object_get_size (choices), ==, 3);
      if (i < 2)
        {
          /* 1e3: N = 8.5; 1e4: N = 7.6 (below the first flip). */
          g_assert_cmpstr (json_object_get_string_member (choices, "parts"), ==, "buy");
          expected = cost_neutral (v);
        }
      else
        {
          /* 1e5 and 1e6: all integrated; 1e6 is 3.535 (floor). */
          g_assert_cmpstr (json_object_get_string_member (choices, "brand"), ==, "house");
          expected = cost_integrated (v);
        }
      assert_close (member_double (p, "effective_unit_cost"), expected, "ladder cost");
    }
  assert_close (member_double (json_array_get_object_element (points, 3),
                               "effective_unit_cost"), 3.535, "ladder at 1e6");

  /* Flips: parts and assembly together where N = P, brand where P = I. */
  flips = json_object_get_array_member (object, "flips");
  g_assert_cmpuint (json_array_get_length (flips), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      JsonObject *f = json_array_get_object_element (flips, i);
      const char *layer = json_object_get_string_member (f, "layer");
      double v = member_double (f, "volume");

      g_assert_cmpuint (json_object_get_size (f), ==, 6);
      g_assert_cmpstr (json_object_get_string_member (f, "from_mode"), ==, "neutral");
      g_assert_cmpstr (json_object_get_string_member (f, "to_mode"), ==, "integrated");
      g_assert_true (g_strv_contains (layers, layer));
      if (g_str_equal (layer, "brand"))
        g_assert_cmpfloat (fabs (v - flip_high) / flip_high, <, 1e-6);
      else
        g_assert_cmpfloat (fabs (v - flip_low) / flip_low, <, 1e-6);
    }
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (flips, 2),
                                                  "layer"), ==, "brand");
  run_clear (&run);

  /* Table: flips first, then the grid. */
  run_cli (&run, "ladder", small, "--points", "4", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "parts: integrate above 10.3 k widgets/yr"));
  g_assert_nonnull (strstr (run.out, "brand: integrate above 16.7 k widgets/yr"));
  g_assert_nonnull (strstr (run.out, "house *"));
  g_assert_true (strstr (run.out, "brand: integrate") < strstr (run.out, "Effective unit cost"));
  run_clear (&run);

  /* CSV: one record per point, plus the header; default 64 points. */
  run_cli (&run, "ladder", small, "--format", "csv", NULL);
  g_assert_cmpint (run.status, ==, 0);
  {
    g_autoptr(GPtrArray) records = parse_csv (run.out);
    g_assert_cmpuint (records->len, ==, 65);
    g_assert_cmpstr (csv_field (records, 0, 1), ==, "choices");
    g_assert_cmpstr (csv_field (records, 64, 1), ==, "parts=make,assembly=own,brand=house");
  }
}

/* A dataset of one volume (min = max = 5,000): making (2 + 1000 / 5000
 * = 2.20) beats buying at 3. */
static const char single_volume_json[] =
  "{\"format\": \"strata-stack/1\", \"title\": \"x\", \"unit\": \"widgets\", \"currency\": \"USD\","
  " \"volume\": {\"min\": 5000, \"max\": 5000, \"default\": 5000},"
  " \"layers\": [{\"id\": \"parts\", \"options\": ["
  "{\"id\": \"buy\", \"mode\": \"neutral\", \"price\": 3, \"margin\": 0.2},"
  "{\"id\": \"make\", \"mode\": \"integrated\", \"unit_cost\": 2, \"fixed_cost\": 1000}]}]}";

/* A dataset of one volume (min = max): the table says so, as the app's
 * ladder view does, and shows that volume once, not 64 equal rows. */
static void
test_ladder_single_volume (void)
{
  g_autofree char *dir = g_dir_make_tmp ("strata-cli-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "one.strata.json", NULL);
  const char *row;
  g_auto(Run) run;

  g_assert_true (g_file_set_contents (path, single_volume_json, -1, NULL));
  run_cli (&run, "ladder", path, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "The dataset has a single volume (5 k): there is no ladder to climb"));
  g_assert_null (strstr (run.out, "Integration ladder"));
  g_assert_null (strstr (run.out, "No layer changes"));
  /* make: 2 + 1000 / 5000 = 2.20 beats buy's 3: one row. */
  row = strstr (run.out, "$2.20");
  g_assert_nonnull (row);
  g_assert_null (strstr (row + 1, "$2.20"));
  g_assert_nonnull (strstr (row, "make *"));
  run_clear (&run);

  /* JSON and CSV keep the grid's points. */
  run_cli (&run, "ladder", path, "--points", "4", "--format", "csv", NULL);
  g_assert_cmpint (run.status, ==, 0);
  {
    g_autoptr(GPtrArray) records = parse_csv (run.out);
    g_assert_cmpuint (records->len, ==, 5);
  }
  g_assert_no_errno (g_remove (path));
  g_assert_no_errno (g_rmdir (dir));
}

/* break-even on a dataset of one volume names that volume, not a range
 * "[5 k, 5 k]" and "across the range"; the header says it is the only
 * volume. */
static void
test_breakeven_single_volume (void)
{
  g_autofree char *dir = g_dir_make_tmp ("strata-cli-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "one.strata.json", NULL);
  g_auto(Run) run;

  g_assert_true (g_file_set_contents (path, single_volume_json, -1, NULL));
  run_cli (&run, "breakeven", path, "--strategy", "all-neutral", "--versus", "optimal", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Volume: widgets per year, 5 k (a single volume)\n"));
  g_assert_nonnull (strstr (run.out, "No break-even between all-neutral and optimal at 5 k, the dataset's "
                                     "only volume: Optimal is cheaper there."));
  g_assert_null (strstr (run.out, "5 k, 5 k"));
  g_assert_null (strstr (run.out, "across the range"));
  run_clear (&run);

  run_cli (&run, "breakeven", path, "--strategy", "all-integrated", "--versus", "optimal", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "at 5 k, the dataset's only volume: All integrated and Optimal "
                                     "have the same cost there."));
  run_clear (&run);

  /* JSON is the same as on any range: no crossing, no equal stretch. */
  run_cli (&run, "breakeven", path, "--strategy", "all-neutral", "--versus", "optimal",
           "--format", "json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "\"crossings\": [], \"equal\": []"));
  g_assert_no_errno (g_remove (path));
  g_assert_no_errno (g_rmdir (dir));
}

/* A long run tells its share done on standard error when that is a
 * terminal (forced here by STRATA_CLI_PROGRESS=1), on one line cleared at
 * the end; standard output is the same either way, and a run whose
 * standard error is not a terminal (these tests) prints nothing more. */
static void
test_progress (void)
{
  g_autofree char *path = test_sample_path ("retailer.strata.json");
  const char *const commands[][6] = {
    { "switchpoints", NULL, "--volume", "3e8", "--format", "json" },
    { "montecarlo", NULL, "--draws", "300", "--format", "json" },
    /* The horizon's draws, each solving the optimal roadmap again. */
    { "roadmap", NULL, "--draws", "300", "--format", "json" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      const char *args[] = { commands[i][0], path, commands[i][2], commands[i][3], commands[i][4],
                             commands[i][5], NULL };
      g_autofree char *done = g_strdup_printf ("\rstrata-cli %s: 100 %%\r\033[K", commands[i][0]);
      g_auto(Run) quiet;
      g_auto(Run) told;

      g_unsetenv ("STRATA_CLI_PROGRESS");
      run_cli_v (&quiet, args);
      g_assert_cmpint (quiet.status, ==, 0);
      g_assert_cmpstr (quiet.err, ==, "");

      g_setenv ("STRATA_CLI_PROGRESS", "1", TRUE);
      run_cli_v (&told, args);
      g_unsetenv ("STRATA_CLI_PROGRESS");
      g_assert_cmpint (told.status, ==, 0);
      g_assert_cmpstr (told.out, ==, quiet.out);
      g_assert_true (g_str_has_prefix (told.err, "\rstrata-cli "));
      g_assert_true (g_str_has_suffix (told.err, done));
    }
}

/* MODEL.md 5: the ladder reports changes of option within one mode too;
 * the AI model lab's GPU vendor gives way to a multi-chip pool near 240 M. */
static void
test_ladder_option_flips (void)
{
  g_autofree char *path = test_sample_path ("ai-model-lab.strata.json");
  g_autoptr(JsonNode) root = NULL;
  JsonArray *flips;
  guint n_within = 0;
  g_auto(Run) run;

  run_cli (&run, "ladder", path, "--format", "json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = parse_json (run.out);
  flips = json_object_get_array_member (json_node_get_object (root), "flips");
  for (guint i = 0; i < json_array_get_length (flips); i++)
    {
      JsonObject *f = json_array_get_object_element (flips, i);

      g_assert_cmpuint (json_object_get_size (f), ==, 6);
      g_assert_cmpstr (json_object_get_string_member (f, "from"), !=,
                       json_object_get_string_member (f, "to"));
      if (g_str_equal (json_object_get_string_member (f, "from_mode"),
                       json_object_get_string_member (f, "to_mode")))
        {
          double v = member_double (f, "volume");

          n_within++;
          g_test_message ("%s: %s -> %s at %g", json_object_get_string_member (f, "layer"),
                          json_object_get_string_member (f, "from"),
                          json_object_get_string_member (f, "to"), v);
          g_assert_cmpstr (json_object_get_string_member (f, "layer"), ==, "chips");
          g_assert_cmpstr (json_object_get_string_member (f, "from"), ==, "single-gpu-vendor");
          g_assert_cmpstr (json_object_get_string_member (f, "to"), ==, "multi-chip");
          g_assert_cmpfloat (v, >, 150e6);
          g_assert_cmpfloat (v, <, 400e6);
        }
    }
  g_assert_cmpuint (n_within, >=, 1);
}

/* An independent reading of MODEL.md section 3 straight from the dataset
 * JSON, to check what the tool prints for the sample datasets. */
static double
ref_number (JsonObject *object,
            const char *key,
            double      fallback)
{
  JsonNode *node = json_object_get_member (object, key);

  if (node == NULL)
    return fallback;
  if (JSON_NODE_HOLDS_OBJECT (node))
    return ref_number (json_node_get_object (node), "value", fallback);
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return (double) json_node_get_int (node);
  return json_node_get_double (node);
}

static JsonObject *
ref_option (JsonObject *layer,
            const char *option_id)
{
  JsonArray *options = json_object_get_array_member (layer, "options");

  for (guint i = 0; i < json_array_get_length (options); i++)
    {
      JsonObject *option = json_array_get_object_element (options, i);
      if (g_str_equal (json_object_get_string_member (option, "id"), option_id))
        return option;
    }
  g_error ("no option %s", option_id);
}

static void
check_against_reference (JsonObject *dataset,
                         JsonObject *result)
{
  JsonArray *layers = json_object_get_array_member (dataset, "layers");
  JsonObject *volume_range = json_object_get_object_member (dataset, "volume");
  JsonObject *choices = json_object_get_object_member (result, "choices");
  guint n = json_array_get_length (layers);
  g_autofree gboolean *integrated = g_new0 (gboolean, n);
  g_autofree double *variable = g_new0 (double, n);
  double v = member_double (result, "volume");
  double unit = 0, eco = 0, margin = 0, capital = 0, neutral = 0, latency = 0;

  for (guint i = 0; i < n; i++)
    {
      JsonObject *layer = json_array_get_object_element (layers, i);
      const char *id = json_object_get_string_member (layer, "id");
      JsonObject *o = ref_option (layer, json_object_get_string_member (choices, id));

      integrated[i] = g_str_equal (json_object_get_string_member (o, "mode"), "integrated");
      if (integrated[i])
        {
          double ref = ref_number (o, "reference_volume", ref_number (volume_range, "min", 0));
          double lr = ref_number (o, "learning_rate", 0);

          variable[i] = MAX (ref_number (o, "floor_cost", 0),
                             ref_number (o, "unit_cost", 0) * pow (v / ref, log2 (1 - lr)));
        }
      else
        {
          double m = ref_number (o, "margin", 0);
          double price = json_object_has_member (o, "price")
                         ? ref_number (o, "price", 0)
                         : ref_number (o, "supplier_cost", 0) / (1 - m);
          variable[i] = price;
          margin += price * m;
        }
    }

  if (json_object_has_member (dataset, "links"))
    {
      JsonArray *links = json_object_get_array_member (dataset, "links");

      for (guint k = 0; k < json_array_get_length (links); k++)
        {
          JsonObject *link = json_array_get_object_element (links, k);
          int from = -1, to = -1;

          for (guint i = 0; i < n; i++)
            {
              const char *id = json_object_get_string_member (
                json_array_get_object_element (layers, i), "id");
              if (g_str_equal (id, json_object_get_string_member (link, "from")))
                from = (int) i;
              if (g_str_equal (id, json_object_get_string_member (link, "to")))
                to = (int) i;
            }
          g_assert_true (from >= 0 && to >= 0);
          if (integrated[from] && integrated[to])
            variable[to] *= 1 - ref_number (link, "saving", 0);
        }
    }

  for (guint i = 0; i < n; i++)
    {
      JsonObject *layer = json_array_get_object_element (layers, i);
      const char *id = json_object_get_string_member (layer, "id");
      JsonObject *o = ref_option (layer, json_object_get_string_member (choices, id));
      double fixed = ref_number (o, "fixed_cost", 0);
      double cost = variable[i] + fixed / v;

      unit += cost;
      if (integrated[i])
        capital += fixed;
      else
        neutral += cost;
      eco += ref_number (o, "ecosystem_value", 0);
      latency += ref_number (o, "latency_ms", 0);
      if (i + 1 < n && !(integrated[i] && integrated[i + 1]))
        unit += ref_number (layer, "boundary_cost", ref_number (dataset, "boundary_cost", 0));
    }

  assert_close (member_double (result, "unit_cost"), unit, "reference unit_cost");
  assert_close (member_double (result, "ecosystem_value"), eco, "reference ecosystem_value");
  assert_close (member_double (result, "effective_unit_cost"), unit - eco, "reference effective");
  g_assert_cmpfloat (fabs (member_double (result, "annual_cost") - unit * v), <=,
                     REL_EPS * fabs (unit * v));
  assert_close (member_double (result, "supplier_margin"), margin, "reference supplier_margin");
  assert_close (member_double (result, "capital_at_risk"), capital, "reference capital_at_risk");
  assert_close (member_double (result, "supplier_share"), unit != 0 ? neutral / unit : 0,
                "reference supplier_share");
  assert_close (member_double (result, "latency_ms"), latency, "reference latency_ms");
  if (json_object_has_member (dataset, "price"))
    {
      double price = ref_number (dataset, "price", 0);
      assert_close (member_double (result, "unit_profit"), price - unit, "reference profit");
      g_assert_cmpfloat (fabs (member_double (result, "annual_profit") - (price - unit) * v), <=,
                         REL_EPS * MAX (1.0, fabs (price * v) + fabs (unit * v)));
    }
  else
    g_assert_false (json_object_has_member (result, "unit_profit"));
}

/* The presets: the first option of the mode in each layer, else the first. */
static void
check_preset_choices (JsonObject *dataset,
                      JsonObject *result,
                      const char *mode)
{
  JsonArray *layers = json_object_get_array_member (dataset, "layers");
  JsonObject *choices = json_object_get_object_member (result, "choices");

  for (guint i = 0; i < json_array_get_length (layers); i++)
    {
      JsonObject *layer = json_array_get_object_element (layers, i);
      JsonArray *options = json_object_get_array_member (layer, "options");
      const char *expected = json_object_get_string_member (
        json_array_get_object_element (options, 0), "id");

      for (guint j = 0; j < json_array_get_length (options); j++)
        {
          JsonObject *o = json_array_get_object_element (options, j);
          if (g_str_equal (json_object_get_string_member (o, "mode"), mode))
            {
              expected = json_object_get_string_member (o, "id");
              break;
            }
        }
      g_assert_cmpstr (json_object_get_string_member (
                         choices, json_object_get_string_member (layer, "id")), ==, expected);
    }
}

/* Every sample dataset validates and evaluates to self-consistent JSON. */
static void
test_sample_datasets (void)
{
  const char *root = g_getenv ("STRATA_SOURCE_ROOT");
  g_autofree char *dir_path = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;
  guint n_samples = 0;

  if (root == NULL)
    {
      g_test_skip ("STRATA_SOURCE_ROOT is not set");
      return;
    }
  dir_path = g_build_filename (root, "data", "datasets", NULL);
  dir = g_dir_open (dir_path, 0, NULL);
  if (dir == NULL)
    {
      g_test_skip ("no data/datasets");
      return;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autoptr(JsonNode) json = NULL;
      g_autoptr(JsonNode) dataset = NULL;
      JsonArray *results;
      double optimal = 0;
      g_auto(Run) run;

      if (!g_str_has_suffix (name, ".strata.json"))
        continue;
      path = g_build_filename (dir_path, name, NULL);
      n_samples++;

      run_cli (&run, "validate", path, NULL);
      if (run.status != 0)
        g_error ("%s does not validate: %s", name, run.err);
      g_assert_nonnull (strstr (run.out, ": valid — "));
      run_clear (&run);

      dataset = parse_json_file (path);

      /* Every strategy (none asked) at the ends, the default and between. */
      run_cli (&run, "evaluate", path, "--volume", "1", "--volume", "1e3", "--volume", "1e6",
               "--volume", "1e9", "--volume", "1e12", "--format", "json", NULL);
      g_assert_cmpint (run.status, ==, 0);
      json = parse_json (run.out);
      results = json_object_get_array_member (json_node_get_object (json), "results");
      g_assert_cmpuint (json_array_get_length (results), >=, 3 * 5);
      for (guint i = 0; i < json_array_get_length (results); i++)
        check_against_reference (json_node_get_object (dataset),
                                 json_array_get_object_element (results, i));
      run_clear (&run);
      g_clear_pointer (&json, json_node_unref);

      run_cli (&run, "evaluate", path, "--all-neutral", "--all-integrated", "--optimal",
               "--format", "json", NULL);
      g_assert_cmpint (run.status, ==, 0);
      json = parse_json (run.out);
      results = json_object_get_array_member (json_node_get_object (json), "results");
      g_assert_cmpuint (json_array_get_length (results), ==, 3);
      check_preset_choices (json_node_get_object (dataset),
                            json_array_get_object_element (results, 0), "neutral");
      check_preset_choices (json_node_get_object (dataset),
                            json_array_get_object_element (results, 1), "integrated");
      optimal = member_double (json_array_get_object_element (results, 2),
                               "effective_unit_cost");
      for (guint i = 0; i < 3; i++)
        {
          JsonObject *r = json_array_get_object_element (results, i);

          check_against_reference (json_node_get_object (dataset), r);
          g_assert_cmpfloat (optimal, <=, member_double (r, "effective_unit_cost") + 1e-12);
        }
      run_clear (&run);

      run_cli (&run, "evaluate", path, NULL);
      g_assert_cmpint (run.status, ==, 0);
      run_clear (&run);

      run_cli (&run, "ladder", path, "--points", "16", "--format", "json", NULL);
      g_assert_cmpint (run.status, ==, 0);
      json_node_unref (parse_json (run.out));
      run_clear (&run);

      run_cli (&run, "breakeven", path, "--strategy", "all-neutral", "--versus",
               "all-integrated", "--format", "json", NULL);
      g_assert_cmpint (run.status, ==, 0);
      json_node_unref (parse_json (run.out));
    }

  if (n_samples == 0)
    g_test_skip ("no sample datasets yet");
}

/* Odd argument combinations end with 0, 1 or 2, never a crash. */
static void
test_never_crash (void)
{
  g_autofree char *small = fixture ("small.strata.json");
  const char *cases[][8] = {
    { "evaluate", small, "--volume", "1e-300", "--format", "json", NULL },
    { "evaluate", small, "--volume", "1e300", "--format", "csv", NULL },
    { "evaluate", small, "--volume", "1e308", NULL },
    { "evaluate", "--", small, NULL },
    { "evaluate", small, "--", "--all-neutral", NULL },
    { "evaluate", small, "-", NULL },
    { "evaluate", small, "--choices", ",", NULL },
    { "evaluate", small, "--choices", "", NULL },
    { "evaluate", small, "--format", NULL },
    { "evaluate", small, "--format=", NULL },
    { "breakeven", small, "--strategy", "optimal", "--versus", "optimal", NULL },
    { "breakeven", small, "--versus", "optimal", "--strategy", "all-neutral", NULL },
    { "ladder", small, "--points", "2", "--format", "csv", NULL },
    { "ladder", small, "--points", "-1", NULL },
    { "ladder", small, "--points", "", NULL },
    { "export", NULL },
    { "export", "--help", NULL },
    { "help", NULL },
    { "help", "nope", NULL },
    { "validate", "/dev/null", NULL },
    { "validate", "/", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *const *a = cases[i];
      g_auto(Run) run;

      run_cli_v (&run, a);
      g_assert_cmpint (run.status, >=, 0);
      g_assert_cmpint (run.status, <=, 2);
      /* A failure always says something on stderr. */
      if (run.status != 0)
        g_assert_cmpstr (run.err, !=, "");
    }
}

/* -- montecarlo ---------------------------------------------------------------- */

static void
test_montecarlo_usage (void)
{
  g_autofree char *small = fixture ("small.strata.json");
  g_autofree char *bad = fixture ("bad-margin.strata.json");
  const struct { const char *args[10]; const char *message; } cases[] = {
    { { "montecarlo", NULL }, "missing FILE" },
    { { "montecarlo", small, "--draws", "0", NULL }, "from 1 to 1000000" },
    { { "montecarlo", small, "--draws", "1000001", NULL }, "from 1 to 1000000" },
    { { "montecarlo", small, "--draws", "lots", NULL }, "from 1 to 1000000" },
    { { "montecarlo", small, "--seed", "-1", NULL }, "from 0 to 9007199254740991" },
    { { "montecarlo", small, "--seed", "9007199254740992", NULL }, "from 0 to 9007199254740991" },
    { { "montecarlo", small, "--points", "1", NULL }, "from 2 to 1000" },
    { { "montecarlo", small, "--points", "1001", NULL }, "from 2 to 1000" },
    { { "montecarlo", small, "--strategy", "nope", NULL }, "unknown strategy “nope”" },
    { { "montecarlo", small, "--versus", "nope", NULL }, "unknown strategy “nope”" },
    { { "montecarlo", small, "--versus", "optimal", "--versus", "all-neutral", NULL },
      "more than once" },
    { { "montecarlo", small, "--format", "xml", NULL }, "unknown format “xml”" },
    { { "montecarlo", small, "--draws", "1000000", "--points", "1000", NULL }, "too long a run" },
  };
  g_auto(Run) run;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *const *a = cases[i].args;
      g_auto(Run) r;

      run_cli_v (&r, a);
      if (r.status != 2 || strstr (r.err, cases[i].message) == NULL)
        g_error ("montecarlo case %u: exit %d, stderr: %s", i, r.status, r.err);
      g_assert_cmpstr (r.out, ==, "");
    }

  /* A refused file is exit 1 with the loader's message. */
  run_cli (&run, "montecarlo", bad, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "margin"));
  g_assert_cmpstr (run.out, ==, "");
  run_clear (&run);

  run_cli (&run, "montecarlo", "--help", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "--draws"));
  g_assert_nonnull (strstr (run.out, "--seed"));
  g_assert_nonnull (strstr (run.out, "--versus"));
  run_clear (&run);

  run_cli (&run, "--help", NULL);
  g_assert_nonnull (strstr (run.out, "montecarlo"));
}

/* The fixture has no uncertain numbers: every draw is the model itself,
 * so the percentiles are the closed forms of the header and the first
 * break-even is exactly that of `breakeven`. */
static void
test_montecarlo_plain (void)
{
  g_autofree char *small = fixture ("small.strata.json");
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) be_root = NULL;
  JsonObject *top, *cheaper, *breakeven;
  JsonArray *results, *points, *crossings;
  g_auto(Run) run;

  run_cli (&run, "montecarlo", small, "--points", "5", "--format", "json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = parse_json (run.out);
  top = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (top, "dataset"), ==,
                   "Widget stack (test fixture)");
  g_assert_cmpint (json_object_get_int_member (top, "draws"), ==, 1000);
  g_assert_cmpint (json_object_get_int_member (top, "seed"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (top, "uncertain_numbers"), ==, 0);

  /* Every preset and the dataset's strategy, 5 volumes each, from 1000
   * to 1e6 by factors of 1000^(1/4). */
  results = json_object_get_array_member (top, "results");
  g_assert_cmpuint (json_array_get_length (results), ==, 4 * 5);
  for (guint i = 0; i < 20; i++)
    {
      JsonObject *r = json_array_get_object_element (results, i);
      const char *id = json_object_get_string_member (r, "strategy");
      double v = member_double (r, "volume");
      double p50 = member_double (r, "p50");

      assert_close (v, 1000 * pow (1000, (i % 5) / 4.0), "volume");
      g_assert_cmpfloat (member_double (r, "p10"), ==, p50);
      g_assert_cmpfloat (member_double (r, "p90"), ==, p50);
      if (g_str_equal (id, "all-neutral"))
        assert_close (p50, cost_neutral (v), "all-neutral p50");
      else if (g_str_equal (id, "all-integrated"))
        assert_close (p50, cost_integrated (v), "all-integrated p50");
      else if (g_str_equal (id, "vertical-parts"))
        /* make, contract, licensed: make(V) + 20000/V + 3 + 1 + 0.3 - 0.3 */
        assert_close (p50, make_cost (v) + 20000 / v + 4.0, "vertical-parts p50");
      else
        g_assert_cmpstr (id, ==, "optimal");
    }
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (results, 0),
                                                  "strategy"), ==, "all-neutral");

  /* A = all-neutral, B = vertical-parts (the dataset's own): A is
   * cheaper with probability exactly 0 or 1. */
  cheaper = json_object_get_object_member (top, "cheaper");
  g_assert_cmpstr (json_object_get_string_member (cheaper, "a"), ==, "all-neutral");
  g_assert_cmpstr (json_object_get_string_member (cheaper, "b"), ==, "vertical-parts");
  points = json_object_get_array_member (cheaper, "points");
  g_assert_cmpuint (json_array_get_length (points), ==, 5);
  for (guint i = 0; i < 5; i++)
    {
      JsonObject *p = json_array_get_object_element (points, i);
      double v = member_double (p, "volume");
      double expected = cost_neutral (v) < make_cost (v) + 20000 / v + 4.0 ? 1.0 : 0.0;

      g_assert_cmpfloat (member_double (p, "probability_a_cheaper"), ==, expected);
    }

  breakeven = json_object_get_object_member (top, "breakeven");
  g_assert_cmpfloat (member_double (breakeven, "no_crossing_share"), ==, 0.0);
  run_clear (&run);

  run_cli (&run, "breakeven", small, "--strategy", "all-neutral", "--versus", "vertical-parts",
           "--format", "json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  be_root = parse_json (run.out);
  crossings = json_object_get_array_member (json_node_get_object (be_root), "crossings");
  g_assert_cmpuint (json_array_get_length (crossings), >, 0);
  {
    double first = member_double (json_array_get_object_element (crossings, 0), "volume");

    g_assert_cmpfloat (member_double (breakeven, "p10"), ==, first);
    g_assert_cmpfloat (member_double (breakeven, "p50"), ==, first);
    g_assert_cmpfloat (member_double (breakeven, "p90"), ==, first);
  }
  run_clear (&run);

  /* The table says there is nothing uncertain. */
  run_cli (&run, "montecarlo", small, "--points", "3", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "no uncertain numbers"));
  g_assert_nonnull (strstr (run.out, "P10 = P50 = P90"));
  g_assert_nonnull (strstr (run.out, "Own parts only"));
}

static void
test_montecarlo_uncertain (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("STRATA_SOURCE_ROOT"), "data", "datasets",
                                            "ai-cloud-stack.strata.json", NULL);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) records = NULL;
  JsonObject *top, *cheaper, *breakeven;
  JsonArray *results;
  g_autofree char *first = NULL;
  g_auto(Run) run;

  run_cli (&run, "montecarlo", path, "--draws", "300", "--seed", "42", "--points", "6",
           "--strategy", "all-neutral", "--strategy", "optimal", "--versus", "all-integrated",
           "--format", "json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  first = g_strdup (run.out);
  root = parse_json (run.out);
  top = json_node_get_object (root);
  g_assert_cmpint (json_object_get_int_member (top, "draws"), ==, 300);
  g_assert_cmpint (json_object_get_int_member (top, "seed"), ==, 42);
  g_assert_cmpint (json_object_get_int_member (top, "uncertain_numbers"), >, 0);

  results = json_object_get_array_member (top, "results");
  g_assert_cmpuint (json_array_get_length (results), ==, 2 * 6);
  for (guint i = 0; i < 12; i++)
    {
      JsonObject *r = json_array_get_object_element (results, i);

      g_assert_cmpstr (json_object_get_string_member (r, "strategy"), ==,
                       i < 6 ? "all-neutral" : "optimal");
      g_assert_cmpfloat (member_double (r, "p10"), <=, member_double (r, "p50"));
      g_assert_cmpfloat (member_double (r, "p50"), <=, member_double (r, "p90"));
    }
  /* All-neutral has uncertain margins: a real spread. */
  g_assert_cmpfloat (member_double (json_array_get_object_element (results, 0), "p10"), <,
                     member_double (json_array_get_object_element (results, 0), "p90"));

  cheaper = json_object_get_object_member (top, "cheaper");
  g_assert_cmpstr (json_object_get_string_member (cheaper, "a"), ==, "all-neutral");
  g_assert_cmpstr (json_object_get_string_member (cheaper, "b"), ==, "all-integrated");
  for (guint i = 0; i < 6; i++)
    {
      double p = member_double (json_array_get_object_element (
                                  json_object_get_array_member (cheaper, "points"), i),
                                "probability_a_cheaper");
      g_assert_cmpfloat (p, >=, 0.0);
      g_assert_cmpfloat (p, <=, 1.0);
    }
  breakeven = json_object_get_object_member (top, "breakeven");
  g_assert_cmpfloat (member_double (breakeven, "no_crossing_share"), >=, 0.0);
  g_assert_cmpfloat (member_double (breakeven, "no_crossing_share"), <=, 1.0);
  run_clear (&run);

  /* The same seed gives the same output, another seed another one. */
  run_cli (&run, "montecarlo", path, "--draws", "300", "--seed", "42", "--points", "6",
           "--strategy", "all-neutral", "--strategy", "optimal", "--versus", "all-integrated",
           "--format", "json", NULL);
  g_assert_cmpstr (run.out, ==, first);
  run_clear (&run);
  run_cli (&run, "montecarlo", path, "--draws", "300", "--seed", "43", "--points", "6",
           "--strategy", "all-neutral", "--strategy", "optimal", "--versus", "all-integrated",
           "--format", "json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, !=, first);
  run_clear (&run);

  /* csv: a header and one record per strategy and volume; A's rows carry
   * the odds. */
  run_cli (&run, "montecarlo", path, "--draws", "50", "--points", "4", "--format", "csv", NULL);
  g_assert_cmpint (run.status, ==, 0);
  records = parse_csv (run.out);
  g_assert_cmpuint (records->len, ==, 1 + 6 * 4);  /* 3 presets + 3 own strategies */
  g_assert_cmpstr (csv_field (records, 0, 0), ==, "strategy");
  g_assert_cmpstr (csv_field (records, 0, 5), ==, "probability_a_cheaper");
  g_assert_cmpstr (csv_field (records, 1, 0), ==, "all-neutral");
  g_assert_cmpstr (csv_field (records, 1, 5), !=, "");
  g_assert_cmpstr (csv_field (records, 5, 0), ==, "all-integrated");
  g_assert_cmpstr (csv_field (records, 5, 5), ==, "");
}

/* evaluate --objective on every sample: optimal is the least of the
 * objective's cost among every strategy, the output names the objective,
 * and effective_unit_profit is price - effective_unit_cost. */
static void
test_objective_evaluate (void)
{
  static const char *objectives[] = { "effective", "cash" };

  for (guint s = 0; s < G_N_ELEMENTS (samples); s++)
    for (guint o = 0; o < G_N_ELEMENTS (objectives); o++)
      {
        g_autofree char *path = test_sample_path (samples[s]);
        const char *key = o == 0 ? "effective_unit_cost" : "unit_cost";
        g_autoptr(JsonNode) root = NULL;
        JsonArray *results;
        double optimal = NAN;
        g_auto(Run) run;

        run_cli (&run, "evaluate", path, "--objective", objectives[o], "--volume", "1e6",
                 "--volume", "1e9", "--format", "json", NULL);
        g_assert_cmpint (run.status, ==, 0);
        root = parse_json (run.out);
        g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root),
                                                        "objective"), ==, objectives[o]);
        results = json_object_get_array_member (json_node_get_object (root), "results");
        g_assert_cmpuint (json_array_get_length (results), >=, 6);
        for (guint v = 0; v < 2; v++)
          {
            for (guint i = v; i < json_array_get_length (results); i += 2)
              {
                JsonObject *r = json_array_get_object_element (results, i);

                if (g_str_equal (json_object_get_string_member (r, "strategy"), "optimal"))
                  optimal = member_double (r, key);
                if (json_object_has_member (r, "unit_profit"))
                  assert_close (member_double (r, "effective_unit_profit"),
                                member_double (r, "unit_profit") +
                                member_double (r, "ecosystem_value"), "effective profit");
              }
            g_assert_true (isfinite (optimal));
            for (guint i = v; i < json_array_get_length (results); i += 2)
              g_assert_cmpfloat (optimal, <=, member_double (json_array_get_object_element
                                                             (results, i), key) + 1e-12);
          }
        run_clear (&run);

        run_cli (&run, "evaluate", path, "--optimal", "--objective", objectives[o], NULL);
        g_assert_cmpint (run.status, ==, 0);
        g_assert_nonnull (strstr (run.out, o == 0 ? "Objective: effective" : "Objective: cash"));
      }
}

/* The AI cloud stack at 10 B: the cash objective takes the closed
 * platform (higher unit_profit), the effective one keeps the marketplace
 * (its ecosystem value counts); the ladder names its objective and key. */
static void
test_objective_choices (void)
{
  g_autofree char *path = test_sample_path ("ai-cloud-stack.strata.json");
  g_autoptr(JsonNode) root = NULL;
  JsonObject *cash, *effective, *point;
  g_auto(Run) run;

  run_cli (&run, "evaluate", path, "--optimal", "--objective", "cash", "--volume", "10B",
           "--format", "json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = parse_json (run.out);
  cash = json_object_get_object_member (json_array_get_object_element (
           json_object_get_array_member (json_node_get_object (root), "results"), 0), "choices");
  g_assert_cmpstr (json_object_get_string_member (cash, "platform"), ==, "closed-platform");
  g_clear_pointer (&root, json_node_unref);
  run_clear (&run);

  run_cli (&run, "evaluate", path, "--optimal", "--volume", "10B", "--format", "json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = parse_json (run.out);
  effective = json_object_get_object_member (json_array_get_object_element (
                json_object_get_array_member (json_node_get_object (root), "results"), 0),
                "choices");
  g_assert_cmpstr (json_object_get_string_member (effective, "platform"), ==,
                   "model-marketplace");
  g_clear_pointer (&root, json_node_unref);
  run_clear (&run);

  run_cli (&run, "ladder", path, "--objective", "cash", "--points", "5", "--format", "json",
           NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = parse_json (run.out);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "objective"), ==,
                   "cash");
  point = json_array_get_object_element (json_object_get_array_member (
            json_node_get_object (root), "points"), 4);
  g_assert_true (json_object_has_member (point, "unit_cost"));
  g_assert_false (json_object_has_member (point, "effective_unit_cost"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (point,
                                                                                  "choices"),
                                                  "platform"), ==, "closed-platform");
  run_clear (&run);

  run_cli (&run, "ladder", path, "--objective", "cash", "--points", "3", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Objective: cash"));
  g_assert_nonnull (strstr (run.out, "Unit cost"));
  g_assert_null (strstr (run.out, "Effective unit cost"));
  run_clear (&run);

  run_cli (&run, "evaluate", path, "--objective", "profit", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "not an objective (effective or cash)"));
}

/* Issue 16: hostile data through the tool.  A file whose figures would
 * overflow is refused (exit 1, nothing on stdout, never "Bail out!"); a
 * strategy id that starts like a spreadsheet formula is escaped in csv;
 * -o naming the input is refused; --volume follows the dataset's volume
 * rule (finding 7). */
static void
test_hostile_data (void)
{
  g_autofree char *dir = g_dir_make_tmp ("strata-cli-XXXXXX", NULL);
  g_autofree char *huge = g_build_filename (dir, "huge.strata.json", NULL);
  g_autofree char *formula = g_build_filename (dir, "formula.strata.json", NULL);
  g_autofree char *small = fixture ("small.strata.json");
  g_autofree char *small_text = NULL;
  g_autofree char *small_copy = g_build_filename (dir, "copy.strata.json", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  const char *opt = "{\"id\": \"n\", \"mode\": \"neutral\", \"price\": 1e308, \"margin\": 0, \"ecosystem_value\": 1e308}";
  g_autofree char *huge_text = g_strdup_printf (
    "{\"format\": \"strata-stack/1\", \"title\": \"x\", \"unit\": \"u\", \"currency\": \"USD\","
    " \"volume\": {\"min\": 1, \"max\": 10, \"default\": 1},"
    " \"layers\": [{\"id\": \"a\", \"options\": [%s]}, {\"id\": \"b\", \"options\": [%s]}]}", opt, opt);
  const char *formula_text =
    "{\"format\": \"strata-stack/1\", \"title\": \"x\", \"unit\": \"u\", \"currency\": \"USD\","
    " \"volume\": {\"min\": 1, \"max\": 10, \"default\": 1},"
    " \"layers\": [{\"id\": \"-a1\", \"options\": [{\"id\": \"-b1\", \"mode\": \"neutral\", \"price\": 1, \"margin\": 0}]}],"
    " \"strategies\": [{\"id\": \"-sum\", \"name\": \"=HYPERLINK(1)\"}]}";
  const char *const subcommands[][3] = {
    { "evaluate", NULL }, { "ladder", NULL }, { "montecarlo", "--draws", "10" },
  };

  g_assert_true (g_file_set_contents (huge, huge_text, -1, NULL));
  g_assert_true (g_file_set_contents (formula, formula_text, -1, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (subcommands); i++)
    {
      const char *args[] = { subcommands[i][0], huge, "--format", "json",
                             subcommands[i][1], subcommands[i][2], NULL };
      g_auto(Run) run;

      run_cli_v (&run, args);
      g_assert_cmpint (run.status, ==, 1);
      g_assert_cmpstr (run.out, ==, "");
      g_assert_nonnull (strstr (run.err, "layers[0].options[0].price: must be at most 1e100"));
      g_assert_null (strstr (run.err, "Bail out"));
    }

  {
    g_auto(Run) run;
    g_autoptr(GPtrArray) records = NULL;

    run_cli (&run, "evaluate", formula, "--strategy", "-sum", "--format", "csv", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "\n\"'-sum\",\"'-a1=-b1\","));
    records = parse_csv (run.out);
    g_assert_cmpstr (csv_field (records, 1, 0), ==, "'-sum");
  }

  /* -o the input itself (also by another name) leaves the dataset alone. */
  g_assert_true (g_file_get_contents (small, &small_text, NULL, NULL));
  g_assert_true (g_file_set_contents (small_copy, small_text, -1, NULL));
  g_assert_true (g_file_get_contents (small_copy, &before, NULL, NULL));
  {
    g_autofree char *dotted = g_build_filename (dir, ".", "copy.strata.json", NULL);
    g_auto(Run) run;

    run_cli (&run, "export", small_copy, "--chart", "cost-curves", "--format", "png",
             "-o", dotted, NULL);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "is the input dataset"));
  }
  g_assert_true (g_file_get_contents (small_copy, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, before);

  /* One volume rule for --volume and the file. */
  {
    g_auto(Run) run;

    run_cli (&run, "evaluate", small, "--volume", "5e-324", NULL);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "must be at least 1e-30 and at most 1e30"));
  }

  g_unlink (huge);
  g_unlink (formula);
  g_unlink (small_copy);
  g_rmdir (dir);
}

/* export takes --objective like every command whose answer depends on it
 * (MODEL.md 7): the ladder's CSV under cash is the ladder's own cash
 * figures under their name ("optimal unit cost", never "effective"), the
 * chances' and switch points' CSVs name the objective on every row, and
 * a word that is no objective is a usage error. */
static void
test_export_objective (void)
{
  g_autofree char *path = test_sample_path ("ai-cloud-stack.strata.json");

  {
    g_auto(Run) chart;
    g_auto(Run) ladder;
    g_auto(GStrv) chart_lines = NULL;
    g_auto(GStrv) ladder_lines = NULL;
    g_auto(GStrv) first = NULL;
    g_auto(GStrv) own = NULL;

    run_cli (&chart, "export", path, "--chart", "ladder", "--data", "--objective", "cash", "-o", "-", NULL);
    g_assert_cmpint (chart.status, ==, 0);
    chart_lines = g_strsplit (chart.out, "\n", -1);
    g_assert_nonnull (strstr (chart_lines[0], ",optimal unit cost (USD per 1M tokens)"));
    g_assert_null (strstr (chart_lines[0], "effective"));
    /* The first grid point's cost: the ladder command's, under cash. */
    run_cli (&ladder, "ladder", path, "--objective", "cash", "--format", "csv", NULL);
    g_assert_cmpint (ladder.status, ==, 0);
    ladder_lines = g_strsplit (ladder.out, "\n", -1);
    g_assert_true (g_str_has_prefix (ladder_lines[0], "volume,choices,unit_cost,objective"));
    first = g_strsplit (chart_lines[1], ",", -1);
    own = g_strsplit (ladder_lines[1], ",", -1);
    g_assert_cmpfloat (g_ascii_strtod (first[g_strv_length (first) - 1], NULL), ==,
                       g_ascii_strtod (own[g_strv_length (own) - 2], NULL));
  }
  for (guint c = 0; c < 2; c++)
    {
      g_auto(Run) run;
      g_auto(GStrv) lines = NULL;

      run_cli (&run, "export", path, "--chart", c == 0 ? "chances" : "switchpoints", "--data",
               "--objective", "cash", "-o", "-", NULL);
      g_assert_cmpint (run.status, ==, 0);
      lines = g_strsplit (run.out, "\n", -1);
      g_assert_true (g_str_has_suffix (lines[0], ",objective"));
      g_assert_true (g_str_has_suffix (lines[1], ",cash"));
    }
  {
    g_auto(Run) run;

    run_cli (&run, "export", path, "--chart", "ladder", "--data", "--objective", "profit", "-o", "-", NULL);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "is not an objective (effective or cash)"));
  }
}

/* "-o -" writes the chart (or its CSV) to standard output, byte for byte
 * what -o FILE writes; a deck needs a file or a folder. */
static void
test_export_stdout (void)
{
  g_autofree char *path = test_sample_path ("ai-cloud-stack.strata.json");
  g_autofree char *dir = g_dir_make_tmp ("strata-cli-XXXXXX", NULL);
  g_autofree char *svg = g_build_filename (dir, "chart.svg", NULL);
  g_autofree char *csv = g_build_filename (dir, "chart.csv", NULL);
  g_autofree char *svg_text = NULL;
  g_autofree char *csv_text = NULL;

  g_assert_nonnull (dir);
  {
    g_auto(Run) to_file;
    g_auto(Run) to_stdout;

    run_cli (&to_file, "export", path, "--chart", "value-chain", "-o", svg, NULL);
    g_assert_cmpint (to_file.status, ==, 0);
    run_cli (&to_stdout, "export", path, "--chart", "value-chain", "--format", "svg", "-o", "-", NULL);
    g_assert_cmpint (to_stdout.status, ==, 0);
    g_assert_cmpstr (to_stdout.err, ==, "");
    g_assert_true (g_file_get_contents (svg, &svg_text, NULL, NULL));
    g_assert_true (g_str_has_prefix (to_stdout.out, "<?xml"));
    g_assert_cmpstr (to_stdout.out, ==, svg_text);
  }
  {
    g_auto(Run) to_file;
    g_auto(Run) to_stdout;

    run_cli (&to_file, "export", path, "--chart", "compare", "--data", "-o", csv, NULL);
    g_assert_cmpint (to_file.status, ==, 0);
    run_cli (&to_stdout, "export", path, "--chart", "compare", "--data", "-o", "-", NULL);
    g_assert_cmpint (to_stdout.status, ==, 0);
    g_assert_true (g_file_get_contents (csv, &csv_text, NULL, NULL));
    g_assert_cmpstr (to_stdout.out, ==, csv_text);
  }
  {
    g_auto(Run) run;

    /* No extension to name the format. */
    run_cli (&run, "export", path, "--chart", "ladder", "-o", "-", NULL);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "missing --format"));
  }
  {
    g_auto(Run) run;

    run_cli (&run, "export", path, "--deck", "--format", "png", "-o", "-", NULL);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "not to standard output"));
    g_assert_cmpstr (run.out, ==, "");
  }
  g_unlink (svg);
  g_unlink (csv);
  g_rmdir (dir);
}

/* Writes to @path the fixture small.strata.json after @edit changed its
 * root object. */
static void
write_small_variant (const char *path,
                     void      (*edit) (JsonObject *root))
{
  g_autofree char *small = fixture ("small.strata.json");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_file (parser, small, &error));
  g_assert_no_error (error);
  edit (json_node_get_object (json_parser_get_root (parser)));
  json_generator_set_root (generator, json_parser_get_root (parser));
  g_assert_true (json_generator_to_file (generator, path, &error));
  g_assert_no_error (error);
}

/* Eleven strategies more ("extra-1" ... "extra-11"). */
static void
add_extra_strategies (JsonObject *root)
{
  JsonArray *strategies = json_object_get_array_member (root, "strategies");

  for (guint k = 1; k < 12; k++)
    {
      JsonObject *strategy = json_object_new ();
      JsonObject *choices = json_object_new ();
      g_autofree char *id = g_strdup_printf ("extra-%u", k);
      g_autofree char *name = g_strdup_printf ("Extra %u", k);

      json_object_set_string_member (strategy, "id", id);
      json_object_set_string_member (strategy, "name", name);
      json_object_set_string_member (choices, "parts", k % 2 ? "make" : "buy");
      json_object_set_string_member (choices, "assembly", k % 3 ? "own" : "contract");
      json_object_set_object_member (strategy, "choices", choices);
      json_array_add_object_element (strategies, strategy);
    }
}

static void
remove_strategies (JsonObject *root)
{
  json_object_remove_member (root, "strategies");
}

/* A dataset of more strategies than a chart keeps readable: with no
 * --strategy the export draws the presets and the dataset's first ones
 * (STRATA_DEFAULT_COMPARED, the set the app opens with) and says so on
 * standard error; named ones are drawn as asked. */
static void
test_export_many_strategies (void)
{
  g_autofree char *dir = g_dir_make_tmp ("strata-cli-XXXXXX", NULL);
  g_autofree char *many = g_build_filename (dir, "many.strata.json", NULL);

  g_assert_nonnull (dir);
  write_small_variant (many, add_extra_strategies);

  {
    g_auto(Run) run;
    g_auto(GStrv) lines = NULL;

    run_cli (&run, "export", many, "--chart", "compare", "--data", "-o", "-", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.err, "note: the chart shows 6 of the dataset's 15 strategies"));
    lines = g_strsplit (g_strchomp (run.out), "\n", -1);
    g_assert_cmpuint (g_strv_length (lines), ==, 1 + STRATA_DEFAULT_COMPARED);
    g_assert_true (g_str_has_prefix (lines[1], "All neutral,"));
    g_assert_true (g_str_has_prefix (lines[2], "All integrated,"));
    g_assert_true (g_str_has_prefix (lines[3], "Own parts only,"));
    g_assert_true (g_str_has_prefix (lines[4], "Extra 1,"));
    g_assert_true (g_str_has_prefix (lines[5], "Extra 2,"));
    g_assert_true (g_str_has_prefix (lines[6], "Optimal,"));
  }
  {
    g_auto(Run) run;
    g_auto(GStrv) lines = NULL;

    run_cli (&run, "export", many, "--chart", "compare", "--data", "-o", "-", "--strategy", "extra-11",
             "--strategy", "extra-7", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_null (strstr (run.err, "note:"));
    lines = g_strsplit (g_strchomp (run.out), "\n", -1);
    g_assert_cmpuint (g_strv_length (lines), ==, 3);
    g_assert_true (g_str_has_prefix (lines[1], "Extra 11,"));
    g_assert_true (g_str_has_prefix (lines[2], "Extra 7,"));
  }
  g_unlink (many);
  g_rmdir (dir);
}

/* With no --strategy the current strategy is the app's for the file just
 * opened: the dataset's first own strategy, else Optimal (the value
 * chain's rows name it), so the same file gives the same deck. */
static void
test_export_current_strategy (void)
{
  g_autofree char *small = fixture ("small.strata.json");
  g_autofree char *dir = g_dir_make_tmp ("strata-cli-XXXXXX", NULL);
  g_autofree char *bare = g_build_filename (dir, "bare.strata.json", NULL);
  static const struct {
    gboolean    own;
    const char *strategy;
    const char *row;
  } cases[] = {
    { TRUE, NULL, "Own parts only," },
    { TRUE, "all-neutral", "All neutral," },
    { FALSE, NULL, "Optimal," },
  };

  g_assert_nonnull (dir);
  write_small_variant (bare, remove_strategies);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Run) run;
      g_auto(GStrv) lines = NULL;

      run_cli (&run, "export", cases[i].own ? small : bare, "--chart", "value-chain", "--data", "-o", "-",
               cases[i].strategy != NULL ? "--strategy" : NULL, cases[i].strategy, NULL);
      g_assert_cmpint (run.status, ==, 0);
      lines = g_strsplit (run.out, "\n", -1);
      g_assert_cmpuint (g_strv_length (lines), >, 2);
      g_assert_true (g_str_has_prefix (lines[1], cases[i].row));
    }
  g_unlink (bare);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  test_cli_path ();   /* fails, never skips, outside meson test */

  g_test_add_func ("/strata/cli/help", test_help);
  g_test_add_func ("/strata/cli/readme-table", test_readme_table);
  g_test_add_func ("/strata/cli/export/stdout", test_export_stdout);
  g_test_add_func ("/strata/cli/export/objective", test_export_objective);
  g_test_add_func ("/strata/cli/export/many-strategies", test_export_many_strategies);
  g_test_add_func ("/strata/cli/export/current-strategy", test_export_current_strategy);
  g_test_add_func ("/strata/cli/usage-errors", test_usage_errors);
  g_test_add_func ("/strata/cli/refused", test_refused);
  g_test_add_func ("/strata/cli/validate", test_validate);
  g_test_add_func ("/strata/cli/evaluate/json", test_evaluate_json);
  g_test_add_func ("/strata/cli/evaluate/defaults", test_evaluate_defaults);
  g_test_add_func ("/strata/cli/evaluate/optimal", test_evaluate_optimal);
  g_test_add_func ("/strata/cli/evaluate/no-price", test_evaluate_no_price);
  g_test_add_func ("/strata/cli/evaluate/csv", test_evaluate_csv);
  g_test_add_func ("/strata/cli/evaluate/table", test_evaluate_table);
  g_test_add_func ("/strata/cli/breakeven", test_breakeven);
  g_test_add_func ("/strata/cli/ladder", test_ladder);
  g_test_add_func ("/strata/cli/objective/evaluate", test_objective_evaluate);
  g_test_add_func ("/strata/cli/objective/choices", test_objective_choices);
  g_test_add_func ("/strata/cli/breakeven/equal", test_breakeven_equal);
  g_test_add_func ("/strata/cli/ladder/option-flips", test_ladder_option_flips);
  g_test_add_func ("/strata/cli/ladder/single-volume", test_ladder_single_volume);
  g_test_add_func ("/strata/cli/breakeven/single-volume", test_breakeven_single_volume);
  g_test_add_func ("/strata/cli/progress", test_progress);
  g_test_add_func ("/strata/cli/sample-datasets", test_sample_datasets);
  g_test_add_func ("/strata/cli/never-crash", test_never_crash);
  g_test_add_func ("/strata/cli/hostile-data", test_hostile_data);
  g_test_add_func ("/strata/cli/montecarlo/usage", test_montecarlo_usage);
  g_test_add_func ("/strata/cli/montecarlo/plain", test_montecarlo_plain);
  g_test_add_func ("/strata/cli/montecarlo/uncertain", test_montecarlo_uncertain);

  return g_test_run ();
}

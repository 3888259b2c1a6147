/* test-roadmap-cli.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * `strata-cli roadmap` (MODEL.md 7 and 8), run as a program: the JSON shape,
 * the hand-worked case of test-horizon.c (tests/data/horizon/hand.strata.json,
 * arithmetic in test_hand_case's comment), the table, CSV, the objective, and
 * the errors.
 */

#include "config.h"
#include "strata-test-cli.h"

#include <math.h>
#include <string.h>
#include <sys/wait.h>

#include "strata/strata-format.h"
#include "strata/strata-roadmap-mc.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <unistd.h>

static char *
hand_file (void)
{
  return g_test_build_filename (G_TEST_DIST, "data", "horizon", "hand.strata.json", NULL);
}

static JsonObject *
parse_object (JsonParser *parser,
              const char *text)
{
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_node_get_object (json_parser_get_root (parser));
}

static void
test_json_hand_case (void)
{
  g_autofree char *file = hand_file ();
  g_auto(Run) run;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root, *plan, *sw, *year;
  JsonArray *plans, *switches, *years;

  run_cli (&run, "roadmap", file, "--strategy", "all-integrated", "--format", "json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = parse_object (parser, run.out);
  g_assert_cmpstr (json_object_get_string_member (root, "dataset"), ==, "Hand case");
  g_assert_cmpstr (json_object_get_string_member (root, "objective"), ==, "effective");
  g_assert_cmpstr (json_object_get_string_member (root, "start"), ==, "all-neutral");
  plans = json_object_get_array_member (root, "plans");
  g_assert_cmpuint (json_array_get_length (plans), ==, 1);
  plan = json_array_get_object_element (plans, 0);
  g_assert_cmpstr (json_object_get_string_member (plan, "strategy"), ==, "all-integrated");

  switches = json_object_get_array_member (plan, "switches");
  g_assert_cmpuint (json_array_get_length (switches), ==, 2);
  sw = json_array_get_object_element (switches, 0);
  g_assert_cmpstr (json_object_get_string_member (sw, "layer"), ==, "chips");
  g_assert_cmpint (json_object_get_int_member (sw, "decide_year"), ==, 2026);
  g_assert_cmpint (json_object_get_int_member (sw, "runs_from"), ==, 2027);
  g_assert_cmpstr (json_object_get_string_member (sw, "from"), ==, "gpu");
  g_assert_cmpstr (json_object_get_string_member (sw, "to"), ==, "asic");

  /* The figures worked by hand in test-horizon.c. */
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (plan, "npv_cost"), 1469.586777, 1e-6);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (plan, "npv_effective_cost"), 1469.586777, 1e-6);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (plan, "npv_profit"), 1908.925620, 1e-6);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (plan, "savings_npv"), 599.752066, 1e-6);
  g_assert_cmpint (json_object_get_int_member (plan, "payback_year"), ==, 2027);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (plan, "peak_funding"), 230, 1e-9);

  years = json_object_get_array_member (plan, "years");
  g_assert_cmpuint (json_array_get_length (years), ==, 3);
  year = json_array_get_object_element (years, 0);
  g_assert_cmpint (json_object_get_int_member (year, "year"), ==, 2026);
  g_assert_cmpfloat (json_object_get_double_member (year, "volume"), ==, 100);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (year, "choices"), "chips"), ==, "gpu");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (year, "choices"), "models"), ==, "own");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (year, "building"), "chips"), ==, "asic");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (year, "unit_cost"), 4.1, 1e-12);
  g_assert_cmpfloat (json_object_get_double_member (year, "capex"), ==, 300);
  g_assert_cmpfloat (json_object_get_double_member (year, "exit_cost"), ==, 10);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (year, "cash_cost"), 720, 1e-9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (year, "effective_cost"), 720, 1e-9);
  year = json_array_get_object_element (years, 1);
  g_assert_cmpuint (json_object_get_size (json_object_get_object_member (year, "building")), ==, 0);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (year, "cash_cost"), 370, 1e-9);
}

static void
test_json_cash_and_optimal (void)
{
  g_autofree char *file = hand_file ();
  g_auto(Run) run;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root, *optimal, *adopt;
  JsonArray *plans;

  run_cli (&run, "roadmap", file, "--optimal", "--strategy", "all-integrated",
           "--objective", "cash", "--format", "json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = parse_object (parser, run.out);
  g_assert_cmpstr (json_object_get_string_member (root, "objective"), ==, "cash");
  plans = json_object_get_array_member (root, "plans");
  g_assert_cmpuint (json_array_get_length (plans), ==, 2);
  optimal = json_array_get_object_element (plans, 0);
  adopt = json_array_get_object_element (plans, 1);
  g_assert_true (json_object_get_boolean_member (optimal, "optimal"));
  g_assert_false (json_object_has_member (optimal, "strategy"));
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (adopt, "savings_npv"), 684.214876, 1e-6);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (adopt, "peak_funding"), 210, 1e-9);
  /* The optimal roadmap is never worse than adopting now. */
  g_assert_cmpfloat (json_object_get_double_member (optimal, "savings_npv"), >=,
                     json_object_get_double_member (adopt, "savings_npv") - 1e-6);
}

static void
test_table_and_csv (void)
{
  g_autofree char *file = hand_file ();
  g_auto(Run) table;
  g_auto(Run) csv;
  g_auto(GStrv) lines = NULL;

  run_cli (&table, "roadmap", file, "--strategy", "all-integrated", NULL);
  g_assert_cmpint (table.status, ==, 0);
  g_assert_nonnull (strstr (table.out, "Adopt All integrated now"));
  g_assert_nonnull (strstr (table.out, "chips: decide 2026, runs from 2027, gpu → asic"));
  g_assert_nonnull (strstr (table.out, "models: decide 2026, runs from 2026 (no build time), api → own"));
  g_assert_nonnull (strstr (table.out, "pays back 2027; peak funding $230.00"));
  g_assert_nonnull (strstr (table.out, "Objective: effective cost (cash cost less ecosystem value)"));
  g_assert_nonnull (strstr (table.out, "chips: decide, build asic; models: own runs"));

  run_cli (&csv, "roadmap", file, "--strategy", "all-integrated", "--format", "csv", NULL);
  g_assert_cmpint (csv.status, ==, 0);
  lines = g_strsplit (csv.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 5);  /* header, 3 years, trailing "" */
  g_assert_cmpstr (lines[0], ==, "plan,year,volume,choices,building,unit_cost,capex,exit_cost,"
                                 "cash_cost,effective_cost,cumulative_savings");
  g_assert_true (g_str_has_prefix (lines[1], "all-integrated,2026,100,\"chips=gpu,models=own\",chips=asic,4.1,300,10,720,720,-230"));
}

/* A plan worse than the start plan "costs $44.4 B more than the start
 * plan", as the chart's note says it, not "saves -$44.4 B"; the JSON
 * keeps the signed savings_npv. */
static void
test_costs_more (void)
{
  g_autofree char *file = g_build_filename (g_getenv ("STRATA_SOURCE_ROOT"), "data", "datasets",
                                            "ai-cloud-stack.strata.json", NULL);
  g_auto(Run) table;
  g_auto(Run) json;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *plan;
  g_autofree char *amount = NULL;
  g_autofree char *line = NULL;

  run_cli (&json, "roadmap", file, "--strategy", "all-neutral", "--format", "json", NULL);
  g_assert_cmpint (json.status, ==, 0);
  plan = json_array_get_object_element (json_object_get_array_member (parse_object (parser, json.out), "plans"), 0);
  g_assert_cmpstr (json_object_get_string_member (plan, "strategy"), ==, "all-neutral");
  g_assert_cmpfloat (json_object_get_double_member (plan, "savings_npv"), <, 0);
  amount = strata_format_money_si (-json_object_get_double_member (plan, "savings_npv"), "USD");
  line = g_strdup_printf ("costs %s more than the start plan; never pays back", amount);

  /* With the optimal roadmap, which saves. */
  run_cli (&table, "roadmap", file, NULL);
  g_assert_cmpint (table.status, ==, 0);
  g_assert_nonnull (strstr (table.out, "Adopt All neutral now"));
  g_assert_nonnull (strstr (table.out, line));
  g_assert_null (strstr (table.out, "saves -"));
  g_assert_nonnull (strstr (table.out, " against the start plan; pays back "));
}

/* A temporary file holding @text; the caller unlinks it. */
static char *
temp_dataset (const char *text)
{
  g_autoptr(GError) error = NULL;
  char *tmp = NULL;
  int fd = g_file_open_tmp ("roadmap-XXXXXX.json", &tmp, &error);

  g_assert_no_error (error);
  close (fd);
  g_assert_true (g_file_set_contents (tmp, text, -1, NULL));
  return tmp;
}

static void
test_errors (void)
{
  g_autofree char *file = hand_file ();
  g_autofree char *tmp = NULL;
  g_auto(Run) a;
  g_auto(Run) b;
  g_auto(Run) c;
  g_auto(Run) d;

  /* A dataset without a horizon: exit 1 and say so. */
  tmp = temp_dataset (
    "{ \"format\": \"strata-stack/1\", \"title\": \"t\", \"unit\": \"u\", \"currency\": \"USD\",\n"
    "  \"volume\": { \"min\": 1, \"max\": 10, \"default\": 2 },\n"
    "  \"layers\": [ { \"id\": \"a\", \"options\": [ { \"id\": \"x\", \"mode\": \"neutral\", \"price\": 1, \"margin\": 0 } ] } ] }\n");
  run_cli (&a, "roadmap", tmp, NULL);
  g_assert_cmpint (a.status, ==, 1);
  g_assert_nonnull (strstr (a.err, ": error: the dataset has no horizon"));
  g_assert_cmpstr (a.out, ==, "");
  g_unlink (tmp);

  run_cli (&b, "roadmap", file, "--strategy", "nope", NULL);
  g_assert_cmpint (b.status, ==, 2);
  g_assert_nonnull (strstr (b.err, "unknown strategy “nope”"));
  run_cli (&c, "roadmap", file, "--objective", "profit", NULL);
  g_assert_cmpint (c.status, ==, 2);
  g_assert_nonnull (strstr (c.err, "unknown objective “profit”"));
  run_cli (&d, "roadmap", NULL);
  g_assert_cmpint (d.status, ==, 2);
}

/* A strategy that cannot be adopted within the horizon (b takes 1 build
 * year, the horizon is 1 year): the default report leaves it out with a
 * note and still gives the optimal roadmap; asked for by name, it is
 * refused.  The default report exited 1 with nothing on its output. */
static void
test_unadoptable (void)
{
  g_autofree char *tmp = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;
  g_auto(Run) a;
  g_auto(Run) b;
  g_auto(Run) c;

  tmp = temp_dataset (
    "{ \"format\": \"strata-stack/1\", \"title\": \"t\", \"unit\": \"u\", \"currency\": \"USD\",\n"
    "  \"volume\": { \"min\": 1000, \"max\": 1e6, \"default\": 1000 },\n"
    "  \"layers\": [ { \"id\": \"l0\", \"options\": [ { \"id\": \"a\", \"mode\": \"neutral\", \"price\": 5, \"margin\": 0 },\n"
    "    { \"id\": \"b\", \"mode\": \"integrated\", \"unit_cost\": 1, \"build_years\": 1 } ] } ],\n"
    "  \"horizon\": { \"first_year\": 2000, \"years\": 1, \"discount_rate\": 0, \"volume\": [ 1e4 ] } }\n");
  run_cli (&a, "roadmap", tmp, "--format", "json", NULL);
  g_assert_cmpint (a.status, ==, 0);
  g_assert_nonnull (strstr (a.err, ": note: all-integrated cannot be adopted now, so it is left out: "
                                   "layer \"l0\": option \"b\" takes 1 build year, so it cannot run "
                                   "within the horizon of 1 year"));
  root = parse_object (parser, a.out);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "plans")), ==, 1);
  g_assert_true (json_object_get_boolean_member (json_array_get_object_element (
                   json_object_get_array_member (root, "plans"), 0), "optimal"));

  run_cli (&b, "roadmap", tmp, "--strategy", "all-integrated", NULL);
  g_assert_cmpint (b.status, ==, 1);
  g_assert_nonnull (strstr (b.err, ": error: all-integrated cannot be adopted now: "));
  g_assert_cmpstr (b.out, ==, "");

  /* A horizon of one year reads as that year, not "2000–2000". */
  run_cli (&c, "roadmap", tmp, NULL);
  g_assert_cmpint (c.status, ==, 0);
  g_assert_nonnull (strstr (c.out, "\nRoadmap 2000 (1 year), discount rate 0 % a year"));

  /* `strata-cli montecarlo` (every preset by default): section 6's
   * figures and the horizon's run without adopting all-integrated, with
   * the same note.  It exited 1 with nothing on its output (found
   * 12-07 by every command on 20 random datasets with horizons). */
  for (guint json = 0; json < 2; json++)
    {
      g_auto(Run) m;

      if (json)
        run_cli (&m, "montecarlo", tmp, "--draws", "50", "--format", "json", NULL);
      else
        run_cli (&m, "montecarlo", tmp, "--draws", "50", NULL);
      g_assert_cmpint (m.status, ==, 0);
      g_assert_nonnull (strstr (m.err, ": note: all-integrated cannot be adopted now, so it is left out: "
                                       "layer \"l0\": option \"b\" takes 1 build year"));
      if (json)
        {
          g_autoptr(JsonParser) mp = json_parser_new ();
          JsonObject *mroot = parse_object (mp, m.out);
          JsonArray *plans = json_object_get_array_member (json_object_get_object_member (mroot, "horizon"),
                                                           "plans");

          g_assert_true (json_object_has_member (mroot, "results"));
          for (guint k = 0; k < json_array_get_length (plans); k++)
            g_assert_cmpstr (json_object_get_string_member_with_default (
                               json_array_get_object_element (plans, k), "strategy", "optimal"),
                             !=, "all-integrated");
        }
      else
        {
          g_assert_nonnull (strstr (m.out, "Optimal roadmap"));
          g_assert_null (strstr (m.out, "Adopt All integrated now"));
        }
    }
  g_unlink (tmp);
}

/* Links that couple the layers beyond the optimal roadmap's exact search
 * (five layers linking into one over 50 years): asked for by name, the
 * optimal roadmap is refused with what it would need; the default report
 * leaves it out with a note and gives adopting each strategy now, and
 * `strata-cli montecarlo` runs the horizon's draws of those alone.  The
 * default report exited 1 with nothing on its output, and montecarlo
 * left out the whole horizon (found 12-07 by every command on random
 * datasets with horizons). */
static void
test_too_coupled (void)
{
  g_autofree char *file = g_test_build_filename (G_TEST_DIST, "data", "horizon", "too-coupled.strata.json",
                                                 NULL);
  const char *why = "layer \"l5\" has too many co-design links into it for the exact search of the "
                    "optimal roadmap: it would need a table of 17,596,287,801 entries, over its limit of "
                    "8,388,608";
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonParser) mc_parser = json_parser_new ();
  JsonArray *plans;
  g_auto(Run) optimal;
  g_auto(Run) report;
  g_auto(Run) table;
  g_auto(Run) mc;

  run_cli (&optimal, "roadmap", file, "--optimal", NULL);
  g_assert_cmpint (optimal.status, ==, 1);
  g_assert_cmpstr (optimal.out, ==, "");
  g_assert_nonnull (strstr (optimal.err, why));

  run_cli (&report, "roadmap", file, "--format", "json", NULL);
  g_assert_cmpint (report.status, ==, 0);
  g_assert_nonnull (strstr (report.err, ": note: the optimal roadmap is left out: "));
  g_assert_nonnull (strstr (report.err, why));
  plans = json_object_get_array_member (parse_object (parser, report.out), "plans");
  /* All integrated and the dataset's own (the start, All neutral, and
   * Optimal are not among the default plans). */
  g_assert_cmpuint (json_array_get_length (plans), ==, 2);
  for (guint k = 0; k < json_array_get_length (plans); k++)
    g_assert_false (json_object_has_member (json_array_get_object_element (plans, k), "optimal"));
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (plans, 1), "strategy"), ==,
                   "mine");

  run_cli (&table, "roadmap", file, NULL);
  g_assert_cmpint (table.status, ==, 0);
  g_assert_nonnull (strstr (table.out, "Adopt Mine now"));
  g_assert_null (strstr (table.out, "Optimal roadmap"));

  run_cli (&mc, "montecarlo", file, "--draws", "50", "--format", "json", NULL);
  g_assert_cmpint (mc.status, ==, 0);
  g_assert_nonnull (strstr (mc.err, ": note: the optimal roadmap is left out: "));
  g_assert_null (strstr (mc.err, "horizon's Monte Carlo is left out"));
  plans = json_object_get_array_member (json_object_get_object_member (parse_object (mc_parser, mc.out),
                                                                       "horizon"), "plans");
  /* Every strategy but the start: All integrated, Optimal adopted now,
   * the dataset's own. */
  g_assert_cmpuint (json_array_get_length (plans), ==, 3);
  for (guint k = 0; k < json_array_get_length (plans); k++)
    {
      JsonObject *plan = json_array_get_object_element (plans, k);

      g_assert_true (json_object_has_member (plan, "strategy"));
      g_assert_false (json_object_has_member (plan, "optimal"));
    }
}

/* Adopting Optimal now in the draws whose optimum takes longer to build
 * than the horizon: left out of its figures, their share said in json,
 * csv and the tables (the run failed before, and the montecarlo command
 * with it). */
static void
test_not_roadmap_draws (void)
{
  g_autofree char *tmp = g_test_build_filename (G_TEST_DIST, "data", "horizon", "not-roadmap.strata.json",
                                                NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *plans;
  JsonObject *adopt;
  double share;
  g_auto(Run) json;
  g_auto(Run) table;
  g_auto(Run) csv;
  g_auto(Run) mc;

  run_cli (&json, "roadmap", tmp, "--optimal", "--strategy", "optimal", "--draws", "200",
           "--format", "json", NULL);
  g_assert_cmpint (json.status, ==, 0);
  plans = json_object_get_array_member (parse_object (parser, json.out), "plans");
  g_assert_cmpuint (json_array_get_length (plans), ==, 2);
  g_assert_false (json_object_has_member (
    json_object_get_object_member (json_array_get_object_element (plans, 0), "monte_carlo"),
    "not_roadmap_share"));
  adopt = json_object_get_object_member (json_array_get_object_element (plans, 1), "monte_carlo");
  share = json_object_get_double_member (adopt, "not_roadmap_share");
  /* P(asic drawn above fab's 1) of a triangular 0.5, 0.9, 3: 0.762. */
  g_assert_cmpfloat (share, >, 0.6);
  g_assert_cmpfloat (share, <, 0.9);
  g_assert_cmpfloat (json_object_get_double_member (adopt, "probability_savings_positive"), ==, 1);

  run_cli (&table, "roadmap", tmp, "--strategy", "optimal", "--draws", "200", NULL);
  g_assert_cmpint (table.status, ==, 0);
  g_assert_nonnull (strstr (table.out, "  Not a roadmap in "));
  g_assert_nonnull (strstr (table.out, " of the draws (their optimum runs an option that takes longer "
                                       "to build than the horizon): left out of the figures below\n"));

  run_cli (&csv, "roadmap", tmp, "--strategy", "optimal", "--draws", "200", "--format", "csv", NULL);
  g_assert_cmpint (csv.status, ==, 0);
  g_assert_nonnull (strstr (csv.out, ",probability_savings_positive,not_roadmap_share\n"));

  run_cli (&mc, "montecarlo", tmp, "--draws", "200", NULL);
  g_assert_cmpint (mc.status, ==, 0);
  g_assert_nonnull (strstr (mc.out, "Adopt Optimal now is not a roadmap in "));
}

/* Every sample has a horizon and a roadmap. */
static void
test_samples (void)
{
  static const char * const samples[] = {
    "ai-cloud-stack", "ai-model-lab", "consumer-devices", "retailer"
  };

  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      g_autofree char *name = g_strconcat (samples[i], ".strata.json", NULL);
      g_autofree char *file = g_build_filename (g_getenv ("STRATA_SOURCE_ROOT"), "data", "datasets",
                                                name, NULL);
      g_auto(Run) run;
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *root;

      run_cli (&run, "roadmap", file, "--format", "json", NULL);
      if (run.status != 0)
        g_error ("%s: %s", samples[i], run.err);
      root = parse_object (parser, run.out);
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "plans")), >=, 2);
    }
}

/* --draws and --seed: the Monte Carlo's figures in JSON are those of
 * strata_roadmap_mc_run () on the same plans, draws and seed; the same
 * seed gives the same output; the CSV and table carry them; bad numbers
 * are wrong usage. */
static void
test_monte_carlo (void)
{
  g_autofree char *file = test_sample_path ("ai-cloud-stack.strata.json");
  g_autoptr(StrataDataset) ds = load_sample ("ai-cloud-stack.strata.json");
  const StrataStrategy *strategies[1];
  StrataRoadmapMcParams params = { 0 };
  g_autoptr(StrataRoadmapMc) mc = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root, *optimal, *adopt, *figures, *savings, *payback;
  JsonArray *plans;
  g_auto(Run) run;
  g_auto(Run) again;
  g_auto(Run) csv;
  g_auto(Run) table;
  g_auto(Run) bad;

  g_assert_nonnull (ds);
  strategies[0] = strata_dataset_find_strategy (ds, "all-integrated");
  params.n_draws = 300;
  params.seed = 9;
  params.optimal = TRUE;
  params.strategies = strategies;
  params.n_strategies = 1;
  mc = strata_roadmap_mc_run (ds, &params, NULL, NULL);
  g_assert_nonnull (mc);

  run_cli (&run, "roadmap", file, "--optimal", "--strategy", "all-integrated", "--draws", "300",
           "--seed", "9", "--format", "json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = parse_object (parser, run.out);
  g_assert_cmpint (json_object_get_int_member (root, "draws"), ==, 300);
  g_assert_cmpint (json_object_get_int_member (root, "seed"), ==, 9);
  g_assert_cmpint (json_object_get_int_member (root, "uncertain_numbers"), ==, mc->n_uncertain);
  g_assert_cmpuint (mc->n_uncertain, >, 0);
  plans = json_object_get_array_member (root, "plans");
  optimal = json_array_get_object_element (plans, 0);
  adopt = json_array_get_object_element (plans, 1);
  g_assert_true (json_object_get_boolean_member (optimal, "optimal"));
  g_assert_cmpstr (json_object_get_string_member (adopt, "strategy"), ==, "all-integrated");
  for (guint p = 0; p < 2; p++)
    {
      const StrataRoadmapMcPlan *want = &mc->plans[p];

      figures = json_object_get_object_member (json_array_get_object_element (plans, p), "monte_carlo");
      savings = json_object_get_object_member (figures, "savings_npv");
      g_assert_cmpfloat_with_epsilon (json_object_get_double_member (savings, "p10"), want->savings_p10,
                                      1e-9 * fabs (want->savings_p10));
      g_assert_cmpfloat_with_epsilon (json_object_get_double_member (savings, "p50"), want->savings_p50,
                                      1e-9 * fabs (want->savings_p50));
      g_assert_cmpfloat_with_epsilon (json_object_get_double_member (savings, "p90"), want->savings_p90,
                                      1e-9 * fabs (want->savings_p90));
      g_assert_cmpfloat_with_epsilon (json_object_get_double_member (figures, "probability_savings_positive"),
                                      want->positive_share, 1e-12);
      g_assert_cmpfloat_with_epsilon (json_object_get_double_member (figures, "no_payback_share"),
                                      want->no_payback_share, 1e-12);
      payback = json_object_get_object_member (figures, "payback_year");
      g_assert_cmpuint (want->n_payback_draws, >, 0);
      g_assert_cmpfloat_with_epsilon (json_object_get_double_member (payback, "p50"), want->payback_p50, 1e-9);
      g_assert_cmpfloat (want->savings_p10, <, want->savings_p90);
    }

  run_cli (&again, "roadmap", file, "--optimal", "--strategy", "all-integrated", "--draws", "300",
           "--seed", "9", "--format", "json", NULL);
  g_assert_cmpstr (again.out, ==, run.out);

  run_cli (&csv, "roadmap", file, "--optimal", "--draws", "50", "--format", "csv", NULL);
  g_assert_cmpint (csv.status, ==, 0);
  g_assert_true (g_str_has_prefix (csv.out, "plan,year,volume,choices,building,unit_cost,capex,exit_cost,"
                                   "cash_cost,effective_cost,cumulative_savings,cumulative_savings_p10,"
                                   "cumulative_savings_p50,cumulative_savings_p90,savings_npv_p10,"
                                   "savings_npv_p50,savings_npv_p90,payback_year_p10,payback_year_p50,"
                                   "payback_year_p90,no_payback_share,probability_savings_positive,"
                                   "not_roadmap_share\n"));

  run_cli (&table, "roadmap", file, "--strategy", "all-integrated", "--seed", "4", NULL);
  g_assert_cmpint (table.status, ==, 0);
  g_assert_nonnull (strstr (table.out, "Over 1000 draws (seed 4): savings (NPV) P10 "));
  g_assert_nonnull (strstr (table.out, "P(savings > 0) "));

  run_cli (&bad, "roadmap", file, "--draws", "0", NULL);
  g_assert_cmpint (bad.status, ==, 2);
  g_assert_nonnull (strstr (bad.err, "--draws"));
  run_clear (&bad);
  run_cli (&bad, "roadmap", file, "--seed", "x", NULL);
  g_assert_cmpint (bad.status, ==, 2);
  g_assert_nonnull (strstr (bad.err, "--seed"));
}

/* `strata-cli montecarlo` on a dataset with a horizon: the same draws over
 * the years, the optimal roadmap and each strategy adopted now (the start
 * left out), as strata_roadmap_mc_run () has them. */
static void
test_montecarlo_horizon (void)
{
  g_autofree char *file = test_sample_path ("retailer.strata.json");
  g_autoptr(StrataDataset) ds = load_sample ("retailer.strata.json");
  const StrataStrategy *strategies[2];
  StrataRoadmapMcParams params = { 0 };
  g_autoptr(StrataRoadmapMc) mc = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root, *horizon;
  JsonArray *plans;
  g_auto(Run) run;
  g_auto(Run) table;

  strategies[0] = strata_dataset_find_strategy (ds, "all-integrated");
  strategies[1] = strata_dataset_find_strategy (ds, "all-neutral");
  g_assert_false (g_str_equal (ds->horizon->start, "all-integrated"));
  g_assert_false (g_str_equal (ds->horizon->start, "all-neutral"));
  params.n_draws = 200;
  params.seed = 5;
  params.optimal = TRUE;
  params.strategies = strategies;
  params.n_strategies = 2;
  mc = strata_roadmap_mc_run (ds, &params, NULL, NULL);
  g_assert_nonnull (mc);

  run_cli (&run, "montecarlo", file, "--draws", "200", "--seed", "5", "--strategy", "all-integrated",
           "--strategy", "all-neutral", "--strategy", ds->horizon->start, "--format", "json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = parse_object (parser, run.out);
  g_assert_true (json_object_has_member (root, "results"));
  horizon = json_object_get_object_member (root, "horizon");
  g_assert_nonnull (horizon);
  g_assert_cmpstr (json_object_get_string_member (horizon, "start"), ==, ds->horizon->start);
  plans = json_object_get_array_member (horizon, "plans");
  g_assert_cmpuint (json_array_get_length (plans), ==, 3);
  for (guint p = 0; p < 3; p++)
    {
      JsonObject *plan = json_array_get_object_element (plans, p);
      JsonObject *figures = json_object_get_object_member (plan, "monte_carlo");
      JsonObject *savings = json_object_get_object_member (figures, "savings_npv");

      if (p == 0)
        g_assert_true (json_object_get_boolean_member (plan, "optimal"));
      else
        g_assert_cmpstr (json_object_get_string_member (plan, "strategy"), ==, mc->plans[p].strategy_id);
      g_assert_cmpfloat_with_epsilon (json_object_get_double_member (savings, "p50"), mc->plans[p].savings_p50,
                                      1e-9 * fabs (mc->plans[p].savings_p50) + 1e-9);
      g_assert_cmpfloat_with_epsilon (json_object_get_double_member (figures, "probability_savings_positive"),
                                      mc->plans[p].positive_share, 1e-12);
    }

  run_cli (&table, "montecarlo", file, "--draws", "50", NULL);
  g_assert_cmpint (table.status, ==, 0);
  g_assert_nonnull (strstr (table.out, "Over the horizon 2026–2035"));
  g_assert_nonnull (strstr (table.out, "Optimal roadmap"));
  g_assert_nonnull (strstr (table.out, "Adopt All integrated now"));
}

/* `strata-cli export --chart roadmap` in every theme and format. */
static void
test_export_chart (void)
{
  static const char * const themes[] = { "light", "dark", "slide" };
  static const char * const formats[] = { "png", "svg", "pdf" };
  g_autofree char *file = hand_file ();
  g_autofree char *dir = g_dir_make_tmp ("roadmap-chart-XXXXXX", NULL);

  g_assert_nonnull (dir);
  for (guint i = 0; i < G_N_ELEMENTS (themes); i++)
    for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
      {
        g_autofree char *name = g_strdup_printf ("roadmap-%s.%s", themes[i], formats[f]);
        g_autofree char *out = g_build_filename (dir, name, NULL);
        g_autofree char *contents = NULL;
        gsize length = 0;
        g_auto(Run) run;

        run_cli (&run, "export", file, "--chart", "roadmap", "--theme", themes[i],
                 "--width", "1200", "--height", "700", "-o", out, NULL);
        g_assert_cmpint (run.status, ==, 0);
        g_assert_true (g_file_get_contents (out, &contents, &length, NULL));
        g_assert_cmpuint (length, >, 1000);
        if (f == 1)
          {
            /* SVG text stays text: the plan's words are in the file. */
            g_assert_nonnull (strstr (contents, "asic"));
            g_assert_nonnull (strstr (contents, "pays back 2027"));
            g_assert_nonnull (strstr (contents, "peak funding"));
          }
        g_unlink (out);
      }
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  test_cli_path ();   /* fails, never skips, outside meson test */

  g_test_add_func ("/roadmap/cli/json-hand-case", test_json_hand_case);
  g_test_add_func ("/roadmap/cli/json-cash-and-optimal", test_json_cash_and_optimal);
  g_test_add_func ("/roadmap/cli/table-and-csv", test_table_and_csv);
  g_test_add_func ("/roadmap/cli/costs-more", test_costs_more);
  g_test_add_func ("/roadmap/cli/errors", test_errors);
  g_test_add_func ("/roadmap/cli/unadoptable", test_unadoptable);
  g_test_add_func ("/roadmap/cli/not-roadmap-draws", test_not_roadmap_draws);
  g_test_add_func ("/roadmap/cli/too-coupled", test_too_coupled);
  g_test_add_func ("/roadmap/cli/samples", test_samples);
  g_test_add_func ("/roadmap/cli/monte-carlo", test_monte_carlo);
  g_test_add_func ("/roadmap/cli/montecarlo-horizon", test_montecarlo_horizon);
  g_test_add_func ("/roadmap/cli/export-chart", test_export_chart);

  return g_test_run ();
}

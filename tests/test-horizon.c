/* test-horizon.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * The horizon (MODEL.md section 8): its fields in the loader and on save,
 * the plan arithmetic (a case worked by hand), annual and cumulative
 * learning, adopt-now, and the exact optimal roadmap held to brute force
 * over every roadmap on seeded random cases.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "strata/strata-horizon.h"
#include "strata/strata-model.h"
#include "strata/strata-save.h"
#include "strata-test-util.h"

#define NAME "stack.json"

/* The hand-worked case (see test_hand_case). */
static const char HAND[] =
  "{\n"
  "  \"format\": \"strata-stack/1\",\n"
  "  \"title\": \"Hand case\",\n"
  "  \"unit\": \"units\",\n"
  "  \"currency\": \"USD\",\n"
  "  \"price\": 8,\n"
  "  \"volume\": { \"min\": 10, \"max\": 1000, \"default\": 100 },\n"
  "  \"boundary_cost\": 0.1,\n"
  "  \"layers\": [\n"
  "    { \"id\": \"chips\", \"options\": [\n"
  "        { \"id\": \"gpu\", \"mode\": \"neutral\", \"supplier_cost\": 1, \"margin\": 0.5, \"exit_cost\": 20 },\n"
  "        { \"id\": \"asic\", \"mode\": \"integrated\", \"unit_cost\": 1, \"fixed_cost\": 50,\n"
  "          \"capex\": 300, \"build_years\": 1 }\n"
  "      ] },\n"
  "    { \"id\": \"models\", \"options\": [\n"
  "        { \"id\": \"api\", \"mode\": \"neutral\", \"price\": 3, \"margin\": 0, \"ecosystem_value\": 0.2,\n"
  "          \"exit_cost\": 10 },\n"
  "        { \"id\": \"own\", \"mode\": \"integrated\", \"unit_cost\": 2 }\n"
  "      ] }\n"
  "  ],\n"
  "  \"links\": [ { \"from\": \"chips\", \"to\": \"models\", \"saving\": 0.5 } ],\n"
  "  \"horizon\": { \"first_year\": 2026, \"years\": 3, \"discount_rate\": 0.1,\n"
  "               \"volume\": { \"first\": 100, \"growth\": 0.5 } }\n"
  "}\n";

static StrataDataset *
load (const char *text)
{
  g_autoptr(GError) error = NULL;
  StrataDataset *ds = strata_dataset_load_data (text, strlen (text), NAME, &error);

  g_assert_no_error (error);
  g_assert_nonnull (ds);
  return ds;
}

/* HAND with the first @from replaced by @to. */
static char *
edit (const char *from,
      const char *to)
{
  const char *at = strstr (HAND, from);

  g_assert_nonnull (at);
  return g_strdup_printf ("%.*s%s%s", (int) (at - HAND), HAND, to, at + strlen (from));
}

/* ------------------------------------------------------------------ */
/* Loader                                                              */
/* ------------------------------------------------------------------ */

static void
test_load_fields (void)
{
  g_autoptr(StrataDataset) ds = load (HAND);
  const StrataHorizon *h = ds->horizon;
  double v[3];

  g_assert_nonnull (h);
  g_assert_cmpint (h->first_year, ==, 2026);
  g_assert_cmpuint (h->years, ==, 3);
  g_assert_cmpfloat (h->discount_rate.value, ==, 0.1);
  g_assert_false (h->volume_listed);
  g_assert_cmpstr (h->start, ==, "all-neutral");
  g_assert_cmpint (h->learning, ==, STRATA_LEARNING_ANNUAL);
  strata_horizon_volumes (h, v);
  g_assert_cmpfloat_with_epsilon (v[0], 100, 1e-9);
  g_assert_cmpfloat_with_epsilon (v[1], 150, 1e-9);
  g_assert_cmpfloat_with_epsilon (v[2], 225, 1e-9);
  g_assert_cmpfloat (ds->layers[0].options[1].capex.value, ==, 300);
  g_assert_cmpuint (ds->layers[0].options[1].build_years, ==, 1);
  g_assert_cmpfloat (ds->layers[0].options[0].exit_cost.value, ==, 20);
  g_assert_cmpuint (ds->layers[1].options[1].build_years, ==, 0);
}

static void
test_load_variants (void)
{
  g_autofree char *listed = edit ("\"volume\": { \"first\": 100, \"growth\": 0.5 } }",
                                  "\"volume\": [1, 2.5, 4], \"start\": \"all-integrated\","
                                  " \"learning\": \"cumulative\", \"note\": { \"kept\": true } }");
  g_autofree char *uncertain = edit ("\"discount_rate\": 0.1",
                                     "\"discount_rate\": { \"value\": 0.1, \"low\": 0.05, \"high\": 0.2 }");
  g_autofree char *exp = edit ("\"unit_cost\": 2 }", "\"unit_cost\": 2, \"experience\": 5e3,"
                               " \"capex\": { \"value\": 1, \"low\": 0, \"high\": 3 } }");
  g_autoptr(StrataDataset) a = load (listed);
  g_autoptr(StrataDataset) b = load (uncertain);
  g_autoptr(StrataDataset) c = load (exp);
  g_autoptr(StrataDataset) none = NULL;
  g_autofree char *plain = edit ("  \"horizon\": { \"first_year\": 2026, \"years\": 3, \"discount_rate\": 0.1,\n"
                                 "               \"volume\": { \"first\": 100, \"growth\": 0.5 } }\n", "  \"title2\": 1\n");
  double v[3];

  g_assert_true (a->horizon->volume_listed);
  strata_horizon_volumes (a->horizon, v);
  g_assert_cmpfloat (v[1], ==, 2.5);
  g_assert_cmpstr (a->horizon->start, ==, "all-integrated");
  g_assert_cmpint (a->horizon->learning, ==, STRATA_LEARNING_CUMULATIVE);
  g_assert_true (json_object_has_member (a->horizon->extra, "note"));
  g_assert_true (b->horizon->discount_rate.uncertain);
  g_assert_cmpfloat (b->horizon->discount_rate.high, ==, 0.2);
  g_assert_cmpfloat (c->layers[1].options[1].experience, ==, 5e3);
  g_assert_true (c->layers[1].options[1].capex.uncertain);
  none = load (plain);
  g_assert_null (none->horizon);
}

typedef struct
{
  const char *from;
  const char *to;
  const char *message;  /* "PATH: what is wrong", as the error says it */
} Refusal;

static const Refusal refusals[] = {
  { "\"horizon\": {", "\"horizon\": [], \"x\": {",
    "horizon: must be an object" },
  { "\"first_year\": 2026, ", "",
    "horizon.first_year: missing (the calendar year of year 0" },
  { "\"first_year\": 2026", "\"first_year\": 1899",
    "horizon.first_year: must be from 1900 to 2200 (a calendar year), got 1899" },
  { "\"first_year\": 2026", "\"first_year\": 2201",
    "horizon.first_year: must be from 1900 to 2200" },
  { "\"first_year\": 2026", "\"first_year\": 2026.5",
    "horizon.first_year: must be a whole number (a calendar year), got 2026.5" },
  { "\"first_year\": 2026", "\"first_year\": \"2026\"",
    "horizon.first_year: must be a whole number (a calendar year), got the string \"2026\"" },
  { "\"years\": 3, ", "",
    "horizon.years: missing (the length of the plan in years is required)" },
  { "\"years\": 3", "\"years\": 0",
    "horizon.years: must be from 1 to 50 (the length of the plan), got 0" },
  { "\"years\": 3", "\"years\": 51",
    "horizon.years: must be from 1 to 50 (the length of the plan), got 51" },
  { "\"years\": 3", "\"years\": 2.5",
    "horizon.years: must be a whole number" },
  { "\"discount_rate\": 0.1,", "",
    "horizon.discount_rate: missing (the discount rate per year" },
  { "\"discount_rate\": 0.1", "\"discount_rate\": 1",
    "horizon.discount_rate: must be at least 0 and less than 1, got 1" },
  { "\"discount_rate\": 0.1", "\"discount_rate\": -0.01",
    "horizon.discount_rate: must be at least 0 and less than 1, got -0.01" },
  { "\"discount_rate\": 0.1", "\"discount_rate\": { \"value\": 0.1, \"low\": 0.2, \"high\": 0.3 }",
    "horizon.discount_rate: an uncertain number needs low <= value <= high" },
  { "\"discount_rate\": 0.1", "\"discount_rate\": { \"value\": 0.1, \"low\": 0, \"high\": 1.5 }",
    "horizon.discount_rate.high: must be at least 0 and less than 1, got 1.5" },
  { "\"discount_rate\": 0.1", "\"discount_rate\": { \"value\": 0.1, \"low\": 0, \"high\": 0.2, \"mode\": 1 }",
    "horizon.discount_rate.mode: unknown key in an uncertain number" },
  { ",\n               \"volume\": { \"first\": 100, \"growth\": 0.5 }", "",
    "horizon.volume: missing (the volume by year is required" },
  { "\"volume\": { \"first\": 100, \"growth\": 0.5 }", "\"volume\": 7",
    "horizon.volume: must be {\"first\", \"growth\"} or a list of one volume a year, got a number" },
  { "\"volume\": { \"first\": 100, \"growth\": 0.5 }", "\"volume\": [1, 2]",
    "horizon.volume: a list of volumes needs exactly one volume a year (years is 3), got 2" },
  { "\"volume\": { \"first\": 100, \"growth\": 0.5 }", "\"volume\": [1, 0, 3]",
    "horizon.volume[1]: a volume must be greater than 0, got 0" },
  { "\"volume\": { \"first\": 100, \"growth\": 0.5 }", "\"volume\": [1, { \"value\": 2, \"low\": 1, \"high\": 3 }, 3]",
    "horizon.volume[1]: must be a number, got an object" },
  { "\"first\": 100, ", "",
    "horizon.volume.first: missing (the volume of year 0 is required)" },
  { "\"first\": 100", "\"first\": 0",
    "horizon.volume.first: must be greater than 0, got 0" },
  { "\"growth\": 0.5", "\"growth\": -1",
    "horizon.volume.growth: must be greater than -1" },
  { "\"growth\": 0.5", "\"growth\": 0.5, \"last\": 9",
    "horizon.volume.last: unknown key (the volume of a horizon takes first and growth" },
  { "\"first\": 100", "\"first\": 1e308",
    "horizon.volume.growth: the volume of the last year (first x (1 + growth)^2) would be" },
  { "\"growth\": 0.5 } }", "\"growth\": 0.5 }, \"start\": \"amazon\" }",
    "horizon.start: unknown strategy \"amazon\" (the start is the strategy running today, one of: all-neutral, all-integrated, optimal)" },
  { "\"growth\": 0.5 } }", "\"growth\": 0.5 }, \"start\": 3 }",
    "horizon.start: must be a strategy id (a string), got a number" },
  { "\"growth\": 0.5 } }", "\"growth\": 0.5 }, \"learning\": \"yearly\" }",
    "horizon.learning: must be \"annual\" or \"cumulative\", got the string \"yearly\"" },
  { "\"capex\": 300", "\"capex\": -1",
    "layers[0].options[1].capex: must be at least 0, got -1" },
  { "\"capex\": 300", "\"capex\": { \"value\": 3, \"low\": 4, \"high\": 5 }",
    "layers[0].options[1].capex: an uncertain number needs low <= value <= high" },
  { "\"capex\": 300", "\"capex\": \"big\"",
    "layers[0].options[1].capex: must be a number or an uncertain number {\"value\", \"low\", \"high\"}, got the string \"big\"" },
  { "\"build_years\": 1", "\"build_years\": 21",
    "layers[0].options[1].build_years: must be from 0 to 20 (years from the decision until the option runs), got 21" },
  { "\"build_years\": 1", "\"build_years\": 1.5",
    "layers[0].options[1].build_years: must be a whole number" },
  { "\"build_years\": 1", "\"build_years\": -1",
    "layers[0].options[1].build_years: must be from 0 to 20" },
  { "\"exit_cost\": 20", "\"exit_cost\": -20",
    "layers[0].options[0].exit_cost: must be at least 0, got -20" },
  { "\"exit_cost\": 20", "\"exit_cost\": 20, \"experience\": 1",
    "layers[0].options[0].experience: applies only to integrated options (this option is neutral)" },
  { "\"unit_cost\": 2 }", "\"unit_cost\": 2, \"experience\": -1 }",
    "layers[1].options[1].experience: must be at least 0, got -1" },
  { "\"unit_cost\": 2 }", "\"unit_cost\": 2, \"experience\": { \"value\": 1, \"low\": 0, \"high\": 2 } }",
    "layers[1].options[1].experience: must be a number, got an object" },
};

static void
test_load_refusals (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (refusals); i++)
    {
      g_autofree char *text = edit (refusals[i].from, refusals[i].to);
      g_autoptr(GError) error = NULL;
      g_autoptr(StrataDataset) ds = strata_dataset_load_data (text, strlen (text), NAME, &error);
      g_autofree char *expected = g_strdup_printf (": error: %s", refusals[i].message);

      g_test_message ("case %u: %s", i, refusals[i].message);
      g_assert_null (ds);
      g_assert_error (error, STRATA_DATASET_ERROR, STRATA_DATASET_ERROR_INVALID);
      if (strstr (error->message, expected) == NULL)
        g_error ("case %u: expected \"%s\" in:\n%s", i, expected, error->message);
      /* FILE:LINE:COL: the problem is placed in the file. */
      g_assert_true (g_str_has_prefix (error->message, NAME ":"));
      g_assert_true (g_ascii_isdigit (error->message[strlen (NAME ":")]));
    }
}

static void
test_save_round_trip (void)
{
  g_autofree char *text = edit ("\"volume\": { \"first\": 100, \"growth\": 0.5 } }",
                                "\"volume\": { \"first\": { \"value\": 100, \"low\": 50, \"high\": 200 },"
                                " \"growth\": 0.5 }, \"start\": \"all-integrated\", \"learning\": \"cumulative\","
                                " \"note\": \"kept\" }");
  g_autofree char *text2 = edit ("\"unit_cost\": 2 }", "\"unit_cost\": 2, \"experience\": 400,"
                                 " \"exit_cost\": { \"value\": 1, \"low\": 0, \"high\": 3 } }");
  g_autofree char *text3 = edit ("\"volume\": { \"first\": 100, \"growth\": 0.5 }", "\"volume\": [3, 2, 1e9]");
  const char *texts[] = { text, text2, text3 };

  for (guint k = 0; k < G_N_ELEMENTS (texts); k++)
    {
      g_autoptr(StrataDataset) a = load (texts[k]);
      g_autofree char *saved = strata_dataset_to_json (a);
      g_autoptr(StrataDataset) b = load (saved);
      g_autofree char *again = strata_dataset_to_json (b);
      const StrataHorizon *ha = a->horizon, *hb = b->horizon;

      g_assert_cmpstr (saved, ==, again);
      g_assert_nonnull (hb);
      g_assert_cmpint (ha->first_year, ==, hb->first_year);
      g_assert_cmpuint (ha->years, ==, hb->years);
      g_assert_true (memcmp (&ha->discount_rate, &hb->discount_rate, sizeof (StrataNumber)) == 0);
      g_assert_cmpint (ha->volume_listed, ==, hb->volume_listed);
      g_assert_true (memcmp (&ha->volume_first, &hb->volume_first, sizeof (StrataNumber)) == 0);
      g_assert_true (memcmp (&ha->volume_growth, &hb->volume_growth, sizeof (StrataNumber)) == 0);
      if (ha->volume_listed)
        for (guint t = 0; t < ha->years; t++)
          g_assert_cmpfloat (ha->volumes[t], ==, hb->volumes[t]);
      g_assert_cmpstr (ha->start, ==, hb->start);
      g_assert_cmpint (ha->learning, ==, hb->learning);
      g_assert_cmpint (ha->extra != NULL, ==, hb->extra != NULL);
      for (guint l = 0; l < a->n_layers; l++)
        for (guint o = 0; o < a->layers[l].n_options; o++)
          {
            const StrataOption *oa = &a->layers[l].options[o], *ob = &b->layers[l].options[o];

            g_assert_true (memcmp (&oa->capex, &ob->capex, sizeof (StrataNumber)) == 0);
            g_assert_true (memcmp (&oa->exit_cost, &ob->exit_cost, sizeof (StrataNumber)) == 0);
            g_assert_cmpuint (oa->build_years, ==, ob->build_years);
            g_assert_cmpfloat (oa->experience, ==, ob->experience);
          }
    }
  g_assert_nonnull (strstr (text, "\"note\""));
}

/* ------------------------------------------------------------------ */
/* Plan arithmetic                                                     */
/* ------------------------------------------------------------------ */

/*
 * HAND worked by hand: adopt all-integrated now (both layers decide in
 * 2026).  V = 100, 150, 225; discount factors 1, 1/1.1, 1/1.21.
 *
 * Start plan (all-neutral): gpu price 1 / (1 - 0.5) = 2, api 3, one
 * market interface 0.1: unit cost 5.1 a year.
 *   cash 510, 765, 1147.5; ecosystem value 0.2 x V = 20, 30, 45;
 *   effective 490, 735, 1102.5.
 *   NPV cash = 510 + 765/1.1 + 1147.5/1.21 = 510 + 695.454545 + 948.347107 = 2153.801653
 *   NPV effective = 490 + 668.181818 + 911.157025 = 2069.338843
 *
 * Roadmap: chips decides asic in 2026, builds one year, runs from 2027;
 * models decides own in 2026 and runs it at once (build 0).
 *   2026: gpu 2 + own 2 (no co-design: chips still neutral) + interface
 *         0.1 = 4.1 -> 410; capex of asic 300 (one build year); exit of
 *         api 10 (own starts running) -> cash 720; no ecosystem value.
 *   2027: asic 1 + fixed 50/150 + own 2 x (1 - 0.5) = 1, both integrated
 *         so no interface: 150 + 50 + 150 = 350; exit of gpu 20 -> 370.
 *   2028: 225 + 50 + 225 = 500.
 *   npv_cost = 720 + 370/1.1 + 500/1.21 = 720 + 336.363636 + 413.223140 = 1469.586777
 *   npv_effective_cost = the same (no ecosystem value runs)
 *   npv_profit = (800 - 720) + (1200 - 370)/1.1 + (1800 - 500)/1.21
 *              = 80 + 754.545455 + 1074.380165 = 1908.925620
 *   effective objective: savings by year -230, +331.818182, +497.933884;
 *     cumulative -230, 101.818182, 599.752066: savings_npv 599.752066,
 *     payback 2027, peak funding 230.
 *   cash objective: 510 - 720 = -210, then 395/1.1 = 359.090909 and
 *     647.5/1.21 = 535.123967: savings_npv 684.214876, payback 2027,
 *     peak funding 210.
 */
static void
test_hand_case (void)
{
  g_autoptr(StrataDataset) ds = load (HAND);
  const StrataStrategy *all = strata_dataset_find_strategy (ds, "all-integrated");
  StrataLayerPlan plans[2];
  g_autoptr(GError) error = NULL;
  g_autoptr(StrataPlanResult) eff = NULL;
  g_autoptr(StrataPlanResult) cash = NULL;

  g_assert_true (strata_roadmap_adopt (ds, all->choices, plans, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (plans[0].option, ==, 1);
  g_assert_cmpint (plans[0].decide_year, ==, 0);
  g_assert_cmpuint (plans[1].option, ==, 1);
  g_assert_cmpint (plans[1].decide_year, ==, 0);

  eff = strata_plan_evaluate (ds, plans, STRATA_HORIZON_EFFECTIVE);
  g_assert_cmpfloat_with_epsilon (eff->rows[0].cash_cost, 720, 1e-9);
  g_assert_cmpfloat_with_epsilon (eff->rows[0].capex, 300, 1e-9);
  g_assert_cmpfloat_with_epsilon (eff->rows[0].exit_cost, 10, 1e-9);
  g_assert_cmpfloat_with_epsilon (eff->rows[0].unit_cost, 4.1, 1e-12);
  g_assert_cmpfloat_with_epsilon (eff->rows[1].cash_cost, 370, 1e-9);
  g_assert_cmpfloat_with_epsilon (eff->rows[1].exit_cost, 20, 1e-9);
  g_assert_cmpfloat_with_epsilon (eff->rows[2].cash_cost, 500, 1e-9);
  g_assert_cmpint (eff->building[0 * 2 + 0], ==, 1);
  g_assert_cmpint (eff->building[0 * 2 + 1], ==, -1);
  g_assert_cmpuint (eff->choices[0 * 2 + 0], ==, 0);
  g_assert_cmpuint (eff->choices[1 * 2 + 0], ==, 1);
  g_assert_cmpfloat_with_epsilon (eff->npv_cost, 1469.586777, 1e-6);
  g_assert_cmpfloat_with_epsilon (eff->npv_effective_cost, 1469.586777, 1e-6);
  g_assert_true (eff->has_profit);
  g_assert_cmpfloat_with_epsilon (eff->npv_profit, 1908.925620, 1e-6);
  g_assert_cmpfloat_with_epsilon (eff->savings_npv, 599.752066, 1e-6);
  g_assert_cmpfloat_with_epsilon (eff->rows[0].savings, -230, 1e-9);
  g_assert_true (eff->has_payback);
  g_assert_cmpint (eff->payback_year, ==, 2027);
  g_assert_cmpfloat_with_epsilon (eff->peak_funding, 230, 1e-9);

  cash = strata_plan_evaluate (ds, plans, STRATA_HORIZON_CASH);
  g_assert_cmpfloat_with_epsilon (cash->savings_npv, 684.214876, 1e-6);
  g_assert_cmpfloat_with_epsilon (cash->peak_funding, 210, 1e-9);
  g_assert_cmpint (cash->payback_year, ==, 2027);
  g_assert_cmpfloat_with_epsilon (strata_plan_npv (ds, plans, STRATA_HORIZON_CASH),
                                  1469.586777, 1e-6);
}

static void
test_start_plan (void)
{
  g_autoptr(StrataDataset) ds = load (HAND);
  StrataLayerPlan never[2] = { { 0, -1 }, { 0, -1 } };
  g_autoptr(StrataPlanResult) res = strata_plan_evaluate (ds, never, STRATA_HORIZON_EFFECTIVE);

  g_assert_cmpfloat (res->savings_npv, ==, 0);
  g_assert_cmpfloat (res->peak_funding, ==, 0);
  g_assert_cmpint (res->payback_year, ==, 2026);
  g_assert_cmpfloat_with_epsilon (res->npv_cost, 2153.801653, 1e-6);
  g_assert_cmpfloat_with_epsilon (res->npv_effective_cost, 2069.338843, 1e-6);
  g_assert_true (strata_roadmap_is_valid (ds, never));
}

/* Never paying back: a switch that only costs. */
static void
test_no_payback (void)
{
  g_autofree char *text = edit ("\"unit_cost\": 2 }", "\"unit_cost\": 20 }");
  g_autoptr(StrataDataset) ds = load (text);
  StrataLayerPlan plans[2] = { { 0, -1 }, { 1, 0 } };
  g_autoptr(StrataPlanResult) res = strata_plan_evaluate (ds, plans, STRATA_HORIZON_CASH);

  g_assert_false (res->has_payback);
  g_assert_cmpfloat (res->savings_npv, <, 0);
  g_assert_cmpfloat_with_epsilon (res->peak_funding, -res->savings_npv, 1e-9);
}

/* With annual learning, a year's unit cost is section 3's at V_t. */
static void
test_annual_matches_model (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);

  for (guint k = 0; k < 60; k++)
    {
      g_autoptr(StrataDataset) ds = test_random_dataset (rand, 4, 3);
      StrataHorizon *h = g_new0 (StrataHorizon, 1);
      g_autofree StrataLayerPlan *plans = g_new0 (StrataLayerPlan, ds->n_layers);
      g_autoptr(StrataPlanResult) res = NULL;
      const StrataStrategy *all;
      g_autoptr(GError) error = NULL;

      h->first_year = 2030;
      h->years = 4;
      h->volume_first = test_number (ds->volume_min);
      h->volume_growth = test_number (1.5);
      h->start = g_strdup ("all-neutral");
      ds->horizon = h;
      all = strata_dataset_find_strategy (ds, "all-integrated");
      g_assert_true (strata_roadmap_adopt (ds, all->choices, plans, &error));
      res = strata_plan_evaluate (ds, plans, STRATA_HORIZON_EFFECTIVE);
      for (guint t = 0; t < h->years; t++)
        {
          StrataOutcome out;

          strata_evaluate (ds, all->choices, res->rows[t].volume, &out, NULL);
          g_assert_cmpfloat_with_epsilon (res->rows[t].unit_cost, out.unit_cost,
                                          1e-9 * (1 + fabs (out.unit_cost)));
          g_assert_cmpfloat_with_epsilon (res->rows[t].ecosystem_value,
                                          out.ecosystem_value * res->rows[t].volume,
                                          1e-9 * (1 + res->rows[t].ecosystem_value));
        }
    }
}

/*
 * Cumulative learning by hand: one integrated option, unit_cost 10 at a
 * reference of 100 cumulative units, learning 0.2 (exponent log2 0.8),
 * experience 100, volumes 100 and 200.
 *   2030: E = 100 + 0 + 100/2 = 150: 10 x 1.5^log2(0.8) = 8.7763
 *   2031: E = 100 + 100 + 200/2 = 300: 10 x 3^log2(0.8) = 7.0210
 */
static void
test_cumulative_learning (void)
{
  g_autoptr(StrataDataset) ds = test_dataset_new (1, 1000, 0);
  guint l = test_add_layer (ds, "only");
  guint o = test_add_integrated (ds, l, "own", 10, 0.2, 100, 0);
  StrataHorizon *h = g_new0 (StrataHorizon, 1);
  StrataLayerPlan never = { 0, -1 };
  g_autoptr(StrataPlanResult) res = NULL;

  test_option (ds, l, o)->experience = 100;
  strata_dataset_finish (ds);
  h->first_year = 2030;
  h->years = 2;
  h->volume_listed = TRUE;
  h->volumes = g_new (double, 2);
  h->volumes[0] = 100;
  h->volumes[1] = 200;
  h->start = g_strdup ("all-neutral");
  h->learning = STRATA_LEARNING_CUMULATIVE;
  ds->horizon = h;

  res = strata_plan_evaluate (ds, &never, STRATA_HORIZON_CASH);
  g_assert_cmpfloat_with_epsilon (res->rows[0].unit_cost, 10 * pow (1.5, log2 (0.8)), 1e-12);
  g_assert_cmpfloat_with_epsilon (res->rows[0].unit_cost, 8.7763, 1e-4);
  g_assert_cmpfloat_with_epsilon (res->rows[1].unit_cost, 10 * pow (3, log2 (0.8)), 1e-12);
  g_assert_cmpfloat_with_epsilon (res->rows[1].unit_cost, 7.0210, 1e-4);
}

/* ------------------------------------------------------------------ */
/* Adopt now and the optimal roadmap                                   */
/* ------------------------------------------------------------------ */

static void
test_adopt_overrun (void)
{
  g_autofree char *text = edit ("\"build_years\": 1", "\"build_years\": 3");
  g_autoptr(StrataDataset) ds = load (text);
  const StrataStrategy *all = strata_dataset_find_strategy (ds, "all-integrated");
  StrataLayerPlan plans[2];
  StrataLayerPlan bad[2] = { { 1, 0 }, { 0, -1 } };
  g_autoptr(GError) error = NULL;

  g_assert_false (strata_roadmap_adopt (ds, all->choices, plans, &error));
  g_assert_error (error, STRATA_DATASET_ERROR, STRATA_DATASET_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "layer \"chips\": option \"asic\" takes 3 build years"));
  g_assert_false (strata_roadmap_is_valid (ds, bad));
}

static void
assert_same_roadmap (const StrataDataset   *ds,
                     const StrataLayerPlan *a,
                     const StrataLayerPlan *b,
                     guint                  seed)
{
  for (guint l = 0; l < ds->n_layers; l++)
    if (a[l].option != b[l].option || a[l].decide_year != b[l].decide_year)
      g_error ("seed %u layer %u: search %u@%d, brute force %u@%d (npv %.17g vs %.17g)",
               seed, l, a[l].option, a[l].decide_year, b[l].option, b[l].decide_year,
               strata_plan_npv (ds, a, STRATA_HORIZON_EFFECTIVE),
               strata_plan_npv (ds, b, STRATA_HORIZON_EFFECTIVE));
}

/* A random horizon on a random dataset: volumes listed or growing, some
 * capex, build years (some past the horizon's end), exit costs, annual
 * or cumulative learning with experience.  Horizon fields come from a
 * small pool per layer so that exact copies of options stay ties. */
static void
add_random_horizon (GRand         *rand,
                    StrataDataset *ds)
{
  StrataHorizon *h = g_new0 (StrataHorizon, 1);
  static const char * const starts[] = { "all-neutral", "all-integrated", "optimal" };

  h->first_year = 2026;
  h->years = (guint) g_rand_int_range (rand, 1, 6);
  h->discount_rate = test_number (g_rand_double (rand) < 0.2 ? 0 : g_rand_double_range (rand, 0, 0.2));
  if (g_rand_boolean (rand))
    {
      h->volume_listed = TRUE;
      h->volumes = g_new (double, h->years);
      for (guint t = 0; t < h->years; t++)
        h->volumes[t] = ds->volume_min * pow (ds->volume_max / ds->volume_min, g_rand_double (rand));
    }
  else
    {
      h->volume_first = test_number (ds->volume_min * pow (ds->volume_max / ds->volume_min,
                                                           g_rand_double (rand)));
      h->volume_growth = test_number (g_rand_double_range (rand, -0.3, 1.5));
    }
  h->start = g_strdup (starts[g_rand_int_range (rand, 0, 3)]);
  h->learning = g_rand_boolean (rand) ? STRATA_LEARNING_CUMULATIVE : STRATA_LEARNING_ANNUAL;

  for (guint l = 0; l < ds->n_layers; l++)
    {
      double scale = ds->volume_min * g_rand_double_range (rand, 0.1, 10);
      double capex_pool[2] = { 0, scale * g_rand_double_range (rand, 0.5, 5) };
      double exit_pool[2] = { 0, scale * g_rand_double_range (rand, 0, 2) };

      for (guint o = 0; o < ds->layers[l].n_options; o++)
        {
          StrataOption *opt = &ds->layers[l].options[o];

          opt->capex = test_number (capex_pool[g_rand_int_range (rand, 0, 2)]);
          opt->exit_cost = test_number (exit_pool[g_rand_int_range (rand, 0, 2)]);
          opt->build_years = (guint) g_rand_int_range (rand, 0, 3) * (g_rand_boolean (rand) ? 1 : 3);
          if (opt->mode == STRATA_MODE_INTEGRATED && g_rand_boolean (rand))
            opt->experience = ds->volume_min * g_rand_double_range (rand, 0, 20);
        }
    }
  /* More ties: an exact copy of an option, listed last. */
  if (g_rand_double (rand) < 0.4)
    {
      StrataLayer *layer = &ds->layers[g_rand_int_range (rand, 0, (gint32) ds->n_layers)];
      StrataOption copy = layer->options[g_rand_int_range (rand, 0, (gint32) layer->n_options)];

      copy.id = g_strdup_printf ("copy-of-%s", copy.id);
      copy.name = g_strdup (copy.name);
      copy.description = g_strdup (copy.description);
      copy.sources = NULL;
      copy.extra = NULL;
      layer->options = g_renew (StrataOption, layer->options, layer->n_options + 1);
      layer->options[layer->n_options++] = copy;
    }
  ds->horizon = h;
}

static void
test_optimal_vs_brute_force (void)
{
  guint n_cases = 0, n_switching = 0, n_overrun = 0, n_cumulative = 0, n_tied = 0;

  for (guint seed = 1; n_cases < 400; seed++)
    {
      g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
      g_autoptr(StrataDataset) ds = test_random_dataset (rand, 4, 3);
      g_autofree StrataLayerPlan *fast = g_new0 (StrataLayerPlan, ds->n_layers);
      g_autofree StrataLayerPlan *slow = g_new0 (StrataLayerPlan, ds->n_layers);
      StrataHorizonObjective objective = seed % 3 == 0 ? STRATA_HORIZON_CASH
                                                       : STRATA_HORIZON_EFFECTIVE;
      g_autoptr(GError) error = NULL;

      add_random_horizon (rand, ds);
      g_assert_true (strata_roadmap_optimal (ds, objective, fast, &error));
      g_assert_no_error (error);
      n_tied += strata_roadmap_brute_force (ds, objective, slow) > 1;
      assert_same_roadmap (ds, fast, slow, seed);
      g_assert_true (strata_roadmap_is_valid (ds, fast));

      n_cases++;
      n_switching += strata_roadmap_n_switches (ds, fast) > 0;
      n_cumulative += ds->horizon->learning == STRATA_LEARNING_CUMULATIVE;
      for (guint l = 0; l < ds->n_layers; l++)
        for (guint o = 0; o < ds->layers[l].n_options; o++)
          n_overrun += ds->layers[l].options[o].build_years >= ds->horizon->years;
    }
  g_test_message ("%u cases, %u with switches, %u with ties at the best NPV, %u cumulative, %u options past the horizon",
                  n_cases, n_switching, n_tied, n_cumulative, n_overrun);
  g_assert_cmpuint (n_tied, >, n_cases / 10);
  g_assert_cmpuint (n_switching, >, n_cases / 5);
  g_assert_cmpuint (n_cumulative, >, n_cases / 4);
  g_assert_cmpuint (n_overrun, >, 0);
}

/*
 * Ties: asic costs 1 a unit plus 100 a year, gpu 2 a unit; at V = 100
 * both cost 200 a year, at 300 asic saves 100.  Volumes 100, 100, 300:
 * switching in 2026, 2027 or 2028 saves the same, so the later switch
 * wins (2028); a copy of asic listed after it ties with asic, so the
 * earlier option wins.
 */
static void
test_ties (void)
{
  g_autoptr(StrataDataset) ds = test_dataset_new (1, 1000, 0);
  guint l = test_add_layer (ds, "chips");
  StrataHorizon *h = g_new0 (StrataHorizon, 1);
  StrataLayerPlan fast, slow;
  g_autoptr(GError) error = NULL;
  guint asic;

  test_add_neutral (ds, l, "gpu", 1, 0.5);
  asic = test_add_integrated (ds, l, "asic", 1, 0, 0, 0);
  test_option (ds, l, asic)->fixed_cost = test_number (100);
  asic = test_add_integrated (ds, l, "asic-copy", 1, 0, 0, 0);
  test_option (ds, l, asic)->fixed_cost = test_number (100);
  strata_dataset_finish (ds);
  h->first_year = 2026;
  h->years = 3;
  h->discount_rate = test_number (0.1);
  h->volume_listed = TRUE;
  h->volumes = g_new (double, 3);
  h->volumes[0] = h->volumes[1] = 100;
  h->volumes[2] = 300;
  h->start = g_strdup ("all-neutral");
  ds->horizon = h;

  g_assert_true (strata_roadmap_optimal (ds, STRATA_HORIZON_EFFECTIVE, &fast, &error));
  strata_roadmap_brute_force (ds, STRATA_HORIZON_EFFECTIVE, &slow);
  g_assert_cmpuint (fast.option, ==, 1);
  g_assert_cmpint (fast.decide_year, ==, 2);
  g_assert_cmpuint (slow.option, ==, 1);
  g_assert_cmpint (slow.decide_year, ==, 2);

  /* No saving at all: never switching wins over any switch. */
  h->volumes[2] = 100;
  g_assert_true (strata_roadmap_optimal (ds, STRATA_HORIZON_EFFECTIVE, &fast, &error));
  g_assert_cmpint (fast.decide_year, ==, -1);
  g_assert_cmpuint (fast.option, ==, 0);
}

/* One year (2000) of 10,000 units, no discount, starting all neutral. */
static StrataHorizon *
one_year_horizon (void)
{
  StrataHorizon *h = g_new0 (StrataHorizon, 1);

  h->first_year = 2000;
  h->years = 1;
  h->discount_rate = test_number (0);
  h->volume_listed = TRUE;
  h->volumes = g_new (double, 1);
  h->volumes[0] = 1e4;
  h->start = g_strdup ("all-neutral");
  return h;
}

/* An option nobody would pick does not blur the others' NPVs: a, b and
 * c are bought at 5, 4.5 and 1e10 a unit, 10,000 units in one year.
 * Moving to b saves 5,000 (10 %); the tie tolerance was 1e-9 of the sum
 * of every layer's dearest plan (1e14 here), so the saving counted as a
 * tie and the roadmap never switched.  The same with an unused capex of
 * 1e14 instead of c's price. */
static void
test_ties_unused_option (void)
{
  for (guint variant = 0; variant < 2; variant++)
    {
      g_autoptr(StrataDataset) ds = test_dataset_new (1000, 1e6, 0);
      guint l = test_add_layer (ds, "l0");
      StrataLayerPlan fast, slow;
      g_autoptr(GError) error = NULL;
      guint c;

      test_add_neutral_price (ds, l, "a", 5, 0);
      test_add_neutral_price (ds, l, "b", 4.5, 0);
      c = test_add_neutral_price (ds, l, "c", variant == 0 ? 1e10 : 6, 0);
      if (variant == 1)
        test_option (ds, l, c)->capex = test_number (1e14);
      strata_dataset_finish (ds);
      ds->horizon = one_year_horizon ();

      g_assert_true (strata_roadmap_optimal (ds, STRATA_HORIZON_EFFECTIVE, &fast, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (strata_roadmap_brute_force (ds, STRATA_HORIZON_EFFECTIVE, &slow), ==, 1);
      g_assert_cmpuint (fast.option, ==, 1);
      g_assert_cmpint (fast.decide_year, ==, 0);
      g_assert_cmpuint (slow.option, ==, 1);
      g_assert_cmpint (slow.decide_year, ==, 0);
    }
}

/* "Adopt Optimal now" adopts the optimum of the answer's objective, as
 * `evaluate --optimal --objective` gives it: a (bought at 5 a unit,
 * ecosystem value 10) is the effective optimum, b (made at 1) the cash
 * one.  Under cash it stayed on a, the effective optimum. */
static void
test_adopt_optimal_objective (void)
{
  g_autoptr(StrataDataset) ds = test_dataset_new (1000, 1e6, 0);
  guint l = test_add_layer (ds, "l0");
  const StrataStrategy *optimal;
  guint a, choices[1];

  a = test_add_neutral_price (ds, l, "a", 5, 0);
  test_option (ds, l, a)->ecosystem_value = test_number (10);
  test_add_integrated (ds, l, "b", 1, 0, 0, 0);
  strata_dataset_finish (ds);
  ds->horizon = one_year_horizon ();
  optimal = strata_dataset_find_strategy (ds, STRATA_STRATEGY_OPTIMAL);

  for (StrataHorizonObjective objective = STRATA_HORIZON_EFFECTIVE; objective <= STRATA_HORIZON_CASH; objective++)
    {
      StrataPlanResult *result = strata_plan_adopt_now (ds, optimal, objective, NULL);
      guint want = objective == STRATA_HORIZON_CASH ? 1 : 0;

      g_assert_nonnull (result);
      g_assert_cmpuint (strata_horizon_adopted_choices (ds, optimal, objective, choices)[0], ==, want);
      g_assert_cmpuint (result->choices[0], ==, want);
      /* Against the start (a): the cash plan saves 4 a unit. */
      g_assert_cmpfloat_with_epsilon (result->savings_npv, objective == STRATA_HORIZON_CASH ? 4e4 : 0, 1e-6);
      strata_plan_result_free (result);
    }
}

/* A wide case where brute force is out of reach still gives a valid
 * roadmap at least as good as every adopt-now and the start. */
static void
test_optimal_beats_adopt (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (99);

  for (guint k = 0; k < 40; k++)
    {
      g_autoptr(StrataDataset) ds = test_random_dataset (rand, 7, 4);
      g_autofree StrataLayerPlan *best = g_new0 (StrataLayerPlan, ds->n_layers);
      g_autofree StrataLayerPlan *adopt = g_new0 (StrataLayerPlan, ds->n_layers);
      g_autoptr(GError) error = NULL;
      double best_npv;

      add_random_horizon (rand, ds);
      ds->horizon->years = MIN (ds->horizon->years, 1) + 8;
      if (ds->horizon->volume_listed)
        {
          g_clear_pointer (&ds->horizon->volumes, g_free);
          ds->horizon->volume_listed = FALSE;
          ds->horizon->volume_first = test_number (ds->volume_min);
          ds->horizon->volume_growth = test_number (0.4);
        }
      g_assert_true (strata_roadmap_optimal (ds, STRATA_HORIZON_EFFECTIVE, best, &error));
      g_assert_true (strata_roadmap_is_valid (ds, best));
      best_npv = strata_plan_npv (ds, best, STRATA_HORIZON_EFFECTIVE);
      for (guint s = 0; s < ds->n_strategies; s++)
        {
          g_autofree guint *choices = g_new0 (guint, ds->n_layers);

          strata_strategy_resolve (ds, &ds->strategies[s], ds->horizon->volume_first.value, choices);
          if (!strata_roadmap_adopt (ds, choices, adopt, NULL))
            continue;
          g_assert_cmpfloat (best_npv, <=, strata_plan_npv (ds, adopt, STRATA_HORIZON_EFFECTIVE)
                             + 1e-9 * fabs (best_npv) + 1e-9);
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/horizon/load/fields", test_load_fields);
  g_test_add_func ("/horizon/load/variants", test_load_variants);
  g_test_add_func ("/horizon/load/refusals", test_load_refusals);
  g_test_add_func ("/horizon/save/round-trip", test_save_round_trip);
  g_test_add_func ("/horizon/plan/hand-case", test_hand_case);
  g_test_add_func ("/horizon/plan/start", test_start_plan);
  g_test_add_func ("/horizon/plan/no-payback", test_no_payback);
  g_test_add_func ("/horizon/plan/annual-matches-model", test_annual_matches_model);
  g_test_add_func ("/horizon/plan/cumulative-learning", test_cumulative_learning);
  g_test_add_func ("/horizon/roadmap/adopt-overrun", test_adopt_overrun);
  g_test_add_func ("/horizon/roadmap/exact-vs-brute-force", test_optimal_vs_brute_force);
  g_test_add_func ("/horizon/roadmap/ties", test_ties);
  g_test_add_func ("/horizon/roadmap/ties-unused-option", test_ties_unused_option);
  g_test_add_func ("/horizon/roadmap/adopt-optimal-objective", test_adopt_optimal_objective);
  g_test_add_func ("/horizon/roadmap/beats-adopt-now", test_optimal_beats_adopt);

  return g_test_run ();
}

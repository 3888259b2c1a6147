/* test-roadmap-mc.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * The Monte Carlo of the decision over years (MODEL.md 6 and 8): every
 * percentile against a brute force that sets each draw's numbers on the
 * dataset by hand, evaluates the plans with strata_plan_evaluate () and
 * sorts; the same figures on 1, 2 and 3 threads; the draw order (section
 * 6's numbers first, as strata_monte_carlo_run () draws them); a case whose
 * probability is worked by hand; no uncertain numbers; refusals.
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "strata/strata-horizon.h"
#include "strata/strata-model.h"
#include "strata/strata-roadmap-mc.h"
#include "strata/strata-uncertainty.h"
#include "app/core/strata-horizon-private.h"

#define NAME "stack.json"

/* test-horizon.c's hand case with five uncertain numbers: the
 * accelerator's unit_cost (section 6), its capex, the API's exit cost,
 * the discount rate and the growth. */
static const char UNCERTAIN[] =
  "{\n"
  "  \"format\": \"strata-stack/1\",\n"
  "  \"title\": \"Uncertain hand case\",\n"
  "  \"unit\": \"units\",\n"
  "  \"currency\": \"USD\",\n"
  "  \"volume\": { \"min\": 10, \"max\": 1000, \"default\": 100 },\n"
  "  \"boundary_cost\": 0.1,\n"
  "  \"layers\": [\n"
  "    { \"id\": \"chips\", \"options\": [\n"
  "        { \"id\": \"gpu\", \"mode\": \"neutral\", \"supplier_cost\": 1, \"margin\": 0.5, \"exit_cost\": 20 },\n"
  "        { \"id\": \"asic\", \"mode\": \"integrated\",\n"
  "          \"unit_cost\": { \"value\": 1, \"low\": 0.8, \"high\": 1.5 }, \"fixed_cost\": 50,\n"
  "          \"capex\": { \"value\": 300, \"low\": 100, \"high\": 700 }, \"build_years\": 1 }\n"
  "      ] },\n"
  "    { \"id\": \"models\", \"options\": [\n"
  "        { \"id\": \"api\", \"mode\": \"neutral\", \"price\": 3, \"margin\": 0, \"ecosystem_value\": 0.2,\n"
  "          \"exit_cost\": { \"value\": 10, \"low\": 0, \"high\": 40 } },\n"
  "        { \"id\": \"own\", \"mode\": \"integrated\", \"unit_cost\": 2 }\n"
  "      ] }\n"
  "  ],\n"
  "  \"links\": [ { \"from\": \"chips\", \"to\": \"models\", \"saving\": 0.5 } ],\n"
  "  \"horizon\": { \"first_year\": 2026, \"years\": 4,\n"
  "               \"discount_rate\": { \"value\": 0.1, \"low\": 0.05, \"high\": 0.15 },\n"
  "               \"volume\": { \"first\": 100, \"growth\": { \"value\": 0.5, \"low\": 0.2, \"high\": 0.8 } } }\n"
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

static int
cmp_double (const void *a,
            const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* Type 7 on a sorted copy, written out: the oracle of the percentiles. */
static double
sorted_percentile (const double *values,
                   guint         n,
                   double        p)
{
  g_autofree double *s = g_memdup2 (values, sizeof (double) * n);
  double h;
  guint k;

  if (n == 0)
    return NAN;
  qsort (s, n, sizeof (double), cmp_double);
  h = (n - 1) * p;
  k = (guint) floor (h);
  if (k + 1 >= n)
    return s[n - 1];
  return s[k] + (h - k) * (s[k + 1] - s[k]);
}

static void
assert_close (double got,
              double want)
{
  if (isnan (want))
    g_assert_true (isnan (got));
  else
    g_assert_cmpfloat_with_epsilon (got, want, 1e-9 * MAX (1.0, fabs (want)));
}

/* Percentiles against brute force: draw d's five numbers set on the
 * dataset by hand, each plan evaluated, the columns sorted. */
static void
test_brute_force (void)
{
  g_autoptr(StrataDataset) ds = load (UNCERTAIN);
  g_autoptr(StrataDataset) work = load (UNCERTAIN);
  const StrataStrategy *integrated = strata_dataset_find_strategy (ds, "all-integrated");
  const StrataStrategy *strategies[] = { integrated };
  StrataRoadmapMcParams params = { 0 };
  g_autoptr(StrataRoadmapMc) mc = NULL;
  g_autoptr(GError) error = NULL;
  const guint n = 301;
  g_autofree double *savings = g_new (double, 2 * n);
  g_autofree double *payback = g_new (double, 2 * n);
  g_autofree double *cum = g_new (double, 2 * 4 * n);
  guint paid[2] = { 0, 0 }, positive[2] = { 0, 0 };

  params.n_draws = n;
  params.seed = 42;
  params.n_threads = 2;
  params.optimal = TRUE;
  params.strategies = strategies;
  params.n_strategies = 1;
  mc = strata_roadmap_mc_run (ds, &params, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (mc);
  g_assert_cmpuint (mc->n_uncertain, ==, 5);
  g_assert_cmpuint (mc->n_plans, ==, 2);
  g_assert_null (mc->plans[0].strategy_id);
  g_assert_cmpstr (mc->plans[1].strategy_id, ==, "all-integrated");
  g_assert_true (strata_roadmap_mc_find (mc, NULL) == &mc->plans[0]);
  g_assert_true (strata_roadmap_mc_find (mc, "all-integrated") == &mc->plans[1]);

  for (guint d = 0; d < n; d++)
    {
      double x[5];
      StrataLayerPlan lp[2];

      g_assert_cmpuint (strata_roadmap_mc_draw (ds, 42, d, x), ==, 5);
      /* Draw order: section 6 (asic unit_cost), then capex and exit cost
       * by layer and option, then discount rate and growth. */
      work->layers[0].options[1].unit_cost.value = x[0];
      work->layers[0].options[1].capex.value = x[1];
      work->layers[1].options[0].exit_cost.value = x[2];
      work->horizon->discount_rate.value = x[3];
      work->horizon->volume_growth.value = x[4];
      g_assert_cmpfloat (x[1], >=, 100);
      g_assert_cmpfloat (x[1], <=, 700);

      for (guint p = 0; p < 2; p++)
        {
          g_autoptr(StrataPlanResult) res = NULL;

          if (p == 0)
            g_assert_true (strata_roadmap_optimal (work, STRATA_HORIZON_EFFECTIVE, lp, NULL));
          else
            g_assert_true (strata_roadmap_adopt (work, integrated->choices, lp, NULL));
          res = strata_plan_evaluate (work, lp, STRATA_HORIZON_EFFECTIVE);
          savings[p * n + d] = res->savings_npv;
          positive[p] += res->savings_npv > 1e-12 * (res->npv_effective_cost + res->savings_npv);
          if (res->has_payback)
            payback[p * n + paid[p]++] = res->payback_year;
          for (guint t = 0; t < 4; t++)
            cum[(p * 4 + t) * n + d] = res->rows[t].savings;
        }
    }

  for (guint p = 0; p < 2; p++)
    {
      const StrataRoadmapMcPlan *plan = &mc->plans[p];

      assert_close (plan->savings_p10, sorted_percentile (&savings[p * n], n, 0.1));
      assert_close (plan->savings_p50, sorted_percentile (&savings[p * n], n, 0.5));
      assert_close (plan->savings_p90, sorted_percentile (&savings[p * n], n, 0.9));
      g_assert_cmpfloat (plan->positive_share, ==, (double) positive[p] / n);
      g_assert_cmpuint (plan->n_payback_draws, ==, paid[p]);
      g_assert_cmpfloat (plan->no_payback_share, ==, 1.0 - (double) paid[p] / n);
      assert_close (plan->payback_p10, sorted_percentile (&payback[p * n], paid[p], 0.1));
      assert_close (plan->payback_p50, sorted_percentile (&payback[p * n], paid[p], 0.5));
      assert_close (plan->payback_p90, sorted_percentile (&payback[p * n], paid[p], 0.9));
      for (guint t = 0; t < 4; t++)
        {
          assert_close (plan->cumulative_p10[t], sorted_percentile (&cum[(p * 4 + t) * n], n, 0.1));
          assert_close (plan->cumulative_p50[t], sorted_percentile (&cum[(p * 4 + t) * n], n, 0.5));
          assert_close (plan->cumulative_p90[t], sorted_percentile (&cum[(p * 4 + t) * n], n, 0.9));
        }
      /* The spread is real: the draws move the savings. */
      g_assert_cmpfloat (plan->savings_p10, <, plan->savings_p90);
      g_assert_cmpfloat_with_epsilon (plan->cumulative_p50[3], plan->savings_p50,
                                      1e-9 * fabs (plan->savings_p50));
    }
  /* The optimal roadmap of each draw is never worse than adopting. */
  for (guint d = 0; d < n; d++)
    g_assert_cmpfloat (savings[d], >=, savings[n + d] - 1e-9 * fabs (savings[n + d]));
}

/* The same numbers on 1, 2 and 3 threads, to the bit. */
static void
test_threads (void)
{
  g_autoptr(StrataDataset) ds = load (UNCERTAIN);
  const StrataStrategy *strategies[] = {
    strata_dataset_find_strategy (ds, "all-integrated"),
    strata_dataset_find_strategy (ds, "optimal"),
  };
  g_autoptr(StrataRoadmapMc) one = NULL;

  for (guint threads = 1; threads <= 3; threads++)
    {
      StrataRoadmapMcParams params = { 0 };
      g_autoptr(StrataRoadmapMc) mc = NULL;
      g_autoptr(GError) error = NULL;

      params.n_draws = 200;
      params.seed = 7;
      params.n_threads = threads;
      params.optimal = TRUE;
      params.objective = STRATA_HORIZON_CASH;
      params.strategies = strategies;
      params.n_strategies = 2;
      mc = strata_roadmap_mc_run (ds, &params, NULL, &error);
      g_assert_no_error (error);
      if (one == NULL)
        {
          one = g_steal_pointer (&mc);
          continue;
        }
      g_assert_cmpuint (mc->n_plans, ==, one->n_plans);
      for (guint p = 0; p < mc->n_plans; p++)
        {
          const StrataRoadmapMcPlan *a = &one->plans[p], *b = &mc->plans[p];
          const double fa[] = { a->savings_p10, a->savings_p50, a->savings_p90, a->positive_share,
                                a->payback_p10, a->payback_p50, a->payback_p90, a->no_payback_share };
          const double fb[] = { b->savings_p10, b->savings_p50, b->savings_p90, b->positive_share,
                                b->payback_p10, b->payback_p50, b->payback_p90, b->no_payback_share };

          g_assert_cmpmem (fa, sizeof fa, fb, sizeof fb);
          g_assert_cmpmem (a->cumulative_p10, 4 * sizeof (double), b->cumulative_p10, 4 * sizeof (double));
          g_assert_cmpmem (a->cumulative_p50, 4 * sizeof (double), b->cumulative_p50, 4 * sizeof (double));
          g_assert_cmpmem (a->cumulative_p90, 4 * sizeof (double), b->cumulative_p90, 4 * sizeof (double));
        }
    }
}

/* Section 6's numbers come first and are those of strata_monte_carlo_run ():
 * common random numbers with the cost curves' Monte Carlo. */
static void
test_draw_order (void)
{
  g_autoptr(StrataDataset) ds = load (UNCERTAIN);
  double x[5], y[1];

  for (guint d = 0; d < 20; d++)
    {
      strata_roadmap_mc_draw (ds, 3, d, x);
      strata_monte_carlo_draw (ds, 3, d, y);
      g_assert_cmpfloat (x[0], ==, y[0]);
    }
}

/* Worked by hand.  Only the accelerator's capex is uncertain, triangular
 * on [0, 1800] with mode 900, paid in 2026 (one build year, undiscounted).
 * Adopting all-integrated now saves, from test-horizon.c's hand case with
 * capex 300, 599.752066 + 300 - capex over three years: positive when
 * capex < 899.752066, whose probability is
 *   F(899.752066) = 899.752066^2 / (1800 x 900) = 0.499724...
 * The cumulative savings are 70 - capex in 2026 (-230 at 300) and
 * 401.818182 - capex in 2027, so the draws that pay back do so in 2026
 * (capex <= 70: F = 70^2 / 1620000 = 0.0030247), 2027 (capex <= 401.818:
 * F = 0.0996638) or 2028, and never above 899.75.  Savings are linear
 * in capex, so their percentiles are 899.752066 less capex's: P50 of a
 * symmetric triangular is its mode, 900 -> savings P50 about -0.25. */
static void
test_hand (void)
{
  const char *text =
    "{ \"format\": \"strata-stack/1\", \"title\": \"Hand\", \"unit\": \"units\", \"currency\": \"USD\",\n"
    "  \"price\": 8, \"volume\": { \"min\": 10, \"max\": 1000, \"default\": 100 }, \"boundary_cost\": 0.1,\n"
    "  \"layers\": [\n"
    "    { \"id\": \"chips\", \"options\": [\n"
    "        { \"id\": \"gpu\", \"mode\": \"neutral\", \"supplier_cost\": 1, \"margin\": 0.5, \"exit_cost\": 20 },\n"
    "        { \"id\": \"asic\", \"mode\": \"integrated\", \"unit_cost\": 1, \"fixed_cost\": 50,\n"
    "          \"capex\": { \"value\": 900, \"low\": 0, \"high\": 1800 }, \"build_years\": 1 } ] },\n"
    "    { \"id\": \"models\", \"options\": [\n"
    "        { \"id\": \"api\", \"mode\": \"neutral\", \"price\": 3, \"margin\": 0, \"ecosystem_value\": 0.2,\n"
    "          \"exit_cost\": 10 },\n"
    "        { \"id\": \"own\", \"mode\": \"integrated\", \"unit_cost\": 2 } ] } ],\n"
    "  \"links\": [ { \"from\": \"chips\", \"to\": \"models\", \"saving\": 0.5 } ],\n"
    "  \"horizon\": { \"first_year\": 2026, \"years\": 3, \"discount_rate\": 0.1,\n"
    "               \"volume\": { \"first\": 100, \"growth\": 0.5 } } }\n";
  g_autoptr(StrataDataset) ds = load (text);
  const StrataStrategy *strategies[] = { strata_dataset_find_strategy (ds, "all-integrated") };
  StrataRoadmapMcParams params = { 0 };
  g_autoptr(StrataRoadmapMc) mc = NULL;
  g_autoptr(GError) error = NULL;
  const StrataRoadmapMcPlan *plan;
  const guint n = 20000;
  guint in_2026 = 0, in_2027 = 0;

  params.n_draws = n;
  params.seed = 1;
  params.strategies = strategies;
  params.n_strategies = 1;
  mc = strata_roadmap_mc_run (ds, &params, NULL, &error);
  g_assert_no_error (error);
  plan = &mc->plans[0];
  g_assert_cmpuint (mc->n_uncertain, ==, 1);
  /* Sampling error of a share over 20000 draws: sd <= 0.0036. */
  g_assert_cmpfloat_with_epsilon (plan->positive_share, 0.499724, 0.015);
  g_assert_cmpfloat_with_epsilon (plan->savings_p50, 899.752066 - 900, 20);
  /* A draw pays back exactly when its savings at the end are not
   * negative. */
  g_assert_cmpfloat_with_epsilon (plan->no_payback_share, 1 - plan->positive_share, 1e-12);
  for (guint d = 0; d < n; d++)
    {
      double capex;

      strata_roadmap_mc_draw (ds, 1, d, &capex);
      in_2026 += capex <= 70;
      in_2027 += capex <= 401.818181;
    }
  g_assert_cmpfloat_with_epsilon ((double) in_2026 / n, 0.0030247, 0.002);
  g_assert_cmpfloat_with_epsilon ((double) in_2027 / n, 0.0996638, 0.01);
  /* Exactly: each draw's savings is 899.752066 - capex, to rounding. */
  {
    g_autofree double *s = g_new (double, n);

    for (guint d = 0; d < n; d++)
      {
        strata_roadmap_mc_draw (ds, 1, d, &s[d]);
        s[d] = 899.752066115 - s[d];
      }
    g_assert_cmpfloat_with_epsilon (plan->savings_p10, sorted_percentile (s, n, 0.1), 1e-6);
    g_assert_cmpfloat_with_epsilon (plan->savings_p90, sorted_percentile (s, n, 0.9), 1e-6);
  }
  /* Payback years: 2026, 2027 or 2028, so their percentiles lie there. */
  g_assert_cmpfloat (plan->payback_p10, >=, 2026);
  g_assert_cmpfloat (plan->payback_p90, <=, 2028);
  g_assert_cmpfloat (plan->payback_p50, ==, 2028);
}

/* Nothing uncertain: every percentile is the plan's own figure. */
static void
test_certain (void)
{
  g_autofree char *text = NULL;
  g_autoptr(StrataDataset) ds = NULL;
  const StrataStrategy *strategies[] = { NULL };
  StrataRoadmapMcParams params = { 0 };
  g_autoptr(StrataRoadmapMc) mc = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(StrataPlanResult) res = NULL;
  StrataLayerPlan lp[2];

  {
    g_autoptr(GString) s = g_string_new (UNCERTAIN);

    g_string_replace (s, "{ \"value\": 1, \"low\": 0.8, \"high\": 1.5 }", "1", 0);
    g_string_replace (s, "{ \"value\": 300, \"low\": 100, \"high\": 700 }", "300", 0);
    g_string_replace (s, "{ \"value\": 10, \"low\": 0, \"high\": 40 }", "10", 0);
    g_string_replace (s, "{ \"value\": 0.1, \"low\": 0.05, \"high\": 0.15 }", "0.1", 0);
    g_string_replace (s, "{ \"value\": 0.5, \"low\": 0.2, \"high\": 0.8 }", "0.5", 0);
    text = g_string_free (g_steal_pointer (&s), FALSE);
  }
  ds = load (text);
  strategies[0] = strata_dataset_find_strategy (ds, "all-integrated");
  params.n_draws = 1000;
  params.seed = 5;
  params.strategies = strategies;
  params.n_strategies = 1;
  mc = strata_roadmap_mc_run (ds, &params, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mc->n_uncertain, ==, 0);
  g_assert_cmpuint (mc->n_draws, ==, 1000);
  g_assert_true (strata_roadmap_adopt (ds, strategies[0]->choices, lp, NULL));
  res = strata_plan_evaluate (ds, lp, STRATA_HORIZON_EFFECTIVE);
  g_assert_cmpfloat (mc->plans[0].savings_p10, ==, res->savings_npv);
  g_assert_cmpfloat (mc->plans[0].savings_p90, ==, res->savings_npv);
  g_assert_cmpfloat (mc->plans[0].positive_share, ==, res->savings_npv > 0 ? 1.0 : 0.0);
  g_assert_true (res->has_payback);
  g_assert_cmpfloat (mc->plans[0].payback_p50, ==, res->payback_year);
  g_assert_cmpuint (mc->plans[0].n_payback_draws, ==, 1000);
  g_assert_cmpfloat (mc->plans[0].no_payback_share, ==, 0);
  for (guint t = 0; t < 4; t++)
    g_assert_cmpfloat (mc->plans[0].cumulative_p50[t], ==, res->rows[t].savings);
}

static void
test_refusals (void)
{
  g_autoptr(StrataDataset) ds = load (UNCERTAIN);
  StrataRoadmapMcParams params = { 0 };
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  const StrataStrategy *all = strata_dataset_find_strategy (ds, "all-integrated");
  const StrataStrategy *five[] = { all, all, all, all, all };
  GError *error = NULL;

  params.n_draws = 0;
  params.optimal = TRUE;
  g_assert_null (strata_roadmap_mc_run (ds, &params, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  params.n_draws = 10;
  params.optimal = FALSE;
  g_assert_null (strata_roadmap_mc_run (ds, &params, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  params.n_draws = STRATA_MONTE_CARLO_MAX_DRAWS + 1;
  params.optimal = TRUE;
  g_assert_null (strata_roadmap_mc_run (ds, &params, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* 6 plans x 10^6 draws x (4 + 2) years: more numbers than a run keeps. */
  params.n_draws = STRATA_MONTE_CARLO_MAX_DRAWS;
  params.strategies = five;
  params.n_strategies = 5;
  g_assert_null (strata_roadmap_mc_run (ds, &params, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "fewer draws"));
  g_clear_error (&error);

  params.n_draws = 100;
  params.n_strategies = 0;
  g_cancellable_cancel (cancellable);
  g_assert_null (strata_roadmap_mc_run (ds, &params, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  g_clear_pointer (&ds->horizon, strata_horizon_free);
  g_assert_null (strata_roadmap_mc_run (ds, &params, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
}

/* Adopting Optimal now runs each draw's optimum: in a draw whose
 * optimum runs fab (3 build years, a horizon of 2), that is not a
 * roadmap, and the draw is left out of the plan's figures (the whole run
 * failed before, and with it the app's band and the montecarlo
 * command's horizon).  Against each draw set on the dataset by hand. */
static void
test_not_roadmap (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "horizon", "not-roadmap.strata.json",
                                                 NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(StrataDataset) ds = strata_dataset_load_file (path, &error);
  const StrataStrategy *optimal = strata_dataset_find_strategy (ds, "optimal");
  const StrataStrategy *strategies[] = { optimal };
  StrataOption *asic = &ds->layers[0].options[2];
  StrataRoadmapMcParams params = { 0 };
  g_autoptr(StrataRoadmapMc) mc = NULL;
  const StrataRoadmapMcPlan *plan;
  const guint n_draws = 300;
  g_autofree double *savings = g_new (double, n_draws);
  guint n_valid = 0, positive = 0;
  double keep = asic->unit_cost.value;

  g_assert_no_error (error);
  g_assert_true (strata_plan_can_adopt (ds, optimal, STRATA_HORIZON_EFFECTIVE, NULL));
  params.n_draws = n_draws;
  params.seed = 7;
  params.optimal = TRUE;
  params.strategies = strategies;
  params.n_strategies = 1;
  mc = strata_roadmap_mc_run (ds, &params, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (mc);
  g_assert_cmpfloat (strata_roadmap_mc_find (mc, NULL)->not_roadmap_share, ==, 0);

  for (guint d = 0; d < n_draws; d++)
    {
      double drawn;
      g_autoptr(StrataPlanResult) r = NULL;

      /* Drawn around the dataset's own value, its mode. */
      asic->unit_cost.value = keep;
      g_assert_cmpuint (strata_roadmap_mc_draw (ds, params.seed, d, &drawn), ==, 1);
      asic->unit_cost.value = drawn;
      r = strata_plan_adopt_now (ds, optimal, STRATA_HORIZON_EFFECTIVE, NULL);
      /* fab (1) is cheaper than asic drawn above 1: not a roadmap. */
      g_assert_true ((r == NULL) == (drawn > 1));
      if (r != NULL)
        {
          savings[n_valid++] = r->savings_npv;
          positive += r->savings_npv > 0;
        }
    }
  asic->unit_cost.value = keep;
  g_assert_cmpuint (n_valid, >, n_draws / 10);
  g_assert_cmpuint (n_valid, <, n_draws - n_draws / 10);

  plan = strata_roadmap_mc_find (mc, "optimal");
  g_assert_nonnull (plan);
  assert_close (plan->not_roadmap_share, 1.0 - (double) n_valid / n_draws);
  assert_close (plan->positive_share, (double) positive / n_valid);
  assert_close (plan->savings_p10, sorted_percentile (savings, n_valid, 0.1));
  assert_close (plan->savings_p50, sorted_percentile (savings, n_valid, 0.5));
  assert_close (plan->savings_p90, sorted_percentile (savings, n_valid, 0.9));
  g_assert_true (isfinite (plan->cumulative_p50[1]));
}

/* The Monte Carlo plans the roadmap search once and runs it on each
 * draw's numbers, and evaluates every plan of a draw on one context:
 * the same plans and figures, to the bit, as strata_roadmap_optimal ()
 * and strata_plan_evaluate () on the numbers alone.  Random numbers on
 * the hand case, with annual and cumulative learning, both objectives,
 * and the start switching between all-neutral and all-integrated (a
 * new structure for the search) every few draws. */
static void
test_solver_reuse (void)
{
  g_autoptr(StrataDataset) ds = load (UNCERTAIN);
  g_autoptr(GRand) rand = g_rand_new_with_seed (2026);
  StrataOption *asic = &ds->layers[0].options[1];
  StrataOption *gpu = &ds->layers[0].options[0];
  StrataOption *api = &ds->layers[1].options[0];
  guint n_switches = 0, n_structures = 0;

  for (guint learning = 0; learning < 2; learning++)
    for (guint objective = 0; objective < 2; objective++)
      {
        StrataHorizonObjective obj = objective ? STRATA_HORIZON_CASH : STRATA_HORIZON_EFFECTIVE;
        StrataRoadmapSolver *solver = _strata_roadmap_solver_new ();
        gboolean was_neutral = TRUE;

        ds->horizon->learning = learning ? STRATA_LEARNING_CUMULATIVE : STRATA_LEARNING_ANNUAL;
        for (guint d = 0; d < 150; d++)
          {
            gboolean neutral = (d / 7) % 2 == 0;
            StrataLayerPlan fast[2], slow[2];
            g_autoptr(StrataPlanResult) want = NULL;
            g_autoptr(GError) error = NULL;
            HorizonCtx *c;
            double *start_cost;
            StrataPlanResult *got;

            asic->unit_cost.value = g_rand_double_range (rand, 0.3, 2.5);
            asic->learning_rate.value = g_rand_double_range (rand, 0, 0.3);
            asic->reference_volume.value = g_rand_double_range (rand, 50, 500);
            asic->fixed_cost.value = g_rand_double_range (rand, 0, 100);
            asic->capex.value = g_rand_double_range (rand, 0, 700);
            asic->experience = g_rand_double_range (rand, 0, 300);
            gpu->supplier_cost.value = g_rand_double_range (rand, 0.5, 2);
            gpu->exit_cost.value = g_rand_double_range (rand, 0, 60);
            api->exit_cost.value = g_rand_double_range (rand, 0, 40);
            api->ecosystem_value.value = g_rand_double_range (rand, 0, 0.8);
            ds->links[0].saving.value = g_rand_double_range (rand, 0, 0.9);
            ds->horizon->discount_rate.value = g_rand_double_range (rand, 0, 0.3);
            ds->horizon->volume_growth.value = g_rand_double_range (rand, -0.3, 1.5);
            if (neutral != was_neutral)
              {
                g_free (ds->horizon->start);
                ds->horizon->start = g_strdup (neutral ? "all-neutral" : "all-integrated");
                was_neutral = neutral;
                n_structures++;
              }

            g_assert_true (strata_roadmap_optimal (ds, obj, slow, &error));
            g_assert_no_error (error);
            c = _strata_horizon_ctx_new (ds);
            g_assert_true (_strata_roadmap_solver_run (solver, c, obj, fast, &error));
            g_assert_no_error (error);
            g_assert_cmpmem (fast, sizeof fast, slow, sizeof slow);
            n_switches += strata_roadmap_n_switches (ds, slow);

            want = strata_plan_evaluate (ds, slow, obj);
            start_cost = g_new (double, c->years);
            _strata_plan_start_costs (c, obj, start_cost);
            got = _strata_plan_result_new (c, obj);
            _strata_plan_evaluate_ctx (c, fast, start_cost, got);
            g_assert_cmpmem (got->rows, sizeof (StrataPlanYear) * c->years,
                             want->rows, sizeof (StrataPlanYear) * c->years);
            g_assert_cmpmem (got->choices, sizeof (guint) * 2 * c->years,
                             want->choices, sizeof (guint) * 2 * c->years);
            g_assert_cmpmem (got->building, sizeof (int) * 2 * c->years,
                             want->building, sizeof (int) * 2 * c->years);
            g_assert_cmpmem (got->start, sizeof (guint) * 2, want->start, sizeof (guint) * 2);
            g_assert_true (memcmp (&got->npv_cost, &want->npv_cost, sizeof (double)) == 0);
            g_assert_true (memcmp (&got->npv_effective_cost, &want->npv_effective_cost, sizeof (double)) == 0);
            g_assert_true (memcmp (&got->savings_npv, &want->savings_npv, sizeof (double)) == 0);
            g_assert_true (memcmp (&got->peak_funding, &want->peak_funding, sizeof (double)) == 0);
            g_assert_cmpint (got->has_payback, ==, want->has_payback);
            g_assert_cmpint (got->payback_year, ==, want->payback_year);
            strata_plan_result_free (got);
            g_free (start_cost);
            _strata_horizon_ctx_free (c);
          }
        _strata_roadmap_solver_free (solver);
      }
  /* The draws were not all "never switch", and the structure changed. */
  g_assert_cmpuint (n_switches, >, 100);
  g_assert_cmpuint (n_structures, >, 20);
}

typedef struct
{
  GArray *fractions;
  gint    inside;   /* (atomic) calls under way */
} Progress;

static void
progress_cb (double   fraction,
             gpointer data)
{
  Progress *p = data;

  g_assert_cmpint (g_atomic_int_add (&p->inside, 1), ==, 0);
  g_array_append_val (p->fractions, fraction);
  g_usleep (10);
  g_atomic_int_add (&p->inside, -1);
}

/* The progress is told after each draw (it was after each task of 16
 * draws: on links that couple many layers a draw of the optimal roadmap
 * takes seconds, and the app showed 0 % for most of a minute): one call a
 * draw, never two at once, only growing, 1 at the end, on any number of
 * threads. */
static void
test_progress (void)
{
  g_autoptr(StrataDataset) ds = load (UNCERTAIN);
  const StrataStrategy *strategies[] = { strata_dataset_find_strategy (ds, "all-integrated") };

  for (guint threads = 1; threads <= 3; threads++)
    {
      g_autoptr(GArray) fractions = g_array_new (FALSE, FALSE, sizeof (double));
      Progress p = { fractions, 0 };
      StrataRoadmapMcParams params = { 0 };
      g_autoptr(StrataRoadmapMc) mc = NULL;
      g_autoptr(GError) error = NULL;

      params.n_draws = 37;
      params.seed = 3;
      params.n_threads = threads;
      params.optimal = TRUE;
      params.strategies = strategies;
      params.n_strategies = 1;
      params.progress = progress_cb;
      params.progress_data = &p;
      mc = strata_roadmap_mc_run (ds, &params, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (fractions->len, ==, 37);
      for (guint i = 0; i < fractions->len; i++)
        g_assert_cmpfloat (g_array_index (fractions, double, i), ==, (i + 1) / 37.0);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/roadmap-mc/brute-force", test_brute_force);
  g_test_add_func ("/roadmap-mc/threads", test_threads);
  g_test_add_func ("/roadmap-mc/draw-order", test_draw_order);
  g_test_add_func ("/roadmap-mc/hand", test_hand);
  g_test_add_func ("/roadmap-mc/certain", test_certain);
  g_test_add_func ("/roadmap-mc/refusals", test_refusals);
  g_test_add_func ("/roadmap-mc/solver-reuse", test_solver_reuse);
  g_test_add_func ("/roadmap-mc/not-roadmap", test_not_roadmap);
  g_test_add_func ("/roadmap-mc/progress", test_progress);

  return g_test_run ();
}

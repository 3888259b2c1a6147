/* test-model.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "strata-test-util.h"
#include "../app/core/strata-model-private.h"

/* Hand-computed cases for every formula of MODEL.md section 3 and the tie
 * rule of section 5.  The arithmetic is written next to each assertion. */

#define EPS 1e-12

static void
assert_close (double got,
              double want)
{
  g_assert_cmpfloat_with_epsilon (got, want, EPS * MAX (1.0, fabs (want)));
}

/* One layer, one integrated option; returns its variable at @volume. */
static double
single_integrated_variable (double unit_cost,
                            double lr,
                            double ref,
                            double floor_cost,
                            double volume)
{
  g_autoptr(StrataDataset) ds = test_dataset_new (1e6, 1e9, 0);
  guint l = test_add_layer (ds, "chips");
  guint choices[1] = { 0 };
  StrataLayerCost lc[1];
  StrataOutcome out;

  test_add_integrated (ds, l, "asic", unit_cost, lr, ref, floor_cost);
  strata_dataset_finish (ds);
  strata_evaluate (ds, choices, volume, &out, lc);
  assert_close (lc[0].variable, lc[0].variable_base);
  assert_close (lc[0].codesign_factor, 1.0);
  assert_close (out.unit_cost, lc[0].variable);
  return lc[0].variable;
}

static void
test_learning_rate (void)
{
  /* lr 0: unit_cost at every volume: 0.16 at 1e6, 4e8, 1e9. */
  assert_close (single_integrated_variable (0.16, 0, 1e8, 0, 1e6), 0.16);
  assert_close (single_integrated_variable (0.16, 0, 1e8, 0, 4e8), 0.16);
  assert_close (single_integrated_variable (0.16, 0, 1e8, 0, 1e9), 0.16);

  /* lr 0.2, ref 1e8: exponent log2(0.8).
   *   V = 2e8 (one doubling):   0.16 * 0.8   = 0.128
   *   V = 4e8 (two doublings):  0.16 * 0.64  = 0.1024
   *   V = 5e7 (one halving):    0.16 / 0.8   = 0.2
   *   V = 1e8 (reference):      0.16 */
  assert_close (single_integrated_variable (0.16, 0.2, 1e8, 0, 2e8), 0.128);
  assert_close (single_integrated_variable (0.16, 0.2, 1e8, 0, 4e8), 0.1024);
  assert_close (single_integrated_variable (0.16, 0.2, 1e8, 0, 5e7), 0.2);
  assert_close (single_integrated_variable (0.16, 0.2, 1e8, 0, 1e8), 0.16);

  /* lr 0.5, reference unset (defaults to volume.min = 1e6):
   *   V = 8e6 (three doublings): 4 * 0.5^3 = 0.5 */
  assert_close (single_integrated_variable (4, 0.5, 0, 0, 8e6), 0.5);
}

static void
test_floor_binding (void)
{
  /* lr 0.2, ref 1e8, floor 0.11:
   *   V = 4e8: 0.16 * 0.64 = 0.1024 < 0.11  -> floor binds: 0.11
   *   V = 2e8: 0.16 * 0.8  = 0.128  > 0.11  -> 0.128 */
  assert_close (single_integrated_variable (0.16, 0.2, 1e8, 0.11, 4e8), 0.11);
  assert_close (single_integrated_variable (0.16, 0.2, 1e8, 0.11, 2e8), 0.128);
  /* A floor above unit_cost binds everywhere: max(0.3, 0.16) = 0.3. */
  assert_close (single_integrated_variable (0.16, 0, 1e8, 0.3, 1e6), 0.3);
}

static StrataDataset *
codesign_dataset (void)
{
  StrataDataset *ds = test_dataset_new (1e6, 1e9, 0.05);
  guint a = test_add_layer (ds, "a");
  guint b = test_add_layer (ds, "b");
  guint c = test_add_layer (ds, "c");

  test_add_integrated (ds, a, "ia", 1, 0, 0, 0);
  test_add_integrated (ds, b, "ib", 2, 0, 0, 0);
  test_add_neutral_price (ds, b, "nb", 2, 0);
  test_add_integrated (ds, c, "ic", 4, 0, 0, 0);
  test_add_link (ds, a, c, 0.25);
  test_add_link (ds, b, c, 0.5);
  test_add_link (ds, c, a, 0.1);   /* a cycle a -> c -> a */
  strata_dataset_finish (ds);
  return ds;
}

static void
test_codesign_compounding (void)
{
  g_autoptr(StrataDataset) ds = codesign_dataset ();
  guint all_int[3] = { 0, 0, 0 };
  guint b_neutral[3] = { 0, 1, 0 };
  StrataLayerCost lc[3];
  StrataOutcome out;

  /* All integrated: two links into c compound:
   *   c = 4 * (1 - 0.25) * (1 - 0.5) = 1.5
   *   a = 1 * (1 - 0.1) = 0.9 (the link back from c)
   *   b = 2; no interfaces (every pair integrated)
   *   unit_cost = 0.9 + 2 + 1.5 = 4.4 */
  strata_evaluate (ds, all_int, 1e7, &out, lc);
  assert_close (lc[2].variable, 1.5);
  assert_close (lc[2].variable_base, 4);
  assert_close (lc[2].codesign_factor, 0.375);
  assert_close (lc[0].variable, 0.9);
  assert_close (lc[0].codesign_factor, 0.9);
  assert_close (lc[1].codesign_factor, 1.0);
  assert_close (lc[0].interface_cost, 0);
  assert_close (lc[1].interface_cost, 0);
  assert_close (out.unit_cost, 4.4);

  /* b neutral: only a -> c and c -> a are active:
   *   c = 4 * 0.75 = 3;  a = 0.9;  b = 2
   *   interfaces a|b and b|c: 0.05 + 0.05
   *   unit_cost = 0.9 + 2 + 3 + 0.1 = 6.0 */
  strata_evaluate (ds, b_neutral, 1e7, &out, lc);
  assert_close (lc[2].variable, 3);
  assert_close (lc[0].variable, 0.9);
  assert_close (lc[1].codesign_factor, 1.0);
  assert_close (lc[0].interface_cost, 0.05);
  assert_close (lc[1].interface_cost, 0.05);
  assert_close (lc[2].interface_cost, 0);
  assert_close (out.unit_cost, 6.0);
}

static void
test_floor_before_codesign (void)
{
  g_autoptr(StrataDataset) ds = test_dataset_new (1e6, 1e9, 0);
  guint a = test_add_layer (ds, "a");
  guint b = test_add_layer (ds, "b");
  guint choices[2] = { 0, 0 };
  StrataLayerCost lc[2];
  StrataOutcome out;

  test_add_integrated (ds, a, "ia", 1, 0, 0, 0);
  test_add_integrated (ds, b, "ib", 1, 0.2, 1e6, 0.9);
  test_add_link (ds, a, b, 0.5);
  strata_dataset_finish (ds);

  /* b at V = 4e6: 1 * 0.8^2 = 0.64, floored to 0.9, then co-design:
   *   0.9 * (1 - 0.5) = 0.45 (not max(0.9, 0.32) = 0.9)
   *   unit_cost = 1 + 0.45 = 1.45 */
  strata_evaluate (ds, choices, 4e6, &out, lc);
  assert_close (lc[1].variable_base, 0.9);
  assert_close (lc[1].variable, 0.45);
  assert_close (out.unit_cost, 1.45);
}

static void
test_boundary_override (void)
{
  g_autoptr(StrataDataset) ds = test_dataset_new (1e6, 1e9, 0.01);
  guint l0 = test_add_layer (ds, "l0");
  guint l1 = test_add_layer (ds, "l1");
  guint l2 = test_add_layer (ds, "l2");
  guint l3 = test_add_layer (ds, "l3");
  guint choices[4] = { 0, 0, 0, 0 };
  StrataLayerCost lc[4];
  StrataOutcome out;

  test_add_neutral_price (ds, l0, "n", 1, 0);
  test_add_neutral_price (ds, l1, "n", 1, 0);
  test_add_neutral_price (ds, l2, "n", 1, 0);
  test_add_neutral_price (ds, l3, "n", 1, 0);
  test_layer_set_boundary (ds, l0, 0.03);
  test_layer_set_boundary (ds, l2, 0);   /* an explicit 0 overrides 0.01 */
  strata_dataset_finish (ds);

  /* Interfaces: l0|l1 = 0.03 (layer), l1|l2 = 0.01 (dataset),
   * l2|l3 = 0 (layer's explicit 0), none above the top.
   *   unit_cost = 4 * 1 + 0.03 + 0.01 + 0 = 4.04 */
  strata_evaluate (ds, choices, 1e6, &out, lc);
  assert_close (lc[0].interface_cost, 0.03);
  assert_close (lc[1].interface_cost, 0.01);
  assert_close (lc[2].interface_cost, 0);
  assert_close (lc[3].interface_cost, 0);
  assert_close (out.unit_cost, 4.04);
}

static void
test_interface_both_integrated (void)
{
  g_autoptr(StrataDataset) ds = test_dataset_new (1e6, 1e9, 0.1);
  guint l0 = test_add_layer (ds, "l0");
  guint l1 = test_add_layer (ds, "l1");
  guint l2 = test_add_layer (ds, "l2");
  guint iin[3] = { 0, 0, 1 };   /* integrated, integrated, neutral */
  guint nin[3] = { 1, 0, 1 };   /* neutral, integrated, neutral */
  StrataLayerCost lc[3];
  StrataOutcome out;

  test_add_integrated (ds, l0, "i", 1, 0, 0, 0);
  test_add_neutral_price (ds, l0, "n", 1, 0);
  test_add_integrated (ds, l1, "i", 1, 0, 0, 0);
  test_add_integrated (ds, l2, "i", 1, 0, 0, 0);
  test_add_neutral_price (ds, l2, "n", 1, 0);
  test_layer_set_boundary (ds, l1, 0.2);
  strata_dataset_finish (ds);

  /* I, I, N: l0|l1 both integrated -> 0; l1|l2 -> l1's 0.2.
   *   unit_cost = 3 + 0.2 = 3.2 */
  strata_evaluate (ds, iin, 1e6, &out, lc);
  assert_close (lc[0].interface_cost, 0);
  assert_close (lc[1].interface_cost, 0.2);
  assert_close (out.unit_cost, 3.2);

  /* N, I, N: l0|l1 -> dataset 0.1; l1|l2 -> 0.2.  3 + 0.3 = 3.3 */
  strata_evaluate (ds, nin, 1e6, &out, lc);
  assert_close (lc[0].interface_cost, 0.1);
  assert_close (out.unit_cost, 3.3);
}

/* The two-layer dataset of the outcome tests:
 *   l0 neutral: supplier_cost 0.1, margin 0.75, fixed 5e6, eco 0.3, 3 ms
 *   l1 integrated: unit_cost 0.5, fixed 1e8, eco 0.2, 7 ms
 *   boundary 0.05 */
static StrataDataset *
outcome_dataset (gboolean with_price)
{
  StrataDataset *ds = test_dataset_new (1e6, 1e9, 0.05);
  guint l0 = test_add_layer (ds, "chips");
  guint l1 = test_add_layer (ds, "models");
  guint o;

  o = test_add_neutral (ds, l0, "gpu", 0.1, 0.75);
  test_option (ds, l0, o)->fixed_cost = test_number (5e6);
  test_option (ds, l0, o)->ecosystem_value = test_number (0.3);
  test_option (ds, l0, o)->latency_ms = test_number (3);
  o = test_add_integrated (ds, l1, "own", 0.5, 0, 0, 0);
  test_option (ds, l1, o)->fixed_cost = test_number (1e8);
  test_option (ds, l1, o)->ecosystem_value = test_number (0.2);
  test_option (ds, l1, o)->latency_ms = test_number (7);
  if (with_price)
    test_dataset_set_price (ds, 4);
  strata_dataset_finish (ds);
  return ds;
}

static void
test_outcomes (void)
{
  g_autoptr(StrataDataset) ds = outcome_dataset (TRUE);
  guint choices[2] = { 0, 0 };
  StrataLayerCost lc[2];
  StrataOutcome out;

  /* At V = 1e8:
   *   l0: price = 0.1 / (1 - 0.75) = 0.4; fixed 5e6 / 1e8 = 0.05
   *   l1: 0.5; fixed 1e8 / 1e8 = 1
   *   interface l0|l1 (neutral below): 0.05
   *   unit_cost = 0.4 + 0.05 + 0.5 + 1 + 0.05 = 2.0
   *   ecosystem_value = 0.3 + 0.2 = 0.5; effective = 2.0 - 0.5 = 1.5
   *   annual_cost = 2.0 * 1e8 = 2e8
   *   supplier_margin = 0.4 * 0.75 = 0.3
   *   capital_at_risk = 1e8 (integrated fixed only; not l0's 5e6)
   *   supplier_share = (0.4 + 0.05) / 2.0 = 0.225
   *   latency = 3 + 7 = 10
   *   unit_profit = 4 - 2 = 2; annual_profit = 2e8
   *   layer shares: l0 (0.45 + 0.05) / 2 = 0.25; l1 1.5 / 2 = 0.75 */
  strata_evaluate (ds, choices, 1e8, &out, lc);
  assert_close (out.unit_cost, 2.0);
  assert_close (out.ecosystem_value, 0.5);
  assert_close (out.effective_unit_cost, 1.5);
  assert_close (out.annual_cost, 2e8);
  assert_close (out.supplier_margin, 0.3);
  assert_close (out.capital_at_risk, 1e8);
  assert_close (out.supplier_share, 0.225);
  assert_close (out.latency_ms, 10);
  g_assert_true (out.has_profit);
  assert_close (out.unit_profit, 2);
  assert_close (out.annual_profit, 2e8);
  /* effective_unit_profit = 4 - 1.5 */
  assert_close (out.effective_unit_profit, 2.5);
  assert_close (strata_outcome_cost (&out, STRATA_OBJECTIVE_EFFECTIVE), 1.5);
  assert_close (strata_outcome_cost (&out, STRATA_OBJECTIVE_CASH), 2.0);

  g_assert_cmpint (lc[0].mode, ==, STRATA_MODE_NEUTRAL);
  g_assert_cmpint (lc[1].mode, ==, STRATA_MODE_INTEGRATED);
  assert_close (lc[0].variable, 0.4);
  assert_close (lc[0].fixed_per_unit, 0.05);
  assert_close (lc[0].supplier_margin, 0.3);
  assert_close (lc[1].supplier_margin, 0);
  /* MODEL.md 3: (0.4 + 0.05) / 2 and the interface's 0.05 / 2 apart. */
  assert_close (lc[0].share, 0.225);
  assert_close (lc[0].interface_share, 0.025);
  assert_close (lc[1].share, 0.75);
  assert_close (lc[1].interface_share, 0);
  assert_close (lc[0].ecosystem_value, 0.3);
  assert_close (lc[1].latency_ms, 7);

  /* The fast path agrees. */
  assert_close (strata_effective_unit_cost (ds, choices, 1e8), 1.5);
}

static void
test_profit_only_with_price (void)
{
  g_autoptr(StrataDataset) ds = outcome_dataset (FALSE);
  guint choices[2] = { 0, 0 };
  StrataOutcome out;

  strata_evaluate (ds, choices, 1e8, &out, NULL);
  g_assert_false (out.has_profit);
  assert_close (out.unit_cost, 2.0);
}

static void
test_supplier_margin_given_price (void)
{
  g_autoptr(StrataDataset) ds = test_dataset_new (1e6, 1e9, 0);
  guint l0 = test_add_layer (ds, "l0");
  guint l1 = test_add_layer (ds, "l1");
  guint choices[2] = { 0, 0 };
  StrataLayerCost lc[2];
  StrataOutcome out;

  test_add_neutral (ds, l0, "cost", 0.1, 0.75);
  test_add_neutral_price (ds, l1, "price", 0.5, 0.2);
  strata_dataset_finish (ds);

  /* l0: price 0.1 / 0.25 = 0.4, margin 0.4 * 0.75 = 0.3
   * l1: price given 0.5, margin 0.5 * 0.2 = 0.1
   * supplier_margin = 0.4; unit_cost = 0.9; supplier_share = 0.9 / 0.9 = 1 */
  strata_evaluate (ds, choices, 1e6, &out, lc);
  assert_close (lc[0].supplier_margin, 0.3);
  assert_close (lc[1].supplier_margin, 0.1);
  assert_close (lc[1].variable, 0.5);
  assert_close (out.supplier_margin, 0.4);
  assert_close (out.unit_cost, 0.9);
  assert_close (out.supplier_share, 1.0);
  assert_close (out.capital_at_risk, 0);
}

static void
test_zero_unit_cost (void)
{
  g_autoptr(StrataDataset) ds = test_dataset_new (1e6, 1e9, 0);
  guint l0 = test_add_layer (ds, "l0");
  guint choices[1] = { 0 };
  StrataLayerCost lc[1];
  StrataOutcome out;

  test_add_neutral (ds, l0, "free", 0, 0.5);
  strata_dataset_finish (ds);

  /* Everything 0: shares are 0, not NaN. */
  strata_evaluate (ds, choices, 1e6, &out, lc);
  assert_close (out.unit_cost, 0);
  assert_close (out.supplier_share, 0);
  assert_close (lc[0].share, 0);
  g_assert_false (isnan (out.supplier_share));
}

static void
test_ecosystem_value (void)
{
  g_autoptr(StrataDataset) ds = test_dataset_new (1e6, 1e9, 0);
  guint l0 = test_add_layer (ds, "market");
  guint o_open, o_closed;
  guint choices[1];
  StrataOutcome out;

  o_open = test_add_neutral_price (ds, l0, "open", 1.0, 0.3);
  o_closed = test_add_integrated (ds, l0, "closed", 0.8, 0, 0, 0);
  test_option (ds, l0, o_open)->ecosystem_value = test_number (0.35);
  strata_dataset_finish (ds);

  /* open: unit 1.0, eco 0.35 -> effective 0.65
   * closed: unit 0.8, eco 0 -> effective 0.8
   * The optimizer minimizes the effective cost: open wins though its
   * unit_cost is higher. */
  choices[0] = o_open;
  strata_evaluate (ds, choices, 1e6, &out, NULL);
  assert_close (out.unit_cost, 1.0);
  assert_close (out.ecosystem_value, 0.35);
  assert_close (out.effective_unit_cost, 0.65);
  choices[0] = o_closed;
  assert_close (strata_effective_unit_cost (ds, choices, 1e6), 0.8);

  assert_close (strata_optimize (ds, 1e6, choices), 0.65);
  g_assert_cmpuint (choices[0], ==, o_open);

  /* The cash objective ignores ecosystem value: closed wins at 0.8. */
  assert_close (strata_optimize_full (ds, STRATA_OBJECTIVE_CASH, 1e6, choices), 0.8);
  g_assert_cmpuint (choices[0], ==, o_closed);
  assert_close (strata_strategy_cost (ds, strata_dataset_find_strategy (ds, "optimal"),
                                      STRATA_OBJECTIVE_CASH, 1e6), 0.8);
  assert_close (strata_strategy_cost (ds, strata_dataset_find_strategy (ds, "optimal"),
                                      STRATA_OBJECTIVE_EFFECTIVE, 1e6), 0.65);
}

static void
test_objective_names (void)
{
  StrataObjective objective = STRATA_OBJECTIVE_CASH;

  g_assert_cmpint (STRATA_OBJECTIVE_DEFAULT, ==, STRATA_OBJECTIVE_EFFECTIVE);
  g_assert_true (strata_objective_from_string ("effective", &objective));
  g_assert_cmpint (objective, ==, STRATA_OBJECTIVE_EFFECTIVE);
  g_assert_true (strata_objective_from_string ("cash", &objective));
  g_assert_cmpint (objective, ==, STRATA_OBJECTIVE_CASH);
  g_assert_false (strata_objective_from_string ("Cash", &objective));
  g_assert_false (strata_objective_from_string (NULL, &objective));
  g_assert_cmpint (objective, ==, STRATA_OBJECTIVE_CASH);
  g_assert_cmpstr (strata_objective_to_string (STRATA_OBJECTIVE_EFFECTIVE), ==, "effective");
  g_assert_cmpstr (strata_objective_to_string (STRATA_OBJECTIVE_CASH), ==, "cash");
  g_assert_cmpstr (strata_objective_cost_key (STRATA_OBJECTIVE_CASH), ==, "unit_cost");
  g_assert_cmpstr (strata_objective_cost_key (STRATA_OBJECTIVE_EFFECTIVE), ==,
                   "effective_unit_cost");
  g_assert_cmpstr (strata_objective_profit_key (STRATA_OBJECTIVE_EFFECTIVE), ==,
                   "effective_unit_profit");
}

static void
test_strategy_missing_layers (void)
{
  g_autoptr(StrataDataset) ds = test_dataset_new (1e6, 1e9, 0.01);
  guint chips = test_add_layer (ds, "chips");
  guint models = test_add_layer (ds, "models");
  guint cloud = test_add_layer (ds, "cloud");
  const StrataStrategy *hybrid, *neutral, *integrated;
  guint resolved[3];
  StrataOutcome out;

  test_add_neutral (ds, chips, "gpu", 0.1, 0.75);
  test_add_integrated (ds, chips, "asic", 0.3, 0, 0, 0);
  test_add_integrated (ds, models, "own", 1.0, 0, 0, 0);
  test_add_neutral_price (ds, models, "thirdparty", 1.5, 0.5);
  test_add_neutral_price (ds, cloud, "other", 0.2, 0.3);
  /* Named strategy: only chips chosen; models and cloud take option 0. */
  test_add_strategy (ds, "hybrid", "chips=asic");
  strata_dataset_finish (ds);

  hybrid = strata_dataset_find_strategy (ds, "hybrid");
  g_assert_nonnull (hybrid);
  g_assert_cmpuint (hybrid->choices[0], ==, 1);
  g_assert_cmpuint (hybrid->choices[1], ==, 0);
  g_assert_cmpuint (hybrid->choices[2], ==, 0);

  /* hybrid = asic, own, other:
   *   0.3 + 1.0 + 0.2; chips|models both integrated -> 0;
   *   models|cloud -> 0.01.  unit_cost = 1.51 */
  strata_evaluate (ds, hybrid->choices, 1e6, &out, NULL);
  assert_close (out.unit_cost, 1.51);
  assert_close (strata_strategy_effective_cost (ds, hybrid, 1e6), 1.51);

  /* all-neutral: gpu, thirdparty, other: 0.4 + 1.5 + 0.2 + 0.02 = 2.12 */
  neutral = strata_dataset_find_strategy (ds, STRATA_STRATEGY_ALL_NEUTRAL);
  assert_close (strata_strategy_effective_cost (ds, neutral, 1e6), 2.12);

  /* all-integrated: asic, own, and cloud has no integrated option so it
   * keeps its first: the same as hybrid, 1.51. */
  integrated = strata_dataset_find_strategy (ds, STRATA_STRATEGY_ALL_INTEGRATED);
  assert_close (strata_strategy_effective_cost (ds, integrated, 1e6), 1.51);

  strata_strategy_resolve (ds, hybrid, 1e6, resolved);
  g_assert_cmpuint (resolved[0], ==, 1);
  g_assert_cmpuint (resolved[1], ==, 0);
}

static void
test_optimal_preset (void)
{
  g_autoptr(StrataDataset) ds = test_dataset_new (1e6, 1e9, 0);
  guint l0 = test_add_layer (ds, "l0");
  const StrataStrategy *optimal;
  guint choices[1];

  /* neutral 1.0 against integrated 4 * (V / 1e6)^-1 (lr 0.5):
   * integrated is cheaper above V = 4e6. */
  test_add_neutral_price (ds, l0, "n", 1.0, 0.5);
  test_add_integrated (ds, l0, "i", 4, 0.5, 1e6, 0);
  strata_dataset_finish (ds);

  optimal = strata_dataset_find_strategy (ds, STRATA_STRATEGY_OPTIMAL);
  g_assert_true (strata_strategy_is_optimal (optimal));

  strata_strategy_resolve (ds, optimal, 2e6, choices);
  g_assert_cmpuint (choices[0], ==, 0);
  assert_close (strata_strategy_effective_cost (ds, optimal, 2e6), 1.0);

  /* 8e6: 4 / 8 = 0.5 */
  strata_strategy_resolve (ds, optimal, 8e6, choices);
  g_assert_cmpuint (choices[0], ==, 1);
  assert_close (strata_strategy_effective_cost (ds, optimal, 8e6), 0.5);

  /* Exactly at 4e6 the two cost 1.0: the tie goes to neutral. */
  strata_strategy_resolve (ds, optimal, 4e6, choices);
  g_assert_cmpuint (choices[0], ==, 0);
}

static void
test_ties (void)
{
  guint choices[3];

  {
    /* Equal options in each layer, boundary 0:
     *   l0 [integrated 1, neutral 1], l1 [neutral 1, integrated 1]
     * every combination costs 2; fewer integrated wins: neutral, neutral
     * -> choices {1, 0}. */
    g_autoptr(StrataDataset) ds = test_dataset_new (1e6, 1e9, 0);
    guint l0 = test_add_layer (ds, "l0");
    guint l1 = test_add_layer (ds, "l1");

    test_add_integrated (ds, l0, "i", 1, 0, 0, 0);
    test_add_neutral_price (ds, l0, "n", 1, 0.5);
    test_add_neutral_price (ds, l1, "n", 1, 0.5);
    test_add_integrated (ds, l1, "i", 1, 0, 0, 0);
    test_add_link (ds, l0, l1, 0);
    strata_dataset_finish (ds);

    assert_close (strata_optimize (ds, 1e7, choices), 2);
    g_assert_cmpuint (choices[0], ==, 1);
    g_assert_cmpuint (choices[1], ==, 0);
  }

  {
    /* Same mode, same cost: the earlier option, layer by layer.
     *   l0 [n 0.7, n 0.5 (a), n 0.5 (b)] -> a (index 1)
     *   l1 [n 0.5 via supplier_cost 0.25 / (1 - 0.5), n price 0.5] -> 0
     *   l2 [i 2, i 2] -> 0 */
    g_autoptr(StrataDataset) ds = test_dataset_new (1e6, 1e9, 0.1);
    guint l0 = test_add_layer (ds, "l0");
    guint l1 = test_add_layer (ds, "l1");
    guint l2 = test_add_layer (ds, "l2");

    test_add_neutral_price (ds, l0, "x", 0.7, 0);
    test_add_neutral_price (ds, l0, "a", 0.5, 0);
    test_add_neutral_price (ds, l0, "b", 0.5, 0);
    test_add_neutral (ds, l1, "c", 0.25, 0.5);
    test_add_neutral_price (ds, l1, "d", 0.5, 0.1);
    test_add_integrated (ds, l2, "e", 2, 0, 0, 0);
    test_add_integrated (ds, l2, "f", 2, 0, 0, 0);
    strata_dataset_finish (ds);

    /* 0.5 + 0.5 + 2 + 0.1 + 0.1 = 3.2 */
    assert_close (strata_optimize (ds, 1e7, choices), 3.2);
    g_assert_cmpuint (choices[0], ==, 1);
    g_assert_cmpuint (choices[1], ==, 0);
    g_assert_cmpuint (choices[2], ==, 0);
  }

  {
    /* A cheaper integrated pair beats the tie rule: two layers each
     * [n 1.05, i 1.0], boundary 0.1:
     *   N,N = 2.1 + 0.1 = 2.2;  N,I = I,N = 2.05 + 0.1 = 2.15;  I,I = 2.0 */
    g_autoptr(StrataDataset) ds = test_dataset_new (1e6, 1e9, 0.1);
    guint l0 = test_add_layer (ds, "l0");
    guint l1 = test_add_layer (ds, "l1");

    test_add_neutral_price (ds, l0, "n", 1.05, 0);
    test_add_integrated (ds, l0, "i", 1.0, 0, 0, 0);
    test_add_neutral_price (ds, l1, "n", 1.05, 0);
    test_add_integrated (ds, l1, "i", 1.0, 0, 0, 0);
    strata_dataset_finish (ds);

    assert_close (strata_optimize (ds, 1e7, choices), 2.0);
    g_assert_cmpuint (choices[0], ==, 1);
    g_assert_cmpuint (choices[1], ==, 1);
  }
}

static void
test_single_mode_layer (void)
{
  g_autoptr(StrataDataset) ds = test_dataset_new (1e6, 1e9, 0.1);
  guint fab = test_add_layer (ds, "fab");
  guint chips = test_add_layer (ds, "chips");
  guint apps = test_add_layer (ds, "apps");
  const StrataStrategy *neutral;
  guint choices[3];

  /* fab: integrated only [2, 1]; chips [n 1, i 1.2]; apps: neutral only.
   * link fab -> chips saving 0.5.
   *   chips integrated: 1.2 * 0.5 = 0.6; fab|chips both integrated -> 0;
   *     chips|apps 0.1.  Total 1 + 0.6 + 0.1 + 0.3 = 2.0
   *   chips neutral: 1 + 1 + 0.1 + 0.1 + 0.3 = 2.5 */
  test_add_integrated (ds, fab, "big", 2, 0, 0, 0);
  test_add_integrated (ds, fab, "small", 1, 0, 0, 0);
  test_add_neutral_price (ds, chips, "merchant", 1, 0.5);
  test_add_integrated (ds, chips, "asic", 1.2, 0, 0, 0);
  test_add_neutral_price (ds, apps, "store", 0.3, 0.3);
  test_add_link (ds, fab, chips, 0.5);
  strata_dataset_finish (ds);

  assert_close (strata_optimize (ds, 1e7, choices), 2.0);
  g_assert_cmpuint (choices[0], ==, 1);
  g_assert_cmpuint (choices[1], ==, 1);
  g_assert_cmpuint (choices[2], ==, 0);

  /* All neutral keeps fab's first option (no neutral one there):
   *   2 + 1 + 0.3 + 0.1 + 0.1 = 3.5 */
  neutral = strata_dataset_find_strategy (ds, STRATA_STRATEGY_ALL_NEUTRAL);
  g_assert_cmpuint (neutral->choices[0], ==, 0);
  assert_close (strata_strategy_effective_cost (ds, neutral, 1e7), 3.5);
}

static void
test_log_space (void)
{
  double v[4];

  /* 1e3 .. 1e6 in 4 points: 1e3, 1e4, 1e5, 1e6 */
  strata_log_space (1e3, 1e6, 4, v);
  assert_close (v[0], 1e3);
  assert_close (v[1], 1e4);
  assert_close (v[2], 1e5);
  g_assert_cmpfloat (v[3], ==, 1e6);

  /* A grid over whole decades lands on them to the bit: a CSV column of
   * the ladder or the Monte Carlo reads 1e6, not 999999.9999999998. */
  {
    double w[13];

    strata_log_space (1e3, 1e9, 3, w);
    g_assert_cmpfloat (w[1], ==, 1e6);
    strata_log_space (1e7, 1e11, 5, w);
    for (guint i = 0; i < 5; i++)
      g_assert_cmpfloat (w[i], ==, 1e7 * pow (10, i));
    strata_log_space (1e7, 1e11, 13, w);
    for (guint i = 0; i < 13; i += 3)
      g_assert_cmpfloat (w[i], ==, 1e7 * pow (10, i / 3));
    for (guint i = 1; i < 13; i++)
      g_assert_cmpfloat (w[i], >, w[i - 1]);
    /* A range whose ratio overflows a double still spans it. */
    strata_log_space (1e-300, 1e300, 3, w);
    g_assert_cmpfloat (w[0], ==, 1e-300);
    assert_close (w[1], 1.0);
    g_assert_cmpfloat (w[2], ==, 1e300);
  }
}

static void
test_ladder_hand (void)
{
  g_autoptr(StrataDataset) ds = test_dataset_new (1e6, 1e9, 0);
  g_autoptr(StrataLadder) ladder = NULL;
  guint l0 = test_add_layer (ds, "l0");
  guint l1 = test_add_layer (ds, "l1");

  /* l0: neutral 1 vs integrated 4 (V/1e6)^-1 -> flips at V = 4e6.
   * l1: neutral 1 vs integrated 1 * 0.9^d (d doublings above 1e6) with
   *     floor 0.9 and fixed 1e7: from V = 2e6 on the floor binds, so
   *     integrated = 0.9 + 1e7 / V, which equals 1 at V = 1e8. */
  test_add_neutral_price (ds, l0, "n", 1.0, 0.5);
  test_add_integrated (ds, l0, "i", 4, 0.5, 1e6, 0);
  test_add_neutral_price (ds, l1, "n", 1.0, 0.5);
  test_add_integrated (ds, l1, "i", 1, 0.1, 1e6, 0.9);
  test_option (ds, l1, 1)->fixed_cost = test_number (1e7);
  strata_dataset_finish (ds);

  ladder = strata_ladder_new (ds, 64);
  g_assert_nonnull (ladder);
  g_assert_cmpuint (ladder->n_points, ==, 64);
  g_assert_cmpuint (ladder->n_layers, ==, 2);
  g_assert_cmpfloat (ladder->volumes[0], ==, 1e6);
  g_assert_cmpfloat (ladder->volumes[63], ==, 1e9);
  g_assert_cmpuint (ladder->choices[0], ==, 0);
  g_assert_cmpuint (ladder->choices[1], ==, 0);
  g_assert_cmpuint (ladder->choices[63 * 2 + 0], ==, 1);
  g_assert_cmpuint (ladder->choices[63 * 2 + 1], ==, 1);

  g_assert_cmpuint (ladder->n_flips, ==, 2);
  g_assert_cmpuint (ladder->flips[0].layer, ==, 0);
  g_assert_cmpfloat_with_epsilon (ladder->flips[0].volume, 4e6, 4e6 * 1e-9);
  g_assert_cmpint (ladder->flips[0].from, ==, STRATA_MODE_NEUTRAL);
  g_assert_cmpint (ladder->flips[0].to, ==, STRATA_MODE_INTEGRATED);
  g_assert_cmpuint (ladder->flips[1].layer, ==, 1);
  g_assert_cmpfloat_with_epsilon (ladder->flips[1].volume, 1e8, 1e8 * 1e-9);
  g_assert_cmpint (ladder->flips[1].from, ==, STRATA_MODE_NEUTRAL);

  for (guint p = 0; p < ladder->n_points; p++)
    {
      guint choices[2];
      double cost = strata_optimize (ds, ladder->volumes[p], choices);

      assert_close (ladder->costs[p], cost);
    }
}

/* A hand-built dataset beyond the loader's limit on linked layers gets a
 * clear refusal, not an endless search. */
static void
test_too_many_linked_layers (void)
{
  g_autoptr(StrataDataset) ds = test_dataset_new (1e6, 1e9, 0);
  g_autoptr(StrataLadder) ladder = NULL;
  guint choices[30];

  for (guint i = 0; i < 30; i++)
    {
      g_autofree char *id = g_strdup_printf ("l%u", i);
      guint l = test_add_layer (ds, id);

      test_add_neutral_price (ds, l, "n", 1, 0.5);
      test_add_integrated (ds, l, "i", 1, 0, 0, 0);
      if (i > 0)
        test_add_link (ds, i - 1, i, 0.1);
    }
  strata_dataset_finish (ds);

  g_test_expect_message ("strata-model", G_LOG_LEVEL_CRITICAL, "*links touch 30 layers*");
  g_assert_true (isnan (strata_optimize (ds, 1e7, choices)));
  g_test_assert_expected_messages ();

  g_test_expect_message ("strata-model", G_LOG_LEVEL_CRITICAL, "*links touch 30 layers*");
  ladder = strata_ladder_new (ds, 8);
  g_test_assert_expected_messages ();
  g_assert_null (ladder);
}

/* Volumes so small that fixed costs overflow to infinity.  Layer "a":
 * neutral n (price 1, fixed 1e10) and integrated i (unit 1, fixed 1e10);
 * layer "b": neutral m (price 2, no fixed cost) and integrated j (unit 0,
 * learning rate 0.5, fixed 0).  At V = 1e-300, 1e10 / 1e-300 = 1e310 is
 * +inf for both options of "a", so every strategy costs +inf: all are
 * tied, and section 5's tie rules give the all-neutral choices (n, m).
 * Layer "b" alone still has finite costs: j is 0 * (V/ref)^-1 = 0 (a zero
 * unit cost stays zero however far the curve is run back), m is 2; the
 * optimum of "b" alone picks j.  At V = 1 everything is finite again
 * (fixed 1e10 per unit) and the optimum is (n, j): n and i tie at
 * 1e10 + 1, the tie goes to the neutral n, and j (0) beats m (2), which
 * the tie tolerance (1e-12 of about 1e10) still tells apart. */
static void
test_overflowing_costs (void)
{
  g_autoptr(StrataDataset) ds = test_dataset_new (1e-300, 1.0, 0.0);
  guint a = test_add_layer (ds, "a");
  guint b = test_add_layer (ds, "b");
  guint choices[2];
  double cost;

  test_add_neutral_price (ds, a, "n", 1.0, 0.0);
  test_add_integrated (ds, a, "i", 1.0, 0.0, 0.0, 0.0);
  test_option (ds, a, 0)->fixed_cost = test_number (1e10);
  test_option (ds, a, 1)->fixed_cost = test_number (1e10);
  test_add_neutral_price (ds, b, "m", 2.0, 0.0);
  test_add_integrated (ds, b, "j", 0.0, 0.5, 1.0, 0.0);
  strata_dataset_finish (ds);

  cost = strata_optimize (ds, 1e-300, choices);
  g_assert_true (isinf (cost) && cost > 0);
  g_assert_cmpuint (choices[0], ==, 0);
  g_assert_cmpuint (choices[1], ==, 0);

  cost = strata_optimize (ds, 1.0, choices);
  g_assert_cmpuint (choices[0], ==, 0);
  g_assert_cmpuint (choices[1], ==, 1);
  g_assert_cmpfloat_with_epsilon (cost, 1e10 + 1.0, 1e-6);
}

/* The cost difference of two strategies from the layers where they differ
 * (the switch points' prediction) against the difference of their whole
 * costs, on random stacks with links (a changed mode changes the factors
 * of the layers it links to) and both objectives. */
static void
test_cost_difference (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261205);
  guint compared = 0, factor_changed = 0;

  for (guint round = 0; round < 60; round++)
    {
      g_autoptr(StrataDataset) ds = test_random_dataset (rand, (guint) g_rand_int_range (rand, 2, 12), 4);
      StrataObjective objective = round % 3 == 0 ? STRATA_OBJECTIVE_CASH : STRATA_OBJECTIVE_EFFECTIVE;
      guint n = ds->n_layers;
      g_autofree guint *a = g_new (guint, n);
      g_autofree guint *b = g_new (guint, n);

      for (guint pair = 0; pair < 20; pair++)
        {
          double volume = ds->volume_min * pow (ds->volume_max / ds->volume_min, g_rand_double (rand));
          double ca, cb, d, mag;
          guint changes = (guint) g_rand_int_range (rand, 0, 4);

          for (guint i = 0; i < n; i++)
            a[i] = b[i] = (guint) g_rand_int_range (rand, 0, (gint32) ds->layers[i].n_options);
          for (guint c = 0; c < changes; c++)
            {
              guint i = (guint) g_rand_int_range (rand, 0, (gint32) n);

              b[i] = (guint) g_rand_int_range (rand, 0, (gint32) ds->layers[i].n_options);
              for (guint k = 0; k < ds->n_links; k++)
                factor_changed += ds->links[k].from == i &&
                                  ds->layers[i].options[a[i]].mode != ds->layers[i].options[b[i]].mode;
            }
          ca = strata_objective_unit_cost (ds, a, objective, volume);
          cb = strata_objective_unit_cost (ds, b, objective, volume);
          d = _strata_objective_unit_cost_difference (ds, a, b, objective, volume);
          mag = test_cost_magnitude (ds, a, volume) + test_cost_magnitude (ds, b, volume);
          g_assert_cmpfloat (fabs (d - (ca - cb)), <=, 1e-13 * mag);
          if (memcmp (a, b, sizeof (guint) * n) == 0)
            g_assert_cmpfloat (d, ==, 0);
          compared++;
        }
    }
  /* Modes turned in layers links start from were met. */
  g_assert_cmpuint (factor_changed, >, 20);
  g_test_message ("%u pairs, %u link sources turned", compared, factor_changed);
}

/* On a long stack (more than STRATA_STACK_LAYERS layers) the difference
 * of two strategies that differ in a few layers reads only those, the
 * layers below them and the targets of their links: the same doubles, the
 * difference and its magnitude, as over every layer; with links between
 * neighbours and far apart, cycles and modes turned at link sources. */
static void
test_cost_difference_sparse (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261210);
  guint compared = 0, sources = 0;

  for (guint round = 0; round < 6; round++)
    {
      g_autoptr(StrataDataset) ds = test_generated_dataset (round + 1, 260 + 40 * round, 3 + round % 3,
                                                            round % 2 == 0 ? 20 : 0, FALSE);
      StrataObjective objective = round % 2 == 0 ? STRATA_OBJECTIVE_CASH : STRATA_OBJECTIVE_EFFECTIVE;
      guint n = ds->n_layers;
      g_autofree guint *a = g_new (guint, n);
      g_autofree guint *b = g_new (guint, n);

      for (guint k = 0; k < 30; k++)
        {
          guint from = (guint) g_rand_int_range (rand, 0, (gint32) n);
          guint to = k % 3 == 0 ? (from + 1) % n : (guint) g_rand_int_range (rand, 0, (gint32) n);

          if (to != from)
            test_add_link (ds, from, to, g_rand_double_range (rand, 0.01, 0.3));
        }
      for (guint pair = 0; pair < 200; pair++)
        {
          double volume = ds->volume_min * pow (ds->volume_max / ds->volume_min, g_rand_double (rand));
          double d_sparse, d_full, m_sparse, m_full;
          guint changes = (guint) g_rand_int_range (rand, 0, 12);

          for (guint i = 0; i < n; i++)
            a[i] = b[i] = (guint) g_rand_int_range (rand, 0, (gint32) ds->layers[i].n_options);
          for (guint c = 0; c < changes; c++)
            {
              /* Half the changes at a link's source. */
              guint i = c % 2 == 0 && ds->n_links > 0
                        ? ds->links[g_rand_int_range (rand, 0, (gint32) ds->n_links)].from
                        : (guint) g_rand_int_range (rand, 0, (gint32) n);

              b[i] = (guint) g_rand_int_range (rand, 0, (gint32) ds->layers[i].n_options);
              sources += c % 2 == 0;
            }
          d_sparse = _strata_objective_unit_cost_difference_full (ds, a, b, objective, volume, &m_sparse);
          _strata_difference_sparse_disabled = TRUE;
          d_full = _strata_objective_unit_cost_difference_full (ds, a, b, objective, volume, &m_full);
          _strata_difference_sparse_disabled = FALSE;
          g_assert_true (memcmp (&d_sparse, &d_full, sizeof (double)) == 0);
          g_assert_true (memcmp (&m_sparse, &m_full, sizeof (double)) == 0);
          compared++;
        }
    }
  g_test_message ("%u pairs on long stacks, %u changes at link sources", compared, sources);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/strata/model/learning-rate", test_learning_rate);
  g_test_add_func ("/strata/model/floor-binding", test_floor_binding);
  g_test_add_func ("/strata/model/codesign-compounding", test_codesign_compounding);
  g_test_add_func ("/strata/model/floor-before-codesign", test_floor_before_codesign);
  g_test_add_func ("/strata/model/boundary-override", test_boundary_override);
  g_test_add_func ("/strata/model/interface-both-integrated", test_interface_both_integrated);
  g_test_add_func ("/strata/model/outcomes", test_outcomes);
  g_test_add_func ("/strata/model/profit-only-with-price", test_profit_only_with_price);
  g_test_add_func ("/strata/model/supplier-margin", test_supplier_margin_given_price);
  g_test_add_func ("/strata/model/zero-unit-cost", test_zero_unit_cost);
  g_test_add_func ("/strata/model/ecosystem-value", test_ecosystem_value);
  g_test_add_func ("/strata/model/objective-names", test_objective_names);
  g_test_add_func ("/strata/model/strategy-missing-layers", test_strategy_missing_layers);
  g_test_add_func ("/strata/model/optimal-preset", test_optimal_preset);
  g_test_add_func ("/strata/model/ties", test_ties);
  g_test_add_func ("/strata/model/single-mode-layer", test_single_mode_layer);
  g_test_add_func ("/strata/model/log-space", test_log_space);
  g_test_add_func ("/strata/model/ladder", test_ladder_hand);
  g_test_add_func ("/strata/model/too-many-linked-layers", test_too_many_linked_layers);
  g_test_add_func ("/strata/model/overflowing-costs", test_overflowing_costs);
  g_test_add_func ("/strata/model/cost-difference", test_cost_difference);
  g_test_add_func ("/strata/model/cost-difference-sparse", test_cost_difference_sparse);

  return g_test_run ();
}

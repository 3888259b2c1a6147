/* test-breakeven.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "strata-test-util.h"
#include "app/core/strata-breakeven-private.h"

/* Break-even (MODEL.md 4) against an independent dense scan. */

static int
sign_of (double x)
{
  return x > 0 ? 1 : x < 0 ? -1 : 0;
}

/* The sign of A - B, with differences at rounding level (1e-12 of the
 * costs) counted as 0, as strata_breakeven () does. */
static int
diff_sign (const StrataDataset  *ds,
           const StrataStrategy *a,
           const StrataStrategy *b,
           double                volume)
{
  double ca = strata_strategy_effective_cost (ds, a, volume);
  double cb = strata_strategy_effective_cost (ds, b, volume);

  if (fabs (ca - cb) <= 1e-12 * (fabs (ca) + fabs (cb)))
    return 0;
  return sign_of (ca - cb);
}

/* The break-evens of A - B over @n log-spaced points, read as MODEL.md 4
 * says: a sign change between two unequal points; a single equal point
 * between opposite signs; and where a run of equal points (two or more, or
 * one at an end of the range) parts.  Fills the brackets [lo, hi] of each
 * and returns their number; *n_equal counts the runs. */
static guint
dense_scan (const StrataDataset  *ds,
            const StrataStrategy *a,
            const StrataStrategy *b,
            guint                 n,
            GArray               *brackets,
            guint                *n_equal)
{
  g_autofree double *v = g_new (double, n);
  g_autofree int *sign = g_new (int, n);
  guint count = 0;

  *n_equal = 0;
  strata_log_space (ds->volume_min, ds->volume_max, n, v);
  for (guint i = 0; i < n; i++)
    sign[i] = diff_sign (ds, a, b, v[i]);

  for (guint i = 0; i < n;)
    {
      if (sign[i] != 0)
        {
          if (i > 0 && sign[i - 1] != 0 && sign[i - 1] != sign[i])
            {
              double br[2] = { v[i - 1], v[i] };
              g_array_append_vals (brackets, br, 2);
              count++;
            }
          i++;
          continue;
        }
      {
        guint end = i;

        while (end < n && sign[end] == 0)
          end++;
        if (end - i >= 2 || i == 0 || end == n)
          {
            (*n_equal)++;
            if (end < n)
              {
                double br[2] = { v[end - 1], v[end] };
                g_array_append_vals (brackets, br, 2);
                count++;
              }
          }
        else if (sign[i - 1] != sign[end])
          {
            double br[2] = { v[i - 1], v[end] };
            g_array_append_vals (brackets, br, 2);
            count++;
          }
        i = end;
      }
    }
  return count;
}

static void
check_pair_within (const StrataDataset  *ds,
                   const StrataStrategy *a,
                   const StrataStrategy *b,
                   guint                 n_dense,
                   double                precision,
                   const char           *what)
{
  g_autoptr(StrataBreakeven) found = strata_breakeven_find (ds, a, b, STRATA_OBJECTIVE_EFFECTIVE,
                                                            0, 0, 0);
  GArray *crossings = found->crossings;
  g_autoptr(GArray) brackets = g_array_new (FALSE, FALSE, sizeof (double));
  guint n_equal;
  guint count = dense_scan (ds, a, b, n_dense, brackets, &n_equal);

  if (found->equal->len != n_equal)
    g_test_message ("%s: %u equal stretches, dense scan %u", what, found->equal->len, n_equal);
  g_assert_cmpuint (found->equal->len, ==, n_equal);
  for (guint k = 0; k < found->equal->len; k++)
    {
      const StrataEqualStretch *e = &g_array_index (found->equal, StrataEqualStretch, k);

      /* Equal inside, apart just outside (unless at an end of the range). */
      g_assert_cmpfloat (e->from, <=, e->to);
      g_assert_cmpint (diff_sign (ds, a, b, sqrt (e->from * e->to)), ==, 0);
      if (e->from > ds->volume_min)
        g_assert_cmpint (diff_sign (ds, a, b, e->from * (1 - precision)), !=, 0);
      if (e->to < ds->volume_max)
        g_assert_cmpint (diff_sign (ds, a, b, e->to * (1 + precision)), !=, 0);
    }
  if (found->verdict == STRATA_BREAKEVEN_A_CHEAPER || found->verdict == STRATA_BREAKEVEN_B_CHEAPER)
    g_assert_cmpuint (crossings->len + found->equal->len, ==, 0);

  if (crossings->len != count)
    g_test_message ("%s: %u crossings, dense scan %u", what, crossings->len, count);
  g_assert_cmpuint (crossings->len, ==, count);

  for (guint k = 0; k < crossings->len; k++)
    {
      const StrataCrossing *c = &g_array_index (crossings, StrataCrossing, k);
      double lo = g_array_index (brackets, double, 2 * k);
      double hi = g_array_index (brackets, double, 2 * k + 1);
      int below = diff_sign (ds, a, b, c->volume * (1 - precision));
      int above = diff_sign (ds, a, b, c->volume * (1 + precision));

      /* Inside the dense scan's bracket, ascending, in range. */
      g_assert_cmpfloat (c->volume, >=, lo * (1 - 1e-9));
      g_assert_cmpfloat (c->volume, <=, hi * (1 + 1e-9));
      g_assert_cmpfloat (c->volume, >=, ds->volume_min);
      g_assert_cmpfloat (c->volume, <=, ds->volume_max);
      if (k > 0)
        g_assert_cmpfloat (c->volume, >, g_array_index (crossings, StrataCrossing, k - 1).volume);

      /* Located to 1e-9: the sign differs across v (1 +- 1e-8) (unless
       * told otherwise), and above it the strategy named cheaper is
       * cheaper. */
      g_assert_cmpint (above, !=, 0);
      g_assert_cmpint (below, !=, above);
      g_assert_cmpuint (c->cheaper_above, ==, above > 0 ? 1 : 0);
    }
}

static void
check_pair (const StrataDataset  *ds,
            const StrataStrategy *a,
            const StrataStrategy *b,
            guint                 n_dense,
            const char           *what)
{
  check_pair_within (ds, a, b, n_dense, 1e-8, what);
}

static void
test_random (void)
{
  guint n_crossings = 0, n_multi = 0;

  for (guint seed = 1; seed <= 120; seed++)
    {
      g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
      g_autoptr(StrataDataset) ds = test_random_dataset (rand, 6, 3);
      g_autofree guint *ca = g_new (guint, ds->n_layers);
      g_autofree guint *cb = g_new (guint, ds->n_layers);
      StrataStrategy a = { .id = (char *) "a", .choices = ca };
      StrataStrategy b = { .id = (char *) "b", .choices = cb };
      g_autofree char *what = g_strdup_printf ("seed %u", seed);
      g_autoptr(GArray) crossings = NULL;

      for (guint i = 0; i < ds->n_layers; i++)
        {
          ca[i] = (guint) g_rand_int_range (rand, 0, (gint32) ds->layers[i].n_options);
          cb[i] = (guint) g_rand_int_range (rand, 0, (gint32) ds->layers[i].n_options);
        }

      check_pair (ds, &a, &b, 100000, what);
      check_pair (ds, &ds->strategies[0], &ds->strategies[1], 100000, what);

      crossings = strata_breakeven (ds, &ds->strategies[0], &ds->strategies[1]);
      n_crossings += crossings->len;
      n_multi += crossings->len > 1;
    }
  g_test_message ("%u crossings, %u pairs with more than one", n_crossings, n_multi);
  g_assert_cmpuint (n_crossings, >, 20);
}

static void
test_random_optimal (void)
{
  for (guint seed = 500; seed < 530; seed++)
    {
      g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
      g_autoptr(StrataDataset) ds = test_random_dataset (rand, 5, 3);
      g_autofree char *what = g_strdup_printf ("seed %u (optimal)", seed);
      const StrataStrategy *optimal = strata_dataset_find_strategy (ds, "optimal");

      check_pair (ds, optimal, &ds->strategies[0], 20000, what);
      check_pair (ds, &ds->strategies[1], optimal, 20000, what);
    }
}

/* _strata_breakeven_optimum_apart (), with which the break-even takes
 * the range's two ends and the Monte Carlo skips a draw's walk: whenever
 * it says the optimum stays clear of a fixed strategy, the break-even's
 * scan finds neither a crossing nor an equal stretch; it says so on most
 * pairs that have none; and the break-even's answer is the scan's. */
static void
test_optimum_apart (void)
{
  guint apart = 0, clear = 0, meets = 0;

  for (guint seed = 1100; seed < 1200; seed++)
    {
      g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
      g_autoptr(StrataDataset) ds = test_random_dataset (rand, 3 + seed % 6, 2 + seed % 3);
      const StrataStrategy *optimal = strata_dataset_find_strategy (ds, "optimal");

      for (guint s = 0; s < ds->n_strategies; s++)
        for (int obj = STRATA_OBJECTIVE_EFFECTIVE; obj <= STRATA_OBJECTIVE_CASH; obj++)
          {
            const StrataStrategy *fixed = &ds->strategies[s];
            g_autoptr(StrataBreakeven) be = NULL;
            gboolean none, is_apart;

            if (fixed->choices == NULL)
              continue;
            _strata_breakeven_set_apart (FALSE);
            be = strata_breakeven_find (ds, optimal, fixed, obj, 0, 0, 0);
            _strata_breakeven_set_apart (TRUE);
            none = be->crossings->len == 0 && be->equal->len == 0;
            is_apart = _strata_breakeven_optimum_apart (ds, optimal, fixed, obj, ds->volume_min,
                                                        ds->volume_max);
            if (is_apart && !none)
              g_error ("seed %u, %s, objective %d: apart, but %u crossings and %u equal stretches",
                       seed, fixed->id, obj, be->crossings->len, be->equal->len);
            /* The break-even takes the two ends then: the same answer as
             * its scan. */
            {
              g_autoptr(StrataBreakeven) fast = strata_breakeven_find (ds, optimal, fixed, obj, 0, 0, 0);

              g_assert_cmpint (fast->verdict, ==, be->verdict);
              g_assert_cmpuint (fast->crossings->len, ==, be->crossings->len);
              g_assert_cmpuint (fast->equal->len, ==, be->equal->len);
              g_assert_cmpmem (fast->crossings->data, fast->crossings->len * sizeof (StrataCrossing),
                               be->crossings->data, be->crossings->len * sizeof (StrataCrossing));
              g_assert_cmpmem (fast->equal->data, fast->equal->len * sizeof (StrataEqualStretch),
                               be->equal->data, be->equal->len * sizeof (StrataEqualStretch));
            }
            apart += is_apart;
            clear += none;
            meets += !none;
          }
    }
  g_test_message ("%u pairs clear of the optimum (%u shown so), %u meet it", clear, apart, meets);
  g_assert_cmpuint (meets, >, 50);
  g_assert_cmpuint (apart, >=, clear * 8 / 10);
}

typedef struct
{
  const StrataDataset  *ds;
  const StrataStrategy *side[2];
  guint                *choices;
} ScanCosts;

/* The objective's costs of both sides at @volume, from the model: the
 * costs a break-even with a cost function scans at every sample. */
static void
scan_costs (gpointer  data,
            double    volume,
            double   *cost_a,
            double   *cost_b)
{
  ScanCosts *sc = data;
  double *out[2] = { cost_a, cost_b };

  for (int s = 0; s < 2; s++)
    {
      strata_strategy_resolve (sc->ds, sc->side[s], volume, sc->choices);
      *out[s] = strata_objective_unit_cost (sc->ds, sc->choices, STRATA_OBJECTIVE_EFFECTIVE, volume);
    }
}

/* Costs that do not depend on the volume (no fixed cost, no learning
 * curve): the break-even takes the range's two ends, not a scan of
 * thousands of optima (855 layers took 0.24 s, 25 s in the fuzzer's
 * build), and says what the whole scan says: no crossing, and the same
 * cost everywhere or one side cheaper everywhere. */
static void
test_volume_independent (void)
{
  guint verdicts[4] = { 0 };

  for (guint seed = 900; seed < 960; seed++)
    {
      g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
      g_autoptr(StrataDataset) ds = test_random_dataset (rand, 6, 3);
      g_autofree guint *choices = g_new (guint, ds->n_layers);
      const StrataStrategy *optimal = strata_dataset_find_strategy (ds, "optimal");

      for (guint i = 0; i < ds->n_layers; i++)
        for (guint k = 0; k < ds->layers[i].n_options; k++)
          {
            ds->layers[i].options[k].fixed_cost = test_number (0);
            ds->layers[i].options[k].learning_rate = test_number (0);
          }
      g_assert_true (_strata_volume_independent (ds));
      for (guint pair = 0; pair < 2; pair++)
        {
          ScanCosts sc = { ds, { pair ? &ds->strategies[1] : optimal, &ds->strategies[0] }, choices };
          g_autoptr(StrataBreakeven) fast = strata_breakeven_find (ds, sc.side[0], sc.side[1],
                                                                    STRATA_OBJECTIVE_EFFECTIVE, 0, 0, 0);
          g_autoptr(StrataBreakeven) scan = _strata_breakeven_find_with (ds, sc.side[0], sc.side[1],
                                                                         STRATA_OBJECTIVE_EFFECTIVE,
                                                                         0, 0, 0, scan_costs, &sc);

          g_assert_cmpuint (fast->crossings->len, ==, 0);
          g_assert_cmpuint (scan->crossings->len, ==, 0);
          g_assert_cmpint (fast->verdict, ==, scan->verdict);
          g_assert_cmpuint (fast->equal->len, ==, scan->equal->len);
          for (guint e = 0; e < fast->equal->len; e++)
            {
              g_assert_cmpfloat (g_array_index (fast->equal, StrataEqualStretch, e).from, ==,
                                 g_array_index (scan->equal, StrataEqualStretch, e).from);
              g_assert_cmpfloat (g_array_index (fast->equal, StrataEqualStretch, e).to, ==,
                                 g_array_index (scan->equal, StrataEqualStretch, e).to);
            }
          verdicts[fast->verdict]++;
        }
    }
  /* Both kinds of answer were met. */
  g_assert_cmpuint (verdicts[STRATA_BREAKEVEN_EQUAL], >, 0);
  g_assert_cmpuint (verdicts[STRATA_BREAKEVEN_A_CHEAPER] + verdicts[STRATA_BREAKEVEN_B_CHEAPER], >, 0);
}

/* One layer, neutral price 1 against integrated 4 (V/1e6)^-1 (lr 0.5):
 * equal at V = 4e6, integrated cheaper above. */
static void
test_one_crossing (void)
{
  g_autoptr(StrataDataset) ds = test_dataset_new (1e6, 1e9, 0);
  g_autoptr(GArray) crossings = NULL;
  guint l = test_add_layer (ds, "l");
  const StrataCrossing *c;

  test_add_neutral_price (ds, l, "n", 1, 0.5);
  test_add_integrated (ds, l, "i", 4, 0.5, 1e6, 0);
  strata_dataset_finish (ds);

  crossings = strata_breakeven (ds, &ds->strategies[0], &ds->strategies[1]);
  g_assert_cmpuint (crossings->len, ==, 1);
  c = &g_array_index (crossings, StrataCrossing, 0);
  g_assert_cmpfloat_with_epsilon (c->volume, 4e6, 4e6 * 1e-9);
  g_assert_cmpuint (c->cheaper_above, ==, 1);

  /* Swapped: the same volume, the other side. */
  g_clear_pointer (&crossings, g_array_unref);
  crossings = strata_breakeven (ds, &ds->strategies[1], &ds->strategies[0]);
  g_assert_cmpuint (crossings->len, ==, 1);
  c = &g_array_index (crossings, StrataCrossing, 0);
  g_assert_cmpfloat_with_epsilon (c->volume, 4e6, 4e6 * 1e-9);
  g_assert_cmpuint (c->cheaper_above, ==, 0);

  check_pair (ds, &ds->strategies[0], &ds->strategies[1], 200000, "one crossing");
}

/* Two curves that cross at a shallow angle: 10,000.001 against
 * 10,000 + 1,000 / V, equal at V = 1e6.  Their difference is within the
 * equality tolerance (1e-12 of the costs) over a band 2e-5 of V wide
 * around the crossing; the break-even is the crossing itself, to the
 * precision of the costs' own rounding (2e-9 here, where the difference
 * is a ten-millionth of either cost), not the band's lower edge
 * (999,980: 2e-5 off, as reported before).  The first crossing (the
 * Monte Carlo's) is the same volume. */
static void
presets_costs (gpointer  data,
               double    volume,
               double   *cost_a,
               double   *cost_b)
{
  const StrataDataset *ds = data;

  *cost_a = strata_objective_unit_cost (ds, ds->strategies[0].choices, STRATA_OBJECTIVE_EFFECTIVE, volume);
  *cost_b = strata_objective_unit_cost (ds, ds->strategies[1].choices, STRATA_OBJECTIVE_EFFECTIVE, volume);
}

static void
test_shallow_crossing (void)
{
  g_autoptr(StrataDataset) ds = test_dataset_new (1e4, 1e8, 0);
  g_autoptr(GArray) crossings = NULL;
  g_autofree double *scan = g_new (double, 64);
  guint l = test_add_layer (ds, "l");
  const StrataCrossing *c;
  double first;

  test_add_neutral_price (ds, l, "buy", 10000.001, 0);
  test_option (ds, l, test_add_integrated (ds, l, "make", 10000, 0, 0, 0))->fixed_cost = test_number (1000);
  strata_dataset_finish (ds);

  for (guint swap = 0; swap < 2; swap++)
    {
      g_clear_pointer (&crossings, g_array_unref);
      crossings = strata_breakeven (ds, &ds->strategies[swap], &ds->strategies[1 - swap]);
      g_assert_cmpuint (crossings->len, ==, 1);
      c = &g_array_index (crossings, StrataCrossing, 0);
      g_assert_cmpfloat_with_epsilon (c->volume, 1e6, 1e6 * 2e-9);
      g_assert_cmpuint (c->cheaper_above, ==, 1 - swap);
    }
  strata_log_space (ds->volume_min, ds->volume_max, 64, scan);
  first = _strata_breakeven_first_with (ds, &ds->strategies[0], &ds->strategies[1],
                                        STRATA_OBJECTIVE_EFFECTIVE, scan, 64, presets_costs, NULL, ds);
  g_assert_cmpfloat_with_epsilon (first, 1e6, 1e6 * 2e-9);
}

/* A cost both strategies share, a million times the parts that decide:
 * layer a bought at 1,000,000 a unit by both; layer b bought at 2 or made
 * at 1 + 1000 / V, equal at V = 1000.  Within 1e-12 of the whole costs
 * they read as equal from 999.998 to 1000.002, reported as an equal
 * stretch with the crossing at its end; the parts that differ tell: one
 * crossing at 1000, no stretch. */
static void
test_shared_cost (void)
{
  g_autoptr(StrataDataset) ds = test_dataset_new (100, 1e5, 0);
  guint a = test_add_layer (ds, "a"), b = test_add_layer (ds, "b");
  g_autoptr(StrataBreakeven) result = NULL;
  const StrataCrossing *c;

  test_add_neutral_price (ds, a, "buy", 1e6, 0);
  test_add_neutral_price (ds, b, "buy", 2, 0);
  test_option (ds, b, test_add_integrated (ds, b, "make", 1, 0, 0, 0))->fixed_cost = test_number (1000);
  strata_dataset_finish (ds);

  result = strata_breakeven_find_full (ds, &ds->strategies[0], &ds->strategies[1], STRATA_OBJECTIVE_EFFECTIVE,
                                       0, 0, 0, NULL, NULL, NULL, NULL, NULL);
  g_assert_nonnull (result);
  g_assert_cmpuint (result->equal->len, ==, 0);
  g_assert_cmpuint (result->crossings->len, ==, 1);
  c = &g_array_index (result->crossings, StrataCrossing, 0);
  g_assert_cmpfloat_with_epsilon (c->volume, 1000, 1000 * 1e-9);
  g_assert_cmpuint (c->cheaper_above, ==, 1);
}

/* Optimal against All neutral where a cost both share dwarfs the layer
 * that decides (a layer bought at 1e6 a unit; b: 1.34875 bought or
 * 2.417 (V/1e3)^log2 (0.8) made): the whole costs stay within their
 * rounding of each other for 5e-6 of V after the optimum turns b
 * integrated (at 1e-12 of 1e6, itself 2.3e-6 of V past the two options'
 * own crossing).  Where Optimal parts from All neutral is where the
 * optimum's choice changes, the ladder's flip, to 1e-9 (the oracle of
 * tests/oracle found it 1.3e-7 of V later on such a stack). */
static void
test_optimal_parts_shared_cost (void)
{
  g_autoptr(StrataDataset) ds = test_dataset_new (1e3, 1e10, 0);
  guint a = test_add_layer (ds, "a"), b = test_add_layer (ds, "b");
  g_autoptr(StrataBreakeven) result = NULL;
  g_autoptr(StrataLadder) ladder = NULL;
  const StrataStrategy *optimal;
  const StrataCrossing *c;
  const StrataEqualStretch *equal;
  double own = 1e3 * pow (1.34875 / 2.417, 1 / log2 (0.8));

  test_add_neutral_price (ds, a, "buy", 1e6, 0);
  test_add_neutral_price (ds, b, "buy", 1.34875, 0);
  test_add_integrated (ds, b, "make", 2.417, 0.2, 1e3, 0);
  strata_dataset_finish (ds);
  optimal = strata_dataset_find_strategy (ds, STRATA_STRATEGY_OPTIMAL);
  g_assert_nonnull (optimal);

  ladder = strata_ladder_new (ds, 64);
  g_assert_cmpuint (ladder->n_flips, ==, 1);
  g_assert_cmpuint (ladder->flips[0].layer, ==, b);
  /* The tie tolerance holds the flip a little above the options' own
   * crossing. */
  g_assert_cmpfloat (ladder->flips[0].volume, >, own);
  g_assert_cmpfloat_with_epsilon (ladder->flips[0].volume, own, own * 1e-5);

  result = strata_breakeven_find_full (ds, optimal, &ds->strategies[0], STRATA_OBJECTIVE_EFFECTIVE,
                                       0, 0, 0, NULL, NULL, NULL, NULL, NULL);
  g_assert_nonnull (result);
  g_assert_cmpuint (result->equal->len, ==, 1);
  equal = &g_array_index (result->equal, StrataEqualStretch, 0);
  g_assert_cmpfloat (equal->from, ==, 1e3);
  g_assert_cmpuint (result->crossings->len, ==, 1);
  c = &g_array_index (result->crossings, StrataCrossing, 0);
  g_assert_cmpuint (c->cheaper_above, ==, 0);
  g_assert_cmpfloat_with_epsilon (c->volume, ladder->flips[0].volume, ladder->flips[0].volume * 1e-9);
  g_assert_cmpfloat (equal->to, ==, c->volume);
}

/* A (neutral): price 1, fixed 1e4, ecosystem value 0.6
 * B (integrated): 1.5 (V/1e4)^-0.5 (lr = 1 - 2^-0.5), floor @floor_cost,
 *                 fixed 1e2
 * With x = V / 1e4 and s = sqrt (x):
 *   A_eff = 1 + 1/x - 0.6 = 0.4 + 1/x
 *   B     = max (floor, 1.5 / s) + 0.01 / x
 *   d = A - B = 0.4 + 0.99/x - max (floor, 1.5/s)
 * On the curve part, d s^2 = 0.4 s^2 - 1.5 s + 0.99 = 0:
 *   s = (1.5 -+ sqrt (2.25 - 1.584)) / 0.8 = 0.85490..., 2.89510...
 *   x = 0.73085..., 8.38161...  (d > 0 below the first, < 0 between,
 *   > 0 above the second: A cheaper above the first, B above the second)
 * Floor 0: d -> 0.4 as x grows, so exactly two crossings.
 * Floor 0.5 (binds from 1.5/s = 0.5, x = 9): d = 0.99/x - 0.1, which
 *   changes sign once more at x = 9.9 (A cheaper above): three. */
static StrataDataset *
crossing_dataset (double floor_cost)
{
  StrataDataset *ds = test_dataset_new (1e3, 1e9, 0);
  guint l = test_add_layer (ds, "l");

  test_add_neutral_price (ds, l, "a", 1, 0);
  test_option (ds, l, 0)->fixed_cost = test_number (1e4);
  test_option (ds, l, 0)->ecosystem_value = test_number (0.6);
  test_add_integrated (ds, l, "b", 1.5, 1 - pow (2, -0.5), 1e4, floor_cost);
  test_option (ds, l, 1)->fixed_cost = test_number (1e2);
  strata_dataset_finish (ds);
  return ds;
}

static void
assert_crossing (GArray *crossings,
                 guint   k,
                 double  volume,
                 guint   cheaper_above)
{
  const StrataCrossing *c = &g_array_index (crossings, StrataCrossing, k);

  g_assert_cmpfloat_with_epsilon (c->volume, volume, volume * 1e-9);
  g_assert_cmpuint (c->cheaper_above, ==, cheaper_above);
}

static void
test_two_crossings (void)
{
  g_autoptr(StrataDataset) ds = crossing_dataset (0);
  g_autoptr(GArray) crossings = NULL;
  double s1 = (1.5 - sqrt (2.25 - 1.584)) / 0.8;
  double s2 = (1.5 + sqrt (2.25 - 1.584)) / 0.8;

  crossings = strata_breakeven (ds, &ds->strategies[0], &ds->strategies[1]);
  g_assert_cmpuint (crossings->len, ==, 2);
  assert_crossing (crossings, 0, 1e4 * s1 * s1, 0);
  assert_crossing (crossings, 1, 1e4 * s2 * s2, 1);
  check_pair (ds, &ds->strategies[0], &ds->strategies[1], 200000, "two crossings");
}

static void
test_three_crossings_floor (void)
{
  g_autoptr(StrataDataset) ds = crossing_dataset (0.5);
  g_autoptr(GArray) crossings = NULL;
  double s1 = (1.5 - sqrt (2.25 - 1.584)) / 0.8;
  double s2 = (1.5 + sqrt (2.25 - 1.584)) / 0.8;

  crossings = strata_breakeven (ds, &ds->strategies[0], &ds->strategies[1]);
  g_assert_cmpuint (crossings->len, ==, 3);
  assert_crossing (crossings, 0, 1e4 * s1 * s1, 0);
  assert_crossing (crossings, 1, 1e4 * s2 * s2, 1);
  assert_crossing (crossings, 2, 9.9e4, 0);
  check_pair (ds, &ds->strategies[0], &ds->strategies[1], 200000, "three crossings");
}

/* Two crossings much closer together than the scan's step (about 0.68 %
 * in V over twelve decades): the same sign on both sides, found in the
 * dip between.  As crossing_dataset (), but A's fixed cost is
 * (c + 0.01) 1e4, so
 *   d s^2 = 0.4 s^2 - 1.5 s + c,  c = (1.5^2 - (0.8 h)^2) / 1.6
 * whose roots are s = (1.5 -+ 0.8 h) / 0.8 = 1.875 -+ h; with h = 2e-4 the
 * two volumes 1e4 s^2 are 0.043 % apart. */
static void
test_close_pair (void)
{
  g_autoptr(StrataDataset) ds = test_dataset_new (1e3, 1e15, 0);
  g_autoptr(GArray) crossings = NULL;
  guint l = test_add_layer (ds, "l");
  double h = 2e-4;
  double c = (2.25 - (0.8 * h) * (0.8 * h)) / 1.6;
  double s1 = 1.875 - h, s2 = 1.875 + h;
  const StrataCrossing *x;

  test_add_neutral_price (ds, l, "a", 1, 0);
  test_option (ds, l, 0)->fixed_cost = test_number ((c + 0.01) * 1e4);
  test_option (ds, l, 0)->ecosystem_value = test_number (0.6);
  test_add_integrated (ds, l, "b", 1.5, 1 - pow (2, -0.5), 1e4, 0);
  test_option (ds, l, 1)->fixed_cost = test_number (1e2);
  strata_dataset_finish (ds);

  crossings = strata_breakeven (ds, &ds->strategies[0], &ds->strategies[1]);
  g_assert_cmpuint (crossings->len, ==, 2);
  /* The curves are nearly tangent, so d changes sign slowly and its
   * rounding limits the precision to about 1e-7. */
  x = &g_array_index (crossings, StrataCrossing, 0);
  g_assert_cmpfloat_with_epsilon (x->volume, 1e4 * s1 * s1, 1e4 * s1 * s1 * 1e-6);
  g_assert_cmpuint (x->cheaper_above, ==, 0);
  x = &g_array_index (crossings, StrataCrossing, 1);
  g_assert_cmpfloat_with_epsilon (x->volume, 1e4 * s2 * s2, 1e4 * s2 * s2 * 1e-6);
  g_assert_cmpuint (x->cheaper_above, ==, 1);
  check_pair_within (ds, &ds->strategies[0], &ds->strategies[1], 400000, 1e-6, "close pair");
}

/* Neutral price 1 against integrated max (1, 2 (V/1e4)^-1): B >= A, equal
 * from V = 2e4 on (exactly 1 = 1).  d touches 0 and stays there without
 * changing sign: no crossing.  Identical strategies: none either. */
static void
test_no_crossing (void)
{
  g_autoptr(StrataDataset) ds = test_dataset_new (1e3, 1e9, 0);
  g_autoptr(GArray) touching = NULL;
  g_autoptr(GArray) same = NULL;
  g_autoptr(GArray) apart = NULL;
  guint l = test_add_layer (ds, "l");

  test_add_neutral_price (ds, l, "a", 1, 0);
  test_add_integrated (ds, l, "b", 2, 0.5, 1e4, 1);
  test_add_integrated (ds, l, "c", 3, 0, 0, 0);
  test_add_strategy (ds, "a-again", "l=a");
  test_add_strategy (ds, "c", "l=c");
  strata_dataset_finish (ds);

  touching = strata_breakeven (ds, &ds->strategies[0], &ds->strategies[1]);
  g_assert_cmpuint (touching->len, ==, 0);
  same = strata_breakeven (ds, &ds->strategies[0], &ds->strategies[3]);
  g_assert_cmpuint (same->len, ==, 0);
  /* 1 against 3 everywhere. */
  apart = strata_breakeven (ds, &ds->strategies[0], &ds->strategies[4]);
  g_assert_cmpuint (apart->len, ==, 0);
}

/* The optimum is never dearer than any fixed strategy, so it never
 * crosses one; it equals it where that strategy is optimal, and where
 * the two part is a break-even (MODEL.md 4), optimal cheaper above.
 * crossing_dataset (0.5): A is optimal between x = 0.73085 and 8.38161 and
 * above 9.9 (V = 1e4 x), B elsewhere. */
static void
test_optimal_side (void)
{
  g_autoptr(StrataDataset) ds = crossing_dataset (0.5);
  const StrataStrategy *optimal = strata_dataset_find_strategy (ds, "optimal");
  g_autoptr(StrataBreakeven) with_a = NULL;
  g_autoptr(StrataBreakeven) self = NULL;
  double s1 = (1.5 - sqrt (2.25 - 1.584)) / 0.8, s2 = (1.5 + sqrt (2.25 - 1.584)) / 0.8;
  double x1 = 1e4 * s1 * s1, x2 = 1e4 * s2 * s2;

  with_a = strata_breakeven_find (ds, optimal, &ds->strategies[0], STRATA_OBJECTIVE_EFFECTIVE,
                                  0, 0, 0);
  g_assert_cmpint (with_a->verdict, ==, STRATA_BREAKEVEN_MIXED);
  /* Equal on [x1, x2] and [9.9e4, max]; parts at x2 only (at x1 the two
   * meet from below, which is not where they part). */
  g_assert_cmpuint (with_a->equal->len, ==, 2);
  g_assert_cmpfloat_with_epsilon (g_array_index (with_a->equal, StrataEqualStretch, 0).from, x1,
                                  x1 * 1e-9);
  g_assert_cmpfloat_with_epsilon (g_array_index (with_a->equal, StrataEqualStretch, 0).to, x2,
                                  x2 * 1e-9);
  g_assert_cmpfloat_with_epsilon (g_array_index (with_a->equal, StrataEqualStretch, 1).from,
                                  9.9e4, 9.9e4 * 1e-9);
  g_assert_cmpfloat (g_array_index (with_a->equal, StrataEqualStretch, 1).to, ==, 1e9);
  g_assert_cmpuint (with_a->crossings->len, ==, 1);
  assert_crossing (with_a->crossings, 0, x2, 0);

  self = strata_breakeven_find (ds, optimal, optimal, STRATA_OBJECTIVE_EFFECTIVE, 0, 0, 64);
  g_assert_cmpint (self->verdict, ==, STRATA_BREAKEVEN_EQUAL);
  g_assert_cmpuint (self->crossings->len, ==, 0);

  check_pair (ds, optimal, &ds->strategies[0], 200000, "optimal");
  check_pair (ds, &ds->strategies[1], optimal, 200000, "optimal");
}

/* A difference of A and B made to have what the scan must get right:
 * crossings, pairs of crossings closer than the scan's step (dips),
 * stretches where the two are equal, and none at all; pieces of it
 * chosen at random. */
typedef struct
{
  double lmin, lmax;
  int    kind;
  double amp, freq, phase, offset;
  double c, w, c2;
} Synth;

static void
synth_costs (gpointer  data,
             double    volume,
             double   *cost_a,
             double   *cost_b)
{
  const Synth *sy = data;
  double x = (log (volume) - sy->lmin) / (sy->lmax - sy->lmin);
  double d = 0;

  switch (sy->kind)
    {
    case 0:   /* waves */
      d = sy->amp * sin (2 * G_PI * sy->freq * x + sy->phase) + sy->offset;
      break;
    case 1:   /* a narrow dip below 0 */
      d = sy->amp * ((x - sy->c) * (x - sy->c) - sy->w * sy->w) + sy->offset;
      break;
    case 2:   /* equal on [c, c2], apart on both sides */
      d = x < sy->c ? sy->amp * (x - sy->c) : x > sy->c2 ? sy->offset * (x - sy->c2) : 0;
      break;
    default:  /* a dip beside waves */
      d = sy->amp * sin (2 * G_PI * sy->freq * x + sy->phase) +
          ((x - sy->c) * (x - sy->c) - sy->w * sy->w < 0 ? -2 * fabs (sy->amp) : 0);
      break;
    }
  *cost_a = 1.0 + d;
  *cost_b = 1.0;
}

/* The Monte Carlo's break-even per draw (_strata_breakeven_first_with ())
 * against the full routine's first crossing, to the bit. */
static void
test_first_crossing (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (1313);
  guint kinds[4] = { 0 }, dips = 0, stretches = 0, none = 0;

  for (guint round = 0; round < 600; round++)
    {
      g_autoptr(StrataDataset) ds = test_random_dataset (rand, 3, 3);
      guint n_scan = round % 3 == 0 ? 16 : round % 3 == 1 ? 64 : 256;
      g_autofree double *scan = g_new (double, n_scan);
      g_autoptr(StrataBreakeven) full = NULL;
      Synth sy;
      double first, want;
      guint nc;

      if (ds->n_strategies < 2 || !(ds->volume_max > ds->volume_min))
        continue;
      sy.lmin = log (ds->volume_min);
      sy.lmax = log (ds->volume_max);
      sy.kind = (int) (round % 4);
      sy.amp = g_rand_double_range (rand, -1, 1);
      sy.freq = g_rand_double_range (rand, 0.3, 5);
      sy.phase = g_rand_double_range (rand, 0, 2 * G_PI);
      sy.offset = g_rand_double_range (rand, -0.5, 0.5) * (g_rand_int_range (rand, 0, 3) == 0);
      sy.c = g_rand_double_range (rand, 0.05, 0.95);
      /* Narrower than a step of the scan, or wider. */
      sy.w = g_rand_double_range (rand, 0.05, 1.5) / n_scan;
      sy.c2 = MIN (1.2, sy.c + g_rand_double_range (rand, 0, 0.3));
      if (sy.kind == 1)
        sy.amp = fabs (sy.amp), sy.offset = 0;
      if (sy.kind == 2 && g_rand_boolean (rand))
        sy.offset = -sy.offset;

      strata_log_space (ds->volume_min, ds->volume_max, n_scan, scan);
      full = _strata_breakeven_find_with (ds, &ds->strategies[0], &ds->strategies[1],
                                          STRATA_OBJECTIVE_EFFECTIVE, 0, 0, n_scan,
                                          synth_costs, &sy);
      first = _strata_breakeven_first_with (ds, &ds->strategies[0], &ds->strategies[1],
                                            STRATA_OBJECTIVE_EFFECTIVE, scan, n_scan,
                                            synth_costs, NULL, &sy);
      nc = full->crossings->len;
      want = nc > 0 ? g_array_index (full->crossings, StrataCrossing, 0).volume : NAN;
      if (isnan (want))
        g_assert_true (isnan (first));
      else
        g_assert_cmpmem (&first, sizeof first, &want, sizeof want);
      kinds[sy.kind]++;
      none += nc == 0;
      stretches += full->equal->len > 0;
      /* Two crossings within one step of the scan: a dip found. */
      for (guint i = 0; i + 1 < nc; i++)
        if (g_array_index (full->crossings, StrataCrossing, i + 1).volume <
            g_array_index (full->crossings, StrataCrossing, i).volume *
            pow (ds->volume_max / ds->volume_min, 1.0 / (n_scan - 1)))
          {
            dips++;
            break;
          }
    }
  /* Every kind of difference was met, and each case the walk treats. */
  for (guint k = 0; k < 4; k++)
    g_assert_cmpuint (kinds[k], >, 50);
  g_assert_cmpuint (dips, >, 10);
  g_assert_cmpuint (stretches, >, 10);
  g_assert_cmpuint (none, >, 10);
}

/* An optimal side's floor kinks are samples only where its curve may
 * bend (strata-breakeven.c, kink_may_bend ()): against taking every
 * option's kink, the same crossings, stretches and verdict, to the bit,
 * on random datasets and on generated stacks of many options with
 * learning curves and floors, and most of the kinks left out there. */
static void
test_optimal_kinks (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (2121);
  guint skipped0, taken0, skipped1, taken1;

  /* The scan itself, not the optimum shown apart without one. */
  _strata_breakeven_set_apart (FALSE);
  for (guint round = 0; round < 300; round++)
    {
      if (round == 280)
        _strata_breakeven_kink_counts (&skipped0, &taken0);
      g_autoptr(StrataDataset) ds = round < 280 ? test_random_dataset (rand, 5, 5)
                                                : test_generated_dataset (round, 40 + round % 7, 12, round % 3 == 0 ? 0 : 6, FALSE);
      const StrataStrategy *optimal = strata_dataset_find_strategy (ds, STRATA_STRATEGY_OPTIMAL);

      for (guint s = 0; s < ds->n_strategies; s++)
        for (StrataObjective objective = STRATA_OBJECTIVE_EFFECTIVE; objective <= STRATA_OBJECTIVE_CASH; objective++)
          {
            g_autoptr(StrataBreakeven) filtered = NULL;
            g_autoptr(StrataBreakeven) every = NULL;

            if (&ds->strategies[s] == optimal || (round >= 280 && s > 1))
              continue;
            filtered = strata_breakeven_find (ds, optimal, &ds->strategies[s], objective, 0, 0, 256);
            _strata_breakeven_set_kink_filter (FALSE);
            every = strata_breakeven_find (ds, optimal, &ds->strategies[s], objective, 0, 0, 256);
            _strata_breakeven_set_kink_filter (TRUE);
            g_assert_cmpint (filtered->verdict, ==, every->verdict);
            g_assert_cmpuint (filtered->crossings->len, ==, every->crossings->len);
            g_assert_cmpuint (filtered->equal->len, ==, every->equal->len);
            for (guint c = 0; c < filtered->crossings->len; c++)
              {
                const StrataCrossing *x = &g_array_index (filtered->crossings, StrataCrossing, c);
                const StrataCrossing *y = &g_array_index (every->crossings, StrataCrossing, c);

                g_assert_cmpmem (&x->volume, sizeof (double), &y->volume, sizeof (double));
                g_assert_cmpuint (x->cheaper_above, ==, y->cheaper_above);
              }
            for (guint e = 0; e < filtered->equal->len; e++)
              g_assert_cmpmem (&g_array_index (filtered->equal, StrataEqualStretch, e), sizeof (StrataEqualStretch),
                               &g_array_index (every->equal, StrataEqualStretch, e), sizeof (StrataEqualStretch));
          }
    }
  _strata_breakeven_set_apart (TRUE);
  _strata_breakeven_kink_counts (&skipped1, &taken1);
  /* The generated stacks' kinks of options dearer than the optimum's of
   * their mode are left out (those of the other mode's options are taken). */
  g_test_message ("generated stacks: kinks left out %u, taken %u", skipped1 - skipped0, taken1 - taken0);
  g_assert_cmpuint (skipped1 - skipped0, >, 1000);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/strata/breakeven/one-crossing", test_one_crossing);
  g_test_add_func ("/strata/breakeven/shallow-crossing", test_shallow_crossing);
  g_test_add_func ("/strata/breakeven/shared-cost", test_shared_cost);
  g_test_add_func ("/strata/breakeven/optimal-parts-shared-cost", test_optimal_parts_shared_cost);
  g_test_add_func ("/strata/breakeven/two-crossings", test_two_crossings);
  g_test_add_func ("/strata/breakeven/three-crossings-floor", test_three_crossings_floor);
  g_test_add_func ("/strata/breakeven/close-pair", test_close_pair);
  g_test_add_func ("/strata/breakeven/no-crossing", test_no_crossing);
  g_test_add_func ("/strata/breakeven/optimal-side", test_optimal_side);
  g_test_add_func ("/strata/breakeven/random", test_random);
  g_test_add_func ("/strata/breakeven/random-optimal", test_random_optimal);
  g_test_add_func ("/strata/breakeven/optimum-apart", test_optimum_apart);
  g_test_add_func ("/strata/breakeven/volume-independent", test_volume_independent);
  g_test_add_func ("/strata/breakeven/first-crossing", test_first_crossing);
  g_test_add_func ("/strata/breakeven/optimal-kinks", test_optimal_kinks);

  return g_test_run ();
}

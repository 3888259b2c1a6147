/* test-optimizer.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "strata-test-util.h"
#include "../app/core/strata-model-private.h"
#include "../app/core/strata-optimizer-private.h"

/* The exact optimizer (MODEL.md 5) against brute force over every
 * combination, on seeded random datasets. */

#define N_DATASETS 300

static void
check_volume (const StrataDataset *ds,
              double               volume,
              guint                seed)
{
  g_autofree guint *fast = g_new (guint, ds->n_layers);
  g_autofree guint *slow = g_new (guint, ds->n_layers);
  double fast_cost, slow_cost;

  fast_cost = strata_optimize (ds, volume, fast);
  slow_cost = test_brute_force (ds, volume, slow);

  if (memcmp (fast, slow, sizeof (guint) * ds->n_layers) != 0 ||
      fabs (fast_cost - slow_cost) > 1e-9 * MAX (1.0, fabs (slow_cost)))
    {
      GString *msg = g_string_new (NULL);

      g_string_append_printf (msg, "seed %u, V = %.17g: optimizer %.17g [", seed, volume,
                              fast_cost);
      for (guint i = 0; i < ds->n_layers; i++)
        g_string_append_printf (msg, " %u", fast[i]);
      g_string_append_printf (msg, " ] (%u integrated), brute force %.17g [",
                              test_count_integrated (ds, fast), slow_cost);
      for (guint i = 0; i < ds->n_layers; i++)
        g_string_append_printf (msg, " %u", slow[i]);
      g_string_append_printf (msg, " ] (%u integrated)", test_count_integrated (ds, slow));
      g_test_message ("%s", msg->str);
      g_string_free (msg, TRUE);
    }

  g_assert_cmpfloat_with_epsilon (fast_cost, slow_cost, 1e-9 * MAX (1.0, fabs (slow_cost)));
  for (guint i = 0; i < ds->n_layers; i++)
    g_assert_cmpuint (fast[i], ==, slow[i]);
  /* The returned cost is the strategy's own effective unit cost. */
  g_assert_cmpfloat (fast_cost, ==, strata_effective_unit_cost (ds, fast, volume));
}

static void
test_random (void)
{
  guint n_ties = 0, n_links = 0;

  for (guint seed = 1; seed <= N_DATASETS; seed++)
    {
      g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
      g_autoptr(StrataDataset) ds = test_random_dataset (rand, 8, 4);
      double volumes[7];

      volumes[0] = ds->volume_min;
      volumes[1] = ds->volume_max;
      volumes[2] = ds->volume_default;
      for (guint k = 3; k < G_N_ELEMENTS (volumes); k++)
        volumes[k] = ds->volume_min * pow (ds->volume_max / ds->volume_min,
                                           g_rand_double (rand));

      for (guint k = 0; k < G_N_ELEMENTS (volumes); k++)
        check_volume (ds, volumes[k], seed);

      n_links += ds->n_links > 0;
      for (guint i = 0; i < ds->n_layers; i++)
        for (guint j = 1; j < ds->layers[i].n_options; j++)
          if (memcmp (&ds->layers[i].options[j].unit_cost,
                      &ds->layers[i].options[j - 1].unit_cost, sizeof (StrataNumber)) == 0)
            n_ties++;
    }

  /* The generator did produce the cases this test is for. */
  g_assert_cmpuint (n_links, >, N_DATASETS / 2);
  g_assert_cmpuint (n_ties, >, 10);
}

/* Checks the optimum of @ds against brute force at 9 volumes; counts
 * in *@n_mixed those that run some of the @m linked layers integrated
 * and some neutral. */
static void
check_dense (const StrataDataset *ds,
             guint                n,
             guint                m,
             guint                seed,
             guint               *n_mixed)
{
  for (guint k = 0; k < 9; k++)
    {
      double volume = 1e3 * pow (1e6, k / 8.0);
      g_autofree guint *slow = g_new (guint, n);
      guint bought = 0;

      check_volume (ds, volume, seed);
      test_brute_force (ds, volume, slow);
      for (guint a = 0; a < m; a++)
        bought += ds->layers[a * n / m].options[slow[a * n / m]].mode == STRATA_MODE_NEUTRAL;
      *n_mixed += bought > 0 && bought < m;
    }
}

/* Every two of the linked layers linked both ways, the shape where a
 * linked layer waits for many sources: the branch and bound bounds it
 * with the savings of the sources already neutral taken away
 * (pending_integrated () in strata-optimizer.c), and a source not yet
 * decided with what it costs the layers waiting on it if neutral
 * (undecided_more ()), against brute force (up to 9 layers of 2 or 3
 * options, 7 of them linked, all 42 links), at 9 volumes each. */
static void
test_dense_links (void)
{
  guint n_mixed = 0;

  for (guint seed = 1; seed <= 60; seed++)
    {
      g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
      guint n = 5 + seed % 5, m = MIN (n, 4 + seed % 4);
      double boundary = g_rand_double_range (rand, 0, 1);
      g_autoptr(StrataDataset) ds = test_dense_links_dataset (rand, n, m, boundary, seed % 2, 0.1);

      check_dense (ds, n, m, seed, &n_mixed);
    }
  /* Some optima buy some linked layers and build others: the savings of
   * their links lost. */
  g_assert_cmpuint (n_mixed, >, 20);
}

/* The same deeper: 11 to 14 layers of two options, every one linked to
 * every other (up to 182 links, savings of 0.3 to 3 % each: more optima
 * mixed), where the search's state by depth
 * (dfs_decide ()) and the charges of sources not yet decided run through
 * more levels than above. */
static void
test_dense_links_deep (void)
{
  guint n_mixed = 0;

  for (guint seed = 100; seed < 116; seed++)
    {
      g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
      guint n = 11 + seed % 4;
      double boundary = g_rand_double_range (rand, 0, 1);
      g_autoptr(StrataDataset) ds = test_dense_links_dataset (rand, n, n, boundary, 0, 0.03);

      check_dense (ds, n, n, seed, &n_mixed);
    }
  g_test_message ("%u of %u optima mixed", n_mixed, 16 * 9);
  g_assert_cmpuint (n_mixed, >, 10);
}

/* Longer stacks with links among many layers: the branch and bound over
 * linked layers against brute force (2^12 combinations at most). */
static void
test_random_large (void)
{
  guint max_linked = 0;

  for (guint seed = 3000; seed < 3040; seed++)
    {
      g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
      g_autoptr(StrataDataset) ds = test_random_dataset (rand, 12, 2);
      g_autofree gboolean *touched = g_new0 (gboolean, ds->n_layers);
      guint n_linked = 0;

      for (guint k = 0; k < ds->n_links; k++)
        touched[ds->links[k].from] = touched[ds->links[k].to] = TRUE;
      for (guint i = 0; i < ds->n_layers; i++)
        n_linked += touched[i];
      max_linked = MAX (max_linked, n_linked);

      check_volume (ds, ds->volume_min, seed);
      check_volume (ds, ds->volume_default, seed);
      check_volume (ds, ds->volume_max, seed);
    }
  g_assert_cmpuint (max_linked, >=, 8);
}

/* Many equal options and zero costs: ties everywhere. */
static void
test_random_ties (void)
{
  for (guint seed = 1000; seed < 1100; seed++)
    {
      g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
      g_autoptr(StrataDataset) ds = test_dataset_new (1e3, 1e6, 0);
      guint n_layers = (guint) g_rand_int_range (rand, 1, 7);

      if (g_rand_boolean (rand))
        ds->boundary_cost = 0.5;
      for (guint i = 0; i < n_layers; i++)
        {
          g_autofree char *lid = g_strdup_printf ("l%u", i);
          guint l = test_add_layer (ds, lid);
          guint n_options = (guint) g_rand_int_range (rand, 1, 5);

          for (guint j = 0; j < n_options; j++)
            {
              g_autofree char *oid = g_strdup_printf ("o%u", j);
              double cost = g_rand_int_range (rand, 0, 3) * 0.5;

              if (g_rand_boolean (rand))
                test_add_neutral_price (ds, l, oid, cost, 0.1);
              else
                test_add_integrated (ds, l, oid, cost, 0, 0, 0);
            }
        }
      for (guint k = 0; n_layers > 1 && k < 3; k++)
        {
          guint from = (guint) g_rand_int_range (rand, 0, (gint32) n_layers);
          guint to = (from + 1 + (guint) g_rand_int_range (rand, 0, (gint32) n_layers - 1))
                     % n_layers;

          test_add_link (ds, from, to, g_rand_int_range (rand, 0, 3) * 0.25);
        }
      strata_dataset_finish (ds);

      check_volume (ds, 1e3, seed);
      check_volume (ds, 3e4, seed);
    }
}

/* The cash objective (MODEL.md 3) ranks by unit_cost: on any dataset it
 * picks what the effective objective picks once every ecosystem value is
 * zero, which brute force checks; and the ladder follows it. */
static void
test_random_cash (void)
{
  guint n_differ = 0;

  for (guint seed = 5000; seed < 5150; seed++)
    {
      g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
      g_autoptr(StrataDataset) ds = test_random_dataset (rand, 7, 3);
      g_autofree guint *cash = g_new (guint, ds->n_layers);
      g_autofree guint *effective = g_new (guint, ds->n_layers);
      g_autofree guint *slow = g_new (guint, ds->n_layers);
      g_autoptr(StrataLadder) ladder = strata_ladder_new_full (ds, STRATA_OBJECTIVE_CASH, 9);
      double volume = ds->volume_min * pow (ds->volume_max / ds->volume_min,
                                            g_rand_double (rand));
      double cash_cost, slow_cost;
      g_autofree guint *ladder_cash = NULL;

      g_assert_nonnull (ladder);
      g_assert_cmpint (ladder->objective, ==, STRATA_OBJECTIVE_CASH);
      ladder_cash = g_memdup2 (ladder->choices, sizeof (guint) * ds->n_layers * 9);

      cash_cost = strata_optimize_full (ds, STRATA_OBJECTIVE_CASH, volume, cash);
      strata_optimize_full (ds, STRATA_OBJECTIVE_EFFECTIVE, volume, effective);
      if (memcmp (cash, effective, sizeof (guint) * ds->n_layers) != 0)
        n_differ++;
      /* The returned cost is the strategy's own unit_cost. */
      g_assert_cmpfloat (cash_cost, ==,
                         strata_objective_unit_cost (ds, cash, STRATA_OBJECTIVE_CASH, volume));

      for (guint i = 0; i < ds->n_layers; i++)
        for (guint k = 0; k < ds->layers[i].n_options; k++)
          test_option (ds, i, k)->ecosystem_value.value = 0;

      slow_cost = test_brute_force (ds, volume, slow);
      g_assert_cmpfloat_with_epsilon (cash_cost, slow_cost, 1e-9 * MAX (1.0, fabs (slow_cost)));
      for (guint i = 0; i < ds->n_layers; i++)
        g_assert_cmpuint (cash[i], ==, slow[i]);

      for (guint p = 0; p < 9; p++)
        {
          test_brute_force (ds, ladder->volumes[p], slow);
          for (guint i = 0; i < ds->n_layers; i++)
            g_assert_cmpuint (ladder_cash[p * ds->n_layers + i], ==, slow[i]);
        }
    }

  /* Ecosystem value did change the answer in some datasets. */
  g_assert_cmpuint (n_differ, >, 5);
}

/* The ladder's choices at every point are the brute-force optimum, and its
 * flips are where the layer's optimal option changes (mode or not). */
static void
test_ladder (void)
{
  for (guint seed = 2000; seed < 2060; seed++)
    {
      g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
      g_autoptr(StrataDataset) ds = test_random_dataset (rand, 6, 3);
      g_autoptr(StrataLadder) ladder = strata_ladder_new (ds, 33);
      g_autofree guint *slow = g_new (guint, ds->n_layers);
      g_autofree guint *below = g_new (guint, ds->n_layers);
      g_autofree guint *above = g_new (guint, ds->n_layers);

      g_assert_nonnull (ladder);
      for (guint p = 0; p < ladder->n_points; p++)
        {
          double cost = test_brute_force (ds, ladder->volumes[p], slow);

          g_assert_cmpfloat_with_epsilon (ladder->costs[p], cost, 1e-9 * MAX (1.0, fabs (cost)));
          for (guint i = 0; i < ds->n_layers; i++)
            g_assert_cmpuint (ladder->choices[p * ds->n_layers + i], ==, slow[i]);
          if (p > 0)
            g_assert_cmpfloat (ladder->volumes[p], >, ladder->volumes[p - 1]);
        }

      for (guint f = 0; f < ladder->n_flips; f++)
        {
          const StrataFlip *flip = &ladder->flips[f];

          if (f > 0)
            g_assert_cmpfloat (flip->volume, >=, ladder->flips[f - 1].volume);
          g_assert_cmpuint (flip->from_option, !=, flip->to_option);
          g_assert_cmpint (flip->from, ==,
                           ds->layers[flip->layer].options[flip->from_option].mode);
          g_assert_cmpint (flip->to, ==, ds->layers[flip->layer].options[flip->to_option].mode);
          g_assert_cmpfloat (flip->volume, >=, ds->volume_min);
          g_assert_cmpfloat (flip->volume, <=, ds->volume_max);

          /* Just below the flip the layer runs @from, just above @to. */
          test_brute_force (ds, flip->volume * (1 - 1e-8), below);
          test_brute_force (ds, flip->volume * (1 + 1e-8), above);
          g_assert_cmpuint (below[flip->layer], ==, flip->from_option);
          g_assert_cmpuint (above[flip->layer], ==, flip->to_option);
        }
    }
}

/* Issue 16, finding 2.  Layer a: buy at 3 or make at 1; layer z: cheap at
 * 1 or an absurd option at HUGE that is never chosen.  a = make, z = cheap
 * costs 2 and must win at every magnitude of the unused option: a tie
 * tolerance scaled by the largest number of the dataset (1e-12 of 1e13 is
 * 10) called 4 and 2 a tie and handed it to the less integrated a = buy. */
static void
test_unused_huge_option (void)
{
  static const double huge[] = { 1e12, 1e13, 1e15, 1e50, 1e100 };

  for (guint h = 0; h < G_N_ELEMENTS (huge); h++)
    {
      g_autoptr(StrataDataset) ds = test_dataset_new (1, 10, 0);
      guint a = test_add_layer (ds, "a");
      guint z = test_add_layer (ds, "z");
      guint choices[2];
      double cost;

      test_add_neutral_price (ds, a, "buy", 3, 0);
      test_add_integrated (ds, a, "make", 1, 0, 0, 0);
      test_add_neutral_price (ds, z, "cheap", 1, 0);
      test_add_neutral_price (ds, z, "absurd", huge[h], 0);
      strata_dataset_finish (ds);

      cost = strata_optimize (ds, 1, choices);
      g_assert_cmpuint (choices[0], ==, 1);
      g_assert_cmpuint (choices[1], ==, 0);
      g_assert_cmpfloat (cost, ==, 2);
      check_volume (ds, 1, h);
    }
}

/* The other cases of finding 2: floors and fixed costs at the limit of an
 * amount (1e100, and 1e308 in a dataset built by hand), a unit cost of
 * 2^53 and a margin of 0.9999999999999999 next to small real savings. */
static void
test_extreme_ties (void)
{
  static const double bigs[] = { 1e100, 1e308 };

  for (guint b = 0; b < G_N_ELEMENTS (bigs); b++)
    {
      g_autoptr(StrataDataset) ds = test_dataset_new (1, 10, 0);
      guint a = test_add_layer (ds, "a");
      guint f = test_add_layer (ds, "f");
      guint u = test_add_layer (ds, "u");
      guint choices[3];

      test_add_neutral_price (ds, a, "buy", 3, 0);
      test_add_integrated (ds, a, "make", 1, 0, 0, 0);
      /* Never chosen: a floor, a fixed cost at the limit. */
      test_add_neutral_price (ds, f, "plain", 1, 0);
      test_add_integrated (ds, f, "floored", 1, 0, 0, bigs[b]);
      test_add_neutral_price (ds, u, "plain", 1, 0);
      test_add_neutral_price (ds, u, "fixed", 1, 0);
      test_option (ds, u, 1)->fixed_cost = test_number (bigs[b]);
      strata_dataset_finish (ds);

      strata_optimize (ds, 1, choices);
      g_assert_cmpuint (choices[0], ==, 1);
      g_assert_cmpuint (choices[1], ==, 0);
      g_assert_cmpuint (choices[2], ==, 0);
      check_volume (ds, 1, b);
      check_volume (ds, 10, b);
    }

  {
    /* Unit cost 2^53 in one layer: saving 2 elsewhere is still a saving
     * (2^53 + 2 is exact), while the same option at 2^53 + 1 rounds. */
    g_autoptr(StrataDataset) ds = test_dataset_new (1, 10, 0);
    guint a = test_add_layer (ds, "a");
    guint u = test_add_layer (ds, "u");
    guint choices[2];

    test_add_neutral_price (ds, a, "buy", 3, 0);
    test_add_integrated (ds, a, "make", 1, 0, 0, 0);
    test_add_integrated (ds, u, "big", 9007199254740992.0, 0, 0, 0);
    strata_dataset_finish (ds);
    strata_optimize (ds, 1, choices);
    /* 2^53 + 3 vs 2^53 + 1 differ by 2, relative 2e-16: below any
     * tolerance, so it is a tie, which goes to fewer integrated layers.
     * The brute force agrees. */
    check_volume (ds, 1, 0);
  }

  {
    /* A margin of 0.9999999999999999: price = 1 / 1.1e-16 = 9e15. */
    g_autoptr(StrataDataset) ds = test_dataset_new (1, 10, 0);
    guint a = test_add_layer (ds, "a");
    guint m = test_add_layer (ds, "m");
    guint choices[2];

    test_add_neutral_price (ds, a, "buy", 3, 0);
    test_add_integrated (ds, a, "make", 1, 0, 0, 0);
    test_add_neutral (ds, m, "cheap", 1, 0.5);
    test_add_neutral (ds, m, "greedy", 1, 0.9999999999999999);
    strata_dataset_finish (ds);
    strata_optimize (ds, 1, choices);
    g_assert_cmpuint (choices[0], ==, 1);
    g_assert_cmpuint (choices[1], ==, 0);
    check_volume (ds, 1, 0);
  }
}

/* A value from 0, the subnormals or any magnitude up to @top, log-uniform. */
static double
extreme_value (GRand  *rand,
               double  top)
{
  switch (g_rand_int_range (rand, 0, 8))
    {
    case 0:
      return 0;
    case 1:
      return 5e-324 * g_rand_int_range (rand, 1, 1000);
    case 2:
      return top;
    default:
      return pow (10, g_rand_double_range (rand, -320, log10 (top)));
    }
}

/* The optimizer against brute force with every field at magnitudes from
 * subnormal to the limit of an amount (1e100), volumes over the whole
 * allowed range [1e-30, 1e30]: the same choices, and finite costs. */
static void
test_random_extreme (void)
{
  static const double margins[] = { 0, 0.5, 0.9, 0.9999999999999999 };

  for (guint seed = 4000; seed < 4300; seed++)
    {
      g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
      double vmin = pow (10, g_rand_double_range (rand, -30, 30));
      double vmax = MIN (1e30, vmin * pow (10, g_rand_double_range (rand, 0, 60)));
      g_autoptr(StrataDataset) ds = test_dataset_new (vmin, vmax, extreme_value (rand, 1e100));
      guint n_layers = (guint) g_rand_int_range (rand, 1, 6);
      double volumes[4] = { vmin, vmax, sqrt (vmin) * sqrt (vmax), 0 };

      for (guint i = 0; i < n_layers; i++)
        {
          g_autofree char *lid = g_strdup_printf ("l%u", i);
          guint l = test_add_layer (ds, lid);
          guint n_options = (guint) g_rand_int_range (rand, 1, 4);

          for (guint j = 0; j < n_options; j++)
            {
              g_autofree char *oid = g_strdup_printf ("o%u", j);
              guint o;

              if (g_rand_boolean (rand))
                o = test_add_neutral (ds, l, oid, extreme_value (rand, 1e100),
                                      margins[g_rand_int_range (rand, 0, 4)]);
              else
                o = test_add_integrated (ds, l, oid, extreme_value (rand, 1e100),
                                         g_rand_boolean (rand) ? 0 : g_rand_double_range (rand, 0, 0.9999),
                                         pow (10, g_rand_double_range (rand, -30, 30)),
                                         extreme_value (rand, 1e100));
              test_option (ds, l, o)->fixed_cost = test_number (extreme_value (rand, 1e100));
              test_option (ds, l, o)->ecosystem_value = test_number (extreme_value (rand, 1e100));
            }
        }
      for (guint k = 0; n_layers > 1 && k < 2; k++)
        test_add_link (ds, 0, n_layers - 1, g_rand_double_range (rand, 0, 0.999));
      strata_dataset_finish (ds);

      volumes[3] = vmin * pow (vmax / vmin, g_rand_double (rand));
      for (guint k = 0; k < G_N_ELEMENTS (volumes); k++)
        {
          g_autofree guint *choices = g_new (guint, ds->n_layers);
          StrataOutcome outcome;

          check_volume (ds, volumes[k], seed);
          strata_optimize (ds, volumes[k], choices);
          strata_evaluate (ds, choices, volumes[k], &outcome, NULL);
          g_assert_true (isfinite (outcome.unit_cost));
          g_assert_true (isfinite (outcome.effective_unit_cost));
          g_assert_true (isfinite (outcome.annual_cost));
          g_assert_true (isfinite (outcome.supplier_share));
        }
    }
}

/* A plan kept while the dataset's numbers change in place, each change
 * followed by _strata_plan_reread () / _strata_plan_refresh () (the
 * switch points' walks): the same arrays, tie scale, bounds and optimum,
 * to the bit, as a new plan on the changed dataset. */
static void
assert_plans_same (const Plan *a,
                   const Plan *b)
{
  g_assert_cmpmem (a->base, sizeof (double) * a->n_options, b->base, sizeof (double) * b->n_options);
  g_assert_cmpmem (a->rest, sizeof (double) * a->n_options, b->rest, sizeof (double) * b->n_options);
  g_assert_cmpmem (a->best, sizeof (double) * 2 * a->n_layers, b->best, sizeof (double) * 2 * b->n_layers);
  g_assert_cmpmem (a->best_mag, sizeof (double) * 2 * a->n_layers, b->best_mag,
                   sizeof (double) * 2 * b->n_layers);
  g_assert_cmpmem (a->iface, sizeof (double) * a->n_layers, b->iface, sizeof (double) * b->n_layers);
  g_assert_cmpmem (&a->eps, sizeof a->eps, &b->eps, sizeof b->eps);
  g_assert_cmpmem (a->lb_mode, sizeof (double) * 2 * a->n_linked, b->lb_mode,
                   sizeof (double) * 2 * b->n_linked);
  g_assert_cmpmem (a->rem_lb, sizeof (double) * (a->n_linked + 1), b->rem_lb,
                   sizeof (double) * (b->n_linked + 1));
  for (guint s = 0; s < 4 * (a->n_linked + 1); s++)
    {
      g_assert_cmpmem (&a->seg[s].cost, sizeof (double), &b->seg[s].cost, sizeof (double));
      g_assert_cmpmem (&a->seg[s].mag, sizeof (double), &b->seg[s].mag, sizeof (double));
      g_assert_cmpint (a->seg[s].n_integrated, ==, b->seg[s].n_integrated);
    }
}

static void
test_refresh (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261204);

  for (guint round = 0; round < 24; round++)
    {
      g_autoptr(StrataDataset) ds = test_generated_dataset (round + 1, 6 + round % 10, 2 + round % 4,
                                                            round % 3 == 0 ? 0 : 4, FALSE);
      double volume = ds->volume_min * pow (ds->volume_max / ds->volume_min, g_rand_double (rand));
      StrataObjective objective = round % 2 ? STRATA_OBJECTIVE_CASH : STRATA_OBJECTIVE_EFFECTIVE;
      g_autoptr(Plan) kept = _strata_plan_new (ds, objective);
      g_autofree guint *a = g_new (guint, ds->n_layers);
      g_autofree guint *b = g_new (guint, ds->n_layers);

      g_assert_nonnull (kept);
      /* Half the rounds also keep the layers for the reconstruction, as
       * the switch points' plans do. */
      if (round % 2 == 1)
        _strata_plan_keep_layers (kept);
      _strata_plan_optimize_hinted (kept, volume, a, NULL);
      for (guint step = 0; step < 40; step++)
        {
          guint l = (guint) g_rand_int_range (rand, 0, (gint32) ds->n_layers);
          StrataOption *option = &ds->layers[l].options[g_rand_int_range (rand, 0, (gint32) ds->layers[l].n_options)];
          double k = exp (g_rand_double_range (rand, -2.5, 2.5));
          g_autoptr(Plan) fresh = NULL;

          switch (step % 4)
            {
            case 0:
              option->fixed_cost.value *= k;
              _strata_plan_refresh (kept, (int) l);
              break;
            case 1:
              if (option->mode == STRATA_MODE_INTEGRATED)
                option->unit_cost.value *= k;
              else
                option->supplier_cost.value *= k;
              _strata_plan_refresh (kept, (int) l);
              break;
            case 2:
              ds->boundary_cost *= k;
              _strata_plan_reread (kept);
              _strata_plan_refresh (kept, -1);
              break;
            default:
              if (ds->n_links > 0)
                {
                  StrataLink *link = &ds->links[g_rand_int_range (rand, 0, (gint32) ds->n_links)];

                  link->saving.value = g_rand_double_range (rand, 0, 0.6);
                }
              _strata_plan_reread (kept);
              _strata_plan_refresh (kept, -1);
              break;
            }
          fresh = _strata_plan_new (ds, objective);
          _strata_plan_optimize_hinted (fresh, volume, b, NULL);
          _strata_plan_optimize_hinted (kept, volume, a, NULL);
          assert_plans_same (kept, fresh);
          g_assert_cmpmem (a, sizeof (guint) * ds->n_layers, b, sizeof (guint) * ds->n_layers);
        }
    }
}

/* The branch and bound's cut with one absurd option among linked layers
 * (a margin a hair below 1: a price of 1e16 times the supplier's cost;
 * amounts at the limit): whatever it cuts, the optimum is brute force's,
 * with ecosystem values large and small (a strategy's magnitude is its
 * cost plus twice its ecosystem value, which the cut relies on). */
static void
test_random_extreme_linked (void)
{
  static const double margins[] = { 0, 0.5, 0.9, 0.9999999999999999 };

  for (guint seed = 7000; seed < 7150; seed++)
    {
      g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
      g_autoptr(StrataDataset) ds = test_dataset_new (1, 1e12, extreme_value (rand, 10));
      guint n_layers = (guint) g_rand_int_range (rand, 3, 8);
      double volumes[3] = { 1, 1e6, 1e12 };

      for (guint i = 0; i < n_layers; i++)
        {
          g_autofree char *lid = g_strdup_printf ("l%u", i);
          guint l = test_add_layer (ds, lid);
          guint n_options = (guint) g_rand_int_range (rand, 2, 4);

          for (guint j = 0; j < n_options; j++)
            {
              g_autofree char *oid = g_strdup_printf ("o%u", j);
              gboolean absurd = g_rand_int_range (rand, 0, 6) == 0;
              guint o;

              if (j % 2 == 0)
                o = test_add_neutral (ds, l, oid, g_rand_double_range (rand, 0.1, 10),
                                      absurd ? margins[3] : margins[g_rand_int_range (rand, 0, 3)]);
              else
                o = test_add_integrated (ds, l, oid,
                                         absurd ? extreme_value (rand, 1e100) : g_rand_double_range (rand, 0.1, 10),
                                         g_rand_double_range (rand, 0, 0.5), 1e6, 0);
              test_option (ds, l, o)->fixed_cost = test_number (g_rand_double_range (rand, 0, 1e6));
              test_option (ds, l, o)->ecosystem_value =
                test_number (g_rand_int_range (rand, 0, 3) == 0 ? g_rand_double_range (rand, 0, 5) : 0);
            }
        }
      for (guint k = 0; k < n_layers; k++)
        {
          guint from = (guint) g_rand_int_range (rand, 0, (gint32) n_layers);
          guint to = (guint) g_rand_int_range (rand, 0, (gint32) n_layers);

          if (from != to)
            test_add_link (ds, from, to, g_rand_double_range (rand, 0, 0.6));
        }
      strata_dataset_finish (ds);

      for (guint k = 0; k < G_N_ELEMENTS (volumes); k++)
        check_volume (ds, volumes[k], seed);
    }
}

/* What a ladder and a few optima of @ds give, for comparing bit for bit. */
static GBytes *
kept_results (const StrataDataset *ds)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autoptr(StrataLadder) ladder = strata_ladder_new (ds, 9);
  g_autofree guint *choices = g_new (guint, ds->n_layers);

  g_byte_array_append (out, (const guint8 *) ladder->choices,
                       sizeof (guint) * ladder->n_points * ladder->n_layers);
  g_byte_array_append (out, (const guint8 *) ladder->costs, sizeof (double) * ladder->n_points);
  for (guint f = 0; f < ladder->n_flips; f++)
    {
      /* Field by field: a flip's padding is not set. */
      const StrataFlip *flip = &ladder->flips[f];
      guint fields[5] = { flip->layer, flip->from, flip->to, flip->from_option, flip->to_option };

      g_byte_array_append (out, (const guint8 *) fields, sizeof fields);
      g_byte_array_append (out, (const guint8 *) &flip->volume, sizeof flip->volume);
    }
  for (guint r = 0; r < 3; r++)
    {
      double volume = ds->volume_min * pow (ds->volume_max / ds->volume_min, (r + 0.5) / 3);
      double cost = strata_optimize (ds, volume, choices);

      g_byte_array_append (out, (const guint8 *) choices, sizeof (guint) * ds->n_layers);
      g_byte_array_append (out, (const guint8 *) &cost, sizeof cost);
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

/* A large plan's block and its windows are kept for the next plans
 * (issue 15: malloc unmapped them after every optimum and ladder, which
 * then first-touched every page again), and what is kept never shows in
 * a result: datasets of one shape, alternated, give what each gives
 * without keeping, and after two rounds no plan block or window is
 * allocated any more, the ladder on two threads (new at each ladder)
 * included. */
static void
test_kept_blocks (void)
{
  StrataDataset *ds[2];
  GBytes *fresh[2];
  gint blocks = 0, windows = 0;

  _strata_ladder_set_threads (2);
  for (guint d = 0; d < 2; d++)
    {
      /* 128 x 32: 4,096 options, a plan of about 100 KB. */
      ds[d] = test_generated_dataset (11 + d, 128, 32, d == 0 ? 0 : 6, FALSE);
      _strata_plan_keep_disabled = TRUE;
      fresh[d] = kept_results (ds[d]);
      _strata_plan_keep_disabled = FALSE;
    }
  for (guint round = 0; round < 6; round++)
    {
      g_autoptr(GBytes) again = NULL;

      if (round == 2)
        {
          blocks = g_atomic_int_get (&_strata_plan_blocks_made);
          windows = g_atomic_int_get (&_strata_plan_windows_made);
        }
      again = kept_results (ds[round % 2]);
      g_assert_true (g_bytes_equal (again, fresh[round % 2]));
    }
  /* Without keeping, every round makes 5 blocks (20 in these four).
   * How many plans are alive at once depends on how the ladder's two
   * threads overlap, so a later round may still need one more block
   * than the first two did (it made 14 against 13 once, in a loaded
   * suite): at most one a thread. */
  g_assert_cmpint (g_atomic_int_get (&_strata_plan_blocks_made) - blocks, <=, 2);
  g_assert_cmpint (g_atomic_int_get (&_strata_plan_windows_made) - windows, <=, 2);
  _strata_ladder_set_threads (0);
  for (guint d = 0; d < 2; d++)
    {
      g_bytes_unref (fresh[d]);
      strata_dataset_unref (ds[d]);
    }
}

/* A stack of @n_layers layers of 2 to @options_hi - 1 options whose costs
 * lie 0 to 1e-3 apart around each layer's base (ties, near ties, options
 * just beyond a walk's reach), neutral or integrated, some with an
 * ecosystem value, and 0 to @links_hi - 1 links between neighbours. */
static StrataDataset *
apart_dataset (GRand *rand,
               guint  layers_hi,
               guint  options_hi,
               guint  links_hi)
{
  static const double apart[] = { 0, 1e-13, 1e-12, 5e-12, 1e-11, 1e-10, 5e-10, 1e-9, 2e-9,
                                  1e-8, 1e-6, 1e-3 };
  StrataDataset *ds = test_dataset_new (1e3, 1e9, g_rand_boolean (rand) ? 0.3 : 0);
  guint n_layers = (guint) g_rand_int_range (rand, 2, (gint32) layers_hi);

  for (guint i = 0; i < n_layers; i++)
    {
      g_autofree char *lid = g_strdup_printf ("l%u", i);
      guint l = test_add_layer (ds, lid);
      guint n_options = (guint) g_rand_int_range (rand, 2, (gint32) options_hi);
      double base = g_rand_double_range (rand, 0.5, 5);

      for (guint j = 0; j < n_options; j++)
        {
          g_autofree char *oid = g_strdup_printf ("o%u", j);
          double cost = base * (1 + apart[g_rand_int_range (rand, 0, G_N_ELEMENTS (apart))] *
                                    g_rand_int_range (rand, 0, 4));
          guint o;

          if (g_rand_boolean (rand))
            o = test_add_neutral_price (ds, l, oid, cost, 0.2);
          else
            o = test_add_integrated (ds, l, oid, cost, g_rand_int_range (rand, 0, 2) * 0.2,
                                     1e6, 0);
          if (g_rand_int_range (rand, 0, 4) == 0)
            test_option (ds, l, o)->ecosystem_value = test_number (base * 2);
        }
    }
  for (guint k = 0; n_layers > 1 && k < (guint) g_rand_int_range (rand, 0, (gint32) links_hi); k++)
    {
      guint from = (guint) g_rand_int_range (rand, 0, (gint32) n_layers);

      test_add_link (ds, from, (from + 1) % n_layers, g_rand_int_range (rand, 0, 3) * 0.1);
    }
  strata_dataset_finish (ds);
  return ds;
}

/* plan_reconstruct () passes over the options whose cost lies 1e-9 of
 * every total's magnitude above their mode's least (reconstruct_far ()):
 * the same optimum, to the bit, as working out every option's total, on
 * long layers whose options sit around that margin of one another (0,
 * 1e-13 .. 1e-6 relative apart, ties across modes, links, negative
 * effective costs), at several volumes, both objectives, by
 * strata_optimize_full () and by a plan's walk with windows. */
static void
test_far_options (void)
{
  guint differ = 0;

  for (guint seed = 9100; seed < 9160; seed++)
    {
      g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
      g_autoptr(StrataDataset) ds = apart_dataset (rand, 10, 90, 4);
      guint n_layers = ds->n_layers;

      for (StrataObjective objective = 0; objective <= STRATA_OBJECTIVE_CASH; objective++)
        for (guint v = 0; v < 4; v++)
          {
            double volume = 1e3 * pow (1e6, v / 3.0);
            g_autofree guint *skipped = g_new (guint, n_layers);
            g_autofree guint *every = g_new (guint, n_layers);
            g_autofree guint *walked = g_new (guint, n_layers);
            g_autoptr(Plan) plan = _strata_plan_new (ds, objective);
            double a, b;

            a = strata_optimize_full (ds, objective, volume, skipped);
            _strata_plan_far_disabled = TRUE;
            b = strata_optimize_full (ds, objective, volume, every);
            _strata_plan_far_disabled = FALSE;
            g_assert_cmpmem (skipped, sizeof (guint) * n_layers, every, sizeof (guint) * n_layers);
            g_assert_cmpfloat (a, ==, b);
            _strata_plan_window_base (plan, 1e3, 1e9);
            _strata_plan_window (plan, volume / 2, volume * 2);
            _strata_plan_optimize_hinted (plan, volume, walked, NULL);
            g_assert_cmpmem (walked, sizeof (guint) * n_layers, every, sizeof (guint) * n_layers);
            for (guint i = 0; i < n_layers; i++)
              differ += every[i] != 0;
          }
    }
  /* Optima away from each layer's first option were met. */
  g_assert_cmpuint (differ, >, 200);
}

/* The least cost of a strategy whose layers a link touches run another
 * pattern of modes than the optimum's (the switch points' bound,
 * strata-switchpoints-bound.c) against every strategy, on random stacks
 * with links, both objectives. */
static void
test_other_patterns (void)
{
  guint compared = 0, none = 0;

  for (guint seed = 7300; seed < 7380; seed++)
    {
      g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
      g_autoptr(StrataDataset) ds = test_random_dataset (rand, (guint) g_rand_int_range (rand, 2, 8), 3);
      StrataObjective objective = seed % 3 == 0 ? STRATA_OBJECTIVE_CASH : STRATA_OBJECTIVE_EFFECTIVE;
      double volume = ds->volume_min * pow (ds->volume_max / ds->volume_min, g_rand_double (rand));
      guint n = ds->n_layers;
      g_autofree guint *best = g_new (guint, n);
      g_autofree guint *cur = g_new0 (guint, n);
      g_autofree gboolean *linked = g_new0 (gboolean, n);
      g_autoptr(Plan) plan = _strata_plan_new (ds, objective);
      double slow = INFINITY, fast, mag = 0;
      guint32 pattern = 0;
      int i;

      g_assert_nonnull (plan);
      for (guint k = 0; k < ds->n_links; k++)
        linked[ds->links[k].from] = linked[ds->links[k].to] = TRUE;
      _strata_plan_optimize_hinted (plan, volume, best, &pattern);
      fast = _strata_plan_other_patterns (plan, volume, pattern);

      for (;;)
        {
          gboolean other = FALSE;

          for (guint l = 0; l < n; l++)
            other |= linked[l] && ds->layers[l].options[cur[l]].mode !=
                                  ds->layers[l].options[best[l]].mode;
          if (other)
            {
              slow = MIN (slow, strata_objective_unit_cost (ds, cur, objective, volume));
              mag = MAX (mag, test_cost_magnitude (ds, cur, volume));
            }
          for (i = (int) n - 1; i >= 0; i--)
            {
              if (++cur[i] < ds->layers[i].n_options)
                break;
              cur[i] = 0;
            }
          if (i < 0)
            break;
        }
      if (isinf (slow))
        {
          g_assert_true (isinf (fast));
          none++;
          continue;
        }
      /* Within the tie tolerance: the search cuts a branch as cheap as
       * the best but more integrated. */
      g_assert_cmpfloat (fabs (fast - slow), <=, 2e-12 * mag);
      compared++;
    }
  g_assert_cmpuint (compared, >, 25);
  g_test_message ("%u compared, %u without another pattern", compared, none);
}

/* A plan that keeps the layers no link touches between solves
 * (_strata_plan_keep_layers (), as the switch points' walks use it): after
 * each change of one option's number and _strata_plan_refresh () of its
 * layer, the same choices as a new plan's, to the bit, on wide layers
 * with costs a hair apart (ties, near ties, options just beyond the walk's
 * reach) and links among some layers. */
static void
test_kept_layers (void)
{
  static const double apart[] = { 0, 1e-13, 1e-12, 5e-12, 1e-11, 1e-10, 5e-10, 1e-9, 2e-9,
                                  1e-8, 1e-6, 1e-3 };
  guint changed = 0, solves = 0;

  for (guint seed = 9400; seed < 9440; seed++)
    {
      g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
      g_autoptr(StrataDataset) ds = apart_dataset (rand, 12, 40, 3);
      guint n_layers = ds->n_layers;
      StrataObjective objective = seed % 3 == 0 ? STRATA_OBJECTIVE_CASH : STRATA_OBJECTIVE_EFFECTIVE;
      double volume = 1e3 * pow (1e6, g_rand_double (rand));
      g_autofree guint *kept = g_new (guint, n_layers);
      g_autofree guint *fresh = g_new (guint, n_layers);
      g_autoptr(Plan) plan = NULL;

      plan = _strata_plan_new (ds, objective);
      g_assert_nonnull (plan);
      _strata_plan_keep_layers (plan);

      for (guint step = 0; step < 60; step++)
        {
          guint i = (guint) g_rand_int_range (rand, 0, (gint32) n_layers);
          StrataLayer *layer = &ds->layers[i];
          StrataOption *option = &layer->options[g_rand_int_range (rand, 0, (gint32) layer->n_options)];
          double was = option->fixed_cost.value;

          /* A solve, then one number of layer i moved (to a tie with
           * another option's cost, a hair off it, or far), or put back. */
          _strata_plan_optimize_hinted (plan, volume, kept, NULL);
          strata_optimize_full (ds, objective, volume, fresh);
          g_assert_cmpmem (kept, sizeof (guint) * n_layers, fresh, sizeof (guint) * n_layers);
          solves++;
          option->fixed_cost.value = g_rand_boolean (rand)
                                     ? was : volume * apart[g_rand_int_range (rand, 0, G_N_ELEMENTS (apart))] *
                                             g_rand_int_range (rand, 0, 3);
          changed += option->fixed_cost.value != was;
          _strata_plan_refresh (plan, (int) i);
        }
    }
  g_assert_cmpuint (changed, >, 600);
  g_test_message ("%u solves, %u numbers changed", solves, changed);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/strata/optimizer/random", test_random);
  g_test_add_func ("/strata/optimizer/random-large", test_random_large);
  g_test_add_func ("/strata/optimizer/dense-links", test_dense_links);
  g_test_add_func ("/strata/optimizer/dense-links-deep", test_dense_links_deep);
  g_test_add_func ("/strata/optimizer/random-ties", test_random_ties);
  g_test_add_func ("/strata/optimizer/ladder", test_ladder);
  g_test_add_func ("/strata/optimizer/random-cash", test_random_cash);
  g_test_add_func ("/strata/optimizer/unused-huge-option", test_unused_huge_option);
  g_test_add_func ("/strata/optimizer/extreme-ties", test_extreme_ties);
  g_test_add_func ("/strata/optimizer/random-extreme", test_random_extreme);
  g_test_add_func ("/strata/optimizer/random-extreme-linked", test_random_extreme_linked);
  g_test_add_func ("/strata/optimizer/other-patterns", test_other_patterns);
  g_test_add_func ("/strata/optimizer/kept-layers", test_kept_layers);
  g_test_add_func ("/strata/optimizer/refresh", test_refresh);
  g_test_add_func ("/strata/optimizer/kept-blocks", test_kept_blocks);
  g_test_add_func ("/strata/optimizer/far-options", test_far_options);

  return g_test_run ();
}

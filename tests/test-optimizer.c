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
 * flips are where the layer's optimal mode changes. */
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
          g_assert_cmpint (flip->from, !=, flip->to);
          g_assert_cmpfloat (flip->volume, >=, ds->volume_min);
          g_assert_cmpfloat (flip->volume, <=, ds->volume_max);

          /* Just below the flip the layer runs @from, just above @to. */
          test_brute_force (ds, flip->volume * (1 - 1e-8), below);
          test_brute_force (ds, flip->volume * (1 + 1e-8), above);
          g_assert_cmpint (ds->layers[flip->layer].options[below[flip->layer]].mode, ==,
                           flip->from);
          g_assert_cmpint (ds->layers[flip->layer].options[above[flip->layer]].mode, ==,
                           flip->to);
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/strata/optimizer/random", test_random);
  g_test_add_func ("/strata/optimizer/random-large", test_random_large);
  g_test_add_func ("/strata/optimizer/random-ties", test_random_ties);
  g_test_add_func ("/strata/optimizer/ladder", test_ladder);
  g_test_add_func ("/strata/optimizer/random-cash", test_random_cash);

  return g_test_run ();
}

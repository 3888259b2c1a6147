/* test-ladder.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "../app/core/strata-model-private.h"
#include "../app/core/strata-optimizer-private.h"
#include "strata-test-util.h"

/*
 * The integration ladder (MODEL.md 5) against its first algorithm, kept
 * here as the oracle: the exact optimum over every option at every grid
 * point (strata_optimize_full ()), then every layer whose option differs
 * between two neighbouring points bisected with a full optimum at each
 * step.  The ladder solves in a tree of windows of the optimizer that
 * skip the options that cannot be optimal, and decides most bisection
 * steps by a certificate from the layer and its neighbours (issue 15);
 * its points and costs must be the oracle's to the last bit, and its
 * flips too but where a step at the tie tolerance's edge was asked a
 * hair either side (strata-ladder-locate.c, edge_step ()) or a short
 * stack's bisection started a hair either side of a guess: within 2e-9.
 */

static int
compare_flips (gconstpointer a,
               gconstpointer b)
{
  const StrataFlip *x = a, *y = b;

  if (x->volume != y->volume)
    return x->volume < y->volume ? -1 : 1;
  return x->layer < y->layer ? -1 : x->layer > y->layer ? 1 : 0;
}

static void
oracle_locate (const StrataDataset *ds,
               StrataObjective      objective,
               guint               *scratch,
               guint                layer,
               double               lo,
               guint                from,
               double               hi,
               guint                to,
               GArray              *flips)
{
  for (guint step = 0; step < 64 && from != to; step++)
    {
      double a = lo, b = hi;
      guint above = to;
      StrataFlip flip;

      while (b / a - 1.0 > 1e-9 / 2)
        {
          double mid = sqrt (a * b);

          if (mid <= a || mid >= b)
            break;
          strata_optimize_full (ds, objective, mid, scratch);
          if (scratch[layer] == from)
            a = mid;
          else
            {
              b = mid;
              above = scratch[layer];
            }
        }

      flip.layer = layer;
      flip.volume = sqrt (a * b);
      flip.from_option = from;
      flip.to_option = above;
      flip.from = ds->layers[layer].options[from].mode;
      flip.to = ds->layers[layer].options[above].mode;
      g_array_append_val (flips, flip);
      lo = b;
      from = above;
    }
}

static StrataLadder *
oracle_ladder (const StrataDataset *ds,
               StrataObjective      objective,
               guint                n_points)
{
  StrataLadder *ladder = g_new0 (StrataLadder, 1);
  g_autoptr(GArray) flips = g_array_new (FALSE, FALSE, sizeof (StrataFlip));
  g_autofree guint *scratch = g_new (guint, ds->n_layers);
  guint n = ds->n_layers, asked = n_points;

  /* The flips are found on a grid of at least 64 points, the asked
   * points among them. */
  n_points = _strata_ladder_grid_size (asked);
  ladder->objective = objective;
  ladder->n_points = n_points;
  ladder->n_layers = n;
  ladder->volumes = g_new (double, n_points);
  ladder->choices = g_new (guint, (gsize) n_points * n);
  ladder->costs = g_new (double, n_points);
  _strata_ladder_grid (ds->volume_min, ds->volume_max, asked, ladder->volumes);

  for (guint p = 0; p < n_points; p++)
    {
      guint *row = ladder->choices + (gsize) p * n;

      ladder->costs[p] = strata_optimize_full (ds, objective, ladder->volumes[p], row);
    }
  for (guint p = 0; p + 1 < n_points; p++)
    {
      const guint *lo = ladder->choices + (gsize) p * n, *hi = lo + n;

      for (guint i = 0; i < n; i++)
        if (lo[i] != hi[i])
          oracle_locate (ds, objective, scratch, i, ladder->volumes[p], lo[i],
                         ladder->volumes[p + 1], hi[i], flips);
    }
  g_array_sort (flips, compare_flips);
  ladder->n_flips = flips->len;
  ladder->flips = (StrataFlip *) (gpointer) g_array_free (g_steal_pointer (&flips), FALSE);
  return _strata_ladder_pick_points (ladder, asked);
}

/* Whether layer @layer runs @option in the exact optimum at @volume. */
static gboolean
optimum_runs (const StrataDataset *ds,
              StrataObjective      objective,
              double               volume,
              guint                layer,
              guint                option)
{
  g_autofree guint *choices = g_new (guint, ds->n_layers);

  strata_optimize_full (ds, objective, volume, choices);
  return choices[layer] == option;
}

/* The ladder equals the oracle: the same grid points, and every flip the
 * oracle's bisection from the grid points finds, to the bit where it can
 * be, else within 2e-9 (see above).  The ladder
 * also finds the flips of bands narrower than a grid interval, which
 * the oracle cannot see from its ends (strata-ladder-excursion.c): each
 * such extra flip must be one, the optimum running its two options
 * either side of it, and a layer with one may have its other flips in
 * that interval located from other points (within 1e-9, not to the
 * bit).  Returns the number of flips; @extra (nullable) receives the
 * extra ones'. */
static guint
check_ladder_extra (const StrataDataset *ds,
                    StrataObjective      objective,
                    guint                n_points,
                    guint                seed,
                    guint               *extra)
{
  g_autoptr(StrataLadder) fast = strata_ladder_new_full (ds, objective, n_points);
  g_autoptr(StrataLadder) slow = oracle_ladder (ds, objective, n_points);
  g_autofree gboolean *matched = NULL;
  g_autofree gboolean *used = NULL;
  guint n = ds->n_layers, n_extra = 0;

  g_assert_nonnull (fast);
  if (fast->n_flips != slow->n_flips ||
      memcmp (fast->choices, slow->choices, sizeof (guint) * n * n_points) != 0)
    g_test_message ("seed %u, %u points: %u flips, oracle %u", seed, n_points, fast->n_flips,
                    slow->n_flips);
  g_assert_cmpuint (fast->n_points, ==, n_points);
  g_assert_cmpuint (fast->objective, ==, objective);
  for (guint p = 0; p < n_points; p++)
    {
      g_assert_cmpfloat (fast->volumes[p], ==, slow->volumes[p]);
      g_assert_cmpfloat (fast->costs[p], ==, slow->costs[p]);
      for (guint i = 0; i < n; i++)
        g_assert_cmpuint (fast->choices[(gsize) p * n + i], ==, slow->choices[(gsize) p * n + i]);
    }
  g_assert_cmpuint (fast->n_flips, >=, slow->n_flips);

  /* The oracle's flips, each to the bit where it can be. */
  matched = g_new0 (gboolean, fast->n_flips);
  used = g_new0 (gboolean, slow->n_flips);
  for (int pass = 0; pass < 2; pass++)
    for (guint f = 0; f < fast->n_flips; f++)
      for (guint g = 0; g < slow->n_flips && !matched[f]; g++)
        {
          const StrataFlip *x = &fast->flips[f], *y = &slow->flips[g];

          if (used[g] || x->layer != y->layer || x->from_option != y->from_option ||
              x->to_option != y->to_option)
            continue;
          if (pass == 0 ? x->volume == y->volume : fabs (x->volume / y->volume - 1) <= 2e-9)
            matched[f] = used[g] = TRUE;
        }
  for (guint g = 0; g < slow->n_flips; g++)
    {
      if (!used[g])
        g_test_message ("seed %u, %u points: the oracle's flip of layer %u at %.17g not found",
                        seed, n_points, slow->flips[g].layer, slow->flips[g].volume);
      g_assert_true (used[g]);
    }
  for (guint f = 0; f < fast->n_flips; f++)
    {
      const StrataFlip *x = &fast->flips[f];
      const StrataOption *from = &ds->layers[x->layer].options[x->from_option];
      const StrataOption *to = &ds->layers[x->layer].options[x->to_option];

      g_assert_cmpint (x->from, ==, from->mode);
      g_assert_cmpint (x->to, ==, to->mode);
      if (f > 0)
        g_assert_cmpfloat (fast->flips[f - 1].volume, <=, x->volume);
      if (matched[f])
        continue;
      n_extra++;
      g_test_message ("seed %u, %u points: a band's flip of layer %u at %.17g", seed, n_points,
                      x->layer, x->volume);
      g_assert_true (optimum_runs (ds, objective, x->volume * (1 - 1e-9), x->layer, x->from_option));
      g_assert_true (optimum_runs (ds, objective, x->volume * (1 + 1e-9), x->layer, x->to_option));
    }
  if (extra != NULL)
    *extra += n_extra;
  return fast->n_flips;
}

static guint
check_ladder (const StrataDataset *ds,
              StrataObjective      objective,
              guint                n_points,
              guint                seed)
{
  return check_ladder_extra (ds, objective, n_points, seed, NULL);
}

/* Seeded random datasets with links (cycles too), deliberate ties within
 * and across modes, floors, learning curves and ecosystem value, under
 * both objectives and several grid sizes. */
static void
test_random (void)
{
  static const guint points[] = { 2, 3, 17, 64 };
  guint n_flips = 0, n_links = 0;

  for (guint seed = 0; seed < 400; seed++)
    {
      g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
      g_autoptr(StrataDataset) ds = test_random_dataset (rand, 8, 6);
      StrataObjective objective = seed % 3 == 2 ? STRATA_OBJECTIVE_CASH
                                                : STRATA_OBJECTIVE_EFFECTIVE;

      n_links += ds->n_links > 0;
      n_flips += check_ladder (ds, objective, points[seed % G_N_ELEMENTS (points)], seed);
    }
  /* The datasets did exercise flips and links, and the certificate. */
  g_assert_cmpuint (n_flips, >, 200);
  g_assert_cmpuint (_strata_ladder_stats.certified_steps, >, 0);
  g_assert_cmpuint (n_links, >, 100);
  /* The shortest stacks' grid points from all their strategies' costs
   * (strata-ladder-tiny.c), the same as the optimizer's. */
  g_test_message ("%" G_GUINT64_FORMAT " grid points from all strategies' costs (%"
                  G_GUINT64_FORMAT " from bounds and the one before)",
                  _strata_ladder_stats.tiny_rows, _strata_ladder_stats.tiny_carried);
  g_assert_cmpuint (_strata_ladder_stats.tiny_rows, >, 1000);
  g_assert_cmpuint (_strata_ladder_stats.tiny_carried, >, 500);
  /* Their flips most often bracketed at once, a hair either side of
   * where the optima at the interval's ends cost the same
   * (strata-ladder-locate.c), and the oracle's within its precision. */
  g_test_message ("%" G_GUINT64_FORMAT " flips bracketed at the ends' equal cost",
                  _strata_ladder_stats.guessed_flips);
  g_assert_cmpuint (_strata_ladder_stats.guessed_flips, >, 50);
  /* Longer short stacks' grid points carried from the one before by
   * bounds of every option's cost (strata-ladder-carry.c). */
  g_test_message ("%" G_GUINT64_FORMAT " grid points carried from the one before",
                  _strata_ladder_stats.carried_rows);
  g_assert_cmpuint (_strata_ladder_stats.carried_rows, >, 200);
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

/* Magnitudes from subnormal to the limit of an amount, volumes over the
 * whole allowed range, links. */
static StrataDataset *
extreme_dataset (guint seed)
{
  static const double margins[] = { 0, 0.5, 0.9, 0.9999999999999999 };
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  double vmin = pow (10, g_rand_double_range (rand, -30, 30));
  double vmax = MIN (1e30, vmin * pow (10, g_rand_double_range (rand, 0, 60)));
  StrataDataset *ds = test_dataset_new (vmin, vmax, extreme_value (rand, 1e100));
  guint n_layers = (guint) g_rand_int_range (rand, 1, 6);

  for (guint i = 0; i < n_layers; i++)
    {
      g_autofree char *lid = g_strdup_printf ("l%u", i);
      guint l = test_add_layer (ds, lid);
      guint n_options = (guint) g_rand_int_range (rand, 1, 5);

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
    test_add_link (ds, (guint) g_rand_int_range (rand, 0, (gint32) n_layers - 1), n_layers - 1,
                   g_rand_double_range (rand, 0, 0.999));
  strata_dataset_finish (ds);
  return ds;
}

static void
test_extreme (void)
{
  memset (&_strata_ladder_stats, 0, sizeof _strata_ladder_stats);
  /* Seed 12435: a whole strategy's tie tolerance covers an interface that
   * the cost-to-go's does not (the segment's cost-to-go DP once took the
   * first for the second, strata-ladder-certificate.c). */
  for (guint t = 0; t <= 250; t++)
    {
      guint seed = t < 250 ? 7000 + t : 12435;
      g_autoptr(StrataDataset) ds = extreme_dataset (seed);

      check_ladder (ds, seed % 2 ? STRATA_OBJECTIVE_CASH : STRATA_OBJECTIVE_EFFECTIVE,
                    seed % 4 == 0 ? 64 : 9, seed);
    }
  /* The pair and its fast-forward (strata-ladder-pair.c) on these
   * extremes too: every flip is the oracle's above. */
  g_test_message ("%" G_GUINT64_FORMAT " steps by the flip's pair, %" G_GUINT64_FORMAT
                  " of them without a sum; %" G_GUINT64_FORMAT " grid points from all"
                  " strategies' costs (%" G_GUINT64_FORMAT " from bounds and the one before)",
                  _strata_ladder_stats.pair_steps, _strata_ladder_stats.forward_steps,
                  _strata_ladder_stats.tiny_rows, _strata_ladder_stats.tiny_carried);
  g_assert_cmpuint (_strata_ladder_stats.forward_steps, >, 0);
  g_assert_cmpuint (_strata_ladder_stats.tiny_rows, >, 100);
}

/* The flip's pair and its fast-forward (strata-ladder-pair.c) where it
 * is easiest to get wrong: learning curves steep (learning rates up to
 * 0.9999999, exponents near -23) and flat, floors and the cap taking over
 * inside a bracket, near-parallel curves of one mode, fixed costs of
 * both signs of difference, neighbours in either mode.  Every flip is
 * the oracle's to the bit, and the fast-forward answered steps. */
static void
test_pair_forward (void)
{
  guint64 forward = 0, pair = 0;

  for (guint seed = 500; seed < 560; seed++)
    {
      g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
      g_autoptr(StrataDataset) ds = test_dataset_new (1e2, 1e12, g_rand_double_range (rand, 0, 0.5));
      guint n_layers = (guint) g_rand_int_range (rand, 2, 7);

      for (guint i = 0; i < n_layers; i++)
        {
          g_autofree char *lid = g_strdup_printf ("l%u", i);
          guint l = test_add_layer (ds, lid);
          guint n_options = (guint) g_rand_int_range (rand, 2, 7);
          double unit = g_rand_double_range (rand, 1, 10);

          for (guint j = 0; j < n_options; j++)
            {
              g_autofree char *oid = g_strdup_printf ("o%u", j);
              double lr = g_rand_int_range (rand, 0, 4) == 0 ? 1 - pow (10, -g_rand_double_range (rand, 1, 7))
                                                             : g_rand_double_range (rand, 0, 0.3);
              double ref = pow (10, g_rand_double_range (rand, 2, 12));
              guint o;

              if (g_rand_int_range (rand, 0, 3) == 0)
                o = test_add_neutral (ds, l, oid, unit * g_rand_double_range (rand, 0.05, 1),
                                      g_rand_double_range (rand, 0, 0.6));
              else
                /* Near-parallel curves: the same unit cost within 1e-6
                 * for some; a floor that binds somewhere in the range. */
                o = test_add_integrated (ds, l, oid,
                                         g_rand_boolean (rand) ? unit * (1 + 1e-6 * j)
                                                               : unit * g_rand_double_range (rand, 0.2, 5),
                                         lr, ref, unit * pow (10, -g_rand_double_range (rand, 0, 4)));
              test_option (ds, l, o)->fixed_cost =
                test_number (g_rand_boolean (rand) ? 0 : pow (10, g_rand_double_range (rand, 0, 10)));
            }
        }
      strata_dataset_finish (ds);
      memset (&_strata_ladder_stats, 0, sizeof _strata_ladder_stats);
      check_ladder (ds, seed % 2 ? STRATA_OBJECTIVE_CASH : STRATA_OBJECTIVE_EFFECTIVE,
                    seed % 3 == 0 ? 64 : 17, seed);
      forward += _strata_ladder_stats.forward_steps;
      pair += _strata_ladder_stats.pair_steps;
    }
  g_test_message ("%" G_GUINT64_FORMAT " steps by the flip's pair, %" G_GUINT64_FORMAT
                  " of them without a sum", pair, forward);
  g_assert_cmpuint (forward, >, 100);
}

/* Wider layers, where the windows drop most options: 12 to 30 layers of
 * 8 to 24 options with learning curves over six decades, links among a
 * few layers. */
static void
test_wide (void)
{
  guint n_flips = 0;

  for (guint seed = 100; seed < 124; seed++)
    {
      g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
      g_autoptr(StrataDataset) ds = test_dataset_new (1e4, 1e10, 0.02);
      guint n_layers = (guint) g_rand_int_range (rand, 12, 31);
      guint n_options = (guint) g_rand_int_range (rand, 8, 25);

      for (guint i = 0; i < n_layers; i++)
        {
          g_autofree char *lid = g_strdup_printf ("l%u", i);
          guint l = test_add_layer (ds, lid);

          for (guint j = 0; j < n_options; j++)
            {
              g_autofree char *oid = g_strdup_printf ("o%u", j);
              guint o;

              if (g_rand_boolean (rand))
                o = test_add_neutral (ds, l, oid, g_rand_double_range (rand, 0.05, 1),
                                      g_rand_double_range (rand, 0.2, 0.8));
              else
                o = test_add_integrated (ds, l, oid, g_rand_double_range (rand, 0.1, 3),
                                         g_rand_double_range (rand, 0.05, 0.3),
                                         pow (10, g_rand_double_range (rand, 4, 8)),
                                         g_rand_double_range (rand, 0, 0.05));
              test_option (ds, l, o)->fixed_cost =
                test_number (pow (10, g_rand_double_range (rand, 3, 8)));
            }
        }
      for (guint k = 0; k < 4; k++)
        test_add_link (ds, k, 4 + (k * 7) % (n_layers - 4), g_rand_double_range (rand, 0, 0.5));
      strata_dataset_finish (ds);

      n_flips += check_ladder (ds, seed % 2 ? STRATA_OBJECTIVE_CASH : STRATA_OBJECTIVE_EFFECTIVE,
                               seed % 3 == 0 ? 128 : 33, seed);
    }
  g_assert_cmpuint (n_flips, >, 100);
}

/* The shape of bench-ladder's datasets (tests/bench/bench-ladder.c),
 * smaller: modes alternating from a random start in each layer, learning
 * curves, floors, fixed costs spread over volumes 1e6 to 1e12, some
 * ecosystem value, links among @n_linked layers (with @back, also from
 * every third of them back to the one two before: cycles, and two links
 * out of one layer). */
static StrataDataset *
bench_like_dataset (guint32  seed,
                    guint    n_layers,
                    guint    n_options,
                    guint    n_linked,
                    gboolean back)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  StrataDataset *ds = test_dataset_new (1e6, 1e12, 0.01);

  for (guint i = 0; i < n_layers; i++)
    {
      g_autofree char *lid = g_strdup_printf ("b%u", i);
      guint l = test_add_layer (ds, lid);
      guint parity = (guint) g_rand_int_range (rand, 0, 2);

      for (guint j = 0; j < n_options; j++)
        {
          g_autofree char *oid = g_strdup_printf ("c%u", j);
          guint o = (j + parity) % 2
                    ? test_add_integrated (ds, l, oid, g_rand_double_range (rand, 0.1, 3),
                                           g_rand_double_range (rand, 0.05, 0.3),
                                           pow (10, g_rand_double_range (rand, 6, 10)),
                                           g_rand_double_range (rand, 0, 0.05))
                    : test_add_neutral (ds, l, oid, g_rand_double_range (rand, 0.05, 1),
                                        g_rand_double_range (rand, 0.2, 0.8));

          test_option (ds, l, o)->fixed_cost =
            test_number (pow (10, g_rand_double_range (rand, 5, 10)));
          if (g_rand_int_range (rand, 0, 10) < 3)
            test_option (ds, l, o)->ecosystem_value =
              test_number (g_rand_double_range (rand, 0, 0.2));
        }
    }
  for (guint k = 0; k + 1 < n_linked; k++)
    test_add_link (ds, k * n_layers / n_linked, (k + 1) * n_layers / n_linked,
                   g_rand_double_range (rand, 0.05, 0.4));
  for (guint k = 0; back && k + 2 < n_linked; k += 3)
    test_add_link (ds, (k + 2) * n_layers / n_linked, k * n_layers / n_linked,
                   g_rand_double_range (rand, 0.05, 0.2));
  strata_dataset_finish (ds);
  return ds;
}

/* Flips located by the certificate (strata-ladder-locate.c) on the benchmark's
 * kind of data, with and without links, against the oracle: the steps
 * it decides are the full optimum's, and it decides most of them, so
 * this cannot pass by always falling back to full optima. */
static void
test_certificate (void)
{
  guint64 certified = 0, full = 0, neighbour = 0, tie = 0, bracket = 0, refined = 0, both = 0;
  guint64 pair = 0, forward = 0, edge = 0;
  guint n_flips = 0;

  /* The bisection's own steps, without the guess at the pair's root
   * (test_gallop () below). */
  _strata_ladder_gallop_disabled = TRUE;
  for (guint seed = 0; seed < 6; seed++)
    {
      g_autoptr(StrataDataset) ds = bench_like_dataset (seed, 24 + 8 * seed, 6 + seed,
                                                        seed % 2 ? 6 : 0, FALSE);

      memset (&_strata_ladder_stats, 0, sizeof _strata_ladder_stats);
      n_flips += check_ladder (ds, seed % 3 == 2 ? STRATA_OBJECTIVE_CASH
                                                 : STRATA_OBJECTIVE_EFFECTIVE,
                               seed % 2 ? 17 : 33, seed);
      certified += _strata_ladder_stats.certified_steps;
      full += _strata_ladder_stats.full_steps;
      neighbour += _strata_ladder_stats.undecided_neighbour;
      tie += _strata_ladder_stats.undecided_tie;
      bracket += _strata_ladder_stats.bracket_neighbours;
      pair += _strata_ladder_stats.pair_steps;
      forward += _strata_ladder_stats.forward_steps;
      refined += _strata_ladder_stats.refinements;
      both += _strata_ladder_stats.both_modes_steps;
      edge += _strata_ladder_stats.edge_steps;
    }
  _strata_ladder_gallop_disabled = FALSE;
  g_test_message ("%u flips: %" G_GUINT64_FORMAT " steps certified, %" G_GUINT64_FORMAT
                  " full optima (%" G_GUINT64_FORMAT " a neighbour, %" G_GUINT64_FORMAT
                  " a tie), %" G_GUINT64_FORMAT " with the neighbours' modes over the bracket, %"
                  G_GUINT64_FORMAT " bounds over a bracket, %" G_GUINT64_FORMAT
                  " with the neighbour below in either mode, %" G_GUINT64_FORMAT
                  " by the flip's pair (%" G_GUINT64_FORMAT " without a sum), %" G_GUINT64_FORMAT
                  " ties told a hair either side",
                  n_flips, certified, full, neighbour, tie, bracket, refined, both, pair, forward,
                  edge);
  g_assert_cmpuint (n_flips, >, 100);
  g_assert_cmpuint (certified, >, 3 * full);
  /* Most certified steps took their neighbours' modes from the bracket
   * (neighbours_over ()), most of them with the flip's two options alone
   * (_strata_ladder_pair_choice ()), and their answers are the oracle's
   * above. */
  g_assert_cmpuint (2 * (bracket + pair), >, certified);
  g_assert_cmpuint (2 * pair, >, certified);
  /* Most of those past the volumes the pair's fast-forward solved for
   * (pair_forward ()), without working out a sum. */
  g_assert_cmpuint (2 * forward, >, pair);
  /* The magnitude bounds over a bracket (the fast layers summed from
   * their moments, strata-ladder-bounds.c) were worked out, and with the
   * chain's sets few steps are left at the edge of the tie tolerance. */
  g_assert_cmpuint (refined, >, 0);
  /* Steps next to a layer a link touches decided with that neighbour
   * in either mode (certified_choice_with ()). */
  g_assert_cmpuint (both, >, 0);
  /* A flip asks about 2 volumes, the ends of the bisection's last
   * bracket, both next to the change and so often at the tolerance's
   * edge: still, at most 1 flip in 4 takes a full optimum there. */
  g_assert_cmpuint (4 * tie, <, n_flips);
  /* A linked neighbour's mode is told from its own neighbours' modes and
   * its targets' too (_strata_ladder_linked_mode ()): 185 steps were left
   * for a neighbour before, 27 with it. */
  g_assert_cmpuint (4 * neighbour, <, n_flips);
}

/* Many linked layers, chained and with links back (cycles) and several
 * out of one layer: the steps next to a linked layer and at the edge of
 * the tie tolerance are decided by bounds of the linked layers' modes
 * and of their candidates at every co-design factor
 * (strata-ladder-bounds.c, linked_modes ()), and every answer is the
 * oracle's. */
static void
test_linked (void)
{
  guint64 full = 0, neighbour = 0, tie = 0, certified = 0, edge = 0;
  guint n_flips = 0;

  for (guint seed = 0; seed < 6; seed++)
    {
      guint n_layers = 30 + 6 * seed, n_linked = 6 + 2 * seed;
      g_autoptr(StrataDataset) ds = bench_like_dataset (100 + seed, n_layers, 5 + seed % 3,
                                                        n_linked, TRUE);

      memset (&_strata_ladder_stats, 0, sizeof _strata_ladder_stats);
      n_flips += check_ladder (ds, seed % 3 == 1 ? STRATA_OBJECTIVE_CASH
                                                 : STRATA_OBJECTIVE_EFFECTIVE,
                               seed % 2 ? 17 : 33, seed);
      certified += _strata_ladder_stats.certified_steps;
      full += _strata_ladder_stats.full_steps;
      neighbour += _strata_ladder_stats.undecided_neighbour;
      tie += _strata_ladder_stats.undecided_tie;
      edge += _strata_ladder_stats.edge_steps;
    }
  _strata_ladder_gallop_disabled = FALSE;
  g_test_message ("%u flips: %" G_GUINT64_FORMAT " steps certified, %" G_GUINT64_FORMAT
                  " full optima (%" G_GUINT64_FORMAT " a neighbour, %" G_GUINT64_FORMAT
                  " a tie), %" G_GUINT64_FORMAT " ties told a hair either side", n_flips, certified,
                  full, neighbour, tie, edge);
  /* A third of the layers are linked, and their own flips take full
   * optima; without the linked layers' bounds, 832 full optima (360 a
   * neighbour, 166 a tie) against 512 steps certified (when a flip asked
   * only the ends of its last bracket): steps left undecided for a
   * neighbour or a tie were 2 in 5, now 1 in 24. */
  g_assert_cmpuint (n_flips, >, 100);
  g_assert_cmpuint (certified, >, full);
  g_assert_cmpuint (8 * (neighbour + tie), <, certified + full);
  g_assert_cmpuint (8 * tie, <, n_flips);
  /* Steps at the tolerance's edge told by the certificate a hair either
   * side (strata-ladder-locate.c, edge_step ()), their flips the oracle's within
   * its precision (check_ladder ()). */
  g_assert_cmpuint (edge, >, 0);
}

/* Linked layers whose integrated options cross inside grid intervals
 * (learning curves against fixed costs), so their flips are changes
 * within one mode, decided by the certificate of a linked layer
 * (strata-ladder-certificate.c, linked_choice ()) where its mode and its
 * co-design factor are certain: every linked layer integrated by far, or
 * (some layers) neutral by far, so that a link into a layer applies or
 * not; savings large enough that the crossings at the factor are far
 * from those at 1; exact ties (an option repeated) on some layers. */
static StrataDataset *
linked_factor_dataset (guint seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  StrataDataset *ds = test_dataset_new (1e3, 1e9, 0.02);
  guint n_layers = 6 + seed % 5;

  for (guint i = 0; i < n_layers; i++)
    {
      g_autofree char *lid = g_strdup_printf ("l%u", i);
      guint l = test_add_layer (ds, lid);
      gboolean neutral = g_rand_int_range (rand, 0, 4) == 0;
      guint n_int = (guint) g_rand_int_range (rand, 2, 6);

      test_add_neutral_price (ds, l, "n", neutral ? 0.01 : g_rand_double_range (rand, 20, 40), 0.5);
      for (guint j = 0; j < n_int; j++)
        {
          g_autofree char *oid = g_strdup_printf ("i%u", j);
          guint o = test_add_integrated (ds, l, oid, g_rand_double_range (rand, 0.5, 4),
                                         g_rand_double_range (rand, 0, 0.3), 1e3,
                                         g_rand_double_range (rand, 0, 0.2));

          test_option (ds, l, o)->fixed_cost = test_number (pow (10, g_rand_double_range (rand, 2, 7)));
          if (j == 1 && g_rand_int_range (rand, 0, 3) == 0)
            {
              /* The same numbers again: an exact tie, the earlier wins. */
              StrataOption copy = *test_option (ds, l, o);
              guint o2 = test_add_integrated (ds, l, "tie", 1, 0, 1e3, 0);

              test_option (ds, l, o2)->unit_cost = copy.unit_cost;
              test_option (ds, l, o2)->learning_rate = copy.learning_rate;
              test_option (ds, l, o2)->floor_cost = copy.floor_cost;
              test_option (ds, l, o2)->fixed_cost = copy.fixed_cost;
            }
        }
    }
  for (guint i = 0; i + 1 < n_layers; i++)
    if (g_rand_int_range (rand, 0, 3) > 0)
      test_add_link (ds, i, i + 1 + (guint) g_rand_int_range (rand, 0, (gint) MIN (2, n_layers - i - 1)),
                     g_rand_double_range (rand, 0.2, 0.6));
  strata_dataset_finish (ds);
  return ds;
}

static void
test_linked_factor (void)
{
  guint64 linked = 0, full = 0;
  guint n_flips = 0;

  for (guint seed = 0; seed < 40; seed++)
    {
      g_autoptr(StrataDataset) ds = linked_factor_dataset (seed);

      memset (&_strata_ladder_stats, 0, sizeof _strata_ladder_stats);
      n_flips += check_ladder (ds, seed % 2 ? STRATA_OBJECTIVE_CASH : STRATA_OBJECTIVE_EFFECTIVE,
                               seed % 3 ? 9 : 4, seed);
      linked += _strata_ladder_stats.linked_steps;
      full += _strata_ladder_stats.full_steps;
    }
  g_test_message ("%u flips: %" G_GUINT64_FORMAT " steps of linked layers certified, %"
                  G_GUINT64_FORMAT " full optima", n_flips, linked, full);
  /* Without the linked layers' certificate every step of their flips
   * was a full optimum (linked = 0). */
  g_assert_cmpuint (n_flips, >, 40);
  g_assert_cmpuint (linked, >, full);
}

/* Stacks like the samples (issue 15, certificate (e)): 4 to 9 layers
 * (one in five 12 to 24) of a neutral option and one to three
 * integrated ones, links among most of them (cycles, a layer reached from several), so that linked
 * layers change mode where the pattern of linked modes turns; costs
 * scaled by up to 1e100 either way; an option repeated (an exact tie)
 * on some layers. */
static StrataDataset *
group_dataset (guint seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  double scale = seed % 4 == 3 ? pow (10, g_rand_double_range (rand, -100, 100)) : 1.0;
  StrataDataset *ds = test_dataset_new (1e5, 1e11, scale * g_rand_double_range (rand, 0.01, 0.3));
  /* Every fifth a longer chain, where several groups may change in one
   * interval. */
  guint n_layers = (guint) (seed % 5 == 4 ? g_rand_int_range (rand, 12, 25)
                                          : g_rand_int_range (rand, 4, 10));
  guint n_links = (guint) g_rand_int_range (rand, 2, (gint32) MIN (n_layers, 12) + 2);

  for (guint i = 0; i < n_layers; i++)
    {
      g_autofree char *lid = g_strdup_printf ("g%u", i);
      guint l = test_add_layer (ds, lid);
      guint n_int = (guint) g_rand_int_range (rand, 1, 4);

      test_add_neutral (ds, l, "market", scale * g_rand_double_range (rand, 0.5, 3),
                        g_rand_double_range (rand, 0.05, 0.5));
      for (guint j = 0; j < n_int; j++)
        {
          g_autofree char *oid = g_strdup_printf ("own%u", j);
          guint o = test_add_integrated (ds, l, oid, scale * g_rand_double_range (rand, 0.5, 4),
                                         g_rand_double_range (rand, 0, 0.25),
                                         pow (10, g_rand_double_range (rand, 5, 9)),
                                         scale * g_rand_double_range (rand, 0, 0.2));

          test_option (ds, l, o)->fixed_cost =
            test_number (scale * pow (10, g_rand_double_range (rand, 5, 10)));
          if (j > 0 && g_rand_int_range (rand, 0, 6) == 0)
            {
              StrataOption *prev = test_option (ds, l, o - 1);
              StrataOption *opt = test_option (ds, l, o);

              opt->unit_cost = prev->unit_cost;
              opt->learning_rate = prev->learning_rate;
              opt->reference_volume = prev->reference_volume;
              opt->floor_cost = prev->floor_cost;
              opt->fixed_cost = prev->fixed_cost;
            }
        }
    }
  for (guint k = 0; k < n_links; k++)
    {
      guint from = (guint) g_rand_int_range (rand, 0, (gint32) n_layers);
      guint to = (guint) g_rand_int_range (rand, 0, (gint32) n_layers - 1);

      test_add_link (ds, from, to >= from ? to + 1 : to, g_rand_double_range (rand, 0.05, 0.6));
    }
  strata_dataset_finish (ds);
  return ds;
}

/* Certificate (e) against the oracle, bit for bit: the steps of linked
 * layers' changes of mode, which took a full optimum each, are mostly
 * told by the group of layers that may change with the flip. */
static void
test_group (void)
{
  guint64 group = 0, replay = 0, forward = 0, full = 0;
  guint n_flips = 0;

  for (guint seed = 0; seed < 120; seed++)
    {
      g_autoptr(StrataDataset) ds = group_dataset (seed);

      memset (&_strata_ladder_stats, 0, sizeof _strata_ladder_stats);
      n_flips += check_ladder (ds, seed % 3 == 2 ? STRATA_OBJECTIVE_CASH
                                                 : STRATA_OBJECTIVE_EFFECTIVE,
                               seed % 2 ? 64 : 17, seed);
      group += _strata_ladder_stats.group_steps;
      replay += _strata_ladder_stats.replay_steps;
      forward += _strata_ladder_stats.group_forward_steps;
      full += _strata_ladder_stats.full_steps;
    }
  g_test_message ("%u flips: %" G_GUINT64_FORMAT " steps told by the group (%" G_GUINT64_FORMAT
                  " by its two patterns' search, %" G_GUINT64_FORMAT " by its fast-forward), %"
                  G_GUINT64_FORMAT " full optima", n_flips, group, replay, forward, full);
  /* Without the group, every step of a linked layer's change of mode
   * was a full optimum (group = 0); without the replay of the search,
   * 9,348 full optima against 13,941 told by the group. */
  g_assert_cmpuint (n_flips, >, 300);
  g_assert_cmpuint (group, >, 3 * full);
  g_assert_cmpuint (2 * replay, >, full);
  g_assert_cmpuint (forward, >, 0);
}

/* Chains whose interfaces cost about as much as a layer saves by
 * integrating, so that neighbours change mode together and a layer's
 * neighbour is often near its own mode tie: the steps the segment
 * certificate decides (strata-ladder.c, segment_choice ()).  Every cost
 * scaled by a power of ten up to 1e150 either way, deliberate ties
 * within and across modes on some layers, links on a third. */
static StrataDataset *
segment_dataset (guint seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  double scale = pow (10, g_rand_double_range (rand, -150, 150));
  StrataDataset *ds = test_dataset_new (1e3, 1e9, scale * g_rand_double_range (rand, 0.05, 0.8));
  guint n_layers = (guint) g_rand_int_range (rand, 6, 25);

  for (guint i = 0; i < n_layers; i++)
    {
      g_autofree char *lid = g_strdup_printf ("s%u", i);
      guint l = test_add_layer (ds, lid);
      guint n_options = (guint) g_rand_int_range (rand, 2, 6);

      for (guint j = 0; j < n_options; j++)
        {
          g_autofree char *oid = g_strdup_printf ("o%u", j);
          guint o;

          if ((j + i) % 2 == 0)
            o = test_add_neutral (ds, l, oid, scale * g_rand_double_range (rand, 0.2, 1),
                                  g_rand_double_range (rand, 0.1, 0.6));
          else
            o = test_add_integrated (ds, l, oid, scale * g_rand_double_range (rand, 0.3, 3),
                                     g_rand_double_range (rand, 0.05, 0.3),
                                     pow (10, g_rand_double_range (rand, 3, 7)),
                                     scale * g_rand_double_range (rand, 0, 0.05));
          test_option (ds, l, o)->fixed_cost =
            test_number (scale * pow (10, g_rand_double_range (rand, 3, 8)));
          if (j > 0 && g_rand_int_range (rand, 0, 8) == 0)
            {
              /* A copy of the option before: tied with it at every volume
               * when of the same mode. */
              StrataOption *prev = test_option (ds, l, o - 1);
              StrataOption *opt = test_option (ds, l, o);

              if (prev->mode == opt->mode)
                {
                  opt->supplier_cost = prev->supplier_cost;
                  opt->margin = prev->margin;
                  opt->unit_cost = prev->unit_cost;
                  opt->learning_rate = prev->learning_rate;
                  opt->reference_volume = prev->reference_volume;
                  opt->floor_cost = prev->floor_cost;
                  opt->fixed_cost = prev->fixed_cost;
                }
            }
        }
    }
  for (guint k = 0; seed % 3 == 0 && k < 2; k++)
    test_add_link (ds, (guint) g_rand_int_range (rand, 0, (gint32) n_layers / 2),
                   (guint) g_rand_int_range (rand, (gint32) n_layers / 2, (gint32) n_layers),
                   g_rand_double_range (rand, 0.05, 0.5));
  strata_dataset_finish (ds);
  return ds;
}

/* The segment certificate against the oracle, bit for bit: it decided
 * steps here (so the test exercises it) and every flip is the oracle's. */
static void
test_segment (void)
{
  guint n_flips = 0;

  memset (&_strata_ladder_stats, 0, sizeof _strata_ladder_stats);
  for (guint seed = 300; seed < 360; seed++)
    {
      g_autoptr(StrataDataset) ds = segment_dataset (seed);

      n_flips += check_ladder (ds, seed % 2 ? STRATA_OBJECTIVE_CASH : STRATA_OBJECTIVE_EFFECTIVE,
                               seed % 4 == 0 ? 64 : 17, seed);
    }
  g_test_message ("%u flips: %" G_GUINT64_FORMAT " steps certified (%" G_GUINT64_FORMAT
                  " by a segment), %" G_GUINT64_FORMAT " full optima (%" G_GUINT64_FORMAT
                  " a neighbour, %" G_GUINT64_FORMAT " a tie)", n_flips,
                  _strata_ladder_stats.certified_steps, _strata_ladder_stats.segment_steps,
                  _strata_ladder_stats.full_steps, _strata_ladder_stats.undecided_neighbour,
                  _strata_ladder_stats.undecided_tie);
  g_assert_cmpuint (n_flips, >, 100);
  g_assert_cmpuint (_strata_ladder_stats.segment_steps, >, 200);
}

/* Costs that do not depend on volume: every point the same optimum, and
 * no flip. */
static void
test_constant (void)
{
  g_autoptr(StrataDataset) ds = test_dataset_new (1, 1e12, 0.01);
  g_autoptr(StrataLadder) ladder = NULL;

  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *lid = g_strdup_printf ("l%u", i);
      guint l = test_add_layer (ds, lid);

      for (guint j = 0; j < 16; j++)
        {
          g_autofree char *oid = g_strdup_printf ("o%u", j);

          if (j % 2)
            test_add_integrated (ds, l, oid, 1 + (i * 7 + j * 3) % 11, 0, 0, 0);
          else
            test_add_neutral_price (ds, l, oid, 1 + (i * 5 + j * 3) % 13, 0.5);
        }
    }
  strata_dataset_finish (ds);

  ladder = strata_ladder_new (ds, 512);
  g_assert_cmpuint (ladder->n_flips, ==, 0);
  for (guint p = 1; p < ladder->n_points; p++)
    {
      g_assert_cmpmem (ladder->choices, sizeof (guint) * 40,
                       ladder->choices + (gsize) p * 40, sizeof (guint) * 40);
      g_assert_cmpfloat (ladder->costs[p], ==, ladder->costs[0]);
    }
  check_ladder (ds, STRATA_OBJECTIVE_EFFECTIVE, 64, 0);
}

/* Break-even against the optimal preset: the same crossings, equal
 * stretches and verdict, to the last bit, with and without the
 * optimizer's windows. */
static void
check_breakeven (const StrataDataset *ds,
                 StrataObjective      objective,
                 guint                n_scan)
{
  const StrataStrategy *optimal = strata_dataset_find_strategy (ds, STRATA_STRATEGY_OPTIMAL);
  const char *others[] = { STRATA_STRATEGY_ALL_NEUTRAL, STRATA_STRATEGY_ALL_INTEGRATED };

  g_assert_nonnull (optimal);
  for (guint k = 0; k < G_N_ELEMENTS (others); k++)
    {
      const StrataStrategy *other = strata_dataset_find_strategy (ds, others[k]);
      g_autoptr(StrataBreakeven) fast = NULL;
      g_autoptr(StrataBreakeven) slow = NULL;

      fast = strata_breakeven_find (ds, optimal, other, objective, 0, 0, n_scan);
      _strata_plan_windows_disabled = TRUE;
      slow = strata_breakeven_find (ds, optimal, other, objective, 0, 0, n_scan);
      _strata_plan_windows_disabled = FALSE;

      g_assert_cmpint (fast->verdict, ==, slow->verdict);
      g_assert_cmpuint (fast->crossings->len, ==, slow->crossings->len);
      g_assert_cmpuint (fast->equal->len, ==, slow->equal->len);
      /* Field by field: a StrataCrossing has padding, which memcmp ()
       * would read uninitialised (valgrind). */
      for (guint c = 0; c < fast->crossings->len; c++)
        {
          const StrataCrossing *x = &g_array_index (fast->crossings, StrataCrossing, c);
          const StrataCrossing *y = &g_array_index (slow->crossings, StrataCrossing, c);

          g_assert_cmpfloat (x->volume, ==, y->volume);
          g_assert_cmpuint (x->cheaper_above, ==, y->cheaper_above);
        }
      g_assert_cmpmem (fast->equal->data, sizeof (StrataEqualStretch) * fast->equal->len,
                       slow->equal->data, sizeof (StrataEqualStretch) * slow->equal->len);
    }
}

static void
test_breakeven_random (void)
{
  for (guint seed = 0; seed < 150; seed++)
    {
      g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
      g_autoptr(StrataDataset) ds = test_random_dataset (rand, 8, 6);

      check_breakeven (ds, seed % 3 == 2 ? STRATA_OBJECTIVE_CASH : STRATA_OBJECTIVE_EFFECTIVE,
                       seed % 10 == 0 ? 0 : 256);
    }
  for (guint seed = 7000; seed < 7100; seed++)
    {
      g_autoptr(StrataDataset) ds = extreme_dataset (seed);

      check_breakeven (ds, seed % 2 ? STRATA_OBJECTIVE_CASH : STRATA_OBJECTIVE_EFFECTIVE, 256);
    }
}

/* One layer that runs A, then B over about [2e5, 1.5e6], then A again,
 * then C from about 5e7, over [1e3, 1e9]: A's learning curve falls from
 * 100 to 0.1, B is a price of 2 with a fixed cost of 1e6, C a price of
 * 0.05 with 2e7.  With 2 or 3 grid points the oracle's first midpoint
 * (1e6) lands in B's stretch and it locates A -> B, B -> A, A -> C.
 * From c32cebe to 537cfab the ladder predicted the A-C change,
 * asked only the ends of its last bracket and took every earlier
 * midpoint's answer from its side of it: one flip, not three. */
static void
test_excursion (void)
{
  for (guint pts = 2; pts <= 3; pts++)
    for (guint two = 0; two < 2; two++)
      {
        g_autoptr(StrataDataset) ds = test_dataset_new (1e3, 1e9, 0.01);
        guint l = test_add_layer (ds, "x"), o;

        test_add_integrated (ds, l, "a", 100, 1 - pow (2, -0.5), 1e3, 0.1);
        o = test_add_neutral_price (ds, l, "b", 2.0, 0.5);
        test_option (ds, l, o)->fixed_cost = test_number (1e6);
        o = test_add_neutral_price (ds, l, "c", 0.05, 0.5);
        test_option (ds, l, o)->fixed_cost = test_number (2e7);
        /* A second layer: one flip of its own, so the interval's full
         * optima are not only the excursion's. */
        if (two)
          {
            guint l2 = test_add_layer (ds, "y");

            test_add_neutral_price (ds, l2, "n", 1.0, 0.5);
            test_add_integrated (ds, l2, "i", 3.0, 0.1, 1e3, 0.5);
          }
        strata_dataset_finish (ds);
        /* check_ladder () compares with the oracle to the bit. */
        g_assert_cmpuint (check_ladder (ds, STRATA_OBJECTIVE_EFFECTIVE, pts, 0), ==, two ? 4 : 3);
      }
}

/* The cost of neutral "b" (a price of 1 and a fixed cost of 3e5) less
 * that of integrated "a" (1.2 at 1e6, learning rate 0.25) at @v. */
static double
band_gap (double v)
{
  return 1.0 + 3e5 / v - 1.2 * pow (v / 1e6, log2 (0.75));
}

/* A root of band_gap () in [lo, hi], by bisection on its sign. */
static double
band_root (double lo,
           double hi)
{
  gboolean rising = band_gap (hi) > band_gap (lo);

  for (int i = 0; i < 200 && hi / lo - 1 > 1e-15; i++)
    {
      double mid = sqrt (lo * hi);

      if ((band_gap (mid) > 0) == rising)
        hi = mid;
      else
        lo = mid;
    }
  return sqrt (lo * hi);
}

/* An option cheapest over a narrow band only (about 3.6e5 to 5.0e5 of
 * [1e3, 1e9]: a price and a fixed cost against a learning curve cross
 * twice) falls between two points of a coarse grid, whose ends both run
 * the other.  The ladder's flips are the dataset's, whatever the number
 * of points asked: the two are found (located to 1e-9 of the roots
 * worked out here) with 2, 3, 9 or 64 points, and the points are the
 * asked log-spaced volumes with their optima. */
static void
test_narrow_band (void)
{
  const guint asked[] = { 2, 3, 9, 17, 64, 100 };
  g_autoptr(StrataDataset) ds = test_dataset_new (1e3, 1e9, 0.0);
  guint l = test_add_layer (ds, "x"), o;
  double roots[2];

  test_add_integrated (ds, l, "a", 1.2, 0.25, 1e6, 0.0);
  o = test_add_neutral_price (ds, l, "b", 1.0, 0.5);
  test_option (ds, l, o)->fixed_cost = test_number (3e5);
  strata_dataset_finish (ds);
  g_assert_cmpfloat (band_gap (3e5), >, 0);
  g_assert_cmpfloat (band_gap (4.2e5), <, 0);
  g_assert_cmpfloat (band_gap (6e5), >, 0);
  roots[0] = band_root (3e5, 4.2e5);
  roots[1] = band_root (4.2e5, 6e5);
  g_assert_cmpfloat (roots[1] / roots[0], <, 1.5);

  for (guint a = 0; a < G_N_ELEMENTS (asked); a++)
    {
      g_autoptr(StrataLadder) ladder = strata_ladder_new (ds, asked[a]);
      g_autofree double *v = g_new (double, asked[a]);

      g_test_message ("%u points", asked[a]);
      g_assert_cmpuint (ladder->n_points, ==, asked[a]);
      strata_log_space (ds->volume_min, ds->volume_max, asked[a], v);
      for (guint p = 0; p < asked[a]; p++)
        {
          guint best;

          g_assert_cmpfloat (ladder->volumes[p], ==, v[p]);
          ladder->costs[p] = strata_optimize_full (ds, STRATA_OBJECTIVE_EFFECTIVE, v[p], &best);
          g_assert_cmpuint (ladder->choices[p], ==, best);
        }
      g_assert_cmpuint (ladder->n_flips, ==, 2);
      for (guint f = 0; f < 2; f++)
        {
          g_assert_cmpuint (ladder->flips[f].layer, ==, l);
          g_assert_cmpfloat (fabs (ladder->flips[f].volume / roots[f] - 1), <, 1e-9);
          g_assert_cmpuint (ladder->flips[f].from_option, ==, f == 0 ? 0 : 1);
          g_assert_cmpuint (ladder->flips[f].to_option, ==, f == 0 ? 1 : 0);
        }
    }
}

/* Every change of a layer's option in the exact optimum between two
 * neighbours of the volumes @v (@n_scan + 1 of them) is a flip of
 * @ladder there, to the option the scan sees; returns how many changes
 * (@what names the case in a failure's message). */
static guint
check_scan (const StrataDataset *ds,
            StrataObjective      objective,
            const StrataLadder  *ladder,
            const double        *v,
            guint                n_scan,
            const char          *what)
{
  guint n = ds->n_layers, n_changes = 0;
  g_autofree guint *prev = g_new (guint, n);
  g_autofree guint *cur = g_new (guint, n);

  strata_optimize_full (ds, objective, v[0], prev);
  for (guint s = 1; s <= n_scan; s++)
    {
      strata_optimize_full (ds, objective, v[s], cur);
      for (guint i = 0; i < n; i++)
        if (cur[i] != prev[i])
          {
            gboolean found = FALSE;

            n_changes++;
            for (guint f = 0; f < ladder->n_flips && !found; f++)
              found = ladder->flips[f].layer == i &&
                      ladder->flips[f].volume >= v[s - 1] * (1 - 1e-9) &&
                      ladder->flips[f].volume <= v[s] * (1 + 1e-9) &&
                      ladder->flips[f].to_option == cur[i];
            if (!found)
              g_test_message ("%s, %u points: layer %s changes from %u to %u between %.10g and"
                              " %.10g, no flip", what, ladder->n_points, ds->layers[i].id,
                              prev[i], cur[i], v[s - 1], v[s]);
            g_assert_true (found);
          }
      memcpy (prev, cur, n * sizeof (guint));
    }
  return n_changes;
}

/* Every change of a layer's optimal option, as a dense scan of the exact
 * optimum sees it (4,001 volumes), is one of the ladder's flips, with
 * 64 points and with 9: bands narrower than a grid interval too
 * (strata-ladder-excursion.c; before it, seeds 4 and 21 of stacks of
 * 40 layers lost two flips each at 64 points, 2 of 30, and the benchmark's
 * 1,000 x 40 stack six).  Seeded random stacks of 12 layers of 5 options,
 * with links, under both objectives. */
static void
test_dense_scan (void)
{
  const guint n_scan = 4000;
  guint n_bands = 0, n_changes = 0;

  for (guint seed = 0; seed < 40; seed++)
    {
      g_autoptr(GRand) rand = g_rand_new_with_seed (4100 + seed);
      g_autoptr(StrataDataset) ds = test_random_dataset (rand, 20, 6);
      StrataObjective objective = seed % 2 ? STRATA_OBJECTIVE_CASH : STRATA_OBJECTIVE_EFFECTIVE;
      g_autofree double *v = g_new (double, n_scan + 1);
      g_autofree char *what = g_strdup_printf ("seed %u", seed);

      strata_log_space (ds->volume_min, ds->volume_max, n_scan + 1, v);
      for (guint a = 0; a < 2; a++)
        {
          g_autoptr(StrataLadder) ladder = strata_ladder_new_full (ds, objective, a ? 9 : 64);

          check_ladder_extra (ds, objective, a ? 9 : 64, seed, &n_bands);
          n_changes += check_scan (ds, objective, ladder, v, n_scan, what);
        }
    }
  g_test_message ("%u changes seen, %u flips of bands", n_changes, n_bands);
  g_assert_cmpuint (n_bands, >, 0);
}

/* A band of a tie: on a random stack of 35 layers (seed 143 of
 * test_random_dataset (), 40 layers of 4 options at most) under the cash
 * objective, layer 5's neutral option 1 and integrated option 3 cost the
 * same but for their interfaces.  While either neighbour builds, option 3
 * saves an interface; from 4.14 M, where layer 4 goes neutral, to 4.64 M,
 * where layer 6 builds, both neighbours buy, the two tie, and the tie
 * goes to fewer integrated layers (MODEL.md 5): option 1.  The single
 * swap's D is 0 there, never below -margin, and the band was lost; a swap
 * the tie rule favours is now followed up to +margin.  Every change a
 * scan of 2,001 volumes over the interval sees is a flip, and layer 5's
 * two are there. */
static void
test_tie_band (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (143);
  g_autoptr(StrataDataset) ds = test_random_dataset (rand, 40, 4);
  g_autoptr(StrataLadder) ladder = strata_ladder_new_full (ds, STRATA_OBJECTIVE_CASH, 64);
  const guint n_scan = 2000;
  g_autofree double *v = g_new (double, n_scan + 1);
  guint n_band = 0;

  g_assert_cmpuint (ds->n_layers, ==, 35);
  strata_log_space (3.98e6, 4.87e6, n_scan + 1, v);
  for (guint f = 0; f < ladder->n_flips; f++)
    n_band += ladder->flips[f].layer == 5 && ladder->flips[f].volume > 4.1e6 &&
              ladder->flips[f].volume < 4.7e6;
  g_assert_cmpuint (n_band, ==, 2);
  g_assert_cmpuint (check_scan (ds, STRATA_OBJECTIVE_CASH, ladder, v, n_scan, "tie band"), >=, 4);
}

/* The same tie on a stack of three layers cut from it (tie-band: from
 * 4.31 M to 4.64 M, inside one grid interval), where the search over
 * every strategy looks for bands (strata-ladder-tiny.c): a strategy the
 * tie rule favours is followed up to +margin there too.  And with that
 * search off, by the single swaps. */
static void
test_tie_band_short (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "ladder", "tie-band.strata.json",
                                                 NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(StrataDataset) ds = strata_dataset_load_file (path, &error);
  const guint n_scan = 2000;
  g_autofree double *v = g_new (double, n_scan + 1);

  g_assert_no_error (error);
  strata_log_space (3.98e6, 4.87e6, n_scan + 1, v);
  for (guint a = 0; a < 2; a++)
    {
      g_autoptr(StrataLadder) ladder = NULL;
      guint n_band = 0;

      _strata_ladder_tiny_bands_disabled = a == 1;
      ladder = strata_ladder_new_full (ds, STRATA_OBJECTIVE_CASH, 64);
      _strata_ladder_tiny_bands_disabled = FALSE;
      for (guint f = 0; f < ladder->n_flips; f++)
        n_band += ladder->flips[f].layer == 1 && ladder->flips[f].volume > 4.2e6 &&
                  ladder->flips[f].volume < 4.7e6;
      g_assert_cmpuint (n_band, ==, 2);
      g_assert_cmpuint (check_scan (ds, STRATA_OBJECTIVE_CASH, ladder, v, n_scan, "tie-band"), >=, 4);
    }
}

/* Bands where two layers move together, neither alone: in pair-band,
 * two linked layers cheaper integrated together over 5 % of the volumes
 * (78.1 k to 82.2 k), inside one grid interval, found by a dense scan
 * from outside on a generated stack of 20 layers of 6 options (the
 * fixture is that stack cut down to what still shows it); in
 * pair-leave, by hand, two neighbours that pay no interface while both
 * build, cheaper buying together from 84.5 k to 95 k (the interface paid
 * once), though buying alone never pays; in pair-shared, by hand, two
 * layers that both link into a third, cheaper trading which of them
 * builds from 84.5 k to 95 k (the third's saving kept), though neither
 * alone moves.  And three: in triple-leave, by hand, three neighbours
 * cheaper buying together from 82.7 k to 97.2 k (two interfaces for
 * three prices), though no one or two of them are; the search over every
 * strategy of a very short stack finds it (strata-ladder-tiny.c,
 * _strata_ladder_tiny_probes ()), and the runs of neighbours
 * (strata-ladder-excursion-run.c); in triple-leave-long, the same three
 * under six more layers, a stack too long for the first: the ladder lost
 * the band before the second; in triple-linked-long, three layers a
 * chain of links joins (lower -> middle -> upper, 2.52 % each, no
 * interfaces) under six more, cheaper buying all three from 88.1 k to
 * 97.7 k (two savings lost for three prices), though no one or two of
 * them are, a band the runs leave out (links touch its layers): the
 * ladder lost it before the triples of strata-ladder-excursion-triple.c.
 * Every change a scan of 2,001 volumes over
 * the band sees is a flip, with 64 points and with 9, and the band's
 * flips are there; also with the search over every strategy off, by the
 * swaps of strata-ladder-excursion.c alone. */
typedef struct
{
  const char *file;
  double      scan_lo, scan_hi, band_lo, band_hi;
  guint       layers;    /* the band's layers, a bit each */
  guint       n_flips;   /* the band's flips */
  gboolean    by_swaps;  /* found by the swaps too */
} PairBand;

static void
test_pair_band (gconstpointer data)
{
  const PairBand *pb = data;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "ladder", pb->file, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(StrataDataset) ds = strata_dataset_load_file (path, &error);
  const guint n_scan = 2000;
  g_autofree double *v = g_new (double, n_scan + 1);
  guint n_changes = 0;

  g_assert_no_error (error);
  strata_log_space (pb->scan_lo, pb->scan_hi, n_scan + 1, v);
  for (guint a = 0; a < (pb->by_swaps ? 4u : 2u); a++)
    {
      g_autoptr(StrataLadder) ladder = NULL;
      guint n_band = 0;

      _strata_ladder_tiny_bands_disabled = a >= 2;
      ladder = strata_ladder_new_full (ds, STRATA_OBJECTIVE_EFFECTIVE, a % 2 ? 9 : 64);
      _strata_ladder_tiny_bands_disabled = FALSE;
      for (guint f = 0; f < ladder->n_flips; f++)
        n_band += ladder->flips[f].volume > pb->band_lo && ladder->flips[f].volume < pb->band_hi &&
                  (pb->layers & (1u << ladder->flips[f].layer)) != 0;
      g_assert_cmpuint (n_band, ==, pb->n_flips);
      n_changes += check_scan (ds, STRATA_OBJECTIVE_EFFECTIVE, ladder, v, n_scan, pb->file);
    }
  g_assert_cmpuint (n_changes, >=, 2 * pb->n_flips);
}

static const PairBand pair_bands[] = {
  /* "l1" and "l3" there, the fixture's layers 0 and 2. */
  { "pair-band.strata.json", 7.5e4, 8.5e4, 7.8e4, 8.3e4, 0x5, 4, TRUE },
  { "pair-leave.strata.json", 8.0e4, 1.0e5, 8.0e4, 1.0e5, 0x3, 4, TRUE },
  { "pair-shared.strata.json", 8.0e4, 1.0e5, 8.0e4, 1.0e5, 0x3, 4, TRUE },
  { "triple-leave.strata.json", 8.0e4, 1.0e5, 8.0e4, 1.0e5, 0x7, 6, TRUE },
  { "triple-leave-long.strata.json", 8.0e4, 1.0e5, 8.0e4, 1.0e5, 0x7, 6, TRUE },
  { "triple-linked-long.strata.json", 8.0e4, 1.0e5, 8.0e4, 1.0e5, 0x7, 6, TRUE },
};

/* The parts of the optimizer the ladder leans on (issue 15): a nested
 * window's optimum at its ends and inside it (its candidates' learning
 * curves at its ends reused from its parent's, strata-optimizer-window.c)
 * and _strata_plan_optimize_below () (the walk up to one layer) give
 * strata_optimize_full ()'s choices, on linked datasets with ties. */
static void
test_optimizer_parts (void)
{
  for (guint seed = 0; seed < 8; seed++)
    {
      g_autoptr(StrataDataset) ds = bench_like_dataset (300 + seed, 12 + 3 * seed, 2 + seed % 4,
                                                        seed % 3 == 0 ? 0 : 3 + seed % 4,
                                                        TRUE);
      StrataObjective objective = seed % 2 ? STRATA_OBJECTIVE_CASH : STRATA_OBJECTIVE_EFFECTIVE;
      Plan *plan = _strata_plan_new (ds, objective);
      guint n = ds->n_layers;
      g_autofree guint *want = g_new (guint, n);
      g_autofree guint *got = g_new (guint, n);
      double v[5];

      g_assert_nonnull (plan);
      strata_log_space (ds->volume_min, ds->volume_max, 5, v);
      _strata_plan_window_base (plan, v[0], v[4]);
      /* [v0, v4] > [v0, v2] > [v1, v2], then [v2, v4] > [v2, v3]: ends
       * shared with the parent, and a mid shared by two children; then
       * [v0, v4] > [v1.5, v2] (a new end, the other the mid) and
       * [v0, v4] > [v3, v3.5] (both new). */
      for (guint w = 0; w < 11; w++)
        {
          static const guint ends[11][2] = { { 0, 2 }, { 1, 2 }, { 99, 99 }, { 2, 4 }, { 2, 3 },
                                             { 99, 99 }, { 15, 2 }, { 98, 98 }, { 3, 35 },
                                             { 98, 98 }, { 0, 4 } };
          double lo, hi;

          if (ends[w][0] >= 98)
            {
              _strata_plan_window_pop (plan);
              if (ends[w][0] == 99)
                _strata_plan_window_pop (plan);
              continue;
            }
          lo = ends[w][0] >= 10 ? sqrt (v[ends[w][0] / 10] * v[ends[w][0] / 10 + 1]) : v[ends[w][0]];
          hi = ends[w][1] >= 10 ? sqrt (v[ends[w][1] / 10] * v[ends[w][1] / 10 + 1]) : v[ends[w][1]];
          _strata_plan_window_push (plan, lo, hi);
          for (guint t = 0; t < 3; t++)
            {
              double volume = t == 0 ? lo : t == 1 ? hi : sqrt (lo * hi);

              strata_optimize_full (ds, objective, volume, want);
              _strata_plan_optimize_hinted (plan, volume, got, NULL);
              for (guint i = 0; i < n; i++)
                g_assert_cmpuint (got[i], ==, want[i]);
              for (guint i = 0; i < n; i += 1 + n / 5)
                {
                  memset (got, 0xff, sizeof (guint) * n);
                  _strata_plan_optimize_below (plan, volume, got, i);
                  for (guint j = 0; j <= i; j++)
                    g_assert_cmpuint (got[j], ==, want[j]);
                }
            }
        }
      _strata_plan_free (plan);
    }
}

/* The ladder on several threads (strata-ladder.c, ladder_solve ()):
 * the oracle's to the bit, as on one thread, with subtrees of every
 * shape (2 to 64 points, 2 to 5 threads), with and without links. */
static void
test_threads (void)
{
  static const guint points[] = { 2, 3, 5, 17, 64, 200 };

  for (guint threads = 2; threads <= 5; threads++)
    {
      _strata_ladder_set_threads (threads);
      for (guint seed = 0; seed < 60; seed++)
        {
          g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
          g_autoptr(StrataDataset) ds = test_random_dataset (rand, 8, 6);

          check_ladder (ds, seed % 3 == 2 ? STRATA_OBJECTIVE_CASH : STRATA_OBJECTIVE_EFFECTIVE,
                        points[seed % G_N_ELEMENTS (points)], seed);
        }
      for (guint seed = 1; seed <= 4; seed++)
        {
          g_autoptr(StrataDataset) ds = test_generated_dataset (seed, 48, 8, seed % 2 ? 6 : 0, FALSE);
          g_autoptr(StrataLadder) many = strata_ladder_new (ds, 64);
          g_autoptr(StrataLadder) one = NULL;
          guint n = ds->n_layers;

          _strata_ladder_set_threads (1);
          one = strata_ladder_new (ds, 64);
          _strata_ladder_set_threads (threads);
          g_assert_cmpuint (many->n_flips, ==, one->n_flips);
          g_assert_cmpuint (one->n_flips, >, 10);
          g_assert_cmpmem (many->costs, sizeof (double) * 64, one->costs, sizeof (double) * 64);
          g_assert_cmpmem (many->choices, sizeof (guint) * 64 * n, one->choices, sizeof (guint) * 64 * n);
          for (guint f = 0; f < one->n_flips; f++)
            {
              g_assert_cmpuint (many->flips[f].layer, ==, one->flips[f].layer);
              g_assert_cmpfloat (many->flips[f].volume, ==, one->flips[f].volume);
              g_assert_cmpuint (many->flips[f].from_option, ==, one->flips[f].from_option);
              g_assert_cmpuint (many->flips[f].to_option, ==, one->flips[f].to_option);
            }
        }
    }
  _strata_ladder_set_threads (0);
}

/* Every linked layer linked to every other both ways: their modes turn
 * together at one volume, and the bisection of each asks the optimum at
 * the same midpoints (strata-ladder-locate.c, shared_choice (): read
 * back, not solved again).  The ladder is the oracle's, which solves
 * every midpoint of every layer. */
static void
test_linked_together (void)
{
  guint64 shared = 0;
  guint n_together = 0;

  for (guint seed = 20; seed < 26; seed++)
    {
      g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
      g_autoptr(StrataDataset) ds = test_dense_links_dataset (rand, 18 + seed % 3 * 6, 6 + seed % 4,
                                                              0.01, 2, 0.1);
      g_autoptr(StrataLadder) ladder = NULL;

      memset (&_strata_ladder_stats, 0, sizeof _strata_ladder_stats);
      check_ladder (ds, seed % 2 ? STRATA_OBJECTIVE_CASH : STRATA_OBJECTIVE_EFFECTIVE, 64, seed);
      shared += _strata_ladder_stats.shared_steps;
      ladder = strata_ladder_new (ds, 64);
      for (guint f = 1; f < ladder->n_flips; f++)
        n_together += ladder->flips[f].volume == ladder->flips[f - 1].volume;
    }
  g_test_message ("%u flips at the volume of the one before, %" G_GUINT64_FORMAT
                  " steps read back", n_together, shared);
  g_assert_cmpuint (n_together, >, 10);
  g_assert_cmpuint (shared, >, 100);
}

/* The steps of one ladder's flips: every volume a bisection asked. */
static guint64
locate_steps (void)
{
  return _strata_ladder_stats.certified_steps + _strata_ladder_stats.full_steps +
         _strata_ladder_stats.shared_steps + _strata_ladder_stats.edge_steps +
         _strata_ladder_stats.group_steps;
}

/* On stacks of 32 layers and more, a flip's steps start a hair either
 * side of where its pair costs the same, then gallop away from there
 * (strata-ladder-locate.c, gallop_next ()): the same flips as the
 * oracle's, within its precision, with and without, and far fewer
 * steps with.  Stacks with dense links (a full optimum at many steps
 * next to a linked layer) and the benchmark's kind, under both
 * objectives. */
static void
test_gallop (void)
{
  guint64 steps[2] = { 0, 0 }, galloped = 0, full[2] = { 0, 0 };
  guint n_flips = 0;

  for (guint seed = 0; seed < 8; seed++)
    for (guint off = 0; off < 2; off++)
      {
        g_autoptr(GRand) rand = g_rand_new_with_seed (300 + seed);
        g_autoptr(StrataDataset) ds =
          seed % 2 ? test_dense_links_dataset (rand, 40 + seed * 2, 10, 0.01, 2, 0.1)
                   : bench_like_dataset (seed, 40 + 4 * seed, 5, 6, FALSE);
        StrataObjective objective = seed % 4 == 3 ? STRATA_OBJECTIVE_CASH
                                                  : STRATA_OBJECTIVE_EFFECTIVE;
        guint got;

        _strata_ladder_gallop_disabled = off;
        memset (&_strata_ladder_stats, 0, sizeof _strata_ladder_stats);
        got = check_ladder (ds, objective, 64, seed);
        _strata_ladder_gallop_disabled = FALSE;
        steps[off] += locate_steps ();
        full[off] += _strata_ladder_stats.full_steps;
        if (!off)
          {
            n_flips += got;
            galloped += _strata_ladder_stats.gallop_steps;
          }
      }
  g_test_message ("%u flips: %" G_GUINT64_FORMAT " steps (%" G_GUINT64_FORMAT
                  " full optima, %" G_GUINT64_FORMAT " galloping), %" G_GUINT64_FORMAT
                  " bisecting from the grid interval (%" G_GUINT64_FORMAT " full optima)",
                  n_flips, steps[0], full[0], galloped, steps[1], full[1]);
  g_assert_cmpuint (n_flips, >, 100);
  g_assert_cmpuint (galloped, >, 0);
  g_assert_cmpuint (3 * steps[0], <, steps[1]);
  g_assert_cmpuint (4 * full[0], <, 3 * full[1]);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/strata/ladder/oracle-random", test_random);
  g_test_add_func ("/strata/ladder/oracle-extreme", test_extreme);
  g_test_add_func ("/strata/ladder/oracle-wide", test_wide);
  g_test_add_func ("/strata/ladder/constant", test_constant);
  g_test_add_func ("/strata/ladder/pair-forward", test_pair_forward);
  g_test_add_func ("/strata/ladder/certificate", test_certificate);
  g_test_add_func ("/strata/ladder/segment", test_segment);
  g_test_add_func ("/strata/ladder/linked", test_linked);
  g_test_add_func ("/strata/ladder/linked-factor", test_linked_factor);
  g_test_add_func ("/strata/ladder/linked-together", test_linked_together);
  g_test_add_func ("/strata/ladder/group", test_group);
  g_test_add_func ("/strata/ladder/excursion", test_excursion);
  g_test_add_func ("/strata/ladder/narrow-band", test_narrow_band);
  g_test_add_func ("/strata/ladder/dense-scan", test_dense_scan);
  g_test_add_func ("/strata/ladder/tie-band", test_tie_band);
  g_test_add_func ("/strata/ladder/tie-band-short", test_tie_band_short);
  g_test_add_data_func ("/strata/ladder/pair-band", &pair_bands[0], test_pair_band);
  g_test_add_data_func ("/strata/ladder/pair-leave", &pair_bands[1], test_pair_band);
  g_test_add_data_func ("/strata/ladder/triple-leave", &pair_bands[3], test_pair_band);
  g_test_add_data_func ("/strata/ladder/triple-leave-long", &pair_bands[4], test_pair_band);
  g_test_add_data_func ("/strata/ladder/triple-linked-long", &pair_bands[5], test_pair_band);
  g_test_add_data_func ("/strata/ladder/pair-shared", &pair_bands[2], test_pair_band);
  g_test_add_func ("/strata/ladder/optimizer-parts", test_optimizer_parts);
  g_test_add_func ("/strata/ladder/breakeven-random", test_breakeven_random);
  g_test_add_func ("/strata/ladder/threads", test_threads);
  g_test_add_func ("/strata/ladder/gallop", test_gallop);

  return g_test_run ();
}

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

/* Sign changes of A - B over @n log-spaced points (zeros carry the last
 * nonzero sign); fills the brackets [lo, hi] of each. */
static guint
dense_scan (const StrataDataset  *ds,
            const StrataStrategy *a,
            const StrataStrategy *b,
            guint                 n,
            GArray               *brackets)
{
  g_autofree double *v = g_new (double, n);
  double last_v = 0;
  int last = 0;
  guint count = 0;

  strata_log_space (ds->volume_min, ds->volume_max, n, v);
  for (guint i = 0; i < n; i++)
    {
      int s = diff_sign (ds, a, b, v[i]);

      if (s == 0)
        continue;
      if (last != 0 && s != last)
        {
          double br[2] = { last_v, v[i] };
          g_array_append_vals (brackets, br, 2);
          count++;
        }
      last = s;
      last_v = v[i];
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
  g_autoptr(GArray) crossings = strata_breakeven (ds, a, b);
  g_autoptr(GArray) brackets = g_array_new (FALSE, FALSE, sizeof (double));
  guint count = dense_scan (ds, a, b, n_dense, brackets);

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
 * crosses one; it does equal it where that strategy is optimal. */
static void
test_optimal_side (void)
{
  g_autoptr(StrataDataset) ds = crossing_dataset (0.5);
  const StrataStrategy *optimal = strata_dataset_find_strategy (ds, "optimal");
  g_autoptr(GArray) with_a = strata_breakeven (ds, optimal, &ds->strategies[0]);
  g_autoptr(GArray) with_b = strata_breakeven (ds, &ds->strategies[1], optimal);
  g_autoptr(GArray) self = strata_breakeven (ds, optimal, optimal);

  g_assert_cmpuint (with_a->len, ==, 0);
  g_assert_cmpuint (with_b->len, ==, 0);
  g_assert_cmpuint (self->len, ==, 0);
  check_pair (ds, optimal, &ds->strategies[0], 200000, "optimal");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/strata/breakeven/one-crossing", test_one_crossing);
  g_test_add_func ("/strata/breakeven/two-crossings", test_two_crossings);
  g_test_add_func ("/strata/breakeven/three-crossings-floor", test_three_crossings_floor);
  g_test_add_func ("/strata/breakeven/close-pair", test_close_pair);
  g_test_add_func ("/strata/breakeven/no-crossing", test_no_crossing);
  g_test_add_func ("/strata/breakeven/optimal-side", test_optimal_side);
  g_test_add_func ("/strata/breakeven/random", test_random);
  g_test_add_func ("/strata/breakeven/random-optimal", test_random_optimal);

  return g_test_run ();
}

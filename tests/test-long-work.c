/* test-long-work.c: the ladder and break-even can be cancelled, report
 * their progress, and remember costs without changing an answer
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "../app/core/strata-breakeven-private.h"
#include "../app/core/strata-model-private.h"
#include "strata-test-util.h"

/* The generated dataset of tests/bench/bench-ladder.c. */
static StrataDataset *
generated (guint32 seed,
           guint   n_layers,
           guint   n_options,
           guint   n_linked)
{
  return test_generated_dataset (seed, n_layers, n_options, n_linked, FALSE);
}

typedef struct
{
  GCancellable *cancellable;
  guint         n_reports;
  double        first;         /* the first fraction reported */
  double        last;          /* the last */
  gboolean      cancel;        /* cancel at the first report */
  gboolean      went_back;
} Progress;

static void
progress_cb (double   fraction,
             gpointer data)
{
  Progress *p = data;

  if (p->n_reports == 0)
    p->first = fraction;
  if (fraction < p->last)
    p->went_back = TRUE;
  p->last = fraction;
  p->n_reports++;
  g_assert_true (fraction >= 0 && fraction <= 1);
  if (p->cancel)
    g_cancellable_cancel (p->cancellable);
}

/* A ladder of a large dataset cancelled at its first progress report
 * (after its first grid point) stops there: no result, G_IO_ERROR_CANCELLED,
 * and nothing reported after (it did not go on solving).  Not cancelled,
 * it reports fractions that only grow and end at 1, and gives the same
 * ladder as strata_ladder_new_full (). */
static void
test_ladder_cancel (void)
{
  g_autoptr(StrataDataset) ds = generated (3, 256, 16, 6);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(StrataLadder) cancelled = NULL;
  g_autoptr(StrataLadder) full = NULL;
  g_autoptr(StrataLadder) plain = NULL;
  Progress p = { cancellable, 0, 0, 0, TRUE, FALSE };
  Progress q = { NULL, 0, 0, 0, FALSE, FALSE };

  /* On one thread the first report is the first interval's. */
  _strata_ladder_set_threads (1);
  cancelled = strata_ladder_new_cancellable (ds, STRATA_OBJECTIVE_EFFECTIVE, 192, cancellable,
                                             progress_cb, &p, &error);
  _strata_ladder_set_threads (0);
  g_assert_null (cancelled);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (p.n_reports, ==, 1);
  g_assert_cmpfloat (p.first, ==, 1.0 / 191);
  g_clear_error (&error);

  /* On every thread the caller's thread reports the intervals done on
   * all of them: by its first report the others may have done a few (2
   * of 191 under CI's sanitizers) or, when the machine's scheduler
   * leaves the caller waiting, many more (above 19 in 1 run of 30 beside
   * valgrind, 2026-12-04): how many is the scheduler's.  What holds is
   * that it stops there, before the end. */
  g_cancellable_reset (cancellable);
  memset (&p, 0, sizeof p);
  p.cancellable = cancellable;
  p.cancel = TRUE;
  cancelled = strata_ladder_new_cancellable (ds, STRATA_OBJECTIVE_EFFECTIVE, 192, cancellable,
                                             progress_cb, &p, &error);
  g_assert_null (cancelled);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (p.n_reports, ==, 1);
  g_assert_cmpfloat (p.first, <, 1.0);
  g_clear_error (&error);

  /* Cancelled before it starts: no work at all. */
  g_assert_null (strata_ladder_new_cancellable (ds, STRATA_OBJECTIVE_CASH, 64, cancellable, NULL,
                                                NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  full = strata_ladder_new_cancellable (ds, STRATA_OBJECTIVE_EFFECTIVE, 24, NULL, progress_cb, &q,
                                        &error);
  g_assert_no_error (error);
  g_assert_nonnull (full);
  g_assert_false (q.went_back);
  g_assert_cmpfloat (q.last, ==, 1.0);
  plain = strata_ladder_new_full (ds, STRATA_OBJECTIVE_EFFECTIVE, 24);
  g_assert_cmpuint (full->n_flips, ==, plain->n_flips);
  g_assert_cmpint (memcmp (full->choices, plain->choices, sizeof (guint) * 24 * ds->n_layers), ==, 0);
  g_assert_cmpint (memcmp (full->costs, plain->costs, sizeof (double) * 24), ==, 0);
  for (guint f = 0; f < full->n_flips; f++)
    {
      g_assert_cmpuint (full->flips[f].layer, ==, plain->flips[f].layer);
      g_assert_cmpint (memcmp (&full->flips[f].volume, &plain->flips[f].volume, sizeof (double)), ==, 0);
      g_assert_cmpuint (full->flips[f].from_option, ==, plain->flips[f].from_option);
      g_assert_cmpuint (full->flips[f].to_option, ==, plain->flips[f].to_option);
    }
}

/* Break-even against Optimal on a large dataset (an exact optimum at
 * every one of 4096 scan volumes), cancelled at its first report: no
 * result, G_IO_ERROR_CANCELLED, nothing reported after.  (The optimum
 * is clear of All neutral here, which the break-even shows at once
 * without its scan: the scan is asked for.) */
static void
test_breakeven_cancel (void)
{
  g_autoptr(StrataDataset) ds = generated (5, 256, 16, 6);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  const StrataStrategy *optimal = strata_dataset_find_strategy (ds, STRATA_STRATEGY_OPTIMAL);
  const StrataStrategy *neutral = strata_dataset_find_strategy (ds, STRATA_STRATEGY_ALL_NEUTRAL);
  g_autoptr(StrataCostMemo) memo = strata_cost_memo_new (ds, STRATA_OBJECTIVE_EFFECTIVE);
  StrataBreakeven *found;
  Progress p = { cancellable, 0, 0, 0, TRUE, FALSE };

  _strata_breakeven_set_apart (FALSE);
  found = strata_breakeven_find_full (ds, optimal, neutral, STRATA_OBJECTIVE_EFFECTIVE, 0, 0, 0, memo,
                                      cancellable, progress_cb, &p, &error);
  _strata_breakeven_set_apart (TRUE);
  g_assert_null (found);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (p.n_reports, ==, 1);
  g_assert_cmpfloat (p.first, <, 0.1);
}

static void
assert_same_breakeven (const StrataBreakeven *x,
                       const StrataBreakeven *y)
{
  g_assert_cmpint (x->verdict, ==, y->verdict);
  g_assert_cmpuint (x->crossings->len, ==, y->crossings->len);
  g_assert_cmpuint (x->equal->len, ==, y->equal->len);
  for (guint k = 0; k < x->crossings->len; k++)
    {
      const StrataCrossing *a = &g_array_index (x->crossings, StrataCrossing, k);
      const StrataCrossing *b = &g_array_index (y->crossings, StrataCrossing, k);

      g_assert_cmpint (memcmp (&a->volume, &b->volume, sizeof (double)), ==, 0);
      g_assert_cmpuint (a->cheaper_above, ==, b->cheaper_above);
    }
  /* An empty GArray's data may be NULL, which memcmp must never see. */
  if (x->equal->len > 0)
    g_assert_cmpint (memcmp (x->equal->data, y->equal->data,
                             sizeof (StrataEqualStretch) * x->equal->len), ==, 0);
}

/* The memo changes no answer, to the last bit: a custom strategy flipped
 * layer after layer against Optimal and the presets (as the cost-curves
 * view does after every flip), with one memo for all of them, gives the
 * break-evens found without one; its costs are strata_strategy_cost ()'s. */
static void
test_memo_same_answers (void)
{
  for (guint32 seed = 1; seed <= 12; seed++)
    {
      g_autoptr(StrataDataset) ds = generated (seed, 6 + seed % 5, 2 + seed % 4, seed % 3 == 0 ? 0 : 4);
      StrataObjective objective = seed % 2 ? STRATA_OBJECTIVE_EFFECTIVE : STRATA_OBJECTIVE_CASH;
      g_autoptr(StrataCostMemo) memo = strata_cost_memo_new (ds, objective);
      g_autofree guint *choices = g_new0 (guint, ds->n_layers);
      StrataStrategy custom = { .id = (char *) "custom", .name = (char *) "Custom", .choices = choices };

      strata_optimize_full (ds, objective, ds->volume_default, choices);
      for (guint flip = 0; flip < 2 * ds->n_layers; flip++)
        {
          guint layer = flip % ds->n_layers;

          choices[layer] = (choices[layer] + 1 + flip / ds->n_layers) % ds->layers[layer].n_options;
          for (guint s = 0; s < STRATA_N_PRESETS; s++)
            {
              const StrataStrategy *other = &ds->strategies[s];
              g_autoptr(StrataBreakeven) with = NULL;
              g_autoptr(StrataBreakeven) without = NULL;
              g_autoptr(GError) error = NULL;
              guint n_scan = flip % 3 == 0 ? 0 : 256;

              with = strata_breakeven_find_full (ds, &custom, other, objective, 0, 0, n_scan, memo,
                                                 NULL, NULL, NULL, &error);
              g_assert_no_error (error);
              without = strata_breakeven_find (ds, &custom, other, objective, 0, 0, n_scan);
              assert_same_breakeven (with, without);
            }
          for (guint k = 0; k < 16; k++)
            {
              double v = ds->volume_min * pow (ds->volume_max / ds->volume_min, k / 15.0);
              const StrataStrategy *optimal = &ds->strategies[2];
              double a = strata_cost_memo_cost (memo, optimal, v);
              double b = strata_strategy_cost (ds, optimal, objective, v);

              g_assert_cmpint (memcmp (&a, &b, sizeof a), ==, 0);
              a = strata_cost_memo_cost (memo, &custom, v);
              b = strata_strategy_cost (ds, &custom, objective, v);
              g_assert_cmpint (memcmp (&a, &b, sizeof a), ==, 0);
            }
        }
    }
}

/* A memo of another dataset or objective is not used (the answer is the
 * plain one). */
static void
test_memo_mismatch (void)
{
  g_autoptr(StrataDataset) ds = generated (8, 8, 3, 4);
  g_autoptr(StrataDataset) other = generated (9, 8, 3, 4);
  g_autoptr(StrataCostMemo) memo = strata_cost_memo_new (other, STRATA_OBJECTIVE_EFFECTIVE);
  g_autoptr(StrataCostMemo) cash = strata_cost_memo_new (ds, STRATA_OBJECTIVE_CASH);
  const StrataStrategy *optimal = strata_dataset_find_strategy (ds, STRATA_STRATEGY_OPTIMAL);
  const StrataStrategy *neutral = strata_dataset_find_strategy (ds, STRATA_STRATEGY_ALL_NEUTRAL);
  g_autoptr(StrataBreakeven) plain = strata_breakeven_find (ds, optimal, neutral, STRATA_OBJECTIVE_EFFECTIVE,
                                                            0, 0, 0);
  g_autoptr(StrataBreakeven) x = NULL;
  g_autoptr(StrataBreakeven) y = NULL;

  /* Fill the memos with the other dataset's and objective's costs. */
  x = strata_breakeven_find_full (other, optimal, neutral, STRATA_OBJECTIVE_EFFECTIVE, 0, 0, 0, memo,
                                  NULL, NULL, NULL, NULL);
  g_clear_pointer (&x, strata_breakeven_free);
  y = strata_breakeven_find_full (ds, optimal, neutral, STRATA_OBJECTIVE_CASH, 0, 0, 0, cash,
                                  NULL, NULL, NULL, NULL);
  g_clear_pointer (&y, strata_breakeven_free);

  x = strata_breakeven_find_full (ds, optimal, neutral, STRATA_OBJECTIVE_EFFECTIVE, 0, 0, 0, memo,
                                  NULL, NULL, NULL, NULL);
  y = strata_breakeven_find_full (ds, optimal, neutral, STRATA_OBJECTIVE_EFFECTIVE, 0, 0, 0, cash,
                                  NULL, NULL, NULL, NULL);
  assert_same_breakeven (x, plain);
  assert_same_breakeven (y, plain);
}

/* The memo past its sizes: more volumes than a cost table holds before it
 * starts again (2^18) and than the variable bases kept per layer (2^20
 * layer-volumes), with the strategy flipped every few hundred volumes and
 * an earlier strategy asked in between (its bases are partly another's):
 * every cost is strata_strategy_cost ()'s to the last bit. */
static void
test_memo_many_volumes (void)
{
  g_autoptr(StrataDataset) ds = generated (23, 5, 4, 3);
  g_autoptr(StrataCostMemo) memo = strata_cost_memo_new (ds, STRATA_OBJECTIVE_EFFECTIVE);
  g_autofree guint *choices = g_new0 (guint, ds->n_layers);
  g_autofree guint *earlier = g_new0 (guint, ds->n_layers);
  StrataStrategy custom = { .id = (char *) "custom", .name = (char *) "Custom", .choices = choices };
  StrataStrategy before = { .id = (char *) "before", .name = (char *) "Before", .choices = earlier };
  const guint n = 300000;

  for (guint k = 0; k < n; k++)
    {
      /* One strategy at 280,000 volumes, then flipped every 397 at
       * volumes asked at the start. */
      double v = ds->volume_min * pow (ds->volume_max / ds->volume_min, (k % 280000) / (double) n);
      double a, b;

      if (k >= 270000 && k % 397 == 0)
        {
          guint layer = (k / 397) % ds->n_layers;

          memcpy (earlier, choices, sizeof (guint) * ds->n_layers);
          choices[layer] = (choices[layer] + 1) % ds->layers[layer].n_options;
        }
      a = strata_cost_memo_cost (memo, &custom, v);
      b = strata_strategy_cost (ds, &custom, STRATA_OBJECTIVE_EFFECTIVE, v);
      g_assert_cmpint (memcmp (&a, &b, sizeof a), ==, 0);
      if (k % 7 == 0)
        {
          a = strata_cost_memo_cost (memo, &before, v);
          b = strata_strategy_cost (ds, &before, STRATA_OBJECTIVE_EFFECTIVE, v);
          g_assert_cmpint (memcmp (&a, &b, sizeof a), ==, 0);
        }
    }
}

/* The cost memo's per-strategy layout (_strata_objective_unit_cost_layout
 * (), strata-model.c) repeats objective_cost_internal ()'s sums for
 * speed: on random datasets (links, cycles, boundary costs, floors,
 * ties), random choices, both objectives, volumes from far below the
 * range to far above it, with and without the variable bases known
 * from an earlier call, its cost is strata_objective_unit_cost ()'s to
 * the last bit. */
static void
test_cost_layout (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (1517);

  for (guint t = 0; t < 300; t++)
    {
      g_autoptr(StrataDataset) ds = test_random_dataset (rand, 9, 5);
      guint n = ds->n_layers;
      g_autofree guint *choices = g_new (guint, n);
      g_autofree guint *known = g_new (guint, n);
      g_autofree double *bases = g_new (double, n);
      StrataCostLayout *layout;

      for (guint i = 0; i < n; i++)
        choices[i] = (guint) g_rand_int_range (rand, 0, (gint32) ds->layers[i].n_options);
      layout = _strata_cost_layout_new (ds, choices);
      g_assert_true (_strata_cost_layout_is (layout, choices));
      for (guint k = 0; k < 40; k++)
        {
          double v = ds->volume_min * 1e-3 *
                     pow (ds->volume_max / ds->volume_min * 1e6, g_rand_double (rand));
          StrataObjective objective = k % 2 ? STRATA_OBJECTIVE_CASH : STRATA_OBJECTIVE_EFFECTIVE;
          double want = strata_objective_unit_cost (ds, choices, objective, v);
          double got;

          /* Nothing known, then everything known from that call. */
          for (guint i = 0; i < n; i++)
            known[i] = G_MAXUINT;
          got = _strata_objective_unit_cost_layout (layout, objective, v, known, bases, k % 4 < 2);
          g_assert_cmpint (memcmp (&got, &want, sizeof got), ==, 0);
          got = _strata_objective_unit_cost_layout (layout, objective, v, known, bases, FALSE);
          g_assert_cmpint (memcmp (&got, &want, sizeof got), ==, 0);
        }
      _strata_cost_layout_free (layout);
    }
}

/* strata_cost_memo_costs () gives, at every volume asked (in any order,
 * repeated, some known before, beyond the range), the very doubles of
 * strata_strategy_cost (): the optimum's solved in one plan, each from the
 * last, on random datasets (ties, cycles of links), generated ones and
 * densely linked ones. */
static void
assert_batch_costs (StrataDataset   *ds,
                    StrataObjective  objective,
                    GRand           *rand)
{
  g_autoptr(StrataCostMemo) memo = strata_cost_memo_new (ds, objective);
  const StrataStrategy *optimal = strata_dataset_find_strategy (ds, STRATA_STRATEGY_OPTIMAL);
  const guint n = 160;
  double volumes[160], costs[160];

  for (guint k = 0; k < n; k++)
    {
      double t = g_rand_double (rand);

      volumes[k] = ds->volume_min * pow (ds->volume_max / ds->volume_min, t);
      if (k % 5 == 0)
        volumes[k] = ds->volume_min * pow (ds->volume_max / ds->volume_min, k / (n - 1.0));
      if (k % 17 == 3)
        volumes[k] = volumes[k / 2];
      if (k == 13)
        volumes[k] = ds->volume_max * 1e3;
    }
  /* A few known before. */
  for (guint k = 0; k < n; k += 23)
    strata_cost_memo_cost (memo, optimal, volumes[k]);
  for (guint s = 0; s < ds->n_strategies; s++)
    {
      const StrataStrategy *strategy = &ds->strategies[s];

      strata_cost_memo_costs (memo, strategy, volumes, n, costs);
      for (guint k = 0; k < n; k++)
        {
          double b = strata_strategy_cost (ds, strategy, objective, volumes[k]);

          g_assert_cmpint (memcmp (&costs[k], &b, sizeof b), ==, 0);
        }
    }
}

static void
test_memo_costs_batch (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (4242);

  for (guint round = 0; round < 60; round++)
    {
      g_autoptr(StrataDataset) ds = NULL;

      if (round % 3 == 0)
        ds = test_random_dataset (rand, 8, 4);
      else if (round % 3 == 1)
        ds = generated (round, 6 + round % 20, 2 + round % 7, round % 4 == 1 ? 0 : 2 + round % 9);
      else
        ds = test_dense_links_dataset (rand, 6 + round % 6, 4 + round % 3, 0.5, round % 3,
                                       0.3 + 0.1 * (round % 5));
      assert_batch_costs (ds, round % 2 ? STRATA_OBJECTIVE_CASH : STRATA_OBJECTIVE_EFFECTIVE, rand);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/strata/long-work/ladder-cancel", test_ladder_cancel);
  g_test_add_func ("/strata/long-work/cost-layout", test_cost_layout);
  g_test_add_func ("/strata/long-work/breakeven-cancel", test_breakeven_cancel);
  g_test_add_func ("/strata/long-work/memo-same-answers", test_memo_same_answers);
  g_test_add_func ("/strata/long-work/memo-mismatch", test_memo_mismatch);
  g_test_add_func ("/strata/long-work/memo-many-volumes", test_memo_many_volumes);
  g_test_add_func ("/strata/long-work/memo-costs-batch", test_memo_costs_batch);

  return g_test_run ();
}

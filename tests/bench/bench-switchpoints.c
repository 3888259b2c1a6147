/* bench-switchpoints.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <strata/strata-horizon.h>
#include <strata/strata-switchpoints.h>

#include "../../app/core/strata-switchpoints-private.h"
#include "strata-test-util.h"

/*
 * Switch points (MODEL.md 6, "what would have to be true") of every
 * number of generated stacks at one volume, for each decision the app's
 * Uncertainty view and `strata-cli switchpoints` can ask: the optimum's
 * choices; which of two fixed strategies is cheaper (All neutral against
 * All integrated); a fixed strategy against Optimal (All neutral, and
 * the optimum's own choices at that volume as a strategy of their own,
 * the two as cheap today); and the sign of savings_npv of adopting All
 * integrated or Optimal now against All neutral, over a horizon of ten
 * years growing 35 % a year from the volume (MODEL.md 8).  Wall time of
 * strata_switch_points_find () (and _find_savings ()), which walk the
 * fields on every core; median of the runs.  Usage:
 *   bench-switchpoints [--runs N] [--quick (the stacks up to 128 x 8)]
 *                      [--only LABEL (one stack, e.g. "512 x 64")]
 *                      [--volume V (default 1e8)]
 *                      [--kind K (one of the six, 0-5, in the order printed)]
 */

static int runs = 3;
static gboolean quick;
static const char *only;
static int kind = -1;
static double volume = 1e8;

static double
median (double *v,
        int     n)
{
  qsort (v, (size_t) n, sizeof (double), strata_compare_doubles);
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

/* The median wall time of @runs finds, in ms; the switches of the last
 * in @n_switches.  @savings: of adopting @a now (@b unused). */
static double
find_ms (const StrataDataset  *ds,
         const StrataStrategy *a,
         const StrataStrategy *b,
         gboolean              savings,
         guint                *n_switches,
         guint                *n_decisions)
{
  g_autofree double *walls = g_new (double, runs);
  guint at_ends = 0;

  for (int r = 0; r < runs; r++)
    {
      g_autoptr(GError) error = NULL;
      gint64 start = (_strata_switch_points_take_decisions (NULL), g_get_monotonic_time ());
      StrataSwitchPoints *points =
        savings ? strata_switch_points_find_savings (ds, STRATA_OBJECTIVE_EFFECTIVE, a, &error)
                : strata_switch_points_find (ds, volume, STRATA_OBJECTIVE_EFFECTIVE, a, b, &error);

      walls[r] = (g_get_monotonic_time () - start) / 1e3;
      *n_decisions = _strata_switch_points_take_decisions (&at_ends);
      if (g_getenv ("BENCH_ENDS") != NULL)
        printf ("    (%u at walks' ends)\n", at_ends);
      if (points == NULL)
        g_error ("%s", error->message);
      *n_switches = points->switches->len;
      strata_switch_points_free (points);
    }
  return median (walls, runs);
}

static void
bench_size (const char *label,
            guint       n_layers,
            guint       n_options,
            guint       n_linked,
            gboolean    in_quick)
{
  g_autoptr(StrataDataset) ds = NULL;
  g_autofree guint *own = NULL;
  StrataStrategy pinned = { 0 };
  const StrataStrategy *neutral, *integrated, *optimal;
  const char *names[6] = { "the optimum", "All neutral vs All integrated", "All neutral vs Optimal",
                           "the optimum's choices vs Optimal", "savings_npv, adopting All integrated",
                           "savings_npv, adopting Optimal" };
  StrataHorizon *h = g_new0 (StrataHorizon, 1);
  guint n_fields = 0;

  if ((only != NULL && !g_str_equal (only, label)) || (quick && !in_quick))
    return;
  ds = test_generated_dataset (1, n_layers, n_options, n_linked, FALSE);
  neutral = strata_dataset_find_strategy (ds, STRATA_STRATEGY_ALL_NEUTRAL);
  integrated = strata_dataset_find_strategy (ds, STRATA_STRATEGY_ALL_INTEGRATED);
  optimal = strata_dataset_find_strategy (ds, STRATA_STRATEGY_OPTIMAL);
  own = g_new (guint, ds->n_layers);
  strata_optimize_full (ds, STRATA_OBJECTIVE_EFFECTIVE, volume, own);
  pinned.id = (char *) "pinned";
  pinned.choices = own;
  for (guint l = 0; l < ds->n_layers; l++)
    n_fields += ds->layers[l].n_options;
  h->first_year = 2026;
  h->years = 10;
  h->discount_rate = test_number (0.09);
  h->volume_first = test_number (volume);
  h->volume_growth = test_number (0.35);
  h->start = g_strdup (STRATA_STRATEGY_ALL_NEUTRAL);
  h->learning = STRATA_LEARNING_ANNUAL;
  ds->horizon = h;
  printf ("%s (links among %u, %u options), at %g:\n", label, n_linked, n_fields, volume);
  for (guint k = 0; k < 6; k++)
    {
      const StrataStrategy *a[6] = { NULL, neutral, neutral, &pinned, integrated, optimal };
      const StrataStrategy *b[6] = { NULL, integrated, optimal, optimal, NULL, NULL };
      guint n_switches = 0, n_decisions = 0;
      double ms;

      if (kind >= 0 && (guint) kind != k)
        continue;
      ms = find_ms (ds, a[k], b[k], k >= 4, &n_switches, &n_decisions);

      printf ("  %-38s %10.1f ms  %6u switches  %7u decisions\n", names[k], ms, n_switches, n_decisions);
      fflush (stdout);
    }
}

int
main (int   argc,
      char *argv[])
{
  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--runs") && i + 1 < argc)
        {
          int n = atoi (argv[++i]);

          runs = MAX (1, n);
        }
      else if (g_str_equal (argv[i], "--quick"))
        quick = TRUE;
      else if (g_str_equal (argv[i], "--only") && i + 1 < argc)
        only = argv[++i];
      else if (g_str_equal (argv[i], "--volume") && i + 1 < argc)
        volume = g_ascii_strtod (argv[++i], NULL);
      else if (g_str_equal (argv[i], "--kind") && i + 1 < argc)
        kind = atoi (argv[++i]);
      else
        {
          fprintf (stderr, "usage: %s [--runs N] [--quick] [--only LABEL] [--volume V] [--kind 0-5]\n", argv[0]);
          return 2;
        }
    }
  if (!(volume > 0 && isfinite (volume)))
    {
      fprintf (stderr, "%s: --volume must be above 0\n", argv[0]);
      return 2;
    }
  bench_size ("8 x 3", 8, 3, 0, TRUE);
  bench_size ("128 x 8", 128, 8, 6, TRUE);
  bench_size ("512 x 64", 512, 64, 10, FALSE);
  bench_size ("1000 x 40", 1000, 40, 20, FALSE);
  bench_size ("16 x 1024", 16, 1024, 8, FALSE);
  return 0;
}

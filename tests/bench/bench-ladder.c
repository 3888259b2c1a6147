/* bench-ladder.c
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
#include <time.h>

#include <cairo.h>
#include <strata/strata-chart.h>

#include "../../app/core/strata-model-private.h"
#include "strata-test-util.h"

/*
 * The integration ladder and break-even against the optimal preset
 * (issue 15), beside one exact optimum on the same dataset, each also
 * with the optimizer's volume windows turned off (the same answers).
 * Times are process CPU time, median of the runs, each run one call of
 * each in turn; then each repeated back to back (warm caches).  Usage:
 *   bench-ladder [--runs N] [--quick] [--flip (the flip only)]
 *                [--only LABEL (one dataset, e.g. "512 x 64", or
 *                 "60 x 2-3, dense links among 20": 380 links)]
 *                [--threads N (the ladder's threads; default: as the app)]
 *                [--no-repeat (no calls back to back: one ladder a run,
 *                 for counting its instructions)]
 */

static int runs = 5;
static gboolean quick, flip_only, no_repeat;
static const char *only;

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y ? 1 : 0;
}

static double
median (double *v,
        int     n)
{
  qsort (v, (size_t) n, sizeof (double), compare_doubles);
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

/* Process CPU time: the machine this runs on is shared, and the work is
 * on one thread, so CPU time is the figure that compares (wall time
 * under load is mostly waiting for a processor). */
static double
now_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Wall time: the ladder runs on every core when large. */
static double
wall_ms (void)
{
  return g_get_monotonic_time () / 1e3;
}

/* The generated dataset of the long-work tests (test_generated_dataset ()). */
static StrataDataset *
bench_dataset (guint32  seed,
               guint    n_layers,
               guint    n_options,
               guint    n_linked,
               gboolean constant)
{
  return test_generated_dataset (seed, n_layers, n_options, n_linked, constant);
}

typedef struct
{
  double optimum;
  double ladder64;
  double ladder64_wall;
  double ladder512;
  double floor64;        /* the learning curves of its rows alone */
  double breakeven;
  double optimum_warm;   /* repeated back to back: caches warm */
  double ladder64_warm;  /* the same, CPU time */
  double ladder64_warm_wall;
  guint  n_flips;
  guint  n_crossings;
  StrataLadderStats stats;  /* of the 64-point ladder */
} Figures;

/* A floor under any exact ladder, however it finds its rows: each of
 * its 64 rows comes with its cost, the objective's cost of the row's
 * strategy at the row's volume (the same doubles as strata_evaluate ()),
 * and that needs the learning curve of every integrated option in the
 * row, pow () at the row's volume (strata-model-private.h).  Those calls
 * alone, timed (repeated: a few microseconds on a short stack).  One
 * optimum needs each integrated option's curve once, at its volume. */
#define FLOOR_REPS 64

static double
curves_floor_ms (const StrataDataset *ds,
                 const StrataLadder  *ladder)
{
  volatile double sink = 0;
  double t0 = now_ms ();

  for (int rep = 0; rep < FLOOR_REPS; rep++)
    for (guint p = 0; p < ladder->n_points; p++)
      {
        const guint *row = ladder->choices + (gsize) p * ds->n_layers;
        double s = 0;

        for (guint i = 0; i < ds->n_layers; i++)
          {
            const StrataOption *o = &ds->layers[i].options[row[i]];

            if (o->mode == STRATA_MODE_INTEGRATED && o->learning_rate.value != 0.0 &&
                o->unit_cost.value != 0.0)
              s += pow (ladder->volumes[p] / o->reference_volume.value,
                        option_learning_exponent (o));
          }
        sink += s;
      }
  (void) sink;
  return (now_ms () - t0) / FLOOR_REPS;
}

/* One optimum and one 64-point ladder each repeated back to back for
 * about @budget_ms of CPU (at least 3 times), the time of one: what a
 * benchmark that loops sees.  The first figures of measure () are single
 * calls, one of each in turn, as an app makes them (the optimum's cold
 * caches weigh most on short stacks, where one takes microseconds). */
#define WARM_BUDGET_MS 40.0

static void
measure_warm (const StrataDataset *ds,
              Figures             *fig)
{
  g_autofree guint *choices = g_new (guint, ds->n_layers);
  double t0, w0;
  int n = 0;

  /* The clock is read between batches that double (reading it costs
   * about a microsecond, a third of one optimum on a short stack). */
  t0 = now_ms ();
  for (int batch = 1; n < 3 || now_ms () - t0 < WARM_BUDGET_MS; batch *= 2)
    for (int k = 0; k < batch; k++, n++)
      {
        double volume = ds->volume_min * pow (ds->volume_max / ds->volume_min, (n % 17 + 0.5) / 17);

        strata_optimize (ds, volume, choices);
      }
  fig->optimum_warm = (now_ms () - t0) / n;

  n = 0;
  t0 = now_ms ();
  w0 = wall_ms ();
  for (int batch = 1; n < 3 || now_ms () - t0 < WARM_BUDGET_MS; batch *= 2)
    for (int k = 0; k < batch; k++, n++)
      {
        g_autoptr(StrataLadder) ladder = strata_ladder_new (ds, 64);
      }
  fig->ladder64_warm = (now_ms () - t0) / n;
  fig->ladder64_warm_wall = (wall_ms () - w0) / n;
}

static void
measure (const StrataDataset *ds,
         Figures             *fig)
{
  const StrataStrategy *optimal = strata_dataset_find_strategy (ds, STRATA_STRATEGY_OPTIMAL);
  const StrataStrategy *neutral = strata_dataset_find_strategy (ds, STRATA_STRATEGY_ALL_NEUTRAL);
  g_autofree double *t_opt = g_new (double, runs);
  g_autofree double *t_l64 = g_new (double, runs);
  g_autofree double *w_l64 = g_new (double, runs);
  g_autofree double *t_l512 = g_new (double, runs);
  g_autofree double *t_be = g_new (double, runs);
  g_autofree double *t_floor = g_new (double, runs);
  g_autofree guint *choices = g_new (guint, ds->n_layers);

  for (int r = 0; r < runs; r++)
    {
      double t0 = now_ms (), w0;
      double volume = ds->volume_min * pow (ds->volume_max / ds->volume_min, (r + 0.5) / runs);

      strata_optimize (ds, volume, choices);
      t_opt[r] = now_ms () - t0;

      memset (&_strata_ladder_stats, 0, sizeof _strata_ladder_stats);
      t0 = now_ms ();
      w0 = wall_ms ();
      {
        g_autoptr(StrataLadder) ladder = strata_ladder_new (ds, 64);
        fig->n_flips = ladder->n_flips;
        t_l64[r] = now_ms () - t0;
        w_l64[r] = wall_ms () - w0;
        t_floor[r] = curves_floor_ms (ds, ladder);
      }
      fig->stats = _strata_ladder_stats;

      if (!quick)
        {
          t0 = now_ms ();
          {
            g_autoptr(StrataLadder) ladder = strata_ladder_new (ds, 512);
          }
          t_l512[r] = now_ms () - t0;

          t0 = now_ms ();
          {
            g_autoptr(StrataBreakeven) be =
              strata_breakeven_find (ds, optimal, neutral, STRATA_OBJECTIVE_EFFECTIVE, 0, 0, 0);
            fig->n_crossings = be->crossings->len;
          }
          t_be[r] = now_ms () - t0;
        }
      else
        t_l512[r] = t_be[r] = NAN;
    }
  fig->optimum = median (t_opt, runs);
  fig->ladder64 = median (t_l64, runs);
  fig->ladder64_wall = median (w_l64, runs);
  fig->ladder512 = median (t_l512, runs);
  fig->floor64 = median (t_floor, runs);
  fig->breakeven = median (t_be, runs);
  if (no_repeat)
    fig->optimum_warm = fig->ladder64_warm = fig->ladder64_warm_wall = NAN;
  else
    measure_warm (ds, fig);
}

static void bench_report (const char          *label,
                          const StrataDataset *ds,
                          gboolean             before);

static void
bench_size (const char *label,
            guint       n_layers,
            guint       n_options,
            guint       n_linked,
            gboolean    constant,
            gboolean    before)
{
  g_autoptr(StrataDataset) ds = NULL;

  if (only != NULL && !g_str_equal (only, label))
    return;
  ds = bench_dataset (42, n_layers, n_options, n_linked, constant);
  bench_report (label, ds, before);
}

/* The figures of a dataset file (--dataset FILE, repeatable): the
 * bundled samples, or a user's stack. */
static void
bench_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StrataDataset) ds = strata_dataset_load_file (path, &error);
  g_autofree char *label = g_path_get_basename (path);

  if (ds == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return;
    }
  bench_report (label, ds, FALSE);
}

static void
bench_report (const char          *label,
              const StrataDataset *ds,
              gboolean             before)
{
  Figures now = { 0 }, old = { 0 };

  measure (ds, &now);
  printf ("%-34s optimum %8.2f ms | ladder 64 %8.1f ms (%5.1fx the optimum, %u flips;"
          " wall %.1f ms, %.1fx)"
          " | ladder 512 %8.1f ms | break-even vs optimal %8.1f ms (%u crossings)\n",
          label, now.optimum, now.ladder64, now.ladder64 / now.optimum, now.n_flips,
          now.ladder64_wall, now.ladder64_wall / now.optimum,
          now.ladder512, now.breakeven, now.n_crossings);
  printf ("%-34s repeated back to back (warm caches): optimum %.4f ms | ladder 64 %.3f ms"
          " (%.1fx the optimum; wall %.3f ms, %.1fx)\n", "", now.optimum_warm,
          now.ladder64_warm, now.ladder64_warm / now.optimum_warm, now.ladder64_warm_wall,
          now.ladder64_warm_wall / now.optimum_warm);
  printf ("%-34s the floor of any exact 64-point ladder (its rows' learning curves, pow () alone):"
          " %.3f ms, %.1fx the optimum\n", "", now.floor64, now.floor64 / now.optimum);
  printf ("%-34s flip steps: %" G_GUINT64_FORMAT " certified (%" G_GUINT64_FORMAT
          " by a segment, %" G_GUINT64_FORMAT " by the flip's pair (%" G_GUINT64_FORMAT
          " told without a sum), %" G_GUINT64_FORMAT
          " of linked layers, %" G_GUINT64_FORMAT
          " with the neighbour below in either mode, %"
          G_GUINT64_FORMAT " with the neighbours' modes over the bracket), %"
          G_GUINT64_FORMAT
          " full optima (%" G_GUINT64_FORMAT " a neighbour, %" G_GUINT64_FORMAT " a tie, %"
          G_GUINT64_FORMAT " a linked layer's mode; %" G_GUINT64_FORMAT
          " ties told a hair either side; %" G_GUINT64_FORMAT " more read back, another linked"
          " layer's at that volume), %" G_GUINT64_FORMAT
          " told by the group of layers that may change with the flip (%" G_GUINT64_FORMAT
          " by its two patterns' search, %" G_GUINT64_FORMAT " without working anything out), %"
          G_GUINT64_FORMAT " grid points told by the groups, %"
          G_GUINT64_FORMAT " from all strategies' costs (%" G_GUINT64_FORMAT " from bounds and the one before), %"
          G_GUINT64_FORMAT " carried from the one before, %"
          G_GUINT64_FORMAT " bracket bounds, %"
          G_GUINT64_FORMAT " probes for bands inside a grid interval\n", "", now.stats.certified_steps,
          now.stats.segment_steps, now.stats.pair_steps, now.stats.forward_steps, now.stats.linked_steps, now.stats.both_modes_steps,
          now.stats.bracket_neighbours,
          now.stats.full_steps,
          now.stats.undecided_neighbour, now.stats.undecided_tie, now.stats.undecided_linked, now.stats.edge_steps,
          now.stats.shared_steps,
          now.stats.group_steps, now.stats.replay_steps, now.stats.group_forward_steps,
          now.stats.group_rows, now.stats.tiny_rows, now.stats.tiny_carried, now.stats.carried_rows, now.stats.refinements,
          now.stats.excursion_probes);
  if (before)
    {
      _strata_plan_windows_disabled = TRUE;
      measure (ds, &old);
      _strata_plan_windows_disabled = FALSE;
      printf ("%-34s optimum %8.2f ms | ladder 64 %8.1f ms (%5.1fx the optimum, %u flips)"
              " | ladder 512 %8.1f ms | break-even vs optimal %8.1f ms (%u crossings)\n",
              "  the same, optimizer windows off", old.optimum, old.ladder64,
              old.ladder64 / old.optimum, old.n_flips, old.ladder512, old.breakeven,
              old.n_crossings);
    }
  fflush (stdout);
}

/* A flip on @n_layers x @n_options as every view sees it: the model work
 * and drawing of strata_chart_draw () onto a 1000x700 surface after one
 * layer of the current strategy changed (what does not depend on it, the
 * optimum's and the presets' costs and the ladder, is remembered per
 * dataset by the charts library, as in the app). */
static void
bench_flip (guint n_layers,
            guint n_options)
{
  g_autoptr(StrataDataset) ds = bench_dataset (7, n_layers, n_options, 6, FALSE);
  g_autofree guint *choices = g_new0 (guint, ds->n_layers);
  StrataStrategy custom = { .id = (char *) "custom", .name = (char *) "Custom" };
  const StrataStrategy *strategies[4];
  StrataChartRequest request = { 0 };
  StrataChartKind kinds[] = { STRATA_CHART_COST_CURVES, STRATA_CHART_VALUE_CHAIN, STRATA_CHART_COMPARE,
                              STRATA_CHART_LADDER, STRATA_CHART_TORNADO };
  const char *names[] = { "cost-curves", "value-chain", "compare", "ladder", "tornado" };
  int n = MAX (runs * 4, 9);

  strata_optimize (ds, ds->volume_default, choices);
  custom.choices = choices;
  strategies[0] = &custom;
  strategies[1] = strata_dataset_find_strategy (ds, STRATA_STRATEGY_ALL_NEUTRAL);
  strategies[2] = strata_dataset_find_strategy (ds, STRATA_STRATEGY_ALL_INTEGRATED);
  strategies[3] = strata_dataset_find_strategy (ds, STRATA_STRATEGY_OPTIMAL);
  request.dataset = ds;
  request.strategies = strategies;
  request.n_strategies = 4;
  request.volume = ds->volume_default;
  request.theme = STRATA_THEME_LIGHT;

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_autofree double *t = g_new (double, n);
      double worst = 0;

      for (int r = -1; r < n; r++)
        {
          cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1000, 700);
          cairo_t *cr;
          guint layer = (guint) (r + 1) % ds->n_layers;
          double t0;

          /* The surface's pages touched before the clock (its pixels are 0
           * either way): they are the window's frame, not the flip's work.
           * Its 2.7 MB come from calloc (), whose pages the kernel maps at
           * their first write; once glibc has raised its mmap threshold
           * (at the warm-up surface's free), the first measured flip's
           * surface was new heap, and its 684 page faults, 5-10 ms of
           * kernel time on this machine, made it the worst flip (17-20 ms,
           * the others 7-9 ms).  A window draws each frame into memory
           * its earlier frames freed. */
          cairo_surface_flush (surface);
          memset (cairo_image_surface_get_data (surface), 0,
                  (gsize) cairo_image_surface_get_stride (surface) * 700);
          cairo_surface_mark_dirty (surface);
          cr = cairo_create (surface);
          choices[layer] = (choices[layer] + 1) % ds->layers[layer].n_options;
          t0 = now_ms ();
          strata_chart_draw (kinds[k], &request, cr, 1000, 700);
          cairo_surface_flush (surface);
          if (r >= 0)
            {
              t[r] = now_ms () - t0;
              worst = MAX (worst, t[r]);
            }
          cairo_destroy (cr);
          cairo_surface_destroy (surface);
        }
      printf ("flip %u x %u, %-12s model + draw: median %6.1f ms, worst %6.1f ms (target 16 ms)\n",
              n_layers, n_options, names[k], median (t, n), worst);
    }
  fflush (stdout);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) files = g_ptr_array_new ();

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--runs") && i + 1 < argc)
        {
          runs = atoi (argv[++i]);
          runs = MAX (runs, 1);
        }
      else if (g_str_equal (argv[i], "--quick"))
        quick = TRUE;
      else if (g_str_equal (argv[i], "--flip"))
        flip_only = TRUE;
      else if (g_str_equal (argv[i], "--no-repeat"))
        no_repeat = TRUE;
      else if (g_str_equal (argv[i], "--only") && i + 1 < argc)
        only = argv[++i];
      else if (g_str_equal (argv[i], "--dataset") && i + 1 < argc)
        g_ptr_array_add (files, argv[++i]);
      else if (g_str_equal (argv[i], "--threads") && i + 1 < argc)
        {
          int n = atoi (argv[++i]);

          _strata_ladder_set_threads ((guint) CLAMP (n, 1, 8));
        }
      else
        {
          fprintf (stderr, "usage: %s [--runs N] [--quick] [--flip] [--only LABEL] [--threads N]"
                   " [--no-repeat] [--dataset FILE]...\n", argv[0]);
          return 2;
        }
    }

  if (flip_only)
    {
      bench_flip (128, 8);
      return 0;
    }
  if (files->len > 0)
    {
      for (guint i = 0; i < files->len; i++)
        bench_file (g_ptr_array_index (files, i));
      return 0;
    }
  bench_size ("8 x 3", 8, 3, 0, FALSE, TRUE);
  bench_size ("128 x 8, links among 6", 128, 8, 6, FALSE, TRUE);
  bench_size ("512 x 64", 512, 64, 0, FALSE, !quick);
  bench_size ("512 x 64, links among 10", 512, 64, 10, FALSE, FALSE);
  bench_size ("512 x 64, volume-independent", 512, 64, 0, TRUE, !quick);
  bench_size ("1000 x 40, links among 20", 1000, 40, 20, FALSE, FALSE);
  /* The limits' other corners: few layers of many options, the most
   * layers with links among the most linked layers. */
  bench_size ("16 x 1024, links among 8", 16, 1024, 8, FALSE, FALSE);
  bench_size ("1024 x 64, links among 20", 1024, 64, 20, FALSE, FALSE);
  if (only == NULL || g_str_equal (only, "60 x 2-3, dense links among 20"))
    {
      /* Where an optimum is a real search over the linked layers' modes
       * (test_dense_links_dataset ()), at the limit of 20 linked layers. */
      g_autoptr(GRand) rand = g_rand_new_with_seed (24);
      g_autoptr(StrataDataset) ds = test_dense_links_dataset (rand, 60, 20, 0.01, 2, 0.1);

      bench_report ("60 x 2-3, dense links among 20", ds, FALSE);
    }
  if (only == NULL)
    bench_flip (128, 8);
  return 0;
}

/* bench-flip.c: what one layer flip costs the app before it reaches the screen
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For each sample dataset: flip one layer (a different one each run), then
 * do what the window does on the main thread: evaluate the new choices and
 * the All neutral baseline at the current volume (summary strip), find the
 * break-even volumes against All neutral, and draw the visible chart with
 * strata_chart_draw() onto a 1000x700 image surface.  Every view is timed
 * on its own, since only the visible one is drawn.  Then a resize of each
 * view: the layout at a new size with the request's StrataChartResults
 * kept (the model must not run: the count of answers computed is printed)
 * against one that recomputes them.  Prints medians; the budget is one
 * frame at 60 Hz, 16 ms.  No display needed.
 */

#include "config.h"

#include <stdio.h>
#include <math.h>
#include <string.h>
#include <stdlib.h>
#include <time.h>

#include <strata/strata-chart.h>
#include <strata/strata-model.h>

#define WIDTH  1000
#define HEIGHT 700
#define FRAME_MS 16.0

static int runs = 31;
static char *datasets_dir = NULL;

static GOptionEntry entries[] = {
  { "runs", 'n', 0, G_OPTION_ARG_INT, &runs, "Timed flips per view (default 31)", "N" },
  { "datasets", 'd', 0, G_OPTION_ARG_FILENAME, &datasets_dir, "Folder of *.strata.json (default: data/datasets)", "DIR" },
  { NULL }
};

static const char *samples[] = {
  "ai-cloud-stack.strata.json",
  "ai-model-lab.strata.json",
  "consumer-devices.strata.json",
  "retailer.strata.json",
};

static int
compare_double (const void *a,
                const void *b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof (double), compare_double);
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

/* This thread's CPU time: steadier than the wall clock on a busy machine. */
static double
cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Flips layer @layer of @choices to its other mode, if it has one. */
static void
flip (const StrataDataset *dataset,
      guint               *choices,
      guint                layer)
{
  const StrataLayer *l = &dataset->layers[layer];
  StrataMode mode = l->options[choices[layer]].mode;
  int option = strata_layer_first_of_mode (l, mode == STRATA_MODE_NEUTRAL ? STRATA_MODE_INTEGRATED
                                                                         : STRATA_MODE_NEUTRAL);

  if (option >= 0)
    choices[layer] = option;
}

/* The window's work after a flip, up to the chart: returns the time in ms. */
static double
compute (const StrataDataset  *dataset,
         const StrataStrategy *custom,
         const StrataStrategy *neutral,
         double                volume,
         guint                *neutral_choices)
{
  g_autoptr(GArray) crossings = NULL;
  StrataOutcome outcome;
  StrataOutcome baseline;
  double t0 = now_ms ();

  strata_evaluate (dataset, custom->choices, volume, &outcome, NULL);
  strata_strategy_resolve (dataset, neutral, volume, neutral_choices);
  strata_evaluate (dataset, neutral_choices, volume, &baseline, NULL);
  crossings = strata_breakeven (dataset, custom, neutral);
  g_assert (isfinite (outcome.effective_unit_cost + baseline.effective_unit_cost));

  return now_ms () - t0;
}

/* A resize, as the app's view does it: the request is unchanged, so its
 * StrataChartResults are reused and only the layout is made again.
 * Prints the median layout-and-paint time at a new size with the results
 * kept and without them, and how many model answers the kept resizes
 * computed (0: the model did not run). */
static void
bench_resize (StrataChartKind           kind,
              const StrataChartRequest *request)
{
  g_autoptr(StrataChartResults) results = strata_chart_results_new ();
  g_autoptr(StrataChartLayout) first = strata_chart_layout_new_full (kind, request, results, WIDTH, HEIGHT);
  g_autofree double *kept_ms = g_new0 (double, runs);
  g_autofree double *fresh_ms = g_new0 (double, runs);
  guint computed = strata_chart_results_get_n_computed (results);

  for (int run = 0; run < runs; run++)
    {
      double w = WIDTH - 1 - run % 40, h = HEIGHT - 1 - run % 23;
      /* Fonts at this size loaded first, for both. */
      StrataChartLayout *layout = strata_chart_layout_new (kind, request, w, h);
      double t0;

      strata_chart_layout_unref (layout);
      t0 = cpu_ms ();
      layout = strata_chart_layout_new_full (kind, request, results, w, h);

      kept_ms[run] = cpu_ms () - t0;
      strata_chart_layout_unref (layout);
      t0 = cpu_ms ();
      layout = strata_chart_layout_new (kind, request, w, h);
      fresh_ms[run] = cpu_ms () - t0;
      strata_chart_layout_unref (layout);
    }
  printf ("  %-12s resize: layout %6.2f ms CPU with the results kept (%u model answers computed), "
          "%6.2f ms recomputing them\n",
          "", median (kept_ms, runs), strata_chart_results_get_n_computed (results) - computed,
          median (fresh_ms, runs));
}

static double
bench_dataset (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StrataDataset) dataset = NULL;
  g_autoptr(GPtrArray) strategies = g_ptr_array_new ();
  g_autofree guint *choices = NULL;
  g_autofree guint *neutral_choices = NULL;
  g_autofree double *compute_ms = NULL;
  g_autofree double *total_ms = NULL;
  const StrataStrategy *neutral;
  StrataStrategy custom = { .id = (char *) "custom", .name = (char *) "Custom" };
  StrataChartRequest request = { 0 };
  double worst = 0;

  dataset = strata_dataset_load_file (path, &error);
  if (dataset == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return -1;
    }

  choices = g_new0 (guint, dataset->n_layers);
  neutral_choices = g_new0 (guint, dataset->n_layers);
  neutral = strata_dataset_find_strategy (dataset, STRATA_STRATEGY_ALL_NEUTRAL);
  g_assert (neutral != NULL);

  /* As the window opens: the dataset's own strategy (else optimal) at the
   * default volume, compared with every other strategy. */
  strata_strategy_resolve (dataset,
                           &dataset->strategies[dataset->n_strategies > STRATA_N_PRESETS ? STRATA_N_PRESETS : 2],
                           dataset->volume_default, choices);
  custom.choices = choices;
  g_ptr_array_add (strategies, &custom);
  for (guint i = 0; i < dataset->n_strategies; i++)
    g_ptr_array_add (strategies, &dataset->strategies[i]);

  request.dataset = dataset;
  request.strategies = (const StrataStrategy *const *) strategies->pdata;
  request.n_strategies = strategies->len;
  request.current = 0;
  request.volume = dataset->volume_default;
  request.theme = STRATA_THEME_LIGHT;
  request.transparent = TRUE;

  {
    guint n_options = 0;

    for (guint i = 0; i < dataset->n_layers; i++)
      n_options += dataset->layers[i].n_options;
    printf ("%s: %u layers, %u options, %u strategies drawn\n",
            dataset->title, dataset->n_layers, n_options, request.n_strategies);
  }

  compute_ms = g_new0 (double, runs);
  total_ms = g_new0 (double, runs);

  for (StrataChartKind kind = 0; kind < STRATA_N_CHARTS; kind++)
    {
      double draw_median;
      double compute_median;
      double total_median;
      g_autofree double *draw_ms = g_new0 (double, runs);

      for (int run = -2; run < runs; run++)   /* two warm-up runs */
        {
          cairo_surface_t *surface;
          cairo_t *cr;
          double c;
          double t0;
          double d;

          flip (dataset, choices, (guint) (run + 2) % dataset->n_layers);
          c = compute (dataset, &custom, neutral, request.volume, neutral_choices);

          surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
          /* Its pages touched before the clock, as bench-ladder --flip
           * does (678e809): a window draws each frame into memory its
           * earlier frames used, so their first-touch page faults are
           * not the flip's. */
          cairo_surface_flush (surface);
          memset (cairo_image_surface_get_data (surface), 0,
                  (gsize) cairo_image_surface_get_stride (surface) * HEIGHT);
          cairo_surface_mark_dirty (surface);
          cr = cairo_create (surface);
          t0 = now_ms ();
          strata_chart_draw (kind, &request, cr, WIDTH, HEIGHT);
          cairo_surface_flush (surface);
          d = now_ms () - t0;
          cairo_destroy (cr);
          cairo_surface_destroy (surface);

          if (run >= 0)
            {
              compute_ms[run] = c;
              draw_ms[run] = d;
              total_ms[run] = c + d;
            }
        }

      compute_median = median (compute_ms, runs);
      draw_median = median (draw_ms, runs);
      total_median = median (total_ms, runs);
      worst = MAX (worst, total_median);
      printf ("  %-12s compute %6.2f ms + draw %6.2f ms = %6.2f ms  %s\n",
              strata_chart_kind_to_string (kind), compute_median, draw_median, total_median,
              total_median <= FRAME_MS ? "within one frame" : "OVER ONE FRAME");
      bench_resize (kind, &request);
    }

  return worst;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- time a layer flip, compute and draw");
  g_autoptr(GError) error = NULL;
  double worst = 0;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || runs < 1)
    {
      fprintf (stderr, "bench-flip: %s\n", error != NULL ? error->message : "--runs must be positive");
      return 2;
    }

  if (datasets_dir == NULL)
    {
      const char *root = g_getenv ("STRATA_SOURCE_ROOT");

      datasets_dir = g_build_filename (root != NULL ? root : ".", "data", "datasets", NULL);
    }

  printf ("bench-flip: median of %d flips, %dx%d image surface, budget %.0f ms\n",
          runs, WIDTH, HEIGHT, FRAME_MS);

  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      g_autofree char *path = g_build_filename (datasets_dir, samples[i], NULL);
      double ms = bench_dataset (path);

      if (ms < 0)
        return 1;
      worst = MAX (worst, ms);
    }

  printf ("worst view, worst dataset: %.2f ms (%s)\n", worst,
          worst <= FRAME_MS ? "within one frame" : "over one frame");
  return 0;
}

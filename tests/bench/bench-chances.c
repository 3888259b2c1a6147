/* bench-chances.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <sys/resource.h>

#include <cairo.h>

#include "strata/strata-chart.h"
#include "strata/strata-export.h"
#include "strata/strata-uncertainty.h"

/*
 * The Monte Carlo behind the app's Chances view and cost-curve bands
 * after a flip (issue 13): the runs app/gui/strata-window-chances.c makes
 * in its worker thread, timed from the flip.  The current strategy (the
 * dataset's first own one) against every other strategy, every processor,
 * first an estimate from the first 200 draws, then the full 2,000 draws,
 * both over 128 volumes.  Each flip changes one layer of the current
 * strategy (the layers in turn, each flip undone by the next pass), runs
 * the Monte Carlo as the window does (strata_deck_monte_carlo_params (),
 * the first estimate, then the full run), and draws the cost curves with
 * their P10-P90 bands from it at 1000x700 (strata_chart_draw () on an
 * image surface, as the view draws).  Prints the median and worst of
 * --runs flips: when the first estimate is ready, the median time to the
 * end of the full run, when the full bands are drawn, and the processor
 * time from the flip to the bands drawn (all threads).  The flip itself
 * never waits for either: the window only cancels the run under way and
 * starts a task.
 *
 * Usage: bench-chances [--runs N] [FILE...]
 */

#define FIRST_DRAWS 200
#define DRAWS       STRATA_DECK_DRAWS
#define POINTS      STRATA_DECK_POINTS

static double
now (void)
{
  return (double) g_get_monotonic_time () / 1e3;
}

static double
cpu (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return (double) usage.ru_utime.tv_sec * 1e3 + usage.ru_utime.tv_usec / 1e3 +
         (double) usage.ru_stime.tv_sec * 1e3 + usage.ru_stime.tv_usec / 1e3;
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y ? 1 : 0;
}

static double
median (double *x,
        guint   n)
{
  qsort (x, n, sizeof (double), compare_doubles);
  return n % 2 ? x[n / 2] : (x[n / 2 - 1] + x[n / 2]) / 2;
}

int
main (int    argc,
      char **argv)
{
  int runs = 9;
  g_auto(GStrv) files = NULL;
  GOptionEntry entries[] = {
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Flips per dataset", "N" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, "FILE..." },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- Chances view benchmark");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || runs < 1)
    {
      g_printerr ("%s\n", error != NULL ? error->message : "--runs must be at least 1");
      return 2;
    }
  if (files != NULL)
    for (guint i = 0; files[i] != NULL; i++)
      g_ptr_array_add (paths, g_strdup (files[i]));
  else
    {
      const char *root = g_getenv ("STRATA_SOURCE_ROOT");
      const char *names[] = { "ai-cloud-stack", "ai-model-lab", "consumer-devices", "retailer" };

      for (guint i = 0; i < G_N_ELEMENTS (names); i++)
        g_ptr_array_add (paths, g_strdup_printf ("%s/data/datasets/%s.strata.json",
                                                 root != NULL ? root : ".", names[i]));
    }

  g_print ("Chances view and cost-curve bands after a flip: first estimate %d draws, full run\n"
           "%d draws, %d volumes, every processor (%u), cost curves with bands drawn at 1000x700;\n"
           "median and worst of %d flips, milliseconds from the flip\n\n",
           FIRST_DRAWS, DRAWS, POINTS, g_get_num_processors (), runs);
  g_print ("%-18s %11s %22s %10s %22s %16s %6s\n", "dataset", "strategies", "first estimate (worst)",
           "full run", "bands drawn (worst)", "cpu to bands", "load");

  for (guint i = 0; i < paths->len; i++)
    {
      g_autoptr(StrataDataset) dataset = NULL;
      g_autofree const StrataStrategy **strategies = NULL;
      g_autofree double *first = g_new (double, runs);
      g_autofree double *full = g_new (double, runs);
      g_autofree double *ran = g_new (double, runs);
      g_autofree double *cpus = g_new (double, runs);
      g_autofree char *base = g_path_get_basename (g_ptr_array_index (paths, i));
      cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1000, 700);
      StrataChartRequest request = { 0 };
      StrataStrategy *flipped = NULL;
      StrataMonteCarloParams params;
      guint n = 0, current = 0;
      double worst_first = 0, worst_full = 0, load[1] = { NAN };

      dataset = strata_dataset_load_file (g_ptr_array_index (paths, i), &error);
      if (dataset == NULL)
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      for (guint s = 0; s < dataset->n_strategies; s++)
        if (!dataset->strategies[s].preset && dataset->strategies[s].choices != NULL)
          {
            current = s;
            break;
          }
      flipped = &dataset->strategies[current];
      strategies = g_new (const StrataStrategy *, dataset->n_strategies);
      strategies[n++] = flipped;
      for (guint s = 0; s < dataset->n_strategies; s++)
        if (s != current)
          strategies[n++] = &dataset->strategies[s];
      request.dataset = dataset;
      request.strategies = strategies;
      request.n_strategies = n;
      request.current = 0;
      request.volume = dataset->volume_default;
      getloadavg (load, 1);
      /* The window has drawn the chart before any flip (fonts loaded,
       * glyphs cached): so has the bench, once, untimed. */
      {
        cairo_t *cr = cairo_create (surface);

        strata_chart_draw (STRATA_CHART_COST_CURVES, &request, cr, 1000, 700);
        cairo_destroy (cr);
      }

      for (int r = 0; r < runs; r++)
        {
          double start = now (), start_cpu = cpu ();
          guint layer = (guint) r % dataset->n_layers;
          StrataMonteCarlo *estimate, *mc;
          cairo_t *cr;

          /* The flip: the layer's option moves to the next one. */
          if (flipped->choices != NULL)
            flipped->choices[layer] = (flipped->choices[layer] + 1) % dataset->layers[layer].n_options;

          strata_deck_monte_carlo_params (&request, &params);
          params.n_draws = FIRST_DRAWS;
          estimate = strata_monte_carlo_run (dataset, &params, NULL, &error);
          g_assert_no_error (error);
          first[r] = now () - start;
          params.n_draws = DRAWS;
          mc = strata_monte_carlo_run (dataset, &params, NULL, &error);
          g_assert_no_error (error);
          ran[r] = now () - start;

          request.monte_carlo = mc;
          cr = cairo_create (surface);
          strata_chart_draw (STRATA_CHART_COST_CURVES, &request, cr, 1000, 700);
          cairo_destroy (cr);
          cairo_surface_flush (surface);
          request.monte_carlo = NULL;
          full[r] = now () - start;
          cpus[r] = cpu () - start_cpu;
          strata_monte_carlo_free (estimate);
          strata_monte_carlo_free (mc);
          worst_first = MAX (worst_first, first[r]);
          worst_full = MAX (worst_full, full[r]);
        }
      cairo_surface_destroy (surface);

      /* The name without ".strata.json" (or ".json"), when it has one. */
      if (g_str_has_suffix (base, ".strata.json"))
        base[strlen (base) - strlen (".strata.json")] = '\0';
      else if (g_str_has_suffix (base, ".json"))
        base[strlen (base) - strlen (".json")] = '\0';
      g_print ("%-18s %11u %13.1f (%6.1f) %10.1f %13.1f (%6.1f) %13.1f ms %6.1f\n", base, n,
               median (first, (guint) runs), worst_first, median (ran, (guint) runs),
               median (full, (guint) runs), worst_full, median (cpus, (guint) runs), load[0]);
    }
  return 0;
}

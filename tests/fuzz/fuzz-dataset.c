/* fuzz-dataset.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libFuzzer target: loads arbitrary bytes as a dataset and, when they load,
 * evaluates every strategy at the volume range's ends and default, runs the
 * optimizer, break-even, ladder and a small Monte Carlo, and draws every
 * chart in every theme to a small image surface.  Anything the loader
 * accepts must be drawable, and every outcome of it finite at every volume
 * the tool accepts (issue 16).
 */

#include "config.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#include <strata/strata-chart.h>
#include <strata/strata-dataset.h>
#include <strata/strata-limits.h>
#include <strata/strata-model.h>
#include <strata/strata-uncertainty.h>

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static void
exercise (StrataDataset *dataset)
{
  /* The range and the ends of every volume the tool or the app accepts
   * (strata-limits.h): every outcome of an accepted file is finite there
   * (issue 16: nothing overflows, nothing is NaN). */
  const double volumes[] = {
    dataset->volume_min, dataset->volume_default, dataset->volume_max,
    STRATA_MIN_VOLUME, STRATA_MAX_VOLUME,
  };
  g_autofree guint *choices = g_new0 (guint, dataset->n_layers);
  g_autofree StrataLayerCost *layers = g_new0 (StrataLayerCost, dataset->n_layers);
  g_autofree const StrataStrategy **strategies = NULL;
  g_autoptr(StrataLadder) ladder = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  guint n;

  for (guint s = 0; s < dataset->n_strategies; s++)
    for (guint v = 0; v < G_N_ELEMENTS (volumes); v++)
      {
        StrataOutcome outcome;

        strata_strategy_resolve (dataset, &dataset->strategies[s], volumes[v], choices);
        strata_evaluate (dataset, choices, volumes[v], &outcome, layers);
        g_assert (isfinite (outcome.unit_cost));
        g_assert (isfinite (outcome.effective_unit_cost));
        g_assert (isfinite (outcome.annual_cost));
        g_assert (isfinite (outcome.supplier_margin));
        g_assert (isfinite (outcome.supplier_share));
        g_assert (isfinite (outcome.unit_profit));
        g_assert (isfinite (outcome.annual_profit));
        g_assert (isfinite (outcome.latency_ms));
      }

  for (guint s = 1; s < MIN (dataset->n_strategies, 6); s++)
    {
      g_autoptr(GArray) crossings = strata_breakeven (dataset, &dataset->strategies[0],
                                                      &dataset->strategies[s]);
      (void) crossings;
    }

  ladder = strata_ladder_new (dataset, 16);
  g_assert (ladder != NULL);
  for (guint p = 0; p < ladder->n_points; p++)
    g_assert (isfinite (ladder->costs[p]));

  {
    StrataMonteCarloParams params;
    g_autoptr(StrataMonteCarlo) mc = NULL;

    strata_monte_carlo_params_init (&params, dataset);
    params.n_draws = 8;
    params.n_points = 4;
    mc = strata_monte_carlo_run (dataset, &params, NULL, NULL);
    g_assert (mc != NULL);
    for (guint k = 0; k < mc->n_points * mc->n_strategies; k++)
      g_assert (isfinite (mc->p50[k]));
  }

  /* Four strategies (presets first, then the dataset's own) keep one
   * input well under the timeout even under the sanitizers, while still
   * giving the cost curves several pairs to cross. */
  n = MIN (dataset->n_strategies, 4);
  if (dataset->n_strategies > STRATA_N_PRESETS)
    n = MIN (dataset->n_strategies, STRATA_N_PRESETS + 1);
  strategies = g_new0 (const StrataStrategy *, n);
  for (guint s = 0; s < n; s++)
    strategies[s] = &dataset->strategies[s];

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 240, 160);
  cr = cairo_create (surface);
  /* Every chart once, and every theme across the charts. */
  for (guint kind = 0; kind < STRATA_N_CHARTS; kind++)
    {
      StrataTheme theme = kind % STRATA_N_THEMES;
      StrataChartRequest request = {
        .dataset = dataset,
        .strategies = strategies,
        .n_strategies = n,
        .current = 0,
        .volume = dataset->volume_default,
        .theme = theme,
        .transparent = theme == STRATA_THEME_SLIDE,
        .log_y = theme == STRATA_THEME_DARK,
      };
      StrataHit hit;

      cairo_save (cr);
      strata_chart_draw (kind, &request, cr, 240, 160);
      cairo_restore (cr);
      g_assert (cairo_status (cr) == CAIRO_STATUS_SUCCESS);
      strata_chart_hit_test (kind, &request, 240, 160, 120, 80, &hit);
    }
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StrataDataset) dataset = NULL;

  dataset = strata_dataset_load_data ((const char *) data, size, "fuzz.json", &error);
  if (dataset == NULL)
    {
      /* A refusal must say why, and say it about this buffer. */
      g_assert (error != NULL);
      g_assert (strstr (error->message, "fuzz.json") != NULL);
      return 0;
    }

  g_assert_no_error (error);
  exercise (dataset);
  return 0;
}

/* test-gui-chances.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "strata/strata-uncertainty.h"

#include "strata-application.h"
#include "strata-chart-render-private.h"
#include "strata-window-private.h"
#include "strata-test-gui.h"

/*
 * The Chances view under a real display (xvfb-run in CI): its Monte
 * Carlo runs in a worker thread only while the view is shown, the chart
 * shows the figures the same run gives outside the app, a flip cancels
 * the run under way and starts the next, a change of volume keeps the
 * result; the Bands toggle of the cost curves draws the same run and is
 * remembered.  Skipped only when there is no display at all.
 */

static gboolean have_display;
static StrataApplication *app;

/* The result must be the one the same run gives outside the app, for the
 * window's current strategy against the compared ones. */
static void
assert_matches_fresh_run (StrataWindow           *window,
                          const StrataMonteCarlo *mc)
{
  g_autoptr(StrataMonteCarlo) fresh = NULL;
  g_autoptr(GError) error = NULL;
  StrataMonteCarloParams params;
  StrataChartRequest request;
  gsize n;

  _strata_window_build_request (window, &request);
  g_assert_cmpuint (mc->n_strategies, ==, request.n_strategies);
  g_assert_cmpstr (mc->a_id, ==, request.strategies[0]->id);
  for (guint s = 0; s < request.n_strategies; s++)
    g_assert_cmpstr (mc->strategy_ids[s], ==, request.strategies[s]->id);

  strata_monte_carlo_params_init (&params, request.dataset);
  params.n_draws = mc->n_draws;
  params.n_points = mc->n_points;
  params.seed = mc->seed;
  params.strategies = request.strategies;
  params.n_strategies = request.n_strategies;
  params.a = request.strategies[0];
  if (request.n_strategies > 1)
    params.b = request.strategies[1];
  params.objective = mc->objective;
  params.n_threads = 1;
  fresh = strata_monte_carlo_run (request.dataset, &params, NULL, &error);
  g_assert_no_error (error);

  n = (gsize) mc->n_strategies * mc->n_points;
  g_assert_cmpmem (mc->p10, n * sizeof (double), fresh->p10, n * sizeof (double));
  g_assert_cmpmem (mc->p50, n * sizeof (double), fresh->p50, n * sizeof (double));
  g_assert_cmpmem (mc->p90, n * sizeof (double), fresh->p90, n * sizeof (double));
  g_assert_cmpmem (mc->probability_cheaper, n * sizeof (double),
                   fresh->probability_cheaper, n * sizeof (double));
  for (gsize i = 0; i < n; i++)
    {
      g_assert_cmpfloat (mc->probability_cheaper[i], >=, 0.0);
      g_assert_cmpfloat (mc->probability_cheaper[i], <=, 1.0);
    }
}

static gboolean
has_estimate (gpointer data)
{
  return ((StrataWindow *) data)->chances_estimates > 0;
}

static void
test_chances_view (void)
{
  StrataWindow *window;
  const StrataMonteCarlo *mc;
  gboolean running;
  guint started, cancelled;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  window = open_sample_window (app, "ai-cloud-stack");

  /* Nothing runs while the view is hidden. */
  g_assert_null (_strata_window_get_chances (window, &running, &started, NULL));
  g_assert_false (running);
  g_assert_cmpuint (started, ==, 0);

  /* Shown: a run starts in the background; the main loop keeps turning
   * and the progress shows until the chart has its figures. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.view", "s", "chances"));
  g_assert_null (_strata_window_get_chances (window, &running, &started, NULL));
  g_assert_true (running);
  g_assert_cmpuint (started, ==, 1);
  g_assert_true (gtk_widget_get_visible (window->chances_status));

  /* A first estimate from the run's first draws comes before the full
   * run, and is that many draws' own result. */
  {
    g_assert_true (wait_until_for (has_estimate, window, 30));
    g_assert_cmpuint (window->chances_estimates, ==, 1);
    mc = _strata_window_get_chances (window, &running, NULL, NULL);
    g_assert_nonnull (mc);
    if (running)
      {
        /* (The full run may have landed in the same turn of the loop.) */
        g_assert_cmpuint (mc->n_draws, ==, 200);
        assert_matches_fresh_run (window, mc);
        g_assert_true (gtk_widget_get_visible (window->chances_status));
      }
  }

  mc = wait_for_chances (window);
  g_assert_cmpuint (window->chances_estimates, ==, 1);
  g_assert_cmpuint (mc->n_draws, ==, 2000);
  g_assert_false (gtk_widget_get_visible (window->chances_status));
  assert_matches_fresh_run (window, mc);
  wait_for_drawn (window->chances_view);

  /* Copy and export draw what the view shows: the same run. */
  {
    StrataChartRequest request;
    g_autofree char *csv = NULL;

    _strata_window_build_request (window, &request);
    g_assert_true (request.monte_carlo == mc);
    csv = strata_chart_data_csv (STRATA_CHART_CHANCES, &request);
    g_assert_nonnull (strstr (csv, "P(optimum integrates "));
  }

  /* A change of volume keeps the result (it covers every volume). */
  _strata_window_set_volume (window, _strata_window_get_volume (window) * 2);
  g_assert_true (_strata_window_get_chances (window, &running, &started, NULL) == mc);
  g_assert_false (running);
  g_assert_cmpuint (started, ==, 1);

  /* A flip drops the result at once and starts again; a second flip
   * before it is done cancels that run. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.flip-layer", "u", 0));
  g_assert_null (_strata_window_get_chances (window, &running, &started, NULL));
  g_assert_true (running);
  g_assert_cmpuint (started, ==, 2);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.flip-layer", "u", 1));
  g_assert_null (_strata_window_get_chances (window, &running, &started, NULL));
  g_assert_cmpuint (started, ==, 3);

  mc = wait_for_chances (window);
  /* The cancelled run reports back too (its result is dropped). */
  cancelled = wait_for_cancelled_runs (window, STRATA_CHART_CHANCES, 1);
  g_assert_cmpuint (cancelled, ==, 1);
  g_assert_true (_strata_window_get_chances (window, NULL, &started, NULL) == mc);
  g_assert_cmpuint (started, ==, 3);
  assert_matches_fresh_run (window, mc);
  wait_for_drawn (window->chances_view);

  /* The objective is the window's: cash restarts the run on unit_cost. */
  g_assert_cmpint (mc->objective, ==, STRATA_OBJECTIVE_EFFECTIVE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.objective", "s", "cash"));
  g_assert_null (_strata_window_get_chances (window, &running, &started, NULL));
  g_assert_true (running);
  g_assert_cmpuint (started, ==, 4);
  mc = wait_for_chances (window);
  g_assert_cmpint (mc->objective, ==, STRATA_OBJECTIVE_CASH);
  assert_matches_fresh_run (window, mc);

  /* Leaving the view and flipping: no run until it is shown again. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.view", "s", "cost-curves"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.flip-layer", "u", 1));
  g_assert_null (_strata_window_get_chances (window, &running, &started, NULL));
  g_assert_false (running);
  g_assert_cmpuint (started, ==, 4);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.view", "s", "chances"));
  mc = wait_for_chances (window);
  _strata_window_get_chances (window, NULL, &started, NULL);
  g_assert_cmpuint (started, ==, 5);
  assert_matches_fresh_run (window, mc);

  /* Closing while a run is under way cancels it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.flip-layer", "u", 0));
  g_assert_true (_strata_window_get_chances (window, &running, NULL, NULL) == NULL && running);
  close_window (window);
}

static gboolean
bands_done (gpointer data)
{
  StrataWindow *window = data;
  gboolean running = TRUE;

  _strata_window_get_chances (window, &running, NULL, NULL);
  return _strata_chart_view_get_monte_carlo (window->cost_curves_view) != NULL && !running;
}

static StrataChartMc *
wait_for_bands (StrataWindow *window)
{
  StrataChartMc *mc;

  g_assert_true (wait_until_for (bands_done, window, 30));
  mc = _strata_chart_view_get_monte_carlo (window->cost_curves_view);
  g_assert_nonnull (mc);
  return mc;
}

static void
test_bands (void)
{
  GSettings *settings;
  StrataWindow *window;
  StrataChartMc *mc;
  gboolean running;
  guint started;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  settings = strata_application_get_settings (app);
  g_assert_nonnull (settings);
  g_settings_set_boolean (settings, "show-bands", FALSE);
  window = open_sample_window (app, "consumer-devices");

  /* Off: the cost curves start no run. */
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (window->view_stack), ==, "cost-curves");
  _strata_window_get_chances (window, &running, &started, NULL);
  g_assert_false (running);
  g_assert_cmpuint (started, ==, 0);
  g_assert_null (_strata_chart_view_get_monte_carlo (window->cost_curves_view));

  /* On: remembered, a run in the background with the spinner turning,
   * then the bands. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-bands", NULL));
  g_assert_true (g_settings_get_boolean (settings, "show-bands"));
  _strata_window_get_chances (window, &running, &started, NULL);
  g_assert_true (running);
  g_assert_cmpuint (started, ==, 1);
  g_assert_true (gtk_widget_get_visible (window->bands_spinner));
  mc = wait_for_bands (window);
  g_assert_false (gtk_widget_get_visible (window->bands_spinner));
  assert_matches_fresh_run (window, mc->result);
  wait_for_drawn (window->cost_curves_view);

  /* A flip: no bands of the old choices, then the new ones. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.flip-layer", "u", 0));
  g_assert_null (_strata_chart_view_get_monte_carlo (window->cost_curves_view));
  mc = wait_for_bands (window);
  assert_matches_fresh_run (window, mc->result);

  /* The Chances view has the same run: nothing starts. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.view", "s", "chances"));
  g_assert_true (_strata_window_get_chances (window, &running, &started, NULL) == mc->result);
  g_assert_false (running);
  g_assert_cmpuint (started, ==, 2);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.view", "s", "cost-curves"));

  /* Off again: the bands go, and the setting with them. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-bands", NULL));
  g_assert_false (g_settings_get_boolean (settings, "show-bands"));
  g_assert_null (_strata_chart_view_get_monte_carlo (window->cost_curves_view));

  close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  app = start_gui_tests (&argc, &argv);
  have_display = app != NULL;

  gui_test_add ("/strata/gui-chances/view", test_chances_view);
  gui_test_add ("/strata/gui-chances/bands", test_bands);

  ret = g_test_run ();

  g_clear_object (&app);
  return ret;
}

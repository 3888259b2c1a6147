/* test-gui-roadmap.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "strata/strata-export.h"
#include "strata/strata-roadmap-mc.h"

#include "strata-application.h"
#include "strata-chart-render-private.h"
#include "strata-window-private.h"
#include "strata-test-gui.h"

/*
 * The Roadmap view's Monte Carlo under a real display (xvfb-run in CI):
 * it runs in a worker thread only while the Roadmap is shown, the band and
 * P(savings > 0) the page draws are those of the same run outside the app
 * (the run of `strata-cli export --chart roadmap --bands`), a flip or a
 * change of strategy or objective cancels the run under way and starts
 * the next, a change of volume keeps it.  Skipped only when there is no
 * display at all.
 */

static gboolean have_display;
static StrataApplication *app;

static void
assert_plans_equal (const StrataRoadmapMcPlan *x,
                    const StrataRoadmapMcPlan *y,
                    guint                      n_years)
{
  g_assert_cmpstr (x->strategy_id, ==, y->strategy_id);
  g_assert_cmpfloat (x->savings_p10, ==, y->savings_p10);
  g_assert_cmpfloat (x->savings_p50, ==, y->savings_p50);
  g_assert_cmpfloat (x->savings_p90, ==, y->savings_p90);
  g_assert_cmpfloat (x->positive_share, ==, y->positive_share);
  g_assert_cmpmem (x->cumulative_p10, n_years * sizeof (double), y->cumulative_p10, n_years * sizeof (double));
  g_assert_cmpmem (x->cumulative_p50, n_years * sizeof (double), y->cumulative_p50, n_years * sizeof (double));
  g_assert_cmpmem (x->cumulative_p90, n_years * sizeof (double), y->cumulative_p90, n_years * sizeof (double));
}

/* What the page shows must be the same run made outside the app, with
 * the parameters of `strata-cli export --chart roadmap --bands` written
 * out here: 2,000 draws, seed 1, the optimal roadmap and adopting the
 * window's current strategy now, under the window's objective.  The chart
 * drawn with it gives the same P(savings > 0). */
static void
assert_matches_fresh_run (StrataWindow          *window,
                          const StrataRoadmapMc *mc)
{
  g_autoptr(StrataRoadmapMc) fresh = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) boxes = NULL;
  StrataRoadmapMcParams params = { 0 };
  StrataChartRequest request;
  const StrataStrategy *current[1];
  guint found = 0;

  _strata_window_build_request (window, &request);
  current[0] = request.strategies[0];
  params.n_draws = 2000;
  params.seed = 1;
  params.objective = request.objective == STRATA_OBJECTIVE_CASH ? STRATA_HORIZON_CASH
                                                                : STRATA_HORIZON_EFFECTIVE;
  params.optimal = TRUE;
  params.strategies = current;
  params.n_strategies = 1;
  params.n_threads = 1;
  fresh = strata_roadmap_mc_run (request.dataset, &params, NULL, &error);
  g_assert_no_error (error);

  /* The view draws this run: its request carries it. */
  g_assert_true (_strata_window_get_roadmap_band (window) == mc);
  g_assert_cmpuint (mc->n_draws, ==, 2000);
  g_assert_cmpint (mc->objective, ==, params.objective);
  g_assert_cmpuint (mc->n_plans, ==, 2);
  g_assert_null (mc->plans[0].strategy_id);
  g_assert_cmpstr (mc->plans[1].strategy_id, ==, current[0]->id);
  for (guint p = 0; p < 2; p++)
    assert_plans_equal (&mc->plans[p], &fresh->plans[p], mc->n_years);

  /* The chart of the page's request and run writes the fresh figure. */
  request.monte_carlo = NULL;
  request.roadmap_monte_carlo = mc;
  boxes = strata_chart_layout_text_boxes (STRATA_CHART_ROADMAP, &request, 1200, 700);
  for (guint i = 0; i < boxes->len; i++)
    {
      const StrataChartTextBox *box = &g_array_index (boxes, StrataChartTextBox, i);

      if (g_strcmp0 (box->key, "roadmap:optimal:probability_savings_positive") == 0)
        {
          g_assert_cmpfloat (box->value, ==, fresh->plans[0].positive_share);
          g_assert_nonnull (strstr (box->text, "P(savings > 0)"));
          found++;
        }
    }
  g_assert_cmpuint (found, ==, 1);
}

static void
test_roadmap_view (void)
{
  StrataWindow *window;
  const StrataRoadmapMc *mc;
  gboolean running;
  guint started, cancelled;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  window = open_sample_window (app, "ai-cloud-stack");

  /* Nothing runs while the Roadmap is hidden. */
  g_assert_null (_strata_window_get_roadmap_mc (window, &running, &started, NULL));
  g_assert_false (running);
  g_assert_cmpuint (started, ==, 0);

  /* Shown: a run in the background, the main loop turning, the progress
   * in the corner until the band is there. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.view", "s", "roadmap"));
  g_assert_null (_strata_window_get_roadmap_mc (window, &running, &started, NULL));
  g_assert_true (running);
  g_assert_cmpuint (started, ==, 1);
  g_assert_true (gtk_widget_get_visible (window->roadmap_status));
  mc = wait_for_roadmap_mc (window);
  g_assert_false (gtk_widget_get_visible (window->roadmap_status));
  assert_matches_fresh_run (window, mc);
  wait_for_drawn (window->roadmap_view);

  /* A change of volume keeps the run (the horizon has its own volumes). */
  _strata_window_set_volume (window, _strata_window_get_volume (window) * 2);
  g_assert_true (_strata_window_get_roadmap_mc (window, &running, &started, NULL) == mc);
  g_assert_false (running);
  g_assert_cmpuint (started, ==, 1);

  /* A flip drops the band at once and starts again; a second flip
   * before it is done cancels that run. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.flip-layer", "u", 0));
  g_assert_null (_strata_window_get_roadmap_mc (window, &running, &started, NULL));
  g_assert_null (_strata_window_get_roadmap_band (window));
  g_assert_true (running);
  g_assert_cmpuint (started, ==, 2);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.flip-layer", "u", 1));
  g_assert_cmpuint ((_strata_window_get_roadmap_mc (window, NULL, &started, NULL), started), ==, 3);
  mc = wait_for_roadmap_mc (window);
  /* The cancelled run reports back too (its result is dropped). */
  cancelled = wait_for_cancelled_runs (window, STRATA_CHART_ROADMAP, 1);
  g_assert_cmpuint (cancelled, ==, 1);
  assert_matches_fresh_run (window, mc);
  wait_for_drawn (window->roadmap_view);

  /* The objective is the window's: cash starts again on cash costs. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.objective", "s", "cash"));
  g_assert_true (_strata_window_get_roadmap_mc (window, &running, &started, NULL) == NULL && running);
  g_assert_cmpuint (started, ==, 4);
  mc = wait_for_roadmap_mc (window);
  g_assert_cmpint (mc->objective, ==, STRATA_HORIZON_CASH);
  assert_matches_fresh_run (window, mc);

  /* Leaving the view and flipping: no run until it is shown again. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.view", "s", "cost-curves"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.flip-layer", "u", 1));
  g_assert_null (_strata_window_get_roadmap_mc (window, &running, &started, NULL));
  g_assert_false (running);
  g_assert_cmpuint (started, ==, 4);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.view", "s", "roadmap"));
  mc = wait_for_roadmap_mc (window);
  assert_matches_fresh_run (window, mc);

  /* Closing while a run is under way cancels it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.flip-layer", "u", 0));
  g_assert_true (_strata_window_get_roadmap_mc (window, &running, NULL, NULL) == NULL && running);
  close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  app = start_gui_tests (&argc, &argv);
  have_display = app != NULL;

  gui_test_add ("/strata/gui-roadmap/view", test_roadmap_view);

  ret = g_test_run ();

  g_clear_object (&app);
  return ret;
}

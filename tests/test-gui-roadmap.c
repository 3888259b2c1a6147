/* test-gui-roadmap.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#include "strata/strata-export.h"
#include "strata/strata-format.h"
#include "strata/strata-roadmap-mc.h"

#include "strata-application.h"
#include "strata-chart-render-private.h"
#include "strata-export-dialog-private.h"
#include "strata-window-export-private.h"
#include "strata-window-private.h"
#include "strata-test-gui.h"
#include "strata-test-files.h"

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

/* The summary's Savings NPV card adopts a strategy of the dataset as the
 * roadmap chart, the CLI and the tornado do (resolved at the horizon's
 * first volume), whatever volume the strip shows: with Optimal at the
 * largest volume, the card read the savings of the optimum there ($251 B
 * beside the chart's "Adopt Optimal now: saves $91.3 B").  The user's own
 * mix is adopted as it stands. */
static void
test_horizon_card_adopts (void)
{
  StrataWindow *window;
  const StrataDataset *dataset;
  const StrataStrategy *optimal;
  g_autoptr(StrataPlanResult) adopt = NULL;
  g_autoptr(StrataPlanResult) at_volume = NULL;
  g_autofree StrataLayerPlan *plans = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *shown_at_volume = NULL;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }
  window = open_sample_window (app, "ai-cloud-stack");
  /* The objective is the application's setting: another test may have
   * left it at cash. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.objective", "s", "effective"));
  dataset = _strata_window_get_dataset (window);
  optimal = strata_dataset_find_strategy (dataset, STRATA_STRATEGY_OPTIMAL);
  _strata_window_set_strategy (window, (int) (optimal - dataset->strategies));
  _strata_window_set_volume (window, dataset->volume_max);

  adopt = strata_plan_adopt_now (dataset, optimal, STRATA_HORIZON_EFFECTIVE, NULL);
  g_assert_nonnull (adopt);
  expected = strata_format_money_si (adopt->savings_npv, dataset->currency);
  g_assert_cmpstr (_strata_window_get_summary_text (window, "horizon"), ==, expected);

  /* The figure of the choices at the strip's volume is another one. */
  plans = g_new0 (StrataLayerPlan, dataset->n_layers);
  g_assert_true (strata_roadmap_adopt (dataset, _strata_window_get_choices (window), plans, NULL));
  at_volume = strata_plan_evaluate (dataset, plans, STRATA_HORIZON_EFFECTIVE);
  shown_at_volume = strata_format_money_si (at_volume->savings_npv, dataset->currency);
  g_assert_cmpstr (shown_at_volume, !=, expected);

  /* A flip makes the user's own mix: adopted as it stands. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.flip-layer", "u", 3));
  g_assert_true (strata_roadmap_adopt (dataset, _strata_window_get_choices (window), plans, NULL));
  g_clear_pointer (&at_volume, strata_plan_result_free);
  at_volume = strata_plan_evaluate (dataset, plans, STRATA_HORIZON_EFFECTIVE);
  g_free (shown_at_volume);
  shown_at_volume = strata_format_money_si (at_volume->savings_npv, dataset->currency);
  g_assert_cmpstr (_strata_window_get_summary_text (window, "horizon"), ==, shown_at_volume);
  close_window (window);
}

static GBytes *
texture_pixels (GdkTexture *texture)
{
  gsize stride = (gsize) gdk_texture_get_width (texture) * 4;
  gsize size = stride * (gsize) gdk_texture_get_height (texture);
  guchar *data = g_malloc (size);

  gdk_texture_download (texture, data, stride);
  return g_bytes_new_take (data, size);
}

/* The Roadmap view as Copy Chart renders it (its size, its theme, twice
 * the pixels), with the band @band or none. */
static GBytes *
render_like_copy (StrataWindow          *window,
                  const StrataRoadmapMc *band)
{
  GtkWidget *view = GTK_WIDGET (window->roadmap_view);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  StrataChartRequest request;

  _strata_window_build_request (window, &request);
  request.theme = strata_chart_view_get_theme (window->roadmap_view);
  request.transparent = FALSE;
  request.roadmap_monte_carlo = band;
  png = strata_chart_render_png (STRATA_CHART_ROADMAP, &request, gtk_widget_get_width (view),
                                 gtk_widget_get_height (view), 2, &error);
  g_assert_no_error (error);
  texture = gdk_texture_new_from_bytes (png, &error);
  g_assert_no_error (error);
  return texture_pixels (texture);
}

static char *
read_text (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

/* The deck folder's page of @name ("roadmap"), by its numbered stem. */
static char *
deck_page (const char *dir,
           const char *name,
           const char *extension)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  g_autofree char *suffix = g_strdup_printf ("-%s.%s", name, extension);
  const char *entry;

  g_assert_nonnull (listing);
  while ((entry = g_dir_read_name (listing)) != NULL)
    if (g_str_has_suffix (entry, suffix))
      return g_build_filename (dir, entry, NULL);
  g_assert_not_reached ();
}

/* Issue 14: what leaves the Roadmap page carries the band it shows.
 * Copy Chart is the view with the band, pixel for pixel; Export writes
 * it (the SVG's P(savings > 0) as text); Copy Data has its P10-P90
 * columns; a deck from the window shades it on its roadmap page; and the
 * view's accessible description gives P(savings > 0) with the same
 * figure as the chart.  Before the band is there, Copy Data has none. */
static void
test_roadmap_exports_band (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *svg_path = NULL;
  g_autofree char *svg = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *page = NULL;
  g_autofree char *page_text = NULL;
  g_autofree char *page_csv = NULL;
  g_autofree char *share = NULL;
  g_autofree char *said = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) copy = NULL;
  g_autoptr(GBytes) copied = NULL;
  g_autoptr(GBytes) with_band = NULL;
  g_autoptr(GBytes) without_band = NULL;
  StrataExportSettings settings = { STRATA_EXPORT_SVG, 1280, 720, 1, STRATA_THEME_LIGHT, FALSE, TRUE, NULL };
  const StrataRoadmapMc *mc;
  StrataWindow *window;
  const char *description;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  dir = g_dir_make_tmp ("strata-roadmap-band-XXXXXX", &error);
  g_assert_no_error (error);
  svg_path = g_build_filename (dir, "roadmap.svg", NULL);
  window = open_sample_window (app, "ai-cloud-stack");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.view", "s", "roadmap"));

  /* While it runs: no band anywhere. */
  g_assert_null (_strata_window_get_roadmap_band (window));
  csv = _strata_window_dup_data_csv (window);
  g_assert_null (strstr (csv, "P10"));
  g_clear_pointer (&csv, g_free);

  mc = wait_for_roadmap_mc (window);
  wait_for_drawn (window->roadmap_view);

  /* Copy Chart: the view's pixels with the band, not those without. */
  copy = _strata_window_render_copy (window, &error);
  g_assert_no_error (error);
  copied = texture_pixels (copy);
  with_band = render_like_copy (window, mc);
  without_band = render_like_copy (window, NULL);
  g_assert_true (g_bytes_equal (copied, with_band));
  g_assert_false (g_bytes_equal (copied, without_band));

  /* Export: the figure in the file, as text. */
  g_assert_true (_strata_window_export_to_file (window, &settings, svg_path, &error));
  g_assert_no_error (error);
  svg = read_text (svg_path);
  g_assert_nonnull (strstr (svg, "P(savings &gt; 0): roadmap"));

  /* Copy Data / Export Data: the band's columns. */
  csv = _strata_window_dup_data_csv (window);
  g_assert_nonnull (strstr (csv, "cumulative discounted savings P10 ("));

  /* The deck's roadmap page. */
  g_assert_true (_strata_window_export_deck_dir (window, STRATA_EXPORT_SVG, dir, &error));
  g_assert_no_error (error);
  wait_for_decks (window);
  page = deck_page (dir, "roadmap", "svg");
  page_text = read_text (page);
  g_assert_nonnull (strstr (page_text, "P(savings &gt; 0): roadmap"));
  g_clear_pointer (&page, g_free);
  page = deck_page (dir, "roadmap", "csv");
  page_csv = read_text (page);
  g_assert_cmpstr (page_csv, ==, csv);

  /* The description: the chart's P(savings > 0) of the optimal roadmap. */
  share = strata_format_share (strata_roadmap_mc_find (mc, NULL)->positive_share);
  said = g_strdup_printf ("P(savings > 0) %s for the optimal roadmap", share);
  description = wait_for_description (window->roadmap_view, said);
  g_assert_nonnull (strstr (description, "draws"));

  close_window (window);
  test_remove_tree (dir);
}

/* Links that couple the layers beyond the optimal roadmap's exact search:
 * the view's band is adopting the current strategy now (the run failed,
 * and the view said so in its corner, with no band). */
static void
test_too_coupled (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "horizon", "too-coupled.strata.json",
                                                 NULL);
  g_autoptr(StrataRoadmapMc) fresh = NULL;
  g_autoptr(GError) error = NULL;
  StrataRoadmapMcParams params = { 0 };
  const StrataStrategy *current[1];
  StrataChartRequest request;
  StrataWindow *window;
  const StrataRoadmapMc *mc;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  window = open_file_window (app, path);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.view", "s", "roadmap"));
  mc = wait_for_roadmap_mc (window);
  g_assert_nonnull (mc);
  g_assert_false (gtk_widget_get_visible (window->roadmap_status));
  g_assert_true (_strata_window_get_roadmap_band (window) == mc);
  _strata_window_build_request (window, &request);
  current[0] = request.strategies[request.current];
  g_assert_cmpstr (current[0]->id, ==, "mine");
  /* Adopting now alone, as a run of that alone gives it. */
  params.n_draws = 2000;
  params.seed = 1;
  params.objective = STRATA_HORIZON_EFFECTIVE;
  params.strategies = current;
  params.n_strategies = 1;
  fresh = strata_roadmap_mc_run (request.dataset, &params, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mc->n_plans, ==, 1);
  g_assert_cmpstr (mc->plans[0].strategy_id, ==, "mine");
  assert_plans_equal (&mc->plans[0], &fresh->plans[0], mc->n_years);
  wait_for_drawn (window->roadmap_view);
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
  gui_test_add ("/strata/gui-roadmap/exports-band", test_roadmap_exports_band);
  gui_test_add ("/strata/gui-roadmap/horizon-card-adopts", test_horizon_card_adopts);
  gui_test_add ("/strata/gui-roadmap/too-coupled", test_too_coupled);

  ret = g_test_run ();

  g_clear_object (&app);
  return ret;
}

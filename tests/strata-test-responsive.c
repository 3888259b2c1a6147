/* strata-test-responsive.c: how long the app's main thread is blocked
 * while it opens a large file and the user goes through every view
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "strata-chart-view-private.h"
#include "strata-test-responsive.h"
#include "strata-test-watch.h"
#include "strata-window-private.h"

/* -- When the window has settled ------------------------------------------- */

/* Every chart view on screen has the picture of its current request. */
static gboolean
views_drawn (StrataWindow *window)
{
  StrataChartView *views[] = { window->cost_curves_view, window->value_chain_view, window->compare_view,
                               window->ladder_view, window->tornado_view, window->roadmap_view,
                               window->chances_view };

  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    /* A page not shown yet has no view (strata-window-pages.c). */
    if (views[i] != NULL && gtk_widget_get_mapped (GTK_WIDGET (views[i])) && gtk_widget_get_width (GTK_WIDGET (views[i])) > 0 &&
        (!_strata_chart_view_is_drawn (views[i]) || _strata_chart_view_get_progress (views[i]) >= 0))
      return FALSE;
  return TRUE;
}

/* The sidebar's lists hold every layer and strategy (they grow over a few
 * frames). */
static gboolean
lists_full (StrataWindow *window)
{
  StrataDataset *dataset = _strata_window_get_dataset (window);

  return dataset == NULL ||
         (g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (window->layers_list))) ==
          dataset->n_layers &&
          g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (window->compare_list))) ==
          dataset->n_strategies);
}

static gboolean
window_settled (StrataWindow *window)
{
  gboolean chances_running = FALSE;

  if (!gtk_widget_get_mapped (GTK_WIDGET (window)) || _strata_window_is_loading (window))
    return FALSE;
  _strata_window_get_chances (window, &chances_running, NULL, NULL);
  /* Before a file the views have nothing to draw. */
  /* The inspector makes its page's rows a few at a time. */
  return !chances_running && (_strata_window_get_dataset (window) == NULL || views_drawn (window)) &&
         lists_full (window) && !_strata_window_is_finding_breakeven (window) &&
         !_strata_inspector_is_making (_strata_window_get_inspector (window));
}

typedef struct
{
  StrataWindow     *window;
  TestWatch         watch;
  guint             paints;
  GdkFrameClock    *clock;
  guint             deadline_s;
  ResponsiveReport  report;
  gpointer          data;
} Run;

static void
on_after_paint_cb (GdkFrameClock *clock,
                   Run           *run)
{
  run->paints++;
}

/* Turns the main loop until the window has settled and painted since
 * the step began (at least 250 ms, for work deferred to idle callbacks),
 * then reports the step. */
static void
finish_step (Run        *run,
             const char *name,
             gint64      start)
{
  ResponsiveStep step = { name, 0, 0, 0, FALSE, run->paints == 0, g_str_has_prefix (name, "open ") };
  gint64 deadline = start + (gint64) run->deadline_s * G_USEC_PER_SEC;
  guint paints = run->paints;

  for (;;)
    {
      gint64 now = g_get_monotonic_time ();

      step.settled = window_settled (run->window) && run->paints > paints && now - start >= 250000;
      if (step.settled || now >= deadline)
        break;
      g_main_context_iteration (NULL, TRUE);
    }
  test_watch_tick (&run->watch);
  step.seconds = (g_get_monotonic_time () - start) / 1e6;
  step.longest_ms = run->watch.longest / 1000.0;
  step.longest_cpu_ms = run->watch.longest_cpu / 1000.0;
  run->report (&step, run->data);
}

/* -- The steps --------------------------------------------------------------- */

static void
show_view (Run        *run,
           const char *view)
{
  gint64 start = g_get_monotonic_time ();

  test_watch_reset (&run->watch);
  strata_window_set_view (run->window, view);
  finish_step (run, view, start);
}

static void
flip_top_layer (Run *run)
{
  StrataDataset *dataset = _strata_window_get_dataset (run->window);
  gint64 start = g_get_monotonic_time ();

  test_watch_reset (&run->watch);
  gtk_widget_activate_action (GTK_WIDGET (run->window), "win.flip-layer", "u", dataset->n_layers - 1);
  finish_step (run, "flip the top layer", start);
}

/* The strategy drop-down on Optimal: an optimum at every volume of the
 * strip's break-even against All neutral. */
static void
pick_optimal (Run *run)
{
  StrataDataset *dataset = _strata_window_get_dataset (run->window);
  const StrataStrategy *optimal = strata_dataset_find_strategy (dataset, STRATA_STRATEGY_OPTIMAL);
  gint64 start = g_get_monotonic_time ();

  g_assert_nonnull (optimal);
  test_watch_reset (&run->watch);
  gtk_drop_down_set_selected (run->window->strategy_dropdown, (guint) (optimal - dataset->strategies));
  finish_step (run, "strategy: Optimal", start);
}

static void
scroll_layers (Run *run)
{
  StrataDataset *dataset = _strata_window_get_dataset (run->window);
  gint64 start = g_get_monotonic_time ();

  test_watch_reset (&run->watch);
  gtk_widget_activate_action (GTK_WIDGET (run->window->layers_list), "list.scroll-to-item", "u",
                              dataset->n_layers - 1);
  finish_step (run, "scroll to the stack's bottom", start);
}

static void
inspect (Run        *run,
         const char *key,
         const char *name)
{
  gint64 start = g_get_monotonic_time ();

  test_watch_reset (&run->watch);
  _strata_window_inspect (run->window, key, TRUE);
  finish_step (run, name, start);
}

static void
back_to_scenario (Run *run)
{
  gint64 start = g_get_monotonic_time ();

  test_watch_reset (&run->watch);
  gtk_stack_set_visible_child_name (run->window->sidebar_stack, "scenario");
  finish_step (run, "sidebar: scenario", start);
}

static void
undo (Run *run)
{
  gint64 start = g_get_monotonic_time ();

  test_watch_reset (&run->watch);
  strata_scenario_undo (_strata_window_get_scenario (run->window));
  finish_step (run, "undo", start);
}

StrataWindow *
responsive_run (StrataApplication *app,
                const char        *path,
                guint              deadline_s,
                ResponsiveFlags    flags,
                ResponsiveReport   report,
                gpointer           data)
{
  static const char *const views[] = { "value-chain", "compare", "ladder", "tornado", "chances", "roadmap",
                                       "cost-curves" };
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  Run run = { NULL, { 0 }, 0, NULL, deadline_s, report, data };
  StrataDataset *dataset;
  g_autofree char *top = NULL;
  guint source;
  gint64 start;

  source = g_timeout_add (2, test_watch_tick, &run.watch);

  /* A window first (realizing it, and the renderer's first frame, is the
   * same for every file), then the file in it. */
  start = g_get_monotonic_time ();
  test_watch_reset (&run.watch);
  run.window = strata_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (run.window), 1280, 800);
  gtk_window_present (GTK_WINDOW (run.window));
  run.clock = g_object_ref (gtk_widget_get_frame_clock (GTK_WIDGET (run.window)));
  g_signal_connect (run.clock, "after-paint", G_CALLBACK (on_after_paint_cb), &run);
  finish_step (&run, "a new window", start);

  start = g_get_monotonic_time ();
  test_watch_reset (&run.watch);
  strata_window_open (run.window, file);
  finish_step (&run, "open the file (cost curves)", start);

  dataset = _strata_window_get_dataset (run.window);
  if (dataset != NULL)
    {
      for (guint i = 0; i < G_N_ELEMENTS (views); i++)
        if (strcmp (views[i], "roadmap") != 0 || dataset->horizon != NULL)
          show_view (&run, views[i]);
      flip_top_layer (&run);
      pick_optimal (&run);
      scroll_layers (&run);
      if (flags & RESPONSIVE_INSPECTOR)
        {
          top = g_strconcat ("layer:", dataset->layers[dataset->n_layers - 1].id, NULL);
          inspect (&run, top, "inspector: a layer");
          inspect (&run, "links", "inspector: links");
          inspect (&run, "strategies", "inspector: strategies");
          back_to_scenario (&run);
        }
      undo (&run);
    }

  g_source_remove (source);
  if (run.clock != NULL)
    {
      g_signal_handlers_disconnect_by_data (run.clock, &run);
      g_object_unref (run.clock);
    }
  return run.window;
}

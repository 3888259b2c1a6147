/* test-responsive.c: the window keeps turning on a large file
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "strata-test-gui.h"
#include "strata-test-responsive.h"
#include "strata-layer-row-private.h"
#include "strata-window-private.h"

/*
 * Issue 16, finding 3: opening a near-limit file froze the window for
 * 7 to 45 s (a GtkListBox row per layer, a check button per strategy,
 * the strip's break-even on the main thread).  This opens a generated
 * 400-layer, 256-strategy file (tests/meson.build runs
 * tests/bench/gen-near-limit.py for it) in the app, goes through every
 * view, a flip, Optimal, the bottom of the layer list and an undo, and
 * fails when the main thread is blocked for longer than
 * a bound in any step.  The bound is on the main thread's own CPU time in
 * its longest block (a loaded machine stretches the wall time, not that:
 * under the full suite on 2 loaded cores a 100 ms block can take 2 s of
 * wall time); the wall time has a loose bound that catches a main thread
 * waiting on something (a lock, a worker).  Sanitized builds (the CI's hardening
 * stage sets ASAN_OPTIONS) run every instruction several times slower.
 * tests/bench/bench-near-limit prints the same steps' figures on the
 * near-limit file itself.
 */

static StrataApplication *app;

typedef struct
{
  double   cpu_bound_ms;
  double   wall_bound_ms;
  guint    n_steps;
  GString *failures;
} Bounds;

static void
check_step_cb (const ResponsiveStep *step,
               gpointer              data)
{
  Bounds *bounds = data;

  g_test_message ("%-30s %6.1f s, longest block %7.1f ms wall, %7.1f ms main-thread CPU%s", step->name,
                  step->seconds, step->longest_ms, step->longest_cpu_ms, step->settled ? "" : ", not settled");
  bounds->n_steps++;
  /* Realizing a window and its renderer's first frame (shaders compiled
   * in software under xvfb) is start-up, the same for every file. */
  if (step->new_window)
    return;
  if (!step->settled)
    g_string_append_printf (bounds->failures, "%s: not settled in %.0f s\n", step->name, step->seconds);
  if (step->longest_cpu_ms > bounds->cpu_bound_ms)
    g_string_append_printf (bounds->failures, "%s: the main thread worked %.1f ms without a turn of the "
                            "main loop (bound %.0f ms)\n", step->name, step->longest_cpu_ms, bounds->cpu_bound_ms);
  if (step->longest_ms > bounds->wall_bound_ms)
    g_string_append_printf (bounds->failures, "%s: the main loop stood still for %.1f ms (bound %.0f ms)\n",
                            step->name, step->longest_ms, bounds->wall_bound_ms);
}

static void
test_large_file (void)
{
  const char *path = g_getenv ("STRATA_LARGE_STACK");
  double scale = g_getenv ("ASAN_OPTIONS") != NULL ? 4 : 1;
  Bounds bounds = { 200 * scale, 10000 * scale, 0, g_string_new (NULL) };
  StrataWindow *window;
  StrataDataset *dataset;

  if (app == NULL)
    {
      g_test_skip ("no display");
      g_string_free (bounds.failures, TRUE);
      return;
    }
  g_assert_nonnull (path);

  /* Not the inspector yet: its pages make a row per field (a layer of 8
   * options about 0.35 s, a strategy of 400 layers 1.4 s of main-thread
   * CPU here); tests/bench/bench-near-limit measures them. */
  window = responsive_run (app, path, 120, RESPONSIVE_DEFAULT, check_step_cb, &bounds);
  dataset = _strata_window_get_dataset (window);
  g_assert_nonnull (dataset);
  g_assert_cmpuint (dataset->n_layers, ==, 400);
  g_assert_cmpuint (dataset->n_strategies, >=, 256);
  /* A window, the file in it, five views and back to the first, a flip,
   * a strategy, the scroll and undo (no horizon: no roadmap). */
  g_assert_cmpuint (bounds.n_steps, ==, 12);

  /* The list made rows for what is near the screen, not for 400 layers;
   * scrolled to the bottom of the stack, a recycled row shows layer 0. */
  g_assert_cmpuint (window->rows->len, >, 0);
  g_assert_cmpuint (window->rows->len, <, dataset->n_layers);
  {
    GtkWidget *bottom = _strata_window_get_layer_row (window, 0);

    g_assert_nonnull (bottom);
    g_assert_true (strata_layer_row_get_layer (STRATA_LAYER_ROW (bottom)) == &dataset->layers[0]);
  }

  if (bounds.failures->len > 0)
    g_error ("%s", bounds.failures->str);
  g_string_free (bounds.failures, TRUE);
  close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  app = start_gui_app ();

  g_test_add_func ("/strata/responsive/large-file", test_large_file);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}

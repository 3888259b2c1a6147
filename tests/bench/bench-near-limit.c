/* bench-near-limit.c: how long the main thread is blocked while the app
 * opens a near-limit file and shows each view (issue 16, finding 3)
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   python3 tests/bench/gen-near-limit.py > /tmp/near-limit.strata.json
 *   xvfb-run -a build/tests/bench/bench-near-limit /tmp/near-limit.strata.json
 *
 * A 2 ms timer on the main loop: the longest gap between two of its ticks
 * is the longest the main thread was blocked (a frame at 60 Hz is 16 ms).
 * It opens the file in a window of the app (as `strata FILE` does), waits
 * for it to be shown, then shows each view in turn and waits until its
 * chart is drawn (the workers' model work can take seconds there; the
 * window must keep turning meanwhile).  Prints, per step, the wall time it
 * took and the longest block of the main thread.
 */

#include "config.h"

#include <stdio.h>

#include <adwaita.h>

#include "strata-application.h"
#include "strata-chart-view-private.h"
#include "strata-window.h"
#include "strata-window-private.h"

typedef struct
{
  gint64 last;
  gint64 longest;
} Watchdog;

static Watchdog dog;

static gboolean
tick_cb (gpointer data)
{
  gint64 now = g_get_monotonic_time ();

  if (dog.last != 0)
    dog.longest = MAX (dog.longest, now - dog.last);
  dog.last = now;
  return G_SOURCE_CONTINUE;
}

static void
watch_start (void)
{
  dog.last = g_get_monotonic_time ();
  dog.longest = 0;
}

static double
watch_stop (void)
{
  tick_cb (NULL);
  return dog.longest / 1000.0;
}

static gboolean
window_ready (StrataWindow *window)
{
  return gtk_widget_get_mapped (GTK_WIDGET (window)) && _strata_window_get_dataset (window) != NULL;
}

/* The chart view of @kind that is on screen, or NULL. */
static StrataChartView *
mapped_view (GtkWidget       *widget,
             StrataChartKind  kind)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      StrataChartView *found;

      if (STRATA_IS_CHART_VIEW (child) && gtk_widget_get_mapped (child) &&
          strata_chart_view_get_kind (STRATA_CHART_VIEW (child)) == kind)
        return STRATA_CHART_VIEW (child);
      if ((found = mapped_view (child, kind)) != NULL)
        return found;
    }
  return NULL;
}

static StrataWindow *the_window;
static StrataChartKind the_kind;

/* The view asked for is on screen and has drawn its picture. */
static gboolean
view_shown_and_drawn (gpointer data)
{
  StrataChartView *view = mapped_view (GTK_WIDGET (the_window), the_kind);

  return view != NULL && gtk_widget_get_width (GTK_WIDGET (view)) > 0 && _strata_chart_view_is_drawn (view);
}

/* Every chart view of the window that is mapped has drawn its picture. */
static gboolean
views_drawn (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (STRATA_IS_CHART_VIEW (child) && gtk_widget_get_mapped (child) &&
          gtk_widget_get_width (child) > 0 && !_strata_chart_view_is_drawn (STRATA_CHART_VIEW (child)))
        return FALSE;
      if (!views_drawn (child))
        return FALSE;
    }
  return TRUE;
}

static gboolean
wait_until (gboolean (*done) (gpointer),
            gpointer   data,
            int        seconds)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) seconds * G_USEC_PER_SEC;

  while (!done (data) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  return done (data);
}

int
main (int   argc,
      char *argv[])
{
  const char *views[] = { "cost-curves", "value-chain", "compare", "ladder", "tornado" };
  g_autoptr(StrataApplication) app = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  StrataWindow *window;
  gint64 t0;
  double worst = 0;

  if (argc != 2)
    {
      fprintf (stderr, "usage: %s NEAR-LIMIT.strata.json (tests/bench/gen-near-limit.py writes one)\n", argv[0]);
      return 2;
    }
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  if (!gtk_init_check ())
    {
      fprintf (stderr, "no display: run under xvfb-run -a\n");
      return 2;
    }
  adw_init ();
  app = strata_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_OPEN);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  g_timeout_add (2, tick_cb, NULL);

  file = g_file_new_for_commandline_arg (argv[1]);
  t0 = g_get_monotonic_time ();
  watch_start ();
  window = strata_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  strata_window_open (window, file);
  gtk_window_present (GTK_WINDOW (window));
  if (!wait_until ((gboolean (*) (gpointer)) window_ready, window, 300))
    {
      fprintf (stderr, "the window did not open the file in 300 s\n");
      return 1;
    }
  if (!wait_until ((gboolean (*) (gpointer)) views_drawn, window, 600))
    fprintf (stderr, "the first view was not drawn in 600 s\n");
  worst = watch_stop ();
  printf ("%-24s %8.1f s to drawn, longest main-thread block %7.1f ms\n", "open + cost-curves",
          (g_get_monotonic_time () - t0) / 1e6, worst);
  fflush (stdout);

  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    {
      double block;

      t0 = g_get_monotonic_time ();
      watch_start ();
      strata_window_set_view (window, views[i]);
      the_window = window;
      if (!strata_chart_kind_from_string (views[i], &the_kind))
        return 2;
      if (!wait_until (view_shown_and_drawn, NULL, 600))
        fprintf (stderr, "%s was not drawn in 600 s\n", views[i]);
      block = watch_stop ();
      worst = MAX (worst, block);
      printf ("%-24s %8.1f s to drawn, longest main-thread block %7.1f ms\n", views[i],
              (g_get_monotonic_time () - t0) / 1e6, block);
      fflush (stdout);
    }
  printf ("longest main-thread block over every step: %.1f ms\n", worst);
  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}

/* strata-test-gui.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "strata-test-gui.h"
#include "strata-window-private.h"

static gboolean
timeout_cb (gpointer data)
{
  gboolean *done = data;

  *done = TRUE;
  return G_SOURCE_REMOVE;
}

void
iterate_for (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

void
wait_for_drawn (StrataChartView *view)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!_strata_chart_view_is_drawn (view) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (_strata_chart_view_is_drawn (view));
}

StrataWindow *
open_sample_window (StrataApplication *app,
                    const char        *sample)
{
  StrataWindow *window = strata_window_new (app);
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  strata_window_open_sample (window, sample);
  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (GTK_WIDGET (window)) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window)));
  iterate_for (100);
  g_assert_nonnull (_strata_window_get_dataset (window));
  return window;
}

void
close_window (StrataWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  iterate_for (50);
}

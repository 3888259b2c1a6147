/* strata-startup-probe.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "strata-startup-probe.h"

/*
 * For tests/bench/bench-startup: with STRATA_PROBE_FIRST_FRAME set in the
 * environment, the first frame a window paints prints
 *
 *   first-frame <CLOCK_MONOTONIC microseconds>
 *
 * on standard output and ends the process.  The benchmark's bare
 * libadwaita window compiles this same file, so both are measured the
 * same way.  Without the variable this does nothing.
 */

static void
on_after_paint_cb (GdkFrameClock *frame_clock,
                   GtkWidget     *widget)
{
  printf ("first-frame %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  fflush (stdout);
  _exit (0);
}

static void
on_realize_cb (GtkWidget *widget)
{
  GdkFrameClock *frame_clock = gtk_widget_get_frame_clock (widget);

  g_signal_connect (frame_clock, "after-paint", G_CALLBACK (on_after_paint_cb), widget);
}

void
_strata_startup_probe_attach (GtkWindow *window)
{
  static gboolean attached;

  if (attached || g_getenv ("STRATA_PROBE_FIRST_FRAME") == NULL)
    return;

  attached = TRUE;
  g_signal_connect (window, "realize", G_CALLBACK (on_realize_cb), NULL);
}

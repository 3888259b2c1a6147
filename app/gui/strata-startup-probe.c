/* strata-startup-probe.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
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
 *
 * With STRATA_PROBE_FIRST_FRAME=phases it also prints, before that line,
 * one line per phase of the start:
 *
 *   phase <name> <main thread CPU us> <process CPU us> <CLOCK_MONOTONIC us>
 *
 * at the window's creation ("window"), its realization ("realize"), the
 * first frame's start ("frame"), the end of its layout ("layout") and
 * the end of its painting ("paint": snapshot and render), for
 * `bench-startup --phases`.  STRATA_PROBE_NODES=FILE also writes the
 * window's render nodes after that frame to FILE.
 */

static gboolean phases;

static gint64
cpu_us (clockid_t clock)
{
  struct timespec ts;

  clock_gettime (clock, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static void
print_phase (const char *name)
{
  if (phases)
    printf ("phase %s %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT "\n", name,
            cpu_us (CLOCK_THREAD_CPUTIME_ID), cpu_us (CLOCK_PROCESS_CPUTIME_ID), g_get_monotonic_time ());
}

/* STRATA_PROBE_NODES=FILE: the window's render nodes as it stands after
 * its first frame (GTK's text format, as the inspector saves them), to
 * see what the first frame asks the renderer for. */
static void
write_nodes (GtkWidget *widget)
{
  const char *path = g_getenv ("STRATA_PROBE_NODES");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  GtkSnapshot *snapshot;

  if (path == NULL)
    return;
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, gtk_widget_get_width (widget), gtk_widget_get_height (widget));
  node = gtk_snapshot_free_to_node (snapshot);
  if (node != NULL)
    gsk_render_node_write_to_file (node, path, NULL);
}

static void
on_after_paint_cb (GdkFrameClock *frame_clock,
                   GtkWidget     *widget)
{
  printf ("first-frame %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  fflush (stdout);
  write_nodes (widget);
  _exit (0);
}

static void
on_before_paint_cb (GdkFrameClock *frame_clock)
{
  g_signal_handlers_disconnect_by_func (frame_clock, on_before_paint_cb, NULL);
  print_phase ("frame");
}

static void
on_layout_cb (GdkFrameClock *frame_clock)
{
  g_signal_handlers_disconnect_by_func (frame_clock, on_layout_cb, NULL);
  print_phase ("layout");
}

static void
on_paint_cb (GdkFrameClock *frame_clock)
{
  g_signal_handlers_disconnect_by_func (frame_clock, on_paint_cb, NULL);
  print_phase ("paint");
}

static void
on_realize_cb (GtkWidget *widget)
{
  GdkFrameClock *frame_clock = gtk_widget_get_frame_clock (widget);

  print_phase ("realize");
  /* GDK connected its own handlers when it made the surface: these run
   * after them, at the end of each phase. */
  g_signal_connect (frame_clock, "before-paint", G_CALLBACK (on_before_paint_cb), NULL);
  g_signal_connect (frame_clock, "layout", G_CALLBACK (on_layout_cb), NULL);
  g_signal_connect (frame_clock, "paint", G_CALLBACK (on_paint_cb), NULL);
  g_signal_connect (frame_clock, "after-paint", G_CALLBACK (on_after_paint_cb), widget);
}

void
_strata_startup_probe_attach (GtkWindow *window)
{
  static gboolean attached;
  const char *probe = g_getenv ("STRATA_PROBE_FIRST_FRAME");

  if (attached || probe == NULL)
    return;

  attached = TRUE;
  phases = strcmp (probe, "phases") == 0;
  print_phase ("window");
  g_signal_connect (window, "realize", G_CALLBACK (on_realize_cb), NULL);
}

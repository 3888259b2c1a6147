/* strata-test-watch.h: how long the main thread was blocked
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * A timer on the main loop (test_watch_tick () as its GSourceFunc, a few
 * milliseconds apart) measures how long the main thread was blocked: the
 * longest gap between two ticks, in wall time and in the main thread's
 * own CPU time.  A loaded machine stretches the wall time (it includes the
 * turns other processes take on the cores) but not the CPU time, so
 * bounds in tests are on the CPU time (issue 16, finding 3).
 */
typedef struct
{
  gint64 last;
  gint64 last_cpu;
  gint64 longest;      /* µs, wall time */
  gint64 longest_cpu;  /* µs, the main thread's CPU time */
} TestWatch;

/* Starts a new measurement from now. */
void     test_watch_reset (TestWatch *watch);

/* One tick; @watch is a TestWatch.  Returns G_SOURCE_CONTINUE. */
gboolean test_watch_tick  (gpointer   watch);

G_END_DECLS

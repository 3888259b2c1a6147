/* strata-test-responsive.h: how long the app's main thread is blocked
 * while it opens a large file and the user goes through every view
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "strata-application.h"
#include "strata-window.h"

G_BEGIN_DECLS

/*
 * Issue 16, finding 3: a near-limit file froze the window for tens of
 * seconds.  A 2 ms timer on the main loop measures it: the longest gap
 * between two of its ticks is the longest the main thread was blocked (a
 * frame at 60 Hz is 16 ms).  Each gap is also measured in the main
 * thread's own CPU time, which a loaded machine does not stretch (wall
 * time includes the turns other processes take on the cores).
 *
 * tests/test-responsive.c asserts a bound on a 400-layer file;
 * tests/bench/bench-near-limit prints the figures of the near-limit one.
 */

typedef struct
{
  const char *name;        /* "open", "ladder", "flip a layer", … */
  double      seconds;     /* wall time until the window had settled */
  double      longest_ms;  /* the longest main-loop block, wall time */
  double      longest_cpu_ms; /* the main thread's CPU time in its longest block */
  gboolean    settled;     /* every chart drawn and the strip's figures there in time */
  gboolean    new_window;  /* the window's own first show, before any file */
  gboolean    opens_file;  /* the file opened in the window */
} ResponsiveStep;

typedef enum
{
  RESPONSIVE_DEFAULT   = 0,
  /* Also the inspector on a layer, the links and the strategies. */
  RESPONSIVE_INSPECTOR = 1 << 0,
} ResponsiveFlags;

typedef void (*ResponsiveReport) (const ResponsiveStep *step,
                                  gpointer              data);

/* Shows a new 1280x800 window of @app, opens @path in it as `strata FILE`
 * does and waits until it has settled (the file loaded, the chart drawn,
 * the strip's break-even there), then, each a step reported to @report: shows
 * every view in turn, flips the top layer, picks Optimal, scrolls the
 * layers to the bottom of the stack, with RESPONSIVE_INSPECTOR opens the
 * inspector on a layer, on the links and on the strategies and goes
 * back, and undoes.  A step that does
 * not settle within @deadline_s seconds is reported unsettled and the
 * next one starts.  Returns the window (destroy it). */
StrataWindow *responsive_run (StrataApplication *app,
                              const char        *path,
                              guint              deadline_s,
                              ResponsiveFlags    flags,
                              ResponsiveReport   report,
                              gpointer           data);

G_END_DECLS

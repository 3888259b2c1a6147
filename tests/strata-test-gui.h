/* strata-test-gui.h: what every GUI test does to wait for the app
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "strata/strata-roadmap-mc.h"
#include "strata/strata-uncertainty.h"

#include "strata-application.h"
#include "strata-chart-view-private.h"
#include "strata-window.h"

G_BEGIN_DECLS

/* Turns the main loop until @widget is mapped and has been given a size
 * (10 s at most), and asserts it. */
void          wait_for_allocation  (GtkWidget         *widget);

/* Turns the main loop until @view has drawn its picture (10 s at most)
 * and asserts that it has. */
void          wait_for_drawn       (StrataChartView   *view);

/* Turns the main loop until @view has drawn its picture at its size and
 * has no picture in the works (10 s at most), and asserts it. */
void          wait_for_view_settled (StrataChartView  *view);
/* Waits (10 s at most) until @view's accessible description contains
 * @must_contain, logs it and returns it (asserting it does). */
const char   *wait_for_description (StrataChartView  *view,
                                    const char       *must_contain);

/* Turns the main loop until @window is mapped and allocated, has a
 * dataset and no load under way, and its chart view (when mapped) has
 * settled (10 s at most), and asserts it. */
void          wait_for_settled     (StrataWindow      *window);
/* The same, @seconds at most (a large file under the sanitizers). */
void          wait_for_settled_for (StrataWindow      *window,
                                    guint              seconds);

/* A 1280x800 window of @app on the bundled sample @sample, settled
 * (wait_for_settled ()). */
StrataWindow *open_sample_window   (StrataApplication *app,
                                    const char        *sample);
void          close_window         (StrataWindow      *window);

/* After g_test_init(): GTK and libadwaita, and a registered application
 * that does not need the session bus; NULL without a display (an error
 * under CI, where the GUI tests must run under xvfb-run). */
StrataApplication *start_gui_app   (void);

/* g_test_add_func () for a test that opens windows: GTK 4.8's tooltip
 * timer criticizes a surface that tests close faster than a user (see
 * fatal_log_cb ()); that one GTK-internal message is not fatal there. */
void          gui_test_add         (const char        *path,
                                    GTestFunc          func);

typedef gboolean (*TestCondition) (gpointer data);

/* Turns the main loop until @condition holds (10 s at most); returns
 * whether it holds. */
gboolean      wait_until           (TestCondition      condition,
                                    gpointer           data);
/* The same, @seconds at most. */
gboolean      wait_until_for       (TestCondition      condition,
                                    gpointer           data,
                                    guint              seconds);

/* Turns the main loop until every deck the window started is written
 * (Export Deck draws in a worker; 60 s at most). */
void          wait_for_decks       (StrataWindow      *window);

/* g_test_init() with software rendering and settings in memory, then
 * start_gui_app(). */
StrataApplication *start_gui_tests (int               *argc,
                                    char            ***argv);

/* Turns the main loop until the window's Chances run (or Roadmap run)
 * has finished and is on show (30 s at most), and returns it. */
const StrataMonteCarlo *
              wait_for_chances     (StrataWindow      *window);
const StrataRoadmapMc *
              wait_for_roadmap_mc  (StrataWindow      *window);
/* Turns the main loop until @n runs of the window's Chances
 * (STRATA_CHART_CHANCES) or Roadmap (STRATA_CHART_ROADMAP) have reported
 * back cancelled (10 s at most); returns how many have. */
guint         wait_for_cancelled_runs (StrataWindow   *window,
                                    StrataChartKind    kind,
                                    guint              n);

/* A 1280x800 window of @app on the file at @path, mapped, with its
 * dataset loaded and the file as the one Save writes. */
StrataWindow *open_file_window     (StrataApplication *app,
                                    const char        *path);

/* The colour of @widget's pixel at (@x, @y) as drawn (red, green, blue,
 * 0-255), rendered by its window's renderer. */
void          test_widget_pixel    (GtkWidget         *widget,
                                    int                x,
                                    int                y,
                                    int               *rgb);

/* Runs @check here, then again in a subprocess of the test under
 * GTK_THEME=Adwaita:dark (a stylesheet without libadwaita's colours, which
 * paints buttons with gradients), asserting that it passes there too. */
void          test_check_also_under_gtk_theme (GTestFunc check);

G_END_DECLS

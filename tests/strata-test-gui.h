/* strata-test-gui.h: what every GUI test does to wait for the app
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "strata-application.h"
#include "strata-chart-view-private.h"
#include "strata-window.h"

G_BEGIN_DECLS

/* Turns the main loop for @ms milliseconds (settling, never a wait for a
 * result: wait on the condition instead). */
void          iterate_for          (guint              ms);

/* Turns the main loop until @view has drawn its picture (10 s at most)
 * and asserts that it has. */
void          wait_for_drawn       (StrataChartView   *view);

/* A 1280x800 window of @app on the bundled sample @sample, mapped, with
 * its dataset loaded. */
StrataWindow *open_sample_window   (StrataApplication *app,
                                    const char        *sample);
void          close_window         (StrataWindow      *window);

G_END_DECLS

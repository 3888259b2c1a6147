/* strata-chart-view-private.h
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "strata/strata-chart.h"

G_BEGIN_DECLS

#define STRATA_TYPE_CHART_VIEW (strata_chart_view_get_type ())

G_DECLARE_FINAL_TYPE (StrataChartView, strata_chart_view, STRATA, CHART_VIEW, GtkWidget)

GtkWidget       *strata_chart_view_new         (StrataChartKind           kind);
StrataChartKind  strata_chart_view_get_kind    (StrataChartView          *self);
void             strata_chart_view_set_kind    (StrataChartView          *self,
                                                StrataChartKind           kind);
gboolean         strata_chart_view_get_log_y   (StrataChartView          *self);
void             strata_chart_view_set_log_y   (StrataChartView          *self,
                                                gboolean                  log_y);
StrataTheme      strata_chart_view_get_theme   (StrataChartView          *self);
/* Copies @request (the strategies stay borrowed: the caller keeps them
 * alive until the next call or until the view is disposed).  NULL clears. */
void             strata_chart_view_set_request (StrataChartView          *self,
                                                const StrataChartRequest *request);

/* The Monte Carlo drawn with the request (bands on the cost curves, the
 * Chances chart): the view holds a reference; NULL clears. */
typedef struct _StrataChartMc StrataChartMc;
void             _strata_chart_view_set_monte_carlo (StrataChartView *self,
                                                     StrataChartMc   *mc);
StrataChartMc   *_strata_chart_view_get_monte_carlo (StrataChartView *self);

/* For the tests: force drawing in a worker thread (or let the view choose
 * again); whether the picture on
 * screen is the one for the current request and size. */
/* Keeps @inset px free at the right of the chart's title and subtitle,
 * where widgets sit over the chart (the cost curves' Bands and Log Scale). */
void             _strata_chart_view_set_title_inset (StrataChartView *self,
                                                     double           inset);
void             _strata_chart_view_set_threaded (StrataChartView *self,
                                                  gboolean         threaded);
gboolean         _strata_chart_view_is_drawn     (StrataChartView *self);
/* Works out the model's answers behind the chart in a worker now; the
 * view's next drawing waits for them instead of running the model itself.
 * For a window whose first frame is still far off (issue 15). */
void             _strata_chart_view_prepare      (StrataChartView *self);
/* For the tests: whether the picture on screen is the one that worker
 * drew (the main thread laid out and drew nothing of it). */
gboolean         _strata_chart_view_has_first_picture (StrataChartView *self);
/* What the keyboard's point is on (NULL when none); its accessible label
 * reads "2 of 7: " and this. */
const char      *_strata_chart_view_get_point (StrataChartView *self);
/* The progress (0 to 1) of the picture being drawn in a worker, or -1
 * when none is. */
double           _strata_chart_view_get_progress (StrataChartView *self);
/* The accessible description as last set (NULL before the first). */
const char      *_strata_chart_view_get_description (StrataChartView *self);

/* "3.2 B widgets/yr", or "790 M × 1M tokens/yr" when the unit starts with
 * a digit (as strata-cli writes it). */
char            *_strata_format_volume_per_year (double                    volume,
                                                 const char               *unit);

G_END_DECLS

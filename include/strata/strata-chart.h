/* strata-chart.h
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>

#include "strata-dataset.h"
#include "strata-model.h"

G_BEGIN_DECLS

/*
 * The charts: one renderer per kind, drawing onto any cairo_t, shared by
 * strata-cli export, the app's views and the tests.  No GTK here.
 */

typedef enum
{
  STRATA_CHART_COST_CURVES,
  STRATA_CHART_VALUE_CHAIN,
  STRATA_CHART_COMPARE,
  STRATA_CHART_LADDER,
  STRATA_N_CHARTS,
} StrataChartKind;

typedef enum
{
  STRATA_THEME_LIGHT,
  STRATA_THEME_DARK,
  STRATA_THEME_SLIDE,
  STRATA_N_THEMES,
} StrataTheme;

typedef enum
{
  STRATA_EXPORT_PNG,
  STRATA_EXPORT_SVG,
  STRATA_EXPORT_PDF,
} StrataExportFormat;

/* What to draw.  The strategies are borrowed; @current indexes the one the
 * value chain shows and the summary describes (the first by default). */
typedef struct
{
  StrataDataset               *dataset;
  const StrataStrategy *const *strategies;
  guint                        n_strategies;
  guint                        current;
  double                       volume;       /* the current volume */
  StrataTheme                  theme;
  gboolean                     transparent;
  gboolean                     log_y;
} StrataChartRequest;

typedef enum
{
  STRATA_HIT_NONE,
  STRATA_HIT_CURVE,        /* cost curves: strategy, volume, value */
  STRATA_HIT_LAYER,        /* value chain / ladder: layer (and volume on the ladder) */
  STRATA_HIT_BAR,          /* compare: strategy and row */
} StrataHitKind;

typedef struct
{
  StrataHitKind kind;
  guint         strategy;  /* index into request->strategies */
  guint         layer;
  guint         row;
  double        volume;
  double        value;
} StrataHit;

const char *strata_chart_kind_to_string   (StrataChartKind kind);   /* "cost-curves", ... */
gboolean    strata_chart_kind_from_string (const char      *text,
                                           StrataChartKind *kind);
const char *strata_theme_to_string        (StrataTheme      theme);
gboolean    strata_theme_from_string      (const char      *text,
                                           StrataTheme     *theme);

/* Draws the chart filling (0, 0, width, height) in user units of @cr. */
void        strata_chart_draw             (StrataChartKind            kind,
                                           const StrataChartRequest  *request,
                                           cairo_t                   *cr,
                                           double                     width,
                                           double                     height);

/* What lies under (x, y) of a chart drawn at width x height. */
gboolean    strata_chart_hit_test         (StrataChartKind            kind,
                                           const StrataChartRequest  *request,
                                           double                     width,
                                           double                     height,
                                           double                     x,
                                           double                     y,
                                           StrataHit                 *hit);

/* Renders to a file exactly as `strata-cli export` does: PNG in pixels
 * (times @scale), SVG and PDF in points; written atomically through
 * strata_file_write(). */
gboolean    strata_chart_export           (StrataChartKind            kind,
                                           const StrataChartRequest  *request,
                                           StrataExportFormat         format,
                                           int                        width,
                                           int                        height,
                                           double                     scale,
                                           const char                *filename,
                                           GError                   **error);

/* Renders a PNG into memory (for the clipboard). */
GBytes     *strata_chart_render_png       (StrataChartKind            kind,
                                           const StrataChartRequest  *request,
                                           int                        width,
                                           int                        height,
                                           double                     scale,
                                           GError                   **error);

G_END_DECLS

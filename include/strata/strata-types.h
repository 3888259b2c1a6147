/* strata-types.h: the enumerations of the charts library
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Registered as GLib enum types by gnome.mkenums_simple () (the generated
 * strata-enum-types.h: STRATA_TYPE_CHART_KIND, STRATA_TYPE_THEME,
 * STRATA_TYPE_EXPORT_FORMAT), so GObject properties and settings use them
 * by name.  No GTK here.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The charts.  The first STRATA_N_CHARTS are drawn for every dataset;
 * the roadmap (MODEL.md 8) needs a horizon and Chances (MODEL.md 6) a
 * Monte Carlo run by the caller; the switch points (MODEL.md 6) are an
 * export for slides, not a view of the app. */
typedef enum
{
  STRATA_CHART_COST_CURVES,
  STRATA_CHART_VALUE_CHAIN,
  STRATA_CHART_COMPARE,
  STRATA_CHART_LADDER,
  STRATA_CHART_TORNADO,
  STRATA_CHART_ROADMAP,
  STRATA_CHART_CHANCES,
  STRATA_CHART_SWITCHPOINTS,
} StrataChartKind;

/* How many charts every dataset has (the ones before the roadmap). */
#define STRATA_N_CHARTS STRATA_CHART_ROADMAP

typedef enum
{
  STRATA_THEME_LIGHT,
  STRATA_THEME_DARK,
  STRATA_THEME_SLIDE,
} StrataTheme;

#define STRATA_N_THEMES (STRATA_THEME_SLIDE + 1)

typedef enum
{
  STRATA_EXPORT_PNG,
  STRATA_EXPORT_SVG,
  STRATA_EXPORT_PDF,
} StrataExportFormat;

G_END_DECLS

/* strata-chart-tooltip-private.h: what a chart view's tooltip says
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "strata/strata-chart.h"

G_BEGIN_DECLS

/* Pango markup for what lies under the pointer (@hit, from the chart's
 * layout), or NULL when there is nothing to say. */
char *_strata_chart_tooltip_markup (StrataChartKind           kind,
                                    const StrataChartRequest *request,
                                    const StrataHit          *hit);
/* Pango markup for a region's detail (strata_chart_layout_hit_detail ()):
 * its first line bold, the others as they are. */
char *_strata_chart_tooltip_detail_markup (const char *detail);

G_END_DECLS

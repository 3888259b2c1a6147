/* strata-chart-description.h
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "strata/strata-chart.h"

G_BEGIN_DECLS

const char *_strata_chart_describe_kind (StrataChartKind           kind);
char       *_strata_chart_describe      (StrataChartKind           kind,
                                         const StrataChartRequest *request);
/* The same with the model's answers of the request's chart (nullable). */
char       *_strata_chart_describe_full (StrataChartKind           kind,
                                         const StrataChartRequest *request,
                                         StrataChartResults       *results);
GPtrArray  *_strata_chart_points        (StrataChartKind           kind,
                                         const StrataChartRequest *request);

G_END_DECLS

/* strata-chart-roadmap-private.h: what the roadmap chart's files share
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "strata/strata-horizon.h"
#include "strata-chart-private.h"

G_BEGIN_DECLS

typedef struct
{
  StrataChartCtx         *ctx;
  const StrataDataset    *ds;
  /* The plan the chart is about: the optimal roadmap, or adopting the
   * current strategy now when the optimal roadmap is beyond its exact
   * search (no_optimal; adopt is then NULL). */
  const StrataPlanResult *plan;         /* kept by the context's results */
  const char             *plan_label;   /* "Optimal roadmap", "Adopt Amazon-style hybrid now" */
  char                   *plan_key;     /* "roadmap:optimal", "roadmap:adopt:ID" */
  gboolean                no_optimal;
  double                 *start_cost;   /* the start plan's objective cost by year */
  double                  x0, x1;       /* years axis: left edge of year 0, right of the last */
  double                  name_w;
  /* Rows too short for text (dozens of layers): drawn as blocks of
   * colour without names, option names, hatching or decision marks; a
   * row keeps its hit region, so hovering tells it (row_detail ()). */
  gboolean                dense;

  /* Adopt the current strategy now (NULL: none, or it is the start plan,
   * or it cannot be adopted: adopt_note says why). */
  const StrataStrategy   *adopt_strategy;
  const StrataPlanResult *adopt;        /* kept by the context's results */
  char                   *adopt_note;
  StrataRgba              adopt_color;
  char                   *adopt_label;  /* "Adopt Amazon-style hybrid now" */

  /* The roadmap Monte Carlo's figures, when the request has them. */
  const StrataRoadmapMc     *mc;
  const StrataRoadmapMcPlan *mc_plan;   /* the plan's: the optimal roadmap's, or adopting now's */
  const StrataRoadmapMcPlan *mc_adopt;
} Roadmap;

/* A named row's block is this share of the row's height (the rest is the
 * gap between rows). */
#define ROADMAP_BLOCK_SHARE 0.76

static inline double
year_x (const Roadmap *r,
        double         t)
{
  return r->x0 + (r->x1 - r->x0) * t / r->plan->n_years;
}

/* The names' column (strata-chart-roadmap-rows.c). */
double _strata_chart_roadmap_names_width (Roadmap         *r,
                                          double           row_h);
/* The rows, one per layer, between @top and @bottom (sets r->dense). */
void   _strata_chart_roadmap_rows        (Roadmap         *r,
                                          double           top,
                                          double           bottom);
/* What the rows' colours say, at @y under them. */
void   _strata_chart_roadmap_rows_key    (Roadmap         *r,
                                          double           y,
                                          StrataTextStyle *note);

G_END_DECLS

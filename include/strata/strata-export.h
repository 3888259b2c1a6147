/* strata-export.h: exported charts for slides: options, decks and data
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "strata-chart.h"

G_BEGIN_DECLS

typedef enum
{
  STRATA_SVG_TEXT_ELEMENTS,   /* <text> with the font named: editable */
  STRATA_SVG_TEXT_OUTLINES,   /* glyph outlines: pixel-exact */
} StrataSvgText;

/* How a chart becomes a file.  Initialise with strata_export_options_init(). */
typedef struct
{
  StrataExportFormat  format;
  int                 width;          /* pixels (PNG) or px (SVG) or points (PDF) */
  int                 height;
  double              scale;          /* PNG pixel density */
  StrataSvgText       svg_text;
  gboolean            source_line;    /* dataset, sources, objective at the foot */
  gboolean            action_title;   /* a headline the model supports, at the top */
  const char         *title;          /* the headline; NULL: generated */
  guint               draws;          /* a deck's own Monte Carlo runs (chances
                                       * page, roadmap band); 0: 2000 */
} StrataExportOptions;

/* 1920x1080 at scale 1, text elements, a source line, and the action
 * title on in the slide theme only. */
void      strata_export_options_init     (StrataExportOptions       *options,
                                          StrataExportFormat         format,
                                          StrataTheme                theme);

/* The file's bytes. */
GBytes   *strata_chart_render            (StrataChartKind            kind,
                                          const StrataChartRequest  *request,
                                          const StrataExportOptions *options,
                                          GError                   **error);

/* Draws the chart as a file gets it (the options' action title above,
 * the source line below) onto any cairo_t, e.g. a printed page. */
void      strata_chart_draw_page         (StrataChartKind            kind,
                                          const StrataChartRequest  *request,
                                          const StrataExportOptions *options,
                                          cairo_t                   *cr,
                                          double                     width,
                                          double                     height);

/* Renders and writes @filename atomically. */
gboolean  strata_chart_export_full       (StrataChartKind            kind,
                                          const StrataChartRequest  *request,
                                          const StrataExportOptions *options,
                                          const char                *filename,
                                          GError                   **error);

/* A headline for the chart, from the model: "Amazon-style hybrid is 44 %
 * cheaper than all neutral at 10 B", "Integrating models pays above 790 M,
 * cloud above 1.95 B, chips above 5.15 B".  NULL when the numbers support
 * no claim (an empty dataset, a single strategy). */
char      *strata_chart_action_title     (StrataChartKind           kind,
                                          const StrataChartRequest *request);
/* The same, taking the model's answers from @results (nullable) and
 * keeping the new ones there, as the chart of the same request does
 * (strata_chart_layout_new_full ()): a title and its chart work them
 * out once. */
char      *strata_chart_action_title_full (StrataChartKind           kind,
                                           const StrataChartRequest *request,
                                           StrataChartResults       *results);

/* The source line: the dataset's title, "Illustrative figures" when the
 * description says so and the title does not, and the objective. */
char      *strata_chart_source_line      (StrataChartKind           kind,
                                          const StrataChartRequest *request);

/* "Sources: A; B": the short form of the sources behind the figures drawn
 * (the second line at the foot of an exported chart); NULL when none. */
char      *strata_chart_sources_short    (StrataChartKind           kind,
                                          const StrataChartRequest *request);
/* The same, one string per source (free with g_ptr_array_unref). */
GPtrArray *strata_chart_sources_list     (StrataChartKind           kind,
                                          const StrataChartRequest *request);

/* Ids (borrowed from the dataset) of the sources behind the strategies
 * drawn: their layers' and chosen options' sources and those of the links
 * they activate (the optimal strategy at the volume range's ends too; the
 * ladder's optimum at each of its volumes; the value chain and tornado
 * draw the current strategy only). */
GPtrArray *strata_chart_source_ids       (StrataChartKind           kind,
                                          const StrataChartRequest *request);

/* A source's text up to its first ':', '(' or ';', at most 60 characters. */
char      *strata_source_short           (const StrataSource       *source);

/* The series a chart draws, as CSV with units in the column names:
 * cost curves: volume and each strategy's effective unit cost at the
 * chart's 512 volumes; value chain: the current strategy's layers; compare:
 * every outcome of each strategy; ladder: the optimal option of each layer
 * at the chart's 192 volumes; tornado: each uncertain number's swing;
 * roadmap: each year of the optimal roadmap against the start plan. */
char       *strata_chart_data_csv        (StrataChartKind           kind,
                                          const StrataChartRequest *request);

/* -- decks: every chart of a request, then the full list of sources -- */

/* The pages of a deck of @request: the chart of every view, the roadmap
 * when the dataset has a horizon, the chances when it has uncertain
 * numbers (or the request carries a Monte Carlo), then the sources. */
guint       strata_deck_n_pages          (const StrataChartRequest  *request);
/* "cost-curves", ..., "roadmap", "chances", "sources". */
const char *strata_deck_page_name        (const StrataChartRequest  *request,
                                          guint                      page);
/* The chart page @page draws (FALSE: the sources page, or past the end). */
gboolean    strata_deck_page_chart       (const StrataChartRequest  *request,
                                          guint                      page,
                                          StrataChartKind           *kind);
void        strata_deck_draw_page        (const StrataChartRequest  *request,
                                          const StrataExportOptions *options,
                                          guint                      page,
                                          cairo_t                   *cr,
                                          double                     width,
                                          double                     height);
void        strata_deck_draw_sources     (const StrataChartRequest  *request,
                                          cairo_t                   *cr,
                                          double                     width,
                                          double                     height);
/* The chances page draws the request's Monte Carlo when it has one (the
 * app's Chances view, strata-cli export --bands), else the deck runs
 * this one: STRATA_DECK_DRAWS draws (or the export options' draws) at
 * STRATA_DECK_POINTS volumes, seed
 * 1, A the current strategy and B the first other one, every strategy of
 * the request on the same draws, under the request's objective.  The
 * app's Chances view runs the same, so its deck and strata-cli's agree. */
#define STRATA_DECK_DRAWS  2000
#define STRATA_DECK_POINTS 128
void              strata_deck_monte_carlo_params (const StrataChartRequest *request,
                                                  StrataMonteCarloParams   *params);
StrataMonteCarlo *strata_deck_monte_carlo        (const StrataChartRequest *request,
                                                  GCancellable             *cancellable,
                                                  GError                  **error);
/* The roadmap page draws the request's horizon Monte Carlo when it has
 * one (the app's Roadmap view), else the deck runs this one: the run of
 * strata-cli export --chart roadmap --bands and of the app's Roadmap view,
 * STRATA_DECK_ROADMAP_DRAWS draws (or the export options' draws), seed 1, the optimal roadmap and adopting
 * the current strategy now (@current holds it for @params), under the
 * request's objective. */
#define STRATA_DECK_ROADMAP_DRAWS 2000
void             strata_deck_roadmap_mc_params (const StrataChartRequest *request,
                                                StrataRoadmapMcParams    *params,
                                                const StrataStrategy    **current);
StrataRoadmapMc *strata_deck_roadmap_mc        (const StrataChartRequest *request,
                                                GCancellable             *cancellable,
                                                GError                  **error);
/* strata_roadmap_mc_run () of @params; when the optimal roadmap is beyond
 * its exact search (STRATA_DATASET_ERROR_LIMIT) and @params adopts a
 * strategy now, the run of adopting alone (the roadmap chart is then about
 * adopting now). */
StrataRoadmapMc *strata_deck_roadmap_mc_run    (const StrataDataset         *dataset,
                                                const StrataRoadmapMcParams *params,
                                                GCancellable                *cancellable,
                                                GError                     **error);
/* One PDF, 960x540 points a page (16:9). */
gboolean    strata_deck_export_pdf       (const StrataChartRequest  *request,
                                          const StrataExportOptions *options,
                                          const char                *filename,
                                          GError                   **error);
/* A folder of 01-cost-curves.png (or .svg) ... NN-sources.png, each with
 * its .csv beside it; created if missing. */
gboolean    strata_deck_export_dir       (const StrataChartRequest  *request,
                                          const StrataExportOptions *options,
                                          const char                *dirname,
                                          GError                   **error);

G_END_DECLS

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
#include "strata-uncertainty.h"
#include "strata-types.h"
#include "strata-enum-types.h"
#include "strata-roadmap-mc.h"

G_BEGIN_DECLS

/*
 * The charts: one renderer per kind, drawing onto any cairo_t, shared by
 * strata-cli export, the app's views and the tests.  No GTK here.
 */

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
  /* What the optimal strategy, break-evens and the ladder are solved
   * for, and which cost the curves plot (MODEL.md 3); 0 is effective. */
  StrataObjective              objective;
  /* (nullable) A finished Monte Carlo of the dataset (strata-uncertainty.h),
   * run by the caller, never by a chart: the cost curves draw its P10-P90
   * band and P50 line for every strategy it has a row of (by id); the
   * Chances chart draws nothing else.  Its A should be the current
   * strategy. */
  const StrataMonteCarlo      *monte_carlo;
  /* (nullable) A finished Monte Carlo of the horizon (strata-roadmap-mc.h),
   * run by the caller: the roadmap chart shades the P10-P90 of the optimal
   * roadmap's cumulative savings and gives P(savings > 0) of the optimal
   * roadmap and of adopting the current strategy now, when it has them. */
  const StrataRoadmapMc       *roadmap_monte_carlo;
  /* What the tornado swings (MODEL.md 6 and 8; 0 is the default): the
   * objective's cost of the current strategy at the volume; the gap or
   * the break-even volume of the current strategy against the next one
   * of the request (the first when the current is the last); or
   * STRATA_TORNADO_SAVINGS, savings_npv of adopting the current strategy
   * now against the horizon's start plan.  With STRATA_TORNADO_SAVINGS
   * the switch points chart shows what would turn the sign of that
   * savings_npv instead of the optimum's switches at the volume. */
  StrataTornadoOutcome         outcome;
  /* Width (in the drawing's units) kept free at the right of the title
   * and subtitle: the app's buttons over the cost curves.  0 for
   * exports. */
  double                       title_inset;
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
/* The colour a chart of @theme is drawn on (an export's background), as
 * red, green, blue in [0, 1]. */
void        strata_theme_background       (StrataTheme      theme,
                                           double          *red,
                                           double          *green,
                                           double          *blue);

/* Between these two calls, the model work of the charts the calling
 * thread draws, hit-tests or describes (ladders, break-evens, the optimal
 * curve) stops early once @cancellable (nullable) is cancelled (what is
 * drawn then is incomplete: throw it away) and reports its progress, a
 * fraction that only grows, to @progress (nullable), from this thread.
 * Work that does not depend on the strategies (a ladder, the optimum's
 * cost at a volume) is remembered per dataset and objective either way. */
void        strata_chart_job_begin        (GCancellable              *cancellable,
                                           StrataProgressFunc         progress,
                                           gpointer                   progress_data);
void        strata_chart_job_end          (void);

/* Draws the chart filling (0, 0, width, height) in user units of @cr. */
void        strata_chart_draw             (StrataChartKind            kind,
                                           const StrataChartRequest  *request,
                                           cairo_t                   *cr,
                                           double                     width,
                                           double                     height);

/* What lies under (x, y) of a chart drawn at width x height.  Lays the
 * chart out for this one question: callers that ask again (the app, on
 * every pointer motion) keep a StrataChartLayout (below) and ask it.
 * Thread-safe. */
gboolean    strata_chart_hit_test         (StrataChartKind            kind,
                                           const StrataChartRequest  *request,
                                           double                     width,
                                           double                     height,
                                           double                     x,
                                           double                     y,
                                           StrataHit                 *hit);

/* Renders to a file exactly as `strata-cli export` does: PNG in pixels
 * (times @scale), SVG and PDF in points; written atomically through
 * strata_file_write_full() (STRATA_FILE_WRITE_ATOMIC). */
gboolean    strata_chart_export           (StrataChartKind            kind,
                                           const StrataChartRequest  *request,
                                           StrataExportFormat         format,
                                           int                        width,
                                           int                        height,
                                           double                     scale,
                                           const char                *filename,
                                           GError                   **error);

/* A chart laid out once for a request and a size: drawn by replaying
 * what was drawn, hit-tested by looking up what was placed.  It keeps its
 * own copy of the request (the strategies may change after the call; the
 * Monte Carlo is used while laying out and not kept).  Any thread may
 * build one; it is immutable and ref-counted afterwards.  The app's views
 * build one when their request or size changes, then only paint it. */
typedef struct _StrataChartLayout StrataChartLayout;

/* The model's answers behind a chart (its series, break-evens, ladder,
 * outcomes): they depend on the request, not on the size.  Pass one to
 * every layout of the same request (a resize) and the model runs once;
 * make a new one when the request changes.  Thread-safe, ref-counted. */
typedef struct _StrataChartResults StrataChartResults;

StrataChartResults *strata_chart_results_new      (void);
StrataChartResults *strata_chart_results_ref      (StrataChartResults        *results);
void                strata_chart_results_unref    (StrataChartResults        *results);
/* How many times an answer was computed (tests, benchmarks). */
guint               strata_chart_results_get_n_computed (StrataChartResults  *results);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StrataChartResults, strata_chart_results_unref)

StrataChartLayout *strata_chart_layout_new       (StrataChartKind            kind,
                                                  const StrataChartRequest  *request,
                                                  double                     width,
                                                  double                     height);
/* The same, taking the model's answers from @results (nullable) and
 * keeping the new ones there. */
StrataChartLayout *strata_chart_layout_new_full  (StrataChartKind            kind,
                                                  const StrataChartRequest  *request,
                                                  StrataChartResults        *results,
                                                  double                     width,
                                                  double                     height);
StrataChartLayout *strata_chart_layout_ref       (StrataChartLayout         *layout);
void               strata_chart_layout_unref     (StrataChartLayout         *layout);
double             strata_chart_layout_get_width (const StrataChartLayout   *layout);
double             strata_chart_layout_get_height (const StrataChartLayout  *layout);
void               strata_chart_layout_draw      (const StrataChartLayout   *layout,
                                                  cairo_t                   *cr);
gboolean           strata_chart_layout_hit_test  (const StrataChartLayout   *layout,
                                                  double                     x,
                                                  double                     y,
                                                  StrataHit                 *hit);
/* What the row or bar under (@x, @y) shows, in full (the names a narrow
 * chart cuts, and its figures): plain text, lines apart by newlines, the
 * first a heading; NULL where nothing is told more than the hit.  Free
 * with g_free(). */
char              *strata_chart_layout_hit_detail (const StrataChartLayout  *layout,
                                                   double                    x,
                                                   double                    y);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StrataChartLayout, strata_chart_layout_unref)

/* Renders a PNG into memory (for the clipboard). */
GBytes     *strata_chart_render_png       (StrataChartKind            kind,
                                           const StrataChartRequest  *request,
                                           int                        width,
                                           int                        height,
                                           double                     scale,
                                           GError                   **error);

/* Additions for the CLI, the app and the tests. */

const char *strata_export_format_to_string   (StrataExportFormat format);  /* "png", ... */
gboolean    strata_export_format_from_string (const char         *text,
                                              StrataExportFormat *format);

/* The strategies a chart shows when none were picked: all-neutral,
 * all-integrated, the dataset's own strategies in file order, then
 * optimal, STRATA_DEFAULT_COMPARED in all at most (the set the app shows
 * on opening the file; a dataset of more strategies draws its first
 * ones, so a chart stays readable: pick others by id).  Returns a
 * newly allocated array of borrowed pointers; @n_out receives its length. */
const StrataStrategy **strata_chart_default_strategies (StrataDataset *dataset,
                                                        guint         *n_out);

/* The colour a chart draws @strategy in (r, g, b, a in [0, 1]).  It
 * depends only on which strategy it is (and, for strategies that are not
 * the dataset's, on the theme), never on what else is shown: presets have
 * fixed colours, the dataset's strategies take the palette in file order,
 * any other strategy ("Custom") the theme's foreground. */
void        strata_chart_strategy_color   (const StrataDataset        *dataset,
                                           const StrataStrategy       *strategy,
                                           StrataTheme                 theme,
                                           double                      rgba[4]);

/* Starts loading the font configuration in the background (pango reads
 * fontconfig's files in a thread of its own when its font map is made):
 * a process about to draw a chart calls it first, and loads its dataset
 * while the fonts load, instead of waiting for them at the first label. */
void        strata_chart_fonts_begin      (void);

/* Limits of strata_chart_export() and strata_chart_render_png(). */
#define STRATA_CHART_MIN_SIZE      16
#define STRATA_CHART_MAX_SIZE      10000    /* points or pixels per side */
#define STRATA_CHART_MAX_PIXELS    (64 * 1024 * 1024)  /* PNG width*height*scale^2 */
#define STRATA_CHART_MIN_SCALE     0.25
#define STRATA_CHART_MAX_SCALE     8.0

/* Checks a size and scale against the limits above; the message says
 * which one is out of range. */
gboolean    strata_chart_check_size       (StrataExportFormat          format,
                                           int                         width,
                                           int                         height,
                                           double                      scale,
                                           GError                    **error);

/* The layout API: the rectangles (user units, same width x height as
 * strata_chart_draw()) of every piece of text the chart places, so tests
 * and the app can check that no label is drawn over another. */
typedef struct
{
  double x;
  double y;
  double width;
  double height;
} StrataChartRect;

typedef enum
{
  STRATA_TEXT_TITLE,
  STRATA_TEXT_AXIS,       /* axis titles and tick labels */
  STRATA_TEXT_LABEL,      /* curve, block, row, bar and flip labels */
  STRATA_TEXT_VALUE,      /* numbers next to bars, break-even volumes */
  STRATA_TEXT_LEGEND,
} StrataTextRole;

typedef struct
{
  StrataChartRect rect;
  StrataTextRole  role;
  char           *text;   /* what was drawn, after ellipsizing */
  /* What a number in the text stands for (NULL for plain text), so tests
   * can check it against the model: a MODEL.md key ("unit_cost",
   * "effective_unit_cost", "ecosystem_value", ...) for the current
   * strategy at the current volume, or one of
   *   "share:layer:ID", "share:interface:ID"  share of unit_cost (0..1) of a
   *                                           layer, of the interface above it
   *   "cost:layer:ID", "cost:interface:ID"    the money beside that share
   *   "link:FROM:TO"                          an active co-design saving
   *   "breakeven:A:B"                         a break-even volume of the
   *                                           strategies with ids A and B
   *   "compare:KEY:ID"                        a compare bar's KEY of ID
   * with @value the number the chart computed for it. */
  char           *key;
  double          value;
} StrataChartTextBox;

/* Returns a GArray of StrataChartTextBox (free with g_array_unref; the
 * texts are freed with it). */
GArray     *strata_chart_layout_text_boxes (StrataChartKind           kind,
                                            const StrataChartRequest *request,
                                            double                    width,
                                            double                    height);

/* Longest name (in characters) a chart draws before cutting it with an
 * ellipsis; pango never sees more. */
#define STRATA_CHART_MAX_NAME_CHARS 96

G_END_DECLS

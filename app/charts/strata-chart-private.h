/* strata-chart-private.h
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <pango/pangocairo.h>

#include "strata/strata-chart.h"
#include "strata/strata-export.h"
#include "strata/strata-switchpoints.h"

G_BEGIN_DECLS

/* Text a chart would have to draw smaller than this (device units: pixels,
 * or points in a PDF) it leaves out and says so (the compare chart's
 * panels, the value chain's market interfaces). */
#define STRATA_CHART_MIN_READABLE_PX 7.0

/* -- theme and palette (strata-chart-theme.c) ----------------------------- */

typedef struct
{
  double r;
  double g;
  double b;
  double a;
} StrataRgba;

typedef struct
{
  StrataRgba  background;
  StrataRgba  foreground;   /* titles, labels */
  StrataRgba  muted;        /* secondary text, axis titles */
  StrataRgba  grid;
  StrataRgba  axis;
  StrataRgba  panel;        /* plot and track backgrounds */
  StrataRgba  on_mode;      /* text drawn on a mode-coloured block */
  StrataRgba  highlight;    /* best-value marks */
  double      type_scale;   /* slide: larger type */
  double      line_scale;   /* slide: thicker lines */
  const char *font_family;
} StrataChartTheme;

const StrataChartTheme *_strata_chart_theme           (StrataTheme theme);
StrataRgba              _strata_chart_mode_color      (StrataMode  mode);
StrataRgba              _strata_chart_strategy_color  (const StrataChartRequest *request,
                                                       guint                     index);
StrataRgba              _strata_chart_strategy_color_of (const StrataDataset  *dataset,
                                                         const StrataStrategy *strategy,
                                                         StrataTheme           theme);
void                    _strata_chart_set_color       (cairo_t    *cr,
                                                       StrataRgba  color);
StrataRgba              _strata_chart_mix             (StrataRgba  a,
                                                       StrataRgba  b,
                                                       double      t);

/* -- drawing context ------------------------------------------------------ */

typedef struct
{
  StrataChartRect rect;
  StrataHit       hit;
  char           *detail;   /* (owned) (nullable) what it shows, in full */
} StrataHitRegion;

typedef struct
{
  const StrataChartRequest *request;
  const StrataChartTheme   *theme;
  cairo_t                  *cr;
  PangoLayout              *layout;
  double                    width;
  double                    height;
  double                    font_px;    /* body text size in user units */
  double                    line_px;    /* standard line width */
  double                    pad;        /* outer margin */
  GArray                   *boxes;      /* StrataChartTextBox placed so far */
  GArray                   *reserved;   /* StrataChartRect no optional text may take */
  GArray                   *regions;    /* StrataHitRegion, last drawn on top */
  GString                  *svg_text;   /* SVG export: <text> elements, not glyphs */
  gboolean                  no_ligatures; /* PDF: "fi" stays two letters for text import */
  gboolean                  raster;       /* an image surface: strokes one line at a time (axis) */
  PangoContext             *nominal;      /* (owned, nullable) SVG, PDF: text laid out at STRATA_CHART_NOMINAL_PX */
  PangoLayout              *sized;        /* (owned) the last layout at a label's own size (the deck wraps with it) */
  StrataChartResults       *results;    /* (owned, nullable) the model's answers for the request */
  GPtrArray                *scratch;    /* (owned, nullable) answers of a cancelled job */

  /* cost curves hit testing: the plot frame and its scales */
  gboolean                  has_plot;
  StrataChartRect           plot;
  double                    x_min, x_max;   /* volumes */
  double                    y_min, y_max;   /* values */
  gboolean                  y_log;
} StrataChartCtx;

void   _strata_chart_ctx_init  (StrataChartCtx           *ctx,
                                const StrataChartRequest *request,
                                cairo_t                  *cr,
                                double                    width,
                                double                    height);
void   _strata_chart_ctx_clear (StrataChartCtx           *ctx);

/* strata_chart_draw () with the model's answers from @results (nullable),
 * the new ones kept there. */
void   _strata_chart_draw_with (StrataChartKind           kind,
                                const StrataChartRequest *request,
                                StrataChartResults       *results,
                                cairo_t                  *cr,
                                double                    width,
                                double                    height);

/* -- the model's answers, once per request (strata-chart-results.c) ------- */

typedef gpointer (*StrataChartComputeFunc) (StrataChartCtx *ctx,
                                            gpointer        data);

/* The answer named @key (a static string, unique per chart and kind of
 * answer) for the context's request: computed by @compute the first
 * time, then kept in the context's StrataChartResults for every later
 * size of the same request.  Owned by the results (freed with @destroy);
 * valid until the context is cleared.  Answers of a cancelled job are
 * not kept. */
gconstpointer _strata_chart_result (StrataChartCtx         *ctx,
                                    const char             *key,
                                    StrataChartComputeFunc  compute,
                                    gpointer                data,
                                    GDestroyNotify          destroy);
/* The same answer for @request outside a drawing (an action title), from
 * @results (not NULL), as a new reference or copy made by @copy (NULL
 * when the answer is). */
gpointer      _strata_chart_result_copy (StrataChartResults     *results,
                                         const StrataChartRequest *request,
                                         const char             *key,
                                         StrataChartComputeFunc  compute,
                                         GDestroyNotify          destroy,
                                         GBoxedCopyFunc          copy);

void   _strata_chart_add_region (StrataChartCtx        *ctx,
                                 const StrataChartRect *rect,
                                 const StrataHit       *hit);
/* The same, with the text a pointer over it is told (plain text, lines
 * apart by newlines, the first a heading): the whole names and figures a
 * row may show cut (strata_chart_layout_hit_detail ()).  Takes @detail. */
void   _strata_chart_add_region_detail (StrataChartCtx        *ctx,
                                        const StrataChartRect *rect,
                                        const StrataHit       *hit,
                                        char                  *detail);
void   _strata_chart_region_clear (gpointer data);

/* Title (and subtitle) at the top; returns the y where content may start. */
double _strata_chart_title     (StrataChartCtx *ctx,
                                const char     *title,
                                const char     *subtitle);

/* Draws "no data" style message centered. */
void   _strata_chart_message   (StrataChartCtx *ctx,
                                const char     *message);

/* A note of what a chart left out ("Left out at this size: A, B and 3
 * more"): @text_for (@data, k) names the first k of them; the note drawn,
 * muted and italic, left-aligned at @x and centred on @y, names as many
 * as one line across the chart holds (k from @n down to 0). */
typedef char *(*StrataChartNoteFunc) (gconstpointer data,
                                      guint         k);
void   _strata_chart_fitted_note (StrataChartCtx      *ctx,
                                  StrataChartNoteFunc  text_for,
                                  gconstpointer        data,
                                  guint                n,
                                  double               x,
                                  double               y);

void   _strata_chart_draw_cost_curves (StrataChartCtx *ctx);
void   _strata_chart_draw_value_chain (StrataChartCtx *ctx);
void   _strata_chart_draw_compare     (StrataChartCtx *ctx);
void   _strata_chart_draw_ladder      (StrataChartCtx *ctx);
void   _strata_chart_draw_tornado     (StrataChartCtx *ctx);
void   _strata_chart_draw_roadmap     (StrataChartCtx *ctx);
void   _strata_chart_draw_chances     (StrataChartCtx *ctx);
void   _strata_chart_draw_switchpoints (StrataChartCtx *ctx);

/* A number of the dataset (JSON key @field) in its own unit: "18 %",
 * "$2 B/yr" (strata-chart-tornado.c). */
char  *_strata_chart_field_value      (const char          *field,
                                       double               value,
                                       const StrataDataset *dataset);
/* The tornado a request asks for (request->outcome, strata-chart.h):
 * its parameters (FALSE when it lacks a strategy, a second one for the
 * gap and the break-even, or a horizon for savings_npv), its entries
 * (NULL then, or when the strategy cannot be adopted now), and a figure
 * of its outcome as the chart writes it ("$2.15", "$131 B", "3.2 B"). */
gboolean _strata_chart_tornado_params (const StrataChartRequest *request,
                                       StrataTornadoParams      *params);
GArray *_strata_chart_tornado_entries (const StrataChartRequest *request,
                                       StrataTornadoParams      *params);
/* The same from @results (nullable), as the tornado chart keeps them. */
GArray *_strata_chart_tornado_entries_in (const StrataChartRequest *request,
                                          StrataChartResults       *results,
                                          StrataTornadoParams      *params);
char   *_strata_chart_tornado_figure  (const StrataChartRequest *request,
                                       double                    value);

/* The switch points a request asks for: of the optimal choice at its
 * volume, or with outcome STRATA_TORNADO_SAVINGS of the sign of
 * savings_npv of adopting the current strategy now; and what changes at
 * a switch ("Chips → Merchant GPU", "savings_npv turns negative")
 * (strata-chart-switchpoints.c). */
StrataSwitchPoints *_strata_chart_switch_points (const StrataChartRequest *request,
                                                 GError                  **error);
/* The same from @results (nullable), as the switch points' chart keeps
 * them (a new copy; NULL without a message where the chart shows one). */
StrataSwitchPoints *_strata_chart_switch_points_in (const StrataChartRequest *request,
                                                    StrataChartResults       *results);
char  *_strata_chart_switch_what      (const StrataDataset      *dataset,
                                       const StrataSwitchPoints *points,
                                       const StrataSwitch       *sw);

/* "Chips → Merchant GPU, Cloud → Other clouds": the layers whose option
 * differs between @before and @after (strata-chart-switchpoints.c). */
char  *_strata_chart_switch_change    (const StrataDataset *dataset,
                                       const guint         *before,
                                       const guint         *after);

/* Layer @top's share of @outcome's unit cost as the value chain prints it
 * ("65 %", "<1 %"), from the layers' @costs (@n of them); NULL without a
 * unit cost (strata-chart-value-chain.c). */
char  *_strata_chart_value_chain_share_text (const StrataLayerCost *costs,
                                             guint                  n,
                                             const StrataOutcome   *outcome,
                                             guint                  top);

/* -- the Monte Carlo's bands and odds (strata-chart-chances.c) ------------- */

/* The row of strategy @id in @mc, or -1. */
int    _strata_chart_mc_row           (const StrataMonteCarlo *mc,
                                       const char             *id);
/* The P10-P90 band and the P50 line of every strategy of the request the
 * request's Monte Carlo has (none for Optimal), clipped to @plot. */
/* "bands: P10–P90 of 2,000 draws, dotted: P50", or NULL without one. */
char  *_strata_chart_bands_note       (const StrataChartRequest *request);

/* -- safe numbers for cairo (strata-chart-text.c) ------------------------- */

/* Finite and within +-1e6 (cairo's fixed point and sane sizes); NaN -> 0. */
double _strata_chart_c         (double v);
/* Clamps to [lo, hi]; NaN -> lo. */
double _strata_chart_clamp     (double v,
                                double lo,
                                double hi);

/* A colour swatch and its text in a legend. */
typedef struct
{
  StrataRgba  color;
  const char *text;
} StrataSwatch;
/* A row of swatches, each followed by its text, from @x along the centre
 * line @y, stopping before one would pass the chart's right padding
 * (strata-chart-tornado.c). */
void   _strata_chart_swatches      (StrataChartCtx     *ctx,
                                    const StrataSwatch *items,
                                    guint               n,
                                    double              x,
                                    double              y);
/* strata-chart-clip.c: lines and areas cut to a box by geometry (LibreOffice
 * Impress ignores clips).  The box for a clip rectangle @clip and a line of
 * @line_width: wide enough that the pixels inside the clip do not change. */
void   _strata_chart_clip_box      (StrataChartRect       *box,
                                    const StrataChartRect *clip,
                                    double                 line_width);
/* Drops the inner points of a polyline (@n x, y pairs) that lie within
 * @tolerance of the line through the points kept around them; returns how
 * many are kept (in place, the same doubles). */
guint  _strata_chart_simplify_points (double *xy,
                                      guint   n,
                                      double  tolerance);
/* Strokes the line through @n points (x, y pairs; a NAN breaks it) where it
 * is inside @box, with the dash pattern where the whole line has it; on a
 * vector target (PDF, SVG) it is simplified within 1/32 of a device
 * unit. */
void   _strata_chart_stroke_clipped (cairo_t               *cr,
                                     const double          *xy,
                                     guint                  n,
                                     const StrataChartRect *box);
/* Fills the polygon of @n points (x, y pairs) cut to @box. */
void   _strata_chart_fill_clipped   (cairo_t               *cr,
                                     const double          *xy,
                                     guint                  n,
                                     const StrataChartRect *box);
/* Hatches @rect with lines of the current width rising to the right,
 * @step apart, drawn only inside it (no clip); (nullable) @radius rounds
 * its corners as _strata_chart_round_rect does (top left, top right,
 * bottom right, bottom left; 0: square). */
void   _strata_chart_hatch          (cairo_t               *cr,
                                     const StrataChartRect *rect,
                                     const double           radius[4],
                                     double                 step);
/* The rectangle between absolute edges: two rows that share an edge
 * (the same double) share it to the last fixed-point unit of cairo's path,
 * so rows under a pixel drawn without anti-aliasing leave no pixel row
 * between them unpainted (a rectangle's own far edge is summed from its
 * size, and could miss the next one's by 1/256 px). */
void   _strata_chart_span_path (cairo_t *cr,
                                double   x0,
                                double   y0,
                                double   x1,
                                double   y1);
void   _strata_chart_rect_path (cairo_t *cr,
                                double   x,
                                double   y,
                                double   w,
                                double   h);
void   _strata_chart_round_rect (cairo_t *cr,
                                 double   x,
                                 double   y,
                                 double   w,
                                 double   h,
                                 double   r);
void   _strata_chart_circle    (cairo_t *cr,
                                double   x,
                                double   y,
                                double   r);
void   _strata_chart_line      (cairo_t *cr,
                                double   x0,
                                double   y0,
                                double   x1,
                                double   y1);

gboolean _strata_chart_rects_overlap (const StrataChartRect *a,
                                      const StrataChartRect *b);

/* -- text ------------------------------------------------------------------ */

/* Valid UTF-8, one line, at most @max_chars characters (cut with "…"). */
char  *_strata_chart_cut       (const char *text,
                                guint       max_chars);
/* The unit as it reads after "per" ("devices" -> "device"), cut. */
char  *_strata_chart_per_unit  (const char *unit,
                                guint       max_chars);

typedef enum
{
  STRATA_TEXT_FLAG_NONE     = 0,
  STRATA_TEXT_FLAG_BOLD     = 1 << 0,
  STRATA_TEXT_FLAG_TRY      = 1 << 1,  /* skip when it would overlap placed text */
  STRATA_TEXT_FLAG_NO_BOX   = 1 << 2,  /* do not record (decorative) */
  STRATA_TEXT_FLAG_MEASURE  = 1 << 3,  /* measure only, draw nothing */
  STRATA_TEXT_FLAG_ITALIC   = 1 << 4,
  STRATA_TEXT_FLAG_HALO     = 1 << 5,  /* background-coloured box behind */
} StrataTextFlags;

typedef struct
{
  double          size;       /* font size in user units */
  StrataTextFlags flags;
  double          max_width;  /* ellipsize beyond this, <= 0: no limit */
  double          angle;      /* radians; only 0 and -pi/2 are used */
  StrataTextRole  role;
  StrataRgba      color;
  const char     *key;        /* recorded with the box: what the number is */
  double          value;
  StrataRgba      halo;       /* STRATA_TEXT_FLAG_HALO's colour, opaque (the
                               * fill the text sits on, so a line behind it
                               * stops at the text); alpha 0: the background */
} StrataTextStyle;

/* Places @text with its box anchored at (@x, @y): @ax, @ay in [0, 1]
 * (0 = left / top).  Returns FALSE (and draws nothing) when the text is
 * empty, does not fit, or (STRATA_TEXT_FLAG_TRY) would overlap text placed
 * earlier.  @box receives the rectangle (also when measuring). */
gboolean _strata_chart_text    (StrataChartCtx        *ctx,
                                const char            *text,
                                const StrataTextStyle *style,
                                double                 x,
                                double                 y,
                                double                 ax,
                                double                 ay,
                                StrataChartRect       *box);

/* Width and height of @text in @style (after ellipsizing to max_width). */
void   _strata_chart_text_size (StrataChartCtx        *ctx,
                                const char            *text,
                                const StrataTextStyle *style,
                                double                *width,
                                double                *height);

gboolean _strata_chart_box_free (StrataChartCtx        *ctx,
                                 const StrataChartRect *box);
/* Keeps optional text (STRATA_TEXT_FLAG_TRY) placed later off @rect: a
 * legend's swatch, which is no text box. */
void     _strata_chart_reserve  (StrataChartCtx        *ctx,
                                 const StrataChartRect *rect);

StrataTextStyle _strata_chart_style (StrataChartCtx *ctx,
                                     double          size_factor,
                                     StrataTextRole  role,
                                     StrataRgba      color,
                                     StrataTextFlags flags);

/* -- a layer's name in the names' column (strata-chart-names.c) ------------- */

/* "Chips / In-house accelerator: fixed cost" from a number's @label
 * ("Layer / Option: …") and its JSON @field, fitted into @max_width
 * (when > 0) by shortening the longer of the layer's and the option's
 * names, never the field (strata-chart-names.c). */
char    *_strata_chart_field_label (StrataChartCtx        *ctx,
                                    const char            *label,
                                    const char            *field,
                                    const StrataTextStyle *style,
                                    double                 max_width);

/* @name in a column @style->max_width wide: on one line, or on two where
 * it is wider and @room (the height its row gives it) holds two lines at
 * @style's size or at a little less (@style's size is then set to it).
 * Returns the first line; sets @second to the rest (cut by the text
 * itself if still too wide), or NULL. */
char    *_strata_chart_name_lines (StrataChartCtx        *ctx,
                                   StrataTextStyle       *style,
                                   const char            *name,
                                   double                 room,
                                   char                 **second);
/* The width _strata_chart_name () takes for @name. */
double   _strata_chart_name_width (StrataChartCtx        *ctx,
                                   const StrataTextStyle *style,
                                   const char            *name,
                                   double                 room);
/* Draws @name as _strata_chart_name_lines () breaks it, its one or two
 * lines anchored at (@x, @y) by @ax, @ay as one box. */
void     _strata_chart_name       (StrataChartCtx        *ctx,
                                   const StrataTextStyle *style,
                                   const char            *name,
                                   double                 room,
                                   double                 x,
                                   double                 y,
                                   double                 ax,
                                   double                 ay);

/* -- axes and scales (strata-chart-axis.c) ---------------------------------- */

typedef struct
{
  double   d0, d1;   /* domain */
  double   r0, r1;   /* range (user units) */
  gboolean log;
} StrataScale;

double  _strata_scale_map      (const StrataScale *scale,
                                double             value);
double  _strata_scale_invert   (const StrataScale *scale,
                                double             position);

/* Tick values for a log axis (decades, with 2 and 5 when the range is
 * short) or a linear one ("nice" steps); returns a GArray of double. */
GArray *_strata_ticks_log      (double min,
                                double max,
                                guint  max_ticks);
GArray *_strata_ticks_linear   (double min,
                                double max,
                                guint  max_ticks);
/* Rounds out a linear range to tick steps. */
void    _strata_nice_range     (double *min,
                                double *max,
                                guint   max_ticks);

void    _strata_chart_draw_bands   (StrataChartCtx        *ctx,
                                    const StrataScale     *xs,
                                    const StrataScale     *ys,
                                    const StrataChartRect *plot);

/* Draws the volume axis below @plot: ticks, SI labels, title. */
void    _strata_chart_volume_axis (StrataChartCtx        *ctx,
                                   const StrataScale     *scale,
                                   const StrataChartRect *plot,
                                   const char            *title,
                                   gboolean               grid);

/* Height the volume axis needs below the plot. */
double  _strata_chart_volume_axis_height (StrataChartCtx *ctx);

/* "1M tokens per year" style axis title. */
char   *_strata_chart_volume_title (const StrataDataset *dataset);

/* The current-volume line's label ("current volume 10 B") and its style. */
char   *_strata_chart_current_volume_label (StrataChartCtx  *ctx,
                                            double           volume,
                                            StrataTextStyle *style);
/* The dashed current-volume line over @plot, with a label on top. */
void    _strata_chart_current_volume (StrataChartCtx        *ctx,
                                      const StrataScale     *scale,
                                      const StrataChartRect *plot,
                                      double                 volume);

/* Money formatting with a fallback when the formatter declines. */
char   *_strata_chart_money     (double               amount,
                                 const StrataDataset *dataset);
char   *_strata_chart_money_tick (double               amount,
                                  double               step,
                                  const StrataDataset *dataset);
char   *_strata_chart_money_si  (double               amount,
                                 const StrataDataset *dataset);
char   *_strata_chart_volume    (double               volume);
/* A volume with its unit, the same in every title: "10 B × 1M tokens per
 * year", "100 M devices per year". */
char   *_strata_chart_volume_phrase (double               volume,
                                     const StrataDataset *dataset);

/* -- exported pages (strata-chart-page.c, strata-chart-headline.c) ------- */

/* The chart with the options' action title above it and source line below. */
void     _strata_chart_draw_page   (StrataChartKind            kind,
                                    const StrataChartRequest  *request,
                                    const StrataExportOptions *options,
                                    cairo_t                   *cr,
                                    double                     width,
                                    double                     height);
const StrataSource *_strata_chart_find_source (const StrataDataset *dataset,
                                               const char          *id);

/* strata-chart-export.c: a page drawn by @draw, as the options' format. */
typedef void (*StrataPageDrawFunc) (gpointer  data,
                                    cairo_t  *cr,
                                    double    width,
                                    double    height);
GByteArray *_strata_chart_render_with   (StrataPageDrawFunc         draw,
                                         gpointer                   data,
                                         const StrataChartRequest  *request,
                                         const StrataExportOptions *options,
                                         const char                *what,
                                         GError                   **error);
cairo_status_t _strata_chart_append_to_bytes (void                *closure,
                                              const unsigned char *data,
                                              unsigned int         length);

/* Whether @family is one the text resolved a theme's generic family to
 * ("DejaVu Sans" for "Sans"; strata-chart-text.c). */
gboolean _strata_chart_family_resolved (const char *family);

/* -- SVG text (strata-chart-svg.c) ----------------------------------------- */

/* Set on a cairo_t (a GString *), text is written as SVG <text> elements
 * into it instead of being drawn. */
/* strata-chart-text-nominal.c: SVG and PDF text laid out at one size */
#define STRATA_CHART_NOMINAL_PX 128.0
const char *_strata_chart_resolve_family (PangoContext   *context,
                                          const char     *family,
                                          PangoWeight     weight,
                                          PangoStyle      style,
                                          double          size);
gboolean _strata_chart_nominal_layout  (PangoLayout    *layout,
                                        double          size,
                                        double          max_width);
gboolean _strata_chart_nominal_usable  (PangoLayout    *layout);
gboolean _strata_chart_nominal_extents (PangoLayout    *layout,
                                        PangoRectangle *logical,
                                        int            *baseline,
                                        double         *size);
void     _strata_chart_nominal_show    (cairo_t        *cr,
                                        PangoLayout    *layout);
GArray  *_strata_chart_nominal_glyph_x (PangoLayout    *layout);

extern const cairo_user_data_key_t _strata_svg_text_key;
GString *_strata_svg_text_sink   (cairo_t              *cr);
void     _strata_svg_text        (GString              *out,
                                  cairo_t              *cr,
                                  PangoLayout          *layout,
                                  const PangoRectangle *logical,
                                  double                ax,
                                  StrataRgba            color);
/* The pieces of one line appended from @from on as one <text>. */
void     _strata_svg_merge_line  (GString              *out,
                                  gsize                 from);
/* Rewrites the groups cairo clips to a rectangle as nested <svg> viewports
 * (the same drawing; LibreOffice keeps the text after them). */
void     _strata_svg_flatten_clips (GByteArray         *svg);
/* Adds the <text> elements before the document's closing tag. */
gboolean _strata_svg_insert_text (GByteArray           *svg,
                                  GString              *text);

/* -- PNG encoding (strata-chart-png.c) ------------------------------------ */

/* A cleared ARGB32 surface for a chart that is drawn once and encoded
 * (its pixels in huge pages where the system has them). */
cairo_surface_t *_strata_png_surface_new (int width,
                                          int height);
/* TRUE when STRATA_PNG_ENCODER=cairo asks for cairo's own PNG writer. */
gboolean _strata_png_use_cairo (void);
/* Appends a PNG of an ARGB32 image surface to @out: the same samples as
 * cairo_surface_write_to_png(), encoded with libdeflate.  It consumes the
 * pixels: an opaque surface is filtered in place, so draw nothing more on
 * it and do not read it afterwards. */
gboolean _strata_png_encode    (cairo_surface_t  *surface,
                                GByteArray       *out,
                                GError          **error);

/* -- break-even markers (strata-chart-breakeven.c) ---------------------- */

typedef struct
{
  double volume;
  double value;          /* the current strategy's cost there */
  guint  other;          /* index of the other strategy in the request */
  guint  cheaper_above;  /* index (current or other) of the cheaper one above */
  guint  number;         /* 1-based, by volume */
} StrataChartMarker;

/* The break-evens of the current strategy against each other strategy of
 * the request within [x_min, x_max], by volume, numbered. */
/* -- long model work (strata-chart-job.c) --------------------------------- */

/* The job of the calling thread (strata_chart_job_begin ()), if any. */
GCancellable      *_strata_chart_job_cancellable (void);
gboolean           _strata_chart_job_cancelled   (void);
/* Progress from here on is that of stage @stage of @n_stages. */
void               _strata_chart_job_stage       (guint                 stage,
                                                  guint                 n_stages);
/* @fraction of the current stage done. */
void               _strata_chart_job_report      (double                fraction);
/* The ladder, remembered per dataset, objective and size; a new copy, or
 * NULL (the job was cancelled, or no ladder). */
StrataLadder      *_strata_chart_ladder          (StrataDataset        *dataset,
                                                  StrataObjective       objective,
                                                  guint                 n_points);
/* The switch points of the optimum at @volume (strata_switch_points_find
 * ()), remembered per dataset, volume and objective (an action title and
 * its chart ask the same); a new copy, or NULL with @error (cancelled:
 * G_IO_ERROR_CANCELLED). */
StrataSwitchPoints *_strata_chart_optimum_switch_points (StrataDataset    *dataset,
                                                         double            volume,
                                                         StrataObjective   objective,
                                                         GError          **error);
/* The memo of the optimum's costs for @dataset and @objective (a new
 * reference), shared by every chart of that dataset. */
StrataCostMemo *_strata_chart_cost_memo    (StrataDataset        *dataset,
                                                  StrataObjective       objective);
/* strata-cost-memo.c (app/core): one-shot work in this thread, such as
 * an export, creates no memo tables for strategies with fixed choices. */
void _strata_cost_memo_one_shot_begin (void);
void _strata_cost_memo_one_shot_end   (void);

/* Break-evens of @strategy against several others in this thread, until
 * the matching _strata_breakeven_share_end (): the scan's volumes and
 * @strategy's costs at them are found once (strata-breakeven.c, app/core).  Scopes
 * nest; an inner one shares the outer one's. */
void _strata_breakeven_share_begin (const StrataDataset  *dataset,
                                    const StrataStrategy *strategy,
                                    StrataObjective       objective);
void _strata_breakeven_share_end   (void);
/* strata_strategy_cost (), with the optimal strategy's from @memo
 * (nullable). */
double             _strata_chart_strategy_cost   (StrataDataset        *dataset,
                                                  const StrataStrategy *strategy,
                                                  StrataObjective       objective,
                                                  StrataCostMemo    *memo,
                                                  double                volume);
/* strata_breakeven_find () over the dataset's range, in the job, with the
 * dataset's memo: NULL when cancelled. */
StrataBreakeven   *_strata_chart_breakeven       (StrataDataset        *dataset,
                                                  const StrataStrategy *a,
                                                  const StrataStrategy *b,
                                                  StrataObjective       objective);

GArray *_strata_chart_breakeven_markers     (const StrataChartRequest *request,
                                             guint                     current,
                                             double                    x_min,
                                             double                    x_max);
void    _strata_chart_draw_breakeven_badges (StrataChartCtx        *ctx,
                                             GArray                *markers,
                                             const StrataScale     *xs,
                                             const StrataScale     *ys,
                                             const StrataChartRect *plot);
double  _strata_chart_breakeven_key_height  (StrataChartCtx *ctx,
                                             GArray         *markers,
                                             guint           current,
                                             double          width);
void    _strata_chart_draw_breakeven_key    (StrataChartCtx *ctx,
                                             GArray         *markers,
                                             guint           current,
                                             double          x,
                                             double          y,
                                             double          width);

G_END_DECLS

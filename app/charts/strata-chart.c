/* strata-chart.c: the entry points (draw, hit test, layout) and names
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "strata-chart-private.h"

static const char *const kind_names[] = {
  [STRATA_CHART_COST_CURVES] = "cost-curves",
  [STRATA_CHART_VALUE_CHAIN] = "value-chain",
  [STRATA_CHART_COMPARE]     = "compare",
  [STRATA_CHART_LADDER]      = "ladder",
  [STRATA_CHART_TORNADO]     = "tornado",
  [STRATA_CHART_ROADMAP]     = "roadmap",
  [STRATA_CHART_CHANCES]     = "chances",
  [STRATA_CHART_SWITCHPOINTS] = "switchpoints",
};

const char *
strata_chart_kind_to_string (StrataChartKind kind)
{
  if ((guint) kind >= G_N_ELEMENTS (kind_names))
    return NULL;
  return kind_names[kind];
}

gboolean
strata_chart_kind_from_string (const char      *text,
                               StrataChartKind *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    if (text != NULL && strcmp (text, kind_names[i]) == 0)
      {
        if (kind != NULL)
          *kind = i;
        return TRUE;
      }
  return FALSE;
}

const char *
strata_export_format_to_string (StrataExportFormat format)
{
  switch (format)
    {
    case STRATA_EXPORT_PNG:
      return "png";
    case STRATA_EXPORT_SVG:
      return "svg";
    case STRATA_EXPORT_PDF:
      return "pdf";
    default:
      return NULL;
    }
}

gboolean
strata_export_format_from_string (const char         *text,
                                  StrataExportFormat *format)
{
  static const StrataExportFormat all[] = { STRATA_EXPORT_PNG, STRATA_EXPORT_SVG, STRATA_EXPORT_PDF };

  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    if (text != NULL && strcmp (text, strata_export_format_to_string (all[i])) == 0)
      {
        if (format != NULL)
          *format = all[i];
        return TRUE;
      }
  return FALSE;
}

const StrataStrategy **
strata_chart_default_strategies (StrataDataset *dataset,
                                 guint         *n_out)
{
  const StrataStrategy **out;
  const StrataStrategy *preset;
  const StrataStrategy *optimal;
  guint n = 0, room;

  g_return_val_if_fail (dataset != NULL, NULL);

  out = g_new0 (const StrataStrategy *, dataset->n_strategies + 1);
  if ((preset = strata_dataset_find_strategy (dataset, STRATA_STRATEGY_ALL_NEUTRAL)))
    out[n++] = preset;
  if ((preset = strata_dataset_find_strategy (dataset, STRATA_STRATEGY_ALL_INTEGRATED)))
    out[n++] = preset;
  optimal = strata_dataset_find_strategy (dataset, STRATA_STRATEGY_OPTIMAL);
  /* The dataset's own ones in file order, as many as leave the set at
   * STRATA_DEFAULT_COMPARED with optimal (the app's first view shows the
   * same set). */
  room = STRATA_DEFAULT_COMPARED - n - (optimal != NULL);
  for (guint i = 0; i < dataset->n_strategies && room > 0; i++)
    if (!dataset->strategies[i].preset)
      {
        out[n++] = &dataset->strategies[i];
        room--;
      }
  if (optimal != NULL)
    out[n++] = optimal;
  if (n_out != NULL)
    *n_out = n;
  return out;
}

static gboolean
request_usable (const StrataChartRequest *request)
{
  const StrataDataset *dataset;

  if (request == NULL || request->dataset == NULL)
    return FALSE;
  dataset = request->dataset;
  if (dataset->n_layers == 0 || dataset->layers == NULL)
    return FALSE;
  for (guint l = 0; l < dataset->n_layers; l++)
    if (dataset->layers[l].n_options == 0 || dataset->layers[l].options == NULL)
      return FALSE;
  if (!(dataset->volume_min > 0) || !(dataset->volume_max >= dataset->volume_min) ||
      !isfinite (dataset->volume_max))
    return FALSE;
  if (request->n_strategies > 0 && request->strategies == NULL)
    return FALSE;
  for (guint i = 0; i < request->n_strategies; i++)
    if (request->strategies[i] == NULL)
      return FALSE;
  return TRUE;
}

/* Draws into @ctx (already initialised on its cairo_t). */
static void
draw_into (StrataChartKind  kind,
           StrataChartCtx  *ctx)
{
  const StrataChartRequest *request = ctx->request;

  if (!request->transparent)
    {
      _strata_chart_set_color (ctx->cr, ctx->theme->background);
      cairo_paint (ctx->cr);
    }

  /* Below this nothing readable fits; an empty background is honest. */
  if (ctx->width < 48 || ctx->height < 32)
    return;

  if (!request_usable (request))
    {
      _strata_chart_message (ctx, _("Nothing to draw: the dataset is empty"));
      return;
    }

  switch (kind)
    {
    case STRATA_CHART_COST_CURVES:
      _strata_chart_draw_cost_curves (ctx);
      break;
    case STRATA_CHART_VALUE_CHAIN:
      _strata_chart_draw_value_chain (ctx);
      break;
    case STRATA_CHART_COMPARE:
      _strata_chart_draw_compare (ctx);
      break;
    case STRATA_CHART_LADDER:
      _strata_chart_draw_ladder (ctx);
      break;
    case STRATA_CHART_TORNADO:
      _strata_chart_draw_tornado (ctx);
      break;
    case STRATA_CHART_ROADMAP:
      _strata_chart_draw_roadmap (ctx);
      break;
    case STRATA_CHART_CHANCES:
      _strata_chart_draw_chances (ctx);
      break;
    case STRATA_CHART_SWITCHPOINTS:
      _strata_chart_draw_switchpoints (ctx);
      break;
    default:
      _strata_chart_message (ctx, _("Unknown chart"));
      break;
    }
}

static gboolean
size_usable (double width,
             double height)
{
  return isfinite (width) && isfinite (height) && width >= 1 && height >= 1 &&
         width <= 1e5 && height <= 1e5;
}

void
strata_chart_draw (StrataChartKind           kind,
                   const StrataChartRequest *request,
                   cairo_t                  *cr,
                   double                    width,
                   double                    height)
{
  _strata_chart_draw_with (kind, request, NULL, cr, width, height);
}

void
_strata_chart_draw_with (StrataChartKind           kind,
                         const StrataChartRequest *request,
                         StrataChartResults       *results,
                         cairo_t                  *cr,
                         double                    width,
                         double                    height)
{
  StrataChartCtx ctx;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (request != NULL);

  if (!size_usable (width, height) || cairo_status (cr) != CAIRO_STATUS_SUCCESS)
    return;

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  cairo_new_path (cr);
  _strata_chart_ctx_init (&ctx, request, cr, width, height);
  if (results != NULL)
    ctx.results = strata_chart_results_ref (results);
  draw_into (kind, &ctx);
  _strata_chart_ctx_clear (&ctx);
  cairo_restore (cr);
}

/* Lays the chart out on a recording surface, keeping the context (text
 * boxes, hit regions, plot frame) for the caller; clear it afterwards. */
static cairo_surface_t *
layout_chart (StrataChartKind           kind,
              const StrataChartRequest *request,
              StrataChartResults       *results,
              double                    width,
              double                    height,
              StrataChartCtx           *ctx)
{
  cairo_rectangle_t extents = { 0, 0, width, height };
  cairo_surface_t *surface;
  cairo_t *cr;

  surface = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, &extents);
  cr = cairo_create (surface);
  _strata_chart_ctx_init (ctx, request, cr, width, height);
  if (results != NULL)
    ctx->results = strata_chart_results_ref (results);
  draw_into (kind, ctx);
  /* The context keeps the cairo_t alive through its layout; drop ours. */
  cairo_destroy (cr);
  return surface;
}

GArray *
strata_chart_layout_text_boxes (StrataChartKind           kind,
                                const StrataChartRequest *request,
                                double                    width,
                                double                    height)
{
  StrataChartCtx ctx;
  cairo_surface_t *surface;
  GArray *boxes;

  g_return_val_if_fail (request != NULL, NULL);

  if (!size_usable (width, height))
    {
      boxes = g_array_new (FALSE, TRUE, sizeof (StrataChartTextBox));
      return boxes;
    }
  surface = layout_chart (kind, request, NULL, width, height, &ctx);
  boxes = g_steal_pointer (&ctx.boxes);
  _strata_chart_ctx_clear (&ctx);
  cairo_surface_destroy (surface);
  return boxes;
}

/* A chart laid out once for one request and size: its drawing (replayed),
 * its plot frame and scales, and its hit regions.  It owns a copy of the
 * request (a reference on the dataset, copies of the strategies), so a
 * worker thread may build it and the main thread keep it. */
struct _StrataChartLayout
{
  StrataChartKind        kind;
  StrataChartRequest     request;      /* monte_carlo is dropped once drawn */
  StrataStrategy        *strategies;   /* request.n_strategies copies */
  double                 width;
  double                 height;
  cairo_surface_t       *recording;    /* (nullable) when the size is unusable */

  double                 font_px;
  gboolean               has_plot;
  StrataChartRect        plot;
  double                 x_min, x_max, y_min, y_max;
  gboolean               y_log;
  GArray                *regions;      /* StrataHitRegion */
};

static void
layout_clear (gpointer data)
{
  StrataChartLayout *layout = data;

  for (guint i = 0; i < layout->request.n_strategies; i++)
    {
      g_free (layout->strategies[i].id);
      g_free (layout->strategies[i].name);
      g_free (layout->strategies[i].choices);
    }
  g_free (layout->strategies);
  g_free ((gpointer) layout->request.strategies);
  g_clear_pointer (&layout->request.dataset, strata_dataset_unref);
  g_clear_pointer (&layout->recording, cairo_surface_destroy);
  g_clear_pointer (&layout->regions, g_array_unref);
}

/* Copies @request into @layout: the strategies may be edited in place by
 * their owner after this returns. */
static void
layout_copy_request (StrataChartLayout        *layout,
                     const StrataChartRequest *request)
{
  guint n = request->n_strategies;
  guint n_layers = request->dataset != NULL ? request->dataset->n_layers : 0;
  const StrataStrategy **pointers = g_new0 (const StrataStrategy *, MAX (n, 1));

  layout->request = *request;
  if (request->dataset != NULL)
    layout->request.dataset = strata_dataset_ref (request->dataset);
  layout->strategies = g_new0 (StrataStrategy, MAX (n, 1));
  for (guint i = 0; i < n && request->strategies != NULL; i++)
    {
      const StrataStrategy *strategy = request->strategies[i];

      if (strategy == NULL)
        continue;
      layout->strategies[i].id = g_strdup (strategy->id);
      layout->strategies[i].name = g_strdup (strategy->name);
      layout->strategies[i].preset = strategy->preset;
      if (strategy->choices != NULL && n_layers > 0)
        layout->strategies[i].choices = g_memdup2 (strategy->choices, sizeof (guint) * n_layers);
      pointers[i] = &layout->strategies[i];
    }
  layout->request.strategies = pointers;
}

StrataChartLayout *
strata_chart_layout_new (StrataChartKind           kind,
                         const StrataChartRequest *request,
                         double                    width,
                         double                    height)
{
  return strata_chart_layout_new_full (kind, request, NULL, width, height);
}

StrataChartLayout *
strata_chart_layout_new_full (StrataChartKind           kind,
                              const StrataChartRequest *request,
                              StrataChartResults       *results,
                              double                    width,
                              double                    height)
{
  StrataChartLayout *layout;
  StrataChartCtx ctx;

  g_return_val_if_fail (request != NULL, NULL);

  layout = g_atomic_rc_box_new0 (StrataChartLayout);
  layout->kind = kind;
  layout->width = width;
  layout->height = height;
  layout_copy_request (layout, request);

  if (!size_usable (width, height))
    {
      layout->regions = g_array_new (FALSE, TRUE, sizeof (StrataHitRegion));
      g_array_set_clear_func (layout->regions, _strata_chart_region_clear);
      layout->request.monte_carlo = NULL;
      return layout;
    }

  layout->recording = layout_chart (kind, &layout->request, results, width, height, &ctx);
  layout->font_px = ctx.font_px;
  layout->has_plot = ctx.has_plot;
  layout->plot = ctx.plot;
  layout->x_min = ctx.x_min;
  layout->x_max = ctx.x_max;
  layout->y_min = ctx.y_min;
  layout->y_max = ctx.y_max;
  layout->y_log = ctx.y_log;
  layout->regions = g_steal_pointer (&ctx.regions);
  _strata_chart_ctx_clear (&ctx);
  /* The Monte Carlo is the caller's and only the drawing needed it. */
  layout->request.monte_carlo = NULL;
  return layout;
}

StrataChartLayout *
strata_chart_layout_ref (StrataChartLayout *layout)
{
  g_return_val_if_fail (layout != NULL, NULL);
  return g_atomic_rc_box_acquire (layout);
}

void
strata_chart_layout_unref (StrataChartLayout *layout)
{
  g_return_if_fail (layout != NULL);
  g_atomic_rc_box_release_full (layout, layout_clear);
}

double
strata_chart_layout_get_width (const StrataChartLayout *layout)
{
  g_return_val_if_fail (layout != NULL, 0);
  return layout->width;
}

double
strata_chart_layout_get_height (const StrataChartLayout *layout)
{
  g_return_val_if_fail (layout != NULL, 0);
  return layout->height;
}

void
strata_chart_layout_draw (const StrataChartLayout *layout,
                          cairo_t                 *cr)
{
  g_return_if_fail (layout != NULL);
  g_return_if_fail (cr != NULL);

  if (layout->recording == NULL || cairo_status (cr) != CAIRO_STATUS_SUCCESS)
    return;
  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, layout->width, layout->height);
  cairo_clip (cr);
  cairo_set_source_surface (cr, layout->recording, 0, 0);
  cairo_paint (cr);
  cairo_restore (cr);
}

static gboolean
hit_cost_curves (const StrataChartLayout  *layout,
                 double                    x,
                 double                    y,
                 StrataHit                *hit)
{
  StrataScale xs, ys;
  double volume;
  double best = G_MAXDOUBLE;
  double threshold = MAX (12.0, layout->font_px * 1.5);
  const StrataChartRequest *request = &layout->request;
  gboolean found = FALSE;

  if (!layout->has_plot ||
      x < layout->plot.x || x > layout->plot.x + layout->plot.width ||
      y < layout->plot.y - threshold || y > layout->plot.y + layout->plot.height + threshold)
    return FALSE;

  xs = (StrataScale) { layout->x_min, layout->x_max, layout->plot.x, layout->plot.x + layout->plot.width, TRUE };
  ys = (StrataScale) { layout->y_min, layout->y_max, layout->plot.y + layout->plot.height, layout->plot.y, layout->y_log };
  volume = _strata_scale_invert (&xs, x);
  volume = CLAMP (volume, layout->x_min, layout->x_max);
  /* Within the dataset's range: a range of one volume is drawn on an
   * axis widened around it, and the figures there are of that volume. */
  volume = CLAMP (volume, request->dataset->volume_min, request->dataset->volume_max);

  for (guint i = 0; i < request->n_strategies; i++)
    {
      double value = strata_strategy_cost (request->dataset, request->strategies[i], request->objective, volume);
      double py;
      double d;

      if (!isfinite (value))
        continue;
      py = _strata_scale_map (&ys, value);
      py = CLAMP (py, layout->plot.y, layout->plot.y + layout->plot.height);
      d = fabs (py - y);
      if (d <= threshold && d < best)
        {
          best = d;
          found = TRUE;
          hit->kind = STRATA_HIT_CURVE;
          hit->strategy = i;
          hit->volume = volume;
          hit->value = value;
        }
    }
  return found;
}

/* The region under (@x, @y), the last drawn on top; NULL: none. */
static const StrataHitRegion *
region_at (const StrataChartLayout *layout,
           double                   x,
           double                   y)
{
  if (layout->recording == NULL || !isfinite (x) || !isfinite (y))
    return NULL;
  for (guint i = layout->regions->len; i-- > 0;)
    {
      const StrataHitRegion *region = &g_array_index (layout->regions, StrataHitRegion, i);

      if (x >= region->rect.x && x <= region->rect.x + region->rect.width &&
          y >= region->rect.y && y <= region->rect.y + region->rect.height)
        return region;
    }
  return NULL;
}

char *
strata_chart_layout_hit_detail (const StrataChartLayout *layout,
                                double                   x,
                                double                   y)
{
  const StrataHitRegion *region;

  g_return_val_if_fail (layout != NULL, NULL);

  if (layout->kind == STRATA_CHART_COST_CURVES)
    return NULL;
  region = region_at (layout, x, y);
  return region != NULL ? g_strdup (region->detail) : NULL;
}

gboolean
strata_chart_layout_hit_test (const StrataChartLayout *layout,
                              double                   x,
                              double                   y,
                              StrataHit               *hit)
{
  StrataHit result = { STRATA_HIT_NONE, 0, 0, 0, 0, 0 };
  gboolean found = FALSE;

  g_return_val_if_fail (layout != NULL, FALSE);

  if (hit != NULL)
    *hit = result;
  if (layout->recording == NULL || !isfinite (x) || !isfinite (y))
    return FALSE;
  if (x < 0 || y < 0 || x > layout->width || y > layout->height)
    return FALSE;

  if (layout->kind == STRATA_CHART_COST_CURVES)
    found = request_usable (&layout->request) && hit_cost_curves (layout, x, y, &result);
  else
    {
      const StrataHitRegion *region = region_at (layout, x, y);

      if (region != NULL)
        {
          result = region->hit;
          found = TRUE;
        }
      /* The ladder reports the volume under the pointer. */
      if (found && layout->kind == STRATA_CHART_LADDER && layout->has_plot)
        {
          StrataScale xs = { layout->x_min, layout->x_max, layout->plot.x,
                             layout->plot.x + layout->plot.width, TRUE };

          result.volume = CLAMP (_strata_scale_invert (&xs, x), layout->x_min, layout->x_max);
        }
    }

  if (found && hit != NULL)
    *hit = result;
  return found;
}

gboolean
strata_chart_hit_test (StrataChartKind           kind,
                       const StrataChartRequest *request,
                       double                    width,
                       double                    height,
                       double                    x,
                       double                    y,
                       StrataHit                *hit)
{
  g_autoptr(StrataChartLayout) layout = NULL;

  g_return_val_if_fail (request != NULL, FALSE);

  if (hit != NULL)
    memset (hit, 0, sizeof *hit);
  if (!size_usable (width, height) || !isfinite (x) || !isfinite (y))
    return FALSE;
  if (x < 0 || y < 0 || x > width || y > height)
    return FALSE;
  layout = strata_chart_layout_new (kind, request, width, height);
  return strata_chart_layout_hit_test (layout, x, y, hit);
}

void
_strata_chart_fitted_note (StrataChartCtx      *ctx,
                           StrataChartNoteFunc  text_for,
                           gconstpointer        data,
                           guint                n,
                           double               x,
                           double               y)
{
  g_autofree char *note = NULL;
  StrataTextStyle style;

  style = _strata_chart_style (ctx, 0.8, STRATA_TEXT_LABEL, ctx->theme->muted,
                               STRATA_TEXT_FLAG_TRY | STRATA_TEXT_FLAG_ITALIC);
  style.max_width = ctx->width - 2 * ctx->pad;
  for (guint k = n; ; k--)
    {
      double w;

      g_free (note);
      note = text_for (data, k);
      _strata_chart_text_size (ctx, note, &style, &w, NULL);
      if ((w <= style.max_width && g_utf8_strlen (note, -1) <= STRATA_CHART_MAX_NAME_CHARS) || k == 0)
        break;
    }
  _strata_chart_text (ctx, note, &style, x, y, 0, 0.5, NULL);
}

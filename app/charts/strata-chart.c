/* strata-chart.c: the entry points (draw, hit test, layout) and names
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "strata-chart-private.h"

static const char *const kind_names[] = {
  [STRATA_CHART_COST_CURVES] = "cost-curves",
  [STRATA_CHART_VALUE_CHAIN] = "value-chain",
  [STRATA_CHART_COMPARE]     = "compare",
  [STRATA_CHART_LADDER]      = "ladder",
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
  guint n = 0;

  g_return_val_if_fail (dataset != NULL, NULL);

  out = g_new0 (const StrataStrategy *, dataset->n_strategies + 1);
  if ((preset = strata_dataset_find_strategy (dataset, STRATA_STRATEGY_ALL_NEUTRAL)))
    out[n++] = preset;
  if ((preset = strata_dataset_find_strategy (dataset, STRATA_STRATEGY_ALL_INTEGRATED)))
    out[n++] = preset;
  for (guint i = 0; i < dataset->n_strategies; i++)
    if (!dataset->strategies[i].preset)
      out[n++] = &dataset->strategies[i];
  if ((preset = strata_dataset_find_strategy (dataset, STRATA_STRATEGY_OPTIMAL)))
    out[n++] = preset;
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
      _strata_chart_message (ctx, "Nothing to draw: the dataset is empty");
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
    case STRATA_N_CHARTS:
    default:
      _strata_chart_message (ctx, "Unknown chart");
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
  draw_into (kind, &ctx);
  _strata_chart_ctx_clear (&ctx);
  cairo_restore (cr);
}

/* Lays the chart out on a recording surface, keeping the context (text
 * boxes, hit regions, plot frame) for the caller; clear it afterwards. */
static cairo_surface_t *
layout_chart (StrataChartKind           kind,
              const StrataChartRequest *request,
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
  surface = layout_chart (kind, request, width, height, &ctx);
  boxes = g_steal_pointer (&ctx.boxes);
  _strata_chart_ctx_clear (&ctx);
  cairo_surface_destroy (surface);
  return boxes;
}

static gboolean
hit_cost_curves (const StrataChartCtx *ctx,
                 double                x,
                 double                y,
                 StrataHit            *hit)
{
  const StrataChartRequest *request = ctx->request;
  StrataScale xs, ys;
  double volume;
  double best = G_MAXDOUBLE;
  double threshold = MAX (12.0, ctx->font_px * 1.5);
  gboolean found = FALSE;

  if (!ctx->has_plot ||
      x < ctx->plot.x || x > ctx->plot.x + ctx->plot.width ||
      y < ctx->plot.y - threshold || y > ctx->plot.y + ctx->plot.height + threshold)
    return FALSE;

  xs = (StrataScale) { ctx->x_min, ctx->x_max, ctx->plot.x, ctx->plot.x + ctx->plot.width, TRUE };
  ys = (StrataScale) { ctx->y_min, ctx->y_max, ctx->plot.y + ctx->plot.height, ctx->plot.y, ctx->y_log };
  volume = _strata_scale_invert (&xs, x);
  volume = CLAMP (volume, ctx->x_min, ctx->x_max);

  for (guint i = 0; i < request->n_strategies; i++)
    {
      double value = strata_strategy_effective_cost (request->dataset, request->strategies[i], volume);
      double py;
      double d;

      if (!isfinite (value))
        continue;
      py = _strata_scale_map (&ys, value);
      py = CLAMP (py, ctx->plot.y, ctx->plot.y + ctx->plot.height);
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

gboolean
strata_chart_hit_test (StrataChartKind           kind,
                       const StrataChartRequest *request,
                       double                    width,
                       double                    height,
                       double                    x,
                       double                    y,
                       StrataHit                *hit)
{
  StrataChartCtx ctx;
  cairo_surface_t *surface;
  StrataHit result = { STRATA_HIT_NONE, 0, 0, 0, 0, 0 };
  gboolean found = FALSE;

  g_return_val_if_fail (request != NULL, FALSE);

  if (hit != NULL)
    *hit = result;
  if (!size_usable (width, height) || !isfinite (x) || !isfinite (y))
    return FALSE;
  if (x < 0 || y < 0 || x > width || y > height)
    return FALSE;

  surface = layout_chart (kind, request, width, height, &ctx);

  if (kind == STRATA_CHART_COST_CURVES)
    found = request_usable (request) && hit_cost_curves (&ctx, x, y, &result);
  else
    {
      /* Last drawn is on top. */
      for (guint i = ctx.regions->len; i-- > 0;)
        {
          const StrataHitRegion *region = &g_array_index (ctx.regions, StrataHitRegion, i);

          if (x >= region->rect.x && x <= region->rect.x + region->rect.width &&
              y >= region->rect.y && y <= region->rect.y + region->rect.height)
            {
              result = region->hit;
              found = TRUE;
              break;
            }
        }
      /* The ladder reports the volume under the pointer. */
      if (found && kind == STRATA_CHART_LADDER && ctx.has_plot)
        {
          StrataScale xs = { ctx.x_min, ctx.x_max, ctx.plot.x, ctx.plot.x + ctx.plot.width, TRUE };

          result.volume = CLAMP (_strata_scale_invert (&xs, x), ctx.x_min, ctx.x_max);
        }
    }

  _strata_chart_ctx_clear (&ctx);
  cairo_surface_destroy (surface);
  if (found && hit != NULL)
    *hit = result;
  return found;
}

/* strata-chart-roadmap.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * The roadmap chart (MODEL.md section 8): the optimal roadmap from the
 * horizon's start.  On top, one row per layer across the years showing
 * the option that runs (coloured by mode), build years hatched and the
 * decision year marked; below, the annual cost of the start plan against
 * the roadmap; at the bottom the cumulative discounted savings with the
 * payback year and the peak funding marked.
 */

#include "config.h"

#include <math.h>

#include "strata/strata-horizon.h"
#include "strata-chart-private.h"

typedef struct
{
  StrataChartCtx         *ctx;
  const StrataDataset    *ds;
  StrataPlanResult       *plan;
  double                 *start_cost;   /* the start plan's objective cost by year */
  double                  x0, x1;       /* years axis: left edge of year 0, right of the last */
  double                  name_w;
} Roadmap;

static double
year_x (const Roadmap *r,
        double         t)
{
  return r->x0 + (r->x1 - r->x0) * t / r->plan->n_years;
}

static void
hatch (cairo_t *cr,
       double   x,
       double   y,
       double   w,
       double   h,
       double   step)
{
  cairo_save (cr);
  _strata_chart_rect_path (cr, x, y, w, h);
  cairo_clip (cr);
  for (double d = -h; d < w; d += step)
    _strata_chart_line (cr, x + d, y + h, x + d + h, y);
  cairo_stroke (cr);
  cairo_restore (cr);
}

/* Rows: one per layer, the running option's segments. */
static void
draw_rows (Roadmap *r,
           double   top,
           double   bottom)
{
  StrataChartCtx *ctx = r->ctx;
  const StrataChartTheme *theme = ctx->theme;
  guint n = r->ds->n_layers, years = r->plan->n_years;
  double row_h = (bottom - top) / n;
  StrataTextStyle name_style = _strata_chart_style (ctx, 0.95, STRATA_TEXT_LABEL, theme->foreground, STRATA_TEXT_FLAG_NONE);
  StrataTextStyle cell_style = _strata_chart_style (ctx, 0.8, STRATA_TEXT_LABEL, theme->on_mode, STRATA_TEXT_FLAG_TRY);

  name_style.max_width = r->name_w - ctx->font_px;
  for (guint l = 0; l < n; l++)
    {
      double y = top + l * row_h + row_h * 0.12, h = row_h * 0.76;
      const StrataLayerPlan *p = &r->plan->plans[l];
      guint t = 0;

      _strata_chart_text (ctx, r->ds->layers[l].name, &name_style, r->x0 - ctx->font_px * 0.6,
                          y + h / 2, 1, 0.5, NULL);
      while (t < years)
        {
          guint option = r->plan->choices[t * n + l], end = t, built = t;
          const StrataOption *o = &r->ds->layers[l].options[option];
          double xa, xb;

          while (end < years && r->plan->choices[end * n + l] == option)
            end++;
          while (built < end && r->plan->building[built * n + l] < 0)
            built++;
          xa = year_x (r, t) + 1;
          xb = year_x (r, end) - 1;
          _strata_chart_round_rect (ctx->cr, xa, y, xb - xa, h, ctx->font_px * 0.25);
          _strata_chart_set_color (ctx->cr, _strata_chart_mode_color (o->mode));
          cairo_fill (ctx->cr);
          /* The years the new option is being built: hatched. */
          if (built < end)
            {
              _strata_chart_set_color (ctx->cr, _strata_chart_mix (theme->background,
                                                                   _strata_chart_mode_color (o->mode), 0.35));
              cairo_set_line_width (ctx->cr, ctx->line_px * 1.2);
              hatch (ctx->cr, year_x (r, built) + 1, y, xb - year_x (r, built) - 1, h, ctx->font_px * 0.55);
            }
          cell_style.max_width = xb - xa - ctx->font_px * 0.6;
          if (cell_style.max_width > ctx->font_px * 2)
            _strata_chart_text (ctx, o->name, &cell_style, (xa + xb) / 2, y + h / 2, 0.5, 0.5, NULL);
          t = end;
        }
      if (p->decide_year >= 0)
        {
          double xd = year_x (r, p->decide_year) + 1;

          cairo_move_to (ctx->cr, xd, y - ctx->font_px * 0.1);
          cairo_line_to (ctx->cr, xd + ctx->font_px * 0.7, y - ctx->font_px * 0.1);
          cairo_line_to (ctx->cr, xd, y + ctx->font_px * 0.6);
          cairo_close_path (ctx->cr);
          _strata_chart_set_color (ctx->cr, theme->highlight);
          cairo_fill (ctx->cr);
        }
    }
}

/* A value panel with a zero line and a money axis on the left. */
static StrataScale
value_panel (Roadmap    *r,
             double      top,
             double      bottom,
             double      lo,
             double      hi,
             const char *title)
{
  StrataChartCtx *ctx = r->ctx;
  StrataTextStyle axis = _strata_chart_style (ctx, 0.8, STRATA_TEXT_AXIS, ctx->theme->muted, STRATA_TEXT_FLAG_TRY);
  StrataTextStyle head = _strata_chart_style (ctx, 0.9, STRATA_TEXT_LABEL, ctx->theme->foreground, STRATA_TEXT_FLAG_BOLD);
  StrataScale ys;
  g_autoptr(GArray) ticks = NULL;

  _strata_nice_range (&lo, &hi, 4);
  ys.d0 = lo;
  ys.d1 = hi;
  ys.r0 = bottom;
  ys.r1 = top + ctx->font_px * 1.4;
  ys.log = FALSE;
  _strata_chart_text (ctx, title, &head, r->x0, top, 0, 0, NULL);
  _strata_chart_set_color (ctx->cr, ctx->theme->panel);
  _strata_chart_rect_path (ctx->cr, r->x0, ys.r1, r->x1 - r->x0, ys.r0 - ys.r1);
  cairo_fill (ctx->cr);
  ticks = _strata_ticks_linear (lo, hi, 4);
  cairo_set_line_width (ctx->cr, ctx->line_px * 0.5);
  for (guint i = 0; i < ticks->len; i++)
    {
      double v = g_array_index (ticks, double, i), y = _strata_scale_map (&ys, v);
      g_autofree char *label = _strata_chart_money_si (v, r->ds);

      _strata_chart_set_color (ctx->cr, v == 0 ? ctx->theme->axis : ctx->theme->grid);
      _strata_chart_line (ctx->cr, r->x0, y, r->x1, y);
      cairo_stroke (ctx->cr);
      _strata_chart_text (ctx, label, &axis, r->x0 - ctx->font_px * 0.4, y, 1, 0.5, NULL);
    }
  return ys;
}

static void
draw_costs (Roadmap *r,
            double   top,
            double   bottom)
{
  StrataChartCtx *ctx = r->ctx;
  guint years = r->plan->n_years;
  double lo = 0, hi = 0;
  StrataScale ys;
  StrataRgba start_color = ctx->theme->muted;
  StrataRgba plan_color = _strata_chart_mode_color (STRATA_MODE_INTEGRATED);
  StrataTextStyle legend = _strata_chart_style (ctx, 0.8, STRATA_TEXT_LEGEND, ctx->theme->muted, STRATA_TEXT_FLAG_TRY);
  gboolean cash = r->plan->objective == STRATA_HORIZON_CASH;

  for (guint t = 0; t < years; t++)
    {
      double c = cash ? r->plan->rows[t].cash_cost : r->plan->rows[t].effective_cost;

      lo = MIN (lo, MIN (c, r->start_cost[t]));
      hi = MAX (hi, MAX (c, r->start_cost[t]));
    }
  ys = value_panel (r, top, bottom, lo, hi,
                    cash ? "Cash cost a year: start plan against the roadmap"
                         : "Effective cost a year (cash less ecosystem value): start plan against the roadmap");
  for (guint k = 0; k < 2; k++)
    {
      double bw = (year_x (r, 1) - year_x (r, 0)) * 0.36;

      for (guint t = 0; t < years; t++)
        {
          double v = k == 0 ? r->start_cost[t]
                            : cash ? r->plan->rows[t].cash_cost : r->plan->rows[t].effective_cost;
          double x = year_x (r, t + 0.5) + (k == 0 ? -bw : 0);
          double y0 = _strata_scale_map (&ys, 0), y1 = _strata_scale_map (&ys, v);

          _strata_chart_rect_path (ctx->cr, x, MIN (y0, y1), bw, fabs (y1 - y0));
          _strata_chart_set_color (ctx->cr, k == 0 ? start_color : plan_color);
          cairo_fill (ctx->cr);
        }
    }
  {
    StrataChartRect box;
    double x = r->x1, y = top + ctx->font_px * 0.5, sw = ctx->font_px * 0.8;

    if (_strata_chart_text (ctx, "Roadmap", &legend, x, y, 1, 0.5, &box))
      {
        _strata_chart_rect_path (ctx->cr, box.x - sw * 1.3, y - sw / 2, sw, sw);
        _strata_chart_set_color (ctx->cr, plan_color);
        cairo_fill (ctx->cr);
        x = box.x - sw * 1.3 - ctx->font_px;
        if (_strata_chart_text (ctx, "Start plan", &legend, x, y, 1, 0.5, &box))
          {
            _strata_chart_rect_path (ctx->cr, box.x - sw * 1.3, y - sw / 2, sw, sw);
            _strata_chart_set_color (ctx->cr, start_color);
            cairo_fill (ctx->cr);
          }
      }
  }
}

static void
draw_savings (Roadmap *r,
              double   top,
              double   bottom)
{
  StrataChartCtx *ctx = r->ctx;
  const StrataPlanResult *p = r->plan;
  guint years = p->n_years, deepest = 0;
  double lo = 0, hi = 0;
  StrataScale ys;
  StrataTextStyle mark = _strata_chart_style (ctx, 0.85, STRATA_TEXT_VALUE, ctx->theme->foreground,
                                              STRATA_TEXT_FLAG_HALO);
  StrataTextStyle axis = _strata_chart_style (ctx, 0.8, STRATA_TEXT_AXIS, ctx->theme->muted, STRATA_TEXT_FLAG_TRY);

  for (guint t = 0; t < years; t++)
    {
      lo = MIN (lo, p->rows[t].savings);
      hi = MAX (hi, p->rows[t].savings);
      if (p->rows[t].savings < p->rows[deepest].savings)
        deepest = t;
    }
  ys = value_panel (r, top, bottom, lo, hi, "Cumulative discounted savings against the start plan");
  cairo_set_line_width (ctx->cr, ctx->line_px * 1.5);
  _strata_chart_set_color (ctx->cr, ctx->theme->foreground);
  for (guint t = 0; t < years; t++)
    {
      double x = year_x (r, t + 0.5), y = _strata_scale_map (&ys, p->rows[t].savings);

      if (t == 0)
        cairo_move_to (ctx->cr, x, y);
      else
        cairo_line_to (ctx->cr, x, y);
    }
  cairo_stroke (ctx->cr);
  for (guint t = 0; t < years; t++)
    {
      g_autofree char *year = g_strdup_printf ("%d", p->rows[t].year);

      _strata_chart_circle (ctx->cr, year_x (r, t + 0.5), _strata_scale_map (&ys, p->rows[t].savings),
                            ctx->line_px * 2);
      cairo_fill (ctx->cr);
      _strata_chart_text (ctx, year, &axis, year_x (r, t + 0.5), bottom + ctx->font_px * 0.3, 0.5, 0, NULL);
    }
  if (p->peak_funding > 0)
    {
      g_autofree char *money = _strata_chart_money_si (p->peak_funding, r->ds);
      g_autofree char *text = g_strdup_printf ("peak funding %s", money);
      double x = year_x (r, deepest + 0.5), y = _strata_scale_map (&ys, p->rows[deepest].savings);

      /* Above the deepest point: the plot's bottom edge is below it. */
      _strata_chart_text (ctx, text, &mark, x + ctx->font_px * 0.5, y - ctx->font_px * 0.3, 0, 1, NULL);
    }
  if (p->has_payback && p->peak_funding > 0)
    {
      g_autofree char *text = g_strdup_printf ("pays back %d", p->payback_year);
      double x = year_x (r, p->payback_year - r->ds->horizon->first_year + 0.5);

      cairo_set_line_width (ctx->cr, ctx->line_px);
      _strata_chart_set_color (ctx->cr, ctx->theme->highlight);
      _strata_chart_line (ctx->cr, x, ys.r1, x, ys.r0);
      cairo_stroke (ctx->cr);
      /* Right of the line, or left of it where the plot ends too soon. */
      {
        double w;

        _strata_chart_text_size (ctx, text, &mark, &w, NULL);
        if (x + ctx->font_px * 0.4 + w <= ctx->width - ctx->pad)
          _strata_chart_text (ctx, text, &mark, x + ctx->font_px * 0.4, ys.r1 + ctx->font_px * 0.2, 0, 0, NULL);
        else
          _strata_chart_text (ctx, text, &mark, x - ctx->font_px * 0.4, ys.r1 + ctx->font_px * 0.2, 1, 0, NULL);
      }
    }
}

void
_strata_chart_draw_roadmap (StrataChartCtx *ctx)
{
  const StrataDataset *ds = ctx->request->dataset;
  g_autofree StrataLayerPlan *plans = NULL;
  g_autofree StrataLayerPlan *never = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(StrataPlanResult) start = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *savings = NULL;
  const StrataStrategy *st;
  Roadmap r = { ctx, ds, NULL, NULL, 0, 0, 0 };
  StrataHorizonObjective objective = ctx->request->objective == STRATA_OBJECTIVE_CASH ? STRATA_HORIZON_CASH
                                                                                     : STRATA_HORIZON_EFFECTIVE;
  double top, bottom, h;

  if (ds->horizon == NULL)
    {
      _strata_chart_message (ctx, "No horizon: add a \"horizon\" to the dataset to plan over years");
      return;
    }
  plans = g_new0 (StrataLayerPlan, ds->n_layers);
  if (!strata_roadmap_optimal (ds, objective, plans, &error))
    {
      _strata_chart_message (ctx, error->message);
      return;
    }
  r.plan = strata_plan_evaluate (ds, plans, objective);
  never = g_new0 (StrataLayerPlan, ds->n_layers);
  for (guint l = 0; l < ds->n_layers; l++)
    {
      never[l].option = r.plan->start[l];
      never[l].decide_year = -1;
    }
  start = strata_plan_evaluate (ds, never, objective);
  r.start_cost = g_new0 (double, r.plan->n_years);
  for (guint t = 0; t < r.plan->n_years; t++)
    r.start_cost[t] = objective == STRATA_HORIZON_CASH ? start->rows[t].cash_cost : start->rows[t].effective_cost;

  st = strata_dataset_find_strategy (ds, ds->horizon->start);
  savings = _strata_chart_money_si (r.plan->savings_npv, ds);
  subtitle = g_strdup_printf ("Optimal roadmap from %s, %d–%d: saves %s (NPV of %s)",
                              st != NULL ? st->name : ds->horizon->start, ds->horizon->first_year,
                              ds->horizon->first_year + (int) ds->horizon->years - 1, savings,
                              objective == STRATA_HORIZON_CASH ? "cash cost" : "effective cost");
  top = _strata_chart_title (ctx, ds->title, subtitle);
  bottom = ctx->height - ctx->pad - ctx->font_px * 1.6;
  h = bottom - top;

  r.name_w = MIN (ctx->width * 0.22, ctx->font_px * 14);
  r.x0 = ctx->pad + r.name_w;
  r.x1 = ctx->width - ctx->pad;
  draw_rows (&r, top, top + h * 0.36);
  {
    StrataTextStyle note = _strata_chart_style (ctx, 0.75, STRATA_TEXT_LEGEND, ctx->theme->muted,
                                                STRATA_TEXT_FLAG_TRY);

    _strata_chart_text (ctx, "Blue: bought · orange: built in-house · hatched: being built · "
                        "corner mark: decision",
                        &note, r.x1, top + h * 0.37, 1, 0, NULL);
  }
  draw_costs (&r, top + h * 0.42, top + h * 0.68);
  draw_savings (&r, top + h * 0.73, bottom);

  g_free (r.start_cost);
  strata_plan_result_free (r.plan);
}

/* strata-chart-compare.c: the outcomes of MODEL.md section 3 side by side
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "strata/strata-format.h"

#include "strata-chart-private.h"

typedef enum
{
  UNIT_PER_UNIT,    /* money per dataset unit */
  UNIT_PER_YEAR,    /* money per year, SI */
  UNIT_PERCENT,
  UNIT_MS,
} RowUnit;

typedef struct
{
  const char *title;
  RowUnit     unit;
  gboolean    higher_is_better;
  gsize       offset;
  gboolean    profit;
  const char *key;      /* MODEL.md 3 */
} Row;

static const Row rows[] = {
  { N_("Effective unit cost"), UNIT_PER_UNIT, FALSE, G_STRUCT_OFFSET (StrataOutcome, effective_unit_cost), FALSE, "effective_unit_cost" },
  { N_("Unit cost"),       UNIT_PER_UNIT, FALSE, G_STRUCT_OFFSET (StrataOutcome, unit_cost), FALSE, "unit_cost" },
  { N_("Ecosystem value"), UNIT_PER_UNIT, TRUE,  G_STRUCT_OFFSET (StrataOutcome, ecosystem_value), FALSE, "ecosystem_value" },
  { N_("Annual cost"),     UNIT_PER_YEAR, FALSE, G_STRUCT_OFFSET (StrataOutcome, annual_cost), FALSE, "annual_cost" },
  { N_("Supplier margin"), UNIT_PER_UNIT, FALSE, G_STRUCT_OFFSET (StrataOutcome, supplier_margin), FALSE, "supplier_margin" },
  { N_("Capital at risk"), UNIT_PER_YEAR, FALSE, G_STRUCT_OFFSET (StrataOutcome, capital_at_risk), FALSE, "capital_at_risk" },
  { N_("Supplier share"),  UNIT_PERCENT,  FALSE, G_STRUCT_OFFSET (StrataOutcome, supplier_share), FALSE, "supplier_share" },
  { N_("Latency"),         UNIT_MS,       FALSE, G_STRUCT_OFFSET (StrataOutcome, latency_ms), FALSE, "latency_ms" },
  { N_("Unit profit"),     UNIT_PER_UNIT, TRUE,  G_STRUCT_OFFSET (StrataOutcome, unit_profit), TRUE, "unit_profit" },
  { N_("Annual profit"),   UNIT_PER_YEAR, TRUE,  G_STRUCT_OFFSET (StrataOutcome, annual_profit), TRUE, "annual_profit" },
};

static double
row_value (const Row           *row,
           const StrataOutcome *outcome)
{
  return G_STRUCT_MEMBER (double, outcome, row->offset);
}

static char *
format_value (const Row           *row,
              double               value,
              const StrataDataset *dataset)
{
  g_autofree char *money = NULL;

  if (!isfinite (value))
    return g_strdup ("\xE2\x80\x94");
  switch (row->unit)
    {
    case UNIT_PER_UNIT:
      return _strata_chart_money (value, dataset);
    case UNIT_PER_YEAR:
      money = _strata_chart_money_si (value, dataset);
      return g_strdup_printf ("%s/yr", money);
    case UNIT_PERCENT:
      return strata_format_percent (value);
    case UNIT_MS:
      {
        g_autofree char *figure = strata_format_figure (value);
        return g_strdup_printf ("%s ms", figure);
      }
    default:
      return strata_format_figure (value);
    }
}

static char *
row_unit_text (const Row           *row,
               const StrataDataset *dataset)
{
  g_autofree char *base = NULL;

  g_autofree char *unit = _strata_chart_per_unit (dataset->unit, 32);
  g_autofree char *currency = _strata_chart_cut (dataset->currency, 12);

  switch (row->unit)
    {
    case UNIT_PER_UNIT:
      base = g_strdup_printf ("%s per %s", currency, unit);
      /* MODEL.md 3: "cost less ecosystem value" beside the effective cost. */
      if (g_str_equal (row->key, "effective_unit_cost"))
        return g_strdup_printf ("%s, cost less ecosystem value", base);
      return g_steal_pointer (&base);
    case UNIT_PER_YEAR:
      if (g_str_equal (row->key, "capital_at_risk"))
        return g_strdup_printf ("%s per year: fixed costs of integrated layers", currency);
      return g_strdup_printf ("%s per year", currency);
    case UNIT_PERCENT:
      return g_strdup ("% of unit cost from suppliers");
    case UNIT_MS:
      return g_strdup ("milliseconds per request");
    default:
      return g_strdup ("");
    }
}

void
_strata_chart_draw_compare (StrataChartCtx *ctx)
{
  const StrataChartRequest *request = ctx->request;
  const StrataDataset *dataset = request->dataset;
  const StrataChartTheme *theme = ctx->theme;
  guint n = request->n_strategies;
  guint n_rows = 0;
  const Row *shown[G_N_ELEMENTS (rows)];
  g_autofree StrataOutcome *outcomes = NULL;
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree guint *choices = NULL;
  StrataTextStyle style;
  double volume;
  double top, bottom;
  guint cols, per_col;
  double col_gap, panel_w, panel_h, name_w = 0, value_w = 0;
  gboolean two_line_headers = FALSE;

  volume = request->volume > 0 && isfinite (request->volume) ? request->volume : dataset->volume_default;
  {
    g_autofree char *at = _strata_chart_volume_phrase (volume, dataset);
    g_autofree char *data_title = _strata_chart_cut (dataset->title, 64);

    /* Translators: a volume phrase, then the dataset's title */
    subtitle = g_strdup_printf (_("Outcomes at %s; best in each row highlighted \xC2\xB7 %s"),
                                at, data_title);
    if (n > 0)
      {
        g_autofree char *name = _strata_chart_cut (request->strategies[MIN (request->current, n - 1)]->name, 48);

        title = n > 1 ? g_strdup_printf ("%s compared with %u other strateg%s", name, n - 1, n == 2 ? "y" : "ies")
                      : g_strdup (name);
      }
    else
      title = g_strdup (dataset->title);
  }
  top = _strata_chart_title (ctx, title, subtitle);
  bottom = ctx->height - ctx->pad;

  if (n == 0)
    {
      _strata_chart_message (ctx, _("No strategies to compare"));
      return;
    }

  outcomes = g_new0 (StrataOutcome, n);
  choices = g_new0 (guint, dataset->n_layers);
  for (guint i = 0; i < n; i++)
    {
      strata_strategy_resolve_full (dataset, request->strategies[i], request->objective, volume, choices);
      strata_evaluate (dataset, choices, volume, &outcomes[i], NULL);
    }
  for (guint r = 0; r < G_N_ELEMENTS (rows); r++)
    {
      gboolean empty = rows[r].unit == UNIT_MS;

      /* A latency panel of zeros says nothing (no option has a latency). */
      for (guint i = 0; i < n && empty; i++)
        empty = row_value (&rows[r], &outcomes[i]) == 0;
      if ((!rows[r].profit || dataset->has_price) && !empty)
        shown[n_rows++] = &rows[r];
    }

  /* As many columns of panels as make the bars' text largest, while a
   * panel stays wide enough for a whole name, a bar and a value. */
  {
    double best_fs = -1;
    double natural_w = 0;

    style = _strata_chart_style (ctx, 0.85, STRATA_TEXT_LABEL, theme->foreground, 0);
    for (guint i = 0; i < n; i++)
      {
        double w;

        _strata_chart_text_size (ctx, request->strategies[i]->name, &style, &w, NULL);
        natural_w = MAX (natural_w, w);
      }

    cols = 1;
    for (guint c = 1; c <= 3; c++)
      {
        guint rows_here = (n_rows + c - 1) / c;
        double pw = (ctx->width - 2 * ctx->pad - (c - 1) * ctx->font_px * 2.5) / c;
        double ph = (bottom - top) / rows_here;
        double slot = (ph - ctx->font_px * 2.15) / n;
        double fs = MIN (ctx->font_px * 0.85, slot * 0.8);

        if (c > 1 && (pw < ctx->font_px * 18 || natural_w > pw * 0.4))
          break;
        if (fs > best_fs + 0.5)
          {
            best_fs = fs;
            cols = c;
          }
      }
  }
  per_col = (n_rows + cols - 1) / cols;
  col_gap = ctx->font_px * 2.5;
  panel_w = (ctx->width - 2 * ctx->pad - (cols - 1) * col_gap) / cols;
  panel_h = (bottom - top) / per_col;

  /* Shared column widths so the panels line up. */
  style = _strata_chart_style (ctx, 0.85, STRATA_TEXT_LABEL, theme->foreground, 0);
  style.max_width = panel_w * 0.4;
  for (guint i = 0; i < n; i++)
    {
      double w;

      _strata_chart_text_size (ctx, request->strategies[i]->name, &style, &w, NULL);
      name_w = MAX (name_w, w);
    }
  style = _strata_chart_style (ctx, 0.85, STRATA_TEXT_VALUE, theme->foreground, STRATA_TEXT_FLAG_BOLD);
  for (guint r = 0; r < n_rows; r++)
    for (guint i = 0; i < n; i++)
      {
        g_autofree char *text = format_value (shown[r], row_value (shown[r], &outcomes[i]), dataset);
        double w;

        _strata_chart_text_size (ctx, text, &style, &w, NULL);
        value_w = MAX (value_w, w);
      }
  value_w = MIN (value_w, panel_w * 0.3);

  /* A unit too long to sit beside its key gets a line of its own; then
   * every panel keeps room for two header lines, so the bars line up. */
  for (guint r = 0; r < n_rows; r++)
    {
      g_autofree char *unit_text = row_unit_text (shown[r], dataset);
      double title_w, unit_w;

      style = _strata_chart_style (ctx, 0.95, STRATA_TEXT_LABEL, theme->foreground, STRATA_TEXT_FLAG_BOLD);
      style.max_width = panel_w * 0.5;
      _strata_chart_text_size (ctx, _(shown[r]->title), &style, &title_w, NULL);
      style = _strata_chart_style (ctx, 0.8, STRATA_TEXT_AXIS, theme->muted, 0);
      _strata_chart_text_size (ctx, unit_text, &style, &unit_w, NULL);
      if (title_w + ctx->font_px * 0.6 + unit_w > panel_w)
        two_line_headers = TRUE;
    }

  for (guint r = 0; r < n_rows; r++)
    {
      const Row *row = shown[r];
      guint col = r / per_col;
      double px = ctx->pad + col * (panel_w + col_gap);
      double py = top + (r % per_col) * panel_h;
      double header_h = ctx->font_px * (two_line_headers ? 2.55 : 1.45);
      double bars_top, bars_h, slot, bar_h;
      double bar_x0 = px + name_w + ctx->font_px * 0.6;
      double bar_x1 = px + panel_w - value_w - ctx->font_px * 0.6;
      double lo = 0, hi = 0, best = NAN;
      gboolean all_equal = TRUE;
      StrataScale scale;
      g_autofree char *unit_text = row_unit_text (row, dataset);
      StrataChartRect box;

      /* Header: the key and its unit. */
      style = _strata_chart_style (ctx, 0.95, STRATA_TEXT_LABEL, theme->foreground,
                                   STRATA_TEXT_FLAG_BOLD | STRATA_TEXT_FLAG_TRY);
      style.max_width = panel_w * 0.5;
      if (_strata_chart_text (ctx, _(row->title), &style, px, py + ctx->font_px * 0.65, 0, 0.5, &box))
        {
          double unit_w, beside;

          style = _strata_chart_style (ctx, 0.8, STRATA_TEXT_AXIS, theme->muted, STRATA_TEXT_FLAG_TRY);
          _strata_chart_text_size (ctx, unit_text, &style, &unit_w, NULL);
          beside = px + panel_w - (box.x + box.width + ctx->font_px * 0.6);
          if (unit_w <= beside)
            {
              style.max_width = beside;
              _strata_chart_text (ctx, unit_text, &style, box.x + box.width + ctx->font_px * 0.6,
                                  py + ctx->font_px * 0.65, 0, 0.5, NULL);
            }
          else
            {
              /* Too long to sit beside the key: a line of its own below
               * it, whole where the panel is wide enough. */
              style.max_width = panel_w;
              _strata_chart_text (ctx, unit_text, &style, px, box.y + box.height + ctx->font_px * 0.1,
                                  0, 0, NULL);
            }
        }
      bars_top = py + header_h;
      bars_h = panel_h - header_h - ctx->font_px * 0.7;
      slot = bars_h / n;
      bar_h = MIN (slot * 0.78, ctx->font_px * 1.3);

      if (bar_x1 - bar_x0 < ctx->font_px || bar_h < 0.5)
        continue;

      for (guint i = 0; i < n; i++)
        {
          double v = row_value (row, &outcomes[i]);

          if (!isfinite (v))
            continue;
          lo = MIN (lo, v);
          hi = MAX (hi, v);
          if (isnan (best) || (row->higher_is_better ? v > best : v < best))
            best = v;
          if (fabs (v - row_value (row, &outcomes[0])) > 1e-12 * MAX (1.0, fabs (v)))
            all_equal = FALSE;
        }
      if (hi == lo)
        hi = lo + 1;
      scale = (StrataScale) { lo, hi, bar_x0, bar_x1, FALSE };

      /* Track behind the bars and the zero line. */
      _strata_chart_rect_path (ctx->cr, bar_x0, bars_top, bar_x1 - bar_x0, bars_h);
      _strata_chart_set_color (ctx->cr, theme->panel);
      cairo_fill (ctx->cr);
      if (lo < 0)
        {
          double zx = round (_strata_scale_map (&scale, 0)) + 0.5;

          cairo_set_line_width (ctx->cr, 1.0);
          _strata_chart_set_color (ctx->cr, theme->axis);
          _strata_chart_line (ctx->cr, zx, bars_top, zx, bars_top + bars_h);
          cairo_stroke (ctx->cr);
        }

      for (guint i = 0; i < n; i++)
        {
          double v = row_value (row, &outcomes[i]);
          double cy = bars_top + slot * (i + 0.5);
          double x0 = _strata_scale_map (&scale, 0);
          double x1 = _strata_scale_map (&scale, isfinite (v) ? v : 0);
          gboolean is_best = !all_equal && isfinite (v) &&
                             fabs (v - best) <= 1e-9 * MAX (1.0, fabs (best));
          StrataRgba color = _strata_chart_strategy_color (request, i);
          StrataChartRect rect = { MIN (x0, x1), cy - bar_h / 2, MAX (fabs (x1 - x0), 1.0), bar_h };
          StrataHit hit = { STRATA_HIT_BAR, i, 0, r, volume, v };
          g_autofree char *text = format_value (row, v, dataset);
          g_autofree char *key = NULL;
          double fs = MIN (ctx->font_px * 0.85, slot * 0.8);

          if (!is_best && !all_equal)
            color = _strata_chart_mix (color, theme->background, 0.35);
          _strata_chart_rect_path (ctx->cr, rect.x, rect.y, rect.width, rect.height);
          _strata_chart_set_color (ctx->cr, color);
          cairo_fill (ctx->cr);
          if (is_best)
            {
              _strata_chart_rect_path (ctx->cr, rect.x - 1, rect.y - 1, rect.width + 2, rect.height + 2);
              cairo_set_line_width (ctx->cr, MAX (1.5, ctx->line_px * 0.8));
              _strata_chart_set_color (ctx->cr, theme->highlight);
              cairo_stroke (ctx->cr);
            }
          _strata_chart_add_region (ctx, &(StrataChartRect) { px, cy - slot / 2, panel_w, slot }, &hit);

          if (fs < 6)
            continue;
          style = _strata_chart_style (ctx, 1.0, STRATA_TEXT_LABEL, theme->muted, STRATA_TEXT_FLAG_TRY);
          style.size = fs;
          style.max_width = name_w;
          _strata_chart_text (ctx, request->strategies[i]->name, &style, bar_x0 - ctx->font_px * 0.5, cy, 1, 0.5, NULL);

          style = _strata_chart_style (ctx, 1.0, STRATA_TEXT_VALUE, is_best ? theme->foreground : theme->muted,
                                       STRATA_TEXT_FLAG_TRY | (is_best ? STRATA_TEXT_FLAG_BOLD : 0));
          style.size = fs;
          style.max_width = value_w + ctx->font_px * 0.5;
          key = g_strdup_printf ("compare:%s:%s", row->key, request->strategies[i]->id);
          style.key = key;
          style.value = v;
          _strata_chart_text (ctx, text, &style, bar_x1 + ctx->font_px * 0.4, cy, 0, 0.5, NULL);
        }
    }
}

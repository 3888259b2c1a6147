/* strata-chart-value-chain.c: the stack as blocks, seams and co-design links
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "strata-chart-private.h"

static void
arrow_head (cairo_t *cr,
            double   x,
            double   y,
            double   angle,
            double   size)
{
  cairo_move_to (cr, _strata_chart_c (x), _strata_chart_c (y));
  cairo_line_to (cr, _strata_chart_c (x - size * cos (angle - 0.45)), _strata_chart_c (y - size * sin (angle - 0.45)));
  cairo_line_to (cr, _strata_chart_c (x - size * cos (angle + 0.45)), _strata_chart_c (y - size * sin (angle + 0.45)));
  cairo_close_path (cr);
  cairo_fill (cr);
}

/* The legend row at the bottom; returns its height. */
static double
legend (StrataChartCtx *ctx,
        double          y,
        gboolean        measure,
        gboolean        has_links)
{
  const StrataChartTheme *theme = ctx->theme;
  StrataTextStyle style = _strata_chart_style (ctx, 0.85, STRATA_TEXT_LEGEND, theme->muted, STRATA_TEXT_FLAG_TRY);
  const char *texts[] = {
    "Integrated (built in-house)",
    "Neutral (bought from the market)",
    "Market interface",
    "Co-design link (active)",
  };
  double sw = ctx->font_px * 1.1;
  double x = ctx->pad;
  double h = ctx->font_px * 1.4;

  if (measure)
    return h;

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      StrataChartRect box;
      double cy = y + h / 2;

      if (i == 3 && !has_links)
        break;
      _strata_chart_text (ctx, texts[i], &(StrataTextStyle) { .size = style.size, .flags = STRATA_TEXT_FLAG_MEASURE },
                          x + sw * 1.4, cy, 0, 0.5, &box);
      if (x + sw * 1.4 + box.width > ctx->width - ctx->pad)
        break;
      if (!_strata_chart_text (ctx, texts[i], &style, x + sw * 1.4, cy, 0, 0.5, &box))
        break;

      cairo_save (ctx->cr);
      switch (i)
        {
        case 0:
        case 1:
          _strata_chart_round_rect (ctx->cr, x, cy - sw / 2, sw, sw, sw * 0.2);
          _strata_chart_set_color (ctx->cr, _strata_chart_mode_color (i == 0 ? STRATA_MODE_INTEGRATED
                                                                              : STRATA_MODE_NEUTRAL));
          cairo_fill (ctx->cr);
          break;
        case 2:
          {
            double dashes[] = { ctx->line_px * 2, ctx->line_px * 1.5 };

            cairo_set_dash (ctx->cr, dashes, 2, 0);
            cairo_set_line_width (ctx->cr, ctx->line_px);
            _strata_chart_set_color (ctx->cr, theme->muted);
            _strata_chart_line (ctx->cr, x, cy, x + sw, cy);
            cairo_stroke (ctx->cr);
          }
          break;
        default:
          cairo_set_line_width (ctx->cr, ctx->line_px);
          _strata_chart_set_color (ctx->cr, theme->foreground);
          _strata_chart_line (ctx->cr, x, cy, x + sw * 0.7, cy);
          cairo_stroke (ctx->cr);
          arrow_head (ctx->cr, x + sw, cy, 0, ctx->font_px * 0.45);
          break;
        }
      cairo_restore (ctx->cr);
      x = box.x + box.width + ctx->font_px * 1.6;
    }
  return h;
}

void
_strata_chart_draw_value_chain (StrataChartCtx *ctx)
{
  const StrataChartRequest *request = ctx->request;
  const StrataDataset *dataset = request->dataset;
  const StrataChartTheme *theme = ctx->theme;
  const StrataStrategy *strategy;
  guint n = dataset->n_layers;
  guint current;
  g_autofree guint *choices = NULL;
  g_autofree StrataLayerCost *costs = NULL;
  g_autofree double *block_y = NULL;
  g_autofree char *subtitle = NULL;
  StrataOutcome outcome;
  double volume;
  double top, bottom, legend_h;
  double seam, block_h, gap_total;
  double lanes_w, blocks_x, blocks_w, notes_x, notes_w;
  guint n_lanes;
  gboolean any_seam = FALSE;

  if (request->n_strategies == 0)
    {
      _strata_chart_title (ctx, dataset->title, NULL);
      _strata_chart_message (ctx, "No strategy to show");
      return;
    }
  current = request->current < request->n_strategies ? request->current : 0;
  strategy = request->strategies[current];
  volume = request->volume > 0 && isfinite (request->volume) ? request->volume : dataset->volume_default;

  choices = g_new0 (guint, n);
  costs = g_new0 (StrataLayerCost, n);
  strata_strategy_resolve (dataset, strategy, volume, choices);
  strata_evaluate (dataset, choices, volume, &outcome, costs);

  {
    g_autofree char *name = _strata_chart_cut (strategy->name, 48);
    g_autofree char *vol = _strata_chart_volume (volume);
    g_autofree char *unit = _strata_chart_cut (dataset->unit, 40);
    g_autofree char *per_unit = _strata_chart_per_unit (dataset->unit, 40);
    g_autofree char *cost = _strata_chart_money (outcome.unit_cost, dataset);

    subtitle = g_strdup_printf ("%s at %s %s per year: unit cost %s per %s", name, vol, unit, cost, per_unit);
  }
  top = _strata_chart_title (ctx, dataset->title, subtitle);
  legend_h = legend (ctx, 0, TRUE, dataset->n_links > 0);
  bottom = ctx->height - ctx->pad - legend_h - ctx->font_px * 0.6;

  for (guint l = 0; l + 1 < n; l++)
    if (costs[l].mode != STRATA_MODE_INTEGRATED || costs[l + 1].mode != STRATA_MODE_INTEGRATED)
      any_seam = TRUE;

  /* Columns: link lanes | blocks | notes (share, cost, seams). */
  n_lanes = MIN (dataset->n_links, 5u);
  lanes_w = n_lanes > 0 ? ctx->font_px * (1.5 + 2.2 * n_lanes) : 0;
  blocks_x = ctx->pad + lanes_w;
  blocks_w = MAX ((ctx->width - 2 * ctx->pad - lanes_w) * 0.5, ctx->font_px * 4);
  notes_x = blocks_x + blocks_w + ctx->font_px * 0.8;
  notes_w = MAX (ctx->width - ctx->pad - notes_x, 0);

  /* Seams get room for a line of text while there is plenty of height. */
  seam = n > 1 ? MIN (ctx->font_px * 1.5, (bottom - top) * 0.3 / (n - 1)) : 0;
  if (!any_seam)
    seam = MIN (seam, ctx->font_px * 0.3);
  gap_total = seam * (n > 1 ? n - 1 : 0);
  block_h = (bottom - top - gap_total) / n;
  block_h = MIN (block_h, ctx->font_px * 6.5);
  if (block_h < 1.0)
    {
      _strata_chart_message (ctx, "Too small to draw");
      return;
    }
  /* Centre the stack vertically when it does not need all the height. */
  top += ((bottom - top) - (block_h * n + gap_total)) / 2;

  block_y = g_new0 (double, n);
  for (guint l = 0; l < n; l++)
    block_y[l] = top + (n - 1 - l) * (block_h + seam);   /* bottom layer lowest */

  /* -- blocks ---------------------------------------------------------------- */

  for (guint l = 0; l < n; l++)
    {
      const StrataLayer *layer = &dataset->layers[l];
      const StrataOption *option = &layer->options[MIN (choices[l], layer->n_options - 1)];
      StrataRgba fill = _strata_chart_mode_color (costs[l].mode);
      StrataChartRect rect = { blocks_x, block_y[l], blocks_w, block_h };
      StrataHit hit = { STRATA_HIT_LAYER, current, l, 0, volume, 0 };
      double inner = ctx->font_px * 0.6;
      double fs2 = MIN (ctx->font_px, block_h / 2.7);
      double fs1 = MIN (ctx->font_px, block_h / 1.35);
      double per_unit = costs[l].variable + costs[l].fixed_per_unit;

      _strata_chart_round_rect (ctx->cr, rect.x, rect.y, rect.width, rect.height,
                                MIN (ctx->font_px * 0.35, block_h * 0.2));
      _strata_chart_set_color (ctx->cr, fill);
      cairo_fill (ctx->cr);

      /* Share of unit cost as a bar along the block's bottom. */
      if (block_h > ctx->font_px * 1.2)
        {
          double bh = MAX (2.0, ctx->font_px * 0.22);

          _strata_chart_rect_path (ctx->cr, rect.x + inner, rect.y + rect.height - bh - ctx->font_px * 0.2,
                                   (rect.width - 2 * inner) * _strata_chart_clamp (costs[l].share, 0, 1), bh);
          _strata_chart_set_color (ctx->cr, (StrataRgba) { 1, 1, 1, 0.75 });
          cairo_fill (ctx->cr);
        }

      hit.value = per_unit;
      _strata_chart_add_region (ctx, &rect, &hit);

      if (fs2 >= ctx->font_px * 0.7)
        {
          StrataTextStyle s1 = _strata_chart_style (ctx, 1.0, STRATA_TEXT_LABEL, theme->on_mode,
                                                    STRATA_TEXT_FLAG_BOLD | STRATA_TEXT_FLAG_TRY);
          StrataTextStyle s2 = _strata_chart_style (ctx, 1.0, STRATA_TEXT_LABEL, theme->on_mode, STRATA_TEXT_FLAG_TRY);
          g_autofree char *mode_text = g_strdup_printf ("%s (%s)", option->name,
                                                        costs[l].mode == STRATA_MODE_INTEGRATED ? "integrated" : "neutral");
          double cy = rect.y + rect.height / 2;

          s1.size = fs2 * 1.05;
          s2.size = fs2 * 0.95;
          s1.max_width = s2.max_width = rect.width - 2 * inner;
          _strata_chart_text (ctx, layer->name, &s1, rect.x + inner, cy - fs2 * 0.05, 0, 1, NULL);
          _strata_chart_text (ctx, mode_text, &s2, rect.x + inner, cy + fs2 * 0.1, 0, 0, NULL);
        }
      else if (fs1 >= 6)
        {
          g_autofree char *text = g_strdup_printf ("%s: %s", layer->name, option->name);
          StrataTextStyle s1 = _strata_chart_style (ctx, 1.0, STRATA_TEXT_LABEL, theme->on_mode, STRATA_TEXT_FLAG_TRY);

          s1.size = fs1 * 0.9;
          s1.max_width = rect.width - 2 * inner;
          _strata_chart_text (ctx, text, &s1, rect.x + inner, rect.y + rect.height / 2, 0, 0.5, NULL);
        }

      /* Notes: share (large) and cost per unit. */
      if (notes_w > ctx->font_px * 3)
        {
          g_autofree char *money = _strata_chart_money (per_unit, dataset);
          g_autofree char *share = g_strdup_printf ("%.0f%%", 100 * _strata_chart_clamp (costs[l].share, -100, 100));
          g_autofree char *unit = _strata_chart_per_unit (dataset->unit, 24);
          g_autofree char *cost = NULL;
          StrataTextStyle s1 = _strata_chart_style (ctx, 1.15, STRATA_TEXT_VALUE, theme->foreground,
                                                    STRATA_TEXT_FLAG_BOLD | STRATA_TEXT_FLAG_TRY);
          StrataTextStyle s2 = _strata_chart_style (ctx, 0.85, STRATA_TEXT_VALUE, theme->muted, STRATA_TEXT_FLAG_TRY);
          double cy = rect.y + rect.height / 2;
          StrataChartRect box;

          if (costs[l].mode == STRATA_MODE_INTEGRATED && costs[l].codesign_factor < 1.0)
            cost = g_strdup_printf ("%s per %s (co-design \xE2\x88\x92%.0f%%)", money, unit,
                                    100 * (1 - costs[l].codesign_factor));
          else
            cost = g_strdup_printf ("%s per %s", money, unit);

          s1.size = MIN (s1.size, block_h * 0.5);
          s2.size = MIN (s2.size, block_h * 0.4);
          if (fs2 >= ctx->font_px * 0.7)
            {
              s1.max_width = notes_w;
              s2.max_width = notes_w;
              if (_strata_chart_text (ctx, share, &s1, notes_x, cy, 0, 1, &box))
                _strata_chart_text (ctx, cost, &s2, notes_x, cy + fs2 * 0.1, 0, 0, NULL);
            }
          else
            {
              g_autofree char *line = g_strdup_printf ("%s \xC2\xB7 %s", share, money);

              s2.size = MIN (ctx->font_px * 0.85, block_h * 0.8);
              s2.color = theme->foreground;
              s2.max_width = notes_w;
              _strata_chart_text (ctx, line, &s2, notes_x, cy, 0, 0.5, NULL);
            }
        }
    }

  /* -- seams: market interfaces between layers ------------------------------- */

  for (guint l = 0; l + 1 < n; l++)
    {
      double y = block_y[l] - seam / 2;   /* between layer l and the one above */
      double dashes[] = { ctx->line_px * 2, ctx->line_px * 1.5 };
      g_autofree char *coord = NULL;
      g_autofree char *text = NULL;
      StrataTextStyle s;

      if (costs[l].mode == STRATA_MODE_INTEGRATED && costs[l + 1].mode == STRATA_MODE_INTEGRATED)
        continue;   /* no market between two in-house layers */
      if (seam < 3.0)
        continue;   /* a dense stack: the gap itself is the seam */

      cairo_save (ctx->cr);
      cairo_set_dash (ctx->cr, dashes, 2, 0);
      cairo_set_line_width (ctx->cr, MAX (1.0, ctx->line_px * 0.8));
      _strata_chart_set_color (ctx->cr, theme->muted);
      _strata_chart_line (ctx->cr, blocks_x - ctx->font_px * 0.3, y, blocks_x + blocks_w + ctx->font_px * 0.3, y);
      cairo_stroke (ctx->cr);
      cairo_restore (ctx->cr);

      coord = _strata_chart_money (costs[l].interface_cost, dataset);
      if (costs[l].mode == STRATA_MODE_NEUTRAL && costs[l].supplier_margin > 0)
        {
          g_autofree char *margin = _strata_chart_money (costs[l].supplier_margin, dataset);

          text = g_strdup_printf ("market: %s coordination, %s supplier margin", coord, margin);
        }
      else
        text = g_strdup_printf ("market: %s coordination", coord);

      s = _strata_chart_style (ctx, 0.8, STRATA_TEXT_VALUE, theme->muted, STRATA_TEXT_FLAG_TRY | STRATA_TEXT_FLAG_ITALIC);
      s.size = MIN (s.size, seam * 0.85);
      s.max_width = notes_w;
      if (notes_w > ctx->font_px * 3)
        _strata_chart_text (ctx, text, &s, notes_x, y, 0, 0.5, NULL);
    }

  /* The top layer's supplier margin has no seam above it. */
  if (n > 0 && costs[n - 1].mode == STRATA_MODE_NEUTRAL && costs[n - 1].supplier_margin > 0 &&
      notes_w > ctx->font_px * 3)
    {
      g_autofree char *margin = _strata_chart_money (costs[n - 1].supplier_margin, dataset);
      g_autofree char *text = g_strdup_printf ("includes %s supplier margin", margin);
      StrataTextStyle s = _strata_chart_style (ctx, 0.8, STRATA_TEXT_VALUE, theme->muted,
                                               STRATA_TEXT_FLAG_TRY | STRATA_TEXT_FLAG_ITALIC);

      s.size = MIN (s.size, MAX (seam, block_h * 0.3) * 0.85);
      s.max_width = notes_w;
      _strata_chart_text (ctx, text, &s, notes_x, block_y[n - 1] - ctx->font_px * 0.1, 0, 1, NULL);
    }

  /* -- co-design links: arrows left of the stack ------------------------------- */

  for (guint k = 0; k < dataset->n_links; k++)
    {
      const StrataLink *link = &dataset->links[k];
      gboolean active;
      double x0, y0, y1, bulge, mid_y;
      double head = ctx->font_px * 0.5;
      g_autofree char *text = NULL;
      StrataTextStyle s;

      if (link->from >= n || link->to >= n || link->from == link->to || n_lanes == 0)
        continue;
      active = costs[link->from].mode == STRATA_MODE_INTEGRATED && costs[link->to].mode == STRATA_MODE_INTEGRATED;
      x0 = blocks_x - ctx->font_px * 0.25;
      y0 = block_y[link->from] + block_h * (link->from < link->to ? 0.3 : 0.7);
      y1 = block_y[link->to] + block_h * (link->from < link->to ? 0.7 : 0.3);
      bulge = ctx->font_px * (1.2 + 2.2 * (k % n_lanes));
      mid_y = (y0 + y1) / 2;

      cairo_save (ctx->cr);
      if (active)
        {
          cairo_set_line_width (ctx->cr, ctx->line_px * 1.1);
          _strata_chart_set_color (ctx->cr, theme->foreground);
        }
      else
        {
          double dashes[] = { ctx->line_px * 1.5, ctx->line_px * 1.5 };
          StrataRgba c = theme->muted;

          c.a = 0.7;
          cairo_set_dash (ctx->cr, dashes, 2, 0);
          cairo_set_line_width (ctx->cr, MAX (1.0, ctx->line_px * 0.6));
          _strata_chart_set_color (ctx->cr, c);
        }
      cairo_move_to (ctx->cr, _strata_chart_c (x0), _strata_chart_c (y0));
      cairo_curve_to (ctx->cr, _strata_chart_c (x0 - bulge), _strata_chart_c (y0),
                      _strata_chart_c (x0 - bulge), _strata_chart_c (y1),
                      _strata_chart_c (x0 - head * 0.6), _strata_chart_c (y1));
      cairo_stroke (ctx->cr);
      cairo_set_dash (ctx->cr, NULL, 0, 0);
      arrow_head (ctx->cr, x0, y1, 0, head);
      cairo_restore (ctx->cr);

      text = g_strdup_printf ("\xE2\x88\x92%.0f%%", 100 * _strata_chart_clamp (link->saving.value, 0, 1));
      s = _strata_chart_style (ctx, active ? 0.85 : 0.75, STRATA_TEXT_VALUE,
                               active ? theme->foreground : theme->muted,
                               STRATA_TEXT_FLAG_TRY | STRATA_TEXT_FLAG_HALO | (active ? STRATA_TEXT_FLAG_BOLD : 0));
      _strata_chart_text (ctx, text, &s, x0 - bulge * 0.75 - ctx->font_px * 0.25, mid_y, 1, 0.5, NULL);
    }

  legend (ctx, ctx->height - ctx->pad - legend_h, FALSE, dataset->n_links > 0);
}

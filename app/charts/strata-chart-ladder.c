/* strata-chart-ladder.c: the optimal mode of every layer across volume
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "strata-chart-private.h"

/* Columns of the grid: finer than any flip a reader can see. */
#define LADDER_POINTS 192

static void
legend (StrataChartCtx *ctx,
        double          right,
        double          y)
{
  StrataTextStyle style = _strata_chart_style (ctx, 0.85, STRATA_TEXT_LEGEND, ctx->theme->muted, STRATA_TEXT_FLAG_TRY);
  const StrataMode modes[] = { STRATA_MODE_NEUTRAL, STRATA_MODE_INTEGRATED };
  const char *texts[] = { _("Neutral (buy)"), _("Integrated (build)") };
  double sw = ctx->font_px * 0.9;
  double x = right;

  /* Right to left so the legend ends flush with the plot. */
  for (guint i = G_N_ELEMENTS (modes); i-- > 0;)
    {
      StrataChartRect box;

      if (!_strata_chart_text (ctx, texts[i], &style, x, y, 1, 0.5, &box))
        return;
      _strata_chart_round_rect (ctx->cr, box.x - sw * 1.35, y - sw / 2, sw, sw, sw * 0.2);
      _strata_chart_set_color (ctx->cr, _strata_chart_mode_color (modes[i]));
      cairo_fill (ctx->cr);
      x = box.x - sw * 1.35 - ctx->font_px * 1.2;
    }
}

void
_strata_chart_draw_ladder (StrataChartCtx *ctx)
{
  const StrataChartRequest *request = ctx->request;
  const StrataDataset *dataset = request->dataset;
  const StrataChartTheme *theme = ctx->theme;
  guint n = dataset->n_layers;
  g_autoptr(StrataLadder) ladder = NULL;
  g_autofree char *x_title = NULL;
  g_autofree double *edges = NULL;
  StrataTextStyle style;
  StrataScale xs;
  StrataChartRect plot;
  double top, bottom, name_w = 0, row_h, row_gap;
  double x_min = dataset->volume_min, x_max = dataset->volume_max;

  top = _strata_chart_title (ctx, dataset->title,
                             _("Optimal mode of each layer by annual volume: at what scale does integrating pay?"));

  if (x_max <= x_min * 1.0001)
    {
      _strata_chart_message (ctx, _("The dataset has a single volume: there is no ladder to climb"));
      return;
    }

  ladder = _strata_chart_ladder (request->dataset, ctx->request->objective, LADDER_POINTS);
  if (ladder == NULL || ladder->n_points < 2 || ladder->n_layers != n)
    {
      _strata_chart_message (ctx, _("No ladder for this dataset"));
      return;
    }

  /* Legend line above the grid, on the right. */
  top += ctx->font_px * 1.6;
  bottom = ctx->height - ctx->pad - _strata_chart_volume_axis_height (ctx);

  row_gap = n > 1 ? MIN (ctx->font_px * 0.25, (bottom - top) * 0.15 / (n - 1)) : 0;
  row_h = (bottom - top - row_gap * (n - 1)) / n;
  row_h = MIN (row_h, ctx->font_px * 4);

  style = _strata_chart_style (ctx, 0.95, STRATA_TEXT_LABEL, theme->foreground, STRATA_TEXT_FLAG_BOLD);
  style.size = MIN (style.size, row_h * 0.75);
  style.max_width = ctx->width * 0.22;
  for (guint l = 0; l < n; l++)
    {
      double w;

      _strata_chart_text_size (ctx, dataset->layers[l].name, &style, &w, NULL);
      name_w = MAX (name_w, w);
    }

  plot.x = ctx->pad + name_w + ctx->font_px * 0.8;
  plot.width = ctx->width - ctx->pad - ctx->font_px * 1.5 - plot.x;
  plot.height = row_h * n + row_gap * (n - 1);
  plot.y = top + ((bottom - top) - plot.height) / 2;
  if (plot.width < ctx->font_px * 3 || row_h < 1.0)
    {
      _strata_chart_message (ctx, _("Too small to draw"));
      return;
    }
  legend (ctx, plot.x + plot.width, top - ctx->font_px * 0.9);

  xs = (StrataScale) { x_min, x_max, plot.x, plot.x + plot.width, TRUE };
  ctx->has_plot = TRUE;
  ctx->plot = plot;
  ctx->x_min = x_min;
  ctx->x_max = x_max;
  ctx->y_min = 0;
  ctx->y_max = n;

  /* Cell edges: half-way (in log volume) between grid points. */
  edges = g_new (double, ladder->n_points + 1);
  edges[0] = plot.x;
  edges[ladder->n_points] = plot.x + plot.width;
  for (guint i = 1; i < ladder->n_points; i++)
    edges[i] = _strata_scale_map (&xs, sqrt (ladder->volumes[i - 1] * ladder->volumes[i]));

  for (guint l = 0; l < n; l++)
    {
      const StrataLayer *layer = &dataset->layers[l];
      double ry = plot.y + (n - 1 - l) * (row_h + row_gap);   /* top of the stack on top */
      StrataHit hit = { STRATA_HIT_LAYER, 0, l, 0, 0, 0 };
      StrataChartRect row_rect = { plot.x, ry, plot.width, row_h };
      guint run_start = 0;

      style = _strata_chart_style (ctx, 0.95, STRATA_TEXT_LABEL, theme->foreground,
                                   STRATA_TEXT_FLAG_BOLD | STRATA_TEXT_FLAG_TRY);
      style.size = MIN (style.size, row_h * 0.75);
      style.max_width = name_w + 1;
      _strata_chart_text (ctx, layer->name, &style, plot.x - ctx->font_px * 0.6, ry + row_h / 2, 1, 0.5, NULL);
      _strata_chart_add_region (ctx, &row_rect, &hit);

      /* Runs of one option: a block each, named when there is room. */
      for (guint i = 1; i <= ladder->n_points; i++)
        {
          guint opt = ladder->choices[run_start * n + l];
          const StrataOption *option;
          double x0, x1;

          if (i < ladder->n_points && ladder->choices[i * n + l] == opt)
            continue;
          option = &layer->options[MIN (opt, layer->n_options - 1)];
          x0 = edges[run_start];
          x1 = edges[i];
          _strata_chart_rect_path (ctx->cr, x0, ry, x1 - x0, row_h);
          _strata_chart_set_color (ctx->cr, _strata_chart_mode_color (option->mode));
          cairo_fill (ctx->cr);
          if (run_start > 0)
            {
              /* A thin divider where the option changes. */
              cairo_set_line_width (ctx->cr, MAX (1.0, ctx->line_px * 0.6));
              _strata_chart_set_color (ctx->cr, theme->background);
              _strata_chart_line (ctx->cr, x0, ry, x0, ry + row_h);
              cairo_stroke (ctx->cr);
            }
          if (row_h >= ctx->font_px * 2.2)
            {
              StrataTextStyle s = _strata_chart_style (ctx, 0.8, STRATA_TEXT_LABEL, theme->on_mode, STRATA_TEXT_FLAG_TRY);

              s.max_width = x1 - x0 - ctx->font_px;
              if (s.max_width > ctx->font_px * 2.5)
                _strata_chart_text (ctx, option->name, &s, x0 + ctx->font_px * 0.5, ry + row_h - ctx->font_px * 0.3,
                                    0, 1, NULL);
            }
          run_start = i;
        }
    }

  /* Flips: a marker and "integrate above 3.2 B" in the row. */
  for (guint f = 0; f < ladder->n_flips; f++)
    {
      const StrataFlip *flip = &ladder->flips[f];
      double ry, x, cy;
      g_autofree char *vol = NULL;
      g_autofree char *text = NULL;
      StrataTextStyle s;

      if (flip->layer >= n)
        continue;
      ry = plot.y + (n - 1 - flip->layer) * (row_h + row_gap);
      x = _strata_scale_map (&xs, flip->volume);
      cy = row_h >= ctx->font_px * 2.2 ? ry + ctx->font_px * 0.3 : ry + row_h / 2;

      cairo_set_line_width (ctx->cr, MAX (1.5, ctx->line_px * 1.2));
      _strata_chart_set_color (ctx->cr, theme->on_mode);
      _strata_chart_line (ctx->cr, x, ry, x, ry + row_h);
      cairo_stroke (ctx->cr);

      vol = _strata_chart_volume (flip->volume);
      /* A change within one mode (one vendor to a pool) is a flip too
       * (MODEL.md 5). */
      text = g_strdup_printf (flip->from == flip->to ? "switch above %s" :
                              flip->to == STRATA_MODE_INTEGRATED ? "integrate above %s" : "buy above %s", vol);
      s = _strata_chart_style (ctx, 0.85, STRATA_TEXT_LABEL, theme->on_mode,
                               STRATA_TEXT_FLAG_BOLD | STRATA_TEXT_FLAG_TRY);
      s.size = MIN (s.size, row_h * 0.7);
      {
        /* Right of the flip (over the new mode), else left of it; always
         * inside the grid, where the text has a mode colour behind it. */
        double ay = row_h >= ctx->font_px * 2.2 ? 0 : 0.5;
        const double sides[][2] = { { x + ctx->font_px * 0.4, 0 }, { x - ctx->font_px * 0.4, 1 } };

        for (guint side = 0; side < G_N_ELEMENTS (sides); side++)
          {
            StrataChartRect box;

            _strata_chart_text (ctx, text, &(StrataTextStyle) { .size = s.size, .flags = STRATA_TEXT_FLAG_BOLD | STRATA_TEXT_FLAG_MEASURE },
                                sides[side][0], cy, sides[side][1], ay, &box);
            if (box.x < plot.x || box.x + box.width > plot.x + plot.width)
              continue;
            if (_strata_chart_text (ctx, text, &s, sides[side][0], cy, sides[side][1], ay, NULL))
              break;
          }
      }
    }

  x_title = _strata_chart_volume_title (dataset);
  _strata_chart_volume_axis (ctx, &xs, &plot, x_title, FALSE);
  _strata_chart_current_volume (ctx, &xs, &plot,
                                request->volume > 0 && isfinite (request->volume) ? request->volume
                                                                                  : dataset->volume_default);
}

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

/* The legend's entries, right to left from @x so that it ends flush
 * with the plot, or with @left_align left to right from @x; with
 * @measure drawn nowhere.  Returns its width. */
static double
legend (StrataChartCtx *ctx,
        double          x,
        double          y,
        gboolean        left_align,
        gboolean        measure)
{
  StrataTextStyle style = _strata_chart_style (ctx, 0.85, STRATA_TEXT_LEGEND, ctx->theme->muted,
                                               measure ? STRATA_TEXT_FLAG_MEASURE : STRATA_TEXT_FLAG_TRY);
  const StrataMode modes[] = { STRATA_MODE_NEUTRAL, STRATA_MODE_INTEGRATED };
  const char *texts[] = { _("Neutral (buy)"), _("Integrated (build)") };
  double sw = ctx->font_px * 0.9, start = x;

  for (guint n = 0; n < G_N_ELEMENTS (modes); n++)
    {
      guint i = left_align ? n : G_N_ELEMENTS (modes) - 1 - n;
      StrataChartRect box, swatch;

      if (!_strata_chart_text (ctx, texts[i], &style, left_align ? x + sw * 1.35 : x, y, left_align ? 0 : 1,
                               0.5, &box))
        break;
      swatch = (StrataChartRect) { box.x - sw * 1.35, y - sw / 2, sw, sw };
      x = left_align ? box.x + box.width + ctx->font_px * 1.2 : swatch.x - ctx->font_px * 1.2;
      if (measure)
        continue;
      /* The current volume's label keeps off it too. */
      _strata_chart_reserve (ctx, &swatch);
      _strata_chart_round_rect (ctx->cr, swatch.x, swatch.y, sw, sw, sw * 0.2);
      _strata_chart_set_color (ctx->cr, _strata_chart_mode_color (modes[i]));
      cairo_fill (ctx->cr);
    }
  return fabs (x - start) - ctx->font_px * 1.2;
}

/* What the steps of one ladder drawing share. */
typedef struct
{
  StrataChartCtx      *ctx;
  const StrataDataset *dataset;
  const StrataLadder  *ladder;
  guint                n;
  double               name_w, row_h, row_gap;
  /* Rows under a pixel (hundreds of layers): drawn as a heat map of the
   * modes, without names, dividers or flip labels (each row keeps its
   * hit region, so hovering names it). */
  gboolean             dense;
  double              *edges;   /* cell edges, n_points + 1 */
  StrataScale          xs;
  StrataChartRect      plot;
} LadderChart;

/* The names' column and the plot right of it; FALSE when too narrow. */
static gboolean
ladder_names_layout (LadderChart *lc,
                     double       top,
                     double       bottom)
{
  StrataChartCtx *ctx = lc->ctx;
  const StrataDataset *dataset = lc->dataset;
  guint n = lc->n;
  StrataTextStyle style;

  style = _strata_chart_style (ctx, 0.95, STRATA_TEXT_LABEL, ctx->theme->foreground, STRATA_TEXT_FLAG_BOLD);
  style.size = MIN (style.size, lc->row_h * 0.75);
  style.max_width = ctx->width * 0.22;
  for (guint l = 0; l < n; l++)
    lc->name_w = MAX (lc->name_w, _strata_chart_name_width (ctx, &style, dataset->layers[l].name, lc->row_h));

  lc->plot.x = ctx->pad + lc->name_w + ctx->font_px * 0.8;
  lc->plot.width = ctx->width - ctx->pad - ctx->font_px * 1.5 - lc->plot.x;
  lc->plot.height = lc->row_h * n + lc->row_gap * (n - 1);
  lc->plot.y = top + ((bottom - top) - lc->plot.height) / 2;
  return lc->plot.width >= ctx->font_px * 3;
}

/* The volume scale, the plot's extent and the cells' edges. */
static void
ladder_scale (LadderChart *lc)
{
  StrataChartCtx *ctx = lc->ctx;
  const StrataDataset *dataset = lc->dataset;
  guint n = lc->n;

  lc->xs = (StrataScale) { dataset->volume_min, dataset->volume_max, lc->plot.x, lc->plot.x + lc->plot.width, TRUE };
  ctx->has_plot = TRUE;
  ctx->plot = lc->plot;
  ctx->x_min = dataset->volume_min;
  ctx->x_max = dataset->volume_max;
  ctx->y_min = 0;
  ctx->y_max = n;

  /* Cell edges: half-way (in log volume) between grid points. */
  lc->edges = g_new (double, lc->ladder->n_points + 1);
  lc->edges[0] = lc->plot.x;
  lc->edges[lc->ladder->n_points] = lc->plot.x + lc->plot.width;
  for (guint i = 1; i < lc->ladder->n_points; i++)
    lc->edges[i] = _strata_scale_map (&lc->xs, sqrt (lc->ladder->volumes[i - 1] * lc->ladder->volumes[i]));
}

/* The legend on the line above the plot: on the right, or on the left
 * where it would leave the current volume's label (drawn later, right of
 * its line or else left of it) no room on either side. */
static void
ladder_legend (LadderChart *lc,
               double       y)
{
  StrataChartCtx *ctx = lc->ctx;
  const StrataChartRequest *request = ctx->request;
  double volume = request->volume > 0 && isfinite (request->volume) ? request->volume : lc->dataset->volume_default;
  double right = lc->plot.x + lc->plot.width, lw = legend (ctx, right, y, FALSE, TRUE);
  gboolean left = FALSE;

  if (!lc->dense && volume >= lc->dataset->volume_min * (1 - 1e-9) && volume <= lc->dataset->volume_max * (1 + 1e-9))
    {
      StrataTextStyle style;
      g_autofree char *label = _strata_chart_current_volume_label (ctx, volume, &style);
      double gap = ctx->font_px * 0.3, label_bottom = lc->plot.y - ctx->font_px * 0.15;
      double x = _strata_scale_map (&lc->xs, volume), w, h;
      gboolean right_free, left_free;

      _strata_chart_text_size (ctx, label, &style, &w, &h);
      /* With the legend on the right: the label right of the line, then
       * left of it (or on a line of its own, above a plot centred lower). */
      right_free = x + gap + w <= right - lw && x + gap + w <= ctx->width;
      left_free = x - gap <= right - lw || label_bottom - h >= y + ctx->font_px * 0.6;
      if (!right_free && !left_free)
        /* With it on the left, one of them fits. */
        left = (x + gap >= lc->plot.x + lw && x + gap + w <= ctx->width) || x - gap - w >= lc->plot.x + lw;
    }
  legend (ctx, left ? lc->plot.x : right, y, left, FALSE);
}

/* Rows, names and the plot below the legend line; FALSE when too small. */
static gboolean
ladder_layout (LadderChart *lc,
               double       top)
{
  StrataChartCtx *ctx = lc->ctx;
  guint n = lc->n;
  double bottom;

  /* Legend line above the grid, on the right. */
  top += ctx->font_px * 1.6;
  bottom = ctx->height - ctx->pad - _strata_chart_volume_axis_height (ctx);

  lc->row_gap = n > 1 ? MIN (ctx->font_px * 0.25, (bottom - top) * 0.15 / (n - 1)) : 0;
  lc->row_h = (bottom - top - lc->row_gap * (n - 1)) / n;
  lc->row_h = MIN (lc->row_h, ctx->font_px * 4);
  if (lc->row_h < 1.0)
    {
      g_autofree char *caption = NULL;
      StrataTextStyle note = _strata_chart_style (ctx, 0.85, STRATA_TEXT_LEGEND, ctx->theme->muted,
                                                  STRATA_TEXT_FLAG_TRY);

      lc->dense = TRUE;
      lc->row_gap = 0;
      lc->row_h = (bottom - top) / n;
      lc->plot.x = ctx->pad;
      lc->plot.width = ctx->width - ctx->pad - ctx->font_px * 1.5 - lc->plot.x;
      lc->plot.height = bottom - top;
      lc->plot.y = top;
      if (lc->plot.width < ctx->font_px * 3 || lc->plot.height < 8)
        return FALSE;
      /* Translators: the ladder of a dataset with too many layers to name,
       * %u is their number */
      caption = g_strdup_printf (ngettext ("%u layer, bottom first: too many to name here",
                                           "%u layers, bottom first: too many to name here", n), n);
      note.max_width = lc->plot.width * 0.5;
      _strata_chart_text (ctx, caption, &note, lc->plot.x, top - ctx->font_px * 0.9, 0, 0.5, NULL);
    }
  else if (!ladder_names_layout (lc, top, bottom))
    return FALSE;

  ladder_scale (lc);
  ladder_legend (lc, top - ctx->font_px * 0.9);
  return TRUE;
}

/* The top of layer @l's row: the top of the stack on top. */
static double
ladder_row_y (const LadderChart *lc,
              guint              l)
{
  return lc->plot.y + (lc->n - 1 - l) * (lc->row_h + lc->row_gap);
}

/* One run of an option across cells [@x0, @x1]: its block, or (@name)
 * its name when there is room, in a halo of the block's colour (the
 * current volume's line, drawn between the two, stops at the name). */
static void
ladder_run (LadderChart        *lc,
            const StrataOption *option,
            double              x0,
            double              x1,
            double              ry,
            gboolean            divider,
            gboolean            name)
{
  StrataChartCtx *ctx = lc->ctx;

  if (!name)
    {
      _strata_chart_rect_path (ctx->cr, x0, ry, x1 - x0, lc->row_h);
      _strata_chart_set_color (ctx->cr, _strata_chart_mode_color (option->mode));
      cairo_fill (ctx->cr);
    }
  if (!name && divider)
    {
      /* A thin divider where the option changes. */
      cairo_set_line_width (ctx->cr, MAX (1.0, ctx->line_px * 0.6));
      _strata_chart_set_color (ctx->cr, ctx->theme->background);
      _strata_chart_line (ctx->cr, x0, ry, x0, ry + lc->row_h);
      cairo_stroke (ctx->cr);
    }
  if (name && lc->row_h >= ctx->font_px * 2.2)
    {
      StrataTextStyle s = _strata_chart_style (ctx, 0.8, STRATA_TEXT_LABEL, ctx->theme->on_mode,
                                               STRATA_TEXT_FLAG_TRY | STRATA_TEXT_FLAG_HALO);

      s.halo = _strata_chart_mode_color (option->mode);
      s.max_width = x1 - x0 - ctx->font_px;
      if (s.max_width > ctx->font_px * 2.5)
        _strata_chart_text (ctx, option->name, &s, x0 + ctx->font_px * 0.5, ry + lc->row_h - ctx->font_px * 0.3,
                            0, 1, NULL);
    }
}

/* Layer @l's row: its name, its hit region and its runs of one option;
 * with @names the runs' names alone. */
static void
ladder_row (LadderChart *lc,
            guint        l,
            gboolean     names)
{
  StrataChartCtx *ctx = lc->ctx;
  const StrataLadder *ladder = lc->ladder;
  const StrataLayer *layer = &lc->dataset->layers[l];
  double ry = ladder_row_y (lc, l);
  StrataHit hit = { STRATA_HIT_LAYER, 0, l, 0, 0, 0 };
  StrataChartRect row_rect = { lc->plot.x, ry, lc->plot.width, lc->row_h };
  StrataTextStyle style;
  guint run_start = 0;

  style = _strata_chart_style (ctx, 0.95, STRATA_TEXT_LABEL, ctx->theme->foreground,
                               STRATA_TEXT_FLAG_BOLD | STRATA_TEXT_FLAG_TRY);
  style.size = MIN (style.size, lc->row_h * 0.75);
  /* Broken as the column was measured, at its width. */
  style.max_width = ctx->width * 0.22;
  if (!lc->dense && !names)
    {
      _strata_chart_name (ctx, &style, layer->name, lc->row_h, lc->plot.x - ctx->font_px * 0.6,
                          ry + lc->row_h / 2, 1, 0.5);
    }
  if (!names)
    _strata_chart_add_region (ctx, &row_rect, &hit);

  for (guint i = 1; i <= ladder->n_points; i++)
    {
      guint opt = ladder->choices[run_start * lc->n + l];

      if (i < ladder->n_points && ladder->choices[i * lc->n + l] == opt)
        continue;
      ladder_run (lc, &layer->options[MIN (opt, layer->n_options - 1)],
                  lc->edges[run_start], lc->edges[i], ry, run_start > 0 && !lc->dense, names);
      run_start = i;
    }
}

/* A flip: a marker and "integrate above 3.2 B" in its row, right of the
 * flip (over the new mode), else left of it; always inside the grid,
 * where the text has a mode colour behind it, and between the row's
 * flips before and after it (@lo_x, @hi_x), so no other flip's marker
 * cuts through it: where neither side has room, no text. */
static void
ladder_flip (LadderChart      *lc,
             const StrataFlip *flip,
             double            lo_x,
             double            hi_x)
{
  StrataChartCtx *ctx = lc->ctx;
  double row_h = lc->row_h;
  double ry = ladder_row_y (lc, flip->layer);
  double x = _strata_scale_map (&lc->xs, flip->volume);
  gboolean tall = row_h >= ctx->font_px * 2.2;
  double cy = tall ? ry + ctx->font_px * 0.3 : ry + row_h / 2;
  double ay = tall ? 0 : 0.5;
  const double sides[][2] = { { x + ctx->font_px * 0.4, 0 }, { x - ctx->font_px * 0.4, 1 } };
  g_autofree char *vol = _strata_chart_volume (flip->volume);
  g_autofree char *text = NULL;
  StrataTextStyle s;

  cairo_set_line_width (ctx->cr, MAX (1.5, ctx->line_px * 1.2));
  _strata_chart_set_color (ctx->cr, ctx->theme->on_mode);
  _strata_chart_line (ctx->cr, x, ry, x, ry + row_h);
  cairo_stroke (ctx->cr);

  /* A change within one mode (one vendor to a pool) is a flip too
   * (MODEL.md 5). */
  if (flip->from == flip->to)
    /* Translators: a layer changes option above a volume, e.g. "switch above 3.2 B" */
    text = g_strdup_printf (_("switch above %s"), vol);
  else if (flip->to == STRATA_MODE_INTEGRATED)
    /* Translators: e.g. "integrate above 3.2 B" */
    text = g_strdup_printf (_("integrate above %s"), vol);
  else
    /* Translators: e.g. "buy above 3.2 B" */
    text = g_strdup_printf (_("buy above %s"), vol);
  s = _strata_chart_style (ctx, 0.85, STRATA_TEXT_LABEL, ctx->theme->on_mode,
                           STRATA_TEXT_FLAG_BOLD | STRATA_TEXT_FLAG_TRY);
  s.size = MIN (s.size, row_h * 0.7);

  s.flags |= STRATA_TEXT_FLAG_HALO;
  for (guint side = 0; side < G_N_ELEMENTS (sides); side++)
    {
      StrataChartRect box;

      /* The halo in the colour of the block under the text: the new
       * mode's right of the flip, the old one's left of it. */
      s.halo = _strata_chart_mode_color (side == 0 ? flip->to : flip->from);

      _strata_chart_text (ctx, text, &(StrataTextStyle) { .size = s.size, .flags = STRATA_TEXT_FLAG_BOLD | STRATA_TEXT_FLAG_MEASURE },
                          sides[side][0], cy, sides[side][1], ay, &box);
      if (box.x < MAX (lc->plot.x, lo_x) || box.x + box.width > MIN (lc->plot.x + lc->plot.width, hi_x))
        continue;
      if (_strata_chart_text (ctx, text, &s, sides[side][0], cy, sides[side][1], ay, NULL))
        break;
    }
}

/* Every flip, each with the room between its row's flips before and
 * after it (the flips are in order of volume). */
static void
ladder_flips (LadderChart *lc)
{
  const StrataLadder *ladder = lc->ladder;
  double gap = lc->ctx->font_px * 0.2;
  g_autofree double *lo = g_new (double, MAX (ladder->n_flips, 1));
  g_autofree double *hi = g_new (double, MAX (ladder->n_flips, 1));
  g_autofree double *seen = g_new (double, MAX (lc->n, 1));

  for (guint l = 0; l < lc->n; l++)
    seen[l] = -G_MAXDOUBLE;
  for (guint f = 0; f < ladder->n_flips; f++)
    if (ladder->flips[f].layer < lc->n)
      {
        lo[f] = seen[ladder->flips[f].layer];
        seen[ladder->flips[f].layer] = _strata_scale_map (&lc->xs, ladder->flips[f].volume) + gap;
      }
  for (guint l = 0; l < lc->n; l++)
    seen[l] = G_MAXDOUBLE;
  for (guint f = ladder->n_flips; f-- > 0;)
    if (ladder->flips[f].layer < lc->n)
      {
        hi[f] = seen[ladder->flips[f].layer];
        seen[ladder->flips[f].layer] = _strata_scale_map (&lc->xs, ladder->flips[f].volume) - gap;
      }
  for (guint f = 0; f < ladder->n_flips; f++)
    if (ladder->flips[f].layer < lc->n)
      ladder_flip (lc, &ladder->flips[f], lo[f], hi[f]);
}

static gpointer
ladder_compute (StrataChartCtx *ctx,
                gpointer        data)
{
  return _strata_chart_ladder (ctx->request->dataset, ctx->request->objective, LADDER_POINTS);
}

void
_strata_chart_draw_ladder (StrataChartCtx *ctx)
{
  const StrataChartRequest *request = ctx->request;
  const StrataDataset *dataset = request->dataset;
  const StrataLadder *ladder;
  g_autofree char *x_title = NULL;
  LadderChart lc = { 0, };
  double top;

  top = _strata_chart_title (ctx, dataset->title,
                             _("Optimal mode of each layer by annual volume: at what scale does integrating pay?"));

  if (dataset->volume_max <= dataset->volume_min * 1.0001)
    {
      _strata_chart_message (ctx, _("The dataset has a single volume: there is no ladder to climb"));
      return;
    }

  ladder = _strata_chart_result (ctx, "ladder", ladder_compute, NULL, (GDestroyNotify) strata_ladder_free);
  if (ladder == NULL || ladder->n_points < 2 || ladder->n_layers != dataset->n_layers)
    {
      _strata_chart_message (ctx, _("No ladder for this dataset"));
      return;
    }

  lc.ctx = ctx;
  lc.dataset = dataset;
  lc.ladder = ladder;
  lc.n = dataset->n_layers;
  if (!ladder_layout (&lc, top))
    {
      _strata_chart_message (ctx, _("Too small to draw"));
      return;
    }

  /* Rows under a pixel tile the plot without anti-aliased seams (the
   * background showed through between them as grey lines). */
  cairo_save (ctx->cr);
  if (lc.dense)
    cairo_set_antialias (ctx->cr, CAIRO_ANTIALIAS_NONE);
  for (guint l = 0; l < lc.n; l++)
    ladder_row (&lc, l, FALSE);
  cairo_restore (ctx->cr);
  /* The current volume's line under the options' names and the flips'
   * labels, which it crossed ("integrate a|bove 60.9 M"): their halos
   * break it. */
  _strata_chart_current_volume (ctx, &lc.xs, &lc.plot,
                                request->volume > 0 && isfinite (request->volume) ? request->volume
                                                                                  : dataset->volume_default);
  if (!lc.dense)
    {
      for (guint l = 0; l < lc.n; l++)
        ladder_row (&lc, l, TRUE);
      ladder_flips (&lc);
    }

  x_title = _strata_chart_volume_title (dataset);
  _strata_chart_volume_axis (ctx, &lc.xs, &lc.plot, x_title, FALSE);
  g_free (lc.edges);
}

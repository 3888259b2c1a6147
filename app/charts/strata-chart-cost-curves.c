/* strata-chart-cost-curves.c: effective unit cost against volume
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>

#include <glib/gi18n-lib.h>

#include "strata-chart-private.h"

/* Samples per curve: smooth at 4K widths, cheap enough for hover. */
#define N_SAMPLES 512
typedef struct
{
  guint      index;
  double     desired;   /* centre y the label wants */
  double     y;         /* centre y it gets */
  double     height;
  double     width;
  gboolean   shown;
  char      *text;
} EndLabel;

static int
compare_end_label (const void *pa,
                   const void *pb)
{
  const EndLabel *a = pa;
  const EndLabel *b = pb;

  if (a->desired != b->desired)
    return a->desired < b->desired ? -1 : 1;
  return (a->index > b->index) - (a->index < b->index);
}

/* Spreads labels (sorted by desired centre) so that none overlap, keeping
 * each as close to its curve as possible, inside [lo, hi]. */
static void
spread_labels (EndLabel *labels,
               guint     n,
               double    lo,
               double    hi,
               double    gap)
{
  if (n == 0)
    return;
  for (guint k = 0; k < n; k++)
    {
      double min_y = lo + labels[k].height / 2;

      if (k > 0)
        min_y = MAX (min_y, labels[k - 1].y + labels[k - 1].height / 2 + gap + labels[k].height / 2);
      labels[k].y = MAX (labels[k].desired, min_y);
    }
  for (guint k = n; k-- > 0;)
    {
      double max_y = hi - labels[k].height / 2;

      if (k + 1 < n)
        max_y = MIN (max_y, labels[k + 1].y - labels[k + 1].height / 2 - gap - labels[k].height / 2);
      labels[k].y = MIN (labels[k].y, max_y);
    }
}

static gboolean
is_optimal (const StrataChartRequest *request,
            guint                     i)
{
  return strata_strategy_is_optimal (request->strategies[i]);
}

/* The tick label of @value on an axis of @ticks: on a linear axis cents
 * only when its step is below one; on a log axis per value. */
static char *
y_label (double               value,
         GArray              *ticks,
         gboolean             log_axis,
         const StrataDataset *dataset)
{
  double step = fabs (value);

  if (!log_axis && ticks->len >= 2)
    step = fabs (g_array_index (ticks, double, 1) - g_array_index (ticks, double, 0));
  return _strata_chart_money_tick (value, step, dataset);
}

/* Upward triangle at the top edge where a curve leaves or enters the plot. */
static void
clip_marker (cairo_t    *cr,
             double      x,
             double      y,
             double      size,
             StrataRgba  color)
{
  cairo_move_to (cr, _strata_chart_c (x), _strata_chart_c (y - size));
  cairo_line_to (cr, _strata_chart_c (x - size * 0.8), _strata_chart_c (y + size * 0.3));
  cairo_line_to (cr, _strata_chart_c (x + size * 0.8), _strata_chart_c (y + size * 0.3));
  cairo_close_path (cr);
  _strata_chart_set_color (cr, color);
  cairo_fill (cr);
}

void
_strata_chart_draw_cost_curves (StrataChartCtx *ctx)
{
  const StrataChartRequest *request = ctx->request;
  const StrataDataset *dataset = request->dataset;
  g_autoptr(StrataCostMemo) memo = NULL;
  const StrataChartTheme *theme = ctx->theme;
  guint n = request->n_strategies;
  double volumes[N_SAMPLES];
  double **values;
  double *current_values;
  g_autoptr(GArray) markers = NULL;
  g_autoptr(GArray) yticks = NULL;
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *unit = NULL;
  g_autofree char *y_title = NULL;
  g_autofree char *x_title = NULL;
  EndLabel *labels;
  g_autofree guint *order = NULL;
  StrataTextStyle style;
  StrataScale xs, ys;
  StrataChartRect plot;
  double x_min, x_max, y_min, y_max;
  double top, bottom, left, right;
  double tick_w = 0, label_w = 0, label_h = 0, key_h;
  double curve_w;
  gboolean log_y = request->log_y;
  guint current = request->current < n ? request->current : 0;
  double cur_volume = request->volume > 0 && isfinite (request->volume) ? request->volume
                                                                       : dataset->volume_default;

  unit = _strata_chart_per_unit (dataset->unit, 40);
  if (n > 0)
    {
      g_autofree char *name = _strata_chart_cut (request->strategies[current]->name, 48);
      g_autofree char *data_title = _strata_chart_cut (dataset->title, 64);

      /* The title names the strategy the chart is about; its break-evens
       * against the others are the numbered markers. */
      if (n > 1)
        title = g_strdup_printf ("%s against %u other strateg%s", name, n - 1, n == 2 ? "y" : "ies");
      else
        title = g_strdup (name);
      g_autofree char *bands = _strata_chart_bands_note (request);

      /* Translators: the cost, the unit, " (log scale)", a note on the bands, the dataset's title */
      subtitle = g_strdup_printf (_("%s per %s against annual volume%s%s%s \xC2\xB7 %s"),
                                  request->objective == STRATA_OBJECTIVE_CASH ? _("Unit cost") : _("Effective unit cost"),
                                  unit, log_y ? _(" (log scale)") : "",
                                  bands != NULL ? " \xC2\xB7 " : "", bands != NULL ? bands : "", data_title);
    }
  else
    title = g_strdup (dataset->title);
  top = _strata_chart_title (ctx, title, subtitle);

  if (n == 0)
    {
      _strata_chart_message (ctx, _("No strategies to compare"));
      return;
    }

  x_min = dataset->volume_min;
  x_max = dataset->volume_max;
  if (x_max <= x_min * 1.0001)
    {
      /* A single volume: show a decade either side so there is a curve. */
      x_min = dataset->volume_min / 10;
      x_max = dataset->volume_max * 10;
    }
  strata_log_space (x_min, x_max, N_SAMPLES, volumes);

  values = g_new0 (double *, n);
  current_values = g_new0 (double, n);
  /* The optimal curve does not change with a flip of another strategy:
   * its costs come from the dataset's memo (strata-chart-job.c). */
  memo = _strata_chart_cost_memo (request->dataset, request->objective);
  _strata_chart_job_stage (0, n + 1);
  for (guint i = 0; i < n; i++)
    {
      values[i] = g_new (double, N_SAMPLES);
      for (guint k = 0; k < N_SAMPLES; k++)
        values[i][k] = _strata_chart_job_cancelled ()
                       ? NAN
                       : _strata_chart_strategy_cost (request->dataset, request->strategies[i],
                                                      request->objective, memo, volumes[k]);
      current_values[i] = _strata_chart_strategy_cost (request->dataset, request->strategies[i],
                                                       request->objective, memo,
                                                       _strata_chart_clamp (cur_volume, x_min, x_max));
      _strata_chart_job_report ((i + 1.0) / n);
    }
  markers = _strata_chart_breakeven_markers (request, current, x_min, x_max);

  /* The y range: what a reader needs is the region around the current
   * volume, the break-evens and the right end of every curve, not the
   * thousands per unit an integrated curve costs at the smallest volume. */
  {
    double lo = G_MAXDOUBLE, hi = -G_MAXDOUBLE, focus = -G_MAXDOUBLE;
    double lo_pos = G_MAXDOUBLE;

    for (guint i = 0; i < n; i++)
      {
        double curve_min = G_MAXDOUBLE;

        for (guint k = 0; k < N_SAMPLES; k++)
          {
            double v = values[i][k];

            if (!isfinite (v))
              continue;
            lo = MIN (lo, v);
            hi = MAX (hi, v);
            curve_min = MIN (curve_min, v);
            if (v > 0)
              lo_pos = MIN (lo_pos, v);
          }
        if (curve_min < G_MAXDOUBLE)
          focus = MAX (focus, curve_min);
        if (isfinite (values[i][N_SAMPLES - 1]))
          focus = MAX (focus, values[i][N_SAMPLES - 1]);
      }
    /* Not the costs at the current volume: the axis must not move with it
     * (slides made at two volumes sit side by side).  Every marked
     * break-even is inside. */
    for (guint k = 0; k < markers->len; k++)
      {
        double v = g_array_index (markers, StrataChartMarker, k).value;

        if (isfinite (v))
          focus = MAX (focus, v);
      }

    if (lo == G_MAXDOUBLE)
      {
        lo = 0;
        hi = 1;
        focus = 1;
        lo_pos = 1;
      }

    if (log_y && lo_pos < G_MAXDOUBLE && hi > 0)
      {
        double top_v = MAX (hi, lo_pos * 10);

        /* At most 9 decades; anything further down is clipped. */
        lo_pos = MAX (lo_pos, top_v / 1e9);
        y_min = pow (10, floor (log10 (lo_pos) + 1e-9));
        y_max = pow (10, ceil (log10 (top_v) - 1e-9));
        if (y_max <= y_min)
          y_max = y_min * 10;
      }
    else
      {
        log_y = FALSE;
        y_min = MIN (0.0, lo);
        if (hi <= focus * 1.6 || focus <= y_min)
          y_max = hi;
        else
          y_max = focus + (focus - y_min) * 0.3;
        if (!(y_max > y_min))
          y_max = y_min + (fabs (y_min) > 0 ? fabs (y_min) : 1.0);
        /* Curves that all stay far above zero: start the axis near them so
         * their differences and crossings get the height (the tick labels
         * show where it starts). */
        if (lo > 0 && lo > 0.4 * y_max)
          y_min = lo - 0.1 * (y_max - lo);
        _strata_nice_range (&y_min, &y_max, 6);
        if (lo >= 0)
          y_min = MAX (y_min, 0.0);
      }
  }

  /* -- layout ---------------------------------------------------------------- */

  top += ctx->font_px * 1.5;   /* room for the value-axis title, the current-volume label and markers */
  key_h = _strata_chart_breakeven_key_height (ctx, markers, current, ctx->width - 2 * ctx->pad);
  bottom = ctx->height - ctx->pad - _strata_chart_volume_axis_height (ctx) - (key_h > 0 ? key_h + ctx->font_px * 0.4 : 0);

  yticks = log_y ? _strata_ticks_log (y_min, y_max, 10)
                 : _strata_ticks_linear (y_min, y_max, (guint) _strata_chart_clamp ((bottom - top) / (ctx->font_px * 2.6), 2, 8));
  style = _strata_chart_style (ctx, 0.9, STRATA_TEXT_AXIS, theme->muted, STRATA_TEXT_FLAG_TRY);
  for (guint k = 0; k < yticks->len; k++)
    {
      g_autofree char *text = y_label (g_array_index (yticks, double, k), yticks, log_y, dataset);
      double w;

      _strata_chart_text_size (ctx, text, &style, &w, NULL);
      tick_w = MAX (tick_w, w);
    }

  labels = g_new0 (EndLabel, n);
  style = _strata_chart_style (ctx, 0.95, STRATA_TEXT_LABEL, theme->foreground, STRATA_TEXT_FLAG_BOLD);
  style.max_width = MAX (ctx->width * 0.2, ctx->font_px * 6);
  for (guint i = 0; i < n; i++)
    {
      double w, h;

      labels[i].index = i;
      labels[i].text = _strata_chart_cut (request->strategies[i]->name, 40);
      _strata_chart_text_size (ctx, labels[i].text, &style, &w, &h);
      labels[i].width = w;
      labels[i].height = h;
      label_w = MAX (label_w, w);
      label_h = MAX (label_h, h);
    }

  left = ctx->pad + tick_w + ctx->font_px * 0.5;
  right = ctx->width - ctx->pad - label_w - ctx->font_px * 1.2;
  if (right - left < ctx->width * 0.4)
    right = left + MAX (ctx->width * 0.4, 10);
  plot = (StrataChartRect) { left, top, MAX (right - left, 1), MAX (bottom - top, 1) };

  if (plot.height < ctx->font_px * 2 || plot.width < ctx->font_px * 4)
    {
      _strata_chart_message (ctx, _("Too small to draw"));
      goto out;
    }

  xs = (StrataScale) { x_min, x_max, plot.x, plot.x + plot.width, TRUE };
  ys = (StrataScale) { y_min, y_max, plot.y + plot.height, plot.y, log_y };

  ctx->has_plot = TRUE;
  ctx->plot = plot;
  ctx->x_min = x_min;
  ctx->x_max = x_max;
  ctx->y_min = y_min;
  ctx->y_max = y_max;
  ctx->y_log = log_y;

  /* -- grid and axes ----------------------------------------------------------- */

  cairo_save (ctx->cr);
  cairo_set_line_width (ctx->cr, 1.0);
  _strata_chart_set_color (ctx->cr, theme->grid);
  for (guint k = 0; k < yticks->len; k++)
    {
      double y = round (_strata_scale_map (&ys, g_array_index (yticks, double, k))) + 0.5;

      _strata_chart_line (ctx->cr, plot.x, y, plot.x + plot.width, y);
    }
  cairo_stroke (ctx->cr);
  cairo_restore (ctx->cr);

  x_title = _strata_chart_volume_title (dataset);
  _strata_chart_volume_axis (ctx, &xs, &plot, x_title, TRUE);

  style = _strata_chart_style (ctx, 0.9, STRATA_TEXT_AXIS, theme->muted, STRATA_TEXT_FLAG_TRY);
  for (guint k = 0; k < yticks->len; k++)
    {
      double v = g_array_index (yticks, double, k);
      g_autofree char *text = y_label (v, yticks, log_y, dataset);

      _strata_chart_text (ctx, text, &style, plot.x - ctx->font_px * 0.4,
                          _strata_scale_map (&ys, v), 1, 0.5, NULL);
    }
  {
    g_autofree char *currency = _strata_chart_cut (dataset->currency, 12);

    /* Translators: the cost, the currency and the unit: "Effective unit cost (USD per 1M tokens)" */
    y_title = g_strdup_printf (_("%s (%s per %s)"),
                               ctx->request->objective == STRATA_OBJECTIVE_CASH ? _("Unit cost") : _("Effective unit cost"),
                               currency, unit);
    /* Horizontal, above the value labels: read without tilting the head. */
    style = _strata_chart_style (ctx, 0.9, STRATA_TEXT_AXIS, theme->muted, STRATA_TEXT_FLAG_TRY);
    style.max_width = plot.width * 0.45;
    _strata_chart_text (ctx, y_title, &style, ctx->pad, plot.y - ctx->font_px * 0.6, 0, 1, NULL);
  }

  /* Axis lines: bottom and left. */
  cairo_save (ctx->cr);
  cairo_set_line_width (ctx->cr, 1.0);
  _strata_chart_set_color (ctx->cr, theme->axis);
  _strata_chart_line (ctx->cr, plot.x, round (plot.y + plot.height) + 0.5,
                      plot.x + plot.width, round (plot.y + plot.height) + 0.5);
  cairo_stroke (ctx->cr);
  cairo_restore (ctx->cr);

  /* The Monte Carlo's bands under the curves (when the request has one). */
  _strata_chart_draw_bands (ctx, &xs, &ys, &plot);

  /* -- curves ------------------------------------------------------------------- */

  curve_w = ctx->line_px * (n > 12 ? 1.0 : 1.6);
  cairo_save (ctx->cr);
  _strata_chart_rect_path (ctx->cr, plot.x - curve_w, plot.y, plot.width + 2 * curve_w, plot.height + curve_w);
  cairo_clip (ctx->cr);
  cairo_set_line_join (ctx->cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (ctx->cr, CAIRO_LINE_CAP_ROUND);
  order = g_new (guint, n);
  {
    guint m = 0;

    /* The others, then the current strategy; Optimal (when it is not the
     * current one) last, as a dashed line, so where it runs along another
     * strategy both stay visible: a line of its own, not a band. */
    for (guint i = 0; i < n; i++)
      if (i != current && !is_optimal (request, i))
        order[m++] = i;
    order[m++] = current;
    for (guint i = 0; i < n; i++)
      if (i != current && is_optimal (request, i))
        order[m++] = i;
  }
  for (guint o = 0; o < n; o++)
    {
      guint i = order[o];
      gboolean pen_down = FALSE;
      StrataRgba color = _strata_chart_strategy_color (request, i);
      double lw = curve_w;

      gboolean dashed = n > 1 && i != current && is_optimal (request, i);

      if (dashed)
        {
          double dashes[] = { curve_w * 4, curve_w * 2.5 };

          lw = curve_w * 1.25;
          cairo_set_dash (ctx->cr, dashes, 2, 0);
        }
      else
        cairo_set_dash (ctx->cr, NULL, 0, 0);
      if (n > 1 && i == current)
        lw = curve_w * 1.25;

      cairo_new_path (ctx->cr);
      for (guint k = 0; k < N_SAMPLES; k++)
        {
          double v = values[i][k];
          double x, y;

          if (!isfinite (v) || (log_y && !(v > 0)))
            {
              pen_down = FALSE;
              continue;
            }
          x = _strata_scale_map (&xs, volumes[k]);
          /* Far above the plot is the same as just above it. */
          y = _strata_chart_clamp (_strata_scale_map (&ys, v), plot.y - plot.height, plot.y + 2 * plot.height);
          if (pen_down)
            cairo_line_to (ctx->cr, x, y);
          else
            cairo_move_to (ctx->cr, x, y);
          pen_down = TRUE;
        }
      cairo_set_line_width (ctx->cr, lw);
      _strata_chart_set_color (ctx->cr, color);
      cairo_stroke (ctx->cr);
    }
  cairo_restore (ctx->cr);

  /* Where a curve leaves the top of the plot: a small marker in its colour. */
  for (guint i = 0; i < n; i++)
    {
      StrataRgba color = _strata_chart_strategy_color (request, i);

      for (guint k = 0; k + 1 < N_SAMPLES; k++)
        {
          double v0 = values[i][k], v1 = values[i][k + 1];
          double t, x;

          if (!isfinite (v0) || !isfinite (v1) || ((v0 > y_max) == (v1 > y_max)))
            continue;
          t = (y_max - v0) / (v1 - v0);
          x = _strata_scale_map (&xs, volumes[k]) +
              t * (_strata_scale_map (&xs, volumes[k + 1]) - _strata_scale_map (&xs, volumes[k]));
          clip_marker (ctx->cr, x, plot.y - ctx->font_px * 0.1, ctx->font_px * 0.4, color);
        }
    }

  _strata_chart_current_volume (ctx, &xs, &plot, cur_volume);

  /* Dots where each curve meets the current volume. */
  if (cur_volume >= x_min && cur_volume <= x_max && n <= 12)
    for (guint i = 0; i < n; i++)
      {
        double v = current_values[i];
        double y;

        if (!isfinite (v) || v > y_max || v < y_min)
          continue;
        y = _strata_scale_map (&ys, v);
        _strata_chart_circle (ctx->cr, _strata_scale_map (&xs, cur_volume), y, ctx->line_px * 1.8);
        _strata_chart_set_color (ctx->cr, _strata_chart_strategy_color (request, i));
        cairo_fill_preserve (ctx->cr);
        cairo_set_line_width (ctx->cr, MAX (1.0, ctx->line_px * 0.6));
        _strata_chart_set_color (ctx->cr, theme->background);
        cairo_stroke (ctx->cr);
      }

  /* -- end labels: at each curve's right end, nudged apart ----------------------- */

  {
    double gap = ctx->font_px * 0.15;
    double lo = plot.y - ctx->font_px * 0.5;
    double hi = plot.y + plot.height + ctx->font_px * 0.5;
    guint fit = (guint) MAX (0.0, floor ((hi - lo + gap) / (label_h + gap)));
    EndLabel *sorted;
    guint n_sorted = 0;

    for (guint i = 0; i < n; i++)
      {
        double v = values[i][N_SAMPLES - 1];

        labels[i].desired = isfinite (v) ? _strata_chart_clamp (_strata_scale_map (&ys, v), plot.y, plot.y + plot.height)
                                         : plot.y + plot.height;
        /* When not every label fits, the first strategies of the request win. */
        labels[i].shown = i < fit;
      }
    sorted = g_new0 (EndLabel, n);
    for (guint i = 0; i < n; i++)
      if (labels[i].shown)
        sorted[n_sorted++] = labels[i];
    qsort (sorted, n_sorted, sizeof (EndLabel), compare_end_label);
    spread_labels (sorted, n_sorted, lo, hi, gap);

    for (guint k = 0; k < n_sorted; k++)
      {
        const EndLabel *label = &sorted[k];
        StrataRgba color = _strata_chart_strategy_color (request, label->index);
        double x0 = plot.x + plot.width + curve_w;
        double x1 = x0 + ctx->font_px * 0.9;

        /* A short leader from the curve's end to its label. */
        cairo_save (ctx->cr);
        cairo_set_line_width (ctx->cr, MAX (1.0, ctx->line_px * 0.6));
        _strata_chart_set_color (ctx->cr, color);
        cairo_move_to (ctx->cr, _strata_chart_c (x0), _strata_chart_c (label->desired));
        cairo_line_to (ctx->cr, _strata_chart_c (x1 - ctx->font_px * 0.25), _strata_chart_c (label->y));
        cairo_stroke (ctx->cr);
        cairo_restore (ctx->cr);

        style = _strata_chart_style (ctx, 0.95, STRATA_TEXT_LABEL,
                                     _strata_chart_mix (color, theme->foreground, 0.15),
                                     STRATA_TEXT_FLAG_BOLD | STRATA_TEXT_FLAG_TRY);
        style.max_width = MAX (ctx->width * 0.2, ctx->font_px * 6);
        _strata_chart_text (ctx, label->text, &style, x1, label->y, 0, 0.5, NULL);
      }
    g_free (sorted);
  }

  /* -- break-evens: numbered badges, named in the key below the axis --------------- */

  _strata_chart_draw_breakeven_badges (ctx, markers, &xs, &ys, &plot);
  _strata_chart_draw_breakeven_key (ctx, markers, current, ctx->pad,
                                    ctx->height - ctx->pad - key_h, ctx->width - 2 * ctx->pad);

out:
  for (guint i = 0; i < n; i++)
    {
      g_free (values[i]);
      g_free (labels[i].text);
    }
  g_free (values);
  g_free (current_values);
  g_free (labels);
}

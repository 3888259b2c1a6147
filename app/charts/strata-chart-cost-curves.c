/* strata-chart-cost-curves.c: effective unit cost against volume
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "strata-chart-private.h"

/* Samples per curve: smooth at 4K widths, cheap enough for hover. */
#define N_SAMPLES 512
/* Up to this many strategies each break-even found on the samples is
 * located by bisection on the model; above it, by interpolation. */
#define EXACT_BREAKEVEN_MAX 16
/* Up to this many strategies every pair's break-evens are marked; beyond
 * it only those of the current strategy (the subtitle says so). */
#define MARK_ALL_BREAKEVENS_MAX 8

typedef struct
{
  double   volume;
  double   value;
  guint    a, b;
  gboolean involves_current;
} Crossing;

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

static int
compare_crossing_priority (const void *pa,
                           const void *pb)
{
  const Crossing *a = pa;
  const Crossing *b = pb;

  if (a->involves_current != b->involves_current)
    return a->involves_current ? -1 : 1;
  if (a->a != b->a)
    return (a->a > b->a) - (a->a < b->a);
  return (a->volume > b->volume) - (a->volume < b->volume);
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
same_strategy (const StrataStrategy *a,
               const StrataStrategy *b)
{
  return a == b || (a->id != NULL && b->id != NULL && g_str_equal (a->id, b->id));
}

/* Bisection in log volume between two volumes where a - b has opposite
 * signs, to the relative precision of MODEL.md 4 (1e-9). */
static double
refine_crossing (const StrataDataset  *dataset,
                 const StrataStrategy *sa,
                 const StrataStrategy *sb,
                 double                lo,
                 double                hi)
{
  double d_lo = strata_strategy_effective_cost (dataset, sa, lo) - strata_strategy_effective_cost (dataset, sb, lo);

  for (guint it = 0; it < 200 && hi / lo - 1.0 > 1e-10; it++)
    {
      double mid = sqrt (lo * hi);
      double d = strata_strategy_effective_cost (dataset, sa, mid) - strata_strategy_effective_cost (dataset, sb, mid);

      if (d == 0 || !isfinite (d))
        return mid;
      if ((d < 0) == (d_lo < 0))
        {
          lo = mid;
          d_lo = d;
        }
      else
        hi = mid;
    }
  return sqrt (lo * hi);
}

/* Every sign change of a - b on the sampled curves, each located by
 * bisection on the model (with many strategies, by interpolation between
 * the samples, which is finer than a pixel). */
static GArray *
find_crossings (const StrataChartRequest *request,
                const double             *volumes,
                double                  **values,
                double                    x_min,
                double                    x_max)
{
  const StrataDataset *dataset = request->dataset;
  GArray *out = g_array_new (FALSE, FALSE, sizeof (Crossing));
  guint n = request->n_strategies;

  for (guint a = 0; a < n; a++)
    for (guint b = a + 1; b < n; b++)
      {
        const StrataStrategy *sa = request->strategies[a];
        const StrataStrategy *sb = request->strategies[b];
        int last = -1;           /* last sample with a non-zero difference */
        double last_d = 0;

        if (same_strategy (sa, sb))
          continue;
        /* Beyond MARK_ALL_BREAKEVENS_MAX only the current strategy's are
         * shown: do not search the other pairs (quadratic in strategies). */
        if (n > MARK_ALL_BREAKEVENS_MAX && a != request->current && b != request->current)
          continue;

        for (guint k = 0; k < N_SAMPLES; k++)
          {
            double d = values[a][k] - values[b][k];
            Crossing x;

            if (!isfinite (d))
              {
                last = -1;
                continue;
              }
            if (d == 0)
              continue;
            if (last >= 0 && (d < 0) != (last_d < 0))
              {
                if ((guint) last + 1 < k)
                  x.volume = volumes[last + 1];   /* equal over a stretch: where it starts */
                else if (n <= EXACT_BREAKEVEN_MAX)
                  x.volume = refine_crossing (dataset, sa, sb, volumes[last], volumes[k]);
                else
                  {
                    double t = last_d / (last_d - d);

                    x.volume = pow (10.0, log10 (volumes[last]) + t * (log10 (volumes[k]) - log10 (volumes[last])));
                  }
                if (x.volume >= x_min && x.volume <= x_max)
                  {
                    if (n <= EXACT_BREAKEVEN_MAX)
                      x.value = strata_strategy_effective_cost (dataset, sa, x.volume);
                    else
                      x.value = values[a][last] + (values[a][k] - values[a][last]) *
                                (log10 (x.volume) - log10 (volumes[last])) / (log10 (volumes[k]) - log10 (volumes[last]));
                    x.a = a;
                    x.b = b;
                    x.involves_current = (a == request->current || b == request->current);
                    g_array_append_val (out, x);
                  }
              }
            last = (int) k;
            last_d = d;
          }
      }
  return out;
}

static gboolean
is_optimal (const StrataChartRequest *request,
            guint                     i)
{
  return strata_strategy_is_optimal (request->strategies[i]);
}

static char *
y_label (double               value,
         const StrataDataset *dataset)
{
  return _strata_chart_money (value, dataset);
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
  const StrataChartTheme *theme = ctx->theme;
  guint n = request->n_strategies;
  double volumes[N_SAMPLES];
  double **values;
  double *current_values;
  g_autoptr(GArray) crossings = NULL;
  g_autoptr(GArray) yticks = NULL;
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
  double tick_w = 0, label_w = 0, label_h = 0;
  double curve_w;
  gboolean log_y = request->log_y;
  guint current = request->current < n ? request->current : 0;
  double cur_volume = request->volume > 0 && isfinite (request->volume) ? request->volume
                                                                       : dataset->volume_default;

  unit = _strata_chart_per_unit (dataset->unit, 40);
  if (n > MARK_ALL_BREAKEVENS_MAX)
    {
      g_autofree char *name = _strata_chart_cut (request->strategies[current]->name, 40);

      subtitle = g_strdup_printf ("Effective unit cost per %s against annual volume%s; break-evens of %s", unit,
                                  log_y ? " (log scale)" : "", name);
    }
  else
    subtitle = g_strdup_printf ("Effective unit cost per %s against annual volume%s", unit,
                                log_y ? " (log scale)" : "");
  top = _strata_chart_title (ctx, dataset->title, subtitle);

  if (n == 0)
    {
      _strata_chart_message (ctx, "No strategies to compare");
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
  for (guint i = 0; i < n; i++)
    {
      values[i] = g_new (double, N_SAMPLES);
      for (guint k = 0; k < N_SAMPLES; k++)
        values[i][k] = strata_strategy_effective_cost (dataset, request->strategies[i], volumes[k]);
      current_values[i] = strata_strategy_effective_cost (dataset, request->strategies[i],
                                                          _strata_chart_clamp (cur_volume, x_min, x_max));
    }
  crossings = find_crossings (request, volumes, values, x_min, x_max);
  if (n > MARK_ALL_BREAKEVENS_MAX)
    {
      /* Hundreds of markers hide the curves: keep the current strategy's. */
      for (guint k = crossings->len; k-- > 0;)
        if (!g_array_index (crossings, Crossing, k).involves_current)
          g_array_remove_index_fast (crossings, k);
    }

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
        if (isfinite (current_values[i]))
          focus = MAX (focus, current_values[i]);
      }
    for (guint k = 0; k < crossings->len; k++)
      {
        double v = g_array_index (crossings, Crossing, k).value;

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
  bottom = ctx->height - ctx->pad - _strata_chart_volume_axis_height (ctx);

  yticks = log_y ? _strata_ticks_log (y_min, y_max, 10)
                 : _strata_ticks_linear (y_min, y_max, (guint) _strata_chart_clamp ((bottom - top) / (ctx->font_px * 2.6), 2, 8));
  style = _strata_chart_style (ctx, 0.9, STRATA_TEXT_AXIS, theme->muted, STRATA_TEXT_FLAG_TRY);
  for (guint k = 0; k < yticks->len; k++)
    {
      g_autofree char *text = y_label (g_array_index (yticks, double, k), dataset);
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
      _strata_chart_message (ctx, "Too small to draw");
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
      g_autofree char *text = y_label (v, dataset);

      _strata_chart_text (ctx, text, &style, plot.x - ctx->font_px * 0.4,
                          _strata_scale_map (&ys, v), 1, 0.5, NULL);
    }
  {
    g_autofree char *currency = _strata_chart_cut (dataset->currency, 12);

    y_title = g_strdup_printf ("Effective unit cost (%s per %s)", currency, unit);
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

  /* -- break-evens ------------------------------------------------------------------ */

  {
    GArray *sorted = crossings;
    guint labelled = 0;
    double r = MAX (3.0, ctx->font_px * 0.32);

    g_array_sort (sorted, compare_crossing_priority);
    /* Curves that coincide (optimal running along a strategy) cross a third
     * at one point: mark and label it once. */
    for (guint k = 0; k < sorted->len; k++)
      {
        const Crossing *c = &g_array_index (sorted, Crossing, k);

        for (guint j = sorted->len; j-- > k + 1;)
          {
            const Crossing *d = &g_array_index (sorted, Crossing, j);

            if (fabs (log10 (d->volume) - log10 (c->volume)) < 1e-6 &&
                fabs (d->value - c->value) <= 1e-9 * MAX (1.0, fabs (c->value)))
              g_array_remove_index (sorted, j);
          }
      }
    for (guint k = 0; k < sorted->len; k++)
      {
        const Crossing *c = &g_array_index (sorted, Crossing, k);
        double x, y;

        if (!isfinite (c->value) || c->value > y_max || c->value < y_min)
          continue;
        x = _strata_scale_map (&xs, c->volume);
        y = _strata_scale_map (&ys, c->value);
        _strata_chart_circle (ctx->cr, x, y, r);
        _strata_chart_set_color (ctx->cr, theme->background);
        cairo_fill_preserve (ctx->cr);
        cairo_set_line_width (ctx->cr, MAX (1.0, ctx->line_px * 0.8));
        _strata_chart_set_color (ctx->cr, theme->foreground);
        cairo_stroke (ctx->cr);
      }
    for (guint k = 0; k < sorted->len; k++)
      {
        const Crossing *c = &g_array_index (sorted, Crossing, k);
        g_autofree char *vol = NULL;
        g_autofree char *text = NULL;
        static const double anchors[][4] = {
          /* dx, dy (in radii), ax, ay */
          { 1.3, -1.3, 0, 1 }, { -1.3, -1.3, 1, 1 }, { 1.3, 1.3, 0, 0 }, { -1.3, 1.3, 1, 0 },
        };
        double x, y;

        if (!isfinite (c->value) || c->value > y_max || c->value < y_min)
          continue;
        x = _strata_scale_map (&xs, c->volume);
        y = _strata_scale_map (&ys, c->value);
        vol = _strata_chart_volume (c->volume);
        text = (sorted->len <= 6) ? g_strdup_printf ("break-even %s", vol) : g_strdup (vol);
        style = _strata_chart_style (ctx, 0.9, STRATA_TEXT_VALUE, theme->foreground,
                                     STRATA_TEXT_FLAG_TRY | STRATA_TEXT_FLAG_HALO);
        for (guint a = 0; a < G_N_ELEMENTS (anchors); a++)
          {
            StrataChartRect box;

            _strata_chart_text (ctx, text, &(StrataTextStyle) { .size = style.size, .flags = STRATA_TEXT_FLAG_MEASURE },
                                x + anchors[a][0] * r, y + anchors[a][1] * r, anchors[a][2], anchors[a][3], &box);
            /* Inside the plot only. */
            if (box.x < plot.x || box.x + box.width > plot.x + plot.width ||
                box.y < plot.y || box.y + box.height > plot.y + plot.height)
              continue;
            if (_strata_chart_text (ctx, text, &style, x + anchors[a][0] * r, y + anchors[a][1] * r,
                                    anchors[a][2], anchors[a][3], NULL))
              {
                labelled++;
                break;
              }
          }
        if (labelled >= 40)
          break;
      }
  }

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

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
#define COST_BLOCK 128   /* samples costed at once (cost_series_compute ()) */
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

/* What the steps of one cost-curves drawing share. */
typedef struct
{
  StrataChartCtx           *ctx;
  const StrataChartRequest *request;
  const StrataDataset      *dataset;
  guint                     n;
  guint                     current;
  double                    cur_volume;
  /* the model's answers (CostSeries, kept by the context's results) */
  const double             *volumes;         /* N_SAMPLES */
  const double             *values;          /* per strategy, per sample */
  const double             *current_values;  /* per strategy, at the current volume */
  GArray                   *markers;
  GArray                   *yticks;
  EndLabel                 *labels;
  char                     *unit;
  double                    x_min, x_max, y_min, y_max;
  gboolean                  log_y;
  double                    label_w, label_h, key_h, curve_w;
  double                    note_h;          /* the line naming the curves not labelled, or 0 */
  StrataScale               xs, ys;
  StrataChartRect           plot;
} CostCurves;

/* Strategy @i's cost at sample @k. */
#define VALUE(cc, i, k) ((cc)->values[(gsize) (i) * N_SAMPLES + (k)])

static void
cost_curves_clear (CostCurves *cc)
{
  for (guint i = 0; i < cc->n && cc->labels != NULL; i++)
    g_free (cc->labels[i].text);
  g_clear_pointer (&cc->labels, g_free);
  g_clear_pointer (&cc->yticks, g_array_unref);
  g_clear_pointer (&cc->unit, g_free);
}

/* The title names the strategy the chart is about; its break-evens
 * against the others are the numbered markers.  Returns the top of what
 * is below the title. */
static double
cost_curves_title (CostCurves *cc)
{
  const StrataDataset *dataset = cc->dataset;
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;

  if (cc->n > 0)
    {
      g_autofree char *name = _strata_chart_cut (cc->request->strategies[cc->current]->name, 48);
      g_autofree char *data_title = _strata_chart_cut (dataset->title, 64);
      g_autofree char *bands = _strata_chart_bands_note (cc->request);

      if (cc->n > 1)
        /* Translators: a strategy's name and how many others the chart compares it with */
        title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s against %u other strategy",
                                              "%s against %u other strategies", cc->n - 1),
                                 name, cc->n - 1);
      else
        title = g_strdup (name);

      /* Translators: the cost, the unit, " (log scale)", a note on the bands, the dataset's title */
      subtitle = g_strdup_printf (_("%s per %s against annual volume%s%s%s \xC2\xB7 %s"),
                                  cc->request->objective == STRATA_OBJECTIVE_CASH ? _("Unit cost") : _("Effective unit cost"),
                                  cc->unit, cc->log_y ? _(" (log scale)") : "",
                                  bands != NULL ? " \xC2\xB7 " : "", bands != NULL ? bands : "", data_title);
    }
  else
    title = g_strdup (dataset->title);
  return _strata_chart_title (cc->ctx, title, subtitle);
}

/* The model's answers behind the curves: each strategy's cost at every
 * sample and at the current volume, and the break-evens of the current
 * strategy against the others.  They do not depend on the size. */
typedef struct
{
  guint   n;
  double  x_min, x_max;
  double  volumes[N_SAMPLES];
  double *values;           /* n x N_SAMPLES */
  double *current_values;   /* n */
  GArray *markers;          /* StrataChartMarker */
} CostSeries;

static void
cost_series_free (gpointer data)
{
  CostSeries *series = data;

  g_free (series->values);
  g_free (series->current_values);
  g_clear_pointer (&series->markers, g_array_unref);
  g_free (series);
}

static gpointer
cost_series_compute (StrataChartCtx *ctx,
                     gpointer        data)
{
  const StrataChartRequest *request = ctx->request;
  StrataDataset *dataset = request->dataset;
  CostSeries *series = g_new0 (CostSeries, 1);
  g_autoptr(StrataCostMemo) memo = NULL;
  guint n = request->n_strategies;
  guint current = request->current < n ? request->current : 0;
  double cur_volume = request->volume > 0 && isfinite (request->volume) ? request->volume
                                                                       : dataset->volume_default;

  series->n = n;
  series->x_min = dataset->volume_min;
  series->x_max = dataset->volume_max;
  if (series->x_max <= series->x_min * 1.0001)
    {
      /* A single volume: show a decade either side so there is a curve. */
      series->x_min = dataset->volume_min / 10;
      series->x_max = dataset->volume_max * 10;
    }
  strata_log_space (series->x_min, series->x_max, N_SAMPLES, series->volumes);

  series->values = g_new (double, (gsize) n * N_SAMPLES);
  series->current_values = g_new0 (double, n);
  /* The optimal curve does not change with a flip of another strategy:
   * its costs come from the dataset's memo (strata-chart-job.c). */
  memo = _strata_chart_cost_memo (dataset, request->objective);
  _strata_chart_job_stage (0, n + 1);
  for (guint i = 0; i < n; i++)
    {
      /* In blocks: the optimum's are solved a block at a time, each from
       * the last (strata_cost_memo_costs ()), and a cancelled job stops
       * between two. */
      for (guint k = 0; k < N_SAMPLES; k += COST_BLOCK)
        {
          guint m = MIN (COST_BLOCK, N_SAMPLES - k);
          double *out = series->values + (gsize) i * N_SAMPLES + k;

          if (_strata_chart_job_cancelled ())
            for (guint j = 0; j < m; j++)
              out[j] = NAN;
          else
            strata_cost_memo_costs (memo, request->strategies[i], series->volumes + k, m, out);
        }
      series->current_values[i] = _strata_chart_strategy_cost (dataset, request->strategies[i],
                                                               request->objective, memo,
                                                               _strata_chart_clamp (cur_volume, series->x_min, series->x_max));
      _strata_chart_job_report ((i + 1.0) / n);
    }
  series->markers = _strata_chart_breakeven_markers (request, current, series->x_min, series->x_max);
  return series;
}

static void
cost_curves_compute (CostCurves *cc)
{
  const CostSeries *series = _strata_chart_result (cc->ctx, "cost-curves", cost_series_compute,
                                                   NULL, cost_series_free);

  cc->x_min = series->x_min;
  cc->x_max = series->x_max;
  cc->volumes = series->volumes;
  cc->values = series->values;
  cc->current_values = series->current_values;
  cc->markers = series->markers;
}

/* The y range: what a reader needs is the region around the current
 * volume, the break-evens and the right end of every curve, not the
 * thousands per unit an integrated curve costs at the smallest volume. */
static void
cost_curves_y_range (CostCurves *cc)
{
  double lo = G_MAXDOUBLE, hi = -G_MAXDOUBLE, focus = -G_MAXDOUBLE;
  double lo_pos = G_MAXDOUBLE;

  for (guint i = 0; i < cc->n; i++)
    {
      double curve_min = G_MAXDOUBLE;

      for (guint k = 0; k < N_SAMPLES; k++)
        {
          double v = VALUE (cc, i, k);

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
      if (isfinite (VALUE (cc, i, N_SAMPLES - 1)))
        focus = MAX (focus, VALUE (cc, i, N_SAMPLES - 1));
    }
  /* Not the costs at the current volume: the axis must not move with it
   * (slides made at two volumes sit side by side).  Every marked
   * break-even is inside. */
  for (guint k = 0; k < cc->markers->len; k++)
    {
      double v = g_array_index (cc->markers, StrataChartMarker, k).value;

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

  if (cc->log_y && lo_pos < G_MAXDOUBLE && hi > 0)
    {
      double top_v = MAX (hi, lo_pos * 10);

      /* At most 9 decades; anything further down is clipped. */
      lo_pos = MAX (lo_pos, top_v / 1e9);
      cc->y_min = pow (10, floor (log10 (lo_pos) + 1e-9));
      cc->y_max = pow (10, ceil (log10 (top_v) - 1e-9));
      if (cc->y_max <= cc->y_min)
        cc->y_max = cc->y_min * 10;
      return;
    }

  cc->log_y = FALSE;
  cc->y_min = MIN (0.0, lo);
  if (hi <= focus * 1.6 || focus <= cc->y_min)
    cc->y_max = hi;
  else
    cc->y_max = focus + (focus - cc->y_min) * 0.3;
  if (!(cc->y_max > cc->y_min))
    cc->y_max = cc->y_min + (fabs (cc->y_min) > 0 ? fabs (cc->y_min) : 1.0);
  /* Curves that all stay far above zero: start the axis near them so
   * their differences and crossings get the height (the tick labels
   * show where it starts). */
  if (lo > 0 && lo > 0.4 * cc->y_max)
    cc->y_min = lo - 0.1 * (cc->y_max - lo);
  _strata_nice_range (&cc->y_min, &cc->y_max, 6);
  if (lo >= 0)
    cc->y_min = MAX (cc->y_min, 0.0);
}

/* Each curve's end label and its size. */
static void
cost_curves_label_sizes (CostCurves *cc)
{
  StrataChartCtx *ctx = cc->ctx;
  StrataTextStyle style;

  cc->labels = g_new0 (EndLabel, cc->n);
  style = _strata_chart_style (ctx, 0.95, STRATA_TEXT_LABEL, ctx->theme->foreground, STRATA_TEXT_FLAG_BOLD);
  style.max_width = MAX (ctx->width * 0.2, ctx->font_px * 6);
  for (guint i = 0; i < cc->n; i++)
    {
      double w, h;

      cc->labels[i].index = i;
      cc->labels[i].text = _strata_chart_cut (cc->request->strategies[i]->name, 40);
      _strata_chart_text_size (ctx, cc->labels[i].text, &style, &w, &h);
      cc->labels[i].width = w;
      cc->labels[i].height = h;
      cc->label_w = MAX (cc->label_w, w);
      cc->label_h = MAX (cc->label_h, h);
    }
}

/* How many end labels fit beside a plot from @top to @bottom (they may
 * stand half a line beyond it). */
static guint
end_labels_fit (const CostCurves *cc,
                double            top,
                double            bottom)
{
  double gap = cc->ctx->font_px * 0.15;

  return (guint) MAX (0.0, floor ((bottom - top + cc->ctx->font_px + gap) / (cc->label_h + gap)));
}

/* The plot's rectangle, the ticks and the end labels' sizes; FALSE when
 * the chart is too small to draw. */
static gboolean
cost_curves_layout (CostCurves *cc,
                    double      top)
{
  StrataChartCtx *ctx = cc->ctx;
  const StrataChartTheme *theme = ctx->theme;
  StrataTextStyle style;
  double bottom, left, right;
  double tick_w = 0;

  top += ctx->font_px * 1.5;   /* room for the value-axis title, the current-volume label and markers */
  cc->key_h = _strata_chart_breakeven_key_height (ctx, cc->markers, cc->current, ctx->width - 2 * ctx->pad);
  bottom = ctx->height - ctx->pad - _strata_chart_volume_axis_height (ctx) -
           (cc->key_h > 0 ? cc->key_h + ctx->font_px * 0.4 : 0);
  cost_curves_label_sizes (cc);
  /* Not every end label fits beside the plot: a line under the axis
   * names the curves left without one. */
  if (end_labels_fit (cc, top, bottom) < cc->n)
    {
      cc->note_h = ctx->font_px * 1.3;
      bottom -= cc->note_h;
    }

  cc->yticks = cc->log_y ? _strata_ticks_log (cc->y_min, cc->y_max, 10)
                         : _strata_ticks_linear (cc->y_min, cc->y_max,
                                                 (guint) _strata_chart_clamp ((bottom - top) / (ctx->font_px * 2.6), 2, 8));
  style = _strata_chart_style (ctx, 0.9, STRATA_TEXT_AXIS, theme->muted, STRATA_TEXT_FLAG_TRY);
  for (guint k = 0; k < cc->yticks->len; k++)
    {
      g_autofree char *text = y_label (g_array_index (cc->yticks, double, k), cc->yticks, cc->log_y, cc->dataset);
      double w;

      _strata_chart_text_size (ctx, text, &style, &w, NULL);
      tick_w = MAX (tick_w, w);
    }


  left = ctx->pad + tick_w + ctx->font_px * 0.5;
  right = ctx->width - ctx->pad - cc->label_w - ctx->font_px * 1.2;
  if (right - left < ctx->width * 0.4)
    right = left + MAX (ctx->width * 0.4, 10);
  cc->plot = (StrataChartRect) { left, top, MAX (right - left, 1), MAX (bottom - top, 1) };

  if (cc->plot.height < ctx->font_px * 2 || cc->plot.width < ctx->font_px * 4)
    return FALSE;

  cc->xs = (StrataScale) { cc->x_min, cc->x_max, cc->plot.x, cc->plot.x + cc->plot.width, TRUE };
  cc->ys = (StrataScale) { cc->y_min, cc->y_max, cc->plot.y + cc->plot.height, cc->plot.y, cc->log_y };

  ctx->has_plot = TRUE;
  ctx->plot = cc->plot;
  ctx->x_min = cc->x_min;
  ctx->x_max = cc->x_max;
  ctx->y_min = cc->y_min;
  ctx->y_max = cc->y_max;
  ctx->y_log = cc->log_y;
  return TRUE;
}

/* The grid, the volume axis, the cost ticks and title, the axis line. */
static void
cost_curves_axes (CostCurves *cc)
{
  StrataChartCtx *ctx = cc->ctx;
  const StrataChartTheme *theme = ctx->theme;
  const StrataChartRect *plot = &cc->plot;
  g_autofree char *x_title = NULL;
  g_autofree char *y_title = NULL;
  g_autofree char *currency = NULL;
  StrataTextStyle style;

  cairo_save (ctx->cr);
  cairo_set_line_width (ctx->cr, 1.0);
  _strata_chart_set_color (ctx->cr, theme->grid);
  for (guint k = 0; k < cc->yticks->len; k++)
    {
      double y = round (_strata_scale_map (&cc->ys, g_array_index (cc->yticks, double, k))) + 0.5;

      _strata_chart_line (ctx->cr, plot->x, y, plot->x + plot->width, y);
    }
  cairo_stroke (ctx->cr);
  cairo_restore (ctx->cr);

  x_title = _strata_chart_volume_title (cc->dataset);
  _strata_chart_volume_axis (ctx, &cc->xs, plot, x_title, TRUE);

  style = _strata_chart_style (ctx, 0.9, STRATA_TEXT_AXIS, theme->muted, STRATA_TEXT_FLAG_TRY);
  for (guint k = 0; k < cc->yticks->len; k++)
    {
      double v = g_array_index (cc->yticks, double, k);
      g_autofree char *text = y_label (v, cc->yticks, cc->log_y, cc->dataset);

      _strata_chart_text (ctx, text, &style, plot->x - ctx->font_px * 0.4,
                          _strata_scale_map (&cc->ys, v), 1, 0.5, NULL);
    }

  currency = _strata_chart_cut (cc->dataset->currency, 12);
  /* Translators: the cost, the currency and the unit: "Effective unit cost (USD per 1M tokens)" */
  y_title = g_strdup_printf (_("%s (%s per %s)"),
                             cc->request->objective == STRATA_OBJECTIVE_CASH ? _("Unit cost") : _("Effective unit cost"),
                             currency, cc->unit);
  /* Horizontal, above the value labels: read without tilting the head. */
  style = _strata_chart_style (ctx, 0.9, STRATA_TEXT_AXIS, theme->muted, STRATA_TEXT_FLAG_TRY);
  style.max_width = plot->width * 0.45;
  _strata_chart_text (ctx, y_title, &style, ctx->pad, plot->y - ctx->font_px * 0.6, 0, 1, NULL);

  /* Axis lines: bottom and left. */
  cairo_save (ctx->cr);
  cairo_set_line_width (ctx->cr, 1.0);
  _strata_chart_set_color (ctx->cr, theme->axis);
  _strata_chart_line (ctx->cr, plot->x, round (plot->y + plot->height) + 0.5,
                      plot->x + plot->width, round (plot->y + plot->height) + 0.5);
  cairo_stroke (ctx->cr);
  cairo_restore (ctx->cr);
}

/* One curve's points (x, y pairs, N_SAMPLES of them) through its finite
 * samples; NAN where it breaks. */
static void
cost_curves_points (CostCurves *cc,
                    guint       i,
                    double     *xy)
{
  for (guint k = 0; k < N_SAMPLES; k++)
    {
      double v = VALUE (cc, i, k);

      if (!isfinite (v) || (cc->log_y && !(v > 0)))
        {
          xy[2 * k] = xy[2 * k + 1] = NAN;
          continue;
        }
      xy[2 * k] = _strata_scale_map (&cc->xs, cc->volumes[k]);
      /* Far above the plot is the same as just above it. */
      xy[2 * k + 1] = _strata_chart_clamp (_strata_scale_map (&cc->ys, v),
                                           cc->plot.y - cc->plot.height, cc->plot.y + 2 * cc->plot.height);
    }
}

/* The curves: the others, then the current strategy; Optimal (when it is
 * not the current one) last, as a dashed line, so where it runs along
 * another strategy both stay visible: a line of its own, not a band. */
static void
cost_curves_series (CostCurves *cc)
{
  const StrataChartRequest *request = cc->request;
  cairo_t *cr = cc->ctx->cr;
  const StrataChartRect *plot = &cc->plot;
  guint n = cc->n, current = cc->current;
  g_autofree guint *order = g_new (guint, n);
  g_autofree double *xy = g_new (double, 2 * N_SAMPLES);
  StrataChartRect clip, box;
  guint m = 0;

  cc->curve_w = cc->ctx->line_px * (n > 12 ? 1.0 : 1.6);
  for (guint i = 0; i < n; i++)
    if (i != current && !is_optimal (request, i))
      order[m++] = i;
  order[m++] = current;
  for (guint i = 0; i < n; i++)
    if (i != current && is_optimal (request, i))
      order[m++] = i;

  /* The curves are cut to the plot by geometry (strata-chart-clip.c), and
   * clipped too, so the PNG keeps its pixels. */
  clip = (StrataChartRect) { plot->x - cc->curve_w, plot->y, plot->width + 2 * cc->curve_w, plot->height + cc->curve_w };
  cairo_save (cr);
  _strata_chart_rect_path (cr, clip.x, clip.y, clip.width, clip.height);
  cairo_clip (cr);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  for (guint o = 0; o < n; o++)
    {
      guint i = order[o];
      double lw = cc->curve_w;

      if (n > 1 && i != current && is_optimal (request, i))
        {
          double dashes[] = { cc->curve_w * 4, cc->curve_w * 2.5 };

          lw = cc->curve_w * 1.25;
          cairo_set_dash (cr, dashes, 2, 0);
        }
      else
        cairo_set_dash (cr, NULL, 0, 0);
      if (n > 1 && i == current)
        lw = cc->curve_w * 1.25;

      cost_curves_points (cc, i, xy);
      cairo_set_line_width (cr, lw);
      _strata_chart_set_color (cr, _strata_chart_strategy_color (request, i));
      _strata_chart_clip_box (&box, &clip, lw);
      _strata_chart_stroke_clipped (cr, xy, N_SAMPLES, &box);
    }
  cairo_restore (cr);
}

/* Where a curve leaves the top of the plot, a small marker in its colour;
 * the current volume's line; dots where each curve meets it. */
static void
cost_curves_marks (CostCurves *cc)
{
  StrataChartCtx *ctx = cc->ctx;
  const StrataChartRequest *request = cc->request;

  for (guint i = 0; i < cc->n; i++)
    {
      StrataRgba color = _strata_chart_strategy_color (request, i);

      for (guint k = 0; k + 1 < N_SAMPLES; k++)
        {
          double v0 = VALUE (cc, i, k), v1 = VALUE (cc, i, k + 1);
          double t, x0, x1;

          if (!isfinite (v0) || !isfinite (v1) || ((v0 > cc->y_max) == (v1 > cc->y_max)))
            continue;
          t = (cc->y_max - v0) / (v1 - v0);
          x0 = _strata_scale_map (&cc->xs, cc->volumes[k]);
          x1 = _strata_scale_map (&cc->xs, cc->volumes[k + 1]);
          clip_marker (ctx->cr, x0 + t * (x1 - x0), cc->plot.y - ctx->font_px * 0.1, ctx->font_px * 0.4, color);
        }
    }

  _strata_chart_current_volume (ctx, &cc->xs, &cc->plot, cc->cur_volume);

  if (!(cc->cur_volume >= cc->x_min && cc->cur_volume <= cc->x_max && cc->n <= 12))
    return;
  for (guint i = 0; i < cc->n; i++)
    {
      double v = cc->current_values[i];

      if (!isfinite (v) || v > cc->y_max || v < cc->y_min)
        continue;
      _strata_chart_circle (ctx->cr, _strata_scale_map (&cc->xs, cc->cur_volume),
                            _strata_scale_map (&cc->ys, v), ctx->line_px * 1.8);
      _strata_chart_set_color (ctx->cr, _strata_chart_strategy_color (request, i));
      cairo_fill_preserve (ctx->cr);
      cairo_set_line_width (ctx->cr, MAX (1.0, ctx->line_px * 0.6));
      _strata_chart_set_color (ctx->cr, ctx->theme->background);
      cairo_stroke (ctx->cr);
    }
}

/* One end label with a short leader from its curve's end. */
static void
cost_curves_end_label (CostCurves     *cc,
                       const EndLabel *label)
{
  StrataChartCtx *ctx = cc->ctx;
  StrataRgba color = _strata_chart_strategy_color (cc->request, label->index);
  double x0 = cc->plot.x + cc->plot.width + cc->curve_w;
  double x1 = x0 + ctx->font_px * 0.9;
  StrataTextStyle style;

  cairo_save (ctx->cr);
  cairo_set_line_width (ctx->cr, MAX (1.0, ctx->line_px * 0.6));
  _strata_chart_set_color (ctx->cr, color);
  cairo_move_to (ctx->cr, _strata_chart_c (x0), _strata_chart_c (label->desired));
  cairo_line_to (ctx->cr, _strata_chart_c (x1 - ctx->font_px * 0.25), _strata_chart_c (label->y));
  cairo_stroke (ctx->cr);
  cairo_restore (ctx->cr);

  style = _strata_chart_style (ctx, 0.95, STRATA_TEXT_LABEL,
                               _strata_chart_mix (color, ctx->theme->foreground, 0.15),
                               STRATA_TEXT_FLAG_BOLD | STRATA_TEXT_FLAG_TRY);
  style.max_width = MAX (ctx->width * 0.2, ctx->font_px * 6);
  _strata_chart_text (ctx, label->text, &style, x1, label->y, 0, 0.5, NULL);
}

/* "Not labelled at this size: Strategy 18, Strategy 19 and 21 more": the
 * first @k of the curves without an end label by name. */
static char *
unlabelled_text (gconstpointer data,
                 guint         k)
{
  const CostCurves *cc = data;
  g_autoptr(GString) names = g_string_new (NULL);
  guint named = 0, hidden = 0;

  for (guint i = 0; i < cc->n; i++)
    if (!cc->labels[i].shown)
      {
        if (named < k)
          {
            if (names->len > 0)
              g_string_append (names, ", ");
            g_string_append (names, cc->labels[i].text);
            named++;
          }
        hidden++;
      }
  if (named < hidden)
    /* Translators: the end of a list of strategies: "Strategy 18 and 3 more" */
    g_string_append_printf (names, _(" and %u more"), hidden - named);
  /* Translators: a list of strategies whose curves have no name at their end */
  return g_strdup_printf (_("Not labelled at this size: %s"), names->str);
}

/* Under the volume axis: which curves have no end label, as many by name
 * as the line holds. */
static void
cost_curves_unlabelled_note (CostCurves *cc)
{
  StrataChartCtx *ctx = cc->ctx;
  guint hidden = 0;

  for (guint i = 0; i < cc->n; i++)
    hidden += !cc->labels[i].shown;
  if (hidden > 0 && cc->note_h > 0)
    _strata_chart_fitted_note (ctx, unlabelled_text, cc, hidden, ctx->pad,
                               ctx->height - ctx->pad - (cc->key_h > 0 ? cc->key_h + ctx->font_px * 0.4 : 0) -
                                 cc->note_h / 2);
}

/* The end labels: at each curve's right end, nudged apart. */
static void
cost_curves_end_labels (CostCurves *cc)
{
  StrataChartCtx *ctx = cc->ctx;
  const StrataChartRect *plot = &cc->plot;
  double gap = ctx->font_px * 0.15;
  double lo = plot->y - ctx->font_px * 0.5;
  double hi = plot->y + plot->height + ctx->font_px * 0.5;
  guint fit = end_labels_fit (cc, plot->y, plot->y + plot->height);
  g_autofree EndLabel *sorted = g_new0 (EndLabel, cc->n);
  guint n_sorted = 0;

  for (guint i = 0; i < cc->n; i++)
    {
      double v = VALUE (cc, i, N_SAMPLES - 1);

      cc->labels[i].desired = isfinite (v) ? _strata_chart_clamp (_strata_scale_map (&cc->ys, v), plot->y, plot->y + plot->height)
                                           : plot->y + plot->height;
      /* When not every label fits, the first strategies of the request win. */
      cc->labels[i].shown = i < fit;
    }
  for (guint i = 0; i < cc->n; i++)
    if (cc->labels[i].shown)
      sorted[n_sorted++] = cc->labels[i];
  qsort (sorted, n_sorted, sizeof (EndLabel), compare_end_label);
  spread_labels (sorted, n_sorted, lo, hi, gap);

  for (guint k = 0; k < n_sorted; k++)
    cost_curves_end_label (cc, &sorted[k]);
  cost_curves_unlabelled_note (cc);
}

void
_strata_chart_draw_cost_curves (StrataChartCtx *ctx)
{
  const StrataChartRequest *request = ctx->request;
  const StrataDataset *dataset = request->dataset;
  CostCurves cc = { 0, };
  double top;

  cc.ctx = ctx;
  cc.request = request;
  cc.dataset = dataset;
  cc.n = request->n_strategies;
  cc.current = request->current < cc.n ? request->current : 0;
  cc.cur_volume = request->volume > 0 && isfinite (request->volume) ? request->volume
                                                                    : dataset->volume_default;
  cc.log_y = request->log_y;
  cc.unit = _strata_chart_per_unit (dataset->unit, 40);

  top = cost_curves_title (&cc);
  if (cc.n == 0)
    {
      _strata_chart_message (ctx, _("No strategies to compare"));
      cost_curves_clear (&cc);
      return;
    }

  cost_curves_compute (&cc);
  cost_curves_y_range (&cc);
  if (!cost_curves_layout (&cc, top))
    {
      _strata_chart_message (ctx, _("Too small to draw"));
      cost_curves_clear (&cc);
      return;
    }

  cost_curves_axes (&cc);
  /* The Monte Carlo's bands under the curves (when the request has one). */
  _strata_chart_draw_bands (ctx, &cc.xs, &cc.ys, &cc.plot);
  cost_curves_series (&cc);
  cost_curves_marks (&cc);
  cost_curves_end_labels (&cc);

  /* Break-evens: numbered badges, named in the key below the axis. */
  _strata_chart_draw_breakeven_badges (ctx, cc.markers, &cc.xs, &cc.ys, &cc.plot);
  _strata_chart_draw_breakeven_key (ctx, cc.markers, cc.current, ctx->pad,
                                    ctx->height - ctx->pad - cc.key_h, ctx->width - 2 * ctx->pad);
  cost_curves_clear (&cc);
}

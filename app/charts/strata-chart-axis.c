/* strata-chart-axis.c: scales, ticks, the volume axis and number labels
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "strata/strata-format.h"

#include "strata-chart-private.h"

double
_strata_scale_map (const StrataScale *scale,
                   double             value)
{
  double t;

  if (scale->log)
    {
      double l0 = log10 (scale->d0);
      double l1 = log10 (scale->d1);

      if (!(value > 0))
        return scale->r0;   /* below any log axis: its low end */
      t = (l1 != l0) ? (log10 (value) - l0) / (l1 - l0) : 0.5;
    }
  else
    t = (scale->d1 != scale->d0) ? (value - scale->d0) / (scale->d1 - scale->d0) : 0.5;

  if (!isfinite (t))
    t = t > 0 ? 1e4 : -1e4;
  t = CLAMP (t, -1e4, 1e4);
  return scale->r0 + t * (scale->r1 - scale->r0);
}

double
_strata_scale_invert (const StrataScale *scale,
                      double             position)
{
  double t = (scale->r1 != scale->r0) ? (position - scale->r0) / (scale->r1 - scale->r0) : 0.0;

  if (scale->log)
    {
      double l0 = log10 (scale->d0);
      double l1 = log10 (scale->d1);

      return pow (10.0, l0 + t * (l1 - l0));
    }
  return scale->d0 + t * (scale->d1 - scale->d0);
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
nice_step (double span,
           guint  max_ticks)
{
  static const double steps[] = { 1.0, 2.0, 2.5, 5.0, 10.0 };
  double raw;
  double mag;

  if (!(span > 0) || !isfinite (span))
    return 1.0;
  raw = span / MAX (max_ticks, 1u);
  mag = pow (10.0, floor (log10 (raw)));
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (steps[i] * mag >= raw * (1 - 1e-9))
      return steps[i] * mag;
  return 10.0 * mag;
}

GArray *
_strata_ticks_linear (double min,
                      double max,
                      guint  max_ticks)
{
  GArray *ticks = g_array_new (FALSE, FALSE, sizeof (double));
  double step;
  double first;

  if (!isfinite (min) || !isfinite (max) || !(max > min))
    {
      if (isfinite (min))
        g_array_append_val (ticks, min);
      return ticks;
    }
  step = nice_step (max - min, max_ticks);
  first = ceil (min / step - 1e-9) * step;
  for (guint i = 0; i < 1000; i++)
    {
      double v = first + i * step;

      if (v > max + step * 1e-9)
        break;
      if (fabs (v) < step * 1e-9)
        v = 0.0;
      g_array_append_val (ticks, v);
    }
  return ticks;
}

void
_strata_nice_range (double *min,
                    double *max,
                    guint   max_ticks)
{
  double step;

  if (!isfinite (*min) || !isfinite (*max))
    return;
  if (!(*max > *min))
    {
      double d = fabs (*min) > 0 ? fabs (*min) * 0.1 : 1.0;

      *min -= d;
      *max += d;
    }
  step = nice_step (*max - *min, max_ticks);
  *min = floor (*min / step + 1e-9) * step;
  *max = ceil (*max / step - 1e-9) * step;
}

GArray *
_strata_ticks_log (double min,
                   double max,
                   guint  max_ticks)
{
  GArray *ticks = g_array_new (FALSE, FALSE, sizeof (double));
  int e0, e1;
  guint decades;
  int every = 1;

  if (!(min > 0) || !(max > min) || !isfinite (max))
    {
      if (min > 0 && isfinite (min))
        g_array_append_val (ticks, min);
      return ticks;
    }

  e0 = (int) floor (log10 (min) + 1e-9);
  e1 = (int) ceil (log10 (max) - 1e-9);
  decades = (guint) MAX (e1 - e0, 0);
  max_ticks = MAX (max_ticks, 2u);

  /* Too many decades for the room: every third (1 M, 1 B, 1 T) or more. */
  if (decades + 1 > max_ticks)
    {
      every = 3;
      while ((decades / every) + 1 > max_ticks)
        every += 3;
    }

  for (int e = e0; e <= e1; e++)
    {
      double v = pow (10.0, e);

      if (every > 1 && ((e % every) + every) % every != 0)
        continue;
      if (v >= min * (1 - 1e-9) && v <= max * (1 + 1e-9))
        g_array_append_val (ticks, v);
    }

  /* A short range: add 2 and 5 times the decades, then plain steps. */
  if (ticks->len < 3 && every == 1)
    {
      for (int e = e0 - 1; e <= e1; e++)
        for (int m = 2; m <= 5; m += 3)
          {
            double v = m * pow (10.0, e);

            if (v >= min * (1 - 1e-9) && v <= max * (1 + 1e-9))
              g_array_append_val (ticks, v);
          }
      g_array_sort (ticks, compare_double);
    }
  if (ticks->len < 2)
    {
      g_array_unref (ticks);
      return _strata_ticks_linear (min, max, MIN (max_ticks, 6u));
    }
  return ticks;
}

/* -- labels ------------------------------------------------------------------ */

/* A chart writes a negative amount with a minus sign ("−$100 B"), as
 * every other figure it draws; the formatter's hyphen is for the CLI's
 * tables and files. */
static char *
with_minus_sign (char *text)
{
  char *out;

  if (text == NULL || text[0] != '-')
    return text;
  out = g_strconcat ("\xE2\x88\x92", text + 1, NULL);
  g_free (text);
  return out;
}

char *
_strata_chart_money (double               amount,
                     const StrataDataset *dataset)
{
  char *text = NULL;

  if (!isfinite (amount))
    return g_strdup ("\xE2\x80\x94");
  text = strata_format_money (amount, dataset->currency);
  if (text == NULL)
    text = g_strdup_printf ("%.3g %s", amount, dataset->currency);
  return with_minus_sign (text);
}

/* A tick label: cents only where the axis steps need them ("$10,000",
 * not "$10,000.00"; "$2.50" beside "$2.00"). */
char *
_strata_chart_money_tick (double               amount,
                          double               step,
                          const StrataDataset *dataset)
{
  char *text = _strata_chart_money (amount, dataset);
  char *dot;

  if (!(step >= 1) || fabs (step - round (step)) > 1e-9 * step || !isfinite (amount) || fabs (amount - round (amount)) > 1e-9 * MAX (1.0, fabs (amount)))
    return text;
  /* strata_format_money writes two decimals for whole amounts. */
  dot = strstr (text, ".00");
  if (dot != NULL && !g_ascii_isdigit (dot[3]))
    memmove (dot, dot + 3, strlen (dot + 3) + 1);
  return text;
}

char *
_strata_chart_money_si (double               amount,
                        const StrataDataset *dataset)
{
  char *text = NULL;

  if (!isfinite (amount))
    return g_strdup ("\xE2\x80\x94");
  text = strata_format_money_si (amount, dataset->currency);
  if (text == NULL)
    text = g_strdup_printf ("%.3g %s", amount, dataset->currency);
  return with_minus_sign (text);
}

char *
_strata_chart_volume (double volume)
{
  char *text = NULL;

  if (!isfinite (volume))
    return g_strdup ("\xE2\x80\x94");
  text = strata_format_volume (volume);
  if (text == NULL)
    text = g_strdup_printf ("%.3g", volume);
  return text;
}

char *
_strata_chart_volume_phrase (double               volume,
                             const StrataDataset *dataset)
{
  g_autofree char *vol = _strata_chart_volume (volume);
  g_autofree char *plural = strata_format_unit_plural (dataset->unit);
  g_autofree char *unit = _strata_chart_cut (plural, 40);

  /* "10 B × 1M tokens per year", but "2 M devices per year". */
  /* Translators: a volume ("10 B"), "× " when the unit starts with a
   * digit, and the unit ("1M tokens"): "10 B × 1M tokens per year" */
  return g_strdup_printf (_("%s %s%s per year"), vol,
                          g_ascii_isdigit (unit[0]) ? "\xC3\x97 " : "", unit);
}

char *
_strata_chart_volume_title (const StrataDataset *dataset)
{
  g_autofree char *plural = strata_format_unit_plural (dataset->unit);
  g_autofree char *unit = _strata_chart_cut (plural, 40);

  /* Translators: the x axis title; %s is the dataset's unit */
  return g_strdup_printf (_("Volume (%s per year, log scale)"), unit);
}

/* @multiples (0-terminated) times each decade between the major ticks,
 * when the decades are wide enough for them (none when the major ticks
 * skip decades); one at an end of the range too ("5 M" closing an axis
 * from 1 k to 5 M, which read "2 M" last). */
static GArray *
log_minor_ticks (const StrataScale     *scale,
                 const StrataChartRect *plot,
                 GArray                *major,
                 double                 font_px,
                 const int             *multiples)
{
  GArray *minor = g_array_new (FALSE, FALSE, sizeof (double));
  double decade_px;
  int e0, e1;

  if (!scale->log || !(scale->d0 > 0) || !(scale->d1 > scale->d0) || major->len < 2)
    return minor;
  /* Only when the major ticks are consecutive decades. */
  if (fabs (g_array_index (major, double, 1) / g_array_index (major, double, 0) - 10) > 1e-6)
    return minor;
  decade_px = plot->width / log10 (scale->d1 / scale->d0);
  if (decade_px < font_px * 2.5)
    return minor;
  e0 = (int) floor (log10 (scale->d0)) - 1;
  e1 = (int) ceil (log10 (scale->d1));
  for (int e = e0; e <= e1; e++)
    for (const int *m = multiples; *m != 0; m++)
      {
        double v = *m * pow (10.0, e);
        gboolean is_major = FALSE;

        for (guint i = 0; i < major->len && !is_major; i++)
          is_major = fabs (g_array_index (major, double, i) / v - 1) < 1e-9;
        if (!is_major && v >= scale->d0 * (1 - 1e-9) && v <= scale->d1 * (1 + 1e-9))
          g_array_append_val (minor, v);
      }
  return minor;
}

/* Where the label of tick @v goes: centred under it, kept inside the
 * chart. */
static StrataChartRect
tick_label_box (StrataChartCtx        *ctx,
                const StrataScale     *scale,
                double                 v,
                double                 y,
                double                 size)
{
  g_autofree char *label = _strata_chart_volume (v);
  double x = _strata_scale_map (scale, v);
  StrataChartRect box;

  _strata_chart_text (ctx, label, &(StrataTextStyle) { .size = size, .flags = STRATA_TEXT_FLAG_MEASURE },
                      x, y, 0.5, 0, &box);
  box.x = _strata_chart_clamp (x, box.width / 2 + 1, ctx->width - box.width / 2 - 1) - box.width / 2;
  return box;
}

/* Whether every label of @minor fits, half a font's width clear of the
 * decades' labels, of each other and of text already placed. */
static gboolean
minor_labels_fit (StrataChartCtx    *ctx,
                  const StrataScale *scale,
                  GArray            *major_boxes,
                  GArray            *minor,
                  double             y,
                  double             size)
{
  g_autoptr(GArray) boxes = g_array_new (FALSE, FALSE, sizeof (StrataChartRect));

  for (guint i = 0; i < minor->len; i++)
    {
      StrataChartRect box = tick_label_box (ctx, scale, g_array_index (minor, double, i), y, size);

      box.x -= ctx->font_px * 0.5;
      box.width += ctx->font_px;
      if (box.x < 0 || box.x + box.width > ctx->width || !_strata_chart_box_free (ctx, &box))
        return FALSE;
      for (guint j = 0; j < major_boxes->len; j++)
        if (_strata_chart_rects_overlap (&g_array_index (major_boxes, StrataChartRect, j), &box))
          return FALSE;
      for (guint j = 0; j < boxes->len; j++)
        if (_strata_chart_rects_overlap (&g_array_index (boxes, StrataChartRect, j), &box))
          return FALSE;
      box.x += ctx->font_px * 0.5;
      box.width -= ctx->font_px;
      g_array_append_val (boxes, box);
    }
  return TRUE;
}

/* The ticks between the decades, and whether they are labelled: 2 and 5
 * times each decade where all their labels fit, else 3 times (near the
 * middle of a decade on a log scale) where those fit, else the 2s and 5s
 * unlabelled.  A label dropped where it collided and kept where it did
 * not made an uneven axis ("10 M, 20 M, 100 M", no 50 M). */
static GArray *
log_minor_choice (StrataChartCtx        *ctx,
                  const StrataScale     *scale,
                  const StrataChartRect *plot,
                  GArray                *major,
                  double                 y,
                  gboolean              *labelled)
{
  static const int twos_and_fives[] = { 2, 5, 0 };
  static const int threes[] = { 3, 0 };
  const double major_size = _strata_chart_style (ctx, 0.9, STRATA_TEXT_AXIS, ctx->theme->muted, 0).size;
  const double minor_size = _strata_chart_style (ctx, 0.8, STRATA_TEXT_AXIS, ctx->theme->muted, 0).size;
  g_autoptr(GArray) major_boxes = g_array_new (FALSE, FALSE, sizeof (StrataChartRect));
  GArray *minor;

  for (guint i = 0; i < major->len; i++)
    {
      double v = g_array_index (major, double, i);
      double x = _strata_scale_map (scale, v);
      StrataChartRect box;

      if (x < plot->x - 0.5 || x > plot->x + plot->width + 0.5)
        continue;
      box = tick_label_box (ctx, scale, v, y, major_size);
      g_array_append_val (major_boxes, box);
    }

  *labelled = TRUE;
  minor = log_minor_ticks (scale, plot, major, ctx->font_px, twos_and_fives);
  if (minor_labels_fit (ctx, scale, major_boxes, minor, y, minor_size))
    return minor;
  g_array_unref (minor);
  minor = log_minor_ticks (scale, plot, major, ctx->font_px, threes);
  if (minor->len > 0 && minor_labels_fit (ctx, scale, major_boxes, minor, y, minor_size))
    return minor;
  g_array_unref (minor);
  *labelled = FALSE;
  return log_minor_ticks (scale, plot, major, ctx->font_px, twos_and_fives);
}

/* -- the volume axis ----------------------------------------------------------- */

double
_strata_chart_volume_axis_height (StrataChartCtx *ctx)
{
  /* tick, tick label, gap, title */
  return ctx->font_px * (0.6 + 1.2 + 0.35 + 1.25);
}

/* The ends of the range where no tick is ("33 M" ... "42 B" under a
 * range from 33 M to 42 B, whose ticks run 50 M ... 20 B): a reader sees
 * where the axis starts and stops.  Each with a short tick, both left out
 * where a tick's label already takes the place. */
static void
volume_axis_ends (StrataChartCtx        *ctx,
                  const StrataScale     *scale,
                  const StrataChartRect *plot,
                  GArray                *ticks)
{
  StrataTextStyle style = _strata_chart_style (ctx, 0.8, STRATA_TEXT_AXIS, ctx->theme->muted,
                                               STRATA_TEXT_FLAG_TRY);
  double bottom = plot->y + plot->height;
  double ends[2] = { MIN (scale->d0, scale->d1), MAX (scale->d0, scale->d1) };

  for (guint e = 0; e < G_N_ELEMENTS (ends); e++)
    {
      g_autofree char *label = NULL;
      gboolean on_tick = FALSE;
      StrataChartRect box;
      double x;

      if (!(ends[e] > 0) || !isfinite (ends[e]))
        continue;
      for (guint i = 0; i < ticks->len; i++)
        on_tick |= fabs (g_array_index (ticks, double, i) / ends[e] - 1) < 1e-9;
      if (on_tick)
        continue;
      x = _strata_scale_map (scale, ends[e]);
      if (x < plot->x - 0.5 || x > plot->x + plot->width + 0.5)
        continue;
      label = _strata_chart_volume (ends[e]);
      /* Under the plot's end, inside the chart, and a space clear of a
       * tick's label ("200 M300 M" read as one). */
      _strata_chart_text (ctx, label, &(StrataTextStyle) { .size = style.size, .flags = STRATA_TEXT_FLAG_MEASURE },
                          x, 0, 0.5, 0, &box);
      box.x = _strata_chart_clamp (x, box.width / 2 + 1, ctx->width - box.width / 2 - 1) - box.width / 2;
      box.y = bottom + ctx->font_px * 0.6;
      if (!_strata_chart_box_free (ctx, &(StrataChartRect) { box.x - ctx->font_px * 0.6, box.y,
                                                             box.width + ctx->font_px * 1.2, box.height }))
        continue;
      if (!_strata_chart_text (ctx, label, &style, box.x + box.width / 2, box.y, 0.5, 0, NULL))
        continue;
      cairo_save (ctx->cr);
      cairo_set_line_width (ctx->cr, 1.0);
      _strata_chart_set_color (ctx->cr, ctx->theme->axis);
      x = round (x) + (e == 0 ? 0.5 : -0.5);
      _strata_chart_line (ctx->cr, x, bottom, x, bottom + ctx->font_px * 0.35 * 0.6);
      cairo_stroke (ctx->cr);
      cairo_restore (ctx->cr);
    }
}

void
_strata_chart_volume_axis (StrataChartCtx        *ctx,
                           const StrataScale     *scale,
                           const StrataChartRect *plot,
                           const char            *title,
                           gboolean               grid)
{
  const StrataChartTheme *theme = ctx->theme;
  g_autoptr(GArray) ticks = NULL;
  StrataTextStyle style;
  double bottom = plot->y + plot->height;
  double tick_len = ctx->font_px * 0.35;
  g_autoptr(GArray) minor = NULL;
  gboolean minor_labelled;
  guint max_ticks;

  max_ticks = (guint) _strata_chart_clamp (plot->width / (ctx->font_px * 4.0), 2, 14);
  ticks = _strata_ticks_log (scale->d0, scale->d1, max_ticks);
  minor = log_minor_choice (ctx, scale, plot, ticks, bottom + ctx->font_px * 0.6, &minor_labelled);

  /* The grid lines, then the ticks, then the faint grid lines of the 2s
   * and 5s, then their ticks; in a PDF or SVG each kind is one path,
   * stroked once (four strokes instead of one per line).  No two lines of
   * one kind share a pixel column and a line's tick is still drawn after
   * its grid line, so every pixel gets what it got line by line.  On an
   * image each line is stroked alone: cairo's rasteriser walks a stroke's
   * whole extents, so one path across the plot costs more there. */
  cairo_save (ctx->cr);
  cairo_set_line_width (ctx->cr, 1.0);
  for (int pass = 0; pass < 4; pass++)
    {
      GArray *values = pass < 2 ? ticks : minor;
      gboolean is_grid = pass % 2 == 0;
      gboolean any = FALSE;

      if (is_grid && !grid)
        continue;
      if (is_grid)
        {
          StrataRgba color = theme->grid;

          if (pass == 2)
            color.a = 0.5;
          _strata_chart_set_color (ctx->cr, color);
        }
      else
        _strata_chart_set_color (ctx->cr, theme->axis);
      for (guint i = 0; i < values->len; i++)
        {
          double x = round (_strata_scale_map (scale, g_array_index (values, double, i))) + 0.5;

          if (pass < 2 && (x < plot->x - 0.5 || x > plot->x + plot->width + 0.5))
            continue;
          if (is_grid)
            _strata_chart_line (ctx->cr, x, plot->y, x, bottom);
          else
            _strata_chart_line (ctx->cr, x, bottom, x, bottom + tick_len * (pass < 2 ? 1.0 : 0.6));
          any = TRUE;
          if (ctx->raster)
            cairo_stroke (ctx->cr);
        }
      if (any && !ctx->raster)
        cairo_stroke (ctx->cr);
    }
  cairo_restore (ctx->cr);

  style = _strata_chart_style (ctx, 0.9, STRATA_TEXT_AXIS, theme->muted, STRATA_TEXT_FLAG_TRY);
  for (guint i = 0; i < ticks->len; i++)
    {
      double v = g_array_index (ticks, double, i);
      double x = _strata_scale_map (scale, v);
      g_autofree char *label = NULL;
      StrataChartRect box;

      if (x < plot->x - 0.5 || x > plot->x + plot->width + 0.5)
        continue;
      label = _strata_chart_volume (v);
      /* Keep the end labels inside the chart. */
      _strata_chart_text (ctx, label,
                          &(StrataTextStyle) { .size = style.size, .flags = STRATA_TEXT_FLAG_MEASURE },
                          x, 0, 0.5, 0, &box);
      x = _strata_chart_clamp (x, box.width / 2 + 1, ctx->width - box.width / 2 - 1);
      _strata_chart_text (ctx, label, &style, x, bottom + ctx->font_px * 0.6, 0.5, 0, NULL);
    }

  /* The 2s and 5s (or the 3s), smaller, when all of them fit. */
  style = _strata_chart_style (ctx, 0.8, STRATA_TEXT_AXIS, theme->muted, STRATA_TEXT_FLAG_TRY);
  for (guint i = 0; minor_labelled && i < minor->len; i++)
    {
      double v = g_array_index (minor, double, i);
      g_autofree char *label = _strata_chart_volume (v);

      _strata_chart_text (ctx, label, &style, _strata_scale_map (scale, v),
                          bottom + ctx->font_px * 0.6, 0.5, 0, NULL);
    }

  volume_axis_ends (ctx, scale, plot, ticks);

  if (title != NULL)
    {
      style = _strata_chart_style (ctx, 0.9, STRATA_TEXT_AXIS, theme->muted, STRATA_TEXT_FLAG_TRY);
      style.max_width = plot->width;
      _strata_chart_text (ctx, title, &style, plot->x + plot->width / 2,
                          bottom + ctx->font_px * 2.0, 0.5, 0, NULL);
    }
}

char *
_strata_chart_current_volume_label (StrataChartCtx  *ctx,
                                    double           volume,
                                    StrataTextStyle *style)
{
  g_autofree char *vol = _strata_chart_volume (volume);

  *style = _strata_chart_style (ctx, 0.9, STRATA_TEXT_LABEL, ctx->theme->muted, STRATA_TEXT_FLAG_TRY);
  /* Translators: a volume, at the line that marks it on the chart */
  return g_strdup_printf (_("current volume %s"), vol);
}

void
_strata_chart_current_volume (StrataChartCtx        *ctx,
                              const StrataScale     *scale,
                              const StrataChartRect *plot,
                              double                 volume)
{
  static const double dash[] = { 7.0, 5.0 };
  g_autofree char *label = NULL;
  StrataTextStyle style;
  double dashes[2];
  double x;

  if (!(volume > 0) || volume < scale->d0 * (1 - 1e-9) || volume > scale->d1 * (1 + 1e-9))
    return;
  x = _strata_scale_map (scale, volume);

  cairo_save (ctx->cr);
  dashes[0] = dash[0] * ctx->line_px / 2;
  dashes[1] = dash[1] * ctx->line_px / 2;
  cairo_set_dash (ctx->cr, dashes, 2, 0);
  cairo_set_line_width (ctx->cr, MAX (1.0, ctx->line_px * 0.75));
  _strata_chart_set_color (ctx->cr, ctx->theme->muted);
  _strata_chart_line (ctx->cr, x, plot->y, x, plot->y + plot->height);
  cairo_stroke (ctx->cr);
  cairo_restore (ctx->cr);

  label = _strata_chart_current_volume_label (ctx, volume, &style);
  /* Above the plot, right of the line; left of it near the right edge. */
  if (!_strata_chart_text (ctx, label, &style, x + ctx->font_px * 0.3, plot->y - ctx->font_px * 0.15, 0, 1, NULL))
    _strata_chart_text (ctx, label, &style, x - ctx->font_px * 0.3, plot->y - ctx->font_px * 0.15, 1, 1, NULL);
}

/* strata-chart-chances.c: the Monte Carlo's odds (MODEL.md section 6)
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Both draw a Monte Carlo the caller ran (request->monte_carlo); neither
 * runs one.  The cost curves' bands: P10-P90 of each strategy's cost as a
 * translucent band with the P50 as a dotted line.  The Chances chart: the
 * odds that the current strategy (the run's A) is cheaper than each other
 * against volume, with the 50 % line and where the odds turn; the
 * distribution of the first break-even volume of A against B as a
 * histogram with P10, P50 and P90 and the share of draws with none in
 * range; per layer, the odds that the optimum integrates it.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include <math.h>
#include <string.h>

#include "strata/strata-format.h"

#include "strata-chart-private.h"

#define HISTOGRAM_BINS 24

int
_strata_chart_mc_row (const StrataMonteCarlo *mc,
                      const char             *id)
{
  if (mc == NULL || mc->strategy_ids == NULL || id == NULL)
    return -1;
  for (guint s = 0; s < mc->n_strategies && mc->strategy_ids[s] != NULL; s++)
    if (g_str_equal (mc->strategy_ids[s], id))
      return (int) s;
  return -1;
}

void
_strata_chart_draw_bands (StrataChartCtx        *ctx,
                          const StrataScale     *xs,
                          const StrataScale     *ys,
                          const StrataChartRect *plot)
{
  const StrataChartRequest *request = ctx->request;
  const StrataMonteCarlo *mc = request->monte_carlo;
  double lo = plot->y - plot->height, hi = plot->y + 2 * plot->height;
  g_autofree double *xy = NULL;

  /* Bands of another objective's cost would not match the curves. */
  if (mc == NULL || mc->n_points < 2 || mc->objective != request->objective)
    return;
  /* Cut to the plot by geometry (strata-chart-clip.c) as well as clipped:
   * LibreOffice ignores the clip. */
  xy = g_new (double, 4 * (gsize) mc->n_points);
  cairo_save (ctx->cr);
  _strata_chart_rect_path (ctx->cr, plot->x, plot->y, plot->width, plot->height);
  cairo_clip (ctx->cr);
  for (guint i = 0; i < request->n_strategies; i++)
    {
      const StrataStrategy *st = request->strategies[i];
      int row = _strata_chart_mc_row (mc, st->id);
      StrataRgba color = _strata_chart_strategy_color (request, i);
      const double *p10, *p50, *p90;
      double dashes[2] = { ctx->line_px * 0.6, ctx->line_px * 1.6 };
      double line_w = MAX (1.0, ctx->line_px * 0.9);
      StrataChartRect box;
      guint m = 0;

      /* Optimal is a line of its own, never a band. */
      if (row < 0 || strata_strategy_is_optimal (st))
        continue;
      p10 = &mc->p10[(gsize) row * mc->n_points];
      p50 = &mc->p50[(gsize) row * mc->n_points];
      p90 = &mc->p90[(gsize) row * mc->n_points];

      for (guint k = 0; k < mc->n_points; k++)
        if (isfinite (p90[k]) && isfinite (p10[k]))
          {
            xy[2 * m] = _strata_scale_map (xs, mc->volumes[k]);
            xy[2 * m++ + 1] = _strata_chart_clamp (_strata_scale_map (ys, ys->log ? MAX (p90[k], ys->d0 / 10) : p90[k]), lo, hi);
          }
      for (guint k = mc->n_points; k-- > 0;)
        if (isfinite (p90[k]) && isfinite (p10[k]))
          {
            xy[2 * m] = _strata_scale_map (xs, mc->volumes[k]);
            xy[2 * m++ + 1] = _strata_chart_clamp (_strata_scale_map (ys, ys->log ? MAX (p10[k], ys->d0 / 10) : p10[k]), lo, hi);
          }
      color.a = ctx->request->theme == STRATA_THEME_DARK ? 0.24 : 0.16;
      _strata_chart_set_color (ctx->cr, color);
      _strata_chart_clip_box (&box, plot, 0);
      _strata_chart_fill_clipped (ctx->cr, xy, m, &box);

      for (guint k = 0; k < mc->n_points; k++)
        {
          if (!isfinite (p50[k]) || (ys->log && !(p50[k] > 0)))
            {
              xy[2 * k] = xy[2 * k + 1] = NAN;
              continue;
            }
          xy[2 * k] = _strata_scale_map (xs, mc->volumes[k]);
          xy[2 * k + 1] = _strata_chart_clamp (_strata_scale_map (ys, p50[k]), lo, hi);
        }
      color.a = 0.9;
      _strata_chart_set_color (ctx->cr, color);
      cairo_set_line_width (ctx->cr, line_w);
      cairo_set_line_cap (ctx->cr, CAIRO_LINE_CAP_ROUND);
      cairo_set_dash (ctx->cr, dashes, 2, 0);
      _strata_chart_clip_box (&box, plot, line_w);
      _strata_chart_stroke_clipped (ctx->cr, xy, mc->n_points, &box);
      cairo_set_dash (ctx->cr, NULL, 0, 0);
    }
  cairo_restore (ctx->cr);
}

char *
_strata_chart_bands_note (const StrataChartRequest *request)
{
  const StrataMonteCarlo *mc = request->monte_carlo;
  g_autofree char *draws = NULL;

  if (mc == NULL)
    return NULL;
  draws = strata_format_figure (mc->n_draws);
  /* Translators: the number of Monte Carlo draws; P10, P50, P90 are percentiles */
  return g_strdup_printf (_("bands: P10\xE2\x80\x93P90 of %s draws, dotted: P50"), draws);
}

/* -- the Chances chart --------------------------------------------------------- */

static const StrataStrategy *
strategy_by_id (const StrataChartRequest *request,
                const char               *id)
{
  for (guint i = 0; i < request->n_strategies; i++)
    if (g_str_equal (request->strategies[i]->id, id))
      return request->strategies[i];
  return strata_dataset_find_strategy (request->dataset, id);
}

static void
panel_title (StrataChartCtx *ctx,
             const char     *text,
             double          x,
             double          y,
             double          width)
{
  StrataTextStyle style = _strata_chart_style (ctx, 0.95, STRATA_TEXT_LABEL, ctx->theme->foreground,
                                               STRATA_TEXT_FLAG_BOLD);
  double w;

  /* Smaller type before an ellipsis ("Break-even volume, Amazon-style
   * hybrid against All ne…" on a slide), down to 0.75 of the body's. */
  _strata_chart_text_size (ctx, text, &style, &w, NULL);
  if (w > width)
    style.size = MAX (style.size * width / w * 0.98, ctx->font_px * 0.75);
  style.max_width = width;
  _strata_chart_text (ctx, text, &style, x, y, 0, 0, NULL);
}

/* The frame of a plot: grid lines at 0, 50 and 100 % on the left. */
static void
percent_axis (StrataChartCtx        *ctx,
              const StrataChartRect *plot,
              gboolean               grid)
{
  StrataTextStyle style = _strata_chart_style (ctx, 0.85, STRATA_TEXT_AXIS, ctx->theme->muted,
                                               STRATA_TEXT_FLAG_TRY);
  const char *labels[] = { "0 %", "25 %", "50 %", "75 %", "100 %" };

  for (guint k = 0; k < G_N_ELEMENTS (labels); k++)
    {
      double y = plot->y + plot->height * (1 - k / 4.0);

      if (grid)
        {
          cairo_save (ctx->cr);
          cairo_set_line_width (ctx->cr, 1.0);
          _strata_chart_set_color (ctx->cr, k == 2 ? ctx->theme->axis : ctx->theme->grid);
          if (k == 2)
            {
              double dashes[] = { 4, 3 };

              cairo_set_dash (ctx->cr, dashes, 2, 0);
            }
          _strata_chart_line (ctx->cr, plot->x, round (y) + 0.5, plot->x + plot->width, round (y) + 0.5);
          cairo_stroke (ctx->cr);
          cairo_restore (ctx->cr);
        }
      _strata_chart_text (ctx, labels[k], &style, plot->x - ctx->font_px * 0.4, y, 1, 0.5, NULL);
    }
}

/* Where the odds of row @s cross 50 % between volumes @k and @k + 1,
 * interpolated in log V, into *@v; FALSE where they do not. */
static gboolean
turn_between (const StrataMonteCarlo *mc,
              guint                   s,
              guint                   k,
              double                 *v)
{
  const double *p = &mc->probability_cheaper[(gsize) s * mc->n_points];
  double t;

  if ((p[k] < 0.5) == (p[k + 1] < 0.5) || p[k] == p[k + 1])
    return FALSE;
  t = (0.5 - p[k]) / (p[k + 1] - p[k]);
  *v = mc->volumes[k] * pow (mc->volumes[k + 1] / mc->volumes[k], t);
  return TRUE;
}

/* Every row's turns, kept clear of labels before any is placed: a strip
 * through each dot as high as the labels beside it (odds_turns () sets
 * them a gap g off the dot, above or below, left or right; the strip is
 * narrower than 2 g, so a dot's own labels stay clear of it).  A label
 * beside one dot that reached the next ran into that one's label ("odds
 * turn at 223 Modds turn at 1.14 B"), and now takes its other side. */
static void
reserve_turns (StrataChartCtx         *ctx,
               const StrataMonteCarlo *mc,
               const StrataScale      *xs,
               const StrataScale      *ys)
{
  double g = ctx->font_px * 0.45, half = g * 0.9, high = g + ctx->font_px * 1.5;
  double y = _strata_scale_map (ys, 0.5), v;

  if (mc->n_uncertain == 0)
    return;
  for (guint s = 0; s < mc->n_strategies; s++)
    for (guint k = 0; k + 1 < mc->n_points; k++)
      if (!g_str_equal (mc->strategy_ids[s], mc->a_id) && turn_between (mc, s, k, &v))
        {
          double x = _strata_scale_map (xs, v);

          _strata_chart_reserve (ctx, &(StrataChartRect) { x - half, y - high, 2 * half, 2 * high });
        }
}

/* Where the odds of row @s cross 50 %, interpolated in log V. */
static void
odds_turns (StrataChartCtx         *ctx,
            const StrataMonteCarlo *mc,
            guint                   s,
            const StrataScale      *xs,
            const StrataScale      *ys,
            const StrataChartRect  *key,
            StrataRgba              color)
{
  const double *p = &mc->probability_cheaper[(gsize) s * mc->n_points];
  double r = ctx->line_px * 2.2;

  /* Without uncertain numbers every chance is 0 or 1: no odds turn, and a
   * volume between two of the run's would not be the break-even (the
   * cost curves give it; the subtitle says so). */
  if (mc->n_uncertain == 0)
    return;
  for (guint k = 0; k + 1 < mc->n_points; k++)
    {
      double v, x, y;
      g_autofree char *text = NULL, *vol = NULL;
      StrataTextStyle style;

      if (!turn_between (mc, s, k, &v))
        continue;
      x = _strata_scale_map (xs, v);
      y = _strata_scale_map (ys, 0.5);
      /* Under the key (a short panel): the key wins; the turn is in the
       * chart's data. */
      if (x + r > key->x && x - r < key->x + key->width && y + r > key->y && y - r < key->y + key->height)
        continue;
      _strata_chart_circle (ctx->cr, x, y, r);
      _strata_chart_set_color (ctx->cr, color);
      cairo_fill_preserve (ctx->cr);
      cairo_set_line_width (ctx->cr, MAX (1.0, ctx->line_px * 0.6));
      _strata_chart_set_color (ctx->cr, ctx->theme->background);
      cairo_stroke (ctx->cr);
      vol = strata_format_volume (v);
      /* Translators: a volume, where the odds cross 50 % */
      text = g_strdup_printf (_("odds turn at %s"), vol);
      style = _strata_chart_style (ctx, 0.8, STRATA_TEXT_VALUE, _strata_chart_mix (color, ctx->theme->foreground, 0.3),
                                   STRATA_TEXT_FLAG_TRY | STRATA_TEXT_FLAG_HALO);
      style.key = "chances:turn";
      style.value = v;
      /* In the two quarters around the dot its own curve leaves free:
       * above right and below left of a falling curve, below right and
       * above left of a rising one (the curve never runs through its
       * label); the first that overlaps no other label nor another turn
       * (reserve_turns ()), then each a line further out, past the
       * other turns' strips. */
      {
        double g = ctx->font_px * 0.45, row = g + ctx->font_px * 1.6;
        gboolean falling = p[k + 1] < p[k];
        double dy = falling ? -g : g, ay = falling ? 1 : 0, out = falling ? -row : row;

        if (!_strata_chart_text (ctx, text, &style, x + g, y + dy, 0, ay, NULL) &&
            !_strata_chart_text (ctx, text, &style, x - g, y - dy, 1, 1 - ay, NULL) &&
            !_strata_chart_text (ctx, text, &style, x + g, y + out, 0, ay, NULL))
          _strata_chart_text (ctx, text, &style, x - g, y - out, 1, 1 - ay, NULL);
      }
    }
}

/* The key's line for the strategy: its style and text. */
static StrataTextStyle
key_style (StrataChartCtx        *ctx,
           const StrataStrategy  *st,
           const StrataChartRect *plot)
{
  const StrataChartRequest *request = ctx->request;
  StrataTextStyle style = _strata_chart_style (ctx, 0.85, STRATA_TEXT_LEGEND,
                                               _strata_chart_mix (_strata_chart_strategy_color_of (request->dataset, st,
                                                                                                    request->theme),
                                                                  ctx->theme->foreground, 0.2),
                                               STRATA_TEXT_FLAG_BOLD | STRATA_TEXT_FLAG_HALO);

  style.max_width = plot->width * 0.45;
  return style;
}

/* Where the key goes: of the plot's six places (its corners and the
 * middles of its sides), the one the fewest stretches of the curves pass
 * under, the top right first among equals.  Into @x, @y (its top) and
 * @ax (1: @x is its right edge, 0: its left). */
static void
key_place (StrataChartCtx        *ctx,
           const StrataChartRect *plot,
           const StrataScale     *xs,
           const StrataScale     *ys,
           double                *x,
           double                *y,
           double                *ax)
{
  const StrataChartRequest *request = ctx->request;
  const StrataMonteCarlo *mc = request->monte_carlo;
  double kw = 0, kh = 0, pad = ctx->font_px * 0.3, best_score = G_MAXDOUBLE;

  for (guint s = 0; s < mc->n_strategies; s++)
    {
      const StrataStrategy *st = strategy_by_id (request, mc->strategy_ids[s]);
      g_autofree char *text = NULL;
      StrataTextStyle style;
      double w, h;

      if (st == NULL || g_str_equal (mc->strategy_ids[s], mc->a_id))
        continue;
      style = key_style (ctx, st, plot);
      text = g_strdup_printf ("\xE2\x80\x94 %s", st->name);
      _strata_chart_text_size (ctx, text, &style, &w, &h);
      kw = MAX (kw, w);
      kh += h + ctx->font_px * 0.1;
    }

  *x = plot->x + plot->width - pad;
  *y = plot->y + ctx->font_px * 0.2;
  *ax = 1;
  for (guint c = 0; c < 6; c++)
    {
      gboolean right = c < 3;
      double top = c % 3 == 0 ? plot->y + ctx->font_px * 0.2
                   : c % 3 == 1 ? plot->y + (plot->height - kh) / 2
                                : plot->y + plot->height - kh - ctx->font_px * 0.2;
      double left = right ? plot->x + plot->width - pad - kw : plot->x + pad;
      double score = 0;

      /* Points along every curve, 16 a step of the run, under the key
       * (a little beyond its edges). */
      for (guint s = 0; s < mc->n_strategies && mc->n_points > 1; s++)
        {
          if (strategy_by_id (request, mc->strategy_ids[s]) == NULL || g_str_equal (mc->strategy_ids[s], mc->a_id))
            continue;
          for (guint k = 0; k + 1 < mc->n_points; k++)
            {
              const double *p = mc->probability_cheaper + (gsize) s * mc->n_points;
              double x0 = _strata_scale_map (xs, mc->volumes[k]), x1 = _strata_scale_map (xs, mc->volumes[k + 1]);
              double y0 = _strata_scale_map (ys, p[k]), y1 = _strata_scale_map (ys, p[k + 1]);

              for (guint q = 0; q < 16; q++)
                {
                  double px = x0 + (x1 - x0) * q / 16, py = y0 + (y1 - y0) * q / 16;

                  score += px >= left - pad && px <= left + kw + pad && py >= top - pad && py <= top + kh + pad;
                }
            }
        }
      if (score < best_score)
        {
          best_score = score;
          *x = right ? plot->x + plot->width - pad : plot->x + pad;
          *y = top;
          *ax = right ? 1 : 0;
        }
    }
}

static void
draw_odds (StrataChartCtx        *ctx,
           const StrataChartRect *area)
{
  const StrataChartRequest *request = ctx->request;
  const StrataMonteCarlo *mc = request->monte_carlo;
  const StrataStrategy *a = strategy_by_id (request, mc->a_id);
  /* Translators: a strategy's name; the others are named by the
   * legend beside their curves.  Whole, not "cheaper than …", which read
   * as a title cut short. */
  g_autofree char *title = g_strdup_printf (_("Chance %s is cheaper than each other strategy"),
                                            a != NULL ? a->name : mc->a_id);
  double left = area->x + ctx->font_px * 3.2;
  double top = area->y + ctx->font_px * 1.8;
  double bottom = area->y + area->height - _strata_chart_volume_axis_height (ctx);
  StrataChartRect plot = { left, top, MAX (area->x + area->width - left - ctx->font_px * 0.5, 1),
                           MAX (bottom - top, 1) };
  StrataScale xs = { mc->volumes[0], mc->volumes[mc->n_points - 1], plot.x, plot.x + plot.width, TRUE };
  StrataScale ys = { 0, 1, plot.y + plot.height, plot.y, FALSE };
  g_autofree char *x_title = _strata_chart_volume_title (request->dataset);
  double key_x, key_y, key_ax;
  StrataChartRect key = { 0, 0, 0, 0 };

  panel_title (ctx, title, area->x, area->y, area->width);
  percent_axis (ctx, &plot, TRUE);
  _strata_chart_volume_axis (ctx, &xs, &plot, x_title, TRUE);
  for (guint s = 0; s < mc->n_strategies; s++)
    {
      const StrataStrategy *st = strategy_by_id (request, mc->strategy_ids[s]);
      StrataRgba color;

      if (st == NULL || g_str_equal (mc->strategy_ids[s], mc->a_id))
        continue;
      color = _strata_chart_strategy_color_of (request->dataset, st, request->theme);
      if (mc->volumes[0] == mc->volumes[mc->n_points - 1])
        {
          /* One volume (the dataset's range is a point): a dot each. */
          _strata_chart_circle (ctx->cr, _strata_scale_map (&xs, mc->volumes[0]),
                                _strata_scale_map (&ys, mc->probability_cheaper[(gsize) s * mc->n_points]),
                                ctx->line_px * 3);
          _strata_chart_set_color (ctx->cr, color);
          cairo_fill (ctx->cr);
          continue;
        }
      cairo_new_path (ctx->cr);
      for (guint k = 0; k < mc->n_points; k++)
        cairo_line_to (ctx->cr, _strata_scale_map (&xs, mc->volumes[k]),
                       _strata_scale_map (&ys, mc->probability_cheaper[(gsize) s * mc->n_points + k]));
      cairo_set_line_width (ctx->cr, ctx->line_px * 1.6);
      cairo_set_line_join (ctx->cr, CAIRO_LINE_JOIN_ROUND);
      _strata_chart_set_color (ctx->cr, color);
      cairo_stroke (ctx->cr);
    }
  /* The key, then the turns, over every line: no curve drawn later runs
   * through a label, and a turn's label gives way to the key's lines
   * (it tries its two places; the key is always drawn).  The key goes to
   * the corner or side of the plot where the fewest curves pass under it
   * (the top right when several are as good). */
  key_place (ctx, &plot, &xs, &ys, &key_x, &key_y, &key_ax);
  for (guint s = 0; s < mc->n_strategies; s++)
    {
      const StrataStrategy *st = strategy_by_id (request, mc->strategy_ids[s]);
      g_autofree char *text = NULL;
      StrataTextStyle style;
      StrataChartRect box;

      if (st == NULL || g_str_equal (mc->strategy_ids[s], mc->a_id))
        continue;
      /* The key, one line per strategy. */
      style = key_style (ctx, st, &plot);
      text = g_strdup_printf ("\xE2\x80\x94 %s", st->name);
      if (_strata_chart_text (ctx, text, &style, key_x, key_y, key_ax, 0, &box))
        {
          key_y += box.height + ctx->font_px * 0.1;
          if (key.width > 0)
            {
              double x1 = MAX (key.x + key.width, box.x + box.width);
              double y1 = MAX (key.y + key.height, box.y + box.height);

              key.x = MIN (key.x, box.x);
              key.y = MIN (key.y, box.y);
              key.width = x1 - key.x;
              key.height = y1 - key.y;
            }
          else
            key = box;
        }
    }
  reserve_turns (ctx, mc, &xs, &ys);
  for (guint s = 0; s < mc->n_strategies; s++)
    {
      const StrataStrategy *st = strategy_by_id (request, mc->strategy_ids[s]);

      if (st == NULL || g_str_equal (mc->strategy_ids[s], mc->a_id))
        continue;
      odds_turns (ctx, mc, s, &xs, &ys, &key, _strata_chart_strategy_color_of (request->dataset, st, request->theme));
    }
}

/* The percentiles of the break-even volume: each a line and a label
 * ("P50 71.6 M") in a row of its own at the line's top, P10 left of its
 * line, P50 and P90 right of theirs, a label that would leave the plot
 * on the other side.  A label on the other side can reach across a
 * neighbour's line (P90 near the plot's right edge, left of its line,
 * across P50's): the rows are ordered so that such a label sits above
 * the top of the line it crosses, each line starting at its own label's
 * row, and no line runs through a label unless two labels cross each
 * other's lines.  Percentiles that read the same share one label
 * ("P10 = P50 = P90 2.03 M"), on the last of them. */
typedef struct
{
  double      volume;
  const char *name;
  const char *key;
  char       *text;     /* NULL: said by the next mark's label */
  double      x, w;
  gboolean    left;
  guint       row;
} BreakevenMark;

/* Whether @m's label reaches across @other's line. */
static gboolean
mark_crosses (const BreakevenMark *m,
              const BreakevenMark *other,
              double               gap)
{
  double x0 = m->left ? m->x - gap - m->w : m->x + gap;

  return other->x >= x0 - gap && other->x <= x0 + m->w + gap;
}

static void
breakeven_marks_place (StrataChartCtx        *ctx,
                       const StrataScale     *xs,
                       const StrataChartRect *plot,
                       BreakevenMark         *marks,
                       guint                  n)
{
  static const guint orders[][3] = { { 0, 1, 2 }, { 0, 2, 1 }, { 1, 0, 2 }, { 1, 2, 0 }, { 2, 0, 1 }, { 2, 1, 0 } };
  double gap = ctx->font_px * 0.3;

  g_autoptr(GString) names = g_string_new (NULL);

  for (guint m = 0; m < n; m++)
    {
      StrataTextStyle style = _strata_chart_style (ctx, 0.8, STRATA_TEXT_VALUE, ctx->theme->foreground,
                                                   STRATA_TEXT_FLAG_HALO);
      g_autofree char *vol = strata_format_volume (marks[m].volume);
      g_autofree char *next = m + 1 < n ? strata_format_volume (marks[m + 1].volume) : NULL;

      marks[m].x = _strata_scale_map (xs, marks[m].volume);
      g_string_append (names, marks[m].name);
      if (next != NULL && g_str_equal (vol, next))
        {
          g_string_append (names, " = ");
          marks[m].w = 0;
          marks[m].row = m;
          continue;
        }
      marks[m].text = g_strdup_printf ("%s %s", names->str, vol);
      g_string_truncate (names, 0);
      _strata_chart_text_size (ctx, marks[m].text, &style, &marks[m].w, NULL);
      marks[m].left = m == 0;
      if (marks[m].left && marks[m].x - gap - marks[m].w < plot->x)
        marks[m].left = FALSE;
      else if (!marks[m].left && marks[m].x + gap + marks[m].w > plot->x + plot->width)
        marks[m].left = TRUE;
      marks[m].row = m;
    }
  /* The order of rows (the first of the least cost, P10, P50, P90 from
   * the top first) in which the fewest labels cross a line below its
   * top, P50's solid line counting twice: where two labels cross each
   * other's lines, one does, its halo over the line. */
  {
    guint best = 0, best_cost = G_MAXUINT;

    for (guint o = 0; o < G_N_ELEMENTS (orders); o++)
      {
        guint cost = 0;

        for (guint m = 0; m < n; m++)
          for (guint k = 0; k < n; k++)
            if (k != m && marks[m].text != NULL && isfinite (marks[k].x) &&
                mark_crosses (&marks[m], &marks[k], gap) &&
                orders[o][m] >= orders[o][k])
              cost += k == 1 ? 2 : 1;
        if (cost < best_cost)
          {
            best = o;
            best_cost = cost;
          }
      }
    for (guint m = 0; m < n; m++)
      marks[m].row = orders[best][m];
  }
}

/* Mark @m's line (@label FALSE) or its label (@label TRUE); every line
 * is drawn before any label. */
static void
breakeven_mark (StrataChartCtx        *ctx,
                const StrataChartRect *plot,
                const BreakevenMark   *m,
                gboolean               level_p50,
                gboolean               label)
{
  StrataTextStyle style = _strata_chart_style (ctx, 0.8, STRATA_TEXT_VALUE, ctx->theme->foreground,
                                               STRATA_TEXT_FLAG_HALO);
  double dashes[] = { 3, 3 };
  double gap = ctx->font_px * 0.3;
  double top = plot->y + m->row * ctx->font_px * 1.25;

  if (!isfinite (m->x))
    return;
  if (!label)
    {
      cairo_save (ctx->cr);
      cairo_set_line_width (ctx->cr, MAX (1.0, ctx->line_px * (level_p50 ? 1.2 : 0.8)));
      _strata_chart_set_color (ctx->cr, ctx->theme->foreground);
      if (!level_p50)
        cairo_set_dash (ctx->cr, dashes, 2, 0);
      _strata_chart_line (ctx->cr, m->x, top, m->x, plot->y + plot->height);
      cairo_stroke (ctx->cr);
      cairo_restore (ctx->cr);
      return;
    }
  if (m->text == NULL)
    return;
  style.key = m->key;
  style.value = m->volume;
  _strata_chart_text (ctx, m->text, &style, m->left ? m->x - gap : m->x + gap, top, m->left ? 1 : 0, 0, NULL);
}

static void
draw_histogram (StrataChartCtx        *ctx,
                const StrataChartRect *area)
{
  const StrataChartRequest *request = ctx->request;
  const StrataMonteCarlo *mc = request->monte_carlo;
  const StrataStrategy *a = strategy_by_id (request, mc->a_id);
  const StrataStrategy *b = strategy_by_id (request, mc->b_id);
  /* Translators: two strategies' names */
  g_autofree char *title = g_strdup_printf (_("Break-even volume, %s against %s"),
                                            a != NULL ? a->name : mc->a_id,
                                            b != NULL ? b->name : mc->b_id);
  g_autofree char *none = NULL, *share = strata_format_percent (mc->no_crossing_share);
  double top = area->y + ctx->font_px * 1.8;
  double bottom = area->y + area->height - _strata_chart_volume_axis_height (ctx) - ctx->font_px * 1.4;
  StrataChartRect plot = { area->x + ctx->font_px * 0.5, top,
                           MAX (area->width - ctx->font_px, 1), MAX (bottom - top, 1) };
  StrataScale xs = { mc->volumes[0], mc->volumes[mc->n_points - 1], plot.x, plot.x + plot.width, TRUE };
  guint bins[HISTOGRAM_BINS] = { 0 }, peak = 0;
  double span = log (xs.d1 / xs.d0);
  g_autofree char *x_title = _strata_chart_volume_title (request->dataset);
  StrataTextStyle style;
  StrataRgba color = b != NULL ? _strata_chart_strategy_color_of (request->dataset, b, request->theme)
                               : ctx->theme->foreground;

  panel_title (ctx, title, area->x, area->y, area->width);
  for (guint i = 0; i < mc->n_crossing_draws && mc->breakeven_volumes != NULL; i++)
    {
      double t = span > 0 ? log (mc->breakeven_volumes[i] / xs.d0) / span : 0;
      guint bin = (guint) _strata_chart_clamp (floor (t * HISTOGRAM_BINS), 0, HISTOGRAM_BINS - 1);

      peak = MAX (peak, ++bins[bin]);
    }
  _strata_chart_volume_axis (ctx, &xs, &plot, x_title, FALSE);
  for (guint k = 0; k < HISTOGRAM_BINS && peak > 0; k++)
    {
      double x0 = plot.x + plot.width * k / HISTOGRAM_BINS;
      double h = plot.height * 0.82 * bins[k] / peak;

      _strata_chart_rect_path (ctx->cr, x0 + 1, plot.y + plot.height - h,
                               plot.width / HISTOGRAM_BINS - 2, h);
      _strata_chart_set_color (ctx->cr, _strata_chart_mix (color, ctx->theme->background, 0.25));
      cairo_fill (ctx->cr);
    }
  if (mc->n_crossing_draws > 0)
    {
      BreakevenMark marks[] = {
        { mc->breakeven_p10, "P10", "chances:breakeven:p10", NULL, 0, 0, FALSE, 0 },
        { mc->breakeven_p50, "P50", "chances:breakeven:p50", NULL, 0, 0, FALSE, 0 },
        { mc->breakeven_p90, "P90", "chances:breakeven:p90", NULL, 0, 0, FALSE, 0 },
      };

      breakeven_marks_place (ctx, &xs, &plot, marks, G_N_ELEMENTS (marks));
      for (guint pass = 0; pass < 2; pass++)
        for (guint m = 0; m < G_N_ELEMENTS (marks); m++)
          breakeven_mark (ctx, &plot, &marks[m], m == 1, pass == 1);
      for (guint m = 0; m < G_N_ELEMENTS (marks); m++)
        g_free (marks[m].text);
    }
  /* Not "No break-even in range in 0.0 % of the draws". */
  if (mc->n_crossing_draws == 0)
    none = g_strdup (_("No break-even in range in any draw"));
  else if (!(mc->no_crossing_share > 0))
    none = g_strdup (_("A break-even in range in every draw"));
  else if (mc->no_crossing_share < 0.001)
    none = g_strdup (_("No break-even in range in under 0.1 % of the draws"));
  else
    /* Translators: a percentage of the draws */
    none = g_strdup_printf (_("No break-even in range in %s of the draws"), share);
  style = _strata_chart_style (ctx, 0.85, STRATA_TEXT_VALUE, ctx->theme->muted, STRATA_TEXT_FLAG_NONE);
  style.key = "chances:no_breakeven_share";
  style.value = mc->no_crossing_share;
  style.max_width = area->width;
  _strata_chart_text (ctx, none, &style, area->x, area->y + area->height, 0, 1, NULL);
}

/* A row of the layer odds, whole, for a pointer over it: the layer and
 * its chance of running integrated at the grid's two ends. */
static char *
layer_odds_detail (const StrataMonteCarlo *mc,
                   const StrataDataset    *ds,
                   guint                   l)
{
  guint last = mc->n_points - 1;
  g_autofree char *p_lo = strata_format_share (mc->layer_integrated[l]);
  g_autofree char *p_hi = strata_format_share (mc->layer_integrated[(gsize) last * mc->n_layers + l]);
  g_autofree char *v_lo = strata_format_volume (mc->volumes[0]);
  g_autofree char *v_hi = strata_format_volume (mc->volumes[last]);

  /* Translators: a layer; then chances (e.g. "12 %") at volumes
   * (e.g. "1 B") */
  return g_strdup_printf (_("%s\nIntegrated in the optimum: %s of draws at %s, %s at %s"),
                          ds->layers[l].name, p_lo, v_lo, p_hi, v_hi);
}

/* The left edge of the cell of volume @k in the layer odds' @plot
 * (the plot's right edge for @k past the last): halfway, in log V,
 * between its volume and the one before. */
static double
layer_odds_edge (const StrataMonteCarlo *mc,
                 const StrataScale      *xs,
                 const StrataChartRect  *plot,
                 guint                   k)
{
  if (k == 0)
    return plot->x;
  if (k >= mc->n_points)
    return plot->x + plot->width;
  return (_strata_scale_map (xs, mc->volumes[k - 1]) + _strata_scale_map (xs, mc->volumes[k])) / 2;
}

static void
draw_layer_odds (StrataChartCtx        *ctx,
                 const StrataChartRect *area)
{
  const StrataChartRequest *request = ctx->request;
  const StrataMonteCarlo *mc = request->monte_carlo;
  const StrataDataset *ds = request->dataset;
  StrataRgba neutral = _strata_chart_mode_color (STRATA_MODE_NEUTRAL);
  StrataRgba integrated = _strata_chart_mode_color (STRATA_MODE_INTEGRATED);
  double name_w = 0, top = area->y + ctx->font_px * 1.8, row_h, bottom;
  StrataTextStyle style = _strata_chart_style (ctx, 0.85, STRATA_TEXT_LABEL, ctx->theme->foreground,
                                               STRATA_TEXT_FLAG_NONE);
  guint n = MIN (mc->n_layers, ds->n_layers);
  StrataChartRect plot;
  StrataScale xs;
  gboolean named;
  g_autofree char *x_title = _strata_chart_volume_title (ds);

  panel_title (ctx, _("Chance the optimum integrates each layer (the ladder with odds: "
                      "blue neutral, orange integrated)"), area->x, area->y, area->width);
  bottom = area->y + area->height - _strata_chart_volume_axis_height (ctx);
  row_h = MAX (bottom - top, 1) / MAX (n, 1);
  /* Names no taller than their rows: many layers in a short panel; a
   * long one on two lines where its row has room.  Rows too short for a
   * readable name go unnamed under a caption that counts them (each is
   * told on hover). */
  style.size = MIN (style.size, row_h * 0.75);
  style.max_width = area->width * 0.3;
  named = style.size >= STRATA_CHART_MIN_READABLE_PX;
  if (!named)
    {
      StrataTextStyle note = _strata_chart_style (ctx, 0.8, STRATA_TEXT_LEGEND, ctx->theme->muted,
                                                  STRATA_TEXT_FLAG_TRY);
      /* Translators: the chances of a dataset's layers in rows too short
       * to name, %u is their number */
      g_autofree char *caption = g_strdup_printf (ngettext ("%u layer, bottom first: its row is too short to name here",
                                                            "%u layers, bottom first: rows too short to name here",
                                                            n), n);

      /* Beside the panel's title where it leaves room, else over the
       * rows. */
      if (!_strata_chart_text (ctx, caption, &note, area->x + area->width, area->y, 1, 0, NULL))
        {
          note.max_width = area->width;
          note.flags &= ~STRATA_TEXT_FLAG_TRY;
          _strata_chart_text (ctx, caption, &note, area->x, top - ctx->font_px * 0.2, 0, 0, NULL);
          top += ctx->font_px * 1.1;
          row_h = MAX (bottom - top, 1) / MAX (n, 1);
        }
    }
  for (guint l = 0; l < n && named; l++)
    name_w = MAX (name_w, _strata_chart_name_width (ctx, &style, ds->layers[l].name, row_h));
  plot = (StrataChartRect) { area->x + (named ? name_w + ctx->font_px * 0.6 : 0), top, 0, MAX (bottom - top, 1) };
  plot.width = MAX (area->x + area->width - plot.x, 1);
  xs = (StrataScale) { mc->volumes[0], mc->volumes[mc->n_points - 1], plot.x, plot.x + plot.width, TRUE };
  _strata_chart_volume_axis (ctx, &xs, &plot, x_title, FALSE);
  /* Rows of a few pixels tile the plot without anti-aliased seams. */
  cairo_save (ctx->cr);
  if (row_h < 3)
    cairo_set_antialias (ctx->cr, CAIRO_ANTIALIAS_NONE);
  for (guint l = 0; l < n; l++)
    {
      /* Bottom layer at the bottom, as the stack reads. */
      double y = plot.y + plot.height - (l + 1) * row_h;
      double y_bottom = plot.y + plot.height - l * row_h;   /* the row below's y, the same double */
      double inset = row_h >= 4 ? 1 : 0;

      /* A run of volumes of the same chance is one span.  Each span but
       * the last reaches a whole pixel under the next one's left edge,
       * whose anti-aliased coverage then blends over this colour: half
       * a pixel left part of that pixel to the card, a paler seam between
       * cells of one colour on screen and on a slide. */
      for (guint k = 0, e; k < mc->n_points; k = e)
        {
          double p = mc->layer_integrated[(gsize) k * mc->n_layers + l];
          double x0 = layer_odds_edge (mc, &xs, &plot, k), x1;

          for (e = k + 1; e < mc->n_points && mc->layer_integrated[(gsize) e * mc->n_layers + l] == p; e++)
            ;
          x1 = layer_odds_edge (mc, &xs, &plot, e);
          _strata_chart_span_path (ctx->cr, x0, y + inset, e < mc->n_points ? x1 + 1 : x1, y_bottom - inset);
          _strata_chart_set_color (ctx->cr, _strata_chart_mix (neutral, integrated, p));
          cairo_fill (ctx->cr);
        }
      if (named)
        _strata_chart_name (ctx, &style, ds->layers[l].name, row_h, plot.x - ctx->font_px * 0.4, y + row_h / 2, 1, 0.5);
      _strata_chart_add_region_detail (ctx, &(StrataChartRect) { area->x, y, area->width, row_h },
                                       &(StrataHit) { STRATA_HIT_LAYER, 0, l, 0, 0, 0 },
                                       layer_odds_detail (mc, ds, l));
    }
  cairo_restore (ctx->cr);
}

void
_strata_chart_draw_chances (StrataChartCtx *ctx)
{
  const StrataChartRequest *request = ctx->request;
  const StrataMonteCarlo *mc = request->monte_carlo;
  g_autofree char *subtitle = NULL, *draws = NULL;
  const StrataStrategy *a;
  double top, gap = ctx->font_px * 1.5, w = ctx->width - 2 * ctx->pad, h;
  StrataChartRect odds, hist, layers;

  if (mc == NULL || mc->n_points < 2 || mc->strategy_ids == NULL || mc->a_id == NULL)
    {
      _strata_chart_title (ctx, _("Chances"), NULL);
      _strata_chart_message (ctx, _("No Monte Carlo to draw: run one first "
                                    "(strata-cli export --chart chances runs it)"));
      return;
    }
  a = strategy_by_id (request, mc->a_id);
  draws = strata_format_figure (mc->n_draws);
  {
    g_autofree char *numbers = g_strdup_printf (ngettext ("%u uncertain number", "%u uncertain numbers",
                                                          mc->n_uncertain),
                                                mc->n_uncertain);
    g_autofree char *seed = g_strdup_printf ("%" G_GUINT64_FORMAT, mc->seed);

    const char *cost = mc->objective == STRATA_OBJECTIVE_CASH ? _("cash cost") : _("effective cost");

    if (mc->n_uncertain == 0)
      /* Nothing varies: say so rather than count draws of nothing. */
      /* Translators: the cost the objective ranks by, the dataset's title */
      subtitle = g_strdup_printf (_("No uncertain number moves the unit costs: every chance is 0 %% "
                                    "or 100 %%, changing at the cost curves' break-evens, %s \xC2\xB7 %s"),
                                  cost, request->dataset->title);
    else
      /* Translators: "2,000", "12 uncertain numbers", the seed, the cost the
       * objective ranks by, the dataset's title */
      subtitle = g_strdup_printf (_("%s draws of the dataset's %s (seed %s), %s \xC2\xB7 %s"),
                                  draws, numbers, seed, cost, request->dataset->title);
  }
  {
    /* Translators: a strategy's name */
    g_autofree char *title = g_strdup_printf (_("Chances: %s against the others"),
                                              a != NULL ? a->name : mc->a_id);

    top = _strata_chart_title (ctx, title, subtitle) + ctx->font_px * 0.6;
  }
  h = ctx->height - ctx->pad - top;
  if (h < ctx->font_px * 12 || w < ctx->font_px * 20)
    {
      _strata_chart_message (ctx, _("Too small to draw"));
      return;
    }
  /* The layers' panel takes up to 55 % of the height where that names
   * its rows in readable type (draw_layer_odds ()). */
  {
    guint n = MIN (mc->n_layers, request->dataset->n_layers);
    double need = ctx->font_px * 1.8 + n * (STRATA_CHART_MIN_READABLE_PX + 0.2) / 0.75
                  + _strata_chart_volume_axis_height (ctx) + gap / 2;
    /* (Rows that cannot be named at 55 % keep the usual 42 %.) */
    double below = need / h > 0.55 ? 0.42 : CLAMP (need / h, 0.42, 0.55), above = 1 - below;

    odds = (StrataChartRect) { ctx->pad, top, w * 0.56 - gap / 2, h * above - gap / 2 };
    hist = (StrataChartRect) { ctx->pad + w * 0.56 + gap / 2, top, w * 0.44 - gap / 2, h * above - gap / 2 };
    layers = (StrataChartRect) { ctx->pad, top + h * above + gap / 2, w, h * below - gap / 2 };
  }
  draw_odds (ctx, &odds);
  draw_histogram (ctx, &hist);
  draw_layer_odds (ctx, &layers);
}

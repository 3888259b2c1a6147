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
 *
 * Beside the optimal roadmap, *adopt S now* for the request's current
 * strategy S (the one chosen in the app's sidebar, the first --strategy of
 * strata-cli export): its annual cost and cumulative savings as lines in
 * its colour, with its savings, payback year and peak funding.  With the
 * request's roadmap Monte Carlo, the P10-P90 of the optimal roadmap's
 * cumulative savings is shaded and P(savings > 0) given for both.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include <math.h>
#include <string.h>

#include "strata/strata-format.h"
#include "strata-chart-roadmap-private.h"

/* Whether P10 and P90 of the cumulative savings are the same in every
 * year (to the rounding of the draws' sums). */
static gboolean
band_is_flat (const StrataRoadmapMcPlan *band,
              guint                      n_years)
{
  for (guint t = 0; t < n_years; t++)
    {
      double lo = band->cumulative_p10[t], hi = band->cumulative_p90[t];

      if (fabs (hi - lo) > 1e-12 * MAX (fabs (lo), fabs (hi)))
        return FALSE;
    }
  return TRUE;
}

static double
objective_cost (const StrataPlanResult *p,
                guint                   t)
{
  return p->objective == STRATA_HORIZON_CASH ? p->rows[t].cash_cost : p->rows[t].effective_cost;
}

static StrataTextStyle
heading_style (StrataChartCtx *ctx)
{
  return _strata_chart_style (ctx, 0.9, STRATA_TEXT_LABEL, ctx->theme->foreground, STRATA_TEXT_FLAG_BOLD);
}

/* A value panel with a zero line and a money axis on the left. */
static StrataScale
value_panel (Roadmap    *r,
             double      top,
             double      bottom,
             double      lo,
             double      hi,
             const char *title,
             double      extra)
{
  StrataChartCtx *ctx = r->ctx;
  StrataTextStyle axis = _strata_chart_style (ctx, 0.8, STRATA_TEXT_AXIS, ctx->theme->muted, STRATA_TEXT_FLAG_TRY);
  StrataTextStyle head = heading_style (ctx);
  StrataScale ys;
  g_autoptr(GArray) ticks = NULL;

  _strata_nice_range (&lo, &hi, 4);
  ys.d0 = lo;
  ys.d1 = hi;
  ys.r0 = bottom;
  ys.r1 = top + ctx->font_px * 1.4 + extra;   /* @extra: room for notes under the title */
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
      /* "$0" between "$50 B" and "−$50 B", not "$0.00". */
      g_autofree char *label = v == 0 ? _strata_chart_money_tick (0, 1, r->ds) : _strata_chart_money_si (v, r->ds);

      _strata_chart_set_color (ctx->cr, v == 0 ? ctx->theme->axis : ctx->theme->grid);
      _strata_chart_line (ctx->cr, r->x0, y, r->x1, y);
      cairo_stroke (ctx->cr);
      _strata_chart_text (ctx, label, &axis, r->x0 - ctx->font_px * 0.4, y, 1, 0.5, NULL);
    }
  return ys;
}

typedef enum
{
  SWATCH_SQUARE,
  SWATCH_LINE,
  SWATCH_DASHED,
} Swatch;

typedef struct
{
  const char *text;
  StrataRgba  color;
  Swatch      swatch;
} LegendItem;

static StrataTextStyle
legend_style (StrataChartCtx *ctx)
{
  StrataTextStyle legend = _strata_chart_style (ctx, 0.8, STRATA_TEXT_LEGEND, ctx->theme->muted, STRATA_TEXT_FLAG_TRY);

  legend.max_width = ctx->font_px * 16;
  return legend;
}

/* How far a swatch reaches left of its entry's text. */
static double
swatch_reach (StrataChartCtx *ctx,
              Swatch          swatch)
{
  return ctx->font_px * 0.8 * (swatch == SWATCH_SQUARE ? 1.3 : 1.6);
}

/* Whether a panel's legend fits on its heading's line, right of @title:
 * else it takes a line of its own under the heading (a swatch never runs
 * into the heading's words). */
static gboolean
legend_beside (Roadmap          *r,
               const char       *title,
               const LegendItem *items,
               guint             n)
{
  StrataChartCtx *ctx = r->ctx;
  StrataTextStyle head = heading_style (ctx), legend = legend_style (ctx);
  double width = 0, need;

  _strata_chart_text_size (ctx, title, &head, &width, NULL);
  need = width + ctx->font_px;
  for (guint i = 0; i < n; i++)
    {
      double w = 0;

      _strata_chart_text_size (ctx, items[i].text, &legend, &w, NULL);
      need += w + swatch_reach (ctx, items[i].swatch) + (i + 1 < n ? ctx->font_px : 0);
    }
  return r->x0 + need <= r->x1;
}

/* A legend entry right-aligned at @x: its text, then a swatch left of it
 * (a square, or a line with a dot).  Returns the x where the next entry
 * ends, or -1 when it did not fit. */
static double
legend_entry (Roadmap    *r,
              const char *text,
              StrataRgba  color,
              Swatch      swatch,
              double      x,
              double      y)
{
  StrataChartCtx *ctx = r->ctx;
  StrataTextStyle legend = legend_style (ctx);
  double sw = ctx->font_px * 0.8;
  StrataChartRect box;

  if (x < 0 || !_strata_chart_text (ctx, text, &legend, x, y, 1, 0.5, &box))
    return -1;
  _strata_chart_set_color (ctx->cr, color);
  if (swatch != SWATCH_SQUARE)
    {
      double dashes[2] = { ctx->line_px * 2.5, ctx->line_px * 2 };

      cairo_set_line_width (ctx->cr, ctx->line_px * 1.5);
      if (swatch == SWATCH_DASHED)
        cairo_set_dash (ctx->cr, dashes, 2, 0);
      _strata_chart_line (ctx->cr, box.x - sw * 1.6, y, box.x - sw * 0.3, y);
      cairo_stroke (ctx->cr);
      cairo_set_dash (ctx->cr, NULL, 0, 0);
      _strata_chart_circle (ctx->cr, box.x - sw * 0.95, y, ctx->line_px * 1.5);
      cairo_fill (ctx->cr);
    }
  else
    {
      _strata_chart_rect_path (ctx->cr, box.x - sw * 1.3, y - sw / 2, sw, sw);
      cairo_fill (ctx->cr);
    }
  return box.x - swatch_reach (ctx, swatch) - ctx->font_px;
}

/* @items right to left from the panel's right edge at @y. */
static void
legend_row (Roadmap          *r,
            const LegendItem *items,
            guint             n,
            double            y)
{
  double x = r->x1;

  for (guint i = 0; i < n; i++)
    x = legend_entry (r, items[i].text, items[i].color, items[i].swatch, x, y);
}

/* A polyline through the middle of each year, dashed or not, with a dot
 * on each year. */
static void
year_line (Roadmap           *r,
           const StrataScale *ys,
           const double      *values,
           StrataRgba         color,
           gboolean           dashed)
{
  StrataChartCtx *ctx = r->ctx;
  double dashes[2] = { ctx->line_px * 4, ctx->line_px * 3 };

  for (guint t = 0; t < r->plan->n_years; t++)
    {
      double x = year_x (r, t + 0.5), y = _strata_scale_map (ys, values[t]);

      if (t == 0)
        cairo_move_to (ctx->cr, x, y);
      else
        cairo_line_to (ctx->cr, x, y);
    }
  /* A halo in the background colour keeps the line apart from bars and
   * lines of the same hue under it. */
  cairo_set_line_width (ctx->cr, ctx->line_px * 2.6);
  _strata_chart_set_color (ctx->cr, ctx->theme->background);
  cairo_stroke_preserve (ctx->cr);
  cairo_set_line_width (ctx->cr, ctx->line_px * 1.5);
  _strata_chart_set_color (ctx->cr, color);
  if (dashed)
    cairo_set_dash (ctx->cr, dashes, 2, 0);
  cairo_stroke (ctx->cr);
  cairo_set_dash (ctx->cr, NULL, 0, 0);
  for (guint t = 0; t < r->plan->n_years; t++)
    {
      _strata_chart_circle (ctx->cr, year_x (r, t + 0.5), _strata_scale_map (ys, values[t]),
                            ctx->line_px * 2);
      cairo_fill (ctx->cr);
    }
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
  gboolean cash = r->plan->objective == STRATA_HORIZON_CASH, beside;
  const char *title = cash ? _("Cash cost a year") : _("Effective cost a year (cash less ecosystem value)");
  LegendItem items[] = {
    { r->plan_label, plan_color, SWATCH_SQUARE },
    { _("Start plan"), start_color, SWATCH_SQUARE },
    { r->adopt_label, r->adopt_color, SWATCH_LINE },
  };
  guint n_items;
  g_autofree double *adopt = NULL;

  for (guint t = 0; t < years; t++)
    {
      double c = objective_cost (r->plan, t);

      lo = MIN (lo, MIN (c, r->start_cost[t]));
      hi = MAX (hi, MAX (c, r->start_cost[t]));
      if (r->adopt != NULL)
        {
          lo = MIN (lo, objective_cost (r->adopt, t));
          hi = MAX (hi, objective_cost (r->adopt, t));
        }
    }
  n_items = r->adopt != NULL ? 3 : 2;
  beside = legend_beside (r, title, items, n_items);
  ys = value_panel (r, top, bottom, lo, hi, title, beside ? 0 : ctx->font_px * 1.1);
  for (guint k = 0; k < 2; k++)
    {
      double bw = (year_x (r, 1) - year_x (r, 0)) * 0.36;

      for (guint t = 0; t < years; t++)
        {
          double v = k == 0 ? r->start_cost[t] : objective_cost (r->plan, t);
          double x = year_x (r, t + 0.5) + (k == 0 ? -bw : 0);
          double y0 = _strata_scale_map (&ys, 0), y1 = _strata_scale_map (&ys, v);

          _strata_chart_rect_path (ctx->cr, x, MIN (y0, y1), bw, fabs (y1 - y0));
          _strata_chart_set_color (ctx->cr, k == 0 ? start_color : plan_color);
          cairo_fill (ctx->cr);
        }
    }
  if (r->adopt != NULL)
    {
      adopt = g_new (double, years);
      for (guint t = 0; t < years; t++)
        adopt[t] = objective_cost (r->adopt, t);
      year_line (r, &ys, adopt, r->adopt_color, FALSE);
    }
  legend_row (r, items, n_items, top + ctx->font_px * (beside ? 0.5 : 1.9));
}

/* Pieces of text left to right from @x at @y, separated by " · ", each
 * with its key; stops at the first that does not fit.  Returns the x after
 * the last. */
typedef struct
{
  char       *text;
  const char *key;
  char       *key_owned;
  double      value;
} Piece;

static void
pieces_free (Piece *list,
             guint  n)
{
  for (guint i = 0; i < n; i++)
    {
      g_free (list[i].text);
      g_free (list[i].key_owned);
    }
}

static double
pieces (Roadmap         *r,
        StrataTextStyle  style,
        double           x,
        double           y,
        Piece           *list,
        guint            n)
{
  StrataChartCtx *ctx = r->ctx;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text = i > 0 ? g_strconcat (" \xC2\xB7 ", list[i].text, NULL)
                                    : g_strdup (list[i].text);
      StrataChartRect box;
      double w;

      style.key = list[i].key_owned != NULL ? list[i].key_owned : list[i].key;
      style.value = list[i].value;
      style.max_width = 0;
      _strata_chart_text_size (ctx, text, &style, &w, NULL);
      if (x + w > r->x1 || !_strata_chart_text (ctx, text, &style, x, y, 0, 0, &box))
        break;
      x = box.x + box.width;
    }
  pieces_free (list, n);
  return x;
}

/* The Monte Carlo's pieces of the savings panel's notes: the band and
 * P(savings > 0) of the plan and of adopting now (@second), and the
 * share of draws where adopting now is not a roadmap (@third). */
static void
mc_notes (Roadmap *r,
          Piece   *second,
          guint   *n2,
          Piece   *third,
          guint   *n3)
{
  const char *id = r->adopt_strategy != NULL ? r->adopt_strategy->id : NULL;
  /* Adopting now's: the plan's own, or beside the roadmap. */
  const StrataRoadmapMcPlan *adopt = r->no_optimal || r->adopt != NULL ? r->mc_adopt : NULL;

  if (r->mc_plan != NULL)
    {
      g_autofree char *share = strata_format_share (r->mc_plan->positive_share);
      g_autofree char *draws = strata_format_figure (r->mc->n_draws);

      if (r->mc->n_uncertain == 0)
        /* Nothing varies: say so rather than count draws of nothing (the
         * band is the line itself, each share 0 % or 100 %). */
        second[(*n2)++].text = g_strdup (_("No uncertain numbers: no band"));
      else if (band_is_flat (r->mc_plan, r->plan->n_years))
        /* Uncertain numbers that never reach the savings (an exit cost of
         * an option nobody leaves): the band would be the line itself. */
        second[(*n2)++].text = g_strdup (_("No uncertain number moves the savings: no band"));
      else if (r->no_optimal)
        /* Translators: a number of draws, such as "2,000" */
        second[(*n2)++].text = g_strdup_printf (ngettext ("Shaded: P10\xE2\x80\x93P90 of adopting now over %s draw",
                                                          "Shaded: P10\xE2\x80\x93P90 of adopting now over %s draws",
                                                          r->mc->n_draws),
                                                draws);
      else
        /* Translators: a number of draws, such as "2,000" */
        second[(*n2)++].text = g_strdup_printf (ngettext ("Shaded: P10\xE2\x80\x93P90 of the optimal roadmap over %s draw",
                                                          "Shaded: P10\xE2\x80\x93P90 of the optimal roadmap over %s draws",
                                                          r->mc->n_draws),
                                                draws);
      /* Translators: a share such as "72%" */
      second[*n2].text = r->no_optimal ? g_strdup_printf (_("P(savings > 0): %s"), share)
                                       : g_strdup_printf (_("P(savings > 0): roadmap %s"), share);
      second[*n2].key_owned = g_strconcat (r->plan_key, ":probability_savings_positive", NULL);
      second[(*n2)++].value = r->mc_plan->positive_share;
    }
  if (adopt != NULL && adopt->not_roadmap_share >= 1)
    /* Adopting Optimal now: every draw's optimum runs an option that
     * takes longer to build than the horizon. */
    second[(*n2)++].text = g_strdup (_("adopting now is not a roadmap in any draw"));
  else if (adopt != NULL)
    {
      if (!r->no_optimal)
        {
          g_autofree char *share = strata_format_share (adopt->positive_share);

          /* Translators: a share such as "64%" */
          second[*n2].text = g_strdup_printf (_("adopting now %s"), share);
          second[*n2].key_owned = g_strdup_printf ("roadmap:adopt:%s:probability_savings_positive", id);
          second[(*n2)++].value = adopt->positive_share;
        }
      if (adopt->not_roadmap_share > 0)
        {
          /* On a line of its own, never cut off the end of the one
           * above: that share is over the draws where adopting the
           * optimum now is a roadmap. */
          g_autofree char *left = strata_format_share (adopt->not_roadmap_share);

          /* Translators: a share of the draws */
          third[0].text = g_strdup_printf (_("Adopting now is not a roadmap in %s of draws: "
                                             "its share is over the others"), left);
          third[0].key_owned = g_strdup_printf ("roadmap:adopt:%s:not_roadmap_share", id);
          third[(*n3)++].value = adopt->not_roadmap_share;
        }
    }
}

/* The lines under the savings panel's title: adopt-now's figures (or why
 * there is no optimal roadmap), then the Monte Carlo's.  Returns their
 * height (0 when there is nothing to say). */
static double
savings_notes (Roadmap *r,
               double   y,
               gboolean measure)
{
  StrataChartCtx *ctx = r->ctx;
  StrataTextStyle style = _strata_chart_style (ctx, 0.8, STRATA_TEXT_VALUE, ctx->theme->muted, STRATA_TEXT_FLAG_TRY);
  Piece first[4], second[4], third[1];
  guint n1 = 0, n2 = 0, n3 = 0;
  const char *id = r->adopt_strategy != NULL ? r->adopt_strategy->id : NULL;
  double line_h = ctx->font_px * 1.1;

  memset (first, 0, sizeof first);
  memset (second, 0, sizeof second);
  memset (third, 0, sizeof third);
  if (r->no_optimal)
    first[n1++].text = g_strdup (_("No optimal roadmap: the co-design links couple too many layers "
                                   "for its exact search"));
  else if (r->adopt != NULL)
    {
      g_autofree char *saves = _strata_chart_money_si (r->adopt->savings_npv, r->ds);
      g_autofree char *peak = _strata_chart_money_si (r->adopt->peak_funding, r->ds);

      gboolean same = TRUE;

      for (guint l = 0; l < r->ds->n_layers; l++)
        same &= r->adopt->plans[l].option == r->plan->plans[l].option
                && r->adopt->plans[l].decide_year == r->plan->plans[l].decide_year;
      if (same)
        /* Translators: "Adopt <strategy> now", then an amount of money */
        first[n1].text = g_strdup_printf (_("%s is the optimal roadmap: saves %s"), r->adopt_label, saves);
      else if (r->adopt->savings_npv < 0)
        {
          g_autofree char *more = _strata_chart_money_si (-r->adopt->savings_npv, r->ds);

          /* Translators: "Adopt <strategy> now", then an amount of money */
          first[n1].text = g_strdup_printf (_("%s: costs %s more"), r->adopt_label, more);
        }
      else
        /* Translators: "Adopt <strategy> now", then an amount of money */
        first[n1].text = g_strdup_printf (_("%s: saves %s"), r->adopt_label, saves);
      first[n1].key_owned = g_strdup_printf ("roadmap:adopt:%s:savings_npv", id);
      first[n1++].value = r->adopt->savings_npv;
      if (r->adopt->has_payback)
        /* Translators: a year */
        first[n1].text = g_strdup_printf (_("pays back %d"), r->adopt->payback_year);
      else
        first[n1].text = g_strdup (_("never pays back"));
      first[n1].key_owned = g_strdup_printf ("roadmap:adopt:%s:payback_year", id);
      first[n1++].value = r->adopt->has_payback ? r->adopt->payback_year : NAN;
      /* Translators: an amount of money */
      first[n1].text = g_strdup_printf (_("peak funding %s"), peak);
      first[n1].key_owned = g_strdup_printf ("roadmap:adopt:%s:peak_funding", id);
      first[n1++].value = r->adopt->peak_funding;
    }
  else if (r->adopt_note != NULL)
    first[n1++].text = g_strdup (r->adopt_note);
  mc_notes (r, second, &n2, third, &n3);
  if (measure)
    {
      pieces_free (first, n1);
      pieces_free (second, n2);
      pieces_free (third, n3);
    }
  else
    {
      if (n1 > 0)
        pieces (r, style, r->x0, y, first, n1);
      if (n2 > 0)
        pieces (r, style, r->x0, y + (n1 > 0 ? line_h : 0), second, n2);
      if (n3 > 0)
        pieces (r, style, r->x0, y + ((n1 > 0) + (n2 > 0)) * line_h, third, n3);
    }
  return ((n1 > 0) + (n2 > 0) + (n3 > 0)) * line_h;
}

static void
draw_savings (Roadmap *r,
              double   top,
              double   bottom)
{
  StrataChartCtx *ctx = r->ctx;
  const StrataPlanResult *p = r->plan;
  guint years = p->n_years, deepest = 0;
  double lo = 0, hi = 0, notes;
  StrataScale ys;
  StrataTextStyle mark = _strata_chart_style (ctx, 0.85, STRATA_TEXT_VALUE, ctx->theme->foreground,
                                              STRATA_TEXT_FLAG_HALO);
  StrataTextStyle axis = _strata_chart_style (ctx, 0.8, STRATA_TEXT_AXIS, ctx->theme->muted, STRATA_TEXT_FLAG_TRY);
  const StrataRoadmapMcPlan *band = r->mc_plan;
  g_autofree double *line = g_new (double, years);
  const char *title = _("Cumulative discounted savings against the start plan");
  LegendItem items[] = {
    { r->plan_label, ctx->theme->foreground, SWATCH_LINE },
    { r->adopt_label, r->adopt_color, SWATCH_DASHED },
  };
  guint n_items = r->adopt != NULL ? 2 : 1;
  gboolean beside;

  for (guint t = 0; t < years; t++)
    {
      line[t] = p->rows[t].savings;
      lo = MIN (lo, p->rows[t].savings);
      hi = MAX (hi, p->rows[t].savings);
      if (p->rows[t].savings < p->rows[deepest].savings)
        deepest = t;
      if (r->adopt != NULL)
        {
          lo = MIN (lo, r->adopt->rows[t].savings);
          hi = MAX (hi, r->adopt->rows[t].savings);
        }
      if (band != NULL)
        {
          lo = MIN (lo, band->cumulative_p10[t]);
          hi = MAX (hi, band->cumulative_p90[t]);
        }
    }
  notes = savings_notes (r, 0, TRUE);
  beside = legend_beside (r, title, items, n_items);
  ys = value_panel (r, top, bottom, lo, hi, title, notes + (beside ? 0 : ctx->font_px * 1.1));
  if (notes > 0)
    savings_notes (r, top + ctx->font_px * 1.3, FALSE);
  if (band != NULL)
    {
      StrataRgba fill = _strata_chart_mode_color (STRATA_MODE_INTEGRATED);

      fill.a = 0.22;
      _strata_chart_set_color (ctx->cr, fill);
      for (guint t = 0; t < years; t++)
        {
          double x = year_x (r, t + 0.5), y = _strata_scale_map (&ys, band->cumulative_p90[t]);

          if (t == 0)
            cairo_move_to (ctx->cr, x, y);
          else
            cairo_line_to (ctx->cr, x, y);
        }
      for (guint t = years; t-- > 0;)
        cairo_line_to (ctx->cr, year_x (r, t + 0.5), _strata_scale_map (&ys, band->cumulative_p10[t]));
      cairo_close_path (ctx->cr);
      cairo_fill (ctx->cr);
    }
  /* The roadmap, then adopt-now dashed over it: both show where they agree. */
  year_line (r, &ys, line, ctx->theme->foreground, FALSE);
  if (r->adopt != NULL)
    {
      g_autofree double *adopt = g_new (double, years);

      for (guint t = 0; t < years; t++)
        adopt[t] = r->adopt->rows[t].savings;
      year_line (r, &ys, adopt, r->adopt_color, TRUE);
    }
  for (guint t = 0; t < years; t++)
    {
      g_autofree char *year = g_strdup_printf ("%d", p->rows[t].year);

      _strata_chart_text (ctx, year, &axis, year_x (r, t + 0.5), bottom + ctx->font_px * 0.3, 0.5, 0, NULL);
    }
  legend_row (r, items, n_items, top + (beside ? ctx->font_px * 0.5 : ctx->font_px * 1.9 + notes));
  if (p->peak_funding > 0)
    {
      g_autofree char *money = _strata_chart_money_si (p->peak_funding, r->ds);
      /* Translators: an amount of money */
      g_autofree char *text = g_strdup_printf (_("peak funding %s"), money);
      double x = year_x (r, deepest + 0.5), y = _strata_scale_map (&ys, p->rows[deepest].savings);
      g_autofree char *key = g_strconcat (r->plan_key, ":peak_funding", NULL);

      /* Above the deepest point: the plot's bottom edge is below it. */
      mark.key = key;
      mark.value = p->peak_funding;
      _strata_chart_text (ctx, text, &mark, x + ctx->font_px * 0.5, y - ctx->font_px * 0.3, 0, 1, NULL);
    }
  if (p->has_payback && p->peak_funding > 0)
    {
      /* Translators: a year */
      g_autofree char *text = g_strdup_printf (_("pays back %d"), p->payback_year);
      double x = year_x (r, p->payback_year - r->ds->horizon->first_year + 0.5);
      g_autofree char *key = g_strconcat (r->plan_key, ":payback_year", NULL);

      mark.key = key;
      mark.value = p->payback_year;
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

/* The model's answers behind the chart (the same at every size): the
 * optimal roadmap, the start plan, adopting the current strategy now. */
typedef struct
{
  char             *error;   /* (nullable) why there is no roadmap */
  char             *no_optimal; /* (nullable) why there is no optimal roadmap */
  StrataPlanResult *plan;    /* the optimal roadmap */
  StrataPlanResult *start;
  StrataPlanResult *adopt;   /* (nullable) */
  gboolean          adopt_tried;
  gboolean          adopt_switches;
} RoadmapModel;

static void
roadmap_model_free (gpointer data)
{
  RoadmapModel *m = data;

  g_free (m->error);
  g_free (m->no_optimal);
  g_clear_pointer (&m->plan, strata_plan_result_free);
  g_clear_pointer (&m->start, strata_plan_result_free);
  g_clear_pointer (&m->adopt, strata_plan_result_free);
  g_free (m);
}

static StrataHorizonObjective
horizon_objective (const StrataChartRequest *request)
{
  return request->objective == STRATA_OBJECTIVE_CASH ? STRATA_HORIZON_CASH : STRATA_HORIZON_EFFECTIVE;
}

static gpointer
roadmap_model_compute (StrataChartCtx *ctx,
                       gpointer        data)
{
  const StrataChartRequest *request = ctx->request;
  const StrataDataset *ds = request->dataset;
  StrataHorizonObjective objective = horizon_objective (request);
  RoadmapModel *m = g_new0 (RoadmapModel, 1);
  g_autofree StrataLayerPlan *plans = g_new0 (StrataLayerPlan, ds->n_layers);
  g_autoptr(GError) error = NULL;

  if (strata_roadmap_optimal (ds, objective, plans, &error))
    m->plan = strata_plan_evaluate (ds, plans, objective);
  else if (g_error_matches (error, STRATA_DATASET_ERROR, STRATA_DATASET_ERROR_LIMIT))
    /* Beyond the exact search: adopting the current strategy now is
     * still a plan to show. */
    m->no_optimal = g_strdup (error->message);
  else
    {
      m->error = g_strdup (error->message);
      return m;
    }
  m->start = strata_plan_start (ds, objective);
  if (request->strategies != NULL && request->current < request->n_strategies)
    {
      m->adopt_tried = TRUE;
      m->adopt = strata_plan_adopt_now (ds, request->strategies[request->current], objective, NULL);
      m->adopt_switches = m->adopt != NULL && strata_roadmap_n_switches (ds, m->adopt->plans) > 0;
    }
  if (m->plan == NULL && !m->adopt_switches)
    /* Nothing to draw: the current strategy is the plan running today,
     * or cannot be adopted now. */
    m->error = g_strdup (_("No optimal roadmap: the co-design links couple too many layers for its exact "
                           "search. Choose a strategy to adopt now to see its plan over the years."));
  return m;
}

/* Adopt the request's current strategy now, beside the roadmap. */
static void
prepare_adopt (Roadmap                  *r,
               const StrataChartRequest *request,
               const RoadmapModel       *m)
{
  const StrataStrategy *st;

  if (!m->adopt_tried)
    return;
  st = request->strategies[request->current];
  r->adopt_strategy = st;
  if (m->adopt == NULL)
    {
      /* Translators: a strategy's name */
      r->adopt_note = g_strdup_printf (_("%s cannot be adopted now: an option takes longer to build "
                                         "than the horizon"), st->name);
      return;
    }
  if (!m->adopt_switches)
    {
      /* Translators: a strategy's name */
      r->adopt_note = g_strdup_printf (_("%s is the plan running today"), st->name);
      return;
    }
  r->adopt = m->adopt;
  /* Translators: a strategy's name */
  r->adopt_label = g_strdup_printf (_("Adopt %s now"), st->name);
  r->adopt_color = _strata_chart_strategy_color (request, request->current);
}

/* The request's roadmap Monte Carlo, when it is of this objective and
 * horizon. */
static void
prepare_mc (Roadmap                  *r,
            const StrataChartRequest *request,
            StrataHorizonObjective    objective)
{
  const StrataRoadmapMc *mc = request->roadmap_monte_carlo;

  if (mc == NULL || mc->objective != objective || mc->n_years != r->plan->n_years
      || mc->first_year != r->ds->horizon->first_year)
    return;
  r->mc = mc;
  r->mc_plan = strata_roadmap_mc_find (mc, r->no_optimal ? r->adopt_strategy->id : NULL);
  /* Adopting now as the plan: its share of draws that are not roadmaps
   * is said as beside a roadmap (mc_notes ()). */
  if (r->no_optimal)
    r->mc_adopt = r->mc_plan;
  /* Adopting Optimal now where no draw's optimum is a roadmap: no
   * figures to shade. */
  if (r->mc_plan != NULL && r->mc_plan->not_roadmap_share >= 1)
    r->mc_plan = NULL;
  if (r->adopt != NULL)
    r->mc_adopt = strata_roadmap_mc_find (mc, r->adopt_strategy->id);
}

/* The chart's subtitle: what the plan saves from the start over the
 * horizon. */
static char *
roadmap_subtitle (const Roadmap          *r,
                  StrataHorizonObjective  objective)
{
  const StrataDataset *ds = r->ds;
  const StrataStrategy *st = strata_dataset_find_strategy (ds, ds->horizon->start);
  const char *start = st != NULL ? st->name : ds->horizon->start;
  const char *cost = objective == STRATA_HORIZON_CASH ? _("cash cost") : _("effective cost");
  g_autofree char *savings = _strata_chart_money_si (r->plan->savings_npv, ds);
  g_autofree char *more = _strata_chart_money_si (-r->plan->savings_npv, ds);
  g_autofree char *span = strata_format_years (ds->horizon->first_year, ds->horizon->years);

  if (r->no_optimal && r->plan->savings_npv < 0)
    /* Translators: a strategy's name, the start strategy's name, the
     * years ("2026–2035"), an amount of money, the cost */
    return g_strdup_printf (_("Adopting %s now from %s, %s: costs %s more (NPV of %s)"),
                            r->adopt_strategy->name, start, span, more, cost);
  if (r->no_optimal)
    /* Translators: a strategy's name, the start strategy's name, the
     * years ("2026–2035"), an amount of money, the cost */
    return g_strdup_printf (_("Adopting %s now from %s, %s: saves %s (NPV of %s)"),
                            r->adopt_strategy->name, start, span, savings, cost);
  if (strata_roadmap_n_switches (ds, r->plan->plans) == 0)
    /* Translators: the start strategy's name, the years ("2026–2035"), the cost */
    return g_strdup_printf (_("Optimal roadmap from %s, %s: keep what runs today (no switch lowers "
                              "the NPV of %s)"), start, span, cost);
  /* Translators: the start strategy's name, the years ("2026–2035"), an
   * amount of money, the cost */
  return g_strdup_printf (_("Optimal roadmap from %s, %s: saves %s (NPV of %s)"), start, span, savings, cost);
}

void
_strata_chart_draw_roadmap (StrataChartCtx *ctx)
{
  const StrataDataset *ds = ctx->request->dataset;
  const RoadmapModel *model;
  g_autofree char *subtitle = NULL;
  Roadmap r = { 0 };
  StrataHorizonObjective objective = horizon_objective (ctx->request);
  double top, bottom, h;

  r.ctx = ctx;
  r.ds = ds;
  if (ds->horizon == NULL)
    {
      /* Translators: "horizon" is a key of the file format, keep it */
      _strata_chart_message (ctx, _("No horizon: add a \"horizon\" to the dataset to plan over years"));
      return;
    }
  model = _strata_chart_result (ctx, "roadmap", roadmap_model_compute, NULL, roadmap_model_free);
  if (model->error != NULL)
    {
      _strata_chart_message (ctx, model->error);
      return;
    }
  prepare_adopt (&r, ctx->request, model);
  if (model->plan != NULL)
    {
      r.plan = model->plan;
      r.plan_label = _("Optimal roadmap");
      r.plan_key = g_strdup ("roadmap:optimal");
    }
  else
    {
      /* Beyond the exact search: the chart is about adopting now. */
      r.plan = r.adopt;
      r.adopt = NULL;
      r.plan_label = r.adopt_label;
      r.plan_key = g_strdup_printf ("roadmap:adopt:%s", r.adopt_strategy->id);
      r.no_optimal = TRUE;
    }
  r.start_cost = g_new0 (double, r.plan->n_years);
  for (guint t = 0; t < r.plan->n_years; t++)
    r.start_cost[t] = objective_cost (model->start, t);
  prepare_mc (&r, ctx->request, objective);
  subtitle = roadmap_subtitle (&r, objective);
  top = _strata_chart_title (ctx, ds->title, subtitle);
  bottom = ctx->height - ctx->pad - ctx->font_px * 1.6;
  h = bottom - top;

  r.x1 = ctx->width - ctx->pad;
  /* The savings panel grows by the lines of notes under its title. */
  {
    double notes = savings_notes (&r, 0, TRUE) / h;
    double rows = 0.36 - notes * 0.6, costs = 0.26 - notes * 0.4;
    /* Dozens of layers: the rows take up to 14 % more of the height,
     * from both panels, to keep their names readable. */
    double more = CLAMP (ds->n_layers * (STRATA_CHART_MIN_READABLE_PX + 0.2) / ROADMAP_BLOCK_SHARE / h - rows, 0, 0.14);

    rows += more;
    costs -= more / 2;
    StrataTextStyle note = _strata_chart_style (ctx, 0.75, STRATA_TEXT_LEGEND, ctx->theme->muted,
                                                STRATA_TEXT_FLAG_TRY);

    r.name_w = _strata_chart_roadmap_names_width (&r, h * rows / MAX (ds->n_layers, 1));
    r.x0 = ctx->pad + r.name_w;
    _strata_chart_roadmap_rows (&r, top, top + h * rows);
    _strata_chart_roadmap_rows_key (&r, top + h * (rows + 0.01), &note);
    draw_costs (&r, top + h * (rows + 0.06), top + h * (rows + 0.06 + costs));
    draw_savings (&r, top + h * (rows + 0.11 + costs), bottom);
  }

  g_free (r.start_cost);
  g_free (r.adopt_note);
  g_free (r.adopt_label);
  g_free (r.plan_key);
}

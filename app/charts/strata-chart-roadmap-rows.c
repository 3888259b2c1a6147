/* strata-chart-roadmap-rows.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * The roadmap chart's rows: one per layer across the years, the option
 * that runs coloured by mode, the years the next is built hatched, the
 * decision year marked, each row's whole text kept for the pointer.  Rows
 * too short for readable text (dozens of layers) are blocks of colour,
 * the years being built paler, under a caption that counts them.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "strata-chart-roadmap-private.h"

static StrataTextStyle
name_style (StrataChartCtx *ctx,
            double          row_h)
{
  StrataTextStyle style = _strata_chart_style (ctx, 0.95, STRATA_TEXT_LABEL, ctx->theme->foreground,
                                               STRATA_TEXT_FLAG_NONE);

  style.size = MIN (style.size, row_h * 0.8);
  style.max_width = ctx->width * 0.22 - ctx->font_px;
  return style;
}

/* Whether rows @row_h high are too short for a name of readable size in
 * their blocks (ROADMAP_BLOCK_SHARE of a row). */
static gboolean
rows_dense (double row_h)
{
  return row_h * ROADMAP_BLOCK_SHARE < STRATA_CHART_MIN_READABLE_PX;
}

/* The names' column: 14 characters wide, wider for longer names (on
 * two lines where their rows have room), at most 22 % of the chart;
 * with rows too short to name, as wide as the panels' money labels. */
double
_strata_chart_roadmap_names_width (Roadmap *r,
                                   double   row_h)
{
  StrataChartCtx *ctx = r->ctx;
  StrataTextStyle style = name_style (ctx, row_h);
  double most = ctx->width * 0.22, w = MIN (most, ctx->font_px * 14);

  if (rows_dense (row_h))
    return MIN (most, ctx->font_px * 6);
  for (guint l = 0; l < r->ds->n_layers; l++)
    w = MAX (w, _strata_chart_name_width (ctx, &style, r->ds->layers[l].name, row_h) + ctx->font_px);
  return MIN (w, most);
}

/* The years @t to @end - 1: "2027" or "2027–2029". */
static char *
years_text (Roadmap *r,
            guint    t,
            guint    end)
{
  int first = r->plan->rows[t].year, last = r->plan->rows[end - 1].year;

  return end - t > 1 ? g_strdup_printf ("%d\xE2\x80\x93%d", first, last) : g_strdup_printf ("%d", first);
}

/* What row @l shows, whole, for a pointer over it: the layer's name, each
 * run of one option and the years another is built, and the decision. */
static char *
row_detail (Roadmap *r,
            guint    l)
{
  const StrataLayer *layer = &r->ds->layers[l];
  guint n = r->ds->n_layers, years = r->plan->n_years;
  GString *detail = g_string_new (layer->name);

  for (guint t = 0; t < years;)
    {
      guint option = r->plan->choices[t * n + l], end = t;
      const StrataOption *o = &layer->options[option];
      g_autofree char *when = NULL;

      while (end < years && r->plan->choices[end * n + l] == option)
        end++;
      when = years_text (r, t, end);
      g_string_append_c (detail, '\n');
      g_string_append_printf (detail, o->mode == STRATA_MODE_INTEGRATED
                                      /* Translators: years, an option */
                                      ? _("%s: %s, built in-house")
                                      /* Translators: years, an option */
                                      : _("%s: %s, bought"), when, o->name);
      for (guint b = t; b < end;)
        {
          int building = r->plan->building[b * n + l];
          guint e = b;
          g_autofree char *built = NULL;

          while (e < end && r->plan->building[e * n + l] == building)
            e++;
          if (building >= 0 && (guint) building < layer->n_options)
            {
              built = years_text (r, b, e);
              g_string_append_c (detail, '\n');
              /* Translators: years, an option */
              g_string_append_printf (detail, _("%s: building %s"), built,
                                      layer->options[building].name);
            }
          b = e;
        }
      t = end;
    }
  if (r->plan->plans[l].decide_year >= 0 && (guint) r->plan->plans[l].decide_year < years)
    {
      g_string_append_c (detail, '\n');
      /* Translators: a calendar year */
      g_string_append_printf (detail, _("Decided in %d"), r->plan->rows[r->plan->plans[l].decide_year].year);
    }
  return g_string_free (detail, FALSE);
}

/* One run of option @o over the years [@t, @end) of a row @h high at
 * @y, the years from @built on hatched (the next option being built),
 * its name on it where it fits. */
static void
draw_run (Roadmap            *r,
          const StrataOption *o,
          guint               t,
          guint               end,
          guint               built,
          double              y,
          double              h,
          StrataTextStyle    *cell_style)
{
  StrataChartCtx *ctx = r->ctx;
  double xa = year_x (r, t) + 1, xb = year_x (r, end) - 1;
  double xc = built > t && built < end ? year_x (r, built) - 1 : xb;
  double w = 0;

  _strata_chart_round_rect (ctx->cr, xa, y, xb - xa, h, ctx->font_px * 0.25);
  _strata_chart_set_color (ctx->cr, _strata_chart_mode_color (o->mode));
  cairo_fill (ctx->cr);
  /* The years the new option is being built: hatched. */
  if (built < end)
    {
      /* Rounded where the block is: its right end, and its left when the
       * building starts with it. */
      double corner = CLAMP (ctx->font_px * 0.25, 0, MIN (xb - xa, h) / 2);
      double left = built == t ? corner : 0;

      _strata_chart_set_color (ctx->cr, _strata_chart_mix (ctx->theme->background,
                                                           _strata_chart_mode_color (o->mode), 0.35));
      cairo_set_line_width (ctx->cr, ctx->line_px * 1.2);
      _strata_chart_hatch (ctx->cr, &(StrataChartRect) { year_x (r, built) + 1, y, xb - year_x (r, built) - 1, h },
                           (const double[4]) { left, corner, corner, left }, ctx->font_px * 0.55);
    }
  /* The name sits on the years the option runs clear of the hatching
   * when they hold it, else across the whole block. */
  cell_style->max_width = 0;
  _strata_chart_text_size (ctx, o->name, cell_style, &w, NULL);
  if (xc < xb && w > xc - xa - ctx->font_px * 0.6)
    xc = xb;
  cell_style->max_width = xc - xa - ctx->font_px * 0.6;
  /* Over the hatching, on a patch of the block's own colour: white text
   * across light stripes could not be read. */
  if (built < end && xc > year_x (r, built))
    {
      StrataTextStyle on_hatch = *cell_style;

      on_hatch.flags |= STRATA_TEXT_FLAG_HALO;
      on_hatch.halo = _strata_chart_mode_color (o->mode);
      on_hatch.halo.a = 1;
      if (on_hatch.max_width > ctx->font_px * 2)
        _strata_chart_text (ctx, o->name, &on_hatch, (xa + xc) / 2, y + h / 2, 0.5, 0.5, NULL);
    }
  else if (cell_style->max_width > ctx->font_px * 2)
    _strata_chart_text (ctx, o->name, cell_style, (xa + xc) / 2, y + h / 2, 0.5, 0.5, NULL);
}

/* The same in dense rows: a block of colour, the years the next option
 * is being built paler, no gaps, no name. */
static void
draw_run_dense (Roadmap            *r,
                const StrataOption *o,
                guint               t,
                guint               end,
                guint               built,
                double              y,
                double              h)
{
  StrataChartCtx *ctx = r->ctx;
  StrataRgba color = _strata_chart_mode_color (o->mode);
  double xa = year_x (r, t), xm = year_x (r, built), xb = year_x (r, end);

  _strata_chart_span_path (ctx->cr, xa, y, xm, y + h);
  _strata_chart_set_color (ctx->cr, color);
  cairo_fill (ctx->cr);
  if (built < end)
    {
      _strata_chart_span_path (ctx->cr, xm, y, xb, y + h);
      _strata_chart_set_color (ctx->cr, _strata_chart_mix (ctx->theme->background, color, 0.35));
      cairo_fill (ctx->cr);
    }
}

/* Rows: one per layer, the running option's segments. */
void
_strata_chart_roadmap_rows (Roadmap *r,
                            double   top,
                            double   bottom)
{
  StrataChartCtx *ctx = r->ctx;
  const StrataChartTheme *theme = ctx->theme;
  guint n = r->ds->n_layers, years = r->plan->n_years;
  double row_h = (bottom - top) / n;
  /* Broken as _strata_chart_roadmap_names_width () measured them. */
  StrataTextStyle names = name_style (ctx, row_h);
  StrataTextStyle cell_style = _strata_chart_style (ctx, 0.8, STRATA_TEXT_LABEL, theme->on_mode, STRATA_TEXT_FLAG_TRY);

  r->dense = rows_dense (row_h);
  cell_style.size = MIN (cell_style.size, row_h * ROADMAP_BLOCK_SHARE * 0.9);
  /* Rows under a few pixels tile the panel without anti-aliased seams
   * (which paled every colour as if being built). */
  cairo_save (ctx->cr);
  if (r->dense && row_h < 3)
    cairo_set_antialias (ctx->cr, CAIRO_ANTIALIAS_NONE);
  for (guint l = 0; l < n; l++)
    {
      /* Dense rows a few pixels high keep a hairline between them. */
      double gap = r->dense ? (row_h >= 3 ? MIN (1.0, row_h * 0.2) : 0) : row_h * (1 - ROADMAP_BLOCK_SHARE);
      double y = top + l * row_h + gap / 2, h = row_h - gap;

      /* Without gaps, the next row's top to the last bit (draw_run_dense ()). */
      if (gap == 0)
        h = top + (l + 1) * row_h - y;
      const StrataLayerPlan *p = &r->plan->plans[l];

      if (!r->dense)
        _strata_chart_name (ctx, &names, r->ds->layers[l].name, row_h, r->x0 - ctx->font_px * 0.6,
                            y + h / 2, 1, 0.5);
      for (guint t = 0, end; t < years; t = end)
        {
          guint option = r->plan->choices[t * n + l], built = t;
          const StrataOption *o = &r->ds->layers[l].options[option];

          for (end = t; end < years && r->plan->choices[end * n + l] == option;)
            end++;
          while (built < end && r->plan->building[built * n + l] < 0)
            built++;
          if (r->dense)
            draw_run_dense (r, o, t, end, built, y, h);
          else
            draw_run (r, o, t, end, built, y, h, &cell_style);
        }
      if (!r->dense && p->decide_year >= 0)
        {
          /* No larger than the block: short rows keep clear of the next. */
          double xd = year_x (r, p->decide_year) + 1, mark = MIN (ctx->font_px * 0.7, h);

          cairo_move_to (ctx->cr, xd, y - mark / 7);
          cairo_line_to (ctx->cr, xd + mark, y - mark / 7);
          cairo_line_to (ctx->cr, xd, y + mark * 6 / 7);
          cairo_close_path (ctx->cr);
          _strata_chart_set_color (ctx->cr, theme->highlight);
          cairo_fill (ctx->cr);
        }
      _strata_chart_add_region_detail (ctx, &(StrataChartRect) { ctx->pad, top + l * row_h, r->x1 - ctx->pad, row_h },
                                       &(StrataHit) { STRATA_HIT_LAYER, 0, l, 0, 0, 0 }, row_detail (r, l));
    }
  cairo_restore (ctx->cr);
}

/* Under the rows: what their colours say, and, when they are too short
 * to name, how many there are and in what order. */
void
_strata_chart_roadmap_rows_key (Roadmap         *r,
                                double           y,
                                StrataTextStyle *note)
{
  StrataChartCtx *ctx = r->ctx;
  guint n = r->ds->n_layers;

  if (!r->dense)
    {
      _strata_chart_text (ctx, _("Blue: bought · orange: built in-house · hatched: being built · "
                                 "corner mark: decision"),
                          note, r->x1, y, 1, 0, NULL);
      return;
    }
  _strata_chart_text (ctx, _("Blue: bought · orange: built in-house · pale: being built"),
                      note, r->x1, y, 1, 0, NULL);
  /* Translators: the roadmap of a dataset with too many layers to name,
   * %u is their number */
  {
    g_autofree char *caption = g_strdup_printf (ngettext ("%u layer, first at the top: too many to name here",
                                                          "%u layers, first at the top: too many to name here",
                                                          n), n);

    _strata_chart_text (ctx, caption, note, r->x0, y, 0, 0, NULL);
  }
}

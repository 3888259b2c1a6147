/* strata-chart-switchpoints.c: what would have to be true, for slides
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "strata/strata-switchpoints.h"

#include "strata-chart-private.h"

/*
 * The switch points of MODEL.md section 6 as a chart: one row per switch
 * of the optimal choice at the request's volume, nearest to today first.
 * Each row is the number's distance to its switch on a log scale (the
 * switch value divided by today's, from a tenth to ten times), a bar from
 * "today" to the switch, the number's own uncertainty range behind it,
 * and in a column on the right the values and what changes: "$3 B/yr →
 * $5.8 B/yr: Chips → Merchant GPU".  A switch inside the number's own
 * range is orange (it could happen on the dataset's own figures), one
 * outside it blue.  The numbers with no switch within the range are
 * counted below the rows.
 */

#define RGB(hex) { ((hex) >> 16 & 0xff) / 255.0, ((hex) >> 8 & 0xff) / 255.0, ((hex) & 0xff) / 255.0, 1.0 }

/* Okabe-Ito orange and sky blue (as the tornado's ends). */
static const StrataRgba inside_color = RGB (0xE69F00);
static const StrataRgba outside_color = RGB (0x56B4E9);

#define MIN_ROW_FONTS 1.6
#define MAX_ROW_FONTS 3.2

char *
_strata_chart_switch_change (const StrataDataset *dataset,
                             const guint         *before,
                             const guint         *after)
{
  GString *out = g_string_new (NULL);

  for (guint l = 0; l < dataset->n_layers; l++)
    if (before[l] != after[l] && after[l] < dataset->layers[l].n_options)
      {
        const StrataLayer *layer = &dataset->layers[l];

        g_string_append_printf (out, "%s%s \xE2\x86\x92 %s", out->len > 0 ? ", " : "",
                                layer->name != NULL ? layer->name : layer->id,
                                layer->options[after[l]].name != NULL ? layer->options[after[l]].name
                                                                      : layer->options[after[l]].id);
      }
  return g_string_free (out, FALSE);
}

/* "Chips / In-house accelerator: fixed cost", fitted into @max_width
 * (when > 0) by shortening the layer and option part, never the field. */
static char *
row_name (StrataChartCtx          *ctx,
          const StrataSwitchField *field,
          const StrataTextStyle   *style,
          double                   max_width)
{
  g_autofree char *words = g_strdelimit (g_strdup (field->field), "_", ' ');
  const char *colon = strrchr (field->label, ':');
  g_autofree char *owner = colon != NULL ? g_strndup (field->label, (gsize) (colon - field->label))
                                         : g_strdup (field->label);
  StrataTextStyle measure = *style;
  guint chars = (guint) MIN (g_utf8_strlen (owner, -1), (glong) STRATA_CHART_MAX_NAME_CHARS);

  measure.max_width = 0;
  for (;;)
    {
      g_autofree char *cut = _strata_chart_cut (owner, chars);
      char *label = g_strdup_printf ("%s: %s", cut, words);
      double w;

      _strata_chart_text_size (ctx, label, &measure, &w, NULL);
      if (max_width <= 0 || w <= max_width || chars <= 6)
        return label;
      g_free (label);
      chars = chars > 12 ? chars - chars / 8 : chars - 1;
    }
}

/* The tick labels of the ratio axis. */
static const struct
{
  double      ratio;
  const char *text;
} ticks[] = {
  { 0.1, "\xC3\xB7" "10" }, { 0.2, "\xC3\xB7" "5" }, { 0.5, "\xC3\xB7" "2" }, { 1.0, "today" },
  { 2.0, "\xC3\x97" "2" }, { 5.0, "\xC3\x97" "5" }, { 10.0, "\xC3\x97" "10" },
};

void
_strata_chart_draw_switchpoints (StrataChartCtx *ctx)
{
  const StrataChartRequest *request = ctx->request;
  const StrataDataset *dataset = request->dataset;
  const StrataChartTheme *theme = ctx->theme;
  g_autoptr(StrataSwitchPoints) points = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *at = NULL;
  g_auto(GStrv) names = NULL;
  StrataTextStyle style;
  StrataScale xs;
  double volume, top, bottom, legend_h, axis_h, footer_h, slot, bar_h;
  double label_w = 0, plot_left, plot_right, text_left;
  guint n_shown, n_fit, n_switches;

  volume = request->volume > 0 && isfinite (request->volume) ? request->volume
                                                              : dataset->volume_default;
  at = _strata_chart_volume_phrase (volume, dataset);
  subtitle = g_strdup_printf ("Switch points of the optimal choice at %s, each number alone", at);
  top = _strata_chart_title (ctx, dataset->title, subtitle);
  bottom = ctx->height - ctx->pad;

  points = strata_switch_points_find (dataset, volume, request->objective, NULL, NULL, &error);
  if (points == NULL)
    {
      _strata_chart_message (ctx, error->message);
      return;
    }
  n_switches = points->switches->len;
  if (n_switches == 0)
    {
      _strata_chart_message (ctx, "No number changes the optimal choice between a tenth and ten "
                                  "times its value at this volume");
      return;
    }

  /* -- vertical layout: legend, rows, axis, footnote ------------------------- */

  legend_h = ctx->font_px * 2.0;
  axis_h = ctx->font_px * (0.6 + 1.2 + 0.35 + 1.25);
  footer_h = ctx->font_px * 1.6;
  top += legend_h;
  {
    double room = bottom - top - axis_h - footer_h;

    n_fit = (guint) MAX (0.0, floor (room / (ctx->font_px * MIN_ROW_FONTS)));
    n_shown = MIN (n_switches, n_fit);
    if (n_shown == 0)
      {
        _strata_chart_message (ctx, "Too small to show the switch points");
        return;
      }
    slot = MIN (room / n_shown, ctx->font_px * MAX_ROW_FONTS);
    bar_h = MIN (slot * 0.5, ctx->font_px * 1.2);
  }

  /* -- horizontal layout: names | plot | values and change -------------------- */

  style = _strata_chart_style (ctx, 0.85, STRATA_TEXT_LABEL, theme->foreground,
                               STRATA_TEXT_FLAG_BOLD);
  names = g_new0 (char *, n_shown + 1);
  for (guint r = 0; r < n_shown; r++)
    {
      const StrataSwitch *sw = &g_array_index (points->switches, StrataSwitch, r);
      double w;

      names[r] = row_name (ctx, &g_array_index (points->fields, StrataSwitchField, sw->field), &style,
                           ctx->width * 0.32);
      _strata_chart_text_size (ctx, names[r], &style, &w, NULL);
      label_w = MAX (label_w, w);
    }
  label_w = MIN (label_w, ctx->width * 0.32);
  plot_left = ctx->pad + label_w + ctx->font_px * 0.8;
  plot_right = plot_left + MAX ((ctx->width - 2 * ctx->pad) * 0.3, ctx->font_px * 8);
  text_left = plot_right + ctx->font_px * 0.8;
  xs = (StrataScale) { 0.1, 10.0, plot_left, plot_right, TRUE };

  /* -- legend --------------------------------------------------------------------- */
  {
    double lx = ctx->pad, ly = top - legend_h * 0.6, sw = ctx->font_px * 0.9;
    const struct { StrataRgba color; const char *text; } items[] = {
      { inside_color, "switch inside the number's own range" },
      { outside_color, "switch outside it" },
      { theme->panel, "the number's own range (low to high)" },
    };
    StrataChartRect box;

    style = _strata_chart_style (ctx, 0.85, STRATA_TEXT_LEGEND, theme->foreground,
                                 STRATA_TEXT_FLAG_TRY);
    for (guint i = 0; i < G_N_ELEMENTS (items); i++)
      {
        double w;

        _strata_chart_text_size (ctx, items[i].text, &style, &w, NULL);
        if (lx + sw + ctx->font_px * 0.4 + w > ctx->width - ctx->pad)
          break;
        _strata_chart_round_rect (ctx->cr, lx, ly - sw / 2, sw, sw, sw * 0.2);
        _strata_chart_set_color (ctx->cr, items[i].color);
        cairo_fill (ctx->cr);
        _strata_chart_text (ctx, items[i].text, &style, lx + sw + ctx->font_px * 0.4, ly, 0, 0.5,
                            &box);
        lx += sw + ctx->font_px * 0.4 + w + ctx->font_px * 1.6;
      }
  }

  /* -- grid and axis ------------------------------------------------------------- */
  {
    double rows_bottom = top + slot * n_shown;

    cairo_save (ctx->cr);
    cairo_set_line_width (ctx->cr, 1.0);
    for (guint k = 0; k < G_N_ELEMENTS (ticks); k++)
      {
        double x = round (_strata_scale_map (&xs, ticks[k].ratio)) + 0.5;

        _strata_chart_set_color (ctx->cr, ticks[k].ratio == 1.0 ? theme->foreground : theme->grid);
        _strata_chart_line (ctx->cr, x, top, x, rows_bottom + ctx->font_px * 0.35);
        cairo_stroke (ctx->cr);
      }
    cairo_restore (ctx->cr);
    style = _strata_chart_style (ctx, 0.85, STRATA_TEXT_AXIS, theme->muted, STRATA_TEXT_FLAG_TRY);
    for (guint k = 0; k < G_N_ELEMENTS (ticks); k++)
      _strata_chart_text (ctx, ticks[k].text, &style, _strata_scale_map (&xs, ticks[k].ratio),
                          rows_bottom + ctx->font_px * 0.6, 0.5, 0, NULL);
    style.max_width = plot_right - plot_left + 2 * ctx->font_px * 3;
    _strata_chart_text (ctx, "Switch point \xC3\xB7 today's value (log scale)", &style,
                        (plot_left + plot_right) / 2, rows_bottom + ctx->font_px * 2.0, 0.5, 0, NULL);
  }

  /* -- rows -------------------------------------------------------------------------- */

  for (guint r = 0; r < n_shown; r++)
    {
      const StrataSwitch *sw = &g_array_index (points->switches, StrataSwitch, r);
      const StrataSwitchField *field = &g_array_index (points->fields, StrataSwitchField, sw->field);
      const char *name = names[r];
      g_autofree char *today = _strata_chart_field_value (field->field, sw->value, dataset);
      g_autofree char *then = _strata_chart_field_value (field->field, sw->at, dataset);
      g_autofree char *change = _strata_chart_switch_change (dataset, sw->before, sw->after);
      g_autofree char *text = NULL;
      double cy = top + slot * (r + 0.5);
      double x1 = _strata_scale_map (&xs, 1.0);
      double xr = _strata_scale_map (&xs, CLAMP (sw->ratio, 0.1, 10.0));
      StrataHit hit = { STRATA_HIT_BAR, MIN (request->current, MAX (request->n_strategies, 1) - 1),
                        field->layer, r, volume, sw->at };
      StrataChartRect row_rect = { ctx->pad, cy - slot / 2, ctx->width - 2 * ctx->pad, slot };
      StrataRgba color = sw->within_uncertainty ? inside_color : outside_color;

      /* The number's own range, as ratios to today's value. */
      if (field->uncertain && sw->value != 0)
        {
          double a = field->low / sw->value, b = field->high / sw->value;
          double lo = CLAMP (MIN (a, b), 0.1, 10.0), hi = CLAMP (MAX (a, b), 0.1, 10.0);

          if (hi > lo)
            {
              double xa = _strata_scale_map (&xs, lo), xb = _strata_scale_map (&xs, hi);

              _strata_chart_rect_path (ctx->cr, xa, cy - slot * 0.4, xb - xa, slot * 0.8);
              _strata_chart_set_color (ctx->cr, theme->panel);
              cairo_fill (ctx->cr);
            }
        }

      _strata_chart_rect_path (ctx->cr, MIN (x1, xr), cy - bar_h / 2, MAX (fabs (xr - x1), 1.0), bar_h);
      _strata_chart_set_color (ctx->cr, color);
      cairo_fill (ctx->cr);
      _strata_chart_circle (ctx->cr, xr, cy, bar_h * 0.45);
      _strata_chart_set_color (ctx->cr, _strata_chart_mix (color, theme->foreground, 0.35));
      cairo_fill (ctx->cr);

      style = _strata_chart_style (ctx, 0.85, STRATA_TEXT_LABEL, theme->foreground,
                                   sw->within_uncertainty ? STRATA_TEXT_FLAG_BOLD : 0);
      style.size = MIN (style.size, slot * 0.6);
      style.max_width = label_w + 1;
      _strata_chart_text (ctx, name, &style, plot_left - ctx->font_px * 0.8, cy, 1, 0.5, NULL);

      text = g_strdup_printf ("%s \xE2\x86\x92 %s: %s", today, then, change);
      style = _strata_chart_style (ctx, 0.8, STRATA_TEXT_VALUE, theme->foreground, 0);
      style.size = MIN (style.size, slot * 0.55);
      style.max_width = ctx->width - ctx->pad - text_left;
      style.key = "switchpoints:switch";
      style.value = sw->at;
      _strata_chart_text (ctx, text, &style, text_left, cy, 0, 0.5, NULL);

      _strata_chart_add_region (ctx, &row_rect, &hit);
    }

  /* -- footnote ---------------------------------------------------------------------- */
  {
    g_autofree char *note = NULL;
    guint n_robust = points->robust->len;

    if (n_shown < n_switches)
      note = g_strdup_printf ("The %u nearest of %u switches; %u numbers have none from "
                              "\xC3\xB7" "10 to \xC3\x97" "10", n_shown, n_switches, n_robust);
    else
      note = g_strdup_printf ("%u switches; %u numbers have none from \xC3\xB7" "10 to "
                              "\xC3\x97" "10", n_switches, n_robust);
    style = _strata_chart_style (ctx, 0.8, STRATA_TEXT_LABEL, theme->muted,
                                 STRATA_TEXT_FLAG_TRY | STRATA_TEXT_FLAG_ITALIC);
    style.max_width = ctx->width - 2 * ctx->pad;
    _strata_chart_text (ctx, note, &style, ctx->pad, top + slot * n_shown + axis_h + footer_h * 0.35,
                        0, 0, NULL);
  }
}

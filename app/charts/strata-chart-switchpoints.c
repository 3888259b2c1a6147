/* strata-chart-switchpoints.c: what would have to be true, for slides
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include <math.h>
#include <string.h>

#include "strata/strata-switchpoints.h"

#include "strata-chart-private.h"

/*
 * The switch points of MODEL.md section 6 as a chart: one row per switch
 * of the optimal choice at the request's volume (or, when the request's
 * outcome is savings_npv, of the sign of savings_npv of adopting the
 * current strategy now, MODEL.md 8), nearest to today first.
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

/* _strata_chart_switch_change () with each layer's name cut to
 * @layer_chars characters: the options it changes to are what a short
 * column keeps ("Custom accelerat… → Merchant GPUs", not "Custom
 * accelerators and hardware security m…"). */
static char *
switch_change_cut (const StrataDataset *dataset,
                   const guint         *before,
                   const guint         *after,
                   guint                layer_chars)
{
  GString *out = g_string_new (NULL);

  for (guint l = 0; l < dataset->n_layers; l++)
    if (before[l] != after[l] && after[l] < dataset->layers[l].n_options)
      {
        const StrataLayer *layer = &dataset->layers[l];
        g_autofree char *name = layer_chars < G_MAXUINT
                                ? _strata_chart_cut (layer->name != NULL ? layer->name : layer->id, layer_chars)
                                : g_strdup (layer->name != NULL ? layer->name : layer->id);

        g_string_append_printf (out, "%s%s \xE2\x86\x92 %s", out->len > 0 ? ", " : "", name,
                                layer->options[after[l]].name != NULL ? layer->options[after[l]].name
                                                                      : layer->options[after[l]].id);
      }
  return g_string_free (out, FALSE);
}

char *
_strata_chart_switch_change (const StrataDataset *dataset,
                             const guint         *before,
                             const guint         *after)
{
  return switch_change_cut (dataset, before, after, G_MAXUINT);
}

/* A StrataProgressFunc: the share of fields done, to the chart job. */
static void
switch_points_progress (double   fraction,
                        gpointer data)
{
  _strata_chart_job_report (fraction);
}

/* The switch points of the request, as the chart job under way (if any)
 * runs them: stopped when it is cancelled (NULL and
 * G_IO_ERROR_CANCELLED), its progress told.  The decision follows the
 * request's outcome as the app's list does: which of the tornado's two
 * strategies is cheaper for the gap and the break-even, the sign of
 * savings_npv, else the optimal choice. */
StrataSwitchPoints *
_strata_chart_switch_points (const StrataChartRequest *request,
                             GError                  **error)
{
  GCancellable *cancellable = _strata_chart_job_cancellable ();
  const StrataDataset *dataset = request->dataset;
  double volume = request->volume > 0 && isfinite (request->volume) ? request->volume
                                                                    : dataset->volume_default;
  StrataTornadoParams params;
  gboolean have_params = _strata_chart_tornado_params (request, &params);

  switch (request->outcome)
    {
    case STRATA_TORNADO_SAVINGS:
      if (!have_params)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "%s",
                       dataset->horizon == NULL
                       ? _("This dataset has no horizon, so there is no savings_npv (MODEL.md 8)")
                       : _("No strategy to show"));
          return NULL;
        }
      return strata_switch_points_find_savings_full (dataset, request->objective, params.strategy,
                                                     cancellable, switch_points_progress, NULL,
                                                     error);
    case STRATA_TORNADO_GAP:
    case STRATA_TORNADO_BREAKEVEN:
      if (!have_params)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "%s",
                       _("Which of two strategies is cheaper needs a second strategy to compare"));
          return NULL;
        }
      return strata_switch_points_find_full (dataset, volume, request->objective, params.a, params.b,
                                             cancellable, switch_points_progress, NULL, error);
    case STRATA_TORNADO_COST:
    default:
      return _strata_chart_optimum_switch_points (request->dataset, volume, request->objective,
                                                  error);
    }
}

char *
_strata_chart_switch_what (const StrataDataset      *dataset,
                           const StrataSwitchPoints *points,
                           const StrataSwitch       *sw)
{
  if (!points->savings && points->a == NULL)
    return _strata_chart_switch_change (dataset, sw->before, sw->after);
  /* The app's list and the CLI's table say it so (strata-switchpoints-text.c). */
  return strata_switch_change_text (dataset, points, sw);
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

/* The chart, in steps: what to show and how many rows fit, the names'
 * width, the legend, the axis, the rows, the footnote. */
typedef struct
{
  StrataChartCtx     *ctx;
  const StrataSwitchPoints *points;  /* kept by the context's results */
  double              volume;
  double              top;
  double              axis_h;
  double              footer_h;
  double              slot;
  double              bar_h;
  double              label_w;
  double              plot_left;
  double              plot_right;
  double              text_left;
  StrataScale         xs;
  guint               n_shown;
  char              **names;
} Rows;

static char *
subtitle_of (const StrataChartRequest *request,
             double                    volume)
{
  const StrataDataset *dataset = request->dataset;
  g_autofree char *at = _strata_chart_volume_phrase (volume, dataset);
  StrataTornadoParams params;
  const StrataStrategy *start;
  g_autofree char *name = NULL, *from = NULL, *other = NULL;

  if (!_strata_chart_tornado_params (request, &params))
    params.outcome = STRATA_TORNADO_COST;
  switch (params.outcome)
    {
    case STRATA_TORNADO_SAVINGS:
      start = strata_dataset_find_strategy (dataset, dataset->horizon->start);
      name = _strata_chart_cut (params.strategy->name, 48);
      from = _strata_chart_cut (start != NULL ? start->name : dataset->horizon->start, 48);
      /* Translators: savings_npv is a key of the file format, keep it; a strategy and the start plan */
      return g_strdup_printf (_("Switch points of savings_npv, adopting %s now against %s"), name, from);
    case STRATA_TORNADO_GAP:
    case STRATA_TORNADO_BREAKEVEN:
      name = _strata_chart_cut (params.a->name, 48);
      other = _strata_chart_cut (params.b->name, 48);
      /* Translators: two strategies, then a volume ("at 10 B tokens a year") */
      return g_strdup_printf (_("Switch points of which of %s and %s is cheaper at %s, each number alone"),
                              name, other, at);
    case STRATA_TORNADO_COST:
    default:
      /* Translators: a volume ("at 10 B tokens a year") */
      return g_strdup_printf (_("Switch points of the optimal choice at %s, each number alone"), at);
    }
}

/* The switch points of the request (the same at every size). */
/* The switch points of the request, or why there are none: the same at
 * every size, so the message is kept with them. */
typedef struct
{
  StrataSwitchPoints *points;   /* (nullable) */
  char               *message;  /* why there are no points */
} SwitchResult;

static void
switch_result_free (gpointer data)
{
  SwitchResult *result = data;

  g_clear_pointer (&result->points, strata_switch_points_free);
  g_free (result->message);
  g_free (result);
}

static gpointer
switch_points_compute (StrataChartCtx *ctx,
                       gpointer        data)
{
  SwitchResult *result = g_new0 (SwitchResult, 1);
  g_autoptr(GError) error = NULL;

  result->points = _strata_chart_switch_points (ctx->request, &error);
  if (result->points == NULL)
    result->message = g_strdup (error->message);
  return result;
}

static gpointer
switch_points_copy (gpointer data)
{
  const SwitchResult *result = data;

  return result->points != NULL ? strata_switch_points_copy (result->points) : NULL;
}

StrataSwitchPoints *
_strata_chart_switch_points_in (const StrataChartRequest *request,
                                StrataChartResults       *results)
{
  if (results == NULL)
    return _strata_chart_switch_points (request, NULL);
  return _strata_chart_result_copy (results, request, "switchpoints", switch_points_compute,
                                    switch_result_free, switch_points_copy);
}

/* The title, the switch points and the rows that fit; FALSE when a
 * message stands in for the chart. */
static gboolean
rows_fit (Rows *rows)
{
  StrataChartCtx *ctx = rows->ctx;
  const StrataChartRequest *request = ctx->request;
  const SwitchResult *result;
  g_autofree char *subtitle = NULL;
  double bottom, room;
  guint n_fit, n_switches;

  rows->volume = request->volume > 0 && isfinite (request->volume) ? request->volume
                                                                   : request->dataset->volume_default;
  subtitle = subtitle_of (request, rows->volume);
  rows->top = _strata_chart_title (ctx, request->dataset->title, subtitle);
  bottom = ctx->height - ctx->pad;

  result = _strata_chart_result (ctx, "switchpoints", switch_points_compute, NULL, switch_result_free);
  rows->points = result->points;
  if (rows->points == NULL)
    {
      _strata_chart_message (ctx, result->message);
      return FALSE;
    }
  n_switches = rows->points->switches->len;
  if (n_switches == 0)
    {
      g_autofree char *message = NULL;

      if (rows->points->savings)
        /* Translators: savings_npv is a key of the file format, keep it */
        message = g_strdup (_("No number changes the sign of savings_npv between a tenth and ten "
                              "times its value"));
      else if (rows->points->a != NULL)
        /* Translators: two strategies */
        message = g_strdup_printf (_("No number changes which of %s and %s is cheaper between a tenth "
                                     "and ten times its value at this volume"),
                                   rows->points->a->name, rows->points->b->name);
      else
        message = g_strdup (_("No number changes the optimal choice between a tenth and ten "
                              "times its value at this volume"));
      _strata_chart_message (ctx, message);
      return FALSE;
    }

  /* Vertical layout: legend, rows, axis, footnote. */
  rows->axis_h = ctx->font_px * (0.6 + 1.2 + 0.35 + 1.25);
  rows->footer_h = ctx->font_px * 1.6;
  rows->top += ctx->font_px * 2.0;
  room = bottom - rows->top - rows->axis_h - rows->footer_h;
  n_fit = (guint) MAX (0.0, floor (room / (ctx->font_px * MIN_ROW_FONTS)));
  rows->n_shown = MIN (n_switches, n_fit);
  if (rows->n_shown == 0)
    {
      _strata_chart_message (ctx, _("Too small to show the switch points"));
      return FALSE;
    }
  rows->slot = MIN (room / rows->n_shown, ctx->font_px * MAX_ROW_FONTS);
  rows->bar_h = MIN (rows->slot * 0.5, ctx->font_px * 1.2);
  return TRUE;
}

/* Horizontal layout: names | plot | values and change. */
static void
rows_measure (Rows *rows)
{
  StrataChartCtx *ctx = rows->ctx;
  StrataTextStyle style = _strata_chart_style (ctx, 0.85, STRATA_TEXT_LABEL, ctx->theme->foreground,
                                               STRATA_TEXT_FLAG_BOLD);

  rows->names = g_new0 (char *, rows->n_shown + 1);
  for (guint r = 0; r < rows->n_shown; r++)
    {
      const StrataSwitch *sw = &g_array_index (rows->points->switches, StrataSwitch, r);
      const StrataSwitchField *field = &g_array_index (rows->points->fields, StrataSwitchField, sw->field);
      double w;

      rows->names[r] = _strata_chart_field_label (ctx, field->label, field->field, &style, ctx->width * 0.32);
      _strata_chart_text_size (ctx, rows->names[r], &style, &w, NULL);
      rows->label_w = MAX (rows->label_w, w);
    }
  rows->label_w = MIN (rows->label_w, ctx->width * 0.32);
  rows->plot_left = ctx->pad + rows->label_w + ctx->font_px * 0.8;
  rows->plot_right = rows->plot_left + MAX ((ctx->width - 2 * ctx->pad) * 0.3, ctx->font_px * 8);
  rows->text_left = rows->plot_right + ctx->font_px * 0.8;
  rows->xs = (StrataScale) { 0.1, 10.0, rows->plot_left, rows->plot_right, TRUE };
}

static void
rows_legend (Rows *rows)
{
  StrataChartCtx *ctx = rows->ctx;
  double legend_h = ctx->font_px * 2.0;
  const StrataSwatch items[] = {
    { inside_color, _("switch inside the number's own range") },
    { outside_color, _("switch outside it") },
    { ctx->theme->panel, _("the number's own range (low to high)") },
  };

  _strata_chart_swatches (ctx, items, G_N_ELEMENTS (items), ctx->pad, rows->top - legend_h * 0.6);
}

/* The grid at each tick of the ratio axis, "today" stronger, and the
 * axis's title. */
static void
rows_axis (Rows *rows)
{
  StrataChartCtx *ctx = rows->ctx;
  const StrataChartTheme *theme = ctx->theme;
  double rows_bottom = rows->top + rows->slot * rows->n_shown;
  StrataTextStyle style;

  cairo_save (ctx->cr);
  cairo_set_line_width (ctx->cr, 1.0);
  for (guint k = 0; k < G_N_ELEMENTS (ticks); k++)
    {
      double x = round (_strata_scale_map (&rows->xs, ticks[k].ratio)) + 0.5;

      _strata_chart_set_color (ctx->cr, ticks[k].ratio == 1.0 ? theme->foreground : theme->grid);
      _strata_chart_line (ctx->cr, x, rows->top, x, rows_bottom + ctx->font_px * 0.35);
      cairo_stroke (ctx->cr);
    }
  cairo_restore (ctx->cr);
  style = _strata_chart_style (ctx, 0.85, STRATA_TEXT_AXIS, theme->muted, STRATA_TEXT_FLAG_TRY);
  for (guint k = 0; k < G_N_ELEMENTS (ticks); k++)
    _strata_chart_text (ctx, ticks[k].text, &style, _strata_scale_map (&rows->xs, ticks[k].ratio),
                        rows_bottom + ctx->font_px * 0.6, 0.5, 0, NULL);
  style.max_width = rows->plot_right - rows->plot_left + 2 * ctx->font_px * 3;
  _strata_chart_text (ctx, _("Switch point \xC3\xB7 today's value (log scale)"), &style,
                      (rows->plot_left + rows->plot_right) / 2, rows_bottom + ctx->font_px * 2.0,
                      0.5, 0, NULL);
}

/* Row @r: the number's own range behind, the bar from today to the
 * switch, its name, and "today → switch: what changes". */
static void
rows_row (Rows  *rows,
          guint  r)
{
  StrataChartCtx *ctx = rows->ctx;
  const StrataChartRequest *request = ctx->request;
  const StrataDataset *dataset = request->dataset;
  const StrataChartTheme *theme = ctx->theme;
  const StrataSwitch *sw = &g_array_index (rows->points->switches, StrataSwitch, r);
  const StrataSwitchField *field = &g_array_index (rows->points->fields, StrataSwitchField, sw->field);
  g_autofree char *today = NULL;
  g_autofree char *then = NULL;
  g_autofree char *change = _strata_chart_switch_what (dataset, rows->points, sw);
  g_autofree char *text = NULL;
  double slot = rows->slot, bar_h = rows->bar_h, cy = rows->top + slot * (r + 0.5);
  double x1 = _strata_scale_map (&rows->xs, 1.0);
  double xr = _strata_scale_map (&rows->xs, CLAMP (sw->ratio, 0.1, 10.0));
  StrataHit hit = { STRATA_HIT_BAR, MIN (request->current, MAX (request->n_strategies, 1) - 1),
                    field->layer, r, rows->volume, sw->at };
  StrataChartRect row_rect = { ctx->pad, cy - slot / 2, ctx->width - 2 * ctx->pad, slot };
  StrataRgba color = sw->within_uncertainty ? inside_color : outside_color;
  StrataTextStyle style;

  /* As the app's list and strata-cli say them: apart, however near. */
  strata_switch_field_values (dataset, field->field, sw->value, sw->at, &today, &then);

  /* The number's own range, as ratios to today's value. */
  if (field->uncertain && sw->value != 0)
    {
      double a = field->low / sw->value, b = field->high / sw->value;
      double lo = CLAMP (MIN (a, b), 0.1, 10.0), hi = CLAMP (MAX (a, b), 0.1, 10.0);

      if (hi > lo)
        {
          double xa = _strata_scale_map (&rows->xs, lo), xb = _strata_scale_map (&rows->xs, hi);

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
  style.max_width = rows->label_w + 1;
  _strata_chart_text (ctx, rows->names[r], &style, rows->plot_left - ctx->font_px * 0.8, cy, 1, 0.5,
                      NULL);

  text = g_strdup_printf ("%s \xE2\x86\x92 %s: %s", today, then, change);
  style = _strata_chart_style (ctx, 0.8, STRATA_TEXT_VALUE, theme->foreground, 0);
  style.size = MIN (style.size, slot * 0.55);
  style.max_width = ctx->width - ctx->pad - rows->text_left;
  /* Too long: the layers' names shorter, the options they change to
   * whole. */
  if (!rows->points->savings && rows->points->a == NULL)
    {
      StrataTextStyle measure = style;
      double w;

      measure.max_width = 0;
      _strata_chart_text_size (ctx, text, &measure, &w, NULL);
      for (guint chars = 32; w > style.max_width && chars >= 8; chars -= 4)
        {
          g_autofree char *shorter = switch_change_cut (dataset, sw->before, sw->after, chars);

          g_free (text);
          text = g_strdup_printf ("%s \xE2\x86\x92 %s: %s", today, then, shorter);
          _strata_chart_text_size (ctx, text, &measure, &w, NULL);
        }
    }
  style.key = "switchpoints:switch";
  style.value = sw->at;
  _strata_chart_text (ctx, text, &style, rows->text_left, cy, 0, 0.5, NULL);

  /* Hovered: the number, and the sentence the app's list and strata-cli
   * say of the switch, whole. */
  {
    GString *detail = g_string_new (NULL);
    g_autofree char *name = _strata_chart_field_label (ctx, field->label, field->field, &style, 0);
    g_autofree char *sentence = strata_switch_sentence (dataset, rows->points, sw);

    g_string_append_printf (detail, "%s\n%s", name, sentence);
    if (sw->within_uncertainty)
      g_string_append_printf (detail, "\n%s", _("The switch is inside the number's own range"));
    _strata_chart_add_region_detail (ctx, &row_rect, &hit, g_string_free (detail, FALSE));
  }
}

static void
rows_footnote (Rows *rows)
{
  StrataChartCtx *ctx = rows->ctx;
  g_autofree char *note = NULL;
  guint n_robust = rows->points->robust->len, n_switches = rows->points->switches->len;
  StrataTextStyle style;

  if (rows->n_shown < n_switches)
    /* Translators: counts; "÷10 to ×10" is how far each number was moved */
    note = g_strdup_printf (_("The %u nearest of %u switches; %u numbers have none from "
                              "\xC3\xB7" "10 to \xC3\x97" "10"), rows->n_shown, n_switches, n_robust);
  else
    /* Translators: counts; "÷10 to ×10" is how far each number was moved */
    note = g_strdup_printf (_("%u switches; %u numbers have none from \xC3\xB7" "10 to "
                              "\xC3\x97" "10"), n_switches, n_robust);
  style = _strata_chart_style (ctx, 0.8, STRATA_TEXT_LABEL, ctx->theme->muted,
                               STRATA_TEXT_FLAG_TRY | STRATA_TEXT_FLAG_ITALIC);
  style.max_width = ctx->width - 2 * ctx->pad;
  _strata_chart_text (ctx, note, &style, ctx->pad,
                      rows->top + rows->slot * rows->n_shown + rows->axis_h + rows->footer_h * 0.35,
                      0, 0, NULL);
}

void
_strata_chart_draw_switchpoints (StrataChartCtx *ctx)
{
  Rows rows = { ctx };

  if (rows_fit (&rows))
    {
      rows_measure (&rows);
      rows_legend (&rows);
      rows_axis (&rows);
      for (guint r = 0; r < rows.n_shown; r++)
        rows_row (&rows, r);
      rows_footnote (&rows);
    }
  g_strfreev (rows.names);
}

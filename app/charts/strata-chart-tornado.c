/* strata-chart-tornado.c: which uncertain number moves the cost most
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "strata/strata-uncertainty.h"

#include "strata-chart-private.h"

/*
 * The tornado of MODEL.md section 6: horizontal bars around the effective
 * unit cost of the current strategy at the current volume, one row per
 * uncertain number that moves it, largest swing on top.  Each row has a
 * bar from the base to the cost with the number at its low and one to the
 * cost with it at its high; their ends carry the number's value (in its
 * own unit) and the cost it leads to.
 */

#define RGB(hex) { ((hex) >> 16 & 0xff) / 255.0, ((hex) >> 8 & 0xff) / 255.0, ((hex) & 0xff) / 255.0, 1.0 }

/* Okabe-Ito sky blue and orange: apart from the mode colours (blue and
 * vermillion), which mean neutral and integrated everywhere else. */
static const StrataRgba low_color = RGB (0x56B4E9);
static const StrataRgba high_color = RGB (0xE69F00);

/* Rows never get thinner than this many font sizes. */
#define MIN_ROW_FONTS 1.75
#define MAX_ROW_FONTS 4.5

typedef enum
{
  FIELD_MONEY,          /* per unit */
  FIELD_MONEY_PER_YEAR,
  FIELD_SHARE,          /* 0..1 shown as a percentage */
  FIELD_VOLUME,
  FIELD_MS,
} FieldUnit;

static FieldUnit
field_unit (const char *field)
{
  if (g_str_equal (field, "margin") || g_str_equal (field, "learning_rate") ||
      g_str_equal (field, "saving"))
    return FIELD_SHARE;
  if (g_str_equal (field, "fixed_cost"))
    return FIELD_MONEY_PER_YEAR;
  if (g_str_equal (field, "reference_volume"))
    return FIELD_VOLUME;
  if (g_str_equal (field, "latency_ms"))
    return FIELD_MS;
  return FIELD_MONEY;
}

/* The value of a number of the dataset (its JSON key @field) in its own
 * unit: "18 %", "$2 B/yr" (also the switch points chart's). */
char *
_strata_chart_field_value (const char          *field,
                           double               value,
                           const StrataDataset *dataset)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *text = NULL;

  if (!isfinite (value))
    return g_strdup ("\xE2\x80\x94");
  switch (field_unit (field))
    {
    case FIELD_SHARE:
      g_ascii_formatd (buf, sizeof buf, "%.3g", value * 100);
      return g_strdup_printf ("%s %%", buf);
    case FIELD_MONEY_PER_YEAR:
      text = _strata_chart_money_si (value, dataset);
      return g_strdup_printf ("%s/yr", text);
    case FIELD_VOLUME:
      return _strata_chart_volume (value);
    case FIELD_MS:
      g_ascii_formatd (buf, sizeof buf, "%.3g", value);
      return g_strdup_printf ("%s ms", buf);
    case FIELD_MONEY:
    default:
      return _strata_chart_money (value, dataset);
    }
}

/* "Chips / In-house accelerator: learning rate", fitted into @max_width
 * by shortening the layer and option part, never the field: two rows of
 * one option must stay apart. */
static char *
row_label (StrataChartCtx        *ctx,
           const StrataUncertain *number,
           const StrataTextStyle *style,
           double                 max_width)
{
  g_autofree char *field = g_strdup (number->field);
  g_autofree char *owner = NULL;
  const char *colon = strrchr (number->label, ':');
  StrataTextStyle measure = *style;
  guint chars;

  /* The JSON key reads better with spaces. */
  g_strdelimit (field, "_", ' ');
  owner = colon != NULL ? g_strndup (number->label, (gsize) (colon - number->label))
                        : g_strdup (number->label);
  measure.max_width = 0;

  chars = MIN (g_utf8_strlen (owner, -1), (glong) STRATA_CHART_MAX_NAME_CHARS);
  for (;;)
    {
      g_autofree char *cut = _strata_chart_cut (owner, chars);
      char *label = g_strdup_printf ("%s: %s", cut, field);
      double w;

      _strata_chart_text_size (ctx, label, &measure, &w, NULL);
      if (w <= max_width || chars <= 6)
        return label;
      g_free (label);
      chars = chars > 12 ? chars - chars / 8 : chars - 1;
    }
}

/* "2 not chosen, 1 floor binds": the exact reasons of the numbers that
 * move nothing (MODEL.md section 6), most frequent first. */
static char *
still_reasons (GArray *entries)
{
  guint counts[STRATA_TORNADO_LAST_REASON + 1] = { 0 };
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < entries->len; i++)
    {
      const StrataTornadoEntry *e = &g_array_index (entries, StrataTornadoEntry, i);

      if (e->reason != STRATA_TORNADO_MOVES && e->reason <= STRATA_TORNADO_LAST_REASON)
        counts[e->reason]++;
    }
  for (;;)
    {
      guint best = 0;

      for (guint r = 1; r < G_N_ELEMENTS (counts); r++)
        if (counts[r] > counts[best])
          best = r;
      if (counts[best] == 0)
        break;
      g_string_append_printf (out, "%s%u %s", out->len > 0 ? ", " : "", counts[best],
                              strata_tornado_reason_short ((StrataTornadoReason) best));
      counts[best] = 0;
    }
  return g_string_free (out, FALSE);
}

static gboolean
moves (const StrataTornadoEntry *entry)
{
  double scale = MAX (fabs (entry->base), 1e-300);

  /* An infinite swing moves it too; its infinite end gets no bar. */
  return entry->swing > 1e-9 * scale;
}

/* One end of a row: the bar from the base to @outcome and its label. */
typedef struct
{
  double      outcome;
  char       *text;      /* "18% → $1.36" */
  double      text_w;
  StrataRgba  color;
} End;

static void
end_clear (End *end)
{
  g_clear_pointer (&end->text, g_free);
}

void
_strata_chart_draw_tornado (StrataChartCtx *ctx)
{
  const StrataChartRequest *request = ctx->request;
  const StrataDataset *dataset = request->dataset;
  const StrataChartTheme *theme = ctx->theme;
  const StrataStrategy *strategy;
  g_autoptr(GArray) entries = NULL;
  g_autoptr(GArray) ticks = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *base_text = NULL;
  g_autofree char *axis_title = NULL;
  g_autofree End *ends = NULL;
  g_autofree char **labels = NULL;
  StrataTextStyle style;
  StrataChartRect box;
  StrataScale scale;
  double volume, base, top, bottom, footer_h, axis_h, legend_h, legend_top;
  double label_w = 0, left_w = 0, right_w = 0;
  double x0, x1, bars_left, bars_right, lo, hi, slot, bar_h;
  guint n_moving = 0, n_shown, n_fit, n_still;

  volume = request->volume > 0 && isfinite (request->volume) ? request->volume
                                                              : dataset->volume_default;
  if (request->n_strategies > 0)
    strategy = request->strategies[MIN (request->current, request->n_strategies - 1)];
  else if (dataset->n_strategies > 0)
    strategy = &dataset->strategies[0];
  else
    strategy = NULL;

  {
    g_autofree char *at = _strata_chart_volume_phrase (volume, dataset);
    g_autofree char *name = _strata_chart_cut (strategy ? strategy->name : "", 48);

    subtitle = g_strdup_printf ("Tornado: effective unit cost of %s at %s", name, at);
  }
  top = _strata_chart_title (ctx, dataset->title, subtitle);
  bottom = ctx->height - ctx->pad;

  if (strategy == NULL)
    {
      _strata_chart_message (ctx, "No strategy to show");
      return;
    }

  entries = strata_tornado (dataset, strategy, volume);
  if (entries->len == 0)
    {
      _strata_chart_message (ctx, "This dataset has no uncertain numbers");
      return;
    }

  base = g_array_index (entries, StrataTornadoEntry, 0).base;
  for (guint i = 0; i < entries->len; i++)
    if (moves (&g_array_index (entries, StrataTornadoEntry, i)))
      n_moving++;
  if (!isfinite (base))
    {
      _strata_chart_message (ctx, "The cost of this strategy is not a finite number at this volume");
      return;
    }
  if (n_moving == 0)
    {
      g_autofree char *message =
        g_strdup_printf ("None of the %u uncertain numbers moves the cost of this strategy "
                         "at this volume", entries->len);
      _strata_chart_message (ctx, message);
      return;
    }

  /* -- vertical layout: legend, base label, rows, axis, footnote ------------- */

  legend_h = ctx->font_px * 2.0;
  axis_h = ctx->font_px * (0.6 + 1.2 + 0.35 + 1.25);
  footer_h = ctx->font_px * 1.6;
  legend_top = top;
  top += legend_h;
  {
    double above = ctx->font_px * 1.3;   /* the base label sits above the rows */
    double room = bottom - top - above - axis_h - footer_h;
    double used;

    n_fit = (guint) MAX (0.0, floor (room / (ctx->font_px * MIN_ROW_FONTS)));
    n_shown = MIN (n_moving, n_fit);
    if (n_shown == 0)
      {
        _strata_chart_message (ctx, "Too small to show the tornado");
        return;
      }
    slot = MIN (room / n_shown, ctx->font_px * MAX_ROW_FONTS);
    bar_h = MIN (slot * 0.62, ctx->font_px * 2.0);

    /* Few rows: centre the block in the room left under the legend. */
    used = above + slot * n_shown + axis_h + footer_h;
    top += MAX (0.0, (bottom - top - used) / 2) + above;
  }
  n_still = entries->len - n_moving;

  /* -- horizontal layout: labels | left values | bars | right values ------- */

  labels = g_new0 (char *, n_shown + 1);
  ends = g_new0 (End, 2 * n_shown);
  /* Names get up to 45 % of the width (they are shortened only beyond
   * it, never with room to spare); the bars and values keep the rest. */
  style = _strata_chart_style (ctx, 0.9, STRATA_TEXT_LABEL, theme->foreground, 0);
  style.max_width = ctx->width * 0.45;
  for (guint r = 0; r < n_shown; r++)
    {
      const StrataTornadoEntry *e = &g_array_index (entries, StrataTornadoEntry, r);
      double w;

      labels[r] = row_label (ctx, &e->number, &style, style.max_width);
      _strata_chart_text_size (ctx, labels[r], &style, &w, NULL);
      label_w = MAX (label_w, w);
    }

  style = _strata_chart_style (ctx, 0.8, STRATA_TEXT_VALUE, theme->foreground, 0);
  lo = hi = base;
  for (guint r = 0; r < n_shown; r++)
    {
      const StrataTornadoEntry *e = &g_array_index (entries, StrataTornadoEntry, r);

      for (guint side = 0; side < 2; side++)
        {
          End *end = &ends[2 * r + side];
          double input = side == 0 ? e->number.low : e->number.high;
          g_autofree char *in = _strata_chart_field_value (e->number.field, input, dataset);
          g_autofree char *out = _strata_chart_money (side == 0 ? e->outcome_low : e->outcome_high,
                                                      dataset);

          end->outcome = side == 0 ? e->outcome_low : e->outcome_high;
          end->color = side == 0 ? low_color : high_color;
          end->text = g_strdup_printf ("%s \xE2\x86\x92 %s", in, out);
          _strata_chart_text_size (ctx, end->text, &style, &end->text_w, NULL);
          if (!isfinite (end->outcome))
            continue;
          lo = MIN (lo, end->outcome);
          hi = MAX (hi, end->outcome);
          if (end->outcome < base)
            left_w = MAX (left_w, end->text_w);
          else if (end->outcome > base)
            right_w = MAX (right_w, end->text_w);
        }
    }

  x0 = ctx->pad + label_w + ctx->font_px * 0.8;
  x1 = ctx->width - ctx->pad;
  bars_left = x0 + (left_w > 0 ? left_w + ctx->font_px * 0.5 : ctx->font_px * 0.5);
  bars_right = x1 - (right_w > 0 ? right_w + ctx->font_px * 0.5 : ctx->font_px * 0.5);
  if (bars_right - bars_left < ctx->width * 0.2)
    {
      /* Narrow: give the bars room and let value labels drop out. */
      bars_left = x0 + ctx->font_px * 0.5;
      bars_right = MAX (bars_left + 10, x1 - ctx->font_px * 0.5);
    }

  /* The domain: every outcome and the base, widened by a sliver so that no
   * bar ends exactly on the frame. */
  {
    double span = hi - lo;

    if (!(span > 0))
      span = fabs (base) > 0 ? fabs (base) * 0.1 : 1.0;
    /* Near the ends of the doubles the sliver would overflow: skip it. */
    if (isfinite (lo - span * 0.02) && isfinite (hi + span * 0.02))
      {
        lo -= span * 0.02;
        hi += span * 0.02;
      }
  }
  scale = (StrataScale) { lo, hi, bars_left, bars_right, FALSE };

  /* -- legend ----------------------------------------------------------------- */
  {
    double lx = ctx->pad;
    double ly = legend_top + legend_h * 0.35;
    double sw = ctx->font_px * 0.9;
    const struct { StrataRgba color; const char *text; } items[] = {
      { low_color, "number at its low" },
      { high_color, "number at its high" },
    };

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
    if (n_still > 0 || n_moving > n_shown)
      {
        g_autofree char *note = NULL;

        /* Short: the text helpers cut anything past 96 characters. */
        g_autofree char *why = still_reasons (entries);

        if (n_moving > n_shown && n_still > 0)
          note = g_strdup_printf ("%u of %u shown: %u smaller swings left out, %u move nothing (%s)",
                                  n_shown, entries->len, n_moving - n_shown, n_still, why);
        else if (n_moving > n_shown)
          note = g_strdup_printf ("%u of %u uncertain numbers shown: %u smaller swings left out",
                                  n_shown, entries->len, n_moving - n_shown);
        else
          note = g_strdup_printf ("%u of %u uncertain numbers shown: %u move nothing here (%s)",
                                  n_shown, entries->len, n_still, why);
        style = _strata_chart_style (ctx, 0.8, STRATA_TEXT_LABEL, theme->muted,
                                     STRATA_TEXT_FLAG_TRY | STRATA_TEXT_FLAG_ITALIC);
        style.max_width = ctx->width - 2 * ctx->pad;
        _strata_chart_text (ctx, note, &style, ctx->pad,
                            top + slot * n_shown + axis_h + footer_h * 0.35, 0, 0, NULL);
      }
  }

  /* -- grid, axis ----------------------------------------------------------------- */

  {
    double rows_bottom = top + slot * n_shown;
    double tick_len = ctx->font_px * 0.35;
    guint max_ticks = (guint) _strata_chart_clamp ((bars_right - bars_left) / (ctx->font_px * 5.0), 2, 10);

    ticks = _strata_ticks_linear (lo, hi, max_ticks);
    cairo_save (ctx->cr);
    cairo_set_line_width (ctx->cr, 1.0);
    for (guint k = 0; k < ticks->len; k++)
      {
        double x = round (_strata_scale_map (&scale, g_array_index (ticks, double, k))) + 0.5;

        _strata_chart_set_color (ctx->cr, theme->grid);
        _strata_chart_line (ctx->cr, x, top, x, rows_bottom);
        cairo_stroke (ctx->cr);
        _strata_chart_set_color (ctx->cr, theme->axis);
        _strata_chart_line (ctx->cr, x, rows_bottom, x, rows_bottom + tick_len);
        cairo_stroke (ctx->cr);
      }
    _strata_chart_set_color (ctx->cr, theme->axis);
    _strata_chart_line (ctx->cr, bars_left, round (rows_bottom) + 0.5, bars_right,
                        round (rows_bottom) + 0.5);
    cairo_stroke (ctx->cr);
    cairo_restore (ctx->cr);

    style = _strata_chart_style (ctx, 0.85, STRATA_TEXT_AXIS, theme->muted, STRATA_TEXT_FLAG_TRY);
    for (guint k = 0; k < ticks->len; k++)
      {
        double v = g_array_index (ticks, double, k);
        g_autofree char *text = _strata_chart_money (v, dataset);

        _strata_chart_text (ctx, text, &style, _strata_scale_map (&scale, v),
                            rows_bottom + ctx->font_px * 0.6, 0.5, 0, NULL);
      }

    {
      g_autofree char *unit = _strata_chart_per_unit (dataset->unit, 40);
      g_autofree char *currency = _strata_chart_cut (dataset->currency, 12);

      axis_title = g_strdup_printf ("Effective unit cost (%s per %s)", currency, unit);
    }
    style = _strata_chart_style (ctx, 0.85, STRATA_TEXT_AXIS, theme->muted, STRATA_TEXT_FLAG_TRY);
    style.max_width = bars_right - bars_left;
    _strata_chart_text (ctx, axis_title, &style, (bars_left + bars_right) / 2,
                        rows_bottom + ctx->font_px * 2.0, 0.5, 0, NULL);
  }

  /* -- rows ------------------------------------------------------------------------ */

  for (guint r = 0; r < n_shown; r++)
    {
      const StrataTornadoEntry *e = &g_array_index (entries, StrataTornadoEntry, r);
      double cy = top + slot * (r + 0.5);
      double bx = _strata_scale_map (&scale, base);
      StrataHit hit = { STRATA_HIT_BAR, MIN (request->current, MAX (request->n_strategies, 1) - 1),
                        e->number.layer, r, volume, e->swing };
      StrataChartRect row_rect = { ctx->pad, cy - slot / 2, ctx->width - 2 * ctx->pad, slot };
      guint order[2] = { 0, 1 };

      /* Track behind the bars. */
      _strata_chart_rect_path (ctx->cr, bars_left, cy - bar_h / 2 - slot * 0.1,
                               bars_right - bars_left, bar_h + slot * 0.2);
      _strata_chart_set_color (ctx->cr, theme->panel);
      cairo_fill (ctx->cr);

      /* The longer bar first, so a shorter one on the same side stays visible. */
      if (fabs (ends[2 * r + 1].outcome - base) > fabs (ends[2 * r].outcome - base))
        {
          order[0] = 1;
          order[1] = 0;
        }
      for (guint k = 0; k < 2; k++)
        {
          End *end = &ends[2 * r + order[k]];
          double ex;

          if (!isfinite (end->outcome) || end->outcome == base)
            continue;
          ex = _strata_scale_map (&scale, end->outcome);
          _strata_chart_rect_path (ctx->cr, MIN (bx, ex), cy - bar_h / 2, MAX (fabs (ex - bx), 1.0),
                                   bar_h);
          _strata_chart_set_color (ctx->cr, end->color);
          cairo_fill (ctx->cr);
        }

      /* Labels: the row name, then each end's value outside its bar. */
      style = _strata_chart_style (ctx, 0.9, STRATA_TEXT_LABEL, theme->foreground,
                                   STRATA_TEXT_FLAG_TRY);
      style.size = MIN (style.size, slot * 0.62);
      /* The measured width plus rounding: a fitted name is never cut. */
      style.max_width = x0 - ctx->pad - ctx->font_px * 0.8 + 1;
      _strata_chart_text (ctx, labels[r], &style, x0 - ctx->font_px * 0.8, cy, 1, 0.5, NULL);

      for (guint side = 0; side < 2; side++)
        {
          End *end = &ends[2 * r + side];
          double ex;
          gboolean left;

          if (!isfinite (end->outcome) || end->outcome == base)
            continue;
          ex = _strata_scale_map (&scale, end->outcome);
          left = end->outcome < base;
          style = _strata_chart_style (ctx, 0.8, STRATA_TEXT_VALUE, theme->muted,
                                       STRATA_TEXT_FLAG_TRY);
          style.size = MIN (style.size, slot * 0.55);
          style.max_width = left ? ex - x0 - ctx->font_px * 0.3 : x1 - ex - ctx->font_px * 0.3;
          if (style.max_width < ctx->font_px * 2)
            continue;
          _strata_chart_text (ctx, end->text, &style,
                              left ? ex - ctx->font_px * 0.35 : ex + ctx->font_px * 0.35, cy,
                              left ? 1 : 0, 0.5, NULL);
        }

      _strata_chart_add_region (ctx, &row_rect, &hit);
    }

  /* -- the base line and its label, on top of the bars --------------------------------- */
  {
    double bx = round (_strata_scale_map (&scale, base)) + 0.5;
    double rows_bottom = top + slot * n_shown;
    g_autofree char *money = _strata_chart_money (base, dataset);

    cairo_save (ctx->cr);
    cairo_set_line_width (ctx->cr, MAX (1.0, ctx->line_px * 0.8));
    _strata_chart_set_color (ctx->cr, theme->foreground);
    _strata_chart_line (ctx->cr, bx, top - ctx->font_px * 0.2, bx, rows_bottom);
    cairo_stroke (ctx->cr);
    cairo_restore (ctx->cr);

    base_text = g_strdup_printf ("base %s", money);
    style = _strata_chart_style (ctx, 0.85, STRATA_TEXT_VALUE, theme->foreground,
                                 STRATA_TEXT_FLAG_BOLD | STRATA_TEXT_FLAG_TRY);
    /* Centred on the line, else beside it. */
    if (!_strata_chart_text (ctx, base_text, &style, bx, top - ctx->font_px * 0.3, 0.5, 1, NULL) &&
        !_strata_chart_text (ctx, base_text, &style, bx + ctx->font_px * 0.3,
                             top - ctx->font_px * 0.3, 0, 1, NULL))
      _strata_chart_text (ctx, base_text, &style, bx - ctx->font_px * 0.3, top - ctx->font_px * 0.3,
                          1, 1, NULL);
  }

  for (guint r = 0; r < n_shown; r++)
    {
      g_free (labels[r]);
      end_clear (&ends[2 * r]);
      end_clear (&ends[2 * r + 1]);
    }
}

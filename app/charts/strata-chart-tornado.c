/* strata-chart-tornado.c: which uncertain number moves the cost most
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include <math.h>
#include <string.h>

#include "strata/strata-format.h"
#include "strata/strata-horizon.h"
#include "strata/strata-uncertainty.h"

#include "strata-chart-private.h"

/*
 * The tornado of MODEL.md section 6: horizontal bars around the outcome
 * of the request (by default the objective's unit cost of the current
 * strategy at the current volume; or the gap or break-even volume against
 * the next strategy; or savings_npv of adopting the current strategy now,
 * MODEL.md 8), one row per uncertain number that moves it, largest swing
 * on top.  Each row has a bar from the base to the outcome with the
 * number at its low and one to the outcome with it at its high; their
 * ends carry the number's value (in its own unit) and the outcome it
 * leads to.  Drawn in steps: what to show (the entries and the rows that
 * fit), the widths of the labels and values, the range, the legend, the
 * axis, the rows, and the base line on top.
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
  FIELD_MONEY_ONCE,     /* capex, exit_cost: one-time amounts */
  FIELD_SHARE,          /* 0..1 shown as a percentage */
  FIELD_VOLUME,
  FIELD_MS,
  FIELD_YEARS,
} FieldUnit;

static FieldUnit
field_unit (const char *field)
{
  if (g_str_equal (field, "margin") || g_str_equal (field, "learning_rate") ||
      g_str_equal (field, "saving") || g_str_equal (field, "discount_rate") ||
      g_str_equal (field, "volume.growth"))
    return FIELD_SHARE;
  if (g_str_equal (field, "fixed_cost"))
    return FIELD_MONEY_PER_YEAR;
  if (g_str_equal (field, "capex") || g_str_equal (field, "exit_cost"))
    return FIELD_MONEY_ONCE;
  if (g_str_equal (field, "build_years"))
    return FIELD_YEARS;
  if (g_str_equal (field, "reference_volume") || g_str_equal (field, "volume.first") ||
      g_str_equal (field, "experience"))
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
      /* Translators: a yearly amount of money, such as "$3 B/yr" */
      return g_strdup_printf (_("%s/yr"), text);
    case FIELD_MONEY_ONCE:
      return _strata_chart_money_si (value, dataset);
    case FIELD_YEARS:
      g_ascii_formatd (buf, sizeof buf, "%.0f", value);
      return g_strdup_printf ("%s yr", buf);
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

/* -- the outcome of a request ------------------------------------------------ */

gboolean
_strata_chart_tornado_params (const StrataChartRequest *request,
                              StrataTornadoParams      *params)
{
  const StrataDataset *dataset = request->dataset;
  const StrataStrategy *current = NULL, *next = NULL;

  memset (params, 0, sizeof *params);
  params->outcome = request->outcome;
  params->objective = request->objective;
  params->volume = request->volume > 0 && isfinite (request->volume) ? request->volume
                                                                     : dataset->volume_default;
  if (request->n_strategies > 0)
    {
      guint c = MIN (request->current, request->n_strategies - 1);

      current = request->strategies[c];
      if (request->n_strategies > 1)
        next = request->strategies[(c + 1) % request->n_strategies];
    }
  else if (dataset->n_strategies > 0)
    current = &dataset->strategies[0];
  params->strategy = current;
  params->a = current;
  params->b = next;
  switch (params->outcome)
    {
    case STRATA_TORNADO_GAP:
    case STRATA_TORNADO_BREAKEVEN:
      return current != NULL && next != NULL;
    case STRATA_TORNADO_SAVINGS:
      return current != NULL && dataset->horizon != NULL;
    case STRATA_TORNADO_COST:
    default:
      return current != NULL;
    }
}

char *
_strata_chart_tornado_figure (const StrataChartRequest *request,
                              double                    value)
{
  switch (request->outcome)
    {
    case STRATA_TORNADO_BREAKEVEN:
      return _strata_chart_volume (value);
    case STRATA_TORNADO_SAVINGS:
      return _strata_chart_money_si (value, request->dataset);
    case STRATA_TORNADO_COST:
    case STRATA_TORNADO_GAP:
    default:
      return _strata_chart_money (value, request->dataset);
    }
}

/* "effective unit cost" or "unit cost", by objective. */
static const char *
cost_words (const StrataTornadoParams *params)
{
  return params->objective == STRATA_OBJECTIVE_CASH ? _("unit cost") : _("effective unit cost");
}

static char *
subtitle_of (const StrataChartRequest  *request,
             const StrataTornadoParams *params)
{
  const StrataDataset *dataset = request->dataset;
  g_autofree char *at = _strata_chart_volume_phrase (params->volume, dataset);
  g_autofree char *name = _strata_chart_cut (params->strategy ? params->strategy->name : "", 48);
  g_autofree char *other = _strata_chart_cut (params->b ? params->b->name : "", 48);

  switch (params->outcome)
    {
    case STRATA_TORNADO_GAP:
      /* Translators: the cost, two strategies' names and a volume ("at 10 B tokens a year") */
      return g_strdup_printf (_("Tornado: %s of %s less %s at %s"), cost_words (params), name, other,
                              at);
    case STRATA_TORNADO_BREAKEVEN:
      /* Translators: two strategies' names */
      return g_strdup_printf (_("Tornado: break-even volume of %s and %s"), name, other);
    case STRATA_TORNADO_SAVINGS:
      if (dataset->horizon != NULL)
        {
          const StrataStrategy *start = strata_dataset_find_strategy (dataset,
                                                                      dataset->horizon->start);
          g_autofree char *from = _strata_chart_cut (start ? start->name : dataset->horizon->start,
                                                     48);

          g_autofree char *span = strata_format_years (dataset->horizon->first_year, dataset->horizon->years);

          /* Translators: savings_npv is a key of the file format, keep it; a strategy, the
           * start plan, the horizon's years ("2026–2035") */
          return g_strdup_printf (_("Tornado: savings_npv of adopting %s now against %s, %s"),
                                  name, from, span);
        }
      /* Translators: savings_npv is a key of the file format, keep it */
      return g_strdup_printf (_("Tornado: savings_npv of adopting %s now"), name);
    case STRATA_TORNADO_COST:
    default:
      /* Translators: the cost, a strategy's name and a volume ("at 10 B tokens a year") */
      return g_strdup_printf (_("Tornado: %s of %s at %s"), cost_words (params), name, at);
    }
}

/* The axis title: the outcome's name, its MODEL.md key where the words
 * are not it, and its unit. */
static char *
axis_title_of (const StrataChartRequest  *request,
               const StrataTornadoParams *params)
{
  const StrataDataset *dataset = request->dataset;
  g_autofree char *unit = _strata_chart_per_unit (dataset->unit, 40);
  g_autofree char *currency = _strata_chart_cut (dataset->currency, 12);

  switch (params->outcome)
    {
    case STRATA_TORNADO_GAP:
      /* Translators: the cost, two strategies' names, the currency and the unit */
      return g_strdup_printf (_("%s of %s less %s (%s per %s)"),
                              params->objective == STRATA_OBJECTIVE_CASH ? _("Unit cost") : _("Effective unit cost"),
                              params->a->name, params->b->name, currency, unit);
    case STRATA_TORNADO_BREAKEVEN:
      {
        g_autofree char *plural = strata_format_unit_plural (dataset->unit);

        /* Translators: the dataset's unit ("1M tokens") */
        return g_strdup_printf (_("Break-even volume (%s per year)"), plural);
      }
    case STRATA_TORNADO_SAVINGS:
      /* Translators: savings_npv is a key of the file format, keep it; the currency and a year */
      return g_strdup_printf (_("Savings NPV, savings_npv (%s, discounted to %d)"), currency,
                              dataset->horizon->first_year);
    case STRATA_TORNADO_COST:
    default:
      /* Translators: the cost, the currency and the unit: "Effective unit cost (USD per 1M tokens)" */
      return g_strdup_printf (_("%s (%s per %s)"),
                              params->objective == STRATA_OBJECTIVE_CASH ? _("Unit cost") : _("Effective unit cost"),
                              currency, unit);
    }
}

/* What the chart says instead of rows when it has none to draw. */
static char *
nothing_to_show (const StrataChartRequest  *request,
                 const StrataTornadoParams *params,
                 GArray                    *entries,
                 double                     base)
{
  const char *what;

  if (params->strategy == NULL)
    return g_strdup (_("No strategy to show"));
  switch (params->outcome)
    {
    case STRATA_TORNADO_GAP:
    case STRATA_TORNADO_BREAKEVEN:
      if (params->b == NULL)
        return g_strdup (_("Pick a second strategy to compare with"));
      break;
    case STRATA_TORNADO_SAVINGS:
      if (request->dataset->horizon == NULL)
        return g_strdup (_("This dataset has no horizon, so there is no savings_npv (MODEL.md 8)"));
      if (entries == NULL)
        /* Translators: a strategy's name */
        return g_strdup_printf (_("%s cannot be adopted now: an option's build years overrun the horizon"),
                                params->strategy->name);
      break;
    case STRATA_TORNADO_COST:
    default:
      break;
    }
  if ((entries == NULL || entries->len == 0) && params->outcome != STRATA_TORNADO_SAVINGS &&
      strata_horizon_has_uncertain (request->dataset))
    /* Its uncertain numbers are all in the horizon: they move savings_npv only. */
    return g_strdup (_("No uncertain number moves this outcome: the dataset's are in its horizon and "
                       "move savings_npv"));
  if (entries == NULL || entries->len == 0)
    return g_strdup (_("This dataset has no uncertain numbers"));
  if (!isfinite (base))
    switch (params->outcome)
      {
      case STRATA_TORNADO_GAP:
        return g_strdup (_("The gap is not a finite number at this volume"));
      case STRATA_TORNADO_BREAKEVEN:
        return g_strdup (_("The two strategies have no break-even in the volume range at today's values"));
      case STRATA_TORNADO_SAVINGS:
        return g_strdup (_("savings_npv is not a finite number"));
      case STRATA_TORNADO_COST:
      default:
        return g_strdup (_("The cost of this strategy is not a finite number at this volume"));
      }
  switch (params->outcome)
    {
    case STRATA_TORNADO_GAP:       what = _("the gap between the two strategies at this volume"); break;
    case STRATA_TORNADO_BREAKEVEN: what = _("the break-even volume"); break;
    case STRATA_TORNADO_SAVINGS:   what = _("savings_npv of adopting this strategy now"); break;
    case STRATA_TORNADO_COST:
    default:                       what = _("the cost of this strategy at this volume"); break;
    }
  /* Translators: how many uncertain numbers, and what they would move ("the break-even volume") */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "The %u uncertain number does not move %s",
                                       "None of the %u uncertain numbers moves %s", entries->len),
                          entries->len, what);
}

GArray *
_strata_chart_tornado_entries (const StrataChartRequest *request,
                               StrataTornadoParams      *params)
{
  if (!_strata_chart_tornado_params (request, params))
    return NULL;
  return strata_tornado_full (request->dataset, params);
}

static gpointer tornado_compute (StrataChartCtx *ctx,
                                 gpointer        data);

GArray *
_strata_chart_tornado_entries_in (const StrataChartRequest *request,
                                  StrataChartResults       *results,
                                  StrataTornadoParams      *params)
{
  if (results == NULL || !_strata_chart_tornado_params (request, params))
    return _strata_chart_tornado_entries (request, params);
  return _strata_chart_result_copy (results, request, "tornado", tornado_compute,
                                    (GDestroyNotify) g_array_unref, (GBoxedCopyFunc) g_array_ref);
}

/* -- the chart, in steps --------------------------------------------------- */

typedef struct
{
  StrataChartCtx      *ctx;
  const StrataDataset *dataset;
  StrataTornadoParams  params;
  GArray              *entries;
  double               base;
  guint                n_moving;
  guint                n_shown;
  guint                n_still;
  /* vertical layout */
  double               top;
  double               bottom;
  double               legend_top;
  double               legend_h;
  double               axis_h;
  double               footer_h;
  double               slot;
  double               bar_h;
  /* horizontal layout */
  double               label_w;
  double               left_w;
  double               right_w;
  double               x0;
  double               x1;
  double               bars_left;
  double               bars_right;
  double               lo;
  double               hi;
  StrataScale          scale;
  char               **labels;
  End                 *ends;
} Tornado;

static void
tornado_clear (Tornado *t)
{
  for (guint r = 0; t->labels != NULL && r < t->n_shown; r++)
    {
      g_free (t->labels[r]);
      end_clear (&t->ends[2 * r]);
      end_clear (&t->ends[2 * r + 1]);
    }
  g_clear_pointer (&t->labels, g_free);
  g_clear_pointer (&t->ends, g_free);
  g_clear_pointer (&t->entries, g_array_unref);
}

/* The tornado's entries for the request (the same at every size). */
static gpointer
tornado_compute (StrataChartCtx *ctx,
                 gpointer        data)
{
  StrataTornadoParams params;

  return _strata_chart_tornado_entries (ctx->request, &params);
}

/* The title, the entries and how many rows fit; FALSE when a message
 * stands in for the chart. */
static gboolean
tornado_rows_fit (Tornado *t)
{
  StrataChartCtx *ctx = t->ctx;
  const StrataChartRequest *request = ctx->request;
  g_autofree char *subtitle = NULL;
  g_autofree char *message = NULL;
  double above, room, used;

  if (_strata_chart_tornado_params (request, &t->params))
    {
      GArray *entries = (GArray *) _strata_chart_result (ctx, "tornado", tornado_compute, NULL,
                                                         (GDestroyNotify) g_array_unref);

      t->entries = entries != NULL ? g_array_ref (entries) : NULL;
    }
  subtitle = subtitle_of (request, &t->params);
  t->top = _strata_chart_title (ctx, t->dataset->title, subtitle);
  t->bottom = ctx->height - ctx->pad;

  t->base = t->entries != NULL && t->entries->len > 0
            ? g_array_index (t->entries, StrataTornadoEntry, 0).base : NAN;
  for (guint i = 0; t->entries != NULL && i < t->entries->len; i++)
    if (moves (&g_array_index (t->entries, StrataTornadoEntry, i)))
      t->n_moving++;
  if (t->n_moving == 0 || !isfinite (t->base))
    {
      message = nothing_to_show (request, &t->params, t->entries, t->base);
      _strata_chart_message (ctx, message);
      return FALSE;
    }

  /* Vertical layout: legend, base label, rows, axis, footnote. */
  t->legend_h = ctx->font_px * 2.0;
  t->axis_h = ctx->font_px * (0.6 + 1.2 + 0.35 + 1.25);
  t->footer_h = ctx->font_px * 1.6;
  t->legend_top = t->top;
  t->top += t->legend_h;
  above = ctx->font_px * 1.3;   /* the base label sits above the rows */
  room = t->bottom - t->top - above - t->axis_h - t->footer_h;
  t->n_shown = MIN (t->n_moving, (guint) MAX (0.0, floor (room / (ctx->font_px * MIN_ROW_FONTS))));
  if (t->n_shown == 0)
    {
      _strata_chart_message (ctx, _("Too small to show the tornado"));
      return FALSE;
    }
  t->slot = MIN (room / t->n_shown, ctx->font_px * MAX_ROW_FONTS);
  t->bar_h = MIN (t->slot * 0.62, ctx->font_px * 2.0);

  /* Few rows: centre the block in the room left under the legend. */
  used = above + t->slot * t->n_shown + t->axis_h + t->footer_h;
  t->top += MAX (0.0, (t->bottom - t->top - used) / 2) + above;
  t->n_still = t->entries->len - t->n_moving;
  return TRUE;
}

/* The row names and each end's text, and the widths they take:
 * labels | left values | bars | right values. */
static void
tornado_measure (Tornado *t)
{
  StrataChartCtx *ctx = t->ctx;
  StrataTextStyle style;

  t->labels = g_new0 (char *, t->n_shown + 1);
  t->ends = g_new0 (End, 2 * t->n_shown);
  /* Names get up to 45 % of the width (they are shortened only beyond
   * it, never with room to spare); the bars and values keep the rest. */
  style = _strata_chart_style (ctx, 0.9, STRATA_TEXT_LABEL, ctx->theme->foreground, 0);
  style.max_width = ctx->width * 0.45;
  for (guint r = 0; r < t->n_shown; r++)
    {
      const StrataTornadoEntry *e = &g_array_index (t->entries, StrataTornadoEntry, r);
      double w;

      /* Never the field shortened: two rows of one option stay apart. */
      t->labels[r] = _strata_chart_field_label (ctx, e->number.label, e->number.field, &style, style.max_width);
      _strata_chart_text_size (ctx, t->labels[r], &style, &w, NULL);
      t->label_w = MAX (t->label_w, w);
    }

  style = _strata_chart_style (ctx, 0.8, STRATA_TEXT_VALUE, ctx->theme->foreground, 0);
  t->lo = t->hi = t->base;
  for (guint r = 0; r < t->n_shown; r++)
    {
      const StrataTornadoEntry *e = &g_array_index (t->entries, StrataTornadoEntry, r);

      for (guint side = 0; side < 2; side++)
        {
          End *end = &t->ends[2 * r + side];
          double input = side == 0 ? e->number.low : e->number.high;
          g_autofree char *in = _strata_chart_field_value (e->number.field, input, t->dataset);
          g_autofree char *out = _strata_chart_tornado_figure (ctx->request, side == 0 ? e->outcome_low
                                                                                       : e->outcome_high);

          end->outcome = side == 0 ? e->outcome_low : e->outcome_high;
          end->color = side == 0 ? low_color : high_color;
          end->text = g_strdup_printf ("%s \xE2\x86\x92 %s", in, out);
          _strata_chart_text_size (ctx, end->text, &style, &end->text_w, NULL);
          if (!isfinite (end->outcome))
            continue;
          t->lo = MIN (t->lo, end->outcome);
          t->hi = MAX (t->hi, end->outcome);
          if (end->outcome < t->base)
            t->left_w = MAX (t->left_w, end->text_w);
          else if (end->outcome > t->base)
            t->right_w = MAX (t->right_w, end->text_w);
        }
    }
}

/* Where the bars go and the outcome's range they span. */
static void
tornado_range (Tornado *t)
{
  StrataChartCtx *ctx = t->ctx;
  double span;

  t->x0 = ctx->pad + t->label_w + ctx->font_px * 0.8;
  t->x1 = ctx->width - ctx->pad;
  t->bars_left = t->x0 + (t->left_w > 0 ? t->left_w + ctx->font_px * 0.5 : ctx->font_px * 0.5);
  t->bars_right = t->x1 - (t->right_w > 0 ? t->right_w + ctx->font_px * 0.5 : ctx->font_px * 0.5);
  if (t->bars_right - t->bars_left < ctx->width * 0.2)
    {
      /* Narrow: give the bars room and let value labels drop out. */
      t->bars_left = t->x0 + ctx->font_px * 0.5;
      t->bars_right = MAX (t->bars_left + 10, t->x1 - ctx->font_px * 0.5);
    }

  /* The domain: every outcome and the base, widened by a sliver so that no
   * bar ends exactly on the frame. */
  span = t->hi - t->lo;
  if (!(span > 0))
    span = fabs (t->base) > 0 ? fabs (t->base) * 0.1 : 1.0;
  /* Near the ends of the doubles the sliver would overflow: skip it. */
  if (isfinite (t->lo - span * 0.02) && isfinite (t->hi + span * 0.02))
    {
      t->lo -= span * 0.02;
      t->hi += span * 0.02;
    }
  t->scale = (StrataScale) { t->lo, t->hi, t->bars_left, t->bars_right, FALSE };
}

void
_strata_chart_swatches (StrataChartCtx     *ctx,
                        const StrataSwatch *items,
                        guint               n,
                        double              x,
                        double              y)
{
  double sw = ctx->font_px * 0.9;
  StrataTextStyle style = _strata_chart_style (ctx, 0.85, STRATA_TEXT_LEGEND, ctx->theme->foreground,
                                               STRATA_TEXT_FLAG_TRY);

  for (guint i = 0; i < n; i++)
    {
      StrataChartRect box;
      double w;

      _strata_chart_text_size (ctx, items[i].text, &style, &w, NULL);
      if (x + sw + ctx->font_px * 0.4 + w > ctx->width - ctx->pad)
        break;
      _strata_chart_round_rect (ctx->cr, x, y - sw / 2, sw, sw, sw * 0.2);
      _strata_chart_set_color (ctx->cr, items[i].color);
      cairo_fill (ctx->cr);
      _strata_chart_text (ctx, items[i].text, &style, x + sw + ctx->font_px * 0.4, y, 0, 0.5, &box);
      x += sw + ctx->font_px * 0.4 + w + ctx->font_px * 1.6;
    }
}

/* The two swatches, and a note of what is not shown under the axis. */
static void
tornado_legend (Tornado *t)
{
  StrataChartCtx *ctx = t->ctx;
  const StrataChartTheme *theme = ctx->theme;
  double ly = t->legend_top + t->legend_h * 0.35;
  const StrataSwatch items[] = {
    { low_color, _("number at its low") },
    { high_color, _("number at its high") },
  };
  StrataTextStyle style;
  g_autofree char *note = NULL;
  g_autofree char *why = NULL;
  guint n_moving = t->n_moving, n_shown = t->n_shown, n_still = t->n_still, n = t->entries->len;

  _strata_chart_swatches (ctx, items, G_N_ELEMENTS (items), ctx->pad, ly);
  if (n_still == 0 && n_moving <= n_shown)
    return;

  /* Short: the text helpers cut anything past 96 characters. */
  why = still_reasons (t->entries);
  if (n_moving > n_shown && n_still > 0)
    /* Translators: counts of uncertain numbers, then why some move nothing */
    note = g_strdup_printf (_("%u of %u shown: %u smaller swings left out, %u move nothing (%s)"),
                            n_shown, n, n_moving - n_shown, n_still, why);
  else if (n_moving > n_shown)
    /* Translators: counts of uncertain numbers */
    note = g_strdup_printf (_("%u of %u uncertain numbers shown: %u smaller swings left out"),
                            n_shown, n, n_moving - n_shown);
  else
    /* Translators: counts of uncertain numbers, then why some move nothing */
    note = g_strdup_printf (_("%u of %u uncertain numbers shown: %u move nothing here (%s)"),
                            n_shown, n, n_still, why);
  style = _strata_chart_style (ctx, 0.8, STRATA_TEXT_LABEL, theme->muted,
                               STRATA_TEXT_FLAG_TRY | STRATA_TEXT_FLAG_ITALIC);
  style.max_width = ctx->width - 2 * ctx->pad;
  _strata_chart_text (ctx, note, &style, ctx->pad,
                      t->top + t->slot * n_shown + t->axis_h + t->footer_h * 0.35, 0, 0, NULL);
}

/* The grid, the axis with its ticks in the outcome's unit, its title. */
static void
tornado_axis (Tornado *t)
{
  StrataChartCtx *ctx = t->ctx;
  const StrataChartTheme *theme = ctx->theme;
  double rows_bottom = t->top + t->slot * t->n_shown;
  double tick_len = ctx->font_px * 0.35;
  guint max_ticks = (guint) _strata_chart_clamp ((t->bars_right - t->bars_left) / (ctx->font_px * 5.0),
                                                 2, 10);
  g_autoptr(GArray) ticks = _strata_ticks_linear (t->lo, t->hi, max_ticks);
  g_autofree char *axis_title = NULL;
  StrataTextStyle style;

  cairo_save (ctx->cr);
  cairo_set_line_width (ctx->cr, 1.0);
  for (guint k = 0; k < ticks->len; k++)
    {
      double x = round (_strata_scale_map (&t->scale, g_array_index (ticks, double, k))) + 0.5;

      _strata_chart_set_color (ctx->cr, theme->grid);
      _strata_chart_line (ctx->cr, x, t->top, x, rows_bottom);
      cairo_stroke (ctx->cr);
      _strata_chart_set_color (ctx->cr, theme->axis);
      _strata_chart_line (ctx->cr, x, rows_bottom, x, rows_bottom + tick_len);
      cairo_stroke (ctx->cr);
    }
  _strata_chart_set_color (ctx->cr, theme->axis);
  _strata_chart_line (ctx->cr, t->bars_left, round (rows_bottom) + 0.5, t->bars_right,
                      round (rows_bottom) + 0.5);
  cairo_stroke (ctx->cr);
  cairo_restore (ctx->cr);

  style = _strata_chart_style (ctx, 0.85, STRATA_TEXT_AXIS, theme->muted, STRATA_TEXT_FLAG_TRY);
  for (guint k = 0; k < ticks->len; k++)
    {
      double v = g_array_index (ticks, double, k);
      g_autofree char *text = _strata_chart_tornado_figure (ctx->request, v);

      _strata_chart_text (ctx, text, &style, _strata_scale_map (&t->scale, v),
                          rows_bottom + ctx->font_px * 0.6, 0.5, 0, NULL);
    }

  axis_title = axis_title_of (ctx->request, &t->params);
  style = _strata_chart_style (ctx, 0.85, STRATA_TEXT_AXIS, theme->muted, STRATA_TEXT_FLAG_TRY);
  style.max_width = t->bars_right - t->bars_left;
  _strata_chart_text (ctx, axis_title, &style, (t->bars_left + t->bars_right) / 2,
                      rows_bottom + ctx->font_px * 2.0, 0.5, 0, NULL);
}

/* Row @r: its track, its two bars (the longer first, so a shorter one on
 * the same side stays visible), its name and each end's value. */
static void
tornado_row (Tornado *t,
             guint    r)
{
  StrataChartCtx *ctx = t->ctx;
  const StrataChartRequest *request = ctx->request;
  const StrataChartTheme *theme = ctx->theme;
  const StrataTornadoEntry *e = &g_array_index (t->entries, StrataTornadoEntry, r);
  double slot = t->slot, bar_h = t->bar_h, base = t->base;
  double cy = t->top + slot * (r + 0.5);
  double bx = _strata_scale_map (&t->scale, base);
  StrataHit hit = { STRATA_HIT_BAR, MIN (request->current, MAX (request->n_strategies, 1) - 1),
                    e->number.layer, r, t->params.volume, e->swing };
  StrataChartRect row_rect = { ctx->pad, cy - slot / 2, ctx->width - 2 * ctx->pad, slot };
  End *ends = &t->ends[2 * r];
  guint order[2] = { 0, 1 };
  StrataTextStyle style;

  _strata_chart_rect_path (ctx->cr, t->bars_left, cy - bar_h / 2 - slot * 0.1,
                           t->bars_right - t->bars_left, bar_h + slot * 0.2);
  _strata_chart_set_color (ctx->cr, theme->panel);
  cairo_fill (ctx->cr);

  if (fabs (ends[1].outcome - base) > fabs (ends[0].outcome - base))
    {
      order[0] = 1;
      order[1] = 0;
    }
  for (guint k = 0; k < 2; k++)
    {
      End *end = &ends[order[k]];
      double ex;

      if (!isfinite (end->outcome) || end->outcome == base)
        continue;
      ex = _strata_scale_map (&t->scale, end->outcome);
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
  style.max_width = t->x0 - ctx->pad - ctx->font_px * 0.8 + 1;
  _strata_chart_text (ctx, t->labels[r], &style, t->x0 - ctx->font_px * 0.8, cy, 1, 0.5, NULL);

  for (guint side = 0; side < 2; side++)
    {
      End *end = &ends[side];
      double ex;
      gboolean left;

      if (!isfinite (end->outcome) || end->outcome == base)
        continue;
      ex = _strata_scale_map (&t->scale, end->outcome);
      left = end->outcome < base;
      style = _strata_chart_style (ctx, 0.8, STRATA_TEXT_VALUE, theme->muted,
                                   STRATA_TEXT_FLAG_TRY);
      style.size = MIN (style.size, slot * 0.55);
      style.max_width = left ? ex - t->x0 - ctx->font_px * 0.3 : t->x1 - ex - ctx->font_px * 0.3;
      if (style.max_width < ctx->font_px * 2)
        continue;
      _strata_chart_text (ctx, end->text, &style,
                          left ? ex - ctx->font_px * 0.35 : ex + ctx->font_px * 0.35, cy,
                          left ? 1 : 0, 0.5, NULL);
    }

  /* Hovered: the number's whole name and both ends. */
  {
    g_autofree char *name = _strata_chart_field_label (ctx, e->number.label, e->number.field, &style, 0);

    /* Translators: a number's name, then its low and high ends, each
     * "the number → the outcome" */
    _strata_chart_add_region_detail (ctx, &row_rect, &hit,
                                     g_strdup_printf (_("%s\nAt its low: %s\nAt its high: %s"),
                                                      name, ends[0].text, ends[1].text));
  }
}

/* The base line and its label, on top of the bars. */
static void
tornado_base (Tornado *t)
{
  StrataChartCtx *ctx = t->ctx;
  double bx = round (_strata_scale_map (&t->scale, t->base)) + 0.5;
  double rows_bottom = t->top + t->slot * t->n_shown;
  g_autofree char *money = _strata_chart_tornado_figure (ctx->request, t->base);
  /* Translators: the outcome with every number at its base value */
  g_autofree char *base_text = g_strdup_printf (_("base %s"), money);
  StrataTextStyle style;

  cairo_save (ctx->cr);
  cairo_set_line_width (ctx->cr, MAX (1.0, ctx->line_px * 0.8));
  _strata_chart_set_color (ctx->cr, ctx->theme->foreground);
  _strata_chart_line (ctx->cr, bx, t->top - ctx->font_px * 0.2, bx, rows_bottom);
  cairo_stroke (ctx->cr);
  cairo_restore (ctx->cr);

  style = _strata_chart_style (ctx, 0.85, STRATA_TEXT_VALUE, ctx->theme->foreground,
                               STRATA_TEXT_FLAG_BOLD | STRATA_TEXT_FLAG_TRY);
  /* Centred on the line, else beside it. */
  if (!_strata_chart_text (ctx, base_text, &style, bx, t->top - ctx->font_px * 0.3, 0.5, 1, NULL) &&
      !_strata_chart_text (ctx, base_text, &style, bx + ctx->font_px * 0.3,
                           t->top - ctx->font_px * 0.3, 0, 1, NULL))
    _strata_chart_text (ctx, base_text, &style, bx - ctx->font_px * 0.3, t->top - ctx->font_px * 0.3,
                        1, 1, NULL);
}

void
_strata_chart_draw_tornado (StrataChartCtx *ctx)
{
  Tornado t = { ctx, ctx->request->dataset };

  if (tornado_rows_fit (&t))
    {
      tornado_measure (&t);
      tornado_range (&t);
      tornado_legend (&t);
      tornado_axis (&t);
      for (guint r = 0; r < t.n_shown; r++)
        tornado_row (&t, r);
      tornado_base (&t);
    }
  tornado_clear (&t);
}

/* strata-chart-compare.c: the outcomes of MODEL.md section 3 side by side
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "strata/strata-format.h"

#include "strata-chart-private.h"

/* Below this a bar's name and value are not drawn. */
#define MIN_BAR_TEXT_PX 6.0

typedef enum
{
  UNIT_PER_UNIT,    /* money per dataset unit */
  UNIT_PER_YEAR,    /* money per year, SI */
  UNIT_PERCENT,
  UNIT_MS,
} RowUnit;

typedef struct
{
  const char *title;
  RowUnit     unit;
  gboolean    higher_is_better;
  gsize       offset;
  gboolean    profit;
  const char *key;      /* MODEL.md 3 */
} Row;

static const Row rows[] = {
  { N_("Effective unit cost"), UNIT_PER_UNIT, FALSE, G_STRUCT_OFFSET (StrataOutcome, effective_unit_cost), FALSE, "effective_unit_cost" },
  { N_("Unit cost"),       UNIT_PER_UNIT, FALSE, G_STRUCT_OFFSET (StrataOutcome, unit_cost), FALSE, "unit_cost" },
  { N_("Ecosystem value"), UNIT_PER_UNIT, TRUE,  G_STRUCT_OFFSET (StrataOutcome, ecosystem_value), FALSE, "ecosystem_value" },
  { N_("Annual cost"),     UNIT_PER_YEAR, FALSE, G_STRUCT_OFFSET (StrataOutcome, annual_cost), FALSE, "annual_cost" },
  { N_("Supplier margin"), UNIT_PER_UNIT, FALSE, G_STRUCT_OFFSET (StrataOutcome, supplier_margin), FALSE, "supplier_margin" },
  { N_("Capital at risk"), UNIT_PER_YEAR, FALSE, G_STRUCT_OFFSET (StrataOutcome, capital_at_risk), FALSE, "capital_at_risk" },
  { N_("Supplier share"),  UNIT_PERCENT,  FALSE, G_STRUCT_OFFSET (StrataOutcome, supplier_share), FALSE, "supplier_share" },
  { N_("Latency"),         UNIT_MS,       FALSE, G_STRUCT_OFFSET (StrataOutcome, latency_ms), FALSE, "latency_ms" },
  { N_("Unit profit"),     UNIT_PER_UNIT, TRUE,  G_STRUCT_OFFSET (StrataOutcome, unit_profit), TRUE, "unit_profit" },
  { N_("Annual profit"),   UNIT_PER_YEAR, TRUE,  G_STRUCT_OFFSET (StrataOutcome, annual_profit), TRUE, "annual_profit" },
  { N_("Effective unit profit"), UNIT_PER_UNIT, TRUE, G_STRUCT_OFFSET (StrataOutcome, effective_unit_profit), TRUE, "effective_unit_profit" },
};

/* The panels' order (indices into rows[]): the objective's cost first,
 * and its profit first of the profits, right after the costs (MODEL.md
 * 3, objective: the summary's profit card), then the summary's other
 * figures (supplier margin, capital at risk); the rows left out at a
 * small size are the last (annual cost, supplier share, latency and the
 * other profits, none of them the summary's). */
static const guint order_effective[G_N_ELEMENTS (rows)] = { 0, 1, 2, 10, 4, 5, 3, 6, 7, 8, 9 };
static const guint order_cash[G_N_ELEMENTS (rows)] = { 1, 0, 2, 8, 4, 5, 3, 6, 7, 9, 10 };

static double
row_value (const Row           *row,
           const StrataOutcome *outcome)
{
  return G_STRUCT_MEMBER (double, outcome, row->offset);
}

static char *
format_value (const Row           *row,
              double               value,
              const StrataDataset *dataset)
{
  g_autofree char *money = NULL;

  if (!isfinite (value))
    return g_strdup ("\xE2\x80\x94");
  switch (row->unit)
    {
    case UNIT_PER_UNIT:
      return _strata_chart_money (value, dataset);
    case UNIT_PER_YEAR:
      money = _strata_chart_money_si (value, dataset);
      /* Translators: a yearly amount of money, such as "$3 B/yr" */
      return g_strdup_printf (_("%s/yr"), money);
    case UNIT_PERCENT:
      return strata_format_percent (value);
    case UNIT_MS:
      {
        g_autofree char *figure = strata_format_figure (value);
        return g_strdup_printf ("%s ms", figure);
      }
    default:
      return strata_format_figure (value);
    }
}

static char *
row_unit_text (const Row           *row,
               const StrataDataset *dataset)
{
  g_autofree char *base = NULL;

  g_autofree char *unit = _strata_chart_per_unit (dataset->unit, 32);
  g_autofree char *currency = _strata_chart_cut (dataset->currency, 12);

  switch (row->unit)
    {
    case UNIT_PER_UNIT:
      /* Translators: a currency and a unit: "USD per 1M tokens" */
      base = g_strdup_printf (_("%s per %s"), currency, unit);
      /* MODEL.md 3: "cost less ecosystem value" beside the effective cost. */
      if (g_str_equal (row->key, "effective_unit_cost"))
        /* Translators: "USD per 1M tokens", then what the figure is */
        return g_strdup_printf (_("%s, cost less ecosystem value"), base);
      return g_steal_pointer (&base);
    case UNIT_PER_YEAR:
      if (g_str_equal (row->key, "capital_at_risk"))
        /* Translators: a currency */
        return g_strdup_printf (_("%s per year: fixed costs of integrated layers"), currency);
      /* Translators: a currency */
      return g_strdup_printf (_("%s per year"), currency);
    case UNIT_PERCENT:
      /* xgettext:no-c-format */
      return g_strdup (_("% of unit cost from suppliers"));
    case UNIT_MS:
      return g_strdup (_("milliseconds per request"));
    default:
      return g_strdup ("");
    }
}

/* What the steps of one compare drawing share. */
typedef struct
{
  StrataChartCtx           *ctx;
  const StrataChartRequest *request;
  StrataDataset            *dataset;
  guint                     n;
  double                    volume;
  const StrataOutcome      *outcomes;   /* kept by the context's results */
  const Row                *shown[G_N_ELEMENTS (rows)];
  guint                     n_rows;
  guint                     n_hidden;   /* rows left out for want of room */
  double                    top, bottom;
  guint                     cols, per_col;
  double                    col_gap, panel_w, panel_h, name_w, value_w;
  gboolean                  two_line_headers;
} Compare;

/* The title names the strategy compared; the subtitle the volume.
 * Returns the top of what is below the title. */
static double
compare_title (Compare *c)
{
  const StrataChartRequest *request = c->request;
  g_autofree char *at = _strata_chart_volume_phrase (c->volume, c->dataset);
  g_autofree char *data_title = _strata_chart_cut (c->dataset->title, 64);
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;

  /* Translators: a volume phrase, then the dataset's title */
  subtitle = g_strdup_printf (_("Outcomes at %s; best in each row highlighted \xC2\xB7 %s"),
                              at, data_title);
  if (c->n > 1)
    {
      g_autofree char *name = _strata_chart_cut (request->strategies[MIN (request->current, c->n - 1)]->name, 48);

      /* Translators: a strategy's name and how many others the chart compares it with */
      title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s compared with %u other strategy",
                                            "%s compared with %u other strategies", c->n - 1),
                               name, c->n - 1);
    }
  else if (c->n == 1)
    title = _strata_chart_cut (request->strategies[0]->name, 48);
  else
    title = g_strdup (c->dataset->title);
  return _strata_chart_title (c->ctx, title, subtitle);
}

/* Every strategy's outcomes at the volume (the same at every size). */
static gpointer
compare_outcomes_compute (StrataChartCtx *ctx,
                          gpointer        data)
{
  const StrataChartRequest *request = ctx->request;
  const Compare *c = data;
  StrataOutcome *outcomes = g_new0 (StrataOutcome, c->n);
  g_autofree guint *choices = g_new0 (guint, c->dataset->n_layers);

  for (guint i = 0; i < c->n; i++)
    {
      strata_strategy_resolve_full (c->dataset, request->strategies[i], request->objective,
                                    c->volume, choices);
      strata_evaluate (c->dataset, choices, c->volume, &outcomes[i], NULL);
    }
  return outcomes;
}

/* Every strategy's outcomes, and the rows worth a panel. */
static void
compare_outcomes (Compare *c)
{
  const guint *order = c->request->objective == STRATA_OBJECTIVE_CASH ? order_cash : order_effective;

  c->outcomes = _strata_chart_result (c->ctx, "compare", compare_outcomes_compute, c, g_free);
  for (guint o = 0; o < G_N_ELEMENTS (rows); o++)
    {
      guint r = order[o];
      gboolean empty = rows[r].unit == UNIT_MS || g_str_equal (rows[r].key, "ecosystem_value");

      /* A latency panel of zeros says nothing (no option has a latency),
       * nor an ecosystem value panel of zeros (a dataset without any:
       * the effective unit cost is the unit cost). */
      for (guint i = 0; i < c->n && empty; i++)
        empty = row_value (&rows[r], &c->outcomes[i]) == 0;
      if ((!rows[r].profit || c->dataset->has_price) && !empty)
        c->shown[c->n_rows++] = &rows[r];
    }
}

/* Whether some shown row's unit is too long to sit beside its key in a
 * panel pw wide: then every panel has two header lines. */
static gboolean
compare_two_line_headers (Compare *c,
                          double   pw)
{
  StrataChartCtx *ctx = c->ctx;
  const StrataChartTheme *theme = ctx->theme;

  for (guint r = 0; r < c->n_rows; r++)
    {
      g_autofree char *unit_text = row_unit_text (c->shown[r], c->dataset);
      StrataTextStyle style;
      double title_w, unit_w;

      style = _strata_chart_style (ctx, 0.95, STRATA_TEXT_LABEL, theme->foreground, STRATA_TEXT_FLAG_BOLD);
      style.max_width = pw * 0.5;
      _strata_chart_text_size (ctx, _(c->shown[r]->title), &style, &title_w, NULL);
      style = _strata_chart_style (ctx, 0.8, STRATA_TEXT_AXIS, theme->muted, 0);
      _strata_chart_text_size (ctx, unit_text, &style, &unit_w, NULL);
      if (title_w + ctx->font_px * 0.6 + unit_w > pw)
        return TRUE;
    }
  return FALSE;
}

/* The bars' text size with k columns of panels, or -1 when k columns
 * leave a panel too narrow for a whole name, a bar and a value.  With
 * exact, the panel's headers are measured (one or two lines), as
 * compare_panel () lays them out. */
static double
compare_text_size (Compare  *c,
                   guint     k,
                   double    natural_w,
                   gboolean  exact)
{
  StrataChartCtx *ctx = c->ctx;
  guint rows_here = (c->n_rows + k - 1) / k;
  double pw = (ctx->width - 2 * ctx->pad - (k - 1) * ctx->font_px * 2.5) / k;
  double ph = (c->bottom - c->top) / rows_here;
  double header = 2.15;
  double slot;

  if (k > 1 && (pw < ctx->font_px * 18 || natural_w > pw * 0.4))
    return -1;
  if (exact && compare_two_line_headers (c, pw))
    header = 3.25;
  slot = (ph - ctx->font_px * header) / c->n;
  return MIN (ctx->font_px * 0.85, slot * 0.8);
}

/* The columns for the rows shown: as many as make the bars' text
 * largest.  Returns that text size. */
static double
compare_pick_columns (Compare  *c,
                      double    natural_w,
                      gboolean  exact)
{
  double best_fs = -1;

  c->cols = 1;
  for (guint k = 1; k <= 3; k++)
    {
      double fs = compare_text_size (c, k, natural_w, exact);

      if (fs < 0)
        break;
      if (fs > best_fs + 0.5)
        {
          best_fs = fs;
          c->cols = k;
        }
    }
  return best_fs;
}

/* As many columns of panels as make the bars' text largest, while a
 * panel stays wide enough for a whole name, a bar and a value.  Where
 * every row cannot have readable names and values (a small window), the
 * last rows are left out and a note under the panels names them: bars
 * without their names and figures say nothing. */
static void
compare_columns (Compare *c)
{
  StrataChartCtx *ctx = c->ctx;
  StrataTextStyle style = _strata_chart_style (ctx, 0.85, STRATA_TEXT_LABEL, ctx->theme->foreground, 0);
  double natural_w = 0;
  double readable = STRATA_CHART_MIN_READABLE_PX;
  double fs;

  for (guint i = 0; i < c->n; i++)
    {
      double w;

      _strata_chart_text_size (ctx, c->request->strategies[i]->name, &style, &w, NULL);
      natural_w = MAX (natural_w, w);
    }

  fs = compare_pick_columns (c, natural_w, FALSE);
  if (fs >= readable)
    fs = compare_text_size (c, c->cols, natural_w, TRUE);
  if (fs < readable && c->n_rows > 1)
    {
      guint all = c->n_rows;

      /* A line for the note; then drop rows until the rest read.  When
       * even one panel cannot (hundreds of strategies), all are drawn as
       * before: leaving some out would say no more. */
      c->bottom -= ctx->font_px * 1.3;
      while (c->n_rows > 1 && (fs = compare_pick_columns (c, natural_w, TRUE)) < readable)
        {
          c->n_rows--;
          c->n_hidden++;
        }
      if (fs < readable)
        {
          c->bottom += ctx->font_px * 1.3;
          c->n_rows = all;
          c->n_hidden = 0;
          compare_pick_columns (c, natural_w, FALSE);
        }
    }
  c->per_col = (c->n_rows + c->cols - 1) / c->cols;
  c->col_gap = ctx->font_px * 2.5;
  c->panel_w = (ctx->width - 2 * ctx->pad - (c->cols - 1) * c->col_gap) / c->cols;
  c->panel_h = (c->bottom - c->top) / c->per_col;
}

/* The note under the panels naming the first k of the rows left out,
 * and how many more. */
static char *
compare_hidden_text (gconstpointer data,
                     guint         k)
{
  const Compare *c = data;
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint r = c->n_rows; r < c->n_rows + k; r++)
    {
      if (names->len > 0)
        g_string_append (names, ", ");
      g_string_append (names, _(c->shown[r]->title));
    }
  if (k < c->n_hidden)
    /* Translators: the end of a list of outcomes: "Latency and 3 more" */
    g_string_append_printf (names, _(" and %u more"), c->n_hidden - k);
  /* Translators: a list of outcomes, such as "Latency, Unit profit" */
  return g_strdup_printf (_("Left out at this size: %s"), names->str);
}

/* Under the panels: which outcomes did not fit, as many by name as the
 * line holds (and the text helpers draw: STRATA_CHART_MAX_NAME_CHARS). */
static void
compare_hidden_note (Compare *c)
{
  if (c->n_hidden > 0)
    _strata_chart_fitted_note (c->ctx, compare_hidden_text, c, c->n_hidden, c->ctx->pad,
                               c->bottom + c->ctx->font_px * 0.65);
}

/* Shared column widths so the panels line up; two header lines in every
 * panel when one unit is too long to sit beside its key. */
static void
compare_widths (Compare *c)
{
  StrataChartCtx *ctx = c->ctx;
  const StrataChartTheme *theme = ctx->theme;
  StrataTextStyle style;

  style = _strata_chart_style (ctx, 0.85, STRATA_TEXT_LABEL, theme->foreground, 0);
  style.max_width = c->panel_w * 0.4;
  for (guint i = 0; i < c->n; i++)
    {
      double w;

      _strata_chart_text_size (ctx, c->request->strategies[i]->name, &style, &w, NULL);
      c->name_w = MAX (c->name_w, w);
    }
  style = _strata_chart_style (ctx, 0.85, STRATA_TEXT_VALUE, theme->foreground, STRATA_TEXT_FLAG_BOLD);
  for (guint r = 0; r < c->n_rows; r++)
    for (guint i = 0; i < c->n; i++)
      {
        g_autofree char *text = format_value (c->shown[r], row_value (c->shown[r], &c->outcomes[i]), c->dataset);
        double w;

        _strata_chart_text_size (ctx, text, &style, &w, NULL);
        c->value_w = MAX (c->value_w, w);
      }
  c->value_w = MIN (c->value_w, c->panel_w * 0.3);

  for (guint r = 0; r < c->n_rows; r++)
    {
      g_autofree char *unit_text = row_unit_text (c->shown[r], c->dataset);
      double title_w, unit_w;

      style = _strata_chart_style (ctx, 0.95, STRATA_TEXT_LABEL, theme->foreground, STRATA_TEXT_FLAG_BOLD);
      style.max_width = c->panel_w * 0.5;
      _strata_chart_text_size (ctx, _(c->shown[r]->title), &style, &title_w, NULL);
      style = _strata_chart_style (ctx, 0.8, STRATA_TEXT_AXIS, theme->muted, 0);
      _strata_chart_text_size (ctx, unit_text, &style, &unit_w, NULL);
      if (title_w + ctx->font_px * 0.6 + unit_w > c->panel_w)
        c->two_line_headers = TRUE;
    }
}

/* A panel's header: the key and its unit, beside it or below it. */
static void
compare_panel_header (Compare   *c,
                      const Row *row,
                      double     px,
                      double     py)
{
  StrataChartCtx *ctx = c->ctx;
  g_autofree char *unit_text = row_unit_text (row, c->dataset);
  StrataTextStyle style;
  StrataChartRect box;
  double unit_w, beside;

  style = _strata_chart_style (ctx, 0.95, STRATA_TEXT_LABEL, ctx->theme->foreground,
                               STRATA_TEXT_FLAG_BOLD | STRATA_TEXT_FLAG_TRY);
  style.max_width = c->panel_w * 0.5;
  if (!_strata_chart_text (ctx, _(row->title), &style, px, py + ctx->font_px * 0.65, 0, 0.5, &box))
    return;

  style = _strata_chart_style (ctx, 0.8, STRATA_TEXT_AXIS, ctx->theme->muted, STRATA_TEXT_FLAG_TRY);
  _strata_chart_text_size (ctx, unit_text, &style, &unit_w, NULL);
  beside = px + c->panel_w - (box.x + box.width + ctx->font_px * 0.6);
  if (unit_w <= beside)
    {
      style.max_width = beside;
      _strata_chart_text (ctx, unit_text, &style, box.x + box.width + ctx->font_px * 0.6,
                          py + ctx->font_px * 0.65, 0, 0.5, NULL);
    }
  else
    {
      /* Too long to sit beside the key: a line of its own below it,
       * whole where the panel is wide enough. */
      style.max_width = c->panel_w;
      _strata_chart_text (ctx, unit_text, &style, px, box.y + box.height + ctx->font_px * 0.1,
                          0, 0, NULL);
    }
}

/* Where a panel's bars go. */
typedef struct
{
  guint       r;
  double      px;
  double      bars_top, bars_h, slot, bar_h;
  double      bar_x0, bar_x1;
  double      best;
  gboolean    all_equal;
  StrataScale scale;
} Panel;

/* One strategy's bar in a panel, its name and its value. */
static void
compare_bar (Compare     *c,
             const Panel *p,
             guint        i)
{
  StrataChartCtx *ctx = c->ctx;
  const StrataChartTheme *theme = ctx->theme;
  const Row *row = c->shown[p->r];
  double v = row_value (row, &c->outcomes[i]);
  double cy = p->bars_top + p->slot * (i + 0.5);
  double x0 = _strata_scale_map (&p->scale, 0);
  double x1 = _strata_scale_map (&p->scale, isfinite (v) ? v : 0);
  gboolean is_best = !p->all_equal && isfinite (v) &&
                     fabs (v - p->best) <= 1e-9 * MAX (1.0, fabs (p->best));
  StrataRgba color = _strata_chart_strategy_color (c->request, i);
  StrataChartRect rect = { MIN (x0, x1), cy - p->bar_h / 2, MAX (fabs (x1 - x0), 1.0), p->bar_h };
  StrataHit hit = { STRATA_HIT_BAR, i, 0, p->r, c->volume, v };
  g_autofree char *text = format_value (row, v, c->dataset);
  g_autofree char *key = NULL;
  double fs = MIN (ctx->font_px * 0.85, p->slot * 0.8);
  StrataTextStyle style;

  if (!is_best && !p->all_equal)
    color = _strata_chart_mix (color, theme->background, 0.35);
  _strata_chart_rect_path (ctx->cr, rect.x, rect.y, rect.width, rect.height);
  _strata_chart_set_color (ctx->cr, color);
  cairo_fill (ctx->cr);
  if (is_best)
    {
      _strata_chart_rect_path (ctx->cr, rect.x - 1, rect.y - 1, rect.width + 2, rect.height + 2);
      cairo_set_line_width (ctx->cr, MAX (1.5, ctx->line_px * 0.8));
      _strata_chart_set_color (ctx->cr, theme->highlight);
      cairo_stroke (ctx->cr);
    }
  _strata_chart_add_region (ctx, &(StrataChartRect) { p->px, cy - p->slot / 2, c->panel_w, p->slot }, &hit);

  if (fs < MIN_BAR_TEXT_PX)
    return;
  style = _strata_chart_style (ctx, 1.0, STRATA_TEXT_LABEL, theme->muted, STRATA_TEXT_FLAG_TRY);
  style.size = fs;
  style.max_width = c->name_w;
  _strata_chart_text (ctx, c->request->strategies[i]->name, &style, p->bar_x0 - ctx->font_px * 0.5, cy, 1, 0.5, NULL);

  style = _strata_chart_style (ctx, 1.0, STRATA_TEXT_VALUE, is_best ? theme->foreground : theme->muted,
                               STRATA_TEXT_FLAG_TRY | (is_best ? STRATA_TEXT_FLAG_BOLD : 0));
  style.size = fs;
  style.max_width = c->value_w + ctx->font_px * 0.5;
  key = g_strdup_printf ("compare:%s:%s", row->key, c->request->strategies[i]->id);
  style.key = key;
  style.value = v;
  _strata_chart_text (ctx, text, &style, p->bar_x1 + ctx->font_px * 0.4, cy, 0, 0.5, NULL);
}

/* One row's panel: header, track, zero line and a bar per strategy. */
static void
compare_panel (Compare *c,
               guint    r)
{
  StrataChartCtx *ctx = c->ctx;
  const Row *row = c->shown[r];
  double py = c->top + (r % c->per_col) * c->panel_h;
  double header_h = ctx->font_px * (c->two_line_headers ? 2.55 : 1.45);
  double lo = 0, hi = 0;
  Panel p = { 0, };

  p.r = r;
  p.px = ctx->pad + (r / c->per_col) * (c->panel_w + c->col_gap);
  p.bar_x0 = p.px + c->name_w + ctx->font_px * 0.6;
  p.bar_x1 = p.px + c->panel_w - c->value_w - ctx->font_px * 0.6;
  p.best = NAN;
  p.all_equal = TRUE;

  compare_panel_header (c, row, p.px, py);
  p.bars_top = py + header_h;
  p.bars_h = c->panel_h - header_h - ctx->font_px * 0.7;
  p.slot = p.bars_h / c->n;
  p.bar_h = MIN (p.slot * 0.78, ctx->font_px * 1.3);
  if (p.bar_x1 - p.bar_x0 < ctx->font_px || p.bar_h < 0.5)
    return;

  for (guint i = 0; i < c->n; i++)
    {
      double v = row_value (row, &c->outcomes[i]);

      if (!isfinite (v))
        continue;
      lo = MIN (lo, v);
      hi = MAX (hi, v);
      if (isnan (p.best) || (row->higher_is_better ? v > p.best : v < p.best))
        p.best = v;
      if (fabs (v - row_value (row, &c->outcomes[0])) > 1e-12 * MAX (1.0, fabs (v)))
        p.all_equal = FALSE;
    }
  if (hi == lo)
    hi = lo + 1;
  p.scale = (StrataScale) { lo, hi, p.bar_x0, p.bar_x1, FALSE };

  /* Track behind the bars and the zero line. */
  _strata_chart_rect_path (ctx->cr, p.bar_x0, p.bars_top, p.bar_x1 - p.bar_x0, p.bars_h);
  _strata_chart_set_color (ctx->cr, ctx->theme->panel);
  cairo_fill (ctx->cr);
  if (lo < 0)
    {
      double zx = round (_strata_scale_map (&p.scale, 0)) + 0.5;

      cairo_set_line_width (ctx->cr, 1.0);
      _strata_chart_set_color (ctx->cr, ctx->theme->axis);
      _strata_chart_line (ctx->cr, zx, p.bars_top, zx, p.bars_top + p.bars_h);
      cairo_stroke (ctx->cr);
    }

  for (guint i = 0; i < c->n; i++)
    compare_bar (c, &p, i);
}

void
_strata_chart_draw_compare (StrataChartCtx *ctx)
{
  const StrataChartRequest *request = ctx->request;
  Compare c = { 0, };

  c.ctx = ctx;
  c.request = request;
  c.dataset = request->dataset;
  c.n = request->n_strategies;
  c.volume = request->volume > 0 && isfinite (request->volume) ? request->volume
                                                               : c.dataset->volume_default;
  c.top = compare_title (&c);
  c.bottom = ctx->height - ctx->pad;
  if (c.n == 0)
    {
      _strata_chart_message (ctx, _("No strategies to compare"));
      return;
    }

  compare_outcomes (&c);
  compare_columns (&c);
  compare_widths (&c);
  for (guint r = 0; r < c.n_rows; r++)
    compare_panel (&c, r);
  compare_hidden_note (&c);
}

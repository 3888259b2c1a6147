/* strata-chart-value-chain.c: the stack as blocks, seams and co-design links
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

static void
arrow_head (cairo_t *cr,
            double   x,
            double   y,
            double   angle,
            double   size)
{
  cairo_move_to (cr, _strata_chart_c (x), _strata_chart_c (y));
  cairo_line_to (cr, _strata_chart_c (x - size * cos (angle - 0.45)), _strata_chart_c (y - size * sin (angle - 0.45)));
  cairo_line_to (cr, _strata_chart_c (x - size * cos (angle + 0.45)), _strata_chart_c (y - size * sin (angle + 0.45)));
  cairo_close_path (cr);
  cairo_fill (cr);
}

/* The layout of one value chain, shared by the drawing steps. */
typedef struct
{
  const StrataStrategy *strategy;
  guint                 current;
  double                volume;
  guint                 n;
  guint                *choices;
  StrataLayerCost      *costs;
  StrataOutcome         outcome;
  double               *layer_share;   /* MODEL.md 3: (variable + fixed/V) / unit_cost */
  double               *iface_share;   /* interface above layer l / unit_cost */
  int                  *layer_pct;     /* rounded so the printed shares add to 100 */
  int                  *iface_pct;
  gboolean             *has_iface;
  double               *block_y;
  double                block_h;
  double                seam;
  double                blocks_x, blocks_w, notes_x, notes_w;
  guint                 n_lanes;
  gboolean              web;           /* links too many to tell apart: finer arcs */
} Chain;

static void
chain_clear (Chain *chain)
{
  g_free (chain->choices);
  g_free (chain->costs);
  g_free (chain->layer_share);
  g_free (chain->iface_share);
  g_free (chain->layer_pct);
  g_free (chain->iface_pct);
  g_free (chain->has_iface);
  g_free (chain->block_y);
}

/* Whether the chain shows a market interface above layer @l of @n. */
static gboolean
interface_above (const StrataLayerCost *costs,
                 guint                  n,
                 guint                  l)
{
  return l + 1 < n && !(costs[l].mode == STRATA_MODE_INTEGRATED && costs[l + 1].mode == STRATA_MODE_INTEGRATED);
}

static gboolean
is_interface (const Chain *chain,
              guint        l)
{
  return interface_above (chain->costs, chain->n, l);
}

/* A rounded share as printed: "<1 %" for a part that rounds to 0 but is
 * not nothing (a "0 %" beside $2.33 reads as a mistake). */
static char *
pct_text (int    pct,
          double share)
{
  if (pct == 0 && share > 0)
    return g_strdup ("<1 %");
  return g_strdup_printf ("%d %%", pct);
}

/* Largest-remainder rounding: whole percents that add up to exactly 100
 * (MODEL.md 3: the shares of the layers and interfaces add up to 100 %). */
static void
round_shares (double  *shares,
              int     *out,
              guint    n)
{
  g_autofree double *rest = g_new0 (double, n);
  int total = 0;

  for (guint i = 0; i < n; i++)
    {
      double p = 100 * _strata_chart_clamp (shares[i], 0, 1);

      out[i] = (int) floor (p);
      rest[i] = p - out[i];
      total += out[i];
    }
  while (total < 100)
    {
      guint best = n;

      for (guint i = 0; i < n; i++)
        if (rest[i] > 1e-9 && (best == n || rest[i] > rest[best]))
          best = i;
      if (best == n)
        break;
      out[best]++;
      rest[best] = 0;
      total++;
    }
}

/* Layer @top's share of @outcome's unit cost as the chain prints it
 * ("65 %", "<1 %"): the whole percents of every layer and interface,
 * rounded together (round_shares ()); NULL when there is no unit cost to
 * share.  The value chain's headline states the same figure. */
char *
_strata_chart_value_chain_share_text (const StrataLayerCost *costs,
                                      guint                  n,
                                      const StrataOutcome   *outcome,
                                      guint                  top)
{
  g_autofree double *all = g_new0 (double, 2 * n);
  g_autofree int *pct = g_new0 (int, 2 * n);
  double unit_cost = outcome->unit_cost;
  guint m = 0, at = 0;

  if (!(unit_cost > 0) || !isfinite (unit_cost) || top >= n)
    return NULL;
  for (guint l = 0; l < n; l++)
    {
      if (l == top)
        at = m;
      all[m++] = (costs[l].variable + costs[l].fixed_per_unit) / unit_cost;
      if (interface_above (costs, n, l))
        all[m++] = costs[l].interface_cost / unit_cost;
    }
  round_shares (all, pct, m);
  return pct_text (pct[at], all[at]);
}

/* The model's answer behind the chain: the current strategy's choices
 * and costs at the volume (the same at every size). */
typedef struct
{
  guint           *choices;
  StrataLayerCost *costs;
  StrataOutcome    outcome;
} ChainModel;

static void
chain_model_free (gpointer data)
{
  ChainModel *model = data;

  g_free (model->choices);
  g_free (model->costs);
  g_free (model);
}

static gpointer
chain_model_compute (StrataChartCtx *ctx,
                     gpointer        data)
{
  const StrataChartRequest *request = ctx->request;
  StrataDataset *dataset = request->dataset;
  guint current = request->current < request->n_strategies ? request->current : 0;
  double volume = request->volume > 0 && isfinite (request->volume) ? request->volume : dataset->volume_default;
  ChainModel *model = g_new0 (ChainModel, 1);

  model->choices = g_new0 (guint, dataset->n_layers);
  model->costs = g_new0 (StrataLayerCost, dataset->n_layers);
  strata_strategy_resolve_full (dataset, request->strategies[current], request->objective, volume, model->choices);
  strata_evaluate (dataset, model->choices, volume, &model->outcome, model->costs);
  return model;
}

static void
chain_compute (Chain          *chain,
               StrataChartCtx *ctx)
{
  const StrataChartRequest *request = ctx->request;
  const StrataDataset *dataset = request->dataset;
  guint n = dataset->n_layers;
  g_autofree double *all = g_new0 (double, 2 * n);
  g_autofree int *pct = g_new0 (int, 2 * n);
  guint m = 0;

  chain->n = n;
  chain->current = request->current < request->n_strategies ? request->current : 0;
  chain->strategy = request->strategies[chain->current];
  chain->volume = request->volume > 0 && isfinite (request->volume) ? request->volume : dataset->volume_default;
  chain->layer_share = g_new0 (double, n);
  chain->iface_share = g_new0 (double, n);
  chain->layer_pct = g_new0 (int, n);
  chain->iface_pct = g_new0 (int, n);
  chain->has_iface = g_new0 (gboolean, n);
  chain->block_y = g_new0 (double, n);
  {
    const ChainModel *model = _strata_chart_result (ctx, "value-chain", chain_model_compute,
                                                    NULL, chain_model_free);

    chain->choices = g_memdup2 (model->choices, sizeof (guint) * n);
    chain->costs = g_memdup2 (model->costs, sizeof (StrataLayerCost) * n);
    chain->outcome = model->outcome;
  }

  for (guint l = 0; l < n; l++)
    {
      double unit_cost = chain->outcome.unit_cost;

      chain->has_iface[l] = is_interface (chain, l);
      if (unit_cost > 0 && isfinite (unit_cost))
        {
          chain->layer_share[l] = (chain->costs[l].variable + chain->costs[l].fixed_per_unit) / unit_cost;
          chain->iface_share[l] = chain->has_iface[l] ? chain->costs[l].interface_cost / unit_cost : 0;
        }
      all[m++] = chain->layer_share[l];
      if (chain->has_iface[l])
        all[m++] = chain->iface_share[l];
    }
  round_shares (all, pct, m);
  m = 0;
  for (guint l = 0; l < n; l++)
    {
      chain->layer_pct[l] = pct[m++];
      if (chain->has_iface[l])
        chain->iface_pct[l] = pct[m++];
    }
}

/* The legend row at the bottom; returns its height. */
static double
legend (StrataChartCtx *ctx,
        double          y,
        gboolean        measure,
        gboolean        has_links,
        gboolean        seams_unlabelled,
        guint           links_unlabelled)
{
  const StrataChartTheme *theme = ctx->theme;
  StrataTextStyle style = _strata_chart_style (ctx, 0.85, STRATA_TEXT_LEGEND, theme->muted, STRATA_TEXT_FLAG_TRY);
  /* Translators: the legend of the value chain's co-design links when
   * the savings of %u active links found no room for their labels */
  g_autofree char *links_text = links_unlabelled == 0 ? NULL
    : g_strdup_printf (ngettext ("Co-design link (active; %u saving not labelled: no room)",
                                 "Co-design link (active; %u savings not labelled: no room)",
                                 links_unlabelled), links_unlabelled);
  /* Translators: the same, shorter, for a narrow chart */
  g_autofree char *links_short = links_unlabelled == 0 ? NULL
    : g_strdup_printf (ngettext ("Co-design link (%u not labelled)",
                                 "Co-design links (%u not labelled)",
                                 links_unlabelled), links_unlabelled);
  /* The mode is what the dataset says of the option, not who owns it: a
   * neutral option is one open to the market, even when the firm runs it. */
  const char *texts[] = {
    _("Integrated (in-house)"),
    _("Neutral (market option)"),
    seams_unlabelled ? _("Market interface (too small to label)") : _("Market interface"),
    links_text != NULL ? links_text : _("Co-design link (active)"),
  };
  double sw = ctx->font_px * 1.1;
  double x = ctx->pad;
  double h = ctx->font_px * 1.4;

  if (measure)
    return h;

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      StrataChartRect box;
      double cy = y + h / 2;

      if (i == 3 && !has_links)
        break;
      _strata_chart_text (ctx, texts[i], &(StrataTextStyle) { .size = style.size, .flags = STRATA_TEXT_FLAG_MEASURE },
                          x + sw * 1.4, cy, 0, 0.5, &box);
      if (x + sw * 1.4 + box.width > ctx->width - ctx->pad && i == 3 && links_short != NULL)
        {
          texts[i] = links_short;
          _strata_chart_text (ctx, texts[i], &(StrataTextStyle) { .size = style.size, .flags = STRATA_TEXT_FLAG_MEASURE },
                              x + sw * 1.4, cy, 0, 0.5, &box);
        }
      if (x + sw * 1.4 + box.width > ctx->width - ctx->pad)
        break;
      if (!_strata_chart_text (ctx, texts[i], &style, x + sw * 1.4, cy, 0, 0.5, &box))
        break;

      cairo_save (ctx->cr);
      switch (i)
        {
        case 0:
        case 1:
          _strata_chart_round_rect (ctx->cr, x, cy - sw / 2, sw, sw, sw * 0.2);
          _strata_chart_set_color (ctx->cr, _strata_chart_mode_color (i == 0 ? STRATA_MODE_INTEGRATED
                                                                              : STRATA_MODE_NEUTRAL));
          cairo_fill (ctx->cr);
          break;
        case 2:
          {
            double dashes[] = { ctx->line_px * 2, ctx->line_px * 1.5 };

            cairo_set_dash (ctx->cr, dashes, 2, 0);
            cairo_set_line_width (ctx->cr, ctx->line_px);
            _strata_chart_set_color (ctx->cr, theme->muted);
            _strata_chart_line (ctx->cr, x, cy, x + sw, cy);
            cairo_stroke (ctx->cr);
          }
          break;
        default:
          cairo_set_line_width (ctx->cr, ctx->line_px);
          _strata_chart_set_color (ctx->cr, theme->foreground);
          _strata_chart_line (ctx->cr, x, cy, x + sw * 0.7, cy);
          cairo_stroke (ctx->cr);
          arrow_head (ctx->cr, x + sw, cy, 0, ctx->font_px * 0.45);
          break;
        }
      cairo_restore (ctx->cr);
      x = box.x + box.width + ctx->font_px * 1.6;
    }
  return h;
}

/* The line under the stack: unit cost, less the ecosystem value (a credit),
 * is the effective unit cost the optimizer ranks by.  Returns its height. */
static double
total_line (StrataChartCtx *ctx,
            const Chain    *chain,
            double          y,
            gboolean        measure)
{
  const StrataDataset *dataset = ctx->request->dataset;
  const StrataOutcome *o = &chain->outcome;
  g_autofree char *unit = _strata_chart_per_unit (dataset->unit, 24);
  g_autofree char *cost = _strata_chart_money (o->unit_cost, dataset);
  g_autofree char *eco = _strata_chart_money (o->ecosystem_value, dataset);
  g_autofree char *eff = _strata_chart_money (o->effective_unit_cost, dataset);
  struct { char *text; const char *key; double value; gboolean bold; } parts[3];
  double x = chain->blocks_x;
  double h = ctx->font_px * 1.5;

  if (measure)
    return h;
  parts[0].text = g_strdup_printf (_("Unit cost %s"), cost);
  parts[0].key = "unit_cost";
  parts[0].value = o->unit_cost;
  parts[0].bold = FALSE;
  /* Translators: MODEL.md's ecosystem_value, subtracted from the unit cost */
  parts[1].text = g_strdup_printf (_("\xE2\x88\x92 ecosystem value %s (credit)"), eco);
  parts[1].key = "ecosystem_value";
  parts[1].value = o->ecosystem_value;
  parts[1].bold = FALSE;
  /* Translators: MODEL.md's effective_unit_cost, then the unit */
  parts[2].text = g_strdup_printf (_("= effective unit cost %s per %s"), eff, unit);
  parts[2].key = "effective_unit_cost";
  parts[2].value = o->effective_unit_cost;
  parts[2].bold = TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      StrataTextStyle s = _strata_chart_style (ctx, 0.95, STRATA_TEXT_VALUE, ctx->theme->foreground,
                                               STRATA_TEXT_FLAG_TRY | (parts[i].bold ? STRATA_TEXT_FLAG_BOLD : 0));
      StrataChartRect box;

      s.key = parts[i].key;
      s.value = parts[i].value;
      s.max_width = ctx->width - ctx->pad - x;
      if (_strata_chart_text (ctx, parts[i].text, &s, x, y + h / 2, 0, 0.5, &box))
        x = box.x + box.width + ctx->font_px * 0.5;
    }
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    g_free (parts[i].text);
  return h;
}

static void
draw_block (StrataChartCtx *ctx,
            const Chain    *chain,
            guint           l)
{
  const StrataDataset *dataset = ctx->request->dataset;
  const StrataChartTheme *theme = ctx->theme;
  const StrataLayer *layer = &dataset->layers[l];
  const StrataOption *option = &layer->options[MIN (chain->choices[l], layer->n_options - 1)];
  const StrataLayerCost *cost = &chain->costs[l];
  double block_h = chain->block_h;
  StrataChartRect rect = { chain->blocks_x, chain->block_y[l], chain->blocks_w, block_h };
  StrataHit hit = { STRATA_HIT_LAYER, chain->current, l, 0, chain->volume, 0 };
  double inner = ctx->font_px * 0.6;
  double fs2 = MIN (ctx->font_px, block_h / 2.7);
  double fs1 = MIN (ctx->font_px, block_h / 1.35);
  double per_unit = cost->variable + cost->fixed_per_unit;
  double text_bottom = rect.y;

  /* Blocks under a pixel without seams: to the block below's top, the
   * same double (_strata_chart_span_path ()). */
  if (chain->seam == 0 && block_h < 3)
    _strata_chart_span_path (ctx->cr, rect.x, rect.y, rect.x + rect.width,
                             l > 0 ? chain->block_y[l - 1] : rect.y + block_h);
  else
    _strata_chart_round_rect (ctx->cr, rect.x, rect.y, rect.width, rect.height,
                              MIN (ctx->font_px * 0.35, block_h * 0.2));
  _strata_chart_set_color (ctx->cr, _strata_chart_mode_color (cost->mode));
  cairo_fill (ctx->cr);

  hit.value = per_unit;
  _strata_chart_add_region (ctx, &rect, &hit);

  if (fs2 >= ctx->font_px * 0.7)
    {
      StrataTextStyle s1 = _strata_chart_style (ctx, 1.0, STRATA_TEXT_LABEL, theme->on_mode,
                                                STRATA_TEXT_FLAG_BOLD | STRATA_TEXT_FLAG_TRY);
      StrataTextStyle s2 = _strata_chart_style (ctx, 1.0, STRATA_TEXT_LABEL, theme->on_mode, STRATA_TEXT_FLAG_TRY);
      /* Translators: an option's name, then "integrated" or "neutral" */
      g_autofree char *mode_text = g_strdup_printf (_("%s (%s)"), option->name,
                                                    cost->mode == STRATA_MODE_INTEGRATED ? _("integrated")
                                                                                         : _("neutral"));
      double cy = rect.y + rect.height / 2;

      s1.size = fs2 * 1.05;
      s2.size = fs2 * 0.95;
      s1.max_width = s2.max_width = rect.width - 2 * inner;
      StrataChartRect box;

      /* A long name on two lines above the option where the block's
       * upper half holds them. */
      _strata_chart_name (ctx, &s1, layer->name, rect.height / 2, rect.x + inner, cy - fs2 * 0.05, 0, 1);
      if (_strata_chart_text (ctx, mode_text, &s2, rect.x + inner, cy + fs2 * 0.1, 0, 0, &box))
        text_bottom = box.y + box.height;
    }
  else if (fs1 >= 6)
    {
      g_autofree char *text = g_strdup_printf ("%s: %s", layer->name, option->name);
      StrataTextStyle s1 = _strata_chart_style (ctx, 1.0, STRATA_TEXT_LABEL, theme->on_mode, STRATA_TEXT_FLAG_TRY);

      StrataChartRect box;

      s1.size = fs1 * 0.9;
      s1.max_width = rect.width - 2 * inner;
      if (_strata_chart_text (ctx, text, &s1, rect.x + inner, rect.y + rect.height / 2, 0, 0.5, &box))
        text_bottom = box.y + box.height;
    }

  /* Share of unit cost as a bar along the block's bottom, where it clears
   * the text: in a short block it would run through the option's line
   * like an underline (the share is printed beside the block anyway). */
  if (block_h > ctx->font_px * 1.2)
    {
      double bh = MAX (2.0, ctx->font_px * 0.22);
      double bar_y = rect.y + rect.height - bh - ctx->font_px * 0.2;

      if (bar_y >= text_bottom)
        {
          _strata_chart_rect_path (ctx->cr, rect.x + inner, bar_y,
                                   (rect.width - 2 * inner) * _strata_chart_clamp (chain->layer_share[l], 0, 1), bh);
          _strata_chart_set_color (ctx->cr, (StrataRgba) { 1, 1, 1, 0.75 });
          cairo_fill (ctx->cr);
        }
    }
}

/* Right of a block: its share of the unit cost (large) and the amount that
 * share was computed from, with the co-design saving and the ecosystem
 * credit where they apply. */
static void
draw_block_notes (StrataChartCtx *ctx,
                  const Chain    *chain,
                  guint           l)
{
  const StrataDataset *dataset = ctx->request->dataset;
  const StrataChartTheme *theme = ctx->theme;
  const StrataLayerCost *cost = &chain->costs[l];
  double per_unit = cost->variable + cost->fixed_per_unit;
  double fs2 = MIN (ctx->font_px, chain->block_h / 2.7);
  double cy = chain->block_y[l] + chain->block_h / 2;
  g_autofree char *money = _strata_chart_money (per_unit, dataset);
  g_autofree char *share = pct_text (chain->layer_pct[l], chain->layer_share[l]);
  g_autofree char *unit = _strata_chart_per_unit (dataset->unit, 24);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *share_key = g_strdup_printf ("share:layer:%s", dataset->layers[l].id);
  g_autofree char *cost_key = g_strdup_printf ("cost:layer:%s", dataset->layers[l].id);
  StrataTextStyle s1 = _strata_chart_style (ctx, 1.15, STRATA_TEXT_VALUE, theme->foreground,
                                            STRATA_TEXT_FLAG_BOLD | STRATA_TEXT_FLAG_TRY);
  StrataTextStyle s2 = _strata_chart_style (ctx, 0.85, STRATA_TEXT_VALUE, theme->muted, STRATA_TEXT_FLAG_TRY);

  if (chain->notes_w <= ctx->font_px * 3)
    return;

  /* Translators: an amount of money and a unit: "$0.80 per 1M tokens" */
  g_string_append_printf (text, _("%s per %s"), money, unit);
  if (cost->mode == STRATA_MODE_INTEGRATED && cost->codesign_factor < 1.0)
    {
      g_autofree char *saved = strata_format_percent (1 - cost->codesign_factor);

      /* Translators: the share co-design saves, such as "10.0 %" */
      g_string_append_printf (text, _(" (co-design \xE2\x88\x92%s)"), saved);
    }
  if (cost->ecosystem_value > 0)
    {
      g_autofree char *eco = _strata_chart_money (cost->ecosystem_value, dataset);

      /* Translators: MODEL.md's ecosystem_value per unit */
      g_string_append_printf (text, _("; ecosystem value %s credit"), eco);
    }

  s1.key = share_key;
  s1.value = chain->layer_share[l];
  s2.key = cost_key;
  s2.value = per_unit;
  s1.size = MIN (s1.size, chain->block_h * 0.5);
  s2.size = MIN (s2.size, chain->block_h * 0.4);
  s1.max_width = s2.max_width = chain->notes_w;
  if (fs2 >= ctx->font_px * 0.7)
    {
      if (_strata_chart_text (ctx, share, &s1, chain->notes_x, cy, 0, 1, NULL))
        _strata_chart_text (ctx, text->str, &s2, chain->notes_x, cy + fs2 * 0.1, 0, 0, NULL);
    }
  else
    {
      g_autofree char *line = g_strdup_printf ("%s \xC2\xB7 %s", share, money);

      s1 = s2;
      s1.key = share_key;
      s1.value = chain->layer_share[l];
      s1.size = MIN (ctx->font_px * 0.85, chain->block_h * 0.8);
      s1.color = theme->foreground;
      _strata_chart_text (ctx, line, &s1, chain->notes_x, cy, 0, 0.5, NULL);
    }
}

/* The size of a market interface's figures: within its seam; below
 * STRATA_CHART_MIN_READABLE_PX they are left out (the legend says so), not drawn too
 * small to read on a slide. */
static double
seam_text_px (StrataChartCtx *ctx,
              const Chain    *chain)
{
  StrataTextStyle s = _strata_chart_style (ctx, 0.8, STRATA_TEXT_VALUE, ctx->theme->foreground, 0);

  return MIN (s.size, chain->seam * 0.85);
}

/* A market interface between layer @l and the one above: a dashed seam with
 * its own share of the unit cost and the coordination cost it was computed
 * from (the supplier margin is part of the layer below's cost).  FALSE
 * when its share is not written (too small, or no room beside the
 * blocks' notes). */
static gboolean
draw_seam (StrataChartCtx *ctx,
           const Chain    *chain,
           guint           l)
{
  const StrataDataset *dataset = ctx->request->dataset;
  const StrataChartTheme *theme = ctx->theme;
  const StrataLayerCost *cost = &chain->costs[l];
  double y = chain->block_y[l] - chain->seam / 2;
  double dashes[] = { ctx->line_px * 2, ctx->line_px * 1.5 };
  g_autofree char *share = pct_text (chain->iface_pct[l], chain->iface_share[l]);
  g_autofree char *coord = _strata_chart_money (cost->interface_cost, dataset);
  g_autofree char *share_key = g_strdup_printf ("share:interface:%s", dataset->layers[l].id);
  g_autofree char *cost_key = g_strdup_printf ("cost:interface:%s", dataset->layers[l].id);
  g_autofree char *text = NULL;
  StrataTextStyle s;
  StrataChartRect box;

  cairo_save (ctx->cr);
  cairo_set_dash (ctx->cr, dashes, 2, 0);
  cairo_set_line_width (ctx->cr, MAX (1.0, ctx->line_px * 0.8));
  _strata_chart_set_color (ctx->cr, theme->muted);
  _strata_chart_line (ctx->cr, chain->blocks_x - ctx->font_px * 0.3, y,
                      chain->blocks_x + chain->blocks_w + ctx->font_px * 0.3, y);
  cairo_stroke (ctx->cr);
  cairo_restore (ctx->cr);

  if (chain->notes_w <= ctx->font_px * 3 || seam_text_px (ctx, chain) < STRATA_CHART_MIN_READABLE_PX)
    return FALSE;

  if (cost->mode == STRATA_MODE_NEUTRAL && cost->supplier_margin > 0)
    {
      g_autofree char *margin = _strata_chart_money (cost->supplier_margin, dataset);

      /* Translators: the interface's cost per unit, then the supplier's
       * margin per unit (MODEL.md's interface cost and supplier_margin) */
      text = g_strdup_printf (_("market interface %s; supplier margin below %s"), coord, margin);
    }
  else
    /* Translators: the interface's cost per unit */
    text = g_strdup_printf (_("market interface %s"), coord);

  s = _strata_chart_style (ctx, 0.8, STRATA_TEXT_VALUE, theme->foreground, STRATA_TEXT_FLAG_TRY | STRATA_TEXT_FLAG_BOLD);
  s.size = MIN (s.size, chain->seam * 0.85);
  s.key = share_key;
  s.value = chain->iface_share[l];
  if (!_strata_chart_text (ctx, share, &s, chain->notes_x, y, 0, 0.5, &box))
    return FALSE;
  s = _strata_chart_style (ctx, 0.8, STRATA_TEXT_VALUE, theme->muted, STRATA_TEXT_FLAG_TRY | STRATA_TEXT_FLAG_ITALIC);
  s.size = MIN (s.size, chain->seam * 0.85);
  s.max_width = chain->notes_x + chain->notes_w - (box.x + box.width + ctx->font_px * 0.4);
  s.key = cost_key;
  s.value = cost->interface_cost;
  _strata_chart_text (ctx, text, &s, box.x + box.width + ctx->font_px * 0.4, y, 0, 0.5, NULL);
  return TRUE;
}

/* A co-design link's arc, from y0 to an arrow head at y1. */
static void
draw_link_arc (StrataChartCtx *ctx,
               double          x0,
               double          y0,
               double          y1,
               double          bulge,
               double          head,
               gboolean        active,
               gboolean        web)
{
  const StrataChartTheme *theme = ctx->theme;

  cairo_save (ctx->cr);
  if (active)
    {
      StrataRgba c = theme->foreground;

      /* A web of many links: thin and translucent, so that where they
       * crowd reads as darker rather than as one black mass. */
      if (web)
        c.a = 0.45;
      cairo_set_line_width (ctx->cr, ctx->line_px * (web ? 0.5 : 1.1));
      _strata_chart_set_color (ctx->cr, c);
    }
  else
    {
      double dashes[] = { ctx->line_px * 1.5, ctx->line_px * 1.5 };
      StrataRgba c = theme->muted;

      c.a = 0.7;
      cairo_set_dash (ctx->cr, dashes, 2, 0);
      cairo_set_line_width (ctx->cr, MAX (1.0, ctx->line_px * 0.6));
      _strata_chart_set_color (ctx->cr, c);
    }
  cairo_move_to (ctx->cr, _strata_chart_c (x0), _strata_chart_c (y0));
  cairo_curve_to (ctx->cr, _strata_chart_c (x0 - bulge), _strata_chart_c (y0),
                  _strata_chart_c (x0 - bulge), _strata_chart_c (y1),
                  _strata_chart_c (x0 - head * 0.6), _strata_chart_c (y1));
  cairo_stroke (ctx->cr);
  cairo_set_dash (ctx->cr, NULL, 0, 0);
  arrow_head (ctx->cr, x0, y1, 0, head);
  cairo_restore (ctx->cr);
}

/* A co-design link as an arrow left of the stack.  An active one (both
 * ends integrated) is labelled where one of the spots along its arc is
 * free, FALSE when none is (the legend counts them); inactive ones only
 * where there is room.  With label unset it draws the arc, with label
 * set the label: the labels go on after every arc, so their halo keeps
 * the other links' arcs off their figures. */
static gboolean
draw_link (StrataChartCtx *ctx,
           const Chain    *chain,
           guint           k,
           gboolean        active,
           gboolean        label)
{
  const StrataDataset *dataset = ctx->request->dataset;
  const StrataChartTheme *theme = ctx->theme;
  const StrataLink *link = &dataset->links[k];
  double block_h = chain->block_h;
  double x0 = chain->blocks_x - ctx->font_px * 0.25;
  double y0 = chain->block_y[link->from] + block_h * (link->from < link->to ? 0.3 : 0.7);
  double y1 = chain->block_y[link->to] + block_h * (link->from < link->to ? 0.7 : 0.3);
  double bulge = ctx->font_px * (1.2 + 2.2 * (k % chain->n_lanes));
  double mid_y = (y0 + y1) / 2;
  double head = ctx->font_px * 0.5;
  g_autofree char *text = NULL;
  g_autofree char *key = g_strdup_printf ("link:%s:%s", dataset->layers[link->from].id, dataset->layers[link->to].id);
  StrataTextStyle s;

  if (!label)
    {
      draw_link_arc (ctx, x0, y0, y1, bulge, head, active, chain->web);
      return TRUE;
    }

  {
    g_autofree char *saved = strata_format_percent (_strata_chart_clamp (link->saving.value, 0, 1));

    text = g_strdup_printf ("\xE2\x88\x92%s", saved);
  }
  s = _strata_chart_style (ctx, active ? 0.85 : 0.75, STRATA_TEXT_VALUE,
                           active ? theme->foreground : theme->muted,
                           STRATA_TEXT_FLAG_TRY | STRATA_TEXT_FLAG_HALO | (active ? STRATA_TEXT_FLAG_BOLD : 0));
  if (active)
    {
      s.key = key;
      s.value = link->saving.value;
    }
  /* Spots along the arc's far side, from its middle outwards. */
  for (int step = 0; step < 12; step++)
    {
      double dy = ctx->font_px * 1.1 * ((step + 1) / 2) * (step % 2 ? -1 : 1);
      double y = mid_y + dy;
      double x = x0 - bulge * 0.75 - ctx->font_px * 0.25;

      if (y < MIN (y0, y1) - ctx->font_px * 0.5 || y > MAX (y0, y1) + ctx->font_px * 0.5)
        continue;
      if (_strata_chart_text (ctx, text, &s, x, y, 1, 0.5, NULL))
        return TRUE;
      /* Left of the lanes when the arc's side is taken. */
      if (active && _strata_chart_text (ctx, text, &s, x0 - bulge - ctx->font_px * 0.4, y, 1, 0.5, NULL))
        return TRUE;
      if (!active)
        return TRUE;
    }
  return !active;
}

/* Co-design links: the arcs, then the labels; the active ones first,
 * so their labels get the room.  More active links than label rows
 * along the stack (two columns of them): a label could not be told to
 * its arc in the web, so none is written.  Returns how many active
 * links' savings are not labelled (the legend says so). */
static guint
draw_links (StrataChartCtx *ctx,
            Chain          *chain)
{
  const StrataDataset *dataset = ctx->request->dataset;
  guint n = chain->n, n_active = 0, unlabelled = 0, rows;

  if (n == 0)
    return 0;
  rows = (guint) (2 * floor (chain->block_y[0] + chain->block_h - chain->block_y[n - 1]) /
                  (ctx->font_px * 1.1));
  for (guint k = 0; k < dataset->n_links; k++)
    n_active += dataset->links[k].from < n && dataset->links[k].to < n &&
                chain->costs[dataset->links[k].from].mode == STRATA_MODE_INTEGRATED &&
                chain->costs[dataset->links[k].to].mode == STRATA_MODE_INTEGRATED;
  chain->web = n_active > rows;
  if (chain->web)
    unlabelled = n_active;
  for (guint stage = 0; stage < (chain->web ? 2 : 4) && chain->n_lanes > 0; stage++)
    for (guint k = 0; k < dataset->n_links; k++)
      {
        guint pass = stage % 2;
        const StrataLink *link = &dataset->links[k];
        gboolean active;

        if (link->from >= n || link->to >= n || link->from == link->to)
          continue;
        active = chain->costs[link->from].mode == STRATA_MODE_INTEGRATED &&
                 chain->costs[link->to].mode == STRATA_MODE_INTEGRATED;
        if (active == (pass == 0) && !draw_link (ctx, chain, k, active, stage >= 2))
          unlabelled++;
      }
  return unlabelled;
}

static void
layout_chain (StrataChartCtx *ctx,
              Chain          *chain,
              double          top,
              double          bottom)
{
  const StrataDataset *dataset = ctx->request->dataset;
  guint n = chain->n;
  gboolean any_seam = FALSE;
  double lanes_w, gap_total;

  for (guint l = 0; l + 1 < n; l++)
    any_seam |= chain->has_iface[l];

  /* Columns: link lanes | blocks | notes (share, cost, seams). */
  chain->n_lanes = MIN (dataset->n_links, 5u);
  lanes_w = chain->n_lanes > 0 ? ctx->font_px * (2.5 + 2.2 * chain->n_lanes) : 0;
  chain->blocks_x = ctx->pad + lanes_w;
  chain->blocks_w = MAX ((ctx->width - 2 * ctx->pad - lanes_w) * 0.5, ctx->font_px * 4);
  chain->notes_x = chain->blocks_x + chain->blocks_w + ctx->font_px * 0.8;
  chain->notes_w = MAX (ctx->width - ctx->pad - chain->notes_x, 0);

  /* Seams get room for a line of text while there is plenty of height. */
  chain->seam = n > 1 ? MIN (ctx->font_px * 1.5, (bottom - top) * 0.3 / (n - 1)) : 0;
  if (!any_seam)
    chain->seam = MIN (chain->seam, ctx->font_px * 0.3);
  gap_total = chain->seam * (n > 1 ? n - 1 : 0);
  chain->block_h = MIN ((bottom - top - gap_total) / n, ctx->font_px * 6.5);
  /* Hundreds of layers: blocks under a pixel, no seams between them (a
   * heat map of the modes; each block still hit-tested and told). */
  if (chain->block_h < 1.0)
    {
      chain->seam = gap_total = 0;
      chain->block_h = (bottom - top) / MAX (n, 1);
    }
  /* Centre the stack vertically when it does not need all the height. */
  top += ((bottom - top) - (chain->block_h * n + gap_total)) / 2;
  for (guint l = 0; l < n; l++)
    chain->block_y[l] = top + (n - 1 - l) * (chain->block_h + chain->seam);   /* bottom layer lowest */
}

void
_strata_chart_draw_value_chain (StrataChartCtx *ctx)
{
  const StrataChartRequest *request = ctx->request;
  const StrataDataset *dataset = request->dataset;
  Chain chain = { 0 };
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  double top, bottom, legend_h, total_h;
  gboolean seams_unlabelled = FALSE;
  guint n = dataset->n_layers, links_unlabelled = 0;

  if (request->n_strategies == 0)
    {
      _strata_chart_title (ctx, dataset->title, NULL);
      _strata_chart_message (ctx, _("No strategy to show"));
      return;
    }
  chain_compute (&chain, ctx);

  {
    g_autofree char *name = _strata_chart_cut (chain.strategy->name, 48);
    g_autofree char *at = _strata_chart_volume_phrase (chain.volume, dataset);
    g_autofree char *data_title = _strata_chart_cut (dataset->title, 64);

    /* The title names the strategy shown; the dataset's title (which may
     * name another strategy) is the context below it. */
    title = g_strdup_printf (_("Value chain of %s"), name);
    /* Translators: a volume phrase, then the dataset's title */
    subtitle = g_strdup_printf (_("Shares of the unit cost at %s \xC2\xB7 %s"), at, data_title);
  }
  top = _strata_chart_title (ctx, title, subtitle);
  legend_h = legend (ctx, 0, TRUE, dataset->n_links > 0, FALSE, 0);
  total_h = total_line (ctx, &chain, 0, TRUE);
  bottom = ctx->height - ctx->pad - legend_h - total_h - ctx->font_px * 0.6;

  layout_chain (ctx, &chain, top, bottom);
  if (chain.block_h * n < ctx->font_px * 2 || chain.block_h <= 0)
    {
      _strata_chart_message (ctx, _("Too small to draw"));
      chain_clear (&chain);
      return;
    }

  /* Blocks of a few pixels tile the stack without anti-aliased seams. */
  cairo_save (ctx->cr);
  if (chain.block_h < 3 && chain.seam == 0)
    cairo_set_antialias (ctx->cr, CAIRO_ANTIALIAS_NONE);
  for (guint l = 0; l < n; l++)
    draw_block (ctx, &chain, l);
  cairo_restore (ctx->cr);
  for (guint l = 0; l < n; l++)
    draw_block_notes (ctx, &chain, l);
  /* Blocks too short for their names (draw_block ()): say what they are
   * beside the top one. */
  if (chain.block_h / 1.35 < 6 && n > 0)
    {
      StrataTextStyle note = _strata_chart_style (ctx, 0.8, STRATA_TEXT_LEGEND, ctx->theme->muted,
                                                  STRATA_TEXT_FLAG_TRY);
      /* Translators: the value chain of a dataset with too many layers to
       * name, %u is their number */
      g_autofree char *caption = g_strdup_printf (ngettext ("%u layer, top of the stack first: too many to name here",
                                                            "%u layers, top of the stack first: too many to name here",
                                                            n), n);

      note.max_width = MAX (ctx->width - ctx->pad - chain.notes_x, ctx->font_px);
      _strata_chart_text (ctx, caption, &note, chain.notes_x, chain.block_y[n - 1], 0, 0, NULL);
    }

  /* Market interfaces; in a dense stack the gap itself is the seam. */
  /* The legend says when a share was not written: the layers' shares
   * alone do not add up to 100 %. */
  for (guint l = 0; l + 1 < n; l++)
    if (chain.has_iface[l] && !(chain.seam >= 3.0 && draw_seam (ctx, &chain, l)))
      seams_unlabelled |= chain.notes_w > ctx->font_px * 3;

  /* The top layer's supplier margin has no seam above it. */
  if (n > 0 && chain.costs[n - 1].mode == STRATA_MODE_NEUTRAL && chain.costs[n - 1].supplier_margin > 0 &&
      chain.notes_w > ctx->font_px * 3)
    {
      g_autofree char *margin = _strata_chart_money (chain.costs[n - 1].supplier_margin, dataset);
      g_autofree char *text = g_strdup_printf (_("includes %s supplier margin"), margin);
      StrataTextStyle s = _strata_chart_style (ctx, 0.8, STRATA_TEXT_VALUE, ctx->theme->muted,
                                               STRATA_TEXT_FLAG_TRY | STRATA_TEXT_FLAG_ITALIC);

      s.size = MIN (s.size, MAX (chain.seam, chain.block_h * 0.3) * 0.85);
      s.max_width = chain.notes_w;
      if (s.size >= STRATA_CHART_MIN_READABLE_PX)
        _strata_chart_text (ctx, text, &s, chain.notes_x, chain.block_y[n - 1] - ctx->font_px * 0.1, 0, 1,
                            NULL);
    }

  links_unlabelled = draw_links (ctx, &chain);

  total_line (ctx, &chain, bottom + ctx->font_px * 0.6, FALSE);
  legend (ctx, ctx->height - ctx->pad - legend_h, FALSE, dataset->n_links > 0,
          seams_unlabelled, links_unlabelled);
  chain_clear (&chain);
}

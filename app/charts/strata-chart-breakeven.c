/* strata-chart-breakeven.c: break-even markers on the cost curves
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "strata-chart-private.h"

/*
 * Which break-evens a chart marks is a matter of meaning, never of room:
 * those of the current strategy against each other strategy shown, as the
 * core's one break-even routine (strata_breakeven()) finds them.  Each
 * marker is a numbered badge on the curves, and a key below the plot
 * names the two strategies, the volume and which is cheaper above it, so
 * labels can neither overlap the curves nor be swapped.
 *
 * Break-evens do not depend on the current volume, and the routine is
 * exact rather than cheap, so the answers for the last pairs asked are
 * kept (dragging the volume redraws the chart many times a second).
 */

#define CACHE_SIZE 16

typedef struct
{
  StrataDataset *dataset;   /* (owned) ref: its address is not reused meanwhile */
  char          *key;       /* both strategies: ids and choices */
  GArray        *crossings; /* StrataCrossing */
} CacheEntry;

static GMutex cache_lock;
static CacheEntry cache[CACHE_SIZE];
static guint cache_next;

static void
append_strategy_key (GString              *key,
                     const StrataDataset  *dataset,
                     const StrataStrategy *strategy)
{
  g_string_append_printf (key, "%s/%s/%d:", strategy->id != NULL ? strategy->id : "",
                          strategy->name != NULL ? strategy->name : "", strategy->preset);
  if (strategy->choices != NULL)
    for (guint l = 0; l < dataset->n_layers; l++)
      g_string_append_printf (key, "%u,", strategy->choices[l]);
  else
    g_string_append (key, "resolved");
  g_string_append_c (key, ';');
}

/* strata_breakeven (a, b), remembered; returns a new reference. */
static GArray *
breakeven (StrataDataset        *dataset,
           const StrataStrategy *a,
           const StrataStrategy *b,
           StrataObjective       objective)
{
  g_autoptr(GString) key = g_string_new (NULL);
  GArray *crossings;

  append_strategy_key (key, dataset, a);
  append_strategy_key (key, dataset, b);
  g_string_append_printf (key, "|%d", (int) objective);

  g_mutex_lock (&cache_lock);
  for (guint i = 0; i < CACHE_SIZE; i++)
    if (cache[i].dataset == dataset && g_strcmp0 (cache[i].key, key->str) == 0)
      {
        crossings = g_array_ref (cache[i].crossings);
        g_mutex_unlock (&cache_lock);
        return crossings;
      }
  g_mutex_unlock (&cache_lock);

  {
    g_autoptr(StrataBreakeven) found = _strata_chart_breakeven (dataset, a, b, objective);

    /* Cancelled: nothing to mark, and nothing remembered. */
    if (found == NULL)
      return g_array_new (FALSE, FALSE, sizeof (StrataCrossing));
    crossings = g_array_ref (found->crossings);
  }

  g_mutex_lock (&cache_lock);
  {
    CacheEntry *entry = &cache[cache_next];

    cache_next = (cache_next + 1) % CACHE_SIZE;
    g_clear_pointer (&entry->dataset, strata_dataset_unref);
    g_clear_pointer (&entry->key, g_free);
    g_clear_pointer (&entry->crossings, g_array_unref);
    entry->dataset = strata_dataset_ref (dataset);
    entry->key = g_strdup (key->str);
    entry->crossings = g_array_ref (crossings);
  }
  g_mutex_unlock (&cache_lock);
  return crossings;
}

static gboolean
same_strategy (const StrataStrategy *a,
               const StrataStrategy *b)
{
  return a == b || (a->id != NULL && b->id != NULL && g_str_equal (a->id, b->id) &&
                    g_strcmp0 (a->name, b->name) == 0);
}

static int
compare_markers (const void *pa,
                 const void *pb)
{
  const StrataChartMarker *a = pa;
  const StrataChartMarker *b = pb;

  if (a->volume != b->volume)
    return a->volume < b->volume ? -1 : 1;
  return (a->other > b->other) - (a->other < b->other);
}

GArray *
_strata_chart_breakeven_markers (const StrataChartRequest *request,
                                 guint                     current,
                                 double                    x_min,
                                 double                    x_max)
{
  GArray *markers = g_array_new (FALSE, FALSE, sizeof (StrataChartMarker));
  const StrataStrategy *cur;

  if (current >= request->n_strategies)
    return markers;
  cur = request->strategies[current];
  /* Each pair scans the same volumes: the current strategy's costs at
   * them are found once for all its pairs. */
  _strata_breakeven_share_begin (request->dataset, cur, request->objective);
  for (guint i = 0; i < request->n_strategies && !_strata_chart_job_cancelled (); i++)
    {
      g_autoptr(GArray) crossings = NULL;

      if (i == current || same_strategy (cur, request->strategies[i]))
        continue;
      /* The same strategy listed twice gets one set of markers. */
      {
        gboolean seen = FALSE;

        for (guint j = 0; j < i && !seen; j++)
          seen = j != current && same_strategy (request->strategies[j], request->strategies[i]);
        if (seen)
          continue;
      }
      /* The progress of the cost curves: the curves are stage 0. */
      _strata_chart_job_stage (i + 1, request->n_strategies + 1);
      crossings = breakeven (request->dataset, cur, request->strategies[i], request->objective);
      for (guint k = 0; k < crossings->len; k++)
        {
          const StrataCrossing *c = &g_array_index (crossings, StrataCrossing, k);
          StrataChartMarker m;

          if (!(c->volume >= x_min * (1 - 1e-12) && c->volume <= x_max * (1 + 1e-12)))
            continue;
          m.volume = c->volume;
          m.value = strata_strategy_cost (request->dataset, cur, request->objective, c->volume);
          m.other = i;
          m.cheaper_above = c->cheaper_above == 0 ? current : i;
          m.number = 0;
          g_array_append_val (markers, m);
        }
    }
  _strata_breakeven_share_end ();
  if (markers->len > 1)
    qsort (markers->data, markers->len, sizeof (StrataChartMarker), compare_markers);
  for (guint k = 0; k < markers->len; k++)
    g_array_index (markers, StrataChartMarker, k).number = k + 1;
  return markers;
}

/* "790 M: Model-first cheaper than All neutral above" */
static char *
marker_text (const StrataChartRequest *request,
             guint                     current,
             const StrataChartMarker  *m)
{
  guint dearer = m->cheaper_above == current ? m->other : current;
  g_autofree char *vol = _strata_chart_volume (m->volume);
  g_autofree char *cheaper = _strata_chart_cut (request->strategies[m->cheaper_above]->name, 40);
  g_autofree char *other = _strata_chart_cut (request->strategies[dearer]->name, 40);

  /* Translators: a volume and two strategies' names: "790 M: Model-first
   * cheaper than All neutral above" */
  return g_strdup_printf (_("%s: %s cheaper than %s above"), vol, cheaper, other);
}

static double
badge_radius (StrataChartCtx *ctx)
{
  return MAX (5.0, ctx->font_px * 0.62);
}

static void
draw_badge (StrataChartCtx *ctx,
            double          x,
            double          y,
            guint           number)
{
  g_autofree char *text = g_strdup_printf ("%u", number);
  double r = badge_radius (ctx);
  StrataTextStyle style = _strata_chart_style (ctx, 0.72, STRATA_TEXT_VALUE, ctx->theme->background,
                                               STRATA_TEXT_FLAG_BOLD | STRATA_TEXT_FLAG_NO_BOX);

  _strata_chart_circle (ctx->cr, x, y, r);
  _strata_chart_set_color (ctx->cr, ctx->theme->foreground);
  cairo_fill_preserve (ctx->cr);
  cairo_set_line_width (ctx->cr, MAX (1.0, ctx->line_px * 0.6));
  _strata_chart_set_color (ctx->cr, ctx->theme->background);
  cairo_stroke (ctx->cr);
  if (number >= 100)
    style.size *= 0.7;
  _strata_chart_text (ctx, text, &style, x, y, 0.5, 0.5, NULL);
}

void
_strata_chart_draw_breakeven_badges (StrataChartCtx        *ctx,
                                     GArray                *markers,
                                     const StrataScale     *xs,
                                     const StrataScale     *ys,
                                     const StrataChartRect *plot)
{
  double r = badge_radius (ctx);
  g_autofree double *placed = g_new0 (double, 2 * MAX (markers->len, 1u));

  for (guint k = 0; k < markers->len; k++)
    {
      const StrataChartMarker *m = &g_array_index (markers, StrataChartMarker, k);
      double x = _strata_scale_map (xs, m->volume);
      double y = _strata_chart_clamp (_strata_scale_map (ys, m->value), plot->y, plot->y + plot->height);
      double bx = x, by = y;

      /* A badge that would cover an earlier one moves up, on a leader. */
      for (guint tries = 0; tries < 12; tries++)
        {
          gboolean clear = TRUE;

          for (guint j = 0; j < k && clear; j++)
            clear = hypot (placed[2 * j] - bx, placed[2 * j + 1] - by) >= 2.1 * r;
          if (clear)
            break;
          by -= 2.2 * r;
        }
      placed[2 * k] = bx;
      placed[2 * k + 1] = by;
      if (by != y)
        {
          cairo_set_line_width (ctx->cr, MAX (1.0, ctx->line_px * 0.6));
          _strata_chart_set_color (ctx->cr, ctx->theme->foreground);
          _strata_chart_line (ctx->cr, x, y, bx, by);
          cairo_stroke (ctx->cr);
          _strata_chart_circle (ctx->cr, x, y, MAX (2.0, r * 0.3));
          cairo_fill (ctx->cr);
        }
      draw_badge (ctx, bx, by, m->number);
    }
}

/* Lays the key out in rows of entries from @x across @width; draws it
 * when @draw.  Returns its height. */
static double
key_layout (StrataChartCtx   *ctx,
            GArray           *markers,
            guint             current,
            double            x,
            double            y,
            double            width,
            gboolean          draw)
{
  const StrataChartRequest *request = ctx->request;
  double r = badge_radius (ctx);
  double row_h = MAX (2 * r, ctx->font_px * 1.1) + ctx->font_px * 0.3;
  double cx = x, cy = y;
  StrataTextStyle style = _strata_chart_style (ctx, 0.85, STRATA_TEXT_VALUE, ctx->theme->foreground, 0);

  if (markers->len == 0)
    return 0;
  for (guint k = 0; k < markers->len; k++)
    {
      const StrataChartMarker *m = &g_array_index (markers, StrataChartMarker, k);
      g_autofree char *text = marker_text (request, current, m);
      g_autofree char *key = NULL;
      double w, entry_w;

      style.max_width = MAX (width - 2.6 * r, ctx->font_px * 4);
      _strata_chart_text_size (ctx, text, &style, &w, NULL);
      entry_w = 2 * r + ctx->font_px * 0.4 + w;
      if (cx > x && cx + entry_w > x + width)
        {
          cx = x;
          cy += row_h;
        }
      if (draw)
        {
          const StrataStrategy *a = request->strategies[current];
          const StrataStrategy *b = request->strategies[m->other];

          draw_badge (ctx, cx + r, cy + row_h / 2, m->number);
          key = g_strdup_printf ("breakeven:%s:%s", a->id != NULL ? a->id : "", b->id != NULL ? b->id : "");
          style.key = key;
          style.value = m->volume;
          _strata_chart_text (ctx, text, &style, cx + 2 * r + ctx->font_px * 0.4, cy + row_h / 2, 0, 0.5, NULL);
          style.key = NULL;
        }
      cx += entry_w + ctx->font_px * 1.5;
    }
  return cy + row_h - y;
}

double
_strata_chart_breakeven_key_height (StrataChartCtx *ctx,
                                    GArray         *markers,
                                    guint           current,
                                    double          width)
{
  return key_layout (ctx, markers, current, 0, 0, width, FALSE);
}

void
_strata_chart_draw_breakeven_key (StrataChartCtx *ctx,
                                  GArray         *markers,
                                  guint           current,
                                  double          x,
                                  double          y,
                                  double          width)
{
  key_layout (ctx, markers, current, x, y, width, TRUE);
}

/* strata-chart-page.c: an exported chart: action title, chart, source line
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include <math.h>
#include <string.h>

#include "strata/strata-export.h"

#include "strata-chart-private.h"

/* Draws one line of page text in a band; returns the band's height. */
static double
band_text (StrataChartCtx *ctx,
           const char     *text,
           double          size_factor,
           StrataRgba      color,
           StrataTextFlags flags,
           StrataTextRole  role,
           double          y,
           double          ay)
{
  StrataTextStyle style;
  StrataChartRect box;

  if (text == NULL || *text == '\0')
    return 0;
  style = _strata_chart_style (ctx, size_factor, role, color, flags);
  style.max_width = ctx->width - 2 * ctx->pad;
  if (!_strata_chart_text (ctx, text, &style, ctx->pad, y, 0, ay, &box))
    return 0;
  return box.height;
}

/* "Sources: A; B; C" on one line at the foot (@y its bottom), as many as
 * fit, then "and N more"; returns the line's height. */
static double
sources_line (StrataChartCtx           *ctx,
              StrataChartKind           kind,
              const StrataChartRequest *request,
              double                    y)
{
  g_autoptr(GPtrArray) list = strata_chart_sources_list (kind, request);
  StrataTextStyle style;
  StrataChartRect box;
  double x = ctx->pad;
  double right = ctx->width - ctx->pad;
  double line_h = 0;
  gsize mark = ctx->svg_text != NULL ? ctx->svg_text->len : 0;

  if (list->len == 0)
    return 0;
  style = _strata_chart_style (ctx, 0.68, STRATA_TEXT_LEGEND, ctx->theme->muted, STRATA_TEXT_FLAG_NONE);
  /* Translators: before the list of sources at the foot of a chart */
  if (!_strata_chart_text (ctx, ngettext ("Source:", "Sources:", list->len), &style, x, y, 0, 1, &box))
    return 0;
  x += box.width + ctx->font_px * 0.68 * 0.3;
  line_h = box.height;

  for (guint i = 0; i < list->len; i++)
    {
      g_autofree char *piece = g_strdup_printf ("%s%s", (const char *) list->pdata[i],
                                                i + 1 < list->len ? ";" : "");
      /* Translators: the sources left out at the foot of a chart */
      g_autofree char *more = g_strdup_printf (ngettext ("and %u more", "and %u more", list->len - i),
                                               list->len - i);
      double w, more_w;

      _strata_chart_text_size (ctx, piece, &style, &w, NULL);
      _strata_chart_text_size (ctx, more, &style, &more_w, NULL);
      /* Keep room for "and N more" unless this is the last source. */
      if (x + w > right || (i + 1 < list->len && x + w + more_w > right))
        {
          _strata_chart_text (ctx, more, &style, x, y, 0, 1, NULL);
          break;
        }
      _strata_chart_text (ctx, piece, &style, x, y, 0, 1, &box);
      x += box.width + ctx->font_px * 0.68 * 0.3;
    }
  if (ctx->svg_text != NULL)
    _strata_svg_merge_line (ctx->svg_text, mark);   /* one run in SVG */
  return line_h;
}

/* "A · B · C" as one text per piece (each within the charts' limit on
 * one text's length), side by side; returns the line's height. */
static double
pieces_line (StrataChartCtx *ctx,
             const char     *line,
             double          y)
{
  g_auto(GStrv) pieces = g_strsplit (line, " \xC2\xB7 ", -1);
  StrataTextStyle style;
  StrataChartRect box;
  double x = ctx->pad;
  double height = 0;
  gsize mark = ctx->svg_text != NULL ? ctx->svg_text->len : 0;

  style = _strata_chart_style (ctx, 0.68, STRATA_TEXT_LEGEND, ctx->theme->muted, STRATA_TEXT_FLAG_NONE);
  for (guint i = 0; pieces[i] != NULL; i++)
    {
      g_autofree char *text = i > 0 ? g_strdup_printf ("\xC2\xB7 %s", pieces[i]) : g_strdup (pieces[i]);

      style.max_width = ctx->width - ctx->pad - x;
      if (style.max_width < ctx->font_px * 2 ||
          !_strata_chart_text (ctx, text, &style, x, y, 0, 1, &box))
        break;
      x += box.width + ctx->font_px * 0.68 * 0.3;
      height = MAX (height, box.height);
    }
  if (ctx->svg_text != NULL)
    _strata_svg_merge_line (ctx->svg_text, mark);   /* one run in SVG */
  return height;
}

/* The action title across the top of a page @width wide, on two lines
 * and in smaller type when it must be; returns the height it takes. */
static double
title_band (StrataChartCtx *ctx,
            const char     *title,
            double          width)
{
  double top;
  StrataTextStyle style;
  double factor = 1.6, w;
  g_autofree char *first = NULL;
  const char *second = NULL;

  /* Smaller type before an ellipsis: a headline is read whole. */
  for (;; factor -= 0.1)
    {
      style = _strata_chart_style (ctx, factor, STRATA_TEXT_TITLE, ctx->theme->foreground,
                                   STRATA_TEXT_FLAG_BOLD);
      _strata_chart_text_size (ctx, title, &style, &w, NULL);
      if (w <= width - 2 * ctx->pad || factor <= 1.05)
        break;
    }
  /* Too long for one line even then ("Switch Chips in 2026 and
   * Foundation models in 2026: the roadmap saves $131 B by 2035 and
   * pays back…" on a 16:9 deck page): two lines of the larger type,
   * broken between words. */
  /* Smaller type before the second line is cut, down to a little
   * above the body's size ("... (today 75.0 %; range 73.0 %–7…" of
   * a switch point of a long layer name). */
  for (double f = 1.3; w > width - 2 * ctx->pad && f > 1.05; f -= 0.1)
    {
      g_clear_pointer (&first, g_free);
      factor = f;
      style = _strata_chart_style (ctx, factor, STRATA_TEXT_TITLE, ctx->theme->foreground,
                                   STRATA_TEXT_FLAG_BOLD);
      for (const char *space = strrchr (title, ' '); space != NULL && space > title;)
        {
          g_autofree char *head = g_strndup (title, space - title);

          _strata_chart_text_size (ctx, head, &style, &w, NULL);
          if (w <= width - 2 * ctx->pad)
            {
              first = g_steal_pointer (&head);
              second = space + 1;
              break;
            }
          while (space > title && *--space != ' ')
            ;
        }
      /* The second line's width decides whether this size will do. */
      if (first != NULL)
        _strata_chart_text_size (ctx, second, &style, &w, NULL);
    }
  if (first != NULL)
    {
      double h1 = band_text (ctx, first, factor, ctx->theme->foreground, STRATA_TEXT_FLAG_BOLD,
                             STRATA_TEXT_TITLE, ctx->pad, 0);

      top = h1 + band_text (ctx, second, factor, ctx->theme->foreground, STRATA_TEXT_FLAG_BOLD,
                            STRATA_TEXT_TITLE, ctx->pad + h1, 0);
    }
  else
    top = band_text (ctx, title, factor, ctx->theme->foreground, STRATA_TEXT_FLAG_BOLD,
                     STRATA_TEXT_TITLE, ctx->pad, 0);
  return top > 0 ? top + ctx->pad : 0;
}

void
_strata_chart_draw_page (StrataChartKind            kind,
                         const StrataChartRequest  *request,
                         const StrataExportOptions *options,
                         cairo_t                   *cr,
                         double                     width,
                         double                     height)
{
  StrataChartCtx ctx;
  g_autofree char *generated = NULL;
  g_autofree char *source = NULL;
  /* The title's answers are the chart's (a tornado, switch points): once. */
  g_autoptr(StrataChartResults) results = NULL;
  const char *title = NULL;
  double top = 0, bottom = 0;

  if (options == NULL || (!options->action_title && !options->source_line) ||
      request == NULL || request->dataset == NULL || width < 200 || height < 150)
    {
      strata_chart_draw (kind, request, cr, width, height);
      return;
    }

  if (options->action_title)
    {
      title = options->title;
      if (title == NULL)
        {
          results = strata_chart_results_new ();
          title = generated = strata_chart_action_title_full (kind, request, results);
        }
    }
  if (options->source_line)
    source = strata_chart_source_line (kind, request);

  cairo_save (cr);
  _strata_chart_ctx_init (&ctx, request, cr, width, height);
  if (!request->transparent)
    {
      _strata_chart_set_color (cr, ctx.theme->background);
      cairo_paint (cr);
    }
  if (title != NULL && *title != '\0')
    top = title_band (&ctx, title, width);
  if (source != NULL)
    {
      double y = height - ctx.pad * 0.6;
      double h;

      /* Two lines: the sources (the longer, cut when they must be), and
       * above them the dataset and the objective. */
      h = sources_line (&ctx, kind, request, y);
      y -= h;
      h += pieces_line (&ctx, source, y);
      if (h > 0)
        bottom = h + ctx.pad * 0.9;
    }
  _strata_chart_ctx_clear (&ctx);

  cairo_translate (cr, 0, top);
  {
    /* The page painted the background: the chart paints none of its own
     * (the same pixels).  A PDF importer that ignores clips (LibreOffice
     * Impress) drew the chart's clipped full-page paint over the action
     * title and the source line, which vanished from every slide. */
    StrataChartRequest body = *request;

    body.transparent = TRUE;
    _strata_chart_draw_with (kind, &body, results, cr, width, MAX (1.0, height - top - bottom));
  }
  cairo_restore (cr);
}

void
strata_chart_draw_page (StrataChartKind            kind,
                        const StrataChartRequest  *request,
                        const StrataExportOptions *options,
                        cairo_t                   *cr,
                        double                     width,
                        double                     height)
{
  g_return_if_fail (cr != NULL);

  _strata_chart_draw_page (kind, request, options, cr, width, height);
}

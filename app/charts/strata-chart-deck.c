/* strata-chart-deck.c: every view of a scenario, one slide each
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A deck is every chart kind in order, the Uncertainty view's "what
 * would have to be true" (the switch points chart) after its tornado, the
 * roadmap too when the dataset has a horizon, with the P10-P90 band of its savings from the horizon's
 * Monte Carlo; the chances when it has uncertain numbers: Monte Carlo runs
 * of fixed draws and seed, so the same scenario gives the same deck),
 * drawn from one request (so titles,
 * colours and scales agree from page to page) at 1920x1080, then a page
 * listing in full every source behind the figures shown.  As one PDF the
 * pages are 16:9 at 960x540 points; as a folder, numbered PNG or SVG files
 * with the CSV of each chart's series beside them.
 */

#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#include <cairo-pdf.h>
#include <gio/gio.h>
#include <glib/gstdio.h>

#include <glib/gi18n-lib.h>

#include "strata/strata-export.h"
#include "strata/strata-file.h"

#include "strata-chart-private.h"

#define DECK_WIDTH  1920
#define DECK_HEIGHT 1080

/* The deck's charts: every kind of the app's views in order, the switch
 * points after the tornado (the Uncertainty view shows both), then the
 * roadmap when the dataset has a horizon (MODEL.md 8), then the chances
 * when it has uncertain numbers (MODEL.md 6). */
static gboolean
deck_has_roadmap (const StrataChartRequest *request)
{
  return request != NULL && request->dataset != NULL && request->dataset->horizon != NULL;
}

static gboolean
deck_has_chances (const StrataChartRequest *request)
{
  g_autoptr(GArray) numbers = NULL;

  if (request == NULL || request->dataset == NULL || request->n_strategies == 0)
    return FALSE;
  if (request->monte_carlo != NULL)
    return TRUE;
  numbers = strata_uncertain_list (request->dataset);
  return numbers->len > 0;
}

static guint
deck_n_charts (const StrataChartRequest *request)
{
  return STRATA_N_CHARTS + 1 + (deck_has_roadmap (request) ? 1 : 0) + (deck_has_chances (request) ? 1 : 0);
}

/* The switch points follow the tornado, the last view every dataset has. */
G_STATIC_ASSERT (STRATA_CHART_TORNADO + 1 == STRATA_N_CHARTS);

/* The chart of page @page (< deck_n_charts ()). */
static StrataChartKind
deck_chart (const StrataChartRequest *request,
            guint                     page)
{
  if (page <= STRATA_CHART_TORNADO)
    return (StrataChartKind) page;
  if (page == STRATA_CHART_TORNADO + 1)
    return STRATA_CHART_SWITCHPOINTS;
  if (page == STRATA_N_CHARTS + 1 && deck_has_roadmap (request))
    return STRATA_CHART_ROADMAP;
  return STRATA_CHART_CHANCES;
}

void
strata_deck_monte_carlo_params (const StrataChartRequest *request,
                                StrataMonteCarloParams   *params)
{
  g_return_if_fail (request != NULL && request->dataset != NULL && params != NULL);

  strata_monte_carlo_params_init (params, request->dataset);
  params->n_draws = STRATA_DECK_DRAWS;
  params->n_points = STRATA_DECK_POINTS;
  params->objective = request->objective;
  params->strategies = request->strategies;
  params->n_strategies = request->n_strategies;
  if (request->n_strategies > 0)
    {
      guint current = MIN (request->current, request->n_strategies - 1);

      params->a = request->strategies[current];
      params->b = request->n_strategies > 1 ? request->strategies[current == 0 ? 1 : 0] : NULL;
    }
}

StrataMonteCarlo *
strata_deck_monte_carlo (const StrataChartRequest *request,
                         GCancellable             *cancellable,
                         GError                  **error)
{
  StrataMonteCarloParams params;

  g_return_val_if_fail (request != NULL && request->dataset != NULL, NULL);

  strata_deck_monte_carlo_params (request, &params);
  return strata_monte_carlo_run (request->dataset, &params, cancellable, error);
}

void
strata_deck_roadmap_mc_params (const StrataChartRequest *request,
                               StrataRoadmapMcParams    *params,
                               const StrataStrategy    **current)
{
  g_return_if_fail (request != NULL && params != NULL && current != NULL);

  memset (params, 0, sizeof *params);
  params->n_draws = STRATA_DECK_ROADMAP_DRAWS;
  params->seed = 1;
  params->objective = request->objective == STRATA_OBJECTIVE_CASH ? STRATA_HORIZON_CASH
                                                                  : STRATA_HORIZON_EFFECTIVE;
  params->optimal = TRUE;
  /* Adopting the current strategy now when that is a roadmap (an option
   * that takes longer to build than the horizon is not: the optimal
   * roadmap's band alone then, and the chart says why the other is
   * missing). */
  if (request->current < request->n_strategies && request->dataset->horizon != NULL &&
      strata_plan_can_adopt (request->dataset, request->strategies[request->current],
                             params->objective, NULL))
    {
      current[0] = request->strategies[request->current];
      params->strategies = current;
      params->n_strategies = 1;
    }
}

StrataRoadmapMc *
strata_deck_roadmap_mc_run (const StrataDataset         *dataset,
                            const StrataRoadmapMcParams *params,
                            GCancellable                *cancellable,
                            GError                     **error)
{
  g_autoptr(GError) local = NULL;
  StrataRoadmapMcParams adopting;
  StrataRoadmapMc *mc;

  g_return_val_if_fail (dataset != NULL && params != NULL, NULL);

  mc = strata_roadmap_mc_run (dataset, params, cancellable, &local);
  if (mc != NULL || !params->optimal || params->n_strategies == 0 ||
      !g_error_matches (local, STRATA_DATASET_ERROR, STRATA_DATASET_ERROR_LIMIT))
    {
      if (mc == NULL)
        g_propagate_error (error, g_steal_pointer (&local));
      return mc;
    }
  adopting = *params;
  adopting.optimal = FALSE;
  return strata_roadmap_mc_run (dataset, &adopting, cancellable, error);
}

StrataRoadmapMc *
strata_deck_roadmap_mc (const StrataChartRequest *request,
                        GCancellable             *cancellable,
                        GError                  **error)
{
  StrataRoadmapMcParams params;
  const StrataStrategy *current[1];

  g_return_val_if_fail (request != NULL && request->dataset != NULL, NULL);

  strata_deck_roadmap_mc_params (request, &params, current);
  return strata_deck_roadmap_mc_run (request->dataset, &params, cancellable, error);
}

/* The runs a deck's pages draw beyond the request: the chances page's
 * Monte Carlo and the roadmap page's band, the request's own when it has
 * them, else the deck's, once for the whole deck (not once a page).  The
 * other pages keep the request as it is (no bands unless it asked). */
typedef struct
{
  StrataChartRequest  chances;   /* the request with the chances page's run */
  StrataChartRequest  roadmap;   /* the request with the roadmap page's run */
  StrataMonteCarlo   *mc;        /* (owned) (nullable) the deck's run */
  StrataRoadmapMc    *band;      /* (owned) (nullable) the deck's horizon run */
} DeckRuns;

/* Only the runs the page @only needs (G_MAXUINT: every page); a run that
 * fails leaves its page without it (the page then says so). */
static void
deck_runs_init (DeckRuns                  *runs,
                const StrataChartRequest  *request,
                const StrataExportOptions *options,
                guint                      only)
{
  gboolean all = only == G_MAXUINT;

  memset (runs, 0, sizeof *runs);
  runs->chances = *request;
  runs->roadmap = *request;
  if (request->monte_carlo == NULL && deck_has_chances (request) &&
      (all || (only < deck_n_charts (request) && deck_chart (request, only) == STRATA_CHART_CHANCES)))
    {
      StrataMonteCarloParams params;

      strata_deck_monte_carlo_params (request, &params);
      if (options->draws > 0)
        params.n_draws = options->draws;
      runs->mc = strata_monte_carlo_run (request->dataset, &params, NULL, NULL);
      runs->chances.monte_carlo = runs->mc;
    }
  if (request->roadmap_monte_carlo == NULL && deck_has_roadmap (request) && request->n_strategies > 0 &&
      (all || (only < deck_n_charts (request) && deck_chart (request, only) == STRATA_CHART_ROADMAP)))
    {
      StrataRoadmapMcParams params;
      const StrataStrategy *current[1];

      strata_deck_roadmap_mc_params (request, &params, current);
      if (options->draws > 0)
        params.n_draws = options->draws;
      runs->band = strata_deck_roadmap_mc_run (request->dataset, &params, NULL, NULL);
      runs->roadmap.roadmap_monte_carlo = runs->band;
    }
}

static void
deck_runs_clear (DeckRuns *runs)
{
  g_clear_pointer (&runs->mc, strata_monte_carlo_free);
  g_clear_pointer (&runs->band, strata_roadmap_mc_free);
}

/* The request page @page draws: @request, or it with a run. */
static const StrataChartRequest *
deck_runs_request (const DeckRuns           *runs,
                   const StrataChartRequest *request,
                   guint                     page)
{
  StrataChartKind kind;

  if (page >= deck_n_charts (request))
    return request;
  kind = deck_chart (request, page);
  if (kind == STRATA_CHART_CHANCES)
    return &runs->chances;
  if (kind == STRATA_CHART_ROADMAP)
    return &runs->roadmap;
  return request;
}

guint
strata_deck_n_pages (const StrataChartRequest *request)
{
  return deck_n_charts (request) + 1;
}

gboolean
strata_deck_page_chart (const StrataChartRequest *request,
                        guint                     page,
                        StrataChartKind          *kind)
{
  if (page >= deck_n_charts (request))
    return FALSE;
  if (kind != NULL)
    *kind = deck_chart (request, page);
  return TRUE;
}

/* Every source behind any chart of the deck, in order of first use. */
static GPtrArray *
deck_source_ids (const StrataChartRequest *request)
{
  GPtrArray *all = g_ptr_array_new ();

  for (guint k = 0; k < deck_n_charts (request); k++)
    {
      g_autoptr(GPtrArray) ids = strata_chart_source_ids (deck_chart (request, k), request);

      for (guint i = 0; i < ids->len; i++)
        if (!g_ptr_array_find_with_equal_func (all, ids->pdata[i], g_str_equal, NULL))
          g_ptr_array_add (all, ids->pdata[i]);
    }
  return all;
}

/* Wraps @text to @width and places each line; returns the height used
 * (or would use, when @measure). */
static double
wrapped (StrataChartCtx        *ctx,
         const char            *text,
         const StrataTextStyle *style,
         double                 x,
         double                 y,
         double                 width,
         gboolean               measure)
{
  g_autoptr(PangoLayout) layout = pango_layout_copy (ctx->sized);
  PangoFontDescription *desc = pango_font_description_new ();
  double line_h, used = 0;
  int n;

  pango_font_description_set_family_static (desc, ctx->theme->font_family);
  pango_font_description_set_absolute_size (desc, style->size * PANGO_SCALE);
  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);
  pango_layout_set_single_paragraph_mode (layout, TRUE);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_NONE);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_text (layout, text, -1);
  n = pango_layout_get_line_count (layout);
  line_h = style->size * 1.3;

  for (int i = 0; i < n; i++)
    {
      PangoLayoutLine *line = pango_layout_get_line_readonly (layout, i);
      g_autofree char *piece = g_strndup (text + line->start_index, line->length);

      g_strchomp (piece);
      if (!measure)
        _strata_chart_text (ctx, piece, style, x, y + used, 0, 0, NULL);
      used += line_h;
    }
  return used;
}

/* The figures that cite source @id, as the dataset names them: a layer
 * ("Silicon"), an option ("Devices / Contract manufacturing") or a link
 * ("link Operating system → Silicon"), in dataset order; the first @max
 * and how many more (@max 0: all), NULL when none does. */
static char *
source_used_for (const StrataDataset *dataset,
                 const char          *id,
                 guint                max)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *joined = NULL;
  guint shown;

  for (guint l = 0; l < dataset->n_layers; l++)
    {
      const StrataLayer *layer = &dataset->layers[l];

      if (layer->sources != NULL && g_strv_contains ((const char *const *) layer->sources, id))
        g_ptr_array_add (names, g_strdup (layer->name));
      for (guint o = 0; o < layer->n_options; o++)
        if (layer->options[o].sources != NULL &&
            g_strv_contains ((const char *const *) layer->options[o].sources, id))
          g_ptr_array_add (names, g_strdup_printf ("%s / %s", layer->name, layer->options[o].name));
    }
  for (guint k = 0; k < dataset->n_links; k++)
    {
      const StrataLink *link = &dataset->links[k];

      if (link->sources != NULL && g_strv_contains ((const char *const *) link->sources, id))
        /* Translators: a co-design link's two layers */
        g_ptr_array_add (names, g_strdup_printf (_("link %s \xE2\x86\x92 %s"), dataset->layers[link->from].name,
                                                 dataset->layers[link->to].name));
    }
  if (names->len == 0)
    return NULL;
  shown = max > 0 ? MIN (max, names->len) : names->len;
  g_ptr_array_add (names, NULL);
  {
    char *rest = names->pdata[shown];

    names->pdata[shown] = NULL;
    joined = g_strjoinv ("; ", (char **) names->pdata);
    names->pdata[shown] = rest;
  }
  if (shown < names->len - 1)
    {
      guint more = names->len - 1 - shown;
      /* Translators: a list of the figures a source backs, then how
       * many more are left out */
      char *with_more = g_strdup_printf (ngettext ("%s and %u more", "%s and %u more", more), joined, more);

      g_free (joined);
      joined = with_more;
    }
  return g_steal_pointer (&joined);
}

/* A source's text, what it is used for (source_used_for ()) and its
 * address, wrapped to @width from (@x, @y); returns the height. */
static double
source_entry (StrataChartCtx     *ctx,
              const StrataSource *source,
              StrataTextStyle    *style,
              double              x,
              double              y,
              double              width,
              gboolean            measure)
{
  g_autofree char *used = source_used_for (ctx->request->dataset, source->id, 8);
  StrataRgba color = style->color;
  double h = wrapped (ctx, source->text, style, x, y, width, measure);

  style->color = ctx->theme->muted;
  if (used != NULL)
    {
      /* Translators: what a source backs: layers, options and links of
       * the dataset ("Devices / Contract manufacturing; Silicon") */
      g_autofree char *line = g_strdup_printf (_("Used for: %s"), used);

      h += wrapped (ctx, line, style, x, y + h, width, measure);
    }
  if (source->url != NULL)
    h += wrapped (ctx, source->url, style, x, y + h, width, measure);
  style->color = color;
  return h;
}

/* The sources in two columns at type @size from @top; returns the height
 * of the taller column (placing nothing when @measure). */
static double
sources_list (StrataChartCtx *ctx,
              GPtrArray      *ids,
              double          size,
              double          top,
              gboolean        measure)
{
  const StrataDataset *dataset = ctx->request->dataset;
  StrataTextStyle style = _strata_chart_style (ctx, 1, STRATA_TEXT_LABEL, ctx->theme->foreground,
                                               STRATA_TEXT_FLAG_NO_BOX);
  double gap = ctx->pad * 1.5;
  double column = (ctx->width - 2 * ctx->pad - gap) / 2;
  /* Lines short enough for the chart text's 96-character limit. */
  double width = MIN (column, size * 42);
  double total = 0, y = 0, tallest = 0;
  guint col = 0;

  style.size = size;
  for (guint i = 0; i < ids->len; i++)
    {
      const StrataSource *source = _strata_chart_find_source (dataset, ids->pdata[i]);

      if (source != NULL)
        total += size * 0.5 + source_entry (ctx, source, &style, 0, 0, width, TRUE);
    }

  for (guint i = 0; i < ids->len; i++)
    {
      const StrataSource *source = _strata_chart_find_source (dataset, ids->pdata[i]);
      double x, h;

      if (source == NULL)
        continue;
      h = source_entry (ctx, source, &style, 0, 0, width, TRUE);
      /* The second column starts once the first holds half the list. */
      if (col == 0 && y > 0 && y + h / 2 > total / 2)
        {
          tallest = MAX (tallest, y);
          col = 1, y = 0;
        }
      x = ctx->pad + col * (column + gap);
      y += h;
      if (!measure)
        source_entry (ctx, source, &style, x, top + y - h, width, FALSE);
      y += size * 0.5;
    }
  return MAX (tallest, y);
}

void
strata_deck_draw_sources (const StrataChartRequest *request,
                          cairo_t                  *cr,
                          double                    width,
                          double                    height)
{
  g_autoptr(GPtrArray) ids = deck_source_ids (request);
  StrataChartCtx ctx;
  double top, size;

  cairo_save (cr);
  _strata_chart_ctx_init (&ctx, request, cr, width, height);
  if (!request->transparent)
    {
      _strata_chart_set_color (cr, ctx.theme->background);
      cairo_paint (cr);
    }
  /* Translators: the title of a deck's last page */
  top = _strata_chart_title (&ctx, _("Sources"), request->dataset != NULL ? request->dataset->title : NULL);
  if (ids->len == 0)
    _strata_chart_message (&ctx, _("The dataset names no sources for these figures"));
  else
    {
      /* The largest type, from the body size down, at which all fit. */
      size = ctx.font_px * 0.8;
      while (size > 6 && sources_list (&ctx, ids, size, top, TRUE) > height - top - ctx.pad)
        size *= 0.9;
      sources_list (&ctx, ids, size, top, FALSE);
    }
  _strata_chart_ctx_clear (&ctx);
  cairo_restore (cr);
}

/* Page @page of @request as it is (its runs already in it). */
static void
draw_page (const StrataChartRequest  *request,
           const StrataExportOptions *options,
           guint                      page,
           cairo_t                   *cr,
           double                     width,
           double                     height)
{
  if (page < deck_n_charts (request))
    _strata_chart_draw_page (deck_chart (request, page), request, options, cr, width, height);
  else
    strata_deck_draw_sources (request, cr, width, height);
}

void
strata_deck_draw_page (const StrataChartRequest  *request,
                       const StrataExportOptions *options,
                       guint                      page,
                       cairo_t                   *cr,
                       double                     width,
                       double                     height)
{
  DeckRuns runs;

  g_return_if_fail (page < strata_deck_n_pages (request));

  deck_runs_init (&runs, request, options, page);
  draw_page (deck_runs_request (&runs, request, page), options, page, cr, width, height);
  deck_runs_clear (&runs);
}

const char *
strata_deck_page_name (const StrataChartRequest *request,
                       guint                     page)
{
  return page < deck_n_charts (request) ? strata_chart_kind_to_string (deck_chart (request, page)) : "sources";
}

gboolean
strata_deck_export_pdf (const StrataChartRequest  *request,
                        const StrataExportOptions *options,
                        const char                *filename,
                        GError                   **error)
{
  g_autoptr(GByteArray) bytes = g_byte_array_sized_new (256 * 1024);
  DeckRuns runs;
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;

  g_return_val_if_fail (request != NULL && options != NULL && filename != NULL, FALSE);

  deck_runs_init (&runs, request, options, G_MAXUINT);

  surface = cairo_pdf_surface_create_for_stream (_strata_chart_append_to_bytes, bytes,
                                                 DECK_WIDTH / 2.0, DECK_HEIGHT / 2.0);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Strata");
  if (request->dataset != NULL && request->dataset->title != NULL)
    {
      g_autofree char *title = _strata_chart_cut (request->dataset->title, 200);

      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
    }
  cr = cairo_create (surface);
  for (guint page = 0; page < strata_deck_n_pages (request); page++)
    {
      cairo_save (cr);
      cairo_scale (cr, 0.5, 0.5);   /* the slides' 1920x1080 on 960x540 points */
      draw_page (deck_runs_request (&runs, request, page), options, page, cr, DECK_WIDTH, DECK_HEIGHT);
      cairo_restore (cr);
      cairo_show_page (cr);
    }
  status = cairo_status (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  deck_runs_clear (&runs);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("could not draw the deck: %s"),
                   cairo_status_to_string (status));
      return FALSE;
    }
  return strata_file_write_full (filename, (const char *) bytes->data, bytes->len,
                                 STRATA_FILE_WRITE_ATOMIC, error);
}

static void
draw_sources_page (gpointer  data,
                   cairo_t  *cr,
                   double    width,
                   double    height)
{
  strata_deck_draw_sources (data, cr, width, height);
}

static char *
sources_csv (const StrataChartRequest *request)
{
  g_autoptr(GPtrArray) ids = deck_source_ids (request);
  GString *out = g_string_new ("id,text,url,used for\n");

  for (guint i = 0; i < ids->len; i++)
    {
      const StrataSource *source = _strata_chart_find_source (request->dataset, ids->pdata[i]);
      g_autofree char *used = NULL;
      const char *fields[4];

      if (source == NULL)
        continue;
      used = source_used_for (request->dataset, source->id, 0);
      fields[0] = source->id, fields[1] = source->text, fields[2] = source->url, fields[3] = used;
      for (guint f = 0; f < 4; f++)
        {
          const char *text = fields[f] != NULL ? fields[f] : "";

          g_string_append_c (out, '"');
          for (const char *p = text; *p != '\0'; p++)
            {
              if (*p == '"')
                g_string_append_c (out, '"');
              g_string_append_c (out, *p);
            }
          g_string_append (out, f < 3 ? "\"," : "\"\n");
        }
    }
  return g_string_free (out, FALSE);
}

static gboolean
write_page (const StrataChartRequest  *request,
            const StrataExportOptions *options,
            guint                      page,
            const char                *stem,
            GError                   **error)
{
  g_autofree char *image = g_strdup_printf ("%s.%s", stem, strata_export_format_to_string (options->format));
  g_autofree char *csv_path = g_strdup_printf ("%s.csv", stem);
  g_autofree char *csv = NULL;
  g_autoptr(GByteArray) bytes = NULL;

  if (page < deck_n_charts (request))
    {
      if (!strata_chart_export_full (deck_chart (request, page), request, options, image, error))
        return FALSE;
      csv = strata_chart_data_csv (deck_chart (request, page), request);
    }
  else
    {
      bytes = _strata_chart_render_with (draw_sources_page, (gpointer) request, request, options,
                                         "sources", error);
      if (bytes == NULL || !strata_file_write_full (image, (const char *) bytes->data, bytes->len,
                                                    STRATA_FILE_WRITE_ATOMIC, error))
        return FALSE;
      csv = sources_csv (request);
    }
  return strata_file_write_full (csv_path, csv, strlen (csv), STRATA_FILE_WRITE_ATOMIC, error);
}

gboolean
strata_deck_export_dir (const StrataChartRequest  *request,
                        const StrataExportOptions *options,
                        const char                *dirname,
                        GError                   **error)
{
  DeckRuns runs;
  gboolean ok = TRUE;

  g_return_val_if_fail (request != NULL && options != NULL && dirname != NULL, FALSE);

  if (options->format == STRATA_EXPORT_PDF)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("a deck folder holds PNG or SVG files; a PDF deck is one file"));
      return FALSE;
    }
  if (g_mkdir_with_parents (dirname, 0755) != 0)
    {
      int saved = errno;

      /* Translators: a folder and why it could not be made */
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), _("%s: cannot create the folder: %s"),
                   dirname, g_strerror (saved));
      return FALSE;
    }
  deck_runs_init (&runs, request, options, G_MAXUINT);
  for (guint page = 0; ok && page < strata_deck_n_pages (request); page++)
    {
      g_autofree char *name = g_strdup_printf ("%02u-%s", page + 1, strata_deck_page_name (request, page));
      g_autofree char *stem = g_build_filename (dirname, name, NULL);

      ok = write_page (deck_runs_request (&runs, request, page), options, page, stem, error);
    }
  deck_runs_clear (&runs);
  return ok;
}

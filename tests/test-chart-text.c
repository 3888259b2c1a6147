/* test-chart-text.c: the charts' text caches change no pixel
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * strata-chart-text.c describes text by the family pango resolves the
 * theme's generic one to ("Sans" to "DejaVu Sans", say; asked once per
 * font map and style, at the regular weight, for every weight) and keeps a layout per label within a
 * drawing (issue 15: fewer fontconfig sorts and threads, each label
 * shaped once).  These tests check what that rests on: the resolved
 * family lays out every text exactly as the generic one, at the sizes and
 * weights the charts use, and a drawing is the same whichever thread (so
 * font map) draws it and however often.
 */

#include "config.h"
#include "strata-test-cli.h"

#include <string.h>

#include <pango/pangocairo.h>

#include <strata/strata-chart.h>

/* The family pango picks for @family, as apply_style asks it. */
static char *
resolved_family (PangoContext *context,
                 const char   *family,
                 PangoWeight   weight,
                 double        px)
{
  PangoFontDescription *desc = pango_font_description_new ();
  PangoFontDescription *described;
  PangoFont *font;
  char *name;

  pango_font_description_set_family (desc, family);
  pango_font_description_set_weight (desc, weight);
  pango_font_description_set_absolute_size (desc, px * PANGO_SCALE);
  font = pango_context_load_font (context, desc);
  g_assert_nonnull (font);
  described = pango_font_describe (font);
  name = g_strdup (pango_font_description_get_family (described));
  pango_font_description_free (described);
  pango_font_description_free (desc);
  g_object_unref (font);
  return name;
}

/* Glyphs, their positions and the extents of @text laid out in @family. */
static GString *
shaped (PangoContext *context,
        const char   *family,
        PangoWeight   weight,
        double        px,
        const char   *text)
{
  PangoLayout *layout = pango_layout_new (context);
  PangoFontDescription *desc = pango_font_description_new ();
  PangoLayoutIter *iter;
  PangoRectangle ink, logical;
  GString *out = g_string_new (NULL);

  pango_font_description_set_family (desc, family);
  pango_font_description_set_weight (desc, weight);
  pango_font_description_set_absolute_size (desc, px * PANGO_SCALE);
  pango_layout_set_font_description (layout, desc);
  pango_layout_set_single_paragraph_mode (layout, TRUE);
  pango_layout_set_text (layout, text, -1);
  pango_layout_get_extents (layout, &ink, &logical);
  g_string_append_printf (out, "ink %d %d %d %d logical %d %d %d %d;", ink.x, ink.y, ink.width,
                          ink.height, logical.x, logical.y, logical.width, logical.height);
  iter = pango_layout_get_iter (layout);
  do
    {
      PangoLayoutRun *run = pango_layout_iter_get_run_readonly (iter);

      if (run == NULL)
        continue;
      for (int i = 0; i < run->glyphs->num_glyphs; i++)
        g_string_append_printf (out, " %u/%d/%d", run->glyphs->glyphs[i].glyph,
                                run->glyphs->glyphs[i].geometry.width,
                                run->glyphs->glyphs[i].geometry.x_offset);
      {
        PangoFontDescription *font_desc = pango_font_describe (run->item->analysis.font);
        char *font_name = pango_font_description_to_string (font_desc);

        g_string_append_printf (out, " [%s]", font_name);
        g_free (font_name);
        pango_font_description_free (font_desc);
      }
    }
  while (pango_layout_iter_next_run (iter));
  pango_layout_iter_free (iter);
  pango_font_description_free (desc);
  g_object_unref (layout);
  return out;
}

static void
test_resolved_family_same_layout (void)
{
  static const char *texts[] = {
    "Unit cost vs volume",
    "$0 $10 1 B 500 M 7.09 B: Optimal cheaper than All neutral above",
    "Effective unit cost (USD per unit) · Objective: effective unit cost",
    "fi fl ffi — – … € ± ≤ ≥ × ÷ ° ² ³ ½",
    "Ünïcödé Ωμέγα Кириллица",
    "漢字 かな 한글 العربية עברית",
  };
  static const double sizes[] = { 6, 11, 13.6, 14.15, 15.72, 16.7, 17.68, 18.67, 28.49, 40, 64 };
  static const PangoWeight weights[] = { PANGO_WEIGHT_NORMAL, PANGO_WEIGHT_BOLD };
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 16, 16);
  cairo_t *cr = cairo_create (surface);
  PangoContext *context = pango_cairo_create_context (cr);
  cairo_font_options_t *options = cairo_font_options_create ();

  /* As the charts set them (strata-chart-text.c, _strata_chart_ctx_init). */
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_antialias (options, CAIRO_ANTIALIAS_GRAY);
  pango_cairo_context_set_font_options (context, options);

  for (guint w = 0; w < G_N_ELEMENTS (weights); w++)
    for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
      {
        /* Asked at the regular weight for every weight (apply_style):
         * the family outranks the weight in fontconfig's match. */
        g_autofree char *family = resolved_family (context, "Sans", PANGO_WEIGHT_NORMAL, sizes[s]);
        g_autofree char *own = resolved_family (context, "Sans", weights[w], sizes[s]);

        g_assert_nonnull (family);
        g_assert_cmpstr (family, !=, "");
        g_assert_null (strchr (family, ','));
        g_assert_cmpstr (own, ==, family);
        for (guint t = 0; t < G_N_ELEMENTS (texts); t++)
          {
            g_autoptr(GString) generic = shaped (context, "Sans", weights[w], sizes[s], texts[t]);
            g_autoptr(GString) resolved = shaped (context, family, weights[w], sizes[s], texts[t]);

            g_assert_cmpstr (resolved->str, ==, generic->str);
          }
      }

  cairo_font_options_destroy (options);
  g_object_unref (context);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

typedef struct
{
  StrataDataset *dataset;
  GPtrArray     *pngs;    /* one GBytes per chart kind */
} Drawing;

static const StrataChartKind kinds[] = {
  STRATA_CHART_COST_CURVES, STRATA_CHART_VALUE_CHAIN, STRATA_CHART_COMPARE,
  STRATA_CHART_LADDER, STRATA_CHART_TORNADO,
};

static gpointer
draw_all (gpointer data)
{
  Drawing *drawing = data;
  g_autofree const StrataStrategy **strategies = NULL;
  StrataChartRequest request = { 0 };

  strategies = strata_chart_default_strategies (drawing->dataset, &request.n_strategies);
  request.dataset = drawing->dataset;
  request.strategies = strategies;
  request.volume = drawing->dataset->volume_default;
  drawing->pngs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_autoptr(GError) error = NULL;
      GBytes *png = strata_chart_render_png (kinds[k], &request, 900, 560, 1.0, &error);

      g_assert_no_error (error);
      g_ptr_array_add (drawing->pngs, png);
    }
  return NULL;
}

static void
test_same_drawing_any_thread (void)
{
  g_autoptr(StrataDataset) dataset = load_sample ("ai-cloud-stack.strata.json");
  Drawing first = { dataset, NULL }, again = { dataset, NULL }, other = { dataset, NULL };
  GThread *thread;

  draw_all (&first);
  draw_all (&again);
  /* Another thread has a font map of its own: the family is resolved
   * again there, and the layouts are that drawing's. */
  thread = g_thread_new ("chart-text", draw_all, &other);
  g_thread_join (thread);

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_assert_true (g_bytes_get_size (first.pngs->pdata[k]) > 1000);
      g_assert_true (g_bytes_equal (first.pngs->pdata[k], again.pngs->pdata[k]));
      g_assert_true (g_bytes_equal (first.pngs->pdata[k], other.pngs->pdata[k]));
    }
  g_ptr_array_unref (first.pngs);
  g_ptr_array_unref (again.pngs);
  g_ptr_array_unref (other.pngs);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/strata/chart-text/resolved-family-same-layout", test_resolved_family_same_layout);
  g_test_add_func ("/strata/chart-text/same-drawing-any-thread", test_same_drawing_any_thread);
  return g_test_run ();
}

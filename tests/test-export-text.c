/* test-export-text.c: SVG and PDF text laid out at one size, placed as before
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * On SVG and PDF the charts lay each label out at STRATA_CHART_NOMINAL_PX
 * and scale it with cairo (strata-chart-text-nominal.c), so pango needs
 * one fontconfig pattern per weight instead of one per size (issue 15).
 * The boxes every placement decision reads must stay those of a layout at
 * the label's own size with pango's rounding: these tests compare the two
 * at the charts' sizes and many others, and check the glyphs are drawn
 * where pango would put them.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <pango/pangocairo.h>

#include "strata-chart-private.h"

static const char *const texts[] = {
  "Volume (units per year, log scale)",
  "Effective unit cost (USD per unit)",
  "1 M", "10 M", "200 M", "5 B", "1 T", "$0.25", "$120.00", "12,345.67",
  "All integrated", "All neutral", "Optimal", "integrate above 14 M",
  "AVATAR To Wa Yo LT", "office fiction flip", "Ünïcödé façade — naïve",
  "Source: Strata, cost-curves-small; objective: effective unit cost",
  "a a", "aa", "·", "1", "%",
};

static cairo_surface_t *
vector_surface (gboolean pdf)
{
  if (pdf)
    return cairo_pdf_surface_create_for_stream (NULL, NULL, 1920, 1080);
  return cairo_svg_surface_create_for_stream (NULL, NULL, 1920, 1080);
}

/* @text at @px laid out as the charts did before (and still do on
 * images): at its own size, pango's rounding, the drawing's options. */
static void
sized_extents (cairo_t        *cr,
               const char     *family,
               gboolean        bold,
               gboolean        no_ligatures,
               double          px,
               const char     *text,
               PangoRectangle *logical,
               int            *baseline)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoContext *context = pango_layout_get_context (layout);
  cairo_font_options_t *options = cairo_font_options_create ();
  PangoFontDescription *desc = pango_font_description_new ();

  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_antialias (options, CAIRO_ANTIALIAS_GRAY);
  pango_cairo_context_set_font_options (context, options);
  cairo_font_options_destroy (options);
  pango_layout_context_changed (layout);
  pango_font_description_set_family (desc, family);
  pango_font_description_set_absolute_size (desc, px * PANGO_SCALE);
  if (bold)
    pango_font_description_set_weight (desc, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);
  pango_layout_set_single_paragraph_mode (layout, TRUE);
  pango_layout_set_text (layout, text, -1);
  if (no_ligatures)
    {
      PangoAttrList *attrs = pango_attr_list_new ();

      pango_attr_list_insert (attrs, pango_attr_font_features_new ("liga 0, clig 0"));
      pango_layout_set_attributes (layout, attrs);
      pango_attr_list_unref (attrs);
    }
  pango_layout_get_extents (layout, NULL, logical);
  *baseline = pango_layout_get_baseline (layout);
  g_object_unref (layout);
}

static void
check_format (gboolean pdf)
{
  cairo_surface_t *surface = vector_surface (pdf);
  cairo_t *cr = cairo_create (surface);
  StrataChartCtx ctx;
  guint compared = 0, height_off = 0;

  _strata_chart_ctx_init (&ctx, NULL, cr, 1920, 1080);
  g_assert_nonnull (ctx.nominal);
  for (int bold = 0; bold < 2; bold++)
    for (double px = 6.0; px < 90.0; px += px < 30 ? 0.37 : 2.9)
      for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
        {
          StrataTextStyle style = _strata_chart_style (&ctx, 1.0, STRATA_TEXT_LABEL, ctx.theme->foreground,
                                                       bold ? STRATA_TEXT_FLAG_BOLD : 0);
          PangoRectangle mine, theirs;
          double width, height, size;
          int baseline, their_baseline;
          const char *family;

          style.size = px;
          _strata_chart_text_size (&ctx, texts[i], &style, &width, &height);
          g_assert_true (_strata_chart_nominal_extents (ctx.layout, &mine, &baseline, &size));
          g_assert_cmpfloat (size, ==, (int) (px * PANGO_SCALE) / (double) PANGO_SCALE);
          family = pango_font_description_get_family (pango_layout_get_font_description (ctx.layout));
          sized_extents (cr, family, bold, ctx.no_ligatures, px, texts[i], &theirs, &their_baseline);

          /* Widths exactly: they decide what fits and where. */
          if (mine.width != theirs.width)
            g_error ("%s, %g px%s: width %d, at its own size %d", texts[i], px, bold ? " bold" : "",
                     mine.width, theirs.width);
          g_assert_cmpfloat (width, ==, theirs.width / (double) PANGO_SCALE);
          g_assert_cmpint (mine.x, ==, theirs.x);
          g_assert_cmpint (mine.y, ==, theirs.y);
          /* Ascent and height to a Pango unit (1/1024 px): pango rounds
           * cairo's unhinted extents, and at a half unit the last bit of
           * the font's scale decides. */
          g_assert_cmpint (ABS (mine.height - theirs.height), <=, 1);
          g_assert_cmpint (ABS (baseline - their_baseline), <=, 1);
          height_off += mine.height != theirs.height || baseline != their_baseline;
          compared++;
        }
  /* A half unit is rare. */
  g_assert_cmpuint (height_off * 100, <, compared);
  _strata_chart_ctx_clear (&ctx);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  cairo_surface_destroy (surface);
}

static void
test_nominal_same_boxes_pdf (void)
{
  check_format (TRUE);
}

static void
test_nominal_same_boxes_svg (void)
{
  check_format (FALSE);
}

/* Text pango would ellipsize is laid out at its own size, as before; text
 * that just fits is not. */
static void
test_nominal_ellipsized (void)
{
  cairo_surface_t *surface = vector_surface (TRUE);
  cairo_t *cr = cairo_create (surface);
  StrataChartCtx ctx;
  StrataTextStyle style;
  double full, cut;

  _strata_chart_ctx_init (&ctx, NULL, cr, 1920, 1080);
  style = _strata_chart_style (&ctx, 1.0, STRATA_TEXT_LABEL, ctx.theme->foreground, 0);
  _strata_chart_text_size (&ctx, texts[0], &style, &full, NULL);
  style.max_width = full;
  _strata_chart_text_size (&ctx, texts[0], &style, &cut, NULL);
  g_assert_cmpfloat (cut, ==, full);
  g_assert_true (_strata_chart_nominal_usable (ctx.layout));
  style.max_width = full / 2;
  _strata_chart_text_size (&ctx, texts[0], &style, &cut, NULL);
  g_assert_false (_strata_chart_nominal_usable (ctx.layout));
  g_assert_true (pango_layout_is_ellipsized (ctx.layout));
  g_assert_cmpfloat (cut, <=, full / 2);
  _strata_chart_ctx_clear (&ctx);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

/* Images keep laying text out at its own size. */
static void
test_nominal_not_on_images (void)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 64, 64);
  cairo_t *cr = cairo_create (surface);
  StrataChartCtx ctx;
  StrataTextStyle style;
  double width;

  _strata_chart_ctx_init (&ctx, NULL, cr, 64, 64);
  g_assert_null (ctx.nominal);
  style = _strata_chart_style (&ctx, 1.0, STRATA_TEXT_LABEL, ctx.theme->foreground, 0);
  _strata_chart_text_size (&ctx, "1 M", &style, &width, NULL);
  g_assert_false (_strata_chart_nominal_usable (ctx.layout));
  _strata_chart_ctx_clear (&ctx);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

/* The glyphs drawn from the nominal layout land where a layout at the
 * label's own size puts them. */
static void
check_glyph_positions (const char *text,
                       double      factor,
                       gboolean    bold)
{
  cairo_surface_t *surface = vector_surface (TRUE);
  cairo_t *cr = cairo_create (surface);
  StrataChartCtx ctx;
  StrataTextStyle style;
  PangoLayout *sized;
  PangoLayoutIter *iter;
  GArray *expected = g_array_new (FALSE, FALSE, sizeof (double));
  GArray *drawn;
  double x = 0;

  _strata_chart_ctx_init (&ctx, NULL, cr, 1920, 1080);
  style = _strata_chart_style (&ctx, factor, STRATA_TEXT_LABEL, ctx.theme->foreground,
                               bold ? STRATA_TEXT_FLAG_BOLD : 0);
  _strata_chart_text_size (&ctx, text, &style, NULL, NULL);
  g_assert_true (_strata_chart_nominal_usable (ctx.layout));

  /* Each glyph's x at its own size, pango's rounding. */
  sized = pango_layout_copy (ctx.sized);
  {
    PangoFontDescription *desc = pango_font_description_copy (pango_layout_get_font_description (ctx.layout));

    pango_font_description_set_absolute_size (desc, style.size * PANGO_SCALE);
    pango_layout_set_font_description (sized, desc);
    pango_font_description_free (desc);
  }
  pango_layout_set_width (sized, -1);
  pango_layout_set_ellipsize (sized, PANGO_ELLIPSIZE_NONE);
  pango_layout_set_text (sized, text, -1);
  iter = pango_layout_get_iter (sized);
  do
    {
      PangoLayoutRun *run = pango_layout_iter_get_run_readonly (iter);

      if (run == NULL)
        continue;
      for (int i = 0; i < run->glyphs->num_glyphs; i++)
        {
          double gx = x + run->glyphs->glyphs[i].geometry.x_offset / (double) PANGO_SCALE;

          g_array_append_val (expected, gx);
          x += run->glyphs->glyphs[i].geometry.width / (double) PANGO_SCALE;
        }
    }
  while (pango_layout_iter_next_run (iter));
  pango_layout_iter_free (iter);

  /* Where the nominal layout's glyphs are drawn: within 1/100 px. */
  drawn = _strata_chart_nominal_glyph_x (ctx.layout);
  g_assert_cmpuint (drawn->len, ==, expected->len);
  for (guint i = 0; i < drawn->len; i++)
    g_assert_cmpfloat (fabs (g_array_index (drawn, double, i) - g_array_index (expected, double, i)), <, 0.01);
  g_array_unref (drawn);

  g_object_unref (sized);
  g_array_unref (expected);
  _strata_chart_ctx_clear (&ctx);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

static void
test_nominal_glyph_positions (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    for (double factor = 0.5; factor < 2.0; factor += 0.071)
      {
        check_glyph_positions (texts[i], factor, FALSE);
        check_glyph_positions (texts[i], factor, TRUE);
      }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/strata/export/text/nominal-same-boxes-pdf", test_nominal_same_boxes_pdf);
  g_test_add_func ("/strata/export/text/nominal-same-boxes-svg", test_nominal_same_boxes_svg);
  g_test_add_func ("/strata/export/text/nominal-ellipsized", test_nominal_ellipsized);
  g_test_add_func ("/strata/export/text/nominal-not-on-images", test_nominal_not_on_images);
  g_test_add_func ("/strata/export/text/nominal-glyph-positions", test_nominal_glyph_positions);
  return g_test_run ();
}

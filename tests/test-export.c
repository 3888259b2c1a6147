/* test-export.c: the export pipeline (PNG encoder, SVG for slides, source
 * line and action title, decks and data)
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"
#include "strata-test-cli.h"
#include "strata-test-files.h"

#include <math.h>
#include <string.h>
#include <sys/wait.h>

#include <glib/gstdio.h>
#include <cairo.h>
#include <png.h>

#include <strata/strata-chart.h>
#include <strata/strata-export.h>
#include <strata/strata-horizon.h>
#include <strata/strata-model.h>
#include <strata/strata-format.h>

typedef struct
{
  StrataChartRequest    request;
  const StrataStrategy **strategies;
} Req;

static void
req_init (Req           *req,
          StrataDataset *dataset,
          StrataTheme    theme)
{
  memset (req, 0, sizeof *req);
  req->strategies = strata_chart_default_strategies (dataset, &req->request.n_strategies);
  req->request.dataset = dataset;
  req->request.strategies = req->strategies;
  req->request.volume = dataset->volume_default;
  req->request.theme = theme;
}

static void
req_clear (Req *req)
{
  g_clear_pointer (&req->strategies, g_free);
}

/* The roadmap's band (the app's, a deck's and export --bands) on a
 * dataset whose current strategy cannot be adopted now (its option takes
 * longer to build than the horizon): the optimal roadmap's band alone,
 * not no band at all (the run was refused, and the app drew the refusal
 * over the chart's corner). */
static void
test_roadmap_band_unadoptable (void)
{
  static const char json[] =
    "{ \"format\": \"strata-stack/1\", \"title\": \"t\", \"unit\": \"u\", \"currency\": \"USD\",\n"
    "  \"volume\": { \"min\": 1000, \"max\": 1e6, \"default\": 1e5 },\n"
    "  \"layers\": [ { \"id\": \"l0\", \"options\": [\n"
    "    { \"id\": \"a\", \"mode\": \"neutral\", \"price\": 5, \"margin\": 0 },\n"
    "    { \"id\": \"b\", \"mode\": \"integrated\", \"unit_cost\": 1, \"build_years\": 3 },\n"
    "    { \"id\": \"c\", \"mode\": \"integrated\", \"unit_cost\": 2,\n"
    "      \"fixed_cost\": { \"value\": 1e4, \"low\": 5e3, \"high\": 2e4 } } ] } ],\n"
    "  \"horizon\": { \"first_year\": 2000, \"years\": 2, \"discount_rate\": 0.05, \"volume\": [ 1e5, 1e5 ] } }\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(StrataDataset) dataset = strata_dataset_load_data (json, sizeof json - 1, "band.json", &error);
  g_autoptr(StrataRoadmapMc) band = NULL;
  StrataRoadmapMcParams params;
  const StrataStrategy *current[1];
  Req req;

  g_assert_no_error (error);
  req_init (&req, dataset, STRATA_THEME_LIGHT);
  /* The current strategy: Optimal at 1e5 runs b, which cannot run
   * within the horizon. */
  for (guint k = 0; k < req.request.n_strategies; k++)
    if (g_str_equal (req.request.strategies[k]->id, STRATA_STRATEGY_OPTIMAL))
      req.request.current = k;
  g_assert_false (strata_plan_can_adopt (dataset, req.request.strategies[req.request.current],
                                         STRATA_HORIZON_EFFECTIVE, &error));
  g_assert_error (error, STRATA_DATASET_ERROR, STRATA_DATASET_ERROR_INVALID);
  strata_deck_roadmap_mc_params (&req.request, &params, current);
  g_assert_true (params.optimal);
  g_assert_cmpuint (params.n_strategies, ==, 0);
  band = strata_deck_roadmap_mc (&req.request, NULL, NULL);
  g_assert_nonnull (band);
  g_assert_cmpuint (band->n_plans, ==, 1);
  g_assert_nonnull (strata_roadmap_mc_find (band, NULL));
  req_clear (&req);
}

/* -- PNG: the same pixels as cairo's own writer ----------------------------- */

typedef struct
{
  const guint8 *data;
  gsize         size;
  gsize         pos;
} Reader;

static cairo_status_t
read_bytes (void          *closure,
            unsigned char *data,
            unsigned int   length)
{
  Reader *reader = closure;

  if (reader->pos + length > reader->size)
    return CAIRO_STATUS_READ_ERROR;
  memcpy (data, reader->data + reader->pos, length);
  reader->pos += length;
  return CAIRO_STATUS_SUCCESS;
}

/* cairo's reader checks every chunk's CRC, up to IEND. */
static void
check_cairo_reads (GBytes *png,
                   int     width,
                   int     height)
{
  Reader reader = { NULL, 0, 0 };
  cairo_surface_t *surface;

  reader.data = g_bytes_get_data (png, &reader.size);
  surface = cairo_image_surface_create_from_png_stream (read_bytes, &reader);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, width);
  g_assert_cmpint (cairo_image_surface_get_height (surface), ==, height);
  g_assert_cmpuint (reader.pos, ==, reader.size);
  cairo_surface_destroy (surface);
}

/* Decodes @png with libpng to 8-bit RGBA, straight (not premultiplied). */
static guint8 *
decode_rgba (GBytes *png,
             int    *width,
             int    *height)
{
  png_image image;
  guint8 *pixels;
  gsize size;
  gconstpointer data = g_bytes_get_data (png, &size);

  memset (&image, 0, sizeof image);
  image.version = PNG_IMAGE_VERSION;
  g_assert_true (png_image_begin_read_from_memory (&image, data, size));
  image.format = PNG_FORMAT_RGBA;
  pixels = g_malloc (PNG_IMAGE_SIZE (image));
  g_assert_true (png_image_finish_read (&image, NULL, pixels, 0, NULL));
  g_assert_cmpint (image.warning_or_error, ==, 0);
  *width = (int) image.width;
  *height = (int) image.height;
  return pixels;
}

static GBytes *
render_png (StrataChartKind           kind,
            const StrataChartRequest *request,
            gboolean                  with_cairo,
            double                    scale)
{
  g_autoptr(GError) error = NULL;
  GBytes *bytes;

  if (with_cairo)
    g_setenv ("STRATA_PNG_ENCODER", "cairo", TRUE);
  else
    g_unsetenv ("STRATA_PNG_ENCODER");
  bytes = strata_chart_render_png (kind, request, 640, 360, scale, &error);
  g_unsetenv ("STRATA_PNG_ENCODER");
  g_assert_no_error (error);
  g_assert_nonnull (bytes);
  return bytes;
}

/* Every chart in every theme, opaque and transparent: the PNG Strata writes
 * decodes to exactly the samples of cairo_surface_write_to_png()'s file,
 * and is no larger. */
static void
test_png_same_pixels (void)
{
  g_autoptr(StrataDataset) dataset = load_sample ("ai-cloud-stack.strata.json");
  guint checked = 0;

  for (guint k = 0; k < STRATA_N_CHARTS; k++)
    for (guint t = 0; t < STRATA_N_THEMES; t++)
      for (guint transparent = 0; transparent < 2; transparent++)
        {
          g_autoptr(GBytes) ours = NULL;
          g_autoptr(GBytes) theirs = NULL;
          g_autofree guint8 *a = NULL;
          g_autofree guint8 *b = NULL;
          int aw, ah, bw, bh;
          Req req;

          req_init (&req, dataset, t);
          req.request.transparent = transparent;
          /* A fractional scale too, so edges are anti-aliased off the grid. */
          ours = render_png (k, &req.request, FALSE, transparent ? 1.5 : 1.0);
          theirs = render_png (k, &req.request, TRUE, transparent ? 1.5 : 1.0);
          req_clear (&req);

          g_assert_false (g_bytes_equal (ours, theirs));   /* really another encoder */
          a = decode_rgba (ours, &aw, &ah);
          b = decode_rgba (theirs, &bw, &bh);
          g_assert_cmpint (aw, ==, bw);
          g_assert_cmpint (ah, ==, bh);
          g_assert_cmpint (aw, ==, transparent ? 960 : 640);
          check_cairo_reads (ours, aw, ah);
          g_assert_cmpmem (a, (gsize) aw * ah * 4, b, (gsize) bw * bh * 4);
          g_assert_cmpuint (g_bytes_get_size (ours), <=, g_bytes_get_size (theirs));
          checked++;
        }
  g_assert_cmpuint (checked, ==, STRATA_N_CHARTS * STRATA_N_THEMES * 2);
}

/* Half-transparent pixels of every alpha: un-premultiplied as cairo does. */
static void
test_png_alpha_ramp (void)
{
  g_autoptr(StrataDataset) dataset = load_sample ("retailer.strata.json");
  g_autofree char *ours_path = NULL;
  g_autofree char *theirs_path = NULL;
  g_autoptr(GError) error = NULL;
  Req req;

  /* A transparent chart in the dark theme has text and lines over
   * nothing: anti-aliased edges cover every alpha from 1 to 254. */
  req_init (&req, dataset, STRATA_THEME_DARK);
  req.request.transparent = TRUE;
  for (guint scale = 1; scale <= 3; scale++)
    {
      g_autoptr(GBytes) ours = render_png (STRATA_CHART_COST_CURVES, &req.request, FALSE, scale * 0.75);
      g_autoptr(GBytes) theirs = render_png (STRATA_CHART_COST_CURVES, &req.request, TRUE, scale * 0.75);
      g_autofree guint8 *a = NULL;
      g_autofree guint8 *b = NULL;
      gboolean alphas[256] = { FALSE };
      guint n_alphas = 0;
      int w, h;

      a = decode_rgba (ours, &w, &h);
      b = decode_rgba (theirs, &w, &h);
      g_assert_cmpmem (a, (gsize) w * h * 4, b, (gsize) w * h * 4);
      for (gsize i = 3; i < (gsize) w * h * 4; i += 4)
        alphas[a[i]] = TRUE;
      for (guint i = 0; i < 256; i++)
        n_alphas += alphas[i];
      g_assert_cmpuint (n_alphas, >, 100);
    }
  req_clear (&req);
}

/* -- SVG for slides: px, <text>, fonts named ------------------------------- */

typedef struct
{
  char      *width;
  char      *height;
  GPtrArray *texts;      /* the content of every <text> */
  GPtrArray *families;   /* their font-family */
  guint      glyphs;     /* <symbol> / <use> of cairo's glyph outlines */
  guint      clipped;    /* elements with a clip-path (LibreOffice drops the text after them) */
  guint      viewports;  /* nested <svg> elements (the clips, as viewports) */
  gboolean   in_text;
  GString   *current;
} SvgScan;

static void
scan_start (GMarkupParseContext  *context,
            const char           *element,
            const char          **names,
            const char          **values,
            gpointer              data,
            GError              **error)
{
  SvgScan *scan = data;

  for (guint i = 0; names[i] != NULL; i++)
    if (g_str_equal (names[i], "clip-path"))
      scan->clipped++;
  if (g_str_equal (element, "svg") && scan->width != NULL)
    scan->viewports++;
  if (g_str_equal (element, "svg") && scan->width == NULL)
    for (guint i = 0; names[i] != NULL; i++)
      {
        if (g_str_equal (names[i], "width"))
          scan->width = g_strdup (values[i]);
        else if (g_str_equal (names[i], "height"))
          scan->height = g_strdup (values[i]);
      }
  if (g_str_equal (element, "symbol"))
    scan->glyphs++;
  if (g_str_equal (element, "text"))
    {
      scan->in_text = TRUE;
      g_string_truncate (scan->current, 0);
      for (guint i = 0; names[i] != NULL; i++)
        if (g_str_equal (names[i], "font-family"))
          g_ptr_array_add (scan->families, g_strdup (values[i]));
    }
}

static void
scan_end (GMarkupParseContext  *context,
          const char           *element,
          gpointer              data,
          GError              **error)
{
  SvgScan *scan = data;

  if (g_str_equal (element, "text"))
    {
      scan->in_text = FALSE;
      g_ptr_array_add (scan->texts, g_strdup (scan->current->str));
    }
}

static void
scan_text (GMarkupParseContext  *context,
           const char           *text,
           gsize                 length,
           gpointer              data,
           GError              **error)
{
  SvgScan *scan = data;

  if (scan->in_text)
    g_string_append_len (scan->current, text, length);
}

static void
svg_scan_clear (SvgScan *scan)
{
  g_free (scan->width);
  g_free (scan->height);
  g_ptr_array_unref (scan->texts);
  g_ptr_array_unref (scan->families);
  g_string_free (scan->current, TRUE);
}

static void
svg_scan (GBytes  *svg,
          SvgScan *scan)
{
  static const GMarkupParser parser = { scan_start, scan_end, scan_text, NULL, NULL };
  g_autoptr(GError) error = NULL;
  GMarkupParseContext *context;
  gsize size;
  const char *data = g_bytes_get_data (svg, &size);

  memset (scan, 0, sizeof *scan);
  scan->texts = g_ptr_array_new_with_free_func (g_free);
  scan->families = g_ptr_array_new_with_free_func (g_free);
  scan->current = g_string_new (NULL);
  context = g_markup_parse_context_new (&parser, 0, scan, NULL);
  g_assert_true (g_markup_parse_context_parse (context, data, size, &error));
  g_assert_no_error (error);
  g_assert_true (g_markup_parse_context_end_parse (context, &error));
  g_assert_no_error (error);
  g_markup_parse_context_free (context);
}

static gboolean
has_text (SvgScan    *scan,
          const char *text)
{
  return g_ptr_array_find_with_equal_func (scan->texts, text, g_str_equal, NULL);
}

/* @text as one label, or (an action title too long for one line) as two
 * labels one after the other, broken between words. */
static gboolean
has_title (SvgScan    *scan,
           const char *text)
{
  if (has_text (scan, text))
    return TRUE;
  for (guint i = 0; i + 1 < scan->texts->len; i++)
    {
      g_autofree char *joined = g_strconcat (scan->texts->pdata[i], " ", scan->texts->pdata[i + 1], NULL);

      if (g_str_equal (joined, text))
        return TRUE;
    }
  return FALSE;
}

static gboolean
any_text_has (SvgScan    *scan,
              const char *needle)
{
  for (guint i = 0; i < scan->texts->len; i++)
    if (strstr (scan->texts->pdata[i], needle) != NULL)
      return TRUE;
  return FALSE;
}

static GBytes *
render (StrataChartKind            kind,
        const StrataChartRequest  *request,
        const StrataExportOptions *options)
{
  g_autoptr(GError) error = NULL;
  GBytes *bytes = strata_chart_render (kind, request, options, &error);

  g_assert_no_error (error);
  g_assert_nonnull (bytes);
  return bytes;
}

/* Every chart's SVG: sized in px, every label a <text> element with its
 * font named (the family fontconfig resolved, not the alias "Sans"), and
 * the same labels the chart lays out; outlines on request. */
static void
test_svg_text (void)
{
  g_autoptr(StrataDataset) dataset = load_sample ("ai-model-lab.strata.json");

  for (guint k = 0; k < STRATA_N_CHARTS; k++)
    for (guint t = 0; t < STRATA_N_THEMES; t++)
      {
        StrataExportOptions options;
        g_autoptr(GBytes) svg = NULL;
        g_autoptr(GBytes) outlines = NULL;
        g_autoptr(GArray) boxes = NULL;
        SvgScan scan, scan_outlines;
        Req req;

        req_init (&req, dataset, t);
        strata_export_options_init (&options, STRATA_EXPORT_SVG, t);
        options.width = 1280;
        options.height = 720;
        svg = render (k, &req.request, &options);
        svg_scan (svg, &scan);
        g_assert_cmpstr (scan.width, ==, "1280px");
        g_assert_cmpstr (scan.height, ==, "720px");
        g_assert_cmpuint (scan.glyphs, ==, 0);
        g_assert_cmpuint (scan.clipped, ==, 0);
        g_assert_cmpuint (scan.texts->len, >=, 8);
        g_assert_cmpuint (scan.families->len, ==, scan.texts->len);
        for (guint i = 0; i < scan.families->len; i++)
          {
            const char *family = scan.families->pdata[i];

            g_assert_true (g_str_has_suffix (family, ", sans-serif"));
            g_assert_false (g_str_has_prefix (family, "Sans,"));
          }
        g_assert_true (any_text_has (&scan, dataset->title));   /* the source line at least */

        /* The chart's own labels, the same words (the page shrinks the
         * chart to make room for the source line, so compare texts only). */
        boxes = strata_chart_layout_text_boxes (k, &req.request, 1280, 720);
        for (guint i = 0; i < boxes->len; i++)
          {
            const StrataChartTextBox *box = &g_array_index (boxes, StrataChartTextBox, i);

            /* A sentence's pieces are one <text> in SVG (merged lines). */
            if (box->role == STRATA_TEXT_TITLE && !strstr (box->text, "\xE2\x80\xA6"))
              g_assert_true (any_text_has (&scan, box->text));
          }

        options.svg_text = STRATA_SVG_TEXT_OUTLINES;
        outlines = render (k, &req.request, &options);
        svg_scan (outlines, &scan_outlines);
        g_assert_cmpuint (scan_outlines.texts->len, ==, 0);
        g_assert_cmpuint (scan_outlines.glyphs, >, 10);
        g_assert_cmpstr (scan_outlines.width, ==, "1280px");

        svg_scan_clear (&scan);
        svg_scan_clear (&scan_outlines);
        req_clear (&req);
      }
}

/* A sentence drawn in pieces (a subtitle longer than one text may be,
 * the source line, the sources) is one <text> in SVG: a viewer lays it
 * out in one run.  Placed piece by piece at pango's advances, rsvg's
 * narrower DejaVu Sans left gaps ("multi-cloud and   multi-chip"). */
static void
test_svg_sentence_one_text (void)
{
  g_autoptr(StrataDataset) dataset = load_sample ("ai-model-lab.strata.json");
  StrataExportOptions options;
  g_autoptr(GBytes) svg = NULL;
  g_autofree char *line = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GString) sources = NULL;
  SvgScan scan;
  Req req;

  req_init (&req, dataset, STRATA_THEME_DARK);
  strata_export_options_init (&options, STRATA_EXPORT_SVG, STRATA_THEME_DARK);
  options.width = 1280;
  options.height = 720;
  svg = render (STRATA_CHART_COST_CURVES, &req.request, &options);
  svg_scan (svg, &scan);

  /* The subtitle: the volume axis, then the dataset's long title. */
  g_assert_true (any_text_has (&scan, "against annual volume \xC2\xB7 AI model lab: multi-cloud and multi-chip"));
  line = strata_chart_source_line (STRATA_CHART_COST_CURVES, &req.request);
  g_assert_true (has_text (&scan, line));
  list = strata_chart_sources_list (STRATA_CHART_COST_CURVES, &req.request);
  g_assert_cmpuint (list->len, >=, 2);
  sources = g_string_new ("Sources:");
  for (guint i = 0; i < 2; i++)
    g_string_append_printf (sources, " %s;", (const char *) list->pdata[i]);
  g_assert_true (any_text_has (&scan, sources->str));

  svg_scan_clear (&scan);
  req_clear (&req);
}

/* The clips cairo writes as <g clip-path> groups become nested <svg>
 * viewports of the same rectangle (LibreOffice Impress 7.4 dropped every
 * label after a clip group: 5 of the cost curves' 57 were left); the
 * curves that leave the top of the plot are still cut there. */
static void
test_svg_clips_as_viewports (void)
{
  g_autoptr(StrataDataset) dataset = load_sample ("ai-cloud-stack.strata.json");

  for (guint t = 0; t < STRATA_N_THEMES; t++)
    for (guint mode = 0; mode < 2; mode++)
      {
        StrataExportOptions options;
        g_autoptr(GBytes) svg = NULL;
        const char *data, *p;
        gsize size;
        guint checked = 0;
        SvgScan scan;
        Req req;

        req_init (&req, dataset, t);
        strata_export_options_init (&options, STRATA_EXPORT_SVG, t);
        options.svg_text = mode == 0 ? STRATA_SVG_TEXT_ELEMENTS : STRATA_SVG_TEXT_OUTLINES;
        svg = render (STRATA_CHART_COST_CURVES, &req.request, &options);
        svg_scan (svg, &scan);
        g_assert_cmpuint (scan.clipped, ==, 0);
        /* The page's clip and the curves' plot area at least. */
        g_assert_cmpuint (scan.viewports, >=, 2);

        /* Each viewport's viewBox is its own box: the user space is the
         * one the drawing inside was written in. */
        data = g_bytes_get_data (svg, &size);
        for (p = data; (p = g_strstr_len (p, size - (p - data), "<svg x=\"")) != NULL; p++)
          {
            double x, y, w, h, vx, vy, vw, vh;
            const char *box = strstr (p, "viewBox=\"");

            g_assert_cmpint (sscanf (p, "<svg x=\"%lf\" y=\"%lf\" width=\"%lf\" height=\"%lf\"", &x, &y, &w, &h), ==, 4);
            g_assert_nonnull (box);
            g_assert_cmpint (sscanf (box, "viewBox=\"%lf %lf %lf %lf\"", &vx, &vy, &vw, &vh), ==, 4);
            g_assert_cmpfloat (x, ==, vx);
            g_assert_cmpfloat (y, ==, vy);
            g_assert_cmpfloat (w, ==, vw);
            g_assert_cmpfloat (h, ==, vh);
            g_assert_cmpfloat (w, >, 0);
            g_assert_cmpfloat (h, >, 0);
            g_assert_nonnull (g_strstr_len (p, strchr (p, '>') - p, "overflow=\"hidden\""));
            checked++;
          }
        g_assert_cmpuint (checked, ==, scan.viewports);
        if (mode == 0)
          g_assert_cmpuint (scan.texts->len, >=, 20);
        svg_scan_clear (&scan);
        req_clear (&req);
      }
}

/* -- source line and action title ------------------------------------------- */

/* Every exported chart names its dataset, the sources of the options it
 * draws, the objective, and "illustrative" when only the description
 * says so. */
static void
test_source_line (void)
{
  g_autoptr(StrataDataset) dataset = load_sample ("consumer-devices.strata.json");

  for (guint k = 0; k < STRATA_N_CHARTS; k++)
    {
      StrataExportOptions options;
      g_autoptr(GBytes) svg = NULL;
      g_autoptr(GPtrArray) ids = NULL;
      g_autoptr(GPtrArray) list = NULL;
      g_autofree char *line = NULL;
      SvgScan scan;
      Req req;

      req_init (&req, dataset, STRATA_THEME_LIGHT);
      strata_export_options_init (&options, STRATA_EXPORT_SVG, STRATA_THEME_LIGHT);
      g_assert_false (options.action_title);   /* slide theme only */
      svg = render (k, &req.request, &options);
      svg_scan (svg, &scan);

      line = strata_chart_source_line (k, &req.request);
      /* The line's pieces are one <text>: a viewer lays it out in one
       * run (pieces placed by pango's advances left gaps in rsvg). */
      g_assert_true (has_text (&scan, line));
      g_assert_true (g_str_has_prefix (line, dataset->title));
      g_assert_nonnull (strstr (line, "Objective: effective unit cost"));
      g_assert_null (strstr (line, "Illustrative figures"));   /* the title says it */

      /* The sources: each id belongs to an option, layer or link the
       * chart draws, and its short form is on the chart. */
      ids = strata_chart_source_ids (k, &req.request);
      g_assert_cmpuint (ids->len, >, 0);
      list = strata_chart_sources_list (k, &req.request);
      {
        g_autofree char *start = g_strdup_printf ("%s %s", list->len == 1 ? "Source:" : "Sources:",
                                                  (const char *) list->pdata[0]);

        g_assert_true (any_text_has (&scan, start));
      }
      for (guint i = 0; i < ids->len; i++)
        {
          gboolean known = FALSE;

          for (guint j = 0; j < dataset->n_sources; j++)
            known = known || g_str_equal (dataset->sources[j].id, ids->pdata[i]);
          g_assert_true (known);
        }
      svg_scan_clear (&scan);
      req_clear (&req);
    }

  /* "Illustrative" from the description when the title leaves it out. */
  {
    g_autofree char *title = dataset->title;
    g_autofree char *line = NULL;
    Req req;

    dataset->title = g_strdup ("Consumer devices");
    req_init (&req, dataset, STRATA_THEME_LIGHT);
    line = strata_chart_source_line (STRATA_CHART_COMPARE, &req.request);
    g_assert_nonnull (strstr (line, "Illustrative figures"));
    req_clear (&req);
    g_free (dataset->title);
    dataset->title = g_steal_pointer (&title);
  }
}

/* Parses "NAME is P % cheaper than OTHER at V". */
static void
check_compare_title (const char               *title,
                     const StrataChartRequest *request)
{
  const StrataDataset *dataset = request->dataset;
  const StrataStrategy *best = NULL;
  const StrataStrategy *neutral = strata_dataset_find_strategy (dataset, STRATA_STRATEGY_ALL_NEUTRAL);
  double best_cost = INFINITY, neutral_cost, pct;
  g_autofree char *volume = strata_format_volume (request->volume);
  g_autofree char *expected_tail = NULL;
  g_autofree char *pct_text = NULL;
  const char *is;

  for (guint i = 0; i < request->n_strategies; i++)
    {
      double c = strata_strategy_effective_cost (dataset, request->strategies[i], request->volume);

      if (c < best_cost)
        best = request->strategies[i], best_cost = c;
    }
  neutral_cost = strata_strategy_effective_cost (dataset, neutral, request->volume);
  g_assert_cmpfloat (best_cost, <, neutral_cost);
  g_assert_true (g_str_has_prefix (title, best->name));
  is = title + strlen (best->name);
  g_assert_true (g_str_has_prefix (is, " is "));
  pct = g_ascii_strtod (is + 4, NULL);
  /* The figure never overstates: within 0.1 below the true gap. */
  g_assert_cmpfloat (pct, <=, (neutral_cost - best_cost) / neutral_cost * 100 + 1e-9);
  g_assert_cmpfloat (pct, >, (neutral_cost - best_cost) / neutral_cost * 100 - 0.1);
  expected_tail = g_strdup_printf (" %% cheaper than all neutral at %s", volume);
  g_assert_true (g_str_has_suffix (title, expected_tail));
}

/* Titles say what the model says, with its figures. */
static void
test_action_title (void)
{
  const char *samples[] = { "ai-cloud-stack.strata.json", "ai-model-lab.strata.json",
                            "consumer-devices.strata.json", "retailer.strata.json" };

  for (guint d = 0; d < G_N_ELEMENTS (samples); d++)
    {
      g_autoptr(StrataDataset) dataset = load_sample (samples[d]);
      g_autoptr(StrataLadder) ladder = strata_ladder_new (dataset, 64);
      g_autofree char *compare = NULL;
      g_autofree char *steps = NULL;
      g_autofree char *first = NULL;
      g_autofree char *last = NULL;
      g_autofree char *prefix = NULL;
      Req req;

      req_init (&req, dataset, STRATA_THEME_SLIDE);
      compare = strata_chart_action_title (STRATA_CHART_COMPARE, &req.request);
      g_assert_nonnull (compare);
      check_compare_title (compare, &req.request);

      /* The ladder: its first and last flips. */
      steps = strata_chart_action_title (STRATA_CHART_LADDER, &req.request);
      g_assert_cmpuint (ladder->n_flips, >, 1);
      first = strata_format_volume (ladder->flips[0].volume);
      last = strata_format_volume (ladder->flips[ladder->n_flips - 1].volume);
      g_assert_nonnull (strstr (steps, first));
      g_assert_true (g_str_has_suffix (steps, last));
      prefix = g_strdup_printf ("%u layers flip to", ladder->n_flips);
      g_assert_true (g_str_has_prefix (steps, prefix) ||
                     g_str_has_prefix (steps, "The optimal modes change"));
      req_clear (&req);

      /* The tornado: the number that moves the cost most, in words (the
       * rows' "supplier cost", never the key "supplier_cost"). */
      req_init (&req, dataset, STRATA_THEME_SLIDE);
      {
        g_autofree char *tornado = strata_chart_action_title (STRATA_CHART_TORNADO, &req.request);

        g_assert_nonnull (tornado);
        g_assert_nonnull (strstr (tornado, " moves the cost of "));
        g_assert_null (strchr (tornado, '_'));
      }
      req_clear (&req);

      /* One strategy: nothing to compare, no claim. */
      req_init (&req, dataset, STRATA_THEME_SLIDE);
      req.request.n_strategies = 1;
      g_assert_null (strata_chart_action_title (STRATA_CHART_COMPARE, &req.request));
      req_clear (&req);
    }
}

/* The compare title calls a strategy the cheapest only when none other
 * costs the same (MODEL.md 4): a stack with no integrated option has one
 * strategy under three names ("Every strategy shown costs the same");
 * one whose second layer can only be bought has All neutral tied with
 * Optimal below the cheaper integrated chips' volume. */
static void
test_title_ties (void)
{
  static const char one[] =
    "{\"format\": \"strata-stack/1\", \"title\": \"One layer\", \"unit\": \"widget\", \"currency\": \"USD\","
    " \"volume\": {\"min\": 1000, \"max\": 1000, \"default\": 1000},"
    " \"layers\": [{\"id\": \"only\", \"name\": \"Only\", \"options\": ["
    "  {\"id\": \"buy\", \"name\": \"Buy\", \"mode\": \"neutral\", \"supplier_cost\": 1, \"margin\": 0.2}]}]}";
  static const char two[] =
    "{\"format\": \"strata-stack/1\", \"title\": \"Two layers\", \"unit\": \"widget\", \"currency\": \"USD\","
    " \"volume\": {\"min\": 1000, \"max\": 1e9, \"default\": 1000},"
    " \"layers\": [{\"id\": \"chips\", \"name\": \"Chips\", \"options\": ["
    "  {\"id\": \"buy\", \"name\": \"Buy\", \"mode\": \"neutral\", \"supplier_cost\": 1, \"margin\": 0.2},"
    "  {\"id\": \"make\", \"name\": \"Make\", \"mode\": \"integrated\", \"unit_cost\": 0.5, \"fixed_cost\": 1e6}]},"
    " {\"id\": \"apps\", \"name\": \"Apps\", \"options\": ["
    "  {\"id\": \"store\", \"name\": \"Store\", \"mode\": \"neutral\", \"supplier_cost\": 2, \"margin\": 0.1}]}]}";
  static const struct { const char *json; const char *title; } cases[] = {
    { one, "Every strategy shown costs the same at 1 k" },
    { two, "All neutral ties for the cheapest strategy shown at 1 k" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(StrataDataset) dataset = strata_dataset_load_data (cases[i].json, strlen (cases[i].json), "ties",
                                                                   &error);
      g_autofree char *title = NULL;
      Req req;

      g_assert_no_error (error);
      req_init (&req, dataset, STRATA_THEME_SLIDE);
      title = strata_chart_action_title (STRATA_CHART_COMPARE, &req.request);
      g_assert_cmpstr (title, ==, cases[i].title);
      req_clear (&req);
    }
}

/* The slide theme carries the title; --title replaces it, --no-title
 * removes it, and any theme can have one. */
static void
test_title_options (void)
{
  g_autoptr(StrataDataset) dataset = load_sample ("ai-cloud-stack.strata.json");
  g_autofree char *generated = NULL;
  StrataExportOptions options;
  Req req;

  req_init (&req, dataset, STRATA_THEME_SLIDE);
  generated = strata_chart_action_title (STRATA_CHART_COST_CURVES, &req.request);
  strata_export_options_init (&options, STRATA_EXPORT_SVG, STRATA_THEME_SLIDE);
  g_assert_true (options.action_title);
  {
    g_autoptr(GBytes) svg = render (STRATA_CHART_COST_CURVES, &req.request, &options);
    SvgScan scan;

    svg_scan (svg, &scan);
    g_assert_true (has_text (&scan, generated));
    svg_scan_clear (&scan);
  }
  options.title = "Hybrid <wins> & pays";
  {
    g_autoptr(GBytes) svg = render (STRATA_CHART_COST_CURVES, &req.request, &options);
    SvgScan scan;

    svg_scan (svg, &scan);
    g_assert_true (has_text (&scan, "Hybrid <wins> & pays"));
    g_assert_false (has_text (&scan, generated));
    svg_scan_clear (&scan);
  }
  options.action_title = FALSE;
  {
    g_autoptr(GBytes) svg = render (STRATA_CHART_COST_CURVES, &req.request, &options);
    SvgScan scan;

    svg_scan (svg, &scan);
    g_assert_false (has_text (&scan, "Hybrid <wins> & pays"));
    g_assert_false (has_text (&scan, generated));
    svg_scan_clear (&scan);
  }
  req_clear (&req);
}

/* -- decks and data ----------------------------------------------------------- */

static char *
tmp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("strata-export-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

/* Like strstr, through NUL bytes. */
static guint
count_bytes (const char *haystack,
             gsize       length,
             const char *needle,
             char        not_next)
{
  gsize n = strlen (needle);
  guint count = 0;

  for (gsize i = 0; n < length && i < length - n; i++)
    if (memcmp (haystack + i, needle, n) == 0 && haystack[i + n] != not_next)
      count++;
  return count;
}

/* One 16:9 PDF: a page per chart and the sources page. */
static void
test_deck_pdf (void)
{
  g_autoptr(StrataDataset) dataset = load_sample ("ai-cloud-stack.strata.json");
  g_autofree char *dir = tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "deck.pdf", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  StrataExportOptions options;
  gsize length;
  Req req;

  req_init (&req, dataset, STRATA_THEME_SLIDE);
  strata_export_options_init (&options, STRATA_EXPORT_PDF, STRATA_THEME_SLIDE);
  g_assert_true (strata_deck_export_pdf (&req.request, &options, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_true (length > 8 && memcmp (contents, "%PDF-", 5) == 0);
  /* Every view's chart, what would have to be true after the tornado
   * (the Uncertainty view shows both), the roadmap (the sample has a
   * horizon), the chances (it has uncertain numbers), the sources. */
  g_assert_cmpuint (strata_deck_n_pages (&req.request), ==, STRATA_N_CHARTS + 4);
  g_assert_cmpstr (strata_deck_page_name (&req.request, STRATA_N_CHARTS - 1), ==, "tornado");
  g_assert_cmpstr (strata_deck_page_name (&req.request, STRATA_N_CHARTS), ==, "switchpoints");
  g_assert_cmpstr (strata_deck_page_name (&req.request, STRATA_N_CHARTS + 1), ==, "roadmap");
  g_assert_cmpstr (strata_deck_page_name (&req.request, STRATA_N_CHARTS + 2), ==, "chances");
  g_assert_cmpstr (strata_deck_page_name (&req.request, STRATA_N_CHARTS + 3), ==, "sources");
  g_assert_cmpuint (count_bytes (contents, length, "/Type /Page", 's'), ==, strata_deck_n_pages (&req.request));
  g_assert_cmpuint (count_bytes (contents, length, "/MediaBox [ 0 0 960 540 ]", 0), >=, 1);
  req_clear (&req);

  /* Without a horizon there is no roadmap page. */
  g_clear_pointer (&dataset->horizon, strata_horizon_free);
  req_init (&req, dataset, STRATA_THEME_SLIDE);
  g_assert_cmpuint (strata_deck_n_pages (&req.request), ==, STRATA_N_CHARTS + 3);
  g_assert_cmpstr (strata_deck_page_name (&req.request, STRATA_N_CHARTS), ==, "switchpoints");
  g_assert_cmpstr (strata_deck_page_name (&req.request, STRATA_N_CHARTS + 1), ==, "chances");
  g_assert_cmpstr (strata_deck_page_name (&req.request, STRATA_N_CHARTS + 2), ==, "sources");
  g_assert_false (strata_deck_page_chart (&req.request, STRATA_N_CHARTS + 2, NULL));
  g_clear_pointer (&contents, g_free);
  g_assert_true (strata_deck_export_pdf (&req.request, &options, path, &error));
  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_bytes (contents, length, "/Type /Page", 's'), ==, STRATA_N_CHARTS + 3);
  req_clear (&req);

  /* Without uncertain numbers there are no chances to draw. */
  for (guint l = 0; l < dataset->n_layers; l++)
    for (guint o = 0; o < dataset->layers[l].n_options; o++)
      {
        StrataOption *opt = &dataset->layers[l].options[o];
        StrataNumber *numbers[] = { &opt->supplier_cost, &opt->price, &opt->margin, &opt->unit_cost,
                                    &opt->learning_rate, &opt->reference_volume, &opt->floor_cost,
                                    &opt->fixed_cost, &opt->ecosystem_value, &opt->latency_ms,
                                    &opt->capex, &opt->exit_cost };

        for (guint k = 0; k < G_N_ELEMENTS (numbers); k++)
          numbers[k]->uncertain = FALSE;
      }
  for (guint k = 0; k < dataset->n_links; k++)
    dataset->links[k].saving.uncertain = FALSE;
  req_init (&req, dataset, STRATA_THEME_SLIDE);
  g_assert_cmpuint (strata_deck_n_pages (&req.request), ==, STRATA_N_CHARTS + 2);
  g_assert_cmpstr (strata_deck_page_name (&req.request, STRATA_N_CHARTS), ==, "switchpoints");
  g_assert_cmpstr (strata_deck_page_name (&req.request, STRATA_N_CHARTS + 1), ==, "sources");
  g_assert_false (strata_deck_page_chart (&req.request, STRATA_N_CHARTS + 1, NULL));
  req_clear (&req);
  test_remove_tree (dir);
}

/* The chances page of a deck is the same from run to run (the deck's
 * Monte Carlo has a fixed seed), the same as a chart of the deck's own
 * run, and a request's own run takes its place. */
static void
test_deck_chances (void)
{
  g_autoptr(StrataDataset) dataset = load_sample ("consumer-devices.strata.json");
  g_autofree char *dir = tmp_dir ();
  g_autofree char *one = g_build_filename (dir, "one", NULL);
  g_autofree char *two = g_build_filename (dir, "two", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(StrataMonteCarlo) mc = NULL;
  StrataExportOptions options;
  StrataMonteCarloParams params;
  guint page = 0;
  Req req;

  req_init (&req, dataset, STRATA_THEME_SLIDE);
  strata_export_options_init (&options, STRATA_EXPORT_PNG, STRATA_THEME_SLIDE);
  g_assert_true (strata_deck_export_dir (&req.request, &options, one, &error));
  g_assert_no_error (error);
  g_assert_true (strata_deck_export_dir (&req.request, &options, two, &error));
  g_assert_no_error (error);
  while (page < strata_deck_n_pages (&req.request) &&
         !g_str_equal (strata_deck_page_name (&req.request, page), "chances"))
    page++;
  g_assert_cmpuint (page, <, strata_deck_n_pages (&req.request));

  strata_deck_monte_carlo_params (&req.request, &params);
  g_assert_cmpuint (params.n_draws, ==, STRATA_DECK_DRAWS);
  g_assert_cmpuint (params.n_points, ==, STRATA_DECK_POINTS);
  g_assert_true (params.a == req.request.strategies[req.request.current]);
  mc = strata_deck_monte_carlo (&req.request, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mc->n_draws, ==, STRATA_DECK_DRAWS);

  {
    g_autofree char *name = g_strdup_printf ("%02u-chances", page + 1);
    g_autofree char *png1 = g_strdup_printf ("%s/%s.png", one, name);
    g_autofree char *png2 = g_strdup_printf ("%s/%s.png", two, name);
    g_autofree char *csv1_path = g_strdup_printf ("%s/%s.csv", one, name);
    g_autofree char *csv2_path = g_strdup_printf ("%s/%s.csv", two, name);
    g_autofree char *a = NULL, *b = NULL, *csv1 = NULL, *csv2 = NULL, *csv_own = NULL;
    gsize la, lb;
    StrataChartRequest with_mc = req.request;

    g_assert_true (g_file_get_contents (png1, &a, &la, &error));
    g_assert_true (g_file_get_contents (png2, &b, &lb, &error));
    g_assert_true (g_file_get_contents (csv1_path, &csv1, NULL, &error));
    g_assert_true (g_file_get_contents (csv2_path, &csv2, NULL, &error));
    g_assert_no_error (error);
    g_assert_true (la == lb && memcmp (a, b, la) == 0);
    g_assert_cmpstr (csv1, ==, csv2);

    /* The page is the chart of the deck's run. */
    with_mc.monte_carlo = mc;
    csv_own = strata_chart_data_csv (STRATA_CHART_CHANCES, &with_mc);
    g_assert_cmpstr (csv1, ==, csv_own);
  }

  /* A run of the request's own (fewer draws) is the one drawn. */
  {
    g_autofree char *title_deck = NULL, *title_own = NULL;
    g_autoptr(StrataMonteCarlo) small = NULL;
    StrataChartRequest with_mc = req.request;

    params.n_draws = 50;
    small = strata_monte_carlo_run (dataset, &params, NULL, &error);
    g_assert_no_error (error);
    with_mc.monte_carlo = small;
    g_assert_cmpstr (strata_deck_page_name (&with_mc, page), ==, "chances");
    g_assert_true (strata_deck_export_dir (&with_mc, &options, two, &error));
    g_assert_no_error (error);
    {
      g_autofree char *csv_path = g_strdup_printf ("%s/%02u-chances.csv", two, page + 1);
      g_autofree char *csv = NULL, *expect = NULL;

      g_assert_true (g_file_get_contents (csv_path, &csv, NULL, &error));
      expect = strata_chart_data_csv (STRATA_CHART_CHANCES, &with_mc);
      g_assert_cmpstr (csv, ==, expect);
    }
  }
  req_clear (&req);
  test_remove_tree (dir);
}

/* A folder: numbered pictures with their CSVs; every slide carries its
 * own action title and the same source line. */
static void
test_deck_folder (void)
{
  g_autoptr(StrataDataset) dataset = load_sample ("retailer.strata.json");
  g_autofree char *dir = tmp_dir ();
  g_autofree char *deck = g_build_filename (dir, "deck", NULL);
  g_autoptr(GError) error = NULL;
  StrataExportOptions options;
  guint used_for = 0;
  Req req;

  req_init (&req, dataset, STRATA_THEME_SLIDE);
  strata_export_options_init (&options, STRATA_EXPORT_SVG, STRATA_THEME_SLIDE);
  g_assert_true (strata_deck_export_dir (&req.request, &options, deck, &error));
  g_assert_no_error (error);
  /* The retailer has a horizon: its roadmap comes after the views and
   * the switch points, then the chances of its uncertain numbers. */
  g_assert_cmpuint (strata_deck_n_pages (&req.request), ==, STRATA_N_CHARTS + 4);
  g_assert_cmpstr (strata_deck_page_name (&req.request, STRATA_N_CHARTS), ==, "switchpoints");
  g_assert_cmpstr (strata_deck_page_name (&req.request, STRATA_N_CHARTS + 1), ==, "roadmap");
  g_assert_cmpstr (strata_deck_page_name (&req.request, STRATA_N_CHARTS + 2), ==, "chances");
  g_assert_cmpstr (strata_deck_page_name (&req.request, STRATA_N_CHARTS + 3), ==, "sources");
  for (guint page = 0; page < strata_deck_n_pages (&req.request); page++)
    {
      g_autofree char *stem = g_strdup_printf ("%s/%02u-%s", deck, page + 1,
                                               strata_deck_page_name (&req.request, page));
      StrataChartKind kind;
      g_autofree char *svg_path = g_strdup_printf ("%s.svg", stem);
      g_autofree char *csv_path = g_strdup_printf ("%s.csv", stem);
      g_autofree char *svg_text = NULL;
      g_autofree char *csv = NULL;
      g_autoptr(GBytes) svg = NULL;
      gsize length;
      SvgScan scan;

      g_assert_true (g_file_get_contents (svg_path, &svg_text, &length, &error));
      g_assert_true (g_file_get_contents (csv_path, &csv, NULL, &error));
      g_assert_no_error (error);
      g_assert_true (strchr (csv, '\n') != NULL && strchr (csv, ',') != NULL);
      svg = g_bytes_new_take (g_steal_pointer (&svg_text), length);
      svg_scan (svg, &scan);
      g_assert_cmpuint (scan.clipped, ==, 0);
      if (strata_deck_page_chart (&req.request, page, &kind))
        {
          /* The chances page draws the deck's own Monte Carlo. */
          g_autoptr(StrataMonteCarlo) mc = kind == STRATA_CHART_CHANCES
                                           ? strata_deck_monte_carlo (&req.request, NULL, NULL) : NULL;
          StrataChartRequest with_mc = req.request;
          g_autofree char *title = NULL;
          g_autofree char *line = NULL;

          with_mc.monte_carlo = mc;
          title = strata_chart_action_title (kind, &with_mc);
          line = strata_chart_source_line (kind, &with_mc);

          g_auto(GStrv) pieces = g_strsplit (line, " \xC2\xB7 ", -1);

          g_assert_nonnull (title);
          g_assert_true (has_title (&scan, title));
          for (guint i = 0; pieces[i] != NULL; i++)
            g_assert_true (any_text_has (&scan, pieces[i]));
        }
      else
        {
          g_assert_true (has_text (&scan, "Sources"));
          g_assert_true (g_str_has_prefix (csv, "id,text,url,used for\n"));
          for (guint i = 0; i < dataset->n_sources; i++)
            if (strstr (csv, dataset->sources[i].id) != NULL)
              g_assert_nonnull (strstr (csv, dataset->sources[i].text));
          /* Each source says which figures it backs: the options that
           * cite it, on its row, and on the page. */
          for (guint l = 0; l < dataset->n_layers; l++)
            for (guint o = 0; o < dataset->layers[l].n_options; o++)
              for (guint k = 0; dataset->layers[l].options[o].sources != NULL &&
                                dataset->layers[l].options[o].sources[k] != NULL; k++)
                {
                  g_autofree char *row_start = g_strdup_printf ("\n\"%s\",",
                                                                dataset->layers[l].options[o].sources[k]);
                  g_autofree char *name = g_strdup_printf ("%s / %s", dataset->layers[l].name,
                                                           dataset->layers[l].options[o].name);
                  const char *row = strstr (csv, row_start);
                  g_autofree char *line = NULL;

                  if (row == NULL)
                    continue;   /* not behind a chart of the deck */
                  line = g_strndup (row + 1, strcspn (row + 1, "\n"));
                  g_assert_nonnull (strstr (line, name));
                  used_for++;
                }
          g_assert_true (any_text_has (&scan, "Used for: "));
        }
      svg_scan_clear (&scan);
    }
  g_assert_cmpuint (used_for, >, 0);

  /* A PDF deck is one file, not a folder. */
  options.format = STRATA_EXPORT_PDF;
  g_assert_false (strata_deck_export_dir (&req.request, &options, deck, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  req_clear (&req);
  test_remove_tree (dir);
}

static GPtrArray *
csv_rows (const char *csv)
{
  g_auto(GStrv) lines = g_strsplit (csv, "\n", -1);
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  for (guint i = 0; lines[i] != NULL; i++)
    if (*lines[i] != '\0')
      g_ptr_array_add (rows, g_strsplit (lines[i], ",", -1));
  return rows;
}

/* The CSV holds the series drawn: the cost curves at 512 volumes, read
 * back to the same doubles the model gives; the comparison's outcomes. */
static void
test_data_csv (void)
{
  g_autoptr(StrataDataset) dataset = load_sample ("consumer-devices.strata.json");
  g_autofree char *curves = NULL;
  g_autofree char *table = NULL;
  g_autofree char *ladder_csv = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(StrataLadder) ladder = NULL;
  Req req;

  req_init (&req, dataset, STRATA_THEME_LIGHT);
  curves = strata_chart_data_csv (STRATA_CHART_COST_CURVES, &req.request);
  rows = csv_rows (curves);
  g_assert_cmpuint (rows->len, ==, 513);
  g_assert_true (g_str_has_prefix (((char **) rows->pdata[0])[0], "volume ("));
  g_assert_nonnull (strstr (((char **) rows->pdata[0])[1], "effective unit cost ("));
  g_assert_nonnull (strstr (((char **) rows->pdata[0])[1], dataset->currency));
  for (guint r = 1; r < rows->len; r += 37)
    {
      char **row = rows->pdata[r];
      double volume = g_ascii_strtod (row[0], NULL);

      g_assert_cmpuint (g_strv_length (row), ==, 1 + req.request.n_strategies);
      for (guint i = 0; i < req.request.n_strategies; i++)
        g_assert_cmpfloat (g_ascii_strtod (row[1 + i], NULL), ==,
                           strata_strategy_effective_cost (dataset, req.request.strategies[i], volume));
    }
  g_clear_pointer (&rows, g_ptr_array_unref);

  table = strata_chart_data_csv (STRATA_CHART_COMPARE, &req.request);
  rows = csv_rows (table);
  g_assert_cmpuint (rows->len, ==, 1 + req.request.n_strategies);
  g_assert_cmpstr (((char **) rows->pdata[0])[4], ==, "effective unit cost (USD per device)");
  for (guint i = 0; i < req.request.n_strategies; i++)
    g_assert_cmpfloat (g_ascii_strtod (((char **) rows->pdata[1 + i])[4], NULL), ==,
                       strata_strategy_effective_cost (dataset, req.request.strategies[i], req.request.volume));
  g_clear_pointer (&rows, g_ptr_array_unref);

  ladder_csv = strata_chart_data_csv (STRATA_CHART_LADDER, &req.request);
  ladder = strata_ladder_new (dataset, 192);
  rows = csv_rows (ladder_csv);
  g_assert_cmpuint (rows->len, ==, 1 + ladder->n_points);
  g_assert_cmpfloat (g_ascii_strtod (((char **) rows->pdata[ladder->n_points])[1 + dataset->n_layers], NULL), ==,
                     ladder->costs[ladder->n_points - 1]);
  req_clear (&req);
}

/* strata-cli export ARGS...: the exit status. */
static int
export_cli (const char *const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(Run) run = { 0 };

  g_ptr_array_add (argv, (char *) "export");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  run_cli_v (&run, (const char *const *) argv->pdata);
  return run.status;
}

/* -- one-shot work and the cost memo ---------------------------------------- */

/* strata-cost-memo.c (private): exports bracket their drawing with these. */
void _strata_cost_memo_one_shot_begin (void);
void _strata_cost_memo_one_shot_end   (void);

static void
check_same_breakeven (const StrataBreakeven *x,
                      const StrataBreakeven *y)
{
  g_assert_cmpuint (x->crossings->len, ==, y->crossings->len);
  for (guint k = 0; k < x->crossings->len; k++)
    {
      const StrataCrossing *cx = &g_array_index (x->crossings, StrataCrossing, k);
      const StrataCrossing *cy = &g_array_index (y->crossings, StrataCrossing, k);

      g_assert_cmpfloat (cx->volume, ==, cy->volume);
      g_assert_cmpint (cx->cheaper_above, ==, cy->cheaper_above);
    }
}

static void
check_same_stretches (const StrataBreakeven *x,
                      const StrataBreakeven *y)
{
  check_same_breakeven (x, y);
  g_assert_cmpuint (x->equal->len, ==, y->equal->len);
  for (guint k = 0; k < x->equal->len; k++)
    {
      g_assert_cmpfloat (g_array_index (x->equal, StrataEqualStretch, k).from, ==,
                         g_array_index (y->equal, StrataEqualStretch, k).from);
      g_assert_cmpfloat (g_array_index (x->equal, StrataEqualStretch, k).to, ==,
                         g_array_index (y->equal, StrataEqualStretch, k).to);
    }
  g_assert_cmpint (x->verdict, ==, y->verdict);
}

/* strata-breakeven.c (private): a chart's markers bracket their pairs with
 * these. */
void _strata_breakeven_share_begin (const StrataDataset  *dataset,
                                    const StrataStrategy *strategy,
                                    StrataObjective       objective);
void _strata_breakeven_share_end   (void);

/* Break-evens of one strategy against the others within a shared scan
 * (its costs at the scan's volumes found once for all its pairs) are the
 * same doubles as each pair found on its own: on either side of the pair,
 * one-shot or not, with a memo or without, in nested scopes, and for a
 * scope of another strategy or dataset (which shares nothing). */
static void
test_shared_scan (void)
{
  static const char *samples[] = {
    "ai-cloud-stack.strata.json", "ai-model-lab.strata.json",
    "consumer-devices.strata.json", "retailer.strata.json",
  };
  static const StrataObjective objectives[] = { STRATA_OBJECTIVE_EFFECTIVE, STRATA_OBJECTIVE_CASH };
  g_autoptr(StrataDataset) other = load_sample ("retailer.strata.json");
  guint crossings = 0;

  for (guint d = 0; d < G_N_ELEMENTS (samples); d++)
    for (guint o = 0; o < G_N_ELEMENTS (objectives); o++)
      {
        g_autoptr(StrataDataset) dataset = load_sample (samples[d]);
        g_autoptr(StrataCostMemo) memo = strata_cost_memo_new (dataset, objectives[o]);

        for (guint c = 0; c < dataset->n_strategies; c++)
          for (guint mode = 0; mode < 4; mode++)
            {
              const StrataStrategy *cur = &dataset->strategies[c];

              /* 0: plain; 1: one-shot with a memo; 2: nested scopes, cur
               * second in each pair; 3: a scope of another dataset. */
              if (mode == 1)
                _strata_cost_memo_one_shot_begin ();
              if (mode == 3)
                _strata_breakeven_share_begin (other, &other->strategies[0], objectives[o]);
              else
                _strata_breakeven_share_begin (dataset, cur, objectives[o]);
              if (mode == 2)
                _strata_breakeven_share_begin (dataset, &dataset->strategies[0], objectives[o]);
              for (guint i = 0; i < dataset->n_strategies; i++)
                {
                  const StrataStrategy *a = mode == 2 ? &dataset->strategies[i] : cur;
                  const StrataStrategy *b = mode == 2 ? cur : &dataset->strategies[i];
                  g_autoptr(StrataBreakeven) shared = NULL;
                  g_autoptr(StrataBreakeven) alone = NULL;

                  if (i == c)
                    continue;
                  shared = strata_breakeven_find_full (dataset, a, b, objectives[o], 0, 0, 0,
                                                       mode == 1 ? memo : NULL, NULL, NULL, NULL,
                                                       NULL);
                  alone = strata_breakeven_find (dataset, a, b, objectives[o], 0, 0, 0);
                  g_assert_nonnull (shared);
                  check_same_stretches (shared, alone);
                  crossings += shared->crossings->len;
                }
              if (mode == 2)
                _strata_breakeven_share_end ();
              _strata_breakeven_share_end ();
              if (mode == 1)
                _strata_cost_memo_one_shot_end ();
            }
      }
  /* The samples' strategies do cross: the comparison is not of empties. */
  g_assert_cmpuint (crossings, >, 20);
}

/* strata-breakeven-bound.c (private). */
void     _strata_breakeven_set_bounded   (gboolean bounded);
guint    _strata_breakeven_bounded_scans (void);

/* A stack of @n_layers layers of random options, links, interfaces and
 * ecosystem values, with @n_strategies random strategies (some the same
 * choices twice, some one option apart); @tangent > 0 adds a neutral-only
 * layer option priced @tangent for a strategy touching a curve's
 * minimum. */
static char *
random_stack (GRand  *rand,
              guint   n_layers,
              guint   n_strategies,
              guint **choices_out)
{
  GString *json = g_string_new ("{\"format\": \"strata-stack/1\", \"title\": \"Random\", "
                                "\"unit\": \"unit\", \"currency\": \"USD\", ");
  guint n_options[8];
  guint *choices = g_new (guint, n_layers * n_strategies);

  g_string_append_printf (json, "\"volume\": {\"min\": %.17g, \"max\": %.17g, \"default\": 1e8}, ",
                          pow (10, g_rand_int_range (rand, 2, 6)), pow (10, g_rand_int_range (rand, 9, 13)));
  if (g_rand_boolean (rand))
    g_string_append_printf (json, "\"boundary_cost\": %.17g, ", g_rand_double_range (rand, 0, 2));
  g_string_append (json, "\"layers\": [");
  for (guint l = 0; l < n_layers; l++)
    {
      n_options[l] = g_rand_int_range (rand, 2, 5);
      g_string_append_printf (json, "%s{\"id\": \"l%u\", \"name\": \"Layer %u\", ", l ? ", " : "", l, l);
      if (g_rand_int_range (rand, 0, 3) == 0)
        g_string_append_printf (json, "\"boundary_cost\": %.17g, ", g_rand_double_range (rand, 0, 1));
      g_string_append (json, "\"options\": [");
      for (guint o = 0; o < n_options[l]; o++)
        {
          g_string_append_printf (json, "%s{\"id\": \"o%u\", \"name\": \"Option %u\", ", o ? ", " : "", o, o);
          if (g_rand_boolean (rand))
            {
              double unit = g_rand_double_range (rand, 1, 100);

              g_string_append_printf (json, "\"mode\": \"integrated\", \"unit_cost\": %.17g, "
                                      "\"reference_volume\": %.17g, \"learning_rate\": %.17g",
                                      unit, pow (10, g_rand_int_range (rand, 4, 9)),
                                      g_rand_int_range (rand, 0, 5) == 0 ? 0.0 : g_rand_double_range (rand, 0.01, 0.35));
              if (g_rand_boolean (rand))
                g_string_append_printf (json, ", \"floor_cost\": %.17g", unit * g_rand_double_range (rand, 0.05, 1.2));
            }
          else
            g_string_append_printf (json, "\"mode\": \"neutral\", \"price\": %.17g, \"margin\": %.17g",
                                    g_rand_double_range (rand, 0.5, 40), g_rand_double_range (rand, 0, 0.6));
          if (g_rand_boolean (rand))
            g_string_append_printf (json, ", \"fixed_cost\": %.17g", pow (10, g_rand_double_range (rand, 3, 9)));
          if (g_rand_int_range (rand, 0, 3) == 0)
            g_string_append_printf (json, ", \"ecosystem_value\": %.17g", g_rand_double_range (rand, 0, 30));
          g_string_append (json, "}");
        }
      g_string_append (json, "]}");
    }
  g_string_append (json, "], \"links\": [");
  for (guint l = 0; l + 1 < n_layers; l++)
    g_string_append_printf (json, "%s{\"from\": \"l%u\", \"to\": \"l%u\", \"saving\": %.17g}", l ? ", " : "",
                            l, l + 1, g_rand_double_range (rand, 0, 0.4));
  g_string_append (json, "], \"strategies\": [");
  for (guint k = 0; k < n_strategies; k++)
    {
      guint *c = &choices[k * n_layers];

      for (guint l = 0; l < n_layers; l++)
        c[l] = g_rand_int_range (rand, 0, n_options[l]);
      if (k > 0 && g_rand_int_range (rand, 0, 3) == 0)
        {
          /* The previous strategy again, or one layer apart from it. */
          memcpy (c, &choices[(k - 1) * n_layers], n_layers * sizeof (guint));
          if (g_rand_boolean (rand))
            {
              guint l = g_rand_int_range (rand, 0, n_layers);

              c[l] = (c[l] + 1) % n_options[l];
            }
        }
      g_string_append_printf (json, "%s{\"id\": \"s%u\", \"name\": \"Strategy %u\", \"choices\": {",
                              k ? ", " : "", k, k);
      for (guint l = 0; l < n_layers; l++)
        g_string_append_printf (json, "%s\"l%u\": \"o%u\"", l ? ", " : "", l, c[l]);
      g_string_append (json, "}}");
    }
  g_string_append (json, "]}");
  *choices_out = choices;
  return g_string_free (json, FALSE);
}

/* Every pair of strategies of @dataset, both objectives: the bounded scan
 * and the scan of every volume give the same break-evens, stretches and
 * verdicts. */
static void
check_bounded_same (StrataDataset *dataset)
{
  static const StrataObjective objectives[] = { STRATA_OBJECTIVE_EFFECTIVE, STRATA_OBJECTIVE_CASH };

  for (guint o = 0; o < G_N_ELEMENTS (objectives); o++)
    for (guint i = 0; i < dataset->n_strategies; i++)
      for (guint j = 0; j < dataset->n_strategies; j++)
        {
          g_autoptr(StrataBreakeven) bounded = NULL;
          g_autoptr(StrataBreakeven) every = NULL;

          if (i == j)
            continue;
          _strata_breakeven_set_bounded (TRUE);
          bounded = strata_breakeven_find (dataset, &dataset->strategies[i], &dataset->strategies[j],
                                           objectives[o], 0, 0, 0);
          _strata_breakeven_set_bounded (FALSE);
          every = strata_breakeven_find (dataset, &dataset->strategies[i], &dataset->strategies[j],
                                         objectives[o], 0, 0, 0);
          _strata_breakeven_set_bounded (TRUE);
          g_assert_nonnull (bounded);
          g_assert_nonnull (every);
          check_same_stretches (bounded, every);
        }
}

static double
difference (StrataDataset *dataset,
            double         volume)
{
  return strata_strategy_cost (dataset, &dataset->strategies[0], STRATA_OBJECTIVE_CASH, volume) -
         strata_strategy_cost (dataset, &dataset->strategies[1], STRATA_OBJECTIVE_CASH, volume);
}

/* The least difference of the two strategies, found by a golden-section
 * search over log V. */
static double
least_difference (StrataDataset *dataset)
{
  double a = log (dataset->volume_min), b = log (dataset->volume_max);

  for (guint it = 0; it < 200; it++)
    {
      double x1 = b - 0.618 * (b - a), x2 = a + 0.618 * (b - a);

      if (difference (dataset, exp (x1)) < difference (dataset, exp (x2)))
        b = x2;
      else
        a = x1;
    }
  return difference (dataset, exp ((a + b) / 2));
}

/* One layer: a price @price with a fixed cost per unit (strategy a) or a
 * learning curve (b); their difference has a minimum. */
static char *
dip_stack (double lr,
           double price)
{
  return g_strdup_printf (
    "{\"format\": \"strata-stack/1\", \"title\": \"Dip\", \"unit\": \"unit\", \"currency\": \"USD\", "
    "\"volume\": {\"min\": 1e4, \"max\": 1e12, \"default\": 1e8}, \"layers\": [{\"id\": \"l\", "
    "\"name\": \"L\", \"options\": [{\"id\": \"in\", \"name\": \"In\", \"mode\": \"integrated\", "
    "\"unit_cost\": 50, \"reference_volume\": 1e6, \"learning_rate\": %.17g}, "
    "{\"id\": \"out\", \"name\": \"Out\", \"mode\": \"neutral\", \"price\": %.17g, \"margin\": 0, "
    "\"fixed_cost\": 1e8}]}], "
    "\"strategies\": [{\"id\": \"a\", \"name\": \"A\", \"choices\": {\"l\": \"out\"}}, "
    "{\"id\": \"b\", \"name\": \"B\", \"choices\": {\"l\": \"in\"}}]}", lr, price);
}

/* The scan's break-evens of strategies with fixed choices come from bounds
 * over runs of volumes where it can (strata-breakeven-bound.c): the same
 * answers as sampling every volume, on the samples, on random stacks (ties,
 * strategies one option apart, floors, links, negative effective costs)
 * and where two crossings fall between two neighbouring volumes of the
 * scan (the scan's dip search: the bounded scan must leave it to it). */
static void
test_bounded_scan (void)
{
  static const char *samples[] = {
    "ai-cloud-stack.strata.json", "ai-model-lab.strata.json",
    "consumer-devices.strata.json", "retailer.strata.json",
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (15);
  guint before = _strata_breakeven_bounded_scans ();
  guint dips = 0;

  for (guint d = 0; d < G_N_ELEMENTS (samples); d++)
    {
      g_autoptr(StrataDataset) dataset = load_sample (samples[d]);

      check_bounded_same (dataset);
    }
  for (guint round = 0; round < 40; round++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree guint *choices = NULL;
      g_autofree char *json = random_stack (rand, g_rand_int_range (rand, 1, 5),
                                            g_rand_int_range (rand, 2, 6), &choices);
      g_autoptr(StrataDataset) dataset = strata_dataset_load_data (json, strlen (json), "random.json", &error);

      g_assert_no_error (error);
      check_bounded_same (dataset);
    }

  /* A price with a fixed cost per unit against a learning curve, their
   * difference's minimum a hair below 0: two crossings between two
   * neighbouring volumes of the scan. */
  for (guint k = 0; k < 6; k++)
    {
      double lr = 0.05 + 0.04 * k, least;
      g_autofree char *first = dip_stack (lr, 1.0);
      g_autoptr(StrataDataset) probe = strata_dataset_load_data (first, strlen (first), "dip.json", NULL);
      g_autofree char *json = NULL;
      g_autoptr(StrataDataset) dataset = NULL;

      g_assert_nonnull (probe);
      least = least_difference (probe);
      g_assert_cmpfloat (least, <, 0);
      /* The least difference now a hair below 0. */
      json = dip_stack (lr, 1.0 - least * (1 - 1e-9 * (k + 1)));
      dataset = strata_dataset_load_data (json, strlen (json), "dip.json", NULL);
      g_assert_nonnull (dataset);
      check_bounded_same (dataset);
      {
        g_autoptr(StrataBreakeven) found = strata_breakeven_find (dataset, &dataset->strategies[0],
                                                                  &dataset->strategies[1],
                                                                  STRATA_OBJECTIVE_CASH, 0, 0, 0);

        dips += found->crossings->len == 2;
      }
    }
  /* The dips were there to find (the scan found both crossings), and the
   * bounds did answer most scans. */
  g_assert_cmpuint (dips, >, 0);
  g_assert_cmpuint (_strata_breakeven_bounded_scans () - before, >, 200);
}

/* One-shot work (an export) builds no memo tables for fixed strategies
 * but reads those that exist: the costs and break-evens are the same
 * doubles cold, warm and without a memo, and an SVG exported cold is the
 * same file as one exported after the chart was drawn (memo filled). */
static void
test_one_shot_memo (void)
{
  g_autoptr(StrataDataset) dataset = load_sample ("consumer-devices.strata.json");
  g_autoptr(StrataCostMemo) memo = strata_cost_memo_new (dataset, STRATA_OBJECTIVE_EFFECTIVE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) cold = NULL;
  g_autoptr(GBytes) warm = NULL;
  StrataExportOptions options;
  const StrataStrategy *a, *b;
  cairo_surface_t *surface;
  cairo_t *cr;
  Req req;
  double volumes[3];

  g_assert_cmpuint (dataset->n_strategies, >=, 2);
  a = &dataset->strategies[0];
  b = &dataset->strategies[1];
  volumes[0] = dataset->volume_min;
  volumes[1] = dataset->volume_default;
  volumes[2] = dataset->volume_max;

  for (guint pass = 0; pass < 3; pass++)
    {
      g_autoptr(StrataBreakeven) with_memo = NULL;
      g_autoptr(StrataBreakeven) without = NULL;

      /* Pass 0: one-shot, no table yet; 1: tables built; 2: one-shot, read. */
      if (pass != 1)
        _strata_cost_memo_one_shot_begin ();
      for (guint k = 0; k < G_N_ELEMENTS (volumes); k++)
        {
          g_assert_cmpfloat (strata_cost_memo_cost (memo, a, volumes[k]), ==,
                             strata_strategy_cost (dataset, a, STRATA_OBJECTIVE_EFFECTIVE, volumes[k]));
          g_assert_cmpfloat (strata_cost_memo_cost (memo, b, volumes[k]), ==,
                             strata_strategy_cost (dataset, b, STRATA_OBJECTIVE_EFFECTIVE, volumes[k]));
        }
      with_memo = strata_breakeven_find_full (dataset, a, b, STRATA_OBJECTIVE_EFFECTIVE, 0, 0, 0,
                                              memo, NULL, NULL, NULL, NULL);
      without = strata_breakeven_find (dataset, a, b, STRATA_OBJECTIVE_EFFECTIVE, 0, 0, 0);
      check_same_breakeven (with_memo, without);
      if (pass != 1)
        _strata_cost_memo_one_shot_end ();
    }

  req_init (&req, dataset, STRATA_THEME_LIGHT);
  strata_export_options_init (&options, STRATA_EXPORT_SVG, STRATA_THEME_LIGHT);
  options.width = 800;
  options.height = 450;
  cold = strata_chart_render (STRATA_CHART_COST_CURVES, &req.request, &options, &error);
  g_assert_no_error (error);
  /* On screen: not one-shot, the dataset's memo gets its tables. */
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 800, 450);
  cr = cairo_create (surface);
  strata_chart_draw (STRATA_CHART_COST_CURVES, &req.request, cr, 800, 450);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  warm = strata_chart_render (STRATA_CHART_COST_CURVES, &req.request, &options, &error);
  g_assert_no_error (error);
  {
    /* cairo numbers its surfaces across the process. */
    g_autoptr(GRegex) ids = g_regex_new ("surface[0-9]+", 0, 0, NULL);
    g_autofree char *cold_text = g_regex_replace_literal (ids, g_bytes_get_data (cold, NULL),
                                                          g_bytes_get_size (cold), 0, "surface", 0, NULL);
    g_autofree char *warm_text = g_regex_replace_literal (ids, g_bytes_get_data (warm, NULL),
                                                          g_bytes_get_size (warm), 0, "surface", 0, NULL);

    g_assert_nonnull (strstr (cold_text, "<path"));
    g_assert_cmpstr (cold_text, ==, warm_text);
  }
  req_clear (&req);
}

/* -- series cut to the plot by geometry -------------------------------------- */

/* The attribute @name="…" of the tag starting at @tag, as a number. */
static double
tag_number (const char *tag,
            const char *name)
{
  g_autofree char *key = g_strdup_printf (" %s=\"", name);
  const char *end = strchr (tag, '>');
  const char *p = strstr (tag, key);

  g_assert_true (p != NULL && end != NULL && p < end);
  return g_ascii_strtod (p + strlen (key), NULL);
}

/* A path drawn inside a clip of an SVG (a nested <svg> viewport, as
 * strata-chart-svg.c writes clips), measured as if the clip were not there
 * (LibreOffice Impress after Break, the PDF import). */
typedef struct
{
  double bx, by, bw, bh;  /* the viewport */
  double width;           /* the stroke's width of an unfilled path, else 0 */
  double top;             /* the path's highest point (least y) */
  double worst;           /* how far its furthest point lies outside the viewport */
} ClippedPath;

/* The transform="matrix(…)" of the tag at @p, or the identity. */
static void
path_matrix (const char *p,
             const char *tag_end,
             double      mat[6])
{
  const char *m = strstr (p, "transform=\"matrix(");
  const char *q;

  mat[0] = mat[3] = 1;
  mat[1] = mat[2] = mat[4] = mat[5] = 0;
  if (m == NULL || m > tag_end)
    return;
  q = m + strlen ("transform=\"matrix(");
  for (guint i = 0; i < 6; i++)
    {
      char *next;

      mat[i] = g_ascii_strtod (q, &next);
      q = next + 1;
    }
}

/* The path whose tag starts at @p, inside the viewport @box. */
static ClippedPath
measure_path (const char *p,
              const double box[4])
{
  const char *tag_end = strchr (p, '>');
  const char *d = strstr (p, " d=\"");
  const char *w = strstr (p, "stroke-width:");
  const char *none = strstr (p, "fill:none");
  ClippedPath path = { box[0], box[1], box[2], box[3], 0, G_MAXDOUBLE, 0 };
  double mat[6];
  double x = 0;
  const char *q;
  guint k = 0;

  g_assert_true (tag_end != NULL && d != NULL && d < tag_end);
  path_matrix (p, tag_end, mat);
  if (w != NULL && w < tag_end && none != NULL && none < tag_end)
    path.width = g_ascii_strtod (w + strlen ("stroke-width:"), NULL);
  /* "M x y L x y C x y x y x y Z": numbers in x, y pairs. */
  for (q = d + 4; *q != '"' && *q != '\0';)
    {
      char *next;
      double v;

      if (g_ascii_isalpha (*q) || *q == ' ')
        {
          q++;
          continue;
        }
      v = g_ascii_strtod (q, &next);
      g_assert_true (next != q);
      if (k++ % 2 == 0)
        x = v;
      else
        {
          double px = mat[0] * x + mat[2] * v + mat[4];
          double py = mat[1] * x + mat[3] * v + mat[5];

          path.top = MIN (path.top, py);
          path.worst = MAX (path.worst, MAX (MAX (box[0] - px, px - (box[0] + box[2])),
                                             MAX (box[1] - py, py - (box[1] + box[3]))));
        }
      q = next;
    }
  return path;
}

/* Every path of @svg drawn inside a clip. */
static GArray *
clipped_paths (const char *svg)
{
  GArray *paths = g_array_new (FALSE, FALSE, sizeof (ClippedPath));
  const char *view = svg;

  while ((view = strstr (view, "overflow=\"hidden\"")) != NULL)
    {
      const char *open = g_strrstr_len (svg, view - svg, "<svg ");
      const char *end = strstr (view, "</svg>");
      double box[4];
      const char *p;

      g_assert_nonnull (open);
      g_assert_nonnull (end);
      box[0] = tag_number (open, "x");
      box[1] = tag_number (open, "y");
      box[2] = tag_number (open, "width");
      box[3] = tag_number (open, "height");
      for (p = strstr (view, "<path "); p != NULL && p < end; p = strstr (p + 1, "<path "))
        {
          ClippedPath path = measure_path (p, box);

          g_array_append_val (paths, path);
          p = strchr (p, '>');
        }
      view = end;
    }
  return paths;
}

/* Checks every path drawn inside a clip viewport of @svg: none reaches
 * above its viewport's top by more than half its stroke and a pixel, as
 * if there were no clip.  Returns how many reach the top (within a
 * stroke). */
static guint
check_paths_within_clips (const char *svg)
{
  g_autoptr(GArray) paths = clipped_paths (svg);
  guint at_top = 0;

  for (guint i = 0; i < paths->len; i++)
    {
      const ClippedPath *path = &g_array_index (paths, ClippedPath, i);

      g_assert_cmpfloat (path->top, >=, path->by - path->width / 2 - 1.5);
      if (path->top < path->by + MAX (path->width, 1))
        at_top++;
    }
  return at_top;
}

/* LibreOffice Impress drops clips (the PDF import, an SVG after Break):
 * the cost curves and the bands are cut to the plot before they are
 * drawn, so nothing inside the plot's clip reaches more than a line width
 * above it (before: up to a whole plot height, over the title). */
static void
test_series_cut_to_plot (void)
{
  g_autofree char *sample = g_build_filename (g_getenv ("STRATA_SOURCE_ROOT"), "data", "datasets",
                                              "ai-model-lab.strata.json", NULL);
  g_autofree char *dir = tmp_dir ();
  const char *themes[] = { "light", "slide" };

  if (g_getenv ("STRATA_CLI") == NULL)
    {
      g_test_skip ("STRATA_CLI is not set");
      return;
    }
  for (guint t = 0; t < G_N_ELEMENTS (themes); t++)
    for (guint bands = 0; bands < 2; bands++)
      {
        g_autofree char *svg = g_strdup_printf ("%s/curves-%s-%u.svg", dir, themes[t], bands);
        g_autofree char *contents = NULL;
        /* All neutral current: the axis fits its costs, and the others'
         * curves leave the top. */
        const char *args[] = { sample, "--chart", "cost-curves", "--theme", themes[t], "-o", svg,
                               "--strategy", "all-neutral", "--strategy", "all-integrated",
                               "--strategy", "multi-cloud-lab", "--strategy", "single-vendor-lab",
                               "--strategy", "optimal", bands ? "--bands" : NULL, "--draws", "200", NULL };

        g_assert_cmpint (export_cli (args), ==, 0);
        g_assert_true (g_file_get_contents (svg, &contents, NULL, NULL));
        /* The curves of this sample (and their bands) leave the top. */
        g_assert_cmpuint (check_paths_within_clips (contents), >=, bands ? 6 : 4);
      }
}

/* Every path of @svg drawn inside a clip, checked as if the clip were not
 * there: each point of it lies in its viewport, give or take half its
 * stroke and a pixel and a half.  Returns how many paths stick out
 * further, saying which in the log. */
static guint
count_paths_past_clips (const char *svg,
                        const char *what)
{
  g_autoptr(GArray) paths = clipped_paths (svg);
  guint past = 0;

  for (guint i = 0; i < paths->len; i++)
    {
      const ClippedPath *path = &g_array_index (paths, ClippedPath, i);

      if (path->worst > path->width / 2 + 1.5)
        {
          g_test_message ("%s: a path reaches %.1f px past its clip (%.0f,%.0f %.0fx%.0f)",
                          what, path->worst, path->bx, path->by, path->bw, path->bh);
          past++;
        }
    }
  return past;
}

/* Issue 14: no chart relies on a clip to keep its drawing inside its
 * area, for LibreOffice Impress ignores clips (a deck PDF imported, an SVG
 * after Break): every chart of every sample, as the deck draws them (the
 * cost curves with bands, the roadmap with its band, the chances), in the
 * slide and the light theme.  The roadmap's hatching stuck out of its
 * blocks by up to a block's height before it was cut by geometry. */
static void
test_nothing_relies_on_clips (void)
{
  static const char *const samples[] = { "ai-cloud-stack", "ai-model-lab", "consumer-devices", "retailer" };
  static const StrataTheme themes[] = { STRATA_THEME_SLIDE, STRATA_THEME_LIGHT };
  guint checked = 0;

  for (guint s = 0; s < G_N_ELEMENTS (samples); s++)
    {
      g_autofree char *path = g_strdup_printf ("%s/data/datasets/%s.strata.json",
                                               g_getenv ("STRATA_SOURCE_ROOT"), samples[s]);
      g_autoptr(GError) error = NULL;
      g_autoptr(StrataDataset) dataset = strata_dataset_load_file (path, &error);
      g_autoptr(StrataMonteCarlo) mc = NULL;
      g_autoptr(StrataRoadmapMc) band = NULL;
      StrataMonteCarloParams params;
      Req req;

      g_assert_no_error (error);
      req_init (&req, dataset, STRATA_THEME_SLIDE);
      strata_deck_monte_carlo_params (&req.request, &params);
      params.n_draws = 200;
      mc = strata_monte_carlo_run (dataset, &params, NULL, &error);
      g_assert_no_error (error);
      if (dataset->horizon != NULL)
        band = strata_deck_roadmap_mc (&req.request, NULL, NULL);
      req.request.monte_carlo = mc;
      req.request.roadmap_monte_carlo = band;
      for (guint page = 0; page < strata_deck_n_pages (&req.request); page++)
        for (guint t = 0; t < G_N_ELEMENTS (themes); t++)
          {
            StrataExportOptions options;
            StrataChartKind kind;
            g_autoptr(GBytes) bytes = NULL;
            g_autofree char *svg = NULL;
            g_autofree char *what = NULL;

            if (!strata_deck_page_chart (&req.request, page, &kind))
              continue;
            req.request.theme = themes[t];
            strata_export_options_init (&options, STRATA_EXPORT_SVG, themes[t]);
            bytes = strata_chart_render (kind, &req.request, &options, &error);
            g_assert_no_error (error);
            svg = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
            what = g_strdup_printf ("%s %s theme %u", samples[s], strata_chart_kind_to_string (kind), t);
            g_assert_cmpuint (count_paths_past_clips (svg, what), ==, 0);
            checked++;
          }
      req_clear (&req);
    }
  /* Every view's chart, the roadmap and chances pages where a sample has
   * them, in 2 themes. */
  g_assert_cmpuint (checked, >=, 4 * 2 * STRATA_N_CHARTS);
}

static void
test_cli_deck_and_data (void)
{
  g_autofree char *sample = g_build_filename (g_getenv ("STRATA_SOURCE_ROOT"), "data", "datasets",
                                              "ai-model-lab.strata.json", NULL);
  g_autofree char *dir = tmp_dir ();
  g_autofree char *pdf = g_build_filename (dir, "deck.pdf", NULL);
  g_autofree char *folder = g_build_filename (dir, "slides", NULL);
  g_autofree char *fewer = g_build_filename (dir, "slides-300", NULL);
  g_autofree char *png = g_build_filename (folder, "04-ladder.png", NULL);
  static const struct { const char *csv; gboolean same; } pages[] = {
    { "01-cost-curves.csv", TRUE }, { "04-ladder.csv", TRUE },
    { "07-roadmap.csv", FALSE }, { "08-chances.csv", FALSE },
  };
  g_autofree char *csv = g_build_filename (dir, "curves.csv", NULL);
  g_autofree char *svg = g_build_filename (dir, "chart.svg", NULL);
  g_autofree char *contents = NULL;
  cairo_surface_t *image;

  if (g_getenv ("STRATA_CLI") == NULL)
    {
      g_test_skip ("STRATA_CLI is not set");
      return;
    }
  g_assert_cmpint (export_cli ((const char *[]) { sample, "--deck", "-o", pdf, NULL }), ==, 0);
  g_assert_true (g_file_test (pdf, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (export_cli ((const char *[]) { sample, "--deck", "--format", "png", "-o", folder, NULL }), ==, 0);
  image = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (image), ==, 1920);
  cairo_surface_destroy (image);
  /* --draws changes the deck's own runs (the chances page and the
   * roadmap page's band), and puts no bands on its cost curves. */
  g_assert_cmpint (export_cli ((const char *[]) { sample, "--deck", "--format", "png", "--draws", "300",
                                               "-o", fewer, NULL }), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_autofree char *a = g_build_filename (folder, pages[i].csv, NULL);
      g_autofree char *b = g_build_filename (fewer, pages[i].csv, NULL);
      g_autofree char *text_a = NULL;
      g_autofree char *text_b = NULL;

      g_assert_true (g_file_get_contents (a, &text_a, NULL, NULL));
      g_assert_true (g_file_get_contents (b, &text_b, NULL, NULL));
      g_assert_cmpint (g_strcmp0 (text_a, text_b) == 0, ==, pages[i].same);
    }
  g_assert_cmpint (export_cli ((const char *[]) { sample, "--chart", "cost-curves", "--data", "-o", csv, NULL }), ==, 0);
  g_assert_true (g_file_get_contents (csv, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "volume (1M tokens per year),"));
  g_clear_pointer (&contents, g_free);
  g_assert_cmpint (export_cli ((const char *[]) { sample, "--chart", "compare", "--title", "Our call",
                                               "--svg-text", "outlines", "-o", svg, NULL }), ==, 0);
  g_assert_true (g_file_get_contents (svg, &contents, NULL, NULL));
  g_assert_null (strstr (contents, "<text"));

  /* Wrong usage: 2. */
  g_assert_cmpint (export_cli ((const char *[]) { sample, "--deck", "--chart", "ladder", "-o", pdf, NULL }), ==, 2);
  g_assert_cmpint (export_cli ((const char *[]) { sample, "--deck", "--data", "-o", pdf, NULL }), ==, 2);
  g_assert_cmpint (export_cli ((const char *[]) { sample, "--deck", "-o", folder, NULL }), ==, 2);
  g_assert_cmpint (export_cli ((const char *[]) { sample, "--deck", "--width", "800", "-o", pdf, NULL }), ==, 2);
  g_assert_cmpint (export_cli ((const char *[]) { sample, "--chart", "ladder", "--data", "--format", "png",
                                               "-o", csv, NULL }), ==, 2);
  g_assert_cmpint (export_cli ((const char *[]) { sample, "--chart", "ladder", "--svg-text", "paths",
                                               "-o", svg, NULL }), ==, 2);
  g_assert_cmpint (export_cli ((const char *[]) { sample, "--chart", "ladder", "--svg-text", "text",
                                               "-o", png, NULL }), ==, 2);
  g_assert_cmpint (export_cli ((const char *[]) { sample, "--chart", "ladder", "--title", "x", "--no-title",
                                               "-o", svg, NULL }), ==, 2);
  test_remove_tree (dir);
}

/* The volume axis strokes its lines one by one on an image and one path
 * per kind of line elsewhere (a PDF, an SVG, a recording): both give the
 * same pixels, since no two lines of a path share a pixel column and each
 * tick comes after its grid line.  Drawn straight onto an image and
 * through a recording surface replayed onto one, every sample's cost
 * curves (whose axis has the 2s and 5s, faint grid lines and all) match
 * to the byte. */
static void
test_axis_strokes_same_pixels (void)
{
  const char *samples[] = { "ai-cloud-stack.strata.json", "ai-model-lab.strata.json",
                            "consumer-devices.strata.json", "retailer.strata.json" };
  const int w = 1280, h = 720;

  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    for (guint t = 0; t < STRATA_N_THEMES; t++)
      {
        g_autoptr(StrataDataset) dataset = load_sample (samples[i]);
        cairo_rectangle_t extents = { 0, 0, w, h };
        cairo_surface_t *direct = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
        cairo_surface_t *replayed = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
        cairo_surface_t *recording = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, &extents);
        cairo_t *cr;
        Req req;

        req_init (&req, dataset, t);
        cr = cairo_create (direct);
        strata_chart_draw (STRATA_CHART_COST_CURVES, &req.request, cr, w, h);
        cairo_destroy (cr);
        cr = cairo_create (recording);
        strata_chart_draw (STRATA_CHART_COST_CURVES, &req.request, cr, w, h);
        cairo_destroy (cr);
        cr = cairo_create (replayed);
        cairo_set_source_surface (cr, recording, 0, 0);
        cairo_paint (cr);
        cairo_destroy (cr);
        req_clear (&req);

        cairo_surface_flush (direct);
        cairo_surface_flush (replayed);
        g_assert_cmpint (cairo_image_surface_get_stride (direct), ==, cairo_image_surface_get_stride (replayed));
        g_assert_cmpmem (cairo_image_surface_get_data (direct), (gsize) cairo_image_surface_get_stride (direct) * h,
                         cairo_image_surface_get_data (replayed), (gsize) cairo_image_surface_get_stride (replayed) * h);
        cairo_surface_destroy (recording);
        cairo_surface_destroy (replayed);
        cairo_surface_destroy (direct);
      }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/strata/export/png/same-pixels", test_png_same_pixels);
  g_test_add_func ("/strata/export/png/alpha-ramp", test_png_alpha_ramp);
  g_test_add_func ("/strata/export/png/axis-strokes-same-pixels", test_axis_strokes_same_pixels);
  g_test_add_func ("/strata/export/svg/text", test_svg_text);
  g_test_add_func ("/strata/export/svg/clips-as-viewports", test_svg_clips_as_viewports);
  g_test_add_func ("/strata/export/svg/sentence-one-text", test_svg_sentence_one_text);
  g_test_add_func ("/strata/export/source-line", test_source_line);
  g_test_add_func ("/strata/export/action-title", test_action_title);
  g_test_add_func ("/strata/export/title-ties", test_title_ties);
  g_test_add_func ("/strata/export/title-options", test_title_options);
  g_test_add_func ("/strata/export/deck/pdf", test_deck_pdf);
  g_test_add_func ("/strata/export/deck/folder", test_deck_folder);
  g_test_add_func ("/strata/export/deck/chances", test_deck_chances);
  g_test_add_func ("/strata/export/data-csv", test_data_csv);
  g_test_add_func ("/strata/export/cli-deck-and-data", test_cli_deck_and_data);
  g_test_add_func ("/strata/export/one-shot-memo", test_one_shot_memo);
  g_test_add_func ("/strata/export/shared-scan", test_shared_scan);
  g_test_add_func ("/strata/export/bounded-scan", test_bounded_scan);
  g_test_add_func ("/strata/export/svg/series-cut-to-plot", test_series_cut_to_plot);
  g_test_add_func ("/strata/export/svg/nothing-relies-on-clips", test_nothing_relies_on_clips);
  g_test_add_func ("/strata/export/roadmap-band-unadoptable", test_roadmap_band_unadoptable);

  return g_test_run ();
}

/* test-export.c: the export pipeline (PNG encoder, SVG for slides, source
 * line and action title, decks and data)
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>
#include <cairo.h>
#include <png.h>

#include <strata/strata-chart.h>
#include <strata/strata-model.h>
#include <strata/strata-format.h>

static StrataDataset *
load_sample (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (g_getenv ("STRATA_SOURCE_ROOT"), "data", "datasets", name, NULL);
  StrataDataset *dataset = strata_dataset_load_file (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (dataset);
  return dataset;
}

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

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/strata/export/png/same-pixels", test_png_same_pixels);
  g_test_add_func ("/strata/export/png/alpha-ramp", test_png_alpha_ramp);

  return g_test_run ();
}

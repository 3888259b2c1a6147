/* test-png.c: Strata's PNG encoder (app/charts/strata-chart-png.c) on
 * pictures made to reach its edges
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every width from 1 to 40 and wide ones, strides with and without
 * padding, heights from 1 row to past the rows an opaque picture filters
 * from a copy; flat bands, rows like the one above, noise, thin lines and
 * every sample's wrap-around.  Each file decodes to exactly the samples of
 * cairo_surface_write_to_png ()'s file of the same surface.  And the
 * charts with transparency (the RGBA rows): no file larger than cairo's
 * writer's.
 */

#include "config.h"

#include <string.h>

#include <cairo.h>
#include <png.h>

#include <strata/strata-chart.h>
#include <strata/strata-dataset.h>

#include "strata-chart-private.h"

static guint32 random_state = 1;

static guint32
next_random (void)
{
  /* xorshift32: the same pictures every run */
  random_state ^= random_state << 13;
  random_state ^= random_state >> 17;
  random_state ^= random_state << 5;
  return random_state;
}

/* A premultiplied ARGB32 pixel: channels no larger than alpha. */
static guint32
pixel (guint32  rgb,
       gboolean opaque)
{
  guint alpha = opaque ? 0xff : next_random () & 0xff;
  guint32 p = (guint32) alpha << 24;

  for (guint shift = 0; shift < 24; shift += 8)
    p |= ((((rgb >> shift) & 0xff) * alpha) / 255) << shift;
  return p;
}

static void
paint (guint8   *data,
       int       stride,
       int       width,
       int       height,
       guint     pattern,
       gboolean  opaque)
{
  for (int y = 0; y < height; y++)
    {
      guint32 *row = (guint32 *) (gpointer) (data + (gsize) y * stride);
      const guint32 *above = (const guint32 *) (gconstpointer) (data + (gsize) (y > 0 ? y - 1 : 0) * stride);

      for (int x = 0; x < width; x++)
        switch ((y / 3 + pattern) % 5)
          {
          case 0:   /* a flat band */
            row[x] = pixel (0xffffff, opaque);
            break;
          case 1:   /* noise */
            row[x] = pixel (next_random (), opaque);
            break;
          case 2:   /* rows like the one above (the first row: black) */
            row[x] = y > 0 ? above[x] : pixel (0, opaque);
            break;
          case 3:   /* thin lines on white */
            row[x] = pixel (x % 7 == 0 ? next_random () : 0xffffff, opaque);
            break;
          default:  /* steps of every size: samples wrap around in "sub" and "up" */
            row[x] = pixel ((guint32) (x * 0x010305 + y * 0x070b0d), opaque);
            break;
          }
    }
}

static cairo_status_t
append (void                *closure,
        const unsigned char *data,
        unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static guint8 *
decode_rgba (GByteArray *png,
             int         width,
             int         height)
{
  png_image image;
  guint8 *pixels;

  memset (&image, 0, sizeof image);
  image.version = PNG_IMAGE_VERSION;
  g_assert_true (png_image_begin_read_from_memory (&image, png->data, png->len));
  g_assert_cmpuint (image.width, ==, width);
  g_assert_cmpuint (image.height, ==, height);
  image.format = PNG_FORMAT_RGBA;
  pixels = g_malloc (PNG_IMAGE_SIZE (image));
  g_assert_true (png_image_finish_read (&image, NULL, pixels, 0, NULL));
  g_assert_cmpint (image.warning_or_error, ==, 0);
  return pixels;
}

/* Encodes @surface with cairo's writer, then with Strata's (which may
 * filter over the pixels), and compares the decoded samples. */
static void
check_surface (cairo_surface_t *surface,
               int              width,
               int              height)
{
  g_autoptr(GByteArray) theirs = g_byte_array_new ();
  g_autoptr(GByteArray) ours = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *a = NULL;
  g_autofree guint8 *b = NULL;

  cairo_surface_mark_dirty (surface);
  g_assert_cmpint (cairo_surface_write_to_png_stream (surface, append, theirs), ==, CAIRO_STATUS_SUCCESS);
  g_assert_true (_strata_png_encode (surface, ours, &error));
  g_assert_no_error (error);

  a = decode_rgba (ours, width, height);
  b = decode_rgba (theirs, width, height);
  g_assert_cmpmem (a, (gsize) width * height * 4, b, (gsize) width * height * 4);
}

static void
check_size (int      width,
            int      height,
            int      padding,
            guint    pattern,
            gboolean opaque)
{
  int stride = width * 4 + padding;
  g_autofree guint8 *data = NULL;
  cairo_surface_t *surface;

  if (padding == 0)
    {
      /* The export's own surface (a huge-page mapping when large). */
      surface = _strata_png_surface_new (width, height);
      g_assert_cmpint (cairo_image_surface_get_stride (surface), ==, stride);
      paint (cairo_image_surface_get_data (surface), stride, width, height, pattern, opaque);
    }
  else
    {
      data = g_malloc ((gsize) stride * height);
      paint (data, stride, width, height, pattern, opaque);
      surface = cairo_image_surface_create_for_data (data, CAIRO_FORMAT_ARGB32, width, height, stride);
    }
  check_surface (surface, width, height);
  cairo_surface_destroy (surface);
}

static void
test_png_widths (void)
{
  static const int heights[] = { 1, 2, 7, 9, 17, 40 };

  for (int width = 1; width <= 40; width++)
    for (guint h = 0; h < G_N_ELEMENTS (heights); h++)
      for (guint pattern = 0; pattern < 5; pattern++)
        {
          check_size (width, heights[h], 0, pattern, TRUE);
          check_size (width, heights[h], 16, pattern, TRUE);
          check_size (width, heights[h], 0, pattern, FALSE);
        }
}

static void
test_png_large (void)
{
  /* 1920x1080 and odd sizes past it: the mapping rounded to huge pages. */
  check_size (1920, 1080, 0, 0, TRUE);
  check_size (1921, 1081, 0, 1, TRUE);
  check_size (1283, 2049, 0, 3, TRUE);
  check_size (1283, 701, 4, 4, TRUE);
  check_size (1031, 1033, 0, 2, FALSE);
}

static GByteArray *
render_transparent (StrataChartKind           kind,
                    const StrataChartRequest *request,
                    int                       width,
                    int                       height,
                    gboolean                  with_cairo)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gsize size;
  const guint8 *data;
  GByteArray *png = g_byte_array_new ();

  if (with_cairo)
    g_setenv ("STRATA_PNG_ENCODER", "cairo", TRUE);
  bytes = strata_chart_render_png (kind, request, width, height, 1.0, &error);
  g_unsetenv ("STRATA_PNG_ENCODER");
  g_assert_no_error (error);
  data = g_bytes_get_data (bytes, &size);
  g_byte_array_append (png, data, (guint) size);
  return png;
}

/* Every chart of every sample, transparent, in every theme: the file
 * decodes to cairo's writer's samples and is no larger than its file (the
 * compare chart's transparent files were up to 1.017x cairo's, before the
 * RGBA rows' filters were chosen by their nonzero bytes). */
static void
test_png_transparent_charts (void)
{
  static const char *samples[] = { "ai-cloud-stack", "ai-model-lab", "consumer-devices", "retailer" };
  static const StrataChartKind kinds[] = { STRATA_CHART_COST_CURVES, STRATA_CHART_VALUE_CHAIN,
                                           STRATA_CHART_COMPARE, STRATA_CHART_LADDER,
                                           STRATA_CHART_TORNADO, STRATA_CHART_SWITCHPOINTS };
  gsize ours_total = 0, theirs_total = 0;

  for (guint d = 0; d < G_N_ELEMENTS (samples); d++)
    {
      g_autofree char *path = g_strdup_printf ("%s/data/datasets/%s.strata.json",
                                               g_getenv ("STRATA_SOURCE_ROOT"), samples[d]);
      g_autoptr(GError) error = NULL;
      g_autoptr(StrataDataset) dataset = strata_dataset_load_file (path, &error);
      g_autofree const StrataStrategy **strategies = NULL;
      StrataChartRequest request = { 0 };

      g_assert_no_error (error);
      strategies = strata_chart_default_strategies (dataset, &request.n_strategies);
      request.dataset = dataset;
      request.strategies = strategies;
      request.volume = dataset->volume_default;
      request.transparent = TRUE;

      for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
        for (guint t = 0; t < STRATA_N_THEMES; t++)
          {
            /* The compare chart in the dark theme at 1280x720 was the
             * largest against cairo's (1.017x, the retailer's). */
            gboolean large = kinds[k] == STRATA_CHART_COMPARE && t == STRATA_THEME_DARK;
            int width = large ? 1280 : 640, height = large ? 720 : 360;
            g_autoptr(GByteArray) ours = NULL;
            g_autoptr(GByteArray) theirs = NULL;
            g_autofree guint8 *a = NULL;
            g_autofree guint8 *b = NULL;

            request.theme = t;
            ours = render_transparent (kinds[k], &request, width, height, FALSE);
            theirs = render_transparent (kinds[k], &request, width, height, TRUE);
            g_assert_cmpuint (ours->data[25], ==, 6);   /* RGBA: not all opaque */
            a = decode_rgba (ours, width, height);
            b = decode_rgba (theirs, width, height);
            g_assert_cmpmem (a, (gsize) width * height * 4, b, (gsize) width * height * 4);
            if (ours->len > theirs->len)
              g_test_message ("%s, chart %u, theme %u: %u bytes, cairo's %u",
                              samples[d], kinds[k], t, ours->len, theirs->len);
            g_assert_cmpuint (ours->len, <=, theirs->len);
            ours_total += ours->len;
            theirs_total += theirs->len;
          }
    }
  g_test_message ("transparent charts: %" G_GSIZE_FORMAT " bytes, cairo's writer %" G_GSIZE_FORMAT,
                  ours_total, theirs_total);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/strata/png/widths", test_png_widths);
  g_test_add_func ("/strata/png/large", test_png_large);
  g_test_add_func ("/strata/png/transparent-charts", test_png_transparent_charts);
  return g_test_run ();
}

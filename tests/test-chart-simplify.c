/* test-chart-simplify.c: lines written to SVG and PDF with fewer points
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A line drawn into a vector file leaves out the points that lie
 * within 1/32 of a device unit of the chord between the points kept
 * around them (strata-chart-clip.c, issue 15: every point written is
 * printed, compressed and parsed again by the reader).  These tests hold
 * the simplification to its promise: the points kept are the line's own,
 * in order, with both ends; every point left out is within the tolerance
 * of the line drawn; corners stay; a smooth curve loses most of its
 * points; and a raster target draws every point (a PNG is the same
 * pixels as without it).
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <cairo.h>
#include <cairo-svg.h>

#include "strata-chart-private.h"

/* The distance of (@px, @py) from the segment (@ax, @ay)-(@bx, @by). */
static double
segment_distance (double ax,
                  double ay,
                  double bx,
                  double by,
                  double px,
                  double py)
{
  double dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy, t = 0;

  if (len2 > 0)
    t = CLAMP (((px - ax) * dx + (py - ay) * dy) / len2, 0.0, 1.0);
  return hypot (px - (ax + t * dx), py - (ay + t * dy));
}

/* Checks the simplification of @in (@n points) to @out (@m points) within
 * @tolerance: a subsequence of the same doubles with both ends, and every
 * point of @in within the tolerance of the segment of @out that spans
 * it. */
static void
assert_simplified (const double *in,
                   guint         n,
                   const double *out,
                   guint         m,
                   double        tolerance)
{
  guint j = 0;

  g_assert_cmpuint (m, <=, n);
  if (n == 0)
    return;
  g_assert_cmpuint (m, >=, MIN (n, 2));
  g_assert_true (out[0] == in[0] && out[1] == in[1]);
  g_assert_true (out[2 * m - 2] == in[2 * n - 2] && out[2 * m - 1] == in[2 * n - 1]);
  for (guint k = 0; k < n; k++)
    {
      /* A kept point (the last only as the last: a point repeated at
       * the end is matched there). */
      if (j < m && (j + 1 < m || k + 1 == n) && in[2 * k] == out[2 * j] &&
          in[2 * k + 1] == out[2 * j + 1])
        {
          j++;   /* kept: the next segment starts here */
          continue;
        }
      g_assert_cmpuint (j, >, 0);
      g_assert_cmpuint (j, <, m);
      g_assert_cmpfloat (segment_distance (out[2 * j - 2], out[2 * j - 1], out[2 * j], out[2 * j + 1],
                                           in[2 * k], in[2 * k + 1]),
                         <=, tolerance * (1 + 1e-12));
    }
  g_assert_cmpuint (j, ==, m);
}

/* A cost curve as the chart draws it: @n samples of a + b / V + c V^e
 * across log-spaced volumes, over a plot 1,700 px wide. */
static double *
cost_curve (guint  n,
            double a,
            double b,
            double c,
            double e)
{
  double *xy = g_new (double, 2 * n);

  for (guint k = 0; k < n; k++)
    {
      double t = k / (double) (n - 1), v = pow (10, 6 + 6 * t);
      double cost = a + b / v + c * pow (v, e);

      xy[2 * k] = 140 + 1700 * t;
      xy[2 * k + 1] = 960 - 870 * MIN (cost, 120) / 120;
    }
  return xy;
}

static void
test_bounds (void)
{
  GRand *rand = g_rand_new_with_seed (15);

  for (guint round = 0; round < 400; round++)
    {
      guint n = g_rand_int_range (rand, 0, 600);
      double tolerance = g_rand_double_range (rand, 1e-4, 2);
      g_autofree double *in = g_new (double, 2 * MAX (n, 1));
      g_autofree double *out = NULL;
      double x = 0, y = 0, dy = 0;
      guint m;

      for (guint k = 0; k < n; k++)
        {
          switch (round % 4)
            {
            case 0:   /* a random walk */
              x += g_rand_double_range (rand, -3, 3);
              y += g_rand_double_range (rand, -3, 3);
              break;
            case 1:   /* a smooth drift with noise below the tolerance */
              x += 2;
              dy += g_rand_double_range (rand, -0.05, 0.05);
              y += dy + g_rand_double_range (rand, -tolerance, tolerance) / 4;
              break;
            case 2:   /* repeated points and back-tracking */
              if (g_rand_boolean (rand))
                x += g_rand_double_range (rand, -1, 2);
              break;
            default:  /* a zigzag */
              x += 1;
              y = (k % 2) ? tolerance * 3 : 0;
              break;
            }
          in[2 * k] = x;
          in[2 * k + 1] = y;
        }
      out = g_memdup2 (in, sizeof (double) * 2 * MAX (n, 1));
      m = _strata_chart_simplify_points (out, n, tolerance);
      assert_simplified (in, n, out, m, tolerance);
      if (round % 4 == 3 && n > 2)
        g_assert_cmpuint (m, ==, n);   /* every tooth is a corner */
    }
  g_rand_free (rand);
}

static void
test_smooth_and_corners (void)
{
  g_autofree double *curve = cost_curve (512, 12, 4e7, 0, 0);
  g_autofree double *in = g_memdup2 (curve, sizeof (double) * 1024);
  /* A floor that starts to bind: a corner at point 300. */
  double corner[2 * 512];
  guint m;

  m = _strata_chart_simplify_points (curve, 512, 1.0 / 32);
  assert_simplified (in, 512, curve, m, 1.0 / 32);
  g_assert_cmpuint (m, <, 512 / 4);
  g_test_message ("a 512-point cost curve keeps %u points", m);

  for (guint k = 0; k < 512; k++)
    {
      corner[2 * k] = k * 3.3;
      corner[2 * k + 1] = k < 300 ? 900 - k : 600;
    }
  memcpy (in, corner, sizeof corner);
  m = _strata_chart_simplify_points (corner, 512, 1.0 / 32);
  assert_simplified (in, 512, corner, m, 1.0 / 32);
  {
    gboolean corner_kept = FALSE;

    /* Both straight stretches in runs of at most 64 points, and the
     * corner (point 300) among the points kept. */
    g_assert_cmpuint (m, <=, 3 + 512 / 63);
    for (guint j = 0; j < m; j++)
      corner_kept = corner_kept || (corner[2 * j] == in[600] && corner[2 * j + 1] == in[601]);
    g_assert_true (corner_kept);
  }

  /* No tolerance, or two points: nothing to leave out. */
  memcpy (corner, in, sizeof corner);
  g_assert_cmpuint (_strata_chart_simplify_points (corner, 512, 0), ==, 512);
  g_assert_cmpuint (_strata_chart_simplify_points (corner, 2, 1), ==, 2);
  g_assert_cmpmem (corner, sizeof corner, in, sizeof corner);
}

static cairo_status_t
collect (void                *closure,
         const unsigned char *data,
         unsigned int         length)
{
  g_string_append_len (closure, (const char *) data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* How many line-to commands an SVG's paths hold. */
static guint
count_line_tos (const GString *svg)
{
  guint n = 0;

  for (const char *p = svg->str; (p = strstr (p, " L ")) != NULL; p += 3)
    n++;
  return n;
}

/* The last of the five curves is dashed, as the charts draw Optimal. */
static void
set_dash (cairo_t *cr,
          guint    i)
{
  static const double dashes[] = { 10, 6 };

  cairo_set_dash (cr, dashes, i == 4 ? 2 : 0, 0);
}

/* The five cost curves drawn by _strata_chart_stroke_clipped () on @cr
 * (a box that cuts nothing). */
static void
draw_curves (cairo_t *cr)
{
  StrataChartRect box = { -10, -10, 2000, 1100 };

  cairo_set_line_width (cr, 2.5);
  for (guint i = 0; i < 5; i++)
    {
      g_autofree double *xy = cost_curve (512, 5 + 3 * i, 2e7 * (i + 1), 40, -0.15 * i);

      set_dash (cr, i);
      _strata_chart_stroke_clipped (cr, xy, 512, &box);
    }
}

/* The same curves stroked by hand, every point. */
static void
draw_curves_by_hand (cairo_t *cr)
{
  cairo_set_line_width (cr, 2.5);
  for (guint i = 0; i < 5; i++)
    {
      g_autofree double *xy = cost_curve (512, 5 + 3 * i, 2e7 * (i + 1), 40, -0.15 * i);

      set_dash (cr, i);
      cairo_new_path (cr);
      cairo_move_to (cr, xy[0], xy[1]);
      for (guint k = 1; k < 512; k++)
        cairo_line_to (cr, xy[2 * k], xy[2 * k + 1]);
      cairo_stroke (cr);
    }
}

static void
test_targets (void)
{
  GString *direct = g_string_new (NULL), *replayed = g_string_new (NULL);
  GString *by_hand = g_string_new (NULL);
  cairo_surface_t *svg, *recording, *image, *plain;
  cairo_t *cr;
  guint n_direct, n_replayed, n_by_hand;

  /* Straight into an SVG: simplified. */
  svg = cairo_svg_surface_create_for_stream (collect, direct, 1920, 1080);
  cr = cairo_create (svg);
  draw_curves (cr);
  cairo_destroy (cr);
  cairo_surface_destroy (svg);

  /* Into a recording surface (GTK's cairo nodes), which does not know
   * its final target: every point, as the SVG it is replayed into shows. */
  recording = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
  cr = cairo_create (recording);
  draw_curves (cr);
  cairo_destroy (cr);
  svg = cairo_svg_surface_create_for_stream (collect, replayed, 1920, 1080);
  cr = cairo_create (svg);
  cairo_set_source_surface (cr, recording, 0, 0);
  cairo_paint (cr);
  cairo_destroy (cr);
  cairo_surface_destroy (svg);
  cairo_surface_destroy (recording);

  /* Every point by hand (cairo itself merges a line-to that continues
   * the previous one in the same direction, in its fixed point). */
  svg = cairo_svg_surface_create_for_stream (collect, by_hand, 1920, 1080);
  cr = cairo_create (svg);
  draw_curves_by_hand (cr);
  cairo_destroy (cr);
  cairo_surface_destroy (svg);

  n_direct = count_line_tos (direct);
  n_replayed = count_line_tos (replayed);
  n_by_hand = count_line_tos (by_hand);
  g_test_message ("line-tos: %u in the SVG, %u replayed from a recording, %u by hand",
                  n_direct, n_replayed, n_by_hand);
  g_assert_cmpuint (n_replayed, ==, n_by_hand);
  g_assert_cmpuint (n_direct, >, 0);
  g_assert_cmpuint (n_direct, <, n_by_hand / 3);

  /* On an image surface every point is drawn: the same pixels as the
   * whole line stroked by hand. */
  image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1920, 1080);
  cr = cairo_create (image);
  draw_curves (cr);
  cairo_destroy (cr);
  plain = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1920, 1080);
  cr = cairo_create (plain);
  draw_curves_by_hand (cr);
  cairo_destroy (cr);
  cairo_surface_flush (image);
  cairo_surface_flush (plain);
  g_assert_cmpmem (cairo_image_surface_get_data (image),
                   cairo_image_surface_get_stride (image) * 1080,
                   cairo_image_surface_get_data (plain),
                   cairo_image_surface_get_stride (plain) * 1080);
  cairo_surface_destroy (image);
  cairo_surface_destroy (plain);
  g_string_free (direct, TRUE);
  g_string_free (replayed, TRUE);
  g_string_free (by_hand, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/strata/charts/simplify/bounds", test_bounds);
  g_test_add_func ("/strata/charts/simplify/smooth-and-corners", test_smooth_and_corners);
  g_test_add_func ("/strata/charts/simplify/targets", test_targets);

  return g_test_run ();
}

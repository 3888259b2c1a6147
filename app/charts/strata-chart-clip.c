/* strata-chart-clip.c: series cut to the plot by geometry, not by clips
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A cairo clip becomes a clip path in SVG and PDF, and LibreOffice Impress
 * drops it (a PDF opened with its Draw/Impress import, an SVG after Break):
 * a cost curve that leaves the top of the plot then runs up over the
 * title.  So the lines and areas that can leave the plot are cut to a box
 * before they are drawn (Liang-Barsky for lines, Sutherland-Hodgman for
 * areas) and only what is inside is written.
 *
 * The caller keeps its clip as well, and the box reaches past it by half
 * a line width and a pixel: then every pixel inside the clip is covered
 * exactly as before (a stroke is the set of points within half its width
 * of the line, so what was cut off could not reach the clip), the PNG is
 * the same, and in a file whose clips are ignored a line stops within a
 * line width of the plot's edge.
 *
 * Hatching (the roadmap's build years) needs no clip at all: its lines
 * are filled as their outlines cut exactly to the hatched rectangle.
 */

#include "config.h"

#include <math.h>

#include "strata-chart-private.h"

/* Liang-Barsky: the part [*t0, *t1] of the segment from (x0, y0) by
 * (dx, dy) that lies in @box; FALSE when none does. */
static gboolean
clip_segment (const StrataChartRect *box,
              double                 x0,
              double                 y0,
              double                 dx,
              double                 dy,
              double                *t0,
              double                *t1)
{
  const double p[4] = { -dx, dx, -dy, dy };
  const double q[4] = { x0 - box->x, box->x + box->width - x0,
                        y0 - box->y, box->y + box->height - y0 };
  double lo = 0, hi = 1;

  for (guint i = 0; i < 4; i++)
    {
      if (p[i] == 0)
        {
          if (q[i] < 0)
            return FALSE;
          continue;
        }
      {
        double t = q[i] / p[i];

        if (p[i] < 0)
          lo = MAX (lo, t);
        else
          hi = MIN (hi, t);
      }
      if (lo > hi)
        return FALSE;
    }
  *t0 = lo;
  *t1 = hi;
  return TRUE;
}

/* One piece of a clipped polyline: its points and how far along the
 * original line it starts (for the dash pattern). */
typedef struct
{
  GArray *points;   /* double x, y pairs */
  double  start;    /* length of the original line before it */
} Piece;

static void
piece_add (Piece  *piece,
           double  x,
           double  y)
{
  double xy[2] = { x, y };

  g_array_append_vals (piece->points, xy, 2);
}

static void
pieces_free (GArray *pieces)
{
  for (guint i = 0; i < pieces->len; i++)
    g_array_unref (g_array_index (pieces, Piece, i).points);
  g_array_unref (pieces);
}

/* The length cairo's dasher gives the segment from (x0, y0) to (x1, y1):
 * it measures the path after rounding its points to the fixed point of
 * device space (1/256 of a unit), so the same here; the dashes of a piece
 * then fall where they fell on the whole line. */
static double
dash_length (cairo_t *cr,
             double   x0,
             double   y0,
             double   x1,
             double   y1)
{
  double dx, dy;

  cairo_user_to_device (cr, &x0, &y0);
  cairo_user_to_device (cr, &x1, &y1);
  dx = nearbyint (x1 * 256) / 256 - nearbyint (x0 * 256) / 256;
  dy = nearbyint (y1 * 256) / 256 - nearbyint (y0 * 256) / 256;
  cairo_device_to_user_distance (cr, &dx, &dy);
  return hypot (dx, dy);
}

/* The pieces of one polyline (a run of finite points) inside @box, each
 * with how far along the run it starts (a run is a sub-path, and cairo
 * starts the dash pattern again at each).  A point inside is kept as it
 * is (the same double), a point outside is replaced by where its segments
 * cross the box.  Only a dashed line needs the lengths (@dashed): a solid
 * one skips measuring its segments (three cairo calls each). */
static void
clip_line (cairo_t               *cr,
           const double          *xy,
           guint                  n,
           const StrataChartRect *box,
           gboolean               dashed,
           GArray                *pieces)
{
  Piece *cur = NULL;
  double length = 0;

  for (guint k = 0; k + 1 < n; k++)
    {
      double x0 = xy[2 * k], y0 = xy[2 * k + 1];
      double x1 = xy[2 * k + 2], y1 = xy[2 * k + 3];
      double dx = x1 - x0, dy = y1 - y0;
      double t0, t1;

      double seg = dashed ? dash_length (cr, x0, y0, x1, y1) : 0;

      if (!clip_segment (box, x0, y0, dx, dy, &t0, &t1))
        {
          cur = NULL;
          length += seg;
          continue;
        }
      if (t0 > 0)
        cur = NULL;   /* it enters here: a new piece */
      if (cur == NULL)
        {
          Piece piece = { g_array_new (FALSE, FALSE, sizeof (double)), length };

          g_array_append_val (pieces, piece);
          cur = &g_array_index (pieces, Piece, pieces->len - 1);
          if (t0 > 0)
            {
              double cx = x0 + t0 * dx, cy = y0 + t0 * dy;

              /* Where the dashes are at (x1, y1), as on the whole line. */
              if (dashed)
                cur->start = length + seg - dash_length (cr, cx, cy, x1, y1);
              piece_add (cur, cx, cy);
            }
          else
            piece_add (cur, x0, y0);
        }
      if (t1 < 1)
        {
          piece_add (cur, x0 + t1 * dx, y0 + t1 * dy);
          cur = NULL;   /* it leaves here */
        }
      else
        piece_add (cur, x1, y1);
      length += seg;
    }
}

void
_strata_chart_clip_box (StrataChartRect       *box,
                        const StrataChartRect *clip,
                        double                 line_width)
{
  double grow = line_width / 2 + 1;

  box->x = clip->x - grow;
  box->y = clip->y - grow;
  box->width = clip->width + 2 * grow;
  box->height = clip->height + 2 * grow;
}

/* Vector output (PDF, SVG): a line's points that lie within
 * SIMPLIFY_TOLERANCE of the chord between the points kept around them are
 * left out, as matplotlib's path.simplify does for every backend (its
 * threshold is 1/9 of a pixel).  A cost curve sampled 512 times across the
 * plot is nearly straight over most of its samples; every point written
 * costs its printing, its compression and the reader's parsing, and none
 * of that shows.  The tolerance, in device units (a point of the page, a
 * pixel of the SVG), is far under a line's width: at 800 % zoom it is
 * under half a screen pixel.  A raster target keeps every point (a PNG is
 * the same pixels as before), and so does a recording surface, whose
 * final target is not known. */
#define SIMPLIFY_TOLERANCE (1.0 / 32)

/* Whether @cr draws into a file of vectors. */
static gboolean
target_is_vector (cairo_t *cr)
{
  cairo_surface_type_t type = cairo_surface_get_type (cairo_get_target (cr));

  return type == CAIRO_SURFACE_TYPE_PDF || type == CAIRO_SURFACE_TYPE_SVG ||
         type == CAIRO_SURFACE_TYPE_PS;
}

/* The distance of (@px, @py) from the segment (@ax, @ay)-(@bx, @by),
 * squared. */
static double
segment_distance2 (double ax,
                   double ay,
                   double bx,
                   double by,
                   double px,
                   double py)
{
  double dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy, t;

  if (len2 > 0)
    {
      t = ((px - ax) * dx + (py - ay) * dy) / len2;
      t = CLAMP (t, 0.0, 1.0);
      ax += t * dx;
      ay += t * dy;
    }
  return (px - ax) * (px - ax) + (py - ay) * (py - ay);
}

/* The longest run a kept point may span (each extension checks the run's
 * points again). */
#define SIMPLIFY_RUN 64

/* Simplifies @xy (@n x, y pairs) in place, within @tolerance (user
 * units): the first and last points stay, and an inner point is dropped
 * when it and every point dropped since the last kept one lie within the
 * tolerance of the segment from that point to the next one kept.  The
 * points kept are the same doubles, in order.  Returns how many are
 * left. */
guint
_strata_chart_simplify_points (double *xy,
                               guint   n,
                               double  tolerance)
{
  double tol2 = tolerance * tolerance;
  guint kept = 1, anchor = 0;

  if (n <= 2 || !(tolerance > 0))
    return n;
  for (guint j = 1; j + 1 < n; j++)
    {
      gboolean within = j + 1 - anchor <= SIMPLIFY_RUN;

      /* Points anchor + 1 .. j, against the segment from the anchor to
       * point j + 1. */
      for (guint k = anchor + 1; within && k <= j; k++)
        within = segment_distance2 (xy[2 * anchor], xy[2 * anchor + 1], xy[2 * j + 2],
                                    xy[2 * j + 3], xy[2 * k], xy[2 * k + 1]) <= tol2;
      if (!within)
        {
          /* Point j stays: the next run starts there. */
          xy[2 * kept] = xy[2 * j];
          xy[2 * kept + 1] = xy[2 * j + 1];
          anchor = j;
          kept++;
        }
    }
  xy[2 * kept] = xy[2 * (n - 1)];
  xy[2 * kept + 1] = xy[2 * (n - 1) + 1];
  return kept + 1;
}

/* The tolerance of a line's simplification on @cr, in user units: 0
 * (every point) unless it draws into a vector file. */
static double
simplify_tolerance (cairo_t *cr)
{
  double tx = SIMPLIFY_TOLERANCE, ty = 0;

  if (!target_is_vector (cr))
    return 0;
  cairo_device_to_user_distance (cr, &tx, &ty);
  return hypot (tx, ty);
}

/* Adds @piece to the path of @cr, simplified within @tolerance. */
static void
piece_path (cairo_t     *cr,
            const Piece *piece,
            double       tolerance)
{
  double *p = (double *) (gpointer) piece->points->data;
  guint n_points = _strata_chart_simplify_points (p, piece->points->len / 2, tolerance);

  cairo_move_to (cr, p[0], p[1]);
  for (guint k = 1; k < n_points; k++)
    cairo_line_to (cr, p[2 * k], p[2 * k + 1]);
}

void
_strata_chart_stroke_clipped (cairo_t               *cr,
                              const double          *xy,
                              guint                  n,
                              const StrataChartRect *box)
{
  GArray *pieces = g_array_new (FALSE, FALSE, sizeof (Piece));
  double *dashes = NULL;
  int n_dashes = cairo_get_dash_count (cr);
  double offset = 0, tolerance = simplify_tolerance (cr);
  guint first = 0;

  /* The runs of finite points: a NAN breaks the line. */
  for (guint k = 0; k <= n; k++)
    if (k == n || !isfinite (xy[2 * k]) || !isfinite (xy[2 * k + 1]))
      {
        if (k > first)
          clip_line (cr, xy + 2 * first, k - first, box, n_dashes > 0, pieces);
        first = k + 1;
      }

  cairo_new_path (cr);
  if (n_dashes == 0)
    {
      /* Solid: one stroke of every piece, as the one line was. */
      for (guint i = 0; i < pieces->len; i++)
        piece_path (cr, &g_array_index (pieces, Piece, i), tolerance);
      cairo_stroke (cr);
      pieces_free (pieces);
      return;
    }

  /* Dashed: each piece where the dashes of the whole line would be (a
   * simplified piece is shorter than its points' line by far under a
   * thousandth of a unit: the dashes move by no more). */
  dashes = g_new (double, n_dashes);
  cairo_get_dash (cr, dashes, &offset);
  for (guint i = 0; i < pieces->len; i++)
    {
      const Piece *piece = &g_array_index (pieces, Piece, i);

      cairo_set_dash (cr, dashes, n_dashes, offset + piece->start);
      piece_path (cr, piece, tolerance);
      cairo_stroke (cr);
    }
  cairo_set_dash (cr, dashes, n_dashes, offset);
  g_free (dashes);
  pieces_free (pieces);
}

/* Sutherland-Hodgman: @in (x, y pairs) cut by the half-plane
 * @nx x + @ny y >= @c, into @out.  On an axis-parallel edge the new
 * points sit on the edge exactly. */
static void
clip_polygon_plane (GArray *in,
                    GArray *out,
                    double  nx,
                    double  ny,
                    double  c)
{
  guint n = in->len / 2;
  const double *p = (const double *) (gpointer) in->data;

  g_array_set_size (out, 0);
  for (guint k = 0; k < n; k++)
    {
      const double *a = p + 2 * ((k + n - 1) % n);
      const double *b = p + 2 * k;
      double da = nx * a[0] + ny * a[1] - c, db = nx * b[0] + ny * b[1] - c;

      if ((da >= 0) != (db >= 0))
        {
          double t = da / (da - db);
          double xy[2] = { a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]) };

          if (ny == 0)
            xy[0] = c / nx;
          else if (nx == 0)
            xy[1] = c / ny;

          g_array_append_vals (out, xy, 2);
        }
      if (db >= 0)
        g_array_append_vals (out, b, 2);
    }
}

/* Rounded corners: @a cut by the chords of the quarter circle of radius
 * @r at each corner of @box that @radius names (top left, top right,
 * bottom right, bottom left; 0 leaves it square), left in @a.  The chords
 * lie inside the arc (by r (1 - cos 11.25 degrees), about 2 % of r), so
 * what is cut stays inside the rounded rectangle _strata_chart_round_rect
 * fills. */
static void
clip_polygon_corners (GArray                *a,
                      GArray                *b,
                      const StrataChartRect *box,
                      const double           radius[4])
{
  static const double corner[4][2] = { { 0, 0 }, { 1, 0 }, { 1, 1 }, { 0, 1 } };
  enum { CHORDS = 4 };

  for (guint c = 0; c < 4; c++)
    {
      double r = radius[c];
      double sx = corner[c][0] ? -1 : 1, sy = corner[c][1] ? -1 : 1;
      double cx = box->x + corner[c][0] * box->width + sx * r;
      double cy = box->y + corner[c][1] * box->height + sy * r;

      if (!(r >= 0.5))
        continue;
      for (guint k = 0; k < CHORDS; k++)
        {
          /* The chord from angle k to k + 1 of the quarter facing away
           * from the centre; its inward normal points at the centre. */
          double t0 = G_PI / 2 * k / CHORDS, t1 = G_PI / 2 * (k + 1) / CHORDS;
          double x0 = cx - sx * r * cos (t0), y0 = cy - sy * r * sin (t0);
          double x1 = cx - sx * r * cos (t1), y1 = cy - sy * r * sin (t1);
          double nx = cx - (x0 + x1) / 2, ny = cy - (y0 + y1) / 2;

          clip_polygon_plane (a, b, nx, ny, nx * x0 + ny * y0);
          g_array_set_size (a, 0);
          if (b->len > 0)
            g_array_append_vals (a, b->data, b->len);
        }
    }
}

/* @a (x, y pairs) cut to @box, left in @a (@b is scratch). */
static void
clip_polygon (GArray                *a,
              GArray                *b,
              const StrataChartRect *box)
{
  clip_polygon_plane (a, b, 1, 0, box->x);
  clip_polygon_plane (b, a, -1, 0, -(box->x + box->width));
  clip_polygon_plane (a, b, 0, 1, box->y);
  clip_polygon_plane (b, a, 0, -1, -(box->y + box->height));
}

/* Adds the polygon @a (x, y pairs) to the path as a closed sub-path. */
static void
append_polygon (cairo_t *cr,
                GArray  *a)
{
  const double *p = (const double *) (gpointer) a->data;

  if (a->len == 0)
    return;
  cairo_move_to (cr, p[0], p[1]);
  for (guint k = 1; k < a->len / 2; k++)
    cairo_line_to (cr, p[2 * k], p[2 * k + 1]);
  cairo_close_path (cr);
}

void
_strata_chart_fill_clipped (cairo_t               *cr,
                            const double          *xy,
                            guint                  n,
                            const StrataChartRect *box)
{
  g_autoptr(GArray) a = g_array_sized_new (FALSE, FALSE, sizeof (double), 2 * n + 16);
  g_autoptr(GArray) b = g_array_sized_new (FALSE, FALSE, sizeof (double), 2 * n + 16);

  g_array_append_vals (a, xy, 2 * n);
  clip_polygon (a, b, box);
  cairo_new_path (cr);
  append_polygon (cr, a);
  cairo_fill (cr);
}

/* Hatching is lines cut off at the rectangle's edges.  Each line of width
 * w is the band within w/2 of it: with butt caps, the parallelogram of its
 * two ends moved w/2 either way across it.  That parallelogram cut to the
 * rectangle is exactly what a stroke inside a clip to the rectangle covers,
 * so the lines are filled as those polygons, all in one fill (they do not
 * overlap while @step exceeds the width), and nothing is drawn outside. */
void
_strata_chart_hatch (cairo_t               *cr,
                     const StrataChartRect *rect,
                     const double           radius[4],
                     double                 step)
{
  g_autoptr(GArray) a = g_array_sized_new (FALSE, FALSE, sizeof (double), 32);
  g_autoptr(GArray) b = g_array_sized_new (FALSE, FALSE, sizeof (double), 32);
  double half = cairo_get_line_width (cr) / 2 / G_SQRT2;   /* the normal (1, 1)/sqrt 2 times w/2 */
  double x = rect->x, y = rect->y, w = rect->width, h = rect->height;

  cairo_new_path (cr);
  if (!(w > 0 && h > 0 && step > 0))
    return;
  for (double d = -h; d < w; d += step)
    {
      /* From (x + d, y + h) up to (x + d + h, y). */
      const double quad[8] = {
        x + d - half, y + h - half,
        x + d + h - half, y - half,
        x + d + h + half, y + half,
        x + d + half, y + h + half,
      };

      g_array_set_size (a, 0);
      g_array_append_vals (a, quad, 8);
      clip_polygon (a, b, rect);
      if (radius != NULL)
        clip_polygon_corners (a, b, rect, radius);
      append_polygon (cr, a);
    }
  cairo_fill (cr);
}

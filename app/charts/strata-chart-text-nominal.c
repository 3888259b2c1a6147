/* strata-chart-text-nominal.c: SVG and PDF text laid out at one size
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <hb.h>

#include "strata-chart-private.h"

/* pango (1.50) gives every text size a fontconfig pattern of its own
 * (substitution, a match and a sort in two threads, a font and its
 * metrics: about 1.4 ms each), and the charts use eight sizes and weights.
 * A vector surface has no pixel grid and its text is unhinted, so on SVG
 * and PDF each label is laid out once at STRATA_CHART_NOMINAL_PX (one
 * pattern per weight and style), without pango's rounding, and drawn
 * scaled by cairo.
 *
 * The picture stays what pango would have laid out at the label's own
 * size: an unhinted font's advances are font units times the size, and
 * pango rounds each glyph's advance to whole units of the layout.  At
 * STRATA_CHART_NOMINAL_PX every position is an exact multiple of a font
 * unit (128 px is 64 Pango units per unit of a 2048-unit em), so the font
 * units are read back and scaled to the label's size as harfbuzz scales
 * them (advance and kerning apart), then rounded as pango rounds them; the
 * line's height and baseline come from the font's ascent and descent the
 * way pango's cairo fonts compute them.  Widths, boxes and glyph positions
 * are therefore those of a layout at the label's size, and every placement
 * decision (what fits, what collides) is the same.  Text pango would
 * ellipsize, and glyphs whose font units cannot be read back (missing
 * glyphs, fonts with more units per em than that), are laid out at their
 * own size as before.  test-chart-text compares both ways. */

typedef struct
{
  gboolean        usable;    /* else lay the text out at its own size */
  double          size;      /* the label's size, px (as pango holds it) */
  double          scale;     /* size / STRATA_CHART_NOMINAL_PX */
  PangoRectangle  logical;   /* at the label's size, Pango units */
  int             baseline;  /* at the label's size, Pango units */
  GSList         *runs;      /* PangoGlyphItem copies, advances at the label's size / scale */
  GArray         *widths;    /* int: each run's width at the label's size, Pango units */
} NominalText;

static GQuark
nominal_quark (void)
{
  static GQuark quark;

  if (G_UNLIKELY (quark == 0))
    quark = g_quark_from_static_string ("strata-chart-nominal-text");
  return quark;
}

static void
nominal_text_free (gpointer data)
{
  NominalText *n = data;

  g_slist_free_full (n->runs, (GDestroyNotify) pango_glyph_item_free);
  g_clear_pointer (&n->widths, g_array_unref);
  g_free (n);
}

/* harfbuzz's scaling of font units at an x scale of @mult (hb_font_t's
 * em_mult: (v * mult + 32768) >> 16, mult = (scale << 16) / upem). */
static gint64
em_scale (gint64 units,
          gint64 mult)
{
  return (units * mult + 32768) >> 16;
}

static gboolean
units_of (double  nominal,
          double  units_per,
          gint64 *units)
{
  double u = nominal * units_per;

  *units = (gint64) llround (u);
  return fabs (u - (double) *units) < 0.25;
}

/* One run: advances and offsets at the label's size, as pango's rounding
 * would give them; FALSE when the font units cannot be read back. */
static gboolean
scale_run (PangoGlyphItem *run,
           int             pango_size,
           double          scale,
           int            *width)
{
  PangoFont *font = run->item->analysis.font;
  hb_font_t *hb = font != NULL ? pango_font_get_hb_font (font) : NULL;
  unsigned int upem = hb != NULL ? hb_face_get_upem (hb_font_get_face (hb)) : 0;
  double units_per;
  gint64 mult;

  *width = 0;
  if (upem == 0 || upem > 4096)
    return FALSE;
  units_per = upem / (STRATA_CHART_NOMINAL_PX * PANGO_SCALE);
  mult = ((gint64) pango_size << 16) / upem;
  for (int i = 0; i < run->glyphs->num_glyphs; i++)
    {
      PangoGlyphInfo *g = &run->glyphs->glyphs[i];
      gint64 total, advance, x_off, y_off, w;

      if (g->glyph == PANGO_GLYPH_EMPTY && g->geometry.width == 0 &&
          g->geometry.x_offset == 0 && g->geometry.y_offset == 0)
        continue;
      if ((g->glyph & PANGO_GLYPH_UNKNOWN_FLAG) || g->glyph == PANGO_GLYPH_EMPTY)
        return FALSE;
      if (!units_of (g->geometry.width, units_per, &total) ||
          !units_of (hb_font_get_glyph_h_advance (hb, g->glyph), units_per, &advance) ||
          !units_of (g->geometry.x_offset, units_per, &x_off) ||
          !units_of (g->geometry.y_offset, units_per, &y_off))
        return FALSE;
      /* The advance and the kerning harfbuzz added to it, each scaled. */
      w = PANGO_UNITS_ROUND (em_scale (advance, mult) + em_scale (total - advance, mult));
      *width += (int) w;
      g->geometry.width = (int) lround (w / scale);
      g->geometry.x_offset = (int) lround (PANGO_UNITS_ROUND (em_scale (x_off, mult)) / scale);
      g->geometry.y_offset = (int) lround (PANGO_UNITS_ROUND (em_scale (y_off, mult)) / scale);
    }
  return TRUE;
}

/* The run's top and height at @px as pango's cairo fonts have them:
 * cairo's unhinted ascent and descent (font units over the em) times the
 * font matrix's vertical scale (its determinant over its horizontal
 * scale), each turned into Pango units as pango turns them. */
static gboolean
run_extents (PangoGlyphItem       *run,
             const PangoRectangle *nominal,
             double                px,
             int                  *top,
             int                  *height)
{
  hb_font_t *hb = pango_font_get_hb_font (run->item->analysis.font);
  unsigned int upem = hb != NULL ? hb_face_get_upem (hb_font_get_face (hb)) : 0;
  double units_per, y_scale, ascent, descent;
  gint64 a, ad;

  if (upem == 0 || upem > 4096)
    return FALSE;
  units_per = upem / (STRATA_CHART_NOMINAL_PX * PANGO_SCALE);
  if (!units_of (-nominal->y, units_per, &a) || !units_of (nominal->height, units_per, &ad))
    return FALSE;
  y_scale = (px * px) / px;
  ascent = a / (double) upem * y_scale;
  descent = (ad - a) / (double) upem * y_scale;
  *top = -pango_units_from_double (ascent);
  *height = pango_units_from_double (ascent) + pango_units_from_double (descent);
  return TRUE;
}

static void
measure (NominalText *n,
         PangoLayout *layout,
         int          pango_size)
{
  PangoLayoutLine *line = pango_layout_get_line_readonly (layout, 0);
  double px = pango_size / (double) PANGO_SCALE;
  int top = G_MAXINT, bottom = G_MININT, width = 0;

  if (line == NULL || line->runs == NULL || pango_layout_get_line_count (layout) != 1)
    return;
  n->widths = g_array_new (FALSE, FALSE, sizeof (int));
  for (GSList *l = line->runs; l != NULL; l = l->next)
    {
      PangoGlyphItem *run = pango_glyph_item_copy (l->data);
      PangoRectangle logical;
      int run_width, y, h;

      n->runs = g_slist_prepend (n->runs, run);
      /* Ascent and descent as pango's cairo fonts round them, at the
       * label's size (pango_units_from_double of cairo's extents). */
      pango_glyph_string_extents (run->glyphs, run->item->analysis.font, NULL, &logical);
      if (!scale_run (run, pango_size, n->scale, &run_width))
        return;
      if (!run_extents (run, &logical, px, &y, &h))
        return;
      top = MIN (top, y);
      bottom = MAX (bottom, y + h);
      width += run_width;
      g_array_append_val (n->widths, run_width);
    }
  n->runs = g_slist_reverse (n->runs);
  n->logical = (PangoRectangle) { 0, 0, width, bottom - top };
  n->baseline = -top;
  n->usable = TRUE;
}

gboolean
_strata_chart_nominal_layout (PangoLayout *layout,
                              double       size,
                              double       max_width)
{
  NominalText *n = g_new0 (NominalText, 1);
  int pango_size = (int) (size * PANGO_SCALE);

  n->size = pango_size / (double) PANGO_SCALE;
  n->scale = n->size / STRATA_CHART_NOMINAL_PX;
  measure (n, layout, pango_size);
  /* pango ellipsizes a line wider than the layout's width. */
  if (n->usable && max_width > 0 && n->logical.width > (int) (max_width * PANGO_SCALE))
    n->usable = FALSE;
  if (!n->usable)
    {
      g_slist_free_full (g_steal_pointer (&n->runs), (GDestroyNotify) pango_glyph_item_free);
      g_clear_pointer (&n->widths, g_array_unref);
    }
  g_object_set_qdata_full (G_OBJECT (layout), nominal_quark (), n, nominal_text_free);
  return n->usable;
}

gboolean
_strata_chart_nominal_usable (PangoLayout *layout)
{
  NominalText *n = g_object_get_qdata (G_OBJECT (layout), nominal_quark ());

  return n != NULL && n->usable;
}

gboolean
_strata_chart_nominal_extents (PangoLayout    *layout,
                               PangoRectangle *logical,
                               int            *baseline,
                               double         *size)
{
  NominalText *n = g_object_get_qdata (G_OBJECT (layout), nominal_quark ());

  if (n == NULL || !n->usable)
    return FALSE;
  if (logical != NULL)
    *logical = n->logical;
  if (baseline != NULL)
    *baseline = n->baseline;
  if (size != NULL)
    *size = n->size;
  return TRUE;
}

/* Where _strata_chart_nominal_show () puts each glyph's origin, px from
 * the line's start, in visual order (for the tests). */
GArray *
_strata_chart_nominal_glyph_x (PangoLayout *layout)
{
  NominalText *n = g_object_get_qdata (G_OBJECT (layout), nominal_quark ());
  GArray *out = g_array_new (FALSE, FALSE, sizeof (double));
  int x = 0;
  guint i = 0;

  for (GSList *l = n != NULL && n->usable ? n->runs : NULL; l != NULL; l = l->next, i++)
    {
      PangoGlyphItem *run = l->data;
      int in_run = 0;

      for (int g = 0; g < run->glyphs->num_glyphs; g++)
        {
          double gx = x / (double) PANGO_SCALE +
                      (in_run + run->glyphs->glyphs[g].geometry.x_offset) * n->scale / PANGO_SCALE;

          g_array_append_val (out, gx);
          in_run += run->glyphs->glyphs[g].geometry.width;
        }
      x += g_array_index (n->widths, int, i);
    }
  return out;
}

/* Draws the line with its top left corner at the current origin. */
void
_strata_chart_nominal_show (cairo_t     *cr,
                            PangoLayout *layout)
{
  NominalText *n = g_object_get_qdata (G_OBJECT (layout), nominal_quark ());
  const char *text = pango_layout_get_text (layout);
  int x = 0;
  guint i = 0;

  g_return_if_fail (n != NULL && n->usable);
  for (GSList *l = n->runs; l != NULL; l = l->next, i++)
    {
      PangoGlyphItem *run = l->data;

      cairo_save (cr);
      cairo_translate (cr, x / (double) PANGO_SCALE, n->baseline / (double) PANGO_SCALE);
      cairo_scale (cr, n->scale, n->scale);
      cairo_move_to (cr, 0, 0);
      pango_cairo_show_glyph_item (cr, text, run);
      cairo_restore (cr);
      x += g_array_index (n->widths, int, i);
    }
}

/* strata-chart-svg.c: SVG text as <text> elements
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * cairo's SVG surface turns text into glyph outlines, which no slide tool
 * can edit.  When the export asks for text elements it hangs a GString on
 * the cairo_t (user data); the charts' text function then appends a
 * <text> element, at the pango layout's baseline and with the resolved
 * font named, instead of drawing the glyphs, and the export adds those
 * elements to the document cairo wrote for everything else.  The text
 * layer sits above the drawing, as labels do in the charts.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "strata-chart-private.h"

const cairo_user_data_key_t _strata_svg_text_key;

GString *
_strata_svg_text_sink (cairo_t *cr)
{
  return cr != NULL ? cairo_get_user_data (cr, &_strata_svg_text_key) : NULL;
}

/* The family fontconfig picks for @family ("Sans" -> "DejaVu Sans"), so a
 * slide tool asks for the font the chart was laid out with. */
static const char *
resolved_family (PangoLayout *layout)
{
  static GHashTable *cache = NULL;
  static GMutex lock;
  const PangoFontDescription *desc = pango_layout_get_font_description (layout);
  const char *asked = desc != NULL ? pango_font_description_get_family (desc) : NULL;
  const char *found;

  if (asked == NULL)
    return "sans-serif";

  g_mutex_lock (&lock);
  if (cache == NULL)
    cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  found = g_hash_table_lookup (cache, asked);
  if (found == NULL)
    {
      PangoFont *font = pango_context_load_font (pango_layout_get_context (layout), desc);
      PangoFontDescription *real = font != NULL ? pango_font_describe (font) : NULL;
      const char *family = real != NULL ? pango_font_description_get_family (real) : NULL;

      found = g_strdup (family != NULL && *family != '\0' ? family : asked);
      g_hash_table_insert (cache, g_strdup (asked), (char *) found);
      g_clear_pointer (&real, pango_font_description_free);
      g_clear_object (&font);
    }
  g_mutex_unlock (&lock);
  return found;
}

/* What the layout shows: its text, with pango's ellipsis in place of the
 * part it cut. */
static char *
shown_text (PangoLayout *layout)
{
  const char *text = pango_layout_get_text (layout);
  PangoLayoutLine *line = pango_layout_get_line_readonly (layout, 0);
  GString *out;

  if (!pango_layout_is_ellipsized (layout) || line == NULL)
    return g_strdup (text);

  out = g_string_new (NULL);
  for (GSList *l = line->runs; l != NULL; l = l->next)
    {
      PangoGlyphItem *run = l->data;
      PangoItem *item = run->item;

      if (item->analysis.flags & PANGO_ANALYSIS_FLAG_IS_ELLIPSIS)
        g_string_append (out, "\xE2\x80\xA6");
      else
        g_string_append_len (out, text + item->offset, item->length);
    }
  return g_string_free (out, FALSE);
}

static void
append_number (GString *out,
               double   value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (buffer, sizeof buffer, "%.2f", fabs (value) < 5e-3 ? 0.0 : value);
  g_string_append (out, buffer);
}

void
_strata_svg_text (GString              *out,
                  cairo_t              *cr,
                  PangoLayout          *layout,
                  const PangoRectangle *logical,
                  double                ax,
                  StrataRgba            color)
{
  const PangoFontDescription *desc = pango_layout_get_font_description (layout);
  g_autofree char *text = shown_text (layout);
  g_autofree char *escaped = NULL;
  g_autofree char *family = NULL;
  cairo_matrix_t m;
  const char *anchor;
  double width = logical->width / (double) PANGO_SCALE;
  double x, y, angle, scale, size;

  if (text == NULL || *text == '\0')
    return;

  /* The layout's logical box starts at the current origin; the text's
   * anchor on its baseline, in device units. */
  if (ax < 0.25)
    anchor = "start", x = 0;
  else if (ax > 0.75)
    anchor = "end", x = width;
  else
    anchor = "middle", x = width / 2;
  y = (pango_layout_get_baseline (layout) - logical->y) / (double) PANGO_SCALE;
  cairo_get_matrix (cr, &m);
  if (fabs (m.xy) > 1e-9 || fabs (m.yx) > 1e-9)
    anchor = "middle", x = width / 2;   /* rotated: centred on its box */
  cairo_user_to_device (cr, &x, &y);
  angle = atan2 (m.yx, m.xx) * 180.0 / G_PI;
  scale = sqrt (fabs (m.xx * m.yy - m.xy * m.yx));
  size = pango_font_description_get_size (desc) / (double) PANGO_SCALE * scale;

  escaped = g_markup_escape_text (text, -1);
  family = g_markup_escape_text (resolved_family (layout), -1);

  g_string_append (out, "<text x=\"");
  append_number (out, x);
  g_string_append (out, "\" y=\"");
  append_number (out, y);
  g_string_append_printf (out, "\" font-family=\"%s, sans-serif\" font-size=\"", family);
  append_number (out, size);
  g_string_append (out, "px\"");
  if (pango_font_description_get_weight (desc) >= PANGO_WEIGHT_BOLD)
    g_string_append (out, " font-weight=\"bold\"");
  if (pango_font_description_get_style (desc) != PANGO_STYLE_NORMAL)
    g_string_append (out, " font-style=\"italic\"");
  if (strcmp (anchor, "start") != 0)
    g_string_append_printf (out, " text-anchor=\"%s\"", anchor);
  g_string_append_printf (out, " fill=\"#%02x%02x%02x\"",
                          (guint) lround (_strata_chart_clamp (color.r, 0, 1) * 255),
                          (guint) lround (_strata_chart_clamp (color.g, 0, 1) * 255),
                          (guint) lround (_strata_chart_clamp (color.b, 0, 1) * 255));
  if (color.a < 1.0)
    {
      g_string_append (out, " fill-opacity=\"");
      append_number (out, _strata_chart_clamp (color.a, 0, 1));
      g_string_append_c (out, '"');
    }
  if (fabs (angle) > 1e-6)
    {
      g_string_append (out, " transform=\"rotate(");
      append_number (out, angle);
      g_string_append_c (out, ' ');
      append_number (out, x);
      g_string_append_c (out, ' ');
      append_number (out, y);
      g_string_append (out, ")\"");
    }
  g_string_append_printf (out, ">%s</text>\n", escaped);
}

gboolean
_strata_svg_insert_text (GByteArray  *svg,
                         GString     *text)
{
  static const char close[] = "</svg>";
  const gsize n = sizeof close - 1;
  g_autoptr(GByteArray) tail = NULL;
  gsize at;

  if (text->len == 0)
    return TRUE;
  for (at = svg->len >= n ? svg->len - n + 1 : 0; at-- > 0;)
    if (memcmp (svg->data + at, close, n) == 0)
      break;
  if (at == (gsize) -1)
    return FALSE;

  tail = g_byte_array_sized_new (svg->len - at);
  g_byte_array_append (tail, svg->data + at, svg->len - at);
  g_byte_array_set_size (svg, at);
  g_byte_array_append (svg, (const guint8 *) "<g id=\"text\">\n", 14);
  g_byte_array_append (svg, (const guint8 *) text->str, text->len);
  g_byte_array_append (svg, (const guint8 *) "</g>\n", 5);
  g_byte_array_append (svg, tail->data, tail->len);
  return TRUE;
}

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

/* memmem () */
#define _GNU_SOURCE

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
 * slide tool asks for the font the chart was laid out with.  Text is
 * usually described by that family already (strata-chart-text.c resolves
 * the theme's): asking pango again would cost a fontconfig pattern of its
 * own (a match and a sort in two threads), since a loaded font's pattern
 * is not the layout's. */
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
  if (_strata_chart_family_resolved (asked))
    return asked;

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
  int baseline;

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
  if (!_strata_chart_nominal_extents (layout, NULL, &baseline, &size))
    {
      baseline = pango_layout_get_baseline (layout);
      size = pango_font_description_get_size (desc) / (double) PANGO_SCALE;
    }
  y = (baseline - logical->y) / (double) PANGO_SCALE;
  cairo_get_matrix (cr, &m);
  if (fabs (m.xy) > 1e-9 || fabs (m.yx) > 1e-9)
    anchor = "middle", x = width / 2;   /* rotated: centred on its box */
  cairo_user_to_device (cr, &x, &y);
  angle = atan2 (m.yx, m.xx) * 180.0 / G_PI;
  scale = sqrt (fabs (m.xx * m.yy - m.xy * m.yx));
  size *= scale;

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

/* The <text> elements appended to @out from @from on, the pieces of one
 * line of a sentence placed one after the other (text_sentence ()),
 * made one element at the first piece's place: a viewer lays the line
 * out in one run with its own metrics, where pieces placed by pango's
 * advances left gaps (rsvg measures DejaVu Sans narrower: "multi-cloud
 * and   multi-chip").  Pieces that differ in anything but their x and
 * text (a colour, a rotation) stay as they are. */
void
_strata_svg_merge_line (GString *out,
                        gsize    from)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *x0 = NULL;
  g_autofree char *rest0 = NULL;
  const char *p = out->str + from;
  guint n = 0;

  while (*p != '\0')
    {
      const char *x, *x_end, *rest_end, *content_end;

      if (!g_str_has_prefix (p, "<text x=\""))
        return;
      x = p + strlen ("<text x=\"");
      x_end = strchr (x, '"');
      rest_end = x_end != NULL ? strchr (x_end, '>') : NULL;
      content_end = rest_end != NULL ? strstr (rest_end, "</text>\n") : NULL;
      if (content_end == NULL)
        return;
      if (n == 0)
        {
          x0 = g_strndup (x, x_end - x);
          rest0 = g_strndup (x_end, rest_end - x_end);
        }
      else if (strlen (rest0) != (gsize) (rest_end - x_end) || memcmp (rest0, x_end, rest_end - x_end) != 0)
        return;
      else
        g_string_append_c (text, ' ');
      g_string_append_len (text, rest_end + 1, content_end - (rest_end + 1));
      p = content_end + strlen ("</text>\n");
      n++;
    }
  if (n < 2)
    return;
  g_string_truncate (out, from);
  g_string_append_printf (out, "<text x=\"%s%s>%s</text>\n", x0, rest0, text->str);
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

/* -- clip groups as viewports ---------------------------------------------
 *
 * cairo writes each clip as a <clipPath> and the clipped drawing as a
 * <g clip-path="url(#…)">.  LibreOffice (7.4) drops every <text> that comes
 * after such a group when it imports the SVG, so a chart inserted in a slide
 * would lose its labels.  Every clip the charts set is an axis-aligned
 * rectangle, and a nested <svg> viewport clips to exactly that rectangle;
 * with a viewBox equal to its own box it keeps the user space as it was, so
 * browsers, Inkscape and librsvg draw the same pixels, and LibreOffice keeps
 * every label.  Clips of any other shape, or on a group that also has a
 * transform, stay as cairo wrote them. */

typedef struct
{
  char *x, *y, *width, *height;
} ClipRect;

static void
clip_rect_free (gpointer data)
{
  ClipRect *r = data;

  g_free (r->x);
  g_free (r->y);
  g_free (r->width);
  g_free (r->height);
  g_free (r);
}

/* The value of attribute @name in the tag [@tag, @end), or NULL. */
static char *
tag_attribute (const char *tag,
               const char *end,
               const char *name)
{
  gsize n = strlen (name);

  for (const char *p = tag + 1; p + n + 2 < end; p++)
    if ((p[-1] == ' ' || p[-1] == '\n' || p[-1] == '\t')
        && memcmp (p, name, n) == 0 && p[n] == '=' && p[n + 1] == '"')
      {
        const char *v = p + n + 2;
        const char *q = memchr (v, '"', end - v);

        return q != NULL ? g_strndup (v, q - v) : NULL;
      }
  return NULL;
}

static char *
format_coord (double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (buffer, sizeof buffer, "%.6f", value);
  /* 125.656250 -> 125.65625, 80.000000 -> 80 */
  for (char *e = buffer + strlen (buffer) - 1; e > buffer && (*e == '0' || *e == '.'); e--)
    {
      gboolean dot = *e == '.';

      *e = '\0';
      if (dot)
        break;
    }
  return g_strdup (buffer);
}

/* A rectangle from a path's data "M x0 y0 L x1 y1 L x2 y2 L x3 y3 Z [M x0 y0]",
 * the form cairo writes for cairo_rectangle (). */
static ClipRect *
rect_from_path (const char *d)
{
  double px[5], py[5];
  guint n = 0;
  const char *p = d;
  double x0, y0, x1, y1;
  ClipRect *r;

  while (*p != '\0')
    {
      char *end;
      char op;

      while (*p == ' ' || *p == ',' || *p == '\n')
        p++;
      if (*p == '\0')
        break;
      op = *p++;
      if (op == 'Z' || op == 'z')
        {
          while (*p == ' ')
            p++;
          /* After Z cairo may repeat the first point as a move. */
          if (*p == 'M')
            {
              double mx, my;

              p++;
              mx = g_ascii_strtod (p, &end);
              if (end == p)
                return NULL;
              p = end;
              my = g_ascii_strtod (p, &end);
              if (end == p || mx != px[0] || my != py[0])
                return NULL;
              p = end;
            }
          while (*p == ' ' || *p == '\n')
            p++;
          if (*p != '\0')
            return NULL;
          break;
        }
      if (n >= 5 || (op == 'M') != (n == 0) || (op != 'M' && op != 'L'))
        return NULL;
      px[n] = g_ascii_strtod (p, &end);
      if (end == p)
        return NULL;
      p = end;
      py[n] = g_ascii_strtod (p, &end);
      if (end == p)
        return NULL;
      p = end;
      n++;
    }
  if (n == 5 && px[4] == px[0] && py[4] == py[0])
    n = 4;
  if (n != 4)
    return NULL;

  /* Axis-aligned: each edge horizontal or vertical, alternating. */
  for (guint i = 0; i < 4; i++)
    {
      guint j = (i + 1) % 4, k = (i + 2) % 4;
      gboolean h1 = py[i] == py[j], v1 = px[i] == px[j];
      gboolean h2 = py[j] == py[k], v2 = px[j] == px[k];

      if (!((h1 && v2) || (v1 && h2)))
        return NULL;
    }
  x0 = MIN (MIN (px[0], px[1]), px[2]);
  x1 = MAX (MAX (px[0], px[1]), px[2]);
  y0 = MIN (MIN (py[0], py[1]), py[2]);
  y1 = MAX (MAX (py[0], py[1]), py[2]);
  if (!isfinite (x0) || !isfinite (x1) || !isfinite (y0) || !isfinite (y1))
    return NULL;

  r = g_new0 (ClipRect, 1);
  r->x = format_coord (x0);
  r->y = format_coord (y0);
  r->width = format_coord (x1 - x0);
  r->height = format_coord (y1 - y0);
  return r;
}

/* Where @needle first occurs in [p, end), or NULL: glibc's memmem, about
 * ten times fewer instructions than g_strstr_len's byte loop on a 70 kB
 * document. */
static const char *
find (const char *p,
      const char *end,
      const char *needle)
{
  return p < end ? memmem (p, end - p, needle, strlen (needle)) : NULL;
}

/* Every <clipPath id="…"> of the document holding one rectangle, by id. */
static GHashTable *
rect_clips (const char *data,
            gsize       size)
{
  GHashTable *clips = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, clip_rect_free);
  const char *end = data + size;
  const char *p = data;

  while ((p = find (p, end, "<clipPath")) != NULL)
    {
      const char *tag_end = memchr (p, '>', end - p);
      const char *close, *child, *child_end;
      g_autofree char *id = NULL;
      g_autofree char *d = NULL;
      g_autofree char *units = NULL;
      g_autofree char *transform = NULL;
      ClipRect *r = NULL;

      if (tag_end == NULL)
        break;
      close = find (tag_end, end, "</clipPath>");
      if (close == NULL)
        break;
      id = tag_attribute (p, tag_end, "id");
      units = tag_attribute (p, tag_end, "clipPathUnits");
      transform = tag_attribute (p, tag_end, "transform");
      /* One child, a <path> with no transform of its own. */
      child = memchr (tag_end, '<', close - tag_end);
      if (id != NULL && transform == NULL && (units == NULL || g_str_equal (units, "userSpaceOnUse"))
          && child != NULL && g_str_has_prefix (child, "<path ")
          && (child_end = memchr (child, '>', close - child)) != NULL
          && memchr (child_end, '<', close - child_end) == NULL)
        {
          g_autofree char *child_transform = tag_attribute (child, child_end, "transform");

          d = tag_attribute (child, child_end, "d");
          if (d != NULL && child_transform == NULL)
            r = rect_from_path (d);
        }
      if (r != NULL)
        g_hash_table_insert (clips, g_steal_pointer (&id), r);
      p = close;
    }
  return clips;
}

enum { GROUP_PLAIN, GROUP_VIEWPORT, GROUP_VIEWPORT_AND_G };

/* The tag [tag, tag_end] without its clip-path and clip-rule attributes:
 * what remains for a <g> inside the viewport, or "" when nothing does. */
static char *
other_attributes (const char *tag,
                  const char *tag_end)
{
  GString *out = g_string_new (NULL);
  const char *p = tag + 2;   /* after "<g" */

  while (p < tag_end)
    {
      const char *name, *eq, *q, *v_end;

      while (p < tag_end && (*p == ' ' || *p == '\n' || *p == '\t'))
        p++;
      if (p >= tag_end || *p == '>' || *p == '/')
        break;
      name = p;
      eq = memchr (p, '=', tag_end - p);
      if (eq == NULL || eq[1] != '"')
        break;
      q = eq + 2;
      v_end = memchr (q, '"', tag_end - q);
      if (v_end == NULL)
        break;
      if (!((eq - name == 9 && memcmp (name, "clip-path", 9) == 0)
            || (eq - name == 9 && memcmp (name, "clip-rule", 9) == 0)))
        {
          g_string_append_c (out, ' ');
          g_string_append_len (out, name, v_end + 1 - name);
        }
      p = v_end + 1;
    }
  return g_string_free (out, FALSE);
}

void
_strata_svg_flatten_clips (GByteArray *svg)
{
  const char *data = (const char *) svg->data;
  const char *end = data + svg->len;
  g_autoptr(GHashTable) clips = rect_clips (data, svg->len);
  g_autoptr(GByteArray) stack = NULL;
  GString *out;
  const char *p, *copied;
  gboolean changed = FALSE;

  if (g_hash_table_size (clips) == 0)
    return;

  out = g_string_sized_new (svg->len + 1024);
  stack = g_byte_array_new ();
  copied = data;
  for (p = data; p < end && (p = memchr (p, '<', end - p)) != NULL; p++)
    {
      const char *tag_end;

      if (end - p >= 4 && memcmp (p, "</g>", 4) == 0)
        {
          guint8 kind;

          if (stack->len == 0)
            goto refuse;
          kind = stack->data[stack->len - 1];
          g_byte_array_set_size (stack, stack->len - 1);
          if (kind == GROUP_PLAIN)
            continue;
          g_string_append_len (out, copied, p - copied);
          g_string_append (out, kind == GROUP_VIEWPORT ? "</svg>" : "</g></svg>");
          copied = p + 4;
          continue;
        }
      if (!(end - p >= 3 && p[1] == 'g' && (p[2] == ' ' || p[2] == '>' || p[2] == '/')))
        continue;
      tag_end = memchr (p, '>', end - p);
      if (tag_end == NULL)
        goto refuse;
      if (tag_end[-1] == '/')
        continue;   /* <g/>: nothing to close */
      {
        g_autofree char *clip = tag_attribute (p, tag_end, "clip-path");
        g_autofree char *transform = tag_attribute (p, tag_end, "transform");
        g_autofree char *rest = NULL;
        ClipRect *r = NULL;
        guint8 kind = GROUP_PLAIN;

        if (clip != NULL && transform == NULL && g_str_has_prefix (clip, "url(#") && g_str_has_suffix (clip, ")"))
          {
            g_autofree char *id = g_strndup (clip + 5, strlen (clip) - 6);

            r = g_hash_table_lookup (clips, id);
          }
        if (r != NULL)
          {
            rest = other_attributes (p, tag_end);
            g_string_append_len (out, copied, p - copied);
            g_string_append_printf (out,
                                    "<svg x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" viewBox=\"%s %s %s %s\" overflow=\"hidden\">",
                                    r->x, r->y, r->width, r->height, r->x, r->y, r->width, r->height);
            if (*rest != '\0')
              {
                g_string_append_printf (out, "<g%s>", rest);
                kind = GROUP_VIEWPORT_AND_G;
              }
            else
              kind = GROUP_VIEWPORT;
            copied = tag_end + 1;
            changed = TRUE;
          }
        g_byte_array_append (stack, &kind, 1);
        p = tag_end;
      }
    }
  if (stack->len != 0)
    goto refuse;
  if (changed)
    {
      g_string_append_len (out, copied, end - copied);
      g_byte_array_set_size (svg, 0);
      g_byte_array_append (svg, (const guint8 *) out->str, out->len);
    }
  g_string_free (out, TRUE);
  return;

refuse:
  /* Not nested as cairo writes it: leave the document as it is. */
  g_string_free (out, TRUE);
}

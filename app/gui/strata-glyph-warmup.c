/* strata-glyph-warmup.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <pango/pangocairo.h>

#include "strata-glyph-warmup.h"

/*
 * Issue 15: the glyphs of a window's first frame, rasterized in a better
 * order than GTK's renderer would.
 *
 * GTK 4.8 lays text out with unhinted metrics but draws hinted glyphs.
 * For a glyph it has not drawn before, its GL renderer asks the glyph's
 * extents, then draws it: cairo 1.16 loads the metrics with the font
 * face set to its em size and the picture at the font's size.  On a
 * TrueType font with bytecode (DejaVu Sans here) each change of size on
 * the face runs the font's "prep" program again: twice a glyph, about
 * 280,000 instructions each.  With the window's labels that was 414 runs,
 * 116 M instructions (8 % of the main thread's start).
 *
 * Here the first frame's labels are read once they are laid out (the
 * frame's layout phase, before it is painted): for each font, the
 * extents of all its glyphs are asked in a row (the face stays at its em
 * size), then all of them are drawn in a row at the font's size, on a
 * scratch surface the way GTK's renderer draws them.  The same fonts,
 * the same glyphs and the same pixels; cairo and pango keep them, and
 * the renderer finds them there.
 */

typedef struct {
  PangoFont *font;
  GArray    *glyphs;   /* PangoGlyph, each once */
  GHashTable *seen;
} FontGlyphs;

static void
font_glyphs_free (gpointer data)
{
  FontGlyphs *fg = data;

  g_object_unref (fg->font);
  g_array_unref (fg->glyphs);
  g_hash_table_unref (fg->seen);
  g_free (fg);
}

static void
collect_layout (GHashTable  *fonts,
                PangoLayout *layout)
{
  PangoLayoutIter *iter = pango_layout_get_iter (layout);

  do
    {
      PangoLayoutRun *run = pango_layout_iter_get_run_readonly (iter);
      FontGlyphs *fg;

      if (run == NULL || run->item->analysis.font == NULL || !PANGO_IS_CAIRO_FONT (run->item->analysis.font))
        continue;
      fg = g_hash_table_lookup (fonts, run->item->analysis.font);
      if (fg == NULL)
        {
          fg = g_new0 (FontGlyphs, 1);
          fg->font = g_object_ref (run->item->analysis.font);
          fg->glyphs = g_array_new (FALSE, FALSE, sizeof (PangoGlyph));
          fg->seen = g_hash_table_new (NULL, NULL);
          g_hash_table_insert (fonts, fg->font, fg);
        }
      for (int i = 0; i < run->glyphs->num_glyphs; i++)
        {
          PangoGlyph glyph = run->glyphs->glyphs[i].glyph;

          if (glyph == PANGO_GLYPH_EMPTY || (glyph & PANGO_GLYPH_UNKNOWN_FLAG) != 0 ||
              !g_hash_table_add (fg->seen, GUINT_TO_POINTER (glyph + 1)))
            continue;
          g_array_append_val (fg->glyphs, glyph);
        }
    }
  while (pango_layout_iter_next_run (iter));
  pango_layout_iter_free (iter);
}

/* The labels the frame will draw: mapped, and inside the window (the
 * rows a scrolled window keeps below its fold are not drawn). */
static void
collect_widget (GHashTable      *fonts,
                GtkWidget       *widget,
                GtkWidget       *window,
                graphene_rect_t *visible)
{
  if (!gtk_widget_get_mapped (widget))
    return;

  if (GTK_IS_LABEL (widget))
    {
      graphene_rect_t bounds;

      if (gtk_widget_compute_bounds (widget, window, &bounds) &&
          graphene_rect_intersection (&bounds, visible, NULL))
        collect_layout (fonts, gtk_label_get_layout (GTK_LABEL (widget)));
      return;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_widget (fonts, child, window, visible);
}

static void
warm_font (FontGlyphs *fg,
           cairo_t    *cr)
{
  PangoGlyphString *string = pango_glyph_string_new ();

  /* The metrics first, all of them at the face's em size ... */
  for (guint i = 0; i < fg->glyphs->len; i++)
    pango_font_get_glyph_extents (fg->font, g_array_index (fg->glyphs, PangoGlyph, i), NULL, NULL);

  /* ... then the pictures, all at the font's size, drawn as GTK's
   * renderer draws a glyph (pango_cairo_show_glyph_string ()) on top of
   * each other inside the surface. */
  pango_glyph_string_set_size (string, fg->glyphs->len);
  for (guint i = 0; i < fg->glyphs->len; i++)
    {
      string->glyphs[i].glyph = g_array_index (fg->glyphs, PangoGlyph, i);
      string->glyphs[i].geometry.width = 0;
      string->glyphs[i].geometry.x_offset = 0;
      string->glyphs[i].geometry.y_offset = 0;
      string->glyphs[i].attr.is_cluster_start = 1;
      string->log_clusters[i] = 0;
    }
  cairo_move_to (cr, 32, 64);
  pango_cairo_show_glyph_string (cr, fg->font, string);
  pango_glyph_string_free (string);
}

static void
on_layout_cb (GdkFrameClock *frame_clock,
              GtkWidget     *window)
{
  g_autoptr(GHashTable) fonts = g_hash_table_new_full (NULL, NULL, NULL, font_glyphs_free);
  graphene_rect_t visible;
  cairo_surface_t *surface;
  cairo_t *cr;
  GHashTableIter iter;
  FontGlyphs *fg;

  g_signal_handlers_disconnect_by_func (frame_clock, on_layout_cb, window);

  graphene_rect_init (&visible, 0, 0, gtk_widget_get_width (window), gtk_widget_get_height (window));
  collect_widget (fonts, window, window, &visible);

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 128, 128);
  cr = cairo_create (surface);
  g_hash_table_iter_init (&iter, fonts);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &fg))
    warm_font (fg, cr);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

static void
on_realize_cb (GtkWidget *window)
{
  g_signal_handlers_disconnect_by_func (window, on_realize_cb, NULL);
  /* GDK's own handler (the layout) runs first: it was connected when
   * the surface was made. */
  g_signal_connect_object (gtk_widget_get_frame_clock (window), "layout",
                           G_CALLBACK (on_layout_cb), window, 0);
}

void
_strata_glyph_warmup_attach (GtkWindow *window)
{
  g_return_if_fail (GTK_IS_WINDOW (window));

  g_signal_connect (window, "realize", G_CALLBACK (on_realize_cb), NULL);
}

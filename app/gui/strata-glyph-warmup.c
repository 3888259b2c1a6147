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
 * Here the first frame's labels are read as the frame starts (the window
 * was measured for it, so their text is shaped) and, in a worker while
 * the main thread lays the frame out, for each font the extents of all
 * its glyphs are asked in a row (the face stays at its em size), then
 * all of them are drawn in a row at the font's size, on a scratch
 * surface the way GTK's renderer draws them.  The frame's layout waits
 * for the worker at its end, and warms the glyphs of labels it mapped
 * itself (the header's title) the same way.  The same fonts, the same
 * glyphs and the same pixels; cairo keeps them (its fonts are shared
 * between threads, under their own locks), and the renderer finds them
 * there.
 */

typedef struct {
  cairo_scaled_font_t *font;   /* the PangoCairoFont's, ref'd */
  GArray              *glyphs; /* cairo_glyph_t, each glyph once */
  GHashTable          *seen;
} FontGlyphs;

static void
font_glyphs_free (gpointer data)
{
  FontGlyphs *fg = data;

  cairo_scaled_font_destroy (fg->font);
  g_array_unref (fg->glyphs);
  g_hash_table_unref (fg->seen);
  g_free (fg);
}

/* The glyphs of @layout not yet in @fonts (nor in @done, the worker's,
 * when not NULL). */
static void
collect_layout (GHashTable  *fonts,
                GHashTable  *done,
                PangoLayout *layout)
{
  PangoLayoutIter *iter = pango_layout_get_iter (layout);

  do
    {
      PangoLayoutRun *run = pango_layout_iter_get_run_readonly (iter);
      cairo_scaled_font_t *font;
      FontGlyphs *fg;

      if (run == NULL || run->item->analysis.font == NULL || !PANGO_IS_CAIRO_FONT (run->item->analysis.font))
        continue;
      font = pango_cairo_font_get_scaled_font (PANGO_CAIRO_FONT (run->item->analysis.font));
      if (font == NULL)
        continue;
      fg = g_hash_table_lookup (fonts, font);
      if (fg == NULL)
        {
          fg = g_new0 (FontGlyphs, 1);
          fg->font = cairo_scaled_font_reference (font);
          fg->glyphs = g_array_new (FALSE, FALSE, sizeof (cairo_glyph_t));
          fg->seen = g_hash_table_new (NULL, NULL);
          g_hash_table_insert (fonts, fg->font, fg);
        }
      for (int i = 0; i < run->glyphs->num_glyphs; i++)
        {
          PangoGlyph glyph = run->glyphs->glyphs[i].glyph;
          cairo_glyph_t cairo_glyph = { glyph, 32, 64 };
          FontGlyphs *warmed = done != NULL ? g_hash_table_lookup (done, font) : NULL;

          if (glyph == PANGO_GLYPH_EMPTY || (glyph & PANGO_GLYPH_UNKNOWN_FLAG) != 0 ||
              (warmed != NULL && g_hash_table_contains (warmed->seen, GUINT_TO_POINTER (glyph + 1))) ||
              !g_hash_table_add (fg->seen, GUINT_TO_POINTER (glyph + 1)))
            continue;
          g_array_append_val (fg->glyphs, cairo_glyph);
        }
    }
  while (pango_layout_iter_next_run (iter));
  pango_layout_iter_free (iter);
}

/* The labels the frame will draw, as the window was measured for it
 * (their text is shaped then; the layout phase only breaks lines), or,
 * once it is laid out (@window not NULL), those inside the window (the
 * rows a scrolled window keeps below its fold are not drawn). */
static void
collect_widget (GHashTable      *fonts,
                GHashTable      *done,
                GtkWidget       *widget,
                GtkWidget       *window,
                graphene_rect_t *visible)
{
  if (!gtk_widget_get_mapped (widget))
    return;
  if (GTK_IS_LABEL (widget))
    {
      graphene_rect_t bounds;

      if (window == NULL ||
          (gtk_widget_compute_bounds (widget, window, &bounds) &&
           graphene_rect_intersection (&bounds, visible, NULL)))
        collect_layout (fonts, done, gtk_label_get_layout (GTK_LABEL (widget)));
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_widget (fonts, done, child, window, visible);
}

/* In a worker, while the main thread lays the frame out: cairo's fonts
 * are shared between threads, and it is their caches (the glyphs'
 * metrics and pictures) that the renderer will read. */
static gpointer
warm_thread (gpointer data)
{
  GHashTable *fonts = data;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 128, 128);
  cairo_t *cr = cairo_create (surface);
  GHashTableIter iter;
  FontGlyphs *fg;

  g_hash_table_iter_init (&iter, fonts);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &fg))
    {
      cairo_text_extents_t extents;

      /* The metrics first, all of them at the face's em size (what
       * pango_font_get_glyph_extents () asks cairo) ... */
      for (guint i = 0; i < fg->glyphs->len; i++)
        cairo_scaled_font_glyph_extents (fg->font, &g_array_index (fg->glyphs, cairo_glyph_t, i), 1, &extents);
      /* ... then the pictures, all at the font's size, drawn as GTK's
       * renderer draws a glyph (pango_cairo_show_glyph_string () sets
       * the font's scaled font and shows the glyphs) on top of each
       * other inside the surface. */
      cairo_set_scaled_font (cr, fg->font);
      cairo_show_glyphs (cr, (cairo_glyph_t *) fg->glyphs->data, (int) fg->glyphs->len);
    }
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  return NULL;
}

static GThread *warm_worker;
static GHashTable *warm_fonts;

static void
on_before_paint_cb (GdkFrameClock *frame_clock,
                    GtkWidget     *window)
{
  g_signal_handlers_disconnect_by_func (frame_clock, on_before_paint_cb, window);
  if (warm_worker != NULL)
    return;
  warm_fonts = g_hash_table_new_full (NULL, NULL, NULL, font_glyphs_free);
  collect_widget (warm_fonts, NULL, window, NULL, NULL);
  warm_worker = g_thread_try_new ("strata-glyphs", warm_thread, warm_fonts, NULL);
  if (warm_worker == NULL)
    g_clear_pointer (&warm_fonts, g_hash_table_unref);
}

/* The end of the layout: the frame is drawn next.  The labels laid out
 * since the frame's start (those the layout mapped, such as the header's
 * title) have their glyphs warmed here. */
static void
on_layout_cb (GdkFrameClock *frame_clock,
              GtkWidget     *window)
{
  g_autoptr(GHashTable) fonts = g_hash_table_new_full (NULL, NULL, NULL, font_glyphs_free);
  graphene_rect_t visible;

  g_signal_handlers_disconnect_by_func (frame_clock, on_layout_cb, window);
  if (warm_worker != NULL)
    g_thread_join (g_steal_pointer (&warm_worker));
  graphene_rect_init (&visible, 0, 0, gtk_widget_get_width (window), gtk_widget_get_height (window));
  collect_widget (fonts, warm_fonts, window, window, &visible);
  g_clear_pointer (&warm_fonts, g_hash_table_unref);
  warm_thread (fonts);
}

static void
on_realize_cb (GtkWidget *window)
{
  GdkFrameClock *frame_clock = gtk_widget_get_frame_clock (window);

  g_signal_handlers_disconnect_by_func (window, on_realize_cb, NULL);
  /* GDK's own handlers (the style's update, the layout) run first: they
   * were connected when the surface was made. */
  g_signal_connect_object (frame_clock, "before-paint", G_CALLBACK (on_before_paint_cb), window, 0);
  g_signal_connect_object (frame_clock, "layout", G_CALLBACK (on_layout_cb), window, 0);
}

void
_strata_glyph_warmup_attach (GtkWindow *window)
{
  g_return_if_fail (GTK_IS_WINDOW (window));

  g_signal_connect (window, "realize", G_CALLBACK (on_realize_cb), NULL);
}

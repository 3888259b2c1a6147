/* strata-font-warmup.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "strata-font-warmup"

#include "config.h"

#include <pango/pangocairo.h>

#include "strata-font-warmup.h"

/*
 * Issue 15: the first window's fonts loaded in a worker while GTK sets up
 * its renderer.  Measuring the window for its first frame (as
 * gtk_window_present () asks the surface's size) loaded each of its
 * fonts on the main thread: fontconfig's substitution and sort for each
 * size and weight, the faces, their metrics and the glyphs' extents.
 *
 * Pango's font maps are not shared between threads (each thread has a
 * default one of its own), but a font map made in a worker and no longer
 * used there can be handed over.  Once the window's template is built,
 * the main thread reads the font, the language and the font options of
 * its labels as GTK set them; a worker makes a font map of the same kind,
 * loads those fonts in it, lays the labels' texts out with them (the
 * glyphs' extents stay in cairo's fonts) and asks their metrics, while
 * the main thread realizes the window.  Once realized (GTK's renderer set
 * up: the worker has had that long), the main thread waits for the
 * worker and gives the window the font map, before anything is measured.
 * The fonts are the same as in the default font map, found the same way;
 * only where they are loaded changes.
 */

typedef struct
{
  PangoFontMap         *font_map;   /* (owned) made and filled by the worker */
  cairo_font_options_t *options;
  double                resolution;
  PangoLanguage        *language;
  GPtrArray            *fonts;      /* PangoFontDescription */
  GPtrArray            *texts;      /* GString, one per font */
  GThread              *thread;
} Warmup;

static void
warmup_free (Warmup *warmup)
{
  g_clear_object (&warmup->font_map);
  cairo_font_options_destroy (warmup->options);
  g_ptr_array_unref (warmup->fonts);
  for (guint i = 0; i < warmup->texts->len; i++)
    g_string_free (g_ptr_array_index (warmup->texts, i), TRUE);
  g_ptr_array_unref (warmup->texts);
  g_free (warmup);
}

static gpointer
warmup_thread (gpointer data)
{
  Warmup *warmup = data;
  PangoFontMap *font_map;
  PangoContext *context;

  font_map = pango_cairo_font_map_new ();
  context = pango_font_map_create_context (font_map);
  pango_cairo_context_set_font_options (context, warmup->options);
  pango_cairo_context_set_resolution (context, warmup->resolution);
  pango_context_set_language (context, warmup->language);

  for (guint i = 0; i < warmup->fonts->len; i++)
    {
      const PangoFontDescription *desc = g_ptr_array_index (warmup->fonts, i);
      PangoLayout *layout = pango_layout_new (context);

      pango_layout_set_font_description (layout, desc);
      pango_layout_set_text (layout, ((GString *) g_ptr_array_index (warmup->texts, i))->str, -1);
      pango_layout_get_extents (layout, NULL, NULL);
      g_object_unref (layout);
      pango_font_metrics_unref (pango_context_get_metrics (context, desc, warmup->language));
    }
  g_object_unref (context);

  warmup->font_map = font_map;
  return NULL;
}

/* Labels styled alike (the same classes, under a parent of the same
 * kind) have the same font: only the first of each is asked for its font,
 * which makes GTK work its style out now (the frame's style pass keeps
 * it); the texts of the others go with it. */
static char *
style_key (GtkWidget *label)
{
  g_auto(GStrv) classes = gtk_widget_get_css_classes (label);
  g_autofree char *joined = g_strjoinv (".", classes);
  GtkWidget *parent = gtk_widget_get_parent (label);

  return g_strconcat (parent != NULL ? gtk_widget_get_css_name (parent) : "", " ", joined, NULL);
}

/* The fonts (and texts) of the labels under @widget. */
static void
collect (GtkWidget  *widget,
         Warmup     *warmup,
         GHashTable *seen)
{
  if (GTK_IS_LABEL (widget))
    {
      g_autofree char *key = style_key (widget);
      GString *texts = g_hash_table_lookup (seen, key);

      if (texts == NULL)
        {
          PangoContext *context = gtk_widget_get_pango_context (widget);

          if (warmup->options == NULL)
            {
              const cairo_font_options_t *options = pango_cairo_context_get_font_options (context);

              warmup->options = options != NULL ? cairo_font_options_copy (options) : cairo_font_options_create ();
              warmup->resolution = pango_cairo_context_get_resolution (context);
              warmup->language = pango_context_get_language (context);
            }
          texts = g_string_new (NULL);
          g_ptr_array_add (warmup->fonts, pango_font_description_copy (pango_context_get_font_description (context)));
          g_ptr_array_add (warmup->texts, texts);
          g_hash_table_insert (seen, g_steal_pointer (&key), texts);
        }
      g_string_append (texts, gtk_label_get_text (GTK_LABEL (widget)));
      g_string_append_c (texts, ' ');
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect (child, warmup, seen);
}

/* The first window's font map, given to every later window too, so that
 * they share its fonts (and the renderer's glyphs) as they would share
 * the default font map's. */
static PangoFontMap *font_map;

static void
on_realize_cb (GtkWidget *window,
               Warmup    *warmup)
{
  g_signal_handlers_disconnect_by_data (window, warmup);
  g_thread_join (g_steal_pointer (&warmup->thread));
  font_map = g_steal_pointer (&warmup->font_map);
  gtk_widget_set_font_map (window, font_map);
  warmup_free (warmup);
}

/* Never shown: the worker's fonts are not wanted. */
static void
on_destroy_cb (GtkWidget *window,
               Warmup    *warmup)
{
  g_signal_handlers_disconnect_by_data (window, warmup);
  g_thread_join (g_steal_pointer (&warmup->thread));
  warmup_free (warmup);
}

void
_strata_font_warmup_start (GtkWidget *window)
{
  static gboolean started;
  g_autoptr(GHashTable) seen = NULL;
  Warmup *warmup;

  g_return_if_fail (GTK_IS_WINDOW (window));

  if (font_map != NULL)
    gtk_widget_set_font_map (window, font_map);
  if (started || gtk_widget_get_realized (window))
    return;
  started = TRUE;

  warmup = g_new0 (Warmup, 1);
  warmup->fonts = g_ptr_array_new_with_free_func ((GDestroyNotify) pango_font_description_free);
  warmup->texts = g_ptr_array_new ();
  seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  collect (window, warmup, seen);
  if (warmup->options == NULL)
    {
      warmup_free (warmup);
      return;
    }

  warmup->thread = g_thread_try_new ("strata-fonts", warmup_thread, warmup, NULL);
  if (warmup->thread == NULL)
    {
      warmup_free (warmup);
      return;
    }
  g_signal_connect (window, "realize", G_CALLBACK (on_realize_cb), warmup);
  g_signal_connect (window, "destroy", G_CALLBACK (on_destroy_cb), warmup);
}

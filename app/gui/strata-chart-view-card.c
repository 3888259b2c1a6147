/* strata-chart-view-card.c: the card a chart view is drawn on
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "strata-chart-view"

#include "config.h"

#include <adwaita.h>

#include "strata-chart-view-internal.h"

/*
 * Issue 15: a chart view is a card (style.css: a ring, rounded corners,
 * the card's colour) with the chart's picture on it.  Drawn by GTK, the
 * card's colour is a fill of the whole view under a rounded clip and the
 * picture is clipped to the same rounded rectangle (the view's overflow):
 * without a GPU, llvmpipe works out the rounded rectangle's coverage for
 * every pixel of both, the biggest part of the first frame's
 * rasterizing beyond a bare window's.  Only the corners need it.  So the
 * view paints the card's colour itself: the corners under the rounded
 * clip, the rest as plain rectangles; and its picture without the clip
 * when the picture's corners are transparent (its texture says so), as
 * they are when the chart keeps off the corners.  Every pixel is painted
 * as it was: inside the rounded rectangle away from the corners its
 * coverage is 1, and a transparent pixel leaves what is under it.  The
 * rest of what the view draws is clipped as before.
 */

static void
card_rect (GskRoundedRect *card,
           int             width,
           int             height)
{
  gsk_rounded_rect_init_from_rect (card, &GRAPHENE_RECT_INIT (0, 0, width, height),
                                   STRATA_CHART_CARD_RADIUS);
}

/* The card's colour, libadwaita's, as style.css gave the view before.
 * A stylesheet without libadwaita's colours (GTK_THEME=Adwaita:dark
 * replaces libadwaita's) gets the colour the chart's own theme is drawn
 * on: the chart follows libadwaita's dark style, and on a white card
 * its dark theme's light text could not be read. */
static void
card_color (StrataChartView *self,
            GdkRGBA         *color)
{
  gboolean found;
  double r, g, b;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  found = gtk_style_context_lookup_color (gtk_widget_get_style_context (GTK_WIDGET (self)), "card_bg_color", color);
  G_GNUC_END_IGNORE_DEPRECATIONS
  if (found)
    return;
  strata_theme_background (strata_chart_view_get_theme (self), &r, &g, &b);
  *color = (GdkRGBA) { (float) r, (float) g, (float) b, 1 };
}

/* Whether the view's chart is drawn dark: libadwaita's style, as the
 * window follows it.  A stylesheet without libadwaita's colours
 * (GTK_THEME=Adwaita:dark) styles the window itself, so the chart
 * follows its text colour there: light text, a dark chart, on whose
 * card the Bands and Log Scale toggles' light labels can be read (on a
 * light chart's white card they could not). */
gboolean
_strata_chart_view_style_dark (StrataChartView *self)
{
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self));
  GdkRGBA card, text;
  gboolean libadwaita;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  libadwaita = gtk_style_context_lookup_color (context, "card_bg_color", &card);
  if (!libadwaita)
    gtk_style_context_get_color (context, &text);
  G_GNUC_END_IGNORE_DEPRECATIONS
  if (libadwaita || gtk_widget_get_root (GTK_WIDGET (self)) == NULL)
    return adw_style_manager_get_dark (adw_style_manager_get_default ());
  return 0.2126 * text.red + 0.7152 * text.green + 0.0722 * text.blue > 0.5;
}

void
_strata_chart_view_snapshot_card (StrataChartView *self,
                                  GtkSnapshot     *snapshot,
                                  int              width,
                                  int              height)
{
  const int r = STRATA_CHART_CARD_RADIUS;
  GskRoundedRect card;
  GdkRGBA color;

  card_color (self, &color);
  if (gdk_rgba_is_clear (&color) || width <= 0 || height <= 0)
    return;
  card_rect (&card, width, height);
  if (2 * r > width || 2 * r > height)
    {
      gtk_snapshot_push_rounded_clip (snapshot, &card);
      gtk_snapshot_append_color (snapshot, &color, &card.bounds);
      gtk_snapshot_pop (snapshot);
      return;
    }

  /* The band between the top corners, the middle, the band between the
   * bottom corners; then the corners themselves. */
  gtk_snapshot_append_color (snapshot, &color, &GRAPHENE_RECT_INIT (r, 0, width - 2 * r, r));
  gtk_snapshot_append_color (snapshot, &color, &GRAPHENE_RECT_INIT (0, r, width, height - 2 * r));
  gtk_snapshot_append_color (snapshot, &color, &GRAPHENE_RECT_INIT (r, height - r, width - 2 * r, r));
  gtk_snapshot_push_rounded_clip (snapshot, &card);
  gtk_snapshot_append_color (snapshot, &color, &GRAPHENE_RECT_INIT (0, 0, r, r));
  gtk_snapshot_append_color (snapshot, &color, &GRAPHENE_RECT_INIT (width - r, 0, r, r));
  gtk_snapshot_append_color (snapshot, &color, &GRAPHENE_RECT_INIT (0, height - r, r, r));
  gtk_snapshot_append_color (snapshot, &color, &GRAPHENE_RECT_INIT (width - r, height - r, r, r));
  gtk_snapshot_pop (snapshot);
}

void
_strata_chart_view_push_card_clip (GtkSnapshot *snapshot,
                                   int          width,
                                   int          height)
{
  GskRoundedRect card;

  card_rect (&card, width, height);
  gtk_snapshot_push_rounded_clip (snapshot, &card);
}

void
_strata_chart_view_append_picture (GtkSnapshot   *snapshot,
                                   GskRenderNode *node,
                                   int            width,
                                   int            height)
{
  graphene_rect_t bounds;

  gsk_render_node_get_bounds (node, &bounds);
  if (gsk_render_node_get_node_type (node) == GSK_TEXTURE_NODE &&
      graphene_rect_equal (&bounds, &GRAPHENE_RECT_INIT (0, 0, width, height)) &&
      _strata_chart_texture_corners_clear (gsk_texture_node_get_texture (node)))
    {
      gtk_snapshot_append_node (snapshot, node);
      return;
    }
  _strata_chart_view_push_card_clip (snapshot, width, height);
  gtk_snapshot_append_node (snapshot, node);
  gtk_snapshot_pop (snapshot);
}

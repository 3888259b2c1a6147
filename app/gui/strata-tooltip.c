/* strata-tooltip.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "strata-tooltip.h"

/*
 * Issue 15: GTK 4.8 answers gtk_widget_set_tooltip_text() on a visible
 * widget with a tooltip query "as if the pointer moved": on X11 four
 * round trips to the server (the seat's pointer, the surface under it),
 * whether or not the widget is on screen.  The window and its layer rows
 * set about fifty tooltips before their first frame: two hundred round
 * trips, nearly all the difference between Strata's and a bare window's
 * conversations with the X server.
 *
 * A widget not on screen (not mapped) has no tooltip showing that the
 * query could update, so its tooltip is set while it is hidden for a
 * moment, which GTK does without the query.  On screen, GTK's own way,
 * so that a tooltip showing follows the new text.
 */
void
_strata_tooltip_set (GtkWidget  *widget,
                     const char *text)
{
  GtkRoot *root;
  GtkWidget *focus;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  if (text != NULL && *text == '\0')
    text = NULL;
  if (g_strcmp0 (gtk_widget_get_tooltip_text (widget), text) == 0)
    return;

  root = gtk_widget_get_root (widget);
  focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  if (gtk_widget_get_mapped (widget) || !gtk_widget_get_visible (widget) || GTK_IS_NATIVE (widget) ||
      (focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget))))
    {
      gtk_widget_set_tooltip_text (widget, text);
      return;
    }

  gtk_widget_set_visible (widget, FALSE);
  gtk_widget_set_tooltip_text (widget, text);
  gtk_widget_set_visible (widget, TRUE);
}

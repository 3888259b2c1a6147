/* strata-focus-guard.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "strata-focus-guard.h"

/*
 * Keeps the keyboard focus of a window out of closed popovers.
 *
 * With GTK 4.8, choosing an item of a popover menu's submenu (Main Menu →
 * Sample Datasets → Retailer) closes the popover and then resets the menu
 * to its first page: the focused item is hidden and GTK moves the window's
 * focus to its nearest ancestor, a GtkScrolledWindow inside the popover
 * that is now unmapped.  Key events go to the focus widget, so every
 * shortcut (Ctrl+1…5, F9, Ctrl+E) is lost until the user clicks a text
 * field.  When a popover that held the focus closes, the focus goes back
 * to the widget the popover belongs to (the menu button, as on Escape),
 * or to the window itself when that widget is gone too (the sample button
 * of the "No Dataset" page).
 */

#define WATCHED_KEY "strata-focus-guard-watched"

static gboolean
focus_is_lost (GtkWindow *window)
{
  GtkWidget *focus = gtk_window_get_focus (window);
  GtkNative *native;

  if (focus == NULL)
    return FALSE;
  if (!gtk_widget_get_mapped (focus))
    return TRUE;
  native = gtk_widget_get_native (focus);
  return GTK_IS_POPOVER (native) && !gtk_widget_get_visible (GTK_WIDGET (native));
}

static gboolean
repair_focus_cb (gpointer data)
{
  GtkPopover *popover = data;
  GtkWidget *parent = gtk_widget_get_parent (GTK_WIDGET (popover));
  GtkRoot *root;

  if (parent == NULL)
    return G_SOURCE_REMOVE;
  root = gtk_widget_get_root (parent);
  if (!GTK_IS_WINDOW (root) || !focus_is_lost (GTK_WINDOW (root)))
    return G_SOURCE_REMOVE;

  /* GtkMenuButton and GtkDropDown pass the focus on to their button. */
  if (!gtk_widget_get_mapped (parent) || !gtk_widget_grab_focus (parent) || focus_is_lost (GTK_WINDOW (root)))
    gtk_window_set_focus (GTK_WINDOW (root), NULL);

  return G_SOURCE_REMOVE;
}

static void
on_popover_closed_cb (GtkPopover *popover)
{
  /* After GtkPopoverMenu has reset its pages, which happens after "closed". */
  g_idle_add_full (G_PRIORITY_HIGH_IDLE, repair_focus_cb, g_object_ref (popover), g_object_unref);
}

static void
on_focus_changed_cb (GtkWindow  *window,
                     GParamSpec *pspec)
{
  GtkWidget *focus = gtk_window_get_focus (window);
  GtkNative *native;

  if (focus == NULL)
    return;
  native = gtk_widget_get_native (focus);
  if (!GTK_IS_POPOVER (native) || g_object_get_data (G_OBJECT (native), WATCHED_KEY) != NULL)
    return;

  g_object_set_data (G_OBJECT (native), WATCHED_KEY, GINT_TO_POINTER (TRUE));
  g_signal_connect (native, "closed", G_CALLBACK (on_popover_closed_cb), NULL);
}

/**
 * _strata_focus_guard_attach:
 * @window: a #GtkWindow
 *
 * Watches every popover of @window that takes the focus (menus,
 * drop-downs) and, when one closes, puts the focus back where keys work.
 */
void
_strata_focus_guard_attach (GtkWindow *window)
{
  g_return_if_fail (GTK_IS_WINDOW (window));

  g_signal_connect (window, "notify::focus-widget", G_CALLBACK (on_focus_changed_cb), NULL);
}

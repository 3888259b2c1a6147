/* strata-inspector-retire.c: the inspector's pages gone, hidden at once
 * and freed a few rows at a time
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "strata-inspector"

#include "config.h"

#include <time.h>

#include "strata-inspector-private.h"

/* What freeing the pages gone may take of a frame. */
#define RETIRE_BUDGET_USEC 10000

gint64
_strata_inspector_thread_cpu_usec (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static GtkWidget *
find_list_box (GtkWidget *widget,
               guint      depth)
{
  if (GTK_IS_LIST_BOX (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); depth > 0 && child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_list_box (child, depth - 1);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Frees the pages gone (hidden, still in the inspector) while the
 * budget of a frame lasts, a group of 1000 rows a few rows at a time. */
static gboolean
free_dying_cb (gpointer data)
{
  StrataInspector *self = data;
  gint64 start = _strata_inspector_thread_cpu_usec ();

  while (!g_queue_is_empty (&self->dying))
    {
      GtkWidget *page = g_queue_peek_head (&self->dying);
      GtkWidget *group = gtk_widget_get_first_child (page);
      GtkWidget *list = group != NULL ? find_list_box (group, 3) : NULL;
      GtkWidget *row = list != NULL ? gtk_widget_get_first_child (list) : NULL;

      if (row != NULL && GTK_IS_LIST_BOX_ROW (row))
        gtk_list_box_remove (GTK_LIST_BOX (list), row);
      else if (group != NULL)
        gtk_box_remove (GTK_BOX (page), group);
      else
        {
          gtk_box_remove (GTK_BOX (self), page);
          g_object_unref (g_queue_pop_head (&self->dying));
        }
      if (_strata_inspector_thread_cpu_usec () - start >= RETIRE_BUDGET_USEC)
        return G_SOURCE_CONTINUE;
    }
  self->dying_source = 0;
  return G_SOURCE_REMOVE;
}

/* Taking a page of 400 rows off the window took 65 ms (each widget
 * unrealized at once), freeing one of 1000 rows seconds: the page is
 * hidden (3 ms), a new page box takes its place, and the old one is
 * freed a few rows at a time when the main loop is idle. */
void
_strata_inspector_retire_page (StrataInspector *self)
{
  GtkWidget *page;

  if (gtk_widget_get_first_child (GTK_WIDGET (self->page)) == NULL)
    return;
  page = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  gtk_widget_set_visible (GTK_WIDGET (self->page), FALSE);
  gtk_box_insert_child_after (GTK_BOX (self), page, GTK_WIDGET (self->page));
  g_queue_push_tail (&self->dying, g_object_ref (self->page));
  self->page = GTK_BOX (page);
  if (self->dying_source == 0)
    self->dying_source = g_idle_add_full (G_PRIORITY_LOW, free_dying_cb, self, NULL);
}

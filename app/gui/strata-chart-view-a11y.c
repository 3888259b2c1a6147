/* strata-chart-view-a11y.c: a chart view to assistive technology and the keyboard
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "strata-chart-view"

#include "config.h"

#include <glib/gi18n.h>

#include "strata-chart-description.h"
#include "strata-chart-view-internal.h"

/* The accessible description carries the model's key figures (see
 * strata-chart-description.c).  Working them out can take a while on a
 * large dataset (break-evens, a ladder for the headline), so it happens
 * after the frame, in a low-priority idle, and only for a view on screen;
 * a hidden view says what kind of chart it is until it is shown. */
static gboolean strata_chart_view_describe_large (StrataChartView *self);

static gboolean
strata_chart_view_describe_cb (gpointer data)
{
  StrataChartView *self = data;

  self->describe_source = 0;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)) && strata_chart_view_describe_large (self))
    return G_SOURCE_REMOVE;
  g_free (self->description);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->description = _strata_chart_describe (self->kind, &self->request);
      self->description_dirty = FALSE;
    }
  else
    {
      self->description = g_strdup (_strata_chart_describe_kind (self->kind));
      self->description_dirty = TRUE;
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, self->description,
                                  -1);
  return G_SOURCE_REMOVE;
}

void
_strata_chart_view_update_accessible (StrataChartView *self)
{
  self->description_dirty = TRUE;
  if (self->describe_source == 0)
    self->describe_source = g_idle_add_full (G_PRIORITY_LOW, strata_chart_view_describe_cb, self, NULL);
}

void
_strata_chart_view_on_map (StrataChartView *self)
{
  if (self->description_dirty)
    _strata_chart_view_update_accessible (self);
}

static void
describe_done_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  /* The task has no source object: its last reference may go in the
   * worker thread, and a widget must never be finalized there. */
  g_autoptr(StrataChartView) self = user_data;
  g_autofree char *text = g_task_propagate_pointer (G_TASK (result), NULL);

  if (self->describe_job == g_task_get_task_data (G_TASK (result)))
    g_clear_pointer (&self->describe_job, _strata_render_data_free);
  if (text == NULL)
    return;
  g_free (self->description);
  self->description = g_steal_pointer (&text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, self->description,
                                  -1);
}

/* The description of a large dataset's chart is worked out in a thread
 * (break-evens, a ladder): returns FALSE for a small one. */
static gboolean
strata_chart_view_describe_large (StrataChartView *self)
{
  g_autoptr(GTask) task = NULL;

  if (self->request.dataset == NULL || self->request.n_strategies == 0 ||
      !_strata_chart_view_is_large (self))
    return FALSE;

  if (self->render_cancellable == NULL)
    self->render_cancellable = g_cancellable_new ();
  self->description_dirty = FALSE;
  /* A description being worked out for an older request is not wanted. */
  if (self->describe_job != NULL)
    {
      g_cancellable_cancel (self->describe_job->cancellable);
      g_clear_pointer (&self->describe_job, _strata_render_data_free);
    }
  self->describe_job = _strata_chart_view_render_data_new (self, 1, 1, 1);
  task = g_task_new (NULL, self->describe_job->cancellable, describe_done_cb, g_object_ref (self));
  g_task_set_task_data (task, g_atomic_rc_box_acquire (self->describe_job), _strata_render_data_free);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, _strata_describe_thread);
  return TRUE;
}

/* The keyboard's point: Left/Right (Up/Down, Home/End) move between
 * the chart's points (each strategy's cost, the break-evens); the
 * accessible label announces it and a box at the top of the chart shows
 * it.  The points are worked out with the model on the first key after a
 * change, never before. */
void
_strata_chart_view_reset_points (StrataChartView *self)
{
  g_clear_pointer (&self->points, g_ptr_array_unref);
  if (self->point >= 0)
    {
      self->point = -1;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _strata_chart_describe_kind (self->kind),
                                  -1);
}

const char *
_strata_chart_view_get_point_text (StrataChartView *self)
{
  if (self->points == NULL || self->point < 0 || (guint) self->point >= self->points->len)
    return NULL;
  return g_ptr_array_index (self->points, self->point);
}

static void
strata_chart_view_move_point (StrataChartView *self,
                              int              delta,
                              gboolean         to_end)
{
  g_autofree char *label = NULL;
  int n;

  if (self->points == NULL)
    self->points = _strata_chart_points (self->kind, &self->request);
  n = (int) self->points->len;
  if (n == 0)
    return;

  if (to_end)
    self->point = delta < 0 ? 0 : n - 1;
  else if (self->point < 0)
    self->point = delta < 0 ? n - 1 : 0;
  else
    self->point = CLAMP (self->point + delta, 0, n - 1);

  /* Translators: the position of the point the keyboard is on, its count,
   * and what it is, e.g. "2 of 7: All neutral: effective unit cost $2.40 at 10 B units/yr" */
  label = g_strdup_printf (_("%d of %d: %s"), self->point + 1, n, _strata_chart_view_get_point_text (self));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
_strata_chart_view_point_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *param)
{
  StrataChartView *self = STRATA_CHART_VIEW (widget);

  if (self->request.dataset == NULL || self->request.n_strategies == 0)
    return;
  if (g_str_equal (action_name, "chart.next-point"))
    strata_chart_view_move_point (self, 1, FALSE);
  else if (g_str_equal (action_name, "chart.previous-point"))
    strata_chart_view_move_point (self, -1, FALSE);
  else if (g_str_equal (action_name, "chart.first-point"))
    strata_chart_view_move_point (self, -1, TRUE);
  else
    strata_chart_view_move_point (self, 1, TRUE);
}

/* The point's text in a box at the bottom left (clear of the view's
 * buttons at the top), while the view has focus. */
void
_strata_chart_view_snapshot_point (StrataChartView *self,
                                  GtkSnapshot     *snapshot)
{
  const char *text = _strata_chart_view_get_point_text (self);
  g_autoptr(PangoLayout) layout = NULL;
  GdkRGBA background = self->dark ? (GdkRGBA) { 0.12, 0.12, 0.12, 0.94 } : (GdkRGBA) { 1, 1, 1, 0.94 };
  GdkRGBA foreground = self->dark ? (GdkRGBA) { 1, 1, 1, 1 } : (GdkRGBA) { 0, 0, 0, 0.87 };
  GdkRGBA accent = { 0.21, 0.52, 0.89, 1 };
  GskRoundedRect box;
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  double top;
  int lw, lh;

  if (text == NULL || !gtk_widget_has_focus (GTK_WIDGET (self)))
    return;

  layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  pango_layout_set_width (layout, MAX (width - 48, 64) * PANGO_SCALE);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_get_pixel_size (layout, &lw, &lh);

  top = MAX (12, height - lh - 24);
  gsk_rounded_rect_init_from_rect (&box, &GRAPHENE_RECT_INIT (12, top, lw + 20, lh + 12), 6);
  gtk_snapshot_push_rounded_clip (snapshot, &box);
  gtk_snapshot_append_color (snapshot, &background, &box.bounds);
  gtk_snapshot_pop (snapshot);
  gtk_snapshot_append_border (snapshot, &box, (float[4]) { 2, 2, 2, 2 },
                              (GdkRGBA[4]) { accent, accent, accent, accent });
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (22, top + 6));
  gtk_snapshot_append_layout (snapshot, layout, &foreground);
  gtk_snapshot_restore (snapshot);
}

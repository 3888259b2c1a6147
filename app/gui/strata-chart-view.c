/* strata-chart-view.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "strata-chart-view"

#include "config.h"

#include <math.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "strata/strata-format.h"
#include "strata/strata-model.h"

#include "strata-chart-description.h"
#include "strata-chart-render-private.h"
#include "strata-chart-tooltip-private.h"
#include "strata-chart-view-private.h"
#include "strata-chart-view-internal.h"

/*
 * One chart of the charts library inside a widget.  The drawing itself is
 * strata_chart_draw(); this widget only caches it as a render node, tracks
 * the pointer (a hairline and a tooltip with the exact values under it, from
 * strata_chart_hit_test()) and reports clicks on value-chain blocks.
 */


enum {
  PROP_0,
  PROP_KIND,
  PROP_LOG_Y,
  N_PROPS
};

enum {
  LAYER_ACTIVATED,
  VOLUME_ACTIVATED,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (StrataChartView, strata_chart_view, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* A chart whose drawing takes longer than this twice in a row goes to a
 * worker thread, so that the rest of the window (sidebar, summary) still
 * updates in the same 16 ms frame; it comes back when a drawing in the
 * thread takes less than half of it. */
#define SYNC_DRAW_BUDGET_MS 12.0

/* A dataset this large is drawn, hit-tested and described off the main
 * thread from the first picture on: its model work (a ladder, the
 * optimal curve, break-evens) can take seconds (issue 16).  So can that
 * of a short stack with many links: every optimum reads them all (60
 * layers with 4,096 links: a 0.5 s ladder, break-evens against Optimal
 * 0.6 s). */
gboolean
_strata_chart_view_is_large (StrataChartView *self)
{
  const StrataDataset *dataset = self->request.dataset;
  guint n_options = 0;

  if (dataset == NULL)
    return FALSE;
  for (guint i = 0; i < dataset->n_layers; i++)
    n_options += dataset->layers[i].n_options;
  return n_options >= 2048 || dataset->n_layers >= 128 || dataset->n_links >= 256 ||
         self->request.n_strategies >= 64;
}

/* The worker's picture will not be wanted: its model work stops. */
static void
strata_chart_view_cancel_job (StrataChartView *self)
{
  if (self->job == NULL)
    return;
  g_cancellable_cancel (self->job->cancellable);
  g_clear_pointer (&self->job, _strata_render_data_free);
}

static void
strata_chart_view_invalidate (StrataChartView *self)
{
  strata_chart_view_cancel_job (self);
  _strata_chart_view_end_prepare (self, FALSE, 0, 0);
  self->serial++;
  g_clear_pointer (&self->cache, gsk_render_node_unref);
  g_clear_pointer (&self->layout, strata_chart_layout_unref);
  g_clear_pointer (&self->results, strata_chart_results_unref);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static StrataChartResults *
strata_chart_view_ensure_results (StrataChartView *self)
{
  if (self->results == NULL)
    self->results = strata_chart_results_new ();
  return self->results;
}

static void
strata_chart_view_clear_request (StrataChartView *self)
{
  g_clear_pointer (&self->request.dataset, strata_dataset_unref);
  g_clear_pointer ((gpointer *) &self->request.strategies, g_free);
  memset (&self->request, 0, sizeof self->request);
}

static void
strata_chart_view_fill_request (StrataChartView    *self,
                                StrataChartRequest *request)
{
  *request = self->request;
  request->monte_carlo = self->mc != NULL ? self->mc->result : NULL;
  request->theme = self->dark ? STRATA_THEME_DARK : STRATA_THEME_LIGHT;
  request->log_y = self->log_y;
  request->title_inset = self->title_inset;
  request->transparent = TRUE;
}

/* The layout of the picture on screen, to hit-test against; NULL when
 * there is none of the widget's size.  A chart drawn in a thread is
 * hit-tested against the request of the last picture, whose layout the
 * worker prepared: the layout of a new one is model work that must not
 * run here. */
static StrataChartLayout *
strata_chart_view_shown_layout (StrataChartView *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  RenderData *render = self->hit_render;

  if (self->request.dataset == NULL || self->request.n_strategies == 0 || width <= 0 || height <= 0)
    return NULL;
  if (self->threaded || self->layout == NULL)
    {
      if (render == NULL || render->layout == NULL || render->serial != self->serial ||
          render->width != width || render->height != height)
        return NULL;
      return render->layout;
    }
  if (strata_chart_layout_get_width (self->layout) != width ||
      strata_chart_layout_get_height (self->layout) != height)
    return NULL;
  return self->layout;
}

static gboolean
strata_chart_view_hit (StrataChartView *self,
                       double           x,
                       double           y,
                       StrataHit       *hit)
{
  StrataChartLayout *layout = strata_chart_view_shown_layout (self);

  memset (hit, 0, sizeof *hit);
  return layout != NULL && strata_chart_layout_hit_test (layout, x, y, hit) && hit->kind != STRATA_HIT_NONE;
}

RenderData *
_strata_chart_view_render_data_new (StrataChartView *self,
                 int              width,
                 int              height,
                 int              scale)
{
  StrataChartRequest request;
  RenderData *render;

  strata_chart_view_fill_request (self, &request);
  render = _strata_render_data_new (self->kind, &request, self->mc, width, height, scale, self->serial);
  render->results = strata_chart_results_ref (strata_chart_view_ensure_results (self));
  return render;
}

static void
strata_chart_view_render_cb (GObject      *object,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  /* The task has no source object: its last reference may go in the
   * worker thread, and a widget must never be finalized there. */
  g_autoptr(StrataChartView) self = user_data;
  RenderData *render = g_task_get_task_data (G_TASK (result));
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  /* A cancelled job was let go when it was cancelled: a newer one may
   * be running by now. */
  if (render == self->job)
    g_clear_pointer (&self->job, _strata_render_data_free);
  texture = g_task_propagate_pointer (G_TASK (result), &error);
  if (texture == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not draw the chart: %s", error->message);
      return;
    }

  g_set_object (&self->texture, texture);
  g_clear_pointer (&self->hit_render, _strata_render_data_free);
  self->hit_render = g_atomic_rc_box_acquire (render);

  if (render->elapsed_ms < SYNC_DRAW_BUDGET_MS / 2 && !self->force_threaded &&
      !_strata_chart_view_is_large (self))
    {
      g_debug ("%s took %.1f ms in a thread: back to the main thread",
               strata_chart_kind_to_string (self->kind), render->elapsed_ms);
      self->threaded = FALSE;
      self->n_slow = 0;
    }

  /* Still the picture we want?  Then it becomes the cache.  If not (the
   * user moved on while it was drawn), it still beats the one on screen,
   * and the redraw below starts the next. */
  if (render->serial == self->serial &&
      render->width == gtk_widget_get_width (GTK_WIDGET (self)) &&
      render->height == gtk_widget_get_height (GTK_WIDGET (self)))
    {
      g_clear_pointer (&self->cache, gsk_render_node_unref);
      self->first_picture = FALSE;
      self->cache = gsk_texture_node_new (texture, &GRAPHENE_RECT_INIT (0, 0, render->width, render->height));
      self->cache_width = render->width;
      self->cache_height = render->height;
    }

  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Long jobs show how far they are over the chart; this polls the
 * worker's progress while one runs. */
#define PROGRESS_AFTER_US 300000

static gboolean
strata_chart_view_progress_cb (gpointer data)
{
  StrataChartView *self = data;
  int progress;

  if (self->job == NULL)
    {
      self->progress_source = 0;
      if (self->shown_progress >= 0)
        gtk_widget_queue_draw (GTK_WIDGET (self));
      return G_SOURCE_REMOVE;
    }
  progress = (int) (_strata_render_data_get_progress (self->job) * 1000);
  if (g_get_monotonic_time () - self->job_start >= PROGRESS_AFTER_US && progress != self->shown_progress)
    gtk_widget_queue_draw (GTK_WIDGET (self));
  return G_SOURCE_CONTINUE;
}

/* A thin bar along the top of the chart and "Working it out… 42 %" under
 * it, on a job that has taken more than PROGRESS_AFTER_US. */
static void
strata_chart_view_snapshot_progress (StrataChartView *self,
                                     GtkSnapshot     *snapshot,
                                     int              width)
{
  g_autoptr(PangoLayout) layout = NULL;
  g_autofree char *text = NULL;
  GdkRGBA track = { 0.5, 0.5, 0.5, 0.25 };
  GdkRGBA bar = { 0.21, 0.52, 0.89, 1.0 };
  GdkRGBA color = { 0.5, 0.5, 0.5, 1.0 };
  double fraction;
  int lw, lh;

  self->shown_progress = -1;
  if (self->job == NULL || g_get_monotonic_time () - self->job_start < PROGRESS_AFTER_US)
    return;
  fraction = _strata_render_data_get_progress (self->job);
  self->shown_progress = (int) (fraction * 1000);
  gtk_snapshot_append_color (snapshot, &track, &GRAPHENE_RECT_INIT (0, 0, width, 3));
  gtk_snapshot_append_color (snapshot, &bar, &GRAPHENE_RECT_INIT (0, 0, width * fraction, 3));
  /* Translators: over a chart whose numbers are being worked out */
  text = g_strdup_printf (_("Working it out… %d %%"), (int) floor (fraction * 100));
  layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  pango_layout_get_pixel_size (layout, &lw, &lh);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (width - lw - 8, 6));
  gtk_snapshot_append_layout (snapshot, layout, &color);
  gtk_snapshot_restore (snapshot);
}

static void
strata_chart_view_start_render (StrataChartView *self,
                                int              width,
                                int              height)
{
  g_autoptr(GTask) task = NULL;

  /* One worker at a time: the one drawing this very picture goes on;
   * one drawing an older one is cancelled (its model work stops within
   * an optimum or so), and the newest is started at once. */
  if (self->job != NULL)
    {
      if (self->job->serial == self->serial && self->job->width == width &&
          self->job->height == height)
        return;
      strata_chart_view_cancel_job (self);
    }

  self->job = _strata_chart_view_render_data_new (self, width, height,
                                                  gtk_widget_get_scale_factor (GTK_WIDGET (self)));
  self->job_start = g_get_monotonic_time ();
  task = g_task_new (NULL, self->job->cancellable, strata_chart_view_render_cb, g_object_ref (self));
  g_task_set_source_tag (task, strata_chart_view_start_render);
  g_task_set_task_data (task, g_atomic_rc_box_acquire (self->job), _strata_render_data_free);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, _strata_render_thread);

  if (self->progress_source == 0)
    self->progress_source = g_timeout_add (100, strata_chart_view_progress_cb, self);
}

/* The laid-out chart painted into pixels at the widget's scale, as a
 * texture node (issue 15). A cairo node would be recorded here and
 * replayed by GTK's GL renderer at render time into a surface of its
 * own, then uploaded: the same pixels, painted once more. */
static GskRenderNode *
strata_chart_view_paint (StrataChartView *self,
                         int              width,
                         int              height)
{
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  g_autoptr(GdkTexture) texture = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width * scale, height * scale);
  cr = cairo_create (surface);
  cairo_scale (cr, scale, scale);
  strata_chart_layout_draw (self->layout, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      g_warning ("Could not draw the chart: %s", cairo_status_to_string (cairo_surface_status (surface)));
      cairo_surface_destroy (surface);
      return gsk_container_node_new (NULL, 0);
    }

  texture = _strata_chart_texture_new (surface, scale);
  return gsk_texture_node_new (texture, &GRAPHENE_RECT_INIT (0, 0, width, height));
}

static void
strata_chart_view_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  StrataChartView *self = STRATA_CHART_VIEW (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  _strata_chart_view_snapshot_card (self, snapshot, width, height);
  if (self->request.dataset == NULL || self->request.n_strategies == 0 || width <= 0 || height <= 0)
    return;
  /* The Chances chart has nothing to say before its Monte Carlo is done
   * (the window shows the run's progress over the view meanwhile). */
  if (self->kind == STRATA_CHART_CHANCES && self->mc == NULL)
    return;

  if (self->cache != NULL && (self->cache_width != width || self->cache_height != height))
    {
      g_clear_pointer (&self->cache, gsk_render_node_unref);
      g_clear_pointer (&self->layout, strata_chart_layout_unref);
    }

  if (!self->threaded && _strata_chart_view_is_large (self))
    self->threaded = TRUE;

  if (self->cache == NULL && !self->threaded)
    {
      StrataChartRequest request;
      gint64 start = g_get_monotonic_time ();

      /* Laid out once (the model runs here, or ran in the worker of
       * _strata_chart_view_prepare (), which may have drawn it too),
       * then only painted. */
      self->cache = _strata_chart_view_end_prepare (self, TRUE, width, height);
      self->first_picture = self->cache != NULL;
      if (self->cache == NULL)
        {
          strata_chart_view_fill_request (self, &request);
          g_clear_pointer (&self->layout, strata_chart_layout_unref);
          self->layout = strata_chart_layout_new_full (self->kind, &request,
                                                       strata_chart_view_ensure_results (self),
                                                       width, height);
          self->cache = strata_chart_view_paint (self, width, height);
        }
      self->cache_width = width;
      self->cache_height = height;

      /* Too slow for a frame (twice, so that a first drawing that loads
       * fonts does not count): draw this chart in a thread from now on. */
      {
        double elapsed = (g_get_monotonic_time () - start) / 1000.0;

        self->n_slow = elapsed > SYNC_DRAW_BUDGET_MS ? self->n_slow + 1 : 0;
        if (self->n_slow >= 2)
          {
            g_debug ("%s took %.1f ms: drawing it in a thread from now on",
                     strata_chart_kind_to_string (self->kind), elapsed);
            self->threaded = TRUE;
          }
      }
    }
  else if (self->cache == NULL)
    {
      strata_chart_view_start_render (self, width, height);

      /* Until it arrives, the last picture (stretched if the size
       * changed), or a word that it is on its way. */
      _strata_chart_view_push_card_clip (snapshot, width, height);
      if (self->texture != NULL)
        gtk_snapshot_append_texture (snapshot, self->texture,
                                     &GRAPHENE_RECT_INIT (0, 0, width, height));
      else
        {
          g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, _("Drawing the chart…"));
          GdkRGBA color = { 0.5, 0.5, 0.5, 1.0 };
          int lw, lh;

          pango_layout_get_pixel_size (layout, &lw, &lh);
          gtk_snapshot_save (snapshot);
          gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT ((width - lw) / 2.0, (height - lh) / 2.0));
          gtk_snapshot_append_layout (snapshot, layout, &color);
          gtk_snapshot_restore (snapshot);
        }
      gtk_snapshot_pop (snapshot);
    }

  /* The picture, clipped to the card unless its corners are clear
   * (strata-chart-view-card.c); the rest clipped to the card. */
  if (self->cache != NULL)
    _strata_chart_view_append_picture (snapshot, self->cache, width, height);
  _strata_chart_view_push_card_clip (snapshot, width, height);
  if (self->cache == NULL)
    strata_chart_view_snapshot_progress (self, snapshot, width);

  /* A hairline at the pointer on the cost curves, drawn fresh on top. */
  if (self->hovering && self->kind == STRATA_CHART_COST_CURVES && self->hit.kind == STRATA_HIT_CURVE)
    {
      GdkRGBA color = { 0.5, 0.5, 0.5, 0.55 };

      gtk_snapshot_append_color (snapshot, &color,
                                 &GRAPHENE_RECT_INIT (floor (self->pointer_x), 0, 1, height));
    }

  _strata_chart_view_snapshot_point (self, snapshot);
  gtk_snapshot_pop (snapshot);
}

static void
strata_chart_view_size_allocate (GtkWidget *widget,
                                 int        width,
                                 int        height,
                                 int        baseline)
{
  StrataChartView *self = STRATA_CHART_VIEW (widget);

  if (width != self->cache_width || height != self->cache_height)
    {
      g_clear_pointer (&self->cache, gsk_render_node_unref);
      g_clear_pointer (&self->layout, strata_chart_layout_unref);
    }
  /* A new window's first chart is drawn in a worker from here. */
  _strata_chart_view_first_allocate (self, width, height);
}

static void
strata_chart_view_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  StrataChartView *self = STRATA_CHART_VIEW (widget);

  /* Small enough for 800x600 with the sidebar folded, large enough that
   * the labels of every chart stay readable.  The tornado shares its page
   * with the switch points' list: it draws fewer bars when short, so that
   * the list keeps a few rows at 800x600. */
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 480;
      *natural = 900;
    }
  else
    {
      *minimum = self->kind == STRATA_CHART_TORNADO ? 180 : 260;
      *natural = 560;
    }
}

static void
on_motion_cb (StrataChartView          *self,
              double                    x,
              double                    y,
              GtkEventControllerMotion *controller)
{
  self->hovering = TRUE;
  self->pointer_x = x;
  self->pointer_y = y;

  /* Blocks of the value chain are clickable: say so with the cursor.  On
   * the cost curves a hairline follows the pointer while it is over a
   * curve (the hit test is cached by the charts library: ~0 to 2 ms). */
  if (self->kind == STRATA_CHART_VALUE_CHAIN || self->kind == STRATA_CHART_COST_CURVES)
    {
      gboolean had_line = self->hit.kind == STRATA_HIT_CURVE;
      StrataHit hit;
      gboolean has_hit = strata_chart_view_hit (self, x, y, &hit);

      self->hit = hit;
      if (self->kind == STRATA_CHART_VALUE_CHAIN)
        gtk_widget_set_cursor_from_name (GTK_WIDGET (self),
                                         has_hit && hit.kind == STRATA_HIT_LAYER ? "pointer" : NULL);
      else if (had_line || hit.kind == STRATA_HIT_CURVE)
        gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

static void
on_leave_cb (StrataChartView          *self,
             GtkEventControllerMotion *controller)
{
  gboolean had_line = self->hovering && self->hit.kind == STRATA_HIT_CURVE;

  self->hovering = FALSE;
  memset (&self->hit, 0, sizeof self->hit);
  gtk_widget_set_cursor (GTK_WIDGET (self), NULL);
  if (had_line)
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_click_released_cb (StrataChartView *self,
                      int              n_press,
                      double           x,
                      double           y,
                      GtkGestureClick *gesture)
{
  StrataHit hit;

  if (!strata_chart_view_hit (self, x, y, &hit))
    return;

  /* A block of the value chain flips its layer; a point of a cost curve
   * or a cell of the ladder moves the current volume there. */
  if (self->kind == STRATA_CHART_VALUE_CHAIN && hit.kind == STRATA_HIT_LAYER &&
      hit.layer < self->request.dataset->n_layers)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
      g_signal_emit (self, signals[LAYER_ACTIVATED], 0, hit.layer);
    }
  else if (((self->kind == STRATA_CHART_COST_CURVES && hit.kind == STRATA_HIT_CURVE) ||
            (self->kind == STRATA_CHART_LADDER && hit.kind == STRATA_HIT_LAYER)) &&
           hit.volume > 0 && isfinite (hit.volume))
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
      g_signal_emit (self, signals[VOLUME_ACTIVATED], 0, hit.volume);
    }
}

static gboolean
on_query_tooltip_cb (StrataChartView *self,
                     int              x,
                     int              y,
                     gboolean         keyboard_mode,
                     GtkTooltip      *tooltip)
{
  g_autofree char *markup = NULL;
  g_autofree char *detail = NULL;
  StrataChartLayout *layout;
  StrataHit hit;

  if (keyboard_mode)
    return FALSE;
  strata_chart_view_hit (self, x, y, &hit);
  layout = strata_chart_view_shown_layout (self);
  detail = layout != NULL ? strata_chart_layout_hit_detail (layout, x, y) : NULL;
  markup = detail != NULL ? _strata_chart_tooltip_detail_markup (detail)
                          : _strata_chart_tooltip_markup (self->kind, &self->request, &hit);
  if (markup == NULL)
    return FALSE;
  gtk_tooltip_set_markup (tooltip, markup);
  return TRUE;
}

static void
update_dark (StrataChartView *self)
{
  gboolean dark = _strata_chart_view_style_dark (self);

  if (dark == self->dark)
    return;

  self->dark = dark;
  strata_chart_view_invalidate (self);
}

static void
on_dark_changed_cb (StrataChartView  *self,
                    GParamSpec       *pspec,
                    AdwStyleManager  *style_manager)
{
  update_dark (self);
}

/* A stylesheet of its own (GTK_THEME) decides the chart's theme once the
 * view is styled (_strata_chart_view_style_dark ()). */
static void
strata_chart_view_css_changed (GtkWidget         *widget,
                               GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (strata_chart_view_parent_class)->css_changed (widget, change);
  update_dark (STRATA_CHART_VIEW (widget));
}

static void
strata_chart_view_dispose (GObject *object)
{
  StrataChartView *self = (StrataChartView *)object;

  g_cancellable_cancel (self->render_cancellable);
  g_clear_object (&self->render_cancellable);
  strata_chart_view_cancel_job (self);
  _strata_chart_view_end_prepare (self, FALSE, 0, 0);
  if (self->describe_job != NULL)
    g_cancellable_cancel (self->describe_job->cancellable);
  g_clear_pointer (&self->describe_job, _strata_render_data_free);
  g_clear_handle_id (&self->progress_source, g_source_remove);
  g_clear_object (&self->texture);
  g_clear_pointer (&self->hit_render, _strata_render_data_free);
  g_clear_pointer (&self->cache, gsk_render_node_unref);
  g_clear_pointer (&self->layout, strata_chart_layout_unref);
  g_clear_pointer (&self->results, strata_chart_results_unref);
  g_clear_handle_id (&self->describe_source, g_source_remove);
  g_clear_pointer (&self->description, g_free);
  g_clear_pointer (&self->points, g_ptr_array_unref);
  strata_chart_view_clear_request (self);
  g_clear_pointer (&self->mc, _strata_chart_mc_unref);

  G_OBJECT_CLASS (strata_chart_view_parent_class)->dispose (object);
}

static void
strata_chart_view_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  StrataChartView *self = STRATA_CHART_VIEW (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_enum (value, strata_chart_view_get_kind (self));
      break;

    case PROP_LOG_Y:
      g_value_set_boolean (value, strata_chart_view_get_log_y (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
strata_chart_view_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  StrataChartView *self = STRATA_CHART_VIEW (object);

  switch (prop_id)
    {
    case PROP_KIND:
      strata_chart_view_set_kind (self, g_value_get_enum (value));
      break;

    case PROP_LOG_Y:
      strata_chart_view_set_log_y (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
strata_chart_view_class_init (StrataChartViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = strata_chart_view_dispose;
  object_class->get_property = strata_chart_view_get_property;
  object_class->set_property = strata_chart_view_set_property;

  widget_class->snapshot = strata_chart_view_snapshot;
  widget_class->size_allocate = strata_chart_view_size_allocate;
  widget_class->measure = strata_chart_view_measure;
  widget_class->css_changed = strata_chart_view_css_changed;

  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL,
                       STRATA_TYPE_CHART_KIND, STRATA_CHART_COST_CURVES,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_LOG_Y] =
    g_param_spec_boolean ("log-y", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * StrataChartView::layer-activated:
   * @layer: index of the clicked layer
   *
   * A block of the value chain was clicked.
   */
  signals[LAYER_ACTIVATED] =
    g_signal_new ("layer-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_UINT);

  /**
   * StrataChartView::volume-activated:
   * @volume: the volume under the pointer
   *
   * A point of a cost curve or a cell of the ladder was clicked.
   */
  signals[VOLUME_ACTIVATED] =
    g_signal_new ("volume-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_DOUBLE);

  gtk_widget_class_set_css_name (widget_class, "stratachartview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);

  gtk_widget_class_install_action (widget_class, "chart.next-point", NULL, _strata_chart_view_point_action);
  gtk_widget_class_install_action (widget_class, "chart.previous-point", NULL, _strata_chart_view_point_action);
  gtk_widget_class_install_action (widget_class, "chart.first-point", NULL, _strata_chart_view_point_action);
  gtk_widget_class_install_action (widget_class, "chart.last-point", NULL, _strata_chart_view_point_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, 0, "chart.next-point", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Right, 0, "chart.next-point", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, 0, "chart.next-point", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Down, 0, "chart.next-point", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, 0, "chart.previous-point", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Left, 0, "chart.previous-point", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, 0, "chart.previous-point", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Up, 0, "chart.previous-point", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Home, 0, "chart.first-point", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_End, 0, "chart.last-point", NULL);
}

static void
strata_chart_view_init (StrataChartView *self)
{
  AdwStyleManager *style_manager = adw_style_manager_get_default ();
  GtkEventController *motion;
  GtkEventController *focus;
  GtkGesture *click;

  self->kind = STRATA_CHART_COST_CURVES;
  self->serial = 1;
  self->point = -1;
  self->shown_progress = -1;
  self->dark = adw_style_manager_get_dark (style_manager);

  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (on_query_tooltip_cb), NULL);

  motion = gtk_event_controller_motion_new ();
  g_signal_connect_object (motion, "motion", G_CALLBACK (on_motion_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (motion, "leave", G_CALLBACK (on_leave_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect_object (click, "released", G_CALLBACK (on_click_released_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  g_signal_connect_object (style_manager, "notify::dark",
                           G_CALLBACK (on_dark_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect (self, "map", G_CALLBACK (_strata_chart_view_on_map), NULL);

  /* Reachable with Tab, so that the arrows can walk its points. */
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  focus = gtk_event_controller_focus_new ();
  g_signal_connect_object (focus, "leave", G_CALLBACK (gtk_widget_queue_draw), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (focus, "enter", G_CALLBACK (gtk_widget_queue_draw), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), focus);

  _strata_chart_view_reset_points (self);
  _strata_chart_view_update_accessible (self);
}

GtkWidget *
strata_chart_view_new (StrataChartKind kind)
{
  return g_object_new (STRATA_TYPE_CHART_VIEW, "kind", kind, NULL);
}

StrataChartKind
strata_chart_view_get_kind (StrataChartView *self)
{
  g_return_val_if_fail (STRATA_IS_CHART_VIEW (self), STRATA_CHART_COST_CURVES);

  return self->kind;
}

void
strata_chart_view_set_kind (StrataChartView *self,
                            StrataChartKind  kind)
{
  g_return_if_fail (STRATA_IS_CHART_VIEW (self));
  g_return_if_fail (kind <= STRATA_CHART_CHANCES);

  if (self->kind == kind)
    return;

  self->kind = kind;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIND]);
  _strata_chart_view_reset_points (self);
  _strata_chart_view_update_accessible (self);
  strata_chart_view_invalidate (self);
}

gboolean
strata_chart_view_get_log_y (StrataChartView *self)
{
  g_return_val_if_fail (STRATA_IS_CHART_VIEW (self), FALSE);

  return self->log_y;
}

void
strata_chart_view_set_log_y (StrataChartView *self,
                             gboolean         log_y)
{
  g_return_if_fail (STRATA_IS_CHART_VIEW (self));

  log_y = !!log_y;
  if (self->log_y == log_y)
    return;

  self->log_y = log_y;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOG_Y]);
  strata_chart_view_invalidate (self);
}

void
_strata_chart_view_set_title_inset (StrataChartView *self,
                                    double           inset)
{
  g_return_if_fail (STRATA_IS_CHART_VIEW (self));

  if (self->title_inset == inset)
    return;
  self->title_inset = inset;
  if (!_strata_chart_view_first_inset (self, inset))
    strata_chart_view_invalidate (self);
}

StrataTheme
strata_chart_view_get_theme (StrataChartView *self)
{
  g_return_val_if_fail (STRATA_IS_CHART_VIEW (self), STRATA_THEME_LIGHT);

  return self->dark ? STRATA_THEME_DARK : STRATA_THEME_LIGHT;
}

void
strata_chart_view_set_request (StrataChartView          *self,
                               const StrataChartRequest *request)
{
  g_return_if_fail (STRATA_IS_CHART_VIEW (self));

  strata_chart_view_clear_request (self);

  if (request != NULL && request->dataset != NULL)
    {
      self->request = *request;
      self->request.dataset = strata_dataset_ref (request->dataset);
      self->request.strategies = g_memdup2 (request->strategies,
                                            sizeof (StrataStrategy *) * request->n_strategies);
      /* A Monte Carlo is the view's own (set_monte_carlo), never borrowed. */
      self->request.monte_carlo = NULL;
    }

  /* The pointer may now be over something else: ask again on the next
   * tooltip query. */
  memset (&self->hit, 0, sizeof self->hit);

  _strata_chart_view_reset_points (self);
  _strata_chart_view_update_accessible (self);
  strata_chart_view_invalidate (self);
}

void
_strata_chart_view_set_monte_carlo (StrataChartView *self,
                                    StrataChartMc   *mc)
{
  g_return_if_fail (STRATA_IS_CHART_VIEW (self));

  if (self->mc == mc)
    return;
  g_clear_pointer (&self->mc, _strata_chart_mc_unref);
  self->mc = mc != NULL ? _strata_chart_mc_ref (mc) : NULL;
  _strata_chart_view_update_accessible (self);
  strata_chart_view_invalidate (self);
}

StrataChartMc *
_strata_chart_view_get_monte_carlo (StrataChartView *self)
{
  g_return_val_if_fail (STRATA_IS_CHART_VIEW (self), NULL);

  return self->mc;
}

void
_strata_chart_view_set_threaded (StrataChartView *self,
                                 gboolean         threaded)
{
  g_return_if_fail (STRATA_IS_CHART_VIEW (self));

  self->threaded = self->force_threaded = !!threaded;
  strata_chart_view_invalidate (self);
}

const char *
_strata_chart_view_get_point (StrataChartView *self)
{
  g_return_val_if_fail (STRATA_IS_CHART_VIEW (self), NULL);

  return _strata_chart_view_get_point_text (self);
}

const char *
_strata_chart_view_get_description (StrataChartView *self)
{
  g_return_val_if_fail (STRATA_IS_CHART_VIEW (self), NULL);

  return self->description;
}

double
_strata_chart_view_get_progress (StrataChartView *self)
{
  g_return_val_if_fail (STRATA_IS_CHART_VIEW (self), -1);

  return self->job != NULL ? _strata_render_data_get_progress (self->job) : -1;
}

gboolean
_strata_chart_view_has_first_picture (StrataChartView *self)
{
  g_return_val_if_fail (STRATA_IS_CHART_VIEW (self), FALSE);

  return self->first_picture && self->cache != NULL;
}

gboolean
_strata_chart_view_is_drawn (StrataChartView *self)
{
  g_return_val_if_fail (STRATA_IS_CHART_VIEW (self), FALSE);

  return self->cache != NULL &&
         self->cache_width == gtk_widget_get_width (GTK_WIDGET (self)) &&
         self->cache_height == gtk_widget_get_height (GTK_WIDGET (self));
}

/* strata-chart-view-first.c: a new window's first chart, made in a worker
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "strata-chart-view"

#include "config.h"

#include <math.h>

#include "strata-chart-view-internal.h"

/*
 * Issue 15: a new window spends a few hundred milliseconds of its main
 * thread setting up GTK's renderer before its first frame.  Meanwhile a
 * worker works out the model's answers behind its first chart (series,
 * break-evens: they do not depend on the size) at the view's natural
 * size, then waits for the view's allocation.  The view hands it its
 * size as the first frame is laid out, and the worker lays the chart out
 * and paints it at that size while the main thread lays out and draws
 * the rest of the window; the view's snapshot waits for the picture
 * instead of making it.  The worker's thread keeps its fonts (pango's
 * font map is one per thread) from the first layout to the second.
 */

struct _StrataChartFirst
{
  RenderData        *render;   /* the request; its results are the view's */

  GMutex             lock;
  GCond              cond;
  /* under lock: the size to draw at (0 until the view's allocation), or
   * let go (the view has no use for a picture) */
  int                width;
  int                height;
  int                scale;
  gboolean           let_go;
  /* under lock: the title's inset set since the request (NAN: none) */
  double             title_inset;

  /* the worker's, read once it is joined: the picture and its layout */
  StrataChartLayout *layout;
  GdkTexture        *texture;
};

static void
first_clear (gpointer data)
{
  StrataChartFirst *first = data;

  g_clear_pointer (&first->render, _strata_render_data_free);
  g_clear_pointer (&first->layout, strata_chart_layout_unref);
  g_clear_object (&first->texture);
  g_mutex_clear (&first->lock);
  g_cond_clear (&first->cond);
}

static void
first_unref (StrataChartFirst *first)
{
  g_atomic_rc_box_release_full (first, first_clear);
}

/* The picture of @layout at @scale, as the view paints it itself
 * (strata-chart-view.c) and as its render jobs do. */
static GdkTexture *
first_paint (StrataChartLayout *layout,
             int                width,
             int                height,
             int                scale)
{
  cairo_surface_t *surface;
  cairo_t *cr;

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width * scale, height * scale);
  cr = cairo_create (surface);
  cairo_scale (cr, scale, scale);
  strata_chart_layout_draw (layout, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      return NULL;
    }

  return _strata_chart_texture_new (surface, scale);
}

static gpointer
first_thread (gpointer data)
{
  StrataChartFirst *first = data;
  RenderData *render = first->render;
  StrataChartLayout *layout;
  int width, height, scale;

  /* Cancelled (the request changed first): the model work stops early and
   * what it found is not kept. */
  strata_chart_job_begin (render->cancellable, NULL, NULL);
  layout = strata_chart_layout_new_full (render->kind, &render->request, render->results,
                                         render->width, render->height);
  strata_chart_layout_unref (layout);

  g_mutex_lock (&first->lock);
  while (first->width == 0 && !first->let_go)
    g_cond_wait (&first->cond, &first->lock);
  width = first->width;
  height = first->height;
  scale = first->scale;
  if (!isnan (first->title_inset))
    render->request.title_inset = first->title_inset;
  g_mutex_unlock (&first->lock);

  if (width > 0 && !g_cancellable_is_cancelled (render->cancellable))
    {
      first->layout = strata_chart_layout_new_full (render->kind, &render->request, render->results,
                                                    width, height);
      first->texture = first_paint (first->layout, width, height, scale);
    }
  strata_chart_job_end ();
  first_unref (first);
  return NULL;
}

static void
first_let_go (StrataChartFirst *first)
{
  g_mutex_lock (&first->lock);
  first->let_go = TRUE;
  g_cond_signal (&first->cond);
  g_mutex_unlock (&first->lock);
}

void
_strata_chart_view_prepare (StrataChartView *self)
{
  StrataChartFirst *first;

  g_return_if_fail (STRATA_IS_CHART_VIEW (self));

  /* A large chart is drawn in a worker anyway; the Chances chart waits
   * for its Monte Carlo. */
  if (self->request.dataset == NULL || self->request.n_strategies == 0 || self->cache != NULL ||
      self->prepare_thread != NULL || self->threaded || _strata_chart_view_is_large (self) ||
      (self->kind == STRATA_CHART_CHANCES && self->mc == NULL))
    return;

  first = g_atomic_rc_box_new0 (StrataChartFirst);
  g_mutex_init (&first->lock);
  g_cond_init (&first->cond);
  first->title_inset = NAN;
  first->render = _strata_chart_view_render_data_new (self, 900, 560, 1);
  self->prepare_thread = g_thread_try_new ("strata-prepare", first_thread,
                                           g_atomic_rc_box_acquire (first), NULL);
  /* No thread: the drawing runs the model itself, as usual. */
  if (self->prepare_thread == NULL)
    {
      first_unref (first);
      first_unref (first);
      return;
    }
  self->prepare = first;
}

void
_strata_chart_view_first_allocate (StrataChartView *self,
                                   int              width,
                                   int              height)
{
  StrataChartFirst *first = self->prepare;

  if (first == NULL || width <= 0 || height <= 0)
    return;
  g_mutex_lock (&first->lock);
  if (first->width == 0 && !first->let_go)
    {
      first->width = width;
      first->height = height;
      first->scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
      g_cond_signal (&first->cond);
    }
  g_mutex_unlock (&first->lock);
}

/* The Cost Curves view learns the width its buttons over the title take
 * when they are mapped, before the first frame is laid out: the worker
 * lays the chart out with it (a change of the inset does not change the
 * model's answers), instead of the view dropping the worker and doing
 * all its work again on the main thread in the first frame. */
gboolean
_strata_chart_view_first_inset (StrataChartView *self,
                                double           inset)
{
  StrataChartFirst *first = self->prepare;
  gboolean taken = FALSE;

  if (first == NULL)
    return FALSE;
  g_mutex_lock (&first->lock);
  if (first->width == 0 && !first->let_go)
    {
      first->title_inset = inset;
      taken = TRUE;
    }
  g_mutex_unlock (&first->lock);
  return taken;
}

GskRenderNode *
_strata_chart_view_end_prepare (StrataChartView *self,
                                gboolean         wait,
                                int              width,
                                int              height)
{
  StrataChartFirst *first = self->prepare;
  GskRenderNode *node = NULL;

  if (first == NULL)
    return NULL;
  self->prepare = NULL;
  if (!wait)
    {
      g_cancellable_cancel (first->render->cancellable);
      first_let_go (first);
      g_thread_unref (g_steal_pointer (&self->prepare_thread));
      first_unref (first);
      return NULL;
    }

  /* Not allocated (or at another size): the model's answers are what is
   * wanted of it. */
  first_let_go (first);
  g_thread_join (g_steal_pointer (&self->prepare_thread));
  if (first->texture != NULL && first->width == width && first->height == height &&
      first->scale == gtk_widget_get_scale_factor (GTK_WIDGET (self)))
    {
      g_clear_pointer (&self->layout, strata_chart_layout_unref);
      self->layout = g_steal_pointer (&first->layout);
      node = gsk_texture_node_new (first->texture, &GRAPHENE_RECT_INIT (0, 0, width, height));
    }
  first_unref (first);
  return node;
}

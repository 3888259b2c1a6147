/* strata-chart-render.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "strata-chart-view"

#include "config.h"

#include "strata-chart-description.h"
#include "strata-chart-render-private.h"

/*
 * What StrataChartView does in worker threads (issue 16: no model work
 * that can take more than a frame on the main thread): each job works on
 * its own copy of the request, so the window goes on editing while it
 * runs.
 */

static void
chart_mc_clear (gpointer data)
{
  StrataChartMc *mc = data;

  g_clear_pointer (&mc->result, strata_monte_carlo_free);
  g_clear_pointer (&mc->roadmap, strata_roadmap_mc_free);
}

StrataChartMc *
_strata_chart_mc_new (StrataMonteCarlo *result)
{
  StrataChartMc *mc = g_atomic_rc_box_new0 (StrataChartMc);

  mc->result = result;
  return mc;
}

StrataChartMc *
_strata_chart_mc_new_roadmap (StrataRoadmapMc *roadmap)
{
  StrataChartMc *mc = g_atomic_rc_box_new0 (StrataChartMc);

  mc->roadmap = roadmap;
  return mc;
}

StrataChartMc *
_strata_chart_mc_ref (StrataChartMc *mc)
{
  return g_atomic_rc_box_acquire (mc);
}

void
_strata_chart_mc_unref (gpointer mc)
{
  g_atomic_rc_box_release_full (mc, chart_mc_clear);
}

static void
render_data_clear (gpointer data)
{
  RenderData *render = data;

  g_clear_pointer (&render->mc, _strata_chart_mc_unref);
  g_clear_pointer (&render->layout, strata_chart_layout_unref);
  g_clear_pointer (&render->results, strata_chart_results_unref);
  g_clear_object (&render->cancellable);

  for (guint i = 0; i < render->request.n_strategies; i++)
    {
      g_free (render->strategies[i].id);
      g_free (render->strategies[i].name);
      g_free (render->strategies[i].choices);
    }
  g_free (render->strategies);
  g_free ((gpointer) render->request.strategies);
  g_clear_pointer (&render->request.dataset, strata_dataset_unref);
}

/* RenderData is shared: the task and, once drawn, the hit tests. */
void
_strata_render_data_free (gpointer data)
{
  g_atomic_rc_box_release_full (data, render_data_clear);
}

RenderData *
_strata_render_data_new (StrataChartKind           kind,
                         const StrataChartRequest *request,
                         StrataChartMc            *mc,
                         int                       width,
                         int                       height,
                         int                       scale,
                         guint                     serial)
{
  RenderData *render = g_atomic_rc_box_new0 (RenderData);
  const StrataStrategy **pointers;
  guint n = request->n_strategies;
  guint n_layers = request->dataset->n_layers;

  render->kind = kind;
  render->width = width;
  render->height = height;
  render->scale = scale;
  render->serial = serial;
  render->request = *request;
  render->request.dataset = strata_dataset_ref (request->dataset);
  render->mc = mc != NULL ? _strata_chart_mc_ref (mc) : NULL;
  render->cancellable = g_cancellable_new ();
  render->request.monte_carlo = mc != NULL ? mc->result : NULL;
  /* The job holds the box: the horizon's run lives as long as it does. */
  if (mc != NULL && mc->roadmap != NULL)
    render->request.roadmap_monte_carlo = mc->roadmap;

  render->strategies = g_new0 (StrataStrategy, n);
  pointers = g_new0 (const StrataStrategy *, n);
  for (guint i = 0; i < n; i++)
    {
      const StrataStrategy *strategy = request->strategies[i];

      render->strategies[i].id = g_strdup (strategy->id);
      render->strategies[i].name = g_strdup (strategy->name);
      render->strategies[i].preset = strategy->preset;
      if (strategy->choices != NULL)
        render->strategies[i].choices = g_memdup2 (strategy->choices, sizeof (guint) * n_layers);
      pointers[i] = &render->strategies[i];
    }
  render->request.strategies = pointers;

  return render;
}

static gint n_cancelled;

guint
_strata_render_n_cancelled (void)
{
  return (guint) g_atomic_int_get (&n_cancelled);
}

double
_strata_render_data_get_progress (RenderData *render)
{
  return g_atomic_int_get (&render->progress) / 1000.0;
}

static gint hold_jobs;

void
_strata_render_hold_jobs (gboolean hold)
{
  g_atomic_int_set (&hold_jobs, hold);
}

static void
progress_cb (double   fraction,
             gpointer data)
{
  RenderData *render = data;

  g_atomic_int_set (&render->progress, (gint) (CLAMP (fraction, 0.0, 1.0) * 1000));
  /* Tests: the job waits here until it is cancelled or let go, so that a
   * change is sure to come while it runs however quick the model is. */
  while (g_atomic_int_get (&hold_jobs) && !g_cancellable_is_cancelled (render->cancellable))
    g_usleep (1000);
}

/* TRUE (and the task's error returned) when the job was cancelled. */
static gboolean
job_end (GTask      *task,
         RenderData *render)
{
  strata_chart_job_end ();
  if (!g_cancellable_is_cancelled (render->cancellable))
    return FALSE;
  g_atomic_int_inc (&n_cancelled);
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Cancelled");
  return TRUE;
}

/* Marks a texture whose corners are transparent (corners_clear ()). */
static GQuark
corners_clear_quark (void)
{
  return g_quark_from_static_string ("strata-chart-texture-corners-clear");
}

/* Whether the corners of @surface's picture, squares of
 * STRATA_CHART_CARD_RADIUS view pixels (at @scale), are transparent. */
static gboolean
corners_clear (const guchar *data,
               int           width,
               int           height,
               int           stride,
               int           scale)
{
  int size = STRATA_CHART_CARD_RADIUS * scale;

  if (2 * size > width || 2 * size > height)
    return FALSE;
  for (int y = 0; y < height; y = y + 1 == size ? height - size : y + 1)
    {
      const guint32 *row = (const guint32 *) (data + (gsize) y * stride);

      for (int x = 0; x < size; x++)
        if (row[x] != 0 || row[width - 1 - x] != 0)
          return FALSE;
    }
  return TRUE;
}

/* The chart painted into @surface (ARGB32, taken) as a texture, marked when
 * its corners are clear (_strata_chart_texture_corners_clear ()).  Its
 * pixels are put in R8G8B8A8 order here, in the worker (issue 15): GTK's
 * GL renderer uploads that order as it is, where cairo's (BGRA in memory)
 * was converted pixel by pixel on the main thread as the texture was
 * uploaded (8 M instructions for a chart at 1280x800).  The same
 * premultiplied values: the picture does not change. */
GdkTexture *
_strata_chart_texture_new (cairo_surface_t *surface,
                           int              scale)
{
  guchar *data = cairo_image_surface_get_data (surface);
  int width = cairo_image_surface_get_width (surface);
  int height = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface);
  gboolean clear = corners_clear (data, width, height, stride, scale);
  g_autoptr(GBytes) bytes = NULL;
  GdkTexture *texture;

  for (int y = 0; y < height; y++)
    {
      guchar *row = data + (gsize) y * stride;

#if G_BYTE_ORDER == G_LITTLE_ENDIAN
      /* R, G, B, A in memory is A << 24 | B << 16 | G << 8 | R: red and
       * blue swap places, a word at a time (the compiler vectorizes it;
       * byte by byte it was 18 instructions a pixel) */
      guint32 *words = (guint32 *) row;

      for (int x = 0; x < width; x++)
        {
          guint32 argb = words[x];

          words[x] = (argb & 0xff00ff00) | ((argb >> 16) & 0xff) | ((argb & 0xff) << 16);
        }
#else
      for (int x = 0; x < width; x++)
        {
          guint32 argb = ((guint32 *) row)[x];
          guchar *rgba = row + 4 * x;

          rgba[0] = (argb >> 16) & 0xff;
          rgba[1] = (argb >> 8) & 0xff;
          rgba[2] = argb & 0xff;
          rgba[3] = argb >> 24;
        }
#endif
    }

  bytes = g_bytes_new_with_free_func (data, (gsize) stride * height,
                                      (GDestroyNotify) cairo_surface_destroy, surface);
  texture = gdk_memory_texture_new (width, height, GDK_MEMORY_R8G8B8A8_PREMULTIPLIED, bytes, stride);
  if (clear)
    g_object_set_qdata (G_OBJECT (texture), corners_clear_quark (), GINT_TO_POINTER (TRUE));
  return texture;
}

gboolean
_strata_chart_texture_corners_clear (GdkTexture *texture)
{
  return g_object_get_qdata (G_OBJECT (texture), corners_clear_quark ()) != NULL;
}

void
_strata_render_thread (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  RenderData *render = task_data;
  cairo_surface_t *surface;
  cairo_t *cr;
  GdkTexture *texture;

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                        render->width * render->scale,
                                        render->height * render->scale);
  cr = cairo_create (surface);
  cairo_scale (cr, render->scale, render->scale);
  /* The model work of the chart stops early once the job is cancelled
   * (the next change of the view): the picture is then dropped. */
  strata_chart_job_begin (render->cancellable, progress_cb, render);
  {
    gint64 start = g_get_monotonic_time ();

    /* Laid out here, once, for the picture and the hit tests: nothing
     * of the model runs on the main thread afterwards. */
    render->layout = strata_chart_layout_new_full (render->kind, &render->request, render->results,
                                                   render->width, render->height);
    strata_chart_layout_draw (render->layout, cr);
    render->elapsed_ms = (g_get_monotonic_time () - start) / 1000.0;
  }
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  if (job_end (task, render))
    {
      cairo_surface_destroy (surface);
      return;
    }

  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED, "cairo: %s",
                               cairo_status_to_string (cairo_surface_status (surface)));
      return;
    }

  texture = _strata_chart_texture_new (surface, render->scale);
  g_task_return_pointer (task, texture, g_object_unref);
}

void
_strata_describe_thread (GTask        *task,
                         gpointer      source_object,
                         gpointer      task_data,
                         GCancellable *cancellable)
{
  RenderData *render = task_data;
  char *text;

  strata_chart_job_begin (render->cancellable, NULL, NULL);
  text = _strata_chart_describe_full (render->kind, &render->request, render->results);
  if (job_end (task, render))
    {
      g_free (text);
      return;
    }
  g_task_return_pointer (task, text, g_free);
}


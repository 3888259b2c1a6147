/* strata-chart-render-private.h
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "strata/strata-chart.h"

#include "strata-chart-view-private.h"

G_BEGIN_DECLS

/*
 * The chart view's work off the main thread (strata-chart-render.c):
 * drawing a chart into a texture, laying it out for hit tests, and
 * working out its accessible description.
 */

/* A finished Monte Carlo shared by the views that draw it and their
 * workers: g_atomic_rc_box around the result, which it frees. */
struct _StrataChartMc
{
  StrataMonteCarlo *result;
  /* (nullable) the horizon's Monte Carlo (strata-roadmap-mc.h): drawn as
   * the request's roadmap_monte_carlo by the render jobs holding it. */
  StrataRoadmapMc  *roadmap;
};

StrataChartMc *_strata_chart_mc_new   (StrataMonteCarlo         *result);
/* A box of the horizon's Monte Carlo (taken), for the Roadmap view. */
StrataChartMc *_strata_chart_mc_new_roadmap (StrataRoadmapMc    *roadmap);
StrataChartMc *_strata_chart_mc_ref   (StrataChartMc            *mc);
void           _strata_chart_mc_unref (gpointer                  mc);

/* Everything the worker needs, copied: the window goes on editing its
 * choices while the thread draws. */
typedef struct
{
  StrataChartKind     kind;
  StrataChartRequest  request;
  StrataStrategy     *strategies;     /* n_strategies copies */
  int                 width;
  int                 height;
  int                 scale;
  guint               serial;
  double              elapsed_ms;     /* set by the worker */
  StrataChartMc      *mc;             /* (nullable) behind request.monte_carlo */
  StrataChartLayout  *layout;         /* (nullable) set by the render worker */
  /* (nullable) the model's answers for this request, shared with the
   * view: a new size of the same request does not run the model again. */
  StrataChartResults *results;
  /* The job (issue 16): the next change cancels it, and the worker's
   * model work stops there; its progress in thousandths (atomic). */
  GCancellable       *cancellable;    /* (owned) */
  gint                progress;
} RenderData;

/* The worker's progress (0 to 1), from any thread. */
double      _strata_render_data_get_progress (RenderData *render);
/* Jobs whose worker saw them cancelled and stopped (the tests), and
 * every job the worker finished, from any thread. */
guint       _strata_render_n_cancelled (void);
/* Tests: while held, a job stops at its first progress report until it is
 * cancelled or the hold is lifted. */
void        _strata_render_hold_jobs   (gboolean                  hold);

/* A copy of @request (filled by the view), refcounted: g_atomic_rc_box;
 * it holds a reference on @mc (nullable), whose result is the request's
 * Monte Carlo. */
RenderData *_strata_render_data_new  (StrataChartKind           kind,
                                      const StrataChartRequest *request,
                                      StrataChartMc            *mc,
                                      int                       width,
                                      int                       height,
                                      int                       scale,
                                      guint                     serial);
void        _strata_render_data_free (gpointer                  data);

/* The corner radius of the card a chart view is: style.css's
 * border-radius of stratachartview.chart (strata-chart-view-card.c). */
#define STRATA_CHART_CARD_RADIUS 12

/* A chart painted into an ARGB32 image surface (taken) at @scale as a
 * texture, from any thread; whether its corners (squares of the card's
 * radius) are transparent. */
GdkTexture *_strata_chart_texture_new           (cairo_surface_t *surface,
                                                 int              scale);
gboolean    _strata_chart_texture_corners_clear (GdkTexture      *texture);

/* GTaskThreadFuncs on a RenderData: a GdkTexture, the description. */
void        _strata_render_thread    (GTask                    *task,
                                      gpointer                  source_object,
                                      gpointer                  task_data,
                                      GCancellable             *cancellable);
void        _strata_describe_thread  (GTask                    *task,
                                      gpointer                  source_object,
                                      gpointer                  task_data,
                                      GCancellable             *cancellable);

G_END_DECLS

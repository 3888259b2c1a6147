/* strata-chart-render-private.h
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "strata/strata-chart.h"

G_BEGIN_DECLS

/*
 * The chart view's work off the main thread (strata-chart-render.c):
 * drawing a chart into a texture, laying it out for hit tests, and
 * working out its accessible description.
 */

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
} RenderData;

/* A copy of @request (filled by the view), refcounted: g_atomic_rc_box. */
RenderData *_strata_render_data_new  (StrataChartKind           kind,
                                      const StrataChartRequest *request,
                                      int                       width,
                                      int                       height,
                                      int                       scale,
                                      guint                     serial);
void        _strata_render_data_free (gpointer                  data);

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

/* strata-chart-view-internal.h: the chart view's state, shared by its files
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "strata-chart-render-private.h"
#include "strata-chart-view-private.h"

G_BEGIN_DECLS

typedef struct _StrataChartFirst StrataChartFirst;

/* strata-chart-view.c draws, caches and hit-tests the chart;
 * strata-chart-view-a11y.c describes it to assistive technology and walks
 * its points with the keyboard. */
struct _StrataChartView
{
  GtkWidget           parent_instance;

  /* owned */
  StrataChartRequest  request;      /* dataset ref'd, strategies copied (pointers borrowed) */
  GskRenderNode      *cache;        /* (nullable) the chart at cache_width x cache_height */
  StrataChartLayout  *layout;       /* (nullable) behind the cache when drawn here, for hits */
  /* (nullable) the model's answers for the request: kept across sizes,
   * dropped when the request changes (issue 10: a resize only lays out). */
  StrataChartResults *results;
  int                 cache_width;
  int                 cache_height;

  /* drawing in a worker thread, for charts slower than a frame */
  GdkTexture         *texture;      /* (nullable) the last chart drawn in a thread */
  GCancellable       *render_cancellable; /* cancelled on dispose */
  guint               serial;       /* bumped whenever the picture must change */
  /* The picture a worker is drawing (at most one at a time), cancelled by
   * the next change: a flip, an edit, a new size (issue 16). */
  RenderData         *job;          /* (nullable) */
  gint64              job_start;    /* monotonic us */
  guint               progress_source;
  int                 shown_progress; /* thousandths, as last drawn; -1 none */
  RenderData         *describe_job; /* (nullable) the description being worked out */
  /* (nullable) the model's answers being worked out in a worker before the
   * first frame, then its picture (_strata_chart_view_prepare ()), and its
   * thread */
  StrataChartFirst   *prepare;
  GThread            *prepare_thread;
  /* the cache is that worker's picture (when a cache is made) */
  gboolean            first_picture;
  gboolean            threaded;
  guint               n_slow;       /* synchronous drawings over budget in a row */
  gboolean            force_threaded; /* tests */
  gpointer            hit_render;   /* (nullable) RenderData of the last threaded picture */

  StrataChartMc      *mc;           /* (nullable) the Monte Carlo drawn with the request */

  StrataChartKind     kind;
  gboolean            log_y;
  double              title_inset;  /* px kept free at the title's right */
  gboolean            dark;

  /* pointer */
  gboolean            hovering;
  double              pointer_x;
  double              pointer_y;
  StrataHit           hit;

  /* the keyboard's point (issue 14): announced as the accessible label */
  GPtrArray          *points;         /* (nullable) _strata_chart_points(), made on the first key */
  int                 point;          /* index in points, -1 for none */

  /* accessible description */
  char               *description;    /* (nullable) as last set */
  guint               describe_source;
  gboolean            description_dirty;
};

/* strata-chart-view.c */
gboolean     _strata_chart_view_is_large          (StrataChartView *self);
RenderData  *_strata_chart_view_render_data_new   (StrataChartView *self,
                                                   int              width,
                                                   int              height,
                                                   int              scale);

/* strata-chart-view-first.c: the size of the view's first allocation to
 * the worker of _strata_chart_view_prepare (), which draws the chart at
 * it; a title inset set before that (TRUE when the worker takes it); the
 * end of that worker: waited for (@wait), its picture at @width x
 * @height returned if it drew one (and its layout made the view's), or
 * let go when the request changed. */
void           _strata_chart_view_first_allocate (StrataChartView *self,
                                                  int              width,
                                                  int              height);
gboolean       _strata_chart_view_first_inset    (StrataChartView *self,
                                                  double           inset);
GskRenderNode *_strata_chart_view_end_prepare     (StrataChartView *self,
                                                  gboolean         wait,
                                                  int              width,
                                                  int              height);

/* strata-chart-view-card.c: the card's colour under the chart, the
 * rounded clip of what is drawn on it, the picture (a texture node the
 * view's size, clipped unless its corners are clear) */
gboolean     _strata_chart_view_style_dark        (StrataChartView *self);
void         _strata_chart_view_snapshot_card     (StrataChartView *self,
                                                   GtkSnapshot     *snapshot,
                                                   int              width,
                                                   int              height);
void         _strata_chart_view_push_card_clip    (GtkSnapshot     *snapshot,
                                                   int              width,
                                                   int              height);
void         _strata_chart_view_append_picture    (GtkSnapshot     *snapshot,
                                                   GskRenderNode   *node,
                                                   int              width,
                                                   int              height);

/* strata-chart-view-a11y.c */
void         _strata_chart_view_update_accessible (StrataChartView *self);
void         _strata_chart_view_on_map            (StrataChartView *self);
void         _strata_chart_view_reset_points      (StrataChartView *self);
const char  *_strata_chart_view_get_point_text    (StrataChartView *self);
void         _strata_chart_view_point_action      (GtkWidget       *widget,
                                                   const char      *action_name,
                                                   GVariant        *param);
void         _strata_chart_view_snapshot_point    (StrataChartView *self,
                                                   GtkSnapshot     *snapshot);

G_END_DECLS

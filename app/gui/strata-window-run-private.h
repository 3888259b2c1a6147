/* strata-window-run-private.h: a model run in a worker, with its progress on show
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "strata/strata-chart.h"

#include "strata-chart-render-private.h"

G_BEGIN_DECLS

/* What a run's worker works on, shared with the window (ref-counted):
 * copies of the request's dataset and strategies, the progress. */
typedef struct
{
  RenderData         *render;   /* the dataset and copies of the strategies */
  int                 permille; /* (atomic) the progress */
  gpointer            data;     /* (owned) (nullable) the run's own */
  GDestroyNotify      data_free;
} StrataWindowJob;

StrataWindowJob *_strata_window_job_ref          (StrataWindowJob          *job);
void             _strata_window_job_unref        (gpointer                  job);
/* From the worker. */
void             _strata_window_job_set_progress (StrataWindowJob          *job,
                                                  double                    fraction);
const StrataChartRequest *
                 _strata_window_job_get_request  (StrataWindowJob          *job);

/* One kind of run of a window (the Chances view's, the Roadmap's): the
 * run under way, and a status (a label and a progress bar) saying so. */
typedef struct
{
  GtkWidget       *status;      /* (unowned) shown while it runs, or to say why it failed */
  GtkLabel        *label;       /* (unowned) */
  GtkProgressBar  *progress;    /* (unowned) */
  GDestroyNotify   result_free; /* frees what the worker returns */
  GCancellable    *cancellable; /* (nullable) the run under way */
  StrataWindowJob *job;         /* (nullable) its job */
  guint            source;      /* polls the progress */
  char            *text;        /* (owned) (nullable) what the run does, as shown */
  gint64           since;       /* when it started (monotonic, us) */
  char            *left;        /* (owned) (nullable) the time left, as last shown */
  guint            started;     /* runs started, runs cancelled (tests) */
  guint            cancelled;
} StrataWindowRun;

void             _strata_window_run_init         (StrataWindowRun          *run,
                                                  GtkWidget                *status,
                                                  GtkLabel                 *label,
                                                  GtkProgressBar           *progress,
                                                  GDestroyNotify            result_free);
/* Starts @thread on a job of @request (of @kind) with @data (taken),
 * shows @text over a progress bar; @done gets a reference to @window as
 * its user data and calls _strata_window_run_finish().  Returns the job
 * (borrowed). */
StrataWindowJob *_strata_window_run_start        (StrataWindowRun          *run,
                                                  gpointer                  window,
                                                  StrataChartKind           kind,
                                                  const StrataChartRequest *request,
                                                  const char               *text,
                                                  gpointer                  data,
                                                  GDestroyNotify            data_free,
                                                  GTaskThreadFunc           thread,
                                                  GAsyncReadyCallback       done);
/* Cancels the run under way (its result is never shown) and hides the
 * status. */
void             _strata_window_run_cancel       (StrataWindowRun          *run);
/* The result of the run under way (taken), or NULL: cancelled, superseded
 * by a newer run, or failed (then the status says why).  @current (out)
 * (optional): whether it was the run under way (finished or failed), not
 * one cancelled or superseded (whose window may be gone). */
gpointer         _strata_window_run_finish       (StrataWindowRun          *run,
                                                  GAsyncResult             *result,
                                                  gboolean                 *current);
gboolean         _strata_window_run_is_running   (const StrataWindowRun    *run);
/* For the tests: whether it runs, how many started and were cancelled. */
void             _strata_window_run_get_state    (const StrataWindowRun    *run,
                                                  gboolean                 *running,
                                                  guint                    *started,
                                                  guint                    *cancelled);

G_END_DECLS

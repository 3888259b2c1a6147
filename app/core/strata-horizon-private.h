/* strata-horizon-private.h
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "strata/strata-horizon.h"

G_BEGIN_DECLS

/* How the horizon's loader hands a problem to the dataset loader: @path
 * is the JSON path ("horizon.years"), @message what is wrong. */
typedef void (*StrataHorizonReport) (gpointer    loader,
                                     int         code,
                                     const char *path,
                                     const char *message);

/* Reads an option's horizon fields (capex, build_years, exit_cost,
 * experience) from @obj at @base.  @mode_known: opt->mode is set. */
void           _strata_horizon_load_option (JsonObject          *obj,
                                            const char          *base,
                                            StrataOption        *opt,
                                            gboolean             mode_known,
                                            StrataHorizonReport  report,
                                            gpointer             loader);

/* Reads root.horizon (NULL when absent or wrong, reported).  @ds holds
 * the dataset's own strategies (before the presets). */
StrataHorizon *_strata_horizon_load        (JsonObject          *root,
                                            const StrataDataset *ds,
                                            StrataHorizonReport  report,
                                            gpointer             loader);

/* What every year of every plan of one dataset shares. */
typedef struct
{
  const StrataDataset *ds;
  guint   n_layers;
  guint   years;
  double *volume;       /* years: V_t */
  double *discount;     /* years: (1 + d)^-t */
  double *made_before;  /* years + 1: sum of V over years before t */
  guint  *start;        /* n_layers: start options */
  double *interface;    /* n_layers: boundary cost above layer l */
} HorizonCtx;

HorizonCtx *_strata_horizon_ctx_new        (const StrataDataset    *ds);
void        _strata_horizon_ctx_free       (HorizonCtx             *c);
double      _strata_horizon_variable       (const StrataOption     *o,
                                            double                  q);
guint       _strata_plan_runs_from         (const HorizonCtx       *c,
                                            guint                   layer,
                                            const StrataLayerPlan  *p);
double      _strata_horizon_learning_units (const HorizonCtx       *c,
                                            guint                   l,
                                            const StrataLayerPlan  *p,
                                            guint                   t);
double      _strata_plan_capex             (const HorizonCtx       *c,
                                            guint                   l,
                                            const StrataLayerPlan  *p,
                                            guint                   t);
double      _strata_plan_exit              (const HorizonCtx       *c,
                                            guint                   l,
                                            const StrataLayerPlan  *p,
                                            guint                   t);
double      _strata_plan_npv_ctx           (const HorizonCtx       *c,
                                            const StrataLayerPlan  *plans,
                                            StrataHorizonObjective  objective);

G_END_DECLS

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
  /* With annual learning, the variable cost before co-design of every
   * option in every year, _strata_horizon_variable (o, V_t), worked out
   * once: [(option_base[l] + o) * years + t]; NULL with cumulative
   * learning (the units then depend on the plan) and in a context for
   * one plan (horizon_ctx_new ()). */
  guint  *option_base;  /* n_layers */
  double *variable;     /* (nullable) */
  /* The links into each layer, in file order: [in_start[l], in_start[l + 1]) of in_links. */
  guint  *in_start;     /* n_layers + 1 */
  guint  *in_links;     /* n_links */
} HorizonCtx;

HorizonCtx *_strata_horizon_ctx_new        (const StrataDataset    *ds);
void        _strata_horizon_ctx_free       (HorizonCtx             *c);
/* Works out again the table's row of option @o of layer @l from the
 * dataset's numbers now (a context with a table only). */
void        _strata_horizon_ctx_refresh    (HorizonCtx             *c,
                                            guint                   l,
                                            guint                   o);
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
/* The variable cost before co-design of option @option of layer @l in
 * year @t under @p (the option it runs then): _strata_horizon_variable ()
 * of its learning units, from the context's table when it has one. */
double      _strata_plan_variable          (const HorizonCtx       *c,
                                            guint                   l,
                                            guint                   option,
                                            const StrataLayerPlan  *p,
                                            guint                   t);
/* The objective's cost of the start plan in every year (@years values),
 * what strata_plan_evaluate () measures savings against. */
void        _strata_plan_start_costs       (const HorizonCtx       *c,
                                            StrataHorizonObjective  objective,
                                            double                 *start_cost);
/* A result with room for @c's layers and years (what
 * _strata_plan_evaluate_ctx () fills; free with strata_plan_result_free). */
StrataPlanResult *_strata_plan_result_new  (const HorizonCtx       *c,
                                            StrataHorizonObjective  objective);
/* strata_plan_evaluate () into @res (from _strata_plan_result_new () on
 * the same layers and years) against @start_cost
 * (_strata_plan_start_costs ()): the same figures. */
void        _strata_plan_evaluate_ctx      (const HorizonCtx       *c,
                                            const StrataLayerPlan  *plans,
                                            const double           *start_cost,
                                            StrataPlanResult       *res);
/* strata_roadmap_optimal () draw after draw: the search is planned once
 * for the structure of the roadmaps (start options, build years, modes,
 * links) and run again on each context's numbers, with the same answers. */
typedef struct _StrataRoadmapSolver StrataRoadmapSolver;

StrataRoadmapSolver *_strata_roadmap_solver_new  (void);
void        _strata_roadmap_solver_free    (StrataRoadmapSolver    *solver);
gboolean    _strata_roadmap_solver_run     (StrataRoadmapSolver    *solver,
                                            const HorizonCtx       *c,
                                            StrataHorizonObjective  objective,
                                            StrataLayerPlan        *plans_out,
                                            GError                **error);

G_END_DECLS

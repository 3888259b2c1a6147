/* strata-horizon.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * The cash of a plan year by year (MODEL.md section 8): operating cost
 * with annual or cumulative learning, capex spread over the build years,
 * exit costs, ecosystem value, discounting, and the outcomes of a plan
 * against the start plan.  The optimal roadmap is in strata-roadmap.c.
 */

#define G_LOG_DOMAIN "strata-horizon"

#include "config.h"

#include <math.h>
#include <string.h>

#include "strata/strata-model.h"
#include "strata-horizon-private.h"
#include "strata-numeric-private.h"

void
strata_horizon_free (StrataHorizon *horizon)
{
  if (horizon == NULL)
    return;
  g_free (horizon->volumes);
  g_free (horizon->start);
  g_clear_pointer (&horizon->extra, json_object_unref);
  g_free (horizon);
}

StrataHorizon *
strata_horizon_copy (const StrataHorizon *horizon)
{
  StrataHorizon *copy;

  g_return_val_if_fail (horizon != NULL, NULL);

  copy = g_memdup2 (horizon, sizeof *horizon);
  copy->volumes = horizon->volumes != NULL
                  ? g_memdup2 (horizon->volumes, sizeof (double) * horizon->years) : NULL;
  copy->start = g_strdup (horizon->start);
  if (horizon->extra != NULL)
    copy->extra = json_object_ref (horizon->extra);
  return copy;
}

const char *
strata_horizon_objective_to_string (StrataHorizonObjective objective)
{
  return objective == STRATA_HORIZON_CASH ? "cash" : "effective";
}

void
strata_horizon_volumes (const StrataHorizon *horizon,
                        double              *out)
{
  g_return_if_fail (horizon != NULL);

  for (guint t = 0; t < horizon->years; t++)
    out[t] = horizon->volume_listed
             ? horizon->volumes[t]
             : t == 0 ? horizon->volume_first.value
                      : out[t - 1] * (1.0 + horizon->volume_growth.value);
}

void
strata_horizon_start_choices (const StrataDataset *dataset,
                              guint               *choices_out)
{
  const StrataStrategy *start;
  double v0;

  g_return_if_fail (dataset != NULL && dataset->horizon != NULL);

  start = strata_dataset_find_strategy (dataset, dataset->horizon->start);
  if (start == NULL)
    start = &dataset->strategies[0];
  v0 = dataset->horizon->volume_listed ? dataset->horizon->volumes[0]
                                       : dataset->horizon->volume_first.value;
  strata_strategy_resolve (dataset, start, v0, choices_out);
}

gboolean
strata_horizon_has_uncertain (const StrataDataset *dataset)
{
  const StrataHorizon *h;

  g_return_val_if_fail (dataset != NULL, FALSE);

  h = dataset->horizon;
  if (h == NULL)
    return FALSE;
  if (h->discount_rate.uncertain || (!h->volume_listed && (h->volume_first.uncertain || h->volume_growth.uncertain)))
    return TRUE;
  for (guint l = 0; l < dataset->n_layers; l++)
    for (guint o = 0; o < dataset->layers[l].n_options; o++)
      if (dataset->layers[l].options[o].capex.uncertain || dataset->layers[l].options[o].exit_cost.uncertain)
        return TRUE;
  return FALSE;
}

guint *
strata_horizon_adopted_choices (const StrataDataset    *dataset,
                                const StrataStrategy   *strategy,
                                StrataHorizonObjective  objective,
                                guint                  *choices_out)
{
  double v0;

  g_return_val_if_fail (dataset != NULL && dataset->horizon != NULL, choices_out);
  g_return_val_if_fail (strategy != NULL, choices_out);

  v0 = dataset->horizon->volume_listed ? dataset->horizon->volumes[0]
                                       : dataset->horizon->volume_first.value;
  return strata_strategy_resolve_full (dataset, strategy,
                                       objective == STRATA_HORIZON_CASH ? STRATA_OBJECTIVE_CASH
                                                                        : STRATA_OBJECTIVE_EFFECTIVE,
                                       v0, choices_out);
}

/* ------------------------------------------------------------------ */
/* The context of a horizon: volumes, discount factors, start options  */
/* ------------------------------------------------------------------ */

/* With @table, every option's variable cost in every year worked out
 * at once (annual learning): for the roadmap's search, which asks them
 * all many times.  Without, _strata_plan_variable () works out the
 * plan's as it asks them (the same doubles): one plan's NPV at a time
 * needs a layer's running options, not all of them (a switch point of
 * savings_npv asks thousands), unless the layers have two or fewer. */
static HorizonCtx *
horizon_ctx_new (const StrataDataset *ds,
                 gboolean             table)
{
  HorizonCtx *c = g_new0 (HorizonCtx, 1);
  const StrataHorizon *h = ds->horizon;

  c->ds = ds;
  c->n_layers = ds->n_layers;
  c->years = h->years;
  c->volume = g_new0 (double, h->years);
  c->discount = g_new0 (double, h->years);
  c->made_before = g_new0 (double, h->years + 1);
  c->start = g_new0 (guint, MAX (ds->n_layers, 1));
  c->interface = g_new0 (double, MAX (ds->n_layers, 1));

  strata_horizon_volumes (h, c->volume);
  for (guint t = 0; t < h->years; t++)
    {
      /* (1 + d)^-t by recurrence: one division a year instead of a pow. */
      c->discount[t] = t == 0 ? 1.0 : c->discount[t - 1] / (1.0 + h->discount_rate.value);
      c->made_before[t + 1] = c->made_before[t] + c->volume[t];
    }
  strata_horizon_start_choices (ds, c->start);
  for (guint l = 0; l + 1 < ds->n_layers; l++)
    c->interface[l] = ds->layers[l].has_boundary_cost ? ds->layers[l].boundary_cost
                                                      : ds->boundary_cost;

  /* Each layer's links in, in file order (the co-design factor
   * multiplied in the same order as over every link). */
  c->in_start = g_new0 (guint, ds->n_layers + 1);
  c->in_links = g_new (guint, MAX (ds->n_links, 1));
  for (guint k = 0; k < ds->n_links; k++)
    c->in_start[ds->links[k].to + 1]++;
  for (guint l = 0; l < ds->n_layers; l++)
    c->in_start[l + 1] += c->in_start[l];
  {
    g_autofree guint *fill = g_memdup2 (c->in_start, sizeof (guint) * (ds->n_layers + 1));

    for (guint k = 0; k < ds->n_links; k++)
      c->in_links[fill[ds->links[k].to]++] = k;
  }

  /* With annual learning the units of year t are V_t whatever the plan:
   * each option's variable cost (a pow when it learns) once a year, not
   * once per plan and year. */
  c->option_base = g_new0 (guint, MAX (ds->n_layers, 1));
  for (guint l = 0, n_options = 0; l < ds->n_layers; l++)
    {
      c->option_base[l] = n_options;
      n_options += ds->layers[l].n_options;
    }
  /* One plan's NPV (or its evaluation beside the start's) asks at most
   * two options a layer and year: a table of every option pays where a
   * layer has two at most. */
  if (!table && ds->n_layers > 0)
    table = c->option_base[ds->n_layers - 1] + ds->layers[ds->n_layers - 1].n_options <= 2 * ds->n_layers;
  if (table && h->learning == STRATA_LEARNING_ANNUAL)
    {
      guint n_options = 0;

      for (guint l = 0; l < ds->n_layers; l++)
        n_options += ds->layers[l].n_options;
      c->variable = g_new (double, MAX ((gsize) n_options * h->years, 1));
      for (guint l = 0; l < ds->n_layers; l++)
        for (guint o = 0; o < ds->layers[l].n_options; o++)
          for (guint t = 0; t < h->years; t++)
            c->variable[(gsize) (c->option_base[l] + o) * h->years + t] =
              _strata_horizon_variable (&ds->layers[l].options[o], c->volume[t]);
    }
  return c;
}

HorizonCtx *
_strata_horizon_ctx_new (const StrataDataset *ds)
{
  return horizon_ctx_new (ds, TRUE);
}

void
_strata_horizon_ctx_refresh (HorizonCtx *c,
                             guint       l,
                             guint       o)
{
  double *row;

  g_return_if_fail (c->variable != NULL);
  row = c->variable + (gsize) (c->option_base[l] + o) * c->years;
  for (guint t = 0; t < c->years; t++)
    row[t] = _strata_horizon_variable (&c->ds->layers[l].options[o], c->volume[t]);
}

void
_strata_horizon_ctx_free (HorizonCtx *c)
{
  if (c == NULL)
    return;
  g_free (c->volume);
  g_free (c->discount);
  g_free (c->made_before);
  g_free (c->start);
  g_free (c->interface);
  g_free (c->option_base);
  g_free (c->variable);
  g_free (c->in_start);
  g_free (c->in_links);
  g_free (c);
}

/* Variable cost per unit of @o, before co-design, when the units of its
 * learning are @q (the year's volume, or cumulative units). */
double
_strata_horizon_variable (const StrataOption *o,
                          double              q)
{
  double v;

  if (o->mode == STRATA_MODE_NEUTRAL)
    return o->has_price ? o->price.value
                        : o->supplier_cost.value / (1.0 - o->margin.value);
  v = o->unit_cost.value;
  if (o->learning_rate.value != 0.0 && v != 0.0)
    v *= pow (q / o->reference_volume.value, log2 (1.0 - o->learning_rate.value));
  return MAX (o->floor_cost.value, v);
}

/* The year the switch of @p runs from (years when it never switches). */
guint
_strata_plan_runs_from (const HorizonCtx      *c,
                        guint                  layer,
                        const StrataLayerPlan *p)
{
  if (p->decide_year < 0)
    return c->years;
  return (guint) p->decide_year + c->ds->layers[layer].options[p->option].build_years;
}

/* Learning units of the option layer @l runs in year @t under @p. */
double
_strata_horizon_learning_units (const HorizonCtx      *c,
                                guint                  l,
                                const StrataLayerPlan *p,
                                guint                  t)
{
  const StrataLayer *layer = &c->ds->layers[l];
  guint r = _strata_plan_runs_from (c, l, p);
  const StrataOption *o;
  double made;

  if (c->ds->horizon->learning == STRATA_LEARNING_ANNUAL)
    return c->volume[t];
  if (t < r)
    {
      o = &layer->options[c->start[l]];
      made = c->made_before[t];
    }
  else
    {
      o = &layer->options[p->option];
      made = c->made_before[t] - c->made_before[r];
    }
  return o->experience + made + c->volume[t] / 2;
}

double
_strata_plan_variable (const HorizonCtx      *c,
                       guint                  l,
                       guint                  option,
                       const StrataLayerPlan *p,
                       guint                  t)
{
  if (c->variable != NULL)
    return c->variable[(gsize) (c->option_base[l] + option) * c->years + t];
  return _strata_horizon_variable (&c->ds->layers[l].options[option],
                                   _strata_horizon_learning_units (c, l, p, t));
}

/* Capex of layer @l's switch paid in year @t. */
double
_strata_plan_capex (const HorizonCtx      *c,
                    guint                  l,
                    const StrataLayerPlan *p,
                    guint                  t)
{
  const StrataOption *o;
  guint y;

  if (p->decide_year < 0)
    return 0;
  o = &c->ds->layers[l].options[p->option];
  y = (guint) p->decide_year;
  if (o->build_years == 0)
    return t == y ? o->capex.value : 0;
  if (t >= y && t < y + o->build_years)
    return o->capex.value / o->build_years;
  return 0;
}

/* Exit cost of layer @l paid in year @t (the start option's, when the new
 * one starts running). */
double
_strata_plan_exit (const HorizonCtx      *c,
                   guint                  l,
                   const StrataLayerPlan *p,
                   guint                  t)
{
  if (p->decide_year < 0 || _strata_plan_runs_from (c, l, p) != t)
    return 0;
  return c->ds->layers[l].options[c->start[l]].exit_cost.value;
}

/* One year of a plan: fills @row (its year, volume and amounts) and the
 * running and building options.  Direct from MODEL.md 3 and 8: the test
 * oracle of the roadmap search goes through here. */
static void
simulate_year (const HorizonCtx      *c,
               const StrataLayerPlan *plans,
               const guint           *runs_from,
               guint                  t,
               guint                 *running,
               int                   *building,
               StrataPlanYear        *row)
{
  const StrataDataset *ds = c->ds;
  double v = c->volume[t];
  double unit = 0, eco = 0, capex = 0, exit = 0;

  for (guint l = 0; l < ds->n_layers; l++)
    {
      const StrataLayerPlan *p = &plans[l];
      guint r = runs_from[l];

      running[l] = t >= r ? p->option : c->start[l];
      building[l] = p->decide_year >= 0 && t >= (guint) p->decide_year && t < r ? (int) p->option : -1;
      /* A layer that never switches pays neither (adding its 0 would
       * leave the sums as they are). */
      if (p->decide_year < 0)
        continue;
      capex += _strata_plan_capex (c, l, p, t);
      if (r == t)
        exit += ds->layers[l].options[c->start[l]].exit_cost.value;
    }

  for (guint l = 0; l < ds->n_layers; l++)
    {
      const StrataOption *o = &ds->layers[l].options[running[l]];
      double variable = _strata_plan_variable (c, l, running[l], &plans[l], t);

      if (o->mode == STRATA_MODE_INTEGRATED)
        for (guint q = c->in_start[l]; q < c->in_start[l + 1]; q++)
          {
            const StrataLink *link = &ds->links[c->in_links[q]];

            if (ds->layers[link->from].options[running[link->from]].mode == STRATA_MODE_INTEGRATED)
              variable *= 1.0 - link->saving.value;
          }
      unit += variable + o->fixed_cost.value / v;
      eco += o->ecosystem_value.value;
      if (l + 1 < ds->n_layers
          && !(o->mode == STRATA_MODE_INTEGRATED
               && ds->layers[l + 1].options[running[l + 1]].mode == STRATA_MODE_INTEGRATED))
        unit += c->interface[l];
    }

  row->year = ds->horizon->first_year + (int) t;
  row->volume = v;
  row->unit_cost = unit;
  row->capex = capex;
  row->exit_cost = exit;
  row->ecosystem_value = eco * v;
  row->cash_cost = unit * v + capex + exit;
  row->effective_cost = row->cash_cost - row->ecosystem_value;
}

/* _strata_plan_runs_from () of every layer of @plans, into @out. */
static guint *
plan_runs_from (const HorizonCtx      *c,
                const StrataLayerPlan *plans,
                guint                 *out)
{
  for (guint l = 0; l < c->n_layers; l++)
    out[l] = _strata_plan_runs_from (c, l, &plans[l]);
  return out;
}

static double
objective_cost (const StrataPlanYear   *row,
                StrataHorizonObjective  objective)
{
  return objective == STRATA_HORIZON_CASH ? row->cash_cost : row->effective_cost;
}

double
_strata_plan_npv_ctx (const HorizonCtx       *c,
                      const StrataLayerPlan  *plans,
                      StrataHorizonObjective  objective)
{
  guint stack_running[STRATA_STACK_LAYERS], stack_runs[STRATA_STACK_LAYERS];
  int stack_building[STRATA_STACK_LAYERS];
  g_autofree guint *heap_running = NULL, *heap_runs = NULL;
  g_autofree int *heap_building = NULL;
  guint *running = stack_running, *runs_from = stack_runs;
  int *building = stack_building;
  double npv = 0;

  /* No allocation for a short stack: the roadmap's checks ask thousands. */
  if (c->n_layers > STRATA_STACK_LAYERS)
    {
      running = heap_running = g_new (guint, c->n_layers);
      runs_from = heap_runs = g_new (guint, c->n_layers);
      building = heap_building = g_new (int, c->n_layers);
    }
  plan_runs_from (c, plans, runs_from);

  for (guint t = 0; t < c->years; t++)
    {
      StrataPlanYear row;

      simulate_year (c, plans, runs_from, t, running, building, &row);
      npv += c->discount[t] * objective_cost (&row, objective);
    }
  return npv;
}

double
strata_plan_npv (const StrataDataset    *dataset,
                 const StrataLayerPlan  *plans,
                 StrataHorizonObjective  objective)
{
  HorizonCtx *c;
  double npv;

  g_return_val_if_fail (dataset != NULL && dataset->horizon != NULL, 0);

  c = horizon_ctx_new (dataset, FALSE);
  npv = _strata_plan_npv_ctx (c, plans, objective);
  _strata_horizon_ctx_free (c);
  return npv;
}

gboolean
strata_roadmap_is_valid (const StrataDataset   *dataset,
                         const StrataLayerPlan *plans)
{
  g_autofree guint *start = NULL;

  g_return_val_if_fail (dataset != NULL && dataset->horizon != NULL, FALSE);

  start = g_new0 (guint, MAX (dataset->n_layers, 1));
  strata_horizon_start_choices (dataset, start);
  for (guint l = 0; l < dataset->n_layers; l++)
    {
      const StrataLayerPlan *p = &plans[l];

      if (p->decide_year < 0)
        {
          if (p->option != start[l])
            return FALSE;
          continue;
        }
      if (p->option >= dataset->layers[l].n_options || p->option == start[l])
        return FALSE;
      if ((guint) p->decide_year + dataset->layers[l].options[p->option].build_years
          >= dataset->horizon->years)
        return FALSE;
    }
  return TRUE;
}

guint
strata_roadmap_n_switches (const StrataDataset   *dataset,
                           const StrataLayerPlan *plans)
{
  guint n = 0;

  for (guint l = 0; l < dataset->n_layers; l++)
    n += plans[l].decide_year >= 0;
  return n;
}

gboolean
strata_roadmap_adopt (const StrataDataset  *dataset,
                      const guint          *choices,
                      StrataLayerPlan      *plans_out,
                      GError              **error)
{
  g_autofree guint *start = NULL;

  g_return_val_if_fail (dataset != NULL && dataset->horizon != NULL, FALSE);

  start = g_new0 (guint, MAX (dataset->n_layers, 1));
  strata_horizon_start_choices (dataset, start);
  for (guint l = 0; l < dataset->n_layers; l++)
    {
      const StrataOption *o = &dataset->layers[l].options[choices[l]];

      plans_out[l].option = choices[l];
      plans_out[l].decide_year = choices[l] == start[l] ? -1 : 0;
      if (plans_out[l].decide_year == 0 && o->build_years >= dataset->horizon->years)
        {
          g_set_error (error, STRATA_DATASET_ERROR, STRATA_DATASET_ERROR_INVALID,
                       "layer \"%s\": option \"%s\" takes %u build %s, so it cannot run within the horizon of %u %s",
                       dataset->layers[l].id, o->id, o->build_years, o->build_years == 1 ? "year" : "years",
                       dataset->horizon->years, dataset->horizon->years == 1 ? "year" : "years");
          return FALSE;
        }
    }
  return TRUE;
}

/* "Adopt @strategy now" as a roadmap into @plans (n_layers), or FALSE
 * with @error when it is not one. */
static gboolean
adopt_now (const StrataDataset    *dataset,
           const StrataStrategy   *strategy,
           StrataHorizonObjective  objective,
           StrataLayerPlan        *plans,
           GError                **error)
{
  g_autofree guint *choices = g_new0 (guint, MAX (dataset->n_layers, 1));

  strata_horizon_adopted_choices (dataset, strategy, objective, choices);
  return strata_roadmap_adopt (dataset, choices, plans, error);
}

StrataPlanResult *
strata_plan_adopt_now (const StrataDataset    *dataset,
                       const StrataStrategy   *strategy,
                       StrataHorizonObjective  objective,
                       GError                **error)
{
  g_autofree StrataLayerPlan *plans = NULL;

  g_return_val_if_fail (dataset != NULL && dataset->horizon != NULL, NULL);
  g_return_val_if_fail (strategy != NULL, NULL);

  plans = g_new0 (StrataLayerPlan, MAX (dataset->n_layers, 1));
  if (!adopt_now (dataset, strategy, objective, plans, error))
    return NULL;
  return strata_plan_evaluate (dataset, plans, objective);
}

gboolean
strata_plan_can_adopt (const StrataDataset    *dataset,
                       const StrataStrategy   *strategy,
                       StrataHorizonObjective  objective,
                       GError                **error)
{
  g_autofree StrataLayerPlan *plans = NULL;

  g_return_val_if_fail (dataset != NULL && dataset->horizon != NULL, FALSE);
  g_return_val_if_fail (strategy != NULL, FALSE);

  plans = g_new0 (StrataLayerPlan, MAX (dataset->n_layers, 1));
  return adopt_now (dataset, strategy, objective, plans, error);
}

StrataPlanResult *
strata_plan_start (const StrataDataset    *dataset,
                   StrataHorizonObjective  objective)
{
  g_autofree StrataLayerPlan *never = NULL;
  g_autofree guint *start = NULL;

  g_return_val_if_fail (dataset != NULL && dataset->horizon != NULL, NULL);

  never = g_new0 (StrataLayerPlan, MAX (dataset->n_layers, 1));
  start = g_new0 (guint, MAX (dataset->n_layers, 1));
  strata_horizon_start_choices (dataset, start);
  for (guint l = 0; l < dataset->n_layers; l++)
    {
      never[l].option = start[l];
      never[l].decide_year = -1;
    }
  return strata_plan_evaluate (dataset, never, objective);
}

/* Cumulative discounted savings: payback year and peak funding. */
static void
finish_savings (StrataPlanResult *res,
                const double     *start_cost,
                const double     *discount)
{
  double cum = 0, deepest = 0;
  int payback = -1;

  for (guint t = 0; t < res->n_years; t++)
    {
      double plan = objective_cost (&res->rows[t], res->objective);

      cum += discount[t] * (start_cost[t] - plan);
      res->rows[t].savings = cum;
      deepest = MIN (deepest, cum);
      if (cum < 0)
        payback = -1;
      else if (payback < 0)
        payback = (int) t;
    }
  res->savings_npv = cum;
  res->peak_funding = -deepest;
  res->has_payback = payback >= 0;
  res->payback_year = payback >= 0 ? res->rows[payback].year : 0;
}

void
_strata_plan_start_costs (const HorizonCtx       *c,
                          StrataHorizonObjective  objective,
                          double                 *start_cost)
{
  guint n = c->n_layers;
  g_autofree StrataLayerPlan *never = g_new0 (StrataLayerPlan, MAX (n, 1));
  g_autofree int *scratch = g_new0 (int, MAX (n, 1));
  g_autofree guint *scratch_run = g_new0 (guint, MAX (n, 1));
  g_autofree guint *runs_from = g_new (guint, MAX (n, 1));

  for (guint l = 0; l < n; l++)
    {
      never[l].option = c->start[l];
      never[l].decide_year = -1;
    }
  plan_runs_from (c, never, runs_from);
  for (guint t = 0; t < c->years; t++)
    {
      StrataPlanYear start_row;

      simulate_year (c, never, runs_from, t, scratch_run, scratch, &start_row);
      start_cost[t] = objective_cost (&start_row, objective);
    }
}

StrataPlanResult *
_strata_plan_result_new (const HorizonCtx       *c,
                         StrataHorizonObjective  objective)
{
  StrataPlanResult *res = g_new0 (StrataPlanResult, 1);
  guint n = c->n_layers, years = c->years;

  res->n_layers = n;
  res->n_years = years;
  res->objective = objective;
  res->plans = g_new0 (StrataLayerPlan, MAX (n, 1));
  res->start = g_memdup2 (c->start, sizeof (guint) * MAX (n, 1));
  res->choices = g_new0 (guint, MAX (n * years, 1));
  res->building = g_new0 (int, MAX (n * years, 1));
  res->rows = g_new0 (StrataPlanYear, years);
  res->has_profit = c->ds->has_price;
  return res;
}

void
_strata_plan_evaluate_ctx (const HorizonCtx       *c,
                           const StrataLayerPlan  *plans,
                           const double           *start_cost,
                           StrataPlanResult       *res)
{
  const StrataDataset *dataset = c->ds;
  guint n = c->n_layers;
  g_autofree guint *runs_from = plan_runs_from (c, plans, g_new (guint, MAX (n, 1)));

  memcpy (res->plans, plans, sizeof (StrataLayerPlan) * n);
  memcpy (res->start, c->start, sizeof (guint) * n);
  res->npv_cost = res->npv_effective_cost = res->npv_profit = 0;
  for (guint t = 0; t < c->years; t++)
    {
      StrataPlanYear *row = &res->rows[t];

      simulate_year (c, plans, runs_from, t, &res->choices[t * n], &res->building[t * n], row);
      res->npv_cost += c->discount[t] * row->cash_cost;
      res->npv_effective_cost += c->discount[t] * row->effective_cost;
      if (dataset->has_price)
        res->npv_profit += c->discount[t] * (dataset->price * row->volume - row->cash_cost);
    }
  finish_savings (res, start_cost, c->discount);
}

StrataPlanResult *
strata_plan_evaluate (const StrataDataset    *dataset,
                      const StrataLayerPlan  *plans,
                      StrataHorizonObjective  objective)
{
  StrataPlanResult *res;
  HorizonCtx *c;
  g_autofree double *start_cost = NULL;

  g_return_val_if_fail (dataset != NULL && dataset->horizon != NULL, NULL);

  c = horizon_ctx_new (dataset, FALSE);
  res = _strata_plan_result_new (c, objective);
  start_cost = g_new0 (double, c->years);
  _strata_plan_start_costs (c, objective, start_cost);
  _strata_plan_evaluate_ctx (c, plans, start_cost, res);
  _strata_horizon_ctx_free (c);
  return res;
}

void
strata_plan_result_free (StrataPlanResult *result)
{
  if (result == NULL)
    return;
  g_free (result->plans);
  g_free (result->start);
  g_free (result->choices);
  g_free (result->building);
  g_free (result->rows);
  g_free (result);
}

/* strata-chart-description.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "strata/strata-export.h"
#include "strata/strata-format.h"
#include "strata/strata-horizon.h"
#include "strata/strata-model.h"
#include "strata/strata-uncertainty.h"

#include "strata-chart-description.h"
#include "strata-chart-view-private.h"

/*
 * What a chart says, in words, for assistive technology (the chart view's
 * accessible description): what kind of chart it is, the headline the
 * model supports (the same action title an exported slide carries) and
 * the key figures, computed with the model, not read off the picture.
 */

/* At most this many break-evens a pair of strategies. */
#define MAX_CROSSINGS 3

const char *
_strata_chart_describe_kind (StrataChartKind kind)
{
  switch (kind)
    {
    case STRATA_CHART_CHANCES:
      return _("Chances: the odds that the current strategy is cheaper than each compared one, "
               "its break-even volume as a distribution, the odds the optimum integrates each layer");
    case STRATA_CHART_COST_CURVES:
      return _("Cost curves: effective unit cost against volume");
    case STRATA_CHART_VALUE_CHAIN:
      return _("Value chain: the layers of the stack and their share of the unit cost");
    case STRATA_CHART_COMPARE:
      return _("Compare: the outcomes of the compared strategies");
    case STRATA_CHART_LADDER:
      return _("Integration ladder: the optimal mode of each layer across volumes");
    case STRATA_CHART_TORNADO:
      return _("Uncertainty: how far each uncertain number moves the outcome chosen");
    case STRATA_CHART_ROADMAP:
      return _("Roadmap: the optimal plan over the years of the horizon, its annual cost and its savings");
    case STRATA_CHART_SWITCHPOINTS:
      return _("Switch points: how far each number would have to move for the optimal choice to change");
    default:
      return "";
    }
}

/* "Effective unit cost at 10 B × 1M tokens/yr: All neutral $2.40, …." */
static void
append_unit_costs (GString                  *text,
                   const StrataChartRequest *request,
                   const char               *volume)
{
  StrataDataset *dataset = request->dataset;

  if (request->objective == STRATA_OBJECTIVE_CASH)
    g_string_append_printf (text, _("Unit cost at %s:"), volume);
  else
    g_string_append_printf (text, _("Effective unit cost at %s:"), volume);
  for (guint i = 0; i < request->n_strategies; i++)
    {
      const StrataStrategy *strategy = request->strategies[i];
      double cost = strata_strategy_cost (dataset, strategy, request->objective, request->volume);
      g_autofree char *money = strata_format_money (cost, dataset->currency);

      g_string_append_printf (text, "%s %s %s", i == 0 ? "" : ";", strategy->name, money);
    }
  g_string_append (text, ". ");
}

/* "Break-even of Amazon-style hybrid with All neutral at 2.81 B, cheaper above." */
static void
append_breakevens (GString                  *text,
                   const StrataChartRequest *request)
{
  const StrataStrategy *current = request->strategies[request->current];

  for (guint i = 0; i < request->n_strategies; i++)
    {
      const StrataStrategy *other = request->strategies[i];
      g_autoptr(GArray) crossings = NULL;

      if (i == request->current)
        continue;
      crossings = strata_breakeven (request->dataset, current, other);
      for (guint c = 0; c < crossings->len && c < MAX_CROSSINGS; c++)
        {
          const StrataCrossing *crossing = &g_array_index (crossings, StrataCrossing, c);
          g_autofree char *volume = strata_format_volume (crossing->volume);

          g_string_append_printf (text,
                                  crossing->cheaper_above == 0
                                  /* Translators: two strategies and the volume where they cost the same */
                                  ? _("Break-even of %s with %s at %s, %s cheaper above. ")
                                  : _("Break-even of %s with %s at %s, %s cheaper below. "),
                                  current->name, other->name, volume, current->name);
        }
    }
}

/* "Amazon-style hybrid: Chips: In-house accelerator (integrated); …." */
static void
append_choices (GString                  *text,
                const StrataChartRequest *request)
{
  StrataDataset *dataset = request->dataset;
  const StrataStrategy *current = request->strategies[request->current];
  g_autofree guint *choices = g_new0 (guint, dataset->n_layers);

  strata_strategy_resolve_full (dataset, current, request->objective, request->volume, choices);
  g_string_append_printf (text, "%s:", current->name);
  for (guint i = 0; i < dataset->n_layers; i++)
    {
      const StrataLayer *layer = &dataset->layers[i];
      const StrataOption *option = &layer->options[choices[i]];

      g_string_append_printf (text, "%s %s: %s (%s)", i == 0 ? "" : ";", layer->name, option->name,
                              option->mode == STRATA_MODE_INTEGRATED ? _("integrated") : _("neutral"));
    }
  g_string_append (text, ". ");
}

/* The horizon's Monte Carlo of the request, when the chart shades it
 * (the same run: this objective, this horizon): "Over 2,000 draws: P(savings
 * > 0) 97% for the optimal roadmap, savings NPV P10-P90 $88.2 B to $171 B;
 * 81% for adopting Amazon-style hybrid now." */
static void
append_roadmap_band (GString                  *text,
                     const StrataChartRequest *request,
                     StrataHorizonObjective    objective,
                     const StrataPlanResult   *result,
                     const StrataPlanResult   *adopt)
{
  const StrataRoadmapMc *mc = request->roadmap_monte_carlo;
  const StrataDataset *dataset = request->dataset;
  const StrataRoadmapMcPlan *optimal, *adopted = NULL;
  g_autofree char *draws = NULL;
  g_autofree char *share = NULL;
  g_autofree char *p10 = NULL;
  g_autofree char *p90 = NULL;

  if (mc == NULL || mc->objective != objective || mc->n_years != result->n_years
      || mc->first_year != dataset->horizon->first_year
      || (optimal = strata_roadmap_mc_find (mc, NULL)) == NULL)
    return;
  draws = strata_format_figure (mc->n_draws);
  share = strata_format_share (optimal->positive_share);
  p10 = strata_format_money_si (optimal->savings_p10, dataset->currency);
  p90 = strata_format_money_si (optimal->savings_p90, dataset->currency);
  /* Translators: a number of draws ("2,000"), a share ("97%"), then two
   * amounts of money; P(savings > 0) and savings NPV name MODEL.md keys */
  g_string_append_printf (text, _("Over %s draws: P(savings > 0) %s for the optimal roadmap, "
                                  "savings NPV P10\xE2\x80\x93P90 %s to %s"), draws, share, p10, p90);
  if (adopt != NULL && request->current < request->n_strategies)
    adopted = strata_roadmap_mc_find (mc, request->strategies[request->current]->id);
  if (adopted != NULL && adopted->not_roadmap_share >= 1)
    /* Translators: a strategy's name */
    g_string_append_printf (text, _("; adopting %s now is not a roadmap in any draw"),
                            request->strategies[request->current]->name);
  else if (adopted != NULL)
    {
      g_autofree char *adopt_share = strata_format_share (adopted->positive_share);

      /* Translators: a share ("81%") and a strategy's name */
      g_string_append_printf (text, _("; %s for adopting %s now"), adopt_share,
                              request->strategies[request->current]->name);
      if (adopted->not_roadmap_share > 0)
        {
          g_autofree char *kept = strata_format_share (1 - adopted->not_roadmap_share);

          /* Translators: a share of the draws */
          g_string_append_printf (text, _(" (over the %s of draws where it is a roadmap)"), kept);
        }
    }
  g_string_append (text, ". ");
}

/* The optimal roadmap beyond its exact search: the chart is about
 * adopting the current strategy now, and says so. */
/* "Adopt Amazon-style hybrid now: savings NPV $98 B, payback year 2030,
 * peak funding $9 B. " */
static void
append_adopt_figures (GString                *text,
                      const StrataDataset    *dataset,
                      const StrataStrategy   *current,
                      const StrataPlanResult *adopt)
{
  g_autofree char *savings = strata_format_money_si (adopt->savings_npv, dataset->currency);
  g_autofree char *peak = strata_format_money_si (adopt->peak_funding, dataset->currency);

  if (adopt->has_payback)
    /* Translators: a strategy's name, then MODEL.md's savings_npv,
     * payback_year and peak_funding of adopting it now */
    g_string_append_printf (text, _("Adopt %s now: savings NPV %s, payback year %d, peak funding %s. "),
                            current->name, savings, adopt->payback_year, peak);
  else
    g_string_append_printf (text, _("Adopt %s now: savings NPV %s, no payback year, peak funding %s. "),
                            current->name, savings, peak);
}

static void
append_roadmap_no_optimal (GString                  *text,
                           const StrataChartRequest *request,
                           StrataHorizonObjective    objective)
{
  StrataDataset *dataset = request->dataset;
  const StrataStrategy *current;
  g_autoptr(StrataPlanResult) adopt = NULL;

  g_string_append_printf (text, "%s. ", _("No optimal roadmap: the co-design links couple too many layers "
                                          "for its exact search"));
  if (request->strategies == NULL || request->current >= request->n_strategies)
    return;
  current = request->strategies[request->current];
  adopt = strata_plan_adopt_now (dataset, current, objective, NULL);
  if (adopt != NULL && strata_roadmap_n_switches (dataset, adopt->plans) > 0)
    append_adopt_figures (text, dataset, current, adopt);
}

/* "Optimal roadmap from Amazon today: Chips: decide 2026, runs from 2029,
 * Merchant GPUs to In-house accelerator; …. Savings NPV $131 B, payback
 * year 2029, peak funding $6.68 B." */
static void
append_roadmap (GString                  *text,
                const StrataChartRequest *request)
{
  StrataDataset *dataset = request->dataset;
  const StrataHorizon *horizon = dataset->horizon;
  g_autofree StrataLayerPlan *plans = g_new0 (StrataLayerPlan, MAX (dataset->n_layers, 1));
  g_autoptr(StrataPlanResult) result = NULL;
  g_autoptr(GError) error = NULL;
  const StrataStrategy *start;
  g_autofree char *savings = NULL;
  g_autofree char *peak = NULL;
  guint n_switches = 0;

  StrataHorizonObjective objective = request->objective == STRATA_OBJECTIVE_CASH ? STRATA_HORIZON_CASH
                                                                                  : STRATA_HORIZON_EFFECTIVE;

  if (horizon == NULL)
    return;
  if (!strata_roadmap_optimal (dataset, objective, plans, &error))
    {
      if (g_error_matches (error, STRATA_DATASET_ERROR, STRATA_DATASET_ERROR_LIMIT))
        append_roadmap_no_optimal (text, request, objective);
      return;
    }

  result = strata_plan_evaluate (dataset, plans, objective);
  start = strata_dataset_find_strategy (dataset, horizon->start);
  g_string_append_printf (text, _("Optimal roadmap from %s:"), start != NULL ? start->name : horizon->start);
  for (guint l = 0; l < dataset->n_layers; l++)
    {
      const StrataLayer *layer = &dataset->layers[l];
      const StrataOption *to = &layer->options[plans[l].option];

      if (plans[l].decide_year < 0)
        continue;
      /* Translators: a layer, the year it decides, the year the new option
       * runs from, the option it leaves and the one it moves to */
      g_string_append_printf (text, _("%s %s: decide %d, runs from %d, %s to %s"), n_switches > 0 ? ";" : "",
                              layer->name, horizon->first_year + plans[l].decide_year,
                              horizon->first_year + plans[l].decide_year + (int) to->build_years,
                              layer->options[result->start[l]].name, to->name);
      n_switches++;
    }
  if (n_switches == 0)
    g_string_append_printf (text, " %s", _("no layer should switch"));
  g_string_append (text, ". ");

  savings = strata_format_money_si (result->savings_npv, dataset->currency);
  peak = strata_format_money_si (result->peak_funding, dataset->currency);
  if (result->has_payback)
    /* Translators: MODEL.md's savings_npv, payback_year and peak_funding */
    g_string_append_printf (text, _("Savings NPV %s, payback year %d, peak funding %s. "),
                            savings, result->payback_year, peak);
  else
    g_string_append_printf (text, _("Savings NPV %s, no payback year, peak funding %s. "), savings, peak);

  /* Beside it, adopting the current strategy now, as the chart draws it;
   * then the band and P(savings > 0) when the chart shades them. */
  if (request->strategies != NULL && request->current < request->n_strategies)
    {
      const StrataStrategy *current = request->strategies[request->current];
      g_autoptr(StrataPlanResult) adopt = strata_plan_adopt_now (dataset, current, objective, NULL);

      if (adopt == NULL)
        {
          /* Translators: a strategy's name */
          g_string_append_printf (text, _("%s cannot be adopted now: an option takes longer to build than the horizon. "),
                                  current->name);
          append_roadmap_band (text, request, objective, result, NULL);
          return;
        }
      if (strata_roadmap_n_switches (dataset, adopt->plans) == 0)
        {
          append_roadmap_band (text, request, objective, result, NULL);
          return;
        }
      append_adopt_figures (text, dataset, current, adopt);
      append_roadmap_band (text, request, objective, result, adopt);
    }
  else
    append_roadmap_band (text, request, objective, result, NULL);
}

typedef struct
{
  double  volume;
  char   *text;
} Crossing;

static int
compare_crossings (gconstpointer a,
                   gconstpointer b)
{
  const Crossing *ca = a;
  const Crossing *cb = b;

  return (ca->volume > cb->volume) - (ca->volume < cb->volume);
}

/**
 * _strata_chart_points:
 * @kind: the chart
 * @request: what it shows
 *
 * What the keyboard moves between on a chart, each as it is announced:
 * every strategy's effective (or cash) unit cost at the current volume,
 * then, on the cost curves, every break-even of the current strategy in
 * order of volume; the value chain goes through its layers.
 *
 * Returns: (transfer full) (element-type utf8): the points, possibly none
 */
GPtrArray *
_strata_chart_points (StrataChartKind           kind,
                      const StrataChartRequest *request)
{
  GPtrArray *points = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *volume = NULL;
  StrataDataset *dataset;

  if (request == NULL || request->dataset == NULL || request->n_strategies == 0)
    return points;

  dataset = request->dataset;
  volume = _strata_format_volume_per_year (request->volume, dataset->unit);

  if (kind == STRATA_CHART_VALUE_CHAIN)
    {
      const StrataStrategy *current = request->strategies[request->current];
      g_autofree guint *choices = g_new0 (guint, MAX (dataset->n_layers, 1));

      strata_strategy_resolve_full (dataset, current, request->objective, request->volume, choices);
      for (guint i = dataset->n_layers; i > 0; i--)
        {
          const StrataLayer *layer = &dataset->layers[i - 1];
          const StrataOption *option = &layer->options[choices[i - 1]];

          /* Translators: a layer, its option and the option's mode */
          g_ptr_array_add (points, g_strdup_printf (_("%s: %s (%s)"), layer->name, option->name,
                                                    option->mode == STRATA_MODE_INTEGRATED
                                                    ? _("integrated") : _("neutral")));
        }
      return points;
    }

  for (guint i = 0; i < request->n_strategies; i++)
    {
      const StrataStrategy *strategy = request->strategies[i];
      double cost = strata_strategy_cost (dataset, strategy, request->objective, request->volume);
      g_autofree char *money = strata_format_money (cost, dataset->currency);

      g_ptr_array_add (points,
                       request->objective == STRATA_OBJECTIVE_CASH
                       /* Translators: a strategy, its unit cost and the volume */
                       ? g_strdup_printf (_("%s: unit cost %s at %s"), strategy->name, money, volume)
                       /* Translators: a strategy, its effective unit cost and the volume */
                       : g_strdup_printf (_("%s: effective unit cost %s at %s"), strategy->name, money, volume));
    }

  if (kind == STRATA_CHART_COST_CURVES)
    {
      const StrataStrategy *current = request->strategies[request->current];
      g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (Crossing));

      for (guint i = 0; i < request->n_strategies; i++)
        {
          const StrataStrategy *other = request->strategies[i];
          g_autoptr(GArray) crossings = NULL;

          if (i == request->current)
            continue;
          crossings = strata_breakeven (dataset, current, other);
          for (guint c = 0; c < crossings->len && c < MAX_CROSSINGS; c++)
            {
              const StrataCrossing *crossing = &g_array_index (crossings, StrataCrossing, c);
              g_autofree char *at = _strata_format_volume_per_year (crossing->volume, dataset->unit);
              double cost = strata_strategy_cost (dataset, current, request->objective, crossing->volume);
              g_autofree char *money = strata_format_money (cost, dataset->currency);
              Crossing item = { crossing->volume, NULL };

              item.text = g_strdup_printf (crossing->cheaper_above == 0
                                           /* Translators: two strategies, the volume where they cost
                                            * the same, that cost, and the first strategy again */
                                           ? _("Break-even of %s with %s at %s, both %s; %s cheaper above")
                                           : _("Break-even of %s with %s at %s, both %s; %s cheaper below"),
                                           current->name, other->name, at, money, current->name);
              g_array_append_val (all, item);
            }
        }
      g_array_sort (all, compare_crossings);
      for (guint c = 0; c < all->len; c++)
        g_ptr_array_add (points, g_array_index (all, Crossing, c).text);
    }

  return points;
}

/**
 * _strata_chart_describe:
 * @kind: the chart
 * @request: (nullable): what it shows
 *
 * Returns: (transfer full): the chart in words
 */
char *
_strata_chart_describe (StrataChartKind           kind,
                        const StrataChartRequest *request)
{
  return _strata_chart_describe_full (kind, request, NULL);
}

/**
 * _strata_chart_describe_full:
 * @kind: the chart
 * @request: (nullable): what it shows
 * @results: (nullable): the model's answers of its chart, shared
 *
 * Returns: (transfer full): the chart in words
 */
char *
_strata_chart_describe_full (StrataChartKind           kind,
                             const StrataChartRequest *request,
                             StrataChartResults       *results)
{
  g_autoptr(GString) text = g_string_new (_strata_chart_describe_kind (kind));
  g_autofree char *headline = NULL;
  g_autofree char *volume = NULL;

  g_string_append (text, ". ");
  if (request == NULL || request->dataset == NULL || request->n_strategies == 0)
    return g_strchomp (g_string_free (g_steal_pointer (&text), FALSE));

  headline = strata_chart_action_title_full (kind, request, results);
  if (headline != NULL)
    g_string_append_printf (text, "%s. ", headline);

  volume = _strata_format_volume_per_year (request->volume, request->dataset->unit);
  switch (kind)
    {
    case STRATA_CHART_COST_CURVES:
      append_unit_costs (text, request, volume);
      append_breakevens (text, request);
      break;
    case STRATA_CHART_COMPARE:
      append_unit_costs (text, request, volume);
      break;
    case STRATA_CHART_VALUE_CHAIN:
      append_choices (text, request);
      break;
    case STRATA_CHART_ROADMAP:
      append_roadmap (text, request);
      break;
    case STRATA_CHART_LADDER:
    case STRATA_CHART_TORNADO:
      /* Translators: the MODEL.md key of the figure the tornado swings,
       * e.g. "Outcome: unit_cost". */
      g_string_append_printf (text, _("Outcome: %s. "),
                              strata_tornado_outcome_key (request->outcome, request->objective));
      G_GNUC_FALLTHROUGH;
    case STRATA_CHART_CHANCES:
    case STRATA_CHART_SWITCHPOINTS:
    default:
      g_string_append_printf (text, _("Strategies: %s"), request->strategies[0]->name);
      for (guint i = 1; i < request->n_strategies; i++)
        g_string_append_printf (text, ", %s", request->strategies[i]->name);
      g_string_append (text, ". ");
      g_string_append_printf (text, _("Volume: %s"), volume);
      break;
    }

  return g_strchomp (g_string_free (g_steal_pointer (&text), FALSE));
}

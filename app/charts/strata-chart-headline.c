/* strata-chart-headline.c: action titles and source lines, from the model
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An action title states what the chart shows in plain words and exact
 * figures, computed here from the same model the chart draws: the
 * cheapest strategy shown against All neutral (or the dearest shown) at the
 * current volume, or the volumes where the ladder's layers flip.  When the
 * numbers support no simple claim (costs equal, or not positive for a
 * percentage) the sentence says only what they do support.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "strata/strata-export.h"
#include "strata/strata-format.h"
#include "strata/strata-switchpoints.h"
#include "strata/strata-horizon.h"
#include "strata/strata-uncertainty.h"

#include "strata-chart-private.h"

static char *
percent (double value)
{
  /* One decimal, cut rather than rounded, so the claim never overstates
   * the gap (as the app's summary states it); never "0 %" for a gap. */
  if (value >= 0.1)
    return strata_format_percent_cut (value / 100);
  /* Translators: the smallest gap a headline states */
  return g_strdup (_("less than 0.1 %"));
}

static const char *
strategy_name (const StrataStrategy *strategy)
{
  return strategy->name != NULL ? strategy->name : strategy->id;
}

/* "A is 44 % cheaper than B at 10 B". */
static char *
compare_title (const StrataChartRequest *request)
{
  const StrataDataset *dataset = request->dataset;
  g_autofree char *volume = strata_format_volume (request->volume);
  const StrataStrategy *best = NULL;
  const StrataStrategy *reference = NULL;
  double best_cost = INFINITY;
  double reference_cost = -INFINITY;

  for (guint i = 0; i < request->n_strategies; i++)
    {
      const StrataStrategy *s = request->strategies[i];
      double cost = strata_strategy_cost (dataset, s, request->objective, request->volume);

      if (!isfinite (cost))
        continue;
      if (cost < best_cost)
        best = s, best_cost = cost;
      if (g_strcmp0 (s->id, STRATA_STRATEGY_ALL_NEUTRAL) == 0)
        reference = s, reference_cost = G_MAXDOUBLE;   /* marks it chosen */
    }
  if (best == NULL)
    return NULL;

  if (reference != NULL)
    reference_cost = strata_strategy_cost (dataset, reference, request->objective, request->volume);
  else
    for (guint i = 0; i < request->n_strategies; i++)
      {
        const StrataStrategy *s = request->strategies[i];
        double cost = strata_strategy_cost (dataset, s, request->objective, request->volume);

        if (isfinite (cost) && cost > reference_cost)
          reference = s, reference_cost = cost;
      }

  if (reference == NULL || reference == best || best_cost >= reference_cost)
    {
      const StrataStrategy *s = reference != NULL ? reference : best;
      guint n_costed = 0, n_tied = 0;

      if (request->n_strategies < 2)
        return NULL;
      /* "Cheapest" only when no other costs the same (a stack with no
       * integrated option: all neutral, all integrated and optimal are
       * one strategy). */
      for (guint i = 0; i < request->n_strategies; i++)
        {
          double cost = strata_strategy_cost (dataset, request->strategies[i], request->objective, request->volume);

          if (!isfinite (cost))
            continue;
          n_costed++;
          n_tied += fabs (cost - best_cost) <= 1e-12 * MAX (fabs (cost), fabs (best_cost));
        }
      if (n_tied == n_costed && n_costed > 1)
        /* Translators: a volume */
        return g_strdup_printf (_("Every strategy shown costs the same at %s"), volume);
      if (n_tied > 1)
        /* Translators: a strategy, a volume */
        return g_strdup_printf (_("%s ties for the cheapest strategy shown at %s"), strategy_name (s), volume);
      return g_strdup_printf (_("%s is the cheapest strategy shown at %s"), strategy_name (s), volume);
    }

  if (reference_cost > 0 && best_cost >= 0)
    {
      g_autofree char *pct = percent ((reference_cost - best_cost) / reference_cost * 100.0);
      /* Presets read as common nouns mid-sentence: "than all neutral". */
      g_autofree char *other = reference->preset ? g_utf8_strdown (strategy_name (reference), -1)
                                                 : g_strdup (strategy_name (reference));

      /* Translators: "Amazon-style hybrid is 44.5 % cheaper than all neutral at 10 B" */
      return g_strdup_printf (_("%s is %s cheaper than %s at %s"), strategy_name (best), pct, other, volume);
    }
  else
    {
      g_autofree char *gap = strata_format_money (reference_cost - best_cost, dataset->currency);
      g_autofree char *unit = strata_format_unit_singular (dataset->unit);

      /* Translators: a strategy, a money gap, the unit, another strategy, a volume */
      return g_strdup_printf (_("%s costs %s less per %s than %s at %s"), strategy_name (best), gap,
                              unit, strategy_name (reference), volume);
    }
}

/* "Integrating Chips pays above 5.15 B", "3 layers flip to integrated
 * between 790 M and 5.15 B". */
static char *
ladder_title (const StrataChartRequest *request)
{
  const StrataDataset *dataset = request->dataset;
  g_autoptr(StrataLadder) ladder = _strata_chart_ladder (request->dataset, request->objective, 64);
  GString *out;

  if (ladder == NULL)
    return NULL;
  if (ladder->n_flips == 0)
    {
      gboolean any_integrated = FALSE;

      for (guint l = 0; l < ladder->n_layers; l++)
        if (dataset->layers[l].options[ladder->choices[l]].mode == STRATA_MODE_INTEGRATED)
          any_integrated = TRUE;
      return g_strdup (any_integrated ? _("The optimal modes do not change across the volume range")
                                      : _("Buying every layer from the market stays optimal across "
                                          "the volume range"));
    }

  {
    const StrataFlip *first = &ladder->flips[0];
    const StrataFlip *last = &ladder->flips[ladder->n_flips - 1];
    g_autofree char *v0 = strata_format_volume (first->volume);
    g_autofree char *v1 = strata_format_volume (last->volume);
    gboolean one_way = TRUE;
    g_autoptr(GHashTable) layers = g_hash_table_new (NULL, NULL);

    for (guint i = 0; i < ladder->n_flips; i++)
      {
        one_way = one_way && ladder->flips[i].to == first->to;
        g_hash_table_add (layers, GUINT_TO_POINTER (ladder->flips[i].layer + 1));
      }
    if (ladder->n_flips == 1)
      return g_strdup_printf (first->to == STRATA_MODE_INTEGRATED
                              /* Translators: a layer and the volume above which owning it pays */
                              ? _("Integrating %s pays above %s")
                              /* Translators: a layer and the volume above which buying it pays */
                              : _("Buying %s pays above %s"),
                              dataset->layers[first->layer].name, v0);
    if (one_way && g_hash_table_size (layers) == ladder->n_flips)
      return g_strdup_printf (first->to == STRATA_MODE_INTEGRATED
                              /* Translators: a count of layers and two volumes */
                              ? ngettext ("%u layer flips to integrated between %s and %s",
                                          "%u layers flip to integrated between %s and %s", ladder->n_flips)
                              : ngettext ("%u layer flips to neutral between %s and %s",
                                          "%u layers flip to neutral between %s and %s", ladder->n_flips),
                              ladder->n_flips, v0, v1);
    out = g_string_new (NULL);
    /* Translators: a count of changes and two volumes */
    g_string_append_printf (out, ngettext ("The optimal modes change %u time between %s and %s",
                                           "The optimal modes change %u times between %s and %s",
                                           ladder->n_flips),
                            ladder->n_flips, v0, v1);
  }
  return g_string_free (out, FALSE);
}

/* "All neutral: Chips is the largest share of the unit cost, 27 %": a
 * layer's share as MODEL.md 3 and the value chain have it, (variable +
 * fixed/V) / unit_cost, its market interface being a share of its own,
 * in the very words of the block the chart labels (whole percents
 * rounded together so that they add up to 100 %: a title of "65.3 %"
 * over a block of "66 %" read as two figures). */
static char *
value_chain_title (const StrataChartRequest *request)
{
  const StrataDataset *dataset = request->dataset;
  const StrataStrategy *strategy;
  g_autofree guint *choices = NULL;
  g_autofree StrataLayerCost *layers = NULL;
  g_autofree char *pct = NULL;
  StrataOutcome outcome;
  guint top = 0;

  if (request->current >= request->n_strategies)
    return NULL;
  strategy = request->strategies[request->current];
  choices = g_new0 (guint, dataset->n_layers);
  layers = g_new0 (StrataLayerCost, dataset->n_layers);
  strata_strategy_resolve_full (dataset, strategy, request->objective, request->volume, choices);
  strata_evaluate (dataset, choices, request->volume, &outcome, layers);
  if (!(outcome.unit_cost > 0) || !isfinite (outcome.unit_cost))
    return NULL;
  for (guint l = 1; l < dataset->n_layers; l++)
    if (layers[l].variable + layers[l].fixed_per_unit > layers[top].variable + layers[top].fixed_per_unit)
      top = l;
  {
    double share = (layers[top].variable + layers[top].fixed_per_unit) / outcome.unit_cost;

    if (!(share > 0) || !isfinite (share))
      return NULL;
    pct = _strata_chart_value_chain_share_text (layers, dataset->n_layers, &outcome, top);
  }
  /* Translators: a strategy, a layer and its share of the unit cost */
  return g_strdup_printf (_("%s: %s is the largest share of the unit cost, %s"), strategy_name (strategy),
                          dataset->layers[top].name, pct);
}

/* "Foundation models / Third-party models: margin moves All neutral's cost
 * most, $2.15 to $2.85"; for the other outcomes the gap, the break-even
 * volume or savings_npv of adopting the strategy now. */
static char *
tornado_title (const StrataChartRequest *request,
               StrataChartResults       *results)
{
  StrataTornadoParams params;
  g_autoptr(GArray) entries = NULL;
  const StrataTornadoEntry *top;
  g_autofree char *lo = NULL;
  g_autofree char *hi = NULL;
  g_autofree char *what = NULL;
  double low, high;

  if (request->current >= request->n_strategies)
    return NULL;
  entries = _strata_chart_tornado_entries_in (request, results, &params);
  if (entries == NULL || entries->len == 0)
    return NULL;
  top = &g_array_index (entries, StrataTornadoEntry, 0);
  low = MIN (top->outcome_low, top->outcome_high);
  high = MAX (top->outcome_low, top->outcome_high);
  if (!(top->swing > 0) || !isfinite (low) || !isfinite (high))
    return NULL;
  switch (request->outcome)
    {
    case STRATA_TORNADO_BREAKEVEN:
      lo = strata_format_volume (low);
      hi = strata_format_volume (high);
      break;
    case STRATA_TORNADO_SAVINGS:
      lo = strata_format_money_si (low, request->dataset->currency);
      hi = strata_format_money_si (high, request->dataset->currency);
      break;
    case STRATA_TORNADO_COST:
    case STRATA_TORNADO_GAP:
    default:
      lo = strata_format_money (low, request->dataset->currency);
      hi = strata_format_money (high, request->dataset->currency);
      break;
    }
  /* In words, as the tornado's rows read: "supplier cost", not the key. */
  what = g_strdelimit (g_strdup (top->number.label), "_", ' ');
  switch (request->outcome)
    {
    case STRATA_TORNADO_GAP:
      /* Translators: an uncertain number, two strategies and the gap's range */
      return g_strdup_printf (_("%s moves the gap of %s to %s most: %s to %s"), what,
                              strategy_name (params.a), strategy_name (params.b), lo, hi);
    case STRATA_TORNADO_BREAKEVEN:
      /* Translators: an uncertain number, two strategies and the volume's range */
      return g_strdup_printf (_("%s moves the break-even of %s and %s most: %s to %s"), what,
                              strategy_name (params.a), strategy_name (params.b), lo, hi);
    case STRATA_TORNADO_SAVINGS:
      /* Translators: an uncertain number, a strategy and the range of savings_npv */
      return g_strdup_printf (_("%s moves the savings of adopting %s now most: %s to %s"), what,
                              strategy_name (params.strategy), lo, hi);
    case STRATA_TORNADO_COST:
    default:
      /* Translators: an uncertain number, a strategy and the cost's range */
      return g_strdup_printf (_("%s moves the cost of %s most: %s to %s"), what,
                              strategy_name (params.strategy), lo, hi);
    }
}

/* "72 % chance Amazon-style hybrid beats All neutral at 10 B": the share
 * of the Monte Carlo's draws in which A (the current strategy) is
 * cheaper than B at the volume (between two of the run's volumes,
 * interpolated in log V as the chart's "odds turn" is). */
static char *
chances_title (const StrataChartRequest *request)
{
  const StrataMonteCarlo *mc = request->monte_carlo;
  const StrataStrategy *a = NULL, *b = NULL;
  g_autofree char *volume = NULL, *share = NULL;
  double v = request->volume, p;
  guint k = 0;

  if (mc == NULL || mc->n_points < 2 || mc->a_id == NULL || mc->b_id == NULL)
    return NULL;
  for (guint i = 0; i < request->n_strategies; i++)
    {
      if (a == NULL && g_strcmp0 (request->strategies[i]->id, mc->a_id) == 0)
        a = request->strategies[i];
      if (b == NULL && g_strcmp0 (request->strategies[i]->id, mc->b_id) == 0)
        b = request->strategies[i];
    }
  if (a == NULL || b == NULL || a == b)
    return NULL;
  v = CLAMP (v, mc->volumes[0], mc->volumes[mc->n_points - 1]);
  while (k + 2 < mc->n_points && mc->volumes[k + 1] < v)
    k++;
  if (mc->n_uncertain == 0)
    {
      /* Every draw is the dataset: A is cheaper in all of them or in
       * none, told at the volume itself (between two of the run's
       * volumes the share would read as odds there are not), as the run
       * counts a draw (cheaper beyond the rounding of the two costs). */
      double ca = strata_strategy_cost (request->dataset, a, mc->objective, request->volume);
      double cb = strata_strategy_cost (request->dataset, b, mc->objective, request->volume);

      p = strata_cost_cheaper (ca, cb) ? 1.0 : 0.0;
    }
  else
  {
    double t = log (v / mc->volumes[k]) / log (mc->volumes[k + 1] / mc->volumes[k]);

    t = CLAMP (t, 0.0, 1.0);
    p = mc->probability_a_cheaper[k] + t * (mc->probability_a_cheaper[k + 1] -
                                            mc->probability_a_cheaper[k]);
  }
  if (!isfinite (p))
    return NULL;
  volume = strata_format_volume (request->volume);
  /* Odds short of certain never read as certain. */
  share = strata_format_chance (p);
  if (p >= 0.5)
    /* Translators: "72 % chance Amazon-style hybrid beats All neutral at 10 B" */
    return g_strdup_printf (_("%s chance %s beats %s at %s"), share, strategy_name (a),
                            strategy_name (b), volume);
  /* Under even odds: say it the way round the odds do not favour. */
  return g_strdup_printf (_("Only %s chance %s beats %s at %s"), share, strategy_name (a),
                          strategy_name (b), volume);
}

/* "The optimum buys Chips from Merchant GPUs if the margin of Merchant
 * GPUs falls below 61.5 % (today 75.0 %; range 73.0 %–76.0 %)": the
 * nearest switch; for savings_npv, "Adopting X now stops paying if ...
 * rises above ...". */
static char *
switchpoints_title (const StrataChartRequest *request,
                    StrataChartResults       *results)
{
  g_autoptr(StrataSwitchPoints) points = NULL;

  points = _strata_chart_switch_points_in (request, results);
  if (points == NULL)
    return NULL;
  if (points->switches->len == 0 && points->a != NULL && !points->savings)
    /* Translators: two strategies */
    return g_strdup_printf (_("No single number changes which of %s and %s is cheaper within "
                              "\xC3\xB7" "10 to \xC3\x97" "10 of its value"),
                            points->a->name, points->b->name);
  if (points->switches->len == 0)
    return g_strdup (points->savings
                     ? _("No single number turns the sign of the savings within "
                         "\xC3\xB7" "10 to \xC3\x97" "10 of its value")
                     : _("No single number changes the optimal choice within "
                         "\xC3\xB7" "10 to \xC3\x97" "10 of its value"));
  /* The nearest switch as the app's list and the CLI's table say it:
   * what the decision becomes, not only that it changes. */
  return strata_switch_sentence (request->dataset, points,
                                 &g_array_index (points->switches, StrataSwitch, 0));
}

/* "Switch Chips in 2026 and Foundation models in 2026: the roadmap saves
 * $131 B by 2035 and pays back 2029" (MODEL.md 8: the optimal roadmap's
 * decisions, savings_npv and payback_year). */
/* The optimal roadmap beyond its exact search: the chart is about
 * adopting the current strategy now ("Adopt Mine now: saves $17.3 M by
 * 2075 and pays back 2027"); NULL when it switches nothing. */
static char *
adopt_title (const StrataChartRequest *request,
             StrataHorizonObjective    objective)
{
  const StrataDataset *ds = request->dataset;
  const StrataStrategy *current;
  g_autoptr(StrataPlanResult) adopt = NULL;
  g_autofree char *amount = NULL;
  int last = ds->horizon->first_year + (int) ds->horizon->years - 1;

  if (request->strategies == NULL || request->current >= request->n_strategies)
    return NULL;
  current = request->strategies[request->current];
  adopt = strata_plan_adopt_now (ds, current, objective, NULL);
  if (adopt == NULL || strata_roadmap_n_switches (ds, adopt->plans) == 0)
    return NULL;
  if (adopt->savings_npv < 0)
    {
      amount = strata_format_money_si (-adopt->savings_npv, ds->currency);
      /* Translators: a strategy's name, an amount of money, the horizon's last year */
      return g_strdup_printf (_("Adopt %s now: costs %s more by %d"), current->name, amount, last);
    }
  amount = strata_format_money_si (adopt->savings_npv, ds->currency);
  return adopt->has_payback
         /* Translators: a strategy's name, an amount of money, the
          * horizon's last year, the payback year */
         ? g_strdup_printf (_("Adopt %s now: saves %s by %d and pays back %d"), current->name, amount, last,
                            adopt->payback_year)
         /* Translators: a strategy's name, an amount of money, the horizon's last year */
         : g_strdup_printf (_("Adopt %s now: saves %s by %d"), current->name, amount, last);
}

static char *
roadmap_title (const StrataChartRequest *request)
{
  const StrataDataset *ds = request->dataset;
  StrataHorizonObjective objective = request->objective == STRATA_OBJECTIVE_CASH ? STRATA_HORIZON_CASH
                                                                                 : STRATA_HORIZON_EFFECTIVE;
  g_autofree StrataLayerPlan *plans = NULL;
  g_autoptr(StrataPlanResult) plan = NULL;
  g_autofree char *saves = NULL;
  g_autofree char *outcome = NULL;
  g_autoptr(GError) error = NULL;
  int last, first_decision = G_MAXINT;
  guint n = 0, a = 0, b = 0;

  if (ds->horizon == NULL)
    return NULL;
  plans = g_new0 (StrataLayerPlan, MAX (ds->n_layers, 1));
  if (!strata_roadmap_optimal (ds, objective, plans, &error))
    return g_error_matches (error, STRATA_DATASET_ERROR, STRATA_DATASET_ERROR_LIMIT)
           ? adopt_title (request, objective) : NULL;
  plan = strata_plan_evaluate (ds, plans, objective);
  last = ds->horizon->first_year + (int) ds->horizon->years - 1;
  for (guint l = 0; l < ds->n_layers; l++)
    if (plans[l].decide_year >= 0)
      {
        if (n == 0)
          a = l;
        else if (n == 1)
          b = l;
        n++;
        first_decision = MIN (first_decision, plans[l].decide_year);
      }
  if (n == 0)
    /* Translators: the horizon's last year */
    return g_strdup_printf (_("Keep what runs today: no switch saves money by %d"), last);
  saves = strata_format_money_si (plan->savings_npv, ds->currency);
  outcome = plan->has_payback
            /* Translators: an amount of money, the horizon's last year, the payback year */
            ? g_strdup_printf (_("the roadmap saves %s by %d and pays back %d"), saves, last, plan->payback_year)
            /* Translators: an amount of money, the horizon's last year */
            : g_strdup_printf (_("the roadmap saves %s by %d"), saves, last);
  if (n == 1)
    /* Translators: a layer, the year it decides, then what the roadmap saves */
    return g_strdup_printf (_("Switch %s in %d: %s"), ds->layers[a].name,
                            ds->horizon->first_year + plans[a].decide_year, outcome);
  /* Two long names would not leave the outcome room on two lines of a
   * slide: counted then. */
  if (n == 2 && g_utf8_strlen (ds->layers[a].name, -1) + g_utf8_strlen (ds->layers[b].name, -1) <= 48)
    /* Translators: two layers with the years they decide, then what the
     * roadmap saves */
    return g_strdup_printf (_("Switch %s in %d and %s in %d: %s"),
                            ds->layers[a].name, ds->horizon->first_year + plans[a].decide_year,
                            ds->layers[b].name, ds->horizon->first_year + plans[b].decide_year, outcome);
  /* Translators: a count of layers (2 or more), the first year one decides,
   * then what the roadmap saves */
  return g_strdup_printf (ngettext ("Switch %u layer from %d: %s", "Switch %u layers from %d: %s", n),
                          n, ds->horizon->first_year + first_decision, outcome);
}

char *
strata_chart_action_title (StrataChartKind           kind,
                           const StrataChartRequest *request)
{
  return strata_chart_action_title_full (kind, request, NULL);
}

char *
strata_chart_action_title_full (StrataChartKind           kind,
                                const StrataChartRequest *request,
                                StrataChartResults       *results)
{
  g_return_val_if_fail (request != NULL, NULL);

  if (request->dataset == NULL || request->dataset->n_layers == 0 ||
      !isfinite (request->volume) || request->volume <= 0)
    return NULL;

  /* Not a switch: kinds added later get the comparison until they have
   * a sentence of their own. */
  if (kind == STRATA_CHART_ROADMAP)
    return roadmap_title (request);
  if (kind == STRATA_CHART_LADDER)
    return ladder_title (request);
  if (kind == STRATA_CHART_VALUE_CHAIN)
    return value_chain_title (request);
  if (kind == STRATA_CHART_TORNADO)
    return tornado_title (request, results);
  if (kind == STRATA_CHART_SWITCHPOINTS)
    return switchpoints_title (request, results);
  if (kind == STRATA_CHART_CHANCES)
    {
      char *title = chances_title (request);

      if (title != NULL)
        return title;
    }
  return compare_title (request);
}

/* -- sources ------------------------------------------------------------------ */

static void
add_sources (GPtrArray  *ids,
             char      **sources)
{
  for (guint i = 0; sources != NULL && sources[i] != NULL; i++)
    if (!g_ptr_array_find_with_equal_func (ids, sources[i], g_str_equal, NULL))
      g_ptr_array_add (ids, sources[i]);
}

static void
add_choices (GPtrArray           *ids,
             const StrataDataset *dataset,
             const guint         *choices)
{
  for (guint l = 0; l < dataset->n_layers; l++)
    {
      add_sources (ids, dataset->layers[l].sources);
      if (choices[l] < dataset->layers[l].n_options)
        add_sources (ids, dataset->layers[l].options[choices[l]].sources);
    }
  for (guint k = 0; k < dataset->n_links; k++)
    {
      const StrataLink *link = &dataset->links[k];

      if (dataset->layers[link->from].options[choices[link->from]].mode == STRATA_MODE_INTEGRATED &&
          dataset->layers[link->to].options[choices[link->to]].mode == STRATA_MODE_INTEGRATED)
        add_sources (ids, link->sources);
    }
}

GPtrArray *
strata_chart_source_ids (StrataChartKind           kind,
                         const StrataChartRequest *request)
{
  const StrataDataset *dataset = request->dataset;
  GPtrArray *ids = g_ptr_array_new ();
  g_autofree guint *choices = NULL;
  guint first = 0, end = request->n_strategies;

  if (dataset == NULL || dataset->n_layers == 0)
    return ids;
  if (kind == STRATA_CHART_LADDER)
    {
      /* The optimal strategy at every volume of the ladder. */
      g_autoptr(StrataLadder) ladder = _strata_chart_ladder (request->dataset, request->objective, 64);

      for (guint p = 0; ladder != NULL && p < ladder->n_points; p++)
        add_choices (ids, dataset, ladder->choices + (gsize) p * ladder->n_layers);
      return ids;
    }
  if ((kind == STRATA_CHART_VALUE_CHAIN || kind == STRATA_CHART_TORNADO) &&
      request->current < request->n_strategies)
    first = request->current, end = request->current + 1;   /* one strategy drawn */

  choices = g_new0 (guint, dataset->n_layers);
  for (guint i = first; i < end; i++)
    {
      const StrataStrategy *s = request->strategies[i];
      const double volumes[] = { request->volume, dataset->volume_min, dataset->volume_max };

      /* The optimal strategy changes along the volume axis: its ends too. */
      for (guint v = 0; v < (s->choices == NULL ? 3u : 1u); v++)
        {
          strata_strategy_resolve_full (dataset, s, request->objective, volumes[v], choices);
          add_choices (ids, dataset, choices);
        }
    }
  return ids;
}

const StrataSource *
_strata_chart_find_source (const StrataDataset *dataset,
                           const char          *id)
{
  for (guint i = 0; i < dataset->n_sources; i++)
    if (g_strcmp0 (dataset->sources[i].id, id) == 0)
      return &dataset->sources[i];
  return NULL;
}

/* "NVIDIA Q4 and fiscal 2025 results (26 Feb 2025): revenue ..." ->
 * "NVIDIA Q4 and fiscal 2025 results". */
char *
strata_source_short (const StrataSource *source)
{
  const char *text = source->text != NULL && *source->text != '\0' ? source->text : source->id;
  gsize end = strcspn (text, ":(;\n");
  g_autofree char *head = g_strndup (text, end);

  g_strstrip (head);
  if (*head == '\0')
    return g_strdup (source->id);
  return _strata_chart_cut (head, 60);
}

static gboolean
says_illustrative (const char *text)
{
  g_autofree char *lower = text != NULL ? g_utf8_strdown (text, -1) : NULL;

  return lower != NULL && strstr (lower, "illustrative") != NULL;
}

GPtrArray *
strata_chart_sources_list (StrataChartKind           kind,
                           const StrataChartRequest *request)
{
  const StrataDataset *dataset = request->dataset;
  g_autoptr(GPtrArray) ids = NULL;
  GPtrArray *seen = g_ptr_array_new_with_free_func (g_free);

  if (dataset == NULL)
    return seen;
  ids = strata_chart_source_ids (kind, request);
  for (guint i = 0; i < ids->len; i++)
    {
      const StrataSource *source = _strata_chart_find_source (dataset, ids->pdata[i]);
      char *shortened = source != NULL ? strata_source_short (source) : g_strdup (ids->pdata[i]);

      /* Two sources may read alike ("Vendor claim"): say it once. */
      if (g_ptr_array_find_with_equal_func (seen, shortened, g_str_equal, NULL))
        g_free (shortened);
      else
        g_ptr_array_add (seen, shortened);
    }
  return seen;
}

char *
strata_chart_sources_short (StrataChartKind           kind,
                            const StrataChartRequest *request)
{
  g_autoptr(GPtrArray) list = strata_chart_sources_list (kind, request);
  GString *out;

  if (list->len == 0)
    return NULL;
  /* Translators: before the list of sources at the foot of a chart */
  out = g_string_new (ngettext ("Source: ", "Sources: ", list->len));
  for (guint i = 0; i < list->len; i++)
    g_string_append_printf (out, "%s%s", i > 0 ? "; " : "", (const char *) list->pdata[i]);
  return g_string_free (out, FALSE);
}

char *
strata_chart_source_line (StrataChartKind           kind,
                          const StrataChartRequest *request)
{
  const StrataDataset *dataset = request->dataset;
  GString *out;

  if (dataset == NULL)
    return NULL;
  out = g_string_new (dataset->title != NULL ? dataset->title : "");
  if (!says_illustrative (dataset->title) && says_illustrative (dataset->description))
    g_string_append_printf (out, " \xC2\xB7 %s", _("Illustrative figures"));
  g_string_append_printf (out, " \xC2\xB7 %s",
                          request->objective == STRATA_OBJECTIVE_CASH ? _("Objective: cash cost (unit cost)")
                                                                      : _("Objective: effective unit cost"));
  return g_string_free (out, FALSE);
}

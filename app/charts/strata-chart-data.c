/* strata-chart-data.c: the numbers behind each chart, as CSV
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The series each chart draws, computed the way the chart computes them
 * (the same volumes, the same model calls), one table per chart, units in
 * the column names.  RFC 4180: comma-separated, CRLF-free "\n" lines,
 * fields with commas, quotes or line breaks quoted; numbers in C locale
 * with the fewest digits that read back as the same double.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "strata/strata-export.h"
#include "strata/strata-format.h"
#include "strata/strata-horizon.h"
#include "strata/strata-uncertainty.h"

#include "strata/strata-switchpoints.h"

#include "strata-chart-private.h"

#define COST_CURVE_SAMPLES 512   /* strata-chart-cost-curves.c's N_SAMPLES */
#define LADDER_SAMPLES     192   /* strata-chart-ladder.c's LADDER_POINTS */

static void
field (GString    *out,
       const char *text,
       gboolean    last)
{
  if (text == NULL)
    text = "";
  if (strpbrk (text, ",\"\n\r") != NULL)
    {
      g_string_append_c (out, '"');
      for (const char *p = text; *p != '\0'; p++)
        {
          if (*p == '"')
            g_string_append_c (out, '"');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '"');
    }
  else
    g_string_append (out, text);
  g_string_append_c (out, last ? '\n' : ',');
}

static void
number (GString *out,
        double   value,
        gboolean last)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  /* The shortest of %.15g, %.16g, %.17g that reads back as the same double. */
  if (isfinite (value))
    {
      for (int digits = 15; digits <= 17; digits++)
        {
          char format[8];

          g_snprintf (format, sizeof format, "%%.%dg", digits);
          g_ascii_formatd (buffer, sizeof buffer, format, value);
          if (g_ascii_strtod (buffer, NULL) == value)
            break;
        }
      g_string_append (out, buffer);
    }
  g_string_append_c (out, last ? '\n' : ',');
}

static const char *
name_of (const StrataStrategy *strategy)
{
  return strategy->name != NULL ? strategy->name : strategy->id;
}

typedef struct
{
  char *money;     /* "USD per 1M tokens" */
  char *volume;    /* "1M tokens per year" */
} Units;

static void
units_init (Units               *units,
            const StrataDataset *dataset)
{
  g_autofree char *per = strata_format_unit_singular (dataset->unit != NULL ? dataset->unit : "unit");
  g_autofree char *plural = strata_format_unit_plural (dataset->unit != NULL ? dataset->unit : "units");

  units->money = g_strdup_printf ("%s per %s", dataset->currency != NULL ? dataset->currency : "", per);
  units->volume = g_strdup_printf ("%s per year", plural);
}

static void
units_clear (Units *units)
{
  g_free (units->money);
  g_free (units->volume);
}

/* The cost curves: every strategy's effective unit cost at the chart's
 * samples; with a Monte Carlo in the request, also its P10, P50 and P90
 * of each strategy it has (not Optimal, which gets no band) at its own
 * volumes, merged into the rows (empty elsewhere). */
static void
cost_curves (GString                  *out,
             const StrataChartRequest *request,
             const Units              *units)
{
  const StrataDataset *dataset = request->dataset;
  const StrataMonteCarlo *mc = request->monte_carlo;
  double lo = dataset->volume_min, hi = dataset->volume_max;
  g_autofree char *head = g_strdup_printf ("volume (%s)", units->volume);
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree int *band = g_new (int, MAX (request->n_strategies, 1));
  g_autoptr(StrataCostMemo) memo = NULL;
  g_autofree double *costs = NULL;
  guint n_bands = 0;

  if (hi <= lo * 1.0001)
    lo /= 10, hi *= 10;   /* as the chart: a decade either side of one volume */
  g_array_set_size (rows, COST_CURVE_SAMPLES);
  strata_log_space (lo, hi, COST_CURVE_SAMPLES, (double *) (gpointer) rows->data);
  for (guint i = 0; i < request->n_strategies; i++)
    {
      band[i] = strata_strategy_is_optimal (request->strategies[i]) ||
                (mc != NULL && mc->objective != request->objective)
                ? -1 : _strata_chart_mc_row (mc, request->strategies[i]->id);
      n_bands += band[i] >= 0;
    }
  if (n_bands > 0)
    {
      g_array_append_vals (rows, mc->volumes, mc->n_points);
      g_array_sort (rows, strata_compare_doubles);
    }

  field (out, head, request->n_strategies == 0);
  for (guint i = 0; i < request->n_strategies; i++)
    {
      g_autofree char *name = g_strdup_printf ("%s: %s (%s)", name_of (request->strategies[i]),
                                               request->objective == STRATA_OBJECTIVE_CASH ? "unit cost"
                                                                                          : "effective unit cost",
                                               units->money);

      field (out, name, i + 1 == request->n_strategies && n_bands == 0);
    }
  for (guint i = 0, b = 0; i < request->n_strategies; i++)
    for (guint q = 0; q < 3 && band[i] >= 0; q++)
      {
        g_autofree char *name = g_strdup_printf ("%s: P%d of %s (%s)",
                                                 name_of (request->strategies[i]), q == 0 ? 10 : q == 1 ? 50 : 90,
                                                 request->objective == STRATA_OBJECTIVE_CASH ? "unit cost"
                                                                                            : "effective unit cost",
                                                 units->money);

        field (out, name, q == 2 && ++b == n_bands);
      }
  /* Every strategy's costs at every row first: the optimum's in one go
   * (strata_cost_memo_costs ()), the same doubles as one at a time. */
  memo = _strata_chart_cost_memo (request->dataset, request->objective);
  costs = g_new (double, (gsize) MAX (request->n_strategies, 1) * rows->len);
  for (guint i = 0; i < request->n_strategies; i++)
    strata_cost_memo_costs (memo, request->strategies[i], (const double *) (gpointer) rows->data,
                            rows->len, costs + (gsize) i * rows->len);
  for (guint k = 0; k < rows->len; k++)
    {
      double v = g_array_index (rows, double, k);
      int point = -1;

      if (k > 0 && v == g_array_index (rows, double, k - 1))
        continue;
      for (guint p = 0; n_bands > 0 && p < mc->n_points && point < 0; p++)
        if (mc->volumes[p] == v)
          point = (int) p;
      number (out, v, request->n_strategies == 0);
      for (guint i = 0; i < request->n_strategies; i++)
        number (out, costs[(gsize) i * rows->len + k], i + 1 == request->n_strategies && n_bands == 0);
      for (guint i = 0, b = 0; i < request->n_strategies; i++)
        if (band[i] >= 0)
          {
            gsize cell = (gsize) band[i] * mc->n_points + (guint) MAX (point, 0);
            gboolean last = ++b == n_bands;

            if (point < 0)
              {
                g_string_append (out, last ? ",,\n" : ",,,");
                continue;
              }
            number (out, mc->p10[cell], FALSE);
            number (out, mc->p50[cell], FALSE);
            number (out, mc->p90[cell], last);
          }
    }
}

/* The Chances chart: per volume of the Monte Carlo, the odds that A is
 * cheaper than each other strategy and that the optimum integrates each
 * layer. */
static void
chances (GString                  *out,
         const StrataChartRequest *request,
         const Units              *units)
{
  const StrataMonteCarlo *mc = request->monte_carlo;
  g_autofree char *head = g_strdup_printf ("volume (%s)", units->volume);
  guint n_layers = MIN (mc->n_layers, request->dataset->n_layers);

  field (out, head, FALSE);
  for (guint s = 0; s < mc->n_strategies; s++)
    if (!g_str_equal (mc->strategy_ids[s], mc->a_id))
      {
        g_autofree char *name = g_strdup_printf ("P(%s cheaper than %s)", mc->a_id, mc->strategy_ids[s]);

        field (out, name, FALSE);
      }
  for (guint l = 0; l < n_layers; l++)
    {
      g_autofree char *name = g_strdup_printf ("P(optimum integrates %s)", request->dataset->layers[l].id);

      field (out, name, FALSE);
    }
  /* "Cheaper" and "the optimum" by which cost: the objective, named on
   * every row as the CLI's own CSVs do (MODEL.md 3). */
  field (out, "objective", TRUE);
  for (guint p = 0; p < mc->n_points; p++)
    {
      number (out, mc->volumes[p], FALSE);
      for (guint s = 0; s < mc->n_strategies; s++)
        if (!g_str_equal (mc->strategy_ids[s], mc->a_id))
          number (out, mc->probability_cheaper[(gsize) s * mc->n_points + p], FALSE);
      for (guint l = 0; l < n_layers; l++)
        number (out, mc->layer_integrated[(gsize) p * mc->n_layers + l], FALSE);
      field (out, strata_objective_to_string (mc->objective), TRUE);
    }
}

static void
value_chain (GString                  *out,
             const StrataChartRequest *request,
             const Units              *units)
{
  const StrataDataset *dataset = request->dataset;
  const StrataStrategy *strategy = request->strategies[request->current];
  g_autofree guint *choices = g_new0 (guint, dataset->n_layers);
  g_autofree StrataLayerCost *layers = g_new0 (StrataLayerCost, dataset->n_layers);
  const char *columns[] = { "variable", "fixed per unit", "interface", "supplier margin",
                            "ecosystem value" };
  g_autofree char *head = g_strdup_printf ("volume (%s)", units->volume);
  StrataOutcome outcome;

  strata_strategy_resolve_full (dataset, strategy, request->objective, request->volume, choices);
  strata_evaluate (dataset, choices, request->volume, &outcome, layers);

  field (out, "strategy", FALSE);
  field (out, head, FALSE);
  field (out, "layer", FALSE);
  field (out, "option", FALSE);
  field (out, "mode", FALSE);
  for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
    {
      g_autofree char *name = g_strdup_printf ("%s (%s)", columns[c], units->money);

      field (out, name, FALSE);
    }
  field (out, "latency (ms)", FALSE);
  /* MODEL.md 3: the layer's share and, its own entry, its interface's;
   * all of them add up to 1, the chart's percentages. */
  field (out, "share of unit cost (fraction)", FALSE);
  field (out, "interface share of unit cost (fraction)", TRUE);

  /* Top layer first, as drawn. */
  for (guint l = dataset->n_layers; l-- > 0;)
    {
      const StrataOption *option = &dataset->layers[l].options[choices[l]];
      const StrataLayerCost *cost = &layers[l];

      field (out, name_of (strategy), FALSE);
      number (out, request->volume, FALSE);
      field (out, dataset->layers[l].name, FALSE);
      field (out, option->name, FALSE);
      field (out, option->mode == STRATA_MODE_INTEGRATED ? "integrated" : "neutral", FALSE);
      number (out, cost->variable, FALSE);
      number (out, cost->fixed_per_unit, FALSE);
      number (out, cost->interface_cost, FALSE);
      number (out, cost->supplier_margin, FALSE);
      number (out, cost->ecosystem_value, FALSE);
      number (out, cost->latency_ms, FALSE);
      number (out, cost->share, FALSE);
      number (out, cost->interface_share, TRUE);
    }
}

static void
compare (GString                  *out,
         const StrataChartRequest *request,
         const Units              *units)
{
  const StrataDataset *dataset = request->dataset;
  g_autofree guint *choices = g_new0 (guint, dataset->n_layers);
  g_autofree char *money = g_strdup_printf ("(%s)", units->money);
  g_autofree char *annual = g_strdup_printf ("(%s per year)", dataset->currency != NULL ? dataset->currency : "");

  g_string_append_printf (out, "strategy,volume (%s),unit cost %s,ecosystem value %s,"
                          "effective unit cost %s,supplier margin %s,supplier share (fraction),"
                          "latency (ms),annual cost %s,capital at risk %s,unit profit %s,"
                          "annual profit %s,effective unit profit %s\n",
                          units->volume, money, money, money, money, annual, annual, money, annual, money);
  for (guint i = 0; i < request->n_strategies; i++)
    {
      StrataOutcome o;

      strata_strategy_resolve_full (dataset, request->strategies[i], request->objective, request->volume, choices);
      strata_evaluate (dataset, choices, request->volume, &o, NULL);
      field (out, name_of (request->strategies[i]), FALSE);
      number (out, request->volume, FALSE);
      number (out, o.unit_cost, FALSE);
      number (out, o.ecosystem_value, FALSE);
      number (out, o.effective_unit_cost, FALSE);
      number (out, o.supplier_margin, FALSE);
      number (out, o.supplier_share, FALSE);
      number (out, o.latency_ms, FALSE);
      number (out, o.annual_cost, FALSE);
      number (out, o.capital_at_risk, FALSE);
      number (out, o.has_profit ? o.unit_profit : NAN, FALSE);
      number (out, o.has_profit ? o.annual_profit : NAN, FALSE);
      number (out, o.has_profit ? o.effective_unit_profit : NAN, TRUE);
    }
}

static void
ladder (GString                  *out,
        const StrataChartRequest *request,
        const Units              *units)
{
  const StrataDataset *dataset = request->dataset;
  g_autoptr(StrataLadder) lad = _strata_chart_ladder (request->dataset, request->objective, LADDER_SAMPLES);
  g_autofree char *head = g_strdup_printf ("volume (%s)", units->volume);
  /* lad->costs are the objective's (MODEL.md 3: "Unit cost" is unit_cost
   * and nothing else). */
  g_autofree char *cost = g_strdup_printf (request->objective == STRATA_OBJECTIVE_CASH ? "optimal unit cost (%s)"
                                                                                      : "optimal effective unit cost (%s)",
                                           units->money);

  field (out, head, FALSE);
  for (guint l = 0; l < dataset->n_layers; l++)
    field (out, dataset->layers[l].name, FALSE);
  field (out, cost, TRUE);
  for (guint p = 0; lad != NULL && p < lad->n_points; p++)
    {
      number (out, lad->volumes[p], FALSE);
      for (guint l = 0; l < dataset->n_layers; l++)
        {
          const StrataOption *option = &dataset->layers[l].options[lad->choices[(gsize) p * lad->n_layers + l]];
          g_autofree char *text = g_strdup_printf ("%s (%s)", option->name,
                                                   option->mode == STRATA_MODE_INTEGRATED ? "integrated" : "neutral");

          field (out, text, FALSE);
        }
      number (out, lad->costs[p], TRUE);
    }
}

/* The tornado's outcome in a column name: its words or MODEL.md key and
 * unit ("effective unit cost at low (USD per 1M tokens)", "savings_npv at
 * low (USD)"). */
static char *
tornado_column (const StrataChartRequest *request,
                const Units              *units,
                const char               *which)
{
  const char *cost = request->objective == STRATA_OBJECTIVE_CASH ? "unit cost" : "effective unit cost";

  switch (request->outcome)
    {
    case STRATA_TORNADO_GAP:
      return g_strdup_printf ("%s of the strategy less the other %s (%s)", cost, which, units->money);
    case STRATA_TORNADO_BREAKEVEN:
      return g_strdup_printf ("break-even volume %s (%s)", which, units->volume);
    case STRATA_TORNADO_SAVINGS:
      return g_strdup_printf ("savings_npv %s (%s)", which,
                              request->dataset->currency != NULL ? request->dataset->currency : "");
    case STRATA_TORNADO_COST:
    default:
      return g_strdup_printf ("%s %s (%s)", cost, which, units->money);
    }
}

/* The field path of MODEL.md 7 of @number, by ids ("layers.chips.options.
 * asic.fixed_cost", "links.0.saving"): the path the switch points' data
 * and every command that edits a dataset name it by. */
static char *
uncertain_field_path (const StrataDataset   *dataset,
                      const StrataUncertain *number)
{
  switch (number->kind)
    {
    case STRATA_UNCERTAIN_OPTION:
      return g_strdup_printf ("layers.%s.options.%s.%s", dataset->layers[number->layer].id,
                              dataset->layers[number->layer].options[number->option].id,
                              number->field);
    case STRATA_UNCERTAIN_LINK:
      return g_strdup_printf ("links.%u.%s", number->link, number->field);
    case STRATA_UNCERTAIN_HORIZON:
    default:
      return g_strdup (number->path);
    }
}

static void
tornado (GString                  *out,
         const StrataChartRequest *request,
         const Units              *units)
{
  StrataTornadoParams params;
  g_autoptr(GArray) entries = _strata_chart_tornado_entries (request, &params);
  g_autofree char *at_low = tornado_column (request, units, "at low");
  gboolean volume_unit = request->outcome == STRATA_TORNADO_BREAKEVEN;
  const char *unit = volume_unit ? units->volume : request->outcome == STRATA_TORNADO_SAVINGS
                                                   ? request->dataset->currency : units->money;

  g_string_append_printf (out, "strategy,volume (%s),number,path,low,value,high,"
                          "%s,base (%s),at high (%s),swing (%s),moves nothing because\n",
                          units->volume, at_low, unit, unit, unit);
  for (guint i = 0; entries != NULL && i < entries->len; i++)
    {
      const StrataTornadoEntry *e = &g_array_index (entries, StrataTornadoEntry, i);
      g_autofree char *path = uncertain_field_path (request->dataset, &e->number);

      field (out, name_of (params.strategy), FALSE);
      number (out, params.volume, FALSE);
      field (out, e->number.label, FALSE);
      field (out, path, FALSE);
      number (out, e->number.low, FALSE);
      number (out, e->number.value, FALSE);
      number (out, e->number.high, FALSE);
      number (out, e->outcome_low, FALSE);
      number (out, e->base, FALSE);
      number (out, e->outcome_high, FALSE);
      number (out, e->swing, FALSE);
      field (out, e->reason == STRATA_TORNADO_MOVES ? "" : strata_tornado_reason_text (e->reason), TRUE);
    }
}

/* The switch points chart: every switch of the optimal choice at the
 * volume (or of the sign of savings_npv), nearest first, then every
 * number without one (empty switch). */
static void
switchpoints (GString                  *out,
              const StrataChartRequest *request,
              const Units              *units)
{
  const StrataDataset *dataset = request->dataset;
  g_autoptr(StrataSwitchPoints) points = _strata_chart_switch_points (request, NULL);

  g_string_append_printf (out, "volume (%s),path,number,today,switch,switch / today,"
                          "within its own range,change,sources,objective\n", units->volume);
  if (points == NULL)
    return;
  for (guint i = 0; i < points->switches->len + points->robust->len; i++)
    {
      gboolean is_switch = i < points->switches->len;
      const StrataSwitch *sw = is_switch ? &g_array_index (points->switches, StrataSwitch, i) : NULL;
      guint f = is_switch ? sw->field : g_array_index (points->robust, guint, i - points->switches->len);
      const StrataSwitchField *number_field = &g_array_index (points->fields, StrataSwitchField, f);
      g_autofree char *change = is_switch ? _strata_chart_switch_what (dataset, points, sw)
                                          : g_strdup (strata_switch_reason_short (number_field->reason));
      g_autofree char *sources = number_field->sources != NULL ? g_strjoinv (" ", (char **) number_field->sources)
                                                        : g_strdup ("");

      number (out, points->volume, FALSE);
      field (out, number_field->path, FALSE);
      field (out, number_field->label, FALSE);
      number (out, number_field->value, FALSE);
      if (is_switch)
        {
          number (out, sw->at, FALSE);
          number (out, sw->ratio, FALSE);
          field (out, !number_field->uncertain ? "" : sw->within_uncertainty ? "yes" : "no", FALSE);
        }
      else
        g_string_append (out, ",,,");
      field (out, change, FALSE);
      field (out, sources, FALSE);
      field (out, strata_objective_to_string (points->objective), TRUE);
    }
}

/* The roadmap CSV's header: the optimal roadmap's columns when there is
 * one (@plan), adopting @current now's when it switches anything
 * (@adopt), the band's (@band: the roadmap's, or adopting now's when the
 * optimal roadmap is beyond its exact search), each layer's option. */
static void
roadmap_header (GString                  *out,
                const StrataChartRequest *request,
                gboolean                  plan,
                const StrataStrategy     *adopt,
                gboolean                  band)
{
  const StrataDataset *dataset = request->dataset;
  const char *cost = request->objective == STRATA_OBJECTIVE_CASH ? "cash cost" : "effective cost";
  const char *currency = dataset->currency != NULL ? dataset->currency : "";
  g_autofree char *units = strata_format_unit_plural (dataset->unit != NULL ? dataset->unit : "units");

  g_string_append_printf (out, "year,volume (%s per year),start plan %s (%s per year)", units, cost, currency);
  if (plan)
    g_string_append_printf (out, ",roadmap %s (%s per year),cumulative discounted savings (%s)",
                            cost, currency, currency);
  if (adopt != NULL)
    g_string_append_printf (out, ",adopt %s now: %s (%s per year),adopt %s now: cumulative discounted savings (%s)",
                            adopt->id, cost, currency, adopt->id, currency);
  if (band && plan)
    g_string_append_printf (out, ",cumulative discounted savings P10 (%s),P50 (%s),P90 (%s)",
                            currency, currency, currency);
  else if (band)
    g_string_append_printf (out, ",adopt %s now: cumulative discounted savings P10 (%s),P50 (%s),P90 (%s)",
                            adopt->id, currency, currency, currency);
  g_string_append_c (out, ',');
  for (guint l = 0; l < dataset->n_layers; l++)
    {
      g_autofree char *name = plan ? g_strdup_printf ("%s: option running", dataset->layers[l].id)
                                   : g_strdup_printf ("%s: option running (adopting now)", dataset->layers[l].id);

      field (out, name, l + 1 == dataset->n_layers);
    }
}

/* The roadmap chart's years: the optimal roadmap against the start plan
 * under the request's objective, amounts per year as drawn (the savings
 * cumulative and discounted), adopting the current strategy now beside
 * it (when it switches anything), the P10/P50/P90 of the optimal
 * roadmap's cumulative savings with the request's roadmap Monte Carlo,
 * and the option each layer runs.  When the optimal roadmap is beyond its
 * exact search, as the chart: adopting now alone, its band and options. */
static void
roadmap (GString                  *out,
         const StrataChartRequest *request)
{
  const StrataDataset *dataset = request->dataset;
  StrataHorizonObjective objective = request->objective == STRATA_OBJECTIVE_CASH ? STRATA_HORIZON_CASH
                                                                                 : STRATA_HORIZON_EFFECTIVE;
  gboolean cash = objective == STRATA_HORIZON_CASH;
  g_autofree StrataLayerPlan *plans = NULL;
  g_autoptr(StrataPlanResult) plan = NULL;
  g_autoptr(StrataPlanResult) start = NULL;
  g_autoptr(StrataPlanResult) adopt = NULL;
  g_autoptr(GError) error = NULL;
  const StrataStrategy *current = NULL;
  const StrataRoadmapMcPlan *band = NULL;
  const StrataPlanResult *rows;

  if (dataset->horizon == NULL)
    return;
  plans = g_new0 (StrataLayerPlan, dataset->n_layers);
  if (strata_roadmap_optimal (dataset, objective, plans, &error))
    plan = strata_plan_evaluate (dataset, plans, objective);
  else if (!g_error_matches (error, STRATA_DATASET_ERROR, STRATA_DATASET_ERROR_LIMIT))
    return;
  start = strata_plan_start (dataset, objective);
  if (request->strategies != NULL && request->current < request->n_strategies)
    {
      current = request->strategies[request->current];
      adopt = strata_plan_adopt_now (dataset, current, objective, NULL);
      if (adopt != NULL && strata_roadmap_n_switches (dataset, adopt->plans) == 0)
        g_clear_pointer (&adopt, strata_plan_result_free);
    }
  rows = plan != NULL ? plan : adopt;
  if (rows == NULL)
    return;
  if (request->roadmap_monte_carlo != NULL && request->roadmap_monte_carlo->objective == objective
      && request->roadmap_monte_carlo->n_years == rows->n_years)
    band = strata_roadmap_mc_find (request->roadmap_monte_carlo, plan != NULL ? NULL : current->id);

  roadmap_header (out, request, plan != NULL, adopt != NULL ? current : NULL, band != NULL);
  for (guint t = 0; t < rows->n_years; t++)
    {
      const StrataPlanYear *row = &rows->rows[t];
      const StrataPlanYear *base = &start->rows[t];

      number (out, row->year, FALSE);
      number (out, row->volume, FALSE);
      number (out, cash ? base->cash_cost : base->effective_cost, FALSE);
      if (plan != NULL)
        {
          number (out, cash ? row->cash_cost : row->effective_cost, FALSE);
          number (out, row->savings, FALSE);
        }
      if (adopt != NULL)
        {
          number (out, cash ? adopt->rows[t].cash_cost : adopt->rows[t].effective_cost, FALSE);
          number (out, adopt->rows[t].savings, FALSE);
        }
      if (band != NULL)
        {
          number (out, band->cumulative_p10[t], FALSE);
          number (out, band->cumulative_p50[t], FALSE);
          number (out, band->cumulative_p90[t], FALSE);
        }
      for (guint l = 0; l < dataset->n_layers; l++)
        {
          guint option = rows->choices[(gsize) t * rows->n_layers + l];

          field (out, dataset->layers[l].options[option].id, l + 1 == dataset->n_layers);
        }
    }
}

char *
strata_chart_data_csv (StrataChartKind           kind,
                       const StrataChartRequest *request)
{
  GString *out;
  Units units;

  g_return_val_if_fail (request != NULL, NULL);

  out = g_string_new (NULL);
  if (request->dataset == NULL || request->dataset->n_layers == 0)
    return g_string_free (out, FALSE);
  units_init (&units, request->dataset);
  /* Not a switch: chart kinds added later fall back to the comparison
   * table (every strategy's outcome at the volume) until they get theirs. */
  if (kind == STRATA_CHART_COST_CURVES)
    cost_curves (out, request, &units);
  else if (kind == STRATA_CHART_VALUE_CHAIN && request->current < request->n_strategies)
    value_chain (out, request, &units);
  else if (kind == STRATA_CHART_LADDER)
    ladder (out, request, &units);
  else if (kind == STRATA_CHART_CHANCES && request->monte_carlo != NULL &&
           request->monte_carlo->strategy_ids != NULL && request->monte_carlo->a_id != NULL)
    chances (out, request, &units);
  else if (kind == STRATA_CHART_TORNADO && request->current < request->n_strategies)
    tornado (out, request, &units);
  else if (kind == STRATA_CHART_ROADMAP && request->dataset->horizon != NULL)
    roadmap (out, request);
  else if (kind == STRATA_CHART_SWITCHPOINTS)
    switchpoints (out, request, &units);
  else
    compare (out, request, &units);
  units_clear (&units);
  return g_string_free (out, FALSE);
}

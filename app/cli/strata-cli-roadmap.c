/* strata-cli-roadmap.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * `strata-cli roadmap FILE [--strategy ID]... [--optimal]
 *  [--objective effective|cash] [--draws N] [--seed S] [--format table|csv|json]`:
 * the decision over years (MODEL.md section 8), with its Monte Carlo
 * (sections 6 and 8) when --draws or --seed is given.
 */

#include "config.h"

#include <glib/gi18n.h>

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <strata/strata-format.h>
#include <strata/strata-horizon.h>
#include <strata/strata-model.h>
#include <strata/strata-roadmap-mc.h>

#include "strata-cli-private.h"

typedef struct
{
  const char                *strategy;  /* NULL: the optimal roadmap */
  StrataPlanResult          *result;
  const StrataRoadmapMcPlan *mc;        /* (nullable) its Monte Carlo */
} Plan;

static const char *
option_id (const StrataDataset *ds,
           guint                layer,
           guint                option)
{
  return ds->layers[layer].options[option].id;
}

static const char *
option_name (const StrataDataset *ds,
             guint                layer,
             guint                option)
{
  return ds->layers[layer].options[option].name;
}

/* The plan year (from 0) in which layer @l's switch runs: decided, then
 * built for its option's build_years.  The layer must switch. */
static int
runs_year (const StrataDataset    *ds,
           const StrataPlanResult *r,
           guint                   l)
{
  const StrataLayerPlan *p = &r->plans[l];

  return p->decide_year + (int) ds->layers[l].options[p->option].build_years;
}

/* ------------------------------------------------------------------ */
/* JSON                                                                */
/* ------------------------------------------------------------------ */

static void
append_switches_json (GString                *out,
                      const StrataDataset    *ds,
                      const StrataPlanResult *r)
{
  gboolean first = TRUE;

  g_string_append (out, "\"switches\": [");
  for (guint l = 0; l < r->n_layers; l++)
    {
      const StrataLayerPlan *p = &r->plans[l];

      if (p->decide_year < 0)
        continue;
      g_string_append (out, first ? "{" : ", {");
      first = FALSE;
      g_string_append (out, "\"layer\": ");
      strata_append_json_string (out, ds->layers[l].id);
      g_string_append_printf (out, ", \"decide_year\": %d, \"runs_from\": %d, \"from\": ",
                              ds->horizon->first_year + p->decide_year,
                              ds->horizon->first_year + runs_year (ds, r, l));
      strata_append_json_string (out, option_id (ds, l, r->start[l]));
      g_string_append (out, ", \"to\": ");
      strata_append_json_string (out, option_id (ds, l, p->option));
      g_string_append (out, "}");
    }
  g_string_append (out, "]");
}

static void
append_year_json (GString                *out,
                  const StrataDataset    *ds,
                  const StrataPlanResult *r,
                  guint                   t)
{
  const StrataPlanYear *row = &r->rows[t];
  gboolean first = TRUE;

  g_string_append_printf (out, "{\"year\": %d, \"volume\": ", row->year);
  _strata_cli_append_json_number (out, row->volume);
  g_string_append (out, ", \"choices\": ");
  _strata_cli_append_choices_json (out, ds, &r->choices[t * r->n_layers]);
  g_string_append (out, ", \"building\": {");
  for (guint l = 0; l < r->n_layers; l++)
    {
      int b = r->building[t * r->n_layers + l];

      if (b < 0)
        continue;
      if (!first)
        g_string_append (out, ", ");
      first = FALSE;
      strata_append_json_string (out, ds->layers[l].id);
      g_string_append (out, ": ");
      strata_append_json_string (out, option_id (ds, l, (guint) b));
    }
  g_string_append (out, "}, \"unit_cost\": ");
  _strata_cli_append_json_number (out, row->unit_cost);
  g_string_append (out, ", \"capex\": ");
  _strata_cli_append_json_number (out, row->capex);
  g_string_append (out, ", \"exit_cost\": ");
  _strata_cli_append_json_number (out, row->exit_cost);
  g_string_append (out, ", \"cash_cost\": ");
  _strata_cli_append_json_number (out, row->cash_cost);
  g_string_append (out, ", \"effective_cost\": ");
  _strata_cli_append_json_number (out, row->effective_cost);
  g_string_append (out, "}");
}

static void
append_p3_json (GString    *out,
                const char *key,
                double      p10,
                double      p50,
                double      p90)
{
  g_string_append_printf (out, ", \"%s\": {\"p10\": ", key);
  _strata_cli_append_json_number_or_null (out, p10);
  g_string_append (out, ", \"p50\": ");
  _strata_cli_append_json_number_or_null (out, p50);
  g_string_append (out, ", \"p90\": ");
  _strata_cli_append_json_number_or_null (out, p90);
  g_string_append (out, "}");
}

/* "monte_carlo": the plan's percentiles over the draws (MODEL.md 6, 8). */
void
_strata_cli_append_roadmap_mc_json (GString                   *out,
                                    const StrataRoadmapMcPlan *mc)
{
  g_string_append (out, ", \"monte_carlo\": {\"probability_savings_positive\": ");
  _strata_cli_append_json_number_or_null (out, mc->positive_share);
  append_p3_json (out, "savings_npv", mc->savings_p10, mc->savings_p50, mc->savings_p90);
  append_p3_json (out, "payback_year", mc->payback_p10, mc->payback_p50, mc->payback_p90);
  g_string_append (out, ", \"no_payback_share\": ");
  _strata_cli_append_json_number_or_null (out, mc->no_payback_share);
  /* Adopting Optimal now, in the draws whose optimum is not a roadmap:
   * left out of the figures above. */
  if (mc->not_roadmap_share > 0)
    {
      g_string_append (out, ", \"not_roadmap_share\": ");
      _strata_cli_append_json_number (out, mc->not_roadmap_share);
    }
  g_string_append (out, "}");
}

static void
print_json (const StrataDataset    *ds,
            StrataHorizonObjective  objective,
            const StrataRoadmapMc  *mc,
            GArray                 *plans,
            GString                *out)
{
  g_string_append (out, "{\"dataset\": ");
  strata_append_json_string (out, ds->title);
  g_string_append_printf (out, ", \"objective\": \"%s\", \"start\": ",
                          strata_horizon_objective_to_string (objective));
  strata_append_json_string (out, ds->horizon->start);
  if (mc != NULL)
    g_string_append_printf (out, ", \"draws\": %u, \"seed\": %" G_GUINT64_FORMAT
                                 ", \"uncertain_numbers\": %u",
                            mc->n_draws, mc->seed, mc->n_uncertain);
  g_string_append (out, ", \"plans\": [");
  for (guint i = 0; i < plans->len; i++)
    {
      const Plan *plan = &g_array_index (plans, Plan, i);
      const StrataPlanResult *r = plan->result;

      g_string_append (out, i > 0 ? ",\n  {" : "\n  {");
      if (plan->strategy != NULL)
        {
          g_string_append (out, "\"strategy\": ");
          strata_append_json_string (out, plan->strategy);
        }
      else
        g_string_append (out, "\"optimal\": true");
      g_string_append (out, ", ");
      append_switches_json (out, ds, r);
      g_string_append (out, ", \"npv_cost\": ");
      _strata_cli_append_json_number (out, r->npv_cost);
      g_string_append (out, ", \"npv_effective_cost\": ");
      _strata_cli_append_json_number (out, r->npv_effective_cost);
      if (r->has_profit)
        {
          g_string_append (out, ", \"npv_profit\": ");
          _strata_cli_append_json_number (out, r->npv_profit);
        }
      g_string_append (out, ", \"savings_npv\": ");
      _strata_cli_append_json_number (out, r->savings_npv);
      if (r->has_payback)
        g_string_append_printf (out, ", \"payback_year\": %d", r->payback_year);
      else
        g_string_append (out, ", \"payback_year\": null");
      g_string_append (out, ", \"peak_funding\": ");
      _strata_cli_append_json_number (out, r->peak_funding);
      if (plan->mc != NULL)
        _strata_cli_append_roadmap_mc_json (out, plan->mc);
      g_string_append (out, ", \"years\": [");
      for (guint t = 0; t < r->n_years; t++)
        {
          g_string_append (out, t > 0 ? ",\n    " : "\n    ");
          append_year_json (out, ds, r, t);
        }
      g_string_append (out, "]}");
    }
  g_string_append (out, "]}\n");
}

/* ------------------------------------------------------------------ */
/* CSV                                                                 */
/* ------------------------------------------------------------------ */

static void
print_csv (const StrataDataset *ds,
           GArray              *plans,
           gboolean             with_mc,
           GString             *out)
{
  g_string_append (out, "plan,year,volume,choices,building,unit_cost,capex,exit_cost,"
                        "cash_cost,effective_cost,cumulative_savings");
  if (with_mc)
    g_string_append (out, ",cumulative_savings_p10,cumulative_savings_p50,cumulative_savings_p90,"
                          "savings_npv_p10,savings_npv_p50,savings_npv_p90,"
                          "payback_year_p10,payback_year_p50,payback_year_p90,"
                          "no_payback_share,probability_savings_positive,not_roadmap_share");
  g_string_append_c (out, '\n');
  for (guint i = 0; i < plans->len; i++)
    {
      const Plan *plan = &g_array_index (plans, Plan, i);
      const StrataPlanResult *r = plan->result;

      for (guint t = 0; t < r->n_years; t++)
        {
          const StrataPlanYear *row = &r->rows[t];
          g_autofree char *choices = _strata_cli_choices_text (ds, &r->choices[t * r->n_layers]);
          g_autoptr(GString) building = g_string_new (NULL);
          const double amounts[] = {
            row->unit_cost, row->capex, row->exit_cost, row->cash_cost,
            row->effective_cost, row->savings
          };

          for (guint l = 0; l < r->n_layers; l++)
            if (r->building[t * r->n_layers + l] >= 0)
              g_string_append_printf (building, "%s%s=%s", building->len > 0 ? "," : "",
                                      ds->layers[l].id,
                                      option_id (ds, l, (guint) r->building[t * r->n_layers + l]));
          _strata_cli_append_csv_field (out, plan->strategy != NULL ? plan->strategy
                                                                    : "optimal-roadmap");
          g_string_append_printf (out, ",%d,", row->year);
          _strata_cli_append_json_number (out, row->volume);
          g_string_append_c (out, ',');
          _strata_cli_append_csv_field (out, choices);
          g_string_append_c (out, ',');
          _strata_cli_append_csv_field (out, building->str);
          for (guint k = 0; k < G_N_ELEMENTS (amounts); k++)
            {
              g_string_append_c (out, ',');
              _strata_cli_append_json_number (out, amounts[k]);
            }
          if (plan->mc != NULL)
            {
              const StrataRoadmapMcPlan *mc = plan->mc;
              const double figures[] = {
                mc->cumulative_p10[t], mc->cumulative_p50[t], mc->cumulative_p90[t],
                mc->savings_p10, mc->savings_p50, mc->savings_p90,
                mc->payback_p10, mc->payback_p50, mc->payback_p90,
                mc->no_payback_share, mc->positive_share, mc->not_roadmap_share
              };

              /* A payback percentile with no draw that pays back: empty. */
              for (guint k = 0; k < G_N_ELEMENTS (figures); k++)
                {
                  g_string_append_c (out, ',');
                  if (isfinite (figures[k]))
                    _strata_cli_append_json_number (out, figures[k]);
                }
            }
          g_string_append_c (out, '\n');
        }
    }
}

/* ------------------------------------------------------------------ */
/* Table                                                               */
/* ------------------------------------------------------------------ */

static char *
money (const StrataDataset *ds,
       double               amount)
{
  return strata_format_money_si (amount, ds->currency);
}

/* "chips: decide 2027, runs from 2029, Merchant GPUs → In-house accelerator" */
static void
print_switches (const StrataDataset    *ds,
                const StrataPlanResult *r,
                GString                *out)
{
  guint n = 0;

  for (guint l = 0; l < r->n_layers; l++)
    {
      const StrataLayerPlan *p = &r->plans[l];
      int decide, runs;

      if (p->decide_year < 0)
        continue;
      decide = ds->horizon->first_year + p->decide_year;
      runs = ds->horizon->first_year + runs_year (ds, r, l);
      g_string_append (out, "  ");
      /* Translators: a layer's name and a year */
      g_string_append_printf (out, _("%s: decide %d, "), ds->layers[l].name, decide);
      if (runs == decide)
        /* Translators: a year */
        g_string_append_printf (out, _("runs from %d (no build time), "), runs);
      else
        /* Translators: a year */
        g_string_append_printf (out, _("runs from %d, "), runs);
      g_string_append_printf (out, "%s → %s\n", option_name (ds, l, r->start[l]),
                              option_name (ds, l, p->option));
      n++;
    }
  if (n == 0)
    g_string_append_printf (out, "  %s\n", _("No layer switches: every layer keeps what runs today."));
  else if (n < r->n_layers)
    {
      g_string_append_printf (out, "  %s", _("Keeps:"));
      for (guint l = 0, k = 0; l < r->n_layers; l++)
        if (r->plans[l].decide_year < 0)
          g_string_append_printf (out, "%s %s: %s", k++ > 0 ? "," : "", ds->layers[l].name,
                                  option_name (ds, l, r->start[l]));
      g_string_append (out, "\n");
    }
}

static void
print_outcome_line (const StrataDataset    *ds,
                    StrataHorizonObjective  objective,
                    const StrataPlanResult *r,
                    GString                *out)
{
  /* Worse than the start plan: "costs $44.4 B more", as the chart
   * says it, not "saves -$44.4 B". */
  g_autofree char *savings = money (ds, fabs (r->savings_npv));
  g_autofree char *peak = money (ds, r->peak_funding);
  g_autofree char *cost = money (ds, objective == STRATA_HORIZON_CASH ? r->npv_cost
                                                                      : r->npv_effective_cost);

  g_string_append (out, "  ");
  if (r->savings_npv < 0)
    /* Translators: the cost ("cash cost" or "effective cost"), two amounts of money */
    g_string_append_printf (out, _("NPV of %s %s; costs %s more than the start plan; "),
                            objective == STRATA_HORIZON_CASH ? _("cash cost") : _("effective cost"),
                            cost, savings);
  else
    /* Translators: the cost ("cash cost" or "effective cost"), two amounts of money */
    g_string_append_printf (out, _("NPV of %s %s; saves %s against the start plan; "),
                            objective == STRATA_HORIZON_CASH ? _("cash cost") : _("effective cost"),
                            cost, savings);
  if (r->has_payback && r->payback_year == ds->horizon->first_year && r->peak_funding == 0)
    g_string_append (out, _("never behind the start plan"));
  else if (r->has_payback)
    /* Translators: a year */
    g_string_append_printf (out, _("pays back %d"), r->payback_year);
  else
    g_string_append (out, _("never pays back"));
  /* Translators: an amount of money */
  g_string_append_printf (out, _("; peak funding %s"), peak);
  g_string_append_c (out, '\n');
  if (r->has_profit)
    {
      g_autofree char *profit = money (ds, r->npv_profit);

      g_string_append (out, "  ");
      /* Translators: an amount of money */
      g_string_append_printf (out, _("NPV of cash profit %s"), profit);
      g_string_append_c (out, '\n');
    }
}

/* A percentile of calendar years: type 7 can fall between two years. */
char *
_strata_cli_year_text (double year)
{
  if (fmod (year, 1) == 0)
    return g_strdup_printf ("%.0f", year);
  return g_strdup_printf ("%.1f", year);
}

/* "Over 1000 draws: saves P10 … P50 … P90 …; P(savings > 0) 83%; pays back
 * P10 2029, P50 2030, P90 2032 (12% of draws never)". */
static void
print_mc_line (const StrataDataset       *ds,
               const StrataRoadmapMc     *mc,
               const StrataRoadmapMcPlan *plan,
               GString                   *out)
{
  g_autofree char *p10 = money (ds, plan->savings_p10);
  g_autofree char *p50 = money (ds, plan->savings_p50);
  g_autofree char *p90 = money (ds, plan->savings_p90);
  g_autofree char *positive = NULL;

  if (plan->not_roadmap_share > 0)
    {
      g_autofree char *share = strata_format_share (plan->not_roadmap_share);

      g_string_append (out, "  ");
      /* Translators: a share of the draws */
      g_string_append_printf (out, _("Not a roadmap in %s of the draws (their optimum runs an option "
                                     "that takes longer to build than the horizon): left out of "
                                     "the figures below"), share);
      g_string_append_c (out, '\n');
      if (plan->not_roadmap_share >= 1)
        return;
    }
  positive = strata_format_share (plan->positive_share);
  {
    g_autofree char *seed = g_strdup_printf ("%" G_GUINT64_FORMAT, mc->seed);

    /* The draws the figures are over: those where the plan is a roadmap. */
    guint n_over = (guint) round (mc->n_draws * (1 - plan->not_roadmap_share));

    g_string_append (out, "  ");
    /* Translators: the number of draws, the seed, three amounts of money, a share */
    g_string_append_printf (out, ngettext ("Over %u draw (seed %s): savings (NPV) P10 %s, P50 %s, P90 %s; P(savings > 0) %s",
                                           "Over %u draws (seed %s): savings (NPV) P10 %s, P50 %s, P90 %s; P(savings > 0) %s",
                                           n_over),
                            n_over, seed, p10, p50, p90, positive);
    g_string_append_c (out, '\n');
  }
  if (plan->n_payback_draws == 0)
    g_string_append_printf (out, "  %s\n", _("Never pays back in any draw"));
  else
    {
      g_autofree char *f10 = _strata_cli_year_text (plan->payback_p10);
      g_autofree char *f50 = _strata_cli_year_text (plan->payback_p50);
      g_autofree char *f90 = _strata_cli_year_text (plan->payback_p90);

      g_string_append (out, "  ");
      /* Translators: three years */
      g_string_append_printf (out, _("Pays back (in the draws that do) P10 %s, P50 %s, P90 %s"), f10, f50, f90);
      if (plan->no_payback_share > 0)
        {
          g_autofree char *never = strata_format_share (plan->no_payback_share);

          /* Translators: a share */
          g_string_append_printf (out, _("; %s of draws never pay back"), never);
        }
      g_string_append_c (out, '\n');
    }
}

/* What happens in year @t: builds that start, switches that run. */
static char *
year_note (const StrataDataset    *ds,
           const StrataPlanResult *r,
           guint                   t)
{
  g_autoptr(GString) note = g_string_new (NULL);

  for (guint l = 0; l < r->n_layers; l++)
    {
      const StrataLayerPlan *p = &r->plans[l];
      guint runs;

      if (p->decide_year < 0)
        continue;
      runs = (guint) runs_year (ds, r, l);
      if ((guint) p->decide_year == t && runs != t)
        {
          g_string_append (note, note->len > 0 ? "; " : "");
          /* Translators: a layer's id and an option's name */
          g_string_append_printf (note, _("%s: decide, build %s"), ds->layers[l].id, option_name (ds, l, p->option));
        }
      if (runs == t)
        {
          g_string_append (note, note->len > 0 ? "; " : "");
          /* Translators: a layer's id and an option's name */
          g_string_append_printf (note, _("%s: %s runs"), ds->layers[l].id, option_name (ds, l, p->option));
        }
    }
  return g_string_free (g_steal_pointer (&note), FALSE);
}

static void
print_years (const StrataDataset    *ds,
             StrataHorizonObjective  objective,
             const StrataPlanResult *r,
             GString                *out)
{
  g_autoptr(StrataCliTable) table = _strata_cli_table_new (8);
  const char *header[] = {
    _("Year"), _("Volume"), _("Unit cost"), _("Capex"), _("Exit cost"),
    objective == STRATA_HORIZON_CASH ? _("Cash cost") : _("Effective cost"),
    _("Cumulative savings (NPV)"), _("What happens")
  };

  _strata_cli_table_add_row (table, header);
  for (guint c = 1; c < 7; c++)
    _strata_cli_table_align_right (table, c);
  for (guint t = 0; t < r->n_years; t++)
    {
      const StrataPlanYear *row = &r->rows[t];
      g_autofree char *year = g_strdup_printf ("%d", row->year);
      g_autofree char *volume = strata_format_volume (row->volume);
      g_autofree char *unit = strata_format_money (row->unit_cost, ds->currency);
      g_autofree char *capex = money (ds, row->capex);
      g_autofree char *exit = money (ds, row->exit_cost);
      g_autofree char *cost = money (ds, objective == STRATA_HORIZON_CASH ? row->cash_cost
                                                                          : row->effective_cost);
      g_autofree char *savings = money (ds, row->savings);
      g_autofree char *note = year_note (ds, r, t);
      const char *cells[] = { year, volume, unit, capex, exit, cost, savings, note };

      _strata_cli_table_add_row (table, cells);
    }
  _strata_cli_table_render (table, "  ", out);
}

static void
print_table (const StrataDataset    *ds,
             StrataHorizonObjective  objective,
             const StrataRoadmapMc  *mc,
             GArray                 *plans,
             GString                *out)
{
  const StrataHorizon *h = ds->horizon;
  const StrataStrategy *start = strata_dataset_find_strategy (ds, h->start);
  const StrataPlanResult *first = g_array_index (plans, Plan, 0).result;
  g_autofree char *start_choices = _strata_cli_choices_text (ds, first->start);
  g_autofree char *v0 = strata_format_volume (first->rows[0].volume);
  g_autofree char *vn = strata_format_volume (first->rows[first->n_years - 1].volume);
  g_autofree char *units = strata_format_unit_plural (ds->unit);

  g_string_append_printf (out, "%s\n", ds->title);
  {
    char rate[G_ASCII_DTOSTR_BUF_SIZE];

    g_autofree char *span = strata_format_years (h->first_year, h->years);

    g_ascii_formatd (rate, sizeof rate, "%.3g", h->discount_rate.value * 100);
    /* Translators: the years ("2026–2035"), the number of years, the
     * discount rate in percent, two volumes and the unit */
    g_string_append_printf (out, ngettext ("Roadmap %s (%u year), discount rate %s %% a year, "
                                           "volume %s → %s %s a year",
                                           "Roadmap %s (%u years), discount rate %s %% a year, "
                                           "volume %s → %s %s a year", h->years),
                            span, h->years, rate, v0, vn, units);
    g_string_append_c (out, '\n');
  }
  g_string_append_printf (out, _("Objective: %s"),
                          objective == STRATA_HORIZON_CASH
                          ? _("cash cost (ecosystem value ignored)")
                          : _("effective cost (cash cost less ecosystem value)"));
  g_string_append_c (out, '\n');
  /* Translators: the start strategy's name and its choices */
  g_string_append_printf (out, _("Start (runs today, its capex sunk): %s — %s"),
                          start != NULL ? start->name : h->start, start_choices);
  g_string_append_c (out, '\n');

  for (guint i = 0; i < plans->len; i++)
    {
      const Plan *plan = &g_array_index (plans, Plan, i);
      const StrataStrategy *st = plan->strategy != NULL
                                 ? strata_dataset_find_strategy (ds, plan->strategy) : NULL;

      if (st != NULL)
        {
          g_string_append_c (out, '\n');
          /* Translators: a strategy's name */
          g_string_append_printf (out, _("Adopt %s now"), st->name);
          g_string_append_c (out, '\n');
        }
      else
        g_string_append_printf (out, "\n%s\n", _("Optimal roadmap"));
      print_switches (ds, plan->result, out);
      print_outcome_line (ds, objective, plan->result, out);
      if (plan->mc != NULL)
        print_mc_line (ds, mc, plan->mc, out);
      g_string_append_c (out, '\n');
      print_years (ds, objective, plan->result, out);
    }
}

/* ------------------------------------------------------------------ */

static gboolean
add_plans (const StrataDataset     *ds,
           const char              *filename,
           char                   **ids,
           gboolean                 skip_unadoptable,
           gboolean                 optimal,
           StrataHorizonObjective   objective,
           GArray                  *plans)
{
  g_autofree StrataLayerPlan *lp = g_new0 (StrataLayerPlan, MAX (ds->n_layers, 1));
  g_autofree guint *choices = g_new0 (guint, MAX (ds->n_layers, 1));

  if (optimal)
    {
      g_autoptr(GError) error = NULL;
      Plan plan = { NULL, NULL, NULL };

      if (strata_roadmap_optimal (ds, objective, lp, &error))
        {
          plan.result = strata_plan_evaluate (ds, lp, objective);
          g_array_append_val (plans, plan);
        }
      else if (skip_unadoptable && g_error_matches (error, STRATA_DATASET_ERROR, STRATA_DATASET_ERROR_LIMIT))
        /* Not asked for by name, and beyond the exact search: adopting
         * each strategy now is still worth a report. */
        /* Translators: the dataset's file and why */
        fprintf (stderr, _("%s: note: the optimal roadmap is left out: %s\n"), filename, error->message);
      else
        {
          fprintf (stderr, "%s: error: %s\n", filename, error->message);
          return FALSE;
        }
    }
  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    {
      const StrataStrategy *st = strata_dataset_find_strategy (ds, ids[i]);
      g_autoptr(GError) error = NULL;
      Plan plan = { NULL, NULL, NULL };

      strata_horizon_adopted_choices (ds, st, objective, choices);
      if (!strata_roadmap_adopt (ds, choices, lp, &error) && skip_unadoptable)
        {
          /* Not asked for by name: the others are still worth a report. */
          /* Translators: the dataset's file, a strategy's id and why */
          fprintf (stderr, _("%s: note: %s cannot be adopted now, so it is left out: %s\n"), filename, ids[i],
                   error->message);
          continue;
        }
      if (error != NULL)
        {
          /* Translators: the dataset's file, a strategy's id and why */
          fprintf (stderr, _("%s: error: %s cannot be adopted now: %s\n"), filename, ids[i], error->message);
          return FALSE;
        }
      plan.strategy = st->id;
      plan.result = strata_plan_evaluate (ds, lp, objective);
      g_array_append_val (plans, plan);
    }
  if (plans->len == 0)
    {
      /* Translators: the dataset's file */
      fprintf (stderr, _("%s: error: no plan is left to report\n"), filename);
      return FALSE;
    }
  return TRUE;
}

/* The Monte Carlo of every plan asked, on the same draws; each plan gets
 * its figures. */
static StrataRoadmapMc *
run_monte_carlo (const StrataDataset    *ds,
                 const char             *filename,
                 StrataHorizonObjective  objective,
                 GArray                 *plans,
                 guint                   n_draws,
                 guint64                 seed)
{
  g_autofree const StrataStrategy **strategies = g_new0 (const StrataStrategy *, plans->len + 1);
  StrataRoadmapMcParams params = { 0 };
  g_autoptr(GError) error = NULL;
  StrataCliProgress progress;
  StrataRoadmapMc *mc;

  params.n_draws = n_draws;
  params.seed = seed;
  params.objective = objective;
  for (guint i = 0; i < plans->len; i++)
    {
      const Plan *plan = &g_array_index (plans, Plan, i);

      if (plan->strategy == NULL)
        params.optimal = TRUE;
      else
        strategies[params.n_strategies++] = strata_dataset_find_strategy (ds, plan->strategy);
    }
  params.strategies = strategies;
  /* Its share done on a terminal: the optimal roadmap is solved again in
   * every draw, seconds each on links that couple many layers. */
  _strata_cli_progress_init (&progress, "roadmap");
  params.progress = _strata_cli_progress_cb;
  params.progress_data = &progress;
  mc = strata_roadmap_mc_run (ds, &params, NULL, &error);
  _strata_cli_progress_end (&progress);
  if (mc == NULL)
    {
      fprintf (stderr, "%s: error: %s\n", filename, error->message);
      return NULL;
    }
  for (guint i = 0; i < plans->len; i++)
    {
      Plan *plan = &g_array_index (plans, Plan, i);

      plan->mc = strata_roadmap_mc_find (mc, plan->strategy);
    }
  return mc;
}

static void
clear_plan (gpointer data)
{
  Plan *plan = data;

  g_clear_pointer (&plan->result, strata_plan_result_free);
}

static const char *const roadmap_description = N_(
  "Needs a dataset with a \"horizon\" (MODEL.md section 8).  Every plan starts\n"
  "from the horizon's start strategy (what runs today, its capex sunk).\n"
  "--strategy S adopts S now: every layer that differs decides in the first\n"
  "year.  --optimal finds the roadmap with the least NPV of the objective's cost,\n"
  "exactly: the year each layer should switch, and to what, or never.  With\n"
  "neither, the optimal roadmap and adopting each other strategy now (the\n"
  "optimal roadmap left out, with a note, when it is beyond its exact search).\n"
  "--draws N (or --seed S) adds a Monte Carlo over the uncertain numbers, the\n"
  "horizon's among them: P10/P50/P90 of savings_npv and payback_year and the\n"
  "probability that the savings are positive, each plan on the same draws (the\n"
  "optimal roadmap solved again in every draw).  Payback percentiles are over\n"
  "the draws that pay back, with the share that never do.\n"
  "Exit status: 0 success, 1 the dataset was refused or has no horizon, 2 wrong usage.\n"
  "\n"
  "Examples:\n"
  "  strata-cli roadmap stack.json --optimal\n"
  "  strata-cli roadmap stack.json --strategy all-integrated --objective cash --format json");

/* With neither --strategy nor --optimal: adopting each strategy other
 * than the start and Optimal now, beside the optimal roadmap.  A
 * NULL-terminated array of borrowed ids. */
static GPtrArray *
default_strategies (const StrataDataset *ds)
{
  GPtrArray *defaults = g_ptr_array_new ();

  for (guint k = 0; k < ds->n_strategies; k++)
    if (!g_str_equal (ds->strategies[k].id, ds->horizon->start)
        && !g_str_equal (ds->strategies[k].id, STRATA_STRATEGY_OPTIMAL))
      g_ptr_array_add (defaults, ds->strategies[k].id);
  g_ptr_array_add (defaults, NULL);
  return defaults;
}

int
strata_cli_roadmap (int    argc,
                    char **argv)
{
  g_auto(GStrv) ids = NULL;
  g_autofree char *objective_text = NULL;
  g_autofree char *format_text = NULL;
  g_autofree char *draws_text = NULL;
  g_autofree char *seed_text = NULL;
  g_autoptr(StrataRoadmapMc) mc = NULL;
  guint64 n_draws = STRATA_MONTE_CARLO_DEFAULT_DRAWS, seed = 1;
  gboolean optimal = FALSE;
  GOptionEntry entries[] = {
    { "strategy", 's', 0, G_OPTION_ARG_STRING_ARRAY, &ids,
      N_("Adopt a strategy now (a preset or one of the dataset's); repeatable"), "ID" },
    { "optimal", 0, 0, G_OPTION_ARG_NONE, &optimal,
      N_("The optimal roadmap: when each layer should switch, and to what"), NULL },
    { "objective", 0, 0, G_OPTION_ARG_STRING, &objective_text,
      N_("effective (default: cost less ecosystem value) or cash"), "OBJ" },
    { "draws", 0, 0, G_OPTION_ARG_STRING, &draws_text,
      N_("Monte Carlo: percentiles of the savings and payback over N draws (1 to 1000000; "
         "1000 with --seed alone)"), "N" },
    { "seed", 0, 0, G_OPTION_ARG_STRING, &seed_text,
      N_("Seed of the Monte Carlo's random numbers (0 to 2^53 - 1, default 1)"), "S" },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_text,
      N_("Output format: table (default), csv or json"), "FORMAT" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(StrataDataset) ds = NULL;
  g_autoptr(GArray) plans = g_array_new (FALSE, TRUE, sizeof (Plan));
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GPtrArray) defaults = NULL;
  StrataHorizonObjective objective = STRATA_HORIZON_EFFECTIVE;
  StrataCliFormat format = STRATA_CLI_FORMAT_TABLE;
  int status;

  g_array_set_clear_func (plans, clear_plan);
  context = g_option_context_new (N_("FILE - the decision over years: adopt a strategy now, or the optimal roadmap"));
  /* The context translates its texts and the entries' help. */
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context, roadmap_description);
  if ((status = _strata_cli_parse_options ("roadmap", context, NULL, &argc, &argv)) >= 0)
    return status;
  if (objective_text != NULL)
    {
      if (g_str_equal (objective_text, "cash"))
        objective = STRATA_HORIZON_CASH;
      else if (!g_str_equal (objective_text, "effective"))
        return _strata_cli_usage_error ("roadmap", _("unknown objective “%s”: choose effective or cash"), objective_text);
    }
  if (format_text != NULL && !_strata_cli_parse_format (format_text, &format, &error))
    return _strata_cli_usage_error ("roadmap", "%s", error->message);
  if (draws_text != NULL
      && !g_ascii_string_to_unsigned (draws_text, 10, 1, STRATA_MONTE_CARLO_MAX_DRAWS, &n_draws, NULL))
    return _strata_cli_usage_error ("roadmap", _("--draws takes a whole number from 1 to %u, not “%s”"),
                  STRATA_MONTE_CARLO_MAX_DRAWS, draws_text);
  if (seed_text != NULL
      && !g_ascii_string_to_unsigned (seed_text, 10, 0, (G_GUINT64_CONSTANT (1) << 53) - 1, &seed, NULL))
    return _strata_cli_usage_error ("roadmap", _("--seed takes a whole number from 0 to 2^53 - 1, not “%s”"), seed_text);

  ds = strata_cli_load (argv[1]);
  if (ds == NULL)
    return STRATA_CLI_EXIT_REFUSED;
  if (ds->horizon == NULL)
    {
      /* Translators: %s is the dataset's file; keep the JSON keys as they are */
      fprintf (stderr, _("%s: error: the dataset has no horizon, so there is no roadmap "
                         "(add \"horizon\": {\"first_year\", \"years\", \"discount_rate\", \"volume\"}; "
                         "see the README)\n"), argv[1]);
      return STRATA_CLI_EXIT_REFUSED;
    }
  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    if (_strata_cli_find_strategy_or_complain (ds, "roadmap", ids[i], &status) == NULL)
      return status;

  if (!optimal && (ids == NULL || ids[0] == NULL))
    {
      defaults = default_strategies (ds);
      optimal = TRUE;
    }
  if (!add_plans (ds, argv[1], defaults != NULL ? (char **) defaults->pdata : ids, defaults != NULL,
                  optimal, objective, plans))
    return STRATA_CLI_EXIT_REFUSED;
  if (draws_text != NULL || seed_text != NULL)
    {
      mc = run_monte_carlo (ds, argv[1], objective, plans, (guint) n_draws, seed);
      if (mc == NULL)
        return STRATA_CLI_EXIT_REFUSED;
    }

  switch (format)
    {
    case STRATA_CLI_FORMAT_JSON:
      print_json (ds, objective, mc, plans, out);
      break;
    case STRATA_CLI_FORMAT_CSV:
      print_csv (ds, plans, mc != NULL, out);
      break;
    case STRATA_CLI_FORMAT_TABLE:
    default:
      print_table (ds, objective, mc, plans, out);
      break;
    }
  return _strata_cli_write_stdout (out) ? STRATA_CLI_EXIT_OK : STRATA_CLI_EXIT_REFUSED;
}

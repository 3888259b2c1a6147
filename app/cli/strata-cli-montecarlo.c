/* strata-cli-montecarlo.c: strata-cli montecarlo
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <strata/strata-format.h>
#include <strata/strata-horizon.h>
#include <strata/strata-model.h>
#include <strata/strata-roadmap-mc.h>
#include <strata/strata-uncertainty.h>

#include "strata-cli-private.h"

/* ------------------------------------------------------------------------
 * montecarlo
 * ------------------------------------------------------------------------ */

/* B when --versus is not given: the dataset's first own strategy, else
 * all-integrated, else all-neutral, whichever first differs from A. */
static const StrataStrategy *
default_versus (const StrataDataset  *dataset,
                const StrataStrategy *a)
{
  const StrataStrategy *candidate;

  for (guint i = 0; i < dataset->n_strategies; i++)
    if (!dataset->strategies[i].preset && &dataset->strategies[i] != a)
      return &dataset->strategies[i];
  candidate = strata_dataset_find_strategy (dataset, STRATA_STRATEGY_ALL_INTEGRATED);
  if (candidate != NULL && candidate != a)
    return candidate;
  candidate = strata_dataset_find_strategy (dataset, STRATA_STRATEGY_ALL_NEUTRAL);
  if (candidate != NULL && candidate != a)
    return candidate;
  return a;
}

/* A against B: the odds at each volume and the break-even's percentiles. */
static void
montecarlo_json_breakeven (GString                      *out,
                           const StrataMonteCarloParams *params,
                           const StrataMonteCarlo       *mc)
{
  _strata_cli_append_json_key (out, "cheaper");
  g_string_append (out, "{");
  _strata_cli_append_json_key (out, "a");
  strata_append_json_string (out, params->a->id);
  g_string_append (out, ", ");
  _strata_cli_append_json_key (out, "b");
  strata_append_json_string (out, params->b->id);
  g_string_append (out, ", ");
  _strata_cli_append_json_key (out, "points");
  g_string_append (out, "[");
  for (guint p = 0; p < mc->n_points; p++)
    {
      g_string_append (out, p > 0 ? ",\n    {" : "\n    {");
      _strata_cli_append_json_key (out, "volume");
      _strata_cli_append_json_number (out, mc->volumes[p]);
      g_string_append (out, ", ");
      _strata_cli_append_json_key (out, "probability_a_cheaper");
      _strata_cli_append_json_number (out, mc->probability_a_cheaper[p]);
      g_string_append (out, "}");
    }
  g_string_append (out, "\n  ]},\n  ");

  _strata_cli_append_json_key (out, "breakeven");
  g_string_append (out, "{");
  _strata_cli_append_json_key (out, "p10");
  _strata_cli_append_json_number_or_null (out, mc->breakeven_p10);
  g_string_append (out, ", ");
  _strata_cli_append_json_key (out, "p50");
  _strata_cli_append_json_number_or_null (out, mc->breakeven_p50);
  g_string_append (out, ", ");
  _strata_cli_append_json_key (out, "p90");
  _strata_cli_append_json_number_or_null (out, mc->breakeven_p90);
  g_string_append (out, ", ");
  _strata_cli_append_json_key (out, "no_crossing_share");
  _strata_cli_append_json_number (out, mc->no_crossing_share);
  g_string_append (out, "},\n  ");
}

/* {"@key": "@id", "probability": [one per volume]}: the @n_points values
 * @stride apart from @values. */
static void
append_probabilities_json (GString      *out,
                           gboolean      first,
                           const char   *key,
                           const char   *id,
                           const double *values,
                           gsize         stride,
                           guint         n_points)
{
  g_string_append (out, first ? "\n    {" : ",\n    {");
  _strata_cli_append_json_key (out, key);
  strata_append_json_string (out, id);
  g_string_append (out, ", ");
  _strata_cli_append_json_key (out, "probability");
  g_string_append (out, "[");
  for (guint p = 0; p < n_points; p++)
    {
      if (p > 0)
        g_string_append (out, ", ");
      _strata_cli_append_json_number (out, values[(gsize) p * stride]);
    }
  g_string_append (out, "]}");
}

/* The json's long parts are written in pieces, one strategy's results
 * or one list of probabilities each, by up to two threads (formatting
 * the numbers is most of a large run's output), then joined in order:
 * the same text as writing them one after another. */
typedef struct
{
  const StrataDataset          *dataset;
  const StrataMonteCarloParams *params;
  const StrataMonteCarlo       *mc;
  const char                  **volumes;  /* each volume formatted once */
  GString                     **pieces;   /* n_strategies results, n_strategies odds, n_layers */
  guint                         n_pieces;
  gint                          next;     /* atomic */
} JsonJob;

static void
json_results_piece (const JsonJob *job,
                    guint          s,
                    GString       *out)
{
  const StrataMonteCarlo *mc = job->mc;
  char buf[STRATA_NUMBER_BUF_SIZE];

  for (guint p = 0; p < mc->n_points; p++)
    {
      gsize i = (gsize) s * mc->n_points + p;

      g_string_append (out, s + p > 0 ? ",\n    {" : "\n    {");
      _strata_cli_append_json_key (out, "strategy");
      strata_append_json_string (out, job->params->strategies[s]->id);
      g_string_append (out, ", ");
      _strata_cli_append_json_key (out, "volume");
      g_string_append (out, job->volumes[p]);
      g_string_append (out, ", ");
      _strata_cli_append_json_key (out, "p10");
      g_string_append (out, strata_format_json_number (mc->p10[i], buf));
      g_string_append (out, ", ");
      _strata_cli_append_json_key (out, "p50");
      g_string_append (out, strata_format_json_number (mc->p50[i], buf));
      g_string_append (out, ", ");
      _strata_cli_append_json_key (out, "p90");
      g_string_append (out, strata_format_json_number (mc->p90[i], buf));
      g_string_append (out, "}");
    }
}

/* P(A cheaper than each strategy), and per layer the share of draws in
 * which the optimum integrates it. */
static void
json_piece (const JsonJob *job,
            guint          i)
{
  const StrataMonteCarlo *mc = job->mc;
  guint n = mc->n_strategies;
  GString *out = job->pieces[i] = g_string_sized_new (i < n ? 160 * mc->n_points
                                                            : 24 * mc->n_points);

  if (i < n)
    json_results_piece (job, i, out);
  else if (i < 2 * n)
    append_probabilities_json (out, i == n, "strategy", job->params->strategies[i - n]->id,
                               &mc->probability_cheaper[(gsize) (i - n) * mc->n_points], 1,
                               mc->n_points);
  else
    append_probabilities_json (out, i == 2 * n, "layer", job->dataset->layers[i - 2 * n].id,
                               &mc->layer_integrated[i - 2 * n], mc->n_layers, mc->n_points);
}

static gpointer
json_worker (gpointer data)
{
  JsonJob *job = data;

  for (;;)
    {
      gint i = g_atomic_int_add (&job->next, 1);

      if (i < 0 || (guint) i >= job->n_pieces)
        break;
      json_piece (job, (guint) i);
    }
  return NULL;
}

/* Every piece of @job, on two threads when there are two processors. */
static void
json_pieces (JsonJob *job)
{
  GThread *helper = NULL;

  if (g_get_num_processors () > 1 && job->n_pieces > 1)
    helper = g_thread_new ("strata-json", json_worker, job);
  json_worker (job);
  if (helper != NULL)
    g_thread_join (helper);
}

static void
print_montecarlo_json (const StrataDataset          *dataset,
                       const StrataMonteCarloParams *params,
                       const StrataMonteCarlo       *mc,
                       GString                      *out)
{
  guint n = mc->n_strategies;
  g_autofree char *volume_text = g_new (char, (gsize) mc->n_points * STRATA_NUMBER_BUF_SIZE);
  g_autofree const char **volumes = g_new (const char *, mc->n_points);
  g_autofree GString **pieces = g_new0 (GString *, 2 * n + mc->n_layers);
  JsonJob job = { dataset, params, mc, volumes, pieces, 2 * n + mc->n_layers, 0 };

  for (guint p = 0; p < mc->n_points; p++)
    volumes[p] = strata_format_json_number (mc->volumes[p],
                                            &volume_text[(gsize) p * STRATA_NUMBER_BUF_SIZE]);
  json_pieces (&job);

  g_string_append (out, "{\n  ");
  _strata_cli_append_json_key (out, "dataset");
  strata_append_json_string (out, dataset->title);
  g_string_append (out, ",\n  ");
  _strata_cli_append_json_key (out, "draws");
  g_string_append_printf (out, "%u", mc->n_draws);
  g_string_append (out, ",\n  ");
  _strata_cli_append_json_key (out, "seed");
  g_string_append_printf (out, "%" G_GUINT64_FORMAT, mc->seed);
  g_string_append (out, ",\n  ");
  _strata_cli_append_json_key (out, "uncertain_numbers");
  g_string_append_printf (out, "%u", mc->n_uncertain);
  g_string_append (out, ",\n  ");
  _strata_cli_append_json_key (out, "objective");
  strata_append_json_string (out, strata_objective_to_string (mc->objective));
  g_string_append (out, ",\n  ");
  _strata_cli_append_json_key (out, "results");
  g_string_append (out, "[");
  for (guint i = 0; i < job.n_pieces; i++)
    {
      if (i == n)
        {
          g_string_append (out, "\n  ],\n  ");
          montecarlo_json_breakeven (out, params, mc);
          _strata_cli_append_json_key (out, "a_cheaper_than");
          g_string_append (out, "[");
        }
      else if (i == 2 * n)
        {
          g_string_append (out, "\n  ],\n  ");
          _strata_cli_append_json_key (out, "optimal_integrates");
          g_string_append (out, "[");
        }
      g_string_append_len (out, pieces[i]->str, pieces[i]->len);
      g_string_free (pieces[i], TRUE);
    }
  g_string_append (out, "\n  ]\n}\n");
}

static void
print_montecarlo_csv (const StrataMonteCarloParams *params,
                      const StrataMonteCarlo       *mc,
                      GString                      *out)
{
  g_string_append_printf (out, "strategy,volume,p10,p50,p90,probability_a_cheaper%s",
                          _strata_cli_csv_row_end ());
  for (guint s = 0; s < mc->n_strategies; s++)
    for (guint p = 0; p < mc->n_points; p++)
      {
        gsize i = (gsize) s * mc->n_points + p;

        _strata_cli_append_csv_field (out, params->strategies[s]->id);
        g_string_append_c (out, ',');
        _strata_cli_append_csv_number (out, mc->volumes[p]);
        g_string_append_c (out, ',');
        _strata_cli_append_csv_number (out, mc->p10[i]);
        g_string_append_c (out, ',');
        _strata_cli_append_csv_number (out, mc->p50[i]);
        g_string_append_c (out, ',');
        _strata_cli_append_csv_number (out, mc->p90[i]);
        g_string_append_c (out, ',');
        /* The odds of A against B, on A's rows. */
        if (params->strategies[s] == params->a)
          _strata_cli_append_csv_number (out, mc->probability_a_cheaper[p]);
        g_string_append (out, _strata_cli_csv_row_end ());
      }
}

static char *
format_spread (double               p10,
               double               p50,
               double               p90,
               const StrataDataset *dataset)
{
  g_autofree char *mid = strata_format_money (p50, dataset->currency);
  g_autofree char *lo = NULL;
  g_autofree char *hi = NULL;

  if (p10 == p90)
    return g_steal_pointer (&mid);
  lo = strata_format_money (p10, dataset->currency);
  hi = strata_format_money (p90, dataset->currency);
  return g_strdup_printf ("%s (%s–%s)", mid, lo, hi);
}

/* Per volume, the share of draws whose optimum integrates each layer
 * (the integration ladder with odds). */
static void
print_montecarlo_layers (const StrataDataset    *dataset,
                         const StrataMonteCarlo *mc,
                         GString                *out)
{
  g_autoptr(StrataCliTable) table = _strata_cli_table_new (mc->n_layers + 1);
  g_autoptr(GPtrArray) header = g_ptr_array_new_with_free_func (g_free);

  g_string_append_printf (out, "\n%s\n\n", _("Share of draws in which the optimum integrates each layer:"));
  g_ptr_array_add (header, g_strdup (_("Volume")));
  for (guint l = 0; l < mc->n_layers; l++)
    g_ptr_array_add (header, g_strdup (dataset->layers[l].name));
  for (guint c = 0; c < mc->n_layers + 1; c++)
    _strata_cli_table_align_right (table, c);
  _strata_cli_table_add_row (table, (const char *const *) header->pdata);
  for (guint p = 0; p < mc->n_points; p++)
    {
      g_autoptr(GPtrArray) row = g_ptr_array_new_with_free_func (g_free);

      g_ptr_array_add (row, strata_format_volume (mc->volumes[p]));
      for (guint l = 0; l < mc->n_layers; l++)
        g_ptr_array_add (row, strata_format_percent (mc->layer_integrated[(gsize) p * mc->n_layers + l]));
      _strata_cli_table_add_row (table, (const char *const *) row->pdata);
    }
  _strata_cli_table_render (table, "", out);
}

static void
print_montecarlo_table (const StrataDataset          *dataset,
                        const StrataMonteCarloParams *params,
                        const StrataMonteCarlo       *mc,
                        GString                      *out)
{
  g_autoptr(StrataCliTable) table = _strata_cli_table_new (mc->n_strategies + 2);
  g_autoptr(GPtrArray) header = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *range = _strata_cli_format_range (dataset);
  g_autofree char *per_unit = NULL;

  _strata_cli_append_table_header (out, dataset);
  {
    g_autofree char *draws = g_strdup_printf (ngettext ("%u draw", "%u draws", mc->n_draws), mc->n_draws);
    g_autofree char *numbers = g_strdup_printf (ngettext ("%u uncertain number", "%u uncertain numbers",
                                                          mc->n_uncertain),
                                                mc->n_uncertain);
    g_autofree char *seed = g_strdup_printf ("%" G_GUINT64_FORMAT, mc->seed);

    /* Translators: "2000 draws", the seed, "12 uncertain numbers" */
    g_string_append_printf (out, _("Monte Carlo: %s, seed %s, %s drawn from triangular (low, value, high) distributions"),
                            draws, seed, numbers);
    g_string_append_c (out, '\n');
  }
  if (mc->n_uncertain == 0 && strata_horizon_has_uncertain (dataset))
    g_string_append_printf (out, "%s\n", _("No uncertain number moves the unit costs (the dataset's are in its "
                                           "horizon): every draw is the same, so P10 = P50 = P90."));
  else if (mc->n_uncertain == 0)
    g_string_append_printf (out, "%s\n", _("This dataset has no uncertain numbers: every draw is the same, "
                                           "so P10 = P50 = P90."));
  per_unit = strata_format_unit_singular (dataset->unit);
  g_string_append_c (out, '\n');
  /* Translators: what the table shows, then the currency and the unit, e.g.
   * "…, P50 (P10–P90), in USD per order:" */
  g_string_append_printf (out, _("%s, P50 (P10–P90), in %s per %s:"),
                          mc->objective == STRATA_OBJECTIVE_CASH
                          ? _("Unit cost (objective: cash, ecosystem value not counted)")
                          : _("Effective unit cost (objective: effective, cost less ecosystem value)"),
                          dataset->currency, per_unit);
  g_string_append (out, "\n\n");

  g_ptr_array_add (header, g_strdup (_("Volume")));
  for (guint s = 0; s < mc->n_strategies; s++)
    g_ptr_array_add (header, g_strdup (params->strategies[s]->name));
  /* Translators: %s is a strategy id */
  g_ptr_array_add (header, g_strdup_printf (_("P(%s cheaper)"), params->a->id));
  for (guint c = 0; c < mc->n_strategies + 2; c++)
    _strata_cli_table_align_right (table, c);
  _strata_cli_table_add_row (table, (const char *const *) header->pdata);

  for (guint p = 0; p < mc->n_points; p++)
    {
      g_autoptr(GPtrArray) row = g_ptr_array_new_with_free_func (g_free);

      g_ptr_array_add (row, strata_format_volume (mc->volumes[p]));
      for (guint s = 0; s < mc->n_strategies; s++)
        {
          gsize i = (gsize) s * mc->n_points + p;

          g_ptr_array_add (row, format_spread (mc->p10[i], mc->p50[i], mc->p90[i], dataset));
        }
      g_ptr_array_add (row, strata_format_chance (mc->probability_a_cheaper[p]));
      _strata_cli_table_add_row (table, (const char *const *) row->pdata);
    }
  _strata_cli_table_render (table, "", out);

  print_montecarlo_layers (dataset, mc, out);

  g_string_append_c (out, '\n');
  /* Translators: A's id, A's name, A's id, B's name, B's id */
  g_string_append_printf (out, _("P(%s cheaper): share of draws in which %s (%s) costs less than %s (%s)."),
                          params->a->id, params->a->name, params->a->id,
                          params->b->name, params->b->id);
  g_string_append_c (out, '\n');
  if (mc->n_crossing_draws == 0)
    {
      /* Translators: two strategy ids and the volume range */
      g_string_append_printf (out, _("Break-even of %s and %s: no draw crosses in %s."),
                              params->a->id, params->b->id, range);
      g_string_append_c (out, '\n');
    }
  else
    {
      g_autofree char *p10 = strata_format_volume (mc->breakeven_p10);
      g_autofree char *p50 = strata_format_volume (mc->breakeven_p50);
      g_autofree char *p90 = strata_format_volume (mc->breakeven_p90);
      g_autofree char *units = strata_format_unit_plural (dataset->unit);
      g_autofree char *share = strata_format_percent (mc->no_crossing_share);

      /* Translators: two strategy ids, the volume range, the unit, three
       * volumes and a percentage */
      g_string_append_printf (out, _("First break-even of %s and %s in %s (%s per year): "
                                     "P10 %s, P50 %s, P90 %s; %s of draws never cross."),
                              params->a->id, params->b->id, range, units,
                              p10, p50, p90, share);
      g_string_append_c (out, '\n');
    }
}

/* The horizon's Monte Carlo (MODEL.md 8) of a montecarlo command: its
 * run of the optimal roadmap and of adopting each of @strategies now but
 * the start (and any whose adoption now is not a roadmap: a note on
 * stderr), or NULL (a note on stderr; section 6's figures stand
 * without it). */
static StrataRoadmapMc *
horizon_run (const StrataDataset         *dataset,
             const char                  *filename,
             const StrataStrategy *const *strategies,
             guint                        n_strategies,
             guint                        draws,
             guint64                      seed,
             gboolean                     cash,
             StrataProgressFunc           progress,
             gpointer                     progress_data)
{
  g_autofree const StrataStrategy **adopt = g_new0 (const StrataStrategy *, n_strategies + 1);
  StrataRoadmapMcParams params = { 0 };
  g_autoptr(GError) error = NULL;
  StrataRoadmapMc *mc;

  params.objective = cash ? STRATA_HORIZON_CASH : STRATA_HORIZON_EFFECTIVE;
  for (guint i = 0; i < n_strategies; i++)
    {
      g_autoptr(GError) why = NULL;

      if (g_str_equal (strategies[i]->id, dataset->horizon->start))
        continue;
      /* Adopting it now is not a roadmap (an option takes longer to
       * build than the horizon): the others are still worth a report,
       * as strata-cli roadmap leaves it out of its default plans. */
      if (!strata_plan_can_adopt (dataset, strategies[i], params.objective, &why))
        {
          /* Translators: the dataset's file, a strategy's id and why */
          fprintf (stderr, _("%s: note: %s cannot be adopted now, so it is left out: %s\n"),
                   filename, strategies[i]->id, why->message);
          continue;
        }
      adopt[params.n_strategies++] = strategies[i];
    }
  params.n_draws = draws;
  params.seed = seed;
  params.optimal = TRUE;
  params.strategies = adopt;
  params.progress = progress;
  params.progress_data = progress_data;
  mc = strata_roadmap_mc_run (dataset, &params, NULL, &error);
  if (mc == NULL && params.n_strategies > 0 &&
      g_error_matches (error, STRATA_DATASET_ERROR, STRATA_DATASET_ERROR_LIMIT))
    {
      /* The optimal roadmap is beyond its exact search: adopting each
       * strategy now is still worth a report, as strata-cli roadmap
       * leaves it out of its default plans.  Translators: the dataset's
       * file and why */
      fprintf (stderr, _("%s: note: the optimal roadmap is left out: %s\n"), filename, error->message);
      g_clear_error (&error);
      params.optimal = FALSE;
      mc = strata_roadmap_mc_run (dataset, &params, NULL, &error);
    }
  if (mc == NULL)
    /* Section 6's figures stand without it.  Translators: the
     * dataset's file and why */
    fprintf (stderr, _("%s: note: the horizon's Monte Carlo is left out: %s\n"), filename,
             error->message);
  return mc;
}

static void
horizon_json (const StrataDataset   *dataset,
              const StrataRoadmapMc *mc,
              GString               *out)
{
  const StrataHorizon *h = dataset->horizon;

  g_string_append (out, "\"objective\": ");
  strata_append_json_string (out, strata_horizon_objective_to_string (mc->objective));
  g_string_append (out, ", \"start\": ");
  strata_append_json_string (out, h->start);
  g_string_append_printf (out, ", \"first_year\": %d, \"years\": %u, \"uncertain_numbers\": %u, "
                               "\"plans\": [", h->first_year, h->years, mc->n_uncertain);
  for (guint p = 0; p < mc->n_plans; p++)
    {
      g_string_append (out, p > 0 ? ",\n    {" : "\n    {");
      if (mc->plans[p].strategy_id == NULL)
        g_string_append (out, "\"optimal\": true");
      else
        {
          g_string_append (out, "\"strategy\": ");
          strata_append_json_string (out, mc->plans[p].strategy_id);
        }
      _strata_cli_append_roadmap_mc_json (out, &mc->plans[p]);
      g_string_append (out, "}");
    }
  g_string_append (out, "]");
}

/* One plan's row of horizon_table (): its name and four figures. */
static void
horizon_row (const StrataDataset       *dataset,
             const StrataRoadmapMcPlan *plan,
             StrataCliTable            *table)
{
  const StrataStrategy *st = plan->strategy_id != NULL
                             ? strata_dataset_find_strategy (dataset, plan->strategy_id) : NULL;
  g_autofree char *name = st != NULL ? g_strdup_printf (_("Adopt %s now"), st->name)
                                     : g_strdup (_("Optimal roadmap"));
  g_autofree char *p10 = strata_format_money_si (plan->savings_p10, dataset->currency);
  g_autofree char *p50 = strata_format_money_si (plan->savings_p50, dataset->currency);
  g_autofree char *p90 = strata_format_money_si (plan->savings_p90, dataset->currency);
  g_autofree char *savings = g_strdup_printf ("%s (%s – %s)", p50, p10, p90);
  g_autofree char *positive = strata_format_share (plan->positive_share);
  g_autofree char *y10 = plan->n_payback_draws > 0 ? _strata_cli_year_text (plan->payback_p10) : NULL;
  g_autofree char *y50 = plan->n_payback_draws > 0 ? _strata_cli_year_text (plan->payback_p50) : NULL;
  g_autofree char *y90 = plan->n_payback_draws > 0 ? _strata_cli_year_text (plan->payback_p90) : NULL;
  g_autofree char *payback = plan->n_payback_draws > 0
                             ? g_strdup_printf ("%s (%s–%s)", y50, y10, y90) : g_strdup (_("never"));
  g_autofree char *never = strata_format_share (plan->no_payback_share);
  const char *cells[] = { name, savings, positive, payback, never };
  const char *none[] = { name, "—", "—", "—", "—" };

  /* Adopting Optimal now, not a roadmap in any draw: no figures. */
  _strata_cli_table_add_row (table, plan->not_roadmap_share >= 1 ? none : cells);
}

static void
horizon_table (const StrataDataset   *dataset,
               const StrataRoadmapMc *mc,
               gboolean               cash,
               GString               *out)
{
  const StrataHorizon *h = dataset->horizon;
  const StrataStrategy *start = strata_dataset_find_strategy (dataset, h->start);
  g_autoptr(StrataCliTable) table = _strata_cli_table_new (5);
  const char *header[] = { _("Plan"), _("Savings (NPV) P50 (P10–P90)"), _("P(savings > 0)"),
                           _("Pays back P50 (P10–P90)"), _("Never pays back") };
  g_autofree char *numbers = g_strdup_printf (ngettext ("%u uncertain number", "%u uncertain numbers",
                                                        mc->n_uncertain),
                                              mc->n_uncertain);
  g_autofree char *span = strata_format_years (h->first_year, h->years);

  g_string_append_c (out, '\n');
  /* Translators: the years ("2026–2035"), the start strategy's name, the
   * cost ("cash cost" or "effective cost"), "12 uncertain numbers" */
  if (strata_roadmap_mc_find (mc, NULL) != NULL)
    g_string_append_printf (out, _("Over the horizon %s, against %s (the plan running today), "
                                   "NPV of the %s; the optimal roadmap solved again in every draw, "
                                   "%s:"),
                            span, start != NULL ? start->name : h->start,
                            cash ? _("cash cost") : _("effective cost"), numbers);
  else
    /* The optimal roadmap left out (beyond its exact search).
     * Translators: the years ("2026–2035"), the start strategy's name,
     * the cost ("cash cost" or "effective cost"), "12 uncertain numbers" */
    g_string_append_printf (out, _("Over the horizon %s, against %s (the plan running today), "
                                   "NPV of the %s, %s:"),
                            span, start != NULL ? start->name : h->start,
                            cash ? _("cash cost") : _("effective cost"), numbers);
  g_string_append (out, "\n\n");
  _strata_cli_table_add_row (table, header);
  for (guint c = 1; c < 5; c++)
    _strata_cli_table_align_right (table, c);
  for (guint p = 0; p < mc->n_plans; p++)
    horizon_row (dataset, &mc->plans[p], table);
  _strata_cli_table_render (table, "", out);
  g_string_append_printf (out, "%s\n", _("Payback years are over the draws that pay back; a percentile may fall between two years."));
  for (guint p = 0; p < mc->n_plans; p++)
    if (mc->plans[p].not_roadmap_share > 0)
      {
        const StrataStrategy *st = strata_dataset_find_strategy (dataset, mc->plans[p].strategy_id);
        g_autofree char *share = strata_format_share (mc->plans[p].not_roadmap_share);

        /* Translators: a strategy's name, a share of the draws */
        g_string_append_printf (out, _("Adopt %s now is not a roadmap in %s of the draws (their optimum "
                                       "runs an option that takes longer to build than the horizon): "
                                       "its figures are over the others."),
                                st != NULL ? st->name : mc->plans[p].strategy_id, share);
        g_string_append_c (out, '\n');
      }
}

/* The horizon's Monte Carlo (MODEL.md 8) of a montecarlo command, run in
 * a thread of its own beside section 6's run and printing: both are
 * parallel already, but each has stretches on one processor (the
 * start, the printing) that the other fills. */
typedef struct
{
  const StrataDataset         *dataset;
  const char                  *filename;
  const StrataMonteCarloParams *params;
  gboolean                     json;
  GString                     *out;    /* what it appends to the command's output */
  gboolean                     ok;
} HorizonJob;

/* The share done of section 6's run and of the horizon's, told as one
 * (their mean while both run): the horizon's can take far longer (the
 * optimal roadmap solved again in every draw). */
typedef struct
{
  StrataCliProgress *progress;
  gint               permille[2];  /* (atomic) section 6's, the horizon's */
  gboolean           both;
} BothProgress;

static void
both_progress_report (BothProgress *both,
                      guint         part,
                      double        fraction)
{
  int p = (int) (CLAMP (fraction, 0.0, 1.0) * 1000);

  /* Never back (the horizon's run starts again without the optimal
   * roadmap when that is beyond its exact search). */
  if (p > g_atomic_int_get (&both->permille[part]))
    g_atomic_int_set (&both->permille[part], p);
  _strata_cli_progress_cb (both->both ? (g_atomic_int_get (&both->permille[0]) +
                                         g_atomic_int_get (&both->permille[1])) / 2000.0
                                      : g_atomic_int_get (&both->permille[0]) / 1000.0,
                           both->progress);
}

static void
horizon_progress_cb (double   fraction,
                     gpointer data)
{
  both_progress_report (data, 1, fraction);
}

typedef struct
{
  HorizonJob   *job;
  BothProgress *both;
} HorizonThread;

/* The horizon's section after section 6's output @out: a "horizon"
 * member in json, a section of the table.  Without the horizon's run (it
 * said why on stderr), section 6's figures stand alone. */
static void
horizon_output (const HorizonJob *horizon,
                GString          *out)
{
  if (!horizon->ok)
    return;
  if (horizon->json)
    {
      g_assert (g_str_has_suffix (out->str, "\n}\n"));
      g_string_truncate (out, out->len - 3);
      g_string_append (out, ",\n  \"horizon\": {");
    }
  g_string_append_len (out, horizon->out->str, horizon->out->len);
  if (horizon->json)
    g_string_append (out, "}\n}\n");
}

static gpointer
horizon_thread (gpointer data)
{
  HorizonThread *t = data;
  HorizonJob *job = t->job;
  gboolean cash = job->params->objective == STRATA_OBJECTIVE_CASH;
  g_autoptr(StrataRoadmapMc) mc = horizon_run (job->dataset, job->filename, job->params->strategies,
                                               job->params->n_strategies, job->params->n_draws,
                                               job->params->seed, cash, horizon_progress_cb, t->both);

  /* Appended to the command's output as a table section or (json) the
   * members of a "horizon" object. */
  job->ok = mc != NULL;
  if (mc != NULL && job->json)
    horizon_json (job->dataset, mc, job->out);
  else if (mc != NULL)
    horizon_table (job->dataset, mc, cash, job->out);
  /* Done, or given up (a note said why). */
  both_progress_report (t->both, 1, 1.0);
  return NULL;
}

static void
montecarlo_progress_cb (const StrataMonteCarlo *estimate,
                        double                  fraction,
                        gpointer                data)
{
  both_progress_report (data, 0, fraction);
}

int
_strata_cli_run_montecarlo (CliOptions *options,
                            const char *filename)
{
  g_autoptr(StrataDataset) dataset = NULL;
  g_autoptr(StrataMonteCarlo) mc = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GPtrArray) strategies = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  StrataMonteCarloParams params;
  int status = STRATA_CLI_EXIT_OK;
  HorizonJob horizon = { 0 };
  BothProgress both = { NULL, { 0, 0 }, FALSE };
  HorizonThread horizon_data = { &horizon, &both };
  g_autoptr(GString) hout = NULL;
  g_autoptr(GThread) thread = NULL;
  StrataCliProgress progress;

  dataset = strata_cli_load (filename);
  if (dataset == NULL)
    return STRATA_CLI_EXIT_REFUSED;

  for (guint i = 0; i < options->selectors->len; i++)
    {
      const Selector *selector = g_ptr_array_index (options->selectors, i);
      const StrataStrategy *strategy =
        _strata_cli_find_strategy_or_complain (dataset, "montecarlo", selector->text, &status);

      if (strategy == NULL)
        return status;
      g_ptr_array_add (strategies, (gpointer) strategy);
    }
  if (strategies->len == 0)
    for (guint i = 0; i < dataset->n_strategies; i++)
      g_ptr_array_add (strategies, &dataset->strategies[i]);

  strata_monte_carlo_params_init (&params, dataset);
  params.n_draws = options->draws;
  params.seed = options->seed;
  params.n_points = options->mc_points;
  params.objective = options->objective;
  params.strategies = (const StrataStrategy *const *) strategies->pdata;
  params.n_strategies = strategies->len;
  if (options->selectors->len > 0)
    params.a = g_ptr_array_index (strategies, 0);
  if (options->versus != NULL)
    {
      params.b = _strata_cli_find_strategy_or_complain (dataset, "montecarlo", options->versus, &status);
      if (params.b == NULL)
        return status;
    }
  else
    params.b = default_versus (dataset, params.a);

  /* Its share done on a terminal; set before the horizon's thread
   * starts reading params. */
  _strata_cli_progress_init (&progress, "montecarlo");
  both.progress = &progress;
  params.progress = montecarlo_progress_cb;
  params.progress_data = &both;

  /* With a horizon, the same draws over the years (MODEL.md 8): a
   * "horizon" member in json, a section of the table (strata-cli roadmap
   * --draws has them by year, in csv too), computed while section 6 runs
   * once section 6 is sure to run (no message of its own otherwise). */
  horizon.dataset = dataset;
  horizon.filename = filename;
  horizon.params = &params;
  horizon.json = options->format == STRATA_CLI_FORMAT_JSON;
  if (dataset->horizon != NULL && options->format != STRATA_CLI_FORMAT_CSV &&
      strata_monte_carlo_check (dataset, &params, NULL))
    {
      horizon.out = hout = g_string_new (NULL);
      both.both = TRUE;
      thread = g_thread_new ("strata-horizon", horizon_thread, &horizon_data);
    }

  mc = strata_monte_carlo_run (dataset, &params, NULL, &error);
  if (mc == NULL)
    {
      if (thread != NULL)
        g_thread_join (g_steal_pointer (&thread));
      _strata_cli_progress_end (&progress);
      /* Only the size of the run can be refused here: wrong usage. */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT))
        return _strata_cli_usage_error ("montecarlo", "%s", error->message);
      fprintf (stderr, "strata-cli montecarlo: error: %s: %s\n", filename, error->message);
      return STRATA_CLI_EXIT_REFUSED;
    }

  switch (options->format)
    {
    case STRATA_CLI_FORMAT_JSON:
      print_montecarlo_json (dataset, &params, mc, out);
      break;
    case STRATA_CLI_FORMAT_CSV:
      print_montecarlo_csv (&params, mc, out);
      break;
    case STRATA_CLI_FORMAT_TABLE:
    default:
      print_montecarlo_table (dataset, &params, mc, out);
      break;
    }

  if (thread != NULL)
    g_thread_join (g_steal_pointer (&thread));
  _strata_cli_progress_end (&progress);
  if (hout != NULL)
    horizon_output (&horizon, out);
  return _strata_cli_write_stdout (out) ? STRATA_CLI_EXIT_OK : STRATA_CLI_EXIT_REFUSED;
}

/* strata-cli-evaluate.c: strata-cli evaluate
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
#include <strata/strata-model.h>
#include <strata/strata-uncertainty.h>

#include "strata-cli-private.h"

/* ------------------------------------------------------------------------
 * evaluate
 * ------------------------------------------------------------------------ */

typedef struct
{
  const StrataStrategy *strategy;   /* borrowed, or &custom */
  StrataStrategy        custom;     /* --choices: id "custom" */
} Target;

static void
target_free (gpointer data)
{
  Target *target = data;

  g_free (target->custom.choices);
  g_free (target);
}

/* Builds a strategy from "layer=option,…"; every other layer takes its first
 * option (MODEL.md 2). */
static Target *
target_from_choices (const StrataDataset *dataset,
                     const char          *text,
                     int                 *status)
{
  g_autoptr(GString) known = g_string_new (NULL);
  g_auto(GStrv) pairs = g_strsplit (text, ",", -1);
  Target *target = g_new0 (Target, 1);

  target->custom.id = (char *) CUSTOM_STRATEGY_ID;
  target->custom.name = (char *) "Custom";
  target->custom.choices = g_new0 (guint, dataset->n_layers);
  target->strategy = &target->custom;

  for (guint i = 0; pairs[i] != NULL; i++)
    {
      char **kv = g_strsplit (pairs[i], "=", 2);
      int layer = strata_dataset_find_layer (dataset, kv[0]);
      int option;

      g_string_truncate (known, 0);
      if (layer < 0)
        {
          for (guint l = 0; l < dataset->n_layers; l++)
            g_string_append_printf (known, "%s%s", l > 0 ? ", " : "", dataset->layers[l].id);
          *status = _strata_cli_usage_error ("evaluate",
                                             _("--choices: unknown layer “%s” (layers: %s)"),
                                             kv[0], known->str);
          g_strfreev (kv);
          target_free (target);
          return NULL;
        }

      option = strata_dataset_find_option (dataset, (guint) layer, kv[1]);
      if (option < 0)
        {
          const StrataLayer *l = &dataset->layers[layer];

          for (guint o = 0; o < l->n_options; o++)
            g_string_append_printf (known, "%s%s", o > 0 ? ", " : "", l->options[o].id);
          *status = _strata_cli_usage_error ("evaluate",
                                             _("--choices: layer “%s” has no option “%s” "
                                               "(options: %s)"), kv[0], kv[1], known->str);
          g_strfreev (kv);
          target_free (target);
          return NULL;
        }

      target->custom.choices[layer] = (guint) option;
      g_strfreev (kv);
    }

  return target;
}

typedef struct
{
  const Target  *target;
  double         volume;
  guint         *choices;   /* (owned) */
  StrataOutcome  outcome;
} Result;

static void
result_clear (gpointer data)
{
  Result *result = data;

  g_free (result->choices);
}

static void
print_evaluate_json (const StrataDataset *dataset,
                     StrataObjective      objective,
                     GArray              *results,
                     GString             *out)
{
  _strata_cli_append_json_opening (out, dataset, objective);
  _strata_cli_append_json_key (out, "results");
  g_string_append (out, "[");

  for (guint i = 0; i < results->len; i++)
    {
      const Result *r = &g_array_index (results, Result, i);
      const StrataOutcome *o = &r->outcome;
      const struct { const char *key; double value; } keys[] = {
        { "unit_cost", o->unit_cost },
        { "ecosystem_value", o->ecosystem_value },
        { "effective_unit_cost", o->effective_unit_cost },
        { "annual_cost", o->annual_cost },
        { "supplier_margin", o->supplier_margin },
        { "capital_at_risk", o->capital_at_risk },
        { "supplier_share", o->supplier_share },
        { "latency_ms", o->latency_ms },
        { "unit_profit", o->unit_profit },
        { "annual_profit", o->annual_profit },
        { "effective_unit_profit", o->effective_unit_profit },
      };
      /* The profit keys only when the dataset has a price. */
      guint n_keys = o->has_profit ? G_N_ELEMENTS (keys) : G_N_ELEMENTS (keys) - 3;

      g_string_append (out, i > 0 ? ",\n    {" : "\n    {");
      _strata_cli_append_json_key (out, "strategy");
      strata_append_json_string (out, r->target->strategy->id);
      g_string_append (out, ", ");
      _strata_cli_append_json_key (out, "choices");
      _strata_cli_append_choices_json (out, dataset, r->choices);
      g_string_append (out, ", ");
      _strata_cli_append_json_key (out, "volume");
      _strata_cli_append_json_number (out, r->volume);
      for (guint k = 0; k < n_keys; k++)
        {
          g_string_append (out, ", ");
          _strata_cli_append_json_key (out, keys[k].key);
          _strata_cli_append_json_number (out, keys[k].value);
        }
      g_string_append (out, "}");
    }

  g_string_append (out, results->len > 0 ? "\n  ]\n}\n" : "]\n}\n");
}

static void
print_evaluate_csv (const StrataDataset *dataset,
                    StrataObjective      objective,
                    GArray              *results,
                    GString             *out)
{
  gboolean has_profit = dataset->has_price;

  g_string_append (out, "strategy,choices,volume,unit_cost,ecosystem_value,"
                        "effective_unit_cost,annual_cost,supplier_margin,capital_at_risk,"
                        "supplier_share,latency_ms");
  if (has_profit)
    g_string_append (out, ",unit_profit,annual_profit,effective_unit_profit");
  g_string_append (out, ",objective");
  g_string_append (out, _strata_cli_csv_row_end ());

  for (guint i = 0; i < results->len; i++)
    {
      const Result *r = &g_array_index (results, Result, i);
      const StrataOutcome *o = &r->outcome;
      g_autofree char *choices = _strata_cli_choices_text (dataset, r->choices);
      const double values[] = {
        r->volume, o->unit_cost, o->ecosystem_value, o->effective_unit_cost,
        o->annual_cost, o->supplier_margin, o->capital_at_risk, o->supplier_share,
        o->latency_ms, o->unit_profit, o->annual_profit, o->effective_unit_profit,
      };
      guint n_values = has_profit ? G_N_ELEMENTS (values) : G_N_ELEMENTS (values) - 3;

      _strata_cli_append_csv_field (out, r->target->strategy->id);
      g_string_append_c (out, ',');
      _strata_cli_append_csv_field (out, choices);
      for (guint k = 0; k < n_values; k++)
        {
          g_string_append_c (out, ',');
          _strata_cli_append_csv_number (out, values[k]);
        }
      g_string_append_c (out, ',');
      g_string_append (out, strata_objective_to_string (objective));
      g_string_append (out, _strata_cli_csv_row_end ());
    }
}

static char *
format_latency (double ms)
{
  g_autofree char *figure = NULL;

  if (!isfinite (ms))
    return g_strdup ("n/a");
  figure = strata_format_figure (ms);
  return g_strdup_printf ("%s ms", figure);
}

/* "$1.2 B/yr": takes @amount. */
static char *
per_year (char *amount)
{
  char *text = g_strdup_printf ("%s/yr", amount);

  g_free (amount);
  return text;
}

#define N_EVALUATE_COLUMNS 13
#define COLUMN_LATENCY      7
#define COLUMN_FIRST_PROFIT 10

/* One strategy's cells, every column (the caller leaves some out). */
static void
evaluate_cells (const StrataDataset *dataset,
                StrataObjective      objective,
                const Result        *r,
                char                *cells[N_EVALUATE_COLUMNS])
{
  const StrataOutcome *o = &r->outcome;
  const char *cur = dataset->currency;
  g_autofree char *volume = strata_format_volume (r->volume);

  cells[0] = g_strdup (r->target->strategy->name);
  cells[1] = _strata_cli_volume_in_range (dataset, r->volume) ? g_strdup (volume)
                                                  : g_strdup_printf ("%s*", volume);
  cells[2] = strata_format_money (o->unit_cost, cur);
  cells[3] = strata_format_money (o->ecosystem_value, cur);
  cells[4] = strata_format_money (o->effective_unit_cost, cur);
  cells[5] = strata_format_money (o->supplier_margin, cur);
  cells[6] = strata_format_percent (o->supplier_share);
  cells[7] = format_latency (o->latency_ms);
  cells[8] = per_year (strata_format_money_si (o->annual_cost, cur));
  cells[9] = per_year (strata_format_money_si (o->capital_at_risk, cur));
  if (objective == STRATA_OBJECTIVE_CASH)
    {
      cells[10] = strata_format_money (o->unit_profit, cur);
      cells[11] = per_year (strata_format_money_si (o->annual_profit, cur));
      cells[12] = strata_format_money (o->effective_unit_profit, cur);
    }
  else
    {
      cells[10] = strata_format_money (o->effective_unit_profit, cur);
      cells[11] = strata_format_money (o->unit_profit, cur);
      cells[12] = per_year (strata_format_money_si (o->annual_profit, cur));
    }
}

static void
print_evaluate_table (const StrataDataset *dataset,
                      StrataObjective      objective,
                      GArray              *results,
                      GString             *out)
{
  /* The profit the objective ranks by comes first (MODEL.md section 3). */
  static const char *header_effective[N_EVALUATE_COLUMNS] = {
    N_("Strategy"), N_("Volume"), N_("Unit cost"), N_("Ecosystem value"), N_("Effective unit cost"),
    N_("Supplier margin"), N_("Supplier share"), N_("Latency"), N_("Annual cost"), N_("Capital at risk"),
    N_("Effective unit profit"), N_("Unit profit"), N_("Annual profit"),
  };
  static const char *header_cash[N_EVALUATE_COLUMNS] = {
    N_("Strategy"), N_("Volume"), N_("Unit cost"), N_("Ecosystem value"), N_("Effective unit cost"),
    N_("Supplier margin"), N_("Supplier share"), N_("Latency"), N_("Annual cost"), N_("Capital at risk"),
    N_("Unit profit"), N_("Annual profit"), N_("Effective unit profit"),
  };
  const char *const *header = objective == STRATA_OBJECTIVE_CASH ? header_cash
                                                                 : header_effective;
  gboolean show[N_EVALUATE_COLUMNS];
  const char *shown_header[N_EVALUATE_COLUMNS];
  guint n_shown = 0;
  g_autoptr(StrataCliTable) table = NULL;
  g_autoptr(StrataCliTable) choices = _strata_cli_table_new (2);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const char *choices_header[] = { _("Strategy"), _("Choices (layer=option, bottom first)") };
  gboolean any_latency = FALSE;
  gboolean any_outside = FALSE;

  /* Profit needs a price; latency is left out when no option has any. */
  for (guint i = 0; i < results->len; i++)
    if (g_array_index (results, Result, i).outcome.latency_ms != 0)
      any_latency = TRUE;
  for (guint c = 0; c < N_EVALUATE_COLUMNS; c++)
    show[c] = TRUE;
  show[COLUMN_LATENCY] = any_latency;
  for (guint c = COLUMN_FIRST_PROFIT; c < N_EVALUATE_COLUMNS; c++)
    show[c] = dataset->has_price;

  for (guint c = 0; c < N_EVALUATE_COLUMNS; c++)
    if (show[c])
      shown_header[n_shown++] = _(header[c]);

  table = _strata_cli_table_new (n_shown);
  for (guint c = 1; c < n_shown; c++)
    _strata_cli_table_align_right (table, c);
  _strata_cli_table_add_row (table, shown_header);
  _strata_cli_table_add_row (choices, choices_header);

  _strata_cli_append_table_header (out, dataset);
  _strata_cli_append_objective_line (out, objective);

  for (guint i = 0; i < results->len; i++)
    {
      const Result *r = &g_array_index (results, Result, i);
      g_autofree char *volume = strata_format_volume (r->volume);
      g_autofree char *choice_text = _strata_cli_choices_text (dataset, r->choices);
      g_autofree char *key = g_strdup_printf ("%s\n%s", r->target->strategy->name, choice_text);
      char *cells[N_EVALUATE_COLUMNS];
      const char *row[N_EVALUATE_COLUMNS];
      guint n = 0;

      if (!_strata_cli_volume_in_range (dataset, r->volume))
        any_outside = TRUE;

      evaluate_cells (dataset, objective, r, cells);
      for (guint c = 0; c < N_EVALUATE_COLUMNS; c++)
        if (show[c])
          row[n++] = cells[c];
      _strata_cli_table_add_row (table, row);
      for (guint c = 0; c < N_EVALUATE_COLUMNS; c++)
        g_free (cells[c]);

      /* Each distinct strategy and choice once (optimal may change with
       * the volume). */
      if (!g_hash_table_contains (seen, key))
        {
          g_autofree char *label = NULL;
          const char *crow[2];

          if (strata_strategy_is_optimal (r->target->strategy))
            /* Translators: a strategy's name ("Optimal") and a volume */
            label = g_strdup_printf (_("%s at %s"), r->target->strategy->name, volume);
          else
            label = g_strdup (r->target->strategy->name);
          crow[0] = label;
          crow[1] = choice_text;
          _strata_cli_table_add_row (choices, crow);
          g_hash_table_add (seen, g_steal_pointer (&key));
        }
    }

  _strata_cli_table_render (table, "", out);
  if (any_outside)
    {
      g_autofree char *range = _strata_cli_format_range (dataset);
      /* Translators: the volume range */
      g_string_append_printf (out, _("* outside the dataset's volume range %s: the figures "
                                     "extrapolate the model"), range);
      g_string_append_c (out, '\n');
    }
  g_string_append_c (out, '\n');
  _strata_cli_table_render (choices, "", out);
}

int
_strata_cli_run_evaluate (CliOptions *options,
                          const char *filename)
{
  g_autoptr(StrataDataset) dataset = NULL;
  g_autoptr(GPtrArray) targets = g_ptr_array_new_with_free_func (target_free);
  g_autoptr(GArray) results = g_array_new (FALSE, TRUE, sizeof (Result));
  g_autoptr(GString) out = g_string_new (NULL);
  int status = STRATA_CLI_EXIT_OK;

  g_array_set_clear_func (results, result_clear);

  dataset = strata_cli_load (filename);
  if (dataset == NULL)
    return STRATA_CLI_EXIT_REFUSED;

  for (guint i = 0; i < options->selectors->len; i++)
    {
      const Selector *selector = g_ptr_array_index (options->selectors, i);
      Target *target;

      if (selector->kind == SELECT_CHOICES)
        {
          target = target_from_choices (dataset, selector->text, &status);
          if (target == NULL)
            return status;
        }
      else
        {
          const StrataStrategy *strategy =
            _strata_cli_find_strategy_or_complain (dataset, "evaluate", selector->text, &status);
          if (strategy == NULL)
            return status;
          target = g_new0 (Target, 1);
          target->strategy = strategy;
        }
      g_ptr_array_add (targets, target);
    }

  /* None asked: every preset and dataset strategy. */
  if (targets->len == 0)
    for (guint i = 0; i < dataset->n_strategies; i++)
      {
        Target *target = g_new0 (Target, 1);
        target->strategy = &dataset->strategies[i];
        g_ptr_array_add (targets, target);
      }

  if (options->volumes->len == 0)
    g_array_append_val (options->volumes, dataset->volume_default);

  for (guint v = 0; v < options->volumes->len; v++)
    {
      double volume = g_array_index (options->volumes, double, v);

      if (!_strata_cli_volume_in_range (dataset, volume) && options->format != STRATA_CLI_FORMAT_TABLE)
        {
          g_autofree char *text = strata_format_volume (volume);
          g_autofree char *range = _strata_cli_format_range (dataset);

          fputs ("strata-cli evaluate: ", stderr);
          /* Translators: a volume and the volume range */
          fprintf (stderr, _("note: volume %s is outside the dataset's range %s; the figures "
                             "extrapolate the model"), text, range);
          fputc ('\n', stderr);
        }
    }

  /* Strategy-major: every volume of the first strategy, then the next. */
  for (guint t = 0; t < targets->len; t++)
    for (guint v = 0; v < options->volumes->len; v++)
      {
        Result result = { 0 };

        result.target = g_ptr_array_index (targets, t);
        result.volume = g_array_index (options->volumes, double, v);
        result.choices = g_new0 (guint, dataset->n_layers);
        strata_strategy_resolve_full (dataset, result.target->strategy, options->objective,
                                      result.volume, result.choices);
        strata_evaluate (dataset, result.choices, result.volume, &result.outcome, NULL);
        g_array_append_val (results, result);
      }

  switch (options->format)
    {
    case STRATA_CLI_FORMAT_JSON:
      print_evaluate_json (dataset, options->objective, results, out);
      break;
    case STRATA_CLI_FORMAT_CSV:
      print_evaluate_csv (dataset, options->objective, results, out);
      break;
    case STRATA_CLI_FORMAT_TABLE:
    default:
      print_evaluate_table (dataset, options->objective, results, out);
      break;
    }

  return _strata_cli_write_stdout (out) ? STRATA_CLI_EXIT_OK : STRATA_CLI_EXIT_REFUSED;
}

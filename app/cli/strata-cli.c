/* strata-cli.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <strata/strata-format.h>
#include <strata/strata-model.h>
#include <strata/strata-uncertainty.h>

#include "strata-cli-private.h"

/* Id of a strategy given with --choices (MODEL.md has no id for it). */
#define CUSTOM_STRATEGY_ID "custom"

#define LADDER_DEFAULT_POINTS 64
#define LADDER_MAX_POINTS     100000

/* Seeds stay below 2^53 so that every JSON reader keeps them exact. */
#define MONTE_CARLO_MAX_SEED  G_GUINT64_CONSTANT (9007199254740991)

/* ------------------------------------------------------------------------
 * Options shared by the subcommands
 * ------------------------------------------------------------------------ */

typedef enum
{
  SELECT_STRATEGY,  /* an id: preset or the dataset's own */
  SELECT_CHOICES,   /* "layer=option,layer=option" */
} SelectorKind;

typedef struct
{
  SelectorKind kind;
  char        *text;
} Selector;

typedef struct
{
  const char      *command;
  GPtrArray       *selectors;   /* (element-type Selector) in the order asked */
  GArray          *volumes;     /* (element-type double) in the order asked */
  StrataCliFormat  format;
  StrataObjective  objective;   /* evaluate, breakeven, ladder */
  char            *strategy;    /* breakeven: A */
  char            *versus;      /* breakeven: B */
  guint            points;      /* ladder */
  guint            draws;       /* montecarlo */
  guint64          seed;        /* montecarlo */
  guint            mc_points;   /* montecarlo */
} CliOptions;

static void
selector_free (gpointer data)
{
  Selector *selector = data;

  g_free (selector->text);
  g_free (selector);
}

static void
cli_options_init (CliOptions *options,
                  const char *command)
{
  memset (options, 0, sizeof *options);
  options->command = command;
  options->selectors = g_ptr_array_new_with_free_func (selector_free);
  options->volumes = g_array_new (FALSE, FALSE, sizeof (double));
  options->format = STRATA_CLI_FORMAT_TABLE;
  options->objective = STRATA_OBJECTIVE_DEFAULT;
  options->points = LADDER_DEFAULT_POINTS;
  options->draws = STRATA_MONTE_CARLO_DEFAULT_DRAWS;
  options->seed = 1;
  options->mc_points = STRATA_MONTE_CARLO_DEFAULT_POINTS;
}

static void
cli_options_clear (CliOptions *options)
{
  g_clear_pointer (&options->selectors, g_ptr_array_unref);
  g_clear_pointer (&options->volumes, g_array_unref);
  g_clear_pointer (&options->strategy, g_free);
  g_clear_pointer (&options->versus, g_free);
}

static void
add_selector (CliOptions   *options,
              SelectorKind  kind,
              const char   *text)
{
  Selector *selector = g_new0 (Selector, 1);

  selector->kind = kind;
  selector->text = g_strdup (text);
  g_ptr_array_add (options->selectors, selector);
}

static gboolean
on_strategy_cb (const char  *option_name,
                const char  *value,
                gpointer     data,
                GError     **error)
{
  CliOptions *options = data;

  if (value == NULL || *value == '\0')
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "%s needs a strategy id", option_name);
      return FALSE;
    }

  if (g_strcmp0 (options->command, "breakeven") == 0)
    {
      char **slot = g_str_equal (option_name, "--versus") ? &options->versus
                                                          : &options->strategy;
      if (*slot != NULL)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       "%s is given more than once", option_name);
          return FALSE;
        }
      *slot = g_strdup (value);
      return TRUE;
    }

  add_selector (options, SELECT_STRATEGY, value);
  return TRUE;
}

static gboolean
on_preset_cb (const char  *option_name,
              const char  *value,
              gpointer     data,
              GError     **error)
{
  CliOptions *options = data;

  /* "--all-neutral" names the preset "all-neutral", and so on. */
  add_selector (options, SELECT_STRATEGY, option_name + 2);
  return TRUE;
}

static gboolean
on_choices_cb (const char  *option_name,
               const char  *value,
               gpointer     data,
               GError     **error)
{
  CliOptions *options = data;
  g_auto(GStrv) pairs = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  /* Only the syntax here: the ids are checked once the file is loaded. */
  pairs = g_strsplit (value ? value : "", ",", -1);
  if (pairs[0] == NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "%s needs LAYER=OPTION pairs separated by commas", option_name);
      return FALSE;
    }
  for (guint i = 0; pairs[i] != NULL; i++)
    {
      char *eq = strchr (pairs[i], '=');

      if (eq == NULL || eq == pairs[i] || eq[1] == '\0' || strchr (eq + 1, '=') != NULL)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       "%s: “%s” is not LAYER=OPTION", option_name, pairs[i]);
          return FALSE;
        }
      *eq = '\0';
      if (!g_hash_table_add (seen, pairs[i]))
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       "%s: layer “%s” is named twice", option_name, pairs[i]);
          return FALSE;
        }
    }

  add_selector (options, SELECT_CHOICES, value);
  return TRUE;
}

static gboolean
on_volume_cb (const char  *option_name,
              const char  *value,
              gpointer     data,
              GError     **error)
{
  CliOptions *options = data;
  g_autoptr(GError) local_error = NULL;
  double volume;

  if (!strata_parse_volume (value, &volume, &local_error))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "%s: %s", option_name, local_error->message);
      return FALSE;
    }
  g_array_append_val (options->volumes, volume);
  return TRUE;
}

static gboolean
on_format_cb (const char  *option_name,
              const char  *value,
              gpointer     data,
              GError     **error)
{
  CliOptions *options = data;

  return _strata_cli_parse_format (value, &options->format, error);
}

static gboolean
on_objective_cb (const char  *option_name,
                 const char  *value,
                 gpointer     data,
                 GError     **error)
{
  CliOptions *options = data;

  if (!strata_objective_from_string (value, &options->objective))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "%s: “%s” is not an objective (effective or cash)", option_name, value);
      return FALSE;
    }
  return TRUE;
}

/* A whole number from @min to @max for option @option_name. */
static gboolean
parse_whole_number (const char  *option_name,
                    const char  *value,
                    guint64      min,
                    guint64      max,
                    guint64     *out,
                    GError     **error)
{
  if (!g_ascii_string_to_unsigned (value, 10, min, max, out, NULL))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "%s: “%s” is not a whole number from %" G_GUINT64_FORMAT
                   " to %" G_GUINT64_FORMAT,
                   option_name, value, min, max);
      return FALSE;
    }
  return TRUE;
}

static gboolean
on_points_cb (const char  *option_name,
              const char  *value,
              gpointer     data,
              GError     **error)
{
  CliOptions *options = data;
  guint64 points;

  if (!parse_whole_number (option_name, value, 2, LADDER_MAX_POINTS, &points, error))
    return FALSE;
  options->points = (guint) points;
  return TRUE;
}

static gboolean
on_versus_cb (const char  *option_name,
              const char  *value,
              gpointer     data,
              GError     **error)
{
  CliOptions *options = data;

  if (value == NULL || *value == '\0')
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "%s needs a strategy id", option_name);
      return FALSE;
    }
  if (options->versus != NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "%s is given more than once", option_name);
      return FALSE;
    }
  options->versus = g_strdup (value);
  return TRUE;
}

static gboolean
on_draws_cb (const char  *option_name,
             const char  *value,
             gpointer     data,
             GError     **error)
{
  CliOptions *options = data;
  guint64 draws;

  if (!parse_whole_number (option_name, value, 1, STRATA_MONTE_CARLO_MAX_DRAWS, &draws, error))
    return FALSE;
  options->draws = (guint) draws;
  return TRUE;
}

static gboolean
on_seed_cb (const char  *option_name,
            const char  *value,
            gpointer     data,
            GError     **error)
{
  CliOptions *options = data;

  return parse_whole_number (option_name, value, 0, MONTE_CARLO_MAX_SEED, &options->seed, error);
}

static gboolean
on_mc_points_cb (const char  *option_name,
                 const char  *value,
                 gpointer     data,
                 GError     **error)
{
  CliOptions *options = data;
  guint64 points;

  if (!parse_whole_number (option_name, value, 2, STRATA_MONTE_CARLO_MAX_POINTS, &points, error))
    return FALSE;
  options->mc_points = (guint) points;
  return TRUE;
}

#define FORMAT_ENTRY \
  { "format", 0, 0, G_OPTION_ARG_CALLBACK, on_format_cb, \
    "Output format: table (default), csv or json", "FORMAT" }

#define OBJECTIVE_ENTRY \
  { "objective", 0, 0, G_OPTION_ARG_CALLBACK, on_objective_cb, \
    "What optimal minimizes: effective (default: unit cost less ecosystem value) " \
    "or cash (unit cost)", "OBJ" }

static const GOptionEntry validate_entries[] = {
  G_OPTION_ENTRY_NULL
};

static const GOptionEntry evaluate_entries[] = {
  { "strategy", 's', 0, G_OPTION_ARG_CALLBACK, on_strategy_cb,
    "Evaluate a strategy by id (a preset or one of the dataset's); repeatable", "ID" },
  { "choices", 'c', 0, G_OPTION_ARG_CALLBACK, on_choices_cb,
    "Evaluate a custom strategy; unnamed layers take their first option; repeatable",
    "LAYER=OPTION,…" },
  { "all-neutral", 0, G_OPTION_FLAG_NO_ARG, G_OPTION_ARG_CALLBACK, on_preset_cb,
    "Same as --strategy all-neutral", NULL },
  { "all-integrated", 0, G_OPTION_FLAG_NO_ARG, G_OPTION_ARG_CALLBACK, on_preset_cb,
    "Same as --strategy all-integrated", NULL },
  { "optimal", 0, G_OPTION_FLAG_NO_ARG, G_OPTION_ARG_CALLBACK, on_preset_cb,
    "Same as --strategy optimal (solved at each volume)", NULL },
  { "volume", 0, 0, G_OPTION_ARG_CALLBACK, on_volume_cb,
    "Units per year, e.g. 2.5e9, 2.5B, 750k or 2,500,000,000; repeatable", "V" },
  OBJECTIVE_ENTRY,
  FORMAT_ENTRY,
  G_OPTION_ENTRY_NULL
};

static const GOptionEntry breakeven_entries[] = {
  { "strategy", 's', 0, G_OPTION_ARG_CALLBACK, on_strategy_cb,
    "First strategy (id)", "A" },
  { "versus", 0, 0, G_OPTION_ARG_CALLBACK, on_strategy_cb,
    "Second strategy (id)", "B" },
  OBJECTIVE_ENTRY,
  FORMAT_ENTRY,
  G_OPTION_ENTRY_NULL
};

static const GOptionEntry ladder_entries[] = {
  { "points", 'n', 0, G_OPTION_ARG_CALLBACK, on_points_cb,
    "Number of log-spaced volumes (2 to 100000, default 64)", "N" },
  OBJECTIVE_ENTRY,
  FORMAT_ENTRY,
  G_OPTION_ENTRY_NULL
};

static const GOptionEntry montecarlo_entries[] = {
  { "draws", 0, 0, G_OPTION_ARG_CALLBACK, on_draws_cb,
    "Number of draws (1 to 1000000, default 1000)", "N" },
  { "seed", 0, 0, G_OPTION_ARG_CALLBACK, on_seed_cb,
    "Seed of the random numbers (0 to 2^53 - 1, default 1)", "S" },
  { "strategy", 's', 0, G_OPTION_ARG_CALLBACK, on_strategy_cb,
    "Simulate a strategy by id; repeatable (default: every preset and dataset strategy); "
    "the first is A", "ID" },
  { "versus", 0, 0, G_OPTION_ARG_CALLBACK, on_versus_cb,
    "B, the strategy A is compared with (default: the dataset's first own strategy)", "ID" },
  { "objective", 0, 0, G_OPTION_ARG_CALLBACK, on_objective_cb,
    "What costs rank by: effective (less ecosystem value, the default) or cash", "OBJ" },
  { "points", 'n', 0, G_OPTION_ARG_CALLBACK, on_mc_points_cb,
    "Number of log-spaced volumes (2 to 1000, default 32)", "N" },
  FORMAT_ENTRY,
  G_OPTION_ENTRY_NULL
};

typedef struct
{
  const char         *name;
  const char         *summary;
  const char         *usage;
  const char         *details;
  const GOptionEntry *entries;
  int               (*run) (CliOptions *options, const char *filename);
} Command;

/* Parses the options of @command; on success *filename is the one
 * positional argument.  Returns -1 to go on, else the exit status. */
static int
parse_command_line (const Command  *command,
                    CliOptions     *options,
                    int             argc,
                    char          **argv,
                    const char    **filename)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *prgname = g_strdup_printf ("strata-cli %s", command->name);
  GOptionGroup *group;

  g_set_prgname (prgname);

  context = g_option_context_new (command->usage);
  g_option_context_set_summary (context, command->summary);
  g_option_context_set_description (context, command->details);

  group = g_option_group_new (command->name, command->summary,
                              "Show help options", options, NULL);
  g_option_group_add_entries (group, command->entries);
  g_option_context_set_main_group (context, group);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return _strata_cli_usage_error (command->name, "%s", error->message);

  /* argv[0] is the command name; the rest are positional. */
  if (argc < 2)
    return _strata_cli_usage_error (command->name, "missing FILE");
  if (argc > 2)
    return _strata_cli_usage_error (command->name, "unexpected argument “%s”", argv[2]);

  *filename = argv[1];
  return -1;
}

/* ------------------------------------------------------------------------
 * Output helpers
 * ------------------------------------------------------------------------ */

static void
append_json_number (GString *out,
                    double   value)
{
  char buf[STRATA_NUMBER_BUF_SIZE];

  g_string_append (out, strata_format_json_number (value, buf));
}

static void
append_json_key (GString    *out,
                 const char *key)
{
  strata_append_json_string (out, key);
  g_string_append (out, ": ");
}

static void
append_csv_number (GString *out,
                   double   value)
{
  char buf[STRATA_NUMBER_BUF_SIZE];

  /* A non-finite figure is an empty field, never "null" or "nan". */
  if (isfinite (value))
    g_string_append (out, strata_format_json_number (value, buf));
}

static const char *
csv_row_end (void)
{
  /* RFC 4180 ends records with CRLF. */
  return "\r\n";
}

static char *
format_range (const StrataDataset *dataset)
{
  g_autofree char *min = strata_format_volume (dataset->volume_min);
  g_autofree char *max = strata_format_volume (dataset->volume_max);

  return g_strdup_printf ("[%s, %s]", min, max);
}

static void
append_table_header (GString             *out,
                     const StrataDataset *dataset)
{
  g_autofree char *min = strata_format_volume (dataset->volume_min);
  g_autofree char *max = strata_format_volume (dataset->volume_max);
  g_autofree char *def = strata_format_volume (dataset->volume_default);

  g_string_append_printf (out, "%s\n", dataset->title);
  g_string_append_printf (out, "Unit: %s · currency: %s", dataset->unit, dataset->currency);
  if (dataset->has_price)
    {
      g_autofree char *price = strata_format_money (dataset->price, dataset->currency);
      g_string_append_printf (out, " · price: %s per unit", price);
    }
  g_string_append_printf (out, "\nVolume: units per year, %s to %s (default %s)\n\n",
                          min, max, def);
}

/* "Objective: effective (...)", the line every table that depends on the
 * objective prints under its header. */
static void
append_objective_line (GString         *out,
                       StrataObjective  objective)
{
  g_string_append_printf (out, "Objective: %s (%s)\n\n", strata_objective_to_string (objective),
                          objective == STRATA_OBJECTIVE_CASH
                          ? "least unit_cost; ecosystem value ignored"
                          : "least effective_unit_cost = unit_cost - ecosystem_value");
}

static gboolean
volume_in_range (const StrataDataset *dataset,
                 double               volume)
{
  return volume >= dataset->volume_min && volume <= dataset->volume_max;
}

/* Lists the ids a user could have meant, for usage messages. */
static char *
strategy_ids (const StrataDataset *dataset)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < dataset->n_strategies; i++)
    g_string_append_printf (out, "%s%s", i > 0 ? ", " : "", dataset->strategies[i].id);
  return g_string_free (out, FALSE);
}

static const StrataStrategy *
find_strategy_or_complain (const StrataDataset *dataset,
                           const char          *command,
                           const char          *id,
                           int                 *status)
{
  const StrataStrategy *strategy = strata_dataset_find_strategy (dataset, id);

  if (strategy == NULL)
    {
      g_autofree char *known = strategy_ids (dataset);
      *status = _strata_cli_usage_error (command,
                                         "unknown strategy “%s” in %s (it has: %s)",
                                         id, dataset->filename ? dataset->filename : "the dataset",
                                         known);
    }
  return strategy;
}

/* ------------------------------------------------------------------------
 * validate
 * ------------------------------------------------------------------------ */

static const char *
plural (guint       n,
        const char *one,
        const char *many)
{
  return n == 1 ? one : many;
}

static int
run_validate (CliOptions *options,
              const char *filename)
{
  g_autoptr(StrataDataset) dataset = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  guint n_options = 0;

  dataset = strata_cli_load (filename);
  if (dataset == NULL)
    return STRATA_CLI_EXIT_REFUSED;

  for (guint i = 0; i < dataset->n_layers; i++)
    n_options += dataset->layers[i].n_options;

  g_string_append_printf (out, "%s: valid — %u %s, %u %s, %u %s, %u %s\n", filename,
                          dataset->n_layers, plural (dataset->n_layers, "layer", "layers"),
                          n_options, plural (n_options, "option", "options"),
                          dataset->n_strategies,
                          plural (dataset->n_strategies, "strategy", "strategies"),
                          dataset->n_links, plural (dataset->n_links, "link", "links"));
  return _strata_cli_write_stdout (out) ? STRATA_CLI_EXIT_OK : STRATA_CLI_EXIT_REFUSED;
}

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
                                             "--choices: unknown layer “%s” (layers: %s)",
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
                                             "--choices: layer “%s” has no option “%s” "
                                             "(options: %s)", kv[0], kv[1], known->str);
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
  g_string_append (out, "{\n  ");
  append_json_key (out, "dataset");
  strata_append_json_string (out, dataset->title);
  g_string_append (out, ",\n  ");
  append_json_key (out, "objective");
  strata_append_json_string (out, strata_objective_to_string (objective));
  g_string_append (out, ",\n  ");
  append_json_key (out, "results");
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
      append_json_key (out, "strategy");
      strata_append_json_string (out, r->target->strategy->id);
      g_string_append (out, ", ");
      append_json_key (out, "choices");
      _strata_cli_append_choices_json (out, dataset, r->choices);
      g_string_append (out, ", ");
      append_json_key (out, "volume");
      append_json_number (out, r->volume);
      for (guint k = 0; k < n_keys; k++)
        {
          g_string_append (out, ", ");
          append_json_key (out, keys[k].key);
          append_json_number (out, keys[k].value);
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
  g_string_append (out, csv_row_end ());

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
          append_csv_number (out, values[k]);
        }
      g_string_append_c (out, ',');
      g_string_append (out, strata_objective_to_string (objective));
      g_string_append (out, csv_row_end ());
    }
}

static char *
format_percent (double share)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (share))
    return g_strdup ("n/a");
  g_ascii_formatd (buf, sizeof buf, "%.1f", share * 100);
  return g_strdup_printf ("%s%%", buf);
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

static void
print_evaluate_table (const StrataDataset *dataset,
                      StrataObjective      objective,
                      GArray              *results,
                      GString             *out)
{
  /* The profit the objective ranks by comes first (MODEL.md section 3). */
  static const char *header_effective[N_EVALUATE_COLUMNS] = {
    "Strategy", "Volume", "Unit cost", "Ecosystem value", "Effective unit cost",
    "Supplier margin", "Supplier share", "Latency", "Annual cost", "Capital at risk",
    "Effective unit profit", "Unit profit", "Annual profit",
  };
  static const char *header_cash[N_EVALUATE_COLUMNS] = {
    "Strategy", "Volume", "Unit cost", "Ecosystem value", "Effective unit cost",
    "Supplier margin", "Supplier share", "Latency", "Annual cost", "Capital at risk",
    "Unit profit", "Annual profit", "Effective unit profit",
  };
  const char *const *header = objective == STRATA_OBJECTIVE_CASH ? header_cash
                                                                 : header_effective;
  const char *cur = dataset->currency;
  gboolean show[N_EVALUATE_COLUMNS];
  const char *shown_header[N_EVALUATE_COLUMNS];
  guint n_shown = 0;
  g_autoptr(StrataCliTable) table = NULL;
  g_autoptr(StrataCliTable) choices = _strata_cli_table_new (2);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const char *choices_header[] = { "Strategy", "Choices (layer=option, bottom first)" };
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
      shown_header[n_shown++] = header[c];

  table = _strata_cli_table_new (n_shown);
  for (guint c = 1; c < n_shown; c++)
    _strata_cli_table_align_right (table, c);
  _strata_cli_table_add_row (table, shown_header);
  _strata_cli_table_add_row (choices, choices_header);

  append_table_header (out, dataset);
  append_objective_line (out, objective);

  for (guint i = 0; i < results->len; i++)
    {
      const Result *r = &g_array_index (results, Result, i);
      const StrataOutcome *o = &r->outcome;
      g_autofree char *volume = strata_format_volume (r->volume);
      g_autofree char *choice_text = _strata_cli_choices_text (dataset, r->choices);
      g_autofree char *key = g_strdup_printf ("%s\n%s", r->target->strategy->name, choice_text);
      char *cells[N_EVALUATE_COLUMNS];
      const char *row[N_EVALUATE_COLUMNS];
      guint n = 0;

      if (!volume_in_range (dataset, r->volume))
        any_outside = TRUE;

      cells[0] = g_strdup (r->target->strategy->name);
      cells[1] = volume_in_range (dataset, r->volume) ? g_strdup (volume)
                                                      : g_strdup_printf ("%s*", volume);
      cells[2] = strata_format_money (o->unit_cost, cur);
      cells[3] = strata_format_money (o->ecosystem_value, cur);
      cells[4] = strata_format_money (o->effective_unit_cost, cur);
      cells[5] = strata_format_money (o->supplier_margin, cur);
      cells[6] = format_percent (o->supplier_share);
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
            label = g_strdup_printf ("%s at %s", r->target->strategy->name, volume);
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
      g_autofree char *range = format_range (dataset);
      g_string_append_printf (out, "* outside the dataset's volume range %s: the figures "
                                   "extrapolate the model\n", range);
    }
  g_string_append_c (out, '\n');
  _strata_cli_table_render (choices, "", out);
}

static int
run_evaluate (CliOptions *options,
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
            find_strategy_or_complain (dataset, "evaluate", selector->text, &status);
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

      if (!volume_in_range (dataset, volume) && options->format != STRATA_CLI_FORMAT_TABLE)
        {
          g_autofree char *text = strata_format_volume (volume);
          g_autofree char *range = format_range (dataset);

          fprintf (stderr, "strata-cli evaluate: note: volume %s is outside the dataset's "
                           "range %s; the figures extrapolate the model\n", text, range);
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

/* ------------------------------------------------------------------------
 * breakeven
 * ------------------------------------------------------------------------ */

static int
compare_volumes (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y ? 1 : 0;
}

/* "  10 M to 790 M: Optimal is cheaper" */
static void
append_stretch_line (GString              *out,
                     double                from,
                     double                to,
                     int                   which,
                     const StrataStrategy *const *pair)
{
  g_autofree char *lo = strata_format_volume (from);
  g_autofree char *hi = strata_format_volume (to);

  if (which == 0)
    g_string_append_printf (out, "  %s to %s: the same cost\n", lo, hi);
  else
    g_string_append_printf (out, "  %s to %s: %s is cheaper\n", lo, hi,
                            pair[which < 0 ? 0 : 1]->name);
}

/* The range in order, stretch by stretch: which of A and B is cheaper, or
 * the same cost. */
static void
append_breakeven_stretches (GString               *out,
                            const StrataDataset   *dataset,
                            const StrataStrategy  *const *pair,
                            const StrataBreakeven *result)
{
  g_autoptr(GArray) cuts = g_array_new (FALSE, FALSE, sizeof (double));
  int last = 2;
  double last_from = result->volume_min;

  g_array_append_val (cuts, result->volume_min);
  for (guint i = 0; i < result->crossings->len; i++)
    g_array_append_val (cuts, g_array_index (result->crossings, StrataCrossing, i).volume);
  for (guint i = 0; i < result->equal->len; i++)
    {
      const StrataEqualStretch *e = &g_array_index (result->equal, StrataEqualStretch, i);
      g_array_append_val (cuts, e->from);
      g_array_append_val (cuts, e->to);
    }
  g_array_append_val (cuts, result->volume_max);
  g_array_sort (cuts, compare_volumes);

  for (guint k = 0; k + 1 < cuts->len; k++)
    {
      double lo = g_array_index (cuts, double, k), hi = g_array_index (cuts, double, k + 1);
      double mid = sqrt (lo * hi);
      int which = 2;

      if (hi / lo - 1.0 <= 1e-8)
        continue;
      for (guint i = 0; i < result->equal->len && which == 2; i++)
        {
          const StrataEqualStretch *e = &g_array_index (result->equal, StrataEqualStretch, i);
          if (mid >= e->from && mid <= e->to)
            which = 0;
        }
      if (which == 2)
        which = strata_strategy_cost (dataset, pair[0], result->objective, mid) <
                strata_strategy_cost (dataset, pair[1], result->objective, mid) ? -1 : 1;
      if (last != 2 && which != last)
        {
          append_stretch_line (out, last_from, lo, last, pair);
          last_from = lo;
        }
      last = which;
    }
  if (last != 2)
    append_stretch_line (out, last_from, result->volume_max, last, pair);
}

static void
print_breakeven_json (const StrataStrategy  *const *pair,
                      const StrataBreakeven *result,
                      GString               *out)
{
  g_string_append (out, "{");
  append_json_key (out, "a");
  strata_append_json_string (out, pair[0]->id);
  g_string_append (out, ", ");
  append_json_key (out, "b");
  strata_append_json_string (out, pair[1]->id);
  g_string_append (out, ", ");
  append_json_key (out, "objective");
  strata_append_json_string (out, strata_objective_to_string (result->objective));
  g_string_append (out, ", ");
  append_json_key (out, "crossings");
  g_string_append (out, "[");
  for (guint i = 0; i < result->crossings->len; i++)
    {
      const StrataCrossing *x = &g_array_index (result->crossings, StrataCrossing, i);

      g_string_append (out, i > 0 ? ", {" : "{");
      append_json_key (out, "volume");
      append_json_number (out, x->volume);
      g_string_append (out, ", ");
      append_json_key (out, "cheaper_above");
      strata_append_json_string (out, pair[x->cheaper_above ? 1 : 0]->id);
      g_string_append (out, "}");
    }
  g_string_append (out, "], ");
  append_json_key (out, "equal");
  g_string_append (out, "[");
  for (guint i = 0; i < result->equal->len; i++)
    {
      const StrataEqualStretch *e = &g_array_index (result->equal, StrataEqualStretch, i);

      g_string_append (out, i > 0 ? ", {" : "{");
      append_json_key (out, "from");
      append_json_number (out, e->from);
      g_string_append (out, ", ");
      append_json_key (out, "to");
      append_json_number (out, e->to);
      g_string_append (out, "}");
    }
  g_string_append (out, "]}\n");
}

/* One record per break-even ("crossing": volume, cheaper_above) and per
 * equal stretch ("equal": from, to), in the order of the JSON. */
static void
print_breakeven_csv (const StrataStrategy  *const *pair,
                     const StrataBreakeven *result,
                     GString               *out)
{
  const char *objective = strata_objective_to_string (result->objective);

  g_string_append_printf (out, "kind,volume,cheaper_above,from,to,objective%s", csv_row_end ());
  for (guint i = 0; i < result->crossings->len; i++)
    {
      const StrataCrossing *x = &g_array_index (result->crossings, StrataCrossing, i);

      g_string_append (out, "crossing,");
      append_csv_number (out, x->volume);
      g_string_append_c (out, ',');
      _strata_cli_append_csv_field (out, pair[x->cheaper_above ? 1 : 0]->id);
      g_string_append_printf (out, ",,,%s%s", objective, csv_row_end ());
    }
  for (guint i = 0; i < result->equal->len; i++)
    {
      const StrataEqualStretch *e = &g_array_index (result->equal, StrataEqualStretch, i);

      g_string_append (out, "equal,,,");
      append_csv_number (out, e->from);
      g_string_append_c (out, ',');
      append_csv_number (out, e->to);
      g_string_append_printf (out, ",%s%s", objective, csv_row_end ());
    }
}

static void
print_breakeven_table (const StrataDataset   *dataset,
                       const StrataStrategy  *const *pair,
                       const StrataBreakeven *result,
                       GString               *out)
{
  g_autofree char *range = format_range (dataset);
  const char *a = pair[0]->name, *b = pair[1]->name;

  append_table_header (out, dataset);
  append_objective_line (out, result->objective);

  switch (result->verdict)
    {
    case STRATA_BREAKEVEN_A_CHEAPER:
    case STRATA_BREAKEVEN_B_CHEAPER:
      g_string_append_printf (out, "No break-even between %s and %s in %s: %s is cheaper "
                                   "across the range.\n", pair[0]->id, pair[1]->id, range,
                              result->verdict == STRATA_BREAKEVEN_A_CHEAPER ? a : b);
      return;
    case STRATA_BREAKEVEN_EQUAL:
      g_string_append_printf (out, "No break-even between %s and %s in %s: %s and %s have "
                                   "the same cost at every volume.\n",
                              pair[0]->id, pair[1]->id, range, a, b);
      return;
    case STRATA_BREAKEVEN_MIXED:
    default:
      break;
    }

  if (result->crossings->len == 0)
    g_string_append_printf (out, "No break-even between %s (%s) and %s (%s) in %s.\n\n",
                            a, pair[0]->id, b, pair[1]->id, range);
  else
    {
      g_autoptr(StrataCliTable) table = _strata_cli_table_new (3);
      const char *header[] = {
        "Break-even volume", "Cheaper above",
        result->objective == STRATA_OBJECTIVE_CASH ? "Unit cost there" : "Effective unit cost there",
      };

      g_string_append_printf (out, "Break-even between %s (%s) and %s (%s) in %s:\n\n",
                              a, pair[0]->id, b, pair[1]->id, range);
      _strata_cli_table_align_right (table, 0);
      _strata_cli_table_align_right (table, 2);
      _strata_cli_table_add_row (table, header);
      for (guint i = 0; i < result->crossings->len; i++)
        {
          const StrataCrossing *x = &g_array_index (result->crossings, StrataCrossing, i);
          g_autofree char *volume = strata_format_volume (x->volume);
          g_autofree char *cost =
            strata_format_money (strata_strategy_cost (dataset, pair[0], result->objective,
                                                       x->volume), dataset->currency);
          const char *row[3];

          row[0] = volume;
          row[1] = pair[x->cheaper_above ? 1 : 0]->name;
          row[2] = cost;
          _strata_cli_table_add_row (table, row);
        }
      _strata_cli_table_render (table, "", out);
      g_string_append_c (out, '\n');
    }
  g_string_append (out, "Across the range:\n");
  append_breakeven_stretches (out, dataset, pair, result);
}

static int
run_breakeven (CliOptions *options,
               const char *filename)
{
  g_autoptr(StrataDataset) dataset = NULL;
  g_autoptr(StrataBreakeven) result = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  const StrataStrategy *pair[2];
  int status = STRATA_CLI_EXIT_OK;

  if (options->strategy == NULL || options->versus == NULL)
    return _strata_cli_usage_error ("breakeven", "both --strategy A and --versus B are needed");

  dataset = strata_cli_load (filename);
  if (dataset == NULL)
    return STRATA_CLI_EXIT_REFUSED;

  pair[0] = find_strategy_or_complain (dataset, "breakeven", options->strategy, &status);
  if (pair[0] == NULL)
    return status;
  pair[1] = find_strategy_or_complain (dataset, "breakeven", options->versus, &status);
  if (pair[1] == NULL)
    return status;

  result = strata_breakeven_find (dataset, pair[0], pair[1], options->objective, 0, 0, 0);

  switch (options->format)
    {
    case STRATA_CLI_FORMAT_JSON:
      print_breakeven_json (pair, result, out);
      break;
    case STRATA_CLI_FORMAT_CSV:
      print_breakeven_csv (pair, result, out);
      break;
    case STRATA_CLI_FORMAT_TABLE:
    default:
      print_breakeven_table (dataset, pair, result, out);
      break;
    }

  return _strata_cli_write_stdout (out) ? STRATA_CLI_EXIT_OK : STRATA_CLI_EXIT_REFUSED;
}

/* ------------------------------------------------------------------------
 * ladder
 * ------------------------------------------------------------------------ */

static int
run_ladder (CliOptions *options,
            const char *filename)
{
  g_autoptr(StrataDataset) dataset = NULL;
  g_autoptr(StrataLadder) ladder = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  const char *cost_key;

  dataset = strata_cli_load (filename);
  if (dataset == NULL)
    return STRATA_CLI_EXIT_REFUSED;

  ladder = strata_ladder_new_full (dataset, options->objective, options->points);
  cost_key = strata_objective_cost_key (options->objective);

  switch (options->format)
    {
    case STRATA_CLI_FORMAT_JSON:
      g_string_append (out, "{\n  ");
      append_json_key (out, "dataset");
      strata_append_json_string (out, dataset->title);
      g_string_append (out, ",\n  ");
      append_json_key (out, "objective");
      strata_append_json_string (out, strata_objective_to_string (options->objective));
      g_string_append (out, ",\n  ");
      append_json_key (out, "points");
      g_string_append (out, "[");
      for (guint i = 0; i < ladder->n_points; i++)
        {
          g_string_append (out, i > 0 ? ",\n    {" : "\n    {");
          append_json_key (out, "volume");
          append_json_number (out, ladder->volumes[i]);
          g_string_append (out, ", ");
          append_json_key (out, "choices");
          _strata_cli_append_choices_json (out, dataset,
                                           &ladder->choices[(gsize) i * ladder->n_layers]);
          g_string_append (out, ", ");
          append_json_key (out, cost_key);
          append_json_number (out, ladder->costs[i]);
          g_string_append (out, "}");
        }
      g_string_append (out, ladder->n_points > 0 ? "\n  ],\n  " : "],\n  ");
      append_json_key (out, "flips");
      g_string_append (out, "[");
      for (guint i = 0; i < ladder->n_flips; i++)
        {
          const StrataFlip *f = &ladder->flips[i];

          g_string_append (out, i > 0 ? ",\n    {" : "\n    {");
          append_json_key (out, "layer");
          strata_append_json_string (out, dataset->layers[f->layer].id);
          g_string_append (out, ", ");
          append_json_key (out, "volume");
          append_json_number (out, f->volume);
          g_string_append (out, ", ");
          append_json_key (out, "from");
          strata_append_json_string (out, dataset->layers[f->layer].options[f->from_option].id);
          g_string_append (out, ", ");
          append_json_key (out, "to");
          strata_append_json_string (out, dataset->layers[f->layer].options[f->to_option].id);
          g_string_append (out, ", ");
          append_json_key (out, "from_mode");
          strata_append_json_string (out, strata_mode_to_string (f->from));
          g_string_append (out, ", ");
          append_json_key (out, "to_mode");
          strata_append_json_string (out, strata_mode_to_string (f->to));
          g_string_append (out, "}");
        }
      g_string_append (out, ladder->n_flips > 0 ? "\n  ]\n}\n" : "]\n}\n");
      break;

    case STRATA_CLI_FORMAT_CSV:
      g_string_append_printf (out, "volume,choices,%s,objective%s", cost_key, csv_row_end ());
      for (guint i = 0; i < ladder->n_points; i++)
        {
          g_autofree char *choices =
            _strata_cli_choices_text (dataset, &ladder->choices[(gsize) i * ladder->n_layers]);

          append_csv_number (out, ladder->volumes[i]);
          g_string_append_c (out, ',');
          _strata_cli_append_csv_field (out, choices);
          g_string_append_c (out, ',');
          append_csv_number (out, ladder->costs[i]);
          g_string_append_c (out, ',');
          g_string_append (out, strata_objective_to_string (options->objective));
          g_string_append (out, csv_row_end ());
        }
      break;

    case STRATA_CLI_FORMAT_TABLE:
    default:
      {
        g_autoptr(StrataCliTable) table = _strata_cli_table_new (dataset->n_layers + 2);
        g_autoptr(GPtrArray) header = g_ptr_array_new ();
        g_autofree char *range = format_range (dataset);

        append_table_header (out, dataset);
        append_objective_line (out, options->objective);
        g_string_append_printf (out, "Integration ladder: the optimal strategy at %u volumes "
                                     "in %s\n\n", ladder->n_points, range);

        if (ladder->n_flips == 0)
          g_string_append (out, "No layer changes its optimal option across the range.\n");
        for (guint i = 0; i < ladder->n_flips; i++)
          {
            const StrataFlip *f = &ladder->flips[i];
            g_autofree char *volume = strata_format_volume (f->volume);

            const StrataLayer *layer = &dataset->layers[f->layer];
            const char *action = f->from == f->to ? "switch"
                                 : f->to == STRATA_MODE_INTEGRATED ? "integrate" : "go neutral";

            /* "3.2 B widgets/yr", but "790 M × 1M tokens/yr". */
            g_string_append_printf (out, "%s: %s above %s %s%s/yr (%s → %s)\n",
                                    layer->id, action,
                                    volume, g_ascii_isdigit (dataset->unit[0]) ? "× " : "",
                                    dataset->unit, layer->options[f->from_option].id,
                                    layer->options[f->to_option].id);
          }
        g_string_append_c (out, '\n');

        g_ptr_array_add (header, (gpointer) "Volume");
        g_ptr_array_add (header, (gpointer) (options->objective == STRATA_OBJECTIVE_CASH
                                             ? "Unit cost" : "Effective unit cost"));
        for (guint l = 0; l < dataset->n_layers; l++)
          g_ptr_array_add (header, dataset->layers[l].id);
        _strata_cli_table_align_right (table, 0);
        _strata_cli_table_align_right (table, 1);
        _strata_cli_table_add_row (table, (const char *const *) header->pdata);

        for (guint i = 0; i < ladder->n_points; i++)
          {
            const guint *choices = &ladder->choices[(gsize) i * ladder->n_layers];
            g_autoptr(GPtrArray) row = g_ptr_array_new_with_free_func (g_free);

            g_ptr_array_add (row, strata_format_volume (ladder->volumes[i]));
            g_ptr_array_add (row, strata_format_money (ladder->costs[i], dataset->currency));
            for (guint l = 0; l < dataset->n_layers; l++)
              {
                const StrataOption *o = &dataset->layers[l].options[choices[l]];
                g_ptr_array_add (row, g_strdup_printf ("%s%s", o->id,
                                                       o->mode == STRATA_MODE_INTEGRATED
                                                       ? " *" : ""));
              }
            _strata_cli_table_add_row (table, (const char *const *) row->pdata);
          }
        _strata_cli_table_render (table, "", out);
        g_string_append (out, "* integrated option\n");
      }
      break;
    }

  return _strata_cli_write_stdout (out) ? STRATA_CLI_EXIT_OK : STRATA_CLI_EXIT_REFUSED;
}

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

static void
append_json_volume_or_null (GString *out,
                            double   volume)
{
  if (isfinite (volume))
    append_json_number (out, volume);
  else
    g_string_append (out, "null");
}

static void
print_montecarlo_json (const StrataDataset          *dataset,
                       const StrataMonteCarloParams *params,
                       const StrataMonteCarlo       *mc,
                       GString                      *out)
{
  g_string_append (out, "{\n  ");
  append_json_key (out, "dataset");
  strata_append_json_string (out, dataset->title);
  g_string_append (out, ",\n  ");
  append_json_key (out, "draws");
  g_string_append_printf (out, "%u", mc->n_draws);
  g_string_append (out, ",\n  ");
  append_json_key (out, "seed");
  g_string_append_printf (out, "%" G_GUINT64_FORMAT, mc->seed);
  g_string_append (out, ",\n  ");
  append_json_key (out, "uncertain_numbers");
  g_string_append_printf (out, "%u", mc->n_uncertain);
  g_string_append (out, ",\n  ");
  append_json_key (out, "objective");
  strata_append_json_string (out, strata_objective_to_string (mc->objective));
  g_string_append (out, ",\n  ");
  append_json_key (out, "results");
  g_string_append (out, "[");
  for (guint s = 0; s < mc->n_strategies; s++)
    for (guint p = 0; p < mc->n_points; p++)
      {
        gsize i = (gsize) s * mc->n_points + p;

        g_string_append (out, s + p > 0 ? ",\n    {" : "\n    {");
        append_json_key (out, "strategy");
        strata_append_json_string (out, params->strategies[s]->id);
        g_string_append (out, ", ");
        append_json_key (out, "volume");
        append_json_number (out, mc->volumes[p]);
        g_string_append (out, ", ");
        append_json_key (out, "p10");
        append_json_number (out, mc->p10[i]);
        g_string_append (out, ", ");
        append_json_key (out, "p50");
        append_json_number (out, mc->p50[i]);
        g_string_append (out, ", ");
        append_json_key (out, "p90");
        append_json_number (out, mc->p90[i]);
        g_string_append (out, "}");
      }
  g_string_append (out, "\n  ],\n  ");

  append_json_key (out, "cheaper");
  g_string_append (out, "{");
  append_json_key (out, "a");
  strata_append_json_string (out, params->a->id);
  g_string_append (out, ", ");
  append_json_key (out, "b");
  strata_append_json_string (out, params->b->id);
  g_string_append (out, ", ");
  append_json_key (out, "points");
  g_string_append (out, "[");
  for (guint p = 0; p < mc->n_points; p++)
    {
      g_string_append (out, p > 0 ? ",\n    {" : "\n    {");
      append_json_key (out, "volume");
      append_json_number (out, mc->volumes[p]);
      g_string_append (out, ", ");
      append_json_key (out, "probability_a_cheaper");
      append_json_number (out, mc->probability_a_cheaper[p]);
      g_string_append (out, "}");
    }
  g_string_append (out, "\n  ]},\n  ");

  append_json_key (out, "breakeven");
  g_string_append (out, "{");
  append_json_key (out, "p10");
  append_json_volume_or_null (out, mc->breakeven_p10);
  g_string_append (out, ", ");
  append_json_key (out, "p50");
  append_json_volume_or_null (out, mc->breakeven_p50);
  g_string_append (out, ", ");
  append_json_key (out, "p90");
  append_json_volume_or_null (out, mc->breakeven_p90);
  g_string_append (out, ", ");
  append_json_key (out, "no_crossing_share");
  append_json_number (out, mc->no_crossing_share);
  g_string_append (out, "},\n  ");

  /* P(A cheaper than each strategy), and per layer the share of draws in
   * which the optimum integrates it. */
  append_json_key (out, "a_cheaper_than");
  g_string_append (out, "[");
  for (guint s = 0; s < mc->n_strategies; s++)
    {
      g_string_append (out, s > 0 ? ",\n    {" : "\n    {");
      append_json_key (out, "strategy");
      strata_append_json_string (out, params->strategies[s]->id);
      g_string_append (out, ", ");
      append_json_key (out, "probability");
      g_string_append (out, "[");
      for (guint p = 0; p < mc->n_points; p++)
        {
          if (p > 0)
            g_string_append (out, ", ");
          append_json_number (out, mc->probability_cheaper[(gsize) s * mc->n_points + p]);
        }
      g_string_append (out, "]}");
    }
  g_string_append (out, "\n  ],\n  ");
  append_json_key (out, "optimal_integrates");
  g_string_append (out, "[");
  for (guint l = 0; l < mc->n_layers; l++)
    {
      g_string_append (out, l > 0 ? ",\n    {" : "\n    {");
      append_json_key (out, "layer");
      strata_append_json_string (out, dataset->layers[l].id);
      g_string_append (out, ", ");
      append_json_key (out, "probability");
      g_string_append (out, "[");
      for (guint p = 0; p < mc->n_points; p++)
        {
          if (p > 0)
            g_string_append (out, ", ");
          append_json_number (out, mc->layer_integrated[(gsize) p * mc->n_layers + l]);
        }
      g_string_append (out, "]}");
    }
  g_string_append (out, "\n  ]\n}\n");
}

static void
print_montecarlo_csv (const StrataMonteCarloParams *params,
                      const StrataMonteCarlo       *mc,
                      GString                      *out)
{
  g_string_append_printf (out, "strategy,volume,p10,p50,p90,probability_a_cheaper%s",
                          csv_row_end ());
  for (guint s = 0; s < mc->n_strategies; s++)
    for (guint p = 0; p < mc->n_points; p++)
      {
        gsize i = (gsize) s * mc->n_points + p;

        _strata_cli_append_csv_field (out, params->strategies[s]->id);
        g_string_append_c (out, ',');
        append_csv_number (out, mc->volumes[p]);
        g_string_append_c (out, ',');
        append_csv_number (out, mc->p10[i]);
        g_string_append_c (out, ',');
        append_csv_number (out, mc->p50[i]);
        g_string_append_c (out, ',');
        append_csv_number (out, mc->p90[i]);
        g_string_append_c (out, ',');
        /* The odds of A against B, on A's rows. */
        if (params->strategies[s] == params->a)
          append_csv_number (out, mc->probability_a_cheaper[p]);
        g_string_append (out, csv_row_end ());
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

  g_string_append (out, "\nShare of draws in which the optimum integrates each layer:\n\n");
  g_ptr_array_add (header, g_strdup ("Volume"));
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
        g_ptr_array_add (row, format_percent (mc->layer_integrated[(gsize) p * mc->n_layers + l]));
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
  g_autofree char *range = format_range (dataset);
  g_autofree char *per_unit = NULL;

  append_table_header (out, dataset);
  g_string_append_printf (out, "Monte Carlo: %u %s, seed %" G_GUINT64_FORMAT ", %u uncertain "
                               "%s drawn from triangular (low, value, high) distributions\n",
                          mc->n_draws, plural (mc->n_draws, "draw", "draws"), mc->seed,
                          mc->n_uncertain, plural (mc->n_uncertain, "number", "numbers"));
  if (mc->n_uncertain == 0)
    g_string_append (out, "This dataset has no uncertain numbers: every draw is the same, "
                          "so P10 = P50 = P90.\n");
  per_unit = strata_format_unit_singular (dataset->unit);
  g_string_append_printf (out, "\n%s, P50 (P10–P90), in %s per %s:\n\n",
                          mc->objective == STRATA_OBJECTIVE_CASH
                          ? "Unit cost (objective: cash, ecosystem value not counted)"
                          : "Effective unit cost (objective: effective, cost less ecosystem value)",
                          dataset->currency, per_unit);

  g_ptr_array_add (header, g_strdup ("Volume"));
  for (guint s = 0; s < mc->n_strategies; s++)
    g_ptr_array_add (header, g_strdup (params->strategies[s]->name));
  g_ptr_array_add (header, g_strdup_printf ("P(%s cheaper)", params->a->id));
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
      g_ptr_array_add (row, format_percent (mc->probability_a_cheaper[p]));
      _strata_cli_table_add_row (table, (const char *const *) row->pdata);
    }
  _strata_cli_table_render (table, "", out);

  print_montecarlo_layers (dataset, mc, out);

  g_string_append_printf (out, "\nP(%s cheaper): share of draws in which %s (%s) costs less "
                               "than %s (%s).\n",
                          params->a->id, params->a->name, params->a->id,
                          params->b->name, params->b->id);
  if (mc->n_crossing_draws == 0)
    g_string_append_printf (out, "Break-even of %s and %s: no draw crosses in %s.\n",
                            params->a->id, params->b->id, range);
  else
    {
      g_autofree char *p10 = strata_format_volume (mc->breakeven_p10);
      g_autofree char *p50 = strata_format_volume (mc->breakeven_p50);
      g_autofree char *p90 = strata_format_volume (mc->breakeven_p90);
      g_autofree char *share = format_percent (mc->no_crossing_share);

      g_string_append_printf (out, "First break-even of %s and %s in %s (%s per year): "
                                   "P10 %s, P50 %s, P90 %s; %s of draws never cross.\n",
                              params->a->id, params->b->id, range, dataset->unit,
                              p10, p50, p90, share);
    }
}

static int
run_montecarlo (CliOptions *options,
                const char *filename)
{
  g_autoptr(StrataDataset) dataset = NULL;
  g_autoptr(StrataMonteCarlo) mc = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GPtrArray) strategies = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  StrataMonteCarloParams params;
  int status = STRATA_CLI_EXIT_OK;

  dataset = strata_cli_load (filename);
  if (dataset == NULL)
    return STRATA_CLI_EXIT_REFUSED;

  for (guint i = 0; i < options->selectors->len; i++)
    {
      const Selector *selector = g_ptr_array_index (options->selectors, i);
      const StrataStrategy *strategy =
        find_strategy_or_complain (dataset, "montecarlo", selector->text, &status);

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
      params.b = find_strategy_or_complain (dataset, "montecarlo", options->versus, &status);
      if (params.b == NULL)
        return status;
    }
  else
    params.b = default_versus (dataset, params.a);

  mc = strata_monte_carlo_run (dataset, &params, NULL, &error);
  if (mc == NULL)
    {
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

  return _strata_cli_write_stdout (out) ? STRATA_CLI_EXIT_OK : STRATA_CLI_EXIT_REFUSED;
}

/* ------------------------------------------------------------------------
 * Dispatch
 * ------------------------------------------------------------------------ */

static const Command commands[] = {
  { "validate",
    "Check a dataset file against every rule of the stack format.",
    "FILE",
    "Prints a one-line summary and exits 0 when the file is valid; otherwise prints\n"
    "one line per problem on stderr (FILE:LINE:COL: error: … or FILE: error: PATH: …)\n"
    "and exits 1.",
    validate_entries, run_validate },
  { "evaluate",
    "Unit cost, supplier margin, capital at risk and more for strategies at volumes.",
    "FILE",
    "Strategy selectors and volumes repeat and are reported in the order given:\n"
    "every strategy at every volume, strategy by strategy.  With no strategy, every\n"
    "preset and dataset strategy is reported; with no volume, the dataset's\n"
    "default volume.  A volume outside the dataset's range is evaluated all the\n"
    "same and marked (a note on stderr for csv and json).\n"
    "\n"
    "An unknown strategy, layer or option id is a usage error (exit 2).\n"
    "\n"
    "Examples:\n"
    "  strata-cli evaluate stack.json\n"
    "  strata-cli evaluate stack.json --all-neutral --optimal --volume 1B --volume 50B\n"
    "  strata-cli evaluate stack.json --choices chips=asic,cloud=own --format json",
    evaluate_entries, run_evaluate },
  { "breakeven",
    "Volumes where two strategies cost the same, and which is cheaper above each.",
    "FILE --strategy A --versus B",
    "Compares the objective's cost of A and B (effective unit cost unless\n"
    "--objective cash) over the dataset's volume range: every break-even, which\n"
    "is cheaper above it, and every stretch where the two cost the same.\n"
    "Strategy ids are the presets all-neutral, all-integrated, optimal and the\n"
    "dataset's own.\n"
    "\n"
    "Example:\n"
    "  strata-cli breakeven stack.json --strategy all-neutral --versus all-integrated",
    breakeven_entries, run_breakeven },
  { "ladder",
    "The optimal strategy across the volume range and where each layer flips mode.",
    "FILE",
    "Solves the exact optimum at N log-spaced volumes from volume.min to volume.max.\n"
    "\n"
    "Example:\n"
    "  strata-cli ladder stack.json --points 16",
    ladder_entries, run_ladder },
  { "montecarlo",
    "P10, P50 and P90 of the effective unit cost under the dataset's uncertain numbers.",
    "FILE",
    "Draws every uncertain number {value, low, high} from its triangular\n"
    "distribution (mode: value), N times, and re-runs the model on each draw:\n"
    "optimal is solved again in every draw.  Reports per strategy and volume\n"
    "(N log-spaced volumes from volume.min to volume.max) the 10th, 50th and 90th\n"
    "percentiles of the effective unit cost (linear interpolation between order\n"
    "statistics, as R's default), the share of draws in which A is cheaper than\n"
    "B at each volume, and the P10, P50 and P90 of the first break-even volume of\n"
    "A and B over the draws that have one, with the share of draws that never\n"
    "cross.  The same seed gives the same numbers on every machine.\n"
    "\n"
    "A is the first --strategy (all-neutral when none is given); B is --versus,\n"
    "else the dataset's first own strategy (all-integrated when it has none).\n"
    "\n"
    "Examples:\n"
    "  strata-cli montecarlo stack.json\n"
    "  strata-cli montecarlo stack.json --draws 10000 --seed 7 --format json\n"
    "  strata-cli montecarlo stack.json --strategy all-neutral --versus optimal --points 8",
    montecarlo_entries, run_montecarlo },
};

static void
print_help (FILE *stream)
{
  fprintf (stream,
           "Usage:\n"
           "  strata-cli COMMAND [OPTION…] FILE\n"
           "\n"
           "Own a layer of the stack, or stay neutral and buy it?  Evaluates stack\n"
           "datasets from the command line with the same model as the Strata app.\n"
           "\n"
           "Commands:\n");
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      const char *nl = strchr (commands[i].summary, '\n');
      g_autofree char *first = nl ? g_strndup (commands[i].summary, (gsize) (nl - commands[i].summary))
                                  : g_strdup (commands[i].summary);
      if (nl != NULL)
        {
          /* One line per command: join a wrapped summary. */
          g_free (first);
          first = g_strdelimit (g_strdup (commands[i].summary), "\n", ' ');
        }
      fprintf (stream, "  %-10s  %s\n", commands[i].name, first);
    }
  fprintf (stream, "  %-10s  %s\n", "roadmap",
           "The decision over years: adopt a strategy now, or the optimal roadmap.");
  fprintf (stream, "  %-12s%s\n", "switchpoints",
           "What would have to be true: the values at which the decision changes.");
  fprintf (stream,
           "  %-10s  %s\n"
           "  %-10s  %s\n"
           "  %-10s  %s\n"
           "\n"
           "Options:\n"
           "  -h, --help  Show this help\n"
           "  --version   Show the version\n"
           "\n"
           "Run “strata-cli COMMAND --help” for the options of a command.\n"
           "Exit status: 0 success, 1 the input file was refused, 2 wrong usage.\n",
           "export", "Draw a chart of a dataset to PNG, SVG or PDF.",
           "set", "Change fields of a dataset by path (PATH=VALUE) and save it.",
           "format", "Rewrite a dataset through load and save.");
}

static int
run_command (const Command  *command,
             int             argc,
             char          **argv)
{
  CliOptions options;
  const char *filename = NULL;
  int status;

  cli_options_init (&options, command->name);
  status = parse_command_line (command, &options, argc, argv, &filename);
  if (status < 0)
    status = command->run (&options, filename);
  cli_options_clear (&options);
  return status;
}

int
main (int   argc,
      char *argv[])
{
  const char *name;

  setlocale (LC_ALL, "");

  if (argc < 2)
    {
      print_help (stderr);
      return STRATA_CLI_EXIT_USAGE;
    }

  name = argv[1];

  if (g_str_equal (name, "--help") || g_str_equal (name, "-h"))
    {
      print_help (stdout);
      return STRATA_CLI_EXIT_OK;
    }
  if (g_str_equal (name, "--version"))
    {
      printf ("strata-cli %s\n", PACKAGE_VERSION);
      return STRATA_CLI_EXIT_OK;
    }

  /* `strata-cli help [COMMAND]` */
  if (g_str_equal (name, "help"))
    {
      if (argc == 2)
        {
          print_help (stdout);
          return STRATA_CLI_EXIT_OK;
        }
      if (argc == 3)
        {
          char *help_argv[] = { argv[2], (char *) "--help", NULL };

          for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
            if (g_str_equal (argv[2], commands[i].name))
              return run_command (&commands[i], 2, help_argv);
          if (g_str_equal (argv[2], "export"))
            return strata_cli_export (2, help_argv);
          if (g_str_equal (argv[2], "roadmap"))
            return strata_cli_roadmap (2, help_argv);
          if (g_str_equal (argv[2], "switchpoints"))
            return strata_cli_switchpoints (2, help_argv);
          if (g_str_equal (argv[2], "set"))
            return strata_cli_set (2, help_argv);
          if (g_str_equal (argv[2], "format"))
            return strata_cli_format (2, help_argv);
        }
      return _strata_cli_usage_error (NULL, "help takes at most one command name");
    }

  if (g_str_equal (name, "export"))
    {
      g_set_prgname ("strata-cli export");
      return strata_cli_export (argc - 1, argv + 1);
    }

  if (g_str_equal (name, "roadmap"))
    {
      g_set_prgname ("strata-cli roadmap");
      return strata_cli_roadmap (argc - 1, argv + 1);
    }

  if (g_str_equal (name, "switchpoints"))
    {
      g_set_prgname ("strata-cli switchpoints");
      return strata_cli_switchpoints (argc - 1, argv + 1);
    }

  if (g_str_equal (name, "set") || g_str_equal (name, "format"))
    {
      g_set_prgname (g_str_equal (name, "set") ? "strata-cli set" : "strata-cli format");
      return g_str_equal (name, "set") ? strata_cli_set (argc - 1, argv + 1)
                                       : strata_cli_format (argc - 1, argv + 1);
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (name, commands[i].name))
      return run_command (&commands[i], argc - 1, argv + 1);

  if (name[0] == '-')
    return _strata_cli_usage_error (NULL, "unknown option “%s” (a command comes first)", name);
  return _strata_cli_usage_error (NULL, "unknown command “%s”", name);
}

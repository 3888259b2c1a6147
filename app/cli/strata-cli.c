/* strata-cli.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <strata/strata-format.h>
#include <strata/strata-model.h>
#include <strata/strata-uncertainty.h>

#include "strata-cli-private.h"

#define LADDER_DEFAULT_POINTS 64
#define LADDER_MAX_POINTS     100000

/* Seeds stay below 2^53 so that every JSON reader keeps them exact. */
#define MONTE_CARLO_MAX_SEED  G_GUINT64_CONSTANT (9007199254740991)

/* ------------------------------------------------------------------------
 * Options shared by the subcommands
 * ------------------------------------------------------------------------ */

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
check_strategy_id (const char  *option_name,
                   const char  *value,
                   GError     **error)
{
  if (value == NULL || *value == '\0')
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("%s needs a strategy id"), option_name);
      return FALSE;
    }
  return TRUE;
}

/* Sets *@slot to the strategy id @value, which may be given once. */
static gboolean
set_strategy_once (const char  *option_name,
                   const char  *value,
                   char       **slot,
                   GError     **error)
{
  if (!check_strategy_id (option_name, value, error))
    return FALSE;
  if (*slot != NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("%s is given more than once"), option_name);
      return FALSE;
    }
  *slot = g_strdup (value);
  return TRUE;
}

static gboolean
on_strategy_cb (const char  *option_name,
                const char  *value,
                gpointer     data,
                GError     **error)
{
  CliOptions *options = data;

  if (!check_strategy_id (option_name, value, error))
    return FALSE;
  /* breakeven takes one A (--strategy) and one B (--versus). */
  if (g_strcmp0 (options->command, "breakeven") == 0)
    return set_strategy_once (option_name, value,
                              g_str_equal (option_name, "--versus") ? &options->versus
                                                                    : &options->strategy,
                              error);
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
                   _("%s needs LAYER=OPTION pairs separated by commas"), option_name);
      return FALSE;
    }
  for (guint i = 0; pairs[i] != NULL; i++)
    {
      char *eq = strchr (pairs[i], '=');

      if (eq == NULL || eq == pairs[i] || eq[1] == '\0' || strchr (eq + 1, '=') != NULL)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("%s: “%s” is not LAYER=OPTION"), option_name, pairs[i]);
          return FALSE;
        }
      *eq = '\0';
      if (!g_hash_table_add (seen, pairs[i]))
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("%s: layer “%s” is named twice"), option_name, pairs[i]);
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
                   _("%s: “%s” is not an objective (effective or cash)"), option_name, value);
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
      g_autofree char *lo = g_strdup_printf ("%" G_GUINT64_FORMAT, min);
      g_autofree char *hi = g_strdup_printf ("%" G_GUINT64_FORMAT, max);

      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   /* Translators: an option, what it was given and two whole numbers */
                   _("%s: “%s” is not a whole number from %s to %s"),
                   option_name, value, lo, hi);
      return FALSE;
    }
  return TRUE;
}

/* parse_whole_number() into a guint (@max fits one). */
static gboolean
parse_count (const char  *option_name,
             const char  *value,
             guint        min,
             guint        max,
             guint       *out,
             GError     **error)
{
  guint64 count;

  if (!parse_whole_number (option_name, value, min, max, &count, error))
    return FALSE;
  *out = (guint) count;
  return TRUE;
}

static gboolean
on_points_cb (const char  *option_name,
              const char  *value,
              gpointer     data,
              GError     **error)
{
  CliOptions *options = data;

  return parse_count (option_name, value, 2, LADDER_MAX_POINTS, &options->points, error);
}

static gboolean
on_versus_cb (const char  *option_name,
              const char  *value,
              gpointer     data,
              GError     **error)
{
  CliOptions *options = data;

  return set_strategy_once (option_name, value, &options->versus, error);
}

static gboolean
on_draws_cb (const char  *option_name,
             const char  *value,
             gpointer     data,
             GError     **error)
{
  CliOptions *options = data;

  return parse_count (option_name, value, 1, STRATA_MONTE_CARLO_MAX_DRAWS, &options->draws, error);
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

  return parse_count (option_name, value, 2, STRATA_MONTE_CARLO_MAX_POINTS,
                      &options->mc_points, error);
}

#define FORMAT_ENTRY \
  { "format", 0, 0, G_OPTION_ARG_CALLBACK, on_format_cb, \
    N_("Output format: table (default), csv or json"), "FORMAT" }

#define OBJECTIVE_ENTRY \
  { "objective", 0, 0, G_OPTION_ARG_CALLBACK, on_objective_cb, \
    N_("What optimal minimizes: effective (default: unit cost less ecosystem value) " \
       "or cash (unit cost)"), "OBJ" }

static const GOptionEntry validate_entries[] = {
  G_OPTION_ENTRY_NULL
};

static const GOptionEntry evaluate_entries[] = {
  { "strategy", 's', 0, G_OPTION_ARG_CALLBACK, on_strategy_cb,
    N_("Evaluate a strategy by id (a preset or one of the dataset's); repeatable"), "ID" },
  { "choices", 'c', 0, G_OPTION_ARG_CALLBACK, on_choices_cb,
    N_("Evaluate a custom strategy; unnamed layers take their first option; repeatable"),
    "LAYER=OPTION,…" },
  { "all-neutral", 0, G_OPTION_FLAG_NO_ARG, G_OPTION_ARG_CALLBACK, on_preset_cb,
    N_("Same as --strategy all-neutral"), NULL },
  { "all-integrated", 0, G_OPTION_FLAG_NO_ARG, G_OPTION_ARG_CALLBACK, on_preset_cb,
    N_("Same as --strategy all-integrated"), NULL },
  { "optimal", 0, G_OPTION_FLAG_NO_ARG, G_OPTION_ARG_CALLBACK, on_preset_cb,
    N_("Same as --strategy optimal (solved at each volume)"), NULL },
  { "volume", 0, 0, G_OPTION_ARG_CALLBACK, on_volume_cb,
    N_("Units per year, e.g. 2.5e9, 2.5B, 750k or 2,500,000,000; repeatable"), "V" },
  OBJECTIVE_ENTRY,
  FORMAT_ENTRY,
  G_OPTION_ENTRY_NULL
};

static const GOptionEntry breakeven_entries[] = {
  { "strategy", 's', 0, G_OPTION_ARG_CALLBACK, on_strategy_cb,
    N_("First strategy (id)"), "A" },
  { "versus", 0, 0, G_OPTION_ARG_CALLBACK, on_strategy_cb,
    N_("Second strategy (id)"), "B" },
  OBJECTIVE_ENTRY,
  FORMAT_ENTRY,
  G_OPTION_ENTRY_NULL
};

static const GOptionEntry ladder_entries[] = {
  { "points", 'n', 0, G_OPTION_ARG_CALLBACK, on_points_cb,
    N_("Number of log-spaced volumes (2 to 100000, default 64); the flips are found between at least 64 whatever the number"), "N" },
  OBJECTIVE_ENTRY,
  FORMAT_ENTRY,
  G_OPTION_ENTRY_NULL
};

static const GOptionEntry montecarlo_entries[] = {
  { "draws", 0, 0, G_OPTION_ARG_CALLBACK, on_draws_cb,
    N_("Number of draws (1 to 1000000, default 1000)"), "N" },
  { "seed", 0, 0, G_OPTION_ARG_CALLBACK, on_seed_cb,
    N_("Seed of the random numbers (0 to 2^53 - 1, default 1)"), "S" },
  { "strategy", 's', 0, G_OPTION_ARG_CALLBACK, on_strategy_cb,
    N_("Simulate a strategy by id; repeatable (default: every preset and dataset strategy); "
       "the first is A"), "ID" },
  { "versus", 0, 0, G_OPTION_ARG_CALLBACK, on_versus_cb,
    N_("B, the strategy A is compared with (default: the dataset's first own strategy)"), "ID" },
  { "objective", 0, 0, G_OPTION_ARG_CALLBACK, on_objective_cb,
    N_("What costs rank by: effective (less ecosystem value, the default) or cash"), "OBJ" },
  { "points", 'n', 0, G_OPTION_ARG_CALLBACK, on_mc_points_cb,
    N_("Number of log-spaced volumes (2 to 1000, default 32)"), "N" },
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
  g_autofree char *prgname = g_strdup_printf ("strata-cli %s", command->name);
  GOptionGroup *group;
  int status;

  g_set_prgname (prgname);

  context = g_option_context_new (command->usage);
  /* The summary, details and option descriptions are translated here. */
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, command->summary);
  g_option_context_set_description (context, command->details);

  group = g_option_group_new (command->name, command->summary,
                              N_("Show help options"), options, NULL);
  g_option_group_set_translation_domain (group, GETTEXT_PACKAGE);
  g_option_group_add_entries (group, command->entries);
  g_option_context_set_main_group (context, group);

  status = _strata_cli_parse_options (command->name, context, _("missing FILE"), &argc, &argv);
  if (status < 0)
    *filename = argv[1];
  return status;
}

/* ------------------------------------------------------------------------
 * Dispatch
 * ------------------------------------------------------------------------ */

static const Command commands[] = {
  { "validate",
    N_("Check a dataset file against every rule of the stack format."),
    "FILE",
    N_("Prints a one-line summary and exits 0 when the file is valid; otherwise prints\n"
    "one line per problem on stderr (FILE:LINE:COL: error: … or FILE: error: PATH: …)\n"
    "and exits 1."),
    validate_entries, _strata_cli_run_validate },
  { "evaluate",
    N_("Unit cost, supplier margin, capital at risk and more for strategies at volumes."),
    "FILE",
    N_("Strategy selectors and volumes repeat and are reported in the order given:\n"
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
    "  strata-cli evaluate stack.json --choices chips=asic,cloud=own --format json"),
    evaluate_entries, _strata_cli_run_evaluate },
  { "breakeven",
    N_("Volumes where two strategies cost the same, and which is cheaper above each."),
    "FILE --strategy A --versus B",
    N_("Compares the objective's cost of A and B (effective unit cost unless\n"
    "--objective cash) over the dataset's volume range: every break-even, which\n"
    "is cheaper above it, and every stretch where the two cost the same.\n"
    "Strategy ids are the presets all-neutral, all-integrated, optimal and the\n"
    "dataset's own.\n"
    "\n"
    "Example:\n"
    "  strata-cli breakeven stack.json --strategy all-neutral --versus all-integrated"),
    breakeven_entries, _strata_cli_run_breakeven },
  { "ladder",
    N_("The optimal strategy across the volume range and where each layer flips mode."),
    "FILE",
    N_("Solves the exact optimum at N log-spaced volumes from volume.min to volume.max.\n"
    "\n"
    "Example:\n"
    "  strata-cli ladder stack.json --points 16"),
    ladder_entries, _strata_cli_run_ladder },
  { "montecarlo",
    N_("P10, P50 and P90 of the effective unit cost under the dataset's uncertain numbers."),
    "FILE",
    N_("Draws every uncertain number {value, low, high} from its triangular\n"
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
    "  strata-cli montecarlo stack.json --strategy all-neutral --versus optimal --points 8"),
    montecarlo_entries, _strata_cli_run_montecarlo },
};

static void
print_help (FILE *stream)
{
  static const struct {
    const char *name;
    const char *summary;
  } more[] = {
    { "roadmap", N_("The decision over years: adopt a strategy now, or the optimal roadmap.") },
    { "switchpoints", N_("What would have to be true: the values at which the decision changes.") },
    { "export", N_("Draw a chart of a dataset to PNG, SVG or PDF.") },
    { "set", N_("Change fields of a dataset by path (PATH=VALUE) and save it.") },
    { "format", N_("Rewrite a dataset through load and save.") },
  };

  fprintf (stream, "%s\n  %s\n\n%s\n\n%s\n",
           _("Usage:"), _("strata-cli COMMAND [OPTION…] FILE"),
           _("Own a layer of the stack, or stay neutral and buy it?  Evaluates stack\n"
             "datasets from the command line with the same model as the Strata app."),
           _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      /* One line per command: a wrapped summary joined. */
      g_autofree char *first = g_strdelimit (g_strdup (_(commands[i].summary)), "\n", ' ');

      fprintf (stream, "  %-12s  %s\n", commands[i].name, first);
    }
  for (guint i = 0; i < G_N_ELEMENTS (more); i++)
    fprintf (stream, "  %-12s  %s\n", more[i].name, _(more[i].summary));
  fprintf (stream, "\n%s\n  -h, --help    %s\n  --version     %s\n\n%s\n%s\n",
           _("Options:"), _("Show this help"), _("Show the version"),
           _("Run “strata-cli COMMAND --help” for the options of a command."),
           _("Exit status: 0 success, 1 the input file was refused, 2 wrong usage."));
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

  /* The categories the CLI reads: the character set (and the language
   * pango tags text with), g_strtod's decimal point for --scale, sorting
   * and the messages.  Its figures are C-style everywhere (strata-format.c)
   * and it formats no dates, money or addresses: loading those eight
   * other categories took 44 system calls and 13 page faults of every
   * run (each one a file of its own under C.UTF-8). */
  setlocale (LC_CTYPE, "");
  setlocale (LC_NUMERIC, "");
  setlocale (LC_COLLATE, "");
  setlocale (LC_MESSAGES, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

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
      return _strata_cli_usage_error (NULL, _("help takes at most one command name"));
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
    return _strata_cli_usage_error (NULL, _("unknown option “%s” (a command comes first)"), name);
  return _strata_cli_usage_error (NULL, _("unknown command “%s”"), name);
}

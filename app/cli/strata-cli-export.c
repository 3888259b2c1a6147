/* strata-cli-export.c: `strata-cli export`, charts to PNG, SVG and PDF
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include <errno.h>
#include <math.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <strata/strata-chart.h>
#include <strata/strata-export.h>
#include <strata/strata-file.h>
#include <strata/strata-format.h>

#include <strata/strata-uncertainty.h>

#include "strata-cli-private.h"

#define DEFAULT_WIDTH  1920
#define DEFAULT_HEIGHT 1080

static gboolean
parse_positive_int (const char *text,
                    int        *out)
{
  char *end = NULL;
  gint64 value;

  if (text == NULL || *text == '\0')
    return FALSE;
  value = g_ascii_strtoll (text, &end, 10);
  if (end == text || *end != '\0' || value <= 0 || value > G_MAXINT)
    return FALSE;
  *out = (int) value;
  return TRUE;
}

static const char *
extension_of (const char *path)
{
  const char *base = strrchr (path, '/');
  const char *dot = strrchr (base != NULL ? base : path, '.');

  return dot != NULL ? dot + 1 : NULL;
}

typedef struct
{
  char    *chart;
  char    *format_text;
  char    *width_text;
  char    *height_text;
  char    *theme_text;
  char    *volume_text;
  char    *output;
  char    *svg_text;
  char    *title;
  char    *outcome_text;
  char    *objective_text;
  GStrv    strategy_ids;
  gboolean no_title;
  gboolean transparent;
  gboolean log_y;
  gboolean deck;
  gboolean data;
  gboolean bands;
  int      draws;
  double   scale;

  /* parsed */
  const char        *file;
  StrataChartKind    kind;
  StrataExportFormat format;
  StrataTheme        theme;
  int                width;
  int                height;
  StrataTornadoOutcome outcome;
  StrataObjective    objective;
} Args;

static void
args_clear (Args *args)
{
  g_free (args->chart);
  g_free (args->format_text);
  g_free (args->width_text);
  g_free (args->height_text);
  g_free (args->theme_text);
  g_free (args->volume_text);
  g_free (args->objective_text);
  g_free (args->output);
  g_free (args->svg_text);
  g_free (args->title);
  g_free (args->outcome_text);
  g_strfreev (args->strategy_ids);
}

/* Returns -1 to go on, else the exit status. */
static int
parse_command_line (Args   *args,
                    int    *argc,
                    char ***argv)
{
  GOptionEntry entries[] = {
    { "chart", 'c', 0, G_OPTION_ARG_STRING, &args->chart,
      N_("cost-curves, value-chain, compare, ladder, tornado, roadmap, chances or switchpoints"), "KIND" },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &args->format_text,
      N_("png, svg or pdf (default: from the output's extension)"), "FORMAT" },
    { "width", 'W', 0, G_OPTION_ARG_STRING, &args->width_text,
      N_("Width in pixels (PNG, SVG) or points (PDF); default 1920"), "W" },
    { "height", 'H', 0, G_OPTION_ARG_STRING, &args->height_text,
      N_("Height in pixels (PNG, SVG) or points (PDF); default 1080"), "H" },
    { "scale", 0, 0, G_OPTION_ARG_DOUBLE, &args->scale,
      N_("Pixel density of a PNG (2 doubles it); default 1"), "S" },
    { "theme", 't', 0, G_OPTION_ARG_STRING, &args->theme_text,
      N_("light, dark or slide (large type); default light (slide for a deck)"), "THEME" },
    { "transparent", 0, 0, G_OPTION_ARG_NONE, &args->transparent,
      N_("No background"), NULL },
    { "log-y", 0, 0, G_OPTION_ARG_NONE, &args->log_y,
      N_("Logarithmic cost axis (cost curves)"), NULL },
    { "volume", 'v', 0, G_OPTION_ARG_STRING, &args->volume_text,
      N_("Current volume, e.g. 2.5B (default: the dataset's)"), "V" },
    { "strategy", 's', 0, G_OPTION_ARG_STRING_ARRAY, &args->strategy_ids,
      N_("Strategy to draw (repeatable; the first is the current one; default: the presets "
         "and the dataset's first strategies, six in all, the current one being the dataset's "
         "first own strategy, else optimal, as in the app)"), "ID" },
    { "outcome", 0, 0, G_OPTION_ARG_STRING, &args->outcome_text,
      N_("Tornado: cost (default), gap or breakeven (the first --strategy against the second), "
         "or savings_npv (adopting the first --strategy now, MODEL.md 8); switchpoints: the same, "
         "gap and breakeven both being which of the two is cheaper"),
      "OUTCOME" },
    { "objective", 0, 0, G_OPTION_ARG_STRING, &args->objective_text,
      N_("What optimal minimizes and the charts rank by: effective (default: unit cost less "
         "ecosystem value) or cash (unit cost)"), "OBJ" },
    { "title", 0, 0, G_OPTION_ARG_STRING, &args->title,
      N_("Action title above the chart (default: generated from the model, slide theme only)"), "TEXT" },
    { "no-title", 0, 0, G_OPTION_ARG_NONE, &args->no_title,
      N_("No action title"), NULL },
    { "svg-text", 0, 0, G_OPTION_ARG_STRING, &args->svg_text,
      N_("SVG text as editable text elements (text, the default) or glyph outlines (outlines)"), "KIND" },
    { "deck", 0, 0, G_OPTION_ARG_NONE, &args->deck,
      N_("Every chart: one 16:9 PDF, or with --format png|svg a folder of numbered files and CSVs"), NULL },
    { "data", 0, 0, G_OPTION_ARG_NONE, &args->data,
      N_("The chart's series as CSV (with units) instead of a picture"), NULL },
    { "bands", 0, 0, G_OPTION_ARG_NONE, &args->bands,
      N_("Cost curves: P10-P90 bands and P50 lines from a Monte Carlo of the uncertain numbers; "
         "roadmap: the P10-P90 of the optimal roadmap's cumulative savings and P(savings > 0)"), NULL },
    { "draws", 0, 0, G_OPTION_ARG_INT, &args->draws,
      N_("Draws of the Monte Carlo behind --bands, the chances chart and a deck's chances and roadmap pages (default 2000, seed 1)"), "N" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &args->output,
      N_("File to write (a folder for --deck --format png|svg; - for standard output)"), "OUT" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;

  context = g_option_context_new (N_("FILE - draw a chart of a dataset to PNG, SVG or PDF"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_description (context, N_(
    "Charts: cost-curves, value-chain, compare, ladder, tornado (the first\n"
    "strategy's effective unit cost with each uncertain number at its low and\n"
    "high), roadmap (the plan over years of a dataset with a horizon), chances\n"
    "(a Monte Carlo of the uncertain numbers: the odds that the first strategy\n"
    "is cheaper than each other against volume, its break-even volume against\n"
    "the second as a distribution, per layer the odds the optimum integrates),\n"
    "switchpoints (how far each number would have to move, alone, for the\n"
    "optimal choice at --volume to change, on a log scale; with --outcome gap\n"
    "or breakeven, which of the first two strategies is cheaper there).\n"
    "--outcome savings_npv: the tornado swings savings_npv of adopting the first\n"
    "strategy now against the horizon's start plan (section 6's uncertain numbers\n"
    "and the horizon's: capex, exit costs, discount rate, first volume, growth),\n"
    "and the switch points are those that turn its sign (build years too).\n"
    "--bands adds the Monte Carlo's P10-P90 bands to the cost curves, and to the\n"
    "roadmap the P10-P90 of its cumulative savings (the horizon's Monte Carlo).\n"
    "With no --strategy: all-neutral, all-integrated, the dataset's own\n"
    "strategies and optimal.  Every chart carries a source line (the dataset,\n"
    "the sources behind the figures drawn, the objective); the slide theme adds\n"
    "an action title computed from the model.  The file is written atomically.\n"
    "  strata-cli export FILE --deck -o deck.pdf         every chart, then the sources\n"
    "  strata-cli export FILE --deck --format png -o DIR  01-cost-curves.png + .csv, ...\n"
    "  strata-cli export FILE --chart ladder --data -o ladder.csv\n"
    "Exit status: 0 written, 1 the dataset was refused or the file could not be\n"
    "written, 2 wrong usage."));
  return _strata_cli_parse_options ("export", context, NULL, argc, argv);
}

/* Checks the options against each other; returns an exit status or -1. */
static int
check_args (Args  *args,
            int    argc,
            char **argv)
{
  g_autoptr(GError) error = NULL;

  args->file = argv[1];
  if (args->deck && args->data)
    return _strata_cli_usage_error ("export", _("--deck and --data go against each other (a deck folder has the CSVs)"));
  if (args->deck && args->chart != NULL)
    return _strata_cli_usage_error ("export", _("--deck draws every chart: leave out --chart"));
  if (!args->deck && args->chart == NULL)
    return _strata_cli_usage_error ("export", _("missing --chart (cost-curves, value-chain, compare, ladder, tornado, roadmap, chances or switchpoints)"));
  if (args->chart != NULL && !strata_chart_kind_from_string (args->chart, &args->kind))
    return _strata_cli_usage_error ("export", _("unknown chart “%s”: choose cost-curves, value-chain, compare, ladder, "
                  "tornado, roadmap, chances or switchpoints"), args->chart);
  if (args->output == NULL || *args->output == '\0')
    return _strata_cli_usage_error ("export", _("missing -o OUT, the file to write"));
  args->objective = STRATA_OBJECTIVE_DEFAULT;
  if (args->objective_text != NULL && !strata_objective_from_string (args->objective_text, &args->objective))
    return _strata_cli_usage_error ("export", _("%s: “%s” is not an objective (effective or cash)"),
                                    "--objective", args->objective_text);

  args->format = STRATA_EXPORT_PDF;
  if (args->format_text == NULL && !args->data && !(args->deck && extension_of (args->output) == NULL))
    {
      const char *ext = extension_of (args->output);
      g_autofree char *lower = ext != NULL ? g_ascii_strdown (ext, -1) : NULL;

      if (lower == NULL || !strata_export_format_from_string (lower, &args->format))
        return _strata_cli_usage_error ("export", _("missing --format (png, svg or pdf) and “%s” does not name one"), args->output);
    }
  else if (args->format_text != NULL && !strata_export_format_from_string (args->format_text, &args->format))
    return _strata_cli_usage_error ("export", _("unknown format “%s”: choose png, svg or pdf"), args->format_text);
  if (args->data && args->format_text != NULL)
    return _strata_cli_usage_error ("export", _("--data writes CSV: leave out --format"));
  if (args->deck && args->format_text == NULL && extension_of (args->output) == NULL)
    return _strata_cli_usage_error ("export", _("a deck is one PDF (-o deck.pdf) or a folder with --format png or svg"));
  if (args->deck && g_str_equal (args->output, "-"))
    return _strata_cli_usage_error ("export", _("a deck is written to a file or a folder, not to standard output (-o -)"));

  if (args->width_text != NULL && !parse_positive_int (args->width_text, &args->width))
    return _strata_cli_usage_error ("export", _("--width “%s” is not a positive whole number"), args->width_text);
  if (args->height_text != NULL && !parse_positive_int (args->height_text, &args->height))
    return _strata_cli_usage_error ("export", _("--height “%s” is not a positive whole number"), args->height_text);
  if (args->deck && (args->width_text != NULL || args->height_text != NULL))
    return _strata_cli_usage_error ("export", _("a deck's slides are 16:9 (1920x1080): leave out --width and --height"));
  args->theme = args->deck ? STRATA_THEME_SLIDE : STRATA_THEME_LIGHT;
  if (args->theme_text != NULL && !strata_theme_from_string (args->theme_text, &args->theme))
    return _strata_cli_usage_error ("export", _("unknown theme “%s”: choose light, dark or slide"), args->theme_text);
  if (!strata_chart_check_size (args->format, args->width, args->height, args->scale, &error))
    return _strata_cli_usage_error ("export", "%s", error->message);
  if (args->svg_text != NULL && !g_str_equal (args->svg_text, "text") && !g_str_equal (args->svg_text, "outlines"))
    return _strata_cli_usage_error ("export", _("unknown --svg-text “%s”: choose text or outlines"), args->svg_text);
  if (args->svg_text != NULL && args->format != STRATA_EXPORT_SVG)
    return _strata_cli_usage_error ("export", _("--svg-text applies to SVG only"));
  if (args->title != NULL && args->no_title)
    return _strata_cli_usage_error ("export", _("--title and --no-title go against each other"));
  if (args->log_y && (args->deck || args->kind != STRATA_CHART_COST_CURVES))
    return _strata_cli_usage_error ("export", _("--log-y applies to the cost-curves chart only"));
  if (args->bands && (args->deck || (args->kind != STRATA_CHART_COST_CURVES
                                     && args->kind != STRATA_CHART_ROADMAP)))
    return _strata_cli_usage_error ("export", _("--bands applies to the cost-curves and roadmap charts only"));
  if (args->outcome_text != NULL)
    {
      if (args->deck || (args->kind != STRATA_CHART_TORNADO && args->kind != STRATA_CHART_SWITCHPOINTS))
        return _strata_cli_usage_error ("export", _("--outcome applies to the tornado and switchpoints charts only"));
      if (!strata_tornado_outcome_from_string (args->outcome_text, &args->outcome))
        return _strata_cli_usage_error ("export", _("unknown outcome “%s”: choose cost, gap, breakeven or savings_npv"),
                      args->outcome_text);
      if ((args->outcome == STRATA_TORNADO_GAP || args->outcome == STRATA_TORNADO_BREAKEVEN) &&
          args->strategy_ids != NULL && g_strv_length (args->strategy_ids) == 1)
        return _strata_cli_usage_error ("export", _("--outcome %s compares the first --strategy with a second one"),
                      args->outcome_text);
    }
  if (args->draws != 0 && !(args->bands || args->deck || args->kind == STRATA_CHART_CHANCES))
    return _strata_cli_usage_error ("export", _("--draws applies to --bands, --deck and the chances chart only"));
  if (args->draws < 0 || args->draws > STRATA_MONTE_CARLO_MAX_DRAWS)
    return _strata_cli_usage_error ("export", _("--draws %d is out of range (1 to %d)"), args->draws, STRATA_MONTE_CARLO_MAX_DRAWS);
  /* Never write a chart over the dataset it was drawn from. */
  if (strata_file_is_same (args->file, args->output))
    return _strata_cli_usage_error ("export", _("-o “%s” is the input dataset; choose another output file"), args->output);
  return -1;
}

/* "-o -": the chart's bytes to standard output, for a pipe. */
static gboolean
write_stdout (const char *data,
              gsize       size,
              GError    **error)
{
  if (fwrite (data, 1, size, stdout) != size || fflush (stdout) != 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   /* Translators: %s says why (from the system) */
                   _("cannot write to standard output: %s"), g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

/* Fills @request from the dataset and the options; returns an exit status
 * or -1. */
static int
make_request (Args                   *args,
              StrataDataset          *dataset,
              StrataChartRequest     *request,
              const StrataStrategy ***strategies)
{
  g_autoptr(GError) error = NULL;
  double volume = dataset->volume_default;
  guint n_strategies = 0, current = 0;
  gboolean needs_range = args->deck || args->kind == STRATA_CHART_COST_CURVES ||
                         args->kind == STRATA_CHART_LADDER;

  if (args->volume_text != NULL)
    {
      if (!strata_parse_volume (args->volume_text, &volume, &error))
        return _strata_cli_usage_error ("export", _("--volume: %s"), error->message);
      if (volume < dataset->volume_min || volume > dataset->volume_max)
        {
          g_autofree char *v = strata_format_volume (volume);
          g_autofree char *lo = strata_format_volume (dataset->volume_min);
          g_autofree char *hi = strata_format_volume (dataset->volume_max);

          if (needs_range)
            return _strata_cli_usage_error ("export", _("--volume %s is outside the dataset's volume axis [%s, %s]"), v, lo, hi);
          fputs ("strata-cli export: ", stderr);
          /* Translators: three volumes, the one asked for and the dataset's range */
          fprintf (stderr, _("note: volume %s is outside the dataset's range "
                             "[%s, %s]; the figures extrapolate the model\n"), v, lo, hi);
        }
    }

  if (args->strategy_ids != NULL && args->strategy_ids[0] != NULL)
    {
      guint n = g_strv_length (args->strategy_ids);

      *strategies = g_new0 (const StrataStrategy *, n + 1);
      for (guint i = 0; i < n; i++)
        {
          int status;
          const StrataStrategy *strategy =
            _strata_cli_find_strategy_or_complain (dataset, "export", args->strategy_ids[i], &status);

          if (strategy == NULL)
            return status;
          (*strategies)[n_strategies++] = strategy;
        }
    }
  else
    {
      const StrataStrategy *first = strata_dataset_default_strategy (dataset);

      *strategies = strata_chart_default_strategies (dataset, &n_strategies);
      /* The current one is the app's for the file just opened, so the
       * same file gives the same deck from either. */
      for (guint i = 0; i < n_strategies; i++)
        if ((*strategies)[i] == first)
          current = i;
      /* A dataset of many strategies: the chart shows the first ones, and
       * says which to pick instead. */
      if (n_strategies < dataset->n_strategies)
        {
          fputs ("strata-cli export: ", stderr);
          /* Translators: two counts of strategies; --strategy is an option */
          fprintf (stderr, _("note: the chart shows %u of the dataset's %u strategies (the "
                             "presets and its first ones); pick others with --strategy ID\n"),
                   n_strategies, dataset->n_strategies);
        }
    }

  request->dataset = dataset;
  request->strategies = *strategies;
  request->n_strategies = n_strategies;
  request->current = current;
  request->volume = volume;
  request->theme = args->theme;
  request->transparent = args->transparent;
  request->log_y = args->log_y;
  request->outcome = args->outcome;
  request->objective = args->objective;
  if (args->outcome == STRATA_TORNADO_SAVINGS)
    {
      g_autoptr(StrataPlanResult) plan = NULL;

      if (dataset->horizon == NULL)
        {
          fputs ("strata-cli export: ", stderr);
          /* Translators: %s is the dataset's file; savings_npv is a key of the format */
          fprintf (stderr, _("error: %s: the dataset has no horizon, so there is "
                             "no savings_npv (MODEL.md 8)\n"), args->file);
          return STRATA_CLI_EXIT_REFUSED;
        }
      plan = strata_plan_adopt_now (dataset, request->strategies[0],
                                    args->objective == STRATA_OBJECTIVE_CASH ? STRATA_HORIZON_CASH
                                                                             : STRATA_HORIZON_EFFECTIVE,
                                    &error);
      if (plan == NULL)
        {
          fputs ("strata-cli export: ", stderr);
          /* Translators: the dataset's file, a strategy's id and why */
          fprintf (stderr, _("error: %s: %s cannot be adopted now: %s\n"),
                   args->file, request->strategies[0]->id, error->message);
          return STRATA_CLI_EXIT_REFUSED;
        }
    }
  return -1;
}

/* The horizon's Monte Carlo behind the roadmap's --bands: the run a deck's
 * roadmap page makes (the optimal roadmap and adopting the current
 * strategy now, on the same draws, seed 1), with --draws. */
static StrataRoadmapMc *
run_roadmap_monte_carlo (Args                     *args,
                         const StrataChartRequest *request,
                         GError                  **error)
{
  StrataRoadmapMcParams params;
  const StrataStrategy *current[1];

  strata_deck_roadmap_mc_params (request, &params, current);
  if (args->draws > 0)
    params.n_draws = (guint) args->draws;
  return strata_deck_roadmap_mc_run (request->dataset, &params, NULL, error);
}

/* The Monte Carlo behind --bands and the chances chart: A the current
 * strategy, B the next one, every strategy drawn on the same draws. */
static StrataMonteCarlo *
run_monte_carlo (Args                     *args,
                 const StrataChartRequest *request,
                 GError                  **error)
{
  StrataMonteCarloParams params;

  strata_monte_carlo_params_init (&params, request->dataset);
  params.n_draws = args->draws > 0 ? (guint) args->draws : 2000;
  params.n_points = 64;
  params.objective = request->objective;
  params.strategies = request->strategies;
  params.n_strategies = request->n_strategies;
  if (request->n_strategies > 0)
    params.a = request->strategies[request->current];
  if (request->n_strategies > 1)
    params.b = request->strategies[request->current == 0 ? 1 : 0];
  return strata_monte_carlo_run (request->dataset, &params, NULL, error);
}

static int
report (const char *output,
        GError     *error)
{
  /* File errors already start with the file name. */
  if (g_str_has_prefix (error->message, output))
    fprintf (stderr, "strata-cli export: error: %s\n", error->message);
  else
    fprintf (stderr, "strata-cli export: error: %s: %s\n", output, error->message);
  return STRATA_CLI_EXIT_REFUSED;
}

static gboolean
write_output (Args                     *args,
              const StrataChartRequest *request,
              GError                  **error)
{
  StrataExportOptions options;

  strata_export_options_init (&options, args->format, args->theme);
  options.width = args->width;
  options.height = args->height;
  options.scale = args->scale;
  if (args->svg_text != NULL && g_str_equal (args->svg_text, "outlines"))
    options.svg_text = STRATA_SVG_TEXT_OUTLINES;
  if (args->title != NULL)
    {
      options.action_title = *args->title != '\0';
      options.title = args->title;
    }
  if (args->no_title)
    options.action_title = FALSE;

  if (args->data)
    {
      g_autofree char *csv = strata_chart_data_csv (args->kind, request);

      if (g_str_equal (args->output, "-"))
        return write_stdout (csv, strlen (csv), error);
      return strata_file_write_full (args->output, csv, strlen (csv), STRATA_FILE_WRITE_ATOMIC,
                                     error);
    }
  options.draws = (guint) args->draws;   /* a deck's own runs */
  if (args->deck && args->format == STRATA_EXPORT_PDF)
    {
      options.title = NULL;   /* one title per slide: --title names none of them */
      return strata_deck_export_pdf (request, &options, args->output, error);
    }
  if (args->deck)
    {
      options.title = NULL;
      return strata_deck_export_dir (request, &options, args->output, error);
    }
  if (g_str_equal (args->output, "-"))
    {
      g_autoptr(GBytes) bytes = strata_chart_render (args->kind, request, &options, error);
      gsize size = 0;
      const char *data;

      if (bytes == NULL)
        return FALSE;
      data = g_bytes_get_data (bytes, &size);
      return write_stdout (data, size, error);
    }
  return strata_chart_export_full (args->kind, request, &options, args->output, error);
}

/* One chart drawn without a Monte Carlo: the only other threads are
 * pango's short fontconfig ones (FcInit, then a match and a sort for each
 * font size, 19 for the small cost-curves chart).  glibc gives each
 * thread that allocates an arena of its own (a 64 MB reservation, its
 * first pages touched): one arena shared by all of them takes about 35
 * page faults and as many mprotect calls off a 60 ms export.  A Monte
 * Carlo (--bands, the chances chart, a deck) keeps an arena per thread:
 * its two workers allocate as they go. */
static void
one_malloc_arena (const Args *args)
{
#if defined(__GLIBC__) && defined(M_ARENA_MAX)
  if (!args->deck && !args->bands && !args->data && args->kind != STRATA_CHART_CHANCES)
    mallopt (M_ARENA_MAX, 1);
#else
  (void) args;
#endif
}

int
strata_cli_export (int    argc,
                   char **argv)
{
  Args args = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(StrataDataset) dataset = NULL;
  g_autofree const StrataStrategy **strategies = NULL;
  StrataChartRequest request = { 0 };
  int status;

  args.scale = 1.0;
  args.width = DEFAULT_WIDTH;
  args.height = DEFAULT_HEIGHT;
  if ((status = parse_command_line (&args, &argc, &argv)) < 0 &&
      (status = check_args (&args, argc, argv)) < 0)
    {
      one_malloc_arena (&args);
      if (!args.data)
        strata_chart_fonts_begin ();   /* while the dataset loads */
      dataset = strata_cli_load (args.file);
      if (dataset == NULL)
        status = STRATA_CLI_EXIT_REFUSED;
      else if ((status = make_request (&args, dataset, &request, &strategies)) < 0)
        {
          g_autoptr(StrataMonteCarlo) mc = NULL;
          g_autoptr(StrataRoadmapMc) roadmap_mc = NULL;

          /* A deck runs its own Monte Carlo for the pages that need one
           * (options.draws), so that --draws puts no bands on its cost
           * curves. */
          gboolean roadmap_run = args.bands && args.kind == STRATA_CHART_ROADMAP &&
                                 dataset->horizon != NULL;

          if (roadmap_run)
            {
              roadmap_mc = run_roadmap_monte_carlo (&args, &request, &error);
              if (roadmap_mc == NULL)
                {
                  fprintf (stderr, "strata-cli export: error: %s: %s\n", args.file, error->message);
                  args_clear (&args);
                  return STRATA_CLI_EXIT_REFUSED;
                }
              request.roadmap_monte_carlo = roadmap_mc;
            }
          else if (args.bands || (!args.deck && args.kind == STRATA_CHART_CHANCES))
            {
              mc = run_monte_carlo (&args, &request, &error);
              if (mc == NULL)
                {
                  fprintf (stderr, "strata-cli export: error: %s: %s\n", args.file, error->message);
                  args_clear (&args);
                  return STRATA_CLI_EXIT_REFUSED;
                }
              request.monte_carlo = mc;
            }
          status = write_output (&args, &request, &error) ? STRATA_CLI_EXIT_OK
                                                          : report (args.output, error);
        }
    }
  args_clear (&args);
  return status;
}

/* strata-cli-export.c: `strata-cli export`, charts to PNG, SVG and PDF
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <strata/strata-chart.h>
#include <strata/strata-export.h>
#include <strata/strata-format.h>

#include "strata-cli-private.h"

#define DEFAULT_WIDTH  1920
#define DEFAULT_HEIGHT 1080

static int usage (const char *format, ...) G_GNUC_PRINTF (1, 2);

static int
usage (const char *format,
       ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  fprintf (stderr, "strata-cli export: %s\n", message);
  fprintf (stderr, "Try “strata-cli export --help” for more information.\n");
  return STRATA_CLI_EXIT_USAGE;
}

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

int
strata_cli_export (int    argc,
                   char **argv)
{
  g_autofree char *chart = NULL;
  g_autofree char *format_text = NULL;
  g_autofree char *width_text = NULL;
  g_autofree char *height_text = NULL;
  g_autofree char *theme_text = NULL;
  g_autofree char *volume_text = NULL;
  g_autofree char *output = NULL;
  g_autofree char *svg_text = NULL;
  g_autofree char *title = NULL;
  g_auto(GStrv) strategy_ids = NULL;
  gboolean no_title = FALSE;
  gboolean transparent = FALSE;
  gboolean log_y = FALSE;
  double scale = 1.0;
  GOptionEntry entries[] = {
    { "chart", 'c', 0, G_OPTION_ARG_STRING, &chart,
      "cost-curves, value-chain, compare, ladder or tornado", "KIND" },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_text,
      "png, svg or pdf (default: from the output's extension)", "FORMAT" },
    { "width", 'W', 0, G_OPTION_ARG_STRING, &width_text,
      "Width in pixels (PNG, SVG) or points (PDF); default 1920", "W" },
    { "height", 'H', 0, G_OPTION_ARG_STRING, &height_text,
      "Height in pixels (PNG, SVG) or points (PDF); default 1080", "H" },
    { "scale", 0, 0, G_OPTION_ARG_DOUBLE, &scale,
      "Pixel density of a PNG (2 doubles it); default 1", "S" },
    { "theme", 't', 0, G_OPTION_ARG_STRING, &theme_text,
      "light, dark or slide (large type); default light", "THEME" },
    { "transparent", 0, 0, G_OPTION_ARG_NONE, &transparent,
      "No background", NULL },
    { "log-y", 0, 0, G_OPTION_ARG_NONE, &log_y,
      "Logarithmic cost axis (cost curves)", NULL },
    { "volume", 'v', 0, G_OPTION_ARG_STRING, &volume_text,
      "Current volume, e.g. 2.5B (default: the dataset's)", "V" },
    { "strategy", 's', 0, G_OPTION_ARG_STRING_ARRAY, &strategy_ids,
      "Strategy to draw (repeatable; the first is the current one)", "ID" },
    { "title", 0, 0, G_OPTION_ARG_STRING, &title,
      "Action title above the chart (default: generated from the model, slide theme only)", "TEXT" },
    { "no-title", 0, 0, G_OPTION_ARG_NONE, &no_title,
      "No action title", NULL },
    { "svg-text", 0, 0, G_OPTION_ARG_STRING, &svg_text,
      "SVG text as editable text elements (text, the default) or glyph outlines (outlines)", "KIND" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      "File to write", "OUT" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(StrataDataset) dataset = NULL;
  g_autofree const StrataStrategy **strategies = NULL;
  StrataChartRequest request = { 0 };
  StrataExportOptions options;
  StrataChartKind kind;
  StrataExportFormat format;
  StrataTheme theme = STRATA_THEME_LIGHT;
  int width = DEFAULT_WIDTH;
  int height = DEFAULT_HEIGHT;
  double volume;
  guint n_strategies = 0;

  context = g_option_context_new ("FILE - draw a chart of a dataset to PNG, SVG or PDF");
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_description (context,
    "Charts: cost-curves, value-chain, compare, ladder, tornado (the first\n"
    "strategy's effective unit cost with each uncertain number at its low and\n"
    "high).  With no --strategy: all-neutral, all-integrated, the dataset's own\n"
    "strategies and optimal.  Every chart carries a source line (the dataset,\n"
    "the sources behind the figures drawn, the objective); the slide theme adds\n"
    "an action title computed from the model.  The file is written atomically.\n"
    "Exit status: 0 written, 1 the dataset was refused or the file could not be\n"
    "written, 2 wrong usage.");
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage ("%s", error->message);

  if (argc < 2)
    return usage ("missing the dataset FILE");
  if (argc > 2)
    return usage ("unexpected argument “%s”", argv[2]);
  if (chart == NULL)
    return usage ("missing --chart (cost-curves, value-chain, compare, ladder or tornado)");
  if (!strata_chart_kind_from_string (chart, &kind))
    return usage ("unknown chart “%s”: choose cost-curves, value-chain, compare, ladder or "
                  "tornado", chart);
  if (output == NULL || *output == '\0')
    return usage ("missing -o OUT, the file to write");

  if (format_text == NULL)
    {
      const char *ext = extension_of (output);
      g_autofree char *lower = ext != NULL ? g_ascii_strdown (ext, -1) : NULL;

      if (lower == NULL || !strata_export_format_from_string (lower, &format))
        return usage ("missing --format (png, svg or pdf) and “%s” does not name one", output);
    }
  else if (!strata_export_format_from_string (format_text, &format))
    return usage ("unknown format “%s”: choose png, svg or pdf", format_text);

  if (width_text != NULL && !parse_positive_int (width_text, &width))
    return usage ("--width “%s” is not a positive whole number", width_text);
  if (height_text != NULL && !parse_positive_int (height_text, &height))
    return usage ("--height “%s” is not a positive whole number", height_text);
  if (theme_text != NULL && !strata_theme_from_string (theme_text, &theme))
    return usage ("unknown theme “%s”: choose light, dark or slide", theme_text);
  if (!strata_chart_check_size (format, width, height, scale, &error))
    return usage ("%s", error->message);
  if (svg_text != NULL && !g_str_equal (svg_text, "text") && !g_str_equal (svg_text, "outlines"))
    return usage ("unknown --svg-text “%s”: choose text or outlines", svg_text);
  if (svg_text != NULL && format != STRATA_EXPORT_SVG)
    return usage ("--svg-text applies to SVG only");
  if (title != NULL && no_title)
    return usage ("--title and --no-title go against each other");
  if (log_y && kind != STRATA_CHART_COST_CURVES)
    return usage ("--log-y applies to the cost-curves chart only");

  dataset = strata_cli_load (argv[1]);
  if (dataset == NULL)
    return STRATA_CLI_EXIT_REFUSED;

  volume = dataset->volume_default;
  if (volume_text != NULL)
    {
      if (!strata_parse_volume (volume_text, &volume, &error))
        return usage ("--volume: %s", error->message);
      if (volume < dataset->volume_min || volume > dataset->volume_max)
        {
          g_autofree char *v = strata_format_volume (volume);
          g_autofree char *lo = strata_format_volume (dataset->volume_min);
          g_autofree char *hi = strata_format_volume (dataset->volume_max);

          if (kind == STRATA_CHART_COST_CURVES || kind == STRATA_CHART_LADDER)
            return usage ("--volume %s is outside the dataset's volume axis [%s, %s]", v, lo, hi);
          fprintf (stderr, "strata-cli export: note: volume %s is outside the dataset's range "
                           "[%s, %s]; the figures extrapolate the model\n", v, lo, hi);
        }
    }

  if (strategy_ids != NULL && strategy_ids[0] != NULL)
    {
      guint n = g_strv_length (strategy_ids);

      strategies = g_new0 (const StrataStrategy *, n + 1);
      for (guint i = 0; i < n; i++)
        {
          const StrataStrategy *strategy = strata_dataset_find_strategy (dataset, strategy_ids[i]);

          if (strategy == NULL)
            {
              GString *known = g_string_new (NULL);

              for (guint k = 0; k < dataset->n_strategies; k++)
                g_string_append_printf (known, "%s%s", k > 0 ? ", " : "", dataset->strategies[k].id);
              usage ("unknown strategy “%s” in %s (it has: %s)", strategy_ids[i], argv[1], known->str);
              g_string_free (known, TRUE);
              return STRATA_CLI_EXIT_USAGE;
            }
          strategies[n_strategies++] = strategy;
        }
    }
  else
    strategies = strata_chart_default_strategies (dataset, &n_strategies);

  request.dataset = dataset;
  request.strategies = strategies;
  request.n_strategies = n_strategies;
  request.current = 0;
  request.volume = volume;
  request.theme = theme;
  request.transparent = transparent;
  request.log_y = log_y;

  strata_export_options_init (&options, format, theme);
  options.width = width;
  options.height = height;
  options.scale = scale;
  if (svg_text != NULL && g_str_equal (svg_text, "outlines"))
    options.svg_text = STRATA_SVG_TEXT_OUTLINES;
  if (title != NULL)
    {
      options.action_title = *title != '\0';
      options.title = title;
    }
  if (no_title)
    options.action_title = FALSE;

  if (!strata_chart_export_full (kind, &request, &options, output, &error))
    {
      /* File errors already start with the file name. */
      if (g_str_has_prefix (error->message, output))
        fprintf (stderr, "strata-cli export: error: %s\n", error->message);
      else
        fprintf (stderr, "strata-cli export: error: %s: %s\n", output, error->message);
      return STRATA_CLI_EXIT_REFUSED;
    }
  return STRATA_CLI_EXIT_OK;
}

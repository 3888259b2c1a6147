/* strata-cli-edit.c: `strata-cli set` and `strata-cli format`
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <strata/strata-edit.h>
#include <strata/strata-save.h>

#include "strata-cli-private.h"

/* One "FILE: error: MESSAGE" line per line of @message. */
static void
print_problems (const char *filename,
                const char *message)
{
  g_auto(GStrv) lines = g_strsplit (message, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    fprintf (stderr, "%s: error: %s\n", filename, lines[i]);
}

/* Writes @dataset to @output ("-" for standard output) with the app's
 * save code. */
static int
write_dataset (const char          *command,
               const StrataDataset *dataset,
               const char          *output)
{
  g_autoptr(GError) error = NULL;

  if (g_str_equal (output, "-"))
    {
      g_autofree char *text = strata_dataset_to_json (dataset);
      g_autoptr(GString) out = g_string_new (text);

      return _strata_cli_write_stdout (out) ? STRATA_CLI_EXIT_OK : STRATA_CLI_EXIT_REFUSED;
    }
  if (!strata_dataset_save_file (dataset, output, &error))
    {
      fprintf (stderr, "strata-cli %s: error: %s\n", command, error->message);
      return STRATA_CLI_EXIT_REFUSED;
    }
  return STRATA_CLI_EXIT_OK;
}

static GOptionContext *
edit_context (const char  *parameters,
              const char  *description,
              char       **output)
{
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, output,
      N_("File to write (written atomically; may be FILE itself; - for standard output)"), "OUT" },
    { NULL }
  };
  GOptionContext *context = g_option_context_new (parameters);

  /* The parameters, the description and the option's help are translated
   * by the context, through the package's domain. */
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context, description);
  return context;
}

int
strata_cli_set (int    argc,
                char **argv)
{
  g_autofree char *output = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(StrataDataset) dataset = NULL;
  g_autoptr(StrataDataset) edited = NULL;
  g_autoptr(StrataDraft) draft = NULL;
  gboolean failed = FALSE;

  context = edit_context (
    N_("FILE PATH=VALUE… - change fields of a dataset and save it"),
    N_("PATH names a field by ids (MODEL.md section 7):\n"
    "  title, description, unit, currency, price, boundary_cost, volume.min/default/max\n"
    "  layers.LAYER.{id,name,description,boundary_cost,source}\n"
    "  layers.LAYER.options.OPTION.{id,name,description,mode,supplier_cost,price,margin,\n"
    "      unit_cost,learning_rate,reference_volume,floor_cost,fixed_cost,\n"
    "      ecosystem_value,latency_ms,capex,build_years,exit_cost,experience,source}\n"
    "  links.N.{from,to,saving,note,source}  (N counts links from 0)\n"
    "  strategies.STRATEGY.{id,name}  strategies.STRATEGY.choices.LAYER\n"
    "  sources.SOURCE.{id,text,url}  horizon.FIELD  horizon.volume.{first,growth}\n"
    "VALUE is JSON: 3e9, {\"value\":0.2,\"low\":0.1,\"high\":0.3}, \"text\", [\"s1\",\"s2\"],\n"
    "or null to remove an optional field; a text field also takes plain text.\n"
    "Edits apply in order; renaming an id renames its references, and changing\n"
    "an option's mode converts it (its price paid becomes its unit cost, or back).\n"
    "The result must pass every rule the loader checks; only the edited values\n"
    "change in the file, everything else (unknown keys, key order) stays.\n"
    "\n"
    "Examples:\n"
    "  strata-cli set stack.json layers.chips.options.asic.fixed_cost=3e9 -o stack.json\n"
    "  strata-cli set stack.json 'links.0.saving={\"value\":0.2,\"low\":0.1,\"high\":0.3}' -o out.json\n"
    "\n"
    "Exit status: 0 written, 1 the dataset or an edit was refused (one line per\n"
    "problem on stderr, naming the path), 2 wrong usage."),
    &output);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return _strata_cli_usage_error ("set", "%s", error->message);
  if (argc < 2)
    return _strata_cli_usage_error ("set", _("missing the dataset FILE"));
  if (argc < 3)
    return _strata_cli_usage_error ("set", _("missing PATH=VALUE: name at least one field to change"));
  for (int i = 2; i < argc; i++)
    if (strchr (argv[i], '=') == NULL)
      return _strata_cli_usage_error ("set", _("“%s” is not PATH=VALUE"), argv[i]);
  if (output == NULL || *output == '\0')
    return _strata_cli_usage_error ("set", _("missing -o OUT, the file to write"));

  dataset = strata_cli_load (argv[1]);
  if (dataset == NULL)
    return STRATA_CLI_EXIT_REFUSED;

  draft = strata_draft_new (dataset);
  for (int i = 2; i < argc; i++)
    {
      g_autofree char *path = g_strndup (argv[i], strchr (argv[i], '=') - argv[i]);
      const char *value = strchr (argv[i], '=') + 1;
      g_autoptr(GError) local = NULL;

      if (!strata_draft_set_text (draft, path, value, &local))
        {
          print_problems (argv[1], local->message);
          failed = TRUE;
        }
    }
  if (failed)
    return STRATA_CLI_EXIT_REFUSED;

  edited = strata_draft_finish (draft, g_str_equal (output, "-") ? NULL : output, &error);
  if (edited == NULL)
    {
      print_problems (argv[1], error->message);
      return STRATA_CLI_EXIT_REFUSED;
    }
  return write_dataset ("set", edited, output);
}

int
strata_cli_format (int    argc,
                   char **argv)
{
  g_autofree char *output = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(StrataDataset) dataset = NULL;

  context = edit_context (
    N_("FILE - rewrite a dataset through load and save"),
    N_("Loads FILE with every rule of the stack format and writes it as the app\n"
    "saves it: keys where they were (unknown keys too), two-space indents, and\n"
    "numbers in the shortest form that reads back to the same value.  Formatting\n"
    "a formatted file changes nothing.\n"
    "\n"
    "Example:\n"
    "  strata-cli format stack.json -o stack.json\n"
    "\n"
    "Exit status: 0 written, 1 the dataset was refused or could not be written,\n"
    "2 wrong usage."),
    &output);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return _strata_cli_usage_error ("format", "%s", error->message);
  if (argc < 2)
    return _strata_cli_usage_error ("format", _("missing the dataset FILE"));
  if (argc > 2)
    return _strata_cli_usage_error ("format", _("unexpected argument “%s”"), argv[2]);
  if (output == NULL || *output == '\0')
    return _strata_cli_usage_error ("format", _("missing -o OUT, the file to write"));

  dataset = strata_cli_load (argv[1]);
  if (dataset == NULL)
    return STRATA_CLI_EXIT_REFUSED;
  return write_dataset ("format", dataset, output);
}

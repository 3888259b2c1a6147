/* strata-cli-validate.c: strata-cli validate
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
 * validate
 * ------------------------------------------------------------------------ */

int
_strata_cli_run_validate (CliOptions *options,
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

  {
    /* Each count with its own plural form, then the sentence. */
    g_autofree char *layers = g_strdup_printf (ngettext ("%u layer", "%u layers", dataset->n_layers),
                                               dataset->n_layers);
    g_autofree char *options_text = g_strdup_printf (ngettext ("%u option", "%u options", n_options),
                                                     n_options);
    g_autofree char *strategies = g_strdup_printf (ngettext ("%u strategy", "%u strategies",
                                                             dataset->n_strategies),
                                                   dataset->n_strategies);
    g_autofree char *links = g_strdup_printf (ngettext ("%u link", "%u links", dataset->n_links),
                                              dataset->n_links);

    /* Translators: the file, then "5 layers", "10 options", "3 strategies", "2 links" */
    g_string_append_printf (out, _("%s: valid — %s, %s, %s, %s"), filename, layers, options_text,
                            strategies, links);
    g_string_append_c (out, '\n');
  }
  return _strata_cli_write_stdout (out) ? STRATA_CLI_EXIT_OK : STRATA_CLI_EXIT_REFUSED;
}

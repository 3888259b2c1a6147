/* strata-cli-validate.c: strata-cli validate
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

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

  g_string_append_printf (out, "%s: valid — %u %s, %u %s, %u %s, %u %s\n", filename,
                          dataset->n_layers, _strata_cli_plural (dataset->n_layers, "layer", "layers"),
                          n_options, _strata_cli_plural (n_options, "option", "options"),
                          dataset->n_strategies,
                          _strata_cli_plural (dataset->n_strategies, "strategy", "strategies"),
                          dataset->n_links, _strata_cli_plural (dataset->n_links, "link", "links"));
  return _strata_cli_write_stdout (out) ? STRATA_CLI_EXIT_OK : STRATA_CLI_EXIT_REFUSED;
}

/* strata-cli-common.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>

#include "strata-cli-private.h"

StrataDataset *
strata_cli_load (const char *filename)
{
  g_autoptr(GError) error = NULL;
  StrataDataset *dataset;

  dataset = strata_dataset_load_file (filename, &error);
  if (dataset == NULL)
    {
      /* The loader's message already names the file, one problem a line. */
      fprintf (stderr, "%s\n", error->message);
      return NULL;
    }
  return dataset;
}

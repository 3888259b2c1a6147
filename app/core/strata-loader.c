/* strata-loader.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "strata/strata-dataset.h"

/* Temporary until the loader lands: refuses everything. */
StrataDataset *
strata_dataset_load_data (const char  *data,
                          gsize        length,
                          const char  *display_name,
                          GError     **error)
{
  g_set_error (error, STRATA_DATASET_ERROR, STRATA_DATASET_ERROR_INVALID,
               "%s: error: the loader is not built yet", display_name);
  return NULL;
}

StrataDataset *
strata_dataset_load_file (const char  *filename,
                          GError     **error)
{
  return strata_dataset_load_data (NULL, 0, filename, error);
}

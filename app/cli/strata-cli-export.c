/* strata-cli-export.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>

#include "strata-cli-private.h"

/* Replaced by the charts work. */
int
strata_cli_export (int    argc,
                   char **argv)
{
  fprintf (stderr, "strata-cli: export is not available in this build\n");
  return STRATA_CLI_EXIT_USAGE;
}

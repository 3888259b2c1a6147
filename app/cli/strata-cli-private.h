/* strata-cli-private.h
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <strata/strata-dataset.h>

G_BEGIN_DECLS

/* Exit status of strata-cli (MODEL.md section 7). */
#define STRATA_CLI_EXIT_OK      0
#define STRATA_CLI_EXIT_REFUSED 1
#define STRATA_CLI_EXIT_USAGE   2

/* Loads @filename; on failure prints every problem to stderr, one line
 * each, and returns NULL. */
StrataDataset *strata_cli_load   (const char *filename);

/* `strata-cli export ...`: @argv[0] is "export". */
int            strata_cli_export (int         argc,
                                  char      **argv);

G_END_DECLS

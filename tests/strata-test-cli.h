/* strata-test-cli.h: running strata-cli and finding the samples in tests
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <strata/strata-dataset.h>

G_BEGIN_DECLS

/* What one run of strata-cli left behind. */
typedef struct
{
  int   status;   /* its exit status */
  char *out;      /* standard output */
  char *err;      /* standard error */
} Run;

void           run_clear        (Run               *run);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

/* The strata-cli under test: $STRATA_CLI (set by tests/meson.build). */
const char    *test_cli_path    (void);

/* Runs strata-cli with the NULL-terminated @args and waits for it; the
 * tool must exit by itself, never by a signal. */
void           run_cli_v        (Run               *run,
                                 const char *const *args);
void           run_cli          (Run               *run,
                                 const char        *first,
                                 ...) G_GNUC_NULL_TERMINATED;

/* data/datasets/@name under $STRATA_SOURCE_ROOT, and that file loaded
 * (the test fails if it does not load). */
char          *test_sample_path (const char        *name);
StrataDataset *load_sample (const char        *name);

G_END_DECLS

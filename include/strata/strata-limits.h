/* strata-limits.h
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "strata/strata-file.h"

/*
 * The documented limits of a dataset (README, "Datasets").  Each is far
 * beyond any real stack; a file over one is refused with
 * STRATA_DATASET_ERROR_LIMIT and a message that names the limit.
 * The file size limit is STRATA_MAX_FILE_SIZE (16 MiB) in strata-file.h;
 * nesting depth (64), number literal length (64 characters) and string
 * length (65536 bytes) are enforced by the syntax guard.
 */

#define STRATA_MAX_LAYERS         1024
#define STRATA_MAX_OPTIONS        1024  /* per layer */
#define STRATA_MAX_LINKS          4096
#define STRATA_MAX_LINKED_LAYERS  20    /* distinct layers touched by links */
#define STRATA_MAX_STRATEGIES     1024
#define STRATA_MAX_SOURCES        4096
#define STRATA_MAX_ID_LENGTH      128   /* bytes */
#define STRATA_MAX_DEPTH          64
#define STRATA_MAX_NUMBER_LENGTH  64
#define STRATA_MAX_STRING_LENGTH  65536 /* bytes */
/* JSON values (numbers, strings, true/false/null, objects, lists) in one
 * file: bounds the memory of a load (about 80 bytes a value).  A real
 * dataset spends 15 to 25 bytes of text a value, so a full 16 MiB one
 * has about a million. */
#define STRATA_MAX_VALUES         2000000

/* Magnitudes.  Every amount of a dataset (money, latency) is at most
 * STRATA_MAX_AMOUNT and every volume (volume.min/default/max,
 * reference_volume, a volume typed in the app or given to the tool) lies
 * in [STRATA_MIN_VOLUME, STRATA_MAX_VOLUME].  With at most
 * STRATA_MAX_LAYERS layers and an integrated option's learning curve
 * capped at STRATA_MAX_VARIABLE_COST a unit, every outcome of MODEL.md
 * section 3 stays below about 1e186, so sums, differences, profits and
 * annual figures of any dataset the loader accepts are finite (there is
 * headroom of more than 1e100 for the x10 of switch points). */
#define STRATA_MAX_AMOUNT         1e100
#define STRATA_MIN_VOLUME         1e-30
#define STRATA_MAX_VOLUME         1e30
#define STRATA_MAX_VARIABLE_COST  1e150
#define STRATA_AMOUNT_RULE_TEXT   "must be at most 1e100 (the limit for any amount)"
#define STRATA_VOLUME_RULE_TEXT   "must be at least 1e-30 and at most 1e30 (the limits for any volume)"

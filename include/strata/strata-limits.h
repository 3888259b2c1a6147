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

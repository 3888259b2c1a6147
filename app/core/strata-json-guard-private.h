/* strata-json-guard-private.h
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "strata/strata-limits.h"

G_BEGIN_DECLS

/*
 * The strict syntax guard that runs before json-glib sees a byte.
 *
 * It accepts exactly RFC 8259 JSON in UTF-8 (a UTF-8 byte order mark is
 * skipped) and refuses, with a line and column, everything json-glib 1.6.6
 * would read wrongly or dangerously: comments, single quotes, hex, leading
 * zeros, '+' signs, trailing commas, NaN/Infinity, several documents, an
 * empty document, invalid UTF-8, UTF-16/32 text, NUL bytes raw or escaped,
 * lone surrogates, raw control characters in strings, duplicate keys,
 * nesting deeper than STRATA_JSON_MAX_DEPTH, number literals longer than
 * STRATA_JSON_MAX_NUMBER_LENGTH, more than STRATA_JSON_MAX_VALUES values
 * (which bounds the memory of the tree), strings longer than
 * STRATA_JSON_MAX_STRING_LENGTH, numbers that are not finite and integer
 * literals beyond 2^53.  It is one linear pass with an explicit stack (no
 * recursion).
 *
 * Lines and columns are 1-based; a column counts Unicode characters (code
 * points), a tab counting as one.
 */

#define STRATA_JSON_MAX_DEPTH          STRATA_MAX_DEPTH
#define STRATA_JSON_MAX_NUMBER_LENGTH  STRATA_MAX_NUMBER_LENGTH
#define STRATA_JSON_MAX_STRING_LENGTH  STRATA_MAX_STRING_LENGTH
#define STRATA_JSON_MAX_VALUES         STRATA_MAX_VALUES

typedef struct
{
  int    code;     /* a StrataDatasetError: SYNTAX or LIMIT */
  guint  line;
  guint  column;
  char  *message;  /* (owned) without file name or position */
} StrataJsonGuardProblem;

typedef struct
{
  guint    line;
  guint    column;
  gboolean found;
} StrataJsonPosition;

/* Checks @data.  On success returns TRUE and sets @body_offset to the
 * offset of the JSON text (past a UTF-8 byte order mark) and, when @root
 * is not NULL, builds the json-glib tree of the document in the same pass
 * (what JsonParser would build, without its stack recursion, scanner
 * quirks or cost: integers as G_TYPE_INT64 nodes, other numbers as
 * G_TYPE_DOUBLE, members in file order).  On failure returns FALSE and
 * fills @problem (free its message with g_free). */
gboolean _strata_json_guard_check  (const char             *data,
                                    gsize                   length,
                                    gsize                  *body_offset,
                                    JsonNode              **root,
                                    StrataJsonGuardProblem *problem);

/* Finds where values start.  @data must have passed
 * _strata_json_guard_check().  @positions maps a JSON path (as written in
 * messages: "layers[2].options[0].margin", "" for the root) to a
 * StrataJsonPosition that is filled in when a value with that path is
 * met.  The table must also hold every ancestor of each path it holds
 * ("layers[2].options[0]", "layers[2].options", "layers[2]", "layers",
 * ""): the pass skips containers that are not in it.  One linear pass;
 * call it only when there is something to report. */
void     _strata_json_guard_locate (const char             *data,
                                    gsize                   length,
                                    GHashTable             *positions);

G_END_DECLS

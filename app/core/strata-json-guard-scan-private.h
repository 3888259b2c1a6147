/* strata-json-guard-scan-private.h
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The JSON guard's state, shared by its lexer (strata-json-guard-scan.c:
 * strings, numbers, literals, whitespace and the messages that point into
 * the text) and its parser (strata-json-guard.c: the state machine over
 * open containers and the check, build and locate modes).
 */

#pragma once

#include <json-glib/json-glib.h>

#include "strata-json-guard-private.h"

G_BEGIN_DECLS

/* Objects with more keys than this get a hash table for the duplicate
 * check; smaller ones compare linearly (most objects have a handful). */
#define LINEAR_KEYS 8

typedef enum
{
  EXPECT_VALUE,           /* after ':' or ',' in an array, or at the top */
  EXPECT_VALUE_OR_CLOSE,  /* right after '[' */
  EXPECT_KEY,             /* after ',' in an object */
  EXPECT_KEY_OR_CLOSE,    /* right after '{' */
  EXPECT_COLON,
  AFTER_VALUE,
} State;

typedef struct
{
  char          kind;        /* '{' or '[' */
  guint         index;       /* values seen so far (arrays) */
  gsize         path_len;    /* length of this container's own path */
  guint         key_start;   /* first key of this object in Guard.keys */
  GHashTable   *key_set;     /* (nullable) once the object is large */
  guint         open_line;
  const guchar *open_line_start;
  const guchar *open_at;
  JsonNode     *node;        /* (unowned) the container, when building */
  gboolean      dead;        /* locate mode: no wanted path below here */
} Frame;

typedef struct
{
  const guchar *begin;
  const guchar *body;        /* past a byte order mark */
  const guchar *p;
  const guchar *end;
  guint         line;
  const guchar *line_start;

  /* Incremental column count (locate mode visits positions in order). */
  const guchar *col_at;
  guint         col;

  Frame         stack[STRATA_JSON_MAX_DEPTH + 1];
  guint         depth;

  GPtrArray    *keys;        /* (owned) decoded keys of open objects */
  GString      *scratch;     /* decoded string */
  GString      *key;         /* build mode: the key awaiting its value */

  /* Build mode: the tree json-glib would have made, in the same pass. */
  gboolean      build;
  JsonNode     *root;        /* (owned) */
  double        number;      /* the last number scanned */
  gboolean      number_is_int;

  /* Locate mode */
  GHashTable   *positions;   /* (nullable) */
  GString      *path;
  guint         remaining;
  guint         n_values;

  StrataJsonGuardProblem *problem;
} Guard;

guint     guard_column_of       (Guard        *g,
                                 const guchar *line_start,
                                 const guchar *at);
G_GNUC_PRINTF (4, 5)
gboolean  guard_fail_at         (Guard        *g,
                                 int           code,
                                 const guchar *at,
                                 const char   *format,
                                 ...);
char     *guard_describe_char   (const guchar *at,
                                 const guchar *end);
gboolean  guard_is_digit        (guchar        c);
gboolean  guard_scan_string     (Guard        *g,
                                 gboolean      decode);
gboolean  guard_scan_number     (Guard        *g);
gboolean  guard_scan_literal    (Guard        *g);
void      guard_skip_ws         (Guard        *g);
gboolean  guard_fail_unexpected (Guard        *g,
                                 const char   *expected);

G_END_DECLS

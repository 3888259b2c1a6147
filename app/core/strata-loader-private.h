/* strata-loader-private.h
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by the loader's three files: strata-loader.c (the dataset's
 * structure, MODEL.md section 2), strata-loader-fields.c (one member of
 * an object read against its rule) and strata-loader-problems.c (every
 * problem found, placed at its line and column, as one message).
 * strata-loader-horizon.c uses the JSON value helpers.
 */

#pragma once

#include <json-glib/json-glib.h>

#include "strata/strata-dataset.h"
#include "strata/strata-field.h"
#include "strata/strata-format.h"

G_BEGIN_DECLS

/* At most this many problems are spelled out in one message. */
#define MAX_REPORTED 100

typedef struct
{
  int    code;
  guint  seq;
  char  *path;     /* (nullable) */
  char  *message;
  guint  line;
  guint  column;
} Problem;

typedef struct
{
  const char    *display_name;
  GPtrArray     *problems;
  StrataDataset *ds;
  GHashTable    *source_ids;  /* id -> index + 1 */
  GHashTable    *layer_ids;   /* id -> index + 1 */
  gboolean       have_layers; /* else layer references are not checked */
  gboolean      *options_ok;  /* per layer: else option references are not checked */
} Loader;

typedef enum
{
  RULE_NONNEG,    /* an amount: 0 <= v <= STRATA_MAX_AMOUNT */
  RULE_POSITIVE,  /* an amount: 0 < v <= STRATA_MAX_AMOUNT */
  RULE_FRACTION,
  RULE_VOLUME,    /* STRATA_MIN_VOLUME <= v <= STRATA_MAX_VOLUME */
} Rule;

typedef enum
{
  TEXT_OPTIONAL = 0,
  TEXT_REQUIRED = 1 << 0,
  TEXT_NONEMPTY = 1 << 1,
  TEXT_ID       = 1 << 2,  /* at most STRATA_MAX_ID_LENGTH bytes */
  TEXT_SLUG     = 1 << 3,  /* [a-z0-9_-]+ */
} TextFlags;

#define invalid(L, base, key, ...) \
  loader_report (L, STRATA_DATASET_ERROR_INVALID, base, key, __VA_ARGS__)
#define limit(L, base, key, ...) \
  loader_report (L, STRATA_DATASET_ERROR_LIMIT, base, key, __VA_ARGS__)

void
loader_problem_free (gpointer data);

char *
loader_join_path (const char *base,
                  const char *key);

G_GNUC_PRINTF (5, 6)
void
loader_report (Loader     *L,
               int         code,
               const char *base,
               const char *key,
               const char *format,
               ...);

char *
loader_describe_got (JsonNode *node);

double
loader_number_of (JsonNode *node);

gboolean
loader_is_string (JsonNode *node);

const char *
loader_fmt (double value,
            char   buf[STRATA_NUMBER_BUF_SIZE]);

gboolean
loader_get_text (Loader      *L,
                 JsonObject  *obj,
                 const char  *base,
                 const char  *key,
                 TextFlags    flags,
                 const char  *what,
                 char       **out);

gboolean
loader_get_plain (Loader     *L,
                  JsonObject *obj,
                  const char *base,
                  const char *key,
                  Rule        rule,
                  gboolean    required,
                  const char *what,
                  double     *out,
                  gboolean   *present);

gboolean
loader_get_number (Loader       *L,
                   JsonObject   *obj,
                   const char   *base,
                   const char   *key,
                   Rule          rule,
                   gboolean      required,
                   const char   *what,
                   StrataNumber *out);

JsonObject *
loader_get_object (Loader     *L,
                   JsonObject *obj,
                   const char *base,
                   const char *key,
                   gboolean    required,
                   const char *what);

JsonArray *
loader_get_array (Loader     *L,
                  JsonObject *obj,
                  const char *base,
                  const char *key,
                  gboolean    required,
                  const char *what,
                  guint       max,
                  const char *max_what);

JsonObject *
loader_collect_extra (JsonObject         *obj,
                      const char * const *known);

char **
loader_get_sources (Loader     *L,
                    JsonObject *obj,
                    const char *base);

void
loader_set_problems_error (Loader      *L,
                           const char  *data,
                           gsize        length,
                           GError     **error);

char *
loader_printable_name (const char *name);

G_END_DECLS

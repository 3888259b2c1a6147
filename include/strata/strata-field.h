/* strata-field.h
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "strata/strata-dataset.h"

G_BEGIN_DECLS

/*
 * The editable fields of a dataset (MODEL.md sections 2 and 8): what kind
 * of value each holds, its rule, that rule in words and its unit.  The
 * editor (strata-edit.h), `strata-cli set` and the app's inspector check a
 * value here before it reaches a dataset, so every one of them says the
 * same thing about it; the loader stays the final judge of a whole
 * dataset (rules between fields, ids that must exist).
 */

/* Where a field lives. */
typedef enum
{
  STRATA_SCOPE_DATASET,         /* top level */
  STRATA_SCOPE_VOLUME,          /* volume.min/max/default */
  STRATA_SCOPE_LAYER,
  STRATA_SCOPE_OPTION,
  STRATA_SCOPE_LINK,
  STRATA_SCOPE_STRATEGY,
  STRATA_SCOPE_CHOICE,          /* strategies.S.choices.LAYER */
  STRATA_SCOPE_SOURCE,
  STRATA_SCOPE_HORIZON,
  STRATA_SCOPE_HORIZON_VOLUME,  /* horizon.volume.first/growth */
} StrataFieldScope;

typedef enum
{
  STRATA_FIELD_TEXT,         /* any text; may be empty */
  STRATA_FIELD_LABEL,        /* non-empty text */
  STRATA_FIELD_ID,           /* [a-z0-9_-]+ */
  STRATA_FIELD_NUMBER,       /* a number, or {value, low, high} when uncertain is allowed */
  STRATA_FIELD_INTEGER,      /* a whole number between min and max */
  STRATA_FIELD_MODE,         /* "integrated" or "neutral" */
  STRATA_FIELD_SOURCES,      /* a source id or a list of them */
  STRATA_FIELD_LAYER_REF,    /* the id of a layer */
  STRATA_FIELD_OPTION_REF,   /* the id of an option of the layer named by the key */
  STRATA_FIELD_STRATEGY_REF, /* the id of a strategy or a preset */
  STRATA_FIELD_LEARNING,     /* "annual" or "cumulative" */
  STRATA_FIELD_JSON,         /* any JSON value, left to the loader */
} StrataFieldKind;

typedef enum
{
  STRATA_RULE_ANY,
  STRATA_RULE_NONNEG,        /* >= 0 */
  STRATA_RULE_POSITIVE,      /* > 0 */
  STRATA_RULE_FRACTION,      /* 0 <= x < 1 */
  STRATA_RULE_GROWTH,        /* > -1 */
} StrataFieldRule;

typedef enum
{
  STRATA_UNIT_NONE,
  STRATA_UNIT_MONEY_PER_UNIT,  /* "USD per 1M tokens" */
  STRATA_UNIT_MONEY_PER_YEAR,  /* "USD per year" */
  STRATA_UNIT_MONEY,           /* "USD" */
  STRATA_UNIT_VOLUME,          /* "1M tokens per year" */
  STRATA_UNIT_UNITS,           /* "1M tokens" (cumulative output) */
  STRATA_UNIT_FRACTION,        /* "share, 0.25 = 25 %" */
  STRATA_UNIT_MILLISECONDS,
  STRATA_UNIT_YEARS,
  STRATA_UNIT_YEAR,            /* a calendar year */
} StrataFieldUnit;

typedef enum
{
  STRATA_FIELD_REQUIRED   = 1 << 0,
  STRATA_FIELD_UNCERTAIN  = 1 << 1,  /* may be {value, low, high} */
  STRATA_FIELD_NEUTRAL    = 1 << 2,  /* neutral options only */
  STRATA_FIELD_INTEGRATED = 1 << 3,  /* integrated options only */
} StrataFieldFlags;

typedef struct
{
  const char       *key;        /* "fixed_cost" */
  const char       *label;      /* "Fixed cost" */
  StrataFieldKind   kind;
  StrataFieldRule   rule;
  StrataFieldUnit   unit;
  StrataFieldFlags  flags;
  double            min;        /* integers only */
  double            max;
  const char       *rule_text;  /* "a margin is at least 0 and below 1" */
} StrataFieldInfo;

#define STRATA_EDIT_ERROR (strata_edit_error_quark ())

typedef enum
{
  STRATA_EDIT_ERROR_UNKNOWN_PATH,   /* no such field, layer, option, ... */
  STRATA_EDIT_ERROR_INVALID_VALUE,  /* not a value of the field's kind, or breaks its rule */
  STRATA_EDIT_ERROR_REFUSED,        /* the dataset as a whole breaks a rule */
} StrataEditError;

GQuark                 strata_edit_error_quark    (void);

/* The field @key of @scope, or NULL. */
const StrataFieldInfo *strata_field_lookup        (StrataFieldScope       scope,
                                                   const char            *key);

/* The fields of @scope in display order; sets @n_fields. */
const StrataFieldInfo *strata_field_list          (StrataFieldScope       scope,
                                                   guint                 *n_fields);

/* Checks @value (a JSON value, never NULL) against @field's kind and rule
 * alone.  On failure sets @error (STRATA_EDIT_ERROR_INVALID_VALUE) whose
 * message is the rule in words and what was given, without a path. */
gboolean               strata_field_check         (const StrataFieldInfo *field,
                                                   JsonNode              *value,
                                                   GError               **error);

/* The same for a number as the app holds it (low and high are read only
 * when @number->uncertain). */
gboolean               strata_field_check_number  (const StrataFieldInfo *field,
                                                   const StrataNumber    *number,
                                                   GError               **error);

/* The unit of @field in words for @dataset ("USD per 1M tokens"), or NULL
 * when it has none. */
char                  *strata_field_unit_text     (const StrataFieldInfo *field,
                                                   const StrataDataset   *dataset);

/* A JSON value for @number: a plain number, or {value, low, high}. */
JsonNode              *strata_number_to_json      (const StrataNumber    *number);

/* TRUE when @node is a JSON number (an integer or not), as every reader
 * of the format takes one. */
gboolean               strata_json_is_number      (JsonNode              *node);

/* Reads a plain or uncertain number; FALSE when @node is neither. */
gboolean               strata_number_from_json    (JsonNode              *node,
                                                   StrataNumber          *number);

G_END_DECLS

/* strata-field.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "strata-field"

#include "config.h"

#include <math.h>
#include <string.h>

#include "strata/strata-field.h"
#include "strata/strata-format.h"
#include "strata/strata-limits.h"

G_DEFINE_QUARK (strata-edit-error-quark, strata_edit_error)

#define UNC  STRATA_FIELD_UNCERTAIN
#define REQ  STRATA_FIELD_REQUIRED
#define NEU  STRATA_FIELD_NEUTRAL
#define INT  STRATA_FIELD_INTEGRATED

#define TEXT(key, label, flags, rule) \
  { key, label, STRATA_FIELD_TEXT, STRATA_RULE_ANY, STRATA_UNIT_NONE, flags, 0, 0, rule }
#define LABEL(key, label, rule) \
  { key, label, STRATA_FIELD_LABEL, STRATA_RULE_ANY, STRATA_UNIT_NONE, REQ, 0, 0, rule }
#define ID(label) \
  { "id", label, STRATA_FIELD_ID, STRATA_RULE_ANY, STRATA_UNIT_NONE, REQ, 0, 0, \
    "an id is made of lowercase letters a-z, digits 0-9, '_' and '-'" }
#define NUMBER(key, label, rule, unit, flags, text) \
  { key, label, STRATA_FIELD_NUMBER, rule, unit, flags, 0, 0, text }
#define INTEGER(key, label, unit, min, max, text) \
  { key, label, STRATA_FIELD_INTEGER, STRATA_RULE_ANY, unit, 0, min, max, text }
#define KIND(key, label, kind, flags, text) \
  { key, label, kind, STRATA_RULE_ANY, STRATA_UNIT_NONE, flags, 0, 0, text }
#define SOURCES \
  KIND ("source", "Sources", STRATA_FIELD_SOURCES, 0, \
        "sources are ids of entries in the dataset's list of sources")

static const StrataFieldInfo dataset_fields[] = {
  LABEL ("title", "Title", "a title is required"),
  TEXT ("description", "Description", 0, "a description is free text"),
  LABEL ("unit", "Unit", "the unit volumes count is required (such as \"devices\")"),
  LABEL ("currency", "Currency", "a currency is required (such as \"USD\")"),
  NUMBER ("price", "Price", STRATA_RULE_POSITIVE, STRATA_UNIT_MONEY_PER_UNIT, 0,
          "a price is more than 0"),
  NUMBER ("boundary_cost", "Boundary cost", STRATA_RULE_NONNEG, STRATA_UNIT_MONEY_PER_UNIT, 0,
          "a boundary cost is 0 or more"),
};

static const StrataFieldInfo volume_fields[] = {
  NUMBER ("min", "Smallest volume", STRATA_RULE_POSITIVE, STRATA_UNIT_VOLUME, REQ,
          "volumes are more than 0, with min <= default <= max"),
  NUMBER ("default", "Default volume", STRATA_RULE_POSITIVE, STRATA_UNIT_VOLUME, REQ,
          "volumes are more than 0, with min <= default <= max"),
  NUMBER ("max", "Largest volume", STRATA_RULE_POSITIVE, STRATA_UNIT_VOLUME, REQ,
          "volumes are more than 0, with min <= default <= max"),
};

static const StrataFieldInfo layer_fields[] = {
  ID ("Layer id"),
  TEXT ("name", "Name", 0, "a name is free text; it defaults to the id"),
  TEXT ("description", "Description", 0, "a description is free text"),
  NUMBER ("boundary_cost", "Boundary cost", STRATA_RULE_NONNEG, STRATA_UNIT_MONEY_PER_UNIT, 0,
          "a boundary cost is 0 or more"),
  SOURCES,
};

static const StrataFieldInfo option_fields[] = {
  ID ("Option id"),
  TEXT ("name", "Name", 0, "a name is free text; it defaults to the id"),
  TEXT ("description", "Description", 0, "a description is free text"),
  KIND ("mode", "Mode", STRATA_FIELD_MODE, REQ, "the mode is \"integrated\" or \"neutral\""),
  NUMBER ("supplier_cost", "Supplier cost", STRATA_RULE_NONNEG, STRATA_UNIT_MONEY_PER_UNIT,
          UNC | NEU, "a supplier cost is 0 or more"),
  NUMBER ("price", "Price paid", STRATA_RULE_NONNEG, STRATA_UNIT_MONEY_PER_UNIT, UNC | NEU,
          "a price paid is 0 or more"),
  NUMBER ("margin", "Supplier margin", STRATA_RULE_FRACTION, STRATA_UNIT_FRACTION,
          UNC | NEU | REQ, "a margin is at least 0 and below 1"),
  NUMBER ("unit_cost", "Unit cost", STRATA_RULE_NONNEG, STRATA_UNIT_MONEY_PER_UNIT,
          UNC | INT | REQ, "a unit cost is 0 or more"),
  NUMBER ("learning_rate", "Learning rate", STRATA_RULE_FRACTION, STRATA_UNIT_FRACTION,
          UNC | INT, "a learning rate is at least 0 and below 1"),
  NUMBER ("reference_volume", "Reference volume", STRATA_RULE_POSITIVE, STRATA_UNIT_VOLUME,
          UNC | INT, "a reference volume is more than 0"),
  NUMBER ("floor_cost", "Floor cost", STRATA_RULE_NONNEG, STRATA_UNIT_MONEY_PER_UNIT,
          UNC | INT, "a floor cost is 0 or more"),
  NUMBER ("fixed_cost", "Fixed cost", STRATA_RULE_NONNEG, STRATA_UNIT_MONEY_PER_YEAR, UNC,
          "a fixed cost is 0 or more"),
  NUMBER ("ecosystem_value", "Ecosystem value", STRATA_RULE_NONNEG, STRATA_UNIT_MONEY_PER_UNIT,
          UNC, "an ecosystem value is 0 or more"),
  NUMBER ("latency_ms", "Latency", STRATA_RULE_NONNEG, STRATA_UNIT_MILLISECONDS, UNC,
          "a latency is 0 or more"),
  NUMBER ("capex", "Investment", STRATA_RULE_NONNEG, STRATA_UNIT_MONEY, UNC,
          "an investment (capex) is 0 or more"),
  INTEGER ("build_years", "Build time", STRATA_UNIT_YEARS, 0, 20,
           "a build time is a whole number of years from 0 to 20"),
  NUMBER ("exit_cost", "Exit cost", STRATA_RULE_NONNEG, STRATA_UNIT_MONEY, UNC,
          "an exit cost is 0 or more"),
  NUMBER ("experience", "Experience", STRATA_RULE_NONNEG, STRATA_UNIT_UNITS, INT,
          "experience (units already made) is 0 or more"),
  SOURCES,
};

static const StrataFieldInfo link_fields[] = {
  KIND ("from", "From layer", STRATA_FIELD_LAYER_REF, REQ, "a link joins two different layers"),
  KIND ("to", "To layer", STRATA_FIELD_LAYER_REF, REQ, "a link joins two different layers"),
  NUMBER ("saving", "Saving", STRATA_RULE_FRACTION, STRATA_UNIT_FRACTION, UNC | REQ,
          "a saving is at least 0 and below 1"),
  TEXT ("note", "Note", 0, "a note is free text"),
  SOURCES,
};

static const StrataFieldInfo strategy_fields[] = {
  ID ("Strategy id"),
  TEXT ("name", "Name", 0, "a name is free text; it defaults to the id"),
  TEXT ("description", "Description", 0, "a description is free text"),
};

static const StrataFieldInfo choice_fields[] = {
  KIND (NULL, "Choice", STRATA_FIELD_OPTION_REF, 0, "a choice is the id of an option of its layer"),
};

static const StrataFieldInfo source_fields[] = {
  ID ("Source id"),
  LABEL ("text", "Text", "a source needs a text"),
  TEXT ("url", "Link", 0, "a link is a web address"),
};

static const StrataFieldInfo horizon_fields[] = {
  INTEGER ("first_year", "First year", STRATA_UNIT_YEAR, 1900, 2200,
           "the first year is a whole number from 1900 to 2200"),
  INTEGER ("years", "Years", STRATA_UNIT_YEARS, 1, 50,
           "the length of the plan is a whole number of years from 1 to 50"),
  NUMBER ("discount_rate", "Discount rate", STRATA_RULE_FRACTION, STRATA_UNIT_FRACTION, UNC,
          "a discount rate is at least 0 and below 1"),
  KIND ("volume", "Volumes", STRATA_FIELD_JSON, 0,
        "the horizon's volume is {first, growth} or a list of one volume per year"),
  KIND ("start", "Strategy today", STRATA_FIELD_STRATEGY_REF, 0,
        "the strategy today is a preset or one of the dataset's strategies"),
  KIND ("learning", "Learning", STRATA_FIELD_LEARNING, 0,
        "learning is \"annual\" or \"cumulative\""),
  TEXT ("note", "Note", 0, "a note is free text"),
};

static const StrataFieldInfo horizon_volume_fields[] = {
  NUMBER ("first", "Volume in the first year", STRATA_RULE_POSITIVE, STRATA_UNIT_VOLUME, UNC,
          "a volume is more than 0"),
  NUMBER ("growth", "Growth per year", STRATA_RULE_GROWTH, STRATA_UNIT_FRACTION, UNC,
          "growth is more than -1 (a fall of 100 %)"),
};

#define LIST(a) a, G_N_ELEMENTS (a)

static const struct
{
  const StrataFieldInfo *fields;
  guint                  n_fields;
} scopes[] = {
  [STRATA_SCOPE_DATASET]        = { LIST (dataset_fields) },
  [STRATA_SCOPE_VOLUME]         = { LIST (volume_fields) },
  [STRATA_SCOPE_LAYER]          = { LIST (layer_fields) },
  [STRATA_SCOPE_OPTION]         = { LIST (option_fields) },
  [STRATA_SCOPE_LINK]           = { LIST (link_fields) },
  [STRATA_SCOPE_STRATEGY]       = { LIST (strategy_fields) },
  [STRATA_SCOPE_CHOICE]         = { LIST (choice_fields) },
  [STRATA_SCOPE_SOURCE]         = { LIST (source_fields) },
  [STRATA_SCOPE_HORIZON]        = { LIST (horizon_fields) },
  [STRATA_SCOPE_HORIZON_VOLUME] = { LIST (horizon_volume_fields) },
};

const StrataFieldInfo *
strata_field_list (StrataFieldScope  scope,
                   guint            *n_fields)
{
  g_return_val_if_fail ((guint) scope < G_N_ELEMENTS (scopes), NULL);

  if (n_fields != NULL)
    *n_fields = scopes[scope].n_fields;
  return scopes[scope].fields;
}

const StrataFieldInfo *
strata_field_lookup (StrataFieldScope  scope,
                     const char       *key)
{
  g_return_val_if_fail ((guint) scope < G_N_ELEMENTS (scopes), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  if (scope == STRATA_SCOPE_CHOICE)
    return &choice_fields[0];
  for (guint i = 0; i < scopes[scope].n_fields; i++)
    if (g_str_equal (scopes[scope].fields[i].key, key))
      return &scopes[scope].fields[i];
  return NULL;
}

static gboolean
rule_holds (StrataFieldRule rule,
            double          v)
{
  if (!isfinite (v))
    return FALSE;
  switch (rule)
    {
    case STRATA_RULE_NONNEG:
      return v >= 0;
    case STRATA_RULE_POSITIVE:
      return v > 0;
    case STRATA_RULE_FRACTION:
      return v >= 0 && v < 1;
    case STRATA_RULE_GROWTH:
      return v > -1;
    case STRATA_RULE_ANY:
    default:
      return TRUE;
    }
}

gboolean
strata_json_is_number (JsonNode *node)
{
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  return type == G_TYPE_INT64 || type == G_TYPE_DOUBLE;
}

gboolean
strata_number_from_json (JsonNode     *node,
                         StrataNumber *number)
{
  g_return_val_if_fail (number != NULL, FALSE);

  memset (number, 0, sizeof *number);
  if (strata_json_is_number (node))
    {
      number->value = number->low = number->high = json_node_get_double (node);
      return TRUE;
    }
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *obj = json_node_get_object (node);
      JsonNode *v = json_object_get_member (obj, "value");
      JsonNode *l = json_object_get_member (obj, "low");
      JsonNode *h = json_object_get_member (obj, "high");

      if (!strata_json_is_number (v) || !strata_json_is_number (l) || !strata_json_is_number (h) || json_object_get_size (obj) != 3)
        return FALSE;
      number->value = json_node_get_double (v);
      number->low = json_node_get_double (l);
      number->high = json_node_get_double (h);
      number->uncertain = TRUE;
      return TRUE;
    }
  return FALSE;
}

/* A whole number that JSON and a double hold exactly: an int node. */
static JsonNode *
number_node (double value)
{
  if (value == floor (value) && fabs (value) < 9007199254740992.0 && value != 0)
    return json_node_init_int (json_node_alloc (), (gint64) value);
  return json_node_init_double (json_node_alloc (), value == 0 ? 0 : value);
}

JsonNode *
strata_number_to_json (const StrataNumber *number)
{
  g_autoptr(JsonObject) obj = NULL;

  g_return_val_if_fail (number != NULL, NULL);

  if (!number->uncertain)
    return number_node (number->value);
  obj = json_object_new ();
  json_object_set_member (obj, "value", number_node (number->value));
  json_object_set_member (obj, "low", number_node (number->low));
  json_object_set_member (obj, "high", number_node (number->high));
  return json_node_init_object (json_node_alloc (), obj);
}

static char *
describe (JsonNode *node)
{
  g_autoptr(GString) out = g_string_new (NULL);

  if (JSON_NODE_HOLDS_NULL (node))
    return g_strdup ("null");
  if (JSON_NODE_HOLDS_OBJECT (node))
    return g_strdup ("an object");
  if (JSON_NODE_HOLDS_ARRAY (node))
    return g_strdup ("a list");
  if (strata_json_is_number (node))
    {
      char buf[STRATA_NUMBER_BUF_SIZE];

      return g_strdup (strata_format_json_number (json_node_get_double (node), buf));
    }
  if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return g_strdup (json_node_get_boolean (node) ? "true" : "false");
  strata_append_json_string (out, json_node_get_string (node));
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
fail (GError               **error,
      const StrataFieldInfo *field,
      JsonNode              *got)
{
  g_autofree char *text = describe (got);

  g_set_error (error, STRATA_EDIT_ERROR, STRATA_EDIT_ERROR_INVALID_VALUE,
               "%s, got %s", field->rule_text, text);
  return FALSE;
}

gboolean
strata_field_check_number (const StrataFieldInfo *field,
                           const StrataNumber    *number,
                           GError               **error)
{
  char b1[STRATA_NUMBER_BUF_SIZE], b2[STRATA_NUMBER_BUF_SIZE], b3[STRATA_NUMBER_BUF_SIZE];

  g_return_val_if_fail (field != NULL, FALSE);
  g_return_val_if_fail (number != NULL, FALSE);

  if (number->uncertain && !(field->flags & STRATA_FIELD_UNCERTAIN))
    {
      g_set_error (error, STRATA_EDIT_ERROR, STRATA_EDIT_ERROR_INVALID_VALUE,
                   "%s cannot be uncertain: it is a plain number", field->label);
      return FALSE;
    }
  if (!rule_holds (field->rule, number->value))
    {
      g_set_error (error, STRATA_EDIT_ERROR, STRATA_EDIT_ERROR_INVALID_VALUE, "%s, got %s",
                   field->rule_text, strata_format_json_number (number->value, b1));
      return FALSE;
    }
  if (!number->uncertain)
    return TRUE;
  if (!rule_holds (field->rule, number->low) || !rule_holds (field->rule, number->high))
    {
      g_set_error (error, STRATA_EDIT_ERROR, STRATA_EDIT_ERROR_INVALID_VALUE,
                   "%s (low and high too), got low %s and high %s", field->rule_text,
                   strata_format_json_number (number->low, b1),
                   strata_format_json_number (number->high, b2));
      return FALSE;
    }
  if (number->low > number->value || number->value > number->high)
    {
      g_set_error (error, STRATA_EDIT_ERROR, STRATA_EDIT_ERROR_INVALID_VALUE,
                   "an uncertain number has low <= value <= high, got low %s, value %s, high %s",
                   strata_format_json_number (number->low, b1),
                   strata_format_json_number (number->value, b2),
                   strata_format_json_number (number->high, b3));
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_text (const StrataFieldInfo *field,
            JsonNode              *value,
            GError               **error)
{
  const char *s;

  if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_STRING)
    return fail (error, field, value);
  s = json_node_get_string (value);
  for (const char *q = s; *q != '\0'; q = g_utf8_next_char (q))
    {
      gunichar c = g_utf8_get_char (q);

      if ((c < 0x20 && c != '\t' && c != '\n') || (c >= 0x7F && c <= 0x9F))
        {
          g_set_error (error, STRATA_EDIT_ERROR, STRATA_EDIT_ERROR_INVALID_VALUE,
                       "text may not hold the control character U+%04X", c);
          return FALSE;
        }
    }
  if (field->kind == STRATA_FIELD_TEXT)
    return TRUE;
  {
    g_autofree char *copy = g_strstrip (g_strdup (s));

    if (*copy == '\0')
      return fail (error, field, value);
  }
  switch (field->kind)
    {
    case STRATA_FIELD_ID:
      if (strlen (s) > STRATA_MAX_ID_LENGTH)
        return fail (error, field, value);
      for (const char *q = s; *q != '\0'; q++)
        if (!((*q >= 'a' && *q <= 'z') || (*q >= '0' && *q <= '9') || *q == '_' || *q == '-'))
          return fail (error, field, value);
      return TRUE;
    case STRATA_FIELD_MODE:
      if (!g_str_equal (s, "integrated") && !g_str_equal (s, "neutral"))
        return fail (error, field, value);
      return TRUE;
    case STRATA_FIELD_LEARNING:
      if (!g_str_equal (s, "annual") && !g_str_equal (s, "cumulative"))
        return fail (error, field, value);
      return TRUE;
    case STRATA_FIELD_TEXT:
    case STRATA_FIELD_LABEL:
    case STRATA_FIELD_LAYER_REF:
    case STRATA_FIELD_OPTION_REF:
    case STRATA_FIELD_STRATEGY_REF:
    case STRATA_FIELD_NUMBER:
    case STRATA_FIELD_INTEGER:
    case STRATA_FIELD_SOURCES:
    case STRATA_FIELD_JSON:
    default:
      return TRUE;
    }
}

static gboolean
check_sources (const StrataFieldInfo *field,
               JsonNode              *value,
               GError               **error)
{
  JsonArray *array;

  if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (value))
    return fail (error, field, value);
  array = json_node_get_array (value);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING)
        return fail (error, field, element);
    }
  return TRUE;
}

gboolean
strata_field_check (const StrataFieldInfo *field,
                    JsonNode              *value,
                    GError               **error)
{
  StrataNumber number;

  g_return_val_if_fail (field != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  switch (field->kind)
    {
    case STRATA_FIELD_NUMBER:
      if (!strata_number_from_json (value, &number))
        {
          g_autofree char *text = describe (value);

          g_set_error (error, STRATA_EDIT_ERROR, STRATA_EDIT_ERROR_INVALID_VALUE,
                       (field->flags & STRATA_FIELD_UNCERTAIN)
                       ? "must be a number or {\"value\": v, \"low\": l, \"high\": h}; %s; got %s"
                       : "must be a number; %s; got %s",
                       field->rule_text, text);
          return FALSE;
        }
      return strata_field_check_number (field, &number, error);

    case STRATA_FIELD_INTEGER:
      if (!strata_json_is_number (value) || json_node_get_double (value) != floor (json_node_get_double (value))
          || json_node_get_double (value) < field->min || json_node_get_double (value) > field->max)
        return fail (error, field, value);
      return TRUE;

    case STRATA_FIELD_SOURCES:
      return check_sources (field, value, error);

    case STRATA_FIELD_JSON:
      return TRUE;

    case STRATA_FIELD_TEXT:
    case STRATA_FIELD_LABEL:
    case STRATA_FIELD_ID:
    case STRATA_FIELD_MODE:
    case STRATA_FIELD_LAYER_REF:
    case STRATA_FIELD_OPTION_REF:
    case STRATA_FIELD_STRATEGY_REF:
    case STRATA_FIELD_LEARNING:
    default:
      return check_text (field, value, error);
    }
}

char *
strata_field_unit_text (const StrataFieldInfo *field,
                        const StrataDataset   *dataset)
{
  const char *currency = dataset != NULL && dataset->currency != NULL ? dataset->currency : "";
  const char *unit = dataset != NULL && dataset->unit != NULL ? dataset->unit : "units";
  g_autofree char *singular = strata_format_unit_singular (unit);
  g_autofree char *plural = strata_format_unit_plural (unit);

  g_return_val_if_fail (field != NULL, NULL);

  switch (field->unit)
    {
    case STRATA_UNIT_MONEY_PER_UNIT:
      return g_strdup_printf ("%s per %s", currency, singular);
    case STRATA_UNIT_MONEY_PER_YEAR:
      return g_strdup_printf ("%s per year", currency);
    case STRATA_UNIT_MONEY:
      return g_strdup (currency);
    case STRATA_UNIT_VOLUME:
      return g_strdup_printf ("%s per year", plural);
    case STRATA_UNIT_UNITS:
      return g_strdup (plural);
    case STRATA_UNIT_FRACTION:
      return g_strdup ("share (0.25 = 25 %)");
    case STRATA_UNIT_MILLISECONDS:
      return g_strdup ("ms");
    case STRATA_UNIT_YEARS:
      return g_strdup ("years");
    case STRATA_UNIT_YEAR:
    case STRATA_UNIT_NONE:
    default:
      return NULL;
    }
}

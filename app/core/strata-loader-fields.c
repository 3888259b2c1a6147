/* strata-loader-fields.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reading one member of a JSON object against its rule (MODEL.md section 2):
 * text, plain and uncertain numbers, objects, lists, sources and the
 * unknown keys kept for saving.  Each problem is reported with its path.
 */

#define G_LOG_DOMAIN "strata-loader"

#include "config.h"

#include <math.h>
#include <string.h>

#include "strata/strata-limits.h"
#include "strata-loader-private.h"


void
loader_problem_free (gpointer data)
{
  Problem *p = data;

  g_free (p->path);
  g_free (p->message);
  g_free (p);
}

char *
loader_join_path (const char *base,
                  const char *key)
{
  if (key == NULL)
    return g_strdup (base);
  if (base == NULL || *base == '\0')
    return g_strdup (key);
  return g_strconcat (base, ".", key, NULL);
}

G_GNUC_PRINTF (5, 6)
void
loader_report (Loader     *L,
               int         code,
               const char *base,
               const char *key,
               const char *format,
               ...)
{
  Problem *p = g_new0 (Problem, 1);
  va_list args;

  p->code = code;
  p->seq = L->problems->len;
  p->path = base != NULL ? loader_join_path (base, key) : NULL;
  va_start (args, format);
  p->message = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (L->problems, p);
}

static const char *
type_name (JsonNode *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      return "an object";
    case JSON_NODE_ARRAY:
      return "a list";
    case JSON_NODE_NULL:
      return "null";
    case JSON_NODE_VALUE:
    default:
      break;
    }
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return "a string";
    case G_TYPE_BOOLEAN:
      return json_node_get_boolean (node) ? "true" : "false";
    default:
      return "a number";
    }
}

/* "got a string (\"0.5\")": the value itself when it helps. */
char *
loader_describe_got (JsonNode *node)
{
  if (JSON_NODE_HOLDS_VALUE (node)
      && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      const char *s = json_node_get_string (node);
      g_autoptr(GString) out = g_string_new ("got the string ");

      if (g_utf8_strlen (s, 41) > 40)
        {
          g_autofree char *cut = g_utf8_substring (s, 0, 40);
          strata_append_json_string (out, cut);
          g_string_insert (out, out->len - 1, "...");
        }
      else
        strata_append_json_string (out, s);
      return g_string_free (g_steal_pointer (&out), FALSE);
    }
  return g_strdup_printf ("got %s", type_name (node));
}

double
loader_number_of (JsonNode *node)
{
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return (double) json_node_get_int (node);
  return json_node_get_double (node);
}

gboolean
loader_is_string (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node)
         && json_node_get_value_type (node) == G_TYPE_STRING;
}

const char *
loader_fmt (double value,
            char   buf[STRATA_NUMBER_BUF_SIZE])
{
  return strata_format_json_number (value, buf);
}

/* Why @v breaks @rule (the side it is on). */
static const char *
rule_text (Rule   rule,
           double v)
{
  switch (rule)
    {
    case RULE_NONNEG:
      return v > STRATA_MAX_AMOUNT ? STRATA_AMOUNT_RULE_TEXT : "must be at least 0";
    case RULE_POSITIVE:
      return v > STRATA_MAX_AMOUNT ? STRATA_AMOUNT_RULE_TEXT : "must be greater than 0";
    case RULE_FRACTION:
      return "must be at least 0 and less than 1";
    case RULE_VOLUME:
      return v <= 0 ? "must be greater than 0" : STRATA_VOLUME_RULE_TEXT;
    default:
      g_assert_not_reached ();
    }
}

static gboolean
rule_holds (Rule   rule,
            double v)
{
  switch (rule)
    {
    case RULE_NONNEG:
      return v >= 0 && v <= STRATA_MAX_AMOUNT;
    case RULE_POSITIVE:
      return v > 0 && v <= STRATA_MAX_AMOUNT;
    case RULE_FRACTION:
      return v >= 0 && v < 1;
    case RULE_VOLUME:
      return v >= STRATA_MIN_VOLUME && v <= STRATA_MAX_VOLUME;
    default:
      g_assert_not_reached ();
    }
}

/* Control characters other than tab and line feed (C0, DEL, C1). */
static gboolean
check_control (Loader     *L,
               const char *base,
               const char *key,
               const char *text)
{
  for (const char *q = text; *q != '\0'; q = g_utf8_next_char (q))
    {
      gunichar c = g_utf8_get_char (q);

      if ((c < 0x20 && c != '\t' && c != '\n') || (c >= 0x7F && c <= 0x9F))
        {
          invalid (L, base, key,
                   "contains the control character U+%04X (text may hold any character except control characters other than tab and line break)",
                   c);
          return FALSE;
        }
    }
  return TRUE;
}

/* The member @key of @obj, or NULL: then a problem when @required. */
static JsonNode *
get_member (Loader     *L,
            JsonObject *obj,
            const char *base,
            const char *key,
            gboolean    required,
            const char *what)
{
  JsonNode *node = json_object_get_member (obj, key);

  if (node == NULL && required)
    invalid (L, base, key, "missing (%s is required)", what);
  return node;
}

/* Reads a text member.  Returns TRUE when it is absent (and optional) or
 * valid, storing a copy in @out (left NULL when absent). */
gboolean
loader_get_text (Loader      *L,
                 JsonObject  *obj,
                 const char  *base,
                 const char  *key,
                 TextFlags    flags,
                 const char  *what,
                 char       **out)
{
  JsonNode *node = get_member (L, obj, base, key, (flags & TEXT_REQUIRED) != 0, what);
  const char *s;

  if (node == NULL)
    return (flags & TEXT_REQUIRED) == 0;
  if (!loader_is_string (node))
    {
      g_autofree char *got = loader_describe_got (node);
      invalid (L, base, key, "must be a string, %s", got);
      return FALSE;
    }

  s = json_node_get_string (node);
  if (flags & (TEXT_NONEMPTY | TEXT_ID | TEXT_SLUG))
    {
      gboolean blank = TRUE;

      for (const char *q = s; *q != '\0'; q++)
        if (!g_ascii_isspace (*q))
          {
            blank = FALSE;
            break;
          }
      if (blank)
        {
          invalid (L, base, key, "must not be empty");
          return FALSE;
        }
    }
  if ((flags & (TEXT_ID | TEXT_SLUG)) && strlen (s) > STRATA_MAX_ID_LENGTH)
    {
      limit (L, base, key, "id is %zu bytes long, more than the limit of %u bytes for ids",
             strlen (s), (guint) STRATA_MAX_ID_LENGTH);
      return FALSE;
    }
  if (flags & TEXT_SLUG)
    {
      for (const char *q = s; *q != '\0'; q++)
        if (!((*q >= 'a' && *q <= 'z') || (*q >= '0' && *q <= '9')
              || *q == '_' || *q == '-'))
          {
            g_autoptr(GString) quoted = g_string_new (NULL);

            strata_append_json_string (quoted, s);
            invalid (L, base, key,
                     "%s may hold only lowercase letters a-z, digits 0-9, '_' and '-', got %s",
                     what, quoted->str);
            return FALSE;
          }
    }
  if (!check_control (L, base, key, s))
    return FALSE;

  *out = g_strdup (s);
  return TRUE;
}

/* @node, member @key of @base, as a number that holds @rule; FALSE after
 * a problem. */
static gboolean
read_number (Loader     *L,
             const char *base,
             const char *key,
             JsonNode   *node,
             Rule        rule,
             double     *out)
{
  char buf[STRATA_NUMBER_BUF_SIZE];
  double v;

  if (!strata_json_is_number (node))
    {
      g_autofree char *got = loader_describe_got (node);
      invalid (L, base, key, "must be a number, %s", got);
      return FALSE;
    }
  v = loader_number_of (node);
  if (!rule_holds (rule, v))
    {
      invalid (L, base, key, "%s, got %s", rule_text (rule, v), loader_fmt (v, buf));
      return FALSE;
    }
  *out = v;
  return TRUE;
}

/* Reads a plain number member (top-level and layer figures); @present
 * (nullable) says whether it was there and valid. */
gboolean
loader_get_plain (Loader     *L,
                  JsonObject *obj,
                  const char *base,
                  const char *key,
                  Rule        rule,
                  gboolean    required,
                  const char *what,
                  double     *out,
                  gboolean   *present)
{
  JsonNode *node = get_member (L, obj, base, key, required, what);
  gboolean ok = node != NULL ? read_number (L, base, key, node, rule, out) : !required;

  if (present != NULL)
    *present = node != NULL && ok;
  return ok;
}

/* @node, member @key of @base, as a number that may be uncertain:
 * {value, low, high}, each part holding @rule; FALSE after a problem. */
static gboolean
read_uncertain (Loader       *L,
                const char   *base,
                const char   *key,
                JsonNode     *node,
                Rule          rule,
                StrataNumber *out)
{
  char buf[STRATA_NUMBER_BUF_SIZE];

  if (strata_json_is_number (node))
    {
      double v;

      if (!read_number (L, base, key, node, rule, &v))
        return FALSE;
      out->value = out->low = out->high = v;
      out->uncertain = FALSE;
    }
  else if (JSON_NODE_HOLDS_OBJECT (node))
    {
      static const char *parts[] = { "value", "low", "high" };
      JsonObject *u = json_node_get_object (node);
      g_autofree char *path = loader_join_path (base, key);
      double vals[3] = { 0, 0, 0 };
      gboolean ok = TRUE;
      g_autoptr(GList) members = json_object_get_members (u);

      for (GList *l = members; l != NULL; l = l->next)
        if (g_strcmp0 (l->data, "value") != 0 && g_strcmp0 (l->data, "low") != 0
            && g_strcmp0 (l->data, "high") != 0)
          {
            invalid (L, path, l->data,
                     "unknown key in an uncertain number (it takes only value, low and high)");
            ok = FALSE;
          }

      for (guint i = 0; i < 3; i++)
        {
          JsonNode *part = json_object_get_member (u, parts[i]);

          if (part == NULL)
            {
              invalid (L, path, parts[i],
                       "missing (an uncertain number needs value, low and high)");
              ok = FALSE;
            }
          else if (!read_number (L, path, parts[i], part, rule, &vals[i]))
            ok = FALSE;
        }
      if (!ok)
        return FALSE;

      if (vals[1] > vals[0] || vals[0] > vals[2])
        {
          char b1[STRATA_NUMBER_BUF_SIZE], b2[STRATA_NUMBER_BUF_SIZE];

          invalid (L, base, key,
                   "an uncertain number needs low <= value <= high, got low %s, value %s, high %s",
                   loader_fmt (vals[1], b1), loader_fmt (vals[0], buf), loader_fmt (vals[2], b2));
          return FALSE;
        }
      out->value = vals[0];
      out->low = vals[1];
      out->high = vals[2];
      out->uncertain = TRUE;
    }
  else
    {
      g_autofree char *got = loader_describe_got (node);
      invalid (L, base, key,
               "must be a number or an uncertain number {\"value\", \"low\", \"high\"}, %s",
               got);
      return FALSE;
    }

  return TRUE;
}

/* Reads a number member that may be uncertain: {value, low, high}. */
gboolean
loader_get_number (Loader       *L,
                   JsonObject   *obj,
                   const char   *base,
                   const char   *key,
                   Rule          rule,
                   gboolean      required,
                   const char   *what,
                   StrataNumber *out)
{
  JsonNode *node = get_member (L, obj, base, key, required, what);

  return node != NULL ? read_uncertain (L, base, key, node, rule, out) : !required;
}

JsonObject *
loader_get_object (Loader     *L,
                   JsonObject *obj,
                   const char *base,
                   const char *key,
                   gboolean    required,
                   const char *what)
{
  JsonNode *node = get_member (L, obj, base, key, required, what);

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autofree char *got = loader_describe_got (node);
      invalid (L, base, key, "must be an object, %s", got);
      return NULL;
    }
  return json_node_get_object (node);
}

/* Returns the list, NULL when absent or wrong (reported). */
JsonArray *
loader_get_array (Loader     *L,
                  JsonObject *obj,
                  const char *base,
                  const char *key,
                  gboolean    required,
                  const char *what,
                  guint       max,
                  const char *max_what)
{
  JsonNode *node = get_member (L, obj, base, key, required, what);
  JsonArray *array;

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_autofree char *got = loader_describe_got (node);
      invalid (L, base, key, "must be a list, %s", got);
      return NULL;
    }
  array = json_node_get_array (node);
  if (json_array_get_length (array) > max)
    {
      limit (L, base, key, "%u %s, more than the limit of %u",
             json_array_get_length (array), max_what, max);
      return NULL;
    }
  return array;
}

/* Copies the members not named in @known into a new object (or NULL). */
JsonObject *
loader_collect_extra (JsonObject         *obj,
                      const char * const *known)
{
  JsonObject *extra = NULL;
  g_autoptr(GList) members = json_object_get_members (obj);

  for (GList *l = members; l != NULL; l = l->next)
    {
      if (g_strv_contains (known, l->data))
        continue;
      if (extra == NULL)
        extra = json_object_new ();
      json_object_set_member (extra, l->data,
                              json_node_copy (json_object_get_member (obj, l->data)));
    }
  return extra;
}

/* `source`: an id or a list of ids, each an entry of `sources`. */
char **
loader_get_sources (Loader     *L,
                    JsonObject *obj,
                    const char *base)
{
  JsonNode *node = json_object_get_member (obj, "source");
  g_autoptr(GPtrArray) ids = NULL;
  g_autofree char *path = NULL;

  if (node == NULL)
    return NULL;

  ids = g_ptr_array_new_with_free_func (g_free);
  path = loader_join_path (base, "source");

  if (loader_is_string (node))
    {
      const char *id = json_node_get_string (node);

      if (!g_hash_table_contains (L->source_ids, id))
        invalid (L, base, "source",
                 "unknown source \"%s\" (no entry of sources has this id)", id);
      else
        g_ptr_array_add (ids, g_strdup (id));
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *item = json_array_get_element (array, i);
          g_autofree char *item_path = g_strdup_printf ("%s[%u]", path, i);

          if (!loader_is_string (item))
            {
              g_autofree char *got = loader_describe_got (item);
              invalid (L, item_path, NULL, "a source id must be a string, %s", got);
            }
          else if (!g_hash_table_contains (L->source_ids, json_node_get_string (item)))
            invalid (L, item_path, NULL,
                     "unknown source \"%s\" (no entry of sources has this id)",
                     json_node_get_string (item));
          else
            g_ptr_array_add (ids, g_strdup (json_node_get_string (item)));
        }
    }
  else
    {
      g_autofree char *got = loader_describe_got (node);
      invalid (L, base, "source", "must be a source id or a list of source ids, %s", got);
      return NULL;
    }

  if (ids->len == 0)
    return NULL;
  g_ptr_array_add (ids, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&ids), FALSE);
}

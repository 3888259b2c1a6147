/* strata-edit-set.c: resolving a field path and setting one field
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "strata-edit"

#include "config.h"

#include <math.h>
#include <string.h>

#include "strata/strata-edit.h"
#include "strata/strata-format.h"
#include "strata-edit-private.h"
#include "strata-json-guard-private.h"

/* What a field path names. */
typedef struct
{
  StrataFieldScope       scope;
  const StrataFieldInfo *field;
  const char            *key;         /* the member's name in @parent */
  JsonObject            *parent;      /* (nullable) absent container */
  JsonObject            *holder;      /* object that holds the container @parent_key */
  const char            *parent_key;  /* "volume", "horizon", "choices" or NULL */
  StrataFieldScope       holder_scope;
  JsonObject            *layer;       /* the layer of an option or of a choice */
  JsonObject            *strategy;
} Target;

static const char *
scope_noun (StrataFieldScope scope)
{
  switch (scope)
    {
    case STRATA_SCOPE_DATASET:        return "a dataset";
    case STRATA_SCOPE_VOLUME:         return "the volume";
    case STRATA_SCOPE_LAYER:          return "a layer";
    case STRATA_SCOPE_OPTION:         return "an option";
    case STRATA_SCOPE_LINK:           return "a link";
    case STRATA_SCOPE_STRATEGY:       return "a strategy";
    case STRATA_SCOPE_CHOICE:         return "a strategy's choices";
    case STRATA_SCOPE_SOURCE:         return "a source";
    case STRATA_SCOPE_HORIZON:        return "the horizon";
    case STRATA_SCOPE_HORIZON_VOLUME: return "the horizon's volume";
    default:                          return "this";
    }
}

/* A path that names nothing in the dataset, and a value a field refuses. */
#define unknown(error, path, ...) _strata_edit_refuse ((error), STRATA_EDIT_ERROR_UNKNOWN_PATH, (path), __VA_ARGS__)
#define invalid(error, path, ...) _strata_edit_refuse ((error), STRATA_EDIT_ERROR_INVALID_VALUE, (path), __VA_ARGS__)

/* "a, b, c" of the ids in @array (at most 12). */
static char *
list_ids (JsonArray *array)
{
  GString *out = g_string_new (NULL);
  guint n = array != NULL ? json_array_get_length (array) : 0;

  for (guint i = 0; i < n && i < 12; i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      const char *id = JSON_NODE_HOLDS_OBJECT (node)
                       ? _strata_object_get_text (json_node_get_object (node), "id") : NULL;

      g_string_append_printf (out, "%s%s", out->len > 0 ? ", " : "", id != NULL ? id : "?");
    }
  if (n > 12)
    g_string_append (out, ", …");
  if (n == 0)
    g_string_append (out, "none");
  return g_string_free (out, FALSE);
}

static char *
list_fields (StrataFieldScope scope)
{
  GString *out = g_string_new (NULL);
  guint n;
  const StrataFieldInfo *fields = strata_field_list (scope, &n);

  for (guint i = 0; i < n; i++)
    g_string_append_printf (out, "%s%s", i > 0 ? ", " : "", fields[i].key);
  return g_string_free (out, FALSE);
}

static JsonObject *
child_object (JsonObject *obj,
              const char *key)
{
  JsonNode *node = obj != NULL ? json_object_get_member (obj, key) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static gboolean
find_in_list (StrataDraft  *draft,
              JsonArray    *array,
              const char   *what,
              const char   *id,
              const char   *path,
              JsonObject  **out,
              GError      **error)
{
  g_autofree char *ids = NULL;

  *out = _strata_find_by_id (array, id, NULL);
  if (*out != NULL)
    return TRUE;
  (void) draft;
  ids = list_ids (array);
  return unknown (error, path, "no %s \"%s\" (%ss: %s)", what, id, what, ids);
}

static gboolean
resolve_layers (StrataDraft  *draft,
                char        **parts,
                guint         n,
                const char   *path,
                Target       *t,
                GError      **error)
{
  if (n != 3 && !(n == 5 && g_str_equal (parts[2], "options")))
    return unknown (error, path, "a layer's field is layers.LAYER.FIELD or "
                    "layers.LAYER.options.OPTION.FIELD");
  if (!find_in_list (draft, _strata_draft_list (draft, "layers", FALSE), "layer", parts[1],
                     path, &t->layer, error))
    return FALSE;
  if (n == 3)
    {
      t->scope = STRATA_SCOPE_LAYER;
      t->parent = t->layer;
      t->key = parts[2];
      return TRUE;
    }
  if (!find_in_list (draft, _strata_layer_options (t->layer), "option", parts[3], path,
                     &t->parent, error))
    return FALSE;
  t->scope = STRATA_SCOPE_OPTION;
  t->key = parts[4];
  return TRUE;
}

static gboolean
resolve_links (StrataDraft  *draft,
               char        **parts,
               guint         n,
               const char   *path,
               Target       *t,
               GError      **error)
{
  JsonArray *links = _strata_draft_list (draft, "links", FALSE);
  guint count = links != NULL ? json_array_get_length (links) : 0;
  guint64 index;
  JsonNode *node;

  if (n != 3)
    return unknown (error, path, "a link's field is links.N.FIELD (N counts links from 0)");
  if (!g_ascii_string_to_unsigned (parts[1], 10, 0, G_MAXUINT, &index, NULL))
    return unknown (error, path, "links are numbered from 0 in file order, got \"%s\"", parts[1]);
  if (index >= count)
    return unknown (error, path, "no link %" G_GUINT64_FORMAT " (the dataset has %u link%s)",
                    index, count, count == 1 ? "" : "s");
  node = json_array_get_element (links, index);
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return unknown (error, path, "link %" G_GUINT64_FORMAT " is not an object", index);
  t->scope = STRATA_SCOPE_LINK;
  t->parent = json_node_get_object (node);
  t->key = parts[2];
  return TRUE;
}

static gboolean
resolve_strategies (StrataDraft  *draft,
                    char        **parts,
                    guint         n,
                    const char   *path,
                    Target       *t,
                    GError      **error)
{
  if (n != 3 && !(n == 4 && g_str_equal (parts[2], "choices")))
    return unknown (error, path, "a strategy's field is strategies.STRATEGY.FIELD or "
                    "strategies.STRATEGY.choices.LAYER");
  if (!find_in_list (draft, _strata_draft_list (draft, "strategies", FALSE), "strategy",
                     parts[1], path, &t->strategy, error))
    return FALSE;
  if (n == 3)
    {
      t->scope = STRATA_SCOPE_STRATEGY;
      t->parent = t->strategy;
      t->key = parts[2];
      return TRUE;
    }
  if (!find_in_list (draft, _strata_draft_list (draft, "layers", FALSE), "layer", parts[3],
                     path, &t->layer, error))
    return FALSE;
  t->scope = STRATA_SCOPE_CHOICE;
  t->holder = t->strategy;
  t->holder_scope = STRATA_SCOPE_STRATEGY;
  t->parent_key = "choices";
  t->parent = child_object (t->strategy, "choices");
  t->key = parts[3];
  return TRUE;
}

static gboolean
resolve_horizon (StrataDraft  *draft,
                 char        **parts,
                 guint         n,
                 const char   *path,
                 Target       *t,
                 GError      **error)
{
  JsonObject *root = _strata_draft_root (draft);
  JsonObject *horizon = child_object (root, "horizon");

  if (n == 2)
    {
      t->scope = STRATA_SCOPE_HORIZON;
      t->holder = root;
      t->holder_scope = STRATA_SCOPE_DATASET;
      t->parent_key = "horizon";
      t->parent = horizon;
      t->key = parts[1];
      return TRUE;
    }
  if (n != 3 || !g_str_equal (parts[1], "volume"))
    return unknown (error, path, "a horizon field is horizon.FIELD or horizon.volume.FIELD");
  if (horizon != NULL && json_object_has_member (horizon, "volume")
      && child_object (horizon, "volume") == NULL)
    return unknown (error, path, "horizon.volume is a list of volumes here; "
                    "set horizon.volume to {\"first\": V, \"growth\": G} first");
  if (horizon == NULL)
    return unknown (error, path, "the dataset has no horizon; set horizon.volume first");
  t->scope = STRATA_SCOPE_HORIZON_VOLUME;
  t->holder = horizon;
  t->holder_scope = STRATA_SCOPE_HORIZON;
  t->parent_key = "volume";
  t->parent = child_object (horizon, "volume");
  t->key = parts[2];
  return TRUE;
}

static gboolean
resolve (StrataDraft  *draft,
         const char   *path,
         Target       *t,
         GError      **error)
{
  g_auto(GStrv) parts = NULL;
  JsonObject *root = _strata_draft_root (draft);
  gboolean ok;
  guint n;

  memset (t, 0, sizeof *t);
  if (path == NULL || *path == '\0')
    return unknown (error, "(empty)", "a field path is needed, such as layers.chips.boundary_cost");
  parts = g_strsplit (path, ".", -1);
  n = g_strv_length (parts);
  for (guint i = 0; i < n; i++)
    if (*parts[i] == '\0')
      return unknown (error, path, "a field path has no empty parts");

  if (g_str_equal (parts[0], "layers"))
    ok = resolve_layers (draft, parts, n, path, t, error);
  else if (g_str_equal (parts[0], "links"))
    ok = resolve_links (draft, parts, n, path, t, error);
  else if (g_str_equal (parts[0], "strategies"))
    ok = resolve_strategies (draft, parts, n, path, t, error);
  else if (g_str_equal (parts[0], "sources"))
    {
      ok = n == 3
           ? find_in_list (draft, _strata_draft_list (draft, "sources", FALSE), "source",
                           parts[1], path, &t->parent, error)
           : unknown (error, path, "a source's field is sources.SOURCE.FIELD");
      t->scope = STRATA_SCOPE_SOURCE;
      t->key = parts[n - 1];
    }
  else if (g_str_equal (parts[0], "volume"))
    {
      ok = n == 2 ? TRUE : unknown (error, path, "a volume field is volume.min, volume.default or volume.max");
      t->scope = STRATA_SCOPE_VOLUME;
      t->holder = root;
      t->holder_scope = STRATA_SCOPE_DATASET;
      t->parent_key = "volume";
      t->parent = child_object (root, "volume");
      t->key = parts[n - 1];
    }
  else if (g_str_equal (parts[0], "horizon"))
    ok = resolve_horizon (draft, parts, n, path, t, error);
  else
    {
      ok = n == 1 ? TRUE : unknown (error, path, "no such field");
      t->scope = STRATA_SCOPE_DATASET;
      t->parent = root;
      t->key = parts[0];
    }
  if (!ok)
    return FALSE;

  t->field = strata_field_lookup (t->scope, t->key);
  if (t->field == NULL)
    {
      g_autofree char *fields = list_fields (t->scope);

      return unknown (error, path, "unknown field \"%s\" of %s (its fields: %s)",
                      t->key, scope_noun (t->scope), fields);
    }
  /* t->key points into @parts: keep a copy that outlives them. */
  t->key = g_intern_string (t->key);
  return TRUE;
}

static gboolean
string_in_list (JsonArray  *array,
                const char *id)
{
  return _strata_find_by_id (array, id, NULL) != NULL;
}

static gboolean
is_preset (const char *id)
{
  return g_str_equal (id, STRATA_STRATEGY_ALL_NEUTRAL)
         || g_str_equal (id, STRATA_STRATEGY_ALL_INTEGRATED)
         || g_str_equal (id, STRATA_STRATEGY_OPTIMAL);
}

/* The references a value makes must exist; a field of one mode needs an
 * option of that mode. */
static gboolean
check_context (StrataDraft  *draft,
               const Target *t,
               const char   *path,
               JsonNode     *value,
               GError      **error)
{
  const StrataFieldInfo *f = t->field;
  const char *text = JSON_NODE_HOLDS_VALUE (value)
                     && json_node_get_value_type (value) == G_TYPE_STRING
                     ? json_node_get_string (value) : NULL;

  if (t->scope == STRATA_SCOPE_OPTION && (f->flags & (STRATA_FIELD_NEUTRAL | STRATA_FIELD_INTEGRATED)))
    {
      const char *mode = _strata_object_get_text (t->parent, "mode");
      const char *want = (f->flags & STRATA_FIELD_NEUTRAL) ? "neutral" : "integrated";

      if (g_strcmp0 (mode, want) != 0)
        return invalid (error, path, "%s applies to %s options only; this option is %s "
                        "(change its mode first)", f->key, want, mode != NULL ? mode : "of no mode");
    }
  switch (f->kind)
    {
    case STRATA_FIELD_LAYER_REF:
      if (!string_in_list (_strata_draft_list (draft, "layers", FALSE), text))
        return invalid (error, path, "no layer \"%s\"", text);
      return TRUE;
    case STRATA_FIELD_OPTION_REF:
      if (!string_in_list (_strata_layer_options (t->layer), text))
        return invalid (error, path, "layer \"%s\" has no option \"%s\"", t->key, text);
      return TRUE;
    case STRATA_FIELD_STRATEGY_REF:
      if (!is_preset (text) && !string_in_list (_strata_draft_list (draft, "strategies", FALSE), text))
        return invalid (error, path, "no strategy \"%s\" (a preset or one of the dataset's)", text);
      return TRUE;
    case STRATA_FIELD_SOURCES:
      {
        JsonArray *sources = _strata_draft_list (draft, "sources", FALSE);

        if (text != NULL)
          return string_in_list (sources, text) ? TRUE
                 : invalid (error, path, "no source \"%s\" in the dataset's sources", text);
        for (guint i = 0; i < json_array_get_length (json_node_get_array (value)); i++)
          {
            const char *id = json_array_get_string_element (json_node_get_array (value), i);

            if (!string_in_list (sources, id))
              return invalid (error, path, "no source \"%s\" in the dataset's sources", id);
          }
        return TRUE;
      }
    case STRATA_FIELD_TEXT:
    case STRATA_FIELD_LABEL:
    case STRATA_FIELD_ID:
    case STRATA_FIELD_NUMBER:
    case STRATA_FIELD_INTEGER:
    case STRATA_FIELD_MODE:
    case STRATA_FIELD_LEARNING:
    case STRATA_FIELD_JSON:
    default:
      return TRUE;
    }
}

/* -- Consequences: ids and modes ------------------------------------------ */

static void
rename_in_choices (StrataDraft *draft,
                   const char  *layer_id,
                   const char  *old_id,
                   const char  *new_id)
{
  g_autoptr(GPtrArray) all = _strata_draft_choices (draft);

  for (guint i = 0; i < all->len; i++)
    {
      JsonObject *choices = all->pdata[i];

      if (layer_id == NULL)
        {
          /* a layer renamed: its key */
          JsonNode *choice = json_object_get_member (choices, old_id);

          if (choice != NULL)
            _strata_object_replace_key (choices, old_id, new_id, json_node_ref (choice));
        }
      else if (g_strcmp0 (_strata_object_get_text (choices, layer_id), old_id) == 0)
        json_object_set_string_member (choices, layer_id, new_id);
    }
}

/* Renaming an id renames what refers to it. */
static void
rename_references (StrataDraft  *draft,
                   const Target *t,
                   const char   *old_id,
                   const char   *new_id)
{
  switch (t->scope)
    {
    case STRATA_SCOPE_LAYER:
      {
        JsonArray *links = _strata_draft_list (draft, "links", FALSE);

        for (guint i = 0; links != NULL && i < json_array_get_length (links); i++)
          {
            JsonNode *node = json_array_get_element (links, i);

            if (!JSON_NODE_HOLDS_OBJECT (node))
              continue;
            for (guint end = 0; end < 2; end++)
              {
                const char *key = end == 0 ? "from" : "to";

                if (g_strcmp0 (_strata_object_get_text (json_node_get_object (node), key), old_id) == 0)
                  json_object_set_string_member (json_node_get_object (node), key, new_id);
              }
          }
        rename_in_choices (draft, NULL, old_id, new_id);
      }
      break;
    case STRATA_SCOPE_OPTION:
      rename_in_choices (draft, _strata_object_get_text (t->layer, "id"), old_id, new_id);
      break;
    case STRATA_SCOPE_STRATEGY:
      {
        JsonObject *horizon = child_object (_strata_draft_root (draft), "horizon");

        if (g_strcmp0 (_strata_object_get_text (horizon, "start"), old_id) == 0)
          json_object_set_string_member (horizon, "start", new_id);
      }
      break;
    case STRATA_SCOPE_SOURCE:
      _strata_draft_swap_source (draft, old_id, new_id);
      break;
    case STRATA_SCOPE_DATASET:
    case STRATA_SCOPE_VOLUME:
    case STRATA_SCOPE_LINK:
    case STRATA_SCOPE_CHOICE:
    case STRATA_SCOPE_HORIZON:
    case STRATA_SCOPE_HORIZON_VOLUME:
    default:
      break;
    }
}

static gboolean
set_id (StrataDraft  *draft,
        const Target *t,
        const char   *path,
        const char   *new_id,
        GError      **error)
{
  g_autofree char *old_id = g_strdup (_strata_object_get_text (t->parent, "id"));
  JsonArray *siblings = NULL;

  if (g_strcmp0 (old_id, new_id) == 0)
    return TRUE;
  switch (t->scope)
    {
    case STRATA_SCOPE_LAYER:    siblings = _strata_draft_list (draft, "layers", FALSE); break;
    case STRATA_SCOPE_OPTION:   siblings = _strata_layer_options (t->layer); break;
    case STRATA_SCOPE_STRATEGY: siblings = _strata_draft_list (draft, "strategies", FALSE); break;
    case STRATA_SCOPE_SOURCE:   siblings = _strata_draft_list (draft, "sources", FALSE); break;
    case STRATA_SCOPE_DATASET:
    case STRATA_SCOPE_VOLUME:
    case STRATA_SCOPE_LINK:
    case STRATA_SCOPE_CHOICE:
    case STRATA_SCOPE_HORIZON:
    case STRATA_SCOPE_HORIZON_VOLUME:
    default:
      break;
    }
  if (string_in_list (siblings, new_id))
    return invalid (error, path, "the id \"%s\" is taken: ids are unique in their list", new_id);
  if (t->scope == STRATA_SCOPE_STRATEGY && is_preset (new_id))
    return invalid (error, path, "\"%s\" is the id of a preset strategy", new_id);
  json_object_set_string_member (t->parent, "id", new_id);
  if (old_id != NULL)
    rename_references (draft, t, old_id, new_id);
  return TRUE;
}

static JsonNode *
member_or_zero (JsonObject *obj,
                const char *key)
{
  JsonNode *node = json_object_get_member (obj, key);

  return node != NULL ? _strata_json_deep_copy (node)
                      : json_node_init_int (json_node_alloc (), 0);
}

/* Neutral -> integrated: pays what it paid, now as its own unit cost. */
static void
make_integrated (JsonObject *option)
{
  const char *paid_key = json_object_has_member (option, "price") ? "price" : "supplier_cost";
  JsonNode *paid;

  if (g_str_equal (paid_key, "price"))
    paid = member_or_zero (option, "price");
  else
    {
      StrataNumber cost, margin, out;

      if (!strata_number_from_json (json_object_get_member (option, "supplier_cost"), &cost))
        memset (&cost, 0, sizeof cost);
      if (!strata_number_from_json (json_object_get_member (option, "margin"), &margin)
          || margin.high >= 1 || margin.low < 0)
        memset (&margin, 0, sizeof margin);
      /* The price is increasing in both: bounds map to bounds. */
      out.uncertain = cost.uncertain || margin.uncertain;
      out.value = cost.value / (1 - margin.value);
      out.low = cost.low / (1 - margin.low);
      out.high = cost.high / (1 - margin.high);
      paid = strata_number_to_json (&out);
    }
  if (json_object_has_member (option, paid_key))
    _strata_object_replace_key (option, paid_key, "unit_cost", paid);
  else
    _strata_object_put (option, STRATA_SCOPE_OPTION, "unit_cost", paid);
  json_object_remove_member (option, "supplier_cost");
  json_object_remove_member (option, "price");
  json_object_remove_member (option, "margin");
}

/* Integrated -> neutral: bought at its unit cost, no margin yet. */
static void
make_neutral (JsonObject *option)
{
  static const char * const integrated_only[] = {
    "learning_rate", "reference_volume", "floor_cost", "experience"
  };
  JsonNode *cost = member_or_zero (option, "unit_cost");

  if (json_object_has_member (option, "unit_cost"))
    _strata_object_replace_key (option, "unit_cost", "supplier_cost", cost);
  else
    _strata_object_put (option, STRATA_SCOPE_OPTION, "supplier_cost", cost);
  _strata_object_put (option, STRATA_SCOPE_OPTION, "margin",
                      json_node_init_int (json_node_alloc (), 0));
  for (guint i = 0; i < G_N_ELEMENTS (integrated_only); i++)
    json_object_remove_member (option, integrated_only[i]);
}

static void
set_mode (JsonObject *option,
          const char *mode)
{
  if (g_strcmp0 (_strata_object_get_text (option, "mode"), mode) == 0)
    return;
  if (g_str_equal (mode, "integrated"))
    make_integrated (option);
  else
    make_neutral (option);
  _strata_object_put (option, STRATA_SCOPE_OPTION, "mode",
                      json_node_init_string (json_node_alloc (), mode));
}

/* -- Setting -------------------------------------------------------------- */

static void
remove_field (const Target *t)
{
  if (t->parent == NULL || !json_object_has_member (t->parent, t->key))
    return;
  json_object_remove_member (t->parent, t->key);
  /* choices: {} stays (the strategy keeps its first options) */
}

static JsonObject *
ensure_parent (const Target *t)
{
  if (t->parent != NULL)
    return t->parent;
  _strata_object_put (t->holder, t->holder_scope, t->parent_key,
                      json_node_init_object (json_node_alloc (), json_object_new ()));
  return child_object (t->holder, t->parent_key);
}

gboolean
strata_draft_set (StrataDraft  *draft,
                  const char   *path,
                  JsonNode     *value,
                  GError      **error)
{
  g_autoptr(GError) local = NULL;
  JsonObject *parent;
  Target t;

  g_return_val_if_fail (draft != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!resolve (draft, path, &t, error))
    return FALSE;

  if (value == NULL || JSON_NODE_HOLDS_NULL (value))
    {
      if (t.field->flags & STRATA_FIELD_REQUIRED)
        return invalid (error, path, "%s is required and cannot be removed", t.field->key);
      remove_field (&t);
      return TRUE;
    }
  if (!strata_field_check (t.field, value, &local))
    return invalid (error, path, "%s", local->message);
  if (!check_context (draft, &t, path, value, error))
    return FALSE;
  if (t.parent != NULL && _strata_json_equal (json_object_get_member (t.parent, t.key), value))
    return TRUE;

  if (t.field->kind == STRATA_FIELD_ID)
    return set_id (draft, &t, path, json_node_get_string (value), error);
  if (t.field->kind == STRATA_FIELD_MODE)
    {
      set_mode (t.parent, json_node_get_string (value));
      return TRUE;
    }
  parent = ensure_parent (&t);
  if (t.scope == STRATA_SCOPE_OPTION
      && (g_str_equal (t.key, "price") || g_str_equal (t.key, "supplier_cost")))
    {
      const char *other = g_str_equal (t.key, "price") ? "supplier_cost" : "price";

      if (json_object_has_member (parent, other))
        {
          _strata_object_replace_key (parent, other, t.key, _strata_json_deep_copy (value));
          return TRUE;
        }
    }
  _strata_object_put (parent, t.scope, t.key, _strata_json_deep_copy (value));
  return TRUE;
}

static gboolean
is_text_kind (StrataFieldKind kind)
{
  switch (kind)
    {
    case STRATA_FIELD_TEXT:
    case STRATA_FIELD_LABEL:
    case STRATA_FIELD_ID:
    case STRATA_FIELD_MODE:
    case STRATA_FIELD_LAYER_REF:
    case STRATA_FIELD_OPTION_REF:
    case STRATA_FIELD_STRATEGY_REF:
    case STRATA_FIELD_LEARNING:
    case STRATA_FIELD_SOURCES:
      return TRUE;
    case STRATA_FIELD_NUMBER:
    case STRATA_FIELD_INTEGER:
    case STRATA_FIELD_JSON:
    default:
      return FALSE;
    }
}

static JsonNode *
string_node (const char *text)
{
  return json_node_init_string (json_node_alloc (), text);
}

/* strata_draft_set () of @value (nullable: remove), which it then drops. */
static gboolean
set_owned (StrataDraft  *draft,
           const char   *path,
           JsonNode     *value,
           GError      **error)
{
  g_autoptr(JsonNode) owned = value;

  return strata_draft_set (draft, path, owned, error);
}

gboolean
strata_draft_set_text (StrataDraft  *draft,
                       const char   *path,
                       const char   *text,
                       GError      **error)
{
  g_autoptr(JsonNode) value = NULL;
  StrataJsonGuardProblem problem;
  Target t;
  gsize body;

  g_return_val_if_fail (draft != NULL, FALSE);
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!resolve (draft, path, &t, error))
    return FALSE;
  if (!_strata_json_guard_check (text, strlen (text), &body, &value, &problem))
    {
      g_free (problem.message);
      if (!is_text_kind (t.field->kind))
        return invalid (error, path, "%s; got %s, which is not a JSON value",
                        t.field->rule_text, *text != '\0' ? text : "nothing");
    }
  /* Text fields take any text; only a JSON string or null is read as JSON. */
  if (is_text_kind (t.field->kind) && value != NULL && !JSON_NODE_HOLDS_NULL (value)
      && !(JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
      && t.field->kind != STRATA_FIELD_SOURCES)
    g_clear_pointer (&value, json_node_unref);
  if (value == NULL)
    value = string_node (text);
  return strata_draft_set (draft, path, value, error);
}

gboolean
strata_draft_set_number (StrataDraft         *draft,
                         const char          *path,
                         const StrataNumber  *number,
                         GError             **error)
{
  g_return_val_if_fail (number != NULL, FALSE);

  return set_owned (draft, path, strata_number_to_json (number), error);
}

gboolean
strata_draft_set_string (StrataDraft  *draft,
                         const char   *path,
                         const char   *text,
                         GError      **error)
{
  return set_owned (draft, path, text != NULL ? string_node (text) : NULL, error);
}

gboolean
strata_draft_get (StrataDraft             *draft,
                  const char              *path,
                  JsonNode               **value,
                  const StrataFieldInfo  **field,
                  GError                 **error)
{
  Target t;

  g_return_val_if_fail (draft != NULL, FALSE);

  if (!resolve (draft, path, &t, error))
    return FALSE;
  if (value != NULL)
    *value = t.parent != NULL ? json_object_get_member (t.parent, t.key) : NULL;
  if (field != NULL)
    *field = t.field;
  return TRUE;
}

/* strata-edit.c: drafts, field paths and setting one field
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "strata-edit"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "strata/strata-edit.h"
#include "strata/strata-field.h"
#include "strata/strata-format.h"
#include "strata/strata-save.h"
#include "strata-edit-private.h"
#include "strata-json-guard-private.h"

/* -- JSON helpers --------------------------------------------------------- */

JsonNode *
_strata_json_deep_copy (JsonNode *node)
{
  JsonNode *copy = json_node_alloc ();

  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *obj = json_node_get_object (node);
        g_autoptr(JsonObject) out = json_object_new ();
        g_autoptr(GList) members = json_object_get_members (obj);

        for (GList *l = members; l != NULL; l = l->next)
          json_object_set_member (out, l->data,
                                  _strata_json_deep_copy (json_object_get_member (obj, l->data)));
        return json_node_init_object (copy, out);
      }

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        g_autoptr(JsonArray) out = json_array_sized_new (json_array_get_length (array));

        for (guint i = 0; i < json_array_get_length (array); i++)
          json_array_add_element (out, _strata_json_deep_copy (json_array_get_element (array, i)));
        return json_node_init_array (copy, out);
      }

    case JSON_NODE_NULL:
      return json_node_init_null (copy);

    case JSON_NODE_VALUE:
    default:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_STRING:
          return json_node_init_string (copy, json_node_get_string (node));
        case G_TYPE_BOOLEAN:
          return json_node_init_boolean (copy, json_node_get_boolean (node));
        case G_TYPE_INT64:
          return json_node_init_int (copy, json_node_get_int (node));
        default:
          return json_node_init_double (copy, json_node_get_double (node));
        }
    }
}

gboolean
_strata_json_equal (JsonNode *a,
                    JsonNode *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  if (strata_json_is_number (a) && strata_json_is_number (b))
    return json_node_get_double (a) == json_node_get_double (b);
  if (JSON_NODE_TYPE (a) != JSON_NODE_TYPE (b))
    return FALSE;
  if (JSON_NODE_HOLDS_OBJECT (a))
    {
      JsonObject *oa = json_node_get_object (a), *ob = json_node_get_object (b);
      g_autoptr(GList) ma = json_object_get_members (oa);
      g_autoptr(GList) mb = json_object_get_members (ob);
      GList *la, *lb;

      for (la = ma, lb = mb; la != NULL && lb != NULL; la = la->next, lb = lb->next)
        if (!g_str_equal (la->data, lb->data)
            || !_strata_json_equal (json_object_get_member (oa, la->data),
                                    json_object_get_member (ob, lb->data)))
          return FALSE;
      return la == NULL && lb == NULL;
    }
  if (JSON_NODE_HOLDS_ARRAY (a))
    {
      JsonArray *aa = json_node_get_array (a), *ab = json_node_get_array (b);

      if (json_array_get_length (aa) != json_array_get_length (ab))
        return FALSE;
      for (guint i = 0; i < json_array_get_length (aa); i++)
        if (!_strata_json_equal (json_array_get_element (aa, i), json_array_get_element (ab, i)))
          return FALSE;
      return TRUE;
    }
  return json_node_equal (a, b);
}

const char *
_strata_object_get_text (JsonObject *obj,
                         const char *key)
{
  JsonNode *node = obj != NULL ? json_object_get_member (obj, key) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* Where each key goes in a new object: MODEL.md's order. */
static const char * const order_dataset[] = {
  "format", "title", "description", "unit", "currency", "price", "volume", "boundary_cost",
  "layers", "links", "strategies", "sources", "horizon", NULL
};
static const char * const order_volume[] = { "min", "max", "default", NULL };
static const char * const order_layer[] = {
  "id", "name", "description", "boundary_cost", "source", "options", NULL
};
static const char * const order_option[] = {
  "id", "name", "description", "mode", "supplier_cost", "price", "margin", "unit_cost",
  "learning_rate", "reference_volume", "floor_cost", "fixed_cost", "ecosystem_value",
  "latency_ms", "capex", "build_years", "exit_cost", "experience", "source", NULL
};
static const char * const order_link[] = { "from", "to", "saving", "note", "source", NULL };
static const char * const order_strategy[] = { "id", "name", "description", "choices", NULL };
static const char * const order_source[] = { "id", "text", "url", NULL };
static const char * const order_horizon[] = {
  "first_year", "years", "discount_rate", "volume", "start", "learning", "note", NULL
};
static const char * const order_horizon_volume[] = { "first", "growth", NULL };
static const char * const order_none[] = { NULL };

static const char * const *
order_of (StrataFieldScope scope)
{
  switch (scope)
    {
    case STRATA_SCOPE_DATASET:        return order_dataset;
    case STRATA_SCOPE_VOLUME:         return order_volume;
    case STRATA_SCOPE_LAYER:          return order_layer;
    case STRATA_SCOPE_OPTION:         return order_option;
    case STRATA_SCOPE_LINK:           return order_link;
    case STRATA_SCOPE_STRATEGY:       return order_strategy;
    case STRATA_SCOPE_SOURCE:         return order_source;
    case STRATA_SCOPE_HORIZON:        return order_horizon;
    case STRATA_SCOPE_HORIZON_VOLUME: return order_horizon_volume;
    case STRATA_SCOPE_CHOICE:
    default:                          return order_none;
    }
}

static int
rank_of (const char * const *order,
         const char         *key)
{
  for (int i = 0; order[i] != NULL; i++)
    if (g_str_equal (order[i], key))
      return i;
  return -1;
}

/* Takes the members of @obj from @from on out and puts them back after
 * @key = @value, so the new member lands at @from's place. */
static void
insert_before (JsonObject *obj,
               const char *from,
               const char *key,
               JsonNode   *value)
{
  g_autoptr(GList) members = json_object_get_members (obj);
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  gboolean moving = FALSE;

  for (GList *l = members; l != NULL; l = l->next)
    {
      if (from != NULL && g_str_equal (l->data, from))
        moving = TRUE;
      if (!moving)
        continue;
      g_ptr_array_add (keys, g_strdup (l->data));
      g_ptr_array_add (nodes, json_node_ref (json_object_get_member (obj, l->data)));
    }
  for (guint i = 0; i < keys->len; i++)
    json_object_remove_member (obj, g_ptr_array_index (keys, i));
  json_object_set_member (obj, key, value);
  for (guint i = 0; i < keys->len; i++)
    json_object_set_member (obj, g_ptr_array_index (keys, i),
                            json_node_ref (g_ptr_array_index (nodes, i)));
}

void
_strata_object_put (JsonObject       *obj,
                    StrataFieldScope  scope,
                    const char       *key,
                    JsonNode         *value)
{
  const char * const *order = order_of (scope);
  g_autoptr(GList) members = NULL;
  int rank;

  if (json_object_has_member (obj, key))
    {
      json_object_set_member (obj, key, value);
      return;
    }
  rank = rank_of (order, key);
  members = json_object_get_members (obj);
  if (rank >= 0)
    for (GList *l = members; l != NULL; l = l->next)
      if (rank_of (order, l->data) > rank)
        {
          insert_before (obj, l->data, key, value);
          return;
        }
  json_object_set_member (obj, key, value);
}

void
_strata_object_replace_key (JsonObject *obj,
                            const char *old_key,
                            const char *new_key,
                            JsonNode   *value)
{
  g_autoptr(GList) members = json_object_get_members (obj);
  const char *next = NULL;

  for (GList *l = members; l != NULL; l = l->next)
    if (g_str_equal (l->data, old_key))
      {
        next = l->next != NULL ? l->next->data : NULL;
        break;
      }
  /* @next stays valid: the list holds the object's own key strings and
   * only @old_key is removed before it is used. */
  if (next != NULL)
    {
      g_autofree char *next_key = g_strdup (next);

      json_object_remove_member (obj, old_key);
      insert_before (obj, next_key, new_key, value);
    }
  else
    {
      json_object_remove_member (obj, old_key);
      json_object_set_member (obj, new_key, value);
    }
}

/* -- Draft ---------------------------------------------------------------- */

JsonObject *
_strata_draft_root (StrataDraft *draft)
{
  return json_node_get_object (draft->root);
}

JsonArray *
_strata_draft_list (StrataDraft *draft,
                    const char  *key,
                    gboolean     create)
{
  JsonObject *root = _strata_draft_root (draft);
  JsonNode *node = json_object_get_member (root, key);

  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    return json_node_get_array (node);
  if (!create)
    return NULL;
  _strata_object_put (root, STRATA_SCOPE_DATASET, key,
                      json_node_init_array (json_node_alloc (), json_array_new ()));
  return json_node_get_array (json_object_get_member (root, key));
}

JsonObject *
_strata_find_by_id (JsonArray  *array,
                    const char *id,
                    guint      *index)
{
  if (array == NULL || id == NULL)
    return NULL;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_OBJECT (node)
          && g_strcmp0 (_strata_object_get_text (json_node_get_object (node), "id"), id) == 0)
        {
          if (index != NULL)
            *index = i;
          return json_node_get_object (node);
        }
    }
  return NULL;
}

JsonObject *
_strata_draft_layer (StrataDraft *draft,
                     const char  *layer_id,
                     guint       *index)
{
  return _strata_find_by_id (_strata_draft_list (draft, "layers", FALSE), layer_id, index);
}

JsonArray *
_strata_layer_options (JsonObject *layer)
{
  JsonNode *node = layer != NULL ? json_object_get_member (layer, "options") : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static JsonNode *
parse_json (const char *text,
            gsize       length)
{
  StrataJsonGuardProblem problem;
  JsonNode *root = NULL;
  gsize body;

  if (!_strata_json_guard_check (text, length, &body, &root, &problem))
    {
      g_free (problem.message);
      return NULL;
    }
  return root;
}

StrataDraft *
strata_draft_new (const StrataDataset *dataset)
{
  StrataDraft *draft;

  g_return_val_if_fail (dataset != NULL, NULL);

  draft = g_new0 (StrataDraft, 1);
  if (dataset->document != NULL && JSON_NODE_HOLDS_OBJECT (dataset->document))
    draft->root = _strata_json_deep_copy (dataset->document);
  else
    {
      g_autofree char *text = strata_dataset_to_json (dataset);

      draft->root = parse_json (text, strlen (text));
      g_assert (draft->root != NULL && JSON_NODE_HOLDS_OBJECT (draft->root));
    }
  return draft;
}

void
strata_draft_free (StrataDraft *draft)
{
  if (draft == NULL)
    return;
  g_clear_pointer (&draft->root, json_node_unref);
  g_free (draft);
}

JsonNode *
strata_draft_get_root (StrataDraft *draft)
{
  g_return_val_if_fail (draft != NULL, NULL);

  return draft->root;
}

char *
strata_draft_to_json (StrataDraft *draft)
{
  g_return_val_if_fail (draft != NULL, NULL);

  return strata_json_to_text (draft->root);
}

GPtrArray *
_strata_draft_choices (StrataDraft *draft)
{
  JsonArray *strategies = _strata_draft_list (draft, "strategies", FALSE);
  GPtrArray *all = g_ptr_array_new ();

  for (guint i = 0; strategies != NULL && i < json_array_get_length (strategies); i++)
    {
      JsonNode *node = json_array_get_element (strategies, i);
      JsonNode *choices = JSON_NODE_HOLDS_OBJECT (node)
                          ? json_object_get_member (json_node_get_object (node), "choices") : NULL;

      if (choices != NULL && JSON_NODE_HOLDS_OBJECT (choices))
        g_ptr_array_add (all, json_node_get_object (choices));
    }
  return all;
}

typedef struct
{
  const char *old_id;
  const char *new_id;   /* (nullable) */
} SourceSwap;

/* @obj's "source" (one source id or a list of them): each reference to
 * swap->old_id becomes swap->new_id, or (NULL) goes, and a "source" left
 * with nothing goes too. */
static void
swap_source (JsonObject       *obj,
             const SourceSwap *swap)
{
  JsonNode *node = json_object_get_member (obj, "source");

  if (node == NULL)
    return;
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = json_array_get_length (array); i > 0; i--)
        {
          if (g_strcmp0 (json_array_get_string_element (array, i - 1), swap->old_id) != 0)
            continue;
          if (swap->new_id != NULL)
            json_node_set_string (json_array_get_element (array, i - 1), swap->new_id);
          else
            json_array_remove_element (array, i - 1);
        }
      if (swap->new_id == NULL && json_array_get_length (array) == 0)
        json_object_remove_member (obj, "source");
    }
  else if (g_strcmp0 (_strata_object_get_text (obj, "source"), swap->old_id) == 0)
    {
      if (swap->new_id != NULL)
        json_object_set_string_member (obj, "source", swap->new_id);
      else
        json_object_remove_member (obj, "source");
    }
}

void
_strata_draft_swap_source (StrataDraft *draft,
                           const char  *old_id,
                           const char  *new_id)
{
  JsonArray *layers = _strata_draft_list (draft, "layers", FALSE);
  JsonArray *links = _strata_draft_list (draft, "links", FALSE);
  SourceSwap swap = { old_id, new_id };

  for (guint i = 0; layers != NULL && i < json_array_get_length (layers); i++)
    {
      JsonNode *node = json_array_get_element (layers, i);
      JsonArray *options;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      swap_source (json_node_get_object (node), &swap);
      options = _strata_layer_options (json_node_get_object (node));
      for (guint j = 0; options != NULL && j < json_array_get_length (options); j++)
        if (JSON_NODE_HOLDS_OBJECT (json_array_get_element (options, j)))
          swap_source (json_node_get_object (json_array_get_element (options, j)), &swap);
    }
  for (guint i = 0; links != NULL && i < json_array_get_length (links); i++)
    if (JSON_NODE_HOLDS_OBJECT (json_array_get_element (links, i)))
      swap_source (json_node_get_object (json_array_get_element (links, i)), &swap);
}

/* -- Loading a draft ------------------------------------------------------ */

static gboolean
is_path_text (const char *text,
              gsize       length)
{
  if (length == 0)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if (!(g_ascii_isalnum (text[i]) || strchr ("_-.[]", text[i]) != NULL))
      return FALSE;
  return TRUE;
}

/* "layers[2].options[0].margin" -> "layers.chips.options.asic.margin". */
static char *
id_path (StrataDraft *draft,
         const char  *path)
{
  g_auto(GStrv) parts = g_strsplit (path, ".", -1);
  GString *out = g_string_new (NULL);
  JsonObject *obj = _strata_draft_root (draft);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *bracket = strchr (parts[i], '[');
      JsonNode *list;
      const char *id = NULL;
      guint64 index;

      if (out->len > 0)
        g_string_append_c (out, '.');
      if (bracket == NULL || obj == NULL)
        {
          /* volume, horizon, horizon.volume, choices, or a field */
          JsonNode *child = obj != NULL && bracket == NULL
                            ? json_object_get_member (obj, parts[i]) : NULL;

          g_string_append (out, parts[i]);
          obj = child != NULL && JSON_NODE_HOLDS_OBJECT (child) ? json_node_get_object (child) : NULL;
          continue;
        }
      *bracket = '\0';
      index = g_ascii_strtoull (bracket + 1, NULL, 10);
      list = json_object_get_member (obj, parts[i]);
      obj = NULL;
      if (list != NULL && JSON_NODE_HOLDS_ARRAY (list)
          && index < json_array_get_length (json_node_get_array (list)))
        {
          JsonNode *element = json_array_get_element (json_node_get_array (list), index);

          if (JSON_NODE_HOLDS_OBJECT (element))
            {
              obj = json_node_get_object (element);
              id = _strata_object_get_text (obj, "id");
            }
        }
      if (id != NULL && !g_str_equal (parts[i], "links"))
        g_string_append_printf (out, "%s.%s", parts[i], id);
      else
        g_string_append_printf (out, "%s.%" G_GUINT64_FORMAT, parts[i], index);
    }
  return g_string_free (out, FALSE);
}

/* The loader's "NAME:LINE:COL: error: PATH: message" lines as
 * "IDPATH: message" (the line and column are those of a text the user
 * never saw). */
static char *
translate_problems (StrataDraft *draft,
                    const char  *message)
{
  g_auto(GStrv) lines = g_strsplit (message, "\n", -1);
  GString *out = g_string_new (NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *rest = strstr (lines[i], ": error: ");
      const char *colon;

      rest = rest != NULL ? rest + strlen (": error: ") : lines[i];
      if (out->len > 0)
        g_string_append_c (out, '\n');
      colon = strstr (rest, ": ");
      if (colon != NULL && is_path_text (rest, colon - rest))
        {
          g_autofree char *path = g_strndup (rest, colon - rest);
          g_autofree char *ids = id_path (draft, path);

          g_string_append_printf (out, "%s%s", ids, colon);
        }
      else
        g_string_append (out, rest);
    }
  return g_string_free (out, FALSE);
}

StrataDataset *
strata_draft_finish (StrataDraft  *draft,
                     const char   *filename,
                     GError      **error)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) local = NULL;
  StrataDataset *dataset;

  g_return_val_if_fail (draft != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  text = strata_json_to_text (draft->root);
  dataset = strata_dataset_load_data (text, strlen (text), "", &local);
  if (dataset == NULL)
    {
      g_autofree char *message = translate_problems (draft, local->message);

      g_set_error_literal (error, STRATA_EDIT_ERROR, STRATA_EDIT_ERROR_REFUSED, message);
      return NULL;
    }
  g_free (dataset->filename);
  dataset->filename = g_strdup (filename);
  return dataset;
}

/* -- History labels ------------------------------------------------------- */

/* "Fixed cost" -> "Fixed Cost" (a history entry reads as a command). */
static char *
title_case (const char *label)
{
  char *out = g_strdup (label);
  gboolean start = TRUE;

  for (char *p = out; *p != '\0'; p++)
    {
      if (start && g_ascii_islower (*p))
        *p = g_ascii_toupper (*p);
      start = *p == ' ';
    }
  return out;
}

static char *
field_title (StrataFieldScope  scope,
             const char       *key)
{
  const StrataFieldInfo *field = strata_field_lookup (scope, key);

  const char *label = field != NULL && field->label != NULL ? field->label : key;
  const char *translated = _(label);

  /* English history labels are in title case; a translation is used as
   * it is. */
  return translated == label ? title_case (label) : g_strdup (translated);
}

char *
strata_edit_label (const StrataDataset *dataset,
                   const char          *path)
{
  g_auto(GStrv) parts = NULL;
  g_autofree char *what = NULL;
  guint n;

  g_return_val_if_fail (dataset != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);

  parts = g_strsplit (path, ".", -1);
  n = g_strv_length (parts);
  if (n >= 3 && g_str_equal (parts[0], "layers"))
    {
      int l = strata_dataset_find_layer (dataset, parts[1]);
      const char *layer = l >= 0 ? dataset->layers[l].name : parts[1];

      if (n == 5)
        {
          int o = l >= 0 ? strata_dataset_find_option (dataset, l, parts[3]) : -1;
          g_autofree char *field = field_title (STRATA_SCOPE_OPTION, parts[4]);

          return g_strdup_printf (/* Translators: undo history: option name, field */
                                  _("Change %s %s"), o >= 0 ? dataset->layers[l].options[o].name
                                                         : parts[3], field);
        }
      what = field_title (STRATA_SCOPE_LAYER, parts[2]);
      return g_strdup_printf (_("Change %s %s"), layer, what);
    }
  if (n == 3 && g_str_equal (parts[0], "links"))
    {
      guint64 i = g_ascii_strtoull (parts[1], NULL, 10);

      what = field_title (STRATA_SCOPE_LINK, parts[2]);
      if (i < dataset->n_links)
        return g_strdup_printf (/* Translators: undo history: link from, to, field */
                                _("Change %s to %s %s"), dataset->layers[dataset->links[i].from].name,
                                dataset->layers[dataset->links[i].to].name, what);
      return g_strdup_printf (_("Change Link %s"), what);
    }
  if (n >= 3 && g_str_equal (parts[0], "strategies"))
    {
      const StrataStrategy *st = strata_dataset_find_strategy (dataset, parts[1]);

      what = n == 4 ? g_strdup (_("Choice")) : field_title (STRATA_SCOPE_STRATEGY, parts[2]);
      return g_strdup_printf (_("Change %s %s"), st != NULL ? st->name : parts[1], what);
    }
  if (n == 3 && g_str_equal (parts[0], "sources"))
    what = g_strdup_printf (_("Source %s"), parts[2]);
  else if (n == 2 && g_str_equal (parts[0], "volume"))
    what = field_title (STRATA_SCOPE_VOLUME, parts[1]);
  else if (n >= 2 && g_str_equal (parts[0], "horizon"))
    {
      g_autofree char *field = n == 3 ? field_title (STRATA_SCOPE_HORIZON_VOLUME, parts[2])
                                      : field_title (STRATA_SCOPE_HORIZON, parts[1]);

      what = g_strdup_printf (_("Horizon %s"), field);
    }
  else
    what = field_title (STRATA_SCOPE_DATASET, parts[n - 1]);
  return g_strdup_printf (_("Change %s"), what);
}

gboolean
_strata_edit_refuse (GError          **error,
                     StrataEditError   code,
                     const char       *path,
                     const char       *format,
                     ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  if (path != NULL)
    g_set_error (error, STRATA_EDIT_ERROR, code, "%s: %s", path, message);
  else
    g_set_error_literal (error, STRATA_EDIT_ERROR, code, message);
  return FALSE;
}

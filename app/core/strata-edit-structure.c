/* strata-edit-structure.c: adding, removing and moving parts of a draft
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "strata-edit"

#include "config.h"

#include <string.h>

#include "strata/strata-edit.h"
#include "strata-edit-private.h"

static JsonArray *
list_of (StrataDraft     *draft,
         StrataDraftList  list,
         const char      *layer_id)
{
  switch (list)
    {
    case STRATA_DRAFT_LAYER:    return _strata_draft_list (draft, "layers", FALSE);
    case STRATA_DRAFT_OPTION:   return _strata_layer_options (_strata_draft_layer (draft, layer_id, NULL));
    case STRATA_DRAFT_STRATEGY: return _strata_draft_list (draft, "strategies", FALSE);
    case STRATA_DRAFT_SOURCE:   return _strata_draft_list (draft, "sources", FALSE);
    default:                    return NULL;
    }
}

char *
strata_draft_unique_id (StrataDraft     *draft,
                        StrataDraftList  list,
                        const char      *layer_id,
                        const char      *base)
{
  JsonArray *array;

  g_return_val_if_fail (draft != NULL, NULL);
  g_return_val_if_fail (base != NULL, NULL);

  array = list_of (draft, list, layer_id);
  if (_strata_find_by_id (array, base, NULL) == NULL
      && !(list == STRATA_DRAFT_STRATEGY
           && (g_str_equal (base, STRATA_STRATEGY_ALL_NEUTRAL)
               || g_str_equal (base, STRATA_STRATEGY_ALL_INTEGRATED)
               || g_str_equal (base, STRATA_STRATEGY_OPTIMAL))))
    return g_strdup (base);
  for (guint n = 2; ; n++)
    {
      g_autofree char *id = g_strdup_printf ("%s-%u", base, n);

      if (_strata_find_by_id (array, id, NULL) == NULL)
        return g_steal_pointer (&id);
    }
}

static gboolean
check_new_id (JsonArray   *array,
              const char  *what,
              const char  *id,
              GError     **error)
{
  g_autoptr(JsonNode) node = json_node_init_string (json_node_alloc (), id != NULL ? id : "");
  g_autoptr(GError) local = NULL;

  if (!strata_field_check (strata_field_lookup (STRATA_SCOPE_LAYER, "id"), node, &local))
    return _strata_edit_refuse (error, STRATA_EDIT_ERROR_INVALID_VALUE, NULL, "%s id: %s", what, local->message);
  if (_strata_find_by_id (array, id, NULL) != NULL)
    return _strata_edit_refuse (error, STRATA_EDIT_ERROR_INVALID_VALUE, NULL,
                   "%s id: \"%s\" is taken: ids are unique in their list", what, id);
  return TRUE;
}

static void
insert_at (JsonArray *array,
           int        position,
           JsonNode  *node)
{
  guint n = json_array_get_length (array);
  g_autoptr(GPtrArray) tail = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);

  if (position < 0 || (guint) position >= n)
    {
      json_array_add_element (array, node);
      return;
    }
  for (guint i = (guint) position; i < n; i++)
    g_ptr_array_add (tail, json_node_ref (json_array_get_element (array, i)));
  for (guint i = n; i > (guint) position; i--)
    json_array_remove_element (array, i - 1);
  json_array_add_element (array, node);
  for (guint i = 0; i < tail->len; i++)
    json_array_add_element (array, json_node_ref (g_ptr_array_index (tail, i)));
}

static void
move_to (JsonArray *array,
         guint      from,
         guint      to)
{
  JsonNode *node = json_node_ref (json_array_get_element (array, from));

  json_array_remove_element (array, from);
  insert_at (array, (int) to, node);
}

static JsonNode *
new_option (const char *id,
            StrataMode  mode)
{
  JsonObject *obj = json_object_new ();

  json_object_set_string_member (obj, "id", id);
  json_object_set_string_member (obj, "mode", strata_mode_to_string (mode));
  if (mode == STRATA_MODE_NEUTRAL)
    {
      json_object_set_int_member (obj, "supplier_cost", 0);
      json_object_set_int_member (obj, "margin", 0);
    }
  else
    json_object_set_int_member (obj, "unit_cost", 0);
  return json_node_init_object (json_node_alloc (), obj);
}

gboolean
strata_draft_add_layer (StrataDraft  *draft,
                        int           position,
                        const char   *layer_id,
                        const char   *name,
                        GError      **error)
{
  JsonArray *layers;
  JsonObject *layer;
  JsonArray *options;

  g_return_val_if_fail (draft != NULL, FALSE);

  layers = _strata_draft_list (draft, "layers", TRUE);
  if (!check_new_id (layers, "layer", layer_id, error))
    return FALSE;
  layer = json_object_new ();
  json_object_set_string_member (layer, "id", layer_id);
  if (name != NULL && !g_str_equal (name, layer_id))
    json_object_set_string_member (layer, "name", name);
  options = json_array_new ();
  json_array_add_element (options, new_option ("market", STRATA_MODE_NEUTRAL));
  json_object_set_array_member (layer, "options", options);
  insert_at (layers, position, json_node_init_object (json_node_alloc (), layer));
  json_object_unref (layer);
  return TRUE;
}

/* A copy of the @what (a layer, an option) at @index of @list, with the
 * id @new_id, right after it. */
static gboolean
duplicate_after (JsonArray   *list,
                 guint        index,
                 const char  *what,
                 const char  *new_id,
                 GError     **error)
{
  JsonNode *copy;

  if (!check_new_id (list, what, new_id, error))
    return FALSE;
  copy = _strata_json_deep_copy (json_array_get_element (list, index));
  json_object_set_string_member (json_node_get_object (copy), "id", new_id);
  insert_at (list, (int) index + 1, copy);
  return TRUE;
}

static JsonObject *
layer_or_fail (StrataDraft  *draft,
               const char   *layer_id,
               guint        *index,
               GError      **error)
{
  JsonObject *layer = _strata_draft_layer (draft, layer_id, index);

  if (layer == NULL)
    _strata_edit_refuse (error, STRATA_EDIT_ERROR_UNKNOWN_PATH, NULL, "layers.%s: no such layer", layer_id);
  return layer;
}

gboolean
strata_draft_remove_layer (StrataDraft  *draft,
                           const char   *layer_id,
                           GError      **error)
{
  JsonArray *layers = _strata_draft_list (draft, "layers", FALSE);
  JsonArray *links = _strata_draft_list (draft, "links", FALSE);
  g_autoptr(GPtrArray) all_choices = NULL;
  guint index;

  g_return_val_if_fail (draft != NULL, FALSE);

  if (layer_or_fail (draft, layer_id, &index, error) == NULL)
    return FALSE;
  if (json_array_get_length (layers) == 1)
    return _strata_edit_refuse (error, STRATA_EDIT_ERROR_REFUSED, NULL,
                   "layers.%s: a dataset needs at least one layer", layer_id);
  for (guint i = links != NULL ? json_array_get_length (links) : 0; i > 0; i--)
    {
      JsonObject *link = json_array_get_object_element (links, i - 1);

      if (link != NULL && (g_strcmp0 (_strata_object_get_text (link, "from"), layer_id) == 0
                           || g_strcmp0 (_strata_object_get_text (link, "to"), layer_id) == 0))
        json_array_remove_element (links, i - 1);
    }
  all_choices = _strata_draft_choices (draft);
  for (guint i = 0; i < all_choices->len; i++)
    json_object_remove_member (all_choices->pdata[i], layer_id);
  json_array_remove_element (layers, index);
  return TRUE;
}

gboolean
strata_draft_duplicate_layer (StrataDraft  *draft,
                              const char   *layer_id,
                              const char   *new_id,
                              GError      **error)
{
  JsonArray *layers = _strata_draft_list (draft, "layers", FALSE);
  guint index;

  g_return_val_if_fail (draft != NULL, FALSE);

  if (layer_or_fail (draft, layer_id, &index, error) == NULL)
    return FALSE;
  return duplicate_after (layers, index, "layer", new_id, error);
}

gboolean
strata_draft_move_layer (StrataDraft  *draft,
                         const char   *layer_id,
                         guint         position,
                         GError      **error)
{
  JsonArray *layers = _strata_draft_list (draft, "layers", FALSE);
  guint index;

  g_return_val_if_fail (draft != NULL, FALSE);

  if (layer_or_fail (draft, layer_id, &index, error) == NULL)
    return FALSE;
  if (position >= json_array_get_length (layers))
    return _strata_edit_refuse (error, STRATA_EDIT_ERROR_INVALID_VALUE, NULL,
                   "layers.%s: no position %u in a stack of %u layers", layer_id, position,
                   json_array_get_length (layers));
  move_to (layers, index, position);
  return TRUE;
}

static JsonArray *
options_or_fail (StrataDraft  *draft,
                 const char   *layer_id,
                 const char   *option_id,
                 guint        *index,
                 GError      **error)
{
  JsonObject *layer = layer_or_fail (draft, layer_id, NULL, error);
  JsonArray *options = _strata_layer_options (layer);

  if (layer == NULL)
    return NULL;
  if (options == NULL)
    {
      _strata_edit_refuse (error, STRATA_EDIT_ERROR_UNKNOWN_PATH, NULL, "layers.%s.options: not a list", layer_id);
      return NULL;
    }
  if (option_id != NULL && _strata_find_by_id (options, option_id, index) == NULL)
    {
      _strata_edit_refuse (error, STRATA_EDIT_ERROR_UNKNOWN_PATH, NULL, "layers.%s.options.%s: no such option",
              layer_id, option_id);
      return NULL;
    }
  return options;
}

gboolean
strata_draft_add_option (StrataDraft  *draft,
                         const char   *layer_id,
                         int           position,
                         const char   *option_id,
                         StrataMode    mode,
                         GError      **error)
{
  JsonArray *options;

  g_return_val_if_fail (draft != NULL, FALSE);

  if ((options = options_or_fail (draft, layer_id, NULL, NULL, error)) == NULL)
    return FALSE;
  if (!check_new_id (options, "option", option_id, error))
    return FALSE;
  insert_at (options, position, new_option (option_id, mode));
  return TRUE;
}

gboolean
strata_draft_remove_option (StrataDraft  *draft,
                            const char   *layer_id,
                            const char   *option_id,
                            GError      **error)
{
  g_autoptr(GPtrArray) all_choices = NULL;
  JsonArray *options;
  guint index;

  g_return_val_if_fail (draft != NULL, FALSE);

  if ((options = options_or_fail (draft, layer_id, option_id, &index, error)) == NULL)
    return FALSE;
  if (json_array_get_length (options) == 1)
    return _strata_edit_refuse (error, STRATA_EDIT_ERROR_REFUSED, NULL,
                   "layers.%s.options.%s: a layer needs at least one option", layer_id, option_id);
  all_choices = _strata_draft_choices (draft);
  for (guint i = 0; i < all_choices->len; i++)
    if (g_strcmp0 (_strata_object_get_text (all_choices->pdata[i], layer_id), option_id) == 0)
      json_object_remove_member (all_choices->pdata[i], layer_id);
  json_array_remove_element (options, index);
  return TRUE;
}

gboolean
strata_draft_duplicate_option (StrataDraft  *draft,
                               const char   *layer_id,
                               const char   *option_id,
                               const char   *new_id,
                               GError      **error)
{
  JsonArray *options;
  guint index;

  g_return_val_if_fail (draft != NULL, FALSE);

  if ((options = options_or_fail (draft, layer_id, option_id, &index, error)) == NULL)
    return FALSE;
  return duplicate_after (options, index, "option", new_id, error);
}

gboolean
strata_draft_move_option (StrataDraft  *draft,
                          const char   *layer_id,
                          const char   *option_id,
                          guint         position,
                          GError      **error)
{
  JsonArray *options;
  guint index;

  g_return_val_if_fail (draft != NULL, FALSE);

  if ((options = options_or_fail (draft, layer_id, option_id, &index, error)) == NULL)
    return FALSE;
  if (position >= json_array_get_length (options))
    return _strata_edit_refuse (error, STRATA_EDIT_ERROR_INVALID_VALUE, NULL,
                   "layers.%s.options.%s: no position %u among %u options", layer_id,
                   option_id, position, json_array_get_length (options));
  move_to (options, index, position);
  return TRUE;
}

gboolean
strata_draft_add_link (StrataDraft  *draft,
                       const char   *from,
                       const char   *to,
                       double        saving,
                       GError      **error)
{
  JsonObject *link;
  StrataNumber number = { saving, saving, saving, FALSE };
  g_autoptr(GError) local = NULL;

  g_return_val_if_fail (draft != NULL, FALSE);

  if (layer_or_fail (draft, from, NULL, error) == NULL
      || layer_or_fail (draft, to, NULL, error) == NULL)
    return FALSE;
  if (g_str_equal (from, to))
    return _strata_edit_refuse (error, STRATA_EDIT_ERROR_INVALID_VALUE, NULL,
                   "links: a link joins two different layers, got %s to itself", from);
  if (!strata_field_check_number (strata_field_lookup (STRATA_SCOPE_LINK, "saving"), &number, &local))
    return _strata_edit_refuse (error, STRATA_EDIT_ERROR_INVALID_VALUE, NULL, "links: %s", local->message);
  link = json_object_new ();
  json_object_set_string_member (link, "from", from);
  json_object_set_string_member (link, "to", to);
  json_object_set_member (link, "saving", strata_number_to_json (&number));
  json_array_add_object_element (_strata_draft_list (draft, "links", TRUE), link);
  return TRUE;
}

gboolean
strata_draft_remove_link (StrataDraft  *draft,
                          guint         index,
                          GError      **error)
{
  JsonArray *links = _strata_draft_list (draft, "links", FALSE);

  g_return_val_if_fail (draft != NULL, FALSE);

  if (links == NULL || index >= json_array_get_length (links))
    return _strata_edit_refuse (error, STRATA_EDIT_ERROR_UNKNOWN_PATH, NULL, "links.%u: no such link", index);
  json_array_remove_element (links, index);
  if (json_array_get_length (links) == 0)
    json_object_remove_member (_strata_draft_root (draft), "links");
  return TRUE;
}

gboolean
strata_draft_add_strategy (StrataDraft         *draft,
                           const char          *strategy_id,
                           const char          *name,
                           const char * const  *layer_ids,
                           const char * const  *option_ids,
                           GError             **error)
{
  JsonArray *strategies;
  JsonObject *strategy, *choices;

  g_return_val_if_fail (draft != NULL, FALSE);
  g_return_val_if_fail (layer_ids != NULL && option_ids != NULL, FALSE);

  strategies = _strata_draft_list (draft, "strategies", FALSE);
  if (!check_new_id (strategies, "strategy", strategy_id, error))
    return FALSE;
  if (g_str_equal (strategy_id, STRATA_STRATEGY_ALL_NEUTRAL)
      || g_str_equal (strategy_id, STRATA_STRATEGY_ALL_INTEGRATED)
      || g_str_equal (strategy_id, STRATA_STRATEGY_OPTIMAL))
    return _strata_edit_refuse (error, STRATA_EDIT_ERROR_INVALID_VALUE, NULL,
                   "strategy id: \"%s\" is the id of a preset strategy", strategy_id);
  for (guint i = 0; layer_ids[i] != NULL; i++)
    {
      g_autoptr(GError) local = NULL;
      guint index;

      if (option_ids[i] == NULL
          || options_or_fail (draft, layer_ids[i], option_ids[i], &index, &local) == NULL)
        return _strata_edit_refuse (error, STRATA_EDIT_ERROR_UNKNOWN_PATH, NULL, "%s",
                       local != NULL ? local->message : "a choice without an option");
    }
  strategy = json_object_new ();
  json_object_set_string_member (strategy, "id", strategy_id);
  if (name != NULL && !g_str_equal (name, strategy_id))
    json_object_set_string_member (strategy, "name", name);
  choices = json_object_new ();
  for (guint i = 0; layer_ids[i] != NULL; i++)
    json_object_set_string_member (choices, layer_ids[i], option_ids[i]);
  json_object_set_object_member (strategy, "choices", choices);
  json_array_add_object_element (_strata_draft_list (draft, "strategies", TRUE), strategy);
  return TRUE;
}

gboolean
strata_draft_remove_strategy (StrataDraft  *draft,
                              const char   *strategy_id,
                              GError      **error)
{
  JsonArray *strategies = _strata_draft_list (draft, "strategies", FALSE);
  JsonNode *horizon;
  guint index;

  g_return_val_if_fail (draft != NULL, FALSE);

  if (_strata_find_by_id (strategies, strategy_id, &index) == NULL)
    return _strata_edit_refuse (error, STRATA_EDIT_ERROR_UNKNOWN_PATH, NULL, "strategies.%s: no such strategy",
                   strategy_id);
  json_array_remove_element (strategies, index);
  if (json_array_get_length (strategies) == 0)
    json_object_remove_member (_strata_draft_root (draft), "strategies");
  /* A horizon that started from it starts from the default again. */
  horizon = json_object_get_member (_strata_draft_root (draft), "horizon");
  if (horizon != NULL && JSON_NODE_HOLDS_OBJECT (horizon)
      && g_strcmp0 (_strata_object_get_text (json_node_get_object (horizon), "start"),
                    strategy_id) == 0)
    json_object_remove_member (json_node_get_object (horizon), "start");
  return TRUE;
}

gboolean
strata_draft_add_source (StrataDraft  *draft,
                         const char   *source_id,
                         const char   *text,
                         const char   *url,
                         GError      **error)
{
  JsonArray *sources;
  JsonObject *source;

  g_return_val_if_fail (draft != NULL, FALSE);

  sources = _strata_draft_list (draft, "sources", FALSE);
  if (!check_new_id (sources, "source", source_id, error))
    return FALSE;
  if (text == NULL || *text == '\0')
    return _strata_edit_refuse (error, STRATA_EDIT_ERROR_INVALID_VALUE, NULL, "sources.%s.text: a source needs a text",
                   source_id);
  source = json_object_new ();
  json_object_set_string_member (source, "id", source_id);
  json_object_set_string_member (source, "text", text);
  if (url != NULL && *url != '\0')
    json_object_set_string_member (source, "url", url);
  json_array_add_object_element (_strata_draft_list (draft, "sources", TRUE), source);
  return TRUE;
}

gboolean
strata_draft_remove_source (StrataDraft  *draft,
                            const char   *source_id,
                            GError      **error)
{
  JsonArray *sources = _strata_draft_list (draft, "sources", FALSE);
  guint index;

  g_return_val_if_fail (draft != NULL, FALSE);

  if (_strata_find_by_id (sources, source_id, &index) == NULL)
    return _strata_edit_refuse (error, STRATA_EDIT_ERROR_UNKNOWN_PATH, NULL, "sources.%s: no such source", source_id);
  json_array_remove_element (sources, index);
  if (json_array_get_length (sources) == 0)
    json_object_remove_member (_strata_draft_root (draft), "sources");
  _strata_draft_swap_source (draft, source_id, NULL);
  return TRUE;
}

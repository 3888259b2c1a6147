/* strata-inspector-tree.c: what the inspector reads of the dataset's tree
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "strata-inspector"

#include "config.h"

#include <string.h>

#include "strata/strata-edit.h"

#include "strata-inspector-private.h"

/* The page reads @dataset's tree from now on.  Its document is read
 * where it is (a dataset is never changed once made; the reference
 * keeps it, and the objects the rows still to make point into, alive
 * until the next dataset); only a dataset built by hand is written out
 * and read back. */
void
_strata_inspector_read (StrataInspector *self,
                        StrataDataset   *dataset)
{
  if (self->shown == dataset && self->tree != NULL)
    return;
  g_clear_pointer (&self->layer_index, g_hash_table_unref);
  g_clear_pointer (&self->copy, strata_draft_free);
  g_clear_pointer (&self->shown, strata_dataset_unref);
  self->shown = strata_dataset_ref (dataset);
  self->listed = FALSE;
  if (dataset->document != NULL && JSON_NODE_HOLDS_OBJECT (dataset->document))
    self->tree = dataset->document;
  else
    {
      self->copy = strata_draft_new (dataset);
      self->tree = strata_draft_get_root (self->copy);
    }
}

JsonObject *
_strata_inspector_root (StrataInspector *self)
{
  return json_node_get_object (self->tree);
}

JsonArray *
_strata_inspector_root_array (StrataInspector *self,
            const char      *name)
{
  JsonNode *node = json_object_get_member (_strata_inspector_root (self), name);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

const char *
_strata_inspector_member_string (JsonNode   *node,
               const char *name)
{
  JsonObject *object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  JsonNode *member = object != NULL ? json_object_get_member (object, name) : NULL;

  if (member == NULL || !JSON_NODE_HOLDS_VALUE (member) || json_node_get_value_type (member) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (member);
}

JsonNode *
_strata_inspector_find_by_id (JsonArray  *array,
            const char *id)
{
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    if (g_strcmp0 (_strata_inspector_member_string (json_array_get_element (array, i), "id"), id) == 0)
      return json_array_get_element (array, i);
  return NULL;
}

/* The ids of @array's objects, NULL-terminated. */
static GStrv
ids_of (JsonArray *array)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      const char *id = _strata_inspector_member_string (json_array_get_element (array, i), "id");

      if (id != NULL)
        g_strv_builder_add (builder, id);
    }
  return g_strv_builder_end (builder);
}

/* The draft's layer of id @layer_id, NULL when none: a strategy's page
 * looks up each of 1000 layers. */
static JsonNode *
strata_inspector_find_layer (StrataInspector *self,
                             const char      *layer_id)
{
  if (layer_id == NULL)
    return NULL;
  if (self->layer_index == NULL)
    {
      JsonArray *layers = _strata_inspector_root_array (self, "layers");

      self->layer_index = g_hash_table_new (g_str_hash, g_str_equal);
      for (guint i = 0; layers != NULL && i < json_array_get_length (layers); i++)
        {
          JsonNode *layer = json_array_get_element (layers, i);
          const char *id = _strata_inspector_member_string (layer, "id");

          /* The first of a repeated id, as a search would find. */
          if (id != NULL && !g_hash_table_contains (self->layer_index, id))
            g_hash_table_insert (self->layer_index, (gpointer) id, layer);
        }
    }
  return g_hash_table_lookup (self->layer_index, layer_id);
}

GStrv
_strata_inspector_choices_for (StrataInspector       *self,
                               const StrataFieldInfo *field,
                               const char            *layer_id)
{
  static const char *modes[] = { "integrated", "neutral", NULL };
  static const char *learning[] = { "annual", "cumulative", NULL };

  switch (field->kind)
    {
    case STRATA_FIELD_MODE:
      return g_strdupv ((GStrv) modes);
    case STRATA_FIELD_LEARNING:
      return g_strdupv ((GStrv) learning);
    case STRATA_FIELD_LAYER_REF:
      return ids_of (_strata_inspector_root_array (self, "layers"));
    case STRATA_FIELD_OPTION_REF:
      {
        JsonNode *layer = strata_inspector_find_layer (self, layer_id);
        JsonObject *object = layer != NULL ? json_node_get_object (layer) : NULL;
        JsonNode *options = object != NULL ? json_object_get_member (object, "options") : NULL;

        return ids_of (options != NULL && JSON_NODE_HOLDS_ARRAY (options) ? json_node_get_array (options) : NULL);
      }
    case STRATA_FIELD_STRATEGY_REF:
      {
        g_auto(GStrv) own = ids_of (_strata_inspector_root_array (self, "strategies"));
        g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

        g_strv_builder_add_many (builder, STRATA_STRATEGY_ALL_NEUTRAL, STRATA_STRATEGY_ALL_INTEGRATED,
                                 STRATA_STRATEGY_OPTIMAL, NULL);
        g_strv_builder_addv (builder, (const char **) own);
        return g_strv_builder_end (builder);
      }
    case STRATA_FIELD_TEXT:
    case STRATA_FIELD_LABEL:
    case STRATA_FIELD_ID:
    case STRATA_FIELD_NUMBER:
    case STRATA_FIELD_INTEGER:
    case STRATA_FIELD_SOURCES:
    case STRATA_FIELD_JSON:
    default:
      return NULL;
    }
}

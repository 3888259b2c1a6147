/* strata-edit-private.h
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "strata/strata-edit.h"

G_BEGIN_DECLS

struct _StrataDraft
{
  JsonNode *root;  /* (owned) an object, never sealed */
};

/* A copy of @node that shares nothing with it (json_node_copy() shares
 * objects and arrays). */
JsonNode   *_strata_json_deep_copy       (JsonNode         *node);

/* Scalars equal by value (an int and a double of the same value are
 * equal); containers as json_node_equal(). */
gboolean    _strata_json_equal           (JsonNode         *a,
                                          JsonNode         *b);

JsonObject *_strata_draft_root           (StrataDraft      *draft);

/* The root list @key ("layers", "links", ...); created (at its place in
 * the order of MODEL.md) when @create, else NULL when absent. */
JsonArray  *_strata_draft_list           (StrataDraft      *draft,
                                          const char       *key,
                                          gboolean          create);

/* The object of @array whose "id" is @id, or NULL; sets @index. */
JsonObject *_strata_find_by_id           (JsonArray        *array,
                                          const char       *id,
                                          guint            *index);

JsonObject *_strata_draft_layer          (StrataDraft      *draft,
                                          const char       *layer_id,
                                          guint            *index);
JsonArray  *_strata_layer_options        (JsonObject       *layer);

/* Sets @key of @obj (scope @scope) to @value (transfer full): in place
 * when present, else before the first key that MODEL.md puts after it. */
void        _strata_object_put           (JsonObject       *obj,
                                          StrataFieldScope  scope,
                                          const char       *key,
                                          JsonNode         *value);

/* Replaces member @old_key of @obj by @new_key = @value (transfer full),
 * at the same place. */
void        _strata_object_replace_key   (JsonObject       *obj,
                                          const char       *old_key,
                                          const char       *new_key,
                                          JsonNode         *value);

/* The text of member @key, or NULL when absent or not a string. */
const char *_strata_object_get_text      (JsonObject       *obj,
                                          const char       *key);

/* The "choices" object of every strategy of the draft that has one (in
 * the draft, not copies). */
GPtrArray  *_strata_draft_choices        (StrataDraft     *draft);

/* Every reference to source @old_id (in the "source" of layers, options
 * and links) becomes @new_id, or (@new_id NULL) goes; a "source" that
 * held only it goes too. */
void        _strata_draft_swap_source    (StrataDraft     *draft,
                                          const char      *old_id,
                                          const char      *new_id);

/* Refuses an edit: sets @error to @code with the message, after "@path: "
 * when @path is not NULL, and returns FALSE. */
gboolean    _strata_edit_refuse          (GError          **error,
                                          StrataEditError   code,
                                          const char       *path,
                                          const char       *format,
                                          ...) G_GNUC_PRINTF (4, 5);

G_END_DECLS

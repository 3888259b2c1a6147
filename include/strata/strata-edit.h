/* strata-edit.h
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "strata/strata-dataset.h"
#include "strata/strata-field.h"

G_BEGIN_DECLS

/*
 * Editing a dataset: the one path every change takes, from `strata-cli
 * set` and from the app.
 *
 * A dataset is immutable.  A StrataDraft is a private, editable copy of
 * the JSON document a dataset was loaded from (StrataDataset.document);
 * edits change only the values they name, in place, so key order and
 * unknown keys stay as they were.  strata_draft_finish() writes the draft
 * as text and loads it back through the loader, so an edited dataset is
 * checked exactly as a file is, and gives a new immutable dataset whose
 * document is the edited tree.
 *
 * Fields are named by *field paths* (MODEL.md section 7), extended to
 * every field of sections 2 and 8:
 *
 *   title  description  unit  currency  price  boundary_cost
 *   volume.min  volume.default  volume.max
 *   layers.LAYER.{id,name,description,boundary_cost,source}
 *   layers.LAYER.options.OPTION.{id,name,description,mode,supplier_cost,price,
 *       margin,unit_cost,learning_rate,reference_volume,floor_cost,fixed_cost,
 *       ecosystem_value,latency_ms,capex,build_years,exit_cost,experience,source}
 *   links.N.{from,to,saving,note,source}            (N from 0, file order)
 *   strategies.STRATEGY.{id,name}  strategies.STRATEGY.choices.LAYER
 *   sources.SOURCE.{id,text,url}
 *   horizon.{first_year,years,discount_rate,volume,start,learning}
 *   horizon.volume.{first,growth}
 *
 * Setting a field that is absent adds it next to its neighbours in the
 * order of MODEL.md; removing one (a NULL value) is allowed for optional
 * fields only.  Some edits carry their consequences, so that one edit
 * never leaves a dataset the loader refuses for a reason the user did not
 * touch:
 *   - renaming an id (layer, option, strategy, source) renames every
 *     reference to it (links, strategy choices, horizon.start, source);
 *   - `price` and `supplier_cost` of a neutral option replace each other
 *     in place (an option has exactly one of them);
 *   - `mode` converts the option: to integrated, its unit_cost becomes
 *     the price it paid and the neutral fields go; to neutral, its
 *     supplier_cost becomes its unit cost at a margin of 0 and the
 *     integrated fields go.
 */

typedef struct _StrataDraft StrataDraft;

/* A draft of @dataset (a copy of its document, or of what
 * strata_dataset_to_json() writes when it was built by hand). */
StrataDraft   *strata_draft_new          (const StrataDataset  *dataset);
void           strata_draft_free         (StrataDraft          *draft);

/* The editable tree (owned by the draft). */
JsonNode      *strata_draft_get_root     (StrataDraft          *draft);

/* Sets the field at @path to a copy of @value (NULL removes it).  Checks
 * the path and the value's kind and rule (strata-field.h); on failure
 * the draft is unchanged and @error (STRATA_EDIT_ERROR) reads
 * "PATH: what is wrong". */
gboolean       strata_draft_set          (StrataDraft          *draft,
                                          const char           *path,
                                          JsonNode             *value,
                                          GError              **error);

/* The same with the value as text, as `strata-cli set PATH=VALUE` takes
 * it: JSON (3e9, {"value": 0.2, "low": 0.1, "high": 0.3}, "text", null
 * to remove), or for a text field any other text as it is. */
gboolean       strata_draft_set_text     (StrataDraft          *draft,
                                          const char           *path,
                                          const char           *text,
                                          GError              **error);

/* Convenience setters for the app. */
gboolean       strata_draft_set_number   (StrataDraft          *draft,
                                          const char           *path,
                                          const StrataNumber   *number,
                                          GError              **error);
gboolean       strata_draft_set_string   (StrataDraft          *draft,
                                          const char           *path,
                                          const char           *text,
                                          GError              **error);

/* The field at @path in the draft (NULL when absent); sets @field to its
 * description when not NULL.  FALSE with @error when the path names no
 * field. */
gboolean       strata_draft_get          (StrataDraft          *draft,
                                          const char           *path,
                                          JsonNode            **value,
                                          const StrataFieldInfo **field,
                                          GError              **error);

/* Loads the draft as the loader loads a file.  Returns a new dataset
 * (with @filename as its filename), or NULL and @error
 * (STRATA_EDIT_ERROR_REFUSED) with one line per problem, each
 * "PATH: what is wrong" where PATH names layers, options, strategies and
 * sources by id. */
StrataDataset *strata_draft_finish       (StrataDraft          *draft,
                                          const char           *filename,
                                          GError              **error);

/* The draft as the text a save writes. */
char          *strata_draft_to_json      (StrataDraft          *draft);

/* -- Structure (strata-edit-structure.c) --------------------------------
 * Ids are ids in the draft; a position of -1 means the end.  New ids must
 * be unused; strata_draft_unique_id() finds one. */

/* What kind of list an id is unique in. */
typedef enum
{
  STRATA_DRAFT_LAYER,
  STRATA_DRAFT_OPTION,
  STRATA_DRAFT_STRATEGY,
  STRATA_DRAFT_SOURCE,
} StrataDraftList;

/* @base, or @base-2, @base-3, ... whichever is free (for options, within
 * @layer_id). */
char          *strata_draft_unique_id    (StrataDraft          *draft,
                                          StrataDraftList       list,
                                          const char           *layer_id,
                                          const char           *base);

/* A layer with one neutral option ("market", supplier cost 0, margin 0). */
gboolean       strata_draft_add_layer    (StrataDraft          *draft,
                                          int                   position,
                                          const char           *layer_id,
                                          const char           *name,
                                          GError              **error);
/* Removes the layer, the links that touch it and its strategy choices. */
gboolean       strata_draft_remove_layer (StrataDraft          *draft,
                                          const char           *layer_id,
                                          GError              **error);
gboolean       strata_draft_duplicate_layer (StrataDraft       *draft,
                                          const char           *layer_id,
                                          const char           *new_id,
                                          GError              **error);
gboolean       strata_draft_move_layer   (StrataDraft          *draft,
                                          const char           *layer_id,
                                          guint                 position,
                                          GError              **error);

/* A new option of @mode with zero costs (a margin of 0 when neutral). */
gboolean       strata_draft_add_option   (StrataDraft          *draft,
                                          const char           *layer_id,
                                          int                   position,
                                          const char           *option_id,
                                          StrataMode            mode,
                                          GError              **error);
/* Removes the option and the strategy choices that name it; a layer
 * keeps at least one option. */
gboolean       strata_draft_remove_option (StrataDraft         *draft,
                                          const char           *layer_id,
                                          const char           *option_id,
                                          GError              **error);
gboolean       strata_draft_duplicate_option (StrataDraft      *draft,
                                          const char           *layer_id,
                                          const char           *option_id,
                                          const char           *new_id,
                                          GError              **error);
gboolean       strata_draft_move_option  (StrataDraft          *draft,
                                          const char           *layer_id,
                                          const char           *option_id,
                                          guint                 position,
                                          GError              **error);

gboolean       strata_draft_add_link     (StrataDraft          *draft,
                                          const char           *from,
                                          const char           *to,
                                          double                saving,
                                          GError              **error);
gboolean       strata_draft_remove_link  (StrataDraft          *draft,
                                          guint                 index,
                                          GError              **error);

/* A strategy that picks @option_ids[i] in layer @layer_ids[i]
 * (NULL-terminated lists of the same length). */
gboolean       strata_draft_add_strategy (StrataDraft          *draft,
                                          const char           *strategy_id,
                                          const char           *name,
                                          const char * const   *layer_ids,
                                          const char * const   *option_ids,
                                          GError              **error);
gboolean       strata_draft_remove_strategy (StrataDraft       *draft,
                                          const char           *strategy_id,
                                          GError              **error);

gboolean       strata_draft_add_source   (StrataDraft          *draft,
                                          const char           *source_id,
                                          const char           *text,
                                          const char           *url,
                                          GError              **error);
/* Removes the source and every reference to it. */
gboolean       strata_draft_remove_source (StrataDraft         *draft,
                                          const char           *source_id,
                                          GError              **error);

/* A history label for an edit of @path: "Change Chips Fixed Cost". */
char          *strata_edit_label         (const StrataDataset  *dataset,
                                          const char           *path);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StrataDraft, strata_draft_free)

G_END_DECLS

/* strata-scenario.h
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "strata/strata-dataset.h"
#include "strata/strata-edit.h"
#include "strata/strata-model.h"

G_BEGIN_DECLS

/*
 * What the user is looking at and changing: a dataset, one option per
 * layer (from a strategy or flipped by hand), the volume, the strategies
 * compared on the charts, and one undo history of every change, flips and
 * edits alike.  GTK-free: the app's window follows it, the tests drive it
 * without a display.
 *
 * The dataset is immutable; an edit replaces it with a new one (through
 * strata-edit.h) and the history keeps the old one, so undo restores the
 * exact previous dataset.  Choices, the strategy and the compared set are
 * carried across an edit by id.
 *
 * The objective (cost less ecosystem value, or cash cost) is held here
 * too: the optimal strategy is solved for it.  It is a way of looking,
 * not a change of the scenario, so it is not part of the history.
 */

#define STRATA_TYPE_SCENARIO (strata_scenario_get_type ())

G_DECLARE_FINAL_TYPE (StrataScenario, strata_scenario, STRATA, SCENARIO, GObject)

/* What a `changed` signal reports. */
typedef enum
{
  STRATA_SCENARIO_CHANGED_DATASET  = 1 << 0,  /* a new dataset (loaded or edited) */
  STRATA_SCENARIO_CHANGED_CHOICES  = 1 << 1,
  STRATA_SCENARIO_CHANGED_STRATEGY = 1 << 2,
  STRATA_SCENARIO_CHANGED_VOLUME   = 1 << 3,
  STRATA_SCENARIO_CHANGED_COMPARED = 1 << 4,
  STRATA_SCENARIO_CHANGED_OBJECTIVE = 1 << 5,
} StrataScenarioChange;

/* An immutable snapshot of a scenario, safe to keep in another thread. */
typedef struct _StrataScenarioRequest StrataScenarioRequest;

struct _StrataScenarioRequest
{
  /*< private >*/
  gatomicrefcount        ref_count;

  /*< public, read-only >*/
  StrataDataset         *dataset;        /* (owned) */
  guint                 *choices;        /* (owned) n_layers entries */
  int                    strategy;       /* index into dataset->strategies, -1 Custom */
  double                 volume;
  /* The current strategy first, then the compared ones in dataset order;
   * Custom points at @custom, the others into @dataset. */
  const StrataStrategy **strategies;     /* (owned container) */
  guint                  n_strategies;
  StrataStrategy         custom;         /* (owned) choices == @choices */
  StrataObjective        objective;
};

#define STRATA_TYPE_SCENARIO_REQUEST (strata_scenario_request_get_type ())

GType                  strata_scenario_request_get_type (void) G_GNUC_CONST;
StrataScenarioRequest *strata_scenario_request_ref     (StrataScenarioRequest *request);
void                   strata_scenario_request_unref   (StrataScenarioRequest *request);

StrataScenario        *strata_scenario_new             (void);

/* A new document: the history is cleared; the dataset's own first
 * strategy is chosen (else optimal), at its default volume. */
void                   strata_scenario_set_dataset     (StrataScenario        *self,
                                                        StrataDataset         *dataset);
StrataDataset         *strata_scenario_get_dataset     (StrataScenario        *self);

const guint           *strata_scenario_get_choices     (StrataScenario        *self);
/* -1 for Custom. */
int                    strata_scenario_get_strategy    (StrataScenario        *self);
const StrataStrategy  *strata_scenario_get_current_strategy (StrataScenario   *self);
double                 strata_scenario_get_volume      (StrataScenario        *self);
gboolean               strata_scenario_get_compared    (StrataScenario        *self,
                                                        guint                  strategy);

/* Undoable. */
void                   strata_scenario_set_option      (StrataScenario        *self,
                                                        guint                  layer,
                                                        guint                  option);
/* FALSE when the layer has no option of the other mode. */
gboolean               strata_scenario_flip_layer      (StrataScenario        *self,
                                                        guint                  layer);
void                   strata_scenario_set_strategy    (StrataScenario        *self,
                                                        int                    strategy);
/* Sets the field at @path through a draft (strata-edit.h); the history
 * entry reads strata_edit_label().  FALSE with @error when refused: the
 * scenario is unchanged. */
gboolean               strata_scenario_set_field       (StrataScenario        *self,
                                                        const char            *path,
                                                        JsonNode              *value,
                                                        GError               **error);
/* Replaces the dataset by @draft's (finished here) as one undoable step
 * named @label. */
gboolean               strata_scenario_apply_draft     (StrataScenario        *self,
                                                        StrataDraft           *draft,
                                                        const char            *label,
                                                        GError               **error);

/* Not part of the history. */
void                   strata_scenario_set_volume      (StrataScenario        *self,
                                                        double                 volume);
void                   strata_scenario_set_compared    (StrataScenario        *self,
                                                        guint                  strategy,
                                                        gboolean               compared);
/* STRATA_OBJECTIVE_EFFECTIVE until set. */
StrataObjective        strata_scenario_get_objective   (StrataScenario        *self);
void                   strata_scenario_set_objective   (StrataScenario        *self,
                                                        StrataObjective        objective);

gboolean               strata_scenario_can_undo        (StrataScenario        *self);
gboolean               strata_scenario_can_redo        (StrataScenario        *self);
/* "Change Chips Fixed Cost", or NULL when there is nothing to undo. */
const char            *strata_scenario_get_undo_label  (StrataScenario        *self);
const char            *strata_scenario_get_redo_label  (StrataScenario        *self);
void                   strata_scenario_undo            (StrataScenario        *self);
void                   strata_scenario_redo            (StrataScenario        *self);

/* Whether the dataset differs from the one last marked saved. */
gboolean               strata_scenario_get_modified    (StrataScenario        *self);
void                   strata_scenario_mark_saved      (StrataScenario        *self);

StrataScenarioRequest *strata_scenario_dup_request     (StrataScenario        *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StrataScenarioRequest, strata_scenario_request_unref)

G_END_DECLS

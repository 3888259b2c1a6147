/* strata-scenario.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "strata-scenario"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "strata/strata-model.h"
#include "strata/strata-scenario.h"

/* One step of the history: the whole state before (or after) a change.
 * Datasets are immutable, so keeping a reference is keeping a copy. */
typedef struct
{
  char          *label;
  StrataDataset *dataset;   /* (owned) */
  guint         *choices;   /* (owned) */
  int            strategy;
} Step;

struct _StrataScenario
{
  GObject         parent_instance;

  StrataDataset  *dataset;    /* (owned) (nullable) */
  StrataDataset  *saved;      /* (owned) (nullable) the dataset last marked saved */
  guint          *choices;    /* (owned) n_layers entries */
  gboolean       *compared;   /* (owned) n_strategies entries */
  int             strategy;   /* index into dataset->strategies, -1 Custom */
  double          volume;
  StrataObjective objective;  /* not part of the history */
  GPtrArray      *undo;       /* (element-type Step) */
  GPtrArray      *redo;       /* (element-type Step) */
};

G_DEFINE_FINAL_TYPE (StrataScenario, strata_scenario, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DATASET,
  PROP_STRATEGY,
  PROP_VOLUME,
  PROP_MODIFIED,
  PROP_CAN_UNDO,
  PROP_CAN_REDO,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
step_free (gpointer data)
{
  Step *step = data;

  g_free (step->label);
  g_clear_pointer (&step->dataset, strata_dataset_unref);
  g_free (step->choices);
  g_free (step);
}

static Step *
step_new (StrataScenario *self,
          const char     *label)
{
  Step *step = g_new0 (Step, 1);

  step->label = g_strdup (label);
  step->dataset = strata_dataset_ref (self->dataset);
  step->choices = g_memdup2 (self->choices, sizeof (guint) * MAX (self->dataset->n_layers, 1));
  step->strategy = self->strategy;
  return step;
}

static void
resolve_choices (StrataScenario *self)
{
  if (self->dataset == NULL || self->strategy < 0)
    return;
  strata_strategy_resolve_full (self->dataset, &self->dataset->strategies[self->strategy],
                                self->objective, self->volume, self->choices);
}

static void
emit_changed (StrataScenario *self,
              guint           what,
              gboolean        history)
{
  if (what & STRATA_SCENARIO_CHANGED_DATASET)
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATASET]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
    }
  if (what & (STRATA_SCENARIO_CHANGED_STRATEGY | STRATA_SCENARIO_CHANGED_DATASET))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STRATEGY]);
  if (what & STRATA_SCENARIO_CHANGED_VOLUME)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VOLUME]);
  if (history)
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REDO]);
    }
  g_signal_emit (self, signals[CHANGED], 0, what);
}

static void
push_undo (StrataScenario *self,
           const char     *label)
{
  g_ptr_array_add (self->undo, step_new (self, label));
  g_ptr_array_set_size (self->redo, 0);
}

/* Carries choices, the strategy and the compared set over to @dataset by
 * id; takes @dataset. */
static void
adopt_dataset (StrataScenario *self,
               StrataDataset  *dataset,
               const guint    *choices,
               int             strategy)
{
  StrataDataset *old = self->dataset;
  g_autofree guint *new_choices = g_new0 (guint, MAX (dataset->n_layers, 1));
  g_autofree gboolean *new_compared = g_new0 (gboolean, MAX (dataset->n_strategies, 1));
  const char *strategy_id = strategy >= 0 ? old->strategies[strategy].id : NULL;

  for (guint i = 0; i < dataset->n_layers; i++)
    {
      int l = strata_dataset_find_layer (old, dataset->layers[i].id);
      int o = l >= 0 ? strata_dataset_find_option (dataset, i, old->layers[l].options[choices[l]].id) : -1;

      new_choices[i] = o >= 0 ? (guint) o : 0;
    }
  for (guint i = 0; i < dataset->n_strategies; i++)
    {
      const StrataStrategy *st = strata_dataset_find_strategy (old, dataset->strategies[i].id);

      new_compared[i] = st != NULL ? self->compared[st - old->strategies] : FALSE;
    }
  self->strategy = -1;
  if (strategy_id != NULL)
    {
      const StrataStrategy *st = strata_dataset_find_strategy (dataset, strategy_id);

      self->strategy = st != NULL ? (int) (st - dataset->strategies) : -1;
    }
  g_free (self->choices);
  self->choices = g_steal_pointer (&new_choices);
  g_free (self->compared);
  self->compared = g_steal_pointer (&new_compared);
  self->dataset = dataset;
  strata_dataset_unref (old);
  resolve_choices (self);
}

static void
restore (StrataScenario *self,
         Step           *step)
{
  guint what = STRATA_SCENARIO_CHANGED_CHOICES | STRATA_SCENARIO_CHANGED_STRATEGY;

  if (step->dataset != self->dataset)
    {
      adopt_dataset (self, strata_dataset_ref (step->dataset), self->choices, self->strategy);
      what |= STRATA_SCENARIO_CHANGED_DATASET;
    }
  memcpy (self->choices, step->choices, sizeof (guint) * self->dataset->n_layers);
  self->strategy = step->strategy;
  resolve_choices (self);
  emit_changed (self, what, TRUE);
}

static void
travel (StrataScenario *self,
        GPtrArray      *from,
        GPtrArray      *to)
{
  Step *step;

  if (self->dataset == NULL || from->len == 0)
    return;
  step = g_ptr_array_steal_index (from, from->len - 1);
  g_ptr_array_add (to, step_new (self, step->label));
  restore (self, step);
  step_free (step);
}

void
strata_scenario_undo (StrataScenario *self)
{
  g_return_if_fail (STRATA_IS_SCENARIO (self));

  travel (self, self->undo, self->redo);
}

void
strata_scenario_redo (StrataScenario *self)
{
  g_return_if_fail (STRATA_IS_SCENARIO (self));

  travel (self, self->redo, self->undo);
}

gboolean
strata_scenario_can_undo (StrataScenario *self)
{
  g_return_val_if_fail (STRATA_IS_SCENARIO (self), FALSE);

  return self->undo->len > 0;
}

gboolean
strata_scenario_can_redo (StrataScenario *self)
{
  g_return_val_if_fail (STRATA_IS_SCENARIO (self), FALSE);

  return self->redo->len > 0;
}

const char *
strata_scenario_get_undo_label (StrataScenario *self)
{
  g_return_val_if_fail (STRATA_IS_SCENARIO (self), NULL);

  return self->undo->len > 0 ? ((Step *) g_ptr_array_index (self->undo, self->undo->len - 1))->label
                             : NULL;
}

const char *
strata_scenario_get_redo_label (StrataScenario *self)
{
  g_return_val_if_fail (STRATA_IS_SCENARIO (self), NULL);

  return self->redo->len > 0 ? ((Step *) g_ptr_array_index (self->redo, self->redo->len - 1))->label
                             : NULL;
}

void
strata_scenario_set_dataset (StrataScenario *self,
                             StrataDataset  *dataset)
{
  g_return_if_fail (STRATA_IS_SCENARIO (self));
  g_return_if_fail (dataset != NULL);
  g_return_if_fail (dataset->n_layers > 0 && dataset->n_strategies >= STRATA_N_PRESETS);

  g_ptr_array_set_size (self->undo, 0);
  g_ptr_array_set_size (self->redo, 0);
  g_clear_pointer (&self->dataset, strata_dataset_unref);
  g_clear_pointer (&self->saved, strata_dataset_unref);
  self->dataset = strata_dataset_ref (dataset);
  self->saved = strata_dataset_ref (dataset);

  g_free (self->choices);
  self->choices = g_new0 (guint, dataset->n_layers);
  /* Compare every preset and strategy, up to what keeps charts readable. */
  g_free (self->compared);
  self->compared = g_new0 (gboolean, dataset->n_strategies);
  for (guint i = 0; i < dataset->n_strategies && i < STRATA_DEFAULT_COMPARED; i++)
    self->compared[i] = TRUE;
  /* The dataset's own strategy is the story its author tells. */
  {
    const StrataStrategy *first = strata_dataset_default_strategy (dataset);

    self->strategy = first != NULL ? (int) (first - dataset->strategies) : 0;
  }
  self->volume = dataset->volume_default;
  resolve_choices (self);
  emit_changed (self, STRATA_SCENARIO_CHANGED_DATASET | STRATA_SCENARIO_CHANGED_CHOICES
                      | STRATA_SCENARIO_CHANGED_STRATEGY | STRATA_SCENARIO_CHANGED_VOLUME
                      | STRATA_SCENARIO_CHANGED_COMPARED, TRUE);
}

StrataDataset *
strata_scenario_get_dataset (StrataScenario *self)
{
  g_return_val_if_fail (STRATA_IS_SCENARIO (self), NULL);

  return self->dataset;
}

const guint *
strata_scenario_get_choices (StrataScenario *self)
{
  g_return_val_if_fail (STRATA_IS_SCENARIO (self), NULL);

  return self->choices;
}

int
strata_scenario_get_strategy (StrataScenario *self)
{
  g_return_val_if_fail (STRATA_IS_SCENARIO (self), -1);

  return self->strategy;
}

double
strata_scenario_get_volume (StrataScenario *self)
{
  g_return_val_if_fail (STRATA_IS_SCENARIO (self), 0);

  return self->volume;
}

gboolean
strata_scenario_get_compared (StrataScenario *self,
                              guint           strategy)
{
  g_return_val_if_fail (STRATA_IS_SCENARIO (self), FALSE);
  g_return_val_if_fail (self->dataset != NULL && strategy < self->dataset->n_strategies, FALSE);

  return self->compared[strategy];
}

const StrataStrategy *
strata_scenario_get_current_strategy (StrataScenario *self)
{
  g_return_val_if_fail (STRATA_IS_SCENARIO (self), NULL);

  if (self->dataset == NULL || self->strategy < 0)
    return NULL;
  return &self->dataset->strategies[self->strategy];
}

void
strata_scenario_set_option (StrataScenario *self,
                            guint           layer,
                            guint           option)
{
  g_autofree char *label = NULL;
  const StrataLayer *l;

  g_return_if_fail (STRATA_IS_SCENARIO (self));
  g_return_if_fail (self->dataset != NULL && layer < self->dataset->n_layers);
  g_return_if_fail (option < self->dataset->layers[layer].n_options);

  if (self->choices[layer] == option)
    return;
  l = &self->dataset->layers[layer];
  label = g_strdup_printf (/* Translators: undo history: layer, option */
                           _("Switch %s to %s"), l->name, l->options[option].name);
  push_undo (self, label);
  self->choices[layer] = option;
  self->strategy = -1;
  emit_changed (self, STRATA_SCENARIO_CHANGED_CHOICES | STRATA_SCENARIO_CHANGED_STRATEGY, TRUE);
}

gboolean
strata_scenario_flip_layer (StrataScenario *self,
                            guint           layer)
{
  const StrataLayer *l;
  StrataMode mode;
  int option;

  g_return_val_if_fail (STRATA_IS_SCENARIO (self), FALSE);
  g_return_val_if_fail (self->dataset != NULL && layer < self->dataset->n_layers, FALSE);

  l = &self->dataset->layers[layer];
  mode = l->options[self->choices[layer]].mode;
  option = strata_layer_first_of_mode (l, mode == STRATA_MODE_NEUTRAL ? STRATA_MODE_INTEGRATED
                                                                     : STRATA_MODE_NEUTRAL);
  if (option < 0)
    return FALSE;
  strata_scenario_set_option (self, layer, option);
  return TRUE;
}

void
strata_scenario_set_strategy (StrataScenario *self,
                              int             strategy)
{
  g_autofree char *label = NULL;

  g_return_if_fail (STRATA_IS_SCENARIO (self));
  g_return_if_fail (self->dataset != NULL);
  g_return_if_fail (strategy >= 0 && strategy < (int) self->dataset->n_strategies);

  if (strategy == self->strategy)
    return;
  label = g_strdup_printf (/* Translators: undo history: strategy */
                           _("Choose %s"), self->dataset->strategies[strategy].name);
  push_undo (self, label);
  self->strategy = strategy;
  resolve_choices (self);
  emit_changed (self, STRATA_SCENARIO_CHANGED_CHOICES | STRATA_SCENARIO_CHANGED_STRATEGY, TRUE);
}

void
strata_scenario_set_volume (StrataScenario *self,
                            double          volume)
{
  guint what = STRATA_SCENARIO_CHANGED_VOLUME;

  g_return_if_fail (STRATA_IS_SCENARIO (self));
  g_return_if_fail (self->dataset != NULL);
  g_return_if_fail (volume > 0 && isfinite (volume));

  if (volume == self->volume)
    return;
  self->volume = volume;
  /* The optimal strategy moves with the volume. */
  if (self->strategy >= 0 && strata_strategy_is_optimal (&self->dataset->strategies[self->strategy]))
    {
      resolve_choices (self);
      what |= STRATA_SCENARIO_CHANGED_CHOICES;
    }
  emit_changed (self, what, FALSE);
}

StrataObjective
strata_scenario_get_objective (StrataScenario *self)
{
  g_return_val_if_fail (STRATA_IS_SCENARIO (self), STRATA_OBJECTIVE_DEFAULT);

  return self->objective;
}

void
strata_scenario_set_objective (StrataScenario  *self,
                               StrataObjective  objective)
{
  guint what = STRATA_SCENARIO_CHANGED_OBJECTIVE;

  g_return_if_fail (STRATA_IS_SCENARIO (self));
  g_return_if_fail (objective == STRATA_OBJECTIVE_EFFECTIVE || objective == STRATA_OBJECTIVE_CASH);

  if (objective == self->objective)
    return;
  self->objective = objective;
  /* The optimal strategy is solved for the objective. */
  if (self->dataset != NULL && self->strategy >= 0 &&
      strata_strategy_is_optimal (&self->dataset->strategies[self->strategy]))
    {
      resolve_choices (self);
      what |= STRATA_SCENARIO_CHANGED_CHOICES;
    }
  if (self->dataset != NULL)
    emit_changed (self, what, FALSE);
}

void
strata_scenario_set_compared (StrataScenario *self,
                              guint           strategy,
                              gboolean        compared)
{
  g_return_if_fail (STRATA_IS_SCENARIO (self));
  g_return_if_fail (self->dataset != NULL && strategy < self->dataset->n_strategies);

  if (self->compared[strategy] == !!compared)
    return;
  self->compared[strategy] = !!compared;
  emit_changed (self, STRATA_SCENARIO_CHANGED_COMPARED, FALSE);
}

gboolean
strata_scenario_apply_draft (StrataScenario  *self,
                             StrataDraft     *draft,
                             const char      *label,
                             GError         **error)
{
  StrataDataset *edited;

  g_return_val_if_fail (STRATA_IS_SCENARIO (self), FALSE);
  g_return_val_if_fail (self->dataset != NULL, FALSE);
  g_return_val_if_fail (draft != NULL && label != NULL, FALSE);

  edited = strata_draft_finish (draft, self->dataset->filename, error);
  if (edited == NULL)
    return FALSE;
  push_undo (self, label);
  adopt_dataset (self, edited, self->choices, self->strategy);
  emit_changed (self, STRATA_SCENARIO_CHANGED_DATASET | STRATA_SCENARIO_CHANGED_CHOICES
                      | STRATA_SCENARIO_CHANGED_STRATEGY | STRATA_SCENARIO_CHANGED_COMPARED, TRUE);
  return TRUE;
}

gboolean
strata_scenario_set_field (StrataScenario  *self,
                           const char      *path,
                           JsonNode        *value,
                           GError         **error)
{
  g_autoptr(StrataDraft) draft = NULL;
  g_autofree char *label = NULL;

  g_return_val_if_fail (STRATA_IS_SCENARIO (self), FALSE);
  g_return_val_if_fail (self->dataset != NULL, FALSE);

  draft = strata_draft_new (self->dataset);
  if (!strata_draft_set (draft, path, value, error))
    return FALSE;
  label = strata_edit_label (self->dataset, path);
  return strata_scenario_apply_draft (self, draft, label, error);
}

gboolean
strata_scenario_get_modified (StrataScenario *self)
{
  g_return_val_if_fail (STRATA_IS_SCENARIO (self), FALSE);

  return self->dataset != self->saved;
}

void
strata_scenario_mark_saved (StrataScenario *self)
{
  g_return_if_fail (STRATA_IS_SCENARIO (self));

  if (self->saved == self->dataset)
    return;
  g_clear_pointer (&self->saved, strata_dataset_unref);
  self->saved = self->dataset != NULL ? strata_dataset_ref (self->dataset) : NULL;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
}

/* -- Requests ------------------------------------------------------------- */

G_DEFINE_BOXED_TYPE (StrataScenarioRequest, strata_scenario_request,
                     strata_scenario_request_ref, strata_scenario_request_unref)

StrataScenarioRequest *
strata_scenario_request_ref (StrataScenarioRequest *request)
{
  g_return_val_if_fail (request != NULL, NULL);

  g_atomic_ref_count_inc (&request->ref_count);
  return request;
}

void
strata_scenario_request_unref (StrataScenarioRequest *request)
{
  g_return_if_fail (request != NULL);

  if (!g_atomic_ref_count_dec (&request->ref_count))
    return;
  g_free (request->custom.id);
  g_free (request->custom.name);
  g_free (request->strategies);
  g_free (request->choices);
  strata_dataset_unref (request->dataset);
  g_free (request);
}

StrataScenarioRequest *
strata_scenario_dup_request (StrataScenario *self)
{
  StrataScenarioRequest *request;
  const StrataDataset *ds;

  g_return_val_if_fail (STRATA_IS_SCENARIO (self), NULL);
  g_return_val_if_fail (self->dataset != NULL, NULL);

  ds = self->dataset;
  request = g_new0 (StrataScenarioRequest, 1);
  g_atomic_ref_count_init (&request->ref_count);
  request->dataset = strata_dataset_ref (self->dataset);
  request->choices = g_memdup2 (self->choices, sizeof (guint) * ds->n_layers);
  request->strategy = self->strategy;
  request->volume = self->volume;
  request->objective = self->objective;
  request->custom.id = g_strdup ("custom");
  request->custom.name = g_strdup ("Custom");
  request->custom.choices = request->choices;

  /* The current strategy first, then the compared ones in dataset order. */
  request->strategies = g_new0 (const StrataStrategy *, ds->n_strategies + 1);
  request->strategies[request->n_strategies++] = self->strategy >= 0
                                                 ? &ds->strategies[self->strategy]
                                                 : &request->custom;
  for (guint i = 0; i < ds->n_strategies; i++)
    if ((int) i != self->strategy && self->compared[i])
      request->strategies[request->n_strategies++] = &ds->strategies[i];
  return request;
}

/* -- GObject -------------------------------------------------------------- */

static void
strata_scenario_finalize (GObject *object)
{
  StrataScenario *self = STRATA_SCENARIO (object);

  g_clear_pointer (&self->undo, g_ptr_array_unref);
  g_clear_pointer (&self->redo, g_ptr_array_unref);
  g_clear_pointer (&self->dataset, strata_dataset_unref);
  g_clear_pointer (&self->saved, strata_dataset_unref);
  g_clear_pointer (&self->choices, g_free);
  g_clear_pointer (&self->compared, g_free);

  G_OBJECT_CLASS (strata_scenario_parent_class)->finalize (object);
}

static void
strata_scenario_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  StrataScenario *self = STRATA_SCENARIO (object);

  switch (prop_id)
    {
    case PROP_DATASET:
      g_value_set_boxed (value, self->dataset);
      break;
    case PROP_STRATEGY:
      g_value_set_int (value, self->strategy);
      break;
    case PROP_VOLUME:
      g_value_set_double (value, self->volume);
      break;
    case PROP_MODIFIED:
      g_value_set_boolean (value, strata_scenario_get_modified (self));
      break;
    case PROP_CAN_UNDO:
      g_value_set_boolean (value, strata_scenario_can_undo (self));
      break;
    case PROP_CAN_REDO:
      g_value_set_boolean (value, strata_scenario_can_redo (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
strata_scenario_class_init (StrataScenarioClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = strata_scenario_finalize;
  object_class->get_property = strata_scenario_get_property;

  properties[PROP_DATASET] =
    g_param_spec_boxed ("dataset", NULL, NULL, STRATA_TYPE_DATASET,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STRATEGY] =
    g_param_spec_int ("strategy", NULL, NULL, -1, G_MAXINT, 0,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VOLUME] =
    g_param_spec_double ("volume", NULL, NULL, 0, G_MAXDOUBLE, 1,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MODIFIED] =
    g_param_spec_boolean ("modified", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_UNDO] =
    g_param_spec_boolean ("can-undo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_REDO] =
    g_param_spec_boolean ("can-redo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* StrataScenarioChange flags: what changed. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
}

static void
strata_scenario_init (StrataScenario *self)
{
  self->undo = g_ptr_array_new_with_free_func (step_free);
  self->redo = g_ptr_array_new_with_free_func (step_free);
  self->strategy = -1;
  self->volume = 1;
}

StrataScenario *
strata_scenario_new (void)
{
  return g_object_new (STRATA_TYPE_SCENARIO, NULL);
}

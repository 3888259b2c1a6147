/* strata-dataset.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "strata-dataset"

#include "config.h"

#include <string.h>

#include "strata/strata-dataset.h"
#include "strata/strata-horizon.h"

G_DEFINE_QUARK (strata-dataset-error-quark, strata_dataset_error)
G_DEFINE_BOXED_TYPE (StrataDataset, strata_dataset, strata_dataset_ref, strata_dataset_unref)

StrataDataset *
strata_dataset_new (void)
{
  StrataDataset *self = g_new0 (StrataDataset, 1);

  g_atomic_ref_count_init (&self->ref_count);
  return self;
}

StrataDataset *
strata_dataset_ref (StrataDataset *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

static void
clear_extra (JsonObject **extra)
{
  g_clear_pointer (extra, json_object_unref);
}

static void
option_clear (StrataOption *option)
{
  g_free (option->id);
  g_free (option->name);
  g_free (option->description);
  g_strfreev (option->sources);
  clear_extra (&option->extra);
}

static void
layer_clear (StrataLayer *layer)
{
  g_free (layer->id);
  g_free (layer->name);
  g_free (layer->description);
  for (guint i = 0; i < layer->n_options; i++)
    option_clear (&layer->options[i]);
  g_free (layer->options);
  g_strfreev (layer->sources);
  clear_extra (&layer->extra);
}

static void
strategy_clear (StrataStrategy *strategy)
{
  g_free (strategy->id);
  g_free (strategy->name);
  g_free (strategy->choices);
  clear_extra (&strategy->extra);
}

void
strata_dataset_unref (StrataDataset *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_free (self->filename);
  g_free (self->title);
  g_free (self->description);
  g_free (self->unit);
  g_free (self->currency);

  for (guint i = 0; i < self->n_layers; i++)
    layer_clear (&self->layers[i]);
  g_free (self->layers);

  for (guint i = 0; i < self->n_links; i++)
    {
      g_free (self->links[i].note);
      g_strfreev (self->links[i].sources);
      clear_extra (&self->links[i].extra);
    }
  g_free (self->links);

  for (guint i = 0; i < self->n_strategies; i++)
    strategy_clear (&self->strategies[i]);
  g_free (self->strategies);

  for (guint i = 0; i < self->n_sources; i++)
    {
      g_free (self->sources[i].id);
      g_free (self->sources[i].text);
      g_free (self->sources[i].url);
      clear_extra (&self->sources[i].extra);
    }
  g_free (self->sources);

  clear_extra (&self->extra);
  g_clear_pointer (&self->horizon, strata_horizon_free);
  g_clear_pointer (&self->document, json_node_unref);
  g_free (self);
}

int
strata_layer_first_of_mode (const StrataLayer *layer,
                            StrataMode         mode)
{
  g_return_val_if_fail (layer != NULL, -1);

  for (guint i = 0; i < layer->n_options; i++)
    if (layer->options[i].mode == mode)
      return (int) i;
  return -1;
}

static guint *
preset_choices (const StrataDataset *self,
                StrataMode           mode)
{
  guint *choices = g_new0 (guint, MAX (self->n_layers, 1));

  /* MODEL.md 1: the first option of that mode in each layer; a layer
   * without such an option keeps its first option. */
  for (guint i = 0; i < self->n_layers; i++)
    {
      int first = strata_layer_first_of_mode (&self->layers[i], mode);
      choices[i] = first < 0 ? 0 : (guint) first;
    }
  return choices;
}

static void
set_default_text (char       **field,
                  const char  *fallback)
{
  if (*field == NULL)
    *field = g_strdup (fallback);
}

static void
number_default (StrataNumber *number,
                double        value,
                gboolean      is_set)
{
  if (!is_set)
    {
      number->value = number->low = number->high = value;
      number->uncertain = FALSE;
    }
}

void
strata_dataset_finish (StrataDataset *self)
{
  StrataStrategy *strategies;
  guint n_own;

  g_return_if_fail (self != NULL);

  for (guint i = 0; i < self->n_layers; i++)
    {
      StrataLayer *layer = &self->layers[i];

      set_default_text (&layer->name, layer->id);
      set_default_text (&layer->description, layer->name);

      for (guint j = 0; j < layer->n_options; j++)
        {
          StrataOption *option = &layer->options[j];

          set_default_text (&option->name, option->id);
          set_default_text (&option->description, option->name);

          /* An unset reference volume is all zero: default volume.min. */
          number_default (&option->reference_volume, self->volume_min,
                          option->reference_volume.value > 0);
        }
    }

  /* Presets go in front of the dataset's own strategies. */
  n_own = self->n_strategies;
  strategies = g_new0 (StrataStrategy, n_own + STRATA_N_PRESETS);

  strategies[0].id = g_strdup (STRATA_STRATEGY_ALL_NEUTRAL);
  strategies[0].name = g_strdup ("All neutral");
  strategies[0].choices = preset_choices (self, STRATA_MODE_NEUTRAL);
  strategies[0].preset = TRUE;

  strategies[1].id = g_strdup (STRATA_STRATEGY_ALL_INTEGRATED);
  strategies[1].name = g_strdup ("All integrated");
  strategies[1].choices = preset_choices (self, STRATA_MODE_INTEGRATED);
  strategies[1].preset = TRUE;

  strategies[2].id = g_strdup (STRATA_STRATEGY_OPTIMAL);
  strategies[2].name = g_strdup ("Optimal");
  strategies[2].choices = NULL;
  strategies[2].preset = TRUE;

  for (guint i = 0; i < n_own; i++)
    {
      strategies[STRATA_N_PRESETS + i] = self->strategies[i];
      set_default_text (&strategies[STRATA_N_PRESETS + i].name,
                        strategies[STRATA_N_PRESETS + i].id);
    }

  g_free (self->strategies);
  self->strategies = strategies;
  self->n_strategies = n_own + STRATA_N_PRESETS;
}

int
strata_dataset_find_layer (const StrataDataset *self,
                           const char          *layer_id)
{
  g_return_val_if_fail (self != NULL, -1);
  g_return_val_if_fail (layer_id != NULL, -1);

  for (guint i = 0; i < self->n_layers; i++)
    if (g_strcmp0 (self->layers[i].id, layer_id) == 0)
      return (int) i;
  return -1;
}

int
strata_dataset_find_option (const StrataDataset *self,
                            guint                layer,
                            const char          *option_id)
{
  g_return_val_if_fail (self != NULL, -1);
  g_return_val_if_fail (layer < self->n_layers, -1);
  g_return_val_if_fail (option_id != NULL, -1);

  for (guint i = 0; i < self->layers[layer].n_options; i++)
    if (g_strcmp0 (self->layers[layer].options[i].id, option_id) == 0)
      return (int) i;
  return -1;
}

const StrataStrategy *
strata_dataset_find_strategy (const StrataDataset *self,
                              const char          *strategy_id)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (strategy_id != NULL, NULL);

  for (guint i = 0; i < self->n_strategies; i++)
    if (g_strcmp0 (self->strategies[i].id, strategy_id) == 0)
      return &self->strategies[i];
  return NULL;
}

const StrataStrategy *
strata_dataset_default_strategy (const StrataDataset *self)
{
  const StrataStrategy *optimal;

  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < self->n_strategies; i++)
    if (!self->strategies[i].preset)
      return &self->strategies[i];
  optimal = strata_dataset_find_strategy (self, STRATA_STRATEGY_OPTIMAL);
  if (optimal != NULL)
    return optimal;
  return self->n_strategies > 0 ? &self->strategies[0] : NULL;
}

gboolean
strata_strategy_is_optimal (const StrataStrategy *strategy)
{
  g_return_val_if_fail (strategy != NULL, FALSE);

  return strategy->choices == NULL;
}

const char *
strata_mode_to_string (StrataMode mode)
{
  switch (mode)
    {
    case STRATA_MODE_NEUTRAL:
      return "neutral";
    case STRATA_MODE_INTEGRATED:
      return "integrated";
    default:
      g_return_val_if_reached ("neutral");
    }
}

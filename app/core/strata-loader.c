/* strata-loader.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * The one way a dataset enters Strata:
 *
 *   file checks -> size cap -> strict syntax guard (which also builds the
 *   json-glib tree, so JsonParser never runs) -> every rule of MODEL.md
 *   section 2 -> StrataDataset
 *
 * Validation collects every problem (not only the first); each becomes one
 * line of the GError message, "FILE:LINE:COL: error: PATH: message".  The
 * line and column of a JSON path are looked up by a second pass of the
 * guard, only when there is something to report.
 */

#define G_LOG_DOMAIN "strata-loader"

#include "config.h"

#include <math.h>
#include <string.h>

#include "strata/strata-dataset.h"
#include "strata/strata-file.h"
#include "strata/strata-format.h"
#include "strata/strata-limits.h"
#include "strata-file-private.h"
#include "strata-horizon-private.h"
#include "strata-json-guard-private.h"
#include "strata-loader-private.h"

static void
load_sources (Loader     *L,
              JsonObject *root)
{
  static const char * const known[] = { "id", "text", "url", NULL };
  JsonArray *array;
  StrataDataset *ds = L->ds;

  array = loader_get_array (L, root, "", "sources", FALSE, "sources",
                            STRATA_MAX_SOURCES, "sources");
  if (array == NULL)
    return;

  ds->n_sources = json_array_get_length (array);
  ds->sources = g_new0 (StrataSource, MAX (ds->n_sources, 1));

  for (guint i = 0; i < ds->n_sources; i++)
    {
      StrataSource *src = &ds->sources[i];
      JsonNode *node = json_array_get_element (array, i);
      g_autofree char *base = g_strdup_printf ("sources[%u]", i);
      JsonObject *obj;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_autofree char *got = loader_describe_got (node);
          invalid (L, base, NULL, "a source must be an object {\"id\", \"text\", \"url\"}, %s", got);
          continue;
        }
      obj = json_node_get_object (node);

      if (loader_get_text (L, obj, base, "id", TEXT_REQUIRED | TEXT_SLUG, "a source id", &src->id)
          && src->id != NULL)
        {
          gpointer prev = g_hash_table_lookup (L->source_ids, src->id);

          if (prev != NULL)
            invalid (L, base, "id", "duplicate source id \"%s\" (also sources[%u].id)",
                     src->id, GPOINTER_TO_UINT (prev) - 1);
          else
            g_hash_table_insert (L->source_ids, src->id, GUINT_TO_POINTER (i + 1));
        }
      loader_get_text (L, obj, base, "text", TEXT_REQUIRED | TEXT_NONEMPTY,
                       "the text of a source", &src->text);
      loader_get_text (L, obj, base, "url", TEXT_OPTIONAL, "url", &src->url);
      src->extra = loader_collect_extra (obj, known);
    }
}

/* Problems of the horizon's fields (strata-loader-horizon.c). */
static void
report_horizon (gpointer    loader,
                int         code,
                const char *path,
                const char *message)
{
  loader_report (loader, code, path, NULL, "%s", message);
}

static void
load_option (Loader       *L,
             StrataOption *opt,
             JsonObject   *obj,
             const char   *base)
{
  static const char * const known[] = {
    "id", "name", "description", "source", "mode",
    "supplier_cost", "price", "margin",
    "unit_cost", "learning_rate", "reference_volume", "floor_cost",
    "fixed_cost", "ecosystem_value", "latency_ms",
    "capex", "build_years", "exit_cost", "experience", NULL
  };
  static const char * const neutral_only[] = { "supplier_cost", "price", "margin", NULL };
  static const char * const integrated_only[] = {
    "unit_cost", "learning_rate", "reference_volume", "floor_cost", NULL
  };
  g_autofree char *mode = NULL;
  gboolean mode_ok = FALSE;

  loader_get_text (L, obj, base, "id", TEXT_REQUIRED | TEXT_SLUG, "an option id", &opt->id);
  loader_get_text (L, obj, base, "name", TEXT_OPTIONAL, "name", &opt->name);
  loader_get_text (L, obj, base, "description", TEXT_OPTIONAL, "description", &opt->description);
  opt->sources = loader_get_sources (L, obj, base);

  if (loader_get_text (L, obj, base, "mode", TEXT_REQUIRED, "mode (\"integrated\" or \"neutral\")", &mode)
      && mode != NULL)
    {
      if (strcmp (mode, "neutral") == 0)
        {
          opt->mode = STRATA_MODE_NEUTRAL;
          mode_ok = TRUE;
        }
      else if (strcmp (mode, "integrated") == 0)
        {
          opt->mode = STRATA_MODE_INTEGRATED;
          mode_ok = TRUE;
        }
      else
        {
          g_autoptr(GString) quoted = g_string_new (NULL);

          strata_append_json_string (quoted, mode);
          invalid (L, base, "mode", "must be \"integrated\" or \"neutral\", got %s",
                   quoted->str);
        }
    }

  if (mode_ok && opt->mode == STRATA_MODE_NEUTRAL)
    {
      gboolean has_supplier = json_object_has_member (obj, "supplier_cost");
      gboolean has_price = json_object_has_member (obj, "price");

      for (guint i = 0; integrated_only[i] != NULL; i++)
        if (json_object_has_member (obj, integrated_only[i]))
          invalid (L, base, integrated_only[i],
                   "applies only to integrated options (this option is neutral)");

      if (has_supplier && has_price)
        invalid (L, base, NULL,
                 "a neutral option takes either supplier_cost or price, not both");
      else if (!has_supplier && !has_price)
        invalid (L, base, NULL,
                 "a neutral option needs supplier_cost (the supplier's own cost) or price (the price paid)");
      else if (has_price)
        {
          opt->has_price = TRUE;
          loader_get_number (L, obj, base, "price", RULE_NONNEG, TRUE, "price",
                             &opt->price);
        }
      else
        loader_get_number (L, obj, base, "supplier_cost", RULE_NONNEG, TRUE,
                           "supplier_cost", &opt->supplier_cost);

      loader_get_number (L, obj, base, "margin", RULE_FRACTION, TRUE,
                         "a neutral option's margin, 0 <= margin < 1,", &opt->margin);
    }
  else if (mode_ok)
    {
      for (guint i = 0; neutral_only[i] != NULL; i++)
        if (json_object_has_member (obj, neutral_only[i]))
          invalid (L, base, neutral_only[i],
                   "applies only to neutral options (this option is integrated)");

      loader_get_number (L, obj, base, "unit_cost", RULE_NONNEG, TRUE,
                         "an integrated option's unit_cost", &opt->unit_cost);
      loader_get_number (L, obj, base, "learning_rate", RULE_FRACTION, FALSE,
                         "learning_rate", &opt->learning_rate);
      loader_get_number (L, obj, base, "reference_volume", RULE_VOLUME, FALSE,
                         "reference_volume", &opt->reference_volume);
      loader_get_number (L, obj, base, "floor_cost", RULE_NONNEG, FALSE,
                         "floor_cost", &opt->floor_cost);
    }

  loader_get_number (L, obj, base, "fixed_cost", RULE_NONNEG, FALSE, "fixed_cost",
                     &opt->fixed_cost);
  loader_get_number (L, obj, base, "ecosystem_value", RULE_NONNEG, FALSE,
                     "ecosystem_value", &opt->ecosystem_value);
  loader_get_number (L, obj, base, "latency_ms", RULE_NONNEG, FALSE, "latency_ms",
                     &opt->latency_ms);
  _strata_horizon_load_option (obj, base, opt, mode_ok, report_horizon, L);

  opt->extra = loader_collect_extra (obj, known);
}

static void
load_layer (Loader      *L,
            StrataLayer *layer,
            guint        index,
            JsonObject  *obj,
            const char  *base)
{
  static const char * const known[] = {
    "id", "name", "description", "source", "boundary_cost", "options", NULL
  };
  g_autoptr(GHashTable) option_ids = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *options;
  gboolean present;

  if (!loader_get_text (L, obj, base, "id", TEXT_REQUIRED | TEXT_SLUG, "a layer id", &layer->id))
    {
      /* References to this layer cannot be checked until it is fixed. */
      L->have_layers = FALSE;
    }
  else if (layer->id != NULL)
    {
      gpointer prev = g_hash_table_lookup (L->layer_ids, layer->id);

      if (prev != NULL)
        {
          invalid (L, base, "id", "duplicate layer id \"%s\" (also layers[%u].id)",
                   layer->id, GPOINTER_TO_UINT (prev) - 1);
          L->have_layers = FALSE;
        }
      else
        g_hash_table_insert (L->layer_ids, layer->id, GUINT_TO_POINTER (index + 1));
    }
  loader_get_text (L, obj, base, "name", TEXT_OPTIONAL, "name", &layer->name);
  loader_get_text (L, obj, base, "description", TEXT_OPTIONAL, "description", &layer->description);
  layer->sources = loader_get_sources (L, obj, base);

  loader_get_plain (L, obj, base, "boundary_cost", RULE_NONNEG, FALSE, "boundary_cost",
                    &layer->boundary_cost, &present);
  layer->has_boundary_cost = present;

  options = loader_get_array (L, obj, base, "options", TRUE, "a layer's list of options",
                              STRATA_MAX_OPTIONS, "options in one layer");
  L->options_ok[index] = options != NULL && json_array_get_length (options) > 0;
  if (options != NULL)
    {
      g_autofree char *opath = loader_join_path (base, "options");

      if (json_array_get_length (options) == 0)
        invalid (L, base, "options", "a layer needs at least one option");

      layer->n_options = json_array_get_length (options);
      layer->options = g_new0 (StrataOption, MAX (layer->n_options, 1));

      for (guint j = 0; j < layer->n_options; j++)
        {
          JsonNode *node = json_array_get_element (options, j);
          g_autofree char *obase = g_strdup_printf ("%s[%u]", opath, j);
          StrataOption *opt = &layer->options[j];

          if (!JSON_NODE_HOLDS_OBJECT (node))
            {
              g_autofree char *got = loader_describe_got (node);
              invalid (L, obase, NULL, "an option must be an object, %s", got);
              L->options_ok[index] = FALSE;
              continue;
            }
          load_option (L, opt, json_node_get_object (node), obase);

          if (opt->id == NULL)
            L->options_ok[index] = FALSE;
          else
            {
              gpointer prev = g_hash_table_lookup (option_ids, opt->id);

              if (prev != NULL)
                L->options_ok[index] = FALSE;
              if (prev != NULL)
                invalid (L, obase, "id",
                         "duplicate option id \"%s\" in layer \"%s\" (also %s[%u].id)",
                         opt->id, layer->id != NULL ? layer->id : "?", opath,
                         GPOINTER_TO_UINT (prev) - 1);
              else
                g_hash_table_insert (option_ids, opt->id, GUINT_TO_POINTER (j + 1));
            }
        }
    }

  layer->extra = loader_collect_extra (obj, known);
}

static int
lookup_layer (Loader     *L,
              const char *id)
{
  gpointer v = g_hash_table_lookup (L->layer_ids, id);

  return v == NULL ? -1 : (int) GPOINTER_TO_UINT (v) - 1;
}

/* "chips, cloud, models" (the first few) for messages. */
static char *
list_layer_ids (Loader *L)
{
  g_autoptr(GString) out = g_string_new (NULL);
  guint shown = 0;

  for (guint i = 0; i < L->ds->n_layers && shown < 12; i++)
    {
      if (L->ds->layers[i].id == NULL)
        continue;
      if (out->len > 0)
        g_string_append (out, ", ");
      g_string_append (out, L->ds->layers[i].id);
      shown++;
    }
  if (shown == 12 && L->ds->n_layers > 12)
    g_string_append (out, ", ...");
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
list_option_ids (const StrataLayer *layer)
{
  g_autoptr(GString) out = g_string_new (NULL);
  guint shown = 0;

  for (guint i = 0; i < layer->n_options && shown < 12; i++)
    {
      if (layer->options[i].id == NULL)
        continue;
      if (out->len > 0)
        g_string_append (out, ", ");
      g_string_append (out, layer->options[i].id);
      shown++;
    }
  if (shown == 12 && layer->n_options > 12)
    g_string_append (out, ", ...");
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* A link end: the layer id named by @key, or -1 (reported). */
static int
link_end (Loader     *L,
          JsonObject *obj,
          const char *base,
          const char *key)
{
  g_autofree char *id = NULL;
  int index;

  if (!loader_get_text (L, obj, base, key, TEXT_REQUIRED, "a layer id", &id) || id == NULL)
    return -1;
  index = lookup_layer (L, id);
  if (index < 0 && L->have_layers)
    {
      g_autofree char *ids = list_layer_ids (L);
      invalid (L, base, key, "unknown layer \"%s\" (the layers are: %s)", id, ids);
    }
  return index;
}

static void
load_links (Loader     *L,
            JsonObject *root)
{
  static const char * const known[] = { "from", "to", "saving", "note", "source", NULL };
  StrataDataset *ds = L->ds;
  g_autofree gboolean *touched = NULL;
  guint n_touched = 0;
  JsonArray *array;

  array = loader_get_array (L, root, "", "links", FALSE, "links", STRATA_MAX_LINKS, "links");
  if (array == NULL)
    return;

  ds->n_links = json_array_get_length (array);
  ds->links = g_new0 (StrataLink, MAX (ds->n_links, 1));
  touched = g_new0 (gboolean, MAX (ds->n_layers, 1));

  for (guint i = 0; i < ds->n_links; i++)
    {
      StrataLink *link = &ds->links[i];
      JsonNode *node = json_array_get_element (array, i);
      g_autofree char *base = g_strdup_printf ("links[%u]", i);
      JsonObject *obj;
      int from, to;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_autofree char *got = loader_describe_got (node);
          invalid (L, base, NULL, "a link must be an object {\"from\", \"to\", \"saving\"}, %s", got);
          continue;
        }
      obj = json_node_get_object (node);

      from = link_end (L, obj, base, "from");
      to = link_end (L, obj, base, "to");
      if (from >= 0 && to >= 0)
        {
          if (from == to)
            invalid (L, base, "to",
                     "a link must join two different layers, but from and to are both \"%s\"",
                     ds->layers[from].id);
          else
            {
              link->from = (guint) from;
              link->to = (guint) to;
              for (guint k = 0; k < 2; k++)
                {
                  guint l = k == 0 ? (guint) from : (guint) to;
                  if (!touched[l])
                    {
                      touched[l] = TRUE;
                      n_touched++;
                    }
                }
            }
        }

      loader_get_number (L, obj, base, "saving", RULE_FRACTION, TRUE,
                         "a link's saving, 0 <= saving < 1,", &link->saving);
      loader_get_text (L, obj, base, "note", TEXT_OPTIONAL, "note", &link->note);
      link->sources = loader_get_sources (L, obj, base);
      link->extra = loader_collect_extra (obj, known);
    }

  if (n_touched > STRATA_MAX_LINKED_LAYERS)
    limit (L, "", "links",
           "links touch %u different layers, more than the limit of %u (the exact optimizer tries every integrated/neutral pattern of the linked layers)",
           n_touched, (guint) STRATA_MAX_LINKED_LAYERS);
}

static gboolean
is_preset_id (const char *id)
{
  return strcmp (id, STRATA_STRATEGY_ALL_NEUTRAL) == 0
         || strcmp (id, STRATA_STRATEGY_ALL_INTEGRATED) == 0
         || strcmp (id, STRATA_STRATEGY_OPTIMAL) == 0;
}

static void
load_strategies (Loader     *L,
                 JsonObject *root)
{
  static const char * const known[] = { "id", "name", "choices", NULL };
  StrataDataset *ds = L->ds;
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *array;

  array = loader_get_array (L, root, "", "strategies", FALSE, "strategies",
                            STRATA_MAX_STRATEGIES, "strategies");
  if (array == NULL)
    return;

  ds->n_strategies = json_array_get_length (array);
  ds->strategies = g_new0 (StrataStrategy, MAX (ds->n_strategies, 1));

  for (guint i = 0; i < ds->n_strategies; i++)
    {
      StrataStrategy *st = &ds->strategies[i];
      JsonNode *node = json_array_get_element (array, i);
      g_autofree char *base = g_strdup_printf ("strategies[%u]", i);
      JsonObject *obj, *choices;

      st->choices = g_new0 (guint, MAX (ds->n_layers, 1));

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_autofree char *got = loader_describe_got (node);
          invalid (L, base, NULL, "a strategy must be an object {\"id\", \"name\", \"choices\"}, %s", got);
          continue;
        }
      obj = json_node_get_object (node);

      if (loader_get_text (L, obj, base, "id", TEXT_REQUIRED | TEXT_SLUG, "a strategy id", &st->id)
          && st->id != NULL)
        {
          gpointer prev = g_hash_table_lookup (ids, st->id);

          if (is_preset_id (st->id))
            invalid (L, base, "id",
                     "\"%s\" is the id of a preset every dataset has (all-neutral, all-integrated, optimal); choose another id",
                     st->id);
          else if (prev != NULL)
            invalid (L, base, "id", "duplicate strategy id \"%s\" (also strategies[%u].id)",
                     st->id, GPOINTER_TO_UINT (prev) - 1);
          else
            g_hash_table_insert (ids, st->id, GUINT_TO_POINTER (i + 1));
        }
      loader_get_text (L, obj, base, "name", TEXT_OPTIONAL, "name", &st->name);

      choices = loader_get_object (L, obj, base, "choices", FALSE, "choices");
      if (choices != NULL)
        {
          g_autofree char *cbase = loader_join_path (base, "choices");
          g_autoptr(GList) members = json_object_get_members (choices);

          for (GList *l = members; l != NULL; l = l->next)
            {
              const char *layer_id = l->data;
              JsonNode *value = json_object_get_member (choices, layer_id);
              int layer = lookup_layer (L, layer_id);
              const char *option_id;
              int option;

              if (layer < 0 && !L->have_layers)
                continue;
              if (layer < 0)
                {
                  g_autofree char *all = list_layer_ids (L);
                  invalid (L, cbase, layer_id, "unknown layer \"%s\" (the layers are: %s)",
                           layer_id, all);
                  continue;
                }
              if (!loader_is_string (value))
                {
                  g_autofree char *got = loader_describe_got (value);
                  invalid (L, cbase, layer_id, "must be an option id (a string), %s", got);
                  continue;
                }
              option_id = json_node_get_string (value);
              option = strata_dataset_find_option (ds, (guint) layer, option_id);
              if (option < 0 && !L->options_ok[layer])
                continue;
              if (option < 0)
                {
                  g_autofree char *all = list_option_ids (&ds->layers[layer]);
                  invalid (L, cbase, layer_id,
                           "layer \"%s\" has no option \"%s\" (its options are: %s)",
                           layer_id, option_id, all);
                  continue;
                }
              st->choices[layer] = (guint) option;
            }
        }
      st->extra = loader_collect_extra (obj, known);
    }
}

static void
load_volume (Loader     *L,
             JsonObject *root)
{
  static const char *parts[] = { "min", "default", "max" };
  StrataDataset *ds = L->ds;
  JsonObject *vol;
  double v[3] = { 0, 0, 0 };
  gboolean ok = TRUE;
  g_autoptr(GList) members = NULL;

  vol = loader_get_object (L, root, "", "volume", TRUE,
                           "the volume axis {\"min\", \"max\", \"default\"}");
  if (vol == NULL)
    return;

  members = json_object_get_members (vol);
  for (GList *l = members; l != NULL; l = l->next)
    if (g_strcmp0 (l->data, "min") != 0 && g_strcmp0 (l->data, "max") != 0
        && g_strcmp0 (l->data, "default") != 0)
      invalid (L, "volume", l->data, "unknown key (volume takes only min, max and default)");

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *what = g_strdup_printf ("volume.%s", parts[i]);

      if (!loader_get_plain (L, vol, "volume", parts[i], RULE_VOLUME, TRUE, what, &v[i], NULL))
        ok = FALSE;
    }
  if (!ok)
    return;

  if (v[0] > v[2])
    {
      char b1[STRATA_NUMBER_BUF_SIZE], b2[STRATA_NUMBER_BUF_SIZE];
      invalid (L, "volume", "max", "must be at least volume.min (%s), got %s",
               loader_fmt (v[0], b1), loader_fmt (v[2], b2));
      return;
    }
  if (v[1] < v[0] || v[1] > v[2])
    {
      char b1[STRATA_NUMBER_BUF_SIZE], b2[STRATA_NUMBER_BUF_SIZE], b3[STRATA_NUMBER_BUF_SIZE];
      invalid (L, "volume", "default",
               "must be between volume.min (%s) and volume.max (%s), got %s",
               loader_fmt (v[0], b1), loader_fmt (v[2], b2), loader_fmt (v[1], b3));
      return;
    }
  ds->volume_min = v[0];
  ds->volume_default = v[1];
  ds->volume_max = v[2];
}

static void
load_root (Loader   *L,
           JsonNode *root_node)
{
  static const char * const known[] = {
    "format", "title", "description", "unit", "currency", "price", "volume",
    "boundary_cost", "layers", "links", "strategies", "sources", "horizon", NULL
  };
  StrataDataset *ds = L->ds;
  JsonObject *root;
  JsonArray *layers;
  g_autofree char *format = NULL;
  gboolean present;

  if (!JSON_NODE_HOLDS_OBJECT (root_node))
    {
      g_autofree char *got = loader_describe_got (root_node);
      invalid (L, "", NULL,
               "a dataset must be a JSON object {\"format\": \"strata-stack/1\", ...}, %s",
               got);
      return;
    }
  root = json_node_get_object (root_node);

  if (loader_get_text (L, root, "", "format", TEXT_REQUIRED,
                       "\"format\": \"" STRATA_DATASET_FORMAT "\"", &format)
      && format != NULL && strcmp (format, STRATA_DATASET_FORMAT) != 0)
    {
      g_autoptr(GString) quoted = g_string_new (NULL);

      strata_append_json_string (quoted, format);
      invalid (L, "", "format",
               "unsupported format %s (this version of Strata reads \"" STRATA_DATASET_FORMAT "\")",
               quoted->str);
      /* Other rules may not apply to another format: stop here. */
      return;
    }

  loader_get_text (L, root, "", "title", TEXT_REQUIRED | TEXT_NONEMPTY, "a title", &ds->title);
  loader_get_text (L, root, "", "description", TEXT_OPTIONAL, "description", &ds->description);
  loader_get_text (L, root, "", "unit", TEXT_REQUIRED | TEXT_NONEMPTY,
                   "the unit volumes count (such as \"devices\")", &ds->unit);
  loader_get_text (L, root, "", "currency", TEXT_REQUIRED | TEXT_NONEMPTY,
                   "a currency (such as \"USD\")", &ds->currency);

  loader_get_plain (L, root, "", "price", RULE_POSITIVE, FALSE, "price", &ds->price, &present);
  ds->has_price = present;
  load_volume (L, root);
  loader_get_plain (L, root, "", "boundary_cost", RULE_NONNEG, FALSE, "boundary_cost",
                    &ds->boundary_cost, NULL);

  load_sources (L, root);

  layers = loader_get_array (L, root, "", "layers", TRUE, "the list of layers",
                             STRATA_MAX_LAYERS, "layers");
  if (layers != NULL)
    {
      if (json_array_get_length (layers) == 0)
        invalid (L, "", "layers", "a dataset needs at least one layer");

      ds->n_layers = json_array_get_length (layers);
      ds->layers = g_new0 (StrataLayer, MAX (ds->n_layers, 1));
      L->have_layers = ds->n_layers > 0;
      L->options_ok = g_new0 (gboolean, MAX (ds->n_layers, 1));

      for (guint i = 0; i < ds->n_layers; i++)
        {
          JsonNode *node = json_array_get_element (layers, i);
          g_autofree char *base = g_strdup_printf ("layers[%u]", i);

          if (!JSON_NODE_HOLDS_OBJECT (node))
            {
              g_autofree char *got = loader_describe_got (node);
              invalid (L, base, NULL, "a layer must be an object, %s", got);
              L->have_layers = FALSE;
              continue;
            }
          load_layer (L, &ds->layers[i], i, json_node_get_object (node), base);
        }
    }

  load_links (L, root);
  load_strategies (L, root);
  ds->horizon = _strata_horizon_load (root, ds, report_horizon, L);

  ds->extra = loader_collect_extra (root, known);
}

static StrataDataset *
load_buffer (const char  *data,
             gsize        length,
             const char  *display_name,
             const char  *filename,
             GError     **error)
{
  StrataJsonGuardProblem problem;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *shown = loader_printable_name (display_name);
  StrataDataset *ds;
  gsize body;
  Loader L;

  display_name = shown;

  if (length > STRATA_MAX_FILE_SIZE)
    {
      g_set_error (error, STRATA_DATASET_ERROR, STRATA_DATASET_ERROR_LIMIT,
                   "%s: error: the dataset is %.1f MiB, larger than the %d MiB limit for datasets",
                   display_name, length / 1048576.0, STRATA_MAX_FILE_SIZE / (1024 * 1024));
      return NULL;
    }

  /* The guard builds the json-glib tree in its own pass: JsonParser
   * never sees the bytes (it recurses, accepts non-JSON and is slow). */
  if (!_strata_json_guard_check (data, length, &body, &root, &problem))
    {
      g_set_error (error, STRATA_DATASET_ERROR, problem.code,
                   "%s:%u:%u: error: %s", display_name, problem.line,
                   problem.column, problem.message);
      g_free (problem.message);
      return NULL;
    }

  memset (&L, 0, sizeof L);
  L.display_name = display_name;
  L.problems = g_ptr_array_new_with_free_func (loader_problem_free);
  L.source_ids = g_hash_table_new (g_str_hash, g_str_equal);
  L.layer_ids = g_hash_table_new (g_str_hash, g_str_equal);
  L.ds = ds = strata_dataset_new ();

  load_root (&L, root);

  if (L.problems->len > 0)
    {
      loader_set_problems_error (&L, data, length, error);
      g_clear_pointer (&ds, strata_dataset_unref);
    }
  else
    {
      ds->filename = g_strdup (filename);
      json_node_seal (root);
      ds->document = g_steal_pointer (&root);
      strata_dataset_finish (ds);
    }

  g_ptr_array_unref (L.problems);
  g_hash_table_unref (L.source_ids);
  g_hash_table_unref (L.layer_ids);
  g_free (L.options_ok);
  return ds;
}

StrataDataset *
strata_dataset_load_data (const char  *data,
                          gsize        length,
                          const char  *display_name,
                          GError     **error)
{
  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (display_name == NULL)
    display_name = "(data)";
  return load_buffer (data, length, display_name, NULL, error);
}

StrataDataset *
strata_dataset_load_file (const char  *filename,
                          GError     **error)
{
  g_autoptr(GError) local = NULL;
  g_autofree char *contents = NULL;
  gboolean too_large = FALSE;
  gsize length = 0;

  g_return_val_if_fail (filename != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!_strata_file_read_full (filename, STRATA_MAX_FILE_SIZE, &contents,
                               &length, &too_large, &local))
    {
      g_autofree char *shown = loader_printable_name (filename);

      g_set_error (error, STRATA_DATASET_ERROR,
                   too_large ? STRATA_DATASET_ERROR_LIMIT : STRATA_DATASET_ERROR_FILE,
                   "%s: error: %s", shown, local->message);
      return NULL;
    }

  return load_buffer (contents, length, filename, filename, error);
}

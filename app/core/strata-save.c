/* strata-save.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "strata/strata-file.h"
#include "strata/strata-format.h"
#include "strata/strata-horizon.h"
#include "strata/strata-save.h"

/* A small pretty printer: objects and lists open on their own line,
 * members two spaces deeper. */
typedef struct
{
  GString *out;
  guint    depth;
  gboolean first;  /* no member written yet at this depth */
} Writer;

static void
newline (Writer *w)
{
  g_string_append_c (w->out, '\n');
  for (guint i = 0; i < w->depth; i++)
    g_string_append (w->out, "  ");
}

static void
begin (Writer *w,
       char    bracket)
{
  g_string_append_c (w->out, bracket);
  w->depth++;
  w->first = TRUE;
}

static void
end (Writer *w,
     char    bracket)
{
  w->depth--;
  if (!w->first)
    newline (w);
  g_string_append_c (w->out, bracket);
  w->first = FALSE;
}

/* Starts a member ("key": ) or a list element (key NULL). */
static void
item (Writer     *w,
      const char *key)
{
  if (!w->first)
    g_string_append_c (w->out, ',');
  newline (w);
  w->first = FALSE;
  if (key != NULL)
    {
      strata_append_json_string (w->out, key);
      g_string_append (w->out, ": ");
    }
}

static void
put_number (Writer *w,
            double  value)
{
  char buf[STRATA_NUMBER_BUF_SIZE];

  g_string_append (w->out, strata_format_json_number (value, buf));
}

static void
put_string (Writer     *w,
            const char *text)
{
  strata_append_json_string (w->out, text);
}

static void write_node (Writer *w, JsonNode *node);

static gboolean
array_is_flat (JsonArray *array)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_OBJECT (element) || JSON_NODE_HOLDS_ARRAY (element))
        return FALSE;
    }
  return TRUE;
}

static void
write_members (Writer     *w,
               JsonObject *object)
{
  g_autoptr(GList) members = NULL;

  if (object == NULL)
    return;
  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    {
      item (w, l->data);
      write_node (w, json_object_get_member (object, l->data));
    }
}

/* Any JSON value kept from a file (at most 64 levels deep: the guard's
 * limit), written without JsonGenerator. */
static void
write_node (Writer   *w,
            JsonNode *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      begin (w, '{');
      write_members (w, json_node_get_object (node));
      end (w, '}');
      break;

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint n = json_array_get_length (array);

        /* A list of plain values stays on one line: ["s1", "s2"]. */
        if (n > 0 && array_is_flat (array))
          {
            g_string_append_c (w->out, '[');
            for (guint i = 0; i < n; i++)
              {
                if (i > 0)
                  g_string_append (w->out, ", ");
                write_node (w, json_array_get_element (array, i));
              }
            g_string_append_c (w->out, ']');
            break;
          }
        begin (w, '[');
        for (guint i = 0; i < n; i++)
          {
            item (w, NULL);
            write_node (w, json_array_get_element (array, i));
          }
        end (w, ']');
      }
      break;

    case JSON_NODE_NULL:
      g_string_append (w->out, "null");
      break;

    case JSON_NODE_VALUE:
    default:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_STRING:
          put_string (w, json_node_get_string (node));
          break;
        case G_TYPE_BOOLEAN:
          g_string_append (w->out, json_node_get_boolean (node) ? "true" : "false");
          break;
        case G_TYPE_INT64:
          g_string_append_printf (w->out, "%" G_GINT64_FORMAT, json_node_get_int (node));
          break;
        default:
          put_number (w, json_node_get_double (node));
          break;
        }
      break;
    }
}

static void
member_string (Writer     *w,
               const char *key,
               const char *value)
{
  if (value == NULL)
    return;
  item (w, key);
  put_string (w, value);
}

static void
member_number (Writer     *w,
               const char *key,
               double      value)
{
  item (w, key);
  put_number (w, value);
}

static void
member_strata_number (Writer             *w,
                      const char         *key,
                      const StrataNumber *n)
{
  item (w, key);
  if (!n->uncertain)
    {
      put_number (w, n->value);
      return;
    }
  begin (w, '{');
  member_number (w, "value", n->value);
  member_number (w, "low", n->low);
  member_number (w, "high", n->high);
  end (w, '}');
}

/* Optional numbers are left out when they hold the default. */
static void
member_optional (Writer             *w,
                 const char         *key,
                 const StrataNumber *n,
                 double              fallback)
{
  if (n->uncertain || n->value != fallback)
    member_strata_number (w, key, n);
}

static void
member_sources (Writer      *w,
                char *const *sources)
{
  guint n = sources != NULL ? g_strv_length ((char **) sources) : 0;

  if (n == 0)
    return;
  item (w, "source");
  if (n == 1)
    {
      put_string (w, sources[0]);
      return;
    }
  g_string_append_c (w->out, '[');
  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append (w->out, ", ");
      put_string (w, sources[i]);
    }
  g_string_append_c (w->out, ']');
}

/* Names default to the id, descriptions to the name. */
static void
member_labels (Writer     *w,
               const char *id,
               const char *name,
               const char *description)
{
  if (name != NULL && g_strcmp0 (name, id) != 0)
    member_string (w, "name", name);
  if (description != NULL && g_strcmp0 (description, name != NULL ? name : id) != 0)
    member_string (w, "description", description);
}

static void
write_option (Writer              *w,
              const StrataDataset *ds,
              const StrataOption  *o)
{
  begin (w, '{');
  member_string (w, "id", o->id);
  member_labels (w, o->id, o->name, o->description);
  member_string (w, "mode", strata_mode_to_string (o->mode));
  if (o->mode == STRATA_MODE_NEUTRAL)
    {
      if (o->has_price)
        member_strata_number (w, "price", &o->price);
      else
        member_strata_number (w, "supplier_cost", &o->supplier_cost);
      member_strata_number (w, "margin", &o->margin);
    }
  else
    {
      member_strata_number (w, "unit_cost", &o->unit_cost);
      member_optional (w, "learning_rate", &o->learning_rate, 0);
      member_optional (w, "reference_volume", &o->reference_volume, ds->volume_min);
      member_optional (w, "floor_cost", &o->floor_cost, 0);
    }
  member_optional (w, "fixed_cost", &o->fixed_cost, 0);
  member_optional (w, "ecosystem_value", &o->ecosystem_value, 0);
  member_optional (w, "latency_ms", &o->latency_ms, 0);
  member_optional (w, "capex", &o->capex, 0);
  if (o->build_years != 0)
    member_number (w, "build_years", o->build_years);
  member_optional (w, "exit_cost", &o->exit_cost, 0);
  if (o->experience != 0)
    member_number (w, "experience", o->experience);
  member_sources (w, o->sources);
  write_members (w, o->extra);
  end (w, '}');
}

static void
write_layer (Writer              *w,
             const StrataDataset *ds,
             const StrataLayer   *layer)
{
  begin (w, '{');
  member_string (w, "id", layer->id);
  member_labels (w, layer->id, layer->name, layer->description);
  member_sources (w, layer->sources);
  if (layer->has_boundary_cost)
    member_number (w, "boundary_cost", layer->boundary_cost);
  item (w, "options");
  begin (w, '[');
  for (guint j = 0; j < layer->n_options; j++)
    {
      item (w, NULL);
      write_option (w, ds, &layer->options[j]);
    }
  end (w, ']');
  write_members (w, layer->extra);
  end (w, '}');
}

/* MODEL.md 8: the horizon, written back from its fields. */
static void
write_horizon (Writer              *w,
               const StrataHorizon *h)
{
  item (w, "horizon");
  begin (w, '{');
  member_number (w, "first_year", h->first_year);
  member_number (w, "years", h->years);
  member_strata_number (w, "discount_rate", &h->discount_rate);
  if (h->volume_listed)
    {
      item (w, "volume");
      g_string_append_c (w->out, '[');
      for (guint t = 0; t < h->years; t++)
        {
          if (t > 0)
            g_string_append (w->out, ", ");
          put_number (w, h->volumes[t]);
        }
      g_string_append_c (w->out, ']');
    }
  else
    {
      item (w, "volume");
      begin (w, '{');
      member_strata_number (w, "first", &h->volume_first);
      member_optional (w, "growth", &h->volume_growth, 0);
      end (w, '}');
    }
  if (g_strcmp0 (h->start, STRATA_STRATEGY_ALL_NEUTRAL) != 0)
    member_string (w, "start", h->start);
  if (h->learning == STRATA_LEARNING_CUMULATIVE)
    member_string (w, "learning", "cumulative");
  write_members (w, h->extra);
  end (w, '}');
}

char *
strata_json_to_text (JsonNode *root)
{
  Writer w = { g_string_new (NULL), 0, TRUE };

  g_return_val_if_fail (root != NULL, NULL);

  write_node (&w, root);
  g_string_append_c (w.out, '\n');
  return g_string_free (w.out, FALSE);
}

static void
write_links (Writer              *w,
             const StrataDataset *ds)
{
  if (ds->n_links == 0)
    return;
  item (w, "links");
  begin (w, '[');
  for (guint i = 0; i < ds->n_links; i++)
    {
      const StrataLink *link = &ds->links[i];

      item (w, NULL);
      begin (w, '{');
      member_string (w, "from", ds->layers[link->from].id);
      member_string (w, "to", ds->layers[link->to].id);
      member_strata_number (w, "saving", &link->saving);
      member_string (w, "note", link->note);
      member_sources (w, link->sources);
      write_members (w, link->extra);
      end (w, '}');
    }
  end (w, ']');
}

/* The dataset's own strategies (the presets are not written). */
static void
write_strategies (Writer              *w,
                  const StrataDataset *ds)
{
  guint n_own = 0;

  for (guint i = 0; i < ds->n_strategies; i++)
    if (!ds->strategies[i].preset)
      n_own++;
  if (n_own == 0)
    return;
  item (w, "strategies");
  begin (w, '[');
  for (guint i = 0; i < ds->n_strategies; i++)
    {
      const StrataStrategy *st = &ds->strategies[i];

      if (st->preset)
        continue;
      item (w, NULL);
      begin (w, '{');
      member_string (w, "id", st->id);
      if (st->name != NULL && g_strcmp0 (st->name, st->id) != 0)
        member_string (w, "name", st->name);
      if (st->choices != NULL)
        {
          item (w, "choices");
          begin (w, '{');
          for (guint l = 0; l < ds->n_layers; l++)
            if (st->choices[l] < ds->layers[l].n_options)
              member_string (w, ds->layers[l].id, ds->layers[l].options[st->choices[l]].id);
          end (w, '}');
        }
      write_members (w, st->extra);
      end (w, '}');
    }
  end (w, ']');
}

static void
write_sources (Writer              *w,
               const StrataDataset *ds)
{
  if (ds->n_sources == 0)
    return;
  item (w, "sources");
  begin (w, '[');
  for (guint i = 0; i < ds->n_sources; i++)
    {
      const StrataSource *src = &ds->sources[i];

      item (w, NULL);
      begin (w, '{');
      member_string (w, "id", src->id);
      member_string (w, "text", src->text);
      member_string (w, "url", src->url);
      write_members (w, src->extra);
      end (w, '}');
    }
  end (w, ']');
}

char *
strata_dataset_to_json (const StrataDataset *ds)
{
  Writer w = { g_string_new (NULL), 0, TRUE };

  g_return_val_if_fail (ds != NULL, NULL);

  if (ds->document != NULL)
    {
      g_string_free (w.out, TRUE);
      return strata_json_to_text (ds->document);
    }

  begin (&w, '{');
  member_string (&w, "format", STRATA_DATASET_FORMAT);
  member_string (&w, "title", ds->title);
  member_string (&w, "description", ds->description);
  member_string (&w, "unit", ds->unit);
  member_string (&w, "currency", ds->currency);
  if (ds->has_price)
    member_number (&w, "price", ds->price);

  item (&w, "volume");
  begin (&w, '{');
  member_number (&w, "min", ds->volume_min);
  member_number (&w, "max", ds->volume_max);
  member_number (&w, "default", ds->volume_default);
  end (&w, '}');

  if (ds->boundary_cost != 0)
    member_number (&w, "boundary_cost", ds->boundary_cost);

  item (&w, "layers");
  begin (&w, '[');
  for (guint i = 0; i < ds->n_layers; i++)
    {
      item (&w, NULL);
      write_layer (&w, ds, &ds->layers[i]);
    }
  end (&w, ']');

  write_links (&w, ds);
  write_strategies (&w, ds);
  write_sources (&w, ds);
  if (ds->horizon != NULL)
    write_horizon (&w, ds->horizon);

  write_members (&w, ds->extra);
  end (&w, '}');
  g_string_append_c (w.out, '\n');
  return g_string_free (w.out, FALSE);
}

gboolean
strata_dataset_save_file (const StrataDataset  *dataset,
                          const char           *filename,
                          GError              **error)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (dataset != NULL, FALSE);
  g_return_val_if_fail (filename != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  text = strata_dataset_to_json (dataset);
  return strata_file_write (filename, text, strlen (text), error);
}

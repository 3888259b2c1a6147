/* strata-test-dataset.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "strata-test-dataset.h"

static void
assert_number_equal (const StrataNumber *a,
                     const StrataNumber *b)
{
  g_assert_cmpint (a->uncertain, ==, b->uncertain);
  g_assert_cmpfloat (a->value, ==, b->value);
  /* A plain number built by hand may leave low and high unset. */
  if (a->uncertain)
    {
      g_assert_cmpfloat (a->low, ==, b->low);
      g_assert_cmpfloat (a->high, ==, b->high);
    }
}

static void
assert_extra_equal (JsonObject *a,
                    JsonObject *b)
{
  JsonNode *na, *nb;

  if (a == NULL || b == NULL)
    {
      g_assert_true (a == b);
      return;
    }
  na = json_node_init_object (json_node_alloc (), a);
  nb = json_node_init_object (json_node_alloc (), b);
  g_assert_true (json_node_equal (na, nb));
  json_node_unref (na);
  json_node_unref (nb);
}

void
test_assert_dataset_equal (const StrataDataset *a,
                           const StrataDataset *b)
{
  g_assert_cmpstr (a->title, ==, b->title);
  g_assert_cmpstr (a->description, ==, b->description);
  g_assert_cmpstr (a->unit, ==, b->unit);
  g_assert_cmpstr (a->currency, ==, b->currency);
  g_assert_cmpint (a->has_price, ==, b->has_price);
  g_assert_cmpfloat (a->price, ==, b->price);
  g_assert_cmpfloat (a->volume_min, ==, b->volume_min);
  g_assert_cmpfloat (a->volume_max, ==, b->volume_max);
  g_assert_cmpfloat (a->volume_default, ==, b->volume_default);
  g_assert_cmpfloat (a->boundary_cost, ==, b->boundary_cost);
  assert_extra_equal (a->extra, b->extra);

  g_assert_cmpuint (a->n_layers, ==, b->n_layers);
  for (guint i = 0; i < a->n_layers; i++)
    {
      const StrataLayer *la = &a->layers[i], *lb = &b->layers[i];

      g_assert_cmpstr (la->id, ==, lb->id);
      g_assert_cmpstr (la->name, ==, lb->name);
      g_assert_cmpstr (la->description, ==, lb->description);
      g_assert_cmpint (la->has_boundary_cost, ==, lb->has_boundary_cost);
      g_assert_cmpfloat (la->boundary_cost, ==, lb->boundary_cost);
      g_assert_cmpstrv (la->sources, lb->sources);
      assert_extra_equal (la->extra, lb->extra);
      g_assert_cmpuint (la->n_options, ==, lb->n_options);
      for (guint j = 0; j < la->n_options; j++)
        {
          const StrataOption *oa = &la->options[j], *ob = &lb->options[j];

          g_assert_cmpstr (oa->id, ==, ob->id);
          g_assert_cmpstr (oa->name, ==, ob->name);
          g_assert_cmpstr (oa->description, ==, ob->description);
          g_assert_cmpint (oa->mode, ==, ob->mode);
          g_assert_cmpint (oa->has_price, ==, ob->has_price);
          assert_number_equal (&oa->supplier_cost, &ob->supplier_cost);
          assert_number_equal (&oa->price, &ob->price);
          assert_number_equal (&oa->margin, &ob->margin);
          assert_number_equal (&oa->unit_cost, &ob->unit_cost);
          assert_number_equal (&oa->learning_rate, &ob->learning_rate);
          assert_number_equal (&oa->reference_volume, &ob->reference_volume);
          assert_number_equal (&oa->floor_cost, &ob->floor_cost);
          assert_number_equal (&oa->fixed_cost, &ob->fixed_cost);
          assert_number_equal (&oa->ecosystem_value, &ob->ecosystem_value);
          assert_number_equal (&oa->latency_ms, &ob->latency_ms);
          g_assert_cmpstrv (oa->sources, ob->sources);
          assert_extra_equal (oa->extra, ob->extra);
        }
    }

  g_assert_cmpuint (a->n_links, ==, b->n_links);
  for (guint i = 0; i < a->n_links; i++)
    {
      g_assert_cmpuint (a->links[i].from, ==, b->links[i].from);
      g_assert_cmpuint (a->links[i].to, ==, b->links[i].to);
      assert_number_equal (&a->links[i].saving, &b->links[i].saving);
      g_assert_cmpstr (a->links[i].note, ==, b->links[i].note);
      g_assert_cmpstrv (a->links[i].sources, b->links[i].sources);
      assert_extra_equal (a->links[i].extra, b->links[i].extra);
    }

  g_assert_cmpuint (a->n_strategies, ==, b->n_strategies);
  for (guint i = 0; i < a->n_strategies; i++)
    {
      const StrataStrategy *sa = &a->strategies[i], *sb = &b->strategies[i];

      g_assert_cmpstr (sa->id, ==, sb->id);
      g_assert_cmpstr (sa->name, ==, sb->name);
      g_assert_cmpint (sa->preset, ==, sb->preset);
      g_assert_cmpint (sa->choices == NULL, ==, sb->choices == NULL);
      if (sa->choices != NULL)
        g_assert_cmpmem (sa->choices, a->n_layers * sizeof (guint), sb->choices, b->n_layers * sizeof (guint));
      assert_extra_equal (sa->extra, sb->extra);
    }

  g_assert_cmpuint (a->n_sources, ==, b->n_sources);
  for (guint i = 0; i < a->n_sources; i++)
    {
      g_assert_cmpstr (a->sources[i].id, ==, b->sources[i].id);
      g_assert_cmpstr (a->sources[i].text, ==, b->sources[i].text);
      g_assert_cmpstr (a->sources[i].url, ==, b->sources[i].url);
      assert_extra_equal (a->sources[i].extra, b->sources[i].extra);
    }
}

void
test_assert_json_same (JsonNode *a,
                       JsonNode *b)
{
  g_assert_nonnull (a);
  g_assert_nonnull (b);
  if (JSON_NODE_HOLDS_VALUE (a) && JSON_NODE_HOLDS_VALUE (b)
      && json_node_get_value_type (a) != G_TYPE_STRING
      && json_node_get_value_type (a) != G_TYPE_BOOLEAN)
    {
      g_assert_cmpfloat (json_node_get_double (a), ==, json_node_get_double (b));
      return;
    }
  g_assert_cmpint (JSON_NODE_TYPE (a), ==, JSON_NODE_TYPE (b));
  if (JSON_NODE_HOLDS_OBJECT (a))
    {
      g_autoptr(GList) ma = json_object_get_members (json_node_get_object (a));
      g_autoptr(GList) mb = json_object_get_members (json_node_get_object (b));
      GList *la, *lb;

      for (la = ma, lb = mb; la != NULL && lb != NULL; la = la->next, lb = lb->next)
        {
          g_assert_cmpstr (la->data, ==, lb->data);
          test_assert_json_same (json_object_get_member (json_node_get_object (a), la->data),
                                 json_object_get_member (json_node_get_object (b), lb->data));
        }
      g_assert_true (la == NULL && lb == NULL);
    }
  else if (JSON_NODE_HOLDS_ARRAY (a))
    {
      JsonArray *aa = json_node_get_array (a), *ab = json_node_get_array (b);

      g_assert_cmpuint (json_array_get_length (aa), ==, json_array_get_length (ab));
      for (guint i = 0; i < json_array_get_length (aa); i++)
        test_assert_json_same (json_array_get_element (aa, i), json_array_get_element (ab, i));
    }
  else if (JSON_NODE_HOLDS_VALUE (a))
    {
      g_assert_cmpint (json_node_get_value_type (a), ==, json_node_get_value_type (b));
      if (json_node_get_value_type (a) == G_TYPE_STRING)
        g_assert_cmpstr (json_node_get_string (a), ==, json_node_get_string (b));
      else
        g_assert_cmpint (json_node_get_boolean (a), ==, json_node_get_boolean (b));
    }
}

JsonNode *
test_parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

GPtrArray *
test_dataset_files (const char *folder)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *files = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  dir = g_dir_open (folder, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".json"))
      g_ptr_array_add (files, g_build_filename (folder, name, NULL));
  g_ptr_array_sort (files, compare_paths);
  g_assert_cmpuint (files->len, >, 0);
  return files;
}

GPtrArray *
test_sample_files (void)
{
  const char *root = g_getenv ("STRATA_SOURCE_ROOT");
  g_autofree char *folder = NULL;

  g_assert_nonnull (root);
  folder = g_build_filename (root, "data", "datasets", NULL);
  return test_dataset_files (folder);
}

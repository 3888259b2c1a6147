/* test-edit.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * Editing (strata-edit.h) and save fidelity: every sample and generated
 * files with unknown keys at every level, unusual key order, uncertain
 * numbers and Unicode load, save and reload to an equal dataset with the
 * file's key order, and saving twice is byte-identical; an edit changes
 * only the lines of the value it edits; every field kind can be set and
 * every refusal names the path and leaves the draft as it was.
 */

#include "config.h"

#include <string.h>

#include "strata/strata-edit.h"
#include "strata/strata-save.h"

#include "strata-test-dataset.h"
#include "strata-test-util.h"

static const char DOC[] =
  "{\n"
  "  \"format\": \"strata-stack/1\",\n"
  "  \"title\": \"Edits\",\n"
  "  \"unit\": \"devices\",\n"
  "  \"currency\": \"EUR\",\n"
  "  \"volume\": { \"min\": 1000, \"max\": 1e9, \"default\": 1e6 },\n"
  "  \"layers\": [\n"
  "    { \"id\": \"chips\", \"name\": \"Chips\", \"x_layer\": true,\n"
  "      \"options\": [\n"
  "        { \"id\": \"gpu\", \"name\": \"Merchant GPUs\", \"mode\": \"neutral\", \"supplier_cost\": 2,\n"
  "          \"margin\": { \"value\": 0.6, \"low\": 0.5, \"high\": 0.7 }, \"source\": \"s1\" },\n"
  "        { \"id\": \"asic\", \"mode\": \"integrated\", \"unit_cost\": 3, \"fixed_cost\": 2e9,\n"
  "          \"learning_rate\": 0.2, \"x_option\": [1, 2] }\n"
  "      ] },\n"
  "    { \"id\": \"models\", \"name\": \"Models\", \"options\": [\n"
  "        { \"id\": \"lab\", \"mode\": \"neutral\", \"price\": 5, \"margin\": 0.5 },\n"
  "        { \"id\": \"own\", \"mode\": \"integrated\", \"unit_cost\": 4, \"source\": [\"s1\", \"s2\"] }\n"
  "      ] }\n"
  "  ],\n"
  "  \"links\": [ { \"from\": \"chips\", \"to\": \"models\", \"saving\": 0.2, \"source\": \"s2\" } ],\n"
  "  \"strategies\": [ { \"id\": \"mixed\", \"name\": \"Mixed\", \"choices\": { \"chips\": \"asic\", \"models\": \"lab\" } } ],\n"
  "  \"sources\": [ { \"id\": \"s1\", \"text\": \"One\" }, { \"id\": \"s2\", \"text\": \"Two\", \"url\": \"https://example.com\" } ],\n"
  "  \"x_top\": { \"kept\": \"yes\" }\n"
  "}\n";

static StrataDataset *
load_doc (void)
{
  g_autoptr(GError) error = NULL;
  StrataDataset *ds = strata_dataset_load_data (DOC, strlen (DOC), "doc.json", &error);

  g_assert_no_error (error);
  return ds;
}

/* Saves, reloads, compares and saves again: byte-identical. */
static void
assert_round_trip (const StrataDataset *ds,
                   const char          *what)
{
  g_autofree char *text = strata_dataset_to_json (ds);
  g_autofree char *again = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(StrataDataset) back = strata_dataset_load_data (text, strlen (text), what, &error);

  g_assert_no_error (error);
  test_assert_dataset_equal (ds, back);
  again = strata_dataset_to_json (back);
  g_assert_cmpstr (again, ==, text);
}

static void
test_round_trip_samples (void)
{
  g_autoptr(GPtrArray) files = test_sample_files ();

  for (guint i = 0; i < files->len; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(StrataDataset) ds = strata_dataset_load_file (g_ptr_array_index (files, i), &error);
      g_autofree char *contents = NULL;
      g_autofree char *text = NULL;
      g_autoptr(JsonNode) want = NULL;
      g_autoptr(JsonNode) got = NULL;

      g_assert_no_error (error);
      assert_round_trip (ds, g_ptr_array_index (files, i));
      g_assert_true (g_file_get_contents (g_ptr_array_index (files, i), &contents, NULL, NULL));
      text = strata_dataset_to_json (ds);
      want = test_parse_json (contents);
      got = test_parse_json (text);
      test_assert_json_same (want, got);
    }
  g_assert_cmpuint (files->len, >=, 4);
}

/* -- Generated files ------------------------------------------------------ */

static const char * const unicode[] = {
  "Ch\xC3\xADps \xE2\x80\x94 \xE6\xBC\xA2\xE5\xAD\x97", "\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D",
  "\xF0\x9F\x9A\x80 launch", "e\xCC\x81t\xC3\xA9", "quote \" and \\ slash", "tab\tand\nline",
};

static JsonNode *
random_extra (GRand *rand,
              guint  depth)
{
  switch (g_rand_int_range (rand, 0, depth > 2 ? 5 : 7))
    {
    case 0: return json_node_init_string (json_node_alloc (), unicode[g_rand_int_range (rand, 0, G_N_ELEMENTS (unicode))]);
    case 1: return json_node_init_double (json_node_alloc (), g_rand_double_range (rand, -1e12, 1e12));
    case 2: return json_node_init_int (json_node_alloc (), g_rand_int_range (rand, -1000, 1000));
    case 3: return json_node_init_boolean (json_node_alloc (), g_rand_boolean (rand));
    case 4: return json_node_init_null (json_node_alloc ());
    case 5:
      {
        JsonArray *array = json_array_new ();

        for (int i = g_rand_int_range (rand, 0, 4); i > 0; i--)
          json_array_add_element (array, random_extra (rand, depth + 1));
        {
          JsonNode *node = json_node_init_array (json_node_alloc (), array);

          json_array_unref (array);
          return node;
        }
      }
    default:
      {
        JsonObject *obj = json_object_new ();

        for (int i = g_rand_int_range (rand, 0, 4); i > 0; i--)
          {
            g_autofree char *key = g_strdup_printf ("x_%d_%s", i, unicode[i % G_N_ELEMENTS (unicode)]);

            json_object_set_member (obj, key, random_extra (rand, depth + 1));
          }
        {
          JsonNode *node = json_node_init_object (json_node_alloc (), obj);

          json_object_unref (obj);
          return node;
        }
      }
    }
}

/* Shuffles the members of every object, adds unknown keys where the
 * format allows them (not inside choices or uncertain numbers), makes
 * some plain numbers uncertain and some names Unicode. */
static void
scramble (GRand      *rand,
          JsonNode   *node,
          const char *key)
{
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        scramble (rand, json_array_get_element (array, i), key);
      return;
    }
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *obj = json_node_get_object (node);
      g_autoptr(GList) members = json_object_get_members (obj);
      g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GPtrArray) nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
      gboolean plain = g_strcmp0 (key, "choices") != 0 && g_strcmp0 (key, "volume") != 0
                       && !json_object_has_member (obj, "low");

      for (GList *l = members; l != NULL; l = l->next)
        {
          g_ptr_array_add (keys, g_strdup (l->data));
          g_ptr_array_add (nodes, json_node_ref (json_object_get_member (obj, l->data)));
        }
      for (guint i = 0; i < keys->len; i++)
        json_object_remove_member (obj, g_ptr_array_index (keys, i));
      for (guint i = keys->len; i > 1; i--)
        {
          guint j = g_rand_int_range (rand, 0, i);

          g_ptr_array_add (keys, g_ptr_array_steal_index (keys, j));
          g_ptr_array_add (nodes, g_ptr_array_steal_index (nodes, j));
        }
      for (guint i = 0; i < keys->len; i++)
        {
          const char *k = g_ptr_array_index (keys, i);
          JsonNode *child = g_ptr_array_index (nodes, i);

          if (g_str_equal (k, "name") && g_rand_boolean (rand))
            json_node_set_string (child, unicode[g_rand_int_range (rand, 0, G_N_ELEMENTS (unicode))]);
          if ((g_str_equal (k, "fixed_cost") || g_str_equal (k, "floor_cost"))
              && JSON_NODE_HOLDS_VALUE (child) && g_rand_boolean (rand))
            {
              double v = json_node_get_double (child);
              StrataNumber n = { v, v * 0.5, v * 2, TRUE };

              child = strata_number_to_json (&n);
              json_object_set_member (obj, k, child);
              continue;
            }
          scramble (rand, child, k);
          json_object_set_member (obj, k, json_node_ref (child));
          if (plain && g_rand_int_range (rand, 0, 3) == 0)
            {
              g_autofree char *extra = g_strdup_printf ("x_%s_%u", k, i);

              json_object_set_member (obj, extra, random_extra (rand, 0));
            }
        }
    }
}

/* The same JSON in another layout: no whitespace between tokens. */
static char *
minify (const char *text)
{
  GString *out = g_string_new (NULL);
  gboolean in_string = FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (in_string)
        {
          g_string_append_c (out, *p);
          if (*p == '\\')
            g_string_append_c (out, *++p);
          else if (*p == '"')
            in_string = FALSE;
        }
      else if (*p == '"')
        {
          in_string = TRUE;
          g_string_append_c (out, *p);
        }
      else if (!g_ascii_isspace (*p))
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

static void
test_round_trip_generated (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261202);
  guint n_unknown = 0, n_uncertain = 0;

  for (guint round = 0; round < 60; round++)
    {
      g_autoptr(StrataDataset) base = test_random_dataset (rand, 5, 4);
      g_autofree char *base_text = strata_dataset_to_json (base);
      g_autoptr(JsonNode) tree = test_parse_json (base_text);
      g_autofree char *pretty = NULL;
      g_autofree char *file = NULL;
      g_autofree char *saved = NULL;
      g_autoptr(StrataDataset) ds = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) want = NULL;
      g_autoptr(JsonNode) got = NULL;

      scramble (rand, tree, NULL);
      pretty = strata_json_to_text (tree);
      file = minify (pretty);
      n_unknown += strstr (file, "\"x_") != NULL;
      n_uncertain += strstr (file, "\"low\"") != NULL;

      ds = strata_dataset_load_data (file, strlen (file), "generated.json", &error);
      if (error != NULL)
        g_error ("round %u does not load: %s\n%s", round, error->message, pretty);
      assert_round_trip (ds, "generated.json");
      saved = strata_dataset_to_json (ds);
      /* another layout in, the one layout out, the same tree */
      g_assert_cmpstr (saved, ==, pretty);
      want = test_parse_json (file);
      got = test_parse_json (saved);
      test_assert_json_same (want, got);
    }
  g_assert_cmpuint (n_unknown, >, 30);
  g_assert_cmpuint (n_uncertain, >, 10);
}

/* -- Edits change only what they edit ------------------------------------- */

/* The lines of @before and @after differ in one run, which starts at a
 * line naming @key and is at most @max_lines long on either side. */
static void
assert_only_changed (const char *before,
                     const char *after,
                     const char *key,
                     guint       max_lines)
{
  g_auto(GStrv) a = g_strsplit (before, "\n", -1);
  g_auto(GStrv) b = g_strsplit (after, "\n", -1);
  guint na = g_strv_length (a), nb = g_strv_length (b);
  guint prefix = 0, suffix = 0;
  g_autofree char *quoted = g_strdup_printf ("\"%s\"", key);

  while (prefix < na && prefix < nb && g_str_equal (a[prefix], b[prefix]))
    prefix++;
  g_assert_cmpuint (prefix, <, MAX (na, nb));
  while (suffix < na - prefix && suffix < nb - prefix
         && g_str_equal (a[na - 1 - suffix], b[nb - 1 - suffix]))
    suffix++;
  g_assert_cmpuint (na - prefix - suffix, <=, max_lines);
  g_assert_cmpuint (nb - prefix - suffix, <=, max_lines);
  g_assert_nonnull (strstr (b[prefix], quoted));
}

typedef struct
{
  const char *path;
  const char *value;
  const char *key;      /* the key on the changed line */
  guint       max_lines;
} Edit;

static void
test_edit_changes_only_value (void)
{
  static const Edit edits[] = {
    { "layers.chips.options.asic.fixed_cost", "3e9", "fixed_cost", 1 },
    { "layers.chips.options.asic.learning_rate", "{\"value\":0.2,\"low\":0.1,\"high\":0.3}", "learning_rate", 5 },
    { "layers.chips.options.gpu.margin", "0.65", "margin", 5 },
    { "layers.chips.options.gpu.name", "Merchant GPUs (NVIDIA)", "name", 1 },
    { "layers.models.name", "Foundation models", "name", 1 },
    { "title", "Edits \xE2\x80\x94 v2", "title", 1 },
    { "volume.default", "2e6", "default", 1 },
    { "links.0.saving", "0.25", "saving", 1 },
    { "strategies.mixed.name", "Mixed bag", "name", 1 },
    { "strategies.mixed.choices.models", "own", "models", 1 },
    { "sources.s2.url", "https://example.org", "url", 1 },
    { "layers.chips.options.gpu.source", "[\"s1\",\"s2\"]", "source", 1 },
    { "layers.models.options.lab.price", "6", "price", 1 },
  };
  g_autoptr(StrataDataset) ds = load_doc ();
  g_autofree char *before = strata_dataset_to_json (ds);

  for (guint i = 0; i < G_N_ELEMENTS (edits); i++)
    {
      g_autoptr(StrataDraft) draft = strata_draft_new (ds);
      g_autoptr(StrataDataset) edited = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *after = NULL;

      g_assert_true (strata_draft_set_text (draft, edits[i].path, edits[i].value, &error));
      g_assert_no_error (error);
      edited = strata_draft_finish (draft, NULL, &error);
      g_assert_no_error (error);
      after = strata_dataset_to_json (edited);
      assert_only_changed (before, after, edits[i].key, edits[i].max_lines);
    }
}

/* A draft with no edit finishes to the same text. */
static void
test_edit_nothing (void)
{
  g_autoptr(StrataDataset) ds = load_doc ();
  g_autoptr(StrataDraft) draft = strata_draft_new (ds);
  g_autoptr(GError) error = NULL;
  g_autoptr(StrataDataset) same = NULL;
  g_autofree char *a = strata_dataset_to_json (ds);
  g_autofree char *b = NULL;

  /* setting a value to what it is changes nothing either */
  g_assert_true (strata_draft_set_text (draft, "layers.chips.options.asic.fixed_cost", "2000000000", &error));
  g_assert_no_error (error);
  same = strata_draft_finish (draft, "doc.json", &error);
  g_assert_no_error (error);
  b = strata_dataset_to_json (same);
  g_assert_cmpstr (a, ==, b);
  g_assert_cmpstr (same->filename, ==, "doc.json");
  test_assert_dataset_equal (ds, same);
}

static StrataDataset *
edit (const StrataDataset *ds,
      const char          *first_path,
      ...) G_GNUC_NULL_TERMINATED;

/* Applies PATH, VALUE pairs; every one must be accepted. */
static StrataDataset *
edit (const StrataDataset *ds,
      const char          *first_path,
      ...)
{
  g_autoptr(StrataDraft) draft = strata_draft_new (ds);
  g_autoptr(GError) error = NULL;
  StrataDataset *out;
  va_list ap;

  va_start (ap, first_path);
  for (const char *path = first_path; path != NULL; path = va_arg (ap, const char *))
    {
      const char *value = va_arg (ap, const char *);

      if (!strata_draft_set_text (draft, path, value, &error))
        g_error ("%s=%s: %s", path, value, error->message);
    }
  va_end (ap);
  out = strata_draft_finish (draft, NULL, &error);
  if (out == NULL)
    g_error ("%s", error->message);
  return out;
}

static void
test_set_every_kind (void)
{
  g_autoptr(StrataDataset) ds = load_doc ();
  g_autoptr(StrataDataset) a = NULL;
  g_autoptr(StrataDataset) b = NULL;
  g_autoptr(StrataDataset) c = NULL;
  const StrataOption *asic, *gpu, *lab;

  a = edit (ds,
            "title", "New title",                                   /* label */
            "description", "Free text",                             /* text, added */
            "price", "9.5",                                         /* plain number, added */
            "boundary_cost", "0.01",
            "volume.max", "2e9",
            "layers.chips.boundary_cost", "0.02",
            "layers.chips.options.asic.fixed_cost", "3e9",         /* number */
            "layers.chips.options.asic.learning_rate",
            "{\"value\":0.2,\"low\":0.1,\"high\":0.3}",             /* plain -> uncertain */
            "layers.chips.options.gpu.margin", "0.55",             /* uncertain -> plain */
            "layers.chips.options.gpu.description", "Bought",
            "layers.models.options.lab.supplier_cost", "2.5",      /* replaces price */
            "layers.models.options.own.latency_ms", "12",
            "links.0.saving", "{\"value\":0.2,\"low\":0,\"high\":0.4}",
            "links.0.note", "co-designed",
            "strategies.mixed.choices.models", "own",              /* option reference */
            "sources.s1.text", "One, revised",
            NULL);
  g_assert_cmpstr (a->title, ==, "New title");
  g_assert_cmpstr (a->description, ==, "Free text");
  g_assert_true (a->has_price);
  g_assert_cmpfloat (a->price, ==, 9.5);
  g_assert_cmpfloat (a->boundary_cost, ==, 0.01);
  g_assert_cmpfloat (a->volume_max, ==, 2e9);
  g_assert_true (a->layers[0].has_boundary_cost);
  g_assert_cmpfloat (a->layers[0].boundary_cost, ==, 0.02);
  asic = &a->layers[0].options[1];
  g_assert_cmpfloat (asic->fixed_cost.value, ==, 3e9);
  g_assert_true (asic->learning_rate.uncertain);
  g_assert_cmpfloat (asic->learning_rate.low, ==, 0.1);
  gpu = &a->layers[0].options[0];
  g_assert_false (gpu->margin.uncertain);
  g_assert_cmpfloat (gpu->margin.value, ==, 0.55);
  g_assert_cmpstr (gpu->description, ==, "Bought");
  lab = &a->layers[1].options[0];
  g_assert_false (lab->has_price);
  g_assert_cmpfloat (lab->supplier_cost.value, ==, 2.5);
  g_assert_cmpfloat (a->layers[1].options[1].latency_ms.value, ==, 12);
  g_assert_true (a->links[0].saving.uncertain);
  g_assert_cmpstr (a->links[0].note, ==, "co-designed");
  g_assert_cmpuint (a->strategies[STRATA_N_PRESETS].choices[1], ==, 1);
  g_assert_cmpstr (a->sources[0].text, ==, "One, revised");
  /* unknown keys untouched */
  g_assert_true (json_object_has_member (a->extra, "x_top"));
  g_assert_true (json_object_has_member (a->layers[0].extra, "x_layer"));
  g_assert_true (json_object_has_member (asic->extra, "x_option"));

  /* ids: renamed with every reference */
  b = edit (ds,
            "layers.chips.id", "silicon",
            "layers.silicon.options.asic.id", "accel",
            "strategies.mixed.id", "hybrid",
            "sources.s1.id", "first",
            "layers.silicon.options.gpu.mode", "integrated",       /* mode, converted */
            "layers.models.options.own.mode", "neutral",
            "layers.models.options.own.source", "null",            /* removed */
            "layers.silicon.options.accel.fixed_cost", "null",
            NULL);
  g_assert_cmpstr (b->layers[0].id, ==, "silicon");
  g_assert_cmpstr (b->layers[0].options[1].id, ==, "accel");
  g_assert_cmpuint (b->links[0].from, ==, 0);
  g_assert_nonnull (strata_dataset_find_strategy (b, "hybrid"));
  g_assert_cmpuint (strata_dataset_find_strategy (b, "hybrid")->choices[0], ==, 1);
  g_assert_cmpstr (b->sources[0].id, ==, "first");
  g_assert_cmpstr (b->layers[0].options[0].sources[0], ==, "first");
  g_assert_cmpint (b->layers[0].options[0].mode, ==, STRATA_MODE_INTEGRATED);
  /* pays what it paid: 2 / (1 - 0.6) = 5, its margin's range mapped */
  g_assert_cmpfloat_with_epsilon (b->layers[0].options[0].unit_cost.value, 5, 1e-12);
  g_assert_cmpfloat_with_epsilon (b->layers[0].options[0].unit_cost.low, 4, 1e-12);
  g_assert_cmpint (b->layers[1].options[1].mode, ==, STRATA_MODE_NEUTRAL);
  g_assert_cmpfloat (b->layers[1].options[1].supplier_cost.value, ==, 4);
  g_assert_cmpfloat (b->layers[1].options[1].margin.value, ==, 0);
  g_assert_null (b->layers[1].options[1].sources);
  g_assert_cmpfloat (b->layers[0].options[1].fixed_cost.value, ==, 0);

  /* links and references */
  c = edit (ds, "links.0.from", "models", "links.0.to", "chips", NULL);
  g_assert_cmpuint (c->links[0].from, ==, 1);
  g_assert_cmpuint (c->links[0].to, ==, 0);
}

typedef struct
{
  const char *path;
  const char *value;
  int         code;
  const char *says;   /* in the message besides the path */
} Refusal;

static void
test_refusals (void)
{
  static const Refusal refusals[] = {
    { "layers.nope.name", "x", STRATA_EDIT_ERROR_UNKNOWN_PATH, "no layer \"nope\"" },
    { "layers.chips.options.nope.fixed_cost", "1", STRATA_EDIT_ERROR_UNKNOWN_PATH, "no option \"nope\"" },
    { "layers.chips.options.asic.fixd_cost", "1", STRATA_EDIT_ERROR_UNKNOWN_PATH, "unknown field" },
    { "links.7.saving", "0.1", STRATA_EDIT_ERROR_UNKNOWN_PATH, "no link 7" },
    { "links.x.saving", "0.1", STRATA_EDIT_ERROR_UNKNOWN_PATH, "numbered" },
    { "format", "\"strata-stack/2\"", STRATA_EDIT_ERROR_UNKNOWN_PATH, "unknown field" },
    { "layers", "[]", STRATA_EDIT_ERROR_UNKNOWN_PATH, "" },
    { "x_top", "1", STRATA_EDIT_ERROR_UNKNOWN_PATH, "unknown field" },
    { "strategies.mixed.choices.nope", "asic", STRATA_EDIT_ERROR_UNKNOWN_PATH, "no layer" },
    { "layers.chips.options.asic.fixed_cost", "-1", STRATA_EDIT_ERROR_INVALID_VALUE, "a fixed cost is 0 or more" },
    { "layers.chips.options.asic.fixed_cost", "abc", STRATA_EDIT_ERROR_INVALID_VALUE, "not a JSON value" },
    { "layers.chips.options.asic.fixed_cost", "\"3\"", STRATA_EDIT_ERROR_INVALID_VALUE, "must be a number" },
    { "layers.chips.options.gpu.margin", "1", STRATA_EDIT_ERROR_INVALID_VALUE, "a margin is at least 0 and below 1" },
    { "layers.chips.options.asic.learning_rate", "{\"value\":0.2,\"low\":0.3,\"high\":0.4}",
      STRATA_EDIT_ERROR_INVALID_VALUE, "low <= value <= high" },
    { "price", "{\"value\":2,\"low\":1,\"high\":3}", STRATA_EDIT_ERROR_INVALID_VALUE, "cannot be uncertain" },
    { "price", "0", STRATA_EDIT_ERROR_INVALID_VALUE, "more than 0" },
    { "title", "  ", STRATA_EDIT_ERROR_INVALID_VALUE, "a title is required" },
    { "title", "null", STRATA_EDIT_ERROR_INVALID_VALUE, "required" },
    { "layers.chips.options.gpu.margin", "null", STRATA_EDIT_ERROR_INVALID_VALUE, "required" },
    { "layers.chips.id", "Chips!", STRATA_EDIT_ERROR_INVALID_VALUE, "lowercase" },
    { "layers.chips.id", "models", STRATA_EDIT_ERROR_INVALID_VALUE, "taken" },
    { "strategies.mixed.id", "optimal", STRATA_EDIT_ERROR_INVALID_VALUE, "preset" },
    { "layers.chips.options.gpu.mode", "hybrid", STRATA_EDIT_ERROR_INVALID_VALUE, "\"integrated\" or \"neutral\"" },
    { "layers.chips.options.gpu.unit_cost", "1", STRATA_EDIT_ERROR_INVALID_VALUE, "integrated options only" },
    { "layers.chips.options.asic.margin", "0.1", STRATA_EDIT_ERROR_INVALID_VALUE, "neutral options only" },
    { "links.0.to", "nope", STRATA_EDIT_ERROR_INVALID_VALUE, "no layer \"nope\"" },
    { "strategies.mixed.choices.chips", "own", STRATA_EDIT_ERROR_INVALID_VALUE, "has no option \"own\"" },
    { "layers.chips.source", "\"s9\"", STRATA_EDIT_ERROR_INVALID_VALUE, "no source \"s9\"" },
    { "layers.chips.name", "bell\x07", STRATA_EDIT_ERROR_INVALID_VALUE, "control character" },
  };
  g_autoptr(StrataDataset) ds = load_doc ();
  g_autofree char *before = strata_dataset_to_json (ds);

  for (guint i = 0; i < G_N_ELEMENTS (refusals); i++)
    {
      g_autoptr(StrataDraft) draft = strata_draft_new (ds);
      g_autoptr(GError) error = NULL;
      g_autofree char *after = NULL;

      g_assert_false (strata_draft_set_text (draft, refusals[i].path, refusals[i].value, &error));
      g_assert_error (error, STRATA_EDIT_ERROR, refusals[i].code);
      g_test_message ("%s", error->message);
      g_assert_true (g_str_has_prefix (error->message, refusals[i].path));
      g_assert_nonnull (strstr (error->message, refusals[i].says));
      after = strata_draft_to_json (draft);
      g_assert_cmpstr (after, ==, before);
    }
}

/* Rules between fields are the loader's: the draft is refused as a
 * whole, with the path by ids. */
static void
test_refused_by_loader (void)
{
  static const Refusal refusals[] = {
    { "volume.default", "1e12", STRATA_EDIT_ERROR_REFUSED, "volume.default: must be between" },
    { "volume.min", "1e8", STRATA_EDIT_ERROR_REFUSED, "volume." },
    { "links.0.to", "chips", STRATA_EDIT_ERROR_REFUSED, "links.0" },
  };
  g_autoptr(StrataDataset) ds = load_doc ();

  for (guint i = 0; i < G_N_ELEMENTS (refusals); i++)
    {
      g_autoptr(StrataDraft) draft = strata_draft_new (ds);
      g_autoptr(GError) error = NULL;
      g_autoptr(StrataDataset) out = NULL;

      g_assert_true (strata_draft_set_text (draft, refusals[i].path, refusals[i].value, &error));
      g_assert_no_error (error);
      out = strata_draft_finish (draft, NULL, &error);
      g_assert_null (out);
      g_assert_error (error, STRATA_EDIT_ERROR, STRATA_EDIT_ERROR_REFUSED);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, refusals[i].says));
      /* no line or column of a text the user never saw */
      g_assert_false (g_str_has_prefix (error->message, ":"));
    }
}

static void
test_structure (void)
{
  g_autoptr(StrataDataset) ds = load_doc ();
  g_autoptr(StrataDraft) draft = strata_draft_new (ds);
  g_autoptr(StrataDataset) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  const char *layers[] = { "chips", "network", NULL };
  const char *options[] = { "gpu", "market", NULL };

  id = strata_draft_unique_id (draft, STRATA_DRAFT_LAYER, NULL, "chips");
  g_assert_cmpstr (id, ==, "chips-2");
  g_assert_true (strata_draft_add_layer (draft, 1, "network", "Networking", &error));
  g_assert_false (strata_draft_add_layer (draft, -1, "network", NULL, NULL));
  g_assert_true (strata_draft_add_option (draft, "network", -1, "own", STRATA_MODE_INTEGRATED, &error));
  g_assert_true (strata_draft_duplicate_option (draft, "chips", "asic", "asic-2", &error));
  g_assert_true (strata_draft_move_option (draft, "chips", "asic-2", 0, &error));
  g_assert_true (strata_draft_duplicate_layer (draft, "models", "models-2", &error));
  g_assert_true (strata_draft_move_layer (draft, "models-2", 0, &error));
  g_assert_true (strata_draft_add_link (draft, "network", "models", 0.1, &error));
  g_assert_false (strata_draft_add_link (draft, "network", "network", 0.1, NULL));
  g_assert_false (strata_draft_add_link (draft, "network", "models", 1.5, NULL));
  g_assert_true (strata_draft_add_strategy (draft, "mine", "Mine", layers, options, &error));
  g_assert_false (strata_draft_add_strategy (draft, "optimal", NULL, layers, options, NULL));
  g_assert_true (strata_draft_add_source (draft, "s3", "Three", "https://example.net", &error));
  g_assert_true (strata_draft_set_text (draft, "layers.network.source", "s3", &error));
  g_assert_no_error (error);
  out = strata_draft_finish (draft, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (out->n_layers, ==, 4);
  g_assert_cmpstr (out->layers[0].id, ==, "models-2");
  g_assert_cmpstr (out->layers[2].id, ==, "network");
  g_assert_cmpstr (out->layers[2].name, ==, "Networking");
  g_assert_cmpuint (out->layers[2].n_options, ==, 2);
  g_assert_cmpstr (out->layers[1].options[0].id, ==, "asic-2");
  g_assert_cmpfloat (out->layers[1].options[0].fixed_cost.value, ==, 2e9);
  g_assert_cmpuint (out->n_links, ==, 2);
  g_assert_cmpuint (out->n_sources, ==, 3);
  g_assert_nonnull (strata_dataset_find_strategy (out, "mine"));
  g_clear_pointer (&out, strata_dataset_unref);

  /* removing takes what refers to it along */
  g_assert_true (strata_draft_remove_source (draft, "s3", &error));
  g_assert_true (strata_draft_remove_link (draft, 0, &error));
  g_assert_true (strata_draft_remove_option (draft, "chips", "asic", &error));
  /* and the link network -> models with it */
  g_assert_true (strata_draft_remove_layer (draft, "models", &error));
  g_assert_false (strata_draft_remove_link (draft, 0, NULL));
  g_assert_true (strata_draft_remove_strategy (draft, "mine", &error));
  g_assert_no_error (error);
  out = strata_draft_finish (draft, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (out->n_layers, ==, 3);
  g_assert_cmpuint (out->n_links, ==, 0);
  g_assert_cmpuint (out->n_sources, ==, 2);
  g_assert_null (out->layers[2].sources);
  g_assert_nonnull (strata_dataset_find_strategy (out, "mixed"));
  g_assert_cmpuint (strata_dataset_find_strategy (out, "mixed")->choices[1], ==, 0);
  g_assert_null (strata_dataset_find_strategy (out, "mine"));

  /* the last option and the last layer stay */
  g_assert_false (strata_draft_remove_option (draft, "network", "market", NULL) &&
                  strata_draft_remove_option (draft, "network", "own", NULL));
  g_assert_false (strata_draft_remove_layer (draft, "nope", NULL));
}

static void
test_labels (void)
{
  g_autoptr(StrataDataset) ds = load_doc ();
  static const struct { const char *path, *label; } cases[] = {
    { "layers.chips.options.gpu.fixed_cost", "Change Merchant GPUs Fixed Cost" },
    { "layers.chips.boundary_cost", "Change Chips Boundary Cost" },
    { "links.0.saving", "Change Chips to Models Saving" },
    { "strategies.mixed.name", "Change Mixed Name" },
    { "volume.default", "Change Default Volume" },
    { "title", "Change Title" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *label = strata_edit_label (ds, cases[i].path);

      g_assert_cmpstr (label, ==, cases[i].label);
    }
}

/* A dataset built by hand (no document) can be edited too. */
static void
test_edit_built_by_hand (void)
{
  g_autoptr(StrataDataset) ds = test_dataset_new (1, 1e6, 0);
  g_autoptr(StrataDataset) out = NULL;
  guint layer;

  layer = test_add_layer (ds, "os");
  test_add_integrated (ds, layer, "own", 2, 0, 0, 0);
  strata_dataset_finish (ds);
  g_assert_null (ds->document);
  out = edit (ds, "layers.os.options.own.unit_cost", "3", NULL);
  g_assert_nonnull (out->document);
  g_assert_cmpfloat (out->layers[0].options[0].unit_cost.value, ==, 3);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/strata/edit/round-trip-samples", test_round_trip_samples);
  g_test_add_func ("/strata/edit/round-trip-generated", test_round_trip_generated);
  g_test_add_func ("/strata/edit/changes-only-the-value", test_edit_changes_only_value);
  g_test_add_func ("/strata/edit/nothing", test_edit_nothing);
  g_test_add_func ("/strata/edit/every-kind", test_set_every_kind);
  g_test_add_func ("/strata/edit/refusals", test_refusals);
  g_test_add_func ("/strata/edit/refused-by-loader", test_refused_by_loader);
  g_test_add_func ("/strata/edit/structure", test_structure);
  g_test_add_func ("/strata/edit/labels", test_labels);
  g_test_add_func ("/strata/edit/built-by-hand", test_edit_built_by_hand);

  return g_test_run ();
}

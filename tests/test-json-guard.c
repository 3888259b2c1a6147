/* test-json-guard.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "strata/strata-dataset.h"
#include "app/core/strata-json-guard-private.h"

typedef struct
{
  const char *name;
  const char *text;      /* NUL-terminated unless length is set */
  gsize       length;
  int         code;      /* -1: accepted */
  guint       line;
  guint       column;
  const char *fragment;
} Case;

#define OK(name, text) { name, text, 0, -1, 0, 0, NULL }
#define BAD(name, text, line, col, frag) \
  { name, text, 0, STRATA_DATASET_ERROR_SYNTAX, line, col, frag }
#define LIM(name, text, line, col, frag) \
  { name, text, 0, STRATA_DATASET_ERROR_LIMIT, line, col, frag }

static const Case cases[] = {
  OK ("object", "{\"a\": [1, -2.5e-3, true, false, null, \"x\"]}"),
  OK ("scalar-root", "42"),
  OK ("whitespace-around", " \t\r\n{}\n\n"),
  OK ("bom", "\xEF\xBB\xBF{\"a\": 1}"),
  OK ("escapes", "[\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\uD83D\\uDE00\"]"),
  OK ("utf8", "[\"\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D \xF0\x9F\x9A\x80 e\xCC\x81\"]"),
  OK ("zero-forms", "[0, -0, 0.0, 0e0, 1E+2, 1e-2]"),
  OK ("int-2^53", "[9007199254740992, -9007199254740992]"),
  OK ("big-double", "[1e308, 9007199254740993.0, 1e20]"),
  OK ("same-key-different-objects", "[{\"a\": 1}, {\"a\": 2}, {\"b\": {\"a\": 3}}]"),
  OK ("many-keys", "{\"a\":1,\"b\":2,\"c\":3,\"d\":4,\"e\":5,\"f\":6,\"g\":7,\"h\":8,\"i\":9,\"j\":10,\"k\":11}"),
  OK ("depth-64", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
                  "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"),

  BAD ("empty", "", 1, 1, "the file is empty"),
  BAD ("whitespace-only", "  \n  ", 2, 3, "only whitespace"),
  BAD ("bom-only", "\xEF\xBB\xBF", 1, 1, "the file is empty"),
  BAD ("comment-line", "{\n  // note\n  \"a\": 1}", 2, 3, "comments are not allowed"),
  BAD ("comment-block", "{\"a\": /* x */ 1}", 1, 7, "comments are not allowed"),
  BAD ("single-quotes", "{'a': 1}", 1, 2, "double quotes, not single quotes"),
  BAD ("single-quoted-value", "{\"a\": 'x'}", 1, 7, "double quotes, not single quotes"),
  BAD ("leading-zero", "[012]", 1, 2, "leading zeros"),
  BAD ("hex", "[0x1F]", 1, 2, "hexadecimal"),
  BAD ("plus", "[+1]", 1, 2, "must not start with '+'"),
  BAD ("dot-first", "[.5]", 1, 2, "write 0.5, not .5"),
  BAD ("dot-last", "[1.]", 1, 4, "a digit must follow the decimal point"),
  BAD ("exponent-empty", "[1e]", 1, 2, "exponent"),
  BAD ("minus-alone", "[-]", 1, 2, "'-' must be followed by a digit"),
  BAD ("trailing-comma-array", "[1, 2,]", 1, 7, "trailing comma before ']'"),
  BAD ("trailing-comma-object", "{\"a\": 1,\n}", 2, 1, "trailing comma before '}'"),
  BAD ("nan", "[NaN]", 1, 2, "NaN is not a JSON number"),
  BAD ("infinity", "[Infinity]", 1, 2, "Infinity is not a JSON number"),
  BAD ("minus-infinity", "[-Infinity]", 1, 2, "-Infinity is not a JSON number"),
  BAD ("bare-word", "{\"a\": yes}", 1, 7, "unexpected word 'yes'"),
  BAD ("True", "[True]", 1, 2, "unexpected word 'True'"),
  BAD ("two-documents", "{}\n{}", 2, 1, "exactly one document"),
  BAD ("trailing-garbage", "{\"a\": 1} x", 1, 10, "after the end of the JSON document"),
  BAD ("unclosed", "{\"a\": [1,\n 2", 2, 3, "the '[' opened at line 1, column 7 is not closed"),
  BAD ("wrong-bracket", "[1}", 1, 3, "closed with the wrong bracket"),
  BAD ("missing-colon", "{\"a\" 1}", 1, 6, "expected ':' after the key"),
  BAD ("missing-comma", "[1 2]", 1, 4, "expected ',' or ']'"),
  BAD ("unquoted-key", "{a: 1}", 1, 2, "unexpected word 'a'"),
  BAD ("duplicate-key", "{\"a\": 1, \"b\": 2, \"a\": 3}", 1, 18, "duplicate key \"a\""),
  BAD ("duplicate-key-escaped", "{\"a\": 1, \"\\u0061\": 3}", 1, 10, "duplicate key \"a\""),
  BAD ("duplicate-key-large", "{\"a\":1,\"b\":2,\"c\":3,\"d\":4,\"e\":5,\"f\":6,\"g\":7,\"h\":8,\"i\":9,\"j\":10,\"c\":11}",
       1, 63, "duplicate key \"c\""),
  BAD ("escaped-nul", "[\"ab\\u0000cd\"]", 1, 5, "\\u0000"),
  BAD ("lone-high", "[\"\\uD83D x\"]", 1, 3, "lone high surrogate \\uD83D"),
  BAD ("lone-high-end", "[\"\\uD83D\"]", 1, 3, "lone high surrogate"),
  BAD ("lone-low", "[\"\\uDE00\"]", 1, 3, "lone low surrogate \\uDE00"),
  BAD ("bad-escape", "[\"\\x41\"]", 1, 3, "invalid escape \\x"),
  BAD ("short-unicode", "[\"\\u12\"]", 1, 3, "four hexadecimal digits"),
  BAD ("raw-tab", "[\"a\tb\"]", 1, 4, "raw control character U+0009"),
  BAD ("raw-newline", "[\"a\nb\"]", 1, 4, "line break inside a string"),
  BAD ("unterminated", "[\"abc", 1, 2, "unterminated string"),
  BAD ("bad-utf8", "[\"a\xFF\"]", 1, 4, "invalid UTF-8"),
  BAD ("overlong-utf8", "[\"\xC0\xAF\"]", 1, 3, "invalid UTF-8"),
  BAD ("utf8-surrogate", "[\"\xED\xA0\x80\"]", 1, 3, "invalid UTF-8"),
  BAD ("truncated-utf8", "[\"\xE2\x82\"]", 1, 3, "invalid UTF-8"),
  BAD ("column-counts-characters", "[\"\xC3\xA9\xC3\xA9\", x]", 1, 8, "unexpected word 'x'"),
  BAD ("utf16-bom-le", "\xFF\xFE{\0}\0", 1, 1, "UTF-16"),
  BAD ("utf16-bom-be", "\xFE\xFF\0{\0}", 1, 1, "UTF-16"),
  BAD ("int-beyond-2^53", "[9007199254740993]", 1, 2, "too large to be stored exactly"),
  BAD ("int-2^64", "[18446744073709551616]", 1, 2, "2^53"),
  BAD ("negative-int-2^64", "[-18446744073709551615]", 1, 2, "2^53"),
  BAD ("1e400", "[1e400]", 1, 2, "is too large (it is not a finite double)"),
  BAD ("-1e400", "[-1e400]", 1, 2, "not a finite double"),
  BAD ("letters-in-number", "[12abc]", 1, 4, "in a number"),
  LIM ("depth-65", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
                   "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]", 1, 65,
       "nesting deeper than 64 levels"),
  LIM ("long-number", "[1.00000000000000000000000000000000000000000000000000000000000000001]",
       1, 2, "number literal longer than 64 characters"),
};

static void
test_case (gconstpointer data)
{
  const Case *c = data;
  StrataJsonGuardProblem problem;
  gsize length = c->length != 0 ? c->length : strlen (c->text);
  gsize body = 99;
  JsonNode *root = NULL;
  gboolean ok;

  ok = _strata_json_guard_check (c->text, length, &body, &root, &problem);
  if (c->code < 0)
    {
      if (!ok)
        g_test_message ("%s: unexpected refusal %u:%u %s", c->name,
                        problem.line, problem.column, problem.message);
      g_assert_true (ok);
      g_assert_nonnull (root);
      g_assert_cmpuint (body, ==, g_str_has_prefix (c->text, "\xEF\xBB\xBF") ? 3 : 0);
      json_node_unref (root);
      g_assert_true (_strata_json_guard_check (c->text, length, &body, NULL, &problem));
      return;
    }

  g_assert_false (ok);
  g_assert_null (root);
  g_test_message ("%s -> %u:%u %s", c->name, problem.line, problem.column, problem.message);
  g_assert_nonnull (strstr (problem.message, c->fragment));
  g_assert_cmpint (problem.code, ==, c->code);
  g_assert_cmpuint (problem.line, ==, c->line);
  g_assert_cmpuint (problem.column, ==, c->column);
  g_free (problem.message);

  /* Checking without building the tree refuses the same way. */
  g_assert_false (_strata_json_guard_check (c->text, length, &body, NULL, &problem));
  g_assert_nonnull (strstr (problem.message, c->fragment));
  g_assert_cmpuint (problem.line, ==, c->line);
  g_assert_cmpuint (problem.column, ==, c->column);
  g_free (problem.message);
}

/* UTF-16 without a byte order mark and a NUL byte in the middle. */
static void
test_nul_bytes (void)
{
  static const char utf16[] = "{\0\"\0a\0\"\0:\0 \01\0}\0";
  static const char nul[] = "{\"a\": 1}\0 ";
  StrataJsonGuardProblem problem;
  gsize body;

  g_assert_false (_strata_json_guard_check (utf16, sizeof utf16 - 1, &body, NULL, &problem));
  g_assert_nonnull (strstr (problem.message, "UTF-16"));
  g_free (problem.message);

  g_assert_false (_strata_json_guard_check (nul, sizeof nul - 1, &body, NULL, &problem));
  g_test_message ("%s", problem.message);
  g_assert_nonnull (strstr (problem.message, "NUL byte"));
  g_assert_cmpuint (problem.column, ==, 9);
  g_free (problem.message);
}

/* 100000 nested arrays: refused at the limit, no recursion, no crash. */
static void
test_deep_nesting (void)
{
  gsize n = 100000;
  g_autofree char *text = g_malloc (2 * n);
  StrataJsonGuardProblem problem;
  gsize body;

  memset (text, '[', n);
  memset (text + n, ']', n);
  g_assert_false (_strata_json_guard_check (text, 2 * n, &body, NULL, &problem));
  g_assert_cmpint (problem.code, ==, STRATA_DATASET_ERROR_LIMIT);
  g_assert_cmpuint (problem.column, ==, STRATA_JSON_MAX_DEPTH + 1);
  g_free (problem.message);
}

/* The number of values is capped (it bounds the memory of the tree). */
static void
test_value_limit (void)
{
  g_autoptr(GString) text = g_string_new ("[0");
  StrataJsonGuardProblem problem;
  gsize body;

  /* the array itself and STRATA_JSON_MAX_VALUES - 1 zeros: at the limit */
  for (guint i = 1; i < STRATA_JSON_MAX_VALUES - 1; i++)
    g_string_append (text, ",0");
  g_string_append_c (text, ']');
  g_assert_true (_strata_json_guard_check (text->str, text->len, &body, NULL, &problem));

  g_string_insert (text, 1, "0,");
  g_assert_false (_strata_json_guard_check (text->str, text->len, &body, NULL, &problem));
  g_assert_cmpint (problem.code, ==, STRATA_DATASET_ERROR_LIMIT);
  g_assert_cmpstr (problem.message, ==, "more than 2000000 values (numbers, strings, objects and lists) in one file (the limit for datasets)");
  g_assert_cmpuint (problem.column, ==, text->len - 1);
  g_free (problem.message);
}

static void
test_long_string (void)
{
  gsize n = STRATA_JSON_MAX_STRING_LENGTH;
  g_autoptr(GString) text = g_string_new ("[\"");
  StrataJsonGuardProblem problem;
  JsonNode *root = NULL;
  gsize body;

  for (gsize i = 0; i < n; i++)
    g_string_append_c (text, 'x');
  g_string_append (text, "\"]");
  g_assert_true (_strata_json_guard_check (text->str, text->len, &body, &root, &problem));
  json_node_unref (root);

  g_string_insert_c (text, 2, 'y');
  g_assert_false (_strata_json_guard_check (text->str, text->len, &body, NULL, &problem));
  g_assert_cmpint (problem.code, ==, STRATA_DATASET_ERROR_LIMIT);
  g_assert_nonnull (strstr (problem.message, "string longer than 65536 bytes"));
  g_free (problem.message);
}

/* The tree the guard builds is the one the document describes. */
static void
test_tree (void)
{
  const char *text = "\xEF\xBB\xBF{\"n\": -12, \"d\": 0.5, \"e\": 1e-8, \"s\": \"caf\\u00e9 \\uD83D\\uDE80\","
                     " \"t\": true, \"f\": false, \"z\": null, \"a\": [1, [2, {}]], \"o\": {\"k\": \"v\"}}";
  StrataJsonGuardProblem problem;
  JsonNode *root = NULL;
  JsonObject *obj;
  JsonArray *a;
  gsize body;
  g_autoptr(GList) members = NULL;

  g_assert_true (_strata_json_guard_check (text, strlen (text), &body, &root, &problem));
  g_assert_cmpuint (body, ==, 3);
  obj = json_node_get_object (root);
  g_assert_cmpint (json_node_get_value_type (json_object_get_member (obj, "n")), ==, G_TYPE_INT64);
  g_assert_cmpint (json_object_get_int_member (obj, "n"), ==, -12);
  g_assert_cmpint (json_node_get_value_type (json_object_get_member (obj, "d")), ==, G_TYPE_DOUBLE);
  g_assert_cmpfloat (json_object_get_double_member (obj, "d"), ==, 0.5);
  g_assert_cmpfloat (json_object_get_double_member (obj, "e"), ==, 1e-8);
  g_assert_cmpstr (json_object_get_string_member (obj, "s"), ==, "caf\xC3\xA9 \xF0\x9F\x9A\x80");
  g_assert_true (json_object_get_boolean_member (obj, "t"));
  g_assert_false (json_object_get_boolean_member (obj, "f"));
  g_assert_true (json_object_get_null_member (obj, "z"));
  a = json_object_get_array_member (obj, "a");
  g_assert_cmpuint (json_array_get_length (a), ==, 2);
  g_assert_cmpuint (json_array_get_length (json_array_get_array_element (a, 1)), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (obj, "o"), "k"), ==, "v");

  /* Members keep file order. */
  members = json_object_get_members (obj);
  g_assert_cmpstr (members->data, ==, "n");
  g_assert_cmpstr (g_list_last (members)->data, ==, "o");
  json_node_unref (root);
}

static void
test_locate (void)
{
  const char *text = "{\n  \"layers\": [\n    {\"id\": \"a\", \"options\": [ {\"m\": 1.5} ]},\n"
                     "    {\"x.y\": 2, \"\xC3\xA9t\xC3\xA9\": 3}\n  ]\n}";
  g_autoptr(GHashTable) pos = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  /* The table holds every ancestor of a wanted path, as the loader's does. */
  const char *paths[] = { "", "layers", "layers[0]", "layers[0].options[0].m", "layers[1].x.y",
                          "layers[1].\xC3\xA9t\xC3\xA9", "missing", "layers[0].options",
                          "layers[0].options[0]", "layers[1]" };
  const guint expect[][2] = { {1, 1}, {2, 13}, {3, 5}, {3, 36}, {4, 13}, {4, 23}, {0, 0},
                              {3, 28}, {3, 30}, {4, 5} };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    g_hash_table_insert (pos, (gpointer) paths[i], g_new0 (StrataJsonPosition, 1));
  _strata_json_guard_locate (text, strlen (text), pos);
  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      StrataJsonPosition *p = g_hash_table_lookup (pos, paths[i]);

      g_test_message ("%s -> %u:%u", paths[i], p->line, p->column);
      g_assert_cmpint (p->found, ==, expect[i][0] != 0);
      g_assert_cmpuint (p->line, ==, expect[i][0]);
      g_assert_cmpuint (p->column, ==, expect[i][1]);
    }
}

/* Below a container that is not wanted nothing is looked up, yet lines
 * are still counted. */
static void
test_locate_skips (void)
{
  const char *text = "{\"a\": [[1,\n2], {\"b\": 3}],\n \"c\": {\"d\": [4, 5]}}";
  g_autoptr(GHashTable) pos = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  const char *paths[] = { "", "c", "c.d", "c.d[1]", "a[1].b" };
  StrataJsonPosition *p;

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    g_hash_table_insert (pos, (gpointer) paths[i], g_new0 (StrataJsonPosition, 1));
  _strata_json_guard_locate (text, strlen (text), pos);
  p = g_hash_table_lookup (pos, "c.d[1]");
  g_assert_true (p->found);
  g_assert_cmpuint (p->line, ==, 3);
  g_assert_cmpuint (p->column, ==, 17);
  /* "a" and "a[1]" are not in the table: "a[1].b" is not looked for */
  p = g_hash_table_lookup (pos, "a[1].b");
  g_assert_false (p->found);
}

/* On every valid file at hand, the tree the guard builds equals the one
 * JsonParser builds (so skipping JsonParser changes nothing but speed and
 * safety). */
static guint
compare_folder (const char *folder)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;
  guint n = 0;

  if (dir == NULL)
    return 0;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (folder, name, NULL);
      g_autofree char *text = NULL;
      g_autoptr(JsonParser) parser = json_parser_new ();
      StrataJsonGuardProblem problem;
      JsonNode *root = NULL;
      gsize length, body;

      if (!g_str_has_suffix (name, ".json"))
        continue;
      g_assert_true (g_file_get_contents (path, &text, &length, NULL));
      if (!_strata_json_guard_check (text, length, &body, &root, &problem))
        {
          g_free (problem.message);
          continue;
        }
      g_assert_true (json_parser_load_from_data (parser, text + body, (gssize) (length - body), NULL));
      if (!json_node_equal (root, json_parser_get_root (parser)))
        g_error ("%s: the guard's tree differs from JsonParser's", path);
      json_node_unref (root);
      n++;
    }
  return n;
}

static void
test_tree_matches_json_glib (void)
{
  g_autofree char *hostile = g_test_build_filename (G_TEST_DIST, "data", "hostile", NULL);
  g_autofree char *loader = g_test_build_filename (G_TEST_DIST, "data", "loader", NULL);
  g_autofree char *samples = NULL;
  guint n;

  n = compare_folder (hostile) + compare_folder (loader);
  if (g_getenv ("STRATA_SOURCE_ROOT") != NULL)
    {
      samples = g_build_filename (g_getenv ("STRATA_SOURCE_ROOT"), "data", "datasets", NULL);
      n += compare_folder (samples);
    }
  g_test_message ("%u files compared", n);
  g_assert_cmpuint (n, >=, 20);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/strata/json-guard/%s/%s",
                                               cases[i].code < 0 ? "accepts" : "refuses",
                                               cases[i].name);
      g_test_add_data_func (path, &cases[i], test_case);
    }
  g_test_add_func ("/strata/json-guard/refuses/nul-bytes", test_nul_bytes);
  g_test_add_func ("/strata/json-guard/refuses/deep-nesting-100000", test_deep_nesting);
  g_test_add_func ("/strata/json-guard/string-length-limit", test_long_string);
  g_test_add_func ("/strata/json-guard/value-limit", test_value_limit);
  g_test_add_func ("/strata/json-guard/builds-tree", test_tree);
  g_test_add_func ("/strata/json-guard/tree-matches-json-glib", test_tree_matches_json_glib);
  g_test_add_func ("/strata/json-guard/locates-paths", test_locate);
  g_test_add_func ("/strata/json-guard/locate-skips-unwanted", test_locate_skips);

  return g_test_run ();
}

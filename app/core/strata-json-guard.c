/* strata-json-guard.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "strata/strata-dataset.h"
#include "strata-json-guard-scan-private.h"

static void
frame_clear (Guard *g,
             Frame *f)
{
  if (f->kind == '{' && g->keys != NULL)
    {
      g_clear_pointer (&f->key_set, g_hash_table_unref);
      g_ptr_array_set_size (g->keys, f->key_start);
    }
}

/* Records a key of the innermost object; FALSE when it is a duplicate. */
static gboolean
add_key (Guard      *g,
         Frame      *f,
         const char *key)
{
  guint n = g->keys->len - f->key_start;
  char *copy;

  if (f->key_set != NULL)
    {
      if (g_hash_table_contains (f->key_set, key))
        return FALSE;
    }
  else
    {
      for (guint i = f->key_start; i < g->keys->len; i++)
        if (strcmp (g_ptr_array_index (g->keys, i), key) == 0)
          return FALSE;
    }

  copy = g_strdup (key);
  g_ptr_array_add (g->keys, copy);

  if (f->key_set != NULL)
    g_hash_table_add (f->key_set, copy);
  else if (n + 1 > LINEAR_KEYS)
    {
      f->key_set = g_hash_table_new (g_str_hash, g_str_equal);
      for (guint i = f->key_start; i < g->keys->len; i++)
        g_hash_table_add (f->key_set, g_ptr_array_index (g->keys, i));
    }
  return TRUE;
}

/* A key for a message: control characters escaped, cut after 64
 * characters. */
static char *
printable_key (const char *key)
{
  GString *out = g_string_new (NULL);
  guint n = 0;

  for (const char *q = key; *q != '\0'; q = g_utf8_next_char (q), n++)
    {
      gunichar c = g_utf8_get_char (q);

      if (n == 64)
        {
          g_string_append (out, "...");
          break;
        }
      if (c < 0x20 || (c >= 0x7F && c <= 0x9F))
        g_string_append_printf (out, "\\u%04X", c);
      else
        g_string_append_len (out, q, g_utf8_next_char (q) - q);
    }
  return g_string_free (out, FALSE);
}

/* Locate mode: the current path names a value starting at g->p. */
static void
note_value (Guard *g)
{
  StrataJsonPosition *pos;

  pos = g_hash_table_lookup (g->positions, g->path->str);
  if (pos != NULL && !pos->found)
    {
      pos->found = TRUE;
      pos->line = g->line;
      pos->column = guard_column_of (g, g->line_start, g->p);
      g->remaining--;
    }
}

static void
append_uint (GString *out,
             guint    n)
{
  char buf[16];
  int i = sizeof buf;

  do
    buf[--i] = (char) ('0' + n % 10);
  while ((n /= 10) > 0);
  g_string_append_len (out, buf + i, sizeof buf - i);
}

static void
append_key_to_path (GString    *path,
                    const char *key)
{
  if (path->len > 0)
    g_string_append_c (path, '.');
  g_string_append (path, key);
}

/* Build mode: hands @node to the innermost container (or makes it the
 * root). */
static void
attach (Guard    *g,
        JsonNode *node)
{
  Frame *top;

  if (g->depth == 0)
    {
      g->root = node;
      return;
    }
  top = &g->stack[g->depth - 1];
  if (top->kind == '{')
    json_object_set_member (json_node_get_object (top->node), g->key->str, node);
  else
    json_array_add_element (json_node_get_array (top->node), node);
}

static JsonNode *
literal_node (const guchar *at)
{
  JsonNode *node = json_node_alloc ();

  if (*at == 't')
    return json_node_init_boolean (node, TRUE);
  if (*at == 'f')
    return json_node_init_boolean (node, FALSE);
  return json_node_init_null (node);
}

/* What one step of the state machine in run() did. */
typedef enum
{
  STEP_FAILED,   /* g->problem says why */
  STEP_STOP,     /* locate mode found every wanted path */
  STEP_NEXT,     /* carry on in the new state */
} Step;

/* The input ended: fine after one complete document, an error otherwise. */
static gboolean
fail_at_end (Guard    *g,
             gboolean  have_root)
{
  Frame *top;

  if (have_root && g->depth == 0)
    return TRUE;
  if (g->depth == 0)
    {
      if (g->end == g->body)
        return guard_fail_at (g, STRATA_DATASET_ERROR_SYNTAX, g->p,
                              "the file is empty (expected a JSON object)");
      return guard_fail_at (g, STRATA_DATASET_ERROR_SYNTAX, g->p,
                            "the file holds only whitespace (expected a JSON object)");
    }
  top = &g->stack[g->depth - 1];
  return guard_fail_at (g, STRATA_DATASET_ERROR_SYNTAX, g->p,
                        "unexpected end of file: the '%c' opened at line %u, column %u is not closed",
                        top->kind, top->open_line,
                        guard_column_of (g, top->open_line_start, top->open_at));
}

/* Closes the innermost container at g->p (its bracket already checked). */
static Step
close_container (Guard *g,
                 Frame *top,
                 State *state)
{
  g->p++;
  frame_clear (g, top);
  g->depth--;
  *state = AFTER_VALUE;
  return STEP_NEXT;
}

/* Opens '{' or '[' at g->p below @top (NULL at the top level). */
static Step
open_container (Guard  *g,
                Frame  *top,
                guchar  c,
                State  *state)
{
  gboolean locate = g->positions != NULL;
  JsonNode *node = NULL;
  Frame *f;

  if (g->depth >= STRATA_JSON_MAX_DEPTH)
    {
      guard_fail_at (g, STRATA_DATASET_ERROR_LIMIT, g->p,
                     "nesting deeper than %u levels of objects and arrays (the limit for datasets)",
                     STRATA_JSON_MAX_DEPTH);
      return STEP_FAILED;
    }
  if (g->build)
    {
      node = json_node_alloc ();
      if (c == '{')
        json_node_take_object (json_node_init (node, JSON_NODE_OBJECT),
                               json_object_new ());
      else
        json_node_take_array (json_node_init (node, JSON_NODE_ARRAY),
                              json_array_new ());
      attach (g, node);
    }
  f = &g->stack[g->depth++];
  memset (f, 0, sizeof *f);
  f->kind = (char) c;
  f->path_len = locate ? g->path->len : 0;
  f->key_start = g->keys != NULL ? g->keys->len : 0;
  f->open_line = g->line;
  f->open_line_start = g->line_start;
  f->open_at = g->p;
  f->node = node;
  /* Every ancestor of a wanted path is wanted too: below a container
   * that is not, nothing can be. */
  f->dead = locate && ((top != NULL && top->dead)
                       || !g_hash_table_contains (g->positions, g->path->str));
  g->p++;
  *state = c == '{' ? EXPECT_KEY_OR_CLOSE : EXPECT_VALUE_OR_CLOSE;
  return STEP_NEXT;
}

/* A string, number or literal at g->p; attached to the tree when building. */
static gboolean
scan_scalar (Guard  *g,
             guchar  c)
{
  if (c == '"')
    {
      if (!guard_scan_string (g, g->build))
        return FALSE;
      if (g->build)
        attach (g, json_node_init_string (json_node_alloc (), g->scratch->str));
      return TRUE;
    }
  if (c == '-' || guard_is_digit (c))
    {
      JsonNode *node;

      if (!guard_scan_number (g))
        return FALSE;
      if (!g->build)
        return TRUE;
      node = json_node_alloc ();
      /* Integer literals are within 2^53 here: exact. */
      if (g->number_is_int)
        json_node_init_int (node, (gint64) g->number);
      else
        json_node_init_double (node, g->number);
      attach (g, node);
      return TRUE;
    }
  if (c == 't' || c == 'f' || c == 'n')
    {
      const guchar *at = g->p;

      if (!guard_scan_literal (g))
        return FALSE;
      if (g->build)
        attach (g, literal_node (at));
      return TRUE;
    }
  if (c == ',' || c == ']' || c == '}')
    return guard_fail_at (g, STRATA_DATASET_ERROR_SYNTAX, g->p,
                          "unexpected '%c', expected a value", c);
  return guard_fail_unexpected (g, "a value");
}

/* Locate mode: notes the value about to start at g->p under @top. */
static Step
locate_value (Guard *g,
              Frame *top)
{
  if (top != NULL && top->dead)
    return STEP_NEXT;
  if (top != NULL && top->kind == '[')
    {
      g_string_truncate (g->path, top->path_len);
      g_string_append_c (g->path, '[');
      append_uint (g->path, top->index);
      g_string_append_c (g->path, ']');
    }
  note_value (g);
  return g->remaining == 0 ? STEP_STOP : STEP_NEXT;
}

/* EXPECT_VALUE and EXPECT_VALUE_OR_CLOSE. */
static Step
step_value (Guard *g,
            Frame *top,
            guchar c,
            State *state)
{
  if (c == ']' && top != NULL && top->kind == '[')
    {
      if (*state == EXPECT_VALUE)
        {
          guard_fail_at (g, STRATA_DATASET_ERROR_SYNTAX, g->p, "trailing comma before ']'");
          return STEP_FAILED;
        }
      return close_container (g, top, state);
    }

  if (++g->n_values > STRATA_JSON_MAX_VALUES)
    {
      guard_fail_at (g, STRATA_DATASET_ERROR_LIMIT, g->p,
                     "more than %u values (numbers, strings, objects and lists) in one file (the limit for datasets)",
                     STRATA_JSON_MAX_VALUES);
      return STEP_FAILED;
    }
  if (g->positions != NULL && locate_value (g, top) == STEP_STOP)
    return STEP_STOP;
  if (top != NULL && top->kind == '[')
    top->index++;

  if (c == '{' || c == '[')
    return open_container (g, top, c, state);
  if (!scan_scalar (g, c))
    return STEP_FAILED;
  *state = AFTER_VALUE;
  return STEP_NEXT;
}

/* EXPECT_KEY and EXPECT_KEY_OR_CLOSE. */
static Step
step_key (Guard *g,
          Frame *top,
          guchar c,
          State *state)
{
  gboolean locate = g->positions != NULL;
  const guchar *key_at = g->p;

  if (c == '}')
    {
      if (*state == EXPECT_KEY)
        {
          guard_fail_at (g, STRATA_DATASET_ERROR_SYNTAX, g->p, "trailing comma before '}'");
          return STEP_FAILED;
        }
      return close_container (g, top, state);
    }
  if (c != '"')
    {
      guard_fail_unexpected (g, "a key in double quotes");
      return STEP_FAILED;
    }
  if (!guard_scan_string (g, !(locate && top->dead)))
    return STEP_FAILED;
  /* Building, the object itself finds duplicates; otherwise keep the
   * keys of the open objects. */
  if (g->build
      ? json_object_has_member (json_node_get_object (top->node), g->scratch->str)
      : (g->keys != NULL && !add_key (g, top, g->scratch->str)))
    {
      g_autofree char *shown = printable_key (g->scratch->str);

      guard_fail_at (g, STRATA_DATASET_ERROR_SYNTAX, key_at,
                     "duplicate key \"%s\" in the same object", shown);
      return STEP_FAILED;
    }
  if (g->build)
    g_string_assign (g->key, g->scratch->str);
  if (locate && !top->dead)
    {
      g_string_truncate (g->path, top->path_len);
      append_key_to_path (g->path, g->scratch->str);
    }
  *state = EXPECT_COLON;
  return STEP_NEXT;
}

/* AFTER_VALUE: a comma, the closing bracket, or the end of the document. */
static Step
step_after_value (Guard *g,
                  Frame *top,
                  guchar c,
                  State *state)
{
  if (top == NULL)
    {
      g_autofree char *what = guard_describe_char (g->p, g->end);

      guard_fail_at (g, STRATA_DATASET_ERROR_SYNTAX, g->p,
                     "unexpected %s after the end of the JSON document (a file holds exactly one document)",
                     what);
      return STEP_FAILED;
    }
  if (c == ',')
    {
      g->p++;
      *state = top->kind == '{' ? EXPECT_KEY : EXPECT_VALUE;
      return STEP_NEXT;
    }
  if ((c == '}' && top->kind == '{') || (c == ']' && top->kind == '['))
    return close_container (g, top, state);
  if (c == '}' || c == ']')
    guard_fail_at (g, STRATA_DATASET_ERROR_SYNTAX, g->p,
                   "unexpected '%c': the open '%c' at line %u is closed with the wrong bracket",
                   c, top->kind, top->open_line);
  else
    guard_fail_unexpected (g, top->kind == '{' ? "',' or '}'" : "',' or ']'");
  return STEP_FAILED;
}

/* One pass over the document: a state machine over a stack of open
 * containers, shared by the check, build and locate modes. */
static gboolean
run (Guard *g)
{
  State state = EXPECT_VALUE;
  gboolean have_root = FALSE;

  for (;;)
    {
      Frame *top;
      Step step;
      guchar c;

      guard_skip_ws (g);
      if (g->p >= g->end)
        return fail_at_end (g, have_root);

      top = g->depth > 0 ? &g->stack[g->depth - 1] : NULL;
      c = *g->p;
      switch (state)
        {
        case EXPECT_VALUE:
        case EXPECT_VALUE_OR_CLOSE:
          step = step_value (g, top, c, &state);
          break;
        case EXPECT_KEY:
        case EXPECT_KEY_OR_CLOSE:
          step = step_key (g, top, c, &state);
          break;
        case EXPECT_COLON:
          if (c != ':')
            return guard_fail_unexpected (g, "':' after the key");
          g->p++;
          state = EXPECT_VALUE;
          step = STEP_NEXT;
          break;
        case AFTER_VALUE:
          step = step_after_value (g, top, c, &state);
          break;
        default:
          g_assert_not_reached ();
        }

      if (step != STEP_NEXT)
        return step == STEP_STOP;
      if (state == AFTER_VALUE && g->depth == 0)
        have_root = TRUE;
    }
}

static gboolean
check_encoding (Guard *g,
                gsize *body_offset)
{
  const guchar *d = g->begin;
  gsize n = g->end - g->begin;

  *body_offset = 0;

  if (n >= 4 && ((d[0] == 0 && d[1] == 0 && d[2] == 0xFE && d[3] == 0xFF)
                 || (d[0] == 0xFF && d[1] == 0xFE && d[2] == 0 && d[3] == 0)))
    return guard_fail_at (g, STRATA_DATASET_ERROR_SYNTAX, d,
                          "the file is UTF-32 text (it starts with a UTF-32 byte order mark); Strata reads UTF-8 only: save it as UTF-8");
  if (n >= 2 && ((d[0] == 0xFE && d[1] == 0xFF) || (d[0] == 0xFF && d[1] == 0xFE)))
    return guard_fail_at (g, STRATA_DATASET_ERROR_SYNTAX, d,
                          "the file is UTF-16 text (it starts with a UTF-16 byte order mark); Strata reads UTF-8 only: save it as UTF-8");
  if (n >= 2 && (d[0] == 0 || d[1] == 0))
    return guard_fail_at (g, STRATA_DATASET_ERROR_SYNTAX, d,
                          "the file looks like UTF-16 or UTF-32 text (NUL bytes between characters); Strata reads UTF-8 only: save it as UTF-8");
  if (n >= 3 && d[0] == 0xEF && d[1] == 0xBB && d[2] == 0xBF)
    {
      *body_offset = 3;
      g->p = g->body = d + 3;
      g->line_start = g->p;
    }
  return TRUE;
}

static void
guard_init (Guard                  *g,
            const char             *data,
            gsize                   length,
            StrataJsonGuardProblem *problem)
{
  memset (g, 0, sizeof *g);
  g->begin = (const guchar *) data;
  g->p = g->begin;
  g->body = g->begin;
  g->end = g->begin + length;
  g->line = 1;
  g->line_start = g->begin;
  g->scratch = g_string_new (NULL);
  g->key = g_string_new (NULL);
  g->problem = problem;
}

static void
guard_clear (Guard *g)
{
  while (g->depth > 0)
    frame_clear (g, &g->stack[--g->depth]);
  if (g->keys != NULL)
    g_ptr_array_unref (g->keys);
  if (g->path != NULL)
    g_string_free (g->path, TRUE);
  g_string_free (g->scratch, TRUE);
  g_string_free (g->key, TRUE);
}

gboolean
_strata_json_guard_check (const char             *data,
                          gsize                   length,
                          gsize                  *body_offset,
                          JsonNode              **root,
                          StrataJsonGuardProblem *problem)
{
  Guard g;
  gboolean ok;

  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (body_offset != NULL, FALSE);
  g_return_val_if_fail (problem != NULL, FALSE);

  memset (problem, 0, sizeof *problem);
  guard_init (&g, data != NULL ? data : "", length, problem);
  g.build = root != NULL;
  if (!g.build)
    g.keys = g_ptr_array_new_with_free_func (g_free);

  ok = check_encoding (&g, body_offset) && run (&g);

  guard_clear (&g);
  if (root != NULL)
    {
      if (ok)
        *root = g_steal_pointer (&g.root);
      else
        g_clear_pointer (&g.root, json_node_unref);
    }
  return ok;
}

void
_strata_json_guard_locate (const char *data,
                           gsize       length,
                           GHashTable *positions)
{
  StrataJsonGuardProblem problem;
  gsize body_offset;
  Guard g;

  g_return_if_fail (positions != NULL);

  memset (&problem, 0, sizeof problem);
  guard_init (&g, data != NULL ? data : "", length, &problem);
  g.positions = positions;
  g.path = g_string_new (NULL);
  g.remaining = g_hash_table_size (positions);

  if (g.remaining > 0 && check_encoding (&g, &body_offset))
    run (&g);

  g_free (problem.message);
  guard_clear (&g);
}

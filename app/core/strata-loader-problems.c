/* strata-loader-problems.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every problem the loader found, placed at the line and column of its
 * JSON path (or the nearest ancestor in the file), sorted, as one message:
 * "FILE:LINE:COL: error: PATH: message".
 */

#define G_LOG_DOMAIN "strata-loader"

#include "config.h"

#include <math.h>
#include <string.h>

#include "strata/strata-limits.h"
#include "strata-loader-private.h"
#include "strata-json-guard-private.h"


/* "layers[2].options[0].margin" -> "layers[2].options[0]" -> ... -> "". */
static char *
parent_path (const char *path)
{
  gsize n = strlen (path);
  const char *cut;

  if (n == 0)
    return NULL;
  if (path[n - 1] == ']')
    cut = strrchr (path, '[');
  else
    cut = strrchr (path, '.');
  if (cut == NULL)
    cut = path;
  return g_strndup (path, cut - path);
}

/* Keys and values from the file may hold control characters (escaped in
 * JSON, such as "\n"): write them escaped so each problem stays on its
 * one line. */
static void
append_printable (GString    *out,
                  const char *text)
{
  for (const char *q = text; *q != '\0'; q = g_utf8_next_char (q))
    {
      gunichar c = g_utf8_get_char (q);

      if (c < 0x20 || (c >= 0x7F && c <= 0x9F))
        g_string_append_printf (out, "\\u%04X", c);
      else
        g_string_append_len (out, q, g_utf8_next_char (q) - q);
    }
}

static int
compare_problems (gconstpointer a,
                  gconstpointer b)
{
  const Problem *pa = *(const Problem * const *) a;
  const Problem *pb = *(const Problem * const *) b;

  if (pa->line != pb->line)
    return pa->line < pb->line ? -1 : 1;
  if (pa->column != pb->column)
    return pa->column < pb->column ? -1 : 1;
  return pa->seq < pb->seq ? -1 : pa->seq > pb->seq;
}

/* Finds the line and column of every problem's path (or its nearest
 * ancestor that exists in the file), sorts, and builds the message. */
void
loader_set_problems_error (Loader      *L,
                           const char  *data,
                           gsize        length,
                           GError     **error)
{
  g_autoptr(GHashTable) positions = g_hash_table_new_full (g_str_hash, g_str_equal,
                                                           g_free, g_free);
  g_autoptr(GString) message = g_string_new (NULL);
  int code = STRATA_DATASET_ERROR_INVALID;

  for (guint i = 0; i < L->problems->len; i++)
    {
      Problem *p = g_ptr_array_index (L->problems, i);
      char *path;

      if (p->path == NULL)
        continue;
      path = g_strdup (p->path);
      while (path != NULL && !g_hash_table_contains (positions, path))
        {
          char *up = parent_path (path);
          g_hash_table_insert (positions, path, g_new0 (StrataJsonPosition, 1));
          path = up;
        }
      g_free (path);
    }

  _strata_json_guard_locate (data, length, positions);

  for (guint i = 0; i < L->problems->len; i++)
    {
      Problem *p = g_ptr_array_index (L->problems, i);
      g_autofree char *path = g_strdup (p->path);

      while (path != NULL)
        {
          StrataJsonPosition *pos = g_hash_table_lookup (positions, path);
          char *up;

          if (pos != NULL && pos->found)
            {
              p->line = pos->line;
              p->column = pos->column;
              break;
            }
          up = parent_path (path);
          g_free (path);
          path = up;
        }
      if (p->code == STRATA_DATASET_ERROR_LIMIT)
        code = STRATA_DATASET_ERROR_LIMIT;
    }

  g_ptr_array_sort (L->problems, compare_problems);

  for (guint i = 0; i < L->problems->len && i < MAX_REPORTED; i++)
    {
      Problem *p = g_ptr_array_index (L->problems, i);

      if (message->len > 0)
        g_string_append_c (message, '\n');
      g_string_append (message, L->display_name);
      if (p->line > 0)
        g_string_append_printf (message, ":%u:%u", p->line, p->column);
      g_string_append (message, ": error: ");
      if (p->path != NULL && *p->path != '\0')
        {
          append_printable (message, p->path);
          g_string_append (message, ": ");
        }
      append_printable (message, p->message);
    }
  if (L->problems->len > MAX_REPORTED)
    g_string_append_printf (message, "\n%s: error: %u more problems not shown",
                            L->display_name, L->problems->len - MAX_REPORTED);

  g_set_error_literal (error, STRATA_DATASET_ERROR, code, message->str);
}

/* A file name as messages show it: valid UTF-8, control characters
 * (a newline is legal in a Linux file name) escaped. */
char *
loader_printable_name (const char *name)
{
  g_autofree char *valid = g_utf8_make_valid (name, -1);
  GString *out = g_string_new (NULL);

  append_printable (out, valid);
  return g_string_free (out, FALSE);
}

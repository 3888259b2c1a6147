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
#include "strata-json-guard-private.h"

/* Objects with more keys than this get a hash table for the duplicate
 * check; smaller ones compare linearly (most objects have a handful). */
#define LINEAR_KEYS 8

typedef enum
{
  EXPECT_VALUE,           /* after ':' or ',' in an array, or at the top */
  EXPECT_VALUE_OR_CLOSE,  /* right after '[' */
  EXPECT_KEY,             /* after ',' in an object */
  EXPECT_KEY_OR_CLOSE,    /* right after '{' */
  EXPECT_COLON,
  AFTER_VALUE,
} State;

typedef struct
{
  char          kind;        /* '{' or '[' */
  guint         index;       /* values seen so far (arrays) */
  gsize         path_len;    /* length of this container's own path */
  guint         key_start;   /* first key of this object in Guard.keys */
  GHashTable   *key_set;     /* (nullable) once the object is large */
  guint         open_line;
  const guchar *open_line_start;
  const guchar *open_at;
  JsonNode     *node;        /* (unowned) the container, when building */
  gboolean      dead;        /* locate mode: no wanted path below here */
} Frame;

typedef struct
{
  const guchar *begin;
  const guchar *body;        /* past a byte order mark */
  const guchar *p;
  const guchar *end;
  guint         line;
  const guchar *line_start;

  /* Incremental column count (locate mode visits positions in order). */
  const guchar *col_at;
  guint         col;

  Frame         stack[STRATA_JSON_MAX_DEPTH + 1];
  guint         depth;

  GPtrArray    *keys;        /* (owned) decoded keys of open objects */
  GString      *scratch;     /* decoded string */
  GString      *key;         /* build mode: the key awaiting its value */

  /* Build mode: the tree json-glib would have made, in the same pass. */
  gboolean      build;
  JsonNode     *root;        /* (owned) */
  double        number;      /* the last number scanned */
  gboolean      number_is_int;

  /* Locate mode */
  GHashTable   *positions;   /* (nullable) */
  GString      *path;
  guint         remaining;
  guint         n_values;

  StrataJsonGuardProblem *problem;
} Guard;

static guint
column_of (Guard        *g,
           const guchar *line_start,
           const guchar *at)
{
  guint col = 1;

  if (g->col_at != NULL && g->col_at >= line_start && g->col_at <= at)
    {
      col = g->col;
      line_start = g->col_at;
    }
  for (const guchar *q = line_start; q < at; q++)
    if ((*q & 0xC0) != 0x80)
      col++;
  g->col_at = at;
  g->col = col;
  return col;
}

G_GNUC_PRINTF (4, 5)
static gboolean
fail_at (Guard        *g,
         int           code,
         const guchar *at,
         const char   *format,
         ...)
{
  va_list args;

  /* @at is always on the current line: strings and numbers cannot span
   * lines (a raw line break in a string is itself refused). */
  g_assert (at >= g->line_start);

  g->problem->code = code;
  g->problem->line = g->line;
  g->problem->column = column_of (g, g->line_start, at);
  va_start (args, format);
  g->problem->message = g_strdup_vprintf (format, args);
  va_end (args);
  return FALSE;
}

/* Describes the character at @at for a message: 'x', U+0007, or "end of
 * file". */
static char *
describe_char (const guchar *at,
               const guchar *end)
{
  if (at >= end)
    return g_strdup ("end of file");
  if (*at == 0)
    return g_strdup ("NUL byte");
  if (*at >= 0x20 && *at < 0x7F)
    return g_strdup_printf ("'%c'", *at);
  if (*at < 0x80)
    return g_strdup_printf ("control character U+%04X", *at);
  {
    gunichar c = g_utf8_get_char_validated ((const char *) at, end - at);
    if (c == (gunichar) -1 || c == (gunichar) -2)
      return g_strdup_printf ("byte 0x%02X", *at);
    return g_strdup_printf ("character U+%04X", c);
  }
}

/* Validates one UTF-8 sequence at g->p (first byte >= 0x80) and returns
 * its length, or 0 when it is not valid UTF-8. */
static guint
utf8_sequence (const guchar *p,
               const guchar *end)
{
  guchar c = p[0];
  guint n;
  gunichar cp;

  if (c >= 0xC2 && c <= 0xDF)
    n = 2, cp = c & 0x1F;
  else if (c >= 0xE0 && c <= 0xEF)
    n = 3, cp = c & 0x0F;
  else if (c >= 0xF0 && c <= 0xF4)
    n = 4, cp = c & 0x07;
  else
    return 0;

  if ((gsize) (end - p) < n)
    return 0;
  for (guint i = 1; i < n; i++)
    {
      if ((p[i] & 0xC0) != 0x80)
        return 0;
      cp = (cp << 6) | (p[i] & 0x3F);
    }
  /* Overlong forms, UTF-16 surrogates and beyond U+10FFFF. */
  if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
    return 0;
  if (cp >= 0xD800 && cp <= 0xDFFF)
    return 0;
  return n;
}

static int
hex_value (guchar c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

static gboolean
read_hex4 (const guchar *p,
           const guchar *end,
           gunichar     *out)
{
  gunichar v = 0;

  if (end - p < 4)
    return FALSE;
  for (guint i = 0; i < 4; i++)
    {
      int h = hex_value (p[i]);
      if (h < 0)
        return FALSE;
      v = (v << 4) | (gunichar) h;
    }
  *out = v;
  return TRUE;
}

/* Scans a string at g->p (on the opening quote).  With @decode the
 * decoded text is left in g->scratch. */
static gboolean
scan_string (Guard    *g,
             gboolean  decode)
{
  const guchar *open = g->p;
  const guchar *p = g->p + 1;
  const guchar *end = g->end;
  const guchar *run = p;

  if (decode)
    g_string_truncate (g->scratch, 0);

  for (;;)
    {
      guchar c;

      if (p >= end)
        return fail_at (g, STRATA_DATASET_ERROR_SYNTAX, open,
                        "unterminated string: the file ends before its closing '\"'");

      if ((gsize) (p - open) > STRATA_JSON_MAX_STRING_LENGTH + 1)
        return fail_at (g, STRATA_DATASET_ERROR_LIMIT, open,
                        "string longer than %u bytes (the limit for any text in a dataset)",
                        STRATA_JSON_MAX_STRING_LENGTH);

      c = *p;
      if (c == '"')
        break;

      if (c == '\\')
        {
          gunichar cp;

          if (decode)
            g_string_append_len (g->scratch, (const char *) run, p - run);

          if (p + 1 >= end)
            return fail_at (g, STRATA_DATASET_ERROR_SYNTAX, open,
                            "unterminated string: the file ends before its closing '\"'");
          switch (p[1])
            {
            case '"': cp = '"'; p += 2; break;
            case '\\': cp = '\\'; p += 2; break;
            case '/': cp = '/'; p += 2; break;
            case 'b': cp = '\b'; p += 2; break;
            case 'f': cp = '\f'; p += 2; break;
            case 'n': cp = '\n'; p += 2; break;
            case 'r': cp = '\r'; p += 2; break;
            case 't': cp = '\t'; p += 2; break;
            case 'u':
              if (!read_hex4 (p + 2, end, &cp))
                return fail_at (g, STRATA_DATASET_ERROR_SYNTAX, p,
                                "invalid escape: \\u must be followed by four hexadecimal digits");
              if (cp == 0)
                return fail_at (g, STRATA_DATASET_ERROR_SYNTAX, p,
                                "\\u0000 (a NUL character) is not allowed in a string");
              if (cp >= 0xDC00 && cp <= 0xDFFF)
                return fail_at (g, STRATA_DATASET_ERROR_SYNTAX, p,
                                "lone low surrogate \\u%04X: a surrogate pair must start with \\uD800 to \\uDBFF",
                                cp);
              if (cp >= 0xD800 && cp <= 0xDBFF)
                {
                  gunichar low;

                  if (!(end - p >= 12 && p[6] == '\\' && p[7] == 'u'
                        && read_hex4 (p + 8, end, &low)
                        && low >= 0xDC00 && low <= 0xDFFF))
                    return fail_at (g, STRATA_DATASET_ERROR_SYNTAX, p,
                                    "lone high surrogate \\u%04X: it must be followed by a low surrogate \\uDC00 to \\uDFFF",
                                    cp);
                  cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                  p += 12;
                }
              else
                p += 6;
              break;
            default:
              {
                g_autofree char *what = describe_char (p + 1, end);
                return fail_at (g, STRATA_DATASET_ERROR_SYNTAX, p,
                                "invalid escape \\%s in a string (JSON allows \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)",
                                *what == '\'' ? what + 1 : what);
              }
            }
          if (decode)
            g_string_append_unichar (g->scratch, cp);
          run = p;
          continue;
        }

      if (c < 0x20)
        {
          if (c == 0)
            return fail_at (g, STRATA_DATASET_ERROR_SYNTAX, p,
                            "NUL byte in a string (is this UTF-16 text? Strata reads UTF-8)");
          if (c == '\n' || c == '\r')
            return fail_at (g, STRATA_DATASET_ERROR_SYNTAX, p,
                            "line break inside a string (write it as \\n, or is a closing '\"' missing?)");
          return fail_at (g, STRATA_DATASET_ERROR_SYNTAX, p,
                          "raw control character U+%04X in a string (write it as an escape such as \\t or \\u%04X)",
                          c, c);
        }

      if (c < 0x80)
        {
          p++;
          continue;
        }

      {
        guint n = utf8_sequence (p, end);
        if (n == 0)
          return fail_at (g, STRATA_DATASET_ERROR_SYNTAX, p,
                          "invalid UTF-8 (byte 0x%02X): the file must be UTF-8 text", c);
        p += n;
      }
    }

  if (decode)
    g_string_append_len (g->scratch, (const char *) run, p - run);

  if ((gsize) (p - open - 1) > STRATA_JSON_MAX_STRING_LENGTH)
    return fail_at (g, STRATA_DATASET_ERROR_LIMIT, open,
                    "string longer than %u bytes (the limit for any text in a dataset)",
                    STRATA_JSON_MAX_STRING_LENGTH);

  g->p = p + 1;
  return TRUE;
}

static gboolean
is_digit (guchar c)
{
  return c >= '0' && c <= '9';
}

static gboolean
is_word_char (guchar c)
{
  return g_ascii_isalnum (c) || c == '_' || c == '.' || c == '+' || c == '-';
}

/* Refuses a word that is not true/false/null with a helpful message. */
static gboolean
fail_word (Guard        *g,
           const guchar *at)
{
  const guchar *q = at;
  g_autofree char *word = NULL;

  while (q < g->end && q - at < 32 && is_word_char (*q))
    q++;
  word = g_strndup ((const char *) at, q - at);

  if (g_ascii_strcasecmp (word, "nan") == 0
      || g_ascii_strcasecmp (word, "infinity") == 0
      || g_ascii_strcasecmp (word, "-infinity") == 0
      || g_ascii_strcasecmp (word, "+infinity") == 0
      || g_ascii_strcasecmp (word, "inf") == 0
      || g_ascii_strcasecmp (word, "-inf") == 0)
    return fail_at (g, STRATA_DATASET_ERROR_SYNTAX, at,
                    "%s is not a JSON number (JSON has no NaN or Infinity)", word);

  return fail_at (g, STRATA_DATASET_ERROR_SYNTAX, at,
                  "unexpected word '%s' (text must be in double quotes; the only bare words are true, false and null)",
                  word);
}

static gboolean
scan_number (Guard *g)
{
  const guchar *start = g->p;
  const guchar *p = start;
  const guchar *end = g->end;
  gboolean integer = TRUE;
  gsize len;

  if (*p == '-')
    {
      p++;
      if (p >= end || !is_digit (*p))
        {
          if (p < end && (*p == 'I' || *p == 'i' || *p == 'N' || *p == 'n'))
            return fail_word (g, start);
          return fail_at (g, STRATA_DATASET_ERROR_SYNTAX, start,
                          "'-' must be followed by a digit");
        }
    }

  if (*p == '0')
    {
      p++;
      if (p < end && (*p == 'x' || *p == 'X'))
        return fail_at (g, STRATA_DATASET_ERROR_SYNTAX, start,
                        "hexadecimal numbers are not allowed in JSON");
      if (p < end && is_digit (*p))
        return fail_at (g, STRATA_DATASET_ERROR_SYNTAX, start,
                        "numbers must not have leading zeros");
    }
  else
    {
      while (p < end && is_digit (*p))
        p++;
    }

  if (p < end && *p == '.')
    {
      integer = FALSE;
      p++;
      if (p >= end || !is_digit (*p))
        return fail_at (g, STRATA_DATASET_ERROR_SYNTAX, p,
                        "a digit must follow the decimal point (write 1.0, not 1.)");
      while (p < end && is_digit (*p))
        p++;
    }

  if (p < end && (*p == 'e' || *p == 'E'))
    {
      integer = FALSE;
      p++;
      if (p < end && (*p == '+' || *p == '-'))
        p++;
      if (p >= end || !is_digit (*p))
        return fail_at (g, STRATA_DATASET_ERROR_SYNTAX, start,
                        "the exponent of a number needs digits (as in 1e9)");
      while (p < end && is_digit (*p))
        p++;
    }

  if (p < end && (g_ascii_isalnum (*p) || *p == '.' || *p == '_'))
    {
      g_autofree char *what = describe_char (p, end);
      return fail_at (g, STRATA_DATASET_ERROR_SYNTAX, p,
                      "unexpected %s in a number", what);
    }

  len = p - start;
  if (g->positions != NULL)
    {
      /* Locating: the document has passed the checks already. */
      g->p = p;
      return TRUE;
    }
  if (len > STRATA_JSON_MAX_NUMBER_LENGTH)
    return fail_at (g, STRATA_DATASET_ERROR_LIMIT, start,
                    "number literal longer than %u characters (the limit for numbers)",
                    STRATA_JSON_MAX_NUMBER_LENGTH);

  {
    char buf[STRATA_JSON_MAX_NUMBER_LENGTH + 1];
    double v;

    memcpy (buf, start, len);
    buf[len] = '\0';

    if (integer)
      {
        const char *digits = buf[0] == '-' ? buf + 1 : buf;
        gsize n = strlen (digits);

        /* 2^53 = 9007199254740992 has 16 digits. */
        if (n > 16 || (n == 16 && strcmp (digits, "9007199254740992") > 0))
          return fail_at (g, STRATA_DATASET_ERROR_SYNTAX, start,
                          "integer %s is too large to be stored exactly (the limit is 2^53 = 9007199254740992; write it with an exponent, such as 1e20, if an approximation is meant)",
                          buf);
      }

    v = g_ascii_strtod (buf, NULL);
    if (!isfinite (v))
      return fail_at (g, STRATA_DATASET_ERROR_SYNTAX, start,
                      "number %s is too large (it is not a finite double)", buf);
    g->number = v;
    g->number_is_int = integer;
  }

  g->p = p;
  return TRUE;
}

static gboolean
scan_literal (Guard *g)
{
  static const char *literals[] = { "true", "false", "null" };

  for (guint i = 0; i < G_N_ELEMENTS (literals); i++)
    {
      gsize n = strlen (literals[i]);

      if ((gsize) (g->end - g->p) >= n && memcmp (g->p, literals[i], n) == 0
          && (g->p + n == g->end || !is_word_char (g->p[n])))
        {
          g->p += n;
          return TRUE;
        }
    }
  return fail_word (g, g->p);
}

/* Skips JSON whitespace, keeping the line count.  A line ends with LF,
 * CR LF or a lone CR (old Mac files): each counts once. */
static void
skip_ws (Guard *g)
{
  const guchar *p = g->p;

  while (p < g->end)
    {
      guchar c = *p;

      if (c == '\n' || (c == '\r' && (p + 1 >= g->end || p[1] != '\n')))
        {
          g->line++;
          g->line_start = p + 1;
        }
      else if (c != ' ' && c != '\t' && c != '\r')
        break;
      p++;
    }
  g->p = p;
}

static gboolean
fail_unexpected (Guard      *g,
                 const char *expected)
{
  const guchar *p = g->p;
  guchar c = *p;

  if (c == '/' || c == '#')
    return fail_at (g, STRATA_DATASET_ERROR_SYNTAX, p,
                    "comments are not allowed in JSON");
  if (c == '\'')
    return fail_at (g, STRATA_DATASET_ERROR_SYNTAX, p,
                    "strings must be in double quotes, not single quotes");
  if (c == '+')
    return fail_at (g, STRATA_DATASET_ERROR_SYNTAX, p,
                    "numbers must not start with '+'");
  if (c == '.')
    return fail_at (g, STRATA_DATASET_ERROR_SYNTAX, p,
                    "numbers must start with a digit (write 0.5, not .5)");
  if (c == 0)
    return fail_at (g, STRATA_DATASET_ERROR_SYNTAX, p,
                    "NUL byte in the file (is this UTF-16 text? Strata reads UTF-8)");
  if (c >= 0x80 && utf8_sequence (p, g->end) == 0)
    return fail_at (g, STRATA_DATASET_ERROR_SYNTAX, p,
                    "invalid UTF-8 (byte 0x%02X): the file must be UTF-8 text", c);
  if (g_ascii_isalpha (c))
    return fail_word (g, p);

  {
    g_autofree char *what = describe_char (p, g->end);
    return fail_at (g, STRATA_DATASET_ERROR_SYNTAX, p,
                    "unexpected %s, expected %s", what, expected);
  }
}

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
      pos->column = column_of (g, g->line_start, g->p);
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

static gboolean
run (Guard *g)
{
  State state = EXPECT_VALUE;
  gboolean have_root = FALSE;
  gboolean locate = g->positions != NULL;

  for (;;)
    {
      Frame *top;
      guchar c;

      skip_ws (g);
      top = g->depth > 0 ? &g->stack[g->depth - 1] : NULL;

      if (g->p >= g->end)
        {
          if (have_root && g->depth == 0)
            return TRUE;
          if (!have_root && g->depth == 0)
            {
              if (g->end == g->body)
                return fail_at (g, STRATA_DATASET_ERROR_SYNTAX, g->p,
                                "the file is empty (expected a JSON object)");
              return fail_at (g, STRATA_DATASET_ERROR_SYNTAX, g->p,
                              "the file holds only whitespace (expected a JSON object)");
            }
          {
            guint line = top->open_line;
            guint col;

            col = column_of (g, top->open_line_start, top->open_at);
            return fail_at (g, STRATA_DATASET_ERROR_SYNTAX, g->p,
                            "unexpected end of file: the '%c' opened at line %u, column %u is not closed",
                            top->kind, line, col);
          }
        }

      c = *g->p;

      switch (state)
        {
        case EXPECT_VALUE:
        case EXPECT_VALUE_OR_CLOSE:
          if (c == ']' && top != NULL && top->kind == '[')
            {
              if (state == EXPECT_VALUE)
                return fail_at (g, STRATA_DATASET_ERROR_SYNTAX, g->p,
                                "trailing comma before ']'");
              g->p++;
              frame_clear (g, top);
              g->depth--;
              goto value_done;
            }

          if (++g->n_values > STRATA_JSON_MAX_VALUES)
            return fail_at (g, STRATA_DATASET_ERROR_LIMIT, g->p,
                            "more than %u values (numbers, strings, objects and lists) in one file (the limit for datasets)",
                            STRATA_JSON_MAX_VALUES);

          if (locate && (top == NULL || !top->dead))
            {
              if (top != NULL && top->kind == '[')
                {
                  g_string_truncate (g->path, top->path_len);
                  g_string_append_c (g->path, '[');
                  append_uint (g->path, top->index);
                  g_string_append_c (g->path, ']');
                }
              note_value (g);
              if (g->remaining == 0)
                return TRUE;
            }
          if (top != NULL && top->kind == '[')
            top->index++;

          if (c == '{' || c == '[')
            {
              JsonNode *node = NULL;
              Frame *f;

              if (g->depth >= STRATA_JSON_MAX_DEPTH)
                return fail_at (g, STRATA_DATASET_ERROR_LIMIT, g->p,
                                "nesting deeper than %u levels of objects and arrays (the limit for datasets)",
                                STRATA_JSON_MAX_DEPTH);
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
              /* Every ancestor of a wanted path is wanted too: below a
               * container that is not, nothing can be. */
              f->dead = locate && ((top != NULL && top->dead)
                                   || !g_hash_table_contains (g->positions, g->path->str));
              g->p++;
              state = c == '{' ? EXPECT_KEY_OR_CLOSE : EXPECT_VALUE_OR_CLOSE;
              continue;
            }
          if (c == '"')
            {
              if (!scan_string (g, g->build))
                return FALSE;
              if (g->build)
                attach (g, json_node_init_string (json_node_alloc (),
                                                  g->scratch->str));
            }
          else if (c == '-' || is_digit (c))
            {
              if (!scan_number (g))
                return FALSE;
              if (g->build)
                {
                  JsonNode *node = json_node_alloc ();

                  /* Integer literals are within 2^53 here: exact. */
                  if (g->number_is_int)
                    json_node_init_int (node, (gint64) g->number);
                  else
                    json_node_init_double (node, g->number);
                  attach (g, node);
                }
            }
          else if (c == 't' || c == 'f' || c == 'n')
            {
              const guchar *at = g->p;

              if (!scan_literal (g))
                return FALSE;
              if (g->build)
                attach (g, literal_node (at));
            }
          else if (c == ',' || c == ']' || c == '}')
            {
              return fail_at (g, STRATA_DATASET_ERROR_SYNTAX, g->p,
                              "unexpected '%c', expected a value", c);
            }
          else
            return fail_unexpected (g, "a value");
          goto value_done;

        case EXPECT_KEY:
        case EXPECT_KEY_OR_CLOSE:
          if (c == '}')
            {
              if (state == EXPECT_KEY)
                return fail_at (g, STRATA_DATASET_ERROR_SYNTAX, g->p,
                                "trailing comma before '}'");
              g->p++;
              frame_clear (g, top);
              g->depth--;
              goto value_done;
            }
          if (c != '"')
            return fail_unexpected (g, "a key in double quotes");
          {
            const guchar *key_at = g->p;

            if (!scan_string (g, !(locate && top->dead)))
              return FALSE;
            /* Building, the object itself finds duplicates; otherwise
             * keep the keys of the open objects. */
            if (g->build
                ? json_object_has_member (json_node_get_object (top->node), g->scratch->str)
                : (g->keys != NULL && !add_key (g, top, g->scratch->str)))
              {
                g_autofree char *shown = printable_key (g->scratch->str);

                return fail_at (g, STRATA_DATASET_ERROR_SYNTAX, key_at,
                                "duplicate key \"%s\" in the same object", shown);
              }
            if (g->build)
              g_string_assign (g->key, g->scratch->str);
            if (locate && !top->dead)
              {
                g_string_truncate (g->path, top->path_len);
                append_key_to_path (g->path, g->scratch->str);
              }
          }
          state = EXPECT_COLON;
          continue;

        case EXPECT_COLON:
          if (c != ':')
            return fail_unexpected (g, "':' after the key");
          g->p++;
          state = EXPECT_VALUE;
          continue;

        case AFTER_VALUE:
          if (top == NULL)
            {
              g_autofree char *what = describe_char (g->p, g->end);
              return fail_at (g, STRATA_DATASET_ERROR_SYNTAX, g->p,
                              "unexpected %s after the end of the JSON document (a file holds exactly one document)",
                              what);
            }
          if (c == ',')
            {
              g->p++;
              state = top->kind == '{' ? EXPECT_KEY : EXPECT_VALUE;
              continue;
            }
          if ((c == '}' && top->kind == '{') || (c == ']' && top->kind == '['))
            {
              g->p++;
              frame_clear (g, top);
              g->depth--;
              goto value_done;
            }
          if (c == '}' || c == ']')
            return fail_at (g, STRATA_DATASET_ERROR_SYNTAX, g->p,
                            "unexpected '%c': the open '%c' at line %u is closed with the wrong bracket",
                            c, top->kind, top->open_line);
          return fail_unexpected (g, top->kind == '{' ? "',' or '}'" : "',' or ']'");

        default:
          g_assert_not_reached ();
        }

    value_done:
      state = AFTER_VALUE;
      if (g->depth == 0)
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
    return fail_at (g, STRATA_DATASET_ERROR_SYNTAX, d,
                    "the file is UTF-32 text (it starts with a UTF-32 byte order mark); Strata reads UTF-8 only: save it as UTF-8");
  if (n >= 2 && ((d[0] == 0xFE && d[1] == 0xFF) || (d[0] == 0xFF && d[1] == 0xFE)))
    return fail_at (g, STRATA_DATASET_ERROR_SYNTAX, d,
                    "the file is UTF-16 text (it starts with a UTF-16 byte order mark); Strata reads UTF-8 only: save it as UTF-8");
  if (n >= 2 && (d[0] == 0 || d[1] == 0))
    return fail_at (g, STRATA_DATASET_ERROR_SYNTAX, d,
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

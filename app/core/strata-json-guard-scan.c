/* strata-json-guard-scan.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The JSON guard's lexer: one token at g->p, refused with a message that
 * names the line and column.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "strata/strata-dataset.h"
#include "strata-json-guard-scan-private.h"

guint
guard_column_of (Guard        *g,
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
gboolean
guard_fail_at (Guard        *g,
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
  g->problem->column = guard_column_of (g, g->line_start, at);
  va_start (args, format);
  g->problem->message = g_strdup_vprintf (format, args);
  va_end (args);
  return FALSE;
}

/* Describes the character at @at for a message: 'x', U+0007, or "end of
 * file". */
char *
guard_describe_char (const guchar *at,
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

/* A \uXXXX escape at @p (on the backslash), with its low surrogate when
 * it starts a pair; advances *@pp past it. */
static gboolean
scan_unicode_escape (Guard         *g,
                     const guchar **pp,
                     gunichar      *cp)
{
  const guchar *p = *pp;
  gunichar low;

  if (!read_hex4 (p + 2, g->end, cp))
    return guard_fail_at (g, STRATA_DATASET_ERROR_SYNTAX, p,
                          "invalid escape: \\u must be followed by four hexadecimal digits");
  if (*cp == 0)
    return guard_fail_at (g, STRATA_DATASET_ERROR_SYNTAX, p,
                          "\\u0000 (a NUL character) is not allowed in a string");
  if (*cp >= 0xDC00 && *cp <= 0xDFFF)
    return guard_fail_at (g, STRATA_DATASET_ERROR_SYNTAX, p,
                          "lone low surrogate \\u%04X: a surrogate pair must start with \\uD800 to \\uDBFF",
                          *cp);
  if (*cp < 0xD800 || *cp > 0xDBFF)
    {
      *pp = p + 6;
      return TRUE;
    }
  if (!(g->end - p >= 12 && p[6] == '\\' && p[7] == 'u'
        && read_hex4 (p + 8, g->end, &low)
        && low >= 0xDC00 && low <= 0xDFFF))
    return guard_fail_at (g, STRATA_DATASET_ERROR_SYNTAX, p,
                          "lone high surrogate \\u%04X: it must be followed by a low surrogate \\uDC00 to \\uDFFF",
                          *cp);
  *cp = 0x10000 + ((*cp - 0xD800) << 10) + (low - 0xDC00);
  *pp = p + 12;
  return TRUE;
}

/* An escape at *@pp (on the backslash, with a byte after it); leaves the
 * character in *@cp and advances *@pp past the escape. */
static gboolean
scan_escape (Guard         *g,
             const guchar **pp,
             gunichar      *cp)
{
  const guchar *p = *pp;
  g_autofree char *what = NULL;

  switch (p[1])
    {
    case '"': *cp = '"'; break;
    case '\\': *cp = '\\'; break;
    case '/': *cp = '/'; break;
    case 'b': *cp = '\b'; break;
    case 'f': *cp = '\f'; break;
    case 'n': *cp = '\n'; break;
    case 'r': *cp = '\r'; break;
    case 't': *cp = '\t'; break;
    case 'u':
      return scan_unicode_escape (g, pp, cp);
    default:
      what = guard_describe_char (p + 1, g->end);
      return guard_fail_at (g, STRATA_DATASET_ERROR_SYNTAX, p,
                            "invalid escape \\%s in a string (JSON allows \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)",
                            *what == '\'' ? what + 1 : what);
    }
  *pp = p + 2;
  return TRUE;
}

/* A byte below U+0020 at @p inside a string: always an error. */
static gboolean
fail_control (Guard        *g,
              const guchar *p)
{
  guchar c = *p;

  if (c == 0)
    return guard_fail_at (g, STRATA_DATASET_ERROR_SYNTAX, p,
                          "NUL byte in a string (is this UTF-16 text? Strata reads UTF-8)");
  if (c == '\n' || c == '\r')
    return guard_fail_at (g, STRATA_DATASET_ERROR_SYNTAX, p,
                          "line break inside a string (write it as \\n, or is a closing '\"' missing?)");
  return guard_fail_at (g, STRATA_DATASET_ERROR_SYNTAX, p,
                        "raw control character U+%04X in a string (write it as an escape such as \\t or \\u%04X)",
                        c, c);
}

static gboolean
fail_string_too_long (Guard        *g,
                      const guchar *open)
{
  return guard_fail_at (g, STRATA_DATASET_ERROR_LIMIT, open,
                        "string longer than %u bytes (the limit for any text in a dataset)",
                        STRATA_JSON_MAX_STRING_LENGTH);
}

/* Scans a string at g->p (on the opening quote).  With @decode the
 * decoded text is left in g->scratch. */
gboolean
guard_scan_string (Guard    *g,
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
        return guard_fail_at (g, STRATA_DATASET_ERROR_SYNTAX, open,
                              "unterminated string: the file ends before its closing '\"'");
      if ((gsize) (p - open) > STRATA_JSON_MAX_STRING_LENGTH + 1)
        return fail_string_too_long (g, open);

      c = *p;
      if (c == '"')
        break;
      if (c == '\\')
        {
          gunichar cp;

          if (decode)
            g_string_append_len (g->scratch, (const char *) run, p - run);
          if (p + 1 >= end)
            return guard_fail_at (g, STRATA_DATASET_ERROR_SYNTAX, open,
                                  "unterminated string: the file ends before its closing '\"'");
          if (!scan_escape (g, &p, &cp))
            return FALSE;
          if (decode)
            g_string_append_unichar (g->scratch, cp);
          run = p;
        }
      else if (c < 0x20)
        return fail_control (g, p);
      else if (c < 0x80)
        p++;
      else
        {
          guint n = utf8_sequence (p, end);

          if (n == 0)
            return guard_fail_at (g, STRATA_DATASET_ERROR_SYNTAX, p,
                                  "invalid UTF-8 (byte 0x%02X): the file must be UTF-8 text", c);
          p += n;
        }
    }

  if (decode)
    g_string_append_len (g->scratch, (const char *) run, p - run);
  if ((gsize) (p - open - 1) > STRATA_JSON_MAX_STRING_LENGTH)
    return fail_string_too_long (g, open);

  g->p = p + 1;
  return TRUE;
}

gboolean
guard_is_digit (guchar c)
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
    return guard_fail_at (g, STRATA_DATASET_ERROR_SYNTAX, at,
                          "%s is not a JSON number (JSON has no NaN or Infinity)", word);

  return guard_fail_at (g, STRATA_DATASET_ERROR_SYNTAX, at,
                        "unexpected word '%s' (text must be in double quotes; the only bare words are true, false and null)",
                        word);
}

gboolean
guard_scan_number (Guard *g)
{
  const guchar *start = g->p;
  const guchar *p = start;
  const guchar *end = g->end;
  gboolean integer = TRUE;
  gsize len;

  if (*p == '-')
    {
      p++;
      if (p >= end || !guard_is_digit (*p))
        {
          if (p < end && (*p == 'I' || *p == 'i' || *p == 'N' || *p == 'n'))
            return fail_word (g, start);
          return guard_fail_at (g, STRATA_DATASET_ERROR_SYNTAX, start,
                                "'-' must be followed by a digit");
        }
    }

  if (*p == '0')
    {
      p++;
      if (p < end && (*p == 'x' || *p == 'X'))
        return guard_fail_at (g, STRATA_DATASET_ERROR_SYNTAX, start,
                              "hexadecimal numbers are not allowed in JSON");
      if (p < end && guard_is_digit (*p))
        return guard_fail_at (g, STRATA_DATASET_ERROR_SYNTAX, start,
                              "numbers must not have leading zeros");
    }
  else
    {
      while (p < end && guard_is_digit (*p))
        p++;
    }

  if (p < end && *p == '.')
    {
      integer = FALSE;
      p++;
      if (p >= end || !guard_is_digit (*p))
        return guard_fail_at (g, STRATA_DATASET_ERROR_SYNTAX, p,
                              "a digit must follow the decimal point (write 1.0, not 1.)");
      while (p < end && guard_is_digit (*p))
        p++;
    }

  if (p < end && (*p == 'e' || *p == 'E'))
    {
      integer = FALSE;
      p++;
      if (p < end && (*p == '+' || *p == '-'))
        p++;
      if (p >= end || !guard_is_digit (*p))
        return guard_fail_at (g, STRATA_DATASET_ERROR_SYNTAX, start,
                              "the exponent of a number needs digits (as in 1e9)");
      while (p < end && guard_is_digit (*p))
        p++;
    }

  if (p < end && (g_ascii_isalnum (*p) || *p == '.' || *p == '_'))
    {
      g_autofree char *what = guard_describe_char (p, end);
      return guard_fail_at (g, STRATA_DATASET_ERROR_SYNTAX, p,
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
    return guard_fail_at (g, STRATA_DATASET_ERROR_LIMIT, start,
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
          return guard_fail_at (g, STRATA_DATASET_ERROR_SYNTAX, start,
                                "integer %s is too large to be stored exactly (the limit is 2^53 = 9007199254740992; write it with an exponent, such as 1e20, if an approximation is meant)",
                                buf);
      }

    v = g_ascii_strtod (buf, NULL);
    if (!isfinite (v))
      return guard_fail_at (g, STRATA_DATASET_ERROR_SYNTAX, start,
                            "number %s is too large (it is not a finite double)", buf);
    g->number = v;
    g->number_is_int = integer;
  }

  g->p = p;
  return TRUE;
}

gboolean
guard_scan_literal (Guard *g)
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
void
guard_skip_ws (Guard *g)
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

gboolean
guard_fail_unexpected (Guard      *g,
                       const char *expected)
{
  const guchar *p = g->p;
  guchar c = *p;

  if (c == '/' || c == '#')
    return guard_fail_at (g, STRATA_DATASET_ERROR_SYNTAX, p,
                          "comments are not allowed in JSON");
  if (c == '\'')
    return guard_fail_at (g, STRATA_DATASET_ERROR_SYNTAX, p,
                          "strings must be in double quotes, not single quotes");
  if (c == '+')
    return guard_fail_at (g, STRATA_DATASET_ERROR_SYNTAX, p,
                          "numbers must not start with '+'");
  if (c == '.')
    return guard_fail_at (g, STRATA_DATASET_ERROR_SYNTAX, p,
                          "numbers must start with a digit (write 0.5, not .5)");
  if (c == 0)
    return guard_fail_at (g, STRATA_DATASET_ERROR_SYNTAX, p,
                          "NUL byte in the file (is this UTF-16 text? Strata reads UTF-8)");
  if (c >= 0x80 && utf8_sequence (p, g->end) == 0)
    return guard_fail_at (g, STRATA_DATASET_ERROR_SYNTAX, p,
                          "invalid UTF-8 (byte 0x%02X): the file must be UTF-8 text", c);
  if (g_ascii_isalpha (c))
    return fail_word (g, p);

  {
    g_autofree char *what = guard_describe_char (p, g->end);
    return guard_fail_at (g, STRATA_DATASET_ERROR_SYNTAX, p,
                          "unexpected %s, expected %s", what, expected);
  }
}

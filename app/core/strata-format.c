/* strata-format.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "strata/strata-format.h"

/* "1e+18" -> "1e18", "1e-08" -> "1e-8": JSON allows both forms, but the
 * short one is what people and other tools expect. */
static void
tidy_exponent (char *buf)
{
  char *e = strchr (buf, 'e');
  char *src;
  char *dst;

  if (e == NULL)
    return;

  src = dst = e + 1;
  if (*src == '+')
    src++;
  else if (*src == '-')
    *dst++ = *src++;
  while (*src == '0' && src[1] != '\0')
    src++;
  memmove (dst, src, strlen (src) + 1);
}

const char *
strata_format_json_number (double value,
                           char   buf[STRATA_NUMBER_BUF_SIZE])
{
  g_return_val_if_fail (buf != NULL, NULL);

  if (!isfinite (value))
    {
      g_strlcpy (buf, "null", STRATA_NUMBER_BUF_SIZE);
      return buf;
    }

  if (value == 0)
    {
      /* -0 is a valid JSON number, but "0" is what a reader expects. */
      g_strlcpy (buf, "0", STRATA_NUMBER_BUF_SIZE);
      return buf;
    }

  /* The shortest %.*g that reads back to the same double.  %g never
   * writes a locale decimal separator other than '.' in the C locale, so
   * g_ascii_formatd is used to be safe under any LC_NUMERIC. */
  for (int precision = 1; precision <= 17; precision++)
    {
      char format[8];

      g_snprintf (format, sizeof format, "%%.%dg", precision);
      g_ascii_formatd (buf, STRATA_NUMBER_BUF_SIZE, format, value);
      if (g_ascii_strtod (buf, NULL) == value)
        break;
    }

  tidy_exponent (buf);
  return buf;
}

void
strata_append_json_string (GString    *out,
                           const char *text)
{
  g_return_if_fail (out != NULL);

  g_string_append_c (out, '"');
  for (const char *p = text ? text : ""; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      switch (c)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        case '\b':
          g_string_append (out, "\\b");
          break;
        case '\f':
          g_string_append (out, "\\f");
          break;
        default:
          if (c < 0x20)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, (char) c);
          break;
        }
    }
  g_string_append_c (out, '"');
}

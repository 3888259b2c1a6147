/* strata-format-unit.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The dataset's unit as it reads in a sentence: after "per" (the
 * singular) and after a count (the plural).
 */

#include "config.h"

#include <string.h>

#include "strata/strata-format.h"

static gboolean
ends_with (const char *word,
           gsize       length,
           const char *suffix)
{
  gsize n = strlen (suffix);

  return length > n && memcmp (word + length - n, suffix, n) == 0;
}

/* The last word of @unit when the unit's number may change with it:
 * not after a number ("1M tokens", "1000 devices": the number already
 * makes "per" read), and only a plain lowercase word of 3 letters or
 * more ("kWh", "TB" are abbreviations). */
static gboolean
last_plain_word (const char  *unit,
                 const char **last,
                 gsize       *length)
{
  if (g_ascii_isdigit (*unit))
    return FALSE;
  *last = strrchr (unit, ' ');
  *last = *last != NULL ? *last + 1 : unit;
  *length = strlen (*last);
  if (*length < 3)
    return FALSE;
  for (gsize i = 0; i < *length; i++)
    if (!g_ascii_islower ((*last)[i]))
      return FALSE;
  return TRUE;
}

char *
strata_format_unit_singular (const char *unit)
{
  const char *last;
  gsize length;
  GString *out;

  g_return_val_if_fail (unit != NULL, NULL);

  if (!last_plain_word (unit, &last, &length))
    return g_strdup (unit);

  out = g_string_new_len (unit, last - unit);
  if (ends_with (last, length, "ies"))
    {
      g_string_append_len (out, last, length - 3);
      g_string_append_c (out, 'y');
    }
  else if (ends_with (last, length, "sses") || ends_with (last, length, "xes") ||
           ends_with (last, length, "ches") || ends_with (last, length, "shes") ||
           ends_with (last, length, "zzes"))
    g_string_append_len (out, last, length - 2);
  else if (ends_with (last, length, "s") && !ends_with (last, length, "ss") &&
           !ends_with (last, length, "us") && !ends_with (last, length, "is"))
    g_string_append_len (out, last, length - 1);
  else
    g_string_append (out, last);

  return g_string_free (out, FALSE);
}

/* Nouns a count does not pluralize ("300 M data per year" reads; "datas"
 * would not), as a unit of volume may be. */
static const char *const mass_nouns[] = {
  "bandwidth", "capacity", "cargo", "compute", "content", "data", "electricity",
  "energy", "equipment", "feedback", "fish", "freight", "fuel", "hardware",
  "information", "inventory", "mail", "media", "news", "personnel", "power",
  "series", "sheep", "software", "species", "staff", "storage", "throughput",
  "traffic", "usage", "water",
};

char *
strata_format_unit_plural (const char *unit)
{
  g_autofree char *singular = NULL;
  const char *last;
  gsize length;
  GString *out;

  g_return_val_if_fail (unit != NULL, NULL);

  /* Already a plural ("orders"), or left as it is by the same rules. */
  singular = strata_format_unit_singular (unit);
  if (g_strcmp0 (singular, unit) != 0 || !last_plain_word (unit, &last, &length))
    return g_strdup (unit);
  for (gsize i = 0; i < G_N_ELEMENTS (mass_nouns); i++)
    if (strcmp (last, mass_nouns[i]) == 0)
      return g_strdup (unit);
  /* "bus", "analysis", "status": plurals the singular rule cannot read
   * back, so they stay as written. */
  if (ends_with (last, length, "us") || ends_with (last, length, "is"))
    return g_strdup (unit);

  out = g_string_new (unit);
  if (last[length - 1] == 'y' && strchr ("aeiou", last[length - 2]) == NULL)
    {
      g_string_truncate (out, out->len - 1);
      g_string_append (out, "ies");
    }
  else if (ends_with (last, length, "ss") || ends_with (last, length, "x") ||
           ends_with (last, length, "ch") || ends_with (last, length, "sh") ||
           ends_with (last, length, "zz"))
    g_string_append (out, "es");
  else
    g_string_append_c (out, 's');
  return g_string_free (out, FALSE);
}

/* strata-chart-names.c: names cut to a length, and a layer's name in the
 * names' column of a chart's rows, on one line or two
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <strata/strata-format.h>

#include "strata-chart-private.h"

char *
_strata_chart_per_unit (const char *unit,
                        guint       max_chars)
{
  g_autofree char *singular = strata_format_unit_singular (unit != NULL ? unit : "");

  return _strata_chart_cut (singular, max_chars);
}

char *
_strata_chart_cut (const char *text,
                   guint       max_chars)
{
  g_autofree char *valid = NULL;
  GString *out;
  const char *p;
  gsize limit;
  guint n = 0;
  gboolean cut = FALSE;

  if (text == NULL)
    return g_strdup ("");
  if (max_chars < 2)
    max_chars = 2;

  /* Never look at more bytes than max_chars characters can take. */
  limit = strnlen (text, (gsize) max_chars * 4 + 8);
  valid = g_utf8_make_valid (text, limit);

  out = g_string_sized_new (MIN (limit, (gsize) max_chars * 4) + 4);
  for (p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (n == max_chars - 1)
        {
          /* Is there more than this one character left? */
          if (*g_utf8_next_char (p) != '\0' || limit < strlen (text))
            {
              g_string_append (out, "\xE2\x80\xA6");  /* … */
              cut = TRUE;
              break;
            }
        }
      if (g_unichar_iscntrl (c) || c == 0x2028 || c == 0x2029)
        c = ' ';
      g_string_append_unichar (out, c);
      n++;
    }
  /* A name cut in the byte prefix but shorter than max_chars in characters
   * (multi-byte text) still gets its ellipsis. */
  if (!cut && limit < strlen (text))
    g_string_append (out, "\xE2\x80\xA6");

  return g_string_free (out, FALSE);
}

/* Two lines take this many line heights of their row (a little room
 * above, below and between them). */
#define NAME_TWO_LINES 2.2
/* The least size two lines may take, of the style's: less reads as a
 * footnote beside the other rows' names. */
#define NAME_LEAST_SCALE 0.7

/* The first @k words of @words (at least @k long), joined by spaces. */
static char *
join_first (char  **words,
            guint   k)
{
  char *rest = words[k];
  char *joined;

  words[k] = NULL;
  joined = g_strjoinv (" ", words);
  words[k] = rest;
  return joined;
}

/* The break of @words whose wider line is the narrowest at @style's size,
 * with the first line within @width when @width > 0 (0: none fits);
 * *wider receives that line's width. */
static guint
best_break (StrataChartCtx        *ctx,
            const StrataTextStyle *style,
            char                 **words,
            double                 width,
            double                *wider)
{
  guint fit = 0;

  *wider = 0;
  for (guint k = 1; words[k - 1] != NULL && words[k] != NULL; k++)
    {
      g_autofree char *head = join_first (words, k);
      g_autofree char *tail = g_strjoinv (" ", words + k);
      double w, w_tail;

      _strata_chart_text_size (ctx, head, style, &w, NULL);
      if (width > 0 && w > width)
        break;
      _strata_chart_text_size (ctx, tail, style, &w_tail, NULL);
      if (fit == 0 || MAX (w, w_tail) < *wider)
        {
          *wider = MAX (w, w_tail);
          fit = k;
        }
    }
  return fit;
}

char *
_strata_chart_name_lines (StrataChartCtx  *ctx,
                          StrataTextStyle *style,
                          const char      *name,
                          double           room,
                          char           **second)
{
  StrataTextStyle plain = *style;
  g_auto(GStrv) words = NULL;
  double w, h, wider, scale;
  guint fit;

  *second = NULL;
  plain.max_width = 0;
  _strata_chart_text_size (ctx, name, &plain, &w, &h);
  if (w <= style->max_width || style->max_width <= 0 || strchr (name, ' ') == NULL || !(h > 0))
    return g_strdup (name);
  scale = MIN (1.0, room / (h * NAME_TWO_LINES));
  if (scale < NAME_LEAST_SCALE)
    {
      /* A row too short for two lines: the name on one line, a little
       * smaller where that makes it whole, as two lines would be. */
      double one = style->max_width / w * 0.98;

      if (one >= NAME_LEAST_SCALE)
        style->size *= one;
      return g_strdup (name);
    }
  plain.size = style->size * scale;

  /* The break whose wider line is the narrowest: "Data centres and
   * hardware / security modules", not "... security / modules"; a little
   * smaller where that makes both lines fit the width, else the first
   * line within the width and the second cut. */
  words = g_strsplit (name, " ", -1);
  fit = best_break (ctx, &plain, words, 0, &wider);
  if (wider > style->max_width)
    {
      double smaller = plain.size * style->max_width / wider * 0.98;

      if (smaller >= style->size * NAME_LEAST_SCALE)
        {
          plain.size = smaller;
          fit = best_break (ctx, &plain, words, style->max_width, &wider);
        }
      else
        fit = best_break (ctx, &plain, words, style->max_width, &wider);
    }
  if (fit == 0)
    return g_strdup (name);
  style->size = plain.size;
  *second = g_strjoinv (" ", words + fit);
  return join_first (words, fit);
}

double
_strata_chart_name_width (StrataChartCtx        *ctx,
                          const StrataTextStyle *style,
                          const char            *name,
                          double                 room)
{
  StrataTextStyle s = *style;
  g_autofree char *second = NULL;
  g_autofree char *first = _strata_chart_name_lines (ctx, &s, name, room, &second);
  double w, w2 = 0;

  _strata_chart_text_size (ctx, first, &s, &w, NULL);
  if (second != NULL)
    _strata_chart_text_size (ctx, second, &s, &w2, NULL);
  return MAX (w, w2);
}

void
_strata_chart_name (StrataChartCtx        *ctx,
                    const StrataTextStyle *style,
                    const char            *name,
                    double                 room,
                    double                 x,
                    double                 y,
                    double                 ax,
                    double                 ay)
{
  StrataTextStyle s = *style;
  g_autofree char *second = NULL;
  g_autofree char *first = _strata_chart_name_lines (ctx, &s, name, room, &second);
  double h1, h2;

  if (second == NULL)
    {
      _strata_chart_text (ctx, first, &s, x, y, ax, ay, NULL);
      return;
    }
  /* The two lines as one block anchored at @y by @ay. */
  _strata_chart_text_size (ctx, first, &s, NULL, &h1);
  _strata_chart_text_size (ctx, second, &s, NULL, &h2);
  y -= ay * (h1 + h2);
  _strata_chart_text (ctx, first, &s, x, y, ax, 0, NULL);
  _strata_chart_text (ctx, second, &s, x, y + h1, ax, 0, NULL);
}

char *
_strata_chart_field_label (StrataChartCtx        *ctx,
                           const char            *label,
                           const char            *field,
                           const StrataTextStyle *style,
                           double                 max_width)
{
  g_autofree char *words = g_strdelimit (g_strdup (field), "_", ' ');
  const char *colon = strrchr (label, ':');
  g_autofree char *owner = colon != NULL ? g_strndup (label, (gsize) (colon - label)) : g_strdup (label);
  /* "Layer / Option" (or "Link From → To"): the longer of the two is
   * cut first, so that both still say which ("Custom acceler… /
   * Merchant GPUs: margin", not "Custom accelerators and hardware s…:
   * margin", which lost the option the number belongs to). */
  const char *slash = strstr (owner, " / ");
  const char *arrow = strstr (owner, " \xE2\x86\x92 ");
  const char *sep = slash != NULL ? slash : arrow;
  gsize sep_len = slash != NULL ? 3 : 5;
  g_autofree char *layer = sep != NULL ? g_strndup (owner, (gsize) (sep - owner)) : NULL;
  g_autofree char *joint = sep != NULL ? g_strndup (sep, sep_len) : NULL;
  const char *option = sep != NULL ? sep + sep_len : NULL;
  StrataTextStyle measure = *style;
  guint chars = (guint) MIN (g_utf8_strlen (owner, -1), (glong) STRATA_CHART_MAX_NAME_CHARS);
  guint lc = layer != NULL ? (guint) g_utf8_strlen (layer, -1) : 0;
  guint oc = option != NULL ? (guint) g_utf8_strlen (option, -1) : 0;

  measure.max_width = 0;
  for (;;)
    {
      g_autofree char *cut = NULL;
      char *text;
      double w;

      if (layer != NULL)
        {
          g_autofree char *l = _strata_chart_cut (layer, lc);
          g_autofree char *o = _strata_chart_cut (option, oc);

          cut = g_strconcat (l, joint, o, NULL);
        }
      else
        cut = _strata_chart_cut (owner, chars);
      text = g_strdup_printf ("%s: %s", cut, words);
      _strata_chart_text_size (ctx, text, &measure, &w, NULL);
      if (max_width <= 0 || w <= max_width || (layer != NULL ? MAX (lc, oc) <= 6 : chars <= 6))
        return text;
      g_free (text);
      if (layer == NULL)
        chars = chars > 12 ? chars - chars / 8 : chars - 1;
      else if (lc >= oc)
        lc = lc > 12 ? lc - lc / 8 : lc - 1;
      else
        oc = oc > 12 ? oc - oc / 8 : oc - 1;
    }
}

/* strata-format.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <float.h>
#include <glib/gi18n-lib.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strata/strata-format.h"
#include "strata/strata-limits.h"

#include "strata-format-private.h"

/* Significant digits beyond the usual three on this thread (percentages:
 * decimals beyond the one), while two figures are told apart
 * (_strata_format_set_extra_digits ()). */
static _Thread_local guint extra_digits;

void
_strata_format_set_extra_digits (guint extra)
{
  extra_digits = MIN (extra, 6);
}

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

/* "3.6e2" -> "360", "1.5e-3" stays: writes the plain decimal form of an
 * exponent form when it is no longer, as long as the integer part keeps
 * to 15 digits (readers that parse integers as int64 stay safe). */
static void
prefer_plain (char *buf)
{
  char digits[STRATA_NUMBER_BUF_SIZE];
  char plain[STRATA_NUMBER_BUF_SIZE + 32];
  char *e = strchr (buf, 'e');
  gboolean negative = buf[0] == '-';
  gsize n_digits = 0;
  gsize len = 0;
  int point;

  if (e == NULL)
    return;

  for (const char *p = buf + (negative ? 1 : 0); p < e; p++)
    if (g_ascii_isdigit (*p))
      digits[n_digits++] = *p;
  digits[n_digits] = '\0';

  /* d.ddd e X: the point falls after 1 + X digits. */
  point = 1 + atoi (e + 1);
  if (point > 15 || point < -20)
    return;

  if (negative)
    plain[len++] = '-';
  if (point <= 0)
    {
      plain[len++] = '0';
      plain[len++] = '.';
      for (int i = 0; i < -point; i++)
        plain[len++] = '0';
      for (gsize i = 0; i < n_digits; i++)
        plain[len++] = digits[i];
    }
  else
    {
      for (int i = 0; i < point; i++)
        plain[len++] = (gsize) i < n_digits ? digits[i] : '0';
      if ((gsize) point < n_digits)
        {
          plain[len++] = '.';
          for (gsize i = (gsize) point; i < n_digits; i++)
            plain[len++] = digits[i];
        }
    }
  plain[len] = '\0';

  if (len <= strlen (buf))
    g_strlcpy (buf, plain, STRATA_NUMBER_BUF_SIZE);
}

/* The string the loop of strata_format_json_number () stops at (the
 * first precision from 1 to 17 whose %.*g reads back to @value), found
 * in two or three conversions for a normal double: a decimal of at most
 * DBL_DIG (15) digits that reads back to it is what %.15g writes of it
 * (trailing zeros dropped), so when %.15g reads back the shortest
 * precision is its count of significant digits, and when it does not, no
 * precision up to 15 does.  FALSE (nothing decided) otherwise. */
static gboolean
shortest_normal (double value,
                 char   buf[STRATA_NUMBER_BUF_SIZE])
{
  int digits = 0, zeros = 0;
  gboolean leading = TRUE;

  if (!(fabs (value) >= DBL_MIN && fabs (value) <= DBL_MAX))
    return FALSE;
  g_ascii_formatd (buf, STRATA_NUMBER_BUF_SIZE, "%.15g", value);
  if (g_ascii_strtod (buf, NULL) != value)
    {
      g_ascii_formatd (buf, STRATA_NUMBER_BUF_SIZE, "%.16g", value);
      if (g_ascii_strtod (buf, NULL) != value)
        g_ascii_formatd (buf, STRATA_NUMBER_BUF_SIZE, "%.17g", value);
      return TRUE;
    }
  /* The significant digits: from the first non-zero one to the last. */
  for (const char *c = buf; *c != '\0' && *c != 'e'; c++)
    if (g_ascii_isdigit (*c) && !(leading && *c == '0'))
      {
        leading = FALSE;
        digits++;
        zeros = *c == '0' ? zeros + 1 : 0;
      }
  digits -= zeros;
  if (digits >= 1 && digits < 15)
    {
      char format[8];
      char shorter[STRATA_NUMBER_BUF_SIZE];

      g_snprintf (format, sizeof format, "%%.%dg", digits);
      g_ascii_formatd (shorter, sizeof shorter, format, value);
      if (g_ascii_strtod (shorter, NULL) != value)
        return FALSE;
      memcpy (buf, shorter, sizeof shorter);
    }
  return digits >= 1;
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
  if (!shortest_normal (value, buf))
    for (int precision = 1; precision <= 17; precision++)
      {
        char format[8];

        g_snprintf (format, sizeof format, "%%.%dg", precision);
        g_ascii_formatd (buf, STRATA_NUMBER_BUF_SIZE, format, value);
        if (g_ascii_strtod (buf, NULL) == value)
          break;
      }

  tidy_exponent (buf);
  prefer_plain (buf);
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

/* ------------------------------------------------------------------------
 * Numbers for people
 * ------------------------------------------------------------------------ */

/* Text shown where a figure is not a finite number. */
#define NOT_A_NUMBER "n/a"

/* Rounds @value (> 0) to @digits significant digits. */
static double
round_significant (double value,
                   int    digits)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  char format[8];

  /* Going through the decimal text rounds the way the text will read. */
  g_snprintf (format, sizeof format, "%%.%de", digits - 1);
  g_ascii_formatd (buf, sizeof buf, format, value);
  return g_ascii_strtod (buf, NULL);
}

/* Removes trailing zeros after the decimal point, keeping at least
 * @min_decimals decimals, and the point itself when none are left. */
static void
strip_zeros (GString *str,
             guint    min_decimals)
{
  const char *point = strchr (str->str, '.');
  gsize keep;

  if (point == NULL)
    return;

  keep = (gsize) (point - str->str) + 1 + min_decimals;
  while (str->len > keep && str->str[str->len - 1] == '0')
    g_string_truncate (str, str->len - 1);
  if (str->len > 0 && str->str[str->len - 1] == '.')
    g_string_truncate (str, str->len - 1);
}

/* Fixed-point text of @value (>= 0) with @decimals decimals. */
static void
append_fixed (GString *out,
              double   value,
              guint    decimals)
{
  char buf[400];
  char format[16];

  g_snprintf (format, sizeof format, "%%.%uf", decimals);
  g_ascii_formatd (buf, sizeof buf, format, value);
  g_string_append (out, buf);
}

/* Inserts "," between groups of three digits of the integer part. */
static void
group_thousands (GString *str)
{
  const char *point = strchr (str->str, '.');
  gssize int_end = point ? point - str->str : (gssize) str->len;

  for (gssize pos = int_end - 3; pos > 0; pos -= 3)
    g_string_insert_c (str, pos, ',');
}

/* Three significant digits with an SI-style suffix as analysts write
 * them; @value must be finite and >= 0. */
static void
append_si (GString *out,
           double   value)
{
  static const struct { double scale; const char *suffix; } steps[] = {
    { 1e12, "T" },
    { 1e9,  "B" },
    { 1e6,  "M" },
    { 1e3,  "k" },
  };
  g_autoptr(GString) digits = g_string_new (NULL);
  double rounded;
  double scaled = 0;
  const char *suffix = NULL;
  int exponent;

  if (value == 0)
    {
      g_string_append_c (out, '0');
      return;
    }

  rounded = round_significant (value, 3 + (int) extra_digits);

  if (rounded >= 1e15 || rounded < 1e-3)
    {
      /* Beyond trillions or below thousandths: scientific, tidied. */
      char buf[STRATA_NUMBER_BUF_SIZE];
      char format[8];

      /* From @value, not @rounded: 1.797e308 rounds up past DBL_MAX. */
      g_snprintf (format, sizeof format, "%%.%ug", 3 + extra_digits);
      g_ascii_formatd (buf, sizeof buf, format, value);
      tidy_exponent (buf);
      g_string_append (out, buf);
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (rounded >= steps[i].scale)
      {
        scaled = rounded / steps[i].scale;
        suffix = steps[i].suffix;
        break;
      }
  if (suffix == NULL)
    scaled = rounded;

  /* Decimals for three significant digits of the scaled figure. */
  exponent = (int) floor (log10 (scaled));
  append_fixed (digits, scaled, (guint) MAX (0, 2 + (int) extra_digits - exponent));
  strip_zeros (digits, 0);
  g_string_append (out, digits->str);

  if (suffix != NULL)
    {
      g_string_append_c (out, ' ');
      g_string_append (out, suffix);
    }
}

static char *
format_volume_c (double volume)
{
  GString *out = g_string_new (NULL);

  if (!isfinite (volume))
    {
      g_string_append (out, NOT_A_NUMBER);
      return g_string_free (out, FALSE);
    }
  if (volume < 0)
    g_string_append_c (out, '-');
  append_si (out, fabs (volume));
  return g_string_free (out, FALSE);
}

typedef struct
{
  const char *code;
  const char *symbol;
} CurrencySymbol;

/* ISO 4217 codes written with a symbol in front of the amount. */
static const CurrencySymbol currency_symbols[] = {
  { "USD", "$" },
  { "EUR", "€" },
  { "GBP", "£" },
  { "JPY", "¥" },
  { "CNY", "¥" },
  { "INR", "₹" },
  { "KRW", "₩" },
  { "AUD", "A$" },
  { "CAD", "C$" },
  { "NZD", "NZ$" },
  { "HKD", "HK$" },
  { "SGD", "S$" },
  { "TWD", "NT$" },
  { "BRL", "R$" },
  { "MXN", "MX$" },
  { "ILS", "₪" },
  { "RUB", "₽" },
  { "TRY", "₺" },
  { "UAH", "₴" },
  { "VND", "₫" },
  { "NGN", "₦" },
  { "PHP", "₱" },
};

static const char *
currency_symbol (const char *currency)
{
  if (currency == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (currency_symbols); i++)
    if (g_ascii_strcasecmp (currency, currency_symbols[i].code) == 0)
      return currency_symbols[i].symbol;
  return NULL;
}

/* ISO 4217 currencies without a minor unit (exponent 0): "¥45,000",
 * never "¥45,000.00". */
static const char *const whole_currencies[] = {
  "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF",
  "UGX", "VND", "VUV", "XAF", "XOF", "XPF",
};

static gboolean
currency_is_whole (const char *currency)
{
  if (currency == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (whole_currencies); i++)
    if (g_ascii_strcasecmp (currency, whole_currencies[i]) == 0)
      return TRUE;
  return FALSE;
}

/* Writes "-$1.23", "1.23 XYZ" or "1.23" around @digits. */
static char *
wrap_currency (gboolean    negative,
               const char *digits,
               const char *currency)
{
  const char *symbol = currency_symbol (currency);
  GString *out = g_string_new (NULL);

  if (negative)
    g_string_append_c (out, '-');
  if (symbol != NULL)
    g_string_append (out, symbol);
  g_string_append (out, digits);
  if (symbol == NULL && currency != NULL && *currency != '\0')
    {
      g_string_append_c (out, ' ');
      g_string_append (out, currency);
    }
  return g_string_free (out, FALSE);
}

/* Money keeps two decimals, and below one unit of currency as many more as
 * three significant digits need (a per-unit cost of $0.0000123 must not
 * read "$0.00"); trailing zeros past the second decimal are dropped.  A
 * currency without a minor unit (yen, won) shows none from 100 up
 * ("¥6,133"), and below that the decimals three significant digits need,
 * without trailing zeros ("¥7.5", "¥0.0034"). */
#define MONEY_MAX_DECIMALS 15
#define MONEY_SMALLEST     1e-13   /* three significant digits in 15 decimals */

static char *
format_money_c (double      amount,
                const char *currency)
{
  g_autoptr(GString) digits = g_string_new (NULL);
  double magnitude = fabs (amount);
  gboolean whole = currency_is_whole (currency);
  guint decimals = 2;
  gboolean negative;

  if (!isfinite (amount))
    return g_strdup (NOT_A_NUMBER);

  /* Beyond what fixed-point text can show in a column (a thousand
   * trillion and up, or below the last decimal kept): three significant
   * digits in scientific form, the same as every other figure. */
  if (magnitude > 0 && (round_significant (magnitude, 3) >= 1e15 ||
                        round_significant (magnitude, 3) < MONEY_SMALLEST))
    {
      append_si (digits, magnitude);
      return wrap_currency (amount < 0, digits->str, currency);
    }

  if (magnitude > 0 && magnitude < 1)
    {
      double rounded = round_significant (magnitude, 3 + (int) extra_digits);

      if (rounded < 1)
        {
          int exponent = (int) floor (log10 (rounded));
          decimals = (guint) CLAMP (2 + (int) extra_digits - exponent, 2, MONEY_MAX_DECIMALS);
        }
    }
  else if (whole && magnitude > 0)
    decimals = (guint) CLAMP (2 + (int) extra_digits - (int) floor (log10 (round_significant (magnitude, 3))), 0,
                              2 + (int) extra_digits);
  else if (magnitude > 0)
    decimals += extra_digits;

  append_fixed (digits, magnitude, decimals);
  strip_zeros (digits, whole ? 0 : 2);
  group_thousands (digits);

  /* No "-$0.00": a figure that rounds to zero has no sign. */
  negative = amount < 0 && strspn (digits->str, "0.,") != digits->len;
  return wrap_currency (negative, digits->str, currency);
}

static char *
format_money_si_c (double      amount,
                   const char *currency)
{
  g_autoptr(GString) digits = g_string_new (NULL);
  double magnitude = fabs (amount);

  if (!isfinite (amount))
    return g_strdup (NOT_A_NUMBER);

  /* Below a thousand the plain form is short already. */
  if (round_significant (magnitude, 3) < 1000)
    return format_money_c (amount, currency);

  append_si (digits, magnitude);
  return wrap_currency (amount < 0, digits->str, currency);
}

static char *
format_figure_c (double value)
{
  GString *out;

  if (!isfinite (value))
    return g_strdup (NOT_A_NUMBER);
  out = g_string_new (NULL);
  if (value < 0 && round_significant (-value, 3) != 0)
    g_string_append_c (out, '-');
  if (fabs (value) >= 1e3 && round_significant (fabs (value), 3) < 1e15)
    {
      /* Plain digits below a thousand trillion, three significant. */
      g_autoptr(GString) digits = g_string_new (NULL);

      append_fixed (digits, round_significant (fabs (value), 3 + (int) extra_digits), 0);
      group_thousands (digits);
      g_string_append (out, digits->str);
    }
  else
    append_si (out, fabs (value));
  return g_string_free (out, FALSE);
}

static char *
format_percent_c (double fraction)
{
  g_autofree char *figure = NULL;
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  double percent = fraction * 100;

  if (!isfinite (percent))
    return g_strdup (NOT_A_NUMBER);
  if (fabs (percent) < 1000)
    {
      char format[8];

      g_snprintf (format, sizeof format, "%%.%uf", 1 + extra_digits);
      g_ascii_formatd (buf, sizeof buf, format, percent);
      /* No "-0.0 %". */
      if (buf[0] == '-' && strspn (buf + 1, "0.") == strlen (buf + 1))
        memmove (buf, buf + 1, strlen (buf));
      return g_strdup_printf ("%s %%", buf);
    }
  figure = format_figure_c (percent);
  return g_strdup_printf ("%s %%", figure);
}

/* format_percent_c () cut toward zero at the decimal instead of rounded
 * (the 1e-9 absorbs a product such as 0.29 * 100 = 28.999999999999996). */
static char *
format_percent_cut_c (double fraction)
{
  double percent = fraction * 100;

  if (!isfinite (percent) || fabs (percent) >= 1000)
    return format_percent_c (fraction);
  percent = trunc (percent * 10 + copysign (1e-9, percent)) / 10;
  return format_percent_c (percent / 100);
}

/* The figures for people in the C style ("1,234.5") or, once
 * strata_format_use_locale() has been called (the app does, the CLI does
 * not: its text, CSV and JSON read the same everywhere), with the locale's
 * decimal point and thousands separator ("1.234,5" in German). */
static char decimal_point[8] = ".";
static char thousands_sep[8] = ",";

void
strata_format_use_locale (gboolean use_locale)
{
  const struct lconv *conv = localeconv ();
  const char *point = use_locale && conv->decimal_point != NULL && conv->decimal_point[0] != '\0'
                      ? conv->decimal_point : ".";
  const char *sep = ",";

  /* Only a locale that writes another decimal point changes anything;
   * its grouping character is then its own, or a narrow no-break space
   * when it names none (or names the decimal point). */
  if (!g_str_equal (point, "."))
    sep = conv->thousands_sep != NULL && conv->thousands_sep[0] != '\0' &&
          !g_str_equal (conv->thousands_sep, point) ? conv->thousands_sep : "\u202f";
  g_strlcpy (decimal_point, point, sizeof decimal_point);
  g_strlcpy (thousands_sep, sep, sizeof thousands_sep);
}

const char *
strata_format_get_decimal_point (void)
{
  return decimal_point;
}

/* "1,234.5" -> "1.234,5": a '.' or ',' between two digits is a decimal
 * point or a group separator; nothing else is touched (units, currency). */
static char *
localize (char *text)
{
  GString *out;

  if (g_str_equal (decimal_point, ".") && g_str_equal (thousands_sep, ","))
    return text;

  out = g_string_sized_new (strlen (text) + 8);
  for (const char *p = text; *p != '\0'; p++)
    {
      gboolean between = p > text && g_ascii_isdigit (p[-1]) && g_ascii_isdigit (p[1]);

      if (between && *p == '.')
        g_string_append (out, decimal_point);
      else if (between && *p == ',')
        g_string_append (out, thousands_sep);
      else
        g_string_append_c (out, *p);
    }
  g_free (text);
  return g_string_free (out, FALSE);
}

char *
strata_format_delocalize (const char *text)
{
  GString *out;
  gsize point_len = strlen (decimal_point);
  gsize sep_len = strlen (thousands_sep);

  g_return_val_if_fail (text != NULL, NULL);

  if (g_str_equal (decimal_point, ".") && g_str_equal (thousands_sep, ","))
    return g_strdup (text);

  out = g_string_sized_new (strlen (text));
  for (const char *p = text; *p != '\0';)
    {
      gboolean after_digit = p > text && g_ascii_isdigit (p[-1]);

      if (after_digit && strncmp (p, thousands_sep, sep_len) == 0 && g_ascii_isdigit (p[sep_len]))
        p += sep_len;
      else if (strncmp (p, decimal_point, point_len) == 0 && g_ascii_isdigit (p[point_len]))
        {
          g_string_append_c (out, '.');
          p += point_len;
        }
      else
        g_string_append_c (out, *p++);
    }
  return g_string_free (out, FALSE);
}

char *
strata_format_volume (double volume)
{
  return localize (format_volume_c (volume));
}

char *
strata_format_money (double      amount,
                     const char *currency)
{
  return localize (format_money_c (amount, currency));
}

char *
strata_format_money_si (double      amount,
                        const char *currency)
{
  return localize (format_money_si_c (amount, currency));
}

char *
strata_format_figure (double value)
{
  return localize (format_figure_c (value));
}

char *
strata_format_percent (double fraction)
{
  return localize (format_percent_c (fraction));
}

char *
strata_format_percent_cut (double fraction)
{
  return localize (format_percent_cut_c (fraction));
}

char *
strata_format_share (double share)
{
  if (share > 0 && share < 0.005)
    return g_strdup (_("under 1 %"));
  if (share < 1 && share > 0.995)
    return g_strdup (_("over 99 %"));
  return g_strdup_printf ("%.0f %%", share * 100);
}

char *
strata_format_chance (double chance)
{
  if (chance > 0 && chance < 0.0005)
    return g_strdup (_("under 0.1 %"));
  if (chance < 1 && chance >= 0.9995)
    return g_strdup (_("over 99.9 %"));
  return strata_format_percent (chance);
}

char *
strata_format_time_left (double seconds)
{
  guint n;

  if (!(seconds >= 15))
    return NULL;
  if (seconds < 90)
    {
      n = (guint) (round (seconds / 10) * 10);
      /* Translators: a run's time left, in seconds (a multiple of 10) */
      return g_strdup_printf (ngettext ("about %u second left", "about %u seconds left", n), n);
    }
  if (seconds < 90 * 60)
    {
      n = (guint) round (seconds / 60);
      /* Translators: a run's time left, in minutes */
      return g_strdup_printf (ngettext ("about %u minute left", "about %u minutes left", n), n);
    }
  n = (guint) MIN (round (seconds / 3600), 9999);
  /* Translators: a run's time left, in hours */
  return g_strdup_printf (ngettext ("about %u hour left", "about %u hours left", n), n);
}

char *
strata_format_years (int   first_year,
                     guint years)
{
  if (years <= 1)
    return g_strdup_printf ("%d", first_year);
  return g_strdup_printf ("%d\u2013%d", first_year, first_year + (int) years - 1);
}

char *
strata_format_display_text (const char *text,
                            guint       max_chars)
{
  glong n;

  g_return_val_if_fail (max_chars > 0, NULL);

  if (text == NULL)
    return g_strdup ("");
  n = g_utf8_strlen (text, -1);
  if ((gulong) n <= max_chars)
    return g_strdup (text);
  {
    g_autofree char *head = g_utf8_substring (text, 0, max_chars);
    return g_strconcat (head, "\u2026", NULL);
  }
}

/* ------------------------------------------------------------------------
 * Parsing volumes typed by people
 * ------------------------------------------------------------------------ */

typedef struct
{
  const char *suffix;
  double      scale;
} VolumeSuffix;

/* Compared without case: "2.5B", "2.5 bn", "750k", "3 million". */
static const VolumeSuffix volume_suffixes[] = {
  { "k",        1e3 },
  { "thousand", 1e3 },
  { "m",        1e6 },
  { "mn",       1e6 },
  { "mm",       1e6 },
  { "million",  1e6 },
  { "b",        1e9 },
  { "bn",       1e9 },
  { "billion",  1e9 },
  { "t",        1e12 },
  { "tn",       1e12 },
  { "trillion", 1e12 },
};

static gboolean
volume_error (GError     **error,
              const char  *text,
              const char  *reason)
{
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               "“%s” is not a volume: %s", text, reason);
  return FALSE;
}

/* Scans digits with optional "," thousands separators in groups of three;
 * appends the bare digits to @clean.  Returns the end, or NULL when the
 * grouping is wrong ("2,5", "25,00"). */
static const char *
scan_integer_part (const char *p,
                   GString    *clean)
{
  gboolean grouped = FALSE;
  guint group = 0;

  while (g_ascii_isdigit (*p) || *p == ',')
    {
      if (*p == ',')
        {
          /* The first group has 1 to 3 digits, every later one exactly 3. */
          if ((!grouped && (group == 0 || group > 3)) || (grouped && group != 3))
            return NULL;
          grouped = TRUE;
          group = 0;
        }
      else
        {
          g_string_append_c (clean, *p);
          group++;
        }
      p++;
    }

  if (grouped && group != 3)
    return NULL;
  return p;
}

gboolean
strata_parse_volume (const char  *text,
                     double      *volume,
                     GError     **error)
{
  g_autoptr(GString) clean = g_string_new (NULL);
  g_autofree char *trimmed = NULL;
  const char *p;
  const char *suffix;
  double scale = 1;
  double value;
  char *end = NULL;
  gboolean have_digits;

  g_return_val_if_fail (volume != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (text == NULL)
    return volume_error (error, "", "it is empty");

  trimmed = g_strstrip (g_strdup (text));
  if (*trimmed == '\0')
    return volume_error (error, text, "it is empty");

  p = trimmed;
  if (*p == '-')
    return volume_error (error, text, "a volume must be greater than zero");
  if (*p == '+')
    p++;

  /* mantissa: [digits with optional grouping][.digits] */
  p = scan_integer_part (p, clean);
  if (p == NULL)
    return volume_error (error, text,
                         "use “,” only between groups of three digits "
                         "(2,500,000) and “.” for decimals");
  have_digits = clean->len > 0;
  if (*p == '.')
    {
      g_string_append_c (clean, '.');
      p++;
      while (g_ascii_isdigit (*p))
        {
          g_string_append_c (clean, *p++);
          have_digits = TRUE;
        }
    }
  if (!have_digits)
    return volume_error (error, text,
                         "expected a number such as 2.5e9, 2.5B or 2,500,000,000");

  /* exponent: e[+-]digits */
  if ((*p == 'e' || *p == 'E') &&
      (g_ascii_isdigit (p[1]) ||
       ((p[1] == '+' || p[1] == '-') && g_ascii_isdigit (p[2]))))
    {
      g_string_append_c (clean, *p++);
      if (*p == '+' || *p == '-')
        g_string_append_c (clean, *p++);
      while (g_ascii_isdigit (*p))
        g_string_append_c (clean, *p++);
    }

  /* suffix: optional spaces, then one of the known words */
  while (g_ascii_isspace (*p))
    p++;
  suffix = p;
  if (*suffix != '\0')
    {
      gboolean known = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (volume_suffixes); i++)
        if (g_ascii_strcasecmp (suffix, volume_suffixes[i].suffix) == 0)
          {
            scale = volume_suffixes[i].scale;
            known = TRUE;
            break;
          }
      if (!known)
        {
          g_autofree char *reason =
            g_strdup_printf ("unexpected “%s” (known suffixes: k, M, B or bn, T)", suffix);
          return volume_error (error, text, reason);
        }
    }

  errno = 0;
  value = g_ascii_strtod (clean->str, &end);
  if (end == NULL || *end != '\0')
    return volume_error (error, text,
                         "expected a number such as 2.5e9, 2.5B or 2,500,000,000");
  if (errno == ERANGE && fabs (value) > 1)
    return volume_error (error, text, "it is too large: a volume " STRATA_VOLUME_RULE_TEXT);

  value *= scale;
  if (value == 0)
    return volume_error (error, text, "a volume must be greater than zero");
  /* The same rule as volume.min/max/default and reference_volume in a
   * dataset (strata-limits.h). */
  if (!isfinite (value) || value > STRATA_MAX_VOLUME)
    return volume_error (error, text, "it is too large: a volume " STRATA_VOLUME_RULE_TEXT);
  if (value < STRATA_MIN_VOLUME)
    return volume_error (error, text, "it is too small: a volume " STRATA_VOLUME_RULE_TEXT);

  *volume = value;
  return TRUE;
}

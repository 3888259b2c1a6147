/* test-format.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <float.h>
#include <math.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "strata/strata-field.h"
#include "strata/strata-format.h"
#include "strata/strata-model.h"

/* Strict RFC 8259 number grammar. */
#define JSON_NUMBER_RE "^-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?$"

static GRegex *json_number_re;

static gboolean
same_double (double a,
             double b)
{
  /* -0 is written "0": compare values, not bits, for zero. */
  if (a == 0 && b == 0)
    return TRUE;
  return memcmp (&a, &b, sizeof a) == 0;
}

/* Number of significant digits in a %g-style text. */
static int
significant_digits (const char *text)
{
  int first = -1;
  int last = -1;
  int i = 0;

  /* From the first to the last non-zero digit: "360" has two. */
  for (const char *p = text; *p != '\0' && *p != 'e'; p++)
    {
      if (!g_ascii_isdigit (*p))
        continue;
      if (*p != '0')
        {
          if (first < 0)
            first = i;
          last = i;
        }
      i++;
    }
  return first < 0 ? 1 : last - first + 1;
}

static double
parse_with_json_glib (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *doc = g_strdup_printf ("[%s]", text);
  JsonArray *array;
  JsonNode *node;

  json_parser_load_from_data (parser, doc, -1, &error);
  g_assert_no_error (error);
  array = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  node = json_array_get_element (array, 0);
  g_assert_cmpint (json_node_get_node_type (node), ==, JSON_NODE_VALUE);
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return (double) json_node_get_int (node);
  return json_node_get_double (node);
}

static void
check_json_number (double value)
{
  char buf[STRATA_NUMBER_BUF_SIZE];
  const char *text = strata_format_json_number (value, buf);
  double back;
  int digits;

  g_assert_true (text == buf);
  g_assert_true (g_regex_match (json_number_re, text, 0, NULL));
  g_assert_null (strstr (text, "e+"));
  g_assert_null (strstr (text, "e-0"));
  g_assert_null (strstr (text, "e0"));

  back = g_ascii_strtod (text, NULL);
  if (!same_double (back, value))
    g_error ("%.17g written as %s reads back as %.17g", value, text, back);

  back = parse_with_json_glib (text);
  if (!same_double (back, value))
    g_error ("%.17g written as %s reads back through json-glib as %.17g",
             value, text, back);

  /* Shortest: one significant digit less does not read back. */
  digits = significant_digits (text);
  if (digits > 1)
    {
      char shorter[64];
      char format[8];

      g_snprintf (format, sizeof format, "%%.%dg", digits - 1);
      g_ascii_formatd (shorter, sizeof shorter, format, value);
      g_assert_false (g_ascii_strtod (shorter, NULL) == value);
    }
}

static void
test_json_number_fixed (void)
{
  static const struct { double value; const char *text; } cases[] = {
    { 0.0, "0" },
    { -0.0, "0" },
    { 1.0, "1" },
    { -1.0, "-1" },
    { 0.1, "0.1" },
    { 0.25, "0.25" },
    { 1e18, "1e18" },
    { 1e-8, "1e-8" },
    { -2.5e-8, "-2.5e-8" },
    { 2.5e9, "2.5e9" },
    { 1234.5, "1234.5" },
    { 1e21, "1e21" },
    { 123456789012345678.0, "1.2345678901234568e17" },
    { 1.0 / 3.0, "0.3333333333333333" },
    { 5e-324, "5e-324" },
    { DBL_MAX, "1.7976931348623157e308" },
    { 4.0, "4" },
    { 360, "360" },
    { 100, "100" },
    { 4e8, "4e8" },
    { 1e15, "1e15" },
    { 1234567, "1234567" },
    { 0.0001, "0.0001" },
    { 1.5e-5, "1.5e-5" },
    { 0.00123, "0.00123" },
    { 123456789012345.0, "123456789012345" },
    { 1234567890123456.0, "1234567890123456" },
    { 12345678901234568.0, "12345678901234568" },
    { -360, "-360" },
  };
  char buf[STRATA_NUMBER_BUF_SIZE];

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_assert_cmpstr (strata_format_json_number (cases[i].value, buf), ==, cases[i].text);
      check_json_number (cases[i].value);
    }

  g_assert_cmpstr (strata_format_json_number (NAN, buf), ==, "null");
  g_assert_cmpstr (strata_format_json_number (INFINITY, buf), ==, "null");
  g_assert_cmpstr (strata_format_json_number (-INFINITY, buf), ==, "null");
}

static void
test_json_number_special (void)
{
  /* Subnormals, the edges of the normal range, powers of ten and their
   * neighbours. */
  check_json_number (DBL_MIN);
  check_json_number (-DBL_MIN);
  check_json_number (DBL_TRUE_MIN);
  check_json_number (nextafter (DBL_MIN, 0));
  check_json_number (DBL_MIN / 3);
  check_json_number (DBL_MAX);
  check_json_number (-DBL_MAX);
  check_json_number (DBL_EPSILON);
  check_json_number (1 + DBL_EPSILON);
  check_json_number (nextafter (0.1, 1));
  check_json_number (nextafter (0.1, 0));

  for (int e = -320; e <= 308; e++)
    {
      char text[32];
      double v;

      g_snprintf (text, sizeof text, "1e%d", e);
      v = g_ascii_strtod (text, NULL);
      check_json_number (v);
      check_json_number (-v);
      check_json_number (nextafter (v, INFINITY));
      check_json_number (nextafter (v, 0));
    }
}

static void
test_json_number_random (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261126);
  guint checked = 0;

  while (checked < 20000)
    {
      guint64 bits = ((guint64) g_rand_int (rand) << 32) | g_rand_int (rand);
      double value;

      memcpy (&value, &bits, sizeof value);
      if (!isfinite (value))
        continue;
      check_json_number (value);
      checked++;
    }

  /* Everyday magnitudes: costs, volumes, shares. */
  for (guint i = 0; i < 20000; i++)
    {
      double value = g_rand_double_range (rand, -12, 13);

      check_json_number (pow (10, value));
      check_json_number (g_rand_double (rand));
    }
}

static void
test_json_string (void)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  const char *text = "quote \" backslash \\ tab \t nl \n cr \r bell \a ctl \x01 € end";
  JsonArray *array;

  g_string_append_c (out, '[');
  strata_append_json_string (out, text);
  g_string_append_c (out, ',');
  strata_append_json_string (out, NULL);
  g_string_append_c (out, ']');

  g_assert_null (strchr (out->str, '\n'));
  json_parser_load_from_data (parser, out->str, -1, &error);
  g_assert_no_error (error);
  array = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpstr (json_array_get_string_element (array, 0), ==, text);
  g_assert_cmpstr (json_array_get_string_element (array, 1), ==, "");
}

static void
test_volume (void)
{
  static const struct { double value; const char *text; } cases[] = {
    { 2.5e9, "2.5 B" },
    { 1e6, "1 M" },
    { 1e12, "1 T" },
    { 1e9, "1 B" },
    { 950, "950" },
    { 1000, "1 k" },
    { 750000, "750 k" },
    { 999.4, "999" },
    { 999.6, "1 k" },
    { 999999, "1 M" },
    { 1234567, "1.23 M" },
    { 12345678, "12.3 M" },
    { 123456789, "123 M" },
    { 3.2e9, "3.2 B" },
    { 100e9, "100 B" },
    { 999.5e12, "1e15" },
    { 2.5e15, "2.5e15" },
    { 1.5, "1.5" },
    { 0.125, "0.125" },
    { 0.5, "0.5" },
    { 0, "0" },
    { -2.5e9, "-2.5 B" },
    { 1e-5, "1e-5" },
    { NAN, "n/a" },
    { INFINITY, "n/a" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = strata_format_volume (cases[i].value);
      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static void
test_money (void)
{
  static const struct { double value; const char *currency; const char *text; } cases[] = {
    { 0.0123, "USD", "$0.0123" },
    { 1234.5, "EUR", "€1,234.50" },
    { 1.23, "XYZ", "1.23 XYZ" },
    { 4, "USD", "$4.00" },
    { 0.5, "USD", "$0.50" },
    { 0.1, "GBP", "£0.10" },
    { 0.125, "USD", "$0.125" },
    { 0.01, "USD", "$0.01" },
    { 0.0000123456, "USD", "$0.0000123" },
    { 0.999999, "USD", "$1.00" },
    { 999.999, "USD", "$1,000.00" },
    { 1234567.891, "USD", "$1,234,567.89" },
    { 7.5, "CNY", "¥7.50" },
    /* Currencies without a minor unit. */
    { 100, "JPY", "¥100" },
    { 45000, "JPY", "¥45,000" },
    { 6133.33, "JPY", "¥6,133" },
    { 7.5, "JPY", "¥7.5" },
    { 12.34, "JPY", "¥12.3" },
    { 0.0034, "JPY", "¥0.0034" },
    { 0, "JPY", "¥0" },
    { 1234567.6, "krw", "₩1,234,568" },
    { 12, "usd", "$12.00" },
    { -0.0123, "USD", "-$0.0123" },
    { -1234.5, "EUR", "-€1,234.50" },
    { -0.000001, "USD", "-$0.000001" },
    { 0, "USD", "$0.00" },
    { -0.0, "USD", "$0.00" },
    /* Issue 16, finding 6: huge and tiny amounts in scientific form,
     * never hundreds of digits nor "inf". */
    { 1e-20, "USD", "$1e-20" },
    { 5e-324, "USD", "$4.94e-324" },
    { 1e15, "USD", "$1e15" },
    { 1.7976931348623157e308, "USD", "$1.8e308" },
    { -1e100, "EUR", "-€1e100" },
    { 999.4e12, "USD", "$999,400,000,000,000.00" },
    { 2.5, NULL, "2.50" },
    { 2.5, "", "2.50" },
    { 1000, "CHF", "1,000.00 CHF" },
    { NAN, "USD", "n/a" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = strata_format_money (cases[i].value, cases[i].currency);
      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static void
test_money_si (void)
{
  static const struct { double value; const char *currency; const char *text; } cases[] = {
    { 2.5e9, "USD", "$2.5 B" },
    { 1e6, "EUR", "€1 M" },
    { 123456, "GBP", "£123 k" },
    { 1.5e12, "XYZ", "1.5 T XYZ" },
    { -2e9, "USD", "-$2 B" },
    { 999, "USD", "$999.00" },
    { 0.0123, "USD", "$0.0123" },
    { 999.9, "USD", "$1 k" },
    { 0, "USD", "$0.00" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = strata_format_money_si (cases[i].value, cases[i].currency);
      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static void
test_parse_volume_accept (void)
{
  static const struct { const char *text; double value; } cases[] = {
    { "2.5e9", 2.5e9 },
    { "2.5E9", 2.5e9 },
    { "2.5e+9", 2.5e9 },
    { "2.5B", 2.5e9 },
    { "2.5 B", 2.5e9 },
    { "2.5b", 2.5e9 },
    { "2.5bn", 2.5e9 },
    { "1.2 Bn", 1.2e9 },
    { "2,500,000,000", 2.5e9 },
    { "2500000000", 2.5e9 },
    { "750k", 750e3 },
    { "750K", 750e3 },
    { "3M", 3e6 },
    { "3 mn", 3e6 },
    { "3 million", 3e6 },
    { "1T", 1e12 },
    { "1 trillion", 1e12 },
    { "  42  ", 42 },
    { "+7", 7 },
    { ".5", 0.5 },
    { "5.", 5 },
    { "1,234.5", 1234.5 },
    { "1e-3", 1e-3 },
    { "1.5e3k", 1.5e6 },
    { "1e30", 1e30 },
    { "1e-30", 1e-30 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      double value = -1;

      if (!strata_parse_volume (cases[i].text, &value, &error))
        g_error ("“%s” refused: %s", cases[i].text, error->message);
      g_assert_cmpfloat_with_epsilon (value, cases[i].value, cases[i].value * 1e-15);
    }
}

static void
test_parse_volume_refuse (void)
{
  static const struct { const char *text; const char *reason; } cases[] = {
    { "", "it is empty" },
    { "   ", "it is empty" },
    { "-5", "greater than zero" },
    { "-2.5B", "greater than zero" },
    { "0", "greater than zero" },
    { "0.0e5", "greater than zero" },
    { "0 B", "greater than zero" },
    { "1e-400", "greater than zero" },
    { "nan", "expected a number" },
    { "NaN", "expected a number" },
    { "inf", "expected a number" },
    { "infinity", "expected a number" },
    { "0x10", "unexpected “x10”" },
    { "abc", "expected a number" },
    { "2.5 Q", "unexpected “Q”" },
    { "2.5Bx", "unexpected “Bx”" },
    { "12abc", "unexpected “abc”" },
    { "1e400", "too large" },
    { "1e300T", "too large" },
    /* The rule of volume.min/max/default in a dataset (finding 7). */
    { "1e308", "at most 1e30" },
    { "1.1e30", "at most 1e30" },
    { "5e-324", "at least 1e-30" },
    { "1e-31", "too small" },
    { "2,5", "groups of three" },
    { "25,00", "groups of three" },
    { ",500", "groups of three" },
    { "1,,000", "groups of three" },
    { "1000,000", "groups of three" },
    { "1 000", "unexpected “000”" },
    { ".", "expected a number" },
    { "e9", "expected a number" },
    { "1e", "unexpected “e”" },
    { "5 5", "unexpected “5”" },
    { "++5", "expected a number" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      double value = 42;

      if (strata_parse_volume (cases[i].text, &value, &error))
        g_error ("“%s” accepted as %g", cases[i].text, value);
      g_assert_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE);
      g_assert_nonnull (strstr (error->message, cases[i].reason));
      g_assert_true (g_str_has_prefix (error->message, "“"));
      g_assert_cmpfloat (value, ==, 42);
    }
}

static void
test_unit_singular (void)
{
  static const struct {
    const char *unit;
    const char *per;
  } cases[] = {
    { "devices", "device" },
    { "orders", "order" },
    { "GPU hours", "GPU hour" },
    { "batteries", "battery" },
    { "boxes", "box" },
    { "matches", "match" },
    { "1M tokens", "1M tokens" },       /* the number makes "per" read */
    { "1000 devices", "1000 devices" },
    { "unit", "unit" },
    { "kWh", "kWh" },                   /* not a plain lowercase word */
    { "bus", "bus" },
    { "analysis", "analysis" },
    { "glass", "glass" },
    { "TB", "TB" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *per = strata_format_unit_singular (cases[i].unit);

      g_assert_cmpstr (per, ==, cases[i].per);
    }
}

/* A unit written in the singular reads in the plural after a count;
 * the singular of that plural is the unit again. */
static void
test_unit_plural (void)
{
  static const struct {
    const char *unit;
    const char *plural;
  } cases[] = {
    { "transaction", "transactions" },
    { "order", "orders" },
    { "orders", "orders" },             /* already a plural */
    { "GPU hour", "GPU hours" },
    { "query", "queries" },
    { "day", "days" },
    { "box", "boxes" },
    { "match", "matches" },
    { "class", "classes" },
    { "batteries", "batteries" },
    { "1M tokens", "1M tokens" },
    { "1000 device", "1000 device" },   /* a number in front: left alone */
    { "kWh", "kWh" },
    { "TB", "TB" },
    { "data", "data" },                 /* mass nouns */
    { "compute", "compute" },
    { "network traffic", "network traffic" },
    { "bus", "bus" },
    { "analysis", "analysis" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *plural = strata_format_unit_plural (cases[i].unit);
      g_autofree char *again = strata_format_unit_plural (plural);
      g_autofree char *singular = strata_format_unit_singular (plural);

      g_assert_cmpstr (plural, ==, cases[i].plural);
      g_assert_cmpstr (again, ==, plural);
      if (strcmp (plural, cases[i].unit) != 0)
        g_assert_cmpstr (singular, ==, cases[i].unit);
    }

  /* The editor's units of a field: money per one unit, volumes and
   * counts in the plural, whichever way the dataset writes its unit. */
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(StrataDataset) dataset = strata_dataset_new ();
      g_autofree char *per_unit = NULL, *volume = NULL, *count = NULL;

      dataset->unit = g_strdup (i == 0 ? "order" : "orders");
      dataset->currency = g_strdup ("USD");
      per_unit = strata_field_unit_text (strata_field_lookup (STRATA_SCOPE_OPTION, "unit_cost"), dataset);
      volume = strata_field_unit_text (strata_field_lookup (STRATA_SCOPE_OPTION, "reference_volume"), dataset);
      count = strata_field_unit_text (strata_field_lookup (STRATA_SCOPE_OPTION, "experience"), dataset);
      g_assert_cmpstr (per_unit, ==, "USD per order");
      g_assert_cmpstr (volume, ==, "orders per year");
      g_assert_cmpstr (count, ==, "orders");
    }
}

/* Issue 16, finding 6: one formatter for figures and percentages. */
static void
test_figure_and_percent (void)
{
  static const struct { double value; const char *text; } figures[] = {
    { 0, "0" },
    { 3, "3" },
    { 0.0123456, "0.0123" },
    { 1234.5, "1,230" },
    { 1.7976931348623157e308, "1.8e308" },
    { 5e-324, "4.94e-324" },
    { -2.5e20, "-2.5e20" },
    { INFINITY, "n/a" },
    { NAN, "n/a" },
  };
  static const struct { double value; const char *text; } percents[] = {
    { 0.1234, "12.3 %" },
    { -0.5, "-50.0 %" },
    { -1e-9, "0.0 %" },
    { 5e300, "5e302 %" },
    { 12.345, "1,230 %" },
    { NAN, "n/a" },
    { -INFINITY, "n/a" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (figures); i++)
    {
      g_autofree char *text = strata_format_figure (figures[i].value);
      g_assert_cmpstr (text, ==, figures[i].text);
    }
  for (guint i = 0; i < G_N_ELEMENTS (percents); i++)
    {
      g_autofree char *text = strata_format_percent (percents[i].value);
      g_assert_cmpstr (text, ==, percents[i].text);
    }
  /* A gap is cut, never rounded up: the consumer-devices sample's 15.77 %
   * reads "15.7 %" in its action title and in the app's summary alike;
   * products just under a decimal (0.29 * 100) are not cut below it. */
  {
    static const struct { double value; const char *text; } cuts[] = {
      { (529.87 - 446.33) / 529.87, "15.7 %" },
      { 0.1299999, "12.9 %" },
      { 0.29, "29.0 %" },
      { 0.13, "13.0 %" },
      { 0.0019, "0.1 %" },
      { 0.00099, "0.0 %" },
      { -0.157658, "-15.7 %" },
      { 12.345, "1,230 %" },
      { NAN, "n/a" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cuts); i++)
      {
        g_autofree char *text = strata_format_percent_cut (cuts[i].value);
        g_assert_cmpstr (text, ==, cuts[i].text);
      }
  }
  /* Display text is cut (finding 5): 64 KiB of combining marks. */
  {
    g_autoptr(GString) marks = g_string_new ("a");
    g_autofree char *cut = NULL;
    g_autofree char *short_text = strata_format_display_text ("Tiny stack", 200);

    while (marks->len < 65536)
      g_string_append (marks, "\xcc\x81");   /* U+0301 */
    cut = strata_format_display_text (marks->str, 200);
    g_assert_cmpint (g_utf8_strlen (cut, -1), ==, 201);
    g_assert_true (g_str_has_suffix (cut, "\u2026"));
    g_assert_true (g_utf8_validate (cut, -1, NULL));
    g_assert_cmpstr (short_text, ==, "Tiny stack");
  }
  /* Volumes and SI money at the extremes. */
  {
    g_autofree char *v = strata_format_volume (1.7976931348623157e308);
    g_autofree char *m = strata_format_money_si (1.7976931348623157e308, "USD");
    g_assert_cmpstr (v, ==, "1.8e308");
    g_assert_cmpstr (m, ==, "$1.8e308");
  }
}

/* The years of a horizon in every title and table: one year is that
 * year, not "2026–2026". */
static void
test_years (void)
{
  g_autofree char *ten = strata_format_years (2026, 10);
  g_autofree char *one = strata_format_years (2026, 1);
  g_autofree char *two = strata_format_years (1999, 2);

  g_assert_cmpstr (ten, ==, "2026\u20132035");
  g_assert_cmpstr (one, ==, "2026");
  g_assert_cmpstr (two, ==, "1999\u20132000");
}

/* A long run's time left, as the app's run status and strata-cli's progress show it: rounded, and nothing
 * under 15 s. */
static void
test_time_left (void)
{
  static const struct { double seconds; const char *text; } cases[] = {
    { 0, NULL }, { 14.9, NULL }, { NAN, NULL }, { 15, "about 20 seconds left" },
    { 44, "about 40 seconds left" }, { 89, "about 90 seconds left" }, { 90, "about 2 minutes left" },
    { 100, "about 2 minutes left" }, { 2400, "about 40 minutes left" }, { 5399, "about 90 minutes left" },
    { 5400, "about 2 hours left" }, { 3600 * 30.2, "about 30 hours left" }, { 1e12, "about 9999 hours left" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = strata_format_time_left (cases[i].seconds);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  json_number_re = g_regex_new (JSON_NUMBER_RE, 0, 0, NULL);

  g_test_add_func ("/strata/format/json-number/fixed", test_json_number_fixed);
  g_test_add_func ("/strata/format/unit-singular", test_unit_singular);
  g_test_add_func ("/strata/format/unit-plural", test_unit_plural);
  g_test_add_func ("/strata/format/json-number/special", test_json_number_special);
  g_test_add_func ("/strata/format/json-number/random", test_json_number_random);
  g_test_add_func ("/strata/format/json-string", test_json_string);
  g_test_add_func ("/strata/format/volume", test_volume);
  g_test_add_func ("/strata/format/money", test_money);
  g_test_add_func ("/strata/format/money-si", test_money_si);
  g_test_add_func ("/strata/format/figure-and-percent", test_figure_and_percent);
  g_test_add_func ("/strata/format/years", test_years);
  g_test_add_func ("/strata/format/parse-volume/accept", test_parse_volume_accept);
  g_test_add_func ("/strata/format/parse-volume/refuse", test_parse_volume_refuse);
  g_test_add_func ("/format/time-left", test_time_left);

  ret = g_test_run ();
  g_regex_unref (json_number_re);
  return ret;
}

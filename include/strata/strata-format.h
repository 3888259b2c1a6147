/* strata-format.h
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Number formatting and parsing shared by the command-line tool, the charts
 * and the app, so every surface shows the same figures the same way.
 */

#define STRATA_NUMBER_BUF_SIZE 32

/* Shortest decimal text that reads back (g_ascii_strtod) to exactly @value,
 * always valid JSON ("1e+18", "1e-08" never; "0.1", "1e18", "-2.5e-8").
 * Non-finite values are written as "null".  Returns @buf. */
const char *strata_format_json_number (double      value,
                                       char        buf[STRATA_NUMBER_BUF_SIZE]);

/* Appends a JSON string literal (quoted, escaped) to @out. */
void        strata_append_json_string (GString    *out,
                                       const char *text);

/* SI-style volume for people: 2500000000 -> "2.5 B", 1e6 -> "1 M",
 * 1e12 -> "1 T", 950 -> "950".  Three significant digits at most. */
char       *strata_format_volume      (double      volume);

/* Money per unit with currency: (0.0123, "USD") -> "$0.0123",
 * (1234.5, "EUR") -> "€1,234.50", unknown codes as "1.23 XYZ".  Keeps
 * enough significant digits for small per-unit costs. */
char       *strata_format_money       (double      amount,
                                       const char *currency);

/* Large money amounts with SI suffix: 2.5e9 USD -> "$2.5 B". */
char       *strata_format_money_si    (double      amount,
                                       const char *currency);

/* Every figure for people goes through these, so a huge or a tiny value
 * reads the same everywhere: beyond a thousand trillion or below the last
 * decimal shown, three significant digits in scientific form ("1.8e308",
 * "$2.5e-20"), never "inf", "nan" or hundreds of digits; a value that is
 * not finite reads "n/a". */

/* A plain figure (latency, a count): three significant digits, grouped
 * below 1e15 ("1,230", "0.0123", "4.5e20"). */
char       *strata_format_figure      (double      value);

/* A share as a percentage with one decimal: 0.1234 -> "12.3 %",
 * 5e300 -> "5e302 %". */
char       *strata_format_percent     (double      fraction);

/* A gap as a percentage, cut toward zero at one decimal rather than
 * rounded, so that a claim never overstates it: 0.157658 -> "15.7 %"
 * (strata_format_percent says "15.8 %").  The action titles and the
 * app's "vs all neutral" state a gap this way. */
char       *strata_format_percent_cut (double      fraction);

/* The odds in a Monte Carlo's words, whole percent in the style of
 * strata_format_percent (a space before the sign): 0.83 -> "83 %", and
 * "under 1 %" / "over 99 %" where rounding would say 0 % or 100 % of draws
 * that are not none or all (roadmap chart and strata-cli roadmap). */
char       *strata_format_share       (double      share);
/* A chance as strata_format_percent says it (one decimal), but "under
 * 0.1 %" / "over 99.9 %" where rounding would say 0.0 % or 100.0 % of
 * draws that are not none or all (the Chances chart's title, strata-cli
 * montecarlo). */
char       *strata_format_chance      (double      chance);

/* A long run's time left, rounded: "about 40 seconds left" (to 10 s),
 * "about 40 minutes left", "about 3 hours left"; NULL under 15 s or
 * when not a number (too little, or nothing, to say).  The app's and
 * strata-cli's progress. */
char       *strata_format_time_left   (double      seconds);

/* The years of a horizon: "2026–2035", or "2026" for a horizon of one
 * year (not "2026–2026"). */
char       *strata_format_years       (int         first_year,
                                       guint       years);

/* Figures for people (the five functions above) use the locale's decimal
 * point and thousands separator after strata_format_use_locale (TRUE):
 * "1.234,50 €"-style digits in German.  The app calls it once at start-up,
 * before any thread; strata-cli does not, so its text, CSV and JSON stay
 * the same in every locale (and strata_format_json_number never changes). */
void        strata_format_use_locale  (gboolean    use_locale);
/* A figure typed in the style now in use back in the C style that
 * strata_parse_volume() reads: "2,5 B" -> "2.5 B", "2.500.000" ->
 * "2500000" in German; unchanged in the C style. */
char       *strata_format_delocalize  (const char *text);
/* "." or the locale's, as now in use. */
const char *strata_format_get_decimal_point (void);

/* @text cut to at most @max_chars characters (code points) with "…" after
 * a cut, for labels: a 64 KiB title (of combining marks, say) must never
 * reach text layout whole; the full text stays in the dataset. */
#define STRATA_TITLE_MAX_CHARS 200

char       *strata_format_display_text (const char *text,
                                        guint       max_chars);

/* Parses a volume typed by a person: "2.5e9", "2.5B", "2.5 B", "2,500,000,000",
 * "750k", "3M", "1T" (also "bn", "mn", "tn" and the words thousand ...
 * trillion, any case).  Refuses empty, negative, zero, non-finite, overflowing
 * or trailing garbage with a message (G_OPTION_ERROR_BAD_VALUE) that quotes
 * the text.  Locale-independent. */
gboolean    strata_parse_volume       (const char *text,
                                       double     *volume,
                                       GError    **error);

/* The dataset's unit as it reads after "per": "devices" -> "device",
 * "orders" -> "order", "GPU hours" -> "GPU hour", "batteries" -> "battery".
 * A unit with a number in front ("1M tokens" reads "per 1M tokens"), an
 * abbreviation or anything that is not a plain English plural comes back
 * unchanged. */
char       *strata_format_unit_singular (const char *unit);

/* The dataset's unit as it reads after a count ("300 M transactions per
 * year"): a plain lowercase English noun written in the singular gets
 * its plural, "transaction" -> "transactions", "query" -> "queries",
 * "box" -> "boxes".  A plural ("devices"), a unit with a number in front
 * ("1M tokens"), an abbreviation ("kWh", "TB") and a mass noun ("data",
 * "compute", "traffic") come back unchanged. */
char       *strata_format_unit_plural   (const char *unit);

G_END_DECLS

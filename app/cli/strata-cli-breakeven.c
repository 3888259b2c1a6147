/* strata-cli-breakeven.c: strata-cli breakeven
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <strata/strata-format.h>
#include <strata/strata-model.h>
#include <strata/strata-uncertainty.h>

#include "strata-cli-private.h"

/* ------------------------------------------------------------------------
 * breakeven
 * ------------------------------------------------------------------------ */

/* "  10 M to 790 M: Optimal is cheaper" */
static void
append_stretch_line (GString              *out,
                     double                from,
                     double                to,
                     int                   which,
                     const StrataStrategy *const *pair)
{
  g_autofree char *lo = strata_format_volume (from);
  g_autofree char *hi = strata_format_volume (to);

  g_string_append (out, "  ");
  if (which == 0)
    /* Translators: two volumes */
    g_string_append_printf (out, _("%s to %s: the same cost"), lo, hi);
  else
    /* Translators: two volumes and a strategy's name */
    g_string_append_printf (out, _("%s to %s: %s is cheaper"), lo, hi,
                            pair[which < 0 ? 0 : 1]->name);
  g_string_append_c (out, '\n');
}

/* The range in order, stretch by stretch: which of A and B is cheaper, or
 * the same cost. */
static void
append_breakeven_stretches (GString               *out,
                            const StrataDataset   *dataset,
                            const StrataStrategy  *const *pair,
                            const StrataBreakeven *result)
{
  g_autoptr(GArray) cuts = g_array_new (FALSE, FALSE, sizeof (double));
  int last = 2;
  double last_from = result->volume_min;

  g_array_append_val (cuts, result->volume_min);
  for (guint i = 0; i < result->crossings->len; i++)
    g_array_append_val (cuts, g_array_index (result->crossings, StrataCrossing, i).volume);
  for (guint i = 0; i < result->equal->len; i++)
    {
      const StrataEqualStretch *e = &g_array_index (result->equal, StrataEqualStretch, i);
      g_array_append_val (cuts, e->from);
      g_array_append_val (cuts, e->to);
    }
  g_array_append_val (cuts, result->volume_max);
  g_array_sort (cuts, strata_compare_doubles);

  for (guint k = 0; k + 1 < cuts->len; k++)
    {
      double lo = g_array_index (cuts, double, k), hi = g_array_index (cuts, double, k + 1);
      double mid = sqrt (lo * hi);
      int which = 2;

      if (hi / lo - 1.0 <= 1e-8)
        continue;
      for (guint i = 0; i < result->equal->len && which == 2; i++)
        {
          const StrataEqualStretch *e = &g_array_index (result->equal, StrataEqualStretch, i);
          if (mid >= e->from && mid <= e->to)
            which = 0;
        }
      if (which == 2)
        which = strata_strategy_cost (dataset, pair[0], result->objective, mid) <
                strata_strategy_cost (dataset, pair[1], result->objective, mid) ? -1 : 1;
      if (last != 2 && which != last)
        {
          append_stretch_line (out, last_from, lo, last, pair);
          last_from = lo;
        }
      last = which;
    }
  if (last != 2)
    append_stretch_line (out, last_from, result->volume_max, last, pair);
}

static void
print_breakeven_json (const StrataStrategy  *const *pair,
                      const StrataBreakeven *result,
                      GString               *out)
{
  g_string_append (out, "{");
  _strata_cli_append_json_key (out, "a");
  strata_append_json_string (out, pair[0]->id);
  g_string_append (out, ", ");
  _strata_cli_append_json_key (out, "b");
  strata_append_json_string (out, pair[1]->id);
  g_string_append (out, ", ");
  _strata_cli_append_json_key (out, "objective");
  strata_append_json_string (out, strata_objective_to_string (result->objective));
  g_string_append (out, ", ");
  _strata_cli_append_json_key (out, "crossings");
  g_string_append (out, "[");
  for (guint i = 0; i < result->crossings->len; i++)
    {
      const StrataCrossing *x = &g_array_index (result->crossings, StrataCrossing, i);

      g_string_append (out, i > 0 ? ", {" : "{");
      _strata_cli_append_json_key (out, "volume");
      _strata_cli_append_json_number (out, x->volume);
      g_string_append (out, ", ");
      _strata_cli_append_json_key (out, "cheaper_above");
      strata_append_json_string (out, pair[x->cheaper_above ? 1 : 0]->id);
      g_string_append (out, "}");
    }
  g_string_append (out, "], ");
  _strata_cli_append_json_key (out, "equal");
  g_string_append (out, "[");
  for (guint i = 0; i < result->equal->len; i++)
    {
      const StrataEqualStretch *e = &g_array_index (result->equal, StrataEqualStretch, i);

      g_string_append (out, i > 0 ? ", {" : "{");
      _strata_cli_append_json_key (out, "from");
      _strata_cli_append_json_number (out, e->from);
      g_string_append (out, ", ");
      _strata_cli_append_json_key (out, "to");
      _strata_cli_append_json_number (out, e->to);
      g_string_append (out, "}");
    }
  g_string_append (out, "]}\n");
}

/* One record per break-even ("crossing": volume, cheaper_above) and per
 * equal stretch ("equal": from, to), in the order of the JSON. */
static void
print_breakeven_csv (const StrataStrategy  *const *pair,
                     const StrataBreakeven *result,
                     GString               *out)
{
  const char *objective = strata_objective_to_string (result->objective);

  g_string_append_printf (out, "kind,volume,cheaper_above,from,to,objective%s", _strata_cli_csv_row_end ());
  for (guint i = 0; i < result->crossings->len; i++)
    {
      const StrataCrossing *x = &g_array_index (result->crossings, StrataCrossing, i);

      g_string_append (out, "crossing,");
      _strata_cli_append_csv_number (out, x->volume);
      g_string_append_c (out, ',');
      _strata_cli_append_csv_field (out, pair[x->cheaper_above ? 1 : 0]->id);
      g_string_append_printf (out, ",,,%s%s", objective, _strata_cli_csv_row_end ());
    }
  for (guint i = 0; i < result->equal->len; i++)
    {
      const StrataEqualStretch *e = &g_array_index (result->equal, StrataEqualStretch, i);

      g_string_append (out, "equal,,,");
      _strata_cli_append_csv_number (out, e->from);
      g_string_append_c (out, ',');
      _strata_cli_append_csv_number (out, e->to);
      g_string_append_printf (out, ",%s%s", objective, _strata_cli_csv_row_end ());
    }
}

static void
print_breakeven_table (const StrataDataset   *dataset,
                       const StrataStrategy  *const *pair,
                       const StrataBreakeven *result,
                       GString               *out)
{
  g_autofree char *range = _strata_cli_format_range (dataset);
  const char *a = pair[0]->name, *b = pair[1]->name;

  _strata_cli_append_table_header (out, dataset);
  _strata_cli_append_objective_line (out, result->objective);

  if (dataset->volume_min == dataset->volume_max && result->verdict != STRATA_BREAKEVEN_MIXED)
    {
      g_autofree char *volume = strata_format_volume (dataset->volume_min);

      if (result->verdict == STRATA_BREAKEVEN_EQUAL)
        /* Translators: two strategy ids, the dataset's one volume, two strategies' names */
        g_string_append_printf (out, _("No break-even between %s and %s at %s, the dataset's "
                                       "only volume: %s and %s have the same cost there."),
                                pair[0]->id, pair[1]->id, volume, a, b);
      else
        /* Translators: two strategy ids, the dataset's one volume, a strategy's name */
        g_string_append_printf (out, _("No break-even between %s and %s at %s, the dataset's "
                                       "only volume: %s is cheaper there."),
                                pair[0]->id, pair[1]->id, volume,
                                result->verdict == STRATA_BREAKEVEN_A_CHEAPER ? a : b);
      g_string_append_c (out, '\n');
      return;
    }

  switch (result->verdict)
    {
    case STRATA_BREAKEVEN_A_CHEAPER:
    case STRATA_BREAKEVEN_B_CHEAPER:
      /* Translators: two strategy ids, the volume range, a strategy's name */
      g_string_append_printf (out, _("No break-even between %s and %s in %s: %s is cheaper "
                                     "across the range."), pair[0]->id, pair[1]->id, range,
                              result->verdict == STRATA_BREAKEVEN_A_CHEAPER ? a : b);
      g_string_append_c (out, '\n');
      return;
    case STRATA_BREAKEVEN_EQUAL:
      /* Translators: two strategy ids, the volume range, two strategies' names */
      g_string_append_printf (out, _("No break-even between %s and %s in %s: %s and %s have "
                                     "the same cost at every volume."),
                              pair[0]->id, pair[1]->id, range, a, b);
      g_string_append_c (out, '\n');
      return;
    case STRATA_BREAKEVEN_MIXED:
    default:
      break;
    }

  if (result->crossings->len == 0)
    {
      /* Translators: a name and its id, another name and its id, the volume range */
      g_string_append_printf (out, _("No break-even between %s (%s) and %s (%s) in %s."),
                              a, pair[0]->id, b, pair[1]->id, range);
      g_string_append (out, "\n\n");
    }
  else
    {
      g_autoptr(StrataCliTable) table = _strata_cli_table_new (3);
      const char *header[] = {
        _("Break-even volume"), _("Cheaper above"),
        result->objective == STRATA_OBJECTIVE_CASH ? _("Unit cost there") : _("Effective unit cost there"),
      };

      /* Translators: a name and its id, another name and its id, the volume range */
      g_string_append_printf (out, _("Break-even between %s (%s) and %s (%s) in %s:"),
                              a, pair[0]->id, b, pair[1]->id, range);
      g_string_append (out, "\n\n");
      _strata_cli_table_align_right (table, 0);
      _strata_cli_table_align_right (table, 2);
      _strata_cli_table_add_row (table, header);
      for (guint i = 0; i < result->crossings->len; i++)
        {
          const StrataCrossing *x = &g_array_index (result->crossings, StrataCrossing, i);
          g_autofree char *volume = strata_format_volume (x->volume);
          g_autofree char *cost =
            strata_format_money (strata_strategy_cost (dataset, pair[0], result->objective,
                                                       x->volume), dataset->currency);
          const char *row[3];

          row[0] = volume;
          row[1] = pair[x->cheaper_above ? 1 : 0]->name;
          row[2] = cost;
          _strata_cli_table_add_row (table, row);
        }
      _strata_cli_table_render (table, "", out);
      g_string_append_c (out, '\n');
    }
  g_string_append_printf (out, "%s\n", _("Across the range:"));
  append_breakeven_stretches (out, dataset, pair, result);
}

int
_strata_cli_run_breakeven (CliOptions *options,
                           const char *filename)
{
  g_autoptr(StrataDataset) dataset = NULL;
  g_autoptr(StrataBreakeven) result = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  const StrataStrategy *pair[2];
  int status = STRATA_CLI_EXIT_OK;

  if (options->strategy == NULL || options->versus == NULL)
    return _strata_cli_usage_error ("breakeven", _("both --strategy A and --versus B are needed"));

  dataset = strata_cli_load (filename);
  if (dataset == NULL)
    return STRATA_CLI_EXIT_REFUSED;

  pair[0] = _strata_cli_find_strategy_or_complain (dataset, "breakeven", options->strategy, &status);
  if (pair[0] == NULL)
    return status;
  pair[1] = _strata_cli_find_strategy_or_complain (dataset, "breakeven", options->versus, &status);
  if (pair[1] == NULL)
    return status;

  result = strata_breakeven_find (dataset, pair[0], pair[1], options->objective, 0, 0, 0);

  switch (options->format)
    {
    case STRATA_CLI_FORMAT_JSON:
      print_breakeven_json (pair, result, out);
      break;
    case STRATA_CLI_FORMAT_CSV:
      print_breakeven_csv (pair, result, out);
      break;
    case STRATA_CLI_FORMAT_TABLE:
    default:
      print_breakeven_table (dataset, pair, result, out);
      break;
    }

  return _strata_cli_write_stdout (out) ? STRATA_CLI_EXIT_OK : STRATA_CLI_EXIT_REFUSED;
}

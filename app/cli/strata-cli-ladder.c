/* strata-cli-ladder.c: strata-cli ladder
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
 * ladder
 * ------------------------------------------------------------------------ */

static void
ladder_json (GString             *out,
             const StrataDataset *dataset,
             const StrataLadder  *ladder,
             StrataObjective      objective)
{
  const char *cost_key = strata_objective_cost_key (objective);

  _strata_cli_append_json_opening (out, dataset, objective);
  _strata_cli_append_json_key (out, "points");
  g_string_append (out, "[");
  for (guint i = 0; i < ladder->n_points; i++)
    {
      g_string_append (out, i > 0 ? ",\n    {" : "\n    {");
      _strata_cli_append_json_key (out, "volume");
      _strata_cli_append_json_number (out, ladder->volumes[i]);
      g_string_append (out, ", ");
      _strata_cli_append_json_key (out, "choices");
      _strata_cli_append_choices_json (out, dataset,
                                       &ladder->choices[(gsize) i * ladder->n_layers]);
      g_string_append (out, ", ");
      _strata_cli_append_json_key (out, cost_key);
      _strata_cli_append_json_number (out, ladder->costs[i]);
      g_string_append (out, "}");
    }
  g_string_append (out, ladder->n_points > 0 ? "\n  ],\n  " : "],\n  ");
  _strata_cli_append_json_key (out, "flips");
  g_string_append (out, "[");
  for (guint i = 0; i < ladder->n_flips; i++)
    {
      const StrataFlip *f = &ladder->flips[i];

      g_string_append (out, i > 0 ? ",\n    {" : "\n    {");
      _strata_cli_append_json_key (out, "layer");
      strata_append_json_string (out, dataset->layers[f->layer].id);
      g_string_append (out, ", ");
      _strata_cli_append_json_key (out, "volume");
      _strata_cli_append_json_number (out, f->volume);
      g_string_append (out, ", ");
      _strata_cli_append_json_key (out, "from");
      strata_append_json_string (out, dataset->layers[f->layer].options[f->from_option].id);
      g_string_append (out, ", ");
      _strata_cli_append_json_key (out, "to");
      strata_append_json_string (out, dataset->layers[f->layer].options[f->to_option].id);
      g_string_append (out, ", ");
      _strata_cli_append_json_key (out, "from_mode");
      strata_append_json_string (out, strata_mode_to_string (f->from));
      g_string_append (out, ", ");
      _strata_cli_append_json_key (out, "to_mode");
      strata_append_json_string (out, strata_mode_to_string (f->to));
      g_string_append (out, "}");
    }
  g_string_append (out, ladder->n_flips > 0 ? "\n  ]\n}\n" : "]\n}\n");
}

static void
ladder_csv (GString             *out,
            const StrataDataset *dataset,
            const StrataLadder  *ladder,
            StrataObjective      objective)
{
  const char *cost_key = strata_objective_cost_key (objective);

  g_string_append_printf (out, "volume,choices,%s,objective%s", cost_key, _strata_cli_csv_row_end ());
  for (guint i = 0; i < ladder->n_points; i++)
    {
      g_autofree char *choices =
        _strata_cli_choices_text (dataset, &ladder->choices[(gsize) i * ladder->n_layers]);

      _strata_cli_append_csv_number (out, ladder->volumes[i]);
      g_string_append_c (out, ',');
      _strata_cli_append_csv_field (out, choices);
      g_string_append_c (out, ',');
      _strata_cli_append_csv_number (out, ladder->costs[i]);
      g_string_append_c (out, ',');
      g_string_append (out, strata_objective_to_string (objective));
      g_string_append (out, _strata_cli_csv_row_end ());
    }
}

/* "chips: integrate above 3.2 B widgets/yr (merchant → asic)", a line each. */
static void
ladder_flips_text (GString             *out,
                   const StrataDataset *dataset,
                   const StrataLadder  *ladder)
{
  if (ladder->n_flips == 0)
    g_string_append_printf (out, "%s\n", _("No layer changes its optimal option across the range."));
  for (guint i = 0; i < ladder->n_flips; i++)
    {
      const StrataFlip *f = &ladder->flips[i];
      g_autofree char *volume = strata_format_volume (f->volume);
      g_autofree char *units = strata_format_unit_plural (dataset->unit);

      const StrataLayer *layer = &dataset->layers[f->layer];
      g_autofree char *amount = NULL;

      /* "3.2 B widgets/yr", but "790 M × 1M tokens/yr". */
      if (g_ascii_isdigit (dataset->unit[0]))
        /* Translators: a volume, then the unit, e.g. "790 M × 1M tokens/yr" */
        amount = g_strdup_printf (_("%s × %s/yr"), volume, units);
      else
        /* Translators: a volume, then the unit, e.g. "3.2 B widgets/yr" */
        amount = g_strdup_printf (_("%s %s/yr"), volume, units);
      if (f->from == f->to)
        /* Translators: layer id, volume with unit, option ids from and to */
        g_string_append_printf (out, _("%s: switch above %s (%s → %s)"), layer->id, amount,
                                layer->options[f->from_option].id, layer->options[f->to_option].id);
      else if (f->to == STRATA_MODE_INTEGRATED)
        /* Translators: layer id, volume with unit, option ids from and to */
        g_string_append_printf (out, _("%s: integrate above %s (%s → %s)"), layer->id, amount,
                                layer->options[f->from_option].id, layer->options[f->to_option].id);
      else
        /* Translators: layer id, volume with unit, option ids from and to */
        g_string_append_printf (out, _("%s: go neutral above %s (%s → %s)"), layer->id, amount,
                                layer->options[f->from_option].id, layer->options[f->to_option].id);
      g_string_append_c (out, '\n');
    }
}

static void
ladder_table (GString             *out,
              const StrataDataset *dataset,
              const StrataLadder  *ladder,
              StrataObjective      objective)
{
  g_autoptr(StrataCliTable) table = _strata_cli_table_new (dataset->n_layers + 2);
  g_autoptr(GPtrArray) header = g_ptr_array_new ();
  g_autofree char *range = _strata_cli_format_range (dataset);
  /* A dataset of one volume (min = max): every grid point is that volume,
   * so the table has one row, and the sentence the app's ladder shows. */
  gboolean single = dataset->volume_min == dataset->volume_max;
  guint n_rows = single ? 1 : ladder->n_points;

  _strata_cli_append_table_header (out, dataset);
  _strata_cli_append_objective_line (out, objective);
  if (single)
    {
      g_autofree char *volume = strata_format_volume (dataset->volume_min);

      /* Translators: the dataset's one volume; the same sentence as the
       * app's ladder view */
      g_string_append_printf (out, _("The dataset has a single volume (%s): there is no ladder to climb"),
                              volume);
      g_string_append (out, "\n\n");
    }
  else
    {
      /* Translators: the number of volumes and the volume range */
      g_string_append_printf (out, ngettext ("Integration ladder: the optimal strategy at %u volume in %s",
                                             "Integration ladder: the optimal strategy at %u volumes in %s",
                                             ladder->n_points),
                              ladder->n_points, range);
      g_string_append (out, "\n\n");
      ladder_flips_text (out, dataset, ladder);
      g_string_append_c (out, '\n');
    }

  g_ptr_array_add (header, (gpointer) _("Volume"));
  g_ptr_array_add (header, (gpointer) (objective == STRATA_OBJECTIVE_CASH
                                       ? _("Unit cost") : _("Effective unit cost")));
  for (guint l = 0; l < dataset->n_layers; l++)
    g_ptr_array_add (header, dataset->layers[l].id);
  _strata_cli_table_align_right (table, 0);
  _strata_cli_table_align_right (table, 1);
  _strata_cli_table_add_row (table, (const char *const *) header->pdata);

  for (guint i = 0; i < n_rows; i++)
    {
      const guint *choices = &ladder->choices[(gsize) i * ladder->n_layers];
      g_autoptr(GPtrArray) row = g_ptr_array_new_with_free_func (g_free);

      g_ptr_array_add (row, strata_format_volume (ladder->volumes[i]));
      g_ptr_array_add (row, strata_format_money (ladder->costs[i], dataset->currency));
      for (guint l = 0; l < dataset->n_layers; l++)
        {
          const StrataOption *o = &dataset->layers[l].options[choices[l]];
          g_ptr_array_add (row, g_strdup_printf ("%s%s", o->id,
                                                 o->mode == STRATA_MODE_INTEGRATED
                                                 ? " *" : ""));
        }
      _strata_cli_table_add_row (table, (const char *const *) row->pdata);
    }
  _strata_cli_table_render (table, "", out);
  g_string_append_printf (out, "%s\n", _("* integrated option"));
}

int
_strata_cli_run_ladder (CliOptions *options,
                        const char *filename)
{
  g_autoptr(StrataDataset) dataset = NULL;
  g_autoptr(StrataLadder) ladder = NULL;
  g_autoptr(GString) out = g_string_new (NULL);

  dataset = strata_cli_load (filename);
  if (dataset == NULL)
    return STRATA_CLI_EXIT_REFUSED;

  ladder = strata_ladder_new_full (dataset, options->objective, options->points);
  switch (options->format)
    {
    case STRATA_CLI_FORMAT_JSON:
      ladder_json (out, dataset, ladder, options->objective);
      break;
    case STRATA_CLI_FORMAT_CSV:
      ladder_csv (out, dataset, ladder, options->objective);
      break;
    case STRATA_CLI_FORMAT_TABLE:
    default:
      ladder_table (out, dataset, ladder, options->objective);
      break;
    }

  return _strata_cli_write_stdout (out) ? STRATA_CLI_EXIT_OK : STRATA_CLI_EXIT_REFUSED;
}

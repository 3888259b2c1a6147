/* strata-chart-tooltip.c: what a chart view's tooltip says
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include <string.h>

#include "strata/strata-format.h"
#include "strata/strata-model.h"

#include "strata-chart-tooltip-private.h"
#include "strata-chart-view-private.h"

char *
_strata_format_volume_per_year (double      volume,
                                const char *unit)
{
  g_autofree char *text = strata_format_volume (volume);
  g_autofree char *plural = strata_format_unit_plural (unit);

  /* Translators: a volume and its unit, e.g. "2.5 B devices/yr" */
  return g_strdup_printf (_("%s %s%s/yr"), text, g_ascii_isdigit (unit[0]) ? "× " : "", plural);
}

/* A point of a cost curve: the strategy, the volume and the cost the
 * curve plots (the objective's: MODEL.md 3 names it). */
static void
curve_markup (GString                  *markup,
              const StrataChartRequest *request,
              const StrataHit          *hit)
{
  const StrataDataset *dataset = request->dataset;
  g_autofree char *name = g_markup_escape_text (request->strategies[hit->strategy]->name, -1);
  g_autofree char *per_unit = strata_format_unit_singular (dataset->unit);
  g_autofree char *unit = g_markup_escape_text (per_unit, -1);
  g_autofree char *volume = _strata_format_volume_per_year (hit->volume, dataset->unit);
  g_autofree char *money = strata_format_money (hit->value, dataset->currency);
  g_autofree char *volume_markup = g_markup_escape_text (volume, -1);

  g_string_append_printf (markup, "<b>%s</b>\n", name);
  g_string_append_printf (markup, _("Volume: %s"), volume_markup);
  g_string_append_c (markup, '\n');
  if (request->objective == STRATA_OBJECTIVE_CASH)
    /* Translators: money, unit (the cash objective's cost, unit_cost) */
    g_string_append_printf (markup, _("Unit cost: %s per %s"), money, unit);
  else
    /* Translators: money, unit (effective_unit_cost) */
    g_string_append_printf (markup, _("Effective unit cost: %s per %s"), money, unit);
  g_string_append_c (markup, '\n');
  g_string_append_printf (markup, "<small>%s</small>", _("Click to set the volume here"));
}

/* A ladder cell: the option that is optimal there, under the chart's
 * objective. */
static void
ladder_cell_markup (GString                  *markup,
                    const StrataChartRequest *request,
                    const StrataHit          *hit)
{
  const StrataDataset *dataset = request->dataset;
  g_autofree char *volume = _strata_format_volume_per_year (hit->volume, dataset->unit);
  g_autofree char *volume_markup = g_markup_escape_text (volume, -1);
  g_autofree guint *optimum = g_new0 (guint, dataset->n_layers);
  g_autofree char *option_markup = NULL;
  const StrataOption *option;

  strata_optimize_full (dataset, request->objective, hit->volume, optimum);
  option = &dataset->layers[hit->layer].options[optimum[hit->layer]];
  option_markup = g_markup_escape_text (option->name, -1);

  g_string_append_c (markup, '\n');
  g_string_append_printf (markup, _("At %s"), volume_markup);
  g_string_append_c (markup, '\n');
  /* Translators: "Optimal: <option> (neutral|integrated)" */
  g_string_append_printf (markup, _("Optimal: %s (%s)"), option_markup,
                          option->mode == STRATA_MODE_INTEGRATED ? _("integrated") : _("neutral"));
  g_string_append_c (markup, '\n');
  g_string_append_printf (markup, "<small>%s</small>", _("Click to set the volume here"));
}

char *
_strata_chart_tooltip_detail_markup (const char *detail)
{
  const char *newline = strchr (detail, '\n');
  g_autofree char *heading = g_markup_escape_text (detail, newline != NULL ? newline - detail : -1);
  g_autofree char *rest = newline != NULL ? g_markup_escape_text (newline, -1) : NULL;

  return g_strdup_printf ("<b>%s</b>%s", heading, rest != NULL ? rest : "");
}

char *
_strata_chart_tooltip_markup (StrataChartKind           kind,
                              const StrataChartRequest *request,
                              const StrataHit          *hit)
{
  const StrataDataset *dataset = request->dataset;
  g_autoptr(GString) markup = g_string_new (NULL);

  if (dataset == NULL)
    return NULL;

  switch (hit->kind)
    {
    case STRATA_HIT_CURVE:
      if (hit->strategy < request->n_strategies)
        curve_markup (markup, request, hit);
      break;

    case STRATA_HIT_LAYER:
      if (hit->layer < dataset->n_layers)
        {
          g_autofree char *name = g_markup_escape_text (dataset->layers[hit->layer].name, -1);

          g_string_append_printf (markup, "<b>%s</b>", name);
          if (kind == STRATA_CHART_VALUE_CHAIN)
            {
              g_string_append_c (markup, '\n');
              g_string_append (markup, _("Click to flip between neutral and integrated"));
            }
          else if (kind == STRATA_CHART_LADDER && hit->volume > 0)
            ladder_cell_markup (markup, request, hit);
        }
      break;

    case STRATA_HIT_BAR:
      if (hit->strategy < request->n_strategies)
        {
          g_autofree char *name = g_markup_escape_text (request->strategies[hit->strategy]->name, -1);

          g_string_append_printf (markup, "<b>%s</b>", name);
        }
      break;

    case STRATA_HIT_NONE:
    default:
      break;
    }

  return markup->len > 0 ? g_string_free (g_steal_pointer (&markup), FALSE) : NULL;
}

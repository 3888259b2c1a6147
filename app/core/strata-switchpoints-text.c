/* strata-switchpoints-text.c: switch points in words
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "strata-uncertainty"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "strata/strata-format.h"
#include "strata/strata-switchpoints.h"

#include "strata-format-private.h"

/*
 * The one place that says a switch point in words: `strata-cli
 * switchpoints` prints these sentences in its table and the app's
 * Uncertainty page lists them ("what would have to be true"), so the two
 * always read the same.
 */

const char *
strata_switch_reason_text (StrataSwitchReason reason)
{
  switch (reason)
    {
    case STRATA_SWITCH_HAS_SWITCH:   return "it switches the decision";
    case STRATA_SWITCH_HOLDS:        return "the decision holds across its whole range";
    case STRATA_SWITCH_ZERO:         return "its value is 0, so a tenth to ten times it is still 0";
    case STRATA_SWITCH_LATENCY_ONLY: return "it only affects latency";
    case STRATA_SWITCH_MARGIN_ONLY:  return "the price is given: it only moves the supplier's margin";
    case STRATA_SWITCH_NOT_COUNTED:  return "the cash objective does not count ecosystem value";
    case STRATA_SWITCH_TOP_LAYER:    return "the top layer has no interface above it";
    case STRATA_SWITCH_OVERRIDDEN:   return "every interface has a boundary cost of its own";
    case STRATA_SWITCH_NOT_CHOSEN:   return "neither strategy runs its option or link";
    case STRATA_SWITCH_NOT_SWITCHED: return "the plan neither adopts nor leaves its option";
    default:                         return "";
    }
}

const char *
strata_switch_reason_short (StrataSwitchReason reason)
{
  switch (reason)
    {
    case STRATA_SWITCH_HAS_SWITCH:   return "switches";
    case STRATA_SWITCH_HOLDS:        return "holds";
    case STRATA_SWITCH_ZERO:         return "zero";
    case STRATA_SWITCH_LATENCY_ONLY: return "latency only";
    case STRATA_SWITCH_MARGIN_ONLY:  return "margin only";
    case STRATA_SWITCH_NOT_COUNTED:  return "not counted";
    case STRATA_SWITCH_TOP_LAYER:    return "top layer";
    case STRATA_SWITCH_OVERRIDDEN:   return "overridden";
    case STRATA_SWITCH_NOT_CHOSEN:   return "not chosen";
    case STRATA_SWITCH_NOT_SWITCHED: return "not switched";
    default:                         return "";
    }
}

char *
strata_switch_field_value (const StrataDataset *dataset,
                           const char          *field,
                           double               value)
{
  g_return_val_if_fail (dataset != NULL && field != NULL, NULL);

  if (g_str_equal (field, "build_years"))
    {
      g_autofree char *figure = strata_format_figure (value);

      /* Translators: a number of years, such as "3" */
      return g_strdup_printf (_("%s yr"), figure);
    }
  if (g_str_equal (field, "capex") || g_str_equal (field, "exit_cost"))
    return strata_format_money_si (value, dataset->currency);
  if (g_str_equal (field, "discount_rate") || g_str_equal (field, "volume.growth"))
    return strata_format_percent (value);
  if (g_str_equal (field, "volume.first") || g_str_equal (field, "experience"))
    return strata_format_volume (value);
  if (g_str_equal (field, "fixed_cost"))
    {
      g_autofree char *money = strata_format_money_si (value, dataset->currency);

      /* Translators: a yearly amount of money, such as "$3 B/yr" */
      return g_strdup_printf (_("%s/yr"), money);
    }
  if (g_str_equal (field, "margin") || g_str_equal (field, "learning_rate") ||
      g_str_equal (field, "saving"))
    return strata_format_percent (value);
  if (g_str_equal (field, "reference_volume"))
    return strata_format_volume (value);
  if (g_str_equal (field, "latency_ms"))
    {
      g_autofree char *figure = strata_format_figure (value);

      return g_strdup_printf ("%s ms", figure);
    }
  return strata_format_money (value, dataset->currency);
}

/* Whether @text, @field's @value written at the digits in force, reads
 * as a bound of the field's rule (MODEL.md 2) that @value is not: 0 for
 * any number, 1 for a share below 1 (a margin of 99.993 % as "100.0 %",
 * which it cannot reach), -1 for the growth: such a figure takes more
 * digits. */
static gboolean
reads_as_bound (const StrataDataset *dataset,
                const char          *field,
                double               value,
                const char          *text)
{
  gboolean share = g_str_equal (field, "margin") || g_str_equal (field, "learning_rate") ||
                   g_str_equal (field, "saving") || g_str_equal (field, "discount_rate");
  double bounds[2] = { 0, share ? 1 : g_str_equal (field, "volume.growth") ? -1 : 0 };

  for (guint b = 0; b < 2; b++)
    {
      g_autofree char *bound = NULL;

      if (value == bounds[b] || (b == 1 && bounds[1] == 0))
        continue;
      bound = strata_switch_field_value (dataset, field, bounds[b]);
      if (g_str_equal (bound, text))
        return TRUE;
    }
  return FALSE;
}

char *
strata_switch_field_value_apart (const StrataDataset *dataset,
                                 const char          *field,
                                 double               value)
{
  char *text;

  g_return_val_if_fail (dataset != NULL && field != NULL, NULL);

  for (guint extra = 0;; extra++)
    {
      _strata_format_set_extra_digits (extra);
      text = strata_switch_field_value (dataset, field, value);
      if (extra == 4 || !reads_as_bound (dataset, field, value, text))
        break;
      g_free (text);
    }
  _strata_format_set_extra_digits (0);
  return text;
}

void
strata_switch_field_values (const StrataDataset  *dataset,
                            const char           *field,
                            double                value,
                            double                other,
                            char                **value_text,
                            char                **other_text)
{
  g_return_if_fail (dataset != NULL && field != NULL && value_text != NULL && other_text != NULL);

  for (guint extra = 0;; extra++)
    {
      gboolean apart;

      _strata_format_set_extra_digits (extra);
      *value_text = strata_switch_field_value (dataset, field, value);
      *other_text = strata_switch_field_value (dataset, field, other);
      apart = (value == other || strcmp (*value_text, *other_text) != 0) &&
              !reads_as_bound (dataset, field, value, *value_text) &&
              !reads_as_bound (dataset, field, other, *other_text);
      _strata_format_set_extra_digits (0);
      if (apart || extra == 4)
        return;
      g_free (*value_text);
      g_free (*other_text);
    }
}

static const char *
layer_name (const StrataLayer *layer)
{
  return layer->name != NULL ? layer->name : layer->id;
}

static const char *
option_name (const StrataOption *option)
{
  return option->name != NULL ? option->name : option->id;
}

char *
strata_switch_field_subject (const StrataDataset     *dataset,
                             const StrataSwitchField *field)
{
  g_autofree char *words = NULL;

  g_return_val_if_fail (dataset != NULL && field != NULL, NULL);

  /* The JSON key reads better with spaces: "ecosystem value". */
  words = g_strdelimit (g_strdup (field->field), "_", ' ');
  switch (field->kind)
    {
    case STRATA_SWITCH_FIELD_BOUNDARY:
      return g_strdup (_("the default boundary cost"));
    case STRATA_SWITCH_FIELD_LAYER_BOUNDARY:
      /* Translators: %s is a layer, such as "Chips" */
      return g_strdup_printf (_("the boundary cost above %s"), layer_name (&dataset->layers[field->layer]));
    case STRATA_SWITCH_FIELD_LINK:
      {
        const StrataLink *link = &dataset->links[field->link];

        /* Translators: the saving of a co-design link between two layers */
        return g_strdup_printf (_("the co-design saving of %s \xE2\x86\x94 %s"),
                                layer_name (&dataset->layers[link->from]),
                                layer_name (&dataset->layers[link->to]));
      }
    case STRATA_SWITCH_FIELD_HORIZON:
      if (g_str_equal (field->field, "volume.first"))
        return g_strdup (_("the first year's volume"));
      if (g_str_equal (field->field, "volume.growth"))
        return g_strdup (_("the volume's yearly growth"));
      return g_strdup (_("the discount rate"));
    case STRATA_SWITCH_FIELD_OPTION:
    default:
      /* Translators: a field and its option: "the ecosystem value of Model marketplace" */
      return g_strdup_printf (_("the %s of %s"), words,
                              option_name (&dataset->layers[field->layer].options[field->option]));
    }
}

static const char *
cheaper_name (const StrataSwitchPoints *points,
              StrataSwitchCheaper       cheaper)
{
  const StrataStrategy *s = cheaper == STRATA_SWITCH_A_CHEAPER ? points->a : points->b;

  return s->name != NULL ? s->name : s->id;
}

char *
strata_switch_change_text (const StrataDataset      *dataset,
                           const StrataSwitchPoints *points,
                           const StrataSwitch       *sw)
{
  GPtrArray *parts;
  GString *out;

  g_return_val_if_fail (dataset != NULL && points != NULL && sw != NULL, NULL);

  if (points->savings)
    {
      const char *name = points->a->name != NULL ? points->a->name : points->a->id;

      /* The sign of savings_npv (MODEL.md 8) of adopting A now. */
      if (sw->after_cheaper == STRATA_SWITCH_A_CHEAPER)
        /* Translators: a strategy's name */
        return g_strdup_printf (_("Adopting %s now pays (savings_npv above 0)"), name);
      if (sw->after_cheaper == STRATA_SWITCH_B_CHEAPER)
        /* Translators: a strategy's name */
        return g_strdup_printf (_("Adopting %s now stops paying (savings_npv below 0)"), name);
      /* Translators: a strategy's name */
      return g_strdup_printf (_("Adopting %s now breaks even (savings_npv 0)"), name);
    }
  if (points->a != NULL)
    {
      if (sw->after_cheaper == STRATA_SWITCH_EQUAL)
        /* Translators: two strategies' names */
        return g_strdup_printf (_("%s and %s cost the same"), cheaper_name (points, STRATA_SWITCH_A_CHEAPER),
                                cheaper_name (points, STRATA_SWITCH_B_CHEAPER));
      /* Translators: two strategies' names: "All neutral turns cheaper than Optimal" */
      return g_strdup_printf (_("%s turns cheaper than %s"), cheaper_name (points, sw->after_cheaper),
                              cheaper_name (points, (StrataSwitchCheaper) -sw->after_cheaper));
    }

  parts = g_ptr_array_new_with_free_func (g_free);
  for (guint l = 0; l < dataset->n_layers; l++)
    {
      const StrataLayer *layer = &dataset->layers[l];
      const StrataOption *before, *after;

      if (sw->before[l] == sw->after[l] || sw->after[l] >= layer->n_options ||
          sw->before[l] >= layer->n_options)
        continue;
      before = &layer->options[sw->before[l]];
      after = &layer->options[sw->after[l]];
      if (before->mode != after->mode)
        g_ptr_array_add (parts, g_strdup_printf (after->mode == STRATA_MODE_INTEGRATED
                                                 /* Translators: a layer and its new option:
                                                  * "integrates Platform with Closed platform" */
                                                 ? _("integrates %s with %s")
                                                 /* Translators: "buys Models from Third-party models" */
                                                 : _("buys %s from %s"),
                                                 layer_name (layer), option_name (after)));
      else
        /* Translators: a layer and its new option: "switches Chips to Merchant GPU" */
        g_ptr_array_add (parts, g_strdup_printf (_("switches %s to %s"), layer_name (layer),
                                                 option_name (after)));
    }
  /* Translators: the start of what changes: "The optimum integrates Chips with ASIC" */
  out = g_string_new (_("The optimum "));
  for (guint i = 0; i < parts->len; i++)
    {
      if (i > 0)
        g_string_append (out, i + 1 == parts->len ? _(" and ") : ", ");
      g_string_append (out, parts->pdata[i]);
    }
  g_ptr_array_unref (parts);
  return g_string_free (out, FALSE);
}

char *
strata_switch_sentence (const StrataDataset      *dataset,
                        const StrataSwitchPoints *points,
                        const StrataSwitch       *sw)
{
  const StrataSwitchField *field;
  g_autofree char *change = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *at = NULL;
  g_autofree char *today = NULL;
  g_autofree char *when = NULL;

  g_return_val_if_fail (dataset != NULL && points != NULL && sw != NULL, NULL);
  g_return_val_if_fail (sw->field < points->fields->len, NULL);

  field = &g_array_index (points->fields, StrataSwitchField, sw->field);
  change = strata_switch_change_text (dataset, points, sw);
  subject = strata_switch_field_subject (dataset, field);
  strata_switch_field_values (dataset, field->field, sw->at, sw->value, &at, &today);
  /* Translators: "the fixed cost of In-house accelerator rises above $5.9 B/yr" */
  when = g_strdup_printf (sw->at > sw->value ? _("%s rises above %s") : _("%s falls below %s"),
                          subject, at);
  if (field->uncertain)
    {
      g_autofree char *low = strata_switch_field_value_apart (dataset, field->field, field->low);
      g_autofree char *high = strata_switch_field_value_apart (dataset, field->field, field->high);

      /* Translators: "The optimum integrates Platform with Closed platform
       * if the ecosystem value of Model marketplace falls below $0.086
       * (today $0.30; range $0.10–$0.50)" */
      return g_strdup_printf (_("%s if %s (today %s; range %s\xE2\x80\x93%s)"), change, when, today, low, high);
    }
  /* Translators: the same for a number with no range of its own */
  return g_strdup_printf (_("%s if %s (today %s)"), change, when, today);
}

char *
strata_switch_field_sources_text (const StrataDataset     *dataset,
                                  const StrataSwitchField *field)
{
  GString *out = NULL;

  g_return_val_if_fail (dataset != NULL && field != NULL, NULL);

  for (guint i = 0; field->sources != NULL && field->sources[i] != NULL; i++)
    for (guint s = 0; s < dataset->n_sources; s++)
      if (g_strcmp0 (dataset->sources[s].id, field->sources[i]) == 0 && dataset->sources[s].text != NULL)
        {
          if (out == NULL)
            out = g_string_new (NULL);
          else
            g_string_append (out, "; ");
          g_string_append (out, dataset->sources[s].text);
          break;
        }
  return out != NULL ? g_string_free (out, FALSE) : NULL;
}

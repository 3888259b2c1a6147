/* strata-cli-switchpoints.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * `strata-cli switchpoints FILE --volume V [--strategy A --versus B]
 *  [--objective effective|cash] [--format table|csv|json]`:
 * what would have to be true for the decision to change (MODEL.md
 * sections 6 and 7); `--outcome savings_npv [--strategy S]`: for the
 * savings of adopting S now to change sign (MODEL.md 8).
 */

#include "config.h"

#include <glib/gi18n.h>

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <strata/strata-format.h>
#include <strata/strata-model.h>
#include <strata/strata-horizon.h>
#include <strata/strata-switchpoints.h>

#include "strata-cli-private.h"

/* savings_npv: the sign of the savings, as a decision. */
static const char *
sign_word (StrataSwitchCheaper cheaper)
{
  switch (cheaper)
    {
    case STRATA_SWITCH_A_CHEAPER: return "positive";
    case STRATA_SWITCH_B_CHEAPER: return "negative";
    case STRATA_SWITCH_EQUAL:
    default:                      return "zero";
    }
}

static const char *
cheaper_id (const StrataSwitchPoints *points,
            StrataSwitchCheaper       cheaper)
{
  switch (cheaper)
    {
    case STRATA_SWITCH_A_CHEAPER: return points->a->id;
    case STRATA_SWITCH_B_CHEAPER: return points->b->id;
    case STRATA_SWITCH_EQUAL:
    default:                      return NULL;
    }
}

/* ------------------------------------------------------------------ */

#define JSON_CHUNK (1u << 20)

static void
append_decision_json (GString                  *out,
                      const StrataDataset      *ds,
                      const StrataSwitchPoints *points,
                      const guint              *choices,
                      StrataSwitchCheaper       cheaper)
{
  const char *id;

  if (points->a == NULL)
    {
      _strata_cli_append_choices_json (out, ds, choices);
      return;
    }
  if (points->savings)
    {
      strata_append_json_string (out, sign_word (cheaper));
      return;
    }
  id = cheaper_id (points, cheaper);
  if (id == NULL)
    g_string_append (out, "null");
  else
    strata_append_json_string (out, id);
}

/* Writes the JSON as it goes, a megabyte at a time: the decisions of a
 * 1000-layer stack's switches are hundreds of megabytes.  FALSE when it
 * cannot write (said on standard error); what is left in @out is the
 * caller's to write. */
static gboolean
print_json (const StrataDataset      *ds,
            const StrataSwitchPoints *points,
            GString                  *out)
{
  char buf[STRATA_NUMBER_BUF_SIZE];

  g_string_append (out, "{\"dataset\": ");
  strata_append_json_string (out, ds->title);
  if (points->savings)
    g_string_append_printf (out, ", \"outcome\": \"savings_npv\", \"first_year\": %d",
                            ds->horizon->first_year);
  else
    g_string_append_printf (out, ", \"volume\": %s", strata_format_json_number (points->volume, buf));
  g_string_append (out, ", \"objective\": ");
  strata_append_json_string (out, strata_objective_to_string (points->objective));
  g_string_append (out, ", \"decision\": ");
  if (points->savings)
    {
      g_string_append (out, "{\"adopt\": ");
      strata_append_json_string (out, points->a->id);
      g_string_append (out, ", \"start\": ");
      strata_append_json_string (out, points->b->id);
      g_string_append_printf (out, ", \"today\": \"%s\"}", sign_word (points->today_cheaper));
    }
  else if (points->a == NULL)
    g_string_append (out, "\"optimal\"");
  else
    {
      g_string_append (out, "{\"a\": ");
      strata_append_json_string (out, points->a->id);
      g_string_append (out, ", \"b\": ");
      strata_append_json_string (out, points->b->id);
      g_string_append (out, "}");
    }
  g_string_append (out, ", \"switches\": [");
  for (guint i = 0; i < points->switches->len; i++)
    {
      const StrataSwitch *sw = &g_array_index (points->switches, StrataSwitch, i);
      const StrataSwitchField *f = &g_array_index (points->fields, StrataSwitchField, sw->field);

      g_string_append (out, i > 0 ? ", {\"path\": " : "{\"path\": ");
      strata_append_json_string (out, f->path);
      g_string_append_printf (out, ", \"value\": %s", strata_format_json_number (sw->value, buf));
      g_string_append_printf (out, ", \"switch\": %s", strata_format_json_number (sw->at, buf));
      g_string_append (out, ", \"before\": ");
      append_decision_json (out, ds, points, sw->before, sw->before_cheaper);
      g_string_append (out, ", \"after\": ");
      append_decision_json (out, ds, points, sw->after, sw->after_cheaper);
      g_string_append (out, "}");
      if (out->len >= JSON_CHUNK)
        {
          if (!_strata_cli_write_stdout (out))
            return FALSE;
          g_string_truncate (out, 0);
        }
    }
  g_string_append (out, "], \"robust\": [");
  for (guint i = 0; i < points->robust->len; i++)
    {
      guint k = g_array_index (points->robust, guint, i);

      if (i > 0)
        g_string_append (out, ", ");
      strata_append_json_string (out, g_array_index (points->fields, StrataSwitchField, k).path);
    }
  g_string_append (out, "]}\n");
  return TRUE;
}

/* ------------------------------------------------------------------ */

/* "chips: gpu → asic; models: nova → thirdparty", or "all-neutral
 * cheaper → equal". */
static char *
change_text (const StrataDataset      *ds,
             const StrataSwitchPoints *points,
             const StrataSwitch       *sw)
{
  GString *text = g_string_new (NULL);

  if (points->a == NULL)
    {
      for (guint l = 0; l < ds->n_layers; l++)
        if (sw->before[l] != sw->after[l])
          g_string_append_printf (text, "%s%s: %s \xE2\x86\x92 %s", text->len > 0 ? "; " : "",
                                  ds->layers[l].id, ds->layers[l].options[sw->before[l]].id,
                                  ds->layers[l].options[sw->after[l]].id);
    }
  else if (points->savings)
    g_string_append_printf (text, "savings_npv %s \xE2\x86\x92 %s", sign_word (sw->before_cheaper),
                            sign_word (sw->after_cheaper));
  else
    {
      const char *before = cheaper_id (points, sw->before_cheaper);
      const char *after = cheaper_id (points, sw->after_cheaper);

      g_string_append_printf (text, "%s \xE2\x86\x92 %s",
                              before != NULL ? before : "equal", after != NULL ? after : "equal");
    }
  return g_string_free (text, FALSE);
}

static void
print_csv (const StrataDataset      *ds,
           const StrataSwitchPoints *points,
           GString                  *out)
{
  char buf[STRATA_NUMBER_BUF_SIZE];

  g_string_append (out, "path,value,switch,ratio,change,within_uncertainty,reason\n");
  for (guint i = 0; i < points->switches->len; i++)
    {
      const StrataSwitch *sw = &g_array_index (points->switches, StrataSwitch, i);
      const StrataSwitchField *f = &g_array_index (points->fields, StrataSwitchField, sw->field);
      g_autofree char *change = change_text (ds, points, sw);

      _strata_cli_append_csv_field (out, f->path);
      g_string_append_printf (out, ",%s", strata_format_json_number (sw->value, buf));
      g_string_append_printf (out, ",%s", strata_format_json_number (sw->at, buf));
      g_string_append_printf (out, ",%s,", strata_format_json_number (sw->ratio, buf));
      _strata_cli_append_csv_field (out, change);
      g_string_append_printf (out, ",%s,\n", sw->within_uncertainty ? "yes" : "no");
    }
  for (guint i = 0; i < points->robust->len; i++)
    {
      const StrataSwitchField *f = &g_array_index (points->fields, StrataSwitchField,
                                                   g_array_index (points->robust, guint, i));

      _strata_cli_append_csv_field (out, f->path);
      g_string_append_printf (out, ",%s,,,,,", strata_format_json_number (f->value, buf));
      _strata_cli_append_csv_field (out, strata_switch_reason_text (f->reason));
      g_string_append_c (out, '\n');
    }
}

/* One row a switch: the sentence of strata_switch_sentence () (the app's
 * list says the same), whether it lies in the number's own range, and
 * the field path. */
static void
print_switch_rows (const StrataDataset      *ds,
                   const StrataSwitchPoints *points,
                   GString                  *out)
{
  g_autoptr(StrataCliTable) table = _strata_cli_table_new (3);
  const char *header[] = { _("What would have to be true"), _("In its range"), _("Field") };

  _strata_cli_table_add_row (table, header);
  for (guint i = 0; i < points->switches->len; i++)
    {
      const StrataSwitch *sw = &g_array_index (points->switches, StrataSwitch, i);
      const StrataSwitchField *f = &g_array_index (points->fields, StrataSwitchField, sw->field);
      g_autofree char *sentence = strata_switch_sentence (ds, points, sw);
      const char *cells[] = { sentence, !f->uncertain ? "" : sw->within_uncertainty ? _("yes") : _("no"),
                              f->path };

      _strata_cli_table_add_row (table, cells);
    }
  _strata_cli_table_render (table, "  ", out);
}

static void
print_table (const StrataDataset      *ds,
             const StrataSwitchPoints *points,
             GString                  *out)
{
  g_autofree char *volume = strata_format_volume (points->volume);
  g_autofree char *units = strata_format_unit_plural (ds->unit);

  g_string_append_printf (out, "%s\n", ds->title);
  if (points->savings)
    {
      g_autofree char *span = strata_format_years (ds->horizon->first_year, ds->horizon->years);

      /* Translators: the years of the horizon ("2026–2035") */
      g_string_append_printf (out, _("Switch points of savings_npv, %s: what would have to be true"), span);
    }
  else
    /* Translators: a volume and the dataset's unit */
    g_string_append_printf (out, _("Switch points at %s %s a year: what would have to be true"),
                            volume, units);
  g_string_append_c (out, '\n');
  g_string_append_printf (out, _("Objective: %s"),
                          points->objective == STRATA_OBJECTIVE_CASH
                          ? _("cash (unit cost; ecosystem value ignored)")
                          : _("effective (unit cost less ecosystem value)"));
  g_string_append_c (out, '\n');
  if (points->savings)
    {
      /* Translators: a strategy id, the start's id, then "positive",
       * "negative" or "zero" */
      g_string_append_printf (out, _("Decision: whether adopting %s now saves money against the "
                                     "start plan (%s), today savings_npv is %s"),
                              points->a->id, points->b->id, sign_word (points->today_cheaper));
      g_string_append_c (out, '\n');
    }
  else if (points->a == NULL)
    {
      g_autofree char *today = _strata_cli_choices_text (ds, points->today);

      /* Translators: today's choices, "chips=gpu, cloud=own" */
      g_string_append_printf (out, _("Decision: the optimal option of each layer, today %s"), today);
      g_string_append_c (out, '\n');
    }
  else
    {
      const char *today = cheaper_id (points, points->today_cheaper);

      /* Translators: two strategy ids, then the cheaper one's id today */
      g_string_append_printf (out, _("Decision: which of %s and %s is cheaper, today %s"),
                              points->a->id, points->b->id,
                              today != NULL ? today : _("neither (equal)"));
      g_string_append_c (out, '\n');
    }
  g_string_append_printf (out, "%s\n\n", _("Each number alone, the others at their values, from a tenth to ten times today's."));

  if (points->switches->len == 0)
    g_string_append_printf (out, "%s\n", _("No number switches the decision within its range."));
  else
    print_switch_rows (ds, points, out);

  if (points->robust->len > 0)
    {
      g_autoptr(StrataCliTable) table = _strata_cli_table_new (2);
      const char *header[] = { _("Robust field"), _("Why it switches nothing") };

      g_string_append_c (out, '\n');
      _strata_cli_table_add_row (table, header);
      for (guint i = 0; i < points->robust->len; i++)
        {
          const StrataSwitchField *f = &g_array_index (points->fields, StrataSwitchField,
                                                       g_array_index (points->robust, guint, i));
          const char *cells[] = { f->path, strata_switch_reason_text (f->reason) };

          _strata_cli_table_add_row (table, cells);
        }
      _strata_cli_table_render (table, "  ", out);
    }
}

/* ------------------------------------------------------------------ */

static GOptionContext *
make_context (GOptionEntry *entries)
{
  GOptionContext *context = g_option_context_new (N_("FILE --volume V - what would have to be true for the decision to change"));

  /* The context translates its texts and the entries' help. */
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context, N_(
    "For every number of the dataset that can move the decision (every numeric\n"
    "option and link field and the boundary costs, uncertain or not), holding all\n"
    "others at their values, the values from a tenth to ten times today's (kept\n"
    "within the field's rule: a margin stays below 1) at which the decision at\n"
    "volume V changes, located to 1e-9 relative on the exact model, nearest to\n"
    "today first.  The decision is the optimal option of each layer, or with\n"
    "--strategy A --versus B which of the two is cheaper (the objective's cost).\n"
    "A number with no switch in its range is listed as robust, with the reason.\n"
    "In JSON a decision is {LAYER: OPTION} for the optimum, else the id of the\n"
    "cheaper strategy (null: they cost the same).\n"
    "With --outcome savings_npv (a dataset with a horizon, MODEL.md 8) the decision\n"
    "is the sign of savings_npv of adopting --strategy S (default: optimal) now\n"
    "against the horizon's start plan, over the same numbers plus each option's\n"
    "capex, build_years (whole years), exit_cost (and experience with cumulative\n"
    "learning) and horizon.discount_rate, horizon.volume.first and\n"
    "horizon.volume.growth; no --volume.  In JSON a decision is then \"positive\",\n"
    "\"negative\" or \"zero\".\n"
    "Exit status: 0 success, 1 the dataset was refused, 2 wrong usage.\n"
    "\n"
    "Examples:\n"
    "  strata-cli switchpoints stack.json --volume 1B\n"
    "  strata-cli switchpoints stack.json --volume 5e9 --strategy all-neutral --versus hybrid --format json\n"
    "  strata-cli switchpoints stack.json --outcome savings_npv --strategy hybrid"));
  return context;
}

int
strata_cli_switchpoints (int    argc,
                         char **argv)
{
  g_autofree char *volume_text = NULL, *a_id = NULL, *b_id = NULL;
  g_autofree char *objective_text = NULL, *format_text = NULL, *outcome_text = NULL;
  GOptionEntry entries[] = {
    { "volume", 'v', 0, G_OPTION_ARG_STRING, &volume_text,
      N_("The volume the decision is taken at (required): 2.5e9, 2.5B, 750k"), "V" },
    { "strategy", 's', 0, G_OPTION_ARG_STRING, &a_id,
      N_("Strategy A of the pair (with --versus)"), "A" },
    { "versus", 0, 0, G_OPTION_ARG_STRING, &b_id,
      N_("Strategy B of the pair (with --strategy)"), "B" },
    { "outcome", 0, 0, G_OPTION_ARG_STRING, &outcome_text,
      N_("savings_npv: switches of the sign of adopting --strategy now (MODEL.md 8)"), "OUTCOME" },
    { "objective", 0, 0, G_OPTION_ARG_STRING, &objective_text,
      N_("effective (default: cost less ecosystem value) or cash"), "OBJ" },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_text,
      N_("Output format: table (default), csv or json"), "FORMAT" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = make_context (entries);
  g_autoptr(GError) error = NULL;
  g_autoptr(StrataDataset) ds = NULL;
  g_autoptr(StrataSwitchPoints) points = NULL;
  StrataCliProgress progress;
  g_autoptr(GString) out = g_string_new (NULL);
  StrataObjective objective = STRATA_OBJECTIVE_DEFAULT;
  StrataCliFormat format = STRATA_CLI_FORMAT_TABLE;
  const StrataStrategy *a = NULL, *b = NULL;
  double volume = 0;
  int status = STRATA_CLI_EXIT_OK;

  if ((status = _strata_cli_parse_options ("switchpoints", context, NULL, &argc, &argv)) >= 0)
    return status;
  if (outcome_text != NULL && !g_str_equal (outcome_text, "savings_npv"))
    return _strata_cli_usage_error ("switchpoints", _("unknown outcome “%s”: switch points take savings_npv (without --outcome, "
                    "the decision at --volume)"), outcome_text);
  if (outcome_text != NULL && volume_text != NULL)
    return _strata_cli_usage_error ("switchpoints", _("--volume does not apply to savings_npv: its volumes are the horizon's"));
  if (outcome_text != NULL && b_id != NULL)
    return _strata_cli_usage_error ("switchpoints", _("--versus does not apply to savings_npv: it measures against the horizon's start"));
  if (outcome_text == NULL && volume_text == NULL)
    return _strata_cli_usage_error ("switchpoints", _("missing --volume V: the volume the decision is taken at"));
  if (volume_text != NULL && !strata_parse_volume (volume_text, &volume, &error))
    return _strata_cli_usage_error ("switchpoints", "--volume: %s", error->message);
  if (outcome_text == NULL && (a_id == NULL) != (b_id == NULL))
    return _strata_cli_usage_error ("switchpoints", _("--strategy and --versus go together: the pair A and B"));
  if (objective_text != NULL && !strata_objective_from_string (objective_text, &objective))
    return _strata_cli_usage_error ("switchpoints", _("unknown objective “%s”: choose effective or cash"), objective_text);
  if (format_text != NULL && !_strata_cli_parse_format (format_text, &format, &error))
    return _strata_cli_usage_error ("switchpoints", "%s", error->message);

  ds = strata_cli_load (argv[1]);
  if (ds == NULL)
    return STRATA_CLI_EXIT_REFUSED;
  if (outcome_text != NULL)
    {
      if ((a = _strata_cli_find_strategy_or_complain (ds, "switchpoints", a_id != NULL ? a_id : "optimal", &status)) == NULL)
        return status;
      _strata_cli_progress_init (&progress, "switchpoints");
      points = strata_switch_points_find_savings_full (ds, objective, a, NULL, _strata_cli_progress_cb,
                                                       &progress, &error);
      _strata_cli_progress_end (&progress);
    }
  else
    {
      if (a_id != NULL && ((a = _strata_cli_find_strategy_or_complain (ds, "switchpoints", a_id, &status)) == NULL ||
                           (b = _strata_cli_find_strategy_or_complain (ds, "switchpoints", b_id, &status)) == NULL))
        return status;
      _strata_cli_progress_init (&progress, "switchpoints");
      points = strata_switch_points_find_full (ds, volume, objective, a, b, NULL, _strata_cli_progress_cb,
                                               &progress, &error);
      _strata_cli_progress_end (&progress);
    }
  if (points == NULL)
    {
      fprintf (stderr, "%s: error: %s\n", argv[1], error->message);
      return STRATA_CLI_EXIT_REFUSED;
    }

  switch (format)
    {
    case STRATA_CLI_FORMAT_JSON:
      if (!print_json (ds, points, out))
        return STRATA_CLI_EXIT_REFUSED;
      break;
    case STRATA_CLI_FORMAT_CSV:
      print_csv (ds, points, out);
      break;
    case STRATA_CLI_FORMAT_TABLE:
    default:
      print_table (ds, points, out);
      break;
    }
  return _strata_cli_write_stdout (out) ? STRATA_CLI_EXIT_OK : STRATA_CLI_EXIT_REFUSED;
}

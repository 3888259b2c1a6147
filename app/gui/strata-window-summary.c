/* strata-window-summary.c: the summary strip under the charts
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "strata-window"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "strata/strata-format.h"
#include "strata/strata-horizon.h"

#include "strata-tooltip.h"
#include "strata-window-private.h"

/*
 * The strip shows the figures of the current choices at the current volume,
 * each under the name MODEL.md gives it, ranked by the window's objective.
 */

char *
_strata_window_keep_amounts (const char *text)
{
  GString *out = g_string_sized_new (strlen (text) + 8);

  /* "$6.68 B", "5.67 M": the space between a number and its suffix. */
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == ' ' && p > text && g_ascii_isdigit (p[-1]) && p[1] != '\0' && strchr ("kMBT", p[1]) != NULL &&
          !g_ascii_isalnum (p[2]))
        g_string_append (out, "\xC2\xA0");
      /* "-$1,588.04": no line break between the sign and the currency
       * (a word joiner; before a digit there is none anyway). */
      else if (*p == '-' && (p == text || p[-1] == ' ') && p[1] != '\0' && p[1] != ' ' && !g_ascii_isdigit (p[1]))
        g_string_append (out, "-\xE2\x81\xA0");
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

/* A detail line, wrapped in its card's narrow column, never between an
 * amount and its suffix ("peak funding $6.68 / B"). */
static void
set_detail (GtkLabel   *label,
            const char *text)
{
  g_autofree char *kept = _strata_window_keep_amounts (text);

  gtk_label_set_label (label, kept);
}

static int
find_strategy (const StrataDataset *dataset,
               const char          *id)
{
  const StrataStrategy *strategy = strata_dataset_find_strategy (dataset, id);

  return strategy != NULL ? (int) (strategy - dataset->strategies) : -1;
}

static void
strata_window_set_delta_style (GtkLabel *label,
                               int       sign)
{
  gtk_widget_remove_css_class (GTK_WIDGET (label), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (label), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (label), "dim-label");
  if (sign < 0)
    gtk_widget_add_css_class (GTK_WIDGET (label), "success");
  else if (sign > 0)
    gtk_widget_add_css_class (GTK_WIDGET (label), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (label), "dim-label");
}

/* The cost the decision rests on, named by MODEL.md's label rule: under
 * the effective objective "Effective Unit Cost" (unit cost less ecosystem
 * value), under cash "Unit Cost"; the detail gives the other one by name
 * and the change against All neutral of the one shown. */
static void
strata_window_summary_cost (StrataWindow        *self,
                            const StrataOutcome *outcome,
                            const StrataOutcome *baseline,
                            gboolean             is_baseline)
{
  const StrataDataset *dataset = _strata_window_dataset (self);
  gboolean cash = _strata_window_get_objective (self) == STRATA_OBJECTIVE_CASH;
  double shown = cash ? outcome->unit_cost : outcome->effective_unit_cost;
  double base = cash ? baseline->unit_cost : baseline->effective_unit_cost;
  g_autofree char *value = strata_format_money (shown, dataset->currency);
  g_autofree char *other = strata_format_money (cash ? outcome->effective_unit_cost : outcome->unit_cost,
                                                dataset->currency);
  g_autofree char *versus = NULL;
  g_autofree char *text = NULL;
  double delta = shown - base;

  gtk_label_set_label (self->cost_caption, cash ? _("Unit Cost") : _("Effective Unit Cost"));
  gtk_label_set_label (self->effective_value, value);

  if (is_baseline)
    versus = g_strdup (_("the baseline"));
  else if (delta == 0)
    versus = g_strdup (_("the same as all neutral"));
  else if (base != 0 && isfinite (delta / base) && fabs (delta / base) >= 0.001)
    {
      /* Cut, as the action titles state it ("15.7 % cheaper"). */
      g_autofree char *percent = strata_format_percent_cut (fabs (delta / base));

      /* Translators: a signed percentage against the All neutral strategy,
       * such as "+12.3 %" */
      versus = g_strdup_printf (_("%s%s vs all neutral"), delta < 0 ? "−" : "+", percent);
    }
  else
    {
      /* No percentage to show (or one that would read "0.0 %", as a
       * dollar's saving on a cost of a million did): the amount. */
      g_autofree char *money = strata_format_money (fabs (delta), dataset->currency);

      versus = g_strdup_printf (_("%s%s vs all neutral"), delta < 0 ? "−" : "+", money);
    }

  /* The other cost is the strategy's own, said so: wrapped in a narrow
   * column, "−15.7 % vs all neutral unit cost €446.33" read as all
   * neutral's unit cost. */
  if (cash)
    /* Translators: "<change vs all neutral>;", then on a line of its own
     * the strategy's own effective unit cost (the unit cost less
     * ecosystem value) */
    text = g_strdup_printf (_("%s;\nits effective unit cost %s"), versus, other);
  else
    /* Translators: "<change vs all neutral>;", then on a line of its own
     * the strategy's own unit cost (before ecosystem value) */
    text = g_strdup_printf (_("%s;\nits unit cost %s"), versus, other);
  set_detail (self->effective_detail, text);
  strata_window_set_delta_style (self->effective_detail, is_baseline ? 0 : delta < 0 ? -1 : delta > 0 ? 1 : 0);
}

/* Profit per unit when the dataset has a price: effective_unit_profit under
 * the effective objective, unit_profit (cash) under cash. */
static void
strata_window_summary_profit (StrataWindow        *self,
                              const StrataOutcome *outcome)
{
  const StrataDataset *dataset = _strata_window_dataset (self);
  gboolean cash = _strata_window_get_objective (self) == STRATA_OBJECTIVE_CASH;
  g_autofree char *per_unit = NULL;
  g_autofree char *value = NULL;
  g_autofree char *other = NULL;
  g_autofree char *text = NULL;
  double effective_profit;

  gtk_widget_set_visible (GTK_WIDGET (self->profit_caption), outcome->has_profit);
  gtk_widget_set_visible (GTK_WIDGET (self->profit_value), outcome->has_profit);
  gtk_widget_set_visible (GTK_WIDGET (self->profit_detail), outcome->has_profit);
  if (!outcome->has_profit)
    return;

  /* MODEL.md 3: effective_unit_profit = price - effective_unit_cost. */
  effective_profit = dataset->price - outcome->effective_unit_cost;
  per_unit = strata_format_unit_singular (dataset->unit);
  value = strata_format_money (cash ? outcome->unit_profit : effective_profit, dataset->currency);
  other = strata_format_money (cash ? effective_profit : outcome->unit_profit, dataset->currency);
  gtk_label_set_label (self->profit_caption, cash ? _("Unit Profit") : _("Effective Unit Profit"));
  gtk_label_set_label (self->profit_value, value);
  if (cash)
    /* Translators: "per <unit>", then "effective profit <money>" */
    text = g_strdup_printf (_("per %s\neffective profit %s"), per_unit, other);
  else
    /* Translators: "per <unit>", then "cash profit <money>" */
    text = g_strdup_printf (_("per %s\ncash profit %s"), per_unit, other);
  set_detail (self->profit_detail, text);
}

/* With a horizon (MODEL.md 8): the current choices adopted now against
 * the plan running today, under the keys' own names: savings_npv as the
 * value, payback_year and peak_funding beside it. */
static void
strata_window_summary_horizon (StrataWindow *self,
                               const guint  *choices)
{
  const StrataDataset *dataset = _strata_window_dataset (self);
  const StrataHorizon *horizon = dataset->horizon;
  StrataHorizonObjective objective = _strata_window_get_objective (self) == STRATA_OBJECTIVE_CASH ? STRATA_HORIZON_CASH : STRATA_HORIZON_EFFECTIVE;
  const StrataStrategy *start, *current;
  g_autofree guint *adopted = NULL;
  g_autofree StrataLayerPlan *plans = NULL;
  g_autoptr(StrataPlanResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *value = NULL;
  g_autofree char *peak = NULL;
  g_autofree char *payback = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *tooltip = NULL;
  g_autofree char *span = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->horizon_caption), horizon != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->horizon_value), horizon != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->horizon_detail), horizon != NULL);
  if (horizon == NULL)
    return;

  start = strata_dataset_find_strategy (dataset, horizon->start);
  plans = g_new0 (StrataLayerPlan, dataset->n_layers);
  /* A strategy of the dataset is adopted as the roadmap chart, the CLI
   * and the tornado adopt it (MODEL.md 8: resolved at the horizon's first
   * volume, not at the volume the strip shows); a mix of the user's own
   * choices as it stands. */
  current = strata_scenario_get_current_strategy (self->scenario);
  if (current != NULL)
    {
      adopted = g_new0 (guint, dataset->n_layers);
      choices = strata_horizon_adopted_choices (dataset, current, objective, adopted);
    }
  if (!strata_roadmap_adopt (dataset, choices, plans, &error))
    {
      g_debug ("%s", error->message);
      gtk_label_set_label (self->horizon_value, "—");
      gtk_label_set_label (self->horizon_detail, _("an option takes longer to build than the horizon"));
      _strata_tooltip_set (GTK_WIDGET (self->horizon_value), NULL);
      return;
    }

  /* The plan running today saves nothing and pays back nothing. */
  if (strata_roadmap_n_switches (dataset, plans) == 0)
    {
      gtk_label_set_label (self->horizon_value, "—");
      gtk_label_set_label (self->horizon_detail, _("the plan running today"));
      _strata_tooltip_set (GTK_WIDGET (self->horizon_value), NULL);
      return;
    }

  result = strata_plan_evaluate (dataset, plans, objective);
  value = strata_format_money_si (result->savings_npv, dataset->currency);
  peak = strata_format_money_si (result->peak_funding, dataset->currency);
  payback = result->has_payback ? g_strdup_printf ("%d", result->payback_year) : g_strdup (_("never"));
  /* Translators: MODEL.md's payback_year and peak_funding, by name */
  detail = g_strdup_printf (_("payback year %s\npeak funding %s"), payback, peak);
  span = strata_format_years (horizon->first_year, horizon->years);
  /* Translators: %s are the start strategy's name and the years of the
   * horizon ("2026–2035") */
  tooltip = g_strdup_printf (objective == STRATA_HORIZON_CASH
                             ? _("NPV of the cash cost saved by adopting the current strategy now, against %s, %s")
                             : _("NPV of the effective cost saved by adopting the current strategy now, against %s, %s"),
                             start != NULL ? start->name : horizon->start, span);
  gtk_label_set_label (self->horizon_value, value);
  set_detail (self->horizon_detail, detail);
  _strata_tooltip_set (GTK_WIDGET (self->horizon_value), tooltip);
  _strata_tooltip_set (GTK_WIDGET (self->horizon_caption), tooltip);
}

void
_strata_window_update_roadmap_page (StrataWindow *self)
{
  const StrataDataset *dataset = _strata_window_dataset (self);
  gboolean has_horizon = dataset != NULL && dataset->horizon != NULL;

  if (!has_horizon && g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "roadmap") == 0)
    adw_view_stack_set_visible_child_name (self->view_stack, "cost-curves");
  adw_view_stack_page_set_visible (self->roadmap_page, has_horizon);
  if (self->wanted_view != NULL && dataset != NULL)
    {
      if (has_horizon)
        adw_view_stack_set_visible_child_name (self->view_stack, self->wanted_view);
      g_clear_pointer (&self->wanted_view, g_free);
    }
}

void
_strata_window_update_summary (StrataWindow *self)
{
  const StrataDataset *dataset = _strata_window_dataset (self);
  const StrataStrategy *neutral;
  g_autofree guint *neutral_choices = NULL;
  g_autofree char *per_unit = NULL;
  g_autofree char *margin = NULL;
  g_autofree char *margin_year = NULL;
  g_autofree char *capital = NULL;
  g_autofree char *ecosystem = NULL;
  g_autofree char *text = NULL;
  const guint *choices = strata_scenario_get_choices (self->scenario);
  double volume = strata_scenario_get_volume (self->scenario);
  StrataOutcome outcome;
  StrataOutcome baseline;
  int neutral_index;

  strata_evaluate (dataset, choices, volume, &outcome, NULL);

  neutral_index = find_strategy (dataset, STRATA_STRATEGY_ALL_NEUTRAL);
  g_assert (neutral_index >= 0);
  neutral = &dataset->strategies[neutral_index];
  neutral_choices = g_new0 (guint, dataset->n_layers);
  strata_strategy_resolve (dataset, neutral, volume, neutral_choices);
  strata_evaluate (dataset, neutral_choices, volume, &baseline, NULL);

  strata_window_summary_cost (self, &outcome, &baseline,
                              strata_scenario_get_strategy (self->scenario) == neutral_index);
  strata_window_summary_profit (self, &outcome);
  per_unit = strata_format_unit_singular (dataset->unit);

  margin = strata_format_money (outcome.supplier_margin, dataset->currency);
  margin_year = strata_format_money_si (outcome.supplier_margin * volume, dataset->currency);
  gtk_label_set_label (self->margin_value, margin);
  /* Translators: "per <unit>; <money> per year" */
  text = g_strdup_printf (_("per %s; %s per year"), per_unit, margin_year);
  set_detail (self->margin_detail, text);
  g_clear_pointer (&text, g_free);

  capital = strata_format_money_si (outcome.capital_at_risk, dataset->currency);
  gtk_label_set_label (self->capital_value, capital);
  gtk_label_set_label (self->capital_detail, _("per year, fixed costs of integrated layers"));

  ecosystem = strata_format_money (outcome.ecosystem_value, dataset->currency);
  gtk_label_set_label (self->ecosystem_value, ecosystem);
  text = g_strdup_printf (_("per %s, value of staying open"), per_unit);
  set_detail (self->ecosystem_detail, text);

  strata_window_summary_horizon (self, choices);
}

/* The strip's break-even against All neutral, found in a worker: against
 * Optimal on a large dataset it takes an optimum at every volume of the
 * scan (seconds at the limits).  The next change cancels it; meanwhile
 * the strip shows "…". */
typedef struct
{
  StrataScenarioRequest *request;    /* the dataset and the current strategy */
  const StrataStrategy  *neutral;    /* in request->dataset */
  StrataObjective        objective;
} BreakevenJob;

static void
breakeven_job_free (gpointer data)
{
  BreakevenJob *job = data;

  strata_scenario_request_unref (job->request);
  g_free (job);
}

static void
breakeven_thread (GTask        *task,
                  gpointer      source,
                  gpointer      data,
                  GCancellable *cancellable)
{
  BreakevenJob *job = data;
  GError *error = NULL;
  StrataBreakeven *breakeven;

  breakeven = strata_breakeven_find_full (job->request->dataset, job->request->strategies[0], job->neutral,
                                          job->objective, 0, 0, 0, NULL, cancellable, NULL, NULL, &error);
  if (breakeven == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, breakeven, (GDestroyNotify) strata_breakeven_free);
}

static void
strata_window_show_breakeven (StrataWindow          *self,
                              const StrataDataset   *dataset,
                              const StrataStrategy  *current,
                              const StrataBreakeven *breakeven)
{
  GArray *crossings = breakeven->crossings;
  g_autoptr(GString) value = g_string_new (NULL);
  g_autofree char *detail = NULL;

  if (crossings->len == 0)
    {
      g_string_append (value, _("None"));
      switch (breakeven->verdict)
        {
        case STRATA_BREAKEVEN_A_CHEAPER:
          detail = g_strdup (_("cheaper than all neutral at every volume"));
          break;
        case STRATA_BREAKEVEN_B_CHEAPER:
          detail = g_strdup (_("dearer than all neutral at every volume"));
          break;
        case STRATA_BREAKEVEN_MIXED:
          /* Equal above a volume and apart below it: where the curves
           * part with neither cheaper above, which is no crossing (MODEL.md
           * section 4), so the card says how they differ. */
          if (breakeven->equal->len > 0)
            {
              const StrataEqualStretch *equal = &g_array_index (breakeven->equal, StrataEqualStretch, 0);
              g_autofree char *from = strata_format_volume (equal->from);
              const StrataStrategy *neutral = strata_dataset_find_strategy (dataset, STRATA_STRATEGY_ALL_NEUTRAL);
              double low = breakeven->volume_min;

              if (strata_strategy_cost (dataset, current, breakeven->objective, low) <
                  strata_strategy_cost (dataset, neutral, breakeven->objective, low))
                /* Translators: a volume; the same cost as All neutral above it */
                detail = g_strdup_printf (_("cheaper than all neutral below %s, the same cost above"), from);
              else
                /* Translators: a volume; the same cost as All neutral above it */
                detail = g_strdup_printf (_("dearer than all neutral below %s, the same cost above"), from);
              break;
            }
          G_GNUC_FALLTHROUGH;
        case STRATA_BREAKEVEN_EQUAL:
        default:
          detail = g_strdup (_("the same cost as all neutral at every volume"));
          break;
        }
    }
  else
    {
      const StrataCrossing *first = &g_array_index (crossings, StrataCrossing, 0);
      g_autofree char *volume = strata_format_volume (first->volume);
      g_autofree char *units = strata_format_unit_plural (dataset->unit);

      /* The card's value is one volume, so it never ellipsizes into
       * "5.67 M, 10…"; the detail line names the next crossing. */
      g_string_append (value, volume);
      if (crossings->len == 1 && first->cheaper_above == 0)
        /* Translators: %s is the unit */
        detail = g_strdup_printf (_("%s/yr; cheaper than all neutral above"), units);
      else if (crossings->len == 1)
        detail = g_strdup_printf (_("%s/yr; cheaper than all neutral below"), units);
      else
        {
          g_autofree char *next = strata_format_volume (g_array_index (crossings, StrataCrossing, 1).volume);

          if (crossings->len == 2)
            /* Translators: the first %s is the unit, the second a volume */
            detail = g_strdup_printf (_("%s/yr with all neutral, and again at %s"), units, next);
          else
            /* Translators: the first %s is the unit, %u the number of crossings (3 or more), the last %s a volume */
            detail = g_strdup_printf (ngettext ("%s/yr with all neutral, first of %u crossing, next at %s",
                                                "%s/yr with all neutral, first of %u crossings, next at %s", crossings->len),
                                      units, crossings->len, next);
        }
    }

  gtk_label_set_label (self->breakeven_value, value->str);
  set_detail (self->breakeven_detail, detail);
}

static void
breakeven_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      data)
{
  g_autoptr(StrataWindow) self = data;
  BreakevenJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(StrataBreakeven) breakeven = NULL;
  g_autoptr(GError) error = NULL;

  breakeven = g_task_propagate_pointer (G_TASK (result), &error);
  /* A later change started another one (or the window went). */
  if (g_task_get_cancellable (G_TASK (result)) != self->breakeven_cancellable)
    return;
  g_clear_object (&self->breakeven_cancellable);
  if (breakeven == NULL)
    {
      /* Not cancelled, so a programming error: said, not hidden. */
      g_warning ("break-even: %s", error->message);
      gtk_label_set_label (self->breakeven_value, "—");
      gtk_label_set_label (self->breakeven_detail, "");
      return;
    }
  strata_window_show_breakeven (self, job->request->dataset, job->request->strategies[0], breakeven);
}

/* Break-even does not depend on the volume (except for where the optimal
 * strategy sits, which strata_breakeven_find_full() resolves itself). */
void
_strata_window_update_breakeven (StrataWindow *self)
{
  const StrataDataset *dataset = _strata_window_dataset (self);
  g_autoptr(GTask) task = NULL;
  BreakevenJob *job;
  int neutral_index;

  if (self->breakeven_cancellable != NULL)
    {
      g_cancellable_cancel (self->breakeven_cancellable);
      g_clear_object (&self->breakeven_cancellable);
    }

  neutral_index = find_strategy (dataset, STRATA_STRATEGY_ALL_NEUTRAL);
  if (strata_scenario_get_strategy (self->scenario) == neutral_index)
    {
      gtk_label_set_label (self->breakeven_value, "—");
      gtk_label_set_label (self->breakeven_detail, _("the current strategy is all neutral"));
      return;
    }

  /* Calm while it is worked out: no old figure for the new choices. */
  gtk_label_set_label (self->breakeven_value, "…");
  gtk_label_set_label (self->breakeven_detail, "");

  job = g_new0 (BreakevenJob, 1);
  job->request = strata_scenario_request_ref (self->request);
  job->neutral = &job->request->dataset->strategies[neutral_index];
  job->objective = _strata_window_get_objective (self);
  self->breakeven_cancellable = g_cancellable_new ();
  task = g_task_new (NULL, self->breakeven_cancellable, breakeven_done_cb, g_object_ref (self));
  g_task_set_source_tag (task, _strata_window_update_breakeven);
  g_task_set_task_data (task, job, breakeven_job_free);
  g_task_run_in_thread (task, breakeven_thread);
}

gboolean
_strata_window_is_finding_breakeven (StrataWindow *self)
{
  g_return_val_if_fail (STRATA_IS_WINDOW (self), FALSE);

  return self->breakeven_cancellable != NULL;
}

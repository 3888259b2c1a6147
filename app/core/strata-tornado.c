/* strata-tornado.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "strata-uncertainty"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "strata-mc-kernel-private.h"
#include "strata-uncertainty-private.h"

/*
 * The tornado of MODEL.md section 6: each uncertain number at its low and
 * at its high while the others stay at value, on a sample (a dataset copy
 * whose numbers can be set).  Costs come from the compiled model
 * (strata-mc-kernel.c, the model's figures to the last bit) so that both
 * objectives and the optimum are served alike; the break-even is the one
 * routine's, strata_breakeven_find (), under either objective.
 */

const char *
strata_tornado_reason_text (StrataTornadoReason reason)
{
  switch (reason)
    {
    case STRATA_TORNADO_MOVES:         return "it moves the outcome";
    case STRATA_TORNADO_NOT_CHOSEN:    return "its option is not chosen";
    case STRATA_TORNADO_LINK_INACTIVE: return "its link is not active (an end runs neutral)";
    case STRATA_TORNADO_FLOOR_BINDS:   return "a floor binds across its whole range";
    case STRATA_TORNADO_LATENCY_ONLY:  return "it only affects latency";
    case STRATA_TORNADO_MARGIN_ONLY:   return "the price is given: it only moves the supplier's margin";
    case STRATA_TORNADO_SAME_IN_BOTH:  return "both strategies pay it alike";
    case STRATA_TORNADO_NO_BREAKEVEN:  return "no break-even in range at its low, value or high";
    case STRATA_TORNADO_NOT_COUNTED:   return "the cash objective does not count ecosystem value";
    case STRATA_TORNADO_TOO_SMALL:     return "it moves the outcome by less than a billionth";
    case STRATA_TORNADO_NOT_SWITCHED:  return "adopting the strategy neither adopts nor leaves its option";
    default:                           return "";
    }
}

const char *
strata_tornado_reason_short (StrataTornadoReason reason)
{
  switch (reason)
    {
    case STRATA_TORNADO_MOVES:         return "moves";
    case STRATA_TORNADO_NOT_CHOSEN:    return "not chosen";
    case STRATA_TORNADO_LINK_INACTIVE: return "link inactive";
    case STRATA_TORNADO_FLOOR_BINDS:   return "floor binds";
    case STRATA_TORNADO_LATENCY_ONLY:  return "latency only";
    case STRATA_TORNADO_MARGIN_ONLY:   return "margin only";
    case STRATA_TORNADO_SAME_IN_BOTH:  return "same in both";
    case STRATA_TORNADO_NO_BREAKEVEN:  return "no break-even";
    case STRATA_TORNADO_NOT_COUNTED:   return "not counted";
    case STRATA_TORNADO_TOO_SMALL:     return "too small";
    case STRATA_TORNADO_NOT_SWITCHED:  return "not switched";
    default:                           return "";
    }
}

const char *
strata_tornado_outcome_key (StrataTornadoOutcome outcome,
                            StrataObjective      objective)
{
  switch (outcome)
    {
    case STRATA_TORNADO_BREAKEVEN: return "breakeven_volume";
    case STRATA_TORNADO_SAVINGS:   return "savings_npv";
    case STRATA_TORNADO_COST:
    case STRATA_TORNADO_GAP:
    default:                       return strata_objective_cost_key (objective);
    }
}

static const char *const outcome_names[] = { "cost", "gap", "breakeven", "savings_npv" };

const char *
strata_tornado_outcome_to_string (StrataTornadoOutcome outcome)
{
  return (guint) outcome < G_N_ELEMENTS (outcome_names) ? outcome_names[outcome] : "cost";
}

gboolean
strata_tornado_outcome_from_string (const char           *text,
                                    StrataTornadoOutcome *outcome)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (outcome_names); i++)
    if (g_str_equal (text, outcome_names[i]))
      {
        *outcome = (StrataTornadoOutcome) i;
        return TRUE;
      }
  return FALSE;
}

typedef struct
{
  const StrataTornadoParams *params;
  StrataSample               sample;
  StrataKernel              *kernel;   /* [strategy] or [A, B]; NULL for SAVINGS */
  StrataKernelState         *st;
  const StrataStrategy      *start;    /* SAVINGS: the horizon's start strategy */
  /* The optimum outcome () solved at params->volume with the number at
   * its value, low and high (phase), when a strategy is optimal: what
   * runs_option () asks next, the same choices. */
  guint                      phase;
  guint                     *opt_choices[3];
  gboolean                   opt_known[3];
  /* The layers whose numbers changed since the kernel's last load (-1
   * none, -2 a link's: a whole load), read again alone where the kernel
   * can (_strata_kernel_reload_layer ()); the layer of the
   * number the loop has moved. */
  int                        dirty[2];
  int                        moved;
  gboolean                   loaded;
} Tornado;

static StrataHorizonObjective
horizon_objective (StrataObjective objective)
{
  return objective == STRATA_OBJECTIVE_CASH ? STRATA_HORIZON_CASH : STRATA_HORIZON_EFFECTIVE;
}

/* savings_npv of adopting @strategy now on @ds (MODEL.md 8), exactly the
 * figure of strata_plan_adopt_now (); NAN when it cannot be adopted. */
static double
savings_of (const StrataDataset  *ds,
            const StrataStrategy *strategy,
            StrataObjective       objective)
{
  g_autoptr(StrataPlanResult) plan = strata_plan_adopt_now (ds, strategy,
                                                            horizon_objective (objective), NULL);

  return plan != NULL ? plan->savings_npv : NAN;
}

/* The first year's volume of the sample's horizon. */
static double
first_volume (const StrataDataset *ds)
{
  return ds->horizon->volume_listed ? ds->horizon->volumes[0] : ds->horizon->volume_first.value;
}

/* The kernel on the sample's numbers as they are now: the layers moved
 * since its last load read again, or the whole sample. */
static void
kernel_follow (Tornado *t)
{
  gboolean done = t->loaded;

  for (guint d = 0; d < 2 && done; d++)
    if (t->dirty[d] == -2 ||
        (t->dirty[d] >= 0 &&
         !_strata_kernel_reload_layer (t->kernel, t->st, &t->sample.copy,
                                                (guint) t->dirty[d])))
      done = FALSE;
  if (!done)
    _strata_kernel_load (t->kernel, t->st, &t->sample.copy);
  t->loaded = TRUE;
  t->dirty[0] = t->dirty[1] = -1;
}

/* The outcome with the sample's numbers as they are now. */
static double
outcome (Tornado *t)
{
  const StrataTornadoParams *params = t->params;
  double costs[2];

  if (params->outcome == STRATA_TORNADO_SAVINGS)
    return savings_of (&t->sample.copy, params->strategy, params->objective);
  if (params->outcome == STRATA_TORNADO_BREAKEVEN)
    {
      /* The one break-even routine (strata-breakeven.c). */
      g_autoptr(StrataBreakeven) found = strata_breakeven_find (&t->sample.copy, params->a,
                                                                params->b, params->objective,
                                                                0, 0, 0);

      return found->crossings->len > 0
             ? g_array_index (found->crossings, StrataCrossing, 0).volume : NAN;
    }

  kernel_follow (t);
  _strata_kernel_at (t->kernel, t->st, params->volume, NULL, costs, NULL);
  t->opt_known[t->phase] = t->opt_choices[t->phase] != NULL;
  if (t->opt_known[t->phase])
    memcpy (t->opt_choices[t->phase], _strata_kernel_state_choices (t->st),
            sizeof (guint) * t->sample.copy.n_layers);
  return params->outcome == STRATA_TORNADO_COST ? costs[0] : costs[0] - costs[1];
}

/* When @strategy is the optimum outcome () solved at @volume with the
 * number at @phase (value, low, high), its choices; else NULL. */
static const guint *
solved_optimum (const Tornado        *t,
                const StrataStrategy *strategy,
                double                volume,
                guint                 phase)
{
  if (strategy->choices == NULL && t->kernel != NULL && volume == t->params->volume &&
      t->opt_known[phase])
    return t->opt_choices[phase];
  return NULL;
}

/* Whether @strategy runs option @o of layer @l at @volume on the sample
 * as it is now (the number at @phase). */
static gboolean
runs_option (Tornado              *t,
             const StrataStrategy *strategy,
             guint                 l,
             guint                 o,
             double                volume,
             guint                 phase)
{
  g_autofree guint *choices = NULL;
  const guint *solved = solved_optimum (t, strategy, volume, phase);

  if (strategy->choices != NULL)
    return strategy->choices[l] == o;
  if (solved != NULL)
    return solved[l] == o;
  choices = g_new (guint, t->sample.copy.n_layers);
  if (t->kernel == NULL)
    {
      /* savings_npv: the optimum adopted now, of the objective. */
      strata_strategy_resolve_full (&t->sample.copy, strategy, t->params->objective, volume, choices);
    }
  else if (t->params->objective == STRATA_OBJECTIVE_CASH)
    {
      /* The optimum of the cash objective. */
      _strata_kernel_load (t->kernel, t->st, &t->sample.copy);
      _strata_kernel_at (t->kernel, t->st, volume, NULL, NULL, choices);
    }
  else
    strata_optimize (&t->sample.copy, volume, choices);
  return choices[l] == o;
}

/* Whether a strategy of the outcome runs (layer, option) at its low,
 * value or high; @both: every one of them does, at value. */
static gboolean
option_chosen (Tornado          *t,
               const StrataSlot *slot,
               double            volume,
               gboolean         *both)
{
  const StrataTornadoParams *params = t->params;
  const StrataStrategy *list[2] = { params->strategy, NULL };
  StrataNumber *number = slot->number;
  double value = number->value, at[3] = { number->value, number->low, number->high };
  guint n = 1, count_at_value = 0;
  gboolean any = FALSE;

  if (params->outcome == STRATA_TORNADO_SAVINGS)
    {
      list[1] = t->start;
      n = 2;
    }
  else if (params->outcome != STRATA_TORNADO_COST)
    {
      list[0] = params->a;
      list[1] = params->b;
      n = 2;
    }
  for (guint s = 0; s < n; s++)
    for (guint k = 0; k < 3; k++)
      {
        gboolean runs;

        number->value = at[k];
        if (slot->kind == STRATA_UNCERTAIN_OPTION)
          runs = runs_option (t, list[s], slot->layer, slot->option, volume, k);
        else
          {
            const StrataLink *link = &t->sample.copy.links[slot->link];
            g_autofree guint *resolved = NULL;
            const guint *choices = solved_optimum (t, list[s], volume, k);

            if (choices == NULL)
              {
                choices = resolved = g_new (guint, t->sample.copy.n_layers);
                strata_strategy_resolve_full (&t->sample.copy, list[s], params->objective, volume,
                                              resolved);
              }
            runs = t->sample.copy.layers[link->from].options[choices[link->from]].mode ==
                     STRATA_MODE_INTEGRATED &&
                   t->sample.copy.layers[link->to].options[choices[link->to]].mode ==
                     STRATA_MODE_INTEGRATED;
          }
        any |= runs;
        if (k == 0 && runs)
          count_at_value++;
      }
  number->value = value;
  *both = n == 2 && count_at_value == 2;
  return any;
}

/* Whether the option's floor binds at @volume with the number at its low
 * and at its high. */
static gboolean
floor_binds (Tornado          *t,
             const StrataSlot *slot,
             double            volume)
{
  StrataOption *option = &t->sample.copy.layers[slot->layer].options[slot->option];
  StrataNumber *number = slot->number;
  double value = number->value, ends[2] = { number->low, number->high };
  gboolean binds = TRUE;

  if (option->mode != STRATA_MODE_INTEGRATED)
    return FALSE;
  for (guint k = 0; k < 2; k++)
    {
      double v;

      number->value = ends[k];
      v = option->unit_cost.value;
      if (option->learning_rate.value != 0 && v != 0)
        v *= pow (volume / option->reference_volume.value, log2 (1.0 - option->learning_rate.value));
      binds &= v <= option->floor_cost.value;
    }
  number->value = value;
  return binds;
}

/* The least units any year of any plan learns on (MODEL.md 8): the
 * least volume of the horizon, or with cumulative learning the option's
 * experience plus half of it.  Costs only fall with more units, so a
 * floor that binds there binds in every year. */
static double
least_learning_units (const StrataDataset *ds,
                      const StrataSlot    *slot)
{
  g_autofree double *v = g_new (double, ds->horizon->years);
  double least = INFINITY;

  strata_horizon_volumes (ds->horizon, v);
  for (guint t = 0; t < ds->horizon->years; t++)
    least = MIN (least, v[t]);
  if (ds->horizon->learning == STRATA_LEARNING_CUMULATIVE)
    least = ds->layers[slot->layer].options[slot->option].experience + least / 2;
  return least;
}

/* Whether adopting the strategy now switches @slot's layer, and to its
 * option (or, @leaving, away from it); with @slot NULL, whether it
 * switches any layer. */
static gboolean
switches (Tornado          *t,
          const StrataSlot *slot,
          gboolean          leaving)
{
  const StrataDataset *ds = &t->sample.copy;
  g_autofree guint *adopted = g_new (guint, MAX (ds->n_layers, 1));
  g_autofree guint *start = g_new (guint, MAX (ds->n_layers, 1));

  strata_strategy_resolve_full (ds, t->params->strategy, t->params->objective, first_volume (ds), adopted);
  strata_horizon_start_choices (ds, start);
  if (slot == NULL)
    return memcmp (adopted, start, sizeof (guint) * ds->n_layers) != 0;
  if (adopted[slot->layer] == start[slot->layer])
    return FALSE;
  return (leaving ? start : adopted)[slot->layer] == slot->option;
}

/* Why a number moves savings_npv by nothing, once the reasons every
 * outcome shares are ruled out. */
static StrataTornadoReason
savings_reason (Tornado          *t,
                const StrataSlot *slot)
{
  const StrataDataset *ds = &t->sample.copy;
  gboolean both = FALSE;

  if (slot->kind == STRATA_UNCERTAIN_HORIZON)
    return switches (t, NULL, FALSE) ? STRATA_TORNADO_TOO_SMALL : STRATA_TORNADO_SAME_IN_BOTH;
  if (slot->kind == STRATA_UNCERTAIN_OPTION &&
      (g_str_equal (slot->field, "capex") || g_str_equal (slot->field, "exit_cost")))
    return switches (t, slot, g_str_equal (slot->field, "exit_cost"))
           ? STRATA_TORNADO_TOO_SMALL : STRATA_TORNADO_NOT_SWITCHED;
  if (!option_chosen (t, slot, first_volume (ds), &both))
    return slot->kind == STRATA_UNCERTAIN_OPTION ? STRATA_TORNADO_NOT_CHOSEN
                                                 : STRATA_TORNADO_LINK_INACTIVE;
  if (slot->kind == STRATA_UNCERTAIN_OPTION &&
      (g_str_equal (slot->field, "unit_cost") || g_str_equal (slot->field, "learning_rate") ||
       g_str_equal (slot->field, "reference_volume")) &&
      floor_binds (t, slot, least_learning_units (ds, slot)))
    return STRATA_TORNADO_FLOOR_BINDS;
  return both ? STRATA_TORNADO_SAME_IN_BOTH : STRATA_TORNADO_TOO_SMALL;
}

static StrataTornadoReason
reason_for (Tornado                  *t,
            const StrataSlot         *slot,
            const StrataTornadoEntry *entry)
{
  const StrataTornadoParams *params = t->params;
  double scale = isfinite (entry->base) ? fabs (entry->base) : 0;
  double volume = params->outcome == STRATA_TORNADO_BREAKEVEN ? entry->base : params->volume;
  gboolean both = FALSE;

  if (entry->swing > 1e-9 * MAX (scale, 1e-300))
    return STRATA_TORNADO_MOVES;
  if (g_str_equal (slot->field, "latency_ms"))
    return STRATA_TORNADO_LATENCY_ONLY;
  if (slot->kind == STRATA_UNCERTAIN_OPTION)
    {
      const StrataOption *option = &t->sample.copy.layers[slot->layer].options[slot->option];

      if (g_str_equal (slot->field, "margin") && option->has_price)
        return STRATA_TORNADO_MARGIN_ONLY;
      if (g_str_equal (slot->field, "ecosystem_value") &&
          params->objective == STRATA_OBJECTIVE_CASH)
        return STRATA_TORNADO_NOT_COUNTED;
    }
  if (params->outcome == STRATA_TORNADO_SAVINGS)
    return savings_reason (t, slot);
  if (params->outcome == STRATA_TORNADO_BREAKEVEN && !isfinite (entry->base) &&
      !isfinite (entry->outcome_low) && !isfinite (entry->outcome_high))
    {
      /* Without a break-even, the choices are read at the default volume. */
      volume = t->sample.copy.volume_default;
    }
  if (!option_chosen (t, slot, volume, &both))
    return slot->kind == STRATA_UNCERTAIN_OPTION ? STRATA_TORNADO_NOT_CHOSEN
                                                 : STRATA_TORNADO_LINK_INACTIVE;
  if (params->outcome == STRATA_TORNADO_BREAKEVEN && !isfinite (entry->base) &&
      !isfinite (entry->outcome_low) && !isfinite (entry->outcome_high))
    return STRATA_TORNADO_NO_BREAKEVEN;
  if (slot->kind == STRATA_UNCERTAIN_OPTION &&
      (g_str_equal (slot->field, "unit_cost") || g_str_equal (slot->field, "learning_rate") ||
       g_str_equal (slot->field, "reference_volume")) &&
      floor_binds (t, slot, volume))
    return STRATA_TORNADO_FLOOR_BINDS;
  if (both && params->outcome != STRATA_TORNADO_COST)
    return STRATA_TORNADO_SAME_IN_BOTH;
  return STRATA_TORNADO_TOO_SMALL;
}

static void
tornado_entry_clear (gpointer data)
{
  StrataTornadoEntry *entry = data;

  _strata_uncertain_clear (&entry->number);
}

typedef struct
{
  StrataTornadoEntry entry;
  guint              order;
} Ranked;

static int
compare_ranked (gconstpointer a,
                gconstpointer b)
{
  const Ranked *x = a, *y = b;

  if (x->entry.swing != y->entry.swing)
    return x->entry.swing > y->entry.swing ? -1 : 1;
  return x->order < y->order ? -1 : x->order > y->order ? 1 : 0;
}

static double
swing_of (double low,
          double high,
          gboolean breakeven)
{
  double swing = fabs (high - low);

  /* A break-even at one end only: the largest swing of all. */
  if (breakeven && isfinite (low) != isfinite (high))
    return INFINITY;
  /* An infinite outcome (absurd figures at an extreme volume) is the
   * largest swing of all; two infinite ones say nothing. */
  return isnan (swing) ? 0 : swing;
}

/* The numbers the tornado of @t swings: section 6's, then for
 * savings_npv the horizon's (strata-uncertainty-private.h). */
static GArray *
tornado_slots (Tornado *t)
{
  GArray *slots = g_array_new (FALSE, FALSE, sizeof (StrataSlot));

  g_array_append_vals (slots, t->sample.slots->data, t->sample.slots->len);
  if (t->params->outcome == STRATA_TORNADO_SAVINGS && t->sample.hslots != NULL)
    g_array_append_vals (slots, t->sample.hslots->data, t->sample.hslots->len);
  return slots;
}

static gboolean
params_valid (const StrataDataset       *dataset,
              const StrataTornadoParams *params)
{
  switch (params->outcome)
    {
    case STRATA_TORNADO_SAVINGS:
      return params->strategy != NULL && dataset->horizon != NULL;
    case STRATA_TORNADO_BREAKEVEN:
      return params->a != NULL && params->b != NULL;
    case STRATA_TORNADO_COST:
      return params->strategy != NULL && params->volume > 0 && isfinite (params->volume);
    case STRATA_TORNADO_GAP:
    default:
      return params->a != NULL && params->b != NULL &&
             params->volume > 0 && isfinite (params->volume);
    }
}

static void
tornado_clear (Tornado *t)
{
  _strata_sample_clear (&t->sample);
  for (guint k = 0; k < 3; k++)
    g_clear_pointer (&t->opt_choices[k], g_free);
  g_clear_pointer (&t->st, _strata_kernel_state_free);
  g_clear_pointer (&t->kernel, _strata_kernel_free);
}

GArray *
strata_tornado_full (const StrataDataset       *dataset,
                     const StrataTornadoParams *params)
{
  GArray *entries;
  g_autofree Ranked *ranked = NULL;
  g_autoptr(GArray) slots = NULL;
  const StrataStrategy *list[2];
  Tornado t = { params };

  t.dirty[0] = t.dirty[1] = t.moved = -1;
  double base;
  guint n;

  g_return_val_if_fail (dataset != NULL, NULL);
  g_return_val_if_fail (params != NULL, NULL);
  if (!params_valid (dataset, params))
    return NULL;

  if (params->outcome == STRATA_TORNADO_SAVINGS)
    {
      t.start = strata_dataset_find_strategy (dataset, dataset->horizon->start);
      if (t.start == NULL)
        t.start = &dataset->strategies[0];
    }
  else
    {
      list[0] = params->outcome == STRATA_TORNADO_COST ? params->strategy : params->a;
      list[1] = params->b;
      t.kernel = _strata_kernel_new (dataset, list, params->outcome == STRATA_TORNADO_COST ? 1 : 2,
                                     params->objective != STRATA_OBJECTIVE_CASH);
      /* Fixed strategies: their options alone (runs_option () asks the
       * kernel for no optimum then). */
      if (list[0]->choices != NULL && (params->outcome == STRATA_TORNADO_COST || list[1]->choices != NULL))
        _strata_kernel_costs_only (t.kernel);
      else
        for (guint k = 0; k < 3; k++)
          t.opt_choices[k] = g_new (guint, MAX (dataset->n_layers, 1));
      t.st = _strata_kernel_state_new (t.kernel);
    }
  _strata_sample_init (&t.sample, dataset);
  slots = tornado_slots (&t);
  n = slots->len;
  base = outcome (&t);
  if (params->outcome == STRATA_TORNADO_SAVINGS && isnan (base))
    {
      /* The strategy cannot be adopted now. */
      tornado_clear (&t);
      return NULL;
    }

  entries = g_array_new (FALSE, TRUE, sizeof (StrataTornadoEntry));
  g_array_set_clear_func (entries, tornado_entry_clear);
  ranked = g_new0 (Ranked, MAX (n, 1));

  for (guint i = 0; i < n; i++)
    {
      const StrataSlot *slot = &g_array_index (slots, StrataSlot, i);
      StrataNumber *number = slot->number;
      double value = number->value;
      Ranked *r = &ranked[i];

      _strata_uncertain_fill (&r->entry.number, dataset, slot);
      r->order = i;
      r->entry.base = base;

      {
        int layer = slot->kind == STRATA_UNCERTAIN_OPTION ? (int) slot->layer : -2;

        /* The number before back at its value, this one at its low. */
        number->value = number->low;
        t.phase = 1;
        t.dirty[0] = t.moved;
        t.dirty[1] = layer;
        r->entry.outcome_low = outcome (&t);
        number->value = number->high;
        t.phase = 2;
        t.dirty[0] = layer;
        r->entry.outcome_high = outcome (&t);
        number->value = value;
        t.phase = 0;
        t.moved = layer;
      }

      r->entry.swing = swing_of (r->entry.outcome_low, r->entry.outcome_high,
                                 params->outcome == STRATA_TORNADO_BREAKEVEN);
      r->entry.reason = reason_for (&t, slot, &r->entry);
    }
  tornado_clear (&t);

  qsort (ranked, n, sizeof (Ranked), compare_ranked);
  g_array_set_size (entries, n);
  for (guint i = 0; i < n; i++)
    g_array_index (entries, StrataTornadoEntry, i) = ranked[i].entry;

  return entries;
}

GArray *
strata_tornado (const StrataDataset  *dataset,
                const StrataStrategy *strategy,
                double                volume)
{
  StrataTornadoParams params = { STRATA_TORNADO_COST, strategy, NULL, NULL, volume,
                                 STRATA_OBJECTIVE_EFFECTIVE };
  GArray *entries;

  g_return_val_if_fail (dataset != NULL, NULL);
  g_return_val_if_fail (strategy != NULL, NULL);

  entries = strata_tornado_full (dataset, &params);
  if (entries == NULL)
    {
      entries = g_array_new (FALSE, TRUE, sizeof (StrataTornadoEntry));
      g_array_set_clear_func (entries, tornado_entry_clear);
    }
  return entries;
}

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
    default:                           return "";
    }
}

typedef struct
{
  const StrataTornadoParams *params;
  StrataSample               sample;
  StrataKernel              *kernel;   /* [strategy] or [A, B] */
  StrataKernelState         *st;
} Tornado;

/* The outcome with the sample's numbers as they are now. */
static double
outcome (Tornado *t)
{
  const StrataTornadoParams *params = t->params;
  double costs[2];

  if (params->outcome == STRATA_TORNADO_BREAKEVEN)
    {
      /* The one break-even routine (strata-breakeven.c). */
      g_autoptr(StrataBreakeven) found = strata_breakeven_find (&t->sample.copy, params->a,
                                                                params->b, params->objective,
                                                                0, 0, 0);

      return found->crossings->len > 0
             ? g_array_index (found->crossings, StrataCrossing, 0).volume : NAN;
    }

  _strata_kernel_load (t->kernel, t->st, &t->sample.copy);
  _strata_kernel_at (t->kernel, t->st, params->volume, NULL, costs, NULL);
  return params->outcome == STRATA_TORNADO_COST ? costs[0] : costs[0] - costs[1];
}

/* Whether @strategy runs option @o of layer @l at @volume on the sample
 * as it is now. */
static gboolean
runs_option (Tornado              *t,
             const StrataStrategy *strategy,
             guint                 l,
             guint                 o,
             double                volume)
{
  g_autofree guint *choices = NULL;

  if (strategy->choices != NULL)
    return strategy->choices[l] == o;
  choices = g_new (guint, t->sample.copy.n_layers);
  if (t->params->objective == STRATA_OBJECTIVE_CASH)
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

  if (params->outcome != STRATA_TORNADO_COST)
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
          runs = runs_option (t, list[s], slot->layer, slot->option, volume);
        else
          {
            const StrataLink *link = &t->sample.copy.links[slot->link];
            g_autofree guint *choices = g_new (guint, t->sample.copy.n_layers);

            strata_strategy_resolve (&t->sample.copy, list[s], volume, choices);
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

GArray *
strata_tornado_full (const StrataDataset       *dataset,
                     const StrataTornadoParams *params)
{
  GArray *entries;
  g_autofree Ranked *ranked = NULL;
  const StrataStrategy *list[2];
  Tornado t = { params };
  double base;
  guint n;

  g_return_val_if_fail (dataset != NULL, NULL);
  g_return_val_if_fail (params != NULL, NULL);
  if (params->outcome == STRATA_TORNADO_COST ? params->strategy == NULL
                                             : (params->a == NULL || params->b == NULL))
    return NULL;
  if (params->outcome != STRATA_TORNADO_BREAKEVEN && !(params->volume > 0 && isfinite (params->volume)))
    return NULL;

  entries = g_array_new (FALSE, TRUE, sizeof (StrataTornadoEntry));
  g_array_set_clear_func (entries, tornado_entry_clear);

  list[0] = params->outcome == STRATA_TORNADO_COST ? params->strategy : params->a;
  list[1] = params->b;
  t.kernel = _strata_kernel_new (dataset, list, params->outcome == STRATA_TORNADO_COST ? 1 : 2,
                                 params->objective != STRATA_OBJECTIVE_CASH);
  t.st = _strata_kernel_state_new (t.kernel);
  _strata_sample_init (&t.sample, dataset);
  n = t.sample.slots->len;
  base = outcome (&t);
  ranked = g_new0 (Ranked, MAX (n, 1));

  for (guint i = 0; i < n; i++)
    {
      const StrataSlot *slot = &g_array_index (t.sample.slots, StrataSlot, i);
      StrataNumber *number = slot->number;
      double value = number->value;
      Ranked *r = &ranked[i];

      _strata_uncertain_fill (&r->entry.number, dataset, slot);
      r->order = i;
      r->entry.base = base;

      number->value = number->low;
      r->entry.outcome_low = outcome (&t);
      number->value = number->high;
      r->entry.outcome_high = outcome (&t);
      number->value = value;

      r->entry.swing = swing_of (r->entry.outcome_low, r->entry.outcome_high,
                                 params->outcome == STRATA_TORNADO_BREAKEVEN);
      r->entry.reason = reason_for (&t, slot, &r->entry);
    }
  _strata_sample_clear (&t.sample);
  _strata_kernel_state_free (t.st);
  _strata_kernel_free (t.kernel);

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

/* strata-breakeven-kinks.c: the break-even's samples at an optimal side's floor kinks
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "strata-model"

#include "config.h"

#include <math.h>

#include "strata-breakeven-diff-private.h"
#include "strata-numeric-private.h"
#include "strata-optimizer-private.h"

/*
 * The break-even scan (strata-breakeven.c) also samples the volumes where
 * a variable cost of either side reaches its floor, where the side's cost
 * curve bends.  A side with fixed choices has one per layer at most; the
 * optimal side's curve can bend at the floor of any option of any layer,
 * thousands on a long stack of many options (1024 x 64 with links among
 * 20: half of the 1.7 s of the break-even against Optimal went to them),
 * each sample an optimum.  Its curve bends at an option's floor
 * only when that option is in the optimum there, so a kink is sampled
 * unless another option is provably cheaper there in every strategy by
 * far more than any tie tolerance (_strata_kink_may_bend ()).  The test
 * reads only the dataset and the last optimum the scan solved (not the
 * optimizer's windows), so the samples, and the answers, are the same
 * with or without windows; /strata/breakeven/optimal-kinks compares them
 * with every kink taken, to the bit.
 */

gboolean
_strata_option_floor_kink (const StrataOption *option,
                           double              min,
                           double              max,
                           double             *volume)
{
  double b, v;

  if (option->mode != STRATA_MODE_INTEGRATED || option->learning_rate.value <= 0 ||
      option->floor_cost.value <= 0 || option->unit_cost.value <= option->floor_cost.value)
    return FALSE;

  b = log2 (1.0 - option->learning_rate.value);
  v = option->reference_volume.value *
      pow (option->floor_cost.value / option->unit_cost.value, 1.0 / b);
  if (!(isfinite (v) && v > min && v < max))
    return FALSE;
  *volume = v;
  return TRUE;
}

static gint kink_filter_off;
static guint kinks_skipped, kinks_taken;

void
_strata_breakeven_set_kink_filter (gboolean filter)
{
  g_atomic_int_set (&kink_filter_off, !filter);
}

void
_strata_breakeven_kink_counts (guint *skipped,
                               guint *taken)
{
  *skipped = (guint) g_atomic_int_get (&kinks_skipped);
  *taken = (guint) g_atomic_int_get (&kinks_taken);
}

static gboolean
kink_taken (void)
{
  g_atomic_int_inc (&kinks_taken);
  return TRUE;
}

static gboolean
kink_skipped (void)
{
  g_atomic_int_inc (&kinks_skipped);
  return FALSE;
}

static int
compare_kinks (gconstpointer a,
               gconstpointer b)
{
  double x = ((const Kink *) a)->volume, y = ((const Kink *) b)->volume;

  return (x > y) - (x < y);
}

/* The optimal side's kinks (every option of every layer that reaches its
 * floor in the range), each with its option, ascending. */
GArray *
_strata_optimal_kinks (const StrataDataset *dataset,
                       double               volume_min,
                       double               volume_max)
{
  GArray *kinks = g_array_new (FALSE, FALSE, sizeof (Kink));

  for (guint i = 0; i < dataset->n_layers; i++)
    for (guint k = 0; k < dataset->layers[i].n_options; k++)
      {
        Kink kink = { 0, i, k };

        if (_strata_option_floor_kink (&dataset->layers[i].options[k], volume_min, volume_max,
                                       &kink.volume))
          g_array_append_val (kinks, kink);
      }
  g_array_sort (kinks, compare_kinks);
  return kinks;
}

/* The numbers the filter reads, from the plan when the diff has one,
 * else (the Monte Carlo's draws, costed by its kernel) from the dataset:
 * the same figures up to rounding, far below the filter's margin. */
static double
kink_base (const Diff *diff,
           guint       i,
           guint       k,
           double      volume)
{
  if (diff->plan != NULL)
    return plan_variable_base (diff->plan, i, k, volume);
  return option_variable_base (&diff->dataset->layers[i].options[k], volume);
}

/* The interface between layer @i and the one above (0 above the top). */
static double
kink_iface (const Diff *diff,
            guint       i)
{
  if (diff->plan != NULL)
    return diff->plan->iface[i];
  return i + 1 < diff->dataset->n_layers ? layer_interface (diff->dataset, i) : 0.0;
}

/* Layer @i's least co-design factor: every link into it active. */
static double
kink_least_factor (const Diff *diff,
                   guint       i)
{
  double f = 1.0;

  if (diff->plan != NULL)
    return plan_least_factor (diff->plan, i);
  for (guint k = 0; k < diff->dataset->n_links; k++)
    if (diff->dataset->links[k].to == i)
      f *= 1.0 - diff->dataset->links[k].saving.value;
  return f;
}

/* The optimal side's choices at the volume last costed, NULL before. */
static const guint *
kink_last_choices (const Diff *diff)
{
  if (diff->costs != NULL)
    return diff->costs_choices != NULL ? diff->costs_choices (diff->costs_data) : NULL;
  return diff->choices_known ? diff->choices : NULL;
}

/* Option @k of layer @i's cost at @volume with co-design factor @f (an
 * integrated option's base times it), under the diff's objective. */
static double
kink_option_cost (const Diff *diff,
                  guint       i,
                  guint       k,
                  double      volume,
                  double      f)
{
  const StrataOption *option = &diff->dataset->layers[i].options[k];
  double base = kink_base (diff, i, k, volume);
  double cost = (option->mode == STRATA_MODE_INTEGRATED ? base * f : base) +
                option->fixed_cost.value / volume;

  return diff->objective == STRATA_OBJECTIVE_CASH ? cost : cost - option->ecosystem_value.value;
}


/* @filter over [@volume_min, ...): variable costs and fixed costs per
 * unit only fall with volume, so their values at @volume_min bound them.
 * The margin is 1000 tie tolerances of a bound of any strategy's
 * magnitude (per layer its largest option's, plus every interface); a
 * link saves its target at most its saving times the target's largest
 * integrated base. FALSE when a bound is not finite. */
gboolean
_strata_kink_filter_init (KinkFilter *filter,
                          const Diff *diff,
                          double      volume_min)
{
  const StrataDataset *dataset = diff->dataset;
  g_autofree double *int_base = g_new0 (double, dataset->n_layers);
  double sum = 0;

  filter->link_bound = g_new0 (double, dataset->n_layers);
  for (guint i = 0; i < dataset->n_layers; i++)
    {
      double largest = 0;

      for (guint k = 0; k < dataset->layers[i].n_options; k++)
        {
          const StrataOption *option = &dataset->layers[i].options[k];
          double base = fabs (kink_base (diff, i, k, volume_min));

          largest = MAX (largest, base + fabs (option->fixed_cost.value) / volume_min +
                                    fabs (option->ecosystem_value.value));
          if (option->mode == STRATA_MODE_INTEGRATED)
            int_base[i] = MAX (int_base[i], base);
        }
      sum += largest + fabs (kink_iface (diff, i));
    }
  for (guint k = 0; k < dataset->n_links; k++)
    filter->link_bound[dataset->links[k].from] +=
      dataset->links[k].saving.value * int_base[dataset->links[k].to];
  filter->margin = 1e3 * STRATA_TIE_TOLERANCE * sum;
  for (guint i = 0; i < dataset->n_layers; i++)
    if (!isfinite (filter->link_bound[i]))
      return FALSE;
  return isfinite (filter->margin);
}

/* Whether the optimal side's curve may bend at @kink: its (integrated)
 * option is in the optimum there unless swapping it for another option
 * saves more than the margin (far above any tie tolerance) in every
 * strategy, and the optimizer never keeps the dearer one.  The other
 * option tried is the last optimum's (the scan goes up: most often the
 * optimum's there too; the model's, or the costs' from elsewhere through
 * costs_choices); without one, TRUE.
 * - Of the same mode: the two pay the same interfaces and take the same
 *   co-design factor in any strategy, so the swap changes the cost by
 *   their difference at that factor, at either end of the layer's range
 *   of factors.
 * - Neutral: the swap saves at least the kink option's cost at the least
 *   factor less the neutral one's, less both interfaces of the layer
 *   (paid once it is neutral) and what its links save their targets. */
gboolean
_strata_kink_may_bend (const Diff       *diff,
                       const Kink       *kink,
                       const KinkFilter *filter)
{
  const StrataLayer *layer = &diff->dataset->layers[kink->layer];
  const guint *choices = kink_last_choices (diff);
  double factors[2] = { 1.0, kink_least_factor (diff, kink->layer) };
  guint i = kink->layer, other;

  if (choices == NULL || g_atomic_int_get (&kink_filter_off))
    return kink_taken ();
  other = choices[i];
  if (other == kink->option)
    return kink_taken ();
  if (layer->options[other].mode != layer->options[kink->option].mode)
    {
      double gap = kink_option_cost (diff, i, kink->option, kink->volume, factors[1]) -
                   kink_option_cost (diff, i, other, kink->volume, 1.0) -
                   (i > 0 ? kink_iface (diff, i - 1) : 0) -
                   (i + 1 < diff->dataset->n_layers ? kink_iface (diff, i) : 0) -
                   filter->link_bound[i];

      return gap > filter->margin ? kink_skipped () : kink_taken ();
    }
  for (guint f = 0; f < 2; f++)
    if (!(kink_option_cost (diff, i, kink->option, kink->volume, factors[f]) -
            kink_option_cost (diff, i, other, kink->volume, factors[f]) > filter->margin))
      return kink_taken ();
  return kink_skipped ();
}

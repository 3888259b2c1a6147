/* strata-model.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "strata-model"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "strata/strata-model.h"

#include "strata-model-private.h"

/*
 * The arithmetic of MODEL.md section 3 (evaluation, the objective) and the helpers every
 * other part of the model uses.  The optimizer lives in strata-optimizer.c,
 * break-even in strata-breakeven.c and the ladder in strata-ladder.c.
 *
 * Everything here works on a finished, immutable dataset and keeps its
 * scratch memory on the stack or in one block allocated per call, so every
 * function is thread-safe.
 */

/* ------------------------------------------------------------------ */
/* Section 3: the objective                                             */
/* ------------------------------------------------------------------ */

const char *
strata_objective_to_string (StrataObjective objective)
{
  switch (objective)
    {
    case STRATA_OBJECTIVE_CASH:
      return "cash";
    case STRATA_OBJECTIVE_EFFECTIVE:
    default:
      return "effective";
    }
}

gboolean
strata_objective_from_string (const char      *text,
                              StrataObjective *objective)
{
  g_return_val_if_fail (objective != NULL, FALSE);

  if (g_strcmp0 (text, "effective") == 0)
    *objective = STRATA_OBJECTIVE_EFFECTIVE;
  else if (g_strcmp0 (text, "cash") == 0)
    *objective = STRATA_OBJECTIVE_CASH;
  else
    return FALSE;
  return TRUE;
}

const char *
strata_objective_cost_key (StrataObjective objective)
{
  return objective == STRATA_OBJECTIVE_CASH ? "unit_cost" : "effective_unit_cost";
}

const char *
strata_objective_profit_key (StrataObjective objective)
{
  return objective == STRATA_OBJECTIVE_CASH ? "unit_profit" : "effective_unit_profit";
}

double
strata_outcome_cost (const StrataOutcome *outcome,
                     StrataObjective      objective)
{
  g_return_val_if_fail (outcome != NULL, NAN);

  return objective == STRATA_OBJECTIVE_CASH ? outcome->unit_cost
                                            : outcome->effective_unit_cost;
}

/* ------------------------------------------------------------------ */
/* Section 3: evaluation                                                */
/* ------------------------------------------------------------------ */

/* The co-design factor of every layer's variable cost (MODEL.md 2):
 * every link whose ends both run integrated options, in dataset order;
 * several links into one layer compound. */
static inline void
link_factors (const StrataDataset *dataset,
              const guint         *choices,
              double              *factor)
{
  for (guint i = 0; i < dataset->n_layers; i++)
    factor[i] = 1.0;
  for (guint k = 0; k < dataset->n_links; k++)
    {
      const StrataLink *link = &dataset->links[k];

      if (dataset->layers[link->from].options[choices[link->from]].mode == STRATA_MODE_INTEGRATED &&
          dataset->layers[link->to].options[choices[link->to]].mode == STRATA_MODE_INTEGRATED)
        factor[link->to] *= 1.0 - link->saving.value;
    }
}

/* Layer @i's part of the unit cost at @volume, from @base, its option's
 * variable base: the variable cost (times the co-design factor when
 * integrated), the fixed cost per unit and the interface cost to the next
 * layer.  evaluate_internal () and objective_cost_internal () both add
 * them, so the same doubles. */
static inline void
layer_cost_parts (const StrataDataset *dataset,
                  const guint         *choices,
                  double               factor,
                  guint                i,
                  double               base,
                  double               volume,
                  double              *variable,
                  double              *fixed,
                  double              *iface)
{
  const StrataOption *option = &dataset->layers[i].options[choices[i]];
  gboolean integrated = option->mode == STRATA_MODE_INTEGRATED;

  *variable = integrated ? base * factor : base;
  *fixed = option->fixed_cost.value / volume;
  *iface = 0;
  if (i + 1 < dataset->n_layers &&
      !(integrated &&
        dataset->layers[i + 1].options[choices[i + 1]].mode == STRATA_MODE_INTEGRATED))
    *iface = layer_interface (dataset, i);
}

/* The interface above layer @i as layer_cost_parts () charges it. */
static inline double
interface_charged (const StrataDataset *dataset,
                   const guint         *choices,
                   guint                i)
{
  if (i + 1 < dataset->n_layers &&
      !(dataset->layers[i].options[choices[i]].mode == STRATA_MODE_INTEGRATED &&
        dataset->layers[i + 1].options[choices[i + 1]].mode == STRATA_MODE_INTEGRATED))
    return layer_interface (dataset, i);
  return 0;
}

/* The co-design factor of every layer (link_factors ()), in @stack when
 * the dataset has few enough layers, else in a new *@heap. */
static inline double *
factors_of (const StrataDataset *dataset,
            const guint         *choices,
            double              *stack,
            double             **heap)
{
  double *factor = dataset->n_layers <= STRATA_STACK_LAYERS
                   ? stack : (*heap = g_new (double, dataset->n_layers));

  link_factors (dataset, choices, factor);
  return factor;
}

static void
evaluate_internal (const StrataDataset *dataset,
                   const guint         *choices,
                   double               volume,
                   StrataOutcome       *outcome,
                   StrataLayerCost     *per_layer)
{
  double stack_factor[STRATA_STACK_LAYERS];
  g_autofree double *heap_factor = NULL;
  double *factor;
  guint n = dataset->n_layers;
  double unit_cost = 0, eco = 0, supplier_margin = 0, capital = 0;
  double neutral_cost = 0, latency = 0;

  factor = factors_of (dataset, choices, stack_factor, &heap_factor);

  for (guint i = 0; i < n; i++)
    {
      const StrataLayer *layer = &dataset->layers[i];
      const StrataOption *option;
      double base, variable, fixed, iface, margin = 0;
      gboolean integrated;

      g_assert (choices[i] < layer->n_options);
      option = &layer->options[choices[i]];
      integrated = option->mode == STRATA_MODE_INTEGRATED;

      base = option_variable_base (option, volume);
      layer_cost_parts (dataset, choices, factor[i], i, base, volume, &variable, &fixed, &iface);

      if (!integrated)
        {
          margin = base * option->margin.value;
          supplier_margin += margin;
          neutral_cost += variable + fixed;
        }
      else
        capital += option->fixed_cost.value;

      unit_cost += variable + fixed + iface;
      eco += option->ecosystem_value.value;
      latency += option->latency_ms.value;

      if (per_layer != NULL)
        {
          StrataLayerCost *lc = &per_layer[i];

          lc->mode = option->mode;
          lc->variable = variable;
          lc->variable_base = base;
          lc->codesign_factor = integrated ? factor[i] : 1.0;
          lc->fixed_per_unit = fixed;
          lc->interface_cost = iface;
          lc->supplier_margin = margin;
          lc->ecosystem_value = option->ecosystem_value.value;
          lc->latency_ms = option->latency_ms.value;
          lc->share = variable + fixed;   /* divided below */
          lc->interface_share = iface;
        }
    }

  if (per_layer != NULL)
    for (guint i = 0; i < n; i++)
      {
        per_layer[i].share = unit_cost != 0 ? per_layer[i].share / unit_cost : 0.0;
        per_layer[i].interface_share = unit_cost != 0 ? per_layer[i].interface_share / unit_cost : 0.0;
      }

  outcome->unit_cost = unit_cost;
  outcome->ecosystem_value = eco;
  outcome->effective_unit_cost = unit_cost - eco;
  outcome->annual_cost = unit_cost * volume;
  outcome->supplier_margin = supplier_margin;
  outcome->capital_at_risk = capital;
  outcome->supplier_share = unit_cost != 0 ? neutral_cost / unit_cost : 0.0;
  outcome->latency_ms = latency;
  outcome->has_profit = dataset->has_price;
  if (dataset->has_price)
    {
      outcome->unit_profit = dataset->price - unit_cost;
      outcome->annual_profit = outcome->unit_profit * volume;
      outcome->effective_unit_profit = dataset->price - outcome->effective_unit_cost;
    }
  else
    {
      outcome->unit_profit = 0;
      outcome->annual_profit = 0;
      outcome->effective_unit_profit = 0;
    }
}

void
strata_evaluate (const StrataDataset *dataset,
                 const guint         *choices,
                 double               volume,
                 StrataOutcome       *outcome,
                 StrataLayerCost     *layers)
{
  StrataOutcome scratch;

  g_return_if_fail (dataset != NULL);
  g_return_if_fail (choices != NULL);
  g_return_if_fail (volume > 0 && isfinite (volume));

  evaluate_internal (dataset, choices, volume, outcome ? outcome : &scratch, layers);
}

double
strata_effective_unit_cost (const StrataDataset *dataset,
                            const guint         *choices,
                            double               volume)
{
  StrataOutcome outcome;

  g_return_val_if_fail (dataset != NULL, NAN);
  g_return_val_if_fail (choices != NULL, NAN);
  g_return_val_if_fail (volume > 0 && isfinite (volume), NAN);

  evaluate_internal (dataset, choices, volume, &outcome, NULL);
  return outcome.effective_unit_cost;
}

/* The objective's cost alone: evaluate_internal ()'s unit_cost and
 * ecosystem value, the same operations in the same order (so the same
 * doubles), without the outcomes nobody asked for.  Break-even and the
 * charts call it at thousands of volumes per strategy. */
static inline double
objective_cost_internal (const StrataDataset *dataset,
                         const guint         *choices,
                         StrataObjective      objective,
                         double               volume,
                         guint               *known_option,
                         double              *known_base,
                         gboolean             keep_known)
{
  double stack_factor[STRATA_STACK_LAYERS];
  g_autofree double *heap_factor = NULL;
  double *factor;
  guint n = dataset->n_layers;
  double unit_cost = 0, eco = 0;

  factor = factors_of (dataset, choices, stack_factor, &heap_factor);

  for (guint i = 0; i < n; i++)
    {
      const StrataLayer *layer = &dataset->layers[i];
      const StrataOption *option;
      double base, variable, fixed, iface;

      g_assert (choices[i] < layer->n_options);
      option = &layer->options[choices[i]];

      /* The same double whether found now or before at this volume. */
      if (known_option != NULL && known_option[i] == choices[i])
        base = known_base[i];
      else
        {
          base = option_variable_base (option, volume);
          if (known_option != NULL && (!keep_known || known_option[i] == G_MAXUINT))
            {
              known_option[i] = choices[i];
              known_base[i] = base;
            }
        }
      layer_cost_parts (dataset, choices, factor[i], i, base, volume, &variable, &fixed, &iface);

      unit_cost += variable + fixed + iface;
      eco += option->ecosystem_value.value;
    }

  return objective == STRATA_OBJECTIVE_CASH ? unit_cost : unit_cost - eco;
}

double
strata_objective_unit_cost (const StrataDataset *dataset,
                            const guint         *choices,
                            StrataObjective      objective,
                            double               volume)
{
  g_return_val_if_fail (dataset != NULL, NAN);
  g_return_val_if_fail (choices != NULL, NAN);
  g_return_val_if_fail (volume > 0 && isfinite (volume), NAN);

  return objective_cost_internal (dataset, choices, objective, volume, NULL, NULL, FALSE);
}

/* The optimizer itself is strata_optimize_full () (strata-optimizer.c). */
double
strata_optimize (const StrataDataset *dataset,
                 double               volume,
                 guint               *choices_out)
{
  return strata_optimize_full (dataset, STRATA_OBJECTIVE_EFFECTIVE, volume, choices_out);
}

int
_strata_choices_compare (const guint *a,
                         const guint *b,
                         guint        n)
{
  for (guint i = 0; i < n; i++)
    if (a[i] != b[i])
      return a[i] < b[i] ? -1 : 1;
  return 0;
}

/* strata_objective_unit_cost () reusing the variable bases (the learning
 * curve's pow () is most of an evaluation) found before at this very
 * @volume: @known_option[i] is the option of layer i whose base
 * @known_base[i] holds (G_MAXUINT: none yet); both are updated with the
 * options evaluated here (with @keep_known, only where they held none).  The same operations on the same doubles, so
 * the same cost to the last bit. */
double
_strata_objective_unit_cost_known (const StrataDataset *dataset,
                                   const guint         *choices,
                                   StrataObjective      objective,
                                   double               volume,
                                   guint               *known_option,
                                   double              *known_base,
                                   gboolean             keep_known)
{
  return objective_cost_internal (dataset, choices, objective, volume, known_option, known_base,
                                  keep_known);
}

/* Layer @i's part of the objective's cost of @choices (factor: their
 * co-design factors): its variable and fixed cost, its interface above,
 * less its ecosystem value under the effective objective. */
static double
layer_objective_part (const StrataDataset *dataset,
                      const guint         *choices,
                      double               factor,
                      guint                i,
                      StrataObjective      objective,
                      double               volume,
                      double              *magnitude)
{
  const StrataOption *option = &dataset->layers[i].options[choices[i]];
  double variable, fixed, iface, eco = objective == STRATA_OBJECTIVE_CASH ? 0.0 : option->ecosystem_value.value;

  layer_cost_parts (dataset, choices, factor, i, option_variable_base (option, volume), volume,
                    &variable, &fixed, &iface);
  *magnitude += fabs (variable) + fabs (fixed) + fabs (iface) + fabs (eco);
  return variable + fixed + iface - eco;
}

double
_strata_objective_unit_cost_difference (const StrataDataset *dataset,
                                        const guint         *a,
                                        const guint         *b,
                                        StrataObjective      objective,
                                        double               volume)
{
  double magnitude;

  return _strata_objective_unit_cost_difference_full (dataset, a, b, objective, volume, &magnitude);
}

/* The co-design factor of layer @i under @choices: link_factors ()'s
 * product for that one layer, in the same order (the same double). */
static double
layer_factor (const StrataDataset *dataset,
              const guint         *choices,
              guint                i)
{
  double factor = 1.0;

  if (dataset->layers[i].options[choices[i]].mode != STRATA_MODE_INTEGRATED)
    return factor;
  for (guint k = 0; k < dataset->n_links; k++)
    {
      const StrataLink *link = &dataset->links[k];

      if (link->to == i &&
          dataset->layers[link->from].options[choices[link->from]].mode == STRATA_MODE_INTEGRATED)
        factor *= 1.0 - link->saving.value;
    }
  return factor;
}

static int
compare_guint (gconstpointer x,
               gconstpointer y)
{
  guint a = *(const guint *) x, b = *(const guint *) y;

  return a < b ? -1 : a > b;
}

gboolean _strata_difference_sparse_disabled = FALSE;

/* The layers whose terms of the difference of @a and @b may not be 0, in
 * @list, ascending: those whose choices differ, the layer below each (its
 * interface) and the targets of their links (their factors).  FALSE when
 * there are more than DIFFERENCE_SPARSE. */
#define DIFFERENCE_SPARSE 32

static gboolean
difference_layers (const StrataDataset *dataset,
                   const guint         *a,
                   const guint         *b,
                   guint               *list,
                   guint               *len)
{
  guint n = dataset->n_layers, k = 0, n_changed = 0;

  for (guint i = 0; i < n; i++)
    if (a[i] != b[i])
      {
        if (++n_changed > DIFFERENCE_SPARSE / 4)
          return FALSE;
        list[k++] = i;
        if (i > 0)
          list[k++] = i - 1;
      }
  for (guint q = 0; q < dataset->n_links; q++)
    {
      const StrataLink *link = &dataset->links[q];

      if (a[link->from] != b[link->from])
        {
          if (k >= DIFFERENCE_SPARSE)
            return FALSE;
          list[k++] = link->to;
        }
    }
  qsort (list, k, sizeof (guint), compare_guint);
  *len = 0;
  for (guint i = 0; i < k; i++)
    if (*len == 0 || list[*len - 1] != list[i])
      list[(*len)++] = list[i];
  return TRUE;
}

double
_strata_objective_unit_cost_difference_full (const StrataDataset *dataset,
                                             const guint         *a,
                                             const guint         *b,
                                             StrataObjective      objective,
                                             double               volume,
                                             double              *magnitude)
{
  double stack_a[STRATA_STACK_LAYERS], stack_b[STRATA_STACK_LAYERS];
  g_autofree double *heap_a = NULL, *heap_b = NULL;
  double *fa, *fb;
  guint n = dataset->n_layers, list[DIFFERENCE_SPARSE], len;
  double d = 0;

  *magnitude = 0;
  if (n > STRATA_STACK_LAYERS && !_strata_difference_sparse_disabled &&
      difference_layers (dataset, a, b, list, &len))
    {
      /* A long stack and two strategies that differ in a few layers: the
       * same terms in the same order as the loop below, the factors of
       * those layers alone (a layer's part reads its own). */
      for (guint j = 0; j < len; j++)
        {
          guint i = list[j];
          double f[2] = { layer_factor (dataset, a, i), layer_factor (dataset, b, i) };

          if (a[i] != b[i] || f[0] != f[1])
            {
              double pa = layer_objective_part (dataset, a, f[0], i, objective, volume, magnitude);

              d += pa - layer_objective_part (dataset, b, f[1], i, objective, volume, magnitude);
            }
          else if (i + 1 < n && a[i + 1] != b[i + 1])
            {
              double ia = interface_charged (dataset, a, i), ib = interface_charged (dataset, b, i);

              d += ia - ib;
              *magnitude += fabs (ia) + fabs (ib);
            }
        }
      return d;
    }
  fa = factors_of (dataset, a, stack_a, &heap_a);
  fb = factors_of (dataset, b, stack_b, &heap_b);
  /* A layer whose option, co-design factor and layer above are the same
   * in both adds the same part to both; one whose layer above alone
   * differs, the same but for its interface. */
  for (guint i = 0; i < n; i++)
    if (a[i] != b[i] || fa[i] != fb[i])
      d += layer_objective_part (dataset, a, fa[i], i, objective, volume, magnitude) -
           layer_objective_part (dataset, b, fb[i], i, objective, volume, magnitude);
    else if (i + 1 < n && a[i + 1] != b[i + 1])
      {
        double ia = interface_charged (dataset, a, i), ib = interface_charged (dataset, b, i);

        d += ia - ib;
        *magnitude += fabs (ia) + fabs (ib);
      }
  return d;
}

double
_strata_objective_magnitude (const StrataDataset *dataset,
                             const guint         *choices,
                             StrataObjective      objective,
                             double               volume)
{
  double stack[STRATA_STACK_LAYERS];
  g_autofree double *heap = NULL;
  double *factor = factors_of (dataset, choices, stack, &heap);
  double magnitude = 0;

  for (guint i = 0; i < dataset->n_layers; i++)
    layer_objective_part (dataset, choices, factor[i], i, objective, volume, &magnitude);
  return magnitude;
}

/* What a strategy with fixed choices adds per layer at any volume, found
 * once: _strata_objective_unit_cost_layout () then adds, per layer, the
 * variable base times the co-design factor (1 when not integrated: the
 * same double as the base itself), the fixed cost over the volume and the
 * interface, as objective_cost_internal () does; the ecosystem value's
 * sum does not depend on the volume. */
struct _StrataCostLayout
{
  guint                n;
  guint               *choices;
  const StrataOption **option;
  double              *factor;
  double              *fixed;
  double              *iface;
  double               eco;
};

StrataCostLayout *
_strata_cost_layout_new (const StrataDataset *dataset,
                         const guint         *choices)
{
  guint n = dataset->n_layers;
  StrataCostLayout *layout = g_new0 (StrataCostLayout, 1);
  double eco = 0;

  layout->n = n;
  layout->choices = g_memdup2 (choices, sizeof (guint) * MAX (n, 1));
  layout->option = g_new (const StrataOption *, MAX (n, 1));
  layout->factor = g_new (double, 3 * (gsize) MAX (n, 1));
  layout->fixed = layout->factor + n;
  layout->iface = layout->fixed + n;
  link_factors (dataset, choices, layout->factor);
  for (guint i = 0; i < n; i++)
    {
      const StrataLayer *layer = &dataset->layers[i];
      const StrataOption *option;
      gboolean integrated;

      g_assert (choices[i] < layer->n_options);
      option = &layer->options[choices[i]];
      integrated = option->mode == STRATA_MODE_INTEGRATED;
      layout->option[i] = option;
      if (!integrated)
        layout->factor[i] = 1.0;
      layout->fixed[i] = option->fixed_cost.value;
      layout->iface[i] = 0;
      if (i + 1 < n &&
          !(integrated && dataset->layers[i + 1].options[choices[i + 1]].mode == STRATA_MODE_INTEGRATED))
        layout->iface[i] = layer_interface (dataset, i);
      eco += option->ecosystem_value.value;
    }
  layout->eco = eco;
  return layout;
}

void
_strata_cost_layout_free (StrataCostLayout *layout)
{
  if (layout == NULL)
    return;
  g_free (layout->choices);
  g_free (layout->option);
  g_free (layout->factor);
  g_free (layout);
}

gboolean
_strata_cost_layout_is (const StrataCostLayout *layout,
                        const guint            *choices)
{
  return memcmp (layout->choices, choices, sizeof (guint) * layout->n) == 0;
}

/* _strata_objective_unit_cost_known () of @layout's choices: the same
 * operations on the same doubles, so the same cost to the last bit; about
 * a third of the instructions (a flip's break-even scans call it at some
 * 4,000 volumes). */
double
_strata_objective_unit_cost_layout (const StrataCostLayout *layout,
                                    StrataObjective         objective,
                                    double                  volume,
                                    guint                  *known_option,
                                    double                 *known_base,
                                    gboolean                keep_known)
{
  const guint *choices = layout->choices;
  const double *factor = layout->factor;
  const double *fixed = layout->fixed;
  const double *iface = layout->iface;
  guint n = layout->n;
  double unit_cost = 0;

  /* The layout's arrays in registers: the stores to @known_base below
   * would otherwise have them loaded again at every layer. */
  for (guint i = 0; i < n; i++)
    {
      double base;

      if (known_option[i] == choices[i])
        base = known_base[i];
      else
        {
          base = option_variable_base (layout->option[i], volume);
          if (!keep_known || known_option[i] == G_MAXUINT)
            {
              known_option[i] = choices[i];
              known_base[i] = base;
            }
        }
      unit_cost += base * factor[i] + fixed[i] / volume + iface[i];
    }

  return objective == STRATA_OBJECTIVE_CASH ? unit_cost : unit_cost - layout->eco;
}

guint *
strata_strategy_resolve (const StrataDataset  *dataset,
                         const StrataStrategy *strategy,
                         double                volume,
                         guint                *choices_out)
{
  return strata_strategy_resolve_full (dataset, strategy, STRATA_OBJECTIVE_EFFECTIVE, volume,
                                       choices_out);
}

guint *
strata_strategy_resolve_full (const StrataDataset  *dataset,
                              const StrataStrategy *strategy,
                              StrataObjective       objective,
                              double                volume,
                              guint                *choices_out)
{
  g_return_val_if_fail (dataset != NULL, NULL);
  g_return_val_if_fail (strategy != NULL, NULL);
  g_return_val_if_fail (choices_out != NULL, NULL);

  if (strategy->choices == NULL)
    strata_optimize_full (dataset, objective, volume, choices_out);
  else
    memcpy (choices_out, strategy->choices, sizeof (guint) * dataset->n_layers);
  return choices_out;
}

gboolean
strata_cost_cheaper (double a,
                     double b)
{
  return isfinite (a) && isfinite (b) && a < b - STRATA_CHEAPER_TOLERANCE * (fabs (a) + fabs (b));
}

double
strata_strategy_effective_cost (const StrataDataset  *dataset,
                                const StrataStrategy *strategy,
                                double                volume)
{
  return strata_strategy_cost (dataset, strategy, STRATA_OBJECTIVE_EFFECTIVE, volume);
}

double
strata_strategy_cost (const StrataDataset  *dataset,
                      const StrataStrategy *strategy,
                      StrataObjective       objective,
                      double                volume)
{
  g_return_val_if_fail (dataset != NULL, NAN);
  g_return_val_if_fail (strategy != NULL, NAN);

  if (strategy->choices == NULL)
    {
      guint stack_choices[STRATA_STACK_LAYERS];
      g_autofree guint *heap_choices = NULL;
      guint *choices = stack_choices;

      if (dataset->n_layers > STRATA_STACK_LAYERS)
        choices = heap_choices = g_new (guint, dataset->n_layers);
      return strata_optimize_full (dataset, objective, volume, choices);
    }
  return strata_objective_unit_cost (dataset, strategy->choices, objective, volume);
}

/* ------------------------------------------------------------------ */
/* Log grid                                                             */
/* ------------------------------------------------------------------ */

/* TRUE when no option's cost depends on the volume: no fixed cost to
 * spread, no learning curve (its base, its fixed cost per unit, 0 / V,
 * and so every strategy's cost are the same doubles at every volume). */
gboolean
_strata_volume_independent (const StrataDataset *dataset)
{
  for (guint i = 0; i < dataset->n_layers; i++)
    for (guint k = 0; k < dataset->layers[i].n_options; k++)
      {
        const StrataOption *option = &dataset->layers[i].options[k];

        if (option->fixed_cost.value != 0.0 || (option->mode == STRATA_MODE_INTEGRATED && option->learning_rate.value != 0.0 && option->unit_cost.value != 0.0))
          return FALSE;
      }
  return TRUE;
}

void
strata_log_space (double  min,
                  double  max,
                  guint   n,
                  double *out)
{
  double ratio, log_ratio;

  g_return_if_fail (n >= 2);
  g_return_if_fail (out != NULL);
  g_return_if_fail (min > 0 && max >= min);

  /* min * (max / min)^t by pow (), correctly rounded where the answer
   * is a double: a grid over whole decades lands on them (1e6, not the
   * 999999.9999999998 exp (t ln (max / min)) gave, which a CSV column
   * carried into a spreadsheet). */
  ratio = max / min;
  log_ratio = log (max) - log (min);
  for (guint i = 0; i < n; i++)
    {
      double t = (double) i / (double) (n - 1);

      out[i] = isfinite (ratio) ? min * pow (ratio, t) : exp (log (min) + log_ratio * t);
    }
  out[0] = min;
  out[n - 1] = max;
}


int
strata_compare_doubles (gconstpointer a,
                        gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y ? 1 : 0;
}

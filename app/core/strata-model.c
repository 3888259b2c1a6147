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

/*
 * The arithmetic of MODEL.md sections 3 to 5.
 *
 * Everything here works on a finished, immutable dataset and keeps its
 * scratch memory on the stack or in one block allocated per call, so every
 * function is thread-safe.
 *
 * The optimizer (section 5) is exact.  Once the mode of every layer is
 * fixed, the co-design factors and the market-interface costs are fixed
 * too, so the best option of each layer within its mode no longer depends
 * on the other layers.  Interfaces only couple neighbours, so the layers
 * that no link touches are handled by a dynamic programme along the chain
 * whose state is the mode of the layer below.  Only the layers that take
 * part in links ("linked layers") couple non-neighbours; their modes are
 * searched exhaustively (up to 2^k patterns, k <= 20 for any dataset the
 * loader accepts) by a depth-first branch and bound that only cuts
 * branches that provably hold no strategy as good as the best one found.
 * Between two consecutive linked layers the chain of unlinked layers is
 * folded, once per volume, into a 2 x 2 min-plus matrix indexed by the
 * modes of its two ends, so one pattern costs O(linked layers) plus the
 * options of the layers that receive links.  The ladder and break-even
 * scans start each search from the optimum at the previous volume.
 *
 * Ties (section 5): strategies whose effective unit costs differ by no
 * more than TIE_TOLERANCE times the magnitude of the sums involved (the sum
 * over layers of the largest |variable| + |fixed/V| + |ecosystem value| of
 * any option, plus the interface costs) count as equally cheap.  This
 * absorbs floating-point rounding of sums taken in different orders (about
 * 1e-16 relative per operation) while never merging costs a user could
 * tell apart in any display.  Among equally cheap strategies the one with
 * fewer integrated layers wins, then the one whose option indices are
 * smaller, compared layer by layer from the bottom.
 */

#define TIE_TOLERANCE 1e-12

/* Linked layers with both modes whose modes are enumerated.  The loader
 * refuses datasets whose links touch more than 20 layers; datasets built by
 * hand get a little more room but no unbounded search. */
#define MAX_FREE_LINKED 24

/* Dense scan for break-even (section 4) before refining each bracket. */
#define BREAKEVEN_GRID 4096

/* Differences of effective costs this small relative to the costs are
 * rounding, not a sign. */
#define BREAKEVEN_ZERO 1e-12

/* Relative precision in V of break-even volumes and ladder flips. */
#define VOLUME_PRECISION 1e-9

#define STACK_LAYERS 256

/* ------------------------------------------------------------------ */
/* Section 3: evaluation                                                */
/* ------------------------------------------------------------------ */

static inline double
option_price (const StrataOption *option)
{
  /* MODEL.md 3: price = supplier_cost / (1 - margin), or given. */
  if (option->has_price)
    return option->price.value;
  return option->supplier_cost.value / (1.0 - option->margin.value);
}

/* Integrated variable cost after the floor, before co-design. */
static inline double
option_integrated_base (const StrataOption *option,
                        double              volume)
{
  double lr = option->learning_rate.value;
  double v = option->unit_cost.value;

  /* Wright's law: unit_cost * (V / ref) ^ log2 (1 - lr).  With lr = 0 the
   * exponent is 0 and the cost is unit_cost at every volume. */
  if (lr != 0.0 && v != 0.0)
    v *= pow (volume / option->reference_volume.value, log2 (1.0 - lr));

  return MAX (option->floor_cost.value, v);
}

static inline double
option_variable_base (const StrataOption *option,
                      double              volume)
{
  if (option->mode == STRATA_MODE_INTEGRATED)
    return option_integrated_base (option, volume);
  return option_price (option);
}

static inline double
layer_interface (const StrataDataset *dataset,
                 guint                i)
{
  const StrataLayer *layer = &dataset->layers[i];

  return layer->has_boundary_cost ? layer->boundary_cost : dataset->boundary_cost;
}

static void
evaluate_internal (const StrataDataset *dataset,
                   const guint         *choices,
                   double               volume,
                   StrataOutcome       *outcome,
                   StrataLayerCost     *per_layer)
{
  double stack_factor[STACK_LAYERS];
  g_autofree double *heap_factor = NULL;
  double *factor;
  guint n = dataset->n_layers;
  double unit_cost = 0, eco = 0, supplier_margin = 0, capital = 0;
  double neutral_cost = 0, latency = 0;

  if (n <= STACK_LAYERS)
    factor = stack_factor;
  else
    factor = heap_factor = g_new (double, n);

  for (guint i = 0; i < n; i++)
    factor[i] = 1.0;

  /* Co-design: every link whose ends both run integrated options, in
   * dataset order; several links into one layer compound. */
  for (guint k = 0; k < dataset->n_links; k++)
    {
      const StrataLink *link = &dataset->links[k];
      const StrataLayer *from = &dataset->layers[link->from];
      const StrataLayer *to = &dataset->layers[link->to];

      if (from->options[choices[link->from]].mode == STRATA_MODE_INTEGRATED &&
          to->options[choices[link->to]].mode == STRATA_MODE_INTEGRATED)
        factor[link->to] *= 1.0 - link->saving.value;
    }

  for (guint i = 0; i < n; i++)
    {
      const StrataLayer *layer = &dataset->layers[i];
      const StrataOption *option;
      double base, variable, fixed, iface = 0, margin = 0;
      gboolean integrated;

      g_assert (choices[i] < layer->n_options);
      option = &layer->options[choices[i]];
      integrated = option->mode == STRATA_MODE_INTEGRATED;

      base = option_variable_base (option, volume);
      variable = integrated ? base * factor[i] : base;
      fixed = option->fixed_cost.value / volume;

      if (i + 1 < n &&
          !(integrated &&
            dataset->layers[i + 1].options[choices[i + 1]].mode == STRATA_MODE_INTEGRATED))
        iface = layer_interface (dataset, i);

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
          lc->share = variable + fixed + iface;   /* divided below */
        }
    }

  if (per_layer != NULL)
    for (guint i = 0; i < n; i++)
      per_layer[i].share = unit_cost != 0 ? per_layer[i].share / unit_cost : 0.0;

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
    }
  else
    {
      outcome->unit_profit = 0;
      outcome->annual_profit = 0;
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

/* ------------------------------------------------------------------ */
/* Section 5: the exact optimum                                         */
/* ------------------------------------------------------------------ */

/* A partial strategy's effective cost and its number of integrated layers,
 * ordered as section 5 orders strategies (the option indices are compared
 * only when both are tied). */
typedef struct
{
  double cost;
  int    n_integrated;
} Key;

static const Key key_zero = { 0.0, 0 };
static const Key key_inf = { INFINITY, 0 };

static inline Key
key_add (Key a,
         Key b)
{
  Key r = { a.cost + b.cost, a.n_integrated + b.n_integrated };
  return r;
}

static inline gboolean
key_tied (Key    a,
          Key    b,
          double eps)
{
  return fabs (a.cost - b.cost) <= eps && a.n_integrated == b.n_integrated;
}

/* TRUE when @a is strictly preferable to @b. */
static inline gboolean
key_better (Key    a,
            Key    b,
            double eps)
{
  if (a.cost < b.cost - eps)
    return TRUE;
  if (fabs (a.cost - b.cost) <= eps)
    return a.n_integrated < b.n_integrated;
  return FALSE;
}

static inline Key
key_min (Key    a,
         Key    b,
         double eps)
{
  return key_better (b, a, eps) ? b : a;
}

typedef struct
{
  guint  from_pos;   /* positions in the linked-layer list */
  guint  to_pos;
  double multiplier; /* 1 - saving */
} PlanLink;

/* Everything the optimizer needs for one dataset, volume-independent parts
 * first.  One allocation holds all arrays. */
typedef struct
{
  const StrataDataset *dataset;
  guint     n_layers;
  guint     n_options;      /* over all layers */

  guint    *opt_offset;     /* n_layers + 1 */
  guint8   *modes_present;  /* n_layers: bit 0 neutral, bit 1 integrated */
  double   *iface;          /* n_layers: interface to the layer above */

  guint     n_linked;
  guint    *linked;         /* n_linked layer indices, ascending */
  int      *linked_bit;     /* n_linked: enumerated bit or -1 (forced mode) */
  StrataMode *linked_forced;/* n_linked */
  guint8   *linked_target;  /* n_linked: receives at least one link */
  int      *linked_pos;     /* n_layers: position in linked or -1 */
  guint     n_free;
  PlanLink *links;          /* n_links */
  guint     n_links;

  /* branch and bound over the linked layers, in chain order: a layer's
   * cost is known once it and every layer linking into it have a mode */
  guint    *complete_at;    /* n_linked: depth at which that happens */
  guint    *comp_start;     /* n_linked + 1: CSR of layers by complete_at */
  guint    *comp_list;      /* n_linked */
  guint    *in_start;       /* n_linked + 1: CSR of links by target */
  guint    *in_list;        /* n_links: link indices, dataset order */

  /* per volume */
  double    volume;
  double    eps;
  double   *base;           /* n_options: variable after floor */
  double   *rest;           /* n_options: fixed/V - ecosystem value */
  double   *best;           /* 2 * n_layers: best cost per mode, no co-design */
  Key      *seg;            /* 4 * (n_linked + 1) */
  double   *lb_mode;        /* 2 * n_linked: cost lower bound per mode */
  double   *rem_lb;         /* n_linked + 1: bound of the layers from j on */

  /* scratch */
  StrataMode *pat_mode;     /* n_linked */
  StrataMode *dfs_mode;     /* n_linked */
  double   *pat_factor;     /* n_linked */
  double   *factor;         /* n_layers */
  Key      *suffix;         /* 2 * n_layers */
  guint    *tmp_choices;    /* n_layers */

  gboolean  on_heap;
} Plan;

/* Room for the plan of a small dataset on the caller's stack, so that
 * one optimum (a chart sample of the optimal curve) allocates nothing. */
#define PLAN_STACK_BYTES 12288

typedef union
{
  char   bytes[PLAN_STACK_BYTES];
  double align_double;
  void  *align_pointer;
} PlanBuffer;

static inline gsize
align8 (gsize n)
{
  return (n + 7) & ~(gsize) 7;
}

static void
plan_free (Plan *plan)
{
  if (plan != NULL && plan->on_heap)
    g_free (plan);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Plan, plan_free)

/* The optimizer's plan for @dataset, in @buffer when it fits (@buffer may
 * be NULL).  Returns NULL for a dataset it cannot search: no layers, a
 * layer without options, or more than MAX_FREE_LINKED linked layers that
 * have both modes (a critical warning says so). */
static Plan *
plan_new (const StrataDataset *dataset,
          PlanBuffer          *buffer)
{
  guint n = dataset->n_layers;
  guint n_options = 0, n_linked = 0, n_free = 0;
  guint8 stack_touched[STACK_LAYERS];
  g_autofree guint8 *heap_touched = NULL;
  guint8 *touched;
  gsize size;
  char *p;
  Plan *plan;

  if (n == 0)
    return NULL;
  for (guint i = 0; i < n; i++)
    {
      if (dataset->layers[i].n_options == 0)
        return NULL;
      n_options += dataset->layers[i].n_options;
    }

  if (n <= STACK_LAYERS)
    touched = memset (stack_touched, 0, n);
  else
    touched = heap_touched = g_new0 (guint8, n);

  for (guint k = 0; k < dataset->n_links; k++)
    {
      touched[dataset->links[k].from] |= 1;
      touched[dataset->links[k].to] |= 2;
    }
  for (guint i = 0; i < n; i++)
    if (touched[i])
      {
        const StrataLayer *layer = &dataset->layers[i];

        n_linked++;
        if (strata_layer_first_of_mode (layer, STRATA_MODE_NEUTRAL) >= 0 &&
            strata_layer_first_of_mode (layer, STRATA_MODE_INTEGRATED) >= 0)
          n_free++;
      }
  if (n_free > MAX_FREE_LINKED)
    {
      g_critical ("links touch %u layers with both modes; the optimizer handles at most %d",
                  n_free, MAX_FREE_LINKED);
      return NULL;
    }
  n_free = 0;

  size = align8 (sizeof (Plan));
  size += align8 (sizeof (guint) * (n + 1));          /* opt_offset */
  size += align8 (sizeof (guint8) * n);               /* modes_present */
  size += align8 (sizeof (double) * n);               /* iface */
  size += align8 (sizeof (guint) * n_linked);         /* linked */
  size += align8 (sizeof (int) * n_linked);           /* linked_bit */
  size += align8 (sizeof (StrataMode) * n_linked);    /* linked_forced */
  size += align8 (sizeof (guint8) * n_linked);        /* linked_target */
  size += align8 (sizeof (int) * n);                  /* linked_pos */
  size += align8 (sizeof (PlanLink) * dataset->n_links);
  size += align8 (sizeof (guint) * n_linked);         /* complete_at */
  size += align8 (sizeof (guint) * (n_linked + 1));   /* comp_start */
  size += align8 (sizeof (guint) * n_linked);         /* comp_list */
  size += align8 (sizeof (guint) * (n_linked + 1));   /* in_start */
  size += align8 (sizeof (guint) * dataset->n_links); /* in_list */
  size += align8 (sizeof (double) * n_options) * 2;   /* base, rest */
  size += align8 (sizeof (double) * 2 * n);           /* best */
  size += align8 (sizeof (Key) * 4 * (n_linked + 1)); /* seg */
  size += align8 (sizeof (double) * 2 * n_linked);    /* lb_mode */
  size += align8 (sizeof (double) * (n_linked + 1));  /* rem_lb */
  size += align8 (sizeof (StrataMode) * n_linked);    /* dfs_mode */
  size += align8 (sizeof (StrataMode) * n_linked);    /* pat_mode */
  size += align8 (sizeof (double) * n_linked);        /* pat_factor */
  size += align8 (sizeof (double) * n);               /* factor */
  size += align8 (sizeof (Key) * 2 * n);              /* suffix */
  size += align8 (sizeof (guint) * n);                /* tmp_choices */

  if (buffer != NULL && size <= sizeof (buffer->bytes))
    p = memset (buffer->bytes, 0, size);
  else
    p = g_malloc0 (size);
  plan = (Plan *) (gpointer) p;
  plan->on_heap = buffer == NULL || p != buffer->bytes;
  p += align8 (sizeof (Plan));

#define CARVE(field, type, count) \
  G_STMT_START { plan->field = (type *) (gpointer) p; p += align8 (sizeof (type) * (count)); } G_STMT_END

  CARVE (opt_offset, guint, n + 1);
  CARVE (modes_present, guint8, n);
  CARVE (iface, double, n);
  CARVE (linked, guint, n_linked);
  CARVE (linked_bit, int, n_linked);
  CARVE (linked_forced, StrataMode, n_linked);
  CARVE (linked_target, guint8, n_linked);
  CARVE (linked_pos, int, n);
  CARVE (links, PlanLink, dataset->n_links);
  CARVE (complete_at, guint, n_linked);
  CARVE (comp_start, guint, n_linked + 1);
  CARVE (comp_list, guint, n_linked);
  CARVE (in_start, guint, n_linked + 1);
  CARVE (in_list, guint, dataset->n_links);
  CARVE (base, double, n_options);
  CARVE (rest, double, n_options);
  CARVE (best, double, 2 * n);
  CARVE (seg, Key, 4 * (n_linked + 1));
  CARVE (lb_mode, double, 2 * n_linked);
  CARVE (rem_lb, double, n_linked + 1);
  CARVE (dfs_mode, StrataMode, n_linked);
  CARVE (pat_mode, StrataMode, n_linked);
  CARVE (pat_factor, double, n_linked);
  CARVE (factor, double, n);
  CARVE (suffix, Key, 2 * n);
  CARVE (tmp_choices, guint, n);

#undef CARVE

  g_assert (p == (char *) plan + size);

  plan->dataset = dataset;
  plan->n_layers = n;
  plan->n_options = n_options;
  plan->n_links = dataset->n_links;
  plan->volume = NAN;

  n_options = 0;
  for (guint i = 0; i < n; i++)
    {
      const StrataLayer *layer = &dataset->layers[i];

      plan->opt_offset[i] = n_options;
      n_options += layer->n_options;
      for (guint j = 0; j < layer->n_options; j++)
        plan->modes_present[i] |= layer->options[j].mode == STRATA_MODE_INTEGRATED ? 2 : 1;
      plan->iface[i] = i + 1 < n ? layer_interface (dataset, i) : 0.0;
      plan->linked_pos[i] = -1;
    }
  plan->opt_offset[n] = n_options;

  n_linked = 0;
  for (guint i = 0; i < n; i++)
    {
      if (!touched[i])
        continue;

      plan->linked[n_linked] = i;
      plan->linked_pos[i] = (int) n_linked;
      plan->linked_target[n_linked] = (touched[i] & 2) != 0;
      if (plan->modes_present[i] == 3)
        {
          plan->linked_bit[n_linked] = (int) n_free++;
          plan->linked_forced[n_linked] = STRATA_MODE_NEUTRAL;
        }
      else
        {
          plan->linked_bit[n_linked] = -1;
          plan->linked_forced[n_linked] = plan->modes_present[i] == 2
                                          ? STRATA_MODE_INTEGRATED : STRATA_MODE_NEUTRAL;
        }
      n_linked++;
    }
  plan->n_linked = n_linked;
  plan->n_free = n_free;

  for (guint k = 0; k < dataset->n_links; k++)
    {
      plan->links[k].from_pos = (guint) plan->linked_pos[dataset->links[k].from];
      plan->links[k].to_pos = (guint) plan->linked_pos[dataset->links[k].to];
      plan->links[k].multiplier = 1.0 - dataset->links[k].saving.value;
    }

  /* Incoming links per linked layer, and when each layer's cost is known. */
  for (guint j = 0; j < n_linked; j++)
    plan->complete_at[j] = j;
  for (guint k = 0; k < dataset->n_links; k++)
    {
      guint to = plan->links[k].to_pos;

      plan->in_start[to + 1]++;
      plan->complete_at[to] = MAX (plan->complete_at[to], plan->links[k].from_pos);
    }
  for (guint j = 0; j < n_linked; j++)
    {
      plan->in_start[j + 1] += plan->in_start[j];
      plan->comp_start[plan->complete_at[j] + 1]++;
    }
  for (guint j = 0; j < n_linked; j++)
    plan->comp_start[j + 1] += plan->comp_start[j];
  {
    guint stack_fill[STACK_LAYERS];
    g_autofree guint *heap_fill = NULL;
    guint *fill;

    if (n_linked + 1 <= STACK_LAYERS)
      fill = memset (stack_fill, 0, sizeof (guint) * (n_linked + 1));
    else
      fill = heap_fill = g_new0 (guint, n_linked + 1);

    for (guint k = 0; k < dataset->n_links; k++)
      {
        guint to = plan->links[k].to_pos;
        plan->in_list[plan->in_start[to] + fill[to]++] = k;
      }
    memset (fill, 0, sizeof (guint) * (n_linked + 1));
    for (guint j = 0; j < n_linked; j++)
      {
        guint d = plan->complete_at[j];
        plan->comp_list[plan->comp_start[d] + fill[d]++] = j;
      }
  }

  return plan;
}

static inline double
iface_cost (const Plan *plan,
            guint       i,
            int         m_low,
            int         m_high)
{
  return m_low == STRATA_MODE_INTEGRATED && m_high == STRATA_MODE_INTEGRATED ? 0.0 : plan->iface[i];
}

/* Cost of a layer that is not linked, in mode @m, as a key. */
static inline Key
static_cost (const Plan *plan,
             guint       i,
             int         m)
{
  Key k = { plan->best[2 * i + m], m };

  if (!isfinite (k.cost))
    return key_inf;
  return k;
}

/* The best key of the unlinked layers strictly between @lo and @hi
 * (lo = -1: from the bottom; hi = n_layers: to the top) including the
 * interfaces that join them to each other and to the ends.  Fills
 * out[2 * m_lo + m_hi]. */
static void
segment_compute (const Plan *plan,
                 int         lo,
                 guint       hi,
                 Key        *out)
{
  double eps = plan->eps;

  for (int m_lo = 0; m_lo < 2; m_lo++)
    {
      Key cur[2];
      guint s;

      if (lo < 0)
        {
          if (hi == 0)
            {
              out[2 * m_lo + 0] = out[2 * m_lo + 1] = key_zero;
              continue;
            }
          cur[0] = static_cost (plan, 0, 0);
          cur[1] = static_cost (plan, 0, 1);
          s = 1;
        }
      else
        {
          cur[m_lo] = key_zero;
          cur[1 - m_lo] = key_inf;
          s = (guint) lo + 1;
        }

      for (; s < hi; s++)
        {
          Key nxt[2];

          for (int m = 0; m < 2; m++)
            {
              Key c = static_cost (plan, s, m);
              Key a, b;

              a = key_add (cur[0], (Key) { iface_cost (plan, s - 1, 0, m), 0 });
              b = key_add (cur[1], (Key) { iface_cost (plan, s - 1, 1, m), 0 });
              nxt[m] = key_add (key_min (a, b, eps), c);
            }
          cur[0] = nxt[0];
          cur[1] = nxt[1];
        }

      if (hi >= plan->n_layers)
        {
          Key r = key_min (cur[0], cur[1], eps);
          out[2 * m_lo + 0] = out[2 * m_lo + 1] = r;
        }
      else
        {
          for (int m_hi = 0; m_hi < 2; m_hi++)
            {
              Key a = key_add (cur[0], (Key) { iface_cost (plan, hi - 1, 0, m_hi), 0 });
              Key b = key_add (cur[1], (Key) { iface_cost (plan, hi - 1, 1, m_hi), 0 });
              out[2 * m_lo + m_hi] = key_min (a, b, eps);
            }
        }

      if (lo < 0)
        {
          /* No lower end: the same for both (unused) m_lo. */
          out[2] = out[0];
          out[3] = out[1];
          break;
        }
    }
}

static inline Key linked_cost_with (const Plan *plan,
                                    guint       j,
                                    StrataMode  m,
                                    double      f);

static void
plan_set_volume (Plan   *plan,
                 double  volume)
{
  const StrataDataset *dataset = plan->dataset;
  double scale = 0;

  if (plan->volume == volume)
    return;
  plan->volume = volume;

  for (guint i = 0; i < plan->n_layers; i++)
    {
      const StrataLayer *layer = &dataset->layers[i];
      double best_n = INFINITY, best_i = INFINITY, largest = 0;

      for (guint j = 0; j < layer->n_options; j++)
        {
          const StrataOption *option = &layer->options[j];
          guint o = plan->opt_offset[i] + j;
          double base = option_variable_base (option, volume);
          double fixed = option->fixed_cost.value / volume;
          double eco = option->ecosystem_value.value;
          double cost;

          plan->base[o] = base;
          plan->rest[o] = fixed - eco;
          cost = base + plan->rest[o];
          if (option->mode == STRATA_MODE_INTEGRATED)
            best_i = MIN (best_i, cost);
          else
            best_n = MIN (best_n, cost);
          /* Only finite costs set the tie tolerance: an option whose cost
           * overflows at this volume can never be chosen over a finite
           * one, and must not make every finite pair look tied. */
          if (isfinite (cost))
            largest = MAX (largest, fabs (base) + fabs (fixed) + fabs (eco));
        }
      plan->best[2 * i + STRATA_MODE_NEUTRAL] = best_n;
      plan->best[2 * i + STRATA_MODE_INTEGRATED] = best_i;
      scale += largest + fabs (plan->iface[i]);
    }

  plan->eps = TIE_TOLERANCE * scale;

  /* Lower bounds for the branch and bound: every incoming link active
   * gives the least factor, and costs only grow with the factor
   * (variable costs are >= 0). */
  for (guint j = 0; j < plan->n_linked; j++)
    {
      double f = 1.0;

      for (guint q = plan->in_start[j]; q < plan->in_start[j + 1]; q++)
        f *= plan->links[plan->in_list[q]].multiplier;
      for (int m = 0; m < 2; m++)
        {
          gboolean allowed = plan->linked_bit[j] >= 0 || (int) plan->linked_forced[j] == m;

          plan->lb_mode[2 * j + m] = allowed
                                     ? linked_cost_with (plan, j, (StrataMode) m, f).cost
                                     : INFINITY;
        }
    }

  if (plan->n_linked == 0)
    segment_compute (plan, -1, plan->n_layers, plan->seg);
  else
    {
      guint nl = plan->n_linked;
      double rem;

      segment_compute (plan, -1, plan->linked[0], plan->seg);
      for (guint j = 0; j < nl; j++)
        segment_compute (plan, (int) plan->linked[j],
                         j + 1 < nl ? plan->linked[j + 1] : plan->n_layers,
                         plan->seg + 4 * (j + 1));

      /* rem_lb[j]: bound of the segments and layers from linked j up,
       * including the segment above the last linked layer. */
      rem = MIN (plan->seg[4 * nl].cost, plan->seg[4 * nl + 2].cost);
      for (guint j = nl; j-- > 0;)
        {
          const Key *seg = plan->seg + 4 * j;
          double seg_min = MIN (MIN (seg[0].cost, seg[1].cost), MIN (seg[2].cost, seg[3].cost));

          rem += seg_min + MIN (plan->lb_mode[2 * j], plan->lb_mode[2 * j + 1]);
          plan->rem_lb[j] = rem;
        }
      plan->rem_lb[nl] = MIN (plan->seg[4 * nl].cost, plan->seg[4 * nl + 2].cost);
    }
}

/* Sets pat_mode and pat_factor of the linked layers for @pattern. */
static void
plan_apply_pattern (Plan    *plan,
                    guint32  pattern)
{
  for (guint j = 0; j < plan->n_linked; j++)
    {
      int bit = plan->linked_bit[j];

      plan->pat_mode[j] = bit < 0 ? plan->linked_forced[j]
                                  : (StrataMode) ((pattern >> bit) & 1);
      plan->pat_factor[j] = 1.0;
    }

  /* Same order as evaluate_internal (), so the products are identical. */
  for (guint k = 0; k < plan->n_links; k++)
    {
      const PlanLink *link = &plan->links[k];

      if (plan->pat_mode[link->from_pos] == STRATA_MODE_INTEGRATED &&
          plan->pat_mode[link->to_pos] == STRATA_MODE_INTEGRATED)
        plan->pat_factor[link->to_pos] *= link->multiplier;
    }
}

/* Best cost of linked layer @j in mode @m with co-design factor @f. */
static inline Key
linked_cost_with (const Plan *plan,
                  guint       j,
                  StrataMode  m,
                  double      f)
{
  guint i = plan->linked[j];
  const StrataLayer *layer;
  double best;

  if (m == STRATA_MODE_NEUTRAL || f == 1.0)
    return static_cost (plan, i, m);

  layer = &plan->dataset->layers[i];
  best = INFINITY;
  for (guint k = 0; k < layer->n_options; k++)
    if (layer->options[k].mode == STRATA_MODE_INTEGRATED)
      {
        guint o = plan->opt_offset[i] + k;
        best = MIN (best, plan->base[o] * f + plan->rest[o]);
      }
  return (Key) { best, 1 };
}

/* Best cost of linked layer @j in its pattern mode. */
static inline Key
linked_cost (const Plan *plan,
             guint       j)
{
  return linked_cost_with (plan, j, plan->pat_mode[j], plan->pat_factor[j]);
}

static Key
plan_pattern_key (Plan    *plan,
                  guint32  pattern)
{
  Key total;
  int m_prev;

  if (plan->n_linked == 0)
    return plan->seg[0];

  plan_apply_pattern (plan, pattern);

  m_prev = plan->pat_mode[0];
  total = key_add (plan->seg[m_prev], linked_cost (plan, 0));
  for (guint j = 1; j < plan->n_linked; j++)
    {
      int m = plan->pat_mode[j];

      total = key_add (total, plan->seg[4 * j + 2 * m_prev + m]);
      total = key_add (total, linked_cost (plan, j));
      m_prev = m;
    }
  total = key_add (total, plan->seg[4 * plan->n_linked + 2 * m_prev]);
  return total;
}

static inline gboolean
layer_mode_allowed (const Plan *plan,
                    guint       i,
                    int         m)
{
  int j = plan->linked_pos[i];

  if (j >= 0)
    return (int) plan->pat_mode[j] == m;
  return (plan->modes_present[i] & (1 << m)) != 0;
}

static inline Key
option_key (const Plan *plan,
            guint       i,
            guint       k)
{
  const StrataOption *option = &plan->dataset->layers[i].options[k];
  guint o = plan->opt_offset[i] + k;

  if (option->mode == STRATA_MODE_INTEGRATED)
    return (Key) { plan->base[o] * plan->factor[i] + plan->rest[o], 1 };
  return (Key) { plan->base[o] + plan->rest[o], 0 };
}

/* The best key of layers above @i given the mode @m of layer @i. */
static inline Key
above_key (const Plan *plan,
           guint       i,
           int         m)
{
  Key a, b;

  if (i + 1 >= plan->n_layers)
    return key_zero;
  a = key_add (plan->suffix[2 * (i + 1) + 0], (Key) { iface_cost (plan, i, m, 0), 0 });
  b = key_add (plan->suffix[2 * (i + 1) + 1], (Key) { iface_cost (plan, i, m, 1), 0 });
  return key_min (a, b, plan->eps);
}

/* The choices of the best strategy within @pattern: the per-layer DP over
 * the whole chain with the linked layers' modes fixed, then a walk from
 * the bottom that takes, in each layer, the first option that still
 * reaches the best key. */
static void
plan_reconstruct (Plan    *plan,
                  guint32  pattern,
                  guint   *choices)
{
  const StrataDataset *dataset = plan->dataset;
  guint n = plan->n_layers;
  double eps = plan->eps;
  Key prefix = key_zero;
  int m_prev = -1;

  plan_apply_pattern (plan, pattern);
  for (guint i = 0; i < n; i++)
    {
      int j = plan->linked_pos[i];
      plan->factor[i] = j >= 0 ? plan->pat_factor[j] : 1.0;
    }

  for (guint i = n; i-- > 0;)
    {
      const StrataLayer *layer = &dataset->layers[i];
      Key c[2] = { key_inf, key_inf };

      for (guint k = 0; k < layer->n_options; k++)
        {
          int m = layer->options[k].mode;

          if (layer_mode_allowed (plan, i, m))
            c[m] = key_min (c[m], option_key (plan, i, k), eps);
        }
      for (int m = 0; m < 2; m++)
        plan->suffix[2 * i + m] = isfinite (c[m].cost)
                                  ? key_add (c[m], above_key (plan, i, m))
                                  : key_inf;
    }

  for (guint i = 0; i < n; i++)
    {
      const StrataLayer *layer = &dataset->layers[i];
      Key best = key_inf;
      guint chosen = 0;
      gboolean found = FALSE;

      /* The best reachable total, then the first option that reaches it. */
      for (int pass = 0; pass < 2 && !found; pass++)
        for (guint k = 0; k < layer->n_options; k++)
          {
            int m = layer->options[k].mode;
            Key t;

            if (!layer_mode_allowed (plan, i, m))
              continue;
            t = key_add (prefix, option_key (plan, i, k));
            if (m_prev >= 0)
              t = key_add (t, (Key) { iface_cost (plan, i - 1, m_prev, m), 0 });
            t = key_add (t, above_key (plan, i, m));

            if (pass == 0)
              best = key_min (best, t, eps);
            else if (key_tied (t, best, eps))
              {
                chosen = k;
                found = TRUE;
                break;
              }
          }

      g_assert (found);
      choices[i] = chosen;
      prefix = key_add (prefix, option_key (plan, i, chosen));
      if (m_prev >= 0)
        prefix = key_add (prefix, (Key) { iface_cost (plan, i - 1, m_prev,
                                                      layer->options[chosen].mode), 0 });
      m_prev = layer->options[chosen].mode;
    }
}

static int
choices_compare (const guint *a,
                 const guint *b,
                 guint        n)
{
  for (guint i = 0; i < n; i++)
    if (a[i] != b[i])
      return a[i] < b[i] ? -1 : 1;
  return 0;
}

typedef struct
{
  Plan     *plan;
  guint    *choices_out;
  Key       best;
  guint32   best_pattern;
  gboolean  have_best;
  gboolean  best_built;   /* choices_out holds best_pattern's choices */
} Search;

/* Offers a complete pattern to the search. */
static void
search_offer (Search  *search,
              guint32  pattern)
{
  Plan *plan = search->plan;
  Key k;

  if (search->have_best && pattern == search->best_pattern)
    return;

  k = plan_pattern_key (plan, pattern);
  if (!search->have_best || key_better (k, search->best, plan->eps))
    {
      search->best = k;
      search->best_pattern = pattern;
      search->have_best = TRUE;
      search->best_built = FALSE;
    }
  else if (key_tied (k, search->best, plan->eps))
    {
      /* Equally cheap, equally integrated: earlier options win. */
      if (!search->best_built)
        {
          plan_reconstruct (plan, search->best_pattern, search->choices_out);
          search->best_built = TRUE;
        }
      plan_reconstruct (plan, pattern, plan->tmp_choices);
      if (choices_compare (plan->tmp_choices, search->choices_out, plan->n_layers) < 0)
        {
          memcpy (search->choices_out, plan->tmp_choices, sizeof (guint) * plan->n_layers);
          search->best = k;
          search->best_pattern = pattern;
        }
    }
}

static guint32
dfs_pattern (const Plan *plan)
{
  guint32 pattern = 0;

  for (guint j = 0; j < plan->n_linked; j++)
    if (plan->linked_bit[j] >= 0 && plan->dfs_mode[j] == STRATA_MODE_INTEGRATED)
      pattern |= (guint32) 1 << plan->linked_bit[j];
  return pattern;
}

/* Depth-first over the modes of the linked layers in chain order, with
 * the cost of everything decided so far (@partial) plus lower bounds of
 * the rest.  A branch is cut only when no strategy in it can beat or tie
 * the best one: its cost bound exceeds the best cost by more than the tie
 * tolerance, or its cost cannot undercut the best beyond the tolerance
 * (with a margin of half the tolerance for rounding of the bound) while it
 * already has more integrated layers (@n_int counts the linked ones). */
static void
search_dfs (Search *search,
            guint   d,
            double  partial,
            int     n_int)
{
  Plan *plan = search->plan;
  guint nl = plan->n_linked;
  int first, last, step;

  if (d == nl)
    {
      search_offer (search, dfs_pattern (plan));
      return;
    }

  if (plan->linked_bit[d] < 0)
    first = last = (int) plan->linked_forced[d], step = 1;
  else if (plan->lb_mode[2 * d + 1] < plan->lb_mode[2 * d])
    first = 1, last = 0, step = -1;
  else
    first = 0, last = 1, step = 1;

  for (int m = first;; m += step)
    {
      double cost = partial, pending = 0;

      plan->dfs_mode[d] = (StrataMode) m;
      cost += plan->seg[4 * d + 2 * (d > 0 ? plan->dfs_mode[d - 1] : 0) + m].cost;

      /* Layers whose cost is now known. */
      for (guint q = plan->comp_start[d]; q < plan->comp_start[d + 1]; q++)
        {
          guint c = plan->comp_list[q];
          StrataMode mc = plan->dfs_mode[c];
          double f = 1.0;

          if (mc == STRATA_MODE_INTEGRATED)
            for (guint r = plan->in_start[c]; r < plan->in_start[c + 1]; r++)
              {
                const PlanLink *link = &plan->links[plan->in_list[r]];

                if (plan->dfs_mode[link->from_pos] == STRATA_MODE_INTEGRATED)
                  f *= link->multiplier;
              }
          cost += linked_cost_with (plan, c, mc, f).cost;
        }

      /* Layers with a mode but waiting for a later source. */
      for (guint c = 0; c <= d; c++)
        if (plan->complete_at[c] > d)
          pending += plan->lb_mode[2 * c + plan->dfs_mode[c]];

      if (search->have_best)
        {
          double bound = cost + pending + plan->rem_lb[d + 1];

          if (bound > search->best.cost + 2 * plan->eps)
            goto next;
          if (bound >= search->best.cost - 0.5 * plan->eps &&
              n_int + m > search->best.n_integrated)
            goto next;
        }
      search_dfs (search, d + 1, cost, n_int + m);

    next:
      if (m == last)
        break;
    }
}

/* Writes the optimum at @volume into @choices_out.  @hint, when not
 * NULL, is a pattern to try first (the optimum at a nearby volume), which
 * tightens the bound from the start; it never changes the answer. */
static void
plan_optimize_hinted (Plan    *plan,
                      double   volume,
                      guint   *choices_out,
                      guint32 *hint)
{
  Search search = { plan, choices_out, key_inf, 0, FALSE, FALSE };

  plan_set_volume (plan, volume);

  if (plan->n_linked == 0)
    search_offer (&search, 0);
  else
    {
      if (hint != NULL)
        search_offer (&search, *hint);
      search_dfs (&search, 0, 0.0, 0);
    }

  if (!isfinite (search.best.cost))
    {
      /* No strategy has a finite cost at this volume (fixed costs spread
       * over a vanishing volume, a learning curve run back to overflow):
       * they are all tied, so section 5's tie rules pick the fewest
       * integrated layers, then the earliest options, which is the
       * all-neutral preset. */
      for (guint i = 0; i < plan->n_layers; i++)
        {
          int first = strata_layer_first_of_mode (&plan->dataset->layers[i],
                                                  STRATA_MODE_NEUTRAL);
          choices_out[i] = first < 0 ? 0 : (guint) first;
        }
    }
  else if (!search.best_built)
    plan_reconstruct (plan, search.best_pattern, choices_out);
  if (hint != NULL)
    *hint = search.best_pattern;
}

static void
plan_optimize (Plan   *plan,
               double  volume,
               guint  *choices_out)
{
  plan_optimize_hinted (plan, volume, choices_out, NULL);
}

double
strata_optimize (const StrataDataset *dataset,
                 double               volume,
                 guint               *choices_out)
{
  PlanBuffer buffer;
  g_autoptr(Plan) plan = NULL;

  g_return_val_if_fail (dataset != NULL, NAN);
  g_return_val_if_fail (choices_out != NULL, NAN);
  g_return_val_if_fail (volume > 0 && isfinite (volume), NAN);

  plan = plan_new (dataset, &buffer);
  if (plan == NULL)
    {
      memset (choices_out, 0, sizeof (guint) * dataset->n_layers);
      return NAN;
    }
  plan_optimize (plan, volume, choices_out);

  return strata_effective_unit_cost (dataset, choices_out, volume);
}

guint *
strata_strategy_resolve (const StrataDataset  *dataset,
                         const StrataStrategy *strategy,
                         double                volume,
                         guint                *choices_out)
{
  g_return_val_if_fail (dataset != NULL, NULL);
  g_return_val_if_fail (strategy != NULL, NULL);
  g_return_val_if_fail (choices_out != NULL, NULL);

  if (strategy->choices == NULL)
    strata_optimize (dataset, volume, choices_out);
  else
    memcpy (choices_out, strategy->choices, sizeof (guint) * dataset->n_layers);
  return choices_out;
}

double
strata_strategy_effective_cost (const StrataDataset  *dataset,
                                const StrataStrategy *strategy,
                                double                volume)
{
  g_return_val_if_fail (dataset != NULL, NAN);
  g_return_val_if_fail (strategy != NULL, NAN);

  if (strategy->choices == NULL)
    {
      guint stack_choices[STACK_LAYERS];
      g_autofree guint *heap_choices = NULL;
      guint *choices = stack_choices;

      if (dataset->n_layers > STACK_LAYERS)
        choices = heap_choices = g_new (guint, dataset->n_layers);
      return strata_optimize (dataset, volume, choices);
    }
  return strata_effective_unit_cost (dataset, strategy->choices, volume);
}

/* ------------------------------------------------------------------ */
/* Log grid                                                             */
/* ------------------------------------------------------------------ */

void
strata_log_space (double  min,
                  double  max,
                  guint   n,
                  double *out)
{
  double log_ratio;

  g_return_if_fail (n >= 2);
  g_return_if_fail (out != NULL);
  g_return_if_fail (min > 0 && max >= min);

  log_ratio = log (max / min);
  for (guint i = 0; i < n; i++)
    out[i] = min * exp (log_ratio * (double) i / (double) (n - 1));
  out[0] = min;
  out[n - 1] = max;
}

/* ------------------------------------------------------------------ */
/* Section 4: break-even                                                */
/* ------------------------------------------------------------------ */

typedef struct
{
  const StrataDataset  *dataset;
  const StrataStrategy *strategy[2];
  Plan                 *plan;       /* when either side is optimal */
  guint                *choices;    /* scratch for the optimal side */
  guint32               hint;       /* the optimum's last mode pattern */
} Diff;

static double
side_cost (Diff   *diff,
           guint   side,
           double  volume)
{
  const StrataStrategy *strategy = diff->strategy[side];

  if (strategy->choices != NULL)
    return strata_effective_unit_cost (diff->dataset, strategy->choices, volume);

  plan_optimize_hinted (diff->plan, volume, diff->choices, &diff->hint);
  return strata_effective_unit_cost (diff->dataset, diff->choices, volume);
}

static inline int
sign_of (double x)
{
  return x > 0 ? 1 : x < 0 ? -1 : 0;
}

/* The sign of eff(A) - eff(B).  A difference within rounding of the two
 * costs (BREAKEVEN_ZERO of their magnitudes) counts as 0: the optimum may
 * equal a fixed strategy while taking a different, equally cheap route,
 * and such noise must not read as a crossing. */
static int
diff_eval (Diff   *diff,
           double  volume,
           double *d_out,
           double *scale_out)
{
  double a = side_cost (diff, 0, volume);
  double b = side_cost (diff, 1, volume);

  if (d_out != NULL)
    *d_out = a - b;
  if (scale_out != NULL)
    *scale_out = fabs (a) + fabs (b);
  if (fabs (a - b) <= BREAKEVEN_ZERO * (fabs (a) + fabs (b)))
    return 0;
  return sign_of (a - b);
}

static int
diff_sign (Diff   *diff,
           double  volume)
{
  return diff_eval (diff, volume, NULL, NULL);
}

typedef struct
{
  double volume;
  double d;        /* eff(A) - eff(B) */
  double scale;    /* |eff(A)| + |eff(B)| */
  int    sign;     /* of d, 0 within rounding */
} Sample;

static int
compare_samples (gconstpointer a,
                 gconstpointer b)
{
  double x = ((const Sample *) a)->volume, y = ((const Sample *) b)->volume;

  return x < y ? -1 : x > y ? 1 : 0;
}

/* Two crossings closer together than the scan's step leave the same sign
 * on both sides of a dip of |d|.  Where |d| has a clear local minimum
 * between grid points [lo, hi] (clear: deeper than rounding), a golden-
 * section search over log V looks for a point of the opposite sign;
 * returns TRUE and fills @found when there is one. */
static gboolean
search_dip (Diff         *diff,
            const Sample *lo,
            const Sample *hi,
            int           s,
            Sample       *found)
{
  const double r = 0.6180339887498949;
  double a = log (lo->volume), b = log (hi->volume);
  double x1 = b - r * (b - a), x2 = a + r * (b - a);
  double f1, f2, d, scale;
  int sign;

  sign = diff_eval (diff, exp (x1), &d, &scale);
  if (sign == -s)
    goto hit1;
  f1 = s * d;
  sign = diff_eval (diff, exp (x2), &d, &scale);
  if (sign == -s)
    goto hit2;
  f2 = s * d;

  for (guint iter = 0; iter < 80 && b - a > 1e-12 * MAX (1.0, fabs (a)); iter++)
    {
      if (f1 < f2)
        {
          b = x2;
          x2 = x1;
          f2 = f1;
          x1 = b - r * (b - a);
          sign = diff_eval (diff, exp (x1), &d, &scale);
          if (sign == -s)
            goto hit1;
          f1 = s * d;
        }
      else
        {
          a = x1;
          x1 = x2;
          f1 = f2;
          x2 = a + r * (b - a);
          sign = diff_eval (diff, exp (x2), &d, &scale);
          if (sign == -s)
            goto hit2;
          f2 = s * d;
        }
    }
  return FALSE;

hit1:
  found->volume = exp (x1);
  goto hit;
hit2:
  found->volume = exp (x2);
hit:
  found->d = d;
  found->scale = scale;
  found->sign = -s;
  return found->volume > lo->volume && found->volume < hi->volume;
}

/* Volumes where the variable cost of an integrated option meets its floor:
 * unit_cost * (V/ref)^b = floor  =>  V = ref * (floor/unit_cost)^(1/b). */
static void
add_floor_kinks (const StrataOption *option,
                 double              min,
                 double              max,
                 GArray             *points)
{
  double b, v;

  if (option->mode != STRATA_MODE_INTEGRATED || option->learning_rate.value <= 0 ||
      option->floor_cost.value <= 0 || option->unit_cost.value <= option->floor_cost.value)
    return;

  b = log2 (1.0 - option->learning_rate.value);
  v = option->reference_volume.value *
      pow (option->floor_cost.value / option->unit_cost.value, 1.0 / b);
  if (isfinite (v) && v > min && v < max)
    g_array_append_val (points, v);
}

static void
add_strategy_kinks (const StrataDataset  *dataset,
                    const StrataStrategy *strategy,
                    GArray               *points)
{
  for (guint i = 0; i < dataset->n_layers; i++)
    {
      const StrataLayer *layer = &dataset->layers[i];

      if (strategy->choices != NULL)
        add_floor_kinks (&layer->options[strategy->choices[i]],
                         dataset->volume_min, dataset->volume_max, points);
      else
        for (guint k = 0; k < layer->n_options; k++)
          add_floor_kinks (&layer->options[k], dataset->volume_min, dataset->volume_max,
                           points);
    }
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y ? 1 : 0;
}

/* Bisection in log V on "the sign is still @s_lo" over [@lo, @hi], until
 * hi / lo - 1 < VOLUME_PRECISION / 2; returns the geometric midpoint. */
static double
refine_sign (Diff   *diff,
             double  lo,
             double  hi,
             int     s_lo)
{
  while (hi / lo - 1.0 > VOLUME_PRECISION / 2)
    {
      double mid = sqrt (lo * hi);

      if (mid <= lo || mid >= hi)
        break;
      if (diff_sign (diff, mid) == s_lo)
        lo = mid;
      else
        hi = mid;
    }
  return sqrt (lo * hi);
}

GArray *
strata_breakeven (const StrataDataset  *dataset,
                  const StrataStrategy *a,
                  const StrataStrategy *b)
{
  GArray *crossings = g_array_new (FALSE, FALSE, sizeof (StrataCrossing));
  g_autoptr(GArray) points = NULL;
  g_autoptr(GArray) samples = NULL;
  g_autofree guint *choices = NULL;
  Diff diff = { 0 };
  double last_volume = 0;
  int last_sign = 0;
  guint n_samples;

  g_return_val_if_fail (dataset != NULL, crossings);
  g_return_val_if_fail (a != NULL, crossings);
  g_return_val_if_fail (b != NULL, crossings);
  g_return_val_if_fail (dataset->volume_min > 0 && dataset->volume_max >= dataset->volume_min,
                        crossings);

  if (dataset->volume_max == dataset->volume_min)
    return crossings;

  diff.dataset = dataset;
  diff.strategy[0] = a;
  diff.strategy[1] = b;
  if (a->choices == NULL || b->choices == NULL)
    {
      diff.plan = plan_new (dataset, NULL);
      if (diff.plan == NULL)
        return crossings;
      diff.choices = choices = g_new (guint, dataset->n_layers);
    }

  /* A dense log-spaced scan plus the volumes where either side's variable
   * costs reach their floors (the only kinks of the curves besides the
   * optimal side's changes of choice). */
  points = g_array_sized_new (FALSE, FALSE, sizeof (double), BREAKEVEN_GRID + 16);
  g_array_set_size (points, BREAKEVEN_GRID);
  strata_log_space (dataset->volume_min, dataset->volume_max, BREAKEVEN_GRID,
                    (double *) (gpointer) points->data);
  add_strategy_kinks (dataset, a, points);
  add_strategy_kinks (dataset, b, points);
  g_array_sort (points, compare_doubles);

  /* Every sample, then the hidden pairs of crossings in dips. */
  samples = g_array_sized_new (FALSE, FALSE, sizeof (Sample), points->len + 16);
  for (guint i = 0; i < points->len; i++)
    {
      Sample sample;

      sample.volume = g_array_index (points, double, i);
      if (i > 0 && sample.volume == g_array_index (points, double, i - 1))
        continue;
      sample.sign = diff_eval (&diff, sample.volume, &sample.d, &sample.scale);
      g_array_append_val (samples, sample);
    }

  n_samples = samples->len;
  for (guint i = 1; i + 1 < n_samples; i++)
    {
      const Sample *prev = &g_array_index (samples, Sample, i - 1);
      const Sample *cur = &g_array_index (samples, Sample, i);
      const Sample *next = &g_array_index (samples, Sample, i + 1);
      int s = cur->sign;
      double noise = 4 * BREAKEVEN_ZERO * cur->scale;
      Sample found;

      if (s == 0 || prev->sign != s || next->sign != s)
        continue;
      if (!(s * cur->d < s * prev->d - noise && s * cur->d < s * next->d - noise))
        continue;
      if (search_dip (&diff, prev, next, s, &found))
        g_array_append_val (samples, found);
    }
  if (samples->len > n_samples)
    g_array_sort (samples, compare_samples);

  for (guint i = 0; i < samples->len; i++)
    {
      const Sample *sample = &g_array_index (samples, Sample, i);
      int s = sample->sign;

      if (s == 0)
        continue;   /* carry the last nonzero sign across exact zeros */

      if (last_sign != 0 && s != last_sign)
        {
          StrataCrossing crossing;

          crossing.volume = refine_sign (&diff, last_volume, sample->volume, last_sign);
          /* s > 0: A - B > 0 above, so B is cheaper above. */
          crossing.cheaper_above = s > 0 ? 1 : 0;
          g_array_append_val (crossings, crossing);
        }
      last_sign = s;
      last_volume = sample->volume;
    }

  plan_free (diff.plan);
  return crossings;
}

/* ------------------------------------------------------------------ */
/* Section 5: the integration ladder                                    */
/* ------------------------------------------------------------------ */

static int
compare_flips (gconstpointer a,
               gconstpointer b)
{
  const StrataFlip *x = a, *y = b;

  if (x->volume != y->volume)
    return x->volume < y->volume ? -1 : 1;
  return x->layer < y->layer ? -1 : x->layer > y->layer ? 1 : 0;
}

static inline StrataMode
chosen_mode (const StrataDataset *dataset,
             const guint         *choices,
             guint                layer)
{
  return dataset->layers[layer].options[choices[layer]].mode;
}

StrataLadder *
strata_ladder_new (const StrataDataset *dataset,
                   guint                n_points)
{
  StrataLadder *ladder;
  g_autoptr(GArray) flips = NULL;
  g_autofree guint *scratch = NULL;
  guint32 hint = 0;
  Plan *plan;
  guint n;

  g_return_val_if_fail (dataset != NULL, NULL);
  g_return_val_if_fail (n_points >= 2, NULL);
  g_return_val_if_fail (dataset->volume_min > 0 && dataset->volume_max >= dataset->volume_min,
                        NULL);

  plan = plan_new (dataset, NULL);
  if (plan == NULL)
    return NULL;

  n = dataset->n_layers;
  ladder = g_new0 (StrataLadder, 1);
  ladder->n_points = n_points;
  ladder->n_layers = n;
  ladder->volumes = g_new (double, n_points);
  ladder->choices = g_new (guint, (gsize) n_points * n);
  ladder->costs = g_new (double, n_points);

  strata_log_space (dataset->volume_min, dataset->volume_max, n_points, ladder->volumes);

  for (guint p = 0; p < n_points; p++)
    {
      guint *row = ladder->choices + (gsize) p * n;

      plan_optimize_hinted (plan, ladder->volumes[p], row, &hint);
      ladder->costs[p] = strata_effective_unit_cost (dataset, row, ladder->volumes[p]);
    }

  flips = g_array_new (FALSE, FALSE, sizeof (StrataFlip));
  scratch = g_new (guint, n);
  for (guint p = 0; p + 1 < n_points; p++)
    {
      const guint *row_lo = ladder->choices + (gsize) p * n;
      const guint *row_hi = row_lo + n;

      for (guint i = 0; i < n; i++)
        {
          StrataMode from = chosen_mode (dataset, row_lo, i);
          StrataMode to = chosen_mode (dataset, row_hi, i);
          double lo = ladder->volumes[p], hi = ladder->volumes[p + 1];
          StrataFlip flip;

          if (from == to)
            continue;

          while (hi / lo - 1.0 > VOLUME_PRECISION / 2)
            {
              double mid = sqrt (lo * hi);

              if (mid <= lo || mid >= hi)
                break;
              plan_optimize_hinted (plan, mid, scratch, &hint);
              if (chosen_mode (dataset, scratch, i) == from)
                lo = mid;
              else
                hi = mid;
            }

          flip.layer = i;
          flip.volume = sqrt (lo * hi);
          flip.from = from;
          flip.to = to;
          g_array_append_val (flips, flip);
        }
    }
  plan_free (plan);

  g_array_sort (flips, compare_flips);
  ladder->n_flips = flips->len;
  ladder->flips = (StrataFlip *) (gpointer) g_array_free (g_steal_pointer (&flips), FALSE);

  return ladder;
}

void
strata_ladder_free (StrataLadder *ladder)
{
  if (ladder == NULL)
    return;

  g_free (ladder->volumes);
  g_free (ladder->choices);
  g_free (ladder->costs);
  g_free (ladder->flips);
  g_free (ladder);
}

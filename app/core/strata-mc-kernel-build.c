/* strata-mc-kernel-build.c: making the Monte Carlo kernel and its state, its grid
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "strata-uncertainty"

#include "config.h"

#include <math.h>
#include <string.h>

#include "strata-mc-kernel-layout-private.h"

static gboolean kernel_eager;

void
_strata_kernel_set_lazy (gboolean lazy)
{
  kernel_eager = !lazy;
}

static void
build_patterns (StrataKernel *k)
{
  const StrataDataset *d = k->dataset;
  guint n = k->n_layers;
  g_autofree guint *free_layers = g_new (guint, MAX (n, 1));
  guint n_free = 0;

  k->forced = g_new0 (guint8, MAX (n, 1));
  k->is_act = g_new0 (guint8, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    {
      const StrataLayer *layer = &d->layers[i];
      gboolean has_n = strata_layer_first_of_mode (layer, STRATA_MODE_NEUTRAL) >= 0;
      gboolean has_i = strata_layer_first_of_mode (layer, STRATA_MODE_INTEGRATED) >= 0;

      if (has_n && has_i)
        {
          k->forced[i] = 2;
          k->is_act[i] = 1;
          free_layers[n_free++] = i;
        }
      else
        k->forced[i] = has_i ? STRATA_MODE_INTEGRATED : STRATA_MODE_NEUTRAL;
    }
  for (guint l = 0; l < k->n_links; l++)
    k->is_act[k->link_to[l]] = 1;

  k->act = g_new (guint, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    if (k->is_act[i])
      k->act[k->n_act++] = i;

  if (n_free > STRATA_KERNEL_MAX_FREE)
    {
      k->fallback = TRUE;
      k->lazy = !kernel_eager;
      return;
    }

  k->n_patterns = 1u << n_free;
  k->n_free = n_free;
  k->free_layer = g_memdup2 (free_layers, sizeof (guint) * MAX (n_free, 1));
  k->target = g_new (guint, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    {
      gboolean is_target = FALSE;

      for (guint l = 0; l < k->n_links; l++)
        is_target |= k->link_to[l] == i;
      if (is_target && k->forced[i] != STRATA_MODE_NEUTRAL)
        k->target[k->n_targets++] = i;
    }
  k->target_single = g_new (guint, MAX (k->n_targets, 1));
  for (guint t = 0; t < k->n_targets; t++)
    {
      guint i = k->target[t], count = 0;

      k->target_single[t] = G_MAXUINT;
      for (guint o = k->opt_offset[i]; o < k->opt_offset[i + 1]; o++)
        if (k->opt_integ[o])
          {
            k->target_single[t] = o;
            count++;
          }
      if (count != 1)
        k->target_single[t] = G_MAXUINT;
    }
  k->all_single = TRUE;
  for (guint t = 0; t < k->n_targets; t++)
    k->all_single &= k->target_single[t] != G_MAXUINT;
  k->pat_bits = g_new (double, (gsize) MAX (n_free, 1) * k->n_patterns);
  for (guint f = 0; f < n_free; f++)
    for (guint p = 0; p < k->n_patterns; p++)
      k->pat_bits[(gsize) f * k->n_patterns + p] = (p >> f) & 1;
  k->pat_mode = g_new (guint8, (gsize) k->n_patterns * MAX (n, 1));
  k->pat_iface = g_new (double, k->n_patterns);
  k->pat_nint = g_new (int, k->n_patterns);
  for (guint p = 0; p < k->n_patterns; p++)
    {
      guint8 *mode = &k->pat_mode[(gsize) p * n];
      double iface = 0;
      int nint = 0;

      for (guint i = 0; i < n; i++)
        mode[i] = k->forced[i];
      for (guint f = 0; f < n_free; f++)
        mode[free_layers[f]] = (p >> f) & 1;
      for (guint i = 0; i < n; i++)
        {
          nint += mode[i];
          if (i + 1 < n && !(mode[i] && mode[i + 1]))
            iface += k->iface[i];
        }
      k->pat_iface[p] = iface;
      k->pat_nint[p] = nint;
      k->iface_max = MAX (k->iface_max, fabs (iface));
    }
}

/* The fallback optimum's windows off its lattice (fallback_optimum ()):
 * 16 over the range, wider than the break-even's 64
 * (STRATA_SCAN_WINDOWS), as a draw narrows each anew: 10 % fewer
 * instructions on 128 x 8 and 256 x 32 stacks with links than with 8,
 * 32 or 64 (2026-12-05). */
#define KERNEL_WINDOWS 16

/* k->used: the options the fixed strategies run. */
static void
mark_used (StrataKernel *k)
{
  g_autofree guint8 *mark = g_new0 (guint8, MAX (k->n_options, 1));

  for (guint s = 0; s < k->n_strategies; s++)
    if (!k->strat_optimal[s])
      for (guint i = 0; i < k->n_layers; i++)
        mark[k->strat_opt[(gsize) s * k->n_layers + i]] = 1;
  g_free (k->used);
  k->used = g_new (guint, MAX (k->n_options, 1));
  k->n_used = 0;
  for (guint o = 0; o < k->n_options; o++)
    if (mark[o])
      k->used[k->n_used++] = o;
  g_free (k->is_used);
  k->is_used = g_steal_pointer (&mark);
}

StrataKernel *
_strata_kernel_new (const StrataDataset          *dataset,
                    const StrataStrategy *const  *strategies,
                    guint                         n_strategies,
                    gboolean                      count_ecosystem)
{
  StrataKernel *k = g_new0 (StrataKernel, 1);
  guint n = dataset->n_layers;

  k->dataset = dataset;
  k->count_eco = count_ecosystem;
  k->n_layers = n;
  k->n_links = dataset->n_links;
  k->opt_offset = g_new (guint, n + 1);
  for (guint i = 0; i < n; i++)
    {
      k->opt_offset[i] = k->n_options;
      k->n_options += dataset->layers[i].n_options;
    }
  k->opt_offset[n] = k->n_options;
  k->opt_integ = g_new (guint8, MAX (k->n_options, 1));
  for (guint i = 0; i < n; i++)
    for (guint j = 0; j < dataset->layers[i].n_options; j++)
      k->opt_integ[opt_index (k, i, j)] =
        dataset->layers[i].options[j].mode == STRATA_MODE_INTEGRATED;

  k->iface = g_new0 (double, MAX (n, 1));
  for (guint i = 0; i + 1 < n; i++)
    k->iface[i] = dataset->layers[i].has_boundary_cost
                  ? dataset->layers[i].boundary_cost : dataset->boundary_cost;

  k->link_from = g_new (guint, MAX (k->n_links, 1));
  k->link_to = g_new (guint, MAX (k->n_links, 1));
  for (guint l = 0; l < k->n_links; l++)
    {
      k->link_from[l] = dataset->links[l].from;
      k->link_to[l] = dataset->links[l].to;
    }

  k->n_strategies = n_strategies;
  k->strat_optimal = g_new0 (gboolean, MAX (n_strategies, 1));
  k->strat_opt = g_new0 (guint, (gsize) MAX (n_strategies, 1) * MAX (n, 1));
  k->strat_iface = g_new0 (double, (gsize) MAX (n_strategies, 1) * MAX (n, 1));
  for (guint s = 0; s < n_strategies; s++)
    {
      const StrataStrategy *strategy = strategies[s];

      if (strategy->choices == NULL)
        {
          k->strat_optimal[s] = TRUE;
          k->any_optimal = TRUE;
          continue;
        }
      for (guint i = 0; i < n; i++)
        k->strat_opt[(gsize) s * n + i] = opt_index (k, i, strategy->choices[i]);
      for (guint i = 0; i + 1 < n; i++)
        if (!(k->opt_integ[k->strat_opt[(gsize) s * n + i]] &&
              k->opt_integ[k->strat_opt[(gsize) s * n + i + 1]]))
          k->strat_iface[(gsize) s * n + i] = k->iface[i];
    }

  /* The pairs kernel_at () costs together when it costs every strategy. */
  k->strat_pair = g_new0 (guint8, MAX (n_strategies, 1));
  for (guint s = 0; s < n_strategies; s++)
    if (!k->strat_optimal[s] && s + 1 < n_strategies && !k->strat_optimal[s + 1])
      k->strat_pair[s++] = 1;

  k->single = g_new (int, 2 * MAX (n, 1));
  for (guint i = 0; i < n; i++)
    for (guint m = 0; m < 2; m++)
      {
        int found = -1, count = 0;

        for (guint o = k->opt_offset[i]; o < k->opt_offset[i + 1]; o++)
          if (k->opt_integ[o] == m)
            {
              found = (int) (o - k->opt_offset[i]);
              count++;
            }
        k->single[2 * i + m] = count == 1 ? found : -1;
      }
  /* The layers of two options, one of each mode (prepare_volume ()). */
  k->pair_n = g_new (guint, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    k->pair_n[i] = k->opt_offset[i + 1] - k->opt_offset[i] == 2 && k->single[2 * i] >= 0 &&
                   k->single[2 * i + 1] >= 0 ? k->opt_offset[i] + (guint) k->single[2 * i]
                                             : G_MAXUINT;

  build_patterns (k);
  if (k->fallback)
    mark_used (k);
  /* The patterns whose choices are fixed: one option of its mode in
   * every layer (carry_set ()). */
  k->pat_fixed = g_new (gboolean, MAX (k->n_patterns, 1));
  for (guint p = 0; p < k->n_patterns; p++)
    {
      k->pat_fixed[p] = TRUE;
      for (guint i = 0; i < n; i++)
        k->pat_fixed[p] &= k->single[2 * i + k->pat_mode[(gsize) p * n + i]] >= 0;
    }
  return k;
}

void
_strata_kernel_costs_only (StrataKernel *k)
{
  g_return_if_fail (!k->any_optimal);

  mark_used (k);
  k->costs_only = TRUE;
}

void
_strata_kernel_free (StrataKernel *k)
{
  if (k == NULL)
    return;
  g_free (k->opt_offset);
  g_free (k->opt_integ);
  g_free (k->iface);
  g_free (k->link_from);
  g_free (k->link_to);
  g_free (k->strat_optimal);
  g_free (k->strat_pair);
  g_free (k->strat_opt);
  g_free (k->strat_iface);
  g_free (k->forced);
  g_free (k->act);
  g_free (k->is_act);
  g_free (k->pat_mode);
  g_free (k->pat_iface);
  g_free (k->pat_nint);
  g_free (k->free_layer);
  g_free (k->target);
  g_free (k->target_single);
  g_free (k->pat_bits);
  g_free (k->used);
  g_free (k->is_used);
  g_free (k->single);
  g_free (k->pair_n);
  g_free (k->pat_fixed);
  g_free (k);
}

guint
_strata_kernel_n_layers (const StrataKernel *kernel)
{
  return kernel->n_layers;
}

StrataKernelState *
_strata_kernel_state_new (const StrataKernel *k)
{
  StrataKernelState *st = g_new0 (StrataKernelState, 1);
  gsize no = MAX (k->n_options, 1), nl = MAX (k->n_layers, 1);

  st->kernel = k;
  st->price = g_new0 (double, no);
  st->expo = g_new0 (double, no);
  st->ref = g_new0 (double, no);
  st->floor_cost = g_new0 (double, no);
  st->fixed = g_new0 (double, no);
  st->eco = g_new0 (double, no);
  st->learns = g_new0 (guint8, no);
  st->learners = g_new0 (guint, no);
  st->fixers = g_new0 (guint, no);
  st->fixed_list = g_new0 (double, no);
  st->mult = g_new0 (double, MAX (k->n_links, 1));
  st->step = g_new0 (double, no);
  st->power = g_new0 (double, no);
  st->power_at = -2;
  if (k->lazy)
    {
      st->lazy_run = g_new0 (guint, no);
      st->lazy_at = g_new0 (gint64, no);
    }
  st->strat_factor = g_new0 (double, (gsize) MAX (k->n_strategies, 1) * nl);
  st->strat_eco = g_new0 (double, MAX (k->n_strategies, 1));
  st->prev_choices = g_new0 (guint, nl);
  st->pat_factor = g_new0 (double, (gsize) MAX (k->n_patterns, 1) * MAX (k->n_act, 1));
  st->tfm1 = g_new0 (double, (gsize) MAX (k->n_patterns, 1) * MAX (k->n_targets, 1));
  st->pat_cost = g_new0 (double, MAX (k->n_patterns, 1));
  st->near = g_new0 (guint, MAX (k->n_patterns, 1));
  st->fm_range = g_new0 (double, MAX (k->n_targets, 1));
  st->fm_abs = g_new0 (double, MAX (k->n_targets, 1));
  st->carry_in = g_new0 (double, k->n_free + k->n_targets + 1);
  st->carry_scratch = g_new0 (double, k->n_free + k->n_targets + 1);
  st->rival_coef = g_new0 (double, STRATA_KERNEL_RIVALS * (k->n_free + k->n_targets + 1));
  st->base = g_new0 (double, no);
  st->fixedv = g_new0 (double, no);
  st->bestc = g_new0 (double, 2 * nl);
  st->opt_sel = g_new0 (guint, nl);
  st->opt_factor = g_new0 (double, nl);
  st->opt_iface = g_new0 (double, nl);
  st->choices = g_new0 (guint, nl);
  st->tmp = g_new0 (guint, nl);
  st->tmp2 = g_new0 (guint, nl);

  if (k->fallback)
    {
      const StrataDataset *d = k->dataset;

      st->values = *d;
      st->layers = g_new (StrataLayer, nl);
      for (guint i = 0; i < d->n_layers; i++)
        {
          st->layers[i] = d->layers[i];
          st->layers[i].options = g_memdup2 (d->layers[i].options,
                                             sizeof (StrataOption) * d->layers[i].n_options);
        }
      st->links = d->n_links > 0 ? g_memdup2 (d->links, sizeof (StrataLink) * d->n_links) : NULL;
      st->values.layers = st->layers;
      st->values.links = st->links;
      st->range[0] = d->volume_min;
      st->range[1] = d->volume_max;
      st->ratio = pow (d->volume_max / d->volume_min, 1.0 / KERNEL_WINDOWS);
      if (!isfinite (st->ratio) || st->ratio < 1)
        st->ratio = 1;
      _strata_kernel_fallback_lattice (st);
    }
  return st;
}

gboolean
_strata_kernel_is_fallback (const StrataKernel *k)
{
  return k->fallback;
}

const guint *
_strata_kernel_state_choices (const StrataKernelState *st)
{
  return st->choices;
}

void
_strata_kernel_state_free (StrataKernelState *st)
{
  if (st == NULL)
    return;
  g_free (st->price);
  g_free (st->expo);
  g_free (st->ref);
  g_free (st->floor_cost);
  g_free (st->fixed);
  g_free (st->eco);
  g_free (st->learns);
  g_free (st->learners);
  g_free (st->fixers);
  g_free (st->fixed_list);
  g_free (st->mult);
  g_free (st->step);
  g_free (st->power);
  g_free (st->lazy_run);
  g_free (st->lazy_at);
  g_free (st->strat_factor);
  g_free (st->strat_eco);
  g_free (st->prev_choices);
  g_free (st->pat_factor);
  g_free (st->tfm1);
  g_free (st->pat_cost);
  g_free (st->near);
  g_free (st->fm_range);
  g_free (st->fm_abs);
  g_free (st->carry_in);
  g_free (st->carry_scratch);
  g_free (st->rival_coef);
  g_free (st->base);
  g_free (st->fixedv);
  g_free (st->bestc);
  g_free (st->opt_sel);
  g_free (st->opt_factor);
  g_free (st->opt_iface);
  g_free (st->choices);
  g_free (st->tmp);
  g_free (st->tmp2);
  g_clear_pointer (&st->plan, _strata_plan_free);
  if (st->layers != NULL)
    {
      for (guint i = 0; i < st->kernel->n_layers; i++)
        g_free (st->layers[i].options);
      g_free (st->layers);
    }
  g_free (st->links);
  g_free (st);
}

void
_strata_kernel_set_grid (StrataKernel *k,
                         const double *volumes,
                         guint         n)
{
  k->grid = volumes;
  k->n_grid = n;
  k->grid_ratio = n > 1 ? exp (log (volumes[n - 1] / volumes[0]) / (double) (n - 1)) : 1.0;
}

/* Each learning option's (V / ref) ^ expo at grid point @point, exactly
 * (the anchor of a chain): of the options used only, when the kernel
 * costs only its strategies or a fallback's optimum catches up with the
 * chain (_strata_kernel_fallback_chosen ()). */
static void
power_exact (const StrataKernel *k,
             StrataKernelState  *st,
             guint               point)
{
  double volume = k->grid[point];

  st->run_at = point;
  st->run_id++;
  if (k->costs_only || k->lazy)
    {
      for (guint u = 0; u < k->n_used; u++)
        {
          guint o = k->used[u];

          if (st->learns[o])
            st->power[o] = pow (volume / st->ref[o], st->expo[o]);
        }
    }
  else
    for (guint o = 0; o < k->n_options; o++)
      if (st->learns[o])
        st->power[o] = pow (volume / st->ref[o], st->expo[o]);
  st->power_at = point;
}

void
_strata_kernel_chain_to (const StrataKernel *k,
                         StrataKernelState  *st,
                         guint               point)
{
  guint anchor = point - point % POWER_ANCHOR;

  if (point == anchor || st->power_at + 1 == (gint64) point)
    return;
  if (!(st->power_at >= (gint64) anchor && st->power_at < (gint64) point))
    power_exact (k, st, anchor);
  /* The products _strata_kernel_at_point () takes, in its order. */
  for (; st->power_at + 1 < (gint64) point; st->power_at++)
    {
      if (k->costs_only || k->lazy)
        {
          for (guint u = 0; u < k->n_used; u++)
            {
              guint o = k->used[u];

              if (st->learns[o])
                st->power[o] = st->power[o] * st->step[o];
            }
        }
      else
        for (guint o = 0; o < k->n_options; o++)
          if (st->learns[o])
            st->power[o] *= st->step[o];
    }
}

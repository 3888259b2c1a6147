/* strata-mc-kernel-fallback.c: the Monte Carlo kernel's optimum of a
 * stack too free for its patterns
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "strata-model"

#include "config.h"

#include <math.h>
#include <string.h>

#include "strata-mc-kernel-layout-private.h"

/*
 * With more than STRATA_KERNEL_MAX_FREE layers free to take either mode
 * the kernel does not enumerate mode patterns (strata-mc-kernel.c): the
 * optimum of a draw is the optimizer's on a copy of the draw's numbers.
 * The plan is made once per draw, on its first optimum, and solves each
 * volume in a window that holds it (the cells of a lattice, below) with
 * the last optimum's mode pattern as its hint: the same optimum as
 * strata_optimize () at every volume (/strata/montecarlo/fallback-against-
 * model, fallback-windows), on 128 x 8 and 256 x 32 stacks with links in
 * less than half the time.  At a grid point only the options read are
 * prepared (_strata_kernel_fallback_chosen ()).
 */

void
_strata_kernel_fallback_load (const StrataKernel  *k,
                              StrataKernelState   *st,
                              const StrataDataset *values)
{
  for (guint i = 0; i < k->n_layers; i++)
    {
      memcpy (st->layers[i].options, values->layers[i].options,
              sizeof (StrataOption) * values->layers[i].n_options);
      if (!k->count_eco)
        for (guint j = 0; j < st->layers[i].n_options; j++)
          st->layers[i].options[j].ecosystem_value.value = 0;
    }
  if (k->n_links > 0)
    memcpy (st->links, values->links, sizeof (StrataLink) * k->n_links);
  g_clear_pointer (&st->plan, _strata_plan_free);
}

/*
 * The windows follow the volumes asked on a fixed lattice of KERNEL_CELLS
 * cells, log-spaced over the range, in groups of KERNEL_GROUP: the plan's
 * first level is the range's window (the base), its second a group's,
 * narrowed from the base, its third a cell's, narrowed from its group's.
 * Neighbouring windows of one level share an end, whose learning curves
 * are worked out once (the levels' mid, strata-optimizer-window.c), and
 * a cell is narrowed from the few options its group kept.  Any window
 * that holds the volume gives the same optimum; on a 120 x 41 stack with
 * every number uncertain these take a quarter of the pow ()s of windows
 * placed around each volume asked, each narrowed from the base.  A volume
 * off the lattice (outside the range) has a window of its own, as
 * before.
 */

void
_strata_kernel_fallback_lattice (StrataKernelState *st)
{
  double step = log (st->range[1] / st->range[0]) / KERNEL_CELLS;

  st->lattice[0] = 0;
  st->w_group = st->w_cell = -1;
  if (!(st->range[0] > 0 && step > 0 && isfinite (step)))
    return;
  for (guint c = 0; c <= KERNEL_CELLS; c++)
    st->lattice[c] = c == 0              ? st->range[0]
                     : c == KERNEL_CELLS ? st->range[1]
                                         : st->range[0] * exp (step * c);
  /* Too narrow a range for cells of their own. */
  for (guint c = 0; c < KERNEL_CELLS; c++)
    if (!(st->lattice[c] < st->lattice[c + 1]))
      st->lattice[0] = 0;
}

/* The lattice's cell that holds @volume, or -1. */
static int
lattice_cell (const StrataKernelState *st,
              double                   volume)
{
  const double *e = st->lattice;
  int c;

  if (!(e[0] > 0 && volume >= e[0] && volume <= e[KERNEL_CELLS]))
    return -1;
  c = (int) (log (volume / e[0]) / log (e[KERNEL_CELLS] / e[0]) * KERNEL_CELLS);
  c = CLAMP (c, 0, KERNEL_CELLS - 1);
  while (c > 0 && volume < e[c])
    c--;
  while (c < KERNEL_CELLS - 1 && volume > e[c + 1])
    c++;
  return c;
}

/* The plan's window for @volume: its lattice cell's, else one of its
 * own. */
static void
fallback_window (StrataKernelState *st,
                 double             volume)
{
  const double *e = st->lattice;
  int cell, group;

  if (st->w_cell >= 0 && volume >= e[st->w_cell] && volume <= e[st->w_cell + 1])
    return;
  cell = lattice_cell (st, volume);
  if (cell < 0)
    {
      _strata_plan_window_follow (st->plan, st->win, st->range, st->ratio, volume);
      st->w_group = st->w_cell = -1;
      st->base_lost = TRUE;
      return;
    }
  if (st->base_lost)
    {
      /* The first level back to the range's window. */
      _strata_plan_window (st->plan, e[0], e[KERNEL_CELLS]);
      st->win[0] = st->win[1] = NAN;
      st->base_lost = FALSE;
    }
  group = cell / KERNEL_GROUP;
  if (st->w_group != group)
    {
      if (st->w_group >= 0)
        {
          _strata_plan_window_pop (st->plan);
          _strata_plan_window_pop (st->plan);
        }
      _strata_plan_window_push (st->plan, e[group * KERNEL_GROUP],
                                e[MIN ((group + 1) * KERNEL_GROUP, KERNEL_CELLS)]);
    }
  else
    _strata_plan_window_pop (st->plan);
  _strata_plan_window_push (st->plan, e[cell], e[cell + 1]);
  st->w_group = group;
  st->w_cell = cell;
}

/* The draw's plan, made on its first optimum.  Off the grid that first
 * optimum is solved over every option, without windows (a tornado asks
 * one optimum a draw: the windows' narrowing would cost three times the
 * solve); the windows are set up at the draw's next optimum. */
static gboolean
fallback_plan (StrataKernelState *st,
               gboolean           direct)
{
  if (st->plan == NULL)
    {
      st->plan = _strata_plan_new (&st->values, STRATA_OBJECTIVE_EFFECTIVE);
      if (st->plan == NULL)
        return FALSE;
      st->hint = 0;
      st->windows_made = FALSE;
      st->plan_fresh = TRUE;
    }
  /* The first optimum of the plan, made or refreshed, off the grid. */
  if (direct && st->plan_fresh && !st->windows_made)
    {
      st->plan_fresh = FALSE;
      return TRUE;
    }
  st->plan_fresh = FALSE;
  if (!st->windows_made)
    {
      if (st->range[0] > 0 && st->range[1] >= st->range[0])
        _strata_plan_window_base (st->plan, st->range[0], st->range[1]);
      st->win[0] = st->win[1] = NAN;
      st->w_group = st->w_cell = -1;
      st->base_lost = FALSE;
      st->windows_made = TRUE;
    }
  return TRUE;
}

void
_strata_kernel_fallback_optimum (StrataKernelState *st,
                                 double             volume,
                                 gboolean           direct)
{
  if (!fallback_plan (st, direct))
    {
      strata_optimize (&st->values, volume, st->choices);
      return;
    }
  if (st->windows_made && st->lattice[0] > 0)
    fallback_window (st, volume);
  else if (st->windows_made)
    _strata_plan_window_follow (st->plan, st->win, st->range, st->ratio, volume);
  _strata_plan_optimize_hinted (st->plan, volume, st->choices, &st->hint);
}

/* Option @o's (V / ref) ^ expo at grid point @point of the chain's run:
 * the products the chain took from its anchor, in its order, carried on
 * from where the option last caught up (the same doubles as an option
 * the chain prepares at every point). */
static double
lazy_power (const StrataKernel *k,
            StrataKernelState  *st,
            guint               o,
            gint64              point)
{
  if (st->lazy_run[o] != st->run_id || st->lazy_at[o] > point)
    {
      st->power[o] = pow (k->grid[st->run_at] / st->ref[o], st->expo[o]);
      st->lazy_run[o] = st->run_id;
      st->lazy_at[o] = st->run_at;
    }
  for (; st->lazy_at[o] < point; st->lazy_at[o]++)
    st->power[o] = st->power[o] * st->step[o];
  return st->power[o];
}

/* At a grid point, the chain prepared the options the fixed strategies
 * use (set_constants ()): those of the optimum besides them now, the
 * same figures prepare_volume () gives every option. */
void
_strata_kernel_fallback_chosen (const StrataKernel *k,
                                StrataKernelState  *st,
                                double              volume)
{
  for (guint i = 0; i < k->n_layers; i++)
    {
      guint o = opt_index (k, i, st->choices[i]);

      if (k->is_used[o])
        continue;
      if (st->learns[o])
        st->base[o] = MAX (st->floor_cost[o], st->price[o] * lazy_power (k, st, o, st->power_at));
      if (st->fixed[o] != 0.0)
        st->fixedv[o] = st->fixed[o] / volume;
    }
}

/*
 * A reload: after a number of one option of layer @layer changed in
 * @values since the last load (a tornado's bar, strata-tornado.c), only
 * that layer is read again, and a plan without windows (one solved off
 * the grid) is refreshed for it (_strata_plan_refresh (): the same, to
 * the bit, as a new plan on the numbers), keeping what the other layers
 * give the reconstruction (_strata_plan_keep_layers ()).  The state is
 * then as a load would leave it for the optimum and the costs off the
 * grid.  FALSE (nothing done) when a fixed strategy runs an option of
 * the layer, or the kernel is not one to reload: load then.
 */
gboolean
_strata_kernel_reload_layer (const StrataKernel  *k,
                                      StrataKernelState   *st,
                                      const StrataDataset *values,
                                      guint                layer)
{
  const StrataLayer *l = &values->layers[layer];

  if (!k->lazy || k->costs_only || layer >= k->n_layers)
    return FALSE;
  for (guint j = 0; j < l->n_options; j++)
    if (k->is_used[opt_index (k, layer, j)])
      return FALSE;

  for (guint j = 0; j < l->n_options; j++)
    {
      guint x = opt_index (k, layer, j);

      kernel_read_option (k, st, &l->options[j], x);
      /* The constants set_constants () sets (no strategy's option: on no
       * list of the volume's). */
      if (!st->learns[x])
        st->base[x] = k->opt_integ[x] ? MAX (st->floor_cost[x], st->price[x]) : st->price[x];
      if (st->fixed[x] == 0.0)
        st->fixedv[x] = st->fixed[x];
    }
  memcpy (st->layers[layer].options, l->options, sizeof (StrataOption) * l->n_options);
  if (!k->count_eco)
    for (guint j = 0; j < l->n_options; j++)
      st->layers[layer].options[j].ecosystem_value.value = 0;

  st->power_at = -2;
  st->run_id++;
  st->opt_valid = FALSE;
  st->carry = FALSE;
  if (st->plan != NULL && !st->windows_made)
    {
      _strata_plan_keep_layers (st->plan);
      _strata_plan_refresh (st->plan, (int) layer);
      st->plan_fresh = TRUE;
    }
  else
    g_clear_pointer (&st->plan, _strata_plan_free);
  return TRUE;
}

/* Option @o's base and fixed share at @volume (> 0) as prepare_volume ()
 * with a power of its own sets them (the rest was set by the load). */
static inline void
prepare_direct (StrataKernelState *st,
                guint              o,
                double             volume)
{
  if (st->learns[o])
    st->base[o] = MAX (st->floor_cost[o], st->price[o] * pow (volume / st->ref[o], st->expo[o]));
  if (st->fixed[o] != 0.0)
    st->fixedv[o] = st->fixed[o] / volume;
}

/* Off the grid the kernel would prepare every option (thousands on a
 * long stack of many options, a power each): only those whose costs are
 * read are, the same figures. */
void
_strata_kernel_fallback_direct (const StrataKernel *k,
                                StrataKernelState  *st,
                                double              volume,
                                gboolean            want_opt)
{
  for (guint u = 0; u < k->n_used; u++)
    prepare_direct (st, k->used[u], volume);
  if (!want_opt)
    return;
  _strata_kernel_fallback_optimum (st, volume, TRUE);
  for (guint i = 0; i < k->n_layers; i++)
    prepare_direct (st, opt_index (k, i, st->choices[i]), volume);
}

/* strata-mc-kernel.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "strata-uncertainty"

#include "config.h"

#include <float.h>
#include <math.h>
#include <string.h>

#include "strata-mc-kernel-private.h"
#include "strata-model-private.h"

#include "strata-mc-kernel-layout-private.h"

/* The co-design factor of each layer for @integ (per layer), in the order
 * of strata_evaluate (): links in dataset order. */
/* The sum of the ecosystem values of the options @sel, layer by layer
 * (the order strata_evaluate () adds them in). */
static double
eco_of (const StrataKernel      *k,
        const StrataKernelState *st,
        const guint             *sel)
{
  double eco = 0;

  for (guint i = 0; i < k->n_layers; i++)
    eco += st->eco[sel[i]];
  return eco;
}

static void
factors_for (const StrataKernel *k,
             const StrataKernelState *st,
             const guint8       *integ,
             double             *out)
{
  for (guint i = 0; i < k->n_layers; i++)
    out[i] = 1.0;
  for (guint l = 0; l < k->n_links; l++)
    if (integ[k->link_from[l]] && integ[k->link_to[l]])
      out[k->link_to[l]] *= st->mult[l];
}

/* What does not move with the volume, once per draw: the base of an
 * option that does not learn (its price; max (floor, unit_cost)), and a
 * zero fixed cost's share (0 / V is that zero itself, for any V > 0);
 * and the lists of the options whose base or share does move. */
static void
set_constants (const StrataKernel *k,
               StrataKernelState  *st)
{
  st->n_learners = st->n_fixers = 0;
  for (guint x = 0; x < (k->costs_only ? k->n_used : k->n_options); x++)
    {
      guint o = k->costs_only ? k->used[x] : x;
      /* A fallback prepares the others only when its optimum takes them. */
      gboolean listed = !k->lazy || k->is_used[o];

      if (st->learns[o] && listed)
        st->learners[st->n_learners++] = o;
      else if (!st->learns[o])
        st->base[o] = k->opt_integ[o] ? MAX (st->floor_cost[o], st->price[o]) : st->price[o];
      if (st->fixed[o] != 0.0 && listed)
        {
          st->fixed_list[st->n_fixers] = st->fixed[o];
          st->fixers[st->n_fixers++] = o;
        }
      else if (st->fixed[o] == 0.0)
        st->fixedv[o] = st->fixed[o];
    }
  st->constants_dirty = FALSE;
}

void
_strata_kernel_load (const StrataKernel  *k,
                     StrataKernelState   *st,
                     const StrataDataset *values)
{
  guint n = k->n_layers;
  guint8 stack_integ[256];
  g_autofree guint8 *heap_integ = NULL;
  double stack_f[256];
  g_autofree double *heap_f = NULL;
  guint8 *integ = n <= 256 ? stack_integ : (heap_integ = g_new (guint8, n));
  double *f = n <= 256 ? stack_f : (heap_f = g_new (double, n));

  /* A kernel that costs only its strategies reads only their options,
   * and no pattern or copy for the optimizer. */
  for (guint i = 0; i < n; i++)
    for (guint j = 0; j < values->layers[i].n_options; j++)
      {
        const StrataOption *o = &values->layers[i].options[j];
        guint x = opt_index (k, i, j);

        if (!k->costs_only || k->is_used[x])
          kernel_read_option (k, st, o, x);
      }
  for (guint l = 0; l < k->n_links; l++)
    st->mult[l] = 1.0 - values->links[l].saving.value;
  st->power_at = -2;
  st->run_id++;

  set_constants (k, st);

  for (guint s = 0; s < k->n_strategies; s++)
    if (!k->strat_optimal[s])
      {
        for (guint i = 0; i < n; i++)
          integ[i] = k->opt_integ[k->strat_opt[(gsize) s * n + i]];
        factors_for (k, st, integ, &st->strat_factor[(gsize) s * n]);
        st->strat_eco[s] = eco_of (k, st, &k->strat_opt[(gsize) s * n]);
      }
  st->opt_valid = FALSE;
  st->carry = FALSE;
  if (k->costs_only)
    return;

  for (guint p = 0; p < k->n_patterns; p++)
    {
      const guint8 *mode = &k->pat_mode[(gsize) p * n];

      factors_for (k, st, mode, f);
      for (guint a = 0; a < k->n_act; a++)
        st->pat_factor[(gsize) p * k->n_act + a] = f[k->act[a]];
      for (guint t = 0; t < k->n_targets; t++)
        {
          guint i = k->target[t];

          st->tfm1[(gsize) t * k->n_patterns + p] = mode[i] ? f[i] - 1.0 : 0.0;
        }
    }
  for (guint t = 0; t < k->n_targets; t++)
    {
      const double *fm1 = &st->tfm1[(gsize) t * k->n_patterns];
      double lo = fm1[0], hi = fm1[0];

      for (guint p = 1; p < k->n_patterns; p++)
        {
          lo = MIN (lo, fm1[p]);
          hi = MAX (hi, fm1[p]);
        }
      st->fm_range[t] = hi - lo;
      st->fm_abs[t] = MAX (fabs (lo), fabs (hi));
    }

  if (k->fallback)
    _strata_kernel_fallback_load (k, st, values);
}

/* The objective's cost of the options @sel (global indices) with
 * co-design factors @factor and interfaces @iface, and @eco the sum of
 * their ecosystem values (eco_of (), which does not depend on the
 * volume): the terms of strata_evaluate () in its order. */
static inline double
eval_sel (const StrataKernel      *k,
          const StrataKernelState *st,
          const guint             *sel,
          const double            *factor,
          const double            *iface,
          double                   eco)
{
  double uc = 0;

  /* A layer that does not run integrated has factor 1 (factors_for ()),
   * and base * 1 is base to the bit: no branch on the mode. */
  for (guint i = 0; i < k->n_layers; i++)
    {
      guint o = sel[i];

      uc += st->base[o] * factor[i] + st->fixedv[o] + iface[i];
    }
  return k->count_eco ? uc - eco : uc;
}

/* eval_sel () of the fixed strategies @s and @s + 1 at once, one in each
 * lane: the same operations in the same order on each. */
static inline void
eval_sel2 (const StrataKernel      *k,
           const StrataKernelState *st,
           guint                    s,
           double                  *out)
{
  typedef double V2 __attribute__ ((vector_size (16)));
  guint n = k->n_layers;
  const guint *sel0 = &k->strat_opt[(gsize) s * n], *sel1 = sel0 + n;
  const double *f0 = &st->strat_factor[(gsize) s * n], *f1 = f0 + n;
  const double *i0 = &k->strat_iface[(gsize) s * n], *i1 = i0 + n;
  V2 uc = { 0, 0 };

  for (guint i = 0; i < n; i++)
    {
      V2 b = { st->base[sel0[i]], st->base[sel1[i]] };
      V2 f = { f0[i], f1[i] };
      V2 x = { st->fixedv[sel0[i]], st->fixedv[sel1[i]] };
      V2 c = { i0[i], i1[i] };

      uc += b * f + x + c;
    }
  if (k->count_eco)
    {
      V2 e = { st->strat_eco[s], st->strat_eco[s + 1] };

      uc -= e;
    }
  out[0] = uc[0];
  out[1] = uc[1];
}

static inline double
option_cost (const StrataKernel      *k,
             const StrataKernelState *st,
             guint                    o,
             double                   f)
{
  double rest = st->fixedv[o] - st->eco[o];

  return k->opt_integ[o] ? st->base[o] * f + rest : st->base[o] + rest;
}

static inline void
prepare_option (const StrataKernel *k,
                StrataKernelState  *st,
                guint               o,
                double              volume,
                const double       *power)
{
  double v = st->price[o];

  if (k->opt_integ[o])
    {
      if (st->learns[o])
        v *= power != NULL ? power[o] : pow (volume / st->ref[o], st->expo[o]);
      v = MAX (st->floor_cost[o], v);
    }
  st->base[o] = v;
  st->fixedv[o] = st->fixed[o] / volume;
}

/* Each fixed cost's share fixed / V: two divisions at a time (the
 * divider's latency bounded the loop, perf 2026-12-03), each lane the
 * same correctly rounded quotient as one division. */
typedef double StrataV2d __attribute__ ((vector_size (16)));

static inline StrataV2d
v2_abs (StrataV2d v)
{
  typedef gint64 V2i __attribute__ ((vector_size (16)));
  const V2i mask = { G_MAXINT64, G_MAXINT64 };

  return (StrataV2d) ((V2i) v & mask);
}

static inline void
fixed_shares (StrataKernelState *st,
              double             volume)
{
  const StrataV2d v = { volume, volume };
  guint x = 0;

  for (; x + 2 <= st->n_fixers; x += 2)
    {
      StrataV2d q = { st->fixed_list[x], st->fixed_list[x + 1] };

      q = q / v;
      st->fixedv[st->fixers[x]] = q[0];
      st->fixedv[st->fixers[x + 1]] = q[1];
    }
  for (; x < st->n_fixers; x++)
    st->fixedv[st->fixers[x]] = st->fixed_list[x] / volume;
}

/* Every option's base and fixed share at @volume, the least cost per
 * layer and mode (factor 1), and the tie tolerance (0 when the kernel
 * only costs its strategies: then only their options are prepared). */
/* How prepare_volume () takes Wright's law (V / ref) ^ expo of each
 * learning option: a power of its own; at a grid point, st->power times
 * the step from the point before (a chain), or st->power set to the
 * power (its anchor); or st->power as it is. */
typedef enum
{
  PW_DIRECT,
  PW_CHAIN,
  PW_ANCHOR,
  PW_SET,
} PowerMode;

static double
prepare_volume (const StrataKernel *k,
                StrataKernelState  *st,
                double              volume,
                PowerMode           mode)
{
  double scale = 0, base0 = 0;

  if (G_LIKELY (volume > 0 && mode != PW_SET))
    {
      if (G_UNLIKELY (st->constants_dirty))
        set_constants (k, st);
      /* Only what moves with the volume (the rest was set by the load):
       * the same figures as prepare_option () on every option.  The
       * learners are the options whose power _strata_kernel_at_point ()
       * follows (those the kernel prepares that learn). */
      for (guint x = 0; x < st->n_learners; x++)
        {
          guint o = st->learners[x];
          double p, v;

          if (mode == PW_CHAIN)
            p = st->power[o] = st->power[o] * st->step[o];
          else if (mode == PW_ANCHOR)
            p = st->power[o] = pow (volume / st->ref[o], st->expo[o]);
          else
            p = pow (volume / st->ref[o], st->expo[o]);
          v = st->price[o] * p;
          st->base[o] = MAX (st->floor_cost[o], v);
        }
      fixed_shares (st, volume);
    }
  else
    {
      /* Not a volume of the model: every option as the formula says. */
      for (guint o = 0; o < k->n_options; o++)
        prepare_option (k, st, o, volume, mode == PW_DIRECT ? NULL : st->power);
      st->constants_dirty = TRUE;
    }
  /* Nothing below is read without the patterns. */
  if (k->costs_only || k->fallback)
    return 0;

  /* base0 (pattern_costs ()): each layer's least cost of its one mode,
   * neutral where it has both, added in layer order. */
  for (guint i = 0; i < k->n_layers; i++)
    {
      /* Two scalars, not an array indexed by mode: storing into a stack
       * array and reading it back as a pair stalled store forwarding
       * (the hottest instruction of the Monte Carlo, perf 2026-12-03). */
      double best_n = INFINITY, best_i = INFINITY, largest = 0;

      if (k->pair_n[i] != G_MAXUINT)
        {
          /* Two options, one of each mode: the loop below on both at
           * once, the same figures (the larger of two magnitudes is the
           * same whichever comes first). */
          guint on = k->pair_n[i], oi = k->opt_offset[i] + (k->opt_offset[i] == on);
          StrataV2d b = { st->base[on], st->base[oi] };
          StrataV2d x = { st->fixedv[on], st->fixedv[oi] };
          StrataV2d e = { st->eco[on], st->eco[oi] };
          StrataV2d c = b + x - e;
          StrataV2d m = v2_abs (b) + v2_abs (x) + v2_abs (e);

          best_n = c[0] < best_n ? c[0] : best_n;
          best_i = c[1] < best_i ? c[1] : best_i;
          if (isfinite (c[0]))
            largest = m[0];
          if (isfinite (c[1]))
            largest = MAX (largest, m[1]);
          st->bestc[2 * i] = best_n;
          st->bestc[2 * i + 1] = best_i;
          base0 += k->forced[i] == STRATA_MODE_INTEGRATED ? best_i : best_n;
          scale += largest + fabs (k->iface[i]);
          continue;
        }
      for (guint o = k->opt_offset[i]; o < k->opt_offset[i + 1]; o++)
        {
          double c = st->base[o] + st->fixedv[o] - st->eco[o];

          if (k->opt_integ[o])
            best_i = c < best_i ? c : best_i;
          else
            best_n = c < best_n ? c : best_n;
          if (isfinite (c))
            largest = MAX (largest, fabs (st->base[o]) + fabs (st->fixedv[o]) + fabs (st->eco[o]));
        }
      st->bestc[2 * i] = best_n;
      st->bestc[2 * i + 1] = best_i;
      base0 += k->forced[i] == STRATA_MODE_INTEGRATED ? best_i : best_n;
      scale += largest + fabs (k->iface[i]);
    }
  st->base0 = base0;
  return TIE_TOLERANCE * scale;
}

/* The choices of pattern @p: in each layer the first option of its mode
 * within @eps of the least. */
static void
pattern_choices (const StrataKernel      *k,
                 const StrataKernelState *st,
                 guint                    p,
                 double                   eps,
                 guint                   *choices)
{
  const guint8 *mode = &k->pat_mode[(gsize) p * k->n_layers];
  guint a = 0;

  for (guint i = 0; i < k->n_layers; i++)
    {
      double f = 1.0, least = INFINITY;
      guint chosen = 0;

      if (k->is_act[i])
        f = st->pat_factor[(gsize) p * k->n_act + a++];
      if (k->single[2 * i + mode[i]] >= 0)
        {
          /* One option of the mode: it, unless its cost is NaN (then no
           * option is within eps of the least, as in the loop below). */
          int only = k->single[2 * i + mode[i]];

          choices[i] = isnan (option_cost (k, st, k->opt_offset[i] + only, f)) ? 0 : (guint) only;
          continue;
        }
      for (guint o = k->opt_offset[i]; o < k->opt_offset[i + 1]; o++)
        if (k->opt_integ[o] == mode[i])
          least = MIN (least, option_cost (k, st, o, f));
      for (guint o = k->opt_offset[i]; o < k->opt_offset[i + 1]; o++)
        if (k->opt_integ[o] == mode[i] && option_cost (k, st, o, f) <= least + eps)
          {
            chosen = o - k->opt_offset[i];
            break;
          }
      choices[i] = chosen;
    }
}

/* The cost of pattern @p term by term (when some cost is not finite). */
static double
pattern_cost_direct (const StrataKernel      *k,
                     const StrataKernelState *st,
                     guint                    p)
{
  const guint8 *mode = &k->pat_mode[(gsize) p * k->n_layers];
  double cost = k->pat_iface[p];
  guint a = 0;

  for (guint i = 0; i < k->n_layers; i++)
    {
      double f = k->is_act[i] ? st->pat_factor[(gsize) p * k->n_act + a++] : 1.0;
      double c;

      if (!mode[i] || f == 1.0)
        c = st->bestc[2 * i + mode[i]];
      else
        {
          c = INFINITY;
          for (guint o = k->opt_offset[i]; o < k->opt_offset[i + 1]; o++)
            if (k->opt_integ[o])
              c = MIN (c, option_cost (k, st, o, f));
        }
      cost += c;
    }
  return cost;
}

/* The optimum's choices into st->choices, by enumeration of patterns. */
/* The cost of every pattern into st->pat_cost when every least cost is
 * finite (FALSE otherwise): the free layers' least costs by mode, the
 * interfaces, and the co-design corrections of the link targets. */
static gboolean
pattern_costs (const StrataKernel *k,
               StrataKernelState  *st)
{
  guint np = k->n_patterns;
  double *cost = st->pat_cost;
  double base0 = st->base0;

  for (guint f = 0; f < k->n_free; f++)
    if (!isfinite (st->bestc[2 * k->free_layer[f] + 1]))
      return FALSE;
  if (!isfinite (base0))
    return FALSE;

  {
    /* Four patterns at a time in registers: per pattern the same
     * additions in the same order as before (free layers in order, then
     * the link targets in order), but four independent chains instead of
     * one sum stored and reloaded per free layer and target, which was
     * the latency that bounded the Monte Carlo (perf 2026-12-03). */
    double delta[STRATA_KERNEL_MAX_FREE];
    guint nf = k->n_free, nt = k->all_single ? k->n_targets : 0;
    guint p = 0;

    for (guint f = 0; f < nf; f++)
      delta[f] = st->bestc[2 * k->free_layer[f] + 1] - st->bestc[2 * k->free_layer[f]];
    for (; p + 4 <= np; p += 4)
      {
        double c0 = base0 + k->pat_iface[p], c1 = base0 + k->pat_iface[p + 1];
        double c2 = base0 + k->pat_iface[p + 2], c3 = base0 + k->pat_iface[p + 3];

        for (guint f = 0; f < nf; f++)
          {
            const double *bits = &k->pat_bits[(gsize) f * np + p];
            double d = delta[f];

            c0 += bits[0] * d;
            c1 += bits[1] * d;
            c2 += bits[2] * d;
            c3 += bits[3] * d;
          }
        for (guint t = 0; t < nt; t++)
          {
            const double *fm1 = &st->tfm1[(gsize) t * np + p];
            double b = st->base[k->target_single[t]];

            c0 += b * fm1[0];
            c1 += b * fm1[1];
            c2 += b * fm1[2];
            c3 += b * fm1[3];
          }
        cost[p] = c0;
        cost[p + 1] = c1;
        cost[p + 2] = c2;
        cost[p + 3] = c3;
      }
    for (; p < np; p++)
      {
        double c = base0 + k->pat_iface[p];

        for (guint f = 0; f < nf; f++)
          c += k->pat_bits[(gsize) f * np + p] * delta[f];
        for (guint t = 0; t < nt; t++)
          c += st->base[k->target_single[t]] * st->tfm1[(gsize) t * np + p];
        cost[p] = c;
      }
  }
  if (k->all_single)
    return TRUE;
  for (guint t = 0; t < k->n_targets; t++)
    {
      const double *fm1 = &st->tfm1[(gsize) t * np];
      guint i = k->target[t], o = k->target_single[t];

      if (o != G_MAXUINT)
        {
          double b = st->base[o];

          for (guint p = 0; p < np; p++)
            cost[p] += b * fm1[p];
        }
      else
        for (guint p = 0; p < np; p++)
          if (fm1[p] != 0.0)
            {
              double c = INFINITY;

              for (guint x = k->opt_offset[i]; x < k->opt_offset[i + 1]; x++)
                if (k->opt_integ[x])
                  c = MIN (c, option_cost (k, st, x, fm1[p] + 1.0));
              cost[p] += c - st->bestc[2 * i + 1];
            }
    }
  return TRUE;
}

/*
 * The optimum's pattern carried from volume to volume.  Along a draw's
 * volumes the least pattern rarely changes, and how far each other
 * pattern's cost can have moved relative to it is bounded by what its
 * cost is made of: pattern p's cost less pattern b's is
 *   (iface_p - iface_b) + sum_f (bit_pf - bit_bf) delta_f
 *                       + sum_t (fm1_tp - fm1_tb) base_t,
 * so from one volume to another it moves by at most
 *   M = sum_f |delta_f - delta'_f| + sum_t fm_range_t |base_t - base'_t|.
 * When the last full search found b ahead of every other pattern by a
 * lead L (the computed costs' difference), then at this volume, if
 * L - M less the rounding of the costs at both volumes exceeds eps, every
 * other pattern's computed cost is above b's plus eps: the full search
 * would find b least and alone within eps, so it is the optimum's pattern
 * with the same choices (pattern_choices ()), and the pattern costs need
 * not be computed.  Rounding: each pattern's cost is a sum of at most
 * 2 (n_free + n_targets) + 2 rounded terms, each below T, the sum of the
 * magnitudes (carry_inputs ()).
 */
#define CARRY_ROUNDING(k) (8.0 * ((k)->n_free + (k)->n_targets + 4) * DBL_EPSILON)

/* The inputs of the pattern costs that move with the volume into @in
 * (n_free deltas, then n_targets bases), and T; not finite (or NaN) when
 * some cost would not be (then pattern_costs () would not take them). */
static double
carry_inputs (const StrataKernel      *k,
              const StrataKernelState *st,
              double                  *in)
{
  double base0 = st->base0, t;

  t = fabs (base0) + k->iface_max;
  for (guint f = 0; f < k->n_free; f++)
    {
      in[f] = st->bestc[2 * k->free_layer[f] + 1] - st->bestc[2 * k->free_layer[f]];
      t += fabs (in[f]) + fabs (st->bestc[2 * k->free_layer[f] + 1]);
    }
  for (guint x = 0; x < k->n_targets; x++)
    {
      double b = st->base[k->target_single[x]];

      in[k->n_free + x] = b;
      t += fabs (b) * st->fm_abs[x];
    }
  return t;
}

/* Whether the pattern of the last full search is still the optimum's,
 * alone within @eps (see above): its nearest rivals' leads followed
 * exactly (their change is the inputs' changes times their coefficients,
 * rounded by far less than 1e-9 M), every other pattern's by the bound M. */
static gboolean
carry_holds (const StrataKernel *k,
             StrataKernelState  *st,
             double              eps)
{
  guint nf = k->n_free, ni = k->n_free + k->n_targets;
  double *in = st->carry_scratch;
  double t = fabs (st->base0) + k->iface_max, m = 0, slack;

  /* carry_inputs () and the changes since, in one pass: the same T and
   * the same sum M. */
  for (guint f = 0; f < nf; f++)
    {
      guint l = k->free_layer[f];
      double bi = st->bestc[2 * l + 1], d = bi - st->bestc[2 * l];

      t += fabs (d) + fabs (bi);
      in[f] = d - st->carry_in[f];
      m += fabs (in[f]);
    }
  for (guint x = 0; x < k->n_targets; x++)
    {
      double b = st->base[k->target_single[x]];

      t += fabs (b) * st->fm_abs[x];
      in[nf + x] = b - st->carry_in[nf + x];
      m += st->fm_range[x] * fabs (in[nf + x]);
    }
  if (!(t < 1e300))
    return FALSE;
  slack = CARRY_ROUNDING (k) * t + 1e-9 * m;
  if (!(st->carry_lead - m - slack > eps))
    return FALSE;
  for (guint r = 0; r < st->n_rivals; r++)
    {
      const double *coef = &st->rival_coef[(gsize) r * ni];
      double change = 0;

      for (guint x = 0; x < ni; x++)
        change += coef[x] * in[x];
      if (!(st->rival_lead[r] + change - slack > eps))
        return FALSE;
    }
  return TRUE;
}

/* After a full search whose least pattern @best was alone within eps:
 * the leads of its nearest rivals and of the rest, for the next
 * volumes. */
static void
carry_set (const StrataKernel *k,
           StrataKernelState  *st,
           guint               best)
{
  const double *cost = st->pat_cost;
  guint np = k->n_patterns, nf = k->n_free, ni = k->n_free + k->n_targets;
  double t = carry_inputs (k, st, st->carry_in), rounding;
  guint near[STRATA_KERNEL_RIVALS + 1];
  guint n_near = 0;

  if (!(t < 1e300))
    return;
  /* The STRATA_KERNEL_RIVALS + 1 cheapest other patterns, cheapest first
   * (every cost is finite: t is). */
  for (guint p = 0; p < np; p++)
    {
      guint j;

      if (p == best)
        continue;
      if (n_near == STRATA_KERNEL_RIVALS + 1 && !(cost[p] < cost[near[n_near - 1]]))
        continue;
      j = MIN (n_near, STRATA_KERNEL_RIVALS);
      n_near = MIN (n_near + 1, STRATA_KERNEL_RIVALS + 1);
      for (; j > 0 && cost[p] < cost[near[j - 1]]; j--)
        near[j] = near[j - 1];
      near[j] = p;
    }
  rounding = CARRY_ROUNDING (k) * t;
  st->n_rivals = MIN (n_near, STRATA_KERNEL_RIVALS);
  for (guint r = 0; r < st->n_rivals; r++)
    {
      guint q = near[r];
      double *coef = &st->rival_coef[(gsize) r * ni];

      st->rival_lead[r] = (cost[q] - cost[best]) - rounding;
      for (guint f = 0; f < nf; f++)
        coef[f] = k->pat_bits[(gsize) f * np + q] - k->pat_bits[(gsize) f * np + best];
      for (guint x = 0; x < k->n_targets; x++)
        coef[nf + x] = st->tfm1[(gsize) x * np + q] - st->tfm1[(gsize) x * np + best];
    }
  st->carry_lead = n_near > STRATA_KERNEL_RIVALS
                   ? (cost[near[STRATA_KERNEL_RIVALS]] - cost[best]) - rounding : INFINITY;
  st->carry_best = best;
  st->carry = TRUE;
  /* Its choices, just made (pattern_choices ()), are then those of every
   * volume it is carried to: each layer's only option of its mode, whose
   * cost is finite there (t is), so never NaN. */
  st->carry_fixed = k->pat_fixed[best];
}

/* The optimum's choices into st->choices: the least cost, then among the
 * patterns within @eps of it the fewest integrated layers, then the
 * earliest options (MODEL.md section 5).  TRUE when they are those of
 * the last volume of the draw, with their arrays (optimum_arrays ()). */
static gboolean
optimum_patterns (const StrataKernel *k,
                  StrataKernelState  *st,
                  double              eps)
{
  guint n = k->n_layers, np = k->n_patterns;
  const double *cost = st->pat_cost;
  double least = INFINITY;
  int best_nint = G_MAXINT;
  guint best_p = 0, n_best = 0, n_near = 0;
  guint *near = st->near;
  gboolean costs_direct = FALSE;

  if (st->carry && carry_holds (k, st, eps))
    {
      if (!st->carry_fixed)
        pattern_choices (k, st, st->carry_best, eps, st->choices);
      /* Else the choices of the last volume, whose arrays are made. */
      return st->carry_fixed;
    }
  st->carry = FALSE;
  if (!pattern_costs (k, st))
    {
      for (guint p = 0; p < np; p++)
        st->pat_cost[p] = pattern_cost_direct (k, st, p);
      costs_direct = TRUE;
    }

  {
    /* Four running minima without branches (the comparisons were half
     * mispredicted): the same least, NaN skipped as before. */
    double m[4] = { INFINITY, INFINITY, INFINITY, INFINITY };
    guint p = 0;

    for (; p + 4 <= np; p += 4)
      for (guint j = 0; j < 4; j++)
        m[j] = cost[p + j] < m[j] ? cost[p + j] : m[j];
    for (; p < np; p++)
      m[0] = cost[p] < m[0] ? cost[p] : m[0];
    for (guint j = 0; j < 4; j++)
      least = m[j] < least ? m[j] : least;
  }

  if (!isfinite (least))
    {
      /* Nothing finite: all tied, so the fewest integrated layers and the
       * earliest options (strata_optimize ()). */
      for (guint i = 0; i < n; i++)
        {
          int first = strata_layer_first_of_mode (&k->dataset->layers[i], STRATA_MODE_NEUTRAL);
          st->choices[i] = first < 0 ? 0 : (guint) first;
        }
      return FALSE;
    }

  /* The patterns within eps of the least, listed without branches, in
   * order. */
  {
    double within = least + eps;

    for (guint p = 0; p < np; p++)
      {
        near[n_near] = p;
        n_near += cost[p] <= within;
      }
  }
  for (guint c = 0; c < n_near; c++)
    {
      guint p = near[c];

      if (k->pat_nint[p] < best_nint)
        {
          best_nint = k->pat_nint[p];
          best_p = p;
          n_best = 1;
        }
      else if (k->pat_nint[p] == best_nint)
        n_best++;
    }

  pattern_choices (k, st, best_p, eps, st->choices);
  if (n_near == 1 && k->all_single && !costs_direct)
    carry_set (k, st, best_p);
  if (n_best > 1)
    /* Equally cheap, equally integrated: earlier options win. */
    for (guint c = 0; c < n_near; c++)
      if (near[c] > best_p && k->pat_nint[near[c]] == best_nint)
        {
          pattern_choices (k, st, near[c], eps, st->tmp);
          if (_strata_choices_compare (st->tmp, st->choices, n) < 0)
            memcpy (st->choices, st->tmp, sizeof (guint) * n);
        }
  return FALSE;
}

/* st->opt_sel, opt_factor, opt_iface, opt_eco from st->choices (kept
 * while the choices stay those of the last volume of the draw). */
static void
optimum_arrays (const StrataKernel *k,
                StrataKernelState  *st)
{
  guint n = k->n_layers;
  guint8 stack_integ[256];
  g_autofree guint8 *heap_integ = NULL;
  guint8 *integ;

  if (st->opt_valid)
    {
      guint i = 0;

      while (i < n && st->prev_choices[i] == st->choices[i])
        i++;
      if (i == n)
        return;
    }
  memcpy (st->prev_choices, st->choices, sizeof (guint) * n);
  st->opt_valid = TRUE;
  integ = n <= 256 ? stack_integ : (heap_integ = g_new (guint8, n));

  for (guint i = 0; i < n; i++)
    {
      st->opt_sel[i] = opt_index (k, i, st->choices[i]);
      integ[i] = k->opt_integ[st->opt_sel[i]];
    }
  for (guint i = 0; i < n; i++)
    st->opt_iface[i] = i + 1 < n && !(integ[i] && integ[i + 1]) ? k->iface[i] : 0.0;
  factors_for (k, st, integ, st->opt_factor);
  st->opt_eco = eco_of (k, st, st->opt_sel);
}

static double kernel_at (const StrataKernel *k,
                         StrataKernelState  *st,
                         double              volume,
                         PowerMode           power,
                         const gboolean     *which,
                         double             *costs,
                         guint              *optimal);

double
_strata_kernel_at (const StrataKernel *k,
                   StrataKernelState  *st,
                   double              volume,
                   const gboolean     *which,
                   double             *costs,
                   guint              *optimal)
{
  return kernel_at (k, st, volume, PW_DIRECT, which, costs, optimal);
}

double
_strata_kernel_at_point (const StrataKernel *k,
                         StrataKernelState  *st,
                         guint               point,
                         const gboolean     *which,
                         double             *costs,
                         guint              *optimal)
{
  double volume = k->grid[point];

  gboolean chain = st->power_at + 1 == (gint64) point && point % POWER_ANCHOR != 0;

  /* Wright's law along the grid: one product per step, recomputed
   * exactly every POWER_ANCHOR points (rounding stays below 1e-14), by
   * prepare_volume () on its learners. */
  st->power_at = point;
  if (!chain)
    {
      st->run_at = point;
      st->run_id++;
    }
  if (G_LIKELY (volume > 0))
    return kernel_at (k, st, volume, chain ? PW_CHAIN : PW_ANCHOR, which, costs, optimal);
  /* Not a chain a fallback's options could catch up with. */
  if (k->lazy)
    st->power_at = -2;

  /* Not a volume of the model (prepare_volume () takes every option). */
  for (guint o = 0; o < k->n_options; o++)
    if (st->learns[o])
      st->power[o] = chain ? st->power[o] * st->step[o] : pow (volume / st->ref[o], st->expo[o]);
  return kernel_at (k, st, volume, PW_SET, which, costs, optimal);
}

static double
kernel_at (const StrataKernel *k,
           StrataKernelState  *st,
           double              volume,
           PowerMode           power,
           const gboolean     *which,
           double             *costs,
           guint              *optimal)
{
  guint n = k->n_layers;
  double eps, opt_cost = NAN;
  gboolean want_opt = optimal != NULL;

  if (costs != NULL && which == NULL)
    want_opt |= k->any_optimal;
  else if (costs != NULL)
    for (guint s = 0; s < k->n_strategies; s++)
      if (k->strat_optimal[s] && which[s])
        want_opt = TRUE;

  g_return_val_if_fail (!(want_opt && k->costs_only), NAN);
  if (k->fallback && power == PW_DIRECT && G_LIKELY (volume > 0))
    {
      if (G_UNLIKELY (st->constants_dirty))
        set_constants (k, st);
      _strata_kernel_fallback_direct (k, st, volume, want_opt);
      eps = 0;
    }
  else
    {
      eps = prepare_volume (k, st, volume, power);
      if (want_opt && k->fallback)
        {
          _strata_kernel_fallback_optimum (st, volume, FALSE);
          if (k->lazy && (power == PW_CHAIN || power == PW_ANCHOR))
            _strata_kernel_fallback_chosen (k, st, volume);
        }
    }

  if (want_opt)
    {
      if (k->fallback || !optimum_patterns (k, st, eps))
        optimum_arrays (k, st);
      opt_cost = eval_sel (k, st, st->opt_sel, st->opt_factor, st->opt_iface, st->opt_eco);
      if (optimal != NULL)
        memcpy (optimal, st->choices, sizeof (guint) * n);
    }

  if (costs != NULL && which == NULL)
    for (guint s = 0; s < k->n_strategies; s++)
      {
        /* The same as below, the pairs worked out once (strat_pair). */
        if (k->strat_optimal[s])
          costs[s] = opt_cost;
        else if (k->strat_pair[s])
          {
            eval_sel2 (k, st, s, &costs[s]);
            s++;
          }
        else
          costs[s] = eval_sel (k, st, &k->strat_opt[(gsize) s * n],
                               &st->strat_factor[(gsize) s * n],
                               &k->strat_iface[(gsize) s * n], st->strat_eco[s]);
      }
  else if (costs != NULL)
    for (guint s = 0; s < k->n_strategies; s++)
      {
        if (which != NULL && !which[s])
          costs[s] = NAN;
        else if (k->strat_optimal[s])
          costs[s] = opt_cost;
        else if (s + 1 < k->n_strategies && !k->strat_optimal[s + 1] &&
                 (which == NULL || which[s + 1]))
          {
            eval_sel2 (k, st, s, &costs[s]);
            s++;
          }
        else
          costs[s] = eval_sel (k, st, &k->strat_opt[(gsize) s * n],
                               &st->strat_factor[(gsize) s * n],
                               &k->strat_iface[(gsize) s * n], st->strat_eco[s]);
      }
  return opt_cost;
}

/* strata-ladder-excursion-pair.c: the band search's swaps of two layers
 * at once (strata-ladder-excursion.c)
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "strata-model"

#include "config.h"

#include <math.h>
#include <string.h>

#include "strata/strata-model.h"

#include "strata-ladder-excursion-private.h"

/* Whether link @l, from linked layer @pi or @pj (-1: not linked), is the
 * first link from either into its target: where a side of the two adds
 * that target's variable cost, once. */
static inline gboolean
first_from_pair (const Plan *plan,
                 int         pi,
                 int         pj,
                 guint       l)
{
  guint nl = plan->n_linked, tp = plan->links[l].to_pos, first = G_MAXUINT;

  if (pi >= 0)
    first = plan->first_link[(gsize) pi * nl + tp];
  if (pj >= 0)
    first = MIN (first, plan->first_link[(gsize) pj * nl + tp]);
  return l == first;
}

/* The part of the objective's cost at @v that depends on the options of
 * layers c->i and c->j (side_at_curve () of two layers): their own
 * costs, every interface either touches (once), and the variable costs
 * of the integrated layers their links reach. */
Side
_strata_ladder_pair_side (const Plan   *plan,
                          const Choice *c,
                          double        v)
{
  const StrataDataset *ds = plan->dataset;
  guint n = ds->n_layers, ls[2] = { c->i, c->j };
  Side side = { 0, 0, TRUE, 0, 0 };
  /* Every factor below reads the same modes. */
  guint32 modes = plan->n_linked > 0 ? choice_linked_modes (plan, c) : 0;

  for (guint s = 0; s < 2; s++)
    {
      guint t = ls[s], o = choice_at (c, t);
      const PlanOption *opt = &plan->packed[plan->opt_offset[t] + o];
      gboolean linked = opt->mode == STRATA_MODE_INTEGRATED && plan->linked_pos[t] >= 0;

      side.value += opt->fixed / v;
      side.slope -= opt->fixed / v;
      side.fixed += opt->fixed;
      side_add_variable (plan, &side, t, o, v, linked ? choice_factor (plan, c, modes, t) : 1.0, NULL);
      if (plan->objective == STRATA_OBJECTIVE_EFFECTIVE)
        side.value -= opt->eco;
    }
  /* The interfaces below and above each: e joins layers e and e + 1. */
  for (guint s = 0; s < 4; s++)
    {
      guint t = ls[s / 2];
      gint64 e = (gint64) t - 1 + s % 2;
      gboolean seen = FALSE;

      if (e < 0 || e + 1 >= n)
        continue;
      for (guint r = 0; r < s && !seen; r++)
        seen = (gint64) ls[r / 2] - 1 + r % 2 == e;
      if (!seen && interface_paid (choice_mode_at (plan, c, (guint) e),
                                   choice_mode_at (plan, c, (guint) e + 1)))
        side.value += plan->iface[e];
    }
  /* The links from either, in dataset order (the sum's order), each
   * target once: the first link from either into it. */
  {
    guint nl = plan->n_linked, l;
    int pi = plan->linked_pos[c->i], pj = plan->linked_pos[c->j];
    guint ls2[2] = { c->i, c->j }, from;
    LayerLinks it;

    if (pi >= 0 && pj >= 0 && plan->pair_tstart != NULL)
      {
        gsize e = (gsize) pi * nl + (guint) pj;

        for (guint q = plan->pair_tstart[e]; q < plan->pair_tstart[e + 1]; q++)
          {
            guint t = plan->linked[plan->pair_targets[q]];

            if (choice_mode_at (plan, c, t) == STRATA_MODE_INTEGRATED)
              side_add_variable (plan, &side, t, c->x[t], v, choice_factor (plan, c, modes, t), NULL);
          }
        return side;
      }
    layer_links_init (&it, plan, ls2, 2);
    while ((l = layer_links_next (&it, &from)) != G_MAXUINT)
      {
        guint t = ds->links[l].to;

        if (t == c->i || t == c->j || choice_mode_at (plan, c, t) != STRATA_MODE_INTEGRATED ||
            !first_from_pair (plan, pi, pj, l))
          continue;
        side_add_variable (plan, &side, t, c->x[t], v, choice_factor (plan, c, modes, t), NULL);
      }
  }
  return side;
}


/* The lists of plan->pair_tstart and plan->pair_targets for @plan
 * (free both with g_free ()): for each pair of linked layers, the
 * targets _strata_ladder_pair_side () visits, in its order, found as it
 * finds them (the links from either in dataset order, each target at
 * the first link from either into it, neither layer itself). */
void
_strata_ladder_pair_targets (const Plan  *plan,
                             guint      **tstart_out,
                             guint8     **targets_out)
{
  guint nl = plan->n_linked, n = 0;
  guint *tstart = g_new (guint, (gsize) nl * nl + 1);
  guint8 *targets = g_new (guint8, MAX ((gsize) nl * nl * nl, 1));

  for (guint pi = 0; pi < nl; pi++)
    for (guint pj = 0; pj < nl; pj++)
      {
        guint ls2[2] = { plan->linked[pi], plan->linked[pj] }, l, from;
        LayerLinks it;

        tstart[(gsize) pi * nl + pj] = n;
        if (pi == pj)
          continue;
        layer_links_init (&it, plan, ls2, 2);
        while ((l = layer_links_next (&it, &from)) != G_MAXUINT)
          {
            guint tp = plan->links[l].to_pos;

            if (tp != pi && tp != pj && first_from_pair (plan, (int) pi, (int) pj, l))
              targets[n++] = (guint8) tp;
          }
      }
  tstart[(gsize) nl * nl] = n;
  *tstart_out = tstart;
  *targets_out = targets;
}

/* The largest variable cost (co-design aside) an integrated candidate
 * of layer @t can have in the interval from @lo up: at @lo, each falling
 * with volume (at the window's lo, from the curves it holds, when there
 * is one: no learning curve worked out); kept in @wmax (NAN: not yet). */
double
_strata_ladder_layer_wmax (const Plan *plan,
                           guint       t,
                           double      lo,
                           double     *wmax)
{
  guint q0, q1;

  if (!isnan (wmax[t]))
    return wmax[t];
  wmax[t] = 0;
  plan_options (plan, t, &q0, &q1);
  for (guint q = q0; q < q1; q++)
    {
      guint k = plan_option_at (plan, q);

      if (plan->dataset->layers[t].options[k].mode != STRATA_MODE_INTEGRATED)
        continue;
      wmax[t] = MAX (wmax[t], plan->window != NULL
                                ? plan_base_from_curve (plan, t, k, plan->window->lo,
                                                        plan->window->curve_lo[q])
                                : ladder_variable_base (plan, t, k, lo));
    }
  return wmax[t];
}

/* How much less than the sum of its two single swaps' D a swap of layers
 * @i < @j together can cost anywhere in the interval from @lo up: the
 * terms of the objective that read both layers' options.  Each of the
 * pair's D is i's single-swap D (the rest as the context) plus j's with i
 * at its new option, and j's side reads i only through
 * - their interface when neighbours: paid unless both run integrated
 *   options, so the pair's D differs from the sum by at most the
 *   interface cost (both going integrated together, or both leaving);
 * - a link between them: the target's variable cost times 1 - saving
 *   when both run integrated: at most the saving times the target's
 *   largest variable cost;
 * - a layer both link into: its variable cost times their two factors,
 *   at most the product of their savings times its variable cost.
 * 0: the pair's D is the sum of two single swaps', one of which is then
 * below -margin / 2 where the pair's is below -margin. */
double
_strata_ladder_pair_gain_bound (const Plan *plan,
                                guint       i,
                                guint       j,
                                double      lo,
                                double     *wmax)
{
  const StrataDataset *ds = plan->dataset;
  double gain = j == i + 1 ? fabs (layer_interface (ds, i)) : 0;

  if (plan->linked_pos[i] < 0 || plan->linked_pos[j] < 0)
    return gain;
  /* The links from either, in dataset order (the sum's order). */
  {
    guint pi = (guint) plan->linked_pos[i], pj = (guint) plan->linked_pos[j], nl = plan->n_linked, l;
    guint ls2[2] = { i, j }, from;
    LayerLinks it;

    layer_links_init (&it, plan, ls2, 2);
    while ((l = layer_links_next (&it, &from)) != G_MAXUINT)
      {
        gboolean from_i = from == 0;
        const StrataLink *link = &ds->links[l];
        guint tp = plan->links[l].to_pos;
        double sj;

        if (link->to == (from_i ? j : i))
          {
            gain += link->saving.value * _strata_ladder_layer_wmax (plan, link->to, lo, wmax);
            continue;
          }
        /* A layer i links into (its first link there), j's links into
         * it too: none adds nothing. */
        if (!from_i || plan->first_link[(gsize) pi * nl + tp] != l)
          continue;
        sj = plan->pair_mult[(gsize) pj * nl + tp];
        if (sj != 1.0)
          gain += (1 - plan->pair_mult[(gsize) pi * nl + tp]) * (1 - sj) *
                  _strata_ladder_layer_wmax (plan, link->to, lo, wmax);
      }
  }
  return gain;
}

/* Probes of the pair of layers @i < @j over the part [@a, @b], each
 * moving to another option at once, the rest as @ctx: a band where two
 * layers an interface or links join are cheaper moved together while
 * neither alone is (a dense scan from outside found two linked layers
 * integrated together over 5 % of the volumes, inside one grid interval
 * of a stack of 20 layers).  The pair's D is at least the two single
 * swaps' D less @gain (_strata_ladder_pair_gain_bound ()), each single swap's at least
 * its least cheap bound over the interval's parts (@cand_least, by
 * plan_slot ()), which hold this part: only pairs of options where that
 * is below -margin are searched; at most one probe a part. */
static gboolean
pair_part_probe (const Plan   *plan,
                 const guint  *ctx,
                 guint         i,
                 guint         j,
                 double        a,
                 double        b,
                 const double *cand_least,
                 double        gain,
                 double        margin,
                 double       *probe)
{
  Choice c = { ctx, i, ctx[i], j, ctx[j] };
  guint qi0, qi1, qj0, qj1;
  double min_i = INFINITY, min_j = INFINITY;
  Side x_lo = { NAN, NAN, TRUE }, x_hi = { NAN, NAN, TRUE };
  gboolean found = FALSE;

  plan_options (plan, i, &qi0, &qi1);
  plan_options (plan, j, &qj0, &qj1);
  /* The least of each layer's swaps first: most pairs stop there. */
  for (guint q = qi0; q < qi1; q++)
    if (plan_option_at (plan, q) != ctx[i])
      min_i = MIN (min_i, cand_least[plan_slot (plan, i, q)]);
  for (guint r = qj0; r < qj1; r++)
    if (plan_option_at (plan, r) != ctx[j])
      min_j = MIN (min_j, cand_least[plan_slot (plan, j, r)]);
  if (!(min_i + min_j - gain <= -margin))
    return FALSE;
  for (guint q = qi0; q < qi1 && !found; q++)
    for (guint r = qj0; r < qj1 && !found; r++)
      {
        Swap sw = { 2, { i, j, 0 }, { plan_option_at (plan, q), plan_option_at (plan, r), 0 },
                    NULL, FALSE, NULL };

        if (sw.to[0] == ctx[i] || !(cand_least[plan_slot (plan, i, q)] + min_j - gain <= -margin))
          break;
        if (sw.to[1] == ctx[j] ||
            !(cand_least[plan_slot (plan, i, q)] + cand_least[plan_slot (plan, j, r)] - gain <=
              -margin))
          continue;
        if (isnan (x_lo.value))
          x_lo = _strata_ladder_pair_side (plan, &c, a);
        *probe = _strata_ladder_swap_probe (plan, ctx, &sw, &x_lo, &x_hi, a, b, margin, NULL, NULL);
        found = *probe > 0;
      }
  return found;
}


/* The probes of the pair (@i, @j) over the round's interval, over each
 * part between the flips either's side reads (as excursion_probes ()),
 * or none when the two single swaps' least bounds and @gain leave it
 * dearer everywhere. */
static guint
pair_probes_of (Round  *rd,
                guint   i,
                guint   j,
                double  gain,
                double *probes,
                guint   max_probes)
{
  const Plan *plan = rd->plan;
  guint n = plan->n_layers, qi0, qi1, qj0, qj1, n_read, n_probes = 0;
  const StrataFlip *cuts = rd->cuts;
  const guint8 *cut = rd->cut;
  gboolean reads, own_start = FALSE;
  double at = rd->lo;

  if (!(rd->single_least[i] + rd->single_least[j] - gain <= -rd->margin))
    return 0;
  plan_options (plan, i, &qi0, &qi1);
  plan_options (plan, j, &qj0, &qj1);
  if (qi1 - qi0 < 2 || qj1 - qj0 < 2)
    return 0;
  reads = cut[i] || cut[j] || (i > 0 && cut[i - 1]) || cut[i + 1] || cut[j - 1] ||
          (j + 1 < n && cut[j + 1]) ||
          ((plan->linked_pos[i] >= 0 || plan->linked_pos[j] >= 0) && rd->linked_cut);
  n_read = reads ? rd->n_cuts : 0;
  for (guint c = 0; c <= n_read && n_probes < max_probes; c++)
    {
      double to, a, b, v;
      gboolean own_end;

      if (c < n_read && !reads_layer (plan, i, cuts[c].layer) &&
          !reads_layer (plan, j, cuts[c].layer))
        continue;
      to = c < n_read ? cuts[c].volume : rd->hi;
      own_end = c < n_read && (cuts[c].layer == i || cuts[c].layer == j);
      a = own_start ? at * (1 + OWN_GAP) : at;
      b = own_end ? to * (1 - OWN_GAP) : to;
      if (b > a &&
          pair_part_probe (plan, rd->ctx, i, j, a, b, rd->cand_least, gain, rd->margin, &v))
        probes[n_probes++] = v;
      if (c < n_read)
        {
          rd->ctx[cuts[c].layer] = cuts[c].to_option;
          at = to;
        }
      own_start = own_end;
    }
  for (guint c = n_read; c-- > 0;)
    if (reads_layer (plan, i, cuts[c].layer) || reads_layer (plan, j, cuts[c].layer))
      rd->ctx[cuts[c].layer] = cuts[c].from_option;
  return n_probes;
}

/* Probes of the pairs of neighbours, then of linked layers, over the
 * round's interval (excursion_probes ()). */
guint
_strata_ladder_pair_probes (Round  *rd,
                            double *probes,
                            guint   max_probes)
{
  const Plan *plan = rd->plan;
  guint n = plan->n_layers, n_probes = 0, n_linked = 0;

  for (guint t = 0; t < n; t++)
    {
      rd->wmax[t] = NAN;
      if (plan->linked_pos[t] >= 0)
        rd->linked[n_linked++] = t;
    }
  rd->n_linked = n_linked;
  for (gsize e = 0; e < (gsize) n_linked * n_linked; e++)
    rd->gains[e] = NAN;
  for (guint i = 0; i + 1 < n && n_probes < max_probes; i++)
    {
      double gain = _strata_ladder_pair_gain_bound (plan, i, i + 1, rd->lo, rd->wmax);

      if (plan->linked_pos[i] >= 0 && plan->linked_pos[i + 1] >= 0)
        rd->gains[(gsize) plan->linked_pos[i] * n_linked + (guint) plan->linked_pos[i + 1]] = gain;

      if (gain > 0)
        n_probes += pair_probes_of (rd, i, i + 1, gain, probes + n_probes, max_probes - n_probes);
    }
  for (guint p = 0; p < n_linked && n_probes < max_probes; p++)
    for (guint r = p + 1; r < n_linked && n_probes < max_probes; r++)
      {
        guint i = rd->linked[p], j = rd->linked[r];
        double gain;

        if (j == i + 1)
          continue;
        gain = _strata_ladder_pair_gain_bound (plan, i, j, rd->lo, rd->wmax);
        rd->gains[(gsize) p * n_linked + r] = gain;
        if (gain > 0)
          n_probes += pair_probes_of (rd, i, j, gain, probes + n_probes, max_probes - n_probes);
      }
  return n_probes;
}


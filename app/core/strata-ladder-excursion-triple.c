/* strata-ladder-excursion-triple.c: the band search's swaps of three
 * layers at once that links join (strata-ladder-excursion.c)
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

#include "strata/strata-limits.h"
#include "strata/strata-model.h"

#include "strata-ladder-excursion-private.h"

/*
 * Three layers joined by links (lower -> middle -> upper, each saving
 * 2.5 %) may be cheaper integrated all three over a band where no one or
 * two of them are: each link pays only when both its layers run
 * integrated.  Under six more layers (too many for strata-ladder-tiny.c
 * to list every strategy) the ladder lost such a band inside one grid
 * interval; the runs of strata-ladder-excursion-run.c leave out layers a
 * link touches.
 *
 * A strategy S that differs from the context X in three layers a, b, c
 * costs D = D_a + D_b + D_c + G more, D_j layer j's single swap and G the
 * terms that read two of them or more:
 * - the interface between two of them that are neighbours, at least
 *   -|I| (as for a pair);
 * - the variable cost of a layer t that two of them or more read (t one
 *   of them with a link from another, or a layer outside that links from
 *   two of them reach): t's cost is its own less R_t, R_t = its variable
 *   cost times 1 - its co-design factor, 0 <= R_t <= Rmax_t (its largest
 *   variable cost times 1 - the product of every link into it).  The
 *   terms of R_t in D less those in the k_t single swaps' D are
 *   -R_t (S) + sum of R_t (X with one of them swapped) - (k_t - 1) R_t (X),
 *   at least -k_t Rmax_t.
 * So D >= the three single swaps' least bounds over the interval less
 * the sum of those (triple_gain_bound ()); most triples stop there.  The
 * rest are searched as the pairs are (each part between the flips their
 * sides read, the options whose single swaps' bounds leave room), by the
 * same branch and bound in ln V on the three layers' side
 * (_strata_ladder_triple_side ()).  The triples: every three layers of
 * two candidates or more, one a link touches, that are connected by the
 * terms a pair reads (_strata_ladder_pair_gain_bound () above 0), and
 * at most TRIPLE_SEARCHES branch and bounds a round: where every two of
 * many layers are linked the bounds leave room almost everywhere, and
 * past that budget a round's triples are not searched.  Four layers or
 * more that links join together are not searched either (but on a stack
 * strata-ladder-tiny.c lists).
 */

/* Branch and bounds of triples a round (an interval) runs at most: a
 * handful where links are few (20 x 6 with links among 10: 2 a round on
 * average); on 20 layers every two of which links join, thousands, and
 * the triples' search cost four times the rest of the ladder. */
#define TRIPLE_SEARCHES 64

/* The part of the objective's cost at @v under the strategy @y that
 * depends on the options of the three @layers: their own costs, every
 * interface one of them touches (once), and the variable costs of the
 * integrated layers their links reach (once each). */
Side
_strata_ladder_triple_side (const Plan  *plan,
                            const guint *y,
                            const guint *layers,
                            double       v)
{
  const StrataDataset *ds = plan->dataset;
  guint n = ds->n_layers;
  Choice c = { y, G_MAXUINT, 0, G_MAXUINT, 0 };
  Side side = { 0, 0, TRUE, 0, 0 };
  guint32 modes = plan->n_linked > 0 ? choice_linked_modes (plan, &c) : 0;

  for (guint s = 0; s < 3; s++)
    {
      guint t = layers[s], o = y[t];
      const PlanOption *opt = &plan->packed[plan->opt_offset[t] + o];
      gboolean linked = opt->mode == STRATA_MODE_INTEGRATED && plan->linked_pos[t] >= 0;

      side.value += opt->fixed / v;
      side.slope -= opt->fixed / v;
      side.fixed += opt->fixed;
      side_add_variable (plan, &side, t, o, v, linked ? choice_factor (plan, &c, modes, t) : 1.0, NULL);
      if (plan->objective == STRATA_OBJECTIVE_EFFECTIVE)
        side.value -= opt->eco;
    }
  /* The interfaces below and above each: e joins layers e and e + 1. */
  for (guint s = 0; s < 6; s++)
    {
      gint64 e = (gint64) layers[s / 2] - 1 + s % 2;
      gboolean seen = FALSE;

      if (e < 0 || e + 1 >= n)
        continue;
      for (guint r = 0; r < s && !seen; r++)
        seen = (gint64) layers[r / 2] - 1 + r % 2 == e;
      if (!seen && interface_paid (choice_mode (plan, y, (guint) e),
                                   choice_mode (plan, y, (guint) e + 1)))
        side.value += plan->iface[e];
    }
  /* The links from the three in dataset order (the sum's order), each
   * target once: at the first link from one of them into it. */
  {
    guint32 seen = 0;
    guint l, from;
    LayerLinks it;

    G_STATIC_ASSERT (STRATA_MAX_LINKED_LAYERS <= 32);
    layer_links_init (&it, plan, layers, 3);
    while ((l = layer_links_next (&it, &from)) != G_MAXUINT)
      {
        guint t = ds->links[l].to, bit = plan->links[l].to_pos;

        if ((seen & (1u << bit)) != 0)
          continue;
        seen |= 1u << bit;
        if (t != layers[0] && t != layers[1] && t != layers[2] &&
            choice_mode (plan, y, t) == STRATA_MODE_INTEGRATED)
          side_add_variable (plan, &side, t, y[t], v, choice_factor (plan, &c, modes, t), NULL);
      }
  }
  return side;
}

static inline gboolean
in_triple (const guint *ls,
           guint        t)
{
  return t == ls[0] || t == ls[1] || t == ls[2];
}

/* Rmax_t above: layer @t's largest variable cost from @lo up (its
 * candidates' and its option in @ctx) times 1 - the product of the
 * factors of every link into it. */
static double
layer_rmax (const Round *rd,
            guint        t)
{
  const Plan *plan = rd->plan;
  /* The product of every link's 1 - saving into t, in dataset order. */
  double keep = plan_least_factor (plan, t);
  double var = _strata_ladder_layer_wmax (plan, t, rd->lo, rd->wmax);

  if (choice_mode (plan, rd->ctx, t) == STRATA_MODE_INTEGRATED)
    var = MAX (var, ladder_variable_base (plan, t, rd->ctx[t], rd->lo));
  return var * (1 - keep);
}

/* What the triples of a round are drawn from. */
typedef struct
{
  Round       *rd;        /* (its context follows the cuts in a search) */
  guint8      *eligible;  /* per layer: two candidates or more, and its single
                           * swaps' bound low enough for some triple */
  guint8      *adj;       /* per two linked layers (by position): joined */
  gboolean     three;     /* a layer takes links from two layers or more */
  double       read3;     /* then 4 Rmax of such layers, at most (0 without) */
  double       gtop;      /* the most G of any triple can be */
  guint        n_linked;
  /* The linked layers links reach (by position), in the order of each
   * one's first link in the dataset. */
  guint        to_order[STRATA_MAX_LINKED_LAYERS];
  guint        n_to;
} Triples;

/* How much less than the sum of its three single swaps' D a swap of the
 * layers @ls (ascending) together can cost over the round's interval:
 * G above, at least.  By inclusion and exclusion G is the three pairs'
 * terms (each at least -_strata_ladder_pair_gain_bound (), the third
 * layer as the context) and a term of the layers all three read,
 * at least -4 Rmax_t each (four of its eight terms are -R_t).  @mask:
 * per layer, 0 (scratch, left so). */
static double
triple_gain_bound (Triples     *tr,
                   const guint *ls,
                   double       sum,
                   guint8      *mask)
{
  const Round *rd = tr->rd;
  const Plan *plan = rd->plan;
  const StrataDataset *ds = plan->dataset;
  double gain = 0;

  for (guint s = 0; s < 3; s++)
    for (guint r = s + 1; r < 3; r++)
      {
        int p = plan->linked_pos[ls[s]], q = plan->linked_pos[ls[r]];
        double *g;

        if (p < 0 || q < 0)
          {
            gain += ls[r] == ls[s] + 1 ? fabs (plan->iface[ls[s]]) : 0;
            continue;
          }
        g = &rd->gains[(gsize) p * tr->n_linked + (guint) q];
        if (isnan (*g))
          *g = _strata_ladder_pair_gain_bound (plan, ls[s], ls[r], rd->lo, rd->wmax);
        gain += *g;
      }
  /* A layer all three read: at most 4 Rmax of any layer two link into
   * (tr->gtop's part); worked out only where that leaves room. */
  if (!tr->three || !(sum - gain - tr->read3 <= -rd->margin))
    return gain + tr->read3;
  /* Which of the three link into each layer (bits 0 to 2). */
  for (guint s = 0; s < 3; s++)
    {
      int p = plan->linked_pos[ls[s]];

      if (p < 0)
        continue;
      for (guint q = plan->out_start[p]; q < plan->out_start[p + 1]; q++)
        if (ds->links[plan->out_list[q]].to != ls[s])
          mask[ds->links[plan->out_list[q]].to] |= (guint8) (1u << s);
    }
  /* The sum in the order of the targets' first links. */
  for (guint e = 0; e < tr->n_to; e++)
    {
      guint t = plan->linked[tr->to_order[e]], k;

      if (mask[t] == 0)
        continue;
      k = ((mask[t] & 1) != 0) + ((mask[t] & 2) != 0) + ((mask[t] & 4) != 0) + in_triple (ls, t);
      if (k == 3)
        gain += 4 * layer_rmax (rd, t);
      mask[t] = 0;
    }
  return gain;
}

/* The least of layer @i's single swaps' bounds over its candidates but
 * @x (its option in the context). */
static inline double
cand_min (const Round *rd,
          guint        i,
          guint        x)
{
  const Plan *plan = rd->plan;
  guint q0, q1;
  double least = INFINITY;

  plan_options (plan, i, &q0, &q1);
  for (guint q = q0; q < q1; q++)
    if (plan_option_at (plan, q) != x)
      least = MIN (least, rd->cand_least[plan_slot (plan, i, q)]);
  return least;
}

/* A probe of the triple @ls over the part [@a, @b], the rest as the
 * round's context: its options whose single swaps' least bounds less
 * @gain leave room, each searched by the branch and bound; @y: scratch,
 * a copy of the context made here. */
static gboolean
triple_part_probe (const Round *rd,
                   const guint *ls,
                   double       a,
                   double       b,
                   double       gain,
                   guint       *y,
                   guint       *budget,
                   double      *probe)
{
  const Plan *plan = rd->plan;
  const guint *ctx = rd->ctx;
  const double *cl = rd->cand_least;
  double least[3], edge = gain - rd->margin;
  guint q0[3], q1[3];
  Side x_lo = { NAN, NAN, TRUE, 0, 0 }, x_hi = { NAN, NAN, TRUE, 0, 0 };

  for (guint s = 0; s < 3; s++)
    {
      least[s] = cand_min (rd, ls[s], ctx[ls[s]]);
      plan_options (plan, ls[s], &q0[s], &q1[s]);
    }
  if (!(least[0] + least[1] + least[2] <= edge))
    return FALSE;
  for (guint qa = q0[0]; qa < q1[0]; qa++)
    {
      double da = cl[plan_slot (plan, ls[0], qa)];

      if (plan_option_at (plan, qa) == ctx[ls[0]] || !(da + least[1] + least[2] <= edge))
        continue;
      for (guint qb = q0[1]; qb < q1[1]; qb++)
        {
          double db = cl[plan_slot (plan, ls[1], qb)];

          if (plan_option_at (plan, qb) == ctx[ls[1]] || !(da + db + least[2] <= edge))
            continue;
          for (guint qc = q0[2]; qc < q1[2]; qc++)
            {
              Swap sw = { 3, { ls[0], ls[1], ls[2] },
                          { plan_option_at (plan, qa), plan_option_at (plan, qb),
                            plan_option_at (plan, qc) }, NULL, FALSE, y };

              if (sw.to[2] == ctx[ls[2]] || !(da + db + cl[plan_slot (plan, ls[2], qc)] <= edge))
                continue;
              if (*budget == 0)
                return FALSE;
              (*budget)--;
              if (isnan (x_lo.value))
                {
                  memcpy (y, ctx, plan->n_layers * sizeof (guint));
                  x_lo = _strata_ladder_triple_side (plan, ctx, ls, a);
                }
              for (guint s = 0; s < 3; s++)
                y[ls[s]] = sw.to[s];
              *probe = _strata_ladder_swap_probe (plan, ctx, &sw, &x_lo, &x_hi, a, b,
                                                  rd->margin, NULL, NULL);
              for (guint s = 0; s < 3; s++)
                y[ls[s]] = ctx[ls[s]];
              if (*probe > 0)
                return TRUE;
            }
        }
    }
  return FALSE;
}

/* The probes of the triple @ls (ascending) over the round's interval,
 * over each part between the flips one of their sides reads (as
 * pair_probes_of ()): at most one a part. */
static guint
triple_probes_of (Round       *rd,
                  const guint *ls,
                  double       gain,
                  guint       *y,
                  guint       *budget,
                  double      *probes,
                  guint        max_probes)
{
  const StrataFlip *cuts = rd->cuts;
  guint n_probes = 0;
  gboolean own_start = FALSE;
  double at = rd->lo;

  for (guint c = 0; c <= rd->n_cuts && n_probes < max_probes; c++)
    {
      guint l = c < rd->n_cuts ? cuts[c].layer : 0;
      double to, a, b, v;
      gboolean own_end;

      if (c < rd->n_cuts && !reads_layer (rd->plan, ls[0], l) &&
          !reads_layer (rd->plan, ls[1], l) && !reads_layer (rd->plan, ls[2], l))
        continue;
      to = c < rd->n_cuts ? cuts[c].volume : rd->hi;
      own_end = c < rd->n_cuts && in_triple (ls, l);
      a = own_start ? at * (1 + OWN_GAP) : at;
      b = own_end ? to * (1 - OWN_GAP) : to;
      if (b > a && triple_part_probe (rd, ls, a, b, gain, y, budget, &v))
        probes[n_probes++] = v;
      if (c < rd->n_cuts)
        {
          rd->ctx[l] = cuts[c].to_option;
          at = to;
        }
      own_start = own_end;
    }
  for (guint c = rd->n_cuts; c-- > 0;)
    if (reads_layer (rd->plan, ls[0], cuts[c].layer) ||
        reads_layer (rd->plan, ls[1], cuts[c].layer) ||
        reads_layer (rd->plan, ls[2], cuts[c].layer))
      rd->ctx[cuts[c].layer] = cuts[c].from_option;
  return n_probes;
}

/* Whether layers @i and @j (@j perhaps past the stack) are joined by a
 * term a pair's side reads, both eligible: their interface when
 * neighbours, a link between them, a layer both link into. */
static gboolean
joined (const Triples *tr,
        guint          i,
        guint          j)
{
  const Plan *plan = tr->rd->plan;
  int pi = plan->linked_pos[i], pj;

  if (i == j || j >= plan->n_layers || !tr->eligible[j])
    return FALSE;
  if ((j == i + 1 || i == j + 1) && layer_interface (plan->dataset, MIN (i, j)) != 0)
    return TRUE;
  pj = plan->linked_pos[j];
  return pi >= 0 && pj >= 0 && tr->adj[(gsize) pi * tr->n_linked + (guint) pj];
}

/* The layers @i is joined to, into @out: its two neighbours, and when a
 * link touches it the other linked layers. */
static guint
joined_to (const Triples *tr,
           guint          i,
           guint         *out)
{
  const Plan *plan = tr->rd->plan;
  guint n = 0;

  if (i > 0 && joined (tr, i, i - 1))
    out[n++] = i - 1;
  if (joined (tr, i, i + 1))
    out[n++] = i + 1;
  if (plan->linked_pos[i] >= 0)
    {
      const guint8 *row = tr->adj + (gsize) plan->linked_pos[i] * tr->n_linked;

      for (guint p = 0; p < tr->n_linked; p++)
        {
          guint j = plan->linked[p];

          if (row[p] && j != i && j + 1 != i && j != i + 1 && tr->eligible[j])
            out[n++] = j;
        }
    }
  return n;
}

/* Keeps @g if among the three largest in @top (descending). */
static inline void
top3_add (double *top,
          double  g)
{
  for (guint s = 0; s < 3; s++)
    if (g > top[s])
      {
        double was = top[s];

        top[s] = g;
        g = was;
      }
}

/* The links' part of the triples' setup: which linked layers are
 * joined, their pairs' gains, and the most G of any triple can be: its
 * three pairs' at most the three largest of those and of the
 * interfaces, and the term of a layer all three read (when one takes
 * links from two layers or more). */
static void
triples_setup (Triples *tr)
{
  const Round *rd = tr->rd;
  const Plan *plan = rd->plan;
  guint m = tr->n_linked, n_links = plan->dataset->n_links;
  double top[3] = { 0, 0, 0 }, rmax = 0;
  /* Per two linked layers t, f: a link from f into t. */
  g_autofree guint8 *into = g_new0 (guint8, (gsize) m * m);
  guint32 reached = 0;

  tr->n_to = 0;
  for (guint l = 0; l < n_links; l++)
    {
      guint f = plan->links[l].from_pos, t = plan->links[l].to_pos;

      tr->adj[(gsize) f * m + t] = tr->adj[(gsize) t * m + f] = 1;
      into[(gsize) t * m + f] = 1;
      if ((reached & (1u << t)) == 0)
        tr->to_order[tr->n_to++] = t;
      reached |= 1u << t;
    }
  /* Two layers linking into one: joined, and a layer three may read. */
  for (guint t = 0; t < m; t++)
    {
      gboolean shared = FALSE;

      for (guint f = 0; f < m; f++)
        for (guint g = f + 1; g < m && into[(gsize) t * m + f]; g++)
          if (into[(gsize) t * m + g])
            {
              tr->adj[(gsize) f * m + g] = tr->adj[(gsize) g * m + f] = 1;
              shared = TRUE;
            }
      if (shared)
        rmax = MAX (rmax, layer_rmax (rd, plan->linked[t]));
      tr->three |= shared;
    }
  /* (The pairs' search worked out each two's gain, NAN where not.) */
  for (guint p = 0; p < m; p++)
    for (guint q = p + 1; q < m; q++)
      if (tr->adj[(gsize) p * m + q] || plan->linked[q] == plan->linked[p] + 1)
        {
          double *g = &rd->gains[(gsize) p * m + q];

          if (isnan (*g))
            *g = _strata_ladder_pair_gain_bound (plan, plan->linked[p], plan->linked[q], rd->lo,
                                                 rd->wmax);
          top3_add (top, *g);
        }
  for (guint j = 0; j + 1 < plan->n_layers; j++)
    top3_add (top, fabs (plan->iface[j]));
  tr->read3 = 4 * rmax;
  tr->gtop = top[0] + top[1] + top[2] + tr->read3;
}

/* The layers that may be in a triple beating the context: two
 * candidates or more, and a single swaps' bound that with the two least
 * of any others' and the most G can be reaches -margin; FALSE when no
 * linked layer may. */
static gboolean
triples_eligible (Triples *tr)
{
  const Round *rd = tr->rd;
  const Plan *plan = rd->plan;
  guint n = plan->n_layers;
  double l1 = INFINITY, l2 = INFINITY;
  gboolean any = FALSE;

  for (guint j = 0; j < n; j++)
    {
      guint q0, q1;
      double sl = rd->single_least[j];

      plan_options (plan, j, &q0, &q1);
      tr->eligible[j] = q1 - q0 >= 2;
      if (!tr->eligible[j])
        continue;
      if (sl < l1)
        {
          l2 = l1;
          l1 = sl;
        }
      else if (sl < l2)
        l2 = sl;
    }
  for (guint j = 0; j < n; j++)
    {
      tr->eligible[j] = tr->eligible[j] &&
                        rd->single_least[j] + l1 + l2 - tr->gtop <=
                          -rd->margin;
      any |= tr->eligible[j] && plan->linked_pos[j] >= 0;
    }
  return any;
}

/* The triple of @v and its two neighbours @u < @w ascending into @ls;
 * FALSE when no link touches it, or when it is a triangle whose least
 * layer is not @v (each triangle once, each path once: its middle). */
static gboolean
triple_of (const Triples *tr,
           guint          v,
           guint          u,
           guint          w,
           guint         *ls)
{
  const Plan *plan = tr->rd->plan;

  if (plan->linked_pos[v] < 0 && plan->linked_pos[u] < 0 && plan->linked_pos[w] < 0)
    return FALSE;
  if (v > u && joined (tr, u, w))
    return FALSE;
  ls[0] = MIN (v, u);
  ls[2] = MAX (v, w);
  ls[1] = v + u + w - ls[0] - ls[2];
  return TRUE;
}

/* Probes of the triple @ls over the round's interval when the bounds of
 * its single swaps and G leave room for one. */
static guint
triple_search (Triples     *tr,
               const guint *ls,
               guint8      *mask,
               guint      **y,
               guint       *budget,
               double      *probes,
               guint        max_probes)
{
  const Round *rd = tr->rd;
  const Plan *plan = rd->plan;
  double sum = rd->single_least[ls[0]] + rd->single_least[ls[1]] + rd->single_least[ls[2]];
  double gain;

  gain = triple_gain_bound (tr, ls, sum, mask);
  if (!(sum - gain <= -rd->margin))
    return 0;
  if (*y == NULL)
    *y = g_new (guint, plan->n_layers);
  return triple_probes_of (tr->rd, ls, gain, *y, budget, probes, max_probes);
}

/* Probes of the triples above over the round's interval
 * (excursion_probes (), after the pairs'): each triple by its middle
 * layer, a linked one or a neighbour of one. */
guint
_strata_ladder_triple_probes (Round  *rd,
                              double *probes,
                              guint   max_probes)
{
  const Plan *plan = rd->plan;
  guint n = plan->n_layers, m = plan->n_linked, n_probes = 0, budget = TRIPLE_SEARCHES;
  g_autofree guint *nb = NULL, *y = NULL;
  g_autofree guint8 *mask = NULL, *eligible = NULL, *adj = NULL;
  Triples tr = { rd, NULL, NULL, FALSE, 0, 0, m };
  gboolean some = FALSE;

  for (guint p = 0; p < m && !some; p++)
    {
      guint q0, q1;

      plan_options (plan, plan->linked[p], &q0, &q1);
      some = q1 - q0 >= 2;
    }
  if (!some)
    return 0;
  tr.eligible = eligible = g_new (guint8, n);
  tr.adj = adj = g_new0 (guint8, (gsize) m * m);
  mask = g_new0 (guint8, n);
  triples_setup (&tr);
  if (!triples_eligible (&tr))
    return 0;
  nb = g_new (guint, m + 2);
  /* The middles: each linked layer and its neighbours, once. */
  for (guint p = 0; p < m; p++)
    for (int d = -1; d <= 1; d++)
      {
        guint l = plan->linked[p], v = l + (guint) d, n_nb;

        /* (bit 1 of eligible: seen as a middle) */
        if ((d < 0 && l == 0) || v >= n || eligible[v] != 1 ||
            (d != 0 && plan->linked_pos[v] >= 0))
          continue;
        eligible[v] = 3;
        n_nb = joined_to (&tr, v, nb);
        for (guint a = 0; a < n_nb && n_probes < max_probes && budget > 0; a++)
          for (guint b = a + 1; b < n_nb && n_probes < max_probes; b++)
            {
              guint ls[3];

              if (triple_of (&tr, v, MIN (nb[a], nb[b]), MAX (nb[a], nb[b]), ls))
                n_probes += triple_search (&tr, ls, mask, &y, &budget, probes + n_probes,
                                           max_probes - n_probes);
            }
      }
  return n_probes;
}

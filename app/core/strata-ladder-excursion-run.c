/* strata-ladder-excursion-run.c: the band search's swaps of three
 * neighbouring layers or more at once (strata-ladder-excursion.c)
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

/*
 * Three neighbours that each cost more to integrate alone, and two
 * together, may cost less integrated all three: each pair of integrated
 * neighbours saves its interface (tests/data/ladder/triple-leave: 82.7 k
 * to 97.2 k units a year, inside one grid interval).  The single and
 * paired swaps do not see such a band, and on a stack longer than
 * strata-ladder-tiny.c lists (the same three layers under six more) it
 * was lost.
 *
 * For layers no link touches, a strategy S that differs from the
 * context X in a run R of neighbouring layers costs
 *
 *   D_R = sum over j in R of D_j  +  sum over neighbours j, j + 1 in R of
 *         I_j ((1 - s_j s_j+1) - (1 - s_j x_j+1) - (1 - x_j s_j+1) + (1 - x_j x_j+1))
 *
 * more, D_j layer j's single swap and s, x whether S and X integrate the
 * layer: each interface term is at least -I_j.  Where S's changed layers
 * fall apart into runs, its D is their sum.  So a run whose single swaps'
 * least bounds over the interval (Round's single_least) less its
 * interfaces stay above -margin cannot be cheaper anywhere in it, and
 * most intervals stop there (the least such sum ending at each layer
 * comes with the single swaps, excursion_probes ()).  The layers of
 * the runs left form blocks; over each part of the interval between the
 * flips the block reads, a branch and bound in ln V bounds the least D of
 * any strategy changing three of the block's layers or more, the rest as
 * the context (exactly a chain over the block's candidates: own costs and
 * interfaces), each layer's own cost from its options' costs at the
 * part's ends (each falls with the volume), and stops at the first
 * midpoint where that least D, worked out exactly there, is below
 * -margin: a probe, as the swaps' probes.  Runs of linked layers are not
 * searched this way (their links read more than two layers at once).
 */

#define RUN_BUDGET 64   /* midpoints per block and part */
#define RUN_OPEN   32   /* parts of its branch and bound kept open */

typedef struct
{
  const Plan  *plan;
  const guint *ctx;
  guint        b0, b1;     /* the block's layers */
  guint       *start;      /* per layer of the block: its first candidate */
  guint       *opt;        /* the candidates' options */
  double      *d;          /* the candidates' own cost less the context's */
  double      *dp;         /* the chain: 4 counts per candidate, two layers */
} Block;

/* Layer @j's option @k: its variable cost at @v (a layer no link touches:
 * factor 1); own_eco (): its ecosystem value, the objective's. */
static inline double
own_base (const Plan *plan,
          guint       j,
          guint       k,
          double      v)
{
  guint idx = plan->opt_offset[j] + k;
  const PlanOption *o = &plan->packed[idx];

  return packed_base (o, plan_memo_curve (plan, o, idx, v));
}

static inline double
own_eco (const Plan *plan,
         guint       j,
         guint       k)
{
  return plan->objective == STRATA_OBJECTIVE_EFFECTIVE ? plan->packed[plan->opt_offset[j] + k].eco
                                                       : 0;
}

/* Each candidate's own cost less the context's option's, at least, over
 * [@u, @w] (exactly when @u == @w): its variable cost at @w less the
 * context's at @u (each falls with the volume), their fixed costs'
 * difference at an end, their ecosystem values'. */
static void
block_bounds (Block  *b,
              double  u,
              double  w)
{
  const Plan *plan = b->plan;

  for (guint j = b->b0; j <= b->b1; j++)
    {
      guint x = b->ctx[j], t = j - b->b0;
      double bx_u = own_base (plan, j, x, u), ex = own_eco (plan, j, x);
      double fx = plan->packed[plan->opt_offset[j] + x].fixed;

      for (guint q = b->start[t]; q < b->start[t + 1]; q++)
        {
          guint k = b->opt[q];
          double df;

          if (k == x)
            {
              b->d[q] = 0;
              continue;
            }
          df = plan->packed[plan->opt_offset[j] + k].fixed - fx;
          b->d[q] = (own_base (plan, j, k, w) - bx_u) + MIN (df / u, df / w) -
                    (own_eco (plan, j, k) - ex);
        }
    }
}

/* The interface between layers @j and @j + 1 in modes @m0 and @m1, less
 * the context's. */
static inline double
iface_delta (const Block *b,
             guint        j,
             int          m0,
             int          m1)
{
  const Plan *plan = b->plan;
  double paid = interface_paid (m0, m1) ? plan->iface[j] : 0;

  return paid - (interface_paid (choice_mode (plan, b->ctx, j), choice_mode (plan, b->ctx, j + 1))
                 ? plan->iface[j] : 0);
}

/* The least D, from b->d, of a strategy that differs from the context in
 * three of the block's layers or more (the others as the context): a
 * chain over the layers, by candidate and count of changes (3: three or
 * more). */
static double
block_least (Block *b)
{
  const Plan *plan = b->plan;
  guint n = plan->n_layers, len = b->b1 - b->b0 + 1;
  double *prev = b->dp, *cur = b->dp + 4 * (gsize) b->start[len], least = INFINITY;

  for (guint t = 0; t < len; t++)
    {
      guint j = b->b0 + t;

      for (guint q = b->start[t]; q < b->start[t + 1]; q++)
        {
          guint k = b->opt[q], changed = k != b->ctx[j];
          int m = plan->packed[plan->opt_offset[j] + k].mode;
          double *to = cur + 4 * (gsize) (q - b->start[t]);

          for (guint c = 0; c < 4; c++)
            to[c] = INFINITY;
          if (t == 0)
            {
              double edge = j > 0 ? iface_delta (b, j - 1, choice_mode (plan, b->ctx, j - 1), m)
                                  : 0;

              to[changed] = b->d[q] + edge;
              continue;
            }
          for (guint p = b->start[t - 1]; p < b->start[t]; p++)
            {
              const double *from = prev + 4 * (gsize) (p - b->start[t - 1]);
              int mp = plan->packed[plan->opt_offset[j - 1] + b->opt[p]].mode;
              double step = b->d[q] + iface_delta (b, j - 1, mp, m);

              for (guint c = 0; c < 4; c++)
                {
                  guint c2 = MIN (3, c + changed);

                  to[c2] = MIN (to[c2], from[c] + step);
                }
            }
        }
      if (t + 1 < len)
        {
          double *swap = prev;

          prev = cur;
          cur = swap;
        }
    }
  for (guint q = b->start[len - 1]; q < b->start[len]; q++)
    {
      guint j = b->b1;
      int m = plan->packed[plan->opt_offset[j] + b->opt[q]].mode;
      double edge = j + 1 < n ? iface_delta (b, j, m, choice_mode (plan, b->ctx, j + 1)) : 0;

      least = MIN (least, cur[4 * (gsize) (q - b->start[len - 1]) + 3] + edge);
    }
  return least;
}

static double
block_bound (Block  *b,
             double  u,
             double  w)
{
  block_bounds (b, u, w);
  return block_least (b);
}

typedef struct
{
  double u, w, bound;
} Open;

/* A volume in (@a, @b) where a strategy changing three of the block's
 * layers or more beats the context by more than @margin, or 0: the
 * branch and bound above, the part of least bound first. */
static double
block_probe (Block  *b,
             double  a,
             double  bb,
             double  margin)
{
  Open open[RUN_OPEN];
  guint n_open;

  open[0] = (Open) { a, bb, block_bound (b, a, bb) };
  n_open = open[0].bound <= -margin;
  for (guint budget = 0; n_open > 0 && budget < RUN_BUDGET; budget++)
    {
      guint best = 0;
      Open part;
      double mid;

      for (guint e = 1; e < n_open; e++)
        if (open[e].bound < open[best].bound)
          best = e;
      part = open[best];
      open[best] = open[--n_open];
      mid = sqrt (part.u * part.w);
      if (!(mid > part.u && mid < part.w))
        continue;
      if (block_bound (b, mid, mid) < -margin)
        return mid;
      if (part.w / part.u - 1 <= STRATA_VOLUME_PRECISION)
        continue;
      for (int h = 0; h < 2 && n_open < RUN_OPEN; h++)
        {
          Open child = { h ? mid : part.u, h ? part.w : mid, 0 };

          child.bound = block_bound (b, child.u, child.w);
          if (child.bound <= -margin)
            open[n_open++] = child;
        }
    }
  return 0;
}

/* The block's candidates over a part: each layer's in the window, and
 * its context's option (an optimum's, in the window but for a part
 * whose context no grid point holds). */
static void
block_candidates (Block *b)
{
  guint n_cand = 0;

  for (guint j = b->b0; j <= b->b1; j++)
    {
      guint q0, q1;
      gboolean has_x = FALSE;

      b->start[j - b->b0] = n_cand;
      plan_options (b->plan, j, &q0, &q1);
      for (guint q = q0; q < q1; q++)
        {
          b->opt[n_cand] = plan_option_at (b->plan, q);
          has_x |= b->opt[n_cand++] == b->ctx[j];
        }
      if (!has_x)
        b->opt[n_cand++] = b->ctx[j];
    }
  b->start[b->b1 - b->b0 + 1] = n_cand;
}

/* Probes of the block of layers @b0 to @b1 over the round's interval,
 * over each part between the flips it reads (its layers' and its two
 * neighbours'), as pair_probes_of () does. */
static guint
block_probes (Round  *rd,
              guint   b0,
              guint   b1,
              double *probes,
              guint   max_probes)
{
  const Plan *plan = rd->plan;
  guint len = b1 - b0 + 1, n_cand = 0, n_probes = 0;
  Block b = { plan, rd->ctx, b0, b1, NULL, NULL, NULL, NULL };
  gboolean own_start = FALSE;
  double at = rd->lo;

  /* Room for each layer's candidates and its context's option. */
  for (guint t = 0; t < len; t++)
    {
      guint q0, q1;

      plan_options (plan, b0 + t, &q0, &q1);
      n_cand += q1 - q0 + 1;
    }
  b.start = g_new (guint, len + 1);
  b.opt = g_new (guint, n_cand);
  b.d = g_new (double, n_cand);
  b.dp = g_new (double, 8 * (gsize) n_cand);

  for (guint c = 0; c <= rd->n_cuts && n_probes < max_probes; c++)
    {
      guint l = c < rd->n_cuts ? rd->cuts[c].layer : 0;
      double to, a, bb, v;
      gboolean own_end;

      if (c < rd->n_cuts && (l + 1 < b0 || l > b1 + 1))
        continue;
      to = c < rd->n_cuts ? rd->cuts[c].volume : rd->hi;
      own_end = c < rd->n_cuts && l >= b0 && l <= b1;
      /* Next to a flip of its own layers, D is 0 at the flip. */
      a = own_start ? at * (1 + OWN_GAP) : at;
      bb = own_end ? to * (1 - OWN_GAP) : to;
      if (bb > a)
        {
          block_candidates (&b);
          if ((v = block_probe (&b, a, bb, rd->margin)) > 0)
            probes[n_probes++] = v;
        }
      if (c < rd->n_cuts)
        {
          rd->ctx[l] = rd->cuts[c].to_option;
          at = to;
        }
      own_start = own_end;
    }
  for (guint c = rd->n_cuts; c-- > 0;)
    if (rd->cuts[c].layer + 1 >= b0 && rd->cuts[c].layer <= b1 + 1)
      rd->ctx[rd->cuts[c].layer] = rd->cuts[c].from_option;
  g_free (b.start);
  g_free (b.opt);
  g_free (b.d);
  g_free (b.dp);
  return n_probes;
}

/* A single swap's least bound (-infinity: not worked out) as a finite
 * number the sums below can take. */
static inline double
single_least (const Round *rd,
              guint        j)
{
  return isnan (rd->single_least[j]) ? -1e300 : CLAMP (rd->single_least[j], -1e300, 1e300);
}

/* From rd->below (excursion_probes (): the least run ending at each
 * layer from below, NAN for a layer no run holds), from above: a layer is
 * in a block when the least run through it is below -margin; blocks of
 * three layers or more are searched. */
guint
_strata_ladder_run_probes (Round  *rd,
                           double *probes,
                           guint   max_probes)
{
  const Plan *plan = rd->plan;
  const double *below = rd->below;
  guint n = plan->n_layers, n_probes = 0, top = G_MAXUINT;
  double above = 0;

  for (guint j = n; j-- > 0;)
    {
      gboolean mark = FALSE;

      if (!isnan (below[j]))
        {
          double s = single_least (rd, j);

          above = s + (j + 1 < n && !isnan (below[j + 1])
                         ? MIN (0, above - fabs (plan->iface[j])) : 0);
          mark = below[j] + above - s <= -rd->margin;
        }
      if (mark && top == G_MAXUINT)
        top = j;
      if (top != G_MAXUINT && (!mark || j == 0))
        {
          guint b0 = mark ? j : j + 1;

          if (top >= b0 + 2 && n_probes < max_probes)
            n_probes += block_probes (rd, b0, top, probes + n_probes, max_probes - n_probes);
          top = G_MAXUINT;
        }
    }
  return n_probes;
}

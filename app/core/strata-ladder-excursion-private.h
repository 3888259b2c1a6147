/* strata-ladder-excursion-private.h: what the band search
 * (strata-ladder-excursion.c) shares with its searches of pairs, runs
 * and triples (strata-ladder-excursion-pair.c, -run.c, -triple.c)
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <math.h>

#include "strata-ladder-private.h"
#include "strata-model-private.h"

G_BEGIN_DECLS

/* How near a layer's own flip (relative in V) a band of it is looked for. */
#define OWN_GAP      1e-4

/* Layer @j's mode in @x (from the ladder's packed options). */
static inline int
choice_mode (const Plan  *plan,
             const guint *x,
             guint        j)
{
  return plan->packed[plan->opt_offset[j] + x[j]].mode;
}

/* Whether the tie rule (MODEL.md 5: fewer integrated layers, then
 * earlier options in dataset order) gives the tie to @x with layer @i at
 * option @k over @x itself (running @xi there). */
static inline gboolean
tie_favours (const Plan *plan,
             guint       i,
             guint       k,
             guint       xi)
{
  int mk = plan->packed[plan->opt_offset[i] + k].mode;
  int mx = plan->packed[plan->opt_offset[i] + xi].mode;

  return mk != mx ? mk == STRATA_MODE_NEUTRAL : k < xi;
}

/* A strategy: @x with layer @i running @oi and layer @j running @oj (@j
 * G_MAXUINT: one layer changed). */
typedef struct
{
  const guint *x;
  guint        i, oi, j, oj;
} Choice;

static inline guint
choice_at (const Choice *c,
           guint         t)
{
  return t == c->i ? c->oi : t == c->j ? c->oj : c->x[t];
}

static inline int
choice_mode_at (const Plan   *plan,
                const Choice *c,
                guint         t)
{
  return plan->packed[plan->opt_offset[t] + choice_at (c, t)].mode;
}

/* The links from up to three layers (none from one no link touches),
 * merged in dataset order: the order of the sums they feed. */
typedef struct
{
  const Plan *plan;
  guint       q[3], q1[3];
} LayerLinks;

static inline void
layer_links_init (LayerLinks  *it,
                  const Plan  *plan,
                  const guint *layers,
                  guint        n)
{
  it->plan = plan;
  for (guint s = 0; s < 3; s++)
    {
      int p = s < n ? plan->linked_pos[layers[s]] : -1;

      it->q[s] = it->q1[s] = 0;
      if (p >= 0)
        it->q[s] = plan->out_start[p], it->q1[s] = plan->out_start[p + 1];
    }
}

/* The next link, with *@from the place in the layers of the one it
 * starts at; G_MAXUINT after the last. */
static inline guint
layer_links_next (LayerLinks *it,
                  guint      *from)
{
  const guint *out = it->plan->out_list;
  guint l = G_MAXUINT;

  for (guint s = 0; s < 3; s++)
    if (it->q[s] < it->q1[s] && out[it->q[s]] < l)
      l = out[it->q[s]], *from = s;
  if (l != G_MAXUINT)
    it->q[*from]++;
  return l;
}

/* Which linked layers run integrated in @c, for the co-design factors
 * of a side (choice_factor ()): bit p for plan->linked[p], each looked
 * up once, where links are dense (twice as many as linked layers: a side
 * reads the factors of many layers, each of many links); else
 * CHOICE_MODES_EACH, each factor looking its links' layers up itself. */
#define CHOICE_MODES_EACH G_MAXUINT32

static inline guint32
choice_linked_modes (const Plan   *plan,
                     const Choice *c)
{
  guint32 modes = 0;

  G_STATIC_ASSERT (STRATA_MAX_LINKED_LAYERS < 32);
  if (plan->n_links < 2 * plan->n_linked)
    return CHOICE_MODES_EACH;
  for (guint p = 0; p < plan->n_linked; p++)
    if (choice_mode_at (plan, c, plan->linked[p]) == STRATA_MODE_INTEGRATED)
      modes |= 1u << p;
  return modes;
}

/* Layer @t's co-design factor in @c (MODEL.md 3), @modes its linked
 * layers' modes (choice_linked_modes ()): from the links into it alone
 * (plan->in_list, in dataset order: the same product of the same doubles
 * as over every link, which a stack of dense links made most of the band
 * search's time). */
static inline double
choice_factor (const Plan   *plan,
               const Choice *c,
               guint32       modes,
               guint         t)
{
  int p = plan->linked_pos[t];
  double f = 1.0;

  if (p < 0)
    return f;
  if (modes != CHOICE_MODES_EACH)
    {
      for (guint q = plan->in_start[p]; q < plan->in_start[p + 1]; q++)
        if ((modes >> plan->in_from[q]) & 1u)
          f *= plan->in_mult[q];
      return f;
    }
  for (guint q = plan->in_start[p]; q < plan->in_start[p + 1]; q++)
    if (choice_mode_at (plan, c, plan->linked[plan->in_from[q]]) == STRATA_MODE_INTEGRATED)
      f *= plan->in_mult[q];
  return f;
}

/* A side's value at a volume and its slope in t = ln V there (a
 * subgradient: a line through it lies below the side); convex FALSE when
 * a variable cost is at its cap there (flat, then falling: not convex;
 * a learning curve falls, so below its cap at a volume it is below it
 * at every larger one). */
typedef struct
{
  double   value, slope;
  gboolean convex;
  double   fixed;  /* its fixed costs F: F / V of the value */
  double   var;    /* its variable costs: the value's part that falls
                    * with the volume but F / V */
} Side;

/* Option @o of layer @t's variable cost at @v times @f, into @side
 * (read from the ladder's packed options: the same doubles as the
 * dataset's, plan_curve () and plan_base_from_curve ()). */
static inline void
side_add_variable (const Plan   *plan,
                   Side         *side,
                   guint         t,
                   guint         o,
                   double        v,
                   double        f,
                   const double *known)
{
  const PlanOption *opt = &plan->packed[plan->opt_offset[t] + o];
  double curve = known != NULL ? *known : plan_memo_curve (plan, opt, plan->opt_offset[t] + o, v);
  double base = packed_base (opt, curve);

  side->value += base * f;
  side->var += base * f;
  if (!isnan (curve) && curve > opt->floor)
    {
      if (curve >= opt->cap)
        side->convex = FALSE;
      else
        side->slope += opt->exponent * base * f;
    }
}


/* The swap a branch and bound tries: layer @layer[0] (and @layer[1]
 * when @n is 2, and @layer[2] when 3) from its option in the context to
 * @to; @curve_hi (nullable, one layer only): the learning curve of
 * @to[0] at the interval's hi, known. */
typedef struct
{
  guint         n;
  guint         layer[3];
  guint         to[3];
  const double *curve_hi;
  gboolean      favoured;  /* a tie goes to the swap (MODEL.md 5) */
  const guint  *y;         /* three layers: the context with the swap made */
} Swap;


/* Whether a flip of layer @j changes what layer @i's side reads. */
static inline gboolean
reads_layer (const Plan *plan,
             guint       i,
             guint       j)
{
  return j + 1 >= i && j <= i + 1 ? TRUE
                                   : plan->linked_pos[i] >= 0 && plan->linked_pos[j] >= 0;
}


/* What the probes of one round over an interval share. */
typedef struct
{
  const Plan       *plan;
  double            lo, hi, margin;
  guint            *ctx;          /* the strategy at lo: follows the cuts, put back after */
  const StrataFlip *cuts;         /* the flips located in the interval, ascending */
  guint             n_cuts;
  guint8           *cut;          /* per layer: it flips here */
  gboolean          linked_cut;   /* a linked layer flips here */
  /* Per layer, the least cheap bound of its single swaps over the
   * interval (a least D of each; -INFINITY: not worked out), and per
   * candidate (by plan_slot ()), of its swaps in every part. */
  double           *single_least;
  double           *cand_least;
  double           *wmax;         /* _strata_ladder_layer_wmax ()'s, per layer */
  guint            *linked;       /* scratch: the linked layers */
  double           *below;        /* scratch, per layer (_strata_ladder_run_probes ()) */
  guint             n_linked;     /* (set with linked by _strata_ladder_pair_probes ()) */
  double           *gains;        /* per two linked layers by position, the lower first:
                                   * _strata_ladder_pair_gain_bound () (NAN: not worked out) */
} Round;

/* The part of the objective's cost at @v that depends on the options of
 * layers c->i and c->j (strata-ladder-excursion-pair.c). */
Side   _strata_ladder_pair_side   (const Plan   *plan,
                                   const Choice *c,
                                   double        v);
void   _strata_ladder_pair_targets (const Plan  *plan,
                                    guint      **tstart_out,
                                    guint8     **targets_out);
double _strata_ladder_swap_probe  (const Plan   *plan,
                                   const guint  *ctx,
                                   const Swap   *sw,
                                   const Side   *x_lo,
                                   Side         *x_hi,
                                   double        lo,
                                   double        hi,
                                   double        margin,
                                   double       *cheap,
                                   Side         *k_hi_out);
guint  _strata_ladder_pair_probes (Round        *rd,
                                   double       *probes,
                                   guint         max_probes);
guint  _strata_ladder_run_probes  (Round        *rd,
                                   double       *probes,
                                   guint         max_probes);
/* (strata-ladder-excursion-pair.c, for strata-ladder-excursion-triple.c) */
double _strata_ladder_pair_gain_bound (const Plan *plan,
                                       guint       i,
                                       guint       j,
                                       double      lo,
                                       double     *wmax);
double _strata_ladder_layer_wmax  (const Plan   *plan,
                                   guint         t,
                                   double        lo,
                                   double       *wmax);
/* (strata-ladder-excursion-triple.c) */
Side   _strata_ladder_triple_side (const Plan   *plan,
                                   const guint  *y,
                                   const guint  *layers,
                                   double        v);
guint  _strata_ladder_triple_probes (Round      *rd,
                                     double     *probes,
                                     guint       max_probes);

G_END_DECLS

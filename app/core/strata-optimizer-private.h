/* strata-optimizer-private.h
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "strata-model-private.h"

G_BEGIN_DECLS

/*
 * The optimizer's state, shared by its search (strata-optimizer.c) and its
 * construction (strata-optimizer-plan.c).
 */

/* A partial strategy's effective cost, the magnitude of the terms it
 * sums (|variable| + |fixed/V| + |ecosystem value| of each option, plus
 * the interface costs) and its number of integrated layers, ordered as
 * section 5 orders strategies (the option indices are compared only when
 * both are tied).  Two costs tie when they differ by no more than
 * STRATA_TIE_TOLERANCE times the larger magnitude of the two: relative to
 * the two costs compared, never to other numbers of the dataset. */
typedef struct
{
  double cost;
  double mag;
  int    n_integrated;
} Key;

static const Key key_zero = { 0.0, 0.0, 0 };
static const Key key_inf = { INFINITY, 0.0, 0 };

static inline Key
key_add (Key a,
         Key b)
{
  Key r = { a.cost + b.cost, a.mag + b.mag, a.n_integrated + b.n_integrated };
  return r;
}

static inline double
key_tolerance (Key a,
               Key b)
{
  return STRATA_TIE_TOLERANCE * MAX (a.mag, b.mag);
}

static inline gboolean
key_tied (Key a,
          Key b)
{
  return fabs (a.cost - b.cost) <= key_tolerance (a, b) && a.n_integrated == b.n_integrated;
}

/* TRUE when @a is strictly preferable to @b. */
static inline gboolean
key_better (Key a,
            Key b)
{
  double eps = key_tolerance (a, b);

  if (a.cost < b.cost - eps)
    return TRUE;
  if (fabs (a.cost - b.cost) <= eps)
    return a.n_integrated < b.n_integrated;
  return FALSE;
}

static inline Key
key_min (Key a,
         Key b)
{
  return key_better (b, a) ? b : a;
}

typedef struct
{
  guint  from_pos;   /* positions in the linked-layer list */
  guint  to_pos;
  double multiplier; /* 1 - saving */
} PlanLink;

typedef struct _PlanWindow PlanWindow;
typedef struct _PlanOption PlanOption;

/* One window of a stack of nested windows: its candidates (a CSR list). */
typedef struct
{
  double  lo, hi;
  guint  *start;           /* n_layers + 1 */
  guint  *list;            /* n_options */
  /* Per candidate (as list): its learning curve at lo and hi
   * (plan_curve (), NAN without one), and at mid, the end its children
   * share (NAN: not worked out). */
  double *curve_lo, *curve_hi, *curve_mid;
  double  mid;
  /* What the list holds room for: the candidates of the level narrowed
   * from (level 0: every option), so that a level's arrays are as long as
   * what can be in them. */
  guint   cap;
} PlanLevel;

#define PLAN_WINDOW_LEVELS 64

/* Candidate options of a layer: cand[cand_start[i]] .. cand[cand_start[i + 1] - 1],
 * option indices within the layer, ascending. */
struct _PlanWindow
{
  double  lo, hi;          /* the current window */
  guint  *cand_start;      /* n_layers + 1: the current level's lists */
  guint  *cand;            /* n_options */
  double  base_lo, base_hi;/* the base window, and its candidates */
  guint  *base_start;      /* n_layers + 1 */
  guint  *base;            /* n_options */
  /* Scratch of a narrowing, by position in the list narrowed from (its
   * first positions only: a window touches the pages of what it narrows,
   * not of every option): the least cost in the window. */
  double *pos_lo;          /* n_options */
  double *dearest;         /* 2 * n_layers: per layer and mode, the least largest cost */
  /* n_options (by opt_offset): what a narrowing reads of each option,
   * packed, for the plan the window serves, unless the plan has its own
   * (window_ensure (), plan_packed ()). */
  PlanOption *opts;
  double *curve_lo, *curve_hi; /* the current level's (PlanLevel) */
  /* Nested windows (_strata_plan_window_push ()): level 0 is the window
   * of _strata_plan_window (), each further level narrows the one below. */
  PlanLevel levels[PLAN_WINDOW_LEVELS];
  guint   depth;           /* the current level */
  guint   n_layers, n_options, widest; /* the shape of the dataset it was made for */
};

/* Everything the optimizer needs for one dataset, volume-independent parts
 * first.  One allocation holds all arrays. */
struct _StrataPlan
{
  const StrataDataset *dataset;
  StrataObjective objective;
  guint     n_layers;
  guint     n_options;      /* over all layers */

  guint    *opt_offset;     /* n_layers + 1 */
  guint8   *modes_present;  /* n_layers: bit 0 neutral, bit 1 integrated */
  guint     longest;        /* the most options of a layer */
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
  guint8   *in_from;        /* n_links: by in_list, the link's from_pos */
  double   *in_mult;        /* n_links: and its multiplier */
  /* NULL, or (the ladder's, on stacks of dense links: _strata_ladder_pair_targets ())
   * per pair of linked layers (pi * n_linked + pj), the linked layers
   * their links reach but themselves, each once, in the order of the
   * first link from either into it: pair_targets[pair_tstart[e]] ..
   * [pair_tstart[e + 1] - 1] */
  const guint   *pair_tstart;
  const guint8  *pair_targets;

  /* per volume */
  double    volume;
  double    eps;            /* a bound of every strategy's tie tolerance */
  double   *base;           /* n_options, by plan_slot (): variable after floor */
  double   *rest;           /* n_options: fixed/V, less ecosystem value
                             * under the effective objective */
  double   *rest_mag;       /* n_options: |fixed/V| + |ecosystem value| */
  guint8   *mode;           /* n_options: the option's mode (a byte here, where
                             * the reconstruction reads it, rather than a
                             * line of a StrataOption of hundreds of bytes) */
  double   *largest;        /* n_layers: each layer's part of the tie tolerance's scale */
  double   *eco_largest;    /* n_layers: the largest ecosystem value counted of an option
                             * the search may choose (0 under the cash objective) */
  double    eco_total;      /* their sum: no strategy's magnitude exceeds its cost plus
                             * twice this (every term but the ecosystem value adds) */
  double   *best;           /* 2 * n_layers: best cost per mode, no co-design */
  double   *best_mag;       /* 2 * n_layers: the magnitude of that best */
  Key      *seg;            /* 4 * (n_linked + 1) */
  double   *lb_mode;        /* 2 * n_linked: cost lower bound per mode */
  double   *rem_lb;         /* n_linked + 1: bound of the layers from j on */
  double   *lb_base;        /* n_linked: the least variable base of an integrated
                             * option the search may choose (at least 0) */
  double   *lost_by;        /* n_linked: scratch of undecided_more () */
  double   *dfs_neu;        /* n_linked: scratch of undecided_more (), each */
  double   *dfs_int;        /* layer's neutral and integrated bounds */
  /* The links for the search (_strata_plan_fill_search_links ()): by
   * source (CSR out_start, dataset order), and by target (CSR in_start)
   * with their sources from the last down. */
  guint    *out_start;      /* n_linked + 1 */
  guint    *out_list;       /* n_links: link indices */
  guint    *out_to;         /* n_links: each one's target */
  double   *out_mult;       /* n_links: each one's multiplier */
  guint    *din_list;       /* n_links: link indices */
  guint    *din_from;       /* n_links: each one's source */
  double   *din_gain;       /* n_links: 1 / multiplier - 1 */
  /* By pair (s, t) of linked layers, at s * n_linked + t: the first link
   * from s into t (G_MAXUINT: none), and the product of the multipliers
   * of every link from s into t, in dataset order (1: none). */
  guint    *first_link;
  double   *pair_mult;
  /* The search's state by depth d (row d: the layers below d decided):
   * each linked layer's factor with every link into it active but those
   * from layers decided neutral, and how many of those there are. */
  double   *dfs_f;          /* n_linked * (n_linked + 1) */
  guint    *dfs_lost;       /* n_linked * (n_linked + 1) */
  /* What plan_bounds () reads that no volume changes (worked out at its
   * first call, and again after _strata_plan_reread ()): each linked
   * layer's least co-design factor (every link into it active), and the
   * keys of the segments that hold no layer (seg, their interfaces). */
  double   *least_f;        /* n_linked */
  gboolean  fixed_ready;

  /* scratch */
  StrataMode *pat_mode;     /* n_linked */
  StrataMode *dfs_mode;     /* n_linked */
  double   *pat_factor;     /* n_linked */
  guint32   pat_applied;    /* the pattern they hold, when pat_ready (they depend
                             * on no volume: _strata_plan_reread () clears it) */
  gboolean  pat_ready;
  double   *factor;         /* n_layers */
  Key      *suffix;         /* 2 * n_layers */
  double   *layer_least;    /* 2 * n_layers: plan_reconstruct ()'s least option cost per mode */
  double   *layer_mag;      /* n_layers: and the largest option magnitude */
  guint    *tmp_choices;    /* n_layers */

  /* A volume window (strata-optimizer-window.c): the options that can
   * take part in an optimum somewhere in it.  NULL: every option. */
  PlanWindow *window;

  /* NULL, or each option's learning exponent (n_options, by opt_offset),
   * set by the ladder: the same doubles as option_learning_exponent (),
   * without a log2 () per cost (kept out of the plan's allocation, whose
   * pages a single cold optimum would touch for nothing). */
  const double *exponent;

  /* NULL, or what the ladder's bounds read of each option, packed
   * (n_options, by opt_offset; _strata_plan_pack ()), set by the ladder
   * and used by its windows too (plan_packed ()). */
  const PlanOption *packed;

  /* NULL, or the ladder's memo of each option's learning curve at the
   * last two volumes asked (4 n_options, by opt_offset: volume, curve,
   * volume, curve; plan_memo_curve ()), one per worker. */
  double   *curve_memo;
  double    memo_lo, memo_hi; /* the volumes it keeps: the grid interval's ends */

  /* NULL, or what the reconstruction keeps of each layer no link touches
   * between solves at one volume (_strata_plan_keep_layers ()). */
  struct _PlanKept *kept;

  gboolean  on_heap;
  gsize     block_size;     /* the one allocation's size (on_heap) */
};

/* What a window's narrowing, and the optimizer in a window, read of an
 * option, packed together (issue 15: read from the dataset's options,
 * several lines of the cache apart each, they took a quarter of a
 * ladder's time on 512 x 64): the same doubles as the dataset's, and as
 * plan_curve () and plan_base_from_curve () work out from them. */
struct _PlanOption
{
  double fixed;      /* fixed_cost */
  double eco;        /* the ecosystem value the plan's objective counts */
  double floor;      /* floor_cost */
  double cap;        /* MAX (STRATA_MAX_VARIABLE_COST, unit_cost) */
  double unit;       /* unit_cost, with a learning curve */
  double ref;        /* reference_volume, with a learning curve */
  double exponent;   /* the learning exponent, with a learning curve */
  double base;       /* the variable base without a learning curve (it
                      * does not depend on volume), else NAN */
  int    mode;       /* StrataMode */
};

/* plan_curve () of @o at @volume. */
static inline double
packed_curve (const PlanOption *o,
              double            volume)
{
  return isnan (o->base) ? o->unit * pow (volume / o->ref, o->exponent) : NAN;
}

/* packed_curve () of option @idx (by opt_offset) at @volume, through the
 * plan's memo when it has one: a grid point's curves are asked by the
 * carry, the rows, the windows and the band search in turn (46 % of the
 * pow ()s of a ladder on 8 x 3 repeated one before).  The same double:
 * one pow () of the same arguments. */
static inline double
plan_memo_curve (const Plan       *plan,
                 const PlanOption *o,
                 guint             idx,
                 double            volume)
{
  double *m, c;

  if (!isnan (o->base))
    return NAN;
  if (plan->curve_memo == NULL)
    return o->unit * pow (volume / o->ref, o->exponent);
  m = plan->curve_memo + 4 * (gsize) idx;
  if (m[0] == volume)
    return m[1];
  if (m[2] == volume)
    return m[3];
  c = o->unit * pow (volume / o->ref, o->exponent);
  if (volume != plan->memo_lo && volume != plan->memo_hi)
    return c;
  m[2] = m[0];
  m[3] = m[1];
  m[0] = volume;
  m[1] = c;
  return c;
}

/* plan_base_from_curve () of @o from its curve @curve. */
static inline double
packed_base (const PlanOption *o,
             double            curve)
{
  if (!isnan (o->base))
    return o->base;
  return MAX (o->floor, MIN (curve, o->cap));
}

/* The plan's packed options (n_options, by opt_offset): its own, or its
 * window's, or NULL. */
static inline const PlanOption *
plan_packed (const Plan *plan)
{
  return plan->packed != NULL ? plan->packed
                              : plan->window != NULL ? plan->window->opts : NULL;
}

void      _strata_plan_pack            (const Plan          *plan,
                                        PlanOption          *out);

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

/* The options of layer @i the optimizer looks at: positions
 * [*begin, *end) for plan_option_at (). */
static inline void
plan_options (const Plan *plan,
              guint       i,
              guint      *begin,
              guint      *end)
{
  if (plan->window != NULL)
    {
      *begin = plan->window->cand_start[i];
      *end = plan->window->cand_start[i + 1];
    }
  else
    {
      *begin = 0;
      *end = plan->dataset->layers[i].n_options;
    }
}

static inline guint
plan_option_at (const Plan *plan,
                guint       q)
{
  return plan->window != NULL ? plan->window->cand[q] : q;
}

/* Where the search keeps what it works out for the option at @q of layer
 * @i (plan->base, rest, rest_mag): at its position in the window, so that
 * a solve in a narrow window touches a few pages, not one per few layers
 * of the whole dataset; without a window by option (plan->opt_offset). */
static inline guint
plan_slot (const Plan *plan,
           guint       i,
           guint       q)
{
  return plan->window != NULL ? q : plan->opt_offset[i] + q;
}

/* The least co-design factor of layer @i: every link into it active. */
static inline double
plan_least_factor (const Plan *plan,
                   guint       i)
{
  int j = plan->linked_pos[i];
  double f = 1.0;

  if (j < 0)
    return 1.0;
  for (guint q = plan->in_start[j]; q < plan->in_start[j + 1]; q++)
    f *= plan->links[plan->in_list[q]].multiplier;
  return f;
}

/* option_variable_base () of option @k of layer @i. */
static inline double
plan_variable_base (const Plan *plan,
                    guint       i,
                    guint       k,
                    double      volume)
{
  const StrataOption *option = &plan->dataset->layers[i].options[k];

  if (plan->exponent != NULL && option->mode == STRATA_MODE_INTEGRATED)
    return option_integrated_base_with (option, volume, plan->exponent[plan->opt_offset[i] + k]);
  return option_variable_base (option, volume);
}

/* The learning exponent of integrated option @k of layer @i: the plan's
 * (worked out once) when it has them, the same double. */
static inline double
plan_exponent (const Plan *plan,
               guint       i,
               guint       k)
{
  return plan->exponent != NULL ? plan->exponent[plan->opt_offset[i] + k]
                                : option_learning_exponent (&plan->dataset->layers[i].options[k]);
}

/* The learning curve of option @k of layer @i at @volume before its cap
 * and floor, the pow () of plan_variable_base () (the same double), or
 * NAN when it has none. */
static inline double
plan_curve (const Plan *plan,
            guint       i,
            guint       k,
            double      volume)
{
  const StrataOption *option = &plan->dataset->layers[i].options[k];

  if (option->mode != STRATA_MODE_INTEGRATED || option->learning_rate.value == 0.0 ||
      option->unit_cost.value == 0.0)
    return NAN;
  return option->unit_cost.value * pow (volume / option->reference_volume.value,
                                       plan_exponent (plan, i, k));
}

/* plan_variable_base () from plan_curve () at @volume: the same double,
 * without a pow () when @curve is known. */
static inline double
plan_base_from_curve (const Plan *plan,
                      guint       i,
                      guint       k,
                      double      volume,
                      double      curve)
{
  const StrataOption *option = &plan->dataset->layers[i].options[k];

  if (isnan (curve))
    return plan_variable_base (plan, i, k, volume);
  return MAX (option->floor_cost.value,
              MIN (curve, MAX (STRATA_MAX_VARIABLE_COST, option->unit_cost.value)));
}

void      _strata_plan_optimize_bases  (Plan                *plan,
                                        double               volume,
                                        guint               *choices_out,
                                        guint               *known_out,
                                        double              *bases_out);

void      _strata_plan_optimize_below  (Plan                *plan,
                                        double               volume,
                                        guint               *choices_out,
                                        guint                layer);

Plan     *_strata_plan_new_in          (const StrataDataset *dataset,
                                        StrataObjective      objective,
                                        PlanBuffer          *buffer);

void      _strata_plan_window_free     (PlanWindow          *window);

/* How many plans' blocks and windows are kept for the next plans: one
 * for each of a ladder's threads (strata-optimizer-plan.c). */
#define PLAN_KEEP 8

/* Tests: how many plan blocks of at least 64 KB and how many windows were
 * allocated rather than taken from the kept ones, and TRUE to keep none. */
extern gint _strata_plan_blocks_made;
extern gint _strata_plan_windows_made;
extern gboolean _strata_plan_keep_disabled;

/* The interface between layer @i and the one above with them in modes
 * @m_low and @m_high: its cost, and as a key. */
static inline double
iface_cost (const Plan *plan,
            guint       i,
            int         m_low,
            int         m_high)
{
  return interface_paid (m_low, m_high) ? plan->iface[i] : 0.0;
}

static inline Key
iface_key (const Plan *plan,
           guint       i,
           int         m_low,
           int         m_high)
{
  double c = iface_cost (plan, i, m_low, m_high);

  return (Key) { c, fabs (c), 0 };
}

/* Fills the search's copies of the links' numbers from plan->links
 * (strata-optimizer-plan.c: when the plan is made and when it rereads
 * the dataset's numbers). */
void _strata_plan_fill_search_links (Plan *plan);

/* Sets pat_mode and pat_factor of the linked layers for @pattern
 * (strata-optimizer.c). */
void _strata_plan_apply_pattern (Plan    *plan,
                                 guint32  pattern);

/* What the reconstruction keeps of the layers no link touches
 * (strata-optimizer-reconstruct.c): _strata_plan_kept_forget () forgets
 * layer @layer's (-1: every layer's), after its numbers changed. */
void _strata_plan_kept_forget   (Plan    *plan,
                                 int      layer);
void _strata_plan_kept_free     (Plan    *plan);

/* The choices of the best strategy within @pattern, into @choices, layers
 * 0 .. @n_walk - 1 (strata-optimizer-reconstruct.c). */
void _strata_plan_reconstruct   (Plan    *plan,
                                 guint32  pattern,
                                 guint   *choices,
                                 guint    n_walk);

G_END_DECLS

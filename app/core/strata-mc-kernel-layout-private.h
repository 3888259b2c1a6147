/* strata-mc-kernel-layout-private.h: what the Monte Carlo kernel holds
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <math.h>

#include "strata-mc-kernel-private.h"
#include "strata-model-private.h"

G_BEGIN_DECLS

/*
 * The kernel's fields, shared by its construction
 * (strata-mc-kernel-build.c: the options, links, strategies and the
 * optimum's patterns, once per run) and its evaluation
 * (strata-mc-kernel.c: each draw at each volume).
 */

/* The optimizer's tie tolerance (strata-model.c): costs closer than this
 * share of the sum of the magnitudes of the layers' terms are tied. */
#define TIE_TOLERANCE 1e-12

#define POWER_ANCHOR 32

/* The patterns nearest the optimum's whose lead is followed exactly from
 * volume to volume (strata-mc-kernel.c, carry_holds ()). */
#define STRATA_KERNEL_RIVALS 3

/* The fallback optimum's windows (strata-mc-kernel-fallback.c): cells of
 * a lattice over the range, in groups of KERNEL_GROUP cells. */
#define KERNEL_CELLS 16
#define KERNEL_GROUP 4

struct _StrataKernel
{
  const StrataDataset *dataset;
  gboolean  count_eco;
  guint     n_layers;
  guint     n_options;
  guint     n_links;

  guint    *opt_offset;    /* n_layers + 1 */
  guint8   *opt_integ;     /* n_options */
  double   *iface;         /* n_layers: interface to the layer above, 0 for the top */
  guint    *link_from;     /* n_links */
  guint    *link_to;

  guint     n_strategies;
  gboolean *strat_optimal; /* n_strategies */
  guint8   *strat_pair;    /* n_strategies: with the next one in eval_sel2 () (every one costed) */
  guint    *strat_opt;     /* n_strategies * n_layers: global option index */
  double   *strat_iface;   /* n_strategies * n_layers */
  gboolean  any_optimal;

  /* The optimum: modes of the layers with both modes (free) enumerated. */
  gboolean  fallback;      /* too many free layers: strata_optimize () */
  gboolean  lazy;          /* fallback: the options not used are prepared
                            * when the optimum takes them */
  guint8   *forced;        /* n_layers: mode of a layer with one mode, 2 when free */
  guint     n_act;         /* layers whose mode or co-design factor varies */
  guint    *act;           /* n_act layer indices */
  guint8   *is_act;        /* n_layers */
  guint     n_patterns;
  guint8   *pat_mode;      /* n_patterns * n_layers */
  double   *pat_iface;     /* n_patterns: interfaces of the pattern */
  int      *pat_nint;      /* n_patterns: integrated layers */
  guint     n_free;
  guint    *free_layer;    /* n_free: the layer of each bit of a pattern */
  guint     n_targets;     /* link targets that can run integrated */
  guint    *target;        /* n_targets layer indices */
  guint    *target_single; /* n_targets: its only integrated option, or G_MAXUINT */
  gboolean  all_single;    /* every target has a single integrated option */
  double   *pat_bits;      /* n_free * n_patterns: bit f of p, as 0 or 1 */
  gboolean *pat_fixed;     /* n_patterns: one option of its mode in every layer */
  double    iface_max;     /* the largest |pat_iface| */

  /* costs only (_strata_kernel_costs_only ()): the options the
   * strategies run, never the optimum */
  gboolean  costs_only;
  guint     n_used;
  guint    *used;          /* n_used global option indices, ascending: the
                            * fixed strategies' (costs only, or fallback:
                            * all a volume prepares besides the
                            * optimum's) */
  guint8   *is_used;       /* n_options (fallback): in used */
  /* per layer and mode: its only option of that mode (layer-local
   * index), or -1 when it has none or several */
  int      *single;        /* 2 * n_layers */
  /* per layer of two options, one of each mode: its neutral option
   * (global index; the integrated one is the other), else G_MAXUINT */
  guint    *pair_n;        /* n_layers */

  /* the log-spaced grid of _strata_kernel_at_point () */
  const double *grid;
  guint     n_grid;
  double    grid_ratio;    /* grid[i + 1] / grid[i] */
};

struct _StrataKernelState
{
  const StrataKernel *kernel;

  /* per draw, per option */
  double   *price;         /* neutral: the price; integrated: unit_cost */
  double   *expo;          /* integrated: log2 (1 - learning_rate) */
  double   *ref;
  double   *floor_cost;
  double   *fixed;
  double   *eco;           /* 0 under the cash objective */
  guint8   *learns;        /* integrated with lr != 0 and unit_cost != 0 */
  /* the options whose base or fixed share moves with the volume (of
   * those the kernel prepares); the others' are set once per draw */
  guint    *learners;      /* learns */
  guint     n_learners;
  guint    *fixers;        /* fixed != 0 */
  guint     n_fixers;
  double   *fixed_list;    /* fixed of each of the fixers, in their order */
  gboolean  constants_dirty; /* a volume <= 0 overwrote them */
  double   *mult;          /* n_links: 1 - saving */
  double   *step;          /* n_options: grid_ratio ^ expo */
  double   *power;         /* n_options: (V / ref) ^ expo at grid point power_at */
  gint64    power_at;
  /* The chain's run (fallback: the options not used are prepared only
   * when the optimum takes them, each catching up with the chain,
   * _strata_kernel_fallback_chosen ()): the grid point it was anchored
   * at and its number; per option, the run and point of its power. */
  gint64    run_at;
  guint     run_id;
  guint    *lazy_run;      /* n_options (fallback) */
  gint64   *lazy_at;       /* n_options (fallback) */
  double   *strat_factor;  /* n_strategies * n_layers */
  double   *strat_eco;     /* n_strategies: the sum of the chosen options' eco */
  double   *pat_factor;    /* n_patterns * n_act */
  /* per draw: co-design factor of each link target in each pattern,
   * less 1 (0 where the target runs neutral) */
  double   *tfm1;          /* n_targets * n_patterns */
  double   *pat_cost;      /* n_patterns: scratch */
  guint    *near;          /* n_patterns: scratch, the patterns within eps of the least */
  /* per draw, per link target: the spread (max - min) and the largest
   * magnitude of tfm1 over the patterns */
  double   *fm_range;      /* n_targets */
  double   *fm_abs;        /* n_targets */
  /* The last full search of the draw (strata-mc-kernel.c, carry_holds ()):
   * its least pattern, that pattern's lead over every other less the
   * rounding of both, and the inputs it had (the free layers' deltas,
   * then the targets' bases). */
  gboolean  carry;
  guint     carry_best;
  gboolean  carry_fixed;   /* carry_best has one option of its mode in every layer */
  double    carry_lead;    /* over every pattern but the rivals */
  guint     n_rivals;      /* the nearest patterns, followed exactly */
  double    rival_lead[STRATA_KERNEL_RIVALS];
  double   *rival_coef;    /* STRATA_KERNEL_RIVALS * (n_free + n_targets) */
  double   *carry_in;      /* n_free + n_targets */
  double   *carry_scratch; /* n_free + n_targets */

  /* per volume */
  double   *base;          /* n_options: variable after floor, before co-design */
  double   *fixedv;        /* n_options: fixed / V */
  double   *bestc;         /* 2 * n_layers: least cost per mode, factor 1 */
  double    base0;         /* the sum of bestc of each layer's mode, neutral if free */

  /* the optimum */
  guint    *opt_sel;       /* n_layers: global option index */
  double   *opt_factor;    /* n_layers */
  double   *opt_iface;     /* n_layers */
  double    opt_eco;       /* the sum of opt_sel's eco */
  gboolean  opt_valid;     /* opt_* are those of prev_choices on this draw */
  guint    *prev_choices;  /* n_layers */
  guint    *choices;       /* n_layers */
  guint    *tmp;           /* n_layers */
  guint    *tmp2;          /* n_layers */

  /* fallback optimum: a copy of the numbers, ecosystem value zeroed
   * under the cash objective */
  StrataDataset  values;
  StrataLayer   *layers;
  StrataLink    *links;
  Plan          *plan;     /* (nullable) the optimizer's on values, made on
                            * the first optimum of a draw */
  guint32        hint;     /* the last optimum's mode pattern */
  double         range[2]; /* the dataset's volumes */
  double         ratio;    /* of the windows that follow the volumes asked */
  double         win[2];   /* the current window, NaN before the first */
  /* the windows' lattice (strata-mc-kernel-fallback.c): its cells' ends
   * (lattice[0] 0 when there is none), the group and cell narrowed (-1
   * none), and whether the plan's first level is the range's */
  double         lattice[KERNEL_CELLS + 1];
  int            w_group, w_cell;
  gboolean       base_lost;
  gboolean       windows_made; /* the plan's windows set up */
  gboolean       plan_fresh;   /* made, or refreshed by a reload, and not
                                * solved since */
};

/* strata-mc-kernel-fallback.c: a stack too free for the patterns
 * (fallback).  A draw's numbers into st->values (the plan made again on
 * the first optimum); the optimum at @volume into st->choices; off the
 * grid, the optimum (@want_opt) and the base and fixed share of only the
 * options read, the fixed strategies' and the optimum's (the constants
 * set). */
void _strata_kernel_fallback_lattice  (StrataKernelState   *st);
void _strata_kernel_fallback_load     (const StrataKernel  *k,
                                       StrataKernelState   *st,
                                       const StrataDataset *values);
void _strata_kernel_fallback_optimum  (StrataKernelState   *st,
                                       double               volume,
                                       gboolean             direct);
void _strata_kernel_fallback_chosen   (const StrataKernel  *k,
                                       StrataKernelState   *st,
                                       double               volume);
void _strata_kernel_fallback_direct   (const StrataKernel  *k,
                                       StrataKernelState   *st,
                                       double               volume,
                                       gboolean             want_opt);

/* Option @o's numbers into its place @x of the state (a load). */
static inline void
kernel_read_option (const StrataKernel *k,
                    StrataKernelState  *st,
                    const StrataOption *o,
                    guint               x)
{
  if (o->mode == STRATA_MODE_INTEGRATED)
    {
      double lr = o->learning_rate.value;

      st->price[x] = o->unit_cost.value;
      st->learns[x] = lr != 0.0 && o->unit_cost.value != 0.0;
      st->expo[x] = log2 (1.0 - lr);
      if (st->learns[x] && k->n_grid > 1)
        st->step[x] = pow (k->grid_ratio, st->expo[x]);
      st->ref[x] = o->reference_volume.value;
      st->floor_cost[x] = o->floor_cost.value;
    }
  else
    st->price[x] = o->has_price ? o->price.value
                                : o->supplier_cost.value / (1.0 - o->margin.value);
  st->fixed[x] = o->fixed_cost.value;
  st->eco[x] = k->count_eco ? o->ecosystem_value.value : 0.0;
}

static inline guint
opt_index (const StrataKernel *k,
           guint               layer,
           guint               option)
{
  return k->opt_offset[layer] + option;
}

G_END_DECLS

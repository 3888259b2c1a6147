/* strata-mc-kernel-private.h
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "strata/strata-dataset.h"
#include "strata/strata-model.h"

G_BEGIN_DECLS

/*
 * The arithmetic of MODEL.md sections 3 and 5 compiled for many draws of
 * one dataset: everything that does not depend on the drawn numbers (the
 * strategies' choices and interfaces, the optimizer's mode patterns) is
 * built once; what depends on a draw (prices, Wright exponents, co-design
 * factors) once per draw; and at each volume every option's variable
 * cost is computed once and shared by every strategy and the optimum
 * (common random numbers by construction).
 *
 * A strategy's cost adds the same terms in the same order as
 * strata_evaluate(), so it is the model's figure to the last bit.  The
 * optimum enumerates the modes of the layers that have both (at most
 * STRATA_KERNEL_MAX_FREE of them), with the tie rules of MODEL.md section
 * 5 and the model's tolerance; with more such layers it calls
 * strata_optimize() on the drawn numbers.
 */

#define STRATA_KERNEL_MAX_FREE 8

typedef struct _StrataKernel      StrataKernel;
typedef struct _StrataKernelState StrataKernelState;

/* @strategies: the strategies whose cost _strata_kernel_at() reports, in
 * that order (an optimal one costs the optimum).  @count_ecosystem: the
 * objective (TRUE: effective_unit_cost; FALSE: unit_cost, ecosystem value
 * ignored, by the optimum too). */
StrataKernel      *_strata_kernel_new        (const StrataDataset          *dataset,
                                              const StrataStrategy *const  *strategies,
                                              guint                         n_strategies,
                                              gboolean                      count_ecosystem);
void               _strata_kernel_free       (StrataKernel                 *kernel);
guint              _strata_kernel_n_layers   (const StrataKernel           *kernel);

/* The kernel will only be asked for its strategies' costs, never for
 * the optimum (no strategy is optimal, @optimal always NULL): it then
 * prepares only the options the strategies run.  Before any state. */
void               _strata_kernel_costs_only (StrataKernel                 *kernel);

/* Per-thread state: the numbers of one draw and scratch space. */
StrataKernelState *_strata_kernel_state_new  (const StrataKernel           *kernel);
void               _strata_kernel_state_free (StrataKernelState            *state);
/* Whether @k solves the optimum with strata_optimize ()'s search (too
 * many layers free to take either mode to list their patterns): each
 * optimum then costs as much as the search, not a pass over patterns. */
gboolean           _strata_kernel_is_fallback (const StrataKernel        *k);
/* Tests: whether kernels made from now on that fall back prepare at a
 * grid point only the options read (TRUE, the default) or every one. */
void               _strata_kernel_set_lazy    (gboolean                   lazy);
/* The optimum's choices (n_layers) at the last volume @state solved it
 * at; valid until the next call on @state, and only after one that
 * solved the optimum. */
const guint       *_strata_kernel_state_choices (const StrataKernelState *state);

/* Reads again only the options of layer @layer of @values, the last
 * loaded but for numbers of that layer's options: TRUE when the kernel
 * could (a stack too free for the patterns, no fixed strategy running
 * an option of the layer); FALSE, nothing done, and a whole load is
 * needed (strata-mc-kernel-fallback.c). */
gboolean           _strata_kernel_reload_layer (const StrataKernel        *kernel,
                                                StrataKernelState         *state,
                                                const StrataDataset       *values,
                                                guint                      layer);

/* Reads the numbers of @values (the dataset of the kernel, or a sample of
 * it with other values: same layers, options and links). */
void               _strata_kernel_load       (const StrataKernel           *kernel,
                                              StrataKernelState            *state,
                                              const StrataDataset          *values);

/* At @volume: the objective's cost of each strategy into @costs (when not
 * NULL); the optimum's choices into @optimal (n_layers, when not NULL)
 * and its cost as the return value (NAN when not asked for: @optimal NULL
 * and no optimal strategy).  @which: when not NULL, only the strategies
 * whose flag is TRUE are computed (the others get NAN). */
double             _strata_kernel_at         (const StrataKernel           *kernel,
                                              StrataKernelState            *state,
                                              double                        volume,
                                              const gboolean               *which,
                                              double                       *costs,
                                              guint                        *optimal);

/* A log-spaced grid of volumes (borrowed; set before any state is made)
 * for _strata_kernel_at_point (), which is _strata_kernel_at () at
 * grid[@point], faster when the points of a draw come in order: Wright's
 * law then takes one product per point instead of a power, which moves
 * the figures by a few units in the 14th digit at most. */
void               _strata_kernel_set_grid   (StrataKernel                 *kernel,
                                              const double                 *volumes,
                                              guint                         n);
/* Sets @state's products of Wright's law as _strata_kernel_at_point ()
 * at every grid point from the last exact one up to @point - 1 would
 * have left them, for a draw whose earlier points were not asked for. */
void               _strata_kernel_chain_to   (const StrataKernel           *kernel,
                                              StrataKernelState            *state,
                                              guint                         point);
double             _strata_kernel_at_point   (const StrataKernel           *kernel,
                                              StrataKernelState            *state,
                                              guint                         point,
                                              const gboolean               *which,
                                              double                       *costs,
                                              guint                        *optimal);

G_END_DECLS

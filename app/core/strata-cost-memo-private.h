/* strata-cost-memo-private.h: the cost memo's side of break-even
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "strata/strata-model.h"

G_BEGIN_DECLS

/* One strategy's remembered costs by volume (strata-cost-memo.c). */
typedef struct _CostSet CostSet;

/* TRUE when @memo remembers the costs of @dataset under @objective. */
gboolean _strata_memo_is_for      (StrataCostMemo       *memo,
                                   const StrataDataset  *dataset,
                                   StrataObjective       objective);
/* The table of @strategy's costs in @memo (a new reference). */
CostSet *_strata_memo_table       (StrataCostMemo       *memo,
                                   const StrataStrategy *strategy);
void     _strata_cost_set_unref   (CostSet              *set);
gboolean _strata_memo_lookup      (StrataCostMemo       *memo,
                                   CostSet              *costs,
                                   double                volume,
                                   double               *cost);
void     _strata_memo_store       (StrataCostMemo       *memo,
                                   CostSet              *costs,
                                   double                volume,
                                   double                cost);
/* The cost of a strategy with fixed choices, from the learning curves of
 * the options kept at this volume where it shares them. */
double   _strata_memo_fixed_cost  (StrataCostMemo       *memo,
                                   const StrataStrategy *strategy,
                                   double                volume);
/* The costs of both sides at @n volumes, where known (@have), and room
 * for the others: known and have hold 2 x @n, side by side. */
void     _strata_memo_lookup_many (StrataCostMemo       *memo,
                                   CostSet              *costs[2],
                                   const double         *volumes,
                                   guint                 n,
                                   double               *known,
                                   guint8               *have);

/* Brackets one-shot work in this thread (nestable): fixed strategies get
 * no new tables meanwhile. */
void     _strata_cost_memo_one_shot_begin (void);
void     _strata_cost_memo_one_shot_end   (void);

G_END_DECLS

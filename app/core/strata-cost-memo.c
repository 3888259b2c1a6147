/* strata-cost-memo.c: the costs a break-even or a chart found before
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

#include "strata/strata-model.h"

#include "strata-cost-memo-private.h"
#include "strata-model-private.h"

/* One strategy's costs by volume: open addressing on the volume's bits
 * (0, the bits of volume 0, marks a free slot: every volume asked is
 * positive), linear probing, at most half full.  A break-even asks
 * thousands of volumes per side: no allocation and no hashing through
 * pointers per volume. */
typedef struct _CostSet
{
  gatomicrefcount  ref_count;
  guint            size;       /* slots, a power of 2, 0 before the first */
  guint            used;
  gint64          *bits;       /* size */
  double          *cost;       /* size */
} CostSet;

/* The costs of one strategy (choices, or the optimum: NULL) at the
 * volumes asked. */
typedef struct
{
  guint   *choices;       /* (owned) (nullable) n_layers */
  CostSet *costs;         /* (owned) */
} MemoTable;

/* The layouts of the strategies with fixed choices costed last (a flip's
 * break-even pairs the current strategy with three others). */
#define MEMO_LAYOUTS 4

struct _StrataCostMemo
{
  gatomicrefcount  ref_count;
  StrataDataset   *dataset;    /* (owned) ref */
  StrataObjective  objective;
  GMutex           lock;
  GPtrArray       *tables;     /* MemoTable, most recently used last; [0] the optimum */
  GHashTable      *bases;      /* &BaseEntry.bits -> BaseEntry */
  guint            max_bases;  /* entries of bases before it starts again */
  StrataCostLayout *layouts[MEMO_LAYOUTS];   /* most recently used first */
};

/* The variable bases of the options last evaluated at one volume, one per
 * layer: after a flip the new strategy shares all but a layer or two with
 * the one before, whose learning curves need not be worked out again
 * (_strata_objective_unit_cost_known ()). */
typedef struct
{
  gint64  bits;                /* the volume's bits */
  guint  *option;              /* n_layers, G_MAXUINT: none */
  double *base;                /* n_layers */
} BaseEntry;

/* The bases kept, in layers x volumes: about 12 MB at most. */
#define MEMO_MAX_BASE_SLOTS (1u << 20)

/* Past this many volumes a table starts again, and past this many
 * strategies the least recently used goes (a long session of edits
 * must not grow without bound). */
#define MEMO_MAX_ENTRIES (1u << 18)
#define MEMO_MAX_TABLES  12

/* One-shot work (an export: the CLI draws one chart and exits) in this
 * thread: a strategy with fixed choices gets no new table, and no
 * learning-curve bases are kept for it, since nothing would read them
 * again.  Recomputing such a cost is a handful of multiplications; filling
 * the tables (hash slots for a 4096-volume scan on each side of every
 * break-even, a base entry per volume) was a sixth of a small export's
 * time.  Tables that exist (the app's, after it drew the chart on screen)
 * are read and filled as always, and the optimum (costly: an exact
 * optimum per volume) always has its table. */
static GPrivate one_shot_depth;

void
_strata_cost_memo_one_shot_begin (void)
{
  g_private_set (&one_shot_depth,
                 GINT_TO_POINTER (GPOINTER_TO_INT (g_private_get (&one_shot_depth)) + 1));
}

void
_strata_cost_memo_one_shot_end (void)
{
  int depth = GPOINTER_TO_INT (g_private_get (&one_shot_depth));

  g_return_if_fail (depth > 0);
  g_private_set (&one_shot_depth, GINT_TO_POINTER (depth - 1));
}

static gboolean
one_shot (void)
{
  return g_private_get (&one_shot_depth) != NULL;
}

static CostSet *
cost_set_new (void)
{
  CostSet *set = g_new0 (CostSet, 1);

  g_atomic_ref_count_init (&set->ref_count);
  return set;
}

static CostSet *
cost_set_ref (CostSet *set)
{
  g_atomic_ref_count_inc (&set->ref_count);
  return set;
}

void
_strata_cost_set_unref (CostSet *set)
{
  if (set == NULL || !g_atomic_ref_count_dec (&set->ref_count))
    return;
  g_free (set->bits);
  g_free (set->cost);
  g_free (set);
}

static inline guint
cost_set_slot (const CostSet *set,
               gint64         bits)
{
  guint64 h = (guint64) bits * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15);

  return (guint) (h >> 32) & (set->size - 1);
}

static gboolean
cost_set_lookup (const CostSet *set,
                 gint64         bits,
                 double        *cost)
{
  if (set->size == 0)
    return FALSE;
  for (guint i = cost_set_slot (set, bits);; i = (i + 1) & (set->size - 1))
    {
      if (set->bits[i] == bits)
        {
          *cost = set->cost[i];
          return TRUE;
        }
      if (set->bits[i] == 0)
        return FALSE;
    }
}

static void cost_set_store (CostSet *set,
                            gint64   bits,
                            double   cost);

/* The set with @size slots (a power of 2), its entries placed again; a
 * set that would pass MEMO_MAX_ENTRIES starts again, empty. */
static void
cost_set_resize (CostSet *set,
                 guint    size)
{
  g_autofree gint64 *old_bits = set->bits;
  g_autofree double *old_cost = set->cost;
  guint old_size = set->size;

  if (size > 2 * MEMO_MAX_ENTRIES)
    {
      size = MAX (old_size, 1024);
      old_size = 0;
    }
  set->size = size;
  set->used = 0;
  set->bits = g_new0 (gint64, size);
  set->cost = g_new (double, size);
  for (guint i = 0; i < old_size; i++)
    if (old_bits[i] != 0)
      cost_set_store (set, old_bits[i], old_cost[i]);
}

/* Room for @n more entries at once (a scan's volumes): one resize
 * instead of one per doubling. */
static void
cost_set_reserve (CostSet *set,
                  guint    n)
{
  guint size = MAX (set->size, 1024);

  while (size < 2 * MEMO_MAX_ENTRIES && 2 * ((gsize) set->used + n) > size)
    size *= 2;
  if (size != set->size)
    cost_set_resize (set, size);
}

static void
cost_set_store (CostSet *set,
                gint64   bits,
                double   cost)
{
  guint i;

  if (2 * (set->used + 1) > set->size)
    cost_set_resize (set, set->size == 0 ? 1024 : set->size * 2);
  for (i = cost_set_slot (set, bits); set->bits[i] != 0 && set->bits[i] != bits;
       i = (i + 1) & (set->size - 1))
    ;
  if (set->bits[i] == 0)
    set->used++;
  set->bits[i] = bits;
  set->cost[i] = cost;
}

/* The slots of @old, a table about to go, for @set, a new one, emptied:
 * after a flip the strategy before it is the least recently used of a
 * full memo, and its table has the size the new one grows to.  Reused
 * memory is memory the kernel need not map again: a new table was some
 * 80 page faults of every flip, and freeing the first ones (mmap ()ed)
 * cost a flip two munmap ()s.  Not when anyone else still reads @old. */
static void
cost_set_recycle (CostSet *set,
                  CostSet *old)
{
  if (set->size != 0 || old->size == 0 || !g_atomic_ref_count_compare (&old->ref_count, 1))
    return;
  set->bits = g_steal_pointer (&old->bits);
  set->cost = g_steal_pointer (&old->cost);
  set->size = old->size;
  set->used = 0;
  old->size = 0;
  old->used = 0;
  memset (set->bits, 0, sizeof (gint64) * set->size);
}

static void
memo_table_free (gpointer data)
{
  MemoTable *table = data;

  g_free (table->choices);
  _strata_cost_set_unref (table->costs);
  g_free (table);
}

static MemoTable *
memo_table_new (const guint *choices,
                guint        n_layers)
{
  MemoTable *table = g_new0 (MemoTable, 1);

  table->choices = choices != NULL ? g_memdup2 (choices, sizeof (guint) * n_layers) : NULL;
  table->costs = cost_set_new ();
  return table;
}

StrataCostMemo *
strata_cost_memo_new (StrataDataset   *dataset,
                      StrataObjective  objective)
{
  StrataCostMemo *memo;

  g_return_val_if_fail (dataset != NULL, NULL);

  memo = g_new0 (StrataCostMemo, 1);
  g_atomic_ref_count_init (&memo->ref_count);
  memo->dataset = strata_dataset_ref (dataset);
  memo->objective = objective;
  g_mutex_init (&memo->lock);
  memo->tables = g_ptr_array_new_with_free_func (memo_table_free);
  g_ptr_array_add (memo->tables, memo_table_new (NULL, 0));
  memo->bases = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_free);
  memo->max_bases = MAX (MEMO_MAX_BASE_SLOTS / MAX (dataset->n_layers, 1), 64);
  return memo;
}

StrataCostMemo *
strata_cost_memo_ref (StrataCostMemo *memo)
{
  g_return_val_if_fail (memo != NULL, NULL);
  g_atomic_ref_count_inc (&memo->ref_count);
  return memo;
}

void
strata_cost_memo_unref (StrataCostMemo *memo)
{
  if (memo == NULL || !g_atomic_ref_count_dec (&memo->ref_count))
    return;
  g_ptr_array_unref (memo->tables);
  g_hash_table_unref (memo->bases);
  for (guint i = 0; i < MEMO_LAYOUTS; i++)
    _strata_cost_layout_free (memo->layouts[i]);
  g_mutex_clear (&memo->lock);
  strata_dataset_unref (memo->dataset);
  g_free (memo);
}

static gint64
volume_bits (double volume)
{
  gint64 bits;

  memcpy (&bits, &volume, sizeof bits);
  return bits;
}

/* The table of @strategy's costs (locked), created if need be; a new
 * reference on its hash table.  NULL for a strategy with fixed choices
 * that has none in one-shot work (its costs are found directly). */
CostSet *
_strata_memo_table (StrataCostMemo       *memo,
            const StrataStrategy *strategy)
{
  guint n = memo->dataset->n_layers;
  CostSet *costs = NULL;

  g_mutex_lock (&memo->lock);
  if (strategy->choices == NULL)
    costs = cost_set_ref (((MemoTable *) memo->tables->pdata[0])->costs);
  else
    {
      for (guint i = memo->tables->len; i-- > 1 && costs == NULL;)
        {
          MemoTable *table = memo->tables->pdata[i];

          if (memcmp (table->choices, strategy->choices, sizeof (guint) * n) == 0)
            {
              costs = cost_set_ref (table->costs);
              /* The most recently used goes last. */
              g_ptr_array_add (memo->tables, g_ptr_array_steal_index (memo->tables, i));
            }
        }
      if (costs == NULL && !one_shot ())
        {
          MemoTable *table = memo_table_new (strategy->choices, n);

          if (memo->tables->len > MEMO_MAX_TABLES)
            {
              MemoTable *oldest = g_ptr_array_steal_index (memo->tables, 1);

              cost_set_recycle (table->costs, oldest->costs);
              memo_table_free (oldest);
            }
          g_ptr_array_add (memo->tables, table);
          costs = cost_set_ref (table->costs);
        }
    }
  g_mutex_unlock (&memo->lock);
  return costs;
}

gboolean
_strata_memo_lookup (StrataCostMemo *memo,
             CostSet        *costs,
             double          volume,
             double         *cost)
{
  gboolean found;

  g_mutex_lock (&memo->lock);
  found = cost_set_lookup (costs, volume_bits (volume), cost);
  g_mutex_unlock (&memo->lock);
  return found;
}

void
_strata_memo_store (StrataCostMemo *memo,
            CostSet        *costs,
            double          volume,
            double          cost)
{
  g_mutex_lock (&memo->lock);
  cost_set_store (costs, volume_bits (volume), cost);
  g_mutex_unlock (&memo->lock);
}

/* The objective's cost of @strategy (fixed choices) at @volume, with the
 * variable bases found before at this volume (the same double as
 * strata_objective_unit_cost ()).  The dataset's own strategies (the
 * presets, the file's) only fill bases nobody left there: the one a user
 * flips is a copy, and its bases are the ones the next flip needs. */
/* The layout of @choices (locked), made if none of the last ones is. */
static const StrataCostLayout *
memo_layout (StrataCostMemo *memo,
             const guint    *choices)
{
  StrataCostLayout *layout;
  guint i;

  for (i = 0; i < MEMO_LAYOUTS; i++)
    if (memo->layouts[i] != NULL && _strata_cost_layout_is (memo->layouts[i], choices))
      break;
  if (i == MEMO_LAYOUTS)
    {
      i = MEMO_LAYOUTS - 1;
      _strata_cost_layout_free (memo->layouts[i]);
      memo->layouts[i] = _strata_cost_layout_new (memo->dataset, choices);
    }
  layout = memo->layouts[i];
  memmove (memo->layouts + 1, memo->layouts, i * sizeof (StrataCostLayout *));
  memo->layouts[0] = layout;
  return layout;
}

double
_strata_memo_fixed_cost (StrataCostMemo       *memo,
                 const StrataStrategy *strategy,
                 double                volume)
{
  const StrataDataset *ds = memo->dataset;
  gboolean keep = strategy >= ds->strategies && strategy < ds->strategies + ds->n_strategies;
  guint n = memo->dataset->n_layers;
  gint64 bits = volume_bits (volume);
  BaseEntry *entry;
  double cost;

  g_mutex_lock (&memo->lock);
  entry = g_hash_table_lookup (memo->bases, &bits);
  if (entry == NULL)
    {
      if (g_hash_table_size (memo->bases) >= memo->max_bases)
        g_hash_table_remove_all (memo->bases);
      entry = g_malloc (sizeof (BaseEntry) + n * (sizeof (double) + sizeof (guint)));
      entry->bits = bits;
      entry->base = (double *) (gpointer) (entry + 1);
      entry->option = (guint *) (gpointer) (entry->base + n);
      memset (entry->option, 0xff, n * sizeof (guint));
      g_hash_table_replace (memo->bases, &entry->bits, entry);
    }
  cost = _strata_objective_unit_cost_layout (memo_layout (memo, strategy->choices), memo->objective,
                                             volume, entry->option, entry->base, keep);
  g_mutex_unlock (&memo->lock);
  return cost;
}

double
strata_cost_memo_cost (StrataCostMemo       *memo,
                       const StrataStrategy *strategy,
                       double                volume)
{
  CostSet *costs;
  double cost;

  g_return_val_if_fail (memo != NULL, NAN);
  g_return_val_if_fail (strategy != NULL, NAN);

  if (!(volume > 0 && isfinite (volume)))
    return strata_strategy_cost (memo->dataset, strategy, memo->objective, volume);
  costs = _strata_memo_table (memo, strategy);
  if (costs == NULL)
    return strata_strategy_cost (memo->dataset, strategy, memo->objective, volume);
  if (!_strata_memo_lookup (memo, costs, volume, &cost))
    {
      if (strategy->choices != NULL)
        cost = _strata_memo_fixed_cost (memo, strategy, volume);
      else
        cost = strata_strategy_cost (memo->dataset, strategy, memo->objective, volume);
      _strata_memo_store (memo, costs, volume, cost);
    }
  _strata_cost_set_unref (costs);
  return cost;
}

/* A volume whose cost is not known yet, and where it goes. */
typedef struct
{
  double volume;
  guint  k;
} Missing;

/* The optimum's costs at the volumes of @missing (ascending, none known
 * yet), into @costs_out and @costs: one plan, windowed to the volumes' range and
 * following them up, each solve starting from the last one's pattern, as
 * a break-even's scan does.  The same choices, and so the same doubles,
 * as an optimum of its own at each volume (strata-optimizer-window.c). */
static void
memo_optimum_costs (StrataCostMemo       *memo,
                    const StrataStrategy *optimal,
                    CostSet              *costs,
                    const Missing        *missing,
                    guint                 n,
                    double               *costs_out)
{
  const StrataDataset *ds = memo->dataset;
  g_autoptr(Plan) plan = _strata_plan_new (ds, memo->objective);
  g_autofree guint *choices = NULL;
  double range[2] = { missing[0].volume, missing[n - 1].volume }, win[2] = { NAN, NAN };
  double ratio = pow (range[1] / range[0], 1.0 / STRATA_SCAN_WINDOWS);
  guint32 hint = 0;

  if (plan == NULL)
    {
      for (guint k = 0; k < n; k++)
        costs_out[missing[k].k] = strata_strategy_cost (ds, optimal, memo->objective,
                                                        missing[k].volume);
      return;
    }
  if (!isfinite (ratio) || ratio < 1)
    ratio = 1;
  choices = g_new (guint, MAX (ds->n_layers, 1));
  _strata_plan_window_base (plan, range[0], range[1]);
  for (guint k = 0; k < n; k++)
    {
      double volume = missing[k].volume;

      _strata_plan_window_follow (plan, win, range, ratio, volume);
      _strata_plan_optimize_hinted (plan, volume, choices, &hint);
      costs_out[missing[k].k] = strata_objective_unit_cost (ds, choices, memo->objective, volume);
      _strata_memo_store (memo, costs, volume, costs_out[missing[k].k]);
    }
}

static int
compare_by_volume (const void *a,
                   const void *b)
{
  double x = ((const Missing *) a)->volume, y = ((const Missing *) b)->volume;

  return x < y ? -1 : x > y ? 1 : 0;
}

void
strata_cost_memo_costs (StrataCostMemo       *memo,
                        const StrataStrategy *strategy,
                        const double         *volumes,
                        guint                 n,
                        double               *costs_out)
{
  g_autofree Missing *missing = NULL;
  CostSet *costs;
  guint n_missing = 0;

  g_return_if_fail (memo != NULL);
  g_return_if_fail (strategy != NULL);
  g_return_if_fail (n == 0 || (volumes != NULL && costs_out != NULL));

  if (strategy->choices != NULL || n < 2)
    {
      for (guint k = 0; k < n; k++)
        costs_out[k] = strata_cost_memo_cost (memo, strategy, volumes[k]);
      return;
    }
  costs = _strata_memo_table (memo, strategy);
  missing = g_new (Missing, n);
  for (guint k = 0; k < n; k++)
    {
      if (!(volumes[k] > 0 && isfinite (volumes[k])))
        costs_out[k] = strata_strategy_cost (memo->dataset, strategy, memo->objective, volumes[k]);
      else if (!_strata_memo_lookup (memo, costs, volumes[k], &costs_out[k]))
        {
          missing[n_missing].volume = volumes[k];
          missing[n_missing++].k = k;
        }
    }
  if (n_missing > 0)
    {
      qsort (missing, n_missing, sizeof (Missing), compare_by_volume);
      memo_optimum_costs (memo, strategy, costs, missing, n_missing, costs_out);
    }
  _strata_cost_set_unref (costs);
}

void
_strata_memo_lookup_many (StrataCostMemo *memo,
                          CostSet        *costs[2],
                          const double   *volumes,
                          guint           n,
                          double         *known,
                          guint8         *have)
{
  /* Under one lock: a lock per volume and side was a fifth of a flip's
   * time. */
  g_mutex_lock (&memo->lock);
  for (guint side = 0; side < 2; side++)
    {
      guint missing = 0;

      if (costs[side] == NULL)
        {
          memset (have + side * n, 0, n);
          continue;
        }

      for (guint i = 0; i < n; i++)
        {
          have[side * n + i] = cost_set_lookup (costs[side], volume_bits (volumes[i]), &known[side * n + i]);
          missing += !have[side * n + i];
        }
      /* Room for the costs about to be found, at once. */
      cost_set_reserve (costs[side], missing);
    }
  g_mutex_unlock (&memo->lock);
}

gboolean
_strata_memo_is_for (StrataCostMemo      *memo,
                     const StrataDataset *dataset,
                     StrataObjective      objective)
{
  return memo->dataset == dataset && memo->objective == objective;
}

/* strata-optimizer-plan.c
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

#include "strata-optimizer-private.h"

/*
 * The optimizer's plan (see strata-optimizer.c): the volume-independent
 * structure of a dataset, built once per dataset and search.
 */

/* Linked layers with both modes whose modes are enumerated.  The loader
 * refuses datasets whose links touch more than 20 layers; datasets built by
 * hand get a little more room but no unbounded search. */
#define MAX_FREE_LINKED 24

/* The blocks of the last large plans freed, kept for the next plans
 * (issue 15): a large dataset's plan is hundreds of KB (24 bytes an
 * option), which malloc maps and unmaps, or trims off its heap, at every
 * optimum, each of which then first-touches every page again (about 200
 * page faults, more than half of one optimum's time on 512 x 64).  Up to
 * PLAN_KEEP blocks, one for each thread of a ladder (whose threads are
 * new at each ladder), the last freed taken first; kept for the process
 * (at most the memory of the largest ladder's plans, which it held). */
#define PLAN_KEEP_MIN (64 * 1024)

typedef struct
{
  char  *block;
  gsize  size;
} PlanKept;

static GMutex plan_kept_lock;
static PlanKept plan_kept[PLAN_KEEP];
static guint plan_n_kept;

gint _strata_plan_blocks_made;
gboolean _strata_plan_keep_disabled;

/* A block of at least @size bytes (*@block_size), not zeroed: a kept one
 * when one is large enough. */
static char *
plan_block_take (gsize  size,
                 gsize *block_size)
{
  char *block = NULL;

  *block_size = size;
  if (size < PLAN_KEEP_MIN)
    return g_malloc (size);
  g_mutex_lock (&plan_kept_lock);
  for (guint k = plan_n_kept; k-- > 0 && block == NULL && !_strata_plan_keep_disabled;)
    if (plan_kept[k].size >= size)
      {
        block = plan_kept[k].block;
        *block_size = plan_kept[k].size;
        memmove (plan_kept + k, plan_kept + k + 1, sizeof (PlanKept) * (--plan_n_kept - k));
      }
  g_mutex_unlock (&plan_kept_lock);
  if (block != NULL)
    return block;
  g_atomic_int_inc (&_strata_plan_blocks_made);
  return g_malloc (size);
}

/* Frees @block, or keeps it for a next plan (in place of the block kept
 * longest when PLAN_KEEP are). */
static void
plan_block_give (char  *block,
                 gsize  size)
{
  char *drop = block;

  if (size >= PLAN_KEEP_MIN && !_strata_plan_keep_disabled)
    {
      g_mutex_lock (&plan_kept_lock);
      drop = plan_n_kept == PLAN_KEEP ? plan_kept[0].block : NULL;
      if (drop != NULL)
        memmove (plan_kept, plan_kept + 1, sizeof (PlanKept) * --plan_n_kept);
      plan_kept[plan_n_kept++] = (PlanKept) { block, size };
      g_mutex_unlock (&plan_kept_lock);
    }
  g_free (drop);
}

void
_strata_plan_free (Plan *plan)
{
  if (plan == NULL)
    return;
  _strata_plan_window_free (plan->window);
  _strata_plan_kept_free (plan);
  if (plan->on_heap)
    plan_block_give ((char *) plan, plan->block_size);
}

/* Every array of a plan with its type and length: sized once, then
 * carved out of one block in this order (plan_alloc () zeroes all but
 * base .. mode, which stay together, before largest). */
#define PLAN_ARRAYS(X, n, n_linked, n_options, n_links) \
  X (opt_offset, guint, (n) + 1) \
  X (modes_present, guint8, (n)) \
  X (iface, double, (n)) \
  X (linked, guint, (n_linked)) \
  X (linked_bit, int, (n_linked)) \
  X (linked_forced, StrataMode, (n_linked)) \
  X (linked_target, guint8, (n_linked)) \
  X (linked_pos, int, (n)) \
  X (links, PlanLink, (n_links)) \
  X (complete_at, guint, (n_linked)) \
  X (comp_start, guint, (n_linked) + 1) \
  X (comp_list, guint, (n_linked)) \
  X (in_start, guint, (n_linked) + 1) \
  X (in_list, guint, (n_links)) \
  X (in_from, guint8, (n_links)) \
  X (in_mult, double, (n_links)) \
  X (base, double, (n_options)) \
  X (rest, double, (n_options)) \
  X (rest_mag, double, (n_options)) \
  X (mode, guint8, (n_options)) \
  X (largest, double, (n)) \
  X (eco_largest, double, (n)) \
  X (best, double, 2 * (n)) \
  X (best_mag, double, 2 * (n)) \
  X (seg, Key, 4 * ((n_linked) + 1)) \
  X (lb_mode, double, 2 * (n_linked)) \
  X (least_f, double, (n_linked)) \
  X (lb_base, double, (n_linked)) \
  X (lost_by, double, (n_linked)) \
  X (dfs_neu, double, (n_linked)) \
  X (dfs_int, double, (n_linked)) \
  X (out_start, guint, (n_linked) + 1) \
  X (out_list, guint, (n_links)) \
  X (out_to, guint, (n_links)) \
  X (out_mult, double, (n_links)) \
  X (din_list, guint, (n_links)) \
  X (din_from, guint, (n_links)) \
  X (din_gain, double, (n_links)) \
  X (first_link, guint, (n_linked) * (n_linked)) \
  X (pair_mult, double, (n_linked) * (n_linked)) \
  X (dfs_f, double, (n_linked) * ((n_linked) + 1)) \
  X (dfs_lost, guint, (n_linked) * ((n_linked) + 1)) \
  X (rem_lb, double, (n_linked) + 1) \
  X (dfs_mode, StrataMode, (n_linked)) \
  X (pat_mode, StrataMode, (n_linked)) \
  X (pat_factor, double, (n_linked)) \
  X (factor, double, (n)) \
  X (suffix, Key, 2 * (n)) \
  X (layer_least, double, 2 * (n)) \
  X (layer_mag, double, (n)) \
  X (tmp_choices, guint, (n))

/* Which layers links touch (1: a link starts there, 2: one ends there),
 * how many options there are in all, how many layers are linked.  FALSE
 * for a dataset the optimizer cannot search: a layer without options, or
 * more than MAX_FREE_LINKED linked layers with both modes (a critical
 * warning says so). */
static gboolean
plan_count (const StrataDataset *dataset,
            guint8              *touched,
            guint               *n_options,
            guint               *n_linked)
{
  guint n_free = 0;

  *n_options = 0;
  *n_linked = 0;
  for (guint i = 0; i < dataset->n_layers; i++)
    {
      if (dataset->layers[i].n_options == 0)
        return FALSE;
      *n_options += dataset->layers[i].n_options;
    }
  for (guint k = 0; k < dataset->n_links; k++)
    {
      touched[dataset->links[k].from] |= 1;
      touched[dataset->links[k].to] |= 2;
    }
  for (guint i = 0; i < dataset->n_layers; i++)
    if (touched[i])
      {
        const StrataLayer *layer = &dataset->layers[i];

        (*n_linked)++;
        if (strata_layer_first_of_mode (layer, STRATA_MODE_NEUTRAL) >= 0 &&
            strata_layer_first_of_mode (layer, STRATA_MODE_INTEGRATED) >= 0)
          n_free++;
      }
  if (n_free > MAX_FREE_LINKED)
    {
      g_critical ("links touch %u layers with both modes; the optimizer handles at most %d",
                  n_free, MAX_FREE_LINKED);
      return FALSE;
    }
  return TRUE;
}

/* A zeroed plan with its arrays carved out of one block: @buffer when it
 * fits (@buffer may be NULL), else a kept block or the heap.  The costs
 * by option (base, rest, rest_mag, mode: most of the block) are not
 * zeroed: every solve writes each one it reads (plan_slot ()). */
static Plan *
plan_alloc (const StrataDataset *dataset,
            guint                n_options,
            guint                n_linked,
            PlanBuffer          *buffer)
{
  guint n = dataset->n_layers;
  gsize size = align8 (sizeof (Plan)), block_size;
  char *p, *head;
  Plan *plan;

#define SIZE(field, type, count) size += align8 (sizeof (type) * (count));
  PLAN_ARRAYS (SIZE, n, n_linked, n_options, dataset->n_links)
#undef SIZE

  block_size = size;
  if (buffer != NULL && size <= sizeof (buffer->bytes))
    p = buffer->bytes;
  else
    p = plan_block_take (size, &block_size);
  plan = memset (p, 0, sizeof (Plan));
  plan->on_heap = buffer == NULL || p != buffer->bytes;
  plan->block_size = block_size;
  p += align8 (sizeof (Plan));

#define CARVE(field, type, count) \
  plan->field = (type *) (gpointer) p; p += align8 (sizeof (type) * (count));
  PLAN_ARRAYS (CARVE, n, n_linked, n_options, dataset->n_links)
#undef CARVE

  g_assert (p == (char *) plan + size);
  /* Zeroed: the arrays before the costs, and the ones after them. */
  head = (char *) plan + align8 (sizeof (Plan));
  memset (head, 0, (char *) plan->base - head);
  memset (plan->largest, 0, p - (char *) plan->largest);
  return plan;
}

/* Per layer: where its options start, which modes it has, the interface
 * above it; per linked layer, its bit in the enumerated patterns or the
 * mode it is forced to. */
static void
plan_fill_layers (Plan          *plan,
                  const guint8  *touched)
{
  const StrataDataset *dataset = plan->dataset;
  guint n = dataset->n_layers;
  guint n_options = 0, n_linked = 0, n_free = 0;

  for (guint i = 0; i < n; i++)
    {
      const StrataLayer *layer = &dataset->layers[i];

      plan->opt_offset[i] = n_options;
      n_options += layer->n_options;
      plan->longest = MAX (plan->longest, layer->n_options);
      for (guint j = 0; j < layer->n_options; j++)
        plan->modes_present[i] |= layer->options[j].mode == STRATA_MODE_INTEGRATED ? 2 : 1;
      plan->iface[i] = i + 1 < n ? layer_interface (dataset, i) : 0.0;
      plan->linked_pos[i] = -1;
    }
  plan->opt_offset[n] = n_options;

  for (guint i = 0; i < n; i++)
    {
      if (!touched[i])
        continue;

      plan->linked[n_linked] = i;
      plan->linked_pos[i] = (int) n_linked;
      plan->linked_target[n_linked] = (touched[i] & 2) != 0;
      if (plan->modes_present[i] == 3)
        {
          plan->linked_bit[n_linked] = (int) n_free++;
          plan->linked_forced[n_linked] = STRATA_MODE_NEUTRAL;
        }
      else
        {
          plan->linked_bit[n_linked] = -1;
          plan->linked_forced[n_linked] = plan->modes_present[i] == 2
                                          ? STRATA_MODE_INTEGRATED : STRATA_MODE_NEUTRAL;
        }
      n_linked++;
    }
  plan->n_linked = n_linked;
  plan->n_free = n_free;
}

/* The links between linked layers, the incoming links of each, and the
 * layer after which each linked layer's cost is known. */
static void
plan_fill_links (Plan *plan)
{
  const StrataDataset *dataset = plan->dataset;
  guint n_linked = plan->n_linked;
  guint stack_fill[STRATA_STACK_LAYERS];
  g_autofree guint *heap_fill = NULL;
  guint *fill;

  for (guint k = 0; k < dataset->n_links; k++)
    {
      plan->links[k].from_pos = (guint) plan->linked_pos[dataset->links[k].from];
      plan->links[k].to_pos = (guint) plan->linked_pos[dataset->links[k].to];
      plan->links[k].multiplier = 1.0 - dataset->links[k].saving.value;
    }

  for (guint j = 0; j < n_linked; j++)
    plan->complete_at[j] = j;
  for (guint k = 0; k < dataset->n_links; k++)
    {
      guint to = plan->links[k].to_pos;

      plan->in_start[to + 1]++;
      plan->complete_at[to] = MAX (plan->complete_at[to], plan->links[k].from_pos);
    }
  for (guint j = 0; j < n_linked; j++)
    {
      plan->in_start[j + 1] += plan->in_start[j];
      plan->comp_start[plan->complete_at[j] + 1]++;
    }
  for (guint j = 0; j < n_linked; j++)
    plan->comp_start[j + 1] += plan->comp_start[j];

  if (n_linked + 1 <= STRATA_STACK_LAYERS)
    fill = memset (stack_fill, 0, sizeof (guint) * (n_linked + 1));
  else
    fill = heap_fill = g_new0 (guint, n_linked + 1);
  for (guint k = 0; k < dataset->n_links; k++)
    {
      guint to = plan->links[k].to_pos;

      plan->in_list[plan->in_start[to] + fill[to]++] = k;
    }
  memset (fill, 0, sizeof (guint) * (n_linked + 1));
  for (guint j = 0; j < n_linked; j++)
    {
      guint d = plan->complete_at[j];

      plan->comp_list[plan->comp_start[d] + fill[d]++] = j;
    }

  /* The links by source, in dataset order; and by target again, their
   * sources from the last linked layer down (the search reads a layer's
   * links from layers not yet decided first). */
  for (guint k = 0; k < dataset->n_links; k++)
    plan->out_start[plan->links[k].from_pos + 1]++;
  for (guint j = 0; j < n_linked; j++)
    plan->out_start[j + 1] += plan->out_start[j];
  memset (fill, 0, sizeof (guint) * (n_linked + 1));
  for (guint k = 0; k < dataset->n_links; k++)
    {
      guint from = plan->links[k].from_pos;

      plan->out_list[plan->out_start[from] + fill[from]++] = k;
    }
  for (gsize e = 0; e < (gsize) n_linked * n_linked; e++)
    plan->first_link[e] = G_MAXUINT;
  for (guint k = dataset->n_links; k-- > 0;)
    plan->first_link[(gsize) plan->links[k].from_pos * n_linked + plan->links[k].to_pos] = k;
  memset (fill, 0, sizeof (guint) * (n_linked + 1));
  for (guint s = n_linked; s-- > 0;)
    for (guint q = plan->out_start[s]; q < plan->out_start[s + 1]; q++)
      {
        guint to = plan->links[plan->out_list[q]].to_pos;

        plan->din_list[plan->in_start[to] + fill[to]++] = plan->out_list[q];
      }
}

/* The search's copies of the links' numbers (search_dfs ()): by source,
 * each target and multiplier; by target, sources last first, each source
 * and what a saving lost costs per unit of the factor, 1 / multiplier - 1;
 * by target in dataset order, each source and multiplier (the ladder's
 * band search, choice_factor ()); and by pair of linked layers the
 * product of the multipliers of the links from one into the other, in
 * dataset order (the ladder's pairs, strata-ladder-excursion-pair.c).
 * Again after _strata_plan_reread (). */
void
_strata_plan_fill_search_links (Plan *plan)
{
  for (guint q = 0; q < plan->n_links; q++)
    {
      const PlanLink *out = &plan->links[plan->out_list[q]];
      const PlanLink *in = &plan->links[plan->din_list[q]];
      const PlanLink *by_to = &plan->links[plan->in_list[q]];

      plan->out_to[q] = out->to_pos;
      plan->out_mult[q] = out->multiplier;
      plan->din_from[q] = in->from_pos;
      plan->din_gain[q] = 1.0 / in->multiplier - 1.0;
      plan->in_from[q] = (guint8) by_to->from_pos;
      plan->in_mult[q] = by_to->multiplier;
    }
  for (gsize e = 0; e < (gsize) plan->n_linked * plan->n_linked; e++)
    plan->pair_mult[e] = 1.0;
  for (guint k = 0; k < plan->n_links; k++)
    plan->pair_mult[(gsize) plan->links[k].from_pos * plan->n_linked + plan->links[k].to_pos] *=
      plan->links[k].multiplier;
}

/* The optimizer's plan for @dataset, in @buffer when it fits (@buffer may
 * be NULL).  Returns NULL for a dataset it cannot search: no layers, a
 * layer without options, or more than MAX_FREE_LINKED linked layers that
 * have both modes (a critical warning says so). */
Plan *
_strata_plan_new_in (const StrataDataset *dataset,
                     StrataObjective      objective,
                     PlanBuffer          *buffer)
{
  guint n = dataset->n_layers;
  guint n_options, n_linked;
  guint8 stack_touched[STRATA_STACK_LAYERS];
  g_autofree guint8 *heap_touched = NULL;
  guint8 *touched;
  Plan *plan;

  if (n == 0)
    return NULL;
  if (n <= STRATA_STACK_LAYERS)
    touched = memset (stack_touched, 0, n);
  else
    touched = heap_touched = g_new0 (guint8, n);
  if (!plan_count (dataset, touched, &n_options, &n_linked))
    return NULL;

  plan = plan_alloc (dataset, n_options, n_linked, buffer);
  plan->dataset = dataset;
  plan->objective = objective;
  plan->n_layers = n;
  plan->n_options = n_options;
  plan->n_links = dataset->n_links;
  plan->volume = NAN;
  plan_fill_layers (plan, touched);
  plan_fill_links (plan);
  _strata_plan_fill_search_links (plan);
  return plan;
}

void
_strata_plan_reread (Plan *plan)
{
  const StrataDataset *dataset = plan->dataset;

  for (guint i = 0; i < plan->n_layers; i++)
    plan->iface[i] = i + 1 < plan->n_layers ? layer_interface (dataset, i) : 0.0;
  for (guint k = 0; k < dataset->n_links; k++)
    plan->links[k].multiplier = 1.0 - dataset->links[k].saving.value;
  _strata_plan_fill_search_links (plan);
  plan->fixed_ready = FALSE;
  plan->pat_ready = FALSE;
  _strata_plan_kept_forget (plan, -1);
}

Plan *
_strata_plan_new (const StrataDataset *dataset,
                  StrataObjective      objective)
{
  return _strata_plan_new_in (dataset, objective, NULL);
}


/* strata-chart-results.c: what a chart computes from its request alone
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "strata-chart-private.h"

/* The model's answers a chart needs (its series, break-evens, outcomes),
 * which depend on the request and not on the size.  A caller that lays
 * the same request out at several sizes (the app on a resize) passes one
 * StrataChartResults to each, and the model runs once. */
struct _StrataChartResults
{
  GMutex      lock;
  GHashTable *entries;     /* static key -> Entry */
  guint       n_computed;  /* answers computed (kept or not): tests, benchmarks */
};

typedef struct
{
  gpointer       value;
  GDestroyNotify destroy;
} Entry;

static void
entry_free (gpointer data)
{
  Entry *entry = data;

  if (entry->destroy != NULL && entry->value != NULL)
    entry->destroy (entry->value);
  g_free (entry);
}

static void
results_clear (gpointer data)
{
  StrataChartResults *results = data;

  g_hash_table_unref (results->entries);
  g_mutex_clear (&results->lock);
}

StrataChartResults *
strata_chart_results_new (void)
{
  StrataChartResults *results = g_atomic_rc_box_new0 (StrataChartResults);

  g_mutex_init (&results->lock);
  results->entries = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, entry_free);
  return results;
}

StrataChartResults *
strata_chart_results_ref (StrataChartResults *results)
{
  return g_atomic_rc_box_acquire (results);
}

void
strata_chart_results_unref (StrataChartResults *results)
{
  g_atomic_rc_box_release_full (results, results_clear);
}

guint
strata_chart_results_get_n_computed (StrataChartResults *results)
{
  guint n;

  g_return_val_if_fail (results != NULL, 0);

  g_mutex_lock (&results->lock);
  n = results->n_computed;
  g_mutex_unlock (&results->lock);
  return n;
}

gconstpointer
_strata_chart_result (StrataChartCtx         *ctx,
                      const char             *key,
                      StrataChartComputeFunc  compute,
                      gpointer                data,
                      GDestroyNotify          destroy)
{
  StrataChartResults *results;
  Entry *entry;
  gpointer value;

  if (ctx->results == NULL)
    ctx->results = strata_chart_results_new ();
  results = ctx->results;

  g_mutex_lock (&results->lock);
  entry = g_hash_table_lookup (results->entries, key);
  g_mutex_unlock (&results->lock);
  if (entry != NULL)
    return entry->value;

  /* Outside the lock: two threads may both compute; the first stored
   * wins, and the answers are the same. */
  value = compute (ctx, data);
  if (_strata_chart_job_cancelled ())
    {
      g_mutex_lock (&results->lock);
      results->n_computed++;
      g_mutex_unlock (&results->lock);
      /* Cut short: good for this (discarded) drawing only. */
      if (ctx->scratch == NULL)
        ctx->scratch = g_ptr_array_new_with_free_func (entry_free);
      entry = g_new0 (Entry, 1);
      entry->value = value;
      entry->destroy = destroy;
      g_ptr_array_add (ctx->scratch, entry);
      return value;
    }

  g_mutex_lock (&results->lock);
  results->n_computed++;
  entry = g_hash_table_lookup (results->entries, key);
  if (entry == NULL)
    {
      entry = g_new0 (Entry, 1);
      entry->value = value;
      entry->destroy = destroy;
      g_hash_table_insert (results->entries, (gpointer) key, entry);
      value = NULL;
    }
  g_mutex_unlock (&results->lock);
  if (value != NULL && destroy != NULL)
    destroy (value);
  return entry->value;
}

gpointer
_strata_chart_result_copy (StrataChartResults       *results,
                           const StrataChartRequest *request,
                           const char               *key,
                           StrataChartComputeFunc    compute,
                           GDestroyNotify            destroy,
                           GBoxedCopyFunc            copy)
{
  StrataChartCtx ctx;
  gconstpointer value;
  gpointer out;

  g_return_val_if_fail (results != NULL, NULL);

  /* Only what _strata_chart_result () and the computations read. */
  memset (&ctx, 0, sizeof ctx);
  ctx.request = request;
  ctx.results = results;
  value = _strata_chart_result (&ctx, key, compute, NULL, destroy);
  out = value != NULL ? copy ((gpointer) value) : NULL;
  /* A cancelled answer was kept for this call only. */
  g_clear_pointer (&ctx.scratch, g_ptr_array_unref);
  return out;
}

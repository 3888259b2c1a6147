/* strata-mc-kept.c: what the Monte Carlo keeps from one run to the next
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "strata-uncertainty"

#include "config.h"

#include <string.h>
#if defined(__linux__)
#include <sys/mman.h>
#endif

#include "strata-mc-kept-private.h"

/* -- the columns ---------------------------------------------------------- */

/* The columns of a block: tens of megabytes written once per run.  As
 * 4 KiB pages their first touch was an eighth of the run's time (page
 * faults, perf 2026-12-03); as transparent huge pages a few dozen faults,
 * but on this virtual machine still 2 ms per fresh megabyte.  So the
 * buffer of the last run is kept (up to COLUMNS_KEEP bytes) for the next
 * one: the app runs the Monte Carlo again after every flip and edit.
 * Every cell of a block is written before it is read, so what a reused
 * buffer held never shows. */
#define COLUMNS_KEEP ((gsize) 64 << 20)

static GMutex          columns_lock;
static StrataMcColumns columns_kept;

static void
columns_release (StrataMcColumns *c)
{
#if defined(__linux__)
  if (c->mapped)
    munmap (c->data, c->size);
  else
#endif
    g_free (c->data);
  c->data = NULL;
}

void
_strata_mc_columns_alloc (StrataMcColumns *c,
                          gsize            n)
{
  StrataMcColumns old = { NULL, 0, FALSE };

  g_mutex_lock (&columns_lock);
  if (columns_kept.data != NULL && columns_kept.size >= n * sizeof (double))
    {
      *c = columns_kept;
      columns_kept.data = NULL;
      g_mutex_unlock (&columns_lock);
      return;
    }
  old = columns_kept;
  columns_kept.data = NULL;
  g_mutex_unlock (&columns_lock);
  if (old.data != NULL)
    columns_release (&old);

  c->size = n * sizeof (double);
  c->data = NULL;
  c->mapped = FALSE;
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  if (c->size >= 4u << 20)
    {
      void *p = mmap (NULL, c->size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

      if (p != MAP_FAILED)
        {
          madvise (p, c->size, MADV_HUGEPAGE);
          c->data = p;
          c->mapped = TRUE;
        }
    }
#endif
  if (c->data == NULL)
    c->data = g_new (double, n);
}

/* Kept for the next run when it is the larger of it and the one kept. */
void
_strata_mc_columns_free (StrataMcColumns *c)
{
  if (c->size <= COLUMNS_KEEP)
    {
      g_mutex_lock (&columns_lock);
      if (columns_kept.data == NULL || columns_kept.size < c->size)
        {
          StrataMcColumns swap = columns_kept;

          columns_kept = *c;
          *c = swap;
        }
      g_mutex_unlock (&columns_lock);
    }
  if (c->data != NULL)
    columns_release (c);
}

/* -- the optimum ---------------------------------------------------------- */

/* The last runs' optima: a first estimate's and a full run's. */
#define OPTIMUM_KEEP      2
/* At most this much kept each (the app's 2,000 draws x 128 volumes take
 * 2 MB). */
#define OPTIMUM_MAX_BYTES ((gsize) 32 << 20)

static GMutex           optimum_lock;
static StrataMcOptimum *kept[OPTIMUM_KEEP];
static guint            next_kept;
static gint             disabled;
static gint             n_taken;

/* -- the digest ------------------------------------------------------------ */

/* splitmix64's finalizer: every bit of @x moves every bit of the result. */
static inline guint64
mix (guint64 x)
{
  x ^= x >> 30;
  x *= G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  x ^= x >> 27;
  x *= G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return x ^ (x >> 31);
}

/* One word into the digest: each step is a bijection of the digest, so a
 * change of any one word changes it. */
static inline void
add_word (guint64 *h,
          guint64  word)
{
  *h = (*h ^ mix (word)) * G_GUINT64_CONSTANT (0x100000001b3);
}

static inline void
add_double (guint64 *h,
            double   value)
{
  guint64 bits;

  memcpy (&bits, &value, sizeof bits);
  add_word (h, bits);
}

static void
add_number (guint64            *h,
            const StrataNumber *n)
{
  add_double (h, n->value);
  add_double (h, n->low);
  add_double (h, n->high);
  add_word (h, n->uncertain != 0);
}

guint64
_strata_mc_dataset_key (const StrataDataset *d)
{
  guint64 h = G_GUINT64_CONSTANT (0xcbf29ce484222325);

  add_double (&h, d->volume_min);
  add_double (&h, d->volume_max);
  add_double (&h, d->boundary_cost);
  add_word (&h, d->has_price != 0);
  add_double (&h, d->price);
  add_word (&h, d->n_layers);
  add_word (&h, d->n_links);
  for (guint i = 0; i < d->n_layers; i++)
    {
      const StrataLayer *l = &d->layers[i];

      add_word (&h, l->has_boundary_cost != 0);
      add_double (&h, l->boundary_cost);
      add_word (&h, l->n_options);
      for (guint k = 0; k < l->n_options; k++)
        {
          const StrataOption *o = &l->options[k];

          add_word (&h, o->mode);
          add_word (&h, o->has_price != 0);
          add_number (&h, &o->supplier_cost);
          add_number (&h, &o->price);
          add_number (&h, &o->margin);
          add_number (&h, &o->unit_cost);
          add_number (&h, &o->learning_rate);
          add_number (&h, &o->reference_volume);
          add_number (&h, &o->floor_cost);
          add_number (&h, &o->fixed_cost);
          add_number (&h, &o->ecosystem_value);
          add_number (&h, &o->latency_ms);
          add_number (&h, &o->capex);
          add_number (&h, &o->exit_cost);
          add_word (&h, o->build_years);
          add_double (&h, o->experience);
        }
    }
  for (guint l = 0; l < d->n_links; l++)
    {
      add_word (&h, d->links[l].from);
      add_word (&h, d->links[l].to);
      add_number (&h, &d->links[l].saving);
    }
  return h;
}

/* -- kept ------------------------------------------------------------------ */

void
_strata_mc_optimum_set_enabled (gboolean enabled)
{
  g_atomic_int_set (&disabled, !enabled);
}

guint
_strata_mc_optimum_n_taken (void)
{
  return (guint) g_atomic_int_get (&n_taken);
}

static gboolean
same_run (const StrataMcOptimum *m,
          guint64                key,
          StrataObjective        objective,
          guint64                seed,
          guint64                n_runs,
          guint                  n_points)
{
  return m != NULL && m->key == key && m->objective == objective && m->seed == seed &&
         m->n_runs == n_runs && m->n_points == n_points;
}

StrataMcOptimum *
_strata_mc_optimum_find (const StrataDataset *dataset,
                         StrataObjective      objective,
                         guint64              seed,
                         guint64              n_runs,
                         guint                n_points)
{
  StrataMcOptimum *found = NULL;
  guint64 key;

  if (g_atomic_int_get (&disabled))
    return NULL;
  key = _strata_mc_dataset_key (dataset);
  g_mutex_lock (&optimum_lock);
  for (guint i = 0; i < OPTIMUM_KEEP && found == NULL; i++)
    if (same_run (kept[i], key, objective, seed, n_runs, n_points) &&
        kept[i]->n_layers == dataset->n_layers)
      {
        found = kept[i];
        g_atomic_ref_count_inc (&found->ref_count);
        g_atomic_int_inc (&n_taken);
      }
  g_mutex_unlock (&optimum_lock);
  return found;
}

StrataMcOptimum *
_strata_mc_optimum_new (const StrataDataset *dataset,
                        StrataObjective      objective,
                        guint64              seed,
                        guint64              n_runs,
                        guint                n_points)
{
  StrataMcOptimum *m;

  if (g_atomic_int_get (&disabled) ||
      (guint64) n_points * n_runs > OPTIMUM_MAX_BYTES / sizeof (double))
    return NULL;

  m = g_new0 (StrataMcOptimum, 1);
  g_atomic_ref_count_init (&m->ref_count);
  m->key = _strata_mc_dataset_key (dataset);
  m->objective = objective;
  m->seed = seed;
  m->n_runs = n_runs;
  m->n_points = n_points;
  m->n_layers = dataset->n_layers;
  m->cost = g_new (double, (gsize) n_points * n_runs);
  m->integrated = g_new0 (gint, (gsize) n_points * MAX (dataset->n_layers, 1));
  return m;
}

void
_strata_mc_optimum_keep (StrataMcOptimum *memo)
{
  StrataMcOptimum *old;

  g_return_if_fail (memo != NULL);

  g_atomic_ref_count_inc (&memo->ref_count);
  g_mutex_lock (&optimum_lock);
  old = kept[next_kept];
  kept[next_kept] = memo;
  next_kept = (next_kept + 1) % OPTIMUM_KEEP;
  g_mutex_unlock (&optimum_lock);
  if (old != NULL)
    _strata_mc_optimum_unref (old);
}

void
_strata_mc_optimum_unref (StrataMcOptimum *memo)
{
  if (memo == NULL || !g_atomic_ref_count_dec (&memo->ref_count))
    return;
  g_free (memo->cost);
  g_free (memo->integrated);
  g_free (memo);
}

/* strata-uncertainty.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "strata-uncertainty"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "strata-uncertainty-private.h"

/*
 * MODEL.md section 6.
 *
 * The model (strata-model.c) reads the `.value` of every StrataNumber.  A
 * draw therefore runs on a "sample": a shallow copy of the dataset struct
 * whose layers, options and links arrays are copies of their own, so that
 * setting `.value` of the copied uncertain numbers changes nothing the
 * caller can see.  Names, ids, strategies and everything else are borrowed
 * from the original, which outlives the sample.  No arithmetic is repeated
 * here: the tornado takes every figure from the model run on the sample;
 * the Monte Carlo (strata-montecarlo.c) from the model compiled for draws
 * (strata-mc-kernel.c), which adds the same terms in the same order.
 *
 * Random numbers: xoshiro256** (http://prng.di.unimi.it/), seeded through
 * splitmix64 as its authors recommend.  Draw d of seed S uses the stream
 * seeded with mix (mix (S) + d), mix being splitmix64's output function, so
 * draws are independent of each other, of how many there are and of the
 * thread that runs them, and a draw can be recomputed on its own.
 */

/* ------------------------------------------------------------------ */
/* Random numbers                                                       */
/* ------------------------------------------------------------------ */

static inline guint64
mix64 (guint64 z)
{
  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return z ^ (z >> 31);
}

guint64
strata_splitmix64 (guint64 *state)
{
  g_return_val_if_fail (state != NULL, 0);

  *state += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15);
  return mix64 (*state);
}

void
strata_rng_init (StrataRng *rng,
                 guint64    seed)
{
  guint64 state = seed;

  g_return_if_fail (rng != NULL);

  for (guint i = 0; i < 4; i++)
    rng->s[i] = strata_splitmix64 (&state);
  /* splitmix64 never yields four zeros in a row, but be explicit: the
   * all-zero state is the one xoshiro cannot leave. */
  if ((rng->s[0] | rng->s[1] | rng->s[2] | rng->s[3]) == 0)
    rng->s[0] = 1;
}

static inline guint64
rotl (guint64 x,
      int     k)
{
  return (x << k) | (x >> (64 - k));
}

guint64
strata_rng_next (StrataRng *rng)
{
  guint64 *s = rng->s;
  guint64 result = rotl (s[1] * 5, 7) * 9;
  guint64 t = s[1] << 17;

  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl (s[3], 45);

  return result;
}

double
strata_rng_next_double (StrataRng *rng)
{
  /* The top 53 bits, scaled by 2^-53: every value a multiple of 2^-53. */
  return (double) (strata_rng_next (rng) >> 11) * (1.0 / 9007199254740992.0);
}

void
strata_rng_init_draw (StrataRng *rng,
                      guint64    seed,
                      guint64    draw)
{
  strata_rng_init (rng, mix64 (mix64 (seed) + draw));
}

double
strata_triangular_inverse (double low,
                           double mode,
                           double high,
                           double u)
{
  double width = high - low;
  double f_mode, x;

  if (!(width > 0))
    return mode;

  u = CLAMP (u, 0.0, 1.0);
  /* F(x) = (x - low)^2 / ((high - low)(mode - low))   for x <= mode,
   *        1 - (high - x)^2 / ((high - low)(high - mode)) above. */
  f_mode = (mode - low) / width;
  if (u < f_mode)
    x = low + sqrt (u * width * (mode - low));
  else
    x = high - sqrt ((1.0 - u) * width * (high - mode));

  /* Rounding must never leave the field's own [low, high]. */
  return CLAMP (x, low, high);
}

/* ------------------------------------------------------------------ */
/* Percentiles                                                          */
/* ------------------------------------------------------------------ */

static inline void
swap_doubles (double *a,
              double *b)
{
  double t = *a;
  *a = *b;
  *b = t;
}

/* Reorders @a so that a[k] holds the k-th smallest value, nothing before
 * it is larger and nothing after it smaller (Hoare's selection with a
 * median-of-three pivot). */
static void
select_kth (double *a,
            gsize   n,
            gsize   k)
{
  gsize lo = 0, hi = n - 1;

  while (hi > lo)
    {
      gsize mid = lo + (hi - lo) / 2;
      double pivot;
      gsize i, j;

      /* Median of three into a[mid]. */
      if (a[mid] < a[lo])
        swap_doubles (&a[mid], &a[lo]);
      if (a[hi] < a[lo])
        swap_doubles (&a[hi], &a[lo]);
      if (a[hi] < a[mid])
        swap_doubles (&a[hi], &a[mid]);
      pivot = a[mid];

      i = lo;
      j = hi;
      while (i <= j)
        {
          while (a[i] < pivot)
            i++;
          while (a[j] > pivot)
            j--;
          if (i <= j)
            {
              swap_doubles (&a[i], &a[j]);
              i++;
              if (j == 0)
                break;
              j--;
            }
        }
      /* Now a[lo..j] <= pivot <= a[i..hi] and j < i. */
      if (k <= j)
        hi = j;
      else if (k >= i)
        lo = i;
      else
        return;   /* between j and i everything equals the pivot */
    }
}

double
strata_percentile (double *values,
                   gsize   n,
                   double  p)
{
  double h, frac, x0, x1;
  gsize k;

  g_return_val_if_fail (values != NULL || n == 0, NAN);
  g_return_val_if_fail (p >= 0 && p <= 1, NAN);

  if (n == 0)
    return NAN;

  h = (double) (n - 1) * p;
  k = (gsize) floor (h);
  if (k >= n - 1)
    k = n - 1;
  frac = h - (double) k;

  select_kth (values, n, k);
  x0 = values[k];
  if (frac <= 0 || k + 1 >= n)
    return x0;

  /* The next order statistic is the least value above position k. */
  x1 = values[k + 1];
  for (gsize i = k + 2; i < n; i++)
    if (values[i] < x1)
      x1 = values[i];

  return x0 + frac * (x1 - x0);
}

/* The least value of @a[from..n-1]. */
static double
least_from (const double *a,
            gsize         from,
            gsize         n)
{
  double x = a[from];

  for (gsize i = from + 1; i < n; i++)
    if (a[i] < x)
      x = a[i];
  return x;
}

/* The @p-th quantile of @a[0..n-1] given that a[0..lo-1] hold the lo
 * smallest values (type 7, as strata_percentile ()); reorders a[lo..]. */
static double
quantile_from (double *a,
               gsize   n,
               gsize   lo,
               double  p)
{
  double h = (double) (n - 1) * p, frac;
  gsize k = (gsize) floor (h);
  double x0;

  if (k >= n - 1)
    k = n - 1;
  frac = h - (double) k;
  g_assert (k >= lo);
  select_kth (a + lo, n - lo, k - lo);
  x0 = a[k];
  if (frac <= 0 || k + 1 >= n)
    return x0;
  return x0 + frac * (least_from (a, k + 1, n) - x0);
}

void
_strata_percentiles3 (double *values,
                      gsize   n,
                      double *p10,
                      double *p50,
                      double *p90)
{
  gsize k10, k50;

  if (n == 0)
    {
      *p10 = *p50 = *p90 = NAN;
      return;
    }
  /* Each selection leaves the smaller values in front of its position,
   * so the next one only looks behind it. */
  *p10 = quantile_from (values, n, 0, 0.10);
  k10 = MIN ((gsize) floor ((double) (n - 1) * 0.10), n - 1);
  *p50 = quantile_from (values, n, k10, 0.50);
  k50 = MIN ((gsize) floor ((double) (n - 1) * 0.50), n - 1);
  *p90 = quantile_from (values, n, k50, 0.90);
}

/* Rank @k and @k + 1 of @a (type 7 interpolation by @frac), as
 * quantile_from () computes them. */
static double
order_stats_quantile (double *a,
                      gsize   n,
                      gsize   k,
                      double  frac)
{
  double x0;

  select_kth (a, n, k);
  x0 = a[k];
  if (frac <= 0 || k + 1 >= n)
    return x0;
  return x0 + frac * (least_from (a, k + 1, n) - x0);
}

typedef double StrataV2d __attribute__ ((vector_size (16)));
typedef gint64 StrataV2l __attribute__ ((vector_size (16)));

guint
_strata_percentiles3_near (double       *values,
                           gsize         n,
                           const double *lo,
                           const double *hi,
                           double       *scratch,
                           double       *out)
{
  static const double ps[3] = { 0.10, 0.50, 0.90 };
  double *win[3] = { scratch, scratch + n + 1, scratch + 2 * (n + 1) };
  gsize below[3] = { 0, 0, 0 }, m[3] = { 0, 0, 0 };
  gsize k[3];
  double frac[3];
  gboolean inside[3];
  guint n_inside = 0;

  if (n == 0)
    {
      out[0] = out[1] = out[2] = NAN;
      return 0;
    }

  for (guint q = 0; q < 3; q++)
    {
      double h = (double) (n - 1) * ps[q];

      k[q] = (gsize) floor (h);
      if (k[q] >= n - 1)
        k[q] = n - 1;
      frac[q] = h - (double) k[q];
    }

  /* One pass: the counts below each window without branches, and the
   * few values inside a window (a few in a hundred) behind one branch
   * that is rarely taken.  Three windows written at every value bounded
   * the pass before (perf 2026-12-03). */
  {
    double lo0 = lo[0], lo1 = lo[1], lo2 = lo[2], hi0 = hi[0], hi1 = hi[1], hi2 = hi[2];
    gsize b0 = 0, b1 = 0, b2 = 0, i = 0;
    /* Two values at a time: the counts as lanes (a comparison is -1
     * where true), and the rare pair with a value inside a window taken
     * one value after the other as below (perf 2026-12-03: the pass was
     * 40 instructions a value). */
    const StrataV2d vlo0 = { lo0, lo0 }, vlo1 = { lo1, lo1 }, vlo2 = { lo2, lo2 };
    const StrataV2d vhi0 = { hi0, hi0 }, vhi1 = { hi1, hi1 }, vhi2 = { hi2, hi2 };
    StrataV2l c0 = { 0, 0 }, c1 = { 0, 0 }, c2 = { 0, 0 };

    for (; i + 2 <= n; i += 2)
      {
        StrataV2d x;
        StrataV2l in;

        memcpy (&x, &values[i], sizeof x);
        c0 -= x < vlo0;
        c1 -= x < vlo1;
        c2 -= x < vlo2;
        in = ((x >= vlo0) & (x <= vhi0)) | ((x >= vlo1) & (x <= vhi1)) |
             ((x >= vlo2) & (x <= vhi2));
        if (G_UNLIKELY ((in[0] | in[1]) != 0))
          for (guint j = 0; j < 2; j++)
            {
              double y = x[j];
              int in0 = (y >= lo0) & (y <= hi0), in1 = (y >= lo1) & (y <= hi1);
              int in2 = (y >= lo2) & (y <= hi2);

              win[0][m[0]] = y;
              m[0] += in0;
              win[1][m[1]] = y;
              m[1] += in1;
              win[2][m[2]] = y;
              m[2] += in2;
            }
      }
    b0 = (gsize) (c0[0] + c0[1]);
    b1 = (gsize) (c1[0] + c1[1]);
    b2 = (gsize) (c2[0] + c2[1]);
    for (; i < n; i++)
      {
        double x = values[i];
        int in0 = (x >= lo0) & (x <= hi0), in1 = (x >= lo1) & (x <= hi1);
        int in2 = (x >= lo2) & (x <= hi2);

        b0 += x < lo0;
        b1 += x < lo1;
        b2 += x < lo2;
        if (G_UNLIKELY (in0 | in1 | in2))
          {
            win[0][m[0]] = x;
            m[0] += in0;
            win[1][m[1]] = x;
            m[1] += in1;
            win[2][m[2]] = x;
            m[2] += in2;
          }
      }
    below[0] = b0;
    below[1] = b1;
    below[2] = b2;
  }

  for (guint q = 0; q < 3; q++)
    {
      /* Ranks k and k + 1 (when there is one) inside the window. */
      gsize last = k[q] + 1 < n ? k[q] + 1 : k[q];

      inside[q] = below[q] <= k[q] && last < below[q] + m[q];
      if (inside[q])
        {
          out[q] = order_stats_quantile (win[q], m[q], k[q] - below[q], frac[q]);
          n_inside++;
        }
    }

  if (n_inside < 3)
    {
      double all[3];

      /* Any miss: the plain way for all three (each selection leans on
       * the one before it), keeping the ones found. */
      _strata_percentiles3 (values, n, &all[0], &all[1], &all[2]);
      for (guint q = 0; q < 3; q++)
        if (!inside[q])
          out[q] = all[q];
    }
  return n_inside;
}

#define SAMPLE_STRIDE 16
#define SAMPLED_MIN   1024

/* Brackets around P10, P50 and P90 of @values[0..n-1] from a subsample
 * of every SAMPLE_STRIDE-th value, sorted into @sample: the subsample's
 * quantiles widened by four standard deviations of a quantile's rank
 * (and four values), so that the order statistics of the whole almost
 * always lie inside. */
static void
sample_brackets (const double *values,
                 gsize         n,
                 double       *sample,
                 double       *lo,
                 double       *hi)
{
  static const double ps[3] = { 0.10, 0.50, 0.90 };
  gsize s = 0;

  for (gsize i = 0; i < n; i += SAMPLE_STRIDE)
    sample[s++] = values[i];
  qsort (sample, s, sizeof (double), strata_compare_doubles);
  for (guint q = 0; q < 3; q++)
    {
      double at = ps[q] * (double) (s - 1);
      double w = 4.0 * sqrt ((double) s * ps[q] * (1.0 - ps[q])) + 4.0;
      double j0 = floor (at - w), j1 = ceil (at + w);

      lo[q] = j0 < 0 ? -INFINITY : sample[(gsize) j0];
      hi[q] = j1 > (double) (s - 1) ? INFINITY : sample[(gsize) j1];
    }
}

void
_strata_percentiles3_sampled (double *values,
                              gsize   n,
                              double *scratch,
                              double *out)
{
  g_autofree double *own = NULL;
  double lo[3], hi[3];

  if (n <= SAMPLED_MIN)
    {
      _strata_percentiles3 (values, n, &out[0], &out[1], &out[2]);
      return;
    }
  if (scratch == NULL)
    scratch = own = g_new (double, STRATA_PERCENTILES3_SCRATCH (n));
  sample_brackets (values, n, scratch + 3 * (n + 1), lo, hi);
  _strata_percentiles3_near (values, n, lo, hi, scratch, out);
}

/* ------------------------------------------------------------------ */
/* Threads                                                              */
/* ------------------------------------------------------------------ */

typedef struct
{
  guint           n_tasks;
  gint            next;       /* atomic */
  StrataTaskFunc  func;
  gpointer        data;
} Pool;

static gpointer
pool_worker (gpointer data)
{
  Pool *pool = data;

  for (;;)
    {
      gint task = g_atomic_int_add (&pool->next, 1);

      if (task < 0 || (guint) task >= pool->n_tasks)
        break;
      pool->func (pool->data, (guint) task);
    }
  return NULL;
}

guint
_strata_num_processors (void)
{
  static gsize n = 0;

  if (g_once_init_enter (&n))
    g_once_init_leave (&n, (gsize) MAX (g_get_num_processors (), 1));
  return (guint) n;
}

void
_strata_parallel_for (guint          n_tasks,
                      guint          n_threads,
                      StrataTaskFunc func,
                      gpointer       data)
{
  Pool pool = { n_tasks, 0, func, data };
  GThread *threads[64];
  guint n_helpers;

  n_threads = CLAMP (n_threads, 1, G_N_ELEMENTS (threads));
  n_helpers = MIN (n_threads, MAX (n_tasks, 1)) - 1;
  for (guint t = 0; t < n_helpers; t++)
    threads[t] = g_thread_new ("strata-mc", pool_worker, &pool);
  pool_worker (&pool);
  for (guint t = 0; t < n_helpers; t++)
    g_thread_join (threads[t]);
}

/* ------------------------------------------------------------------ */
/* The uncertain numbers                                                */
/* ------------------------------------------------------------------ */

typedef enum
{
  APPLIES_ANY,
  APPLIES_NEUTRAL_SUPPLIER_COST,
  APPLIES_NEUTRAL_PRICE,
  APPLIES_NEUTRAL,
  APPLIES_INTEGRATED,
} Applies;

typedef struct
{
  const char *key;
  gsize       offset;
  Applies     applies;
} OptionField;

/* The draw order of an option's fields (documented in the header). */
static const OptionField option_fields[] = {
  { "supplier_cost",    G_STRUCT_OFFSET (StrataOption, supplier_cost),    APPLIES_NEUTRAL_SUPPLIER_COST },
  { "price",            G_STRUCT_OFFSET (StrataOption, price),            APPLIES_NEUTRAL_PRICE },
  { "margin",           G_STRUCT_OFFSET (StrataOption, margin),           APPLIES_NEUTRAL },
  { "unit_cost",        G_STRUCT_OFFSET (StrataOption, unit_cost),        APPLIES_INTEGRATED },
  { "learning_rate",    G_STRUCT_OFFSET (StrataOption, learning_rate),    APPLIES_INTEGRATED },
  { "reference_volume", G_STRUCT_OFFSET (StrataOption, reference_volume), APPLIES_INTEGRATED },
  { "floor_cost",       G_STRUCT_OFFSET (StrataOption, floor_cost),       APPLIES_INTEGRATED },
  { "fixed_cost",       G_STRUCT_OFFSET (StrataOption, fixed_cost),       APPLIES_ANY },
  { "ecosystem_value",  G_STRUCT_OFFSET (StrataOption, ecosystem_value),  APPLIES_ANY },
  { "latency_ms",       G_STRUCT_OFFSET (StrataOption, latency_ms),       APPLIES_ANY },
};

static gboolean
field_applies (const OptionField  *field,
               const StrataOption *option)
{
  switch (field->applies)
    {
    case APPLIES_ANY:
      return TRUE;
    case APPLIES_NEUTRAL_SUPPLIER_COST:
      return option->mode == STRATA_MODE_NEUTRAL && !option->has_price;
    case APPLIES_NEUTRAL_PRICE:
      return option->mode == STRATA_MODE_NEUTRAL && option->has_price;
    case APPLIES_NEUTRAL:
      return option->mode == STRATA_MODE_NEUTRAL;
    case APPLIES_INTEGRATED:
      return option->mode == STRATA_MODE_INTEGRATED;
    default:
      g_assert_not_reached ();
    }
}

/* Every uncertain number of @dataset in draw order.  The dataset is only
 * written through the slots by the caller, on its own copies. */
GArray *
_strata_collect_slots (StrataLayer *layers,
               guint        n_layers,
               StrataLink  *links,
               guint        n_links)
{
  GArray *slots = g_array_new (FALSE, TRUE, sizeof (StrataSlot));

  for (guint l = 0; l < n_layers; l++)
    for (guint o = 0; o < layers[l].n_options; o++)
      {
        StrataOption *option = &layers[l].options[o];

        for (guint f = 0; f < G_N_ELEMENTS (option_fields); f++)
          {
            StrataNumber *number = &G_STRUCT_MEMBER (StrataNumber, option, option_fields[f].offset);
            StrataSlot slot = { STRATA_UNCERTAIN_OPTION, l, o, 0, option_fields[f].key, number,
                          number->value };

            if (number->uncertain && field_applies (&option_fields[f], option))
              g_array_append_val (slots, slot);
          }
      }

  for (guint k = 0; k < n_links; k++)
    if (links[k].saving.uncertain)
      {
        StrataSlot slot = { STRATA_UNCERTAIN_LINK, 0, 0, k, "saving", &links[k].saving,
                      links[k].saving.value };

        g_array_append_val (slots, slot);
      }

  return slots;
}

void
_strata_uncertain_clear (gpointer data)
{
  StrataUncertain *u = data;

  g_clear_pointer (&u->path, g_free);
  g_clear_pointer (&u->label, g_free);
}

void
_strata_uncertain_fill (StrataUncertain     *u,
                const StrataDataset *dataset,
                        const StrataSlot    *slot)
{
  memset (u, 0, sizeof *u);
  u->kind = slot->kind;
  u->layer = slot->layer;
  u->option = slot->option;
  u->link = slot->link;
  u->field = slot->field;
  u->value = slot->number->value;
  u->low = slot->number->low;
  u->high = slot->number->high;

  if (slot->kind == STRATA_UNCERTAIN_OPTION)
    {
      const StrataLayer *layer = &dataset->layers[slot->layer];
      const StrataOption *option = &layer->options[slot->option];

      u->path = g_strdup_printf ("layers[%u].options[%u].%s", slot->layer, slot->option,
                                 slot->field);
      u->label = g_strdup_printf ("%s / %s: %s",
                                  layer->name ? layer->name : layer->id,
                                  option->name ? option->name : option->id,
                                  slot->field);
    }
  else if (slot->kind == STRATA_UNCERTAIN_HORIZON)
    {
      u->path = g_strdup_printf ("horizon.%s", slot->field);
      u->label = g_strdup_printf ("Horizon: %s", slot->field);
    }
  else
    {
      const StrataLink *link = &dataset->links[slot->link];
      const StrataLayer *from = &dataset->layers[link->from];
      const StrataLayer *to = &dataset->layers[link->to];

      u->path = g_strdup_printf ("links[%u].%s", slot->link, slot->field);
      u->label = g_strdup_printf ("Link %s \xE2\x86\x92 %s: %s",
                                  from->name ? from->name : from->id,
                                  to->name ? to->name : to->id,
                                  slot->field);
    }
}

GArray *
strata_uncertain_list (const StrataDataset *dataset)
{
  GArray *list = g_array_new (FALSE, TRUE, sizeof (StrataUncertain));
  g_autoptr(GArray) slots = NULL;

  g_array_set_clear_func (list, _strata_uncertain_clear);
  g_return_val_if_fail (dataset != NULL, list);

  /* Only read through the slots. */
  slots = _strata_collect_slots (dataset->layers, dataset->n_layers, dataset->links, dataset->n_links);
  g_array_set_size (list, slots->len);
  for (guint i = 0; i < slots->len; i++)
    _strata_uncertain_fill (&g_array_index (list, StrataUncertain, i), dataset,
                    &g_array_index (slots, StrataSlot, i));
  return list;
}

/* ------------------------------------------------------------------ */
/* Samples: a dataset copy whose uncertain numbers can be set           */
/* ------------------------------------------------------------------ */

/* The horizon's uncertain numbers in draw order (strata-uncertainty-private.h). */
static GArray *
collect_horizon_slots (StrataLayer   *layers,
                       guint          n_layers,
                       StrataHorizon *h)
{
  GArray *slots = g_array_new (FALSE, TRUE, sizeof (StrataSlot));

#define ADD(kind, l, o, key, num) G_STMT_START {                      \
    if ((num)->uncertain)                                             \
      {                                                               \
        StrataSlot slot = { (kind), (l), (o), 0, (key), (num), (num)->value }; \
        g_array_append_val (slots, slot);                             \
      }                                                               \
  } G_STMT_END

  for (guint l = 0; l < n_layers; l++)
    for (guint o = 0; o < layers[l].n_options; o++)
      {
        ADD (STRATA_UNCERTAIN_OPTION, l, o, "capex", &layers[l].options[o].capex);
        ADD (STRATA_UNCERTAIN_OPTION, l, o, "exit_cost", &layers[l].options[o].exit_cost);
      }
  ADD (STRATA_UNCERTAIN_HORIZON, 0, 0, "discount_rate", &h->discount_rate);
  if (!h->volume_listed)
    {
      ADD (STRATA_UNCERTAIN_HORIZON, 0, 0, "volume.first", &h->volume_first);
      ADD (STRATA_UNCERTAIN_HORIZON, 0, 0, "volume.growth", &h->volume_growth);
    }
#undef ADD
  return slots;
}

void
_strata_sample_init (StrataSample              *sample,
             const StrataDataset *dataset)
{
  guint n = dataset->n_layers;

  memset (sample, 0, sizeof *sample);
  sample->copy = *dataset;
  sample->layers = g_new (StrataLayer, MAX (n, 1));
  for (guint l = 0; l < n; l++)
    {
      guint n_options = dataset->layers[l].n_options;

      sample->layers[l] = dataset->layers[l];
      sample->layers[l].options = n_options > 0
        ? g_memdup2 (dataset->layers[l].options, sizeof (StrataOption) * n_options)
        : NULL;
    }
  sample->links = dataset->n_links > 0
    ? g_memdup2 (dataset->links, sizeof (StrataLink) * dataset->n_links)
    : NULL;
  sample->copy.layers = sample->layers;
  sample->copy.links = sample->links;
  sample->slots = _strata_collect_slots (sample->layers, n, sample->links, dataset->n_links);
  if (dataset->horizon != NULL)
    {
      sample->horizon = g_memdup2 (dataset->horizon, sizeof (StrataHorizon));
      sample->copy.horizon = sample->horizon;
      sample->hslots = collect_horizon_slots (sample->layers, n, sample->horizon);
    }
}

void
_strata_sample_clear (StrataSample *sample)
{
  for (guint l = 0; l < sample->copy.n_layers; l++)
    g_free (sample->layers[l].options);
  g_clear_pointer (&sample->layers, g_free);
  g_clear_pointer (&sample->links, g_free);
  g_clear_pointer (&sample->slots, g_array_unref);
  g_clear_pointer (&sample->hslots, g_array_unref);
  /* A shallow copy: its volume list, start and extra keys are borrowed. */
  g_clear_pointer (&sample->horizon, g_free);
}

/* Sets every uncertain number of @sample to draw @draw of @seed; @out,
 * when not NULL, receives the values. */
void
_strata_sample_draw (StrataSample  *sample,
             guint64  seed,
             guint64  draw,
             double  *out)
{
  StrataRng rng;

  strata_rng_init_draw (&rng, seed, draw);
  for (guint i = 0; i < sample->slots->len; i++)
    {
      const StrataSlot *slot = &g_array_index (sample->slots, StrataSlot, i);
      StrataNumber *number = slot->number;
      double u = strata_rng_next_double (&rng);

      /* One uniform per number, drawn even when low == high, so that the
       * numbers after it keep their place in the stream. */
      number->value = strata_triangular_inverse (number->low, slot->mode, number->high, u);
      if (out != NULL)
        out[i] = number->value;
    }
}

void
strata_monte_carlo_draw (const StrataDataset *dataset,
                         guint64              seed,
                         guint64              draw,
                         double              *out)
{
  StrataSample sample;

  g_return_if_fail (dataset != NULL);
  g_return_if_fail (out != NULL);

  _strata_sample_init (&sample, dataset);
  _strata_sample_draw (&sample, seed, draw, out);
  _strata_sample_clear (&sample);
}

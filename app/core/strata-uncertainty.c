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

#include "strata/strata-uncertainty.h"

/*
 * MODEL.md section 6.
 *
 * The model (strata-model.c) reads the `.value` of every StrataNumber.  A
 * draw therefore runs on a "sample": a shallow copy of the dataset struct
 * whose layers, options and links arrays are copies of their own, so that
 * setting `.value` of the copied uncertain numbers changes nothing the
 * caller can see.  Names, ids, strategies and everything else are borrowed
 * from the original, which outlives the sample.  No arithmetic is repeated
 * here: every figure comes from strata_strategy_effective_cost() and
 * strata_breakeven() run on the sample.
 *
 * Random numbers: xoshiro256** (http://prng.di.unimi.it/), seeded through
 * splitmix64 as its authors recommend.  Draw d of seed S uses the stream
 * seeded with mix (mix (S) + d), mix being splitmix64's output function, so
 * draws are independent of each other and of how many there are, and a
 * draw can be recomputed on its own (the simulation does so once per volume
 * instead of keeping every draw in memory).
 */

/* Differences this small relative to the costs are rounding, not "A is
 * cheaper" (the same rule as strata_breakeven()). */
#define CHEAPER_TOLERANCE 1e-12

/* Volumes scanned per draw for the first break-even, and the relative
 * precision it is then located to (that of strata_breakeven()). */
#define BREAKEVEN_SCAN    512
#define VOLUME_PRECISION  1e-9

/* How often the loops look at the cancellable. */
#define CANCEL_EVERY 256

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

/* One uncertain number found in a dataset, with where it lives. */
typedef struct
{
  StrataUncertainKind  kind;
  guint                layer;
  guint                option;
  guint                link;
  const char          *field;
  StrataNumber        *number;   /* into the dataset walked */
  double               mode;     /* its value when collected */
} Slot;

/* Every uncertain number of @dataset in draw order.  The dataset is only
 * written through the slots by the caller, on its own copies. */
static GArray *
collect_slots (StrataLayer *layers,
               guint        n_layers,
               StrataLink  *links,
               guint        n_links)
{
  GArray *slots = g_array_new (FALSE, TRUE, sizeof (Slot));

  for (guint l = 0; l < n_layers; l++)
    for (guint o = 0; o < layers[l].n_options; o++)
      {
        StrataOption *option = &layers[l].options[o];

        for (guint f = 0; f < G_N_ELEMENTS (option_fields); f++)
          {
            StrataNumber *number = &G_STRUCT_MEMBER (StrataNumber, option, option_fields[f].offset);
            Slot slot = { STRATA_UNCERTAIN_OPTION, l, o, 0, option_fields[f].key, number,
                          number->value };

            if (number->uncertain && field_applies (&option_fields[f], option))
              g_array_append_val (slots, slot);
          }
      }

  for (guint k = 0; k < n_links; k++)
    if (links[k].saving.uncertain)
      {
        Slot slot = { STRATA_UNCERTAIN_LINK, 0, 0, k, "saving", &links[k].saving,
                      links[k].saving.value };

        g_array_append_val (slots, slot);
      }

  return slots;
}

static void
uncertain_clear (gpointer data)
{
  StrataUncertain *u = data;

  g_clear_pointer (&u->path, g_free);
  g_clear_pointer (&u->label, g_free);
}

static void
uncertain_fill (StrataUncertain     *u,
                const StrataDataset *dataset,
                const Slot          *slot)
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

  g_array_set_clear_func (list, uncertain_clear);
  g_return_val_if_fail (dataset != NULL, list);

  /* Only read through the slots. */
  slots = collect_slots (dataset->layers, dataset->n_layers, dataset->links, dataset->n_links);
  g_array_set_size (list, slots->len);
  for (guint i = 0; i < slots->len; i++)
    uncertain_fill (&g_array_index (list, StrataUncertain, i), dataset,
                    &g_array_index (slots, Slot, i));
  return list;
}

/* ------------------------------------------------------------------ */
/* Samples: a dataset copy whose uncertain numbers can be set           */
/* ------------------------------------------------------------------ */

typedef struct
{
  StrataDataset  copy;       /* shallow: borrows every string and strategy */
  StrataLayer   *layers;     /* (owned) copies, with their options arrays */
  StrataLink    *links;      /* (owned) */
  GArray        *slots;      /* (owned) Slot, pointing into the copies */
} Sample;

static void
sample_init (Sample              *sample,
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
  sample->slots = collect_slots (sample->layers, n, sample->links, dataset->n_links);
}

static void
sample_clear (Sample *sample)
{
  for (guint l = 0; l < sample->copy.n_layers; l++)
    g_free (sample->layers[l].options);
  g_clear_pointer (&sample->layers, g_free);
  g_clear_pointer (&sample->links, g_free);
  g_clear_pointer (&sample->slots, g_array_unref);
}

/* Sets every uncertain number of @sample to draw @draw of @seed; @out,
 * when not NULL, receives the values. */
static void
sample_draw (Sample  *sample,
             guint64  seed,
             guint64  draw,
             double  *out)
{
  StrataRng rng;

  strata_rng_init_draw (&rng, seed, draw);
  for (guint i = 0; i < sample->slots->len; i++)
    {
      const Slot *slot = &g_array_index (sample->slots, Slot, i);
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
  Sample sample;

  g_return_if_fail (dataset != NULL);
  g_return_if_fail (out != NULL);

  sample_init (&sample, dataset);
  sample_draw (&sample, seed, draw, out);
  sample_clear (&sample);
}

/* ------------------------------------------------------------------ */
/* Monte Carlo                                                          */
/* ------------------------------------------------------------------ */

void
strata_monte_carlo_params_init (StrataMonteCarloParams *params,
                                const StrataDataset    *dataset)
{
  const StrataStrategy *b = NULL;

  g_return_if_fail (params != NULL);
  g_return_if_fail (dataset != NULL);

  memset (params, 0, sizeof *params);
  params->n_draws = STRATA_MONTE_CARLO_DEFAULT_DRAWS;
  params->seed = 1;
  params->n_points = STRATA_MONTE_CARLO_DEFAULT_POINTS;

  /* No list: every preset and dataset strategy (strata_monte_carlo_run). */
  params->strategies = NULL;
  params->n_strategies = 0;

  params->a = strata_dataset_find_strategy (dataset, STRATA_STRATEGY_ALL_NEUTRAL);
  for (guint i = 0; i < dataset->n_strategies && b == NULL; i++)
    if (!dataset->strategies[i].preset)
      b = &dataset->strategies[i];
  if (b == NULL)
    b = strata_dataset_find_strategy (dataset, STRATA_STRATEGY_ALL_INTEGRATED);
  params->b = b;
}

void
strata_monte_carlo_free (StrataMonteCarlo *result)
{
  if (result == NULL)
    return;

  g_free (result->volumes);
  g_free (result->p10);
  g_free (result->p50);
  g_free (result->p90);
  g_free (result->probability_a_cheaper);
  g_free (result);
}

static gboolean
check_params (const StrataDataset          *dataset,
              const StrataMonteCarloParams *params,
              GError                      **error)
{
  if (params->n_draws < 1 || params->n_draws > STRATA_MONTE_CARLO_MAX_DRAWS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "the number of draws must be from 1 to %u, not %u",
                   STRATA_MONTE_CARLO_MAX_DRAWS, params->n_draws);
      return FALSE;
    }
  if (params->n_points < 2 || params->n_points > STRATA_MONTE_CARLO_MAX_POINTS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "the number of volumes must be from 2 to %u, not %u",
                   STRATA_MONTE_CARLO_MAX_POINTS, params->n_points);
      return FALSE;
    }
  if (params->n_strategies > 0 && params->strategies == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "the list of strategies is missing");
      return FALSE;
    }
  for (guint s = 0; s < params->n_strategies; s++)
    if (params->strategies[s] == NULL)
      {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                     "strategy %u is missing", s);
        return FALSE;
      }
  if (params->a == NULL || params->b == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "the strategies A and B to compare are missing");
      return FALSE;
    }
  if (dataset->n_layers == 0 || !(dataset->volume_min > 0) ||
      !(dataset->volume_max >= dataset->volume_min) || !isfinite (dataset->volume_max))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "the dataset has no layers or no usable volume range");
      return FALSE;
    }
  return TRUE;
}

static gboolean
cancelled (GCancellable  *cancellable,
           guint64        step,
           GError       **error)
{
  if (cancellable == NULL || step % CANCEL_EVERY != 0)
    return FALSE;
  return g_cancellable_set_error_if_cancelled (cancellable, error);
}

/* Percentiles of the finite values among @values[0..n-1] (reordered). */
static void
percentiles (double *values,
             gsize   n,
             double *p10,
             double *p50,
             double *p90)
{
  gsize m = 0;

  for (gsize i = 0; i < n; i++)
    if (isfinite (values[i]))
      values[m++] = values[i];

  *p10 = strata_percentile (values, m, 0.10);
  *p50 = strata_percentile (values, m, 0.50);
  *p90 = strata_percentile (values, m, 0.90);
}

/* The sign of eff(A) - eff(B) at @volume, 0 within rounding (the rule of
 * strata_breakeven()). */
static int
diff_sign (const StrataDataset  *dataset,
           const StrataStrategy *a,
           const StrataStrategy *b,
           double                volume)
{
  double x = strata_strategy_effective_cost (dataset, a, volume);
  double y = strata_strategy_effective_cost (dataset, b, volume);

  if (!isfinite (x) || !isfinite (y) || fabs (x - y) <= CHEAPER_TOLERANCE * (fabs (x) + fabs (y)))
    return 0;
  return x < y ? -1 : 1;
}

/* The first volume of @scan's range where eff(A) - eff(B) changes sign:
 * a log-spaced scan (exact zeros carry the last sign across, as in
 * strata_breakeven()), then bisection in log V of the first bracket to the
 * precision of strata_breakeven(). */
static gboolean
first_crossing (const StrataDataset  *dataset,
                const StrataStrategy *a,
                const StrataStrategy *b,
                const double         *scan,
                guint                 n_scan,
                double               *volume_out)
{
  double last_volume = 0;
  int last_sign = 0;

  for (guint i = 0; i < n_scan; i++)
    {
      int s = diff_sign (dataset, a, b, scan[i]);
      double lo, hi;

      if (s == 0)
        continue;
      if (last_sign == 0 || s == last_sign)
        {
          last_sign = s;
          last_volume = scan[i];
          continue;
        }

      lo = last_volume;
      hi = scan[i];
      while (hi / lo - 1.0 > VOLUME_PRECISION / 2)
        {
          double mid = sqrt (lo * hi);

          if (mid <= lo || mid >= hi)
            break;
          if (diff_sign (dataset, a, b, mid) == last_sign)
            lo = mid;
          else
            hi = mid;
        }
      *volume_out = sqrt (lo * hi);
      return TRUE;
    }
  return FALSE;
}

static inline gboolean
a_cheaper (double a,
           double b)
{
  return isfinite (a) && isfinite (b) && a < b - CHEAPER_TOLERANCE * (fabs (a) + fabs (b));
}

StrataMonteCarlo *
strata_monte_carlo_run (const StrataDataset          *dataset,
                        const StrataMonteCarloParams *params,
                        GCancellable                 *cancellable,
                        GError                      **error)
{
  g_autoptr(StrataMonteCarlo) result = NULL;
  g_autofree double *columns = NULL;
  g_autofree double *firsts = NULL;
  g_autofree const StrataStrategy **all = NULL;
  const StrataStrategy *const *strategies;
  Sample sample;
  guint n_strategies, n_points;
  guint64 n_draws, n_runs, n_firsts = 0;
  int index_a = -1, index_b = -1;
  gboolean ok = FALSE;

  g_return_val_if_fail (dataset != NULL, NULL);
  g_return_val_if_fail (params != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_params (dataset, params, error))
    return NULL;

  n_strategies = params->n_strategies;
  strategies = params->strategies;
  if (n_strategies == 0)
    {
      all = g_new (const StrataStrategy *, MAX (dataset->n_strategies, 1));
      for (guint s = 0; s < dataset->n_strategies; s++)
        all[s] = &dataset->strategies[s];
      n_strategies = dataset->n_strategies;
      strategies = all;
    }
  if (n_strategies == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "no strategy to simulate");
      return NULL;
    }
  if ((guint64) n_strategies * params->n_draws > STRATA_MONTE_CARLO_MAX_CELLS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "%u strategies x %u draws is too much to keep in memory (at most %"
                   G_GUINT64_FORMAT " figures per volume): fewer draws or strategies",
                   n_strategies, params->n_draws, STRATA_MONTE_CARLO_MAX_CELLS);
      return NULL;
    }
  if ((guint64) params->n_draws * params->n_points * (n_strategies + 2) > STRATA_MONTE_CARLO_MAX_WORK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "%u draws x %u volumes x %u strategies is too long a run (at most %"
                   G_GUINT64_FORMAT " model evaluations): fewer draws, volumes or strategies",
                   params->n_draws, params->n_points, n_strategies, STRATA_MONTE_CARLO_MAX_WORK);
      return NULL;
    }
  n_points = params->n_points;
  n_draws = params->n_draws;

  result = g_new0 (StrataMonteCarlo, 1);
  result->n_draws = params->n_draws;
  result->seed = params->seed;
  result->n_points = n_points;
  result->n_strategies = n_strategies;
  result->volumes = g_new (double, n_points);
  result->p10 = g_new (double, (gsize) n_strategies * n_points);
  result->p50 = g_new (double, (gsize) n_strategies * n_points);
  result->p90 = g_new (double, (gsize) n_strategies * n_points);
  result->probability_a_cheaper = g_new (double, n_points);
  strata_log_space (dataset->volume_min, dataset->volume_max, n_points, result->volumes);

  sample_init (&sample, dataset);
  result->n_uncertain = sample.slots->len;

  /* Without uncertain numbers every draw is the same: run one and let it
   * stand for all (the figures are identical, only faster). */
  n_runs = result->n_uncertain > 0 ? n_draws : 1;

  for (guint s = 0; s < n_strategies; s++)
    {
      if (strategies[s] == params->a && index_a < 0)
        index_a = (int) s;
      if (strategies[s] == params->b && index_b < 0)
        index_b = (int) s;
    }

  columns = g_new (double, (gsize) n_strategies * n_runs);

  for (guint p = 0; p < n_points; p++)
    {
      double volume = result->volumes[p];
      guint64 n_cheaper = 0;

      for (guint64 d = 0; d < n_runs; d++)
        {
          double cost_a, cost_b;

          if (cancelled (cancellable, d, error))
            goto out;

          sample_draw (&sample, params->seed, d, NULL);
          for (guint s = 0; s < n_strategies; s++)
            columns[(gsize) s * n_runs + d] =
              strata_strategy_effective_cost (&sample.copy, strategies[s], volume);

          cost_a = index_a >= 0 ? columns[(gsize) index_a * n_runs + d]
                                : strata_strategy_effective_cost (&sample.copy, params->a, volume);
          cost_b = index_b >= 0 ? columns[(gsize) index_b * n_runs + d]
                                : strata_strategy_effective_cost (&sample.copy, params->b, volume);
          if (a_cheaper (cost_a, cost_b))
            n_cheaper++;
        }

      for (guint s = 0; s < n_strategies; s++)
        {
          gsize i = (gsize) s * n_points + p;

          percentiles (&columns[(gsize) s * n_runs], n_runs,
                       &result->p10[i], &result->p50[i], &result->p90[i]);
        }
      result->probability_a_cheaper[p] = (double) n_cheaper / (double) n_runs;
    }

  /* Break-even: the first crossing of A and B in each draw.  Without
   * uncertain numbers the one draw is exactly strata_breakeven(). */
  firsts = g_new (double, n_runs);
  if (result->n_uncertain == 0)
    {
      g_autoptr(GArray) crossings = strata_breakeven (dataset, params->a, params->b);

      if (crossings->len > 0)
        firsts[n_firsts++] = g_array_index (crossings, StrataCrossing, 0).volume;
    }
  else
    {
      g_autofree double *scan = g_new (double, BREAKEVEN_SCAN);

      strata_log_space (dataset->volume_min, dataset->volume_max, BREAKEVEN_SCAN, scan);
      for (guint64 d = 0; d < n_runs; d++)
        {
          if (cancelled (cancellable, d, error))
            goto out;

          sample_draw (&sample, params->seed, d, NULL);
          if (dataset->volume_max > dataset->volume_min &&
              first_crossing (&sample.copy, params->a, params->b, scan, BREAKEVEN_SCAN,
                              &firsts[n_firsts]))
            n_firsts++;
        }
    }
  percentiles (firsts, n_firsts, &result->breakeven_p10, &result->breakeven_p50,
               &result->breakeven_p90);
  result->n_crossing_draws = (guint) (n_runs == n_draws ? n_firsts : n_firsts * n_draws);
  result->no_crossing_share = (double) (n_runs - n_firsts) / (double) n_runs;
  ok = TRUE;

out:
  sample_clear (&sample);
  if (!ok)
    return NULL;
  return g_steal_pointer (&result);
}

/* ------------------------------------------------------------------ */
/* Tornado                                                              */
/* ------------------------------------------------------------------ */

static void
tornado_entry_clear (gpointer data)
{
  StrataTornadoEntry *entry = data;

  uncertain_clear (&entry->number);
}

typedef struct
{
  StrataTornadoEntry entry;
  guint              order;
} Ranked;

static int
compare_ranked (gconstpointer a,
                gconstpointer b)
{
  const Ranked *x = a, *y = b;

  if (x->entry.swing != y->entry.swing)
    return x->entry.swing > y->entry.swing ? -1 : 1;
  return x->order < y->order ? -1 : x->order > y->order ? 1 : 0;
}

GArray *
strata_tornado (const StrataDataset  *dataset,
                const StrataStrategy *strategy,
                double                volume)
{
  GArray *entries = g_array_new (FALSE, TRUE, sizeof (StrataTornadoEntry));
  g_autofree Ranked *ranked = NULL;
  Sample sample;
  double base;
  guint n;

  g_array_set_clear_func (entries, tornado_entry_clear);
  g_return_val_if_fail (dataset != NULL, entries);
  g_return_val_if_fail (strategy != NULL, entries);
  g_return_val_if_fail (volume > 0 && isfinite (volume), entries);

  sample_init (&sample, dataset);
  n = sample.slots->len;
  base = strata_strategy_effective_cost (&sample.copy, strategy, volume);
  ranked = g_new0 (Ranked, MAX (n, 1));

  for (guint i = 0; i < n; i++)
    {
      const Slot *slot = &g_array_index (sample.slots, Slot, i);
      StrataNumber *number = slot->number;
      double value = number->value;
      Ranked *r = &ranked[i];

      uncertain_fill (&r->entry.number, dataset, slot);
      r->order = i;
      r->entry.base = base;

      number->value = number->low;
      r->entry.outcome_low = strata_strategy_effective_cost (&sample.copy, strategy, volume);
      number->value = number->high;
      r->entry.outcome_high = strata_strategy_effective_cost (&sample.copy, strategy, volume);
      number->value = value;

      /* An infinite outcome (absurd figures at an extreme volume) is the
       * largest swing of all; two infinite ones say nothing. */
      r->entry.swing = fabs (r->entry.outcome_high - r->entry.outcome_low);
      if (isnan (r->entry.swing))
        r->entry.swing = 0;
    }
  sample_clear (&sample);

  qsort (ranked, n, sizeof (Ranked), compare_ranked);
  g_array_set_size (entries, n);
  for (guint i = 0; i < n; i++)
    g_array_index (entries, StrataTornadoEntry, i) = ranked[i].entry;

  return entries;
}

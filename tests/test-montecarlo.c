/* test-montecarlo.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "strata/strata-format.h"
#include "strata/strata-uncertainty.h"
#include "app/core/strata-uncertainty-private.h"
#include "app/core/strata-breakeven-private.h"
#include "app/core/strata-mc-kernel-private.h"
#include "app/core/strata-mc-kept-private.h"
#include "strata-test-util.h"

/*
 * The Monte Carlo engine of MODEL.md section 6 against the model itself:
 * every figure of a run is recomputed here draw by draw with the model
 * (strata_strategy_effective_cost (), strata_optimize ()) on the drawn
 * numbers, then sorted, counted and compared.
 */

static StrataDataset *
load_sample (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_strdup_printf ("%s/data/datasets/%s.strata.json",
                                           g_getenv ("STRATA_SOURCE_ROOT"), name);
  StrataDataset *dataset = strata_dataset_load_file (path, &error);

  g_assert_no_error (error);
  return dataset;
}

/* A copy of @node that shares nothing with it (json_node_copy () shares
 * an object's members). */
static JsonNode *
deep_copy (JsonNode *node)
{
  g_autofree char *text = json_to_string (node, FALSE);
  g_autoptr(GError) error = NULL;
  JsonNode *copy = json_from_string (text, &error);

  g_assert_no_error (error);
  return copy;
}

/* Sample @name with its layers (and links) repeated @copies times, ids
 * suffixed, its own strategies and horizon left out: a long stack of the
 * sample's numbers. */
static StrataDataset *
load_repeated (const char *name,
               guint       copies)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_strdup_printf ("%s/data/datasets/%s.strata.json",
                                           g_getenv ("STRATA_SOURCE_ROOT"), name);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  JsonObject *top;
  JsonArray *layers = json_array_new (), *links = json_array_new ();
  StrataDataset *dataset;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  root = json_node_copy (json_parser_get_root (parser));
  top = json_node_get_object (root);
  for (guint c = 0; c < copies; c++)
    {
      JsonArray *from = json_object_get_array_member (top, "layers");

      for (guint l = 0; l < json_array_get_length (from); l++)
        {
          JsonNode *copy = deep_copy (json_array_get_element (from, l));
          JsonObject *layer = json_node_get_object (copy);
          g_autofree char *id = g_strdup_printf ("%s-%u",
                                                 json_object_get_string_member (layer, "id"), c);

          json_object_set_string_member (layer, "id", id);
          json_array_add_element (layers, copy);
        }
      from = json_object_get_array_member (top, "links");
      for (guint l = 0; from != NULL && l < json_array_get_length (from); l++)
        {
          JsonNode *copy = deep_copy (json_array_get_element (from, l));
          JsonObject *link = json_node_get_object (copy);
          g_autofree char *link_from = g_strdup_printf ("%s-%u",
                                                        json_object_get_string_member (link, "from"), c);
          g_autofree char *link_to = g_strdup_printf ("%s-%u",
                                                      json_object_get_string_member (link, "to"), c);

          json_object_set_string_member (link, "from", link_from);
          json_object_set_string_member (link, "to", link_to);
          json_array_add_element (links, copy);
        }
    }
  json_object_set_array_member (top, "layers", layers);
  json_object_set_array_member (top, "links", links);
  json_object_remove_member (top, "strategies");
  json_object_remove_member (top, "horizon");
  text = json_to_string (root, FALSE);
  dataset = strata_dataset_load_data (text, strlen (text), name, &error);
  g_assert_no_error (error);
  return dataset;
}

static StrataDataset *
load_text (const char *text)
{
  g_autoptr(GError) error = NULL;
  StrataDataset *dataset = strata_dataset_load_data (text, strlen (text), "test", &error);

  g_assert_no_error (error);
  return dataset;
}

static StrataMonteCarlo *
run_with (const StrataDataset          *dataset,
          const StrataMonteCarloParams *params)
{
  g_autoptr(GError) error = NULL;
  StrataMonteCarlo *mc = strata_monte_carlo_run (dataset, params, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (mc);
  return mc;
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y ? 1 : 0;
}

/* Type 7 quantile of sorted values, written out. */
static double
sorted_quantile (const double *x,
                 guint         n,
                 double        p)
{
  double h = (n - 1) * p;
  guint k = (guint) floor (h);

  if (k + 1 >= n)
    return x[n - 1];
  return x[k] + (h - k) * (x[k + 1] - x[k]);
}

/* The percentiles found inside guessed brackets (the Monte Carlo's fast
 * path) are those of a full sort to the last bit, whether the brackets
 * hold them, miss them, are empty or hold ties. */
static void
test_percentiles_near (void)
{
  GRand *rand = g_rand_new_with_seed (13);
  static const double ps[3] = { 0.10, 0.50, 0.90 };
  guint hits = 0, misses = 0;

  for (guint round = 0; round < 400; round++)
    {
      gsize n = 1 + (gsize) g_rand_int_range (rand, 0, 3000);
      g_autofree double *values = g_new (double, n);
      g_autofree double *copy = g_new (double, n);
      g_autofree double *sorted = g_new (double, n);
      g_autofree double *scratch = g_new (double, 3 * (n + 1));
      gboolean ties = round % 4 == 1;
      double lo[3], hi[3], out[3], plain[3];
      guint inside;

      for (gsize i = 0; i < n; i++)
        values[i] = ties ? (double) g_rand_int_range (rand, 0, 7)
                         : g_rand_double_range (rand, -5, 20);
      memcpy (sorted, values, sizeof (double) * n);
      qsort (sorted, n, sizeof (double), compare_doubles);
      for (guint q = 0; q < 3; q++)
        {
          double truth = sorted_quantile (sorted, (guint) n, ps[q]);
          double half = round % 5 == 0 ? 0 : g_rand_double_range (rand, 0, 2);
          /* Sometimes the guess is far off (a miss), sometimes exact. */
          double off = round % 3 == 0 ? g_rand_double_range (rand, -8, 8)
                                      : g_rand_double_range (rand, -0.2, 0.2);

          lo[q] = truth + off - half;
          hi[q] = truth + off + half;
        }
      memcpy (copy, values, sizeof (double) * n);
      inside = _strata_percentiles3_near (values, n, lo, hi, scratch, out);
      _strata_percentiles3 (copy, n, &plain[0], &plain[1], &plain[2]);
      for (guint q = 0; q < 3; q++)
        {
          g_assert_cmpfloat (out[q], ==, sorted_quantile (sorted, (guint) n, ps[q]));
          g_assert_cmpfloat (out[q], ==, plain[q]);
        }
      hits += inside;
      misses += 3 - inside;
    }
  /* Both paths were taken. */
  g_assert_cmpuint (hits, >, 100);
  g_assert_cmpuint (misses, >, 100);
  g_rand_free (rand);
}

/* _strata_percentiles3_sampled () against a sort: long columns of
 * several shapes (spread, skewed, heavy ties, a few outliers, sorted,
 * reversed), and short ones that take the plain selection. */
static void
test_percentiles_sampled (void)
{
  GRand *rand = g_rand_new_with_seed (29);
  static const double ps[3] = { 0.10, 0.50, 0.90 };

  for (guint round = 0; round < 120; round++)
    {
      gsize n = round % 10 == 0 ? 1 + (gsize) g_rand_int_range (rand, 0, 1024)
                                : 1025 + (gsize) g_rand_int_range (rand, 0, 30000);
      g_autofree double *values = g_new (double, n);
      g_autofree double *sorted = g_new (double, n);
      g_autofree double *scratch = g_new (double, STRATA_PERCENTILES3_SCRATCH (n));
      guint shape = round % 6;
      double out[3];

      for (gsize i = 0; i < n; i++)
        {
          double u = g_rand_double (rand);

          switch (shape)
            {
            case 0: values[i] = g_rand_double_range (rand, -5, 20); break;
            case 1: values[i] = exp (8 * u * u); break;
            case 2: values[i] = (double) g_rand_int_range (rand, 0, 5); break;
            case 3: values[i] = u < 0.01 ? 1e12 * u : u; break;
            case 4: values[i] = (double) i; break;
            default: values[i] = -(double) i * 0.5; break;
            }
        }
      memcpy (sorted, values, sizeof (double) * n);
      qsort (sorted, n, sizeof (double), compare_doubles);
      /* Half the rounds with the caller's scratch, half without. */
      _strata_percentiles3_sampled (values, n, round % 2 ? scratch : NULL, out);
      for (guint q = 0; q < 3; q++)
        g_assert_cmpfloat (out[q], ==, sorted_quantile (sorted, (guint) n, ps[q]));
    }
  g_rand_free (rand);
}

/* strata_monte_carlo_check () refuses what strata_monte_carlo_run ()
 * refuses, with the same message, and accepts what it runs. */
static void
test_check (void)
{
  g_autoptr(StrataDataset) dataset = load_sample ("retailer");
  StrataMonteCarloParams params;
  guint draws[] = { 0, 1, 200, STRATA_MONTE_CARLO_MAX_DRAWS + 1 };
  guint points[] = { 1, 2, 16, STRATA_MONTE_CARLO_MAX_POINTS + 1 };

  for (guint i = 0; i < G_N_ELEMENTS (draws); i++)
    for (guint j = 0; j < G_N_ELEMENTS (points); j++)
      {
        g_autoptr(GError) check_error = NULL;
        g_autoptr(GError) run_error = NULL;
        g_autoptr(StrataMonteCarlo) mc = NULL;
        gboolean ok;

        strata_monte_carlo_params_init (&params, dataset);
        params.n_draws = draws[i];
        params.n_points = points[j];
        ok = strata_monte_carlo_check (dataset, &params, &check_error);
        if (draws[i] >= 1 && draws[i] <= 200 && points[j] >= 2 && points[j] <= 16)
          {
            g_assert_no_error (check_error);
            g_assert_true (ok);
            continue;
          }
        g_assert_false (ok);
        g_assert_error (check_error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
        mc = strata_monte_carlo_run (dataset, &params, NULL, &run_error);
        g_assert_null (mc);
        g_assert_cmpstr (check_error->message, ==, run_error->message);
      }
}

static void
assert_close (double a,
              double b,
              double rel)
{
  g_assert_cmpfloat_with_epsilon (a, b, rel * MAX (fabs (a), fabs (b)) + 1e-300);
}

/* -- against the model, draw by draw ------------------------------------------- */

static void
check_against_model (const StrataDataset *dataset,
                     guint                n_draws,
                     guint                n_points)
{
  g_autoptr(StrataMonteCarlo) mc = NULL;
  StrataMonteCarloParams params;
  guint ns = dataset->n_strategies, nl = dataset->n_layers;
  g_autofree double *costs = NULL;
  g_autofree guint *choices = g_new (guint, nl);
  g_autofree double *column = g_new (double, n_draws);
  StrataSample sample;
  gsize a_index;

  strata_monte_carlo_params_init (&params, dataset);
  params.n_draws = n_draws;
  params.n_points = n_points;
  params.seed = 17;
  mc = run_with (dataset, &params);
  g_assert_cmpuint (mc->n_strategies, ==, ns);
  g_assert_cmpuint (mc->n_layers, ==, nl);
  a_index = (gsize) (params.a - dataset->strategies);

  costs = g_new (double, (gsize) ns * n_draws);
  _strata_sample_init (&sample, dataset);
  for (guint p = 0; p < n_points; p++)
    {
      double v = mc->volumes[p];
      g_autofree guint *integrated = g_new0 (guint, nl);

      for (guint d = 0; d < n_draws; d++)
        {
          _strata_sample_draw (&sample, params.seed, d, NULL);
          for (guint s = 0; s < ns; s++)
            costs[(gsize) s * n_draws + d] =
              strata_strategy_effective_cost (&sample.copy, &dataset->strategies[s], v);
          strata_optimize (&sample.copy, v, choices);
          for (guint l = 0; l < nl; l++)
            integrated[l] += dataset->layers[l].options[choices[l]].mode == STRATA_MODE_INTEGRATED;
        }

      for (guint s = 0; s < ns; s++)
        {
          gsize i = (gsize) s * n_points + p;
          guint cheaper = 0;

          /* P(A cheaper than s) against a direct count. */
          for (guint d = 0; d < n_draws; d++)
            {
              double x = costs[a_index * n_draws + d], y = costs[(gsize) s * n_draws + d];

              if (x < y - 1e-12 * (fabs (x) + fabs (y)))
                cheaper++;
            }
          g_assert_cmpfloat (mc->probability_cheaper[i], ==, (double) cheaper / n_draws);

          /* Percentiles against a brute-force sort. */
          memcpy (column, &costs[(gsize) s * n_draws], sizeof (double) * n_draws);
          qsort (column, n_draws, sizeof (double), compare_doubles);
          assert_close (mc->p10[i], sorted_quantile (column, n_draws, 0.10), 1e-12);
          assert_close (mc->p50[i], sorted_quantile (column, n_draws, 0.50), 1e-12);
          assert_close (mc->p90[i], sorted_quantile (column, n_draws, 0.90), 1e-12);
        }

      /* The optimum of every draw, layer by layer. */
      for (guint l = 0; l < nl; l++)
        g_assert_cmpfloat (mc->layer_integrated[(gsize) p * nl + l], ==,
                           (double) integrated[l] / n_draws);
    }
  _strata_sample_clear (&sample);
}

static void
test_samples_against_model (void)
{
  const char *names[] = { "ai-cloud-stack", "ai-model-lab", "consumer-devices", "retailer" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(StrataDataset) dataset = load_sample (names[i]);

      check_against_model (dataset, 200, 16);
    }
}

/* Every numeric option field and link saving of @dataset made uncertain
 * around its value, within the field's rule. */
static void
make_uncertain (StrataDataset *dataset,
                GRand         *rand)
{
#define SPREAD(num, cap) G_STMT_START {                                           \
    (num).low = (num).value * g_rand_double_range (rand, 0.4, 1.0);              \
    (num).high = MIN ((num).value * g_rand_double_range (rand, 1.0, 1.8), (cap)); \
    (num).high = MAX ((num).high, (num).value);                                  \
    (num).uncertain = TRUE; } G_STMT_END

  for (guint l = 0; l < dataset->n_layers; l++)
    for (guint o = 0; o < dataset->layers[l].n_options; o++)
      {
        StrataOption *option = &dataset->layers[l].options[o];

        if (option->mode == STRATA_MODE_NEUTRAL)
          {
            if (option->has_price)
              SPREAD (option->price, INFINITY);
            else
              SPREAD (option->supplier_cost, INFINITY);
            SPREAD (option->margin, 0.95);
          }
        else
          {
            SPREAD (option->unit_cost, INFINITY);
            SPREAD (option->learning_rate, 0.9);
            SPREAD (option->floor_cost, INFINITY);
          }
        SPREAD (option->fixed_cost, INFINITY);
        SPREAD (option->ecosystem_value, INFINITY);
      }
  for (guint k = 0; k < dataset->n_links; k++)
    SPREAD (dataset->links[k].saving, 0.9);
#undef SPREAD
}

/* A random stack of 24 layers of up to 4 options too free for the
 * kernel's patterns (its optimum the optimizer's), its numbers made
 * uncertain. */
static StrataDataset *
random_free_stack (GRand *rand)
{
  for (;;)
    {
      g_autoptr(StrataDataset) dataset = test_random_dataset (rand, 24, 4);
      const StrataStrategy *ab[1] = { strata_dataset_find_strategy (dataset, "optimal") };
      StrataKernel *k = _strata_kernel_new (dataset, ab, 1, TRUE);
      gboolean fallback = _strata_kernel_is_fallback (k);

      _strata_kernel_free (k);
      if (fallback)
        {
          make_uncertain (dataset, rand);
          return g_steal_pointer (&dataset);
        }
    }
}

/* @rounds seeded random stacks of @n_layers x @n_options with uncertain
 * numbers, each checked against the model (check_against_model ()). */
static void
random_stacks_against_model (guint32 seed,
                             guint   rounds,
                             guint   n_layers,
                             guint   n_options,
                             guint   n_draws,
                             guint   n_volumes)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);

  for (guint round = 0; round < rounds; round++)
    {
      g_autoptr(StrataDataset) dataset = test_random_dataset (rand, n_layers, n_options);

      make_uncertain (dataset, rand);
      check_against_model (dataset, n_draws, n_volumes);
    }
}

static void
test_random_against_model (void)
{
  random_stacks_against_model (2026, 30, 6, 4, 60, 12);
}

/* Dense volumes on stacks of one or two options per layer, with links:
 * there the kernel carries the optimum's pattern from volume to volume
 * when its lead over the others outlasts how far they can have moved
 * (strata-mc-kernel.c, carry_holds ()).  Every draw's optimum, at every
 * volume, against strata_optimize () (check_against_model ()). */
static void
test_dense_against_model (void)
{
  random_stacks_against_model (4242, 24, 7, 2, 24, 160);
}

/* From the first non-zero digit to the last, before any exponent. */
static guint
significant_digits (const char *text)
{
  guint digits = 0, zeros = 0;

  for (const char *c = text; *c != '\0' && *c != 'e'; c++)
    if (g_ascii_isdigit (*c) && (digits > 0 || *c != '0'))
      {
        digits++;
        zeros = *c == '0' ? zeros + 1 : 0;
      }
  return digits - zeros;
}

/* strata_format_json_number () finds the shortest %.*g that reads back in
 * two or three conversions (strata-format.c): the same string as trying
 * every precision from 1 up, for doubles of every kind. */
static void
test_json_number_shortest (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);

  for (guint i = 0; i < 60000; i++)
    {
      char got[STRATA_NUMBER_BUF_SIZE], want[STRATA_NUMBER_BUF_SIZE];
      double x;
      guint64 bits;

      switch (i % 4)
        {
        case 0:
          bits = ((guint64) g_rand_int (rand) << 32) | g_rand_int (rand);
          memcpy (&x, &bits, sizeof x);
          break;
        case 1:
          x = g_rand_double_range (rand, -1e6, 1e6);
          break;
        case 2:
          x = g_rand_int_range (rand, -100000, 100000) * pow (10, g_rand_int_range (rand, -6, 12));
          break;
        default:
          x = ldexp (g_rand_double_range (rand, 0.5, 1), g_rand_int_range (rand, -1074, 1024));
          break;
        }
      if (!isfinite (x) || x == 0)
        continue;
      for (int precision = 1; precision <= 17; precision++)
        {
          char format[8];

          g_snprintf (format, sizeof format, "%%.%dg", precision);
          g_ascii_formatd (want, sizeof want, format, x);
          if (g_ascii_strtod (want, NULL) == x)
            break;
        }
      strata_format_json_number (x, got);
      /* The tidying after the search (exponent, plain form) keeps the
       * digits. */
      g_assert_cmpfloat (g_ascii_strtod (got, NULL), ==, x);
      g_assert_cmpuint (significant_digits (got), ==, significant_digits (want));
    }
}

/* -- common random numbers ---------------------------------------------------- */

/* A and B differ only in the top layer, where B pays 1 more per unit;
 * the bottom layer's cost is uncertain over a range a hundred times
 * wider.  With common random numbers B - A is exactly 1 in every draw. */
#define ONE_OPTION_APART \
  "{\"format\": \"strata-stack/1\", \"title\": \"CRN\", \"unit\": \"u\", \"currency\": \"USD\"," \
  " \"volume\": {\"min\": 1, \"max\": 1000, \"default\": 10}," \
  " \"layers\": [" \
  "  {\"id\": \"base\", \"options\": [" \
  "    {\"id\": \"buy\", \"mode\": \"neutral\", \"margin\": 0.5," \
  "     \"supplier_cost\": {\"value\": 50, \"low\": 1, \"high\": 200}}," \
  "    {\"id\": \"own\", \"mode\": \"integrated\", \"fixed_cost\": 100," \
  "     \"unit_cost\": {\"value\": 80, \"low\": 10, \"high\": 300}," \
  "     \"learning_rate\": {\"value\": 0.2, \"low\": 0.05, \"high\": 0.4}}]}," \
  "  {\"id\": \"top\", \"options\": [" \
  "    {\"id\": \"cheap\", \"mode\": \"neutral\", \"price\": 3, \"margin\": 0.2}," \
  "    {\"id\": \"dear\", \"mode\": \"neutral\", \"price\": 4, \"margin\": 0.2}]}]," \
  " \"strategies\": [" \
  "  {\"id\": \"a\", \"name\": \"A\", \"choices\": {\"base\": \"own\", \"top\": \"cheap\"}}," \
  "  {\"id\": \"b\", \"name\": \"B\", \"choices\": {\"base\": \"own\", \"top\": \"dear\"}}]}"

static void
test_common_random_numbers (void)
{
  g_autoptr(StrataDataset) dataset = load_text (ONE_OPTION_APART);
  g_autoptr(StrataMonteCarlo) mc = NULL;
  StrataMonteCarloParams params;
  const StrataStrategy *a = strata_dataset_find_strategy (dataset, "a");
  const StrataStrategy *b = strata_dataset_find_strategy (dataset, "b");
  const StrataStrategy *optimal = strata_dataset_find_strategy (dataset, "optimal");
  guint ia = (guint) (a - dataset->strategies), ib = (guint) (b - dataset->strategies);
  guint io = (guint) (optimal - dataset->strategies);

  strata_monte_carlo_params_init (&params, dataset);
  params.a = a;
  params.b = b;
  params.n_draws = 4000;
  params.n_points = 16;
  mc = run_with (dataset, &params);

  /* The spread of A alone is far wider than the gap ... */
  g_assert_cmpfloat (mc->p90[ia * mc->n_points] - mc->p10[ia * mc->n_points], >, 10);
  for (guint p = 0; p < mc->n_points; p++)
    {
      /* ... yet A is cheaper than B in every draw, at every volume. */
      g_assert_cmpfloat (mc->probability_a_cheaper[p], ==, 1.0);
      g_assert_cmpfloat (mc->probability_cheaper[(gsize) ib * mc->n_points + p], ==, 1.0);
      /* and B's percentiles are A's plus 1. */
      assert_close (mc->p50[(gsize) ib * mc->n_points + p], mc->p50[(gsize) ia * mc->n_points + p] + 1,
                    1e-12);
      /* A is never strictly cheaper than the optimum of the same draw. */
      g_assert_cmpfloat (mc->probability_cheaper[(gsize) io * mc->n_points + p], ==, 0.0);
    }
  /* Never equal, never crossing. */
  g_assert_cmpfloat (mc->no_crossing_share, ==, 1.0);
}

/* -- threads, cancelling, first estimate --------------------------------------- */

static void
assert_same (const StrataMonteCarlo *x,
             const StrataMonteCarlo *y)
{
  gsize cells = (gsize) x->n_strategies * x->n_points;

  g_assert_cmpmem (x->p10, cells * sizeof (double), y->p10, cells * sizeof (double));
  g_assert_cmpmem (x->p50, cells * sizeof (double), y->p50, cells * sizeof (double));
  g_assert_cmpmem (x->p90, cells * sizeof (double), y->p90, cells * sizeof (double));
  g_assert_cmpmem (x->probability_cheaper, cells * sizeof (double),
                   y->probability_cheaper, cells * sizeof (double));
  g_assert_cmpmem (x->probability_a_cheaper, x->n_points * sizeof (double),
                   y->probability_a_cheaper, y->n_points * sizeof (double));
  g_assert_cmpmem (x->layer_integrated, (gsize) x->n_points * x->n_layers * sizeof (double),
                   y->layer_integrated, (gsize) y->n_points * y->n_layers * sizeof (double));
  g_assert_cmpuint (x->n_crossing_draws, ==, y->n_crossing_draws);
  g_assert_cmpmem (x->breakeven_volumes, x->n_crossing_draws * sizeof (double),
                   y->breakeven_volumes, y->n_crossing_draws * sizeof (double));
  g_assert_cmpmem (&x->breakeven_p10, sizeof (double), &y->breakeven_p10, sizeof (double));
  g_assert_cmpmem (&x->breakeven_p90, sizeof (double), &y->breakeven_p90, sizeof (double));
}

static void
test_threads (void)
{
  const char *names[] = { "ai-cloud-stack", "ai-model-lab" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(StrataDataset) dataset = load_sample (names[i]);
      g_autoptr(StrataMonteCarlo) one = NULL;
      g_autoptr(StrataMonteCarlo) two = NULL;
      g_autoptr(StrataMonteCarlo) five = NULL;
      StrataMonteCarloParams params;

      strata_monte_carlo_params_init (&params, dataset);
      params.n_draws = 700;
      params.n_points = 260;   /* break-even signs taken from the run's grid */
      params.n_threads = 1;
      one = run_with (dataset, &params);
      params.n_threads = 2;
      two = run_with (dataset, &params);
      params.n_threads = 5;
      five = run_with (dataset, &params);
      assert_same (one, two);
      assert_same (one, five);
      g_assert_cmpuint (one->n_crossing_draws, >, 0);
    }
}

/* A run takes the optimum of an earlier run with the same numbers
 * (strata-mc-kept.c): after a flip of the current strategy, against the
 * optimum as A or B, with a first estimate, under both objectives and on
 * a stack too free for the kernel's patterns, every figure to the bit as
 * a run that solves it again. */
static void
check_optimum_kept (const StrataDataset *dataset,
                    StrataObjective      objective,
                    guint                n_points)
{
  const StrataStrategy *neutral = strata_dataset_find_strategy (dataset, "all-neutral");
  const StrataStrategy *integrated = strata_dataset_find_strategy (dataset, "all-integrated");
  const StrataStrategy *optimal = strata_dataset_find_strategy (dataset, "optimal");
  g_autofree guint *choices = g_memdup2 (integrated->choices, sizeof (guint) * dataset->n_layers);
  StrataStrategy flipped = { (char *) "flipped", (char *) "Flipped", choices, FALSE, NULL };
  const StrataStrategy *list[4] = { neutral, optimal, integrated, &flipped };
  StrataMonteCarloParams params;

  strata_monte_carlo_params_init (&params, dataset);
  params.n_draws = 300;
  params.n_points = n_points;
  params.objective = objective;
  params.strategies = list;
  params.n_strategies = G_N_ELEMENTS (list);
  params.first_estimate = 50;
  for (guint round = 0; round < 3; round++)
    {
      g_autoptr(StrataMonteCarlo) solved = NULL;
      g_autoptr(StrataMonteCarlo) kept = NULL;
      guint taken;

      /* A flip of the current strategy: another layer to its neutral
       * option, the pair it is compared in, the optimum in the pair. */
      choices[round % dataset->n_layers] = strata_layer_first_of_mode (
        &dataset->layers[round % dataset->n_layers], STRATA_MODE_NEUTRAL) < 0
        ? 0 : (guint) strata_layer_first_of_mode (&dataset->layers[round % dataset->n_layers],
                                                   STRATA_MODE_NEUTRAL);
      params.a = round == 2 ? optimal : &flipped;
      params.b = round == 1 ? optimal : neutral;
      _strata_mc_optimum_set_enabled (FALSE);
      solved = run_with (dataset, &params);
      _strata_mc_optimum_set_enabled (TRUE);
      taken = _strata_mc_optimum_n_taken ();
      kept = run_with (dataset, &params);
      /* The first round fills what the later ones take (an estimate's
       * and the full run's). */
      if (round > 0)
        g_assert_cmpuint (_strata_mc_optimum_n_taken (), ==, taken + 2);
      assert_same (solved, kept);
    }
}

static void
test_optimum_kept (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (31337);
  g_autoptr(StrataDataset) cloud = load_sample ("ai-cloud-stack");
  g_autoptr(StrataDataset) retailer = load_sample ("retailer");
  g_autoptr(StrataDataset) free_stack = NULL;

  check_optimum_kept (cloud, STRATA_OBJECTIVE_EFFECTIVE, 40);
  check_optimum_kept (cloud, STRATA_OBJECTIVE_CASH, 256);
  check_optimum_kept (retailer, STRATA_OBJECTIVE_EFFECTIVE, 256);
  /* Too free for the kernel's patterns: the optimizer's optimum. */
  free_stack = random_free_stack (rand);
  check_optimum_kept (free_stack, STRATA_OBJECTIVE_EFFECTIVE, 40);
  check_optimum_kept (free_stack, STRATA_OBJECTIVE_CASH, 40);
}

typedef struct
{
  guint             calls;
  guint             estimates;
  double            last;
  double           *estimate_p50;
  gsize             cells;
  GCancellable     *cancel_at_first;
} Progress;

static void
on_progress (const StrataMonteCarlo *estimate,
             double                  fraction,
             gpointer                user_data)
{
  Progress *progress = user_data;

  g_assert_cmpfloat (fraction, >=, progress->last);
  g_assert_cmpfloat (fraction, <=, 1.0);
  progress->last = fraction;
  progress->calls++;
  if (estimate != NULL)
    {
      progress->estimates++;
      progress->cells = (gsize) estimate->n_strategies * estimate->n_points;
      progress->estimate_p50 = g_memdup2 (estimate->p50, progress->cells * sizeof (double));
    }
  if (progress->cancel_at_first != NULL)
    g_cancellable_cancel (progress->cancel_at_first);
}

static void
test_first_estimate (void)
{
  g_autoptr(StrataDataset) dataset = load_sample ("retailer");
  g_autoptr(StrataMonteCarlo) full = NULL;
  g_autoptr(StrataMonteCarlo) small = NULL;
  StrataMonteCarloParams params;
  Progress progress = { 0 };

  strata_monte_carlo_params_init (&params, dataset);
  params.n_draws = 2000;
  params.n_points = 64;
  params.first_estimate = 200;
  params.progress = on_progress;
  params.progress_data = &progress;
  full = run_with (dataset, &params);
  g_assert_cmpuint (progress.estimates, ==, 1);
  g_assert_cmpuint (progress.calls, >=, 3);
  g_assert_cmpfloat (progress.last, ==, 1.0);

  /* The estimate is the run of its first 200 draws. */
  params.n_draws = 200;
  params.first_estimate = 0;
  params.progress = NULL;
  small = run_with (dataset, &params);
  g_assert_cmpmem (progress.estimate_p50, progress.cells * sizeof (double),
                   small->p50, (gsize) small->n_strategies * small->n_points * sizeof (double));
  g_free (progress.estimate_p50);
}

static void
test_cancel (void)
{
  g_autoptr(StrataDataset) dataset = load_sample ("ai-cloud-stack");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  StrataMonteCarloParams params;
  Progress progress = { 0 };

  strata_monte_carlo_params_init (&params, dataset);
  params.n_draws = 20000;
  params.n_points = 256;
  params.progress = on_progress;
  params.progress_data = &progress;
  progress.cancel_at_first = cancellable;
  g_assert_null (strata_monte_carlo_run (dataset, &params, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* Stopped after the first block of volumes, not at the end. */
  g_assert_cmpfloat (progress.last, <, 1.0);
}

/* -- break-even ----------------------------------------------------------------- */

/* Each draw's first break-even against the one routine
 * (strata_breakeven_find ()) run by the model on the drawn numbers. */
static StrataMonteCarlo *
check_breakeven_on (const StrataDataset *dataset,
                    StrataObjective      objective,
                    const char          *b,
                    guint                n_draws,
                    guint               *kinks_skipped)
{
  StrataMonteCarlo *mc;
  StrataMonteCarloParams params;
  g_autofree double *firsts = NULL;
  StrataSample sample;
  guint n = 0, skipped0, skipped1, taken;

  strata_monte_carlo_params_init (&params, dataset);
  params.n_draws = n_draws;
  params.n_points = 16;
  params.objective = objective;
  if (b != NULL)
    params.b = strata_dataset_find_strategy (dataset, b);
  _strata_breakeven_kink_counts (&skipped0, &taken);
  mc = run_with (dataset, &params);
  /* The Monte Carlo's own, before the model's below. */
  _strata_breakeven_kink_counts (&skipped1, &taken);
  if (kinks_skipped != NULL)
    *kinks_skipped += skipped1 - skipped0;

  firsts = g_new (double, params.n_draws);
  _strata_sample_init (&sample, dataset);
  for (guint d = 0; d < params.n_draws; d++)
    {
      g_autoptr(StrataBreakeven) found = NULL;

      _strata_sample_draw (&sample, params.seed, d, NULL);
      found = strata_breakeven_find (&sample.copy, params.a, params.b, objective, 0, 0, 0);
      if (found->crossings->len > 0)
        firsts[n++] = g_array_index (found->crossings, StrataCrossing, 0).volume;
    }
  _strata_sample_clear (&sample);

  g_assert_cmpuint (mc->n_crossing_draws, ==, n);
  g_assert_cmpfloat (mc->no_crossing_share, ==, (double) (params.n_draws - n) / params.n_draws);
  qsort (firsts, n, sizeof (double), compare_doubles);
  for (guint i = 0; i < n; i++)
    assert_close (mc->breakeven_volumes[i], firsts[i], 1e-8);
  if (n == 0)
    return mc;
  assert_close (mc->breakeven_p10, sorted_quantile (firsts, n, 0.1), 1e-8);
  assert_close (mc->breakeven_p50, sorted_quantile (firsts, n, 0.5), 1e-8);
  assert_close (mc->breakeven_p90, sorted_quantile (firsts, n, 0.9), 1e-8);
  return mc;
}

static void
check_breakeven_percentiles (const char      *name,
                             StrataObjective  objective,
                             const char      *b)
{
  g_autoptr(StrataDataset) dataset = load_sample (name);
  g_autoptr(StrataMonteCarlo) mc = check_breakeven_on (dataset, objective, b, 400, NULL);
}

/* Stacks too free for the kernel's patterns (more than
 * STRATA_KERNEL_MAX_FREE layers with options of both modes): each draw's
 * optimum comes from the optimizer on a plan of the draw's numbers, in
 * windows (strata-mc-kernel.c, fallback_optimum ()), and off the grid
 * only the options read are costed.  The optimum of every draw at every
 * volume and the first break-even against Optimal, against the model;
 * the break-even leaving out the floor kinks that cannot bend the
 * optimum's curve (_strata_kink_may_bend (), fed the kernel's optima)
 * against taking every one. */
static void
test_fallback_against_model (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (9090);
  guint n_fallback = 0, n_crossing = 0, mc_skipped = 0, n_tried = 0, n_shown = 0;
  /* Random stacks of up to 24 layers of up to 4 options, until 4 are
   * too free, then two samples made long (where Optimal parts from All
   * neutral: break-evens). */
  for (guint round = 0; round < 200 && n_fallback < 6; round++)
    {
      g_autoptr(StrataDataset) dataset = n_fallback < 4 ? test_random_dataset (rand, 24, 4)
                                         : load_repeated (n_fallback == 4 ? "ai-cloud-stack"
                                                                          : "retailer", 3);
      StrataObjective objective = round % 2 ? STRATA_OBJECTIVE_CASH : STRATA_OBJECTIVE_EFFECTIVE;
      g_autoptr(StrataMonteCarlo) filtered = NULL;
      g_autoptr(StrataMonteCarlo) every = NULL;
      g_autoptr(StrataMonteCarlo) walked = NULL;
      guint n_free = 0, tried0, shown0, tried1, shown1;

      for (guint l = 0; l < dataset->n_layers; l++)
        {
          gboolean modes[2] = { FALSE, FALSE };

          for (guint o = 0; o < dataset->layers[l].n_options; o++)
            modes[dataset->layers[l].options[o].mode == STRATA_MODE_INTEGRATED] = TRUE;
          n_free += modes[0] && modes[1];
        }
      if (n_free <= STRATA_KERNEL_MAX_FREE)
        continue;
      if (n_fallback++ < 4)
        make_uncertain (dataset, rand);
      check_against_model (dataset, 30, 10);
      _strata_breakeven_apart_counts (&tried0, &shown0);
      filtered = check_breakeven_on (dataset, objective, "optimal", 24, &mc_skipped);
      _strata_breakeven_apart_counts (&tried1, &shown1);
      n_tried += tried1 - tried0;
      n_shown += shown1 - shown0;
      /* A draw whose optimum is shown clear of All neutral skips its walk
       * (and the model's break-even its scan): the same answers, to the
       * bit, as walking every draw. */
      _strata_breakeven_set_apart (FALSE);
      walked = check_breakeven_on (dataset, objective, "optimal", 24, NULL);
      _strata_breakeven_set_apart (TRUE);
      g_assert_cmpuint (filtered->n_crossing_draws, ==, walked->n_crossing_draws);
      g_assert_cmpmem (filtered->breakeven_volumes, sizeof (double) * filtered->n_crossing_draws,
                       walked->breakeven_volumes, sizeof (double) * walked->n_crossing_draws);
      g_assert_cmpfloat (filtered->no_crossing_share, ==, walked->no_crossing_share);
      _strata_breakeven_set_kink_filter (FALSE);
      every = check_breakeven_on (dataset, objective, "optimal", 24, NULL);
      _strata_breakeven_set_kink_filter (TRUE);
      g_assert_cmpuint (filtered->n_crossing_draws, ==, every->n_crossing_draws);
      /* The same crossings; where a kink left out bounded a crossing's
       * bisection, it ends elsewhere within the precision of MODEL.md. */
      for (guint d = 0; d < filtered->n_crossing_draws; d++)
        assert_close (filtered->breakeven_volumes[d], every->breakeven_volumes[d],
                      STRATA_VOLUME_PRECISION);
      n_crossing += filtered->n_crossing_draws;
    }
  g_assert_cmpuint (n_fallback, ==, 6);
  g_assert_cmpuint (n_crossing, >, 30);
  /* The Monte Carlo's break-evens left kinks out. */
  g_assert_cmpuint (mc_skipped, >, 0);
  /* Some draws were shown apart, and some not. */
  g_test_message ("optimum apart: tried %u, shown %u", n_tried, n_shown);
  g_assert_cmpuint (n_shown, >, 0);
  g_assert_cmpuint (n_shown, <, n_tried);
}

/* The fallback kernel's windows (cells of a lattice over the range,
 * strata-mc-kernel-fallback.c): its optimum at volumes asked in any
 * order, across cells and groups, at the lattice's ends, and outside the
 * range and back, is strata_optimize ()'s on the draw's numbers. */
static void
test_fallback_windows (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (4242);
  guint n_checked = 0;

  for (guint n_fallback = 0; n_fallback < 4; n_fallback++)
    {
      g_autoptr(StrataDataset) dataset = random_free_stack (rand);
      const StrataStrategy *ab[1] = { strata_dataset_find_strategy (dataset, "optimal") };
      g_autofree guint *got = g_new (guint, dataset->n_layers);
      g_autofree guint *want = g_new (guint, dataset->n_layers);
      double lo = dataset->volume_min, hi = dataset->volume_max;
      StrataKernel *k = _strata_kernel_new (dataset, ab, 1, TRUE);
      StrataKernelState *st;
      StrataSample sample;

      _strata_sample_init (&sample, dataset);
      st = _strata_kernel_state_new (k);
      for (guint d = 0; d < 6; d++)
        {
          _strata_sample_draw (&sample, 11, d, NULL);
          _strata_kernel_load (k, st, &sample.copy);
          for (guint q = 0; q < 80; q++)
            {
              double v;

              /* Up the range, then at random: the ends, outside, inside. */
              if (q < 24)
                v = lo * pow (hi / lo, q / 23.0);
              else if (q % 9 == 0)
                v = q % 2 ? lo : hi;
              else if (q % 7 == 0)
                v = q % 2 ? lo / g_rand_double_range (rand, 1.5, 40)
                          : hi * g_rand_double_range (rand, 1.5, 40);
              else
                v = lo * pow (hi / lo, g_rand_double (rand));
              _strata_kernel_at (k, st, v, NULL, NULL, got);
              strata_optimize (&sample.copy, v, want);
              g_assert_cmpmem (got, sizeof (guint) * dataset->n_layers,
                               want, sizeof (guint) * dataset->n_layers);
              n_checked++;
            }
        }
      _strata_kernel_state_free (st);
      _strata_kernel_free (k);
      _strata_sample_clear (&sample);
    }
  g_assert_cmpuint (n_checked, ==, 4 * 6 * 80);
}

/* A fallback kernel prepares at a grid point only the options its fixed
 * strategies use, and the optimum's others when it takes them, caught
 * up with the chain (strata-mc-kernel-fallback.c): every cost, the
 * optimum's included, to the bit as with every option prepared, walking
 * the grid and jumping along it (_strata_kernel_chain_to ()). */
static void
test_fallback_lazy (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (777);
  double grid[100];

  for (guint n_fallback = 0; n_fallback < 4; n_fallback++)
    {
      g_autoptr(StrataDataset) dataset = random_free_stack (rand);
      const StrataStrategy *ab[3] = { strata_dataset_find_strategy (dataset, "optimal"),
                                      strata_dataset_find_strategy (dataset, "all-neutral"),
                                      strata_dataset_find_strategy (dataset, "all-integrated") };
      StrataKernel *lazy = _strata_kernel_new (dataset, ab, 3, TRUE), *eager;
      StrataKernelState *walk, *jump, *all;
      StrataSample sample;
      guint nl = dataset->n_layers;
      g_autofree guint *c_walk = g_new (guint, nl);
      g_autofree guint *c_all = g_new (guint, nl);

      _strata_kernel_set_lazy (FALSE);
      eager = _strata_kernel_new (dataset, ab, 3, TRUE);
      _strata_kernel_set_lazy (TRUE);
      strata_log_space (dataset->volume_min, dataset->volume_max, G_N_ELEMENTS (grid), grid);
      _strata_kernel_set_grid (lazy, grid, G_N_ELEMENTS (grid));
      _strata_kernel_set_grid (eager, grid, G_N_ELEMENTS (grid));
      walk = _strata_kernel_state_new (lazy);
      jump = _strata_kernel_state_new (lazy);
      all = _strata_kernel_state_new (eager);
      _strata_sample_init (&sample, dataset);
      for (guint d = 0; d < 8; d++)
        {
          _strata_sample_draw (&sample, 5, d, NULL);
          _strata_kernel_load (lazy, walk, &sample.copy);
          _strata_kernel_load (lazy, jump, &sample.copy);
          _strata_kernel_load (eager, all, &sample.copy);
          for (guint j = 0; j < G_N_ELEMENTS (grid); j++)
            {
              double want[3], got[3];

              _strata_kernel_at_point (eager, all, j, NULL, want, c_all);
              _strata_kernel_at_point (lazy, walk, j, NULL, got, c_walk);
              g_assert_cmpmem (got, sizeof got, want, sizeof want);
              g_assert_cmpmem (c_walk, sizeof (guint) * nl, c_all, sizeof (guint) * nl);
              /* Off the grid between points, then a jump to a later one. */
              if (j % 5 == 2)
                _strata_kernel_at (lazy, walk, grid[j] * 1.01, NULL, got, NULL);
              if ((j + d) % 7 == 0)
                {
                  _strata_kernel_chain_to (lazy, jump, j);
                  _strata_kernel_at_point (lazy, jump, j, NULL, got, NULL);
                  g_assert_cmpmem (got, sizeof got, want, sizeof want);
                }
            }
        }
      _strata_sample_clear (&sample);
      _strata_kernel_state_free (walk);
      _strata_kernel_state_free (jump);
      _strata_kernel_state_free (all);
      _strata_kernel_free (lazy);
      _strata_kernel_free (eager);
    }
}

static void
test_breakeven_percentiles (void)
{
  check_breakeven_percentiles ("consumer-devices", STRATA_OBJECTIVE_EFFECTIVE, NULL);
  check_breakeven_percentiles ("consumer-devices", STRATA_OBJECTIVE_CASH, NULL);
  /* Against the optimum, which meets and parts from all-neutral. */
  check_breakeven_percentiles ("ai-cloud-stack", STRATA_OBJECTIVE_EFFECTIVE, "optimal");
  check_breakeven_percentiles ("retailer", STRATA_OBJECTIVE_CASH, "optimal");
}

/* With --points 256 the main pass's volumes are the break-even's scan,
 * and the first block's tasks walk each draw's break-even on the costs
 * they have (strata-montecarlo.c): the same volumes to the bit as the
 * walk on the scan's own costs (255 points), with several blocks of
 * volumes (enough draws) and with one, against the optimum too. */
static void
check_breakeven_from_pass (const char      *name,
                           StrataObjective  objective,
                           const char      *b,
                           guint            n_draws)
{
  g_autoptr(StrataDataset) dataset = load_sample (name);
  g_autoptr(StrataMonteCarlo) pass = NULL;
  g_autoptr(StrataMonteCarlo) apart = NULL;
  StrataMonteCarloParams params;

  strata_monte_carlo_params_init (&params, dataset);
  params.n_draws = n_draws;
  params.seed = 5;
  params.objective = objective;
  if (b != NULL)
    params.b = strata_dataset_find_strategy (dataset, b);
  params.n_points = 256;
  pass = run_with (dataset, &params);
  params.n_points = 255;
  apart = run_with (dataset, &params);

  g_assert_cmpuint (pass->n_crossing_draws, >, 0);
  g_assert_cmpuint (pass->n_crossing_draws, ==, apart->n_crossing_draws);
  g_assert_cmpmem (pass->breakeven_volumes, sizeof (double) * pass->n_crossing_draws,
                   apart->breakeven_volumes, sizeof (double) * apart->n_crossing_draws);
  g_assert_cmpfloat (pass->breakeven_p50, ==, apart->breakeven_p50);
  g_assert_cmpfloat (pass->no_crossing_share, ==, apart->no_crossing_share);
}

/* _strata_kernel_chain_to (): a draw's costs at grid point j after the
 * chain was set to it are those of the walk through every point before
 * j, to the bit (costs only and with the optimum). */
static void
test_kernel_chain_to (void)
{
  g_autoptr(StrataDataset) dataset = load_sample ("ai-cloud-stack");
  const StrataStrategy *ab[2] = { strata_dataset_find_strategy (dataset, "all-integrated"),
                                  strata_dataset_find_strategy (dataset, "optimal") };
  double grid[100];
  StrataSample sample;

  strata_log_space (dataset->volume_min, dataset->volume_max, G_N_ELEMENTS (grid), grid);
  _strata_sample_init (&sample, dataset);
  for (guint costs_only = 0; costs_only < 2; costs_only++)
    {
      StrataKernel *k = _strata_kernel_new (dataset, ab, costs_only ? 1 : 2, TRUE);
      StrataKernelState *walk, *jump;

      _strata_kernel_set_grid (k, grid, G_N_ELEMENTS (grid));
      if (costs_only)
        _strata_kernel_costs_only (k);
      walk = _strata_kernel_state_new (k);
      jump = _strata_kernel_state_new (k);
      for (guint d = 0; d < 20; d++)
        {
          guint from = (d * 37) % G_N_ELEMENTS (grid);

          _strata_sample_draw (&sample, 3, d, NULL);
          _strata_kernel_load (k, walk, &sample.copy);
          _strata_kernel_load (k, jump, &sample.copy);
          for (guint j = 0; j < G_N_ELEMENTS (grid); j++)
            {
              double want[2], got[2];

              _strata_kernel_at_point (k, walk, j, NULL, want, NULL);
              if (j < from || (j > from && j % 3 != 0))
                continue;
              /* From no chain, then from a chain a few points back. */
              _strata_kernel_chain_to (k, jump, j);
              _strata_kernel_at_point (k, jump, j, NULL, got, NULL);
              g_assert_cmpmem (got, sizeof (double) * (costs_only ? 1 : 2),
                               want, sizeof (double) * (costs_only ? 1 : 2));
              /* A volume between grid points breaks no chain. */
              _strata_kernel_at (k, jump, grid[j] * 1.01, NULL, got, NULL);
            }
        }
      _strata_kernel_state_free (walk);
      _strata_kernel_state_free (jump);
      _strata_kernel_free (k);
    }
  _strata_sample_clear (&sample);
}

static void
test_breakeven_from_pass (void)
{
  /* 6,000 draws: blocks of fewer than 256 volumes. */
  check_breakeven_from_pass ("consumer-devices", STRATA_OBJECTIVE_EFFECTIVE, NULL, 6000);
  check_breakeven_from_pass ("retailer", STRATA_OBJECTIVE_CASH, "optimal", 600);
  check_breakeven_from_pass ("ai-cloud-stack", STRATA_OBJECTIVE_EFFECTIVE, "optimal", 6000);
}

static void
test_cash_objective (void)
{
  g_autoptr(StrataDataset) dataset = load_sample ("ai-cloud-stack");
  g_autoptr(StrataMonteCarlo) effective = NULL;
  g_autoptr(StrataMonteCarlo) cash = NULL;
  StrataMonteCarloParams params;
  const StrataStrategy *neutral = strata_dataset_find_strategy (dataset, "all-neutral");
  gsize s = (gsize) (neutral - dataset->strategies);
  gboolean differs = FALSE;

  strata_monte_carlo_params_init (&params, dataset);
  params.n_draws = 200;
  params.n_points = 8;
  effective = run_with (dataset, &params);
  params.objective = STRATA_OBJECTIVE_CASH;
  cash = run_with (dataset, &params);
  g_assert_cmpint (cash->objective, ==, STRATA_OBJECTIVE_CASH);

  /* All neutral keeps the marketplace and its ecosystem value: cash
   * counts its unit cost, which is higher. */
  for (guint p = 0; p < cash->n_points; p++)
    {
      double v = cash->volumes[p];
      StrataOutcome outcome;

      strata_evaluate (dataset, neutral->choices, v, &outcome, NULL);
      g_assert_cmpfloat (cash->p50[s * cash->n_points + p], >, effective->p50[s * cash->n_points + p]);
      if (outcome.ecosystem_value > 0)
        differs = TRUE;
    }
  g_assert_true (differs);
}

/* -- tornado: outcomes and the exact reason of numbers that move nothing ------- */

#define REASONS \
  "{\"format\": \"strata-stack/1\", \"title\": \"Reasons\", \"unit\": \"u\", \"currency\": \"USD\"," \
  " \"volume\": {\"min\": 1, \"max\": 1e8, \"default\": 1e6}," \
  " \"layers\": [" \
  "  {\"id\": \"chips\", \"options\": [" \
  "    {\"id\": \"gpu\", \"mode\": \"neutral\", \"supplier_cost\": 10," \
  "     \"margin\": {\"value\": 0.5, \"low\": 0.4, \"high\": 0.6}}," \
  "    {\"id\": \"asic\", \"mode\": \"integrated\", \"unit_cost\": 30, \"floor_cost\": 5," \
  "     \"reference_volume\": 1," \
  "     \"learning_rate\": {\"value\": 0.2, \"low\": 0.1, \"high\": 0.3}," \
  "     \"fixed_cost\": {\"value\": 1000, \"low\": 500, \"high\": 2000}," \
  "     \"latency_ms\": {\"value\": 1, \"low\": 0.5, \"high\": 2}}]}," \
  "  {\"id\": \"models\", \"options\": [" \
  "    {\"id\": \"third\", \"mode\": \"neutral\", \"price\": 8," \
  "     \"margin\": {\"value\": 0.3, \"low\": 0.2, \"high\": 0.4}," \
  "     \"ecosystem_value\": {\"value\": 0.5, \"low\": 0.1, \"high\": 1}}," \
  "    {\"id\": \"own\", \"mode\": \"integrated\", \"unit_cost\": 6, \"fixed_cost\": 500}]}]," \
  " \"links\": [{\"from\": \"chips\", \"to\": \"models\"," \
  "   \"saving\": {\"value\": 0.1, \"low\": 0.05, \"high\": 0.2}}]," \
  " \"strategies\": [{\"id\": \"mixed\", \"choices\": {\"chips\": \"asic\", \"models\": \"third\"}}]}"

static StrataTornadoReason
reason_of (GArray     *entries,
           const char *path)
{
  for (guint i = 0; i < entries->len; i++)
    {
      const StrataTornadoEntry *e = &g_array_index (entries, StrataTornadoEntry, i);

      if (g_str_equal (e->number.path, path))
        return e->reason;
    }
  g_assert_not_reached ();
}

/* The tornado of fixed strategies costs only their options (a kernel of
 * their options alone, strata-tornado.c): every end of every bar is the
 * model's cost with that number at its low or high, on random stacks,
 * some too free for the kernel's patterns, both objectives, the cost of
 * one strategy and the gap of two. */
static void
test_tornado_against_model (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (8080);
  guint n_checked = 0, n_reasons = 0;

  for (guint round = 0; round < 12; round++)
    {
      g_autoptr(StrataDataset) dataset = test_random_dataset (rand, round < 6 ? 6 : 24, 4);
      g_autoptr(GArray) slots = NULL;
      StrataObjective objective = round % 2 ? STRATA_OBJECTIVE_CASH : STRATA_OBJECTIVE_EFFECTIVE;
      const StrataStrategy *a = strata_dataset_find_strategy (dataset, "all-integrated");
      const StrataStrategy *b = strata_dataset_find_strategy (dataset, "all-neutral");
      double volume = dataset->volume_min * pow (dataset->volume_max / dataset->volume_min, 0.37);

      make_uncertain (dataset, rand);
      slots = _strata_collect_slots (dataset->layers, dataset->n_layers, dataset->links,
                                     dataset->n_links);
      /* The optimum's bars: its choices at each end read back from the
       * outcomes' own solves (strata-tornado.c). */
      if (round % 3 == 2)
        a = strata_dataset_find_strategy (dataset, "optimal");
      for (guint gap = 0; gap < 2; gap++)
        {
          StrataTornadoParams params = { gap ? STRATA_TORNADO_GAP : STRATA_TORNADO_COST, a, a, b,
                                         volume, objective };
          g_autoptr(GArray) entries = strata_tornado_full (dataset, &params);

          g_assert_nonnull (entries);
          for (guint e = 0; e < entries->len; e++)
            {
              const StrataTornadoEntry *entry = &g_array_index (entries, StrataTornadoEntry, e);
              StrataNumber *number = NULL;
              double value, ends[2] = { entry->outcome_low, entry->outcome_high };

              for (guint i = 0; i < slots->len && number == NULL; i++)
                {
                  const StrataSlot *slot = &g_array_index (slots, StrataSlot, i);

                  if (slot->kind == entry->number.kind && slot->layer == entry->number.layer &&
                      slot->option == entry->number.option && slot->link == entry->number.link &&
                      g_str_equal (slot->field, entry->number.field))
                    number = slot->number;
                }
              g_assert_nonnull (number);
              value = number->value;
              if (a->choices == NULL && entry->number.kind == STRATA_UNCERTAIN_OPTION &&
                  entry->reason != STRATA_TORNADO_MOVES &&
                  entry->reason != STRATA_TORNADO_LATENCY_ONLY &&
                  entry->reason != STRATA_TORNADO_MARGIN_ONLY &&
                  entry->reason != STRATA_TORNADO_NOT_COUNTED)
                {
                  /* Not chosen exactly when the optimum takes the option
                   * at none of the number's value, low and high (nor
                   * the other strategy of a gap). */
                  gboolean chosen = gap && b->choices[entry->number.layer] == entry->number.option;
                  double at[3] = { number->value, number->low, number->high };
                  g_autofree guint *choices = g_new (guint, dataset->n_layers);

                  for (guint k = 0; k < 3; k++)
                    {
                      number->value = at[k];
                      strata_strategy_resolve_full (dataset, a, objective, volume, choices);
                      chosen |= choices[entry->number.layer] == entry->number.option;
                    }
                  number->value = value;
                  g_assert_cmpint (entry->reason == STRATA_TORNADO_NOT_CHOSEN, ==, !chosen);
                  n_reasons += !chosen;
                }
              for (guint k = 0; k < 2; k++)
                {
                  double ca, cb, want;

                  number->value = k == 0 ? number->low : number->high;
                  ca = strata_strategy_cost (dataset, a, objective, volume);
                  cb = gap ? strata_strategy_cost (dataset, b, objective, volume) : 0;
                  want = ca - cb;
                  g_assert_cmpfloat (fabs (ends[k] - want), <=, 1e-12 * (fabs (ca) + fabs (cb)));
                  n_checked++;
                }
              number->value = value;
            }
        }
    }
  g_assert_cmpuint (n_checked, >, 1000);
  g_assert_cmpuint (n_reasons, >, 10);
}

static void
test_tornado_reasons (void)
{
  g_autoptr(StrataDataset) dataset = load_text (REASONS);
  StrataTornadoParams params = { STRATA_TORNADO_COST, NULL, NULL, NULL, 1e6,
                                 STRATA_OBJECTIVE_EFFECTIVE };
  const char *lr = "layers[0].options[1].learning_rate";
  const char *fixed = "layers[0].options[1].fixed_cost";
  const char *latency = "layers[0].options[1].latency_ms";
  const char *gpu_margin = "layers[0].options[0].margin";
  const char *priced_margin = "layers[1].options[0].margin";
  const char *eco = "layers[1].options[0].ecosystem_value";
  const char *saving = "links[0].saving";

  params.strategy = strata_dataset_find_strategy (dataset, "mixed");
  {
    g_autoptr(GArray) t = strata_tornado_full (dataset, &params);

    g_assert_cmpuint (t->len, ==, 7);
    /* 30 x 1e6^log2(0.9) = 3.66 and below: the floor of 5 holds. */
    g_assert_cmpint (reason_of (t, lr), ==, STRATA_TORNADO_FLOOR_BINDS);
    g_assert_cmpint (reason_of (t, latency), ==, STRATA_TORNADO_LATENCY_ONLY);
    g_assert_cmpint (reason_of (t, gpu_margin), ==, STRATA_TORNADO_NOT_CHOSEN);
    g_assert_cmpint (reason_of (t, priced_margin), ==, STRATA_TORNADO_MARGIN_ONLY);
    g_assert_cmpint (reason_of (t, saving), ==, STRATA_TORNADO_LINK_INACTIVE);
    g_assert_cmpint (reason_of (t, fixed), ==, STRATA_TORNADO_MOVES);
    g_assert_cmpint (reason_of (t, eco), ==, STRATA_TORNADO_MOVES);
    /* The largest swing first: fixed cost 500..2000 over 1e6 moves 0.0015,
     * ecosystem value 0.9. */
    g_assert_cmpstr (g_array_index (t, StrataTornadoEntry, 0).number.path, ==, eco);
  }

  /* Cash: ecosystem value does not count. */
  params.objective = STRATA_OBJECTIVE_CASH;
  {
    g_autoptr(GArray) t = strata_tornado_full (dataset, &params);
    guint mixed[2] = { 1, 0 };
    StrataOutcome outcome;

    g_assert_cmpint (reason_of (t, eco), ==, STRATA_TORNADO_NOT_COUNTED);
    /* The outcome is the unit cost, ecosystem value left out. */
    strata_evaluate (dataset, mixed, 1e6, &outcome, NULL);
    g_assert_cmpfloat (g_array_index (t, StrataTornadoEntry, 0).base, ==, outcome.unit_cost);
  }

  /* The gap of mixed against all-integrated: both pay the accelerator's
   * fixed cost alike. */
  params.objective = STRATA_OBJECTIVE_EFFECTIVE;
  params.outcome = STRATA_TORNADO_GAP;
  params.a = params.strategy;
  params.b = strata_dataset_find_strategy (dataset, "all-integrated");
  {
    g_autoptr(GArray) t = strata_tornado_full (dataset, &params);
    const StrataTornadoEntry *top = &g_array_index (t, StrataTornadoEntry, 0);
    guint ia[2] = { 1, 0 }, ib[2] = { 1, 1 };

    g_assert_cmpint (reason_of (t, fixed), ==, STRATA_TORNADO_SAME_IN_BOTH);
    /* The base is the gap the model gives. */
    assert_close (top->base, strata_effective_unit_cost (dataset, ia, 1e6) -
                             strata_effective_unit_cost (dataset, ib, 1e6), 1e-12);
  }

  /* Break-even of all-neutral against mixed: the model's own first
   * crossing (asic's fixed cost spread over the volume). */
  params.outcome = STRATA_TORNADO_BREAKEVEN;
  params.a = strata_dataset_find_strategy (dataset, "all-neutral");
  params.b = strata_dataset_find_strategy (dataset, "mixed");
  {
    g_autoptr(GArray) t = strata_tornado_full (dataset, &params);
    g_autoptr(GArray) crossings = strata_breakeven (dataset, params.a, params.b);

    g_assert_cmpuint (crossings->len, >, 0);
    g_assert_cmpfloat (g_array_index (t, StrataTornadoEntry, 0).base, ==,
                       g_array_index (crossings, StrataCrossing, 0).volume);
    g_assert_cmpint (reason_of (t, fixed), ==, STRATA_TORNADO_MOVES);
    g_assert_cmpint (reason_of (t, latency), ==, STRATA_TORNADO_LATENCY_ONLY);
  }
}

/* strata-cli montecarlo --format json carries the same figures. */
static void
test_cli_json (void)
{
  g_autofree char *path = g_strdup_printf ("%s/data/datasets/ai-model-lab.strata.json",
                                           g_getenv ("STRATA_SOURCE_ROOT"));
  const char *argv[] = { g_getenv ("STRATA_CLI"), "montecarlo", path, "--draws", "300",
                         "--points", "9", "--format", "json", NULL };
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(StrataDataset) dataset = load_sample ("ai-model-lab");
  g_autoptr(StrataMonteCarlo) mc = NULL;
  StrataMonteCarloParams params;
  JsonObject *top;
  JsonArray *layers, *against;
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                               &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  top = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (top, "objective"), ==, "effective");

  strata_monte_carlo_params_init (&params, dataset);
  params.n_draws = 300;
  params.n_points = 9;
  params.b = strata_dataset_find_strategy (dataset, "multi-cloud-lab");
  mc = run_with (dataset, &params);

  layers = json_object_get_array_member (top, "optimal_integrates");
  g_assert_cmpuint (json_array_get_length (layers), ==, dataset->n_layers);
  for (guint l = 0; l < dataset->n_layers; l++)
    {
      JsonObject *layer = json_array_get_object_element (layers, l);
      JsonArray *probability = json_object_get_array_member (layer, "probability");

      g_assert_cmpstr (json_object_get_string_member (layer, "layer"), ==, dataset->layers[l].id);
      for (guint p = 0; p < mc->n_points; p++)
        assert_close (json_array_get_double_element (probability, p),
                      mc->layer_integrated[(gsize) p * mc->n_layers + l], 1e-9);
    }
  against = json_object_get_array_member (top, "a_cheaper_than");
  g_assert_cmpuint (json_array_get_length (against), ==, dataset->n_strategies);
  for (guint s = 0; s < dataset->n_strategies; s++)
    {
      JsonArray *probability = json_object_get_array_member (json_array_get_object_element (against, s),
                                                             "probability");

      for (guint p = 0; p < mc->n_points; p++)
        assert_close (json_array_get_double_element (probability, p),
                      mc->probability_cheaper[(gsize) s * mc->n_points + p], 1e-9);
    }
}

/* strata-cli montecarlo --objective cash names it and ranks by unit cost. */
static void
test_cli_cash (void)
{
  g_autofree char *path = g_strdup_printf ("%s/data/datasets/ai-cloud-stack.strata.json",
                                           g_getenv ("STRATA_SOURCE_ROOT"));
  const char *argv[] = { g_getenv ("STRATA_CLI"), "montecarlo", path, "--draws", "100",
                         "--points", "4", "--objective", "cash", "--format", "json", NULL };
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(StrataDataset) dataset = load_sample ("ai-cloud-stack");
  g_autoptr(StrataMonteCarlo) mc = NULL;
  StrataMonteCarloParams params;
  JsonObject *top;
  JsonArray *results;
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                               &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  top = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (top, "objective"), ==, "cash");

  strata_monte_carlo_params_init (&params, dataset);
  params.n_draws = 100;
  params.n_points = 4;
  params.objective = STRATA_OBJECTIVE_CASH;
  mc = run_with (dataset, &params);
  results = json_object_get_array_member (top, "results");
  g_assert_cmpuint (json_array_get_length (results), ==, (gsize) mc->n_strategies * mc->n_points);
  for (guint i = 0; i < json_array_get_length (results); i++)
    assert_close (json_object_get_double_member (json_array_get_object_element (results, i), "p50"),
                  mc->p50[i], 1e-9);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/strata/montecarlo/percentiles-near", test_percentiles_near);
  g_test_add_func ("/strata/montecarlo/percentiles-sampled", test_percentiles_sampled);
  g_test_add_func ("/strata/montecarlo/check", test_check);
  g_test_add_func ("/strata/montecarlo/samples-against-model", test_samples_against_model);
  g_test_add_func ("/strata/montecarlo/random-against-model", test_random_against_model);
  g_test_add_func ("/strata/montecarlo/dense-against-model", test_dense_against_model);
  g_test_add_func ("/strata/montecarlo/json-number-shortest", test_json_number_shortest);
  g_test_add_func ("/strata/montecarlo/common-random-numbers", test_common_random_numbers);
  g_test_add_func ("/strata/montecarlo/threads", test_threads);
  g_test_add_func ("/strata/montecarlo/first-estimate", test_first_estimate);
  g_test_add_func ("/strata/montecarlo/cancel", test_cancel);
  g_test_add_func ("/strata/montecarlo/breakeven-percentiles", test_breakeven_percentiles);
  g_test_add_func ("/strata/montecarlo/breakeven-from-pass", test_breakeven_from_pass);
  g_test_add_func ("/strata/montecarlo/fallback-against-model", test_fallback_against_model);
  g_test_add_func ("/strata/montecarlo/fallback-windows", test_fallback_windows);
  g_test_add_func ("/strata/montecarlo/fallback-lazy", test_fallback_lazy);
  g_test_add_func ("/strata/montecarlo/optimum-kept", test_optimum_kept);
  g_test_add_func ("/strata/montecarlo/kernel-chain-to", test_kernel_chain_to);
  g_test_add_func ("/strata/montecarlo/cash-objective", test_cash_objective);
  g_test_add_func ("/strata/montecarlo/cli-json", test_cli_json);
  g_test_add_func ("/strata/montecarlo/tornado-reasons", test_tornado_reasons);
  g_test_add_func ("/strata/montecarlo/tornado-against-model", test_tornado_against_model);
  g_test_add_func ("/strata/montecarlo/cli-cash", test_cli_cash);

  return g_test_run ();
}

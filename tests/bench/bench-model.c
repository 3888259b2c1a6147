/* bench-model.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "strata-test-util.h"

/*
 * Benchmarks of the core: dataset loading and the model (MODEL.md 3-5).
 * Every figure is the median of repeated runs.  Usage:
 *   bench-model [--quick]
 */

static gboolean quick;

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y ? 1 : 0;
}

static double
median (double *v,
        guint   n)
{
  qsort (v, n, sizeof (double), compare_doubles);
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

static double
now (void)
{
  return (double) g_get_monotonic_time () / 1e6;
}

/* A JSON dataset of @n_layers x @n_options with descriptions, about
 * @target bytes. */
static GString *
generate_text_with (guint n_layers,
                    guint n_options,
                    gsize desc_len)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  GString *s = g_string_new (NULL);
  g_autofree char *filler = NULL;
  GString *f = g_string_new (NULL);

  while (f->len < desc_len)
    g_string_append (f, "Illustrative figure for the benchmark, lorem ipsum dolor sit amet. ");
  g_string_truncate (f, desc_len);
  filler = g_string_free (f, FALSE);

  g_string_append (s, "{\n  \"format\": \"strata-stack/1\",\n"
                      "  \"title\": \"Benchmark stack (generated)\",\n"
                      "  \"description\": \"A generated dataset for bench-model.\",\n"
                      "  \"unit\": \"1M tokens\",\n  \"currency\": \"USD\",\n"
                      "  \"price\": 40,\n"
                      "  \"volume\": {\"min\": 1e6, \"max\": 1e12, \"default\": 1e9},\n"
                      "  \"boundary_cost\": 0.01,\n  \"layers\": [\n");
  for (guint i = 0; i < n_layers; i++)
    {
      g_string_append_printf (s, "    {\"id\": \"layer-%u\", \"name\": \"Layer %u\", "
                                 "\"description\": \"Layer %u of the generated stack.\",\n"
                                 "     \"options\": [\n", i, i, i);
      for (guint j = 0; j < n_options; j++)
        {
          if (j % 2 == 0)
            g_string_append_printf (s,
                                    "      {\"id\": \"opt-%u\", \"name\": \"Merchant %u\", "
                                    "\"mode\": \"neutral\", \"supplier_cost\": %.6g, "
                                    "\"margin\": {\"value\": %.4g, \"low\": %.4g, \"high\": %.4g}, "
                                    "\"fixed_cost\": %.6g,\n       \"description\": \"%s\"}",
                                    j, j, g_rand_double_range (rand, 0.01, 1),
                                    0.5, 0.4, 0.6, g_rand_double_range (rand, 0, 1e7), filler);
          else
            g_string_append_printf (s,
                                    "      {\"id\": \"opt-%u\", \"name\": \"In-house %u\", "
                                    "\"mode\": \"integrated\", \"unit_cost\": %.6g, "
                                    "\"learning_rate\": {\"value\": 0.18, \"low\": 0.1, \"high\": 0.25}, "
                                    "\"reference_volume\": 1e8, \"floor_cost\": %.6g, "
                                    "\"fixed_cost\": %.6g,\n       \"description\": \"%s\"}",
                                    j, j, g_rand_double_range (rand, 0.05, 2),
                                    g_rand_double_range (rand, 0, 0.04),
                                    g_rand_double_range (rand, 1e6, 1e9), filler);
          g_string_append (s, j + 1 < n_options ? ",\n" : "\n");
        }
      g_string_append (s, i + 1 < n_layers ? "    ]},\n" : "    ]}\n");
    }
  g_string_append (s, "  ],\n  \"links\": [\n");
  for (guint k = 0; k < 10; k++)
    g_string_append_printf (s, "    {\"from\": \"layer-%u\", \"to\": \"layer-%u\", \"saving\": 0.1}%s\n",
                            2 * k, 2 * k + 1, k + 1 < 10 ? "," : "");
  g_string_append (s, "  ]\n}\n");
  return s;
}

/* About @target bytes: the descriptions are sized after a first pass. */
static GString *
generate_text (guint n_layers,
               guint n_options,
               gsize target)
{
  gsize n = (gsize) n_layers * n_options;
  GString *probe = generate_text_with (n_layers, n_options, 16);
  gsize overhead = probe->len - 16 * n;

  g_string_free (probe, TRUE);
  return generate_text_with (n_layers, n_options,
                             target > overhead ? (target - overhead) / n : 16);
}

static void
bench_load (void)
{
  gsize target = quick ? 1 << 20 : 10 << 20;
  g_autoptr(GString) text = generate_text (1000, 8, target);
  double times[5];
  guint runs = quick ? 3 : 5;

  for (guint r = 0; r < runs; r++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(StrataDataset) ds = NULL;
      double t0 = now ();

      ds = strata_dataset_load_data (text->str, text->len, "bench.json", &error);
      times[r] = now () - t0;
      if (ds == NULL)
        {
          g_print ("load %.1f MB (1000 layers x 8 options): refused: %s\n",
                   text->len / 1e6, error->message);
          return;
        }
    }
  {
    double t = median (times, runs);
    g_print ("load %.1f MB (1000 layers x 8 options): %.1f ms, %.1f MB/s\n",
             text->len / 1e6, t * 1e3, text->len / 1e6 / t);
  }
}

/* A finished dataset of @n_layers x @n_options, modes alternating with a
 * random start, random links among @n_linked layers (cycles included). */
static StrataDataset *
bench_dataset (guint32 seed,
               guint   n_layers,
               guint   n_options,
               guint   n_linked)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  StrataDataset *ds = test_dataset_new (1e6, 1e12, 0.01);
  g_autofree guint *linked = g_new (guint, n_linked);

  test_add_generated_layers (ds, rand, n_layers, n_options, FALSE);
  /* n_linked distinct layers, then links among them. */
  for (guint k = 0; k < n_linked; k++)
    {
      guint cand;
      gboolean dup;

      do
        {
          cand = (guint) g_rand_int_range (rand, 0, (gint32) n_layers);
          dup = FALSE;
          for (guint m = 0; m < k; m++)
            dup |= linked[m] == cand;
        }
      while (dup);
      linked[k] = cand;
    }
  for (guint k = 0; n_linked >= 2 && k < n_linked; k++)
    {
      guint to = linked[(k + 1 + (guint) g_rand_int_range (rand, 0, (gint32) n_linked - 1))
                        % n_linked];

      test_add_link (ds, linked[k], to, g_rand_double_range (rand, 0.05, 0.3));
      if (g_rand_boolean (rand))
        test_add_link (ds, to, linked[k], g_rand_double_range (rand, 0.05, 0.3));
    }

  strata_dataset_finish (ds);
  return ds;
}

static void
bench_evaluate (void)
{
  g_autoptr(StrataDataset) ds = bench_dataset (1, 8, 3, 6);
  const StrataStrategy *strategy = &ds->strategies[1];
  double rates[7];
  volatile double sink = 0;
  guint n = quick ? 100000 : 1000000;

  for (guint r = 0; r < G_N_ELEMENTS (rates); r++)
    {
      double t0 = now ();
      StrataOutcome out;

      for (guint k = 0; k < n; k++)
        {
          strata_evaluate (ds, strategy->choices, 1e9 + k, &out, NULL);
          sink += out.effective_unit_cost;
        }
      rates[r] = n / (now () - t0);
    }
  g_print ("evaluate (8 layers, all outcome keys): %.2f M evaluations/s\n",
           median (rates, G_N_ELEMENTS (rates)) / 1e6);
  (void) sink;
}

static void
bench_optimum (guint n_layers,
               guint n_options,
               guint n_linked,
               guint reps)
{
  g_autoptr(StrataDataset) ds = bench_dataset (7, n_layers, n_options, n_linked);
  g_autofree guint *choices = g_new (guint, n_layers);
  g_autofree double *times = g_new (double, reps);

  for (guint r = 0; r < reps; r++)
    {
      double t0 = now ();

      strata_optimize (ds, 1e6 * pow (1e6, (double) r / reps), choices);
      times[r] = now () - t0;
    }
  g_print ("optimum %u layers x %u options, links among %u layers: %.3f ms\n",
           n_layers, n_options, n_linked, median (times, reps) * 1e3);
}

/* 20 linked layers whose options all cost the same: the cost bound cuts
 * nothing, only the count of integrated layers does (the case that took
 * 300 ms when every one of the 2^20 patterns was visited). */
/* The median of @runs optima of @ds at 1e7 (at most 9), printed after
 * @label. */
static void
print_optimum_median (const StrataDataset *ds,
                      guint                runs,
                      const char          *label)
{
  g_autofree guint *choices = g_new (guint, MAX (ds->n_layers, 1));
  double times[9];

  runs = CLAMP (runs, 1, G_N_ELEMENTS (times));
  for (guint r = 0; r < runs; r++)
    {
      double t0 = now ();

      strata_optimize (ds, 1e7, choices);
      times[r] = now () - t0;
    }
  g_print ("%s: %.3f ms\n", label, median (times, runs) * 1e3);
}

static void
bench_optimum_worst (void)
{
  g_autoptr(StrataDataset) ds = test_dataset_new (1e6, 1e9, 0);

  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *lid = g_strdup_printf ("l%u", i);
      guint l = test_add_layer (ds, lid);

      test_add_neutral_price (ds, l, "n", 1, 0.5);
      test_add_integrated (ds, l, "i", 1, 0, 0, 0);
      if (i > 0)
        test_add_link (ds, i - 1, i, 0);
    }
  strata_dataset_finish (ds);
  print_optimum_median (ds, 3, "optimum 20 linked layers with all options tied");
}

static void
bench_ladder (void)
{
  g_autoptr(StrataDataset) ds = bench_dataset (11, 8, 3, 6);
  double times[21];
  guint n_flips = 0;

  for (guint r = 0; r < G_N_ELEMENTS (times); r++)
    {
      double t0 = now ();
      g_autoptr(StrataLadder) ladder = strata_ladder_new (ds, 512);

      times[r] = now () - t0;
      n_flips = ladder->n_flips;
    }
  g_print ("ladder 512 points, 8 layers x 3 options (%u flips): %.3f ms\n",
           n_flips, median (times, G_N_ELEMENTS (times)) * 1e3);
}

static void
bench_breakeven_pair (const StrataDataset  *ds,
                      const StrataStrategy *a,
                      const StrataStrategy *b)
{
  double times[9];
  guint n = 0;

  for (guint r = 0; r < G_N_ELEMENTS (times); r++)
    {
      double t0 = now ();
      g_autoptr(GArray) c = strata_breakeven (ds, a, b);

      times[r] = now () - t0;
      n = c->len;
    }
  g_print ("break-even %s vs %s, 8 x 3 (%u crossings): %.3f ms\n", a->id, b->id,
           n, median (times, G_N_ELEMENTS (times)) * 1e3);
}

static void
bench_breakeven (void)
{
  g_autoptr(StrataDataset) ds = NULL;

  /* The first seeded 8 x 3 dataset whose presets cross. */
  for (guint32 seed = 13; seed < 200; seed++)
    {
      g_autoptr(GArray) c = NULL;

      g_clear_pointer (&ds, strata_dataset_unref);
      ds = bench_dataset (seed, 8, 3, 6);
      c = strata_breakeven (ds, &ds->strategies[0], &ds->strategies[1]);
      if (c->len > 0)
        break;
    }
  bench_breakeven_pair (ds, &ds->strategies[0], &ds->strategies[1]);
  bench_breakeven_pair (ds, &ds->strategies[2], &ds->strategies[0]);
}

/* A hard case for the branch and bound: 20 layers, each linked to three
 * others with large savings, integrated options dearer than neutral ones,
 * so the optimum mixes modes and the bounds are loose. */
static void
bench_optimum_hard (void)
{
  double times[6];

  for (guint seed = 1; seed <= G_N_ELEMENTS (times); seed++)
    {
      g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
      g_autoptr(StrataDataset) ds = test_dataset_new (1e6, 1e9, 0.05);
      guint choices[20];
      double t0;

      for (guint i = 0; i < 20; i++)
        {
          g_autofree char *id = g_strdup_printf ("l%u", i);
          guint l = test_add_layer (ds, id);

          test_add_neutral_price (ds, l, "n", 1, 0.5);
          test_add_integrated (ds, l, "i", 1.9, 0, 0, 0);
        }
      for (guint i = 0; i < 20; i++)
        for (guint k = 0; k < 3; k++)
          test_add_link (ds, i, (i + 1 + (guint) g_rand_int_range (rand, 0, 19)) % 20,
                         g_rand_double_range (rand, 0.05, 0.35));
      strata_dataset_finish (ds);

      t0 = now ();
      strata_optimize (ds, 1e7, choices);
      times[seed - 1] = now () - t0;
    }
  qsort (times, G_N_ELEMENTS (times), sizeof (double), compare_doubles);
  g_print ("optimum hard case, 20 layers x 2, 60 links (6 seeds): median %.2f ms, max %.2f ms\n",
           median (times, G_N_ELEMENTS (times)) * 1e3, times[G_N_ELEMENTS (times) - 1] * 1e3);
}

/* 20 linked layers, one of whose neutral options has a margin a hair
 * below 1 (its price 1e16 times the supplier's cost: where switch points
 * walk a margin to the end of its range).  The tie tolerance's bound over
 * every option then covers every pair, so only the cut relative to the
 * strategies compared prunes (the case that took 0.2-0.4 s an optimum). */
static void
bench_optimum_absurd (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (5);
  g_autoptr(StrataDataset) ds = test_dataset_new (1e6, 1e9, 0.05);

  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *id = g_strdup_printf ("l%u", i);
      guint l = test_add_layer (ds, id);

      test_add_neutral (ds, l, "n", g_rand_double_range (rand, 0.5, 1.5),
                        i == 7 ? 0.9999999999999999 : 0.5);
      test_add_neutral_price (ds, l, "m", g_rand_double_range (rand, 1.5, 3), 0);
      test_add_integrated (ds, l, "i", g_rand_double_range (rand, 1, 2.5), 0, 0, 0);
    }
  for (guint i = 0; i < 20; i++)
    test_add_link (ds, i, (i + 1 + (guint) g_rand_int_range (rand, 0, 19)) % 20,
                   g_rand_double_range (rand, 0.05, 0.35));
  strata_dataset_finish (ds);
  print_optimum_median (ds, 5, "optimum 20 linked layers x 3, one margin a hair below 1");
}

int
main (int   argc,
      char *argv[])
{
  for (int i = 1; i < argc; i++)
    if (g_strcmp0 (argv[i], "--quick") == 0)
      quick = TRUE;

  bench_load ();
  bench_evaluate ();
  bench_optimum (8, 3, 6, 201);
  bench_optimum (16, 4, 6, 201);
  bench_optimum (24, 3, 20, quick ? 3 : 7);
  bench_optimum_worst ();
  bench_optimum_hard ();
  bench_optimum_absurd ();
  bench_ladder ();
  bench_breakeven ();
  return 0;
}

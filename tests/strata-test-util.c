/* strata-test-util.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "strata-test-util.h"

StrataNumber
test_number (double value)
{
  StrataNumber n = { value, value, value, FALSE };
  return n;
}

StrataDataset *
test_dataset_new (double volume_min,
                  double volume_max,
                  double boundary_cost)
{
  StrataDataset *dataset = strata_dataset_new ();

  dataset->title = g_strdup ("test");
  dataset->unit = g_strdup ("unit");
  dataset->currency = g_strdup ("USD");
  dataset->volume_min = volume_min;
  dataset->volume_max = volume_max;
  dataset->volume_default = sqrt (volume_min * volume_max);
  dataset->boundary_cost = boundary_cost;
  return dataset;
}

void
test_dataset_set_price (StrataDataset *dataset,
                        double         price)
{
  dataset->has_price = TRUE;
  dataset->price = price;
}

guint
test_add_layer (StrataDataset *dataset,
                const char    *id)
{
  guint i = dataset->n_layers++;

  dataset->layers = g_renew (StrataLayer, dataset->layers, dataset->n_layers);
  memset (&dataset->layers[i], 0, sizeof (StrataLayer));
  dataset->layers[i].id = g_strdup (id);
  return i;
}

void
test_layer_set_boundary (StrataDataset *dataset,
                         guint          layer,
                         double         boundary_cost)
{
  dataset->layers[layer].has_boundary_cost = TRUE;
  dataset->layers[layer].boundary_cost = boundary_cost;
}

static StrataOption *
add_option (StrataDataset *dataset,
            guint          layer,
            const char    *id,
            StrataMode     mode,
            guint         *index)
{
  StrataLayer *l = &dataset->layers[layer];
  StrataOption *option;

  *index = l->n_options++;
  l->options = g_renew (StrataOption, l->options, l->n_options);
  option = &l->options[*index];
  memset (option, 0, sizeof (StrataOption));
  option->id = g_strdup (id);
  option->mode = mode;
  /* What the loader fills in for absent optional fields. */
  option->fixed_cost = test_number (0);
  option->ecosystem_value = test_number (0);
  option->latency_ms = test_number (0);
  option->learning_rate = test_number (0);
  option->floor_cost = test_number (0);
  option->margin = test_number (0);
  return option;
}

guint
test_add_neutral (StrataDataset *dataset,
                  guint          layer,
                  const char    *id,
                  double         supplier_cost,
                  double         margin)
{
  guint index;
  StrataOption *option = add_option (dataset, layer, id, STRATA_MODE_NEUTRAL, &index);

  option->supplier_cost = test_number (supplier_cost);
  option->margin = test_number (margin);
  return index;
}

guint
test_add_neutral_price (StrataDataset *dataset,
                        guint          layer,
                        const char    *id,
                        double         price,
                        double         margin)
{
  guint index;
  StrataOption *option = add_option (dataset, layer, id, STRATA_MODE_NEUTRAL, &index);

  option->has_price = TRUE;
  option->price = test_number (price);
  option->margin = test_number (margin);
  return index;
}

guint
test_add_integrated (StrataDataset *dataset,
                     guint          layer,
                     const char    *id,
                     double         unit_cost,
                     double         learning_rate,
                     double         reference_volume,
                     double         floor_cost)
{
  guint index;
  StrataOption *option = add_option (dataset, layer, id, STRATA_MODE_INTEGRATED, &index);

  option->unit_cost = test_number (unit_cost);
  option->learning_rate = test_number (learning_rate);
  if (reference_volume > 0)
    option->reference_volume = test_number (reference_volume);
  option->floor_cost = test_number (floor_cost);
  return index;
}

StrataOption *
test_option (StrataDataset *dataset,
             guint          layer,
             guint          option)
{
  g_assert_cmpuint (layer, <, dataset->n_layers);
  g_assert_cmpuint (option, <, dataset->layers[layer].n_options);
  return &dataset->layers[layer].options[option];
}

void
test_add_link (StrataDataset *dataset,
               guint          from,
               guint          to,
               double         saving)
{
  guint k = dataset->n_links++;

  dataset->links = g_renew (StrataLink, dataset->links, dataset->n_links);
  memset (&dataset->links[k], 0, sizeof (StrataLink));
  dataset->links[k].from = from;
  dataset->links[k].to = to;
  dataset->links[k].saving = test_number (saving);
}

void
test_add_strategy (StrataDataset *dataset,
                   const char    *id,
                   const char    *spec)
{
  g_auto(GStrv) pairs = g_strsplit (spec, ",", -1);
  StrataStrategy *strategy;
  guint k = dataset->n_strategies++;

  dataset->strategies = g_renew (StrataStrategy, dataset->strategies, dataset->n_strategies);
  strategy = &dataset->strategies[k];
  memset (strategy, 0, sizeof (StrataStrategy));
  strategy->id = g_strdup (id);
  /* MODEL.md 2: a missing layer takes its first option. */
  strategy->choices = g_new0 (guint, MAX (dataset->n_layers, 1));

  for (guint i = 0; pairs[i] != NULL; i++)
    {
      g_auto(GStrv) kv = NULL;
      int layer, option;

      if (pairs[i][0] == '\0')
        continue;
      kv = g_strsplit (pairs[i], "=", 2);
      g_assert_nonnull (kv[1]);
      layer = strata_dataset_find_layer (dataset, kv[0]);
      g_assert_cmpint (layer, >=, 0);
      option = strata_dataset_find_option (dataset, (guint) layer, kv[1]);
      g_assert_cmpint (option, >=, 0);
      strategy->choices[layer] = (guint) option;
    }
}

static double
rand_log (GRand  *rand,
          double  lo_exp,
          double  hi_exp)
{
  return pow (10.0, g_rand_double_range (rand, lo_exp, hi_exp));
}

StrataDataset *
test_random_dataset (GRand *rand,
                     guint  max_layers,
                     guint  max_options)
{
  double vmin = rand_log (rand, 2, 6);
  double vmax = vmin * rand_log (rand, 1, 6);
  StrataDataset *dataset = test_dataset_new (vmin, vmax,
                                             g_rand_double (rand) < 0.3
                                             ? 0 : g_rand_double_range (rand, 0, 0.5));
  guint n_layers = (guint) g_rand_int_range (rand, 1, (gint32) max_layers + 1);

  if (g_rand_boolean (rand))
    test_dataset_set_price (dataset, g_rand_double_range (rand, 1, 20));

  for (guint i = 0; i < n_layers; i++)
    {
      g_autofree char *lid = g_strdup_printf ("l%u", i);
      guint layer = test_add_layer (dataset, lid);
      guint n_options = (guint) g_rand_int_range (rand, 1, (gint32) max_options + 1);

      if (g_rand_double (rand) < 0.3)
        test_layer_set_boundary (dataset, layer, g_rand_double (rand) < 0.3
                                 ? 0 : g_rand_double_range (rand, 0, 0.8));

      for (guint j = 0; j < n_options; j++)
        {
          g_autofree char *oid = g_strdup_printf ("o%u", j);
          double r = g_rand_double (rand);
          StrataOption *option;
          guint o;

          if (j > 0 && r < 0.12)
            {
              /* Deliberate tie: an exact copy of an earlier option. */
              guint src = (guint) g_rand_int_range (rand, 0, (gint32) j);
              StrataOption copy = dataset->layers[layer].options[src];

              if (copy.mode == STRATA_MODE_NEUTRAL)
                o = test_add_neutral (dataset, layer, oid, 0, 0);
              else
                o = test_add_integrated (dataset, layer, oid, 0, 0, 0, 0);
              option = test_option (dataset, layer, o);
              copy.id = option->id;
              *option = copy;
              continue;
            }
          if (j > 0 && r < 0.2)
            {
              /* Deliberate tie across modes: an integrated option that
               * costs exactly what a neutral one does (no learning, no
               * floor), or the reverse. */
              guint src = (guint) g_rand_int_range (rand, 0, (gint32) j);
              StrataOption copy = dataset->layers[layer].options[src];
              double cost;

              if (copy.mode == STRATA_MODE_NEUTRAL)
                {
                  cost = copy.has_price ? copy.price.value
                                        : copy.supplier_cost.value / (1 - copy.margin.value);
                  o = test_add_integrated (dataset, layer, oid, cost, 0, 0, 0);
                }
              else if (copy.learning_rate.value == 0)
                {
                  cost = MAX (copy.unit_cost.value, copy.floor_cost.value);
                  o = test_add_neutral_price (dataset, layer, oid, cost, 0.5);
                }
              else
                {
                  o = test_add_integrated (dataset, layer, oid, copy.unit_cost.value,
                                           copy.learning_rate.value,
                                           copy.reference_volume.value, copy.floor_cost.value);
                }
              option = test_option (dataset, layer, o);
              option->fixed_cost = copy.fixed_cost;
              option->ecosystem_value = copy.ecosystem_value;
              continue;
            }

          if (g_rand_boolean (rand))
            {
              double margin = g_rand_double_range (rand, 0, 0.8);

              if (g_rand_double (rand) < 0.3)
                o = test_add_neutral_price (dataset, layer, oid,
                                            g_rand_double_range (rand, 0, 4), margin);
              else
                o = test_add_neutral (dataset, layer, oid,
                                      g_rand_double_range (rand, 0, 3), margin);
            }
          else
            {
              double unit_cost = g_rand_double_range (rand, 0, 6);
              double lr = g_rand_double (rand) < 0.3 ? 0 : g_rand_double_range (rand, 0, 0.35);
              double ref = g_rand_double (rand) < 0.3
                           ? 0 : vmin * pow (vmax / vmin, g_rand_double (rand));
              double floor_cost = g_rand_double (rand) < 0.4
                                  ? 0 : unit_cost * g_rand_double_range (rand, 0.05, 0.8);

              o = test_add_integrated (dataset, layer, oid, unit_cost, lr, ref, floor_cost);
            }
          option = test_option (dataset, layer, o);
          if (g_rand_double (rand) < 0.6)
            option->fixed_cost = test_number (vmin * rand_log (rand, -1, 1.5));
          if (g_rand_double (rand) < 0.4)
            option->ecosystem_value = test_number (g_rand_double_range (rand, 0, 0.5));
          option->latency_ms = test_number (g_rand_double_range (rand, 0, 20));
        }
    }

  if (n_layers >= 2)
    {
      guint n_links = (guint) g_rand_int_range (rand, 0, (gint32) n_layers + 2);

      for (guint k = 0; k < n_links; k++)
        {
          guint from = (guint) g_rand_int_range (rand, 0, (gint32) n_layers);
          guint to = (guint) g_rand_int_range (rand, 0, (gint32) n_layers - 1);

          if (to >= from)
            to++;
          test_add_link (dataset, from, to,
                         g_rand_double (rand) < 0.2 ? 0 : g_rand_double_range (rand, 0, 0.5));
          /* Sometimes the mutual link: a cycle. */
          if (g_rand_double (rand) < 0.3)
            test_add_link (dataset, to, from, g_rand_double_range (rand, 0, 0.4));
        }
    }

  strata_dataset_finish (dataset);
  return dataset;
}

guint
test_count_integrated (const StrataDataset *dataset,
                       const guint         *choices)
{
  guint n = 0;

  for (guint i = 0; i < dataset->n_layers; i++)
    if (dataset->layers[i].options[choices[i]].mode == STRATA_MODE_INTEGRATED)
      n++;
  return n;
}

/* The sum of the magnitudes of the terms of @choices' effective unit
 * cost: |variable| + |fixed/V| + |ecosystem value| + interface, per layer. */
double
test_cost_magnitude (const StrataDataset *dataset,
                     const guint         *choices,
                     double               volume)
{
  g_autofree StrataLayerCost *layers = g_new0 (StrataLayerCost, dataset->n_layers);
  double mag = 0;

  strata_evaluate (dataset, choices, volume, NULL, layers);
  for (guint i = 0; i < dataset->n_layers; i++)
    mag += fabs (layers[i].variable) + fabs (layers[i].fixed_per_unit)
           + fabs (layers[i].ecosystem_value) + fabs (layers[i].interface_cost);
  return mag;
}

double
test_brute_force (const StrataDataset *dataset,
                  double               volume,
                  guint               *choices_out)
{
  guint n = dataset->n_layers;
  g_autofree guint *cur = g_new0 (guint, n);
  double best = INFINITY, best_mag = 0;
  guint best_int = G_MAXUINT;

  /* Combinations in lexicographic order, bottom layer most significant:
   * among exact ties the first one seen has the earliest options. */
  for (;;)
    {
      double cost = strata_effective_unit_cost (dataset, cur, volume);
      double mag = test_cost_magnitude (dataset, cur, volume);
      guint n_int = test_count_integrated (dataset, cur);
      /* Section 5's ties, judged relative to the two costs compared: the
       * magnitude of the terms each sums (as the optimizer does). */
      double tol = 1e-12 * MAX (mag, best_mag);
      gboolean better;
      int i;

      if (best_int == G_MAXUINT)
        better = TRUE;
      else if (cost < best - tol)
        better = TRUE;
      else if (fabs (cost - best) <= tol)
        better = n_int < best_int;
      else
        better = FALSE;

      if (better)
        {
          best = cost;
          best_mag = mag;
          best_int = n_int;
          memcpy (choices_out, cur, sizeof (guint) * n);
        }

      for (i = (int) n - 1; i >= 0; i--)
        {
          if (++cur[i] < dataset->layers[i].n_options)
            break;
          cur[i] = 0;
        }
      if (i < 0)
        break;
    }
  return best;
}

void
test_add_generated_layers (StrataDataset *dataset,
                           GRand         *rand,
                           guint          n_layers,
                           guint          n_options,
                           gboolean       constant)
{
  for (guint i = 0; i < n_layers; i++)
    {
      g_autofree char *lid = g_strdup_printf ("l%u", i);
      guint l = test_add_layer (dataset, lid);
      guint first = (guint) g_rand_int_range (rand, 0, 2);

      for (guint j = 0; j < n_options; j++)
        {
          g_autofree char *oid = g_strdup_printf ("o%u", j);
          guint o;

          if ((j + first) % 2 == 0)
            o = test_add_neutral (dataset, l, oid, g_rand_double_range (rand, 0.05, 1),
                                  g_rand_double_range (rand, 0.2, 0.8));
          else
            o = test_add_integrated (dataset, l, oid, g_rand_double_range (rand, 0.1, 3),
                                     constant ? 0 : g_rand_double_range (rand, 0.05, 0.3),
                                     pow (10, g_rand_double_range (rand, 6, 10)),
                                     g_rand_double_range (rand, 0, 0.05));
          if (!constant)
            test_option (dataset, l, o)->fixed_cost =
              test_number (pow (10, g_rand_double_range (rand, 5, 10)));
          if (g_rand_double (rand) < 0.3)
            test_option (dataset, l, o)->ecosystem_value =
              test_number (g_rand_double_range (rand, 0, 0.2));
        }
    }
}

StrataDataset *
test_dense_links_dataset (GRand  *rand,
                          guint   n_layers,
                          guint   n_linked,
                          double  boundary,
                          guint   second_buy,
                          double  most_saving)
{
  StrataDataset *ds = test_dataset_new (1e3, 1e9, boundary);

  for (guint i = 0; i < n_layers; i++)
    {
      g_autofree char *id = g_strdup_printf ("l%u", i);
      guint layer = test_add_layer (ds, id);
      double base = g_rand_double_range (rand, 5, 40);
      guint own = test_add_integrated (ds, layer, "own", base * g_rand_double_range (rand, 1.5, 3),
                                       g_rand_double_range (rand, 0.1, 0.4),
                                       g_rand_double_range (rand, 1e4, 1e6), 0);

      test_option (ds, layer, own)->fixed_cost = test_number (g_rand_double_range (rand, 0, 5e6));
      test_add_neutral (ds, layer, "buy", base * g_rand_double_range (rand, 0.7, 1.3),
                        g_rand_double_range (rand, 0, 0.4));
      if (second_buy == 1 || (second_buy == 2 && i % 2))
        test_add_neutral (ds, layer, "buy2", base * g_rand_double_range (rand, 0.7, 1.3), 0.1);
    }
  for (guint a = 0; a < n_linked; a++)
    for (guint b = 0; b < n_linked; b++)
      if (a != b)
        test_add_link (ds, a * n_layers / n_linked, b * n_layers / n_linked,
                       g_rand_double_range (rand, 0.1, 1) * most_saving);
  strata_dataset_finish (ds);
  return ds;
}

StrataDataset *
test_generated_dataset (guint32  seed,
                        guint    n_layers,
                        guint    n_options,
                        guint    n_linked,
                        gboolean constant)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  StrataDataset *ds = test_dataset_new (1e6, 1e12, 0.01);

  test_add_generated_layers (ds, rand, n_layers, n_options, constant);
  for (guint k = 0; k + 1 < n_linked && 2 * k + 1 < n_layers; k++)
    test_add_link (ds, (guint) (k * n_layers / n_linked),
                   (guint) ((k + 1) * n_layers / n_linked), g_rand_double_range (rand, 0.05, 0.4));
  strata_dataset_finish (ds);
  return ds;
}

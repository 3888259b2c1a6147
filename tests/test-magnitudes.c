/* test-magnitudes.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <float.h>
#include <math.h>
#include <string.h>

#include <strata/strata-model.h>

/*
 * A property test of the loader and the arithmetic at every magnitude
 * (issue 16): seeded dataset texts whose numbers are, field by field,
 * ordinary or anything from subnormal to 1.7e308.  Every text is either
 * refused with a message naming the JSON path of a field that was given
 * an extreme value, or it loads and then every outcome of every preset at
 * the ends and the default of its volume range, the optimum, a ladder and
 * a break-even against Optimal are finite.  Criticals are fatal here
 * (G_DEBUG=fatal-criticals), so nothing asserts on the way.
 */

typedef struct
{
  GRand   *rand;
  GString *text;
  GPtrArray *extreme;   /* paths given an extreme value */
} Gen;

/* A magnitude from 0, the subnormals or anything up to 1.78e308. */
static double
extreme (GRand *rand)
{
  switch (g_rand_int_range (rand, 0, 6))
    {
    case 0:
      return 0;
    case 1:
      return 4.9406564584124654e-324 * g_rand_int_range (rand, 1, 1000);
    case 2:
      return DBL_MAX;
    default:
      return pow (10, g_rand_double_range (rand, -320, 308.25));
    }
}

/* Appends "key": value, extreme with probability 1/12. */
static void
number (Gen        *gen,
        const char *path,
        const char *key,
        double      ordinary)
{
  double v = ordinary;

  if (g_rand_int_range (gen->rand, 0, 12) == 0)
    {
      v = extreme (gen->rand);
      g_ptr_array_add (gen->extreme, g_strdup_printf ("%s%s%s", path, *path ? "." : "", key));
    }
  g_string_append_printf (gen->text, "\"%s\": %.17e, ", key, v);
}

static void
gen_option (Gen   *gen,
            guint  layer,
            guint  option)
{
  GRand *rand = gen->rand;
  g_autofree char *path = g_strdup_printf ("layers[%u].options[%u]", layer, option);

  g_string_append_printf (gen->text, "{\"id\": \"o%u\", ", option);
  if (g_rand_boolean (rand))
    {
      g_string_append (gen->text, "\"mode\": \"neutral\", ");
      number (gen, path, g_rand_boolean (rand) ? "supplier_cost" : "price",
              g_rand_double_range (rand, 0.01, 2));
      number (gen, path, "margin", g_rand_double_range (rand, 0, 0.9));
    }
  else
    {
      g_string_append (gen->text, "\"mode\": \"integrated\", ");
      number (gen, path, "unit_cost", g_rand_double_range (rand, 0.01, 3));
      number (gen, path, "learning_rate", g_rand_double_range (rand, 0, 0.3));
      number (gen, path, "reference_volume", pow (10, g_rand_double_range (rand, 3, 9)));
      number (gen, path, "floor_cost", g_rand_double_range (rand, 0, 0.05));
    }
  number (gen, path, "fixed_cost", pow (10, g_rand_double_range (rand, 0, 9)));
  number (gen, path, "ecosystem_value", g_rand_double_range (rand, 0, 0.2));
  number (gen, path, "latency_ms", g_rand_double_range (rand, 0, 50));
  g_string_truncate (gen->text, gen->text->len - 2);
  g_string_append (gen->text, "}");
}

static void
gen_dataset (Gen *gen)
{
  GRand *rand = gen->rand;
  guint n_layers = (guint) g_rand_int_range (rand, 1, 5);
  double vmin = pow (10, g_rand_double_range (rand, 0, 6));

  g_string_append (gen->text, "{\"format\": \"strata-stack/1\", \"title\": \"t\", "
                              "\"unit\": \"u\", \"currency\": \"USD\", ");
  number (gen, "", "price", g_rand_double_range (rand, 1, 100));
  number (gen, "", "boundary_cost", g_rand_double_range (rand, 0, 0.1));
  g_string_append (gen->text, "\"volume\": {");
  number (gen, "volume", "min", vmin);
  number (gen, "volume", "default", vmin * 10);
  number (gen, "volume", "max", vmin * 1e4);
  g_string_truncate (gen->text, gen->text->len - 2);
  g_string_append (gen->text, "}, \"layers\": [");
  for (guint i = 0; i < n_layers; i++)
    {
      guint n_options = (guint) g_rand_int_range (rand, 1, 4);
      g_autofree char *path = g_strdup_printf ("layers[%u]", i);

      g_string_append_printf (gen->text, "%s{\"id\": \"l%u\", ", i ? ", " : "", i);
      if (g_rand_boolean (rand))
        number (gen, path, "boundary_cost", g_rand_double_range (rand, 0, 0.1));
      g_string_append (gen->text, "\"options\": [");
      for (guint j = 0; j < n_options; j++)
        {
          if (j)
            g_string_append (gen->text, ", ");
          gen_option (gen, i, j);
        }
      g_string_append (gen->text, "]}");
    }
  g_string_append (gen->text, "]");
  if (n_layers > 1)
    {
      g_string_append_printf (gen->text, ", \"links\": [{\"from\": \"l0\", \"to\": \"l%u\", ",
                              n_layers - 1);
      number (gen, "links[0]", "saving", g_rand_double_range (rand, 0, 0.5));
      g_string_truncate (gen->text, gen->text->len - 2);
      g_string_append (gen->text, "}]");
    }
  g_string_append (gen->text, "}");
}

static void
assert_finite_outcome (const StrataOutcome *o)
{
  g_assert_true (isfinite (o->unit_cost));
  g_assert_true (isfinite (o->ecosystem_value));
  g_assert_true (isfinite (o->effective_unit_cost));
  g_assert_true (isfinite (o->annual_cost));
  g_assert_true (isfinite (o->supplier_margin));
  g_assert_true (isfinite (o->capital_at_risk));
  g_assert_true (isfinite (o->supplier_share));
  g_assert_true (isfinite (o->latency_ms));
  if (o->has_profit)
    {
      g_assert_true (isfinite (o->unit_profit));
      g_assert_true (isfinite (o->annual_profit));
      g_assert_true (isfinite (o->effective_unit_profit));
    }
}

static void
check_loaded (const StrataDataset *ds)
{
  double volumes[3] = { ds->volume_min, ds->volume_default, ds->volume_max };
  g_autofree guint *choices = g_new (guint, ds->n_layers);
  const StrataStrategy *optimal = strata_dataset_find_strategy (ds, STRATA_STRATEGY_OPTIMAL);
  const StrataStrategy *neutral = strata_dataset_find_strategy (ds, STRATA_STRATEGY_ALL_NEUTRAL);
  g_autoptr(StrataLadder) ladder = NULL;
  g_autoptr(StrataBreakeven) breakeven = NULL;

  for (guint k = 0; k < G_N_ELEMENTS (volumes); k++)
    for (guint s = 0; s < ds->n_strategies; s++)
      {
        StrataOutcome outcome;

        strata_strategy_resolve (ds, &ds->strategies[s], volumes[k], choices);
        strata_evaluate (ds, choices, volumes[k], &outcome, NULL);
        assert_finite_outcome (&outcome);
      }

  ladder = strata_ladder_new (ds, 9);
  g_assert_nonnull (ladder);
  for (guint p = 0; p < ladder->n_points; p++)
    g_assert_true (isfinite (ladder->costs[p]) && isfinite (ladder->volumes[p]));
  for (guint f = 0; f < ladder->n_flips; f++)
    g_assert_true (isfinite (ladder->flips[f].volume));

  breakeven = strata_breakeven_find (ds, optimal, neutral, STRATA_OBJECTIVE_EFFECTIVE, 0, 0, 64);
  g_assert_nonnull (breakeven);
  for (guint c = 0; c < breakeven->crossings->len; c++)
    g_assert_true (isfinite (g_array_index (breakeven->crossings, StrataCrossing, c).volume));
}

static void
test_magnitudes (void)
{
  guint n_loaded = 0, n_refused = 0;

  for (guint seed = 0; seed < 600; seed++)
    {
      g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
      g_autoptr(GString) text = g_string_new (NULL);
      g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GError) error = NULL;
      g_autoptr(StrataDataset) ds = NULL;
      Gen gen = { rand, text, paths };

      gen_dataset (&gen);
      ds = strata_dataset_load_data (text->str, text->len, "magnitudes.json", &error);
      if (ds == NULL)
        {
          gboolean named = FALSE;

          /* Refused: the message names a field that was made extreme. */
          for (guint k = 0; k < paths->len && !named; k++)
            named = strstr (error->message, g_ptr_array_index (paths, k)) != NULL;
          if (!named)
            g_test_message ("seed %u: %s\n%s", seed, error->message, text->str);
          g_assert_true (named);
          n_refused++;
        }
      else
        {
          check_loaded (ds);
          n_loaded++;
        }
    }
  /* Both outcomes were exercised. */
  g_assert_cmpuint (n_loaded, >, 50);
  g_assert_cmpuint (n_refused, >, 50);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/strata/magnitudes/load-or-finite", test_magnitudes);

  return g_test_run ();
}

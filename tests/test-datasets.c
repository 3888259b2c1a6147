/* test-datasets.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * The sample datasets in data/datasets: every *.strata.json there loads,
 * says what it is (description, unit, currency, sources, the word
 * "illustrative"), and has a story for its charts: a break-even between
 * All neutral and one of its integrated or hybrid strategies strictly
 * inside its volume range, and at least one flip on the integration
 * ladder.  The files are found through STRATA_SOURCE_ROOT, so a new sample
 * dataset is tested without touching this file.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <strata/strata-model.h>

#define DEFAULT_DATASET "ai-cloud-stack.strata.json"
#define LADDER_POINTS   64

static char *
datasets_dir (void)
{
  const char *root = g_getenv ("STRATA_SOURCE_ROOT");

  if (root != NULL)
    return g_build_filename (root, "data", "datasets", NULL);

  /* Run by hand from the source tree: tests/ is G_TEST_SRCDIR. */
  return g_test_build_filename (G_TEST_DIST, "..", "data", "datasets", NULL);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* Sorted base names of every *.strata.json in the datasets folder. */
static GPtrArray *
list_datasets (void)
{
  g_autofree char *dir = datasets_dir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) gdir = NULL;
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  gdir = g_dir_open (dir, 0, &error);
  g_assert_no_error (error);

  while ((name = g_dir_read_name (gdir)) != NULL)
    if (g_str_has_suffix (name, ".strata.json"))
      g_ptr_array_add (names, g_strdup (name));

  g_ptr_array_sort (names, compare_names);
  return names;
}

static StrataDataset *
load_dataset (const char *name)
{
  g_autofree char *dir = datasets_dir ();
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  StrataDataset *ds;

  ds = strata_dataset_load_file (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (ds);

  return ds;
}

static gboolean
str_contains_nocase (const char *haystack,
                     const char *needle)
{
  g_autofree char *h = g_utf8_casefold (haystack, -1);
  g_autofree char *n = g_utf8_casefold (needle, -1);

  return strstr (h, n) != NULL;
}

static gboolean
has_sources (char **sources)
{
  return sources != NULL && sources[0] != NULL && sources[0][0] != '\0';
}

/* The folder holds at least the four datasets of the issue, and the
 * default the app opens is among them. */
static void
test_datasets_present (void)
{
  g_autoptr(GPtrArray) names = list_datasets ();
  gboolean found_default = FALSE;

  g_assert_cmpuint (names->len, >=, 4);

  for (guint i = 0; i < names->len; i++)
    if (g_strcmp0 (g_ptr_array_index (names, i), DEFAULT_DATASET) == 0)
      found_default = TRUE;

  g_assert_true (found_default);
}

/* Loads with no error and describes itself; every option and link names
 * the source (a citation or the "assumption" note) behind its figures. */
static void
test_dataset_describes_itself (gconstpointer data)
{
  g_autoptr(StrataDataset) ds = load_dataset (data);

  g_assert_nonnull (ds->title);
  g_assert_cmpstr (ds->title, !=, "");
  g_assert_nonnull (ds->description);
  g_assert_cmpuint (strlen (ds->description), >, 100);
  g_assert_true (str_contains_nocase (ds->description, "illustrative"));
  g_assert_nonnull (ds->unit);
  g_assert_cmpstr (ds->unit, !=, "");
  g_assert_nonnull (ds->currency);
  g_assert_cmpstr (ds->currency, !=, "");
  g_assert_cmpuint (ds->n_sources, >=, 1);

  g_assert_cmpfloat (ds->volume_min, >, 0.0);
  g_assert_cmpfloat (ds->volume_min, <, ds->volume_max);
  g_assert_cmpfloat (ds->volume_default, >, ds->volume_min);
  g_assert_cmpfloat (ds->volume_default, <, ds->volume_max);

  g_assert_cmpuint (ds->n_layers, >=, 2);
  g_assert_cmpuint (ds->n_layers, <=, 8);

  for (guint l = 0; l < ds->n_layers; l++)
    {
      const StrataLayer *layer = &ds->layers[l];

      /* Each layer offers the choice the charts are about. */
      g_assert_cmpint (strata_layer_first_of_mode (layer, STRATA_MODE_NEUTRAL), >=, 0);
      g_assert_cmpint (strata_layer_first_of_mode (layer, STRATA_MODE_INTEGRATED), >=, 0);

      for (guint o = 0; o < layer->n_options; o++)
        {
          if (!has_sources (layer->options[o].sources))
            g_error ("%s: layer %s option %s names no source",
                     (const char *) data, layer->id, layer->options[o].id);
        }
    }

  for (guint k = 0; k < ds->n_links; k++)
    g_assert_true (has_sources (ds->links[k].sources));

  /* At least one strategy of its own beyond the presets. */
  g_assert_cmpuint (ds->n_strategies, >, STRATA_N_PRESETS);
}

static gboolean
strategy_has_integrated (const StrataDataset  *ds,
                         const StrataStrategy *strategy)
{
  g_autofree guint *choices = g_new0 (guint, ds->n_layers);

  strata_strategy_resolve (ds, strategy, ds->volume_default, choices);
  for (guint l = 0; l < ds->n_layers; l++)
    if (ds->layers[l].options[choices[l]].mode == STRATA_MODE_INTEGRATED)
      return TRUE;

  return FALSE;
}

/* Checks that each reported crossing is real: the curves are on opposite
 * sides just below and just above it, and the side said to be cheaper
 * above is. */
static void
assert_crossings_real (const StrataDataset  *ds,
                       const StrataStrategy *a,
                       const StrataStrategy *b,
                       GArray               *crossings)
{
  for (guint i = 0; i < crossings->len; i++)
    {
      const StrataCrossing *c = &g_array_index (crossings, StrataCrossing, i);
      double below = c->volume * (1.0 - 1e-4);
      double above = c->volume * (1.0 + 1e-4);
      double da_below, da_above;

      g_assert_cmpfloat (c->volume, >=, ds->volume_min);
      g_assert_cmpfloat (c->volume, <=, ds->volume_max);
      if (i > 0)
        g_assert_cmpfloat (c->volume, >, g_array_index (crossings, StrataCrossing, i - 1).volume);

      below = MAX (below, ds->volume_min);
      above = MIN (above, ds->volume_max);
      da_below = strata_strategy_effective_cost (ds, a, below)
                 - strata_strategy_effective_cost (ds, b, below);
      da_above = strata_strategy_effective_cost (ds, a, above)
                 - strata_strategy_effective_cost (ds, b, above);

      if (c->cheaper_above == 0)
        {
          g_assert_cmpfloat (da_above, <, 0.0);
          g_assert_cmpfloat (da_below, >=, 0.0);
        }
      else
        {
          g_assert_cmpuint (c->cheaper_above, ==, 1);
          g_assert_cmpfloat (da_above, >, 0.0);
          g_assert_cmpfloat (da_below, <=, 0.0);
        }
    }
}

/* All neutral against each integrated or hybrid strategy (All integrated
 * and the dataset's own): at least one crosses strictly inside the
 * volume range, with integration the cheaper side above it. */
static void
test_dataset_breakeven (gconstpointer data)
{
  g_autoptr(StrataDataset) ds = load_dataset (data);
  const StrataStrategy *neutral;
  guint n_inside = 0;

  neutral = strata_dataset_find_strategy (ds, STRATA_STRATEGY_ALL_NEUTRAL);
  g_assert_nonnull (neutral);

  for (guint s = 0; s < ds->n_strategies; s++)
    {
      const StrataStrategy *other = &ds->strategies[s];
      g_autoptr(GArray) crossings = NULL;

      if (other == neutral || strata_strategy_is_optimal (other))
        continue;
      if (!strategy_has_integrated (ds, other))
        continue;

      crossings = strata_breakeven (ds, neutral, other);
      g_assert_nonnull (crossings);
      assert_crossings_real (ds, neutral, other, crossings);

      for (guint i = 0; i < crossings->len; i++)
        {
          const StrataCrossing *c = &g_array_index (crossings, StrataCrossing, i);

          if (c->volume > ds->volume_min && c->volume < ds->volume_max
              && c->cheaper_above == 1)
            {
              g_test_message ("%s: all-neutral vs %s break even at %.6g %s",
                              (const char *) data, other->id, c->volume, ds->unit);
              n_inside++;
            }
        }
    }

  g_assert_cmpuint (n_inside, >=, 1);
}

/* The integration ladder over 64 points has at least one flip, each one
 * inside the range, ascending, a real change of mode, and consistent with
 * the optimal choices on either side of it. */
static void
test_dataset_ladder (gconstpointer data)
{
  g_autoptr(StrataDataset) ds = load_dataset (data);
  g_autoptr(StrataLadder) ladder = strata_ladder_new (ds, LADDER_POINTS);
  const guint *first, *last;

  g_assert_nonnull (ladder);
  g_assert_cmpuint (ladder->n_points, ==, LADDER_POINTS);
  g_assert_cmpuint (ladder->n_layers, ==, ds->n_layers);
  g_assert_cmpuint (ladder->n_flips, >=, 1);

  for (guint i = 0; i < ladder->n_flips; i++)
    {
      const StrataFlip *f = &ladder->flips[i];

      g_assert_cmpuint (f->layer, <, ds->n_layers);
      /* A flip changes the option; the mode may stay (MODEL.md 5). */
      g_assert_cmpuint (f->from_option, !=, f->to_option);
      g_assert_cmpint (f->from, ==, ds->layers[f->layer].options[f->from_option].mode);
      g_assert_cmpint (f->to, ==, ds->layers[f->layer].options[f->to_option].mode);
      g_assert_cmpfloat (f->volume, >, ds->volume_min);
      g_assert_cmpfloat (f->volume, <, ds->volume_max);
      if (i > 0)
        g_assert_cmpfloat (f->volume, >=, ladder->flips[i - 1].volume);
      g_test_message ("%s: %s flips %s -> %s at %.4g %s",
                      (const char *) data, ds->layers[f->layer].id,
                      strata_mode_to_string (f->from),
                      strata_mode_to_string (f->to), f->volume, ds->unit);
    }

  /* The optimum at the bottom of the range differs from the one at the
   * top in at least one layer's mode: the ladder climbs. */
  first = &ladder->choices[0];
  last = &ladder->choices[(gsize) (ladder->n_points - 1) * ladder->n_layers];
  {
    guint n_integrated_first = 0, n_integrated_last = 0;

    for (guint l = 0; l < ds->n_layers; l++)
      {
        if (ds->layers[l].options[first[l]].mode == STRATA_MODE_INTEGRATED)
          n_integrated_first++;
        if (ds->layers[l].options[last[l]].mode == STRATA_MODE_INTEGRATED)
          n_integrated_last++;
      }
    g_assert_cmpuint (n_integrated_last, >, n_integrated_first);
  }

  /* Each grid point's cost is its choices' cost. */
  for (guint p = 0; p < ladder->n_points; p++)
    {
      const guint *row = &ladder->choices[(gsize) p * ladder->n_layers];

      g_assert_cmpfloat_with_epsilon (ladder->costs[p],
                                      strata_effective_unit_cost (ds, row, ladder->volumes[p]),
                                      1e-9 * MAX (1.0, fabs (ladder->costs[p])));
    }
}

/* The default dataset tells the essay's story: the Amazon-style hybrid
 * (own chips, cloud and models; a neutral marketplace) beats All neutral
 * above a break-even, beats All integrated everywhere because the closed
 * platform gives up the marketplace's ecosystem value, and is the optimum
 * at the default volume.  Co-design savings are uncertain numbers. */
static void
test_default_story (void)
{
  g_autoptr(StrataDataset) ds = load_dataset (DEFAULT_DATASET);
  const StrataStrategy *hybrid, *neutral, *integrated;
  g_autofree guint *hybrid_choices = g_new0 (guint, ds->n_layers);
  g_autofree guint *optimal = g_new0 (guint, ds->n_layers);
  g_autoptr(GArray) vs_neutral = NULL;
  g_autoptr(GArray) vs_integrated = NULL;
  int platform, marketplace;

  g_assert_cmpstr (ds->unit, ==, "1M tokens");
  g_assert_cmpstr (ds->currency, ==, "USD");

  hybrid = strata_dataset_find_strategy (ds, "amazon-hybrid");
  g_assert_nonnull (hybrid);
  g_assert_cmpstr (hybrid->name, ==, "Amazon-style hybrid");
  neutral = strata_dataset_find_strategy (ds, STRATA_STRATEGY_ALL_NEUTRAL);
  integrated = strata_dataset_find_strategy (ds, STRATA_STRATEGY_ALL_INTEGRATED);

  platform = strata_dataset_find_layer (ds, "platform");
  g_assert_cmpint (platform, >=, 0);
  marketplace = strata_dataset_find_option (ds, platform, "model-marketplace");
  g_assert_cmpint (marketplace, >=, 0);
  g_assert_cmpint (ds->layers[platform].options[marketplace].mode, ==, STRATA_MODE_NEUTRAL);
  g_assert_cmpfloat (ds->layers[platform].options[marketplace].ecosystem_value.value, >, 0.0);

  strata_strategy_resolve (ds, hybrid, ds->volume_default, hybrid_choices);
  g_assert_cmpuint (hybrid_choices[platform], ==, (guint) marketplace);

  g_assert_cmpuint (ds->n_links, >=, 1);
  for (guint k = 0; k < ds->n_links; k++)
    g_assert_true (ds->links[k].saving.uncertain);

  vs_neutral = strata_breakeven (ds, neutral, hybrid);
  g_assert_cmpuint (vs_neutral->len, ==, 1);
  g_assert_cmpuint (g_array_index (vs_neutral, StrataCrossing, 0).cheaper_above, ==, 1);
  g_assert_cmpfloat (g_array_index (vs_neutral, StrataCrossing, 0).volume, <, ds->volume_default);

  vs_integrated = strata_breakeven (ds, integrated, hybrid);
  g_assert_cmpuint (vs_integrated->len, ==, 0);
  g_assert_cmpfloat (strata_strategy_effective_cost (ds, hybrid, ds->volume_max), <,
                     strata_strategy_effective_cost (ds, integrated, ds->volume_max));

  strata_optimize (ds, ds->volume_default, optimal);
  for (guint l = 0; l < ds->n_layers; l++)
    g_assert_cmpuint (optimal[l], ==, hybrid_choices[l]);
}

/* MODEL.md 6 needs ranges where they matter: fixed costs and cost floors
 * decide where integration pays, and a neutral option's supplier cost
 * decides what is saved.  Every sample gives each of them, where it is not
 * zero, as {value, low, high}, so the Monte Carlo is not falsely precise. */
static void
test_dataset_decisive_ranges (gconstpointer data)
{
  g_autoptr(StrataDataset) ds = load_dataset (data);

  for (guint l = 0; l < ds->n_layers; l++)
    for (guint o = 0; o < ds->layers[l].n_options; o++)
      {
        const StrataOption *opt = &ds->layers[l].options[o];
        const StrataNumber *decisive[3] = { &opt->fixed_cost, NULL, NULL };

        if (opt->mode == STRATA_MODE_INTEGRATED)
          decisive[1] = &opt->floor_cost;
        else if (!opt->has_price)
          decisive[1] = &opt->supplier_cost;

        for (guint k = 0; k < G_N_ELEMENTS (decisive); k++)
          {
            const StrataNumber *n = decisive[k];

            if (n == NULL || n->value == 0.0)
              continue;
            if (!n->uncertain)
              g_error ("%s: %s/%s has a decisive number %g with no range",
                       (const char *) data, ds->layers[l].id, opt->id, n->value);
            g_assert_cmpfloat (n->low, <, n->value);
            g_assert_cmpfloat (n->high, >, n->value);
          }
      }
}

static double
first_flip_to (const StrataDataset *ds,
               const StrataLadder  *ladder,
               const char          *layer_id,
               const char          *option_id)
{
  int layer = strata_dataset_find_layer (ds, layer_id);
  int option;

  g_assert_cmpint (layer, >=, 0);
  option = strata_dataset_find_option (ds, layer, option_id);
  g_assert_cmpint (option, >=, 0);
  for (guint i = 0; i < ladder->n_flips; i++)
    if (ladder->flips[i].layer == (guint) layer &&
        ladder->flips[i].to_option == (guint) option)
      return ladder->flips[i].volume;
  g_error ("%s/%s never becomes optimal", layer_id, option_id);
  return 0.0;
}

/* What the samples' descriptions say about their numbers stays true. */
static void
test_descriptions_match_numbers (void)
{
  g_autoptr(StrataDataset) lab = load_dataset ("ai-model-lab.strata.json");
  g_autoptr(StrataDataset) cloud = load_dataset (DEFAULT_DATASET);
  g_autoptr(StrataLadder) ladder = strata_ladder_new (lab, LADDER_POINTS);
  double own_dc, own_chip, fee;
  const StrataOption *models;
  int layer;

  /* "at the lab's 4 B tokens a year their fixed costs do not pay: own data
   * centres pay only above about 6 B and an own accelerator above about
   * 8 B ... until it has grown by about half" */
  g_assert_cmpfloat (lab->volume_default, ==, 4e9);
  g_assert_nonnull (strstr (lab->description, "above about 6 B"));
  g_assert_nonnull (strstr (lab->description, "above about 8 B"));
  own_dc = first_flip_to (lab, ladder, "cloud", "own-data-centres");
  own_chip = first_flip_to (lab, ladder, "chips", "own-accelerator");
  g_assert_cmpfloat (own_dc, >=, 5.5e9);
  g_assert_cmpfloat (own_dc, <, 6.5e9);
  g_assert_cmpfloat (own_chip, >=, 7.5e9);
  g_assert_cmpfloat (own_chip, <, 8.5e9);
  g_assert_cmpfloat (MIN (own_dc, own_chip), >=, 1.4 * lab->volume_default);
  g_assert_cmpfloat (MIN (own_dc, own_chip), <, 1.6 * lab->volume_default);

  /* "The fee paid here is $0.75 per 1M tokens ... an eighth of the $6
   * this stack earns per 1M tokens" */
  layer = strata_dataset_find_layer (cloud, "models");
  g_assert_cmpint (layer, >=, 0);
  models = &cloud->layers[layer].options[strata_dataset_find_option (cloud, layer, "third-party-models")];
  g_assert_nonnull (strstr (models->description, "$0.75 per 1M tokens"));
  fee = models->supplier_cost.value / (1.0 - models->margin.value);
  g_assert_cmpfloat_with_epsilon (fee, 0.75, 1e-12);
  g_assert_cmpfloat_with_epsilon (fee / cloud->price, 0.125, 1e-12);

  /* An operating margin standing in for a gross one says so. */
  for (guint l = 0; l < cloud->n_layers; l++)
    for (guint o = 0; o < cloud->layers[l].n_options; o++)
      if (strstr (cloud->layers[l].options[o].description, "operating margin") != NULL)
        g_assert_nonnull (strstr (cloud->layers[l].options[o].description,
                                  "is an operating margin, not a gross margin"));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) names = NULL;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/strata/datasets/present", test_datasets_present);
  g_test_add_func ("/strata/datasets/default-story", test_default_story);
  g_test_add_func ("/strata/datasets/descriptions-match-numbers", test_descriptions_match_numbers);

  names = list_datasets ();
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autofree char *stem = g_strndup (name, strlen (name) - strlen (".strata.json"));
      g_autofree char *p_describe = g_strdup_printf ("/strata/datasets/%s/describes-itself", stem);
      g_autofree char *p_breakeven = g_strdup_printf ("/strata/datasets/%s/breakeven", stem);
      g_autofree char *p_ladder = g_strdup_printf ("/strata/datasets/%s/ladder", stem);
      g_autofree char *p_ranges = g_strdup_printf ("/strata/datasets/%s/decisive-ranges", stem);

      /* names outlives g_test_run (), so the strings stay valid. */
      g_test_add_data_func (p_describe, name, test_dataset_describes_itself);
      g_test_add_data_func (p_breakeven, name, test_dataset_breakeven);
      g_test_add_data_func (p_ladder, name, test_dataset_ladder);
      g_test_add_data_func (p_ranges, name, test_dataset_decisive_ranges);
    }

  return g_test_run ();
}

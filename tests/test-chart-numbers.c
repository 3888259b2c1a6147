/* test-chart-numbers.c: what the charts say agrees with the model
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Series colours that do not move (issue 9, item 5).
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <cairo.h>

#include <strata/strata-chart.h>
#include <strata/strata-model.h>

static const char *const samples[] = {
  "ai-cloud-stack.strata.json",
  "ai-model-lab.strata.json",
  "consumer-devices.strata.json",
  "retailer.strata.json",
};

static StrataDataset *
load_sample (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (g_getenv ("STRATA_SOURCE_ROOT"), "data", "datasets", name, NULL);
  StrataDataset *dataset = strata_dataset_load_file (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (dataset);
  return dataset;
}

/* -- colours ------------------------------------------------------------------ */

static guint32
color_of (const StrataDataset  *dataset,
          const StrataStrategy *strategy,
          StrataTheme           theme)
{
  double rgba[4];

  strata_chart_strategy_color (dataset, strategy, theme, rgba);
  return (guint32) lround (rgba[0] * 255) << 16 | (guint32) lround (rgba[1] * 255) << 8 |
         (guint32) lround (rgba[2] * 255);
}

/* Opaque pixels within 6 of @rgb in the plot area (clear of the title,
 * axes and end labels). */
static guint
count_pixels (cairo_surface_t *surface,
              guint32          rgb)
{
  const unsigned char *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  int w = cairo_image_surface_get_width (surface);
  int h = cairo_image_surface_get_height (surface);
  guint n = 0;

  for (int y = h * 0.15; y < h * 0.85; y++)
    for (int x = w * 0.08; x < w * 0.75; x++)
      {
        guint32 p;

        memcpy (&p, data + y * stride + x * 4, sizeof p);
        if ((p >> 24) == 0xff &&
            ABS ((int) ((p >> 16) & 0xff) - (int) ((rgb >> 16) & 0xff)) <= 6 &&
            ABS ((int) ((p >> 8) & 0xff) - (int) ((rgb >> 8) & 0xff)) <= 6 &&
            ABS ((int) (p & 0xff) - (int) (rgb & 0xff)) <= 6)
          n++;
      }
  return n;
}

static cairo_surface_t *
draw (StrataChartKind           kind,
      const StrataChartRequest *request)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1280, 720);
  cairo_t *cr = cairo_create (surface);

  strata_chart_draw (kind, request, cr, 1280, 720);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

static void
test_colours_stable (void)
{
  for (guint s = 0; s < G_N_ELEMENTS (samples); s++)
    {
      g_autoptr(StrataDataset) dataset = load_sample (samples[s]);
      g_autofree guint *custom_choices = g_new0 (guint, dataset->n_layers);
      StrataStrategy custom = { (char *) "custom", (char *) "Custom", custom_choices, FALSE, NULL };
      g_autofree guint32 *alone = g_new0 (guint32, dataset->n_strategies);
      const StrataStrategy *own = NULL;

      /* Presets have fixed colours. */
      g_assert_cmphex (color_of (dataset, strata_dataset_find_strategy (dataset, "all-neutral"), STRATA_THEME_LIGHT), ==, 0x0072B2);
      g_assert_cmphex (color_of (dataset, strata_dataset_find_strategy (dataset, "all-integrated"), STRATA_THEME_LIGHT), ==, 0xD55E00);
      g_assert_cmphex (color_of (dataset, strata_dataset_find_strategy (dataset, "optimal"), STRATA_THEME_LIGHT), ==, 0x009E73);

      /* Every strategy keeps one colour in every theme, and no two share
       * one; Custom has its own. */
      for (guint i = 0; i < dataset->n_strategies; i++)
        {
          alone[i] = color_of (dataset, &dataset->strategies[i], STRATA_THEME_LIGHT);
          for (guint t = 0; t < STRATA_N_THEMES; t++)
            g_assert_cmphex (color_of (dataset, &dataset->strategies[i], t), ==, alone[i]);
          for (guint j = 0; j < i; j++)
            g_assert_cmphex (alone[i], !=, alone[j]);
          for (guint t = 0; t < STRATA_N_THEMES; t++)
            g_assert_cmphex (color_of (dataset, &custom, t), !=, alone[i]);
          if (!dataset->strategies[i].preset && own == NULL)
            own = &dataset->strategies[i];
        }

      /* A copy of a strategy (the app renders copies) has its colour. */
      for (guint i = 0; i < dataset->n_strategies; i++)
        {
          StrataStrategy copy = dataset->strategies[i];

          g_assert_cmphex (color_of (dataset, &copy, STRATA_THEME_DARK), ==, alone[i]);
        }

      /* Drawn: the dataset's first own strategy is in its colour whether it
       * is shown alone with all neutral or after Custom and every other
       * strategy (a flip adds Custom in front). */
      if (own != NULL)
        {
          const StrataStrategy *few[2];
          g_autofree const StrataStrategy **many = g_new0 (const StrataStrategy *, dataset->n_strategies + 1);
          StrataChartRequest request = { 0 };
          cairo_surface_t *a, *b;
          guint n = 0;

          few[0] = strata_dataset_find_strategy (dataset, "all-neutral");
          few[1] = own;
          many[n++] = &custom;
          for (guint i = dataset->n_strategies; i-- > 0;)
            many[n++] = &dataset->strategies[i];

          request.dataset = dataset;
          request.volume = dataset->volume_default;
          request.strategies = few;
          request.n_strategies = 2;
          a = draw (STRATA_CHART_COST_CURVES, &request);
          request.strategies = many;
          request.n_strategies = n;
          b = draw (STRATA_CHART_COST_CURVES, &request);
          g_assert_cmpuint (count_pixels (a, color_of (dataset, own, STRATA_THEME_LIGHT)), >, 100);
          g_assert_cmpuint (count_pixels (b, color_of (dataset, own, STRATA_THEME_LIGHT)), >, 100);
          cairo_surface_destroy (a);
          cairo_surface_destroy (b);
        }
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/strata/chart-numbers/colours-stable", test_colours_stable);

  return g_test_run ();
}

/* test-rough-edges.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 14's rough edges, and where each is checked:
 *   1. shortcuts dead after the Sample Datasets menu: test-gui /keys-after-sample-menu
 *   2. an invalid volume says why in place: test-gui /volume-entry-errors
 *   3. every problem of a broken dataset, by name: test-gui /broken-file-problems,
 *      /broken-file
 *   4. the header title cut: test-gui /header-titles
 *   5. one number style in every view: here, /one-number-style (every page of
 *      the deck, the roadmap with its band and the chances with their run:
 *      "83 %" with its space, "−$100 B" with a minus sign); test-format
 *      /figure-and-percent for the formatter itself; test-locale
 *      /charts-translated for the German words and figures
 *   6. the strategy list's tooltip over its first item: test-gui /header-titles
 *   7. Optimal's contrast in the dark theme: here, /dark-optimal-contrast
 *   8. the tornado's row names cut with room to spare: here, /tornado-names-whole
 *   9. README's Quick start reconfigures an existing build with --werror, and
 *      "Install without Flatpak" (meson install, desktop integration): CI runs
 *      the README's test command itself (.ci/run); installing is a manual check
 *      described in the README.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <cairo.h>

#include "strata/strata-chart.h"
#include "strata/strata-export.h"
#include "strata/strata-model.h"

/*
 * Issue 14, rough edge 8: the tornado cut "Platform / Neutral model ma…"
 * with room to spare.  Every row label of the tornado of every sample is
 * drawn whole at slide size and at the size of the app's view.
 */

static void
test_tornado_names_whole (void)
{
  static const char *const samples[] = { "ai-cloud-stack", "ai-model-lab", "consumer-devices", "retailer" };
  static const struct { double width, height; } sizes[] = { { 1920, 1080 }, { 1280, 720 } };

  for (guint s = 0; s < G_N_ELEMENTS (samples); s++)
    {
      g_autofree char *path = g_strdup_printf ("%s/data/datasets/%s.strata.json",
                                               g_getenv ("STRATA_SOURCE_ROOT"), samples[s]);
      g_autoptr(GError) error = NULL;
      g_autoptr(StrataDataset) dataset = NULL;
      g_autofree const StrataStrategy **strategies = NULL;
      StrataChartRequest request = { 0, };
      guint n = 0;

      dataset = strata_dataset_load_file (path, &error);
      g_assert_no_error (error);
      strategies = strata_chart_default_strategies (dataset, &n);
      request.dataset = dataset;
      request.strategies = strategies;
      request.n_strategies = n;
      request.volume = dataset->volume_default;
      request.theme = STRATA_THEME_LIGHT;

      for (guint z = 0; z < G_N_ELEMENTS (sizes); z++)
        {
          g_autoptr(GArray) boxes = strata_chart_layout_text_boxes (STRATA_CHART_TORNADO, &request,
                                                                    sizes[z].width, sizes[z].height);
          guint n_labels = 0, n_note = 0;
          double note_y = -1;

          for (guint i = 0; i < boxes->len; i++)
            {
              const StrataChartTextBox *box = &g_array_index (boxes, StrataChartTextBox, i);

              /* The note under the rows ("12 of 27 uncertain numbers
               * shown: 15 move nothing here (…)") is a sentence longer
               * than a name: it was cut at 96 characters with half the
               * line empty (the retailer at 1920x1080). */
              if (strstr (box->text, " shown: ") != NULL && n_note == 0)
                note_y = box->rect.y;
              if (box->rect.y == note_y)
                {
                  if (strstr (box->text, "\xE2\x80\xA6") != NULL)
                    g_error ("%s at %.0fx%.0f: the tornado's note is cut at “%s”", samples[s],
                             sizes[z].width, sizes[z].height, box->text);
                  n_note++;
                }
              /* Row names read "Layer / Option: number". */
              if (box->role != STRATA_TEXT_LABEL || strstr (box->text, " / ") == NULL)
                continue;
              n_labels++;
              if (strstr (box->text, "\xE2\x80\xA6") != NULL)
                g_error ("%s at %.0fx%.0f: the tornado cuts “%s”", samples[s], sizes[z].width,
                         sizes[z].height, box->text);
            }
          g_test_message ("%s at %.0fx%.0f: %u row labels, none cut; the note in %u pieces",
                          samples[s], sizes[z].width, sizes[z].height, n_labels, n_note);
        }
    }
}

/*
 * Issue 14, rough edge 7: the Optimal band had low contrast in the dark
 * theme.  Optimal is now a line of its own, opaque, in Okabe-Ito bluish
 * green; every strategy's colour, Optimal's first, stands at least 3:1
 * (WCAG 2.1's contrast for graphical objects) against the background the
 * dark theme paints, measured from the drawn chart, and Optimal's colour
 * is on the chart itself at full strength, not a faint band.
 */

static double
channel_luminance (double c)
{
  return c <= 0.04045 ? c / 12.92 : pow ((c + 0.055) / 1.055, 2.4);
}

static double
relative_luminance (double r,
                    double g,
                    double b)
{
  return 0.2126 * channel_luminance (r) + 0.7152 * channel_luminance (g) + 0.0722 * channel_luminance (b);
}

static double
contrast_ratio (double l1,
                double l2)
{
  return (MAX (l1, l2) + 0.05) / (MIN (l1, l2) + 0.05);
}

static void
test_dark_optimal_contrast (void)
{
  static const char *const samples[] = { "ai-cloud-stack", "ai-model-lab", "consumer-devices", "retailer" };
  const int width = 1280, height = 720;

  for (guint s = 0; s < G_N_ELEMENTS (samples); s++)
    {
      g_autofree char *path = g_strdup_printf ("%s/data/datasets/%s.strata.json",
                                               g_getenv ("STRATA_SOURCE_ROOT"), samples[s]);
      g_autoptr(GError) error = NULL;
      g_autoptr(StrataDataset) dataset = NULL;
      g_autofree const StrataStrategy **strategies = NULL;
      StrataChartRequest request = { 0, };
      cairo_surface_t *surface;
      cairo_t *cr;
      const guint8 *data;
      int stride;
      guint32 bg_pixel;
      double bg;
      gboolean has_optimal = FALSE;
      guint n = 0;

      dataset = strata_dataset_load_file (path, &error);
      g_assert_no_error (error);
      strategies = strata_chart_default_strategies (dataset, &n);
      request.dataset = dataset;
      request.strategies = strategies;
      request.n_strategies = n;
      request.volume = dataset->volume_default;
      request.theme = STRATA_THEME_DARK;

      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
      cr = cairo_create (surface);
      strata_chart_draw (STRATA_CHART_COST_CURVES, &request, cr, width, height);
      cairo_destroy (cr);
      cairo_surface_flush (surface);
      data = cairo_image_surface_get_data (surface);
      stride = cairo_image_surface_get_stride (surface);

      /* The background the theme paints: the top-left corner. */
      bg_pixel = *(const guint32 *) (data + 2 * stride + 2 * 4);
      g_assert_cmpuint (bg_pixel >> 24, ==, 0xff);
      bg = relative_luminance ((bg_pixel >> 16 & 0xff) / 255.0, (bg_pixel >> 8 & 0xff) / 255.0,
                               (bg_pixel & 0xff) / 255.0);
      g_assert_cmpfloat (bg, <, 0.05);   /* it is the dark theme */

      for (guint i = 0; i < n; i++)
        {
          double rgba[4];
          double ratio;

          strata_chart_strategy_color (dataset, strategies[i], STRATA_THEME_DARK, rgba);
          g_assert_cmpfloat (rgba[3], ==, 1.0);
          ratio = contrast_ratio (relative_luminance (rgba[0], rgba[1], rgba[2]), bg);
          g_test_message ("%s: %s %.2f:1 against the dark background", samples[s],
                          strategies[i]->name, ratio);
          if (ratio < 3.0)
            g_error ("%s: %s is %.2f:1 against the dark background, under 3:1", samples[s],
                     strategies[i]->name, ratio);

          if (strata_strategy_is_optimal (strategies[i]))
            {
              guint32 want = 0xff000000u | (guint32) lround (rgba[0] * 255) << 16
                             | (guint32) lround (rgba[1] * 255) << 8 | (guint32) lround (rgba[2] * 255);
              guint found = 0;

              has_optimal = TRUE;
              for (int y = 0; y < height; y++)
                for (int x = 0; x < width; x++)
                  found += *(const guint32 *) (data + y * stride + x * 4) == want;
              /* A line across the plot, drawn at full strength. */
              g_assert_cmpuint (found, >, (guint) width / 4);
            }
        }
      g_assert_true (has_optimal);
      cairo_surface_destroy (surface);
    }
}

/*
 * Issue 14, rough edge 5: views wrote numbers each their own way ("−44.5 %"
 * beside "95.2%", "10 B 1M tokens per year").  Every label of every chart
 * of every sample, in each theme, goes through the one formatter: a
 * percentage is "12.3 %" (a space before the sign), a negative figure
 * takes the minus sign U+2212, never a hyphen, and a volume is never run
 * into its unit's own number ("10 B 1M").
 */

static gboolean
ascii_digit (char c)
{
  return c >= '0' && c <= '9';
}

static void
test_one_number_style (void)
{
  static const char *const samples[] = { "ai-cloud-stack", "ai-model-lab", "consumer-devices", "retailer" };
  guint n_numbers = 0;

  for (guint s = 0; s < G_N_ELEMENTS (samples); s++)
    for (guint t = 0; t < STRATA_N_THEMES; t++)
      {
        g_autofree char *path = g_strdup_printf ("%s/data/datasets/%s.strata.json",
                                                 g_getenv ("STRATA_SOURCE_ROOT"), samples[s]);
        g_autoptr(GError) error = NULL;
        g_autoptr(StrataDataset) dataset = NULL;
        g_autofree const StrataStrategy **strategies = NULL;
        StrataChartRequest request = { 0, };
        guint n = 0;

        dataset = strata_dataset_load_file (path, &error);
        g_assert_no_error (error);
        strategies = strata_chart_default_strategies (dataset, &n);
        request.dataset = dataset;
        request.strategies = strategies;
        request.n_strategies = n;
        request.volume = dataset->volume_default;
        request.theme = t;

        g_autoptr(StrataMonteCarlo) mc = NULL;
        g_autoptr(StrataRoadmapMc) band = NULL;
        StrataMonteCarloParams params;

        /* Every page of the deck, the roadmap with its band and the
         * chances with their run (fewer draws: the same words). */
        strata_deck_monte_carlo_params (&request, &params);
        params.n_draws = 100;
        mc = strata_monte_carlo_run (dataset, &params, NULL, &error);
        g_assert_no_error (error);
        request.monte_carlo = mc;
        if (dataset->horizon != NULL)
          request.roadmap_monte_carlo = band = strata_deck_roadmap_mc (&request, NULL, NULL);
        for (guint page = 0; page < strata_deck_n_pages (&request); page++)
          {
            StrataChartKind k;
            g_autoptr(GArray) boxes = NULL;

            if (!strata_deck_page_chart (&request, page, &k))
              continue;
            boxes = strata_chart_layout_text_boxes (k, &request, 1280, 720);

            for (guint i = 0; i < boxes->len; i++)
              {
                const char *text = g_array_index (boxes, StrataChartTextBox, i).text;

                for (const char *p = text; *p != '\0'; p++)
                  {
                    gboolean starts = p == text || p[-1] == ' ' || p[-1] == '(' || p[-1] == '$';

                    if (!ascii_digit (*p))
                      continue;
                    n_numbers++;
                    if (p[1] == '%')
                      g_error ("%s, %s chart: “%s” has a percent sign without its space", samples[s],
                               strata_chart_kind_to_string (k), text);
                    /* "-3", and "-$100 B" (a hyphen before the currency) */
                    if ((p > text && p[-1] == '-' && (p - 1 == text || p[-2] == ' ' || p[-2] == '(')) ||
                        (p - 1 > text && p[-1] == '$' && p[-2] == '-' &&
                         (p - 2 == text || p[-3] == ' ' || p[-3] == '(')))
                      g_error ("%s, %s chart: “%s” has a hyphen for a minus sign", samples[s],
                               strata_chart_kind_to_string (k), text);
                    /* "10 B 1M": a scaled figure run into the next number. */
                    if (starts && g_regex_match_simple ("^[0-9.,]+ [kMBT] [0-9]", p, 0, 0))
                      g_error ("%s, %s chart: “%s” runs a figure into the next", samples[s],
                               strata_chart_kind_to_string (k), text);
                  }
              }
          }
      }
  g_test_message ("%u digits checked", n_numbers);
  g_assert_cmpuint (n_numbers, >, 1000);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/strata/rough-edges/tornado-names-whole", test_tornado_names_whole);
  g_test_add_func ("/strata/rough-edges/dark-optimal-contrast", test_dark_optimal_contrast);
  g_test_add_func ("/strata/rough-edges/one-number-style", test_one_number_style);

  return g_test_run ();
}

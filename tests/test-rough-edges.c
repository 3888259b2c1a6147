/* test-rough-edges.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "strata/strata-chart.h"
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
          guint n_labels = 0;

          for (guint i = 0; i < boxes->len; i++)
            {
              const StrataChartTextBox *box = &g_array_index (boxes, StrataChartTextBox, i);

              /* Row names read "Layer / Option: number"; the note under
               * the rows is another matter. */
              if (box->role != STRATA_TEXT_LABEL || strstr (box->text, " / ") == NULL)
                continue;
              n_labels++;
              if (strstr (box->text, "\xE2\x80\xA6") != NULL)
                g_error ("%s at %.0fx%.0f: the tornado cuts “%s”", samples[s], sizes[z].width,
                         sizes[z].height, box->text);
            }
          g_test_message ("%s at %.0fx%.0f: %u row labels, none cut", samples[s], sizes[z].width,
                          sizes[z].height, n_labels);
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/strata/rough-edges/tornado-names-whole", test_tornado_names_whole);

  return g_test_run ();
}

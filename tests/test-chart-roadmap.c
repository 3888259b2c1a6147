/* test-chart-roadmap.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * The roadmap chart (MODEL.md 8) beside "adopt S now" of the current
 * strategy, and with the horizon's Monte Carlo: every number it writes
 * (by its key) and every column of its data CSV equal the core's
 * (strata_plan_adopt_now, strata_roadmap_mc_run); every sample with every
 * strategy as the current one in every theme and three sizes places no
 * text over another and nothing outside the chart.
 */

#include "config.h"
#include "strata-test-cli.h"
#include "strata-test-util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <strata/strata-chart.h>
#include <strata/strata-export.h>
#include <strata/strata-format.h>
#include <strata/strata-horizon.h>
#include <strata/strata-roadmap-mc.h>

static const char * const samples[] = {
  "ai-cloud-stack.strata.json", "ai-model-lab.strata.json",
  "consumer-devices.strata.json", "retailer.strata.json",
};

static void
request_init (StrataChartRequest          *request,
              StrataDataset               *dataset,
              const StrataStrategy *const *strategies,
              guint                        n_strategies,
              guint                        current,
              StrataTheme                  theme)
{
  memset (request, 0, sizeof *request);
  request->dataset = dataset;
  request->strategies = strategies;
  request->n_strategies = n_strategies;
  request->current = current;
  request->volume = dataset->volume_default;
  request->theme = theme;
}

/* The box of @key, or NULL. */
static const StrataChartTextBox *
find_key (GArray     *boxes,
          const char *key)
{
  for (guint i = 0; i < boxes->len; i++)
    {
      const StrataChartTextBox *box = &g_array_index (boxes, StrataChartTextBox, i);

      if (g_strcmp0 (box->key, key) == 0)
        return box;
    }
  return NULL;
}

static void
check_layout (GArray     *boxes,
              double      width,
              double      height,
              const char *what)
{
  for (guint i = 0; i < boxes->len; i++)
    {
      const StrataChartTextBox *a = &g_array_index (boxes, StrataChartTextBox, i);

      if (a->rect.x < -0.5 || a->rect.y < -0.5 || a->rect.x + a->rect.width > width + 0.5
          || a->rect.y + a->rect.height > height + 0.5)
        g_error ("%s at %gx%g: “%s” leaves the chart", what, width, height, a->text);
      for (guint j = i + 1; j < boxes->len; j++)
        {
          const StrataChartTextBox *b = &g_array_index (boxes, StrataChartTextBox, j);

          if (a->rect.x < b->rect.x + b->rect.width && b->rect.x < a->rect.x + a->rect.width
              && a->rect.y < b->rect.y + b->rect.height && b->rect.y < a->rect.y + a->rect.height)
            g_error ("%s at %gx%g: “%s” overlaps “%s”", what, width, height, a->text, b->text);
        }
    }
}

/* A row's option name over the hatching of the years a new option is
 * being built sits on a patch of the block's own colour: beside its
 * text, pixels of the mode's colour, not the light stripes that made
 * "Merchant GPUs" hard to read. */
static void
test_name_on_hatching (void)
{
  g_autoptr(StrataDataset) ds = load_sample ("ai-cloud-stack.strata.json");
  guint n;
  g_autofree const StrataStrategy **strategies = strata_chart_default_strategies (ds, &n);
  g_autoptr(GArray) boxes = NULL;
  const StrataChartTextBox *box = NULL;
  StrataChartRequest request;
  cairo_surface_t *surface;
  cairo_t *cr;
  const guint8 *data;
  int stride;

  request_init (&request, ds, strategies, n, 0, STRATA_THEME_LIGHT);
  boxes = strata_chart_layout_text_boxes (STRATA_CHART_ROADMAP, &request, 1920, 1080);
  for (guint i = 0; i < boxes->len && box == NULL; i++)
    if (g_str_equal (g_array_index (boxes, StrataChartTextBox, i).text, "Merchant GPUs"))
      box = &g_array_index (boxes, StrataChartTextBox, i);
  g_assert_nonnull (box);

  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 1920, 1080);
  cr = cairo_create (surface);
  strata_chart_draw (STRATA_CHART_ROADMAP, &request, cr, 1920, 1080);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  /* One pixel left of the text, down its middle half: #0072b2. */
  for (int y = (int) (box->rect.y + box->rect.height * 0.25); y < box->rect.y + box->rect.height * 0.75; y++)
    {
      guint32 px = *(const guint32 *) (data + (gsize) y * stride + 4 * (int) floor (box->rect.x - 1));
      int rgb[3] = { (px >> 16) & 0xff, (px >> 8) & 0xff, px & 0xff };

      g_assert_cmpint (ABS (rgb[0] - 0x00), <=, 8);
      g_assert_cmpint (ABS (rgb[1] - 0x72), <=, 8);
      g_assert_cmpint (ABS (rgb[2] - 0xb2), <=, 8);
    }
  cairo_surface_destroy (surface);
}

/* Adopt-now's savings, payback and peak funding on the chart are the
 * core's; so are the roadmap's marks. */
static void
test_adopt_numbers (void)
{
  g_autoptr(StrataDataset) ds = load_sample ("ai-cloud-stack.strata.json");
  const StrataStrategy *strategies[] = { strata_dataset_find_strategy (ds, "all-integrated") };
  g_autoptr(StrataPlanResult) adopt = NULL;
  g_autoptr(StrataPlanResult) optimal = NULL;
  g_autofree StrataLayerPlan *plans = g_new0 (StrataLayerPlan, ds->n_layers);
  g_autoptr(GArray) boxes = NULL;
  const StrataChartTextBox *box;
  StrataChartRequest request;

  request_init (&request, ds, strategies, 1, 0, STRATA_THEME_LIGHT);
  adopt = strata_plan_adopt_now (ds, strategies[0], STRATA_HORIZON_EFFECTIVE, NULL);
  g_assert_nonnull (adopt);
  g_assert_cmpuint (strata_roadmap_n_switches (ds, adopt->plans), >, 0);
  g_assert_true (strata_roadmap_optimal (ds, STRATA_HORIZON_EFFECTIVE, plans, NULL));
  optimal = strata_plan_evaluate (ds, plans, STRATA_HORIZON_EFFECTIVE);

  boxes = strata_chart_layout_text_boxes (STRATA_CHART_ROADMAP, &request, 1280, 720);
  box = find_key (boxes, "roadmap:adopt:all-integrated:savings_npv");
  g_assert_nonnull (box);
  g_assert_cmpfloat (box->value, ==, adopt->savings_npv);
  g_assert_nonnull (strstr (box->text, "Adopt All integrated now"));
  box = find_key (boxes, "roadmap:adopt:all-integrated:payback_year");
  g_assert_nonnull (box);
  g_assert_true (adopt->has_payback);
  g_assert_cmpfloat (box->value, ==, adopt->payback_year);
  {
    g_autofree char *text = g_strdup_printf ("pays back %d", adopt->payback_year);

    g_assert_nonnull (strstr (box->text, text));
  }
  box = find_key (boxes, "roadmap:adopt:all-integrated:peak_funding");
  g_assert_nonnull (box);
  g_assert_cmpfloat (box->value, ==, adopt->peak_funding);
  box = find_key (boxes, "roadmap:optimal:peak_funding");
  g_assert_nonnull (box);
  g_assert_cmpfloat (box->value, ==, optimal->peak_funding);
  box = find_key (boxes, "roadmap:optimal:payback_year");
  g_assert_nonnull (box);
  g_assert_cmpfloat (box->value, ==, optimal->payback_year);
  /* No Monte Carlo asked: no probability. */
  g_assert_null (find_key (boxes, "roadmap:optimal:probability_savings_positive"));
  /* The money axes' zero reads "$0" beside "$50 B", not "$0.00". */
  {
    guint zeros = 0;

    for (guint i = 0; i < boxes->len; i++)
      {
        const StrataChartTextBox *b = &g_array_index (boxes, StrataChartTextBox, i);

        g_assert_cmpstr (b->text, !=, "$0.00");
        zeros += g_str_equal (b->text, "$0");
      }
    g_assert_cmpuint (zeros, ==, 2);
  }
}

/* The start strategy as the current one: nothing to adopt, said so. */
static void
test_adopt_start (void)
{
  g_autoptr(StrataDataset) ds = load_sample ("ai-cloud-stack.strata.json");
  const StrataStrategy *strategies[] = { strata_dataset_find_strategy (ds, ds->horizon->start) };
  g_autoptr(GArray) boxes = NULL;
  g_autofree char *csv = NULL;
  StrataChartRequest request;
  gboolean said = FALSE;

  g_assert_nonnull (strategies[0]);
  request_init (&request, ds, strategies, 1, 0, STRATA_THEME_DARK);
  boxes = strata_chart_layout_text_boxes (STRATA_CHART_ROADMAP, &request, 1280, 720);
  for (guint i = 0; i < boxes->len; i++)
    {
      const StrataChartTextBox *box = &g_array_index (boxes, StrataChartTextBox, i);

      g_assert_false (box->key != NULL && g_str_has_prefix (box->key, "roadmap:adopt:"));
      said |= strstr (box->text, "is the plan running today") != NULL;
    }
  g_assert_true (said);
  csv = strata_chart_data_csv (STRATA_CHART_ROADMAP, &request);
  g_assert_null (strstr (csv, "adopt "));
}

static gboolean
has_text (GArray     *boxes,
          const char *text)
{
  for (guint i = 0; i < boxes->len; i++)
    if (strstr (g_array_index (boxes, StrataChartTextBox, i).text, text) != NULL)
      return TRUE;
  return FALSE;
}

/* A dataset without uncertain numbers: the savings chart says so rather
 * than "Shaded: P10-P90 ... over 500 draws" of nothing; nor when its one
 * uncertain number never reaches the savings (the exit cost of an option
 * nobody leaves: the band is the line); a sample's run names its draws. */
static void
test_no_uncertainty (void)
{
  const char *text =
    "{\"format\": \"strata-stack/1\", \"title\": \"Fixed\", \"unit\": \"cars\", \"currency\": \"USD\","
    " \"price\": 400, \"volume\": {\"min\": 1e5, \"max\": 1e9, \"default\": 1e8},"
    " \"layers\": [{\"id\": \"body\", \"options\": ["
    "   {\"id\": \"buy\", \"mode\": \"neutral\", \"price\": 1500, \"margin\": 0.3},"
    "   {\"id\": \"make\", \"mode\": \"integrated\", \"unit_cost\": 1000, \"fixed_cost\": 3e9, \"capex\": 5e9, \"build_years\": 2}]}],"
    " \"horizon\": {\"first_year\": 2026, \"years\": 10, \"discount_rate\": 0.08,"
    "   \"volume\": {\"first\": 1e8, \"growth\": 0.05}}}";
  g_autoptr(GError) error = NULL;
  g_autoptr(StrataDataset) fixed = strata_dataset_load_data (text, strlen (text), "fixed.strata.json", &error);
  g_autoptr(StrataDataset) sample = load_sample ("consumer-devices.strata.json");
  g_autofree char *idle_text = NULL;
  g_autoptr(StrataDataset) idle = NULL;
  StrataDataset *datasets[] = { fixed, sample, NULL };

  g_assert_no_error (error);
  {
    const char *at = strstr (text, "\"build_years\": 2");

    /* The same with an uncertain exit cost of make: from buy, nothing
     * leaves make within the horizon. */
    g_assert_nonnull (at);
    idle_text = g_strdup_printf ("%.*s\"exit_cost\": {\"value\": 1e9, \"low\": 5e8, \"high\": 2e9}, %s",
                                 (int) (at - text), text, at);
  }
  idle = strata_dataset_load_data (idle_text, strlen (idle_text), "idle.strata.json", &error);
  g_assert_no_error (error);
  datasets[2] = idle;
  for (guint i = 0; i < G_N_ELEMENTS (datasets); i++)
    {
      StrataDataset *ds = datasets[i];
      const StrataStrategy *strategies[] = { strata_dataset_find_strategy (ds, "all-integrated") };
      StrataRoadmapMcParams params = { 0 };
      g_autoptr(StrataRoadmapMc) mc = NULL;
      g_autoptr(GArray) boxes = NULL;
      StrataChartRequest request;

      params.n_draws = 500;
      params.seed = 1;
      params.objective = STRATA_HORIZON_EFFECTIVE;
      params.optimal = TRUE;
      params.strategies = strategies;
      params.n_strategies = 1;
      mc = strata_roadmap_mc_run (ds, &params, NULL, NULL);
      g_assert_nonnull (mc);
      request_init (&request, ds, strategies, 1, 0, STRATA_THEME_LIGHT);
      request.roadmap_monte_carlo = mc;
      boxes = strata_chart_layout_text_boxes (STRATA_CHART_ROADMAP, &request, 1920, 1080);
      g_assert_nonnull (find_key (boxes, "roadmap:optimal:probability_savings_positive"));
      if (ds == fixed)
        {
          g_assert_cmpuint (mc->n_uncertain, ==, 0);
          g_assert_true (has_text (boxes, "No uncertain numbers: no band"));
          g_assert_false (has_text (boxes, "Shaded"));
        }
      else if (ds == idle)
        {
          g_assert_cmpuint (mc->n_uncertain, ==, 1);
          g_assert_true (has_text (boxes, "No uncertain number moves the savings: no band"));
          g_assert_false (has_text (boxes, "Shaded"));
        }
      else
        {
          g_assert_cmpuint (mc->n_uncertain, >, 0);
          g_assert_true (has_text (boxes, "Shaded: P10\xE2\x80\x93P90 of the optimal roadmap over 500 draws"));
          g_assert_false (has_text (boxes, "No uncertain numbers"));
        }
    }
}

/* The data CSV: adopt-now's cost and cumulative savings, and the Monte
 * Carlo's P10/P50/P90 of the roadmap's, year by year, as the core has them. */
static void
test_data_csv (void)
{
  g_autoptr(StrataDataset) ds = load_sample ("consumer-devices.strata.json");
  const StrataStrategy *strategies[] = { strata_dataset_find_strategy (ds, "all-integrated") };
  g_autoptr(StrataPlanResult) adopt = strata_plan_adopt_now (ds, strategies[0], STRATA_HORIZON_CASH, NULL);
  StrataRoadmapMcParams params = { 0 };
  g_autoptr(StrataRoadmapMc) mc = NULL;
  const StrataRoadmapMcPlan *band;
  g_autofree char *csv = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) head = NULL;
  g_autoptr(GArray) boxes = NULL;
  StrataChartRequest request;

  g_assert_nonnull (adopt);
  params.n_draws = 200;
  params.seed = 3;
  params.objective = STRATA_HORIZON_CASH;
  params.optimal = TRUE;
  params.strategies = strategies;
  params.n_strategies = 1;
  mc = strata_roadmap_mc_run (ds, &params, NULL, NULL);
  g_assert_nonnull (mc);
  band = strata_roadmap_mc_find (mc, NULL);

  request_init (&request, ds, strategies, 1, 0, STRATA_THEME_LIGHT);
  request.objective = STRATA_OBJECTIVE_CASH;
  request.roadmap_monte_carlo = mc;
  csv = strata_chart_data_csv (STRATA_CHART_ROADMAP, &request);
  lines = g_strsplit (csv, "\n", -1);
  head = g_strsplit (lines[0], ",", -1);
  g_assert_cmpstr (head[5], ==, "adopt all-integrated now: cash cost (USD per year)");
  g_assert_cmpstr (head[6], ==, "adopt all-integrated now: cumulative discounted savings (USD)");
  g_assert_true (g_str_has_prefix (head[7], "cumulative discounted savings P10"));
  g_assert_true (g_str_has_prefix (head[9], "P90"));
  for (guint t = 0; t < adopt->n_years; t++)
    {
      g_auto(GStrv) cells = g_strsplit (lines[t + 1], ",", -1);

      g_assert_cmpint (atoi (cells[0]), ==, adopt->rows[t].year);
      g_assert_cmpfloat (g_ascii_strtod (cells[5], NULL), ==, adopt->rows[t].cash_cost);
      g_assert_cmpfloat (g_ascii_strtod (cells[6], NULL), ==, adopt->rows[t].savings);
      g_assert_cmpfloat (g_ascii_strtod (cells[7], NULL), ==, band->cumulative_p10[t]);
      g_assert_cmpfloat (g_ascii_strtod (cells[8], NULL), ==, band->cumulative_p50[t]);
      g_assert_cmpfloat (g_ascii_strtod (cells[9], NULL), ==, band->cumulative_p90[t]);
    }

  /* The chart gives both probabilities, by key, as the run has them. */
  boxes = strata_chart_layout_text_boxes (STRATA_CHART_ROADMAP, &request, 1920, 1080);
  g_assert_cmpfloat (find_key (boxes, "roadmap:optimal:probability_savings_positive")->value, ==,
                     band->positive_share);
  g_assert_cmpfloat (find_key (boxes, "roadmap:adopt:all-integrated:probability_savings_positive")->value, ==,
                     strata_roadmap_mc_find (mc, "all-integrated")->positive_share);
}

/* Every sample, every strategy as the current one, every theme, three
 * sizes: no text over another, none outside the chart.  With the Monte
 * Carlo too on the slide theme at 1920x1080 (the deck's). */
static void
test_layout (void)
{
  static const double sizes[][2] = { { 1920, 1080 }, { 1280, 720 }, { 800, 500 } };

  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      g_autoptr(StrataDataset) ds = load_sample (samples[i]);
      guint n = 0;
      g_autofree const StrataStrategy **strategies = strata_chart_default_strategies (ds, &n);

      g_assert_nonnull (ds->horizon);
      for (guint s = 0; s < n; s++)
        {
          g_autoptr(StrataRoadmapMc) mc = NULL;
          StrataRoadmapMcParams params = { 0 };

          params.n_draws = 40;
          params.seed = 1;
          params.optimal = TRUE;
          params.strategies = &strategies[s];
          params.n_strategies = 1;
          mc = strata_roadmap_mc_run (ds, &params, NULL, NULL);
          for (guint t = 0; t < STRATA_N_THEMES; t++)
            for (guint z = 0; z < G_N_ELEMENTS (sizes); z++)
              for (guint with_mc = 0; with_mc < 2; with_mc++)
                {
                  g_autofree char *what = g_strdup_printf ("%s, current %s, %s%s", samples[i],
                                                           strategies[s]->id, strata_theme_to_string (t),
                                                           with_mc ? ", Monte Carlo" : "");
                  g_autoptr(GArray) boxes = NULL;
                  StrataChartRequest request;

                  request_init (&request, ds, strategies, n, s, t);
                  request.roadmap_monte_carlo = with_mc ? mc : NULL;
                  boxes = strata_chart_layout_text_boxes (STRATA_CHART_ROADMAP, &request,
                                                          sizes[z][0], sizes[z][1]);
                  g_assert_cmpuint (boxes->len, >=, 8);
                  check_layout (boxes, sizes[z][0], sizes[z][1], what);
                }
        }
    }
}

/* Each panel's legend is whole at every size, its swatches left of
 * their words run into no other text (a swatch drawn over the heading's
 * last word at 800 x 600 was how it went wrong). */
static void
test_legend (void)
{
  static const double sizes[][2] = { { 1920, 1080 }, { 1280, 720 }, { 800, 600 }, { 640, 480 } };

  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      g_autoptr(StrataDataset) ds = load_sample (samples[i]);
      guint n = 0;
      g_autofree const StrataStrategy **strategies = strata_chart_default_strategies (ds, &n);

      for (guint t = 0; t < STRATA_N_THEMES; t++)
        for (guint z = 0; z < G_N_ELEMENTS (sizes); z++)
          {
            g_autoptr(GArray) boxes = NULL;
            StrataChartRequest request;
            guint optimal = 0, start = 0, adopt = 0;

            request_init (&request, ds, strategies, n, 0, t);
            boxes = strata_chart_layout_text_boxes (STRATA_CHART_ROADMAP, &request, sizes[z][0], sizes[z][1]);
            for (guint a = 0; a < boxes->len; a++)
              {
                const StrataChartTextBox *box = &g_array_index (boxes, StrataChartTextBox, a);
                StrataChartRect swatch;

                if (box->role != STRATA_TEXT_LEGEND)
                  continue;
                optimal += g_strcmp0 (box->text, "Optimal roadmap") == 0;
                start += g_strcmp0 (box->text, "Start plan") == 0;
                adopt += g_str_has_prefix (box->text, "Adopt ");
                swatch.x = box->rect.x - box->rect.height * 1.6;
                swatch.y = box->rect.y;
                swatch.width = box->rect.height * 1.6;
                swatch.height = box->rect.height;
                for (guint b = 0; b < boxes->len; b++)
                  {
                    const StrataChartTextBox *other = &g_array_index (boxes, StrataChartTextBox, b);

                    if (b != a && swatch.x < other->rect.x + other->rect.width
                        && other->rect.x < swatch.x + swatch.width
                        && swatch.y < other->rect.y + other->rect.height
                        && other->rect.y < swatch.y + swatch.height)
                      g_error ("%s at %gx%g, %s: the swatch of “%s” runs into “%s”", samples[i],
                               sizes[z][0], sizes[z][1], strata_theme_to_string (t), box->text, other->text);
                  }
              }
            g_assert_cmpuint (optimal, ==, 2);
            g_assert_cmpuint (start, ==, 1);
            g_assert_true (adopt == 0 || adopt == 2);
          }
    }
}

/* Adopting the optimum now, not a roadmap in some draws: its share of
 * positive savings comes with a line of its own saying over which draws
 * (the share left out, keyed), at every size the app and a deck draw,
 * never cut off the end of the line above (it was, at 800 x 600). */
static void
test_not_roadmap_note (void)
{
  static const double sizes[][2] = { { 1920, 1080 }, { 1280, 720 }, { 800, 600 } };
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "horizon", "not-roadmap.strata.json",
                                                 NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(StrataDataset) ds = strata_dataset_load_file (path, &error);
  guint n = 0, current = 0;
  g_autofree const StrataStrategy **strategies = NULL;
  g_autoptr(StrataRoadmapMc) band = NULL;
  StrataChartRequest request;
  g_autofree char *key = NULL;

  g_assert_no_error (error);
  strategies = strata_chart_default_strategies (ds, &n);
  for (guint k = 0; k < n; k++)
    if (g_str_equal (strategies[k]->id, STRATA_STRATEGY_OPTIMAL))
      current = k;
  request_init (&request, ds, strategies, n, current, STRATA_THEME_LIGHT);
  band = strata_deck_roadmap_mc (&request, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (strata_roadmap_mc_find (band, "optimal")->not_roadmap_share, >, 0);
  request.roadmap_monte_carlo = band;
  key = g_strdup_printf ("roadmap:adopt:%s:not_roadmap_share", STRATA_STRATEGY_OPTIMAL);
  for (guint z = 0; z < G_N_ELEMENTS (sizes); z++)
    {
      g_autoptr(GArray) boxes = strata_chart_layout_text_boxes (STRATA_CHART_ROADMAP, &request,
                                                                sizes[z][0], sizes[z][1]);
      const StrataChartTextBox *note = find_key (boxes, key);
      g_autofree char *adopt_key = g_strdup_printf ("roadmap:adopt:%s:probability_savings_positive",
                                                    STRATA_STRATEGY_OPTIMAL);

      g_assert_nonnull (note);
      g_assert_true (g_str_has_prefix (note->text, "Adopting now is not a roadmap in "));
      g_assert_true (g_str_has_suffix (note->text, " of draws: its share is over the others"));
      g_assert_nonnull (find_key (boxes, adopt_key));
      check_layout (boxes, sizes[z][0], sizes[z][1], "not-roadmap");
    }
}

/* Links that couple the layers beyond the optimal roadmap's exact search:
 * the chart, its band and its CSV are about adopting the current strategy
 * now, each figure under that plan's key, and it says why there is no
 * optimal roadmap (it was a blank chart with the refusal's text, the
 * band and `export --bands` failed, the CSV was empty). */
static void
test_too_coupled (void)
{
  static const double sizes[][2] = { { 1920, 1080 }, { 1280, 720 }, { 800, 600 } };
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "horizon", "too-coupled.strata.json",
                                                 NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(StrataDataset) ds = strata_dataset_load_file (path, &error);
  g_autofree StrataLayerPlan *plans = NULL;
  const StrataStrategy *strategies[1];
  g_autoptr(StrataPlanResult) adopt = NULL;
  g_autoptr(StrataRoadmapMc) band = NULL;
  g_autofree char *csv = NULL;
  g_auto(GStrv) lines = NULL;
  StrataChartRequest request;

  g_assert_no_error (error);
  plans = g_new0 (StrataLayerPlan, ds->n_layers);
  g_assert_false (strata_roadmap_optimal (ds, STRATA_HORIZON_EFFECTIVE, plans, &error));
  g_assert_error (error, STRATA_DATASET_ERROR, STRATA_DATASET_ERROR_LIMIT);
  g_clear_error (&error);
  strategies[0] = strata_dataset_find_strategy (ds, "mine");
  adopt = strata_plan_adopt_now (ds, strategies[0], STRATA_HORIZON_EFFECTIVE, NULL);
  g_assert_nonnull (adopt);
  request_init (&request, ds, strategies, 1, 0, STRATA_THEME_LIGHT);
  band = strata_deck_roadmap_mc (&request, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (strata_roadmap_mc_find (band, NULL));
  g_assert_nonnull (strata_roadmap_mc_find (band, "mine"));
  request.roadmap_monte_carlo = band;
  for (guint z = 0; z < G_N_ELEMENTS (sizes); z++)
    {
      g_autoptr(GArray) boxes = strata_chart_layout_text_boxes (STRATA_CHART_ROADMAP, &request,
                                                                sizes[z][0], sizes[z][1]);
      const StrataChartTextBox *box;
      gboolean said = FALSE;

      for (guint i = 0; i < boxes->len; i++)
        {
          const StrataChartTextBox *b = &g_array_index (boxes, StrataChartTextBox, i);

          said |= g_str_has_prefix (b->text, "No optimal roadmap: the co-design links couple too many layers");
          /* Nothing reads as the optimal roadmap's. */
          g_assert_false (b->key != NULL && g_str_has_prefix (b->key, "roadmap:optimal"));
          g_assert_null (strstr (b->text, "Optimal roadmap"));
        }
      g_assert_true (said);
      box = find_key (boxes, "roadmap:adopt:mine:peak_funding");
      g_assert_nonnull (box);
      g_assert_cmpfloat (box->value, ==, adopt->peak_funding);
      box = find_key (boxes, "roadmap:adopt:mine:payback_year");
      g_assert_nonnull (box);
      g_assert_cmpfloat (box->value, ==, adopt->payback_year);
      box = find_key (boxes, "roadmap:adopt:mine:probability_savings_positive");
      g_assert_nonnull (box);
      g_assert_cmpfloat (box->value, ==, strata_roadmap_mc_find (band, "mine")->positive_share);
      check_layout (boxes, sizes[z][0], sizes[z][1], "too-coupled");
    }

  /* A deck's action title is adopting now's too. */
  {
    g_autofree char *title = strata_chart_action_title (STRATA_CHART_ROADMAP, &request);
    g_autofree char *saves = strata_format_money_si (adopt->savings_npv, ds->currency);
    g_autofree char *expected = g_strdup_printf ("Adopt Mine now: saves %s by 2075 and pays back %d", saves,
                                                 adopt->payback_year);

    g_assert_true (adopt->has_payback);
    g_assert_cmpstr (title, ==, expected);
  }

  csv = strata_chart_data_csv (STRATA_CHART_ROADMAP, &request);
  lines = g_strsplit (csv, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), >=, 51);
  g_assert_true (g_str_has_prefix (lines[0], "year,volume (u per year),start plan effective cost (USD per year),"
                                             "adopt mine now: effective cost (USD per year),"
                                             "adopt mine now: cumulative discounted savings (USD),"
                                             "adopt mine now: cumulative discounted savings P10 (USD),"));
  g_assert_null (strstr (lines[0], "roadmap"));
  g_assert_true (g_str_has_suffix (lines[0], "l5: option running (adopting now)"));
  g_assert_true (g_str_has_suffix (lines[1], ",build,build"));
}

/* A stack of dozens of layers: a few dozen roadmap rows still name their layers,
 * in type no smaller than can be read and no name over another (the rows
 * take more of the height); more than that, and the rows are blocks of
 * colour under a caption that counts them, not names run together at a
 * fraction of a pixel; a pointer over a row is told its layer either
 * way. */
static void
test_many_layers (void)
{
  static const guint sizes[] = { 30, 120 };
  g_autoptr(StrataDataset) sample = load_sample ("ai-cloud-stack.strata.json");

  for (guint z = 0; z < G_N_ELEMENTS (sizes); z++)
    {
      g_autoptr(StrataDataset) ds = test_generated_dataset (11, sizes[z], 4, 0, FALSE);
      g_autofree const StrataStrategy **strategies = NULL;
      g_autofree char *caption = g_strdup_printf ("%u layers, first at the top: too many to name here", sizes[z]);
      g_autoptr(GArray) boxes = NULL;
      g_autoptr(StrataChartLayout) layout = NULL;
      StrataChartRequest request;
      guint n, named = 0, told = 0;

      for (guint l = 0; l < ds->n_layers; l++)
        {
          g_free (ds->layers[l].name);
          ds->layers[l].name = g_strdup_printf ("Layer %u", l);
        }
      ds->horizon = strata_horizon_copy (sample->horizon);
      g_free (ds->horizon->start);
      ds->horizon->start = g_strdup (STRATA_STRATEGY_ALL_NEUTRAL);
      strategies = strata_chart_default_strategies (ds, &n);
      request_init (&request, ds, strategies, n, 0, STRATA_THEME_LIGHT);
      boxes = strata_chart_layout_text_boxes (STRATA_CHART_ROADMAP, &request, 1280, 720);
      layout = strata_chart_layout_new (STRATA_CHART_ROADMAP, &request, 1280, 720);
      check_layout (boxes, 1280, 720, "many layers");
      for (guint i = 0; i < boxes->len; i++)
        {
          const StrataChartTextBox *box = &g_array_index (boxes, StrataChartTextBox, i);
          g_autofree char *detail = NULL;

          for (guint l = 0; l < ds->n_layers; l++)
            if (box->role == STRATA_TEXT_LABEL && g_str_equal (box->text, ds->layers[l].name))
              {
                g_assert_cmpfloat (box->rect.height, >=, 7.0);
                named++;
                /* The row beside the name tells it. */
                detail = strata_chart_layout_hit_detail (layout, box->rect.x + box->rect.width + 30,
                                                         box->rect.y + box->rect.height / 2);
                g_assert_nonnull (detail);
                g_assert_true (g_str_has_prefix (detail, ds->layers[l].name));
                break;
              }
        }
      /* The value chain says so too when its blocks are too short for
       * their names. */
      {
        g_autoptr(GArray) chain = strata_chart_layout_text_boxes (STRATA_CHART_VALUE_CHAIN, &request, 1280, 720);
        g_autofree char *chain_caption = g_strdup_printf ("%u layers, top of the stack first: too many to name here",
                                                          sizes[z]);

        g_assert_true (has_text (chain, chain_caption) == (sizes[z] == 120));
      }
      /* Five times as many: blocks under a pixel, drawn (it said "Too
       * small to draw" in a window of any size). */
      if (sizes[z] == 120)
        {
          g_autoptr(StrataDataset) tall = test_generated_dataset (11, 600, 2, 0, FALSE);
          g_autofree const StrataStrategy **tall_strategies = NULL;
          g_autoptr(GArray) chain = NULL;
          StrataChartRequest tall_request;
          guint tall_n;

          tall_strategies = strata_chart_default_strategies (tall, &tall_n);
          request_init (&tall_request, tall, tall_strategies, tall_n, 0, STRATA_THEME_LIGHT);
          chain = strata_chart_layout_text_boxes (STRATA_CHART_VALUE_CHAIN, &tall_request, 1280, 720);
          g_assert_true (has_text (chain, "600 layers, top of the stack first: too many to name here"));
          g_assert_false (has_text (chain, "Too small to draw"));
        }
      if (sizes[z] == 30)
        {
          g_assert_cmpuint (named, ==, ds->n_layers);
          g_assert_false (has_text (boxes, caption));
          continue;
        }
      g_assert_cmpuint (named, ==, 0);
      g_assert_true (has_text (boxes, caption));
      g_assert_true (has_text (boxes, "Blue: bought \xC2\xB7 orange: built in-house \xC2\xB7 pale: being built"));
      /* Down the middle of the rows, every layer is told in turn, the
       * first at the top. */
      for (double y = 0; y < 720; y += 0.25)
        {
          g_autofree char *detail = strata_chart_layout_hit_detail (layout, 640, y);

          if (detail == NULL || told == ds->n_layers)
            continue;
          if (g_str_has_prefix (detail, ds->layers[told].name) && detail[strlen (ds->layers[told].name)] == '\n')
            told++;
        }
      g_assert_cmpuint (told, ==, ds->n_layers);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/chart/roadmap/name-on-hatching", test_name_on_hatching);
  g_test_add_func ("/chart/roadmap/adopt-numbers", test_adopt_numbers);
  g_test_add_func ("/chart/roadmap/adopt-start", test_adopt_start);
  g_test_add_func ("/chart/roadmap/data-csv", test_data_csv);
  g_test_add_func ("/chart/roadmap/layout", test_layout);
  g_test_add_func ("/chart/roadmap/legend", test_legend);
  g_test_add_func ("/chart/roadmap/no-uncertainty", test_no_uncertainty);
  g_test_add_func ("/chart/roadmap/many-layers", test_many_layers);
  g_test_add_func ("/chart/roadmap/not-roadmap-note", test_not_roadmap_note);
  g_test_add_func ("/chart/roadmap/too-coupled", test_too_coupled);

  return g_test_run ();
}

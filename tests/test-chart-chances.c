/* test-chart-chances.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * The Monte Carlo in charts (MODEL.md section 6): the cost curves' P10-P90
 * bands and the Chances chart draw the run the request carries, never one
 * of their own.  Their CSV data against the run's figures, number for
 * number; the numbers the Chances chart writes (break-even percentiles,
 * the share without one, where the odds turn) against the run; the bands
 * change the picture and Optimal gets none; `strata-cli export --chart
 * chances` and `--bands`.
 */

#include "config.h"

#include <math.h>
#include <string.h>
#include <sys/wait.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include <strata/strata-chart.h>
#include <strata/strata-export.h>
#include <strata/strata-format.h>
#include <strata/strata-switchpoints.h>
#include <strata/strata-uncertainty.h>

#include "strata-test-util.h"

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

typedef struct
{
  StrataDataset          *dataset;
  const StrataStrategy  **strategies;
  StrataMonteCarlo       *mc;
  StrataChartRequest      request;
} Fixture;

/* The chart's strategies on @f's dataset and @n_draws draws at 24
 * volumes of the first default strategy against the second, into the
 * request. */
static void
fixture_run (Fixture *f,
             guint    n_draws)
{
  g_autoptr(GError) error = NULL;
  StrataMonteCarloParams params;
  guint n;

  f->strategies = strata_chart_default_strategies (f->dataset, &n);
  strata_monte_carlo_params_init (&params, f->dataset);
  params.n_draws = n_draws;
  params.n_points = 24;
  params.strategies = f->strategies;
  params.n_strategies = n;
  params.a = f->strategies[0];
  params.b = f->strategies[1];
  f->mc = strata_monte_carlo_run (f->dataset, &params, NULL, &error);
  g_assert_no_error (error);
  f->request.dataset = f->dataset;
  f->request.strategies = f->strategies;
  f->request.n_strategies = n;
  f->request.volume = f->dataset->volume_default;
  f->request.monte_carlo = f->mc;
}

static void
fixture_init (Fixture    *f,
              const char *name,
              guint       n_draws)
{
  memset (f, 0, sizeof *f);
  f->dataset = load_sample (name);
  fixture_run (f, n_draws);
}

static void
fixture_clear (Fixture *f)
{
  strata_monte_carlo_free (f->mc);
  g_free (f->strategies);
  strata_dataset_unref (f->dataset);
}

/* The CSV as rows of fields (no quoted commas in these tables' numbers). */
static GPtrArray *
csv_rows (const char *csv)
{
  g_auto(GStrv) lines = g_strsplit (csv, "\n", -1);
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  for (guint i = 0; lines[i] != NULL; i++)
    if (lines[i][0] != '\0')
      g_ptr_array_add (rows, g_strsplit (lines[i], ",", -1));
  return rows;
}

static int
column_of (char      **header,
           const char *name)
{
  for (guint i = 0; header[i] != NULL; i++)
    if (g_str_equal (header[i], name))
      return (int) i;
  return -1;
}

static void
test_chances_csv (void)
{
  const char *names[] = { "ai-cloud-stack", "retailer" };

  for (guint d = 0; d < G_N_ELEMENTS (names); d++)
    {
      Fixture f;
      g_autofree char *csv = NULL;
      g_autoptr(GPtrArray) rows = NULL;
      char **header;
      guint checked = 0;

      fixture_init (&f, names[d], 300);
      csv = strata_chart_data_csv (STRATA_CHART_CHANCES, &f.request);
      rows = csv_rows (csv);
      header = rows->pdata[0];
      g_assert_cmpuint (rows->len, ==, f.mc->n_points + 1);
      for (guint s = 0; s < f.mc->n_strategies; s++)
        {
          g_autofree char *name = g_strdup_printf ("P(%s cheaper than %s)", f.mc->a_id,
                                                   f.mc->strategy_ids[s]);
          int c = column_of (header, name);

          if (g_str_equal (f.mc->strategy_ids[s], f.mc->a_id))
            {
              g_assert_cmpint (c, <, 0);
              continue;
            }
          g_assert_cmpint (c, >, 0);
          for (guint p = 0; p < f.mc->n_points; p++)
            {
              char **row = rows->pdata[p + 1];

              g_assert_cmpfloat (g_ascii_strtod (row[0], NULL), ==, f.mc->volumes[p]);
              g_assert_cmpfloat (g_ascii_strtod (row[c], NULL), ==,
                                 f.mc->probability_cheaper[(gsize) s * f.mc->n_points + p]);
              checked++;
            }
        }
      for (guint l = 0; l < f.dataset->n_layers; l++)
        {
          g_autofree char *name = g_strdup_printf ("P(optimum integrates %s)", f.dataset->layers[l].id);
          int c = column_of (header, name);

          g_assert_cmpint (c, >, 0);
          for (guint p = 0; p < f.mc->n_points; p++)
            g_assert_cmpfloat (g_ascii_strtod (((char **) rows->pdata[p + 1])[c], NULL), ==,
                               f.mc->layer_integrated[(gsize) p * f.mc->n_layers + l]);
        }
      g_assert_cmpuint (checked, >=, f.mc->n_points * 3);
      fixture_clear (&f);
    }
}

static void
test_bands_csv (void)
{
  Fixture f;
  g_autofree char *csv = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  char **header;
  guint matched = 0;

  fixture_init (&f, "consumer-devices", 300);
  csv = strata_chart_data_csv (STRATA_CHART_COST_CURVES, &f.request);
  rows = csv_rows (csv);
  header = rows->pdata[0];
  for (guint i = 0; i < f.request.n_strategies; i++)
    {
      const StrataStrategy *st = f.request.strategies[i];
      g_autofree char *p10 = g_strdup_printf ("%s: P10 of effective unit cost (USD per device)", st->name);
      g_autofree char *p90 = g_strdup_printf ("%s: P90 of effective unit cost (USD per device)", st->name);
      int c10 = column_of (header, p10), c90 = column_of (header, p90);
      int row = -1;

      for (guint s = 0; s < f.mc->n_strategies; s++)
        if (g_str_equal (f.mc->strategy_ids[s], st->id))
          row = (int) s;
      g_assert_cmpint (row, >=, 0);
      if (strata_strategy_is_optimal (st))
        {
          /* Optimal is a line of its own: no band. */
          g_assert_cmpint (c10, <, 0);
          continue;
        }
      g_assert_cmpint (c10, >, 0);
      g_assert_cmpint (c90, ==, c10 + 2);
      for (guint r = 1; r < rows->len; r++)
        {
          char **cells = rows->pdata[r];
          double v = g_ascii_strtod (cells[0], NULL);

          for (guint p = 0; p < f.mc->n_points; p++)
            if (f.mc->volumes[p] == v)
              {
                gsize cell = (gsize) row * f.mc->n_points + p;

                g_assert_cmpfloat (g_ascii_strtod (cells[c10], NULL), ==, f.mc->p10[cell]);
                g_assert_cmpfloat (g_ascii_strtod (cells[c10 + 1], NULL), ==, f.mc->p50[cell]);
                g_assert_cmpfloat (g_ascii_strtod (cells[c90], NULL), ==, f.mc->p90[cell]);
                matched++;
              }
        }
    }
  g_assert_cmpuint (matched, ==, (f.request.n_strategies - 1) * f.mc->n_points);

  /* Without a Monte Carlo: the curves alone. */
  f.request.monte_carlo = NULL;
  g_free (csv);
  csv = strata_chart_data_csv (STRATA_CHART_COST_CURVES, &f.request);
  g_assert_null (strstr (csv, "P10"));
  fixture_clear (&f);
}

static const StrataChartTextBox *
box_with_key (GArray     *boxes,
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

static gboolean
any_text_has (GArray     *boxes,
              const char *text)
{
  for (guint i = 0; i < boxes->len; i++)
    if (strstr (g_array_index (boxes, StrataChartTextBox, i).text, text) != NULL)
      return TRUE;
  return FALSE;
}

/* The histogram's percentile labels: each at the top of its own line,
 * and a label that reaches across another percentile's line (P90 near
 * the plot's right edge, left of its line) above that line's top, so no
 * line runs through it; only where two labels reach across each other's
 * lines may one of them.  The percentiles are set apart by several
 * ratios on the consumer-devices sample's run; the lines' places from
 * the histogram's volume axis. */
static void
test_percentile_labels (void)
{
  static const double ratios[] = { 1.25, 1.5, 1.8, 2.2, 3.0, 5.0 };
  static const char *keys[] = { "chances:breakeven:p10", "chances:breakeven:p50", "chances:breakeven:p90" };
  Fixture f;
  guint resolved = 0;

  fixture_init (&f, "consumer-devices", 200);
  for (guint r = 0; r < G_N_ELEMENTS (ratios); r++)
    for (int theme = STRATA_THEME_LIGHT; theme <= STRATA_THEME_SLIDE; theme++)
      {
        g_autoptr(GArray) boxes = NULL;
        const StrataChartTextBox *title = NULL, *odds = NULL, *marks[3];
        double tick_x[2] = { 0, 0 }, tick_v[2] = { 0, 0 }, x[3];
        guint n_ticks = 0;

        f.mc->breakeven_p90 = f.dataset->volume_max / 1.03;
        f.mc->breakeven_p50 = f.mc->breakeven_p90 / ratios[r];
        f.mc->breakeven_p10 = f.mc->breakeven_p50 / ratios[r];
        f.request.theme = (StrataTheme) theme;
        boxes = strata_chart_layout_text_boxes (STRATA_CHART_CHANCES, &f.request, 1920, 1080);
        for (guint i = 0; i < boxes->len; i++)
          {
            const StrataChartTextBox *b = &g_array_index (boxes, StrataChartTextBox, i);

            if (g_str_has_prefix (b->text, "Break-even volume, "))
              title = b;
            else if (g_str_has_prefix (b->text, "Chance the optimum integrates"))
              odds = b;
          }
        g_assert_nonnull (title);
        g_assert_nonnull (odds);
        /* The histogram's axis: x = a + b ln V from its first and last ticks. */
        for (guint i = 0; i < boxes->len; i++)
          {
            const StrataChartTextBox *b = &g_array_index (boxes, StrataChartTextBox, i);
            double v;

            if (b->role == STRATA_TEXT_AXIS && b->rect.x >= title->rect.x - 20 && b->rect.y > title->rect.y &&
                b->rect.y < odds->rect.y && strata_parse_volume (b->text, &v, NULL))
              {
                guint k = n_ticks == 0 ? 0 : 1;

                tick_x[k] = b->rect.x + b->rect.width / 2;
                tick_v[k] = v;
                n_ticks++;
              }
          }
        g_assert_cmpuint (n_ticks, >=, 2);
        for (guint m = 0; m < 3; m++)
          {
            marks[m] = box_with_key (boxes, keys[m]);
            g_assert_nonnull (marks[m]);
            x[m] = tick_x[0] + (tick_x[1] - tick_x[0]) * log (marks[m]->value / tick_v[0]) /
                               log (tick_v[1] / tick_v[0]);
          }
        for (guint m = 0; m < 3; m++)
          for (guint k = 0; k < 3; k++)
            {
              const StrataChartRect *a = &marks[m]->rect, *o = &marks[k]->rect;
              gboolean crosses = k != m && x[k] >= a->x - 1 && x[k] <= a->x + a->width + 1;
              gboolean mutual = x[m] >= o->x - 1 && x[m] <= o->x + o->width + 1;

              if (!crosses)
                continue;
              /* Line k starts at its label's top. */
              if (a->y + a->height <= o->y + 0.5)
                {
                  resolved++;
                  continue;
                }
              if (!mutual)
                g_test_message ("ratio %g theme %d: \"%s\" (y %.1f to %.1f) over the line of \"%s\" "
                                "(x %.1f, from y %.1f)", ratios[r], theme, marks[m]->text, a->y,
                                a->y + a->height, marks[k]->text, x[k], o->y);
              g_assert_true (mutual);
            }
      }
  /* Some label reached across a line, above its top. */
  g_assert_cmpuint (resolved, >, 0);
  fixture_clear (&f);
}

static void
test_chances_numbers (void)
{
  for (guint t = 0; t < STRATA_N_THEMES; t++)
    {
      Fixture f;
      g_autoptr(GArray) boxes = NULL;
      const StrataChartTextBox *box;
      guint turns = 0;

      fixture_init (&f, "consumer-devices", 400);
      f.request.theme = t;
      boxes = strata_chart_layout_text_boxes (STRATA_CHART_CHANCES, &f.request, 1920, 1080);
      g_assert_cmpuint (f.mc->n_crossing_draws, >, 0);
      box = box_with_key (boxes, "chances:breakeven:p50");
      g_assert_nonnull (box);
      g_assert_cmpfloat (box->value, ==, f.mc->breakeven_p50);
      box = box_with_key (boxes, "chances:breakeven:p10");
      g_assert_nonnull (box);
      g_assert_cmpfloat (box->value, ==, f.mc->breakeven_p10);
      box = box_with_key (boxes, "chances:no_breakeven_share");
      g_assert_nonnull (box);
      g_assert_cmpfloat (box->value, ==, f.mc->no_crossing_share);
      g_assert_cmpfloat (f.mc->no_crossing_share, >, 0.001);
      {
        g_autofree char *share = strata_format_percent (f.mc->no_crossing_share);
        g_autofree char *text = g_strdup_printf ("No break-even in range in %s of the draws", share);

        g_assert_cmpstr (box->text, ==, text);
      }
      /* Every turn of the odds lies between two volumes where the odds
       * of some strategy are on either side of one half. */
      for (guint i = 0; i < boxes->len; i++)
        {
          const StrataChartTextBox *b = &g_array_index (boxes, StrataChartTextBox, i);
          gboolean bracketed = FALSE;

          if (g_strcmp0 (b->key, "chances:turn") != 0)
            continue;
          turns++;
          for (guint s = 0; s < f.mc->n_strategies; s++)
            for (guint p = 0; p + 1 < f.mc->n_points; p++)
              {
                double x = f.mc->probability_cheaper[(gsize) s * f.mc->n_points + p];
                double y = f.mc->probability_cheaper[(gsize) s * f.mc->n_points + p + 1];

                bracketed |= (x < 0.5) != (y < 0.5) && b->value >= f.mc->volumes[p] &&
                             b->value <= f.mc->volumes[p + 1];
              }
          g_assert_true (bracketed);
        }
      g_assert_cmpuint (turns, >, 0);
      g_assert_true (any_text_has (boxes, "Chance the optimum integrates each layer"));
      fixture_clear (&f);
    }

  /* Every draw of the AI cloud stack crosses: said so, not "No break-even
   * in range in 0.0 % of the draws". */
  {
    Fixture f;
    g_autoptr(GArray) boxes = NULL;
    const StrataChartTextBox *box;

    fixture_init (&f, "ai-cloud-stack", 400);
    boxes = strata_chart_layout_text_boxes (STRATA_CHART_CHANCES, &f.request, 1920, 1080);
    g_assert_cmpfloat (f.mc->no_crossing_share, ==, 0);
    g_assert_cmpuint (f.mc->n_crossing_draws, >, 0);
    box = box_with_key (boxes, "chances:no_breakeven_share");
    g_assert_nonnull (box);
    g_assert_cmpstr (box->text, ==, "A break-even in range in every draw");
    fixture_clear (&f);
  }
}

static void
test_no_monte_carlo (void)
{
  Fixture f;
  g_autoptr(GArray) boxes = NULL;
  g_autoptr(GArray) curves = NULL;

  fixture_init (&f, "retailer", 10);
  f.request.monte_carlo = NULL;
  boxes = strata_chart_layout_text_boxes (STRATA_CHART_CHANCES, &f.request, 1280, 720);
  g_assert_true (any_text_has (boxes, "No Monte Carlo"));
  curves = strata_chart_layout_text_boxes (STRATA_CHART_COST_CURVES, &f.request, 1280, 720);
  g_assert_false (any_text_has (curves, "P10"));
  fixture_clear (&f);
}

/* The bands change the picture inside the plot, and the subtitle says
 * what they are. */
static void
test_bands_drawn (void)
{
  Fixture f;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) with = NULL, without = NULL;
  g_autoptr(GArray) boxes = NULL;

  fixture_init (&f, "ai-cloud-stack", 500);
  with = strata_chart_render_png (STRATA_CHART_COST_CURVES, &f.request, 800, 450, 1, &error);
  g_assert_no_error (error);
  boxes = strata_chart_layout_text_boxes (STRATA_CHART_COST_CURVES, &f.request, 1920, 1080);
  g_assert_true (any_text_has (boxes, "P10\xE2\x80\x93P90 of 500 draws"));
  f.request.monte_carlo = NULL;
  without = strata_chart_render_png (STRATA_CHART_COST_CURVES, &f.request, 800, 450, 1, &error);
  g_assert_no_error (error);
  g_assert_false (g_bytes_equal (with, without));
  fixture_clear (&f);
}

/* Percentiles of the break-even that read the same share one label,
 * "P10 = P50 = P90 2.03 M", not three stacked labels of one figure. */
static void
test_percentiles_equal (void)
{
  Fixture f;

  fixture_init (&f, "consumer-devices", 200);
  for (guint c = 0; c < 2; c++)
    {
      g_autoptr(GArray) boxes = NULL;
      double v = f.dataset->volume_min * 3.7;
      g_autofree char *vol = strata_format_volume (v);
      g_autofree char *other = strata_format_volume (v * 4);
      g_autofree char *all = g_strdup_printf ("P10 = P50 = P90 %s", vol);
      g_autofree char *two = g_strdup_printf ("P10 = P50 %s", vol);
      g_autofree char *p90 = g_strdup_printf ("P90 %s", other);
      guint labels = 0;

      f.mc->breakeven_p10 = f.mc->breakeven_p50 = v;
      f.mc->breakeven_p90 = c == 0 ? v : v * 4;
      boxes = strata_chart_layout_text_boxes (STRATA_CHART_CHANCES, &f.request, 1280, 720);
      for (guint i = 0; i < boxes->len; i++)
        labels += g_str_has_prefix (g_array_index (boxes, StrataChartTextBox, i).text, "P10") ||
                  g_str_has_prefix (g_array_index (boxes, StrataChartTextBox, i).text, "P50") ||
                  g_str_has_prefix (g_array_index (boxes, StrataChartTextBox, i).text, "P90");
      if (c == 0)
        {
          g_assert_true (any_text_has (boxes, all));
          g_assert_cmpuint (labels, ==, 1);
        }
      else
        {
          g_assert_true (any_text_has (boxes, two));
          g_assert_true (any_text_has (boxes, p90));
          g_assert_cmpuint (labels, ==, 2);
        }
    }
  fixture_clear (&f);
}

/* The layers' odds name their rows in readable type where the panel can
 * hold them (the sample at the size of the app's chart at 800 x 600,
 * where the names were 5 px high); a stack of 120 layers draws its rows
 * unnamed under a caption that counts them, every row coloured and told
 * on hover (its cells were inset by a pixel each side, so rows under two
 * pixels drew nothing). */
static void
test_layer_rows (void)
{
  Fixture f;
  g_autoptr(GArray) boxes = NULL;
  g_autoptr(StrataChartLayout) layout = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  guint told = 0, coloured = 0;

  fixture_init (&f, "ai-cloud-stack", 100);
  boxes = strata_chart_layout_text_boxes (STRATA_CHART_CHANCES, &f.request, 760, 330);
  for (guint l = 0; l < f.dataset->n_layers; l++)
    {
      gboolean found = FALSE;

      for (guint i = 0; i < boxes->len; i++)
        {
          const StrataChartTextBox *box = &g_array_index (boxes, StrataChartTextBox, i);

          if (box->role == STRATA_TEXT_LABEL && g_str_equal (box->text, f.dataset->layers[l].name))
            {
              /* Type of 7 px: a line about 8 px high. */
              g_assert_cmpfloat (box->rect.height, >=, 8.0);
              found = TRUE;
            }
        }
      if (!found)
        g_error ("layer %s is not named at 760 x 330", f.dataset->layers[l].name);
    }
  g_clear_pointer (&boxes, g_array_unref);
  fixture_clear (&f);

  memset (&f, 0, sizeof f);
  f.dataset = test_generated_dataset (5, 120, 4, 0, FALSE);
  for (guint l = 0; l < f.dataset->n_layers; l++)
    {
      g_free (f.dataset->layers[l].name);
      f.dataset->layers[l].name = g_strdup_printf ("Layer %u", l);
    }
  fixture_run (&f, 20);
  boxes = strata_chart_layout_text_boxes (STRATA_CHART_CHANCES, &f.request, 1280, 720);
  g_assert_true (any_text_has (boxes, "120 layers, bottom first: rows too short to name here"));
  for (guint i = 0; i < boxes->len; i++)
    g_assert_false (g_str_has_prefix (g_array_index (boxes, StrataChartTextBox, i).text, "Layer "));
  layout = strata_chart_layout_new (STRATA_CHART_CHANCES, &f.request, 1280, 720);
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 1280, 720);
  cr = cairo_create (surface);
  strata_chart_draw (STRATA_CHART_CHANCES, &f.request, cr, 1280, 720);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  /* Up the middle of the panel, bottom first: each layer told in turn,
   * on a row of colour (not the white of the background). */
  for (int y = 719; y >= 0; y--)
    {
      g_autofree char *detail = strata_chart_layout_hit_detail (layout, 640, y + 0.5);
      g_autofree char *name = told < 120 ? g_strdup_printf ("Layer %u\n", told) : NULL;
      const guint32 *row = (const guint32 *) (cairo_image_surface_get_data (surface)
                                               + y * cairo_image_surface_get_stride (surface));

      if (detail == NULL || !g_str_has_prefix (detail, "Layer "))
        continue;
      coloured += (row[640] & 0xFFFFFF) != 0xFFFFFF;
      if (name != NULL && g_str_has_prefix (detail, name))
        told++;
    }
  g_assert_cmpuint (told, ==, 120);
  g_assert_cmpuint (coloured, >=, 120);
  cairo_surface_destroy (surface);
  g_clear_pointer (&layout, strata_chart_layout_unref);
  fixture_clear (&f);

  /* A thousand layers, rows of a sixth of a pixel: every pixel row of the
   * panel is coloured (two rows' edges summed apart by cairo left a row of
   * background between them, dark lines across the dark theme). */
  memset (&f, 0, sizeof f);
  f.dataset = test_generated_dataset (5, 1000, 2, 0, FALSE);
  for (guint l = 0; l < f.dataset->n_layers; l++)
    {
      g_free (f.dataset->layers[l].name);
      f.dataset->layers[l].name = g_strdup_printf ("Layer %u", l);
    }
  fixture_run (&f, 10);
  /* At every height of a window from 600 to 800 px. */
  for (int height = 600; height <= 800; height += 5)
    {
      coloured = 0;
      g_clear_pointer (&layout, strata_chart_layout_unref);
      layout = strata_chart_layout_new (STRATA_CHART_CHANCES, &f.request, 1280, height);
      surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 1280, height);
      cr = cairo_create (surface);
      strata_chart_draw (STRATA_CHART_CHANCES, &f.request, cr, 1280, height);
      cairo_destroy (cr);
      cairo_surface_flush (surface);
      for (int y = 0; y < height; y++)
        {
          g_autofree char *detail = strata_chart_layout_hit_detail (layout, 640, y + 0.5);
          const guint32 *row = (const guint32 *) (cairo_image_surface_get_data (surface)
                                                   + y * cairo_image_surface_get_stride (surface));

          if (detail == NULL || !g_str_has_prefix (detail, "Layer "))
            continue;
          if ((row[640] & 0xFFFFFF) == 0xFFFFFF)
            g_error ("%d px high: pixel row %d of the layers' panel is the background's", height, y);
          coloured++;
        }
      g_assert_cmpuint (coloured, >=, 100);
      cairo_surface_destroy (surface);
    }
  g_clear_pointer (&boxes, g_array_unref);
  fixture_clear (&f);
}

/* Where the odds turn, each turn is labelled, and no label runs into
 * another turn's: at the app's default chart size the AI model lab's
 * "odds turn at 222 M" ended where "odds turn at 1.15 B" began, beside
 * the next dot ("...222 Modds turn..."); the first now takes a line
 * further out (reserve_turns () in strata-chart-chances.c).  Two labels
 * on the same lines keep the width of a dot between them. */
static void
test_turn_labels_apart (void)
{
  Fixture f;
  const int sizes[][2] = { { 880, 578 }, { 1920, 1080 }, { 1024, 560 } };
  const StrataStrategy *first;
  StrataMonteCarloParams params;
  g_autoptr(GError) error = NULL;
  guint n;

  /* The run `strata-cli export --chart chances` and the app make: 64
   * volumes, the dataset's own strategy against the next. */
  memset (&f, 0, sizeof f);
  f.dataset = load_sample ("ai-model-lab");
  f.strategies = strata_chart_default_strategies (f.dataset, &n);
  first = strata_dataset_default_strategy (f.dataset);
  for (guint i = 0; i < n; i++)
    if (f.strategies[i] == first)
      f.request.current = i;
  strata_monte_carlo_params_init (&params, f.dataset);
  params.n_draws = 2000;
  params.n_points = 64;
  params.strategies = f.strategies;
  params.n_strategies = n;
  params.a = f.strategies[f.request.current];
  params.b = f.strategies[f.request.current == 0 ? 1 : 0];
  f.mc = strata_monte_carlo_run (f.dataset, &params, NULL, &error);
  g_assert_no_error (error);
  f.request.dataset = f.dataset;
  f.request.strategies = f.strategies;
  f.request.n_strategies = n;
  f.request.volume = f.dataset->volume_default;
  f.request.monte_carlo = f.mc;
  for (guint z = 0; z < G_N_ELEMENTS (sizes); z++)
    {
      g_autoptr(GArray) boxes = strata_chart_layout_text_boxes (STRATA_CHART_CHANCES, &f.request,
                                                                sizes[z][0], sizes[z][1]);
      g_autoptr(GPtrArray) turns = g_ptr_array_new ();

      for (guint i = 0; i < boxes->len; i++)
        if (g_str_has_prefix (g_array_index (boxes, StrataChartTextBox, i).text, "odds turn at "))
          g_ptr_array_add (turns, &g_array_index (boxes, StrataChartTextBox, i));
      /* Single-vendor lab, All neutral and All integrated each turn once. */
      g_assert_cmpuint (turns->len, ==, 3);
      for (guint i = 0; i < turns->len; i++)
        for (guint j = i + 1; j < turns->len; j++)
          {
            const StrataChartRect *a = &((StrataChartTextBox *) turns->pdata[i])->rect;
            const StrataChartRect *b = &((StrataChartTextBox *) turns->pdata[j])->rect;
            double gap = MAX (b->x - (a->x + a->width), a->x - (b->x + b->width));

            if (a->y < b->y + b->height && b->y < a->y + a->height && gap < 4)
              g_error ("%d x %d: \"%s\" and \"%s\" %.1f px apart", sizes[z][0], sizes[z][1],
                       ((StrataChartTextBox *) turns->pdata[i])->text,
                       ((StrataChartTextBox *) turns->pdata[j])->text, gap);
          }
    }
  fixture_clear (&f);
}

/* A channel of pixel @x of @row (RGB24). */
static int
channel (const guint32 *row,
         int            x,
         int            c)
{
  return (int) (row[x] >> (8 * c)) & 0xFF;
}

/* The layer odds' rows have no seams: along the middle of each row,
 * every pixel's colour lies between its neighbours' (an anti-aliased edge
 * between two cells blends the two), never paler than both.  Cells of one
 * chance met at half-pixel overlaps, and the card showed through: a pale
 * hairline every few cells, on screen and on a slide
 * (strata-chart-chances.c, draw_layer_odds ()).  At widths that put the
 * cells' edges at every fraction of a pixel. */
static void
test_layer_rows_seamless (void)
{
  Fixture f;
  guint checked = 0;

  fixture_init (&f, "ai-model-lab", 200);
  for (int width = 1000; width <= 1300; width += 23)
    {
      const int height = 700;
      g_autoptr(StrataChartLayout) layout = strata_chart_layout_new (STRATA_CHART_CHANCES, &f.request,
                                                                      width, height);
      cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
      cairo_t *cr = cairo_create (surface);
      const guchar *data;
      int stride;

      strata_chart_draw (STRATA_CHART_CHANCES, &f.request, cr, width, height);
      cairo_destroy (cr);
      cairo_surface_flush (surface);
      data = cairo_image_surface_get_data (surface);
      stride = cairo_image_surface_get_stride (surface);
      for (guint l = 0; l < f.dataset->n_layers; l++)
        {
          g_autofree char *name = g_strdup_printf ("%s\n", f.dataset->layers[l].name);
          int y0 = -1, y1 = -1, x0 = -1, x1 = -1, y;
          const guint32 *row;

          /* The layer's row: where the pointer tells it, up the middle. */
          for (y = 0; y < height; y++)
            {
              g_autofree char *detail = strata_chart_layout_hit_detail (layout, width / 2.0, y + 0.5);

              if (detail != NULL && g_str_has_prefix (detail, name))
                {
                  y0 = y0 < 0 ? y : y0;
                  y1 = y;
                }
            }
          g_assert_cmpint (y0, >=, 0);
          y = (y0 + y1) / 2;
          row = (const guint32 *) (data + y * stride);
          /* Its cells: the run of colour through the middle. */
          for (x0 = width / 2; x0 > 0 && (row[x0 - 1] & 0xFFFFFF) != 0xFFFFFF; x0--)
            ;
          for (x1 = width / 2; x1 + 1 < width && (row[x1 + 1] & 0xFFFFFF) != 0xFFFFFF; x1++)
            ;
          g_assert_cmpint (x1 - x0, >, width / 2);
          for (int x = x0 + 2; x < x1 - 1; x++)
            for (int c = 0; c < 3; c++)
              {
                int a = channel (row, x - 1, c), b = channel (row, x + 1, c), v = channel (row, x, c);

                if (v > MAX (a, b) + 2 || v < MIN (a, b) - 2)
                  g_error ("%d px wide, layer %s, pixel %d of row %d: channel %d is %d, its"
                           " neighbours %d and %d: a seam", width, f.dataset->layers[l].id, x, y,
                           c, v, a, b);
                checked++;
              }
        }
      cairo_surface_destroy (surface);
    }
  g_assert_cmpuint (checked, >, 10000);
  fixture_clear (&f);
}

static int
run_cli (const char *const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL, *err = NULL;
  int status = 0;

  g_ptr_array_add (argv, (gpointer) g_getenv ("STRATA_CLI"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err,
                &status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

static void
test_cli (void)
{
  g_autofree char *dir = g_dir_make_tmp ("strata-chances-XXXXXX", NULL);
  g_autofree char *file = g_strdup_printf ("%s/data/datasets/retailer.strata.json",
                                           g_getenv ("STRATA_SOURCE_ROOT"));
  g_autofree char *png = g_build_filename (dir, "chances.png", NULL);
  g_autofree char *bands = g_build_filename (dir, "bands.svg", NULL);
  g_autofree char *csv = g_build_filename (dir, "chances.csv", NULL);
  g_autofree char *contents = NULL;
  const char *ok1[] = { "export", file, "--chart", "chances", "--draws", "200", "-o", png, NULL };
  const char *ok2[] = { "export", file, "--chart", "cost-curves", "--bands", "--draws", "200",
                        "-o", bands, NULL };
  const char *ok3[] = { "export", file, "--chart", "chances", "--draws", "200", "--data", "-o", csv, NULL };
  const char *bad1[] = { "export", file, "--chart", "ladder", "--bands", "-o", png, NULL };
  const char *bad2[] = { "export", file, "--chart", "ladder", "--draws", "10", "-o", png, NULL };
  gsize length = 0;

  g_assert_cmpint (run_cli (ok1), ==, 0);
  g_assert_true (g_file_get_contents (png, &contents, &length, NULL));
  g_assert_true (length > 8 && memcmp (contents, "\x89PNG", 4) == 0);
  g_clear_pointer (&contents, g_free);
  g_assert_cmpint (run_cli (ok2), ==, 0);
  g_assert_true (g_file_get_contents (bands, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "P50"));
  g_clear_pointer (&contents, g_free);
  g_assert_cmpint (run_cli (ok3), ==, 0);
  g_assert_true (g_file_get_contents (csv, &contents, NULL, NULL));
  /* A is the current strategy, the dataset's first own one as in the
   * app; B the first other one shown. */
  g_assert_true (g_str_has_prefix (contents, "volume (orders per year),P(owned-brands cheaper than all-neutral)"));
  g_assert_cmpint (run_cli (bad1), ==, 2);
  g_assert_cmpint (run_cli (bad2), ==, 2);
  g_unlink (png);
  g_unlink (bands);
  g_unlink (csv);
  g_rmdir (dir);
}

/* The action title states the odds A beats B at the volume, from the
 * run: at one of the run's volumes exactly its share of draws, and odds
 * short of certain never as certain. */
static void
test_action_title (void)
{
  Fixture f;
  g_autofree char *title = NULL, *expected = NULL, *share = NULL, *volume = NULL;
  const StrataStrategy *a, *b;
  guint k = 7;

  fixture_init (&f, "ai-cloud-stack", 400);
  a = f.strategies[0];
  b = f.strategies[1];
  f.request.volume = f.mc->volumes[k];
  title = strata_chart_action_title (STRATA_CHART_CHANCES, &f.request);
  share = strata_format_percent (f.mc->probability_a_cheaper[k]);
  volume = strata_format_volume (f.mc->volumes[k]);
  expected = g_strdup_printf ("%s%s chance %s beats %s at %s",
                              f.mc->probability_a_cheaper[k] >= 0.5 ? "" : "Only ", share,
                              a->name, b->name, volume);
  g_assert_cmpstr (title, ==, expected);

  /* Odds short of certain never read as certain, nor near-none as none:
   * not "100.0 % chance" for 1,999 draws of 2,000 and more. */
  for (guint c = 0; c < 2; c++)
    {
      double saved = f.mc->probability_a_cheaper[k];

      f.mc->probability_a_cheaper[k] = c == 0 ? 0.9997 : 0.0003;
      g_clear_pointer (&title, g_free);
      title = strata_chart_action_title (STRATA_CHART_CHANCES, &f.request);
      g_assert_true (g_str_has_prefix (title, c == 0 ? "over 99.9 % chance " : "Only under 0.1 % chance "));
      f.mc->probability_a_cheaper[k] = saved;
    }

  /* Without a run: the comparison of costs, never odds. */
  g_clear_pointer (&title, g_free);
  f.request.monte_carlo = NULL;
  title = strata_chart_action_title (STRATA_CHART_CHANCES, &f.request);
  g_assert_null (strstr (title != NULL ? title : "", "chance"));
  fixture_clear (&f);
}

/* A copy of @node with every uncertain number ({"value", "low", "high"})
 * made plain. */
static JsonNode *
plain_numbers (JsonNode *node)
{
  JsonNode *copy;

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node), *out;
      g_autoptr(GList) members = NULL;

      if (json_object_has_member (object, "value") && json_object_has_member (object, "low"))
        return json_node_copy (json_object_get_member (object, "value"));
      out = json_object_new ();
      members = json_object_get_members (object);
      for (GList *m = members; m != NULL; m = m->next)
        json_object_set_member (out, m->data, plain_numbers (json_object_get_member (object, m->data)));
      copy = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (copy, out);
      return copy;
    }
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node), *out = json_array_new ();

      for (guint i = 0; i < json_array_get_length (array); i++)
        json_array_add_element (out, plain_numbers (json_array_get_element (array, i)));
      copy = json_node_new (JSON_NODE_ARRAY);
      json_node_take_array (copy, out);
      return copy;
    }
  return json_node_copy (node);
}

/* A dataset without uncertain numbers: every draw is the same, so each
 * chance is 0 or 1.  The chart says so, draws no "odds turn" (a volume
 * between two of the run's would not be the break-even), and the action
 * title at a volume between two of them compares the costs there. */
static void
test_no_uncertain_numbers (void)
{
  g_autofree char *path = g_strdup_printf ("%s/data/datasets/ai-cloud-stack.strata.json",
                                           g_getenv ("STRATA_SOURCE_ROOT"));
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) boxes = NULL;
  Fixture f;
  guint turn = G_MAXUINT, subtitle = 0;

  g_assert_true (json_parser_load_from_file (parser, path, &error));
  root = plain_numbers (json_parser_get_root (parser));
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);

  memset (&f, 0, sizeof f);
  f.dataset = strata_dataset_load_data (text, strlen (text), "plain.strata.json", &error);
  g_assert_no_error (error);
  fixture_run (&f, 50);
  g_assert_cmpuint (f.mc->n_uncertain, ==, 0);

  boxes = strata_chart_layout_text_boxes (STRATA_CHART_CHANCES, &f.request, 1600, 900);
  for (guint i = 0; i < boxes->len; i++)
    {
      const StrataChartTextBox *b = &g_array_index (boxes, StrataChartTextBox, i);

      g_assert_cmpstr (b->key, !=, "chances:turn");
      subtitle += g_str_has_prefix (b->text, "No uncertain number moves the unit costs: ");
    }
  g_assert_cmpuint (subtitle, ==, 1);

  /* Where A against B changes, and a volume inside that step of the run. */
  for (guint k = 0; k + 1 < f.mc->n_points && turn == G_MAXUINT; k++)
    if (f.mc->probability_a_cheaper[k] != f.mc->probability_a_cheaper[k + 1])
      turn = k;
  g_assert_cmpuint (turn, !=, G_MAXUINT);
  for (guint q = 1; q < 8; q++)
    {
      double v = f.mc->volumes[turn] * pow (f.mc->volumes[turn + 1] / f.mc->volumes[turn], q / 8.0);
      double ca = strata_strategy_cost (f.dataset, f.strategies[0], f.mc->objective, v);
      double cb = strata_strategy_cost (f.dataset, f.strategies[1], f.mc->objective, v);
      g_autofree char *title = NULL, *share = NULL, *expected = NULL;
      gboolean cheaper = strata_cost_cheaper (ca, cb);

      f.request.volume = v;
      title = strata_chart_action_title (STRATA_CHART_CHANCES, &f.request);
      share = strata_format_percent (cheaper ? 1.0 : 0.0);
      expected = g_strdup_printf ("%s%s chance ", cheaper ? "" : "Only ", share);
      if (!g_str_has_prefix (title, expected))
        g_error ("at %g: %s", v, title);
    }
  fixture_clear (&f);
}

/* The key keeps off the curves: with All integrated dearer than All
 * neutral at every volume (100 % along the top) and Optimal equal to it
 * (0 % along the bottom), the key sits between the two lines, not in the
 * top right corner over the 100 % line as it did. */
static void
test_key_clear (void)
{
  const char *text =
    "{\"format\": \"strata-stack/1\", \"title\": \"Flat\", \"unit\": \"u\", \"currency\": \"USD\","
    " \"volume\": {\"min\": 1e3, \"max\": 1e9, \"default\": 1e6},"
    " \"layers\": [{\"id\": \"parts\", \"options\": ["
    "   {\"id\": \"buy\", \"mode\": \"neutral\", \"price\": 1, \"margin\": {\"value\": 0.2, \"low\": 0.1, \"high\": 0.3}},"
    "   {\"id\": \"make\", \"mode\": \"integrated\", \"unit_cost\": 2}]}]}";
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) boxes = NULL;
  Fixture f;
  double top = NAN, bottom = NAN, line_h = 0;
  guint keys = 0;

  memset (&f, 0, sizeof f);
  f.dataset = strata_dataset_load_data (text, strlen (text), "flat.strata.json", &error);
  g_assert_no_error (error);
  fixture_run (&f, 50);

  boxes = strata_chart_layout_text_boxes (STRATA_CHART_CHANCES, &f.request, 1600, 900);
  /* The first panel's 100 % and 0 % ticks: where the two lines run. */
  for (guint i = 0; i < boxes->len; i++)
    {
      const StrataChartTextBox *b = &g_array_index (boxes, StrataChartTextBox, i);

      if (g_str_equal (b->text, "100 %") && isnan (top))
        {
          top = b->rect.y + b->rect.height / 2;
          line_h = b->rect.height;
        }
      else if (g_str_equal (b->text, "0 %") && isnan (bottom))
        bottom = b->rect.y + b->rect.height / 2;
    }
  g_assert_false (isnan (top) || isnan (bottom));
  for (guint i = 0; i < boxes->len; i++)
    {
      const StrataChartTextBox *b = &g_array_index (boxes, StrataChartTextBox, i);

      if (b->role != STRATA_TEXT_LEGEND || !g_str_has_prefix (b->text, "\xE2\x80\x94 "))
        continue;
      keys++;
      /* A line of text's height clear of either line. */
      g_assert_cmpfloat (b->rect.y, >, top + line_h);
      g_assert_cmpfloat (b->rect.y + b->rect.height, <, bottom - line_h);
    }
  g_assert_cmpuint (keys, ==, 2);
  fixture_clear (&f);
}

/* The switch points chart's CSV: a row per switch, then per number
 * without one; the first row is @points' nearest switch.  Returns the
 * rows, the header first. */
static GPtrArray *
assert_switch_csv (const char               *csv,
                   const StrataSwitchPoints *points)
{
  GPtrArray *rows = csv_rows (csv);
  const StrataSwitch *first = &g_array_index (points->switches, StrataSwitch, 0);
  const StrataSwitchField *field = &g_array_index (points->fields, StrataSwitchField, first->field);
  char **header, **row;

  g_assert_cmpuint (rows->len, ==, 1 + points->switches->len + points->robust->len);
  header = g_ptr_array_index (rows, 0);
  row = g_ptr_array_index (rows, 1);
  g_assert_cmpstr (row[column_of (header, "path")], ==, field->path);
  g_assert_cmpfloat (g_ascii_strtod (row[column_of (header, "switch")], NULL), ==, first->at);
  g_assert_cmpfloat (g_ascii_strtod (row[column_of (header, "switch / today")], NULL), ==, first->ratio);
  return rows;
}

/* One CSV line's fields, quotes undone. */
static GStrv
csv_fields (const char *line)
{
  g_autoptr(GStrvBuilder) fields = g_strv_builder_new ();
  g_autoptr(GString) f = g_string_new (NULL);
  gboolean quoted = FALSE;

  for (const char *p = line;; p++)
    {
      if (quoted && *p == '"' && p[1] == '"')
        g_string_append_c (f, *p++);
      else if (*p == '"')
        quoted = !quoted;
      else if ((*p == ',' && !quoted) || *p == '\0')
        {
          g_strv_builder_add (fields, f->str);
          g_string_truncate (f, 0);
          if (*p == '\0')
            break;
        }
      else
        g_string_append_c (f, *p);
    }
  return g_strv_builder_end (fields);
}

/* The tornado's data names each number by the field path of MODEL.md 7,
 * as the switch points' data and every command that edits a dataset do
 * (it gave the JSON path, "layers[0].options[1].fixed_cost", so the two
 * tables could not be joined), and a number that moves nothing says why
 * (MODEL.md 6). */
static void
test_tornado_csv (void)
{
  g_autoptr(StrataDataset) dataset = load_sample ("ai-cloud-stack");
  g_autofree const StrataStrategy **strategies = NULL;
  g_autoptr(StrataSwitchPoints) points = NULL;
  g_autofree char *csv = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) header = NULL;
  StrataChartRequest request = { 0 };
  guint n, n_rows = 0, n_still = 0;
  int path, swing, why;

  strategies = strata_chart_default_strategies (dataset, &n);
  request.dataset = dataset;
  request.strategies = strategies;
  request.n_strategies = n;
  request.volume = 1e10;
  points = strata_switch_points_find (dataset, request.volume, STRATA_OBJECTIVE_EFFECTIVE,
                                      NULL, NULL, NULL);
  csv = strata_chart_data_csv (STRATA_CHART_TORNADO, &request);
  lines = g_strsplit (csv, "\n", -1);
  header = csv_fields (lines[0]);
  path = column_of (header, "path");
  why = column_of (header, "moves nothing because");
  swing = g_strv_length (header) - 2;
  g_assert_cmpint (path, >=, 0);
  g_assert_cmpint (why, ==, (int) g_strv_length (header) - 1);
  g_assert_true (g_str_has_prefix (header[swing], "swing"));
  for (guint l = 1; lines[l] != NULL; l++)
    {
      g_auto(GStrv) row = NULL;
      gboolean known = FALSE;

      if (lines[l][0] == '\0')
        continue;
      row = csv_fields (lines[l]);
      g_assert_cmpuint (g_strv_length (row), ==, g_strv_length (header));
      g_assert_null (strchr (row[path], '['));
      for (guint f = 0; f < points->fields->len && !known; f++)
        known = g_str_equal (g_array_index (points->fields, StrataSwitchField, f).path, row[path]);
      if (!known)
        g_test_message ("%s is not a field path of the switch points", row[path]);
      g_assert_true (known);
      if (g_ascii_strtod (row[swing], NULL) == 0)
        {
          n_still++;
          g_assert_cmpstr (row[why], !=, "");
        }
      else
        g_assert_cmpstr (row[why], ==, "");
      n_rows++;
    }
  g_assert_cmpuint (n_rows, >, 10);
  g_assert_cmpuint (n_still, >, 0);
}

/* The switch points chart: its CSV has one row per switch (nearest
 * first, the core's figures) then one per robust number; its action
 * title names the nearest switch; it exports in every theme. */
static void
test_switchpoints_chart (void)
{
  g_autoptr(StrataDataset) dataset = load_sample ("ai-cloud-stack");
  g_autofree const StrataStrategy **strategies = NULL;
  g_autoptr(StrataSwitchPoints) points = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *csv = NULL, *title = NULL, *then = NULL;
  const StrataSwitch *first;
  StrataChartRequest request = { 0 };
  guint n;

  strategies = strata_chart_default_strategies (dataset, &n);
  request.dataset = dataset;
  request.strategies = strategies;
  request.n_strategies = n;
  request.volume = 1e10;
  points = strata_switch_points_find (dataset, request.volume, STRATA_OBJECTIVE_EFFECTIVE,
                                      NULL, NULL, NULL);
  g_assert_nonnull (points);
  g_assert_cmpuint (points->switches->len, >, 0);
  first = &g_array_index (points->switches, StrataSwitch, 0);

  csv = strata_chart_data_csv (STRATA_CHART_SWITCHPOINTS, &request);
  rows = assert_switch_csv (csv, points);

  title = strata_chart_action_title (STRATA_CHART_SWITCHPOINTS, &request);
  g_assert_nonnull (title);
  /* The nearest switch in the words of the app's list and the CLI's
   * table: what the optimum does then, not only that it changes. */
  {
    g_autofree char *sentence = strata_switch_sentence (dataset, points, first);

    g_assert_cmpstr (title, ==, sentence);
    g_assert_true (g_str_has_prefix (title, "The optimum buys ") ||
                   g_str_has_prefix (title, "The optimum integrates "));
  }
  then = g_strdup_printf ("%s", first->at < first->value ? "falls below" : "rises above");
  g_assert_nonnull (strstr (title, then));

  for (guint t = 0; t < STRATA_N_THEMES; t++)
    {
      g_autoptr(GBytes) png = NULL;
      g_autoptr(GError) error = NULL;
      StrataExportOptions options;

      request.theme = t;
      strata_export_options_init (&options, STRATA_EXPORT_PNG, t);
      options.width = 1280;
      options.height = 720;
      png = strata_chart_render (STRATA_CHART_SWITCHPOINTS, &request, &options, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (g_bytes_get_size (png), >, 10000);
    }
}

static void
record_progress (double   fraction,
                 gpointer data)
{
  g_array_append_val ((GArray *) data, fraction);
}

/* The switch points of a chart run as the chart job under way runs them
 * (strata_switch_points_find_full with the job's cancellable): progress
 * told up to the whole; a cancelled job gets no switch points (the CSV
 * is its header alone) and the next drawing, not cancelled, all of them. */
static void
test_switchpoints_job (void)
{
  g_autoptr(StrataDataset) dataset = load_sample ("ai-cloud-stack");
  g_autofree const StrataStrategy **strategies = NULL;
  g_autoptr(StrataSwitchPoints) points = NULL;
  g_autoptr(GCancellable) live = g_cancellable_new ();
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  g_autoptr(GArray) fractions = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *csv = NULL;
  StrataChartRequest request = { 0 };
  guint n, want;

  strategies = strata_chart_default_strategies (dataset, &n);
  request.dataset = dataset;
  request.strategies = strategies;
  request.n_strategies = n;
  request.volume = 1e10;
  points = strata_switch_points_find_full (dataset, request.volume, STRATA_OBJECTIVE_EFFECTIVE,
                                           NULL, NULL, NULL, NULL, NULL, NULL);
  g_assert_nonnull (points);
  want = 1 + points->switches->len + points->robust->len;
  g_assert_cmpuint (want, >, 2);

  strata_chart_job_begin (live, record_progress, fractions);
  csv = strata_chart_data_csv (STRATA_CHART_SWITCHPOINTS, &request);
  strata_chart_job_end ();
  rows = csv_rows (csv);
  g_assert_cmpuint (rows->len, ==, want);
  g_assert_cmpuint (fractions->len, >, 0);
  g_assert_cmpfloat (g_array_index (fractions, double, fractions->len - 1), ==, 1.0);
  g_clear_pointer (&rows, g_ptr_array_unref);
  g_clear_pointer (&csv, g_free);

  g_cancellable_cancel (cancelled);
  strata_chart_job_begin (cancelled, NULL, NULL);
  csv = strata_chart_data_csv (STRATA_CHART_SWITCHPOINTS, &request);
  strata_chart_job_end ();
  rows = csv_rows (csv);
  g_assert_cmpuint (rows->len, ==, 1);
  g_clear_pointer (&rows, g_ptr_array_unref);
  g_clear_pointer (&csv, g_free);

  csv = strata_chart_data_csv (STRATA_CHART_SWITCHPOINTS, &request);
  rows = csv_rows (csv);
  g_assert_cmpuint (rows->len, ==, want);
}

/* The gap and the break-even: the chart follows which of the first two
 * strategies is cheaper, as the app's list does (strata_switch_points_find
 * with the pair), in the deck and in `strata-cli export --chart
 * switchpoints --outcome gap`.  It showed the optimum's switches. */
static void
test_switchpoints_pair (void)
{
  g_autoptr(StrataDataset) dataset = load_sample ("ai-cloud-stack");
  const StrataStrategy *pair[2];
  g_autofree char *dir = g_dir_make_tmp ("strata-switch-pair-XXXXXX", NULL);
  g_autofree char *file = g_strdup_printf ("%s/data/datasets/ai-cloud-stack.strata.json",
                                           g_getenv ("STRATA_SOURCE_ROOT"));
  g_autofree char *out = g_build_filename (dir, "pair.csv", NULL);
  g_autofree char *written = NULL, *expected_csv = NULL;
  const char *ok[] = { "export", file, "--chart", "switchpoints", "--outcome", "gap", "--strategy", "all-neutral",
                       "--strategy", "all-integrated", "--volume", "1e10", "--data", "-o", out, NULL };
  const char *bad[] = { "export", file, "--chart", "switchpoints", "--outcome", "breakeven", "--strategy",
                        "all-neutral", "-o", out, NULL };
  StrataTornadoOutcome outcomes[] = { STRATA_TORNADO_GAP, STRATA_TORNADO_BREAKEVEN };

  pair[0] = strata_dataset_find_strategy (dataset, "all-neutral");
  pair[1] = strata_dataset_find_strategy (dataset, "all-integrated");
  g_assert_nonnull (pair[0]);
  g_assert_nonnull (pair[1]);
  for (guint o = 0; o < G_N_ELEMENTS (outcomes); o++)
    {
      g_autoptr(StrataSwitchPoints) points = NULL;
      g_autoptr(GPtrArray) rows = NULL;
      g_autoptr(GArray) boxes = NULL;
      g_autofree char *csv = NULL, *title = NULL, *sentence = NULL, *change = NULL;
      gboolean subtitle = FALSE;
      StrataChartRequest request = { 0 };
      const StrataSwitch *first;

      request.dataset = dataset;
      request.strategies = pair;
      request.n_strategies = 2;
      request.volume = 1e10;
      request.outcome = outcomes[o];
      points = strata_switch_points_find (dataset, request.volume, STRATA_OBJECTIVE_EFFECTIVE,
                                          pair[0], pair[1], NULL);
      g_assert_nonnull (points);
      g_assert_cmpuint (points->switches->len, >, 0);
      first = &g_array_index (points->switches, StrataSwitch, 0);

      csv = strata_chart_data_csv (STRATA_CHART_SWITCHPOINTS, &request);
      rows = assert_switch_csv (csv, points);
      {
        char **header = g_ptr_array_index (rows, 0);
        char **row = g_ptr_array_index (rows, 1);

        change = strata_switch_change_text (dataset, points, first);
        g_assert_cmpstr (row[column_of (header, "change")], ==, change);
        g_assert_nonnull (strstr (change, " cheaper than "));
      }
      if (o == 0)
        expected_csv = g_strdup (csv);

      title = strata_chart_action_title (STRATA_CHART_SWITCHPOINTS, &request);
      sentence = strata_switch_sentence (dataset, points, first);
      g_assert_cmpstr (title, ==, sentence);

      boxes = strata_chart_layout_text_boxes (STRATA_CHART_SWITCHPOINTS, &request, 1920, 1080);
      for (guint i = 0; i < boxes->len; i++)
        subtitle |= g_str_has_prefix (g_array_index (boxes, StrataChartTextBox, i).text,
                                      "Switch points of which of All neutral and All integrated is cheaper at");
      g_assert_true (subtitle);
    }

  g_assert_cmpint (run_cli (ok), ==, 0);
  g_assert_true (g_file_get_contents (out, &written, NULL, NULL));
  g_assert_cmpstr (written, ==, expected_csv);
  g_unlink (out);
  g_assert_cmpint (run_cli (bad), ==, 2);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/chart-chances/chances-csv", test_chances_csv);
  g_test_add_func ("/chart-chances/bands-csv", test_bands_csv);
  g_test_add_func ("/chart-chances/chances-numbers", test_chances_numbers);
  g_test_add_func ("/chart-chances/percentile-labels", test_percentile_labels);
  g_test_add_func ("/chart-chances/no-monte-carlo", test_no_monte_carlo);
  g_test_add_func ("/chart-chances/bands-drawn", test_bands_drawn);
  g_test_add_func ("/chart-chances/cli", test_cli);
  g_test_add_func ("/chart-chances/action-title", test_action_title);
  g_test_add_func ("/chart-chances/no-uncertain-numbers", test_no_uncertain_numbers);
  g_test_add_func ("/chart/chances/key-clear", test_key_clear);
  g_test_add_func ("/chart-chances/switchpoints", test_switchpoints_chart);
  g_test_add_func ("/chart-chances/tornado-csv", test_tornado_csv);
  g_test_add_func ("/chart-chances/switchpoints-job", test_switchpoints_job);
  g_test_add_func ("/chart-chances/switchpoints-pair", test_switchpoints_pair);
  g_test_add_func ("/chart-chances/layer-rows", test_layer_rows);
  g_test_add_func ("/chart-chances/layer-rows-seamless", test_layer_rows_seamless);
  g_test_add_func ("/chart-chances/turn-labels-apart", test_turn_labels_apart);
  g_test_add_func ("/chart-chances/percentiles-equal", test_percentiles_equal);

  return g_test_run ();
}

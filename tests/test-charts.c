/* test-charts.c: the charts library and strata-cli export
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"
#include "strata-test-cli.h"

#include <math.h>
#include <string.h>
#include <sys/wait.h>

#include <glib/gstdio.h>
#include <cairo.h>

#include <strata/strata-chart.h>
#include <strata/strata-export.h>
#include <strata/strata-model.h>
#include <strata/strata-format.h>
#include <strata/strata-uncertainty.h>

/* The charts every dataset has (drawn for hand-made datasets too). */
static const StrataChartKind all_kinds[] = {
  STRATA_CHART_COST_CURVES, STRATA_CHART_VALUE_CHAIN, STRATA_CHART_COMPARE, STRATA_CHART_LADDER,
  STRATA_CHART_TORNADO,
};
G_STATIC_ASSERT (G_N_ELEMENTS (all_kinds) == STRATA_N_CHARTS);

/* Every chart, with the roadmap (the samples have a horizon) and Chances
 * (a Monte Carlo attached by req_attach_mc ()). */
static const StrataChartKind every_kind[] = {
  STRATA_CHART_COST_CURVES, STRATA_CHART_VALUE_CHAIN, STRATA_CHART_COMPARE, STRATA_CHART_LADDER,
  STRATA_CHART_TORNADO, STRATA_CHART_ROADMAP, STRATA_CHART_CHANCES, STRATA_CHART_SWITCHPOINTS,
};
G_STATIC_ASSERT (G_N_ELEMENTS (every_kind) == STRATA_CHART_SWITCHPOINTS + 1);

/* -- building datasets by hand ------------------------------------------------ */

static StrataNumber
num (double value)
{
  return (StrataNumber) { value, value, value, FALSE };
}

/* @n_layers layers, each with a neutral and an integrated option; names
 * made from @name_stem (repeated up to @name_len characters when > 0). */
static StrataDataset *
make_dataset (guint       n_layers,
              const char *name_stem,
              guint       name_len,
              gboolean    with_links,
              guint       n_own)
{
  StrataDataset *dataset = strata_dataset_new ();

  dataset->title = g_strdup (name_stem != NULL ? name_stem : "Hand-built stack");
  dataset->unit = g_strdup ("1M tokens");
  dataset->currency = g_strdup ("USD");
  dataset->has_price = TRUE;
  dataset->price = 4.0;
  dataset->volume_min = 1e6;
  dataset->volume_max = 1e12;
  dataset->volume_default = 1e9;
  dataset->boundary_cost = 0.01;
  dataset->n_layers = n_layers;
  dataset->layers = g_new0 (StrataLayer, n_layers);

  for (guint l = 0; l < n_layers; l++)
    {
      StrataLayer *layer = &dataset->layers[l];
      StrataOption *o;

      layer->id = g_strdup_printf ("layer%u", l);
      if (name_stem != NULL)
        {
          GString *name = g_string_new (NULL);

          g_string_append_printf (name, "%u ", l);
          while (name_len > 0 && g_utf8_strlen (name->str, -1) < (glong) name_len)
            g_string_append (name, name_stem);
          if (name_len == 0)
            g_string_append (name, name_stem);
          layer->name = g_string_free (name, FALSE);
        }
      layer->n_options = 2;
      layer->options = g_new0 (StrataOption, 2);

      o = &layer->options[0];
      o->id = g_strdup ("buy");
      o->name = layer->name != NULL ? g_strdup (layer->name) : NULL;
      o->mode = STRATA_MODE_NEUTRAL;
      o->supplier_cost = num (0.1 + 0.01 * l);
      o->margin = num (0.5);
      o->fixed_cost = num (1e6);
      o->ecosystem_value = num (0.01);
      o->latency_ms = num (10 + l);

      o = &layer->options[1];
      o->id = g_strdup ("build");
      o->mode = STRATA_MODE_INTEGRATED;
      o->unit_cost = num (0.12);
      o->learning_rate = num (0.2);
      o->reference_volume = num (1e6);
      o->floor_cost = num (0.01);
      o->fixed_cost = num (5e7 * (1 + l % 3));
      o->latency_ms = num (5);
    }

  if (with_links && n_layers >= 2)
    {
      dataset->n_links = 2;
      dataset->links = g_new0 (StrataLink, 2);
      dataset->links[0] = (StrataLink) { 0, 1, num (0.2), NULL, NULL, NULL };
      dataset->links[1] = (StrataLink) { 1, 0, num (0.1), NULL, NULL, NULL };
    }

  if (n_own > 0)
    {
      dataset->n_strategies = n_own;
      dataset->strategies = g_new0 (StrataStrategy, n_own);
      dataset->strategies[0].id = g_strdup ("hybrid");
      dataset->strategies[0].name = name_stem != NULL ? g_strdup (dataset->layers[0].name)
                                                      : g_strdup ("Hybrid");
      dataset->strategies[0].choices = g_new0 (guint, n_layers);
      dataset->strategies[0].choices[0] = 1;   /* bottom layer built */
      /* More: layer k % n_layers built, the others bought. */
      for (guint k = 1; k < n_own; k++)
        {
          dataset->strategies[k].id = g_strdup_printf ("s%u", k);
          dataset->strategies[k].name = g_strdup_printf ("Strategy %u", k);
          dataset->strategies[k].choices = g_new0 (guint, n_layers);
          dataset->strategies[k].choices[k % n_layers] = 1;
        }
    }

  strata_dataset_finish (dataset);
  return dataset;
}

typedef struct
{
  StrataChartRequest    request;
  const StrataStrategy **strategies;
  StrataMonteCarlo     *mc;
} Req;

static void
req_init (Req           *req,
          StrataDataset *dataset,
          StrataTheme    theme)
{
  memset (req, 0, sizeof *req);
  req->strategies = strata_chart_default_strategies (dataset, &req->request.n_strategies);
  req->request.dataset = dataset;
  req->request.strategies = req->strategies;
  req->request.volume = dataset->volume_default;
  req->request.theme = theme;
}

static void
req_clear (Req *req)
{
  g_clear_pointer (&req->mc, strata_monte_carlo_free);
  g_clear_pointer (&req->strategies, g_free);
}

/* The Chances chart draws a Monte Carlo the caller ran: a small one. */
static void
req_attach_mc (Req             *req,
               StrataChartKind  kind)
{
  g_autoptr(GError) error = NULL;
  StrataMonteCarloParams params;

  if (kind != STRATA_CHART_CHANCES || req->request.n_strategies < 2)
    return;
  strata_monte_carlo_params_init (&params, req->request.dataset);
  params.n_draws = 200;
  params.n_points = 24;
  params.strategies = req->strategies;
  params.n_strategies = req->request.n_strategies;
  params.a = req->strategies[0];
  params.b = req->strategies[1];
  req->mc = strata_monte_carlo_run (req->request.dataset, &params, NULL, &error);
  g_assert_no_error (error);
  req->request.monte_carlo = req->mc;
}

static void check_no_overlap (StrataChartKind           kind,
                              const StrataChartRequest *request,
                              double                    width,
                              double                    height,
                              guint                     min_boxes);

/* -- names ---------------------------------------------------------------------- */

static void
test_names (void)
{
  StrataChartKind kind;
  StrataTheme theme;
  StrataExportFormat format;

  for (guint i = 0; i < STRATA_N_CHARTS; i++)
    {
      g_assert_true (strata_chart_kind_from_string (strata_chart_kind_to_string (i), &kind));
      g_assert_cmpint (kind, ==, i);
    }
  g_assert_cmpstr (strata_chart_kind_to_string (STRATA_CHART_COST_CURVES), ==, "cost-curves");
  g_assert_cmpstr (strata_chart_kind_to_string (STRATA_CHART_VALUE_CHAIN), ==, "value-chain");
  g_assert_true (strata_chart_kind_from_string ("tornado", &kind));
  g_assert_cmpint (kind, ==, STRATA_CHART_TORNADO);
  g_assert_false (strata_chart_kind_from_string ("pie", &kind));
  g_assert_false (strata_chart_kind_from_string (NULL, &kind));
  for (guint i = 0; i < STRATA_N_THEMES; i++)
    {
      g_assert_true (strata_theme_from_string (strata_theme_to_string (i), &theme));
      g_assert_cmpint (theme, ==, i);
    }
  g_assert_false (strata_theme_from_string ("Light", &theme));
  g_assert_true (strata_export_format_from_string ("pdf", &format));
  g_assert_cmpint (format, ==, STRATA_EXPORT_PDF);
  g_assert_false (strata_export_format_from_string ("jpeg", &format));
}

/* The GLib enum types (strata-types.h) name each value as the CLI and the
 * files do, and know every chart, theme and format. */
static void
test_enum_types (void)
{
  g_autoptr(GEnumClass) kinds = g_type_class_ref (STRATA_TYPE_CHART_KIND);
  g_autoptr(GEnumClass) themes = g_type_class_ref (STRATA_TYPE_THEME);
  g_autoptr(GEnumClass) formats = g_type_class_ref (STRATA_TYPE_EXPORT_FORMAT);
  guint n_kinds = 0;

  for (guint i = 0; i < kinds->n_values; i++)
    {
      const GEnumValue *value = &kinds->values[i];

      g_assert_cmpstr (value->value_nick, ==, strata_chart_kind_to_string (value->value));
      n_kinds++;
    }
  g_assert_cmpuint (n_kinds, >, STRATA_CHART_CHANCES);
  g_assert_cmpuint (themes->n_values, ==, STRATA_N_THEMES);
  for (guint i = 0; i < themes->n_values; i++)
    g_assert_cmpstr (themes->values[i].value_nick, ==, strata_theme_to_string (themes->values[i].value));
  g_assert_cmpuint (formats->n_values, ==, 3);
  for (guint i = 0; i < formats->n_values; i++)
    g_assert_cmpstr (formats->values[i].value_nick, ==,
                     strata_export_format_to_string (formats->values[i].value));
}

static void
test_default_strategies (void)
{
  g_autoptr(StrataDataset) dataset = make_dataset (3, NULL, 0, FALSE, 1);
  g_autofree const StrataStrategy **strategies = NULL;
  guint n = 0;

  strategies = strata_chart_default_strategies (dataset, &n);
  g_assert_cmpuint (n, ==, 4);
  g_assert_cmpstr (strategies[0]->id, ==, "all-neutral");
  g_assert_cmpstr (strategies[1]->id, ==, "all-integrated");
  g_assert_cmpstr (strategies[2]->id, ==, "hybrid");
  g_assert_cmpstr (strategies[3]->id, ==, "optimal");
}

/* A dataset of many strategies: the presets and its first ones, the set
 * the app compares on opening it, so the chart stays readable. */
static void
test_default_strategies_many (void)
{
  g_autoptr(StrataDataset) dataset = make_dataset (3, NULL, 0, FALSE, 40);
  g_autofree const StrataStrategy **strategies = NULL;
  guint n = 0;

  g_assert_cmpuint (dataset->n_strategies, ==, 43);
  strategies = strata_chart_default_strategies (dataset, &n);
  g_assert_cmpuint (n, ==, STRATA_DEFAULT_COMPARED);
  g_assert_cmpstr (strategies[0]->id, ==, "all-neutral");
  g_assert_cmpstr (strategies[1]->id, ==, "all-integrated");
  g_assert_cmpstr (strategies[2]->id, ==, "hybrid");
  g_assert_cmpstr (strategies[3]->id, ==, "s1");
  g_assert_cmpstr (strategies[4]->id, ==, "s2");
  g_assert_cmpstr (strategies[5]->id, ==, "optimal");
  g_assert_null (strategies[6]);
}

/* The cost curves of more strategies than end labels fit: the curves
 * left without one are named under the axis ("and N more" for the rest),
 * so every curve is accounted for; with the default set, no note. */
static guint
unlabelled_count (GArray *boxes)
{
  const char *prefix = "Not labelled at this size: ";
  guint count = 0;

  for (guint i = 0; i < boxes->len; i++)
    {
      const char *text = g_array_index (boxes, StrataChartTextBox, i).text;
      g_auto(GStrv) names = NULL;
      const char *more;

      if (!g_str_has_prefix (text, prefix))
        continue;
      g_assert_cmpuint (count, ==, 0);
      names = g_strsplit (text + strlen (prefix), ", ", -1);
      count = g_strv_length (names);
      more = strstr (names[count - 1], " and ");
      if (more != NULL)
        count += (guint) g_ascii_strtoull (more + 5, NULL, 10);
      g_assert_cmpuint (count, >, 0);
    }
  return count;
}

static void
test_cost_curves_unlabelled (void)
{
  g_autoptr(StrataDataset) dataset = make_dataset (3, NULL, 0, FALSE, 40);
  g_autofree const StrataStrategy **defaults = NULL;
  g_autofree const StrataStrategy **all = g_new0 (const StrataStrategy *, dataset->n_strategies);
  StrataChartRequest request = { 0 };
  guint n_defaults = 0;

  for (guint i = 0; i < dataset->n_strategies; i++)
    all[i] = &dataset->strategies[i];
  defaults = strata_chart_default_strategies (dataset, &n_defaults);
  request.dataset = dataset;
  request.volume = dataset->volume_default;
  for (int pass = 0; pass < 2; pass++)
    {
      g_autoptr(GArray) boxes = NULL;
      guint labelled = 0, unlabelled;

      request.strategies = pass == 0 ? defaults : all;
      request.n_strategies = pass == 0 ? n_defaults : dataset->n_strategies;
      boxes = strata_chart_layout_text_boxes (STRATA_CHART_COST_CURVES, &request, 1280, 720);
      for (guint s = 0; s < request.n_strategies; s++)
        for (guint i = 0; i < boxes->len; i++)
          if (g_str_equal (g_array_index (boxes, StrataChartTextBox, i).text, request.strategies[s]->name))
            {
              labelled++;
              break;
            }
      unlabelled = unlabelled_count (boxes);
      if (pass == 0)
        g_assert_cmpuint (unlabelled, ==, 0);
      else
        g_assert_cmpuint (unlabelled, >, 0);
      g_assert_cmpuint (labelled + unlabelled, ==, request.n_strategies);
    }
}

/* -- files --------------------------------------------------------------------- */

static char *
tmp_path (const char *name)
{
  static char *dir = NULL;

  if (dir == NULL)
    {
      g_autoptr(GError) error = NULL;

      dir = g_dir_make_tmp ("strata-charts-XXXXXX", &error);
      g_assert_no_error (error);
    }
  return g_build_filename (dir, name, NULL);
}

static void
png_size (const char *path,
          int        *width,
          int        *height)
{
  cairo_surface_t *surface = cairo_image_surface_create_from_png (path);

  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  *width = cairo_image_surface_get_width (surface);
  *height = cairo_image_surface_get_height (surface);
  cairo_surface_destroy (surface);
}

typedef struct
{
  gboolean seen_svg;
  double   width;
  double   height;
  int      depth;
} SvgInfo;

static void
svg_start (GMarkupParseContext  *context,
           const char           *element,
           const char          **names,
           const char          **values,
           gpointer              data,
           GError              **error)
{
  SvgInfo *info = data;

  if (info->depth++ == 0 && strcmp (element, "svg") == 0)
    {
      info->seen_svg = TRUE;
      for (guint i = 0; names[i] != NULL; i++)
        {
          /* "1000px": a number of pixels */
          if (strcmp (names[i], "width") == 0)
            info->width = g_ascii_strtod (values[i], NULL);
          else if (strcmp (names[i], "height") == 0)
            info->height = g_ascii_strtod (values[i], NULL);
        }
    }
}

static void
svg_end (GMarkupParseContext  *context,
         const char           *element,
         gpointer              data,
         GError              **error)
{
  ((SvgInfo *) data)->depth--;
}

static void
check_svg (const char *path,
           double      width,
           double      height)
{
  static const GMarkupParser parser = { svg_start, svg_end, NULL, NULL, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  GMarkupParseContext *context;
  SvgInfo info = { 0 };
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  context = g_markup_parse_context_new (&parser, 0, &info, NULL);
  g_assert_true (g_markup_parse_context_parse (context, contents, length, &error));
  g_assert_no_error (error);
  g_assert_true (g_markup_parse_context_end_parse (context, &error));
  g_assert_no_error (error);
  g_markup_parse_context_free (context);
  g_assert_true (info.seen_svg);
  g_assert_cmpint (info.depth, ==, 0);
  g_assert_true (strstr (contents, "px\"") != NULL);   /* sizes in pixels */
  g_assert_cmpfloat_with_epsilon (info.width, width, 1e-9);
  g_assert_cmpfloat_with_epsilon (info.height, height, 1e-9);
}

/* Like strstr, through NUL bytes (PDF streams are binary). */
static const char *
find_bytes (const char *haystack,
            gsize       length,
            const char *needle)
{
  gsize n = strlen (needle);

  for (gsize i = 0; n <= length && i <= length - n; i++)
    if (haystack[i] == needle[0] && memcmp (haystack + i, needle, n) == 0)
      return haystack + i;
  return NULL;
}

static void
check_pdf (const char *path,
           int         width,
           int         height)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *media = g_strdup_printf ("/MediaBox [ 0 0 %d %d ]", width, height);
  gsize length;
  guint pages = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  g_assert_true (length > 8 && memcmp (contents, "%PDF-", 5) == 0);
  g_assert_nonnull (find_bytes (contents, length, media));
  /* "/Type /Page" but not "/Type /Pages": exactly one page. */
  for (const char *p = contents; (p = find_bytes (p, length - (p - contents), "/Type /Page")) != NULL; p++)
    if (p + 11 < contents + length && p[11] != 's')
      pages++;
  g_assert_cmpuint (pages, ==, 1);
  g_assert_nonnull (find_bytes (contents, length, "%%EOF"));
}

static void
test_every_chart_format_theme (void)
{
  g_autoptr(StrataDataset) dataset = load_sample ("ai-cloud-stack.strata.json");
  static const StrataExportFormat formats[] = { STRATA_EXPORT_PNG, STRATA_EXPORT_SVG, STRATA_EXPORT_PDF };

  for (guint k = 0; k < G_N_ELEMENTS (every_kind); k++)
    for (guint t = 0; t < STRATA_N_THEMES; t++)
      for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
        {
          g_autoptr(GError) error = NULL;
          g_autofree char *name = g_strdup_printf ("%s-%s.%s", strata_chart_kind_to_string (every_kind[k]),
                                                   strata_theme_to_string (t),
                                                   strata_export_format_to_string (formats[f]));
          g_autofree char *path = tmp_path (name);
          Req req;
          int w = 960, h = 540;

          req_init (&req, dataset, t);
          req_attach_mc (&req, every_kind[k]);
          g_assert_true (strata_chart_export (every_kind[k], &req.request, formats[f], w, h, 1.0, path, &error));
          g_assert_no_error (error);
          req_clear (&req);

          switch (formats[f])
            {
            case STRATA_EXPORT_PNG:
              {
                int pw, ph;

                png_size (path, &pw, &ph);
                g_assert_cmpint (pw, ==, w);
                g_assert_cmpint (ph, ==, h);
              }
              break;
            case STRATA_EXPORT_SVG:
              check_svg (path, w, h);
              break;
            case STRATA_EXPORT_PDF:
              check_pdf (path, w, h);
              break;
            default:
              g_assert_not_reached ();
            }
          g_unlink (path);
        }
}

/* Every sample dataset the app ships, every chart and format (the themes
 * take turns): the exports succeed and have the size asked for. */
static void
test_every_sample_dataset (void)
{
  g_autofree char *dir_path = g_build_filename (g_getenv ("STRATA_SOURCE_ROOT"), "data", "datasets", NULL);
  static const StrataExportFormat formats[] = { STRATA_EXPORT_PNG, STRATA_EXPORT_SVG, STRATA_EXPORT_PDF };
  g_autoptr(GError) error = NULL;
  GDir *dir = g_dir_open (dir_path, 0, &error);
  const char *name;
  guint n_datasets = 0;
  guint turn = 0;

  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autoptr(StrataDataset) dataset = NULL;

      if (!g_str_has_suffix (name, ".strata.json"))
        continue;
      dataset = load_sample (name);
      n_datasets++;
      for (guint k = 0; k < G_N_ELEMENTS (every_kind); k++)
        for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
          {
            g_autofree char *path = tmp_path ("sample.out");
            Req req;

            req_init (&req, dataset, turn++ % STRATA_N_THEMES);
            req_attach_mc (&req, every_kind[k]);
            g_assert_true (strata_chart_export (every_kind[k], &req.request, formats[f], 800, 500, 1.0, path, &error));
            g_assert_no_error (error);
            if (formats[f] == STRATA_EXPORT_PNG)
              {
                int pw, ph;

                png_size (path, &pw, &ph);
                g_assert_cmpint (pw, ==, 800);
                g_assert_cmpint (ph, ==, 500);
              }
            else if (formats[f] == STRATA_EXPORT_SVG)
              check_svg (path, 800, 500);
            else
              check_pdf (path, 800, 500);
            check_no_overlap (every_kind[k], &req.request, 800, 500, 5);
            req_clear (&req);
            g_unlink (path);
          }
    }
  g_dir_close (dir);
  g_assert_cmpuint (n_datasets, >=, 1);
}

static void
test_png_sizes (void)
{
  g_autoptr(StrataDataset) dataset = load_sample ("retailer.strata.json");
  static const struct { int w, h; double scale; int pw, ph; } cases[] = {
    { 1920, 1080, 1.0, 1920, 1080 },
    { 800, 500, 2.0, 1600, 1000 },
    { 333, 217, 1.5, 500, 326 },
    { 16, 16, 1.0, 16, 16 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *path = tmp_path ("size.png");
      g_autoptr(GBytes) bytes = NULL;
      Req req;
      int pw, ph;

      req_init (&req, dataset, STRATA_THEME_LIGHT);
      g_assert_true (strata_chart_export (STRATA_CHART_COST_CURVES, &req.request, STRATA_EXPORT_PNG,
                                          cases[i].w, cases[i].h, cases[i].scale, path, &error));
      g_assert_no_error (error);
      png_size (path, &pw, &ph);
      g_assert_cmpint (pw, ==, cases[i].pw);
      g_assert_cmpint (ph, ==, cases[i].ph);

      bytes = strata_chart_render_png (STRATA_CHART_COMPARE, &req.request, cases[i].w, cases[i].h,
                                       cases[i].scale, &error);
      g_assert_no_error (error);
      g_assert_nonnull (bytes);
      g_assert_cmpuint (g_bytes_get_size (bytes), >, 8);
      g_assert_cmpint (memcmp (g_bytes_get_data (bytes, NULL), "\x89PNG", 4), ==, 0);
      req_clear (&req);
      g_unlink (path);
    }
}

static void
test_bad_sizes (void)
{
  g_autoptr(StrataDataset) dataset = make_dataset (2, NULL, 0, FALSE, 0);
  g_autofree char *path = tmp_path ("never.png");
  Req req;

  req_init (&req, dataset, STRATA_THEME_LIGHT);
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (strata_chart_export (STRATA_CHART_LADDER, &req.request, STRATA_EXPORT_PNG, 0, 100, 1, path, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    g_assert_nonnull (strstr (error->message, "width"));
  }
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (strata_chart_export (STRATA_CHART_LADDER, &req.request, STRATA_EXPORT_PNG, 9000, 9000, 2, path, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  }
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (strata_chart_export (STRATA_CHART_LADDER, &req.request, STRATA_EXPORT_SVG, 100, 100, NAN, path, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  }
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  req_clear (&req);
}

/* -- pixels -------------------------------------------------------------------- */

static cairo_surface_t *
draw_image (StrataChartKind           kind,
            const StrataChartRequest *request,
            int                       width,
            int                       height)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_t *cr = cairo_create (surface);

  strata_chart_draw (kind, request, cr, width, height);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

static guint32
pixel (cairo_surface_t *surface,
       int              x,
       int              y)
{
  const unsigned char *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);

  guint32 value;

  memcpy (&value, data + y * stride + x * 4, sizeof value);
  return value;
}

/* Pixels within @tolerance of opaque @rgb inside the rectangle. */
static guint
count_color (cairo_surface_t *surface,
             guint32          rgb,
             int              x0,
             int              y0,
             int              x1,
             int              y1,
             int              tolerance)
{
  guint n = 0;

  for (int y = y0; y < y1; y++)
    for (int x = x0; x < x1; x++)
      {
        guint32 p = pixel (surface, x, y);

        if ((p >> 24) == 0xff &&
            ABS ((int) ((p >> 16) & 0xff) - (int) ((rgb >> 16) & 0xff)) <= tolerance &&
            ABS ((int) ((p >> 8) & 0xff) - (int) ((rgb >> 8) & 0xff)) <= tolerance &&
            ABS ((int) (p & 0xff) - (int) (rgb & 0xff)) <= tolerance)
          n++;
      }
  return n;
}

static void
test_strategy_colours (void)
{
  g_autoptr(StrataDataset) dataset = make_dataset (3, NULL, 0, TRUE, 1);
  const StrataStrategy *strategies[3];
  StrataChartRequest request = { 0 };
  /* all-neutral, all-integrated, the first dataset strategy (Okabe-Ito) */
  static const guint32 colors[] = { 0x0072B2, 0xD55E00, 0xCC79A7 };
  cairo_surface_t *surface;
  int w = 1920, h = 1080;

  strategies[0] = strata_dataset_find_strategy (dataset, "all-neutral");
  strategies[1] = strata_dataset_find_strategy (dataset, "all-integrated");
  strategies[2] = strata_dataset_find_strategy (dataset, "hybrid");
  request.dataset = dataset;
  request.strategies = strategies;
  request.n_strategies = 3;
  request.volume = dataset->volume_default;

  for (guint t = 0; t < STRATA_N_THEMES; t++)
    {
      request.theme = t;
      surface = draw_image (STRATA_CHART_COST_CURVES, &request, w, h);
      /* The plot area: clear of the title, the axes and the end labels. */
      for (guint i = 0; i < G_N_ELEMENTS (colors); i++)
        g_assert_cmpuint (count_color (surface, colors[i], w * 0.1, h * 0.15, w * 0.7, h * 0.85, 8), >, 200);
      cairo_surface_destroy (surface);
    }

  /* The value chain uses the mode colours: all-integrated is vermillion. */
  request.current = 1;
  request.theme = STRATA_THEME_LIGHT;
  surface = draw_image (STRATA_CHART_VALUE_CHAIN, &request, w, h);
  g_assert_cmpuint (count_color (surface, 0xD55E00, 0, 0, w, h, 4), >, 10000);
  g_assert_cmpuint (count_color (surface, 0x0072B2, w * 0.1, h * 0.1, w * 0.9, h * 0.9, 4), <, 100);
  cairo_surface_destroy (surface);
}

static void
test_transparent (void)
{
  g_autoptr(StrataDataset) dataset = load_sample ("consumer-devices.strata.json");

  for (guint k = 0; k < G_N_ELEMENTS (all_kinds); k++)
    for (guint transparent = 0; transparent < 2; transparent++)
      {
        g_autoptr(GError) error = NULL;
        g_autofree char *path = tmp_path ("transparent.png");
        cairo_surface_t *surface;
        int w, h;
        Req req;

        req_init (&req, dataset, STRATA_THEME_DARK);
        req.request.transparent = transparent;
        g_assert_true (strata_chart_export (all_kinds[k], &req.request, STRATA_EXPORT_PNG, 640, 400, 1, path, &error));
        g_assert_no_error (error);
        req_clear (&req);

        surface = cairo_image_surface_create_from_png (path);
        w = cairo_image_surface_get_width (surface);
        h = cairo_image_surface_get_height (surface);
        g_assert_cmpint (cairo_image_surface_get_format (surface), ==,
                         transparent ? CAIRO_FORMAT_ARGB32 : CAIRO_FORMAT_RGB24);
        if (transparent)
          {
            g_assert_cmpuint (pixel (surface, 0, 0) >> 24, ==, 0);
            g_assert_cmpuint (pixel (surface, w - 1, 0) >> 24, ==, 0);
            g_assert_cmpuint (pixel (surface, 0, h - 1) >> 24, ==, 0);
            g_assert_cmpuint (pixel (surface, w - 1, h - 1) >> 24, ==, 0);
          }
        else
          /* the dark theme's background */
          g_assert_cmphex (pixel (surface, 0, 0) & 0xffffff, ==, 0x1E1E23);
        cairo_surface_destroy (surface);
        g_unlink (path);
      }
}

/* -- layout ---------------------------------------------------------------------- */

static void
check_no_overlap (StrataChartKind           kind,
                  const StrataChartRequest *request,
                  double                    width,
                  double                    height,
                  guint                     min_boxes)
{
  g_autoptr(GArray) boxes = strata_chart_layout_text_boxes (kind, request, width, height);

  g_assert_nonnull (boxes);
  if (boxes->len < min_boxes)
    g_error ("%s at %gx%g placed %u texts, expected at least %u",
             strata_chart_kind_to_string (kind), width, height, boxes->len, min_boxes);
  for (guint i = 0; i < boxes->len; i++)
    {
      const StrataChartTextBox *a = &g_array_index (boxes, StrataChartTextBox, i);

      g_assert_true (isfinite (a->rect.x) && isfinite (a->rect.y));
      g_assert_cmpfloat (a->rect.width, >, 0);
      g_assert_cmpfloat (a->rect.height, >, 0);
      /* Inside the chart (half a unit of rounding either way). */
      if (a->rect.x < -0.5 || a->rect.y < -0.5 || a->rect.x + a->rect.width > width + 0.5 ||
          a->rect.y + a->rect.height > height + 0.5)
        g_error ("%s at %gx%g: \u201c%s\u201d (%g,%g %gx%g) is outside the chart",
                 strata_chart_kind_to_string (kind), width, height, a->text,
                 a->rect.x, a->rect.y, a->rect.width, a->rect.height);
      g_assert_cmpfloat (a->rect.x, >=, -0.5);
      g_assert_cmpfloat (a->rect.y, >=, -0.5);
      g_assert_cmpfloat (a->rect.x + a->rect.width, <=, width + 0.5);
      g_assert_cmpfloat (a->rect.y + a->rect.height, <=, height + 0.5);
      /* Names are cut before pango ever sees them. */
      g_assert_cmpint (g_utf8_strlen (a->text, -1), <=, STRATA_CHART_MAX_NAME_CHARS);

      for (guint j = i + 1; j < boxes->len; j++)
        {
          const StrataChartTextBox *b = &g_array_index (boxes, StrataChartTextBox, j);
          gboolean overlap = a->rect.x < b->rect.x + b->rect.width && b->rect.x < a->rect.x + a->rect.width &&
                             a->rect.y < b->rect.y + b->rect.height && b->rect.y < a->rect.y + a->rect.height;

          if (overlap)
            g_error ("%s at %gx%g: “%s” (%g,%g %gx%g) overlaps “%s” (%g,%g %gx%g)",
                     strata_chart_kind_to_string (kind), width, height,
                     a->text, a->rect.x, a->rect.y, a->rect.width, a->rect.height,
                     b->text, b->rect.x, b->rect.y, b->rect.width, b->rect.height);
        }
    }
}

static void
check_dataset_layout (StrataDataset *dataset)
{
  static const double sizes[][2] = { { 1920, 1080 }, { 800, 500 }, { 400, 300 } };

  for (guint t = 0; t < STRATA_N_THEMES; t++)
    for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
      for (guint k = 0; k < G_N_ELEMENTS (all_kinds); k++)
        {
          Req req;

          req_init (&req, dataset, t);
          check_no_overlap (all_kinds[k], &req.request, sizes[s][0], sizes[s][1], 3);
          req_clear (&req);
        }
}

static void
test_layout_one_layer (void)
{
  g_autoptr(StrataDataset) dataset = make_dataset (1, NULL, 0, FALSE, 0);

  check_dataset_layout (dataset);
}

static void
test_layout_64_layers (void)
{
  g_autoptr(StrataDataset) dataset = make_dataset (64, "Layer", 0, TRUE, 1);

  check_dataset_layout (dataset);
}

/* Hundreds of layers: rows under a pixel are drawn as a heat map of the
 * modes, named by a caption and by hovering a row, not "Too small to
 * draw" (a 1000-layer ladder never drew at 1920x1080). */
static void
test_ladder_dense (void)
{
  g_autoptr(StrataDataset) dataset = make_dataset (600, "Layer", 0, TRUE, 1);
  const double w = 1000, h = 500;
  g_autoptr(GArray) boxes = NULL;
  gboolean caption = FALSE;
  StrataHit hit;
  Req req;

  req_init (&req, dataset, STRATA_THEME_LIGHT);
  boxes = strata_chart_layout_text_boxes (STRATA_CHART_LADDER, &req.request, w, h);
  for (guint i = 0; i < boxes->len; i++)
    {
      const char *text = g_array_index (boxes, StrataChartTextBox, i).text;

      g_assert_cmpstr (text, !=, "Too small to draw");
      /* No layer's name: there is no room for 600 of them. */
      g_assert_false (g_str_has_prefix (text, "0 Layer"));
      caption |= g_str_equal (text, "600 layers, bottom first: too many to name here");
    }
  g_assert_true (caption);

  /* The bottom row is the first layer, the top row the last. */
  g_assert_true (strata_chart_hit_test (STRATA_CHART_LADDER, &req.request, w, h, w / 2, h * 0.3, &hit));
  g_assert_cmpint (hit.kind, ==, STRATA_HIT_LAYER);
  {
    guint upper = hit.layer;

    g_assert_true (strata_chart_hit_test (STRATA_CHART_LADDER, &req.request, w, h, w / 2, h * 0.7, &hit));
    g_assert_cmpint (hit.kind, ==, STRATA_HIT_LAYER);
    g_assert_cmpuint (hit.layer, <, upper);
    g_assert_cmpuint (upper, <, 600);
  }
  req_clear (&req);
}

static void
test_layout_long_names (void)
{
  g_autoptr(StrataDataset) dataset = make_dataset (5, "Extremely long layer name ", 200, TRUE, 1);
  g_autoptr(GArray) boxes = NULL;
  Req req;

  check_dataset_layout (dataset);

  /* The long names were cut with an ellipsis, not dropped. */
  req_init (&req, dataset, STRATA_THEME_LIGHT);
  boxes = strata_chart_layout_text_boxes (STRATA_CHART_LADDER, &req.request, 1920, 1080);
  {
    gboolean cut = FALSE;

    for (guint i = 0; i < boxes->len; i++)
      if (g_str_has_prefix (g_array_index (boxes, StrataChartTextBox, i).text, "0 Extremely"))
        cut = TRUE;
    g_assert_true (cut);
  }
  req_clear (&req);
}

static void
test_layout_hostile_names (void)
{
  static const char *names[] = {
    "<b>&amp; Co</b> & <i>unclosed",
    "\xD8\xB4\xD8\xB1\xD9\x83\xD8\xA9 \xD8\xA7\xD9\x84\xD8\xB1\xD9\x82\xD8\xA7\xD8\xA6\xD9\x82",   /* Arabic */
    "\xD7\xA9\xD7\x9B\xD7\x91\xD7\x94 \xD7\xA2\xD7\x9C\xD7\x99\xD7\x95\xD7\xA0\xD7\x94 mixed",     /* Hebrew + Latin */
    "Chips \xF0\x9F\x9A\x80\xF0\x9F\xA7\xA0 and \xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x92\xBB",     /* emoji, ZWJ */
    "line\nbreak\ttab\001control",
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(StrataDataset) dataset = make_dataset (3, names[i], 0, TRUE, 1);

      for (guint k = 0; k < G_N_ELEMENTS (all_kinds); k++)
        {
          cairo_surface_t *surface;
          g_autoptr(GArray) boxes = NULL;
          gboolean markup_literal = FALSE;
          Req req;

          req_init (&req, dataset, STRATA_THEME_LIGHT);
          surface = draw_image (all_kinds[k], &req.request, 800, 500);
          cairo_surface_destroy (surface);
          check_no_overlap (all_kinds[k], &req.request, 800, 500, 3);

          /* Markup is shown as typed, never interpreted. */
          boxes = strata_chart_layout_text_boxes (all_kinds[k], &req.request, 1920, 1080);
          for (guint b = 0; b < boxes->len; b++)
            {
              const char *text = g_array_index (boxes, StrataChartTextBox, b).text;

              if (strstr (text, "<b>&amp;") != NULL)
                markup_literal = TRUE;
              g_assert_null (strchr (text, '\n'));
              g_assert_true (g_utf8_validate (text, -1, NULL));
            }
          if (i == 0)
            g_assert_true (markup_literal);
          req_clear (&req);
        }
    }
}

static void
test_huge_name_is_fast (void)
{
  g_autoptr(StrataDataset) dataset = make_dataset (2, "x", 0, FALSE, 0);
  gint64 start;
  char *big;

  /* A 100 KB name would take pango tens of seconds to lay out. */
  big = g_malloc (100 * 1024 + 1);
  memset (big, 'W', 100 * 1024);
  big[100 * 1024] = '\0';
  g_free (dataset->layers[0].name);
  dataset->layers[0].name = big;
  g_free (dataset->title);
  dataset->title = g_strdup (big);

  start = g_get_monotonic_time ();
  for (guint k = 0; k < G_N_ELEMENTS (all_kinds); k++)
    {
      Req req;

      req_init (&req, dataset, STRATA_THEME_LIGHT);
      check_no_overlap (all_kinds[k], &req.request, 1920, 1080, 3);
      req_clear (&req);
    }
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
}

/* Hundreds of strategies: every chart stays fast and legible. */
static void
test_many_strategies (void)
{
  g_autoptr(StrataDataset) dataset = strata_dataset_new ();
  guint n = 300;
  gint64 start;

  dataset->title = g_strdup ("Many strategies");
  dataset->unit = g_strdup ("unit");
  dataset->currency = g_strdup ("EUR");
  dataset->volume_min = 1e3;
  dataset->volume_max = 1e9;
  dataset->volume_default = 1e6;
  dataset->n_layers = 2;
  dataset->layers = g_new0 (StrataLayer, 2);
  for (guint l = 0; l < 2; l++)
    {
      StrataLayer *layer = &dataset->layers[l];

      layer->id = g_strdup_printf ("l%u", l);
      layer->n_options = 8;
      layer->options = g_new0 (StrataOption, 8);
      for (guint o = 0; o < 8; o++)
        {
          StrataOption *option = &layer->options[o];

          option->id = g_strdup_printf ("o%u", o);
          option->mode = o % 2 ? STRATA_MODE_INTEGRATED : STRATA_MODE_NEUTRAL;
          option->supplier_cost = num (1 + o);
          option->margin = num (0.1 * (o % 5));
          option->unit_cost = num (2 + o);
          option->learning_rate = num (0.05 * (o % 4));
          option->fixed_cost = num (1e5 * o);
        }
    }
  dataset->n_strategies = n;
  dataset->strategies = g_new0 (StrataStrategy, n);
  for (guint i = 0; i < n; i++)
    {
      dataset->strategies[i].id = g_strdup_printf ("s%u", i);
      dataset->strategies[i].choices = g_new0 (guint, 2);
      dataset->strategies[i].choices[0] = i % 8;
      dataset->strategies[i].choices[1] = (i / 8) % 8;
    }
  strata_dataset_finish (dataset);

  start = g_get_monotonic_time ();
  for (guint k = 0; k < G_N_ELEMENTS (all_kinds); k++)
    {
      Req req;

      req_init (&req, dataset, STRATA_THEME_LIGHT);
      /* The default set stays readable; every strategy, asked for. */
      g_assert_cmpuint (req.request.n_strategies, ==, STRATA_DEFAULT_COMPARED);
      g_free (req.strategies);
      req.strategies = g_new0 (const StrataStrategy *, n + 3);
      for (guint i = 0; i < n + 3; i++)
        req.strategies[i] = &dataset->strategies[i];
      req.request.strategies = req.strategies;
      req.request.n_strategies = n + 3;
      check_no_overlap (all_kinds[k], &req.request, 1920, 1080, 3);
      req_clear (&req);
    }
  g_assert_cmpint (g_get_monotonic_time () - start, <, 20 * G_USEC_PER_SEC);
}

/* Numbers no real dataset has: nothing may crash or hang cairo. */
static void
test_extreme_numbers (void)
{
  g_autoptr(StrataDataset) dataset = make_dataset (3, NULL, 0, TRUE, 1);
  static const double sizes[][2] = { { 1920, 1080 }, { 60, 40 }, { 10, 10 }, { 1, 1 } };

  dataset->layers[0].options[1].fixed_cost = num (1e300);
  dataset->layers[1].options[0].supplier_cost = num (1e-300);
  dataset->layers[2].options[1].unit_cost = num (1e200);
  dataset->layers[2].options[0].ecosystem_value = num (1e6);
  dataset->volume_min = 1e-3;
  dataset->volume_max = 1e300;

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    for (guint k = 0; k < G_N_ELEMENTS (all_kinds); k++)
      for (guint log_y = 0; log_y < 2; log_y++)
        {
          cairo_surface_t *surface;
          Req req;

          req_init (&req, dataset, STRATA_THEME_SLIDE);
          req.request.log_y = log_y;
          req.request.volume = 1e150;
          surface = draw_image (all_kinds[k], &req.request, sizes[s][0], sizes[s][1]);
          cairo_surface_destroy (surface);
          req_clear (&req);
        }

  /* Sizes cairo cannot take are ignored, not drawn. */
  {
    cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 10, 10);
    cairo_t *cr = cairo_create (surface);
    Req req;

    req_init (&req, dataset, STRATA_THEME_LIGHT);
    strata_chart_draw (STRATA_CHART_COST_CURVES, &req.request, cr, NAN, 100);
    strata_chart_draw (STRATA_CHART_COST_CURVES, &req.request, cr, 1e12, 1e12);
    strata_chart_draw (STRATA_CHART_VALUE_CHAIN, &req.request, cr, -5, 100);
    g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
    req_clear (&req);
    cairo_destroy (cr);
    cairo_surface_destroy (surface);
  }
}

/* The break-evens the chart marks are the model's (MODEL.md 4): those of
 * the current strategy against each other one, each named with its pair. */
static void
test_breakeven_labels (void)
{
  g_autoptr(StrataDataset) dataset = load_sample ("ai-cloud-stack.strata.json");
  g_autoptr(GArray) boxes = NULL;
  guint expected = 0, labels = 0;
  Req req;

  req_init (&req, dataset, STRATA_THEME_LIGHT);
  boxes = strata_chart_layout_text_boxes (STRATA_CHART_COST_CURVES, &req.request, 1920, 1080);
  for (guint b = 1; b < req.request.n_strategies; b++)
    {
      const StrataStrategy *cur = req.request.strategies[0];
      const StrataStrategy *other = req.request.strategies[b];
      g_autoptr(GArray) crossings = strata_breakeven (dataset, cur, other);
      g_autofree char *key = g_strdup_printf ("breakeven:%s:%s", cur->id, other->id);

      for (guint k = 0; k < crossings->len; k++)
        {
          g_autofree char *volume = strata_format_volume (g_array_index (crossings, StrataCrossing, k).volume);
          gboolean found = FALSE;

          expected++;
          for (guint i = 0; i < boxes->len; i++)
            {
              const StrataChartTextBox *box = &g_array_index (boxes, StrataChartTextBox, i);

              if (g_strcmp0 (box->key, key) == 0 && g_str_has_prefix (box->text, volume) &&
                  strstr (box->text, cur->name) != NULL && strstr (box->text, other->name) != NULL)
                found = TRUE;
            }
          if (!found)
            g_error ("no marker names %s and %s at %s", cur->name, other->name, volume);
        }
    }
  for (guint i = 0; i < boxes->len; i++)
    if (g_str_has_prefix (g_array_index (boxes, StrataChartTextBox, i).key ?: "", "breakeven:"))
      labels++;
  g_assert_cmpuint (expected, >, 0);
  g_assert_cmpuint (labels, ==, expected);
  req_clear (&req);
}

/* -- hit testing ------------------------------------------------------------------- */

static const StrataChartTextBox *
find_box (GArray     *boxes,
          const char *text)
{
  for (guint i = 0; i < boxes->len; i++)
    if (g_strcmp0 (g_array_index (boxes, StrataChartTextBox, i).text, text) == 0)
      return &g_array_index (boxes, StrataChartTextBox, i);
  return NULL;
}

/* The app's Bands and Log Scale buttons sit over the cost curves' top
 * right: the request's title_inset keeps the title and subtitle clear of
 * them (a strategy name of 47 characters ran under them); 0 (exports)
 * leaves the whole width. */
static void
test_title_inset (void)
{
  g_autoptr(StrataDataset) dataset = load_sample ("retailer.strata.json");
  const double w = 1000, h = 700, inset = 300;
  Req req;

  g_free (dataset->strategies[0].name);
  dataset->strategies[0].name = g_strdup ("Owned brands with own logistics and marketplace");
  req_init (&req, dataset, STRATA_THEME_LIGHT);
  for (guint s = 0; s < req.request.n_strategies; s++)
    if (req.request.strategies[s] == &dataset->strategies[0])
      req.request.current = s;
  g_assert_true (req.request.strategies[req.request.current] == &dataset->strategies[0]);
  for (guint pass = 0; pass < 2; pass++)
    {
      g_autoptr(GArray) boxes = NULL;
      guint n_top = 0;
      double right = 0;

      req.request.title_inset = pass == 0 ? 0 : inset;
      boxes = strata_chart_layout_text_boxes (STRATA_CHART_COST_CURVES, &req.request, w, h);
      for (guint i = 0; i < boxes->len; i++)
        {
          const StrataChartTextBox *box = &g_array_index (boxes, StrataChartTextBox, i);

          /* The title and subtitle: the top lines (a curve's label
           * starts with the name too). */
          if (box->rect.y < h * 0.1 &&
              (g_str_has_prefix (box->text, "Owned brands with") || g_str_has_prefix (box->text, "Effective unit cost per")))
            {
              right = MAX (right, box->rect.x + box->rect.width);
              n_top++;
            }
        }
      g_assert_cmpuint (n_top, ==, 2);
      g_test_message ("title inset %g: the title and subtitle end at %g of %g", req.request.title_inset, right, w);
      if (pass == 0)
        g_assert_cmpfloat (right, >, w - inset);
      else
        g_assert_cmpfloat (right, <=, w - inset);
    }
  req_clear (&req);
}

static void
test_hit_value_chain_and_ladder (void)
{
  g_autoptr(StrataDataset) dataset = load_sample ("ai-cloud-stack.strata.json");
  double w = 1200, h = 800;
  StrataHit hit;
  Req req;

  req_init (&req, dataset, STRATA_THEME_LIGHT);

  for (guint kind = 0; kind < 2; kind++)
    {
      StrataChartKind k = kind == 0 ? STRATA_CHART_VALUE_CHAIN : STRATA_CHART_LADDER;
      g_autoptr(GArray) boxes = strata_chart_layout_text_boxes (k, &req.request, w, h);

      for (guint l = 0; l < dataset->n_layers; l++)
        {
          const StrataChartTextBox *box = find_box (boxes, dataset->layers[l].name);
          double x, y;

          g_assert_nonnull (box);
          y = box->rect.y + box->rect.height / 2;
          /* The ladder's names sit left of the grid: point into the row. */
          x = k == STRATA_CHART_LADDER ? w * 0.6 : box->rect.x + box->rect.width / 2;
          g_assert_true (strata_chart_hit_test (k, &req.request, w, h, x, y, &hit));
          g_assert_cmpint (hit.kind, ==, STRATA_HIT_LAYER);
          g_assert_cmpuint (hit.layer, ==, l);
          if (k == STRATA_CHART_LADDER)
            {
              g_assert_cmpfloat (hit.volume, >=, dataset->volume_min);
              g_assert_cmpfloat (hit.volume, <=, dataset->volume_max);
            }
        }
      /* Hover asks on every pointer motion, so the app keeps a layout and
       * asks it: it answers as a fresh hit test does, everywhere. */
      {
        g_autoptr(StrataChartLayout) layout = strata_chart_layout_new (k, &req.request, w, h);
        guint n_hits = 0;

        for (guint i = 0; i < 400; i++)
          {
            double x = w * (i % 100) / 100.0, y = h * (i % 37) / 37.0;
            StrataHit fresh, kept;
            gboolean a = strata_chart_hit_test (k, &req.request, w, h, x, y, &fresh);
            gboolean b = strata_chart_layout_hit_test (layout, x, y, &kept);

            g_assert_cmpint (a, ==, b);
            g_assert_cmpint (fresh.kind, ==, kept.kind);
            g_assert_cmpuint (fresh.layer, ==, kept.layer);
            g_assert_cmpfloat (fresh.volume, ==, kept.volume);
            n_hits += a;
          }
        g_assert_cmpuint (n_hits, >, 0);
      }
      g_assert_false (strata_chart_hit_test (k, &req.request, w, h, 2, 2, &hit));
      g_assert_cmpint (hit.kind, ==, STRATA_HIT_NONE);
      g_assert_false (strata_chart_hit_test (k, &req.request, w, h, -5, 2e9, &hit));
    }
  req_clear (&req);
}

static void
test_hit_compare (void)
{
  g_autoptr(StrataDataset) dataset = load_sample ("ai-model-lab.strata.json");
  g_autoptr(GArray) boxes = NULL;
  double w = 1600, h = 900;
  guint found = 0;
  StrataHit hit;
  Req req;

  req_init (&req, dataset, STRATA_THEME_LIGHT);
  boxes = strata_chart_layout_text_boxes (STRATA_CHART_COMPARE, &req.request, w, h);
  /* The first panel (top left) lists every strategy once. */
  for (guint i = 0; i < req.request.n_strategies; i++)
    {
      const char *name = req.request.strategies[i]->name;

      for (guint b = 0; b < boxes->len; b++)
        {
          const StrataChartTextBox *box = &g_array_index (boxes, StrataChartTextBox, b);

          if (g_strcmp0 (box->text, name) != 0)
            continue;
          g_assert_true (strata_chart_hit_test (STRATA_CHART_COMPARE, &req.request, w, h,
                                                box->rect.x + box->rect.width / 2,
                                                box->rect.y + box->rect.height / 2, &hit));
          g_assert_cmpint (hit.kind, ==, STRATA_HIT_BAR);
          g_assert_cmpuint (hit.strategy, ==, i);
          if (hit.row == 0)
            found++;
        }
    }
  g_assert_cmpuint (found, ==, req.request.n_strategies);
  req_clear (&req);
}

static void
test_hit_cost_curves (void)
{
  g_autoptr(StrataDataset) dataset = make_dataset (3, NULL, 0, FALSE, 1);
  const StrataStrategy *strategies[2];
  StrataChartRequest request = { 0 };
  static const guint32 colors[] = { 0x0072B2, 0xD55E00 };
  int w = 1200, h = 700;
  cairo_surface_t *surface;

  strategies[0] = strata_dataset_find_strategy (dataset, "all-neutral");
  strategies[1] = strata_dataset_find_strategy (dataset, "all-integrated");
  request.dataset = dataset;
  request.strategies = strategies;
  request.n_strategies = 2;
  request.volume = dataset->volume_default;
  surface = draw_image (STRATA_CHART_COST_CURVES, &request, w, h);

  for (guint i = 0; i < 2; i++)
    {
      gboolean tested = FALSE;

      /* A pixel in the middle of the line, then ask what is there. */
      for (int x = w * 0.15; x < w * 0.7 && !tested; x += 7)
        for (int y = h * 0.15; y < h * 0.85 && !tested; y++)
          if (count_color (surface, colors[i], x, y, x + 1, y + 1, 2) == 1 &&
              count_color (surface, colors[1 - i], x - 20, y - 20, x + 20, y + 20, 60) == 0)
            {
              StrataHit hit;
              double expected;

              g_assert_true (strata_chart_hit_test (STRATA_CHART_COST_CURVES, &request, w, h, x + 0.5, y + 0.5, &hit));
              g_assert_cmpint (hit.kind, ==, STRATA_HIT_CURVE);
              g_assert_cmpuint (hit.strategy, ==, i);
              expected = strata_strategy_effective_cost (dataset, strategies[i], hit.volume);
              g_assert_cmpfloat_with_epsilon (hit.value, expected, 1e-12 * MAX (1.0, fabs (expected)));
              tested = TRUE;
            }
      g_assert_true (tested);
    }
  cairo_surface_destroy (surface);
}

/* A dataset whose volume range is one volume is drawn on an axis widened
 * around it; the pointer anywhere along a curve is told that volume's
 * figures, not a cost at a volume outside the dataset's range ("Volume:
 * 381 widgets/yr" of a range 1 k to 1 k). */
static void
test_hit_single_volume (void)
{
  static const char json[] =
    "{\"format\": \"strata-stack/1\", \"title\": \"One volume\", \"unit\": \"widget\", \"currency\": \"USD\","
    " \"volume\": {\"min\": 1000, \"max\": 1000, \"default\": 1000},"
    " \"layers\": [{\"id\": \"chips\", \"name\": \"Chips\", \"options\": ["
    "  {\"id\": \"buy\", \"name\": \"Buy\", \"mode\": \"neutral\", \"supplier_cost\": 1, \"margin\": 0.2},"
    "  {\"id\": \"make\", \"name\": \"Make\", \"mode\": \"integrated\", \"unit_cost\": 0.5, \"fixed_cost\": 100}]}]}";
  g_autoptr(GError) error = NULL;
  g_autoptr(StrataDataset) dataset = strata_dataset_load_data (json, strlen (json), "one volume", &error);
  const StrataStrategy *strategies[1];
  StrataChartRequest request = { 0 };
  const int w = 900, h = 500;
  guint hits = 0;

  g_assert_no_error (error);
  strategies[0] = strata_dataset_find_strategy (dataset, "all-neutral");
  request.dataset = dataset;
  request.strategies = strategies;
  request.n_strategies = 1;
  request.volume = 1000;
  /* Along the flat All neutral line, from the axis's left end to its
   * right. */
  for (int x = 0; x < w; x += 20)
    for (int y = 0; y < h; y += 4)
      {
        StrataHit hit;

        if (!strata_chart_hit_test (STRATA_CHART_COST_CURVES, &request, w, h, x, y, &hit))
          continue;
        g_assert_cmpint (hit.kind, ==, STRATA_HIT_CURVE);
        g_assert_cmpfloat (hit.volume, ==, 1000);
        g_assert_cmpfloat_with_epsilon (hit.value, 1.25, 1e-12);
        hits++;
        break;
      }
  g_assert_cmpuint (hits, >=, 10);
}

/* -- strata-cli export ---------------------------------------------------------------- */

/* strata-cli export ARGS...: the exit status, and standard error if asked. */
static int
export_cli (const char  *const *args,
            char               **err_out)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(Run) run = { 0 };

  g_ptr_array_add (argv, (char *) "export");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  run_cli_v (&run, (const char *const *) argv->pdata);
  if (err_out != NULL)
    *err_out = g_steal_pointer (&run.err);
  return run.status;
}

static void
test_cli_export (void)
{
  g_autofree char *sample = g_build_filename (g_getenv ("STRATA_SOURCE_ROOT"), "data", "datasets",
                                              "ai-cloud-stack.strata.json", NULL);
  g_autofree char *out = tmp_path ("cli.png");
  g_autofree char *svg = tmp_path ("cli.svg");
  g_autofree char *bad = tmp_path ("bad.strata.json");
  g_autofree char *missing_dir = tmp_path ("no/such/dir/out.png");
  g_autofree char *err = NULL;
  int pw, ph;

  if (g_getenv ("STRATA_CLI") == NULL)
    {
      g_test_skip ("STRATA_CLI is not set");
      return;
    }

  g_assert_cmpint (export_cli ((const char *[]) { sample, "--chart", "cost-curves", "--format", "png",
                                               "--width", "400", "--height", "300", "--scale", "2",
                                               "--strategy", "all-integrated", "--strategy", "optimal",
                                               "--theme", "slide", "--volume", "2.5B", "-o", out, NULL }, NULL), ==, 0);
  png_size (out, &pw, &ph);
  g_assert_cmpint (pw, ==, 800);
  g_assert_cmpint (ph, ==, 600);

  g_assert_cmpint (export_cli ((const char *[]) { sample, "--chart", "ladder", "--format", "svg",
                                               "--width", "1000", "--height", "700", "-o", svg, NULL }, NULL), ==, 0);
  check_svg (svg, 1000, 700);

  /* The format follows the extension when --format is left out. */
  g_assert_cmpint (export_cli ((const char *[]) { sample, "--chart", "compare", "--transparent", "-o", out, NULL }, NULL), ==, 0);
  png_size (out, &pw, &ph);
  g_assert_cmpint (pw, ==, 1920);
  g_assert_cmpint (ph, ==, 1080);

  /* The tornado (the uncertainty work tests it further). */
  g_assert_cmpint (export_cli ((const char *[]) { sample, "--chart", "tornado", "--format", "png", "-o", out, NULL }, NULL), ==, 0);
  png_size (out, &pw, &ph);
  g_assert_cmpint (pw, ==, 1920);

  /* Wrong usage: 2. */
  g_assert_cmpint (export_cli ((const char *[]) { sample, "--chart", "pie", "-o", out, NULL }, NULL), ==, 2);
  g_assert_cmpint (export_cli ((const char *[]) { sample, "--chart", "ladder", "--format", "gif", "-o", out, NULL }, NULL), ==, 2);
  g_assert_cmpint (export_cli ((const char *[]) { sample, "--chart", "ladder", "--width", "-3", "-o", out, NULL }, NULL), ==, 2);
  g_assert_cmpint (export_cli ((const char *[]) { sample, "--chart", "ladder", "--width", "20000", "-o", out, NULL }, NULL), ==, 2);
  g_assert_cmpint (export_cli ((const char *[]) { sample, "--chart", "ladder", "--theme", "neon", "-o", out, NULL }, NULL), ==, 2);
  g_assert_cmpint (export_cli ((const char *[]) { sample, "--chart", "ladder", NULL }, NULL), ==, 2);
  g_assert_cmpint (export_cli ((const char *[]) { "--chart", "ladder", "-o", out, NULL }, NULL), ==, 2);
  g_assert_cmpint (export_cli ((const char *[]) { sample, "--chart", "cost-curves", "--volume", "1e15", "-o", out, NULL }, NULL), ==, 2);
  g_assert_cmpint (export_cli ((const char *[]) { sample, "--chart", "cost-curves", "--volume", "lots", "-o", out, NULL }, NULL), ==, 2);
  g_assert_cmpint (export_cli ((const char *[]) { sample, "--chart", "compare", "--strategy", "nope", "-o", out, NULL }, &err), ==, 2);
  g_assert_nonnull (strstr (err, "nope"));
  g_clear_pointer (&err, g_free);

  /* Refused input or an unwritable output: 1, and no file. */
  g_assert_true (g_file_set_contents (bad, "{ \"format\": \"strata-stack/1\" }", -1, NULL));
  g_assert_cmpint (export_cli ((const char *[]) { bad, "--chart", "compare", "-o", out, NULL }, NULL), ==, 1);
  g_assert_cmpint (export_cli ((const char *[]) { sample, "--chart", "compare", "-o", missing_dir, NULL }, &err), ==, 1);
  g_assert_nonnull (strstr (err, "out.png"));
  g_assert_false (g_file_test (missing_dir, G_FILE_TEST_EXISTS));

  g_unlink (out);
  g_unlink (svg);
  g_unlink (bad);
}

/* -- the model runs once per request, not once per size (issue 10) ----------- */

/* The pixels of @layout drawn on an image surface. */
static cairo_surface_t *
paint_layout (const StrataChartLayout *layout)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                                         (int) strata_chart_layout_get_width (layout),
                                                         (int) strata_chart_layout_get_height (layout));
  cairo_t *cr = cairo_create (surface);

  strata_chart_layout_draw (layout, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

static void
assert_same_pixels (cairo_surface_t *a,
                    cairo_surface_t *b)
{
  int h = cairo_image_surface_get_height (a);
  int stride = cairo_image_surface_get_stride (a);

  g_assert_cmpint (h, ==, cairo_image_surface_get_height (b));
  g_assert_cmpint (stride, ==, cairo_image_surface_get_stride (b));
  g_assert_cmpmem (cairo_image_surface_get_data (a), (gsize) stride * h,
                   cairo_image_surface_get_data (b), (gsize) stride * h);
}

static void
test_results_resize (void)
{
  g_autoptr(StrataDataset) dataset = load_sample ("ai-cloud-stack.strata.json");
  const StrataChartKind kinds[] = {
    STRATA_CHART_COST_CURVES, STRATA_CHART_VALUE_CHAIN, STRATA_CHART_COMPARE, STRATA_CHART_LADDER,
    STRATA_CHART_TORNADO, STRATA_CHART_SWITCHPOINTS, STRATA_CHART_ROADMAP,
  };
  const double sizes[][2] = { { 800, 500 }, { 1280, 720 }, { 640, 900 } };
  Req req;

  req_init (&req, dataset, STRATA_THEME_LIGHT);
  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_autoptr(StrataChartResults) results = strata_chart_results_new ();
      guint computed = 0;

      for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
        {
          g_autoptr(StrataChartLayout) kept = strata_chart_layout_new_full (kinds[k], &req.request, results,
                                                                            sizes[s][0], sizes[s][1]);
          g_autoptr(StrataChartLayout) fresh = strata_chart_layout_new (kinds[k], &req.request,
                                                                        sizes[s][0], sizes[s][1]);
          cairo_surface_t *a = paint_layout (kept);
          cairo_surface_t *b = paint_layout (fresh);

          /* The first size computes the chart's answers; a new size of
           * the same request reuses them, and draws what a fresh layout
           * of that size draws. */
          if (s == 0)
            computed = strata_chart_results_get_n_computed (results);
          g_assert_cmpuint (computed, >, 0);
          g_assert_cmpuint (strata_chart_results_get_n_computed (results), ==, computed);
          assert_same_pixels (a, b);
          cairo_surface_destroy (a);
          cairo_surface_destroy (b);
        }
    }
  req_clear (&req);
}

/* An action title and its chart share the request's answers: the
 * tornado and the switch points, worked out for the title, are not
 * worked out again for the chart; the title reads as without them. */
static void
test_results_title (void)
{
  g_autoptr(StrataDataset) dataset = load_sample ("ai-cloud-stack.strata.json");
  const StrataChartKind kinds[] = { STRATA_CHART_TORNADO, STRATA_CHART_SWITCHPOINTS };
  const StrataTornadoOutcome outcomes[] = { STRATA_TORNADO_COST, STRATA_TORNADO_GAP };
  Req req;

  req_init (&req, dataset, STRATA_THEME_LIGHT);
  g_assert_cmpuint (req.request.n_strategies, >=, 2);
  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    for (guint o = 0; o < G_N_ELEMENTS (outcomes); o++)
      {
        g_autoptr(StrataChartResults) results = strata_chart_results_new ();
        g_autoptr(StrataChartLayout) layout = NULL;
        g_autofree char *alone = NULL;
        g_autofree char *shared = NULL;
        guint computed;

        req.request.outcome = outcomes[o];
        alone = strata_chart_action_title (kinds[k], &req.request);
        shared = strata_chart_action_title_full (kinds[k], &req.request, results);
        g_assert_nonnull (shared);
        g_assert_cmpstr (shared, ==, alone);
        computed = strata_chart_results_get_n_computed (results);
        g_assert_cmpuint (computed, ==, 1);
        layout = strata_chart_layout_new_full (kinds[k], &req.request, results, 1280, 720);
        g_assert_cmpuint (strata_chart_results_get_n_computed (results), ==, computed);
      }
  req_clear (&req);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/strata/charts/names", test_names);
  g_test_add_func ("/strata/charts/hit-single-volume", test_hit_single_volume);
  g_test_add_func ("/strata/charts/enum-types", test_enum_types);
  g_test_add_func ("/strata/charts/default-strategies", test_default_strategies);
  g_test_add_func ("/strata/charts/default-strategies-many", test_default_strategies_many);
  g_test_add_func ("/strata/charts/cost-curves-unlabelled", test_cost_curves_unlabelled);
  g_test_add_func ("/strata/charts/every-chart-format-theme", test_every_chart_format_theme);
  g_test_add_func ("/strata/charts/every-sample-dataset", test_every_sample_dataset);
  g_test_add_func ("/strata/charts/png-sizes", test_png_sizes);
  g_test_add_func ("/strata/charts/bad-sizes", test_bad_sizes);
  g_test_add_func ("/strata/charts/strategy-colours", test_strategy_colours);
  g_test_add_func ("/strata/charts/transparent", test_transparent);
  g_test_add_func ("/strata/charts/breakeven-labels", test_breakeven_labels);
  g_test_add_func ("/strata/charts/layout/one-layer", test_layout_one_layer);
  g_test_add_func ("/strata/charts/layout/64-layers", test_layout_64_layers);
  g_test_add_func ("/strata/charts/layout/long-names", test_layout_long_names);
  g_test_add_func ("/strata/charts/layout/title-inset", test_title_inset);
  g_test_add_func ("/strata/charts/ladder/dense", test_ladder_dense);
  g_test_add_func ("/strata/charts/layout/hostile-names", test_layout_hostile_names);
  g_test_add_func ("/strata/charts/layout/huge-name", test_huge_name_is_fast);
  g_test_add_func ("/strata/charts/extreme-numbers", test_extreme_numbers);
  g_test_add_func ("/strata/charts/many-strategies", test_many_strategies);
  g_test_add_func ("/strata/charts/hit/value-chain-ladder", test_hit_value_chain_and_ladder);
  g_test_add_func ("/strata/charts/hit/compare", test_hit_compare);
  g_test_add_func ("/strata/charts/hit/cost-curves", test_hit_cost_curves);
  g_test_add_func ("/strata/charts/cli-export", test_cli_export);
  g_test_add_func ("/strata/charts/results/resize", test_results_resize);
  g_test_add_func ("/strata/charts/results/title", test_results_title);

  return g_test_run ();
}

/* test-gui-export.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "strata/strata-export.h"
#include "strata/strata-format.h"
#include "strata/strata-model.h"

#include "strata-application.h"
#include "strata-export-dialog-private.h"
#include "strata-window-private.h"
#include "strata-test-gui.h"
#include "strata-test-files.h"

/*
 * Issue 14 under a real display (xvfb-run in CI): Copy Chart gives the
 * chart as it looks on screen, whatever the last export was; Export Deck
 * writes a folder of numbered PNG or SVG files with their CSVs, as
 * `strata-cli export --deck --format png|svg` does.  Skipped only when
 * there is no display at all.
 */

static gboolean have_display;
static StrataApplication *app;

static char *
make_tmp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("strata-gui-export-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static char *
read_file (const char *path,
           gsize      *length)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, length, &error);
  g_assert_no_error (error);
  return contents;
}

static GdkTexture *
clipboard_texture (GtkWidget *widget)
{
  GdkClipboard *clipboard = gtk_widget_get_clipboard (widget);
  GdkContentProvider *content = gdk_clipboard_get_content (clipboard);
  g_auto(GValue) value = G_VALUE_INIT;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (content);
  g_value_init (&value, GDK_TYPE_TEXTURE);
  gdk_content_provider_get_value (content, &value, &error);
  g_assert_no_error (error);
  return g_value_dup_object (&value);
}

/* The pixel at (@x, @y) as 0xAARRGGBB. */
static guint32
texture_pixel (GdkTexture *texture,
               int         x,
               int         y)
{
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  g_autofree guchar *data = g_malloc ((gsize) width * height * 4);

  gdk_texture_download (texture, data, (gsize) width * 4);
  return ((guint32 *) data)[(gsize) y * width + x];
}

static guint
luminance (guint32 pixel)
{
  return (((pixel >> 16) & 0xff) * 3 + ((pixel >> 8) & 0xff) * 6 + (pixel & 0xff)) / 10;
}

static void
wait_for_theme (StrataChartView *view,
                StrataTheme      theme)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (strata_chart_view_get_theme (view) != theme && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpint (strata_chart_view_get_theme (view), ==, theme);
}

/* Issue 14: Copy Chart used the export dialog's last settings (a
 * transparent slide-theme PNG came out); it now copies the on-screen
 * look: the view's theme, light or dark, at twice the view's size,
 * opaque. */
static void
test_copy_chart (void)
{
  AdwStyleManager *style;
  GSettings *settings;
  g_autoptr(GdkTexture) light = NULL;
  g_autoptr(GdkTexture) dark = NULL;
  StrataChartView *view;
  StrataWindow *window;
  int width, height;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }
  style = adw_style_manager_get_default ();
  settings = strata_application_get_settings (app);

  /* The last export: a small transparent slide. */
  g_assert_nonnull (settings);
  g_settings_set_string (settings, "export-theme", "slide");
  g_settings_set_boolean (settings, "export-transparent", TRUE);
  g_settings_set_int (settings, "export-width", 640);
  g_settings_set_int (settings, "export-height", 640);

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  window = open_sample_window (app, STRATA_DEFAULT_SAMPLE);
  view = STRATA_CHART_VIEW (_strata_window_get_chart_view (window));
  wait_for_drawn (view);
  wait_for_theme (view, STRATA_THEME_LIGHT);
  width = gtk_widget_get_width (GTK_WIDGET (view));
  height = gtk_widget_get_height (GTK_WIDGET (view));
  g_assert_cmpint (width, >, 200);
  g_assert_cmpint (height, >, 200);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.copy-chart", NULL));
  light = clipboard_texture (GTK_WIDGET (window));
  g_test_message ("view %dx%d, copy %dx%d", width, height,
                  gdk_texture_get_width (light), gdk_texture_get_height (light));
  g_assert_cmpint (gdk_texture_get_width (light), ==, 2 * width);
  g_assert_cmpint (gdk_texture_get_height (light), ==, 2 * height);
  /* Opaque and light in the corner. */
  g_assert_cmphex (texture_pixel (light, 2, 2) >> 24, ==, 0xff);
  g_assert_cmpuint (luminance (texture_pixel (light, 2, 2)), >, 200);

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  wait_for_theme (view, STRATA_THEME_DARK);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.copy-chart", NULL));
  dark = clipboard_texture (GTK_WIDGET (window));
  g_assert_cmpint (gdk_texture_get_width (dark), ==, 2 * gtk_widget_get_width (GTK_WIDGET (view)));
  g_assert_cmphex (texture_pixel (dark, 2, 2) >> 24, ==, 0xff);
  g_assert_cmpuint (luminance (texture_pixel (dark, 2, 2)), <, 80);

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  g_settings_reset (settings, "export-theme");
  g_settings_reset (settings, "export-transparent");
  g_settings_reset (settings, "export-width");
  g_settings_reset (settings, "export-height");
  close_window (window);
}

/* Issue 14: the deck as a folder from the app: 01-cost-curves.png and
 * 01-cost-curves.csv ... the sources page (and its list as CSV) last,
 * the CSVs exactly what Copy Data gives for each view; SVG slides keep their text as text. */
static void
test_deck_folder (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *png_dir = NULL;
  g_autofree char *svg_dir = NULL;
  StrataWindow *window;
  StrataChartRequest deck_request;
  guint n_charts = 0;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  dir = make_tmp_dir ();
  png_dir = g_build_filename (dir, "deck", NULL);
  svg_dir = g_build_filename (dir, "deck-svg", NULL);
  window = open_sample_window (app, STRATA_DEFAULT_SAMPLE);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export-deck-to-folder", "s", png_dir));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export-deck-to-svg-folder", "s", svg_dir));
  /* Drawn in a worker: the window is live meanwhile. */
  g_assert_true (_strata_window_is_exporting_deck (window));
  wait_for_decks (window);
  g_assert_null (_strata_window_get_last_error (window));

  _strata_window_build_request (window, &deck_request);
  /* The sample has a horizon and uncertain numbers: the roadmap and the
   * chances are pages of the deck, after the switch points. */
  g_assert_cmpuint (strata_deck_n_pages (&deck_request), ==, STRATA_N_CHARTS + 4);
  for (guint page = 0; page < strata_deck_n_pages (&deck_request); page++)
    {
      const char *name = strata_deck_page_name (&deck_request, page);
      g_autofree char *stem = g_strdup_printf ("%02u-%s", page + 1, name);
      g_autofree char *png_name = g_strconcat (stem, ".png", NULL);
      g_autofree char *svg_name = g_strconcat (stem, ".svg", NULL);
      g_autofree char *csv_name = g_strconcat (stem, ".csv", NULL);
      g_autofree char *png_path = g_build_filename (png_dir, png_name, NULL);
      g_autofree char *svg_path = g_build_filename (svg_dir, svg_name, NULL);
      g_autofree char *csv_path = g_build_filename (png_dir, csv_name, NULL);
      g_autofree char *png = NULL;
      g_autofree char *svg = NULL;
      StrataChartKind kind;
      gsize length;

      png = read_file (png_path, &length);
      g_assert_cmpuint (length, >, 1000);
      g_assert_cmpmem (png, 8, "\x89PNG\r\n\x1a\n", 8);
      svg = read_file (svg_path, NULL);
      g_assert_nonnull (strstr (svg, "<text"));
      g_assert_nonnull (strstr (svg, "width=\"1920px\""));

      if (strata_chart_kind_from_string (name, &kind))
        {
          g_autofree char *csv = read_file (csv_path, NULL);
          g_autofree char *expected = NULL;
          StrataChartRequest request;

          g_autoptr(StrataMonteCarlo) mc = NULL;
          g_autoptr(StrataRoadmapMc) band = NULL;

          _strata_window_build_request (window, &request);
          /* The chances page: the deck's fixed-seed run, the one the
           * Chances view runs and strata-cli export --deck draws; the
           * roadmap page: the horizon's run of the Roadmap view. */
          if (kind == STRATA_CHART_CHANCES)
            request.monte_carlo = mc = strata_deck_monte_carlo (&request, NULL, NULL);
          if (kind == STRATA_CHART_ROADMAP)
            request.roadmap_monte_carlo = band = strata_deck_roadmap_mc (&request, NULL, NULL);
          expected = strata_chart_data_csv (kind, &request);
          g_assert_cmpstr (csv, ==, expected);
          n_charts++;
        }
      else
        {
          /* The sources page: its list as CSV. */
          g_autofree char *csv = read_file (csv_path, NULL);

          g_assert_cmpuint (strlen (csv), >, 10);
        }
      g_test_message ("%s: %s, %s", stem, png_name, svg_name);
    }
  g_assert_cmpuint (n_charts, ==, STRATA_N_CHARTS + 3);

  close_window (window);
  test_remove_tree (dir);
}

/* With STRATA_TEST_SHOTS=DIR, @widget as it is drawn goes to DIR/@name:
 * for looking at the dialog, not for asserting. */
static void
maybe_shoot (GtkWidget  *widget,
             const char *name)
{
  const char *dir = g_getenv ("STRATA_TEST_SHOTS");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  GskRenderer *renderer;

  if (dir == NULL)
    return;
  wait_for_allocation (widget);
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, gtk_widget_get_width (widget), gtk_widget_get_height (widget));
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  texture = gsk_renderer_render_texture (renderer, node, NULL);
  path = g_build_filename (dir, name, NULL);
  gdk_texture_save_to_png (texture, path);
  g_test_message ("shot: %s", path);
}

static GdkTexture *
wait_for_preview (StrataExportDialog *dialog)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (_strata_export_dialog_get_preview (dialog) == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_nonnull (_strata_export_dialog_get_preview (dialog));
  return g_object_ref (_strata_export_dialog_get_preview (dialog));
}

/* The page the charts library draws for @settings on the window's
 * request, at the preview's density: what the preview must show. */
static GdkTexture *
expected_preview (StrataWindow               *window,
                  const StrataExportSettings *settings)
{
  double scale = _strata_export_preview_scale (settings->width, settings->height);
  StrataExportOptions options;
  StrataChartRequest request;
  cairo_surface_t *surface;
  g_autoptr(GBytes) bytes = NULL;
  cairo_t *cr;

  _strata_window_build_request (window, &request);
  request.theme = settings->theme;
  request.transparent = settings->transparent;
  _strata_export_settings_to_options (settings, &options);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) ceil (settings->width * scale - 1e-9),
                                        (int) ceil (settings->height * scale - 1e-9));
  cr = cairo_create (surface);
  cairo_scale (cr, scale, scale);
  strata_chart_draw_page (_strata_window_get_view_kind (window), &request, &options, cr,
                          settings->width, settings->height);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  bytes = g_bytes_new_with_free_func (cairo_image_surface_get_data (surface),
                                      (gsize) cairo_image_surface_get_stride (surface) *
                                      cairo_image_surface_get_height (surface),
                                      (GDestroyNotify) cairo_surface_destroy, surface);
  return gdk_memory_texture_new (cairo_image_surface_get_width (surface),
                                 cairo_image_surface_get_height (surface),
                                 GDK_MEMORY_DEFAULT, bytes,
                                 cairo_image_surface_get_stride (surface));
}

static void
assert_same_pixels (GdkTexture *a,
                    GdkTexture *b)
{
  int width = gdk_texture_get_width (a);
  int height = gdk_texture_get_height (a);
  g_autofree guchar *da = NULL;
  g_autofree guchar *db = NULL;

  g_assert_cmpint (width, ==, gdk_texture_get_width (b));
  g_assert_cmpint (height, ==, gdk_texture_get_height (b));
  da = g_malloc ((gsize) width * height * 4);
  db = g_malloc ((gsize) width * height * 4);
  gdk_texture_download (a, da, (gsize) width * 4);
  gdk_texture_download (b, db, (gsize) width * 4);
  g_assert_cmpmem (da, (gsize) width * height * 4, db, (gsize) width * height * 4);
}

static gboolean
same_pixels (GdkTexture *a,
             GdkTexture *b)
{
  int width = gdk_texture_get_width (a);
  int height = gdk_texture_get_height (a);
  g_autofree guchar *da = NULL;
  g_autofree guchar *db = NULL;

  if (width != gdk_texture_get_width (b) || height != gdk_texture_get_height (b))
    return FALSE;
  da = g_malloc ((gsize) width * height * 4);
  db = g_malloc ((gsize) width * height * 4);
  gdk_texture_download (a, da, (gsize) width * 4);
  gdk_texture_download (b, db, (gsize) width * 4);
  return memcmp (da, db, (gsize) width * height * 4) == 0;
}

/* Issue 14: the export dialog previews exactly the page it will write
 * (the charts library's page for the chosen theme, size and title), and
 * follows every change of the options. */
static void
test_preview (void)
{
  g_auto(StrataExportSettings) start = { 0, };
  g_autoptr(GdkTexture) first = NULL;
  g_autoptr(GdkTexture) expected = NULL;
  g_autoptr(GdkTexture) dark = NULL;
  g_autoptr(GdkTexture) titled = NULL;
  StrataExportDialog *dialog;
  StrataWindow *window;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  window = open_sample_window (app, STRATA_DEFAULT_SAMPLE);
  _strata_export_settings_load (&start, NULL);
  dialog = STRATA_EXPORT_DIALOG (strata_export_dialog_new (window, &start));
  gtk_window_present (GTK_WINDOW (dialog));

  /* Light, 1920x1080, no title: the page as the library draws it. */
  first = wait_for_preview (dialog);
  {
    g_auto(StrataExportSettings) now = { 0, };

    _strata_export_dialog_dup_settings (dialog, &now);
    g_assert_cmpint (now.theme, ==, STRATA_THEME_LIGHT);
    g_assert_false (now.action_title);
    expected = expected_preview (window, &now);
  }
  g_assert_cmpint (gdk_texture_get_width (first), ==, 880);
  g_assert_cmpint (gdk_texture_get_height (first), ==, 495);
  assert_same_pixels (first, expected);
  g_assert_cmpuint (luminance (texture_pixel (first, 2, 2)), >, 200);
  maybe_shoot (GTK_WIDGET (dialog), "export-dialog-light.png");

  /* Dark: the preview follows. */
  {
    g_auto(StrataExportSettings) now = { 0, };
    g_autoptr(GdkTexture) want = NULL;

    _strata_export_settings_copy (&start, &now);
    now.theme = STRATA_THEME_DARK;
    _strata_export_dialog_set_settings (dialog, &now);
    g_assert_null (_strata_export_dialog_get_preview (dialog));
    dark = wait_for_preview (dialog);
    g_clear_pointer (&now.title, g_free);
    _strata_export_dialog_dup_settings (dialog, &now);
    g_assert_cmpint (now.theme, ==, STRATA_THEME_DARK);
    want = expected_preview (window, &now);
    assert_same_pixels (dark, want);
    g_assert_cmpuint (luminance (texture_pixel (dark, 2, 2)), <, 80);
  }

  /* An edited action title, on a 4:3 page. */
  {
    g_auto(StrataExportSettings) now = { 0, };
    g_autoptr(GdkTexture) want = NULL;

    _strata_export_settings_copy (&start, &now);
    now.width = 1600;
    now.height = 1200;
    now.action_title = TRUE;
    now.title = g_strdup ("Chips pay from 5 B tokens");
    _strata_export_dialog_set_settings (dialog, &now);
    titled = wait_for_preview (dialog);
    g_assert_cmpint (gdk_texture_get_width (titled), ==, 880);
    g_assert_cmpint (gdk_texture_get_height (titled), ==, 660);
    g_clear_pointer (&now.title, g_free);
    _strata_export_dialog_dup_settings (dialog, &now);
    g_assert_cmpstr (now.title, ==, "Chips pay from 5 B tokens");
    want = expected_preview (window, &now);
    assert_same_pixels (titled, want);
    maybe_shoot (GTK_WIDGET (dialog), "export-dialog-titled.png");

    /* Without the title the page differs. */
    now.action_title = FALSE;
    g_clear_pointer (&want, g_object_unref);
    want = expected_preview (window, &now);
    g_assert_false (same_pixels (titled, want));
  }

  /* For looking at: what Print sends to the printer, as a PDF. */
  if (g_getenv ("STRATA_TEST_SHOTS") != NULL)
    {
      g_autofree char *pdf = g_build_filename (g_getenv ("STRATA_TEST_SHOTS"), "printed.pdf", NULL);

      g_assert_true (_strata_window_start_print (window, FALSE, pdf, NULL));
      wait_for_decks (window);
    }

  gtk_window_destroy (GTK_WINDOW (dialog));
  close_window (window);
}

static void
assert_label (StrataChartView *view,
              const char      *expected)
{
  g_autofree char *problem = gtk_test_accessible_check_property (GTK_ACCESSIBLE (view),
                                                                 GTK_ACCESSIBLE_PROPERTY_LABEL,
                                                                 expected);

  if (problem != NULL)
    g_error ("accessible label: %s", problem);
}

/* Issue 14: the chart view tells assistive technology what it shows and
 * lets the keyboard walk its points: an image with the model's
 * description; the arrows move from each strategy's cost at the current
 * volume to the break-evens in order of volume, and the accessible label
 * announces each with its figures. */
static void
test_chart_keyboard (void)
{
  g_autofree char *first_cost = NULL;
  g_autofree char *breakeven_at = NULL;
  g_autofree char *problem = NULL;
  StrataChartRequest request;
  StrataChartView *view;
  StrataWindow *window;
  const char *description;
  const char *point;
  guint n_points;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  window = open_sample_window (app, STRATA_DEFAULT_SAMPLE);
  g_assert_true (strata_window_set_view (window, "cost-curves"));
  view = STRATA_CHART_VIEW (_strata_window_get_chart_view (window));
  wait_for_drawn (view);
  g_assert_true (gtk_test_accessible_has_role (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_ROLE_IMG));
  g_assert_true (gtk_widget_get_focusable (GTK_WIDGET (view)));

  /* The description, from the model, on the accessible itself. */
  {
    gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

    while (((description = _strata_chart_view_get_description (view)) == NULL ||
            strstr (description, "Break-even") == NULL) && g_get_monotonic_time () < deadline)
      g_main_context_iteration (NULL, FALSE);
  }
  g_assert_nonnull (description);
  g_assert_nonnull (strstr (description, "Break-even"));
  problem = gtk_test_accessible_check_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                                description);
  g_assert_null (problem);
  assert_label (view, "Cost curves: effective unit cost against volume");

  /* What the model says, worked out here: the first strategy's cost at
   * the volume, the current strategy's break-evens. */
  _strata_window_build_request (window, &request);
  {
    double cost = strata_strategy_cost (request.dataset, request.strategies[0], request.objective, request.volume);
    g_autofree char *money = strata_format_money (cost, request.dataset->currency);

    first_cost = g_strdup_printf ("%s: effective unit cost %s at ", request.strategies[0]->name, money);
  }
  n_points = request.n_strategies;
  for (guint i = 0; i < request.n_strategies; i++)
    if (i != request.current)
      {
        g_autoptr(GArray) found = strata_breakeven (request.dataset, request.strategies[request.current],
                                                    request.strategies[i]);

        n_points += MIN (found->len, 3);
        for (guint c = 0; c < found->len && c < 3; c++)
          {
            double volume = g_array_index (found, StrataCrossing, c).volume;

            if (breakeven_at == NULL || volume > g_ascii_strtod (breakeven_at, NULL))
              {
                g_free (breakeven_at);
                breakeven_at = g_strdup_printf ("%.17g", volume);
              }
          }
      }
  g_assert_nonnull (breakeven_at);
  g_test_message ("%u points, last break-even at %s", n_points, breakeven_at);

  /* The keys, through the view's key bindings' actions. */
  gtk_widget_grab_focus (GTK_WIDGET (view));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "chart.next-point", NULL));
  point = _strata_chart_view_get_point (view);
  g_assert_nonnull (point);
  g_assert_true (g_str_has_prefix (point, first_cost));
  {
    g_autofree char *label = g_strdup_printf ("1 of %u: %s", n_points, point);

    assert_label (view, label);
  }

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "chart.next-point", NULL));
  {
    g_autofree char *label = g_strdup_printf ("2 of %u: %s", n_points, _strata_chart_view_get_point (view));

    g_assert_true (g_str_has_prefix (_strata_chart_view_get_point (view), request.strategies[1]->name));
    assert_label (view, label);
  }

  /* End: the highest break-even, named with its volume. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "chart.last-point", NULL));
  point = _strata_chart_view_get_point (view);
  {
    g_autofree char *volume = strata_format_volume (g_ascii_strtod (breakeven_at, NULL));
    g_autofree char *label = g_strdup_printf ("%u of %u: %s", n_points, n_points, point);

    g_test_message ("%s", label);
    g_assert_true (g_str_has_prefix (point, "Break-even of"));
    g_assert_nonnull (strstr (point, volume));
    assert_label (view, label);
  }
  maybe_shoot (GTK_WIDGET (window), "chart-keyboard.png");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "chart.next-point", NULL));
  g_assert_cmpstr (_strata_chart_view_get_point (view), ==, point);

  /* Home, then a new request (a flip): the point is gone, the label back. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "chart.first-point", NULL));
  g_assert_true (g_str_has_prefix (_strata_chart_view_get_point (view), first_cost));
  _strata_window_flip_layer (window, 0);
  g_assert_null (_strata_chart_view_get_point (view));
  assert_label (view, "Cost curves: effective unit cost against volume");

  close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  app = start_gui_tests (&argc, &argv);
  have_display = app != NULL;

  gui_test_add ("/strata/gui-export/copy-chart", test_copy_chart);
  gui_test_add ("/strata/gui-export/deck-folder", test_deck_folder);
  gui_test_add ("/strata/gui-export/preview", test_preview);
  gui_test_add ("/strata/gui-export/chart-keyboard", test_chart_keyboard);

  ret = g_test_run ();

  g_clear_object (&app);
  return ret;
}

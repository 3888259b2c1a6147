/* test-gui.c
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

#include <gdk/x11/gdkx.h>
#include <gmodule.h>
#include <json-glib/json-glib.h>

#include "strata-application.h"
#include "strata-window-private.h"
#include "strata-test-gui.h"

/*
 * The app under a real display (xvfb-run in CI): a window on the default
 * sample, flips by action and their undo, a broken file, export and the
 * smallest supported size.  Skipped only when there is no display at all.
 */

static gboolean have_display;
static StrataApplication *app;
/* The bundled samples. */
static const char *const samples[] = { "ai-cloud-stack", "ai-model-lab", "consumer-devices", "retailer" };

static gboolean
is_not_loading (gpointer window)
{
  return !_strata_window_is_loading (window);
}

static void
wait_for_load (StrataWindow *window)
{
  g_assert_true (wait_until (is_not_loading, window));
}

static gboolean
is_widget_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (widget);
}

static gboolean
is_flap_revealed (gpointer flap)
{
  return adw_flap_get_reveal_flap (flap);
}

typedef struct
{
  GtkEditable *entry;
  const char  *typed;
} Typed;

/* The entry, left, no longer shows the text the user typed. */
static gboolean
is_typed_text_gone (gpointer data)
{
  Typed *typed = data;

  return g_strcmp0 (gtk_editable_get_text (typed->entry), typed->typed) != 0;
}

static gboolean
is_popover_mapped (gpointer button)
{
  GtkPopover *popover = gtk_menu_button_get_popover (button);

  return popover != NULL && gtk_widget_get_mapped (GTK_WIDGET (popover));
}

static gboolean
is_surface_hidden (gpointer widget)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (widget));

  return surface == NULL || !gdk_surface_get_mapped (surface);
}

static gboolean
is_retailer_open (gpointer window)
{
  const StrataDataset *dataset = _strata_window_get_dataset (window);

  return dataset != NULL && g_str_has_prefix (dataset->title, "Retailer");
}

typedef struct
{
  GList *before;   /* the toplevels before */
} NewToplevel;

static gboolean
has_new_toplevel (gpointer data)
{
  NewToplevel *wait = data;
  g_autoptr(GList) now = gtk_window_list_toplevels ();

  for (GList *l = now; l != NULL; l = l->next)
    if (g_list_find (wait->before, l->data) == NULL)
      return TRUE;
  return FALSE;
}

static StrataWindow *
open_window (int width,
             int height)
{
  StrataWindow *window = strata_window_new (app);

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  strata_window_open_sample (window, STRATA_DEFAULT_SAMPLE);
  gtk_window_present (GTK_WINDOW (window));
  wait_for_settled (window);
  return window;
}

static StrataDataset *
load_source_sample (const char *name)
{
  g_autofree char *path = g_build_filename (g_getenv ("STRATA_SOURCE_ROOT"), "data", "datasets",
                                            name, NULL);
  g_autoptr(GError) error = NULL;
  StrataDataset *dataset;

  dataset = strata_dataset_load_file (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (dataset);
  return dataset;
}

static gboolean
breakeven_found (gpointer data)
{
  return !_strata_window_is_finding_breakeven (data);
}

/* The summary strip shows what the core computes for the window's choices. */
static void
assert_summary_matches_model (StrataWindow *window)
{
  StrataDataset *dataset = _strata_window_get_dataset (window);
  g_autofree char *effective = NULL;
  g_autofree char *margin = NULL;
  g_autofree char *capital = NULL;
  g_autofree char *ecosystem = NULL;
  StrataOutcome outcome;

  strata_evaluate (dataset, _strata_window_get_choices (window), _strata_window_get_volume (window),
                   &outcome, NULL);
  effective = strata_format_money (outcome.effective_unit_cost, dataset->currency);
  margin = strata_format_money (outcome.supplier_margin, dataset->currency);
  capital = strata_format_money_si (outcome.capital_at_risk, dataset->currency);
  ecosystem = strata_format_money (outcome.ecosystem_value, dataset->currency);

  g_assert_cmpstr (_strata_window_get_summary_text (window, "effective"), ==, effective);
  g_assert_cmpstr (_strata_window_get_summary_text (window, "margin"), ==, margin);
  g_assert_cmpstr (_strata_window_get_summary_text (window, "capital"), ==, capital);
  g_assert_cmpstr (_strata_window_get_summary_text (window, "ecosystem"), ==, ecosystem);

  /* MODEL.md's label rule: the figure is named for the key it shows, and
   * the detail names the other cost by its own name. */
  {
    g_autofree char *unit_cost = strata_format_money (outcome.unit_cost, dataset->currency);
    g_autofree char *detail = g_strdup_printf (";\nits unit cost %s", unit_cost);

    g_assert_cmpstr (_strata_window_get_summary_text (window, "cost-caption"), ==, "Effective Unit Cost");
    g_assert_nonnull (strstr (_strata_window_get_summary_text (window, "effective-detail"), detail));
  }
  if (dataset->has_price)
    {
      g_autofree char *profit = strata_format_money (dataset->price - outcome.effective_unit_cost,
                                                     dataset->currency);
      g_autofree char *cash_money = strata_format_money (outcome.unit_profit, dataset->currency);
      g_autofree char *cash_text = g_strdup_printf ("cash profit %s", cash_money);
      /* As the card keeps it whole ("-$1.07" is not broken after "-"). */
      g_autofree char *cash = _strata_window_keep_amounts (cash_text);

      g_assert_cmpstr (_strata_window_get_summary_text (window, "profit-caption"), ==, "Effective Unit Profit");
      g_assert_cmpstr (_strata_window_get_summary_text (window, "profit"), ==, profit);
      g_assert_nonnull (strstr (_strata_window_get_summary_text (window, "profit-detail"), cash));
    }

  /* Break-even against All neutral: the first crossing the core finds,
   * once the worker has found it ("…" until then). */
  {
    const StrataStrategy *current = _strata_window_get_current_strategy (window);
    const StrataStrategy *neutral = strata_dataset_find_strategy (dataset, STRATA_STRATEGY_ALL_NEUTRAL);
    g_autoptr(GArray) crossings = NULL;
    const char *text;

    if (_strata_window_is_finding_breakeven (window))
      g_assert_cmpstr (_strata_window_get_summary_text (window, "breakeven"), ==, "…");
    g_assert_true (wait_until (breakeven_found, window));
    text = _strata_window_get_summary_text (window, "breakeven");

    if (g_strcmp0 (current->id, STRATA_STRATEGY_ALL_NEUTRAL) == 0)
      {
        g_assert_cmpstr (text, ==, "—");
      }
    else
      {
        crossings = strata_breakeven (dataset, current, neutral);
        if (crossings->len == 0)
          {
            g_assert_cmpstr (text, ==, "None");
          }
        else
          {
            g_autofree char *first = strata_format_volume (g_array_index (crossings, StrataCrossing, 0).volume);

            g_assert_true (g_str_has_prefix (text, first));
          }
      }
  }
}

static void
test_default_dataset (void)
{
  g_autoptr(StrataDataset) expected = NULL;
  StrataWindow *window;
  StrataDataset *dataset;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  window = open_window (1280, 800);
  dataset = _strata_window_get_dataset (window);
  g_assert_nonnull (dataset);

  /* The bundled copy is the one in data/datasets. */
  expected = load_source_sample (STRATA_DEFAULT_SAMPLE ".strata.json");
  g_assert_cmpstr (dataset->title, ==, expected->title);
  g_assert_cmpuint (dataset->n_layers, ==, expected->n_layers);
  g_assert_cmpfloat (_strata_window_get_volume (window), ==, expected->volume_default);

  /* It opens on a named strategy, not on hand edits. */
  g_assert_nonnull (_strata_window_get_strategy_name (window));
  g_assert_cmpstr (_strata_window_get_strategy_name (window), !=, "Custom");
  assert_summary_matches_model (window);

  /* Every view switches by action and has something to draw. */
  for (StrataChartKind kind = 0; kind < STRATA_N_CHARTS; kind++)
    {
      GtkWidget *view;

      gtk_widget_activate_action (GTK_WIDGET (window), "win.view", "s", strata_chart_kind_to_string (kind));
      g_assert_cmpint (_strata_window_get_view_kind (window), ==, kind);
      view = _strata_window_get_chart_view (window);
      wait_for_allocation (view);
      g_assert_cmpint (strata_chart_view_get_kind (STRATA_CHART_VIEW (view)), ==, kind);
    }

  close_window (window);
}

/* Every sample of the Sample Datasets menu is bundled and loads. */
static void
test_samples (void)
{
  StrataWindow *window;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  window = open_window (1280, 800);
  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      g_autofree char *file = g_strdup_printf ("%s.strata.json", samples[i]);
      g_autoptr(StrataDataset) expected = load_source_sample (file);

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.open-sample", "s", samples[i]));
      g_assert_cmpstr (_strata_window_get_dataset (window)->title, ==, expected->title);
      g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, expected->title);
      assert_summary_matches_model (window);
    }

  close_window (window);
}

static void
test_flip_all_and_undo (void)
{
  StrataWindow *window;
  StrataDataset *dataset;
  g_autofree guint *before = NULL;
  g_autofree char *before_strategy = NULL;
  g_autofree char *before_effective = NULL;
  g_autofree char *before_margin = NULL;
  guint n_flips = 0;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  window = open_window (1280, 800);
  dataset = _strata_window_get_dataset (window);
  before = g_memdup2 (_strata_window_get_choices (window), sizeof (guint) * dataset->n_layers);
  before_strategy = g_strdup (_strata_window_get_strategy_name (window));
  before_effective = g_strdup (_strata_window_get_summary_text (window, "effective"));
  before_margin = g_strdup (_strata_window_get_summary_text (window, "margin"));

  for (guint i = 0; i < dataset->n_layers; i++)
    {
      const StrataLayer *layer = &dataset->layers[i];
      StrataMode mode = layer->options[before[i]].mode;
      StrataMode other = mode == STRATA_MODE_NEUTRAL ? STRATA_MODE_INTEGRATED : STRATA_MODE_NEUTRAL;
      int expected = strata_layer_first_of_mode (layer, other);

      if (expected < 0)
        continue;

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.flip-layer", "u", i));
      n_flips++;
      g_assert_cmpuint (_strata_window_get_choices (window)[i], ==, (guint) expected);
      g_assert_cmpint (layer->options[_strata_window_get_choices (window)[i]].mode, ==, other);
      g_assert_cmpstr (_strata_window_get_strategy_name (window), ==, "Custom");
      assert_summary_matches_model (window);
    }
  g_assert_cmpuint (n_flips, >, 0);

  /* Undo every flip: back to the strategy and the numbers we started from. */
  for (guint i = 0; i < n_flips; i++)
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));

  for (guint i = 0; i < dataset->n_layers; i++)
    g_assert_cmpuint (_strata_window_get_choices (window)[i], ==, before[i]);
  g_assert_cmpstr (_strata_window_get_strategy_name (window), ==, before_strategy);
  g_assert_cmpstr (_strata_window_get_summary_text (window, "effective"), ==, before_effective);
  g_assert_cmpstr (_strata_window_get_summary_text (window, "margin"), ==, before_margin);
  assert_summary_matches_model (window);

  /* Redo brings the first flip back. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.redo", NULL));
  g_assert_cmpstr (_strata_window_get_strategy_name (window), ==, "Custom");
  assert_summary_matches_model (window);

  close_window (window);
}

/* A chart drawn in a worker thread arrives after a flip, and a burst of
 * changes ends on the picture of the last one. */
static void
test_threaded_drawing (void)
{
  StrataWindow *window;
  StrataChartView *view;
  StrataDataset *dataset;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  window = open_window (1280, 800);
  dataset = _strata_window_get_dataset (window);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.view", "s", "cost-curves");
  view = STRATA_CHART_VIEW (_strata_window_get_chart_view (window));
  _strata_chart_view_set_threaded (view, TRUE);
  wait_for_drawn (view);

  for (guint i = 0; i < dataset->n_layers; i++)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.flip-layer", "u", i);
  _strata_window_set_volume (window, dataset->volume_min);
  g_assert_false (_strata_chart_view_is_drawn (view));
  wait_for_drawn (view);

  /* Nothing left in flight: the picture stays. */
  wait_for_view_settled (view);
  g_assert_true (_strata_chart_view_is_drawn (view));

  close_window (window);
}

static void
test_volume_entry (void)
{
  StrataWindow *window;
  StrataDataset *dataset;
  double volume;
  double target;
  g_autofree char *typed = NULL;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  window = open_window (1280, 800);
  dataset = _strata_window_get_dataset (window);

  /* A round figure inside the dataset's range, typed three ways. */
  target = dataset->volume_min * 10 <= dataset->volume_max ? dataset->volume_min * 10 : dataset->volume_max;
  {
    const char *forms[3];
    g_autofree char *plain = g_strdup_printf ("%.0f", target);
    g_autofree char *exponent = g_strdup_printf ("%ge%d", target / pow (10, floor (log10 (target))),
                                                 (int) floor (log10 (target)));
    g_autoptr(GString) grouped = g_string_new (plain);

    for (int pos = (int) grouped->len - 3; pos > 0; pos -= 3)
      g_string_insert_c (grouped, pos, ',');

    forms[0] = plain;
    forms[1] = exponent;
    forms[2] = grouped->str;
    for (guint i = 0; i < G_N_ELEMENTS (forms); i++)
      {
        _strata_window_set_volume (window, dataset->volume_max);
        gtk_editable_set_text (GTK_EDITABLE (window->volume_entry), forms[i]);
        g_signal_emit_by_name (window->volume_entry, "activate");
        g_assert_cmpfloat_with_epsilon (_strata_window_get_volume (window), target, target * 1e-12);
        g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (window->volume_entry), "error"));
        assert_summary_matches_model (window);
      }
  }

  /* The entry shows what it holds with SI suffix and unit, and takes that back. */
  typed = g_strdup (gtk_editable_get_text (GTK_EDITABLE (window->volume_entry)));
  g_assert_true (strstr (typed, dataset->unit) != NULL);
  g_signal_emit_by_name (window->volume_entry, "activate");
  g_assert_cmpfloat_with_epsilon (_strata_window_get_volume (window), target, target * 1e-2);

  /* A unit written in the singular ("order") shows in the plural after
   * the count ("10 k orders/yr"), and that text is taken back too. */
  {
    g_autofree char *unit = dataset->unit;

    dataset->unit = g_strdup ("order");
    _strata_window_set_volume (window, dataset->volume_max);
    _strata_window_set_volume (window, target);
    typed = (g_free (typed), g_strdup (gtk_editable_get_text (GTK_EDITABLE (window->volume_entry))));
    g_assert_true (g_str_has_suffix (typed, " orders/yr"));
    _strata_window_set_volume (window, dataset->volume_max);
    gtk_editable_set_text (GTK_EDITABLE (window->volume_entry), typed);
    g_signal_emit_by_name (window->volume_entry, "activate");
    g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (window->volume_entry), "error"));
    g_assert_cmpfloat_with_epsilon (_strata_window_get_volume (window), target, target * 1e-2);
    g_free (dataset->unit);
    dataset->unit = g_steal_pointer (&unit);
  }

  /* A click on the ladder or on a cost curve moves the volume there. */
  g_signal_emit_by_name (_strata_window_ensure_view (window, STRATA_CHART_LADDER), "volume-activated",
                         dataset->volume_max);
  g_assert_cmpfloat (_strata_window_get_volume (window), ==, dataset->volume_max);
  g_signal_emit_by_name (window->cost_curves_view, "volume-activated", target);
  g_assert_cmpfloat (_strata_window_get_volume (window), ==, target);
  assert_summary_matches_model (window);

  /* Nonsense is refused with an error style, and nothing changes. */
  volume = _strata_window_get_volume (window);
  gtk_editable_set_text (GTK_EDITABLE (window->volume_entry), "lots");
  g_signal_emit_by_name (window->volume_entry, "activate");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (window->volume_entry), "error"));
  g_assert_cmpfloat (_strata_window_get_volume (window), ==, volume);

  /* So is a volume outside the dataset's axis. */
  typed = (g_free (typed), g_strdup_printf ("%g", dataset->volume_max * 1000));
  gtk_editable_set_text (GTK_EDITABLE (window->volume_entry), typed);
  g_signal_emit_by_name (window->volume_entry, "activate");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (window->volume_entry), "error"));
  g_assert_cmpfloat (_strata_window_get_volume (window), ==, volume);

  close_window (window);
}

static void
test_broken_file (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *broken = NULL;
  g_autofree char *good = NULL;
  g_autofree char *source = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) recent = NULL;
  StrataDataset *before;
  StrataWindow *window;
  GSettings *settings;
  gsize length;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  window = open_window (1280, 800);
  settings = strata_application_get_settings (app);
  g_assert_nonnull (settings);
  before = _strata_window_get_dataset (window);

  dir = g_dir_make_tmp ("strata-gui-XXXXXX", &error);
  g_assert_no_error (error);

  /* A file that breaks a rule: the dataset stays, the error names the file. */
  broken = g_build_filename (dir, "broken.strata.json", NULL);
  g_file_set_contents (broken, "{\n  \"format\": \"strata-stack/1\",\n  \"title\": 42\n}\n", -1, &error);
  g_assert_no_error (error);
  file = g_file_new_for_path (broken);
  strata_window_open (window, file);
  wait_for_load (window);
  g_assert_true (_strata_window_get_dataset (window) == before);
  g_assert_nonnull (_strata_window_get_last_error (window));
  g_assert_true (g_str_has_prefix (_strata_window_get_last_error (window), "broken.strata.json:"));
  g_assert_nonnull (strstr (_strata_window_get_last_error (window), "error"));

  /* A good file replaces it and goes to the top of Open Recent... */
  source = g_build_filename (g_getenv ("STRATA_SOURCE_ROOT"), "data", "datasets",
                             "consumer-devices.strata.json", NULL);
  g_file_get_contents (source, &contents, &length, &error);
  g_assert_no_error (error);
  good = g_build_filename (dir, "devices.strata.json", NULL);
  g_file_set_contents (good, contents, length, &error);
  g_assert_no_error (error);
  g_clear_object (&file);
  file = g_file_new_for_path (good);
  strata_window_open (window, file);
  wait_for_load (window);
  g_assert_true (_strata_window_get_dataset (window) != before);
  g_assert_cmpstr (_strata_window_get_dataset (window)->filename, ==, good);
  recent = g_settings_get_strv (settings, "recent-files");
  g_assert_nonnull (recent[0]);
  g_assert_cmpstr (recent[0], ==, good);
  g_clear_pointer (&recent, g_strfreev);
  {
    g_autofree char *target = NULL;

    /* The Open Recent menu follows the setting. */
    g_assert_cmpint (g_menu_model_get_n_items (G_MENU_MODEL (window->recent_section)), >=, 1);
    g_assert_true (g_menu_model_get_item_attribute (G_MENU_MODEL (window->recent_section), 0,
                                                    G_MENU_ATTRIBUTE_TARGET, "s", &target));
    g_assert_cmpstr (target, ==, good);
  }

  /* ...and a recent file that no longer loads is pruned, the dataset kept. */
  before = _strata_window_get_dataset (window);
  g_file_set_contents (good, "{ not json", -1, &error);
  g_assert_no_error (error);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.open-recent", "s", good));
  wait_for_load (window);
  g_assert_true (_strata_window_get_dataset (window) == before);
  g_assert_true (g_str_has_prefix (_strata_window_get_last_error (window), "devices.strata.json:"));
  recent = g_settings_get_strv (settings, "recent-files");
  g_assert_false (g_strv_contains ((const char * const *) recent, good));

  close_window (window);
  g_unlink (broken);
  g_unlink (good);
  g_rmdir (dir);
}

static guint32
read_be32 (const guchar *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

static void
test_export (void)
{
  static const guchar png_magic[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  g_autofree char *dir = NULL;
  g_autofree char *png = NULL;
  g_autofree char *svg = NULL;
  g_autofree char *cli_png = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *cli_contents = NULL;
  g_autofree char *source = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) argv = NULL;
  StrataChartRequest request;
  StrataWindow *window;
  char volume[STRATA_NUMBER_BUF_SIZE];
  gsize length;
  gsize cli_length;
  int status;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  window = open_window (1280, 800);
  dir = g_dir_make_tmp ("strata-gui-XXXXXX", &error);
  g_assert_no_error (error);

  /* PNG at the default export size (1920x1080, scale 1). */
  png = g_build_filename (dir, "chart.png", NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export-to-file", "s", png));
  g_file_get_contents (png, &contents, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (length, >, 24);
  g_assert_cmpmem (contents, sizeof png_magic, png_magic, sizeof png_magic);
  g_assert_cmpmem (contents + 12, 4, "IHDR", 4);
  g_assert_cmpuint (read_be32 ((const guchar *) contents + 16), ==, 1920);
  g_assert_cmpuint (read_be32 ((const guchar *) contents + 20), ==, 1080);

  /* It is what strata-cli export writes for the same strategies and volume. */
  _strata_window_build_request (window, &request);
  source = g_build_filename (g_getenv ("STRATA_SOURCE_ROOT"), "data", "datasets",
                             STRATA_DEFAULT_SAMPLE ".strata.json", NULL);
  cli_png = g_build_filename (dir, "cli.png", NULL);
  argv = g_ptr_array_new ();
  g_ptr_array_add (argv, (gpointer) g_getenv ("STRATA_CLI"));
  g_ptr_array_add (argv, "export");
  g_ptr_array_add (argv, source);
  g_ptr_array_add (argv, "--chart");
  g_ptr_array_add (argv, (gpointer) strata_chart_kind_to_string (_strata_window_get_view_kind (window)));
  g_ptr_array_add (argv, "--format");
  g_ptr_array_add (argv, "png");
  g_ptr_array_add (argv, "--width");
  g_ptr_array_add (argv, "1920");
  g_ptr_array_add (argv, "--height");
  g_ptr_array_add (argv, "1080");
  g_ptr_array_add (argv, "--volume");
  g_ptr_array_add (argv, (gpointer) strata_format_json_number (request.volume, volume));
  for (guint i = 0; i < request.n_strategies; i++)
    {
      g_ptr_array_add (argv, "--strategy");
      g_ptr_array_add (argv, request.strategies[i]->id);
    }
  g_ptr_array_add (argv, "-o");
  g_ptr_array_add (argv, cli_png);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_spawn_check_wait_status (status, &error);
  g_assert_no_error (error);
  g_file_get_contents (cli_png, &cli_contents, &cli_length, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (contents, length, cli_contents, cli_length);

  /* SVG by extension, from another view. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.view", "s", "value-chain");
  svg = g_build_filename (dir, "chart.svg", NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export-to-file", "s", svg));
  g_clear_pointer (&contents, g_free);
  g_file_get_contents (svg, &contents, &length, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (contents, "<svg"));
  g_assert_nonnull (strstr (contents, "</svg>"));

  close_window (window);
  g_unlink (png);
  g_unlink (cli_png);
  g_unlink (svg);
  g_rmdir (dir);
}

static void
test_small_window (void)
{
  StrataWindow *window;
  GtkWidget *view;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  window = open_window (800, 600);

  /* Nothing forces the window beyond 800x600... */
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, 800);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (window)), <=, 600);

  /* ...on any view (each is laid out when shown). */
  {
    static const char *const views[] = { "value-chain", "compare", "ladder", "tornado", "roadmap",
                                         "chances", "cost-curves" };

    for (guint i = 0; i < G_N_ELEMENTS (views); i++)
      {
        gtk_widget_activate_action (GTK_WIDGET (window), "win.view", "s", views[i]);
        wait_for_settled (window);
        if (gtk_widget_get_height (GTK_WIDGET (window)) > 600)
          g_error ("the %s view makes an 800x600 window %d px tall", views[i],
                   gtk_widget_get_height (GTK_WIDGET (window)));
      }
  }

  /* ...the sidebar folds into an overlay, and the chart keeps its room. */
  g_assert_true (_strata_window_get_sidebar_folded (window));
  view = _strata_window_get_chart_view (window);
  wait_for_allocation (view);
  g_assert_cmpint (gtk_widget_get_width (view), >=, 480);
  g_assert_cmpint (gtk_widget_get_height (view), >=, 200);

  /* F9's action still reveals the sidebar over the chart. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-sidebar", NULL));
  g_assert_true (wait_until (is_flap_revealed, window->flap));

  close_window (window);
}

/* Dropping a file on the window opens it, as the file manager does: the
 * window's drop target gets a GdkFileList, exactly what GTK hands it. */
static void
test_drop_file (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *source = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GListModel) controllers = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  GtkDropTarget *target = NULL;
  GValue value = G_VALUE_INIT;
  GSList *files;
  StrataWindow *window;
  gboolean handled = FALSE;
  gsize length;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  window = open_window (1280, 800);

  dir = g_dir_make_tmp ("strata-gui-XXXXXX", &error);
  g_assert_no_error (error);
  source = g_build_filename (g_getenv ("STRATA_SOURCE_ROOT"), "data", "datasets",
                             "retailer.strata.json", NULL);
  g_file_get_contents (source, &contents, &length, &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "dropped.strata.json", NULL);
  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);

  controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));
  for (guint i = 0; i < g_list_model_get_n_items (controllers) && target == NULL; i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        target = GTK_DROP_TARGET (controller);
    }
  g_assert_nonnull (target);

  file = g_file_new_for_path (path);
  files = g_slist_prepend (NULL, file);
  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, gdk_file_list_new_from_list (files));
  g_slist_free (files);

  g_signal_emit_by_name (target, "drop", &value, 100.0, 100.0, &handled);
  g_value_unset (&value);
  g_assert_true (handled);
  wait_for_load (window);
  g_assert_cmpstr (_strata_window_get_dataset (window)->filename, ==, path);
  g_assert_cmpstr (_strata_window_get_dataset (window)->title, ==,
                   "Retailer: private label, own logistics, own marketplace (illustrative)");

  close_window (window);
  g_unlink (path);
  g_rmdir (dir);
}

/* Rough edge 2 of issue 14: a volume that cannot be used says why under
 * the entry (not only in a tooltip), and leaving the entry shows the
 * volume actually in use. */
static void
test_volume_entry_errors (void)
{
  static const char *bad[] = { "abc", "-1", "1e400", "500T" };
  StrataWindow *window;
  double volume;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  window = open_window (1280, 800);
  volume = _strata_window_get_volume (window);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window->volume_error_label)));

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *in_use = NULL;
      const char *said;

      /* Enter: the text stays for the user to fix, the reason shows. */
      gtk_widget_grab_focus (GTK_WIDGET (window->volume_entry));
      gtk_editable_set_text (GTK_EDITABLE (window->volume_entry), bad[i]);
      g_signal_emit_by_name (window->volume_entry, "activate");
      g_assert_true (wait_until (is_widget_mapped, window->volume_error_label));
      said = gtk_label_get_text (window->volume_error_label);
      g_test_message ("%s: %s", bad[i], said);
      g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (window->volume_entry)), ==, bad[i]);
      g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (window->volume_entry), "error"));
      g_assert_cmpfloat (_strata_window_get_volume (window), ==, volume);
      /* Out of range names the range; bad text quotes what was typed. */
      if (g_strcmp0 (bad[i], "500T") == 0)
        g_assert_nonnull (strstr (said, "covers"));
      else
        g_assert_nonnull (strstr (said, bad[i]));

      /* Tab away: the entry shows the volume in use, the reason stays. */
      g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (window->volume_scale)));
      {
        Typed typed = { GTK_EDITABLE (window->volume_entry), bad[i] };

        g_assert_true (wait_until (is_typed_text_gone, &typed));
      }
      in_use = g_strdup (gtk_editable_get_text (GTK_EDITABLE (window->volume_entry)));
      g_assert_cmpfloat (_strata_window_get_volume (window), ==, volume);
      {
        g_autofree char *expected = _strata_format_volume_per_year (volume,
                                                                    _strata_window_get_dataset (window)->unit);

        g_assert_cmpstr (in_use, ==, expected);
      }
      said = gtk_label_get_text (window->volume_error_label);
      g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window->volume_error_label)));
      g_assert_nonnull (strstr (said, in_use));
    }

  /* A good figure clears the message. */
  gtk_widget_grab_focus (GTK_WIDGET (window->volume_entry));
  gtk_editable_set_text (GTK_EDITABLE (window->volume_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (window->volume_entry), "1e9");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window->volume_error_label)));

  close_window (window);
}

/* Rough edge 3 of issue 14: a dataset with several problems shows all of
 * them, naming layers and options by name, with line numbers. */
static void
test_broken_file_problems (void)
{
  g_autoptr(StrataDataset) sample = load_source_sample ("retailer.strata.json");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GList) before = NULL;
  g_autoptr(GList) after = NULL;
  g_autofree char *source = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_auto(GStrv) lines = NULL;
  StrataWindow *window;
  JsonArray *layers;
  GtkWindow *dialog = NULL;
  StrataDataset *shown;
  GtkWidget *extra;
  const char *text;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  /* The retailer sample with a negative fixed cost in the first option of
   * each of its first three layers. */
  source = g_build_filename (g_getenv ("STRATA_SOURCE_ROOT"), "data", "datasets", "retailer.strata.json", NULL);
  json_parser_load_from_file (parser, source, &error);
  g_assert_no_error (error);
  layers = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "layers");
  g_assert_cmpuint (sample->n_layers, >=, 3);
  for (guint i = 0; i < 3; i++)
    {
      JsonObject *layer = json_array_get_object_element (layers, i);
      JsonObject *option = json_array_get_object_element (json_object_get_array_member (layer, "options"), 0);

      json_object_set_double_member (option, "fixed_cost", -5);
    }
  dir = g_dir_make_tmp ("strata-gui-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "three-problems.strata.json", NULL);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, json_parser_get_root (parser));
  json_generator_to_file (generator, path, &error);
  g_assert_no_error (error);

  window = open_window (1280, 800);
  shown = _strata_window_get_dataset (window);
  before = gtk_window_list_toplevels ();
  file = g_file_new_for_path (path);
  strata_window_open (window, file);
  wait_for_load (window);
  {
    NewToplevel wait = { before };

    g_assert_true (wait_until (has_new_toplevel, &wait));
  }
  /* The dataset on screen stays. */
  g_assert_true (_strata_window_get_dataset (window) == shown);
  after = gtk_window_list_toplevels ();
  for (GList *l = after; l != NULL; l = l->next)
    if (g_list_find (before, l->data) == NULL)
      dialog = l->data;
  g_assert_true (ADW_IS_MESSAGE_DIALOG (dialog));
  g_assert_true (gtk_window_get_transient_for (dialog) == GTK_WINDOW (window));
  g_assert_nonnull (strstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), "three-problems.strata.json"));

  extra = adw_message_dialog_get_extra_child (ADW_MESSAGE_DIALOG (dialog));
  g_assert_true (GTK_IS_LABEL (extra));
  text = gtk_label_get_text (GTK_LABEL (extra));
  g_test_message ("%s", text);
  g_assert_null (strstr (text, "more problem"));
  g_assert_null (strstr (text, "layers["));

  /* One paragraph a problem, in file order, each with its line, its
   * layer and its option by name. */
  lines = g_strsplit (text, "\n\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *layer = g_strdup_printf ("layer “%s”", sample->layers[i].name);
      g_autofree char *option = g_strdup_printf ("option “%s”", sample->layers[i].options[0].name);

      g_assert_true (g_str_has_prefix (lines[i], "Line "));
      g_assert_cmpuint (g_ascii_strtoull (lines[i] + strlen ("Line "), NULL, 10), >, 0);
      g_assert_nonnull (strstr (lines[i], layer));
      g_assert_nonnull (strstr (lines[i], option));
      g_assert_nonnull (strstr (lines[i], "fixed_cost"));
      g_assert_nonnull (strstr (lines[i], "-5"));
    }

  gtk_window_destroy (dialog);
  close_window (window);
  g_unlink (path);
  g_rmdir (dir);
}

/* Real key presses through the X server (XTest), as a user types them:
 * they go through GDK's event routing, the focus and the shortcut
 * controllers, all of which gtk_widget_activate_action() skips.  libXtst
 * is loaded at run time so that the tests need no X11 development files.
 * FALSE when the display is not X11 or libXtst is missing. */
typedef int (*XTestFakeKeyEventFunc) (Display *, unsigned int, int, unsigned long);

static gboolean
send_key (GtkWidget       *widget,
          guint            keyval,
          GdkModifierType  modifiers)
{
  static XTestFakeKeyEventFunc fake_key;
  GdkDisplay *display = gtk_widget_get_display (widget);
  Display *xdisplay;
  GdkSurface *surface;
  KeyCode control;
  KeyCode code;

  if (!GDK_IS_X11_DISPLAY (display))
    return FALSE;
  if (fake_key == NULL)
    {
      GModule *module = g_module_open ("libXtst.so.6", G_MODULE_BIND_LAZY);

      if (module == NULL || !g_module_symbol (module, "XTestFakeKeyEvent", (gpointer *) &fake_key))
        return FALSE;
      g_module_make_resident (module);
    }

  xdisplay = gdk_x11_display_get_xdisplay (display);
  surface = gtk_native_get_surface (gtk_widget_get_native (widget));
  /* No window manager under Xvfb: give the window the keyboard focus. */
  XSetInputFocus (xdisplay, gdk_x11_surface_get_xid (surface), RevertToParent, CurrentTime);
  control = XKeysymToKeycode (xdisplay, XK_Control_L);
  code = XKeysymToKeycode (xdisplay, keyval);
  if (modifiers & GDK_CONTROL_MASK)
    fake_key (xdisplay, control, True, CurrentTime);
  fake_key (xdisplay, code, True, CurrentTime);
  fake_key (xdisplay, code, False, CurrentTime);
  if (modifiers & GDK_CONTROL_MASK)
    fake_key (xdisplay, control, False, CurrentTime);
  /* The server has taken them; the caller waits for what they do. */
  XSync (xdisplay, False);
  return TRUE;
}

/* The first mapped widget under @widget that @match accepts. */
static GtkWidget *
find_widget (GtkWidget  *widget,
             gboolean  (*match) (GtkWidget *, gconstpointer),
             gconstpointer data)
{
  if (gtk_widget_get_mapped (widget) && match (widget, data))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, match, data);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A key label of the shortcuts window showing @accel. */
static gboolean
is_shortcut_label (GtkWidget     *widget,
                   gconstpointer  accel)
{
  return GTK_IS_SHORTCUT_LABEL (widget) &&
         g_strcmp0 (gtk_shortcut_label_get_accelerator (GTK_SHORTCUT_LABEL (widget)), accel) == 0;
}

static gboolean
is_menu_button_with_icon (GtkWidget     *widget,
                          gconstpointer  icon)
{
  return GTK_IS_MENU_BUTTON (widget) &&
         g_strcmp0 (gtk_menu_button_get_icon_name (GTK_MENU_BUTTON (widget)), icon) == 0;
}

/* A GtkModelButton, the private type of popover menu items, by its text. */
static gboolean
is_menu_item (GtkWidget     *widget,
              gconstpointer  text)
{
  g_autofree char *label = NULL;

  if (g_strcmp0 (G_OBJECT_TYPE_NAME (widget), "GtkModelButton") != 0)
    return FALSE;
  g_object_get (widget, "text", &label, NULL);
  return g_strcmp0 (label, text) == 0;
}

typedef struct
{
  GtkWidget  *popover;
  const char *text;
  GtkWidget  *item;   /* out */
} MenuItem;

static gboolean
find_menu_item (gpointer data)
{
  MenuItem *wait = data;

  wait->item = find_widget (wait->popover, is_menu_item, wait->text);
  return wait->item != NULL;
}

static void
click_menu_item (GtkWidget  *popover,
                 const char *text)
{
  MenuItem wait = { popover, text, NULL };

  /* A submenu slides in: its items are there once they are mapped. */
  g_assert_true (wait_until (find_menu_item, &wait));
  g_signal_emit_by_name (wait.item, "clicked");
}

static gboolean
is_label_with_text (GtkWidget     *widget,
                    gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0;
}

/* The label showing @text under @widget is on screen and not cut. */
static void
assert_shows_whole (GtkWidget  *widget,
                    const char *text)
{
  GtkWidget *label = find_widget (widget, is_label_with_text, text);

  g_assert_nonnull (label);
  g_assert_true (gtk_widget_get_mapped (label));
  g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (label))));
}

static gboolean
is_label_whole (gpointer data)
{
  return !pango_layout_is_ellipsized (gtk_label_get_layout (data));
}

static gboolean
is_window_idle (gpointer data)
{
  return !_strata_window_is_loading (data);
}

/* Every figure of the summary strip is whole in an 800x600 window, and
 * nothing widens the window: a column is as wide as its figure needs,
 * the captions and details wrap in what is left.  The strip's columns
 * were all as wide as the widest could be, so four-digit money figures
 * showed as "$2,300…" and "-$1,90…" at 800 px. */
static void
test_summary_whole (void)
{
  /* The samples, then "wide" and "unit" from files. */
  static const char *const opened[] = { "ai-cloud-stack", "ai-model-lab", "consumer-devices",
                                         "retailer", "wide", "unit" };
  g_autofree char *dir = g_dir_make_tmp ("strata-gui-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "wide.strata.json", NULL);
  g_autofree char *unit_path = g_build_filename (dir, "unit.strata.json", NULL);
  g_autofree char *sample_path = g_build_filename (g_getenv ("STRATA_SOURCE_ROOT"), "data", "datasets",
                                                   "ai-cloud-stack.strata.json", NULL);
  g_autofree char *sample = NULL;
  g_autofree char *unit_text = NULL;
  g_auto(GStrv) parts = NULL;
  const char *wide =
    "{\"format\": \"strata-stack/1\", \"title\": \"Wide figures\", \"unit\": \"cars\", \"currency\": \"USD\","
    " \"price\": 400, \"volume\": {\"min\": 1e5, \"max\": 1e9, \"default\": 1e8},"
    " \"layers\": [{\"id\": \"body\", \"options\": ["
    "   {\"id\": \"buy\", \"mode\": \"neutral\", \"price\": 1500, \"margin\": 0.3},"
    "   {\"id\": \"make\", \"mode\": \"integrated\", \"unit_cost\": 1400, \"fixed_cost\": 3e9, \"capex\": 5e9, \"build_years\": 2}]},"
    "  {\"id\": \"drive\", \"options\": ["
    "   {\"id\": \"buy2\", \"mode\": \"neutral\", \"price\": 900, \"margin\": 0.25, \"ecosystem_value\": 30},"
    "   {\"id\": \"make2\", \"mode\": \"integrated\", \"unit_cost\": 850, \"fixed_cost\": 2e9, \"capex\": 4e9, \"build_years\": 1}]}],"
    " \"strategies\": [{\"id\": \"own\", \"name\": \"Own the body\", \"choices\": {\"body\": \"make\", \"drive\": \"buy2\"}}],"
    " \"horizon\": {\"first_year\": 2026, \"years\": 10, \"discount_rate\": 0.08,"
    "   \"volume\": {\"first\": 1e8, \"growth\": 0.05}, \"start\": \"own\"}}";

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  g_assert_true (g_file_set_contents (path, wide, -1, NULL));
  /* The AI cloud stack counted in a unit of two words, of which the
   * break-even's detail has the plural. */
  g_assert_true (g_file_get_contents (sample_path, &sample, NULL, NULL));
  parts = g_strsplit (sample, "\"unit\": \"1M tokens\"", 2);
  g_assert_cmpuint (g_strv_length (parts), ==, 2);
  unit_text = g_strjoinv ("\"unit\": \"payment transaction\"", parts);
  g_assert_true (g_file_set_contents (unit_path, unit_text, -1, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (opened); i++)
    {
      gboolean wide_file = g_str_equal (opened[i], "wide"), unit_file = g_str_equal (opened[i], "unit");
      StrataWindow *window = strata_window_new (app);
      GtkLabel *values[] = { window->effective_value, window->breakeven_value, window->margin_value,
                             window->capital_value, window->ecosystem_value, window->profit_value,
                             window->horizon_value };
      GtkLabel *details[] = { window->effective_detail, window->breakeven_detail, window->margin_detail,
                              window->capital_detail, window->ecosystem_detail, window->profit_detail,
                              window->horizon_detail };
      guint shown = 0;

      gtk_window_set_default_size (GTK_WINDOW (window), 800, 600);
      if (wide_file || unit_file)
        {
          g_autoptr(GFile) file = g_file_new_for_path (wide_file ? path : unit_path);

          strata_window_open (window, file);
        }
      else
        strata_window_open_sample (window, opened[i]);
      gtk_window_present (GTK_WINDOW (window));
      g_assert_true (wait_until (is_window_idle, window));
      wait_for_settled (window);
      g_assert_cmpstr (_strata_window_dataset (window)->title, !=, NULL);
      if (wide_file)
        {
          g_assert_cmpstr (_strata_window_dataset (window)->title, ==, "Wide figures");
          g_assert_cmpstr (gtk_label_get_label (window->effective_value), ==, "$2,300.00");
          g_assert_cmpstr (gtk_label_get_label (window->profit_value), ==, "-$1,900.00");
        }
      /* The break-even comes from a worker: the strip is laid out again
       * when it arrives. */
      for (guint k = 0; k < G_N_ELEMENTS (values); k++)
        {
          if (!gtk_widget_get_mapped (GTK_WIDGET (values[k])))
            continue;
          if (!wait_until (is_label_whole, values[k]))
            g_error ("%s: the summary's \"%s\" is cut at 800 px", opened[i], gtk_label_get_label (values[k]));
          shown++;
        }
      g_assert_cmpuint (shown, >=, 6);
      /* The details too: a two-word unit's break-even read "payment
       * transactions/yr; cheaper than all neu…". */
      for (guint k = 0; k < G_N_ELEMENTS (details); k++)
        if (gtk_widget_get_mapped (GTK_WIDGET (details[k])) && !wait_until (is_label_whole, details[k]))
          g_error ("%s: the summary's \"%s\" is cut at 800 px", opened[i], gtk_label_get_label (details[k]));
      if (unit_file)
        g_assert_cmpstr (gtk_label_get_label (window->breakeven_detail), ==,
                         "payment transactions/yr; cheaper than all neutral above");
      g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, 800);
      close_window (window);
    }
  g_assert_no_errno (g_remove (path));
  g_assert_no_errno (g_remove (unit_path));
  g_assert_no_errno (g_rmdir (dir));
}

/* A window on the dataset @text (written to @path) at 1280 x 800, its
 * strategy set to Optimal. */
static StrataWindow *
open_text_optimal (const char *path,
                   const char *text)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  StrataWindow *window = strata_window_new (app);
  const StrataDataset *dataset;

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  strata_window_open (window, file);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (wait_until (is_window_idle, window));
  wait_for_settled (window);
  dataset = _strata_window_dataset (window);
  for (guint i = 0; i < dataset->n_strategies; i++)
    if (g_strcmp0 (dataset->strategies[i].id, STRATA_STRATEGY_OPTIMAL) == 0)
      gtk_drop_down_set_selected (window->strategy_dropdown, i);
  wait_for_settled (window);
  g_assert_cmpstr (_strata_window_get_current_strategy (window)->id, ==, STRATA_STRATEGY_OPTIMAL);
  return window;
}

/* The break-even card when the strategy costs the same as All neutral
 * above a volume and differs below it: no crossing (neither is cheaper
 * above), and not "the same cost at every volume" as it said. Optimal
 * runs "make" below 10 k (3 against 2 + 10,000 / V) and "buy" above. */
static void
test_summary_parting (void)
{
  g_autofree char *dir = g_dir_make_tmp ("strata-gui-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "parting.strata.json", NULL);
  const char *text =
    "{\"format\": \"strata-stack/1\", \"title\": \"Parting\", \"unit\": \"widgets\", \"currency\": \"USD\","
    " \"volume\": {\"min\": 1000, \"max\": 1e6, \"default\": 5000},"
    " \"layers\": [{\"id\": \"parts\", \"options\": ["
    "   {\"id\": \"buy\", \"mode\": \"neutral\", \"price\": 2, \"margin\": 0.2, \"fixed_cost\": 10000},"
    "   {\"id\": \"make\", \"mode\": \"integrated\", \"unit_cost\": 3}]}]}";
  /* A difference too small for a percentage (1 on a cost of a million)
   * reads as the amount: it read "−0.0 % vs all neutral". */
  const char *shared =
    "{\"format\": \"strata-stack/1\", \"title\": \"Shared\", \"unit\": \"u\", \"currency\": \"USD\","
    " \"volume\": {\"min\": 1000, \"max\": 1e6, \"default\": 1000},"
    " \"layers\": [{\"id\": \"a\", \"options\": ["
    "   {\"id\": \"buy\", \"mode\": \"neutral\", \"price\": 1000000, \"margin\": 0}]},"
    "  {\"id\": \"b\", \"options\": ["
    "   {\"id\": \"buy\", \"mode\": \"neutral\", \"price\": 2, \"margin\": 0},"
    "   {\"id\": \"make\", \"mode\": \"integrated\", \"unit_cost\": 1}]}]}";
  StrataWindow *window;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  window = open_text_optimal (path, text);
  g_assert_cmpstr (_strata_window_dataset (window)->title, ==, "Parting");
  g_assert_true (wait_until (breakeven_found, window));
  g_assert_cmpstr (_strata_window_get_summary_text (window, "breakeven"), ==, "None");
  g_assert_cmpstr (_strata_window_get_summary_text (window, "breakeven-detail"), ==,
                   "cheaper than all neutral below 10\xC2\xA0k, the same cost above");
  close_window (window);

  window = open_text_optimal (path, shared);
  g_assert_true (g_str_has_prefix (_strata_window_get_summary_text (window, "effective-detail"),
                                   "−$1.00 vs all neutral"));
  close_window (window);
  g_assert_no_errno (g_remove (path));
  g_assert_no_errno (g_rmdir (dir));
}

/* The summary's "vs all neutral" states the gap the cost curves' action
 * title states, in the same words: "−15.7 % vs all neutral" under "Apple
 * playbook is 15.7 % cheaper than all neutral" (the summary rounded the
 * 15.77 % of the consumer-devices sample to "15.8 %"). */
static void
test_summary_gap_as_title (void)
{
  guint checked = 0;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  for (guint s = 0; s < G_N_ELEMENTS (samples); s++)
    {
      StrataWindow *window = open_sample_window (app, samples[s]);
      const char *detail = _strata_window_get_summary_text (window, "effective-detail");
      const char *versus = strstr (detail, " vs all neutral");
      StrataChartRequest request;
      g_autofree char *title = NULL;
      double current, least = INFINITY;

      _strata_window_build_request (window, &request);
      title = strata_chart_action_title (STRATA_CHART_COST_CURVES, &request);
      current = strata_strategy_cost (request.dataset, request.strategies[request.current], request.objective,
                                      request.volume);
      for (guint i = 0; i < request.n_strategies; i++)
        least = MIN (least, strata_strategy_cost (request.dataset, request.strategies[i], request.objective,
                                                  request.volume));
      g_test_message ("%s: \"%s\" / \"%s\"", samples[s], detail, title);
      /* The current strategy the cheapest shown, and cheaper than All
       * neutral by a percentage: the title's claim is its gap. */
      if (title != NULL && current == least && versus != NULL && g_str_has_prefix (detail, "−") &&
          strstr (detail, "%") != NULL && strstr (detail, "%") < versus)
        {
          g_autofree char *gap = g_strndup (detail + strlen ("−"), versus - detail - strlen ("−"));
          g_autofree char *claim = g_strdup_printf (" is %s cheaper than all neutral at ", gap);

          if (strstr (title, claim) == NULL)
            g_error ("%s: the summary says \"%s\", the title \"%s\"", samples[s], detail, title);
          checked++;
        }
      close_window (window);
    }
  g_assert_cmpuint (checked, >=, 2);
}

static gboolean
label_reads (GtkWidget     *widget,
             gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0;
}

/* The label under @widget that reads @text (find_widget (): mapped). */
static GtkLabel *
find_label (GtkWidget  *widget,
            const char *text)
{
  return (GtkLabel *) find_widget (widget, label_reads, text);
}

/* A layer's name of one word fits on its line in the sidebar of a
 * 1280x800 window: "Applications" was broken as "Application-" / "s"
 * (the name had 1 px less than it needed). */
static void
test_layer_names_whole (void)
{
  guint checked = 0;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  for (guint s = 0; s < G_N_ELEMENTS (samples); s++)
    {
      StrataWindow *window = open_sample_window (app, samples[s]);
      const StrataDataset *dataset = _strata_window_dataset (window);

      for (guint l = 0; l < dataset->n_layers; l++)
        {
          const char *name = dataset->layers[l].name;
          GtkWidget *row = _strata_window_get_layer_row (window, l);
          GtkLabel *label;

          if (strchr (name, ' ') != NULL || g_utf8_strlen (name, -1) > 12 || row == NULL)
            continue;
          label = find_label (row, name);
          g_assert_nonnull (label);
          if (pango_layout_get_line_count (gtk_label_get_layout (label)) != 1)
            g_error ("%s: the layer name \"%s\" is broken over %d lines", samples[s], name,
                     pango_layout_get_line_count (gtk_label_get_layout (label)));
          checked++;
        }
      close_window (window);
    }
  g_assert_cmpuint (checked, >=, 8);
}

/* A checked toggle of class @mode ("neutral" or "integrated"). */
static gboolean
toggle_checked (GtkWidget     *widget,
                gconstpointer  mode)
{
  return GTK_IS_TOGGLE_BUTTON (widget) && gtk_widget_has_css_class (widget, mode) &&
         gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (widget));
}

/* A layer's checked mode toggle shows its mode's colour, the charts'
 * (style.css: #0072b2 neutral, #d55e00 integrated), beside its label;
 * also under a stylesheet that paints buttons with gradients
 * (GTK_THEME=Adwaita:dark, in a subprocess), where they covered it. */
static void
check_mode_toggle_colours (void)
{
  static const struct { const char *mode; int rgb[3]; } modes[] = {
    { "neutral", { 0x00, 0x72, 0xb2 } },
    { "integrated", { 0xd5, 0x5e, 0x00 } },
  };
  StrataWindow *window = open_sample_window (app, "consumer-devices");
  GtkWidget *row = _strata_window_get_layer_row (window, 0);

  g_assert_nonnull (row);
  for (guint m = 0; m < G_N_ELEMENTS (modes); m++)
    {
      GtkWidget *toggle = NULL;
      int rgb[3];

      for (guint l = 0; toggle == NULL && (row = _strata_window_get_layer_row (window, l)) != NULL; l++)
        toggle = find_widget (row, toggle_checked, modes[m].mode);
      g_assert_nonnull (toggle);
      wait_for_allocation (toggle);
      /* Left of the label, halfway down: the button's own fill. */
      test_widget_pixel (toggle, 3, gtk_widget_get_height (toggle) / 2, rgb);
      g_test_message ("%s toggle, GTK_THEME %s: %d %d %d", modes[m].mode,
                      g_getenv ("GTK_THEME") != NULL ? g_getenv ("GTK_THEME") : "unset", rgb[0], rgb[1], rgb[2]);
      for (int c = 0; c < 3; c++)
        g_assert_cmpint (ABS (rgb[c] - modes[m].rgb[c]), <=, 12);
    }
  close_window (window);
}

static void
test_mode_toggle_colours (void)
{
  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }
  test_check_also_under_gtk_theme (check_mode_toggle_colours);
}

/* Rough edges 4 and 6 of issue 14: the header's title was cut even in a
 * wide window and gone at 800 px; the strategy list's tooltip covered its
 * first item. */
static void
test_header_titles (void)
{
  static const int widths[] = { 1920, 1280, 800 };

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
    {
      StrataWindow *window = open_window (widths[w], widths[w] == 800 ? 600 : 1000);

      for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
        {
          const char *title;
          const char *colon;
          g_autofree char *name = NULL;

          g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.open-sample", "s", samples[i]));
          wait_for_settled (window);
          title = _strata_window_get_dataset (window)->title;
          colon = strstr (title, ": ");
          name = colon != NULL ? g_strndup (title, colon - title) : g_strdup (title);
          g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, title);

          if (!_strata_window_get_sidebar_folded (window))
            {
              /* The sidebar names the dataset and its file, whole. */
              g_autofree char *file = g_strdup_printf ("%s.strata.json", samples[i]);

              assert_shows_whole (GTK_WIDGET (window->window_title), name);
              assert_shows_whole (GTK_WIDGET (window->window_title), file);
            }
          else
            {
              /* Folded: the main header names the dataset, the views
               * move to the bottom bar. */
              g_assert_true (adw_view_switcher_title_get_title_visible (window->switcher_title));
              assert_shows_whole (GTK_WIDGET (window->switcher_title), name);
              if (colon != NULL)
                assert_shows_whole (GTK_WIDGET (window->switcher_title), colon + 2);
            }
          g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (GTK_WIDGET (window->window_title)), title));
        }

      /* No tooltip on the strategy list: it covered the open list. */
      g_assert_false (gtk_widget_get_has_tooltip (GTK_WIDGET (window->strategy_dropdown)));
      close_window (window);
    }
}

/* Issue 14, accessibility: every chart tells assistive technology what it
 * shows with the model's key figures, read back from the accessibility
 * tree (GTK_A11Y=test, set in main ()). */
static void
test_chart_descriptions (void)
{
  StrataWindow *window;
  StrataDataset *dataset;
  StrataChartRequest request;
  g_autofree char *volume = NULL;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  window = open_window (1280, 800);
  dataset = _strata_window_get_dataset (window);

  for (StrataChartKind kind = 0; kind < STRATA_N_CHARTS; kind++)
    {
      g_autofree char *headline = NULL;
      g_autofree char *error = NULL;
      StrataChartView *view;
      const char *text;

      gtk_widget_activate_action (GTK_WIDGET (window), "win.view", "s", strata_chart_kind_to_string (kind));
      view = STRATA_CHART_VIEW (_strata_window_get_chart_view (window));
      _strata_window_build_request (window, &request);
      headline = strata_chart_action_title (kind, &request);
      text = wait_for_description (view, headline != NULL ? headline : request.strategies[0]->name);

      /* What the accessibility tree holds is that text, on an image. */
      g_assert_true (gtk_test_accessible_has_role (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_ROLE_IMG));
      error = gtk_test_accessible_check_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text);
      g_assert_null (error);

      if (kind == STRATA_CHART_COST_CURVES || kind == STRATA_CHART_COMPARE)
        {
          /* Every strategy's unit cost at the current volume. */
          for (guint i = 0; i < request.n_strategies; i++)
            {
              double cost = strata_strategy_effective_cost (dataset, request.strategies[i], request.volume);
              g_autofree char *money = strata_format_money (cost, dataset->currency);
              g_autofree char *figure = g_strdup_printf ("%s %s", request.strategies[i]->name, money);

              g_assert_nonnull (strstr (text, figure));
            }
        }
      if (kind == STRATA_CHART_COST_CURVES)
        {
          /* The break-evens of the current strategy with the others. */
          const StrataStrategy *current = request.strategies[request.current];
          guint n_found = 0;

          for (guint i = 0; i < request.n_strategies; i++)
            {
              g_autoptr(GArray) crossings = NULL;

              if (i == request.current)
                continue;
              crossings = strata_breakeven (dataset, current, request.strategies[i]);
              if (crossings->len > 0)
                {
                  g_autofree char *at = strata_format_volume (g_array_index (crossings, StrataCrossing, 0).volume);
                  g_autofree char *sentence = g_strdup_printf ("Break-even of %s with %s at %s",
                                                               current->name, request.strategies[i]->name, at);

                  g_assert_nonnull (strstr (text, sentence));
                  n_found++;
                }
            }
          g_assert_cmpuint (n_found, >, 0);
        }
      if (kind == STRATA_CHART_VALUE_CHAIN)
        {
          /* Each layer with the option the strategy takes there. */
          g_autofree guint *choices = g_new0 (guint, dataset->n_layers);

          strata_strategy_resolve (dataset, request.strategies[request.current], request.volume, choices);
          for (guint i = 0; i < dataset->n_layers; i++)
            {
              g_autofree char *pair = g_strdup_printf ("%s: %s", dataset->layers[i].name,
                                                       dataset->layers[i].options[choices[i]].name);

              g_assert_nonnull (strstr (text, pair));
            }
        }
    }

  /* A change of volume changes the figures said. */
  volume = strata_format_money (strata_strategy_effective_cost (dataset, request.strategies[0], dataset->volume_max),
                                dataset->currency);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.view", "s", "compare");
  _strata_window_set_volume (window, dataset->volume_max);
  wait_for_description (STRATA_CHART_VIEW (_strata_window_get_chart_view (window)), volume);

  close_window (window);
}

/* Issue 15: no menu's popover and no Keyboard Shortcuts window is built
 * before the first frame; each is built when first asked for, and works. */
static void
test_lazy_menus (void)
{
  static const char *icons[] = { "open-menu-symbolic", "document-send-symbolic" };
  GtkWindow *overlay = NULL;
  GtkWidget *export = NULL;
  StrataWindow *window;
  GListModel *toplevels = gtk_window_get_toplevels ();  /* (transfer none) */
  gint64 deadline;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  window = open_window (1280, 800);
  for (guint i = 0; i < G_N_ELEMENTS (icons); i++)
    {
      GtkWidget *button = find_widget (GTK_WIDGET (window), is_menu_button_with_icon, icons[i]);
      GtkPopover *popover;

      g_assert_nonnull (button);
      g_assert_null (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button)));
      g_assert_true (gtk_widget_get_sensitive (button));
      gtk_menu_button_popup (GTK_MENU_BUTTON (button));
      g_assert_true (wait_until (is_popover_mapped, button));
      popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (button));
      g_assert_nonnull (popover);
      g_assert_nonnull (gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (button)));
      g_assert_nonnull (find_widget (GTK_WIDGET (popover), is_menu_item,
                                     i == 0 ? "Keyboard Shortcuts" : "Export Deck…"));
      gtk_menu_button_popdown (GTK_MENU_BUTTON (button));
    }

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (overlay == NULL && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      for (guint i = 0; i < g_list_model_get_n_items (toplevels) && overlay == NULL; i++)
        {
          g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

          if (GTK_IS_SHORTCUTS_WINDOW (w) && gtk_window_get_transient_for (w) == GTK_WINDOW (window))
            overlay = w;
        }
    }
  g_assert_nonnull (overlay);
  /* The shortcuts named by action show the application's accelerators
   * ("Open a dataset" with Ctrl+O, not a blank beside it). */
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (find_widget (GTK_WIDGET (overlay), is_shortcut_label, "<Control>o") == NULL &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_nonnull (find_widget (GTK_WIDGET (overlay), is_shortcut_label, "<Control>o"));
  g_assert_nonnull (find_widget (GTK_WIDGET (overlay), is_shortcut_label, "<Control>z"));
  /* Every shortcut on the one page shown: the Export group's too (it was
   * on a second page, whose switcher GTK 4.8 measured at -3 px). */
  while (((export = find_widget (GTK_WIDGET (overlay), is_shortcut_label, "<Control>e")) == NULL ||
          !gtk_widget_get_mapped (export)) &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_nonnull (export);
  g_assert_true (gtk_widget_get_mapped (export));
  gtk_window_destroy (overlay);
  close_window (window);
}

static gboolean
has_title_switcher (gpointer data)
{
  StrataWindow *window = data;

  return adw_view_switcher_title_get_stack (window->switcher_title) == ADW_VIEW_STACK (window->view_stack);
}

/* Issue 15: the parts the first frame does not show are made when first
 * needed: the inspector when the Edit page shows, the "no dataset" page
 * when it is needed (its menu buttons working), the header's view
 * switcher once the first frame is out. */
static void
test_lazy_parts (void)
{
  StrataWindow *window;
  GtkWidget *page;
  GtkPopover *popover;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  window = open_window (1280, 800);
  g_assert_true (wait_until (has_title_switcher, window));

  /* The Edit page makes the inspector, which shows the dataset's page. */
  g_assert_null (window->inspector);
  g_assert_null (gtk_stack_get_child_by_name (window->main_stack, "empty"));
  gtk_stack_set_visible_child_name (window->sidebar_stack, "edit");
  g_assert_nonnull (window->inspector);
  g_assert_true (gtk_widget_is_ancestor (GTK_WIDGET (window->inspector),
                                         GTK_WIDGET (window->inspector_scroller)));
  g_assert_true (_strata_window_get_inspector (window) == window->inspector);
  g_assert_cmpstr (strata_inspector_get_selection (window->inspector), ==, "dataset");
  gtk_stack_set_visible_child_name (window->sidebar_stack, "scenario");

  /* The "no dataset" page, made once, with its buttons. */
  _strata_window_ensure_empty_page (window);
  page = gtk_stack_get_child_by_name (window->main_stack, "empty");
  g_assert_nonnull (page);
  _strata_window_ensure_empty_page (window);
  g_assert_true (gtk_stack_get_child_by_name (window->main_stack, "empty") == page);
  gtk_stack_set_visible_child_name (window->main_stack, "empty");
  g_assert_nonnull (find_widget (page, is_label_with_text, "No Dataset Open"));
  g_assert_null (gtk_menu_button_get_popover (window->samples_menu_button));
  gtk_menu_button_popup (window->samples_menu_button);
  g_assert_true (wait_until (is_popover_mapped, window->samples_menu_button));
  popover = gtk_menu_button_get_popover (window->samples_menu_button);
  g_assert_nonnull (find_widget (GTK_WIDGET (popover), is_menu_item, "Retailer"));
  gtk_menu_button_popdown (window->samples_menu_button);
  gtk_menu_button_popup (window->sidebar_menu_button);
  g_assert_true (wait_until (is_popover_mapped, window->sidebar_menu_button));
  popover = gtk_menu_button_get_popover (window->sidebar_menu_button);
  g_assert_nonnull (find_widget (GTK_WIDGET (popover), is_menu_item, "Keyboard Shortcuts"));
  gtk_menu_button_popdown (window->sidebar_menu_button);
  gtk_stack_set_visible_child_name (window->main_stack, "main");
  close_window (window);
}

/* Rough edge 1 of issue 14: after Main Menu → Sample Datasets → a sample,
 * the keyboard shortcuts were dead because the focus stayed on a widget
 * of the closed popover.  Real key presses must work right after. */
static void
test_keys_after_sample_menu (void)
{
  static const char *views[] = { "cost-curves", "value-chain", "compare", "ladder", "tornado" };
  g_autoptr(GList) before = NULL;
  g_autoptr(GList) after = NULL;
  StrataWindow *window;
  GtkWidget *button;
  GtkWidget *popover;
  GtkWidget *focus;
  gboolean sidebar;
  gint64 deadline;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  window = open_window (1280, 800);
  if (!send_key (GTK_WIDGET (window), GDK_KEY_2, GDK_CONTROL_MASK))
    {
      if (g_getenv ("CI") != NULL)
        g_error ("cannot send key presses: run the GUI tests under xvfb-run with libXtst");
      g_test_skip ("needs an X11 display with XTest");
      close_window (window);
      return;
    }
  /* The key path itself works before any menu is used (waited for: the
   * key can take longer than send_key's settling under load). */
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (_strata_window_get_view_kind (window) != 1 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (_strata_window_get_view_kind (window), ==, 1);

  button = find_widget (GTK_WIDGET (window), is_menu_button_with_icon, "open-menu-symbolic");
  g_assert_nonnull (button);
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  g_assert_true (wait_until (is_popover_mapped, button));
  popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button)));
  g_assert_true (gtk_widget_get_mapped (popover));
  click_menu_item (popover, "Sample Datasets");
  click_menu_item (popover, "Retailer");
  g_assert_true (wait_until (is_retailer_open, window));
  g_assert_cmpstr (_strata_window_get_dataset (window)->title, ==,
                   "Retailer: private label, own logistics, own marketplace (illustrative)");

  /* Once the menu has closed, the focus is on a widget the user can see,
   * not in the closed popover. */
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  do
    {
      g_main_context_iteration (NULL, FALSE);
      focus = gtk_root_get_focus (GTK_ROOT (window));
    }
  while ((gtk_widget_get_mapped (popover) || (focus != NULL && !gtk_widget_get_mapped (focus))) &&
         g_get_monotonic_time () < deadline);
  g_assert_false (gtk_widget_get_mapped (popover));
  if (focus != NULL)
    {
      g_assert_true (gtk_widget_get_mapped (focus));
      g_assert_false (gtk_widget_is_ancestor (focus, popover));
    }

  /* The popup's X window lets go of the keyboard after it is unmapped:
   * under Xvfb (no window manager) a key sent at once can still go to it,
   * so wait until its surface is hidden and the server has done all GDK
   * asked of it. */
  g_assert_true (wait_until (is_surface_hidden, popover));
  XSync (gdk_x11_display_get_xdisplay (gtk_widget_get_display (popover)), False);

  /* Ctrl+1…5 switch views, F9 toggles the sidebar, Ctrl+E opens Export
   * (each waited for: the machine may be busy). */
  for (guint i = G_N_ELEMENTS (views); i > 0; i--)
    {
      g_assert_true (send_key (GTK_WIDGET (window), GDK_KEY_0 + i, GDK_CONTROL_MASK));
      deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
      while (_strata_window_get_view_kind (window) != (StrataChartKind) (i - 1) &&
             g_get_monotonic_time () < deadline)
        g_main_context_iteration (NULL, TRUE);
      g_assert_cmpint (_strata_window_get_view_kind (window), ==, i - 1);
    }
  g_object_get (window, "show-sidebar", &sidebar, NULL);
  for (guint i = 0; i < 2; i++)
    {
      g_assert_true (send_key (GTK_WIDGET (window), GDK_KEY_F9, 0));
      sidebar = !sidebar;
      deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
      while (adw_flap_get_reveal_flap (window->flap) != sidebar && g_get_monotonic_time () < deadline)
        g_main_context_iteration (NULL, TRUE);
      g_assert_true (adw_flap_get_reveal_flap (window->flap) == sidebar);
    }

  before = gtk_window_list_toplevels ();
  g_assert_true (send_key (GTK_WIDGET (window), GDK_KEY_e, GDK_CONTROL_MASK));
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  do
    {
      g_main_context_iteration (NULL, FALSE);
      g_clear_pointer (&after, g_list_free);
      after = gtk_window_list_toplevels ();
    }
  while (g_list_length (after) == g_list_length (before) && g_get_monotonic_time () < deadline);
  g_assert_cmpuint (g_list_length (after), ==, g_list_length (before) + 1);
  for (GList *l = after; l != NULL; l = l->next)
    if (g_list_find (before, l->data) == NULL)
      {
        g_assert_true (gtk_window_get_transient_for (l->data) == GTK_WINDOW (window));
        gtk_window_destroy (l->data);
      }

  close_window (window);
}

/* Issue 16: the app is never locked out by its remembered last file.  A
 * last file that became hostile (figures that used to abort the model)
 * opens on a message, never a crash; a last file the previous start died
 * on is not reopened: the sample opens with a message saying why. */
static void
test_last_file_lockout (void)
{
  GSettings *settings;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  const char *opt = "{\"id\": \"n\", \"mode\": \"neutral\", \"price\": 1e308, \"margin\": 0, \"ecosystem_value\": 1e308}";
  g_autofree char *hostile = g_strdup_printf (
    "{\"format\": \"strata-stack/1\", \"title\": \"x\", \"unit\": \"u\", \"currency\": \"USD\","
    " \"volume\": {\"min\": 1, \"max\": 10, \"default\": 1},"
    " \"layers\": [{\"id\": \"a\", \"options\": [%s]}, {\"id\": \"b\", \"options\": [%s]}]}", opt, opt);
  const char *recent[] = { NULL, NULL };
  StrataWindow *window;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }
  dir = g_dir_make_tmp ("strata-gui-XXXXXX", NULL);
  path = g_build_filename (dir, "last.strata.json", NULL);
  recent[0] = path;
  settings = strata_application_get_settings (app);
  g_assert_nonnull (settings);
  g_assert_true (g_file_set_contents (path, hostile, -1, NULL));

  /* 1. The hostile last file: refused with a message, no crash. */
  g_settings_set_strv (settings, "recent-files", recent);
  g_settings_set_string (settings, "opening-file", "");
  g_assert_null (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_application_activate (G_APPLICATION (app));
  window = STRATA_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_nonnull (window);
  wait_for_load (window);
  g_assert_nonnull (_strata_window_get_last_error (window));
  g_assert_nonnull (strstr (_strata_window_get_last_error (window), "must be at most 1e100"));
  close_window (window);

  /* 2. The previous start died while opening the file: not again. */
  g_assert_true (g_file_set_contents (path, "{ \"crashes\": \"pretend\" }", -1, NULL));
  g_settings_set_strv (settings, "recent-files", recent);
  g_settings_set_string (settings, "opening-file", path);
  g_application_activate (G_APPLICATION (app));
  window = STRATA_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_nonnull (window);
  wait_for_load (window);
  g_assert_nonnull (_strata_window_get_dataset (window));
  g_assert_cmpstr (_strata_window_get_dataset (window)->filename, !=, path);
  g_assert_nonnull (strstr (_strata_window_get_last_error (window), "was not opened again"));
  {
    g_autofree char *opening = g_settings_get_string (settings, "opening-file");
    g_assert_cmpstr (opening, ==, "");
  }
  close_window (window);

  g_settings_set_strv (settings, "recent-files", NULL);
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  /* Before GTK starts: software rendering, settings in memory. */
  g_setenv ("GSK_RENDERER", "cairo", TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  /* An accessibility tree the tests can read back (GtkTestATContext). */
  g_setenv ("GTK_A11Y", "test", TRUE);

  /* Not G_TEST_OPTION_ISOLATE_DIRS: it hides the shared-mime-info database
   * from gdk-pixbuf, which then cannot load the SVG app icon.  Nothing here
   * writes to user folders: settings live in memory, files in g_dir_make_tmp(). */
  g_test_init (&argc, &argv, NULL);
  /* Criticals stay fatal (G_DEBUG=fatal-criticals); warnings do not, since
   * without a session bus (CI containers) GtkApplication warns about the
   * environment, not about the app. */
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);

  app = start_gui_app ();
  have_display = app != NULL;

  gui_test_add ("/strata/gui/default-dataset", test_default_dataset);
  gui_test_add ("/strata/gui/drop-file", test_drop_file);
  gui_test_add ("/strata/gui/samples", test_samples);
  gui_test_add ("/strata/gui/flip-all-undo", test_flip_all_and_undo);
  gui_test_add ("/strata/gui/threaded-drawing", test_threaded_drawing);
  gui_test_add ("/strata/gui/volume-entry", test_volume_entry);
  gui_test_add ("/strata/gui/volume-entry-errors", test_volume_entry_errors);
  gui_test_add ("/strata/gui/broken-file", test_broken_file);
  gui_test_add ("/strata/gui/broken-file-problems", test_broken_file_problems);
  gui_test_add ("/strata/gui/export", test_export);
  gui_test_add ("/strata/gui/small-window", test_small_window);
  gui_test_add ("/strata/gui/summary-whole", test_summary_whole);
  gui_test_add ("/strata/gui/summary-parting", test_summary_parting);
  gui_test_add ("/strata/gui/summary-gap-as-title", test_summary_gap_as_title);
  gui_test_add ("/strata/gui/layer-names-whole", test_layer_names_whole);
  gui_test_add ("/strata/gui/mode-toggle-colours", test_mode_toggle_colours);
  gui_test_add ("/strata/gui/header-titles", test_header_titles);
  gui_test_add ("/strata/gui/chart-descriptions", test_chart_descriptions);
  gui_test_add ("/strata/gui/keys-after-sample-menu", test_keys_after_sample_menu);
  gui_test_add ("/strata/gui/lazy-menus", test_lazy_menus);
  gui_test_add ("/strata/gui/lazy-parts", test_lazy_parts);
  gui_test_add ("/strata/gui/last-file-lockout", test_last_file_lockout);

  ret = g_test_run ();

  g_clear_object (&app);
  return ret;
}

/* test-gui-views.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "strata/strata-export.h"
#include "strata/strata-format.h"
#include "strata/strata-horizon.h"

#include "strata-application.h"
#include "strata-window-private.h"
#include "strata-test-gui.h"
#include "strata-test-files.h"

/*
 * The app's slides and views under a real display (xvfb-run in CI): Copy
 * Data and Export Data give what `strata-cli export --data` writes, Export
 * Deck and Print write a page per view, an edited action title reaches
 * the file.  Skipped only when there is no display at all.
 */

static gboolean have_display;
static StrataApplication *app;

static char *
make_tmp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("strata-gui-views-XXXXXX", &error);

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

/* What strata-cli export writes for the window's sample, view, volume
 * and strategies, with @extra arguments. */
static char *
cli_export (StrataWindow *window,
            const char   *sample,
            const char   *output,
            const char   *extra)
{
  g_autofree char *source = g_strdup_printf ("%s/data/datasets/%s.strata.json",
                                             g_getenv ("STRATA_SOURCE_ROOT"), sample);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  char volume[STRATA_NUMBER_BUF_SIZE];
  StrataChartRequest request;
  int status;

  _strata_window_build_request (window, &request);
  g_ptr_array_add (argv, (gpointer) g_getenv ("STRATA_CLI"));
  g_ptr_array_add (argv, "export");
  g_ptr_array_add (argv, source);
  g_ptr_array_add (argv, "--chart");
  g_ptr_array_add (argv, (gpointer) strata_chart_kind_to_string (_strata_window_get_view_kind (window)));
  g_ptr_array_add (argv, "--volume");
  g_ptr_array_add (argv, (gpointer) strata_format_json_number (request.volume, volume));
  for (guint i = 0; i < request.n_strategies; i++)
    {
      g_ptr_array_add (argv, "--strategy");
      g_ptr_array_add (argv, request.strategies[i]->id);
    }
  g_ptr_array_add (argv, (gpointer) extra);
  g_ptr_array_add (argv, "-o");
  g_ptr_array_add (argv, (gpointer) output);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_spawn_check_wait_status (status, &error);
  g_assert_no_error (error);
  return read_file (output, NULL);
}

static char *
clipboard_text (GtkWidget *widget)
{
  GdkClipboard *clipboard = gtk_widget_get_clipboard (widget);
  GdkContentProvider *content = gdk_clipboard_get_content (clipboard);
  g_auto(GValue) value = G_VALUE_INIT;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (content);
  g_value_init (&value, G_TYPE_STRING);
  gdk_content_provider_get_value (content, &value, &error);
  g_assert_no_error (error);
  return g_value_dup_string (&value);
}

/* Issue 14: Copy Data puts on the clipboard, and Export Data writes,
 * exactly the CSV `strata-cli export --data` gives for the same chart,
 * strategies and volume; spreadsheets see it as text/csv. */
static void
test_copy_data (void)
{
  static const char *const views[] = { "cost-curves", "value-chain", "compare", "ladder", "tornado" };
  g_autofree char *dir = NULL;
  StrataWindow *window;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  dir = make_tmp_dir ();
  window = open_sample_window (app, STRATA_DEFAULT_SAMPLE);

  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    {
      g_autofree char *cli_path = g_build_filename (dir, "cli.csv", NULL);
      g_autofree char *app_path = g_build_filename (dir, "app.csv", NULL);
      g_autofree char *expected = NULL;
      g_autofree char *copied = NULL;
      g_autofree char *written = NULL;
      GdkContentFormats *formats;

      g_assert_true (strata_window_set_view (window, views[i]));
      expected = cli_export (window, STRATA_DEFAULT_SAMPLE, cli_path, "--data");
      g_assert_cmpuint (strlen (expected), >, 20);

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.copy-data", NULL));
      copied = clipboard_text (GTK_WIDGET (window));
      g_assert_cmpstr (copied, ==, expected);
      formats = gdk_clipboard_get_formats (gtk_widget_get_clipboard (GTK_WIDGET (window)));
      g_assert_true (gdk_content_formats_contain_mime_type (formats, "text/csv"));

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export-data-to-file", "s", app_path));
      written = read_file (app_path, NULL);
      g_assert_cmpstr (written, ==, expected);
      g_test_message ("%s: %s", views[i], strtok (written, "\n"));
    }

  close_window (window);
  test_remove_tree (dir);
}

/* How often @needle occurs in the binary @data, not followed by @not_next. */
static guint
count_bytes (const char *data,
             gsize       length,
             const char *needle,
             char        not_next)
{
  gsize n = strlen (needle);
  guint count = 0;

  for (gsize i = 0; i + n < length; i++)
    if (memcmp (data + i, needle, n) == 0 && data[i + n] != not_next)
      count++;
  return count;
}

/* "/Type /Pages" is the page tree, not a page. */
static guint
count_pages (const char *pdf,
             gsize       length)
{
  return count_bytes (pdf, length, "/Type /Page", 's');
}

/* Issue 14: Export Deck writes one 16:9 PDF, a page per view and the
 * sources page, as strata-cli export --deck does. */
static void
test_export_deck (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *pdf = NULL;
  StrataWindow *window;
  gsize length;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  dir = make_tmp_dir ();
  path = g_build_filename (dir, "deck.pdf", NULL);
  window = open_sample_window (app, STRATA_DEFAULT_SAMPLE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export-deck-to-file", "s", path));
  wait_for_decks (window);
  g_assert_null (_strata_window_get_last_error (window));
  pdf = read_file (path, &length);
  g_assert_true (g_str_has_prefix (pdf, "%PDF-"));
  {
    StrataChartRequest request;

    /* What would have to be true after the tornado; the sample has a
     * horizon: its roadmap is a page of the deck, and uncertain numbers:
     * the chances come after it. */
    _strata_window_build_request (window, &request);
    g_assert_cmpuint (count_pages (pdf, length), ==, strata_deck_n_pages (&request));
    g_assert_cmpuint (strata_deck_n_pages (&request), ==, STRATA_N_CHARTS + 4);
    g_assert_cmpstr (strata_deck_page_name (&request, STRATA_N_CHARTS), ==, "switchpoints");
    g_assert_cmpstr (strata_deck_page_name (&request, STRATA_N_CHARTS + 1), ==, "roadmap");
    g_assert_cmpstr (strata_deck_page_name (&request, STRATA_N_CHARTS + 2), ==, "chances");
  }
  g_assert_cmpuint (count_bytes (pdf, length, "/MediaBox [ 0 0 960 540 ]", 0), >=, 1);

  /* A deck that cannot be written says why once its worker is done. */
  {
    g_autofree char *nowhere = g_build_filename (dir, "missing", "deck.pdf", NULL);

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export-deck-to-file", "s", nowhere));
    wait_for_decks (window);
    g_assert_nonnull (_strata_window_get_last_error (window));
    g_assert_false (g_file_test (nowhere, G_FILE_TEST_EXISTS));
  }

  /* Closing the window does not lose a deck under way: it is written,
   * and the window then goes. */
  {
    g_autofree char *second = g_build_filename (dir, "second.pdf", NULL);

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export-deck-to-file", "s", second));
    g_assert_true (_strata_window_is_exporting_deck (window));
    close_window (window);
    g_assert_true (g_file_test (second, G_FILE_TEST_IS_REGULAR));
  }
  test_remove_tree (dir);
}

/* Whether @data (binary: NUL bytes and all) holds @needle. */
static gboolean
bytes_contain (const char *data,
               gsize       length,
               const char *needle)
{
  gsize n = strlen (needle);

  for (gsize i = 0; i + n <= length; i++)
    if (memcmp (data + i, needle, n) == 0)
      return TRUE;
  return FALSE;
}

/* Issue 14: Print goes through GtkPrintOperation: one page for the chart
 * on screen, or the deck's pages, as vector pages.  Issue 15: the pages
 * are drawn in a worker, the window live meanwhile (Print Deck drew every
 * slide on the main thread: seconds near the limits). */
static void
test_print (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *chart = NULL;
  g_autofree char *deck = NULL;
  g_autofree char *pdf = NULL;
  g_autoptr(GError) error = NULL;
  StrataWindow *window;
  gsize length;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  dir = make_tmp_dir ();
  chart = g_build_filename (dir, "chart.pdf", NULL);
  deck = g_build_filename (dir, "deck.pdf", NULL);
  window = open_sample_window (app, STRATA_DEFAULT_SAMPLE);
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (window)));

  g_assert_true (_strata_window_start_print (window, FALSE, chart, &error));
  g_assert_no_error (error);
  g_assert_true (_strata_window_is_exporting_deck (window));
  g_assert_false (g_file_test (chart, G_FILE_TEST_EXISTS));
  wait_for_decks (window);
  pdf = read_file (chart, &length);
  g_assert_true (g_str_has_prefix (pdf, "%PDF-"));
  g_assert_cmpuint (count_pages (pdf, length), ==, 1);
  /* Vector: the chart's text as text in a font, not a picture. */
  g_assert_true (bytes_contain (pdf, length, "/FontFile"));
  g_clear_pointer (&pdf, g_free);

  g_assert_true (_strata_window_start_print (window, TRUE, deck, &error));
  g_assert_no_error (error);
  g_assert_true (_strata_window_is_exporting_deck (window));
  g_assert_false (g_file_test (deck, G_FILE_TEST_EXISTS));
  /* The window is live while the deck is drawn: a flip takes effect at
   * once (the printed pages are the scenario as it was). */
  _strata_window_flip_layer (window, 0);
  wait_for_decks (window);
  pdf = read_file (deck, &length);
  {
    StrataChartRequest request;

    _strata_window_build_request (window, &request);
    g_assert_cmpuint (count_pages (pdf, length), ==, strata_deck_n_pages (&request));
  }

  close_window (window);
  test_remove_tree (dir);
}

/* The print dialogs on screen (GtkPrintUnixDialog, by name: no unix-print
 * header needed); *last receives one of them. */
static guint
count_print_dialogs (GtkWindow **last)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  GType type = g_type_from_name ("GtkPrintUnixDialog");
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (type != 0 && G_TYPE_CHECK_INSTANCE_TYPE (toplevel, type) &&
          gtk_widget_get_visible (GTK_WIDGET (toplevel)))
        {
          n++;
          *last = toplevel;
        }
    }
  return n;
}

static gboolean
print_dialog_shown (gpointer window)
{
  GtkWindow *last = NULL;

  return count_print_dialogs (&last) > 0 && STRATA_WINDOW (window)->n_deck_jobs == 0;
}

/* The pages of the print operation running. */
static int
print_pages_of (StrataWindow *window)
{
  int n = -1;

  g_assert_nonnull (window->printing);
  g_object_get (window->printing, "n-pages", &n, NULL);
  return n;
}

static gboolean
is_cleared (gpointer pointer)
{
  return *(gpointer *) pointer == NULL;
}

static gboolean
printing_done (gpointer window)
{
  return !_strata_window_is_exporting_deck (window);
}

/* Closes every print dialog, should a dialog run a main loop of its own
 * the test would otherwise wait in forever. */
static gboolean
close_print_dialogs_cb (gpointer data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  GType type = g_type_from_name ("GtkPrintUnixDialog");

  for (guint i = g_list_model_get_n_items (toplevels); i > 0; i--)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i - 1);

      if (type != 0 && G_TYPE_CHECK_INSTANCE_TYPE (toplevel, type))
        gtk_window_close (toplevel);
    }
  *(gboolean *) data = TRUE;
  return G_SOURCE_CONTINUE;
}

/* Print, then Print Deck: when both are drawn, one print dialog is on
 * screen, the window's main loop running (no loop of the dialog's own:
 * it used to open the second dialog over the first from within the
 * first's); closing it opens the next; closing that ends the printing. */
static void
test_print_one_dialog (void)
{
  g_autoptr(GError) error = NULL;
  StrataWindow *window;
  GtkWindow *dialog = NULL;
  gboolean guard_fired = FALSE;
  guint guard;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  window = open_sample_window (app, STRATA_DEFAULT_SAMPLE);
  guard = g_timeout_add_seconds (10, close_print_dialogs_cb, &guard_fired);
  g_assert_true (_strata_window_start_print (window, FALSE, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (_strata_window_start_print (window, TRUE, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (wait_until_for (print_dialog_shown, window, 60));
  /* A few more turns: no second dialog comes. */
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (count_print_dialogs (&dialog), ==, 1);
  g_assert_true (gtk_window_get_transient_for (dialog) == GTK_WINDOW (window));
  g_assert_true (_strata_window_is_exporting_deck (window));
  g_assert_cmpint (print_pages_of (window), ==, 1);

  /* Cancelled: the deck's dialog next, alone. */
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  gtk_window_close (dialog);
  g_assert_true (wait_until_for (is_cleared, &dialog, 30));
  g_assert_true (wait_until_for (print_dialog_shown, window, 30));
  g_assert_cmpuint (count_print_dialogs (&dialog), ==, 1);
  g_assert_true (_strata_window_is_exporting_deck (window));
  {
    StrataChartRequest request;

    _strata_window_build_request (window, &request);
    g_assert_cmpint (print_pages_of (window), ==, (int) strata_deck_n_pages (&request));
  }
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  gtk_window_close (dialog);
  g_assert_true (wait_until_for (is_cleared, &dialog, 30));
  g_assert_true (wait_until_for (printing_done, window, 30));
  g_assert_cmpuint (count_print_dialogs (&dialog), ==, 0);
  g_assert_false (guard_fired);
  g_source_remove (guard);

  close_window (window);
}

static gboolean
time_reached (gpointer data)
{
  return g_get_monotonic_time () >= *(gint64 *) data;
}

static void
spin_for_ms (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * G_TIME_SPAN_MILLISECOND;

  g_assert_true (wait_until (time_reached, &until));
}

static gboolean
progress_gone (gpointer window)
{
  return STRATA_WINDOW (window)->progress_toast == NULL;
}

/* An error shown over the toast saying a deck is being drawn (both have
 * high priority: the error shows at once and puts the other back in the
 * queue).  A deck going on shows its toast again when the error goes; the
 * 600 ms before the toast may be dismissed count from each of those moves
 * (libadwaita 1.2 crashes on a toast that replaced another dismissed
 * within 200 ms, and on one shown again before its hiding ended). */
static void
test_progress_covered (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autoptr(GFile) file = NULL;
  StrataWindow *window;
  gint64 t0;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  dir = make_tmp_dir ();
  first = g_build_filename (dir, "first.pdf", NULL);
  second = g_build_filename (dir, "slides", NULL);
  /* The large stack: its deck takes a second or more. */
  file = g_file_new_for_path (g_getenv ("STRATA_LARGE_STACK"));
  window = strata_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  strata_window_open (window, file);
  gtk_window_present (GTK_WINDOW (window));
  /* 400 layers: seconds under the sanitizers. */
  wait_for_settled_for (window, 120);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export-deck-to-file", "s", first));
  g_assert_nonnull (window->progress_toast);
  t0 = g_get_monotonic_time ();
  _strata_window_show_error (window, "An error over the progress");
  g_assert_cmpuint (window->progress_covered, ==, 1);
  g_assert_cmpint (window->progress_since, >=, t0);
  /* Minutes under the sanitizers, with other tests beside. */
  g_assert_true (wait_until_for (printing_done, window, 400));
  g_assert_true (wait_until_for (progress_gone, window, 10));
  g_assert_cmpint (g_get_monotonic_time () - t0, >=, 600 * G_TIME_SPAN_MILLISECOND);
  g_assert_true (g_file_test (first, G_FILE_TEST_IS_REGULAR));
  /* The error's own 10 s may have run out (the sanitizers' slower deck). */
  if (window->urgent_toast != NULL)
    adw_toast_dismiss (window->urgent_toast);

  /* The error goes a second after it came, the deck still under way (a
   * folder of PNG slides, held until then: the deck of a stack worked
   * out before can take less than a second).  libadwaita 1.2 also
   * fails an assertion when a toast shows again before its hiding has
   * ended: about 300 ms. */
  _strata_window_hold_decks (TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export-deck-to-folder", "s", second));
  g_assert_nonnull (window->progress_toast);
  g_assert_cmpuint (window->progress_covered, ==, 0);
  spin_for_ms (300);
  _strata_window_show_error (window, "Another error over the progress");
  g_assert_cmpuint (window->progress_covered, ==, 1);
  spin_for_ms (1000);
  g_assert_cmpuint (window->n_deck_jobs, >=, 1);
  t0 = g_get_monotonic_time ();
  adw_toast_dismiss (window->urgent_toast);
  g_assert_cmpuint (window->progress_covered, ==, 0);
  g_assert_nonnull (window->progress_toast);
  g_assert_cmpint (window->progress_since, >=, t0);
  _strata_window_hold_decks (FALSE);
  g_assert_true (wait_until_for (progress_gone, window, 400));
  g_assert_cmpint (g_get_monotonic_time () - t0, >=, 600 * G_TIME_SPAN_MILLISECOND);
  g_assert_true (g_file_test (second, G_FILE_TEST_IS_DIR));

  close_window (window);
  test_remove_tree (dir);
}

/* Issue 14: an action title edited before export is the one written; an
 * unedited one is the model's headline. */
static void
test_edited_title (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *svg = NULL;
  g_autofree char *generated = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(StrataExportSettings) settings = { 0, };
  StrataChartRequest request;
  StrataWindow *window;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  dir = make_tmp_dir ();
  path = g_build_filename (dir, "chart.svg", NULL);
  window = open_sample_window (app, STRATA_DEFAULT_SAMPLE);

  _strata_export_settings_load (&settings, NULL);
  settings.format = STRATA_EXPORT_SVG;
  settings.action_title = TRUE;
  settings.title = g_strdup ("Chips pay from 5 B tokens");
  g_assert_true (_strata_window_export_to_file (window, &settings, path, &error));
  g_assert_no_error (error);
  svg = read_file (path, NULL);
  g_assert_nonnull (strstr (svg, "Chips pay from 5 B tokens"));
  g_clear_pointer (&svg, g_free);

  /* No edit: the headline the model supports. */
  g_clear_pointer (&settings.title, g_free);
  _strata_window_build_request (window, &request);
  generated = strata_chart_action_title (_strata_window_get_view_kind (window), &request);
  g_assert_nonnull (generated);
  g_assert_true (_strata_window_export_to_file (window, &settings, path, &error));
  g_assert_no_error (error);
  svg = read_file (path, NULL);
  {
    g_autofree char *escaped = g_markup_escape_text (generated, -1);

    g_assert_nonnull (strstr (svg, escaped));
  }

  close_window (window);
  test_remove_tree (dir);
}

/* Issue 12: a dataset with a horizon has a Roadmap view drawing the
 * roadmap chart and describing the optimal roadmap, and the strip shows
 * savings_npv, payback_year and peak_funding of adopting the current
 * strategy now, by name; without a horizon there is neither. */
static void
test_roadmap_view (void)
{
  g_autofree char *path = NULL;
  g_autofree StrataLayerPlan *plans = NULL;
  g_autofree StrataLayerPlan *optimal = NULL;
  g_autoptr(StrataPlanResult) adopt = NULL;
  g_autoptr(StrataPlanResult) best = NULL;
  g_autofree char *savings = NULL;
  g_autofree char *peak = NULL;
  g_autofree char *payback = NULL;
  g_autofree char *best_savings = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  StrataChartView *view;
  StrataWindow *window;
  StrataDataset *dataset;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  window = open_sample_window (app, "ai-cloud-stack");
  dataset = _strata_window_get_dataset (window);
  g_assert_nonnull (dataset->horizon);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.view", "s", "roadmap"));
  g_assert_cmpint (_strata_window_get_view_kind (window), ==, STRATA_CHART_ROADMAP);
  view = STRATA_CHART_VIEW (_strata_window_get_chart_view (window));
  g_assert_cmpint (strata_chart_view_get_kind (view), ==, STRATA_CHART_ROADMAP);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (view)));
  wait_for_drawn (view);

  /* The view describes the optimal roadmap the core finds. */
  optimal = g_new0 (StrataLayerPlan, dataset->n_layers);
  g_assert_true (strata_roadmap_optimal (dataset, STRATA_HORIZON_EFFECTIVE, optimal, &error));
  g_assert_no_error (error);
  best = strata_plan_evaluate (dataset, optimal, STRATA_HORIZON_EFFECTIVE);
  {
    g_autofree char *money = strata_format_money_si (best->savings_npv, dataset->currency);

    best_savings = g_strdup_printf ("Savings NPV %s", money);
  }
  wait_for_description (view, best_savings);
  for (guint l = 0; l < dataset->n_layers; l++)
    if (optimal[l].decide_year >= 0)
      {
        g_autofree char *decide = g_strdup_printf ("%s: decide %d", dataset->layers[l].name,
                                                   dataset->horizon->first_year + optimal[l].decide_year);

        wait_for_description (view, decide);
      }

  /* The strip: the current strategy adopted now. */
  plans = g_new0 (StrataLayerPlan, dataset->n_layers);
  g_assert_true (strata_roadmap_adopt (dataset, _strata_window_get_choices (window), plans, &error));
  g_assert_no_error (error);
  adopt = strata_plan_evaluate (dataset, plans, STRATA_HORIZON_EFFECTIVE);
  savings = strata_format_money_si (adopt->savings_npv, dataset->currency);
  peak = strata_format_money_si (adopt->peak_funding, dataset->currency);
  payback = adopt->has_payback ? g_strdup_printf ("payback year %d\n", adopt->payback_year)
                               : g_strdup ("payback year never\n");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window->horizon_value)));
  g_assert_cmpstr (_strata_window_get_summary_text (window, "horizon-caption"), ==, "Savings NPV");
  g_assert_cmpstr (_strata_window_get_summary_text (window, "horizon"), ==, savings);
  g_assert_true (g_str_has_prefix (_strata_window_get_summary_text (window, "horizon-detail"), payback));
  {
    /* Never wrapped between "$6.68" and "B". */
    g_autofree char *kept = _strata_window_keep_amounts (peak);

    g_assert_true (strchr (peak, ' ') == NULL || strstr (kept, "\xC2\xA0") != NULL);
    g_assert_true (g_str_has_suffix (_strata_window_get_summary_text (window, "horizon-detail"), kept));
  }
  g_assert_nonnull (strstr (_strata_window_get_summary_text (window, "horizon-detail"), "peak funding"));

  /* Beside the roadmap, the view describes the same plan adopted now,
   * with the strip's figures. */
  {
    const StrataStrategy *current = _strata_window_get_current_strategy (window);
    g_autofree char *adopt_text = NULL;

    g_assert_nonnull (current);
    g_assert_cmpuint (strata_roadmap_n_switches (dataset, plans), >, 0);
    adopt_text = adopt->has_payback
                 ? g_strdup_printf ("Adopt %s now: savings NPV %s, payback year %d, peak funding %s.",
                                    current->name, savings, adopt->payback_year, peak)
                 : g_strdup_printf ("Adopt %s now: savings NPV %s, no payback year, peak funding %s.",
                                    current->name, savings, peak);
    wait_for_description (view, adopt_text);
  }

  /* The strategy running today is no plan to pay back. */
  {
    const StrataStrategy *start = strata_dataset_find_strategy (dataset, dataset->horizon->start);

    g_assert_nonnull (start);
    _strata_window_set_strategy (window, (int) (start - dataset->strategies));
    g_assert_cmpstr (_strata_window_get_summary_text (window, "horizon"), ==, "—");
    g_assert_cmpstr (_strata_window_get_summary_text (window, "horizon-detail"), ==, "the plan running today");
  }

  /* Copy Data on the roadmap: the years drawn, as strata-cli writes them,
   * with the savings of the optimal roadmap in the last year. */
  {
    g_autofree char *dir = make_tmp_dir ();
    g_autofree char *cli_path = g_build_filename (dir, "roadmap.csv", NULL);
    g_autofree char *expected = cli_export (window, "ai-cloud-stack", cli_path, "--data");
    g_autofree char *copied = NULL;
    g_auto(GStrv) lines = NULL;
    g_auto(GStrv) last = NULL;

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.copy-data", NULL));
    copied = clipboard_text (GTK_WIDGET (window));
    g_assert_cmpstr (copied, ==, expected);
    g_assert_true (g_str_has_prefix (copied, "year,volume ("));
    lines = g_strsplit (g_strchomp (copied), "\n", -1);
    g_assert_cmpuint (g_strv_length (lines), ==, 1 + dataset->horizon->years);
    last = g_strsplit (lines[dataset->horizon->years], ",", -1);
    g_assert_cmpint (atoi (last[0]), ==, dataset->horizon->first_year + (int) dataset->horizon->years - 1);
    g_assert_cmpfloat_with_epsilon (g_ascii_strtod (last[4], NULL), best->savings_npv,
                                    1e-6 * fabs (best->savings_npv));
    test_remove_tree (dir);
  }

  /* A dataset without a horizon: no Roadmap page, no horizon figures,
   * and the window leaves the roadmap for the cost curves. */
  path = g_build_filename (g_getenv ("STRATA_SOURCE_ROOT"), "tests", "data", "cli", "small.strata.json", NULL);
  file = g_file_new_for_path (path);
  strata_window_open (window, file);
  {
    gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

    while (_strata_window_is_loading (window) && g_get_monotonic_time () < deadline)
      g_main_context_iteration (NULL, TRUE);
  }
  dataset = _strata_window_get_dataset (window);
  g_assert_null (dataset->horizon);
  g_assert_false (adw_view_stack_page_get_visible (window->roadmap_page));
  g_assert_cmpint (_strata_window_get_view_kind (window), ==, STRATA_CHART_COST_CURVES);
  g_assert_false (strata_window_set_view (window, "roadmap"));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window->horizon_value)));

  close_window (window);
}

static const char *
platform_option (StrataWindow *window)
{
  StrataDataset *dataset = _strata_window_get_dataset (window);

  for (guint l = 0; l < dataset->n_layers; l++)
    if (g_str_equal (dataset->layers[l].id, "platform"))
      return dataset->layers[l].options[_strata_window_get_choices (window)[l]].id;
  g_assert_not_reached ();
}

/* Issue 9, item 2: the objective switch.  On the AI cloud stack at 10 B
 * the optimal strategy keeps the open marketplace when ecosystem value
 * counts and picks the closed platform on cash cost; the strip names the
 * figure it shows; the choice reaches the charts' request and is
 * remembered by the next window. */
static void
test_objective_switch (void)
{
  StrataWindow *window;
  StrataWindow *second;
  StrataDataset *dataset;
  const StrataStrategy *optimal;
  StrataChartRequest request;
  GSettings *settings;
  StrataOutcome outcome;
  g_autofree char *unit_cost = NULL;
  g_autofree char *effective = NULL;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }
  settings = strata_application_get_settings (app);

  window = open_sample_window (app, "ai-cloud-stack");
  dataset = _strata_window_get_dataset (window);
  optimal = strata_dataset_find_strategy (dataset, STRATA_STRATEGY_OPTIMAL);
  g_assert_nonnull (optimal);
  _strata_window_set_strategy (window, (int) (optimal - dataset->strategies));
  g_assert_cmpfloat (_strata_window_get_volume (window), ==, 10e9);

  g_assert_cmpint (_strata_window_get_objective (window), ==, STRATA_OBJECTIVE_EFFECTIVE);
  g_assert_cmpstr (platform_option (window), ==, "model-marketplace");
  g_assert_cmpstr (_strata_window_get_summary_text (window, "cost-caption"), ==, "Effective Unit Cost");

  /* The sidebar's toggle is the win.objective action. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.objective", "s", "cash"));
  g_assert_cmpint (_strata_window_get_objective (window), ==, STRATA_OBJECTIVE_CASH);
  g_assert_cmpstr (platform_option (window), ==, "closed-platform");
  g_assert_cmpstr (_strata_window_get_strategy_name (window), ==, optimal->name);

  /* The strip shows unit_cost as "Unit Cost" and names the other. */
  strata_evaluate (dataset, _strata_window_get_choices (window), 10e9, &outcome, NULL);
  unit_cost = strata_format_money (outcome.unit_cost, dataset->currency);
  {
    g_autofree char *money = strata_format_money (outcome.effective_unit_cost, dataset->currency);

    effective = g_strdup_printf (";\nits effective unit cost %s", money);
  }
  g_assert_cmpstr (_strata_window_get_summary_text (window, "cost-caption"), ==, "Unit Cost");
  g_assert_cmpstr (_strata_window_get_summary_text (window, "effective"), ==, unit_cost);
  g_assert_nonnull (strstr (_strata_window_get_summary_text (window, "effective-detail"), effective));
  g_assert_cmpstr (_strata_window_get_summary_text (window, "profit-caption"), ==, "Unit Profit");

  /* The charts are asked for the same objective. */
  _strata_window_build_request (window, &request);
  g_assert_cmpint (request.objective, ==, STRATA_OBJECTIVE_CASH);
  {
    g_autofree char *csv = NULL;
    g_autofree char *source = strata_chart_source_line (STRATA_CHART_COST_CURVES, &request);

    /* The curves plot the unit cost, and say so, to the source line. */
    g_assert_true (strata_window_set_view (window, "cost-curves"));
    csv = _strata_window_dup_data_csv (window);
    g_assert_nonnull (strstr (csv, "Optimal: unit cost ("));
    g_assert_null (strstr (csv, "effective unit cost"));
    g_assert_nonnull (strstr (source, "Objective: cash cost"));
    g_assert_cmpfloat (strata_strategy_cost (dataset, optimal, STRATA_OBJECTIVE_CASH, 10e9), ==, outcome.unit_cost);
  }

  /* Remembered: in the settings, and by the next window. */
  g_assert_nonnull (settings);
  {
    g_autofree char *saved = g_settings_get_string (settings, "objective");

    g_assert_cmpstr (saved, ==, "cash");
  }
  second = open_sample_window (app, "ai-cloud-stack");
  g_assert_cmpint (_strata_window_get_objective (second), ==, STRATA_OBJECTIVE_CASH);
  close_window (second);

  /* An unknown name changes nothing. */
  g_assert_false (_strata_window_set_objective (window, "profit"));
  g_assert_cmpint (_strata_window_get_objective (window), ==, STRATA_OBJECTIVE_CASH);

  /* And back. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.objective", "s", "effective"));
  g_assert_cmpstr (platform_option (window), ==, "model-marketplace");
  g_assert_cmpstr (_strata_window_get_summary_text (window, "cost-caption"), ==, "Effective Unit Cost");
  close_window (window);
}

/* strata --view roadmap asks for the roadmap before the dataset (and so
 * the horizon) is there: the window shows it once the dataset has one. */
static void
test_roadmap_asked_first (void)
{
  StrataWindow *window;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }
  window = strata_window_new (app);
  g_assert_true (strata_window_set_view (window, "roadmap"));
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  strata_window_open_sample (window, "ai-cloud-stack");
  gtk_window_present (GTK_WINDOW (window));
  while (_strata_window_get_view_kind (window) != STRATA_CHART_ROADMAP &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (_strata_window_get_dataset (window)->horizon);
  g_assert_cmpint (_strata_window_get_view_kind (window), ==, STRATA_CHART_ROADMAP);
  close_window (window);
}

static gboolean
breakeven_settled (gpointer data)
{
  return !_strata_window_is_finding_breakeven (data);
}

/* A strategy that crosses All neutral twice: the summary's Break-Even
 * card shows the first crossing whole (it used to read "7.31 k, 83…"
 * in a narrow card) and its detail line names the second. */
static void
test_breakeven_two_crossings (void)
{
  g_autofree char *path = NULL;
  StrataWindow *window;
  StrataDataset *dataset;
  const StrataStrategy *own;
  g_autoptr(GArray) crossings = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  const char *detail;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  path = g_build_filename (g_getenv ("STRATA_SOURCE_ROOT"), "tests", "data", "cli",
                           "two-crossings.strata.json", NULL);
  window = open_file_window (app, path);
  dataset = _strata_window_get_dataset (window);
  own = strata_dataset_find_strategy (dataset, "own");
  g_assert_nonnull (own);
  _strata_window_set_strategy (window, (int) (own - dataset->strategies));
  g_assert_true (wait_until (breakeven_settled, window));

  crossings = strata_breakeven (dataset, own, strata_dataset_find_strategy (dataset, STRATA_STRATEGY_ALL_NEUTRAL));
  g_assert_cmpuint (crossings->len, ==, 2);
  first = strata_format_volume (g_array_index (crossings, StrataCrossing, 0).volume);
  second = strata_format_volume (g_array_index (crossings, StrataCrossing, 1).volume);
  g_assert_cmpstr (first, ==, "7.31 k");
  g_assert_cmpstr (_strata_window_get_summary_text (window, "breakeven"), ==, first);
  detail = _strata_window_get_summary_text (window, "breakeven-detail");
  g_test_message ("break-even card: %s / %s", first, detail);
  {
    /* "again at 5.67 M", never wrapped between "5.67" and "M". */
    g_autofree char *kept = _strata_window_keep_amounts (second);

    g_assert_nonnull (strstr (detail, kept));
  }
  /* The card names what it is the break-even with (a board slide
   * copies "7.31 k" and needs "with all neutral" beside it). */
  g_assert_true (g_str_has_prefix (detail, "units/yr with all neutral, and again at "));

  close_window (window);
}

/* The summary's details never break inside an amount: not between a
 * figure and its suffix ("$6.68 B"), nor after the minus sign of a loss
 * ("cash profit -" / "$1,588.04" in a narrow card); a hyphen in a word
 * and a minus before a digit stay as they are. */
static void
test_keep_amounts (void)
{
  static const struct { const char *in, *out; } cases[] = {
    { "peak funding $6.68 B", "peak funding $6.68\xC2\xA0" "B" },
    { "cash profit -$1,588.04", "cash profit -\xE2\x81\xA0$1,588.04" },
    { "-\xE2\x82\xAC" "12", "-\xE2\x81\xA0\xE2\x82\xAC" "12" },
    { "change -3.5 %", "change -3.5 %" },
    { "well-known - apart", "well-known - apart" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *kept = _strata_window_keep_amounts (cases[i].in);

      g_assert_cmpstr (kept, ==, cases[i].out);
    }
}

/* The strategy drop-down searches the names of a dataset of many
 * strategies (none above a sample's few). */
static void
test_strategy_search (void)
{
  g_autofree char *dir = NULL, *path = NULL;
  g_autoptr(GString) json = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  StrataWindow *window;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }
  path = g_build_filename (g_getenv ("STRATA_SOURCE_ROOT"), "data", "datasets", "ai-cloud-stack.strata.json", NULL);
  window = open_file_window (app, path);
  g_assert_false (gtk_drop_down_get_enable_search (window->strategy_dropdown));
  close_window (window);
  g_clear_pointer (&path, g_free);

  g_string_append (json, "{\"format\": \"strata-stack/1\", \"title\": \"Many strategies\", "
                         "\"unit\": \"unit\", \"currency\": \"USD\", "
                         "\"volume\": {\"min\": 1000, \"max\": 1000000, \"default\": 4000}, "
                         "\"layers\": [{\"id\": \"chips\", \"name\": \"Chips\", \"options\": ["
                         "{\"id\": \"buy\", \"name\": \"Buy\", \"mode\": \"neutral\", \"supplier_cost\": 2, "
                         "\"margin\": 0.2}, {\"id\": \"make\", \"name\": \"Make\", \"mode\": \"integrated\", "
                         "\"unit_cost\": 1, \"fixed_cost\": 1000}]}], \"strategies\": [");
  for (guint i = 0; i < 20; i++)
    g_string_append_printf (json, "%s{\"id\": \"s%u\", \"name\": \"Plan %u\", \"choices\": {\"chips\": \"%s\"}}",
                            i > 0 ? ", " : "", i, i, i % 2 ? "make" : "buy");
  g_string_append (json, "]}");
  dir = g_dir_make_tmp ("strata-views-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "many.strata.json", NULL);
  g_assert_true (g_file_set_contents (path, json->str, -1, &error));
  g_assert_no_error (error);

  window = open_file_window (app, path);
  g_assert_cmpuint (_strata_window_get_dataset (window)->n_strategies, ==, 23);
  g_assert_true (gtk_drop_down_get_enable_search (window->strategy_dropdown));
  g_assert_nonnull (gtk_drop_down_get_expression (window->strategy_dropdown));
  close_window (window);
  g_unlink (path);
  g_rmdir (dir);
}

/* Issue 15: a new window's first chart is laid out and painted by the
 * worker that works out its model's answers while GTK sets up its
 * renderer; the main thread only shows its picture.  The Cost Curves
 * view learns the width of the buttons over its title when they are
 * mapped, before that picture: the worker takes it (it dropped the
 * worker, and the main thread did all its work again in the first frame:
 * twice the first frame's painting). */
static void
test_first_picture (void)
{
  StrataWindow *window;
  StrataChartView *view;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }
  window = open_sample_window (app, "ai-cloud-stack");
  view = STRATA_CHART_VIEW (_strata_window_get_chart_view (window));
  g_assert_cmpint (strata_chart_view_get_kind (view), ==, STRATA_CHART_COST_CURVES);
  g_assert_true (_strata_chart_view_has_first_picture (view));
  close_window (window);
}

/* Issue 15: the pages the first frame does not show are built when first
 * shown (strata-window-pages.c), and then work as if they had been there
 * from the start: the window's request drawn, the accessible name, the
 * signals, the outcome chosen before the Uncertainty page existed. */
static void
test_lazy_pages (void)
{
  static const struct {
    StrataChartKind  kind;
    const char      *words;   /* in its description */
  } lazy[] = {
    { STRATA_CHART_VALUE_CHAIN, "" },
    { STRATA_CHART_COMPARE, "" },
    { STRATA_CHART_LADDER, "" },
    { STRATA_CHART_TORNADO, "savings_npv" },
    { STRATA_CHART_ROADMAP, "" },
  };
  StrataWindow *window;
  StrataDataset *dataset;
  guint choice;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }
  window = open_sample_window (app, "ai-cloud-stack");
  dataset = _strata_window_get_dataset (window);
  g_assert_nonnull (dataset->horizon);
  for (guint i = 0; i < G_N_ELEMENTS (lazy); i++)
    {
      g_assert_false (_strata_window_view_is_built (window, lazy[i].kind));
      g_assert_null (_strata_window_peek_view (window, lazy[i].kind));
    }
  g_assert_null (window->outcome_dropdown);
  g_assert_null (window->roadmap_status);
  g_assert_true (_strata_window_view_is_built (window, STRATA_CHART_COST_CURVES));
  g_assert_true (_strata_window_view_is_built (window, STRATA_CHART_CHANCES));

  /* Changes made while the pages are not built reach them when they are. */
  _strata_window_set_outcome (window, STRATA_TORNADO_SAVINGS);
  _strata_window_set_volume (window, dataset->volume_min * 2);

  for (guint i = 0; i < G_N_ELEMENTS (lazy); i++)
    {
      StrataChartView *view;

      /* As the view switchers and the shortcuts show a page. */
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.view", "s",
                                                 strata_chart_kind_to_string (lazy[i].kind)));
      g_assert_cmpint (_strata_window_get_view_kind (window), ==, lazy[i].kind);
      g_assert_true (_strata_window_view_is_built (window, lazy[i].kind));
      view = _strata_window_peek_view (window, lazy[i].kind);
      g_assert_true (GTK_WIDGET (view) == _strata_window_get_chart_view (window));
      g_assert_cmpint (strata_chart_view_get_kind (view), ==, lazy[i].kind);
      wait_for_drawn (view);
      g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (view)));
      /* Named (by its page until drawn, then by its chart's title, as
       * every view) and described. */
      g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL));
      wait_for_description (view, lazy[i].words);
      /* The pages not shown yet are still not built. */
      for (guint j = i + 1; j < G_N_ELEMENTS (lazy); j++)
        g_assert_false (_strata_window_view_is_built (window, lazy[j].kind));
    }

  /* The outcome asked for before the page was built is the one selected. */
  g_assert_nonnull (window->outcome_dropdown);
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (window->outcome_dropdown)), ==,
                    window->n_outcome_items);
  g_assert_cmpint (window->outcome_items[gtk_drop_down_get_selected (window->outcome_dropdown)], ==,
                   STRATA_TORNADO_SAVINGS);
  g_assert_nonnull (gtk_widget_get_tooltip_text (GTK_WIDGET (window->outcome_dropdown)));
  g_assert_nonnull (window->roadmap_status);

  /* The signals of the views built later: a click on the ladder moves
   * the volume, a block of the value chain flips its layer. */
  g_signal_emit_by_name (window->ladder_view, "volume-activated", dataset->volume_max);
  g_assert_cmpfloat (_strata_window_get_volume (window), ==, dataset->volume_max);
  choice = _strata_window_get_choices (window)[1];
  g_signal_emit_by_name (window->value_chain_view, "layer-activated", 1u);
  g_assert_cmpuint (_strata_window_get_choices (window)[1], !=, choice);

  /* Built once: showing a page again keeps its view. */
  {
    StrataChartView *ladder = window->ladder_view;

    g_assert_true (strata_window_set_view (window, "cost-curves"));
    g_assert_true (strata_window_set_view (window, "ladder"));
    g_assert_true (window->ladder_view == ladder);
    wait_for_drawn (ladder);
  }
  close_window (window);
}

/* The window's narrowest width now: what it can be shrunk to. */
static int
min_width (StrataWindow *window)
{
  int min = 0;

  for (int i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
  gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
  return min;
}

/* Names are the user's: a layer, option or strategy named by one long
 * word (a code, a URL, a language without spaces) wraps or ends in "…"
 * in every widget that shows it, as does a long unit in the summary's
 * details.  They widened the window to 1,600-2,100 px (the compare
 * list's check labels, the layer rows' names, the inspector's drop-down,
 * the summary), past a laptop's screen, with the sidebar pushed off. */
static void
test_long_names (void)
{
  g_autofree char *sample = g_build_filename (g_getenv ("STRATA_SOURCE_ROOT"), "data", "datasets",
                                              "retailer.strata.json", NULL);
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autofree char *word = g_strnfill (200, 'W');
  g_autofree char *unit = g_strnfill (40, 'U');
  g_autoptr(GString) json = NULL;
  g_autoptr(GError) error = NULL;
  static const char * const views[] = {
    "cost-curves", "value-chain", "compare", "ladder", "tornado", "roadmap", "chances"
  };
  static const char * const fields[] = {
    "layers.storefront.name", "layers.storefront.options.own-marketplace.fixed_cost",
    "strategies.owned-brands.name", "title"
  };
  StrataWindow *window;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  g_assert_true (g_file_get_contents (sample, &text, NULL, &error));
  g_assert_no_error (error);
  json = g_string_new (text);
  /* The retailer's names and unit, each made one long word. */
  {
    g_autofree char *layer = g_strdup_printf ("\"name\": \"%s\"", word);
    g_autofree char *strategy = g_strdup_printf ("\"name\": \"S%s\"", word);
    g_autofree char *long_unit = g_strdup_printf ("\"unit\": \"%s\"", unit);

    g_assert_cmpuint (g_string_replace (json, "\"name\": \"Storefront\"", layer, 1), ==, 1);
    g_assert_cmpuint (g_string_replace (json, "\"name\": \"Owned brands\"", strategy, 1), ==, 1);
    g_assert_cmpuint (g_string_replace (json, "\"unit\": \"orders\"", long_unit, 1), ==, 1);
  }
  dir = make_tmp_dir ();
  path = g_build_filename (dir, "long.strata.json", NULL);
  g_assert_true (g_file_set_contents (path, json->str, -1, &error));
  g_assert_no_error (error);

  window = open_file_window (app, path);
  g_assert_nonnull (_strata_window_get_dataset (window));
  g_assert_cmpuint (strlen (strata_dataset_find_strategy (_strata_window_get_dataset (window),
                                                          "owned-brands")->name), ==, 201);
  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    {
      g_assert_true (strata_window_set_view (window, views[i]));
      g_test_message ("%s: the window is at least %d px wide", views[i], min_width (window));
      g_assert_cmpint (min_width (window), <=, 1024);
    }
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.inspect-field", "s", fields[i]));
      g_test_message ("inspector on %s: the window is at least %d px wide", fields[i], min_width (window));
      g_assert_cmpint (min_width (window), <=, 1024);
    }
  close_window (window);
  test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_setenv ("GSK_RENDERER", "cairo", TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);

  g_test_init (&argc, &argv, NULL);
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);

  app = start_gui_app ();
  have_display = app != NULL;

  gui_test_add ("/strata/gui-views/copy-data", test_copy_data);
  gui_test_add ("/strata/gui-views/export-deck", test_export_deck);
  gui_test_add ("/strata/gui-views/print", test_print);
  gui_test_add ("/strata/gui-views/print-one-dialog", test_print_one_dialog);
  gui_test_add ("/strata/gui-views/progress-covered", test_progress_covered);
  gui_test_add ("/strata/gui-views/edited-title", test_edited_title);
  gui_test_add ("/strata/gui-views/roadmap-view", test_roadmap_view);
  gui_test_add ("/strata/gui-views/objective-switch", test_objective_switch);
  gui_test_add ("/strata/gui-views/roadmap-asked-first", test_roadmap_asked_first);
  gui_test_add ("/strata/gui-views/breakeven-two-crossings", test_breakeven_two_crossings);
  gui_test_add ("/strata/gui-views/lazy-pages", test_lazy_pages);
  gui_test_add ("/strata/gui-views/first-picture", test_first_picture);
  gui_test_add ("/strata/gui-views/strategy-search", test_strategy_search);
  gui_test_add ("/strata/gui-views/long-names", test_long_names);
  g_test_add_func ("/strata/gui-views/keep-amounts", test_keep_amounts);

  ret = g_test_run ();

  g_clear_object (&app);
  return ret;
}

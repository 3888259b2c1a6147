/* test-gui-editor.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "strata/strata-save.h"

#include "strata-application.h"
#include "strata-test-dataset.h"
#include "strata-test-gui.h"
#include "strata-window-private.h"
#include "strata-inspector-private.h"
#include "strata-test-files.h"

/*
 * Editing in the app under a real display (xvfb-run): saving and reading
 * back, the unsaved-changes question and each of its answers, the file
 * changing on disk, and the inspector.  Every wait is on a condition, with
 * a deadline.
 */

static gboolean have_display;
static StrataApplication *app;

static gboolean
is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

static gboolean
has_dialog (gpointer data)
{
  return _strata_window_get_dialog (data) != NULL;
}

static gboolean
is_null (gpointer data)
{
  return *(gpointer *) data == NULL;
}

/* A dataset of the tests' own (the samples' figures change), in Strata's
 * layout but for one number in another form, with a key Strata does not
 * know. */
static const char fixture[] =
  "{\n"
  "  \"format\": \"strata-stack/1\",\n"
  "  \"title\": \"Fixture stack\",\n"
  "  \"unit\": \"1M tokens\",\n"
  "  \"currency\": \"USD\",\n"
  "  \"x-reviewed-by\": \"someone\",\n"
  "  \"volume\": {\n"
  "    \"min\": 1e6,\n"
  "    \"max\": 1e12,\n"
  "    \"default\": 1e9\n"
  "  },\n"
  "  \"layers\": [\n"
  "    {\n"
  "      \"id\": \"chips\",\n"
  "      \"name\": \"Chips\",\n"
  "      \"options\": [\n"
  "        {\n"
  "          \"id\": \"gpu\",\n"
  "          \"mode\": \"neutral\",\n"
  "          \"supplier_cost\": 0.1,\n"
  "          \"margin\": {\"value\": 0.75, \"low\": 0.7, \"high\": 0.8}\n"
  "        },\n"
  "        {\n"
  "          \"id\": \"asic\",\n"
  "          \"mode\": \"integrated\",\n"
  "          \"unit_cost\": 0.05,\n"
  "          \"fixed_cost\": 3000000000.0\n"
  "        }\n"
  "      ]\n"
  "    },\n"
  "    {\n"
  "      \"id\": \"models\",\n"
  "      \"options\": [\n"
  "        {\n"
  "          \"id\": \"api\",\n"
  "          \"mode\": \"neutral\",\n"
  "          \"price\": 0.5,\n"
  "          \"margin\": 0.4\n"
  "        }\n"
  "      ]\n"
  "    }\n"
  "  ]\n"
  "}\n";

#define FIXTURE_TITLE "\"title\": \"Fixture stack\""

/* The fixture in a folder of its own. */
static char *
write_fixture (char **dir)
{
  g_autoptr(GError) error = NULL;
  char *path;

  *dir = g_dir_make_tmp ("strata-editor-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (*dir, "stack.strata.json", NULL);
  g_file_set_contents (path, fixture, -1, &error);
  g_assert_no_error (error);
  return path;
}

/* Sets the chips' in-house fixed cost through the scenario, as the
 * inspector does. */
static void
edit_fixed_cost (StrataWindow *window,
                 double        value)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_node_init_double (json_node_alloc (), value);

  g_assert_true (strata_scenario_set_field (_strata_window_get_scenario (window),
                                            "layers.chips.options.asic.fixed_cost",
                                            node, &error));
  g_assert_no_error (error);
}

static double
fixed_cost (const StrataDataset *dataset)
{
  int layer = strata_dataset_find_layer (dataset, "chips");
  int option = strata_dataset_find_option (dataset, layer, "asic");

  g_assert_cmpint (option, >=, 0);
  return dataset->layers[layer].options[option].fixed_cost.value;
}

/* Answers the question on screen as a click does: the response, then the
 * dialog closes. */
static void
answer (StrataWindow *window,
        const char   *response)
{
  g_autoptr(AdwMessageDialog) dialog = g_object_ref (_strata_window_get_dialog (window));

  g_assert_true (adw_message_dialog_has_response (dialog, response));
  adw_message_dialog_response (dialog, response);
  gtk_window_close (GTK_WINDOW (dialog));
}

static gboolean
title_is_dirty (StrataWindow *window)
{
  return g_str_has_prefix (gtk_window_get_title (GTK_WINDOW (window)), "• ");
}

typedef struct
{
  StrataWindow *window;
  guint         events;   /* of the file on disk, that the window acts on */
} DiskEvents;

/* Connected after the window's own handler: counts the events of the file
 * that the window has had (and so has started to look at the disk). */
static void
on_disk_event_cb (GFileMonitor      *monitor,
                  GFile             *file,
                  GFile             *other,
                  GFileMonitorEvent  event,
                  DiskEvents        *seen)
{
  if (event != G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED && event != G_FILE_MONITOR_EVENT_PRE_UNMOUNT)
    seen->events++;
}

/* The window has had an event of its file and has looked at the disk
 * since (its look waits for a burst of writes to end). */
static gboolean
disk_looked_at (gpointer data)
{
  DiskEvents *seen = data;

  return seen->events > 0 && seen->window->check_source == 0;
}

static void
test_save_and_reload (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(StrataDataset) reloaded = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines_before = NULL;
  g_auto(GStrv) lines_after = NULL;
  StrataWindow *window;
  guint n_changed = 0;
  DiskEvents seen = { NULL, 0 };

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  path = write_fixture (&dir);
  window = open_file_window (app, path);
  g_assert_false (title_is_dirty (window));
  seen.window = window;
  g_assert_nonnull (window->monitor);
  g_signal_connect (window->monitor, "changed", G_CALLBACK (on_disk_event_cb), &seen);

  /* A save without edits writes the file in Strata's layout... */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.save", NULL));
  g_file_get_contents (path, &before, NULL, &error);
  g_assert_no_error (error);

  edit_fixed_cost (window, 4.5e9);
  g_assert_true (title_is_dirty (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.save", NULL));
  g_assert_false (title_is_dirty (window));
  g_assert_false (strata_scenario_get_modified (_strata_window_get_scenario (window)));

  /* Read back, the file is the window's dataset, field for field. */
  reloaded = strata_dataset_load_file (path, &error);
  g_assert_no_error (error);
  test_assert_dataset_equal (reloaded, _strata_window_get_dataset (window));
  g_assert_cmpfloat (fixed_cost (reloaded), ==, 4.5e9);

  /* ...and a save after an edit changes only the edited line. */
  g_file_get_contents (path, &after, NULL, &error);
  g_assert_no_error (error);
  lines_before = g_strsplit (before, "\n", -1);
  lines_after = g_strsplit (after, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines_before), ==, g_strv_length (lines_after));
  for (guint i = 0; lines_before[i] != NULL; i++)
    {
      if (g_strcmp0 (lines_before[i], lines_after[i]) == 0)
        continue;
      n_changed++;
      g_assert_nonnull (strstr (lines_after[i], "\"fixed_cost\": "));
    }
  g_assert_cmpuint (n_changed, ==, 1);

  /* Our own save is not a change on disk: once the window has had the
   * saves' events and looked, nothing is reloaded or asked. */
  g_assert_true (wait_until (disk_looked_at, &seen));
  g_signal_handlers_disconnect_by_data (window->monitor, &seen);
  g_assert_false (_strata_window_is_loading (window));
  g_assert_null (_strata_window_get_dialog (window));
  g_assert_cmpfloat (fixed_cost (_strata_window_get_dataset (window)), ==, 4.5e9);

  gtk_window_destroy (GTK_WINDOW (window));
  test_remove_tree (dir);
}

/* Closing with unsaved changes asks; Cancel keeps the window and the edit. */
static void
test_unsaved_cancel (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  StrataWindow *window;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  path = write_fixture (&dir);
  window = open_file_window (app, path);
  edit_fixed_cost (window, 1e9);

  gtk_window_close (GTK_WINDOW (window));
  g_assert_true (wait_until (has_dialog, window));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  answer (window, "cancel");

  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  g_assert_true (strata_scenario_get_modified (_strata_window_get_scenario (window)));
  g_assert_cmpfloat (fixed_cost (_strata_window_get_dataset (window)), ==, 1e9);
  g_assert_true (title_is_dirty (window));

  gtk_window_destroy (GTK_WINDOW (window));
  test_remove_tree (dir);
}

/* New with unsaved changes asks; Discard drops them for the new dataset,
 * and the file on disk is untouched. */
static void
test_unsaved_discard (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(StrataDataset) on_disk = NULL;
  g_autoptr(GError) error = NULL;
  StrataWindow *window;
  StrataDataset *dataset;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  path = write_fixture (&dir);
  window = open_file_window (app, path);
  edit_fixed_cost (window, 1e9);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new", NULL));
  g_assert_true (wait_until (has_dialog, window));
  /* Nothing happened yet. */
  g_assert_cmpfloat (fixed_cost (_strata_window_get_dataset (window)), ==, 1e9);
  answer (window, "discard");

  dataset = _strata_window_get_dataset (window);
  g_assert_cmpstr (dataset->title, ==, "Untitled stack");
  g_assert_cmpuint (dataset->n_layers, ==, 2);
  g_assert_null (_strata_window_get_file (window));
  g_assert_false (strata_scenario_get_modified (_strata_window_get_scenario (window)));
  g_assert_false (title_is_dirty (window));

  on_disk = strata_dataset_load_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (fixed_cost (on_disk), ==, 3e9);

  /* Nothing unsaved now: closing does not ask. */
  {
    gpointer weak = window;

    g_object_add_weak_pointer (G_OBJECT (window), &weak);
    gtk_window_close (GTK_WINDOW (window));
    g_assert_true (wait_until (is_null, &weak));
  }
  test_remove_tree (dir);
}

/* Closing with unsaved changes asks; Save writes the file, then closes. */
static void
test_unsaved_save (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(StrataDataset) on_disk = NULL;
  g_autoptr(GError) error = NULL;
  StrataWindow *window;
  gpointer weak;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  path = write_fixture (&dir);
  window = open_file_window (app, path);
  edit_fixed_cost (window, 2.25e9);

  weak = window;
  g_object_add_weak_pointer (G_OBJECT (window), &weak);
  gtk_window_close (GTK_WINDOW (window));
  g_assert_true (wait_until (has_dialog, window));
  answer (window, "save");
  g_assert_true (wait_until (is_null, &weak));

  on_disk = strata_dataset_load_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (fixed_cost (on_disk), ==, 2.25e9);
  test_remove_tree (dir);
}

typedef struct
{
  StrataWindow *window;
  const char   *title;
} TitleWait;

static gboolean
has_title (gpointer data)
{
  TitleWait *wait = data;
  StrataDataset *dataset = _strata_window_get_dataset (wait->window);

  return !_strata_window_is_loading (wait->window) && dataset != NULL &&
         g_strcmp0 (dataset->title, wait->title) == 0;
}

/* Writes @path as another program would: the same dataset, a new title. */
static void
retitle_on_disk (const char *path,
                 const char *title)
{
  g_autofree char *contents = NULL;
  g_autoptr(GString) text = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *replacement = g_strdup_printf ("\"title\": \"%s\"", title);

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  text = g_string_new (contents);
  g_assert_cmpuint (g_string_replace (text, FIXTURE_TITLE, replacement, 1), ==, 1);
  g_file_set_contents (path, text->str, text->len, &error);
  g_assert_no_error (error);
}

/* A file changed by another program is reloaded when nothing is unsaved. */
static void
test_reload_when_clean (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  StrataWindow *window;
  TitleWait wait;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  path = write_fixture (&dir);
  window = open_file_window (app, path);
  retitle_on_disk (path, "Changed elsewhere");

  wait.window = window;
  wait.title = "Changed elsewhere";
  g_assert_true (wait_until (has_title, &wait));
  g_assert_null (_strata_window_get_dialog (window));
  g_assert_false (strata_scenario_get_modified (_strata_window_get_scenario (window)));

  gtk_window_destroy (GTK_WINDOW (window));
  test_remove_tree (dir);
}

/* With unsaved changes it asks; Keep Mine keeps them, Reload takes the
 * file's. */
static void
test_reload_when_dirty (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  StrataWindow *window;
  TitleWait wait;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  path = write_fixture (&dir);
  window = open_file_window (app, path);
  edit_fixed_cost (window, 1e9);

  retitle_on_disk (path, "First change elsewhere");
  g_assert_true (wait_until (has_dialog, window));
  answer (window, "keep");
  g_assert_cmpfloat (fixed_cost (_strata_window_get_dataset (window)), ==, 1e9);
  g_assert_true (strata_scenario_get_modified (_strata_window_get_scenario (window)));

  g_assert_true (wait_until (is_null, &window->dialog));
  {
    g_autofree char *contents = NULL;
    g_autoptr(GString) text = NULL;

    g_file_get_contents (path, &contents, NULL, NULL);
    text = g_string_new (contents);
    g_string_replace (text, "First change elsewhere", "Second change elsewhere", 1);
    g_file_set_contents (path, text->str, text->len, NULL);
  }
  g_assert_true (wait_until (has_dialog, window));
  answer (window, "reload");

  wait.window = window;
  wait.title = "Second change elsewhere";
  g_assert_true (wait_until (has_title, &wait));
  g_assert_cmpfloat (fixed_cost (_strata_window_get_dataset (window)), ==, 3e9);
  g_assert_false (strata_scenario_get_modified (_strata_window_get_scenario (window)));

  gtk_window_destroy (GTK_WINDOW (window));
  test_remove_tree (dir);
}

static double
margin_of (StrataWindow *window)
{
  StrataDataset *dataset = _strata_window_get_dataset (window);
  int layer = strata_dataset_find_layer (dataset, "chips");
  int option = strata_dataset_find_option (dataset, layer, "gpu");

  return dataset->layers[layer].options[option].margin.value;
}

/* Types @text into the @part of the field at @path and presses Enter. */
static void
type_into (StrataInspector *inspector,
           const char      *path,
           const char      *part,
           const char      *text)
{
  GtkEditable *entry = _strata_inspector_find_entry (inspector, path, part);

  g_assert_nonnull (entry);
  gtk_editable_set_text (entry, text);
  g_signal_emit_by_name (entry, "activate");
}

/* The inspector checks numbers as they are typed: a value that breaks
 * the rule never reaches the dataset, the row says the rule and the value
 * still in use; a valid one is one step of the history. */
static void
test_inspector_validation (void)
{
  static const char *margin = "layers.chips.options.gpu.margin";
  static const char *fixed = "layers.chips.options.asic.fixed_cost";
  const StrataFieldInfo *margin_field = strata_field_lookup (STRATA_SCOPE_OPTION, "margin");
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  StrataInspector *inspector;
  StrataScenario *scenario;
  StrataWindow *window;
  const char *message;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  path = write_fixture (&dir);
  window = open_file_window (app, path);
  scenario = _strata_window_get_scenario (window);
  inspector = _strata_window_get_inspector (window);
  _strata_window_inspect (window, "layer:chips", TRUE);
  g_assert_true (wait_until (is_mapped, inspector));
  g_assert_cmpstr (strata_inspector_get_selection (inspector), ==, "layer:chips");

  /* The row says the unit and the rule before anything is typed. */
  message = _strata_inspector_get_message (inspector, margin);
  g_assert_nonnull (strstr (message, margin_field->rule_text));

  /* Out of range: refused as it is typed and on Enter. */
  gtk_editable_set_text (_strata_inspector_find_entry (inspector, margin, "value"), "1.5");
  message = _strata_inspector_get_message (inspector, margin);
  g_assert_nonnull (strstr (message, margin_field->rule_text));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (_strata_inspector_find_entry (inspector, margin, "value")),
                                           "error"));
  type_into (inspector, margin, "value", "1.5");
  message = _strata_inspector_get_message (inspector, margin);
  g_assert_nonnull (strstr (message, "Still using 0.75"));
  g_assert_cmpfloat (margin_of (window), ==, 0.75);
  g_assert_false (strata_scenario_get_modified (scenario));
  g_assert_false (strata_scenario_can_undo (scenario));

  /* Inside the rule but below its own low end: refused too. */
  type_into (inspector, margin, "value", "0.6");
  g_assert_cmpfloat (margin_of (window), ==, 0.75);
  g_assert_false (strata_scenario_can_undo (scenario));

  /* Not a number at all. */
  type_into (inspector, fixed, "value", "lots");
  message = _strata_inspector_get_message (inspector, fixed);
  g_assert_nonnull (strstr (message, "not a number"));
  g_assert_cmpfloat (fixed_cost (_strata_window_get_dataset (window)), ==, 3e9);

  /* A valid value is applied, named in the history, and undone exactly. */
  type_into (inspector, margin, "value", "0.72");
  g_assert_cmpfloat (margin_of (window), ==, 0.72);
  g_assert_true (strata_scenario_get_modified (scenario));
  g_assert_true (g_str_has_prefix (strata_scenario_get_undo_label (scenario), "Change"));
  g_assert_nonnull (strstr (strata_scenario_get_undo_label (scenario), "Margin"));
  g_assert_true (title_is_dirty (window));
  /* The page was rebuilt from the new dataset and shows it. */
  g_assert_cmpstr (gtk_editable_get_text (_strata_inspector_find_entry (inspector, margin, "value")), ==, "0.72");
  g_assert_cmpstr (gtk_editable_get_text (_strata_inspector_find_entry (inspector, margin, "low")), ==, "0.7");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  g_assert_cmpfloat (margin_of (window), ==, 0.75);
  g_assert_false (strata_scenario_get_modified (scenario));
  g_assert_cmpstr (gtk_editable_get_text (_strata_inspector_find_entry (inspector, margin, "value")), ==, "0.75");

  gtk_window_destroy (GTK_WINDOW (window));
  test_remove_tree (dir);
}

static GtkWidget *
find_button (GtkWidget  *widget,
             const char *label)
{
  /* Hidden (a page the inspector is freeing): not there for a user. */
  if (!gtk_widget_get_visible (widget))
    return NULL;
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_by_tooltip (GtkWidget  *widget,
                 const char *tooltip)
{
  /* Hidden (a page the inspector is freeing): not there for a user. */
  if (!gtk_widget_get_visible (widget))
    return NULL;
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_widget_get_tooltip_text (widget), tooltip) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_by_tooltip (child, tooltip);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Sources named by a layer and its options. */
static guint
count_attached (StrataDataset *dataset,
                guint          layer)
{
  const StrataLayer *l = &dataset->layers[layer];
  guint n = l->sources != NULL ? g_strv_length (l->sources) : 0;

  for (guint o = 0; o < l->n_options; o++)
    n += l->options[o].sources != NULL ? g_strv_length (l->options[o].sources) : 0;
  return n;
}

/* Sources are attached by picking one of the dataset's by its text, and
 * detached with a button: each one step of the history. */
/* The button of @tooltip on the inspector's page, once the page has made
 * its rows (it makes them a few at a time, and anew after an undo). */
static GtkWidget *
wait_for_button (StrataInspector *inspector,
                 const char      *tooltip)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  GtkWidget *found = NULL;

  while (found == NULL && g_get_monotonic_time () < deadline)
    {
      _strata_inspector_finish_page (inspector, NULL);
      found = find_by_tooltip (GTK_WIDGET (inspector), tooltip);
      if (found == NULL && !g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
  return found;
}

/* 60 links: the links page shows 25 at a time (4,096 links were 12,000
 * rows and gigabytes), and a field's path shows the page of its link. */
static void
test_inspector_links_pages (void)
{
  g_autoptr(GString) json = g_string_new ("{ \"format\": \"strata-stack/1\", \"title\": \"Links\", "
                                          "\"unit\": \"unit\", \"currency\": \"USD\", \"boundary_cost\": 0.01, "
                                          "\"volume\": { \"min\": 1e3, \"max\": 1e9, \"default\": 1e6 }, "
                                          "\"layers\": [");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  StrataInspector *inspector;
  StrataWindow *window;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  for (guint l = 0; l < 20; l++)
    g_string_append_printf (json, "%s{ \"id\": \"l%u\", \"options\": ["
                            "{ \"id\": \"n\", \"mode\": \"neutral\", \"supplier_cost\": 1, \"margin\": 0.2 }, "
                            "{ \"id\": \"i\", \"mode\": \"integrated\", \"unit_cost\": 2 } ] }",
                            l > 0 ? ", " : "", l);
  g_string_append (json, "], \"links\": [");
  for (guint k = 0; k < 60; k++)
    g_string_append_printf (json, "%s{ \"from\": \"l%u\", \"to\": \"l%u\", \"saving\": 0.0%02u }",
                            k > 0 ? ", " : "", k % 2, k % 2 + 1, k + 1);
  g_string_append (json, "] }");
  dir = g_dir_make_tmp ("strata-editor-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "links.strata.json", NULL);
  g_file_set_contents (path, json->str, -1, &error);
  g_assert_no_error (error);

  window = open_file_window (app, path);
  g_assert_cmpuint (_strata_window_get_dataset (window)->n_links, ==, 60);
  inspector = _strata_window_get_inspector (window);
  g_assert_true (strata_inspector_select_field (inspector, "links.55.saving"));
  g_assert_cmpstr (strata_inspector_get_selection (inspector), ==, "links");
  g_assert_nonnull (_strata_inspector_find_entry (inspector, "links.55.saving", "value"));
  g_assert_null (_strata_inspector_find_entry (inspector, "links.3.saving", "value"));
  g_assert_true (strata_inspector_select_field (inspector, "links.3.saving"));
  g_assert_nonnull (_strata_inspector_find_entry (inspector, "links.3.saving", "value"));
  g_assert_nonnull (_strata_inspector_find_entry (inspector, "links.24.saving", "value"));
  g_assert_null (_strata_inspector_find_entry (inspector, "links.25.saving", "value"));
  g_assert_null (_strata_inspector_find_entry (inspector, "links.55.saving", "value"));

  /* A link's layer is a choice of 20: the row holds its current one and
   * the next until its popover shows, then every layer, the current
   * selected, and a pick is an edit. */
  {
    GtkWidget *combo = _strata_inspector_find_widget (inspector, "links.3.from", "choice");
    GListModel *model;
    GtkStringObject *item;

    g_assert_nonnull (combo);
    model = adw_combo_row_get_model (ADW_COMBO_ROW (combo));
    g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
    item = adw_combo_row_get_selected_item (ADW_COMBO_ROW (combo));
    g_assert_cmpstr (gtk_string_object_get_string (item), ==, "l1");
    adw_action_row_activate (ADW_ACTION_ROW (combo));
    model = adw_combo_row_get_model (ADW_COMBO_ROW (combo));
    g_assert_cmpuint (g_list_model_get_n_items (model), ==, 20);
    item = adw_combo_row_get_selected_item (ADW_COMBO_ROW (combo));
    g_assert_cmpstr (gtk_string_object_get_string (item), ==, "l1");
    g_assert_cmpuint (_strata_window_get_dataset (window)->links[3].from, ==, 1);
    adw_combo_row_set_selected (ADW_COMBO_ROW (combo), 7);
    g_assert_cmpuint (_strata_window_get_dataset (window)->links[3].from, ==, 7);
  }

  gtk_window_destroy (GTK_WINDOW (window));
  test_remove_tree (dir);
}

static void
test_inspector_sources (void)
{
  StrataInspector *inspector;
  StrataScenario *scenario;
  StrataWindow *window;
  GtkWidget *button;
  g_autofree char *selection = NULL;
  guint before;
  guint layer;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  window = open_sample_window (app, "ai-cloud-stack");
  scenario = _strata_window_get_scenario (window);
  inspector = _strata_window_get_inspector (window);
  layer = 0;
  g_assert_cmpuint (_strata_window_get_dataset (window)->n_sources, >, 1);
  selection = g_strdup_printf ("layer:%s", _strata_window_get_dataset (window)->layers[layer].id);
  _strata_window_inspect (window, selection, TRUE);
  before = count_attached (_strata_window_get_dataset (window), layer);

  button = wait_for_button (inspector, "Attach");
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  g_assert_cmpuint (count_attached (_strata_window_get_dataset (window), layer), ==, before + 1);
  g_assert_true (strata_scenario_can_undo (scenario));
  strata_scenario_undo (scenario);
  g_assert_cmpuint (count_attached (_strata_window_get_dataset (window), layer), ==, before);

  if (before > 0)
    {
      _strata_window_inspect (window, selection, TRUE);
      button = wait_for_button (inspector, "Detach");
      g_assert_nonnull (button);
      g_signal_emit_by_name (button, "clicked");
      g_assert_cmpuint (count_attached (_strata_window_get_dataset (window), layer), ==, before - 1);
      strata_scenario_undo (scenario);
      g_assert_cmpuint (count_attached (_strata_window_get_dataset (window), layer), ==, before);
    }
  close_window (window);
}

static gboolean
first_layer_is_models (gpointer data)
{
  StrataDataset *dataset = _strata_window_get_dataset (data);

  return g_strcmp0 (dataset->layers[0].id, "models") == 0;
}

static GtkDropTarget *
drop_target_of (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        return GTK_DROP_TARGET (controller);
    }
  return NULL;
}

static GtkWidget *
find_option_group (GtkWidget  *widget,
                   const char *target)
{
  /* Hidden (a page the inspector is freeing): not there for a user. */
  if (!gtk_widget_get_visible (widget))
    return NULL;
  if (g_strcmp0 (g_object_get_data (G_OBJECT (widget), "strata-option-target"), target) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_option_group (child, target);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
first_chip_option_is_asic (gpointer data)
{
  StrataDataset *dataset = _strata_window_get_dataset (data);
  int layer = strata_dataset_find_layer (dataset, "chips");

  return g_strcmp0 (dataset->layers[layer].options[0].id, "asic") == 0;
}

/* Dropping an option's group on another's, on the layer's page, moves
 * the option there. */
static void
test_drag_options (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *first = NULL;
  StrataScenario *scenario;
  StrataWindow *window;
  GtkWidget *group;
  GValue value = G_VALUE_INIT;
  gboolean dropped = FALSE;
  int layer;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  path = write_fixture (&dir);
  window = open_file_window (app, path);
  scenario = _strata_window_get_scenario (window);
  layer = strata_dataset_find_layer (_strata_window_get_dataset (window), "chips");
  g_assert_cmpint (strata_dataset_find_option (_strata_window_get_dataset (window), layer, "asic"), >, 0);
  _strata_window_inspect (window, "layer:chips", TRUE);

  first = g_strdup_printf ("chips\n%s", _strata_window_get_dataset (window)->layers[layer].options[0].id);
  group = find_option_group (GTK_WIDGET (_strata_window_get_inspector (window)), first);
  g_assert_nonnull (group);
  g_value_init (&value, G_TYPE_STRING);
  g_value_set_string (&value, "chips\nasic");
  g_signal_emit_by_name (drop_target_of (group), "drop", &value, 1.0, 1.0, &dropped);
  g_value_unset (&value);
  g_assert_true (dropped);
  g_assert_true (wait_until (first_chip_option_is_asic, window));
  strata_scenario_undo (scenario);
  g_assert_false (first_chip_option_is_asic (window));

  gtk_window_destroy (GTK_WINDOW (window));
  test_remove_tree (dir);
}

/* Dropping a layer's row on another's moves the stack's layer there, as
 * one step of the history. */
static void
test_drag_layers (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  StrataScenario *scenario;
  StrataWindow *window;
  GtkDropTarget *target;
  GValue value = G_VALUE_INIT;
  gboolean dropped = FALSE;
  int models;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  path = write_fixture (&dir);
  window = open_file_window (app, path);
  scenario = _strata_window_get_scenario (window);
  models = strata_dataset_find_layer (_strata_window_get_dataset (window), "models");
  g_assert_cmpint (models, >, 0);
  g_assert_cmpstr (_strata_window_get_dataset (window)->layers[0].id, !=, "models");

  /* "models" dropped on the row of layer 0. */
  target = drop_target_of (_strata_window_get_layer_row (window, 0));
  g_assert_nonnull (target);
  g_value_init (&value, G_TYPE_UINT);
  g_value_set_uint (&value, (guint) models);
  g_signal_emit_by_name (target, "drop", &value, 1.0, 1.0, &dropped);
  g_assert_true (dropped);
  g_assert_true (wait_until (first_layer_is_models, window));
  g_assert_true (strata_scenario_can_undo (scenario));
  strata_scenario_undo (scenario);
  g_assert_cmpint (strata_dataset_find_layer (_strata_window_get_dataset (window), "models"), ==, models);

  gtk_window_destroy (GTK_WINDOW (window));
  test_remove_tree (dir);
}

/* From the inspector: a layer's edit button selects it, renaming it keeps
 * it selected (and undo restores the id), and the current choices saved
 * as a strategy are one step of the history. */
static void
test_inspector_structure (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  StrataInspector *inspector;
  StrataScenario *scenario;
  StrataWindow *window;
  StrataDataset *dataset;
  guint n_layers;
  guint n_strategies;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  path = write_fixture (&dir);
  window = open_file_window (app, path);
  scenario = _strata_window_get_scenario (window);
  inspector = _strata_window_get_inspector (window);
  _strata_window_inspect (window, "dataset", TRUE);
  g_assert_true (wait_until (is_mapped, inspector));

  n_layers = _strata_window_get_dataset (window)->n_layers;
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.inspect-layer", "u", 0));
  g_assert_cmpstr (strata_inspector_get_selection (inspector), ==, "layer:chips");

  /* Rename the layer: it stays selected under its new id.  Applying the
   * id unchanged first is no step at all. */
  {
    GtkEditable *id = _strata_inspector_find_entry (inspector, "layers.chips.id", "text");

    g_assert_nonnull (id);
    g_signal_emit_by_name (id, "apply");
    g_assert_false (strata_scenario_can_undo (scenario));
    g_assert_false (strata_scenario_get_modified (scenario));
    gtk_editable_set_text (id, "silicon");
    g_signal_emit_by_name (id, "apply");
  }
  dataset = _strata_window_get_dataset (window);
  g_assert_cmpint (strata_dataset_find_layer (dataset, "silicon"), ==, 0);
  g_assert_cmpstr (strata_inspector_get_selection (inspector), ==, "layer:silicon");
  g_assert_cmpuint (dataset->n_layers, ==, n_layers);

  strata_scenario_undo (scenario);
  g_assert_cmpint (strata_dataset_find_layer (_strata_window_get_dataset (window), "chips"), ==, 0);

  /* Save the current choices as a strategy. */
  n_strategies = _strata_window_get_dataset (window)->n_strategies;
  _strata_window_inspect (window, "strategies", TRUE);
  {
    GtkWidget *button = find_button (GTK_WIDGET (inspector), "_Save Current Choices as Strategy");

    g_assert_nonnull (button);
    g_signal_emit_by_name (button, "clicked");
  }
  g_assert_cmpuint (_strata_window_get_dataset (window)->n_strategies, ==, n_strategies + 1);
  g_assert_true (strata_scenario_get_modified (scenario));

  /* A horizon added from the Dataset page, then its years edited. */
  g_assert_null (_strata_window_get_dataset (window)->horizon);
  _strata_window_inspect (window, "dataset", TRUE);
  {
    GtkWidget *button = find_button (GTK_WIDGET (inspector), "Add _Horizon");

    g_assert_nonnull (button);
    g_signal_emit_by_name (button, "clicked");
  }
  g_assert_nonnull (_strata_window_get_dataset (window)->horizon);
  g_assert_null (find_button (GTK_WIDGET (inspector), "Add _Horizon"));
  type_into (inspector, "horizon.years", "value", "12");
  g_assert_cmpstr (strata_scenario_get_undo_label (scenario), !=, "Add Horizon");
  type_into (inspector, "horizon.years", "value", "7.5");
  g_test_message ("years 7.5: %s", _strata_inspector_get_message (inspector, "horizon.years"));
  g_assert_nonnull (strstr (_strata_inspector_get_message (inspector, "horizon.years"), "Still using 12"));

  gtk_window_destroy (GTK_WINDOW (window));
  test_remove_tree (dir);
}

static void
count_problem_cb (StrataInspector *inspector,
                  const char      *message,
                  guint           *count)
{
  (*count)++;
}

static gboolean
focus_is_path (gpointer data)
{
  StrataWindow *window = data;
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

  return focus != NULL &&
         (g_strcmp0 (g_object_get_data (G_OBJECT (focus), "strata-path"), "layers.chips.options.asic.fixed_cost") == 0 ||
          g_strcmp0 (g_object_get_data (G_OBJECT (gtk_widget_get_parent (focus)), "strata-path"),
                     "layers.chips.options.asic.fixed_cost") == 0);
}

typedef struct
{
  StrataWindow *window;
  const char   *path;
} FieldWait;

/* The focus is in @path's entry and the entry lies whole in the visible
 * part of its scrolled window. */
static gboolean
field_in_view (gpointer data)
{
  FieldWait *wait = data;
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (wait->window));
  GtkWidget *scrolled;
  graphene_rect_t bounds;
  const char *path = NULL;

  for (GtkWidget *w = focus; w != NULL && path == NULL; w = gtk_widget_get_parent (w))
    path = g_object_get_data (G_OBJECT (w), "strata-path");
  if (g_strcmp0 (path, wait->path) != 0)
    return FALSE;
  scrolled = gtk_widget_get_ancestor (focus, GTK_TYPE_SCROLLED_WINDOW);
  g_assert_nonnull (scrolled);
  return gtk_widget_compute_bounds (focus, scrolled, &bounds) && bounds.origin.y >= 0 &&
         bounds.origin.y + bounds.size.height <= gtk_widget_get_height (scrolled);
}

/* A field named by its path (a switch point's row) is shown where it is,
 * however far down its page: its entry was focused out of sight when the
 * page had just been made (the horizon's years, 1,086 px down a 703 px
 * view at 1280 x 800). */
static void
test_inspector_field_in_view (void)
{
  static const char *const paths[] = {
    "horizon.years",
    "layers.applications.options.first-party-apps.fixed_cost",
    "title",
    "horizon.discount_rate",
  };
  StrataWindow *window;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  /* A window made at its size, the inspector's pages not made yet. */
  window = strata_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  strata_window_open_sample (window, STRATA_DEFAULT_SAMPLE);
  gtk_window_present (GTK_WINDOW (window));
  wait_for_settled (window);
  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      FieldWait wait = { window, paths[i] };

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.inspect-field", "s", paths[i]));
      /* The main loop turned as on a busy machine, every 50 ms, for 2 s:
       * the entry got the focus before it was laid out, and the
       * viewport's own scroll to the focus found no place to go to. */
      for (guint k = 0; k < 40; k++)
        {
          while (g_main_context_iteration (NULL, FALSE))
            ;
          g_usleep (50 * G_TIME_SPAN_MILLISECOND);
        }
      if (!wait_until (field_in_view, &wait))
        g_error ("%s: its entry is not focused in view", paths[i]);
    }
  close_window (window);
}

/* The inspector's numbers: the shortest text that reads back as the
 * value, positional when short ("10" years, not "1e+01"), else the
 * exponent as typed ("1e7", not "1e+07"). */
static void
test_number_text (void)
{
  static const struct { double value; const char *text; } cases[] = {
    { 10, "10" }, { 2026, "2026" }, { 1, "1" }, { 0, "0" }, { 0.05, "0.05" }, { 0.0001, "0.0001" },
    { 100000, "100000" }, { 123456, "123456" }, { 123456789, "123456789" }, { 123456.789, "123456.789" },
    { 1e6, "1e6" }, { 1e7, "1e7" }, { 2.5e9, "2.5e9" }, { 3e8, "3e8" }, { 1e-5, "1e-5" },
    { 1.5e-10, "1.5e-10" }, { 1e100, "1e100" }, { -3e12, "-3e12" }, { -10, "-10" },
    { 0.1 + 0.2, "0.30000000000000004" }, { 1.0 / 3, "0.3333333333333333" },
    { 4.9406564584124654e-324, "5e-324" }, { 1.7976931348623157e308, "1.7976931348623157e308" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = _strata_format_shortest (cases[i].value);

      g_assert_cmpstr (text, ==, cases[i].text);
      g_assert_cmpfloat (g_ascii_strtod (text, NULL), ==, cases[i].value);
    }
}

/* What to edit is picked where it is seen: a click (or Enter) on a layer's
 * row in the sidebar, a field named by its path (the switch points list),
 * a block of the value chain.  A refused edit is said once, under its
 * row, never also in a toast. */
static void
test_inspector_select (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  StrataInspector *inspector;
  StrataScenario *scenario;
  StrataWindow *window;
  guint problems = 0;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  path = write_fixture (&dir);
  window = open_file_window (app, path);
  scenario = _strata_window_get_scenario (window);
  inspector = _strata_window_get_inspector (window);
  g_signal_connect (inspector, "problem", G_CALLBACK (count_problem_cb), &problems);

  /* The row of the second layer ("models"), activated as a click or Enter
   * does (the list's list.activate-item at the row's place, top of the
   * stack first): the inspector shows it. */
  g_assert_nonnull (_strata_window_get_layer_row (window, 1));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window->layers_list), "list.activate-item", "u",
                                             _strata_window_get_dataset (window)->n_layers - 1 - 1));
  g_assert_cmpstr (strata_inspector_get_selection (inspector), ==, "layer:models");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->sidebar_stack), ==, "edit");
  g_assert_true (wait_until (is_mapped, inspector));
  /* Flipping a layer is not a selection: the toggles still flip. */
  g_assert_false (strata_scenario_can_undo (scenario));

  /* A field by its path: its page, and the focus in its entry. */
  gtk_stack_set_visible_child_name (window->sidebar_stack, "scenario");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.inspect-field", "s",
                                             "layers.chips.options.asic.fixed_cost"));
  g_assert_cmpstr (strata_inspector_get_selection (inspector), ==, "layer:chips");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->sidebar_stack), ==, "edit");
  g_assert_true (wait_until (focus_is_path, window));
  g_assert_true (strata_inspector_select_field (inspector, "title"));
  g_assert_cmpstr (strata_inspector_get_selection (inspector), ==, "dataset");
  g_assert_false (strata_inspector_select_field (inspector, "horizon.years"));
  g_assert_false (strata_inspector_select_field (inspector, "links"));
  g_assert_cmpstr (strata_inspector_get_selection (inspector), ==, "links");

  /* A block of the value chain: flipped, and the one the inspector edits. */
  g_signal_emit_by_name (_strata_window_ensure_view (window, STRATA_CHART_VALUE_CHAIN), "layer-activated", 1u);
  g_assert_cmpstr (strata_inspector_get_selection (inspector), ==, "layer:models");

  /* A refused id: said under the row, once. */
  _strata_window_inspect (window, "layer:chips", TRUE);
  {
    GtkEditable *id = _strata_inspector_find_entry (inspector, "layers.chips.id", "text");

    gtk_editable_set_text (id, "Not An Id");
    g_assert_nonnull (_strata_inspector_get_message (inspector, "layers.chips.id"));
    g_assert_nonnull (strstr (_strata_inspector_get_message (inspector, "layers.chips.id"), "lowercase"));
    g_signal_emit_by_name (id, "apply");
    g_assert_cmpint (strata_dataset_find_layer (_strata_window_get_dataset (window), "chips"), ==, 0);
    /* Typing a valid one takes the message away. */
    gtk_editable_set_text (id, "chips");
    g_assert_null (_strata_inspector_get_message (inspector, "layers.chips.id"));
  }
  /* A number the dataset refuses (a neutral margin of 1): under the row. */
  type_into (inspector, "layers.chips.options.gpu.margin", "value", "1");
  g_assert_nonnull (strstr (_strata_inspector_get_message (inspector, "layers.chips.options.gpu.margin"),
                            "Still using"));
  /* An id taken by another layer: refused by the scenario, said once. */
  {
    GtkEditable *id = _strata_inspector_find_entry (inspector, "layers.chips.id", "text");

    gtk_editable_set_text (id, "models");
    g_signal_emit_by_name (id, "apply");
    g_assert_nonnull (_strata_inspector_get_message (inspector, "layers.chips.id"));
  }
  g_assert_cmpuint (problems, ==, 0);
  g_assert_cmpint (strata_dataset_find_layer (_strata_window_get_dataset (window), "chips"), ==, 0);

  gtk_window_destroy (GTK_WINDOW (window));
  test_remove_tree (dir);
}

static guint
count_drafts (void)
{
  g_autofree char *dir = _strata_recovery_dir ();
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    n += g_str_has_suffix (name, ".ini");
  return n;
}

static gboolean
has_draft (gpointer data)
{
  return count_drafts () > 0;
}

static gboolean
has_no_draft (gpointer data)
{
  return count_drafts () == 0;
}

/* Unsaved edits are written as a draft a moment after the last change; a
 * window that dies without closing leaves it, and the next start restores
 * it as unsaved changes over the file on disk. */
static void
test_recovery (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *draft = NULL;
  g_autoptr(StrataDataset) drafted = NULL;
  g_autoptr(GError) error = NULL;
  StrataScenario *scenario;
  StrataWindow *window;
  GFile *file;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  g_assert_cmpuint (count_drafts (), ==, 0);
  path = write_fixture (&dir);
  window = open_file_window (app, path);
  edit_fixed_cost (window, 7e9);
  g_assert_true (wait_until (has_draft, NULL));
  {
    g_autofree char *recovery = _strata_recovery_dir ();
    g_autofree char *name = g_strconcat (window->recovery_id, ".strata.json", NULL);

    draft = g_build_filename (recovery, name, NULL);
  }
  drafted = strata_dataset_load_file (draft, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (fixed_cost (drafted), ==, 7e9);

  /* A crash: the window goes without the normal close. */
  g_clear_pointer (&window->recovery_id, g_free);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_cmpuint (count_drafts (), ==, 1);

  /* The next start opens the file and offers the draft. */
  window = open_file_window (app, path);
  scenario = _strata_window_get_scenario (window);
  g_assert_cmpfloat (fixed_cost (_strata_window_get_dataset (window)), ==, 3e9);
  _strata_window_offer_recovery (window);
  g_assert_true (wait_until (has_dialog, window));
  answer (window, "restore");

  g_assert_cmpfloat (fixed_cost (_strata_window_get_dataset (window)), ==, 7e9);
  g_assert_true (strata_scenario_get_modified (scenario));
  g_assert_true (title_is_dirty (window));
  file = _strata_window_get_file (window);
  g_assert_nonnull (file);
  {
    g_autofree char *restored_path = g_file_get_path (file);

    g_assert_cmpstr (restored_path, ==, path);
  }
  g_assert_false (g_file_test (draft, G_FILE_TEST_EXISTS));
  g_assert_cmpstr (strata_scenario_get_undo_label (scenario), ==, "Restore Unsaved Changes");

  /* Saved: nothing left to recover. */
  g_assert_true (wait_until (has_draft, NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.save", NULL));
  g_assert_true (wait_until (has_no_draft, NULL));

  gtk_window_destroy (GTK_WINDOW (window));
  test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *recovery = NULL;
  int ret;

  g_setenv ("GSK_RENDERER", "cairo", TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  /* Recovery drafts in a folder of this run's own, written quickly. */
  recovery = g_dir_make_tmp ("strata-recovery-XXXXXX", NULL);
  g_assert_nonnull (recovery);
  g_setenv ("STRATA_RECOVERY_DIR", recovery, TRUE);
  g_setenv ("STRATA_AUTOSAVE_DELAY_MS", "100", TRUE);

  g_test_init (&argc, &argv, NULL);
  app = start_gui_app ();
  have_display = app != NULL;

  gui_test_add ("/strata/gui-editor/save-and-reload", test_save_and_reload);
  gui_test_add ("/strata/gui-editor/unsaved-cancel", test_unsaved_cancel);
  gui_test_add ("/strata/gui-editor/unsaved-discard", test_unsaved_discard);
  gui_test_add ("/strata/gui-editor/unsaved-save", test_unsaved_save);
  gui_test_add ("/strata/gui-editor/reload-when-clean", test_reload_when_clean);
  gui_test_add ("/strata/gui-editor/reload-when-dirty", test_reload_when_dirty);
  gui_test_add ("/strata/gui-editor/inspector-validation", test_inspector_validation);
  gui_test_add ("/strata/gui-editor/inspector-structure", test_inspector_structure);
  gui_test_add ("/strata/gui-editor/inspector-select", test_inspector_select);
  gui_test_add ("/strata/gui-editor/inspector-field-in-view", test_inspector_field_in_view);
  g_test_add_func ("/strata/gui-editor/number-text", test_number_text);
  gui_test_add ("/strata/gui-editor/inspector-sources", test_inspector_sources);
  gui_test_add ("/strata/gui-editor/inspector-links-pages", test_inspector_links_pages);
  gui_test_add ("/strata/gui-editor/drag-layers", test_drag_layers);
  gui_test_add ("/strata/gui-editor/drag-options", test_drag_options);
  gui_test_add ("/strata/gui-editor/recovery", test_recovery);

  ret = g_test_run ();

  g_clear_object (&app);
  test_remove_tree (recovery);
  return ret;
}

/* test-gui-switches.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "strata/strata-switchpoints.h"
#include "strata/strata-uncertainty.h"

#include "strata-application.h"
#include "strata-inspector-private.h"
#include "strata-window-private.h"
#include "strata-test-gui.h"

/*
 * The Uncertainty page under a real display (xvfb-run in CI): "What
 * would have to be true" lists the switch points a fresh run of the core
 * finds, in the core's words, nearest first; it is found in a worker
 * thread while the page is shown and found again after a flip, a change
 * of volume and a change of outcome; activating a row selects its field
 * in the inspector.  The outcome drop-down offers the cost, the gap and
 * the break-even against the first compared strategy and savings_npv
 * (the sample has a horizon), is remembered per window and is carried by
 * the window's requests (exports, copies, the deck).  Skipped only when
 * there is no display at all.
 */

static gboolean have_display;
static StrataApplication *app;

typedef struct
{
  StrataWindow *window;
  guint         computed;   /* lists shown before */
} Wait;

static gboolean
list_computed (gpointer data)
{
  Wait *wait = data;
  guint computed = 0;
  gboolean running = _strata_window_get_switches_state (wait->window, NULL, &computed, NULL);

  return !running && computed > wait->computed;
}

/* Turns the main loop until the page shows a list newer than the one
 * counted in @computed, then counts it. */
static void
wait_for_list (StrataWindow *window,
               guint        *computed)
{
  Wait wait = { window, *computed };

  g_assert_true (wait_until (list_computed, &wait));
  _strata_window_get_switches_state (window, NULL, computed, NULL);
}

/* The list must say what a fresh run of the core says, row by row. */
static void
assert_list_matches (StrataWindow          *window,
                     StrataTornadoOutcome   outcome)
{
  g_autoptr(StrataSwitchPoints) points = NULL;
  g_autoptr(GError) error = NULL;
  StrataChartRequest request;
  GtkWidget *row;
  guint i = 0;

  _strata_window_build_request (window, &request);
  g_assert_cmpint (request.outcome, ==, outcome);
  if (outcome == STRATA_TORNADO_GAP || outcome == STRATA_TORNADO_BREAKEVEN)
    points = strata_switch_points_find (request.dataset, request.volume, request.objective,
                                        request.strategies[0], request.strategies[1], &error);
  else if (outcome == STRATA_TORNADO_SAVINGS)
    points = strata_switch_points_find_savings (request.dataset, request.objective,
                                                request.strategies[0], &error);
  else
    points = strata_switch_points_find (request.dataset, request.volume, request.objective,
                                        NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (points->switches->len, >, 0);

  for (row = gtk_widget_get_first_child (GTK_WIDGET (window->switches_list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      const char *sentence = g_object_get_data (G_OBJECT (row), "strata-sentence");
      const StrataSwitch *sw;
      g_autofree char *expected = NULL;

      if (sentence == NULL)
        {
          /* The count of what is left out, last. */
          g_assert_null (gtk_widget_get_next_sibling (row));
          g_assert_cmpuint (points->switches->len, >, i);
          break;
        }
      g_assert_cmpuint (i, <, points->switches->len);
      sw = &g_array_index (points->switches, StrataSwitch, i);
      expected = strata_switch_sentence (request.dataset, points, sw);
      g_assert_cmpstr (sentence, ==, expected);
      g_assert_cmpstr (g_object_get_data (G_OBJECT (row), "strata-field-path"), ==,
                       g_array_index (points->fields, StrataSwitchField, sw->field).path);
      g_assert_true (gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (row)));
      i++;
    }
  g_assert_cmpuint (i, ==, MIN (points->switches->len, 40));
}

typedef struct
{
  StrataInspector *inspector;
  const char      *key;
} Selected;

static gboolean
is_selected (gpointer data)
{
  Selected *selected = data;

  return g_strcmp0 (strata_inspector_get_selection (selected->inspector), selected->key) == 0;
}

static void
test_list (void)
{
  StrataWindow *window;
  GtkListBoxRow *first;
  const char *path;
  g_autofree char *key = NULL;
  guint computed = 0, started = 0, started_before = 0;
  double seconds = 0;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  /* Hidden, the page finds nothing (the window has settled: its view has
   * drawn, so whatever showing the window starts has started). */
  window = open_sample_window (app, STRATA_DEFAULT_SAMPLE);
  _strata_window_get_switches_state (window, &started, NULL, NULL);
  g_assert_cmpuint (started, ==, 0);

  g_assert_true (strata_window_set_view (window, "tornado"));
  wait_for_list (window, &computed);
  _strata_window_get_switches_state (window, &started, NULL, &seconds);
  g_test_message ("switch points of the sample: %.1f ms in the worker", seconds * 1e3);
  assert_list_matches (window, STRATA_TORNADO_COST);
  g_assert_nonnull (strstr (gtk_label_get_label (window->switches_heading), "the optimum at"));

  /* A flip and a change of volume find them again. */
  started_before = started;
  _strata_window_flip_layer (window, 0);
  wait_for_list (window, &computed);
  assert_list_matches (window, STRATA_TORNADO_COST);
  _strata_window_set_volume (window, _strata_window_get_volume (window) / 3);
  wait_for_list (window, &computed);
  assert_list_matches (window, STRATA_TORNADO_COST);
  _strata_window_get_switches_state (window, &started, NULL, NULL);
  g_assert_cmpuint (started, >=, started_before + 2);

  /* Activating a row (a click or Enter) selects its field in the
   * inspector, on the sidebar's Edit page. */
  first = gtk_list_box_get_row_at_index (window->switches_list, 0);
  path = g_object_get_data (G_OBJECT (first), "strata-field-path");
  key = _strata_inspector_key_for_path (path);
  g_assert_true (gtk_widget_activate (GTK_WIDGET (first)));
  {
    Selected selected = { _strata_window_get_inspector (window), key };

    g_assert_true (wait_until (is_selected, &selected));
  }
  g_assert_cmpstr (strata_inspector_get_selection (_strata_window_get_inspector (window)), ==, key);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->sidebar_stack), ==, "edit");

  close_window (window);
}

static guint
item_of (StrataWindow         *window,
         StrataTornadoOutcome  outcome)
{
  for (guint i = 0; i < window->n_outcome_items; i++)
    if (window->outcome_items[i] == outcome)
      return i;
  g_error ("outcome %d is not offered (%u items)", outcome, window->n_outcome_items);
}

static void
test_outcome (void)
{
  StrataWindow *window, *other;
  GListModel *model;
  StrataChartRequest request;
  guint computed = 0;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  window = open_sample_window (app, STRATA_DEFAULT_SAMPLE);
  g_assert_true (strata_window_set_view (window, "tornado"));
  wait_for_list (window, &computed);

  /* The cost, the gap and the break-even against the first compared
   * strategy, savings_npv: the sample has compared strategies and a
   * horizon.  The words name the strategies and the MODEL.md key. */
  model = gtk_drop_down_get_model (window->outcome_dropdown);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 4);
  _strata_window_build_request (window, &request);
  {
    const char *cost = gtk_string_list_get_string (GTK_STRING_LIST (model),
                                                   item_of (window, STRATA_TORNADO_COST));
    const char *gap = gtk_string_list_get_string (GTK_STRING_LIST (model),
                                                  item_of (window, STRATA_TORNADO_GAP));

    g_assert_true (g_str_has_prefix (cost, "effective_unit_cost of "));
    g_assert_nonnull (strstr (cost, request.strategies[0]->name));
    g_assert_nonnull (strstr (gap, request.strategies[1]->name));
  }
  g_assert_cmpint (request.outcome, ==, STRATA_TORNADO_COST);

  /* Choosing the gap: the requests carry it, the list decides between
   * the current strategy and the first compared one. */
  gtk_drop_down_set_selected (window->outcome_dropdown, item_of (window, STRATA_TORNADO_GAP));
  g_assert_cmpint (_strata_window_get_outcome (window), ==, STRATA_TORNADO_GAP);
  wait_for_list (window, &computed);
  assert_list_matches (window, STRATA_TORNADO_GAP);
  g_assert_nonnull (strstr (gtk_label_get_label (window->switches_heading), "is cheaper"));
  _strata_window_build_request (window, &request);
  g_assert_cmpint (request.outcome, ==, STRATA_TORNADO_GAP);

  /* savings_npv: the sign of adopting the current strategy now. */
  gtk_drop_down_set_selected (window->outcome_dropdown, item_of (window, STRATA_TORNADO_SAVINGS));
  wait_for_list (window, &computed);
  assert_list_matches (window, STRATA_TORNADO_SAVINGS);

  /* Remembered per window: a flip keeps it, another window starts with
   * the cost. */
  gtk_drop_down_set_selected (window->outcome_dropdown, item_of (window, STRATA_TORNADO_BREAKEVEN));
  wait_for_list (window, &computed);
  _strata_window_flip_layer (window, 1);
  wait_for_list (window, &computed);
  g_assert_cmpint (_strata_window_get_outcome (window), ==, STRATA_TORNADO_BREAKEVEN);
  g_assert_cmpuint (gtk_drop_down_get_selected (window->outcome_dropdown), ==,
                    item_of (window, STRATA_TORNADO_BREAKEVEN));
  assert_list_matches (window, STRATA_TORNADO_BREAKEVEN);
  other = open_sample_window (app, STRATA_DEFAULT_SAMPLE);
  g_assert_cmpint (_strata_window_get_outcome (other), ==, STRATA_TORNADO_COST);
  close_window (other);
  g_assert_cmpint (_strata_window_get_outcome (window), ==, STRATA_TORNADO_BREAKEVEN);

  close_window (window);
}

typedef struct
{
  StrataWindow *window;
  GtkWidget    *row;
} Shown;

/* The list's first row is laid out whole inside the list's window. */
static gboolean
first_row_shown (gpointer data)
{
  Shown *shown = data;
  GtkWidget *scroller = gtk_widget_get_ancestor (GTK_WIDGET (shown->window->switches_list),
                                                 GTK_TYPE_SCROLLED_WINDOW);
  graphene_rect_t bounds;

  shown->row = GTK_WIDGET (gtk_list_box_get_row_at_index (shown->window->switches_list, 0));
  return shown->row != NULL && gtk_widget_get_mapped (shown->row) &&
         gtk_widget_compute_bounds (shown->row, scroller, &bounds) &&
         bounds.origin.y >= 0 && bounds.size.height > 0 &&
         bounds.origin.y + bounds.size.height <= gtk_widget_get_height (scroller) + 0.5;
}

/* At 800x600 the list's heading was cut after a few words beside the
 * outcome drop-down and its list was down to part of one row: the heading
 * now has two lines of its own and the tornado draws fewer bars. */
static void
test_small_window (void)
{
  StrataWindow *window;
  Shown shown = { NULL, NULL };
  guint computed = 0;
  GtkWidget *paned, *summary;
  graphene_rect_t page, card;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  window = open_sample_window (app, STRATA_DEFAULT_SAMPLE);
  gtk_window_set_default_size (GTK_WINDOW (window), 800, 600);
  g_assert_true (strata_window_set_view (window, "tornado"));
  wait_for_list (window, &computed);
  shown.window = window;
  g_assert_true (wait_until (first_row_shown, &shown));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window->switches_heading)));
  g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (window->switches_heading)));
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, 800);
  /* The list, shrunk with the page and clipped to it, ends a gap above
   * the summary card (it ran up to the card's edge, its last row cut
   * there as if under the card). */
  paned = gtk_widget_get_ancestor (GTK_WIDGET (window->switches_list), GTK_TYPE_PANED);
  summary = gtk_widget_get_parent (GTK_WIDGET (window->cost_caption));
  g_assert_true (gtk_widget_compute_bounds (paned, GTK_WIDGET (window), &page));
  g_assert_true (gtk_widget_compute_bounds (summary, GTK_WIDGET (window), &card));
  g_assert_cmpfloat (page.origin.y + page.size.height + 6, <=, card.origin.y);
  close_window (window);
}

/* While a run is under way the heading says so, with the share of
 * numbers done: at once on the page's first run (the list is empty), and
 * after half a second when a list is on show (a short run replaces it
 * without a flash). */
static void
test_progress (void)
{
  StrataWindow *window;
  guint computed = 0, started = 0;
  const char *heading;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  window = open_sample_window (app, STRATA_DEFAULT_SAMPLE);
  g_assert_true (strata_window_set_view (window, "tornado"));
  g_assert_true (_strata_window_get_switches_state (window, &started, NULL, NULL));
  g_assert_cmpuint (started, ==, 1);
  g_assert_cmpstr (gtk_label_get_label (window->switches_heading), ==,
                   "Working out what would have to be true… 0 % of the numbers done");
  g_assert_null (gtk_widget_get_first_child (GTK_WIDGET (window->switches_list)));
  wait_for_list (window, &computed);
  heading = gtk_label_get_label (window->switches_heading);
  g_assert_nonnull (strstr (heading, "What would have to be true for the optimum at"));
  g_assert_nonnull (gtk_widget_get_first_child (GTK_WIDGET (window->switches_list)));

  /* A flip starts a new run; the list on show stays until it is done
   * (or half a second has gone by). */
  _strata_window_flip_layer (window, 0);
  g_assert_true (_strata_window_get_switches_state (window, &started, NULL, NULL));
  g_assert_cmpuint (started, ==, 2);
  g_assert_nonnull (strstr (gtk_label_get_label (window->switches_heading), "What would have to be true for"));
  g_assert_nonnull (gtk_widget_get_first_child (GTK_WIDGET (window->switches_list)));
  wait_for_list (window, &computed);
  g_assert_null (strstr (gtk_label_get_label (window->switches_heading), "Working out"));
  close_window (window);
}

static gboolean
list_arrived (gpointer data)
{
  Wait *wait = data;
  guint computed = 0;

  _strata_window_get_switches_state (wait->window, NULL, &computed, NULL);
  return computed > wait->computed;
}

static guint
count_rows (StrataWindow *window)
{
  guint n = 0;

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (window->switches_list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    n++;
  return n;
}

/* A decision no number alone changes: the list says what holding means
 * in its place, not an empty card under the heading. */
static void
test_all_hold (void)
{
  static const char json[] =
    "{ \"format\": \"strata-stack/1\", \"title\": \"One\", \"unit\": \"u\", \"currency\": \"EUR\",\n"
    "  \"volume\": { \"min\": 5e6, \"max\": 5e6, \"default\": 5e6 },\n"
    "  \"layers\": [ { \"id\": \"only\", \"options\": [\n"
    "    { \"id\": \"buy\", \"mode\": \"neutral\", \"price\": 2, \"margin\": 0.3 } ] } ] }\n";
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  StrataWindow *window;
  GtkWidget *child;
  guint computed = 0;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  dir = g_dir_make_tmp ("strata-hold-XXXXXX", NULL);
  path = g_build_filename (dir, "one.strata.json", NULL);
  g_assert_true (g_file_set_contents (path, json, -1, NULL));
  window = open_file_window (app, path);
  g_assert_true (strata_window_set_view (window, "tornado"));
  wait_for_list (window, &computed);
  g_assert_nonnull (strstr (gtk_label_get_label (window->switches_heading), "no number alone changes it"));
  child = gtk_widget_get_first_child (GTK_WIDGET (window->switches_list));
  g_assert_true (GTK_IS_LABEL (child));
  g_assert_null (gtk_widget_get_next_sibling (child));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (child)),
                            " numbers tried holds it across its range; numbers moving together may "
                            "still change it"));
  close_window (window);
  g_unlink (path);
  g_rmdir (dir);
}

/* Forty wrapped sentences laid out and drawn at once held the main thread
 * for 30 to 70 ms (test-responsive's tornado step on the retailer sample
 * took up to 129 ms against its 100 ms bound): the list shows its first
 * rows with its heading and makes the rest after frames, and counts as
 * running until they are all made. */
static void
test_rows_over_turns (void)
{
  StrataWindow *window;
  Wait wait = { NULL, 0 };
  guint computed = 0, shown;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  window = open_sample_window (app, "retailer");
  wait.window = window;
  g_assert_true (strata_window_set_view (window, "tornado"));
  g_assert_true (wait_until (list_arrived, &wait));
  shown = count_rows (window);
  g_test_message ("rows with the heading: %u", shown);
  g_assert_cmpuint (shown, >, 0);
  g_assert_cmpuint (shown, <=, 6);
  g_assert_true (_strata_window_get_switches_state (window, NULL, &computed, NULL));
  g_assert_nonnull (strstr (gtk_label_get_label (window->switches_heading), "What would have to be true for"));

  wait.computed = 0;
  wait_for_list (window, &wait.computed);
  g_assert_cmpuint (wait.computed, ==, computed);
  g_assert_cmpuint (count_rows (window), >, shown);
  assert_list_matches (window, STRATA_TORNADO_COST);
  close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  app = start_gui_tests (&argc, &argv);
  have_display = app != NULL;

  gui_test_add ("/strata/gui-switches/list", test_list);
  gui_test_add ("/strata/gui-switches/outcome", test_outcome);
  gui_test_add ("/strata/gui-switches/small-window", test_small_window);
  gui_test_add ("/strata/gui-switches/progress", test_progress);
  gui_test_add ("/strata/gui-switches/rows-over-turns", test_rows_over_turns);
  gui_test_add ("/strata/gui-switches/all-hold", test_all_hold);

  ret = g_test_run ();

  g_clear_object (&app);
  return ret;
}

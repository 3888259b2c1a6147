/* test-gui-build.c: the AI cloud stack, built in the app from nothing
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "strata/strata-edit.h"
#include "strata/strata-export.h"

#include "strata-application.h"
#include "strata-chart-description.h"
#include "strata-test-dataset.h"
#include "strata-test-gui.h"
#include "strata-window-private.h"

/*
 * The done-when run of issue 11: a user builds the AI cloud stack sample
 * from an empty New dataset with the inspector alone (its drop-down, its
 * buttons, its rows: typing, Enter, apply, the ± toggle, the drop-downs),
 * saves it, opens it again and gets the same charts as the sample.  The
 * sample file is only read to know what to type; every figure reaches
 * the dataset through a widget, and is checked the moment it is applied.
 */

static gboolean have_display;
static StrataApplication *app;

typedef struct
{
  StrataWindow    *window;
  StrataInspector *inspector;
  StrataScenario  *scenario;
} Session;

/* -- Looking ---------------------------------------------------------------- */

/* A copy of what the dataset holds at @path, NULL when absent. */
static JsonNode *
current (Session    *s,
         const char *path)
{
  g_autoptr(StrataDraft) draft = strata_draft_new (strata_scenario_get_dataset (s->scenario));
  JsonNode *value = NULL;

  if (!strata_draft_get (draft, path, &value, NULL, NULL) || value == NULL)
    return NULL;
  return json_node_copy (value);
}

/* The id of the last object of the list @name (@layer's options when
 * @layer is set). */
static char *
last_id (Session    *s,
         const char *name,
         const char *layer)
{
  g_autoptr(StrataDraft) draft = strata_draft_new (strata_scenario_get_dataset (s->scenario));
  JsonObject *root = json_node_get_object (strata_draft_get_root (draft));
  JsonArray *array = json_object_get_array_member (root, layer != NULL ? "layers" : name);
  JsonObject *last;

  if (layer != NULL)
    for (guint i = 0; i < json_array_get_length (array); i++)
      {
        JsonObject *object = json_array_get_object_element (array, i);

        if (g_str_equal (json_object_get_string_member (object, "id"), layer))
          array = json_object_get_array_member (object, "options");
      }
  last = json_array_get_object_element (array, json_array_get_length (array) - 1);
  return g_strdup (json_object_get_string_member (last, "id"));
}

static guint
count_in (Session    *s,
          const char *name)
{
  g_autoptr(StrataDraft) draft = strata_draft_new (strata_scenario_get_dataset (s->scenario));
  JsonObject *root = json_node_get_object (strata_draft_get_root (draft));

  return json_object_has_member (root, name) ? json_array_get_length (json_object_get_array_member (root, name))
                                             : 0;
}

/* @a and @b hold the same JSON, whatever the order of the members (a
 * member added in the app lands where Strata writes it). */
static void
assert_json_equal (JsonNode *a,
                   JsonNode *b)
{
  if (JSON_NODE_HOLDS_OBJECT (a) && JSON_NODE_HOLDS_OBJECT (b))
    {
      JsonObject *oa = json_node_get_object (a);
      JsonObject *ob = json_node_get_object (b);
      g_autoptr(GList) members = json_object_get_members (oa);

      g_assert_cmpuint (json_object_get_size (oa), ==, json_object_get_size (ob));
      for (GList *l = members; l != NULL; l = l->next)
        {
          if (!json_object_has_member (ob, l->data))
            g_error ("%s is missing", (char *) l->data);
          assert_json_equal (json_object_get_member (oa, l->data), json_object_get_member (ob, l->data));
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (a) && JSON_NODE_HOLDS_ARRAY (b))
    {
      JsonArray *aa = json_node_get_array (a);
      JsonArray *ab = json_node_get_array (b);

      g_assert_cmpuint (json_array_get_length (aa), ==, json_array_get_length (ab));
      for (guint i = 0; i < json_array_get_length (aa); i++)
        assert_json_equal (json_array_get_element (aa, i), json_array_get_element (ab, i));
    }
  else
    test_assert_json_same (a, b);
}

/* The field at @path now holds @expected (NULL: is absent), or the test
 * stops with what the row says. */
static void
assert_applied (Session    *s,
                const char *path,
                JsonNode   *expected)
{
  g_autoptr(JsonNode) now = current (s, path);

  if ((now == NULL) != (expected == NULL))
    g_error ("%s was not applied: %s", path, _strata_inspector_get_message (s->inspector, path));
  if (expected != NULL)
    assert_json_equal (now, expected);
}

/* -- Doing, as a user does -------------------------------------------------- */

/* The page of @key, picked in the inspector's drop-down. */
static void
show_page (Session    *s,
           const char *key)
{
  for (guint i = 0; i < s->inspector->keys->len; i++)
    if (g_str_equal (g_ptr_array_index (s->inspector->keys, i), key))
      {
        gtk_drop_down_set_selected (s->inspector->selector, i);
        g_assert_cmpstr (strata_inspector_get_selection (s->inspector), ==, key);
        return;
      }
  g_error ("the inspector's drop-down has no page %s", key);
}

static GtkWidget *
find_button (GtkWidget  *widget,
             const char *label,
             const char *tooltip,
             const char *target)
{
  /* Hidden (a page the inspector is freeing): not there for a user. */
  if (!gtk_widget_get_visible (widget))
    return NULL;
  if (GTK_IS_BUTTON (widget) &&
      (label == NULL || g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0) &&
      (tooltip == NULL || g_strcmp0 (gtk_widget_get_tooltip_text (widget), tooltip) == 0) &&
      (target == NULL || g_strcmp0 (g_object_get_data (G_OBJECT (widget), "strata-target"), target) == 0))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label, tooltip, target);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
click (Session    *s,
       const char *label,
       const char *tooltip,
       const char *target)
{
  GtkWidget *button = find_button (GTK_WIDGET (s->inspector), label, tooltip, target);

  if (button == NULL)
    g_error ("no button %s on the page %s", label != NULL ? label : tooltip,
             strata_inspector_get_selection (s->inspector));
  g_signal_emit_by_name (button, "clicked");
}

static GtkToggleButton *
find_toggle (GtkWidget *widget)
{
  /* Hidden (a page the inspector is freeing): not there for a user. */
  if (!gtk_widget_get_visible (widget))
    return NULL;
  if (GTK_IS_TOGGLE_BUTTON (widget))
    return GTK_TOGGLE_BUTTON (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkToggleButton *found = find_toggle (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkEditable *
entry (Session    *s,
       const char *path,
       const char *part)
{
  GtkEditable *editable = _strata_inspector_find_entry (s->inspector, path, part);

  if (editable == NULL)
    g_error ("no %s entry for %s on the page %s", part, path, strata_inspector_get_selection (s->inspector));
  return editable;
}

/* Types @text and applies it (Enter on a number, the apply button of a
 * text row). */
static void
type_text (Session    *s,
           const char *path,
           const char *text)
{
  GtkEditable *editable = entry (s, path, "text");

  gtk_editable_set_text (editable, text);
  g_signal_emit_by_name (editable, "apply");
}

static void
pick (Session    *s,
      const char *path,
      const char *id)
{
  GtkWidget *combo = _strata_inspector_find_widget (s->inspector, path, "choice");
  GListModel *model;

  if (combo == NULL)
    g_error ("no drop-down for %s", path);
  model = _strata_field_row_get_choices (combo);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    if (g_str_equal (gtk_string_list_get_string (GTK_STRING_LIST (model), i), id))
      {
        adw_combo_row_set_selected (ADW_COMBO_ROW (combo), i);
        return;
      }
  g_error ("%s cannot be %s", path, id);
}

/* Makes the number at @path plain or uncertain with the ± toggle, types
 * value (low, high) and presses Enter; @value NULL empties it. */
static void
type_number (Session    *s,
             const char *path,
             JsonNode   *value)
{
  GtkWidget *row = _strata_inspector_find_widget (s->inspector, path, "row");
  GtkToggleButton *toggle = row != NULL ? find_toggle (row) : NULL;
  StrataNumber number = { 0 };
  const char *parts[] = { "value", "low", "high" };

  if (row == NULL)
    g_error ("no number row for %s", path);
  if (value != NULL)
    g_assert_true (strata_number_from_json (value, &number));
  if (toggle != NULL && gtk_toggle_button_get_active (toggle) != number.uncertain)
    gtk_toggle_button_set_active (toggle, number.uncertain);
  if (value == NULL)
    {
      gtk_editable_set_text (entry (s, path, "value"), "");
    }
  else
    {
      double figures[] = { number.value, number.low, number.high };

      for (guint i = 0; i < (number.uncertain ? 3u : 1u); i++)
        {
          g_autofree char *text = _strata_format_shortest (figures[i]);

          gtk_editable_set_text (entry (s, path, parts[i]), text);
        }
    }
  g_signal_emit_by_name (entry (s, path, "value"), "activate");
}

/* A source list as typed: ids with commas. */
static void
type_sources (Session    *s,
              const char *path,
              JsonNode   *value)
{
  g_autoptr(GString) text = g_string_new (NULL);

  if (JSON_NODE_HOLDS_ARRAY (value))
    for (guint i = 0; i < json_array_get_length (json_node_get_array (value)); i++)
      g_string_append_printf (text, "%s%s", i > 0 ? ", " : "",
                              json_array_get_string_element (json_node_get_array (value), i));
  else
    g_string_append (text, json_node_get_string (value));
  type_text (s, path, text->str);
}

/* Every field of @scope on the page, from @sample's member of the same
 * key: typed, picked or emptied, then checked.  @skip lists keys done
 * elsewhere. */
static void
fill_fields (Session            *s,
             StrataFieldScope    scope,
             const char         *prefix,
             JsonObject         *sample,
             const char         *mode,
             const char * const *skip)
{
  const StrataFieldInfo *fields;
  guint n_fields;

  fields = strata_field_list (scope, &n_fields);
  for (guint i = 0; i < n_fields; i++)
    {
      const StrataFieldInfo *field = &fields[i];
      g_autofree char *path = g_strconcat (prefix, field->key, NULL);
      JsonNode *value = json_object_get_member (sample, field->key);
      g_autoptr(JsonNode) now = NULL;

      if (skip != NULL && g_strv_contains (skip, field->key))
        continue;
      if (mode != NULL && (((field->flags & STRATA_FIELD_NEUTRAL) && !g_str_equal (mode, "neutral")) ||
                           ((field->flags & STRATA_FIELD_INTEGRATED) && !g_str_equal (mode, "integrated"))))
        continue;
      now = current (s, path);
      if (value == NULL && now == NULL)
        continue;
      switch (field->kind)
        {
        case STRATA_FIELD_NUMBER:
        case STRATA_FIELD_INTEGER:
          type_number (s, path, value);
          break;
        case STRATA_FIELD_SOURCES:
          g_assert_nonnull (value);
          type_sources (s, path, value);
          break;
        case STRATA_FIELD_MODE:
        case STRATA_FIELD_LEARNING:
        case STRATA_FIELD_LAYER_REF:
        case STRATA_FIELD_OPTION_REF:
        case STRATA_FIELD_STRATEGY_REF:
          g_assert_nonnull (value);
          pick (s, path, json_node_get_string (value));
          break;
        case STRATA_FIELD_TEXT:
        case STRATA_FIELD_LABEL:
        case STRATA_FIELD_ID:
          g_assert_nonnull (value);
          type_text (s, path, json_node_get_string (value));
          break;
        case STRATA_FIELD_JSON:
        default:
          g_error ("no way to type %s here", path);
        }
      assert_applied (s, path, value);
    }
}

/* -- The steps -------------------------------------------------------------- */

/* Adds an entry to the list @name with @button and gives it the id @id. */
static void
add_named (Session    *s,
           const char *button,
           const char *name,
           const char *id)
{
  g_autofree char *made = NULL;
  g_autofree char *path = NULL;

  click (s, button, NULL, NULL);
  made = last_id (s, name, NULL);
  path = g_strdup_printf ("%s.%s.id", name, made);
  type_text (s, path, id);
}

static void
build_sources (Session   *s,
               JsonArray *sources)
{
  show_page (s, "sources");
  for (guint i = 0; i < json_array_get_length (sources); i++)
    {
      JsonObject *source = json_array_get_object_element (sources, i);
      const char *id = json_object_get_string_member (source, "id");
      g_autofree char *prefix = g_strdup_printf ("sources.%s.", id);
      static const char *skip[] = { "id", NULL };

      add_named (s, "Add _Source", "sources", id);
      fill_fields (s, STRATA_SCOPE_SOURCE, prefix, source, NULL, skip);
    }
}

static void
build_options (Session    *s,
               const char *layer,
               JsonArray  *options)
{
  for (guint i = 0; i < json_array_get_length (options); i++)
    {
      JsonObject *option = json_array_get_object_element (options, i);
      const char *id = json_object_get_string_member (option, "id");
      const char *mode = json_object_get_string_member (option, "mode");
      StrataDataset *dataset = strata_scenario_get_dataset (s->scenario);
      const StrataLayer *now = &dataset->layers[strata_dataset_find_layer (dataset, layer)];
      g_autofree char *made = NULL;
      g_autofree char *prefix = g_strdup_printf ("layers.%s.options.%s.", layer, id);
      static const char *skip[] = { "id", "mode", NULL };

      if (i < now->n_options && g_str_equal (strata_mode_to_string (now->options[i].mode), mode))
        made = g_strdup (now->options[i].id);
      else
        {
          click (s, g_str_equal (mode, "neutral") ? "Add _Neutral Option" : "Add _Integrated Option",
                 NULL, layer);
          made = last_id (s, NULL, layer);
          dataset = strata_scenario_get_dataset (s->scenario);
          now = &dataset->layers[strata_dataset_find_layer (dataset, layer)];
          /* Sample options come in the order they are added here. */
          g_assert_cmpint (strata_dataset_find_option (dataset, strata_dataset_find_layer (dataset, layer), made),
                           ==, (int) i);
        }
      if (!g_str_equal (made, id))
        {
          g_autofree char *path = g_strdup_printf ("layers.%s.options.%s.id", layer, made);

          type_text (s, path, id);
        }
      fill_fields (s, STRATA_SCOPE_OPTION, prefix, option, mode, skip);
    }

  /* Options of the template the sample does not have. */
  for (;;)
    {
      StrataDataset *dataset = strata_scenario_get_dataset (s->scenario);
      const StrataLayer *now = &dataset->layers[strata_dataset_find_layer (dataset, layer)];
      g_autofree char *target = NULL;

      if (now->n_options <= json_array_get_length (options))
        break;
      target = g_strdup_printf ("%s\n%s", layer, now->options[now->n_options - 1].id);
      click (s, NULL, "Remove Option", target);
    }
}

static void
build_layers (Session   *s,
              JsonArray *layers)
{
  static const char *template[] = { "components", "product" };

  for (guint i = 0; i < json_array_get_length (layers); i++)
    {
      JsonObject *layer = json_array_get_object_element (layers, i);
      const char *id = json_object_get_string_member (layer, "id");
      g_autofree char *made = NULL;
      g_autofree char *path = NULL;
      g_autofree char *key = g_strconcat ("layer:", id, NULL);
      g_autofree char *prefix = g_strdup_printf ("layers.%s.", id);
      static const char *skip[] = { "id", NULL };

      if (i < G_N_ELEMENTS (template))
        {
          g_autofree char *template_key = g_strconcat ("layer:", template[i], NULL);

          made = g_strdup (template[i]);
          show_page (s, template_key);
        }
      else
        {
          /* A new layer goes on top and is shown at once. */
          show_page (s, "dataset");
          click (s, "Add _Layer", NULL, NULL);
          g_assert_true (g_str_has_prefix (strata_inspector_get_selection (s->inspector), "layer:"));
          made = g_strdup (strata_inspector_get_selection (s->inspector) + strlen ("layer:"));
        }
      path = g_strdup_printf ("layers.%s.id", made);
      type_text (s, path, id);
      /* Renamed, it stays on screen. */
      g_assert_cmpstr (strata_inspector_get_selection (s->inspector), ==, key);
      fill_fields (s, STRATA_SCOPE_LAYER, prefix, layer, NULL, skip);
      build_options (s, id, json_object_get_array_member (layer, "options"));
    }
}

static void
build_links (Session   *s,
             JsonArray *links)
{
  show_page (s, "links");
  for (guint i = 0; i < json_array_get_length (links); i++)
    {
      JsonObject *link = json_array_get_object_element (links, i);
      const char *from = json_object_get_string_member (link, "from");
      const char *to = json_object_get_string_member (link, "to");
      guint index = count_in (s, "links");
      g_autofree char *prefix = g_strdup_printf ("links.%u.", index);
      g_autofree char *from_path = g_strconcat (prefix, "from", NULL);
      g_autofree char *to_path = g_strconcat (prefix, "to", NULL);
      g_autoptr(JsonNode) from_now = NULL;
      static const char *skip[] = { "from", "to", NULL };

      click (s, "Add _Link", NULL, NULL);
      g_assert_cmpuint (count_in (s, "links"), ==, index + 1);
      /* A link never joins a layer to itself, even for a moment: move the
       * end that would not clash first. */
      from_now = current (s, from_path);
      if (g_str_equal (to, json_node_get_string (from_now)))
        {
          pick (s, from_path, from);
          pick (s, to_path, to);
        }
      else
        {
          pick (s, to_path, to);
          pick (s, from_path, from);
        }
      assert_applied (s, from_path, json_object_get_member (link, "from"));
      assert_applied (s, to_path, json_object_get_member (link, "to"));
      fill_fields (s, STRATA_SCOPE_LINK, prefix, link, NULL, skip);
    }
}

static void
build_strategies (Session   *s,
                  JsonArray *strategies)
{
  show_page (s, "strategies");
  for (guint i = 0; i < json_array_get_length (strategies); i++)
    {
      JsonObject *strategy = json_array_get_object_element (strategies, i);
      const char *id = json_object_get_string_member (strategy, "id");
      JsonObject *choices = json_object_get_object_member (strategy, "choices");
      g_autoptr(GList) layers = json_object_get_members (choices);
      g_autofree char *prefix = g_strdup_printf ("strategies.%s.", id);
      static const char *skip[] = { "id", NULL };

      add_named (s, "_Save Current Choices as Strategy", "strategies", id);
      fill_fields (s, STRATA_SCOPE_STRATEGY, prefix, strategy, NULL, skip);
      for (GList *l = layers; l != NULL; l = l->next)
        {
          g_autofree char *choice = g_strdup_printf ("strategies.%s.choices.%s", id, (char *) l->data);

          pick (s, choice, json_object_get_string_member (choices, l->data));
          assert_applied (s, choice, json_object_get_member (choices, l->data));
        }
    }
}

static void
build_horizon (Session    *s,
               JsonObject *horizon)
{
  static const char *skip[] = { "volume", NULL };

  show_page (s, "dataset");
  click (s, "Add _Horizon", NULL, NULL);
  fill_fields (s, STRATA_SCOPE_HORIZON, "horizon.", horizon, NULL, skip);
  fill_fields (s, STRATA_SCOPE_HORIZON_VOLUME, "horizon.volume.",
               json_object_get_object_member (horizon, "volume"), NULL, NULL);
}

/* -- The run ---------------------------------------------------------------- */

static gboolean
has_dataset (gpointer data)
{
  return _strata_window_get_dataset (data) != NULL && gtk_widget_get_mapped (data);
}

static gboolean
inspector_shown (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

/* Every chart of @a and @b draws the same series (their CSV), says the
 * same in words (the accessible description) and carries the same title
 * and source line. */
static void
assert_same_charts (StrataWindow *a,
                    StrataWindow *b)
{
  StrataChartRequest ra;
  StrataChartRequest rb;

  _strata_window_build_request (a, &ra);
  _strata_window_build_request (b, &rb);
  ra.monte_carlo = rb.monte_carlo = NULL;
  g_assert_cmpuint (ra.n_strategies, ==, rb.n_strategies);
  for (guint kind = 0; kind <= STRATA_CHART_ROADMAP; kind++)
    {
      g_autofree char *csv_a = strata_chart_data_csv (kind, &ra);
      g_autofree char *csv_b = strata_chart_data_csv (kind, &rb);
      g_autofree char *title_a = strata_chart_action_title (kind, &ra);
      g_autofree char *title_b = strata_chart_action_title (kind, &rb);
      g_autofree char *said_a = _strata_chart_describe (kind, &ra);
      g_autofree char *said_b = _strata_chart_describe (kind, &rb);
      g_autofree char *line_a = strata_chart_source_line (kind, &ra);
      g_autofree char *line_b = strata_chart_source_line (kind, &rb);

      g_test_message ("chart %u: %zu bytes of CSV", kind, csv_a != NULL ? strlen (csv_a) : 0);
      g_assert_nonnull (csv_a);
      g_assert_cmpstr (csv_a, ==, csv_b);
      g_assert_cmpstr (title_a, ==, title_b);
      g_assert_cmpstr (said_a, ==, said_b);
      g_assert_cmpstr (line_a, ==, line_b);
    }
}

static void
test_build_ai_cloud (void)
{
  g_autofree char *sample_path = NULL;
  g_autofree char *sample_text = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *built_path = NULL;
  g_autoptr(JsonNode) sample = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) built = NULL;
  JsonObject *root;
  StrataWindow *reopened;
  StrataWindow *original;
  Session s;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  sample_path = g_build_filename (g_getenv ("STRATA_SOURCE_ROOT"), "data", "datasets",
                                  "ai-cloud-stack.strata.json", NULL);
  g_file_get_contents (sample_path, &sample_text, NULL, &error);
  g_assert_no_error (error);
  sample = test_parse_json (sample_text);
  root = json_node_get_object (sample);

  /* New (Ctrl+N), then the Edit page. */
  s.window = strata_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (s.window), 1280, 800);
  gtk_window_present (GTK_WINDOW (s.window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (s.window), "win.new", NULL));
  g_assert_true (wait_until (has_dataset, s.window));
  g_assert_null (_strata_window_get_file (s.window));
  s.inspector = _strata_window_get_inspector (s.window);
  s.scenario = _strata_window_get_scenario (s.window);
  gtk_stack_set_visible_child_name (s.window->sidebar_stack, "edit");
  g_assert_true (wait_until (inspector_shown, s.inspector));

  /* The dataset's own fields and its volume axis. */
  show_page (&s, "dataset");
  {
    static const char *skip[] = { "format", NULL };

    fill_fields (&s, STRATA_SCOPE_DATASET, "", root, NULL, skip);
    fill_fields (&s, STRATA_SCOPE_VOLUME, "volume.", json_object_get_object_member (root, "volume"), NULL, NULL);
  }
  /* Sources first: figures name them. */
  build_sources (&s, json_object_get_array_member (root, "sources"));
  build_layers (&s, json_object_get_array_member (root, "layers"));
  build_links (&s, json_object_get_array_member (root, "links"));
  build_strategies (&s, json_object_get_array_member (root, "strategies"));
  build_horizon (&s, json_object_get_object_member (root, "horizon"));

  /* The whole tree is the sample's, member for member. */
  {
    g_autoptr(StrataDraft) draft = strata_draft_new (strata_scenario_get_dataset (s.scenario));

    assert_json_equal (strata_draft_get_root (draft), sample);
  }

  /* Save (what Save As does once a name is picked), then open it again. */
  dir = g_dir_make_tmp ("strata-build-XXXXXX", &error);
  g_assert_no_error (error);
  built_path = g_build_filename (dir, "my-ai-cloud.strata.json", NULL);
  built = g_file_new_for_path (built_path);
  g_assert_true (_strata_window_save_to (s.window, built, &error));
  g_assert_no_error (error);
  g_assert_false (strata_scenario_get_modified (s.scenario));
  gtk_window_destroy (GTK_WINDOW (s.window));

  reopened = open_file_window (app, built_path);
  original = open_file_window (app, sample_path);
  test_assert_dataset_equal (_strata_window_get_dataset (reopened), _strata_window_get_dataset (original));
  assert_same_charts (reopened, original);

  gtk_window_destroy (GTK_WINDOW (reopened));
  gtk_window_destroy (GTK_WINDOW (original));
  g_unlink (built_path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *recovery = NULL;
  int ret;

  g_setenv ("GSK_RENDERER", "cairo", TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  recovery = g_dir_make_tmp ("strata-recovery-XXXXXX", NULL);
  g_assert_nonnull (recovery);
  g_setenv ("STRATA_RECOVERY_DIR", recovery, TRUE);

  g_test_init (&argc, &argv, NULL);
  app = start_gui_app ();
  have_display = app != NULL;

  gui_test_add ("/strata/gui-build/ai-cloud-from-new", test_build_ai_cloud);

  ret = g_test_run ();

  g_clear_object (&app);
  g_rmdir (recovery);
  return ret;
}

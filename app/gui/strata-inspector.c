/* strata-inspector.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "strata-inspector"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "strata/strata-edit.h"

#include "strata-inspector-private.h"
#include "strata-layer-row-private.h"

/*
 * The inspector shows one page at a time (the dataset, a layer and its
 * options, the links, the strategies, the sources), picked in a drop-down
 * at the top or by selecting a layer elsewhere in the window.  The page is
 * rebuilt from the dataset's JSON tree (a StrataDraft) whenever the
 * scenario's dataset changes, so it always shows what an undo or a reload
 * left; the entry that had the focus gets it back.  Structure (adding,
 * removing, duplicating and moving layers, options, links, strategies and
 * sources) goes through strata-edit.h's structure functions, each as one
 * undoable step.
 */

G_DEFINE_FINAL_TYPE (StrataInspector, strata_inspector, GTK_TYPE_BOX)

enum {
  PROBLEM,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* -- Applying -------------------------------------------------------------- */

gboolean
_strata_inspector_apply_field (gpointer     user_data,
                               const char  *path,
                               JsonNode    *value,
                               GError     **error)
{
  StrataInspector *self = user_data;
  g_autofree char *selection = g_strdup (self->selection);

  /* A row that loses the focus because the page is being rebuilt. */
  if (self->rebuilding)
    return TRUE;

  /* Renaming the strategy on the strategies page keeps it there. */
  if (self->strategy != NULL && value != NULL && JSON_NODE_HOLDS_VALUE (value) &&
      json_node_get_value_type (value) == G_TYPE_STRING)
    {
      g_autofree char *strategy_path = g_strdup_printf ("strategies.%s.id", self->strategy);

      if (g_strcmp0 (path, strategy_path) == 0)
        {
          g_free (self->strategy);
          self->strategy = g_strdup (json_node_get_string (value));
        }
    }

  /* Renaming the selected layer keeps it selected. */
  if (g_str_has_prefix (selection, "layer:") && g_str_has_suffix (path, ".id") && value != NULL
      && JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
    {
      g_autofree char *layer_path = g_strdup_printf ("layers.%s.id", selection + strlen ("layer:"));

      if (g_strcmp0 (path, layer_path) == 0)
        {
          g_free (self->selection);
          self->selection = g_strdup_printf ("layer:%s", json_node_get_string (value));
        }
    }

  if (!strata_scenario_set_field (self->scenario, path, value, error))
    {
      /* The row says why, under itself: no second message elsewhere. */
      g_free (self->selection);
      self->selection = g_steal_pointer (&selection);
      return FALSE;
    }
  return TRUE;
}

void
_strata_inspector_problem (StrataInspector *self,
                           const char      *message)
{
  g_signal_emit (self, signals[PROBLEM], 0, message);
}

/* One structure change as one step of the history named @label. */
gboolean
_strata_inspector_apply_structure (StrataInspector *self,
                 const char      *label,
                 StrataDraftEdit  edit,
                 gpointer         data)
{
  g_autoptr(StrataDraft) draft = strata_draft_new (strata_scenario_get_dataset (self->scenario));
  g_autoptr(GError) error = NULL;

  if (!edit (draft, data, &error) || !strata_scenario_apply_draft (self->scenario, draft, label, &error))
    {
      g_signal_emit (self, signals[PROBLEM], 0, error->message);
      return FALSE;
    }
  return TRUE;
}

/* -- Building a page ------------------------------------------------------- */

GtkWidget *
_strata_inspector_group (StrataInspector *self,
           const char      *title,
           const char      *description)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  if (description != NULL)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  /* A group made later goes before the page's buttons. */
  if (self->last_group != NULL)
    gtk_box_insert_child_after (self->page, group, self->last_group);
  else
    gtk_box_append (self->page, group);
  self->last_group = group;
  return group;
}

/* One field's row, to be made: its group is on the page until the page
 * is rebuilt, which drops the rows still to make first. */
typedef struct
{
  GtkWidget             *group;     /* (unowned) */
  const StrataFieldInfo *field;
  StrataFieldScope       scope;
  char                  *path;
  char                  *layer_id;  /* (nullable) */
  JsonObject            *holder;    /* (nullable) (unowned) the tree's object holding the field */
} RowStep;

static void
row_step_free (gpointer data)
{
  RowStep *step = data;

  g_free (step->path);
  g_free (step->layer_id);
  g_free (step);
}

static void
row_step_run (StrataInspector *self,
              RowStep         *step)
{
  StrataDataset *dataset = strata_scenario_get_dataset (self->scenario);
  const StrataFieldInfo *field = step->field;
  g_autofree char *unit = strata_field_unit_text (field, dataset);
  g_auto(GStrv) choices = _strata_inspector_choices_for (self, field, step->layer_id);
  JsonNode *value;
  GtkWidget *row;

  /* A choice's key is its layer's id. */
  value = step->holder != NULL ? json_object_get_member (step->holder, field->key != NULL ? field->key
                                                                                          : step->layer_id)
                               : NULL;

  row = _strata_field_row_new (field, step->path, value, unit, (const char * const *) choices,
                               _strata_inspector_apply_field, self);
  /* A strategy's choices are named by their layer. */
  if (step->scope == STRATA_SCOPE_CHOICE && ADW_IS_PREFERENCES_ROW (row))
    {
      int layer = strata_dataset_find_layer (dataset, step->layer_id);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     layer >= 0 ? dataset->layers[layer].name : step->layer_id);
    }
  _strata_inspector_group_add (self, step->group, row);
  if (field->kind == STRATA_FIELD_SOURCES)
    _strata_inspector_add_source_rows (self, step->group, step->path, value);
}

/* A group to make (a layer's option with its header buttons). */
typedef struct
{
  StrataInspectorGroupFunc func;
  gpointer                 data;
  GDestroyNotify           destroy;
} GroupStep;

static void
group_step_free (gpointer data)
{
  GroupStep *step = data;

  if (step->destroy != NULL)
    step->destroy (step->data);
  g_free (step);
}

void
_strata_inspector_add_group (StrataInspector          *self,
                             StrataInspectorGroupFunc  func,
                             gpointer                  data,
                             GDestroyNotify            destroy)
{
  GroupStep *step = g_new0 (GroupStep, 1);

  *step = (GroupStep) { func, data, destroy };
  g_queue_push_tail (&self->groups, step);
}

/* Rows for every field of @scope under @prefix ("layers.chips.").
 * @mode, when not NULL, hides the fields of the other mode.  They are
 * made later, in page order (_strata_inspector_finish_page()). */
void
_strata_inspector_add_fields (StrataInspector  *self,
                GtkWidget        *group,
                StrataFieldScope  scope,
                const char       *prefix,
                const char       *layer_id,
                const char       *mode,
                JsonNode         *holder)
{
  const StrataFieldInfo *fields;
  guint n_fields;

  if (holder != NULL && !JSON_NODE_HOLDS_OBJECT (holder))
    holder = NULL;
  fields = strata_field_list (scope, &n_fields);
  for (guint i = 0; i < n_fields; i++)
    {
      const StrataFieldInfo *field = &fields[i];
      RowStep *step;

      if (mode != NULL && (((field->flags & STRATA_FIELD_NEUTRAL) && g_strcmp0 (mode, "neutral") != 0) ||
                           ((field->flags & STRATA_FIELD_INTEGRATED) && g_strcmp0 (mode, "integrated") != 0)))
        continue;
      step = g_new0 (RowStep, 1);
      step->group = group;
      step->field = field;
      step->scope = scope;
      step->path = field->key != NULL ? g_strconcat (prefix, field->key, NULL)
                                      : g_strndup (prefix, strlen (prefix) - 1);
      step->layer_id = g_strdup (layer_id);
      step->holder = holder != NULL ? json_node_get_object (holder) : NULL;
      g_queue_push_tail (&self->pending, step);
    }
}

/* A flat button in a group's header that runs @callback with @data
 * (freed with the button). */
GtkWidget *
_strata_inspector_header_button (GtkWidget   *group,
               const char  *icon,
               const char  *tooltip,
               GCallback    callback,
               gpointer     self,
               char        *data)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);
  GtkWidget *suffix = adw_preferences_group_get_header_suffix (ADW_PREFERENCES_GROUP (group));

  if (suffix == NULL)
    {
      suffix = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
      adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), suffix);
    }
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  g_object_set_data_full (G_OBJECT (button), "strata-target", data, g_free);
  g_signal_connect_swapped (button, "clicked", callback, self);
  g_object_set_data (G_OBJECT (button), "strata-button", button);
  gtk_box_append (GTK_BOX (suffix), button);
  return button;
}

/* A plain button under the page's groups. */
GtkWidget *
_strata_inspector_page_button (StrataInspector *self,
             const char      *label,
             GCallback        callback,
             char            *data)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_add_css_class (button, "pill");
  gtk_widget_set_halign (button, GTK_ALIGN_CENTER);
  g_object_set_data_full (G_OBJECT (button), "strata-target", data, g_free);
  g_signal_connect_swapped (button, "clicked", callback, self);
  gtk_box_append (self->page, button);
  return button;
}

const char *
_strata_inspector_target (GtkWidget *button)
{
  return g_object_get_data (G_OBJECT (button), "strata-target");
}

/* -- Selection ------------------------------------------------------------- */

static void
on_selector_changed_cb (StrataInspector *self)
{
  guint selected = gtk_drop_down_get_selected (self->selector);

  if (self->rebuilding || selected >= self->keys->len)
    return;
  strata_inspector_select (self, g_ptr_array_index (self->keys, selected));
}

/* The drop-down's pages of the dataset the page reads: 1000 layers' names
 * are made once for a dataset, not at every page. */
static void
strata_inspector_list_pages (StrataInspector *self)
{
  StrataDataset *dataset = self->shown;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  g_ptr_array_set_size (self->keys, 0);
  g_ptr_array_add (self->keys, g_strdup ("dataset"));
  gtk_string_list_append (names, _("Dataset"));
  /* Top of the stack first, as in the sidebar. */
  for (guint i = dataset->n_layers; i-- > 0;)
    {
      /* Translators: an entry of the inspector's drop-down; %s is a layer name */
      g_autofree char *name = g_strdup_printf (_("Layer: %s"), dataset->layers[i].name);

      g_ptr_array_add (self->keys, g_strconcat ("layer:", dataset->layers[i].id, NULL));
      gtk_string_list_append (names, name);
    }
  g_ptr_array_add (self->keys, g_strdup ("links"));
  gtk_string_list_append (names, _("Co-design Links"));
  g_ptr_array_add (self->keys, g_strdup ("strategies"));
  gtk_string_list_append (names, _("Strategies"));
  g_ptr_array_add (self->keys, g_strdup ("sources"));
  gtk_string_list_append (names, _("Sources"));
  /* The model is replaced only when the names change: picking a page in
   * the drop-down rebuilds the page from inside its notify::selected. */
  if (!_strata_string_lists_equal (gtk_drop_down_get_model (self->selector), G_LIST_MODEL (names)))
    gtk_drop_down_set_model (self->selector, G_LIST_MODEL (names));
  self->listed = TRUE;
}

static void
strata_inspector_fill_selector (StrataInspector *self)
{
  guint selected = 0;

  if (!self->listed)
    strata_inspector_list_pages (self);
  for (guint i = 0; i < self->keys->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->keys, i), self->selection) == 0)
      selected = i;
  if (selected == 0 && g_strcmp0 (self->selection, "dataset") != 0)
    {
      /* The selected layer is gone. */
      g_free (self->selection);
      self->selection = g_strdup ("dataset");
    }
  if (gtk_drop_down_get_selected (self->selector) != selected)
    gtk_drop_down_set_selected (self->selector, selected);
}

/* The entry with the focus, as "path\npart", to give it back after a
 * rebuild. */
static char *
strata_inspector_focus_key (StrataInspector *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  for (; focus != NULL && focus != GTK_WIDGET (self); focus = gtk_widget_get_parent (focus))
    {
      const char *path = g_object_get_data (G_OBJECT (focus), "strata-path");

      if (path != NULL)
        return g_strdup_printf ("%s\n%s", path, (char *) g_object_get_data (G_OBJECT (focus), "strata-part"));
    }
  return NULL;
}

static GtkWidget *
find_widget (GtkWidget  *widget,
             const char *path,
             const char *part)
{
  if (g_strcmp0 (g_object_get_data (G_OBJECT (widget), "strata-path"), path) == 0 &&
      g_strcmp0 (g_object_get_data (G_OBJECT (widget), "strata-part"), part) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, path, part);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* -- Making a page's rows a few at a time ---------------------------------- */

/* A field's row takes one to a few milliseconds to make (a number row has
 * three entries, a choice row the list of its popup): a layer of 40
 * options has some 600 rows and a strategy of 1000 layers 1000, which
 * blocked the window for 1.35 s and several seconds (issue 16, finding 3).
 * The rows are made in page order: at a rebuild as many as fit in
 * REBUILD_BUDGET_USEC, so that the page of a usual dataset is whole at
 * once as before, then as many as fit in FRAME_BUDGET_USEC at each turn
 * of the main loop that has nothing more urgent to do (an idle callback,
 * below redrawing and input: frames come between them, and a tick
 * callback made 3 rows a frame, 100 s for a page of 400 rows on a
 * loaded machine).  The budgets are the main thread's CPU time, which a
 * loaded machine does not stretch: the same part of a page is made at
 * once on any machine.  A page rebuilt after an edit keeps its old height
 * until it is whole, so that it stays where it was scrolled. */
#define REBUILD_BUDGET_USEC 10000
#define FRAME_BUDGET_USEC 10000

/* Rows made when idle are held off screen and added to their groups in
 * batches: once they took HELD_CPU_USEC to make, HELD_USEC after the
 * first was held, or when the page is whole.  Each batch added is a frame,
 * and without a GPU a frame of the window costs far more than the rows of
 * one idle turn: llvmpipe drew a frame after every turn, 17.6 s for the
 * 1000 rows of a near-limit strategy, 60 % of it in the renderer.  The
 * frame that adds a batch lays its rows out, which costs about twice
 * what making them did (1.3 ms a row to make, 2-2.5 to lay out: a batch
 * of 64 blocked the main thread 170 ms): 20 ms of rows keeps that frame
 * near 40 ms.  The rows below the visible part of the page came a few a
 * frame before; the user sees the same page. */
#define HELD_CPU_USEC 20000
#define HELD_USEC (250 * 1000)

typedef struct
{
  GtkWidget *group;   /* (unowned) on the page */
  GtkWidget *row;     /* (owned) */
} HeldRow;

void
_strata_inspector_group_add (StrataInspector *self,
                             GtkWidget       *group,
                             GtkWidget       *row)
{
  HeldRow held;

  if (!self->hold_rows)
    {
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
      return;
    }
  if (self->held->len == 0)
    {
      self->held_since = g_get_monotonic_time ();
      self->held_cpu = 0;
    }
  held.group = group;
  held.row = g_object_ref_sink (row);
  g_array_append_val (self->held, held);
}

static void
flush_held (StrataInspector *self)
{
  for (guint i = 0; i < self->held->len; i++)
    {
      HeldRow *held = &g_array_index (self->held, HeldRow, i);

      adw_preferences_group_add (ADW_PREFERENCES_GROUP (held->group), held->row);
      g_object_unref (held->row);
    }
  g_array_set_size (self->held, 0);
}

static void
drop_held (StrataInspector *self)
{
  for (guint i = 0; i < self->held->len; i++)
    g_object_unref (g_array_index (self->held, HeldRow, i).row);
  g_array_set_size (self->held, 0);
}

static void
strata_inspector_drop_pending (StrataInspector *self)
{
  g_queue_clear_full (&self->groups, group_step_free);
  g_queue_clear_full (&self->pending, row_step_free);
  g_clear_handle_id (&self->build_source, g_source_remove);
  g_clear_pointer (&self->focus, g_free);
  drop_held (self);
}

/* Makes rows until @budget_usec is spent (< 0: no limit) or the row of
 * @until is made; whether some are still to make. */
static gboolean
strata_inspector_make_rows (StrataInspector *self,
                            gint64           budget_usec,
                            const char      *until)
{
  gint64 start = _strata_inspector_thread_cpu_usec ();
  gboolean rebuilding = self->rebuilding;
  g_auto(GStrv) focus = self->focus != NULL ? g_strsplit (self->focus, "\n", 2) : NULL;
  gboolean focus_made = FALSE;

  /* Rows made now go after the ones held. */
  if (!self->hold_rows)
    flush_held (self);
  /* A row that loses the focus meanwhile is no edit. */
  self->rebuilding = TRUE;
  while (_strata_inspector_is_making (self))
    {
      GroupStep *group = g_queue_pop_head (&self->groups);
      RowStep *step;
      gboolean last;

      /* The groups first (their rows go into them, in page order). */
      if (group != NULL)
        {
          group->func (self, group->data);
          group_step_free (group);
          if (budget_usec >= 0 && _strata_inspector_thread_cpu_usec () - start >= budget_usec)
            break;
          continue;
        }
      step = g_queue_pop_head (&self->pending);
      last = until != NULL && g_strcmp0 (step->path, until) == 0;
      row_step_run (self, step);
      focus_made |= focus != NULL && g_strcmp0 (step->path, focus[0]) == 0;
      row_step_free (step);
      if (last || (budget_usec >= 0 && _strata_inspector_thread_cpu_usec () - start >= budget_usec))
        break;
    }
  self->rebuilding = rebuilding;

  /* The entry that had the focus before the rebuild gets it back. */
  if (focus_made)
    {
      flush_held (self);
      GtkWidget *widget = find_widget (GTK_WIDGET (self->page), focus[0], focus[1]);

      if (widget != NULL)
        gtk_widget_grab_focus (widget);
      g_clear_pointer (&self->focus, g_free);
    }
  if (_strata_inspector_is_making (self))
    return TRUE;

  g_clear_pointer (&self->focus, g_free);
  if (self->holding)
    gtk_widget_set_size_request (GTK_WIDGET (self->page), -1, -1);
  self->holding = FALSE;
  return FALSE;
}

gboolean
_strata_inspector_is_making (StrataInspector *self)
{
  return !g_queue_is_empty (&self->groups) || !g_queue_is_empty (&self->pending);
}

static gboolean
make_rows_idle_cb (gpointer data)
{
  StrataInspector *self = STRATA_INSPECTOR (data);
  gboolean more;
  gint64 start = _strata_inspector_thread_cpu_usec ();

  self->hold_rows = TRUE;
  more = strata_inspector_make_rows (self, FRAME_BUDGET_USEC, NULL);
  self->hold_rows = FALSE;
  self->held_cpu += _strata_inspector_thread_cpu_usec () - start;
  if (!more || self->held_cpu >= HELD_CPU_USEC || g_get_monotonic_time () - self->held_since >= HELD_USEC)
    flush_held (self);
  if (more)
    return G_SOURCE_CONTINUE;
  self->build_source = 0;
  return G_SOURCE_REMOVE;
}

gboolean
_strata_inspector_finish_page (StrataInspector *self,
                               const char      *path)
{
  g_return_val_if_fail (STRATA_IS_INSPECTOR (self), FALSE);

  if (strata_inspector_make_rows (self, -1, path))
    return TRUE;
  g_clear_handle_id (&self->build_source, g_source_remove);
  return FALSE;
}

void
_strata_inspector_rebuild (StrataInspector *self)
{
  StrataDataset *dataset = strata_scenario_get_dataset (self->scenario);
  g_autofree char *focus = NULL;
  gboolean same_page;
  int height;

  if (dataset == NULL)
    return;

  focus = strata_inspector_focus_key (self);
  same_page = g_strcmp0 (self->built, self->selection) == 0;
  height = gtk_widget_get_height (GTK_WIDGET (self->page));
  strata_inspector_drop_pending (self);
  self->stale = FALSE;
  self->rebuilding = TRUE;
  _strata_inspector_retire_page (self);
  self->last_group = NULL;
  _strata_inspector_read (self, dataset);
  strata_inspector_fill_selector (self);
  if (g_str_has_prefix (self->selection, "layer:"))
    _strata_inspector_build_layer (self, self->selection + strlen ("layer:"));
  else if (g_strcmp0 (self->selection, "links") == 0)
    _strata_inspector_build_links (self);
  else if (g_strcmp0 (self->selection, "strategies") == 0)
    _strata_inspector_build_strategies (self);
  else if (g_strcmp0 (self->selection, "sources") == 0)
    _strata_inspector_build_sources (self);
  else
    _strata_inspector_build_dataset (self);
  g_free (self->built);
  self->built = g_strdup (self->selection);
  self->rebuilding = FALSE;

  self->focus = g_steal_pointer (&focus);
  if (same_page && height > 0)
    {
      gtk_widget_set_size_request (GTK_WIDGET (self->page), -1, height);
      self->holding = TRUE;
    }
  if (strata_inspector_make_rows (self, REBUILD_BUDGET_USEC, NULL))
    self->build_source = g_idle_add (make_rows_idle_cb, self);
}

static void
on_scenario_changed_cb (StrataInspector *self,
                        guint            what)
{
  if (!(what & STRATA_SCENARIO_CHANGED_DATASET))
    return;
  /* Hidden (the sidebar shows the scenario): built when shown. */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    _strata_inspector_rebuild (self);
  else
    self->stale = TRUE;
}

static void
strata_inspector_map (GtkWidget *widget)
{
  StrataInspector *self = STRATA_INSPECTOR (widget);

  GTK_WIDGET_CLASS (strata_inspector_parent_class)->map (widget);
  if (self->stale)
    _strata_inspector_rebuild (self);
}

void
strata_inspector_select (StrataInspector *self,
                         const char      *key)
{
  g_return_if_fail (STRATA_IS_INSPECTOR (self));
  g_return_if_fail (key != NULL);

  if (g_strcmp0 (key, self->selection) == 0 && self->tree != NULL && !self->stale)
    return;
  g_free (self->selection);
  self->selection = g_strdup (key);
  _strata_inspector_rebuild (self);
}

char *
_strata_inspector_key_for_path (const char *path)
{
  g_auto(GStrv) parts = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  parts = g_strsplit (path, ".", 3);
  if (g_strcmp0 (parts[0], "layers") == 0 && parts[1] != NULL)
    return g_strconcat ("layer:", parts[1], NULL);
  if (g_strcmp0 (parts[0], "links") == 0 || g_strcmp0 (parts[0], "strategies") == 0 ||
      g_strcmp0 (parts[0], "sources") == 0)
    return g_strdup (parts[0]);
  return g_strdup ("dataset");
}

/* A field's entry on a page just made has no place yet when it takes
 * the focus, so the viewport's scroll to the focus finds nothing to
 * scroll to, and a field far down the page (horizon.years, an option's
 * number) was focused out of sight.  Once the entry is laid out (a frame
 * or two later), the scrolled window shows it whole, with a margin. */
#define SCROLL_FRAMES_MAX 120

static gboolean
scroll_to_field_cb (GtkWidget     *widget,
                    GdkFrameClock *clock,
                    gpointer       data)
{
  guint *frames = data;
  GtkWidget *scrolled = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  GtkWidget *content;
  GtkAdjustment *adjustment;
  graphene_rect_t bounds;
  double margin, page, value;

  if (scrolled == NULL || ++*frames > SCROLL_FRAMES_MAX)
    return G_SOURCE_REMOVE;
  content = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled));
  if (GTK_IS_VIEWPORT (content) && gtk_viewport_get_child (GTK_VIEWPORT (content)) != NULL)
    content = gtk_viewport_get_child (GTK_VIEWPORT (content));
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  if (gtk_widget_get_height (widget) <= 0 || !gtk_widget_compute_bounds (widget, content, &bounds) ||
      bounds.origin.y + bounds.size.height > gtk_adjustment_get_upper (adjustment))
    return G_SOURCE_CONTINUE;
  /* Set at once: gtk_adjustment_clamp_page () animates, and in the test
   * below (a main loop turning every 50 ms) it left the view where it
   * was. */
  page = gtk_adjustment_get_page_size (adjustment);
  margin = MIN (48.0, page / 4);
  value = gtk_adjustment_get_value (adjustment);
  if (bounds.origin.y - margin < value)
    value = bounds.origin.y - margin;
  else if (bounds.origin.y + bounds.size.height + margin > value + page)
    value = bounds.origin.y + bounds.size.height + margin - page;
  gtk_adjustment_set_value (adjustment, value);
  return G_SOURCE_REMOVE;
}

gboolean
strata_inspector_select_field (StrataInspector *self,
                               const char      *path)
{
  static const char *parts[] = { "value", "text", "choice", "row" };
  g_autofree char *key = NULL;

  g_return_val_if_fail (STRATA_IS_INSPECTOR (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  key = _strata_inspector_key_for_path (path);
  /* "strategies.ID.…": that strategy on the strategies page. */
  if (g_str_has_prefix (path, "strategies."))
    {
      g_auto(GStrv) names = g_strsplit (path, ".", 3);

      if (names[1] != NULL && g_strcmp0 (names[1], self->strategy) != 0)
        {
          g_free (self->strategy);
          self->strategy = g_strdup (names[1]);
          self->stale = TRUE;
        }
    }
  self->stale |= _strata_inspector_links_show_path (self, path);
  strata_inspector_select (self, key);
  if (self->stale)
    _strata_inspector_rebuild (self);
  _strata_inspector_finish_page (self, path);
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      GtkWidget *widget = find_widget (GTK_WIDGET (self->page), path, parts[i]);

      if (widget != NULL)
        {
          gtk_widget_grab_focus (widget);
          gtk_widget_add_tick_callback (widget, scroll_to_field_cb, g_new0 (guint, 1), g_free);
          return TRUE;
        }
    }
  return FALSE;
}

const char *
strata_inspector_get_selection (StrataInspector *self)
{
  g_return_val_if_fail (STRATA_IS_INSPECTOR (self), NULL);

  return self->selection;
}

GtkEditable *
_strata_inspector_find_entry (StrataInspector *self,
                              const char      *path,
                              const char      *part)
{
  GtkWidget *widget;

  _strata_inspector_finish_page (self, NULL);
  widget = find_widget (GTK_WIDGET (self->page), path, part);
  return widget != NULL && GTK_IS_EDITABLE (widget) ? GTK_EDITABLE (widget) : NULL;
}

GtkWidget *
_strata_inspector_find_widget (StrataInspector *self,
                               const char      *path,
                               const char      *part)
{
  _strata_inspector_finish_page (self, NULL);
  return find_widget (GTK_WIDGET (self->page), path, part);
}

const char *
_strata_inspector_get_message (StrataInspector *self,
                               const char      *path)
{
  static const char *parts[] = { "row", "text", "choice" };
  GtkLabel *message = NULL;

  _strata_inspector_finish_page (self, NULL);
  /* A number row always has its line (unit and rule, or the problem);
   * a text or choice row only while something is refused. */
  for (guint i = 0; message == NULL && i < G_N_ELEMENTS (parts); i++)
    {
      GtkWidget *row = find_widget (GTK_WIDGET (self->page), path, parts[i]);

      if (row != NULL)
        message = g_object_get_data (G_OBJECT (row), "strata-message");
    }

  return message != NULL ? gtk_label_get_text (message) : NULL;
}

/* -- GObject --------------------------------------------------------------- */

static void
strata_inspector_dispose (GObject *object)
{
  StrataInspector *self = STRATA_INSPECTOR (object);

  if (self->scenario != NULL)
    g_signal_handlers_disconnect_by_data (self->scenario, self);
  g_clear_object (&self->scenario);
  g_clear_handle_id (&self->pick_source, g_source_remove);
  strata_inspector_drop_pending (self);
  g_clear_handle_id (&self->dying_source, g_source_remove);
  g_queue_clear_full (&self->dying, g_object_unref);

  G_OBJECT_CLASS (strata_inspector_parent_class)->dispose (object);
}

static void
strata_inspector_finalize (GObject *object)
{
  StrataInspector *self = STRATA_INSPECTOR (object);

  g_clear_pointer (&self->keys, g_ptr_array_unref);
  g_clear_pointer (&self->held, g_array_unref);
  g_clear_pointer (&self->selection, g_free);
  g_clear_pointer (&self->strategy, g_free);
  g_clear_pointer (&self->built, g_free);
  g_clear_pointer (&self->layer_index, g_hash_table_unref);
  g_clear_pointer (&self->copy, strata_draft_free);
  g_clear_pointer (&self->shown, strata_dataset_unref);

  G_OBJECT_CLASS (strata_inspector_parent_class)->finalize (object);
}

static void
strata_inspector_class_init (StrataInspectorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = strata_inspector_dispose;
  object_class->finalize = strata_inspector_finalize;
  GTK_WIDGET_CLASS (klass)->map = strata_inspector_map;

  /* An edit was refused: the message says why. */
  signals[PROBLEM] = g_signal_new ("problem", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
strata_inspector_init (StrataInspector *self)
{
  self->keys = g_ptr_array_new_with_free_func (g_free);
  self->held = g_array_new (FALSE, FALSE, sizeof (HeldRow));
  self->selection = g_strdup ("dataset");

  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing (GTK_BOX (self), 18);
  gtk_widget_set_margin_top (GTK_WIDGET (self), 6);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self), 18);
  gtk_widget_set_margin_start (GTK_WIDGET (self), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self), 12);

  self->selector = GTK_DROP_DOWN (gtk_drop_down_new (NULL, NULL));
  /* Names of any length end in "…" instead of widening the sidebar (and
   * the window) past the screen. */
  {
    g_autoptr(GtkListItemFactory) factory = _strata_ellipsizing_factory_new ();

    gtk_drop_down_set_factory (self->selector, factory);
  }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->selector), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("What to edit"), -1);
  g_signal_connect_swapped (self->selector, "notify::selected", G_CALLBACK (on_selector_changed_cb), self);
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->selector));

  self->page = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 18));
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->page));
}

GtkWidget *
strata_inspector_new (StrataScenario *scenario)
{
  StrataInspector *self;

  g_return_val_if_fail (STRATA_IS_SCENARIO (scenario), NULL);

  self = g_object_new (STRATA_TYPE_INSPECTOR, NULL);
  self->scenario = g_object_ref (scenario);
  g_signal_connect_object (scenario, "changed", G_CALLBACK (on_scenario_changed_cb),
                           self, G_CONNECT_SWAPPED);
  self->stale = TRUE;
  return GTK_WIDGET (self);
}

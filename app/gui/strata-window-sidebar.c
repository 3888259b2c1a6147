/* strata-window-sidebar.c: the sidebar's strategy, layers and volume
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "strata-window"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "strata/strata-format.h"

#include "strata-layer-row-private.h"
#include "strata-window-private.h"

/*
 * The sidebar shows the scenario and hands what the user does to it: the
 * strategy drop-down, the strategies to compare, a row per layer and the
 * volume.  It never keeps state of its own; _strata_window_update_sidebar()
 * puts the scenario's back into the widgets, with self->updating set so
 * that their signals are not taken for the user's.
 */

static char *
strata_window_format_volume (StrataWindow *self,
                             double        volume)
{
  return _strata_format_volume_per_year (volume, _strata_window_dataset (self)->unit);
}

static void
strata_window_set_entry_error (StrataWindow *self,
                               const char   *message)
{
  GtkWidget *entry = GTK_WIDGET (self->volume_entry);

  /* Said in place, under the entry, not only in a hover tooltip. */
  gtk_label_set_text (self->volume_error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->volume_error_label), message != NULL);

  if (message != NULL)
    {
      gtk_widget_add_css_class (entry, "error");
      gtk_widget_set_tooltip_text (entry, message);
      gtk_accessible_update_state (GTK_ACCESSIBLE (entry),
                                   GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE,
                                   -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message,
                                      -1);
    }
  else
    {
      gtk_widget_remove_css_class (entry, "error");
      gtk_widget_set_tooltip_text (entry, _("Units per year, e.g. 2.5e9, 2.5B or 2,500,000,000"));
      gtk_accessible_reset_state (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_STATE_INVALID);
      gtk_accessible_reset_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
    }
}

void
_strata_window_update_volume_controls (StrataWindow *self)
{
  double volume = strata_scenario_get_volume (self->scenario);
  g_autofree char *text = strata_window_format_volume (self, volume);

  self->updating = TRUE;
  gtk_range_set_value (GTK_RANGE (self->volume_scale), log10 (volume));
  gtk_editable_set_text (GTK_EDITABLE (self->volume_entry), text);
  strata_window_set_entry_error (self, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->volume_scale),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, text,
                                  -1);
  self->updating = FALSE;
}

void
_strata_window_update_sidebar (StrataWindow *self)
{
  StrataDataset *dataset = _strata_window_dataset (self);
  const guint *choices = strata_scenario_get_choices (self->scenario);
  int strategy = strata_scenario_get_strategy (self->scenario);
  guint n_strategies = dataset->n_strategies;
  GListModel *names = gtk_drop_down_get_model (self->strategy_dropdown);
  guint n_items = g_list_model_get_n_items (names);

  self->updating = TRUE;

  for (guint i = 0; i < self->rows->len; i++)
    strata_layer_row_set_choice (g_ptr_array_index (self->rows, i), choices[i]);

  /* "Custom" is listed only while it is the current state: it is what hand
   * edits make, not something to pick. */
  if (strategy < 0 && n_items == n_strategies)
    gtk_string_list_append (GTK_STRING_LIST (names), _("Custom"));
  else if (strategy >= 0 && n_items > n_strategies)
    gtk_string_list_remove (GTK_STRING_LIST (names), n_strategies);
  gtk_drop_down_set_selected (self->strategy_dropdown,
                              strategy >= 0 ? (guint) strategy : n_strategies);

  for (guint i = 0; i < self->compare_checks->len; i++)
    {
      GtkCheckButton *check = g_ptr_array_index (self->compare_checks, i);
      gboolean current = (int) i == strategy;

      /* The current strategy is always drawn. */
      gtk_check_button_set_active (check, current || strata_scenario_get_compared (self->scenario, i));
      gtk_widget_set_sensitive (GTK_WIDGET (check), !current);
    }

  self->updating = FALSE;
}

static void
on_layer_row_mode_changed_cb (StrataWindow   *self,
                              guint           mode,
                              StrataLayerRow *row)
{
  guint layer = strata_layer_row_get_index (row);
  int option;

  if (self->updating)
    return;

  option = strata_layer_first_of_mode (&_strata_window_dataset (self)->layers[layer], mode);
  if (option >= 0)
    _strata_window_set_option (self, layer, option);
}

static void
on_layer_row_option_changed_cb (StrataWindow   *self,
                                guint           option,
                                StrataLayerRow *row)
{
  if (!self->updating)
    _strata_window_set_option (self, strata_layer_row_get_index (row), option);
}

static void
on_strategy_selected_cb (StrataWindow *self,
                         GParamSpec   *pspec,
                         GtkDropDown  *dropdown)
{
  guint selected = gtk_drop_down_get_selected (dropdown);
  StrataDataset *dataset = _strata_window_dataset (self);

  if (self->updating || dataset == NULL || selected == GTK_INVALID_LIST_POSITION)
    return;

  _strata_window_set_strategy (self, selected < dataset->n_strategies ? (int) selected : -1);
}

static void
on_compare_toggled_cb (StrataWindow   *self,
                       GtkCheckButton *check)
{
  guint index;

  if (self->updating || _strata_window_dataset (self) == NULL)
    return;

  if (!g_ptr_array_find (self->compare_checks, check, &index) ||
      (int) index == strata_scenario_get_strategy (self->scenario))
    return;

  strata_scenario_set_compared (self->scenario, index, gtk_check_button_get_active (check));
}

static void
on_volume_scale_changed_cb (StrataWindow *self,
                            GtkRange     *range)
{
  if (self->updating || _strata_window_dataset (self) == NULL)
    return;

  _strata_window_set_volume (self, pow (10.0, gtk_range_get_value (range)));
}

static void
on_volume_entry_changed_cb (StrataWindow *self,
                            GtkEditable  *editable)
{
  if (!self->updating)
    strata_window_set_entry_error (self, NULL);
}

/* Applies the entry's text as the volume.  On failure the entry keeps the
 * text and says why; returns the reason (owned), NULL when applied. */
static char *
strata_window_apply_volume_text (StrataWindow *self,
                                 const char   *typed)
{
  StrataDataset *dataset = _strata_window_dataset (self);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *suffix = NULL;
  g_autofree char *delocalized = NULL;
  double volume;

  /* Accept the text as shown ("2.5 B units/yr") as well as typed figures. */
  text = g_strstrip (g_strdup (typed));
  suffix = g_strdup_printf ("%s/yr", dataset->unit);
  if (g_str_has_suffix (text, suffix))
    text[strlen (text) - strlen (suffix)] = '\0';
  else if (g_str_has_suffix (text, "/yr"))
    text[strlen (text) - strlen ("/yr")] = '\0';
  g_strstrip (text);
  if (g_str_has_suffix (text, "×"))
    text[strlen (text) - strlen ("×")] = '\0';
  g_strstrip (text);

  /* "2,5 B" where the decimal point is a comma, as the entry shows it. */
  delocalized = strata_format_delocalize (text);
  if (!strata_parse_volume (delocalized, &volume, &error))
    return g_strdup (error->message);

  if (volume < dataset->volume_min || volume > dataset->volume_max)
    {
      g_autofree char *min = strata_window_format_volume (self, dataset->volume_min);
      g_autofree char *max = strata_window_format_volume (self, dataset->volume_max);

      /* Translators: the dataset's volume range */
      return g_strdup_printf (_("The dataset covers %s to %s"), min, max);
    }

  _strata_window_set_volume (self, volume);
  _strata_window_update_volume_controls (self);
  return NULL;
}

static void
on_volume_entry_activate_cb (StrataWindow *self,
                             GtkEntry     *entry)
{
  g_autofree char *reason = NULL;

  if (_strata_window_dataset (self) == NULL)
    return;

  reason = strata_window_apply_volume_text (self, gtk_editable_get_text (GTK_EDITABLE (entry)));
  if (reason != NULL)
    {
      g_autofree char *shown = strata_window_format_volume (self, strata_scenario_get_volume (self->scenario));
      /* Translators: the reason a typed volume was refused, then the volume still in use */
      g_autofree char *message = g_strdup_printf (_("%s. Still using %s."), reason, shown);

      strata_window_set_entry_error (self, message);
      gtk_widget_error_bell (GTK_WIDGET (entry));
    }
}

/* Leaving the entry (Tab, a click elsewhere) applies what was typed, like
 * Enter; text that cannot be used is replaced by the volume in use, and
 * the message under the entry says why and what that volume is. */
static void
volume_entry_left (StrataWindow *self)
{
  g_autofree char *typed = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *message = NULL;

  /* Also called while the window is destroyed. */
  if (self->scenario == NULL || _strata_window_dataset (self) == NULL ||
      self->volume_entry == NULL || gtk_widget_in_destruction (GTK_WIDGET (self)))
    return;

  typed = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->volume_entry)));
  shown = strata_window_format_volume (self, strata_scenario_get_volume (self->scenario));
  if (g_strcmp0 (typed, shown) == 0)
    return;

  reason = strata_window_apply_volume_text (self, typed);
  if (reason == NULL)
    return;

  /* Translators: the reason a typed volume was refused, then the volume still in use */
  message = g_strdup_printf (_("%s. Still using %s."), reason, shown);
  self->updating = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->volume_entry), shown);
  self->updating = FALSE;
  strata_window_set_entry_error (self, message);
}

/* The window's focus moving out of the volume entry (Tab, a click
 * elsewhere) is leaving it.  The window itself losing focus (another app,
 * a dialog) keeps its focus widget, so what is being typed stays; and this
 * does not depend on the window being active, as a focus controller's
 * "leave" does. */
static void
on_focus_widget_changed_cb (StrataWindow *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  GtkWidget *entry = GTK_WIDGET (self->volume_entry);
  gboolean in_entry;

  if (entry == NULL)
    return;
  in_entry = focus != NULL && (focus == entry || gtk_widget_is_ancestor (focus, entry));
  if (self->volume_entry_focused && !in_entry)
    {
      self->volume_entry_focused = FALSE;
      volume_entry_left (self);
    }
  self->volume_entry_focused = in_entry;
}

void
_strata_window_clear_sidebar (StrataWindow *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->layers_list))) != NULL)
    gtk_list_box_remove (self->layers_list, child);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->compare_box))) != NULL)
    gtk_box_remove (self->compare_box, child);
  g_ptr_array_set_size (self->rows, 0);
  g_ptr_array_set_size (self->compare_checks, 0);
}

/* Reordering the stack by dragging a layer's row onto another: the
 * dragged layer takes the place of the one it is dropped on. */
static GdkContentProvider *
on_layer_drag_prepare_cb (GtkDragSource *source,
                          double         x,
                          double         y,
                          GtkWidget     *row)
{
  return gdk_content_provider_new_typed (G_TYPE_UINT, strata_layer_row_get_index (STRATA_LAYER_ROW (row)));
}

typedef struct
{
  StrataWindow *window;
  guint         from;
  guint         to;
} LayerMove;

/* After the drop's own signal: the move rebuilds the rows. */
static gboolean
move_layer_idle_cb (gpointer data)
{
  LayerMove *move = data;

  strata_inspector_move_layer (move->window->inspector, move->from, move->to);
  g_object_unref (move->window);
  g_free (move);
  return G_SOURCE_REMOVE;
}

static gboolean
on_layer_drop_cb (GtkDropTarget *target,
                  const GValue  *value,
                  double         x,
                  double         y,
                  StrataWindow  *self)
{
  GtkWidget *row = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (target));
  guint from = g_value_get_uint (value);
  guint to = strata_layer_row_get_index (STRATA_LAYER_ROW (row));
  StrataDataset *dataset = _strata_window_dataset (self);
  LayerMove *move;

  if (dataset == NULL || from == to || from >= dataset->n_layers)
    return FALSE;
  move = g_new (LayerMove, 1);
  *move = (LayerMove) { g_object_ref (self), from, to };
  g_idle_add (move_layer_idle_cb, move);
  return TRUE;
}

static void
strata_window_add_layer_dnd (StrataWindow *self,
                             GtkWidget    *row)
{
  GtkDragSource *source = gtk_drag_source_new ();
  GtkDropTarget *target = gtk_drop_target_new (G_TYPE_UINT, GDK_ACTION_MOVE);

  gtk_drag_source_set_actions (source, GDK_ACTION_MOVE);
  g_signal_connect (source, "prepare", G_CALLBACK (on_layer_drag_prepare_cb), row);
  gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (source));
  g_signal_connect_object (target, "drop", G_CALLBACK (on_layer_drop_cb), self, 0);
  gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (target));
}

static void
strata_window_build_layer_rows (StrataWindow        *self,
                                const StrataDataset *dataset)
{
  /* Top of the stack first. */
  for (guint i = dataset->n_layers; i-- > 0;)
    {
      GtkWidget *row = strata_layer_row_new (&dataset->layers[i], i);

      g_signal_connect_object (row, "mode-changed", G_CALLBACK (on_layer_row_mode_changed_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (row, "option-changed", G_CALLBACK (on_layer_row_option_changed_cb),
                               self, G_CONNECT_SWAPPED);
      strata_window_add_layer_dnd (self, row);
      gtk_list_box_append (self->layers_list, row);
    }
  g_ptr_array_set_size (self->rows, dataset->n_layers);
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->layers_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (STRATA_IS_LAYER_ROW (child))
        g_ptr_array_index (self->rows, strata_layer_row_get_index (STRATA_LAYER_ROW (child))) = child;
    }
}

static void
strata_window_build_volume_scale (StrataWindow        *self,
                                  const StrataDataset *dataset)
{
  g_autofree char *min = NULL;
  g_autofree char *max = NULL;
  GtkAdjustment *adjustment;
  double lower;
  double upper;

  lower = log10 (dataset->volume_min);
  upper = log10 (dataset->volume_max);
  if (upper <= lower)
    upper = lower + 1e-9;
  adjustment = gtk_range_get_adjustment (GTK_RANGE (self->volume_scale));
  gtk_adjustment_configure (adjustment, log10 (strata_scenario_get_volume (self->scenario)), lower, upper,
                            (upper - lower) / 100, (upper - lower) / 10, 0);
  gtk_scale_clear_marks (self->volume_scale);
  for (double decade = ceil (lower); decade <= floor (upper); decade += 1)
    gtk_scale_add_mark (self->volume_scale, decade, GTK_POS_BOTTOM, NULL);

  min = strata_format_volume (dataset->volume_min);
  max = strata_format_volume (dataset->volume_max);
  gtk_label_set_label (self->volume_min_label, min);
  gtk_label_set_label (self->volume_max_label, max);
}

/* Builds the rows and lists for the scenario's dataset (after
 * _strata_window_clear_sidebar()). */
void
_strata_window_build_sidebar (StrataWindow *self)
{
  const StrataDataset *dataset = _strata_window_dataset (self);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  self->updating = TRUE;

  for (guint i = 0; i < dataset->n_strategies; i++)
    {
      const StrataStrategy *strategy = &dataset->strategies[i];
      GtkWidget *check;

      gtk_string_list_append (names, strategy->name);

      check = gtk_check_button_new_with_label (strategy->name);
      g_signal_connect_object (check, "toggled", G_CALLBACK (on_compare_toggled_cb),
                               self, G_CONNECT_SWAPPED);
      g_ptr_array_add (self->compare_checks, check);
      gtk_box_append (self->compare_box, check);
    }
  gtk_drop_down_set_model (self->strategy_dropdown, G_LIST_MODEL (names));

  strata_window_build_layer_rows (self, dataset);
  strata_window_build_volume_scale (self, dataset);

  self->updating = FALSE;
}

/* The edit button of a layer row: the layer in the inspector. */
static void
strata_window_inspect_layer_action (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *param)
{
  StrataWindow *self = STRATA_WINDOW (widget);
  StrataDataset *dataset = _strata_window_dataset (self);
  guint layer = g_variant_get_uint32 (param);
  g_autofree char *key = NULL;

  if (dataset == NULL || layer >= dataset->n_layers)
    return;
  key = g_strconcat ("layer:", dataset->layers[layer].id, NULL);
  _strata_window_inspect (self, key, TRUE);
}

/* win.inspect-field "s": the field at a strata_scenario_set_field() path
 * in the inspector, with the focus in its entry (the switch points list
 * uses it to say "change this number"). */
static void
strata_window_inspect_field_action (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *param)
{
  StrataWindow *self = STRATA_WINDOW (widget);
  const char *path = g_variant_get_string (param, NULL);
  g_autofree char *key = _strata_inspector_key_for_path (path);

  if (_strata_window_dataset (self) == NULL)
    return;
  _strata_window_inspect (self, key, TRUE);
  strata_inspector_select_field (self->inspector, path);
}

void
_strata_window_init_sidebar (StrataWindow *self)
{
  g_autoptr(GtkListItemFactory) factory = _strata_ellipsizing_factory_new ();

  gtk_drop_down_set_factory (self->strategy_dropdown, factory);

  g_signal_connect_object (self, "notify::focus-widget", G_CALLBACK (on_focus_widget_changed_cb),
                           self, G_CONNECT_SWAPPED);
}

void
_strata_window_class_init_sidebar (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, on_strategy_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_volume_scale_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_volume_entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_volume_entry_activate_cb);
  gtk_widget_class_install_action (widget_class, "win.inspect-layer", "u", strata_window_inspect_layer_action);
  gtk_widget_class_install_action (widget_class, "win.inspect-field", "s", strata_window_inspect_field_action);
}

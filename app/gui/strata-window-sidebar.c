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
#include "strata-tooltip.h"
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
      _strata_tooltip_set (entry, message);
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
      _strata_tooltip_set (entry, _("Units per year, e.g. 2.5e9, 2.5B or 2,500,000,000"));
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

/* A check of the compare list shows whether its strategy is compared; the
 * current strategy is always drawn. */
static void
strata_window_show_compared (StrataWindow *self,
                             GtkListItem  *item)
{
  GtkCheckButton *check = GTK_CHECK_BUTTON (gtk_list_item_get_child (item));
  guint index = gtk_list_item_get_position (item);
  gboolean current = (int) index == strata_scenario_get_strategy (self->scenario);

  gtk_check_button_set_active (check, current || strata_scenario_get_compared (self->scenario, index));
  gtk_widget_set_sensitive (GTK_WIDGET (check), !current);
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

  /* Only the rows on screen (and a few beside them) exist. */
  for (guint i = 0; i < self->rows->len; i++)
    {
      StrataLayerRow *row = STRATA_LAYER_ROW (gtk_list_item_get_child (g_ptr_array_index (self->rows, i)));

      strata_layer_row_set_choice (row, choices[strata_layer_row_get_index (row)]);
    }

  /* "Custom" is listed only while it is the current state: it is what hand
   * edits make, not something to pick. */
  if (strategy < 0 && n_items == n_strategies)
    gtk_string_list_append (GTK_STRING_LIST (names), _("Custom"));
  else if (strategy >= 0 && n_items > n_strategies)
    gtk_string_list_remove (GTK_STRING_LIST (names), n_strategies);
  gtk_drop_down_set_selected (self->strategy_dropdown,
                              strategy >= 0 ? (guint) strategy : n_strategies);

  for (guint i = 0; i < self->compare_checks->len; i++)
    strata_window_show_compared (self, g_ptr_array_index (self->compare_checks, i));

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
  GtkListItem *item = g_object_get_data (G_OBJECT (check), "strata-list-item");
  StrataDataset *dataset = _strata_window_dataset (self);
  guint index;

  if (self->updating || dataset == NULL || item == NULL)
    return;

  index = gtk_list_item_get_position (item);
  if (index >= dataset->n_strategies || (int) index == strata_scenario_get_strategy (self->scenario))
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
  g_autofree char *plural = strata_format_unit_plural (dataset->unit);
  g_autofree char *plural_suffix = g_strdup_printf ("%s/yr", plural);
  g_autofree char *delocalized = NULL;
  double volume;

  /* Accept the text as shown ("2.5 B units/yr", the unit's plural) as
   * well as typed figures. */
  text = g_strstrip (g_strdup (typed));
  suffix = g_strdup_printf ("%s/yr", dataset->unit);
  if (g_str_has_suffix (text, plural_suffix))
    text[strlen (text) - strlen (plural_suffix)] = '\0';
  else if (g_str_has_suffix (text, suffix))
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

/* The layers and the strategies to compare are list views over string
 * lists (a layer's or a strategy's name, in the order shown): the views
 * make rows for what is on screen and bind them to their items, so
 * opening 1000 layers and 1024 strategies costs the rows on screen.
 * self->rows and self->compare_checks hold the list items bound now. */
static GtkStringList *
list_strings (GtkListView *view)
{
  return GTK_STRING_LIST (gtk_no_selection_get_model (GTK_NO_SELECTION (gtk_list_view_get_model (view))));
}

/* A list that grows by many items grows over several frames: GTK 4.8's
 * list views make up to about 200 rows around what is shown when their
 * model changes, each a few milliseconds, so 1000 layers added at once
 * blocked the window for a second.  Items go in in chunks at each frame
 * of the list's view (a tick callback: an idle callback can wait behind
 * redraws and input for long) while each frame stays within a budget;
 * once the rows near the screen exist, the rest go in quickly.  Until
 * then the list holds the first items of the new names, so an item's
 * place is its final place. */
#define FILL_CHUNK 8
#define FILL_BUDGET_USEC 8000

typedef struct
{
  GtkStringList *list;   /* (unowned) the fill is the list's data */
  GtkWidget     *view;   /* (unowned) shows @list */
  GStrv          names;  /* what the list will hold */
  guint          n;
  guint          tick;
} NameFill;

static void
name_fill_free (gpointer data)
{
  NameFill *fill = data;

  if (fill->tick != 0)
    gtk_widget_remove_tick_callback (fill->view, fill->tick);
  g_strfreev (fill->names);
  g_free (fill);
}

/* Appends chunks of the names still missing until the budget is spent;
 * whether some are still missing. */
static gboolean
name_fill_step (NameFill *fill)
{
  gint64 start = g_get_monotonic_time ();

  do
    {
      guint have = g_list_model_get_n_items (G_LIST_MODEL (fill->list));
      guint add = MIN (FILL_CHUNK, fill->n - have);
      g_autofree const char **chunk = g_new0 (const char *, add + 1);

      memcpy (chunk, fill->names + have, add * sizeof (char *));
      gtk_string_list_splice (fill->list, have, 0, chunk);
    }
  while (g_list_model_get_n_items (G_LIST_MODEL (fill->list)) < fill->n &&
         g_get_monotonic_time () - start < FILL_BUDGET_USEC);
  return g_list_model_get_n_items (G_LIST_MODEL (fill->list)) < fill->n;
}

static gboolean
name_fill_tick_cb (GtkWidget     *view,
                   GdkFrameClock *clock,
                   gpointer       data)
{
  NameFill *fill = data;

  if (name_fill_step (fill))
    return G_SOURCE_CONTINUE;
  fill->tick = 0;
  /* Frees @fill. */
  g_object_set_data (G_OBJECT (fill->list), "strata-name-fill", NULL);
  return G_SOURCE_REMOVE;
}

/* Makes @list hold @names (borrowed) with as small a change as can be: a
 * list replaced whole loses its rows and the place it was scrolled to,
 * and an edit usually renames one item or none.  Shown in @progressive
 * (nullable), the list may grow over several frames of it. */
static void
strata_window_set_names (GtkStringList *list,
                         const char   **names,
                         guint          n,
                         GtkWidget     *progressive)
{
  guint old;
  guint head = 0;
  guint tail = 0;

  /* A fill still under way is for older names. */
  g_object_set_data (G_OBJECT (list), "strata-name-fill", NULL);
  old = g_list_model_get_n_items (G_LIST_MODEL (list));

  while (head < MIN (old, n) && g_strcmp0 (gtk_string_list_get_string (list, head), names[head]) == 0)
    head++;
  while (tail < MIN (old, n) - head &&
         g_strcmp0 (gtk_string_list_get_string (list, old - 1 - tail), names[n - 1 - tail]) == 0)
    tail++;
  if (head == old && head == n)
    return;

  if (progressive == NULL || n - head - tail <= FILL_CHUNK)
    {
      g_autofree const char **middle = g_new0 (const char *, n - head - tail + 1);

      memcpy (middle, names + head, (n - head - tail) * sizeof (char *));
      gtk_string_list_splice (list, head, old - head - tail, middle);
    }
  else
    {
      NameFill *fill = g_new0 (NameFill, 1);

      /* Everything after @head goes, so the list is always the first
       * items of @names. */
      gtk_string_list_splice (list, head, old - head, NULL);
      fill->list = list;
      fill->view = progressive;
      fill->names = g_new0 (char *, n + 1);
      for (guint i = 0; i < n; i++)
        fill->names[i] = g_strdup (names[i]);
      fill->n = n;
      g_object_set_data_full (G_OBJECT (list), "strata-name-fill", fill, name_fill_free);
      if (name_fill_step (fill))
        fill->tick = gtk_widget_add_tick_callback (progressive, name_fill_tick_cb, fill, NULL);
      else
        g_object_set_data (G_OBJECT (list), "strata-name-fill", NULL);
    }
}

/* Reordering the stack by dragging a layer's row onto another: the
 * dragged layer takes the place of the one it is dropped on. */
static GdkContentProvider *
on_layer_drag_prepare_cb (GtkDragSource *source,
                          double         x,
                          double         y,
                          GtkWidget     *row)
{
  if (strata_layer_row_get_layer (STRATA_LAYER_ROW (row)) == NULL)
    return NULL;
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

  strata_inspector_move_layer (_strata_window_ensure_inspector (move->window), move->from, move->to);
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

  if (dataset == NULL || strata_layer_row_get_layer (STRATA_LAYER_ROW (row)) == NULL ||
      from == to || from >= dataset->n_layers)
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

/* Top of the stack first: the item at @position is this layer. */
static guint
layer_at (StrataWindow *self,
          guint         position)
{
  return _strata_window_dataset (self)->n_layers - 1 - position;
}

static void
on_layer_setup_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   StrataWindow             *self)
{
  GtkWidget *row = strata_layer_row_new ();

  g_signal_connect_object (row, "mode-changed", G_CALLBACK (on_layer_row_mode_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (row, "option-changed", G_CALLBACK (on_layer_row_option_changed_cb),
                           self, G_CONNECT_SWAPPED);
  strata_window_add_layer_dnd (self, row);
  gtk_list_item_set_child (item, row);
}

static void
strata_window_bind_layer_row (StrataWindow *self,
                              GtkListItem  *item)
{
  StrataDataset *dataset = _strata_window_dataset (self);
  guint position = gtk_list_item_get_position (item);
  guint layer;

  if (dataset == NULL || position >= dataset->n_layers)
    return;
  layer = layer_at (self, position);
  strata_layer_row_bind (STRATA_LAYER_ROW (gtk_list_item_get_child (item)), &dataset->layers[layer], layer,
                         strata_scenario_get_choices (self->scenario)[layer]);
}

static void
on_layer_bind_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  StrataWindow             *self)
{
  gboolean updating = self->updating;

  self->updating = TRUE;
  strata_window_bind_layer_row (self, item);
  self->updating = updating;
  g_ptr_array_add (self->rows, item);
}

static void
on_layer_unbind_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *item,
                    StrataWindow             *self)
{
  g_ptr_array_remove_fast (self->rows, item);
  strata_layer_row_unbind (STRATA_LAYER_ROW (gtk_list_item_get_child (item)));
}

/* A click on a layer's row, or Enter on it: the layer in the inspector
 * (its toggles and drop-down take their own clicks). */
static void
on_layer_activate_cb (StrataWindow *self,
                      guint         position,
                      GtkListView  *view)
{
  StrataDataset *dataset = _strata_window_dataset (self);

  if (dataset != NULL && position < dataset->n_layers)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.inspect-layer", "u", layer_at (self, position));
}

/* The name on a check of the compare list: its label (made by
 * on_compare_setup_cb ()) and what a screen reader says. */
static void
compare_check_set_name (GtkCheckButton *check,
                        const char     *name)
{
  gtk_label_set_label (GTK_LABEL (gtk_check_button_get_child (check)), name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
}

static void
on_compare_setup_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *item,
                     StrataWindow             *self)
{
  GtkWidget *check = gtk_check_button_new ();
  GtkWidget *label = gtk_label_new (NULL);

  /* A strategy's name may be long: it wraps on two lines and ends in
   * "…", as a layer's does, instead of widening the sidebar and the
   * window past the screen (a check button's own label does neither). */
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_lines (GTK_LABEL (label), 2);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_width_chars (GTK_LABEL (label), 10);
  gtk_check_button_set_child (GTK_CHECK_BUTTON (check), label);
  g_object_set_data (G_OBJECT (check), "strata-list-item", item);
  g_signal_connect_object (check, "toggled", G_CALLBACK (on_compare_toggled_cb), self, G_CONNECT_SWAPPED);
  gtk_list_item_set_child (item, check);
  /* The check takes the click and the keys: no second focus stop. */
  gtk_list_item_set_activatable (item, FALSE);
}

static void
on_compare_bind_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *item,
                    StrataWindow             *self)
{
  GtkStringObject *name = gtk_list_item_get_item (item);
  GtkCheckButton *check = GTK_CHECK_BUTTON (gtk_list_item_get_child (item));
  gboolean updating = self->updating;

  self->updating = TRUE;
  compare_check_set_name (check, gtk_string_object_get_string (name));
  strata_window_show_compared (self, item);
  self->updating = updating;
  g_ptr_array_add (self->compare_checks, item);
}

static void
on_compare_unbind_cb (GtkSignalListItemFactory *factory,
                      GtkListItem              *item,
                      StrataWindow             *self)
{
  g_ptr_array_remove_fast (self->compare_checks, item);
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

/* A dataset of more strategies than this gets a search in its drop-down. */
#define STRATEGY_SEARCH_MIN 12

/* Puts the scenario's dataset into the lists; the rows on screen stay and
 * show the new dataset. */
void
_strata_window_build_sidebar (StrataWindow *self)
{
  const StrataDataset *dataset = _strata_window_dataset (self);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autofree const char **strategies = g_new0 (const char *, dataset->n_strategies + 1);
  g_autofree const char **layers = g_new0 (const char *, dataset->n_layers + 1);
  GtkStringList *shown = GTK_STRING_LIST (gtk_drop_down_get_model (self->strategy_dropdown));

  self->updating = TRUE;

  for (guint i = 0; i < dataset->n_strategies; i++)
    strategies[i] = dataset->strategies[i].name;
  /* The drop-down's list gets "Custom" at its end while it is the current
   * state (_strata_window_update_sidebar()). */
  if (shown == NULL || !GTK_IS_STRING_LIST (shown))
    {
      gtk_string_list_splice (names, 0, 0, strategies);
      gtk_drop_down_set_model (self->strategy_dropdown, G_LIST_MODEL (names));
    }
  else
    {
      strata_window_set_names (shown, strategies, dataset->n_strategies, NULL);
    }
  strata_window_set_names (list_strings (self->compare_list), strategies, dataset->n_strategies,
                           GTK_WIDGET (self->compare_list));
  gtk_drop_down_set_enable_search (self->strategy_dropdown, dataset->n_strategies > STRATEGY_SEARCH_MIN);

  for (guint i = 0; i < dataset->n_layers; i++)
    layers[i] = dataset->layers[dataset->n_layers - 1 - i].name;
  strata_window_set_names (list_strings (self->layers_list), layers, dataset->n_layers,
                           GTK_WIDGET (self->layers_list));

  /* The rows an unchanged name kept still show the old dataset. */
  for (guint i = 0; i < self->rows->len; i++)
    strata_window_bind_layer_row (self, g_ptr_array_index (self->rows, i));
  for (guint i = 0; i < self->compare_checks->len; i++)
    {
      GtkListItem *item = g_ptr_array_index (self->compare_checks, i);

      compare_check_set_name (GTK_CHECK_BUTTON (gtk_list_item_get_child (item)),
                              gtk_string_object_get_string (gtk_list_item_get_item (item)));
    }

  strata_window_build_volume_scale (self, dataset);

  self->updating = FALSE;
}

GtkWidget *
_strata_window_get_layer_row (StrataWindow *self,
                              guint         layer)
{
  g_return_val_if_fail (STRATA_IS_WINDOW (self), NULL);

  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = gtk_list_item_get_child (g_ptr_array_index (self->rows, i));

      if (strata_layer_row_get_layer (STRATA_LAYER_ROW (row)) != NULL &&
          strata_layer_row_get_index (STRATA_LAYER_ROW (row)) == layer)
        return row;
    }
  return NULL;
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
  strata_inspector_select_field (_strata_window_ensure_inspector (self), path);
}

void
_strata_window_init_sidebar (StrataWindow *self)
{
  g_autoptr(GtkListItemFactory) factory = _strata_ellipsizing_factory_new ();
  g_autoptr(GtkListItemFactory) layer_factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkListItemFactory) compare_factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkNoSelection) layers = gtk_no_selection_new (G_LIST_MODEL (gtk_string_list_new (NULL)));
  g_autoptr(GtkNoSelection) compared = gtk_no_selection_new (G_LIST_MODEL (gtk_string_list_new (NULL)));

  gtk_drop_down_set_factory (self->strategy_dropdown, factory);
  /* A search over the names, shown when the dataset has many strategies
   * (_strata_window_build_sidebar ()). */
  {
    g_autoptr(GtkExpression) name = gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string");

    gtk_drop_down_set_expression (self->strategy_dropdown, name);
    /* Any part of a name from GTK 4.12 (the property is new there; set
     * by name, so the build needs no newer API than GDK_VERSION_MAX_ALLOWED). */
    if (g_object_class_find_property (G_OBJECT_GET_CLASS (self->strategy_dropdown), "search-match-mode"))
      g_object_set (self->strategy_dropdown, "search-match-mode", GTK_STRING_FILTER_MATCH_MODE_SUBSTRING, NULL);
  }

  g_signal_connect (layer_factory, "setup", G_CALLBACK (on_layer_setup_cb), self);
  g_signal_connect (layer_factory, "bind", G_CALLBACK (on_layer_bind_cb), self);
  g_signal_connect (layer_factory, "unbind", G_CALLBACK (on_layer_unbind_cb), self);
  gtk_list_view_set_factory (self->layers_list, layer_factory);
  gtk_list_view_set_model (self->layers_list, GTK_SELECTION_MODEL (layers));
  g_signal_connect_object (self->layers_list, "activate", G_CALLBACK (on_layer_activate_cb),
                           self, G_CONNECT_SWAPPED);

  g_signal_connect (compare_factory, "setup", G_CALLBACK (on_compare_setup_cb), self);
  g_signal_connect (compare_factory, "bind", G_CALLBACK (on_compare_bind_cb), self);
  g_signal_connect (compare_factory, "unbind", G_CALLBACK (on_compare_unbind_cb), self);
  gtk_list_view_set_factory (self->compare_list, compare_factory);
  gtk_list_view_set_model (self->compare_list, GTK_SELECTION_MODEL (compared));

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

/* strata-layer-row.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "strata-layer-row"

#include "config.h"

#include <glib/gi18n.h>

#include "strata-layer-row-private.h"
#include "strata-tooltip.h"

/*
 * One layer in the sidebar: its name, the chosen option, a Neutral /
 * Integrated toggle (sensitive only when the layer has both modes) and a
 * button showing the chosen option when its mode has several: the button
 * opens a list of them (a list view, so a layer of 1024 options costs the
 * rows on screen), made when it is first opened and filled again each
 * time it opens.  A GtkDropDown per row made and bound its popup list
 * with every row bound or choice changed: picking a strategy on the
 * near-limit file (issue 16) blocked the window for 150 ms.
 * The row holds no state of its own beyond what it shows: it reports what
 * the user asked for ("mode-changed", "option-changed") and the window
 * calls strata_layer_row_set_choice() with the outcome.
 *
 * The sidebar's list view recycles rows: a row is made once and bound to
 * one layer after another as the list scrolls (strata_layer_row_bind()),
 * so a stack of 1000 layers costs the rows on screen, not 1000 rows.
 */

struct _StrataLayerRow
{
  GtkBox             parent_instance;

  /* template children */
  GtkLabel          *name_label;
  GtkLabel          *option_label;
  GtkBox            *mode_box;
  GtkToggleButton   *neutral_button;
  GtkToggleButton   *integrated_button;
  GtkButton         *edit_button;
  GtkMenuButton     *option_button;
  GtkLabel          *option_button_label;
  /* made when the button is first opened */
  GtkPopover        *popover;
  GtkListView       *option_list;
  GtkSearchEntry    *search_entry;   /* shown above a long list */
  GtkStringFilter   *filter;         /* (owned) the entry's text on the names */
  GtkStringList     *names;          /* (owned) the names listed, unfiltered */

  /* borrowed */
  const StrataLayer *layer;

  /* owned */
  GArray            *shown_options;  /* guint option indices of the chosen mode, in the list */
  guint              index;
  guint              choice;
  gboolean           updating;
};

enum {
  MODE_CHANGED,
  OPTION_CHANGED,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (StrataLayerRow, strata_layer_row, GTK_TYPE_BOX)

static guint signals[N_SIGNALS];

static void
on_factory_setup_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

static void
on_factory_bind_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *item)
{
  GtkStringObject *string = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_list_item_get_child (item);
  const char *text = string != NULL ? gtk_string_object_get_string (string) : "";

  gtk_label_set_label (GTK_LABEL (label), text);
}

GtkListItemFactory *
_strata_ellipsizing_factory_new (void)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (on_factory_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (on_factory_bind_cb), NULL);
  return factory;
}

static void
strata_layer_row_request_mode (StrataLayerRow *self,
                               StrataMode      mode)
{
  if (self->updating || self->layer == NULL)
    return;

  if (self->layer->options[self->choice].mode != mode)
    g_signal_emit (self, signals[MODE_CHANGED], 0, (guint) mode);
}

static void
on_neutral_toggled_cb (StrataLayerRow  *self,
                       GtkToggleButton *button)
{
  if (gtk_toggle_button_get_active (button))
    strata_layer_row_request_mode (self, STRATA_MODE_NEUTRAL);
}

static void
on_integrated_toggled_cb (StrataLayerRow  *self,
                          GtkToggleButton *button)
{
  if (gtk_toggle_button_get_active (button))
    strata_layer_row_request_mode (self, STRATA_MODE_INTEGRATED);
}

/* A long list of options gets a search entry (a layer may hold 1024). */
#define OPTION_SEARCH_MIN 12

/* An option picked in the list (a click, Enter): @position in the list
 * as filtered, its place in self->names the option's in shown_options. */
static void
on_option_activate_cb (StrataLayerRow *self,
                       guint           position,
                       GtkListView    *list)
{
  GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (list));
  g_autoptr(GObject) item = model != NULL ? g_list_model_get_item (model, position) : NULL;
  guint index = G_MAXUINT, option;

  if (self->popover != NULL)
    gtk_popover_popdown (self->popover);
  if (self->updating || self->layer == NULL || item == NULL || self->names == NULL)
    return;
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->names)) && index == G_MAXUINT; i++)
    {
      g_autoptr(GObject) name = g_list_model_get_item (G_LIST_MODEL (self->names), i);

      if (name == item)
        index = i;
    }
  if (index >= self->shown_options->len)
    return;

  option = g_array_index (self->shown_options, guint, index);
  if (option != self->choice)
    g_signal_emit (self, signals[OPTION_CHANGED], 0, option);
}

/* The search: the names that hold the text, in any case. */
static void
on_search_changed_cb (StrataLayerRow *self,
                      GtkSearchEntry *entry)
{
  GtkSingleSelection *selection = GTK_SINGLE_SELECTION (gtk_list_view_get_model (self->option_list));
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));

  gtk_string_filter_set_search (self->filter, text[0] != '\0' ? text : NULL);
  if (selection != NULL && g_list_model_get_n_items (G_LIST_MODEL (selection)) > 0 &&
      gtk_single_selection_get_selected (selection) == GTK_INVALID_LIST_POSITION)
    gtk_single_selection_set_selected (selection, 0);
}

/* Enter in the search: the option selected in the list (the first match
 * unless the arrows moved on). */
static void
on_search_activate_cb (StrataLayerRow *self,
                       GtkSearchEntry *entry)
{
  GtkSingleSelection *selection = GTK_SINGLE_SELECTION (gtk_list_view_get_model (self->option_list));
  guint selected = selection != NULL ? gtk_single_selection_get_selected (selection) : GTK_INVALID_LIST_POSITION;

  if (selected != GTK_INVALID_LIST_POSITION)
    on_option_activate_cb (self, selected, self->option_list);
}

static void
on_search_stop_cb (StrataLayerRow *self,
                   GtkSearchEntry *entry)
{
  gtk_popover_popdown (self->popover);
}

/* Each time the list opens: the options of the layer shown now (the row
 * may have been bound to another since), the chosen one selected, in
 * view and focused, so that the arrows and Enter pick another. */
static void
on_popover_show_cb (StrataLayerRow *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GtkSingleSelection) selection = NULL;
  g_autofree char *label = NULL;
  guint selected = 0;

  if (self->layer == NULL)
    return;
  /* Translators: accessible name of the list of a layer's options; %s is a layer name */
  label = g_strdup_printf (_("%s: options"), self->layer->name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->option_list), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  for (guint i = 0; i < self->shown_options->len; i++)
    {
      guint option = g_array_index (self->shown_options, guint, i);

      if (option == self->choice)
        selected = i;
      gtk_string_list_append (names, self->layer->options[option].name);
    }
  /* Each opening starts with the whole list. */
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_string_filter_set_search (self->filter, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->search_entry), self->shown_options->len > OPTION_SEARCH_MIN);
  /* Typing while the list has the focus searches (only a search shown). */
  gtk_search_entry_set_key_capture_widget (self->search_entry,
                                           self->shown_options->len > OPTION_SEARCH_MIN ? GTK_WIDGET (self->popover)
                                                                                         : NULL);
  g_set_object (&self->names, names);
  selection = gtk_single_selection_new (G_LIST_MODEL (gtk_filter_list_model_new (G_LIST_MODEL (g_steal_pointer (&names)),
                                                                                 GTK_FILTER (g_object_ref (self->filter)))));
  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_single_selection_set_selected (selection, selected);
  gtk_list_view_set_model (self->option_list, GTK_SELECTION_MODEL (selection));
  gtk_widget_activate_action (GTK_WIDGET (self->option_list), "list.scroll-to-item", "u", selected);
  gtk_widget_grab_focus (GTK_WIDGET (self->option_list));
}

static void
create_option_popup_cb (GtkMenuButton *button,
                        gpointer       data)
{
  StrataLayerRow *self = data;
  g_autoptr(GtkListItemFactory) factory = NULL;
  GtkWidget *scroller, *box;

  if (self->popover != NULL)
    return;

  factory = _strata_ellipsizing_factory_new ();
  self->option_list = GTK_LIST_VIEW (gtk_list_view_new (NULL, g_steal_pointer (&factory)));
  gtk_list_view_set_single_click_activate (self->option_list, TRUE);
  g_signal_connect_object (self->option_list, "activate", G_CALLBACK (on_option_activate_cb),
                           self, G_CONNECT_SWAPPED);

  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 400);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->option_list));

  self->filter = gtk_string_filter_new (gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string"));
  gtk_string_filter_set_ignore_case (self->filter, TRUE);
  gtk_string_filter_set_match_mode (self->filter, GTK_STRING_FILTER_MATCH_MODE_SUBSTRING);
  self->search_entry = GTK_SEARCH_ENTRY (gtk_search_entry_new ());
  /* Translators: placeholder of the search above a layer's options */
  g_object_set (self->search_entry, "placeholder-text", _("Search options"), NULL);
  gtk_widget_set_margin_start (GTK_WIDGET (self->search_entry), 6);
  gtk_widget_set_margin_end (GTK_WIDGET (self->search_entry), 6);
  gtk_widget_set_margin_top (GTK_WIDGET (self->search_entry), 6);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->search_entry), 3);
  g_signal_connect_object (self->search_entry, "search-changed", G_CALLBACK (on_search_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_entry, "activate", G_CALLBACK (on_search_activate_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_entry, "stop-search", G_CALLBACK (on_search_stop_cb),
                           self, G_CONNECT_SWAPPED);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->search_entry));
  gtk_box_append (GTK_BOX (box), scroller);

  self->popover = GTK_POPOVER (gtk_popover_new ());
  gtk_widget_add_css_class (GTK_WIDGET (self->popover), "menu");
  gtk_popover_set_child (self->popover, box);
  g_signal_connect_object (self->popover, "show", G_CALLBACK (on_popover_show_cb), self, G_CONNECT_SWAPPED);
  gtk_menu_button_set_popover (button, GTK_WIDGET (self->popover));
}

static void
strata_layer_row_dispose (GObject *object)
{
  StrataLayerRow *self = (StrataLayerRow *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), STRATA_TYPE_LAYER_ROW);
  self->layer = NULL;
  g_clear_pointer (&self->shown_options, g_array_unref);
  g_clear_object (&self->filter);
  g_clear_object (&self->names);

  G_OBJECT_CLASS (strata_layer_row_parent_class)->dispose (object);
}

static void
strata_layer_row_class_init (StrataLayerRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = strata_layer_row_dispose;

  /**
   * StrataLayerRow::mode-changed:
   * @mode: the #StrataMode asked for
   */
  signals[MODE_CHANGED] =
    g_signal_new ("mode-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_UINT);

  /**
   * StrataLayerRow::option-changed:
   * @option: index of the option in the layer
   */
  signals[OPTION_CHANGED] =
    g_signal_new ("option-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/strata-layer-row.ui");
  gtk_widget_class_bind_template_child (widget_class, StrataLayerRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, StrataLayerRow, option_label);
  gtk_widget_class_bind_template_child (widget_class, StrataLayerRow, mode_box);
  gtk_widget_class_bind_template_child (widget_class, StrataLayerRow, neutral_button);
  gtk_widget_class_bind_template_child (widget_class, StrataLayerRow, integrated_button);
  gtk_widget_class_bind_template_child (widget_class, StrataLayerRow, edit_button);
  gtk_widget_class_bind_template_child (widget_class, StrataLayerRow, option_button);
  gtk_widget_class_bind_template_child (widget_class, StrataLayerRow, option_button_label);
  gtk_widget_class_bind_template_callback (widget_class, on_neutral_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_integrated_toggled_cb);

  gtk_widget_class_set_css_name (widget_class, "stratalayerrow");
}

static void
strata_layer_row_init (StrataLayerRow *self)
{
  self->shown_options = g_array_new (FALSE, FALSE, sizeof (guint));
  gtk_widget_init_template (GTK_WIDGET (self));
  /* Not in the template, for the round trips GtkBuilder would make. */
  _strata_tooltip_set (GTK_WIDGET (self->neutral_button), _("Buy this layer on the market"));
  _strata_tooltip_set (GTK_WIDGET (self->integrated_button), _("Build and own this layer in-house"));
  _strata_tooltip_set (GTK_WIDGET (self->edit_button), _("Edit Layer"));
  gtk_menu_button_set_create_popup_func (self->option_button, create_option_popup_cb, self, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->option_button), GTK_ACCESSIBLE_PROPERTY_HAS_POPUP,
                                  TRUE, -1);
}

/* Setting a tooltip on a widget on screen asks the display where the
 * pointer is (round trips to the X server): a row bound to one layer
 * after another sets only the tooltips that change, and a row not on
 * screen yet none (strata-tooltip.c). */
static void
set_tooltip (GtkWidget  *widget,
             const char *text)
{
  _strata_tooltip_set (widget, text);
}

GtkWidget *
strata_layer_row_new (void)
{
  return g_object_new (STRATA_TYPE_LAYER_ROW, NULL);
}

void
strata_layer_row_bind (StrataLayerRow    *self,
                       const StrataLayer *layer,
                       guint              index,
                       guint              choice)
{
  /* Translators: accessible names, %s is a layer name */
  g_autofree char *edit = g_strdup_printf (_("Edit %s"), layer->name);
  g_autofree char *neutral = g_strdup_printf (_("%s: neutral"), layer->name);
  g_autofree char *integrated = g_strdup_printf (_("%s: integrated"), layer->name);
  gboolean has_neutral;
  gboolean has_integrated;

  g_return_if_fail (STRATA_IS_LAYER_ROW (self));
  g_return_if_fail (layer != NULL);
  g_return_if_fail (layer->n_options > 0);
  g_return_if_fail (choice < layer->n_options);

  /* A layer of a new dataset may have other options under the same
   * index: shown afresh. */
  self->layer = layer;
  self->index = index;
  self->choice = G_MAXUINT;

  gtk_label_set_label (self->name_label, layer->name);
  set_tooltip (GTK_WIDGET (self->name_label),
               g_strcmp0 (layer->description, layer->id) != 0 ? layer->description : NULL);

  /* The target first: the action takes a layer index. */
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->edit_button), "u", index);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->edit_button), "win.inspect-layer");

  has_neutral = strata_layer_first_of_mode (layer, STRATA_MODE_NEUTRAL) >= 0;
  has_integrated = strata_layer_first_of_mode (layer, STRATA_MODE_INTEGRATED) >= 0;
  gtk_widget_set_sensitive (GTK_WIDGET (self->mode_box), has_neutral && has_integrated);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, layer->name, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->edit_button), GTK_ACCESSIBLE_PROPERTY_LABEL, edit, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->neutral_button), GTK_ACCESSIBLE_PROPERTY_LABEL, neutral, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->integrated_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  integrated, -1);

  strata_layer_row_set_choice (self, choice);
}

void
strata_layer_row_unbind (StrataLayerRow *self)
{
  g_return_if_fail (STRATA_IS_LAYER_ROW (self));

  /* The dataset it borrowed from may go before the row is bound again. */
  self->layer = NULL;
  self->choice = G_MAXUINT;
}

const StrataLayer *
strata_layer_row_get_layer (StrataLayerRow *self)
{
  g_return_val_if_fail (STRATA_IS_LAYER_ROW (self), NULL);

  return self->layer;
}

gboolean
_strata_string_lists_equal (GListModel *shown,
                            GListModel *names)
{
  guint n = g_list_model_get_n_items (names);

  if (shown == NULL || !GTK_IS_STRING_LIST (shown) || !GTK_IS_STRING_LIST (names) ||
      g_list_model_get_n_items (shown) != n)
    return FALSE;
  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (shown), i),
                   gtk_string_list_get_string (GTK_STRING_LIST (names), i)) != 0)
      return FALSE;
  return TRUE;
}

guint
strata_layer_row_get_index (StrataLayerRow *self)
{
  g_return_val_if_fail (STRATA_IS_LAYER_ROW (self), 0);

  return self->index;
}

/* The menu button and the button inside it, which takes the focus, both
 * say the layer and its option. */
static void
strata_layer_row_label_option_button (StrataLayerRow *self,
                                      const char     *label)
{
  GtkWidget *inner = gtk_widget_get_first_child (GTK_WIDGET (self->option_button));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->option_button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  if (inner != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (inner), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

void
strata_layer_row_set_choice (StrataLayerRow *self,
                             guint           option)
{
  g_autofree char *accessible = NULL;
  const StrataOption *chosen;

  g_return_if_fail (STRATA_IS_LAYER_ROW (self));
  g_return_if_fail (self->layer != NULL);
  g_return_if_fail (option < self->layer->n_options);

  if (self->choice == option)
    return;

  self->choice = option;
  chosen = &self->layer->options[option];
  self->updating = TRUE;

  gtk_toggle_button_set_active (chosen->mode == STRATA_MODE_NEUTRAL ? self->neutral_button
                                                                     : self->integrated_button,
                                TRUE);
  gtk_label_set_label (self->option_label, chosen->name);
  set_tooltip (GTK_WIDGET (self->option_label),
               g_strcmp0 (chosen->description, chosen->id) != 0 ? chosen->description : NULL);

  /* The button shows the chosen option and lists those of its mode
   * when opened (on_popover_show_cb()). */
  g_array_set_size (self->shown_options, 0);
  for (guint i = 0; i < self->layer->n_options; i++)
    if (self->layer->options[i].mode == chosen->mode)
      g_array_append_val (self->shown_options, i);

  gtk_label_set_label (self->option_button_label, chosen->name);
  /* Translators: accessible name of a layer's option button: a layer
   * name, then the option chosen */
  accessible = g_strdup_printf (_("%s: option, %s"), self->layer->name, chosen->name);
  strata_layer_row_label_option_button (self, accessible);
  if (self->popover != NULL && gtk_widget_get_visible (GTK_WIDGET (self->popover)))
    on_popover_show_cb (self);
  gtk_widget_set_visible (GTK_WIDGET (self->option_button), self->shown_options->len > 1);
  gtk_widget_set_visible (GTK_WIDGET (self->option_label), self->shown_options->len <= 1);

  self->updating = FALSE;
}

GtkMenuButton *
_strata_layer_row_get_option_button (StrataLayerRow *self)
{
  g_return_val_if_fail (STRATA_IS_LAYER_ROW (self), NULL);

  return self->option_button;
}

GtkListView *
_strata_layer_row_get_option_list (StrataLayerRow *self)
{
  g_return_val_if_fail (STRATA_IS_LAYER_ROW (self), NULL);

  return self->option_list;
}

/* strata-window.c
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

#include "strata-focus-guard.h"
#include "strata-layer-row-private.h"
#include "strata-window-private.h"

/*
 * The main window: the dataset, the strategy state (one option per layer),
 * the volume and the undo history live here; the sidebar edits them and
 * every chart view and the summary strip show them.  No economics and no
 * drawing happen here: the numbers come from strata-model.h, the pictures
 * from strata-chart.h.
 */

G_DEFINE_FINAL_TYPE (StrataWindow, strata_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_SHOW_SIDEBAR,
  PROP_LOG_Y,
  PROP_VIEW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void strata_window_update_all             (StrataWindow *self);
static void strata_window_update_volume_dependent (StrataWindow *self);

static StrataWindowState *
strata_window_state_new (StrataWindow *self)
{
  StrataWindowState *state = g_new0 (StrataWindowState, 1);

  state->choices = g_memdup2 (self->choices, sizeof (guint) * self->dataset->n_layers);
  state->strategy = self->strategy;
  return state;
}

static void
strata_window_state_free (gpointer data)
{
  StrataWindowState *state = data;

  g_free (state->choices);
  g_free (state);
}

static StrataChartView *
strata_window_get_view (StrataWindow    *self,
                        StrataChartKind  kind)
{
  switch (kind)
    {
    case STRATA_CHART_COST_CURVES:
      return self->cost_curves_view;
    case STRATA_CHART_VALUE_CHAIN:
      return self->value_chain_view;
    case STRATA_CHART_COMPARE:
      return self->compare_view;
    case STRATA_CHART_LADDER:
      return self->ladder_view;
    case STRATA_CHART_TORNADO:
      return self->tornado_view;
    case STRATA_N_CHARTS:
    default:
      g_assert_not_reached ();
    }
}

static int
strata_window_find_strategy (StrataWindow *self,
                             const char   *id)
{
  for (guint i = 0; i < self->dataset->n_strategies; i++)
    if (g_strcmp0 (self->dataset->strategies[i].id, id) == 0)
      return i;
  return -1;
}

static void
strata_window_resolve_choices (StrataWindow *self)
{
  if (self->dataset == NULL || self->strategy < 0)
    return;

  strata_strategy_resolve (self->dataset,
                           &self->dataset->strategies[self->strategy],
                           self->volume,
                           self->choices);
}

const StrataStrategy *
_strata_window_get_current_strategy (StrataWindow *self)
{
  g_return_val_if_fail (STRATA_IS_WINDOW (self), NULL);

  if (self->dataset == NULL)
    return NULL;
  if (self->strategy < 0)
    return &self->custom;
  return &self->dataset->strategies[self->strategy];
}

StrataChartKind
_strata_window_get_view_kind (StrataWindow *self)
{
  const char *name = adw_view_stack_get_visible_child_name (self->view_stack);
  StrataChartKind kind = STRATA_CHART_COST_CURVES;

  if (name != NULL && !strata_chart_kind_from_string (name, &kind))
    kind = STRATA_CHART_COST_CURVES;
  return kind;
}

void
_strata_window_build_request (StrataWindow       *self,
                              StrataChartRequest *request)
{
  g_return_if_fail (STRATA_IS_WINDOW (self));
  g_return_if_fail (request != NULL);

  memset (request, 0, sizeof *request);
  if (self->dataset == NULL)
    return;

  /* The current strategy first (the one the value chain shows), then the
   * compared ones in dataset order: what `strata-cli export --strategy`
   * builds from the same ids in the same order. */
  g_ptr_array_set_size (self->request_strategies, 0);
  g_ptr_array_add (self->request_strategies, (gpointer) _strata_window_get_current_strategy (self));
  for (guint i = 0; i < self->dataset->n_strategies; i++)
    {
      if ((int) i != self->strategy && self->compared[i])
        g_ptr_array_add (self->request_strategies, &self->dataset->strategies[i]);
    }

  request->dataset = self->dataset;
  request->strategies = (const StrataStrategy *const *) self->request_strategies->pdata;
  request->n_strategies = self->request_strategies->len;
  request->current = 0;
  request->volume = self->volume;
  request->theme = STRATA_THEME_LIGHT;
  request->transparent = FALSE;
  request->log_y = strata_chart_view_get_log_y (self->cost_curves_view);
}

static void
strata_window_update_charts (StrataWindow *self)
{
  StrataChartRequest request;

  _strata_window_build_request (self, &request);
  for (guint kind = 0; kind < STRATA_N_CHARTS; kind++)
    strata_chart_view_set_request (strata_window_get_view (self, kind),
                                   self->dataset != NULL ? &request : NULL);
}

static char *
strata_window_format_volume (StrataWindow *self,
                             double        volume)
{
  return _strata_format_volume_per_year (volume, self->dataset->unit);
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

static void
strata_window_update_volume_controls (StrataWindow *self)
{
  g_autofree char *text = strata_window_format_volume (self, self->volume);

  self->updating = TRUE;
  gtk_range_set_value (GTK_RANGE (self->volume_scale), log10 (self->volume));
  gtk_editable_set_text (GTK_EDITABLE (self->volume_entry), text);
  strata_window_set_entry_error (self, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->volume_scale),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, text,
                                  -1);
  self->updating = FALSE;
}

/* Break-even does not depend on the volume (except for where the optimal
 * strategy sits, which strata_breakeven() resolves itself). */
static void
strata_window_update_breakeven (StrataWindow *self)
{
  const StrataDataset *dataset = self->dataset;
  const StrataStrategy *current = _strata_window_get_current_strategy (self);
  g_autoptr(GArray) crossings = NULL;
  g_autoptr(GString) value = NULL;
  g_autofree char *detail = NULL;
  int neutral_index;

  neutral_index = strata_window_find_strategy (self, STRATA_STRATEGY_ALL_NEUTRAL);
  if (self->strategy == neutral_index)
    {
      gtk_label_set_label (self->breakeven_value, "—");
      gtk_label_set_label (self->breakeven_detail, _("the current strategy is all neutral"));
      return;
    }

  crossings = strata_breakeven (dataset, current, &dataset->strategies[neutral_index]);
  value = g_string_new (NULL);

  if (crossings->len == 0)
    {
      double a = strata_strategy_effective_cost (dataset, current, dataset->volume_min);
      double b = strata_strategy_effective_cost (dataset, &dataset->strategies[neutral_index],
                                                 dataset->volume_min);

      g_string_append (value, _("None"));
      if (a < b)
        detail = g_strdup (_("cheaper at every volume"));
      else if (a > b)
        detail = g_strdup (_("dearer at every volume"));
      else
        detail = g_strdup (_("the same cost at every volume"));
    }
  else
    {
      const StrataCrossing *first = &g_array_index (crossings, StrataCrossing, 0);

      for (guint i = 0; i < MIN (crossings->len, 2); i++)
        {
          g_autofree char *volume = strata_format_volume (g_array_index (crossings, StrataCrossing, i).volume);

          if (i > 0)
            g_string_append (value, ", ");
          g_string_append (value, volume);
        }
      if (crossings->len > 2)
        g_string_append (value, ", …");

      if (crossings->len == 1 && first->cheaper_above == 0)
        /* Translators: %s is the unit */
        detail = g_strdup_printf (_("%s/yr, cheaper above"), dataset->unit);
      else if (crossings->len == 1)
        detail = g_strdup_printf (_("%s/yr, cheaper below"), dataset->unit);
      else
        detail = g_strdup_printf (ngettext ("%s/yr, %u crossing", "%s/yr, %u crossings", crossings->len),
                                  dataset->unit, crossings->len);
    }

  gtk_label_set_label (self->breakeven_value, value->str);
  gtk_label_set_label (self->breakeven_detail, detail);
}

static void
strata_window_update_volume_dependent (StrataWindow *self)
{
  if (self->dataset == NULL)
    return;

  strata_window_update_volume_controls (self);
  strata_window_update_charts (self);
  _strata_window_update_summary (self);
}

static void
strata_window_update_sidebar (StrataWindow *self)
{
  guint n_strategies = self->dataset->n_strategies;

  self->updating = TRUE;

  for (guint i = 0; i < self->rows->len; i++)
    strata_layer_row_set_choice (g_ptr_array_index (self->rows, i), self->choices[i]);

  /* "Custom" is listed only while it is the current state: it is what hand
   * edits make, not something to pick. */
  {
    GListModel *names = gtk_drop_down_get_model (self->strategy_dropdown);
    guint n_items = g_list_model_get_n_items (names);

    if (self->strategy < 0 && n_items == n_strategies)
      gtk_string_list_append (GTK_STRING_LIST (names), self->custom.name);
    else if (self->strategy >= 0 && n_items > n_strategies)
      gtk_string_list_remove (GTK_STRING_LIST (names), n_strategies);
  }
  gtk_drop_down_set_selected (self->strategy_dropdown,
                              self->strategy >= 0 ? (guint) self->strategy : n_strategies);

  for (guint i = 0; i < self->compare_checks->len; i++)
    {
      GtkCheckButton *check = g_ptr_array_index (self->compare_checks, i);
      gboolean current = (int) i == self->strategy;

      /* The current strategy is always drawn. */
      gtk_check_button_set_active (check, current || self->compared[i]);
      gtk_widget_set_sensitive (GTK_WIDGET (check), !current);
    }

  self->updating = FALSE;
}

static void
strata_window_update_all (StrataWindow *self)
{
  if (self->dataset == NULL)
    return;

  strata_window_update_sidebar (self);
  strata_window_update_breakeven (self);
  strata_window_update_volume_dependent (self);
  _strata_window_update_actions (self);
}

static void
strata_window_push_undo (StrataWindow *self)
{
  g_ptr_array_add (self->undo_stack, strata_window_state_new (self));
  g_ptr_array_set_size (self->redo_stack, 0);
}

static void
strata_window_restore (StrataWindow      *self,
                       StrataWindowState *state)
{
  memcpy (self->choices, state->choices, sizeof (guint) * self->dataset->n_layers);
  self->strategy = state->strategy;
  strata_window_resolve_choices (self);
  strata_window_update_all (self);
}

void
_strata_window_undo (StrataWindow *self)
{
  StrataWindowState *state;

  g_return_if_fail (STRATA_IS_WINDOW (self));

  if (self->dataset == NULL || self->undo_stack->len == 0)
    return;

  g_ptr_array_add (self->redo_stack, strata_window_state_new (self));
  state = g_ptr_array_steal_index (self->undo_stack, self->undo_stack->len - 1);
  strata_window_restore (self, state);
  strata_window_state_free (state);
}

void
_strata_window_redo (StrataWindow *self)
{
  StrataWindowState *state;

  g_return_if_fail (STRATA_IS_WINDOW (self));

  if (self->dataset == NULL || self->redo_stack->len == 0)
    return;

  g_ptr_array_add (self->undo_stack, strata_window_state_new (self));
  state = g_ptr_array_steal_index (self->redo_stack, self->redo_stack->len - 1);
  strata_window_restore (self, state);
  strata_window_state_free (state);
}

void
_strata_window_set_option (StrataWindow *self,
                           guint         layer,
                           guint         option)
{
  g_return_if_fail (STRATA_IS_WINDOW (self));
  g_return_if_fail (self->dataset != NULL);
  g_return_if_fail (layer < self->dataset->n_layers);
  g_return_if_fail (option < self->dataset->layers[layer].n_options);

  if (self->choices[layer] == option)
    return;

  strata_window_push_undo (self);
  self->choices[layer] = option;
  self->strategy = -1;
  strata_window_update_all (self);
}

void
_strata_window_flip_layer (StrataWindow *self,
                           guint         layer)
{
  const StrataLayer *l;
  StrataMode mode;
  int option;

  g_return_if_fail (STRATA_IS_WINDOW (self));
  g_return_if_fail (self->dataset != NULL);
  g_return_if_fail (layer < self->dataset->n_layers);

  l = &self->dataset->layers[layer];
  mode = l->options[self->choices[layer]].mode;
  option = strata_layer_first_of_mode (l, mode == STRATA_MODE_NEUTRAL ? STRATA_MODE_INTEGRATED
                                                                     : STRATA_MODE_NEUTRAL);
  if (option < 0)
    {
      g_autofree char *message = NULL;

      /* Translators: %s is a layer name */
      message = g_strdup_printf (mode == STRATA_MODE_NEUTRAL ? _("%s has no integrated option")
                                                             : _("%s has no neutral option"),
                                 l->name);
      _strata_window_show_toast (self, message);
      return;
    }

  _strata_window_set_option (self, layer, option);
}

void
_strata_window_set_strategy (StrataWindow *self,
                             int           strategy)
{
  g_return_if_fail (STRATA_IS_WINDOW (self));
  g_return_if_fail (self->dataset != NULL);
  g_return_if_fail (strategy >= -1 && strategy < (int) self->dataset->n_strategies);

  if (strategy == self->strategy || strategy < 0)
    {
      /* "Custom" is not something to choose: it is what hand edits make. */
      strata_window_update_sidebar (self);
      return;
    }

  strata_window_push_undo (self);
  self->strategy = strategy;
  strata_window_resolve_choices (self);
  strata_window_update_all (self);
}

void
_strata_window_set_volume (StrataWindow *self,
                           double        volume)
{
  g_return_if_fail (STRATA_IS_WINDOW (self));
  g_return_if_fail (self->dataset != NULL);
  g_return_if_fail (volume > 0 && isfinite (volume));

  if (volume == self->volume)
    return;

  self->volume = volume;

  /* The optimal strategy moves with the volume. */
  if (self->strategy >= 0 && strata_strategy_is_optimal (&self->dataset->strategies[self->strategy]))
    {
      strata_window_resolve_choices (self);
      strata_window_update_sidebar (self);
    }

  strata_window_update_volume_dependent (self);
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

  option = strata_layer_first_of_mode (&self->dataset->layers[layer], mode);
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
on_layer_activated_cb (StrataWindow    *self,
                       guint            layer,
                       StrataChartView *view)
{
  if (self->dataset != NULL && layer < self->dataset->n_layers)
    _strata_window_flip_layer (self, layer);
}

static void
on_volume_activated_cb (StrataWindow    *self,
                        double           volume,
                        StrataChartView *view)
{
  if (self->dataset == NULL)
    return;

  _strata_window_set_volume (self, CLAMP (volume, self->dataset->volume_min, self->dataset->volume_max));
}

static void
on_strategy_selected_cb (StrataWindow *self,
                         GParamSpec   *pspec,
                         GtkDropDown  *dropdown)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (self->updating || self->dataset == NULL || selected == GTK_INVALID_LIST_POSITION)
    return;

  _strata_window_set_strategy (self, selected < self->dataset->n_strategies ? (int) selected : -1);
}

static void
on_compare_toggled_cb (StrataWindow   *self,
                       GtkCheckButton *check)
{
  guint index;

  if (self->updating || self->dataset == NULL)
    return;

  if (!g_ptr_array_find (self->compare_checks, check, &index) || (int) index == self->strategy)
    return;

  self->compared[index] = gtk_check_button_get_active (check);
  strata_window_update_charts (self);
}

static void
on_volume_scale_changed_cb (StrataWindow *self,
                            GtkRange     *range)
{
  if (self->updating || self->dataset == NULL)
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
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *suffix = NULL;
  double volume;

  /* Accept the text as shown ("2.5 B units/yr") as well as typed figures. */
  text = g_strstrip (g_strdup (typed));
  suffix = g_strdup_printf ("%s/yr", self->dataset->unit);
  if (g_str_has_suffix (text, suffix))
    text[strlen (text) - strlen (suffix)] = '\0';
  else if (g_str_has_suffix (text, "/yr"))
    text[strlen (text) - strlen ("/yr")] = '\0';
  g_strstrip (text);
  if (g_str_has_suffix (text, "×"))
    text[strlen (text) - strlen ("×")] = '\0';
  g_strstrip (text);

  if (!strata_parse_volume (text, &volume, &error))
    return g_strdup (error->message);

  if (volume < self->dataset->volume_min || volume > self->dataset->volume_max)
    {
      g_autofree char *min = strata_window_format_volume (self, self->dataset->volume_min);
      g_autofree char *max = strata_window_format_volume (self, self->dataset->volume_max);

      /* Translators: the dataset's volume range */
      return g_strdup_printf (_("The dataset covers %s to %s"), min, max);
    }

  _strata_window_set_volume (self, volume);
  strata_window_update_volume_controls (self);
  return NULL;
}

static void
on_volume_entry_activate_cb (StrataWindow *self,
                             GtkEntry     *entry)
{
  g_autofree char *reason = NULL;

  if (self->dataset == NULL)
    return;

  reason = strata_window_apply_volume_text (self, gtk_editable_get_text (GTK_EDITABLE (entry)));
  if (reason != NULL)
    {
      g_autofree char *shown = strata_window_format_volume (self, self->volume);
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
on_volume_entry_leave_cb (StrataWindow            *self,
                          GtkEventControllerFocus *controller)
{
  g_autofree char *typed = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *message = NULL;

  /* Also called while the window is destroyed. */
  if (self->dataset == NULL || self->volume_entry == NULL ||
      gtk_widget_in_destruction (GTK_WIDGET (self)))
    return;

  typed = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->volume_entry)));
  shown = strata_window_format_volume (self, self->volume);
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

static void
on_view_changed_cb (StrataWindow *self,
                    GParamSpec   *pspec,
                    AdwViewStack *stack)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEW]);
}

static void
strata_window_clear_sidebar (StrataWindow *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->layers_list))) != NULL)
    gtk_list_box_remove (self->layers_list, child);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->compare_box))) != NULL)
    gtk_box_remove (self->compare_box, child);
  g_ptr_array_set_size (self->rows, 0);
  g_ptr_array_set_size (self->compare_checks, 0);
}

static void
strata_window_build_sidebar (StrataWindow *self)
{
  const StrataDataset *dataset = self->dataset;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autofree char *min = NULL;
  g_autofree char *max = NULL;
  GtkAdjustment *adjustment;
  double lower;
  double upper;

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

  /* Top of the stack first. */
  for (guint i = dataset->n_layers; i-- > 0;)
    {
      GtkWidget *row = strata_layer_row_new (&dataset->layers[i], i);

      g_signal_connect_object (row, "mode-changed", G_CALLBACK (on_layer_row_mode_changed_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (row, "option-changed", G_CALLBACK (on_layer_row_option_changed_cb),
                               self, G_CONNECT_SWAPPED);
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

  lower = log10 (dataset->volume_min);
  upper = log10 (dataset->volume_max);
  if (upper <= lower)
    upper = lower + 1e-9;
  adjustment = gtk_range_get_adjustment (GTK_RANGE (self->volume_scale));
  gtk_adjustment_configure (adjustment, log10 (dataset->volume_default), lower, upper,
                            (upper - lower) / 100, (upper - lower) / 10, 0);
  gtk_scale_clear_marks (self->volume_scale);
  for (double decade = ceil (lower); decade <= floor (upper); decade += 1)
    gtk_scale_add_mark (self->volume_scale, decade, GTK_POS_BOTTOM, NULL);

  min = strata_format_volume (dataset->volume_min);
  max = strata_format_volume (dataset->volume_max);
  gtk_label_set_label (self->volume_min_label, min);
  gtk_label_set_label (self->volume_max_label, max);

  self->updating = FALSE;
}

/* Header titles that fit: "AI cloud stack: Amazon-style hybrid
 * (illustrative)" is too long for the 340 px sidebar, so the headers show
 * the part before the colon as the title; the sidebar adds the file name,
 * the narrow window's header the rest of the title.  The full title is in
 * the tooltips, the window title and on every chart. */
static void
strata_window_set_titles (StrataWindow *self,
                          const char   *full_title,
                          const char   *display_name)
{
  /* Issue 16, finding 5: a 64 KiB title of combining marks took pango
   * about 15 s to lay out in the header and the tooltip; no label needs
   * more than a few hundred characters. */
  g_autofree char *title = strata_format_display_text (full_title, STRATA_TITLE_MAX_CHARS);
  const char *colon = strstr (title, ": ");
  g_autofree char *name = NULL;
  g_autofree char *tooltip = NULL;
  const char *rest = NULL;

  if (colon != NULL && colon != title && colon[2] != '\0')
    {
      name = g_strndup (title, colon - title);
      rest = colon + 2;
    }
  else
    {
      name = g_strdup (title);
    }
  tooltip = display_name != NULL ? g_strdup_printf ("%s\n%s", title, display_name) : g_strdup (title);

  adw_window_title_set_title (self->window_title, name);
  adw_window_title_set_subtitle (self->window_title, display_name);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->window_title), tooltip);
  adw_view_switcher_title_set_title (self->switcher_title, name);
  adw_view_switcher_title_set_subtitle (self->switcher_title, rest != NULL ? rest : display_name);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->switcher_title), tooltip);
  gtk_window_set_title (GTK_WINDOW (self), title);
}

void
_strata_window_set_dataset (StrataWindow  *self,
                            StrataDataset *dataset,
                            const char    *display_name)
{
  int strategy;

  g_return_if_fail (STRATA_IS_WINDOW (self));
  g_return_if_fail (dataset != NULL);
  g_return_if_fail (dataset->n_layers > 0);
  g_return_if_fail (dataset->n_strategies >= STRATA_N_PRESETS);

  /* Drop everything that borrows from the old dataset first. */
  for (guint kind = 0; kind < STRATA_N_CHARTS; kind++)
    strata_chart_view_set_request (strata_window_get_view (self, kind), NULL);
  strata_window_clear_sidebar (self);
  g_ptr_array_set_size (self->undo_stack, 0);
  g_ptr_array_set_size (self->redo_stack, 0);
  g_ptr_array_set_size (self->request_strategies, 0);

  g_clear_pointer (&self->dataset, strata_dataset_unref);
  self->dataset = strata_dataset_ref (dataset);
  g_free (self->display_name);
  self->display_name = g_strdup (display_name);

  g_free (self->choices);
  self->choices = g_new0 (guint, dataset->n_layers);
  self->custom.choices = self->choices;

  /* Compare every preset and every strategy of the dataset by default, up
   * to a number that keeps the charts readable. */
  g_free (self->compared);
  self->compared = g_new0 (gboolean, dataset->n_strategies);
  for (guint i = 0; i < dataset->n_strategies && i < 6; i++)
    self->compared[i] = TRUE;

  /* Open on the dataset's own strategy when it has one: that is the story
   * its author tells.  Otherwise on the optimum. */
  if (dataset->n_strategies > STRATA_N_PRESETS)
    strategy = STRATA_N_PRESETS;
  else
    strategy = strata_window_find_strategy (self, STRATA_STRATEGY_OPTIMAL);
  self->strategy = MAX (strategy, 0);

  self->volume = dataset->volume_default;
  strata_window_resolve_choices (self);

  strata_window_build_sidebar (self);

  strata_window_set_titles (self, dataset->title, display_name);
  gtk_stack_set_visible_child_name (self->main_stack, "main");

  strata_window_update_all (self);
}

void
_strata_window_show_toast (StrataWindow *self,
                           const char   *message)
{
  g_autofree char *escaped = NULL;
  AdwToast *toast;

  g_return_if_fail (STRATA_IS_WINDOW (self));

  escaped = g_markup_escape_text (message, -1);
  toast = adw_toast_new (escaped);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

void
_strata_window_show_error (StrataWindow *self,
                           const char   *message)
{
  g_autofree char *escaped = NULL;
  AdwToast *toast;

  g_return_if_fail (STRATA_IS_WINDOW (self));
  g_return_if_fail (message != NULL);

  g_free (self->last_error);
  self->last_error = g_strdup (message);

  if (self->dataset == NULL)
    gtk_stack_set_visible_child_name (self->main_stack, "empty");

  escaped = g_markup_escape_text (message, -1);
  toast = adw_toast_new (escaped);
  adw_toast_set_timeout (toast, 10);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static gboolean
strata_window_close_request (GtkWindow *window)
{
  StrataWindow *self = STRATA_WINDOW (window);

  if (self->settings != NULL)
    {
      gboolean maximized = gtk_window_is_maximized (window);

      g_settings_set_boolean (self->settings, "window-maximized", maximized);
      if (!maximized)
        {
          int width;
          int height;

          gtk_window_get_default_size (window, &width, &height);
          g_settings_set_int (self->settings, "window-width", width);
          g_settings_set_int (self->settings, "window-height", height);
        }
    }

  g_cancellable_cancel (self->cancellable);

  return GTK_WINDOW_CLASS (strata_window_parent_class)->close_request (window);
}

static void
strata_window_dispose (GObject *object)
{
  StrataWindow *self = (StrataWindow *)object;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), STRATA_TYPE_WINDOW);

  G_OBJECT_CLASS (strata_window_parent_class)->dispose (object);
}

static void
strata_window_finalize (GObject *object)
{
  StrataWindow *self = (StrataWindow *)object;

  g_clear_pointer (&self->undo_stack, g_ptr_array_unref);
  g_clear_pointer (&self->redo_stack, g_ptr_array_unref);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->compare_checks, g_ptr_array_unref);
  g_clear_pointer (&self->request_strategies, g_ptr_array_unref);
  g_clear_pointer (&self->dataset, strata_dataset_unref);
  g_clear_pointer (&self->choices, g_free);
  g_clear_pointer (&self->compared, g_free);
  g_clear_pointer (&self->display_name, g_free);
  g_clear_pointer (&self->last_error, g_free);
  g_clear_pointer (&self->custom.name, g_free);
  g_clear_pointer (&self->custom.id, g_free);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (strata_window_parent_class)->finalize (object);
}

static void
strata_window_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  StrataWindow *self = STRATA_WINDOW (object);

  switch (prop_id)
    {
    /* The actions read these while the template is still being built. */
    case PROP_SHOW_SIDEBAR:
      g_value_set_boolean (value, self->flap == NULL || adw_flap_get_reveal_flap (self->flap));
      break;

    case PROP_LOG_Y:
      g_value_set_boolean (value, self->cost_curves_view != NULL &&
                                  strata_chart_view_get_log_y (self->cost_curves_view));
      break;

    case PROP_VIEW:
      g_value_set_string (value, self->view_stack != NULL ?
                                 adw_view_stack_get_visible_child_name (self->view_stack) :
                                 "cost-curves");
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
strata_window_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  StrataWindow *self = STRATA_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SHOW_SIDEBAR:
      adw_flap_set_reveal_flap (self->flap, g_value_get_boolean (value));
      break;

    case PROP_LOG_Y:
      if (g_value_get_boolean (value) != strata_chart_view_get_log_y (self->cost_curves_view))
        {
          strata_chart_view_set_log_y (self->cost_curves_view, g_value_get_boolean (value));
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    case PROP_VIEW:
      strata_window_set_view (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
on_reveal_flap_cb (StrataWindow *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_SIDEBAR]);
}

static void
strata_window_class_init (StrataWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = strata_window_dispose;
  object_class->finalize = strata_window_finalize;
  object_class->get_property = strata_window_get_property;
  object_class->set_property = strata_window_set_property;

  window_class->close_request = strata_window_close_request;

  properties[PROP_SHOW_SIDEBAR] =
    g_param_spec_boolean ("show-sidebar", NULL, NULL,
                          TRUE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_LOG_Y] =
    g_param_spec_boolean ("log-y", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_VIEW] =
    g_param_spec_string ("view", NULL, NULL,
                         "cost-curves",
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (STRATA_TYPE_CHART_VIEW);
  g_type_ensure (STRATA_TYPE_LAYER_ROW);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/strata-window.ui");
  gtk_widget_class_bind_template_child (widget_class, StrataWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, StrataWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, StrataWindow, flap);
  gtk_widget_class_bind_template_child (widget_class, StrataWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, StrataWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, StrataWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, StrataWindow, cost_curves_view);
  gtk_widget_class_bind_template_child (widget_class, StrataWindow, value_chain_view);
  gtk_widget_class_bind_template_child (widget_class, StrataWindow, compare_view);
  gtk_widget_class_bind_template_child (widget_class, StrataWindow, ladder_view);
  gtk_widget_class_bind_template_child (widget_class, StrataWindow, tornado_view);
  gtk_widget_class_bind_template_child (widget_class, StrataWindow, log_y_button);
  gtk_widget_class_bind_template_child (widget_class, StrataWindow, strategy_dropdown);
  gtk_widget_class_bind_template_child (widget_class, StrataWindow, compare_box);
  gtk_widget_class_bind_template_child (widget_class, StrataWindow, layers_list);
  gtk_widget_class_bind_template_child (widget_class, StrataWindow, volume_scale);
  gtk_widget_class_bind_template_child (widget_class, StrataWindow, volume_entry);
  gtk_widget_class_bind_template_child (widget_class, StrataWindow, volume_error_label);
  gtk_widget_class_bind_template_child (widget_class, StrataWindow, volume_min_label);
  gtk_widget_class_bind_template_child (widget_class, StrataWindow, volume_max_label);
  gtk_widget_class_bind_template_child (widget_class, StrataWindow, cost_caption);
  gtk_widget_class_bind_template_child (widget_class, StrataWindow, effective_value);
  gtk_widget_class_bind_template_child (widget_class, StrataWindow, effective_detail);
  gtk_widget_class_bind_template_child (widget_class, StrataWindow, profit_caption);
  gtk_widget_class_bind_template_child (widget_class, StrataWindow, profit_value);
  gtk_widget_class_bind_template_child (widget_class, StrataWindow, profit_detail);
  gtk_widget_class_bind_template_child (widget_class, StrataWindow, breakeven_value);
  gtk_widget_class_bind_template_child (widget_class, StrataWindow, breakeven_detail);
  gtk_widget_class_bind_template_child (widget_class, StrataWindow, margin_value);
  gtk_widget_class_bind_template_child (widget_class, StrataWindow, margin_detail);
  gtk_widget_class_bind_template_child (widget_class, StrataWindow, capital_value);
  gtk_widget_class_bind_template_child (widget_class, StrataWindow, capital_detail);
  gtk_widget_class_bind_template_child (widget_class, StrataWindow, ecosystem_value);
  gtk_widget_class_bind_template_child (widget_class, StrataWindow, ecosystem_detail);
  gtk_widget_class_bind_template_child (widget_class, StrataWindow, recent_section);
  gtk_widget_class_bind_template_callback (widget_class, on_strategy_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_volume_scale_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_volume_entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_volume_entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_layer_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_volume_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_view_changed_cb);

  _strata_window_class_init_actions (widget_class);
}

static void
strata_window_init (StrataWindow *self)
{
  self->undo_stack = g_ptr_array_new_with_free_func (strata_window_state_free);
  self->redo_stack = g_ptr_array_new_with_free_func (strata_window_state_free);
  self->rows = g_ptr_array_new ();
  self->compare_checks = g_ptr_array_new ();
  self->request_strategies = g_ptr_array_new ();
  self->cancellable = g_cancellable_new ();
  self->custom.id = g_strdup ("custom");
  self->custom.name = g_strdup (_("Custom"));
  self->strategy = -1;

  gtk_widget_init_template (GTK_WIDGET (self));

  {
    g_autoptr(GtkListItemFactory) factory = _strata_ellipsizing_factory_new ();

    gtk_drop_down_set_factory (self->strategy_dropdown, factory);
  }

  g_signal_connect_object (self->flap, "notify::reveal-flap",
                           G_CALLBACK (on_reveal_flap_cb), self, G_CONNECT_SWAPPED);
  _strata_focus_guard_attach (GTK_WINDOW (self));

  /* A narrow window shows the dataset's name in its header and the views
   * in the bar at the bottom; a wide one has the sidebar for the name. */
  g_object_bind_property (self->flap, "folded", self->switcher_title, "view-switcher-enabled",
                          G_BINDING_SYNC_CREATE | G_BINDING_INVERT_BOOLEAN);

  {
    GtkEventController *focus = gtk_event_controller_focus_new ();

    g_signal_connect_object (focus, "leave", G_CALLBACK (on_volume_entry_leave_cb),
                             self, G_CONNECT_SWAPPED);
    gtk_widget_add_controller (GTK_WIDGET (self->volume_entry), focus);
  }

  /* The status page only shows when even the sample could not be loaded
   * (see _strata_window_show_error()); until the first dataset arrives the
   * window shows its frame, not a "No Dataset" flash. */
  gtk_stack_set_visible_child_name (self->main_stack, "main");
}

StrataWindow *
strata_window_new (StrataApplication *application)
{
  StrataWindow *self;

  g_return_val_if_fail (STRATA_IS_APPLICATION (application), NULL);

  self = g_object_new (STRATA_TYPE_WINDOW,
                       "application", application,
                       NULL);

  /* The size, the recent files and the last folder live in the
   * application's settings (none when the schema is not installed). */
  g_set_object (&self->settings, strata_application_get_settings (application));
  if (self->settings != NULL)
    {
      gtk_window_set_default_size (GTK_WINDOW (self),
                                   g_settings_get_int (self->settings, "window-width"),
                                   g_settings_get_int (self->settings, "window-height"));
      if (g_settings_get_boolean (self->settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
    }

  _strata_window_init_actions (self);
  _strata_window_update_recent_menu (self);
  _strata_window_update_actions (self);

  return self;
}

gboolean
strata_window_set_view (StrataWindow *self,
                        const char   *view)
{
  StrataChartKind kind;

  g_return_val_if_fail (STRATA_IS_WINDOW (self), FALSE);

  if (view == NULL || !strata_chart_kind_from_string (view, &kind))
    return FALSE;

  adw_view_stack_set_visible_child_name (self->view_stack, view);
  return TRUE;
}

StrataDataset *
_strata_window_get_dataset (StrataWindow *self)
{
  g_return_val_if_fail (STRATA_IS_WINDOW (self), NULL);

  return self->dataset;
}

const guint *
_strata_window_get_choices (StrataWindow *self)
{
  g_return_val_if_fail (STRATA_IS_WINDOW (self), NULL);

  return self->choices;
}

double
_strata_window_get_volume (StrataWindow *self)
{
  g_return_val_if_fail (STRATA_IS_WINDOW (self), 0);

  return self->volume;
}

const char *
_strata_window_get_strategy_name (StrataWindow *self)
{
  GtkStringObject *item;

  g_return_val_if_fail (STRATA_IS_WINDOW (self), NULL);

  /* What the drop-down shows, so the test sees what the user sees. */
  item = gtk_drop_down_get_selected_item (self->strategy_dropdown);
  return item != NULL ? gtk_string_object_get_string (item) : NULL;
}

const char *
_strata_window_get_summary_text (StrataWindow *self,
                                 const char   *field)
{
  static const struct {
    const char *name;
    gsize       offset;
  } fields[] = {
    { "cost-caption", G_STRUCT_OFFSET (StrataWindow, cost_caption) },
    { "effective", G_STRUCT_OFFSET (StrataWindow, effective_value) },
    { "effective-detail", G_STRUCT_OFFSET (StrataWindow, effective_detail) },
    { "breakeven", G_STRUCT_OFFSET (StrataWindow, breakeven_value) },
    { "breakeven-detail", G_STRUCT_OFFSET (StrataWindow, breakeven_detail) },
    { "margin", G_STRUCT_OFFSET (StrataWindow, margin_value) },
    { "margin-detail", G_STRUCT_OFFSET (StrataWindow, margin_detail) },
    { "capital", G_STRUCT_OFFSET (StrataWindow, capital_value) },
    { "ecosystem", G_STRUCT_OFFSET (StrataWindow, ecosystem_value) },
    { "profit-caption", G_STRUCT_OFFSET (StrataWindow, profit_caption) },
    { "profit", G_STRUCT_OFFSET (StrataWindow, profit_value) },
    { "profit-detail", G_STRUCT_OFFSET (StrataWindow, profit_detail) },
  };

  g_return_val_if_fail (STRATA_IS_WINDOW (self), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      if (g_strcmp0 (fields[i].name, field) == 0)
        return gtk_label_get_label (G_STRUCT_MEMBER (GtkLabel *, self, fields[i].offset));
    }

  g_return_val_if_reached (NULL);
}

const char *
_strata_window_get_last_error (StrataWindow *self)
{
  g_return_val_if_fail (STRATA_IS_WINDOW (self), NULL);

  return self->last_error;
}

gboolean
_strata_window_is_loading (StrataWindow *self)
{
  g_return_val_if_fail (STRATA_IS_WINDOW (self), FALSE);

  return self->n_loading > 0;
}

GtkWidget *
_strata_window_get_chart_view (StrataWindow *self)
{
  g_return_val_if_fail (STRATA_IS_WINDOW (self), NULL);

  return GTK_WIDGET (strata_window_get_view (self, _strata_window_get_view_kind (self)));
}

gboolean
_strata_window_get_sidebar_folded (StrataWindow *self)
{
  g_return_val_if_fail (STRATA_IS_WINDOW (self), FALSE);

  return adw_flap_get_folded (self->flap);
}

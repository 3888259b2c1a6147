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
#include "strata-tooltip.h"
#include "strata-window-private.h"

/*
 * The main window follows a StrataScenario: the dataset, the strategy
 * state (one option per layer), the volume and the undo history live
 * there; the sidebar hands the user's changes to it, and every chart view
 * and the summary strip redraw when it says it changed.  No economics and
 * no drawing happen here: the numbers come from strata-model.h, the
 * pictures from strata-chart.h.
 */

G_DEFINE_FINAL_TYPE (StrataWindow, strata_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_SHOW_SIDEBAR,
  PROP_LOG_Y,
  PROP_VIEW,
  PROP_OBJECTIVE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

StrataChartView *
_strata_window_peek_view (StrataWindow    *self,
                          StrataChartKind  kind)
{
  switch (kind)
    {
    case STRATA_CHART_CHANCES:
      return self->chances_view;
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
    case STRATA_CHART_ROADMAP:
      return self->roadmap_view;
    case STRATA_CHART_SWITCHPOINTS:   /* an export, not a view */
    default:
      g_assert_not_reached ();
    }
}

StrataDataset *
_strata_window_dataset (StrataWindow *self)
{
  return self->scenario != NULL ? strata_scenario_get_dataset (self->scenario) : NULL;
}

const StrataStrategy *
_strata_window_get_current_strategy (StrataWindow *self)
{
  g_return_val_if_fail (STRATA_IS_WINDOW (self), NULL);

  if (self->request == NULL)
    return NULL;
  return self->request->strategies[0];
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
  if (self->request == NULL)
    return;

  /* The current strategy first (the one the value chain shows), then the
   * compared ones in dataset order: what `strata-cli export --strategy`
   * builds from the same ids in the same order. */
  request->dataset = self->request->dataset;
  request->strategies = self->request->strategies;
  request->n_strategies = self->request->n_strategies;
  request->current = 0;
  request->volume = self->request->volume;
  request->objective = self->request->objective;
  request->theme = STRATA_THEME_LIGHT;
  request->transparent = FALSE;
  request->log_y = strata_chart_view_get_log_y (self->cost_curves_view);
  request->monte_carlo = _strata_window_get_shown_monte_carlo (self);
  /* The tornado's outcome, against the first compared strategy (the
   * next after the current one) for the gap and the break-even. */
  request->outcome = _strata_window_get_outcome (self);
}

static void
strata_window_set_view_request (StrataWindow       *self,
                                StrataChartKind     kind,
                                StrataChartRequest *request)
{
  StrataChartView *view = _strata_window_peek_view (self, kind);

  /* A page not built yet is handed the request when it is. */
  if (view == NULL)
    return;
  /* The Roadmap draws the horizon's run the window holds. */
  request->roadmap_monte_carlo = kind == STRATA_CHART_ROADMAP ? _strata_window_get_roadmap_band (self)
                                                              : NULL;
  strata_chart_view_set_request (view, self->request != NULL ? request : NULL);
}

void
_strata_window_update_view (StrataWindow    *self,
                            StrataChartKind  kind)
{
  StrataChartRequest request;

  _strata_window_build_request (self, &request);
  strata_window_set_view_request (self, kind, &request);
}

static void
strata_window_update_charts (StrataWindow *self)
{
  StrataScenarioRequest *old = g_steal_pointer (&self->request);
  StrataChartRequest request;

  /* The views borrow the request's strategies: the old request lives
   * until every view has the new one. */
  if (_strata_window_dataset (self) != NULL)
    self->request = strata_scenario_dup_request (self->scenario);
  _strata_window_build_request (self, &request);
  for (guint kind = 0; kind <= STRATA_CHART_ROADMAP; kind++)
    strata_window_set_view_request (self, kind, &request);
  /* Issue 15: before the window's first frame, its chart's numbers are
   * worked out in a worker while GTK sets up the renderer. */
  if (self->request != NULL && !gtk_widget_get_realized (GTK_WIDGET (self)))
    _strata_chart_view_prepare (_strata_window_ensure_view (self, _strata_window_get_view_kind (self)));
  g_clear_pointer (&old, strata_scenario_request_unref);
}

static void
strata_window_update_undo_menu (StrataWindow *self)
{
  const char *undo = strata_scenario_get_undo_label (self->scenario);
  const char *redo = strata_scenario_get_redo_label (self->scenario);
  g_autofree char *undo_text = NULL;
  g_autofree char *redo_text = NULL;

  /* "Undo Change Chips Fixed Cost": the history says what it would undo. */
  if (undo != NULL)
    /* Translators: %s is what the step did, such as "Switch Chips to ASIC" */
    undo_text = g_strdup_printf (_("_Undo %s"), undo);
  if (redo != NULL)
    /* Translators: %s is what the step did, such as "Switch Chips to ASIC" */
    redo_text = g_strdup_printf (_("_Redo %s"), redo);

  g_menu_remove_all (self->undo_section);
  g_menu_append (self->undo_section, undo_text != NULL ? undo_text : _("_Undo"), "win.undo");
  g_menu_append (self->undo_section, redo_text != NULL ? redo_text : _("_Redo"), "win.redo");
}

/* Header titles that fit: "AI cloud stack: Amazon-style hybrid
 * (illustrative)" is too long for the 340 px sidebar, so the headers show
 * the part before the colon as the title; the sidebar adds the file name,
 * the narrow window's header the rest of the title.  The full title is in
 * the tooltips, the window title and on every chart.  Unsaved changes put
 * "• " in front of the titles, as GNOME Text Editor marks a modified
 * document. */
void
_strata_window_update_titles (StrataWindow *self)
{
  StrataDataset *dataset = _strata_window_dataset (self);
  const char *display_name = self->display_name;
  gboolean modified;
  g_autofree char *title = NULL;
  g_autofree char *name = NULL;
  g_autofree char *tooltip = NULL;
  g_autofree char *window_title = NULL;
  const char *colon;
  const char *rest = NULL;

  if (dataset == NULL)
    return;

  /* Issue 16, finding 5: a 64 KiB title of combining marks took pango
   * about 15 s to lay out in the header and the tooltip; no label needs
   * more than a few hundred characters. */
  modified = strata_scenario_get_modified (self->scenario);
  title = strata_format_display_text (dataset->title, STRATA_TITLE_MAX_CHARS);
  colon = strstr (title, ": ");
  if (colon != NULL && colon != title && colon[2] != '\0')
    {
      name = g_strndup (title, colon - title);
      rest = colon + 2;
    }
  else
    {
      name = g_strdup (title);
    }
  if (modified)
    {
      g_autofree char *plain = g_steal_pointer (&name);

      name = g_strconcat ("• ", plain, NULL);
    }
  window_title = modified ? g_strconcat ("• ", title, NULL) : g_strdup (title);
  tooltip = g_strdup_printf ("%s%s%s%s", title,
                             display_name != NULL ? "\n" : "",
                             display_name != NULL ? display_name : "",
                             modified ? _("\nUnsaved changes") : "");

  adw_window_title_set_title (self->window_title, name);
  adw_window_title_set_subtitle (self->window_title, display_name);
  _strata_tooltip_set (GTK_WIDGET (self->window_title), tooltip);
  adw_view_switcher_title_set_title (self->switcher_title, name);
  adw_view_switcher_title_set_subtitle (self->switcher_title, rest != NULL ? rest : display_name);
  _strata_tooltip_set (GTK_WIDGET (self->switcher_title), tooltip);
  gtk_window_set_title (GTK_WINDOW (self), window_title);
}

/* Everything the window shows follows the scenario from here. */
static void
on_scenario_changed_cb (StrataWindow   *self,
                        guint           what,
                        StrataScenario *scenario)
{
  StrataDataset *dataset = strata_scenario_get_dataset (scenario);

  if (dataset == NULL)
    return;

  if (what & STRATA_SCENARIO_CHANGED_DATASET)
    {
      /* A new document or an edit: names, layers and strategies may all
       * have changed. */
      _strata_window_build_sidebar (self);
      _strata_window_update_titles (self);
      _strata_window_update_roadmap_page (self);
      gtk_stack_set_visible_child_name (self->main_stack, "main");
    }

  if (what & (STRATA_SCENARIO_CHANGED_DATASET | STRATA_SCENARIO_CHANGED_CHOICES |
              STRATA_SCENARIO_CHANGED_STRATEGY | STRATA_SCENARIO_CHANGED_COMPARED))
    _strata_window_update_sidebar (self);
  if (what & (STRATA_SCENARIO_CHANGED_DATASET | STRATA_SCENARIO_CHANGED_VOLUME))
    _strata_window_update_volume_controls (self);

  strata_window_update_charts (self);
  _strata_window_update_chances (self, what);
  _strata_window_update_switches (self, what);
  _strata_window_update_roadmap_mc (self, what);

  if (what & (STRATA_SCENARIO_CHANGED_DATASET | STRATA_SCENARIO_CHANGED_CHOICES |
              STRATA_SCENARIO_CHANGED_STRATEGY | STRATA_SCENARIO_CHANGED_OBJECTIVE))
    _strata_window_update_breakeven (self);
  if (what != STRATA_SCENARIO_CHANGED_COMPARED)
    _strata_window_update_summary (self);

  strata_window_update_undo_menu (self);
  _strata_window_update_actions (self);
}

void
_strata_window_undo (StrataWindow *self)
{
  g_return_if_fail (STRATA_IS_WINDOW (self));

  strata_scenario_undo (self->scenario);
}

void
_strata_window_redo (StrataWindow *self)
{
  g_return_if_fail (STRATA_IS_WINDOW (self));

  strata_scenario_redo (self->scenario);
}

void
_strata_window_set_option (StrataWindow *self,
                           guint         layer,
                           guint         option)
{
  StrataDataset *dataset = _strata_window_dataset (self);

  g_return_if_fail (STRATA_IS_WINDOW (self));
  g_return_if_fail (dataset != NULL);
  g_return_if_fail (layer < dataset->n_layers);
  g_return_if_fail (option < dataset->layers[layer].n_options);

  strata_scenario_set_option (self->scenario, layer, option);
}

void
_strata_window_flip_layer (StrataWindow *self,
                           guint         layer)
{
  StrataDataset *dataset = _strata_window_dataset (self);
  const StrataLayer *l;
  g_autofree char *message = NULL;

  g_return_if_fail (STRATA_IS_WINDOW (self));
  g_return_if_fail (dataset != NULL);
  g_return_if_fail (layer < dataset->n_layers);

  if (strata_scenario_flip_layer (self->scenario, layer))
    return;

  l = &dataset->layers[layer];
  /* Translators: %s is a layer name */
  message = g_strdup_printf (l->options[strata_scenario_get_choices (self->scenario)[layer]].mode
                             == STRATA_MODE_NEUTRAL ? _("%s has no integrated option")
                                                    : _("%s has no neutral option"),
                             l->name);
  _strata_window_show_toast (self, message);
}

void
_strata_window_set_strategy (StrataWindow *self,
                             int           strategy)
{
  StrataDataset *dataset = _strata_window_dataset (self);

  g_return_if_fail (STRATA_IS_WINDOW (self));
  g_return_if_fail (dataset != NULL);
  g_return_if_fail (strategy >= -1 && strategy < (int) dataset->n_strategies);

  if (strategy == strata_scenario_get_strategy (self->scenario) || strategy < 0)
    {
      /* "Custom" is not something to choose: it is what hand edits make. */
      _strata_window_update_sidebar (self);
      return;
    }

  strata_scenario_set_strategy (self->scenario, strategy);
}

void
_strata_window_set_volume (StrataWindow *self,
                           double        volume)
{
  g_return_if_fail (STRATA_IS_WINDOW (self));
  g_return_if_fail (_strata_window_dataset (self) != NULL);
  g_return_if_fail (volume > 0 && isfinite (volume));

  strata_scenario_set_volume (self->scenario, volume);
}

void
_strata_window_on_layer_activated (StrataWindow    *self,
                                   guint            layer,
                                   StrataChartView *view)
{
  StrataDataset *dataset = _strata_window_dataset (self);

  if (dataset != NULL && layer < dataset->n_layers)
    {
      g_autofree char *key = g_strconcat ("layer:", dataset->layers[layer].id, NULL);

      /* The block clicked is also the one the inspector edits. */
      _strata_window_inspect (self, key, FALSE);
      _strata_window_flip_layer (self, layer);
    }
}

void
_strata_window_inspect (StrataWindow *self,
                        const char   *key,
                        gboolean      show_page)
{
  strata_inspector_select (_strata_window_ensure_inspector (self), key);
  if (show_page)
    {
      gtk_stack_set_visible_child_name (self->sidebar_stack, "edit");
      adw_flap_set_reveal_flap (self->flap, TRUE);
    }
}

void
_strata_window_on_volume_activated (StrataWindow    *self,
                                    double           volume,
                                    StrataChartView *view)
{
  StrataDataset *dataset = _strata_window_dataset (self);

  if (dataset == NULL)
    return;

  _strata_window_set_volume (self, CLAMP (volume, dataset->volume_min, dataset->volume_max));
}

static void
on_view_changed_cb (StrataWindow *self,
                    GParamSpec   *pspec,
                    AdwViewStack *stack)
{
  /* Its page is built when first shown. */
  _strata_window_ensure_view (self, _strata_window_get_view_kind (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEW]);
  _strata_window_update_chances (self, 0);
  _strata_window_update_switches (self, 0);
  _strata_window_update_roadmap_mc (self, 0);
}

void
_strata_window_set_dataset (StrataWindow  *self,
                            StrataDataset *dataset,
                            GFile         *file,
                            const char    *display_name)
{
  g_return_if_fail (STRATA_IS_WINDOW (self));
  g_return_if_fail (dataset != NULL);
  g_return_if_fail (dataset->n_layers > 0);
  g_return_if_fail (dataset->n_strategies >= STRATA_N_PRESETS);

  g_free (self->display_name);
  self->display_name = g_strdup (display_name);
  _strata_window_set_file (self, file);

  /* A new document: a fresh history, the dataset's own strategy at its
   * default volume; on_scenario_changed_cb() does the rest. */
  strata_scenario_set_dataset (self->scenario, dataset);
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

  if (_strata_window_dataset (self) == NULL)
    {
      _strata_window_ensure_empty_page (self);
      gtk_stack_set_visible_child_name (self->main_stack, "empty");
    }

  escaped = g_markup_escape_text (message, -1);
  toast = adw_toast_new (escaped);
  adw_toast_set_timeout (toast, 10);
  _strata_window_add_urgent_toast (self, toast);
}

static gboolean
strata_window_close_request (GtkWindow *window)
{
  StrataWindow *self = STRATA_WINDOW (window);

  /* Unsaved changes: ask first; the answer closes the window. */
  if (_strata_window_close_needs_asking (self))
    return TRUE;

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
  if (self->breakeven_cancellable != NULL)
    g_cancellable_cancel (self->breakeven_cancellable);
  g_clear_object (&self->breakeven_cancellable);
  _strata_window_dispose_load (self);
  _strata_window_dispose_file (self);
  _strata_window_dispose_recovery (self);
  _strata_window_dispose_lazy (self);
  _strata_window_dispose_chances (self);
  _strata_window_dispose_switches (self);
  _strata_window_dispose_deck (self);
  _strata_window_dispose_roadmap_mc (self);
  if (self->scenario != NULL)
    g_signal_handlers_disconnect_by_data (self->scenario, self);
  _strata_window_dispose_pages (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), STRATA_TYPE_WINDOW);
  _strata_window_forget_pages (self);
  g_clear_object (&self->scenario);

  G_OBJECT_CLASS (strata_window_parent_class)->dispose (object);
}

static void
strata_window_finalize (GObject *object)
{
  StrataWindow *self = (StrataWindow *)object;

  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->compare_checks, g_ptr_array_unref);
  g_clear_pointer (&self->request, strata_scenario_request_unref);
  g_clear_pointer (&self->display_name, g_free);
  g_clear_pointer (&self->wanted_view, g_free);
  g_clear_pointer (&self->last_error, g_free);
  g_clear_pointer (&self->disk_stamp, g_free);
  g_clear_object (&self->file);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);
  g_clear_object (&self->session);

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

    case PROP_OBJECTIVE:
      g_value_set_string (value, strata_objective_to_string (_strata_window_get_objective (self)));
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

    case PROP_OBJECTIVE:
      _strata_window_set_objective (self, g_value_get_string (value));
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

  properties[PROP_OBJECTIVE] =
    g_param_spec_string ("objective", NULL, NULL,
                         "effective",
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
  gtk_widget_class_bind_template_child (widget_class, StrataWindow, main_menu_button);
  gtk_widget_class_bind_template_child (widget_class, StrataWindow, export_menu_button);
  gtk_widget_class_bind_template_child (widget_class, StrataWindow, primary_menu);
  gtk_widget_class_bind_template_child (widget_class, StrataWindow, samples_menu);
  gtk_widget_class_bind_template_child (widget_class, StrataWindow, export_menu);
  gtk_widget_class_bind_template_child (widget_class, StrataWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, StrataWindow, flap);
  gtk_widget_class_bind_template_child (widget_class, StrataWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, StrataWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, StrataWindow, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, StrataWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, StrataWindow, cost_curves_view);
  gtk_widget_class_bind_template_child (widget_class, StrataWindow, roadmap_page);
  gtk_widget_class_bind_template_child (widget_class, StrataWindow, chances_view);
  gtk_widget_class_bind_template_child (widget_class, StrataWindow, chances_status);
  gtk_widget_class_bind_template_child (widget_class, StrataWindow, chances_label);
  gtk_widget_class_bind_template_child (widget_class, StrataWindow, chances_progress);
  gtk_widget_class_bind_template_child (widget_class, StrataWindow, bands_spinner);
  gtk_widget_class_bind_template_child (widget_class, StrataWindow, cost_curves_buttons);
  gtk_widget_class_bind_template_callback_full (widget_class, "on_cost_curves_buttons_map_cb",
                                                G_CALLBACK (_strata_window_cost_curves_buttons_mapped));
  gtk_widget_class_bind_template_child (widget_class, StrataWindow, horizon_caption);
  gtk_widget_class_bind_template_child (widget_class, StrataWindow, horizon_value);
  gtk_widget_class_bind_template_child (widget_class, StrataWindow, horizon_detail);
  gtk_widget_class_bind_template_child (widget_class, StrataWindow, log_y_button);
  gtk_widget_class_bind_template_child (widget_class, StrataWindow, strategy_dropdown);
  gtk_widget_class_bind_template_child (widget_class, StrataWindow, compare_list);
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
  gtk_widget_class_bind_template_child (widget_class, StrataWindow, undo_section);
  gtk_widget_class_bind_template_child (widget_class, StrataWindow, sidebar_stack);
  gtk_widget_class_bind_template_child (widget_class, StrataWindow, inspector_scroller);
  _strata_window_class_init_tooltips (widget_class);
  _strata_window_class_init_pages (widget_class);
  gtk_widget_class_bind_template_callback_full (widget_class, "on_volume_activated_cb",
                                                G_CALLBACK (_strata_window_on_volume_activated));
  gtk_widget_class_bind_template_callback (widget_class, on_view_changed_cb);

  _strata_window_class_init_sidebar (widget_class);
  _strata_window_class_init_actions (widget_class);
  _strata_window_class_init_file (widget_class);
}

/* A menu button's popover is built when it first opens: the first frame
 * needs none of them (issue 15). */
static void
strata_window_init_menus (StrataWindow *self)
{
  _strata_window_lazy_menu_button (self->main_menu_button, self->primary_menu);
  _strata_window_lazy_menu_button (self->export_menu_button, self->export_menu);
}

static void
strata_window_init (StrataWindow *self)
{
  self->rows = g_ptr_array_new ();
  self->compare_checks = g_ptr_array_new ();
  self->cancellable = g_cancellable_new ();
  self->scenario = strata_scenario_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  _strata_window_init_tooltips (self);
  strata_window_init_menus (self);
  _strata_window_init_sidebar (self);

  /* The inspector is made when its page is first shown. */
  _strata_window_init_lazy (self);

  g_signal_connect_object (self->scenario, "changed", G_CALLBACK (on_scenario_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->scenario, "notify::modified", G_CALLBACK (_strata_window_update_titles),
                           self, G_CONNECT_SWAPPED);
  _strata_window_init_recovery (self);

  g_signal_connect_object (self->flap, "notify::reveal-flap",
                           G_CALLBACK (on_reveal_flap_cb), self, G_CONNECT_SWAPPED);
  _strata_focus_guard_attach (GTK_WINDOW (self));

  /* A narrow window shows the dataset's name in its header and the views
   * in the bar at the bottom; a wide one has the sidebar for the name. */
  g_object_bind_property (self->flap, "folded", self->switcher_title, "view-switcher-enabled",
                          G_BINDING_SYNC_CREATE | G_BINDING_INVERT_BOOLEAN);

  /* The status page only shows when even the sample could not be loaded
   * (see _strata_window_show_error(), which makes it); until the first
   * dataset arrives the window shows its frame, not a "No Dataset" flash. */
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
  g_set_object (&self->session, strata_application_get_session (application));
  if (self->settings != NULL)
    {
      gtk_window_set_default_size (GTK_WINDOW (self),
                                   g_settings_get_int (self->settings, "window-width"),
                                   g_settings_get_int (self->settings, "window-height"));
      if (g_settings_get_boolean (self->settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
    }

  _strata_window_init_actions (self);
  _strata_window_init_chances (self);
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
  /* The roadmap needs a horizon: asked for before any dataset is open
   * (strata --view roadmap), it is shown when the dataset has one. */
  if (kind == STRATA_CHART_ROADMAP && !adw_view_stack_page_get_visible (self->roadmap_page))
    {
      if (_strata_window_dataset (self) != NULL)
        return FALSE;
      g_free (self->wanted_view);
      self->wanted_view = g_strdup (view);
      return TRUE;
    }

  adw_view_stack_set_visible_child_name (self->view_stack, view);
  return TRUE;
}

StrataDataset *
_strata_window_get_dataset (StrataWindow *self)
{
  g_return_val_if_fail (STRATA_IS_WINDOW (self), NULL);

  return _strata_window_dataset (self);
}

const guint *
_strata_window_get_choices (StrataWindow *self)
{
  g_return_val_if_fail (STRATA_IS_WINDOW (self), NULL);

  return strata_scenario_get_choices (self->scenario);
}

double
_strata_window_get_volume (StrataWindow *self)
{
  g_return_val_if_fail (STRATA_IS_WINDOW (self), 0);

  return strata_scenario_get_volume (self->scenario);
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
    { "horizon-caption", G_STRUCT_OFFSET (StrataWindow, horizon_caption) },
    { "horizon", G_STRUCT_OFFSET (StrataWindow, horizon_value) },
    { "horizon-detail", G_STRUCT_OFFSET (StrataWindow, horizon_detail) },
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

  return GTK_WIDGET (_strata_window_ensure_view (self, _strata_window_get_view_kind (self)));
}

gboolean
_strata_window_get_sidebar_folded (StrataWindow *self)
{
  g_return_val_if_fail (STRATA_IS_WINDOW (self), FALSE);

  return adw_flap_get_folded (self->flap);
}

StrataScenario *
_strata_window_get_scenario (StrataWindow *self)
{
  g_return_val_if_fail (STRATA_IS_WINDOW (self), NULL);

  return self->scenario;
}

GFile *
_strata_window_get_file (StrataWindow *self)
{
  g_return_val_if_fail (STRATA_IS_WINDOW (self), NULL);

  return self->file;
}

AdwMessageDialog *
_strata_window_get_dialog (StrataWindow *self)
{
  g_return_val_if_fail (STRATA_IS_WINDOW (self), NULL);

  return self->dialog;
}

StrataInspector *
_strata_window_get_inspector (StrataWindow *self)
{
  g_return_val_if_fail (STRATA_IS_WINDOW (self), NULL);

  return _strata_window_ensure_inspector (self);
}

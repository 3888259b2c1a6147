/* strata-export-dialog.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "strata-export-dialog"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "strata-export-dialog-private.h"

/*
 * Export settings (format, size, scale, theme, background), then a save
 * dialog.  The options are kept in GSettings for the next export and for
 * Copy Chart.
 */

struct _StrataExportDialog
{
  AdwWindow        parent_instance;

  /* template children */
  AdwWindowTitle  *window_title;
  AdwComboRow     *format_row;
  AdwComboRow     *size_row;
  AdwActionRow    *width_row;
  AdwActionRow    *height_row;
  GtkSpinButton   *width_spin;
  GtkSpinButton   *height_spin;
  AdwComboRow     *scale_row;
  AdwComboRow     *theme_row;
  GtkSwitch       *transparent_switch;
  GtkSwitch       *title_switch;
  AdwEntryRow     *title_row;
  GtkLabel        *problem_label;
  GtkButton       *export_button;

  /* owned */
  StrataWindow    *window;
  char            *generated_title;  /* (nullable) the model's headline */
};

G_DEFINE_FINAL_TYPE (StrataExportDialog, strata_export_dialog, ADW_TYPE_WINDOW)

static const struct {
  int width;
  int height;
} size_presets[] = {
  { 1920, 1080 },
  { 1600, 1200 },
};

#define CUSTOM_SIZE G_N_ELEMENTS (size_presets)

static void strata_export_dialog_get_options (StrataExportDialog   *self,
                                              StrataExportSettings *options);

/* The charts library's limits (size, pixels, scale), checked as the user
 * types rather than after the save dialog. */
static void
on_options_changed_cb (StrataExportDialog *self)
{
  g_autoptr(GError) error = NULL;
  StrataExportSettings options;
  gboolean ok;

  /* Signals fire while the template is still being built. */
  if (self->problem_label == NULL || self->export_button == NULL || self->format_row == NULL ||
      self->scale_row == NULL || self->theme_row == NULL || self->transparent_switch == NULL ||
      self->width_spin == NULL || self->height_spin == NULL || self->title_switch == NULL ||
      self->title_row == NULL)
    return;

  strata_export_dialog_get_options (self, &options);
  gtk_widget_set_sensitive (GTK_WIDGET (self->title_row), options.action_title);
  ok = strata_chart_check_size (options.format, options.width, options.height, options.scale, &error);
  _strata_export_settings_clear (&options);
  gtk_label_set_label (self->problem_label, ok ? "" : error->message);
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), !ok);
  gtk_widget_set_sensitive (GTK_WIDGET (self->export_button), ok);
}

static void
on_size_changed_cb (StrataExportDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->size_row);
  gboolean custom = selected >= CUSTOM_SIZE;

  if (!custom)
    {
      gtk_spin_button_set_value (self->width_spin, size_presets[selected].width);
      gtk_spin_button_set_value (self->height_spin, size_presets[selected].height);
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->width_row), custom);
  gtk_widget_set_sensitive (GTK_WIDGET (self->height_row), custom);
  on_options_changed_cb (self);
}

static void
on_format_changed_cb (StrataExportDialog *self)
{
  gboolean png = adw_combo_row_get_selected (self->format_row) == STRATA_EXPORT_PNG;
  const char *unit = png ? _("pixels") : _("points");

  /* Vector formats are sized in points and need no scale. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->scale_row), png);
  adw_action_row_set_subtitle (self->width_row, unit);
  adw_action_row_set_subtitle (self->height_row, unit);
  on_options_changed_cb (self);
}

/* The slide theme carries a headline by default, as in strata-cli. */
static void
on_theme_changed_cb (StrataExportDialog *self)
{
  if (self->title_switch == NULL || self->theme_row == NULL)
    return;
  gtk_switch_set_active (self->title_switch, adw_combo_row_get_selected (self->theme_row) == STRATA_THEME_SLIDE);
}

static void
strata_export_dialog_get_options (StrataExportDialog   *self,
                                  StrataExportSettings *options)
{
  const char *title = gtk_editable_get_text (GTK_EDITABLE (self->title_row));

  memset (options, 0, sizeof *options);
  options->format = adw_combo_row_get_selected (self->format_row);
  options->width = gtk_spin_button_get_value_as_int (self->width_spin);
  options->height = gtk_spin_button_get_value_as_int (self->height_spin);
  options->scale = adw_combo_row_get_selected (self->scale_row) == 1 ? 2.0 : 1.0;
  options->theme = adw_combo_row_get_selected (self->theme_row);
  options->transparent = gtk_switch_get_active (self->transparent_switch);
  /* An emptied title means no title; the model's own headline is left
   * to the charts library, which computes it for the exported chart. */
  options->action_title = gtk_switch_get_active (self->title_switch) && title[0] != '\0';
  if (options->action_title && g_strcmp0 (title, self->generated_title) != 0)
    options->title = g_strdup (title);
}

static void
on_export_clicked_cb (StrataExportDialog *self)
{
  g_auto(StrataExportSettings) options = { 0, };
  GSettings *settings;
  GApplication *app = g_application_get_default ();

  strata_export_dialog_get_options (self, &options);
  if (!strata_chart_check_size (options.format, options.width, options.height, options.scale, NULL))
    return;

  settings = STRATA_IS_APPLICATION (app) ? strata_application_get_settings (STRATA_APPLICATION (app)) : NULL;
  _strata_export_settings_save (&options, settings);

  /* Hand over to the save dialog, parented on the main window. */
  _strata_window_choose_export_file (self->window, &options);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
strata_export_dialog_dispose (GObject *object)
{
  StrataExportDialog *self = (StrataExportDialog *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), STRATA_TYPE_EXPORT_DIALOG);
  g_clear_object (&self->window);
  g_clear_pointer (&self->generated_title, g_free);

  G_OBJECT_CLASS (strata_export_dialog_parent_class)->dispose (object);
}

static void
strata_export_dialog_class_init (StrataExportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = strata_export_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/strata-export-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, StrataExportDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, StrataExportDialog, format_row);
  gtk_widget_class_bind_template_child (widget_class, StrataExportDialog, size_row);
  gtk_widget_class_bind_template_child (widget_class, StrataExportDialog, width_row);
  gtk_widget_class_bind_template_child (widget_class, StrataExportDialog, height_row);
  gtk_widget_class_bind_template_child (widget_class, StrataExportDialog, width_spin);
  gtk_widget_class_bind_template_child (widget_class, StrataExportDialog, height_spin);
  gtk_widget_class_bind_template_child (widget_class, StrataExportDialog, scale_row);
  gtk_widget_class_bind_template_child (widget_class, StrataExportDialog, theme_row);
  gtk_widget_class_bind_template_child (widget_class, StrataExportDialog, transparent_switch);
  gtk_widget_class_bind_template_child (widget_class, StrataExportDialog, title_switch);
  gtk_widget_class_bind_template_child (widget_class, StrataExportDialog, title_row);
  gtk_widget_class_bind_template_child (widget_class, StrataExportDialog, problem_label);
  gtk_widget_class_bind_template_child (widget_class, StrataExportDialog, export_button);
  gtk_widget_class_bind_template_callback (widget_class, on_options_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_size_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_format_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_theme_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_export_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
strata_export_dialog_init (StrataExportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWindow *
strata_export_dialog_new (StrataWindow               *window,
                          const StrataExportSettings *options)
{
  StrataChartRequest request;
  StrataExportDialog *self;
  guint size = CUSTOM_SIZE;
  const char *view = NULL;

  g_return_val_if_fail (STRATA_IS_WINDOW (window), NULL);
  g_return_val_if_fail (options != NULL, NULL);

  self = g_object_new (STRATA_TYPE_EXPORT_DIALOG,
                       "transient-for", window,
                       NULL);
  self->window = g_object_ref (window);

  for (guint i = 0; i < G_N_ELEMENTS (size_presets); i++)
    if (size_presets[i].width == options->width && size_presets[i].height == options->height)
      size = i;

  adw_combo_row_set_selected (self->format_row, options->format);
  gtk_spin_button_set_value (self->width_spin, options->width);
  gtk_spin_button_set_value (self->height_spin, options->height);
  adw_combo_row_set_selected (self->size_row, size);
  adw_combo_row_set_selected (self->scale_row, options->scale >= 1.5 ? 1 : 0);
  adw_combo_row_set_selected (self->theme_row, options->theme);
  gtk_switch_set_active (self->transparent_switch, options->transparent);

  /* The headline the model supports for this chart, editable here. */
  _strata_window_build_request (window, &request);
  if (request.dataset != NULL)
    self->generated_title = strata_chart_action_title (_strata_window_get_view_kind (window), &request);
  gtk_editable_set_text (GTK_EDITABLE (self->title_row),
                         options->title != NULL ? options->title :
                         self->generated_title != NULL ? self->generated_title : "");
  gtk_switch_set_active (self->title_switch, options->action_title);
  on_size_changed_cb (self);
  on_format_changed_cb (self);

  switch (_strata_window_get_view_kind (window))
    {
    case STRATA_CHART_COST_CURVES:
      view = _("Cost Curves");
      break;
    case STRATA_CHART_VALUE_CHAIN:
      view = _("Value Chain");
      break;
    case STRATA_CHART_COMPARE:
      view = _("Compare");
      break;
    case STRATA_CHART_LADDER:
      view = _("Ladder");
      break;
    case STRATA_CHART_TORNADO:
      view = _("Uncertainty");
      break;
    case STRATA_CHART_ROADMAP:
      view = _("Roadmap");
      break;
    case STRATA_CHART_CHANCES:
      view = _("Chances");
      break;
    default:
      break;
    }
  adw_window_title_set_subtitle (self->window_title, view);

  return GTK_WINDOW (self);
}

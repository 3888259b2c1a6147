/* strata-export-dialog.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "strata-export-dialog"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "strata-chart-render-private.h"
#include "strata-export-dialog-private.h"

/*
 * Export settings (format, size, scale, theme, background, action title)
 * with a live preview of the page they give, then a save dialog.  The
 * options are kept in GSettings for the next export.
 *
 * The preview is the exported page itself: strata_chart_draw_page() with
 * the same request and options at the same page size, only rasterised at
 * a lower density (PREVIEW_PIXELS across at most).  It is drawn in a
 * worker thread on a copy of the request, so typing a title or a size
 * never waits for the model (a ladder, break-evens) on the main thread.
 */

/* Pixels across of the preview image: the picture is about 440 px wide,
 * twice that stays sharp on a HiDPI screen. */
#define PREVIEW_PIXELS 880

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
  GtkPicture      *preview_picture;
  GtkWidget       *preview_spinner;

  /* owned */
  StrataWindow    *window;
  char            *generated_title;  /* (nullable) the model's headline */
  GCancellable    *preview_cancellable;
  GdkTexture      *preview;          /* (nullable) the page for preview_serial */
  guint            serial;           /* bumped whenever the options change */
  guint            preview_serial;   /* the options the preview shows */
  gboolean         previewing;       /* a worker is drawing (at most one) */
  gboolean         ready;            /* set up: the options are the caller's */
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
static void strata_export_dialog_update_preview (StrataExportDialog *self);

/* Preview */

typedef struct
{
  RenderData          *render;   /* the request, copied; width x height is the page */
  StrataExportOptions  options;  /* title owned */
  guint                serial;
} PreviewJob;

static void
preview_job_free (gpointer data)
{
  PreviewJob *job = data;

  g_clear_pointer (&job->render, _strata_render_data_free);
  g_free ((char *) job->options.title);
  g_free (job);
}

double
_strata_export_preview_scale (int width,
                              int height)
{
  return MIN (1.0, (double) PREVIEW_PIXELS / MAX (width, height));
}

static void
preview_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  PreviewJob *job = task_data;
  double scale = _strata_export_preview_scale (job->options.width, job->options.height);
  cairo_surface_t *surface;
  GdkTexture *texture;
  GBytes *bytes;
  cairo_t *cr;

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                        (int) ceil (job->options.width * scale - 1e-9),
                                        (int) ceil (job->options.height * scale - 1e-9));
  cr = cairo_create (surface);
  cairo_scale (cr, scale, scale);
  strata_chart_draw_page (job->render->kind, &job->render->request, &job->options, cr,
                          job->options.width, job->options.height);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED, "cairo: %s",
                               cairo_status_to_string (cairo_surface_status (surface)));
      cairo_surface_destroy (surface);
      return;
    }

  /* ARGB32 premultiplied in native order is what GDK_MEMORY_DEFAULT means. */
  bytes = g_bytes_new_with_free_func (cairo_image_surface_get_data (surface),
                                      (gsize) cairo_image_surface_get_stride (surface) *
                                      cairo_image_surface_get_height (surface),
                                      (GDestroyNotify) cairo_surface_destroy, surface);
  texture = gdk_memory_texture_new (cairo_image_surface_get_width (surface),
                                    cairo_image_surface_get_height (surface),
                                    GDK_MEMORY_DEFAULT, bytes,
                                    cairo_image_surface_get_stride (surface));
  g_bytes_unref (bytes);
  g_task_return_pointer (task, texture, g_object_unref);
}

static void
preview_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  /* A weak reference: the dialog may be closed (and its window gone)
   * while the worker draws; it must not outlive them, nor be finalized
   * in the worker thread. */
  GWeakRef *weak = user_data;
  g_autoptr(StrataExportDialog) self = g_weak_ref_get (weak);
  PreviewJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  g_weak_ref_clear (weak);
  g_free (weak);
  texture = g_task_propagate_pointer (G_TASK (result), &error);
  if (self == NULL)
    return;
  self->previewing = FALSE;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->preview_picture == NULL)
    return;
  if (texture == NULL)
    g_warning ("could not draw the export preview: %s", error->message);

  g_set_object (&self->preview, texture);
  self->preview_serial = job->serial;
  gtk_picture_set_paintable (self->preview_picture, GDK_PAINTABLE (self->preview));

  /* The options changed while it was drawn: draw again. */
  if (self->preview_serial != self->serial)
    strata_export_dialog_update_preview (self);
  else
    gtk_widget_set_visible (self->preview_spinner, FALSE);
}

static void
strata_export_dialog_update_preview (StrataExportDialog *self)
{
  g_autoptr(GTask) task = NULL;
  g_auto(StrataExportSettings) settings = { 0, };
  StrataChartRequest request;
  StrataChartMc *mc = NULL;
  PreviewJob *job;
  GWeakRef *weak;

  if (!self->ready || self->previewing || self->window == NULL || self->preview_serial == self->serial)
    return;

  _strata_window_build_request (self->window, &request);
  strata_export_dialog_get_options (self, &settings);
  if (request.dataset == NULL ||
      !strata_chart_check_size (settings.format, settings.width, settings.height, settings.scale, NULL))
    return;

  request.theme = settings.theme;
  request.transparent = settings.transparent;
  /* The Monte Carlo behind the Chances view (or the bands), shared; on
   * the Roadmap, the horizon's run its view shades (what Save writes). */
  if (_strata_window_get_view_kind (self->window) == STRATA_CHART_ROADMAP)
    mc = self->window->roadmap_box;
  else if (request.monte_carlo != NULL)
    mc = _strata_chart_view_get_monte_carlo (self->window->chances_view);

  job = g_new0 (PreviewJob, 1);
  job->serial = self->serial;
  job->render = _strata_render_data_new (_strata_window_get_view_kind (self->window), &request, mc,
                                         settings.width, settings.height, 1, self->serial);
  _strata_export_settings_to_options (&settings, &job->options);
  job->options.title = g_strdup (job->options.title);

  if (self->preview_cancellable == NULL)
    self->preview_cancellable = g_cancellable_new ();
  self->previewing = TRUE;
  gtk_widget_set_visible (self->preview_spinner, TRUE);
  weak = g_new0 (GWeakRef, 1);
  g_weak_ref_init (weak, self);
  task = g_task_new (NULL, self->preview_cancellable, preview_done_cb, weak);
  g_task_set_task_data (task, job, preview_job_free);
  g_task_run_in_thread (task, preview_thread);
}

GdkTexture *
_strata_export_dialog_get_preview (StrataExportDialog *self)
{
  g_return_val_if_fail (STRATA_IS_EXPORT_DIALOG (self), NULL);

  return self->preview_serial == self->serial ? self->preview : NULL;
}

void
_strata_export_dialog_dup_settings (StrataExportDialog   *self,
                                    StrataExportSettings *settings)
{
  g_return_if_fail (STRATA_IS_EXPORT_DIALOG (self));

  strata_export_dialog_get_options (self, settings);
}

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
  self->serial++;
  strata_export_dialog_update_preview (self);
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
  on_options_changed_cb (self);
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

  g_cancellable_cancel (self->preview_cancellable);
  g_clear_object (&self->preview_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), STRATA_TYPE_EXPORT_DIALOG);
  self->preview_picture = NULL;
  g_clear_object (&self->preview);
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
  gtk_widget_class_bind_template_child (widget_class, StrataExportDialog, preview_picture);
  gtk_widget_class_bind_template_child (widget_class, StrataExportDialog, preview_spinner);
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

void
_strata_export_dialog_set_settings (StrataExportDialog         *self,
                                    const StrataExportSettings *options)
{
  guint size = CUSTOM_SIZE;

  g_return_if_fail (STRATA_IS_EXPORT_DIALOG (self));
  g_return_if_fail (options != NULL);

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

  gtk_editable_set_text (GTK_EDITABLE (self->title_row),
                         options->title != NULL ? options->title :
                         self->generated_title != NULL ? self->generated_title : "");
  gtk_switch_set_active (self->title_switch, options->action_title);
  on_size_changed_cb (self);
  on_format_changed_cb (self);
}

GtkWindow *
strata_export_dialog_new (StrataWindow               *window,
                          const StrataExportSettings *options)
{
  StrataChartRequest request;
  StrataExportDialog *self;
  const char *view = NULL;

  g_return_val_if_fail (STRATA_IS_WINDOW (window), NULL);
  g_return_val_if_fail (options != NULL, NULL);

  self = g_object_new (STRATA_TYPE_EXPORT_DIALOG,
                       "transient-for", window,
                       NULL);
  self->window = g_object_ref (window);

  /* The headline the model supports for this chart, editable here. */
  _strata_window_build_request (window, &request);
  if (request.dataset != NULL)
    self->generated_title = strata_chart_action_title (_strata_window_get_view_kind (window), &request);
  _strata_export_dialog_set_settings (self, options);

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
    case STRATA_CHART_SWITCHPOINTS:
      view = _("Switch points");
      break;
    default:
      break;
    }
  adw_window_title_set_subtitle (self->window_title, view);

  self->ready = TRUE;
  on_options_changed_cb (self);
  return GTK_WINDOW (self);
}

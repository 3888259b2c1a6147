/* strata-window-export.c: the deck, the data behind the chart, printing
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "strata-window"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "strata/strata-export.h"
#include "strata/strata-file.h"

#include "strata-file-chooser.h"
#include "strata-window-private.h"

/*
 * What a strategist takes to a meeting, through the charts library that
 * strata-cli uses too: Export Deck (every view as one 16:9 PDF in the
 * slide theme), Copy Data and Export Data (the CSV of the series the chart
 * on screen draws, with units) and Print (the chart on screen, or the
 * deck, through GtkPrintOperation: strata-window-deck.c draws its pages).
 */

char *
_strata_window_suggest_name (StrataWindow *self,
                             const char   *suffix,
                             const char   *extension)
{
  const char *display_name = self->display_name;
  g_autofree char *stem = g_strdup (display_name != NULL ? display_name : "chart");

  if (g_str_has_suffix (stem, ".strata.json"))
    stem[strlen (stem) - strlen (".strata.json")] = '\0';
  else if (g_str_has_suffix (stem, ".json"))
    stem[strlen (stem) - strlen (".json")] = '\0';
  return g_strdup_printf ("%s%s%s.%s", stem, suffix[0] != '\0' ? "-" : "", suffix, extension);
}

char *
_strata_window_dup_data_csv (StrataWindow *self)
{
  StrataChartRequest request;

  g_return_val_if_fail (STRATA_IS_WINDOW (self), NULL);

  _strata_window_build_export_request (self, &request);
  if (request.dataset == NULL)
    return NULL;
  return strata_chart_data_csv (_strata_window_get_view_kind (self), &request);
}

gboolean
_strata_window_export_data (StrataWindow  *self,
                            const char    *filename,
                            GError       **error)
{
  g_autofree char *csv = NULL;

  g_return_val_if_fail (STRATA_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (filename != NULL, FALSE);

  csv = _strata_window_dup_data_csv (self);
  if (csv == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("No dataset is open"));
      return FALSE;
    }
  return strata_file_write_full (filename, csv, strlen (csv), STRATA_FILE_WRITE_ATOMIC, error);
}

/* What the views on screen show, for a file, the clipboard or the
 * printer: the window's request with the Roadmap view's band (the
 * horizon's Monte Carlo the window holds, once it has run), so that an
 * exported, copied or printed roadmap and a deck's roadmap page shade
 * the P10-P90 and give P(savings > 0) as the view does.  Only used at
 * once, on the main thread: the band lives as long as the window. */
void
_strata_window_build_export_request (StrataWindow       *self,
                                     StrataChartRequest *request)
{
  _strata_window_build_request (self, request);
  request->roadmap_monte_carlo = _strata_window_get_roadmap_band (self);
}

/* What the view on screen shows, or an error when no dataset is open. */
static gboolean
build_request (StrataWindow        *self,
               StrataChartRequest  *request,
               GError             **error)
{
  _strata_window_build_export_request (self, request);
  if (request->dataset != NULL)
    return TRUE;
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("No dataset is open"));
  return FALSE;
}

gboolean
_strata_window_export_deck (StrataWindow  *self,
                            const char    *filename,
                            GError       **error)
{
  g_return_val_if_fail (STRATA_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (filename != NULL, FALSE);

  return _strata_window_start_deck (self, STRATA_EXPORT_PDF, filename, error);
}

gboolean
_strata_window_export_deck_dir (StrataWindow        *self,
                                StrataExportFormat   format,
                                const char          *dirname,
                                GError             **error)
{
  g_return_val_if_fail (STRATA_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (format == STRATA_EXPORT_PNG || format == STRATA_EXPORT_SVG, FALSE);
  g_return_val_if_fail (dirname != NULL, FALSE);

  /* What strata-cli export --deck --format png|svg -o DIR writes:
   * 01-cost-curves.png and 01-cost-curves.csv, ..., then the sources. */
  return _strata_window_start_deck (self, format, dirname, error);
}

static gboolean
strata_window_export_deck_png (StrataWindow  *self,
                               const char    *dirname,
                               GError       **error)
{
  return _strata_window_export_deck_dir (self, STRATA_EXPORT_PNG, dirname, error);
}

static gboolean
strata_window_export_deck_svg (StrataWindow  *self,
                               const char    *dirname,
                               GError       **error)
{
  return _strata_window_export_deck_dir (self, STRATA_EXPORT_SVG, dirname, error);
}

/* Copy Chart: the chart as it looks on screen (theme, proportions), not
 * the export dialog's last settings; opaque, so that a dark chart pasted
 * onto a white slide stays readable. */
#define COPY_SCALE          2
#define COPY_DEFAULT_WIDTH  1280
#define COPY_DEFAULT_HEIGHT 720

GdkTexture *
_strata_window_render_copy (StrataWindow  *self,
                            GError       **error)
{
  GtkWidget *view;
  StrataChartRequest request;
  g_autoptr(GBytes) png = NULL;
  int width, height;

  g_return_val_if_fail (STRATA_IS_WINDOW (self), NULL);

  if (!build_request (self, &request, error))
    return NULL;

  view = _strata_window_get_chart_view (self);
  width = gtk_widget_get_width (view);
  height = gtk_widget_get_height (view);
  /* A view not laid out yet (or squeezed to nothing): a 16:9 default. */
  if (width < 4 * STRATA_CHART_MIN_SIZE || height < 4 * STRATA_CHART_MIN_SIZE)
    {
      width = COPY_DEFAULT_WIDTH;
      height = COPY_DEFAULT_HEIGHT;
    }
  request.theme = strata_chart_view_get_theme (STRATA_CHART_VIEW (view));
  request.transparent = FALSE;

  /* Twice the pixels of the screen, so the paste stays sharp on a slide. */
  png = strata_chart_render_png (_strata_window_get_view_kind (self), &request,
                                 width, height, COPY_SCALE, error);
  if (png == NULL)
    return NULL;
  return gdk_texture_new_from_bytes (png, error);
}

gboolean
_strata_window_export_to_file (StrataWindow               *self,
                               const StrataExportSettings *options,
                               const char                 *filename,
                               GError                    **error)
{
  StrataChartRequest request;
  StrataExportOptions export_options;

  g_return_val_if_fail (STRATA_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (filename != NULL, FALSE);

  if (_strata_window_dataset (self) == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("No dataset is open"));
      return FALSE;
    }

  _strata_window_build_export_request (self, &request);
  request.theme = options->theme;
  request.transparent = options->transparent;

  _strata_export_settings_to_options (options, &export_options);
  return strata_chart_export_full (_strata_window_get_view_kind (self), &request,
                                   &export_options, filename, error);
}

/* Actions */

static void
strata_window_copy_chart_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *param)
{
  StrataWindow *self = STRATA_WINDOW (widget);
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  if (_strata_window_dataset (self) == NULL)
    return;

  texture = _strata_window_render_copy (self, &error);
  if (texture == NULL)
    {
      _strata_window_show_error (self, error->message);
      return;
    }

  gdk_clipboard_set_texture (gtk_widget_get_clipboard (widget), texture);
  _strata_window_show_toast (self, _("Chart copied to the clipboard"));
}

static void
strata_window_copy_data_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *param)
{
  StrataWindow *self = STRATA_WINDOW (widget);
  g_autofree char *csv = _strata_window_dup_data_csv (self);
  g_autoptr(GdkContentProvider) provider = NULL;
  GdkContentProvider *providers[2];
  GBytes *bytes;

  if (csv == NULL)
    return;

  /* text/csv for spreadsheets, plain text for everything else. */
  bytes = g_bytes_new (csv, strlen (csv));
  providers[0] = gdk_content_provider_new_for_bytes ("text/csv", bytes);
  providers[1] = gdk_content_provider_new_typed (G_TYPE_STRING, csv);
  provider = gdk_content_provider_new_union (providers, G_N_ELEMENTS (providers));
  g_bytes_unref (bytes);

  gdk_clipboard_set_content (gtk_widget_get_clipboard (widget), provider);
  _strata_window_show_toast (self, _("Chart data copied to the clipboard"));
}

static void
strata_window_export_data_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *param)
{
  StrataWindow *self = STRATA_WINDOW (widget);
  const char *kind = strata_chart_kind_to_string (_strata_window_get_view_kind (self));
  g_autofree char *name = _strata_window_suggest_name (self, kind, "csv");

  _strata_window_run_write_dialog (_strata_window_write_new (self, _strata_window_export_data, NULL),
                                   _("Export Chart Data"),
                                   _strata_window_new_filter (_("CSV Spreadsheets"), "*.csv", "text/csv"),
                                   name);
}

static void
strata_window_export_deck_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *param)
{
  StrataWindow *self = STRATA_WINDOW (widget);
  g_autofree char *name = _strata_window_suggest_name (self, "deck", "pdf");

  _strata_window_run_write_dialog (_strata_window_write_new_started (self, _strata_window_export_deck),
                                   _("Export Deck"),
                                   _strata_window_new_filter (_("PDF Documents"), "*.pdf", "application/pdf"),
                                   name);
}

/* A deck as a folder of numbered PNG or SVG files with their CSVs: the
 * save dialog names the folder, created when missing. */
static void
strata_window_export_deck_folder_action (GtkWidget  *widget,
                                         const char *action_name,
                                         GVariant   *param)
{
  StrataWindow *self = STRATA_WINDOW (widget);
  gboolean svg = g_str_equal (g_variant_get_string (param, NULL), "svg");
  g_autofree char *name = _strata_window_suggest_name (self, "deck", svg ? "svg" : "png");

  /* "ai-cloud-stack-deck.png" names a folder: no extension. */
  name[strlen (name) - strlen (".png")] = '\0';
  _strata_window_run_write_dialog (_strata_window_write_new_started (self, svg ? strata_window_export_deck_svg
                                                                             : strata_window_export_deck_png),
                                   svg ? _("Export Deck as SVG Files") : _("Export Deck as PNG Files"),
                                   NULL, name);
}

/* Straight to a path, no dialog: for scripting and the tests.  A deck
 * goes to a PDF, or with a name not ending in .pdf or .svg, to a folder
 * of PNG files; "…-svg" folders get SVG files. */
static void
strata_window_save_to_file_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *param)
{
  const char *path = g_variant_get_string (param, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  StrataWindowWriter write;
  StrataWindowWrite *data;

  if (g_str_equal (action_name, "win.export-data-to-file"))
    write = _strata_window_export_data;
  else if (g_str_equal (action_name, "win.export-deck-to-folder"))
    write = strata_window_export_deck_png;
  else if (g_str_equal (action_name, "win.export-deck-to-svg-folder"))
    write = strata_window_export_deck_svg;
  else
    write = _strata_window_export_deck;
  data = write == _strata_window_export_data ? _strata_window_write_new (STRATA_WINDOW (widget), write, NULL)
                                             : _strata_window_write_new_started (STRATA_WINDOW (widget), write);
  _strata_window_write_chosen (data, file);
  _strata_window_write_free (data);
}

static void
strata_window_print_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *param)
{
  _strata_window_start_print (STRATA_WINDOW (widget), g_str_equal (action_name, "win.print-deck"), NULL, NULL);
}

void
_strata_window_update_export_actions (StrataWindow *self)
{
  static const char *const actions[] = {
    "win.copy-chart", "win.copy-data", "win.export-data", "win.export-data-to-file",
    "win.export-deck", "win.export-deck-to-file", "win.export-deck-folder",
    "win.export-deck-to-folder", "win.export-deck-to-svg-folder", "win.print", "win.print-deck",
  };
  StrataChartRequest request;

  _strata_window_build_request (self, &request);
  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), actions[i], request.dataset != NULL);
}

void
_strata_window_class_init_export (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.copy-chart", NULL, strata_window_copy_chart_action);
  gtk_widget_class_install_action (widget_class, "win.copy-data", NULL, strata_window_copy_data_action);
  gtk_widget_class_install_action (widget_class, "win.export-data", NULL, strata_window_export_data_action);
  gtk_widget_class_install_action (widget_class, "win.export-data-to-file", "s",
                                   strata_window_save_to_file_action);
  gtk_widget_class_install_action (widget_class, "win.export-deck", NULL, strata_window_export_deck_action);
  gtk_widget_class_install_action (widget_class, "win.export-deck-to-file", "s",
                                   strata_window_save_to_file_action);
  gtk_widget_class_install_action (widget_class, "win.export-deck-folder", "s",
                                   strata_window_export_deck_folder_action);
  gtk_widget_class_install_action (widget_class, "win.export-deck-to-folder", "s",
                                   strata_window_save_to_file_action);
  gtk_widget_class_install_action (widget_class, "win.export-deck-to-svg-folder", "s",
                                   strata_window_save_to_file_action);
  gtk_widget_class_install_action (widget_class, "win.print", NULL, strata_window_print_action);
  gtk_widget_class_install_action (widget_class, "win.print-deck", NULL, strata_window_print_action);
}

/* strata-window-export-private.h: what the window writes for slides
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "strata/strata-export.h"

#include "strata-window.h"

G_BEGIN_DECLS

/* The export dialog's settings (kept in GSettings for the next export):
 * the charts library's StrataExportOptions plus the look of the chart. */
typedef struct
{
  StrataExportFormat format;
  int                width;
  int                height;
  double             scale;
  StrataTheme        theme;
  gboolean           transparent;
  gboolean           action_title;  /* a headline above the chart */
  char              *title;         /* (owned) (nullable) the edited headline; NULL: generated */
} StrataExportSettings;

/* Defaults when @settings is NULL; the title is never stored. */
void      _strata_export_settings_load   (StrataExportSettings       *export_settings,
                                          GSettings                  *settings);
void      _strata_export_settings_save   (const StrataExportSettings *export_settings,
                                          GSettings                  *settings);
void      _strata_export_settings_copy   (const StrataExportSettings *src,
                                          StrataExportSettings       *dest);
void      _strata_export_settings_clear  (StrataExportSettings       *export_settings);
/* The charts library's options for @export_settings (the title borrowed). */
void      _strata_export_settings_to_options (const StrataExportSettings *export_settings,
                                              StrataExportOptions        *options);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (StrataExportSettings, _strata_export_settings_clear)

/* strata-window-dialogs.c: the file dialogs */
/* Writes one export to @filename. */
typedef gboolean (*StrataWindowWriter) (StrataWindow               *self,
                                        const char                 *filename,
                                        GError                    **error);
/* One export on its way to a file: @write, or (@write NULL) the chart on
 * screen with @chart's settings. */
typedef struct _StrataWindowWrite StrataWindowWrite;

StrataWindowWrite *_strata_window_write_new (StrataWindow               *self,
                                             StrataWindowWriter          write,
                                             const StrataExportSettings *chart);
/* The same for a writer that only starts the export (a deck, drawn in a
 * worker), which then says itself when the file is written, or why not. */
StrataWindowWrite *_strata_window_write_new_started (StrataWindow       *self,
                                                     StrataWindowWriter  start);
void      _strata_window_write_free         (StrataWindowWrite          *data);
/* Writes @file, remembers its folder, says so in a toast (or why not). */
void      _strata_window_write_chosen       (StrataWindowWrite          *data,
                                             GFile                      *file);
/* The save dialog for @data (taken), then _strata_window_write_chosen();
 * @filter (nullable) is taken too. */
void      _strata_window_run_write_dialog   (StrataWindowWrite          *data,
                                             const char                 *title,
                                             GtkFileFilter              *filter,
                                             const char                 *name);
void      _strata_window_choose_export_file (StrataWindow               *self,
                                             const StrataExportSettings *export_settings);
/* A filter of one pattern and (nullable) one MIME type. */
GtkFileFilter *_strata_window_new_filter    (const char                 *name,
                                             const char                 *pattern,
                                             const char                 *mime_type);
void      _strata_window_run_open_dialog    (StrataWindow               *self);

/* strata-window-export.c: the chart, the deck, the data behind the chart, printing */
gboolean  _strata_window_export_to_file     (StrataWindow               *self,
                                             const StrataExportSettings *export_settings,
                                             const char                 *filename,
                                             GError                    **error);
void      _strata_window_class_init_export  (GtkWidgetClass             *widget_class);
void      _strata_window_update_export_actions (StrataWindow            *self);
/* The CSV of the chart on screen (what `strata-cli export --data` writes
 * for the same strategies and volume). */
char     *_strata_window_dup_data_csv       (StrataWindow               *self);
/* "ai-cloud-stack-cost-curves.png": the dataset's file name without its
 * extension, then @suffix (may be empty) and the extension. */
char     *_strata_window_suggest_name       (StrataWindow               *self,
                                             const char                 *suffix,
                                             const char                 *extension);
/* Every view of the current scenario, slide theme, one 16:9 PDF, drawn
 * in a worker (strata-window-deck.c): FALSE with @error only when no
 * dataset is open; a toast says when it is written, or why not. */
gboolean  _strata_window_export_deck        (StrataWindow               *self,
                                             const char                 *filename,
                                             GError                    **error);
/* The deck as a folder (created if missing) of 01-cost-curves.png (or
 * .svg) and 01-cost-curves.csv ... NN-sources.png: what strata-cli
 * export --deck --format png|svg -o DIR writes; in a worker, as above. */
gboolean  _strata_window_export_deck_dir    (StrataWindow               *self,
                                             StrataExportFormat          format,
                                             const char                 *dirname,
                                             GError                    **error);
/* strata-window-deck.c: starts drawing a deck (PDF, or a folder of PNG
 * or SVG slides); whether one (or a print) is still being drawn (for the
 * tests). */
gboolean  _strata_window_start_deck         (StrataWindow               *self,
                                             StrataExportFormat          format,
                                             const char                 *path,
                                             GError                    **error);
gboolean  _strata_window_is_exporting_deck  (StrataWindow               *self);
/* Tests: while held, a deck job waits before it starts drawing, so that
 * what comes while one runs is sure to come however quick it is. */
void      _strata_window_hold_decks         (gboolean                    hold);
void      _strata_window_dispose_deck       (StrataWindow               *self);
/* What Copy Chart puts on the clipboard: the chart on screen in its
 * theme (light or dark) at twice the view's size (1280x720 before the
 * view has one), opaque, with the source line and no action title. */
GdkTexture *_strata_window_render_copy      (StrataWindow               *self,
                                             GError                    **error);
gboolean  _strata_window_export_data        (StrataWindow               *self,
                                             const char                 *filename,
                                             GError                    **error);
/* strata-window-deck.c: Print (the chart on screen) or, with @deck,
 * Print Deck: the pages are drawn in a worker, then the print dialog
 * opens on them; with @pdf (the tests), GtkPrintOperation's export path
 * writes what it would send to a printer there, without the dialog
 * (done when _strata_window_is_exporting_deck () is FALSE).  FALSE with
 * @error only when no dataset is open. */
gboolean  _strata_window_start_print        (StrataWindow               *self,
                                             gboolean                    deck,
                                             const char                 *pdf,
                                             GError                    **error);

G_END_DECLS

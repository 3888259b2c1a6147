/* strata-export-dialog-private.h
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "strata-window-private.h"

G_BEGIN_DECLS

#define STRATA_TYPE_EXPORT_DIALOG (strata_export_dialog_get_type ())

G_DECLARE_FINAL_TYPE (StrataExportDialog, strata_export_dialog, STRATA, EXPORT_DIALOG, AdwWindow)

GtkWindow  *strata_export_dialog_new            (StrataWindow               *window,
                                                const StrataExportSettings *options);

/* The preview of the options now chosen: the exported page drawn at
 * _strata_export_preview_scale() of its size; NULL while it is being
 * drawn (or when the options are out of range). */
GdkTexture *_strata_export_dialog_get_preview   (StrataExportDialog         *self);
/* The options now chosen (clear with _strata_export_settings_clear). */
void        _strata_export_dialog_dup_settings  (StrataExportDialog         *self,
                                                 StrataExportSettings       *settings);
/* Chooses @settings in the dialog's rows (the preview follows). */
void        _strata_export_dialog_set_settings  (StrataExportDialog         *self,
                                                 const StrataExportSettings *settings);
/* Pixels per point of the preview of a @width x @height page. */
double      _strata_export_preview_scale        (int                         width,
                                                 int                         height);

G_END_DECLS

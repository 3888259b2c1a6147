/* strata-layer-row-private.h
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "strata/strata-dataset.h"

G_BEGIN_DECLS

#define STRATA_TYPE_LAYER_ROW (strata_layer_row_get_type ())

G_DECLARE_FINAL_TYPE (StrataLayerRow, strata_layer_row, STRATA, LAYER_ROW, GtkListBoxRow)

/* @layer is borrowed: the dataset must outlive the row. */
GtkWidget *strata_layer_row_new        (const StrataLayer *layer,
                                        guint              index);
guint      strata_layer_row_get_index  (StrataLayerRow    *self);
void       strata_layer_row_set_choice (StrataLayerRow    *self,
                                        guint              option);

/* A list item factory for GtkStringList drop-downs whose labels ellipsize,
 * so a long option name cannot widen the sidebar. */
GtkListItemFactory *_strata_ellipsizing_factory_new (void);

G_END_DECLS

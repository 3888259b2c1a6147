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

G_DECLARE_FINAL_TYPE (StrataLayerRow, strata_layer_row, STRATA, LAYER_ROW, GtkBox)

/* A row shows no layer until it is bound to one. */
GtkWidget         *strata_layer_row_new        (void);
/* Shows @layer, the @index-th of its dataset, with @choice chosen.
 * @layer is borrowed: unbind the row before its dataset goes. */
void               strata_layer_row_bind       (StrataLayerRow    *self,
                                                const StrataLayer *layer,
                                                guint              index,
                                                guint              choice);
void               strata_layer_row_unbind     (StrataLayerRow    *self);
/* The layer shown, NULL when unbound. */
const StrataLayer *strata_layer_row_get_layer  (StrataLayerRow    *self);
guint              strata_layer_row_get_index  (StrataLayerRow    *self);
void               strata_layer_row_set_choice (StrataLayerRow    *self,
                                                guint              option);

/* For the tests: the button that shows the chosen option and opens the
 * list of those of its mode, and that list (NULL until first opened). */
GtkMenuButton     *_strata_layer_row_get_option_button (StrataLayerRow *self);
GtkListView       *_strata_layer_row_get_option_list   (StrataLayerRow *self);

/* A list item factory for GtkStringList drop-downs whose labels ellipsize,
 * so a long option name cannot widen the sidebar. */
GtkListItemFactory *_strata_ellipsizing_factory_new (void);

/* Whether @shown (nullable) and @names are string lists of the same
 * strings: a drop-down's model is replaced only when its names change. */
gboolean            _strata_string_lists_equal      (GListModel *shown,
                                                     GListModel *names);

G_END_DECLS

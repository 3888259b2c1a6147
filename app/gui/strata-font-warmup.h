/* strata-font-warmup.h
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The fonts of @window's labels loaded in a worker until @window is
 * realized, then given to it as its font map (issue 15); for the
 * application's first window, whose font map later windows share. */
void _strata_font_warmup_start (GtkWidget *window);

G_END_DECLS

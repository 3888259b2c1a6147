/* strata-glyph-warmup.h
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void _strata_glyph_warmup_attach (GtkWindow *window);

G_END_DECLS

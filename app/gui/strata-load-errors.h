/* strata-load-errors.h
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

GPtrArray *_strata_load_errors_describe (const char   *path,
                                         const GError *error);
GtkWindow *_strata_load_errors_present  (GtkWindow    *parent,
                                         const char   *path,
                                         const GError *error);

G_END_DECLS
